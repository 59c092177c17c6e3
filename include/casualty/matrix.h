/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/matrix.h
 * @brief The source comparison matrix: for every pair of sources, how often
 *        they speak of the same scope, agree or conflict, and how far apart
 *        their figures are ("how far apart are SOHR and SNHR,
 *        systematically?").
 *
 * Only the claims a reconciliation counts are compared: current claims of
 * the bases in ::cas_reconcile_options.bases. Two sources *address* a scope
 * when both have such a claim on it (exactly that scope). On such a scope
 * they *conflict* when some claim of one and some claim of the other have
 * disjoint ranges, and *agree* otherwise.
 *
 * How far apart they run (docs/model.md section 14) is measured on one
 * *figure* per source and scope: the figure (best, else low) of its claim,
 * or the lower median of its claims' figures when it has several. A claim
 * "at least N" with no best (an open-ended floor) gives no figure: a scope
 * where one of the two sources gives only such floors is counted apart
 * (@ref cas_source_pair.floors) and left out of everything below. On the
 * scopes where both give a figure: how often each runs higher, how often
 * the two are within the tolerance of the options
 * (::cas_reconcile_options.tolerance; equal figures without one), and,
 * where both figures are above 0, the ratio first / second: its 10th
 * percentile, median and 90th percentile, taken in logarithms with linear
 * interpolation between order statistics (the median of an even number is
 * the geometric mean of the two middle ratios), so that swapping the
 * sources gives exactly the reciprocals.
 *
 * Work is O(C log C + P log P) and memory O(C + P), for C claims and P the
 * sum over scopes of the square of the number of sources on the scope: a
 * scope with thousands of claims from a few sources costs no more than
 * its claims.
 */
#ifndef CASUALTY_MATRIX_H
#define CASUALTY_MATRIX_H

#include "casualty/reconcile.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque source comparison matrix. */
typedef struct cas_matrix cas_matrix;

/**
 * What two sources have in common. Caller-owned with @ref size set; the
 * names are borrowed from the ledger.
 */
typedef struct cas_source_pair {
    uint32_t size;         /**< sizeof(cas_source_pair) */
    uint32_t scopes;       /**< scopes both address */
    const char *first;     /**< the first source */
    const char *second;    /**< the second source */
    uint32_t agree;        /**< of those, scopes where their ranges all meet */
    uint32_t conflict;     /**< scopes where some ranges are disjoint */
    uint32_t ratios;       /**< how many scopes gave a ratio (both figures
                                above 0): the percentiles are taken over them */
    uint32_t unused;       /**< 0 */
    double median_ratio;   /**< median of first's figure / second's figure;
                                NaN when there is no ratio */
    uint32_t figures;      /**< scopes where both give a figure */
    uint32_t first_higher; /**< of those, scopes where first's figure is the
                                higher */
    uint32_t second_higher; /**< scopes where second's is (the rest are ties) */
    uint32_t within_tolerance; /**< scopes where the two figures are within
                                the tolerance (equal, without one) */
    uint32_t floors;       /**< scopes in common where one or both give only
                                open-ended floors: left out of the figures */
    uint32_t unused2;      /**< 0 */
    double p10_ratio;      /**< 10th percentile of the ratio; NaN when none */
    double p90_ratio;      /**< 90th percentile of the ratio; NaN when none */
} cas_source_pair;

/**
 * Set @p out's size and clear the rest, before the library fills it.
 * @param out  the struct; NULL is a no-op.
 * @param size  `sizeof *out` as the caller's headers have it: cas_source_pair_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_source_pair_init_size(cas_source_pair *out, size_t size);
/**
 * cas_source_pair_init_size() with the caller's own `sizeof *out`.
 * @param out  the struct; NULL is a no-op.
 */
static inline void cas_source_pair_init(cas_source_pair *out)
{
    cas_source_pair_init_size(out, sizeof *out);
}

/**
 * Build the matrix of @p ledger's sources.
 * @param out   receives a new matrix; the caller frees it with
 *              cas_matrix_free(). It borrows the ledger's strings: free it
 *              before the ledger.
 * @param opts  which bases count and the tolerance (weights, the best rule
 *              and max_conflicts are not used), or NULL for the defaults.
 * @param ledger  the ledger.
 * @param err   receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG (NULL pointer, unset size, bases 0, a bad
 *         tolerance) or CAS_ERR_NOMEM.
 * Complexity: O(n log n + P log P) time for n claims and P source-pair observations (one per
 *   pair of sources on a scope: the sum over scopes of m_s^2 for m_s sources there, never one
 *   per pair of claims); O(n + P) memory.
 */
CAS_EXPORT cas_status cas_matrix_new(cas_matrix **out, const cas_ledger *ledger,
                                     const cas_reconcile_options *opts, cas_error *err);

/**
 * Free a matrix. NULL is a no-op.
 * Complexity: O(1) time; all its memory returned.
 * @param m  the matrix, or NULL.
 */
CAS_EXPORT void cas_matrix_free(cas_matrix *m);

/**
 * The number of sources with a counted claim (0 for NULL).
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param m  the matrix, or NULL.
 * @return the number of sources.
 */
CAS_EXPORT size_t cas_matrix_sources(const cas_matrix *m);

/**
 * The name of source @p index (sources in byte order), borrowed from the
 * ledger; NULL for NULL or an index past the end.
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param m      the matrix.
 * @param index  the source's position, below cas_matrix_sources().
 * @return the name, or NULL.
 */
CAS_EXPORT const char *cas_matrix_source(const cas_matrix *m, size_t index);

/**
 * The number of pairs of sources that address at least one scope in
 * common (0 for NULL).
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param m  the matrix, or NULL.
 * @return the number of pairs.
 */
CAS_EXPORT size_t cas_matrix_count(const cas_matrix *m);

/**
 * Read the pair at position @p index: pairs are ordered by first source,
 * then second, and first < second in byte order.
 * @param m      the matrix.
 * @param index  the pair's position, below cas_matrix_count().
 * @param out    caller-owned with `size` set (cas_source_pair_init()); receives the pair.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_matrix_get(const cas_matrix *m, size_t index, cas_source_pair *out);

/**
 * Read the pair (@p first, @p second) in that order: the ratio is first's
 * figure over second's. Two sources of the matrix that share no scope give
 * CAS_OK with scopes 0.
 * @param m       the matrix.
 * @param first   the first source's name.
 * @param second  the second source's name.
 * @param out     caller-owned with `size` set (cas_source_pair_init()); receives the pair.
 * @return CAS_OK, CAS_ERR_ARG (also for the same source twice) or
 *         CAS_ERR_NOT_FOUND (a source with no counted claim).
 * Complexity: O(log p) time for p source pairs, no memory.
 */
CAS_EXPORT cas_status cas_matrix_find(const cas_matrix *m, const char *first,
                                      const char *second, cas_source_pair *out);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_MATRIX_H */
