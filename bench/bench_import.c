/* SPDX-License-Identifier: MIT */
/* Import against load (issue 16): read a dataset with cas_import() and a
 * claims CSV of about the same size with cas_csv_load(), each REPEAT
 * times into a new ledger, alternating, and print the median wall time of
 * each in seconds, their claim counts and bytes, and the ratio
 * import / load. bench/import.sh makes the inputs and runs it.
 *
 * usage: bench_import FORMAT DATASET CLAIMS_CSV [REPEAT] */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#include <casualty.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

static double clock_of(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
    return clock_of(CLOCK_MONOTONIC);
}

/* The process's processor time: on a machine other programs share, wall
 * time counts their turns too. */
static double cpu_now(void)
{
    return clock_of(CLOCK_PROCESS_CPUTIME_ID);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One timed read: the import when @format is set, else the load; its
 * processor time in *@cpu. */
static double once(const char *format, const char *path, size_t *count, double *cpu)
{
    cas_ledger *ledger;
    cas_error err;
    cas_status st;

    cas_error_init(&err);
    if (cas_ledger_new(&ledger) != CAS_OK)
        exit(1);
    double c0 = cpu_now(), t0 = now();
    st = format ? cas_import(ledger, format, path, NULL, &err) : cas_csv_load(ledger, path, &err);
    double t = now() - t0;
    *cpu = cpu_now() - c0;
    if (st != CAS_OK) {
        fprintf(stderr, "bench_import: %s\n", err.message);
        exit(1);
    }
    *count = cas_ledger_count(ledger);
    cas_ledger_free(ledger);
    return t;
}

int main(int argc, char **argv)
{
    int repeat = argc > 4 ? atoi(argv[4]) : 7;
    size_t ni = 0, nl = 0;
    struct stat a, b;

    if (argc < 4 || argc > 5 || repeat < 1 || repeat > 1000 || stat(argv[2], &a) != 0 ||
        stat(argv[3], &b) != 0) {
        fprintf(stderr, "usage: bench_import FORMAT DATASET CLAIMS_CSV [REPEAT]\n");
        return 2;
    }
    double *ti = malloc(sizeof *ti * (size_t)repeat), *tl = malloc(sizeof *tl * (size_t)repeat);
    double *ci = malloc(sizeof *ci * (size_t)repeat), *cl = malloc(sizeof *cl * (size_t)repeat);
    double warm;
    if (!ti || !tl || !ci || !cl)
        return 1;
    once(argv[1], argv[2], &ni, &warm); /* warm the page cache */
    once(NULL, argv[3], &nl, &warm);
    for (int r = 0; r < repeat; r++) {
        ti[r] = once(argv[1], argv[2], &ni, &ci[r]);
        tl[r] = once(NULL, argv[3], &nl, &cl[r]);
    }
    qsort(ti, (size_t)repeat, sizeof *ti, cmp);
    qsort(tl, (size_t)repeat, sizeof *tl, cmp);
    qsort(ci, (size_t)repeat, sizeof *ci, cmp);
    qsort(cl, (size_t)repeat, sizeof *cl, cmp);
    double mi = ti[repeat / 2], ml = tl[repeat / 2];
    printf("import %s: %lld bytes, %zu claims, median %.4f s\n", argv[1], (long long)a.st_size, ni,
           mi);
    printf("load claims CSV: %lld bytes, %zu claims, median %.4f s\n", (long long)b.st_size, nl,
           ml);
    printf("ratio import/load: %.2f (per byte: %.2f)\n", mi / ml,
           (mi / (double)a.st_size) / (ml / (double)b.st_size));
    printf("processor time: import median %.4f s, load median %.4f s, ratio %.2f\n", ci[repeat / 2],
           cl[repeat / 2], ci[repeat / 2] / cl[repeat / 2]);
    free(ti);
    free(tl);
    free(ci);
    free(cl);
    return 0;
}
