/* SPDX-License-Identifier: MIT */
/* What every result module shares (the reconciliation, the comparison,
 * the sums and propagation, the source matrix, the printers): the gap
 * and ratio between two counts, the order and description of scopes, a
 * claim's public reference, and growing a list of indices. */
#include "reconcile_internal.h"
#include "json_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int64_t cas__range_gap(int64_t alow, int64_t ahigh, int64_t blow, int64_t bhigh)
{
    /* Both ranges are non-negative, so the differences cannot overflow. */
    if (ahigh != CAS_OPEN && ahigh < blow)
        return blow - ahigh;
    if (bhigh != CAS_OPEN && bhigh < alow)
        return alow - bhigh;
    return 0;
}

double cas__ratio(int64_t a, int64_t b)
{
    if (b == 0)
        return NAN;
    return (double)a / (double)b;
}

int cas__within(int64_t x, int64_t y, int32_t kind, double t)
{
    int64_t hi = x > y ? x : y, d = x > y ? x - y : y - x;
    if (d == 0)
        return 1;
    if (kind == CAS_TOLERANCE_SHARE)
        return (double)d <= t * (double)hi;
    if (kind == CAS_TOLERANCE_COUNT)
        return (double)d <= t;
    return 0;
}

void cas__tolerance_text(char *buf, size_t size, int32_t kind, double t)
{
    if (kind == CAS_TOLERANCE_SHARE)
        cas__real_fmt(buf, size, "%g%%", t * 100);
    else if (kind == CAS_TOLERANCE_COUNT)
        cas__real_text(buf, size, t, 0);
    else if (size)
        buf[0] = '\0';
}

static int str_order(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int day_order(int32_t a, int32_t b)
{
    return (a > b) - (a < b);
}

int cas__scope_order(const cas_scope *a, const cas_scope *b)
{
    int c;
    if ((c = str_order(a->outcome, b->outcome)) || (c = str_order(a->group, b->group)) ||
        (c = str_order(a->perpetrator, b->perpetrator)) || (c = str_order(a->place, b->place)) ||
        (c = day_order(a->period_start, b->period_start)) ||
        (c = day_order(a->period_end, b->period_end)))
        return c;
    return str_order(a->event, b->event);
}

void cas__claim_ref_fill(const cas_ledger *l, uint32_t index, cas_claim_ref *out)
{
    const cas__claim *c = &l->claims[index];
    cas_claim_ref ref;

    cas_claim_ref_init(&ref);
    ref.index = index;
    ref.id = cas__pool_str(&l->pool, c->id);
    ref.source = cas__pool_str(&l->pool, c->source);
    ref.low = c->low;
    ref.high = c->high;
    ref.figure = cas__figure(c);
    cas__sized_write(out, &ref, sizeof ref);
}

static void describe_day(char *buf, size_t size, int32_t d)
{
    if (d == CAS_DATE_UNKNOWN || cas_date_format(buf, size, d) != CAS_OK)
        snprintf(buf, size, "?");
}

void cas__scope_describe(char *buf, size_t size, const cas_scope *s)
{
    char a[16], b[16];
    const char *o = s->outcome && *s->outcome ? s->outcome : "*";
    const char *g = s->group && *s->group ? s->group : "*";
    const char *p = s->perpetrator && *s->perpetrator ? s->perpetrator : "*";
    const char *pl = s->place && *s->place ? s->place : "*";

    describe_day(a, sizeof a, s->period_start);
    describe_day(b, sizeof b, s->period_end);
    if (s->event && *s->event)
        snprintf(buf, size, "%.40s %.60s by %.40s in %.60s %s..%s event %.60s", o, g, p, pl, a, b,
                 s->event);
    else
        snprintf(buf, size, "%.40s %.60s by %.40s in %.60s %s..%s", o, g, p, pl, a, b);
}

cas_status cas__u32_push(uint32_t **a, size_t *n, size_t *cap, uint32_t v)
{
    if (!cas__grow((void **)a, cap, *n + 1, sizeof **a, 64))
        return CAS_ERR_NOMEM;
    (*a)[(*n)++] = v;
    return CAS_OK;
}
