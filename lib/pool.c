/* SPDX-License-Identifier: MIT */
/* String interning for the ledger (see pool_internal.h). */
#include "pool_internal.h"
#include "alloc_internal.h"

#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

void cas__huge_pages(void *p, size_t n)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t hi = ((uintptr_t)p + n) & ~(huge - 1);
    if (n >= 2 * huge && hi > lo)
        madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

#define CHUNK_MIN 65536u
#define CHUNK_MAX (64u << 20)

static inline uint64_t load64(const char *s)
{
    uint64_t v;
    memcpy(&v, s, sizeof v);
    return v;
}

static inline uint32_t load32(const char *s)
{
    uint32_t v;
    memcpy(&v, s, sizeof v);
    return v;
}

uint32_t cas__hash(const char *s, size_t len)
{
    /* Eight bytes at a time, then the tail in at most two overlapping
     * loads: the strings are short (sources, paths, ids), and a byte loop
     * is what made interning slow. */
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)len;
    uint64_t w;

    while (len >= 8) {
        h = (h ^ load64(s)) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
        s += 8;
        len -= 8;
    }
    if (len >= 4)
        w = (uint64_t)load32(s) | (uint64_t)load32(s + len - 4) << 32;
    else if (len > 0)
        w = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[len / 2] << 8 |
            (uint64_t)(unsigned char)s[len - 1] << 16;
    else
        w = 0;
    h = (h ^ w) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return (uint32_t)(h >> 32);
}

#define SLOT_ID(v) ((uint32_t)(v)-1)
#define SLOT_HASH(v) ((uint32_t)((v) >> 32))

#define home cas__slot_home

uint64_t *cas__slots_refile(const uint64_t *old, uint32_t nold, uint32_t nslots)
{
    uint64_t *slots = cas__calloc(nslots ? nslots : 1, sizeof *slots);

    if (!slots)
        return NULL;
    cas__huge_pages(slots, (size_t)nslots * sizeof *slots);
    for (uint32_t k = 0; k < nold; k++) {
        uint64_t v = old[k];
        if (!v)
            continue;
        uint32_t i = home(SLOT_HASH(v), nslots);
        while (slots[i])
            i = i + 1 == nslots ? 0 : i + 1;
        slots[i] = v;
    }
    return slots;
}

static cas_status grow_table(cas__pool *pool)
{
    uint64_t want = pool->nslots ? (uint64_t)pool->nslots * 2 : 1024;
    uint64_t *slots;

    if (want > UINT32_MAX)
        return CAS_ERR_NOMEM;
    slots = cas__slots_refile(pool->slots, pool->nslots, (uint32_t)want);
    if (!slots)
        return CAS_ERR_NOMEM;
    cas__free(pool->slots);
    pool->slots = slots;
    pool->nslots = (uint32_t)want;
    return CAS_OK;
}

/* A new chunk of at least @n bytes. */
static int new_chunk(cas__pool *pool, size_t n)
{
    size_t size = CHUNK_MIN;
    char *chunk;

    if (!cas__grow((void **)&pool->chunks, &pool->chunks_cap, pool->nchunks + 1,
                   sizeof *pool->chunks, 16))
        return 0;
    /* Chunks grow with the pool so that big ledgers use few of them; the
     * unused end of the last one is address space, not memory. */
    if (pool->nchunks > 4)
        size = pool->chunk_size < CHUNK_MAX ? pool->chunk_size * 2 : pool->chunk_size;
    if (size < n)
        size = n;
    chunk = cas__malloc(size);
    if (!chunk)
        return 0;
    cas__huge_pages(chunk, size);
    pool->chunks[pool->nchunks++] = chunk;
    pool->chunk_size = size;
    pool->chunk_used = 0;
    return 1;
}

static char *arena_alloc(cas__pool *pool, size_t n)
{
    if ((pool->nchunks == 0 || pool->chunk_size - pool->chunk_used < n) && !new_chunk(pool, n))
        return NULL;
    char *p = pool->chunks[pool->nchunks - 1] + pool->chunk_used;
    pool->chunk_used += n;
    return p;
}

/* Room for @want string pointers in all: exactly that many, not
 * cas__grow's next power of two, since a bulk load reserves what it needs
 * (and a ledger of 10^7 claims holds 2 * 10^7 of them); store() doubles. */
static int grow_strs(cas__pool *pool, uint64_t want)
{
    const char **strs;

    if (want <= pool->cap)
        return 1;
    if (want >= UINT32_MAX || want > SIZE_MAX / sizeof *strs)
        return 0;
    strs = cas__realloc(pool->strs, (size_t)want * sizeof *strs);
    if (!strs)
        return 0;
    pool->strs = strs;
    pool->cap = (uint32_t)want;
    cas__huge_pages(strs, (size_t)want * sizeof *strs);
    return 1;
}

void cas__pool_reserve(cas__pool *pool, size_t strings, size_t bytes)
{
    if (strings && strings < UINT32_MAX - pool->count)
        grow_strs(pool, (uint64_t)pool->count + strings);
    if (bytes > CHUNK_MIN && (pool->nchunks == 0 || pool->chunk_size - pool->chunk_used < bytes))
        new_chunk(pool, bytes);
}

static cas_status store(cas__pool *pool, const char *s, size_t len, uint32_t *id);

cas_status cas__pool_init(cas__pool *pool)
{
    uint32_t id;
    cas_status st;

    /* Id 0 is "", found without hashing. */
    memset(pool, 0, sizeof *pool);
    st = store(pool, "", 0, &id);
    if (st != CAS_OK)
        cas__pool_free(pool); /* the blocks store() got before it failed */
    return st;
}

void cas__pool_free(cas__pool *pool)
{
    if (!pool)
        return;
    for (size_t i = 0; i < pool->nchunks; i++)
        cas__free(pool->chunks[i]);
    cas__free(pool->chunks);
    cas__free(pool->strs);
    cas__free(pool->slots);
    memset(pool, 0, sizeof *pool);
}

static int lookup(const cas__pool *pool, const char *s, size_t len, uint32_t h, uint32_t *slot)
{
    uint32_t i = home(h, pool->nslots);
    uint64_t v;

    while ((v = pool->slots[i]) != 0) {
        if (SLOT_HASH(v) == h) {
            uint32_t id = SLOT_ID(v);
            if (cas__pool_len(pool, id) == len && memcmp(pool->strs[id], s, len) == 0) {
                *slot = i;
                return 1;
            }
        }
        i = i + 1 == pool->nslots ? 0 : i + 1;
    }
    *slot = i;
    return 0;
}

int cas__pool_find(const cas__pool *pool, const char *s, size_t len, uint32_t *id)
{
    uint32_t slot;

    if (len == 0) {
        *id = 0;
        return 1;
    }
    if (pool->nslots == 0 || len >= UINT32_MAX)
        return 0;
    if (!lookup(pool, s, len, cas__hash(s, len), &slot))
        return 0;
    *id = SLOT_ID(pool->slots[slot]);
    return 1;
}

/* Append a copy of the string to the arena and give it the next id. */
static cas_status store(cas__pool *pool, const char *s, size_t len, uint32_t *id)
{
    size_t prefix = len < 255 ? 1 : 5;
    char *copy;

    if (len >= UINT32_MAX)
        return CAS_ERR_TOO_LONG;
    if (pool->count == pool->cap && !grow_strs(pool, pool->cap ? (uint64_t)pool->cap * 2 : 256))
        return CAS_ERR_NOMEM;
    copy = arena_alloc(pool, prefix + len + 1);
    if (!copy)
        return CAS_ERR_NOMEM;
    if (prefix == 1) {
        *copy++ = (char)(unsigned char)len;
    } else {
        uint32_t n = (uint32_t)len;
        memcpy(copy, &n, sizeof n);
        copy[4] = (char)255;
        copy += 5;
    }
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    pool->strs[pool->count] = copy;
    *id = pool->count++;
    return CAS_OK;
}

cas_status cas__pool_store(cas__pool *pool, const char *s, size_t len, uint32_t *id)
{
    if (len == 0) {
        *id = 0;
        return CAS_OK;
    }
    return store(pool, s, len, id);
}

cas_status cas__pool_intern_hashed(cas__pool *pool, const char *s, size_t len, uint32_t h,
                                   uint32_t *id)
{
    uint32_t slot;
    cas_status st;

    if (len == 0) {
        *id = 0;
        return CAS_OK;
    }
    if (len >= UINT32_MAX)
        return CAS_ERR_TOO_LONG;
    if (pool->nslots && lookup(pool, s, len, h, &slot)) {
        *id = SLOT_ID(pool->slots[slot]);
        return CAS_OK;
    }
    /* Keep the table at most three quarters full: probes stay short, and
     * most of them compare hashes in one cache line. */
    if ((uint64_t)(pool->nhashed + 1) * 4 > (uint64_t)pool->nslots * 3) {
        if ((st = grow_table(pool)) != CAS_OK)
            return st;
        lookup(pool, s, len, h, &slot);
    }
    if ((st = store(pool, s, len, id)) != CAS_OK)
        return st;
    pool->slots[slot] = (uint64_t)h << 32 | (uint64_t)(*id + 1);
    pool->nhashed++;
    return CAS_OK;
}

cas_status cas__pool_intern(cas__pool *pool, const char *s, size_t len, uint32_t *id)
{
    if (len >= UINT32_MAX)
        return CAS_ERR_TOO_LONG;
    return cas__pool_intern_hashed(pool, s, len, cas__hash(s, len), id);
}
