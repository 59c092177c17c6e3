/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/import.h
 * @brief Reading the field's datasets as claims: UCDP GED, UCDP battle
 *        deaths and PRIO, ACLED, IBC, the TechForPalestine daily series,
 *        Wikipedia infoboxes, and any other CSV through a mapping file.
 *
 * One entry point takes the name of a format and appends the claims it
 * reads to a ledger, all or nothing, as cas_csv_load() does: on any error
 * the ledger is left exactly as it was, and the ::cas_error names the
 * file, line, column and the dataset's own column. docs/real-data.md gives
 * the mapping of each format (which column becomes which part of a claim)
 * and what reading the real files shows.
 */
#ifndef CASUALTY_IMPORT_H
#define CASUALTY_IMPORT_H

#include "casualty/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The text encoding of an input. Stable numbers. */
typedef enum cas_encoding {
    CAS_ENCODING_UTF8 = 0,   /**< UTF-8 (invalid bytes in a claim are an error) */
    CAS_ENCODING_LATIN1 = 1, /**< ISO-8859-1, converted to UTF-8 */
    CAS_ENCODING_CP1252 = 2  /**< Windows-1252, converted to UTF-8 */
} cas_encoding;

/**
 * Options of an import. Initialise with cas_import_options_init(): every
 * member then means "the format's default". The strings are borrowed for
 * the call.
 */
typedef struct cas_import_options {
    uint32_t size;          /**< set by cas_import_options_init() */
    int32_t delimiter;      /**< the field separator (',', ';', '\\t'), or 0
                                 for the format's (PRIO and UCDP battle deaths:
                                 ';' when the header has one and no ',') */
    int32_t encoding;       /**< a ::cas_encoding, or -1 for the format's
                                 (UTF-8 for all); UTF-8 is checked in the
                                 text that goes into claims, so a column no
                                 claim takes may hold any bytes */
    const char *na;         /**< comma-separated codes that mean "missing"
                                 (e.g. "NA,-999"), replacing the format's;
                                 NULL for the format's; an empty field is
                                 always missing */
    const char *source;     /**< the claims' source, replacing the format's
                                 (e.g. "UCDP GED 19.1"), or NULL */
    const char *mapping;    /**< for the format "mapping": the path of the
                                 mapping file (docs/real-data.md, "Any other
                                 CSV"); NULL otherwise */
    int32_t groups;         /**< for the format "tfp": 1 to import, besides
                                 each report's killed, its children killed
                                 (killed_children_cum, group
                                 civilians/children) and women killed
                                 (killed_women_cum, civilians/women) where
                                 the series has them; 0 (the default) for the
                                 killed alone */
} cas_import_options;

/**
 * Set @p opts's size and make every option the format's default.
 * @param opts  the struct; NULL is a no-op.
 * @param size  `sizeof *opts` as the caller's headers have it: cas_import_options_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_import_options_init_size(cas_import_options *opts, size_t size);
/**
 * cas_import_options_init_size() with the caller's own `sizeof *opts`.
 * @param opts  the struct; NULL is a no-op.
 */
static inline void cas_import_options_init(cas_import_options *opts)
{
    cas_import_options_init_size(opts, sizeof *opts);
}

/**
 * The name of format @p index ("ucdp-ged", "ucdp-brd", "prio", "acled",
 * "ibc", "tfp", "infobox", "mapping"), for listing them.
 * @param index  0 for the first format, 1 for the next, ...
 * @return a static string, or NULL when @p index is past the last format.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT const char *cas_import_format_name(size_t index);

/**
 * Read the file @p path in the format @p format and append its claims to
 * @p ledger, all of them or none.
 * @param ledger  the ledger to append to; claim ids must be new to it.
 * @param format  a name cas_import_format_name() gives.
 * @param path    the file ("-" is not special here: pass stdin's bytes to
 *                cas_import_buffer()).
 * @param opts    the options, or NULL for the format's defaults.
 * @param err     receives the first problem: file:line:column, the
 *                dataset's column as the field, and what was expected.
 * @return CAS_OK, CAS_ERR_ARG (NULL ledger or path, unknown format, bad
 *         options), CAS_ERR_IO, CAS_ERR_CSV, CAS_ERR_HEADER (a column the
 *         format needs is missing), CAS_ERR_ENCODING, CAS_ERR_EMPTY, a
 *         row's status (CAS_ERR_NUMBER, CAS_ERR_DATE, CAS_ERR_RANGE, ...),
 *         CAS_ERR_DUPLICATE or CAS_ERR_NOMEM.
 * Complexity: O(b + n log n) time for b bytes read and n claims made; O(b + n) memory.
 */
CAS_EXPORT cas_status cas_import(cas_ledger *ledger, const char *format, const char *path,
                                 const cas_import_options *opts, cas_error *err);

/**
 * As cas_import(), from the @p len bytes at @p data; @p name (may be NULL)
 * stands for the file name in messages.
 * Complexity: O(b + n log n) time for b bytes and n claims made; O(n) memory beyond the
 *   buffer.
 * @param ledger  the ledger to append to; claim ids must be new to it.
 * @param format  a name cas_import_format_name() gives.
 * @param data    the file's bytes.
 * @param len     their length.
 * @param name    the name for messages, or NULL.
 * @param opts    the options, or NULL for the format's defaults.
 * @param err     receives the first problem, as for cas_import().
 * @return as cas_import().
 */
CAS_EXPORT cas_status cas_import_buffer(cas_ledger *ledger, const char *format,
                                        const char *data, size_t len, const char *name,
                                        const cas_import_options *opts, cas_error *err);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_IMPORT_H */
