/* SPDX-License-Identifier: MIT */
/* The CSV loader's fast path (lib/csv.c: scan_line, fast_row) against the
 * loader without it (tests/csv_reference.c, the same file built with
 * CAS_CSV_NO_FAST_PATH): on thousands of generated inputs, plain and
 * nasty (quotes, spaces and tabs at field ends, CR, NUL, bad UTF-8, bad
 * paths, numbers, days and words, duplicate ids, missing and extra
 * fields, multi-line fields, blank lines, a claim phrase column), strict
 * and lenient, into an empty ledger and one that already holds a claim,
 * both must give the same status, the same error (status, line, column,
 * field, file, message), the same rejects and the same ledger. */
#include "testutil.h"

#include "ledger_internal.h"

cas_status ref_csv_load_buffer(cas_ledger *l, const char *data, size_t len, const char *name,
                               cas_error *err);
cas_status ref_csv_load_buffer_lenient(cas_ledger *l, const char *data, size_t len,
                                       const char *name, cas_rejects **rejects, cas_error *err);
size_t ref_rejects_count(const cas_rejects *r);
cas_status ref_rejects_get(const cas_rejects *r, size_t index, cas_error *out);
void ref_rejects_free(cas_rejects *r);

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void add(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        ck_assert_ptr_nonnull(t->s);
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void adds(text *t, const char *s)
{
    add(t, s, strlen(s));
}

static const char *const columns[] = {
    "id",          "source", "source_kind",  "relay",      "basis",       "outcome",   "group",
    "perpetrator", "place",  "period_start", "period_end", "reported_on", "qualifier", "low",
    "high",        "best",   "citation",     "quote",      "claim"};
#define NCOLS ((int)(sizeof columns / sizeof columns[0]))

/* Values that are right for a column, mostly, and some that are not. */
static const char *good_value(int col, int row)
{
    static char buf[32];
    switch (col) {
    case 0:
        snprintf(buf, sizeof buf, "c%d", rnd(8) == 0 ? (int)rnd(6) : row);
        return buf;
    case 1: {
        static const char *v[] = {"SOHR", "SNHR", "Ministry of Health", "AirWars"};
        return v[rnd(4)];
    }
    case 2:
        return rnd(2) ? "monitor" : "";
    case 3:
        return rnd(4) ? "" : "Reuters";
    case 4: {
        static const char *v[] = {"", "reported", "documented", "estimated", "party"};
        return v[rnd(5)];
    }
    case 5:
        return rnd(2) ? "killed" : "wounded";
    case 6: {
        static const char *v[] = {"", "civilians", "civilians/alawite", "combatants/army"};
        return v[rnd(4)];
    }
    case 7:
        return rnd(3) ? "" : "government";
    case 8: {
        static const char *v[] = {"", "syria", "syria/latakia/jableh", "syria/حلب"};
        return v[rnd(4)];
    }
    case 9:
    case 10:
    case 11: {
        static const char *v[] = {"", "2025-03-06", "2025-03-08", "2025-03-12", "2024-12-31"};
        return v[rnd(5)];
    }
    case 12: {
        static const char *v[] = {"", "", "exact", "at_least", "range", "approx", "vague"};
        return v[rnd(7)];
    }
    case 13:
    case 14:
    case 15:
        if (col != 13 && rnd(3) == 0)
            return "";
        snprintf(buf, sizeof buf, "%u", rnd(5) == 0 ? rnd(3) : 100 + rnd(50));
        return buf;
    case 16:
        return rnd(2) ? "bench" : "";
    case 17: {
        static const char *v[] = {
            "",         "at least 315 killed", "\"1,700\" dead, said SOHR", "قتل 12",
            " padded ", "two\nlines"};
        return v[rnd(6)];
    }
    default: {
        static const char *v[] = {"",         "",    "at least 315", "dozens", "5,000-7,000",
                                  "about 40", "many"};
        return v[rnd(7)];
    }
    }
}

static const char *const nasty[] = {
    "",
    " ",
    "\t",
    " a",
    "a ",
    "a\t",
    "x\"y",
    "\"",
    ",",
    "-3",
    "1.5",
    "007",
    "+4",
    "99999999999999999999",
    "9223372036854775807",
    "2025-02-30",
    "0000-01-01",
    "2025-3-6",
    "killed//x",
    "/a",
    "a/",
    "a /b",
    "a/ b",
    "exact ",
    "bogus",
    "party",
    "vague",
    "\xFF\xFE",
    "\xC3\xA9",
    "\xE2\x82",
    "\x01",
    "\x7F",
    "a\rb",
    "a\r\nb",
    "\r",
    "é/ü",
    "SOHR",
    "c1",
    /* long fields and paths: across the eight-byte steps of the checks */
    "aaaaaaa/b",
    "aaaaaaaa/b",
    "aaaaaaa/ b",
    "aaaaaaa /b",
    "aaaaaaa//b",
    "aaaaaaaaaaaaaaa/b",
    "syria/latakia/jableh/x",
    "syria/latakia/jableh//x",
    "abcdefgh\x01ijk",
    "abcdefghijklmno\x7F",
    "abcdefghijklmnop\xC3\xA9",
    "abcdefghijklmnop\xC3",
    "syria/latakia/\xD8\xAD\xD9\x84\xD8\xA8",
    "abcdefghijklmnopqrstuvwxyz,0123",
    "abcdefghijklmnopq\"rs",
    "abcdefghijklmnopqrstu\rv",
    "abcdefghijklmnop ",
    "abcdefghijklmnopqrstuvwxyzabcdef",
    "2025-02-28",
    "2025-02-29",
    "2024-02-29",
    "2025-12-31",
    "2025-12-3x",
};

/* One field, quoted or not; unquoted text is written raw, so that quotes,
 * separators and line ends in it make malformed or split rows. */
static void field(text *t, const char *v, int raw_ok)
{
    int quote =
        rnd(4) == 0 || (!raw_ok && (strpbrk(v, ",\"\r\n") || v[0] == ' ' || v[0] == '\t' ||
                                    (*v && (v[strlen(v) - 1] == ' ' || v[strlen(v) - 1] == '\t'))));
    if (!quote) {
        adds(t, v);
        return;
    }
    adds(t, "\"");
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            adds(t, "\"");
        add(t, p, 1);
    }
    adds(t, "\"");
}

/* A whole input: a header of some columns (the required ones mostly
 * there), then rows. */
static void make_input(text *t)
{
    int cols[NCOLS], ncols = 0, chaos = rnd(4) == 0, rows = 1 + (int)rnd(12);
    const char *eol = rnd(4) == 0 ? "\r\n" : "\n";

    t->len = 0;
    if (rnd(20) == 0)
        adds(t, "\xEF\xBB\xBF");
    for (int c = 0; c < NCOLS; c++) {
        int required = c == 0 || c == 1 || c == 5 || c == 13;
        if ((required && rnd(40) != 0) || (!required && rnd(3) != 0))
            cols[ncols++] = c;
    }
    for (int i = ncols - 1; i > 0 && rnd(3) == 0; i--) { /* sometimes shuffled */
        int j = (int)rnd((uint32_t)i + 1), x = cols[i];
        cols[i] = cols[j];
        cols[j] = x;
    }
    for (int i = 0; i < ncols; i++) {
        if (i)
            adds(t, ",");
        adds(t, columns[cols[i]]);
    }
    adds(t, eol);
    for (int r = 0; r < rows; r++) {
        int n = ncols;
        if (rnd(15) == 0)
            n += rnd(2) ? -1 : 1; /* a field too few or too many */
        if (rnd(25) == 0)
            adds(t, eol); /* a blank line */
        for (int i = 0; i < n; i++) {
            const char *v;
            if (i)
                adds(t, ",");
            if (i >= ncols)
                v = "extra";
            else if (chaos ? rnd(3) == 0 : rnd(12) == 0)
                v = nasty[rnd((uint32_t)(sizeof nasty / sizeof nasty[0]))];
            else
                v = good_value(cols[i], r);
            if (rnd(150) == 0) { /* a NUL byte, in a short or a long field */
                static const char nul[] = "0123456789\0abcdefghij";
                size_t at = rnd(3);
                add(t, nul + (at == 0 ? 9 : at == 1 ? 0 : 5), at == 0 ? 3 : at == 1 ? 21 : 11);
                continue;
            }
            field(t, v, chaos);
        }
        if (r + 1 < rows || rnd(5) != 0)
            adds(t, eol);
    }
}

static void same_error(const cas_error *a, const cas_error *b, const char *input)
{
    ck_assert_msg(a->status == b->status && a->line == b->line && a->column == b->column &&
                      strcmp(a->field, b->field) == 0 && strcmp(a->file, b->file) == 0 &&
                      strcmp(a->message, b->message) == 0,
                  "fast: %d %lld:%lld [%s] %s\nreference: %d %lld:%lld [%s] %s\ninput:\n%s",
                  a->status, (long long)a->line, (long long)a->column, a->field, a->message,
                  b->status, (long long)b->line, (long long)b->column, b->field, b->message, input);
}

static cas_ledger *new_ledger(int prefill)
{
    cas_ledger *l = NULL;
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    if (prefill) {
        cas_claim c = tu_claim("c1", "SOHR", 5, 5);
        ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    }
    return l;
}

static void same_ledger(cas_ledger *a, cas_ledger *b, const char *input)
{
    char *x = tu_snapshot(a), *y = tu_snapshot(b);
    size_t i;
    ck_assert_msg(strcmp(x, y) == 0, "ledgers differ\nfast:\n%s\nreference:\n%s\ninput:\n%s", x, y,
                  input);
    cas_free(x);
    cas_free(y);
    ck_assert_uint_eq(cas_ledger_count(a), cas_ledger_count(b));
    for (i = 0; i < cas_ledger_count(a); i++) {
        cas_claim c;
        size_t j;
        int32_t ca, cb;
        cas_claim_init(&c);
        ck_assert_int_eq(cas_ledger_get(a, i, &c), CAS_OK);
        ck_assert_int_eq(cas_ledger_find(a, c.id, &j), CAS_OK);
        ck_assert_uint_eq(j, i);
        ck_assert_int_eq(cas_ledger_find(b, c.id, &j), CAS_OK);
        ck_assert_uint_eq(j, i);
        ck_assert_int_eq(cas_ledger_is_current(a, i, &ca), CAS_OK);
        ck_assert_int_eq(cas_ledger_is_current(b, i, &cb), CAS_OK);
        ck_assert_int_eq(ca, cb);
    }
}

static void compare_one(const text *in, int prefill)
{
    cas_ledger *a = new_ledger(prefill), *b = new_ledger(prefill);
    cas_rejects *ra = NULL, *rb = NULL;
    cas_error ea, eb;
    cas_status sa, sb;

    cas_error_init(&ea);
    cas_error_init(&eb);
    sa = cas_csv_load_buffer(a, in->s, in->len, "in.csv", &ea);
    sb = ref_csv_load_buffer(b, in->s, in->len, "in.csv", &eb);
    ck_assert_int_eq(sa, sb);
    same_error(&ea, &eb, in->s);
    same_ledger(a, b, in->s);
    cas_ledger_free(a);
    cas_ledger_free(b);

    a = new_ledger(prefill);
    b = new_ledger(prefill);
    cas_error_init(&ea);
    cas_error_init(&eb);
    sa = cas_csv_load_buffer_lenient(a, in->s, in->len, "in.csv", &ra, &ea);
    sb = ref_csv_load_buffer_lenient(b, in->s, in->len, "in.csv", &rb, &eb);
    ck_assert_int_eq(sa, sb);
    same_error(&ea, &eb, in->s);
    if (sa == CAS_OK) {
        ck_assert_uint_eq(cas_rejects_count(ra), ref_rejects_count(rb));
        for (size_t i = 0; i < cas_rejects_count(ra); i++) {
            cas_error x, y;
            cas_error_init(&x);
            cas_error_init(&y);
            ck_assert_int_eq(cas_rejects_get(ra, i, &x), CAS_OK);
            ck_assert_int_eq(ref_rejects_get(rb, i, &y), CAS_OK);
            same_error(&x, &y, in->s);
        }
    }
    same_ledger(a, b, in->s);
    cas_rejects_free(ra);
    ref_rejects_free(rb);
    cas_ledger_free(a);
    cas_ledger_free(b);
}

START_TEST(fast_path_gives_what_libcsv_gives)
{
    text in = {NULL, 0, 0};

    rng_state = 0x9E3779B97F4A7C15ull + (uint64_t)_i * 7919u;
    for (int k = 0; k < 500; k++) {
        make_input(&in);
        compare_one(&in, k % 3 == 0);
    }
    free(in.s);
}
END_TEST

/* A file that the fast path takes whole: many rows, a long one, and rows
 * the general way takes in between; the ledger must be the one the
 * reference builds, and revisions the same. */
START_TEST(big_plain_file_matches)
{
    text in = {NULL, 0, 0};
    cas_ledger *a = new_ledger(0), *b = new_ledger(0);
    char row[256];

    adds(&in, "id,source,outcome,group,place,period_start,period_end,reported_on,low,high,"
              "best,quote\n");
    for (int i = 0; i < 20000; i++) {
        snprintf(row, sizeof row,
                 "c%d,S%d,killed,civilians,syria/p%d,2025-03-06,2025-03-%02d,"
                 "2025-04-%02d,%d,%s,,\"say \"\"%d\"\", ok\"\n",
                 i, i % 7, i % 500, 6 + i % 20, 1 + i % 28, i % 300, i % 4 ? "" : "400", i);
        adds(&in, row);
        if (i % 997 == 0) { /* rows libcsv takes: a trimmed space, a field of two lines */
            snprintf(row, sizeof row, "d%d, SOHR ,killed,,,,,,1,,,\"two\nlines\"\n", i);
            adds(&in, row);
        }
    }
    ck_assert_int_eq(cas_csv_load_buffer(a, in.s, in.len, "big", NULL),
                     ref_csv_load_buffer(b, in.s, in.len, "big", NULL));
    same_ledger(a, b, "(big file)");
    cas_ledger_free(a);
    cas_ledger_free(b);
    free(in.s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("csv_fast");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, fast_path_gives_what_libcsv_gives, 0, 8);
    tcase_add_test(tc, big_plain_file_matches);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
