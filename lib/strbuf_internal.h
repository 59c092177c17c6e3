/* SPDX-License-Identifier: MIT */
/* A growing string buffer (jansson's strbuffer.c idea): the CSV writer and
 * the report printers build their text in one. With a FILE sink it writes
 * itself out whenever CAS__STRBUF_FLUSH bytes are held, so that a large
 * report never sits in memory whole. It writes a CSV field by the one
 * rule for quoting one (csvquote_internal.h). Never installed. */
#ifndef CAS_STRBUF_INTERNAL_H
#define CAS_STRBUF_INTERNAL_H

#include "csvquote_internal.h"
#include "util_internal.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct cas__strbuf {
    char *data;          /* NUL-terminated once anything was put */
    size_t len, cap;
    int failed;          /* out of memory or a write failed: puts do nothing */
    FILE *sink;          /* when set, full buffers are written here */
    int write_failed;    /* a write to @sink failed (and @failed is set) */
} cas__strbuf;

#define CAS__STRBUF_INIT {NULL, 0, 0, 0, NULL, 0}

/* The bytes a buffer with a sink holds before writing them out. */
#define CAS__STRBUF_FLUSH (256u << 10)

/* Room for @n more bytes and a NUL (writing the buffer to its sink first
 * when it would pass CAS__STRBUF_FLUSH): 1, or 0 with @b failed. */
int cas__strbuf_reserve(cas__strbuf *b, size_t n);

/* Append the @n bytes at @s the general way. */
void cas__strbuf_put_slow(cas__strbuf *b, const char *s, size_t n);

/* Append the @n bytes at @s. A CSV report is a few million short pieces:
 * most of them fit in the buffer as it is, and take a copy and nothing
 * else, with no call. */
static inline void cas__strbuf_put(cas__strbuf *b, const char *s, size_t n)
{
    size_t room = b->sink && b->cap > CAS__STRBUF_FLUSH ? CAS__STRBUF_FLUSH : b->cap;

    if (n < 16 && !b->failed && b->len + 17 <= room) {
        for (size_t i = 0; i < n; i++) /* short: no call */
            b->data[b->len + i] = s[i];
        b->len += n;
        b->data[b->len] = '\0';
        return;
    }
    cas__strbuf_put_slow(b, s, n);
}

/* Append the C string @s. */
void cas__strbuf_puts(cas__strbuf *b, const char *s);

/* Append printf's text (at most 511 bytes of it). */
void cas__strbuf_putf(cas__strbuf *b, const char *fmt, ...) CAS__PRINTF(2, 3);

/* Append @n spaces. */
void cas__strbuf_pad(cas__strbuf *b, size_t n);

/* Write @v in decimal, as "%lld" writes it, into the 24 bytes that end at
 * @end: returns where the digits start. */
static inline char *cas__i64_text(char *end, int64_t v)
{
    char *p = end;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    return p;
}

/* Append @v in decimal, as "%lld" writes it. */
static inline void cas__strbuf_put_i64(cas__strbuf *b, int64_t v)
{
    char tmp[24], *p = cas__i64_text(tmp + sizeof tmp, v);

    cas__strbuf_put(b, p, (size_t)(tmp + sizeof tmp - p));
}

/* Append @v in decimal, or nothing when it is @none. */
static inline void cas__strbuf_put_count(cas__strbuf *b, int64_t v, int64_t none)
{
    if (v != none)
        cas__strbuf_put_i64(b, v);
}

/* Append day @d as YYYY-MM-DD (what cas_date_format() writes), or nothing
 * when it is not a day (CAS_DATE_UNKNOWN). */
void cas__strbuf_put_day(cas__strbuf *b, int32_t d);

/* Append the @n bytes at @s quoted (by libcsv, its quotes doubled). */
void cas__strbuf_put_quoted(cas__strbuf *b, const char *s, size_t n);

/* Append the @n bytes at @s as one CSV field, quoted when
 * cas__csv_needs_quotes() says so. */
static inline void cas__strbuf_put_field(cas__strbuf *b, const char *s, size_t n)
{
    if (cas__csv_needs_quotes(s, n))
        cas__strbuf_put_quoted(b, s, n);
    else
        cas__strbuf_put(b, s, n);
}

/* Append the @n bytes at @s as one CSV field, as cas__strbuf_put_field()
 * does, with a leading apostrophe when @protect is set and the field
 * would read as a formula (cas__csv_formula()). */
void cas__strbuf_put_cell(cas__strbuf *b, const char *s, size_t n, int protect);

/* Write what @b holds to its sink: 1, or 0 with @b failed. */
int cas__strbuf_flush(cas__strbuf *b);

#endif
