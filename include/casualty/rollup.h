/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/rollup.h
 * @brief Roll-ups (docs/model.md section 11): a source's event claims
 *        summed per place and calendar bucket, as a new ledger of derived
 *        claims that reconcile and compare like any other.
 *
 * Which claims go in: the *current* claims of the input ledger (each
 * source's latest report, casualty/ledger.h) that name an event
 * (cas_scope.event) and whose basis is one of ::cas_rollup_options.bases.
 * A claim without an event speaks of every event within its other
 * dimensions: it is a whole, not an event, so it is left out and counted
 * (::cas_rollup_summary.without_event). Superseded claims and claims of a
 * basis not counted are left out and counted too.
 *
 * How they are grouped: by source, outcome, group, perpetrator, the place
 * cut to its first ::cas_rollup_options.place_depth segments (a shorter
 * place stays as it is; depth 0 makes every place ""), and the calendar
 * bucket of the period: a day, an ISO 8601 week (Monday to Sunday), a
 * calendar month, quarter or year.
 *
 * Straddlers: a claim whose period crosses a bucket boundary, or has an
 * unknown end, straddles. ::cas_rollup_options.straddle says what happens
 * to it:
 * - ::CAS_STRADDLE_LIST (the default): it is left out and listed
 *   (cas_rollup_info_straddler());
 * - ::CAS_STRADDLE_FIRST: it is put whole in the bucket of its first day
 *   (an assumption: its deaths may fall on later days);
 * - ::CAS_STRADDLE_SPLIT: its low, high and best are each spread evenly
 *   over its days, the integer remainder going one each to the first days
 *   (x over d days: day i gets x / d, plus 1 when i < x % d), and each
 *   bucket gets the sum of its days' shares. A split figure is an
 *   assumption, not what the source said. An open high stays open.
 * A claim whose first day is unknown is left out in every mode, and one
 * whose last day is unknown is left out by ::CAS_STRADDLE_SPLIT (it has no
 * days to spread over).
 *
 * Each group becomes one derived claim:
 * - `id` `rollup:SOURCE:PLACE:BUCKET:OUTCOME:GROUP:PERPETRATOR`, where
 *   BUCKET is `2016-03-05` (day), `2016-W09` (ISO week), `2016-03`,
 *   `2016-Q1` or `2016`, and every `%` and `:` inside a part is written
 *   `%25` and `%3A`, so that two groups never share an id;
 * - `source`, `outcome`, `group`, `perpetrator` as the terms have them;
 *   `source_kind` and `relay` when every term agrees, else "";
 * - `basis`: the terms' basis when they agree; otherwise party when any
 *   term is party, else estimated when any is estimated, else reported (a
 *   sum of documented and reported counts is a reported count);
 *   ::cas_rollup_summary.mixed_basis counts such claims;
 * - `low` the sum of the lows; `high` the sum of the highs, open when any
 *   is open; `best` the sum of the bests when every term has one, else
 *   ::CAS_NONE; `qualifier` exact when low == high, at_least when the high
 *   is open, range otherwise;
 * - period the bucket's first and last day; place the cut place; no event;
 * - `reported_on` the latest report day among the terms (unknown when no
 *   term has one);
 * - `quote` "sum of N events" (with how many were split or placed by their
 *   first day); `citation` "rollup of ID, ID, ..." naming at most
 *   ::cas_rollup_options.max_cited claim ids and then "and N more": the
 *   full list is kept by cas_rollup_info_term().
 *
 * Two terms of one derived claim on the same event, or on an event and
 * one of its sub-events (`op-x` and `op-x/strike-3`), would count the same
 * people twice: the roll-up fails with ::CAS_ERR_OVERLAP naming both
 * claims. A sum that does not fit in 64 bits fails with
 * ::CAS_ERR_OVERFLOW. On failure nothing is returned.
 *
 * The result never depends on the order claims were added: derived
 * claims are added to the new ledger in order of source, outcome, group,
 * perpetrator, place and bucket (strings in byte order), and each one's
 * terms are in order of claim id.
 */
#ifndef CASUALTY_ROLLUP_H
#define CASUALTY_ROLLUP_H

#include "casualty/reconcile.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The calendar unit of a roll-up's buckets. Stable numbers. */
typedef enum cas_rollup_unit {
    CAS_ROLLUP_DAY = 0,     /**< one day */
    CAS_ROLLUP_WEEK = 1,    /**< an ISO 8601 week, Monday to Sunday */
    CAS_ROLLUP_MONTH = 2,   /**< a calendar month */
    CAS_ROLLUP_QUARTER = 3, /**< January-March, April-June, ... */
    CAS_ROLLUP_YEAR = 4     /**< a calendar year */
} cas_rollup_unit;

/** What a roll-up does with a claim that straddles buckets. Stable numbers. */
typedef enum cas_straddle {
    CAS_STRADDLE_LIST = 0,  /**< leave it out and list it */
    CAS_STRADDLE_FIRST = 1, /**< put it whole in its first day's bucket */
    CAS_STRADDLE_SPLIT = 2  /**< spread it evenly over its days */
} cas_straddle;

/**
 * How to roll up. Caller-owned; set it up with cas_rollup_options_init(),
 * then change what is needed. A NULL options pointer means the defaults.
 */
typedef struct cas_rollup_options {
    uint32_t size;        /**< sizeof(cas_rollup_options) */
    uint32_t place_depth; /**< segments of the place kept; default 1 (a
                               country), 0 for one place "" */
    int32_t unit;         /**< a ::cas_rollup_unit; default month */
    int32_t straddle;     /**< a ::cas_straddle; default list */
    uint32_t bases;       /**< which bases count: CAS_BASIS_BIT()s, not 0;
                               default ::CAS_BASES_DEFAULT */
    uint32_t max_cited;   /**< the most claim ids a derived claim's citation
                               names; default 10 */
} cas_rollup_options;

/**
 * Set @p opts's size and its defaults (place depth 1, months, straddlers
 * listed, ::CAS_BASES_DEFAULT, 10 ids cited).
 * @param opts  the struct; NULL is a no-op.
 * @param size  `sizeof *opts` as the caller's headers have it: cas_rollup_options_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_rollup_options_init_size(cas_rollup_options *opts, size_t size);
/**
 * cas_rollup_options_init_size() with the caller's own `sizeof *opts`.
 * @param opts  the struct; NULL is a no-op.
 */
static inline void cas_rollup_options_init(cas_rollup_options *opts)
{
    cas_rollup_options_init_size(opts, sizeof *opts);
}

/**
 * What a roll-up took and left. Caller-owned with @ref size set; filled by
 * cas_rollup_info_summary().
 */
typedef struct cas_rollup_summary {
    uint32_t size;           /**< sizeof(cas_rollup_summary) */
    uint32_t unused;         /**< 0 */
    uint64_t derived;        /**< derived claims made */
    uint64_t summed;         /**< input claims summed into one or more of them */
    uint64_t superseded;     /**< claims left out as superseded */
    uint64_t without_event;  /**< current claims left out for naming no event */
    uint64_t excluded;       /**< current event claims left out for their basis */
    uint64_t straddlers;     /**< event claims counted that straddle buckets
                                  (or have an unknown end) */
    uint64_t left_out;       /**< of them, left out (cas_rollup_info_straddler()) */
    uint64_t first;          /**< of them, put in their first day's bucket */
    uint64_t split;          /**< of them, spread over their days */
    uint64_t mixed_basis;    /**< derived claims whose terms had different bases */
} cas_rollup_summary;

/**
 * Set @p out's size and clear the rest, before the library fills it.
 * @param out  the struct; NULL is a no-op.
 * @param size  `sizeof *out` as the caller's headers have it: cas_rollup_summary_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_rollup_summary_init_size(cas_rollup_summary *out, size_t size);
/**
 * cas_rollup_summary_init_size() with the caller's own `sizeof *out`.
 * @param out  the struct; NULL is a no-op.
 */
static inline void cas_rollup_summary_init(cas_rollup_summary *out)
{
    cas_rollup_summary_init_size(out, sizeof *out);
}

/** An opaque record of a roll-up: the claims each derived claim sums, and
 *  the straddlers left out. */
typedef struct cas_rollup_info cas_rollup_info;

/**
 * Roll up the event claims of @p in (see the file's description).
 *
 * @param out   receives a new ledger of the derived claims, in the order
 *              described above; the caller frees it with cas_ledger_free().
 *              It owns its strings and does not depend on @p in.
 * @param info  receives a new record of the roll-up, or NULL when not
 *              wanted; the caller frees it with cas_rollup_info_free(). Its
 *              k-th derived claim is @p out's claim at index k. It borrows
 *              @p in's strings: free it before @p in.
 * @param in    the claims; only read.
 * @param opts  the options, or NULL for the defaults.
 * @param err   receives the details of a failure, or NULL.
 * @return CAS_OK (also when nothing is rolled up: an empty ledger);
 *         CAS_ERR_ARG (NULL @p out or @p in, unset size, bases 0 or
 *         unknown bits); CAS_ERR_VALUE (an unknown unit or straddle: the
 *         field names the option); CAS_ERR_OVERLAP (two terms on one
 *         event); CAS_ERR_OVERFLOW; CAS_ERR_NOMEM. Nothing is written on
 *         failure.
 * Complexity: O(n log n) comparisons for n claims (sorted by scope and period; the events of a
 *   bucket sorted in tree order, each checked against its neighbour only), so O(b log n) time
 *   at worst for b bytes of paths and events; O(n) memory.
 */
CAS_EXPORT cas_status cas_rollup(cas_ledger **out, cas_rollup_info **info, const cas_ledger *in,
                                 const cas_rollup_options *opts, cas_error *err);

/**
 * Free a roll-up record. NULL is a no-op.
 * Complexity: O(1) time; all its memory returned.
 * @param info  the record, or NULL.
 */
CAS_EXPORT void cas_rollup_info_free(cas_rollup_info *info);

/**
 * What the roll-up took and left.
 * @param out  caller-owned with `size` set.
 * @param info   the roll-up record.
 * @return CAS_OK or CAS_ERR_ARG.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_rollup_info_summary(const cas_rollup_info *info,
                                              cas_rollup_summary *out);

/**
 * The claims derived claim @p index sums: their number in @p count, and
 * the @p k-th (in order of claim id) in @p out. The reference's index, id
 * and source are the input claim's (strings borrowed from the input
 * ledger); its low, high and figure (best, else low) are what was summed:
 * the claim's own, or its share of the bucket when it was split.
 * @param out    caller-owned with `size` set; NULL to learn only the count.
 * @param count  receives the number of terms (may be NULL).
 * @param info   the roll-up record.
 * @param index  the derived claim's index in the output ledger.
 * @param k      which of its terms (from 0) to write to @p out.
 * @return CAS_OK, CAS_ERR_ARG, or CAS_ERR_NOT_FOUND (an index past the
 *         end; with @p out NULL, @p k is not checked).
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_rollup_info_term(const cas_rollup_info *info, size_t index, size_t k,
                                           cas_claim_ref *out, size_t *count);

/**
 * The straddlers left out: their number in @p count and the @p k-th (in
 * order of claim id) in @p out, a reference to the input claim.
 * @param out    caller-owned with `size` set; NULL to learn only the count.
 * @param count  receives the number of claims left out (may be NULL).
 * @param info   the roll-up record.
 * @param k      which of the claims left out (from 0) to write to @p out.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND (with @p out NULL,
 *         @p k is not checked).
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_rollup_info_straddler(const cas_rollup_info *info, size_t k,
                                                cas_claim_ref *out, size_t *count);

/**
 * The stable name of a unit ("day", "week", "month", "quarter", "year"), or NULL.
 * Complexity: O(1) time, no memory.
 * @param unit  a ::cas_rollup_unit.
 * @return a static string, or NULL.
 */
CAS_EXPORT const char *cas_rollup_unit_name(int32_t unit);
/**
 * The unit named @p name. @return CAS_OK, CAS_ERR_ARG or CAS_ERR_VALUE.
 * Complexity: O(1) time, no memory.
 * @param out   receives the ::cas_rollup_unit.
 * @param name  the name.
 */
CAS_EXPORT cas_status cas_rollup_unit_from_name(int32_t *out, const char *name);
/**
 * The stable name of a straddle choice ("list", "first", "split"), or NULL.
 * Complexity: O(1) time, no memory.
 * @param straddle  a ::cas_straddle.
 * @return a static string, or NULL.
 */
CAS_EXPORT const char *cas_straddle_name(int32_t straddle);
/**
 * The straddle choice named @p name. @return CAS_OK, CAS_ERR_ARG or CAS_ERR_VALUE.
 * Complexity: O(1) time, no memory.
 * @param out   receives the ::cas_straddle.
 * @param name  the name.
 */
CAS_EXPORT cas_status cas_straddle_from_name(int32_t *out, const char *name);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_ROLLUP_H */
