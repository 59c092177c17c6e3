/* SPDX-License-Identifier: MIT */
/* How far apart sources run (docs/model.md section 14): the matrix's
 * spread of ratios, higher counts, tolerance and floors; the tolerance in
 * a reconciliation; the outlier of a scope in conflict. */
#include "testutil.h"

#include <math.h>
#include <stddef.h>

/* A claim of @source on group @group (killed, syria, 6-12 March 2025). */
static cas_claim on(const char *id, const char *source, const char *group, int64_t low,
                    int64_t high)
{
    cas_claim c = tu_claim(id, source, low, high);
    c.scope.group = group;
    return c;
}

/* The one scope of @l reconciled with @o. */
static void one_scope(cas_ledger *l, const cas_reconcile_options *o, cas_scope_result *res,
                      cas_reconciliation **out)
{
    cas_error e;
    cas_error_init(&e);
    ck_assert_msg(cas_reconcile_ledger(out, l, o, &e) == CAS_OK, "%s", e.message);
    ck_assert_uint_eq(cas_reconciliation_count(*out), 1);
    cas_scope_result_init(res);
    ck_assert_int_eq(cas_reconciliation_get(*out, 0, res), CAS_OK);
}

/* ------------------------------------------------------------------ */
/* The matrix                                                          */

/* A and B on seven scopes: figures 10/10, 20/10, 30/10, 40/10, 50/100
 * (ratios 1, 2, 3, 4, 0.5), a floor ">= 5" of A against 7, and 0 against 5.
 * Percentiles by linear interpolation between the sorted log ratios:
 * p10 at 0.4 of the way from 0.5 to 1, p90 at 0.6 from 3 to 4. */
static cas_ledger *spread_ledger(void)
{
    static const int64_t a[] = {10, 20, 30, 40, 50}, b[] = {10, 10, 10, 10, 100};
    static const char *const groups[] = {"g1", "g2", "g3", "g4", "g5"};
    static char ids[10][16];
    cas_ledger *l = NULL;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    for (int i = 0; i < 5; i++) {
        snprintf(ids[2 * i], sizeof ids[0], "a%d", i);
        snprintf(ids[2 * i + 1], sizeof ids[0], "b%d", i);
        tu_add(l, on(ids[2 * i], "A", groups[i], a[i], a[i]));
        tu_add(l, on(ids[2 * i + 1], "B", groups[i], b[i], b[i]));
    }
    tu_add(l, on("a5", "A", "g6", 5, CAS_OPEN));
    tu_add(l, on("b5", "B", "g6", 7, 7));
    tu_add(l, on("a6", "A", "g7", 0, 0));
    tu_add(l, on("b6", "B", "g7", 5, 5));
    return l;
}

START_TEST(matrix_spread_by_hand)
{
    cas_ledger *l = spread_ledger();
    cas_matrix *m = NULL;
    cas_source_pair p;
    double p10 = exp(log(0.5) + 0.4 * (log(1) - log(0.5)));
    double p90 = exp(log(3) + 0.6 * (log(4) - log(3)));

    cas_source_pair_init(&p);
    ck_assert_int_eq(cas_matrix_new(&m, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_matrix_find(m, "A", "B", &p), CAS_OK);
    ck_assert_uint_eq(p.scopes, 7);
    ck_assert_uint_eq(p.floors, 1);
    ck_assert_uint_eq(p.figures, 6);
    ck_assert_uint_eq(p.ratios, 5);
    ck_assert_uint_eq(p.first_higher, 3);
    ck_assert_uint_eq(p.second_higher, 2);    /* 50 < 100, 0 < 5 */
    ck_assert_uint_eq(p.within_tolerance, 1); /* no tolerance: 10 = 10 only */
    ck_assert_double_eq_tol(p.median_ratio, 2.0, 1e-12);
    ck_assert_double_eq_tol(p.p10_ratio, p10, 1e-12);
    ck_assert_double_eq_tol(p.p90_ratio, p90, 1e-12);
    /* Swapped: the reciprocals, the 10th and 90th percentiles exchanged. */
    ck_assert_int_eq(cas_matrix_find(m, "B", "A", &p), CAS_OK);
    ck_assert_uint_eq(p.first_higher, 2);
    ck_assert_uint_eq(p.second_higher, 3);
    ck_assert(p.p10_ratio == 1 / p90 || fabs(p.p10_ratio - 1 / p90) < 1e-15);
    ck_assert_double_eq_tol(p.p90_ratio, 1 / p10, 1e-12);
    ck_assert_double_eq_tol(p.median_ratio, 0.5, 1e-12);
    cas_matrix_free(m);
    cas_ledger_free(l);
}
END_TEST

START_TEST(matrix_tolerance)
{
    cas_ledger *l = spread_ledger();
    cas_matrix *m = NULL;
    cas_source_pair p;
    cas_reconcile_options o;
    cas_error e;

    cas_error_init(&e);
    cas_reconcile_options_init(&o);
    cas_source_pair_init(&p);
    o.tolerance_kind = CAS_TOLERANCE_COUNT;
    o.tolerance = 10; /* 10/10, 20/10 and 0/5 */
    ck_assert_int_eq(cas_matrix_new(&m, l, &o, NULL), CAS_OK);
    ck_assert_int_eq(cas_matrix_find(m, "A", "B", &p), CAS_OK);
    ck_assert_uint_eq(p.within_tolerance, 3);
    cas_matrix_free(m);
    o.tolerance_kind = CAS_TOLERANCE_SHARE;
    o.tolerance = 0.5; /* 10/10, 20/10, 50/100 (0/5 is 100 % apart) */
    ck_assert_int_eq(cas_matrix_new(&m, l, &o, NULL), CAS_OK);
    ck_assert_int_eq(cas_matrix_find(m, "A", "B", &p), CAS_OK);
    ck_assert_uint_eq(p.within_tolerance, 3);
    cas_matrix_free(m);
    m = NULL;
    o.tolerance = 1.0; /* a share must be below 1 */
    ck_assert_int_eq(cas_matrix_new(&m, l, &o, &e), CAS_ERR_ARG);
    ck_assert_str_eq(e.field, "tolerance");
    ck_assert_ptr_null(m);
    cas_ledger_free(l);
}
END_TEST

START_TEST(matrix_one_figure_per_source)
{
    /* A gives 10 and 40 on one scope (its figure: the lower median, 10)
     * against B's 20; 1,000 claims of A on another, all 30, against 15:
     * two ratios, not 1,002. */
    cas_ledger *l = NULL;
    cas_matrix *m = NULL;
    cas_source_pair p;
    static char ids[1000][16];

    cas_source_pair_init(&p);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, on("a1", "A", "g1", 10, 10));
    tu_add(l, on("a2", "A", "g1", 40, 40));
    tu_add(l, on("b1", "B", "g1", 20, 20));
    for (int i = 0; i < 1000; i++) {
        snprintf(ids[i], sizeof ids[i], "x%d", i);
        tu_add(l, on(ids[i], "A", "g2", 30, 30));
    }
    tu_add(l, on("b2", "B", "g2", 15, 15));
    ck_assert_int_eq(cas_matrix_new(&m, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_matrix_find(m, "A", "B", &p), CAS_OK);
    ck_assert_uint_eq(p.scopes, 2);
    ck_assert_uint_eq(p.ratios, 2);
    ck_assert_uint_eq(p.conflict, 2);                    /* 40 > 20; 30 > 15 */
    ck_assert_double_eq_tol(p.median_ratio, 1.0, 1e-12); /* sqrt(0.5 * 2) */
    cas_matrix_free(m);
    cas_ledger_free(l);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Tolerance and outlier in a reconciliation                           */

START_TEST(tolerance_lets_exact_counts_agree)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_scope_result res;
    cas_reconcile_options o;
    char *text = NULL;
    size_t len;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, tu_claim("a", "A", 100, 100));
    tu_add(l, tu_claim("b", "B", 103, 103));
    tu_add(l, tu_claim("c", "C", 104, 104));
    cas_reconcile_options_init(&o);
    /* Without a tolerance: three conflicting pairs, and no outlier (without
     * C, 100 and 103 still conflict; without A, 103 and 104). */
    one_scope(l, &o, &res, &r);
    ck_assert_int_eq(res.has_consensus, 0);
    ck_assert_int_eq(res.within_tolerance, 0);
    ck_assert_int_eq(res.conflict_pairs, 3);
    ck_assert_ptr_null(res.outlier);
    cas_reconciliation_free(r);
    /* 5 %: all within; the consensus is [100, 104], within 5 %. */
    o.tolerance_kind = CAS_TOLERANCE_SHARE;
    o.tolerance = 0.05;
    one_scope(l, &o, &res, &r);
    ck_assert_int_eq(res.has_consensus, 1);
    ck_assert_int_eq(res.within_tolerance, 1);
    ck_assert_int_eq(res.consensus_low, 100);
    ck_assert_int_eq(res.consensus_high, 104);
    ck_assert_int_eq(res.conflict_pairs, 0);
    ck_assert_uint_eq(res.conflicts, 0);
    ck_assert_ptr_null(res.outlier);
    ck_assert_int_eq(cas_report_table(&text, &len, r, NULL), CAS_OK);
    ck_assert_ptr_nonnull(strstr(text, "[100, 104] within 5%"));
    cas_free(text);
    ck_assert_int_eq(cas_report_csv(&text, &len, r, NULL), CAS_OK);
    ck_assert_ptr_nonnull(strstr(text, ",within_tolerance,outlier\n"));
    ck_assert_ptr_nonnull(strstr(text, ",yes,"));
    ck_assert_ptr_nonnull(strstr(text, ",5%,\n"));
    cas_free(text);
    cas_reconciliation_free(r);
    /* 3 people: 104 - 100 is beyond it, the other two pairs are not; both
     * A's and C's removal restore a consensus, so neither is the outlier. */
    o.tolerance_kind = CAS_TOLERANCE_COUNT;
    o.tolerance = 3;
    one_scope(l, &o, &res, &r);
    ck_assert_int_eq(res.has_consensus, 0);
    ck_assert_int_eq(res.within_tolerance, 0);
    ck_assert_int_eq(res.conflict_pairs, 1);
    ck_assert_uint_eq(res.conflicts, 1);
    ck_assert_ptr_null(res.outlier);
    cas_reconciliation_free(r);
    /* A caller built before the tolerance existed: its options end before
     * it, and the library reads none. */
    o.size = (uint32_t)offsetof(cas_reconcile_options, tolerance_kind);
    one_scope(l, &o, &res, &r);
    ck_assert_int_eq(res.conflict_pairs, 3);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(tolerance_leaves_ranges_alone)
{
    /* A range is what its source says; only exact counts are widened. */
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_scope_result res;
    cas_reconcile_options o;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, tu_claim("a", "A", 100, 100));
    tu_add(l, tu_claim("b", "B", 101, 120));
    cas_reconcile_options_init(&o);
    o.tolerance_kind = CAS_TOLERANCE_SHARE;
    o.tolerance = 0.05;
    o.best_rule = CAS_BEST_RULE_NONE_IF_CONFLICT;
    one_scope(l, &o, &res, &r);
    ck_assert_int_eq(res.has_consensus, 0);
    ck_assert_int_eq(res.conflict_pairs, 1);
    ck_assert_int_eq(res.best, CAS_NONE);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
    /* Two exact counts within it: the rule that drops the best of a
     * conflict keeps it. */
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, tu_claim("a", "A", 100, 100));
    tu_add(l, tu_claim("b", "B", 102, 102));
    tu_add(l, tu_claim("c", "C", 102, 102));
    one_scope(l, &o, &res, &r);
    ck_assert_int_eq(res.has_consensus, 1);
    ck_assert_int_eq(res.within_tolerance, 1);
    ck_assert_int_eq(res.best, 102);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(tolerance_errors)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_reconcile_options o;
    cas_error e;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, tu_claim("a", "A", 100, 100));
    cas_reconcile_options_init(&o);
    ck_assert_int_eq(o.tolerance_kind, CAS_TOLERANCE_NONE);
    cas_error_init(&e);
    o.tolerance_kind = CAS_TOLERANCE_COUNT;
    o.tolerance = 1.5;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_ERR_ARG);
    ck_assert_str_eq(e.field, "tolerance");
    ck_assert_ptr_null(r);
    o.tolerance = -1;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_ERR_ARG);
    o.tolerance_kind = CAS_TOLERANCE_SHARE;
    o.tolerance = NAN;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_ERR_ARG);
    o.tolerance_kind = 9;
    o.tolerance = 0;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_ERR_ARG);
    ck_assert_str_eq(e.field, "tolerance_kind");
    ck_assert_ptr_null(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(outlier_restores_consensus)
{
    /* 100, 100 and [90, 110] agree; 200 does not: C is the outlier. */
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_scope_result res;
    char *text = NULL;
    size_t len;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, tu_claim("a", "A", 100, 100));
    tu_add(l, tu_claim("b", "B", 100, 100));
    tu_add(l, tu_claim("c", "C", 200, 200));
    tu_add(l, tu_claim("d", "D", 90, 110));
    one_scope(l, NULL, &res, &r);
    ck_assert_int_eq(res.has_consensus, 0);
    ck_assert_int_eq(res.conflict_pairs, 3);
    ck_assert_str_eq(res.outlier, "C");
    ck_assert_int_eq(cas_report_table(&text, &len, r, NULL), CAS_OK);
    ck_assert_ptr_nonnull(strstr(text, "    outlier         C (without it the others agree)\n"));
    cas_free(text);
    ck_assert_int_eq(cas_report_markdown(&text, &len, r, NULL), CAS_OK);
    ck_assert_ptr_nonnull(strstr(text, "- outlier: C "));
    cas_free(text);
    ck_assert_int_eq(cas_report_csv(&text, &len, r, NULL), CAS_OK);
    ck_assert_ptr_nonnull(strstr(text, ",reported,,C\n"));
    cas_free(text);
    cas_reconciliation_free(r);
    /* Two sources far from the rest on either side: no one source. */
    tu_add(l, tu_claim("e", "E", 10, 10));
    one_scope(l, NULL, &res, &r);
    ck_assert_ptr_null(res.outlier);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("magnitude");
    TCase *tc = tcase_create("magnitude");
    tcase_add_test(tc, matrix_spread_by_hand);
    tcase_add_test(tc, matrix_tolerance);
    tcase_add_test(tc, matrix_one_figure_per_source);
    tcase_add_test(tc, tolerance_lets_exact_counts_agree);
    tcase_add_test(tc, tolerance_leaves_ranges_alone);
    tcase_add_test(tc, tolerance_errors);
    tcase_add_test(tc, outlier_restores_consensus);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
