/* SPDX-License-Identifier: MIT */
/* The library's one way to allocate memory. Every allocation in lib/ (and
 * libcsv's, through csv_set_realloc_func/csv_set_free_func) goes through
 * these, so a test can make the n-th allocation fail and check that each
 * public entry point then returns CAS_ERR_NOMEM with its inputs unchanged
 * and nothing leaked (tests/check_alloc.c). Never installed; nothing here
 * is exported (the shared library hides it; tests link the internal
 * convenience library lib/libcasualty-internal.la).
 *
 * Memory from these is plain C heap memory: cas__free(p) is free(p), and
 * what the library hands its users (cas_free, cas_*_free) may be released
 * either way. */
#ifndef CAS_ALLOC_INTERNAL_H
#define CAS_ALLOC_INTERNAL_H

#include <stddef.h>
#include <stdlib.h>

#if defined(__GNUC__)
#define CAS__UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define CAS__UNLIKELY(x) (x)
#endif

/* Non-zero while a test has armed the failure hook. The fast path of each
 * allocator is this one test, almost never taken. */
extern int cas__alloc_armed;

/* The slow paths, taken only while armed: count, fail when told to, and
 * keep the balance of allocations and frees. */
void *cas__alloc_slow(void *p, size_t n, size_t size, int kind);
void cas__free_slow(const void *p);

enum { CAS__ALLOC_MALLOC, CAS__ALLOC_CALLOC, CAS__ALLOC_REALLOC };

static inline void *cas__malloc(size_t n)
{
    if (CAS__UNLIKELY(cas__alloc_armed))
        return cas__alloc_slow(NULL, n, 1, CAS__ALLOC_MALLOC);
    return malloc(n);
}

static inline void *cas__calloc(size_t n, size_t size)
{
    if (CAS__UNLIKELY(cas__alloc_armed))
        return cas__alloc_slow(NULL, n, size, CAS__ALLOC_CALLOC);
    return calloc(n, size);
}

static inline void *cas__realloc(void *p, size_t n)
{
    if (CAS__UNLIKELY(cas__alloc_armed))
        return cas__alloc_slow(p, n, 1, CAS__ALLOC_REALLOC);
    return realloc(p, n);
}

static inline void cas__free(void *p)
{
    if (CAS__UNLIKELY(cas__alloc_armed))
        cas__free_slow(p);
    free(p);
}

/* libcsv's hooks (csv_set_realloc_func wants a function, not an inline). */
void *cas__realloc_fn(void *p, size_t n);
void cas__free_fn(void *p);

/* --- the test hook (tests/check_alloc.c) --- */

/* From now on, count allocations (malloc, calloc, realloc, ours and
 * libcsv's) and make the @n-th one fail, returning NULL; later ones succeed
 * again. @n == SIZE_MAX only counts. Also keeps the balance of blocks
 * allocated minus blocks freed (cas__alloc_live). Not thread-safe: call it
 * while no other thread is in the library. */
void cas__alloc_fail_at(size_t n);

/* Stop counting (the counts are kept), and go on counting, failing nothing
 * more: a test looks at results between the two without being counted. */
void cas__alloc_pause(void);
void cas__alloc_resume(void);

/* The number of allocations counted since the last cas__alloc_fail_at(). */
size_t cas__alloc_count(void);

/* Blocks allocated minus blocks freed while counting. */
long cas__alloc_live(void);

/* Non-zero when the armed failure has happened. */
int cas__alloc_failed(void);

#endif
