/* SPDX-License-Identifier: MIT */
/* Building the propagation's rules: the nodes in scope order, a
 * part-to-whole edge for every two nodes where one lies within the other,
 * and the sum rules of the largest parts along each path and the period. */
#include "propagation_internal.h"
#include "alloc_internal.h"

#include <string.h>

static int scope_cmp_ctx(const void *c, uint32_t a, uint32_t b)
{
    const cas_propagation *p = c;
    cas_scope x, y;
    cas__node_scope(p, &p->nodes[a], &x);
    cas__node_scope(p, &p->nodes[b], &y);
    return cas__scope_order(&x, &y);
}

/* Put the nodes in scope order, and renumber the declared covers. */
static cas_status order_nodes(cas_propagation *p)
{
    uint32_t *perm, *inv;
    node *sorted;
    cas_status st;

    perm = cas__malloc((p->n ? p->n : 1) * sizeof *perm);
    inv = cas__malloc((p->n ? p->n : 1) * sizeof *inv);
    sorted = cas__malloc((p->n ? p->n : 1) * sizeof *sorted);
    if (!perm || !inv || !sorted) {
        st = CAS_ERR_NOMEM;
        goto done;
    }
    for (size_t i = 0; i < p->n; i++)
        perm[i] = (uint32_t)i;
    if ((st = cas__sort_by(perm, p->n, scope_cmp_ctx, p)) != CAS_OK)
        goto done;
    for (size_t i = 0; i < p->n; i++) {
        sorted[i] = p->nodes[perm[i]];
        inv[perm[i]] = (uint32_t)i;
    }
    if (p->n)
        memcpy(p->nodes, sorted, p->n * sizeof *sorted);
    for (size_t g = 0; g < p->ngroups; g++)
        p->groups[g].whole = inv[p->groups[g].whole];
    for (size_t i = 0; i < p->nparts; i++)
        p->parts[i] = inv[p->parts[i]];
    st = cas__node_rehash(p);
done:
    cas__free(perm);
    cas__free(inv);
    cas__free(sorted);
    return st;
}

static int period_contains(const node *outer, const node *inner)
{
    return cas__day_lo(outer->start) <= cas__day_lo(inner->start) &&
           cas__day_hi(outer->end) >= cas__day_hi(inner->end);
}

static cas_status edge_add(cas_propagation *p, uint32_t part, uint32_t whole)
{
    cas_status st;
    if ((st = cas__u32_push(&p->edges, &p->nedges, &p->edges_cap, part)) != CAS_OK)
        return st;
    return cas__u32_push(&p->edges, &p->nedges, &p->edges_cap, whole);
}

/* The pool ids of @path and of each of its ancestors ("" included). */
static cas_status ancestors(const cas_propagation *p, uint32_t id, uint32_t **out, size_t *n,
                            size_t *cap)
{
    const char *s = cas__pool_str(&p->pool, id);
    size_t len = cas__pool_len(&p->pool, id);
    cas_status st;

    *n = 0;
    if ((st = cas__u32_push(out, n, cap, 0)) != CAS_OK)
        return st;
    for (size_t i = 0; i < len; i++) {
        uint32_t a;
        if (s[i] == '/' && cas__pool_find(&p->pool, s, i, &a) &&
            (st = cas__u32_push(out, n, cap, a)) != CAS_OK)
            return st;
    }
    if (len)
        return cas__u32_push(out, n, cap, id);
    return CAS_OK;
}

static int paths_cmp_ctx(const void *c, uint32_t a, uint32_t b)
{
    const cas_propagation *p = c;
    const node *x = &p->nodes[a], *y = &p->nodes[b];
    for (int d = 0; d < CAS__NPATHS; d++)
        if (x->path[d] != y->path[d])
            return x->path[d] < y->path[d] ? -1 : 1;
    if (cas__day_lo(x->start) != cas__day_lo(y->start))
        return cas__day_lo(x->start) < cas__day_lo(y->start) ? -1 : 1;
    if (cas__day_hi(x->end) != cas__day_hi(y->end))
        return cas__day_hi(x->end) > cas__day_hi(y->end) ? -1 : 1;
    return (a > b) - (a < b);
}

/* A part-to-whole edge for every pair of nodes where one lies within the
 * other. For each node, only the scopes built from its paths' ancestors
 * can contain it: look those up instead of scanning every node. */
static cas_status build_edges(cas_propagation *p)
{
    uint32_t *order = NULL, *slots = NULL, *anc[CAS__NPATHS] = {NULL};
    size_t nanc[CAS__NPATHS], capanc[CAS__NPATHS] = {0}, nslots = 64, nruns = 0;
    size_t *run_lo = NULL, *run_hi = NULL;
    cas_status st = CAS_ERR_NOMEM;

    if (p->n == 0)
        return CAS_OK;
    order = cas__malloc(p->n * sizeof *order);
    run_lo = cas__malloc(p->n * sizeof *run_lo);
    run_hi = cas__malloc(p->n * sizeof *run_hi);
    while (nslots < p->n * 2 + 2)
        nslots *= 2;
    slots = cas__calloc(nslots, sizeof *slots);
    if (!order || !run_lo || !run_hi || !slots)
        goto done;
    for (size_t i = 0; i < p->n; i++)
        order[i] = (uint32_t)i;
    if ((st = cas__sort_by(order, p->n, paths_cmp_ctx, p)) != CAS_OK)
        goto done;
    /* Runs of nodes with the same paths, in a hash by those paths. */
    for (size_t lo = 0; lo < p->n;) {
        size_t hi = lo + 1;
        const node *x = &p->nodes[order[lo]];
        while (hi < p->n && memcmp(p->nodes[order[hi]].path, x->path, sizeof x->path) == 0)
            hi++;
        run_lo[nruns] = lo;
        run_hi[nruns] = hi;
        size_t h = cas__node_hash(x->path, 0, 0) & (nslots - 1);
        while (slots[h])
            h = (h + 1) & (nslots - 1);
        slots[h] = (uint32_t)nruns + 1;
        nruns++;
        lo = hi;
    }
    for (size_t a = 0; a < p->n; a++) {
        const node *x = &p->nodes[a];
        size_t pos[CAS__NPATHS] = {0};
        for (int d = 0; d < CAS__NPATHS; d++)
            if ((st = ancestors(p, x->path[d], &anc[d], &nanc[d], &capanc[d])) != CAS_OK)
                goto done;
        for (;;) {
            uint32_t key[CAS__NPATHS];
            for (int d = 0; d < CAS__NPATHS; d++)
                key[d] = anc[d][pos[d]];
            size_t h = cas__node_hash(key, 0, 0) & (nslots - 1);
            while (slots[h]) {
                size_t r = slots[h] - 1;
                const node *y = &p->nodes[order[run_lo[r]]];
                if (memcmp(y->path, key, sizeof key) == 0) {
                    for (size_t k = run_lo[r]; k < run_hi[r]; k++) {
                        uint32_t b = order[k];
                        if (b != a && period_contains(&p->nodes[b], x) &&
                            (st = edge_add(p, (uint32_t)a, b)) != CAS_OK)
                            goto done;
                    }
                    break;
                }
                h = (h + 1) & (nslots - 1);
            }
            int d = 0;
            while (d < CAS__NPATHS && ++pos[d] == nanc[d])
                pos[d++] = 0;
            if (d == CAS__NPATHS)
                break;
        }
    }
    st = CAS_OK;
done:
    cas__free(order);
    cas__free(slots);
    cas__free(run_lo);
    cas__free(run_hi);
    for (int d = 0; d < CAS__NPATHS; d++)
        cas__free(anc[d]);
    return st;
}

typedef struct dim_ctx {
    const cas_propagation *p;
    int dim;
} dim_ctx;

/* Same other paths and period, then dimension @dim's path in tree order. */
static int dim_cmp_ctx(const void *c, uint32_t a, uint32_t b)
{
    const dim_ctx *o = c;
    const node *x = &o->p->nodes[a], *y = &o->p->nodes[b];
    for (int d = 0; d < CAS__NPATHS; d++)
        if (d != o->dim && x->path[d] != y->path[d])
            return x->path[d] < y->path[d] ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return cas__tree_cmp(cas__pool_str(&o->p->pool, x->path[o->dim]),
                         cas__pool_str(&o->p->pool, y->path[o->dim]));
}

static int same_but(const node *x, const node *y, int dim)
{
    for (int d = 0; d < CAS__NPATHS; d++)
        if (d != dim && x->path[d] != y->path[d])
            return 0;
    return dim == CAS__NPATHS || (x->start == y->start && x->end == y->end);
}

/* Path @dim of node @i. */
static const char *node_path(const cas_propagation *p, uint32_t i, int dim)
{
    return cas__pool_str(&p->pool, p->nodes[i].path[dim]);
}

/* Sum rules along one path dimension: in each run of nodes that agree on
 * everything else, the largest parts of a node are its first descendant
 * in tree order, the first one after that descendant's own subtree, ... */
static cas_status build_path_sums(cas_propagation *p, uint32_t *order, uint32_t *tmp, int dim)
{
    dim_ctx ctx = {p, dim};
    cas_status st;

    for (size_t i = 0; i < p->n; i++)
        order[i] = (uint32_t)i;
    if ((st = cas__sort_by(order, p->n, dim_cmp_ctx, &ctx)) != CAS_OK)
        return st;
    for (size_t lo = 0; lo < p->n;) {
        size_t hi = lo + 1;
        while (hi < p->n && same_but(&p->nodes[order[lo]], &p->nodes[order[hi]], dim))
            hi++;
        for (size_t i = lo; i < hi; i++) {
            const char *w = node_path(p, order[i], dim);
            size_t k = 0, j = i + 1;
            while (j < hi && cas__path_contains(w, node_path(p, order[j], dim))) {
                const char *m = node_path(p, order[j], dim);
                tmp[k++] = order[j++];
                while (j < hi && cas__path_contains(m, node_path(p, order[j], dim)))
                    j++;
            }
            if (k >= 2 && (st = cas__group_add(p, order[i], tmp, k, 0)) != CAS_OK)
                return st;
        }
        lo = hi;
    }
    return CAS_OK;
}

/* Sum rules along the period: the largest sub-periods of a node, used
 * only when they are pairwise disjoint (overlapping periods never add). */
static cas_status build_period_sums(cas_propagation *p, uint32_t *order, uint32_t *tmp)
{
    cas_status st;

    for (size_t i = 0; i < p->n; i++)
        order[i] = (uint32_t)i;
    if ((st = cas__sort_by(order, p->n, paths_cmp_ctx, p)) != CAS_OK)
        return st;
    for (size_t lo = 0; lo < p->n;) {
        size_t hi = lo + 1;
        while (hi < p->n && same_but(&p->nodes[order[lo]], &p->nodes[order[hi]], CAS__NPATHS))
            hi++;
        for (size_t i = lo; i < hi; i++) {
            const node *w = &p->nodes[order[i]];
            size_t k = 0;
            int64_t max_end = 0;
            int disjoint = 1;
            /* Sorted by start, then longest first: a candidate ending no
             * later than a kept one is inside it. */
            for (size_t j = lo; j < hi; j++) {
                const node *c = &p->nodes[order[j]];
                if (j == i || !period_contains(w, c))
                    continue;
                if (k && cas__day_hi(c->end) <= max_end)
                    continue;
                if (k && cas__day_lo(c->start) <= max_end)
                    disjoint = 0;
                tmp[k++] = order[j];
                max_end = cas__day_hi(c->end);
            }
            if (k >= 2 && disjoint && (st = cas__group_add(p, order[i], tmp, k, 0)) != CAS_OK)
                return st;
        }
        lo = hi;
    }
    return CAS_OK;
}

static cas_status build_rules(cas_propagation *p)
{
    uint32_t *order, *tmp;
    cas_status st;

    if ((st = build_edges(p)) != CAS_OK || p->n == 0)
        return st;
    order = cas__malloc(p->n * sizeof *order);
    tmp = cas__malloc(p->n * sizeof *tmp);
    if (!order || !tmp) {
        st = CAS_ERR_NOMEM;
        goto done;
    }
    for (int d = 0; d < CAS__NPATHS && st == CAS_OK; d++)
        st = build_path_sums(p, order, tmp, d);
    if (st == CAS_OK)
        st = build_period_sums(p, order, tmp);
done:
    cas__free(order);
    cas__free(tmp);
    return st;
}

cas_status cas__propagation_build(cas_propagation *p)
{
    cas_status st;

    if ((st = order_nodes(p)) != CAS_OK)
        return st;
    return build_rules(p);
}
