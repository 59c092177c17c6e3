/* SPDX-License-Identifier: MIT */
/* The allocation room and its test-only failure hook (alloc_internal.h). */
#include "config.h"
#include "alloc_internal.h"

int cas__alloc_armed;
static size_t fail_at; /* the ordinal of the allocation to fail, 0 for none */
static size_t count;   /* allocations counted since arming */
static long live;      /* blocks allocated minus blocks freed while armed */
static int failed;     /* the failure has been handed out */

void *cas__alloc_slow(void *p, size_t n, size_t size, int kind)
{
    void *q;

    if (++count == fail_at) {
        failed = 1;
        return NULL;
    }
    switch (kind) {
    case CAS__ALLOC_CALLOC:
        q = calloc(n, size);
        break;
    case CAS__ALLOC_REALLOC:
        q = realloc(p, n);
        break;
    default:
        q = malloc(n);
        break;
    }
    if (q && !p)
        live++;
    return q;
}

void cas__free_slow(const void *p)
{
    if (p)
        live--;
}

void *cas__realloc_fn(void *p, size_t n)
{
    return cas__realloc(p, n);
}

void cas__free_fn(void *p)
{
    cas__free(p);
}

void cas__alloc_fail_at(size_t n)
{
    fail_at = n;
    count = 0;
    live = 0;
    failed = 0;
    cas__alloc_armed = 1;
}

void cas__alloc_pause(void)
{
    cas__alloc_armed = 0;
}

void cas__alloc_resume(void)
{
    fail_at = 0;
    cas__alloc_armed = 1;
}

size_t cas__alloc_count(void)
{
    return count;
}

long cas__alloc_live(void)
{
    return live;
}

int cas__alloc_failed(void)
{
    return failed;
}
