/* SPDX-License-Identifier: MIT */
/* Replays a fuzz target over its committed inputs, so that the properties
 * the fuzzer checks hold in every `make check` (and under ASan and
 * valgrind in tools/test.sh): the seed corpus fuzz/corpus/<target>/ and
 * the inputs that once failed, fuzz/regressions/<target>/. Built once per
 * target, with fuzz/fuzz_<target>.c and -DFUZZ_TARGET='"<target>"'.
 * Each regression also has a test of its own below that states the bug. */
#include "testutil.h"

#include <dirent.h>

#ifndef FUZZ_TARGET
#error "FUZZ_TARGET must name the fuzz target, e.g. -DFUZZ_TARGET='\"csv\"'"
#endif
#ifndef FUZZ_DIR
#error "FUZZ_DIR must be the fuzz/ directory of the source tree"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void fuzz_replay_fail(const char *what, int line);

static const char *replaying = "";

/* The fuzz target's CHECK() calls this instead of abort(). */
void fuzz_replay_fail(const char *what, int line)
{
    ck_abort_msg("%s: fuzz_" FUZZ_TARGET ".c:%d: CHECK(%s) failed", replaying, line, what);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run the target on every file of @dir (sorted); returns how many. */
static size_t replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *ent;
    char **names = NULL;
    size_t n = 0, cap = 0;

    ck_assert_msg(d != NULL, "cannot open %s", dir);
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **more;
            cap = cap ? cap * 2 : 64;
            more = realloc(names, cap * sizeof *names);
            ck_assert_ptr_nonnull(more);
            names = more;
        }
        names[n] = malloc(strlen(dir) + strlen(ent->d_name) + 2);
        ck_assert_ptr_nonnull(names[n]);
        sprintf(names[n], "%s/%s", dir, ent->d_name);
        n++;
    }
    closedir(d);
    if (n > 0)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        char *data = tu_read_file(names[i], &len);
        replaying = names[i];
        ck_assert_int_eq(LLVMFuzzerTestOneInput((const uint8_t *)data, len), 0);
        replaying = "";
        free(data);
        free(names[i]);
    }
    free(names);
    return n;
}

START_TEST(seed_corpus_replays)
{
    size_t n = replay_dir(FUZZ_DIR "/corpus/" FUZZ_TARGET);
    ck_assert_msg(n >= 10, "only %zu seeds in fuzz/corpus/" FUZZ_TARGET, n);
}
END_TEST

START_TEST(short_inputs_replay)
{
    /* Every input of at most two bytes from a small alphabet. */
    static const char alphabet[] = "\0\n\r,\"a1-/\xEF\xFF";
    uint8_t buf[2];
    for (size_t i = 0; i < sizeof alphabet - 1; i++) {
        buf[0] = (uint8_t)alphabet[i];
        ck_assert_int_eq(LLVMFuzzerTestOneInput(buf, 0), 0);
        ck_assert_int_eq(LLVMFuzzerTestOneInput(buf, 1), 0);
        for (size_t j = 0; j < sizeof alphabet - 1; j++) {
            buf[1] = (uint8_t)alphabet[j];
            ck_assert_int_eq(LLVMFuzzerTestOneInput(buf, 2), 0);
        }
    }
}
END_TEST

#ifdef FUZZ_REGRESSIONS
/* The inputs that once failed (FUZZ_REGRESSIONS: at least how many). */
START_TEST(regressions_replay)
{
    ck_assert_uint_ge(replay_dir(FUZZ_DIR "/regressions/" FUZZ_TARGET), FUZZ_REGRESSIONS);
}
END_TEST
#endif

#ifdef FUZZ_TARGET_CSV

/* fuzz/regressions/csv/header-error-then-bad-quote.csv: a header with an
 * unknown column, then a quote libcsv rejects on the same line. The load
 * returned CAS_ERR_HEADER but the error said CAS_ERR_CSV: the second
 * problem overwrote the first one's details. */
START_TEST(csv_first_error_keeps_its_details)
{
    static const char in[] = "x,a\"\"\n";
    cas_ledger *l = NULL;
    cas_error e;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    cas_error_init(&e);
    ck_assert_int_eq(cas_csv_load_buffer(l, in, sizeof in - 1, "h.csv", &e), CAS_ERR_HEADER);
    ck_assert_int_eq(e.status, CAS_ERR_HEADER);
    ck_assert_int_eq(e.line, 1);
    ck_assert_int_eq(e.column, 1);
    ck_assert_msg(strstr(e.message, "unknown column 'x'") != NULL, "%s", e.message);
    ck_assert_uint_eq(cas_ledger_count(l), 0);
    cas_ledger_free(l);
}
END_TEST

/* fuzz/regressions/csv/tab-at-field-edge.csv: a field that starts or ends
 * with a tab was saved unquoted, and libcsv trims tabs (like spaces) from
 * unquoted fields, so save -> load lost them. */
START_TEST(csv_tabs_at_field_edges_round_trip)
{
    static const char *const quotes[] = {"\t", "\tsaid", "said\t", " \t "};
    cas_ledger *l = NULL, *back = NULL;
    char ids[4][16], *text = NULL, *again = NULL;
    size_t len = 0;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    for (int i = 0; i < 4; i++) {
        snprintf(ids[i], sizeof ids[i], "q%d", i);
        cas_claim c = tu_claim(ids[i], "SOHR", 1, 1);
        c.quote = quotes[i];
        ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    }
    ck_assert_int_eq(cas_csv_save_string(&text, &len, l, NULL), CAS_OK);
    ck_assert_int_eq(cas_ledger_new(&back), CAS_OK);
    ck_assert_int_eq(cas_csv_load_buffer(back, text, len, "saved", NULL), CAS_OK);
    for (size_t i = 0; i < 4; i++) {
        cas_claim c;
        cas_claim_init(&c);
        ck_assert_int_eq(cas_ledger_get(back, i, &c), CAS_OK);
        ck_assert_str_eq(c.quote, quotes[i]);
    }
    ck_assert_int_eq(cas_csv_save_string(&again, NULL, back, NULL), CAS_OK);
    ck_assert_str_eq(again, text);
    cas_free(text);
    cas_free(again);
    cas_ledger_free(l);
    cas_ledger_free(back);
}
END_TEST
#endif

static Suite *fuzz_suite(void)
{
    Suite *s = suite_create("fuzz_" FUZZ_TARGET);
    TCase *tc = tcase_create("replay");
    tcase_set_timeout(tc, 120); /* valgrind is slow */
    tcase_add_test(tc, seed_corpus_replays);
    tcase_add_test(tc, short_inputs_replay);
#ifdef FUZZ_REGRESSIONS
    tcase_add_test(tc, regressions_replay);
#endif
#ifdef FUZZ_TARGET_CSV
    tcase_add_test(tc, csv_first_error_keeps_its_details);
    tcase_add_test(tc, csv_tabs_at_field_edges_round_trip);
#endif
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fuzz_suite());
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
