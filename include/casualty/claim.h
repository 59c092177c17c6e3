/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/claim.h
 * @brief Claims, their ranges and their scopes (docs/model.md section 2), and
 *        the relations between two ranges or two scopes.
 *
 * A claim is one source's statement about the count of one scope, kept as
 * a range with where it came from. Claims cross the ABI as ::cas_claim, a
 * plain struct of borrowed strings and numbers that starts with a size
 * field; the ledger (casualty/ledger.h) keeps its own compact copy.
 */
#ifndef CASUALTY_CLAIM_H
#define CASUALTY_CLAIM_H

#include "casualty/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How a figure was phrased (docs/model.md section 3). Stable numbers. */
typedef enum cas_qualifier {
    CAS_QUAL_EXACT = 0,     /**< "1,700": [N, N] */
    CAS_QUAL_AT_LEAST = 1,  /**< "at least N", "N+": [N, open) */
    CAS_QUAL_MORE_THAN = 2, /**< "more than N": [N+1, open) */
    CAS_QUAL_APPROX = 3,    /**< "about N": [0.9N, 1.1N], best N */
    CAS_QUAL_NEARLY = 4,    /**< "nearly N": [0.9N, N-1] */
    CAS_QUAL_UP_TO = 5,     /**< "up to N": [0, N] */
    CAS_QUAL_RANGE = 6,     /**< "N to M": [N, M] */
    CAS_QUAL_VAGUE = 7      /**< "dozens": a preset's range */
} cas_qualifier;

/** What a figure rests on (docs/model.md section 2). Stable numbers. */
typedef enum cas_basis {
    CAS_BASIS_REPORTED = 0,   /**< a source's reported count (the default) */
    CAS_BASIS_DOCUMENTED = 1, /**< a count of named, documented victims */
    CAS_BASIS_ESTIMATED = 2,  /**< a statistical estimate */
    CAS_BASIS_PARTY = 3       /**< a belligerent's claim */
} cas_basis;

/** The relation between two ranges. Stable numbers. */
typedef enum cas_range_rel {
    CAS_RANGE_EQUAL = 0,       /**< the same bounds */
    CAS_RANGE_INSIDE = 1,      /**< the first lies inside the second */
    CAS_RANGE_CONTAINS = 2,    /**< the first contains the second */
    CAS_RANGE_OVERLAPPING = 3, /**< they meet, neither contains the other */
    CAS_RANGE_DISJOINT = 4     /**< they have no count in common */
} cas_range_rel;

/** The relation between two scopes. Stable numbers. */
typedef enum cas_scope_rel {
    CAS_SCOPE_SAME = 0,       /**< every dimension equal */
    CAS_SCOPE_WITHIN = 1,     /**< each dimension of the first is inside or
                                   equal to the second's, one strictly */
    CAS_SCOPE_CONTAINS = 2,   /**< the converse of CAS_SCOPE_WITHIN */
    CAS_SCOPE_OVERLAPPING = 3,/**< none of the others */
    CAS_SCOPE_DISJOINT = 4    /**< some dimension has nothing in common */
} cas_scope_rel;

/**
 * A scope: which count a claim speaks of (outcome, group, perpetrator,
 * place, period, event).
 *
 * Paths are slash-separated segments such as `civilians/alawite`; a path
 * contains every path that extends it (`a/b` contains `a/b/c`). An empty
 * string or NULL means "all". An unknown first or last day reads as open on
 * that side. The struct is caller-owned; set @ref size to sizeof(cas_scope)
 * (cas_scope_init() does).
 *
 * The @ref event is the sixth dimension (docs/model.md section 9): an
 * identifier of one incident, such as `ucdp-ged:79973`, or empty for "every
 * event". Claims on one event are rivals; claims on different events are
 * disjoint parts that add; a scope with no event contains the scopes of the
 * events within its other dimensions. An event identifier is compared as a
 * path: one with a '/' (`op-x/strike-3`) names a sub-event of `op-x`.
 *
 * **Its layout is fixed from the first release on.** Unlike the other
 * size-prefixed structs, a cas_scope is embedded by value in ::cas_claim,
 * ::cas_scope_result and ::cas_bounds, so it can never grow once released:
 * the event member was added before the first release (docs/versioning.md),
 * and a later dimension will be a new member at the end of the structs that
 * hold a scope, not of this one.
 */
typedef struct cas_scope {
    uint32_t size;            /**< sizeof(cas_scope) */
    const char *outcome;      /**< "killed", "wounded", ... (a path) */
    const char *group;        /**< who, e.g. "civilians/alawite" */
    const char *perpetrator;  /**< by whom, e.g. "government" */
    const char *place;        /**< where, e.g. "syria/latakia" */
    int32_t period_start;     /**< first day, or CAS_DATE_UNKNOWN */
    int32_t period_end;       /**< last day (inclusive), or CAS_DATE_UNKNOWN */
    const char *event;        /**< which incident, e.g. "ucdp-ged:79973"; "" or NULL: all */
} cas_scope;

/**
 * A claim as it crosses the ABI. Every string is borrowed: when the caller
 * fills one for cas_ledger_add(), the ledger copies what it needs; when the
 * ledger fills one (cas_ledger_get()), the strings live as long as the
 * ledger. Set @ref size to sizeof(cas_claim) (cas_claim_init() does).
 */
typedef struct cas_claim {
    uint32_t size;           /**< sizeof(cas_claim) */
    int32_t qualifier;       /**< a ::cas_qualifier */
    int32_t basis;           /**< a ::cas_basis */
    int32_t reported_on;     /**< the day the source published it, or CAS_DATE_UNKNOWN */
    int64_t low;             /**< lower bound, >= 0 */
    int64_t high;            /**< upper bound >= low, or CAS_OPEN */
    int64_t best;            /**< point estimate in [low, high], or CAS_NONE */
    const char *id;          /**< stable identifier, unique in a ledger (required) */
    const char *source;      /**< who originated the figure, e.g. "SOHR" (required) */
    const char *source_kind; /**< monitor, government, media, research, ... or "" */
    const char *relay;       /**< the outlet that carried it, or "" */
    const char *citation;    /**< where to find it, or "" */
    const char *quote;       /**< the original words, or "" */
    cas_scope scope;         /**< what it counts; scope.outcome is required */
} cas_claim;

/**
 * Set @p scope's size and make it "everything": all paths empty, both days
 * unknown. cas_scope never grows, so @p size is always sizeof(cas_scope).
 * @param scope  the struct; NULL is a no-op.
 * @param size  `sizeof *scope` as the caller's headers have it: cas_scope_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_scope_init_size(cas_scope *scope, size_t size);
/**
 * cas_scope_init_size() with the caller's own `sizeof *scope`.
 * @param scope  the struct; NULL is a no-op.
 */
static inline void cas_scope_init(cas_scope *scope)
{
    cas_scope_init_size(scope, sizeof *scope);
}

/**
 * Set @p claim's size and clear it: no strings, low 0, high CAS_OPEN,
 * best CAS_NONE, qualifier AT_LEAST, basis REPORTED, days unknown.
 * @param claim  the struct; NULL is a no-op.
 * @param size  `sizeof *claim` as the caller's headers have it: cas_claim_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_claim_init_size(cas_claim *claim, size_t size);
/**
 * cas_claim_init_size() with the caller's own `sizeof *claim`.
 * @param claim  the struct; NULL is a no-op.
 */
static inline void cas_claim_init(cas_claim *claim)
{
    cas_claim_init_size(claim, sizeof *claim);
}

/**
 * Check a claim the way cas_ledger_add() does: id, source and outcome not
 * empty; 0 <= low <= high (or high open); best within the range; an EXACT
 * claim has low == high; real days; period start <= end; paths well formed
 * (non-empty segments, no leading, trailing or doubled '/', no control
 * characters); every string valid UTF-8 and at most CAS_FIELD_MAX bytes;
 * known qualifier and basis.
 *
 * @param claim  the claim to check.
 * @param err    receives the first problem found (field name included), or NULL.
 * @return CAS_OK or the status of the first problem.
 * Complexity: O(length of its strings) time, no memory.
 */
CAS_EXPORT cas_status cas_claim_validate(const cas_claim *claim, cas_error *err);

/**
 * The relation of range [alow, ahigh] to [blow, bhigh] (CAS_OPEN allowed
 * for either high). Arguments are not validated: pass valid ranges.
 * Complexity: O(1) time and memory.
 * @param alow   the low of the first range.
 * @param ahigh  its high, or CAS_OPEN.
 * @param blow   the low of the second range.
 * @param bhigh  its high, or CAS_OPEN.
 * @return a ::cas_range_rel.
 */
CAS_EXPORT cas_range_rel cas_range_relation(int64_t alow, int64_t ahigh,
                                            int64_t blow, int64_t bhigh);

/**
 * The relation of path @p a to path @p b: SAME, WITHIN (a extends b),
 * CONTAINS (b extends a) or DISJOINT. NULL and "" mean "all".
 * Complexity: O(length of the paths) time, no memory.
 * @param a  a path, NULL or "".
 * @param b  a path, NULL or "".
 * @return a ::cas_scope_rel.
 */
CAS_EXPORT cas_scope_rel cas_path_relation(const char *a, const char *b);

/**
 * The relation of scope @p a to scope @p b over all six dimensions (the
 * event compared as a path, cas_path_relation()): DISJOINT
 * if any dimension is; SAME if all are equal; WITHIN (CONTAINS) if each
 * dimension of @p a is within (contains) or equal to @p b's; otherwise
 * OVERLAPPING.
 * Complexity: O(length of the paths) time, no memory.
 * @param a  a scope.
 * @param b  a scope.
 * @return a ::cas_scope_rel.
 */
CAS_EXPORT cas_scope_rel cas_scope_relation(const cas_scope *a, const cas_scope *b);

/**
 * The stable lower-case name of a qualifier ("at_least"), or NULL if unknown.
 * Complexity: O(1) time, no memory.
 * @param qualifier  a ::cas_qualifier.
 * @return a static string, or NULL for an unknown qualifier.
 */
CAS_EXPORT const char *cas_qualifier_name(int32_t qualifier);
/**
 * The qualifier named @p name (as cas_qualifier_name() gives it). @return CAS_OK or CAS_ERR_VALUE.
 * Complexity: O(1) time, no memory.
 * @param out   receives the ::cas_qualifier.
 * @param name  the name.
 */
CAS_EXPORT cas_status cas_qualifier_from_name(int32_t *out, const char *name);
/**
 * The stable lower-case name of a basis ("documented"), or NULL if unknown.
 * Complexity: O(1) time, no memory.
 * @param basis  a ::cas_basis.
 * @return a static string, or NULL for an unknown basis.
 */
CAS_EXPORT const char *cas_basis_name(int32_t basis);
/**
 * The basis named @p name. @return CAS_OK or CAS_ERR_VALUE.
 * Complexity: O(1) time, no memory.
 * @param out   receives the ::cas_basis.
 * @param name  the name (as cas_basis_name() gives it).
 */
CAS_EXPORT cas_status cas_basis_from_name(int32_t *out, const char *name);
/**
 * The name of a range relation ("equal", "inside", ...), or NULL.
 * Complexity: O(1) time, no memory.
 * @param rel  a ::cas_range_rel.
 * @return a static string, or NULL for an unknown relation.
 */
CAS_EXPORT const char *cas_range_rel_name(int32_t rel);
/**
 * The name of a scope relation ("same", "within", ...), or NULL.
 * Complexity: O(1) time, no memory.
 * @param rel  a ::cas_scope_rel.
 * @return a static string, or NULL for an unknown relation.
 */
CAS_EXPORT const char *cas_scope_rel_name(int32_t rel);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_CLAIM_H */
