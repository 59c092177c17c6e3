/* Status strings, error details, versions, calendar dates and growing
 * arrays. */
#include "util_internal.h"
#include "sized_internal.h"
#include "alloc_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

int32_t cas_version(void)
{
    return CAS_VERSION_NUMBER;
}

const char *cas_version_string(void)
{
    return PACKAGE_VERSION;
}

int64_t cas_open(void)
{
    return CAS_OPEN;
}

int64_t cas_none(void)
{
    return CAS_NONE;
}

int32_t cas_date_unknown(void)
{
    return CAS_DATE_UNKNOWN;
}

size_t cas_field_max(void)
{
    return CAS_FIELD_MAX;
}

/* A cas_error may come from a caller built against an older, smaller
 * struct: only write what its size says is there. */
#define ERR_HAS(err, member) \
    ((err)->size >= offsetof(cas_error, member) + sizeof((err)->member))

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

cas_status cas__fail(cas_error *err, cas_status status, const char *field,
                     const char *fmt, ...)
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

void cas__error_where(cas_error *err, const char *file, int64_t line,
                      int64_t column)
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

int cas__utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        uint32_t cp;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (len - i <= n)
            return 0;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n + 1;
    }
    return 1;
}

void cas__quote_excerpt(char *buf, size_t size, const char *s, size_t len)
{
    size_t o = 0, limit;

    if (size == 0)
        return;
    limit = size - 1;
    if (len > 40 && limit > 43)
        limit = 40;
    for (size_t i = 0; i < len && o < limit; i++) {
        unsigned char c = (unsigned char)s[i];
        buf[o++] = (c >= 0x20 && c < 0x7F) ? (char)c : '?';
    }
    if (len > 40 && size > 43) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
}

cas_status cas__parse_count(int64_t *out, const char *s, size_t len)
{
    int64_t v = 0;

    if (len == 0)
        return CAS_ERR_NUMBER;
    for (size_t i = 0; i < len; i++) {
        unsigned d = (unsigned char)s[i] - (unsigned)'0';
        if (d > 9)
            return CAS_ERR_NUMBER;
        if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, (int64_t)d, &v)) {
            /* Keep scanning: a non-digit later makes it "not a number". */
            for (size_t k = i + 1; k < len; k++)
                if ((unsigned char)s[k] - (unsigned)'0' > 9)
                    return CAS_ERR_NUMBER;
            return CAS_ERR_OVERFLOW;
        }
    }
    *out = v;
    return CAS_OK;
}

/* Days from civil date, after Howard Hinnant's public-domain algorithm. */
static int32_t days_from_civil(int32_t y, int32_t m, int32_t d)
{
    y -= m <= 2;
    const int32_t era = (y >= 0 ? y : y - 399) / 400;
    const int32_t yoe = y - era * 400;
    const int32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int is_leap(int32_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int32_t month_length(int32_t y, int32_t m)
{
    static const int8_t len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

cas_status cas_date_from_ymd(int32_t *out, int32_t year, int32_t month, int32_t day)
{
    if (!out)
        return CAS_ERR_ARG;
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
        day > month_length(year, month))
        return CAS_ERR_DATE;
    *out = days_from_civil(year, month, day);
    return CAS_OK;
}

/* The first and last day numbers that cas_date_from_ymd() can give. */
#define DAY_MIN (-719162)  /* 0001-01-01 */
#define DAY_MAX 2932896    /* 9999-12-31 */

cas_status cas_date_to_ymd(int32_t *year, int32_t *month, int32_t *day, int32_t days)
{
    if (!year || !month || !day)
        return CAS_ERR_ARG;
    if (days < DAY_MIN || days > DAY_MAX)
        return CAS_ERR_DATE;
    const int32_t z = days + 719468;
    const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int32_t doe = z - era * 146097;
    const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int32_t mp = (5 * doy + 2) / 153;
    const int32_t d = doy - (153 * mp + 2) / 5 + 1;
    const int32_t m = mp < 10 ? mp + 3 : mp - 9;
    *year = yoe + era * 400 + (m <= 2);
    *month = m;
    *day = d;
    return CAS_OK;
}

static int digits(const char *s, size_t n, int32_t *v)
{
    int32_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 1;
}

cas_status cas_date_parse(int32_t *out, const char *text, size_t len)
{
    int32_t y, m, d;

    if (!out || (!text && len))
        return CAS_ERR_ARG;
    if (len != 10 || text[4] != '-' || text[7] != '-' || !digits(text, 4, &y) ||
        !digits(text + 5, 2, &m) || !digits(text + 8, 2, &d))
        return CAS_ERR_DATE;
    return cas_date_from_ymd(out, y, m, d);
}

cas_status cas_date_format(char *buf, size_t size, int32_t days)
{
    int32_t y, m, d;

    if (!buf || size < 11)
        return CAS_ERR_ARG;
    if (cas_date_to_ymd(&y, &m, &d, days) != CAS_OK)
        return CAS_ERR_DATE;
    snprintf(buf, size, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
    return CAS_OK;
}

int cas__grow(void **p, size_t *cap, size_t need, size_t size, size_t first)
{
    size_t c = *cap ? *cap : first ? first : 1;
    void *np;

    if (need <= *cap)
        return 1;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return 0;
        c *= 2;
    }
    if (c > SIZE_MAX / size)
        return 0;
    np = cas__realloc(*p, c * size);
    if (!np)
        return 0;
    *p = np;
    *cap = c;
    return 1;
}
