/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/report.h
 * @brief Printing reconciliation results: an aligned plain-text table for
 *        people, a Markdown table for documents and CSV for programs, all
 *        with provenance (the sources and claim ids behind every bound).
 *
 * Printers know results; results never know printers. Output is UTF-8 with
 * LF line ends. Open highs print as "open" in the tables and as an empty
 * field in CSV; days as YYYY-MM-DD (empty when unknown).
 *
 * The text table has one line per scope with the columns outcome, group,
 * perpetrator, place ("*" for "all"), period (`first..last`, "?" for an
 * unknown day, "*" when both are unknown), claims (counted), sources
 * (distinct), envelope and consensus (`[low, high]`, `[low, open)`; the
 * consensus is `CONFLICT` when it is empty), best ("-" when there is none)
 * and conflicts (the number of conflicting pairs); below each line,
 * indented, the value of every bound with the claims behind it
 * (`envelope_low 823  syria-005 (SNHR)`) and each listed conflict.
 *
 * The CSV has one row per scope and these columns (docs/reconcile.md):
 * outcome, group, perpetrator, place, period_start, period_end, claims,
 * sources, superseded, excluded, envelope_low, envelope_high,
 * consensus_low, consensus_high, consensus (yes/no), best, conflict_pairs,
 * then for each bound (envelope_low, envelope_high, consensus_low,
 * consensus_high, best) a `<bound>_claims` column listing `id (source)`
 * items separated by "; ", and last `conflicts`, listing
 * `higher-id (source) > lower-id (source): gap G, ratio R` items.
 */
#ifndef CASUALTY_REPORT_H
#define CASUALTY_REPORT_H

#include "casualty/csv.h"
#include "casualty/reconcile.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The results as an aligned text table: one line per scope, each followed
 * by indented lines naming the claims behind its bounds and its conflicts.
 * Text from the data is shown safely (docs/csv.md, "Output that cannot be
 * abused"): control characters, C1 controls, bidi marks and other hidden
 * characters as visible escapes (`\xNN`, `\u{XXXX}`), a path named `*` as
 * `\*` (a bare `*` is "all"), and a claim id or source that holds one of
 * ; " or ") >" or unpaired parentheses in double quotes.
 * @param out  receives a NUL-terminated string; the caller frees it with
 *             cas_free(). Written only on success.
 * @param len  receives its length without the NUL (may be NULL).
 * @param r    the reconciliation.
 * @param err  receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 * Complexity: O(s + c + b) time for s scopes, c listed conflicts and b bytes written; O(b)
 *   memory (the string).
 */
CAS_EXPORT cas_status cas_report_table(char **out, size_t *len, const cas_reconciliation *r,
                                       cas_error *err);

/**
 * The results as CSV (header line first), fields quoted where needed.
 * @param out  receives a NUL-terminated string; the caller frees it with
 *             cas_free().
 * @param len  receives its length without the NUL (may be NULL).
 * @param r    the reconciliation.
 * @param err  receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 * Complexity: O(s + c + b) time for s scopes, c listed conflicts and b bytes written; O(b)
 *   memory (the string).
 */
CAS_EXPORT cas_status cas_report_csv(char **out, size_t *len, const cas_reconciliation *r,
                                     cas_error *err);

/**
 * The results as Markdown: a table with the text table's columns after a
 * first column `#` (the row number), the consensus of a scope in conflict
 * written `**CONFLICT**`; then a numbered list, one item per row, with
 * the value of every bound and the claims behind it (`- envelope low 823:
 * syria-005 (SNHR)`) and each listed conflict. Text that comes from the
 * data is escaped (a backslash before each of \ ` * _ [ ] < > | &), line
 * breaks in it become spaces and other controls and hidden characters
 * visible escapes, so that it renders as written (a path named `*`
 * renders `\*`). Columns are
 * padded so that the text lines up unrendered too.
 * @param out  receives a NUL-terminated string; the caller frees it with
 *             cas_free(). Written only on success.
 * @param len  receives its length without the NUL (may be NULL).
 * @param r    the reconciliation.
 * @param err  receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 * Complexity: O(s + c + b) time for s scopes, c listed conflicts and b bytes written; O(b)
 *   memory (the string).
 */
CAS_EXPORT cas_status cas_report_markdown(char **out, size_t *len, const cas_reconciliation *r,
                                          cas_error *err);

/**
 * Write the Markdown of cas_report_markdown() to the file @p path (replaced).
 * @param r    the reconciliation.
 * @param path  the file to write.
 * @param err  receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM or CAS_ERR_IO.
 * Complexity: O(s + c + b) time for s scopes, c listed conflicts and b bytes written; O(1)
 *   memory beyond a line.
 */
CAS_EXPORT cas_status cas_report_markdown_save(const cas_reconciliation *r, const char *path,
                                               cas_error *err);

/**
 * Write the table of cas_report_table() to the file @p path (replaced).
 * @param r    the reconciliation.
 * @param path  the file to write.
 * @param err  receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM or CAS_ERR_IO (the message
 *         names the file and the reason).
 * Complexity: O(s + c + b) time for s scopes, c listed conflicts and b bytes written; O(1)
 *   memory beyond a line.
 */
CAS_EXPORT cas_status cas_report_table_save(const cas_reconciliation *r, const char *path,
                                            cas_error *err);

/**
 * Write the CSV of cas_report_csv() to the file @p path (replaced).
 * @param r    the reconciliation.
 * @param path  the file to write.
 * @param err  receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM or CAS_ERR_IO.
 * Complexity: O(s + c + b) time for s scopes, c listed conflicts and b bytes written; O(1)
 *   memory beyond a line.
 */
CAS_EXPORT cas_status cas_report_csv_save(const cas_reconciliation *r, const char *path,
                                          cas_error *err);

/**
 * cas_report_csv() written as @p opts says (formula cells protected).
 * Time and memory O(bytes written).
 * @param out   receives a NUL-terminated string; the caller frees it with
 *              cas_free().
 * @param len   receives its length without the NUL (may be NULL).
 * @param r     the results.
 * @param opts  the options (cas_csv_write_options_init()); NULL for the
 *              defaults.
 * @param err   receives the error; may be NULL.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_report_csv_with(char **out, size_t *len, const cas_reconciliation *r,
                                          const cas_csv_write_options *opts, cas_error *err);

/**
 * cas_report_csv_save() written as @p opts says (formula cells protected).
 * Time O(bytes written); memory O(1) beyond a fixed buffer.
 * @param r     the results.
 * @param path  the file written (replaced).
 * @param opts  the options (cas_csv_write_options_init()); NULL for the
 *              defaults.
 * @param err   receives the error; may be NULL.
 * @return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM or CAS_ERR_IO.
 */
CAS_EXPORT cas_status cas_report_csv_save_with(const cas_reconciliation *r, const char *path,
                                               const cas_csv_write_options *opts,
                                               cas_error *err);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_REPORT_H */
