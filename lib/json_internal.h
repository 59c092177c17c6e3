/* SPDX-License-Identifier: MIT */
/* The library's JSON writer (jsonl.c) and its locale-independent numbers
 * (real.c). Never installed.
 *
 * A record is built in a cas__strbuf with a cas__json, which tracks
 * whether a comma is due at each level of nesting; strings are escaped as
 * RFC 8259 asks (a quote and a backslash escaped, control characters as
 * \uXXXX or their short forms) and more: invalid UTF-8 becomes U+FFFD, and
 * U+2028 and U+2029, which JavaScript once took for line ends, are
 * escaped. Output is ASCII-safe for a line-by-line reader: no raw control
 * character, so no raw newline, is ever written inside a record. */
#ifndef CAS_JSON_INTERNAL_H
#define CAS_JSON_INTERNAL_H

#include "strbuf_internal.h"
#include "casualty/common.h"

#include <stddef.h>
#include <stdint.h>

#define CAS__JSON_MAX_DEPTH 8

typedef struct cas__json {
    cas__strbuf *b;
    int depth;
    unsigned char first[CAS__JSON_MAX_DEPTH]; /* no member written yet */
} cas__json;

void cas__json_init(cas__json *j, cas__strbuf *b);

/* "..." with @n bytes of @s escaped; @s may be NULL for n == 0. */
void cas__json_put_string(cas__strbuf *b, const char *s, size_t n);

/* Members of the current object: the key and its value. A NULL string,
 * a count equal to @none and a day unknown (CAS_DATE_UNKNOWN) are null;
 * a real that is not finite is null. */
void cas__json_key(cas__json *j, const char *key);
void cas__json_str(cas__json *j, const char *key, const char *s);
void cas__json_strn(cas__json *j, const char *key, const char *s, size_t n);
void cas__json_str_or_null(cas__json *j, const char *key, const char *s); /* "" too is null */
void cas__json_int(cas__json *j, const char *key, int64_t v);
void cas__json_count(cas__json *j, const char *key, int64_t v, int64_t none);
void cas__json_day(cas__json *j, const char *key, int32_t day);
void cas__json_real(cas__json *j, const char *key, double v);
void cas__json_bool(cas__json *j, const char *key, int v);
void cas__json_null(cas__json *j, const char *key);

/* Open and close an object or array: as a member value when @key is
 * set, else as the next element of the enclosing array (or the top). */
void cas__json_open(cas__json *j, const char *key, char bracket);
void cas__json_close(cas__json *j, char bracket);

/* The shortest text of @v (in "%.*g" style, at most 17 digits) that reads
 * back as @v, with a '.' for the decimal point whatever the locale; "null"
 * when @v is not finite. Returns the length (< size). */
size_t cas__real_json(char *buf, size_t size, double v);

/* @v with @decimals digits after the point ("%.*f"), the decimal point a
 * '.' whatever LC_NUMERIC says. Returns the length written. */
size_t cas__real_text(char *buf, size_t size, double v, int decimals);

/* As snprintf(buf, size, fmt, v) for a format @fmt with exactly one
 * conversion of a double (like "%g", "%.10g", "%.2f"), the decimal point
 * a '.' whatever LC_NUMERIC says. */
size_t cas__real_fmt(char *buf, size_t size, const char *fmt, double v);

/* Build JSON Lines with @fn from @obj into a NUL-terminated string that
 * the caller frees with cas_free() (to_string), or into the file @path,
 * replaced (to_file). @what names @obj in the message when it is NULL. */
typedef cas_status (*cas__json_builder)(cas__strbuf *b, const void *obj);
cas_status cas__json_to_string(cas__json_builder fn, const void *obj, const char *what, char **out,
                               size_t *len, cas_error *err);
cas_status cas__json_to_file(cas__json_builder fn, const void *obj, const char *what,
                             const char *path, cas_error *err);

#endif
