/* SPDX-License-Identifier: MIT */
/* The whole job against its speed limit, in one process.
 *
 *   bench/bench_reconcile FILE [REPEAT [OUT.csv]]
 *
 * Alternates, REPEAT times (default 5):
 *   floor:       a bare libcsv pass over FILE (1 MiB reads, no-op callbacks,
 *                the loader's block size): the speed limit of any loader
 *                built on libcsv;
 *   libcasualty: cas_csv_load -> cas_reconcile_ledger (every scope, default
 *                options) -> cas_report_csv_save to OUT.csv (default: a
 *                file beside FILE with ".results.csv" appended).
 * Prints the median of each (and of each phase, with its minor page faults:
 * fresh pages the kernel had to zero), the ratio to the floor,
 * the process's peak RSS, and the heap bytes held per claim after loading
 * and after reconciling (glibc's mallinfo2), as `key value` lines that
 * bench/run.sh reads. Built by `make bench`; not part of `make check`. */
#include "config.h"

#include <casualty.h>

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#include <malloc.h>
#define HAVE_MALLINFO2 1
#endif

#define REPEAT_MAX 101

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double heap_used(void)
{
#ifdef HAVE_MALLINFO2
    struct mallinfo2 mi = mallinfo2();
    return (double)mi.uordblks + (double)mi.hblkhd;
#else
    return 0;
#endif
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
    double s[REPEAT_MAX];
    memcpy(s, v, (size_t)n * sizeof *v);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

typedef struct counts {
    size_t fields, rows;
} counts;

static void on_field(void *s, size_t len, void *data)
{
    (void)s;
    (void)len;
    ((counts *)data)->fields++;
}

static void on_row(int c, void *data)
{
    (void)c;
    ((counts *)data)->rows++;
}

/* The floor: what cas_csv_load's reading costs before it does anything. */
static int floor_pass(const char *path, size_t *rows)
{
    struct csv_parser p;
    counts n = {0, 0};
    size_t cap = 1 << 20, got;
    char *block = malloc(cap);
    FILE *fp = fopen(path, "rb");
    int bad = 0;

    if (!block || !fp || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        free(block);
        if (fp)
            fclose(fp);
        return -1;
    }
    csv_set_blk_size(&p, 65536);
    while (!bad && (got = fread(block, 1, cap, fp)) > 0)
        bad = csv_parse(&p, block, got, on_field, on_row, &n) != got;
    bad |= csv_fini(&p, on_field, on_row, &n) != 0;
    csv_free(&p);
    fclose(fp);
    free(block);
    *rows = n.rows;
    return bad ? -1 : 0;
}

/* Minor page faults so far: each is a fresh page the kernel zeroed. */
static double minor_faults(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_minflt;
}

typedef struct lib_run {
    double load, reconcile, report;
    double cpu_load, cpu_reconcile, cpu_report;
    double held_ledger, held_all;                        /* heap bytes */
    double faults_load, faults_reconcile, faults_report; /* minor page faults */
    size_t claims, scopes;
} lib_run;

static int lib_pass(const char *path, const char *out, lib_run *run)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_error err;
    double t0, t1, t2, t3, c0, c1, c2, c3, h0, f0, f1, f2, f3;
    int rc = -1;

    cas_error_init(&err);
    h0 = heap_used();
    f0 = minor_faults();
    t0 = now();
    c0 = cpu_now();
    if (cas_ledger_new(&l) != CAS_OK || cas_csv_load(l, path, &err) != CAS_OK)
        goto done;
    t1 = now();
    c1 = cpu_now();
    f1 = minor_faults();
    run->held_ledger = heap_used() - h0;
    if (cas_reconcile_ledger(&r, l, NULL, &err) != CAS_OK)
        goto done;
    t2 = now();
    c2 = cpu_now();
    f2 = minor_faults();
    run->held_all = heap_used() - h0;
    if (cas_report_csv_save(r, out, &err) != CAS_OK)
        goto done;
    t3 = now();
    c3 = cpu_now();
    f3 = minor_faults();
    run->faults_load = f1 - f0;
    run->faults_reconcile = f2 - f1;
    run->faults_report = f3 - f2;
    run->load = t1 - t0;
    run->reconcile = t2 - t1;
    run->report = t3 - t2;
    run->cpu_load = c1 - c0;
    run->cpu_reconcile = c2 - c1;
    run->cpu_report = c3 - c2;
    run->claims = cas_ledger_count(l);
    run->scopes = cas_reconciliation_count(r);
    rc = 0;
done:
    if (rc != 0)
        fprintf(stderr, "bench_reconcile: %s\n", err.message[0] ? err.message : "out of memory");
    cas_reconciliation_free(r);
    cas_ledger_free(l);
    return rc;
}

int main(int argc, char **argv)
{
    double floor_t[REPEAT_MAX], lib_t[REPEAT_MAX], load_t[REPEAT_MAX], rec_t[REPEAT_MAX],
        rep_t[REPEAT_MAX], floor_c[REPEAT_MAX], lib_c[REPEAT_MAX], cload[REPEAT_MAX],
        crec[REPEAT_MAX], crep[REPEAT_MAX], fload[REPEAT_MAX], frec[REPEAT_MAX], frep[REPEAT_MAX];
    int repeat = argc > 2 ? atoi(argv[2]) : 5;
    char outbuf[4096];
    const char *out;
    size_t rows = 0;
    lib_run run;
    struct rusage ru;
    FILE *fp;
    long size;

    if (argc < 2 || argc > 4 || repeat < 1 || repeat > REPEAT_MAX) {
        fprintf(stderr, "usage: bench_reconcile FILE [REPEAT (1..%d) [OUT.csv]]\n", REPEAT_MAX);
        return 2;
    }
    if (argc > 3) {
        out = argv[3];
    } else {
        snprintf(outbuf, sizeof outbuf, "%s.results.csv", argv[1]);
        out = outbuf;
    }
    fp = fopen(argv[1], "rb");
    if (!fp || fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0) {
        fprintf(stderr, "bench_reconcile: cannot read %s\n", argv[1]);
        return 1;
    }
    fclose(fp);
    memset(&run, 0, sizeof run);
    for (int i = 0; i < repeat; i++) {
        double t0 = now(), c0 = cpu_now();
        if (floor_pass(argv[1], &rows) != 0) {
            fprintf(stderr, "bench_reconcile: libcsv rejects %s\n", argv[1]);
            return 1;
        }
        floor_t[i] = now() - t0;
        floor_c[i] = cpu_now() - c0;
        t0 = now();
        c0 = cpu_now();
        if (lib_pass(argv[1], out, &run) != 0)
            return 1;
        lib_t[i] = now() - t0;
        lib_c[i] = cpu_now() - c0;
        load_t[i] = run.load;
        rec_t[i] = run.reconcile;
        rep_t[i] = run.report;
        cload[i] = run.cpu_load;
        crec[i] = run.cpu_reconcile;
        crep[i] = run.cpu_report;
        fload[i] = run.faults_load;
        frec[i] = run.faults_reconcile;
        frep[i] = run.faults_report;
    }
    getrusage(RUSAGE_SELF, &ru);
    double fl = median(floor_t, repeat), li = median(lib_t, repeat);
    printf("file %s\n", argv[1]);
    printf("bytes %ld\n", size);
    printf("rows %zu\n", rows);
    printf("claims %zu\n", run.claims);
    printf("scopes %zu\n", run.scopes);
    printf("repeat %d\n", repeat);
    printf("floor_s %.4f\n", fl);
    printf("lib_s %.4f\n", li);
    printf("lib_load_s %.4f\n", median(load_t, repeat));
    printf("lib_reconcile_s %.4f\n", median(rec_t, repeat));
    printf("lib_report_s %.4f\n", median(rep_t, repeat));
    printf("ratio_to_floor %.3f\n", li / fl);
    printf("floor_cpu_s %.4f\n", median(floor_c, repeat));
    printf("lib_cpu_s %.4f\n", median(lib_c, repeat));
    printf("lib_load_cpu_s %.4f\n", median(cload, repeat));
    printf("lib_reconcile_cpu_s %.4f\n", median(crec, repeat));
    printf("lib_report_cpu_s %.4f\n", median(crep, repeat));
    printf("cpu_ratio_to_floor %.3f\n", median(lib_c, repeat) / median(floor_c, repeat));
    printf("lib_load_faults %.0f\n", median(fload, repeat));
    printf("lib_reconcile_faults %.0f\n", median(frec, repeat));
    printf("lib_report_faults %.0f\n", median(frep, repeat));
    printf("peak_rss_bytes %lld\n", (long long)ru.ru_maxrss * 1024);
    printf("peak_rss_per_file_byte %.3f\n", (double)ru.ru_maxrss * 1024 / (double)size);
    printf("held_bytes_per_claim_ledger %.1f\n",
           run.claims ? run.held_ledger / (double)run.claims : 0.0);
    printf("held_bytes_per_claim_with_results %.1f\n",
           run.claims ? run.held_all / (double)run.claims : 0.0);
    printf("results %s\n", out);
    return 0;
}
