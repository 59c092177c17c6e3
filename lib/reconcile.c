/* SPDX-License-Identifier: MIT */
/* Reconciling the claims on one scope, or on every scope of a ledger
 * (docs/model.md section 5). */
#include "reconcile_internal.h"
#include "alloc_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

CAS__DEFINE_INIT(cas_reconcile_options, .bases = CAS_BASES_DEFAULT, .max_conflicts = 1000,
                 .default_weight = 1.0)

CAS__DEFINE_INIT(cas_scope_result, .scope = CAS__SCOPE_ALL)

static const char *const best_rule_names[] = {"median", "lowest", "priority", "none-if-conflict"};
static const char *const best_kind_names[] = {"", "reported", "midpoint", "sum"};

const char *cas_best_rule_name(int32_t rule)
{
    return rule >= 0 && rule < 4 ? best_rule_names[rule] : NULL;
}

cas_status cas_best_rule_from_name(int32_t *out, const char *name)
{
    if (!out || !name)
        return CAS_ERR_ARG;
    for (int32_t i = 0; i < 4; i++)
        if (strcmp(name, best_rule_names[i]) == 0) {
            *out = i;
            return CAS_OK;
        }
    return CAS_ERR_VALUE;
}

const char *cas_best_kind_name(int32_t kind)
{
    return kind >= 0 && kind < 4 ? best_kind_names[kind] : NULL;
}

CAS__DEFINE_INIT(cas_claim_ref, 0)

CAS__DEFINE_INIT(cas_conflict, 0)

cas_status cas__options_bases(const cas_reconcile_options *opts, uint32_t *bases, cas_error *err)
{
    if (!opts) {
        *bases = CAS_BASES_DEFAULT;
        return CAS_OK;
    }
    if (!CAS__SIZED_OK(opts, cas_reconcile_options))
        return cas__fail(err, CAS_ERR_ARG, "size",
                         "options size is not set (use cas_reconcile_options_init)");
    if (opts->bases == 0 || (opts->bases & ~CAS_BASES_ALL))
        return cas__fail(err, CAS_ERR_ARG, "bases",
                         "expected a non-empty set of CAS_BASIS_BIT() bits, got 0x%x",
                         (unsigned)opts->bases);
    *bases = opts->bases;
    return CAS_OK;
}

cas_status cas__options_tolerance(const cas_reconcile_options *opts, int32_t *kind, double *t,
                                  cas_error *err)
{
    *kind = CAS_TOLERANCE_NONE;
    *t = 0;
    if (!opts || !CAS__HAS(opts, cas_reconcile_options, tolerance))
        return CAS_OK;
    switch (opts->tolerance_kind) {
    case CAS_TOLERANCE_NONE:
        return CAS_OK;
    case CAS_TOLERANCE_SHARE:
        if (!(opts->tolerance >= 0 && opts->tolerance < 1))
            return cas__fail(err, CAS_ERR_ARG, "tolerance",
                             "a share must be at least 0 and below 1, got %g", opts->tolerance);
        break;
    case CAS_TOLERANCE_COUNT:
        if (!(opts->tolerance >= 0 && opts->tolerance <= 9.0e15) ||
            opts->tolerance != floor(opts->tolerance))
            return cas__fail(err, CAS_ERR_ARG, "tolerance",
                             "a count must be a whole number >= 0, got %g", opts->tolerance);
        break;
    default:
        return cas__fail(err, CAS_ERR_ARG, "tolerance_kind", "unknown kind %ld",
                         (long)opts->tolerance_kind);
    }
    *kind = opts->tolerance_kind;
    *t = opts->tolerance;
    return CAS_OK;
}

/* The options as the reconciliation uses them: weights keyed by the
 * ledger's pool id of the source name, sorted for binary search. */
typedef struct weight {
    uint32_t source;
    double w;
} weight;

typedef struct settings {
    uint32_t bases, max_conflicts;
    double default_weight;
    weight *weights;
    size_t nweights;
    int32_t best_rule;  /* a cas_best_rule */
    uint32_t *priority; /* CAS_BEST_RULE_PRIORITY: pool ids of the
                                sources the ledger knows, in the caller's order */
    size_t npriority;
    int32_t tol_kind; /* a cas_tolerance_kind */
    double tol;
} settings;

static void settings_free(settings *s)
{
    cas__free(s->weights);
    cas__free(s->priority);
    s->weights = NULL;
    s->priority = NULL;
}

/* The rule for the best and its source list (docs/model.md section 13). */
static cas_status settings_best(settings *s, const cas_ledger *l, const cas_reconcile_options *opts,
                                cas_error *err)
{
    s->best_rule = CAS_BEST_RULE_MEDIAN;
    if (!opts || !CAS__HAS(opts, cas_reconcile_options, best_rule))
        return CAS_OK;
    s->best_rule = opts->best_rule;
    if (!cas_best_rule_name(s->best_rule))
        return cas__fail(err, CAS_ERR_ARG, "best_rule", "unknown rule %ld for the best",
                         (long)s->best_rule);
    if (s->best_rule != CAS_BEST_RULE_PRIORITY)
        return CAS_OK;
    if (!CAS__HAS(opts, cas_reconcile_options, priority_sources) || opts->npriority == 0 ||
        !opts->priority_sources)
        return cas__fail(err, CAS_ERR_ARG, "priority_sources",
                         "the priority rule needs a list of sources, most trusted first");
    s->priority = cas__malloc(opts->npriority * sizeof *s->priority);
    if (!s->priority)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    for (uint32_t i = 0; i < opts->npriority; i++) {
        const char *n = opts->priority_sources[i];
        uint32_t id;
        if (!n) {
            settings_free(s);
            return cas__fail(err, CAS_ERR_ARG, "priority_sources", "source name %u is NULL",
                             (unsigned)i);
        }
        /* A source the ledger does not know gives no figure. */
        if (cas__pool_find(&l->pool, n, strlen(n), &id))
            s->priority[s->npriority++] = id;
    }
    return CAS_OK;
}

static int weight_cmp(const void *a, const void *b)
{
    const weight *x = a, *y = b;
    return (x->source > y->source) - (x->source < y->source);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int weight_ok(double w)
{
    return isfinite(w) && w >= 0;
}

static cas_status settings_make(settings *s, const cas_ledger *l, const cas_reconcile_options *opts,
                                cas_error *err)
{
    cas_status st;
    const char **names;

    memset(s, 0, sizeof *s);
    if ((st = cas__options_bases(opts, &s->bases, err)) != CAS_OK)
        return st;
    if ((st = cas__options_tolerance(opts, &s->tol_kind, &s->tol, err)) != CAS_OK)
        return st;
    s->max_conflicts = opts ? opts->max_conflicts : 1000;
    s->default_weight = opts ? opts->default_weight : 1.0;
    if (!weight_ok(s->default_weight))
        return cas__fail(err, CAS_ERR_ARG, "default_weight", "must be finite and >= 0, got %g",
                         s->default_weight);
    if (!opts || opts->nweights == 0)
        return settings_best(s, l, opts, err);
    if (!opts->weight_sources || !opts->weights)
        return cas__fail(err, CAS_ERR_ARG, "weights",
                         "nweights is %u but the weight arrays are NULL", (unsigned)opts->nweights);
    for (uint32_t i = 0; i < opts->nweights; i++) {
        if (!opts->weight_sources[i])
            return cas__fail(err, CAS_ERR_ARG, "weight_sources", "source name %u is NULL",
                             (unsigned)i);
        if (!weight_ok(opts->weights[i]))
            return cas__fail(err, CAS_ERR_ARG, "weights",
                             "the weight of '%.80s' must be finite and >= 0, got %g",
                             opts->weight_sources[i], opts->weights[i]);
    }
    names = cas__malloc(opts->nweights * sizeof *names);
    s->weights = cas__malloc(opts->nweights * sizeof *s->weights);
    if (!names || !s->weights) {
        cas__free(names);
        cas__free(s->weights);
        s->weights = NULL;
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    memcpy(names, opts->weight_sources, opts->nweights * sizeof *names);
    qsort(names, opts->nweights, sizeof *names, name_cmp);
    for (uint32_t i = 1; i < opts->nweights; i++)
        if (strcmp(names[i - 1], names[i]) == 0) {
            st = cas__fail(err, CAS_ERR_DUPLICATE, "weight_sources",
                           "source '%.80s' is weighted twice", names[i]);
            cas__free(names);
            cas__free(s->weights);
            s->weights = NULL;
            return st;
        }
    cas__free(names);
    for (uint32_t i = 0; i < opts->nweights; i++) {
        const char *n = opts->weight_sources[i];
        uint32_t id;
        /* A source the ledger does not know has no claims to weigh. */
        if (cas__pool_find(&l->pool, n, strlen(n), &id)) {
            s->weights[s->nweights].source = id;
            s->weights[s->nweights].w = opts->weights[i];
            s->nweights++;
        }
    }
    qsort(s->weights, s->nweights, sizeof *s->weights, weight_cmp);
    if ((st = settings_best(s, l, opts, err)) != CAS_OK)
        settings_free(s);
    return st;
}

static double settings_weight(const settings *s, uint32_t source)
{
    weight key = {source, 0}, *hit;
    if (!s->nweights)
        return s->default_weight;
    hit = bsearch(&key, s->weights, s->nweights, sizeof key, weight_cmp);
    return hit ? hit->w : s->default_weight;
}

/* Per-call scratch space, grown as scopes need it. */
typedef struct item {
    int64_t key;    /* the value sorted on */
    uint32_t rank;  /* position in cas__claim_cmp order: the tie-break */
    uint32_t claim; /* ledger index */
    double w;
} item;

typedef struct scratch {
    uint32_t *counted;
    item *a, *b, *c;
    uint32_t *ne; /* positions in b of the claims that are not exact counts */
    size_t counted_cap, a_cap, b_cap, c_cap, ne_cap;
} scratch;

static cas_status scratch_reserve(scratch *s, size_t n)
{
    if (!cas__grow((void **)&s->counted, &s->counted_cap, n, sizeof *s->counted, 16) ||
        !cas__grow((void **)&s->a, &s->a_cap, n, sizeof *s->a, 16) ||
        !cas__grow((void **)&s->b, &s->b_cap, n, sizeof *s->b, 16) ||
        !cas__grow((void **)&s->c, &s->c_cap, n, sizeof *s->c, 16) ||
        !cas__grow((void **)&s->ne, &s->ne_cap, n, sizeof *s->ne, 16))
        return CAS_ERR_NOMEM;
    return CAS_OK;
}

static void scratch_free(scratch *s)
{
    cas__free(s->counted);
    cas__free(s->a);
    cas__free(s->b);
    cas__free(s->c);
    cas__free(s->ne);
}

/* Sort @n items by @cmp: insertion sort for the handful of claims a scope
 * usually has, qsort beyond. Both orders are total (rank breaks ties), so
 * the result does not depend on the algorithm. */
static void sort_items(item *a, size_t n, int (*cmp)(const void *, const void *))
{
    if (n > 16) {
        qsort(a, n, sizeof *a, cmp);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        item v = a[i];
        size_t j = i;
        while (j > 0 && cmp(&v, &a[j - 1]) < 0) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

static int item_asc(const void *x, const void *y)
{
    const item *a = x, *b = y;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->rank > b->rank) - (a->rank < b->rank);
}

static int item_desc(const void *x, const void *y)
{
    const item *a = x, *b = y;
    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return (a->rank > b->rank) - (a->rank < b->rank);
}

static cas_status push_idx(cas_reconciliation *r, uint32_t v)
{
    if (r->nidx < r->idx_cap) {
        r->idx[r->nidx++] = v;
        return CAS_OK;
    }
    return cas__u32_push(&r->idx, &r->nidx, &r->idx_cap, v);
}

static cas_status push_conflict(cas_reconciliation *r, const cas__conflict_rec *c)
{
    if (!cas__grow((void **)&r->conf, &r->conf_cap, r->nconf + 1, sizeof *r->conf, 16))
        return CAS_ERR_NOMEM;
    r->conf[r->nconf++] = *c;
    return CAS_OK;
}

static int high_gt(int64_t a, int64_t b) /* a > b with CAS_OPEN as infinity */
{
    if (a == CAS_OPEN)
        return b != CAS_OPEN;
    return b != CAS_OPEN && a > b;
}

/* Does the claim have a figure for the median (a best, or an exact count)? */
static int has_point(const cas__claim *c)
{
    return c->best != CAS_NONE || c->low == c->high;
}

/* The weighted median of the figures in s->a[0..n) (keys), and the
 * figures it came from. */
static void median(item *a, size_t n, int64_t *best, int64_t *v1, int64_t *v2)
{
    double total = 0, cum = 0, eps;
    size_t m;

    *best = *v1 = *v2 = CAS_NONE;
    for (size_t i = 0; i < n; i++)
        total += a[i].w;
    if (n == 0 || !(total > 0))
        return;
    sort_items(a, n, item_asc);
    eps = total * 1e-12;
    for (m = 0; m < n; m++) {
        cum += a[m].w;
        if (cum >= total / 2 - eps)
            break;
    }
    if (m >= n)
        m = n - 1;
    *v1 = *v2 = a[m].key;
    if (fabs(cum - total / 2) <= eps && m + 1 < n) {
        /* Exactly half the weight on each side: the midpoint. */
        *v2 = a[m + 1].key;
        *best = *v1 + (*v2 - *v1) / 2;
    } else {
        *best = *v1;
    }
}

/* Sort the @n claims at @grp into those that count (into s->counted, in
 * the same order), the superseded and those of bases left out; returns
 * how many count. */
static size_t count_claims(const cas_ledger *l, const settings *o, scratch *s, const uint32_t *grp,
                           size_t n, cas__scope_rec *rec)
{
    size_t nc = 0;

    for (size_t i = 0; i < n; i++) {
        const cas__claim *c = &l->claims[grp[i]];
        if (!c->current)
            rec->superseded++;
        else if (!(o->bases & CAS_BASIS_BIT(c->basis)))
            rec->excluded++;
        else
            s->counted[nc++] = grp[i];
    }
    return nc;
}

/* The envelope and the consensus of the @nc counted claims, their sources,
 * and the list of them in r->idx. */
static cas_status scope_bounds(cas_reconciliation *r, const scratch *s, size_t nc,
                               cas__scope_rec *rec)
{
    const cas__claim *cl = r->ledger->claims;
    cas_status st;

    rec->rep = s->counted[0];
    rec->nclaims = (uint32_t)nc;
    rec->claims_off = r->nidx;
    rec->env_low = rec->cons_low = cl[s->counted[0]].low;
    rec->env_high = rec->cons_high = cl[s->counted[0]].high;
    for (size_t i = 0; i < nc; i++) {
        const cas__claim *c = &cl[s->counted[i]];
        if ((st = push_idx(r, s->counted[i])) != CAS_OK)
            return st;
        if (i == 0 || c->source != cl[s->counted[i - 1]].source)
            rec->nsources++;
        if (c->low < rec->env_low)
            rec->env_low = c->low;
        if (c->low > rec->cons_low)
            rec->cons_low = c->low;
        if (high_gt(c->high, rec->env_high))
            rec->env_high = c->high;
        if (high_gt(rec->cons_high, c->high))
            rec->cons_high = c->high;
    }
    return CAS_OK;
}

/* The figures the best is taken from, into s->a: each source's weight
 * shared among its claims with a figure; only source @only's claims
 * (each weighing 1) unless @only is UINT32_MAX. Returns how many. */
static size_t best_points(const cas_ledger *l, const settings *o, scratch *s, size_t nc,
                          uint32_t only)
{
    const cas__claim *cl = l->claims;
    size_t npts = 0;

    for (size_t i = 0; i < nc;) {
        size_t j = i, k = 0;
        uint32_t src = cl[s->counted[i]].source;
        while (j < nc && cl[s->counted[j]].source == src) {
            k += has_point(&cl[s->counted[j]]);
            j++;
        }
        double w = only == UINT32_MAX ? settings_weight(o, src) : src == only ? (double)k : 0;
        for (; i < j; i++) {
            const cas__claim *c = &cl[s->counted[i]];
            if (!has_point(c) || !(w > 0))
                continue;
            s->a[npts].key = cas__figure(c);
            s->a[npts].rank = (uint32_t)i;
            s->a[npts].claim = s->counted[i];
            s->a[npts].w = w / (double)k;
            npts++;
        }
    }
    return npts;
}

/* The best by the rule of @o (docs/model.md section 13); @v1 and @v2 the
 * figures it came from, and whether a source reported it or it is the
 * midpoint of two figures. */
static void scope_best(const cas_ledger *l, const settings *o, scratch *s, size_t nc,
                       cas__scope_rec *rec, int64_t *v1, int64_t *v2, uint32_t *from)
{
    size_t npts;

    rec->best = *v1 = *v2 = CAS_NONE;
    *from = UINT32_MAX;
    switch (o->best_rule) {
    case CAS_BEST_RULE_LOWEST:
        npts = best_points(l, o, s, nc, UINT32_MAX);
        for (size_t i = 0; i < npts; i++)
            if (rec->best == CAS_NONE || s->a[i].key < rec->best)
                rec->best = s->a[i].key;
        *v1 = *v2 = rec->best;
        break;
    case CAS_BEST_RULE_PRIORITY:
        for (size_t p = 0; p < o->npriority && rec->best == CAS_NONE; p++)
            if ((npts = best_points(l, o, s, nc, o->priority[p])) > 0) {
                median(s->a, npts, &rec->best, v1, v2);
                *from = o->priority[p];
            }
        break;
    case CAS_BEST_RULE_NONE_IF_CONFLICT:
        if (rec->cons_high != CAS_OPEN && rec->cons_low > rec->cons_high)
            break;
        /* fall through */
    default:
        median(s->a, best_points(l, o, s, nc, UINT32_MAX), &rec->best, v1, v2);
        break;
    }
    /* A midpoint that rounds down onto a figure is that figure. */
    rec->best_kind = rec->best == CAS_NONE                  ? CAS_BEST_ABSENT
                     : rec->best != *v1 && rec->best != *v2 ? CAS_BEST_MIDPOINT
                                                            : CAS_BEST_REPORTED;
}

/* Does claim @c give bound @b of @rec (the best: when it is one of the
 * figures @v1, @v2 the best came from, of source @from unless that is
 * UINT32_MAX)? */
static int gives_bound(const settings *o, const cas__claim *c, int b, const cas__scope_rec *rec,
                       int64_t v1, int64_t v2, uint32_t from)
{
    switch (b) {
    case CAS_BOUND_ENVELOPE_LOW:
        return c->low == rec->env_low;
    case CAS_BOUND_ENVELOPE_HIGH:
        return c->high == rec->env_high;
    case CAS_BOUND_CONSENSUS_LOW: /* within a tolerance: [min high, max low] */
        return rec->within_tol ? c->high == rec->cons_low : c->low == rec->cons_low;
    case CAS_BOUND_CONSENSUS_HIGH:
        return rec->within_tol ? c->low == rec->cons_high : c->high == rec->cons_high;
    default:
        return rec->best != CAS_NONE && has_point(c) &&
               (from == UINT32_MAX ? settings_weight(o, c->source) > 0 : c->source == from) &&
               (cas__figure(c) == v1 || cas__figure(c) == v2);
    }
}

/* Provenance of every bound, in claim order. */
static cas_status scope_provenance(cas_reconciliation *r, const settings *o, const scratch *s,
                                   size_t nc, cas__scope_rec *rec, int64_t v1, int64_t v2,
                                   uint32_t from)
{
    const cas__claim *cl = r->ledger->claims;
    cas_status st;

    for (int b = 0; b < CAS__NBOUNDS; b++) {
        rec->prov_off[b] = r->nidx;
        for (size_t i = 0; i < nc; i++)
            if (gives_bound(o, &cl[s->counted[i]], b, rec, v1, v2, from) &&
                (st = push_idx(r, s->counted[i])) != CAS_OK)
                return st;
        rec->prov_n[b] = (uint32_t)(r->nidx - rec->prov_off[b]);
    }
    return CAS_OK;
}

/* The number of pairs of counted claims (all but those of source @skip,
 * unless it is UINT32_MAX) whose ranges are disjoint and which the
 * tolerance does not let agree. Leaves the lows in s->a (descending, @nl
 * of them) and the bounded highs in s->b (ascending, @nh). Sorting makes
 * it O(n log n): the pairs themselves are never walked. */
static int64_t disjoint_pairs(const cas_ledger *l, const settings *o, scratch *s, size_t nc,
                              uint32_t skip, size_t *nl, size_t *nh)
{
    const cas__claim *cl = l->claims;
    size_t na = 0, nb = 0, ne = 0, below;
    int64_t pairs = 0;

    for (size_t i = 0; i < nc; i++) {
        const cas__claim *c = &cl[s->counted[i]];
        item it = {c->low, (uint32_t)i, s->counted[i], 0};
        if (c->source == skip)
            continue;
        s->a[na++] = it;
        if (c->high != CAS_OPEN) {
            it.key = c->high;
            s->b[nb++] = it;
        }
        if (c->low == c->high && o->tol_kind != CAS_TOLERANCE_NONE)
            s->c[ne++] = it;
    }
    sort_items(s->a, na, item_desc);
    sort_items(s->b, nb, item_asc);
    /* Count all pairs: lows descend, so the number of highs below each
     * low can only shrink; one merge-like sweep from the other end. */
    below = nb;
    for (size_t i = 0; i < na; i++) {
        while (below > 0 && s->b[below - 1].key >= s->a[i].key)
            below--;
        pairs += (int64_t)below;
    }
    /* Less the pairs of exact counts within the tolerance: for each count
     * x, the smaller counts y with x - y within it. The smallest such y
     * grows with x, so two pointers sweep the sorted counts once. */
    sort_items(s->c, ne, item_asc);
    for (size_t i = 0, lo = 0, eq = 0; i < ne; i++) {
        while (s->c[eq].key < s->c[i].key)
            eq++;
        while (lo < eq && !cas__within(s->c[i].key, s->c[lo].key, o->tol_kind, o->tol))
            lo++;
        pairs -= (int64_t)(eq - lo);
    }
    *nl = na;
    *nh = nb;
    return pairs;
}

/* The outlier of a scope in conflict: a source that has a claim in every
 * conflicting pair, and so one of the two of the first pair (@first_hi,
 * @first_lo), whose removal leaves no conflict; none when both sources'
 * removals do (two sources that disagree). */
static uint32_t scope_outlier(const cas_ledger *l, const settings *o, scratch *s, size_t nc,
                              uint32_t first_hi, uint32_t first_lo)
{
    uint32_t cand[2] = {l->claims[first_hi].source, l->claims[first_lo].source};
    uint32_t found = UINT32_MAX;
    size_t nl, nh;

    for (int k = 0; k < (cand[0] == cand[1] ? 1 : 2); k++)
        if (disjoint_pairs(l, o, s, nc, cand[k], &nl, &nh) == 0) {
            if (found != UINT32_MAX)
                return UINT32_MAX;
            found = cand[k];
        }
    return found;
}

/* Which counted claims are in at least one conflicting pair, one byte each
 * in r->inconf, in O(n): u is the higher of a pair when some bounded high
 * lies below u.low, the lower when some low lies above u.high. The
 * tolerance only spares pairs of exact counts, and whether x and y are
 * within it is monotone in their distance, so for an exact u the farthest
 * exact count on each side decides. */
static cas_status scope_inconf(cas_reconciliation *r, const settings *o, const scratch *s,
                               size_t nc, cas__scope_rec *rec)
{
    const cas__claim *cl = r->ledger->claims;
    const int tol = o->tol_kind != CAS_TOLERANCE_NONE;
    int64_t min_hi = INT64_MAX, min_ex = INT64_MAX, max_lo = INT64_MIN, max_ex = INT64_MIN;

    if (!cas__grow((void **)&r->inconf, &r->inconf_cap, r->ninconf + nc, sizeof *r->inconf, 64))
        return CAS_ERR_NOMEM;
    rec->inconf_off = r->ninconf;
    for (size_t i = 0; i < nc; i++) {
        const cas__claim *c = &cl[s->counted[i]];
        if (tol && c->low == c->high) {
            min_ex = c->low < min_ex ? c->low : min_ex;
            max_ex = c->low > max_ex ? c->low : max_ex;
            continue;
        }
        if (c->high != CAS_OPEN && c->high < min_hi)
            min_hi = c->high;
        if (c->low > max_lo)
            max_lo = c->low;
    }
    for (size_t i = 0; i < nc; i++) {
        const cas__claim *c = &cl[s->counted[i]];
        int in;
        if (tol && c->low == c->high) {
            int64_t x = c->low;
            in = min_hi < x || (min_ex < x && !cas__within(x, min_ex, o->tol_kind, o->tol)) ||
                 max_lo > x || (max_ex > x && !cas__within(max_ex, x, o->tol_kind, o->tol));
        } else {
            int64_t lo_all = max_lo > max_ex ? max_lo : max_ex;
            int64_t hi_all = min_hi < min_ex ? min_hi : min_ex;
            in = hi_all < c->low || (c->high != CAS_OPEN && lo_all > c->high);
        }
        r->inconf[r->ninconf++] = (uint8_t)in;
    }
    return CAS_OK;
}

/* The first of the @nh highs in s->b, below @x, that are within the
 * tolerance of the exact count @x (those before it are not): @nh if none.
 * Being within is monotone in the distance, so a binary search finds it. */
static size_t first_within(const settings *o, const scratch *s, size_t nh, int64_t x)
{
    size_t lo = 0, hi = nh;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cas__within(x, s->b[mid].key, o->tol_kind, o->tol))
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Conflicts: the pairs (u, v) with u.low > v.high, all counted, the first
 * o->max_conflicts of them kept; the pairs the tolerance lets agree are
 * neither; when they are all such, the consensus holds within the
 * tolerance. Then the outlier. Only conflicting pairs are visited: for an
 * exact higher count, the lows below its tolerance come whole, and within
 * it only the claims that are not exact counts (s->ne), so listing k
 * conflicts costs O(n log n + k), never the pairs the tolerance spares. */
static cas_status scope_conflicts(cas_reconciliation *r, const settings *o, scratch *s, size_t nc,
                                  cas__scope_rec *rec)
{
    const cas__claim *cl = r->ledger->claims;
    const int tol = o->tol_kind != CAS_TOLERANCE_NONE;
    size_t nl, nh, nne = 0, below;
    uint32_t first_hi = UINT32_MAX, first_lo = UINT32_MAX;
    cas_status st;

    rec->conf_off = r->nconf;
    rec->outlier = UINT32_MAX;
    rec->inconf_off = SIZE_MAX;
    if (rec->cons_high == CAS_OPEN || rec->cons_low <= rec->cons_high)
        return CAS_OK;
    rec->conflict_pairs = disjoint_pairs(r->ledger, o, s, nc, UINT32_MAX, &nl, &nh);
    if (rec->conflict_pairs == 0) {
        int64_t t = rec->cons_low;
        rec->within_tol = 1;
        rec->cons_low = rec->cons_high;
        rec->cons_high = t;
        return CAS_OK;
    }
    if ((st = scope_inconf(r, o, s, nc, rec)) != CAS_OK)
        return st;
    for (size_t j = 0; tol && j < nh; j++) {
        const cas__claim *lo = &cl[s->b[j].claim];
        if (lo->low != lo->high)
            s->ne[nne++] = (uint32_t)j;
    }
    below = nh;
    for (size_t i = 0; i < nl && (rec->nconf < o->max_conflicts || first_hi == UINT32_MAX); i++) {
        const cas__claim *hi = &cl[s->a[i].claim];
        size_t whole, q = 0;
        /* Lows descend, so the highs below each shrink to a prefix. */
        while (below > 0 && s->b[below - 1].key >= s->a[i].key)
            below--;
        whole = below;
        if (tol && hi->low == hi->high) {
            size_t lo_ne = 0, hi_ne = nne;
            whole = first_within(o, s, below, hi->low);
            while (lo_ne < hi_ne) { /* the first not-exact position >= whole */
                size_t mid = lo_ne + (hi_ne - lo_ne) / 2;
                if (s->ne[mid] < whole)
                    lo_ne = mid + 1;
                else
                    hi_ne = mid;
            }
            q = lo_ne;
        }
        for (size_t j = 0;;) {
            cas__conflict_rec c;
            const cas__claim *lo;
            if (j < whole) {
                j++;
                lo = &cl[s->b[j - 1].claim];
                c.lower = s->b[j - 1].claim;
            } else if (whole < below && q < nne && s->ne[q] < below) {
                lo = &cl[s->b[s->ne[q]].claim];
                c.lower = s->b[s->ne[q]].claim;
                q++;
            } else {
                break;
            }
            if (first_hi == UINT32_MAX) {
                first_hi = s->a[i].claim;
                first_lo = c.lower;
            }
            if (rec->nconf >= o->max_conflicts)
                break;
            c.higher = s->a[i].claim;
            c.gap = hi->low - lo->high;
            c.ratio = cas__ratio(cas__figure(hi), cas__figure(lo));
            if ((st = push_conflict(r, &c)) != CAS_OK)
                return st;
            rec->nconf++;
        }
    }
    if (first_hi != UINT32_MAX)
        rec->outlier = scope_outlier(r->ledger, o, s, nc, first_hi, first_lo);
    return CAS_OK;
}

/* Reconcile the @n claims of one scope, given in cas__claim_cmp order, and
 * append the result to @r unless none of them counts. */
static cas_status add_scope(cas_reconciliation *r, const settings *o, scratch *s,
                            const uint32_t *grp, size_t n, int *added)
{
    cas__scope_rec rec;
    size_t nc;
    cas_status st;
    int64_t v1, v2;
    uint32_t from;

    *added = 0;
    if ((st = scratch_reserve(s, n)) != CAS_OK)
        return st;
    memset(&rec, 0, sizeof rec);
    if ((nc = count_claims(r->ledger, o, s, grp, n, &rec)) == 0)
        return CAS_OK;
    if (!cas__grow((void **)&r->scopes, &r->scopes_cap, r->nscopes + 1, sizeof *r->scopes, 16))
        return CAS_ERR_NOMEM;
    if ((st = scope_bounds(r, s, nc, &rec)) != CAS_OK)
        return st;
    if ((st = scope_conflicts(r, o, s, nc, &rec)) != CAS_OK)
        return st;
    scope_best(r->ledger, o, s, nc, &rec, &v1, &v2, &from);
    if ((st = scope_provenance(r, o, s, nc, &rec, v1, v2, from)) != CAS_OK)
        return st;
    r->scopes[r->nscopes++] = rec;
    *added = 1;
    return CAS_OK;
}

/* The claims come in scope order and lie in load order, so each is a
 * cache miss; touching the next WARM of them in a tight loop of
 * independent loads lets the processor fetch many at once. Returns the
 * position up to which claims are warm. */
#define WARM 256

static size_t warm_claims(const cas_ledger *l, const uint32_t *idx, size_t lo, size_t n)
{
    size_t hi = n - lo < WARM ? n : lo + WARM;
    uint64_t sum = 0; /* unsigned: only the loads matter, and it may wrap */

    for (size_t k = lo; k < hi; k++)
        sum += (uint64_t)l->claims[idx[k]].low;
    {
        volatile uint64_t sink = sum; /* keeps the loads */
        (void)sink;
    }
    return hi;
}

/* Check the options and make an empty result. (The ledger's `current`
 * flags are always up to date: reading them is all a reconciliation does
 * to the ledger.) */
static cas_status start(cas_reconciliation **r, const cas_ledger *l, settings *o,
                        const cas_reconcile_options *opts, cas_error *err)
{
    cas_status st;

    if ((st = settings_make(o, l, opts, err)) != CAS_OK)
        return st;
    *r = cas__calloc(1, sizeof **r);
    if (!*r) {
        settings_free(o);
        cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
        return CAS_ERR_NOMEM;
    }
    (*r)->ledger = l;
    (*r)->tol_kind = o->tol_kind;
    (*r)->tol = o->tol;
    return CAS_OK;
}

cas_status cas_reconcile_ledger(cas_reconciliation **out, const cas_ledger *l,
                                const cas_reconcile_options *opts, cas_error *err)
{
    cas_reconciliation *r;
    settings o;
    scratch s = {0};
    uint32_t *idx;
    cas_status st;
    size_t n, nscopes;

    if (!out || !l)
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL", out ? "ledger" : "out");
    if ((st = start(&r, l, &o, opts, err)) != CAS_OK)
        return st;
    n = l->count;
    /* Processing claims in this one total order is what makes the result
     * independent of the order they were added in. */
    if ((st = cas__ledger_order(l, &idx, &nscopes)) != CAS_OK) {
        idx = NULL;
        goto done;
    }
    /* one result per scope at most: allocated once, not grown by copying */
    if (!cas__grow((void **)&r->scopes, &r->scopes_cap, nscopes, sizeof *r->scopes, 16)) {
        st = CAS_ERR_NOMEM;
        goto done;
    }
    cas__huge_pages(r->scopes, r->scopes_cap * sizeof *r->scopes);
    r->idx_cap = n + n / 2 + 16;
    r->idx = cas__malloc(r->idx_cap * sizeof *r->idx);
    if (!r->idx) {
        r->idx_cap = 0;
        st = CAS_ERR_NOMEM;
        goto done;
    }
    cas__huge_pages(r->idx, r->idx_cap * sizeof *r->idx);
    for (size_t lo = 0, warmed = 0; lo < n;) {
        size_t hi = lo + 1;
        int added;
        if (lo >= warmed)
            warmed = warm_claims(l, idx, lo, n);
        while (hi < n && cas__same_scope(&l->claims[idx[lo]], &l->claims[idx[hi]]))
            hi++;
        if ((st = add_scope(r, &o, &s, idx + lo, hi - lo, &added)) != CAS_OK)
            goto done;
        lo = hi;
    }
done:
    cas__free(idx);
    settings_free(&o);
    scratch_free(&s);
    if (st != CAS_OK) {
        cas_reconciliation_free(r);
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    }
    *out = r;
    return CAS_OK;
}

/* The pool id of path @s, or 0 with *missing set when the ledger has no
 * such string (then no claim can have it). */
static uint32_t find_id(const cas_ledger *l, const char *s, int *missing)
{
    uint32_t id = 0;
    if (!s || !*s)
        return 0;
    if (!cas__pool_find(&l->pool, s, strlen(s), &id))
        *missing = 1;
    return id;
}

cas_status cas_reconcile_scope(cas_reconciliation **out, const cas_ledger *l,
                               const cas_scope *scope, const cas_reconcile_options *opts,
                               cas_error *err)
{
    cas_reconciliation *r;
    settings o;
    scratch s = {0};
    uint32_t *idx = NULL;
    uint32_t ids[5];
    size_t n = 0, cap = 0;
    int missing = 0, added = 0;
    cas_status st;

    if (!out || !l || !scope)
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL",
                         !out ? "out"
                         : !l ? "ledger"
                              : "scope");
    if (scope->size < sizeof *scope)
        return cas__fail(err, CAS_ERR_ARG, "scope", "size is not set (use cas_scope_init)");
    if ((st = start(&r, l, &o, opts, err)) != CAS_OK)
        return st;
    ids[0] = find_id(l, scope->outcome, &missing);
    ids[1] = find_id(l, scope->group, &missing);
    ids[2] = find_id(l, scope->perpetrator, &missing);
    ids[3] = find_id(l, scope->place, &missing);
    ids[4] = find_id(l, scope->event, &missing);
    for (size_t i = 0; !missing && i < l->count; i++) {
        const cas__claim *c = &l->claims[i];
        if (c->outcome == ids[0] && c->group == ids[1] && c->perpetrator == ids[2] &&
            c->place == ids[3] && c->event == ids[4] && c->period_start == scope->period_start &&
            c->period_end == scope->period_end &&
            (st = cas__u32_push(&idx, &n, &cap, (uint32_t)i)) != CAS_OK)
            goto done;
    }
    if (n && (st = cas__sort_claims(l, idx, n, cas__claim_cmp)) != CAS_OK)
        goto done;
    st = add_scope(r, &o, &s, idx, n, &added);
done:
    cas__free(idx);
    settings_free(&o);
    scratch_free(&s);
    if (st != CAS_OK) {
        cas_reconciliation_free(r);
        return cas__fail(err, st, "", "%s", cas_strerror(st));
    }
    if (!added) {
        char d[300];
        cas__scope_describe(d, sizeof d, scope);
        cas_reconciliation_free(r);
        return cas__fail(err, CAS_ERR_NOT_FOUND, "",
                         "no claim counts on scope %s (%zu on it, all superseded or of "
                         "bases left out)",
                         d, n);
    }
    *out = r;
    return CAS_OK;
}

void cas_reconciliation_free(cas_reconciliation *r)
{
    if (!r)
        return;
    cas__free(r->scopes);
    cas__free(r->idx);
    cas__free(r->conf);
    cas__free(r->inconf);
    cas__free(r);
}

size_t cas_reconciliation_count(const cas_reconciliation *r)
{
    return r ? r->nscopes : 0;
}

const cas_ledger *cas_reconciliation_ledger(const cas_reconciliation *r)
{
    return r ? r->ledger : NULL;
}

void cas__rec_scope(const cas_reconciliation *r, const cas__scope_rec *s, cas_scope *out)
{
    cas__claim_scope(r->ledger, &r->ledger->claims[s->rep], out);
}

cas_status cas_reconciliation_find(const cas_reconciliation *r, const cas_scope *scope,
                                   size_t *index)
{
    size_t lo = 0, hi;

    if (!r || !scope || !index || scope->size < sizeof *scope)
        return CAS_ERR_ARG;
    hi = r->nscopes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        cas_scope s;
        int c;
        cas__rec_scope(r, &r->scopes[mid], &s);
        c = cas__scope_order(&s, scope);
        if (c == 0) {
            *index = mid;
            return CAS_OK;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return CAS_ERR_NOT_FOUND;
}

/* The scope at @index of @r for a getter whose other arguments passed its
 * own checks (@args_ok): CAS_ERR_ARG before CAS_ERR_NOT_FOUND. */
static cas_status scope_at(const cas_reconciliation *r, int args_ok, size_t index,
                           const cas__scope_rec **s)
{
    if (!r || !args_ok)
        return CAS_ERR_ARG;
    if (index >= r->nscopes)
        return CAS_ERR_NOT_FOUND;
    *s = &r->scopes[index];
    return CAS_OK;
}

cas_status cas_reconciliation_get(const cas_reconciliation *r, size_t index, cas_scope_result *out)
{
    const cas__scope_rec *s = NULL;
    cas_status st = scope_at(r, CAS__SIZED_OK(out, cas_scope_result), index, &s);
    cas_scope_result res;

    if (st != CAS_OK)
        return st;
    cas_scope_result_init(&res);
    cas__rec_scope(r, s, &res.scope);
    res.has_consensus = s->cons_high == CAS_OPEN || s->cons_low <= s->cons_high;
    res.claims = s->nclaims;
    res.sources = s->nsources;
    res.superseded = s->superseded;
    res.excluded = s->excluded;
    res.envelope_low = s->env_low;
    res.envelope_high = s->env_high;
    res.consensus_low = s->cons_low;
    res.consensus_high = s->cons_high;
    res.best = s->best;
    res.conflict_pairs = s->conflict_pairs;
    res.conflicts = s->nconf;
    res.best_kind = s->best_kind;
    res.within_tolerance = s->within_tol;
    res.outlier = s->outlier == UINT32_MAX ? NULL : cas__pool_str(&r->ledger->pool, s->outlier);
    cas__sized_write(out, &res, sizeof res);
    return CAS_OK;
}

/* The count @n of a list of claims at r->idx[@off], then claim @k of it. */
static cas_status claim_in(const cas_reconciliation *r, size_t off, size_t n, size_t k,
                           cas_claim_ref *out, size_t *count)
{
    if (count)
        *count = n;
    if (!out)
        return CAS_OK;
    if (k >= n)
        return CAS_ERR_NOT_FOUND;
    cas__claim_ref_fill(r->ledger, r->idx[off + k], out);
    return CAS_OK;
}

cas_status cas_reconciliation_claim(const cas_reconciliation *r, size_t index, size_t k,
                                    cas_claim_ref *out, size_t *count)
{
    const cas__scope_rec *s = NULL;
    cas_status st = scope_at(r, !out || CAS__SIZED_OK(out, cas_claim_ref), index, &s);

    if (st != CAS_OK)
        return st;
    return claim_in(r, s->claims_off, s->nclaims, k, out, count);
}

cas_status cas_reconciliation_claim_conflicts(const cas_reconciliation *r, size_t index, size_t k,
                                              int *in_conflict)
{
    const cas__scope_rec *s = NULL;
    cas_status st = scope_at(r, in_conflict != NULL, index, &s);

    if (st != CAS_OK)
        return st;
    if (k >= s->nclaims)
        return CAS_ERR_NOT_FOUND;
    *in_conflict = s->inconf_off == SIZE_MAX ? 0 : r->inconf[s->inconf_off + k];
    return CAS_OK;
}

cas_status cas_reconciliation_provenance(const cas_reconciliation *r, size_t index, int32_t bound,
                                         size_t k, cas_claim_ref *out, size_t *count)
{
    const cas__scope_rec *s = NULL;
    cas_status st = scope_at(
        r, (!out || CAS__SIZED_OK(out, cas_claim_ref)) && bound >= 0 && bound < CAS__NBOUNDS, index,
        &s);

    if (st != CAS_OK)
        return st;
    return claim_in(r, s->prov_off[bound], s->prov_n[bound], k, out, count);
}

cas_status cas_reconciliation_conflict(const cas_reconciliation *r, size_t index, size_t k,
                                       cas_conflict *out)
{
    const cas__scope_rec *s = NULL;
    const cas__conflict_rec *c;
    const cas_ledger *l;
    cas_conflict con;
    cas_status st = scope_at(r, CAS__SIZED_OK(out, cas_conflict), index, &s);

    if (st != CAS_OK)
        return st;
    if (k >= s->nconf)
        return CAS_ERR_NOT_FOUND;
    c = &r->conf[s->conf_off + k];
    l = r->ledger;
    cas_conflict_init(&con);
    con.higher = c->higher;
    con.lower = c->lower;
    con.higher_id = cas__pool_str(&l->pool, l->claims[c->higher].id);
    con.higher_source = cas__pool_str(&l->pool, l->claims[c->higher].source);
    con.lower_id = cas__pool_str(&l->pool, l->claims[c->lower].id);
    con.lower_source = cas__pool_str(&l->pool, l->claims[c->lower].source);
    con.gap = c->gap;
    con.ratio = c->ratio;
    cas__sized_write(out, &con, sizeof con);
    return CAS_OK;
}
