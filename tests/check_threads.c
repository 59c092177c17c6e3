/* Thread safety (common.h: "no global mutable state"): independent ledgers
 * loaded, queried, reconciled, printed and saved in several threads at
 * once give exactly what the same work gives alone. tools/hardening.sh
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
    int k;             /* which variant of the work */
    outcome ref;       /* computed alone, before the threads start */
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
    st = cas_ledger_select(l, &coast, CAS_SELECT(CAS_SCOPE_SAME) | CAS_SELECT(CAS_SCOPE_WITHIN),
                           1, NULL, 0, &count);
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
    tcase_add_test(tc, pure_functions_in_parallel);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(threads_suite());
}
