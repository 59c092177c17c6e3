/* SPDX-License-Identifier: MIT */
/* Multiple systems estimation: the options every estimator reads, the
 * `_init`s of the module's sized structs, and the small helpers its rooms
 * share (lib/mse_internal.h lists the rooms). Formulas and conventions:
 * docs/mse.md. */
#include "mse_internal.h"
#include "alloc_internal.h"
#include "sized_internal.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* ---- small helpers ----------------------------------------------------- */

unsigned cas__mse_popcount(uint64_t v)
{
    unsigned n = 0;
    for (; v; v &= v - 1)
        n++;
    return n;
}

char *cas__mse_dup_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = cas__malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void cas__mse_pattern_text(char *buf, uint32_t pattern, uint32_t lists)
{
    for (uint32_t j = 0; j < lists; j++)
        buf[j] = (pattern >> j) & 1u ? '1' : '0';
    buf[lists] = '\0';
}

/* ---- options -------------------------------------------------------------- */

cas_status cas__mse_get_options(cas_mse_options *o, const cas_mse_options *in, cas_error *err)
{
    cas_mse_options_init(o);
    if (!in)
        return CAS_OK;
    if (!CAS__SIZED_OK(in, cas_mse_options))
        return cas__fail(err, CAS_ERR_ARG, "size",
                         "options.size is %u, expected at least %zu (call cas_mse_options_init())",
                         (unsigned)in->size, (size_t)CAS__V1_cas_mse_options);
    cas__sized_read(o, in, o, sizeof *o);
    if (o->flags & ~(uint32_t)(CAS_MSE_ALLOW_SATURATED | CAS_MSE_NO_PROFILE))
        return cas__fail(err, CAS_ERR_ARG, "flags", "unknown option flags 0x%x",
                         (unsigned)o->flags);
    if (!(o->level > 0.0 && o->level < 1.0))
        return cas__fail(err, CAS_ERR_ARG, "level",
                         "confidence level must be between 0 and 1, got %g", o->level);
    if (o->criterion != CAS_MSE_AIC && o->criterion != CAS_MSE_BIC)
        return cas__fail(err, CAS_ERR_ARG, "criterion", "unknown criterion %d", (int)o->criterion);
    if (!(o->support >= 0.0) || !isfinite(o->support))
        return cas__fail(err, CAS_ERR_ARG, "support",
                         "support must be a finite number >= 0, got %g", o->support);
    if (o->max_iterations < 0)
        return cas__fail(err, CAS_ERR_ARG, "max_iterations", "max_iterations must be >= 0, got %d",
                         (int)o->max_iterations);
    return CAS_OK;
}

static const cas_mse_options options_default = {
    .size = sizeof options_default,
    .level = 0.95,
    .criterion = CAS_MSE_AIC,
    .support = 2.0,
};

void cas_mse_options_init_size(cas_mse_options *opts, size_t size)
{
    cas__sized_init(opts, size, &options_default, sizeof options_default);
}

CAS__DEFINE_INIT(cas_mse_summary, 0)

CAS__DEFINE_INIT(cas_mse_spread, 0)
