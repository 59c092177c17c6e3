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
 * Complexity: O(b + n log n) time for b bytes and n rows (the revision groups sorted once);
 *   O(b + n) memory.
 */
CAS_EXPORT cas_status cas_csv_load(cas_ledger *ledger, const char *path,
                                   cas_error *err);

/**
 * As cas_csv_load(), from @p len bytes at @p data; @p name (may be NULL)
 * stands for the file name in messages.
 * Complexity: O(b + n log n) time for b bytes and n rows; O(n) memory beyond the buffer.
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
 * Complexity: O(b + n log n) time for b bytes and n rows; O(b + n) memory, of which about 850
 *   bytes for each of the first 1,000 rejected rows and 24 bytes for each later one.
 */
CAS_EXPORT cas_status cas_csv_load_lenient(cas_ledger *ledger, const char *path,
                                           cas_rejects **rejects, cas_error *err);

/**
 * As cas_csv_load_lenient(), from a buffer.
 * Complexity: O(b + n log n) time for b bytes and n rows; O(n) memory beyond the buffer, 24
 *   bytes a rejected row past the first 1,000.
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
 * Complexity: O(1) time and memory.
 * @param rejects  the list, or NULL.
 * @return the number of rejected rows.
 */
CAS_EXPORT size_t cas_rejects_count(const cas_rejects *rejects);

/**
 * The reason row @p index was rejected, as a ::cas_error (line, column,
 * field and message). The first 1,000 rejected rows of a load keep their
 * full message; later ones keep line, column, field and status (24 bytes a
 * row, so a file of bad rows costs little memory), and their message names
 * the status instead of the bad value. The count is always exact.
 * @param rejects  the list.
 * @param index    the row's position in the list, below cas_rejects_count().
 * @param out      caller-owned with `size` set (cas_error_init()); receives the reason.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time and memory.
 */
CAS_EXPORT cas_status cas_rejects_get(const cas_rejects *rejects, size_t index,
                                      cas_error *out);

/**
 * Free a list of rejects. NULL is a no-op.
 * Complexity: O(1) time; all its memory returned.
 * @param rejects  the list, or NULL.
 */
CAS_EXPORT void cas_rejects_free(cas_rejects *rejects);

/**
 * Save every claim of @p ledger, in index order, to @p path (replaced).
 * @param ledger  the ledger.
 * @param path    the file to write.
 * @param err     receives the details of a failure, or NULL.
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
 * @param ledger  the ledger.
 * @param err  receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_csv_save_string(char **out, size_t *len, const cas_ledger *ledger,
                                          cas_error *err);

/**
 * How a CSV is written (cas_csv_save_with(), cas_report_csv_with()).
 * Initialise with cas_csv_write_options_init(): every member then has its
 * default.
 */
typedef struct cas_csv_write_options {
    uint32_t size;            /**< set by cas_csv_write_options_init() */
    int32_t protect_formulas; /**< nonzero: a cell that starts with '=', '+',
                                   '-', '@', a tab or a carriage return, and
                                   is not a plain number such as -5, gets a
                                   leading apostrophe, so that a spreadsheet
                                   shows it as text instead of running it
                                   as a formula (docs/csv.md, "Formula
                                   injection"). 0 (the default): every cell
                                   is written as it is, and loading the file
                                   gives back the same text */
} cas_csv_write_options;

/**
 * Set @p opts's size and give every option its default (nothing
 * protected).
 * @param opts  the struct; NULL is a no-op.
 * @param size  `sizeof *opts` as the caller's headers have it: cas_csv_write_options_init() passes it.
 */
CAS_EXPORT void cas_csv_write_options_init_size(cas_csv_write_options *opts, size_t size);
/**
 * cas_csv_write_options_init_size() with the caller's own `sizeof *opts`.
 * @param opts  the struct; NULL is a no-op.
 */
static inline void cas_csv_write_options_init(cas_csv_write_options *opts)
{
    cas_csv_write_options_init_size(opts, sizeof *opts);
}

/**
 * cas_csv_save() written as @p opts says.
 * Time O(bytes written); memory O(bytes written).
 * @param ledger  the claims.
 * @param path    the file written (replaced).
 * @param opts    the options (cas_csv_write_options_init()); NULL for the
 *                defaults.
 * @param err     receives the error; may be NULL.
 * @return CAS_OK, CAS_ERR_ARG (NULL ledger or path, or @p opts with no
 *         size set), CAS_ERR_NOMEM or CAS_ERR_IO.
 */
CAS_EXPORT cas_status cas_csv_save_with(const cas_ledger *ledger, const char *path,
                                        const cas_csv_write_options *opts, cas_error *err);

/**
 * cas_csv_save_string() written as @p opts says.
 * Time O(bytes written); memory O(bytes written).
 * @param out     receives a NUL-terminated buffer that the caller frees
 *                with cas_free().
 * @param len     receives its length without the NUL (may be NULL).
 * @param ledger  the claims.
 * @param opts    the options (cas_csv_write_options_init()); NULL for the
 *                defaults.
 * @param err     receives the error; may be NULL.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 */
CAS_EXPORT cas_status cas_csv_save_string_with(char **out, size_t *len, const cas_ledger *ledger,
                                               const cas_csv_write_options *opts,
                                               cas_error *err);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_CSV_H */
