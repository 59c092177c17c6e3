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
#include "casualty/reconcile.h"

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
