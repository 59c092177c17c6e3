/* SPDX-License-Identifier: MIT */
/* The propagation of bounds between wholes and parts (docs/model.md
 * section 6): its nodes (one per scope, found by a hash of the scope),
 * the covers a caller declares, and the bounds and provenance it hands
 * out. Building the rules is in propagation_rules.c, running them in
 * propagation_run.c. */
#include "propagation_internal.h"
#include "alloc_internal.h"

#include <string.h>

CAS__DEFINE_INIT(cas_bounds, .scope = CAS__SCOPE_ALL)

static uint32_t mix(uint32_t h, uint32_t v)
{
    h ^= v + 0x9e3779b9u + (h << 6) + (h >> 2);
    return h;
}

uint32_t cas__node_hash(const uint32_t path[CAS__NPATHS], int32_t start, int32_t end)
{
    uint32_t h = 0x811c9dc5u;
    for (int i = 0; i < CAS__NPATHS; i++)
        h = mix(h, path[i]);
    h = mix(h, (uint32_t)start);
    return mix(h, (uint32_t)end);
}

static int node_is(const node *x, const uint32_t path[CAS__NPATHS], int32_t start, int32_t end)
{
    return memcmp(x->path, path, sizeof x->path) == 0 && x->start == start && x->end == end;
}

cas_status cas__node_rehash(cas_propagation *p)
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
        size_t h = cas__node_hash(p->nodes[i].path, p->nodes[i].start, p->nodes[i].end) & (ns - 1);
        while (slots[h])
            h = (h + 1) & (ns - 1);
        slots[h] = (uint32_t)i + 1;
    }
    return CAS_OK;
}

/* The node with this scope, or -1. */
static int64_t hash_find(const cas_propagation *p, const uint32_t path[CAS__NPATHS], int32_t start,
                         int32_t end)
{
    if (!p->nslots)
        return -1;
    size_t h = cas__node_hash(path, start, end) & (p->nslots - 1);
    while (p->slots[h]) {
        const node *x = &p->nodes[p->slots[h] - 1];
        if (node_is(x, path, start, end))
            return p->slots[h] - 1;
        h = (h + 1) & (p->nslots - 1);
    }
    return -1;
}

void cas__node_scope(const cas_propagation *p, const node *x, cas_scope *out)
{
    cas_scope_init(out);
    out->outcome = cas__pool_str(&p->pool, x->path[0]);
    out->group = cas__pool_str(&p->pool, x->path[1]);
    out->perpetrator = cas__pool_str(&p->pool, x->path[2]);
    out->place = cas__pool_str(&p->pool, x->path[3]);
    out->event = cas__pool_str(&p->pool, x->path[4]);
    out->period_start = x->start;
    out->period_end = x->end;
}

static cas_status intern_scope(cas_propagation *p, const cas_scope *s, uint32_t path[CAS__NPATHS])
{
    for (int d = 0; d < CAS__NPATHS; d++) {
        const char *str = cas__dim_path(s, d);
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
        return cas__fail(err, CAS_ERR_ARG, "which",
                         "expected CAS_RESULT_CONSENSUS or "
                         "CAS_RESULT_ENVELOPE, got %d",
                         (int)which);
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
        st = cas__node_rehash(p);
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
    static const char *const names[CAS__NPATHS] = {"outcome", "group", "perpetrator", "place",
                                                   "event"};
    int32_t y, m, d;

    if (!s || s->size < sizeof *s)
        return cas__fail(err, CAS_ERR_ARG, "", "%s %zu: NULL or size not set", what, i);
    for (int k = 0; k < CAS__NPATHS; k++) {
        const char *t = cas__dim_path(s, k);
        size_t len = strlen(t);
        int bad = len > CAS_FIELD_MAX || !cas__utf8_valid(t, len) ||
                  (len && (t[0] == '/' || t[len - 1] == '/')) || strstr(t, "//") != NULL;
        for (size_t j = 0; j < len && !bad; j++)
            bad = (unsigned char)t[j] < 0x20 || t[j] == 0x7F;
        if (bad)
            return cas__fail(err, CAS_ERR_PATH, names[k], "%s %zu: malformed path '%.60s'", what, i,
                             t);
    }
    if ((s->period_start != CAS_DATE_UNKNOWN &&
         cas_date_to_ymd(&y, &m, &d, s->period_start) != CAS_OK) ||
        (s->period_end != CAS_DATE_UNKNOWN && cas_date_to_ymd(&y, &m, &d, s->period_end) != CAS_OK))
        return cas__fail(err, CAS_ERR_DATE, "period", "%s %zu: a day outside years 1 to 9999", what,
                         i);
    if (s->period_start != CAS_DATE_UNKNOWN && s->period_end != CAS_DATE_UNKNOWN &&
        s->period_start > s->period_end)
        return cas__fail(err, CAS_ERR_DATE, "period_end",
                         "%s %zu: the period ends before it "
                         "starts",
                         what, i);
    return CAS_OK;
}

cas_status cas__group_add(cas_propagation *p, uint32_t whole, const uint32_t *parts, size_t nparts,
                          int covered)
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
        return cas__node_rehash(p);
    size_t h = cas__node_hash(x.path, x.start, x.end) & (p->nslots - 1);
    while (p->slots[h])
        h = (h + 1) & (p->nslots - 1);
    p->slots[h] = (uint32_t)p->n;
    return CAS_OK;
}

cas_status cas_propagation_cover(cas_propagation *p, const cas_scope *whole, const cas_scope *parts,
                                 size_t nparts, cas_error *err)
{
    const cas_scope **ptrs;
    uint32_t *ids, w;
    size_t n0, g0, pa0;
    cas_status st;

    if (!p || !whole || !parts || nparts == 0)
        return cas__fail(err, CAS_ERR_ARG, "", "%s",
                         !p       ? "propagation is NULL"
                         : !whole ? "whole is NULL"
                         : !parts ? "parts is NULL"
                                  : "no parts");
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
            return cas__fail(err, CAS_ERR_RANGE, "",
                             "part %zu (%s) is not within the whole "
                             "(%s)",
                             i, d, cas_scope_rel_name(cas_scope_relation(&parts[i], whole)));
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
    st = cas__check_disjoint(ptrs, nparts, "part", err);
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
        st = cas__group_add(p, w, ids, nparts, 1);
    cas__free(ids);
    if (st != CAS_OK) {
        p->n = n0;
        p->ngroups = g0;
        p->nparts = pa0;
        if (cas__node_rehash(p) != CAS_OK) {
            /* Without a table lookups fail safe: they find nothing. */
            cas__free(p->slots);
            p->slots = NULL;
            p->nslots = 0;
        }
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    }
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
    uint32_t path[CAS__NPATHS];
    int64_t at;

    if (!p || !scope || !index || scope->size < sizeof *scope)
        return CAS_ERR_ARG;
    for (int d = 0; d < CAS__NPATHS; d++) {
        const char *s = cas__dim_path(scope, d);
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
    cas__node_scope(p, x, &b.scope);
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
