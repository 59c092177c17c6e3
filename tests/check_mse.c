/* SPDX-License-Identifier: MIT */
/* Multiple systems estimation: tables, CSV input, two-list estimators,
 * log-linear models, profile intervals, model selection, failure statuses,
 * and estimates as claims in the ledger and in reconciliation.
 *
 * Reference values (docs/mse.md, "Verification"):
 * - the values, computed with Rcapture 1.4 on R 4.2: tolerance 1e-6
 *   relative for estimates, SEs and criteria, 1e-2 absolute for profile
 *   bounds;
 * - Rcapture's own saved example output (tests/Examples/Rcapture-Ex.Rout.save
 *   in the Rcapture sources, R 2.15.0): as printed, so to half a unit in the
 *   last printed digit. */
#include "testutil.h"

#include <math.h>

#define DATA(name) TEST_DATA_DIR "/mse/" name

/* |got - want| <= tol * |want| */
#define REL(got, want, tol)                                                                        \
    ck_assert_msg(fabs((double)(got) - (double)(want)) <= (tol)*fabs((double)(want)),              \
                  "%s = %.10g, expected %.10g (relative %g)", #got, (double)(got), (double)(want), \
                  (double)(tol))
/* |got - want| <= tol */
#define ABS(got, want, tol)                                                                        \
    ck_assert_msg(fabs((double)(got) - (double)(want)) <= (tol),                                   \
                  "%s = %.10g, expected %.10g (absolute %g)", #got, (double)(got), (double)(want), \
                  (double)(tol))

/* Patterns by their text: "101" = on lists 1 and 3. */
static uint32_t pat(const char *text)
{
    uint32_t p = 0;
    for (uint32_t j = 0; text[j]; j++)
        if (text[j] == '1')
            p |= 1u << j;
    return p;
}

static cas_mse_table *load(const char *path)
{
    cas_mse_table *t = NULL;
    cas_error err;
    cas_error_init(&err);
    ck_assert_msg(cas_mse_table_load(&t, path, &err) == CAS_OK, "%s", err.message);
    return t;
}

/* A table from text patterns and counts. */
static cas_mse_table *table_of(uint32_t lists, const char *const *patterns, const int64_t *values,
                               size_t n)
{
    int64_t counts[63] = {0};
    cas_mse_table *t = NULL;
    cas_error err;

    for (size_t i = 0; i < n; i++)
        counts[pat(patterns[i]) - 1] = values[i];
    cas_error_init(&err);
    ck_assert_msg(cas_mse_table_new(&t, lists, NULL, counts, &err) == CAS_OK, "%s", err.message);
    return t;
}

static uint64_t model_of(const char *text, uint32_t lists)
{
    uint64_t m = 0xdead;
    cas_error err;
    cas_error_init(&err);
    ck_assert_msg(cas_mse_model_parse(&m, text, lists, &err) == CAS_OK, "%s", err.message);
    return m;
}

static cas_mse_summary summary_of(const cas_mse_estimate *e)
{
    cas_mse_summary s;
    memset(&s, 0, sizeof s);
    s.size = sizeof s;
    ck_assert_int_eq(cas_mse_estimate_summary(e, &s), CAS_OK);
    return s;
}

static cas_mse_estimate *fit(const cas_mse_table *t, const char *model, const cas_mse_options *o)
{
    cas_mse_estimate *e = NULL;
    cas_error err;
    cas_error_init(&err);
    ck_assert_msg(cas_mse_fit(&e, t, model_of(model, cas_mse_table_lists(t)), o, &err) == CAS_OK,
                  "%s", err.message);
    return e;
}

/* Expect a fit to fail with @status and a message containing @text. */
static void fit_fails(const cas_mse_table *t, uint64_t model, const cas_mse_options *o,
                      cas_status status, const char *text)
{
    cas_mse_estimate *e = (cas_mse_estimate *)&e; /* a sentinel that must survive */
    cas_mse_estimate *const sentinel = e;
    cas_error err;

    cas_error_init(&err);
    ck_assert_int_eq(cas_mse_fit(&e, t, model, o, &err), status);
    ck_assert_int_eq(err.status, status);
    ck_assert_ptr_eq(e, sentinel);
    ck_assert_msg(strstr(err.message, text) != NULL, "message '%s' lacks '%s'", err.message, text);
}

static const char *const hiv_patterns[15] = {"0001", "0010", "0011", "0100", "0101",
                                             "0110", "0111", "1000", "1001", "1010",
                                             "1011", "1100", "1101", "1110", "1111"};
static const int64_t hiv_counts[15] = {205, 621, 11, 545, 10, 35, 3, 403, 6, 20, 0, 33, 1, 3, 0};

/* ---- tables ---------------------------------------------------------------- */

START_TEST(table_from_counts)
{
    const char *names[] = {"SOHR", "SNHR", "VDC"};
    const int64_t counts[7] = {69, 55, 21, 63, 17, 18, 28};
    cas_mse_table *t = NULL;
    int64_t c = -1;

    ck_assert_int_eq(cas_mse_table_new(&t, 3, names, counts, NULL), CAS_OK);
    ck_assert_uint_eq(cas_mse_table_lists(t), 3);
    ck_assert_str_eq(cas_mse_table_name(t, 0), "SOHR");
    ck_assert_str_eq(cas_mse_table_name(t, 2), "VDC");
    ck_assert_ptr_null(cas_mse_table_name(t, 3));
    ck_assert_int_eq(cas_mse_table_observed(t), 271);
    ck_assert_int_eq(cas_mse_table_count(t, pat("101"), &c), CAS_OK);
    ck_assert_int_eq(c, 17);
    ck_assert_int_eq(cas_mse_table_count(t, 0, &c), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_mse_table_count(t, 8, &c), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_mse_table_count(t, 1, NULL), CAS_ERR_ARG);
    cas_mse_table_free(t);

    /* Default names are the list numbers, as in model texts. */
    ck_assert_int_eq(cas_mse_table_new(&t, 3, NULL, counts, NULL), CAS_OK);
    ck_assert_str_eq(cas_mse_table_name(t, 1), "2");
    cas_mse_table_free(t);
    cas_mse_table_free(NULL);
    ck_assert_uint_eq(cas_mse_table_lists(NULL), 0);
    ck_assert_int_eq(cas_mse_table_observed(NULL), 0);
}
END_TEST

START_TEST(table_rejects_bad_arguments)
{
    int64_t counts[63] = {0};
    const char *dup[] = {"A", "B", "A"};
    const char *count_name[] = {"A", "count"};
    const char *bad_utf8[] = {"A", "\xff"};
    const char *empty[] = {"A", ""};
    cas_mse_table *t = NULL;
    cas_error err;

    cas_error_init(&err);
    ck_assert_int_eq(cas_mse_table_new(NULL, 2, NULL, counts, &err), CAS_ERR_ARG);
    ck_assert_int_eq(cas_mse_table_new(&t, 2, NULL, NULL, &err), CAS_ERR_ARG);
    ck_assert_int_eq(cas_mse_table_new(&t, 1, NULL, counts, &err), CAS_ERR_ARG);
    ck_assert_int_eq(cas_mse_table_new(&t, 7, NULL, counts, &err), CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(err.message, "from 2 to 6"));
    ck_assert_int_eq(cas_mse_table_new(&t, 3, dup, counts, &err), CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(err.message, "both called 'A'"));
    ck_assert_int_eq(cas_mse_table_new(&t, 2, count_name, counts, &err), CAS_ERR_ARG);
    ck_assert_int_eq(cas_mse_table_new(&t, 2, bad_utf8, counts, &err), CAS_ERR_ENCODING);
    ck_assert_int_eq(cas_mse_table_new(&t, 2, empty, counts, &err), CAS_ERR_ARG);
    counts[1] = -3;
    ck_assert_int_eq(cas_mse_table_new(&t, 2, NULL, counts, &err), CAS_ERR_RANGE);
    ck_assert_str_eq(err.message, "field 'count': pattern 01: count -3 is negative");
    counts[1] = INT64_MAX;
    counts[0] = 1;
    ck_assert_int_eq(cas_mse_table_new(&t, 2, NULL, counts, &err), CAS_ERR_OVERFLOW);
    counts[1] = (int64_t)1 << 53;
    ck_assert_int_eq(cas_mse_table_new(&t, 2, NULL, counts, &err), CAS_ERR_OVERFLOW);
    ck_assert_ptr_null(t);
}
END_TEST

START_TEST(csv_files_load)
{
    cas_mse_table *t = load(DATA("hiv-rome.csv"));
    int64_t c;

    /* `count` first: list columns keep their order among themselves. */
    ck_assert_uint_eq(cas_mse_table_lists(t), 4);
    ck_assert_str_eq(cas_mse_table_name(t, 0), "c1");
    ck_assert_str_eq(cas_mse_table_name(t, 3), "c4");
    ck_assert_int_eq(cas_mse_table_observed(t), 1896);
    for (size_t i = 0; i < 15; i++) {
        ck_assert_int_eq(cas_mse_table_count(t, pat(hiv_patterns[i]), &c), CAS_OK);
        ck_assert_int_eq(c, hiv_counts[i]);
    }
    cas_mse_table_free(t);

    t = load(DATA("hepatitis-a-taiwan.csv"));
    ck_assert_str_eq(cas_mse_table_name(t, 1), "Q");
    ck_assert_int_eq(cas_mse_table_count(t, pat("001"), &c), CAS_OK);
    ck_assert_int_eq(c, 63);
    ck_assert_int_eq(cas_mse_table_observed(t), 271);
    cas_mse_table_free(t);

    t = load(DATA("seber.csv"));
    ck_assert_int_eq(cas_mse_table_observed(t), 1202);
    cas_mse_table_free(t);
}
END_TEST

START_TEST(csv_buffer_forms)
{
    /* A byte order mark, CRLF line ends, quoted fields, no final newline. */
    const char *text = "\xEF\xBB\xBF\"A\",B,count\r\n1,0,\"5\"\r\n0,1,7\r\n1,1,2";
    cas_mse_table *t = NULL;
    int64_t c;
    cas_error err;

    cas_error_init(&err);
    ck_assert_msg(cas_mse_table_load_buffer(&t, text, strlen(text), "mem", &err) == CAS_OK, "%s",
                  err.message);
    ck_assert_str_eq(cas_mse_table_name(t, 0), "A");
    ck_assert_int_eq(cas_mse_table_count(t, 1, &c), CAS_OK);
    ck_assert_int_eq(c, 5);
    ck_assert_int_eq(cas_mse_table_observed(t), 14);
    cas_mse_table_free(t);
}
END_TEST

/* Expect loading @text to fail with @status at @line, @column, with a
 * message equal to @message; and @out to be left alone. */
static void bad_csv(const char *text, cas_status status, int64_t line, int64_t column,
                    const char *field, const char *message)
{
    cas_mse_table *t = (cas_mse_table *)&t;
    cas_mse_table *const sentinel = t;
    cas_error err;

    cas_error_init(&err);
    ck_assert_int_eq(cas_mse_table_load_buffer(&t, text, strlen(text), "lists.csv", &err), status);
    ck_assert_ptr_eq(t, sentinel);
    ck_assert_int_eq(err.status, status);
    ck_assert_int_eq(err.line, line);
    ck_assert_int_eq(err.column, column);
    ck_assert_str_eq(err.file, "lists.csv");
    ck_assert_str_eq(err.field, field);
    ck_assert_str_eq(err.message, message);
}

START_TEST(csv_bad_input)
{
    bad_csv("A,B,count\n1,0,5\n0,2,7\n1,1,2\n", CAS_ERR_VALUE, 3, 2, "B",
            "lists.csv:3:2: field 'B': expected 0 or 1 (is the record on this list?), got '2'");
    bad_csv("A,B,count\n1,0,5\n0,yes,7\n1,1,2\n", CAS_ERR_VALUE, 3, 2, "B",
            "lists.csv:3:2: field 'B': expected 0 or 1 (is the record on this list?), got 'yes'");
    bad_csv("A,B,count\n1,0,5\n0,1,-7\n1,1,2\n", CAS_ERR_RANGE, 3, 3, "count",
            "lists.csv:3:3: field 'count': expected a whole number >= 0, got negative '-7'");
    bad_csv("A,B,count\n1,0,5\n0,1,7.5\n1,1,2\n", CAS_ERR_NUMBER, 3, 3, "count",
            "lists.csv:3:3: field 'count': expected a whole number >= 0, got '7.5'");
    bad_csv("A,B,count\n1,0,\n", CAS_ERR_MISSING, 2, 3, "count",
            "lists.csv:2:3: field 'count': required, but empty (expected a whole number >= 0)");
    bad_csv("A,B,count\n1,0,99999999999999999999\n", CAS_ERR_OVERFLOW, 2, 3, "count",
            "lists.csv:2:3: field 'count': '99999999999999999999' is larger than the largest "
            "count (9223372036854775807)");
    bad_csv("A,B,C\n1,0,1\n", CAS_ERR_HEADER, 1, 0, "count",
            "lists.csv:1: field 'count': required column is missing (one 0/1 column per "
            "list, plus 'count')");
    bad_csv("A,B,count\n1,0,5\n0,1,7\n1,0,2\n1,1,2\n", CAS_ERR_DUPLICATE, 4, 0, "",
            "lists.csv:4: pattern 10 appears twice (first on line 2)");
    bad_csv("A,B,C,D,E,F,G,count\n1,0,0,0,0,0,0,1\n", CAS_ERR_HEADER, 1, 0, "",
            "lists.csv:1: 7 list columns: at most 6 lists are supported");
    bad_csv("count,A,B,C,D,E,F,G,H\n", CAS_ERR_HEADER, 1, 0, "",
            "lists.csv:1: 8 list columns: at most 6 lists are supported");
    bad_csv("A,count\n1,4\n", CAS_ERR_HEADER, 1, 0, "",
            "lists.csv:1: 1 list column: at least 2 lists are needed");
    bad_csv("", CAS_ERR_EMPTY, 0, 0, "", "lists.csv: no header row: the file is empty");
    bad_csv("A,B,count\n", CAS_ERR_EMPTY, 0, 0, "",
            "lists.csv: a header but no rows: expected one row per pattern");
    bad_csv("A,B,count\n1,0,5\n1,1,2\n", CAS_ERR_MISSING, 0, 0, "",
            "lists.csv: pattern 01 has no row (list every non-empty pattern, zeros included)");
    bad_csv("A,B,count\n1,0,5\n0,0,9\n", CAS_ERR_VALUE, 3, 0, "",
            "lists.csv:3: pattern 00 is on no list: those records are the unknown being "
            "estimated, leave the row out");
    bad_csv("A,B,count\n1,0,5,3\n", CAS_ERR_CSV, 2, 4, "",
            "lists.csv:2:4: expected 3 fields as in the header, found 4");
    bad_csv("A,B,count\n1,0\n", CAS_ERR_CSV, 2, 3, "",
            "lists.csv:2:3: expected 3 fields as in the header, found 2");
    bad_csv("A,A,count\n", CAS_ERR_HEADER, 1, 2, "A",
            "lists.csv:1:2: field 'A': column appears twice (fields 1 and 2)");
    bad_csv("A,,count\n", CAS_ERR_HEADER, 1, 2, "", "lists.csv:1:2: a list name is empty");
    /* Column names are exact, as in a claims CSV (issue 20: a header "low "
     * was taken as "low"): "count " is not count, " B" is not B. */
    bad_csv("A,B,count \n1,0,5\n0,1,7\n1,1,2\n", CAS_ERR_HEADER, 1, 3, "",
            "lists.csv:1:3: column name 'count' with a space or tab around it (column names "
            "are exact)");
    bad_csv("A, B,count\n1,0,5\n0,1,7\n1,1,2\n", CAS_ERR_HEADER, 1, 2, "",
            "lists.csv:1:2: column name 'B' with a space or tab around it (column names are "
            "exact)");
    bad_csv("A,B\t,count\n1,0,5\n0,1,7\n1,1,2\n", CAS_ERR_HEADER, 1, 2, "",
            "lists.csv:1:2: column name 'B' with a space or tab around it (column names are "
            "exact)");
    /* A second byte order mark is named, readably (issue 20: "'???id'"). */
    bad_csv("\xEF\xBB\xBF\xEF\xBB\xBF"
            "A,B,count\n1,0,5\n0,1,7\n1,1,2\n",
            CAS_ERR_HEADER, 1, 1, "",
            "lists.csv:1:1: unknown column '\\uFEFFA': the input starts with a second byte order "
            "mark (U+FEFF); remove it");
    bad_csv("A,B,count\n1,0,\"5\n", CAS_ERR_CSV, 3, 0, "",
            "lists.csv:3: unterminated quoted field at the end of the input");
}
END_TEST

START_TEST(csv_file_errors_name_the_file)
{
    cas_mse_table *t = NULL;
    cas_error err;
    char path[512];
    FILE *fp;

    cas_error_init(&err);
    ck_assert_int_eq(cas_mse_table_load(&t, DATA("no-such-file.csv"), &err), CAS_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.message, "no-such-file.csv"));
    ck_assert_ptr_null(t);

    /* Written in the working directory (the build tree under make check). */
    snprintf(path, sizeof path, "check_mse-bad-input.csv");
    fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    fputs("A,B,count\n1,0,5\n0,1,x\n", fp);
    fclose(fp);
    cas_error_init(&err);
    ck_assert_int_eq(cas_mse_table_load(&t, path, &err), CAS_ERR_NUMBER);
    ck_assert_str_eq(err.file, path);
    ck_assert_int_eq(err.line, 3);
    ck_assert_int_eq(err.column, 3);
    ck_assert_ptr_null(t);
    remove(path);
}
END_TEST

/* ---- models ------------------------------------------------------------------ */

START_TEST(model_texts)
{
    char buf[CAS_MSE_MODEL_TEXT_MAX];
    uint64_t m;
    cas_error err;

    m = model_of("[12,13,14]", 4);
    ck_assert_uint_eq(m, ((uint64_t)1 << pat("1100")) | ((uint64_t)1 << pat("1010")) |
                             ((uint64_t)1 << pat("1001")));
    ck_assert_int_eq(cas_mse_model_format(buf, sizeof buf, m, 4), CAS_OK);
    ck_assert_str_eq(buf, "[12,13,14]");

    /* Closed downwards: [123] brings its three pairs. */
    m = model_of(" 123 , 34 ", 4);
    ck_assert_uint_eq(m, ((uint64_t)1 << pat("1110")) | ((uint64_t)1 << pat("1100")) |
                             ((uint64_t)1 << pat("1010")) | ((uint64_t)1 << pat("0110")) |
                             ((uint64_t)1 << pat("0011")));
    ck_assert_int_eq(cas_mse_model_format(buf, sizeof buf, m, 4), CAS_OK);
    ck_assert_str_eq(buf, "[123,34]");

    ck_assert_uint_eq(model_of("[]", 3), CAS_MSE_INDEPENDENCE);
    ck_assert_uint_eq(model_of("independence", 3), CAS_MSE_INDEPENDENCE);
    ck_assert_uint_eq(model_of("[1,2]", 3), CAS_MSE_INDEPENDENCE); /* main effects only */
    ck_assert_uint_eq(model_of("two-way", 3), cas_mse_model_two_way(3));
    ck_assert_int_eq(cas_mse_model_format(buf, sizeof buf, 0, 3), CAS_OK);
    ck_assert_str_eq(buf, "independence");
    ck_assert_int_eq(cas_mse_model_format(buf, sizeof buf, cas_mse_model_two_way(3), 3), CAS_OK);
    ck_assert_str_eq(buf, "[12,13,23]");
    ck_assert_int_eq(__builtin_popcountll(cas_mse_model_two_way(6)), 15);
    ck_assert_uint_eq(cas_mse_model_two_way(7), 0);

    /* The longest text: all 20 three-way terms of six lists. */
    m = 0;
    for (uint32_t s = 1; s < 64; s++)
        if (__builtin_popcount(s) == 3)
            m |= (uint64_t)1 << s;
    ck_assert_int_eq(cas_mse_model_format(buf, sizeof buf, m, 6), CAS_OK);
    ck_assert_uint_eq(strlen(buf), 2 + 20 * 3 + 19);
    ck_assert_int_eq(cas_mse_model_format(buf, strlen(buf), m, 6), CAS_ERR_ARG);
    ck_assert_int_eq(cas_mse_model_format(buf, sizeof buf, (uint64_t)1 << 9, 3), CAS_ERR_ARG);
    ck_assert_int_eq(cas_mse_model_format(NULL, 10, 0, 3), CAS_ERR_ARG);

    cas_error_init(&err);
    ck_assert_int_eq(cas_mse_model_parse(&m, "[12,15]", 4, &err), CAS_ERR_PARSE);
    ck_assert_int_eq(err.column, 6);
    ck_assert_str_eq(err.field, "model");
    ck_assert_str_eq(
        err.message,
        "field 'model': at byte 6: '5' is not a list number (lists are numbered 1 to 4)");
    ck_assert_int_eq(cas_mse_model_parse(&m, "[121]", 4, &err), CAS_ERR_PARSE);
    ck_assert_ptr_nonnull(strstr(err.message, "list 1 appears twice in one term"));
    ck_assert_int_eq(cas_mse_model_parse(&m, "[12", 4, &err), CAS_ERR_PARSE);
    ck_assert_int_eq(err.column, 4);
    ck_assert_ptr_nonnull(strstr(err.message, "expected ',' or ']'"));
    ck_assert_int_eq(cas_mse_model_parse(&m, "[12,]", 4, &err), CAS_ERR_PARSE);
    ck_assert_int_eq(cas_mse_model_parse(&m, "12 13", 4, &err), CAS_ERR_PARSE);
    ck_assert_int_eq(cas_mse_model_parse(&m, "", 4, &err), CAS_ERR_PARSE);
    ck_assert_int_eq(cas_mse_model_parse(&m, "all", 4, &err), CAS_ERR_PARSE);
    ck_assert_int_eq(cas_mse_model_parse(&m, "[12]", 7, &err), CAS_ERR_ARG);
    ck_assert_int_eq(cas_mse_model_parse(NULL, "[12]", 3, &err), CAS_ERR_ARG);
}
END_TEST

/* ---- two lists ------------------------------------------------------------------ */

START_TEST(seber_two_lists)
{
    /* Seber (1982) p. 107: only A 781, only B 254, both 167. */
    cas_mse_table *t = load(DATA("seber.csv"));
    cas_mse_estimate *e = NULL;
    cas_mse_summary s;
    double lo, hi, f0;
    uint32_t flags = 99;

    ck_assert_int_eq(cas_mse_two_list(&e, t, CAS_MSE_CHAPMAN, NULL, NULL), CAS_OK);
    s = summary_of(e);
    ck_assert_int_eq(s.method, CAS_MSE_CHAPMAN);
    ck_assert_int_eq(s.observed, 1202);
    REL(s.n_hat, 2382.7976, 1e-6);
    REL(s.se, 129.0563, 1e-6);
    ck_assert_int_eq(s.interval, CAS_MSE_CI_LOGNORMAL);
    ABS(s.low, 2155.715, 1e-3);
    ABS(s.high, 2663.949, 1e-3);
    ck_assert_int_eq(cas_mse_estimate_interval(e, CAS_MSE_CI_LOGNORMAL, &lo, &hi, &flags), CAS_OK);
    ck_assert_uint_eq(flags, 0);
    REL(lo, 2155.715, 1e-6);
    REL(hi, 2663.949, 1e-6);
    ck_assert_int_eq(cas_mse_estimate_interval(e, CAS_MSE_CI_WALD, &lo, &hi, NULL), CAS_OK);
    REL(lo, 2382.7976 - 1.959963984540054 * 129.0563, 1e-6);
    REL(hi, 2382.7976 + 1.959963984540054 * 129.0563, 1e-6);
    ck_assert_int_eq(cas_mse_estimate_interval(e, CAS_MSE_CI_PROFILE, &lo, &hi, NULL),
                     CAS_ERR_NOT_FOUND);
    ck_assert(isnan(s.aic) && isnan(s.deviance) && isnan(s.profile_mode));
    ck_assert_int_eq(cas_mse_estimate_fitted(e, 0, &f0), CAS_OK);
    REL(f0, 2382.7976 - 1202, 1e-6);
    ck_assert_int_eq(cas_mse_estimate_fitted(e, 1, &f0), CAS_ERR_NOT_FOUND);
    ck_assert_str_eq(cas_mse_estimate_source(e), "MSE Chapman; lists: A, B");
    ck_assert_str_eq(cas_mse_estimate_model(e), "");
    ck_assert_uint_eq(cas_mse_estimate_coef_count(e), 0);
    cas_mse_estimate_free(e);

    ck_assert_int_eq(cas_mse_two_list(&e, t, CAS_MSE_LINCOLN_PETERSEN, NULL, NULL), CAS_OK);
    s = summary_of(e);
    REL(s.n_hat, 2389.8683, 1e-6);
    /* n1 n2 (n1 - m)(n2 - m) / m^3; Rcapture's model Mt prints 130.4. */
    REL(s.se, sqrt(948.0 * 421.0 * 781.0 * 254.0 / (167.0 * 167.0 * 167.0)), 1e-12);
    ABS(s.se, 130.4, 0.05);
    ck_assert_str_eq(cas_mse_estimate_source(e), "MSE Lincoln-Petersen; lists: A, B");
    cas_mse_estimate_free(e);
    cas_mse_table_free(t);
}
END_TEST

START_TEST(two_lists_as_a_log_linear_model)
{
    /* With two lists the independence model is saturated (3 parameters for
     * 3 cells) and equals Lincoln-Petersen; Rcapture's closedp.t prints it
     * as model Mt: 2389.9, SE 130.4, deviance 0, df 0, AIC 28.831. */
    cas_mse_table *t = load(DATA("seber.csv"));
    cas_mse_options o;
    cas_mse_estimate *e;
    cas_mse_summary s;

    cas_mse_options_init(&o);
    fit_fails(t, CAS_MSE_INDEPENDENCE, &o, CAS_ERR_SATURATED, "saturated (df = 0)");
    o.flags = CAS_MSE_ALLOW_SATURATED;
    e = fit(t, "independence", &o);
    s = summary_of(e);
    REL(s.n_hat, 948.0 * 421.0 / 167.0, 1e-9);
    REL(s.se, sqrt(948.0 * 421.0 * 781.0 * 254.0 / (167.0 * 167.0 * 167.0)), 1e-8);
    ABS(s.deviance, 0.0, 1e-8);
    ck_assert_int_eq(s.df, 0);
    ck_assert_int_eq(s.params, 3);
    ABS(s.aic, 28.831, 5e-4);
    cas_mse_estimate_free(e);
    cas_mse_table_free(t);
}
END_TEST

START_TEST(two_list_failures)
{
    const int64_t apart[3] = {50, 70, 0}, nested[3] = {0, 30, 100}, close[3] = {5, 5, 95};
    cas_mse_table *t, *t3;
    cas_mse_estimate *e = NULL;
    cas_mse_summary s;
    cas_mse_options o;
    double lo, hi;
    uint32_t flags;
    cas_error err;

    /* No overlap: nothing links the lists. */
    ck_assert_int_eq(cas_mse_table_new(&t, 2, NULL, apart, NULL), CAS_OK);
    cas_error_init(&err);
    ck_assert_int_eq(cas_mse_two_list(&e, t, CAS_MSE_CHAPMAN, NULL, &err), CAS_ERR_NO_ESTIMATE);
    ck_assert_ptr_nonnull(strstr(err.message, "no record is on both lists"));
    ck_assert_int_eq(cas_mse_two_list(&e, t, CAS_MSE_LINCOLN_PETERSEN, NULL, &err),
                     CAS_ERR_NO_ESTIMATE);
    ck_assert_ptr_null(e);
    ck_assert_int_eq(cas_mse_two_list(&e, t, CAS_MSE_LOGLINEAR, NULL, &err), CAS_ERR_ARG);
    cas_mse_table_free(t);

    /* List 1 inside list 2: nobody can be missing from both; the interval
     * collapses to the observed count. */
    ck_assert_int_eq(cas_mse_table_new(&t, 2, NULL, nested, NULL), CAS_OK);
    ck_assert_int_eq(cas_mse_two_list(&e, t, CAS_MSE_CHAPMAN, NULL, NULL), CAS_OK);
    s = summary_of(e);
    REL(s.n_hat, 130.0, 1e-12);
    ck_assert(s.se == 0.0);
    ck_assert(s.low == 130.0 && s.high == 130.0);
    cas_mse_estimate_free(e);
    cas_mse_table_free(t);

    /* A Wald bound below the observed count is raised to it, and flagged. */
    ck_assert_int_eq(cas_mse_table_new(&t, 2, NULL, close, NULL), CAS_OK);
    ck_assert_int_eq(cas_mse_two_list(&e, t, CAS_MSE_LINCOLN_PETERSEN, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_mse_estimate_interval(e, CAS_MSE_CI_WALD, &lo, &hi, &flags), CAS_OK);
    ck_assert(lo == 105.0);
    ck_assert_uint_eq(flags, CAS_MSE_LOW_AT_OBSERVED);
    ck_assert_int_eq(cas_mse_estimate_interval(e, CAS_MSE_CI_LOGNORMAL, &lo, &hi, &flags), CAS_OK);
    ck_assert(lo > 105.0);
    ck_assert_uint_eq(flags, 0);
    ck_assert_int_eq(cas_mse_estimate_interval(e, 7, &lo, &hi, &flags), CAS_ERR_ARG);
    cas_mse_estimate_free(e);

    /* Bad options and tables. */
    cas_mse_options_init(&o);
    o.level = 1.0;
    ck_assert_int_eq(cas_mse_two_list(&e, t, CAS_MSE_CHAPMAN, &o, &err), CAS_ERR_ARG);
    ck_assert_str_eq(err.field, "level");
    t3 = load(DATA("hepatitis-a-taiwan.csv"));
    ck_assert_int_eq(cas_mse_two_list(&e, t3, CAS_MSE_CHAPMAN, NULL, &err), CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(err.message, "this one has 3"));
    ck_assert_int_eq(cas_mse_two_list(&e, NULL, CAS_MSE_CHAPMAN, NULL, &err), CAS_ERR_ARG);
    cas_mse_table_free(t3);
    cas_mse_table_free(t);
}
END_TEST

/* ---- log-linear models: the reference values ------------------------------- */

START_TEST(hepatitis_independence)
{
    cas_mse_table *t = load(DATA("hepatitis-a-taiwan.csv"));
    cas_mse_estimate *e = fit(t, "independence", NULL);
    cas_mse_summary s = summary_of(e);
    double lo, hi, mu;
    uint32_t flags = 99;

    ck_assert_int_eq(s.method, CAS_MSE_LOGLINEAR);
    ck_assert_int_eq(s.lists, 3);
    ck_assert_int_eq(s.params, 4);
    ck_assert_int_eq(s.df, 3);
    REL(s.n_hat, 388.4835, 1e-6);
    /* The SE at the maximum is 21.55309. Rcapture's 21.5529 comes from R's
     * glm, whose covariance uses the weights of its last IRLS step, one step
     * short of the maximum (R stops on a 1e-8 change in deviance): iterating
     * R's own algorithm once more gives 21.553092. So the value holds
     * to 1e-5 and the value at the maximum to 1e-6. */
    REL(s.se, 21.553092, 1e-6);
    REL(s.se, 21.5529, 1e-5);
    /* 24.3568 is printed to 6 significant digits, whose rounding alone is
     * up to 2e-6 relative: hold it to half a unit of its last digit, and to
     * 1e-9 the value R's algorithm converges to (24.3568353283). */
    ABS(s.deviance, 24.3568, 0.5e-4);
    REL(s.deviance, 24.3568353283, 1e-9);
    REL(s.aic, 69.7479, 1e-6);
    REL(s.bic, 84.1564, 1e-6);
    /* BIC uses n = 271 records, not the 7 cells. */
    REL(s.bic - s.aic, 4.0 * (log(271.0) - 2.0), 1e-9);
    ck_assert_int_eq(s.interval, CAS_MSE_CI_PROFILE);
    ck_assert_int_eq(cas_mse_estimate_interval(e, CAS_MSE_CI_PROFILE, &lo, &hi, &flags), CAS_OK);
    ck_assert_uint_eq(flags, 0);
    ABS(lo, 350.311, 1e-2);
    ABS(hi, 435.411, 1e-2);
    ck_assert(s.low == lo && s.high == hi);
    ck_assert(s.profile_mode > lo && s.profile_mode < s.n_hat);
    ck_assert_str_eq(cas_mse_estimate_model(e), "independence");
    ck_assert_str_eq(cas_mse_estimate_source(e), "MSE log-linear independence; lists: P, Q, E");
    /* Fitted counts: the unobserved cell is N-hat - n. */
    ck_assert_int_eq(cas_mse_estimate_fitted(e, 0, &mu), CAS_OK);
    REL(mu, 388.4835 - 271.0, 1e-6);
    ck_assert_int_eq(cas_mse_estimate_fitted(e, pat("111"), &mu), CAS_OK);
    ck_assert(mu > 0.0 && mu < 28.0);
    ck_assert_int_eq(cas_mse_estimate_fitted(e, 8, &mu), CAS_ERR_NOT_FOUND);
    cas_mse_estimate_free(e);
    cas_mse_table_free(t);
}
END_TEST

START_TEST(hiv_independence_plus_12)
{
    cas_mse_table *t = table_of(4, hiv_patterns, hiv_counts, 15);
    cas_mse_estimate *e = fit(t, "[12]", NULL);
    cas_mse_summary s = summary_of(e);
    double lo, hi, v, se;
    uint64_t term;

    ck_assert_int_eq(s.params, 6);
    ck_assert_int_eq(s.df, 9);
    REL(s.n_hat, 12318.468, 1e-6);
    REL(s.se, 1188.722, 1e-6);
    REL(s.aic, 86.6496, 1e-6);
    REL(s.bic, 119.9346, 1e-6);
    ABS(s.deviance, 7.614, 5e-4); /* Rcapture's example output */
    ck_assert_int_eq(cas_mse_estimate_interval(e, CAS_MSE_CI_PROFILE, &lo, &hi, NULL), CAS_OK);
    ABS(lo, 10265.99, 1e-2);
    ABS(hi, 14992.33, 1e-2);
    ABS(s.profile_mode, 12308.0, 0.5); /* printed as 12308 */
    ck_assert_str_eq(cas_mse_estimate_model(e), "[12]");
    /* Coefficients: intercept, four main effects, then [12]. */
    ck_assert_uint_eq(cas_mse_estimate_coef_count(e), 6);
    ck_assert_int_eq(cas_mse_estimate_coef(e, 0, &term, &v, &se), CAS_OK);
    ck_assert_uint_eq(term, 0);
    REL(exp(v), 12318.468 - 1896.0, 1e-6);
    ck_assert_int_eq(cas_mse_estimate_coef(e, 3, &term, NULL, NULL), CAS_OK);
    ck_assert_uint_eq(term, pat("0010"));
    ck_assert_int_eq(cas_mse_estimate_coef(e, 5, &term, &v, &se), CAS_OK);
    ck_assert_uint_eq(term, pat("1100"));
    ck_assert(v > 0.0 && se > 0.0);
    ck_assert_int_eq(cas_mse_estimate_coef(e, 6, &term, &v, &se), CAS_ERR_NOT_FOUND);
    cas_mse_estimate_free(e);
    cas_mse_table_free(t);
}
END_TEST

START_TEST(hiv_all_two_way)
{
    /* Rcapture's example "Mt double interaction" (saved example output):
     * 23443.5, SE 9594.9, deviance 3.037 on 4 df, AIC 92.073; profile
     * 23269.8 (10027.6, 50046.3); coefficients to seven digits. */
    static const struct {
        const char *term;
        double value, se;
    } coef[] = {{"0000", 9.9780167, 0.4452368},  {"1000", -3.9758604, 0.4438850},
                {"0100", -3.6785194, 0.4437085}, {"0010", -3.5469201, 0.4440686},
                {"0001", -4.6582017, 0.4453831}, {"1100", 1.1545857, 0.4329136},
                {"1010", 0.4810600, 0.4305346},  {"1001", 0.3339371, 0.5168483},
                {"0110", 0.8266913, 0.4291786},  {"0101", 0.7884198, 0.4612659},
                {"0011", 0.6951611, 0.4705025}};
    cas_mse_table *t = load(DATA("hiv-rome.csv"));
    cas_mse_estimate *e = fit(t, "two-way", NULL);
    cas_mse_summary s = summary_of(e);
    double lo, hi, v, se;
    uint64_t term;

    ABS(s.n_hat, 23443.5, 0.05);
    ABS(s.se, 9594.9, 0.05);
    ABS(s.deviance, 3.037, 5e-4);
    ck_assert_int_eq(s.df, 4);
    ABS(s.aic, 92.073, 5e-4);
    ck_assert_int_eq(cas_mse_estimate_interval(e, CAS_MSE_CI_PROFILE, &lo, &hi, NULL), CAS_OK);
    /* The likelihood is flat at its top (SE 9595): R's optimize() on glm
     * deviances converged to 1e-8 places the maximum only to about a unit. */
    ABS(s.profile_mode, 23269.8, 0.5);
    ABS(lo, 10027.6, 0.05);
    ABS(hi, 50046.3, 0.05);
    ck_assert_uint_eq(cas_mse_estimate_coef_count(e), 11);
    /* Coefficients come intercept first, then main effects, then
     * interactions by increasing mask (12, 13, 23, 14, 24, 34): match by term. */
    for (size_t i = 0; i < 11; i++) {
        size_t k = 0;
        ck_assert_int_eq(cas_mse_estimate_coef(e, i, &term, &v, &se), CAS_OK);
        while (k < 11 && pat(coef[k].term) != term)
            k++;
        ck_assert_uint_lt(k, 11);
        ck_assert(i < 5 ? k == i : k >= 5);
        ABS(v, coef[k].value, 5e-6);
        /* R's SEs carry the one-step lag explained in hepatitis_independence. */
        REL(se, coef[k].se, 1e-4);
    }
    cas_mse_estimate_free(e);
    cas_mse_table_free(t);
}
END_TEST

START_TEST(saturated_three_lists_closed_form)
{
    /* All two-way interactions of three lists: 7 parameters for 7 cells.
     * The estimate of the unobserved cell is then
     * y100 y010 y001 y111 / (y110 y101 y011). */
    cas_mse_table *t = load(DATA("hepatitis-a-taiwan.csv"));
    cas_mse_options o;
    cas_mse_estimate *e;
    cas_mse_summary s;

    cas_mse_options_init(&o);
    fit_fails(t, cas_mse_model_two_way(3), &o, CAS_ERR_SATURATED,
              "model [12,13,23] has 7 parameters for 7 cells: it is saturated (df = 0)");
    fit_fails(t, cas_mse_model_two_way(3), NULL, CAS_ERR_SATURATED, "saturated");
    o.flags = CAS_MSE_ALLOW_SATURATED;
    e = fit(t, "two-way", &o);
    s = summary_of(e);
    ck_assert_int_eq(s.df, 0);
    REL(s.n_hat, 271.0 + 69.0 * 55.0 * 63.0 * 28.0 / (21.0 * 17.0 * 18.0), 1e-8);
    ABS(s.deviance, 0.0, 1e-8);
    cas_mse_estimate_free(e);
    cas_mse_table_free(t);
}
END_TEST

/* ---- honest failure ------------------------------------------------------------ */

START_TEST(failure_zero_overlaps)
{
    const char *p3[] = {"100", "010", "001"};
    const int64_t v3[] = {40, 30, 20};
    cas_mse_table *t = table_of(3, p3, v3, 3);
    cas_mse_selection *sel = NULL;
    cas_error err;

    fit_fails(t, CAS_MSE_INDEPENDENCE, NULL, CAS_ERR_NO_ESTIMATE,
              "no record is on more than one list");
    cas_error_init(&err);
    ck_assert_int_eq(cas_mse_select(&sel, t, NULL, &err), CAS_ERR_NO_ESTIMATE);
    ck_assert_ptr_null(sel);
    ck_assert_ptr_nonnull(strstr(err.message, "no model gives an estimate"));
    cas_mse_table_free(t);
}
END_TEST

START_TEST(failure_empty_list)
{
    const char *p3[] = {"100", "010", "110"};
    const int64_t v3[] = {40, 30, 20};
    cas_mse_table *t = table_of(3, p3, v3, 3);

    fit_fails(t, CAS_MSE_INDEPENDENCE, NULL, CAS_ERR_NO_ESTIMATE, "list '3' has no records");
    cas_mse_table_free(t);
}
END_TEST

START_TEST(failure_not_identifiable)
{
    cas_mse_table *t = load(DATA("hepatitis-a-taiwan.csv"));
    cas_mse_options o;

    cas_mse_options_init(&o);
    o.flags = CAS_MSE_ALLOW_SATURATED;
    fit_fails(t, model_of("[123]", 3), &o, CAS_ERR_NO_ESTIMATE,
              "has the term 123 on all 3 lists: it is confounded with the unobserved cell");
    fit_fails(t, (uint64_t)1 << 12, NULL, CAS_ERR_ARG, "beyond the table's 3");
    cas_mse_table_free(t);
}
END_TEST

START_TEST(failure_fit_runs_off_to_infinity)
{
    /* List 3 shares no record with the others. Under [12] nothing ties it
     * to them: the fitted overlaps of list 3 go to zero while the
     * unobserved cell grows without bound. */
    const char *p3[] = {"100", "010", "110", "001"};
    const int64_t v3[] = {30, 30, 1, 30};
    cas_mse_table *t = table_of(3, p3, v3, 4);
    cas_mse_estimate *e;

    fit_fails(t, model_of("[12]", 3), NULL, CAS_ERR_DIVERGED,
              "model [12]: the maximum-likelihood fit does not exist (the fitted count of "
              "pattern 101, observed 0, runs off to zero");
    /* Under independence list 3 is tied to the others through the main
     * effects: a (wide) estimate exists. */
    e = fit(t, "independence", NULL);
    ck_assert(isfinite(summary_of(e).n_hat));
    cas_mse_estimate_free(e);
    cas_mse_table_free(t);

    /* HIV: no record is on lists 1, 3 and 4 together, so every model with
     * the term [134] has no maximum. */
    t = load(DATA("hiv-rome.csv"));
    fit_fails(t, model_of("[134]", 4), NULL, CAS_ERR_DIVERGED, "observed 0, runs off to zero");
    cas_mse_table_free(t);
}
END_TEST

START_TEST(failure_not_converged)
{
    cas_mse_table *t = load(DATA("hiv-rome.csv"));
    cas_mse_options o;

    cas_mse_options_init(&o);
    o.max_iterations = 1;
    fit_fails(t, model_of("[12]", 4), &o, CAS_ERR_NOT_CONVERGED,
              "model [12]: the fit did not converge in 1 steps");
    o.max_iterations = -1;
    fit_fails(t, 0, &o, CAS_ERR_ARG, "max_iterations must be >= 0");
    cas_mse_table_free(t);
}
END_TEST

START_TEST(interval_bounds_that_cannot_be_found)
{
    /* One record links the lists: at a 99.9% level the profile likelihood
     * does not fall far enough within a thousand times N-hat. */
    const char *p3[] = {"100", "010", "110", "001"};
    const int64_t v3[] = {100, 100, 1, 100};
    cas_mse_table *t = table_of(3, p3, v3, 4);
    cas_mse_options o;
    cas_mse_estimate *e;
    cas_mse_summary s;
    cas_claim c;
    double lo, hi;
    uint32_t flags;

    cas_mse_options_init(&o);
    e = fit(t, "independence", &o);
    ck_assert_int_eq(cas_mse_estimate_interval(e, CAS_MSE_CI_PROFILE, &lo, &hi, &flags), CAS_OK);
    ck_assert_uint_eq(flags, 0);
    ck_assert(isfinite(hi));
    cas_mse_estimate_free(e);

    o.level = 0.999;
    e = fit(t, "independence", &o);
    s = summary_of(e);
    ck_assert_int_eq(cas_mse_estimate_interval(e, CAS_MSE_CI_PROFILE, &lo, &hi, &flags), CAS_OK);
    ck_assert_uint_eq(flags, CAS_MSE_HIGH_NOT_FOUND);
    ck_assert(isinf(hi) && hi > 0);
    ck_assert(lo > 301.0 && lo < s.n_hat);
    ck_assert_uint_eq(s.interval_flags, CAS_MSE_HIGH_NOT_FOUND);
    /* The claim says so with an open upper end. */
    cas_claim_init(&c);
    ck_assert_int_eq(cas_mse_estimate_claim(e, "mse-open", NULL, &c, NULL), CAS_OK);
    ck_assert_int_eq(c.high, CAS_OPEN);
    ck_assert_int_eq(c.low, (int64_t)floor(lo));
    ck_assert_ptr_nonnull(strstr(c.quote, "99.9% profile-likelihood interval"));
    ck_assert_ptr_nonnull(strstr(c.quote, "to unbounded"));
    cas_mse_estimate_free(e);
    cas_mse_table_free(t);
}
END_TEST

START_TEST(interval_low_at_observed)
{
    /* Nearly everyone is on all three lists: the likelihood at N = n is
     * still within the cut-off, so the lower bound is n itself. */
    const char *p3[] = {"100", "010", "110", "001", "101", "011", "111"};
    const int64_t v3[] = {1, 1, 5, 1, 5, 5, 100};
    cas_mse_table *t = table_of(3, p3, v3, 7);
    cas_mse_estimate *e = fit(t, "independence", NULL);
    double lo, hi;
    uint32_t flags;

    ck_assert_int_eq(cas_mse_estimate_interval(e, CAS_MSE_CI_PROFILE, &lo, &hi, &flags), CAS_OK);
    ck_assert_uint_eq(flags, CAS_MSE_LOW_AT_OBSERVED);
    ck_assert(lo == 118.0);
    ck_assert(hi > 118.0 && hi < 120.0);
    cas_mse_estimate_free(e);
    cas_mse_table_free(t);
}
END_TEST

START_TEST(options_are_checked)
{
    cas_mse_table *t = load(DATA("hepatitis-a-taiwan.csv"));
    cas_mse_options o;
    cas_mse_estimate *e;

    cas_mse_options_init(&o);
    ck_assert_uint_eq(o.size, sizeof o);
    ck_assert(o.level == 0.95 && o.support == 2.0 && o.criterion == CAS_MSE_AIC && o.flags == 0);
    o.size = 8;
    fit_fails(t, 0, &o, CAS_ERR_ARG, "options.size is 8");
    cas_mse_options_init(&o);
    o.flags = 0x80;
    fit_fails(t, 0, &o, CAS_ERR_ARG, "unknown option flags 0x80");
    cas_mse_options_init(&o);
    o.criterion = 9;
    fit_fails(t, 0, &o, CAS_ERR_ARG, "unknown criterion 9");
    cas_mse_options_init(&o);
    o.support = -1;
    fit_fails(t, 0, &o, CAS_ERR_ARG, "support must be");
    cas_mse_options_init(&o);
    o.level = NAN;
    fit_fails(t, 0, &o, CAS_ERR_ARG, "confidence level");
    ck_assert_int_eq(cas_mse_fit(NULL, t, 0, NULL, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_mse_fit(&e, NULL, 0, NULL, NULL), CAS_ERR_ARG);

    /* No profile on request; the claim then rests on the log-normal interval. */
    cas_mse_options_init(&o);
    o.flags = CAS_MSE_NO_PROFILE;
    o.level = 0.9;
    e = fit(t, "independence", &o);
    {
        cas_mse_summary s = summary_of(e);
        double lo, hi;
        ck_assert_int_eq(s.interval, CAS_MSE_CI_LOGNORMAL);
        ck_assert(isnan(s.profile_mode));
        ck_assert(s.level == 0.9);
        ck_assert_int_eq(cas_mse_estimate_interval(e, CAS_MSE_CI_PROFILE, &lo, &hi, NULL),
                         CAS_ERR_NOT_FOUND);
        /* Chao's log-normal interval from N-hat and its SE, at z(0.95) */
        {
            double f = s.n_hat - 271.0, z = 1.6448536269514722;
            double c = exp(z * sqrt(log(1.0 + s.se * s.se / (f * f))));
            ck_assert_int_eq(cas_mse_estimate_interval(e, CAS_MSE_CI_LOGNORMAL, &lo, &hi, NULL),
                             CAS_OK);
            REL(lo, 271.0 + f / c, 1e-12);
            REL(hi, 271.0 + f * c, 1e-12);
        }
    }
    cas_mse_estimate_free(e);
    {
        cas_mse_summary small;
        small.size = 4;
        ck_assert_int_eq(cas_mse_estimate_summary(NULL, &small), CAS_ERR_ARG);
    }
    cas_mse_table_free(t);
}
END_TEST

/* ---- model selection --------------------------------------------------------- */

START_TEST(select_three_lists)
{
    cas_mse_table *t = load(DATA("hepatitis-a-taiwan.csv"));
    cas_mse_selection *sel = NULL;
    cas_mse_spread sp;
    cas_mse_options o;
    double crit, delta, prev = -INFINITY;
    uint64_t model;
    int32_t status;
    const char *message;
    uint32_t supported = 0;

    ck_assert_int_eq(cas_mse_select(&sel, t, NULL, NULL), CAS_OK);
    /* Eight hierarchical models; the saturated one is refused. */
    ck_assert_uint_eq(cas_mse_selection_count(sel), 7);
    ck_assert_uint_eq(cas_mse_selection_failed_count(sel), 1);
    ck_assert_int_eq(cas_mse_selection_failed(sel, 0, &model, &status, &message), CAS_OK);
    ck_assert_uint_eq(model, cas_mse_model_two_way(3));
    ck_assert_int_eq(status, CAS_ERR_SATURATED);
    ck_assert_ptr_nonnull(strstr(message, "saturated"));
    ck_assert_int_eq(cas_mse_selection_failed(sel, 1, &model, &status, &message),
                     CAS_ERR_NOT_FOUND);

    memset(&sp, 0, sizeof sp);
    sp.size = sizeof sp;
    ck_assert_int_eq(cas_mse_selection_spread(sel, &sp), CAS_OK);
    ck_assert_int_eq(sp.criterion, CAS_MSE_AIC);
    ck_assert_uint_eq(sp.fitted, 7);
    ck_assert_uint_eq(sp.failed, 1);
    for (size_t i = 0; i < cas_mse_selection_count(sel); i++) {
        const cas_mse_estimate *e = cas_mse_selection_get(sel, i);
        cas_mse_summary s = summary_of(e);
        ck_assert_int_eq(cas_mse_selection_score(sel, i, &crit, &delta), CAS_OK);
        ck_assert(crit == s.aic);
        ck_assert(crit >= prev);
        prev = crit;
        if (delta <= 2.0) {
            supported++;
            /* Well-supported models carry a profile interval... */
            ck_assert_int_eq(s.interval, CAS_MSE_CI_PROFILE);
            ck_assert(s.n_hat >= sp.n_hat_min && s.n_hat <= sp.n_hat_max);
            ck_assert(s.low >= sp.low_min && s.high <= sp.high_max);
        } else {
            /* ...the others the log-normal one. */
            ck_assert_int_eq(s.interval, CAS_MSE_CI_LOGNORMAL);
        }
        /* Each equals its own fit. */
        {
            cas_mse_estimate *again;
            cas_mse_options_init(&o);
            o.flags = CAS_MSE_NO_PROFILE;
            ck_assert_int_eq(cas_mse_fit(&again, t, s.model, &o, NULL), CAS_OK);
            REL(summary_of(again).n_hat, s.n_hat, 1e-12);
            cas_mse_estimate_free(again);
        }
    }
    ck_assert_uint_eq(sp.supported, supported);
    ck_assert_uint_eq(sp.chosen, summary_of(cas_mse_selection_get(sel, 0)).model);
    ck_assert_ptr_null(cas_mse_selection_get(sel, 7));
    ck_assert_int_eq(cas_mse_selection_score(sel, 7, &crit, &delta), CAS_ERR_NOT_FOUND);
    /* Independence (AIC 69.7479) is beaten by a model with an interaction. */
    ck_assert(sp.chosen != CAS_MSE_INDEPENDENCE);
    ck_assert(cas_mse_selection_score(sel, 0, &crit, NULL) == CAS_OK && crit < 69.7479);
    cas_mse_selection_free(sel);

    /* Allowing the saturated model adds it to the ranking. */
    cas_mse_options_init(&o);
    o.flags = CAS_MSE_ALLOW_SATURATED;
    ck_assert_int_eq(cas_mse_select(&sel, t, &o, NULL), CAS_OK);
    ck_assert_uint_eq(cas_mse_selection_count(sel), 8);
    ck_assert_uint_eq(cas_mse_selection_failed_count(sel), 0);
    cas_mse_selection_free(sel);
    cas_mse_table_free(t);
}
END_TEST

START_TEST(select_four_lists_hiv)
{
    cas_mse_table *t = load(DATA("hiv-rome.csv"));
    cas_mse_selection *sel = NULL;
    cas_mse_options o;
    cas_mse_spread sp;
    cas_mse_summary s;
    uint64_t term134 = (uint64_t)1 << pat("1011");
    size_t saturated = 0, diverged = 0, found12 = 0;
    double lo, hi, delta;

    /* AIC: the [12] interaction, as Rcapture's HIV example concludes. */
    ck_assert_int_eq(cas_mse_select(&sel, t, NULL, NULL), CAS_OK);
    /* 113 hierarchical models without the four-way term. */
    ck_assert_uint_eq(cas_mse_selection_count(sel) + cas_mse_selection_failed_count(sel), 113);
    for (size_t i = 0; i < cas_mse_selection_failed_count(sel); i++) {
        uint64_t m;
        int32_t st;
        ck_assert_int_eq(cas_mse_selection_failed(sel, i, &m, &st, NULL), CAS_OK);
        /* No record is on lists 1, 3 and 4 together (cells 1011 and 1111
         * are empty): every model with [134] has no maximum, and so has
         * [123,124,234], whose one residual df rests on those cells. */
        if (st == CAS_ERR_SATURATED) {
            saturated++;
            ck_assert_uint_eq(m, model_of("[123,124,134,234]", 4));
        } else {
            ck_assert_int_eq(st, CAS_ERR_DIVERGED);
            diverged++;
            ck_assert(m & term134 || m == model_of("[123,124,234]", 4));
        }
    }
    ck_assert_uint_eq(saturated, 1);
    ck_assert_uint_eq(diverged, 18);
    memset(&sp, 0, sizeof sp);
    sp.size = sizeof sp;
    ck_assert_int_eq(cas_mse_selection_spread(sel, &sp), CAS_OK);
    ck_assert_uint_eq(sp.chosen, model_of("[12]", 4));
    s = summary_of(cas_mse_selection_get(sel, 0));
    REL(s.aic, 86.6496, 1e-6);
    REL(s.n_hat, 12318.468, 1e-6);
    ABS(s.low, 10265.99, 1e-2);
    ABS(s.high, 14992.33, 1e-2);
    /* Several models are about as good: the spread is the honest answer. */
    ck_assert_uint_ge(sp.supported, 2);
    ck_assert(sp.n_hat_min < s.n_hat || sp.n_hat_max > s.n_hat);
    ck_assert(sp.low_min <= s.low && sp.high_max >= s.high);
    for (size_t i = 0; i < sp.supported; i++) {
        ck_assert_int_eq(cas_mse_selection_score(sel, i, NULL, &delta), CAS_OK);
        ck_assert(delta <= 2.0);
        ck_assert_int_eq(cas_mse_estimate_interval(cas_mse_selection_get(sel, i),
                                                   CAS_MSE_CI_PROFILE, &lo, &hi, NULL),
                         CAS_OK);
    }
    ck_assert_int_eq(cas_mse_selection_score(sel, sp.supported, NULL, &delta), CAS_OK);
    ck_assert(delta > 2.0);
    cas_mse_selection_free(sel);

    /* BIC's heavier penalty prefers independence; [12] comes 2.14 behind. */
    cas_mse_options_init(&o);
    o.criterion = CAS_MSE_BIC;
    ck_assert_int_eq(cas_mse_select(&sel, t, &o, NULL), CAS_OK);
    memset(&sp, 0, sizeof sp);
    sp.size = sizeof sp;
    ck_assert_int_eq(cas_mse_selection_spread(sel, &sp), CAS_OK);
    ck_assert_int_eq(sp.criterion, CAS_MSE_BIC);
    ck_assert_uint_eq(sp.chosen, CAS_MSE_INDEPENDENCE);
    for (size_t i = 0; i < cas_mse_selection_count(sel); i++) {
        s = summary_of(cas_mse_selection_get(sel, i));
        if (s.model == model_of("[12]", 4)) {
            found12 = 1;
            ck_assert_int_eq(cas_mse_selection_score(sel, i, NULL, &delta), CAS_OK);
            REL(s.bic, 119.9346, 1e-6);
            ABS(delta, 119.9346 - summary_of(cas_mse_selection_get(sel, 0)).bic, 1e-4);
            ck_assert(delta > 2.0);
        }
    }
    ck_assert(found12);
    cas_mse_selection_free(sel);
    cas_mse_table_free(t);
}
END_TEST

/* A table of expected counts under the model [12,34]: N = 200000 people
 * with capture probabilities p, twice as likely on list 2 when on list 1,
 * half as likely on list 4 when on list 3. Rounded to whole counts. */
static cas_mse_table *synthetic(uint32_t lists, double *true_n)
{
    static const double p[6] = {0.3, 0.25, 0.2, 0.35, 0.15, 0.1};
    int64_t counts[63];
    double unobserved = 200000.0;
    int64_t observed = 0;
    cas_mse_table *t = NULL;

    for (uint32_t j = 0; j < lists; j++)
        unobserved *= 1.0 - p[j];
    for (uint32_t c = 1; c < (1u << lists); c++) {
        double mu = 200000.0;
        for (uint32_t j = 0; j < lists; j++)
            mu *= ((c >> j) & 1u) ? p[j] : 1.0 - p[j];
        if ((c & 3u) == 3u)
            mu *= 2.0;
        if ((c & 12u) == 12u)
            mu *= 0.5;
        counts[c - 1] = llround(mu);
        observed += counts[c - 1];
    }
    *true_n = (double)observed + unobserved;
    ck_assert_int_eq(cas_mse_table_new(&t, lists, NULL, counts, NULL), CAS_OK);
    return t;
}

static void stepwise_case(uint32_t lists)
{
    double true_n;
    cas_mse_table *t = synthetic(lists, &true_n);
    cas_mse_selection *sel = NULL;
    cas_mse_spread sp;
    cas_mse_summary s;

    ck_assert_int_eq(cas_mse_select(&sel, t, NULL, NULL), CAS_OK);
    memset(&sp, 0, sizeof sp);
    sp.size = sizeof sp;
    ck_assert_int_eq(cas_mse_selection_spread(sel, &sp), CAS_OK);
    /* The stepwise search finds the model that made the data... */
    ck_assert_uint_eq(sp.chosen, model_of("[12,34]", lists));
    /* ...and fits far fewer models than there are (6,893 for five lists). */
    ck_assert_uint_lt(sp.fitted + sp.failed, 200);
    s = summary_of(cas_mse_selection_get(sel, 0));
    REL(s.n_hat, true_n, 1e-4);
    ck_assert(s.low < true_n && s.high > true_n);
    ck_assert(sp.low_min <= s.low && sp.high_max >= s.high);
    ck_assert_uint_eq(sp.interval_flags, 0);
    cas_mse_selection_free(sel);
    cas_mse_table_free(t);
}

START_TEST(select_stepwise_five_lists)
{
    stepwise_case(5);
}
END_TEST

START_TEST(select_stepwise_six_lists)
{
    stepwise_case(6);
}
END_TEST

START_TEST(select_rejects)
{
    cas_mse_table *t = load(DATA("seber.csv"));
    cas_mse_selection *sel = NULL;
    cas_mse_spread sp;
    cas_error err;

    cas_error_init(&err);
    ck_assert_int_eq(cas_mse_select(&sel, t, NULL, &err), CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(err.message, "3 lists or more"));
    ck_assert_int_eq(cas_mse_select(NULL, t, NULL, &err), CAS_ERR_ARG);
    ck_assert_ptr_null(sel);
    ck_assert_uint_eq(cas_mse_selection_count(NULL), 0);
    ck_assert_uint_eq(cas_mse_selection_failed_count(NULL), 0);
    ck_assert_ptr_null(cas_mse_selection_get(NULL, 0));
    sp.size = sizeof sp;
    ck_assert_int_eq(cas_mse_selection_spread(NULL, &sp), CAS_ERR_ARG);
    cas_mse_selection_free(NULL);
    cas_mse_estimate_free(NULL);
    cas_mse_table_free(t);
}
END_TEST

/* ---- estimates as claims -------------------------------------------------------- */

static cas_scope hiv_scope(void)
{
    cas_scope sc;
    cas_scope_init(&sc);
    sc.outcome = "infected";
    sc.group = "hiv-1";
    sc.place = "italy/lazio/rome";
    return sc;
}

START_TEST(estimate_becomes_a_claim)
{
    cas_mse_table *t = load(DATA("hiv-rome.csv"));
    cas_mse_estimate *e = fit(t, "[12]", NULL);
    cas_scope sc = hiv_scope();
    cas_claim c, back;
    cas_ledger *l;
    size_t index;
    cas_error err;

    cas_claim_init(&c);
    ck_assert_int_eq(cas_mse_estimate_claim(e, "mse-hiv-12", &sc, &c, NULL), CAS_OK);
    ck_assert_int_eq(c.low, 10265);  /* 10265.99 rounded down */
    ck_assert_int_eq(c.high, 14993); /* 14992.33 rounded up */
    ck_assert_int_eq(c.best, 12318); /* 12318.468 rounded */
    ck_assert_int_eq(c.qualifier, CAS_QUAL_APPROX);
    ck_assert_int_eq(c.basis, CAS_BASIS_ESTIMATED);
    ck_assert_str_eq(c.source, "MSE log-linear [12]; lists: c1, c2, c3, c4");
    ck_assert_ptr_eq(c.source, cas_mse_estimate_source(e)); /* borrowed */
    ck_assert_str_eq(c.id, "mse-hiv-12");
    ck_assert_str_eq(c.scope.place, "italy/lazio/rome");
    ck_assert_str_eq(c.quote, "N-hat 12318.47 (SE 1188.72), 95% profile-likelihood interval "
                              "10265.99 to 14992.33; 1896 observed on 4 lists");
    cas_error_init(&err);
    ck_assert_msg(cas_claim_validate(&c, &err) == CAS_OK, "%s", err.message);
    {
        cas_claim small = c;
        small.size = 3;
        ck_assert_int_eq(cas_mse_estimate_claim(e, "x", NULL, &small, &err), CAS_ERR_ARG);
        sc.size = 2;
        ck_assert_int_eq(cas_mse_estimate_claim(e, "x", &sc, &small, &err), CAS_ERR_ARG);
        sc.size = sizeof sc;
    }

    /* Into the ledger and back. */
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_msg(cas_ledger_add(l, &c, &err) == CAS_OK, "%s", err.message);
    cas_mse_estimate_free(e); /* the ledger keeps its own copy */
    ck_assert_int_eq(cas_ledger_find(l, "mse-hiv-12", &index), CAS_OK);
    cas_claim_init(&back);
    ck_assert_int_eq(cas_ledger_get(l, index, &back), CAS_OK);
    ck_assert_int_eq(back.low, 10265);
    ck_assert_int_eq(back.high, 14993);
    ck_assert_int_eq(back.best, 12318);
    ck_assert_int_eq(back.qualifier, CAS_QUAL_APPROX);
    ck_assert_int_eq(back.basis, CAS_BASIS_ESTIMATED);
    ck_assert_str_eq(back.source, "MSE log-linear [12]; lists: c1, c2, c3, c4");
    ck_assert_str_eq(back.scope.outcome, "infected");
    ck_assert_ptr_nonnull(strstr(back.quote, "1896 observed"));
    cas_ledger_free(l);

    ck_assert_int_eq(cas_mse_estimate_claim(NULL, "x", NULL, &c, &err), CAS_ERR_ARG);
    cas_mse_table_free(t);
}
END_TEST

START_TEST(two_list_claim)
{
    cas_mse_table *t = load(DATA("seber.csv"));
    cas_mse_estimate *e = NULL;
    cas_claim c;

    ck_assert_int_eq(cas_mse_two_list(&e, t, CAS_MSE_CHAPMAN, NULL, NULL), CAS_OK);
    cas_claim_init(&c);
    ck_assert_int_eq(cas_mse_estimate_claim(e, "seber", NULL, &c, NULL), CAS_OK);
    ck_assert_int_eq(c.low, 2155);
    ck_assert_int_eq(c.high, 2664);
    ck_assert_int_eq(c.best, 2383);
    ck_assert_str_eq(c.quote, "N-hat 2382.80 (SE 129.06), 95% log-normal interval 2155.72 to "
                              "2663.95; 1202 observed on 2 lists");
    /* NULL scope: "everything" (the caller still has to name an outcome). */
    ck_assert_ptr_null(c.scope.outcome);
    ck_assert_int_eq(c.scope.period_start, CAS_DATE_UNKNOWN);
    cas_mse_estimate_free(e);
    cas_mse_table_free(t);
}
END_TEST

START_TEST(selection_claim_carries_model_spread)
{
    cas_mse_table *t = load(DATA("hiv-rome.csv"));
    cas_mse_selection *sel = NULL;
    cas_mse_spread sp;
    cas_scope sc = hiv_scope();
    cas_claim c;
    cas_error err;

    ck_assert_int_eq(cas_mse_select(&sel, t, NULL, NULL), CAS_OK);
    memset(&sp, 0, sizeof sp);
    sp.size = sizeof sp;
    ck_assert_int_eq(cas_mse_selection_spread(sel, &sp), CAS_OK);
    cas_claim_init(&c);
    ck_assert_int_eq(cas_mse_selection_claim(sel, "mse-hiv-aic", &sc, &c, NULL), CAS_OK);
    ck_assert_int_eq(c.low, (int64_t)floor(sp.low_min));
    ck_assert_int_eq(c.high, (int64_t)ceil(sp.high_max));
    ck_assert_int_eq(c.best, (int64_t)llround(summary_of(cas_mse_selection_get(sel, 0)).n_hat));
    ck_assert_int_eq(c.basis, CAS_BASIS_ESTIMATED);
    ck_assert_ptr_nonnull(strstr(c.source, "chosen by AIC; lists: c1, c2, c3, c4"));
    ck_assert_ptr_nonnull(strstr(c.quote, "models within 2 AIC"));
    cas_error_init(&err);
    ck_assert_msg(cas_claim_validate(&c, &err) == CAS_OK, "%s", err.message);
    ck_assert_int_eq(cas_mse_selection_claim(NULL, "x", NULL, &c, &err), CAS_ERR_ARG);
    cas_mse_selection_free(sel);
    cas_mse_table_free(t);
}
END_TEST

START_TEST(estimate_reconciled_against_monitors)
{
    /* End to end: the estimate is a claim like any other. A monitor's
     * documented list (at least the 1896 linked records) and a second
     * source's reported figure sit on the same scope. */
    cas_mse_table *t = load(DATA("hiv-rome.csv"));
    cas_mse_estimate *e = fit(t, "[12]", NULL);
    cas_scope sc = hiv_scope();
    cas_claim est, documented, reported;
    cas_ledger *l;
    cas_reconciliation *r = NULL;
    cas_reconcile_options o;
    cas_scope_result res;
    cas_claim_ref ref;
    size_t n;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    cas_claim_init(&est);
    ck_assert_int_eq(cas_mse_estimate_claim(e, "mse", &sc, &est, NULL), CAS_OK);
    ck_assert_int_eq(cas_ledger_add(l, &est, NULL), CAS_OK);
    cas_claim_init(&documented);
    documented.id = "registry";
    documented.source = "Rome reporting centres";
    documented.basis = CAS_BASIS_DOCUMENTED;
    documented.qualifier = CAS_QUAL_AT_LEAST;
    documented.low = cas_mse_table_observed(t);
    documented.high = CAS_OPEN;
    documented.scope = sc;
    ck_assert_int_eq(cas_ledger_add(l, &documented, NULL), CAS_OK);
    cas_claim_init(&reported);
    reported.id = "press";
    reported.source = "a newspaper";
    reported.qualifier = CAS_QUAL_EXACT;
    reported.low = reported.high = reported.best = 20000;
    reported.scope = sc;
    ck_assert_int_eq(cas_ledger_add(l, &reported, NULL), CAS_OK);

    /* By default a statistical estimate stays out of the consensus. */
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &sc, NULL, NULL), CAS_OK);
    memset(&res, 0, sizeof res);
    res.size = sizeof res;
    ck_assert_int_eq(cas_reconciliation_get(r, 0, &res), CAS_OK);
    ck_assert_uint_eq(res.claims, 2);
    ck_assert_uint_eq(res.excluded, 1);
    ck_assert_int_eq(res.consensus_low, 20000);
    cas_reconciliation_free(r);

    /* Counted in, it conflicts with the newspaper's 20,000 (above its
     * interval) and agrees with the documented floor. */
    cas_reconcile_options_init(&o);
    o.bases = CAS_BASES_DEFAULT | CAS_BASIS_BIT(CAS_BASIS_ESTIMATED);
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &sc, &o, NULL), CAS_OK);
    memset(&res, 0, sizeof res);
    res.size = sizeof res;
    ck_assert_int_eq(cas_reconciliation_get(r, 0, &res), CAS_OK);
    ck_assert_uint_eq(res.claims, 3);
    ck_assert_int_eq(res.has_consensus, 0);
    ck_assert_int_eq(res.conflict_pairs, 1);
    ck_assert_int_eq(res.envelope_low, 1896);
    {
        cas_conflict cf;
        memset(&cf, 0, sizeof cf);
        cf.size = sizeof cf;
        ck_assert_int_eq(cas_reconciliation_conflict(r, 0, 0, &cf), CAS_OK);
        ck_assert_str_eq(cf.higher_id, "press");
        ck_assert_str_eq(cf.lower_id, "mse");
        ck_assert_int_eq(cf.gap, 20000 - 14993);
    }
    /* The consensus high is the estimate's upper bound, and says so. */
    ck_assert_int_eq(res.consensus_high, 14993);
    memset(&ref, 0, sizeof ref);
    ref.size = sizeof ref;
    ck_assert_int_eq(cas_reconciliation_provenance(r, 0, CAS_BOUND_CONSENSUS_HIGH, 0, &ref, &n),
                     CAS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(ref.id, "mse");
    ck_assert_str_eq(ref.source, "MSE log-linear [12]; lists: c1, c2, c3, c4");
    cas_reconciliation_free(r);

    /* Without the newspaper, the estimate and the register agree. */
    cas_ledger_free(l);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_int_eq(cas_ledger_add(l, &est, NULL), CAS_OK);
    ck_assert_int_eq(cas_ledger_add(l, &documented, NULL), CAS_OK);
    cas_mse_estimate_free(e);
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &sc, &o, NULL), CAS_OK);
    memset(&res, 0, sizeof res);
    res.size = sizeof res;
    ck_assert_int_eq(cas_reconciliation_get(r, 0, &res), CAS_OK);
    ck_assert_int_eq(res.has_consensus, 1);
    ck_assert_int_eq(res.consensus_low, 10265);
    ck_assert_int_eq(res.consensus_high, 14993);
    ck_assert_int_eq(res.best, 12318);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
    cas_mse_table_free(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("mse");
    TCase *tables = tcase_create("tables");
    TCase *models = tcase_create("models");
    TCase *failures = tcase_create("failures");
    TCase *selection = tcase_create("selection");
    TCase *claims = tcase_create("claims");

    tcase_add_test(tables, table_from_counts);
    tcase_add_test(tables, table_rejects_bad_arguments);
    tcase_add_test(tables, csv_files_load);
    tcase_add_test(tables, csv_buffer_forms);
    tcase_add_test(tables, csv_bad_input);
    tcase_add_test(tables, csv_file_errors_name_the_file);
    suite_add_tcase(s, tables);

    tcase_add_test(models, model_texts);
    tcase_add_test(models, seber_two_lists);
    tcase_add_test(models, two_lists_as_a_log_linear_model);
    tcase_add_test(models, hepatitis_independence);
    tcase_add_test(models, hiv_independence_plus_12);
    tcase_add_test(models, hiv_all_two_way);
    tcase_add_test(models, saturated_three_lists_closed_form);
    suite_add_tcase(s, models);

    tcase_add_test(failures, two_list_failures);
    tcase_add_test(failures, failure_zero_overlaps);
    tcase_add_test(failures, failure_empty_list);
    tcase_add_test(failures, failure_not_identifiable);
    tcase_add_test(failures, failure_fit_runs_off_to_infinity);
    tcase_add_test(failures, failure_not_converged);
    tcase_add_test(failures, interval_bounds_that_cannot_be_found);
    tcase_add_test(failures, interval_low_at_observed);
    tcase_add_test(failures, options_are_checked);
    suite_add_tcase(s, failures);

    /* Selection fits many models; give it time under sanitizers and valgrind. */
    tcase_set_timeout(selection, 120);
    tcase_add_test(selection, select_three_lists);
    tcase_add_test(selection, select_four_lists_hiv);
    tcase_add_test(selection, select_stepwise_five_lists);
    tcase_add_test(selection, select_stepwise_six_lists);
    tcase_add_test(selection, select_rejects);
    suite_add_tcase(s, selection);

    tcase_set_timeout(claims, 60);
    tcase_add_test(claims, estimate_becomes_a_claim);
    tcase_add_test(claims, two_list_claim);
    tcase_add_test(claims, selection_claim_carries_model_spread);
    tcase_add_test(claims, estimate_reconciled_against_monitors);
    suite_add_tcase(s, claims);

    return tu_run(s);
}
