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
 * @param ledger  the ledger to add to.
 * @param path    the file.
 * @param err     receives the details of a failure, or NULL.
 * @return CAS_OK or the status of the first problem (CAS_ERR_IO,
 *         CAS_ERR_CSV, CAS_ERR_HEADER, CAS_ERR_EMPTY, a validation status,
 *         CAS_ERR_DUPLICATE, CAS_ERR_NOMEM).
 */
CAS_EXPORT cas_status cas_csv_load(cas_ledger *ledger, const char *path,
                                   cas_error *err);

/**
 * As cas_csv_load(), from @p len bytes at @p data; @p name (may be NULL)
 * stands for the file name in messages.
 * @param ledger  the ledger to add to.
 * @param data    the CSV text.
 * @param len     its length in bytes.
 * @param name    the name for messages, or NULL.
 * @param err     receives the details of a failure, or NULL.
 * @return as cas_csv_load().
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
 * @param ledger   the ledger to add the good rows to.
 * @param path     the file.
 * @param err      receives the details of a failure, or NULL.
 * @return CAS_OK when the file could be read, even if rows were rejected.
 */
CAS_EXPORT cas_status cas_csv_load_lenient(cas_ledger *ledger, const char *path,
                                           cas_rejects **rejects, cas_error *err);

/**
 * As cas_csv_load_lenient(), from a buffer.
 * @param ledger   the ledger to add the good rows to.
 * @param data     the CSV text.
 * @param len      its length in bytes.
 * @param name     the name for messages, or NULL.
 * @param rejects  receives a new list (possibly empty) that the caller frees
 *                 with cas_rejects_free(); written only on CAS_OK.
 * @param err      receives the details of a failure, or NULL.
 * @return as cas_csv_load_lenient().
 */
CAS_EXPORT cas_status cas_csv_load_buffer_lenient(cas_ledger *ledger,
                                                  const char *data, size_t len,
                                                  const char *name,
                                                  cas_rejects **rejects,
                                                  cas_error *err);

/**
 * The number of rejected rows (0 for NULL).
 * @param rejects  the list, or NULL.
 * @return the number of rejected rows.
 */
CAS_EXPORT size_t cas_rejects_count(const cas_rejects *rejects);

/**
 * The reason row @p index was rejected, as a full ::cas_error (line,
 * column, field and message).
 * @param rejects  the list.
 * @param index    the row's position in the list, below cas_rejects_count().
 * @param out      caller-owned with `size` set (cas_error_init()); receives the reason.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 */
CAS_EXPORT cas_status cas_rejects_get(const cas_rejects *rejects, size_t index,
                                      cas_error *out);

/**
 * Free a list of rejects. NULL is a no-op.
 * @param rejects  the list, or NULL.
 */
CAS_EXPORT void cas_rejects_free(cas_rejects *rejects);

/**
 * Save every claim of @p ledger, in index order, to @p path (replaced).
 * @param ledger  the ledger.
 * @param path    the file to write.
 * @param err     receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_IO.
 */
CAS_EXPORT cas_status cas_csv_save(const cas_ledger *ledger, const char *path,
                                   cas_error *err);

/**
 * Save to memory.
 * @param out  receives a NUL-terminated buffer that the caller frees with
 *             cas_free().
 * @param len  receives its length without the NUL (may be NULL).
 * @param ledger  the ledger.
 * @param err  receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_csv_save_string(char **out, size_t *len, const cas_ledger *ledger,
                                          cas_error *err);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_CSV_H */
