/* SPDX-License-Identifier: MIT */
/* Calendar dates as day numbers (proleptic Gregorian, days since
 * 1970-01-01). */
#include "util_internal.h"

#include <stdio.h>

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

int32_t cas__month_length(int32_t y, int32_t m)
{
    static const int8_t len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

cas_status cas_date_from_ymd(int32_t *out, int32_t year, int32_t month, int32_t day)
{
    if (!out)
        return CAS_ERR_ARG;
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
        day > cas__month_length(year, month))
        return CAS_ERR_DATE;
    *out = days_from_civil(year, month, day);
    return CAS_OK;
}

/* The first and last day numbers that cas_date_from_ymd() can give. */
#define DAY_MIN (-719162) /* 0001-01-01 */
#define DAY_MAX 2932896   /* 9999-12-31 */

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
