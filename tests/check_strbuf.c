/* SPDX-License-Identifier: MIT */
/* The library's string buffer and its one rule for quoting a CSV field
 * (lib/strbuf.c): a field is quoted when it holds a ',', a '"', a CR or a
 * LF, or starts or ends with a space or a tab, and every field written by
 * that rule reads back through the loader as it was. The buffer is
 * internal: this test links the internal convenience library. */
#include "testutil.h"
#include "strbuf_internal.h"
#include "alloc_internal.h"
#include "pool_internal.h"

/* The rule, written the slow and obvious way. */
static int rule(const char *s, size_t n)
{
    if (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        return 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            return 1;
    return 0;
}

START_TEST(quotes_by_the_rule)
{
    static const struct {
        const char *s;
        int quoted;
    } cases[] = {
        {"", 0},
        {"plain", 0},
        {"two words", 0},
        {"a\tb", 0},
        {"caf\xc3\xa9", 0},
        {"a,b", 1},
        {"say \"no\"", 1},
        {"line\nend", 1},
        {"cr\rhere", 1},
        {" lead", 1},
        {"trail ", 1},
        {"\tlead", 1},
        {"trail\t", 1},
        {" ", 1},
        {"\t", 1},
        {"a longer field, past eight bytes", 1},
        {"a longer field past eight bytes", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(cas__csv_needs_quotes(cases[i].s, strlen(cases[i].s)) == cases[i].quoted,
                      "'%s'", cases[i].s);
}
END_TEST

/* Each special byte at each place of fields of 0 to 40 bytes, so that the
 * eight-at-a-time scan meets it in every lane and in the tail. */
START_TEST(fast_scan_matches_the_rule)
{
    static const char special[] = {',', '"', '\n', '\r', ' ', '\t', 'x', '\x80', '\0'};
    char s[41];

    for (size_t n = 0; n <= 40; n++)
        for (size_t at = 0; at < n; at++)
            for (size_t k = 0; k < sizeof special; k++) {
                memset(s, 'a', n);
                s[at] = special[k];
                ck_assert_msg(cas__csv_needs_quotes(s, n) == rule(s, n), "n %zu, byte %d at %zu", n,
                              special[k], at);
            }
}
END_TEST

START_TEST(fields_are_written_as_libcsv_quotes_them)
{
    cas__strbuf b = CAS__STRBUF_INIT;

    cas__strbuf_put_field(&b, "plain", 5);
    cas__strbuf_put(&b, ",", 1);
    cas__strbuf_put_field(&b, "say \"no\"", 8);
    cas__strbuf_put(&b, ",", 1);
    cas__strbuf_put_field(&b, "\tx", 2);
    cas__strbuf_put(&b, ",", 1);
    cas__strbuf_put_field(&b, "", 0);
    ck_assert(!b.failed);
    ck_assert_str_eq(b.data, "plain,\"say \"\"no\"\"\",\"\tx\",");
    ck_assert_uint_eq(b.len, strlen(b.data));
    cas__free(b.data);
}
END_TEST

/* A quoted id with a tab at its end is saved quoted, and loads back as it
 * was: unquoted, the loader would trim the tab. */
START_TEST(fields_round_trip_through_the_loader)
{
    static const char *const ids[] = {"\tlead", "trail\t", " both ", "a,b", "q\"q", "nl\nx"};
    cas_ledger *l, *back;
    char *text = NULL;
    size_t len = 0;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        cas_claim c = tu_claim(ids[i], "SOHR", 1, 2);
        ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    }
    ck_assert_int_eq(cas_csv_save_string(&text, &len, l, NULL), CAS_OK);
    ck_assert_int_eq(cas_ledger_new(&back), CAS_OK);
    ck_assert_int_eq(cas_csv_load_buffer(back, text, len, "saved", NULL), CAS_OK);
    ck_assert_uint_eq(cas_ledger_count(back), cas_ledger_count(l));
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        size_t at;
        ck_assert_msg(cas_ledger_find(back, ids[i], &at) == CAS_OK, "'%s' lost", ids[i]);
    }
    cas_free(text);
    cas_ledger_free(l);
    cas_ledger_free(back);
}
END_TEST

START_TEST(numbers_days_and_padding)
{
    cas__strbuf b = CAS__STRBUF_INIT;

    cas__strbuf_put_i64(&b, 0);
    cas__strbuf_puts(&b, " ");
    cas__strbuf_put_i64(&b, INT64_MIN);
    cas__strbuf_puts(&b, " ");
    cas__strbuf_put_count(&b, 7, CAS_NONE);
    cas__strbuf_put_count(&b, CAS_NONE, CAS_NONE);
    cas__strbuf_pad(&b, 2);
    cas__strbuf_put_day(&b, tu_day("0001-02-03"));
    cas__strbuf_put_day(&b, CAS_DATE_UNKNOWN);
    cas__strbuf_putf(&b, "|%s|%d", "x", 42);
    ck_assert(!b.failed);
    ck_assert_str_eq(b.data, "0 -9223372036854775808 7  0001-02-03|x|42");
    cas__free(b.data);
}
END_TEST

/* With a sink, the buffer never holds much more than CAS__STRBUF_FLUSH
 * bytes, and everything put reaches the sink in order. */
START_TEST(sink_gets_everything_in_order)
{
    cas__strbuf b = CAS__STRBUF_INIT;
    char *mem = NULL;
    size_t memlen = 0, total = 0;
    char piece[40];

    b.sink = open_memstream(&mem, &memlen);
    ck_assert_ptr_nonnull(b.sink);
    for (int i = 0; i < 100000; i++) {
        int n = snprintf(piece, sizeof piece, "%d,", i);
        cas__strbuf_put(&b, piece, (size_t)n);
        total += (size_t)n;
        ck_assert_uint_le(b.len, CAS__STRBUF_FLUSH);
    }
    ck_assert(cas__strbuf_flush(&b));
    ck_assert_int_eq(fclose(b.sink), 0);
    ck_assert_uint_eq(memlen, total);
    ck_assert(strncmp(mem, "0,1,2,", 6) == 0);
    ck_assert(strcmp(mem + memlen - 6, "99999,") == 0);
    free(mem);
    cas__free(b.data);
}
END_TEST

/* The pool's running prefix hash (lib/pool.c, for the ancestors of long
 * paths) gives cas__hash() of every prefix asked in order of length, from
 * one byte to several blocks, asked each or skipping, and a prefix found
 * by that hash is the one interned. (Here with the strings, the other
 * internal helpers for long paths.) */
START_TEST(prefix_hashes_match_the_hash)
{
    char s[300];
    uint64_t x = 88172645463325252ull;
    cas__pool pool;

    for (int round = 0; round < 200; round++) {
        size_t len = (size_t)round % 70 + (round > 100 ? 200 : 0);
        cas__hash_run every, some;
        for (size_t i = 0; i < len; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            s[i] = (char)(1 + x % 255);
        }
        s[len] = '\0';
        cas__hash_run_init(&every, s);
        cas__hash_run_init(&some, s);
        for (size_t n = 0; n <= len; n++) {
            ck_assert_uint_eq(cas__hash_run_prefix(&every, n), cas__hash(s, n));
            if ((n + (size_t)round) % 5 == 0)
                ck_assert_uint_eq(cas__hash_run_prefix(&some, n), cas__hash(s, n));
        }
    }
    /* the ancestors of a path, looked up by their running hashes */
    ck_assert_int_eq(cas__pool_init(&pool), CAS_OK);
    {
        const char *path = "syria/latakia-governorate/jableh-district/jableh/the-old-town";
        cas__hash_run r;
        uint32_t want[8], got, k = 0;
        for (size_t i = 0; path[i]; i++)
            if (path[i] == '/')
                ck_assert_int_eq(cas__pool_intern(&pool, path, i, &want[k++]), CAS_OK);
        ck_assert_int_eq(cas__pool_intern(&pool, "syria/latakia", 13, &got), CAS_OK);
        cas__hash_run_init(&r, path);
        k = 0;
        for (size_t i = 0; path[i]; i++)
            if (path[i] == '/') {
                ck_assert(cas__pool_find_hashed(&pool, path, i, cas__hash_run_prefix(&r, i), &got));
                ck_assert_uint_eq(got, want[k++]);
            }
        ck_assert_uint_eq(k, 4);
        ck_assert(!cas__pool_find_hashed(&pool, path, strlen(path),
                                         cas__hash_run_prefix(&r, strlen(path)), &got));
    }
    cas__pool_free(&pool);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("strbuf");
    TCase *tc = tcase_create("strbuf");
    tcase_add_test(tc, quotes_by_the_rule);
    tcase_add_test(tc, fast_scan_matches_the_rule);
    tcase_add_test(tc, fields_are_written_as_libcsv_quotes_them);
    tcase_add_test(tc, fields_round_trip_through_the_loader);
    tcase_add_test(tc, numbers_days_and_padding);
    tcase_add_test(tc, sink_gets_everything_in_order);
    tcase_add_test(tc, prefix_hashes_match_the_hash);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
