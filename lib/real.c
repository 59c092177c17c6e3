/* SPDX-License-Identifier: MIT */
/* Numbers as text independent of the locale: printf writes the decimal
 * point of LC_NUMERIC, so a host that set a German locale would get
 * "12318,47" where every reader of the library's output expects
 * "12318.47". The number is formatted in the locale, then its decimal
 * point (which may be more than one byte) is put back to '.'. */
#include "json_internal.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Replace the locale's decimal point in @buf (length @n, room @size) by
 * '.'; returns the new length. */
static size_t fix_point(char *buf, size_t n)
{
    const struct lconv *lc = localeconv();
    const char *dp = lc && lc->decimal_point ? lc->decimal_point : ".";
    size_t dn = strlen(dp);
    char *at;

    if (dn == 0 || (dn == 1 && dp[0] == '.'))
        return n;
    at = strstr(buf, dp);
    if (!at)
        return n;
    *at = '.';
    memmove(at + 1, at + dn, n - (size_t)(at - buf) - dn + 1);
    return n - (dn - 1);
}

static size_t clamp(int w, size_t size)
{
    if (w < 0)
        return 0;
    return (size_t)w < size ? (size_t)w : (size ? size - 1 : 0);
}

size_t cas__real_fmt(char *buf, size_t size, const char *fmt, double v)
{
    int w;
    if (!size)
        return 0;
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
    w = snprintf(buf, size, fmt, v);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
    return fix_point(buf, clamp(w, size));
}

size_t cas__real_text(char *buf, size_t size, double v, int decimals)
{
    if (!size)
        return 0;
    return fix_point(buf, clamp(snprintf(buf, size, "%.*f", decimals, v), size));
}

size_t cas__real_json(char *buf, size_t size, double v)
{
    int w = 0;
    if (!size)
        return 0;
    if (!isfinite(v))
        return clamp(snprintf(buf, size, "null"), size);
    /* Read back in the same locale as written, so the test is exact. */
    for (int p = 15; p <= 17; p++) {
        w = snprintf(buf, size, "%.*g", p, v);
        if (w > 0 && (size_t)w < size && strtod(buf, NULL) == v)
            break;
    }
    return fix_point(buf, clamp(w, size));
}
