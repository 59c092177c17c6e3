/* SPDX-License-Identifier: MIT */
/* The propagation's part-to-whole edges: the covering relation of scope
 * containment (its Hasse diagram), not its transitive closure. A node gets
 * an edge to each of its minimal containers, so that following edges
 * reaches exactly the scopes that contain it: a chain of N nested periods
 * or of N scopes one within the next gets N - 1 edges, not N^2 / 2.
 *
 * 1. Nodes with the same five paths form a run. Per dimension, the paths
 *    present and, for each, the present paths it lies within (its
 *    ancestors, itself included): computed once per distinct path, under
 *    the vocabulary for outcome, group, perpetrator and place, and for the
 *    event (a plain prefix path) by a stack over the events in tree order,
 *    so that no prefix is hashed again from the start.
 * 2. The runs whose paths contain a run's paths: in the dimension whose
 *    ancestors carry the fewest runs, those runs, each tested in the other
 *    dimensions by a stamp on their ancestors (no product of ancestors).
 * 3. In each such run, the minimal periods containing each node's period:
 *    an offline sweep by start over the run's periods ordered by end, with
 *    a segment tree of the latest start at each end, gives each minimal
 *    container in O(log n) (within a node's own run this is the run's own
 *    covering relation).
 * 4. Of a node's candidates from different runs, one that contains another
 *    is dropped (the other reaches it), when the candidates are few enough
 *    to compare pairwise (PRUNE_MAX); above that the extra edges are only
 *    redundant, never wrong.
 * 5. The nodes in topological order (containers first, by Kahn's
 *    algorithm over the edges: vocabulary containment such as `captured`
 *    within `casualties` is not alphabetical), and the edges sorted by
 *    their whole's position, so that one pass forwards carries the highs
 *    down every chain and one pass backwards carries the lows up. */
#include "propagation_internal.h"
#include "alloc_internal.h"
#include "vocab_internal.h"

#include <stdlib.h>
#include <string.h>

/* Candidates of one node compared pairwise at most: 256^2 tests. */
#define PRUNE_MAX 256

typedef struct dim_index {
    uint32_t *first, *count; /* per pool id: its runs, at byval[first] */
    uint32_t *byval;         /* the runs by this dimension's path */
    uint32_t *aoff, *alen;   /* per pool id: its present ancestors at anc[aoff] */
    uint32_t *anc;
    size_t nanc, capanc;
    uint32_t *stamp; /* per pool id */
} dim_index;

typedef struct builder {
    cas_propagation *p;
    uint32_t *order;  /* nodes by paths, then start, then longest first */
    uint32_t *posin;  /* node -> its place in order */
    uint32_t *run_of; /* node -> run */
    uint32_t *run_lo, *run_hi;
    size_t nruns;
    uint32_t npool;
    uint32_t token;
    dim_index dim[CAS__NPATHS];
} builder;

typedef struct query {
    int64_t lo;
    uint32_t run, node;
} query;

typedef struct pair {
    uint32_t part, whole;
} pair;

static int64_t lo_of(const node *x)
{
    return cas__day_lo(x->start);
}

static int64_t hi_of(const node *x)
{
    return cas__day_hi(x->end);
}

static int period_contains(const node *outer, const node *inner)
{
    return lo_of(outer) <= lo_of(inner) && hi_of(outer) >= hi_of(inner);
}

static const node *run_node(const builder *b, uint32_t r)
{
    return &b->p->nodes[b->order[b->run_lo[r]]];
}

static int paths_cmp_ctx(const void *c, uint32_t a, uint32_t b)
{
    const cas_propagation *p = c;
    const node *x = &p->nodes[a], *y = &p->nodes[b];
    for (int d = 0; d < CAS__NPATHS; d++)
        if (x->path[d] != y->path[d])
            return x->path[d] < y->path[d] ? -1 : 1;
    if (lo_of(x) != lo_of(y))
        return lo_of(x) < lo_of(y) ? -1 : 1;
    if (hi_of(x) != hi_of(y))
        return hi_of(x) > hi_of(y) ? -1 : 1;
    return (a > b) - (a < b);
}

/* ---- 1. ancestors per distinct path ---- */

typedef struct anc_ctx {
    builder *b;
    int d;
} anc_ctx;

static cas_status anc_push(void *c, const char *s, size_t len)
{
    const anc_ctx *a = c;
    dim_index *x = &a->b->dim[a->d];
    uint32_t id;
    if (!cas__pool_find(&a->b->p->pool, s, len, &id) || id >= a->b->npool || !x->count[id] ||
        x->stamp[id] == a->b->token)
        return CAS_OK;
    x->stamp[id] = a->b->token;
    return cas__u32_push(&x->anc, &x->nanc, &x->capanc, id);
}

static int tree_cmp_ctx(const void *c, uint32_t a, uint32_t b)
{
    const cas__pool *pool = c;
    return cas__tree_cmp(cas__pool_str(pool, a), cas__pool_str(pool, b));
}

/* The present ancestors of every present event: the nearest one by a
 * stack over the events in tree order, then the list of the parent's
 * with the event put first. */
static cas_status prefix_ancestors(builder *b, dim_index *x)
{
    const cas__pool *pool = &b->p->pool;
    uint32_t *vals, *stack;
    size_t nv = 0, top = 0;
    cas_status st = CAS_OK;

    vals = cas__malloc((b->npool ? b->npool : 1) * sizeof *vals);
    stack = cas__malloc((b->npool ? b->npool : 1) * sizeof *stack);
    if (!vals || !stack) {
        st = CAS_ERR_NOMEM;
        goto done;
    }
    for (uint32_t id = 0; id < b->npool; id++)
        if (x->count[id])
            vals[nv++] = id;
    if ((st = cas__sort_by(vals, nv, tree_cmp_ctx, pool)) != CAS_OK)
        goto done;
    for (size_t i = 0; i < nv && st == CAS_OK; i++) {
        uint32_t v = vals[i];
        const char *s = cas__pool_str(pool, v);
        while (top && !cas__path_contains(cas__pool_str(pool, stack[top - 1]), s))
            top--;
        x->aoff[v] = (uint32_t)x->nanc;
        st = cas__u32_push(&x->anc, &x->nanc, &x->capanc, v);
        if (top) {
            uint32_t par = stack[top - 1];
            for (uint32_t k = 0; k < x->alen[par] && st == CAS_OK; k++)
                st = cas__u32_push(&x->anc, &x->nanc, &x->capanc, x->anc[x->aoff[par] + k]);
        }
        x->alen[v] = (uint32_t)(x->nanc - x->aoff[v]);
        stack[top++] = v;
    }
done:
    cas__free(vals);
    cas__free(stack);
    return st;
}

static cas_status dim_build(builder *b, int d)
{
    dim_index *x = &b->dim[d];
    size_t np = b->npool ? b->npool : 1;
    cas_status st = CAS_OK;

    x->first = cas__calloc(np, sizeof *x->first);
    x->count = cas__calloc(np, sizeof *x->count);
    x->aoff = cas__calloc(np, sizeof *x->aoff);
    x->alen = cas__calloc(np, sizeof *x->alen);
    x->stamp = cas__calloc(np, sizeof *x->stamp);
    x->byval = cas__malloc((b->nruns ? b->nruns : 1) * sizeof *x->byval);
    if (!x->first || !x->count || !x->aoff || !x->alen || !x->stamp || !x->byval)
        return CAS_ERR_NOMEM;
    /* The runs by path: a counting sort. */
    for (size_t r = 0; r < b->nruns; r++)
        x->count[run_node(b, (uint32_t)r)->path[d]]++;
    for (uint32_t id = 0, at = 0; id < b->npool; id++) {
        x->first[id] = at;
        at += x->count[id];
    }
    for (size_t r = 0; r < b->nruns; r++) {
        uint32_t id = run_node(b, (uint32_t)r)->path[d];
        x->byval[x->first[id] + x->stamp[id]++] = (uint32_t)r;
    }
    memset(x->stamp, 0, np * sizeof *x->stamp);
    if (d >= CAS__NVOCAB)
        return prefix_ancestors(b, x);
    for (uint32_t id = 0; id < b->npool && st == CAS_OK; id++) {
        anc_ctx a = {b, d};
        if (!x->count[id])
            continue;
        b->token++;
        x->aoff[id] = (uint32_t)x->nanc;
        st = cas__vocab_within(b->p->vocab, d, cas__pool_str(&b->p->pool, id),
                               cas__pool_len(&b->p->pool, id), anc_push, &a, NULL);
        x->alen[id] = (uint32_t)(x->nanc - x->aoff[id]);
    }
    return st;
}

/* Stamp the ancestors of @x's paths, in every dimension, with a new token. */
static uint32_t stamp_ancestors(builder *b, const node *x)
{
    uint32_t tok = ++b->token;
    for (int d = 0; d < CAS__NPATHS; d++) {
        dim_index *di = &b->dim[d];
        const uint32_t *a = di->anc + di->aoff[x->path[d]];
        for (uint32_t k = 0; k < di->alen[x->path[d]]; k++)
            di->stamp[a[k]] = tok;
    }
    return tok;
}

/* Whether @outer's paths contain @inner's, the ancestors of @inner's paths
 * stamped with @tok. */
static int paths_stamped(const builder *b, const node *outer, uint32_t tok)
{
    for (int d = 0; d < CAS__NPATHS; d++)
        if (b->dim[d].stamp[outer->path[d]] != tok)
            return 0;
    return 1;
}

/* ---- 2. the runs that contain each run ---- */

static cas_status queries_build(builder *b, query **out, size_t *nout)
{
    query *q = NULL;
    size_t nq = 0, capq = 0;

    for (size_t r = 0; r < b->nruns; r++) {
        const node *x = run_node(b, (uint32_t)r);
        uint32_t tok = stamp_ancestors(b, x);
        size_t best = SIZE_MAX;
        int bd = 0;
        for (int d = 0; d < CAS__NPATHS; d++) {
            const dim_index *di = &b->dim[d];
            size_t c = 0;
            for (uint32_t k = 0; k < di->alen[x->path[d]]; k++)
                c += di->count[di->anc[di->aoff[x->path[d]] + k]];
            if (c < best) {
                best = c;
                bd = d;
            }
        }
        const dim_index *di = &b->dim[bd];
        for (uint32_t k = 0; k < di->alen[x->path[bd]]; k++) {
            uint32_t u = di->anc[di->aoff[x->path[bd]] + k];
            for (uint32_t j = di->first[u]; j < di->first[u] + di->count[u]; j++) {
                uint32_t s = di->byval[j];
                if (!paths_stamped(b, run_node(b, s), tok))
                    continue;
                for (uint32_t i = b->run_lo[r]; i < b->run_hi[r]; i++) {
                    if (!cas__grow((void **)&q, &capq, nq + 1, sizeof *q, 64)) {
                        cas__free(q);
                        return CAS_ERR_NOMEM;
                    }
                    q[nq].lo = lo_of(&b->p->nodes[b->order[i]]);
                    q[nq].run = s;
                    q[nq].node = b->order[i];
                    nq++;
                }
            }
        }
    }
    *out = q;
    *nout = nq;
    return CAS_OK;
}

static int query_cmp(const void *a, const void *c)
{
    const query *x = a, *y = c;
    if (x->run != y->run)
        return x->run < y->run ? -1 : 1;
    if (x->lo != y->lo)
        return x->lo < y->lo ? -1 : 1;
    return (x->node > y->node) - (x->node < y->node);
}

/* ---- 3. minimal containing periods within a run ---- */

/* The leftmost leaf at or after @from whose value exceeds @cur, or -1; the
 * tree has @size leaves at t[size ...], each inner node the max of its two. */
static int64_t seg_first(const uint32_t *t, size_t size, size_t from, uint32_t cur)
{
    size_t v = 1, lo = 0, hi = size;
    /* Walk down to the subtree holding @from, then along its right edge. */
    size_t stack[64];
    size_t nstack = 0;
    if (from >= size)
        return -1;
    for (;;) {
        if (hi - lo == 1)
            break;
        size_t mid = lo + (hi - lo) / 2;
        if (from < mid) {
            stack[nstack++] = 2 * v + 1; /* the right sibling, searched later */
            v = 2 * v;
            hi = mid;
        } else {
            v = 2 * v + 1;
            lo = mid;
        }
    }
    if (t[v] > cur)
        return (int64_t)lo;
    /* The right siblings on the way down, nearest first. */
    while (nstack) {
        size_t w = stack[--nstack];
        if (t[w] <= cur)
            continue;
        while (w < size)
            w = t[2 * w] > cur ? 2 * w : 2 * w + 1;
        return (int64_t)(w - size);
    }
    return -1;
}

typedef struct sweep_scratch {
    uint32_t *rank, *posof, *atpos, *tree;
    int64_t *hiat;
} sweep_scratch;

typedef struct end_ctx {
    const builder *b;
    const uint32_t *mem;
} end_ctx;

/* Ends ascending, then starts descending. */
static int end_cmp_ctx(const void *c, uint32_t a, uint32_t b)
{
    const end_ctx *e = c;
    const node *x = &e->b->p->nodes[e->mem[a]], *y = &e->b->p->nodes[e->mem[b]];
    if (hi_of(x) != hi_of(y))
        return hi_of(x) < hi_of(y) ? -1 : 1;
    if (lo_of(x) != lo_of(y))
        return lo_of(x) > lo_of(y) ? -1 : 1;
    return (a > b) - (a < b);
}

static cas_status sweep_run(builder *b, uint32_t s, const query *q, size_t nq, sweep_scratch *w,
                            pair **pairs, size_t *npairs, size_t *cappairs)
{
    const node *nodes = b->p->nodes;
    const uint32_t *mem = b->order + b->run_lo[s];
    size_t m = b->run_hi[s] - b->run_lo[s], size = 1, ins = 0;
    end_ctx ec = {b, mem};
    cas_status st;

    while (size < m)
        size *= 2;
    memset(w->tree, 0, 2 * size * sizeof *w->tree);
    /* Members are by start ascending: a dense rank of starts, from 1. */
    for (size_t i = 0; i < m; i++)
        w->rank[i] = i == 0                                               ? 1
                     : lo_of(&nodes[mem[i]]) == lo_of(&nodes[mem[i - 1]]) ? w->rank[i - 1]
                                                                          : w->rank[i - 1] + 1;
    for (size_t i = 0; i < m; i++)
        w->atpos[i] = (uint32_t)i;
    if ((st = cas__sort_by(w->atpos, m, end_cmp_ctx, &ec)) != CAS_OK)
        return st;
    for (size_t j = 0; j < m; j++) {
        w->posof[w->atpos[j]] = (uint32_t)j;
        w->hiat[j] = hi_of(&nodes[mem[w->atpos[j]]]);
    }
    for (size_t k = 0; k < nq; k++) {
        const node *x = &nodes[q[k].node];
        size_t from;
        uint32_t cur = 0;
        int64_t j;
        while (ins < m && lo_of(&nodes[mem[ins]]) <= q[k].lo) {
            size_t v = size + w->posof[ins];
            w->tree[v] = w->rank[ins];
            for (v /= 2; v; v /= 2)
                w->tree[v] =
                    w->tree[2 * v] > w->tree[2 * v + 1] ? w->tree[2 * v] : w->tree[2 * v + 1];
            ins++;
        }
        if (b->run_of[q[k].node] == s) {
            /* Its own run: after itself (the same end with an earlier
             * start, or a later end). */
            from = (size_t)w->posof[b->posin[q[k].node] - b->run_lo[s]] + 1;
        } else {
            size_t lo = 0, hi = m;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (w->hiat[mid] < hi_of(x))
                    lo = mid + 1;
                else
                    hi = mid;
            }
            from = lo;
        }
        /* The containers have started (inserted) and end no earlier
         * (from on); the first has the earliest end, and of those the
         * latest start; each next one starts later than the last. */
        while ((j = seg_first(w->tree, size, from, cur)) >= 0) {
            uint32_t i = w->atpos[j];
            if (!cas__grow((void **)pairs, cappairs, *npairs + 1, sizeof **pairs, 64))
                return CAS_ERR_NOMEM;
            (*pairs)[*npairs].part = q[k].node;
            (*pairs)[*npairs].whole = mem[i];
            (*npairs)++;
            cur = w->rank[i];
        }
    }
    return CAS_OK;
}

static cas_status sweep_all(builder *b, const query *q, size_t nq, pair **pairs, size_t *npairs)
{
    sweep_scratch w;
    size_t maxrun = 1, size = 1, cap = 0;
    cas_status st = CAS_OK;

    for (size_t r = 0; r < b->nruns; r++)
        if (b->run_hi[r] - b->run_lo[r] > maxrun)
            maxrun = b->run_hi[r] - b->run_lo[r];
    while (size < maxrun)
        size *= 2;
    w.rank = cas__malloc(maxrun * sizeof *w.rank);
    w.posof = cas__malloc(maxrun * sizeof *w.posof);
    w.atpos = cas__malloc(maxrun * sizeof *w.atpos);
    w.hiat = cas__malloc(maxrun * sizeof *w.hiat);
    w.tree = cas__malloc(2 * size * sizeof *w.tree);
    if (!w.rank || !w.posof || !w.atpos || !w.hiat || !w.tree) {
        st = CAS_ERR_NOMEM;
        goto done;
    }
    for (size_t lo = 0; lo < nq && st == CAS_OK;) {
        size_t hi = lo + 1;
        while (hi < nq && q[hi].run == q[lo].run)
            hi++;
        st = sweep_run(b, q[lo].run, q + lo, hi - lo, &w, pairs, npairs, &cap);
        lo = hi;
    }
done:
    cas__free(w.rank);
    cas__free(w.posof);
    cas__free(w.atpos);
    cas__free(w.hiat);
    cas__free(w.tree);
    return st;
}

/* ---- 4. dropping candidates that contain another ---- */

/* Whether path @inner of dimension @d lies within path @outer: @outer
 * among @inner's ancestors, by a scan. */
static int path_within(const builder *b, int d, uint32_t inner, uint32_t outer)
{
    const dim_index *di = &b->dim[d];
    for (uint32_t k = 0; k < di->alen[inner]; k++)
        if (di->anc[di->aoff[inner] + k] == outer)
            return 1;
    return 0;
}

static int same_period(const node *x, const node *y)
{
    return lo_of(x) == lo_of(y) && hi_of(x) == hi_of(y);
}

/* Whether @a's paths lie within @t's (so that @t and @a, equal in days,
 * contain each other: neither may be dropped for the other). */
static int mutual(const builder *b, const node *a, const node *t)
{
    for (int d = 0; d < CAS__NPATHS; d++)
        if (!path_within(b, d, t->path[d], a->path[d]))
            return 0;
    return 1;
}

static void prune(builder *b, const pair *c, size_t k, unsigned char *dropped)
{
    const node *nodes = b->p->nodes;
    for (size_t i = 0; i < k; i++) {
        const node *a = &nodes[c[i].whole];
        uint32_t tok = stamp_ancestors(b, a);
        for (size_t j = 0; j < k; j++) {
            const node *t = &nodes[c[j].whole];
            if (j == i || dropped[j] || b->run_of[c[j].whole] == b->run_of[c[i].whole] ||
                !period_contains(t, a) || !paths_stamped(b, t, tok))
                continue;
            if (same_period(t, a) && mutual(b, a, t))
                continue;
            dropped[j] = 1;
        }
    }
}

static int pair_cmp(const void *a, const void *c)
{
    const pair *x = a, *y = c;
    if (x->part != y->part)
        return x->part < y->part ? -1 : 1;
    return (x->whole > y->whole) - (x->whole < y->whole);
}

static cas_status edges_from_pairs(builder *b, pair *pr, size_t npr)
{
    cas_propagation *p = b->p;
    unsigned char *dropped = NULL;
    cas_status st = CAS_OK;

    if (npr)
        qsort(pr, npr, sizeof *pr, pair_cmp);
    dropped = cas__calloc(PRUNE_MAX, 1);
    if (!dropped)
        return CAS_ERR_NOMEM;
    for (size_t lo = 0; lo < npr && st == CAS_OK;) {
        size_t hi = lo + 1;
        while (hi < npr && pr[hi].part == pr[lo].part)
            hi++;
        size_t k = hi - lo;
        int prunable = k >= 2 && k <= PRUNE_MAX;
        if (prunable) {
            memset(dropped, 0, k);
            prune(b, pr + lo, k, dropped);
        }
        for (size_t i = lo; i < hi && st == CAS_OK; i++) {
            if (prunable && dropped[i - lo])
                continue;
            if ((st = cas__u32_push(&p->edges, &p->nedges, &p->edges_cap, pr[i].part)) == CAS_OK)
                st = cas__u32_push(&p->edges, &p->nedges, &p->edges_cap, pr[i].whole);
        }
        lo = hi;
    }
    cas__free(dropped);
    return st;
}

/* ---- 5. topological order, and the edges by their whole's place ---- */

static cas_status edges_sort(cas_propagation *p)
{
    size_t n = p->n, ne = p->nedges / 2;
    uint32_t *out = cas__calloc(n + 1, sizeof *out); /* edges up from each node */
    uint32_t *inoff = cas__calloc(n + 1, sizeof *inoff);
    uint32_t *inparts = cas__malloc((ne ? ne : 1) * sizeof *inparts);
    uint32_t *queue = cas__malloc((n ? n : 1) * sizeof *queue);
    uint32_t *pos = cas__malloc((n ? n : 1) * sizeof *pos);
    uint32_t *cnt = cas__calloc(n + 1, sizeof *cnt);
    uint32_t *sorted = cas__malloc((p->nedges ? p->nedges : 1) * sizeof *sorted);
    unsigned char *placed = cas__calloc(n ? n : 1, 1);
    size_t qh = 0, qt = 0;
    cas_status st = CAS_ERR_NOMEM;

    if (!out || !inoff || !inparts || !queue || !pos || !cnt || !sorted || !placed)
        goto done;
    for (size_t e = 0; e < ne; e++) {
        out[p->edges[2 * e]]++;
        inoff[p->edges[2 * e + 1] + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        inoff[i + 1] += inoff[i];
    for (size_t e = 0; e < ne; e++) {
        uint32_t w = p->edges[2 * e + 1];
        inparts[inoff[w] + cnt[w]++] = p->edges[2 * e];
    }
    /* Kahn: a node is placed once all its wholes are. */
    for (size_t i = 0; i < n; i++)
        if (!out[i])
            queue[qt++] = (uint32_t)i;
    for (;;) {
        while (qh < qt) {
            uint32_t w = queue[qh++];
            pos[w] = (uint32_t)(qh - 1);
            placed[w] = 1;
            for (uint32_t k = inoff[w]; k < inoff[w + 1]; k++)
                if (--out[inparts[k]] == 0)
                    queue[qt++] = inparts[k];
        }
        if (qt == n)
            break;
        /* A cycle (scopes equal under the vocabulary): break it at the
         * first node not yet placed. */
        for (size_t i = 0; i < n; i++)
            if (!placed[i] && out[i]) {
                out[i] = 0;
                queue[qt++] = (uint32_t)i;
                break;
            }
    }
    /* A counting sort of the edges by their whole's place, stable. */
    memset(cnt, 0, (n + 1) * sizeof *cnt);
    for (size_t e = 0; e < ne; e++)
        cnt[pos[p->edges[2 * e + 1]] + 1]++;
    for (size_t i = 0; i < n; i++)
        cnt[i + 1] += cnt[i];
    for (size_t e = 0; e < ne; e++) {
        size_t at = cnt[pos[p->edges[2 * e + 1]]]++;
        sorted[2 * at] = p->edges[2 * e];
        sorted[2 * at + 1] = p->edges[2 * e + 1];
    }
    if (ne)
        memcpy(p->edges, sorted, p->nedges * sizeof *sorted);
    st = CAS_OK;
done:
    cas__free(out);
    cas__free(inoff);
    cas__free(inparts);
    cas__free(queue);
    cas__free(pos);
    cas__free(cnt);
    cas__free(sorted);
    cas__free(placed);
    return st;
}

cas_status cas__propagation_edges(cas_propagation *p)
{
    builder b;
    query *q = NULL;
    pair *pr = NULL;
    size_t nq = 0, npr = 0;
    cas_status st = CAS_ERR_NOMEM;

    if (p->n == 0)
        return CAS_OK;
    memset(&b, 0, sizeof b);
    b.p = p;
    b.npool = p->pool.count;
    b.order = cas__malloc(p->n * sizeof *b.order);
    b.posin = cas__malloc(p->n * sizeof *b.posin);
    b.run_of = cas__malloc(p->n * sizeof *b.run_of);
    b.run_lo = cas__malloc(p->n * sizeof *b.run_lo);
    b.run_hi = cas__malloc(p->n * sizeof *b.run_hi);
    if (!b.order || !b.posin || !b.run_of || !b.run_lo || !b.run_hi)
        goto done;
    for (size_t i = 0; i < p->n; i++)
        b.order[i] = (uint32_t)i;
    if ((st = cas__sort_by(b.order, p->n, paths_cmp_ctx, p)) != CAS_OK)
        goto done;
    for (size_t lo = 0; lo < p->n;) {
        size_t hi = lo + 1;
        const node *x = &p->nodes[b.order[lo]];
        while (hi < p->n && memcmp(p->nodes[b.order[hi]].path, x->path, sizeof x->path) == 0)
            hi++;
        for (size_t i = lo; i < hi; i++) {
            b.posin[b.order[i]] = (uint32_t)i;
            b.run_of[b.order[i]] = (uint32_t)b.nruns;
        }
        b.run_lo[b.nruns] = (uint32_t)lo;
        b.run_hi[b.nruns] = (uint32_t)hi;
        b.nruns++;
        lo = hi;
    }
    for (int d = 0; d < CAS__NPATHS; d++)
        if ((st = dim_build(&b, d)) != CAS_OK)
            goto done;
    if ((st = queries_build(&b, &q, &nq)) != CAS_OK)
        goto done;
    if (nq)
        qsort(q, nq, sizeof *q, query_cmp);
    if ((st = sweep_all(&b, q, nq, &pr, &npr)) != CAS_OK)
        goto done;
    cas__free(q);
    q = NULL;
    if ((st = edges_from_pairs(&b, pr, npr)) != CAS_OK)
        goto done;
    st = edges_sort(p);
done:
    cas__free(q);
    cas__free(pr);
    cas__free(b.order);
    cas__free(b.posin);
    cas__free(b.run_of);
    cas__free(b.run_lo);
    cas__free(b.run_hi);
    for (int d = 0; d < CAS__NPATHS; d++) {
        cas__free(b.dim[d].first);
        cas__free(b.dim[d].count);
        cas__free(b.dim[d].byval);
        cas__free(b.dim[d].aoff);
        cas__free(b.dim[d].alen);
        cas__free(b.dim[d].anc);
        cas__free(b.dim[d].stamp);
    }
    return st;
}

size_t cas__propagation_nedges(const cas_propagation *p)
{
    return p ? p->nedges / 2 : 0;
}
