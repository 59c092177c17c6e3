/* SPDX-License-Identifier: MIT */
/* String interning for the ledger (see pool_internal.h). */
#include "pool_internal.h"
#include "alloc_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__linux__) && defined(__has_include)
#if __has_include(<sys/random.h>)
#include <sys/random.h>
#define CAS__HAVE_GETRANDOM 1
#endif
#endif
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

/* The per-process key of cas__hash(): 128 random bits drawn when the
 * library is loaded (before any thread can call it), so that nobody can
 * build strings that collide in the pool's or the ledger's tables and make
 * their linear probing quadratic. The key never leaves the process: hashes
 * are not stable across runs, and nothing the library writes depends on
 * them (tables are only looked up, never listed in slot order). */
static uint64_t hash_key[2] = {0x736f6d6570736575ull, 0x646f72616e646f6dull};

static void hash_key_draw(void)
{
    uint64_t k[2] = {0, 0};
    size_t got = 0;
#if defined(CAS__HAVE_GETRANDOM)
    while (got < sizeof k) {
        ssize_t r = getrandom((char *)k + got, sizeof k - got, 0);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
#endif
    if (got < sizeof k) {
        FILE *f = fopen("/dev/urandom", "rb");
        if (f) {
            got = fread(k, 1, sizeof k, f);
            fclose(f);
        }
    }
    if (got < sizeof k) {
        /* No entropy source: the address of the key (randomised by ASLR)
         * and the clock, still unknown to whoever wrote the input. */
        k[0] ^= (uint64_t)(uintptr_t)&hash_key ^ (uint64_t)time(NULL) * 0x9E3779B97F4A7C15ull;
        k[1] ^= (uint64_t)clock() * 0xBF58476D1CE4E5B9ull ^ (uint64_t)(uintptr_t)&k;
    }
    hash_key[0] ^= k[0];
    hash_key[1] ^= k[1];
}

#if defined(__GNUC__)
__attribute__((constructor)) static void hash_key_init(void)
{
    hash_key_draw();
}
#endif

void cas__hash_set_key(uint64_t k0, uint64_t k1)
{
    hash_key[0] = k0;
    hash_key[1] = k1;
}

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                                                   \
    do {                                                                                           \
        v0 += v1;                                                                                  \
        v1 = ROTL(v1, 13);                                                                         \
        v1 ^= v0;                                                                                  \
        v0 = ROTL(v0, 32);                                                                         \
        v2 += v3;                                                                                  \
        v3 = ROTL(v3, 16);                                                                         \
        v3 ^= v2;                                                                                  \
        v0 += v3;                                                                                  \
        v3 = ROTL(v3, 21);                                                                         \
        v3 ^= v0;                                                                                  \
        v2 += v1;                                                                                  \
        v1 = ROTL(v1, 17);                                                                         \
        v1 ^= v2;                                                                                  \
        v2 = ROTL(v2, 32);                                                                         \
    } while (0)

uint32_t cas__hash(const char *s, size_t len)
{
    /* SipHash-1-3 (one compression round per 8 bytes, three at the end)
     * under the per-process key: a keyed hash, so crafted collisions need
     * the key. Eight bytes a round; the tail of up to seven goes with the
     * length into the last block, as in the reference. One code for a
     * whole string and for a path's prefixes (cas__hash_run_prefix). */
    cas__hash_run r;
    cas__hash_run_init(&r, s);
    return cas__hash_run_prefix(&r, len);
}

void cas__hash_run_init(cas__hash_run *r, const char *s)
{
    const uint64_t k0 = hash_key[0], k1 = hash_key[1];
    r->v[0] = 0x736f6d6570736575ull ^ k0;
    r->v[1] = 0x646f72616e646f6dull ^ k1;
    r->v[2] = 0x6c7967656e657261ull ^ k0;
    r->v[3] = 0x7465646279746573ull ^ k1;
    r->s = s;
    r->done = 0;
}

uint32_t cas__hash_run_prefix(cas__hash_run *r, size_t len)
{
    /* cas__hash() of the first @len bytes, split where it may be: the
     * 8-byte blocks before the tail are absorbed once and kept, and only
     * the tail block and the finalisation are done per prefix. */
    uint64_t v0, v1, v2, v3;
    uint64_t b = (uint64_t)len << 56, m = 0;
    const char *t;
    size_t left;

    if (len < r->done) /* a shorter prefix than the blocks kept: start over */
        cas__hash_run_init(r, r->s);
    v0 = r->v[0];
    v1 = r->v[1];
    v2 = r->v[2];
    v3 = r->v[3];

    while (r->done + 8 <= len) {
        m = load64(r->s + r->done);
        v3 ^= m;
        SIPROUND;
        v0 ^= m;
        r->done += 8;
    }
    r->v[0] = v0;
    r->v[1] = v1;
    r->v[2] = v2;
    r->v[3] = v3;
    t = r->s + r->done;
    left = len - r->done;
    m = 0;
    for (size_t k = left; k-- > 0;)
        m = m << 8 | (unsigned char)t[k];
    b |= m;
    v3 ^= b;
    SIPROUND;
    v0 ^= b;
    v2 ^= 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    return (uint32_t)((v0 ^ v1 ^ v2 ^ v3) >> 32);
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

int cas__pool_find_hashed(const cas__pool *pool, const char *s, size_t len, uint32_t hash,
                          uint32_t *id)
{
    uint32_t slot;

    if (len == 0) {
        *id = 0;
        return 1;
    }
    if (pool->nslots == 0 || len >= UINT32_MAX)
        return 0;
    if (!lookup(pool, s, len, hash, &slot))
        return 0;
    *id = SLOT_ID(pool->slots[slot]);
    return 1;
}

int cas__pool_find(const cas__pool *pool, const char *s, size_t len, uint32_t *id)
{
    if (len == 0 || pool->nslots == 0 || len >= UINT32_MAX)
        return cas__pool_find_hashed(pool, s, len, 0, id);
    return cas__pool_find_hashed(pool, s, len, cas__hash(s, len), id);
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
