/* SPDX-License-Identifier: MIT */
/* Across scopes (docs/model.md section 6): what the sums (sum.c) and the
 * propagation (propagation*.c) share, in disjoint.c and here. Never
 * installed. */
#ifndef CAS_AGGREGATE_INTERNAL_H
#define CAS_AGGREGATE_INTERNAL_H

#include "reconcile_internal.h"
#include "claim_internal.h"
#include "casualty/aggregate.h"

/* Periods as closed intervals of int64, unknown ends open. */
static inline int64_t cas__day_lo(int32_t d)
{
    return d == CAS_DATE_UNKNOWN ? INT64_MIN : d;
}

static inline int64_t cas__day_hi(int32_t d)
{
    return d == CAS_DATE_UNKNOWN ? INT64_MAX : d;
}

/* The dimensions compared as paths: 0 outcome, 1 group, 2 perpetrator,
 * 3 place, 4 event (an event id is a path of one segment, or more for a
 * sub-event). The period is dimension CAS__NPATHS. */
#define CAS__NPATHS 5

/* Path dimension @d of @s, "" for NULL. */
static inline const char *cas__dim_path(const cas_scope *s, int d)
{
    const char *p = d == 0   ? s->outcome
                    : d == 1 ? s->group
                    : d == 2 ? s->perpetrator
                    : d == 3 ? s->place
                             : s->event;
    return p ? p : "";
}

/* ---- disjoint.c ---- */

/* Tree order of paths: a path comes right before its descendants, because
 * '/' sorts below every other byte a path may hold. */
int cas__tree_cmp(const char *a, const char *b);

/* Sort @n uint32 keys at @a stably by @cmp, which gets @ctx; fails only
 * when out of memory. */
typedef int (*cas__sort_cmp)(const void *ctx, uint32_t a, uint32_t b);
cas_status cas__sort_by(uint32_t *a, size_t n, cas__sort_cmp cmp, const void *ctx);

/* Check that @n scopes are pairwise disjoint; on an overlap fail with
 * CAS_ERR_OVERLAP naming the pair as "@what N". */
cas_status cas__check_disjoint(const cas_scope *const *s, size_t n, const char *what,
                               cas_error *err);

#endif
