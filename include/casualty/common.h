/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/common.h
 * @brief Status codes, error details, versions, dates and the conventions
 *        shared by every libcasualty module.
 *
 * Conventions that hold across the whole API:
 * - Functions that can fail return a ::cas_status; 0 (::CAS_OK) is success.
 *   Status numbers are stable and only ever appended to.
 * - Where the parameters go:
 *   - a function that makes or computes something takes its out-parameters
 *     first: `cas_ledger_new(&ledger)`, `cas_reconcile_ledger(&result,
 *     ledger, ...)`, `cas_date_to_ymd(&y, &m, &d, day)`,
 *     `cas_csv_save_string(&text, &len, ledger, err)`;
 *   - a function that reads part of a handle or changes a handle takes that
 *     handle first, then what picks the part, then the out-parameters:
 *     `cas_ledger_get(ledger, index, &claim)`, `cas_ledger_add(ledger,
 *     &claim, err)`, `cas_reconciliation_conflict(result, index, k, &c)`;
 *   - the optional ::cas_error comes last.
 *   Out-parameters are written only on success.
 * - A struct that crosses the ABI starts with `uint32_t size`. Its `_init`
 *   (an inline function that passes the caller's `sizeof`) sets it; the
 *   library accepts any size from the first release's up and touches only
 *   the bytes that size covers, so structs can grow at their end
 *   (docs/versioning.md).
 * - `cas_x_free(NULL)` is always a no-op.
 * - Strings are UTF-8 and NUL-terminated. A `const char *` returned by the
 *   library is *borrowed*: the documentation of each function says how long
 *   it lives; never free it.
 * - Counts are `int64_t`. ::CAS_OPEN (-1) in an upper bound means "no upper
 *   bound"; ::CAS_NONE (-1) in a best estimate means "no point estimate".
 * - Days are `int32_t` numbers of days since 1970-01-01 (proleptic
 *   Gregorian); ::CAS_DATE_UNKNOWN means the day is not known.
 * - Nothing is ever printed to stdout or stderr, and bad input never aborts.
 * - Threads: there is no global mutable state, so independent handles may
 *   be used from different threads at the same time. Any number of threads
 *   may also read one handle at once (one ledger, one reconciliation, ...)
 *   through the functions that take it `const`: those never write to it.
 *   A function that changes a handle (cas_ledger_add(), the CSV loads into
 *   a ledger, the `_free` functions, ...) must not run while any other
 *   thread uses that handle, or anything made from it that borrows from it;
 *   that is the caller's lock to hold.
 */
#ifndef CASUALTY_COMMON_H
#define CASUALTY_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Marks a declaration as part of the exported ABI. */
#if defined(CAS_BUILDING_LIBRARY) && defined(__GNUC__)
#define CAS_EXPORT __attribute__((visibility("default")))
#else
#define CAS_EXPORT
#endif

/** Compile-time version of the headers: the major number. */
#define CAS_VERSION_MAJOR 0
/** Compile-time version of the headers: the minor number. */
#define CAS_VERSION_MINOR 1
/** Compile-time version of the headers: the patch number. */
#define CAS_VERSION_PATCH 0
/** The header version as one number: major * 10000 + minor * 100 + patch. */
#define CAS_VERSION_NUMBER \
    (CAS_VERSION_MAJOR * 10000 + CAS_VERSION_MINOR * 100 + CAS_VERSION_PATCH)

/** An upper bound that is open: "at least N" has `high == CAS_OPEN`. */
#define CAS_OPEN ((int64_t)-1)
/** No point estimate. */
#define CAS_NONE ((int64_t)-1)
/** A day that is not known. */
#define CAS_DATE_UNKNOWN INT32_MIN

/**
 * Status codes. Stable numbers: new codes are only appended.
 */
typedef enum cas_status {
    CAS_OK = 0,               /**< success */
    CAS_ERR_NOMEM = 1,        /**< out of memory */
    CAS_ERR_ARG = 2,          /**< a bad argument (NULL, wrong struct size) */
    CAS_ERR_IO = 3,           /**< a file could not be opened, read or written */
    CAS_ERR_CSV = 4,          /**< malformed CSV (e.g. an unterminated quote) */
    CAS_ERR_HEADER = 5,       /**< missing, unknown or repeated CSV column */
    CAS_ERR_NUMBER = 6,       /**< a count that is not a whole number */
    CAS_ERR_OVERFLOW = 7,     /**< a count or a sum that does not fit in 64 bits */
    CAS_ERR_DATE = 8,         /**< not a real calendar date, or start after end */
    CAS_ERR_RANGE = 9,        /**< low > high, best outside [low, high], negative */
    CAS_ERR_PATH = 10,        /**< a malformed group, perpetrator or place path */
    CAS_ERR_MISSING = 11,     /**< a required field is empty */
    CAS_ERR_DUPLICATE = 12,   /**< a claim id that is already in the ledger */
    CAS_ERR_NOT_FOUND = 13,   /**< no such claim, scope or entry */
    CAS_ERR_EMPTY = 14,       /**< empty input where data was expected */
    CAS_ERR_VALUE = 15,       /**< a word that is not one of the allowed values */
    CAS_ERR_TOO_LONG = 16,    /**< a field longer than ::CAS_FIELD_MAX bytes */
    CAS_ERR_ENCODING = 17,    /**< text that is not valid UTF-8 */
    CAS_ERR_OVERLAP = 18,     /**< summing scopes that overlap (double counting) */
    CAS_ERR_CONFLICT = 19,    /**< bounds that cannot all hold */
    CAS_ERR_PARSE = 20,       /**< text that could not be parsed */
    CAS_ERR_NO_ESTIMATE = 21, /**< an estimate that does not exist or is not identifiable */
    CAS_ERR_NOT_CONVERGED = 22,/**< an iterative fit that did not converge */
    CAS_ERR_DIVERGED = 23,    /**< a fit that runs off to infinity: the
                                   maximum-likelihood estimate does not exist */
    CAS_ERR_SATURATED = 24    /**< a saturated model (no degrees of freedom
                                   left), whose fit cannot be checked */
} cas_status;

/** The longest field the library accepts, in bytes (64 KiB). */
#define CAS_FIELD_MAX 65536

/**
 * Where and why something failed. The caller owns the struct (usually on
 * the stack) and passes its address to functions that take one; a NULL
 * pointer is allowed where the caller does not want details.
 *
 * Initialise it with cas_error_init() (which sets @ref size). The library
 * only writes the fields that fit in @ref size, so the struct can grow in
 * later versions without breaking older callers.
 */
typedef struct cas_error {
    uint32_t size;       /**< set by cas_error_init(): sizeof(cas_error) */
    int32_t status;      /**< a ::cas_status; CAS_OK when nothing failed */
    int64_t line;        /**< 1-based line in the input, 0 when not applicable */
    int64_t column;      /**< 1-based column (CSV field number, or byte in a
                              line of text), 0 when not applicable */
    char field[64];      /**< the field's name (e.g. "low"), or "" */
    char file[256];      /**< the file's name as given, or "" */
    char message[512];   /**< one readable sentence naming what and where,
                              e.g. "claims.csv:4:14: field 'low': expected a
                              whole number >= 0, got 'abc'" */
} cas_error;

/**
 * Initialise @p err: sets `size`, clears every other field.
 * @param err  the struct; NULL is a no-op.
 * @param size  `sizeof *err` as the caller's headers have it: cas_error_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_error_init_size(cas_error *err, size_t size);
/**
 * cas_error_init_size() with the caller's own `sizeof *err`.
 * @param err  the struct; NULL is a no-op.
 */
static inline void cas_error_init(cas_error *err)
{
    cas_error_init_size(err, sizeof *err);
}

/**
 * A static English description of @p status ("out of memory", ...).
 * @param status  a ::cas_status.
 * @return a string that lives for the whole program; never NULL (unknown
 *         codes give "unknown status").
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT const char *cas_strerror(int status);

/**
 * The runtime version as one number (major * 10000 + minor * 100 + patch),
 * to compare with ::CAS_VERSION_NUMBER.
 * Complexity: O(1) time, no memory.
 * @return the version number, e.g. 100 for 0.1.0.
 */
CAS_EXPORT int32_t cas_version(void);

/**
 * The runtime version as a static string, e.g. "0.1.0".
 * Complexity: O(1) time, no memory.
 * @return a string that lives for the whole program.
 */
CAS_EXPORT const char *cas_version_string(void);

/**
 * The day number of a calendar date.
 * @param out    receives the days since 1970-01-01.
 * @param year   1 to 9999.
 * @param month  1 to 12.
 * @param day    1 to the length of the month (leap years counted).
 * @return CAS_OK, CAS_ERR_ARG when @p out is NULL, or CAS_ERR_DATE when the
 *         date does not exist (e.g. 2025-02-29).
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT cas_status cas_date_from_ymd(int32_t *out, int32_t year,
                                        int32_t month, int32_t day);

/**
 * The calendar date of a day number.
 * @param year   receives 1 to 9999.
 * @param month  receives 1 to 12.
 * @param day    receives the day of the month.
 * @param days   the day number.
 * @return CAS_OK, CAS_ERR_ARG for a NULL pointer, or CAS_ERR_DATE when @p days
 *         is ::CAS_DATE_UNKNOWN or outside years 1 to 9999. Nothing is
 *         written on failure.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT cas_status cas_date_to_ymd(int32_t *year, int32_t *month, int32_t *day,
                                      int32_t days);

/**
 * Parse an ISO 8601 calendar date `YYYY-MM-DD` (exactly ten bytes).
 * @param out   receives the day number.
 * @param text  the date; need not be NUL-terminated after @p len bytes.
 * @param len   its length in bytes.
 * @return CAS_OK, CAS_ERR_ARG, or CAS_ERR_DATE when the text is not of that
 *         form or names a day that does not exist.
 * Complexity: O(1) time and memory.
 */
CAS_EXPORT cas_status cas_date_parse(int32_t *out, const char *text, size_t len);

/**
 * Write @p days as `YYYY-MM-DD` plus a NUL into @p buf (at least 11 bytes).
 * @param buf   receives the date.
 * @param size  the size of @p buf in bytes.
 * @param days  the day number.
 * @return CAS_OK, CAS_ERR_ARG when @p buf is NULL or @p size < 11, or
 *         CAS_ERR_DATE for an unknown or out-of-range day.
 * Complexity: O(1) time and memory.
 */
CAS_EXPORT cas_status cas_date_format(char *buf, size_t size, int32_t days);

/**
 * Free memory that the library allocated for the caller (the text of
 * cas_csv_save_string() and the cas_report_* printers). NULL is a no-op.
 * Complexity: O(1) time.
 * @param ptr  the memory, or NULL.
 */
CAS_EXPORT void cas_free(void *ptr);

/* Constants as functions, for bindings that cannot read a #define (ctypes,
 * cffi's ABI mode, R's .Call): each returns the macro of its name. */

/**
 * ::CAS_OPEN, the upper bound that means "no upper bound".
 * Complexity: O(1) time, no memory.
 * @return -1.
 */
CAS_EXPORT int64_t cas_open(void);
/**
 * ::CAS_NONE, the best estimate that means "no point estimate".
 * Complexity: O(1) time, no memory.
 * @return -1.
 */
CAS_EXPORT int64_t cas_none(void);
/**
 * ::CAS_DATE_UNKNOWN, the day that is not known.
 * Complexity: O(1) time, no memory.
 * @return INT32_MIN.
 */
CAS_EXPORT int32_t cas_date_unknown(void);
/**
 * ::CAS_FIELD_MAX, the longest field the library accepts, in bytes.
 * Complexity: O(1) time, no memory.
 * @return 65536.
 */
CAS_EXPORT size_t cas_field_max(void);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_COMMON_H */
