/* SPDX-License-Identifier: MIT */
/* The library's JSON writer (json_internal.h): escaped strings and the
 * members of nested objects and arrays, built in a cas__strbuf. */
#include "config.h" /* fileno, fstat */
#include "json_internal.h"
#include "alloc_internal.h"
#include "util_internal.h"
#include "casualty/jsonl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char hex[] = "0123456789abcdef";

/* The length of the valid UTF-8 sequence at @s (at most @n bytes) and its
 * code point in *@cp, or 0 when the bytes there are not one. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char b = s[0];
    size_t len;
    uint32_t c;

    if (b >= 0xC2 && b <= 0xDF) {
        len = 2;
        c = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3;
        c = b & 0x0Fu;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4;
        c = b & 0x07u;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    {
        unsigned char lo = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
        unsigned char hi = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
        if (s[1] < lo || s[1] > hi)
            return 0;
    }
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[k] & 0x3Fu);
    }
    *cp = c;
    return len;
}

void cas__json_put_string(cas__strbuf *b, const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, run = 0; /* bytes [run, i) are copied as they are */

    cas__strbuf_put(b, "\"", 1);
    while (i < n) {
        unsigned char c = s[i];
        char esc[8];
        size_t elen = 0, skip = 1;

        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            i++;
            continue;
        }
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            elen = 2;
        } else if (c < 0x20 || c == 0x7F) {
            const char *shortform = c == '\n'   ? "\\n"
                                    : c == '\r' ? "\\r"
                                    : c == '\t' ? "\\t"
                                    : c == '\b' ? "\\b"
                                    : c == '\f' ? "\\f"
                                                : NULL;
            if (shortform) {
                esc[0] = shortform[0];
                esc[1] = shortform[1];
                elen = 2;
            } else {
                esc[0] = '\\';
                esc[1] = 'u';
                esc[2] = '0';
                esc[3] = '0';
                esc[4] = hex[c >> 4];
                esc[5] = hex[c & 15];
                elen = 6;
            }
        } else {
            uint32_t cp = 0;
            size_t len = utf8_seq(s + i, n - i, &cp);
            int line_end = cp == 0x2028 || cp == 0x2029 || (cp >= 0x80 && cp <= 0x9F);
            if (len && !line_end) {
                i += len; /* valid and harmless: copied with the run */
                continue;
            }
            if (len) { /* U+2028, U+2029 and the C1 controls (U+0085 ends a
                          line for some readers): escaped */
                esc[0] = '\\';
                esc[1] = 'u';
                esc[2] = hex[(cp >> 12) & 15];
                esc[3] = hex[(cp >> 8) & 15];
                esc[4] = hex[(cp >> 4) & 15];
                esc[5] = hex[cp & 15];
                elen = 6;
                skip = len;
            } else { /* not UTF-8: one byte becomes U+FFFD */
                esc[0] = (char)0xEF;
                esc[1] = (char)0xBF;
                esc[2] = (char)0xBD;
                elen = 3;
            }
        }
        cas__strbuf_put(b, text + run, i - run);
        cas__strbuf_put(b, esc, elen);
        i += skip;
        run = i;
    }
    cas__strbuf_put(b, text + run, i - run);
    cas__strbuf_put(b, "\"", 1);
}

void cas__json_init(cas__json *j, cas__strbuf *b)
{
    j->b = b;
    j->depth = 0;
    j->first[0] = 1;
}

/* The comma before the next member or element, and the key. */
static void next(cas__json *j, const char *key)
{
    if (!j->first[j->depth])
        cas__strbuf_put(j->b, ",", 1);
    j->first[j->depth] = 0;
    if (key) {
        cas__json_put_string(j->b, key, strlen(key));
        cas__strbuf_put(j->b, ":", 1);
    }
}

void cas__json_key(cas__json *j, const char *key)
{
    next(j, key);
}

void cas__json_strn(cas__json *j, const char *key, const char *s, size_t n)
{
    next(j, key);
    if (!s)
        cas__strbuf_put(j->b, "null", 4);
    else
        cas__json_put_string(j->b, s, n);
}

void cas__json_str(cas__json *j, const char *key, const char *s)
{
    cas__json_strn(j, key, s, s ? strlen(s) : 0);
}

void cas__json_str_or_null(cas__json *j, const char *key, const char *s)
{
    cas__json_str(j, key, s && *s ? s : NULL);
}

void cas__json_int(cas__json *j, const char *key, int64_t v)
{
    next(j, key);
    cas__strbuf_put_i64(j->b, v);
}

void cas__json_count(cas__json *j, const char *key, int64_t v, int64_t none)
{
    next(j, key);
    if (v == none)
        cas__strbuf_put(j->b, "null", 4);
    else
        cas__strbuf_put_i64(j->b, v);
}

void cas__json_day(cas__json *j, const char *key, int32_t day)
{
    next(j, key);
    if (day == CAS_DATE_UNKNOWN) {
        cas__strbuf_put(j->b, "null", 4);
        return;
    }
    cas__strbuf_put(j->b, "\"", 1);
    cas__strbuf_put_day(j->b, day);
    cas__strbuf_put(j->b, "\"", 1);
}

void cas__json_real(cas__json *j, const char *key, double v)
{
    char t[40];
    size_t n = cas__real_json(t, sizeof t, v);
    next(j, key);
    cas__strbuf_put(j->b, t, n);
}

void cas__json_bool(cas__json *j, const char *key, int v)
{
    next(j, key);
    cas__strbuf_puts(j->b, v ? "true" : "false");
}

void cas__json_null(cas__json *j, const char *key)
{
    next(j, key);
    cas__strbuf_put(j->b, "null", 4);
}

void cas__json_open(cas__json *j, const char *key, char bracket)
{
    next(j, key);
    cas__strbuf_put(j->b, &bracket, 1);
    if (j->depth + 1 < CAS__JSON_MAX_DEPTH)
        j->depth++;
    j->first[j->depth] = 1;
}

void cas__json_close(cas__json *j, char bracket)
{
    cas__strbuf_put(j->b, &bracket, 1);
    if (j->depth > 0)
        j->depth--;
}

cas_status cas__json_to_string(cas__json_builder fn, const void *obj, const char *what, char **out,
                               size_t *len, cas_error *err)
{
    cas__strbuf b = CAS__STRBUF_INIT;
    cas_status st;

    if (!out || !obj)
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL", out ? what : "out");
    st = fn(&b, obj);
    if (st == CAS_OK && (b.failed || (!b.data && !cas__strbuf_reserve(&b, 0))))
        st = CAS_ERR_NOMEM;
    if (st != CAS_OK) {
        cas__free(b.data);
        return cas__fail(err, st, "", "out of memory");
    }
    b.data[b.len] = '\0';
    *out = b.data;
    if (len)
        *len = b.len;
    return CAS_OK;
}

cas_status cas__json_to_file(cas__json_builder fn, const void *obj, const char *what,
                             const char *path, cas_error *err)
{
    cas__strbuf b = CAS__STRBUF_INIT;
    cas_status st;
    struct stat info;
    int bad, regular;

    if (!obj || !path)
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL", obj ? "path" : what);
    b.sink = fopen(path, "wb");
    if (!b.sink) {
        int e = errno;
        st = cas__fail(err, CAS_ERR_IO, "", "cannot open for writing: %s", strerror(e));
        cas__error_where(err, path, 0, 0);
        return st;
    }
    /* Only a regular file is removed after a failure: never a device
     * (/dev/full) or a pipe the caller named. */
    regular = fstat(fileno(b.sink), &info) == 0 && S_ISREG(info.st_mode);
    st = fn(&b, obj);
    if (st == CAS_OK && b.failed)
        st = CAS_ERR_NOMEM;
    if (st == CAS_OK)
        cas__strbuf_flush(&b);
    bad = fclose(b.sink) != 0;
    cas__free(b.data);
    if (b.write_failed || bad) { /* no partial file is left behind */
        if (regular)
            (void)remove(path);
        st = cas__fail(err, CAS_ERR_IO, "", "cannot write the whole output");
        cas__error_where(err, path, 0, 0);
        return st;
    }
    if (st != CAS_OK) {
        if (regular)
            (void)remove(path);
        return cas__fail(err, st, "", "out of memory");
    }
    return CAS_OK;
}

/* ---- public helpers ---------------------------------------------------- */

cas_status cas_json_string(char **out, size_t *len, const char *s, size_t n, cas_error *err)
{
    cas__strbuf b = CAS__STRBUF_INIT;

    if (!out || (!s && n))
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL", out ? "s" : "out");
    cas__json_put_string(&b, s ? s : "", n);
    if (b.failed || !b.data) {
        cas__free(b.data);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    b.data[b.len] = '\0';
    *out = b.data;
    if (len)
        *len = b.len;
    return CAS_OK;
}

size_t cas_real_format(char *buf, size_t size, double v, int decimals)
{
    if (!buf || !size)
        return 0;
    if (decimals < 0)
        return cas__real_json(buf, size, v);
    return cas__real_text(buf, size, v, decimals > 40 ? 40 : decimals);
}
