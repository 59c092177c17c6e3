/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/aggregate.h
 * @brief Across scopes (docs/model.md section 6): sums of disjoint scopes, and
 *        propagation of bounds between wholes and their parts.
 *
 * **Sums** are interval addition: [Σ low, Σ high], open when any high is
 * open. Only disjoint scopes may be added: two scopes that share any count
 * (the same scope, one within the other, or overlapping, periods included)
 * would be counted twice, and the sum fails naming the pair.
 *
 * **Disjoint follows the vocabulary** (casualty/vocab.h, docs/model.md
 * section 10). For outcome, group, perpetrator and place, two paths are
 * disjoint only when cas_vocab_relation() says so: siblings under a path
 * whose children are not exclusive overlap (`civilians/children` and
 * `civilians/women`: each is only a floor for `civilians`), `killed` and
 * `wounded` are disjoint parts of `casualties`, `killed` lies within
 * `casualties`, and `killed` and `displaced` may overlap. The event and
 * the period are compared as before (events side by side are disjoint;
 * periods that do not meet are). Two scopes are disjoint when one
 * dimension is. The vocabulary is the ledger's (cas_ledger_vocabulary())
 * for cas_sum_results() and the propagation (cas_propagation_cover()
 * included), and the built-in default (cas_vocab_new_default()) for
 * cas_sum_ranges() and cas_sum_estimates(), whose scopes are the
 * caller's. The CAS_ERR_OVERLAP message gives the vocabulary's reason:
 * "... 'civilians/children' and 'civilians/women' overlap: each is only a
 * floor for 'civilians' ...".
 *
 * The test is near-linear in the number of terms unless many overlap: the
 * terms are grouped by tree order one dimension after the other (a path by
 * its prefix down to the first ancestor whose children are not exclusive,
 * a part of a composed outcome with that outcome), and compared pairwise,
 * under the vocabulary, only within a group.
 *
 * **Propagation** tightens the ranges of a reconciliation's scopes with the
 * rules of section 6, repeated until nothing moves (a fixed point):
 * - a part cannot exceed its whole: for every scope A within scope B,
 *   `B.low >= A.low` and `A.high <= B.high` (this holds for any nesting,
 *   e.g. a shorter period with a named perpetrator: SNHR's 164 civilians
 *   killed by pro-government militias on 6-8 March raises the floor of all
 *   civilians killed on 6-12 March to 164; it is never added to it);
 * - sums of disjoint parts: where a whole W has two or more parts that
 *   differ from it in one dimension only and are pairwise disjoint (the
 *   largest such parts: `syria/latakia` and `syria/tartus` under `syria`,
 *   or 6-8 and 9-12 March under 6-12 March), `W.low >= Σ part.low` and
 *   `part.high <= W.high - Σ other parts' low`; parts that overlap under
 *   the vocabulary (the facets of `civilians`) are never added: each is
 *   only a floor for the whole, which the first rule gives;
 * - composed paths (the vocabulary's parts, `casualties` = killed +
 *   wounded + missing + captured, exclusive): a part lies within the whole
 *   (first rule: `casualties.low >= killed.low`, `killed.high <=
 *   casualties.high`); the parts present with the same other dimensions
 *   and period are a sum (`casualties.low >= killed.low + wounded.low`: a
 *   partial breakdown is a floor); and when the parts are exhaustive and
 *   all present, they cover the whole as a declared cover does. Each part
 *   is found by hashing its scope: building the rules stays near-linear in
 *   the scopes;
 * - declared coverage (cas_propagation_cover()): where the caller states
 *   that disjoint parts make up the whole, also `W.high <= Σ part.high`
 *   and `part.low >= W.low - Σ other parts' high`.
 *
 * Bounds only ever tighten. Each bound that moves records the rule that
 * moved it last and the claims it now rests on. A range that empties (low
 * above high) is a conflict: it is reported as it is, with the claims on
 * both sides, never clipped, and takes no further part in propagation. A
 * scope whose own consensus is empty starts as such a conflict.
 */
#ifndef CASUALTY_AGGREGATE_H
#define CASUALTY_AGGREGATE_H

#include "casualty/reconcile.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A sum of ranges, with a best (docs/model.md section 13). Caller-owned;
 * set @ref size to sizeof(cas_sum).
 */
typedef struct cas_sum {
    uint32_t size;   /**< sizeof(cas_sum) */
    uint32_t terms;  /**< how many ranges were added */
    int64_t low;     /**< Σ low */
    int64_t high;    /**< Σ high, or CAS_OPEN when any high is open */
    int64_t best;    /**< Σ best when every term has a best (0 for no
                          terms), else CAS_NONE */
    uint32_t without_best;   /**< how many terms have no best */
    uint32_t midpoint_bests; /**< how many terms' bests are midpoints no
                                  source reported (::CAS_BEST_MIDPOINT): the
                                  sum rests on them too */
} cas_sum;

/**
 * Set @p out's size and clear the rest, before the library fills it.
 * @param out  the struct; NULL is a no-op.
 * @param size  `sizeof *out` as the caller's headers have it: cas_sum_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_sum_init_size(cas_sum *out, size_t size);
/**
 * cas_sum_init_size() with the caller's own `sizeof *out`.
 * @param out  the struct; NULL is a no-op.
 */
static inline void cas_sum_init(cas_sum *out)
{
    cas_sum_init_size(out, sizeof *out);
}

/**
 * Add @p n ranges [lows[i], highs[i]] over the scopes @p scopes[i], after
 * checking that the scopes are pairwise disjoint under the built-in
 * vocabulary (cas_vocab_new_default(); see above). The result does not
 * depend on the order of the terms. No terms give [0, 0].
 *
 * @param out     caller-owned with `size` set; written only on success.
 * @param scopes  @p n scopes (each with size set).
 * @param lows    @p n lows, each >= 0.
 * @param highs   @p n highs, each >= its low or CAS_OPEN.
 * @param n       the number of terms.
 * @param err     receives the details of a failure; may be NULL.
 * @return CAS_OK; CAS_ERR_ARG (NULL pointer with @p n > 0, unset size);
 *         CAS_ERR_RANGE (a bad range: the message names the term);
 *         CAS_ERR_OVERLAP (two scopes are not disjoint: the message names
 *         both terms and their scopes); CAS_ERR_OVERFLOW (a sum does not
 *         fit in 64 bits).
 * Complexity: O(k log k) comparisons for k terms (their disjointness checked in sorted order;
 *   each path walked up the vocabulary once, O(its length)), so O(b log k) time at worst for b
 *   bytes of paths; O(k + b) memory.
 */
CAS_EXPORT cas_status cas_sum_ranges(cas_sum *out, const cas_scope *scopes,
                                     const int64_t *lows, const int64_t *highs, size_t n,
                                     cas_error *err);

/**
 * As cas_sum_ranges(), with a best for each term: @p bests[i] in
 * [lows[i], highs[i]] or CAS_NONE (@p bests NULL: no term has one). The
 * sum's best is the sum of the bests when every term has one, else
 * CAS_NONE with ::cas_sum.without_best saying how many lack one.
 * @param out     caller-owned with `size` set; written only on success.
 * @param scopes  @p n scopes (each with size set).
 * @param lows    @p n lows, each >= 0.
 * @param highs   @p n highs, each >= its low or CAS_OPEN.
 * @param bests   @p n bests, or NULL.
 * @param n       the number of terms.
 * @param err     receives the details of a failure; may be NULL.
 * @return as cas_sum_ranges(); CAS_ERR_RANGE also for a best outside its
 *         term's range, CAS_ERR_OVERFLOW for a sum of bests too large.
 * Complexity: as cas_sum_ranges(): O(k log k) comparisons for k terms, O(b log k) time at worst
 *   for b bytes of paths; O(k + b) memory.
 */
CAS_EXPORT cas_status cas_sum_estimates(cas_sum *out, const cas_scope *scopes,
                                        const int64_t *lows, const int64_t *highs,
                                        const int64_t *bests, size_t n, cas_error *err);

/**
 * Add the ranges of the scopes at positions @p items of @p r, and their
 * bests (each scope's best by the reconciliation's rule; the sum has a best
 * only when every scope has one, and counts the midpoints among them).
 * @param which  a ::cas_result_range: the consensus or the envelope.
 * @param out    caller-owned with `size` set; written only on success.
 * @param r      the reconciliation.
 * @param items  @p n positions of scopes in @p r.
 * @param n      the number of positions.
 * @param err    receives the details of a failure; may be NULL.
 * @return as cas_sum_ranges(), plus CAS_ERR_NOT_FOUND (a position past the
 *         end) and CAS_ERR_CONFLICT (with @p which CAS_RESULT_CONSENSUS, a
 *         scope whose consensus is empty: the message names it).
 * Complexity: as cas_sum_ranges(): O(k log k) comparisons for k terms, O(b log k) time at worst
 *   for b bytes of paths; O(k + b) memory.
 */
CAS_EXPORT cas_status cas_sum_results(cas_sum *out, const cas_reconciliation *r,
                                      const size_t *items, size_t n, int32_t which,
                                      cas_error *err);

/** What last moved a propagated bound. Stable numbers. */
typedef enum cas_rule {
    CAS_RULE_CLAIMS = 0,     /**< not moved: the reconciliation's bound */
    CAS_RULE_UNCLAIMED = 1,  /**< not moved: a declared scope without claims, [0, open) */
    CAS_RULE_PART = 2,       /**< whole.low >= part.low */
    CAS_RULE_WHOLE = 3,      /**< part.high <= whole.high */
    CAS_RULE_SUM = 4,        /**< whole.low >= Σ parts' lows */
    CAS_RULE_REST = 5,       /**< part.high <= whole.high - Σ other parts' lows */
    CAS_RULE_COVER_HIGH = 6, /**< whole.high <= Σ parts' highs (declared cover) */
    CAS_RULE_COVER_LOW = 7   /**< part.low >= whole.low - Σ other parts' highs
                                  (declared cover) */
} cas_rule;

/** The two bounds of a propagated range. Stable numbers. */
typedef enum cas_side_bound {
    CAS_PROPAGATED_LOW = 0,
    CAS_PROPAGATED_HIGH = 1
} cas_side_bound;

/** An opaque propagation over the scopes of a reconciliation. */
typedef struct cas_propagation cas_propagation;

/**
 * A scope's range after propagation. Caller-owned with @ref size set;
 * strings in @ref scope are borrowed from the propagation.
 */
typedef struct cas_bounds {
    uint32_t size;          /**< sizeof(cas_bounds) */
    int32_t conflict;       /**< 1 when the range is empty (low > high) */
    cas_scope scope;        /**< the scope */
    int64_t initial_low;    /**< the range it started with: low */
    int64_t initial_high;   /**< and high (CAS_OPEN when open) */
    int64_t low;            /**< the range after propagation */
    int64_t high;           /**< (CAS_OPEN when open) */
    int32_t low_rule;       /**< ::cas_rule that last moved the low */
    int32_t high_rule;      /**< ::cas_rule that last moved the high */
    int32_t has_claims;     /**< 1 when the scope is in the reconciliation,
                                 0 when only declared by a cover */
    int32_t unused;         /**< 0 */
    int64_t best;           /**< the scope's best (docs/model.md section 13):
                                 its reconciliation's; after a run, for a
                                 whole without one whose parts cover it (a
                                 declared cover, or all the exhaustive parts
                                 of a composed outcome), the sum of their
                                 bests when each has one; else CAS_NONE */
    int32_t best_kind;      /**< a ::cas_best_kind: reported, midpoint, sum
                                 or absent */
    int32_t unused2;        /**< 0 */
} cas_bounds;

/**
 * Set @p out's size and clear the rest (its scope
 * "everything", as cas_scope_init() makes it), before the library fills it.
 * @param out  the struct; NULL is a no-op.
 * @param size  `sizeof *out` as the caller's headers have it: cas_bounds_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_bounds_init_size(cas_bounds *out, size_t size);
/**
 * cas_bounds_init_size() with the caller's own `sizeof *out`.
 * @param out  the struct; NULL is a no-op.
 */
static inline void cas_bounds_init(cas_bounds *out)
{
    cas_bounds_init_size(out, sizeof *out);
}

/**
 * Start a propagation over the scopes of @p r, each with its consensus or
 * its envelope as the starting range.
 *
 * @param out    receives the new propagation; the caller frees it with
 *               cas_propagation_free(). It copies what it needs from @p r
 *               (which may be freed first) but borrows strings from @p r's
 *               ledger: free it before the ledger.
 * @param which  a ::cas_result_range.
 * @param r      the reconciliation whose scopes it starts from.
 * @param err    receives the details of a failure; may be NULL.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 * Complexity: O(s) time and memory for s scopes.
 */
CAS_EXPORT cas_status cas_propagation_new(cas_propagation **out, const cas_reconciliation *r,
                                          int32_t which, cas_error *err);

/**
 * Free a propagation. NULL is a no-op.
 * Complexity: O(1) time; all its memory returned.
 * @param p  the propagation, or NULL.
 */
CAS_EXPORT void cas_propagation_free(cas_propagation *p);

/**
 * Declare that the disjoint scopes @p parts together make up @p whole, so
 * that the coverage rules apply to them. Scopes that have no result yet are
 * added with the range [0, open). Call before cas_propagation_run().
 *
 * @param parts   @p nparts >= 1 scopes (copied).
 * @param p       the propagation, not yet run.
 * @param whole   the scope the parts make up (copied).
 * @param nparts  the number of parts.
 * @param err     receives the details of a failure; may be NULL.
 * @return CAS_OK; CAS_ERR_ARG (NULL pointer, unset size, no parts, already
 *         run); CAS_ERR_PATH (a malformed path); CAS_ERR_DATE (a period
 *         that ends before it starts); CAS_ERR_RANGE (a part not within
 *         the whole under the ledger's vocabulary: the message names it);
 *         CAS_ERR_OVERLAP (two parts not disjoint under the ledger's
 *         vocabulary: the message names both and why); CAS_ERR_NOMEM.
 * Complexity: O(k log k) time for a cover of k parts; O(k) memory.
 */
CAS_EXPORT cas_status cas_propagation_cover(cas_propagation *p, const cas_scope *whole,
                                            const cas_scope *parts, size_t nparts,
                                            cas_error *err);

/**
 * Apply the rules until nothing moves. Runs once; the results are then
 * read with the getters (before, they give the starting ranges).
 *
 * @param p    the propagation.
 * @param err  receives the details of a failure; may be NULL.
 * @return CAS_OK (conflicts found are results, not failures); CAS_ERR_ARG
 *         (NULL, or already run); CAS_ERR_OVERFLOW (a sum of lows that
 *         does not fit in 64 bits); CAS_ERR_NOT_CONVERGED (no fixed point
 *         after many rounds); CAS_ERR_NOMEM. After a failure nothing has
 *         changed: the propagation is as it was before the call (the run
 *         works on its state with a copy kept aside, which it puts back),
 *         and it may be run again. The copy doubles the propagation's
 *         memory while the run lasts.
 * Complexity: O(a + q log q + (s + e + g) r) time and O(s + a + q + e + g) memory, for s
 *   scopes, a (path, present ancestor) pairs over the distinct paths of each dimension, q
 *   pairs of a scope and a group of scopes with the same paths that contain its paths, e
 *   edges, g parts of sum rules and r rounds. The edges are the covering pairs of scope
 *   containment only (a scope to its smallest containers), not every contained pair: s - 1
 *   for N nested periods or for a chain of scopes each within the last however deep; at
 *   most q, and more than s only when the containers of a scope overlap. Applied in
 *   topological order forwards and backwards, a chain settles in one round, so r is small
 *   (capped at 100 + 4s). Measured by callgrind (bench/growth.sh, N to 8N scopes): exponent
 *   1.05 for 1,000 to 8,000 nested periods, 1.02 for 500 to 4,000 scopes in chains 32 deep
 *   in four dimensions.
 */
CAS_EXPORT cas_status cas_propagation_run(cas_propagation *p, cas_error *err);

/**
 * The number of scopes (0 for NULL).
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param p  the propagation, or NULL.
 * @return the number of scopes.
 */
CAS_EXPORT size_t cas_propagation_count(const cas_propagation *p);

/**
 * The number of scopes whose range is empty (0 for NULL).
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param p  the propagation, or NULL.
 * @return the number of scopes with an empty range.
 */
CAS_EXPORT size_t cas_propagation_conflicts(const cas_propagation *p);

/**
 * Find the position of @p scope. Positions are by scope, as in a
 * reconciliation; they are fixed once the propagation has run.
 * @param p      the propagation.
 * @param scope  the scope to find.
 * @param index  receives its position.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(length of the scope's paths) expected time, no memory.
 */
CAS_EXPORT cas_status cas_propagation_find(const cas_propagation *p, const cas_scope *scope,
                                           size_t *index);

/**
 * Read the range of the scope at position @p index.
 * @param p      the propagation.
 * @param index  the position, below cas_propagation_count().
 * @param out    caller-owned with `size` set (cas_bounds_init()); receives the range.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_propagation_get(const cas_propagation *p, size_t index,
                                          cas_bounds *out);

/**
 * The claims a bound rests on (a ::cas_side_bound): the claims that attain
 * it for a bound that did not move, or the claims of the bounds the rule
 * combined. For an empty range the two lists together are the chain of the
 * conflict. Ordered by ledger order of (scope, source, report day, id).
 * @param out    caller-owned with `size` set; NULL to learn only the count.
 * @param count  receives the number of claims (may be NULL).
 * @param p      the propagation.
 * @param index  the scope's position.
 * @param bound  a ::cas_side_bound: which bound.
 * @param k      which of the claims (from 0) to write to @p out.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_propagation_provenance(const cas_propagation *p, size_t index,
                                                 int32_t bound, size_t k, cas_claim_ref *out,
                                                 size_t *count);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_AGGREGATE_H */
