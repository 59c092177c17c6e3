/* The allocation room and its test-only failure hook (alloc_internal.h). */
#include "config.h"
#include "alloc_internal.h"

int cas__alloc_armed;
static size_t fail_at; /* the ordinal of the allocation to fail */
static size_t count;   /* allocations counted since arming */
static int failed;     /* the failure has been handed out */

int cas__alloc_tick(void)
{
    if (++count != fail_at)
        return 0;
    failed = 1;
    return 1;
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
    failed = 0;
    cas__alloc_armed = n != 0;
}

size_t cas__alloc_count(void)
{
    return count;
}

int cas__alloc_failed(void)
{
    return failed;
}
