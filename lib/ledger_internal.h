/* SPDX-License-Identifier: MIT */
/* The ledger's compact layout, for the modules that walk it (reconcile,
 * aggregate, csv). Never installed.
 *
 * A claim is one fixed 88-byte record; every string is an id into the
 * ledger's pool. Scope strings and sources are interned, so two claims have
 * the same scope exactly when their outcome, group, perpetrator, place and
 * event ids and their two days are equal, and the same source when their source ids
 * are. Claim ids and quotes are stored once per claim without being
 * made findable, so for those equal text never means equal ids. */
#ifndef CAS_LEDGER_INTERNAL_H
#define CAS_LEDGER_INTERNAL_H

#include "casualty/ledger.h"
#include "casualty/vocab.h"
#include "pool_internal.h"

typedef struct cas__claim {
    int64_t low, high, best;    /* high CAS_OPEN, best CAS_NONE as in cas_claim */
    uint32_t id, source, source_kind, relay, citation, quote;   /* pool ids */
    uint32_t outcome, group, perpetrator, place, event;         /* pool ids */
    int32_t period_start, period_end, reported_on;
    uint8_t qualifier, basis;
    uint8_t current;            /* kept up to date by every add and load */
    uint8_t unused;
    uint32_t original;          /* 0, or 1 + the index in l->originals of the
                                   paths as written, when the vocabulary
                                   rewrote any of them */
} cas__claim;

/* A claim's four paths as it was given them (pool ids). */
typedef struct cas__original {
    uint32_t path[4];           /* outcome, group, perpetrator, place */
} cas__original;

#define CAS__NO_CLAIM UINT32_MAX

struct cas_ledger {
    cas__pool pool;
    cas__claim *claims;
    size_t count, cap;
    uint64_t *ids;           /* claim id index, open addressing: 0 empty, else
                                cas__hash(id) << 32 | (claim index + 1) */
    uint32_t nids;           /* slots in @ids (any size) */
    /* The revision groups: the claims of one source on one scope, so that
     * an add updates the `current` flags of its own group only. */
    uint32_t *next;          /* per claim (@cap of them): the next claim of
                                its group, CAS__NO_CLAIM at the end; a group
                                lists its current claims first */
    uint32_t *groups;        /* open addressing: 0 empty, else the group's
                                first claim + 1 */
    uint32_t ngroup_slots;   /* slots in @groups (any size) */
    uint32_t ngroups;        /* groups filed */
    size_t grouped;          /* claims [0, grouped) are filed and flagged;
                                the others were appended by a bulk load
                                that cas__ledger_bulk_end() has not ended */
    int bulk;                /* appends leave filing to cas__ledger_bulk_end() */
    /* The vocabulary (docs/model.md section 10): the ledger's own copy,
     * the built-in default unless cas_ledger_set_vocabulary() gave one.
     * Paths are stored canonical; @canon caches, per dimension, the
     * canonical pool id of each path id seen (open addressing: 0 empty,
     * else (canonical id << 32) | (path id + 1)). */
    cas_vocab *vocab;
    uint64_t *canon[4];
    uint32_t ncanon[4], canon_slots[4];
    char *canon_buf;         /* CAS_FIELD_MAX + 1 bytes, made when first needed */
    cas__original *originals;
    size_t noriginals, originals_cap;
};

/* The ledger's vocabulary (never NULL for a ledger made by cas_ledger_new). */
static inline const cas_vocab *cas__ledger_vocab(const cas_ledger *l)
{
    return l->vocab;
}

/* The strings of a claim with their lengths (not necessarily
 * NUL-terminated), in the order cas__row.s lists them. */
enum {
    CAS__S_ID, CAS__S_SOURCE, CAS__S_SOURCE_KIND, CAS__S_RELAY, CAS__S_CITATION, CAS__S_QUOTE,
    CAS__S_OUTCOME, CAS__S_GROUP, CAS__S_PERPETRATOR, CAS__S_PLACE, CAS__S_EVENT, CAS__NSTR
};

/* A claim about to be appended: what cas_claim holds, with lengths. */
typedef struct cas__row {
    const char *s[CAS__NSTR];
    size_t len[CAS__NSTR];
    int64_t low, high, best;
    int32_t period_start, period_end, reported_on;
    int32_t qualifier, basis;
    uint32_t hash[CAS__NSTR];   /* cas__hash() of the strings, when hashed */
    int hashed;                 /* set by cas__ledger_prepare() */
} cas__row;

/* Hash @row's strings and start loading the table slots they will probe,
 * before the work that remains on the row (a cache miss per string hides
 * behind it). Optional; row->hashed must be 0 without it. */
void cas__ledger_prepare(const cas_ledger *l, cas__row *row);

/* Validate @c, intern its strings and append it. Nothing changes on failure. */
cas_status cas__ledger_add(cas_ledger *l, const cas_claim *c, cas_error *err);

/* cas__ledger_add() for a claim whose strings marked in @known (bits
 * 1u << CAS__S_...) were checked before: their lengths in @lens and their
 * cas__hash() in @hash; the others' are put there. */
cas_status cas__ledger_add_known(cas_ledger *l, const cas_claim *c, size_t *lens, uint32_t *hash,
                                 unsigned known, cas_error *err);

/* Append a claim that passed cas_claim_validate() (or checks at least as
 * strict): fails only on a duplicate id (CAS_ERR_DUPLICATE, field "id",
 * the message cas_ledger_add gives) or on memory. Nothing changes on
 * failure, except that strings may stay in the pool, unseen. */
cas_status cas__ledger_append(cas_ledger *l, const cas__row *row, cas_error *err);

/* Make room for @claims more claims with about @bytes bytes of text, so
 * that a bulk load grows its arrays once. A hint: failure is not an error. */
void cas__ledger_reserve(cas_ledger *l, size_t claims, size_t bytes);

/* Start a bulk load: until cas__ledger_bulk_end(), claims are appended
 * without updating any `current` flag or the revision groups, which stay
 * exactly as they were (so cas__ledger_truncate() can undo the load). */
void cas__ledger_bulk_begin(cas_ledger *l);

/* End a bulk load: file the claims it appended in their revision groups
 * and bring those groups' `current` flags up to date, in one pass. On
 * failure (CAS_ERR_NOMEM) groups and flags are as before the load, and the
 * caller must cas__ledger_truncate() the load's claims away. Either way the
 * ledger is no longer in a bulk load. */
cas_status cas__ledger_bulk_end(cas_ledger *l);

/* Remove every claim at index >= @count, which must all have been appended
 * by the bulk load in progress (a load that failed): flags and revision
 * groups are left exactly as before the load. Interned strings stay in the
 * pool, unseen. Ends the bulk load. */
void cas__ledger_truncate(cas_ledger *l, size_t count);

/* Every claim index in cas__claim_cmp order and (if @nscopes) how many
 * distinct scopes they have. Only reads @l (the `current` flags are always
 * up to date), so any number of threads may call it at once. The caller
 * frees *@out. */
cas_status cas__ledger_order(const cas_ledger *l, uint32_t **out, size_t *nscopes);

/* Whether two claims have the same scope (the ids and days are equal). */
static inline int cas__same_scope(const cas__claim *a, const cas__claim *b)
{
    return a->outcome == b->outcome && a->group == b->group &&
           a->perpetrator == b->perpetrator && a->place == b->place && a->event == b->event &&
           a->period_start == b->period_start && a->period_end == b->period_end;
}

/* The scope of claim @c with borrowed strings from @l. */
void cas__claim_scope(const cas_ledger *l, const cas__claim *c, cas_scope *out);

/* Order two claims by scope only (outcome, group, perpetrator, place, event
 * strings in byte order, then the two days): 0 means the same scope. */
int cas__scope_cmp(const cas_ledger *l, const cas__claim *a, const cas__claim *b);

/* Order two claims fully and independently of insertion: scope, then
 * source, then reported_on, then id. */
int cas__claim_cmp(const cas_ledger *l, const cas__claim *a, const cas__claim *b);

/* A total or partial order of claims. */
typedef int (*cas__claim_order)(const cas_ledger *l, const cas__claim *a, const cas__claim *b);

/* Sort @n claim indices by @cmp: stable, O(n log n), no global state
 * (C11's qsort has no context pointer). CAS_ERR_NOMEM on failure.
 * cas__claim_cmp is recognised and sorted by grouping scopes with a hash
 * first, so that strings are compared once per scope, not per claim. */
cas_status cas__sort_claims(const cas_ledger *l, uint32_t *idx, size_t n, cas__claim_order cmp);

#endif
