/* SPDX-License-Identifier: MIT */
/* Comparing two claims (docs/model.md section 4): how their scopes and ranges
 * relate, which is narrower, and how far apart they are. */
#include "reconcile_internal.h"

#include <string.h>

CAS__DEFINE_INIT(cas_comparison, 0)

/* The narrower of two ranges, by width; an open range is the widest. */
static int32_t narrower(int64_t alow, int64_t ahigh, int64_t blow, int64_t bhigh)
{
    if (ahigh == CAS_OPEN && bhigh == CAS_OPEN)
        return CAS_SIDE_NEITHER;
    if (ahigh == CAS_OPEN)
        return CAS_SIDE_SECOND;
    if (bhigh == CAS_OPEN)
        return CAS_SIDE_FIRST;
    if (ahigh - alow < bhigh - blow)
        return CAS_SIDE_FIRST;
    if (ahigh - alow > bhigh - blow)
        return CAS_SIDE_SECOND;
    return CAS_SIDE_NEITHER;
}

/* How far @inner's low exceeds @outer's high (0 when it does not). */
static int64_t excess(int64_t inner_low, int64_t outer_high)
{
    return outer_high != CAS_OPEN && inner_low > outer_high ? inner_low - outer_high : 0;
}

static void compare(cas_comparison *out, const cas_scope *as, const cas_scope *bs, int64_t alow,
                    int64_t ahigh, int64_t afig, int64_t blow, int64_t bhigh, int64_t bfig)
{
    cas_comparison c;

    cas_comparison_init(&c);
    c.scope_relation = cas_scope_relation(as, bs);
    c.range_relation = cas_range_relation(alow, ahigh, blow, bhigh);
    c.narrower = narrower(alow, ahigh, blow, bhigh);
    c.first_figure = afig;
    c.second_figure = bfig;
    c.ratio = cas__ratio(afig, bfig);
    switch (c.scope_relation) {
    case CAS_SCOPE_SAME:
        c.gap = cas__range_gap(alow, ahigh, blow, bhigh);
        break;
    case CAS_SCOPE_WITHIN:
        c.gap = excess(alow, bhigh);
        break;
    case CAS_SCOPE_CONTAINS:
        c.gap = excess(blow, ahigh);
        break;
    default:
        c.gap = 0; /* scopes that do not nest do not constrain each other */
        break;
    }
    c.consistent = c.gap == 0;
    cas__sized_write(out, &c, sizeof c);
}

static int64_t claim_figure(const cas_claim *c)
{
    return c->best != CAS_NONE ? c->best : c->low;
}

cas_status cas_compare_claims(cas_comparison *out, const cas_claim *a, const cas_claim *b,
                              cas_error *err)
{
    cas_status st;

    if (!CAS__SIZED_OK(out, cas_comparison))
        return cas__fail(err, CAS_ERR_ARG, "",
                         "comparison is NULL or its size is not set "
                         "(use cas_comparison_init)");
    if (!a || !b)
        return cas__fail(err, CAS_ERR_ARG, "", "%s claim is NULL", !a ? "first" : "second");
    if ((st = cas_claim_validate(a, err)) != CAS_OK ||
        (st = cas_claim_validate(b, err)) != CAS_OK) {
        if (err && CAS__HAS(err, cas_error, message)) {
            /* Say which claim: "first claim: field 'low': ..." */
            const char *which =
                cas_claim_validate(a, NULL) != CAS_OK ? "first claim: " : "second claim: ";
            size_t w = strlen(which), m = strlen(err->message);
            if (m + w >= sizeof err->message)
                m = sizeof err->message - 1 - w;
            memmove(err->message + w, err->message, m);
            memcpy(err->message, which, w);
            err->message[w + m] = '\0';
        }
        return st;
    }
    compare(out, &a->scope, &b->scope, a->low, a->high, claim_figure(a), b->low, b->high,
            claim_figure(b));
    return CAS_OK;
}

cas_status cas_compare_at(cas_comparison *out, const cas_ledger *l, size_t a, size_t b,
                          cas_error *err)
{
    cas_scope as, bs;
    const cas__claim *ca, *cb;

    if (!CAS__SIZED_OK(out, cas_comparison) || !l)
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL or its size is not set",
                         l ? "comparison" : "ledger");
    if (a >= l->count || b >= l->count)
        return cas__fail(err, CAS_ERR_NOT_FOUND, "", "claim index %zu is past the end (%zu claims)",
                         a >= l->count ? a : b, l->count);
    ca = &l->claims[a];
    cb = &l->claims[b];
    cas__claim_scope(l, ca, &as);
    cas__claim_scope(l, cb, &bs);
    compare(out, &as, &bs, ca->low, ca->high, cas__figure(ca), cb->low, cb->high, cas__figure(cb));
    return CAS_OK;
}
