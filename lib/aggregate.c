/* Across scopes (DESIGN.md section 6): sums of disjoint scopes and the
 * propagation of bounds between wholes and parts. */
#include "reconcile_internal.h"
#include "alloc_internal.h"
#include "sort_internal.h"
#include "claim_internal.h"
#include "casualty/aggregate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Shared pieces                                                       */

/* Periods as closed intervals of int64, unknown ends open. */
static int64_t day_lo(int32_t d)
{
    return d == CAS_DATE_UNKNOWN ? INT64_MIN : d;
}

static int64_t day_hi(int32_t d)
{
    return d == CAS_DATE_UNKNOWN ? INT64_MAX : d;
}

/* Tree order of paths: a path comes right before its descendants, because
 * '/' sorts below every other byte a path may hold. */
static int tree_cmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    for (;; x++, y++) {
        unsigned cx = *x == '/' ? 1u : *x, cy = *y == '/' ? 1u : *y;
        if (cx != cy)
            return cx < cy ? -1 : 1;
        if (!cx)
            return 0;
    }
}

static const char *dim_path(const cas_scope *s, int d)
{
    const char *p = d == 0 ? s->outcome : d == 1 ? s->group : d == 2 ? s->perpetrator : s->place;
    return p ? p : "";
}

/* Sort uint32 keys stably by a comparator with a context. */
typedef int (*ctx_cmp)(const void *ctx, uint32_t a, uint32_t b);

typedef struct by_cmp {
    ctx_cmp cmp;
    const void *ctx;
} by_cmp;

#define CMP_LESS(c, x, y) ((c)->cmp((c)->ctx, x, y) < 0)
CAS__DEFINE_MERGE_SORT(merge_u32, uint32_t, const by_cmp *, CMP_LESS)

static cas_status sort_ctx(uint32_t *a, size_t n, ctx_cmp cmp, const void *ctx)
{
    uint32_t *tmp;
    if (n < 2)
        return CAS_OK;
    tmp = cas__malloc(n * sizeof *tmp);
    if (!tmp)
        return CAS_ERR_NOMEM;
    merge_u32(a, tmp, n, &(by_cmp){cmp, ctx});
    cas__free(tmp);
    return CAS_OK;
}

/* ------------------------------------------------------------------ */
/* Finding two scopes that are not disjoint, without comparing every pair:
 * split the scopes, one dimension after the other, into groups whose
 * members are connected by overlaps in that dimension. Scopes in different
 * groups are disjoint; only the scopes left together in the end are
 * compared pairwise, and those are few unless the input overlaps a lot. */

typedef struct overlap_ctx {
    const cas_scope *const *s;
    int dim;
} overlap_ctx;

static int overlap_cmp(const void *c, uint32_t a, uint32_t b)
{
    const overlap_ctx *o = c;
    const cas_scope *x = o->s[a], *y = o->s[b];
    if (o->dim < 4) {
        int r = tree_cmp(dim_path(x, o->dim), dim_path(y, o->dim));
        if (r)
            return r;
    } else {
        int64_t xs = day_lo(x->period_start), ys = day_lo(y->period_start);
        if (xs != ys)
            return xs < ys ? -1 : 1;
    }
    return (a > b) - (a < b);
}

static cas_status find_overlap(const cas_scope *const *s, uint32_t *items, size_t n, int dim,
                               int *found, uint32_t *fa, uint32_t *fb)
{
    overlap_ctx ctx = {s, dim};
    cas_status st;

    if (n < 2 || *found)
        return CAS_OK;
    if (dim == 5) {
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                if (cas_scope_relation(s[items[i]], s[items[j]]) != CAS_SCOPE_DISJOINT) {
                    *found = 1;
                    *fa = items[i] < items[j] ? items[i] : items[j];
                    *fb = items[i] < items[j] ? items[j] : items[i];
                    return CAS_OK;
                }
        return CAS_OK;
    }
    if ((st = sort_ctx(items, n, overlap_cmp, &ctx)) != CAS_OK)
        return st;
    for (size_t lo = 0; lo < n && !*found;) {
        size_t hi = lo + 1;
        if (dim < 4) {
            const char *root = dim_path(s[items[lo]], dim);
            while (hi < n && cas__path_contains(root, dim_path(s[items[hi]], dim)))
                hi++;
        } else {
            int64_t end = day_hi(s[items[lo]]->period_end);
            while (hi < n && day_lo(s[items[hi]]->period_start) <= end) {
                if (day_hi(s[items[hi]]->period_end) > end)
                    end = day_hi(s[items[hi]]->period_end);
                hi++;
            }
        }
        if ((st = find_overlap(s, items + lo, hi - lo, dim + 1, found, fa, fb)) != CAS_OK)
            return st;
        lo = hi;
    }
    return CAS_OK;
}

/* Check that @n scopes are pairwise disjoint; on an overlap fail with
 * CAS_ERR_OVERLAP naming the pair as "@what N". */
static cas_status check_disjoint(const cas_scope *const *s, size_t n, const char *what,
                                 cas_error *err)
{
    uint32_t *items, a = 0, b = 0;
    int found = 0;
    cas_status st;

    if (n < 2)
        return CAS_OK;
    if (n >= UINT32_MAX)
        return cas__fail(err, CAS_ERR_ARG, "", "too many scopes");
    items = cas__malloc(n * sizeof *items);
    if (!items)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    for (size_t i = 0; i < n; i++)
        items[i] = (uint32_t)i;
    st = find_overlap(s, items, n, 0, &found, &a, &b);
    cas__free(items);
    if (st != CAS_OK)
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    if (found) {
        char da[200], db[200];
        cas__scope_describe(da, sizeof da, s[a]);
        cas__scope_describe(db, sizeof db, s[b]);
        return cas__fail(err, CAS_ERR_OVERLAP, "",
                         "%s %u (%s) and %s %u (%s) are not disjoint (%s): adding them "
                         "would count the same people twice",
                         what, (unsigned)a, da, what, (unsigned)b, db,
                         cas_scope_rel_name(cas_scope_relation(s[a], s[b])));
    }
    return CAS_OK;
}

/* ------------------------------------------------------------------ */
/* Sums                                                                */

static cas_status sum_core(cas_sum *out, const cas_scope *const *s, const int64_t *lows,
                           const int64_t *highs, size_t n, cas_error *err)
{
    int64_t low = 0, high = 0;
    int open = 0;
    cas_status st;

    for (size_t i = 0; i < n; i++) {
        if (lows[i] < 0 || (highs[i] != CAS_OPEN && highs[i] < lows[i]))
            return cas__fail(err, CAS_ERR_RANGE, "",
                             "term %zu: [%lld, %lld] is not a range 0 <= low <= high", i,
                             (long long)lows[i], (long long)highs[i]);
        if (!s[i] || s[i]->size < sizeof *s[i])
            return cas__fail(err, CAS_ERR_ARG, "scope",
                             "term %zu: scope size is not set (use cas_scope_init)", i);
    }
    if ((st = check_disjoint(s, n, "term", err)) != CAS_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (__builtin_add_overflow(low, lows[i], &low))
            return cas__fail(err, CAS_ERR_OVERFLOW, "low",
                             "the sum of the lows does not fit in 64 bits");
        if (highs[i] == CAS_OPEN)
            open = 1;
        else if (!open && __builtin_add_overflow(high, highs[i], &high))
            return cas__fail(err, CAS_ERR_OVERFLOW, "high",
                             "the sum of the highs does not fit in 64 bits");
    }
    /* An open term makes the sum open, whatever the order: check the
     * closed highs only when none is open. */
    if (open)
        high = CAS_OPEN;
    out->terms = (uint32_t)(n > UINT32_MAX ? UINT32_MAX : n);
    out->low = low;
    out->high = high;
    return CAS_OK;
}

CAS__DEFINE_INIT(cas_sum, 0)

CAS__DEFINE_INIT(cas_bounds, .scope = CAS__SCOPE_ALL)

cas_status cas_sum_ranges(cas_sum *out, const cas_scope *scopes, const int64_t *lows,
                          const int64_t *highs, size_t n, cas_error *err)
{
    const cas_scope **ptrs;
    cas_sum res;
    cas_status st;

    if (!CAS__SIZED_OK(out, cas_sum))
        return cas__fail(err, CAS_ERR_ARG, "", "sum is NULL or its size is not set");
    if (n && (!scopes || !lows || !highs))
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL",
                         !scopes ? "scopes" : !lows ? "lows" : "highs");
    ptrs = cas__malloc((n ? n : 1) * sizeof *ptrs);
    if (!ptrs)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    for (size_t i = 0; i < n; i++)
        ptrs[i] = &scopes[i];
    memset(&res, 0, sizeof res);
    st = sum_core(&res, ptrs, lows, highs, n, err);
    cas__free(ptrs);
    if (st == CAS_OK) {
        res.size = (uint32_t)sizeof res;
        cas__sized_write(out, &res, sizeof res);
    }
    return st;
}

cas_status cas_sum_results(cas_sum *out, const cas_reconciliation *r, const size_t *items,
                           size_t n, int32_t which, cas_error *err)
{
    cas_scope *scopes = NULL;
    const cas_scope **ptrs = NULL;
    int64_t *lows = NULL, *highs = NULL;
    cas_sum res;
    cas_status st;

    if (!CAS__SIZED_OK(out, cas_sum) || !r || (n && !items))
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL or its size is not set",
                         !r ? "reconciliation" : (n && !items) ? "items" : "sum");
    if (which != CAS_RESULT_CONSENSUS && which != CAS_RESULT_ENVELOPE)
        return cas__fail(err, CAS_ERR_ARG, "which", "expected CAS_RESULT_CONSENSUS or "
                                                    "CAS_RESULT_ENVELOPE, got %d", (int)which);
    for (size_t i = 0; i < n; i++) {
        const cas__scope_rec *s;
        if (items[i] >= r->nscopes)
            return cas__fail(err, CAS_ERR_NOT_FOUND, "",
                             "term %zu: position %zu is past the end (%zu scopes)", i, items[i],
                             r->nscopes);
        s = &r->scopes[items[i]];
        if (which == CAS_RESULT_CONSENSUS && s->cons_high != CAS_OPEN &&
            s->cons_low > s->cons_high) {
            char d[300];
            cas_scope sc;
            cas__rec_scope(r, s, &sc);
            cas__scope_describe(d, sizeof d, &sc);
            return cas__fail(err, CAS_ERR_CONFLICT, "",
                             "term %zu: the sources on %s do not agree (no consensus: "
                             "%lld > %lld)", i, d, (long long)s->cons_low,
                             (long long)s->cons_high);
        }
    }
    scopes = cas__malloc((n ? n : 1) * sizeof *scopes);
    ptrs = cas__malloc((n ? n : 1) * sizeof *ptrs);
    lows = cas__malloc((n ? n : 1) * sizeof *lows);
    highs = cas__malloc((n ? n : 1) * sizeof *highs);
    if (!scopes || !ptrs || !lows || !highs) {
        st = cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const cas__scope_rec *s = &r->scopes[items[i]];
        cas__rec_scope(r, s, &scopes[i]);
        ptrs[i] = &scopes[i];
        lows[i] = which == CAS_RESULT_CONSENSUS ? s->cons_low : s->env_low;
        highs[i] = which == CAS_RESULT_CONSENSUS ? s->cons_high : s->env_high;
    }
    memset(&res, 0, sizeof res);
    if ((st = sum_core(&res, ptrs, lows, highs, n, err)) == CAS_OK) {
        res.size = (uint32_t)sizeof res;
        cas__sized_write(out, &res, sizeof res);
    }
done:
    cas__free(scopes);
    cas__free(ptrs);
    cas__free(lows);
    cas__free(highs);
    return st;
}

/* ------------------------------------------------------------------ */
/* Propagation                                                         */

typedef struct node {
    uint32_t path[4];          /* outcome, group, perpetrator, place in p->pool */
    int32_t start, end;
    int64_t init_low, init_high, low, high;
    int32_t low_rule, high_rule;
    int32_t conflict, has_claims;
    uint32_t *prov[2];         /* ledger indices, sorted by index while running */
    size_t nprov[2];
} node;

typedef struct group {
    uint32_t whole;
    uint32_t nparts;
    size_t off;                /* into p->parts */
    int covered;
} group;

struct cas_propagation {
    const cas_ledger *ledger;
    cas__pool pool;
    node *nodes;
    size_t n, cap;
    uint32_t *slots;           /* hash of scopes: 0 empty, else node + 1 */
    size_t nslots;
    group *groups;             /* declared covers first, then the automatic sums */
    size_t ngroups, groups_cap;
    uint32_t *parts;
    size_t nparts, parts_cap;
    uint32_t *edges;           /* pairs (part, whole) */
    size_t nedges, edges_cap;
    size_t nconflicts;
    int ran;
};

static uint32_t mix(uint32_t h, uint32_t v)
{
    h ^= v + 0x9e3779b9u + (h << 6) + (h >> 2);
    return h;
}

static uint32_t node_hash(const uint32_t path[4], int32_t start, int32_t end)
{
    uint32_t h = 0x811c9dc5u;
    for (int i = 0; i < 4; i++)
        h = mix(h, path[i]);
    h = mix(h, (uint32_t)start);
    return mix(h, (uint32_t)end);
}

static int node_is(const node *x, const uint32_t path[4], int32_t start, int32_t end)
{
    return memcmp(x->path, path, sizeof x->path) == 0 && x->start == start && x->end == end;
}

static cas_status hash_rebuild(cas_propagation *p)
{
    size_t ns = 64;
    while (ns < p->n * 2 + 2)
        ns *= 2;
    uint32_t *slots = cas__calloc(ns, sizeof *slots);
    if (!slots)
        return CAS_ERR_NOMEM;
    cas__free(p->slots);
    p->slots = slots;
    p->nslots = ns;
    for (size_t i = 0; i < p->n; i++) {
        size_t h = node_hash(p->nodes[i].path, p->nodes[i].start, p->nodes[i].end) & (ns - 1);
        while (slots[h])
            h = (h + 1) & (ns - 1);
        slots[h] = (uint32_t)i + 1;
    }
    return CAS_OK;
}

/* The node with this scope, or -1. */
static int64_t hash_find(const cas_propagation *p, const uint32_t path[4], int32_t start,
                         int32_t end)
{
    if (!p->nslots)
        return -1;
    size_t h = node_hash(path, start, end) & (p->nslots - 1);
    while (p->slots[h]) {
        const node *x = &p->nodes[p->slots[h] - 1];
        if (node_is(x, path, start, end))
            return p->slots[h] - 1;
        h = (h + 1) & (p->nslots - 1);
    }
    return -1;
}

static void node_scope(const cas_propagation *p, const node *x, cas_scope *out)
{
    cas_scope_init(out);
    out->outcome = cas__pool_str(&p->pool, x->path[0]);
    out->group = cas__pool_str(&p->pool, x->path[1]);
    out->perpetrator = cas__pool_str(&p->pool, x->path[2]);
    out->place = cas__pool_str(&p->pool, x->path[3]);
    out->period_start = x->start;
    out->period_end = x->end;
}

static cas_status intern_scope(cas_propagation *p, const cas_scope *s, uint32_t path[4])
{
    for (int d = 0; d < 4; d++) {
        const char *str = dim_path(s, d);
        cas_status st = cas__pool_intern(&p->pool, str, strlen(str), &path[d]);
        if (st != CAS_OK)
            return st;
    }
    return CAS_OK;
}

static cas_status node_append(cas_propagation *p, const node *x)
{
    if (!cas__grow((void **)&p->nodes, &p->cap, p->n + 1, sizeof *p->nodes, 64))
        return CAS_ERR_NOMEM;
    if (p->n + 1 >= UINT32_MAX)
        return CAS_ERR_NOMEM;
    p->nodes[p->n++] = *x;
    return CAS_OK;
}

static cas_status copy_u32(uint32_t **dst, size_t *n, const uint32_t *src, size_t count)
{
    *dst = NULL;
    *n = 0;
    if (!count)
        return CAS_OK;
    *dst = cas__malloc(count * sizeof **dst);
    if (!*dst)
        return CAS_ERR_NOMEM;
    memcpy(*dst, src, count * sizeof **dst);
    *n = count;
    return CAS_OK;
}

void cas_propagation_free(cas_propagation *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        cas__free(p->nodes[i].prov[0]);
        cas__free(p->nodes[i].prov[1]);
    }
    cas__free(p->nodes);
    cas__free(p->slots);
    cas__free(p->groups);
    cas__free(p->parts);
    cas__free(p->edges);
    cas__pool_free(&p->pool);
    cas__free(p);
}

cas_status cas_propagation_new(cas_propagation **out, const cas_reconciliation *r, int32_t which,
                               cas_error *err)
{
    cas_propagation *p;
    cas_status st = CAS_OK;

    if (!out || !r)
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL", out ? "reconciliation" : "out");
    if (which != CAS_RESULT_CONSENSUS && which != CAS_RESULT_ENVELOPE)
        return cas__fail(err, CAS_ERR_ARG, "which", "expected CAS_RESULT_CONSENSUS or "
                                                    "CAS_RESULT_ENVELOPE, got %d", (int)which);
    p = cas__calloc(1, sizeof *p);
    if (!p)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    p->ledger = r->ledger;
    if (cas__pool_init(&p->pool) != CAS_OK) {
        cas__free(p);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    for (size_t i = 0; i < r->nscopes && st == CAS_OK; i++) {
        const cas__scope_rec *s = &r->scopes[i];
        int lo = which == CAS_RESULT_CONSENSUS ? CAS_BOUND_CONSENSUS_LOW : CAS_BOUND_ENVELOPE_LOW;
        int hi = lo + 1;
        cas_scope sc;
        node x;

        memset(&x, 0, sizeof x);
        cas__rec_scope(r, s, &sc);
        if ((st = intern_scope(p, &sc, x.path)) != CAS_OK)
            break;
        x.start = sc.period_start;
        x.end = sc.period_end;
        x.low = x.init_low = which == CAS_RESULT_CONSENSUS ? s->cons_low : s->env_low;
        x.high = x.init_high = which == CAS_RESULT_CONSENSUS ? s->cons_high : s->env_high;
        x.low_rule = x.high_rule = CAS_RULE_CLAIMS;
        x.has_claims = 1;
        x.conflict = x.high != CAS_OPEN && x.low > x.high;
        if ((st = copy_u32(&x.prov[0], &x.nprov[0], r->idx + s->prov_off[lo], s->prov_n[lo])) ||
            (st = copy_u32(&x.prov[1], &x.nprov[1], r->idx + s->prov_off[hi], s->prov_n[hi])) ||
            (st = node_append(p, &x))) {
            cas__free(x.prov[0]);
            cas__free(x.prov[1]);
            break;
        }
        p->nconflicts += (size_t)x.conflict;
    }
    if (st == CAS_OK)
        st = hash_rebuild(p);
    if (st != CAS_OK) {
        cas_propagation_free(p);
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    }
    *out = p;
    return CAS_OK;
}

/* A scope from a caller: well-formed paths and days. */
static cas_status check_scope(const cas_scope *s, const char *what, size_t i, cas_error *err)
{
    static const char *const names[4] = {"outcome", "group", "perpetrator", "place"};
    int32_t y, m, d;

    if (!s || s->size < sizeof *s)
        return cas__fail(err, CAS_ERR_ARG, "", "%s %zu: NULL or size not set", what, i);
    for (int k = 0; k < 4; k++) {
        const char *t = dim_path(s, k);
        size_t len = strlen(t);
        int bad = len > CAS_FIELD_MAX || !cas__utf8_valid(t, len) ||
                  (len && (t[0] == '/' || t[len - 1] == '/')) || strstr(t, "//") != NULL;
        for (size_t j = 0; j < len && !bad; j++)
            bad = (unsigned char)t[j] < 0x20 || t[j] == 0x7F;
        if (bad)
            return cas__fail(err, CAS_ERR_PATH, names[k], "%s %zu: malformed path '%.60s'",
                             what, i, t);
    }
    if ((s->period_start != CAS_DATE_UNKNOWN &&
         cas_date_to_ymd(&y, &m, &d, s->period_start) != CAS_OK) ||
        (s->period_end != CAS_DATE_UNKNOWN && cas_date_to_ymd(&y, &m, &d, s->period_end) != CAS_OK))
        return cas__fail(err, CAS_ERR_DATE, "period", "%s %zu: a day outside years 1 to 9999",
                         what, i);
    if (s->period_start != CAS_DATE_UNKNOWN && s->period_end != CAS_DATE_UNKNOWN &&
        s->period_start > s->period_end)
        return cas__fail(err, CAS_ERR_DATE, "period_end", "%s %zu: the period ends before it "
                                                          "starts", what, i);
    return CAS_OK;
}

static cas_status group_add(cas_propagation *p, uint32_t whole, const uint32_t *parts,
                            size_t nparts, int covered)
{
    if (!cas__grow((void **)&p->parts, &p->parts_cap, p->nparts + nparts, sizeof *p->parts, 64) ||
        !cas__grow((void **)&p->groups, &p->groups_cap, p->ngroups + 1, sizeof *p->groups, 16))
        return CAS_ERR_NOMEM;
    memcpy(p->parts + p->nparts, parts, nparts * sizeof *parts);
    p->groups[p->ngroups].whole = whole;
    p->groups[p->ngroups].nparts = (uint32_t)nparts;
    p->groups[p->ngroups].off = p->nparts;
    p->groups[p->ngroups].covered = covered;
    p->ngroups++;
    p->nparts += nparts;
    return CAS_OK;
}

/* The node for scope @s, added with [0, open) when new. */
static cas_status node_get(cas_propagation *p, const cas_scope *s, uint32_t *out)
{
    node x;
    cas_status st;
    int64_t at;

    memset(&x, 0, sizeof x);
    if ((st = intern_scope(p, s, x.path)) != CAS_OK)
        return st;
    x.start = s->period_start;
    x.end = s->period_end;
    if ((at = hash_find(p, x.path, x.start, x.end)) >= 0) {
        *out = (uint32_t)at;
        return CAS_OK;
    }
    x.low = x.init_low = 0;
    x.high = x.init_high = CAS_OPEN;
    x.low_rule = x.high_rule = CAS_RULE_UNCLAIMED;
    if ((st = node_append(p, &x)) != CAS_OK)
        return st;
    *out = (uint32_t)(p->n - 1);
    if (p->n * 2 + 2 > p->nslots)
        return hash_rebuild(p);
    size_t h = node_hash(x.path, x.start, x.end) & (p->nslots - 1);
    while (p->slots[h])
        h = (h + 1) & (p->nslots - 1);
    p->slots[h] = (uint32_t)p->n;
    return CAS_OK;
}

cas_status cas_propagation_cover(cas_propagation *p, const cas_scope *whole,
                                 const cas_scope *parts, size_t nparts, cas_error *err)
{
    const cas_scope **ptrs;
    uint32_t *ids, w;
    size_t n0, g0, pa0;
    cas_status st;

    if (!p || !whole || !parts || nparts == 0)
        return cas__fail(err, CAS_ERR_ARG, "", "%s",
                         !p ? "propagation is NULL" : !whole ? "whole is NULL"
                         : !parts ? "parts is NULL" : "no parts");
    if (p->ran)
        return cas__fail(err, CAS_ERR_ARG, "", "the propagation has already run");
    if (nparts >= UINT32_MAX)
        return cas__fail(err, CAS_ERR_ARG, "", "too many parts");
    if ((st = check_scope(whole, "whole", 0, err)) != CAS_OK)
        return st;
    for (size_t i = 0; i < nparts; i++) {
        if ((st = check_scope(&parts[i], "part", i, err)) != CAS_OK)
            return st;
        if (cas_scope_relation(&parts[i], whole) != CAS_SCOPE_WITHIN) {
            char d[200];
            cas__scope_describe(d, sizeof d, &parts[i]);
            return cas__fail(err, CAS_ERR_RANGE, "", "part %zu (%s) is not within the whole "
                                                     "(%s)", i, d,
                             cas_scope_rel_name(cas_scope_relation(&parts[i], whole)));
        }
    }
    ptrs = cas__malloc(nparts * sizeof *ptrs);
    ids = cas__malloc(nparts * sizeof *ids);
    if (!ptrs || !ids) {
        cas__free(ptrs);
        cas__free(ids);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    for (size_t i = 0; i < nparts; i++)
        ptrs[i] = &parts[i];
    st = check_disjoint(ptrs, nparts, "part", err);
    cas__free(ptrs);
    if (st != CAS_OK) {
        cas__free(ids);
        return st;
    }
    /* Everything is checked; only memory can fail now, and then the nodes
     * added here are taken back. */
    n0 = p->n;
    g0 = p->ngroups;
    pa0 = p->nparts;
    st = node_get(p, whole, &w);
    for (size_t i = 0; i < nparts && st == CAS_OK; i++)
        st = node_get(p, &parts[i], &ids[i]);
    if (st == CAS_OK)
        st = group_add(p, w, ids, nparts, 1);
    cas__free(ids);
    if (st != CAS_OK) {
        p->n = n0;
        p->ngroups = g0;
        p->nparts = pa0;
        if (hash_rebuild(p) != CAS_OK) {
            /* Without a table lookups fail safe: they find nothing. */
            cas__free(p->slots);
            p->slots = NULL;
            p->nslots = 0;
        }
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    }
    return CAS_OK;
}

/* --- building the rules --- */

static int scope_cmp_ctx(const void *c, uint32_t a, uint32_t b)
{
    const cas_propagation *p = c;
    cas_scope x, y;
    node_scope(p, &p->nodes[a], &x);
    node_scope(p, &p->nodes[b], &y);
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
    if ((st = sort_ctx(perm, p->n, scope_cmp_ctx, p)) != CAS_OK)
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
    st = hash_rebuild(p);
done:
    cas__free(perm);
    cas__free(inv);
    cas__free(sorted);
    return st;
}

static int period_contains(const node *outer, const node *inner)
{
    return day_lo(outer->start) <= day_lo(inner->start) &&
           day_hi(outer->end) >= day_hi(inner->end);
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
    for (int d = 0; d < 4; d++)
        if (x->path[d] != y->path[d])
            return x->path[d] < y->path[d] ? -1 : 1;
    if (day_lo(x->start) != day_lo(y->start))
        return day_lo(x->start) < day_lo(y->start) ? -1 : 1;
    if (day_hi(x->end) != day_hi(y->end))
        return day_hi(x->end) > day_hi(y->end) ? -1 : 1;
    return (a > b) - (a < b);
}

/* A part-to-whole edge for every pair of nodes where one lies within the
 * other. For each node, only the scopes built from its paths' ancestors
 * can contain it: look those up instead of scanning every node. */
static cas_status build_edges(cas_propagation *p)
{
    uint32_t *order = NULL, *slots = NULL, *anc[4] = {NULL, NULL, NULL, NULL};
    size_t nanc[4], capanc[4] = {0, 0, 0, 0}, nslots = 64, nruns = 0;
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
    if ((st = sort_ctx(order, p->n, paths_cmp_ctx, p)) != CAS_OK)
        goto done;
    /* Runs of nodes with the same four paths, in a hash by those paths. */
    for (size_t lo = 0; lo < p->n;) {
        size_t hi = lo + 1;
        const node *x = &p->nodes[order[lo]];
        while (hi < p->n && memcmp(p->nodes[order[hi]].path, x->path, sizeof x->path) == 0)
            hi++;
        run_lo[nruns] = lo;
        run_hi[nruns] = hi;
        size_t h = node_hash(x->path, 0, 0) & (nslots - 1);
        while (slots[h])
            h = (h + 1) & (nslots - 1);
        slots[h] = (uint32_t)nruns + 1;
        nruns++;
        lo = hi;
    }
    for (size_t a = 0; a < p->n; a++) {
        const node *x = &p->nodes[a];
        size_t pos[4] = {0, 0, 0, 0};
        for (int d = 0; d < 4; d++)
            if ((st = ancestors(p, x->path[d], &anc[d], &nanc[d], &capanc[d])) != CAS_OK)
                goto done;
        for (;;) {
            uint32_t key[4] = {anc[0][pos[0]], anc[1][pos[1]], anc[2][pos[2]], anc[3][pos[3]]};
            size_t h = node_hash(key, 0, 0) & (nslots - 1);
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
            while (d < 4 && ++pos[d] == nanc[d])
                pos[d++] = 0;
            if (d == 4)
                break;
        }
    }
    st = CAS_OK;
done:
    cas__free(order);
    cas__free(slots);
    cas__free(run_lo);
    cas__free(run_hi);
    for (int d = 0; d < 4; d++)
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
    for (int d = 0; d < 4; d++)
        if (d != o->dim && x->path[d] != y->path[d])
            return x->path[d] < y->path[d] ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return tree_cmp(cas__pool_str(&o->p->pool, x->path[o->dim]),
                    cas__pool_str(&o->p->pool, y->path[o->dim]));
}

static int same_but(const node *x, const node *y, int dim)
{
    for (int d = 0; d < 4; d++)
        if (d != dim && x->path[d] != y->path[d])
            return 0;
    return dim == 4 || (x->start == y->start && x->end == y->end);
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
    if ((st = sort_ctx(order, p->n, dim_cmp_ctx, &ctx)) != CAS_OK)
        return st;
    for (size_t lo = 0; lo < p->n;) {
        size_t hi = lo + 1;
        while (hi < p->n && same_but(&p->nodes[order[lo]], &p->nodes[order[hi]], dim))
            hi++;
        for (size_t i = lo; i < hi; i++) {
            const char *w = cas__pool_str(&p->pool, p->nodes[order[i]].path[dim]);
            size_t k = 0, j = i + 1;
            while (j < hi && cas__path_contains(w, cas__pool_str(&p->pool, p->nodes[order[j]].path[dim]))) {
                const char *m = cas__pool_str(&p->pool, p->nodes[order[j]].path[dim]);
                tmp[k++] = order[j++];
                while (j < hi && cas__path_contains(m, cas__pool_str(&p->pool, p->nodes[order[j]].path[dim])))
                    j++;
            }
            if (k >= 2 && (st = group_add(p, order[i], tmp, k, 0)) != CAS_OK)
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
    if ((st = sort_ctx(order, p->n, paths_cmp_ctx, p)) != CAS_OK)
        return st;
    for (size_t lo = 0; lo < p->n;) {
        size_t hi = lo + 1;
        while (hi < p->n && same_but(&p->nodes[order[lo]], &p->nodes[order[hi]], 4))
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
                if (k && day_hi(c->end) <= max_end)
                    continue;
                if (k && day_lo(c->start) <= max_end)
                    disjoint = 0;
                tmp[k++] = order[j];
                max_end = day_hi(c->end);
            }
            if (k >= 2 && disjoint && (st = group_add(p, order[i], tmp, k, 0)) != CAS_OK)
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
    for (int d = 0; d < 4 && st == CAS_OK; d++)
        st = build_path_sums(p, order, tmp, d);
    if (st == CAS_OK)
        st = build_period_sums(p, order, tmp);
done:
    cas__free(order);
    cas__free(tmp);
    return st;
}

/* --- running the rules --- */

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

static cas_status apply_edge(cas_propagation *p, uint32_t a, uint32_t b, int *changed)
{
    node *part = &p->nodes[a], *whole = &p->nodes[b];
    prov_set s = {NULL, 0, 0};
    cas_status st;

    if (part->conflict || whole->conflict)
        return CAS_OK;
    if (part->low > whole->low) {
        if ((st = prov_add(&s, part, 0)) != CAS_OK)
            goto fail;
        move(p, whole, 0, part->low, CAS_RULE_PART, &s);
        *changed = 1;
        if (whole->conflict)
            return CAS_OK;
    }
    if (whole->high != CAS_OPEN && lowers_high(whole->high, part->high)) {
        if ((st = prov_add(&s, whole, 1)) != CAS_OK)
            goto fail;
        move(p, part, 1, whole->high, CAS_RULE_WHOLE, &s);
        *changed = 1;
    }
    return CAS_OK;
fail:
    cas__free(s.v);
    return st;
}

static cas_status apply_group(cas_propagation *p, const group *g, int *changed,
                              cas_error *err)
{
    node *w = &p->nodes[g->whole];
    const uint32_t *parts = p->parts + g->off;
    prov_set s = {NULL, 0, 0};
    int64_t sum_low = 0, sum_high = 0;
    size_t open = 0;
    int saturated = 0;
    cas_status st = CAS_OK;

    if (w->conflict)
        return CAS_OK;
    for (uint32_t i = 0; i < g->nparts; i++) {
        const node *x = &p->nodes[parts[i]];
        if (x->conflict)
            return CAS_OK;
        if (__builtin_add_overflow(sum_low, x->low, &sum_low)) {
            char d[300];
            cas_scope sc;
            node_scope(p, w, &sc);
            cas__scope_describe(d, sizeof d, &sc);
            return cas__fail(err, CAS_ERR_OVERFLOW, "low", "the lows of the parts of %s add "
                                                           "up to more than 64 bits hold", d);
        }
        if (x->high == CAS_OPEN)
            open++;
        else if (!saturated && __builtin_add_overflow(sum_high, x->high, &sum_high))
            saturated = 1; /* beyond any count: the high rules say nothing */
    }
    /* whole.low >= Σ part.low */
    if (sum_low > w->low) {
        for (uint32_t i = 0; i < g->nparts && st == CAS_OK; i++)
            st = prov_add(&s, &p->nodes[parts[i]], 0);
        if (st != CAS_OK)
            goto fail;
        move(p, w, 0, sum_low, CAS_RULE_SUM, &s);
        *changed = 1;
        if (w->conflict)
            return CAS_OK;
    }
    /* part.high <= whole.high - Σ other parts' low */
    for (uint32_t i = 0; i < g->nparts && w->high != CAS_OPEN; i++) {
        node *x = &p->nodes[parts[i]];
        int64_t cap = w->high - (sum_low - x->low);
        if (x->conflict || !lowers_high(cap, x->high))
            continue;
        st = prov_add(&s, w, 1);
        for (uint32_t j = 0; j < g->nparts && st == CAS_OK; j++)
            if (j != i)
                st = prov_add(&s, &p->nodes[parts[j]], 0);
        if (st != CAS_OK)
            goto fail;
        move(p, x, 1, cap, CAS_RULE_REST, &s);
        *changed = 1;
        /* The sum of lows is unchanged: only a high moved. */
    }
    if (!g->covered || saturated)
        return CAS_OK;
    for (uint32_t i = 0; i < g->nparts; i++)
        if (p->nodes[parts[i]].conflict)
            return CAS_OK;
    /* whole.high <= Σ part.high */
    if (open == 0 && lowers_high(sum_high, w->high)) {
        for (uint32_t i = 0; i < g->nparts && st == CAS_OK; i++)
            st = prov_add(&s, &p->nodes[parts[i]], 1);
        if (st != CAS_OK)
            goto fail;
        move(p, w, 1, sum_high, CAS_RULE_COVER_HIGH, &s);
        *changed = 1;
        if (w->conflict)
            return CAS_OK;
    }
    /* part.low >= whole.low - Σ other parts' high. The highs may have moved
     * above: add them up again. */
    sum_high = 0;
    open = 0;
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
        st = prov_add(&s, w, 0);
        for (uint32_t j = 0; j < g->nparts && st == CAS_OK; j++)
            if (j != i)
                st = prov_add(&s, &p->nodes[parts[j]], 1);
        if (st != CAS_OK)
            goto fail;
        move(p, x, 0, floor, CAS_RULE_COVER_LOW, &s);
        *changed = 1;
        if (x->conflict)
            continue;
        /* Lows only rose, so the highs' sum is still right. */
    }
    return CAS_OK;
fail:
    cas__free(s.v);
    return cas__fail(err, st, "", "%s", cas_strerror(st));
}

cas_status cas_propagation_run(cas_propagation *p, cas_error *err)
{
    cas_status st;
    size_t limit, round;

    if (!p)
        return cas__fail(err, CAS_ERR_ARG, "", "propagation is NULL");
    if (p->ran)
        return cas__fail(err, CAS_ERR_ARG, "", "the propagation has already run");
    p->ran = 1;
    if ((st = order_nodes(p)) != CAS_OK || (st = build_rules(p)) != CAS_OK)
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    /* Bounds only tighten, by whole counts, so this ends; the limit only
     * guards against a system that would take absurdly long. */
    limit = 100 + 4 * p->n;
    for (round = 0; round < limit; round++) {
        int changed = 0;
        for (size_t e = 0; e < p->nedges; e += 2)
            if ((st = apply_edge(p, p->edges[e], p->edges[e + 1], &changed)) != CAS_OK)
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
        return cas__fail(err, CAS_ERR_NOT_CONVERGED, "",
                         "the bounds still moved after %zu rounds", limit);
    return CAS_OK;
}

size_t cas_propagation_count(const cas_propagation *p)
{
    return p ? p->n : 0;
}

size_t cas_propagation_conflicts(const cas_propagation *p)
{
    return p ? p->nconflicts : 0;
}

cas_status cas_propagation_find(const cas_propagation *p, const cas_scope *scope, size_t *index)
{
    uint32_t path[4];
    int64_t at;

    if (!p || !scope || !index || scope->size < sizeof *scope)
        return CAS_ERR_ARG;
    for (int d = 0; d < 4; d++) {
        const char *s = dim_path(scope, d);
        if (!cas__pool_find(&p->pool, s, strlen(s), &path[d]))
            return CAS_ERR_NOT_FOUND;
    }
    if ((at = hash_find(p, path, scope->period_start, scope->period_end)) < 0)
        return CAS_ERR_NOT_FOUND;
    *index = (size_t)at;
    return CAS_OK;
}

cas_status cas_propagation_get(const cas_propagation *p, size_t index, cas_bounds *out)
{
    const node *x;
    cas_bounds b;

    if (!p || !CAS__SIZED_OK(out, cas_bounds))
        return CAS_ERR_ARG;
    if (index >= p->n)
        return CAS_ERR_NOT_FOUND;
    x = &p->nodes[index];
    cas_bounds_init(&b);
    node_scope(p, x, &b.scope);
    b.conflict = x->conflict;
    b.initial_low = x->init_low;
    b.initial_high = x->init_high;
    b.low = x->low;
    b.high = x->high;
    b.low_rule = x->low_rule;
    b.high_rule = x->high_rule;
    b.has_claims = x->has_claims;
    cas__sized_write(out, &b, sizeof b);
    return CAS_OK;
}

cas_status cas_propagation_provenance(const cas_propagation *p, size_t index, int32_t bound,
                                      size_t k, cas_claim_ref *out, size_t *count)
{
    const node *x;

    if (!p || (out && !CAS__SIZED_OK(out, cas_claim_ref)) ||
        (bound != CAS_PROPAGATED_LOW && bound != CAS_PROPAGATED_HIGH))
        return CAS_ERR_ARG;
    if (index >= p->n)
        return CAS_ERR_NOT_FOUND;
    x = &p->nodes[index];
    if (count)
        *count = x->nprov[bound];
    if (!out)
        return CAS_OK;
    if (k >= x->nprov[bound])
        return CAS_ERR_NOT_FOUND;
    cas__claim_ref_fill(p->ledger, x->prov[bound][k], out);
    return CAS_OK;
}
