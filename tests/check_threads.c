/* SPDX-License-Identifier: MIT */
/* Thread safety (common.h: "no global mutable state"): independent ledgers
 * loaded, queried, reconciled, printed and saved in several threads at
 * once, and one ledger and one reconciliation read by several threads at
 * once, give exactly what the same work gives alone. tools/hardening.sh
 * also runs this suite under ThreadSanitizer, which reports any data race
 * the library has even when the results happen to come out right. */
#include "testutil.h"

#include <pthread.h>

#define BUNDLED EXAMPLE_DATA_DIR "/syria-2025-03.csv"
#define NTHREADS 4
#define ROUNDS 3

/* What one unit of work produced, to compare with the single-threaded run. */
typedef struct outcome {
    char *text;        /* saved CSV + report table + counts */
    char failure[640]; /* "" when every step worked */
} outcome;

typedef struct job {
    int k;       /* which variant of the work */
    outcome ref; /* computed alone, before the threads start */
    outcome got[ROUNDS];
} job;

static void note_failure(outcome *o, const char *step, cas_status st, const cas_error *e)
{
    if (o->failure[0] == '\0')
        snprintf(o->failure, sizeof o->failure, "%s: %s (%s)", step, cas_strerror(st),
                 e ? e->message : "");
}

/* Append @s to the growing text @o->text. */
static void append(outcome *o, const char *s)
{
    size_t have = o->text ? strlen(o->text) : 0, n = strlen(s);
    char *p = realloc(o->text, have + n + 1);
    if (!p) {
        note_failure(o, "append", CAS_ERR_NOMEM, NULL);
        return;
    }
    memcpy(p + have, s, n + 1);
    o->text = p;
}

/* The work: a ledger of the bundled data plus rows of variant @k (one of
 * them bad, so the lenient loader rejects it), queried, reconciled,
 * printed, saved to a file of its own and loaded back. */
static void work(int k, outcome *o)
{
    cas_ledger *l = NULL, *back = NULL;
    cas_rejects *rejects = NULL;
    cas_reconciliation *r = NULL;
    cas_matrix *m = NULL;
    cas_error e;
    cas_status st;
    char rows[512], line[160], path[64], *csv = NULL, *again = NULL, *table = NULL;
    size_t n = 0, count = 0;
    int fd = -1;

    memset(o, 0, sizeof *o);
    cas_error_init(&e);
    if ((st = cas_ledger_new(&l)) != CAS_OK) {
        note_failure(o, "new", st, NULL);
        return;
    }
    if ((st = cas_csv_load(l, BUNDLED, &e)) != CAS_OK) {
        note_failure(o, "load", st, &e);
        goto out;
    }
    snprintf(rows, sizeof rows,
             "id,source,outcome,group,place,low,high\n"
             "t%d-a,Thread %d,killed,civilians,syria/coast,%d,%d\n"
             "t%d-b,SOHR,killed,civilians,syria/coast/latakia,%d,\n"
             "t%d-bad,SOHR,killed,civilians,syria,%d,1\n",
             k, k, 100 + k, 2000 + 10 * k, k, 50 + k, k, 5 + k);
    st = cas_csv_load_buffer_lenient(l, rows, strlen(rows), "rows", &rejects, &e);
    if (st != CAS_OK) {
        note_failure(o, "lenient load", st, &e);
        goto out;
    }
    snprintf(line, sizeof line, "count %zu rejects %zu\n", cas_ledger_count(l),
             cas_rejects_count(rejects));
    append(o, line);

    /* Queries. */
    cas_scope coast;
    cas_scope_init(&coast);
    coast.outcome = "killed";
    coast.place = "syria/coast";
    st = cas_ledger_select(l, &coast, CAS_SELECT(CAS_SCOPE_SAME) | CAS_SELECT(CAS_SCOPE_WITHIN), 1,
                           NULL, 0, &count);
    if (st != CAS_OK) {
        note_failure(o, "select", st, NULL);
        goto out;
    }
    snprintf(line, sizeof line, "t%d-a", k);
    if ((st = cas_ledger_find(l, line, &n)) != CAS_OK) {
        note_failure(o, "find", st, NULL);
        goto out;
    }
    snprintf(line, sizeof line, "within coast %zu, t%d-a at %zu\n", count, k, n);
    append(o, line);

    /* Reconciliation, its printer and the source matrix. */
    if ((st = cas_reconcile_ledger(&r, l, NULL, &e)) != CAS_OK) {
        note_failure(o, "reconcile", st, &e);
        goto out;
    }
    if ((st = cas_report_table(&table, NULL, r, &e)) != CAS_OK) {
        note_failure(o, "report", st, &e);
        goto out;
    }
    append(o, table);
    if ((st = cas_matrix_new(&m, l, NULL, &e)) != CAS_OK) {
        note_failure(o, "matrix", st, &e);
        goto out;
    }
    snprintf(line, sizeof line, "sources %zu pairs %zu\n", cas_matrix_sources(m),
             cas_matrix_count(m));
    append(o, line);

    /* Save to a file of our own, load it back, save again: same bytes. */
    if ((st = cas_csv_save_string(&csv, NULL, l, &e)) != CAS_OK) {
        note_failure(o, "save string", st, &e);
        goto out;
    }
    append(o, csv);
    snprintf(path, sizeof path, "check_threads_%d_XXXXXX", k);
    fd = mkstemp(path);
    if (fd < 0) {
        note_failure(o, "mkstemp", CAS_ERR_IO, NULL);
        goto out;
    }
    close(fd);
    if ((st = cas_csv_save(l, path, &e)) != CAS_OK) {
        note_failure(o, "save", st, &e);
        goto out;
    }
    if ((st = cas_ledger_new(&back)) != CAS_OK || (st = cas_csv_load(back, path, &e)) != CAS_OK) {
        note_failure(o, "load saved", st, &e);
        goto out;
    }
    if ((st = cas_csv_save_string(&again, NULL, back, &e)) != CAS_OK) {
        note_failure(o, "save again", st, &e);
        goto out;
    }
    if (strcmp(again, csv) != 0)
        note_failure(o, "save -> load -> save changed the bytes", CAS_OK, NULL);
out:
    if (fd >= 0)
        unlink(path);
    cas_free(again);
    cas_free(csv);
    cas_free(table);
    cas_matrix_free(m);
    cas_reconciliation_free(r);
    cas_rejects_free(rejects);
    cas_ledger_free(back);
    cas_ledger_free(l);
}

static void *run_job(void *arg)
{
    job *j = arg;
    for (int round = 0; round < ROUNDS; round++)
        work(j->k, &j->got[round]);
    return NULL;
}

START_TEST(independent_ledgers_in_parallel_match_serial)
{
    job jobs[NTHREADS];
    pthread_t threads[NTHREADS];

    /* Alone first: the expected results, which differ between variants. */
    for (int k = 0; k < NTHREADS; k++) {
        memset(&jobs[k], 0, sizeof jobs[k]);
        jobs[k].k = k;
        work(k, &jobs[k].ref);
        ck_assert_msg(jobs[k].ref.failure[0] == '\0', "alone: %s", jobs[k].ref.failure);
        ck_assert_ptr_nonnull(jobs[k].ref.text);
        ck_assert_msg(strstr(jobs[k].ref.text, "rejects 1\n") != NULL, "%s", jobs[k].ref.text);
        if (k > 0)
            ck_assert_str_ne(jobs[k].ref.text, jobs[k - 1].ref.text);
    }
    /* Then all at once. */
    for (int k = 0; k < NTHREADS; k++)
        ck_assert_int_eq(pthread_create(&threads[k], NULL, run_job, &jobs[k]), 0);
    for (int k = 0; k < NTHREADS; k++)
        ck_assert_int_eq(pthread_join(threads[k], NULL), 0);
    for (int k = 0; k < NTHREADS; k++) {
        for (int round = 0; round < ROUNDS; round++) {
            outcome *o = &jobs[k].got[round];
            ck_assert_msg(o->failure[0] == '\0', "thread %d round %d: %s", k, round, o->failure);
            ck_assert_ptr_nonnull(o->text);
            ck_assert_str_eq(o->text, jobs[k].ref.text);
            free(o->text);
        }
        free(jobs[k].ref.text);
    }
}
END_TEST

/* ---- one ledger, loaded once, read by every thread at once ----
 * common.h: any number of threads may call the const functions on one
 * ledger and one reconciliation together. The ledger has revisions (the
 * same source on the same scope reported on different days, one of them
 * undated, and a tie), so the `current` flags every reader depends on
 * must already be right when the readers start: computing them lazily
 * would be a write, which ThreadSanitizer reports. */

#define REVISED_ROWS                                                                               \
    "id,source,outcome,group,place,period_start,period_end,reported_on,low,high\n"                 \
    "rev-a,SOHR,killed,civilians,syria/coast,2025-03-06,2025-03-12,2025-03-10,1500,1500\n"         \
    "rev-b,SOHR,killed,civilians,syria/coast,2025-03-06,2025-03-12,2025-03-14,1800,1900\n"         \
    "rev-c,SOHR,killed,civilians,syria/coast,2025-03-06,2025-03-12,2025-03-12,1600,1600\n"         \
    "rev-d,SNHR,killed,civilians,syria/coast,2025-03-06,2025-03-12,2025-03-15,900,\n"              \
    "rev-e,SNHR,killed,civilians,syria/coast,2025-03-06,2025-03-12,2025-03-15,950,1000\n"          \
    "rev-f,SOHR,killed,,syria/coast/latakia/jableh,2025-03-06,2025-03-06,2025-03-05,40,40\n"

#define SHARED_ROUNDS 2

typedef struct reader {
    const cas_ledger *l;
    const cas_reconciliation *r; /* reconciled once, before the threads */
    outcome ref;
    outcome got[SHARED_ROUNDS];
} reader;

/* Everything a reader can ask of the shared ledger and reconciliation,
 * written out as text. */
static void read_shared(const cas_ledger *l, const cas_reconciliation *shared, outcome *o)
{
    cas_reconciliation *r = NULL;
    cas_matrix *m = NULL;
    cas_propagation *p = NULL;
    cas_error e;
    cas_status st;
    char line[512], *table = NULL;
    size_t n = cas_ledger_count(l), count = 0, idx[64];

    memset(o, 0, sizeof *o);
    cas_error_init(&e);
    /* A reconciliation of its own, and the shared one, printed. */
    if ((st = cas_reconcile_ledger(&r, l, NULL, &e)) != CAS_OK) {
        note_failure(o, "reconcile", st, &e);
        goto out;
    }
    for (int k = 0; k < 2; k++) {
        const cas_reconciliation *which = k ? shared : r;
        if ((st = cas_report_table(&table, NULL, which, &e)) != CAS_OK) {
            note_failure(o, "report", st, &e);
            goto out;
        }
        append(o, table);
        cas_free(table);
        table = NULL;
        for (size_t i = 0; i < cas_reconciliation_count(which); i++) {
            cas_scope_result sr;
            cas_claim_ref ref;
            size_t claims = 0, at = 0;
            sr.size = sizeof sr;
            ref.size = sizeof ref;
            if ((st = cas_reconciliation_get(which, i, &sr)) != CAS_OK ||
                (st = cas_reconciliation_claim(which, i, 0, &ref, &claims)) != CAS_OK ||
                (st = cas_reconciliation_find(which, &sr.scope, &at)) != CAS_OK) {
                note_failure(o, "reconciliation get/claim/find", st, NULL);
                goto out;
            }
            snprintf(line, sizeof line, "%zu at %zu: %u claims %u superseded %u sources %zu\n", i,
                     at, sr.claims, sr.superseded, sr.sources, claims);
            append(o, line);
        }
    }
    /* Sums and propagation over the shared reconciliation. */
    for (size_t i = 0; i < cas_reconciliation_count(shared); i++) {
        cas_sum sum;
        sum.size = sizeof sum;
        st = cas_sum_results(&sum, shared, &i, 1, CAS_RESULT_ENVELOPE, &e);
        snprintf(line, sizeof line, "sum %zu: %s %lld %lld\n", i, cas_strerror(st),
                 st == CAS_OK ? (long long)sum.low : 0, st == CAS_OK ? (long long)sum.high : 0);
        append(o, line);
    }
    if ((st = cas_propagation_new(&p, shared, CAS_RESULT_ENVELOPE, &e)) != CAS_OK ||
        (st = cas_propagation_run(p, &e)) != CAS_OK) {
        note_failure(o, "propagation", st, &e);
        goto out;
    }
    for (size_t i = 0; i < cas_propagation_count(p); i++) {
        cas_bounds b;
        b.size = sizeof b;
        if ((st = cas_propagation_get(p, i, &b)) != CAS_OK) {
            note_failure(o, "propagation get", st, NULL);
            goto out;
        }
        snprintf(line, sizeof line, "bounds %zu: %lld %lld %d\n", i, (long long)b.low,
                 (long long)b.high, b.conflict);
        append(o, line);
    }
    /* The source matrix. */
    if ((st = cas_matrix_new(&m, l, NULL, &e)) != CAS_OK) {
        note_failure(o, "matrix", st, &e);
        goto out;
    }
    for (size_t i = 0; i < cas_matrix_count(m); i++) {
        cas_source_pair sp;
        sp.size = sizeof sp;
        if ((st = cas_matrix_get(m, i, &sp)) != CAS_OK) {
            note_failure(o, "matrix get", st, NULL);
            goto out;
        }
        snprintf(line, sizeof line, "pair %s|%s: %u %u %u %.9g\n", sp.first, sp.second, sp.scopes,
                 sp.agree, sp.conflict, sp.median_ratio);
        append(o, line);
    }
    /* Every claim: found by its id, current or not, compared with the next. */
    for (size_t i = 0; i < n; i++) {
        cas_claim c;
        cas_comparison cmp;
        size_t at = SIZE_MAX;
        int32_t current = -1;
        cas_claim_init(&c);
        cas_comparison_init(&cmp);
        if ((st = cas_ledger_get(l, i, &c)) != CAS_OK ||
            (st = cas_ledger_find(l, c.id, &at)) != CAS_OK ||
            (st = cas_ledger_is_current(l, i, &current)) != CAS_OK ||
            (st = cas_compare_at(&cmp, l, i, (i + 1) % n, &e)) != CAS_OK) {
            note_failure(o, "get/find/is_current/compare", st, &e);
            goto out;
        }
        snprintf(line, sizeof line, "%s at %zu current %d: %d %d %d %d %lld %.9g\n", c.id, at,
                 (int)current, (int)cmp.scope_relation, (int)cmp.range_relation,
                 (int)cmp.consistent, (int)cmp.narrower, (long long)cmp.gap, cmp.ratio);
        append(o, line);
    }
    /* Selections, with and without the superseded claims. */
    for (int32_t current_only = 0; current_only < 2; current_only++) {
        cas_scope coast;
        cas_scope_init(&coast);
        coast.outcome = "killed";
        coast.place = "syria/coast";
        st = cas_ledger_select(l, &coast, CAS_SELECT(CAS_SCOPE_SAME) | CAS_SELECT(CAS_SCOPE_WITHIN),
                               current_only, idx, sizeof idx / sizeof idx[0], &count);
        if (st != CAS_OK || count > sizeof idx / sizeof idx[0]) {
            note_failure(o, "select", st, NULL);
            goto out;
        }
        snprintf(line, sizeof line, "select current_only=%d: %zu:", (int)current_only, count);
        append(o, line);
        for (size_t i = 0; i < count; i++) {
            snprintf(line, sizeof line, " %zu", idx[i]);
            append(o, line);
        }
        append(o, "\n");
    }
out:
    cas_free(table);
    cas_propagation_free(p);
    cas_matrix_free(m);
    cas_reconciliation_free(r);
}

static void *run_reader(void *arg)
{
    reader *rd = arg;
    for (int round = 0; round < SHARED_ROUNDS; round++)
        read_shared(rd->l, rd->r, &rd->got[round]);
    return NULL;
}

/* The flag of claim @id in @l. */
static int32_t current_of(const cas_ledger *l, const char *id)
{
    size_t i;
    int32_t current = -1;
    ck_assert_int_eq(cas_ledger_find(l, id, &i), CAS_OK);
    ck_assert_int_eq(cas_ledger_is_current(l, i, &current), CAS_OK);
    return current;
}

START_TEST(one_ledger_read_by_many_threads_matches_serial)
{
    cas_ledger *l = NULL;
    cas_reconciliation *shared = NULL;
    cas_error e;
    reader readers[NTHREADS];
    pthread_t threads[NTHREADS];
    outcome ref;

    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_msg(cas_csv_load(l, BUNDLED, &e) == CAS_OK, "%s", e.message);
    ck_assert_msg(cas_csv_load_buffer(l, REVISED_ROWS, strlen(REVISED_ROWS), "revisions", &e) ==
                      CAS_OK,
                  "%s", e.message);
    /* The revisions are what this test is about: check them first. */
    ck_assert_int_eq(current_of(l, "syria-004"), 0); /* undated SOHR, superseded */
    ck_assert_int_eq(current_of(l, "rev-a"), 0);
    ck_assert_int_eq(current_of(l, "rev-c"), 0);
    ck_assert_int_eq(current_of(l, "rev-b"), 1);
    ck_assert_int_eq(current_of(l, "syria-005"), 0); /* undated SNHR */
    ck_assert_int_eq(current_of(l, "rev-d"), 1);     /* a tie: both current */
    ck_assert_int_eq(current_of(l, "rev-e"), 1);
    ck_assert_int_eq(current_of(l, "syria-011"), 1); /* 6 March is later than 5 March */
    ck_assert_int_eq(current_of(l, "rev-f"), 0);
    ck_assert_int_eq(cas_reconcile_ledger(&shared, l, NULL, &e), CAS_OK);

    /* Alone first. */
    read_shared(l, shared, &ref);
    ck_assert_msg(ref.failure[0] == '\0', "alone: %s", ref.failure);
    ck_assert_ptr_nonnull(ref.text);
    ck_assert_msg(strstr(ref.text, "rev-b at ") != NULL, "%s", ref.text);
    ck_assert_msg(strstr(ref.text, "select current_only=1: ") != NULL, "%s", ref.text);
    /* Then every thread at once, on the same ledger and reconciliation. */
    for (int k = 0; k < NTHREADS; k++) {
        memset(&readers[k], 0, sizeof readers[k]);
        readers[k].l = l;
        readers[k].r = shared;
    }
    for (int k = 0; k < NTHREADS; k++)
        ck_assert_int_eq(pthread_create(&threads[k], NULL, run_reader, &readers[k]), 0);
    for (int k = 0; k < NTHREADS; k++)
        ck_assert_int_eq(pthread_join(threads[k], NULL), 0);
    for (int k = 0; k < NTHREADS; k++) {
        for (int round = 0; round < SHARED_ROUNDS; round++) {
            outcome *o = &readers[k].got[round];
            ck_assert_msg(o->failure[0] == '\0', "thread %d round %d: %s", k, round, o->failure);
            ck_assert_ptr_nonnull(o->text);
            ck_assert_str_eq(o->text, ref.text);
            free(o->text);
        }
    }
    free(ref.text);
    cas_reconciliation_free(shared);
    cas_ledger_free(l);
}
END_TEST

/* Shared read-only calls from many threads at once: static strings and
 * pure functions. */
static void *pure_calls(void *arg)
{
    int *bad = arg;
    for (int i = 0; i < 2000; i++) {
        int32_t d = 0, y = 0, mo = 0, da = 0;
        char buf[11];
        if (strcmp(cas_strerror(CAS_ERR_NOMEM), "out of memory") != 0 ||
            cas_date_parse(&d, "2025-03-06", 10) != CAS_OK ||
            cas_date_to_ymd(&y, &mo, &da, d + i % 400) != CAS_OK ||
            cas_date_format(buf, sizeof buf, d) != CAS_OK || strcmp(buf, "2025-03-06") != 0 ||
            cas_path_relation("syria/coast", "syria") != CAS_SCOPE_WITHIN)
            (*bad)++;
    }
    return NULL;
}

START_TEST(pure_functions_in_parallel)
{
    pthread_t threads[NTHREADS];
    int bad[NTHREADS] = {0};
    for (int k = 0; k < NTHREADS; k++)
        ck_assert_int_eq(pthread_create(&threads[k], NULL, pure_calls, &bad[k]), 0);
    for (int k = 0; k < NTHREADS; k++) {
        ck_assert_int_eq(pthread_join(threads[k], NULL), 0);
        ck_assert_int_eq(bad[k], 0);
    }
}
END_TEST

static Suite *threads_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("threads");
    tcase_set_timeout(tc, 300); /* valgrind and TSan serialise the threads */
    tcase_add_test(tc, independent_ledgers_in_parallel_match_serial);
    tcase_add_test(tc, one_ledger_read_by_many_threads_matches_serial);
    tcase_add_test(tc, pure_functions_in_parallel);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(threads_suite());
}
