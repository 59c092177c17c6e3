/* SPDX-License-Identifier: MIT */
/* Reconciliation (casualty/reconcile.h): the acceptance examples on the
 * bundled Syria data, and the rules on small hand-made ledgers. */
#include "testutil.h"

#include <math.h>

static size_t find_scope(const cas_reconciliation *r, const cas_scope *s)
{
    size_t i = 99999;
    ck_assert_int_eq(cas_reconciliation_find(r, s, &i), CAS_OK);
    return i;
}

static cas_scope_result result_at(const cas_reconciliation *r, size_t i)
{
    cas_scope_result res;
    memset(&res, 0, sizeof res);
    res.size = sizeof res;
    ck_assert_int_eq(cas_reconciliation_get(r, i, &res), CAS_OK);
    return res;
}

/* The ids behind a bound, joined with ' ' (static buffer). */
static const char *prov_ids(const cas_reconciliation *r, size_t i, int bound)
{
    static char buf[1024];
    size_t n = 0;
    buf[0] = '\0';
    ck_assert_int_eq(cas_reconciliation_provenance(r, i, bound, 0, NULL, &n), CAS_OK);
    for (size_t k = 0; k < n; k++) {
        cas_claim_ref c = {.size = sizeof c};
        ck_assert_int_eq(cas_reconciliation_provenance(r, i, bound, k, &c, NULL), CAS_OK);
        if (k)
            strcat(buf, " ");
        strcat(buf, c.id);
    }
    return buf;
}

/* Scope order: the four paths bytewise, then the days. */
static int scope_cmp(const cas_scope *a, const cas_scope *b)
{
    int c;
    if ((c = strcmp(a->outcome, b->outcome)) || (c = strcmp(a->group, b->group)) ||
        (c = strcmp(a->perpetrator, b->perpetrator)) || (c = strcmp(a->place, b->place)))
        return c;
    if (a->period_start != b->period_start)
        return a->period_start < b->period_start ? -1 : 1;
    return (a->period_end > b->period_end) - (a->period_end < b->period_end);
}

/* ------------------------------------------------------------------ */
/* The acceptance examples of issue 3                                  */

START_TEST(syria_civilians_conflict)
{
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    cas_scope s = tu_coast("killed", "civilians", NULL, NULL, NULL);
    cas_conflict c = {.size = sizeof c};
    cas_scope_result res;
    size_t i;

    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    i = find_scope(r, &s);
    res = result_at(r, i);
    ck_assert_int_eq(res.claims, 2);
    ck_assert_int_eq(res.sources, 2);
    ck_assert_int_eq(res.has_consensus, 0);
    ck_assert_int_eq(res.envelope_low, 823);
    ck_assert_int_eq(res.envelope_high, 1700);
    ck_assert_int_eq(res.consensus_low, 1700);
    ck_assert_int_eq(res.consensus_high, 823);
    ck_assert_int_eq(res.conflict_pairs, 1);
    ck_assert_int_eq(res.conflicts, 1);
    /* Median of two figures: their midpoint, rounded down; both behind it. */
    ck_assert_int_eq(res.best, (823 + 1700) / 2);
    ck_assert_str_eq(prov_ids(r, i, CAS_BOUND_BEST), "syria-005 syria-004");
    ck_assert_str_eq(prov_ids(r, i, CAS_BOUND_ENVELOPE_LOW), "syria-005");
    ck_assert_str_eq(prov_ids(r, i, CAS_BOUND_ENVELOPE_HIGH), "syria-004");

    ck_assert_int_eq(cas_reconciliation_conflict(r, i, 0, &c), CAS_OK);
    ck_assert_str_eq(c.higher_source, "SOHR");
    ck_assert_str_eq(c.lower_source, "SNHR");
    ck_assert_str_eq(c.higher_id, "syria-004");
    ck_assert_str_eq(c.lower_id, "syria-005");
    ck_assert_int_eq(c.gap, 877);
    ck_assert_double_eq_tol(c.ratio, 2.07, 0.005);
    ck_assert_double_eq_tol(c.ratio, 1700.0 / 823.0, 1e-12);
    ck_assert_int_eq(cas_reconciliation_conflict(r, i, 1, &c), CAS_ERR_NOT_FOUND);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(syria_government_side_combatants)
{
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    cas_scope s = tu_coast("killed", "combatants/government", NULL, NULL, NULL);
    cas_scope_result res;

    ck_assert_int_eq(cas_reconcile_scope(&r, l, &s, NULL, NULL), CAS_OK);
    ck_assert_uint_eq(cas_reconciliation_count(r), 1);
    res = result_at(r, 0);
    ck_assert_int_eq(res.has_consensus, 1);
    ck_assert_int_eq(res.consensus_low, 315);
    ck_assert_int_eq(res.consensus_high, CAS_OPEN);
    ck_assert_int_eq(res.envelope_low, 219);
    ck_assert_int_eq(res.envelope_high, CAS_OPEN);
    ck_assert_int_eq(res.best, CAS_NONE); /* floors have no point figure */
    ck_assert_int_eq(res.conflict_pairs, 0);
    ck_assert_str_eq(prov_ids(r, 0, CAS_BOUND_CONSENSUS_LOW), "syria-001");
    ck_assert_str_eq(prov_ids(r, 0, CAS_BOUND_ENVELOPE_LOW), "syria-002");
    /* Both are open: both attain the open high. */
    ck_assert_str_eq(prov_ids(r, 0, CAS_BOUND_CONSENSUS_HIGH), "syria-002 syria-001");
    ck_assert_str_eq(prov_ids(r, 0, CAS_BOUND_BEST), "");
    ck_assert_str_eq(res.scope.group, "combatants/government");
    ck_assert_str_eq(res.scope.place, "syria/coast");
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(syria_whole_ledger_shape)
{
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    size_t n;

    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    n = cas_reconciliation_count(r);
    /* 27 claims; syria-006 is a party's claim (left out), and the two
     * SOHR/SNHR pairs share a scope each: 24 scopes. */
    ck_assert_uint_eq(n, 24);
    ck_assert_ptr_eq(cas_reconciliation_ledger(r), l);
    for (size_t i = 1; i < n; i++) {
        cas_scope_result a = result_at(r, i - 1), b = result_at(r, i);
        ck_assert_int_lt(scope_cmp(&a.scope, &b.scope), 0);
    }
    /* Exactly one scope has conflicting sources. */
    {
        size_t conflicted = 0;
        for (size_t i = 0; i < n; i++)
            conflicted += result_at(r, i).has_consensus == 0;
        ck_assert_uint_eq(conflicted, 1);
    }
    /* The first in order is "captured ...", the last "wounded ...". */
    ck_assert_str_eq(result_at(r, 0).scope.outcome, "captured");
    ck_assert_str_eq(result_at(r, n - 1).scope.outcome, "wounded");
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(syria_party_claims_opt_in)
{
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    cas_reconcile_options o;
    cas_scope s = tu_coast("strength", "combatants/insurgents", NULL, NULL, NULL);
    cas_error e;
    cas_scope_result res;

    cas_error_init(&e);
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &s, NULL, &e), CAS_ERR_NOT_FOUND);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(e.message, "no claim counts"));
    cas_reconcile_options_init(&o);
    o.bases |= CAS_BASIS_BIT(CAS_BASIS_PARTY);
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &s, &o, NULL), CAS_OK);
    res = result_at(r, 0);
    ck_assert_int_eq(res.consensus_low, 5000);
    ck_assert_int_eq(res.excluded, 0);
    cas_reconciliation_free(r);
    /* The whole ledger with every basis: one more scope. */
    o.bases = CAS_BASES_ALL;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, NULL), CAS_OK);
    ck_assert_uint_eq(cas_reconciliation_count(r), 25);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Reconciliation rules on hand-made ledgers                           */

START_TEST(only_latest_report_counts)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_claim a = tu_claim("sohr-1", "SOHR", 500, 500), b = tu_claim("sohr-2", "SOHR", 900, 900),
              c = tu_claim("snhr-1", "SNHR", 800, CAS_OPEN);
    cas_scope_result res;
    size_t n = 0;

    a.reported_on = tu_day("2025-03-08");
    b.reported_on = tu_day("2025-03-10");
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, b);
    tu_add(l, a);
    tu_add(l, c);
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &a.scope, NULL, NULL), CAS_OK);
    res = result_at(r, 0);
    ck_assert_int_eq(res.claims, 2);
    ck_assert_int_eq(res.superseded, 1);
    ck_assert_int_eq(res.consensus_low, 900);
    ck_assert_int_eq(res.consensus_high, 900);
    ck_assert_int_eq(res.envelope_low, 800);
    ck_assert_int_eq(res.envelope_high, CAS_OPEN);
    ck_assert_int_eq(res.best, 900);
    ck_assert_int_eq(cas_reconciliation_claim(r, 0, 0, NULL, &n), CAS_OK);
    ck_assert_uint_eq(n, 2);
    {
        cas_claim_ref x = {.size = sizeof x};
        ck_assert_int_eq(cas_reconciliation_claim(r, 0, 0, &x, NULL), CAS_OK);
        ck_assert_str_eq(x.source, "SNHR"); /* by source */
        ck_assert_int_eq(cas_reconciliation_claim(r, 0, 1, &x, NULL), CAS_OK);
        ck_assert_str_eq(x.id, "sohr-2");
        ck_assert_uint_eq(x.index, 0);
        ck_assert_int_eq(x.figure, 900);
        ck_assert_int_eq(cas_reconciliation_claim(r, 0, 2, &x, NULL), CAS_ERR_NOT_FOUND);
    }
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(estimates_stay_apart)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_reconcile_options o;
    cas_claim doc = tu_claim("un-doc", "UN", 143350, 143350);
    cas_claim est = tu_claim("un-est", "UN-est", 306887, 306887);
    cas_scope_result res;

    doc.basis = CAS_BASIS_DOCUMENTED;
    est.basis = CAS_BASIS_ESTIMATED;
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, doc);
    tu_add(l, est);
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &doc.scope, NULL, NULL), CAS_OK);
    res = result_at(r, 0);
    ck_assert_int_eq(res.claims, 1);
    ck_assert_int_eq(res.excluded, 1);
    ck_assert_int_eq(res.has_consensus, 1);
    ck_assert_int_eq(res.consensus_low, 143350);
    cas_reconciliation_free(r);
    /* Estimates alone, when asked for. */
    cas_reconcile_options_init(&o);
    o.bases = CAS_BASIS_BIT(CAS_BASIS_ESTIMATED);
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &doc.scope, &o, NULL), CAS_OK);
    ck_assert_int_eq(result_at(r, 0).best, 306887);
    ck_assert_int_eq(result_at(r, 0).excluded, 1);
    cas_reconciliation_free(r);
    /* Mixed: they conflict. */
    o.bases = CAS_BASES_ALL;
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &doc.scope, &o, NULL), CAS_OK);
    ck_assert_int_eq(result_at(r, 0).has_consensus, 0);
    ck_assert_int_eq(result_at(r, 0).conflict_pairs, 1);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(weighted_median)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_reconcile_options o;
    const char *names[2] = {"B", "C"};
    double w[2] = {1.0, 5.0};
    cas_claim a = tu_claim("a", "A", 100, 100), b = tu_claim("b", "B", 200, 200),
              c = tu_claim("c", "C", 50, 400);

    c.best = 300;
    c.qualifier = CAS_QUAL_RANGE;
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, a);
    tu_add(l, b);
    tu_add(l, c);
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &a.scope, NULL, NULL), CAS_OK);
    ck_assert_int_eq(result_at(r, 0).best, 200); /* median of 100, 200, 300 */
    ck_assert_str_eq(prov_ids(r, 0, CAS_BOUND_BEST), "b");
    cas_reconciliation_free(r);

    cas_reconcile_options_init(&o);
    o.nweights = 2;
    o.weight_sources = names;
    o.weights = w;
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &a.scope, &o, NULL), CAS_OK);
    ck_assert_int_eq(result_at(r, 0).best, 300); /* C outweighs A and B together */
    ck_assert_str_eq(prov_ids(r, 0, CAS_BOUND_BEST), "c");
    cas_reconciliation_free(r);

    /* Weight 0 leaves a source out of the best, not out of the ranges. */
    w[1] = 0;
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &a.scope, &o, NULL), CAS_OK);
    ck_assert_int_eq(result_at(r, 0).best, 150);
    ck_assert_str_eq(prov_ids(r, 0, CAS_BOUND_BEST), "a b");
    ck_assert_int_eq(result_at(r, 0).envelope_low, 50);
    cas_reconciliation_free(r);

    /* Everyone weighted 0: no best. */
    o.default_weight = 0;
    w[0] = 0;
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &a.scope, &o, NULL), CAS_OK);
    ck_assert_int_eq(result_at(r, 0).best, CAS_NONE);
    ck_assert_str_eq(prov_ids(r, 0, CAS_BOUND_BEST), "");
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(source_weight_is_shared_among_its_claims)
{
    /* A source with two current claims on the scope (same day) weighs as
     * much as a source with one. */
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_claim a1 = tu_claim("a1", "A", 10, 10), a2 = tu_claim("a2", "A", 20, 20),
              b = tu_claim("b", "B", 40, 40), c = tu_claim("c", "C", 50, 50);

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, a1);
    tu_add(l, a2);
    tu_add(l, b);
    tu_add(l, c);
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &a1.scope, NULL, NULL), CAS_OK);
    /* Weights 0.5, 0.5, 1, 1 (total 3): half is passed at 40. Counting A
     * twice would put the median at the midpoint of 20 and 40. */
    ck_assert_int_eq(result_at(r, 0).best, 40);
    ck_assert_str_eq(prov_ids(r, 0, CAS_BOUND_BEST), "b");
    ck_assert_int_eq(result_at(r, 0).sources, 3);
    ck_assert_int_eq(result_at(r, 0).conflict_pairs, 6); /* four distinct exact counts */
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(conflicts_are_listed_largest_gap_first)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_reconcile_options o;
    cas_conflict c = {.size = sizeof c};
    char id[16], src[16];
    cas_scope_result res;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    for (int i = 0; i < 3; i++) {
        snprintf(id, sizeof id, "hi%d", i);
        snprintf(src, sizeof src, "H%d", i);
        tu_add(l, tu_claim(id, src, 1000 + 100 * i, CAS_OPEN));
        snprintf(id, sizeof id, "lo%d", i);
        snprintf(src, sizeof src, "L%d", i);
        tu_add(l, tu_claim(id, src, 0, 10 + 10 * i));
    }
    cas_reconcile_options_init(&o);
    o.max_conflicts = 4;
    {
        cas_claim probe = tu_claim("x", "x", 0, 0);
        ck_assert_int_eq(cas_reconcile_scope(&r, l, &probe.scope, &o, NULL), CAS_OK);
    }
    res = result_at(r, 0);
    ck_assert_int_eq(res.conflict_pairs, 9);
    ck_assert_uint_eq(res.conflicts, 4);
    ck_assert_int_eq(cas_reconciliation_conflict(r, 0, 0, &c), CAS_OK);
    ck_assert_str_eq(c.higher_id, "hi2");
    ck_assert_str_eq(c.lower_id, "lo0");
    ck_assert_int_eq(c.gap, 1200 - 10);
    ck_assert(isnan(c.ratio)); /* the lower figure is 0: no ratio */
    ck_assert_int_eq(cas_reconciliation_conflict(r, 0, 3, &c), CAS_OK);
    ck_assert_str_eq(c.higher_id, "hi1");
    ck_assert_str_eq(c.lower_id, "lo0");
    ck_assert_int_eq(cas_reconciliation_conflict(r, 0, 4, &c), CAS_ERR_NOT_FOUND);
    cas_reconciliation_free(r);

    o.max_conflicts = 0; /* count only */
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, NULL), CAS_OK);
    ck_assert_int_eq(result_at(r, 0).conflict_pairs, 9);
    ck_assert_uint_eq(result_at(r, 0).conflicts, 0);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

/* Within the tolerance, as docs/model.md defines it (x >= y). */
static int naive_within(int64_t x, int64_t y, int kind, double t)
{
    int64_t d = x - y;
    if (d == 0)
        return 1;
    if (kind == CAS_TOLERANCE_SHARE)
        return (double)d <= t * (double)x;
    return kind == CAS_TOLERANCE_COUNT && (double)d <= t;
}

/* Issue 20: the conflict listing and the per-claim conflict flags against
 * the pairs counted one by one, on random scopes with and without a
 * tolerance. The library finds both without walking the pairs (the flags
 * in O(n), the listing in O(n log n + listed)), so a slip in either rule
 * shows here. */
START_TEST(conflict_flags_match_the_pairs)
{
    enum { MAXC = 40 };
    static char ids[MAXC][16], srcs[MAXC][16];
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    for (int trial = 0; trial < 300; trial++) {
        cas_ledger *l = NULL;
        cas_reconciliation *r = NULL;
        cas_reconcile_options o;
        cas_claim c[MAXC];
        int n, kind = trial % 3, flag[MAXC] = {0};
        int64_t pairs = 0;
        double tol = kind == CAS_TOLERANCE_SHARE ? 0.1 : 15;
        size_t count = 0;
        cas_scope_result res = {.size = sizeof res};

        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        n = 2 + (int)((seed >> 33) % (MAXC - 1));
        ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
        for (int i = 0; i < n; i++) {
            int64_t lo, hi;
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            lo = 50 + (int64_t)((seed >> 33) % 200);
            switch ((seed >> 20) % 4) {
            case 0:
                hi = CAS_OPEN;
                break;
            case 1:
                hi = lo + (int64_t)((seed >> 40) % 60);
                break;
            default:
                hi = lo;
            }
            snprintf(ids[i], sizeof ids[i], "c%d", i);
            snprintf(srcs[i], sizeof srcs[i], "S%d", i);
            c[i] = tu_claim(ids[i], srcs[i], lo, hi);
            tu_add(l, c[i]);
        }
        for (int u = 0; u < n; u++)
            for (int v = 0; v < n; v++)
                if (c[v].high != CAS_OPEN && c[u].low > c[v].high &&
                    !(kind && c[u].low == c[u].high && c[v].low == c[v].high &&
                      naive_within(c[u].low, c[v].high, kind, tol))) {
                    pairs++;
                    flag[u] = flag[v] = 1;
                }
        cas_reconcile_options_init(&o);
        o.tolerance_kind = kind;
        o.tolerance = kind ? tol : 0;
        o.max_conflicts = trial % 2 ? UINT32_MAX : (uint32_t)(trial % 7);
        ck_assert_int_eq(cas_reconcile_scope(&r, l, &c[0].scope, &o, NULL), CAS_OK);
        ck_assert_int_eq(cas_reconciliation_get(r, 0, &res), CAS_OK);
        ck_assert_int_eq(res.conflict_pairs, pairs);
        ck_assert_uint_eq(res.conflicts,
                          pairs < (int64_t)o.max_conflicts ? (uint32_t)pairs : o.max_conflicts);
        for (uint32_t k = 0; k < res.conflicts; k++) {
            cas_conflict cf = {.size = sizeof cf};
            int u, v;
            ck_assert_int_eq(cas_reconciliation_conflict(r, 0, k, &cf), CAS_OK);
            u = atoi(cf.higher_id + 1);
            v = atoi(cf.lower_id + 1);
            ck_assert(c[v].high != CAS_OPEN && c[u].low > c[v].high);
            ck_assert(!(kind && c[u].low == c[u].high && c[v].low == c[v].high &&
                        naive_within(c[u].low, c[v].high, kind, tol)));
            if (k > 0) { /* higher by descending low, then lower by ascending high */
                cas_conflict pf = {.size = sizeof pf};
                ck_assert_int_eq(cas_reconciliation_conflict(r, 0, k - 1, &pf), CAS_OK);
                ck_assert(c[atoi(pf.higher_id + 1)].low > c[u].low ||
                          (c[atoi(pf.higher_id + 1)].low == c[u].low &&
                           (strcmp(pf.higher_id, cf.higher_id) != 0 ||
                            c[atoi(pf.lower_id + 1)].high <= c[v].high)));
            }
        }
        ck_assert_int_eq(cas_reconciliation_claim(r, 0, 0, NULL, &count), CAS_OK);
        ck_assert_uint_eq(count, (size_t)n);
        for (size_t k = 0; k < count; k++) {
            cas_claim_ref ref = {.size = sizeof ref};
            int in = -1;
            ck_assert_int_eq(cas_reconciliation_claim(r, 0, k, &ref, NULL), CAS_OK);
            ck_assert_int_eq(cas_reconciliation_claim_conflicts(r, 0, k, &in), CAS_OK);
            ck_assert_int_eq(in, flag[atoi(ref.id + 1)]);
        }
        ck_assert_int_eq(cas_reconciliation_claim_conflicts(r, 0, count, &(int){0}),
                         CAS_ERR_NOT_FOUND);
        ck_assert_int_eq(cas_reconciliation_claim_conflicts(r, 0, 0, NULL), CAS_ERR_ARG);
        cas_reconciliation_free(r);
        cas_ledger_free(l);
    }
}
END_TEST

START_TEST(reconcile_errors)
{
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    cas_reconcile_options o;
    cas_scope s = tu_coast("killed", "civilians", NULL, NULL, NULL), bad;
    const char *names[2] = {"SOHR", "SOHR"};
    const char *nulls[1] = {NULL};
    double w[2] = {1, 2};
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_reconcile_ledger(NULL, l, NULL, &e), CAS_ERR_ARG);
    ck_assert_int_eq(e.status, CAS_ERR_ARG);
    ck_assert_int_eq(cas_reconcile_ledger(&r, NULL, NULL, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_reconcile_scope(&r, l, NULL, NULL, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_reconcile_scope(NULL, l, &s, NULL, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_reconcile_scope(&r, NULL, &s, NULL, NULL), CAS_ERR_ARG);
    bad = s;
    bad.size = 0;
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &bad, NULL, NULL), CAS_ERR_ARG);
    /* No such scope: a string the ledger never saw, and a known one. */
    bad = s;
    bad.group = "nobody";
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &bad, NULL, &e), CAS_ERR_NOT_FOUND);
    bad = s;
    bad.period_end = tu_day("2025-03-13");
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &bad, NULL, &e), CAS_ERR_NOT_FOUND);

    memset(&o, 0, sizeof o);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_ERR_ARG); /* size unset */
    ck_assert_str_eq(e.field, "size");
    cas_reconcile_options_init(&o);
    o.bases = 0;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_ERR_ARG);
    ck_assert_str_eq(e.field, "bases");
    o.bases = 1u << 7;
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &s, &o, &e), CAS_ERR_ARG);
    cas_reconcile_options_init(&o);
    o.default_weight = -1;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_ERR_ARG);
    o.default_weight = NAN;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_ERR_ARG);
    cas_reconcile_options_init(&o);
    o.nweights = 2;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_ERR_ARG); /* NULL arrays */
    o.weight_sources = names;
    o.weights = w;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_ERR_DUPLICATE);
    ck_assert_ptr_nonnull(strstr(e.message, "SOHR"));
    o.nweights = 1;
    o.weight_sources = nulls;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_ERR_ARG);
    o.weight_sources = names;
    w[0] = INFINITY;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_ERR_ARG);
    w[0] = -0.5;
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &s, &o, &e), CAS_ERR_ARG);
    ck_assert_ptr_null(r);
    /* An unknown source's weight is harmless. */
    names[0] = "nobody at all";
    w[0] = 3;
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &s, &o, &e), CAS_OK);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(getter_errors)
{
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    cas_scope_result res;
    cas_claim_ref c;
    cas_conflict k;
    cas_scope s;
    size_t i, n;

    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    n = cas_reconciliation_count(r);
    memset(&res, 0, sizeof res);
    ck_assert_int_eq(cas_reconciliation_get(r, 0, &res), CAS_ERR_ARG); /* size 0 */
    res.size = sizeof res;
    ck_assert_int_eq(cas_reconciliation_get(NULL, 0, &res), CAS_ERR_ARG);
    ck_assert_int_eq(cas_reconciliation_get(r, 0, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_reconciliation_get(r, n, &res), CAS_ERR_NOT_FOUND);
    memset(&c, 0, sizeof c);
    ck_assert_int_eq(cas_reconciliation_claim(r, 0, 0, &c, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_reconciliation_provenance(r, 0, 0, 0, &c, NULL), CAS_ERR_ARG);
    c.size = sizeof c;
    ck_assert_int_eq(cas_reconciliation_claim(NULL, 0, 0, &c, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_reconciliation_claim(r, n, 0, NULL, &i), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_reconciliation_provenance(r, 0, -1, 0, &c, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_reconciliation_provenance(r, 0, 5, 0, NULL, &i), CAS_ERR_ARG);
    ck_assert_int_eq(cas_reconciliation_provenance(NULL, 0, 0, 0, NULL, &i), CAS_ERR_ARG);
    ck_assert_int_eq(cas_reconciliation_provenance(r, n, 0, 0, NULL, &i), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_reconciliation_provenance(r, 0, 0, 99, &c, NULL), CAS_ERR_NOT_FOUND);
    memset(&k, 0, sizeof k);
    ck_assert_int_eq(cas_reconciliation_conflict(r, 0, 0, &k), CAS_ERR_ARG);
    k.size = sizeof k;
    ck_assert_int_eq(cas_reconciliation_conflict(NULL, 0, 0, &k), CAS_ERR_ARG);
    ck_assert_int_eq(cas_reconciliation_conflict(r, n, 0, &k), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_reconciliation_conflict(r, 0, 0, &k), CAS_ERR_NOT_FOUND);
    s = tu_coast("killed", "civilians", NULL, NULL, NULL);
    ck_assert_int_eq(cas_reconciliation_find(NULL, &s, &i), CAS_ERR_ARG);
    ck_assert_int_eq(cas_reconciliation_find(r, NULL, &i), CAS_ERR_ARG);
    ck_assert_int_eq(cas_reconciliation_find(r, &s, NULL), CAS_ERR_ARG);
    s.group = "civilians/none";
    ck_assert_int_eq(cas_reconciliation_find(r, &s, &i), CAS_ERR_NOT_FOUND);
    s.size = 0;
    ck_assert_int_eq(cas_reconciliation_find(r, &s, &i), CAS_ERR_ARG);
    ck_assert_uint_eq(cas_reconciliation_count(NULL), 0);
    ck_assert_ptr_null(cas_reconciliation_ledger(NULL));
    cas_reconciliation_free(NULL);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(empty_ledger_has_no_scopes)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_uint_eq(cas_reconciliation_count(r), 0);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("reconcile");
    TCase *tc = tcase_create("syria");
    tcase_add_test(tc, syria_civilians_conflict);
    tcase_add_test(tc, syria_government_side_combatants);
    tcase_add_test(tc, syria_whole_ledger_shape);
    tcase_add_test(tc, syria_party_claims_opt_in);
    suite_add_tcase(s, tc);
    tc = tcase_create("rules");
    tcase_add_test(tc, only_latest_report_counts);
    tcase_add_test(tc, estimates_stay_apart);
    tcase_add_test(tc, weighted_median);
    tcase_add_test(tc, source_weight_is_shared_among_its_claims);
    tcase_add_test(tc, conflicts_are_listed_largest_gap_first);
    tcase_add_test(tc, conflict_flags_match_the_pairs);
    tcase_add_test(tc, reconcile_errors);
    tcase_add_test(tc, getter_errors);
    tcase_add_test(tc, empty_ledger_has_no_scopes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
