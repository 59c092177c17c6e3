/* SPDX-License-Identifier: MIT */
/* The layout of reconciliation results, and the helpers the result
 * modules share (compare, reconcile, sums, propagation, matrix, report),
 * one section per room. Never installed. */
#ifndef CAS_RECONCILE_INTERNAL_H
#define CAS_RECONCILE_INTERNAL_H

#include "ledger_internal.h"
#include "sized_internal.h"
#include "casualty/compare.h"
#include "casualty/reconcile.h"

#define CAS__NBOUNDS 5

/* One scope's result. Claim lists are ledger indices in r->idx. */
typedef struct cas__scope_rec {
    uint32_t rep;                    /* a counted claim with this scope */
    uint32_t nclaims, nsources, superseded, excluded;
    size_t claims_off;               /* counted claims, in cas__claim_cmp order */
    int64_t env_low, env_high, cons_low, cons_high, best;
    size_t prov_off[CAS__NBOUNDS];   /* claims behind each cas_bound */
    uint32_t prov_n[CAS__NBOUNDS];
    int64_t conflict_pairs;
    size_t conf_off;                 /* into r->conf */
    uint32_t nconf;
    int32_t best_kind;               /* a cas_best_kind */
    int32_t within_tol;              /* the consensus holds within the tolerance:
                                        cons_low, cons_high are min high, max low */
    uint32_t outlier;                /* pool id of the outlier source, or UINT32_MAX */
    size_t inconf_off;               /* into r->inconf, one byte per counted claim
                                        (1: in a conflicting pair), or SIZE_MAX
                                        when none is */
} cas__scope_rec;

typedef struct cas__conflict_rec {
    uint32_t higher, lower;          /* ledger indices */
    int64_t gap;
    double ratio;
} cas__conflict_rec;

struct cas_reconciliation {
    const cas_ledger *ledger;
    int32_t tol_kind;                /* the tolerance it was made with */
    double tol;
    cas__scope_rec *scopes;
    size_t nscopes, scopes_cap;
    uint32_t *idx;                   /* counted claims, then provenance lists */
    size_t nidx, idx_cap;
    cas__conflict_rec *conf;
    size_t nconf, conf_cap;
    uint8_t *inconf;                 /* see cas__scope_rec.inconf_off */
    size_t ninconf, inconf_cap;
};

/* A claim's figure: its best estimate, else its low. */
static inline int64_t cas__figure(const cas__claim *c)
{
    return c->best != CAS_NONE ? c->best : c->low;
}

/* ---- result.c ---- */

/* The smallest distance between a count of [alow, ahigh] and one of
 * [blow, bhigh]: 0 when they meet. */
int64_t cas__range_gap(int64_t alow, int64_t ahigh, int64_t blow, int64_t bhigh);

/* a / b as a double, NaN when b is 0. */
double cas__ratio(int64_t a, int64_t b);

/* Order two public scopes as cas__scope_cmp orders claims (NULL == ""). */
int cas__scope_order(const cas_scope *a, const cas_scope *b);

/* Format a scope for a message: "killed civilians - syria 2025-03-06..2025-03-12". */
void cas__scope_describe(char *buf, size_t size, const cas_scope *s);

/* Fill @out (size already checked) from the claim at @index of @l. */
void cas__claim_ref_fill(const cas_ledger *l, uint32_t index, cas_claim_ref *out);

/* Append @v to the growable uint32 array *@a of *@n elements (room for *@cap). */
cas_status cas__u32_push(uint32_t **a, size_t *n, size_t *cap, uint32_t v);

/* Whether figures @x and @y (>= 0) are within tolerance @t of kind @kind
 * (a cas_tolerance_kind): |x - y| <= t * max(x, y), or <= t. Never for
 * CAS_TOLERANCE_NONE unless they are equal. */
int cas__within(int64_t x, int64_t y, int32_t kind, double t);

/* A tolerance as text: "5%", "3" ("" for none). */
void cas__tolerance_text(char *buf, size_t size, int32_t kind, double t);

/* ---- reconcile.c ---- */

/* The tolerance @opts gives (none for NULL or a struct too old to hold
 * one), after checking it. */
cas_status cas__options_tolerance(const cas_reconcile_options *opts, int32_t *kind, double *t,
                                  cas_error *err);

/* The bases that @opts counts (the defaults for NULL), after checking the
 * struct's size and the bases themselves. */
cas_status cas__options_bases(const cas_reconcile_options *opts, uint32_t *bases,
                              cas_error *err);

/* The scope of result @s of @r, strings borrowed from the ledger. */
void cas__rec_scope(const cas_reconciliation *r, const cas__scope_rec *s, cas_scope *out);

#endif
