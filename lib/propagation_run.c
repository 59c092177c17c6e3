/* SPDX-License-Identifier: MIT */
/* Running the propagation's rules until no bound moves, and the claims
 * each moved bound then rests on. */
#include "propagation_internal.h"
#include "alloc_internal.h"

#include <stdlib.h>
#include <string.h>

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The claims a moved bound now rests on: the union of the lists of the
 * bounds the rule combined. */
typedef struct prov_set {
    uint32_t *v;
    size_t n, cap;
} prov_set;

static cas_status prov_add(prov_set *s, const node *x, int side)
{
    for (size_t i = 0; i < x->nprov[side]; i++) {
        cas_status st = cas__u32_push(&s->v, &s->n, &s->cap, x->prov[side][i]);
        if (st != CAS_OK)
            return st;
    }
    return CAS_OK;
}

/* Move bound @side of @x to @v, resting on @s (taken over). */
static void move(cas_propagation *p, node *x, int side, int64_t v, int32_t rule, prov_set *s)
{
    size_t k = 0;
    if (s->n) {
        qsort(s->v, s->n, sizeof *s->v, u32_cmp);
        for (size_t i = 0; i < s->n; i++)
            if (i == 0 || s->v[i] != s->v[i - 1])
                s->v[k++] = s->v[i];
    }
    cas__free(x->prov[side]);
    x->prov[side] = s->v;
    x->nprov[side] = k;
    s->v = NULL;
    s->n = s->cap = 0;
    if (side == 0) {
        x->low = v;
        x->low_rule = rule;
    } else {
        x->high = v;
        x->high_rule = rule;
    }
    if (x->high != CAS_OPEN && x->low > x->high) {
        x->conflict = 1;
        p->nconflicts++;
    }
}

static int lowers_high(int64_t v, int64_t high)
{
    return high == CAS_OPEN || v < high;
}

/* The node whose bound @side node @x gives along an edge: itself, or when
 * in conflict the node it passes on (-1 for none). */
static int32_t source(const cas_propagation *p, uint32_t x, int side)
{
    const node *n = &p->nodes[x];
    int32_t s = !n->conflict ? (int32_t)x : side == 0 ? n->pass_low : n->pass_high;
    return s >= 0 && !p->nodes[s].conflict ? s : -1;
}

/* Node @x, in conflict, passes on bound @side of node @s when it is
 * tighter than what it passed on so far. */
static void pass_on(cas_propagation *p, node *x, int side, int32_t s, int *changed)
{
    int32_t *cur = side == 0 ? &x->pass_low : &x->pass_high;
    const node *c = *cur >= 0 && !p->nodes[*cur].conflict ? &p->nodes[*cur] : NULL;
    const node *n = &p->nodes[s];
    if (side == 0 ? c && n->low <= c->low
                  : n->high == CAS_OPEN || (c && !lowers_high(n->high, c->high)))
        return;
    *cur = s;
    *changed = 1;
}

/* whole.low >= part.low, part.high <= whole.high. A node in conflict takes
 * no part, but passes the bounds on (a whole's high to its parts, a
 * part's low to its wholes), as the edges of every contained pair did. */
static cas_status apply_edge(cas_propagation *p, uint32_t a, uint32_t b, int *changed)
{
    node *part = &p->nodes[a], *whole = &p->nodes[b];
    prov_set s = {NULL, 0, 0};
    int32_t ls = source(p, a, 0), hs;
    cas_status st;

    if (ls >= 0 && whole->conflict) {
        pass_on(p, whole, 0, ls, changed);
    } else if (ls >= 0 && p->nodes[ls].low > whole->low) {
        if ((st = prov_add(&s, &p->nodes[ls], 0)) != CAS_OK)
            goto fail;
        move(p, whole, 0, p->nodes[ls].low, CAS_RULE_PART, &s);
        *changed = 1;
        if (whole->conflict)
            return CAS_OK;
    }
    hs = source(p, b, 1);
    if (hs < 0 || p->nodes[hs].high == CAS_OPEN)
        return CAS_OK;
    if (part->conflict) {
        pass_on(p, part, 1, hs, changed);
    } else if (lowers_high(p->nodes[hs].high, part->high)) {
        if ((st = prov_add(&s, &p->nodes[hs], 1)) != CAS_OK)
            goto fail;
        move(p, part, 1, p->nodes[hs].high, CAS_RULE_WHOLE, &s);
        *changed = 1;
    }
    return CAS_OK;
fail:
    cas__free(s.v);
    return st;
}

/* Add to @s side @side of every part of @g but part @skip (none skipped
 * when @skip is g->nparts). */
static cas_status prov_parts(prov_set *s, const cas_propagation *p, const group *g, int side,
                             uint32_t skip)
{
    const uint32_t *parts = p->parts + g->off;
    cas_status st = CAS_OK;

    for (uint32_t j = 0; j < g->nparts && st == CAS_OK; j++)
        if (j != skip)
            st = prov_add(s, &p->nodes[parts[j]], side);
    return st;
}

/* whole.low >= Σ part.low */
static cas_status rule_sum(cas_propagation *p, const group *g, int64_t sum_low, int *changed)
{
    node *w = &p->nodes[g->whole];
    prov_set s = {NULL, 0, 0};
    cas_status st;

    if (sum_low <= w->low)
        return CAS_OK;
    if ((st = prov_parts(&s, p, g, 0, g->nparts)) != CAS_OK) {
        cas__free(s.v);
        return st;
    }
    move(p, w, 0, sum_low, CAS_RULE_SUM, &s);
    *changed = 1;
    return CAS_OK;
}

/* part.high <= whole.high - Σ other parts' low */
static cas_status rule_rest(cas_propagation *p, const group *g, int64_t sum_low, int *changed)
{
    node *w = &p->nodes[g->whole];
    const uint32_t *parts = p->parts + g->off;
    prov_set s = {NULL, 0, 0};
    cas_status st;

    for (uint32_t i = 0; i < g->nparts && w->high != CAS_OPEN; i++) {
        node *x = &p->nodes[parts[i]];
        int64_t cap = w->high - (sum_low - x->low);
        if (x->conflict || !lowers_high(cap, x->high))
            continue;
        if ((st = prov_add(&s, w, 1)) == CAS_OK)
            st = prov_parts(&s, p, g, 0, i);
        if (st != CAS_OK) {
            cas__free(s.v);
            return st;
        }
        move(p, x, 1, cap, CAS_RULE_REST, &s);
        *changed = 1;
        /* The sum of lows is unchanged: only a high moved. */
    }
    return CAS_OK;
}

/* whole.high <= Σ part.high, for a declared cover whose parts are all
 * closed */
static cas_status rule_cover_high(cas_propagation *p, const group *g, int64_t sum_high, size_t open,
                                  int *changed)
{
    node *w = &p->nodes[g->whole];
    prov_set s = {NULL, 0, 0};
    cas_status st;

    if (open != 0 || !lowers_high(sum_high, w->high))
        return CAS_OK;
    if ((st = prov_parts(&s, p, g, 1, g->nparts)) != CAS_OK) {
        cas__free(s.v);
        return st;
    }
    move(p, w, 1, sum_high, CAS_RULE_COVER_HIGH, &s);
    *changed = 1;
    return CAS_OK;
}

/* part.low >= whole.low - Σ other parts' high, for a declared cover. The
 * highs may have moved since the group was added up: add them again. */
static cas_status rule_cover_low(cas_propagation *p, const group *g, int *changed)
{
    node *w = &p->nodes[g->whole];
    const uint32_t *parts = p->parts + g->off;
    prov_set s = {NULL, 0, 0};
    int64_t sum_high = 0;
    size_t open = 0;
    cas_status st;

    for (uint32_t i = 0; i < g->nparts; i++) {
        const node *x = &p->nodes[parts[i]];
        if (x->conflict)
            return CAS_OK;
        if (x->high == CAS_OPEN)
            open++;
        else if (__builtin_add_overflow(sum_high, x->high, &sum_high))
            return CAS_OK; /* beyond any count: nothing to learn */
    }
    for (uint32_t i = 0; i < g->nparts; i++) {
        node *x = &p->nodes[parts[i]];
        int64_t others, floor;
        if (x->conflict || open > (x->high == CAS_OPEN ? 1u : 0u))
            continue;
        others = sum_high - (x->high == CAS_OPEN ? 0 : x->high);
        floor = w->low - others;
        if (floor <= x->low)
            continue;
        if ((st = prov_add(&s, w, 0)) == CAS_OK)
            st = prov_parts(&s, p, g, 1, i);
        if (st != CAS_OK) {
            cas__free(s.v);
            return st;
        }
        move(p, x, 0, floor, CAS_RULE_COVER_LOW, &s);
        *changed = 1;
        /* Lows only rose, so the highs' sum is still right. */
    }
    return CAS_OK;
}

/* What the parts of a group add up to. */
typedef struct group_sum {
    int64_t low, high; /* high: of the closed highs */
    size_t open;       /* parts with an open high */
    int saturated;     /* the closed highs pass 64 bits */
    int conflict;      /* a part is in conflict: nothing to do */
} group_sum;

static cas_status group_add_up(cas_propagation *p, const group *g, group_sum *sum, cas_error *err)
{
    const uint32_t *parts = p->parts + g->off;

    memset(sum, 0, sizeof *sum);
    for (uint32_t i = 0; i < g->nparts; i++) {
        const node *x = &p->nodes[parts[i]];
        if (x->conflict) {
            sum->conflict = 1;
            return CAS_OK;
        }
        if (__builtin_add_overflow(sum->low, x->low, &sum->low)) {
            char d[300];
            cas_scope sc;
            cas__node_scope(p, &p->nodes[g->whole], &sc);
            cas__scope_describe(d, sizeof d, &sc);
            return cas__fail(err, CAS_ERR_OVERFLOW, "low",
                             "the lows of the parts of %s add "
                             "up to more than 64 bits hold",
                             d);
        }
        if (x->high == CAS_OPEN)
            sum->open++;
        else if (!sum->saturated && __builtin_add_overflow(sum->high, x->high, &sum->high))
            sum->saturated = 1; /* beyond any count: the high rules say nothing */
    }
    return CAS_OK;
}

static int parts_conflict(const cas_propagation *p, const group *g)
{
    for (uint32_t i = 0; i < g->nparts; i++)
        if (p->nodes[p->parts[g->off + i]].conflict)
            return 1;
    return 0;
}

/* The rules of one group, in order; each stops when the bound it moved
 * fell into conflict. */
static cas_status apply_group(cas_propagation *p, const group *g, int *changed, cas_error *err)
{
    const node *w = &p->nodes[g->whole];
    group_sum sum;
    cas_status st;

    if (w->conflict)
        return CAS_OK;
    if ((st = group_add_up(p, g, &sum, err)) != CAS_OK || sum.conflict)
        return st;
    if ((st = rule_sum(p, g, sum.low, changed)) != CAS_OK)
        goto fail;
    if (w->conflict)
        return CAS_OK;
    if ((st = rule_rest(p, g, sum.low, changed)) != CAS_OK)
        goto fail;
    if (!g->covered || sum.saturated || parts_conflict(p, g))
        return CAS_OK;
    if ((st = rule_cover_high(p, g, sum.high, sum.open, changed)) != CAS_OK)
        goto fail;
    if (w->conflict)
        return CAS_OK;
    if ((st = rule_cover_low(p, g, changed)) != CAS_OK)
        goto fail;
    return CAS_OK;
fail:
    return cas__fail(err, st, "", "%s", cas_strerror(st));
}

/* What a run changes, kept so that a failed run puts it all back. */
typedef struct saved {
    node *nodes;
    size_t n;
    uint32_t *slots;
    size_t nslots;
    group *groups;
    size_t ngroups;
    uint32_t *parts;
    size_t nparts;
    uint32_t *edges;
    size_t nedges;
    size_t nconflicts;
} saved;

static void *copy_of(const void *src, size_t bytes)
{
    void *d = cas__malloc(bytes ? bytes : 1);
    if (d && bytes)
        memcpy(d, src, bytes);
    return d;
}

static void saved_free(saved *s)
{
    for (size_t i = 0; s->nodes && i < s->n; i++) {
        cas__free(s->nodes[i].prov[0]);
        cas__free(s->nodes[i].prov[1]);
    }
    cas__free(s->nodes);
    cas__free(s->slots);
    cas__free(s->groups);
    cas__free(s->parts);
    cas__free(s->edges);
}

/* A deep copy of what a run changes; CAS_ERR_NOMEM leaves @p as it is. */
static cas_status save(const cas_propagation *p, saved *s)
{
    memset(s, 0, sizeof *s);
    s->n = p->n;
    s->nslots = p->nslots;
    s->ngroups = p->ngroups;
    s->nparts = p->nparts;
    s->nedges = p->nedges;
    s->nconflicts = p->nconflicts;
    s->nodes = copy_of(p->nodes, p->n * sizeof *p->nodes);
    if (s->nodes)
        for (size_t i = 0; i < p->n; i++)
            s->nodes[i].prov[0] = s->nodes[i].prov[1] = NULL;
    s->slots = copy_of(p->slots, p->nslots * sizeof *p->slots);
    s->groups = copy_of(p->groups, p->ngroups * sizeof *p->groups);
    s->parts = copy_of(p->parts, p->nparts * sizeof *p->parts);
    s->edges = copy_of(p->edges, p->nedges * sizeof *p->edges);
    if (!s->nodes || !s->slots || !s->groups || !s->parts || !s->edges)
        goto fail;
    for (size_t i = 0; i < p->n; i++)
        for (int side = 0; side < 2; side++)
            if (!(s->nodes[i].prov[side] =
                      copy_of(p->nodes[i].prov[side], p->nodes[i].nprov[side] * sizeof(uint32_t))))
                goto fail;
    return CAS_OK;
fail:
    saved_free(s);
    return CAS_ERR_NOMEM;
}

/* Put back what save() kept, and free what the run made. */
static void restore(cas_propagation *p, saved *s)
{
    for (size_t i = 0; i < p->n; i++) {
        cas__free(p->nodes[i].prov[0]);
        cas__free(p->nodes[i].prov[1]);
    }
    cas__free(p->nodes);
    cas__free(p->slots);
    cas__free(p->groups);
    cas__free(p->parts);
    cas__free(p->edges);
    p->nodes = s->nodes;
    p->n = p->cap = s->n;
    p->slots = s->slots;
    p->nslots = s->nslots;
    p->groups = s->groups;
    p->ngroups = p->groups_cap = s->ngroups;
    p->parts = s->parts;
    p->nparts = p->parts_cap = s->nparts;
    p->edges = s->edges;
    p->nedges = p->edges_cap = s->nedges;
    p->nconflicts = s->nconflicts;
    p->ran = 0;
}

/* The run itself: the rules to a fixed point, then provenance in order. */
static cas_status run(cas_propagation *p, cas_error *err)
{
    cas_status st;
    size_t limit, round;

    if ((st = cas__propagation_build(p)) != CAS_OK)
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    /* Bounds only tighten, by whole counts, so this ends; the limit only
     * guards against a system that would take absurdly long. The edges are
     * sorted by their whole's place in a topological order (containers
     * first): forwards, a high flows down a whole chain in one pass;
     * backwards, a low flows up it. */
    limit = 100 + 4 * p->n;
    for (size_t i = 0; i < p->n; i++)
        p->nodes[i].pass_low = p->nodes[i].pass_high = -1;
    for (round = 0; round < limit; round++) {
        int changed = 0;
        for (size_t e = 0; e < p->nedges; e += 2)
            if ((st = apply_edge(p, p->edges[e], p->edges[e + 1], &changed)) != CAS_OK)
                return cas__fail(err, st, "", "%s", cas_strerror(st));
        for (size_t e = p->nedges; e > 0; e -= 2)
            if ((st = apply_edge(p, p->edges[e - 2], p->edges[e - 1], &changed)) != CAS_OK)
                return cas__fail(err, st, "", "%s", cas_strerror(st));
        for (size_t g = 0; g < p->ngroups; g++)
            if ((st = apply_group(p, &p->groups[g], &changed, err)) != CAS_OK)
                return st;
        if (!changed)
            break;
    }
    /* Hand provenance out in the ledger's claim order. */
    for (size_t i = 0; i < p->n; i++)
        for (int side = 0; side < 2; side++)
            if (p->nodes[i].nprov[side] > 1 &&
                (st = cas__sort_claims(p->ledger, p->nodes[i].prov[side], p->nodes[i].nprov[side],
                                       cas__claim_cmp)) != CAS_OK)
                return cas__fail(err, st, "", "%s", cas_strerror(st));
    if (round == limit)
        return cas__fail(err, CAS_ERR_NOT_CONVERGED, "", "the bounds still moved after %zu rounds",
                         limit);
    return CAS_OK;
}

/* docs/model.md section 13: a whole with no best of its own whose parts
 * cover it (a declared cover, or every exhaustive part of a composed
 * outcome) gets the sum of their bests when every part has one. Repeated
 * until nothing changes, so that nested covers add up; no allocation. */
static void sum_bests(cas_propagation *p)
{
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t g = 0; g < p->ngroups; g++) {
            const group *gr = &p->groups[g];
            node *w = &p->nodes[gr->whole];
            int64_t sum = 0;
            int ok = gr->covered && w->best == CAS_NONE;
            for (uint32_t k = 0; ok && k < gr->nparts; k++) {
                const node *part = &p->nodes[p->parts[gr->off + k]];
                ok = part->best != CAS_NONE && !__builtin_add_overflow(sum, part->best, &sum);
            }
            if (ok) {
                w->best = sum;
                w->best_kind = CAS_BEST_SUM;
                changed = 1;
            }
        }
    }
}

cas_status cas_propagation_run(cas_propagation *p, cas_error *err)
{
    saved s;
    cas_status st;

    if (!p)
        return cas__fail(err, CAS_ERR_ARG, "", "propagation is NULL");
    if (p->ran)
        return cas__fail(err, CAS_ERR_ARG, "", "the propagation has already run");
    if (save(p, &s) != CAS_OK)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    p->ran = 1;
    if ((st = run(p, err)) != CAS_OK) {
        restore(p, &s);
        return st;
    }
    saved_free(&s);
    sum_bests(p);
    return CAS_OK;
}
