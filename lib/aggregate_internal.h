/* SPDX-License-Identifier: MIT */
/* Across scopes (docs/model.md section 6): what the sums (sum.c) and the
 * propagation (propagation*.c) share, in disjoint.c and here. Never
 * installed. */
#ifndef CAS_AGGREGATE_INTERNAL_H
#define CAS_AGGREGATE_INTERNAL_H

#include "reconcile_internal.h"
#include "claim_internal.h"
#include "casualty/aggregate.h"
#include "casualty/vocab.h"

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

/* The first four are the dimensions a vocabulary speaks of (cas_dimension). */
#define CAS__NVOCAB 4

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

/* Find two of @n scopes that are not disjoint under vocabulary @v
 * (docs/model.md section 10): *@found 1 and their positions in *@fa <
 * *@fb, or *@found 0. Paths are canonicalised under @v first. Near-linear
 * unless many scopes overlap: the scopes are grouped by tree order, one
 * dimension after the other, and compared pairwise only within groups. */
cas_status cas__find_overlap(const cas_vocab *v, const cas_scope *const *s, size_t n, int *found,
                             size_t *fa, size_t *fb, cas_error *err);

/* Check that @n scopes are pairwise disjoint under @v; on an overlap fail
 * with CAS_ERR_OVERLAP naming the pair as "@what N" and why (the
 * vocabulary's words: "'civilians/children' and 'civilians/women'
 * overlap: each is only a floor for 'civilians'"). */
cas_status cas__check_disjoint(const cas_vocab *v, const cas_scope *const *s, size_t n,
                               const char *what, cas_error *err);

/* *@within 1 when scope @part lies within scope @whole under @v (each
 * path the same or within, `killed` within `casualties`; the period
 * inside), else 0. */
cas_status cas__scope_within(const cas_vocab *v, const cas_scope *part, const cas_scope *whole,
                             int *within, cas_error *err);

#endif
