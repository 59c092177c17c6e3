/* The ledger: compact claim records over a string pool. */
#include "ledger_internal.h"

#include <stdlib.h>
#include <string.h>

cas_status cas_ledger_new(cas_ledger **out)
{
    cas_ledger *l;

    if (!out)
        return CAS_ERR_ARG;
    l = calloc(1, sizeof *l);
    if (!l)
        return CAS_ERR_NOMEM;
    if (cas__pool_init(&l->pool) != CAS_OK) {
        free(l);
        return CAS_ERR_NOMEM;
    }
    *out = l;
    return CAS_OK;
}

void cas_ledger_free(cas_ledger *l)
{
    if (!l)
        return;
    cas__pool_free(&l->pool);
    free(l->claims);
    free(l->claim_of);
    free(l);
}

size_t cas_ledger_count(const cas_ledger *l)
{
    return l ? l->count : 0;
}

static cas_status intern(cas_ledger *l, const char *s, uint32_t *id)
{
    return cas__pool_intern(&l->pool, s ? s : "", s ? strlen(s) : 0, id);
}

/* Make room for the claim_of entry of pool id @id. */
static cas_status reserve_claim_of(cas_ledger *l, uint32_t id)
{
    if ((size_t)id < l->claim_of_cap)
        return CAS_OK;
    size_t cap = l->claim_of_cap ? l->claim_of_cap : 1024;
    while (cap <= (size_t)id)
        cap *= 2;
    uint32_t *p = realloc(l->claim_of, cap * sizeof *p);
    if (!p)
        return CAS_ERR_NOMEM;
    for (size_t i = l->claim_of_cap; i < cap; i++)
        p[i] = CAS__NO_CLAIM;
    l->claim_of = p;
    l->claim_of_cap = cap;
    return CAS_OK;
}

cas_status cas__ledger_add(cas_ledger *l, const cas_claim *c, cas_error *err)
{
    cas__claim r;
    cas_status st;
    uint32_t existing;

    if ((st = cas_claim_validate(c, err)) != CAS_OK)
        return st;
    if (cas__pool_find(&l->pool, c->id, strlen(c->id), &existing) &&
        (size_t)existing < l->claim_of_cap && l->claim_of[existing] != CAS__NO_CLAIM)
        return cas__fail(err, CAS_ERR_DUPLICATE, "id", "'%.80s' is already in the ledger",
                         c->id);
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        cas__claim *p;
        if (cap >= CAS__NO_CLAIM)
            return cas__fail(err, CAS_ERR_NOMEM, "", "the ledger is full");
        p = realloc(l->claims, cap * sizeof *p);
        if (!p)
            return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
        l->claims = p;
        l->cap = cap;
    }
    memset(&r, 0, sizeof r);
    if ((st = intern(l, c->id, &r.id)) || (st = intern(l, c->source, &r.source)) ||
        (st = intern(l, c->source_kind, &r.source_kind)) || (st = intern(l, c->relay, &r.relay)) ||
        (st = intern(l, c->citation, &r.citation)) ||
        (st = cas__pool_store(&l->pool, c->quote ? c->quote : "", c->quote ? strlen(c->quote) : 0,
                              &r.quote)) ||
        (st = intern(l, c->scope.outcome, &r.outcome)) ||
        (st = intern(l, c->scope.group, &r.group)) ||
        (st = intern(l, c->scope.perpetrator, &r.perpetrator)) ||
        (st = intern(l, c->scope.place, &r.place)) || (st = reserve_claim_of(l, r.id)))
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    r.low = c->low;
    r.high = c->high;
    r.best = c->best;
    r.period_start = c->scope.period_start;
    r.period_end = c->scope.period_end;
    r.reported_on = c->reported_on;
    r.qualifier = (uint8_t)c->qualifier;
    r.basis = (uint8_t)c->basis;
    r.current = 1;
    l->claim_of[r.id] = (uint32_t)l->count;
    l->claims[l->count++] = r;
    l->revisions_dirty = 1;
    return CAS_OK;
}

cas_status cas_ledger_add(cas_ledger *l, const cas_claim *c, cas_error *err)
{
    if (!l)
        return cas__fail(err, CAS_ERR_ARG, "", "ledger is NULL");
    return cas__ledger_add(l, c, err);
}

void cas__ledger_truncate(cas_ledger *l, size_t count)
{
    while (l->count > count)
        l->claim_of[l->claims[--l->count].id] = CAS__NO_CLAIM;
    l->revisions_dirty = 1;
}

void cas__claim_scope(const cas_ledger *l, const cas__claim *c, cas_scope *out)
{
    cas_scope_init(out);
    out->outcome = cas__pool_str(&l->pool, c->outcome);
    out->group = cas__pool_str(&l->pool, c->group);
    out->perpetrator = cas__pool_str(&l->pool, c->perpetrator);
    out->place = cas__pool_str(&l->pool, c->place);
    out->period_start = c->period_start;
    out->period_end = c->period_end;
}

cas_status cas_ledger_get(const cas_ledger *l, size_t index, cas_claim *out)
{
    const cas__claim *r;

    if (!l || !out || out->size < sizeof *out)
        return CAS_ERR_ARG;
    if (index >= l->count)
        return CAS_ERR_NOT_FOUND;
    r = &l->claims[index];
    cas_claim_init(out);
    out->qualifier = r->qualifier;
    out->basis = r->basis;
    out->reported_on = r->reported_on;
    out->low = r->low;
    out->high = r->high;
    out->best = r->best;
    out->id = cas__pool_str(&l->pool, r->id);
    out->source = cas__pool_str(&l->pool, r->source);
    out->source_kind = cas__pool_str(&l->pool, r->source_kind);
    out->relay = cas__pool_str(&l->pool, r->relay);
    out->citation = cas__pool_str(&l->pool, r->citation);
    out->quote = cas__pool_str(&l->pool, r->quote);
    cas__claim_scope(l, r, &out->scope);
    return CAS_OK;
}

cas_status cas_ledger_find(const cas_ledger *l, const char *id, size_t *index)
{
    uint32_t sid;

    if (!l || !id || !index)
        return CAS_ERR_ARG;
    if (!cas__pool_find(&l->pool, id, strlen(id), &sid) || (size_t)sid >= l->claim_of_cap ||
        l->claim_of[sid] == CAS__NO_CLAIM)
        return CAS_ERR_NOT_FOUND;
    *index = l->claim_of[sid];
    return CAS_OK;
}

static int cmp_str(const cas_ledger *l, uint32_t a, uint32_t b)
{
    if (a == b)
        return 0;
    /* Bytes, not locale: the order must be the same everywhere. Strings
     * never contain NUL, so strcmp compares them bytewise. */
    return strcmp(cas__pool_str(&l->pool, a), cas__pool_str(&l->pool, b));
}

static int cmp_i32(int32_t a, int32_t b)
{
    return (a > b) - (a < b);
}

int cas__scope_cmp(const cas_ledger *l, const cas__claim *a, const cas__claim *b)
{
    int c;
    if ((c = cmp_str(l, a->outcome, b->outcome)) || (c = cmp_str(l, a->group, b->group)) ||
        (c = cmp_str(l, a->perpetrator, b->perpetrator)) || (c = cmp_str(l, a->place, b->place)) ||
        (c = cmp_i32(a->period_start, b->period_start)) ||
        (c = cmp_i32(a->period_end, b->period_end)))
        return c;
    return 0;
}

int cas__claim_cmp(const cas_ledger *l, const cas__claim *a, const cas__claim *b)
{
    int c;
    if ((c = cas__scope_cmp(l, a, b)) || (c = cmp_str(l, a->source, b->source)) ||
        (c = cmp_i32(a->reported_on, b->reported_on)))
        return c;
    return cmp_str(l, a->id, b->id);
}

static void merge_sort(uint32_t *a, uint32_t *tmp, size_t n, const cas_ledger *l,
                       cas__claim_order cmp)
{
    /* Bottom-up merge sort: stable, O(n log n), no recursion, no context
     * pointer needed in a global. */
    uint32_t *src = a, *dst = tmp;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = cmp(l, &l->claims[src[j]], &l->claims[src[i]]) < 0 ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}

cas_status cas__sort_claims(const cas_ledger *l, uint32_t *idx, size_t n, cas__claim_order cmp)
{
    uint32_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp)
        return CAS_ERR_NOMEM;
    merge_sort(idx, tmp, n, l, cmp);
    free(tmp);
    return CAS_OK;
}

static int source_scope_cmp(const cas_ledger *l, const cas__claim *a, const cas__claim *b)
{
    int c = cmp_str(l, a->source, b->source);
    return c ? c : cas__scope_cmp(l, a, b);
}

cas_status cas__ledger_revisions(cas_ledger *l)
{
    uint32_t *idx, *tmp;
    size_t n = l->count;

    if (!l->revisions_dirty)
        return CAS_OK;
    if (n == 0) {
        l->revisions_dirty = 0;
        return CAS_OK;
    }
    idx = malloc(n * sizeof *idx);
    tmp = malloc(n * sizeof *tmp);
    if (!idx || !tmp) {
        free(idx);
        free(tmp);
        return CAS_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        idx[i] = (uint32_t)i;
    merge_sort(idx, tmp, n, l, source_scope_cmp);
    for (size_t lo = 0; lo < n;) {
        size_t hi = lo + 1;
        int32_t latest = l->claims[idx[lo]].reported_on;
        while (hi < n && source_scope_cmp(l, &l->claims[idx[lo]], &l->claims[idx[hi]]) == 0) {
            if (l->claims[idx[hi]].reported_on > latest)
                latest = l->claims[idx[hi]].reported_on;
            hi++;
        }
        for (size_t k = lo; k < hi; k++)
            l->claims[idx[k]].current = l->claims[idx[k]].reported_on == latest;
        lo = hi;
    }
    free(idx);
    free(tmp);
    l->revisions_dirty = 0;
    return CAS_OK;
}

cas_status cas_ledger_is_current(const cas_ledger *l, size_t index, int32_t *current)
{
    cas_status st;

    if (!l || !current)
        return CAS_ERR_ARG;
    if (index >= l->count)
        return CAS_ERR_NOT_FOUND;
    /* The flags are a cache of the claims: refreshing them is not a change
     * a caller can see. */
    if ((st = cas__ledger_revisions((cas_ledger *)l)) != CAS_OK)
        return st;
    *current = l->claims[index].current;
    return CAS_OK;
}

static int id_cmp(const cas_ledger *l, const cas__claim *a, const cas__claim *b)
{
    return cmp_str(l, a->id, b->id);
}

cas_status cas_ledger_select(const cas_ledger *l, const cas_scope *scope, uint32_t relations,
                             int32_t current_only, size_t *indices, size_t capacity,
                             size_t *count)
{
    uint32_t *hits, *tmp;
    size_t n = 0;
    cas_status st;

    if (!l || !scope || scope->size < sizeof *scope || !count || (capacity && !indices))
        return CAS_ERR_ARG;
    if (current_only && (st = cas__ledger_revisions((cas_ledger *)l)) != CAS_OK)
        return st;
    hits = malloc((l->count ? l->count : 1) * sizeof *hits);
    if (!hits)
        return CAS_ERR_NOMEM;
    for (size_t i = 0; i < l->count; i++) {
        cas_scope s;
        if (current_only && !l->claims[i].current)
            continue;
        cas__claim_scope(l, &l->claims[i], &s);
        if (relations & CAS_SELECT(cas_scope_relation(&s, scope)))
            hits[n++] = (uint32_t)i;
    }
    tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp) {
        free(hits);
        return CAS_ERR_NOMEM;
    }
    merge_sort(hits, tmp, n, l, id_cmp);
    for (size_t i = 0; i < n && i < capacity; i++)
        indices[i] = hits[i];
    *count = n;
    free(hits);
    free(tmp);
    return CAS_OK;
}
