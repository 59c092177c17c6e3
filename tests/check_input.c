/* SPDX-License-Identifier: MIT */
/* Hostile input that used to read silently wrong or be told unclearly:
 * a NUL byte in a field (every reader: claims, MSE tables, each importer,
 * the mapping file, the vocabulary, the infobox), line ends that are a
 * lone CR, bytes outside printable ASCII in messages, a doubled byte
 * order mark, "nearly 1" and "fewer than 0", an empty `claim` cell in a
 * file without `low`. */
#include "testutil.h"

/* ---- helpers ---- */

/* A ledger, and the error of a call that must fail with @st. */
static cas_ledger *new_ledger(void)
{
    cas_ledger *l = NULL;
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    return l;
}

static void claims_fail(const char *data, size_t len, cas_status st, cas_error *e)
{
    cas_ledger *l = new_ledger();
    cas_error_init(e);
    ck_assert_int_eq(cas_csv_load_buffer(l, data, len, "in.csv", e), st);
    ck_assert_uint_eq(cas_ledger_count(l), 0);
    cas_ledger_free(l);
}

static void import_fail(const char *format, const char *data, size_t len, cas_status st,
                        cas_error *e)
{
    cas_ledger *l = new_ledger();
    cas_error_init(e);
    ck_assert_msg(cas_import_buffer(l, format, data, len, "in.csv", NULL, e) == st, "%s: %s",
                  format, e->message);
    ck_assert_uint_eq(cas_ledger_count(l), 0);
    cas_ledger_free(l);
}

/* A temporary file holding the @len bytes at @data; its path in @path. */
static void temp_file(char *path, size_t size, const char *data, size_t len)
{
    snprintf(path, size, "%s/cas-input-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *fp = fdopen(fd, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
    ck_assert_int_eq(fclose(fp), 0);
}

static const char claims_head[] = "id,source,outcome,low\n";

/* ---- NUL bytes ---- */

/* "SOHR\0-fake" loaded as "SOHR" merged two sources; now the row is refused,
 * on the fast path (a plain line) and on libcsv's (a quoted field over
 * two lines), in strict mode and as a reject in lenient mode. */
START_TEST(claims_nul_refused)
{
    static const char plain[] =
        "id,source,outcome,low\na1,SOHR,killed,5\na2,SOHR\0-fake,killed,6\n";
    static const char quoted[] = "id,source,outcome,low\na1,SOHR,killed,5\n"
                                 "a2,\"SOHR\n\0-fake\",killed,6\n";
    cas_error e;

    claims_fail(plain, sizeof plain - 1, CAS_ERR_ENCODING, &e);
    ck_assert_int_eq(e.line, 3);
    ck_assert_int_eq(e.column, 2);
    ck_assert_str_eq(e.field, "source");
    ck_assert_str_eq(e.message,
                     "in.csv:3:2: field 'source': a NUL byte (at byte 5 of the field): text "
                     "cannot hold one");
    claims_fail(quoted, sizeof quoted - 1, CAS_ERR_ENCODING, &e);
    ck_assert_int_eq(e.line, 3);
    ck_assert_str_eq(e.field, "source");

    /* Lenient: the row is a reject, the good one loads. */
    cas_ledger *l = new_ledger();
    cas_rejects *rj = NULL;
    cas_error_init(&e);
    ck_assert_int_eq(cas_csv_load_buffer_lenient(l, plain, sizeof plain - 1, "in.csv", &rj, &e),
                     CAS_OK);
    ck_assert_uint_eq(cas_ledger_count(l), 1);
    ck_assert_uint_eq(cas_rejects_count(rj), 1);
    ck_assert_int_eq(cas_rejects_get(rj, 0, &e), CAS_OK);
    ck_assert_int_eq(e.status, CAS_ERR_ENCODING);
    ck_assert_int_eq(e.line, 3);
    ck_assert_str_eq(e.field, "source");
    cas_rejects_free(rj);
    cas_ledger_free(l);

    /* Every column, and a NUL in the header. */
    static const char *const rows[] = {"a\0x,S,killed,5\n", "a,S,kil\0led,5\n", "a,S,killed,5\0\n"};
    static const char *const fields[] = {"id", "outcome", "low"};
    for (size_t i = 0; i < 3; i++) {
        char buf[128];
        size_t n = sizeof claims_head - 1;
        memcpy(buf, claims_head, n);
        memcpy(buf + n, rows[i], 15); /* the row's 15 bytes, its NUL among them */
        n += 15;
        claims_fail(buf, n, CAS_ERR_ENCODING, &e);
        ck_assert_str_eq(e.field, fields[i]);
        ck_assert_int_eq(e.line, 2);
    }
    static const char head[] = "id,sou\0rce,outcome,low\na,S,killed,5\n";
    claims_fail(head, sizeof head - 1, CAS_ERR_ENCODING, &e);
    ck_assert_int_eq(e.line, 1);
    ck_assert_int_eq(e.column, 2);
    ck_assert_ptr_nonnull(strstr(e.message, "'sou\\x00rce'"));
}
END_TEST

START_TEST(claims_file_nul_refused)
{
    static const char plain[] = "id,source,outcome,low\na1,SOHR\0-fake,killed,6\n";
    char path[256];
    cas_error e;
    cas_ledger *l = new_ledger();

    temp_file(path, sizeof path, plain, sizeof plain - 1);
    cas_error_init(&e);
    ck_assert_int_eq(cas_csv_load(l, path, &e), CAS_ERR_ENCODING);
    ck_assert_int_eq(e.line, 2);
    ck_assert_str_eq(e.field, "source");
    ck_assert_str_eq(e.file, path);
    ck_assert_uint_eq(cas_ledger_count(l), 0);
    unlink(path);
    cas_ledger_free(l);
}
END_TEST

START_TEST(mse_table_nul_refused)
{
    static const char t[] = "A,B,count\n1,0,5\n0,1,7\n1,1,3\0\n";
    cas_mse_table *tb = NULL;
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_mse_table_load_buffer(&tb, t, sizeof t - 1, "t.csv", &e),
                     CAS_ERR_ENCODING);
    ck_assert_ptr_null(tb);
    ck_assert_int_eq(e.line, 4);
    ck_assert_int_eq(e.column, 3);
    ck_assert_str_eq(e.field, "count");
    ck_assert_ptr_nonnull(strstr(e.message, "t.csv:4:3: field 'count': a NUL byte"));
}
END_TEST

/* Each format's header with a NUL in its second name, and rows of three
 * formats with a NUL in a data field: refused, named, nothing added. */
START_TEST(importers_nul_refused)
{
    static const char *const formats[] = {"ucdp-ged", "ucdp-brd", "prio", "acled", "ibc", "tfp"};
    cas_error e;

    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        static const char head[] = "id,na\0me,other\n1,2,3\n";
        import_fail(formats[i], head, sizeof head - 1, CAS_ERR_ENCODING, &e);
        ck_assert_int_eq(e.line, 1);
        ck_assert_int_eq(e.column, 2);
    }

    static const char ged[] =
        "id,type_of_violence,side_a,side_b,country,adm_1,adm_2,date_start,date_end,"
        "deaths_a,deaths_b,deaths_civilians,deaths_unknown,low,best,high\n"
        "1,1,Government of Syria,IS\0-fake,Syria,NA,NA,2016-01-01,2016-01-01,1,2,0,0,3,3,3\n";
    import_fail("ucdp-ged", ged, sizeof ged - 1, CAS_ERR_ENCODING, &e);
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_eq(e.column, 4);
    ck_assert_str_eq(e.field, "side_b");

    static const char acled[] = "event_id_cnty,event_date,event_type,actor1,actor2,country,"
                                "admin1,admin2,admin3,fatalities,source,notes\n"
                                "SYR1,2020-01-01,Battles,A,B,Syria,Homs,,,3,SOHR\0-fake,n\n";
    import_fail("acled", acled, sizeof acled - 1, CAS_ERR_ENCODING, &e);
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_eq(e.column, 11);
    ck_assert_str_eq(e.field, "source");

    /* In a quoted field over two lines: the line of the NUL. */
    static const char ibc[] = "IBC code,Start Date,End Date,Location,Reported Minimum,"
                              "Reported Maximum,Sources,Target\n"
                              "k1,2004-01-01,2004-01-01,Baghdad,3,4,\"AP\nReu\0ters\",market\n";
    import_fail("ibc", ibc, sizeof ibc - 1, CAS_ERR_ENCODING, &e);
    ck_assert_int_eq(e.line, 3);
    ck_assert_int_eq(e.column, 7);
    ck_assert_str_eq(e.field, "Sources");

    static const char box[] = "{{Infobox military conflict\n| casualties3 = 5 killed\0 more\n}}\n";
    import_fail("infobox", box, sizeof box - 1, CAS_ERR_ENCODING, &e);
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_eq(e.column, 25);
}
END_TEST

START_TEST(mapping_nul_refused)
{
    static const char map[] = "id = {key}\noutcome = kil\0led\nlow = {n}\nsource = S\n";
    static const char data[] = "key,n\na,5\n";
    char path[256];
    cas_import_options o;
    cas_error e;
    cas_ledger *l = new_ledger();

    temp_file(path, sizeof path, map, sizeof map - 1);
    cas_import_options_init(&o);
    o.mapping = path;
    cas_error_init(&e);
    ck_assert_int_eq(cas_import_buffer(l, "mapping", data, sizeof data - 1, "d.csv", &o, &e),
                     CAS_ERR_ENCODING);
    ck_assert_str_eq(e.file, path);
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_eq(e.column, 14);
    ck_assert_uint_eq(cas_ledger_count(l), 0);

    /* Without the NUL, and with lone-CR line ends, it works. */
    static const char good[] = "id = {key}\routcome = killed\rlow = {n}\rsource = S\r";
    unlink(path);
    temp_file(path, sizeof path, good, sizeof good - 1);
    cas_error_init(&e);
    ck_assert_msg(cas_import_buffer(l, "mapping", data, sizeof data - 1, "d.csv", &o, &e) == CAS_OK,
                  "%s", e.message);
    ck_assert_uint_eq(cas_ledger_count(l), 1);
    unlink(path);
    cas_ledger_free(l);
}
END_TEST

START_TEST(vocab_nul_refused)
{
    static const char v[] = "# a vocabulary\ngroup civilians/chil\0dren\n";
    cas_vocab *vb = NULL;
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_vocab_load_buffer(&vb, v, sizeof v - 1, "v.txt", &e), CAS_ERR_ENCODING);
    ck_assert_ptr_null(vb);
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_eq(e.column, 21);
}
END_TEST

/* ---- lone CR line ends ---- */

START_TEST(cr_only_lines_counted)
{
    static const char claims[] = "id,source,outcome,low\ra1,S,killed,5\ra2,S,killed,x\r";
    static const char quoted[] = "id,source,outcome,low\ra1,\"S\rT\",killed,5\ra2,S,killed,x\r";
    static const char mixed[] = "id,source,outcome,low\r\na1,S,killed,5\ra2,S,killed,5\n"
                                "a3,S,killed,x\r\n";
    cas_error e;

    claims_fail(claims, sizeof claims - 1, CAS_ERR_NUMBER, &e);
    ck_assert_int_eq(e.line, 3);
    ck_assert_int_eq(e.column, 4);
    ck_assert_str_eq(e.message, "in.csv:3:4: field 'low': expected a whole number >= 0, got 'x'");
    claims_fail(quoted, sizeof quoted - 1, CAS_ERR_NUMBER, &e);
    ck_assert_int_eq(e.line, 4);
    claims_fail(mixed, sizeof mixed - 1, CAS_ERR_NUMBER, &e);
    ck_assert_int_eq(e.line, 4);

    /* The good rows load, the quoted CR kept. */
    static const char good[] = "id,source,outcome,low\ra1,\"S\rT\",killed,5\ra2,S,killed,6\r";
    cas_ledger *l = new_ledger();
    cas_claim c;
    cas_error_init(&e);
    ck_assert_int_eq(cas_csv_load_buffer(l, good, sizeof good - 1, "in.csv", &e), CAS_OK);
    ck_assert_uint_eq(cas_ledger_count(l), 2);
    cas_claim_init(&c);
    ck_assert_int_eq(cas_ledger_get(l, 0, &c), CAS_OK);
    ck_assert_str_eq(c.source, "S\rT");
    cas_ledger_free(l);

    /* An importer, an MSE table and a vocabulary. */
    static const char ged[] =
        "id,type_of_violence,side_a,side_b,country,adm_1,adm_2,date_start,date_end,"
        "deaths_a,deaths_b,deaths_civilians,deaths_unknown,low,best,high\r"
        "1,1,Government of Syria,IS,Syria,NA,NA,2016-01-01,2016-01-01,1,2,0,0,3,3,3\r"
        "2,1,Government of Syria,IS,Syria,NA,NA,2016-01-01,2016-01-01,1,2,0,0,3,x,3\r";
    import_fail("ucdp-ged", ged, sizeof ged - 1, CAS_ERR_NUMBER, &e);
    ck_assert_int_eq(e.line, 3);
    static const char t[] = "A,B,count\r1,0,5\r0,1,7\r1,1,x\r";
    cas_mse_table *tb = NULL;
    cas_error_init(&e);
    ck_assert_int_eq(cas_mse_table_load_buffer(&tb, t, sizeof t - 1, "t.csv", &e), CAS_ERR_NUMBER);
    ck_assert_int_eq(e.line, 4);
    static const char v[] = "# a\r# b\rfoo bar baz qux\r";
    cas_vocab *vb = NULL;
    cas_error_init(&e);
    ck_assert_int_ne(cas_vocab_load_buffer(&vb, v, sizeof v - 1, "v.txt", &e), CAS_OK);
    ck_assert_int_eq(e.line, 3);
}
END_TEST

/* A "\r\n" split by the reader's 1 MiB blocks is one line end. */
START_TEST(crlf_across_blocks)
{
    size_t block = 1u << 20, n = 0, rows = 0;
    char *data = malloc(block + 256);
    char path[256];
    cas_error e;

    ck_assert_ptr_nonnull(data);
    n += (size_t)sprintf(data, "id,source,outcome,low,quote\r\n");
    /* Rows of about 1000 bytes, the last one ending in the first block's
     * last byte, a '\r', its '\n' in the next block. */
    for (;;) {
        int head = sprintf(data + n, "a%zu,S,killed,5,", rows);
        size_t pad = block - n - (size_t)head - 1; /* the last row's */
        if (pad > 3000)
            pad = 1000;
        memset(data + n + (size_t)head, 'q', pad);
        n += (size_t)head + pad;
        rows++;
        if (n == block - 1) {
            data[n++] = '\r';
            break;
        }
        data[n++] = '\r';
        data[n++] = '\n';
    }
    ck_assert_uint_eq(n, block);
    n += (size_t)sprintf(data + n, "\nbad,S,killed,x,\r\n");
    temp_file(path, sizeof path, data, n);
    cas_ledger *l = new_ledger();
    cas_error_init(&e);
    ck_assert_msg(cas_csv_load(l, path, &e) == CAS_ERR_NUMBER, "%s", e.message);
    ck_assert_int_eq(e.line, (int64_t)rows + 2);
    ck_assert_uint_eq(cas_ledger_count(l), 0);
    /* Without the bad row, every row loads. */
    data[block + 1] = '\0';
    unlink(path);
    temp_file(path, sizeof path, data, block + 1);
    cas_error_init(&e);
    ck_assert_msg(cas_csv_load(l, path, &e) == CAS_OK, "%s", e.message);
    ck_assert_uint_eq(cas_ledger_count(l), rows);
    cas_ledger_free(l);
    unlink(path);
    free(data);
}
END_TEST

/* ---- what messages show ---- */

START_TEST(doubled_bom_named_readably)
{
    static const char two[] = "\xEF\xBB\xBF\xEF\xBB\xBFid,source,outcome,low\na,S,killed,5\n";
    static const char quoted[] =
        "\xEF\xBB\xBF\"\xEF\xBB\xBFid\",source,outcome,low\na,S,killed,5\n";
    cas_error e;

    claims_fail(two, sizeof two - 1, CAS_ERR_HEADER, &e);
    ck_assert_int_eq(e.line, 1);
    ck_assert_int_eq(e.column, 1);
    ck_assert_ptr_nonnull(strstr(e.message, "unknown column '\\uFEFFid'"));
    ck_assert_ptr_nonnull(strstr(e.message, "second byte order mark"));
    claims_fail(quoted, sizeof quoted - 1, CAS_ERR_HEADER, &e);
    ck_assert_ptr_nonnull(strstr(e.message, "unknown column '\\uFEFFid'"));
    import_fail("acled", two, sizeof two - 1, CAS_ERR_HEADER, &e);
    ck_assert_ptr_nonnull(strstr(e.message, "unknown column '\\uFEFFid'"));

    /* One BOM is fine. */
    cas_ledger *l = new_ledger();
    cas_error_init(&e);
    ck_assert_int_eq(cas_csv_load_buffer(l, two + 3, sizeof two - 4, "in.csv", &e), CAS_OK);
    cas_ledger_free(l);
}
END_TEST

static const struct {
    const char *cell, *shown;
} shown_cases[] = {
    {"\xC3\xA9t\xC3\xA9", "'\xC3\xA9t\xC3\xA9'"}, /* valid UTF-8 as it is */
    {"\xD8\xB9\xD8\xB4\xD8\xB1\xD8\xA9", "'\xD8\xB9\xD8\xB4\xD8\xB1\xD8\xA9'"},
    {"x\xFFy", "'x\\xFFy'"},         /* not UTF-8 */
    {"x\xC3", "'x\\xC3'"},           /* cut short */
    {"a\x1B[31mb", "'a\\x1B[31mb'"}, /* a terminal escape */
    {"a\x07", "'a\\x07'"},           /* BEL */
    {"1\xE2\x80\xAE"
     "2",
     "'1\\u202E2'"},                 /* a bidi override */
    {"1\xEF\xBF\xBE", "'1\\uFFFE'"}, /* a noncharacter */
    {"1\xE2\x80\x8B"
     "2",
     "'1\\u200B2'"},      /* zero width */
    {"a\\b", "'a\\\\b'"}, /* a backslash */
};

START_TEST(messages_show_bytes_readably)
{
    char buf[512];
    cas_error e;

    snprintf(buf, sizeof buf, "%sa,S,killed,%s\n", claims_head, shown_cases[_i].cell);
    claims_fail(buf, strlen(buf), CAS_ERR_NUMBER, &e);
    ck_assert_msg(strstr(e.message, shown_cases[_i].shown) != NULL, "%s lacks %s", e.message,
                  shown_cases[_i].shown);
    ck_assert_int_eq(e.column, 4);
}
END_TEST

/* A long value is cut at a character, never inside one: the message stays
 * UTF-8. */
START_TEST(long_excerpts_cut_at_characters)
{
    char buf[512], cell[256] = "";
    cas_error e;

    for (int i = 0; i < 40; i++)
        strcat(cell, i % 2 ? "\xD8\xB9" : "\xE2\x80\xAE");
    snprintf(buf, sizeof buf, "%sa,S,killed,x%s\n", claims_head, cell);
    claims_fail(buf, strlen(buf), CAS_ERR_NUMBER, &e);
    ck_assert_ptr_nonnull(strstr(e.message, "...'"));
    ck_assert_ptr_nonnull(strstr(e.message, "'x\\u202E\xD8\xB9"));
    /* Valid UTF-8: a decoder of the whole message would fail otherwise. */
    for (const unsigned char *p = (const unsigned char *)e.message; *p;) {
        int n = *p < 0x80 ? 1 : *p >= 0xE0 ? 3 : 2;
        for (int k = 1; k < n; k++)
            ck_assert_int_eq(p[k] & 0xC0, 0x80);
        p += n;
    }
}
END_TEST

/* ---- figures ---- */

static size_t parse_count(const char *text, int64_t *low, int64_t *high)
{
    cas_phrase_result *r = NULL;
    cas_error e;
    cas_claim c;

    cas_error_init(&e);
    ck_assert_int_eq(cas_phrase_parse(&r, NULL, text, strlen(text), CAS_PHRASE_PROSE, &e), CAS_OK);
    size_t n = cas_phrase_result_count(r);
    if (n) {
        cas_claim_init(&c);
        ck_assert_int_eq(cas_phrase_result_claim(r, 0, &c), CAS_OK);
        *low = c.low;
        *high = c.high;
    }
    cas_phrase_result_free(r);
    return n;
}

START_TEST(hedges_that_leave_no_count)
{
    int64_t low = -1, high = -1;
    cas_error e;

    ck_assert_uint_eq(parse_count("nearly 1 person was killed", &low, &high), 0);
    ck_assert_uint_eq(parse_count("nearly 0 people were killed", &low, &high), 0);
    ck_assert_uint_eq(parse_count("fewer than 0 people were killed", &low, &high), 0);
    ck_assert_uint_eq(parse_count("almost 1 person was killed", &low, &high), 0);
    /* Their neighbours still read. */
    ck_assert_uint_eq(parse_count("fewer than 1 person was killed", &low, &high), 1);
    ck_assert_int_eq(low, 0);
    ck_assert_int_eq(high, 0);
    ck_assert_uint_eq(parse_count("nearly 2 people were killed", &low, &high), 1);
    ck_assert_int_eq(low, 1);
    ck_assert_int_eq(high, 1);
    ck_assert_uint_eq(parse_count("fewer than 10 people were killed", &low, &high), 1);
    ck_assert_int_eq(high, 9);

    /* In a `claim` cell: refused, not [0, 0]. */
    static const char csv[] = "id,source,outcome,claim\na,S,killed,nearly 1\n";
    claims_fail(csv, sizeof csv - 1, CAS_ERR_PARSE, &e);
    ck_assert_str_eq(e.field, "claim");
    static const char csv0[] = "id,source,outcome,claim\na,S,killed,fewer than 0\n";
    claims_fail(csv0, sizeof csv0 - 1, CAS_ERR_PARSE, &e);
    ck_assert_str_eq(e.field, "claim");
}
END_TEST

START_TEST(empty_claim_cell_named)
{
    static const char csv[] = "id,source,outcome,claim\na,S,killed,at least 5\nb,S,killed,\n";
    static const char both[] = "id,source,outcome,low,claim\nb,S,killed,,\n";
    cas_error e;

    claims_fail(csv, sizeof csv - 1, CAS_ERR_MISSING, &e);
    ck_assert_str_eq(e.field, "claim");
    ck_assert_int_eq(e.line, 3);
    ck_assert_int_eq(e.column, 4);
    ck_assert_ptr_null(strstr(e.message, "'low'"));
    /* With a low column, the empty low is what is missing. */
    claims_fail(both, sizeof both - 1, CAS_ERR_MISSING, &e);
    ck_assert_str_eq(e.field, "low");
    ck_assert_int_eq(e.column, 4);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("input");
    TCase *tc = tcase_create("input");
    tcase_add_test(tc, claims_nul_refused);
    tcase_add_test(tc, claims_file_nul_refused);
    tcase_add_test(tc, mse_table_nul_refused);
    tcase_add_test(tc, importers_nul_refused);
    tcase_add_test(tc, mapping_nul_refused);
    tcase_add_test(tc, vocab_nul_refused);
    tcase_add_test(tc, cr_only_lines_counted);
    tcase_add_test(tc, crlf_across_blocks);
    tcase_add_test(tc, doubled_bom_named_readably);
    tcase_add_loop_test(tc, messages_show_bytes_readably, 0,
                        (int)(sizeof shown_cases / sizeof shown_cases[0]));
    tcase_add_test(tc, long_excerpts_cut_at_characters);
    tcase_add_test(tc, hedges_that_leave_no_count);
    tcase_add_test(tc, empty_claim_cell_named);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
