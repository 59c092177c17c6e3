/* SPDX-License-Identifier: MIT */
/* Building the propagation's rules: the nodes in scope order, a
 * part-to-whole edge for every two nodes where one lies within the other
 * (under the vocabulary: `killed` within `casualties`), kept to the
 * covering relation in propagation_edges.c, the sum rules of
 * the largest parts along each path and the period when they are pairwise
 * disjoint under the vocabulary, and the sum rules of composed paths
 * (`casualties` = killed + wounded + missing + captured) over the parts
 * present (docs/model.md sections 6 and 10). */
#include "propagation_internal.h"
#include "alloc_internal.h"
#include "vocab_internal.h"

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

/* Scratch for testing parts for disjointness: a scope and a pointer per
 * node. */
typedef struct scratch {
    uint32_t *order, *tmp, *end, *stack;
    cas_scope *sc;
    const cas_scope **ptrs;
} scratch;

/* Whether the @k nodes at @parts are pairwise disjoint under the
 * vocabulary (parts that overlap are each only a floor for the whole,
 * which their edges already give: no sum). */
static cas_status parts_disjoint(const cas_propagation *p, const uint32_t *parts, size_t k,
                                 scratch *w, int *disjoint)
{
    size_t a, b;
    int found;
    cas_status st;

    for (size_t i = 0; i < k; i++) {
        cas__node_scope(p, &p->nodes[parts[i]], &w->sc[i]);
        w->ptrs[i] = &w->sc[i];
    }
    st = cas__find_overlap(p->vocab, w->ptrs, k, &found, &a, &b, NULL);
    *disjoint = !found;
    return st;
}

/* Sum rules along one path dimension: in each run of nodes that agree on
 * everything else, the largest parts of a node are its first descendant
 * in tree order, the first one after that descendant's own subtree, ...;
 * they are added only when they are pairwise disjoint under the
 * vocabulary (a path dimension's siblings may overlap: the facets of
 * `civilians`). */
static cas_status build_path_sums(cas_propagation *p, scratch *sw, int dim)
{
    uint32_t *order = sw->order, *tmp = sw->tmp, *end = sw->end, *stack = sw->stack;
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
        /* end[i]: the first position after i's subtree, by one stack
         * pass (a node's descendants follow it in tree order), so that
         * the largest parts are found by jumping over subtrees: O(n) path
         * tests a run, not a scan of each subtree per node. */
        size_t depth = 0;
        for (size_t i = lo; i < hi; i++) {
            const char *x = node_path(p, order[i], dim);
            while (depth && !cas__path_contains(node_path(p, order[stack[depth - 1]], dim), x))
                end[stack[--depth]] = (uint32_t)i;
            stack[depth++] = (uint32_t)i;
        }
        while (depth)
            end[stack[--depth]] = (uint32_t)hi;
        for (size_t i = lo; i < hi; i++) {
            size_t k = 0;
            for (size_t j = i + 1; j < end[i]; j = end[j])
                tmp[k++] = order[j];
            int disjoint = 1;
            if (k >= 2 && dim < CAS__NVOCAB &&
                (st = parts_disjoint(p, tmp, k, sw, &disjoint)) != CAS_OK)
                return st;
            if (k >= 2 && disjoint && (st = cas__group_add(p, order[i], tmp, k, 0)) != CAS_OK)
                return st;
        }
        lo = hi;
    }
    return CAS_OK;
}

/* Sum rules of composed paths (docs/model.md section 10): for a node whose
 * path in a vocabulary dimension has exclusive parts (`casualties` =
 * killed wounded missing captured), the nodes of its parts with the same
 * other paths and period are added: the whole is at least their sum (a
 * partial breakdown is a floor), and when the parts are exhaustive and all
 * present they cover it (cas_propagation_cover's rules). Each part is
 * found by hashing its scope, as the edges are. */
static cas_status build_composed_sums(cas_propagation *p, uint32_t *tmp)
{
    for (size_t i = 0; i < p->n; i++) {
        for (int d = 0; d < CAS__NVOCAB; d++) {
            const node *x = &p->nodes[i];
            const char *path = cas__pool_str(&p->pool, x->path[d]);
            uint32_t flags, key[CAS__NPATHS];
            size_t count, k = 0;
            cas_status st;

            if ((st = cas_vocab_flags(p->vocab, d, path, &flags, NULL)) != CAS_OK)
                return st;
            if (!(flags & CAS_VOCAB_COMPOSED) || !(flags & CAS_VOCAB_EXCLUSIVE))
                continue;
            if ((st = cas_vocab_parts(p->vocab, d, path, &count, NULL)) != CAS_OK)
                return st;
            memcpy(key, x->path, sizeof key);
            for (size_t j = 0; j < count; j++) {
                const char *part;
                int64_t at;
                if ((st = cas_vocab_part(p->vocab, d, path, j, &part, NULL)) != CAS_OK)
                    return st;
                if (!cas__pool_find(&p->pool, part, strlen(part), &key[d]))
                    continue;
                if ((at = cas__node_find(p, key, x->start, x->end)) >= 0)
                    tmp[k++] = (uint32_t)at;
            }
            int covered = (flags & CAS_VOCAB_EXHAUSTIVE) && k == count;
            if ((k >= 2 || (k >= 1 && covered)) &&
                (st = cas__group_add(p, (uint32_t)i, tmp, k, covered)) != CAS_OK)
                return st;
        }
    }
    return CAS_OK;
}

typedef struct within_ctx {
    const cas_propagation *p;
    const uint32_t *inv; /* node -> place in paths order */
} within_ctx;

/* Edges (by number) by their whole's place in paths order, then their
 * part's start, longest first. */
static int within_cmp_ctx(const void *c, uint32_t a, uint32_t b)
{
    const within_ctx *w = c;
    const uint32_t *e = w->p->edges;
    size_t i = a, j = b;
    const node *x = &w->p->nodes[e[2 * i]], *y = &w->p->nodes[e[2 * j]];
    if (w->inv[e[2 * i + 1]] != w->inv[e[2 * j + 1]])
        return w->inv[e[2 * i + 1]] < w->inv[e[2 * j + 1]] ? -1 : 1;
    if (cas__day_lo(x->start) != cas__day_lo(y->start))
        return cas__day_lo(x->start) < cas__day_lo(y->start) ? -1 : 1;
    if (cas__day_hi(x->end) != cas__day_hi(y->end))
        return cas__day_hi(x->end) > cas__day_hi(y->end) ? -1 : 1;
    return (a > b) - (a < b);
}

/* Sum rules along the period: the largest sub-periods of a node, used
 * only when they are pairwise disjoint (overlapping periods never add).
 * The largest sub-periods of a node with the same paths are exactly its
 * parts by an edge within its run (the edges are the covering relation),
 * so no run is scanned once per node. */
static cas_status build_period_sums(cas_propagation *p, uint32_t *order, uint32_t *tmp)
{
    size_t ne = p->nedges / 2, nin = 0;
    uint32_t *inv = cas__malloc((p->n ? p->n : 1) * sizeof *inv);
    uint32_t *in = cas__malloc((ne ? ne : 1) * sizeof *in);
    within_ctx ctx = {p, inv};
    cas_status st = CAS_ERR_NOMEM;

    if (!inv || !in)
        goto done;
    for (size_t i = 0; i < p->n; i++)
        order[i] = (uint32_t)i;
    if ((st = cas__sort_by(order, p->n, paths_cmp_ctx, p)) != CAS_OK)
        goto done;
    for (size_t i = 0; i < p->n; i++)
        inv[order[i]] = (uint32_t)i;
    for (size_t e = 0; e < ne; e++)
        if (memcmp(p->nodes[p->edges[2 * e]].path, p->nodes[p->edges[2 * e + 1]].path,
                   sizeof p->nodes[0].path) == 0)
            in[nin++] = (uint32_t)e;
    if ((st = cas__sort_by(in, nin, within_cmp_ctx, &ctx)) != CAS_OK)
        goto done;
    for (size_t lo = 0; lo < nin && st == CAS_OK;) {
        uint32_t whole = p->edges[2 * (size_t)in[lo] + 1];
        size_t hi = lo, k = 0;
        int disjoint = 1;
        int64_t max_end = 0;
        /* By start: the largest sub-periods end in the same order. */
        for (; hi < nin && p->edges[2 * (size_t)in[hi] + 1] == whole; hi++) {
            const node *c = &p->nodes[p->edges[2 * (size_t)in[hi]]];
            if (k && cas__day_lo(c->start) <= max_end)
                disjoint = 0;
            tmp[k++] = p->edges[2 * (size_t)in[hi]];
            max_end = cas__day_hi(c->end);
        }
        if (k >= 2 && disjoint)
            st = cas__group_add(p, whole, tmp, k, 0);
        lo = hi;
    }
done:
    cas__free(inv);
    cas__free(in);
    return st;
}

static cas_status build_rules(cas_propagation *p)
{
    scratch w;
    cas_status st;

    if ((st = cas__propagation_edges(p)) != CAS_OK || p->n == 0)
        return st;
    w.order = cas__malloc(p->n * sizeof *w.order);
    w.tmp = cas__malloc(p->n * sizeof *w.tmp);
    w.end = cas__malloc(p->n * sizeof *w.end);
    w.stack = cas__malloc(p->n * sizeof *w.stack);
    w.sc = cas__malloc(p->n * sizeof *w.sc);
    w.ptrs = cas__malloc(p->n * sizeof *w.ptrs);
    if (!w.order || !w.tmp || !w.end || !w.stack || !w.sc || !w.ptrs) {
        st = CAS_ERR_NOMEM;
        goto done;
    }
    for (int d = 0; d < CAS__NPATHS && st == CAS_OK; d++)
        st = build_path_sums(p, &w, d);
    if (st == CAS_OK)
        st = build_composed_sums(p, w.tmp);
    if (st == CAS_OK)
        st = build_period_sums(p, w.order, w.tmp);
done:
    cas__free(w.order);
    cas__free(w.tmp);
    cas__free(w.end);
    cas__free(w.stack);
    cas__free(w.sc);
    cas__free(w.ptrs);
    return st;
}

cas_status cas__propagation_build(cas_propagation *p)
{
    cas_status st;

    if ((st = order_nodes(p)) != CAS_OK)
        return st;
    return build_rules(p);
}
