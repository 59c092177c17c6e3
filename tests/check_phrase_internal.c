/* SPDX-License-Identifier: MIT */
/* The claim-phrase parser's internals, not exported by the library (this
 * suite links lib/libcasualty-internal.la): the entry point the CSV loader
 * uses for a `claim` column (cas__phrase_figure), the lexer on arbitrary
 * bytes (the public parser refuses invalid UTF-8 before the lexer sees it,
 * so only this test can feed it any byte), number words and number
 * values. */
#include "phrase_internal.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

START_TEST(figure_reads_one_claim_column)
{
    static const struct {
        const char *text;
        int64_t low, high, best;
        int32_t q;
    } t[] = {
        {"at least 315", 315, CAS_OPEN, CAS_NONE, CAS_QUAL_AT_LEAST},
        {"+ 315 killed (per SOHR)", 315, CAS_OPEN, CAS_NONE, CAS_QUAL_AT_LEAST},
        {"1,700", 1700, 1700, 1700, CAS_QUAL_EXACT},
        {"dozens", 24, 99, CAS_NONE, CAS_QUAL_VAGUE},
        {"5,000\xE2\x80\x93"
         "7,000",
         5000, 7000, CAS_NONE, CAS_QUAL_RANGE},
        {"about 100", 90, 110, 100, CAS_QUAL_APPROX},
        {"nearly 400", 360, 399, CAS_NONE, CAS_QUAL_NEARLY},
        {"up to 35", 0, 35, CAS_NONE, CAS_QUAL_UP_TO},
        {"over 1,000", 1001, CAS_OPEN, CAS_NONE, CAS_QUAL_MORE_THAN},
        {"twenty-one", 21, 21, 21, CAS_QUAL_EXACT},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int64_t lo = -9, hi = -9, best = -9;
        int32_t q = -9;
        cas_error e;
        cas_error_init(&e);
        ck_assert_msg(cas__phrase_figure(t[i].text, strlen(t[i].text), &lo, &hi, &best, &q, &e) ==
                          CAS_OK,
                      "'%s': %s", t[i].text, e.message);
        ck_assert_msg(lo == t[i].low && hi == t[i].high && best == t[i].best && q == t[i].q,
                      "'%s' gave [%lld, %lld] best %lld q %d", t[i].text, (long long)lo,
                      (long long)hi, (long long)best, (int)q);
    }
}
END_TEST

START_TEST(figure_errors_are_precise_and_write_nothing)
{
    int64_t lo = -9, hi = -9, best = -9;
    int32_t q = -9;
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas__phrase_figure("", 0, &lo, &hi, &best, &q, &e), CAS_ERR_PARSE);
    ck_assert_str_eq(e.field, "claim");
    cas_error_init(&e);
    ck_assert_int_eq(cas__phrase_figure("unknown", 7, &lo, &hi, &best, &q, &e), CAS_ERR_PARSE);
    ck_assert_msg(strstr(e.message, "'unknown'") != NULL, "%s", e.message);
    cas_error_init(&e);
    ck_assert_int_eq(cas__phrase_figure("5 killed, 7 wounded", 19, &lo, &hi, &best, &q, &e),
                     CAS_ERR_PARSE);
    ck_assert_msg(strstr(e.message, "found 2") != NULL, "%s", e.message);
    ck_assert_int_eq(cas__phrase_figure("1977", 4, &lo, &hi, &best, &q, NULL), CAS_ERR_PARSE);
    ck_assert_int_eq(cas__phrase_figure("75%", 3, &lo, &hi, &best, &q, NULL), CAS_ERR_PARSE);
    ck_assert_int_eq(cas__phrase_figure("\xFF"
                                        "5",
                                        2, &lo, &hi, &best, &q, NULL),
                     CAS_ERR_ENCODING);
    ck_assert_int_eq(cas__phrase_figure("5", 1, NULL, &hi, &best, &q, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(lo, -9);
    ck_assert_int_eq(hi, -9);
    ck_assert_int_eq(best, -9);
    ck_assert_int_eq(q, -9);
}
END_TEST

/* Lex @n bytes; check every token lies inside the text, in order, and that
 * the lexer always moves on. Returns the token count. */
static size_t lex_all(const char *s, size_t n, cas__tok *out, size_t cap)
{
    cas__lexer lx = {0};
    cas__tok t;
    size_t count = 0;
    uint32_t last_end = 0;
    size_t last_pos = 0;

    lx.s = s;
    lx.n = n;
    while (cas__lex_next(&lx, &t)) {
        /* Check's asserts record every pass, which costs more than the
         * lexer: test first, and call Check only to report a failure. */
        if (!(t.end > t.start && t.end <= n && t.start >= last_end && lx.pos > last_pos))
            ck_abort_msg("bad token [%u, %u) after end %u, pos %zu after %zu (text %zu bytes)",
                         (unsigned)t.start, (unsigned)t.end, (unsigned)last_end, lx.pos, last_pos,
                         n);
        last_pos = lx.pos;
        last_end = t.end;
        if (out && count < cap)
            out[count] = t;
        count++;
    }
    ck_assert_uint_le(lx.pos, n);
    return count;
}

START_TEST(lexer_survives_any_bytes)
{
    static char buf[65536];
    static const char special[] = "0123456789,.-<[]{}|&(\xE2\x80\xC2\xA0\n";
    uint64_t x = 0x243F6A8885A308D3u ^ (uint64_t)_i;
    for (int iter = 0; iter < 50; iter++) {
        size_t n = (size_t)(x % sizeof buf);
        for (size_t k = 0; k < n; k++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            /* every byte value, with the lexer's special bytes more often */
            buf[k] = x % 3 ? (char)((x >> 16) & 0xFF) : special[(x >> 20) % (sizeof special - 1)];
        }
        lex_all(buf, n, NULL, 0);
    }
    /* truncated UTF-8 and markup at the very end of the text */
    lex_all("\xE2", 1, NULL, 0);
    lex_all("\xE2\x80", 2, NULL, 0);
    lex_all("5\xC2", 2, NULL, 0);
    lex_all("<br", 3, NULL, 0);
    lex_all("<ref>", 5, NULL, 0);
    lex_all("[12", 3, NULL, 0);
    lex_all("&nbsp", 5, NULL, 0);
    lex_all("1,00", 4, NULL, 0);
    lex_all("1.", 2, NULL, 0);
    lex_all("1 70", 4, NULL, 0);
}
END_TEST

START_TEST(lexer_reads_markup_numbers_and_words)
{
    cas__tok t[32];
    const char *s = "1,700 civilians[12]<br/>+ 315 killed<ref>x 99</ref> Mi-24 62nd 1\xC2\xA0"
                    "700";
    size_t n = lex_all(s, strlen(s), t, 32);
    ck_assert_uint_eq(n, 9);
    ck_assert_int_eq(t[0].kind, CAS__TK_NUM);
    ck_assert_int_eq(t[0].mant, 1700);
    ck_assert(t[0].nf & CAS__NF_GROUPED);
    ck_assert_int_eq(t[1].kind, CAS__TK_WORD);
    ck_assert_int_eq(t[2].kind, CAS__TK_BREAK); /* the footnote vanished, <br/> breaks */
    ck_assert_int_eq(t[3].kind, CAS__TK_PUNCT);
    ck_assert_int_eq(t[3].ch, '+');
    ck_assert_int_eq(t[4].mant, 315);
    ck_assert_int_eq(t[6].kind, CAS__TK_WORD); /* <ref>...</ref> vanished; Mi-24 is a word */
    ck_assert_uint_eq(t[6].end - t[6].start, 5);
    ck_assert(t[7].nf & CAS__NF_ORDINAL);
    ck_assert_int_eq(t[8].mant, 1700); /* no-break space separator */
}
END_TEST

/* Issue 20: a megabyte of "<ref " or "<ref>" that never closes. Each
 * opening used to scan to the end of the text for its '>' or "</ref>"
 * (quadratic: 62 s for 1 MB); the lexer now remembers the last search, so
 * this reads in linear time (bench/growth.c measures it). The results are
 * those of the rule: an unclosed "<ref " is text, a "<ref>" without
 * "</ref>" hides only itself, and a later "</ref>" closes the first. */
START_TEST(lexer_unclosed_refs_read_in_linear_time)
{
    const size_t reps = 200000;
    char *buf = malloc(reps * 5 + 64);
    cas__tok t[4];
    size_t n;

    ck_assert_ptr_nonnull(buf);
    for (size_t i = 0; i < reps; i++)
        memcpy(buf + 5 * i, "<ref ", 5);
    n = lex_all(buf, reps * 5, NULL, 0);
    ck_assert_uint_eq(n, 2 * reps); /* '<' and "ref", each time */
    for (size_t i = 0; i < reps; i++)
        memcpy(buf + 5 * i, "<ref>", 5);
    memcpy(buf + 5 * reps, " 5", 3);
    n = lex_all(buf, reps * 5 + 2, t, 4);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(t[0].mant, 5);
    memcpy(buf + 5 * reps, " 1 </REF> 2", 12);
    n = lex_all(buf, reps * 5 + 11, t, 4);
    ck_assert_uint_eq(n, 1); /* all up to the first closing is a citation */
    ck_assert_int_eq(t[0].mant, 2);
    /* Remembered searches never answer for the wrong place. */
    strcpy(buf, "<ref a<ref b> 3 </ref> 4 <ref c/> 6 <ref> 7");
    n = lex_all(buf, strlen(buf), t, 4);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(t[0].mant, 4);
    ck_assert_int_eq(t[1].mant, 6);
    ck_assert_int_eq(t[2].mant, 7);
    free(buf);
}
END_TEST

static int64_t words_value(const char *s, size_t *used)
{
    cas__tok t[32];
    int64_t v = -1;
    size_t n = lex_all(s, strlen(s), t, 32);
    *used = cas__numwords(s, t, 0, n, &v);
    return v;
}

START_TEST(number_words)
{
    static const struct {
        const char *text;
        int64_t value;
        size_t used;
    } t[] = {
        {"four", 4, 1},
        {"twenty-one soldiers", 21, 1},
        {"twenty one", 21, 2},
        {"a dozen", 12, 2},
        {"half a dozen", 6, 3},
        {"three hundred", 300, 2},
        {"three hundred and six", 306, 4},
        {"a thousand", 1000, 2},
        {"two million five hundred thousand", 2500000, 5},
        {"half a million", 500000, 3},
        {"two dozen", 24, 2},
        {"a score of", 20, 2},
    };
    static const char *const none[] = {"one-third", "a",         "hundred", "and five",
                                       "half",      "forty-odd", "the four"};
    size_t used;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int64_t v = words_value(t[i].text, &used);
        ck_assert_msg(v == t[i].value && used == t[i].used, "'%s' gave %lld in %zu tokens",
                      t[i].text, (long long)v, used);
    }
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        words_value(none[i], &used);
        ck_assert_msg(used == 0, "'%s' read as a number", none[i]);
    }
}
END_TEST

START_TEST(number_values)
{
    cas__tok t[4];
    int64_t v;
    lex_all("1.5", 3, t, 4);
    ck_assert_int_eq(cas__num_value(&t[0], 1, &v), CAS_ERR_NUMBER);
    ck_assert_int_eq(cas__num_value(&t[0], 1000000, &v), CAS_OK);
    ck_assert_int_eq(v, 1500000);
    lex_all("1.700", 5, t, 4);
    ck_assert(t[0].nf & CAS__NF_AMBIG);
    ck_assert_int_eq(cas__num_value(&t[0], 1, &v), CAS_ERR_NUMBER);
    ck_assert_int_eq(cas__num_value(&t[0], 1000, &v), CAS_OK);
    ck_assert_int_eq(v, 1700);
    lex_all("1.234.567", 9, t, 4);
    ck_assert_int_eq(cas__num_value(&t[0], 1, &v), CAS_OK);
    ck_assert_int_eq(v, 1234567);
    lex_all("2.3k", 4, t, 4);
    ck_assert_int_eq(cas__num_value(&t[0], 1, &v), CAS_OK);
    ck_assert_int_eq(v, 2300);
    lex_all("9223372036854775808", 19, t, 4);
    ck_assert_int_eq(cas__num_value(&t[0], 1, &v), CAS_ERR_OVERFLOW);
    lex_all("9223372036854775807", 19, t, 4);
    ck_assert_int_eq(cas__num_value(&t[0], 1, &v), CAS_OK);
    ck_assert_int_eq(v, INT64_MAX);
    ck_assert_int_eq(cas__num_value(&t[0], 2, &v), CAS_ERR_OVERFLOW);
    lex_all("0.0000000000000000001", 21, t, 4);
    ck_assert_int_eq(cas__num_value(&t[0], 1000, &v), CAS_ERR_OVERFLOW);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("phrase_internal");
    TCase *tc = tcase_create("internal");
    SRunner *sr;
    int failed;
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, figure_reads_one_claim_column);
    tcase_add_test(tc, figure_errors_are_precise_and_write_nothing);
    tcase_add_loop_test(tc, lexer_survives_any_bytes, 0, 4);
    tcase_add_test(tc, lexer_reads_markup_numbers_and_words);
    tcase_add_test(tc, lexer_unclosed_refs_read_in_linear_time);
    tcase_add_test(tc, number_words);
    tcase_add_test(tc, number_values);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
