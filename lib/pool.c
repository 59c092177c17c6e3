/* String interning for the ledger (see pool_internal.h). */
#include "pool_internal.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN 65536u

static uint32_t hash_bytes(const char *s, size_t len)
{
    /* FNV-1a: short strings dominate (sources, paths), and it is simple. */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

#define SLOT_ID(v) ((uint32_t)(v) - 1)
#define SLOT_HASH(v) ((uint32_t)((v) >> 32))

static cas_status grow_table(cas__pool *pool)
{
    uint32_t nslots = pool->nslots ? pool->nslots * 2 : 1024;
    uint64_t *slots;

    if (nslots < pool->nslots)
        return CAS_ERR_NOMEM;
    slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return CAS_ERR_NOMEM;
    for (uint32_t k = 0; k < pool->nslots; k++) {
        uint64_t v = pool->slots[k];
        if (!v)
            continue;
        uint32_t i = SLOT_HASH(v) & (nslots - 1);
        while (slots[i])
            i = (i + 1) & (nslots - 1);
        slots[i] = v;
    }
    free(pool->slots);
    pool->slots = slots;
    pool->nslots = nslots;
    return CAS_OK;
}

static char *arena_alloc(cas__pool *pool, size_t n)
{
    if (pool->nchunks == 0 || pool->chunk_size - pool->chunk_used < n) {
        size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;
        char *chunk;
        if (pool->nchunks == pool->chunks_cap) {
            size_t cap = pool->chunks_cap ? pool->chunks_cap * 2 : 16;
            char **chunks = realloc(pool->chunks, cap * sizeof *chunks);
            if (!chunks)
                return NULL;
            pool->chunks = chunks;
            pool->chunks_cap = cap;
        }
        /* Chunks grow with the pool so that big ledgers use few of them. */
        if (pool->nchunks > 4 && size < pool->chunk_size * 2 && pool->chunk_size < (64u << 20))
            size = pool->chunk_size * 2;
        else if (pool->nchunks > 4 && size < pool->chunk_size)
            size = pool->chunk_size;
        chunk = malloc(size);
        if (!chunk)
            return NULL;
        pool->chunks[pool->nchunks++] = chunk;
        pool->chunk_size = size;
        pool->chunk_used = 0;
    }
    char *p = pool->chunks[pool->nchunks - 1] + pool->chunk_used;
    pool->chunk_used += n;
    return p;
}

cas_status cas__pool_init(cas__pool *pool)
{
    uint32_t id;

    memset(pool, 0, sizeof *pool);
    return cas__pool_intern(pool, "", 0, &id);
}

void cas__pool_free(cas__pool *pool)
{
    if (!pool)
        return;
    for (size_t i = 0; i < pool->nchunks; i++)
        free(pool->chunks[i]);
    free(pool->chunks);
    free(pool->strs);
    free(pool->lens);
    free(pool->slots);
    memset(pool, 0, sizeof *pool);
}

static int lookup(const cas__pool *pool, const char *s, size_t len, uint32_t h, uint32_t *slot)
{
    uint32_t i = h & (pool->nslots - 1);
    uint64_t v;

    while ((v = pool->slots[i]) != 0) {
        if (SLOT_HASH(v) == h) {
            uint32_t id = SLOT_ID(v);
            if (pool->lens[id] == len && memcmp(pool->strs[id], s, len) == 0) {
                *slot = i;
                return 1;
            }
        }
        i = (i + 1) & (pool->nslots - 1);
    }
    *slot = i;
    return 0;
}

int cas__pool_find(const cas__pool *pool, const char *s, size_t len, uint32_t *id)
{
    uint32_t slot;

    if (pool->nslots == 0 || len > UINT32_MAX)
        return 0;
    if (!lookup(pool, s, len, hash_bytes(s, len), &slot))
        return 0;
    *id = SLOT_ID(pool->slots[slot]);
    return 1;
}

/* Append a copy of the string to the arrays and the arena. */
static cas_status store(cas__pool *pool, const char *s, size_t len, uint32_t *id)
{
    char *copy;

    if (len >= UINT32_MAX)
        return CAS_ERR_TOO_LONG;
    if (pool->count == pool->cap) {
        uint32_t cap = pool->cap ? pool->cap * 2 : 256;
        const char **strs;
        uint32_t *lens;
        if (cap < pool->cap || cap == UINT32_MAX)
            return CAS_ERR_NOMEM;
        strs = realloc(pool->strs, cap * sizeof *strs);
        if (!strs)
            return CAS_ERR_NOMEM;
        pool->strs = strs;
        lens = realloc(pool->lens, cap * sizeof *lens);
        if (!lens)
            return CAS_ERR_NOMEM;
        pool->lens = lens;
        pool->cap = cap;
    }
    copy = arena_alloc(pool, len + 1);
    if (!copy)
        return CAS_ERR_NOMEM;
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    pool->strs[pool->count] = copy;
    pool->lens[pool->count] = (uint32_t)len;
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

cas_status cas__pool_intern(cas__pool *pool, const char *s, size_t len, uint32_t *id)
{
    uint32_t h = hash_bytes(s, len), slot;
    cas_status st;

    if (len >= UINT32_MAX)
        return CAS_ERR_TOO_LONG;
    if (pool->nslots && lookup(pool, s, len, h, &slot)) {
        *id = SLOT_ID(pool->slots[slot]);
        return CAS_OK;
    }
    /* Keep the table at most half full. */
    if ((uint64_t)(pool->nhashed + 1) * 2 > pool->nslots) {
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
