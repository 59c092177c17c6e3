/* SPDX-License-Identifier: MIT */
/* Internal helpers shared by the library's modules, one section per
 * room (error.c, utf8.c, date.c, common.c, grow.c). Never installed. */
#ifndef CAS_UTIL_INTERNAL_H
#define CAS_UTIL_INTERNAL_H

#include "config.h"
#include "casualty/common.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define CAS__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CAS__PRINTF(f, a)
#endif

/* ---- error.c ---- */

/* Fill @err (if not NULL) with @status, the field name and a formatted
 * message; returns @status so callers can `return cas__fail(...)`. Line,
 * column and file are left as they are: set them with cas__error_where(). */
cas_status cas__fail(cas_error *err, cas_status status, const char *field,
                     const char *fmt, ...) CAS__PRINTF(4, 5);

/* Set where an error happened, and prefix the message with
 * "file:line:column: " (parts that are unknown are left out). */
void cas__error_where(cas_error *err, const char *file, int64_t line,
                      int64_t column);

/* Copy @src into @err: the fields that fit in both structs' sizes. */
void cas__error_copy(cas_error *dst, const cas_error *src);

/* Write at most @size - 1 bytes of @s (of length @len) into @buf for use
 * in a message: valid UTF-8 as it is, except that invisible characters
 * (C1 controls, zero-width and bidi marks, U+FEFF, U+FFFE, U+FFFF) show
 * as \uXXXX; control bytes and bytes that are not UTF-8 as \xNN; a
 * backslash doubled; a long value cut with "..." (never inside a
 * character). */
void cas__quote_excerpt(char *buf, size_t size, const char *s, size_t len);

/* ---- utf8.c ---- */

/* The offset of the first byte of the first sequence in the @len bytes at
 * @s that is not UTF-8 (overlongs, surrogates and code points above
 * U+10FFFF are not), or @len when there is none. */
size_t cas__utf8_first_bad(const char *s, size_t len);

/* Non-zero when the @len bytes at @s are valid UTF-8. */
int cas__utf8_valid(const char *s, size_t len);

/* ---- date.c ---- */

/* The days in month @m (1 to 12) of year @y, leap years counted. */
int32_t cas__month_length(int32_t y, int32_t m);

/* ---- common.c ---- */

/* Parse a whole decimal number >= 0 (digits only, optional leading '+'
 * not allowed) into @out. Returns CAS_OK, CAS_ERR_NUMBER or
 * CAS_ERR_OVERFLOW. */
cas_status cas__parse_count(int64_t *out, const char *s, size_t len);

/* ---- grow.c ---- */

/* Make the array at *@p (of *@cap elements of @size bytes) hold at least
 * @need, doubling from @first: 1 on success (*@p and *@cap updated), 0
 * when out of memory or the size would overflow (then nothing changed). */
int cas__grow(void **p, size_t *cap, size_t need, size_t size, size_t first);

#endif
