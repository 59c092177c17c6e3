/**
 * @file casualty/report.h
 * @brief Printing reconciliation results: an aligned plain-text table for
 *        people and CSV for programs, both with provenance (the sources and
 *        claim ids behind every bound).
 *
 * Printers know results; results never know printers. Output is UTF-8 with
 * LF line ends. Open highs print as "open" in the table and as an empty
 * field in CSV; days as YYYY-MM-DD (empty when unknown).
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

#include "casualty/reconcile.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The results as an aligned text table: one line per scope, each followed
 * by indented lines naming the claims behind its bounds and its conflicts.
 * @param out  receives a NUL-terminated string; the caller frees it with
 *             cas_free(). Written only on success.
 * @param len  receives its length without the NUL (may be NULL).
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_report_table(char **out, size_t *len, const cas_reconciliation *r,
                                       cas_error *err);

/**
 * The results as CSV (header line first), fields quoted where needed.
 * @param out  receives a NUL-terminated string; the caller frees it with
 *             cas_free().
 * @param len  receives its length without the NUL (may be NULL).
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_report_csv(char **out, size_t *len, const cas_reconciliation *r,
                                     cas_error *err);

/**
 * Write the table of cas_report_table() to the file @p path (replaced).
 * @return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM or CAS_ERR_IO (the message
 *         names the file and the reason).
 */
CAS_EXPORT cas_status cas_report_table_save(const cas_reconciliation *r, const char *path,
                                            cas_error *err);

/**
 * Write the CSV of cas_report_csv() to the file @p path (replaced).
 * @return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM or CAS_ERR_IO.
 */
CAS_EXPORT cas_status cas_report_csv_save(const cas_reconciliation *r, const char *path,
                                          cas_error *err);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_REPORT_H */
