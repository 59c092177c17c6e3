/* SPDX-License-Identifier: MIT */
/* Claims in order: the comparisons (cas__scope_cmp, cas__claim_cmp), the
 * stable sort of claim indices, and cas__ledger_order(), which sorts a
 * whole ledger by numbering its scopes instead of comparing their strings;
 * and cas_ledger_select(), whose answer is in id order. */
#include "ledger_internal.h"
#include "alloc_internal.h"
#include "sort_internal.h"

#include <stdint.h>
#include <string.h>

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
    return cmp_str(l, a->event, b->event);
}

int cas__claim_cmp(const cas_ledger *l, const cas__claim *a, const cas__claim *b)
{
    int c;
    if ((c = cas__scope_cmp(l, a, b)) || (c = cmp_str(l, a->source, b->source)) ||
        (c = cmp_i32(a->reported_on, b->reported_on)))
        return c;
    return cmp_str(l, a->id, b->id);
}

/* Claim indices by a claim order. */
typedef struct by_order {
    const cas_ledger *l;
    cas__claim_order cmp;
} by_order;

#define ORDER_LESS(o, x, y) ((o)->cmp((o)->l, &(o)->l->claims[x], &(o)->l->claims[y]) < 0)
CAS__DEFINE_MERGE_SORT(merge_sort, uint32_t, const by_order *, ORDER_LESS)

/* ---- claims in cas__claim_cmp order ----
 * Sorting a million claims by comparing their scope strings costs
 * n log n string comparisons. Instead: give every scope a number by
 * hashing its six ids (equal scopes have equal ids), sort the distinct
 * scopes by their strings, deal the claims into their scopes' buckets,
 * and sort each bucket by source, day and id. Strings are compared
 * O(s log s) times for s scopes, plus within each scope. */

typedef struct scope_key {
    uint32_t outcome, group, perpetrator, place;
    int32_t start, end;
    uint32_t event;
} scope_key;

static uint32_t scope_hash(const cas__claim *c)
{
    uint64_t h = (uint64_t)c->outcome * 0x9E3779B97F4A7C15ull;
    h = (h ^ c->group) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ c->perpetrator) * 0x94D049BB133111EBull;
    h = (h ^ c->place) * 0x9E3779B97F4A7C15ull;
    h = (h ^ (uint32_t)c->period_start) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ (uint32_t)c->period_end) * 0x94D049BB133111EBull;
    h = (h ^ c->event) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> 32) ^ (uint32_t)h;
}

static int key_is(const scope_key *k, const cas__claim *c)
{
    return k->outcome == c->outcome && k->group == c->group && k->perpetrator == c->perpetrator &&
           k->place == c->place && k->start == c->period_start && k->end == c->period_end &&
           k->event == c->event;
}

/* Scope keys whose ids have been replaced by the ranks of their text. */
static int ranked_key_cmp(const scope_key *a, const scope_key *b)
{
    if (a->outcome != b->outcome)
        return a->outcome < b->outcome ? -1 : 1;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (a->perpetrator != b->perpetrator)
        return a->perpetrator < b->perpetrator ? -1 : 1;
    if (a->place != b->place)
        return a->place < b->place ? -1 : 1;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end < b->end ? -1 : 1;
    return (a->event > b->event) - (a->event < b->event);
}

/* Scope numbers by their ranked keys. */
#define KEY_LESS(keys, x, y) (ranked_key_cmp(&(keys)[x], &(keys)[y]) < 0)
CAS__DEFINE_MERGE_SORT(sort_keys, uint32_t, const scope_key *, KEY_LESS)

/* ---- sorting distinct strings ----
 * By eight bytes at a time: sort on the first eight bytes as a big-endian
 * integer (zero past the end, and strings hold no zero byte, so a prefix
 * sorts first, as strcmp has it), then sort each run of equal chunks on
 * its next eight bytes, and so on. Integer comparisons instead of strcmp,
 * and no byte is looked at twice for long shared prefixes. */

typedef struct chunked {
    uint64_t chunk;
    uint32_t id;
} chunked;

static uint64_t chunk_at(const cas__pool *pool, uint32_t id, size_t off)
{
    const unsigned char *p = (const unsigned char *)cas__pool_str(pool, id);
    size_t len = cas__pool_len(pool, id);
    uint64_t v = 0;

    for (size_t k = 0; k < 8; k++)
        v = v << 8 | (off + k < len ? p[off + k] : 0u);
    return v;
}

#define CHUNK_LESS(unused, x, y) ((x).chunk < (y).chunk)
CAS__DEFINE_MERGE_SORT(sort_chunks, chunked, int, CHUNK_LESS)

/* Sort @n pool ids of distinct strings by their text (byte order). */
static int sort_texts(const cas__pool *pool, uint32_t *ids, size_t n)
{
    struct range {
        size_t lo, hi, off;
    } *stack = NULL;
    size_t sp = 0, cap = 0;
    chunked *a = cas__malloc((n ? n : 1) * sizeof *a);
    chunked *tmp = cas__malloc((n ? n : 1) * sizeof *tmp);
    int ok = 0;

    if (!a || !tmp)
        goto done;
    for (size_t i = 0; i < n; i++)
        a[i].id = ids[i];
    if (n > 1) {
        if (!cas__grow((void **)&stack, &cap, 1, sizeof *stack, 16))
            goto done;
        stack[sp++] = (struct range){0, n, 0};
    }
    while (sp > 0) {
        struct range r = stack[--sp];
        for (size_t i = r.lo; i < r.hi; i++)
            a[i].chunk = chunk_at(pool, a[i].id, r.off);
        sort_chunks(a + r.lo, tmp, r.hi - r.lo, 0);
        for (size_t i = r.lo; i < r.hi;) {
            size_t j = i + 1, longer = cas__pool_len(pool, a[i].id) > r.off + 8;
            while (j < r.hi && a[j].chunk == a[i].chunk) {
                longer |= cas__pool_len(pool, a[j].id) > r.off + 8;
                j++;
            }
            if (j - i > 1 && longer) {
                if (!cas__grow((void **)&stack, &cap, sp + 1, sizeof *stack, 16))
                    goto done;
                stack[sp++] = (struct range){i, j, r.off + 8};
            }
            i = j;
        }
    }
    for (size_t i = 0; i < n; i++)
        ids[i] = a[i].id;
    ok = 1;
done:
    cas__free(a);
    cas__free(tmp);
    cas__free(stack);
    return ok;
}

typedef struct scopes {
    scope_key *keys;
    size_t n, cap;
    uint64_t *slots; /* hash << 32 | (scope + 1) */
    uint32_t nslots;
} scopes;

static int scopes_grow(scopes *s)
{
    uint64_t want = s->nslots ? (uint64_t)s->nslots * 2 : 1024;
    uint64_t *slots;

    if (want > UINT32_MAX)
        return 0;
    slots = cas__slots_refile(s->slots, s->nslots, (uint32_t)want);
    if (!slots)
        return 0;
    cas__free(s->slots);
    s->slots = slots;
    s->nslots = (uint32_t)want;
    return 1;
}

/* The number of the scope of @c (hash @h), a new one if it is the first
 * claim seen with it; UINT32_MAX when out of memory. */
static uint32_t scope_number(scopes *s, const cas__claim *c, uint32_t h)
{
    uint32_t i;
    uint64_t v;

    if ((uint64_t)(s->n + 1) * 4 > (uint64_t)s->nslots * 3 && !scopes_grow(s))
        return UINT32_MAX;
    i = cas__slot_home(h, s->nslots);
    while ((v = s->slots[i]) != 0) {
        if ((uint32_t)(v >> 32) == h && key_is(&s->keys[(uint32_t)v - 1], c))
            return (uint32_t)v - 1;
        i = i + 1 == s->nslots ? 0 : i + 1;
    }
    if (!cas__grow((void **)&s->keys, &s->cap, s->n + 1, sizeof *s->keys, 256))
        return UINT32_MAX;
    s->keys[s->n] = (scope_key){c->outcome,      c->group,      c->perpetrator, c->place,
                                c->period_start, c->period_end, c->event};
    s->slots[i] = (uint64_t)h << 32 | (uint64_t)(s->n + 1);
    return (uint32_t)s->n++;
}

/* Pool ids to small numbers: the sources, ranked by their text once so
 * that claims compare their sources as integers. */
typedef struct id_map {
    uint64_t *slots; /* (value << 32) | (id + 1) */
    uint32_t nslots, n;
    uint32_t *ids; /* the distinct ids, in first-seen order */
    size_t cap;
} id_map;

static int id_map_grow(id_map *m)
{
    uint64_t want = m->nslots ? (uint64_t)m->nslots * 2 : 64, *slots;

    if (want > UINT32_MAX)
        return 0;
    slots = cas__calloc((size_t)want, sizeof *slots);
    if (!slots)
        return 0;
    for (uint32_t k = 0; k < m->nslots; k++) {
        uint64_t v = m->slots[k];
        if (!v)
            continue;
        uint32_t i = cas__slot_home((uint32_t)v * 0x9E3779B1u, (uint32_t)want);
        while (slots[i])
            i = i + 1 == want ? 0 : i + 1;
        slots[i] = v;
    }
    cas__free(m->slots);
    m->slots = slots;
    m->nslots = (uint32_t)want;
    return 1;
}

/* The slot of @id, added (value = its first-seen number) if new;
 * UINT32_MAX when out of memory. */
static uint32_t id_map_slot(id_map *m, uint32_t id)
{
    uint32_t key = id + 1, i;

    if ((uint64_t)(m->n + 1) * 2 > m->nslots && !id_map_grow(m))
        return UINT32_MAX;
    i = cas__slot_home(key * 0x9E3779B1u, m->nslots);
    while (m->slots[i]) {
        if ((uint32_t)m->slots[i] == key)
            return i;
        i = i + 1 == m->nslots ? 0 : i + 1;
    }
    if (!cas__grow((void **)&m->ids, &m->cap, (size_t)m->n + 1, sizeof *m->ids, 16))
        return UINT32_MAX;
    m->ids[m->n] = id;
    m->slots[i] = (uint64_t)m->n << 32 | key;
    m->n++;
    return i;
}

static uint32_t id_map_get(const id_map *m, uint32_t id)
{
    uint32_t key = id + 1, i = cas__slot_home(key * 0x9E3779B1u, m->nslots);
    while ((uint32_t)m->slots[i] != key)
        i = i + 1 == m->nslots ? 0 : i + 1;
    return (uint32_t)(m->slots[i] >> 32);
}

/* Replace every value by the rank of its id's text. */
static int id_map_rank(const cas_ledger *l, id_map *m)
{
    if (!sort_texts(&l->pool, m->ids, m->n))
        return 0;
    for (uint32_t r = 0; r < m->n; r++) {
        uint32_t key = m->ids[r] + 1, i = cas__slot_home(key * 0x9E3779B1u, m->nslots);
        while ((uint32_t)m->slots[i] != key)
            i = i + 1 == m->nslots ? 0 : i + 1;
        m->slots[i] = (uint64_t)r << 32 | key;
    }
    return 1;
}

/* Replace the ids of every scope key by the ranks of their text, so that
 * scopes sort by integers. */
static int rank_keys(const cas_ledger *l, scope_key *keys, size_t n)
{
    id_map m[5];
    int ok = 1;

    memset(m, 0, sizeof m);
    for (size_t k = 0; k < n && ok; k++)
        ok = id_map_slot(&m[0], keys[k].outcome) != UINT32_MAX &&
             id_map_slot(&m[1], keys[k].group) != UINT32_MAX &&
             id_map_slot(&m[2], keys[k].perpetrator) != UINT32_MAX &&
             id_map_slot(&m[3], keys[k].place) != UINT32_MAX &&
             id_map_slot(&m[4], keys[k].event) != UINT32_MAX;
    for (int d = 0; d < 5 && ok; d++)
        ok = id_map_rank(l, &m[d]);
    for (size_t k = 0; k < n && ok; k++) {
        keys[k].outcome = id_map_get(&m[0], keys[k].outcome);
        keys[k].group = id_map_get(&m[1], keys[k].group);
        keys[k].perpetrator = id_map_get(&m[2], keys[k].perpetrator);
        keys[k].place = id_map_get(&m[3], keys[k].place);
        keys[k].event = id_map_get(&m[4], keys[k].event);
    }
    for (int d = 0; d < 5; d++) {
        cas__free(m[d].slots);
        cas__free(m[d].ids);
    }
    return ok;
}

typedef struct ranked {
    uint64_t key; /* source rank, then reported_on */
    uint32_t claim;
} ranked;

static int ranked_lt(const cas_ledger *l, const ranked *a, const ranked *b)
{
    if (a->key != b->key)
        return a->key < b->key;
    return cmp_str(l, l->claims[a->claim].id, l->claims[b->claim].id) < 0;
}

#define RANKED_LESS(l, x, y) ranked_lt(l, &(x), &(y))
CAS__DEFINE_MERGE_SORT(sort_ranked, ranked, const cas_ledger *, RANKED_LESS)

/* Sort one scope's @n claims (keys made) by source, reported_on and id;
 * @tmp has room for @n items. Returns where the sorted items are. */
static ranked *sort_bucket(const cas_ledger *l, ranked *t, ranked *tmp, size_t n)
{
    if (n <= 16) {
        /* Insertion sort: a scope has a handful of claims. */
        for (size_t i = 1; i < n; i++) {
            ranked v = t[i];
            size_t j = i;
            while (j > 0 && ranked_lt(l, &v, &t[j - 1])) {
                t[j] = t[j - 1];
                j--;
            }
            t[j] = v;
        }
        return t;
    }
    return sort_ranked_to(t, tmp, n, l);
}

/* Claims are read in an order unrelated to where they lie, so each read is
 * a cache miss; reading BATCH of them in a tight loop of independent loads
 * lets the processor wait for many at once. */
#define BATCH 256

/* The work of one order_claims() call. */
typedef struct order {
    const cas_ledger *l;
    scopes s;           /* the distinct scopes, numbered as first seen */
    id_map sources;     /* the distinct sources, ranked by text */
    uint32_t *scope_of; /* per claim: its scope's number */
    uint32_t *out;      /* the claims, dealt into their scopes */
    uint32_t *perm;     /* the scope numbers in string order */
    uint32_t *start;    /* per scope: where its claims start, then end */
    ranked *t;          /* the sort keys of a block of scopes' claims */
    size_t tcap;
} order;

/* Number the scopes of the @n claims at @idx (o->scope_of) and file their
 * sources: 1, or 0 when out of memory. */
static int number_scopes(order *o, const uint32_t *idx, size_t n)
{
    const cas_ledger *l = o->l;
    scopes *s = &o->s;
    uint32_t hash[BATCH], warm = 0;

    for (size_t base = 0; base < n; base += BATCH) {
        size_t m = n - base;
        if (m > BATCH)
            m = BATCH;
        for (size_t k = 0; k < m; k++)
            hash[k] = scope_hash(&l->claims[idx[base + k]]);
        if ((uint64_t)(s->n + m) * 4 > (uint64_t)s->nslots * 3 && !scopes_grow(s))
            return 0;
        for (size_t k = 0; k < m; k++) /* the first slot each will probe */
            warm += (uint32_t)s->slots[cas__slot_home(hash[k], s->nslots)];
        for (size_t k = 0; k < m; k++) {
            const cas__claim *c = &l->claims[idx[base + k]];
            if ((o->scope_of[base + k] = scope_number(s, c, hash[k])) == UINT32_MAX ||
                id_map_slot(&o->sources, c->source) == UINT32_MAX)
                return 0;
        }
    }
    {
        volatile uint32_t sink = warm; /* keeps the warming loads */
        (void)sink;
    }
    return 1;
}

/* Deal the @n claims at @idx into o->out by scope, the scopes in string
 * order (o->perm); o->start[] then holds each scope's end: 1, or 0 when
 * out of memory. */
static int deal(order *o, const uint32_t *idx, size_t n)
{
    size_t ns = o->s.n;
    uint32_t pos = 0;

    o->perm = cas__malloc((ns ? ns : 1) * sizeof *o->perm);
    o->start = cas__calloc(ns + 1, sizeof *o->start);
    if (!o->perm || !o->start)
        return 0;
    for (size_t k = 0; k < ns; k++)
        o->perm[k] = (uint32_t)k;
    if (!rank_keys(o->l, o->s.keys, ns))
        return 0;
    sort_keys(o->perm, o->out, ns, o->s.keys);
    for (size_t i = 0; i < n; i++)
        o->start[o->scope_of[i]]++;
    for (size_t k = 0; k < ns; k++) {
        uint32_t c = o->start[o->perm[k]];
        o->start[o->perm[k]] = pos;
        pos += c;
    }
    for (size_t i = 0; i < n; i++)
        o->out[o->start[o->scope_of[i]]++] = idx[i];
    return 1;
}

/* Sort each scope's claims in o->out by source, reported_on and id, taking
 * the scopes in order a block at a time: read the sort keys of the block's
 * claims, then sort each scope's. 1, or 0 when out of memory. */
static int sort_scopes(order *o)
{
    const cas_ledger *l = o->l;
    const uint32_t *perm = o->perm, *start = o->start;
    uint32_t *out = o->out;

    for (size_t k = 0, lo = 0; k < o->s.n;) {
        size_t kend = k, hi = lo;
        while (kend < o->s.n && (kend == k || start[perm[kend]] - lo <= BATCH))
            hi = start[perm[kend++]];
        if (!cas__grow((void **)&o->t, &o->tcap, (size_t)2 * (hi - lo), sizeof *o->t,
                       (size_t)2 * BATCH))
            return 0;
        ranked *t = o->t;
        for (size_t i = lo; i < hi; i++) {
            const cas__claim *c = &l->claims[out[i]];
            t[i - lo].key = (uint64_t)c->source << 32 | ((uint32_t)c->reported_on ^ 0x80000000u);
            t[i - lo].claim = out[i];
        }
        for (size_t i = 0; i < hi - lo; i++) /* source ids to ranks */
            t[i].key = (uint64_t)id_map_get(&o->sources, (uint32_t)(t[i].key >> 32)) << 32 |
                       (uint32_t)t[i].key;
        for (size_t b = lo; k < kend; k++) {
            size_t e = start[perm[k]];
            ranked *sorted = sort_bucket(l, t + (b - lo), t + (hi - lo) + (b - lo), e - b);
            for (size_t i = 0; i < e - b; i++)
                out[b + i] = sorted[i].claim;
            b = e;
        }
        lo = hi;
    }
    return 1;
}

/* Sort the @n claim indices at @idx into cas__claim_cmp order. Only
 * reads @l. */
static cas_status order_claims(const cas_ledger *l, uint32_t *idx, size_t n, size_t *nscopes)
{
    order o;
    cas_status st = CAS_ERR_NOMEM;

    memset(&o, 0, sizeof o);
    o.l = l;
    o.scope_of = cas__malloc((n ? n : 1) * sizeof *o.scope_of);
    o.out = cas__malloc((n ? n : 1) * sizeof *o.out);
    if (!o.scope_of || !o.out ||
        !cas__grow((void **)&o.t, &o.tcap, (size_t)2 * BATCH, sizeof *o.t, 1))
        goto done;
    cas__huge_pages(o.scope_of, n * sizeof *o.scope_of);
    cas__huge_pages(o.out, n * sizeof *o.out);
    if (!number_scopes(&o, idx, n) || !id_map_rank(l, &o.sources) || !deal(&o, idx, n) ||
        !sort_scopes(&o))
        goto done;
    memcpy(idx, o.out, n * sizeof *idx);
    st = CAS_OK;
    if (nscopes)
        *nscopes = o.s.n;
done:
    cas__free(o.scope_of);
    cas__free(o.out);
    cas__free(o.perm);
    cas__free(o.start);
    cas__free(o.t);
    cas__free(o.s.keys);
    cas__free(o.s.slots);
    cas__free(o.sources.slots);
    cas__free(o.sources.ids);
    return st;
}

cas_status cas__sort_claims(const cas_ledger *l, uint32_t *idx, size_t n, cas__claim_order cmp)
{
    uint32_t *tmp;

    if (cmp == cas__claim_cmp && n > 16)
        return order_claims(l, idx, n, NULL);
    tmp = cas__malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp)
        return CAS_ERR_NOMEM;
    merge_sort(idx, tmp, n, &(by_order){l, cmp});
    cas__free(tmp);
    return CAS_OK;
}

cas_status cas__ledger_order(const cas_ledger *l, uint32_t **out, size_t *nscopes)
{
    size_t n = l->count;
    uint32_t *idx = cas__malloc((n ? n : 1) * sizeof *idx);
    cas_status st;

    if (!idx)
        return CAS_ERR_NOMEM;
    cas__huge_pages(idx, n * sizeof *idx);
    for (size_t i = 0; i < n; i++)
        idx[i] = (uint32_t)i;
    if (nscopes)
        *nscopes = 0;
    if ((st = order_claims(l, idx, n, nscopes)) != CAS_OK) {
        cas__free(idx);
        return st;
    }
    *out = idx;
    return CAS_OK;
}

static int id_cmp(const cas_ledger *l, const cas__claim *a, const cas__claim *b)
{
    return cmp_str(l, a->id, b->id);
}

cas_status cas_ledger_select(const cas_ledger *l, const cas_scope *scope, uint32_t relations,
                             int32_t current_only, size_t *indices, size_t capacity, size_t *count)
{
    uint32_t *hits, *tmp;
    size_t n = 0;

    if (!l || !scope || scope->size < sizeof *scope || !count || (capacity && !indices))
        return CAS_ERR_ARG;
    hits = cas__malloc((l->count ? l->count : 1) * sizeof *hits);
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
    tmp = cas__malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp) {
        cas__free(hits);
        return CAS_ERR_NOMEM;
    }
    merge_sort(hits, tmp, n, &(by_order){l, id_cmp});
    for (size_t i = 0; i < n && i < capacity; i++)
        indices[i] = hits[i];
    *count = n;
    cas__free(hits);
    cas__free(tmp);
    return CAS_OK;
}
