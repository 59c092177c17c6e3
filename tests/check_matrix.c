/* SPDX-License-Identifier: MIT */
/* The source matrix (casualty/matrix.h): every pair of sources that
 * address the same scopes, on the bundled Syria data and by hand. */
#include "testutil.h"

#include <math.h>

/* ------------------------------------------------------------------ */
/* The source matrix                                                   */

START_TEST(matrix_sohr_snhr)
{
    cas_ledger *l = tu_syria();
    cas_matrix *m = NULL;
    cas_source_pair p = {.size = sizeof p};
    /* ">= 315" and ">= 219" are open-ended floors: no ratio (docs/model.md
     * section 14), so the one ratio is 1,700 / 823. */
    double r = 1700.0 / 823.0;

    ck_assert_int_eq(cas_matrix_new(&m, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_matrix_find(m, "SOHR", "SNHR", &p), CAS_OK);
    ck_assert_str_eq(p.first, "SOHR");
    ck_assert_str_eq(p.second, "SNHR");
    ck_assert_uint_eq(p.scopes, 2);
    ck_assert_uint_eq(p.agree, 1);    /* >= 315 and >= 219 */
    ck_assert_uint_eq(p.conflict, 1); /* 1,700 and 823 */
    ck_assert_uint_eq(p.ratios, 1);
    ck_assert_uint_eq(p.floors, 1);
    ck_assert_uint_eq(p.figures, 1);
    ck_assert_uint_eq(p.first_higher, 1);
    ck_assert_uint_eq(p.second_higher, 0);
    ck_assert_double_eq_tol(p.median_ratio, r, 1e-9);
    ck_assert_double_eq_tol(p.p10_ratio, r, 1e-9);
    ck_assert_double_eq_tol(p.p90_ratio, r, 1e-9);
    ck_assert_int_eq(cas_matrix_find(m, "SNHR", "SOHR", &p), CAS_OK);
    ck_assert_str_eq(p.first, "SNHR");
    ck_assert_double_eq_tol(p.median_ratio, 1 / r, 1e-9);
    /* Every pair that shares a scope: only this one in the Syria data. */
    ck_assert_uint_eq(cas_matrix_count(m), 1);
    ck_assert_int_eq(cas_matrix_get(m, 0, &p), CAS_OK);
    ck_assert_str_eq(p.first, "SNHR");
    ck_assert_str_eq(p.second, "SOHR");
    ck_assert_int_eq(cas_matrix_get(m, 1, &p), CAS_ERR_NOT_FOUND);
    /* Two sources that never address the same scope. */
    ck_assert_int_eq(cas_matrix_find(m, "SOHR", "Al-Araby Al-Jadeed", &p), CAS_OK);
    ck_assert_uint_eq(p.scopes, 0);
    ck_assert(isnan(p.median_ratio));
    /* Sources in byte order; the party's claim (Latakia governor) is out. */
    ck_assert_uint_eq(cas_matrix_sources(m), 5);
    ck_assert_str_eq(cas_matrix_source(m, 0), "Al-Araby Al-Jadeed");
    ck_assert_str_eq(cas_matrix_source(m, 4), "Wikipedia (unattributed)");
    ck_assert_ptr_null(cas_matrix_source(m, 5));
    ck_assert_int_eq(cas_matrix_find(m, "Latakia governor", "SOHR", &p), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_matrix_find(m, "SOHR", "SOHR", &p), CAS_ERR_ARG);
    ck_assert_int_eq(cas_matrix_find(m, NULL, "SOHR", &p), CAS_ERR_ARG);
    ck_assert_int_eq(cas_matrix_find(NULL, "SNHR", "SOHR", &p), CAS_ERR_ARG);
    p.size = 0;
    ck_assert_int_eq(cas_matrix_get(m, 0, &p), CAS_ERR_ARG);
    ck_assert_int_eq(cas_matrix_find(m, "SNHR", "SOHR", &p), CAS_ERR_ARG);
    ck_assert_int_eq(cas_matrix_get(NULL, 0, &p), CAS_ERR_ARG);
    ck_assert_uint_eq(cas_matrix_count(NULL), 0);
    ck_assert_uint_eq(cas_matrix_sources(NULL), 0);
    ck_assert_ptr_null(cas_matrix_source(NULL, 0));
    cas_matrix_free(m);
    cas_matrix_free(NULL);
    cas_ledger_free(l);
}
END_TEST

START_TEST(matrix_options)
{
    cas_ledger *l = tu_syria();
    cas_matrix *m = NULL;
    cas_reconcile_options o;
    cas_error e;

    cas_error_init(&e);
    cas_reconcile_options_init(&o);
    o.bases = CAS_BASES_ALL;
    ck_assert_int_eq(cas_matrix_new(&m, l, &o, NULL), CAS_OK);
    ck_assert_uint_eq(cas_matrix_sources(m), 6);
    cas_matrix_free(m);
    m = NULL;
    o.bases = 0;
    ck_assert_int_eq(cas_matrix_new(&m, l, &o, &e), CAS_ERR_ARG);
    ck_assert_ptr_null(m);
    o.size = 0;
    ck_assert_int_eq(cas_matrix_new(&m, l, &o, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_matrix_new(NULL, l, NULL, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_matrix_new(&m, NULL, NULL, &e), CAS_ERR_ARG);
    cas_ledger_free(l);
}
END_TEST

START_TEST(matrix_counts_scopes_not_claims)
{
    /* Two claims of A on one scope against one of B: one scope, one ratio
     * (A's figure is the lower median of 10 and 40: 10 / 20); any disjoint
     * pair makes the scope a conflict. On the other, 10 against B's
     * [5, 50] (figure 5): 2. */
    cas_ledger *l = NULL;
    cas_matrix *m = NULL;
    cas_source_pair p = {.size = sizeof p};
    cas_claim a1 = tu_claim("a1", "A", 10, 10), a2 = tu_claim("a2", "A", 40, 40),
              b = tu_claim("b", "B", 20, 20), b2 = tu_claim("b2", "B", 5, 50);

    b2.scope.group = "combatants";
    a1.qualifier = CAS_QUAL_EXACT;
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, a1);
    tu_add(l, a2);
    tu_add(l, b);
    tu_add(l, b2);
    a1.id = "a3";
    a1.scope.group = "combatants";
    tu_add(l, a1);
    ck_assert_int_eq(cas_matrix_new(&m, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_matrix_find(m, "A", "B", &p), CAS_OK);
    ck_assert_uint_eq(p.scopes, 2);
    ck_assert_uint_eq(p.conflict, 1);
    ck_assert_uint_eq(p.agree, 1);
    ck_assert_uint_eq(p.ratios, 2); /* 0.5, 2 */
    ck_assert_double_eq_tol(p.median_ratio, 1.0, 1e-12);
    cas_matrix_free(m);
    cas_ledger_free(l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("matrix");
    TCase *tc = tcase_create("matrix");
    tcase_add_test(tc, matrix_sohr_snhr);
    tcase_add_test(tc, matrix_options);
    tcase_add_test(tc, matrix_counts_scopes_not_claims);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
