/* SPDX-License-Identifier: MIT */
/* Scopes side by side (docs/model.md section 6): the tree order of paths,
 * sorting indices by a comparator with a context, and the test that
 * scopes are pairwise disjoint, which a sum needs before it adds them up
 * (the sums of sum.c and the declared covers of the propagation). */
#include "aggregate_internal.h"
#include "alloc_internal.h"
#include "sort_internal.h"

/* Tree order of paths: a path comes right before its descendants, because
 * '/' sorts below every other byte a path may hold. */
int cas__tree_cmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    for (;; x++, y++) {
        unsigned cx = *x == '/' ? 1u : *x, cy = *y == '/' ? 1u : *y;
        if (cx != cy)
            return cx < cy ? -1 : 1;
        if (!cx)
            return 0;
    }
}

typedef struct by_cmp {
    cas__sort_cmp cmp;
    const void *ctx;
} by_cmp;

#define CMP_LESS(c, x, y) ((c)->cmp((c)->ctx, x, y) < 0)
CAS__DEFINE_MERGE_SORT(merge_u32, uint32_t, const by_cmp *, CMP_LESS)

cas_status cas__sort_by(uint32_t *a, size_t n, cas__sort_cmp cmp, const void *ctx)
{
    uint32_t *tmp;
    if (n < 2)
        return CAS_OK;
    tmp = cas__malloc(n * sizeof *tmp);
    if (!tmp)
        return CAS_ERR_NOMEM;
    merge_u32(a, tmp, n, &(by_cmp){cmp, ctx});
    cas__free(tmp);
    return CAS_OK;
}

/* ------------------------------------------------------------------ */
/* Finding two scopes that are not disjoint, without comparing every pair:
 * split the scopes, one dimension after the other, into groups whose
 * members are connected by overlaps in that dimension. Scopes in different
 * groups are disjoint; only the scopes left together in the end are
 * compared pairwise, and those are few unless the input overlaps a lot. */

typedef struct overlap_ctx {
    const cas_scope *const *s;
    int dim;
} overlap_ctx;

static int overlap_cmp(const void *c, uint32_t a, uint32_t b)
{
    const overlap_ctx *o = c;
    const cas_scope *x = o->s[a], *y = o->s[b];
    if (o->dim < CAS__NPATHS) {
        int r = cas__tree_cmp(cas__dim_path(x, o->dim), cas__dim_path(y, o->dim));
        if (r)
            return r;
    } else {
        int64_t xs = cas__day_lo(x->period_start), ys = cas__day_lo(y->period_start);
        if (xs != ys)
            return xs < ys ? -1 : 1;
    }
    return (a > b) - (a < b);
}

static cas_status find_overlap(const cas_scope *const *s, uint32_t *items, size_t n, int dim,
                               int *found, uint32_t *fa, uint32_t *fb)
{
    overlap_ctx ctx = {s, dim};
    cas_status st;

    if (n < 2 || *found)
        return CAS_OK;
    if (dim == CAS__NPATHS + 1) {
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                if (cas_scope_relation(s[items[i]], s[items[j]]) != CAS_SCOPE_DISJOINT) {
                    *found = 1;
                    *fa = items[i] < items[j] ? items[i] : items[j];
                    *fb = items[i] < items[j] ? items[j] : items[i];
                    return CAS_OK;
                }
        return CAS_OK;
    }
    if ((st = cas__sort_by(items, n, overlap_cmp, &ctx)) != CAS_OK)
        return st;
    for (size_t lo = 0; lo < n && !*found;) {
        size_t hi = lo + 1;
        if (dim < CAS__NPATHS) {
            const char *root = cas__dim_path(s[items[lo]], dim);
            while (hi < n && cas__path_contains(root, cas__dim_path(s[items[hi]], dim)))
                hi++;
        } else {
            int64_t end = cas__day_hi(s[items[lo]]->period_end);
            while (hi < n && cas__day_lo(s[items[hi]]->period_start) <= end) {
                if (cas__day_hi(s[items[hi]]->period_end) > end)
                    end = cas__day_hi(s[items[hi]]->period_end);
                hi++;
            }
        }
        if ((st = find_overlap(s, items + lo, hi - lo, dim + 1, found, fa, fb)) != CAS_OK)
            return st;
        lo = hi;
    }
    return CAS_OK;
}

/* Check that @n scopes are pairwise disjoint; on an overlap fail with
 * CAS_ERR_OVERLAP naming the pair as "@what N". */
cas_status cas__check_disjoint(const cas_scope *const *s, size_t n, const char *what,
                               cas_error *err)
{
    uint32_t *items, a = 0, b = 0;
    int found = 0;
    cas_status st;

    if (n < 2)
        return CAS_OK;
    if (n >= UINT32_MAX)
        return cas__fail(err, CAS_ERR_ARG, "", "too many scopes");
    items = cas__malloc(n * sizeof *items);
    if (!items)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    for (size_t i = 0; i < n; i++)
        items[i] = (uint32_t)i;
    st = find_overlap(s, items, n, 0, &found, &a, &b);
    cas__free(items);
    if (st != CAS_OK)
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    if (found) {
        char da[200], db[200];
        cas__scope_describe(da, sizeof da, s[a]);
        cas__scope_describe(db, sizeof db, s[b]);
        return cas__fail(err, CAS_ERR_OVERLAP, "",
                         "%s %u (%s) and %s %u (%s) are not disjoint (%s): adding them "
                         "would count the same people twice",
                         what, (unsigned)a, da, what, (unsigned)b, db,
                         cas_scope_rel_name(cas_scope_relation(s[a], s[b])));
    }
    return CAS_OK;
}
