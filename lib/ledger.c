/* The ledger: compact claim records over a string pool. */
#include "ledger_internal.h"
#include "sized_internal.h"
#include "alloc_internal.h"
#include "sort_internal.h"

#include <stdlib.h>
#include <string.h>

cas_status cas_ledger_new(cas_ledger **out)
{
    cas_ledger *l;

    if (!out)
        return CAS_ERR_ARG;
    l = cas__calloc(1, sizeof *l);
    if (!l)
        return CAS_ERR_NOMEM;
    if (cas__pool_init(&l->pool) != CAS_OK) {
        cas__free(l);
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
    cas__free(l->claims);
    cas__free(l->ids);
    cas__free(l->next);
    cas__free(l->groups);
    cas__free(l);
}

size_t cas_ledger_count(const cas_ledger *l)
{
    return l ? l->count : 0;
}

/* ---- the claim id index ----
 * Ids are unique, so filing them in the pool's table would only make it
 * bigger: they have a table of their own whose slots name claims, and a
 * probe compares the hash first and the claim's id text only when the
 * hashes agree. */

#define IDX_HASH(v) ((uint32_t)((v) >> 32))
#define IDX_CLAIM(v) ((uint32_t)(v) - 1)

#define id_home cas__slot_home

static int id_lookup(const cas_ledger *l, const char *s, size_t len, uint32_t h, uint32_t *slot)
{
    uint32_t i = id_home(h, l->nids);
    uint64_t v;

    while ((v = l->ids[i]) != 0) {
        if (IDX_HASH(v) == h) {
            uint32_t id = l->claims[IDX_CLAIM(v)].id;
            if (cas__pool_len(&l->pool, id) == len &&
                memcmp(cas__pool_str(&l->pool, id), s, len) == 0) {
                *slot = i;
                return 1;
            }
        }
        i = i + 1 == l->nids ? 0 : i + 1;
    }
    *slot = i;
    return 0;
}

/* Make the index big enough for @n claims at most three quarters full. */
static cas_status ids_reserve(cas_ledger *l, size_t n)
{
    uint64_t want, *slots;
    uint32_t nslots;

    if ((uint64_t)n * 4 <= (uint64_t)l->nids * 3)
        return CAS_OK;
    want = l->nids ? (uint64_t)l->nids * 2 : 1024;
    if (want * 3 < (uint64_t)n * 4)
        want = (uint64_t)n * 4 / 3 + 1;
    if (want > UINT32_MAX)
        return CAS_ERR_NOMEM;
    nslots = (uint32_t)want;
    slots = cas__slots_refile(l->ids, l->nids, nslots);
    if (!slots)
        return CAS_ERR_NOMEM;
    cas__free(l->ids);
    l->ids = slots;
    l->nids = nslots;
    return CAS_OK;
}

/* Take claim @claim out of the index (linear probing: later entries of
 * the run move back so that every probe still finds them). */
static void id_remove(cas_ledger *l, uint32_t claim)
{
    uint32_t id = l->claims[claim].id;
    uint32_t h = cas__hash(cas__pool_str(&l->pool, id), cas__pool_len(&l->pool, id));
    uint32_t i = id_home(h, l->nids), n = l->nids;

    while (l->ids[i] && IDX_CLAIM(l->ids[i]) != claim)
        i = i + 1 == n ? 0 : i + 1;
    if (!l->ids[i])
        return;
    for (uint32_t j = i;;) {
        j = j + 1 == n ? 0 : j + 1;
        if (!l->ids[j])
            break;
        uint32_t k = id_home(IDX_HASH(l->ids[j]), n);
        /* The entry at j may fill the hole at i unless its home lies
         * cyclically in (i, j]. */
        if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
            continue;
        l->ids[i] = l->ids[j];
        i = j;
    }
    l->ids[i] = 0;
}

/* Room for @n claims and their group links (@cap counts both). */
static cas_status claims_reserve(cas_ledger *l, size_t n)
{
    cas__claim *p;
    uint32_t *next;

    if (n <= l->cap)
        return CAS_OK;
    if (n >= CAS__NO_CLAIM)
        return CAS_ERR_RANGE;
    p = cas__realloc(l->claims, n * sizeof *p);
    if (!p)
        return CAS_ERR_NOMEM;
    l->claims = p;
    next = cas__realloc(l->next, n * sizeof *next);
    if (!next)
        return CAS_ERR_NOMEM; /* the bigger claims array is harmless */
    l->next = next;
    l->cap = n;
    cas__huge_pages(p, n * sizeof *p);
    cas__huge_pages(next, n * sizeof *next);
    return CAS_OK;
}

/* ---- the revision groups ----
 * The claims of one source on one scope form a group; among them those
 * with the latest reported_on are current (ledger.h; CAS_DATE_UNKNOWN is
 * INT32_MIN, older than any day). A table finds a group by the interned
 * ids of its source and scope, and a claim links to the next claim of its
 * group, the current ones first. Adding a claim then visits only the
 * current claims of its own group, and every const function just reads
 * the flags: nothing is computed lazily, so readers never write. */

static uint32_t group_hash(const cas__claim *c)
{
    uint64_t h = (uint64_t)c->source * 0x9E3779B97F4A7C15ull;
    h = (h ^ c->outcome) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ c->group) * 0x94D049BB133111EBull;
    h = (h ^ c->perpetrator) * 0x9E3779B97F4A7C15ull;
    h = (h ^ c->place) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ (uint32_t)c->period_start) * 0x94D049BB133111EBull;
    h = (h ^ (uint32_t)c->period_end) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> 32) ^ (uint32_t)h;
}

static int same_group(const cas__claim *a, const cas__claim *b)
{
    return a->source == b->source && cas__same_scope(a, b);
}

/* Make the group table big enough for @n groups at most three quarters
 * full. Nothing changes on failure. */
static cas_status groups_reserve(cas_ledger *l, size_t n)
{
    uint64_t want;
    uint32_t *slots, nslots;

    if ((uint64_t)n * 4 <= (uint64_t)l->ngroup_slots * 3)
        return CAS_OK;
    want = l->ngroup_slots ? (uint64_t)l->ngroup_slots * 2 : 1024;
    if (want * 3 < (uint64_t)n * 4)
        want = (uint64_t)n * 4 / 3 + 1;
    if (want > UINT32_MAX)
        return CAS_ERR_NOMEM;
    nslots = (uint32_t)want;
    slots = cas__calloc(nslots, sizeof *slots);
    if (!slots)
        return CAS_ERR_NOMEM;
    cas__huge_pages(slots, (size_t)nslots * sizeof *slots);
    for (uint32_t k = 0; k < l->ngroup_slots; k++) {
        uint32_t v = l->groups[k], i;
        if (!v)
            continue;
        i = cas__slot_home(group_hash(&l->claims[v - 1]), nslots);
        while (slots[i])
            i = i + 1 == nslots ? 0 : i + 1;
        slots[i] = v;
    }
    cas__free(l->groups);
    l->groups = slots;
    l->ngroup_slots = nslots;
    return CAS_OK;
}

/* File claim @i (group hash @h) in its group, the table having room for
 * one more group, and set the flags of the group. The group's first claim
 * is always a current one, so it holds the group's latest day. */
static void group_file(cas_ledger *l, uint32_t i, uint32_t h)
{
    cas__claim *cl = l->claims, *c = &cl[i];
    uint32_t *next = l->next, s = cas__slot_home(h, l->ngroup_slots), v, k;

    while ((v = l->groups[s]) != 0 && !same_group(&cl[v - 1], c))
        s = s + 1 == l->ngroup_slots ? 0 : s + 1;
    if (!v) { /* a new group */
        l->groups[s] = i + 1;
        l->ngroups++;
        next[i] = CAS__NO_CLAIM;
        c->current = 1;
        return;
    }
    k = v - 1;
    if (c->reported_on >= cl[k].reported_on) {
        /* Current, and first; a later day supersedes the current ones. */
        if (c->reported_on > cl[k].reported_on)
            for (uint32_t j = k; j != CAS__NO_CLAIM && cl[j].current; j = next[j])
                cl[j].current = 0;
        next[i] = k;
        l->groups[s] = i + 1;
        c->current = 1;
    } else {
        /* Superseded: after the current claims. */
        while (next[k] != CAS__NO_CLAIM && cl[next[k]].current)
            k = next[k];
        next[i] = next[k];
        next[k] = i;
        c->current = 0;
    }
}

void cas__ledger_reserve(cas_ledger *l, size_t claims, size_t bytes)
{
    size_t n = l->count + claims;

    if (claims == 0 || n < l->count || n >= CAS__NO_CLAIM)
        return;
    if (claims_reserve(l, n) != CAS_OK || ids_reserve(l, n) != CAS_OK)
        return;
    /* Claim ids and quotes are new strings on every row. */
    cas__pool_reserve(&l->pool, claims * 2, bytes);
}

void cas__ledger_prepare(const cas_ledger *l, cas__row *row)
{
    for (int k = 0; k < CAS__NSTR; k++) {
        if (k == CAS__S_QUOTE || row->len[k] == 0) {
            row->hash[k] = 0;
            continue;
        }
        row->hash[k] = cas__hash(row->s[k], row->len[k]);
        if (k == CAS__S_ID) {
#if defined(__GNUC__)
            if (l->nids)
                __builtin_prefetch(&l->ids[id_home(row->hash[k], l->nids)]);
#endif
        } else {
            cas__pool_prefetch(&l->pool, row->hash[k]);
        }
    }
    row->hashed = 1;
}

cas_status cas__ledger_append(cas_ledger *l, const cas__row *row, cas_error *err)
{
    const char *id = row->s[CAS__S_ID];
    size_t idlen = row->len[CAS__S_ID];
    uint32_t h = row->hashed ? row->hash[CAS__S_ID] : cas__hash(id, idlen), slot;
    cas__pool *pool = &l->pool;
    cas__claim r;
    cas_status st;

    if (l->nids && id_lookup(l, id, idlen, h, &slot))
        return cas__fail(err, CAS_ERR_DUPLICATE, "id", "'%.*s' is already in the ledger",
                         (int)(idlen < 80 ? idlen : 80), id);
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        if (cap >= CAS__NO_CLAIM)
            cap = CAS__NO_CLAIM - 1;
        if (l->count + 1 >= CAS__NO_CLAIM)
            return cas__fail(err, CAS_ERR_NOMEM, "", "the ledger is full");
        if (claims_reserve(l, cap) != CAS_OK)
            return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    if ((uint64_t)(l->count + 1) * 4 > (uint64_t)l->nids * 3) {
        if ((st = ids_reserve(l, l->count + 1)) != CAS_OK)
            return cas__fail(err, st, "", "%s", cas_strerror(st));
        id_lookup(l, id, idlen, h, &slot);
    }
    if (!l->bulk && (st = groups_reserve(l, (size_t)l->ngroups + 1)) != CAS_OK)
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    memset(&r, 0, sizeof r);
#define INTERN(k, field)                                                                   \
    (row->hashed ? cas__pool_intern_hashed(pool, row->s[k], row->len[k], row->hash[k], &r.field) \
                 : cas__pool_intern(pool, row->s[k], row->len[k], &r.field))
    if ((st = cas__pool_store(pool, id, idlen, &r.id)) ||
        (st = INTERN(CAS__S_SOURCE, source)) || (st = INTERN(CAS__S_SOURCE_KIND, source_kind)) ||
        (st = INTERN(CAS__S_RELAY, relay)) || (st = INTERN(CAS__S_CITATION, citation)) ||
        (st = cas__pool_store(pool, row->s[CAS__S_QUOTE], row->len[CAS__S_QUOTE], &r.quote)) ||
        (st = INTERN(CAS__S_OUTCOME, outcome)) || (st = INTERN(CAS__S_GROUP, group)) ||
        (st = INTERN(CAS__S_PERPETRATOR, perpetrator)) || (st = INTERN(CAS__S_PLACE, place)))
        return cas__fail(err, st, "", "%s", cas_strerror(st));
#undef INTERN
    r.low = row->low;
    r.high = row->high;
    r.best = row->best;
    r.period_start = row->period_start;
    r.period_end = row->period_end;
    r.reported_on = row->reported_on;
    r.qualifier = (uint8_t)row->qualifier;
    r.basis = (uint8_t)row->basis;
    r.current = 1;
    l->ids[slot] = (uint64_t)h << 32 | (uint64_t)(l->count + 1);
    l->claims[l->count++] = r;
    if (!l->bulk) {
        group_file(l, (uint32_t)(l->count - 1), group_hash(&r));
        l->grouped = l->count;
    }
    return CAS_OK;
}

static void row_text(cas__row *row, int k, const char *s)
{
    row->s[k] = s ? s : "";
    row->len[k] = s ? strlen(s) : 0;
}

cas_status cas__ledger_add(cas_ledger *l, const cas_claim *c, cas_error *err)
{
    cas__row row;
    cas_status st;

    if ((st = cas_claim_validate(c, err)) != CAS_OK)
        return st;
    row_text(&row, CAS__S_ID, c->id);
    row_text(&row, CAS__S_SOURCE, c->source);
    row_text(&row, CAS__S_SOURCE_KIND, c->source_kind);
    row_text(&row, CAS__S_RELAY, c->relay);
    row_text(&row, CAS__S_CITATION, c->citation);
    row_text(&row, CAS__S_QUOTE, c->quote);
    row_text(&row, CAS__S_OUTCOME, c->scope.outcome);
    row_text(&row, CAS__S_GROUP, c->scope.group);
    row_text(&row, CAS__S_PERPETRATOR, c->scope.perpetrator);
    row_text(&row, CAS__S_PLACE, c->scope.place);
    row.low = c->low;
    row.high = c->high;
    row.best = c->best;
    row.period_start = c->scope.period_start;
    row.period_end = c->scope.period_end;
    row.reported_on = c->reported_on;
    row.qualifier = c->qualifier;
    row.basis = c->basis;
    row.hashed = 0;
    return cas__ledger_append(l, &row, err);
}

cas_status cas_ledger_add(cas_ledger *l, const cas_claim *c, cas_error *err)
{
    if (!l)
        return cas__fail(err, CAS_ERR_ARG, "", "ledger is NULL");
    return cas__ledger_add(l, c, err);
}

void cas__ledger_bulk_begin(cas_ledger *l)
{
    l->bulk = 1;
}

/* Claims are filed in an order unrelated to where their groups lie, so
 * each probe is a cache miss (a table slot, then the group's first claim);
 * starting the loads of FILE_BATCH of them at a time lets the processor
 * wait for many at once. */
#define FILE_BATCH 64

cas_status cas__ledger_bulk_end(cas_ledger *l)
{
    size_t n = l->count;
    uint32_t hash[FILE_BATCH];

    l->bulk = 0;
    if (l->grouped == n)
        return CAS_OK;
    /* At most one new group per new claim: the table grows once. */
    if (groups_reserve(l, (size_t)l->ngroups + (n - l->grouped)) != CAS_OK)
        return CAS_ERR_NOMEM;
    for (size_t base = l->grouped; base < n; base += FILE_BATCH) {
        size_t m = n - base < FILE_BATCH ? n - base : FILE_BATCH;
        for (size_t k = 0; k < m; k++) {
            hash[k] = group_hash(&l->claims[base + k]);
#if defined(__GNUC__)
            __builtin_prefetch(&l->groups[cas__slot_home(hash[k], l->ngroup_slots)]);
#endif
        }
#if defined(__GNUC__)
        for (size_t k = 0; k < m; k++) {
            uint32_t v = l->groups[cas__slot_home(hash[k], l->ngroup_slots)];
            if (v)
                __builtin_prefetch(&l->claims[v - 1]);
        }
#endif
        for (size_t k = 0; k < m; k++)
            group_file(l, (uint32_t)(base + k), hash[k]);
    }
    l->grouped = n;
    return CAS_OK;
}

void cas__ledger_truncate(cas_ledger *l, size_t count)
{
    while (l->count > count) {
        id_remove(l, (uint32_t)(l->count - 1));
        l->count--;
    }
    /* The load's claims were never filed: groups and flags are untouched. */
    l->bulk = 0;
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
    cas_claim c;

    if (!l || !CAS__SIZED_OK(out, cas_claim))
        return CAS_ERR_ARG;
    if (index >= l->count)
        return CAS_ERR_NOT_FOUND;
    r = &l->claims[index];
    cas_claim_init(&c);
    c.qualifier = r->qualifier;
    c.basis = r->basis;
    c.reported_on = r->reported_on;
    c.low = r->low;
    c.high = r->high;
    c.best = r->best;
    c.id = cas__pool_str(&l->pool, r->id);
    c.source = cas__pool_str(&l->pool, r->source);
    c.source_kind = cas__pool_str(&l->pool, r->source_kind);
    c.relay = cas__pool_str(&l->pool, r->relay);
    c.citation = cas__pool_str(&l->pool, r->citation);
    c.quote = cas__pool_str(&l->pool, r->quote);
    cas__claim_scope(l, r, &c.scope);
    cas__sized_write(out, &c, sizeof c);
    return CAS_OK;
}

cas_status cas_ledger_find(const cas_ledger *l, const char *id, size_t *index)
{
    size_t len;
    uint32_t slot;

    if (!l || !id || !index)
        return CAS_ERR_ARG;
    len = strlen(id);
    if (!l->nids || !id_lookup(l, id, len, cas__hash(id, len), &slot))
        return CAS_ERR_NOT_FOUND;
    *index = IDX_CLAIM(l->ids[slot]);
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
} scope_key;

static uint32_t scope_hash(const cas__claim *c)
{
    uint64_t h = (uint64_t)c->outcome * 0x9E3779B97F4A7C15ull;
    h = (h ^ c->group) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ c->perpetrator) * 0x94D049BB133111EBull;
    h = (h ^ c->place) * 0x9E3779B97F4A7C15ull;
    h = (h ^ (uint32_t)c->period_start) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ (uint32_t)c->period_end) * 0x94D049BB133111EBull;
    return (uint32_t)(h >> 32) ^ (uint32_t)h;
}

static int key_is(const scope_key *k, const cas__claim *c)
{
    return k->outcome == c->outcome && k->group == c->group && k->perpetrator == c->perpetrator &&
           k->place == c->place && k->start == c->period_start && k->end == c->period_end;
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
    return cmp_i32(a->end, b->end);
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
    chunked *a = cas__malloc((n ? n : 1) * sizeof *a), *tmp = cas__malloc((n ? n : 1) * sizeof *tmp);
    int ok = 0;

    if (!a || !tmp)
        goto done;
    for (size_t i = 0; i < n; i++)
        a[i].id = ids[i];
    if (n > 1) {
        stack = cas__malloc(16 * sizeof *stack);
        if (!stack)
            goto done;
        cap = 16;
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
                if (sp == cap) {
                    struct range *p = cas__realloc(stack, 2 * cap * sizeof *p);
                    if (!p)
                        goto done;
                    stack = p;
                    cap *= 2;
                }
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
    uint64_t *slots;      /* hash << 32 | (scope + 1) */
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
    s->keys[s->n] = (scope_key){c->outcome, c->group, c->perpetrator, c->place,
                                c->period_start, c->period_end};
    s->slots[i] = (uint64_t)h << 32 | (uint64_t)(s->n + 1);
    return (uint32_t)s->n++;
}

/* Pool ids to small numbers: the sources, ranked by their text once so
 * that claims compare their sources as integers. */
typedef struct id_map {
    uint64_t *slots;      /* (value << 32) | (id + 1) */
    uint32_t nslots, n;
    uint32_t *ids;        /* the distinct ids, in first-seen order */
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
    id_map m[4];
    int ok = 1;

    memset(m, 0, sizeof m);
    for (size_t k = 0; k < n && ok; k++)
        ok = id_map_slot(&m[0], keys[k].outcome) != UINT32_MAX &&
             id_map_slot(&m[1], keys[k].group) != UINT32_MAX &&
             id_map_slot(&m[2], keys[k].perpetrator) != UINT32_MAX &&
             id_map_slot(&m[3], keys[k].place) != UINT32_MAX;
    for (int d = 0; d < 4 && ok; d++)
        ok = id_map_rank(l, &m[d]);
    for (size_t k = 0; k < n && ok; k++) {
        keys[k].outcome = id_map_get(&m[0], keys[k].outcome);
        keys[k].group = id_map_get(&m[1], keys[k].group);
        keys[k].perpetrator = id_map_get(&m[2], keys[k].perpetrator);
        keys[k].place = id_map_get(&m[3], keys[k].place);
    }
    for (int d = 0; d < 4; d++) {
        cas__free(m[d].slots);
        cas__free(m[d].ids);
    }
    return ok;
}

typedef struct ranked {
    uint64_t key;         /* source rank, then reported_on */
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

/* Sort the @n claim indices at @idx into cas__claim_cmp order. Only
 * reads @l. */
static cas_status order_claims(const cas_ledger *l, uint32_t *idx, size_t n, size_t *nscopes)
{
    scopes s = {NULL, 0, 0, NULL, 0};
    id_map sources = {NULL, 0, 0, NULL, 0};
    uint32_t *scope_of = cas__malloc((n ? n : 1) * sizeof *scope_of);
    uint32_t *out = cas__malloc((n ? n : 1) * sizeof *out);
    uint32_t *perm = NULL, *start = NULL, hash[BATCH], warm = 0;
    ranked *t = NULL;
    size_t tcap = 0;
    cas_status st = CAS_ERR_NOMEM;

    tcap = 2 * (size_t)BATCH;
    t = cas__malloc(tcap * sizeof *t);
    if (!scope_of || !out || !t)
        goto done;
    cas__huge_pages(scope_of, n * sizeof *scope_of);
    cas__huge_pages(out, n * sizeof *out);
    for (size_t base = 0; base < n; base += BATCH) {
        size_t m = n - base;
        if (m > BATCH)
            m = BATCH;
        for (size_t k = 0; k < m; k++)
            hash[k] = scope_hash(&l->claims[idx[base + k]]);
        if ((uint64_t)(s.n + m) * 4 > (uint64_t)s.nslots * 3 && !scopes_grow(&s))
            goto done;
        for (size_t k = 0; k < m; k++) /* the first slot each will probe */
            warm += (uint32_t)s.slots[cas__slot_home(hash[k], s.nslots)];
        for (size_t k = 0; k < m; k++) {
            const cas__claim *c = &l->claims[idx[base + k]];
            if ((scope_of[base + k] = scope_number(&s, c, hash[k])) == UINT32_MAX ||
                id_map_slot(&sources, c->source) == UINT32_MAX)
                goto done;
        }
    }
    if (!id_map_rank(l, &sources))
        goto done;
    /* The scopes in string order; start[] becomes each scope's first
     * position in the output. */
    perm = cas__malloc((s.n ? s.n : 1) * sizeof *perm);
    start = cas__calloc(s.n + 1, sizeof *start);
    if (!perm || !start)
        goto done;
    for (size_t k = 0; k < s.n; k++)
        perm[k] = (uint32_t)k;
    if (!rank_keys(l, s.keys, s.n))
        goto done;
    sort_keys(perm, out, s.n, s.keys);
    for (size_t i = 0; i < n; i++)
        start[scope_of[i]]++;
    {
        uint32_t pos = 0;
        for (size_t k = 0; k < s.n; k++) {
            uint32_t c = start[perm[k]];
            start[perm[k]] = pos;
            pos += c;
        }
    }
    for (size_t i = 0; i < n; i++)
        out[start[scope_of[i]]++] = idx[i];
    /* start[] now holds each scope's end. Take the scopes in order, a block
     * of them at a time: read the sort keys of the block's claims, then
     * sort each scope's claims. */
    for (size_t k = 0, lo = 0; k < s.n;) {
        size_t kend = k, hi = lo;
        while (kend < s.n && (kend == k || start[perm[kend]] - lo <= BATCH))
            hi = start[perm[kend++]];
        if (2 * (hi - lo) > tcap) {
            size_t cap = tcap;
            while (cap < 2 * (hi - lo))
                cap *= 2;
            ranked *p = cas__realloc(t, cap * sizeof *p);
            if (!p)
                goto done;
            t = p;
            tcap = cap;
        }
        for (size_t i = lo; i < hi; i++) {
            const cas__claim *c = &l->claims[out[i]];
            t[i - lo].key = (uint64_t)c->source << 32 | ((uint32_t)c->reported_on ^ 0x80000000u);
            t[i - lo].claim = out[i];
        }
        for (size_t i = 0; i < hi - lo; i++) /* source ids to ranks */
            t[i].key = (uint64_t)id_map_get(&sources, (uint32_t)(t[i].key >> 32)) << 32 |
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
    memcpy(idx, out, n * sizeof *idx);
    {
        volatile uint32_t sink = warm; /* keeps the warming loads */
        (void)sink;
    }
    st = CAS_OK;
    if (nscopes)
        *nscopes = s.n;
done:
    cas__free(scope_of);
    cas__free(out);
    cas__free(perm);
    cas__free(start);
    cas__free(t);
    cas__free(s.keys);
    cas__free(s.slots);
    cas__free(sources.slots);
    cas__free(sources.ids);
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

cas_status cas_ledger_is_current(const cas_ledger *l, size_t index, int32_t *current)
{
    if (!l || !current)
        return CAS_ERR_ARG;
    if (index >= l->count)
        return CAS_ERR_NOT_FOUND;
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
