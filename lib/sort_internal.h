/* SPDX-License-Identifier: MIT */
/* One stable merge sort for every module that sorts (C11's qsort is not
 * stable and has no context pointer). Never installed.
 *
 * CAS__DEFINE_MERGE_SORT(name, T, CTX, LESS) defines two functions for
 * elements of type T:
 *
 *   static inline T *name_to(T *a, T *tmp, size_t n, CTX ctx);
 *   static inline void name(T *a, T *tmp, size_t n, CTX ctx);
 *
 * Both sort the @n elements at @a, with @tmp as scratch room for @n, so
 * that an element x comes before y only if LESS(ctx, x, y) or x came
 * first (stable). LESS is a macro or function of (CTX, T lvalue, T
 * lvalue) giving nonzero for "strictly before". name_to() returns where
 * the sorted elements are (@a or @tmp); name() always leaves them in @a.
 * Bottom-up: O(n log n) comparisons, no recursion, no allocation, no
 * global state. Being macros, the comparisons inline at each use. */
#ifndef CAS_SORT_INTERNAL_H
#define CAS_SORT_INTERNAL_H

#include <stddef.h>
#include <string.h>

/* NOLINTBEGIN(bugprone-macro-parentheses): name, T and CTX are a name and
 * types, which cannot be parenthesised */
#define CAS__DEFINE_MERGE_SORT(name, T, CTX, LESS)                                             \
    static inline T *name##_to(T *a, T *tmp, size_t n, CTX ctx)                                \
    {                                                                                          \
        T *src = a, *dst = tmp;                                                                \
        (void)ctx;                                                                             \
        for (size_t width = 1; width < n; width *= 2) {                                        \
            for (size_t lo = 0; lo < n; lo += 2 * width) {                                     \
                size_t mid = lo + width < n ? lo + width : n;                                  \
                size_t hi = lo + 2 * width < n ? lo + 2 * width : n;                           \
                size_t i = lo, j = mid, k = lo;                                                \
                while (i < mid && j < hi)                                                      \
                    dst[k++] = LESS(ctx, src[j], src[i]) ? src[j++] : src[i++];                \
                while (i < mid)                                                                \
                    dst[k++] = src[i++];                                                       \
                while (j < hi)                                                                 \
                    dst[k++] = src[j++];                                                       \
            }                                                                                  \
            T *swap_ = src;                                                                    \
            src = dst;                                                                         \
            dst = swap_;                                                                       \
        }                                                                                      \
        return src;                                                                            \
    }                                                                                          \
    static inline void name(T *a, T *tmp, size_t n, CTX ctx)                                   \
    {                                                                                          \
        T *sorted = name##_to(a, tmp, n, ctx);                                                 \
        if (sorted != a)                                                                       \
            memcpy(a, sorted, n * sizeof *a);                                                  \
    }
/* NOLINTEND(bugprone-macro-parentheses) */

#endif
