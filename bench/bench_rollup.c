/* SPDX-License-Identifier: MIT */
/* Roll-ups against loading, in one process (docs/model.md section 11).
 *
 *   bench/bench_rollup [N [REPEAT]]
 *
 * Writes N event claims (default 10^6) as a claims CSV in memory: UCDP-like
 * events from 3 sources over 20 countries of 10 first-level divisions
 * each, one to three days long over the years 2016-2019 (so about 1 in 15
 * straddles a month), lows 0-49, highs up to twice the low plus 5, a best
 * on 9 in 10. Then, REPEAT times (default 5), alternates
 *   load:   cas_csv_load_buffer into a new ledger;
 *   rollup: cas_rollup of that ledger to adm1-month (place depth 2,
 *           months), straddlers split (the mode that does the most work);
 * and prints the median of each, the derived claims made, and the ratio
 * rollup / load as `key value` lines. Deterministic (a fixed LCG), so runs
 * compare. Built by `make bench`; not part of `make check`. */
#include "config.h"

#include <casualty.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPEAT_MAX 101

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t state = 88172645463325252ull;
static uint32_t rnd(uint32_t n)
{
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)((state >> 33) % n);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The claims CSV of @n events, malloc'ed; its length in @len. */
static char *make_csv(size_t n, size_t *len)
{
    static const char *const sources[] = {"UCDP GED", "ACLED", "SOHR"};
    size_t cap = 128 + n * 120, used = 0;
    char *buf = malloc(cap);
    int32_t first = 0;

    if (!buf)
        return NULL;
    cas_date_from_ymd(&first, 2016, 1, 1);
    used += (size_t)snprintf(buf, cap,
                             "id,source,outcome,place,event,period_start,period_end,"
                             "low,high,best\n");
    for (size_t i = 0; i < n; i++) {
        char a[16], b[16], best[24] = "";
        int32_t start = first + (int32_t)rnd(4 * 365), end = start + (int32_t)rnd(3);
        uint32_t low = rnd(50), high = low + rnd(low + 6);
        if (rnd(10))
            snprintf(best, sizeof best, "%u", low + (high - low) / 2);
        cas_date_format(a, sizeof a, start);
        cas_date_format(b, sizeof b, end);
        used += (size_t)snprintf(buf + used, cap - used,
                                 "c%zu,%s,killed,country-%02u/adm1-%u,ev:%zu,%s,%s,%u,%u,%s\n", i,
                                 sources[rnd(3)], rnd(20), rnd(10), i, a, b, low, high, best);
        if (cap - used < 256) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                return NULL;
            }
            buf = p;
            cap *= 2;
        }
    }
    *len = used;
    return buf;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000, len = 0, derived = 0;
    int repeat = argc > 2 ? atoi(argv[2]) : 5;
    double tload[REPEAT_MAX], troll[REPEAT_MAX];
    char *csv;
    cas_rollup_options o;
    cas_error err;

    if (repeat < 1 || repeat > REPEAT_MAX || n == 0) {
        fprintf(stderr, "usage: bench_rollup [N [REPEAT (1 to %d)]]\n", REPEAT_MAX);
        return 2;
    }
    if (!(csv = make_csv(n, &len))) {
        fprintf(stderr, "bench_rollup: out of memory\n");
        return 1;
    }
    cas_rollup_options_init(&o);
    o.place_depth = 2;
    o.unit = CAS_ROLLUP_MONTH;
    o.straddle = CAS_STRADDLE_SPLIT;
    cas_error_init(&err);
    for (int r = 0; r < repeat; r++) {
        cas_ledger *l = NULL, *out = NULL;
        double t0 = now(), t1, t2;
        if (cas_ledger_new(&l) != CAS_OK || cas_csv_load_buffer(l, csv, len, "bench", &err)) {
            fprintf(stderr, "bench_rollup: %s\n", err.message);
            return 1;
        }
        t1 = now();
        if (cas_rollup(&out, NULL, l, &o, &err) != CAS_OK) {
            fprintf(stderr, "bench_rollup: %s\n", err.message);
            return 1;
        }
        t2 = now();
        tload[r] = t1 - t0;
        troll[r] = t2 - t1;
        derived = cas_ledger_count(out);
        cas_ledger_free(out);
        cas_ledger_free(l);
    }
    free(csv);
    printf("claims %zu\nbytes %zu\nderived %zu\n", n, len, derived);
    double ml = median(tload, repeat), mr = median(troll, repeat);
    printf("load_s %.3f\nrollup_s %.3f\nratio %.2f\n", ml, mr, mr / ml);
    return 0;
}
