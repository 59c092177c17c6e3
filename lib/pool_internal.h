/* A string pool: every distinct string stored once, named by a 32-bit id.
 * Strings live in fixed chunks that never move, so a pointer handed out
 * stays valid until the pool is freed. Id 0 is always "". Never installed. */
#ifndef CAS_POOL_INTERNAL_H
#define CAS_POOL_INTERNAL_H

#include "util_internal.h"

typedef struct cas__pool {
    char **chunks;        /* arena chunks, each holding NUL-terminated strings */
    size_t nchunks, chunks_cap;
    size_t chunk_used, chunk_size;  /* fill and size of the last chunk */
    const char **strs;    /* id -> string */
    uint32_t *lens;       /* id -> length */
    uint32_t count, cap;
    uint64_t *slots;      /* open addressing: 0 empty, else hash << 32 | (id + 1),
                             so most probes compare hashes without touching
                             the strings */
    uint32_t nslots;      /* a power of two */
    uint32_t nhashed;     /* strings in the table (not those only stored) */
} cas__pool;

cas_status cas__pool_init(cas__pool *pool);
void cas__pool_free(cas__pool *pool);

/* The id of the @len bytes at @s, adding them if new. */
cas_status cas__pool_intern(cas__pool *pool, const char *s, size_t len, uint32_t *id);

/* Store the @len bytes at @s under a new id without making them findable:
 * for strings that seldom repeat (quotes), where hashing costs more than
 * it saves. */
cas_status cas__pool_store(cas__pool *pool, const char *s, size_t len, uint32_t *id);

/* The id of the @len bytes at @s if the pool has them: 1 found, 0 not. */
int cas__pool_find(const cas__pool *pool, const char *s, size_t len, uint32_t *id);

static inline const char *cas__pool_str(const cas__pool *pool, uint32_t id)
{
    return pool->strs[id];
}

static inline uint32_t cas__pool_len(const cas__pool *pool, uint32_t id)
{
    return pool->lens[id];
}

#endif
