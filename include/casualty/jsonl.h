/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/jsonl.h
 * @brief Results as JSON Lines: one JSON object per line, for jq, miller,
 *        pandas (`read_json(lines=True)`) and every other reader of
 *        records (the schema of each record is in docs/jsonl.md).
 *
 * Each writer gives the facts of the matching CSV writer, one object per
 * row, with types: counts are JSON numbers, an open upper bound, a
 * missing best estimate, an unknown day and the path of "all" are `null`,
 * days are "YYYY-MM-DD" strings, and what the CSV packs into one cell
 * (the claims behind a bound, the conflicts of a scope) is nested as
 * arrays of objects. Real numbers are written with '.' for the decimal
 * point whatever the locale, in the fewest digits that read back as the
 * same double; a real that is not finite is `null`.
 *
 * Strings are escaped as RFC 8259 asks, and more, so that every line
 * parses on its own: control characters (a newline inside a quote too)
 * as `\n`, `\t` or `\u00XX`; DEL, the C1 controls, U+2028 and U+2029 as
 * `\u007f`, `\u0085`, `\u2028` and the like,
 * and bytes that are not UTF-8 replaced by U+FFFD. Lines end with LF;
 * an empty result is an empty text.
 */
#ifndef CASUALTY_JSONL_H
#define CASUALTY_JSONL_H

#include "casualty/aggregate.h"
#include "casualty/ledger.h"
#include "casualty/matrix.h"
#include "casualty/mse.h"
#include "casualty/reconcile.h"
#include "casualty/series.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * \brief Reconciliation results as JSON Lines, one object per scope.
 *
 * Members, in order: outcome, group, perpetrator, place, event (paths;
 * null for "all"), period_start, period_end (days or null), claims,
 * sources, superseded, excluded, envelope_low, envelope_high (null when
 * open), consensus_low, consensus_high (null when open), consensus (true,
 * or false when the sources conflict), best (null when there is none),
 * best_kind, conflict_pairs, within_tolerance (the tolerance the
 * consensus holds within, as cas_report_csv() writes it, or null),
 * outlier (a source or null), provenance (an object with one array per
 * bound, envelope_low to best, of `{"id", "source"}` objects: the claims
 * behind that bound) and conflicts (an array of `{"higher": {"id",
 * "source"}, "lower": {...}, "gap", "ratio"}` objects, the ratio null
 * when it is undefined). The rows are those of cas_report_csv(), in the
 * same order.
 * \param out  receives a NUL-terminated string; the caller frees it with
 *             cas_free(). Written only on success.
 * \param len  receives its length without the NUL (may be NULL).
 * \param r    the results.
 * \param err  receives the reason on failure (may be NULL).
 * \return CAS_OK, CAS_ERR_ARG (a NULL @p out or @p r) or CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_report_jsonl(char **out, size_t *len, const cas_reconciliation *r,
                                       cas_error *err);

/**
 * \brief Write the JSON Lines of cas_report_jsonl() to a file.
 * \param r     the results.
 * \param path  the file, created or replaced.
 * \param err   receives the reason on failure (may be NULL); an I/O
 *              failure names the file.
 * \return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM or CAS_ERR_IO.
 */
CAS_EXPORT cas_status cas_report_jsonl_save(const cas_reconciliation *r, const char *path,
                                            cas_error *err);

/**
 * \brief The claims of a ledger as JSON Lines, one object per claim, in
 *        index order (the rows of cas_csv_save_string()).
 *
 * Members, the columns of docs/csv.md in their order: id, source,
 * source_kind, relay, basis, outcome, group, perpetrator, place, event,
 * period_start, period_end, reported_on, qualifier, low, high, best,
 * citation, quote. An empty text is null, as are an unknown day, an open
 * high and a missing best; counts are numbers.
 * \param out     receives a NUL-terminated string; the caller frees it
 *                with cas_free(). Written only on success.
 * \param len     receives its length without the NUL (may be NULL).
 * \param ledger  the claims.
 * \param err     receives the reason on failure (may be NULL).
 * \return CAS_OK, CAS_ERR_ARG (a NULL @p out or @p ledger) or
 *         CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_ledger_jsonl(char **out, size_t *len, const cas_ledger *ledger,
                                       cas_error *err);

/**
 * \brief Write the JSON Lines of cas_ledger_jsonl() to a file.
 * \param ledger  the claims.
 * \param path    the file, created or replaced.
 * \param err     receives the reason on failure (may be NULL).
 * \return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM or CAS_ERR_IO.
 */
CAS_EXPORT cas_status cas_ledger_jsonl_save(const cas_ledger *ledger, const char *path,
                                            cas_error *err);

/**
 * \brief Propagated bounds as JSON Lines, one object per scope of the
 *        propagation, in its order (cas_propagation_get()).
 *
 * Members: outcome, group, perpetrator, place, event (null for "all"),
 * period_start, period_end (null when unknown), initial_low,
 * initial_high, low, high (the ranges before and after propagation; an
 * open high is null), conflict and has_claims (booleans), best (null when
 * there is none), best_kind, low_rule and high_rule (the rule that last
 * moved each bound: claims, unclaimed, part, whole, sum, rest,
 * cover-high, cover-low) and provenance (`{"low": [...], "high": [...]}`,
 * the claims behind each bound as `{"id", "source"}` objects).
 * \param out  receives a NUL-terminated string; the caller frees it with
 *             cas_free(). Written only on success.
 * \param len  receives its length without the NUL (may be NULL).
 * \param p    the propagation (run or not).
 * \param err  receives the reason on failure (may be NULL).
 * \return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_propagation_jsonl(char **out, size_t *len, const cas_propagation *p,
                                            cas_error *err);

/**
 * \brief Write the JSON Lines of cas_propagation_jsonl() to a file.
 * \param p     the propagation.
 * \param path  the file, created or replaced.
 * \param err   receives the reason on failure (may be NULL).
 * \return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM or CAS_ERR_IO.
 */
CAS_EXPORT cas_status cas_propagation_jsonl_save(const cas_propagation *p, const char *path,
                                                 cas_error *err);

/**
 * \brief The source matrix as JSON Lines, one object per pair of sources,
 *        in the order of cas_matrix_get().
 *
 * Members: first, second (the sources), scopes, agree, conflict, figures,
 * first_higher, second_higher, within_tolerance, floors, ratios (counts
 * of scopes, as ::cas_source_pair has them), p10_ratio, median_ratio and
 * p90_ratio (reals, null when there is no ratio).
 * \param out  receives a NUL-terminated string; the caller frees it with
 *             cas_free(). Written only on success.
 * \param len  receives its length without the NUL (may be NULL).
 * \param m    the matrix.
 * \param err  receives the reason on failure (may be NULL).
 * \return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_matrix_jsonl(char **out, size_t *len, const cas_matrix *m,
                                       cas_error *err);

/**
 * \brief Write the JSON Lines of cas_matrix_jsonl() to a file.
 * \param m     the matrix.
 * \param path  the file, created or replaced.
 * \param err   receives the reason on failure (may be NULL).
 * \return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM or CAS_ERR_IO.
 */
CAS_EXPORT cas_status cas_matrix_jsonl_save(const cas_matrix *m, const char *path,
                                            cas_error *err);

/**
 * \brief A sum of ranges as one line of JSON Lines.
 *
 * Members, in order: label (@p label, or null), terms, low, high (null
 * when open), best (null when a term lacks one), without_best,
 * midpoint_bests: the members of ::cas_sum. Give each sum its own label
 * and concatenate the texts to write several.
 * \param out    receives a NUL-terminated string; the caller frees it with
 *               cas_free(). Written only on success.
 * \param len    receives its length without the NUL (may be NULL).
 * \param s      the sum (from cas_sum_ranges(), cas_sum_estimates() or
 *               cas_sum_results()).
 * \param label  what the sum is a sum of, copied escaped; may be NULL.
 * \param err    receives the reason on failure (may be NULL).
 * \return CAS_OK, CAS_ERR_ARG (a NULL @p out or @p s) or CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_sum_jsonl(char **out, size_t *len, const cas_sum *s, const char *label,
                                    cas_error *err);

/**
 * \brief Write the JSON Lines of cas_sum_jsonl() to a file.
 * \param s      the sum.
 * \param label  its label; may be NULL.
 * \param path   the file, created or replaced.
 * \param err    receives the reason on failure (may be NULL); an I/O
 *               failure names the file.
 * \return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM or CAS_ERR_IO.
 */
CAS_EXPORT cas_status cas_sum_jsonl_save(const cas_sum *s, const char *label, const char *path,
                                         cas_error *err);

/**
 * \brief The total of a whole over its disjoint parts as JSON Lines, the
 *        records of `casualty-sum --by DIMENSION -f jsonl`.
 *
 * One object per part (row "part", in the order of @p items), then the
 * total (row "total": the parts' envelopes and consensus ranges added by
 * cas_sum_results()), then, when @p whole has results in @p r, the
 * whole's own (row "whole"). Members, in order: row; the part's path in
 * @p dimension under that name (null for "all" and on the total), or
 * period_start and period_end (days, null when unknown or on the total)
 * when @p dimension is "period"; claims; sources (null on the total);
 * envelope_low, envelope_high (null when open); consensus (false when the
 * sources conflict; null on a total that has none, when some part's
 * consensus is empty); consensus_low, consensus_high (null without a
 * consensus, the high also when open); best (null when there is none);
 * best_kind ("sum" on the total; null without a best); note (on the
 * total, "K of N terms lack a best" or "K midpoint(s)", else null).
 * \param out        receives a NUL-terminated string; the caller frees it
 *                   with cas_free(). Written only on success.
 * \param len        receives its length without the NUL (may be NULL).
 * \param r          the reconciliation.
 * \param items      @p n positions of the parts in @p r, pairwise disjoint.
 * \param n          the number of parts.
 * \param dimension  the dimension the parts differ in: "outcome", "group",
 *                   "perpetrator", "place", "event" or "period".
 * \param whole      the scope the parts make up, for the "whole" row; NULL
 *                   for none.
 * \param err        receives the reason on failure (may be NULL).
 * \return CAS_OK; CAS_ERR_ARG (a NULL @p out, @p r or @p dimension, NULL
 *         @p items with @p n > 0, an unknown dimension); the errors of
 *         cas_sum_results() over the envelopes (CAS_ERR_NOT_FOUND,
 *         CAS_ERR_OVERLAP, CAS_ERR_OVERFLOW), with its message;
 *         CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_sum_results_jsonl(char **out, size_t *len, const cas_reconciliation *r,
                                            const size_t *items, size_t n, const char *dimension,
                                            const cas_scope *whole, cas_error *err);

/**
 * \brief Write the JSON Lines of cas_sum_results_jsonl() to a file.
 * \param r          the reconciliation.
 * \param items      @p n positions of the parts in @p r.
 * \param n          the number of parts.
 * \param dimension  the dimension the parts differ in (as for
 *                   cas_sum_results_jsonl()).
 * \param whole      the scope the parts make up, or NULL.
 * \param path       the file, created or replaced (not created when the
 *                   sum fails).
 * \param err        receives the reason on failure (may be NULL); an I/O
 *                   failure names the file.
 * \return as cas_sum_results_jsonl(), or CAS_ERR_IO.
 */
CAS_EXPORT cas_status cas_sum_results_jsonl_save(const cas_reconciliation *r, const size_t *items,
                                                 size_t n, const char *dimension,
                                                 const cas_scope *whole, const char *path,
                                                 cas_error *err);

/** Flag of the MSE writers: each model's record also has method
 *  ("lincoln-petersen", "chapman" or "log-linear"), lists, observed,
 *  level, params, iterations and coefficients (an array of
 *  `{"term", "value", "se"}` objects, the term its mask as
 *  cas_mse_estimate_coef() gives it: 0 the intercept, 1, 2, 4, ... the
 *  lists, 3 the interaction of the first two), after the table's members. */
#define CAS_MSE_JSONL_DETAIL 1u
/** Flag of cas_mse_selection_jsonl(): every record starts with a member
 *  record, "model" for the ranked models, and after them come one
 *  "spread" record and one "failure" record per model that gave no
 *  estimate (docs/jsonl.md). */
#define CAS_MSE_JSONL_SUMMARY 2u

/**
 * \brief One MSE estimate as a line of JSON Lines, the record of
 *        `casualty-mse --model MODEL -f jsonl`.
 *
 * Members, in order: model (the model's text, or "Lincoln-Petersen" or
 * "Chapman" for the two-list estimators), n_hat, se, low, high (the claim
 * interval, null when unbounded), interval ("profile", "log-normal" or
 * "Wald"), low_at_observed (true when the low is the observed count),
 * deviance, df (null for the two-list estimators), aic, bic, and daic,
 * always null (the member of a ranked model, kept so that estimates and
 * selections have the same columns). Reals are null when not finite.
 * With ::CAS_MSE_JSONL_DETAIL, the members that flag names follow.
 * \param out       receives a NUL-terminated string; the caller frees it
 *                  with cas_free(). Written only on success.
 * \param len       receives its length without the NUL (may be NULL).
 * \param estimate  the estimate.
 * \param flags     0 or ::CAS_MSE_JSONL_DETAIL.
 * \param err       receives the reason on failure (may be NULL).
 * \return CAS_OK, CAS_ERR_ARG (a NULL @p out or @p estimate, an unknown
 *         flag) or CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_mse_estimate_jsonl(char **out, size_t *len,
                                             const cas_mse_estimate *estimate, uint32_t flags,
                                             cas_error *err);

/**
 * \brief Write the JSON Lines of cas_mse_estimate_jsonl() to a file.
 * \param estimate  the estimate.
 * \param flags     0 or ::CAS_MSE_JSONL_DETAIL.
 * \param path      the file, created or replaced.
 * \param err       receives the reason on failure (may be NULL); an I/O
 *                  failure names the file.
 * \return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM or CAS_ERR_IO.
 */
CAS_EXPORT cas_status cas_mse_estimate_jsonl_save(const cas_mse_estimate *estimate,
                                                  uint32_t flags, const char *path,
                                                  cas_error *err);

/**
 * \brief A model selection as JSON Lines: the ranked models, the records
 *        of `casualty-mse -f jsonl`, and on request the spread and the
 *        failures.
 *
 * One object per ranked model, best first, with the members of
 * cas_mse_estimate_jsonl() but for the last: daic, the model's AIC less
 * the chosen one's, named dbic (BIC) when the selection ranked by BIC.
 * With ::CAS_MSE_JSONL_SUMMARY every record starts with record ("model"),
 * and after the models come one object {record: "spread", criterion
 * ("aic" or "bic"), chosen (the chosen model's text), fitted, failed,
 * supported, support, n_hat_min, n_hat_max, low_min, high_max (null when
 * unbounded), low_at_observed, high_not_found (booleans: whether some
 * supported model's interval has that flag)} and one {record: "failure",
 * model, status (cas_strerror()'s text), message} per model that gave no
 * estimate, in the order they were tried.
 * \param out        receives a NUL-terminated string; the caller frees it
 *                   with cas_free(). Written only on success.
 * \param len        receives its length without the NUL (may be NULL).
 * \param selection  the selection.
 * \param top        write the @p top best models only; 0 for all of them.
 * \param flags      0, or ::CAS_MSE_JSONL_DETAIL and ::CAS_MSE_JSONL_SUMMARY
 *                   OR-ed.
 * \param err        receives the reason on failure (may be NULL).
 * \return CAS_OK, CAS_ERR_ARG (a NULL @p out or @p selection, an unknown
 *         flag) or CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_mse_selection_jsonl(char **out, size_t *len,
                                              const cas_mse_selection *selection, size_t top,
                                              uint32_t flags, cas_error *err);

/**
 * \brief Write the JSON Lines of cas_mse_selection_jsonl() to a file.
 * \param selection  the selection.
 * \param top        the number of models, 0 for all.
 * \param flags      as for cas_mse_selection_jsonl().
 * \param path       the file, created or replaced.
 * \param err        receives the reason on failure (may be NULL); an I/O
 *                   failure names the file.
 * \return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM or CAS_ERR_IO.
 */
CAS_EXPORT cas_status cas_mse_selection_jsonl_save(const cas_mse_selection *selection, size_t top,
                                                   uint32_t flags, const char *path,
                                                   cas_error *err);

/** The tables of a series set that cas_series_jsonl() writes. Stable
 *  numbers. */
typedef enum cas_series_table {
    CAS_SERIES_REPORTS = 0,   /**< every report of every series */
    CAS_SERIES_REVISIONS = 1, /**< the reports that are revisions */
    CAS_SERIES_SUMMARY = 2,   /**< one record per series */
    CAS_SERIES_ASOF = 3       /**< each panel of two or more sources, day
                                   by day: each source's position */
} cas_series_table;

/**
 * \brief Cumulative series as JSON Lines, the records of
 *        `casualty-series -f jsonl` (with `--revisions`, `--summary`,
 *        `--as-of`).
 *
 * The scope's members are outcome, group, perpetrator, place, event (null
 * for "all") and start (the series start, a day or null). Members, in
 * order:
 * - ::CAS_SERIES_REPORTS and ::CAS_SERIES_REVISIONS, one object per
 *   report, series by series: source, phase, the scope, cutoff,
 *   reported_on (days or null), low, high (null when open), days,
 *   increment, revision, revises (the cutoff of the report revised, or
 *   null), claim (its id);
 * - ::CAS_SERIES_SUMMARY, one per series: source, phase, the scope,
 *   reports, first, last (cutoffs), last_low, last_high (null when open),
 *   revisions, revised;
 * - ::CAS_SERIES_ASOF, for each panel of two or more sources, each day
 *   from its first cutoff to its last (or @p day only) and each source:
 *   panel (numbered from 1), the scope, day, source, floor (null without
 *   one), floor_day, stale (null without a floor), ceiling (null when
 *   open), ceiling_day, low, high (null when open), agree (a boolean).
 * \param out    receives a NUL-terminated string; the caller frees it with
 *               cas_free(). Written only on success.
 * \param len    receives its length without the NUL (may be NULL).
 * \param s      the series.
 * \param table  a ::cas_series_table.
 * \param day    with ::CAS_SERIES_ASOF, the one day to write, or
 *               CAS_DATE_UNKNOWN for every day; ignored otherwise.
 * \param err    receives the reason on failure (may be NULL).
 * \return CAS_OK, CAS_ERR_ARG (a NULL @p out or @p s, an unknown table)
 *         or CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_series_jsonl(char **out, size_t *len, const cas_series *s,
                                       int32_t table, int32_t day, cas_error *err);

/**
 * \brief Write the JSON Lines of cas_series_jsonl() to a file.
 * \param s      the series.
 * \param table  a ::cas_series_table.
 * \param day    with ::CAS_SERIES_ASOF, one day or CAS_DATE_UNKNOWN.
 * \param path   the file, created or replaced.
 * \param err    receives the reason on failure (may be NULL); an I/O
 *               failure names the file.
 * \return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM or CAS_ERR_IO.
 */
CAS_EXPORT cas_status cas_series_jsonl_save(const cas_series *s, int32_t table, int32_t day,
                                            const char *path, cas_error *err);

/**
 * \brief A string as a JSON string literal, quotes included, escaped as
 *        the JSON Lines writers escape (see the file's description).
 * \param out  receives a NUL-terminated string; the caller frees it with
 *             cas_free(). Written only on success.
 * \param len  receives its length without the NUL (may be NULL).
 * \param s    the text, @p n bytes (need not be NUL-terminated nor valid
 *             UTF-8; NULL only when @p n is 0).
 * \param n    the number of bytes of @p s.
 * \param err  receives the reason on failure (may be NULL).
 * \return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_json_string(char **out, size_t *len, const char *s, size_t n,
                                      cas_error *err);

/**
 * \brief A real number as text with '.' for the decimal point whatever
 *        the locale (LC_NUMERIC) says.
 * \param buf       receives the text, always NUL-terminated when @p size > 0.
 * \param size      the room at @p buf.
 * \param v         the number.
 * \param decimals  digits after the point, as printf's "%.*f" writes
 *                  them; a negative value asks for the fewest digits that
 *                  read back as @p v (as the JSON writers write reals),
 *                  "null" when @p v is not finite.
 * \return the length of the text (without the NUL), at most @p size - 1.
 */
CAS_EXPORT size_t cas_real_format(char *buf, size_t size, double v, int decimals);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_JSONL_H */
