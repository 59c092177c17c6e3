/* SPDX-License-Identifier: MIT */
/* What a fresh page costs on this machine: allocate MiB mebibytes, touch
 * one byte per 4 KiB page, and print the seconds it took, with 4 KiB pages
 * and then with transparent huge pages asked for (madvise), as the ledger
 * asks for them. The load's time depends on it (bench/README.md).
 *
 *   bench/page_cost [MiB (default 200)] */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double touch(size_t bytes, int huge)
{
    double t0 = now();
    char *p = malloc(bytes);
    volatile char sink;

    if (!p)
        return -1;
#ifdef MADV_HUGEPAGE
    if (huge) {
        const uintptr_t h = (uintptr_t)2 << 20;
        uintptr_t lo = ((uintptr_t)p + h - 1) & ~(h - 1), hi = ((uintptr_t)p + bytes) & ~(h - 1);
        if (hi > lo)
            madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
    }
#else
    (void)huge;
#endif
    for (size_t i = 0; i < bytes; i += 4096)
        p[i] = 1;
    sink = p[bytes / 2];
    (void)sink;
    double t = now() - t0;
    free(p);
    return t;
}

int main(int argc, char **argv)
{
    long mib = argc > 1 ? strtol(argv[1], NULL, 10) : 200;
    if (mib < 1 || mib > 65536) {
        fprintf(stderr, "usage: page_cost [MiB (1..65536)]\n");
        return 2;
    }
    size_t bytes = (size_t)mib << 20;
    printf("%ld MiB, 4 KiB pages: %.3f s\n", mib, touch(bytes, 0));
    printf("%ld MiB, huge pages asked for: %.3f s\n", mib, touch(bytes, 1));
    return 0;
}
