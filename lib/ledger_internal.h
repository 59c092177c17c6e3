/* The ledger's compact layout, for the modules that walk it (reconcile,
 * aggregate, csv). Never installed.
 *
 * A claim is one fixed 80-byte record; every string is an id into the
 * ledger's pool, so two claims have the same scope exactly when their
 * outcome, group, perpetrator, place ids and their two days are equal. */
#ifndef CAS_LEDGER_INTERNAL_H
#define CAS_LEDGER_INTERNAL_H

#include "casualty/ledger.h"
#include "pool_internal.h"

typedef struct cas__claim {
    int64_t low, high, best;    /* high CAS_OPEN, best CAS_NONE as in cas_claim */
    uint32_t id, source, source_kind, relay, citation, quote;   /* pool ids */
    uint32_t outcome, group, perpetrator, place;                /* pool ids */
    int32_t period_start, period_end, reported_on;
    uint8_t qualifier, basis;
    uint8_t current;            /* valid after cas__ledger_revisions() */
    uint8_t unused;
} cas__claim;

#define CAS__NO_CLAIM UINT32_MAX

struct cas_ledger {
    cas__pool pool;
    cas__claim *claims;
    size_t count, cap;
    uint32_t *claim_of;      /* pool id -> index of the claim with that id */
    size_t claim_of_cap;
    int revisions_dirty;     /* current flags need recomputing */
};

/* Validate @c, intern its strings and append it. Nothing changes on failure. */
cas_status cas__ledger_add(cas_ledger *l, const cas_claim *c, cas_error *err);

/* Remove every claim at index >= @count (they were added by a load that
 * failed). Interned strings stay in the pool, unseen. */
void cas__ledger_truncate(cas_ledger *l, size_t count);

/* Bring the `current` flag of every claim up to date (see ledger.h for
 * the revision rule). */
cas_status cas__ledger_revisions(cas_ledger *l);

/* The scope of claim @c with borrowed strings from @l. */
void cas__claim_scope(const cas_ledger *l, const cas__claim *c, cas_scope *out);

/* Order two claims by scope only (outcome, group, perpetrator, place
 * strings in byte order, then the two days): 0 means the same scope. */
int cas__scope_cmp(const cas_ledger *l, const cas__claim *a, const cas__claim *b);

/* Order two claims fully and independently of insertion: scope, then
 * source, then reported_on, then id. */
int cas__claim_cmp(const cas_ledger *l, const cas__claim *a, const cas__claim *b);

/* A total or partial order of claims. */
typedef int (*cas__claim_order)(const cas_ledger *l, const cas__claim *a, const cas__claim *b);

/* Sort @n claim indices by @cmp: stable, O(n log n), no global state
 * (C11's qsort has no context pointer). CAS_ERR_NOMEM on failure. */
cas_status cas__sort_claims(const cas_ledger *l, uint32_t *idx, size_t n, cas__claim_order cmp);

#endif
