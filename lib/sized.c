/* SPDX-License-Identifier: MIT */
/* Size-prefixed structs across the ABI: see sized_internal.h. */
#include "util_internal.h"
#include "sized_internal.h"

#include <string.h>

void cas__sized_init(void *p, size_t size, const void *defaults, size_t lib)
{
    uint32_t s;

    if (!p || size < sizeof s || size > UINT32_MAX)
        return;
    memset(p, 0, size);
    memcpy(p, defaults, size < lib ? size : lib);
    s = (uint32_t)size;
    memcpy(p, &s, sizeof s);
}

void cas__sized_read(void *local, const void *in, const void *defaults, size_t lib)
{
    size_t size = cas__sized_size(in);
    uint32_t s = (uint32_t)lib;

    if (local != defaults)
        memcpy(local, defaults, lib);
    memcpy(local, in, size < lib ? size : lib);
    memcpy(local, &s, sizeof s);
}

void cas__sized_write(void *out, const void *local, size_t lib)
{
    size_t size = cas__sized_size(out);
    uint32_t s;

    if (size <= sizeof s)
        return;
    memcpy((char *)out + sizeof s, (const char *)local + sizeof s,
           (size < lib ? size : lib) - sizeof s);
    if (size > lib)
        memset((char *)out + lib, 0, size - lib);
}
