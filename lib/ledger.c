/* SPDX-License-Identifier: MIT */
/* The ledger's storage: compact claim records over a string pool, the
 * claim id index, the revision groups that keep the `current` flags, and
 * adding, bulk loading and reading claims. Ordering claims is
 * ledger_order.c. */
#include "ledger_internal.h"
#include "claim_internal.h"
#include "sized_internal.h"
#include "alloc_internal.h"

#include <stdint.h>
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
    if (cas_vocab_new_default(&l->vocab, NULL) != CAS_OK) {
        cas__pool_free(&l->pool);
        cas__free(l);
        return CAS_ERR_NOMEM;
    }
    *out = l;
    return CAS_OK;
}

static void canon_clear(cas_ledger *l)
{
    for (int d = 0; d < 4; d++) {
        cas__free(l->canon[d]);
        l->canon[d] = NULL;
        l->ncanon[d] = l->canon_slots[d] = 0;
    }
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
    cas_vocab_free(l->vocab);
    canon_clear(l);
    cas__free(l->canon_buf);
    cas__free(l->originals);
    cas__free(l);
}

cas_status cas_ledger_set_vocabulary(cas_ledger *l, const cas_vocab *v, cas_error *err)
{
    char *text = NULL;
    size_t len = 0;
    cas_vocab *copy = NULL;
    cas_status st;

    if (!l || !v)
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL", !l ? "ledger" : "vocabulary");
    if (l->count)
        return cas__fail(err, CAS_ERR_ARG, "",
                         "the ledger already holds %zu claims: set its vocabulary before adding "
                         "any",
                         l->count);
    if ((st = cas_vocab_save_string(&text, &len, v, err)) != CAS_OK)
        return st;
    st = cas_vocab_load_buffer(&copy, text, len, "vocabulary", err);
    cas_free(text);
    if (st != CAS_OK)
        return st;
    cas_vocab_free(l->vocab);
    l->vocab = copy;
    canon_clear(l);
    return CAS_OK;
}

const cas_vocab *cas_ledger_vocabulary(const cas_ledger *l)
{
    return l ? l->vocab : NULL;
}

/* ---- canonical paths ----
 * Each distinct path text of a dimension is canonicalised once: the
 * table maps its pool id to the id of its canonical spelling. */

static int canon_grow(cas_ledger *l, int d)
{
    uint32_t n = l->canon_slots[d] ? l->canon_slots[d] * 2 : 64;
    uint64_t *slots = cas__calloc(n, sizeof *slots);
    if (!slots)
        return 0;
    for (uint32_t i = 0; i < l->canon_slots[d]; i++) {
        uint64_t v = l->canon[d][i];
        if (v) {
            uint32_t k = cas__slot_home((uint32_t)v * 0x9E3779B1u, n);
            while (slots[k])
                k = k + 1 == n ? 0 : k + 1;
            slots[k] = v;
        }
    }
    cas__free(l->canon[d]);
    l->canon[d] = slots;
    l->canon_slots[d] = n;
    return 1;
}

static const char *const dim_fields[4] = {"outcome", "group", "perpetrator", "place"};

/* The canonical pool id of path @id of dimension @d. */
static cas_status canonical_id(cas_ledger *l, int d, uint32_t id, uint32_t *out, cas_error *err)
{
    uint32_t key = id + 1, k;
    int32_t changed = 0;
    cas_status st;

    if (id == 0) { /* "" is the top level */
        *out = 0;
        return CAS_OK;
    }
    if (l->canon_slots[d]) {
        k = cas__slot_home(key * 0x9E3779B1u, l->canon_slots[d]);
        while (l->canon[d][k]) {
            if ((uint32_t)l->canon[d][k] == key) {
                *out = (uint32_t)(l->canon[d][k] >> 32);
                return CAS_OK;
            }
            k = k + 1 == l->canon_slots[d] ? 0 : k + 1;
        }
    }
    if (!l->canon_buf && !(l->canon_buf = cas__malloc(CAS_FIELD_MAX + 1)))
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    if ((st = cas_vocab_canonical(l->vocab, d, cas__pool_str(&l->pool, id), l->canon_buf,
                                  CAS_FIELD_MAX + 1, &changed, NULL)) != CAS_OK)
        return cas__fail(err, st, dim_fields[d],
                         "'%.60s' has no canonical spelling in the vocabulary (%s)",
                         cas__pool_str(&l->pool, id), cas_strerror(st));
    *out = id;
    if (changed &&
        (st = cas__pool_intern(&l->pool, l->canon_buf, strlen(l->canon_buf), out)) != CAS_OK)
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    if ((uint64_t)(l->ncanon[d] + 1) * 4 > (uint64_t)l->canon_slots[d] * 3 && !canon_grow(l, d))
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    k = cas__slot_home(key * 0x9E3779B1u, l->canon_slots[d]);
    while (l->canon[d][k])
        k = k + 1 == l->canon_slots[d] ? 0 : k + 1;
    l->canon[d][k] = (uint64_t)*out << 32 | key;
    l->ncanon[d]++;
    return CAS_OK;
}

/* Put the four paths of @r in their canonical spelling; when any changes,
 * *@orig receives the paths as given (and the caller keeps them). */
static cas_status canonicalise(cas_ledger *l, cas__claim *r, cas__original *orig, int *rewritten,
                               cas_error *err)
{
    uint32_t *path[4] = {&r->outcome, &r->group, &r->perpetrator, &r->place};
    cas_status st;

    *rewritten = 0;
    for (int d = 0; d < 4; d++) {
        uint32_t c = 0;
        orig->path[d] = *path[d];
        if ((st = canonical_id(l, d, *path[d], &c, err)) != CAS_OK)
            return st;
        if (c != *path[d]) {
            *path[d] = c;
            *rewritten = 1;
        }
    }
    return CAS_OK;
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
#define IDX_CLAIM(v) ((uint32_t)(v)-1)

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

/* Room for @n claims and their group links (@cap counts both): exactly
 * that many, not cas__grow's next power of two, since a bulk load
 * reserves what it will need (80 bytes a claim); cas__ledger_append()
 * doubles. */
static cas_status claims_reserve(cas_ledger *l, size_t n)
{
    cas__claim *p;
    uint32_t *next;

    if (n <= l->cap)
        return CAS_OK;
    if (n >= CAS__NO_CLAIM)
        return CAS_ERR_RANGE;
    if (n > SIZE_MAX / sizeof *p)
        return CAS_ERR_NOMEM;
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
    h = (h ^ c->event) * 0x9E3779B97F4A7C15ull;
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
    cas__original orig;
    int rewritten = 0;
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
#define INTERN(k, field)                                                                           \
    (row->hashed ? cas__pool_intern_hashed(pool, row->s[k], row->len[k], row->hash[k], &r.field)   \
                 : cas__pool_intern(pool, row->s[k], row->len[k], &r.field))
    if ((st = cas__pool_store(pool, id, idlen, &r.id)) || (st = INTERN(CAS__S_SOURCE, source)) ||
        (st = INTERN(CAS__S_SOURCE_KIND, source_kind)) || (st = INTERN(CAS__S_RELAY, relay)) ||
        (st = INTERN(CAS__S_CITATION, citation)) ||
        (st = cas__pool_store(pool, row->s[CAS__S_QUOTE], row->len[CAS__S_QUOTE], &r.quote)) ||
        (st = INTERN(CAS__S_OUTCOME, outcome)) || (st = INTERN(CAS__S_GROUP, group)) ||
        (st = INTERN(CAS__S_PERPETRATOR, perpetrator)) || (st = INTERN(CAS__S_PLACE, place)) ||
        (st = INTERN(CAS__S_EVENT, event)))
        return cas__fail(err, st, "", "%s", cas_strerror(st));
#undef INTERN
    if ((st = canonicalise(l, &r, &orig, &rewritten, err)) != CAS_OK)
        return st;
    if (rewritten && !cas__grow((void **)&l->originals, &l->originals_cap, l->noriginals + 1,
                                sizeof *l->originals, 16))
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    r.low = row->low;
    r.high = row->high;
    r.best = row->best;
    r.period_start = row->period_start;
    r.period_end = row->period_end;
    r.reported_on = row->reported_on;
    r.qualifier = (uint8_t)row->qualifier;
    r.basis = (uint8_t)row->basis;
    r.current = 1;
    if (rewritten) {
        l->originals[l->noriginals++] = orig;
        r.original = (uint32_t)l->noriginals;
    }
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
}

/* The claim's strings (their lengths left to the caller) and figures
 * into @row. */
static void claim_row(cas__row *row, const cas_claim *c)
{
    row_text(row, CAS__S_ID, c->id);
    row_text(row, CAS__S_SOURCE, c->source);
    row_text(row, CAS__S_SOURCE_KIND, c->source_kind);
    row_text(row, CAS__S_RELAY, c->relay);
    row_text(row, CAS__S_CITATION, c->citation);
    row_text(row, CAS__S_QUOTE, c->quote);
    row_text(row, CAS__S_OUTCOME, c->scope.outcome);
    row_text(row, CAS__S_GROUP, c->scope.group);
    row_text(row, CAS__S_PERPETRATOR, c->scope.perpetrator);
    row_text(row, CAS__S_PLACE, c->scope.place);
    row_text(row, CAS__S_EVENT, c->scope.event);
    row->low = c->low;
    row->high = c->high;
    row->best = c->best;
    row->period_start = c->scope.period_start;
    row->period_end = c->scope.period_end;
    row->reported_on = c->reported_on;
    row->qualifier = c->qualifier;
    row->basis = c->basis;
    row->hashed = 0;
}

cas_status cas__ledger_add(cas_ledger *l, const cas_claim *c, cas_error *err)
{
    cas__row row;
    cas_status st;

    /* The checks measure each string: the row takes their lengths. */
    if ((st = cas__claim_validate_lens(c, row.len, 0, err)) != CAS_OK)
        return st;
    claim_row(&row, c);
    return cas__ledger_append(l, &row, err);
}

cas_status cas__ledger_add_known(cas_ledger *l, const cas_claim *c, size_t *lens, uint32_t *hash,
                                 unsigned known, cas_error *err)
{
    cas__row row;
    cas_status st;

    if ((st = cas__claim_validate_lens(c, lens, known, err)) != CAS_OK)
        return st;
    claim_row(&row, c);
    for (int k = 0; k < CAS__NSTR; k++) {
        row.len[k] = lens[k];
        if (!(known & (1u << k)))
            hash[k] = k == CAS__S_QUOTE ? 0 : cas__hash(row.s[k], lens[k]); /* quotes are
                                                                              stored, unhashed */
        row.hash[k] = hash[k];
    }
    row.hashed = 1;
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
        if (l->claims[l->count].original)
            l->noriginals = l->claims[l->count].original - 1;
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
    out->event = cas__pool_str(&l->pool, c->event);
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

cas_status cas_ledger_original(const cas_ledger *l, size_t index, cas_scope *out,
                               int32_t *rewritten)
{
    const cas__claim *r;

    if (!l || !out || out->size < sizeof *out)
        return CAS_ERR_ARG;
    if (index >= l->count)
        return CAS_ERR_NOT_FOUND;
    r = &l->claims[index];
    cas__claim_scope(l, r, out);
    if (r->original) {
        const cas__original *o = &l->originals[r->original - 1];
        out->outcome = cas__pool_str(&l->pool, o->path[0]);
        out->group = cas__pool_str(&l->pool, o->path[1]);
        out->perpetrator = cas__pool_str(&l->pool, o->path[2]);
        out->place = cas__pool_str(&l->pool, o->path[3]);
    }
    if (rewritten)
        *rewritten = r->original != 0;
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

cas_status cas_ledger_is_current(const cas_ledger *l, size_t index, int32_t *current)
{
    if (!l || !current)
        return CAS_ERR_ARG;
    if (index >= l->count)
        return CAS_ERR_NOT_FOUND;
    *current = l->claims[index].current;
    return CAS_OK;
}
