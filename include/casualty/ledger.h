/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/ledger.h
 * @brief The ledger: a collection of claims, looked up by id, selected by
 *        scope, with revisions tracked (docs/model.md sections 2 and 5).
 *
 * A ledger owns compact copies of its claims; repeated strings (sources,
 * paths, citations) are stored once. Claims keep the index they were added
 * at; every string the ledger hands out lives until cas_ledger_free().
 *
 * Revisions: among the claims of one source on the same scope, those with
 * the latest `reported_on` are current and the older ones are superseded
 * (kept as history). An unknown `reported_on` is older than any known day.
 * Claims of one source with the same scope and the same latest day are all
 * current. The flags are brought up to date by every add and load (an add
 * touches only its own source and scope), so cas_ledger_is_current(),
 * cas_ledger_select() and every other function taking a `const cas_ledger *`
 * only read the ledger.
 *
 * Threads: any number of threads may call the const functions on one
 * ledger at once, with no lock. cas_ledger_add(), the CSV loads
 * (casualty/csv.h) and cas_ledger_free() write: the caller must make sure
 * no other thread uses the ledger, or a result made from it, meanwhile.
 */
#ifndef CASUALTY_LEDGER_H
#define CASUALTY_LEDGER_H

#include "casualty/claim.h"
#include "casualty/vocab.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque collection of claims. */
typedef struct cas_ledger cas_ledger;

/**
 * Create an empty ledger.
 * @param out  receives the new ledger; the caller owns it and frees it with
 *             cas_ledger_free().
 * @return CAS_OK, CAS_ERR_ARG (NULL @p out) or CAS_ERR_NOMEM.
 * Complexity: O(1) time and memory.
 */
CAS_EXPORT cas_status cas_ledger_new(cas_ledger **out);

/**
 * Free a ledger and every string it handed out. NULL is a no-op.
 * Complexity: O(n) time for n claims (its blocks freed); all its memory returned.
 * @param ledger  the ledger, or NULL.
 */
CAS_EXPORT void cas_ledger_free(cas_ledger *ledger);

/**
 * The number of claims in the ledger (0 for NULL).
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param ledger  the ledger, or NULL.
 * @return the number of claims.
 */
CAS_EXPORT size_t cas_ledger_count(const cas_ledger *ledger);

/**
 * Add a copy of @p claim, after cas_claim_validate() and a check that its id
 * is new, and update the current flags of the claims of its source on its
 * scope. On failure nothing is added and no flag changes. Writes: not
 * while another thread uses the ledger.
 * @param ledger  the ledger.
 * @param claim   the claim; its strings are copied.
 * @param err     receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM, CAS_ERR_DUPLICATE, or a
 *         validation status (see cas_claim_validate()).
 * Complexity: O(length of its strings) expected time (keyed hashes, so no input makes probing
 *   slow), plus O(c) for the c claims of its source on its scope (the current flags); amortised
 *   O(its strings) memory.
 */
CAS_EXPORT cas_status cas_ledger_add(cas_ledger *ledger, const cas_claim *claim,
                                     cas_error *err);

/**
 * Read the claim at @p index (0 to count - 1, in the order claims were
 * added). The strings written into @p out are borrowed from the ledger and
 * live until it is freed; "" stands for an absent string.
 * @param out     caller-owned, with `size` set (cas_claim_init()).
 * @param ledger  the ledger.
 * @param index   the claim's index.
 * @return CAS_OK, CAS_ERR_ARG, or CAS_ERR_NOT_FOUND for an index past the end.
 * Complexity: O(1) time and memory.
 */
CAS_EXPORT cas_status cas_ledger_get(const cas_ledger *ledger, size_t index,
                                     cas_claim *out);

/**
 * Find a claim by id.
 * @param index  receives its index.
 * @param ledger  the ledger.
 * @param id      the claim id.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(length of the id) expected time (a keyed hash), no memory.
 */
CAS_EXPORT cas_status cas_ledger_find(const cas_ledger *ledger, const char *id,
                                      size_t *index);

/**
 * Whether the claim at @p index is current (1) or superseded by a later
 * report of the same source on the same scope (0).
 * @param ledger   the ledger.
 * @param index    the claim's index.
 * @param current  receives 1 or 0.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time and memory.
 */
CAS_EXPORT cas_status cas_ledger_is_current(const cas_ledger *ledger,
                                            size_t index, int32_t *current);

/**
 * Give @p ledger its own copy of vocabulary @p vocab (casualty/vocab.h,
 * docs/model.md section 10), before any claim is added. A new ledger has
 * the built-in default vocabulary. Every path a claim is added with (by
 * cas_ledger_add() or a CSV load) is stored in its canonical spelling
 * (`detained/captured` becomes `captured` under the default); the paths as
 * given are kept, for cas_ledger_original().
 * @param ledger  the ledger, still empty.
 * @param vocab   the vocabulary (copied).
 * @param err     receives the details of a failure, or NULL.
 * @return CAS_OK; CAS_ERR_ARG (NULL, or the ledger already holds claims);
 *         CAS_ERR_NOMEM. Nothing changes on failure.
 * Complexity: O(v) time and memory for a vocabulary of v bytes (the ledger keeps its own
 *   copy).
 */
CAS_EXPORT cas_status cas_ledger_set_vocabulary(cas_ledger *ledger, const cas_vocab *vocab,
                                                cas_error *err);

/** The ledger's vocabulary (borrowed: it lives as long as the ledger), or
 *  NULL for a NULL ledger.
 * Complexity: O(1) time and memory.
 * @param ledger  the ledger, or NULL.
 * @return the vocabulary, or NULL.
 */
CAS_EXPORT const cas_vocab *cas_ledger_vocabulary(const cas_ledger *ledger);

/**
 * The scope of the claim at @p index with its paths as they were given,
 * before the vocabulary put them in canonical spelling (strings borrowed
 * from the ledger).
 * @param out        caller-owned with its size set (cas_scope_init()).
 * @param rewritten  receives 1 when the vocabulary changed any path, else
 *                   0; may be NULL.
 * @param ledger     the ledger.
 * @param index      the claim's index.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time and memory.
 */
CAS_EXPORT cas_status cas_ledger_original(const cas_ledger *ledger, size_t index,
                                          cas_scope *out, int32_t *rewritten);

/** Bit for cas_ledger_select(): claims whose scope relates to the query as @p rel. */
#define CAS_SELECT(rel) (1u << (rel))

/**
 * Select the claims whose scope stands in one of the relations of
 * @p relations to @p scope, e.g. `CAS_SELECT(CAS_SCOPE_SAME) |
 * CAS_SELECT(CAS_SCOPE_WITHIN)` for "this scope and its parts". The claim's
 * scope is the first operand: WITHIN selects claims about parts of @p scope.
 *
 * Indices are written in ascending order of claim id (byte order), so the
 * result does not depend on the order claims were added. Call with
 * @p capacity 0 to learn the count; at most @p capacity indices are
 * written, and @p count always receives the full number.
 *
 * @param current_only  non-zero to leave out superseded claims.
 * @param ledger    the ledger.
 * @param scope     the query scope.
 * @param relations CAS_SELECT() bits of ::cas_scope_rel values.
 * @param indices   receives up to @p capacity indices; may be NULL when @p capacity is 0.
 * @param capacity  the room in @p indices.
 * @param count     receives the number of claims selected.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 * Complexity: O(n) time over the n claims (O(length of the scope's paths) each); O(n) memory
 *   for the selection.
 */
CAS_EXPORT cas_status cas_ledger_select(const cas_ledger *ledger,
                                        const cas_scope *scope,
                                        uint32_t relations, int32_t current_only,
                                        size_t *indices, size_t capacity,
                                        size_t *count);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_LEDGER_H */
