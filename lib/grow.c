/* SPDX-License-Identifier: MIT */
/* Growing arrays by doubling, with the overflow checks in one place. */
#include "util_internal.h"
#include "alloc_internal.h"

#include <stdint.h>

int cas__grow(void **p, size_t *cap, size_t need, size_t size, size_t first)
{
    size_t c = *cap ? *cap : first ? first : 1;
    void *np;

    if (need <= *cap)
        return 1;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return 0;
        c *= 2;
    }
    if (c > SIZE_MAX / size)
        return 0;
    np = cas__realloc(*p, c * size);
    if (!np)
        return 0;
    *p = np;
    *cap = c;
    return 1;
}
