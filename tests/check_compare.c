/* SPDX-License-Identifier: MIT */
/* Pairwise comparison (casualty/compare.h): claims of the bundled Syria
 * data and hand-made claims, ranges and nested scopes, errors. */
#include "testutil.h"

#include <math.h>

/* ------------------------------------------------------------------ */
/* Pairwise comparison                                                 */

START_TEST(compare_sohr_snhr)
{
    cas_ledger *l = tu_syria();
    cas_comparison c;
    size_t a, b;

    ck_assert_int_eq(cas_ledger_find(l, "syria-004", &a), CAS_OK);
    ck_assert_int_eq(cas_ledger_find(l, "syria-005", &b), CAS_OK);
    cas_comparison_init(&c);
    ck_assert_int_eq(cas_compare_at(&c, l, a, b, NULL), CAS_OK);
    ck_assert_int_eq(c.scope_relation, CAS_SCOPE_SAME);
    ck_assert_int_eq(c.range_relation, CAS_RANGE_DISJOINT);
    ck_assert_int_eq(c.consistent, 0);
    ck_assert_int_eq(c.gap, 877);
    ck_assert_int_eq(c.narrower, CAS_SIDE_NEITHER);
    ck_assert_int_eq(c.first_figure, 1700);
    ck_assert_int_eq(c.second_figure, 823);
    ck_assert_double_eq_tol(c.ratio, 2.07, 0.005);
    /* The other way round. */
    ck_assert_int_eq(cas_compare_at(&c, l, b, a, NULL), CAS_OK);
    ck_assert_int_eq(c.gap, 877);
    ck_assert_double_eq_tol(c.ratio, 823.0 / 1700.0, 1e-12);

    /* SNHR's 164 (6-8 March, by government forces) within SOHR's 1,700
     * (6-12 March, all): consistent, a part below the whole. */
    ck_assert_int_eq(cas_ledger_find(l, "syria-021", &b), CAS_OK);
    ck_assert_int_eq(cas_compare_at(&c, l, b, a, NULL), CAS_OK);
    ck_assert_int_eq(c.scope_relation, CAS_SCOPE_WITHIN);
    ck_assert_int_eq(c.consistent, 1);
    ck_assert_int_eq(c.gap, 0);
    ck_assert_int_eq(cas_compare_at(&c, l, a, b, NULL), CAS_OK);
    ck_assert_int_eq(c.scope_relation, CAS_SCOPE_CONTAINS);
    ck_assert_int_eq(c.consistent, 1);

    /* "nearly 400" security personnel on 6 March within SNHR's 121 for
     * 6-8 March: the part exceeds the whole by 360 - 121. */
    ck_assert_int_eq(cas_ledger_find(l, "syria-008", &a), CAS_OK);
    ck_assert_int_eq(cas_ledger_find(l, "syria-023", &b), CAS_OK);
    ck_assert_int_eq(cas_compare_at(&c, l, a, b, NULL), CAS_OK);
    ck_assert_int_eq(c.scope_relation, CAS_SCOPE_WITHIN);
    ck_assert_int_eq(c.consistent, 0);
    ck_assert_int_eq(c.gap, 360 - 121);
    ck_assert_int_eq(c.narrower, CAS_SIDE_SECOND);
    ck_assert_int_eq(cas_compare_at(&c, l, b, a, NULL), CAS_OK);
    ck_assert_int_eq(c.scope_relation, CAS_SCOPE_CONTAINS);
    ck_assert_int_eq(c.gap, 360 - 121);
    ck_assert_int_eq(c.narrower, CAS_SIDE_FIRST);

    /* Within the open-ended count of all government-side combatants. */
    ck_assert_int_eq(cas_ledger_find(l, "syria-001", &b), CAS_OK);
    ck_assert_int_eq(cas_compare_at(&c, l, a, b, NULL), CAS_OK);
    ck_assert_int_eq(c.scope_relation, CAS_SCOPE_WITHIN);
    ck_assert_int_eq(c.consistent, 1);
    /* Civilians vs combatants: disjoint scopes never conflict. */
    ck_assert_int_eq(cas_ledger_find(l, "syria-004", &b), CAS_OK);
    ck_assert_int_eq(cas_compare_at(&c, l, a, b, NULL), CAS_OK);
    ck_assert_int_eq(c.scope_relation, CAS_SCOPE_DISJOINT);
    ck_assert_int_eq(c.consistent, 1);
    ck_assert_int_eq(c.gap, 0);
    cas_ledger_free(l);
}
END_TEST

START_TEST(compare_claims_ranges)
{
    cas_comparison c;
    cas_claim a = tu_claim("a", "A", 315, CAS_OPEN), b = tu_claim("b", "B", 219, CAS_OPEN);

    cas_comparison_init(&c);
    ck_assert_int_eq(cas_compare_claims(&c, &a, &b, NULL), CAS_OK);
    ck_assert_int_eq(c.range_relation, CAS_RANGE_INSIDE);
    ck_assert_int_eq(c.consistent, 1);
    ck_assert_int_eq(c.gap, 0);
    ck_assert_int_eq(c.narrower, CAS_SIDE_NEITHER); /* both open */
    ck_assert_double_eq_tol(c.ratio, 315.0 / 219.0, 1e-12);

    /* An open range above a closed one: disjoint, with a gap. */
    b = tu_claim("b", "B", 10, 300);
    ck_assert_int_eq(cas_compare_claims(&c, &a, &b, NULL), CAS_OK);
    ck_assert_int_eq(c.range_relation, CAS_RANGE_DISJOINT);
    ck_assert_int_eq(c.gap, 15);
    ck_assert_int_eq(c.narrower, CAS_SIDE_SECOND);
    /* Ranges that touch meet: gap 0. */
    b.high = 315;
    ck_assert_int_eq(cas_compare_claims(&c, &a, &b, NULL), CAS_OK);
    ck_assert_int_eq(c.range_relation, CAS_RANGE_OVERLAPPING);
    ck_assert_int_eq(c.gap, 0);
    ck_assert_int_eq(c.consistent, 1);
    /* Adjacent integers do not meet: [10, 314] and [315, open) are 1 apart. */
    b.high = 314;
    ck_assert_int_eq(cas_compare_claims(&c, &a, &b, NULL), CAS_OK);
    ck_assert_int_eq(c.gap, 1);
    /* Best is the figure; zero figure gives NaN. */
    b = tu_claim("b", "B", 0, 100);
    b.best = 0;
    ck_assert_int_eq(cas_compare_claims(&c, &a, &b, NULL), CAS_OK);
    ck_assert(isnan(c.ratio));
    b.best = 50;
    ck_assert_int_eq(cas_compare_claims(&c, &b, &a, NULL), CAS_OK);
    ck_assert_int_eq(c.first_figure, 50);
    ck_assert_double_eq_tol(c.ratio, 50.0 / 315.0, 1e-12);
    /* Equal widths: neither is narrower. */
    a = tu_claim("a", "A", 10, 20);
    b = tu_claim("b", "B", 15, 25);
    ck_assert_int_eq(cas_compare_claims(&c, &a, &b, NULL), CAS_OK);
    ck_assert_int_eq(c.narrower, CAS_SIDE_NEITHER);
    ck_assert_int_eq(c.range_relation, CAS_RANGE_OVERLAPPING);
    b.low = 12;
    b.high = 18;
    ck_assert_int_eq(cas_compare_claims(&c, &a, &b, NULL), CAS_OK);
    ck_assert_int_eq(c.narrower, CAS_SIDE_SECOND);
    ck_assert_int_eq(c.range_relation, CAS_RANGE_CONTAINS);
}
END_TEST

START_TEST(compare_nested_scopes)
{
    cas_comparison c;
    cas_claim whole = tu_claim("w", "A", 100, 100), part = tu_claim("p", "B", 150, CAS_OPEN);

    part.scope.place = "syria/latakia";
    cas_comparison_init(&c);
    ck_assert_int_eq(cas_compare_claims(&c, &part, &whole, NULL), CAS_OK);
    ck_assert_int_eq(c.scope_relation, CAS_SCOPE_WITHIN);
    ck_assert_int_eq(c.consistent, 0);
    ck_assert_int_eq(c.gap, 50);
    /* An open whole holds any part. */
    whole.high = CAS_OPEN;
    whole.qualifier = CAS_QUAL_AT_LEAST;
    ck_assert_int_eq(cas_compare_claims(&c, &part, &whole, NULL), CAS_OK);
    ck_assert_int_eq(c.consistent, 1);
    /* A part below the whole's floor is fine: the rest may be elsewhere. */
    whole = tu_claim("w", "A", 1000, 1000);
    part = tu_claim("p", "B", 5, 5);
    part.scope.period_end = tu_day("2025-03-08");
    ck_assert_int_eq(cas_compare_claims(&c, &whole, &part, NULL), CAS_OK);
    ck_assert_int_eq(c.scope_relation, CAS_SCOPE_CONTAINS);
    ck_assert_int_eq(c.consistent, 1);
    ck_assert_int_eq(c.range_relation, CAS_RANGE_DISJOINT);
    /* Overlapping scopes (another group and a longer period) do not
     * constrain each other. */
    part.scope.group = "civilians/alawite";
    part.scope.period_end = tu_day("2025-03-20");
    part.low = part.high = 5000;
    ck_assert_int_eq(cas_compare_claims(&c, &whole, &part, NULL), CAS_OK);
    ck_assert_int_eq(c.scope_relation, CAS_SCOPE_OVERLAPPING);
    ck_assert_int_eq(c.consistent, 1);
    ck_assert_int_eq(c.gap, 0);
}
END_TEST

START_TEST(compare_errors)
{
    cas_ledger *l = tu_syria();
    cas_comparison c;
    cas_claim a = tu_claim("a", "A", 1, 1), b = tu_claim("b", "B", 2, 2);
    cas_error e;

    cas_error_init(&e);
    memset(&c, 0, sizeof c);
    ck_assert_int_eq(cas_compare_claims(&c, &a, &b, &e), CAS_ERR_ARG); /* size unset */
    ck_assert_int_eq(cas_compare_claims(NULL, &a, &b, &e), CAS_ERR_ARG);
    cas_comparison_init(&c);
    ck_assert_int_eq(cas_compare_claims(&c, NULL, &b, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_compare_claims(&c, &a, NULL, &e), CAS_ERR_ARG);
    b.low = 5; /* exact claim with low != high */
    ck_assert_int_eq(cas_compare_claims(&c, &a, &b, &e), CAS_ERR_RANGE);
    ck_assert_ptr_nonnull(strstr(e.message, "second claim"));
    a.scope.outcome = "";
    ck_assert_int_eq(cas_compare_claims(&c, &a, &b, &e), CAS_ERR_MISSING);
    ck_assert_ptr_nonnull(strstr(e.message, "first claim"));
    ck_assert_str_eq(e.field, "outcome");
    /* Nothing written on failure. */
    ck_assert_int_eq(c.gap, 0);
    ck_assert_int_eq(c.first_figure, 0);
    ck_assert_int_eq(cas_compare_at(&c, NULL, 0, 0, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_compare_at(NULL, l, 0, 0, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_compare_at(&c, l, 0, cas_ledger_count(l), &e), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_compare_at(&c, l, 1000, 0, &e), CAS_ERR_NOT_FOUND);
    cas_comparison_init(NULL);
    cas_ledger_free(l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("compare");
    TCase *tc = tcase_create("compare");
    tcase_add_test(tc, compare_sohr_snhr);
    tcase_add_test(tc, compare_claims_ranges);
    tcase_add_test(tc, compare_nested_scopes);
    tcase_add_test(tc, compare_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
