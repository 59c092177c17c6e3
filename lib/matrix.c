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
    double log_median; /* of a's figure / b's figure */
} pair_rec;

struct cas_matrix {
    const cas_ledger *ledger;
    uint32_t *sources; /* pool ids, in byte order of their names */
    size_t nsources;
    pair_rec *pairs;
    size_t npairs;
};

/* One observation: a scope's verdict for a pair, or one ratio. */
typedef struct obs {
    uint32_t a, b;
    int32_t kind; /* 0: a scope (value = 1 when they agree), 1: a ratio */
    double value;
} obs;

typedef struct obs_list {
    obs *v;
    size_t n, cap;
} obs_list;

static cas_status obs_push(obs_list *l, uint32_t a, uint32_t b, int32_t kind, double value)
{
    if (!cas__grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v, 256))
        return CAS_ERR_NOMEM;
    l->v[l->n].a = a;
    l->v[l->n].b = b;
    l->v[l->n].kind = kind;
    l->v[l->n].value = value;
    l->n++;
    return CAS_OK;
}

static int obs_cmp(const void *x, const void *y)
{
    const obs *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    if (p->kind != q->kind)
        return p->kind < q->kind ? -1 : 1;
    return (p->value > q->value) - (p->value < q->value);
}

static int ranges_meet(const cas__claim *x, const cas__claim *y)
{
    return cas__range_gap(x->low, x->high, y->low, y->high) == 0;
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

/* Compare the sources on one scope's counted claims (grouped by source). */
static cas_status scope_pairs(const cas_ledger *l, const uint32_t *pos, const uint32_t *c, size_t n,
                              obs_list *ol)
{
    cas_status st;
    for (size_t i = 0; i < n;) {
        size_t ie = i;
        while (ie < n && l->claims[c[ie]].source == l->claims[c[i]].source)
            ie++;
        for (size_t j = ie; j < n;) {
            size_t je = j;
            while (je < n && l->claims[c[je]].source == l->claims[c[j]].source)
                je++;
            /* Sources i.. and j..; put the one first in byte order first. */
            uint32_t sa = pos[l->claims[c[i]].source], sb = pos[l->claims[c[j]].source];
            int swap = sa > sb;
            int agree = 1;
            for (size_t x = i; x < ie; x++)
                for (size_t y = j; y < je; y++) {
                    const cas__claim *p = &l->claims[c[swap ? y : x]];
                    const cas__claim *q = &l->claims[c[swap ? x : y]];
                    int64_t fp = cas__figure(p), fq = cas__figure(q);
                    agree &= ranges_meet(p, q);
                    if (fp > 0 && fq > 0 &&
                        (st = obs_push(ol, swap ? sb : sa, swap ? sa : sb, 1,
                                       log((double)fp) - log((double)fq))) != CAS_OK)
                        return st;
                }
            if ((st = obs_push(ol, swap ? sb : sa, swap ? sa : sb, 0, agree)) != CAS_OK)
                return st;
            j = je;
        }
        i = ie;
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
static cas_status matrix_observe(const cas_ledger *l, uint32_t bases, const uint32_t *pos,
                                 uint32_t *idx, uint32_t *counted, obs_list *ol)
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
        if ((st = scope_pairs(l, pos, counted, nc, ol)) != CAS_OK)
            return st;
        lo = hi;
    }
    return CAS_OK;
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
        size_t hi = lo, r0, nr;
        pair_rec *p = &m->pairs[m->npairs++];
        memset(p, 0, sizeof *p);
        p->a = ol->v[lo].a;
        p->b = ol->v[lo].b;
        while (hi < ol->n && ol->v[hi].a == p->a && ol->v[hi].b == p->b && ol->v[hi].kind == 0) {
            p->scopes++;
            if (ol->v[hi].value > 0)
                p->agree++;
            else
                p->conflict++;
            hi++;
        }
        r0 = hi;
        while (hi < ol->n && ol->v[hi].a == p->a && ol->v[hi].b == p->b)
            hi++;
        nr = hi - r0;
        p->ratios = (uint32_t)nr;
        if (nr == 0)
            p->log_median = NAN;
        else if (nr % 2)
            p->log_median = ol->v[r0 + nr / 2].value;
        else
            p->log_median = (ol->v[r0 + nr / 2 - 1].value + ol->v[r0 + nr / 2].value) / 2;
        lo = hi;
    }
    return CAS_OK;
}

cas_status cas_matrix_new(cas_matrix **out, const cas_ledger *l, const cas_reconcile_options *opts,
                          cas_error *err)
{
    cas_matrix *m = NULL;
    uint32_t bases, *idx = NULL, *pos = NULL, *counted = NULL;
    obs_list ol = {NULL, 0, 0};
    size_t n, npool;
    cas_status st;

    if (!out || !l)
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL", out ? "ledger" : "out");
    if ((st = cas__options_bases(opts, &bases, err)) != CAS_OK)
        return st;
    n = l->count;
    npool = l->pool.count;
    m = cas__calloc(1, sizeof *m);
    idx = cas__malloc((n ? n : 1) * sizeof *idx);
    counted = cas__malloc((n ? n : 1) * sizeof *counted);
    pos = cas__malloc((npool ? npool : 1) * sizeof *pos);
    if (!m || !idx || !counted || !pos) {
        st = CAS_ERR_NOMEM;
        goto done;
    }
    m->ledger = l;
    if ((st = matrix_sources(m, bases, pos)) == CAS_OK &&
        (st = matrix_observe(l, bases, pos, idx, counted, &ol)) == CAS_OK)
        st = matrix_pairs(m, &ol);
done:
    cas__free(idx);
    cas__free(pos);
    cas__free(counted);
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
    sp.median_ratio = NAN;
    if (p) {
        sp.scopes = p->scopes;
        sp.agree = p->agree;
        sp.conflict = p->conflict;
        sp.ratios = p->ratios;
        sp.median_ratio = p->ratios ? exp(reverse ? -p->log_median : p->log_median) : NAN;
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
