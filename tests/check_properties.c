/* SPDX-License-Identifier: MIT */
/* Property tests over thousands of random ledgers (fixed seeds): the
 * invariants of docs/model.md sections 4 to 6 and 15, checked against brute
 * force or against a known true count. */
#include "testutil.h"

#include <math.h>
#include <stdarg.h>

/* Assertions for hot loops: Check's own ck_assert_* report every passing
 * assertion to the parent process, which makes thousands of ledgers slow;
 * these call into Check only on failure. */
#define REQ(x)                                                                                     \
    do {                                                                                           \
        if (!(x))                                                                                  \
            ck_abort_msg("%s:%d: failed: %s", __FILE__, __LINE__, #x);                             \
    } while (0)
#define REQ_MSG(x, ...)                                                                            \
    do {                                                                                           \
        if (!(x))                                                                                  \
            ck_abort_msg(__VA_ARGS__);                                                             \
    } while (0)
#define REQ_EQ(a, b)                                                                               \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (a_ != b_)                                                                              \
            ck_abort_msg("%s:%d: %s == %s failed: %lld != %lld", __FILE__, __LINE__, #a, #b, a_,   \
                         b_);                                                                      \
    } while (0)

/* splitmix64: a small, portable generator, so runs are the same anywhere. */
typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next(rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int64_t pick(rng *r, int64_t n) /* 0 .. n-1 */
{
    return (int64_t)(next(r) % (uint64_t)n);
}

#define MAXC 48
#define DAY0 20150

typedef struct gen {
    cas_claim c[MAXC];
    char ids[MAXC][24];
    size_t n;
} gen;

static const char *const outcomes[] = {"killed", "wounded"};
static const char *const groups[] = {"", "civilians", "civilians/alawite", "combatants",
                                     "combatants/government"};
static const char *const perps[] = {"", "government"};
static const char *const places[] = {"syria", "syria/latakia", "syria/tartus",
                                     "syria/latakia/jableh"};
static const int32_t periods[][2] = {{0, 2}, {0, 6}, {3, 6}, {0, 0}, {-1, 6}, {4, 4}};
static const char *const sources[] = {"A", "B", "C", "D", "E"};

/* A random ledger: a few scopes, many claims on each, all kinds of ranges. */
static void gen_ledger(rng *r, gen *g)
{
    cas_scope pool[6];
    size_t nscopes = 1 + (size_t)pick(r, 6);

    for (size_t i = 0; i < nscopes; i++) {
        cas_scope_init(&pool[i]);
        pool[i].outcome = outcomes[pick(r, 2)];
        pool[i].group = groups[pick(r, 5)];
        pool[i].perpetrator = perps[pick(r, 2)];
        pool[i].place = places[pick(r, 4)];
        const int32_t *p = periods[pick(r, 6)];
        pool[i].period_start = p[0] < 0 ? CAS_DATE_UNKNOWN : DAY0 + p[0];
        pool[i].period_end = DAY0 + p[1];
    }
    g->n = 1 + (size_t)pick(r, MAXC);
    for (size_t i = 0; i < g->n; i++) {
        cas_claim *c = &g->c[i];
        cas_claim_init(c);
        snprintf(g->ids[i], sizeof g->ids[i], "c%02zu", i);
        c->id = g->ids[i];
        c->source = sources[pick(r, 5)];
        c->scope = pool[pick(r, (int64_t)nscopes)];
        c->basis = (int32_t)(pick(r, 6) < 4 ? pick(r, 2) : pick(r, 4));
        c->reported_on = pick(r, 4) == 0 ? CAS_DATE_UNKNOWN : DAY0 + 10 + (int32_t)pick(r, 3);
        c->low = pick(r, 4) == 0 ? 0 : pick(r, 200);
        switch (pick(r, 4)) {
        case 0:
            c->high = CAS_OPEN;
            c->qualifier = CAS_QUAL_AT_LEAST;
            break;
        case 1:
            c->high = c->low;
            c->qualifier = CAS_QUAL_EXACT;
            break;
        default:
            c->high = c->low + pick(r, 100);
            c->qualifier = CAS_QUAL_RANGE;
            break;
        }
        if (pick(r, 3) == 0)
            c->best = c->low + (c->high == CAS_OPEN ? pick(r, 50) : pick(r, c->high - c->low + 1));
    }
}

static cas_ledger *build(const gen *g, const size_t *order)
{
    cas_ledger *l = NULL;
    cas_error e;
    cas_error_init(&e);
    REQ_EQ(cas_ledger_new(&l), CAS_OK);
    for (size_t i = 0; i < g->n; i++)
        REQ_MSG(cas_ledger_add(l, &g->c[order ? order[i] : i], &e) == CAS_OK, "%s", e.message);
    return l;
}

static void shuffle(rng *r, size_t *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        a[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)pick(r, (int64_t)i), t = a[i - 1];
        a[i - 1] = a[j];
        a[j] = t;
    }
}

static int same_scope(const cas_scope *a, const cas_scope *b)
{
    return strcmp(a->outcome, b->outcome) == 0 && strcmp(a->group, b->group) == 0 &&
           strcmp(a->perpetrator, b->perpetrator) == 0 && strcmp(a->place, b->place) == 0 &&
           a->period_start == b->period_start && a->period_end == b->period_end;
}

static int high_le(int64_t a, int64_t b) /* a <= b, open as infinity */
{
    return b == CAS_OPEN || (a != CAS_OPEN && a <= b);
}

static int has_point(const cas_claim *c)
{
    return c->best != CAS_NONE || c->low == c->high;
}

static int64_t figure(const cas_claim *c)
{
    return c->best != CAS_NONE ? c->best : c->low;
}

static double weight_of(const cas_reconcile_options *o, const char *source)
{
    for (uint32_t i = 0; i < o->nweights; i++)
        if (strcmp(o->weight_sources[i], source) == 0)
            return o->weights[i];
    return o->default_weight;
}

/* Random options: some bases, sometimes weights, sometimes few conflicts. */
static void gen_options(rng *r, cas_reconcile_options *o, const char **names, double *w)
{
    cas_reconcile_options_init(o);
    if (pick(r, 2))
        o->bases = 1 + (uint32_t)pick(r, 15);
    if (pick(r, 2)) {
        o->nweights = 1 + (uint32_t)pick(r, 5);
        for (uint32_t i = 0; i < o->nweights; i++) {
            names[i] = sources[i];
            w[i] = (double)pick(r, 4) / 2; /* 0, 0.5, 1, 1.5 */
        }
        o->weight_sources = names;
        o->weights = w;
    }
    if (pick(r, 3) == 0)
        o->max_conflicts = (uint32_t)pick(r, 4);
}

/* ------------------------------------------------------------------ */

/* Every result, checked against brute force over the ledger. */
static void check_reconciliation(const cas_ledger *l, const cas_reconcile_options *o,
                                 const cas_reconciliation *rec)
{
    size_t n = cas_ledger_count(l), counted_total = 0;
    size_t nscopes = cas_reconciliation_count(rec);

    for (size_t i = 0; i < n; i++) {
        cas_claim c = {.size = sizeof c};
        int32_t cur = 0;
        REQ_EQ(cas_ledger_get(l, i, &c), CAS_OK);
        REQ_EQ(cas_ledger_is_current(l, i, &cur), CAS_OK);
        counted_total += cur && (o->bases & CAS_BASIS_BIT(c.basis));
    }
    for (size_t s = 0; s < nscopes; s++) {
        cas_scope_result res = {.size = sizeof res};
        size_t k = 0, nc = 0, superseded = 0, excluded = 0;
        int64_t pairs = 0;
        double wsum = 0, below = 0, above = 0;
        REQ_EQ(cas_reconciliation_get(rec, s, &res), CAS_OK);
        if (s > 0) {
            cas_scope_result prev = {.size = sizeof prev};
            REQ_EQ(cas_reconciliation_get(rec, s - 1, &prev), CAS_OK);
            REQ(!same_scope(&prev.scope, &res.scope));
        }
        /* Brute force: which claims count here, and what they say. */
        cas_claim cl[MAXC];
        for (size_t i = 0; i < n; i++) {
            cas_claim c = {.size = sizeof c};
            int32_t cur = 0;
            REQ_EQ(cas_ledger_get(l, i, &c), CAS_OK);
            if (!same_scope(&c.scope, &res.scope))
                continue;
            REQ_EQ(cas_ledger_is_current(l, i, &cur), CAS_OK);
            if (!cur)
                superseded++;
            else if (!(o->bases & CAS_BASIS_BIT(c.basis)))
                excluded++;
            else
                cl[nc++] = c;
        }
        REQ_EQ(res.claims, nc);
        REQ_EQ(res.superseded, superseded);
        REQ_EQ(res.excluded, excluded);
        counted_total -= nc;
        REQ_EQ(cas_reconciliation_claim(rec, s, 0, NULL, &k), CAS_OK);
        REQ_EQ(k, nc);
        for (size_t i = 0; i < nc; i++) {
            /* The envelope contains every counted claim; the consensus
             * lies inside every one. */
            REQ((res.envelope_low) <= (cl[i].low));
            REQ(high_le(cl[i].high, res.envelope_high));
            if (res.has_consensus) {
                REQ((res.consensus_low) >= (cl[i].low));
                REQ(high_le(res.consensus_high, cl[i].high));
                REQ(high_le(res.consensus_low, res.consensus_high));
            }
            for (size_t j = 0; j < nc; j++)
                pairs += cl[j].high != CAS_OPEN && cl[i].low > cl[j].high;
            if (has_point(&cl[i])) {
                double w = weight_of(o, cl[i].source);
                size_t same_source = 0;
                for (size_t j = 0; j < nc; j++)
                    same_source += has_point(&cl[j]) && strcmp(cl[j].source, cl[i].source) == 0;
                w /= (double)same_source;
                wsum += w;
                if (res.best != CAS_NONE && figure(&cl[i]) < res.best)
                    below += w;
                if (res.best != CAS_NONE && figure(&cl[i]) > res.best)
                    above += w;
            }
        }
        /* Bounds are attained (tight) and consistent with has_consensus. */
        {
            int lo_env = 0, hi_env = 0, lo_con = 0, hi_con = 0;
            for (size_t i = 0; i < nc; i++) {
                lo_env |= cl[i].low == res.envelope_low;
                hi_env |= cl[i].high == res.envelope_high;
                lo_con |= cl[i].low == res.consensus_low;
                hi_con |= cl[i].high == res.consensus_high;
            }
            REQ(lo_env && hi_env && lo_con && hi_con);
            REQ_EQ(res.has_consensus, high_le(res.consensus_low, res.consensus_high));
        }
        /* Conflicts: all pairs counted; those listed really are disjoint. */
        REQ_EQ(res.conflict_pairs, pairs);
        REQ_EQ(res.has_consensus, pairs == 0);
        REQ_EQ(res.conflicts,
               (uint64_t)pairs < o->max_conflicts ? (uint64_t)pairs : o->max_conflicts);
        for (uint32_t i = 0; i < res.conflicts; i++) {
            cas_conflict c = {.size = sizeof c};
            cas_claim hi = {.size = sizeof hi}, lo = {.size = sizeof lo};
            REQ_EQ(cas_reconciliation_conflict(rec, s, i, &c), CAS_OK);
            REQ_EQ(cas_ledger_get(l, c.higher, &hi), CAS_OK);
            REQ_EQ(cas_ledger_get(l, c.lower, &lo), CAS_OK);
            REQ(strcmp(hi.id, c.higher_id) == 0);
            REQ(lo.high != CAS_OPEN && hi.low > lo.high);
            REQ_EQ(c.gap, hi.low - lo.high);
            if (figure(&lo) == 0)
                REQ(isnan(c.ratio));
            else
                REQ(fabs((c.ratio) - ((double)figure(&hi) / (double)figure(&lo))) <= (1e-12));
        }
        /* The best is a weighted median: no more than half the weight lies
         * on either side of it. */
        if (wsum > 0) {
            REQ((res.best) != (CAS_NONE));
            REQ(below <= wsum / 2 + 1e-9);
            REQ(above <= wsum / 2 + 1e-9);
        } else {
            REQ_EQ(res.best, CAS_NONE);
        }
        /* Every bound's provenance: exactly the counted claims attaining it. */
        for (int b = 0; b < 5; b++) {
            size_t np = 0, expect = 0;
            int64_t fmin = 0, fmax = 0;
            int64_t v = b == 0   ? res.envelope_low
                        : b == 1 ? res.envelope_high
                        : b == 2 ? res.consensus_low
                        : b == 3 ? res.consensus_high
                                 : res.best;
            REQ_EQ(cas_reconciliation_provenance(rec, s, b, 0, NULL, &np), CAS_OK);
            for (size_t i = 0; i < nc; i++)
                expect += b == 0 || b == 2 ? cl[i].low == v : b < 4 ? cl[i].high == v : 0;
            for (size_t k2 = 0; k2 < np; k2++) {
                cas_claim_ref ref = {.size = sizeof ref};
                cas_claim c = {.size = sizeof c};
                REQ_EQ(cas_reconciliation_provenance(rec, s, b, k2, &ref, NULL), CAS_OK);
                REQ_EQ(cas_ledger_get(l, ref.index, &c), CAS_OK);
                REQ(strcmp(c.id, ref.id) == 0);
                REQ(same_scope(&c.scope, &res.scope));
                if (b == 0 || b == 2)
                    REQ_EQ(c.low, v);
                else if (b < 4)
                    REQ_EQ(c.high, v);
                else {
                    /* The median's own figures: at most two values. */
                    REQ(has_point(&c) && weight_of(o, c.source) > 0);
                    if (k2 == 0 || figure(&c) < fmin)
                        fmin = figure(&c);
                    if (k2 == 0 || figure(&c) > fmax)
                        fmax = figure(&c);
                }
            }
            if (b < 4) {
                REQ_EQ(np, expect);
            } else if (res.best == CAS_NONE) {
                REQ_EQ(np, 0);
            } else if (fmin == fmax) {
                /* One value: the best itself. */
                REQ(np > 0);
                REQ_EQ(fmin, res.best);
            } else {
                /* Two values: exactly half the weight at or below the lower,
                 * none strictly between them, and the best their midpoint. */
                double upto = 0;
                for (size_t i = 0; i < nc; i++) {
                    if (!has_point(&cl[i]))
                        continue;
                    REQ(figure(&cl[i]) <= fmin || figure(&cl[i]) >= fmax ||
                        weight_of(o, cl[i].source) == 0);
                    if (figure(&cl[i]) <= fmin) {
                        size_t same_source = 0;
                        for (size_t j = 0; j < nc; j++)
                            same_source +=
                                has_point(&cl[j]) && strcmp(cl[j].source, cl[i].source) == 0;
                        upto += weight_of(o, cl[i].source) / (double)same_source;
                    }
                }
                REQ(fabs(upto - wsum / 2) < 1e-9);
                REQ_EQ(res.best, fmin + (fmax - fmin) / 2);
            }
        }
    }
    /* Every counted claim is in some scope's result. */
    REQ_EQ(counted_total, 0);
}

START_TEST(reconciliation_invariants)
{
    rng r = {20250306};
    for (int it = 0; it < 2000; it++) {
        gen g;
        cas_reconcile_options o;
        const char *names[5];
        double w[5];
        cas_reconciliation *rec = NULL;
        cas_ledger *l;

        gen_ledger(&r, &g);
        gen_options(&r, &o, names, w);
        l = build(&g, NULL);
        REQ_EQ(cas_reconcile_ledger(&rec, l, &o, NULL), CAS_OK);
        check_reconciliation(l, &o, rec);
        /* One scope alone gives the same as in the whole ledger. */
        if (cas_reconciliation_count(rec) > 0) {
            cas_scope_result a = {.size = sizeof a}, b = {.size = sizeof b};
            cas_reconciliation *one = NULL;
            size_t s = (size_t)pick(&r, (int64_t)cas_reconciliation_count(rec));
            REQ_EQ(cas_reconciliation_get(rec, s, &a), CAS_OK);
            REQ_EQ(cas_reconcile_scope(&one, l, &a.scope, &o, NULL), CAS_OK);
            REQ_EQ(cas_reconciliation_get(one, 0, &b), CAS_OK);
            REQ(same_scope(&a.scope, &b.scope));
            REQ_EQ(a.envelope_low, b.envelope_low);
            REQ_EQ(a.envelope_high, b.envelope_high);
            REQ_EQ(a.consensus_low, b.consensus_low);
            REQ_EQ(a.consensus_high, b.consensus_high);
            REQ_EQ(a.best, b.best);
            REQ_EQ(a.conflict_pairs, b.conflict_pairs);
            cas_reconciliation_free(one);
        }
        cas_reconciliation_free(rec);
        cas_ledger_free(l);
    }
}
END_TEST

/* ------------------------------------------------------------------ */

/* Append to a growing text buffer. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void tput(text *t, const char *fmt, ...) CK_ATTRIBUTE_FORMAT(printf, 2, 3);

static void tput(text *t, const char *fmt, ...)
{
    va_list ap;
    int n;
    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        REQ((n) >= (0));
        if (t->s && (size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        t->cap = (t->cap + (size_t)n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        REQ((t->s) != NULL);
    }
}

/* A propagation's full state as text, by claim ids (never indices). */
static char *propagation_text(const cas_propagation *p)
{
    text t = {NULL, 0, 0};
    tput(&t, "%zu conflicts\n", cas_propagation_conflicts(p));
    for (size_t i = 0; i < cas_propagation_count(p); i++) {
        cas_bounds b = {.size = sizeof b};
        REQ_EQ(cas_propagation_get(p, i, &b), CAS_OK);
        tput(&t, "%s|%s|%s|%s|%d|%d [%lld %lld]->[%lld %lld] %d %d %d %d", b.scope.outcome,
             b.scope.group, b.scope.perpetrator, b.scope.place, (int)b.scope.period_start,
             (int)b.scope.period_end, (long long)b.initial_low, (long long)b.initial_high,
             (long long)b.low, (long long)b.high, b.low_rule, b.high_rule, b.conflict,
             b.has_claims);
        for (int side = 0; side < 2; side++) {
            size_t n = 0;
            REQ_EQ(cas_propagation_provenance(p, i, side, 0, NULL, &n), CAS_OK);
            tput(&t, side ? " high:" : " low:");
            for (size_t k = 0; k < n; k++) {
                cas_claim_ref c = {.size = sizeof c};
                REQ_EQ(cas_propagation_provenance(p, i, side, k, &c, NULL), CAS_OK);
                tput(&t, " %s", c.id);
            }
        }
        tput(&t, "\n");
    }
    return t.s;
}

START_TEST(shuffled_ledger_same_results)
{
    rng r = {1700823};
    for (int it = 0; it < 1000; it++) {
        gen g;
        size_t order[MAXC];
        cas_reconciliation *a = NULL, *b = NULL;
        cas_propagation *pa = NULL, *pb = NULL;
        cas_ledger *la, *lb;
        char *ta, *tb;

        gen_ledger(&r, &g);
        shuffle(&r, order, g.n);
        la = build(&g, NULL);
        lb = build(&g, order);
        REQ_EQ(cas_reconcile_ledger(&a, la, NULL, NULL), CAS_OK);
        REQ_EQ(cas_reconcile_ledger(&b, lb, NULL, NULL), CAS_OK);
        REQ_EQ(cas_report_csv(&ta, NULL, a, NULL), CAS_OK);
        REQ_EQ(cas_report_csv(&tb, NULL, b, NULL), CAS_OK);
        REQ(strcmp(ta, tb) == 0);
        cas_free(ta);
        cas_free(tb);
        REQ_EQ(cas_report_table(&ta, NULL, a, NULL), CAS_OK);
        REQ_EQ(cas_report_table(&tb, NULL, b, NULL), CAS_OK);
        REQ(strcmp(ta, tb) == 0);
        cas_free(ta);
        cas_free(tb);
        REQ_EQ(cas_propagation_new(&pa, a, CAS_RESULT_ENVELOPE, NULL), CAS_OK);
        REQ_EQ(cas_propagation_new(&pb, b, CAS_RESULT_ENVELOPE, NULL), CAS_OK);
        REQ_EQ(cas_propagation_run(pa, NULL), CAS_OK);
        REQ_EQ(cas_propagation_run(pb, NULL), CAS_OK);
        ta = propagation_text(pa);
        tb = propagation_text(pb);
        REQ(strcmp(ta, tb) == 0);
        free(ta);
        free(tb);
        cas_propagation_free(pa);
        cas_propagation_free(pb);
        cas_reconciliation_free(a);
        cas_reconciliation_free(b);
        cas_ledger_free(la);
        cas_ledger_free(lb);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* A world with a known true count for every cell: claims that are all
 * true must never conflict, and propagation must keep the truth inside
 * every range it tightens. */

/* The cells are disjoint under the default vocabulary (docs/model.md
 * section 10): civilians' sub-paths are facets that overlap, so the world
 * splits the exclusive combatants/government instead. */
static const char *const tgroups[] = {"civilians", "combatants/government/army",
                                      "combatants/government/police", "combatants/insurgents"};
static const char *const tperps[] = {"government", "insurgents"};
static const char *const tplaces[] = {"syria/latakia/jableh", "syria/latakia/other",
                                      "syria/tartus"};
#define NDAYS 6

typedef struct world {
    int64_t n[4][2][3][NDAYS];
} world;

static int under(const char *outer, const char *inner)
{
    size_t k = strlen(outer);
    return k == 0 || (strncmp(outer, inner, k) == 0 && (inner[k] == '\0' || inner[k] == '/'));
}

static int64_t truth(const world *w, const cas_scope *s)
{
    int64_t t = 0;
    for (int g = 0; g < 4; g++)
        for (int p = 0; p < 2; p++)
            for (int pl = 0; pl < 3; pl++)
                for (int d = 0; d < NDAYS; d++)
                    if (under(s->group, tgroups[g]) && under(s->perpetrator, tperps[p]) &&
                        under(s->place, tplaces[pl]) &&
                        (s->period_start == CAS_DATE_UNKNOWN || s->period_start <= DAY0 + d) &&
                        (s->period_end == CAS_DATE_UNKNOWN || s->period_end >= DAY0 + d))
                        t += w->n[g][p][pl][d];
    return t;
}

static const char *const any_groups[] = {"",
                                         "civilians",
                                         "combatants",
                                         "combatants/government",
                                         "combatants/government/army",
                                         "combatants/government/police",
                                         "combatants/insurgents"};
static const char *const any_perps[] = {"", "government", "insurgents"};
static const char *const any_places[] = {
    "", "syria", "syria/latakia", "syria/latakia/jableh", "syria/latakia/other", "syria/tartus"};

static cas_scope random_scope(rng *r)
{
    cas_scope s;
    int32_t a = (int32_t)pick(r, NDAYS), b = (int32_t)pick(r, NDAYS);
    cas_scope_init(&s);
    s.outcome = "killed";
    s.group = any_groups[pick(r, 7)];
    s.perpetrator = any_perps[pick(r, 3)];
    s.place = any_places[pick(r, 6)];
    if (a > b) {
        int32_t t = a;
        a = b;
        b = t;
    }
    switch (pick(r, 5)) {
    case 0:
        break; /* all time */
    case 1:
        s.period_end = DAY0 + b;
        break;
    default:
        s.period_start = DAY0 + a;
        s.period_end = DAY0 + b;
        break;
    }
    return s;
}

/* A true cover: a whole and the parts that make it up. */
static size_t random_cover(rng *r, cas_scope *whole, cas_scope parts[2])
{
    *whole = random_scope(r);
    parts[0] = parts[1] = *whole;
    switch (pick(r, 5)) {
    case 0:
        whole->group = "";
        parts[0].group = "civilians";
        parts[1].group = "combatants";
        break;
    case 1:
        whole->group = pick(r, 2) ? "combatants/government" : "combatants";
        parts[0].group = strcmp(whole->group, "combatants/government")
                             ? "combatants/government"
                             : "combatants/government/army";
        parts[1].group = strcmp(whole->group, "combatants/government")
                             ? "combatants/insurgents"
                             : "combatants/government/police";
        break;
    case 2:
        whole->perpetrator = "";
        parts[0].perpetrator = "government";
        parts[1].perpetrator = "insurgents";
        break;
    case 3:
        whole->place = pick(r, 2) ? "syria" : "syria/latakia";
        parts[0].place = strcmp(whole->place, "syria") ? "syria/latakia/jableh" : "syria/latakia";
        parts[1].place = strcmp(whole->place, "syria") ? "syria/latakia/other" : "syria/tartus";
        break;
    default:
        whole->period_start = DAY0;
        whole->period_end = DAY0 + NDAYS - 1;
        {
            int32_t m = (int32_t)pick(r, NDAYS - 1);
            parts[0].period_start = DAY0;
            parts[0].period_end = DAY0 + m;
            parts[1].period_start = DAY0 + m + 1;
            parts[1].period_end = DAY0 + NDAYS - 1;
        }
        break;
    }
    return 2;
}

START_TEST(true_claims_never_conflict)
{
    rng r = {823};
    size_t moved = 0;
    for (int it = 0; it < 600; it++) {
        world w;
        gen g;
        cas_ledger *l;
        cas_reconciliation *rec = NULL;
        cas_propagation *p = NULL;

        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 2; b++)
                for (int c = 0; c < 3; c++)
                    for (int d = 0; d < NDAYS; d++)
                        w.n[a][b][c][d] = pick(&r, 3) ? pick(&r, 10) : 0;
        g.n = 1 + (size_t)pick(&r, 40);
        for (size_t i = 0; i < g.n; i++) {
            cas_claim *c = &g.c[i];
            int64_t t;
            cas_claim_init(c);
            snprintf(g.ids[i], sizeof g.ids[i], "t%02zu", i);
            c->id = g.ids[i];
            c->source = sources[pick(&r, 5)];
            c->scope = random_scope(&r);
            c->reported_on = DAY0 + 10 + (int32_t)pick(&r, 3);
            t = truth(&w, &c->scope);
            c->low = t - pick(&r, (t < 4 ? t : 4) + 1);
            c->high = pick(&r, 4) == 0 ? CAS_OPEN : t + pick(&r, 6);
            c->qualifier = c->high == c->low ? CAS_QUAL_EXACT : CAS_QUAL_RANGE;
        }
        l = build(&g, NULL);
        REQ_EQ(cas_reconcile_ledger(&rec, l, NULL, NULL), CAS_OK);
        for (size_t s = 0; s < cas_reconciliation_count(rec); s++) {
            cas_scope_result res = {.size = sizeof res};
            int64_t t;
            REQ_EQ(cas_reconciliation_get(rec, s, &res), CAS_OK);
            t = truth(&w, &res.scope);
            REQ_EQ(res.has_consensus, 1);
            REQ((res.consensus_low) <= (t));
            REQ(high_le(t, res.consensus_high));
        }
        REQ_EQ(cas_propagation_new(&p, rec, CAS_RESULT_CONSENSUS, NULL), CAS_OK);
        for (int k = (int)pick(&r, 4); k > 0; k--) {
            cas_scope whole, parts[2];
            cas_error e;
            cas_error_init(&e);
            random_cover(&r, &whole, parts);
            REQ_MSG(cas_propagation_cover(p, &whole, parts, 2, &e) == CAS_OK, "%s", e.message);
        }
        REQ_EQ(cas_propagation_run(p, NULL), CAS_OK);
        REQ_EQ(cas_propagation_conflicts(p), 0);
        for (size_t i = 0; i < cas_propagation_count(p); i++) {
            cas_bounds b = {.size = sizeof b};
            int64_t t;
            REQ_EQ(cas_propagation_get(p, i, &b), CAS_OK);
            t = truth(&w, &b.scope);
            /* Sound: the truth stays inside. Never wider than it started. */
            REQ((b.low) <= (t));
            REQ(high_le(t, b.high));
            REQ((b.low) >= (b.initial_low));
            REQ(high_le(b.high, b.initial_high));
            moved += b.low != b.initial_low || b.high != b.initial_high;
        }
        cas_propagation_free(p);
        cas_reconciliation_free(rec);
        cas_ledger_free(l);
    }
    REQ((moved) > (500)); /* the rules did real work */
}
END_TEST

/* Propagation over arbitrary (often contradictory) ledgers: bounds only
 * tighten, unmoved bounds keep their claims, moved ones name claims. */
START_TEST(propagation_never_widens)
{
    rng r = {315219};
    size_t conflicts = 0;
    for (int it = 0; it < 1000; it++) {
        size_t flagged = 0;
        gen g;
        cas_ledger *l;
        cas_reconciliation *rec = NULL;
        cas_propagation *p = NULL;
        int32_t which = (int32_t)pick(&r, 2);

        gen_ledger(&r, &g);
        l = build(&g, NULL);
        REQ_EQ(cas_reconcile_ledger(&rec, l, NULL, NULL), CAS_OK);
        REQ_EQ(cas_propagation_new(&p, rec, which, NULL), CAS_OK);
        REQ_EQ(cas_propagation_run(p, NULL), CAS_OK);
        for (size_t i = 0; i < cas_propagation_count(p); i++) {
            cas_bounds b = {.size = sizeof b};
            size_t n[2];
            REQ_EQ(cas_propagation_get(p, i, &b), CAS_OK);
            REQ((b.low) >= (b.initial_low));
            REQ(high_le(b.high, b.initial_high));
            REQ_EQ(b.conflict, !high_le(b.low, b.high));
            flagged += (size_t)b.conflict;
            for (int side = 0; side < 2; side++) {
                int64_t v = side ? b.high : b.low;
                int32_t rule = side ? b.high_rule : b.low_rule;
                REQ_EQ(cas_propagation_provenance(p, i, side, 0, NULL, &n[side]), CAS_OK);
                REQ((n[side]) > (0));
                REQ_EQ(rule == CAS_RULE_CLAIMS, v == (side ? b.initial_high : b.initial_low));
                for (size_t k = 0; k < n[side]; k++) {
                    cas_claim_ref c = {.size = sizeof c};
                    cas_claim cl = {.size = sizeof cl};
                    REQ_EQ(cas_propagation_provenance(p, i, side, k, &c, NULL), CAS_OK);
                    REQ_EQ(cas_ledger_get(l, c.index, &cl), CAS_OK);
                    REQ(strcmp(cl.id, c.id) == 0);
                    if (rule == CAS_RULE_CLAIMS) {
                        /* Unmoved: the claims that attain it, on this scope. */
                        REQ(same_scope(&cl.scope, &b.scope));
                        REQ_EQ(side ? cl.high : cl.low, v);
                    } else {
                        /* Moved: claims on scopes nested with this one. */
                        int rel = cas_scope_relation(&cl.scope, &b.scope);
                        REQ(rel == CAS_SCOPE_WITHIN || rel == CAS_SCOPE_CONTAINS);
                    }
                }
            }
        }
        REQ_EQ(cas_propagation_conflicts(p), flagged);
        conflicts += flagged;
        cas_propagation_free(p);
        cas_reconciliation_free(rec);
        cas_ledger_free(l);
    }
    REQ((conflicts) > (0)); /* contradictions were there to find */
}
END_TEST

/* ------------------------------------------------------------------ */

START_TEST(sums_are_order_independent)
{
    rng r = {1261};
    for (int it = 0; it < 1000; it++) {
        cas_scope sc[25];
        int64_t lows[25], highs[25], sl[25], sh[25];
        cas_scope ss[25];
        size_t n = (size_t)pick(&r, 24), order[25];
        cas_sum a = {.size = sizeof a}, b = {.size = sizeof b};
        int used[4][2][3][NDAYS];
        memset(used, 0, sizeof used);

        /* Distinct cells of the world: pairwise disjoint scopes. */
        for (size_t i = 0; i < n; i++) {
            int g, p, pl, d;
            do {
                g = (int)pick(&r, 4);
                p = (int)pick(&r, 2);
                pl = (int)pick(&r, 3);
                d = (int)pick(&r, NDAYS);
            } while (used[g][p][pl][d]);
            used[g][p][pl][d] = 1;
            cas_scope_init(&sc[i]);
            sc[i].outcome = "killed";
            sc[i].group = tgroups[g];
            sc[i].perpetrator = tperps[p];
            sc[i].place = tplaces[pl];
            sc[i].period_start = sc[i].period_end = DAY0 + d;
            lows[i] = pick(&r, 1000000);
            highs[i] = pick(&r, 5) == 0 ? CAS_OPEN : lows[i] + pick(&r, 1000);
        }
        REQ_EQ(cas_sum_ranges(&a, sc, lows, highs, n, NULL), CAS_OK);
        shuffle(&r, order, n);
        for (size_t i = 0; i < n; i++) {
            ss[i] = sc[order[i]];
            sl[i] = lows[order[i]];
            sh[i] = highs[order[i]];
        }
        REQ_EQ(cas_sum_ranges(&b, ss, sl, sh, n, NULL), CAS_OK);
        REQ_EQ(a.low, b.low);
        REQ_EQ(a.high, b.high);
        REQ_EQ(a.terms, n);
        /* Brute force. */
        {
            int64_t lo = 0, hi = 0;
            int open = 0;
            for (size_t i = 0; i < n; i++) {
                lo += lows[i];
                if (highs[i] == CAS_OPEN)
                    open = 1;
                else
                    hi += highs[i];
            }
            REQ_EQ(a.low, lo);
            REQ_EQ(a.high, open ? CAS_OPEN : hi);
        }
        /* Add a scope that contains one of them, anywhere: double counting. */
        if (n > 0) {
            size_t at = (size_t)pick(&r, (int64_t)n + 1), victim = (size_t)pick(&r, (int64_t)n);
            cas_scope wider = sc[victim];
            switch (pick(&r, 4)) {
            case 0:
                wider.group = strncmp(wider.group, "civilians", 9) ? "combatants" : "civilians";
                break;
            case 1:
                wider.perpetrator = "";
                break;
            case 2:
                wider.place = "syria";
                break;
            default:
                wider.period_end += 1;
                break;
            }
            for (size_t i = n; i > at; i--) {
                ss[i] = sc[i - 1];
                sl[i] = lows[i - 1];
                sh[i] = highs[i - 1];
            }
            for (size_t i = 0; i < at; i++) {
                ss[i] = sc[i];
                sl[i] = lows[i];
                sh[i] = highs[i];
            }
            ss[at] = wider;
            sl[at] = sh[at] = 1;
            REQ_EQ(cas_sum_ranges(&b, ss, sl, sh, n + 1, NULL), CAS_ERR_OVERLAP);
        }
    }
}
END_TEST

/* ------------------------------------------------------------------ */

START_TEST(matrix_matches_brute_force)
{
    rng r = {2007};
    for (int it = 0; it < 1000; it++) {
        gen g;
        cas_ledger *l;
        cas_matrix *m = NULL;
        cas_claim cl[MAXC];
        int counted[MAXC];

        gen_ledger(&r, &g);
        l = build(&g, NULL);
        REQ_EQ(cas_matrix_new(&m, l, NULL, NULL), CAS_OK);
        for (size_t i = 0; i < g.n; i++) {
            int32_t cur;
            cl[i].size = sizeof cl[i];
            REQ_EQ(cas_ledger_get(l, i, &cl[i]), CAS_OK);
            REQ_EQ(cas_ledger_is_current(l, i, &cur), CAS_OK);
            counted[i] = cur && (CAS_BASES_DEFAULT & CAS_BASIS_BIT(cl[i].basis));
        }
        for (int a = 0; a < 5; a++)
            for (int b = 0; b < 5; b++) {
                cas_source_pair sp = {.size = sizeof sp}, back = {.size = sizeof back};
                uint32_t scopes = 0, agree = 0, ratios = 0;
                int has_a = 0, has_b = 0;
                for (size_t i = 0; i < g.n; i++) {
                    has_a |= counted[i] && strcmp(cl[i].source, sources[a]) == 0;
                    has_b |= counted[i] && strcmp(cl[i].source, sources[b]) == 0;
                }
                if (a == b || !has_a || !has_b) {
                    REQ_EQ(cas_matrix_find(m, sources[a], sources[b], &sp),
                           a == b && has_a ? CAS_ERR_ARG : CAS_ERR_NOT_FOUND);
                    continue;
                }
                /* Each scope once: the first counted claim of a on it. Per
                 * source one figure: the lower median of the figures of its
                 * claims that are not open-ended floors (docs/model.md
                 * section 14). */
                uint32_t figures = 0, a_higher = 0, b_higher = 0, floors = 0;
                for (size_t i = 0; i < g.n; i++) {
                    int first = counted[i] && strcmp(cl[i].source, sources[a]) == 0, meets = 1,
                        shared = 0;
                    int64_t fa[MAXC], fb[MAXC];
                    size_t na = 0, nb = 0;
                    for (size_t k = 0; k < i && first; k++)
                        if (counted[k] && strcmp(cl[k].source, sources[a]) == 0 &&
                            same_scope(&cl[k].scope, &cl[i].scope))
                            first = 0;
                    if (!first)
                        continue;
                    for (size_t x = 0; x < g.n; x++)
                        for (size_t y = 0; y < g.n; y++) {
                            if (!counted[x] || !counted[y] || strcmp(cl[x].source, sources[a]) ||
                                strcmp(cl[y].source, sources[b]) ||
                                !same_scope(&cl[x].scope, &cl[i].scope) ||
                                !same_scope(&cl[y].scope, &cl[i].scope))
                                continue;
                            shared = 1;
                            meets &= cas_range_relation(cl[x].low, cl[x].high, cl[y].low,
                                                        cl[y].high) != CAS_RANGE_DISJOINT;
                        }
                    for (size_t x = 0; x < g.n; x++) {
                        int floor_only = cl[x].high == CAS_OPEN && cl[x].best == CAS_NONE;
                        if (!counted[x] || floor_only || !same_scope(&cl[x].scope, &cl[i].scope))
                            continue;
                        if (strcmp(cl[x].source, sources[a]) == 0)
                            fa[na++] = figure(&cl[x]);
                        else if (strcmp(cl[x].source, sources[b]) == 0)
                            fb[nb++] = figure(&cl[x]);
                    }
                    scopes += (uint32_t)shared;
                    agree += (uint32_t)(shared && meets);
                    if (!shared)
                        continue;
                    if (!na || !nb) {
                        floors++;
                        continue;
                    }
                    /* insertion sorts, then the lower middle */
                    for (size_t u = 1; u < na; u++)
                        for (size_t v = u; v > 0 && fa[v - 1] > fa[v]; v--) {
                            int64_t t = fa[v];
                            fa[v] = fa[v - 1];
                            fa[v - 1] = t;
                        }
                    for (size_t u = 1; u < nb; u++)
                        for (size_t v = u; v > 0 && fb[v - 1] > fb[v]; v--) {
                            int64_t t = fb[v];
                            fb[v] = fb[v - 1];
                            fb[v - 1] = t;
                        }
                    figures++;
                    a_higher += fa[(na - 1) / 2] > fb[(nb - 1) / 2];
                    b_higher += fa[(na - 1) / 2] < fb[(nb - 1) / 2];
                    ratios += fa[(na - 1) / 2] > 0 && fb[(nb - 1) / 2] > 0;
                }
                REQ_EQ(cas_matrix_find(m, sources[a], sources[b], &sp), CAS_OK);
                REQ_EQ(cas_matrix_find(m, sources[b], sources[a], &back), CAS_OK);
                REQ_EQ(sp.scopes, scopes);
                REQ_EQ(sp.agree, agree);
                REQ_EQ(sp.conflict, scopes - agree);
                REQ_EQ(sp.ratios, ratios);
                REQ_EQ(sp.figures, figures);
                REQ_EQ(sp.floors, floors);
                REQ_EQ(sp.first_higher, a_higher);
                REQ_EQ(sp.second_higher, b_higher);
                REQ_EQ(back.first_higher, b_higher);
                REQ_EQ(back.scopes, scopes);
                if (ratios)
                    REQ(sp.p10_ratio <= sp.median_ratio * (1 + 1e-12) &&
                        sp.median_ratio <= sp.p90_ratio * (1 + 1e-12) &&
                        fabs(sp.p10_ratio * back.p90_ratio - 1.0) <= 1e-9);
                if (ratios)
                    REQ(fabs((sp.median_ratio * back.median_ratio) - (1.0)) <= (1e-9));
                else
                    REQ(isnan(sp.median_ratio) && isnan(back.median_ratio));
            }
        cas_matrix_free(m);
        cas_ledger_free(l);
    }
}
END_TEST

/* ------------------------------------------------------------------ */

START_TEST(comparison_is_symmetric)
{
    rng r = {4};
    for (int it = 0; it < 2000; it++) {
        gen g;
        gen_ledger(&r, &g);
        for (int pair = 0; pair < 60; pair++) {
            cas_comparison x, y;
            const cas_claim *a = &g.c[pick(&r, (int64_t)g.n)], *b = &g.c[pick(&r, (int64_t)g.n)];
            int64_t dist = 0;
            cas_comparison_init(&x);
            cas_comparison_init(&y);
            REQ_EQ(cas_compare_claims(&x, a, b, NULL), CAS_OK);
            REQ_EQ(cas_compare_claims(&y, b, a, NULL), CAS_OK);
            REQ_EQ(x.consistent, x.gap == 0);
            REQ_EQ(x.gap, y.gap);
            REQ_EQ(x.consistent, y.consistent);
            REQ_EQ(x.narrower, y.narrower == CAS_SIDE_NEITHER ? CAS_SIDE_NEITHER : 3 - y.narrower);
            REQ_EQ(x.scope_relation, y.scope_relation == CAS_SCOPE_WITHIN     ? CAS_SCOPE_CONTAINS
                                     : y.scope_relation == CAS_SCOPE_CONTAINS ? CAS_SCOPE_WITHIN
                                                                              : y.scope_relation);
            if (x.first_figure && x.second_figure)
                REQ(fabs((x.ratio * y.ratio) - (1.0)) <= (1e-12));
            if (a->high != CAS_OPEN && a->high < b->low)
                dist = b->low - a->high;
            if (b->high != CAS_OPEN && b->high < a->low)
                dist = a->low - b->high;
            if (x.scope_relation == CAS_SCOPE_SAME) {
                REQ_EQ(x.gap, dist);
                REQ_EQ(x.consistent, x.range_relation != CAS_RANGE_DISJOINT);
            } else if (x.scope_relation == CAS_SCOPE_WITHIN) {
                REQ_EQ(x.consistent, high_le(a->low, b->high));
            } else if (x.scope_relation != CAS_SCOPE_CONTAINS) {
                REQ_EQ(x.consistent, 1);
            }
        }
    }
}
END_TEST

/* One case per property, so each has its own time limit. */
static void add_case(Suite *s, const char *name, const TTest *test)
{
    TCase *tc = tcase_create(name);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test);
    suite_add_tcase(s, tc);
}

static Suite *suite(void)
{
    Suite *s = suite_create("properties");
    add_case(s, "reconciliation", reconciliation_invariants);
    add_case(s, "shuffle", shuffled_ledger_same_results);
    add_case(s, "truth", true_claims_never_conflict);
    add_case(s, "widen", propagation_never_widens);
    add_case(s, "sums", sums_are_order_independent);
    add_case(s, "matrix", matrix_matches_brute_force);
    add_case(s, "compare", comparison_is_symmetric);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
