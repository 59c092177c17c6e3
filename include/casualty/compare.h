/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/compare.h
 * @brief Comparing two claims (docs/model.md section 4): how their scopes and
 *        ranges relate, how far apart they are, and whether both can hold.
 *
 * The comparison is a plain struct that the caller owns. It holds no
 * pointers, so it outlives the claims and the ledger it was made from.
 *
 * Definitions used throughout the library:
 * - The **figure** of a claim is its best estimate, or its low bound when
 *   it has none ("1,700" gives 1700, "at least 315" gives 315).
 * - The **gap** between two ranges is the smallest distance between a
 *   count of one and a count of the other: 0 when they meet, otherwise the
 *   higher range's low minus the lower range's high. An open high meets
 *   every range above its low.
 * - The **width** of a range is high - low; an open range is wider than
 *   any closed one.
 */
#ifndef CASUALTY_COMPARE_H
#define CASUALTY_COMPARE_H

#include "casualty/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Which of two things a comparison points at. Stable numbers. */
typedef enum cas_side {
    CAS_SIDE_NEITHER = 0, /**< neither (e.g. both ranges are as wide) */
    CAS_SIDE_FIRST = 1,   /**< the first claim */
    CAS_SIDE_SECOND = 2   /**< the second claim */
} cas_side;

/**
 * The comparison of a first claim with a second one. The caller owns it
 * and sets @ref size (cas_comparison_init() does); the library fills the rest.
 */
typedef struct cas_comparison {
    uint32_t size;          /**< sizeof(cas_comparison) */
    int32_t scope_relation; /**< ::cas_scope_rel of the first scope to the second */
    int32_t range_relation; /**< ::cas_range_rel of the first range to the second */
    int32_t consistent;     /**< 1 when both claims can be true together, else 0.
                                 Same scope: the ranges meet. First within
                                 second: first.low <= second.high (a part
                                 cannot exceed the whole), and conversely.
                                 Overlapping or disjoint scopes do not
                                 constrain each other: always 1. */
    int32_t narrower;       /**< ::cas_side: the claim with the narrower range */
    int64_t gap;            /**< by how much they fail to be consistent: for
                                 the same scope the gap between the ranges; for
                                 nested scopes how far the part's low exceeds
                                 the whole's high; 0 when consistent */
    int64_t first_figure;   /**< the first claim's figure (best, else low) */
    int64_t second_figure;  /**< the second claim's figure */
    double ratio;           /**< first_figure / second_figure; NaN when the
                                 second figure is 0 */
} cas_comparison;

/**
 * Set @p cmp's size and clear the rest.
 * @param cmp  the struct; NULL is a no-op.
 * @param size  `sizeof *cmp` as the caller's headers have it: cas_comparison_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_comparison_init_size(cas_comparison *cmp, size_t size);
/**
 * cas_comparison_init_size() with the caller's own `sizeof *cmp`.
 * @param cmp  the struct; NULL is a no-op.
 */
static inline void cas_comparison_init(cas_comparison *cmp)
{
    cas_comparison_init_size(cmp, sizeof *cmp);
}

/**
 * Compare claim @p a with claim @p b (the order matters for the
 * relations, the ratio and the sides).
 *
 * @param out  caller-owned, with `size` set (cas_comparison_init()); written
 *             only on success.
 * @param a    the first claim; validated like cas_claim_validate().
 * @param b    the second claim.
 * @param err  receives the details of a failure, or NULL.
 * @return CAS_OK; CAS_ERR_ARG for a NULL pointer or an unset size;
 *         otherwise the validation status of the first invalid claim (the
 *         message says which one, "first" or "second").
 * Complexity: O(length of the two claims' paths) time, no memory.
 */
CAS_EXPORT cas_status cas_compare_claims(cas_comparison *out, const cas_claim *a,
                                         const cas_claim *b, cas_error *err);

/**
 * Compare the claims at indices @p a and @p b of @p ledger.
 * @param out     caller-owned, with `size` set (cas_comparison_init()); written only on success.
 * @param ledger  the ledger.
 * @param a       the index of the first claim.
 * @param b       the index of the second claim.
 * @param err     receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG (NULL pointer, unset size) or
 *         CAS_ERR_NOT_FOUND (an index past the end).
 * Complexity: O(length of the two claims' paths) time, no memory.
 */
CAS_EXPORT cas_status cas_compare_at(cas_comparison *out, const cas_ledger *ledger,
                                     size_t a, size_t b, cas_error *err);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_COMPARE_H */
