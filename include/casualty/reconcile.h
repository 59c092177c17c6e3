/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/reconcile.h
 * @brief Reconciling the claims on a scope (docs/model.md section 5): envelope,
 *        consensus, conflicts and best estimate, each bound with the claims
 *        it came from.
 *
 * Which claims count on a scope:
 * - only *current* claims: each source's latest report on the scope (see
 *   casualty/ledger.h); superseded reports are counted but left out;
 * - only claims of the bases in ::cas_reconcile_options.bases: by default
 *   documented and reported claims, which reconcile together. Statistical
 *   estimates and a party's claims are different statements and stay out
 *   unless the caller opts in.
 *
 * What a scope's result holds:
 * - **envelope** [min low, max high]: every count some source allows;
 * - **consensus** [max low, min high]: the counts every source allows. When
 *   max low > min high the consensus is empty and `has_consensus` is 0;
 * - **conflicts**: when the consensus is empty, the pairs of claims whose
 *   ranges are disjoint (cannot both be true), each with its gap and the
 *   ratio of the figures (see casualty/compare.h);
 * - **best**: by default the weighted median of the figures of the claims
 *   that have one: a best estimate, or the count of an exact claim (low ==
 *   high). A source's weight (1 unless given) is shared equally among its
 *   claims on the scope. When the weight is split exactly in half between
 *   two values, the best is their midpoint, rounded down: a figure no
 *   source reported, which the result marks (::CAS_BEST_MIDPOINT). Other
 *   rules (::cas_best_rule, docs/model.md section 13): the lowest figure,
 *   a source priority list, or none when the sources conflict;
 * - **provenance**: for every bound, the claims that attain it (ordered by
 *   source, then report day, then id).
 *
 * A reconciliation is an opaque result the caller walks with getters. It
 * keeps a pointer to its ledger and borrows the ledger's strings: free it
 * before the ledger. Adding claims to the ledger later neither changes nor
 * invalidates it. A result never depends on the order claims were added.
 */
#ifndef CASUALTY_RECONCILE_H
#define CASUALTY_RECONCILE_H

#include "casualty/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The bit of basis @p b in ::cas_reconcile_options.bases. */
#define CAS_BASIS_BIT(b) (1u << (b))
/**
 * How a scope's best is chosen (docs/model.md section 13). Stable numbers.
 * Every rule takes the figures of the counted claims that have one (a best
 * estimate, or the count of an exact claim).
 */
typedef enum cas_best_rule {
    CAS_BEST_RULE_MEDIAN = 0,   /**< the weighted median (the default); the
                                     midpoint when the weight splits in half */
    CAS_BEST_RULE_LOWEST = 1,   /**< the lowest figure (a conservative rule,
                                     as ACLED's) */
    CAS_BEST_RULE_PRIORITY = 2, /**< the figure of the first source of
                                     ::cas_reconcile_options.priority_sources
                                     that gives one (the median of its own
                                     figures if several); none when none does */
    CAS_BEST_RULE_NONE_IF_CONFLICT = 3 /**< the median, but none when the
                                     scope has no consensus */
} cas_best_rule;

/** Where a best comes from. Stable numbers. */
typedef enum cas_best_kind {
    CAS_BEST_ABSENT = 0,   /**< there is no best */
    CAS_BEST_REPORTED = 1, /**< a figure a source reported */
    CAS_BEST_MIDPOINT = 2, /**< the midpoint of two figures: no source
                                reported it */
    CAS_BEST_SUM = 3       /**< a sum of the bests of disjoint parts (a
                                propagated whole) */
} cas_best_kind;

/**
 * How a tolerance is given (::cas_reconcile_options.tolerance_kind,
 * docs/model.md section 14). Stable numbers. Two figures x >= y are
 * *within* the tolerance t when x - y <= t * x (a share) or x - y <= t (a
 * count).
 */
typedef enum cas_tolerance_kind {
    CAS_TOLERANCE_NONE = 0,  /**< no tolerance (the default) */
    CAS_TOLERANCE_SHARE = 1, /**< t is a share of the larger figure, 0 <= t < 1
                                  (0.05 for 5 %) */
    CAS_TOLERANCE_COUNT = 2  /**< t is a whole number of people, >= 0 */
} cas_tolerance_kind;

/** The bases counted by default: documented and reported. */
#define CAS_BASES_DEFAULT \
    (CAS_BASIS_BIT(CAS_BASIS_REPORTED) | CAS_BASIS_BIT(CAS_BASIS_DOCUMENTED))
/** Every basis. */
#define CAS_BASES_ALL 0xFu

/**
 * How to reconcile. Caller-owned; set it up with
 * cas_reconcile_options_init(), then change what is needed. A NULL options
 * pointer means the defaults.
 */
typedef struct cas_reconcile_options {
    uint32_t size;           /**< sizeof(cas_reconcile_options) */
    uint32_t bases;          /**< which bases count: CAS_BASIS_BIT()s, not 0;
                                  default ::CAS_BASES_DEFAULT */
    uint32_t max_conflicts;  /**< the most conflict pairs listed per scope
                                  (the number of all pairs is always given);
                                  default 1000, UINT32_MAX for all */
    uint32_t nweights;       /**< the length of the two weight arrays */
    const char *const *weight_sources; /**< source names (borrowed, read
                                  during the call only), each at most once */
    const double *weights;   /**< their weights for the best estimate: finite
                                  and >= 0 (0 leaves the source out of the
                                  best, not out of the ranges) */
    double default_weight;   /**< the weight of every other source; default 1 */
    int32_t best_rule;       /**< a ::cas_best_rule; default ::CAS_BEST_RULE_MEDIAN */
    uint32_t npriority;      /**< the length of @ref priority_sources */
    const char *const *priority_sources; /**< for ::CAS_BEST_RULE_PRIORITY:
                                  source names, most trusted first (borrowed,
                                  read during the call only) */
    int32_t tolerance_kind;  /**< a ::cas_tolerance_kind; default
                                  ::CAS_TOLERANCE_NONE. With a tolerance, two
                                  exact counts (low == high) whose ranges are
                                  disjoint but which are within it agree: they
                                  are not a conflict, and a scope whose every
                                  disjoint pair is such has a consensus "within
                                  the tolerance" (cas_scope_result.within_tolerance).
                                  The matrix counts the scopes where two
                                  sources' figures are within it. */
    uint32_t unused;         /**< 0 */
    double tolerance;        /**< the tolerance t (see ::cas_tolerance_kind);
                                  default 0 */
} cas_reconcile_options;

/** The stable name of a best rule ("median", "lowest", "priority",
 *  "none-if-conflict"), or NULL if unknown.
 * Complexity: O(1) time, no memory.
 * @param rule  a ::cas_best_rule.
 * @return a static string, or NULL.
 */
CAS_EXPORT const char *cas_best_rule_name(int32_t rule);
/** The best rule named @p name (as cas_best_rule_name() gives it).
 *  @return CAS_OK, CAS_ERR_ARG (NULL) or CAS_ERR_VALUE.
 * Complexity: O(1) time, no memory.
 * @param out   receives the ::cas_best_rule.
 * @param name  the name.
 */
CAS_EXPORT cas_status cas_best_rule_from_name(int32_t *out, const char *name);
/** The stable name of a best kind ("", "reported", "midpoint", "sum"), or
 *  NULL if unknown.
 * Complexity: O(1) time, no memory.
 * @param kind  a ::cas_best_kind.
 * @return a static string, or NULL.
 */
CAS_EXPORT const char *cas_best_kind_name(int32_t kind);

/**
 * Set @p opts's size and its defaults (::CAS_BASES_DEFAULT, 1000 conflicts,
 * no weights, default weight 1, the median rule for the best, no
 * tolerance).
 * @param opts  the struct; NULL is a no-op.
 * @param size  `sizeof *opts` as the caller's headers have it: cas_reconcile_options_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_reconcile_options_init_size(cas_reconcile_options *opts, size_t size);
/**
 * cas_reconcile_options_init_size() with the caller's own `sizeof *opts`.
 * @param opts  the struct; NULL is a no-op.
 */
static inline void cas_reconcile_options_init(cas_reconcile_options *opts)
{
    cas_reconcile_options_init_size(opts, sizeof *opts);
}

/** The bounds of a scope's result, for provenance lookups. Stable numbers. */
typedef enum cas_bound {
    CAS_BOUND_ENVELOPE_LOW = 0,   /**< min low */
    CAS_BOUND_ENVELOPE_HIGH = 1,  /**< max high (claims with an open high when open) */
    CAS_BOUND_CONSENSUS_LOW = 2,  /**< max low */
    CAS_BOUND_CONSENSUS_HIGH = 3, /**< min high (every claim when all are open) */
    CAS_BOUND_BEST = 4            /**< the claims whose figures make the median */
} cas_bound;

/** Which range of a scope's result other modules use. Stable numbers. */
typedef enum cas_result_range {
    CAS_RESULT_CONSENSUS = 0, /**< what every source allows */
    CAS_RESULT_ENVELOPE = 1   /**< what some source allows */
} cas_result_range;

/** An opaque set of per-scope results, ordered by scope. */
typedef struct cas_reconciliation cas_reconciliation;

/**
 * The result for one scope. Caller-owned with @ref size set (to
 * sizeof(cas_scope_result)); strings in @ref scope are borrowed from the
 * ledger.
 */
typedef struct cas_scope_result {
    uint32_t size;           /**< sizeof(cas_scope_result) */
    int32_t has_consensus;   /**< 1 when max low <= min high, or when the
                                  claims agree within the tolerance */
    cas_scope scope;         /**< the scope (strings live as long as the ledger) */
    uint32_t claims;         /**< claims counted */
    uint32_t sources;        /**< distinct sources among them */
    uint32_t superseded;     /**< claims on the scope left out as superseded */
    uint32_t excluded;       /**< current claims left out for their basis */
    int64_t envelope_low;    /**< min low */
    int64_t envelope_high;   /**< max high, or CAS_OPEN */
    int64_t consensus_low;   /**< max low */
    int64_t consensus_high;  /**< min high, or CAS_OPEN; below consensus_low
                                  when has_consensus is 0 */
    int64_t best;            /**< the median figure, or CAS_NONE */
    int64_t conflict_pairs;  /**< how many pairs of counted claims are
                                  disjoint (and, with a tolerance, not both
                                  exact counts within it) */
    uint32_t conflicts;      /**< how many of them are listed (at most
                                  ::cas_reconcile_options.max_conflicts) */
    int32_t best_kind;       /**< a ::cas_best_kind: absent, reported, or a
                                  midpoint no source reported */
    int32_t within_tolerance; /**< 1 when the consensus holds only within
                                  the tolerance of the options: some exact
                                  counts differ, by no more than it. The
                                  consensus is then [min high, max low], the
                                  counts between the differing figures, and
                                  has_consensus is 1 */
    uint32_t unused;         /**< 0 */
    const char *outlier;     /**< on a scope in conflict, the one source
                                  whose removal restores a consensus (within
                                  the tolerance, if one is given); NULL when
                                  there is no conflict, when no source's
                                  removal restores one, or when more than one
                                  source's does (two sources that disagree) */
} cas_scope_result;

/**
 * Set @p out's size and clear the rest (its scope
 * "everything", as cas_scope_init() makes it), before the library fills it.
 * @param out  the struct; NULL is a no-op.
 * @param size  `sizeof *out` as the caller's headers have it: cas_scope_result_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_scope_result_init_size(cas_scope_result *out, size_t size);
/**
 * cas_scope_result_init_size() with the caller's own `sizeof *out`.
 * @param out  the struct; NULL is a no-op.
 */
static inline void cas_scope_result_init(cas_scope_result *out)
{
    cas_scope_result_init_size(out, sizeof *out);
}

/**
 * A claim named by a result. Caller-owned with @ref size set; strings are
 * borrowed from the ledger.
 */
typedef struct cas_claim_ref {
    uint32_t size;       /**< sizeof(cas_claim_ref) */
    uint32_t unused;     /**< 0 */
    size_t index;        /**< its index in the ledger */
    const char *id;      /**< its id */
    const char *source;  /**< its source */
    int64_t low;         /**< its range */
    int64_t high;        /**< (CAS_OPEN when open) */
    int64_t figure;      /**< its figure: best, else low */
} cas_claim_ref;

/**
 * Set @p out's size and clear the rest, before the library fills it.
 * @param out  the struct; NULL is a no-op.
 * @param size  `sizeof *out` as the caller's headers have it: cas_claim_ref_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_claim_ref_init_size(cas_claim_ref *out, size_t size);
/**
 * cas_claim_ref_init_size() with the caller's own `sizeof *out`.
 * @param out  the struct; NULL is a no-op.
 */
static inline void cas_claim_ref_init(cas_claim_ref *out)
{
    cas_claim_ref_init_size(out, sizeof *out);
}

/**
 * A pair of claims on one scope that cannot both be true. Caller-owned with
 * @ref size set; strings are borrowed from the ledger.
 */
typedef struct cas_conflict {
    uint32_t size;              /**< sizeof(cas_conflict) */
    uint32_t unused;            /**< 0 */
    size_t higher;              /**< ledger index of the claim with the higher range */
    size_t lower;               /**< ledger index of the other */
    const char *higher_id;      /**< the id of the claim with the higher range */
    const char *higher_source;  /**< its source */
    const char *lower_id;       /**< the id of the other */
    const char *lower_source;   /**< its source */
    int64_t gap;                /**< higher.low - lower.high (> 0) */
    double ratio;               /**< higher's figure / lower's figure; NaN when
                                     the lower figure is 0 */
} cas_conflict;

/**
 * Set @p out's size and clear the rest, before the library fills it.
 * @param out  the struct; NULL is a no-op.
 * @param size  `sizeof *out` as the caller's headers have it: cas_conflict_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_conflict_init_size(cas_conflict *out, size_t size);
/**
 * cas_conflict_init_size() with the caller's own `sizeof *out`.
 * @param out  the struct; NULL is a no-op.
 */
static inline void cas_conflict_init(cas_conflict *out)
{
    cas_conflict_init_size(out, sizeof *out);
}

/**
 * Reconcile the claims whose scope is exactly @p scope.
 *
 * @param out     receives a new result with one scope; the caller frees it
 *                with cas_reconciliation_free(). Written only on success.
 * @param ledger  the claims; its strings are borrowed by the result.
 * @param scope   the scope (size set, cas_scope_init()); NULL or "" paths
 *                mean "all".
 * @param opts    the options, or NULL for the defaults.
 * @param err     receives the details of a failure, or NULL.
 * @return CAS_OK; CAS_ERR_ARG (NULL pointer, unset size, bases 0, a NULL
 *         weight name, a weight < 0 or not finite); CAS_ERR_DUPLICATE (a
 *         source weighted twice); CAS_ERR_NOT_FOUND (no claim on the scope
 *         counts); CAS_ERR_NOMEM.
 * Complexity: O(n) time to find the scope's k claims among the ledger's n, then O(k log k)
 *   plus O(listed conflicts); O(k + listed conflicts) memory.
 */
CAS_EXPORT cas_status cas_reconcile_scope(cas_reconciliation **out, const cas_ledger *ledger,
                                          const cas_scope *scope,
                                          const cas_reconcile_options *opts, cas_error *err);

/**
 * Reconcile every scope of @p ledger that has a counted claim: one result
 * per distinct scope, ordered by scope (outcome, group, perpetrator, place
 * in byte order, then the first and last day). O(n log n) in the number of
 * claims (plus the conflict pairs listed).
 *
 * @param out  receives a new result (possibly with no scopes); the caller
 *             frees it with cas_reconciliation_free().
 * @param ledger  the claims; its strings are borrowed by the result.
 * @param opts    the options, or NULL for the defaults.
 * @param err     receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG, CAS_ERR_DUPLICATE (see cas_reconcile_scope())
 *         or CAS_ERR_NOMEM.
 * Complexity: O(n log n) time for n claims (sorted by scope once; each scope of k claims O(k
 *   log k) plus its listed conflicts, never all pairs); O(n + listed conflicts) memory (at most
 *   max_conflicts per scope).
 */
CAS_EXPORT cas_status cas_reconcile_ledger(cas_reconciliation **out, const cas_ledger *ledger,
                                           const cas_reconcile_options *opts, cas_error *err);

/**
 * Free a result. NULL is a no-op.
 * Complexity: O(1) time; all its memory returned.
 * @param r  the result, or NULL.
 */
CAS_EXPORT void cas_reconciliation_free(cas_reconciliation *r);

/**
 * The number of scopes in @p r (0 for NULL).
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param r  the result, or NULL.
 * @return the number of scopes.
 */
CAS_EXPORT size_t cas_reconciliation_count(const cas_reconciliation *r);

/**
 * The ledger @p r was made from (borrowed), or NULL for NULL.
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param r  the result, or NULL.
 * @return the ledger, or NULL.
 */
CAS_EXPORT const cas_ledger *cas_reconciliation_ledger(const cas_reconciliation *r);

/**
 * Find the position of @p scope in @p r (binary search).
 * @param r      the reconciliation.
 * @param scope  the scope to find (size set).
 * @param index  receives its position.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(log s · length of the paths) time for s scopes, no memory.
 */
CAS_EXPORT cas_status cas_reconciliation_find(const cas_reconciliation *r,
                                              const cas_scope *scope, size_t *index);

/**
 * Read the result for the scope at position @p index.
 * @param out  caller-owned with `size` set.
 * @param r      the reconciliation.
 * @param index  the scope's position, below cas_reconciliation_count().
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND (@p index past the end).
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_reconciliation_get(const cas_reconciliation *r, size_t index,
                                             cas_scope_result *out);

/**
 * The number of claims counted on the scope at @p index, and the @p k-th of
 * them (ordered by source, report day, id) in @p out.
 * @param out  caller-owned with `size` set; NULL to learn only the count.
 * @param count  receives the number of counted claims (may be NULL).
 * @param r      the reconciliation.
 * @param index  the scope's position.
 * @param k      which of the claims (from 0) to write to @p out.
 * @return CAS_OK, CAS_ERR_ARG, or CAS_ERR_NOT_FOUND (an index past the end;
 *         with @p out NULL, @p k is not checked).
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_reconciliation_claim(const cas_reconciliation *r, size_t index,
                                               size_t k, cas_claim_ref *out, size_t *count);

/**
 * The claims behind bound @p bound (a ::cas_bound) of the scope at
 * @p index: their number in @p count, and the @p k-th in @p out.
 * @param out  caller-owned with `size` set; NULL to learn only the count.
 * @param count  receives the number of claims (may be NULL). The best has
 *             none when it is CAS_NONE.
 * @param r      the reconciliation.
 * @param index  the scope's position.
 * @param bound  a ::cas_bound.
 * @param k      which of the claims (from 0) to write to @p out.
 * @return CAS_OK, CAS_ERR_ARG (also for an unknown bound) or
 *         CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_reconciliation_provenance(const cas_reconciliation *r, size_t index,
                                                    int32_t bound, size_t k,
                                                    cas_claim_ref *out, size_t *count);

/**
 * \brief Whether a counted claim of a scope is in a conflicting pair.
 *
 * Whether the @p k-th counted claim of the scope at @p index (the order of
 * cas_reconciliation_claim()) is in at least one pair of claims that
 * cannot both be true, the tolerance aside: every claim a full listing of
 * the conflicts would name, whatever ::cas_reconcile_options.max_conflicts
 * kept, without the pairs themselves.
 * Complexity: O(1); the flags cost O(n) time and one byte a claim when
 * the scope is reconciled, however many pairs conflict.
 * @param r            the reconciliation.
 * @param index        the scope, 0 to cas_reconciliation_count() - 1.
 * @param k            the claim, 0 to cas_scope_result.claims - 1.
 * @param in_conflict  receives 1 when it is in a conflict, else 0.
 * @return CAS_OK, CAS_ERR_ARG (NULL @p r or @p in_conflict) or
 *         CAS_ERR_NOT_FOUND (@p index or @p k past the end).
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_reconciliation_claim_conflicts(const cas_reconciliation *r,
                                                         size_t index, size_t k,
                                                         int *in_conflict);

/**
 * The @p k-th listed conflict of the scope at @p index (0 to
 * cas_scope_result.conflicts - 1). Listed in a stable order: the higher
 * claim by descending low, then the lower claim by ascending high, so the
 * pair with the largest gap comes first.
 * @param out  caller-owned with `size` set.
 * @param r      the reconciliation.
 * @param index  the scope's position.
 * @param k      which conflict (from 0).
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_reconciliation_conflict(const cas_reconciliation *r, size_t index,
                                                  size_t k, cas_conflict *out);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_RECONCILE_H */
