/* SPDX-License-Identifier: MIT */
/* The growing string buffer and the CSV field quoter (strbuf_internal.h). */
#include "strbuf_internal.h"
#include "alloc_internal.h"

#include <csv.h>
#include <stdarg.h>
#include <string.h>

int cas__strbuf_reserve(cas__strbuf *b, size_t n)
{
    if (b->failed)
        return 0;
    if (b->sink && b->len > 0 && b->len + n + 1 > CAS__STRBUF_FLUSH && !cas__strbuf_flush(b))
        return 0;
    if (n >= SIZE_MAX - b->len || !cas__grow((void **)&b->data, &b->cap, b->len + n + 1, 1, 4096))
        b->failed = 1;
    return !b->failed;
}

int cas__strbuf_flush(cas__strbuf *b)
{
    if (b->failed)
        return 0;
    if (b->sink && b->len > 0) {
        if (fwrite(b->data, 1, b->len, b->sink) != b->len) {
            b->failed = b->write_failed = 1;
            return 0;
        }
        b->len = 0;
    }
    return 1;
}

void cas__strbuf_put_slow(cas__strbuf *b, const char *s, size_t n)
{
    if (!cas__strbuf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void cas__strbuf_puts(cas__strbuf *b, const char *s)
{
    cas__strbuf_put(b, s, strlen(s));
}

void cas__strbuf_putf(cas__strbuf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    cas__strbuf_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void cas__strbuf_pad(cas__strbuf *b, size_t n)
{
    while (n--)
        cas__strbuf_put(b, " ", 1);
}

/* ---- days and CSV fields ---- */

static void put_digits(char *p, int32_t v, int n)
{
    while (n--) {
        p[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

void cas__strbuf_put_day(cas__strbuf *b, int32_t d)
{
    int32_t y, m, dd;
    char t[10];

    if (d == CAS_DATE_UNKNOWN || cas_date_to_ymd(&y, &m, &dd, d) != CAS_OK)
        return;
    put_digits(t, y, 4); /* cas_date_to_ymd gives years 1 to 9999 */
    t[4] = '-';
    put_digits(t + 5, m, 2);
    t[7] = '-';
    put_digits(t + 8, dd, 2);
    cas__strbuf_put(b, t, sizeof t);
}

void cas__strbuf_put_cell(cas__strbuf *b, const char *s, size_t n, int protect)
{
    if (!protect || !cas__csv_formula(s, n)) {
        cas__strbuf_put_field(b, s, n);
        return;
    }
    if (!cas__csv_needs_quotes(s, n)) {
        cas__strbuf_put(b, "'", 1);
        cas__strbuf_put(b, s, n);
        return;
    }
    /* "'..." with the quotes of @s doubled */
    cas__strbuf_put(b, "\"'", 2);
    for (const char *q; n && (q = memchr(s, '"', n)) != NULL;) {
        size_t k = (size_t)(q - s) + 1;
        cas__strbuf_put(b, s, k);
        cas__strbuf_put(b, "\"", 1);
        s += k;
        n -= k;
    }
    cas__strbuf_put(b, s, n);
    cas__strbuf_put(b, "\"", 1);
}

void cas__strbuf_put_quoted(cas__strbuf *b, const char *s, size_t n)
{
    /* libcsv quotes the field and doubles its quotes: at most 2n + 2 bytes. */
    if (n > (SIZE_MAX - 3) / 2 || !cas__strbuf_reserve(b, 2 * n + 2)) {
        b->failed = 1;
        return;
    }
    b->len += csv_write(b->data + b->len, 2 * n + 2, s, n);
    b->data[b->len] = '\0';
}
