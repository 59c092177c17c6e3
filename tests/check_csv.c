/* SPDX-License-Identifier: MIT */
/* CSV load and save: round trips, atomic failure with precise errors,
 * lenient loading. */
#include "testutil.h"

#define HEADER "id,source,outcome,low,high,best,period_start,period_end,quote\n"
#define BUNDLED EXAMPLE_DATA_DIR "/syria-2025-03.csv"

static cas_ledger *prefilled(void)
{
    cas_ledger *l = NULL;
    cas_claim c = tu_claim("existing", "SOHR", 5, 5);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    return l;
}

START_TEST(bundled_loads_and_round_trips_bytes)
{
    cas_ledger *l = NULL, *l2 = NULL;
    cas_error e;
    size_t len, outlen;
    char *file = tu_read_file(BUNDLED, &len), *out = NULL, *out2 = NULL;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    cas_error_init(&e);
    ck_assert_msg(cas_csv_load(l, BUNDLED, &e) == CAS_OK, "%s", e.message);
    ck_assert_uint_eq(cas_ledger_count(l), 27);
    ck_assert_int_eq(cas_csv_save_string(&out, &outlen, l, &e), CAS_OK);
    ck_assert_uint_eq(outlen, len);
    ck_assert_str_eq(out, file);
    /* And once more through a file. */
    ck_assert_int_eq(cas_ledger_new(&l2), CAS_OK);
    ck_assert_int_eq(cas_csv_load_buffer(l2, out, outlen, "mem", &e), CAS_OK);
    ck_assert_int_eq(cas_csv_save_string(&out2, NULL, l2, &e), CAS_OK);
    ck_assert_str_eq(out2, file);
    cas_free(out);
    cas_free(out2);
    free(file);
    cas_ledger_free(l);
    cas_ledger_free(l2);
}
END_TEST

START_TEST(bundled_claims_have_their_figures)
{
    cas_ledger *l = NULL;
    cas_claim c;
    size_t i;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_int_eq(cas_csv_load(l, BUNDLED, NULL), CAS_OK);
    cas_claim_init(&c);
    ck_assert_int_eq(cas_ledger_find(l, "syria-004", &i), CAS_OK);
    ck_assert_int_eq(cas_ledger_get(l, i, &c), CAS_OK);
    ck_assert_str_eq(c.source, "SOHR");
    ck_assert_int_eq(c.low, 1700);
    ck_assert_int_eq(c.high, 1700);
    ck_assert_str_eq(c.scope.group, "civilians");
    ck_assert_str_eq(c.citation, "Wikipedia: March 2025 Western Syria clashes");
    ck_assert_int_eq(cas_ledger_find(l, "syria-001", &i), CAS_OK);
    ck_assert_int_eq(cas_ledger_get(l, i, &c), CAS_OK);
    ck_assert_int_eq(c.low, 315);
    ck_assert_int_eq(c.high, CAS_OPEN);
    ck_assert_int_eq(c.qualifier, CAS_QUAL_AT_LEAST);
    ck_assert_int_eq(cas_ledger_find(l, "syria-008", &i), CAS_OK);
    ck_assert_int_eq(cas_ledger_get(l, i, &c), CAS_OK);
    ck_assert_int_eq(c.low, 360); /* nearly 400 */
    ck_assert_int_eq(c.high, 399);
    cas_ledger_free(l);
}
END_TEST

START_TEST(tricky_fields_round_trip)
{
    const char *in = "id,source,outcome,low,quote,place,high\r\n"
                     "a,SOHR,killed,3,\"said \"\"at least\"\" 3, then\r\nmore\",syria/حلب,\r\n"
                     "b,\"S,NHR\",killed,0,\" padded \",,7\r\n"
                     "c,ISW,killed,12,,,12\r\n";
    cas_ledger *l = NULL, *l2 = NULL;
    cas_claim c;
    char *out = NULL, *out2 = NULL;
    size_t n;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_int_eq(cas_csv_load_buffer(l, in, strlen(in), "crlf.csv", NULL), CAS_OK);
    ck_assert_uint_eq(cas_ledger_count(l), 3);
    cas_claim_init(&c);
    ck_assert_int_eq(cas_ledger_get(l, 0, &c), CAS_OK);
    ck_assert_str_eq(c.quote, "said \"at least\" 3, then\r\nmore");
    ck_assert_str_eq(c.scope.place, "syria/حلب");
    ck_assert_int_eq(c.high, CAS_OPEN);
    ck_assert_int_eq(c.qualifier, CAS_QUAL_AT_LEAST); /* derived: open high */
    ck_assert_int_eq(cas_ledger_get(l, 1, &c), CAS_OK);
    ck_assert_str_eq(c.source, "S,NHR");
    ck_assert_str_eq(c.quote, " padded ");
    ck_assert_int_eq(c.qualifier, CAS_QUAL_RANGE);
    ck_assert_int_eq(cas_ledger_get(l, 2, &c), CAS_OK);
    ck_assert_int_eq(c.qualifier, CAS_QUAL_EXACT);
    ck_assert_int_eq(cas_csv_save_string(&out, &n, l, NULL), CAS_OK);
    ck_assert_int_eq(cas_ledger_new(&l2), CAS_OK);
    ck_assert_int_eq(cas_csv_load_buffer(l2, out, n, "saved", NULL), CAS_OK);
    ck_assert_int_eq(cas_csv_save_string(&out2, NULL, l2, NULL), CAS_OK);
    ck_assert_str_eq(out, out2);
    ck_assert_int_eq(cas_ledger_get(l2, 0, &c), CAS_OK);
    ck_assert_str_eq(c.quote, "said \"at least\" 3, then\r\nmore");
    cas_free(out);
    cas_free(out2);
    cas_ledger_free(l);
    cas_ledger_free(l2);
}
END_TEST

START_TEST(bom_and_header_only)
{
    const char *bom = "\xEF\xBB\xBFid,source,outcome,low\na,SOHR,killed,1\n";
    const char *header_only = "id,source,outcome,low\n";
    cas_ledger *l = NULL;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_int_eq(cas_csv_load_buffer(l, bom, strlen(bom), "bom", NULL), CAS_OK);
    ck_assert_uint_eq(cas_ledger_count(l), 1);
    /* A header and no rows is a valid, empty data set. */
    ck_assert_int_eq(cas_csv_load_buffer(l, header_only, strlen(header_only), "h", NULL), CAS_OK);
    ck_assert_uint_eq(cas_ledger_count(l), 1);
    cas_ledger_free(l);
}
END_TEST

/* Each bad input: the status, the line and column and field it names,
 * words its message must hold; and the ledger must be unchanged. */
typedef struct bad_case {
    const char *what;
    const char *text;
    cas_status status;
    int64_t line, column;
    const char *field;
    const char *words;
} bad_case;

static const bad_case bad_cases[] = {
    {"non-numeric count", HEADER "a,SOHR,killed,1,2,,,,\nb,SOHR,killed,abc,,,,,\n", CAS_ERR_NUMBER,
     3, 4, "low", "got 'abc'"},
    {"decimal count", HEADER "a,SOHR,killed,1.5,,,,,\n", CAS_ERR_NUMBER, 2, 4, "low",
     "whole number"},
    {"low > high", HEADER "a,SOHR,killed,1,2,,,,\nb,SOHR,killed,9,3,,,,\n", CAS_ERR_RANGE, 3, 5,
     "high", "below low 9"},
    {"best outside range", HEADER "a,SOHR,killed,10,20,25,,,\n", CAS_ERR_RANGE, 2, 6, "best",
     "outside the range [10, 20]"},
    {"negative", HEADER "a,SOHR,killed,-5,,,,,\n", CAS_ERR_RANGE, 2, 4, "low", "negative '-5'"},
    {"overflow", HEADER "a,SOHR,killed,99999999999999999999,,,,,\n", CAS_ERR_OVERFLOW, 2, 4, "low",
     "larger than the largest count"},
    {"impossible date", HEADER "a,SOHR,killed,1,,,2025-02-30,,\n", CAS_ERR_DATE, 2, 7,
     "period_start", "got '2025-02-30'"},
    {"period backwards", HEADER "a,SOHR,killed,1,,,2025-03-12,2025-03-06,\n", CAS_ERR_DATE, 2, 8,
     "period_end", "before period_start"},
    {"empty file", "", CAS_ERR_EMPTY, 0, 0, "", "empty"},
    {"blank lines only", "\n\n\n", CAS_ERR_EMPTY, 0, 0, "", "empty"},
    {"unknown column", "id,source,outcome,low,colour\n", CAS_ERR_HEADER, 1, 5, "",
     "unknown column 'colour'"},
    {"missing required column", "id,outcome,low\n", CAS_ERR_HEADER, 1, 0, "source",
     "required column is missing"},
    {"repeated column", "id,source,outcome,low,low\n", CAS_ERR_HEADER, 1, 5, "low", "twice"},
    {"unterminated quote", HEADER "a,SOHR,killed,1,,,,,\nb,SOHR,killed,1,,,,,\"never closed\n",
     CAS_ERR_CSV, 3, 0, "", "unterminated quoted field"},
    {"quote inside a field", HEADER "a,SO\"HR,killed,1,,,,,\n", CAS_ERR_CSV, 2, 0, "",
     "malformed CSV"},
    {"too few fields", HEADER "a,SOHR,killed,1\n", CAS_ERR_CSV, 2, 5, "", "expected 9 fields"},
    {"too many fields", HEADER "a,SOHR,killed,1,,,,,,extra\n", CAS_ERR_CSV, 2, 10, "", "found 10"},
    {"missing required value", HEADER "a,,killed,1,,,,,\n", CAS_ERR_MISSING, 2, 2, "source",
     "required"},
    {"missing low", HEADER "a,SOHR,killed,,,,,,\n", CAS_ERR_MISSING, 2, 4, "low", "required"},
    {"duplicate id in file", HEADER "a,SOHR,killed,1,,,,,\na,SNHR,killed,2,,,,,\n",
     CAS_ERR_DUPLICATE, 3, 1, "id", "already in the ledger"},
    {"id already in ledger", HEADER "existing,SOHR,killed,1,,,,,\n", CAS_ERR_DUPLICATE, 2, 1, "id",
     "'existing'"},
    {"bad path", HEADER "a,SOHR,killed//x,1,,,,,\n", CAS_ERR_PATH, 2, 3, "outcome", "'//'"},
    {"invalid UTF-8", HEADER "a,SOHR,killed,1,,,,,bad \xFF byte\n", CAS_ERR_ENCODING, 2, 9, "quote",
     "UTF-8"},
    {"row after a multi-line field",
     HEADER "a,SOHR,killed,1,,,,,\"two\nlines\"\nb,SOHR,killed,x,,,,,\n", CAS_ERR_NUMBER, 4, 4,
     "low", "got 'x'"},
};

static void check_bad(const bad_case *bc, const char *data, size_t len)
{
    cas_ledger *l = prefilled();
    char *before = tu_snapshot(l), *after;
    cas_error e;
    char where[96];
    cas_status st;

    cas_error_init(&e);
    st = cas_csv_load_buffer(l, data, len, "claims.csv", &e);
    ck_assert_msg(st == bc->status, "%s: status %d (%s), expected %d; message: %s", bc->what, st,
                  cas_strerror(st), bc->status, e.message);
    ck_assert_int_eq(e.status, bc->status);
    ck_assert_msg(e.line == bc->line, "%s: line %lld, expected %lld (%s)", bc->what,
                  (long long)e.line, (long long)bc->line, e.message);
    ck_assert_msg(e.column == bc->column, "%s: column %lld, expected %lld (%s)", bc->what,
                  (long long)e.column, (long long)bc->column, e.message);
    ck_assert_str_eq(e.field, bc->field);
    ck_assert_str_eq(e.file, "claims.csv");
    ck_assert_msg(strstr(e.message, bc->words) != NULL, "%s: message '%s' lacks '%s'", bc->what,
                  e.message, bc->words);
    if (bc->line > 0) {
        snprintf(where, sizeof where, "claims.csv:%lld:", (long long)bc->line);
        ck_assert_msg(strncmp(e.message, where, strlen(where)) == 0, "%s: '%s' does not start '%s'",
                      bc->what, e.message, where);
    }
    after = tu_snapshot(l);
    ck_assert_str_eq(before, after);
    ck_assert_uint_eq(cas_ledger_count(l), 1);
    cas_free(before);
    cas_free(after);
    cas_ledger_free(l);
}

START_TEST(bad_input_is_rejected_precisely_and_atomically)
{
    const bad_case *bc = &bad_cases[_i];
    check_bad(bc, bc->text, strlen(bc->text));
}
END_TEST

START_TEST(field_of_one_mebibyte)
{
    size_t big = 1 << 20;
    size_t len = strlen(HEADER) + big + 64;
    char *data = malloc(len), *p;
    bad_case bc = {"1 MiB field", NULL, CAS_ERR_TOO_LONG, 2, 9, "quote", "more than the 65536"};

    ck_assert_ptr_nonnull(data);
    p = data + sprintf(data, HEADER "a,SOHR,killed,1,,,,,");
    memset(p, 'x', big);
    p += big;
    p += sprintf(p, "\n");
    check_bad(&bc, data, (size_t)(p - data));
    free(data);
}
END_TEST

START_TEST(file_errors)
{
    cas_ledger *l = prefilled();
    cas_error e;
    cas_rejects *r = NULL;

    cas_error_init(&e);
    ck_assert_int_eq(cas_csv_load(l, TEST_DATA_DIR "/no-such-file.csv", &e), CAS_ERR_IO);
    ck_assert_ptr_nonnull(strstr(e.message, "no-such-file.csv"));
    ck_assert_ptr_nonnull(strstr(e.message, "cannot open"));
    ck_assert_int_eq(cas_csv_load(l, NULL, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_csv_load(NULL, BUNDLED, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_csv_load_lenient(l, BUNDLED, NULL, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_csv_load_lenient(l, "/nonexistent/dir/x.csv", &r, &e), CAS_ERR_IO);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(cas_csv_save(l, "/nonexistent/dir/out.csv", &e), CAS_ERR_IO);
    ck_assert_ptr_nonnull(strstr(e.message, "/nonexistent/dir/out.csv"));
    ck_assert_int_eq(cas_csv_save(NULL, "x.csv", &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_csv_save_string(NULL, NULL, l, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_csv_load_buffer(l, NULL, 5, "x", &e), CAS_ERR_ARG);
    ck_assert_uint_eq(cas_ledger_count(l), 1);
    cas_ledger_free(l);
}
END_TEST

START_TEST(save_to_file_and_load_back)
{
    cas_ledger *l = NULL, *l2 = NULL;
    char path[] = "check_csv_XXXXXX";
    char *a, *b;
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_int_eq(cas_csv_load(l, BUNDLED, NULL), CAS_OK);
    ck_assert_int_eq(cas_csv_save(l, path, NULL), CAS_OK);
    ck_assert_int_eq(cas_ledger_new(&l2), CAS_OK);
    ck_assert_int_eq(cas_csv_load(l2, path, NULL), CAS_OK);
    a = tu_snapshot(l);
    b = tu_snapshot(l2);
    ck_assert_str_eq(a, b);
    unlink(path);
    cas_free(a);
    cas_free(b);
    cas_ledger_free(l);
    cas_ledger_free(l2);
}
END_TEST

/* Issue 20: a file of bad rows held about 850 bytes a reject (19 MB of bad
 * rows: 839 MB). Past the first 1,000, a reject keeps its line, column,
 * field and status only, the count staying exact; 200,000 bad rows (16 MB
 * before, under 5 MB now). */
START_TEST(lenient_rejects_past_a_thousand_are_compact)
{
    const size_t bad = 200000;
    size_t cap = bad * 32 + 256, len = 0, idx;
    char *in = malloc(cap);
    cas_ledger *l = NULL;
    cas_rejects *r = NULL;
    cas_error e, re;

    ck_assert_ptr_nonnull(in);
    len += (size_t)snprintf(in + len, cap - len, "%s", HEADER);
    for (size_t i = 0; i < bad; i++)
        len += (size_t)snprintf(in + len, cap - len, "r%zu,SOHR,killed,x%zu,,,,,\n", i, i);
    len += (size_t)snprintf(in + len, cap - len, "good,SOHR,killed,3,,,,,\n");
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    cas_error_init(&e);
    ck_assert_int_eq(cas_csv_load_buffer_lenient(l, in, len, "bad.csv", &r, &e), CAS_OK);
    ck_assert_uint_eq(cas_ledger_count(l), 1);
    ck_assert_int_eq(cas_ledger_find(l, "good", &idx), CAS_OK);
    ck_assert_uint_eq(cas_rejects_count(r), bad);
    cas_error_init(&re);
    /* The first thousand in full, with the bad value. */
    ck_assert_int_eq(cas_rejects_get(r, 999, &re), CAS_OK);
    ck_assert_int_eq(re.status, CAS_ERR_NUMBER);
    ck_assert_int_eq(re.line, 1001);
    ck_assert_ptr_nonnull(strstr(re.message, "bad.csv:1001:4:"));
    ck_assert_ptr_nonnull(strstr(re.message, "x999"));
    /* The rest compact: where and why, exactly, without the value. */
    for (size_t k = 1000; k < bad; k += 19999) {
        char where[64];
        ck_assert_int_eq(cas_rejects_get(r, k, &re), CAS_OK);
        ck_assert_int_eq(re.status, CAS_ERR_NUMBER);
        ck_assert_int_eq(re.line, (int64_t)k + 2);
        ck_assert_int_eq(re.column, 4);
        ck_assert_str_eq(re.field, "low");
        ck_assert_str_eq(re.file, "bad.csv");
        snprintf(where, sizeof where, "bad.csv:%zu:4: field 'low':", k + 2);
        ck_assert_msg(strstr(re.message, where) == re.message, "%s", re.message);
        ck_assert_ptr_nonnull(strstr(re.message, "first 1000"));
    }
    ck_assert_int_eq(cas_rejects_get(r, bad - 1, &re), CAS_OK);
    ck_assert_int_eq(re.line, (int64_t)bad + 1);
    ck_assert_int_eq(cas_rejects_get(r, bad, &re), CAS_ERR_NOT_FOUND);
    cas_rejects_free(r);
    cas_ledger_free(l);
    free(in);
}
END_TEST

START_TEST(lenient_keeps_good_rows_and_reasons)
{
    const char *in = HEADER "a,SOHR,killed,1,,,,,\n"
                            "b,SOHR,killed,abc,,,,,\n"
                            "c,SNHR,killed,5,4,,,,\n"
                            "d,SNHR,killed,7,,,,,\n"
                            "a,ISW,killed,7,,,,,\n"
                            "e,ISW,killed,8\n";
    cas_ledger *l = prefilled();
    cas_rejects *r = NULL;
    cas_error e, re;
    size_t idx;

    cas_error_init(&e);
    ck_assert_int_eq(cas_csv_load_buffer_lenient(l, in, strlen(in), "mixed.csv", &r, &e), CAS_OK);
    ck_assert_uint_eq(cas_ledger_count(l), 3);
    ck_assert_int_eq(cas_ledger_find(l, "a", &idx), CAS_OK);
    ck_assert_int_eq(cas_ledger_find(l, "d", &idx), CAS_OK);
    ck_assert_uint_eq(cas_rejects_count(r), 4);
    cas_error_init(&re);
    ck_assert_int_eq(cas_rejects_get(r, 0, &re), CAS_OK);
    ck_assert_int_eq(re.status, CAS_ERR_NUMBER);
    ck_assert_int_eq(re.line, 3);
    ck_assert_str_eq(re.field, "low");
    ck_assert_ptr_nonnull(strstr(re.message, "mixed.csv:3:4:"));
    ck_assert_int_eq(cas_rejects_get(r, 1, &re), CAS_OK);
    ck_assert_int_eq(re.status, CAS_ERR_RANGE);
    ck_assert_int_eq(re.line, 4);
    ck_assert_int_eq(cas_rejects_get(r, 2, &re), CAS_OK);
    ck_assert_int_eq(re.status, CAS_ERR_DUPLICATE);
    ck_assert_int_eq(re.line, 6);
    ck_assert_int_eq(cas_rejects_get(r, 3, &re), CAS_OK);
    ck_assert_int_eq(re.status, CAS_ERR_CSV);
    ck_assert_int_eq(re.line, 7);
    ck_assert_int_eq(cas_rejects_get(r, 4, &re), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_rejects_get(NULL, 0, &re), CAS_ERR_ARG);
    ck_assert_uint_eq(cas_rejects_count(NULL), 0);
    cas_rejects_free(r);
    cas_rejects_free(NULL);
    cas_ledger_free(l);
}
END_TEST

START_TEST(lenient_still_fails_whole_file_problems)
{
    const char *in = "id,source,outcome,low,shoe_size\na,SOHR,killed,1,4\n";
    cas_ledger *l = prefilled();
    cas_rejects *r = NULL;
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_csv_load_buffer_lenient(l, in, strlen(in), "x.csv", &r, &e),
                     CAS_ERR_HEADER);
    ck_assert_ptr_null(r);
    ck_assert_uint_eq(cas_ledger_count(l), 1);
    in = HEADER "a,SOHR,killed,1,,,,,\nb,SOHR,killed,1,,,,,\"open\n";
    ck_assert_int_eq(cas_csv_load_buffer_lenient(l, in, strlen(in), "x.csv", &r, &e), CAS_ERR_CSV);
    ck_assert_ptr_null(r);
    ck_assert_uint_eq(cas_ledger_count(l), 1);
    cas_ledger_free(l);
}
END_TEST

START_TEST(real_shared_data_is_rejected_cleanly)
{
    /* A real CSV of another schema (UCDP GED): a clear header error, not a
     * crash or a half load. */
    cas_ledger *l = prefilled();
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_csv_load(l, REAL_DATA_DIR "/ucdp_ged_sample_asia_mini.csv", &e),
                     CAS_ERR_HEADER);
    ck_assert_int_eq(e.line, 1);
    ck_assert_ptr_nonnull(strstr(e.message, "unknown column"));
    ck_assert_uint_eq(cas_ledger_count(l), 1);
    cas_ledger_free(l);
}
END_TEST

START_TEST(claim_column_holds_phrases)
{
    const char *in = "id,source,outcome,claim,quote,high\n"
                     "a,SOHR,killed,+ 315 killed (per SOHR),,\n"
                     "b,SNHR,killed,nearly 400,,\n"
                     "c,SNHR,killed,dozens,\"said: dozens\",\n"
                     "d,ISW,killed,,,\n";
    cas_ledger *l = prefilled();
    cas_claim c;
    cas_error e;
    size_t i;
    char *before = tu_snapshot(l), *after;

    /* Row d has neither a phrase nor a low: the whole file is refused, the
     * empty cell named (the file has no low column to fill). */
    cas_error_init(&e);
    ck_assert_int_eq(cas_csv_load_buffer(l, in, strlen(in), "p.csv", &e), CAS_ERR_MISSING);
    ck_assert_int_eq(e.line, 5);
    ck_assert_int_eq(e.column, 4);
    ck_assert_str_eq(e.field, "claim");
    after = tu_snapshot(l);
    ck_assert_str_eq(before, after);
    cas_free(after);
    /* Without it, the phrases give the ranges of the hedge table. */
    ck_assert_int_eq(
        cas_csv_load_buffer(l, in, strlen(in) - strlen("d,ISW,killed,,,\n"), "p.csv", &e), CAS_OK);
    cas_claim_init(&c);
    ck_assert_int_eq(cas_ledger_find(l, "a", &i), CAS_OK);
    ck_assert_int_eq(cas_ledger_get(l, i, &c), CAS_OK);
    ck_assert_int_eq(c.low, 315);
    ck_assert_int_eq(c.high, CAS_OPEN);
    ck_assert_int_eq(c.qualifier, CAS_QUAL_AT_LEAST);
    ck_assert_str_eq(c.quote, "+ 315 killed (per SOHR)"); /* the phrase is kept */
    ck_assert_int_eq(cas_ledger_find(l, "b", &i), CAS_OK);
    ck_assert_int_eq(cas_ledger_get(l, i, &c), CAS_OK);
    ck_assert_int_eq(c.low, 360);
    ck_assert_int_eq(c.high, 399);
    ck_assert_int_eq(c.qualifier, CAS_QUAL_NEARLY);
    ck_assert_int_eq(cas_ledger_find(l, "c", &i), CAS_OK);
    ck_assert_int_eq(cas_ledger_get(l, i, &c), CAS_OK);
    ck_assert_int_eq(c.low, 24);
    ck_assert_int_eq(c.high, 99);
    ck_assert_str_eq(c.quote, "said: dozens"); /* an explicit quote wins */
    cas_free(before);
    cas_ledger_free(l);
}
END_TEST

START_TEST(claim_column_errors)
{
    const char *both = "id,source,outcome,claim,low\na,SOHR,killed,at least 5,5\n";
    const char *none = "id,source,outcome,claim\na,SOHR,killed,the 62nd Division\n";
    cas_ledger *l = prefilled();
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_csv_load_buffer(l, both, strlen(both), "b.csv", &e), CAS_ERR_VALUE);
    ck_assert_str_eq(e.field, "claim");
    ck_assert_int_eq(e.column, 4);
    ck_assert_ptr_nonnull(strstr(e.message, "b.csv:2:4: field 'claim': give either"));
    ck_assert_int_eq(cas_csv_load_buffer(l, none, strlen(none), "n.csv", &e), CAS_ERR_PARSE);
    ck_assert_str_eq(e.field, "claim");
    ck_assert_int_eq(e.line, 2);
    ck_assert_uint_eq(cas_ledger_count(l), 1);
    cas_ledger_free(l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("csv");
    TCase *tc = tcase_create("csv");
    tcase_add_test(tc, bundled_loads_and_round_trips_bytes);
    tcase_add_test(tc, bundled_claims_have_their_figures);
    tcase_add_test(tc, tricky_fields_round_trip);
    tcase_add_test(tc, bom_and_header_only);
    tcase_add_loop_test(tc, bad_input_is_rejected_precisely_and_atomically, 0,
                        (int)(sizeof bad_cases / sizeof bad_cases[0]));
    tcase_add_test(tc, field_of_one_mebibyte);
    tcase_add_test(tc, file_errors);
    tcase_add_test(tc, save_to_file_and_load_back);
    tcase_add_test(tc, lenient_keeps_good_rows_and_reasons);
    tcase_add_test(tc, lenient_rejects_past_a_thousand_are_compact);
    tcase_add_test(tc, lenient_still_fails_whole_file_problems);
    tcase_add_test(tc, real_shared_data_is_rejected_cleanly);
    tcase_add_test(tc, claim_column_holds_phrases);
    tcase_add_test(tc, claim_column_errors);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
