/* SPDX-License-Identifier: MIT */
/* The vocabulary (docs/vocabulary.md, docs/model.md section 10): loading a
 * vocabulary file, aliases, and the relations the sums need.
 *
 * A vocabulary keeps what was declared (one record per line, with where it
 * was written) and an index built from it as a whole: the canonical paths
 * as nodes in a hash table, the aliases with their targets resolved, the
 * parts and children of each node. Loading and extending build a new
 * vocabulary and keep it only when it checks out, so both are all or
 * nothing. */
#include "casualty/vocab.h"
#include "alloc_internal.h"
#include "util_internal.h"
#include "vocab_internal.h"

#include <stdio.h>
#include <string.h>

#define NDIM 4
#define NONE SIZE_MAX

enum { K_PATH, K_ALIAS, K_ROOT, K_DEFAULT };
enum { F_EXCLUSIVE = 1, F_OVERLAPPING = 2, F_EXHAUSTIVE = 4 };

/* Where a word was written: the file (an index into files), line, column. */
typedef struct loc {
    size_t file;
    int64_t line, col;
} loc;

/* One declaration line. Strings are offsets into strs. */
typedef struct decl {
    int dim, kind, flags, dead;
    size_t subject, subject_len;
    size_t target, target_len; /* an alias's target as written */
    size_t part0, nparts;      /* parts: [part0, part0 + nparts) of parts */
    loc at, target_at;
} decl;

typedef struct part {
    size_t str, len;
    loc at;
} vpart;

/* A canonical path: declared, named as a part, or a dimension's top. */
typedef struct node {
    int dim, exclusive, exhaustive, composed, overlapping_declared;
    size_t path, len;
    size_t decl; /* its declaration, or NONE */
    loc at;
    size_t up;               /* the nearest node among its proper prefixes */
    size_t part0, nparts;    /* its parts, in pnodes */
    size_t kid0, nkids;      /* its declared children, in kids */
    size_t partof0, npartof; /* the nodes it is a part of, in partof */
} node;

/* An open-addressing hash table of indices (stored + 1, 0 is empty). */
typedef struct htab {
    size_t *slot;
    size_t cap, n;
} htab;

enum { T_DECL, T_ALIAS, T_NODE };

struct cas_vocab {
    char *strs;
    size_t nstrs, capstrs;
    decl *decls;
    size_t ndecls, capdecls;
    vpart *parts;
    size_t nparts, capparts;
    size_t *files; /* offsets of the file names */
    size_t nfiles, capfiles;
    htab bydecl; /* live declarations by (dimension, path) */
    /* the index, built from the declarations */
    htab aliases;     /* live alias declarations by (dimension, alias) */
    size_t alias_max; /* no alias is longer (bytes): longer prefixes need no lookup */
    size_t *resolved; /* per declaration: an alias's canonical target, or NONE */
    size_t *resolved_len;
    htab nodes_by_path;
    node *nodes;
    size_t nnodes, capnodes;
    size_t *pnodes, *kids, *partof;
    size_t npnodes;
    size_t root[NDIM];
    int dflt[NDIM]; /* the `*` rule: 1 when undeclared children are exclusive */
};

static const char *const dim_names[NDIM] = {"outcome", "group", "perpetrator", "place"};
static const char *const rel_names[] = {"same", "within", "contains", "disjoint", "overlapping"};
static const char *const all_of[NDIM] = {"all outcomes", "everyone", "all perpetrators",
                                         "all places"};

const char *cas_dimension_name(int32_t dimension)
{
    return dimension >= 0 && dimension < NDIM ? dim_names[dimension] : NULL;
}

cas_status cas_dimension_from_name(int32_t *out, const char *name)
{
    if (!out || !name)
        return CAS_ERR_ARG;
    for (int32_t d = 0; d < NDIM; d++)
        if (strcmp(name, dim_names[d]) == 0) {
            *out = d;
            return CAS_OK;
        }
    return CAS_ERR_VALUE;
}

const char *cas_vocab_rel_name(int32_t rel)
{
    return rel >= 0 && rel < (int32_t)(sizeof rel_names / sizeof rel_names[0]) ? rel_names[rel]
                                                                               : NULL;
}

const char *cas_vocab_default_text(size_t *len)
{
    if (len)
        *len = cas__vocab_default_len;
    return (const char *)cas__vocab_default_text;
}

/* ---- strings, hashing ---------------------------------------------------- */

static const char *str(const cas_vocab *v, size_t off)
{
    return v->strs + off;
}

/* Append @len bytes and a NUL; the offset in *@off. */
static int add_str(cas_vocab *v, const char *s, size_t len, size_t *off)
{
    if (len > SIZE_MAX - v->nstrs - 1 ||
        !cas__grow((void **)&v->strs, &v->capstrs, v->nstrs + len + 1, 1, 256))
        return 0;
    memcpy(v->strs + v->nstrs, s, len);
    v->strs[v->nstrs + len] = '\0';
    *off = v->nstrs;
    v->nstrs += len + 1;
    return 1;
}

/* A key: a dimension and a path in up to two pieces (a canonical prefix
 * and the rest of a path being rewritten). */
typedef struct key {
    int dim;
    const char *s1, *s2;
    size_t l1, l2;
} key;

/* The key hash: FNV-1a over the bytes, from a start that depends on the
 * dimension, then a final mix. FNV-1a runs one byte at a time and each
 * step is invertible (the prime is odd), so a walk over the prefixes of
 * one path keeps one running state: adding a byte goes down the path,
 * undoing one goes up it, and each prefix's hash costs O(1) more instead
 * of O(length) from the start. */
#define FNV_PRIME 1099511628211u
#define FNV_PRIME_INVERSE 0xce965057aff6957bu /* FNV_PRIME^-1 mod 2^64 */

static uint64_t fnv_start(int dim)
{
    return 1469598103934665603u ^ (uint64_t)dim;
}

static uint64_t fnv_add(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
    return h;
}

/* The state before the last byte @c was added to @h. */
static uint64_t fnv_undo(uint64_t h, char c)
{
    return (h * FNV_PRIME_INVERSE) ^ (unsigned char)c;
}

static uint64_t fnv_end(uint64_t h)
{
    return h ^ (h >> 29);
}

static uint64_t hash_key(const key *k)
{
    return fnv_end(fnv_add(fnv_add(fnv_start(k->dim), k->s1, k->l1), k->s2, k->l2));
}

static key one_key(int dim, const char *s, size_t len)
{
    key k = {dim, s, "", len, 0};
    return k;
}

/* The key of declaration @i in bydecl: the top ("/") and the rule for
 * undeclared paths ("*") of a dimension are kept apart from its paths. */
static key decl_table_key(const cas_vocab *v, size_t i)
{
    const decl *d = &v->decls[i];
    int dim = d->dim + (d->kind == K_ROOT ? NDIM : d->kind == K_DEFAULT ? 2 * NDIM : 0);
    return one_key(dim, str(v, d->subject), d->subject_len);
}

static key entry_key(const cas_vocab *v, int which, size_t i)
{
    if (which == T_NODE)
        return one_key(v->nodes[i].dim, str(v, v->nodes[i].path), v->nodes[i].len);
    if (which == T_DECL)
        return decl_table_key(v, i);
    return one_key(v->decls[i].dim, str(v, v->decls[i].subject), v->decls[i].subject_len);
}

static int key_eq(const key *a, const key *b)
{
    if (a->dim != b->dim || a->l1 + a->l2 != b->l1 + b->l2)
        return 0;
    /* b is always one piece (a stored entry) */
    return memcmp(a->s1, b->s1, a->l1) == 0 && memcmp(a->s2, b->s1 + a->l1, a->l2) == 0;
}

/* The slot of @k (hash @h, from hash_key()): holding its entry, or the
 * empty slot where it goes. */
static size_t *tab_slot_h(const cas_vocab *v, const htab *t, int which, const key *k, uint64_t h)
{
    size_t mask = t->cap - 1, i = (size_t)h & mask;
    for (;; i = (i + 1) & mask) {
        key e;
        if (!t->slot[i])
            return &t->slot[i];
        e = entry_key(v, which, t->slot[i] - 1);
        if (key_eq(k, &e))
            return &t->slot[i];
    }
}

static size_t *tab_slot(const cas_vocab *v, const htab *t, int which, const key *k)
{
    return tab_slot_h(v, t, which, k, hash_key(k));
}

/* The entry of @k, whose hash_key() is @h; NONE when absent. */
static size_t tab_find_h(const cas_vocab *v, const htab *t, int which, const key *k, uint64_t h)
{
    size_t *s;
    if (!t->cap)
        return NONE;
    s = tab_slot_h(v, t, which, k, h);
    return *s ? *s - 1 : NONE;
}

static size_t tab_find(const cas_vocab *v, const htab *t, int which, const key *k)
{
    return t->cap ? tab_find_h(v, t, which, k, hash_key(k)) : NONE;
}

/* Make room for one more entry (load at most one half). */
static int tab_reserve(const cas_vocab *v, htab *t, int which)
{
    size_t cap = t->cap ? t->cap : 16, *old = t->slot, oldcap = t->cap;
    htab nt;

    if (t->n + 1 <= t->cap / 2)
        return 1;
    while (t->n + 1 > cap / 2) {
        if (cap > SIZE_MAX / 2 / sizeof(size_t))
            return 0;
        cap *= 2;
    }
    nt.slot = cas__calloc(cap, sizeof(size_t));
    if (!nt.slot)
        return 0;
    nt.cap = cap;
    nt.n = t->n;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i]) {
            key k = entry_key(v, which, old[i] - 1);
            *tab_slot(v, &nt, which, &k) = old[i];
        }
    cas__free(old);
    *t = nt;
    return 1;
}

static void tab_free(htab *t)
{
    cas__free(t->slot);
    t->slot = NULL;
    t->cap = t->n = 0;
}

/* ---- errors -------------------------------------------------------------- */

/* A path for a message: at most 100 bytes, cut at a character. */
static const char *excerpt(char *buf, size_t size, const char *s, size_t len)
{
    size_t n = len;
    if (n > 100) {
        n = 100;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    snprintf(buf, size, "%.*s%s", (int)n, s, n < len ? "..." : "");
    return buf;
}

static const char *file_name(const cas_vocab *v, size_t file)
{
    return file < v->nfiles ? str(v, v->files[file]) : "";
}

#if defined(__GNUC__)
static cas_status fail_at(const cas_vocab *v, cas_error *err, cas_status st, loc at,
                          const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#endif

static cas_status fail_at(const cas_vocab *v, cas_error *err, cas_status st, loc at,
                          const char *fmt, ...)
{
    char msg[480];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cas__fail(err, st, "", "%s", msg);
    cas__error_where(err, file_name(v, at.file), at.line, at.col);
    return st;
}

static cas_status nomem(cas_error *err)
{
    return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
}

/* ---- paths ---------------------------------------------------------------- */

/* Where a path in a file goes wrong, or NULL when it is well formed. */
static const char *path_problem(const char *s, size_t len, size_t *at)
{
    if (len > CAS_FIELD_MAX) {
        *at = 0;
        return "too long";
    }
    if (s[0] == '/' || s[len - 1] == '/') {
        *at = s[0] == '/' ? 0 : len - 1;
        return "a leading or trailing '/'";
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        *at = i;
        if (c < 0x20 || c == 0x7F)
            return "a control character";
        if (c == '/' && s[i + 1] == '/')
            return "an empty segment ('//')";
    }
    return NULL;
}

/* Does path @outer contain path @inner (equal included)? */
static int contains_n(const char *outer, size_t ol, const char *inner, size_t il)
{
    return il >= ol && memcmp(outer, inner, ol) == 0 && (il == ol || ol == 0 || inner[ol] == '/');
}

/* Check a path given to a query, the way claims are checked. */
static cas_status check_query_path(const char *s, size_t len, cas_error *err)
{
    const char *why;
    size_t at;
    char buf[120];

    if (len > CAS_FIELD_MAX)
        return cas__fail(err, CAS_ERR_TOO_LONG, "path", "%zu bytes, more than the %d allowed", len,
                         CAS_FIELD_MAX);
    if (!cas__utf8_valid(s, len))
        return cas__fail(err, CAS_ERR_ENCODING, "path", "not valid UTF-8");
    if (len == 0)
        return CAS_OK;
    why = path_problem(s, len, &at);
    if (why)
        return cas__fail(err, CAS_ERR_PATH, "path",
                         "expected a path like 'civilians/alawite', got '%s' (%s at byte %zu)",
                         excerpt(buf, sizeof buf, s, len), why, at + 1);
    return CAS_OK;
}

/* The longest alias of @dim that is a prefix of the path @s1 + @s2 (at a
 * '/' or the end) and longer than @from bytes; NONE when none is.
 * O(min(length, longest alias)): one running hash, undone a byte at a time
 * from the longest prefix an alias could be, not each prefix hashed anew. */
static size_t longest_alias(const cas_vocab *v, int dim, const char *s1, size_t l1, const char *s2,
                            size_t l2, size_t from)
{
    size_t total = l1 + l2, top = total < v->alias_max ? total : v->alias_max;
    uint64_t h;
    if (!v->aliases.n || top <= from)
        return NONE;
    h = fnv_add(fnv_start(dim), s1, top < l1 ? top : l1);
    if (top > l1)
        h = fnv_add(h, s2, top - l1);
    for (size_t cut = top; cut > from; cut--) {
        char c = cut == total ? '/' : cut < l1 ? s1[cut] : s2[cut - l1];
        if (c == '/') {
            key k;
            size_t d;
            k.dim = dim;
            k.s1 = s1;
            k.l1 = cut < l1 ? cut : l1;
            k.s2 = s2;
            k.l2 = cut < l1 ? 0 : cut - l1;
            d = tab_find_h(v, &v->aliases, T_ALIAS, &k, fnv_end(h));
            if (d != NONE)
                return d;
        }
        h = fnv_undo(h, cut - 1 < l1 ? s1[cut - 1] : s2[cut - 1 - l1]);
    }
    return NONE;
}

/* The canonical form of @s (@len bytes) once every alias is resolved: the
 * resolved target at *@t (NONE when no alias applies) followed by @s from
 * byte *@k. */
static void canonical_pieces(const cas_vocab *v, int dim, const char *s, size_t len, size_t *t,
                             size_t *k)
{
    size_t tt = NONE, kk = 0, tl = 0;
    for (;;) {
        const char *p1 = tt == NONE ? "" : str(v, v->resolved[tt]);
        size_t a = longest_alias(v, dim, p1, tl, s + kk, len - kk, tl);
        if (a == NONE)
            break;
        /* the alias is tl + m bytes long: the m after tl come from s */
        kk += v->decls[a].subject_len - tl;
        tt = a;
        tl = v->resolved_len[a];
    }
    *t = tt;
    *k = kk;
}

/* The canonical path of @s as a string: @s itself when no alias applies
 * (*@owned 0), else a new string (*@owned 1, free with cas__free). */
static cas_status canonical_string(const cas_vocab *v, int dim, const char *s, size_t len,
                                   const char **out, size_t *outlen, int *owned, cas_error *err)
{
    size_t t, k, tl;
    char *buf;
    cas_status st = check_query_path(s, len, err);

    if (st != CAS_OK)
        return st;
    canonical_pieces(v, dim, s, len, &t, &k);
    *owned = 0;
    if (t == NONE) {
        *out = s;
        *outlen = len;
        return CAS_OK;
    }
    tl = v->resolved_len[t];
    if (tl + (len - k) > CAS_FIELD_MAX)
        return cas__fail(err, CAS_ERR_TOO_LONG, "path",
                         "its canonical path has %zu bytes, more than the %d allowed",
                         tl + (len - k), CAS_FIELD_MAX);
    buf = cas__malloc(tl + (len - k) + 1);
    if (!buf)
        return nomem(err);
    memcpy(buf, str(v, v->resolved[t]), tl);
    memcpy(buf + tl, s + k, len - k);
    buf[tl + len - k] = '\0';
    *out = buf;
    *outlen = tl + len - k;
    *owned = 1;
    return CAS_OK;
}

/* ---- declarations ----------------------------------------------------------- */

static void vocab_clear(cas_vocab *v)
{
    cas__free(v->strs);
    cas__free(v->decls);
    cas__free(v->parts);
    cas__free(v->files);
    tab_free(&v->bydecl);
    tab_free(&v->aliases);
    tab_free(&v->nodes_by_path);
    cas__free(v->resolved);
    cas__free(v->resolved_len);
    cas__free(v->nodes);
    cas__free(v->pnodes);
    cas__free(v->kids);
    cas__free(v->partof);
    memset(v, 0, sizeof *v);
}

void cas_vocab_free(cas_vocab *v)
{
    if (!v)
        return;
    vocab_clear(v);
    cas__free(v);
}

/* Record declaration @d (already in decls[ndecls]) under its path; an
 * earlier file's declaration of the same path is overridden. */
static cas_status add_decl(cas_vocab *v, cas_error *err)
{
    decl *d = &v->decls[v->ndecls];
    key k = decl_table_key(v, v->ndecls);
    size_t *slot;
    char buf[120];

    if (!tab_reserve(v, &v->bydecl, T_DECL))
        return nomem(err);
    slot = tab_slot(v, &v->bydecl, T_DECL, &k);
    if (*slot) {
        decl *e = &v->decls[*slot - 1];
        if (e->at.file == d->at.file) {
            const char *what = d->kind == K_ROOT ? "/" : d->kind == K_DEFAULT ? "*" : "";
            if (!*what)
                what = excerpt(buf, sizeof buf, str(v, d->subject), d->subject_len);
            if ((e->kind == K_ALIAS) != (d->kind == K_ALIAS))
                return fail_at(v, err, CAS_ERR_PARSE, d->at,
                               "%s '%s' is declared %s at line %lld and %s here: a path is either "
                               "canonical or an alias",
                               dim_names[d->dim], what,
                               e->kind == K_ALIAS ? "an alias" : "canonical", (long long)e->at.line,
                               d->kind == K_ALIAS ? "an alias" : "canonical");
            return fail_at(v, err, CAS_ERR_DUPLICATE, d->at,
                           "%s '%s' is already declared at line %lld", dim_names[d->dim], what,
                           (long long)e->at.line);
        }
        e->dead = 1;
        *slot = v->ndecls + 1;
    } else {
        *slot = v->ndecls + 1;
        v->bydecl.n++;
    }
    v->ndecls++;
    return CAS_OK;
}

/* ---- parsing ---------------------------------------------------------------- */

typedef struct tok {
    const char *s;
    size_t len;
    int64_t col;
} tok;

static int tok_is(const tok *t, const char *w)
{
    return t->len == strlen(w) && memcmp(t->s, w, t->len) == 0;
}

/* Check a path token of a file and keep it. */
static cas_status take_path(cas_vocab *v, const tok *t, loc at, size_t *off, cas_error *err)
{
    size_t bad;
    const char *why = path_problem(t->s, t->len, &bad);
    char buf[120];

    if (why) {
        at.col = t->col + (int64_t)(t->len > CAS_FIELD_MAX ? 0 : bad);
        return fail_at(v, err, t->len > CAS_FIELD_MAX ? CAS_ERR_TOO_LONG : CAS_ERR_PATH, at,
                       "expected a path like 'civilians/alawite', got '%s' (%s)",
                       excerpt(buf, sizeof buf, t->s, t->len), why);
    }
    if (!add_str(v, t->s, t->len, off))
        return nomem(err);
    return CAS_OK;
}

/* One line's words (at most @max; *@n may exceed it to say there were more). */
static cas_status parse_line(cas_vocab *v, const tok *w, size_t n, loc at, cas_error *err)
{
    decl d;
    size_t i;
    cas_status st;
    char buf[120];

    memset(&d, 0, sizeof d);
    d.at = at;
    d.dim = -1;
    for (int k = 0; k < NDIM; k++)
        if (tok_is(&w[0], dim_names[k]))
            d.dim = k;
    if (d.dim < 0) {
        d.at.col = w[0].col;
        return fail_at(v, err, CAS_ERR_VALUE, d.at,
                       "expected a dimension (outcome, group, perpetrator or place), got '%s'",
                       excerpt(buf, sizeof buf, w[0].s, w[0].len));
    }
    if (n < 2)
        return fail_at(v, err, CAS_ERR_PARSE, d.at,
                       "expected a path, '/' or '*' after '%s', got the end of the line",
                       dim_names[d.dim]);
    d.at.col = w[1].col;
    if (tok_is(&w[1], "/") || tok_is(&w[1], "*")) {
        d.kind = tok_is(&w[1], "/") ? K_ROOT : K_DEFAULT;
        if (!add_str(v, "", 0, &d.subject))
            return nomem(err);
    } else {
        d.kind = K_PATH;
        if ((st = take_path(v, &w[1], d.at, &d.subject, err)) != CAS_OK)
            return st;
        d.subject_len = w[1].len;
    }
    i = 2;
    if (n > 2 && tok_is(&w[2], "->")) {
        loc ta = at;
        if (d.kind != K_PATH) {
            ta.col = w[2].col;
            return fail_at(v, err, CAS_ERR_PARSE, ta, "'%s' cannot be an alias",
                           d.kind == K_ROOT ? "/" : "*");
        }
        if (n < 4) {
            ta.col = w[2].col + 2;
            return fail_at(v, err, CAS_ERR_PARSE, ta,
                           "expected the canonical path after '->', got the end of the line");
        }
        ta.col = w[3].col;
        if (tok_is(&w[3], "/") || tok_is(&w[3], "*"))
            return fail_at(v, err, CAS_ERR_PARSE, ta,
                           "expected the canonical path after '->', got '%.*s'", (int)w[3].len,
                           w[3].s);
        if ((st = take_path(v, &w[3], ta, &d.target, err)) != CAS_OK)
            return st;
        d.target_len = w[3].len;
        d.target_at = ta;
        d.kind = K_ALIAS;
        if (n > 4) {
            ta.col = w[4].col;
            return fail_at(v, err, CAS_ERR_PARSE, ta,
                           "expected the end of the line after the alias's path, got '%s'",
                           excerpt(buf, sizeof buf, w[4].s, w[4].len));
        }
        if (d.target_len == d.subject_len &&
            memcmp(str(v, d.target), str(v, d.subject), d.subject_len) == 0)
            return fail_at(v, err, CAS_ERR_PARSE, ta, "alias '%s' maps to itself",
                           excerpt(buf, sizeof buf, w[1].s, w[1].len));
        if (d.target_len > d.subject_len &&
            memcmp(str(v, d.target), str(v, d.subject), d.subject_len) == 0 &&
            str(v, d.target)[d.subject_len] == '/')
            return fail_at(v, err, CAS_ERR_PARSE, ta,
                           "alias '%s' maps to a path under itself: it would rewrite its own "
                           "result",
                           excerpt(buf, sizeof buf, w[1].s, w[1].len));
    } else {
        for (; i < n; i++) {
            loc wa = at;
            int f = tok_is(&w[i], "exclusive")     ? F_EXCLUSIVE
                    : tok_is(&w[i], "overlapping") ? F_OVERLAPPING
                    : tok_is(&w[i], "exhaustive")  ? F_EXHAUSTIVE
                                                   : 0;
            wa.col = w[i].col;
            if (tok_is(&w[i], "=")) {
                if (d.kind != K_PATH)
                    return fail_at(v, err, CAS_ERR_PARSE, wa, "'%s' cannot have parts",
                                   d.kind == K_ROOT ? "/" : "*");
                if (i + 1 >= n) {
                    wa.col += 1;
                    return fail_at(v, err, CAS_ERR_PARSE, wa,
                                   "expected at least one part after '=', got the end of the line");
                }
                d.part0 = v->nparts;
                for (i++; i < n; i++) {
                    vpart p;
                    loc pa = at;
                    pa.col = w[i].col;
                    if (tok_is(&w[i], "/") || tok_is(&w[i], "*") || tok_is(&w[i], "=") ||
                        tok_is(&w[i], "->"))
                        return fail_at(v, err, CAS_ERR_PARSE, pa,
                                       "expected a part's path, got '%s'",
                                       excerpt(buf, sizeof buf, w[i].s, w[i].len));
                    if ((st = take_path(v, &w[i], pa, &p.str, err)) != CAS_OK)
                        return st;
                    p.len = w[i].len;
                    p.at = pa;
                    if (!cas__grow((void **)&v->parts, &v->capparts, v->nparts + 1, sizeof p, 16))
                        return nomem(err);
                    v->parts[v->nparts++] = p;
                    d.nparts++;
                }
                break;
            }
            if (!f)
                return fail_at(v, err, CAS_ERR_VALUE, wa,
                               "expected exclusive, overlapping, exhaustive, '=' or '->', got '%s'",
                               excerpt(buf, sizeof buf, w[i].s, w[i].len));
            if (d.flags & f)
                return fail_at(v, err, CAS_ERR_PARSE, wa, "'%.*s' is given twice", (int)w[i].len,
                               w[i].s);
            if ((f | d.flags) & F_EXCLUSIVE && (f | d.flags) & F_OVERLAPPING)
                return fail_at(v, err, CAS_ERR_PARSE, wa,
                               "'%.*s' contradicts '%s': children are exclusive or overlapping",
                               (int)w[i].len, w[i].s,
                               f == F_EXCLUSIVE ? "overlapping" : "exclusive");
            if (f == F_EXHAUSTIVE && d.kind == K_DEFAULT)
                return fail_at(v, err, CAS_ERR_PARSE, wa,
                               "'*' cannot be exhaustive: the children of a path no line declares "
                               "are not known");
            d.flags |= f;
        }
    }
    if (!cas__grow((void **)&v->decls, &v->capdecls, v->ndecls + 1, sizeof d, 32))
        return nomem(err);
    v->decls[v->ndecls] = d;
    return add_decl(v, err);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Parse @len bytes of a vocabulary file named @name into @v. */
static cas_status parse(cas_vocab *v, const char *data, size_t len, const char *name,
                        cas_error *err)
{
    size_t pos = 0, file;
    int64_t line = 0;
    tok w[8];

    if (!name)
        name = "";
    if (!cas__grow((void **)&v->files, &v->capfiles, v->nfiles + 1, sizeof(size_t), 4) ||
        !add_str(v, name, strlen(name), &v->files[v->nfiles]))
        return nomem(err);
    file = v->nfiles++;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a byte order mark */
    while (pos < len) {
        const char *s = data + pos, *nl = memchr(s, '\n', len - pos), *cr;
        size_t n = nl ? (size_t)(nl - s) : len - pos, i = 0, nw = 0, bad;
        loc at = {file, ++line, 1};
        cas_status st;

        /* A line ends in "\n", "\r\n" or a lone "\r". */
        cr = memchr(s, '\r', n);
        if (cr && !(cr + 1 == nl)) {
            n = (size_t)(cr - s);
            nl = cr;
        }
        pos += n + (nl ? 1 : 0);
        if (n && s[n - 1] == '\r')
            n--;
        bad = cas__utf8_first_bad(s, n);
        if (bad < n) {
            at.col = (int64_t)bad + 1;
            return fail_at(v, err, CAS_ERR_ENCODING, at, "not valid UTF-8");
        }
        const char *nul = memchr(s, '\0', n);
        if (nul) {
            at.col = (int64_t)(nul - s) + 1;
            return fail_at(v, err, CAS_ERR_ENCODING, at, "a NUL byte: a vocabulary is text");
        }
        while (i < n) {
            size_t b;
            while (i < n && is_blank(s[i]))
                i++;
            if (i >= n || s[i] == '#')
                break;
            b = i;
            while (i < n && !is_blank(s[i]))
                i++;
            if (nw < sizeof w / sizeof w[0]) {
                w[nw].s = s + b;
                w[nw].len = i - b;
                w[nw].col = (int64_t)b + 1;
            }
            nw++;
            /* parts may be many: parse them in batches below */
            if (nw == sizeof w / sizeof w[0])
                break;
        }
        if (nw == 0)
            continue;
        if (nw == sizeof w / sizeof w[0] && i < n) {
            /* A long line (a composition with many parts): collect all. */
            size_t cap = 0, m = 0;
            tok *all = NULL;
            i = 0;
            while (i < n) {
                size_t b;
                while (i < n && is_blank(s[i]))
                    i++;
                if (i >= n || s[i] == '#')
                    break;
                b = i;
                while (i < n && !is_blank(s[i]))
                    i++;
                if (!cas__grow((void **)&all, &cap, m + 1, sizeof *all, 16)) {
                    cas__free(all);
                    return nomem(err);
                }
                all[m].s = s + b;
                all[m].len = i - b;
                all[m].col = (int64_t)b + 1;
                m++;
            }
            st = parse_line(v, all, m, at, err);
            cas__free(all);
        } else {
            st = parse_line(v, w, nw, at, err);
        }
        if (st != CAS_OK)
            return st;
    }
    return CAS_OK;
}

/* ---- building the index ----------------------------------------------------- */

/* Resolve every alias's target to a canonical path (following aliases of
 * aliases), finding cycles. Each alias is resolved once; one whose target
 * meets an unresolved alias waits on a stack until that one is done. */
static cas_status resolve_aliases(cas_vocab *v, cas_error *err)
{
    size_t *stack, sp = 0;
    unsigned char *state; /* 0 not yet, 1 on the stack, 2 done */
    cas_status st = CAS_OK;
    char b1[120], b2[120];

    v->resolved = cas__malloc((v->ndecls ? v->ndecls : 1) * sizeof(size_t));
    v->resolved_len = cas__malloc((v->ndecls ? v->ndecls : 1) * sizeof(size_t));
    stack = cas__malloc((v->ndecls ? v->ndecls : 1) * sizeof(size_t));
    state = cas__calloc(v->ndecls ? v->ndecls : 1, 1);
    if (!v->resolved || !v->resolved_len || !stack || !state) {
        st = nomem(err);
        goto done;
    }
    for (size_t i = 0; i < v->ndecls; i++)
        v->resolved[i] = NONE;
    for (size_t a0 = 0; a0 < v->ndecls; a0++) {
        if (v->decls[a0].dead || v->decls[a0].kind != K_ALIAS || state[a0] == 2)
            continue;
        stack[sp++] = a0;
        state[a0] = 1;
        while (sp) {
            size_t x = stack[sp - 1], tt = NONE, kk = 0, tl = 0, wait = NONE;
            const decl *d = &v->decls[x];
            const char *s = str(v, d->target);
            for (;;) {
                const char *p1 = tt == NONE ? "" : str(v, v->resolved[tt]);
                size_t a = longest_alias(v, d->dim, p1, tl, s + kk, d->target_len - kk, tl);
                if (a == NONE)
                    break;
                if (state[a] == 1) {
                    st = fail_at(v, err, CAS_ERR_PARSE, d->target_at,
                                 "alias cycle: %s '%s' leads back to '%s'", dim_names[d->dim],
                                 excerpt(b1, sizeof b1, str(v, d->subject), d->subject_len),
                                 excerpt(b2, sizeof b2, str(v, v->decls[a].subject),
                                         v->decls[a].subject_len));
                    goto done;
                }
                if (state[a] == 0) {
                    wait = a;
                    break;
                }
                kk += v->decls[a].subject_len - tl;
                tt = a;
                tl = v->resolved_len[a];
            }
            if (wait != NONE) {
                stack[sp++] = wait;
                state[wait] = 1;
                continue;
            }
            if (tt == NONE) {
                v->resolved[x] = d->target;
                v->resolved_len[x] = d->target_len;
            } else {
                size_t total = tl + d->target_len - kk, off;
                char *tmp;
                if (total > CAS_FIELD_MAX) {
                    st = fail_at(v, err, CAS_ERR_TOO_LONG, d->target_at,
                                 "the canonical path of this alias has %zu bytes, more than the %d "
                                 "allowed",
                                 total, CAS_FIELD_MAX);
                    goto done;
                }
                tmp = cas__malloc(total + 1);
                if (!tmp) {
                    st = nomem(err);
                    goto done;
                }
                memcpy(tmp, str(v, v->resolved[tt]), tl);
                memcpy(tmp + tl, str(v, d->target) + kk, d->target_len - kk);
                if (!add_str(v, tmp, total, &off)) {
                    cas__free(tmp);
                    st = nomem(err);
                    goto done;
                }
                cas__free(tmp);
                v->resolved[x] = off;
                v->resolved_len[x] = total;
            }
            state[x] = 2;
            sp--;
        }
    }
done:
    cas__free(stack);
    cas__free(state);
    return st;
}

/* An alias under another alias (`insurgents/hts` under `insurgents` ->
 * `combatants/insurgents`) wins for the paths it matches, being longer;
 * so that the canonical spelling of the same people
 * (`combatants/insurgents/hts`) does not stay apart, that spelling must
 * also lead to the nested alias's target. */
static cas_status check_nested_aliases(const cas_vocab *v, cas_error *err)
{
    char b1[120], b2[120], b3[120];
    for (size_t i = 0; i < v->ndecls; i++) {
        const decl *d = &v->decls[i];
        const char *s = str(v, d->subject);
        size_t cut = d->subject_len, b, bl, rl, tt, kk, total;
        char *tmp;
        int same;
        if (d->dead || d->kind != K_ALIAS)
            continue;
        while (cut > 0 && s[cut - 1] != '/')
            cut--;
        if (cut < 2 || (b = longest_alias(v, d->dim, "", 0, s, cut - 1, 0)) == NONE)
            continue;
        bl = v->decls[b].subject_len;
        rl = v->resolved_len[b];
        total = rl + d->subject_len - bl;
        tmp = cas__malloc(total + 1);
        if (!tmp)
            return nomem(err);
        memcpy(tmp, str(v, v->resolved[b]), rl);
        memcpy(tmp + rl, s + bl, d->subject_len - bl);
        tmp[total] = '\0';
        canonical_pieces(v, d->dim, tmp, total, &tt, &kk);
        if (tt == NONE)
            same = total == v->resolved_len[i] && memcmp(tmp, str(v, v->resolved[i]), total) == 0;
        else
            same =
                v->resolved_len[tt] + total - kk == v->resolved_len[i] &&
                memcmp(str(v, v->resolved[tt]), str(v, v->resolved[i]), v->resolved_len[tt]) == 0 &&
                memcmp(tmp + kk, str(v, v->resolved[i]) + v->resolved_len[tt], total - kk) == 0;
        if (!same) {
            cas_status st = fail_at(
                v, err, CAS_ERR_PARSE, d->at,
                "alias '%s' lies under the alias '%s', so '%s' must lead to '%s' too: declare "
                "'%s %s -> %s'",
                excerpt(b1, sizeof b1, s, d->subject_len),
                excerpt(b2, sizeof b2, str(v, v->decls[b].subject), bl),
                excerpt(b3, sizeof b3, tmp, total), str(v, v->resolved[i]), dim_names[d->dim], tmp,
                str(v, v->resolved[i]));
            cas__free(tmp);
            return st;
        }
        cas__free(tmp);
    }
    return CAS_OK;
}

static size_t find_node(const cas_vocab *v, int dim, const char *s, size_t len)
{
    key k = one_key(dim, s, len);
    return tab_find(v, &v->nodes_by_path, T_NODE, &k);
}

/* The same, with @h the running hash state (fnv_add()) of @dim and @s. */
static size_t find_node_h(const cas_vocab *v, int dim, const char *s, size_t len, uint64_t h)
{
    key k = one_key(dim, s, len);
    return tab_find_h(v, &v->nodes_by_path, T_NODE, &k, fnv_end(h));
}

/* The node of (@dim, @path), made when it is not there yet. */
static cas_status get_node(cas_vocab *v, int dim, size_t path, size_t len, loc at, size_t *out,
                           cas_error *err)
{
    key k = one_key(dim, str(v, path), len);
    size_t *slot, i;
    node *n;

    if (!tab_reserve(v, &v->nodes_by_path, T_NODE) ||
        !cas__grow((void **)&v->nodes, &v->capnodes, v->nnodes + 1, sizeof *n, 32))
        return nomem(err);
    slot = tab_slot(v, &v->nodes_by_path, T_NODE, &k);
    if (*slot) {
        *out = *slot - 1;
        return CAS_OK;
    }
    i = v->nnodes++;
    n = &v->nodes[i];
    memset(n, 0, sizeof *n);
    n->dim = dim;
    n->path = path;
    n->len = len;
    n->decl = NONE;
    n->at = at;
    n->exclusive = v->dflt[dim];
    n->up = NONE;
    *slot = i + 1;
    v->nodes_by_path.n++;
    *out = i;
    return CAS_OK;
}

/* The nearest node among the proper prefixes of node @i (its top when
 * none is declared). */
static size_t nearest_up(const cas_vocab *v, size_t i)
{
    const node *n = &v->nodes[i];
    const char *s = str(v, n->path);
    uint64_t h;
    if (n->len == 0)
        return NONE;
    h = fnv_add(fnv_start(n->dim), s, n->len);
    for (size_t cut = n->len; cut-- > 0;) {
        h = fnv_undo(h, s[cut]);
        if (s[cut] == '/') {
            size_t u = find_node_h(v, n->dim, s, cut, h);
            if (u != NONE)
                return u;
        }
    }
    return v->root[n->dim];
}

static cas_status build(cas_vocab *v, cas_error *err)
{
    cas_status st;
    size_t *count = NULL, npart_refs = 0;
    unsigned char *color = NULL;
    size_t *stack = NULL, *it = NULL;
    char b1[120], b2[120];

    for (int d = 0; d < NDIM; d++)
        v->dflt[d] = 0;
    for (size_t i = 0; i < v->ndecls; i++) {
        const decl *d = &v->decls[i];
        if (!d->dead && d->kind == K_DEFAULT)
            v->dflt[d->dim] = (d->flags & F_EXCLUSIVE) != 0;
    }
    /* aliases */
    for (size_t i = 0; i < v->ndecls; i++) {
        const decl *d = &v->decls[i];
        key k;
        if (d->dead || d->kind != K_ALIAS)
            continue;
        if (!tab_reserve(v, &v->aliases, T_ALIAS))
            return nomem(err);
        k = one_key(d->dim, str(v, d->subject), d->subject_len);
        *tab_slot(v, &v->aliases, T_ALIAS, &k) = i + 1;
        v->aliases.n++;
        if (d->subject_len > v->alias_max)
            v->alias_max = d->subject_len;
    }
    if ((st = resolve_aliases(v, err)) != CAS_OK || (st = check_nested_aliases(v, err)) != CAS_OK)
        return st;
    /* the tops, then the declared paths */
    for (int d = 0; d < NDIM; d++) {
        loc none = {0, 0, 0};
        size_t off;
        if (!add_str(v, "", 0, &off))
            return nomem(err);
        if ((st = get_node(v, d, off, 0, none, &v->root[d], err)) != CAS_OK)
            return st;
    }
    for (size_t i = 0; i < v->ndecls; i++) {
        const decl *d = &v->decls[i];
        size_t ni, a;
        node *n;
        if (d->dead || (d->kind != K_PATH && d->kind != K_ROOT))
            continue;
        if (d->kind == K_PATH &&
            (a = longest_alias(v, d->dim, "", 0, str(v, d->subject), d->subject_len, 0)) != NONE)
            return fail_at(
                v, err, CAS_ERR_PARSE, d->at,
                "%s '%s' is declared canonical, but the alias '%s' (%s:%lld) rewrites "
                "it",
                dim_names[d->dim], excerpt(b1, sizeof b1, str(v, d->subject), d->subject_len),
                excerpt(b2, sizeof b2, str(v, v->decls[a].subject), v->decls[a].subject_len),
                file_name(v, v->decls[a].at.file), (long long)v->decls[a].at.line);
        if (d->kind == K_ROOT)
            ni = v->root[d->dim];
        else if ((st = get_node(v, d->dim, d->subject, d->subject_len, d->at, &ni, err)) != CAS_OK)
            return st;
        n = &v->nodes[ni];
        n->decl = i;
        n->at = d->at;
        n->exclusive = d->flags & F_EXCLUSIVE ? 1 : d->flags & F_OVERLAPPING ? 0 : v->dflt[d->dim];
        n->overlapping_declared = (d->flags & F_OVERLAPPING) != 0;
        n->exhaustive = (d->flags & F_EXHAUSTIVE) != 0;
        n->composed = d->nparts > 0;
        npart_refs += d->nparts;
    }
    /* parts, canonicalised, as nodes */
    v->pnodes = cas__malloc((npart_refs ? npart_refs : 1) * sizeof(size_t));
    if (!v->pnodes)
        return nomem(err);
    for (size_t i = 0; i < v->ndecls; i++) {
        const decl *d = &v->decls[i];
        size_t ci, first = v->npnodes;
        if (d->dead || d->kind != K_PATH || !d->nparts)
            continue;
        ci = find_node(v, d->dim, str(v, d->subject), d->subject_len);
        for (size_t j = 0; j < d->nparts; j++) {
            const vpart *p = &v->parts[d->part0 + j];
            size_t t, k, pi, off = p->str, len = p->len;
            const node *c;
            canonical_pieces(v, d->dim, str(v, p->str), p->len, &t, &k);
            if (t != NONE) {
                size_t tl = v->resolved_len[t], total = tl + p->len - k;
                char *tmp;
                if (total > CAS_FIELD_MAX)
                    return fail_at(v, err, CAS_ERR_TOO_LONG, p->at,
                                   "this part's canonical path is longer than %d bytes",
                                   CAS_FIELD_MAX);
                tmp = cas__malloc(total + 1);
                if (!tmp)
                    return nomem(err);
                memcpy(tmp, str(v, v->resolved[t]), tl);
                memcpy(tmp + tl, str(v, p->str) + k, p->len - k);
                if (!add_str(v, tmp, total, &off)) {
                    cas__free(tmp);
                    return nomem(err);
                }
                cas__free(tmp);
                len = total;
            }
            if ((st = get_node(v, d->dim, off, len, p->at, &pi, err)) != CAS_OK)
                return st;
            c = &v->nodes[ci];
            if (contains_n(str(v, off), len, str(v, c->path), c->len) ||
                contains_n(str(v, c->path), c->len, str(v, off), len))
                return fail_at(v, err, CAS_ERR_PARSE, p->at,
                               "part '%s' and the path '%s' lie one within the other: a part is "
                               "a path beside it",
                               excerpt(b1, sizeof b1, str(v, off), len),
                               excerpt(b2, sizeof b2, str(v, c->path), c->len));
            for (size_t q = first; q < v->npnodes; q++) {
                const node *o = &v->nodes[v->pnodes[q]];
                if (contains_n(str(v, off), len, str(v, o->path), o->len) ||
                    contains_n(str(v, o->path), o->len, str(v, off), len))
                    return fail_at(v, err, CAS_ERR_PARSE, p->at,
                                   "parts '%s' and '%s' %s: parts are beside each other",
                                   excerpt(b1, sizeof b1, str(v, o->path), o->len),
                                   excerpt(b2, sizeof b2, str(v, off), len),
                                   o->len == len ? "are the same path"
                                                 : "lie one within the other");
            }
            v->pnodes[v->npnodes++] = pi;
        }
        v->nodes[ci].part0 = first;
        v->nodes[ci].nparts = d->nparts;
    }
    /* children, the nearest node above, and what each node is a part of */
    count = cas__calloc(v->nnodes + 1, sizeof(size_t));
    v->kids = cas__malloc((v->nnodes ? v->nnodes : 1) * sizeof(size_t));
    v->partof = cas__malloc((v->npnodes ? v->npnodes : 1) * sizeof(size_t));
    if (!count || !v->kids || !v->partof) {
        cas__free(count);
        return nomem(err);
    }
    for (size_t i = 0; i < v->nnodes; i++) {
        node *n = &v->nodes[i];
        n->up = nearest_up(v, i);
        if (n->up != NONE) {
            /* a child: one segment below its node above */
            const node *u = &v->nodes[n->up];
            if (!memchr(str(v, n->path) + u->len + (u->len ? 1 : 0), '/',
                        n->len - u->len - (u->len ? 1 : 0)))
                count[n->up]++;
        }
    }
    for (size_t i = 0, sum = 0; i < v->nnodes; i++) {
        v->nodes[i].kid0 = sum;
        sum += count[i];
        count[i] = 0;
    }
    for (size_t i = 0; i < v->nnodes; i++) {
        const node *n = &v->nodes[i];
        if (n->up != NONE) {
            const node *u = &v->nodes[n->up];
            if (!memchr(str(v, n->path) + u->len + (u->len ? 1 : 0), '/',
                        n->len - u->len - (u->len ? 1 : 0))) {
                v->kids[u->kid0 + count[n->up]++] = i;
                v->nodes[n->up].nkids++;
            }
        }
    }
    memset(count, 0, (v->nnodes + 1) * sizeof(size_t));
    for (size_t q = 0; q < v->npnodes; q++)
        count[v->pnodes[q]]++;
    for (size_t i = 0, sum = 0; i < v->nnodes; i++) {
        v->nodes[i].partof0 = sum;
        sum += count[i];
        count[i] = 0;
    }
    for (size_t ci = 0; ci < v->nnodes; ci++) {
        const node *c = &v->nodes[ci];
        for (size_t q = c->part0; q < c->part0 + c->nparts; q++) {
            node *p = &v->nodes[v->pnodes[q]];
            v->partof[p->partof0 + count[v->pnodes[q]]++] = ci;
            p->npartof++;
        }
    }
    cas__free(count);
    /* exhaustive needs something to cover it */
    for (size_t i = 0; i < v->nnodes; i++) {
        const node *n = &v->nodes[i];
        if (n->exhaustive && !n->nparts && !n->nkids)
            return fail_at(v, err, CAS_ERR_PARSE, n->at,
                           "%s '%s' is exhaustive, but no path is declared below it and it has "
                           "no parts",
                           dim_names[n->dim],
                           n->len ? excerpt(b1, sizeof b1, str(v, n->path), n->len) : "/");
    }
    /* no cycles through parts: a depth-first walk over "lies within" */
    color = cas__calloc(v->nnodes ? v->nnodes : 1, 1);
    stack = cas__malloc((v->nnodes ? v->nnodes : 1) * sizeof(size_t));
    it = cas__malloc((v->nnodes ? v->nnodes : 1) * sizeof(size_t));
    if (!color || !stack || !it) {
        st = nomem(err);
        goto out;
    }
    st = CAS_OK;
    for (size_t s0 = 0; s0 < v->nnodes && st == CAS_OK; s0++) {
        size_t sp = 0;
        if (color[s0])
            continue;
        stack[sp] = s0;
        it[sp++] = 0;
        color[s0] = 1;
        while (sp) {
            size_t u = stack[sp - 1], e = it[sp - 1]++, w;
            const node *n = &v->nodes[u];
            if (e < n->npartof)
                w = v->partof[n->partof0 + e];
            else if (e == n->npartof && n->up != NONE)
                w = n->up;
            else {
                color[u] = 2;
                sp--;
                continue;
            }
            if (color[w] == 1) {
                st =
                    fail_at(v, err, CAS_ERR_PARSE, v->nodes[w].at,
                            "the parts form a cycle: %s '%s' lies within itself", dim_names[n->dim],
                            excerpt(b1, sizeof b1, str(v, v->nodes[w].path), v->nodes[w].len));
                break;
            }
            if (color[w] == 0) {
                color[w] = 1;
                stack[sp] = w;
                it[sp++] = 0;
            }
        }
    }
out:
    cas__free(color);
    cas__free(stack);
    cas__free(it);
    return st;
}

/* ---- making and extending ----------------------------------------------------- */

/* Copy the live declarations of @src (strings, parts, files) into @dst. */
static cas_status copy_decls(cas_vocab *dst, const cas_vocab *src, cas_error *err)
{
    for (size_t f = 0; f < src->nfiles; f++) {
        const char *name = str(src, src->files[f]);
        if (!cas__grow((void **)&dst->files, &dst->capfiles, dst->nfiles + 1, sizeof(size_t), 4) ||
            !add_str(dst, name, strlen(name), &dst->files[dst->nfiles]))
            return nomem(err);
        dst->nfiles++;
    }
    for (size_t i = 0; i < src->ndecls; i++) {
        decl d = src->decls[i];
        key k;
        if (d.dead)
            continue;
        if (!add_str(dst, str(src, d.subject), d.subject_len, &d.subject) ||
            (d.kind == K_ALIAS && !add_str(dst, str(src, d.target), d.target_len, &d.target)))
            return nomem(err);
        d.part0 = dst->nparts;
        for (size_t j = 0; j < src->decls[i].nparts; j++) {
            vpart p = src->parts[src->decls[i].part0 + j];
            if (!add_str(dst, str(src, p.str), p.len, &p.str) ||
                !cas__grow((void **)&dst->parts, &dst->capparts, dst->nparts + 1, sizeof p, 16))
                return nomem(err);
            dst->parts[dst->nparts++] = p;
        }
        if (!cas__grow((void **)&dst->decls, &dst->capdecls, dst->ndecls + 1, sizeof d, 32) ||
            !tab_reserve(dst, &dst->bydecl, T_DECL))
            return nomem(err);
        dst->decls[dst->ndecls] = d;
        k = decl_table_key(dst, dst->ndecls);
        *tab_slot(dst, &dst->bydecl, T_DECL, &k) = dst->ndecls + 1;
        dst->bydecl.n++;
        dst->ndecls++;
    }
    return CAS_OK;
}

/* A vocabulary from @base's declarations (if any) and the text. */
static cas_status make(cas_vocab **out, const cas_vocab *base, const char *data, size_t len,
                       const char *name, cas_error *err)
{
    cas_vocab *v = cas__calloc(1, sizeof *v);
    cas_status st;

    if (!v)
        return nomem(err);
    if ((base && (st = copy_decls(v, base, err)) != CAS_OK) ||
        (st = parse(v, data, len, name, err)) != CAS_OK || (st = build(v, err)) != CAS_OK) {
        cas_vocab_free(v);
        return st;
    }
    *out = v;
    return CAS_OK;
}

/* Read a whole file into memory. */
static cas_status read_file(const char *path, char **data, size_t *len, cas_error *err)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;

    if (!fp) {
        cas__fail(err, CAS_ERR_IO, "", "cannot open the file");
        cas__error_where(err, path, 0, 0);
        return CAS_ERR_IO;
    }
    for (;;) {
        size_t got;
        if (!cas__grow((void **)&buf, &cap, n + 4096, 1, 8192)) {
            cas__free(buf);
            fclose(fp);
            return nomem(err);
        }
        got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        cas__free(buf);
        fclose(fp);
        cas__fail(err, CAS_ERR_IO, "", "cannot read the file");
        cas__error_where(err, path, 0, 0);
        return CAS_ERR_IO;
    }
    fclose(fp);
    *data = buf;
    *len = n;
    return CAS_OK;
}

cas_status cas_vocab_load_buffer(cas_vocab **out, const char *data, size_t len, const char *name,
                                 cas_error *err)
{
    if (!out || (!data && len))
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !out ? "out" : "data");
    return make(out, NULL, data ? data : "", len, name, err);
}

cas_status cas_vocab_new_default(cas_vocab **out, cas_error *err)
{
    if (!out)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL out");
    return make(out, NULL, (const char *)cas__vocab_default_text, cas__vocab_default_len,
                "vocabulary.txt", err);
}

cas_status cas_vocab_load(cas_vocab **out, const char *path, cas_error *err)
{
    char *data = NULL;
    size_t len = 0;
    cas_status st;

    if (!out || !path)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !out ? "out" : "path");
    if ((st = read_file(path, &data, &len, err)) != CAS_OK)
        return st;
    st = make(out, NULL, data, len, path, err);
    cas__free(data);
    return st;
}

cas_status cas_vocab_extend_buffer(cas_vocab *vocab, const char *data, size_t len, const char *name,
                                   cas_error *err)
{
    cas_vocab *v = NULL, tmp;
    cas_status st;

    if (!vocab || (!data && len))
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !vocab ? "vocab" : "data");
    if ((st = make(&v, vocab, data ? data : "", len, name, err)) != CAS_OK)
        return st;
    if (!v)
        return nomem(err);
    tmp = *vocab;
    *vocab = *v;
    *v = tmp;
    cas_vocab_free(v);
    return CAS_OK;
}

cas_status cas_vocab_extend(cas_vocab *vocab, const char *path, cas_error *err)
{
    char *data = NULL;
    size_t len = 0;
    cas_status st;

    if (!vocab || !path)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !vocab ? "vocab" : "path");
    if ((st = read_file(path, &data, &len, err)) != CAS_OK)
        return st;
    st = cas_vocab_extend_buffer(vocab, data, len, path, err);
    cas__free(data);
    return st;
}

/* ---- queries ---------------------------------------------------------------- */

static cas_status check_args(const cas_vocab *v, int32_t dim, const void *out, cas_error *err)
{
    if (!v || !out)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !v ? "vocab" : "out-parameter");
    if (dim < 0 || dim >= NDIM)
        return cas__fail(err, CAS_ERR_ARG, "", "unknown dimension %d", (int)dim);
    return CAS_OK;
}

cas_status cas_vocab_canonical(const cas_vocab *v, int32_t dim, const char *path, char *buf,
                               size_t size, int32_t *changed, cas_error *err)
{
    size_t len = path ? strlen(path) : 0, t, k, tl = 0, total;
    cas_status st = check_args(v, dim, buf, err);

    if (st != CAS_OK || (st = check_query_path(path ? path : "", len, err)) != CAS_OK)
        return st;
    canonical_pieces(v, dim, path ? path : "", len, &t, &k);
    if (t != NONE)
        tl = v->resolved_len[t];
    total = tl + len - k;
    if (total > CAS_FIELD_MAX)
        return cas__fail(err, CAS_ERR_TOO_LONG, "path",
                         "its canonical path has %zu bytes, more than the %d allowed", total,
                         CAS_FIELD_MAX);
    if (size < total + 1)
        return cas__fail(err, CAS_ERR_ARG, "", "a buffer of %zu bytes is too small: %zu needed",
                         size, total + 1);
    /* the rest first: @buf may be @path itself */
    memmove(buf + tl, path ? path + k : "", len - k);
    if (tl)
        memcpy(buf, str(v, v->resolved[t]), tl);
    buf[total] = '\0';
    if (changed)
        *changed = t != NONE;
    return CAS_OK;
}

/* A path in a walk up the vocabulary: a node, or a prefix no line declares. */
typedef struct pkey {
    size_t node; /* NONE for a prefix that is not a node */
    const char *s;
    size_t len;
    uint64_t h; /* the running hash (fnv_add()) of the dimension and @s */
} pkey;

static int pkey_eq(const pkey *a, const pkey *b)
{
    if (a->node != NONE || b->node != NONE)
        return a->node == b->node;
    return a->len == b->len && a->h == b->h && memcmp(a->s, b->s, a->len) == 0;
}

/* An edge up: @child lies within @parent, as one of its children (parts
 * 0) or one of its parts (parts 1). */
typedef struct edge {
    pkey parent, child;
    int parts;
} edge;

typedef struct walk {
    pkey *anc;
    size_t nanc, capanc;
    edge *edges;
    size_t nedges, capedges;
} walk;

static void walk_free(walk *w)
{
    cas__free(w->anc);
    cas__free(w->edges);
}

static int walk_push(walk *w, pkey k)
{
    for (size_t i = 0; i < w->nanc; i++)
        if (k.node != NONE && w->anc[i].node == k.node)
            return 1;
    if (!cas__grow((void **)&w->anc, &w->capanc, w->nanc + 1, sizeof k, 16))
        return 0;
    w->anc[w->nanc++] = k;
    return 1;
}

static int walk_edge(walk *w, pkey parent, pkey child, int parts)
{
    edge e;
    if (!cas__grow((void **)&w->edges, &w->capedges, w->nedges + 1, sizeof e, 16))
        return 0;
    e.parent = parent;
    e.child = child;
    e.parts = parts;
    w->edges[w->nedges++] = e;
    return 1;
}

/* The key of (@dim, @s) whose running hash is @h. */
static pkey key_of_h(const cas_vocab *v, int dim, const char *s, size_t len, uint64_t h)
{
    pkey k;
    k.node = find_node_h(v, dim, s, len, h);
    k.s = s;
    k.len = len;
    k.h = h;
    return k;
}

static pkey key_of(const cas_vocab *v, int dim, const char *s, size_t len)
{
    return key_of_h(v, dim, s, len, fnv_add(fnv_start(dim), s, len));
}

/* Everything the canonical path @s lies within, and the edges up. */
static int walk_up(const cas_vocab *v, int dim, const char *s, size_t len, walk *w)
{
    if (!walk_push(w, key_of(v, dim, s, len)))
        return 0;
    for (size_t i = 0; i < w->nanc; i++) {
        pkey k = w->anc[i], p;
        size_t cut;
        uint64_t h;
        if (k.node != NONE) {
            const node *n = &v->nodes[k.node];
            for (size_t q = n->partof0; q < n->partof0 + n->npartof; q++) {
                const node *c = &v->nodes[v->partof[q]];
                pkey ck = {v->partof[q], str(v, c->path), c->len,
                           fnv_add(fnv_start(dim), str(v, c->path), c->len)};
                if (!walk_edge(w, ck, k, 1) || !walk_push(w, ck))
                    return 0;
            }
        }
        if (k.len == 0)
            continue;
        /* the parent's hash: the child's with its last segment undone */
        h = k.h;
        for (cut = k.len; cut > 0 && k.s[cut - 1] != '/'; cut--)
            h = fnv_undo(h, k.s[cut - 1]);
        if (cut)
            h = fnv_undo(h, '/');
        p = key_of_h(v, dim, k.s, cut ? cut - 1 : 0, h);
        if (!walk_edge(w, p, k, 0))
            return 0;
        /* a prefix that is not a node is reached once per path walked up */
        if (p.node == NONE) {
            if (!cas__grow((void **)&w->anc, &w->capanc, w->nanc + 1, sizeof p, 16))
                return 0;
            w->anc[w->nanc++] = p;
        } else if (!walk_push(w, p)) {
            return 0;
        }
    }
    return 1;
}

static int contains_key(const walk *w, const pkey *k)
{
    for (size_t i = 0; i < w->nanc; i++)
        if (pkey_eq(&w->anc[i], k))
            return 1;
    return 0;
}

static int edge_exclusive(const cas_vocab *v, int dim, const edge *e)
{
    if (e->parent.node == NONE)
        return v->dflt[dim];
    if (e->parts)
        return v->nodes[e->parent.node].exclusive;
    /* a composed path's own children follow the dimension's rule */
    return v->nodes[e->parent.node].composed ? v->dflt[dim] : v->nodes[e->parent.node].exclusive;
}

/* Edges in order of (parts, parent's hash, parent's length): equal
 * parents are neighbours. */
static int edge_order(const edge *x, const edge *y)
{
    if (x->parts != y->parts)
        return x->parts < y->parts ? -1 : 1;
    if (x->parent.h != y->parent.h)
        return x->parent.h < y->parent.h ? -1 : 1;
    return (x->parent.len > y->parent.len) - (x->parent.len < y->parent.len);
}

static int edge_cmp(const void *a, const void *b)
{
    return edge_order(a, b);
}

/* Whether @w (edges sorted by edge_order()) has an edge of the kind of @e
 * from the same parent to another child: O(log edges) and the edges from
 * that parent. */
static int other_child(const walk *w, const edge *e)
{
    size_t lo = 0, hi = w->nedges;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (edge_order(&w->edges[mid], e) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < w->nedges && edge_order(&w->edges[lo], e) == 0; lo++)
        if (pkey_eq(&w->edges[lo].parent, &e->parent) && !pkey_eq(&w->edges[lo].child, &e->child))
            return 1;
    return 0;
}

/* The relation of canonical @a to canonical @b. */
static cas_status relation(const cas_vocab *v, int dim, const char *a, size_t al, const char *b,
                           size_t bl, int32_t *rel, cas_error *err)
{
    walk wa, wb;
    pkey ka, kb;
    int r = CAS_VOCAB_OVERLAPPING;

    if (al == bl && memcmp(a, b, al) == 0) {
        *rel = CAS_VOCAB_SAME;
        return CAS_OK;
    }
    memset(&wa, 0, sizeof wa);
    memset(&wb, 0, sizeof wb);
    if (!walk_up(v, dim, a, al, &wa) || !walk_up(v, dim, b, bl, &wb)) {
        walk_free(&wa);
        walk_free(&wb);
        return nomem(err);
    }
    ka = wa.anc[0];
    kb = wb.anc[0];
    if (contains_key(&wa, &kb))
        r = CAS_VOCAB_WITHIN;
    else if (contains_key(&wb, &ka))
        r = CAS_VOCAB_CONTAINS;
    else {
        /* each exclusive edge of @a against @b's edges from the same
         * parent, found by binary search, not against all of them */
        qsort(wb.edges, wb.nedges, sizeof *wb.edges, edge_cmp);
        for (size_t i = 0; i < wa.nedges && r == CAS_VOCAB_OVERLAPPING; i++)
            if (edge_exclusive(v, dim, &wa.edges[i]) && other_child(&wb, &wa.edges[i]))
                r = CAS_VOCAB_DISJOINT;
    }
    walk_free(&wa);
    walk_free(&wb);
    *rel = r;
    return CAS_OK;
}

cas_status cas_vocab_relation(const cas_vocab *v, int32_t dim, const char *a, const char *b,
                              int32_t *rel, cas_error *err)
{
    const char *ca = "", *cb = "";
    size_t al = 0, bl = 0;
    int oa = 0, ob = 0;
    int32_t r = CAS_VOCAB_OVERLAPPING;
    cas_status st = check_args(v, dim, rel, err);

    if (st != CAS_OK)
        return st;
    if ((st = canonical_string(v, dim, a ? a : "", a ? strlen(a) : 0, &ca, &al, &oa, err)) ==
            CAS_OK &&
        (st = canonical_string(v, dim, b ? b : "", b ? strlen(b) : 0, &cb, &bl, &ob, err)) ==
            CAS_OK &&
        (st = relation(v, dim, ca, al, cb, bl, &r, err)) == CAS_OK)
        *rel = r;
    if (oa)
        cas__free((char *)ca);
    if (ob)
        cas__free((char *)cb);
    return st;
}

/* Why two canonical paths may not be added, as an error. */
static cas_status not_addable(const cas_vocab *v, int dim, size_t i, size_t j, const char *a,
                              size_t al, const char *b, size_t bl, int32_t rel, cas_error *err)
{
    char ba[120], bb[120], bp[120];
    size_t common = 0, n;
    const char *floor_of;
    size_t p;

    excerpt(ba, sizeof ba, a, al);
    excerpt(bb, sizeof bb, b, bl);
    if (rel == CAS_VOCAB_SAME)
        return cas__fail(err, CAS_ERR_OVERLAP, "",
                         "%s paths %zu and %zu are both '%s': adding them counts it twice",
                         dim_names[dim], i + 1, j + 1, ba);
    if (rel == CAS_VOCAB_WITHIN || rel == CAS_VOCAB_CONTAINS)
        return cas__fail(err, CAS_ERR_OVERLAP, "",
                         "%s paths %zu and %zu: '%s' lies within '%s': adding them counts '%s' "
                         "twice",
                         dim_names[dim], i + 1, j + 1, rel == CAS_VOCAB_WITHIN ? ba : bb,
                         rel == CAS_VOCAB_WITHIN ? bb : ba, rel == CAS_VOCAB_WITHIN ? ba : bb);
    /* the longest path both lie under */
    n = al < bl ? al : bl;
    for (size_t k = 0; k <= n; k++) {
        int ea = k == al || a[k] == '/', eb = k == bl || b[k] == '/';
        if (ea && eb && memcmp(a, b, k) == 0)
            common = k;
        if (k < n && a[k] != b[k])
            break;
    }
    p = find_node(v, dim, a, common);
    floor_of = common ? excerpt(bp, sizeof bp, a, common) : all_of[dim];
    return cas__fail(err, CAS_ERR_OVERLAP, "",
                     "%s paths %zu and %zu: '%s' and '%s' %s: each is only a floor for %s%s%s",
                     dim_names[dim], i + 1, j + 1, ba, bb,
                     p != NONE && v->nodes[p].overlapping_declared
                         ? "overlap"
                         : "may overlap (nothing declares them disjoint)",
                     common ? "'" : "", floor_of, common ? "'" : "");
}

cas_status cas_vocab_check_addable(const cas_vocab *v, int32_t dim, const char *const *paths,
                                   size_t n, cas_error *err)
{
    const char **canon;
    size_t *lens;
    int *owned;
    cas_status st = check_args(v, dim, paths ? (const void *)paths : (const void *)"", err);

    if (st != CAS_OK)
        return st;
    if (n && !paths)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL paths");
    if (n == 0)
        return CAS_OK;
    canon = cas__calloc(n, sizeof *canon);
    lens = cas__calloc(n, sizeof *lens);
    owned = cas__calloc(n, sizeof *owned);
    if (!canon || !lens || !owned) {
        st = nomem(err);
        goto out;
    }
    for (size_t i = 0; i < n && st == CAS_OK; i++)
        st = canonical_string(v, dim, paths[i] ? paths[i] : "", paths[i] ? strlen(paths[i]) : 0,
                              &canon[i], &lens[i], &owned[i], err);
    for (size_t i = 0; i < n && st == CAS_OK; i++)
        for (size_t j = i + 1; j < n && st == CAS_OK; j++) {
            int32_t rel = CAS_VOCAB_OVERLAPPING;
            st = relation(v, dim, canon[i], lens[i], canon[j], lens[j], &rel, err);
            if (st == CAS_OK && rel != CAS_VOCAB_DISJOINT)
                st = not_addable(v, dim, i, j, canon[i], lens[i], canon[j], lens[j], rel, err);
        }
out:
    if (owned && canon)
        for (size_t i = 0; i < n; i++)
            if (owned[i])
                cas__free((char *)canon[i]);
    cas__free(canon);
    cas__free(lens);
    cas__free(owned);
    return st;
}

/* The node of @path once canonical (NONE when no line declares it). */
static cas_status lookup(const cas_vocab *v, int32_t dim, const char *path, size_t *out,
                         cas_error *err)
{
    const char *c = "";
    size_t len = 0;
    int owned = 0;
    cas_status st =
        canonical_string(v, dim, path ? path : "", path ? strlen(path) : 0, &c, &len, &owned, err);
    if (st != CAS_OK)
        return st;
    *out = find_node(v, dim, c, len);
    if (owned)
        cas__free((char *)c);
    return CAS_OK;
}

cas_status cas_vocab_flags(const cas_vocab *v, int32_t dim, const char *path, uint32_t *flags,
                           cas_error *err)
{
    size_t i;
    cas_status st = check_args(v, dim, flags, err);

    if (st != CAS_OK || (st = lookup(v, dim, path, &i, err)) != CAS_OK)
        return st;
    if (i == NONE) {
        *flags = v->dflt[dim] ? CAS_VOCAB_EXCLUSIVE : 0;
        return CAS_OK;
    }
    *flags = CAS_VOCAB_KNOWN | (v->nodes[i].exclusive ? CAS_VOCAB_EXCLUSIVE : 0) |
             (v->nodes[i].exhaustive ? CAS_VOCAB_EXHAUSTIVE : 0) |
             (v->nodes[i].composed ? CAS_VOCAB_COMPOSED : 0);
    return CAS_OK;
}

cas_status cas_vocab_parts(const cas_vocab *v, int32_t dim, const char *path, size_t *count,
                           cas_error *err)
{
    size_t i;
    cas_status st = check_args(v, dim, count, err);

    if (st != CAS_OK || (st = lookup(v, dim, path, &i, err)) != CAS_OK)
        return st;
    *count = i == NONE ? 0 : v->nodes[i].composed ? v->nodes[i].nparts : v->nodes[i].nkids;
    return CAS_OK;
}

cas_status cas_vocab_part(const cas_vocab *v, int32_t dim, const char *path, size_t index,
                          const char **part, cas_error *err)
{
    size_t i, n, p;
    cas_status st = check_args(v, dim, part, err);

    if (st != CAS_OK || (st = lookup(v, dim, path, &i, err)) != CAS_OK)
        return st;
    n = i == NONE ? 0 : v->nodes[i].composed ? v->nodes[i].nparts : v->nodes[i].nkids;
    if (index >= n)
        return cas__fail(err, CAS_ERR_NOT_FOUND, "", "part %zu of %zu", index, n);
    p = v->nodes[i].composed ? v->pnodes[v->nodes[i].part0 + index]
                             : v->kids[v->nodes[i].kid0 + index];
    *part = str(v, v->nodes[p].path);
    return CAS_OK;
}

/* ---- writing ---------------------------------------------------------------- */

static int put(char **buf, size_t *n, size_t *cap, const char *s, size_t len)
{
    if (len > SIZE_MAX - *n - 1 || !cas__grow((void **)buf, cap, *n + len + 1, 1, 1024))
        return 0;
    memcpy(*buf + *n, s, len);
    *n += len;
    (*buf)[*n] = '\0';
    return 1;
}

cas_status cas_vocab_save_string(char **text, size_t *len, const cas_vocab *v, cas_error *err)
{
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int ok = 1;

    if (!text || !v)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !text ? "text" : "vocab");
    ok = put(&buf, &n, &cap, "", 0);
    for (size_t i = 0; i < v->ndecls && ok; i++) {
        const decl *d = &v->decls[i];
        const char *dn = dim_names[d->dim];
        if (d->dead)
            continue;
        ok = put(&buf, &n, &cap, dn, strlen(dn)) && put(&buf, &n, &cap, " ", 1);
        if (d->kind == K_ROOT || d->kind == K_DEFAULT)
            ok = ok && put(&buf, &n, &cap, d->kind == K_ROOT ? "/" : "*", 1);
        else
            ok = ok && put(&buf, &n, &cap, str(v, d->subject), d->subject_len);
        if (d->kind == K_ALIAS)
            ok = ok && put(&buf, &n, &cap, " -> ", 4) &&
                 put(&buf, &n, &cap, str(v, d->target), d->target_len);
        if (d->flags & F_EXCLUSIVE)
            ok = ok && put(&buf, &n, &cap, " exclusive", 10);
        if (d->flags & F_OVERLAPPING)
            ok = ok && put(&buf, &n, &cap, " overlapping", 12);
        if (d->flags & F_EXHAUSTIVE)
            ok = ok && put(&buf, &n, &cap, " exhaustive", 11);
        if (d->nparts)
            ok = ok && put(&buf, &n, &cap, " =", 2);
        for (size_t j = 0; j < d->nparts && ok; j++)
            ok =
                put(&buf, &n, &cap, " ", 1) &&
                put(&buf, &n, &cap, str(v, v->parts[d->part0 + j].str), v->parts[d->part0 + j].len);
        ok = ok && put(&buf, &n, &cap, "\n", 1);
    }
    if (!ok) {
        cas__free(buf);
        return nomem(err);
    }
    *text = buf;
    if (len)
        *len = n;
    return CAS_OK;
}

/* ---- for the sums and the propagation (vocab_internal.h) -------------------- */

cas_status cas__vocab_canon(const cas_vocab *v, int dim, const char *path, const char **out,
                            size_t *len, int *owned, cas_error *err)
{
    return canonical_string(v, dim, path ? path : "", path ? strlen(path) : 0, out, len, owned,
                            err);
}

cas_status cas__vocab_relation_canon(const cas_vocab *v, int dim, const char *a, size_t al,
                                     const char *b, size_t bl, int32_t *rel, cas_error *err)
{
    return relation(v, dim, a, al, b, bl, rel, err);
}

/* Whether the children (not the parts) of the path @s (@len bytes, running
 * hash @h) are exclusive, as edge_exclusive() decides it. */
static int kids_exclusive(const cas_vocab *v, int dim, const char *s, size_t len, uint64_t h)
{
    size_t i = find_node_h(v, dim, s, len, h);
    if (i == NONE)
        return v->dflt[dim];
    return v->nodes[i].composed ? v->dflt[dim] : v->nodes[i].exclusive;
}

/* The shortest prefix of @s (at a '/', "" included) whose children are
 * not exclusive, or all of @s: its length. */
static size_t first_overlapping(const cas_vocab *v, int dim, const char *s, size_t len)
{
    uint64_t h = fnv_start(dim);
    size_t hashed = 0;
    for (size_t cut = 0; cut < len; cut++)
        if (cut == 0 || s[cut] == '/') {
            h = fnv_add(h, s + hashed, cut - hashed);
            hashed = cut;
            if (!kids_exclusive(v, dim, s, cut, h))
                return cut;
        }
    return len;
}

/* The longest common prefix of @a and @b that ends at a segment end of
 * both. */
static size_t common_segments(const char *a, size_t al, const char *b, size_t bl)
{
    size_t best = 0, n = al < bl ? al : bl;
    for (size_t m = 1; m <= n; m++) {
        if (a[m - 1] != b[m - 1])
            break;
        if ((m == al || a[m] == '/') && (m == bl || b[m] == '/'))
            best = m;
    }
    return best;
}

cas_status cas__vocab_group_key(const cas_vocab *v, int dim, const char *s, size_t len,
                                size_t *keylen, cas_error *err)
{
    walk w;
    size_t k = first_overlapping(v, dim, s, len);

    memset(&w, 0, sizeof w);
    if (!walk_up(v, dim, s, len, &w)) {
        walk_free(&w);
        return nomem(err);
    }
    /* every composed path @s lies within: its group must hold @s too */
    for (size_t i = 0; i < w.nedges && k; i++) {
        const pkey *c = &w.edges[i].parent;
        if (w.edges[i].parts)
            k = common_segments(s, k, c->s, first_overlapping(v, dim, c->s, c->len));
    }
    walk_free(&w);
    *keylen = k;
    return CAS_OK;
}

cas_status cas__vocab_within(const cas_vocab *v, int dim, const char *s, size_t len,
                             cas_status (*fn)(void *ctx, const char *s, size_t len), void *ctx,
                             cas_error *err)
{
    walk w;
    cas_status st = CAS_OK;

    memset(&w, 0, sizeof w);
    if (!walk_up(v, dim, s, len, &w)) {
        walk_free(&w);
        return nomem(err);
    }
    for (size_t i = 0; i < w.nanc && st == CAS_OK; i++)
        st = fn(ctx, w.anc[i].s, w.anc[i].len);
    walk_free(&w);
    if (st != CAS_OK)
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    return CAS_OK;
}
