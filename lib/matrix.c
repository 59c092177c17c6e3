/* SPDX-License-Identifier: MIT */
/* The source comparison matrix: how every two sources compare on the
 * scopes they both address. */
#include "reconcile_internal.h"
#include "alloc_internal.h"
#include "sort_internal.h"
#include "casualty/matrix.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct pair_rec {
    uint32_t a, b; /* source positions, a < b */
    uint32_t scopes, agree, conflict, ratios;
    uint32_t figures, a_higher, b_higher, within, floors;
    double lq[3]; /* 10th percentile, median, 90th of log(a's figure / b's) */
} pair_rec;

struct cas_matrix {
    const cas_ledger *ledger;
    uint32_t *sources; /* pool ids, in byte order of their names */
    size_t nsources;
    pair_rec *pairs;
    size_t npairs;
};

/* What one source says on one scope: the ranges of its counted claims
 * (for agreement) and its one figure (for magnitude). */
typedef struct src_fig {
    uint32_t pos;   /* the source's position */
    int has_figure; /* 0: only open-ended floors */
    int64_t max_low, min_high, figure;
} src_fig;

/* One scope seen by a pair of sources. */
typedef struct obs {
    uint32_t a, b;
    uint8_t agree;
    uint8_t state; /* 0: a floor on one side, 1: figures (one is 0), 2: a ratio */
    int8_t sign;   /* the sign of a's figure - b's */
    uint8_t within;
    double lr; /* log(a's figure / b's figure) when state is 2 */
} obs;

typedef struct obs_list {
    obs *v;
    size_t n, cap;
} obs_list;

static int obs_cmp(const void *x, const void *y)
{
    const obs *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    if (p->state != q->state)
        return p->state < q->state ? -1 : 1;
    return (p->lr > q->lr) - (p->lr < q->lr);
}

static int i64_cmp(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

static int high_lt(int64_t a, int64_t b) /* a < b with CAS_OPEN as infinity */
{
    return a != CAS_OPEN && (b == CAS_OPEN || a < b);
}

/* Is claim @c an open-ended floor ("at least N", no best)? */
static int is_floor(const cas__claim *c)
{
    return c->high == CAS_OPEN && c->best == CAS_NONE;
}
/* Sort pool ids by their strings (bytewise), stably. */
#define TEXT_LESS(l, x, y) (strcmp(cas__pool_str(&(l)->pool, x), cas__pool_str(&(l)->pool, y)) < 0)
CAS__DEFINE_MERGE_SORT(merge_texts, uint32_t, const cas_ledger *, TEXT_LESS)

static cas_status sources_sort(const cas_ledger *l, uint32_t *ids, size_t n)
{
    uint32_t *tmp;
    if (n < 2)
        return CAS_OK;
    tmp = cas__malloc(n * sizeof *tmp);
    if (!tmp)
        return CAS_ERR_NOMEM;
    merge_texts(ids, tmp, n, l);
    cas__free(tmp);
    return CAS_OK;
}

/* Summarise each source's @n claims at @c (grouped by source) into @sf,
 * using @figs (room for @n) as scratch; returns how many sources. */
static size_t scope_sources(const cas_ledger *l, const uint32_t *pos, const uint32_t *c, size_t n,
                            src_fig *sf, int64_t *figs)
{
    size_t ns = 0;
    for (size_t i = 0; i < n;) {
        src_fig *f = &sf[ns++];
        size_t nf = 0;
        f->pos = pos[l->claims[c[i]].source];
        f->max_low = l->claims[c[i]].low;
        f->min_high = l->claims[c[i]].high;
        for (uint32_t src = l->claims[c[i]].source; i < n && l->claims[c[i]].source == src; i++) {
            const cas__claim *x = &l->claims[c[i]];
            if (x->low > f->max_low)
                f->max_low = x->low;
            if (high_lt(x->high, f->min_high))
                f->min_high = x->high;
            if (!is_floor(x))
                figs[nf++] = cas__figure(x);
        }
        f->has_figure = nf > 0;
        if (nf > 1)
            qsort(figs, nf, sizeof *figs, i64_cmp);
        f->figure = nf ? figs[(nf - 1) / 2] : 0;
    }
    return ns;
}

/* One observation per pair of the @ns sources of a scope. Some claim of
 * one is disjoint from some claim of the other exactly when one's
 * highest low is above the other's lowest high. */
static cas_status scope_pairs(const src_fig *sf, size_t ns, int32_t tol_kind, double tol,
                              obs_list *ol)
{
    size_t need = ol->n + ns * (ns - 1) / 2;
    if (ns < 2)
        return CAS_OK;
    if (!cas__grow((void **)&ol->v, &ol->cap, need, sizeof *ol->v, 256))
        return CAS_ERR_NOMEM;
    for (size_t i = 0; i < ns; i++)
        for (size_t j = i + 1; j < ns; j++) {
            const src_fig *p = &sf[i], *q = &sf[j];
            obs *o = &ol->v[ol->n++];
            if (p->pos > q->pos) {
                const src_fig *t = p;
                p = q;
                q = t;
            }
            memset(o, 0, sizeof *o);
            o->a = p->pos;
            o->b = q->pos;
            o->agree = !high_lt(p->min_high, q->max_low) && !high_lt(q->min_high, p->max_low);
            if (!p->has_figure || !q->has_figure)
                continue;
            o->sign = (int8_t)((p->figure > q->figure) - (p->figure < q->figure));
            o->within = (uint8_t)cas__within(p->figure, q->figure, tol_kind, tol);
            o->state = 1;
            if (p->figure > 0 && q->figure > 0) {
                o->state = 2;
                o->lr = log((double)p->figure) - log((double)q->figure);
            }
        }
    return CAS_OK;
}

/* The sources with a counted claim, each once, in byte order; @pos (room
 * for every pool id) gets each one's position. */
static cas_status matrix_sources(cas_matrix *m, uint32_t bases, uint32_t *pos)
{
    const cas_ledger *l = m->ledger;
    size_t n = l->count;
    cas_status st;

    for (size_t i = 0; i < l->pool.count; i++)
        pos[i] = UINT32_MAX;
    m->sources = cas__malloc((n ? n : 1) * sizeof *m->sources);
    if (!m->sources)
        return CAS_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const cas__claim *c = &l->claims[i];
        if (c->current && (bases & CAS_BASIS_BIT(c->basis)) && pos[c->source] == UINT32_MAX) {
            pos[c->source] = 0;
            m->sources[m->nsources++] = c->source;
        }
    }
    if ((st = sources_sort(l, m->sources, m->nsources)) != CAS_OK)
        return st;
    for (size_t i = 0; i < m->nsources; i++)
        pos[m->sources[i]] = (uint32_t)i;
    return CAS_OK;
}

/* The observations of every scope: its counted claims (in @counted,
 * scratch room for all claims, as @idx is) pair by pair. */
static cas_status matrix_observe(const cas_ledger *l, uint32_t bases, int32_t tol_kind, double tol,
                                 const uint32_t *pos, uint32_t *idx, uint32_t *counted, src_fig *sf,
                                 int64_t *figs, obs_list *ol)
{
    size_t n = l->count;
    cas_status st;

    for (size_t i = 0; i < n; i++)
        idx[i] = (uint32_t)i;
    if ((st = cas__sort_claims(l, idx, n, cas__claim_cmp)) != CAS_OK)
        return st;
    for (size_t lo = 0; lo < n;) {
        size_t hi = lo + 1, nc = 0;
        while (hi < n && cas__scope_cmp(l, &l->claims[idx[lo]], &l->claims[idx[hi]]) == 0)
            hi++;
        for (size_t k = lo; k < hi; k++) {
            const cas__claim *c = &l->claims[idx[k]];
            if (c->current && (bases & CAS_BASIS_BIT(c->basis)))
                counted[nc++] = idx[k];
        }
        if ((st = scope_pairs(sf, scope_sources(l, pos, counted, nc, sf, figs), tol_kind, tol,
                              ol)) != CAS_OK)
            return st;
        lo = hi;
    }
    return CAS_OK;
}

/* The @p quantile of the @n sorted values at @v (linear interpolation
 * between order statistics). */
static double quantile(const obs *v, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t k = (size_t)h;
    if (k + 1 >= n)
        return v[n - 1].lr;
    return v[k].lr + (h - (double)k) * (v[k + 1].lr - v[k].lr);
}

/* Gather the observations of each pair. */
static cas_status matrix_pairs(cas_matrix *m, obs_list *ol)
{
    if (ol->n)
        qsort(ol->v, ol->n, sizeof *ol->v, obs_cmp);
    m->pairs = cas__malloc((ol->n ? ol->n : 1) * sizeof *m->pairs);
    if (!m->pairs)
        return CAS_ERR_NOMEM;
    for (size_t lo = 0; lo < ol->n;) {
        size_t hi = lo, r0;
        pair_rec *p = &m->pairs[m->npairs++];
        memset(p, 0, sizeof *p);
        p->a = ol->v[lo].a;
        p->b = ol->v[lo].b;
        for (; hi < ol->n && ol->v[hi].a == p->a && ol->v[hi].b == p->b; hi++) {
            const obs *o = &ol->v[hi];
            p->scopes++;
            if (o->agree)
                p->agree++;
            else
                p->conflict++;
            if (o->state == 0) {
                p->floors++;
                continue;
            }
            p->figures++;
            p->a_higher += o->sign > 0;
            p->b_higher += o->sign < 0;
            p->within += o->within;
            p->ratios += o->state == 2;
        }
        r0 = hi - p->ratios; /* the ratios sort last, in order */
        for (int q = 0; q < 3; q++)
            p->lq[q] = p->ratios ? quantile(ol->v + r0, p->ratios, 0.1 + 0.4 * q) : NAN;
        lo = hi;
    }
    return CAS_OK;
}

cas_status cas_matrix_new(cas_matrix **out, const cas_ledger *l, const cas_reconcile_options *opts,
                          cas_error *err)
{
    cas_matrix *m = NULL;
    uint32_t bases, *idx = NULL, *pos = NULL, *counted = NULL;
    src_fig *sf = NULL;
    int64_t *figs = NULL;
    obs_list ol = {NULL, 0, 0};
    size_t n, npool;
    int32_t tol_kind;
    double tol;
    cas_status st;

    if (!out || !l)
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL", out ? "ledger" : "out");
    if ((st = cas__options_bases(opts, &bases, err)) != CAS_OK ||
        (st = cas__options_tolerance(opts, &tol_kind, &tol, err)) != CAS_OK)
        return st;
    n = l->count;
    npool = l->pool.count;
    m = cas__calloc(1, sizeof *m);
    idx = cas__malloc((n ? n : 1) * sizeof *idx);
    counted = cas__malloc((n ? n : 1) * sizeof *counted);
    pos = cas__malloc((npool ? npool : 1) * sizeof *pos);
    sf = cas__malloc((n ? n : 1) * sizeof *sf);
    figs = cas__malloc((n ? n : 1) * sizeof *figs);
    if (!m || !idx || !counted || !pos || !sf || !figs) {
        st = CAS_ERR_NOMEM;
        goto done;
    }
    m->ledger = l;
    if ((st = matrix_sources(m, bases, pos)) == CAS_OK &&
        (st = matrix_observe(l, bases, tol_kind, tol, pos, idx, counted, sf, figs, &ol)) == CAS_OK)
        st = matrix_pairs(m, &ol);
done:
    cas__free(idx);
    cas__free(pos);
    cas__free(counted);
    cas__free(sf);
    cas__free(figs);
    cas__free(ol.v);
    if (st != CAS_OK) {
        cas_matrix_free(m);
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    }
    *out = m;
    return CAS_OK;
}

void cas_matrix_free(cas_matrix *m)
{
    if (!m)
        return;
    cas__free(m->sources);
    cas__free(m->pairs);
    cas__free(m);
}

size_t cas_matrix_sources(const cas_matrix *m)
{
    return m ? m->nsources : 0;
}

const char *cas_matrix_source(const cas_matrix *m, size_t index)
{
    if (!m || index >= m->nsources)
        return NULL;
    return cas__pool_str(&m->ledger->pool, m->sources[index]);
}

size_t cas_matrix_count(const cas_matrix *m)
{
    return m ? m->npairs : 0;
}

CAS__DEFINE_INIT(cas_source_pair, 0)

static void fill(const cas_matrix *m, const pair_rec *p, int reverse, uint32_t a, uint32_t b,
                 cas_source_pair *out)
{
    cas_source_pair sp;

    cas_source_pair_init(&sp);
    sp.first = cas__pool_str(&m->ledger->pool, m->sources[a]);
    sp.second = cas__pool_str(&m->ledger->pool, m->sources[b]);
    sp.median_ratio = sp.p10_ratio = sp.p90_ratio = NAN;
    if (p) {
        sp.scopes = p->scopes;
        sp.agree = p->agree;
        sp.conflict = p->conflict;
        sp.ratios = p->ratios;
        sp.figures = p->figures;
        sp.first_higher = reverse ? p->b_higher : p->a_higher;
        sp.second_higher = reverse ? p->a_higher : p->b_higher;
        sp.within_tolerance = p->within;
        sp.floors = p->floors;
        if (p->ratios) {
            /* Reversed, the 10th percentile is the reciprocal of the 90th. */
            sp.p10_ratio = exp(reverse ? -p->lq[2] : p->lq[0]);
            sp.median_ratio = exp(reverse ? -p->lq[1] : p->lq[1]);
            sp.p90_ratio = exp(reverse ? -p->lq[0] : p->lq[2]);
        }
    }
    cas__sized_write(out, &sp, sizeof sp);
}

cas_status cas_matrix_get(const cas_matrix *m, size_t index, cas_source_pair *out)
{
    if (!m || !CAS__SIZED_OK(out, cas_source_pair))
        return CAS_ERR_ARG;
    if (index >= m->npairs)
        return CAS_ERR_NOT_FOUND;
    fill(m, &m->pairs[index], 0, m->pairs[index].a, m->pairs[index].b, out);
    return CAS_OK;
}

/* The position of source @name, or -1. */
static int64_t source_pos(const cas_matrix *m, const char *name)
{
    size_t lo = 0, hi = m->nsources;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(cas__pool_str(&m->ledger->pool, m->sources[mid]), name);
        if (c == 0)
            return (int64_t)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

cas_status cas_matrix_find(const cas_matrix *m, const char *first, const char *second,
                           cas_source_pair *out)
{
    int64_t a, b;
    uint32_t x, y;
    size_t lo = 0, hi;

    if (!m || !first || !second || !CAS__SIZED_OK(out, cas_source_pair))
        return CAS_ERR_ARG;
    a = source_pos(m, first);
    b = source_pos(m, second);
    if (a < 0 || b < 0)
        return CAS_ERR_NOT_FOUND;
    if (a == b)
        return CAS_ERR_ARG;
    x = (uint32_t)(a < b ? a : b);
    y = (uint32_t)(a < b ? b : a);
    hi = m->npairs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const pair_rec *p = &m->pairs[mid];
        if (p->a == x && p->b == y) {
            fill(m, p, a > b, (uint32_t)a, (uint32_t)b, out);
            return CAS_OK;
        }
        if (p->a < x || (p->a == x && p->b < y))
            lo = mid + 1;
        else
            hi = mid;
    }
    fill(m, NULL, 0, (uint32_t)a, (uint32_t)b, out);
    return CAS_OK;
}
