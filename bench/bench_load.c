/* SPDX-License-Identifier: MIT */
/* The C side of bench/bench_python_load.py: load a claims CSV with
 * cas_csv_load() REPEAT times into a new ledger, and print the time of
 * each load in seconds (wall clock), one per line, then the claim count.
 *
 * usage: bench_load FILE [REPEAT]
 * Built by bench_python_load.py (or by hand against an installed or built
 * libcasualty); not built by make. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#include <casualty.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int repeat = argc > 2 ? atoi(argv[2]) : 5;
    size_t count = 0;

    if (argc < 2 || argc > 3 || repeat < 1) {
        fprintf(stderr, "usage: bench_load FILE [REPEAT]\n");
        return 2;
    }
    for (int r = 0; r < repeat; r++) {
        cas_ledger *ledger;
        cas_error err;
        double t0;

        cas_error_init(&err);
        if (cas_ledger_new(&ledger) != CAS_OK) {
            fprintf(stderr, "bench_load: out of memory\n");
            return 1;
        }
        t0 = now();
        if (cas_csv_load(ledger, argv[1], &err) != CAS_OK) {
            fprintf(stderr, "bench_load: %s\n", err.message);
            cas_ledger_free(ledger);
            return 1;
        }
        printf("%.6f\n", now() - t0);
        count = cas_ledger_count(ledger);
        cas_ledger_free(ledger);
    }
    printf("claims %zu\n", count);
    return 0;
}
