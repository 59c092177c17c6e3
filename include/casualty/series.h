/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/series.h
 * @brief Series of cumulative counts (docs/model.md section 12): each
 *        source's reports in order of cutoff, its revisions, restarts and
 *        daily increments, and sources compared as of every day.
 *
 * A cumulative count ("18,800 killed since 7 October") is a claim on the
 * period [series start, cutoff day]. A **series** is the claims of one
 * source on one scope that share a series start: claims whose source,
 * outcome, group, perpetrator, place and event (the ledger's canonical
 * paths) and period_start are equal. Its reports are those claims in order
 * of cutoff (period_end), then of reported_on, then of ledger position.
 * Claims whose first or last day is unknown belong to no series.
 *
 * - A **revision** is a report whose upper bound is lower than the
 *   source's own earlier figure (the highest lower bound among the reports
 *   before it in the series, for the same or an earlier cutoff); its size
 *   is that figure less the report's upper bound. A revision is a fact
 *   about one source, never a conflict between sources.
 * - A **restart** is a later series start for the same source and scope
 *   (a new counting phase, such as Lebanon's phase 2): a new series, whose
 *   ::cas_series_info.phase is one more than the series before it. Phases
 *   add; a phase is never compared with another phase's figures.
 * - The **increment** of a report is its lower bound less the previous
 *   report's (the first report's is its own lower bound), over the days
 *   between the two cutoffs.
 * - A **panel** is the series of different sources on one scope with one
 *   series start. As of a day, a source's *floor* is its last report with
 *   a cutoff on or before the day (the count by then is at least its lower
 *   bound) and its *ceiling* is its first report with a later cutoff (the
 *   count by the day is at most its upper bound, since cumulative counts
 *   never fall). The source's range as of the day is [floor, ceiling]: 0
 *   without a floor, open without a ceiling, and the ceiling alone when it
 *   lies below the floor (a later downward revision prevails over the
 *   figure it revises). The sources **agree** as of a day when their
 *   ranges have a count in common, so two sources that never report on the
 *   same day are still compared on every day of the panel (from its first
 *   cutoff to its last).
 *
 * Work: O(n log n) in the n claims with known periods, plus, per panel,
 * the panel's reports times its sources (a handful) to count the days of
 * agreement; a day's as-of row is found by binary search, O(log n).
 * Memory: O(n).
 */
#ifndef CASUALTY_SERIES_H
#define CASUALTY_SERIES_H

#include "casualty/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque set of series built from a ledger. */
typedef struct cas_series cas_series;

/**
 * One series. Caller-owned with @ref size set; the strings are borrowed
 * from the ledger.
 */
typedef struct cas_series_info {
    uint32_t size;        /**< sizeof(cas_series_info) */
    uint32_t phase;       /**< 1 for the source's first series start on
                               this scope, 2 after one restart, ... */
    const char *source;   /**< the source */
    cas_scope scope;      /**< the scope: period_start is the series start,
                               period_end its last report's cutoff */
    uint32_t reports;     /**< its reports (at least 1) */
    uint32_t revisions;   /**< how many of them are revisions */
    int64_t revised;      /**< the sum of the revisions' sizes */
    uint32_t panel;       /**< the index of its panel */
    uint32_t unused;      /**< 0 */
} cas_series_info;

/** One report of a series. Caller-owned with @ref size set. */
typedef struct cas_series_report {
    uint32_t size;         /**< sizeof(cas_series_report) */
    int32_t cutoff;        /**< the day the count runs to (period_end) */
    int32_t reported_on;   /**< the day it was published, or CAS_DATE_UNKNOWN */
    int32_t days;          /**< days since the previous report's cutoff (for
                                the first report, since the series start,
                                counting both ends) */
    const char *claim_id;  /**< the claim, borrowed from the ledger */
    uint32_t claim;        /**< the claim's position in the ledger */
    uint32_t revised_from; /**< when @ref revision > 0: the position in the
                                series of the earlier report it revises */
    int64_t low;           /**< the figure's lower bound */
    int64_t high;          /**< its upper bound, or CAS_OPEN */
    int64_t increment;     /**< @ref low less the previous report's low
                                (negative after a fall) */
    int64_t revision;      /**< 0, or how far below the source's own earlier
                                figure this report is */
} cas_series_report;

/** A panel: the series of different sources on one scope and start. */
typedef struct cas_series_panel {
    uint32_t size;       /**< sizeof(cas_series_panel) */
    uint32_t members;    /**< its series (one per source) */
    cas_scope scope;     /**< the scope: period_start the series start,
                              period_end the last cutoff of any member */
    int32_t first_day;   /**< the first cutoff of any member */
    int32_t last_day;    /**< the last cutoff of any member */
    uint32_t days_agree; /**< days in [first_day, last_day] on which the
                              members agree (all of them for one member) */
    uint32_t days_differ;/**< days on which they do not */
} cas_series_panel;

/** One source's position as of one day. Caller-owned with @ref size set. */
typedef struct cas_series_asof {
    uint32_t size;        /**< sizeof(cas_series_asof) */
    int32_t day;          /**< the day */
    uint32_t series;      /**< the series (its index in the set) */
    int32_t floor_day;    /**< the cutoff of the floor, or CAS_DATE_UNKNOWN */
    int32_t ceiling_day;  /**< the cutoff of the ceiling, or CAS_DATE_UNKNOWN */
    int32_t stale;        /**< days since the floor's cutoff (0 on a report
                               day), or -1 without a floor */
    int64_t floor;        /**< the floor report's lower bound, or CAS_NONE */
    int64_t ceiling;      /**< the ceiling report's upper bound, or CAS_OPEN */
    int64_t low;          /**< the source's range as of the day: low ... */
    int64_t high;         /**< ... and high (CAS_OPEN for none) */
    int32_t agree;        /**< 1 when the panel's sources agree as of the day */
    uint32_t unused;      /**< 0 */
} cas_series_asof;

/**
 * Set @p out's size and clear the rest.
 * @param out  the struct; NULL is a no-op.
 * @param size  `sizeof *out` as the caller's headers have it: cas_series_info_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_series_info_init_size(cas_series_info *out, size_t size);
/**
 * cas_series_info_init_size() with the caller's own `sizeof *out`.
 * @param out  the struct; NULL is a no-op.
 */
static inline void cas_series_info_init(cas_series_info *out)
{
    cas_series_info_init_size(out, sizeof *out);
}
/**
 * Set @p out's size and clear the rest.
 * @param out  the struct; NULL is a no-op.
 * @param size  `sizeof *out` as the caller's headers have it: cas_series_report_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_series_report_init_size(cas_series_report *out, size_t size);
/**
 * cas_series_report_init_size() with the caller's own `sizeof *out`.
 * @param out  the struct; NULL is a no-op.
 */
static inline void cas_series_report_init(cas_series_report *out)
{
    cas_series_report_init_size(out, sizeof *out);
}
/**
 * Set @p out's size and clear the rest.
 * @param out  the struct; NULL is a no-op.
 * @param size  `sizeof *out` as the caller's headers have it: cas_series_panel_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_series_panel_init_size(cas_series_panel *out, size_t size);
/**
 * cas_series_panel_init_size() with the caller's own `sizeof *out`.
 * @param out  the struct; NULL is a no-op.
 */
static inline void cas_series_panel_init(cas_series_panel *out)
{
    cas_series_panel_init_size(out, sizeof *out);
}
/**
 * Set @p out's size and clear the rest.
 * @param out  the struct; NULL is a no-op.
 * @param size  `sizeof *out` as the caller's headers have it: cas_series_asof_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_series_asof_init_size(cas_series_asof *out, size_t size);
/**
 * cas_series_asof_init_size() with the caller's own `sizeof *out`.
 * @param out  the struct; NULL is a no-op.
 */
static inline void cas_series_asof_init(cas_series_asof *out)
{
    cas_series_asof_init_size(out, sizeof *out);
}

/**
 * Build the series of every claim of @p ledger with a known period.
 * Series are ordered by outcome, group, perpetrator, place, event, series
 * start and source (byte order), so the members of a panel are adjacent.
 * @param out  receives a new set; the caller frees it with
 *             cas_series_free(). It borrows the ledger's strings: free it
 *             before the ledger, and do not add to the ledger meanwhile.
 * @param ledger  the claims.
 * @param err  receives details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG (NULL pointer) or CAS_ERR_NOMEM.
 * Complexity: O(n log n) time for n claims (sorted by scope and day); O(n) memory.
 */
CAS_EXPORT cas_status cas_series_new(cas_series **out, const cas_ledger *ledger, cas_error *err);
/**
 * Free a set of series. NULL is a no-op.
 * Complexity: O(1) time; all its memory returned.
 * @param s  the set, or NULL.
 */
CAS_EXPORT void cas_series_free(cas_series *s);
/**
 * The number of series (0 for NULL).
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param s  the set, or NULL.
 * @return the number of series.
 */
CAS_EXPORT size_t cas_series_count(const cas_series *s);
/**
 * Read series @p index.
 * @param s      the series.
 * @param index  the series' position, below cas_series_count().
 * @param out    caller-owned with `size` set (cas_series_info_init()).
 * @return CAS_OK, CAS_ERR_ARG (NULL, unset size) or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_series_get(const cas_series *s, size_t index, cas_series_info *out);
/**
 * Read report @p k (in order of cutoff) of series @p index.
 * @param s      the series.
 * @param index  the series' position.
 * @param k      the report's position in the series.
 * @param out    caller-owned with `size` set (cas_series_report_init()).
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_series_report_get(const cas_series *s, size_t index, size_t k,
                                            cas_series_report *out);
/**
 * The number of panels (0 for NULL).
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param s  the set, or NULL.
 * @return the number of panels.
 */
CAS_EXPORT size_t cas_series_panels(const cas_series *s);
/**
 * Read panel @p panel.
 * @param s      the series.
 * @param panel  the panel's position, below cas_series_panels().
 * @param out    caller-owned with `size` set (cas_series_panel_init()).
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_series_panel_get(const cas_series *s, size_t panel,
                                           cas_series_panel *out);
/**
 * The series index of member @p k (in source order) of panel @p panel.
 * @param out  receives the index.
 * @param s      the series.
 * @param panel  the panel's position.
 * @param k      the member's position in the panel.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_series_panel_member(const cas_series *s, size_t panel, size_t k,
                                              uint32_t *out);
/**
 * Member @p k of panel @p panel as of @p day: its floor, ceiling,
 * staleness and range, and whether the panel's sources agree that day.
 * Any real day may be asked, also one outside the panel's days.
 * @param s      the series.
 * @param panel  the panel's position.
 * @param day    the day (a day number).
 * @param k      the member's position in the panel.
 * @param out    caller-owned with `size` set (cas_series_asof_init()).
 * @return CAS_OK, CAS_ERR_ARG (also for CAS_DATE_UNKNOWN) or
 *         CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_series_asof_get(const cas_series *s, size_t panel, int32_t day,
                                          size_t k, cas_series_asof *out);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_SERIES_H */
