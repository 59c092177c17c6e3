/* SPDX-License-Identifier: MIT */
/* Sums of disjoint scopes (docs/model.md section 6): of ranges the caller
 * gives, or of a reconciliation's results. */
#include "aggregate_internal.h"
#include "alloc_internal.h"
#include "casualty/aggregate.h"

#include <string.h>

/* The sum of @n terms: their ranges, and their bests (@bests may be NULL:
 * no term has one; @kinds, with @bests, says which are midpoints). */
static cas_status sum_core(cas_sum *out, const cas_scope *const *s, const int64_t *lows,
                           const int64_t *highs, const int64_t *bests, const int32_t *kinds,
                           size_t n, cas_error *err)
{
    int64_t low = 0, high = 0, best = 0;
    uint32_t missing = 0, midpoints = 0;
    int open = 0, best_overflow = 0;
    cas_status st;

    for (size_t i = 0; i < n; i++) {
        if (lows[i] < 0 || (highs[i] != CAS_OPEN && highs[i] < lows[i]))
            return cas__fail(err, CAS_ERR_RANGE, "",
                             "term %zu: [%lld, %lld] is not a range 0 <= low <= high", i,
                             (long long)lows[i], (long long)highs[i]);
        if (bests && bests[i] != CAS_NONE && bests[i] < 0)
            return cas__fail(err, CAS_ERR_RANGE, "best", "term %zu: best %lld is below 0", i,
                             (long long)bests[i]);
        if (!s[i] || s[i]->size < sizeof *s[i])
            return cas__fail(err, CAS_ERR_ARG, "scope",
                             "term %zu: scope size is not set (use cas_scope_init)", i);
    }
    if ((st = cas__check_disjoint(s, n, "term", err)) != CAS_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (__builtin_add_overflow(low, lows[i], &low))
            return cas__fail(err, CAS_ERR_OVERFLOW, "low",
                             "the sum of the lows does not fit in 64 bits");
        if (highs[i] == CAS_OPEN)
            open = 1;
        else if (!open && __builtin_add_overflow(high, highs[i], &high))
            return cas__fail(err, CAS_ERR_OVERFLOW, "high",
                             "the sum of the highs does not fit in 64 bits");
    }
    /* The best: the sum of the terms' bests when every term has one
     * (docs/model.md section 13), else none, with how many lack one. */
    for (size_t i = 0; i < n; i++) {
        if (!bests || bests[i] == CAS_NONE) {
            missing++;
            continue;
        }
        if (kinds && kinds[i] == CAS_BEST_MIDPOINT)
            midpoints++;
        if (!best_overflow && __builtin_add_overflow(best, bests[i], &best))
            best_overflow = 1;
    }
    if (best_overflow && !missing)
        return cas__fail(err, CAS_ERR_OVERFLOW, "best",
                         "the sum of the bests does not fit in 64 bits");
    /* An open term makes the sum open, whatever the order: check the
     * closed highs only when none is open. */
    if (open)
        high = CAS_OPEN;
    out->terms = (uint32_t)(n > UINT32_MAX ? UINT32_MAX : n);
    out->low = low;
    out->high = high;
    out->best = missing || n == 0 ? (n == 0 ? 0 : CAS_NONE) : best;
    out->without_best = missing;
    out->midpoint_bests = midpoints;
    return CAS_OK;
}

CAS__DEFINE_INIT(cas_sum, 0)

cas_status cas_sum_ranges(cas_sum *out, const cas_scope *scopes, const int64_t *lows,
                          const int64_t *highs, size_t n, cas_error *err)
{
    return cas_sum_estimates(out, scopes, lows, highs, NULL, n, err);
}

cas_status cas_sum_estimates(cas_sum *out, const cas_scope *scopes, const int64_t *lows,
                             const int64_t *highs, const int64_t *bests, size_t n, cas_error *err)
{
    const cas_scope **ptrs;
    cas_sum res;
    cas_status st;

    if (!CAS__SIZED_OK(out, cas_sum))
        return cas__fail(err, CAS_ERR_ARG, "", "sum is NULL or its size is not set");
    if (n && (!scopes || !lows || !highs))
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL",
                         !scopes ? "scopes"
                         : !lows ? "lows"
                                 : "highs");
    ptrs = cas__malloc((n ? n : 1) * sizeof *ptrs);
    if (!ptrs)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    for (size_t i = 0; i < n; i++) {
        ptrs[i] = &scopes[i];
        if (bests && bests[i] != CAS_NONE &&
            (bests[i] < lows[i] || (highs[i] != CAS_OPEN && bests[i] > highs[i]))) {
            cas__free(ptrs);
            return cas__fail(err, CAS_ERR_RANGE, "best", "term %zu: best %lld is outside its range",
                             i, (long long)bests[i]);
        }
    }
    memset(&res, 0, sizeof res);
    st = sum_core(&res, ptrs, lows, highs, bests, NULL, n, err);
    cas__free(ptrs);
    if (st == CAS_OK) {
        res.size = (uint32_t)sizeof res;
        cas__sized_write(out, &res, sizeof res);
    }
    return st;
}

cas_status cas_sum_results(cas_sum *out, const cas_reconciliation *r, const size_t *items, size_t n,
                           int32_t which, cas_error *err)
{
    cas_scope *scopes = NULL;
    const cas_scope **ptrs = NULL;
    int64_t *lows = NULL, *highs = NULL, *bests = NULL;
    int32_t *kinds = NULL;
    cas_sum res;
    cas_status st;

    if (!CAS__SIZED_OK(out, cas_sum) || !r || (n && !items))
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL or its size is not set",
                         !r              ? "reconciliation"
                         : (n && !items) ? "items"
                                         : "sum");
    if (which != CAS_RESULT_CONSENSUS && which != CAS_RESULT_ENVELOPE)
        return cas__fail(err, CAS_ERR_ARG, "which",
                         "expected CAS_RESULT_CONSENSUS or "
                         "CAS_RESULT_ENVELOPE, got %d",
                         (int)which);
    for (size_t i = 0; i < n; i++) {
        const cas__scope_rec *s;
        if (items[i] >= r->nscopes)
            return cas__fail(err, CAS_ERR_NOT_FOUND, "",
                             "term %zu: position %zu is past the end (%zu scopes)", i, items[i],
                             r->nscopes);
        s = &r->scopes[items[i]];
        if (which == CAS_RESULT_CONSENSUS && s->cons_high != CAS_OPEN &&
            s->cons_low > s->cons_high) {
            char d[300];
            cas_scope sc;
            cas__rec_scope(r, s, &sc);
            cas__scope_describe(d, sizeof d, &sc);
            return cas__fail(err, CAS_ERR_CONFLICT, "",
                             "term %zu: the sources on %s do not agree (no consensus: "
                             "%lld > %lld)",
                             i, d, (long long)s->cons_low, (long long)s->cons_high);
        }
    }
    scopes = cas__malloc((n ? n : 1) * sizeof *scopes);
    ptrs = cas__malloc((n ? n : 1) * sizeof *ptrs);
    lows = cas__malloc((n ? n : 1) * sizeof *lows);
    highs = cas__malloc((n ? n : 1) * sizeof *highs);
    bests = cas__malloc((n ? n : 1) * sizeof *bests);
    kinds = cas__malloc((n ? n : 1) * sizeof *kinds);
    if (!scopes || !ptrs || !lows || !highs || !bests || !kinds) {
        st = cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const cas__scope_rec *s = &r->scopes[items[i]];
        cas__rec_scope(r, s, &scopes[i]);
        ptrs[i] = &scopes[i];
        lows[i] = which == CAS_RESULT_CONSENSUS ? s->cons_low : s->env_low;
        highs[i] = which == CAS_RESULT_CONSENSUS ? s->cons_high : s->env_high;
        bests[i] = s->best;
        kinds[i] = s->best_kind;
    }
    memset(&res, 0, sizeof res);
    if ((st = sum_core(&res, ptrs, lows, highs, bests, kinds, n, err)) == CAS_OK) {
        res.size = (uint32_t)sizeof res;
        cas__sized_write(out, &res, sizeof res);
    }
done:
    cas__free(scopes);
    cas__free(ptrs);
    cas__free(lows);
    cas__free(highs);
    cas__free(bests);
    cas__free(kinds);
    return st;
}
