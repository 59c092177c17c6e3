/* SPDX-License-Identifier: MIT */
/* The one rule for quoting a CSV field, by itself: static inline and
 * needing nothing else of the library, so that the string buffer
 * (strbuf_internal.h) and the example programs' CSV tables (which include
 * this header, not the library) quote alike. Never installed. */
#ifndef CAS_CSVQUOTE_INTERNAL_H
#define CAS_CSVQUOTE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define CAS__ONES 0x0101010101010101ull
#define CAS__HIGHS 0x8080808080808080ull

/* Whether the 8 bytes @w hold @c (exactly: a borrow only ever marks a byte
 * above one that does). */
static inline int cas__has_byte(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (CAS__ONES * c);
    return ((x - CAS__ONES) & ~x & CAS__HIGHS) != 0;
}

/* Whether a CSV field of the @n bytes at @s must be quoted so that it
 * reads back as it is: it holds a ',', a '"', a CR or a LF, or starts or
 * ends with a space or a tab (which a reader trims from unquoted fields).
 * Eight bytes at a time: most fields need no quotes, and are read whole. */
static inline int cas__csv_needs_quotes(const char *s, size_t n)
{
    size_t i = 0;

    if (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        return 1;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, sizeof w);
        if (cas__has_byte(w, ',') || cas__has_byte(w, '"') || cas__has_byte(w, '\n') ||
            cas__has_byte(w, '\r'))
            return 1;
    }
    for (; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            return 1;
    return 0;
}

/* Whether a CSV cell of the @n bytes at @s would be taken by a spreadsheet
 * as a formula (OWASP's "CSV injection"): it starts with '=', '+', '-',
 * '@', a tab or a carriage return, and is not a plain number ("-5",
 * "+1.25", which a spreadsheet reads as the number it is). Such a cell is
 * written with a leading apostrophe when formulas are protected
 * (docs/csv.md, "Formula injection"). */
static inline int cas__csv_formula(const char *s, size_t n)
{
    size_t i = 1, digits = 0;

    if (n == 0 || !strchr("=+-@\t\r", s[0]) || s[0] == '\0')
        return 0;
    if (s[0] != '-' && s[0] != '+')
        return 1;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    if (i < n && s[i] == '.' && digits)
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            ;
    return !(digits && i == n);
}

#endif
