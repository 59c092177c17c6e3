/* SPDX-License-Identifier: MIT */
/* Versions, the constants bindings read as functions, and counts. */
#include "util_internal.h"

#include <stdint.h>

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
