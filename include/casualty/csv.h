/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/csv.h
 * @brief Loading and saving a ledger as CSV (the schema is in docs/csv.md).
 *
 * Reading and writing go through libcsv. Input may use LF or CRLF line
 * ends; fields may hold quotes, commas and newlines. Output is UTF-8 with
 * LF line ends, the columns in the order of docs/csv.md, and fields quoted
 * only when they need it, so that save -> load -> save gives the same bytes.
 */
#ifndef CASUALTY_CSV_H
#define CASUALTY_CSV_H

#include "casualty/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Load every row of the CSV file @p path into @p ledger, or none: on any
 * error the ledger is left exactly as it was, and @p err names the file,
 * line, column, field and what was expected.
 * @return CAS_OK or the status of the first problem (CAS_ERR_IO,
 *         CAS_ERR_CSV, CAS_ERR_HEADER, CAS_ERR_EMPTY, a validation status,
 *         CAS_ERR_DUPLICATE, CAS_ERR_NOMEM).
 * Complexity: O(b + n log n) time for b bytes and n rows (the revision groups sorted once);
 *   O(b + n) memory.
 */
CAS_EXPORT cas_status cas_csv_load(cas_ledger *ledger, const char *path,
                                   cas_error *err);

/**
 * As cas_csv_load(), from @p len bytes at @p data; @p name (may be NULL)
 * stands for the file name in messages.
 * Complexity: O(b + n log n) time for b bytes and n rows; O(n) memory beyond the buffer.
 */
CAS_EXPORT cas_status cas_csv_load_buffer(cas_ledger *ledger, const char *data,
                                          size_t len, const char *name,
                                          cas_error *err);

/** Rows that a lenient load rejected, each with its reason. */
typedef struct cas_rejects cas_rejects;

/**
 * Load the good rows of @p path and set the bad ones aside. Problems with
 * the file as a whole (it cannot be read, its header is wrong, its CSV is
 * malformed, it is empty) still fail the whole load and add nothing.
 * @param rejects  receives a new list (possibly empty) that the caller frees
 *                 with cas_rejects_free(); written only on CAS_OK.
 * @return CAS_OK when the file could be read, even if rows were rejected.
 * Complexity: O(b + n log n) time for b bytes and n rows; O(b + n) memory, of which about 850
 *   bytes for each of the first 1,000 rejected rows and 24 bytes for each later one.
 */
CAS_EXPORT cas_status cas_csv_load_lenient(cas_ledger *ledger, const char *path,
                                           cas_rejects **rejects, cas_error *err);

/**
 * As cas_csv_load_lenient(), from a buffer.
 * Complexity: O(b + n log n) time for b bytes and n rows; O(n) memory beyond the buffer, 24
 *   bytes a rejected row past the first 1,000.
 */
CAS_EXPORT cas_status cas_csv_load_buffer_lenient(cas_ledger *ledger,
                                                  const char *data, size_t len,
                                                  const char *name,
                                                  cas_rejects **rejects,
                                                  cas_error *err);

/**
 * The number of rejected rows (0 for NULL).
 * Complexity: O(1) time and memory.
 */
CAS_EXPORT size_t cas_rejects_count(const cas_rejects *rejects);

/**
 * The reason row @p index was rejected, as a ::cas_error (line, column,
 * field and message). The first 1,000 rejected rows of a load keep their
 * full message; later ones keep line, column, field and status (24 bytes a
 * row, so a file of bad rows costs little memory), and their message names
 * the status instead of the bad value. The count is always exact.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time and memory.
 */
CAS_EXPORT cas_status cas_rejects_get(const cas_rejects *rejects, size_t index,
                                      cas_error *out);

/**
 * Free a list of rejects. NULL is a no-op.
 * Complexity: O(1) time; all its memory returned.
 */
CAS_EXPORT void cas_rejects_free(cas_rejects *rejects);

/**
 * Save every claim of @p ledger, in index order, to @p path (replaced).
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_IO.
 * Complexity: O(n + b) time for n claims and b bytes written; O(1) memory beyond a line.
 */
CAS_EXPORT cas_status cas_csv_save(const cas_ledger *ledger, const char *path,
                                   cas_error *err);

/**
 * Save to memory.
 * @param out  receives a NUL-terminated buffer that the caller frees with
 *             cas_free().
 * @param len  receives its length without the NUL (may be NULL).
 * Complexity: O(n + b) time for n claims and b bytes written; O(b) memory (the string).
 */
CAS_EXPORT cas_status cas_csv_save_string(char **out, size_t *len, const cas_ledger *ledger,
                                          cas_error *err);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_CSV_H */
