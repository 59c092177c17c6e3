/* SPDX-License-Identifier: MIT */
/* Series of cumulative counts (docs/model.md section 12): reports in
 * order of cutoff, revisions, restarts, increments, and the sources of
 * one scope compared as of every day. */
#include "alloc_internal.h"
#include "sized_internal.h"
#include "sort_internal.h"
#include "util_internal.h"
#include "casualty/series.h"

#include <string.h>

/* A claim with a known period, as the series see it. */
typedef struct rep {
    const char *source, *outcome, *group, *perp, *place, *event, *id;
    int32_t start, cutoff, reported_on;
    uint32_t claim;
    int64_t low, high;
} rep;

typedef struct ser {
    size_t first, n; /* its reports: reps[first .. first + n) */
    uint32_t phase, panel, revisions;
    int64_t revised;
} ser;

typedef struct pan {
    size_t first, n; /* its members: series[first .. first + n) */
    int32_t first_day, last_day;
    uint32_t agree, differ;
} pan;

struct cas_series {
    rep *reps;
    size_t nreps;
    ser *series;
    size_t nseries;
    pan *panels;
    size_t npanels;
    /* per report: increment, revision and the report it revises */
    int64_t *increment, *revision;
    uint32_t *revised_from;
};

CAS__DEFINE_INIT(cas_series_info, 0)
CAS__DEFINE_INIT(cas_series_report, 0)
CAS__DEFINE_INIT(cas_series_panel, 0)
CAS__DEFINE_INIT(cas_series_asof, 0)

static const char *nz(const char *s)
{
    return s ? s : "";
}

/* The scope without its period: what a restart keeps. */
static int scope_cmp(const rep *a, const rep *b)
{
    int c;
    if ((c = strcmp(a->outcome, b->outcome)) || (c = strcmp(a->group, b->group)) ||
        (c = strcmp(a->perp, b->perp)) || (c = strcmp(a->place, b->place)) ||
        (c = strcmp(a->event, b->event)))
        return c;
    return 0;
}

/* Panel order: scope, start. */
static int panel_cmp(const rep *a, const rep *b)
{
    int c = scope_cmp(a, b);
    if (c)
        return c;
    return (a->start > b->start) - (a->start < b->start);
}

/* Series order: panel, source. */
static int series_cmp(const rep *a, const rep *b)
{
    int c = panel_cmp(a, b);
    return c ? c : strcmp(a->source, b->source);
}

/* Report order: series, cutoff, reported_on (unknown first), ledger
 * position (the sort is stable and the input in ledger order). */
static int rep_less(const void *ctx, const rep *a, const rep *b)
{
    (void)ctx;
    int c = series_cmp(a, b);
    if (c)
        return c < 0;
    if (a->cutoff != b->cutoff)
        return a->cutoff < b->cutoff;
    return a->reported_on < b->reported_on;
}
#define REP_LESS(ctx, x, y) rep_less((ctx), &(x), &(y))
CAS__DEFINE_MERGE_SORT(rep_sort, rep, const void *, REP_LESS)

/* Restart order over series: source and scope, then start. */
static int restart_less(const rep *reps, const ser *x, const ser *y)
{
    const rep *a = &reps[x->first], *b = &reps[y->first];
    int c = strcmp(a->source, b->source);
    if (!c)
        c = scope_cmp(a, b);
    if (c)
        return c < 0;
    return a->start < b->start;
}
#define SER_LESS(ctx, x, y) restart_less((ctx), &(x), &(y))
CAS__DEFINE_MERGE_SORT(ser_sort, ser, const rep *, SER_LESS)

/* Revisions and increments of one series. */
static void series_walk(cas_series *s, ser *sr)
{
    size_t best = sr->first; /* the report with the highest low so far */
    for (size_t k = sr->first; k < sr->first + sr->n; k++) {
        const rep *r = &s->reps[k];
        s->increment[k] = k == sr->first ? r->low : r->low - s->reps[k - 1].low;
        s->revision[k] = 0;
        s->revised_from[k] = 0;
        if (k > sr->first && r->high != CAS_OPEN && r->high < s->reps[best].low) {
            s->revision[k] = s->reps[best].low - r->high;
            s->revised_from[k] = (uint32_t)(best - sr->first);
            sr->revisions++;
            sr->revised += s->revision[k];
        }
        if (r->low > s->reps[best].low)
            best = k;
    }
}

/* The floor (last report with cutoff <= day) of a series: its position in
 * reps, or SIZE_MAX for none. */
static size_t floor_of(const cas_series *s, const ser *sr, int32_t day)
{
    size_t lo = 0, hi = sr->n; /* first report with cutoff > day */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->reps[sr->first + mid].cutoff <= day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? SIZE_MAX : sr->first + lo - 1;
}

/* A series' range as of a day, from its floor @f (SIZE_MAX: none) and its
 * ceiling @c (SIZE_MAX: none). */
static void range_of(const cas_series *s, size_t f, size_t c, int64_t *low, int64_t *high)
{
    *low = f == SIZE_MAX ? 0 : s->reps[f].low;
    *high = c == SIZE_MAX ? CAS_OPEN : s->reps[c].high;
    if (*high != CAS_OPEN && *high < *low)
        *low = *high; /* a later downward revision prevails */
}

/* The ceiling of series @sr given its floor @f: the next report, or
 * SIZE_MAX for none. */
static size_t ceiling_of(const ser *sr, size_t f)
{
    size_t c = f == SIZE_MAX ? sr->first : f + 1;
    return c < sr->first + sr->n ? c : SIZE_MAX;
}

/* Whether the members of panel @p agree given each member's floor
 * (@floors, or NULL to find each one as of @day): their ranges meet. */
static int panel_agree(const cas_series *s, const pan *p, const size_t *floors, int32_t day)
{
    int64_t maxlow = 0, minhigh = CAS_OPEN;
    for (size_t m = 0; m < p->n; m++) {
        const ser *sr = &s->series[p->first + m];
        size_t f = floors ? floors[m] : floor_of(s, sr, day);
        int64_t low, high;
        range_of(s, f, ceiling_of(sr, f), &low, &high);
        if (low > maxlow)
            maxlow = low;
        if (high != CAS_OPEN && (minhigh == CAS_OPEN || high < minhigh))
            minhigh = high;
    }
    return minhigh == CAS_OPEN || maxlow <= minhigh;
}

/* Count a panel's days of agreement. The members' ranges change only on
 * cutoff days, so the days between two successive cutoffs of any member
 * share one verdict: walk those stretches, advancing each member's floor. */
static void panel_days(const cas_series *s, pan *p, size_t *floors)
{
    int32_t day = p->first_day;
    for (size_t m = 0; m < p->n; m++)
        floors[m] = SIZE_MAX;
    while (day <= p->last_day) {
        int32_t next = p->last_day + 1; /* the next cutoff after day */
        for (size_t m = 0; m < p->n; m++) {
            const ser *sr = &s->series[p->first + m];
            size_t f = floors[m] == SIZE_MAX ? sr->first : floors[m] + 1;
            while (f < sr->first + sr->n && s->reps[f].cutoff <= day)
                floors[m] = f++;
            if (f < sr->first + sr->n && s->reps[f].cutoff < next)
                next = s->reps[f].cutoff;
        }
        uint32_t days = (uint32_t)((int64_t)next - day);
        if (panel_agree(s, p, floors, day))
            p->agree += days;
        else
            p->differ += days;
        day = next;
    }
}

static cas_status series_read(cas_series *s, const cas_ledger *l)
{
    size_t n = cas_ledger_count(l);
    cas_claim c;
    cas_status st;

    s->reps = cas__malloc((n ? n : 1) * sizeof *s->reps);
    if (!s->reps)
        return CAS_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        cas_claim_init(&c);
        if ((st = cas_ledger_get(l, i, &c)) != CAS_OK)
            return st;
        if (c.scope.period_start == CAS_DATE_UNKNOWN || c.scope.period_end == CAS_DATE_UNKNOWN)
            continue;
        rep *r = &s->reps[s->nreps++];
        r->source = nz(c.source);
        r->outcome = nz(c.scope.outcome);
        r->group = nz(c.scope.group);
        r->perp = nz(c.scope.perpetrator);
        r->place = nz(c.scope.place);
        r->event = nz(c.scope.event);
        r->id = nz(c.id);
        r->start = c.scope.period_start;
        r->cutoff = c.scope.period_end;
        r->reported_on = c.reported_on;
        r->claim = (uint32_t)i;
        r->low = c.low;
        r->high = c.high;
    }
    return CAS_OK;
}

static cas_status series_build(cas_series *s)
{
    size_t n = s->nreps;
    size_t cap = n ? n : 1;
    rep *tmp = cas__malloc(cap * sizeof *tmp);
    ser *stmp = NULL;
    size_t *floors = NULL;
    cas_status st = CAS_ERR_NOMEM;

    s->series = cas__malloc(cap * sizeof *s->series);
    s->panels = cas__malloc(cap * sizeof *s->panels);
    s->increment = cas__malloc(cap * sizeof *s->increment);
    s->revision = cas__malloc(cap * sizeof *s->revision);
    s->revised_from = cas__malloc(cap * sizeof *s->revised_from);
    if (!tmp || !s->series || !s->panels || !s->increment || !s->revision || !s->revised_from)
        goto done;
    rep_sort(s->reps, tmp, n, NULL);

    size_t widest = 1;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || series_cmp(&s->reps[i - 1], &s->reps[i]) != 0) {
            ser *sr = &s->series[s->nseries++];
            memset(sr, 0, sizeof *sr);
            sr->first = i;
            if (i == 0 || panel_cmp(&s->reps[i - 1], &s->reps[i]) != 0) {
                pan *p = &s->panels[s->npanels++];
                memset(p, 0, sizeof *p);
                p->first = s->nseries - 1;
                p->first_day = s->reps[i].cutoff;
                p->last_day = s->reps[i].cutoff;
            }
        }
        ser *sr = &s->series[s->nseries - 1];
        pan *p = &s->panels[s->npanels - 1];
        sr->n++;
        sr->panel = (uint32_t)(s->npanels - 1);
        p->n = s->nseries - p->first;
        if (p->n > widest)
            widest = p->n;
        if (s->reps[i].cutoff < p->first_day)
            p->first_day = s->reps[i].cutoff;
        if (s->reps[i].cutoff > p->last_day)
            p->last_day = s->reps[i].cutoff;
    }
    for (size_t i = 0; i < s->nseries; i++)
        series_walk(s, &s->series[i]);

    /* Phases: sort a copy by source, scope and start; number the starts. */
    ser *order = cas__malloc((s->nseries ? s->nseries : 1) * sizeof *order);
    stmp = cas__malloc((s->nseries ? s->nseries : 1) * sizeof *stmp);
    floors = cas__malloc(widest * sizeof *floors);
    if (!order || !stmp || !floors) {
        cas__free(order);
        goto done;
    }
    for (size_t i = 0; i < s->nseries; i++) {
        order[i] = s->series[i];
        order[i].panel = (uint32_t)i; /* remember where it came from */
    }
    ser_sort(order, stmp, s->nseries, s->reps);
    for (size_t i = 0; i < s->nseries; i++) {
        const rep *a = &s->reps[order[i].first];
        uint32_t phase = 1;
        if (i > 0) {
            const rep *b = &s->reps[order[i - 1].first];
            if (strcmp(a->source, b->source) == 0 && scope_cmp(a, b) == 0)
                phase = s->series[order[i - 1].panel].phase + 1;
        }
        s->series[order[i].panel].phase = phase;
    }
    cas__free(order);
    for (size_t p = 0; p < s->npanels; p++)
        panel_days(s, &s->panels[p], floors);
    st = CAS_OK;
done:
    cas__free(tmp);
    cas__free(stmp);
    cas__free(floors);
    return st;
}

cas_status cas_series_new(cas_series **out, const cas_ledger *ledger, cas_error *err)
{
    cas_series *s;
    cas_status st;

    if (!out || !ledger)
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL", out ? "ledger" : "out");
    if (cas_ledger_count(ledger) > UINT32_MAX)
        return cas__fail(err, CAS_ERR_ARG, "", "more than 2^32 claims");
    s = cas__calloc(1, sizeof *s);
    if (!s)
        return cas__fail(err, CAS_ERR_NOMEM, "", "%s", cas_strerror(CAS_ERR_NOMEM));
    if ((st = series_read(s, ledger)) == CAS_OK)
        st = series_build(s);
    if (st != CAS_OK) {
        cas_series_free(s);
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    }
    *out = s;
    return CAS_OK;
}

void cas_series_free(cas_series *s)
{
    if (!s)
        return;
    cas__free(s->reps);
    cas__free(s->series);
    cas__free(s->panels);
    cas__free(s->increment);
    cas__free(s->revision);
    cas__free(s->revised_from);
    cas__free(s);
}

size_t cas_series_count(const cas_series *s)
{
    return s ? s->nseries : 0;
}

size_t cas_series_panels(const cas_series *s)
{
    return s ? s->npanels : 0;
}

static void scope_of(const rep *r, int32_t end, cas_scope *scope)
{
    *scope = cas__scope_all;
    scope->outcome = r->outcome;
    scope->group = r->group;
    scope->perpetrator = r->perp;
    scope->place = r->place;
    scope->event = r->event;
    scope->period_start = r->start;
    scope->period_end = end;
}

cas_status cas_series_get(const cas_series *s, size_t index, cas_series_info *out)
{
    if (!s || !CAS__SIZED_OK(out, cas_series_info))
        return CAS_ERR_ARG;
    if (index >= s->nseries)
        return CAS_ERR_NOT_FOUND;
    const ser *sr = &s->series[index];
    const rep *r = &s->reps[sr->first];
    cas_series_info v;
    memset(&v, 0, sizeof v);
    v.size = sizeof v;
    v.phase = sr->phase;
    v.source = r->source;
    scope_of(r, s->reps[sr->first + sr->n - 1].cutoff, &v.scope);
    v.reports = (uint32_t)sr->n;
    v.revisions = sr->revisions;
    v.revised = sr->revised;
    v.panel = sr->panel;
    cas__sized_write(out, &v, sizeof v);
    return CAS_OK;
}

cas_status cas_series_report_get(const cas_series *s, size_t index, size_t k,
                                 cas_series_report *out)
{
    if (!s || !CAS__SIZED_OK(out, cas_series_report))
        return CAS_ERR_ARG;
    if (index >= s->nseries || k >= s->series[index].n)
        return CAS_ERR_NOT_FOUND;
    const ser *sr = &s->series[index];
    size_t at = sr->first + k;
    const rep *r = &s->reps[at];
    cas_series_report v;
    memset(&v, 0, sizeof v);
    v.size = sizeof v;
    v.cutoff = r->cutoff;
    v.reported_on = r->reported_on;
    v.days = k == 0 ? r->cutoff - r->start + 1 : r->cutoff - s->reps[at - 1].cutoff;
    v.claim_id = r->id;
    v.claim = r->claim;
    v.revised_from = s->revised_from[at];
    v.low = r->low;
    v.high = r->high;
    v.increment = s->increment[at];
    v.revision = s->revision[at];
    cas__sized_write(out, &v, sizeof v);
    return CAS_OK;
}

cas_status cas_series_panel_get(const cas_series *s, size_t panel, cas_series_panel *out)
{
    if (!s || !CAS__SIZED_OK(out, cas_series_panel))
        return CAS_ERR_ARG;
    if (panel >= s->npanels)
        return CAS_ERR_NOT_FOUND;
    const pan *p = &s->panels[panel];
    cas_series_panel v;
    memset(&v, 0, sizeof v);
    v.size = sizeof v;
    v.members = (uint32_t)p->n;
    scope_of(&s->reps[s->series[p->first].first], p->last_day, &v.scope);
    v.first_day = p->first_day;
    v.last_day = p->last_day;
    v.days_agree = p->agree;
    v.days_differ = p->differ;
    cas__sized_write(out, &v, sizeof v);
    return CAS_OK;
}

cas_status cas_series_panel_member(const cas_series *s, size_t panel, size_t k, uint32_t *out)
{
    if (!s || !out)
        return CAS_ERR_ARG;
    if (panel >= s->npanels || k >= s->panels[panel].n)
        return CAS_ERR_NOT_FOUND;
    *out = (uint32_t)(s->panels[panel].first + k);
    return CAS_OK;
}

cas_status cas_series_asof_get(const cas_series *s, size_t panel, int32_t day, size_t k,
                               cas_series_asof *out)
{
    if (!s || !CAS__SIZED_OK(out, cas_series_asof) || day == CAS_DATE_UNKNOWN)
        return CAS_ERR_ARG;
    if (panel >= s->npanels || k >= s->panels[panel].n)
        return CAS_ERR_NOT_FOUND;
    const pan *p = &s->panels[panel];
    const ser *sr = &s->series[p->first + k];
    size_t f = floor_of(s, sr, day), c = ceiling_of(sr, f);
    cas_series_asof v;
    memset(&v, 0, sizeof v);
    v.size = sizeof v;
    v.day = day;
    v.series = (uint32_t)(p->first + k);
    v.floor_day = f == SIZE_MAX ? CAS_DATE_UNKNOWN : s->reps[f].cutoff;
    v.ceiling_day = c == SIZE_MAX ? CAS_DATE_UNKNOWN : s->reps[c].cutoff;
    v.stale = f == SIZE_MAX ? -1 : (int32_t)((int64_t)day - s->reps[f].cutoff);
    v.floor = f == SIZE_MAX ? CAS_NONE : s->reps[f].low;
    v.ceiling = c == SIZE_MAX ? CAS_OPEN : s->reps[c].high;
    range_of(s, f, c, &v.low, &v.high);
    v.agree = panel_agree(s, p, NULL, day);
    cas__sized_write(out, &v, sizeof v);
    return CAS_OK;
}
