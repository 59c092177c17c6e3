/* SPDX-License-Identifier: MIT */
/* Text from the data shown in an output format, by one rule per format
 * (docs/csv.md, "Output that cannot be abused"):
 *
 * - text (the aligned tables): every C0 control (tab and newline too),
 *   DEL and C1 control becomes a visible \xNN, and every character that
 *   reorders or hides text (bidi controls and isolates, zero-width
 *   characters, line and paragraph separators, the byte order mark) and
 *   every noncharacter (U+FFFE, U+FFFF, ...) a visible \u{XXXX}; a byte
 *   that is not UTF-8 becomes \xNN. So no terminal escape reaches the
 *   terminal and no newline forges a row.
 * - XML (SVG): the characters XML 1.0 does not allow (the C0 controls but
 *   tab, newline and return; U+FFFE, U+FFFF; bytes that are not UTF-8,
 *   which include lone surrogates) and the C1 controls become U+FFFD; the
 *   characters that reorder or hide text become a visible \u{XXXX} as in
 *   text; & < > " ' are written as entities.
 * - Markdown: \ ` * _ [ ] < > | & are escaped with a backslash, tab, CR and
 *   LF become a space (a cell stays on its line), the other controls and
 *   hidden characters become visible escapes as in text.
 *
 * A path that is exactly "*" (or starts with a backslash) is shown with a
 * backslash in front, so that it never reads like "*", the printers'
 * "all" (cas__shown_path). A claim id or source listed in a "*_claims"
 * cell or a conflict is written in double quotes (a '"' doubled) when it
 * holds the list's own syntax (; " ") >" or parentheses that do not pair up), so "x (FAKE); y" stays one
 * claim (cas__shown_claim).
 *
 * Static inline and needing nothing else of the library, so that the
 * library's printers (report.c) and the example programs (which include
 * this header, not the library) show text alike. Never installed. */
#ifndef CAS_SHOWN_INTERNAL_H
#define CAS_SHOWN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The output formats with a rule. */
typedef enum cas__shown_style { CAS__SHOWN_TEXT, CAS__SHOWN_XML, CAS__SHOWN_MARKDOWN } cas__shown_style;

/* Where the text goes: the @n bytes at @s to @sink. */
typedef void (*cas__shown_sink)(void *sink, const char *s, size_t n);

/* The characters escaped with a backslash in Markdown. */
#define CAS__SHOWN_MD_SPECIAL "\\`*_[]<>|&"

/* Decode the UTF-8 character at @s (NUL-terminated): its length (1 to 4)
 * with the code point in *@cp, or 0 when the bytes there are not UTF-8
 * (a stray continuation byte, a truncated or overlong sequence, a
 * surrogate, a code point above U+10FFFF). */
static inline size_t cas__shown_decode(const unsigned char *s, uint32_t *cp)
{
    uint32_t c = s[0], min;
    size_t n;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, c &= 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, c &= 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, c &= 0x07, min = 0x10000;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

/* Whether code point @c reorders or hides text: the bidi marks,
 * embeddings, overrides and isolates, the zero-width characters, the line
 * and paragraph separators and the byte order mark. */
static inline int cas__shown_hidden(uint32_t c)
{
    return c == 0x061C || (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x2069) || c == 0xFEFF;
}

/* Whether code point @c is a noncharacter (U+FDD0..U+FDEF, and the last
 * two of every plane: U+FFFE, U+FFFF, U+1FFFE, ...). */
static inline int cas__shown_nonchar(uint32_t c)
{
    return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

/* Whether code point @c is a C0 control, DEL or a C1 control. */
static inline int cas__shown_control(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

/* Whether code point @c is special in Markdown. */
static inline int cas__shown_md_special(uint32_t c)
{
    return c && c < 0x80 && strchr(CAS__SHOWN_MD_SPECIAL, (int)c) != NULL;
}

/* "\xNN" for byte @c, or "\u{XXXX}" for code point @c when @wide, in @buf
 * (16 bytes); returns the length. */
static inline size_t cas__shown_escape(char *buf, uint32_t c, int wide)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;

    buf[n++] = '\\';
    if (!wide) {
        buf[n++] = 'x';
        buf[n++] = hex[(c >> 4) & 0xF];
        buf[n++] = hex[c & 0xF];
        return n;
    }
    buf[n++] = 'u';
    buf[n++] = '{';
    {
        int shift = c > 0xFFFF ? 20 : 12;
        for (; shift >= 0; shift -= 4)
            buf[n++] = "0123456789ABCDEF"[(c >> shift) & 0xF];
    }
    buf[n++] = '}';
    return n;
}

/* Write the @len bytes at @s to @sink by the rule of @style (see the top
 * of this file). @s + @len is a NUL or follows an ASCII character, so no
 * character is cut. */
static inline void cas__shown_put_n(cas__shown_style style, const char *s, size_t len,
                                    cas__shown_sink put, void *sink)
{
    const unsigned char *p = (const unsigned char *)s, *run = p; /* run: not yet written */
    const unsigned char *end = p + len;
    char buf[16];

    while (p < end) {
        uint32_t c = 0;
        size_t n = cas__shown_decode(p, &c), k = 0;
        const char *rep = NULL;

        if (n == 0) { /* not UTF-8: one byte */
            if (style == CAS__SHOWN_XML)
                rep = "\xEF\xBF\xBD", k = 3;
            else
                k = cas__shown_escape(buf, *p, 0), rep = buf;
            n = 1;
        } else if (style == CAS__SHOWN_XML) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F) ||
                cas__shown_nonchar(c))
                rep = "\xEF\xBF\xBD", k = 3;
            else if (cas__shown_hidden(c))
                k = cas__shown_escape(buf, c, 1), rep = buf;
            else if (c == '&')
                rep = "&amp;", k = 5;
            else if (c == '<')
                rep = "&lt;", k = 4;
            else if (c == '>')
                rep = "&gt;", k = 4;
            else if (c == '"')
                rep = "&quot;", k = 6;
            else if (c == '\'')
                rep = "&apos;", k = 6;
        } else if (style == CAS__SHOWN_MARKDOWN && (c == '\t' || c == '\n' || c == '\r')) {
            rep = " ", k = 1;
        } else if (cas__shown_control(c)) {
            k = cas__shown_escape(buf, c, 0), rep = buf;
        } else if (cas__shown_hidden(c) || cas__shown_nonchar(c)) {
            k = cas__shown_escape(buf, c, 1), rep = buf;
        } else if (style == CAS__SHOWN_MARKDOWN && cas__shown_md_special(c)) {
            buf[0] = '\\', buf[1] = (char)c, rep = buf, k = 2;
        }
        if (rep) {
            if (p > run)
                put(sink, (const char *)run, (size_t)(p - run));
            put(sink, rep, k);
            run = p + n;
        }
        p += n;
    }
    if (p > run)
        put(sink, (const char *)run, (size_t)(p - run));
}

/* Write @s to @sink by the rule of @style. */
static inline void cas__shown_put(cas__shown_style style, const char *s, cas__shown_sink put,
                                  void *sink)
{
    cas__shown_put_n(style, s, strlen(s), put, sink);
}

/* Counting sink: the display width (code points) of what is written. */
static inline void cas__shown_count(void *width, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        *(size_t *)width += ((unsigned char)s[i] & 0xC0) != 0x80;
}

/* The display width, in code points, of @s once cas__shown_put() has
 * written it. */
static inline size_t cas__shown_width(cas__shown_style style, const char *s)
{
    size_t w = 0;
    cas__shown_put(style, s, cas__shown_count, &w);
    return w;
}

/* Whether path @s needs a backslash in front to be told from the
 * printers' "all" ("*"): it is "*", or starts with a backslash. */
static inline int cas__shown_path_marked(const char *s)
{
    return (s[0] == '*' && s[1] == '\0') || s[0] == '\\';
}

/* Write path @s: as cas__shown_put(), after a backslash (itself shown by
 * @style's rule) when cas__shown_path_marked(). An empty path is written
 * as nothing: the caller shows "all" its own way. */
static inline void cas__shown_path(cas__shown_style style, const char *s, cas__shown_sink put,
                                   void *sink)
{
    if (cas__shown_path_marked(s))
        cas__shown_put(style, "\\", put, sink);
    cas__shown_put(style, s, put, sink);
}

/* The display width of what cas__shown_path() writes. */
static inline size_t cas__shown_path_width(cas__shown_style style, const char *s)
{
    size_t w = 0;
    cas__shown_path(style, s, cas__shown_count, &w);
    return w;
}

/* Whether a claim id or source @s must be quoted in a list of claims
 * ("id (source); id (source)", "id (source) > id (source): gap N"): it
 * is empty, starts or ends with a space, holds ; or " or ") >" (the
 * conflict's separator), or holds parentheses that do not pair up ("Wikipedia (unattributed)" needs no
 * quotes; "x (FAKE); y" and "a) (b" do). */
static inline int cas__shown_claim_quoted(const char *s)
{
    size_t n = strlen(s);
    long depth = 0;

    if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || strpbrk(s, ";\"") != NULL ||
        strstr(s, ") >") != NULL)
        return 1;
    for (; *s; s++) {
        depth += (*s == '(') - (*s == ')');
        if (depth < 0)
            return 1;
    }
    return depth != 0;
}

/* Write claim id or source @s for a list of claims: as @style shows it
 * (@style < 0: as it is, for CSV), in double quotes with each '"'
 * doubled when cas__shown_claim_quoted(). */
static inline void cas__shown_claim(int style, const char *s, cas__shown_sink put, void *sink)
{
    int quoted = cas__shown_claim_quoted(s);

    if (quoted)
        put(sink, "\"", 1);
    while (*s) {
        const char *q = quoted ? strchr(s, '"') : NULL;
        size_t n = q ? (size_t)(q - s) + 1 : strlen(s); /* up to and with a quote */
        if (style < 0)
            put(sink, s, n);
        else
            cas__shown_put_n((cas__shown_style)style, s, n, put, sink);
        if (q)
            put(sink, "\"", 1);
        s += n;
    }
    if (quoted)
        put(sink, "\"", 1);
}

#endif
