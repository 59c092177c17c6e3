/* SPDX-License-Identifier: MIT */
/* A string pool: every distinct string stored once, named by a 32-bit id.
 * Strings live in chunks that never move, so a pointer handed out stays
 * valid until the pool is freed. Id 0 is always "". Never installed.
 *
 * Each string is stored NUL-terminated with its length just before it: one
 * byte when below 255, else 255 preceded by four bytes. So the pool keeps
 * one pointer per string besides the bytes, and reading a length touches
 * the cache line the string's bytes are on anyway. */
#ifndef CAS_POOL_INTERNAL_H
#define CAS_POOL_INTERNAL_H

#include "util_internal.h"

#include <stdint.h>
#include <string.h>

typedef struct cas__pool {
    char **chunks;        /* arena chunks, each holding length-prefixed strings */
    size_t nchunks, chunks_cap;
    size_t chunk_used, chunk_size;  /* fill and size of the last chunk */
    const char **strs;    /* id -> string */
    uint32_t count, cap;
    uint64_t *slots;      /* open addressing: 0 empty, else hash << 32 | (id + 1),
                             so most probes compare hashes without touching
                             the strings */
    uint32_t nslots;      /* any size: a hash picks slot (hash * nslots) >> 32 */
    uint32_t nhashed;     /* strings in the table (not those only stored) */
} cas__pool;

cas_status cas__pool_init(cas__pool *pool);
void cas__pool_free(cas__pool *pool);

/* The hash the pool and the ledger's id table file strings under: SipHash-1-3
 * under a per-process random key (crafted collisions would need the key),
 * O(len). Not stable across versions or runs. */
uint32_t cas__hash(const char *s, size_t len);

/* cas__hash() of each prefix of one string, in order of length: the state
 * after the prefix's full 8-byte blocks is kept from one call to the next,
 * so a prefix costs its new blocks and an O(1) finalisation, and all the
 * prefixes of a string (a path's ancestors, at each '/') cost O(its
 * length) in all, not O(length^2). */
typedef struct cas__hash_run {
    uint64_t v[4];  /* the SipHash state after the first @done bytes */
    const char *s;
    size_t done;    /* a multiple of 8 */
} cas__hash_run;

/* Start a run over the string at @s (read as far as the prefixes asked). */
void cas__hash_run_init(cas__hash_run *r, const char *s);

/* cas__hash(s, @len) for the run's string. Prefixes asked in order of
 * length cost their new blocks; a shorter one than the blocks kept starts
 * the run over. */
uint32_t cas__hash_run_prefix(cas__hash_run *r, size_t len);

/* Replace the per-process key of cas__hash() (tests only: a fixed key makes
 * a hash reproducible; never call it while a pool or ledger exists). */
void cas__hash_set_key(uint64_t k0, uint64_t k1);

/* The id of the @len bytes at @s, adding them if new. */
cas_status cas__pool_intern(cas__pool *pool, const char *s, size_t len, uint32_t *id);

/* The same with the bytes' cas__hash() already known. */
cas_status cas__pool_intern_hashed(cas__pool *pool, const char *s, size_t len, uint32_t hash,
                                   uint32_t *id);

/* Store the @len bytes at @s under a new id without making them findable:
 * for strings that seldom repeat (quotes, claim ids), where hashing costs
 * more than it saves. Stored strings can still be compared by content. */
cas_status cas__pool_store(cas__pool *pool, const char *s, size_t len, uint32_t *id);

/* The id of the @len bytes at @s if the pool has them interned: 1 found,
 * 0 not (stored-only strings are never found). */
int cas__pool_find(const cas__pool *pool, const char *s, size_t len, uint32_t *id);

/* The same with the bytes' cas__hash() already known (@hash). */
int cas__pool_find_hashed(const cas__pool *pool, const char *s, size_t len, uint32_t hash,
                          uint32_t *id);

/* Make room for @strings more strings of @bytes bytes in all, so that a
 * bulk load grows its arrays once. A hint: failure is not an error. */
void cas__pool_reserve(cas__pool *pool, size_t strings, size_t bytes);

/* Ask for huge pages under the @n bytes at @p (a big array that a bulk
 * load fills): one page fault per 2 MiB instead of per 4 KiB, and fewer
 * TLB misses on random probes. Only a hint; a no-op where unsupported. */
void cas__huge_pages(void *p, size_t n);

/* A new open-addressing table of @nslots zeroed slots (at least one)
 * holding the nonzero entries of @old (@nold slots), each filed by linear
 * probing from the home of the hash in its high 32 bits, as the pool, the
 * claim id index and the scope table keep them; NULL when out of memory.
 * @old is left as it was. */
uint64_t *cas__slots_refile(const uint64_t *old, uint32_t nold, uint32_t nslots);

/* The slot a hash starts probing at, in a table of @nslots. */
static inline uint32_t cas__slot_home(uint32_t h, uint32_t nslots)
{
    return (uint32_t)(((uint64_t)h * nslots) >> 32);
}

/* Start loading the table slot of a string about to be interned, so that
 * other work hides the cache miss. */
static inline void cas__pool_prefetch(const cas__pool *pool, uint32_t h)
{
#if defined(__GNUC__)
    if (pool->nslots)
        __builtin_prefetch(&pool->slots[cas__slot_home(h, pool->nslots)]);
#else
    (void)pool;
    (void)h;
#endif
}

static inline const char *cas__pool_str(const cas__pool *pool, uint32_t id)
{
    return pool->strs[id];
}

static inline uint32_t cas__pool_len(const cas__pool *pool, uint32_t id)
{
    const unsigned char *p = (const unsigned char *)pool->strs[id];
    uint32_t n;

    if (p[-1] != 255)
        return p[-1];
    memcpy(&n, p - 5, sizeof n);
    return n;
}

#endif
