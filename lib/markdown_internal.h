/* SPDX-License-Identifier: MIT */
/* Text from the data written into Markdown, by one set of rules: which
 * characters are special, how wide a cell is once escaped, and writing it
 * escaped so that it reads as written (a '*' path is not emphasis, a '|'
 * does not end a cell) and stays on one line. Static inline and needing
 * nothing else of the library, so that the report printers (report.c) and
 * the example programs' tables (which include this header, not the
 * library) escape alike. Never installed. */
#ifndef CAS_MARKDOWN_INTERNAL_H
#define CAS_MARKDOWN_INTERNAL_H

#include <stddef.h>
#include <string.h>

/* The characters escaped with a '\\' in the library's reports. */
#define CAS__MD_SPECIAL "\\`*_[]<>|"
/* The same save brackets, for the example programs' tables: their cells
 * hold ranges such as "[10, open)", which no renderer reads as a link. */
#define CAS__MD_SPECIAL_NO_BRACKETS "\\`*_<>|"

/* Display width of UTF-8 text: code points (continuation bytes take no
 * column), which is right for the scripts a scope is written in save wide
 * East Asian characters. */
static inline size_t cas__text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* Whether @ch is one of the characters of @special (a CAS__MD_SPECIAL*). */
static inline int cas__md_special(char ch, const char *special)
{
    return ch && strchr(special, ch) != NULL;
}

/* The display width of @s once cas__md_put() has escaped it. */
static inline size_t cas__md_width(const char *s, const char *special)
{
    size_t w = cas__text_width(s);
    for (; *s; s++)
        w += cas__md_special(*s, special);
    return w;
}

/* Where cas__md_put() writes: the @n bytes at @s to @sink. */
typedef void (*cas__md_sink)(void *sink, const char *s, size_t n);

/* Write @s to @sink through @put, a '\\' before each character of
 * @special, a space for each LF, CR and tab. */
static inline void cas__md_put(const char *s, const char *special, cas__md_sink put, void *sink)
{
    const char *run = s; /* the bytes not yet written */

    for (; *s; s++) {
        int blank = *s == '\n' || *s == '\r' || *s == '\t';
        if (!blank && !cas__md_special(*s, special))
            continue;
        if (s > run)
            put(sink, run, (size_t)(s - run));
        put(sink, blank ? " " : "\\", 1);
        run = blank ? s + 1 : s; /* an escaped character is written with what follows */
    }
    if (s > run)
        put(sink, run, (size_t)(s - run));
}

#endif
