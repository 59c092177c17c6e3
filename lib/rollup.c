/* SPDX-License-Identifier: MIT */
/* Roll-ups (docs/model.md section 11): a source's current event claims
 * summed per cut place and calendar bucket, as a new ledger of derived
 * claims (casualty/rollup.h says what goes in and what comes out).
 *
 * One pass makes the terms (a claim in one bucket, or its share of each
 * bucket when split), one sort by content groups them, and each group
 * becomes a derived claim. Nothing is compared by pool id alone across
 * groups, so the order of the ledger never shows through. */
#include "aggregate_internal.h"
#include "alloc_internal.h"
#include "reconcile_internal.h"
#include "sort_internal.h"
#include "strbuf_internal.h"
#include "casualty/rollup.h"

#include <stdio.h>
#include <string.h>

/* The first and last day numbers cas_date_from_ymd() can give. */
#define DAY_MIN (-719162) /* 0001-01-01 */
#define DAY_MAX 2932896   /* 9999-12-31 */

enum { HOW_WHOLE, HOW_FIRST, HOW_SPLIT };

/* A claim, or its share, in one bucket. */
typedef struct term {
    uint32_t claim;     /* input index */
    uint32_t place_len; /* bytes of the place kept */
    int32_t bstart;     /* the bucket's first day: with bend, its key */
    int32_t bend;
    int64_t low, high, best;
    uint8_t how;
} term;

struct cas_rollup_info {
    const cas_ledger *in;
    term *terms; /* grouped: derived claim k is terms [off[k], off[k+1]) */
    size_t nterms;
    size_t *off;
    size_t nderived;
    uint32_t *left; /* straddlers left out, by claim id */
    size_t nleft;
    cas_rollup_summary sum;
};

CAS__DEFINE_INIT(cas_rollup_options, .place_depth = 1, .unit = CAS_ROLLUP_MONTH,
                 .straddle = CAS_STRADDLE_LIST, .bases = CAS_BASES_DEFAULT, .max_cited = 10)
CAS__DEFINE_INIT(cas_rollup_summary, 0)

static const char *const unit_names[] = {"day", "week", "month", "quarter", "year"};
static const char *const straddle_names[] = {"list", "first", "split"};

const char *cas_rollup_unit_name(int32_t unit)
{
    return unit >= 0 && unit <= CAS_ROLLUP_YEAR ? unit_names[unit] : NULL;
}

const char *cas_straddle_name(int32_t straddle)
{
    return straddle >= 0 && straddle <= CAS_STRADDLE_SPLIT ? straddle_names[straddle] : NULL;
}

static cas_status from_name(int32_t *out, const char *name, const char *const *names, int32_t n)
{
    if (!out || !name)
        return CAS_ERR_ARG;
    for (int32_t i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = i;
            return CAS_OK;
        }
    return CAS_ERR_VALUE;
}

cas_status cas_rollup_unit_from_name(int32_t *out, const char *name)
{
    return from_name(out, name, unit_names, CAS_ROLLUP_YEAR + 1);
}

cas_status cas_straddle_from_name(int32_t *out, const char *name)
{
    return from_name(out, name, straddle_names, CAS_STRADDLE_SPLIT + 1);
}

/* ---- buckets ---- */

static int32_t day_of(int32_t y, int32_t m, int32_t d)
{
    int32_t out = 0;
    cas_date_from_ymd(&out, y, m, d);
    return out;
}

/* The bucket of @day: its first and last day, cut to the days that
 * exist. */
static void bucket_of(int32_t day, int32_t unit, int32_t *start, int32_t *end)
{
    int32_t y, m, d, m0, m1;
    int64_t s, e;

    if (unit == CAS_ROLLUP_DAY) {
        *start = *end = day;
        return;
    }
    if (unit == CAS_ROLLUP_WEEK) {
        /* 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday. */
        int64_t wd = (((int64_t)day + 3) % 7 + 7) % 7;
        s = (int64_t)day - wd;
        e = s + 6;
        *start = (int32_t)(s < DAY_MIN ? DAY_MIN : s);
        *end = (int32_t)(e > DAY_MAX ? DAY_MAX : e);
        return;
    }
    cas_date_to_ymd(&y, &m, &d, day);
    if (unit == CAS_ROLLUP_MONTH)
        m0 = m1 = m;
    else if (unit == CAS_ROLLUP_QUARTER)
        m0 = (m - 1) / 3 * 3 + 1, m1 = m0 + 2;
    else
        m0 = 1, m1 = 12;
    *start = day_of(y, m0, 1);
    *end = day_of(y, m1, cas__month_length(y, m1));
}

/* The bucket's name in ids: 2016-03-05, 2016-W09, 2016-03, 2016-Q1, 2016. */
static void bucket_label(cas__strbuf *b, int32_t start, int32_t unit)
{
    int32_t y, m, d;

    if (unit == CAS_ROLLUP_WEEK) {
        /* The ISO year is the Thursday's; week 1 holds its first Thursday. */
        int32_t thu = start + 3 > DAY_MAX ? DAY_MAX : start + 3;
        cas_date_to_ymd(&y, &m, &d, thu);
        cas__strbuf_putf(b, "%04d-W%02d", (int)y, (int)((thu - day_of(y, 1, 1)) / 7 + 1));
        return;
    }
    cas_date_to_ymd(&y, &m, &d, start);
    if (unit == CAS_ROLLUP_DAY)
        cas__strbuf_putf(b, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
    else if (unit == CAS_ROLLUP_MONTH)
        cas__strbuf_putf(b, "%04d-%02d", (int)y, (int)m);
    else if (unit == CAS_ROLLUP_QUARTER)
        cas__strbuf_putf(b, "%04d-Q%d", (int)y, (int)((m - 1) / 3 + 1));
    else
        cas__strbuf_putf(b, "%04d", (int)y);
}

/* The share of @x spread over @days days (the remainder one each on the
 * first days) that falls on days [@a, @b] (0-based). */
static int64_t share(int64_t x, int64_t days, int64_t a, int64_t b)
{
    int64_t r, extra;

    if (x == CAS_OPEN || x == CAS_NONE)
        return x;
    r = x % days;
    extra = r > a ? (r - 1 < b ? r - 1 : b) - a + 1 : 0;
    return x / days * (b - a + 1) + extra;
}

/* ---- the terms ---- */

typedef struct build {
    const cas_ledger *in;
    cas_rollup_options o;
    term *terms;
    size_t nterms, cap;
    uint32_t *left;
    size_t nleft, left_cap;
    cas_rollup_summary sum;
} build;

static int add_term(build *b, uint32_t claim, uint32_t place_len, int32_t bs, int32_t be,
                    int64_t low, int64_t high, int64_t best, uint8_t how)
{
    term *t;

    if (!cas__grow((void **)&b->terms, &b->cap, b->nterms + 1, sizeof *b->terms, 1024))
        return 0;
    t = &b->terms[b->nterms++];
    t->claim = claim;
    t->place_len = place_len;
    t->bstart = bs;
    t->bend = be;
    t->low = low;
    t->high = high;
    t->best = best;
    t->how = how;
    return 1;
}

/* The bytes of @place (@len of them) within its first @depth segments. */
static uint32_t cut_place(const char *place, uint32_t len, uint32_t depth)
{
    uint32_t seen = 0;

    if (depth == 0)
        return 0;
    for (uint32_t i = 0; i < len; i++)
        if (place[i] == '/' && ++seen == depth)
            return i;
    return len;
}

/* Make the terms of claim @i (or list it as left out). */
static cas_status place_claim(build *b, uint32_t i)
{
    const cas__claim *c = &b->in->claims[i];
    const cas__pool *pool = &b->in->pool;
    uint32_t pl =
        cut_place(cas__pool_str(pool, c->place), cas__pool_len(pool, c->place), b->o.place_depth);
    int32_t s = c->period_start, e = c->period_end, bs = 0, be = 0;
    int straddles;

    if (s != CAS_DATE_UNKNOWN)
        bucket_of(s, b->o.unit, &bs, &be);
    straddles = s == CAS_DATE_UNKNOWN || e == CAS_DATE_UNKNOWN || e > be;
    if (!straddles)
        return add_term(b, i, pl, bs, be, c->low, c->high, c->best, HOW_WHOLE) ? CAS_OK
                                                                               : CAS_ERR_NOMEM;
    b->sum.straddlers++;
    if (s != CAS_DATE_UNKNOWN && b->o.straddle == CAS_STRADDLE_FIRST) {
        b->sum.first++;
        return add_term(b, i, pl, bs, be, c->low, c->high, c->best, HOW_FIRST) ? CAS_OK
                                                                               : CAS_ERR_NOMEM;
    }
    if (s != CAS_DATE_UNKNOWN && e != CAS_DATE_UNKNOWN && b->o.straddle == CAS_STRADDLE_SPLIT) {
        int64_t days = (int64_t)e - s + 1;
        b->sum.split++;
        while (bs <= e) {
            int64_t a = (bs > s ? bs : s) - (int64_t)s, z = (be < e ? be : e) - (int64_t)s;
            if (!add_term(b, i, pl, bs, be, share(c->low, days, a, z), share(c->high, days, a, z),
                          share(c->best, days, a, z), HOW_SPLIT))
                return CAS_ERR_NOMEM;
            if (be >= DAY_MAX)
                break;
            bucket_of(be + 1, b->o.unit, &bs, &be);
        }
        return CAS_OK;
    }
    b->sum.left_out++;
    if (!cas__grow((void **)&b->left, &b->left_cap, b->nleft + 1, sizeof *b->left, 64))
        return CAS_ERR_NOMEM;
    b->left[b->nleft++] = i;
    return CAS_OK;
}

/* ---- orders ---- */

static int str_cmp(const cas__pool *p, uint32_t a, uint32_t b)
{
    return a == b ? 0 : strcmp(cas__pool_str(p, a), cas__pool_str(p, b));
}

/* The group key: source, outcome, group, perpetrator, cut place, bucket. */
static int key_cmp(const cas_ledger *l, const term *x, const term *y)
{
    const cas__claim *a = &l->claims[x->claim], *b = &l->claims[y->claim];
    const cas__pool *p = &l->pool;
    uint32_t n = x->place_len < y->place_len ? x->place_len : y->place_len;
    int c;

    if ((c = str_cmp(p, a->source, b->source)) || (c = str_cmp(p, a->outcome, b->outcome)) ||
        (c = str_cmp(p, a->group, b->group)) || (c = str_cmp(p, a->perpetrator, b->perpetrator)))
        return c;
    if ((a->place != b->place || x->place_len != y->place_len) &&
        ((c = memcmp(cas__pool_str(p, a->place), cas__pool_str(p, b->place), n)) ||
         (c = (x->place_len > y->place_len) - (x->place_len < y->place_len))))
        return c;
    return (x->bstart > y->bstart) - (x->bstart < y->bstart);
}

static int term_less(const cas_ledger *l, const term *x, const term *y)
{
    int c = key_cmp(l, x, y);
    if (c)
        return c < 0;
    return strcmp(cas__pool_str(&l->pool, l->claims[x->claim].id),
                  cas__pool_str(&l->pool, l->claims[y->claim].id)) < 0;
}

#define TERM_LESS(l, x, y) term_less((l), &(x), &(y))
CAS__DEFINE_MERGE_SORT(sort_terms, term, const cas_ledger *, TERM_LESS)

static int id_less(const cas_ledger *l, uint32_t x, uint32_t y)
{
    return strcmp(cas__pool_str(&l->pool, l->claims[x].id),
                  cas__pool_str(&l->pool, l->claims[y].id)) < 0;
}
CAS__DEFINE_MERGE_SORT(sort_by_id, uint32_t, const cas_ledger *, id_less)

/* Events in tree order ('/' below every other byte), so that the
 * sub-events of an event follow it, before any other event. */
static int event_less(const cas_ledger *l, uint32_t x, uint32_t y)
{
    uint32_t a = l->claims[x].event, b = l->claims[y].event;
    int c = a == b ? 0 : cas__tree_cmp(cas__pool_str(&l->pool, a), cas__pool_str(&l->pool, b));
    return c ? c < 0 : id_less(l, x, y);
}
CAS__DEFINE_MERGE_SORT(sort_by_event, uint32_t, const cas_ledger *, event_less)

/* ---- one derived claim ---- */

/* Write @s (@n bytes) into an id part: '%' and ':' escaped. */
static void put_part(cas__strbuf *b, const char *s, size_t n)
{
    cas__strbuf_put(b, ":", 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%')
            cas__strbuf_put(b, "%25", 3);
        else if (s[i] == ':')
            cas__strbuf_put(b, "%3A", 3);
        else
            cas__strbuf_put(b, s + i, 1);
    }
}

static void reset(cas__strbuf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

/* The claims of group @t (@n terms) on one event, or an event and one
 * of its sub-events, would count it twice: CAS_ERR_OVERLAP naming both.
 * @ev and @tmp hold room for @n indices. */
static cas_status check_events(const cas_ledger *l, const term *t, size_t n, uint32_t *ev,
                               uint32_t *tmp, cas_error *err)
{
    const cas__pool *p = &l->pool;

    for (size_t i = 0; i < n; i++)
        ev[i] = t[i].claim;
    sort_by_event(ev, tmp, n, l);
    /* In tree order everything between an event and one of its sub-events
     * lies within the event, so the first event with an ancestor (or its
     * equal) among the others has it right before: one pass over
     * neighbours, O(bytes), finds what a search for each ancestor would. */
    for (size_t i = 0; i < n; i++) {
        const char *e = cas__pool_str(p, l->claims[ev[i]].event);
        uint32_t other = CAS__NO_CLAIM;
        if (i > 0) {
            uint32_t u = l->claims[ev[i - 1]].event, w = l->claims[ev[i]].event;
            size_t ul = cas__pool_len(p, u);
            if (u == w || (ul > 0 && ul < cas__pool_len(p, w) && e[ul] == '/' &&
                           memcmp(cas__pool_str(p, u), e, ul) == 0))
                other = ev[i - 1];
        }
        if (other != CAS__NO_CLAIM) {
            const char *a = cas__pool_str(p, l->claims[other].id);
            const char *b = cas__pool_str(p, l->claims[ev[i]].id);
            char ea[96], eb[96];
            cas__quote_excerpt(ea, sizeof ea, cas__pool_str(p, l->claims[other].event),
                               cas__pool_len(p, l->claims[other].event));
            cas__quote_excerpt(eb, sizeof eb, e, strlen(e));
            return cas__fail(err, CAS_ERR_OVERLAP, "event",
                             "claims '%.200s' (event '%s') and '%.200s' (event '%s') of source "
                             "'%.100s' fall in one bucket of one scope: summing them would "
                             "count the event twice",
                             a, ea, b, eb, cas__pool_str(p, l->claims[ev[i]].source));
        }
    }
    return CAS_OK;
}

/* The basis of a sum of claims of bases @seen (CAS_BASIS_BIT()s). */
static int32_t sum_basis(uint32_t seen)
{
    if (seen & CAS_BASIS_BIT(CAS_BASIS_PARTY))
        return CAS_BASIS_PARTY;
    if (seen & CAS_BASIS_BIT(CAS_BASIS_ESTIMATED))
        return CAS_BASIS_ESTIMATED;
    if (seen & CAS_BASIS_BIT(CAS_BASIS_REPORTED))
        return CAS_BASIS_REPORTED;
    return CAS_BASIS_DOCUMENTED;
}

typedef struct texts {
    cas__strbuf id, place, cite, quote;
} texts;

/* Make the derived claim of group @t (@n terms) and add it to @out. */
static cas_status derive(cas_ledger *out, build *b, const term *t, size_t n, texts *x,
                         cas_error *err)
{
    const cas_ledger *l = b->in;
    const cas__pool *p = &l->pool;
    const cas__claim *c0 = &l->claims[t[0].claim];
    int64_t low = 0, high = 0, best = 0;
    int open = 0, nobest = 0;
    uint32_t bases = 0, kind = c0->source_kind, relay = c0->relay;
    int32_t reported = CAS_DATE_UNKNOWN;
    size_t nsplit = 0, nfirst = 0;
    cas_claim c;

    for (size_t i = 0; i < n; i++) {
        const cas__claim *ci = &l->claims[t[i].claim];
        if (__builtin_add_overflow(low, t[i].low, &low))
            return cas__fail(err, CAS_ERR_OVERFLOW, "low",
                             "the sum of the lows of source '%.200s' in one bucket does not "
                             "fit in 64 bits",
                             cas__pool_str(p, c0->source));
        if (t[i].high == CAS_OPEN)
            open = 1;
        else if (__builtin_add_overflow(high, t[i].high, &high))
            return cas__fail(err, CAS_ERR_OVERFLOW, "high",
                             "the sum of the highs of source '%.200s' in one bucket does not "
                             "fit in 64 bits",
                             cas__pool_str(p, c0->source));
        if (t[i].best == CAS_NONE)
            nobest = 1;
        else if (__builtin_add_overflow(best, t[i].best, &best))
            return cas__fail(err, CAS_ERR_OVERFLOW, "best",
                             "the sum of the best estimates of source '%.200s' in one bucket "
                             "does not fit in 64 bits",
                             cas__pool_str(p, c0->source));
        bases |= CAS_BASIS_BIT(ci->basis);
        if (ci->source_kind != kind)
            kind = 0;
        if (ci->relay != relay)
            relay = 0;
        if (ci->reported_on != CAS_DATE_UNKNOWN &&
            (reported == CAS_DATE_UNKNOWN || ci->reported_on > reported))
            reported = ci->reported_on;
        nsplit += t[i].how == HOW_SPLIT;
        nfirst += t[i].how == HOW_FIRST;
    }
    if (open)
        high = CAS_OPEN;
    if (nobest)
        best = CAS_NONE;

    reset(&x->id);
    reset(&x->place);
    reset(&x->cite);
    reset(&x->quote);
    cas__strbuf_puts(&x->id, "rollup");
    put_part(&x->id, cas__pool_str(p, c0->source), cas__pool_len(p, c0->source));
    put_part(&x->id, cas__pool_str(p, c0->place), t[0].place_len);
    cas__strbuf_put(&x->id, ":", 1);
    bucket_label(&x->id, t[0].bstart, b->o.unit);
    put_part(&x->id, cas__pool_str(p, c0->outcome), cas__pool_len(p, c0->outcome));
    put_part(&x->id, cas__pool_str(p, c0->group), cas__pool_len(p, c0->group));
    put_part(&x->id, cas__pool_str(p, c0->perpetrator), cas__pool_len(p, c0->perpetrator));
    cas__strbuf_put(&x->place, cas__pool_str(p, c0->place), t[0].place_len);
    cas__strbuf_puts(&x->cite, "rollup of ");
    for (size_t i = 0; i < n && i < b->o.max_cited; i++) {
        if (i)
            cas__strbuf_put(&x->cite, ", ", 2);
        cas__strbuf_puts(&x->cite, cas__pool_str(p, l->claims[t[i].claim].id));
    }
    if (n > b->o.max_cited)
        cas__strbuf_putf(&x->cite, "%s and %zu more", b->o.max_cited ? "" : " none listed,",
                         n - b->o.max_cited);
    cas__strbuf_putf(&x->quote, "sum of %zu event%s", n, n == 1 ? "" : "s");
    if (nfirst)
        cas__strbuf_putf(&x->quote, "; %zu placed whole in the bucket of their first day", nfirst);
    if (nsplit)
        cas__strbuf_putf(&x->quote, "; %zu split evenly over their days (an assumption)", nsplit);
    /* An empty buffer has no data yet: "" stands for it. */
    cas__strbuf_put(&x->place, "", 0);
    if (x->id.failed || x->place.failed || x->cite.failed || x->quote.failed)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");

    cas_claim_init(&c);
    c.id = x->id.data;
    c.source = cas__pool_str(p, c0->source);
    c.source_kind = cas__pool_str(p, kind);
    c.relay = cas__pool_str(p, relay);
    c.citation = x->cite.data;
    c.quote = x->quote.data;
    c.basis = sum_basis(bases);
    if (bases & (bases - 1))
        b->sum.mixed_basis++;
    c.reported_on = reported;
    c.low = low;
    c.high = high;
    c.best = best;
    c.qualifier = high == CAS_OPEN ? CAS_QUAL_AT_LEAST
                  : low == high    ? CAS_QUAL_EXACT
                                   : CAS_QUAL_RANGE;
    c.scope.outcome = cas__pool_str(p, c0->outcome);
    c.scope.group = cas__pool_str(p, c0->group);
    c.scope.perpetrator = cas__pool_str(p, c0->perpetrator);
    c.scope.place = x->place.data ? x->place.data : "";
    c.scope.period_start = t[0].bstart;
    c.scope.period_end = t[0].bend;
    c.scope.event = "";
    return cas_ledger_add(out, &c, err);
}

/* ---- the roll-up ---- */

static cas_status read_options(cas_rollup_options *o, const cas_rollup_options *opts,
                               cas_error *err)
{
    cas_rollup_options_init(o);
    if (!opts)
        return CAS_OK;
    if (!CAS__SIZED_OK(opts, cas_rollup_options))
        return cas__fail(err, CAS_ERR_ARG, "options",
                         "options size is not set (use cas_rollup_options_init)");
    cas__sized_read(o, opts, o, sizeof *o);
    if (o->unit < 0 || o->unit > CAS_ROLLUP_YEAR)
        return cas__fail(err, CAS_ERR_VALUE, "unit",
                         "expected a unit 0 to 4 (day, week, month, quarter, year), got %d",
                         (int)o->unit);
    if (o->straddle < 0 || o->straddle > CAS_STRADDLE_SPLIT)
        return cas__fail(err, CAS_ERR_VALUE, "straddle",
                         "expected 0 to 2 (list, first, split), got %d", (int)o->straddle);
    if (o->bases == 0 || (o->bases & ~CAS_BASES_ALL))
        return cas__fail(err, CAS_ERR_ARG, "bases",
                         "expected one or more CAS_BASIS_BIT()s, got 0x%x", (unsigned)o->bases);
    return CAS_OK;
}

void cas_rollup_info_free(cas_rollup_info *info)
{
    if (!info)
        return;
    cas__free(info->terms);
    cas__free(info->off);
    cas__free(info->left);
    cas__free(info);
}

cas_status cas_rollup(cas_ledger **out, cas_rollup_info **info, const cas_ledger *in,
                      const cas_rollup_options *opts, cas_error *err)
{
    build b;
    cas_ledger *res = NULL;
    cas_rollup_info *inf = NULL;
    texts x = {CAS__STRBUF_INIT, CAS__STRBUF_INIT, CAS__STRBUF_INIT, CAS__STRBUF_INIT};
    uint32_t *ev = NULL, *tmp = NULL;
    term *scratch = NULL;
    size_t *off = NULL, noff = 0, off_cap = 0, need;
    cas_status st = CAS_OK;

    if (!out || !in)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", out ? "ledger" : "out");
    memset(&b, 0, sizeof b);
    if ((st = read_options(&b.o, opts, err)) != CAS_OK)
        return st;
    b.in = in;
    cas_rollup_summary_init(&b.sum);

    /* The terms, in ledger order for now. */
    for (size_t i = 0; st == CAS_OK && i < in->count; i++) {
        const cas__claim *c = &in->claims[i];
        size_t before = b.nterms;
        if (!c->current)
            b.sum.superseded++;
        else if (c->event == 0)
            b.sum.without_event++;
        else if (!(b.o.bases & CAS_BASIS_BIT(c->basis)))
            b.sum.excluded++;
        else if ((st = place_claim(&b, (uint32_t)i)) == CAS_OK && b.nterms > before)
            b.sum.summed++;
    }
    /* Scratch room: the sorts, and the events of one group. */
    need = b.nterms > b.nleft ? b.nterms : b.nleft;
    if (st == CAS_OK && b.nterms &&
        (!(scratch = cas__malloc(b.nterms * sizeof *scratch)) ||
         !(ev = cas__malloc(b.nterms * sizeof *ev))))
        st = CAS_ERR_NOMEM;
    if (st == CAS_OK && need && !(tmp = cas__malloc(need * sizeof *tmp)))
        st = CAS_ERR_NOMEM;
    if (st == CAS_OK) {
        sort_terms(b.terms, scratch, b.nterms, in);
        sort_by_id(b.left, tmp, b.nleft, in);
        st = cas_ledger_new(&res);
        /* The derived claims' paths are the input's, canonical in its
         * vocabulary: the output keeps that vocabulary. */
        if (st == CAS_OK)
            st = cas_ledger_set_vocabulary(res, cas_ledger_vocabulary(in), err);
    }
    /* One derived claim per run of equal keys. */
    for (size_t i = 0, j; st == CAS_OK && i < b.nterms; i = j) {
        for (j = i + 1; j < b.nterms && key_cmp(in, &b.terms[i], &b.terms[j]) == 0; j++)
            ;
        if (!cas__grow((void **)&off, &off_cap, noff + 2, sizeof *off, 64))
            st = CAS_ERR_NOMEM;
        else if ((st = check_events(in, b.terms + i, j - i, ev, tmp, err)) == CAS_OK)
            st = derive(res, &b, b.terms + i, j - i, &x, err);
        if (st == CAS_OK)
            off[noff++] = i;
    }
    if (st == CAS_OK && info) {
        if (!cas__grow((void **)&off, &off_cap, noff + 1, sizeof *off, 64) ||
            !(inf = cas__calloc(1, sizeof *inf)))
            st = CAS_ERR_NOMEM;
    }
    if (st == CAS_ERR_NOMEM)
        cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");

    cas__free(x.id.data);
    cas__free(x.place.data);
    cas__free(x.cite.data);
    cas__free(x.quote.data);
    cas__free(scratch);
    cas__free(ev);
    cas__free(tmp);
    if (st != CAS_OK) {
        cas__free(b.terms);
        cas__free(b.left);
        cas__free(off);
        cas_ledger_free(res);
        return st;
    }
    b.sum.derived = noff;
    if (inf) {
        off[noff] = b.nterms;
        inf->in = in;
        inf->terms = b.terms;
        inf->nterms = b.nterms;
        inf->off = off;
        inf->nderived = noff;
        inf->left = b.left;
        inf->nleft = b.nleft;
        inf->sum = b.sum;
        *info = inf;
    } else {
        cas__free(b.terms);
        cas__free(b.left);
        cas__free(off);
    }
    *out = res;
    return CAS_OK;
}

cas_status cas_rollup_info_summary(const cas_rollup_info *info, cas_rollup_summary *out)
{
    if (!info || !CAS__SIZED_OK(out, cas_rollup_summary))
        return CAS_ERR_ARG;
    cas__sized_write(out, &info->sum, sizeof info->sum);
    return CAS_OK;
}

cas_status cas_rollup_info_term(const cas_rollup_info *info, size_t index, size_t k,
                                cas_claim_ref *out, size_t *count)
{
    const term *t;
    const cas__claim *c;
    cas_claim_ref ref;
    size_t n;

    if (!info || (out && !CAS__SIZED_OK(out, cas_claim_ref)))
        return CAS_ERR_ARG;
    if (index >= info->nderived)
        return CAS_ERR_NOT_FOUND;
    n = info->off[index + 1] - info->off[index];
    if (count)
        *count = n;
    if (!out)
        return CAS_OK;
    if (k >= n)
        return CAS_ERR_NOT_FOUND;
    t = &info->terms[info->off[index] + k];
    c = &info->in->claims[t->claim];
    cas_claim_ref_init(&ref);
    ref.index = t->claim;
    ref.id = cas__pool_str(&info->in->pool, c->id);
    ref.source = cas__pool_str(&info->in->pool, c->source);
    ref.low = t->low;
    ref.high = t->high;
    ref.figure = t->best != CAS_NONE ? t->best : t->low;
    cas__sized_write(out, &ref, sizeof ref);
    return CAS_OK;
}

cas_status cas_rollup_info_straddler(const cas_rollup_info *info, size_t k, cas_claim_ref *out,
                                     size_t *count)
{
    if (!info || (out && !CAS__SIZED_OK(out, cas_claim_ref)))
        return CAS_ERR_ARG;
    if (count)
        *count = info->nleft;
    if (!out)
        return CAS_OK;
    if (k >= info->nleft)
        return CAS_ERR_NOT_FOUND;
    cas__claim_ref_fill(info->in, info->left[k], out);
    return CAS_OK;
}
