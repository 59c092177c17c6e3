/* SPDX-License-Identifier: MIT */
/* Scopes side by side (docs/model.md section 6): the tree order of paths,
 * sorting indices by a comparator with a context, and the test that
 * scopes are pairwise disjoint, which a sum needs before it adds them up
 * (the sums of sum.c and the declared covers of the propagation). */
#include "aggregate_internal.h"
#include "alloc_internal.h"
#include "sort_internal.h"
#include "vocab_internal.h"

#include <stdio.h>
#include <string.h>

/* Tree order of paths: a path comes right before its descendants, because
 * '/' sorts below every other byte a path may hold. */
int cas__tree_cmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    for (;; x++, y++) {
        unsigned cx = *x == '/' ? 1u : *x, cy = *y == '/' ? 1u : *y;
        if (cx != cy)
            return cx < cy ? -1 : 1;
        if (!cx)
            return 0;
    }
}

typedef struct by_cmp {
    cas__sort_cmp cmp;
    const void *ctx;
} by_cmp;

#define CMP_LESS(c, x, y) ((c)->cmp((c)->ctx, x, y) < 0)
CAS__DEFINE_MERGE_SORT(merge_u32, uint32_t, const by_cmp *, CMP_LESS)

cas_status cas__sort_by(uint32_t *a, size_t n, cas__sort_cmp cmp, const void *ctx)
{
    uint32_t *tmp;
    if (n < 2)
        return CAS_OK;
    tmp = cas__malloc(n * sizeof *tmp);
    if (!tmp)
        return CAS_ERR_NOMEM;
    merge_u32(a, tmp, n, &(by_cmp){cmp, ctx});
    cas__free(tmp);
    return CAS_OK;
}

/* ------------------------------------------------------------------ */
/* Finding two scopes that are not disjoint (docs/model.md sections 6 and
 * 10), without comparing every pair: split the scopes, one dimension after
 * the other, into groups whose members are connected by possible overlaps
 * in that dimension. Scopes in different groups are disjoint; only the
 * scopes left together in the end are compared pairwise, and those are few
 * unless the input overlaps a lot.
 *
 * For the four dimensions a vocabulary speaks of (outcome, group,
 * perpetrator, place), a path is grouped by its key
 * (cas__vocab_group_key): the path cut at the first ancestor, from the
 * top, whose children are not exclusive, and cut further to what it
 * shares with the composed paths it is a part of. Two paths whose keys do
 * not lie one within the other are disjoint under the vocabulary; the
 * last, pairwise test asks the vocabulary itself (cas_vocab_relation). The
 * event is a path whose siblings are disjoint, the period an interval. */

#define NVOCAB CAS__NVOCAB

typedef struct cpath {
    const char *s;   /* canonical */
    size_t len, key; /* its length, and its key's */
    int owned;
} cpath;

typedef struct overlap_ctx {
    const cas_vocab *v;
    const cas_scope *const *s;
    cpath *c; /* NVOCAB per scope */
    int dim;
} overlap_ctx;

/* Tree order of the first @al bytes of @a and @bl of @b. */
static int tree_cmp_n(const char *a, size_t al, const char *b, size_t bl)
{
    size_t n = al < bl ? al : bl;
    for (size_t i = 0; i < n; i++) {
        unsigned cx = a[i] == '/' ? 1u : (unsigned char)a[i];
        unsigned cy = b[i] == '/' ? 1u : (unsigned char)b[i];
        if (cx != cy)
            return cx < cy ? -1 : 1;
    }
    return (al > bl) - (al < bl);
}

static int contains_n(const char *outer, size_t ol, const char *inner, size_t il)
{
    return ol == 0 || (il >= ol && memcmp(outer, inner, ol) == 0 && (il == ol || inner[ol] == '/'));
}

static int overlap_cmp(const void *c, uint32_t a, uint32_t b)
{
    const overlap_ctx *o = c;
    const cas_scope *x = o->s[a], *y = o->s[b];
    if (o->dim < NVOCAB) {
        const cpath *p = &o->c[(size_t)a * NVOCAB + o->dim],
                    *q = &o->c[(size_t)b * NVOCAB + o->dim];
        int r = tree_cmp_n(p->s, p->key, q->s, q->key);
        if (r)
            return r;
    } else if (o->dim < CAS__NPATHS) {
        int r = cas__tree_cmp(cas__dim_path(x, o->dim), cas__dim_path(y, o->dim));
        if (r)
            return r;
    } else {
        int64_t xs = cas__day_lo(x->period_start), ys = cas__day_lo(y->period_start);
        if (xs != ys)
            return xs < ys ? -1 : 1;
    }
    return (a > b) - (a < b);
}

/* The relation of scopes @a and @b in each dimension: the vocabulary's
 * for the first four, then the event's and the period's as CAS_VOCAB_*. */
static cas_status dim_relations(const overlap_ctx *o, uint32_t a, uint32_t b,
                                int32_t rel[CAS__NPATHS + 1], cas_error *err)
{
    const cas_scope *x = o->s[a], *y = o->s[b];
    for (int d = 0; d < NVOCAB; d++) {
        const cpath *p = &o->c[(size_t)a * NVOCAB + d], *q = &o->c[(size_t)b * NVOCAB + d];
        cas_status st =
            cas__vocab_relation_canon(o->v, d, p->s, p->len, q->s, q->len, &rel[d], err);
        if (st != CAS_OK)
            return st;
    }
    for (int d = NVOCAB; d < CAS__NPATHS; d++) {
        const char *e = cas__dim_path(x, d), *f = cas__dim_path(y, d);
        int ef = cas__path_contains(e, f), fe = cas__path_contains(f, e);
        rel[d] = ef && fe ? CAS_VOCAB_SAME
                 : fe     ? CAS_VOCAB_WITHIN
                 : ef     ? CAS_VOCAB_CONTAINS
                          : CAS_VOCAB_DISJOINT;
    }
    int64_t xs = cas__day_lo(x->period_start), xe = cas__day_hi(x->period_end);
    int64_t ys = cas__day_lo(y->period_start), ye = cas__day_hi(y->period_end);
    rel[CAS__NPATHS] = xe < ys || ye < xs     ? CAS_VOCAB_DISJOINT
                       : xs == ys && xe == ye ? CAS_VOCAB_SAME
                       : xs >= ys && xe <= ye ? CAS_VOCAB_WITHIN
                       : xs <= ys && xe >= ye ? CAS_VOCAB_CONTAINS
                                              : CAS_VOCAB_OVERLAPPING;
    return CAS_OK;
}

static cas_status find_overlap(const overlap_ctx *base, uint32_t *items, size_t n, int dim,
                               int *found, uint32_t *fa, uint32_t *fb, cas_error *err)
{
    overlap_ctx ctx = *base;
    cas_status st;

    ctx.dim = dim;
    if (n < 2 || *found)
        return CAS_OK;
    if (dim == CAS__NPATHS + 1) {
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                int32_t rel[CAS__NPATHS + 1];
                int disjoint = 0;
                if ((st = dim_relations(&ctx, items[i], items[j], rel, err)) != CAS_OK)
                    return st;
                for (int d = 0; d <= CAS__NPATHS; d++)
                    disjoint |= rel[d] == CAS_VOCAB_DISJOINT;
                if (!disjoint) {
                    *found = 1;
                    *fa = items[i] < items[j] ? items[i] : items[j];
                    *fb = items[i] < items[j] ? items[j] : items[i];
                    return CAS_OK;
                }
            }
        return CAS_OK;
    }
    if ((st = cas__sort_by(items, n, overlap_cmp, &ctx)) != CAS_OK)
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    for (size_t lo = 0; lo < n && !*found;) {
        size_t hi = lo + 1;
        if (dim < NVOCAB) {
            const cpath *r = &ctx.c[(size_t)items[lo] * NVOCAB + dim];
            while (hi < n) {
                const cpath *q = &ctx.c[(size_t)items[hi] * NVOCAB + dim];
                if (!contains_n(r->s, r->key, q->s, q->key))
                    break;
                hi++;
            }
        } else if (dim < CAS__NPATHS) {
            const char *root = cas__dim_path(ctx.s[items[lo]], dim);
            while (hi < n && cas__path_contains(root, cas__dim_path(ctx.s[items[hi]], dim)))
                hi++;
        } else {
            int64_t end = cas__day_hi(ctx.s[items[lo]]->period_end);
            while (hi < n && cas__day_lo(ctx.s[items[hi]]->period_start) <= end) {
                if (cas__day_hi(ctx.s[items[hi]]->period_end) > end)
                    end = cas__day_hi(ctx.s[items[hi]]->period_end);
                hi++;
            }
        }
        if ((st = find_overlap(base, items + lo, hi - lo, dim + 1, found, fa, fb, err)) != CAS_OK)
            return st;
        lo = hi;
    }
    return CAS_OK;
}

static void free_paths(cpath *c, size_t n)
{
    if (!c)
        return;
    for (size_t i = 0; i < n * NVOCAB; i++)
        if (c[i].owned)
            cas__free((char *)c[i].s);
    cas__free(c);
}

cas_status cas__find_overlap(const cas_vocab *v, const cas_scope *const *s, size_t n, int *found,
                             size_t *fa, size_t *fb, cas_error *err)
{
    overlap_ctx ctx;
    uint32_t *items = NULL, a = 0, b = 0;
    cas_status st = CAS_OK;

    *found = 0;
    if (n < 2)
        return CAS_OK;
    if (n >= UINT32_MAX)
        return cas__fail(err, CAS_ERR_ARG, "", "too many scopes");
    ctx.v = v;
    ctx.s = s;
    ctx.dim = 0;
    ctx.c = cas__calloc(n * NVOCAB, sizeof *ctx.c);
    items = cas__malloc(n * sizeof *items);
    if (!ctx.c || !items) {
        st = cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n && st == CAS_OK; i++) {
        items[i] = (uint32_t)i;
        for (int d = 0; d < NVOCAB && st == CAS_OK; d++) {
            cpath *c = &ctx.c[i * NVOCAB + d];
            st = cas__vocab_canon(v, d, cas__dim_path(s[i], d), &c->s, &c->len, &c->owned, err);
            if (st == CAS_OK)
                st = cas__vocab_group_key(v, d, c->s, c->len, &c->key, err);
        }
    }
    if (st == CAS_OK)
        st = find_overlap(&ctx, items, n, 0, found, &a, &b, err);
    if (st == CAS_OK && *found) {
        *fa = a;
        *fb = b;
    }
done:
    free_paths(ctx.c, n);
    cas__free(items);
    return st;
}

/* The canonical paths of the two scopes of @ctx (into ctx->c, which the
 * caller frees with free_paths(ctx->c, 2) unless it is left NULL, out of
 * memory) and their relation in each dimension, into @rel. */
static cas_status pair_relations(overlap_ctx *ctx, int32_t *rel, cas_error *err)
{
    cas_status st = CAS_OK;

    ctx->c = cas__calloc((size_t)2 * NVOCAB, sizeof *ctx->c);
    if (!ctx->c)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    for (size_t i = 0; i < 2 && st == CAS_OK; i++)
        for (int d = 0; d < NVOCAB && st == CAS_OK; d++) {
            cpath *c = &ctx->c[i * NVOCAB + d];
            st = cas__vocab_canon(ctx->v, d, cas__dim_path(ctx->s[i], d), &c->s, &c->len, &c->owned,
                                  err);
        }
    if (st == CAS_OK)
        st = dim_relations(ctx, 0, 1, rel, err);
    return st;
}

/* Why scopes @a and @b may not be added, as an error. */
static cas_status not_disjoint(const cas_vocab *v, const cas_scope *const *s, size_t a, size_t b,
                               const char *what, cas_error *err)
{
    const cas_scope *pair[2] = {s[a], s[b]};
    overlap_ctx ctx = {v, pair, NULL, 0};
    int32_t rel[CAS__NPATHS + 1];
    char da[200], db[200], why[400];
    int within = 1, contains = 1;
    cas_status st = pair_relations(&ctx, rel, err);

    if (!ctx.c)
        return st;
    why[0] = '\0';
    for (int d = 0; d < NVOCAB && st == CAS_OK && !why[0]; d++) {
        /* the vocabulary's own words for the first dimension that is
         * not the same: "'civilians/children' and 'civilians/women'
         * overlap: each is only a floor for 'civilians'" */
        const char *paths[2] = {ctx.c[d].s, ctx.c[NVOCAB + d].s};
        cas_error e;
        const char *m;
        if (rel[d] == CAS_VOCAB_SAME)
            continue;
        cas_error_init(&e);
        st = cas_vocab_check_addable(v, d, paths, 2, &e);
        if (st == CAS_ERR_OVERLAP) {
            st = CAS_OK;
            m = strstr(e.message, ": ");
            snprintf(why, sizeof why, "%.300s", m ? m + 2 : e.message);
        } else if (st != CAS_OK) {
            st = cas__fail(err, st, "", "%s", e.message);
        }
    }
    free_paths(ctx.c, 2);
    if (st != CAS_OK)
        return st;
    for (int d = 0; d <= CAS__NPATHS; d++) {
        within &= rel[d] == CAS_VOCAB_SAME || rel[d] == CAS_VOCAB_WITHIN;
        contains &= rel[d] == CAS_VOCAB_SAME || rel[d] == CAS_VOCAB_CONTAINS;
    }
    cas__scope_describe(da, sizeof da, s[a]);
    cas__scope_describe(db, sizeof db, s[b]);
    return cas__fail(err, CAS_ERR_OVERLAP, "",
                     "%s %zu (%s) and %s %zu (%s) are not disjoint (%s)%s%s: adding them would "
                     "count the same people twice",
                     what, a, da, what, b, db,
                     within && contains ? "same"
                     : within           ? "within"
                     : contains         ? "contains"
                                        : "overlapping",
                     why[0] ? ": " : "", why);
}

/* Check that @n scopes are pairwise disjoint under @v; on an overlap fail
 * with CAS_ERR_OVERLAP naming the pair as "@what N" and why. */
cas_status cas__check_disjoint(const cas_vocab *v, const cas_scope *const *s, size_t n,
                               const char *what, cas_error *err)
{
    size_t a = 0, b = 0;
    int found = 0;
    cas_status st = cas__find_overlap(v, s, n, &found, &a, &b, err);

    if (st != CAS_OK)
        return st;
    if (found)
        return not_disjoint(v, s, a, b, what, err);
    return CAS_OK;
}

cas_status cas__scope_within(const cas_vocab *v, const cas_scope *part, const cas_scope *whole,
                             int *within, cas_error *err)
{
    const cas_scope *pair[2] = {part, whole};
    overlap_ctx ctx = {v, pair, NULL, 0};
    int32_t rel[CAS__NPATHS + 1];
    cas_status st = pair_relations(&ctx, rel, err);

    if (!ctx.c)
        return st;
    free_paths(ctx.c, 2);
    if (st != CAS_OK)
        return st;
    *within = cas__day_lo(part->period_start) >= cas__day_lo(whole->period_start) &&
              cas__day_hi(part->period_end) <= cas__day_hi(whole->period_end);
    int same = part->period_start == whole->period_start && part->period_end == whole->period_end;
    for (int d = 0; d < CAS__NPATHS; d++) {
        *within &= rel[d] == CAS_VOCAB_SAME || rel[d] == CAS_VOCAB_WITHIN;
        same &= rel[d] == CAS_VOCAB_SAME;
    }
    /* a part is a proper part */
    *within &= !same;
    return CAS_OK;
}
