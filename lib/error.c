/* SPDX-License-Identifier: MIT */
/* Status strings and error details: what failed, where and why. */
#include "util_internal.h"
#include "sized_internal.h"

#include <stdio.h>
#include <string.h>

static const char *const status_text[] = {
    "success",
    "out of memory",
    "bad argument",
    "input/output error",
    "malformed CSV",
    "bad CSV header",
    "not a whole number",
    "number too large",
    "bad date",
    "bad range",
    "malformed path",
    "required field missing",
    "duplicate id",
    "not found",
    "empty input",
    "unknown value",
    "field too long",
    "invalid UTF-8",
    "overlapping scopes",
    "conflicting bounds",
    "cannot parse text",
    "no estimate",
    "did not converge",
    "fit diverged: no maximum-likelihood estimate",
    "saturated model: no degrees of freedom left",
};

const char *cas_strerror(int status)
{
    if (status < 0 || (size_t)status >= sizeof status_text / sizeof status_text[0])
        return "unknown status";
    return status_text[status];
}

/* A cas_error may come from a caller built against an older, smaller
 * struct: only write what its size says is there. */
#define ERR_HAS(err, member) ((err)->size >= offsetof(cas_error, member) + sizeof((err)->member))

void cas_error_init_size(cas_error *err, size_t size)
{
    static const cas_error defaults;

    cas__sized_init(err, size, &defaults, sizeof defaults);
}

/* Append @src to the NUL-terminated @dst of @size bytes, cutting it short. */
static void append(char *dst, size_t size, const char *src)
{
    size_t n = strlen(dst), m = strlen(src);
    if (n + 1 >= size)
        return;
    if (m > size - n - 1)
        m = size - n - 1;
    memmove(dst + n, src, m);
    dst[n + m] = '\0';
}

cas_status cas__fail(cas_error *err, cas_status status, const char *field, const char *fmt, ...)
{
    if (!err)
        return status;
    if (err->size > sizeof *err) /* fields only the caller knows */
        memset((char *)err + sizeof *err, 0, err->size - sizeof *err);
    if (ERR_HAS(err, status))
        err->status = (int32_t)status;
    if (ERR_HAS(err, field)) {
        err->field[0] = '\0';
        append(err->field, sizeof err->field, field ? field : "");
    }
    if (ERR_HAS(err, message)) {
        char msg[sizeof err->message];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        err->message[0] = '\0';
        if (field && *field) {
            append(err->message, sizeof err->message, "field '");
            append(err->message, sizeof err->message, field);
            append(err->message, sizeof err->message, "': ");
        }
        append(err->message, sizeof err->message, msg);
    }
    return status;
}

void cas__error_where(cas_error *err, const char *file, int64_t line, int64_t column)
{
    char prefix[320], num[32];
    char msg[sizeof err->message];

    if (!err)
        return;
    if (ERR_HAS(err, line))
        err->line = line;
    if (ERR_HAS(err, column))
        err->column = column;
    if (ERR_HAS(err, file)) {
        err->file[0] = '\0';
        append(err->file, sizeof err->file, file ? file : "");
    }
    if (!ERR_HAS(err, message))
        return;
    prefix[0] = '\0';
    if (file && *file) {
        append(prefix, 260, file);
        append(prefix, sizeof prefix, ":");
    }
    if (line > 0) {
        snprintf(num, sizeof num, "%lld:", (long long)line);
        append(prefix, sizeof prefix, num);
    }
    if (column > 0) {
        snprintf(num, sizeof num, "%lld:", (long long)column);
        append(prefix, sizeof prefix, num);
    }
    if (prefix[0]) {
        memcpy(msg, err->message, sizeof msg);
        msg[sizeof msg - 1] = '\0';
        err->message[0] = '\0';
        append(err->message, sizeof err->message, prefix);
        append(err->message, sizeof err->message, " ");
        append(err->message, sizeof err->message, msg);
    }
}

void cas__error_copy(cas_error *dst, const cas_error *src)
{
    uint32_t size;

    if (!dst || !src)
        return;
    size = dst->size < src->size ? dst->size : src->size;
    if (size > sizeof *dst)
        size = sizeof *dst;
    if (size <= sizeof dst->size)
        return;
    memcpy((char *)dst + sizeof dst->size, (const char *)src + sizeof src->size,
           size - sizeof dst->size);
    if (dst->size > sizeof *dst) /* fields only the caller knows */
        memset((char *)dst + sizeof *dst, 0, dst->size - sizeof *dst);
}

/* A code point that prints as nothing or moves text about: C1 controls,
 * the soft hyphen, zero-width and bidi marks, separators, the BOM and the
 * noncharacters U+FFFE and U+FFFF. */
static int invisible(uint32_t cp)
{
    return (cp >= 0x80 && cp < 0xA0) || cp == 0xAD || cp == 0x061C || cp == 0x180E ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF;
}

/* One unit of @s (@len bytes) as an excerpt shows it, into @out (at least
 * 11 bytes): its length there; *@used the bytes of @s it stands for. */
static size_t excerpt_unit(char *out, const char *s, size_t len, size_t *used)
{
    unsigned char c = (unsigned char)s[0];

    if (c >= 0x20 && c < 0x7F) {
        *used = 1;
        out[0] = (char)c;
        if (c != '\\')
            return 1;
        out[1] = '\\';
        return 2;
    }
    if (c >= 0x80) {
        size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (n <= len && cas__utf8_first_bad(s, n) == n) {
            uint32_t cp = n == 2   ? (c & 0x1Fu) << 6 | ((unsigned char)s[1] & 0x3Fu)
                          : n == 3 ? (c & 0x0Fu) << 12 | ((unsigned char)s[1] & 0x3Fu) << 6 |
                                         ((unsigned char)s[2] & 0x3Fu)
                                   : 0x10000;
            *used = n;
            if (invisible(cp))
                return (size_t)snprintf(out, 11, "\\u%04X", (unsigned)cp);
            memcpy(out, s, n);
            return n;
        }
    }
    *used = 1;
    return (size_t)snprintf(out, 11, "\\x%02X", c);
}

/* Write @s into @buf's first @limit bytes: how many bytes of @s fit. */
static size_t excerpt_fill(char *buf, size_t limit, const char *s, size_t len, size_t *o)
{
    size_t i = 0;
    char unit[12];

    *o = 0;
    while (i < len) {
        size_t used, k = excerpt_unit(unit, s + i, len - i, &used);
        if (*o + k > limit)
            break;
        memcpy(buf + *o, unit, k);
        *o += k;
        i += used;
    }
    return i;
}

void cas__quote_excerpt(char *buf, size_t size, const char *s, size_t len)
{
    size_t o = 0, limit;

    if (size == 0)
        return;
    limit = size - 1 < 40 ? size - 1 : 40;
    if (excerpt_fill(buf, limit, s, len, &o) < len && size > 4) {
        /* cut short: room for the "..." */
        size_t room = size - 4;
        // cppcheck-suppress knownConditionTrueFalse ; true for a buffer under 44 bytes
        if (room < limit)
            limit = room;
        excerpt_fill(buf, limit, s, len, &o);
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
}
