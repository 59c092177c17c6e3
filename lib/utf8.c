/* SPDX-License-Identifier: MIT */
/* UTF-8: where a text stops being valid. */
#include "util_internal.h"

#include <stdint.h>
#include <string.h>

/* The offset of the first byte of the first sequence that is not UTF-8
 * (a byte that cannot start a character, a sequence cut short by a byte
 * that does not continue it or by the end of the text, an overlong form,
 * a surrogate, or a code point above U+10FFFF), or @len when there is
 * none. One pass, words of ASCII at a time: it runs before every parse. */
size_t cas__utf8_first_bad(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;

    while (i < len) {
        unsigned char b = s[i];
        size_t n;
        if (b < 0x80) {
            /* skip ASCII eight bytes at a time */
            while (len - i >= 8) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if (w & UINT64_C(0x8080808080808080))
                    break;
                i += 8;
            }
            while (i < len && s[i] < 0x80)
                i++;
            continue;
        }
        if (b >= 0xC2 && b <= 0xDF)
            n = 2;
        else if (b >= 0xE0 && b <= 0xEF)
            n = 3;
        else if (b >= 0xF0 && b <= 0xF4)
            n = 4;
        else
            return i; /* a continuation byte, C0/C1 (always overlong), F5-FF */
        if (len - i < n)
            return i;
        /* the second byte's range excludes overlongs (E0, F0), surrogates
         * (ED) and code points above U+10FFFF (F4) */
        {
            unsigned char b1 = s[i + 1];
            unsigned char lo = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
            unsigned char hi = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
            if (b1 < lo || b1 > hi)
                return i;
        }
        for (size_t k = 2; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        i += n;
    }
    return len;
}

int cas__utf8_valid(const char *s, size_t len)
{
    return cas__utf8_first_bad(s, len) == len;
}
