/* SPDX-License-Identifier: MIT */
/* Best estimates (docs/model.md section 13): the rule that picks a scope's
 * best, the mark on a best no source reported, and the best of every
 * total: the sum of the terms' bests when each has one, else none with the
 * number that lack one. */
#include "testutil.h"

/* SOHR 1700, SNHR 823 and UN [800, 2000] best 1500 on one scope; on a
 * second, SOHR 40 and SNHR 10 exact (a conflict). */
static cas_ledger *fixture(void)
{
    cas_ledger *l = NULL;
    cas_claim c;
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, tu_claim("sohr", "SOHR", 1700, 1700));
    tu_add(l, tu_claim("snhr", "SNHR", 823, 823));
    c = tu_claim("un", "UN", 800, 2000);
    c.best = 1500;
    tu_add(l, c);
    c = tu_claim("sohr-t", "SOHR", 40, 40);
    c.scope.place = "syria/tartus";
    tu_add(l, c);
    c = tu_claim("snhr-t", "SNHR", 10, 10);
    c.scope.place = "syria/tartus";
    tu_add(l, c);
    return l;
}

/* The best and its kind of scope @i under @opts (NULL: the defaults). */
static void best_of(const cas_ledger *l, const cas_reconcile_options *opts, size_t i, int64_t *best,
                    int32_t *kind)
{
    cas_reconciliation *r = NULL;
    cas_scope_result s;
    cas_error e;
    cas_error_init(&e);
    ck_assert_msg(cas_reconcile_ledger(&r, l, opts, &e) == CAS_OK, "%s", e.message);
    cas_scope_result_init(&s);
    ck_assert_int_eq(cas_reconciliation_get(r, i, &s), CAS_OK);
    *best = s.best;
    *kind = s.best_kind;
    cas_reconciliation_free(r);
}

START_TEST(rules)
{
    cas_ledger *l = fixture();
    cas_reconcile_options o;
    const char *priority[] = {"Nobody", "SNHR", "SOHR"};
    int64_t best;
    int32_t kind;

    /* Scope 0 is syria (1700, 823, 1500), scope 1 syria/tartus (40, 10). */
    best_of(l, NULL, 0, &best, &kind);
    ck_assert_int_eq(best, 1500);
    ck_assert_int_eq(kind, CAS_BEST_REPORTED);
    best_of(l, NULL, 1, &best, &kind);
    ck_assert_int_eq(best, 25); /* the midpoint of 10 and 40 */
    ck_assert_int_eq(kind, CAS_BEST_MIDPOINT);

    cas_reconcile_options_init(&o);
    ck_assert_int_eq(o.best_rule, CAS_BEST_RULE_MEDIAN);
    o.best_rule = CAS_BEST_RULE_LOWEST;
    best_of(l, &o, 0, &best, &kind);
    ck_assert_int_eq(best, 823);
    ck_assert_int_eq(kind, CAS_BEST_REPORTED);
    best_of(l, &o, 1, &best, &kind);
    ck_assert_int_eq(best, 10);

    o.best_rule = CAS_BEST_RULE_PRIORITY;
    o.priority_sources = priority;
    o.npriority = 3;
    best_of(l, &o, 0, &best, &kind);
    ck_assert_int_eq(best, 823);
    o.npriority = 1; /* only a source the ledger does not know */
    best_of(l, &o, 0, &best, &kind);
    ck_assert_int_eq(best, CAS_NONE);
    ck_assert_int_eq(kind, CAS_BEST_ABSENT);

    o.best_rule = CAS_BEST_RULE_NONE_IF_CONFLICT;
    best_of(l, &o, 1, &best, &kind);
    ck_assert_int_eq(best, CAS_NONE);
    cas_ledger_free(l);
}
END_TEST

START_TEST(priority_provenance_names_the_chosen_source)
{
    cas_ledger *l = fixture();
    cas_reconcile_options o;
    const char *priority[] = {"SOHR"};
    cas_reconciliation *r = NULL;
    cas_claim_ref ref;
    size_t n = 0;

    cas_reconcile_options_init(&o);
    o.best_rule = CAS_BEST_RULE_PRIORITY;
    o.priority_sources = priority;
    o.npriority = 1;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, NULL), CAS_OK);
    cas_claim_ref_init(&ref);
    ck_assert_int_eq(cas_reconciliation_provenance(r, 0, CAS_BOUND_BEST, 0, &ref, &n), CAS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(ref.id, "sohr");
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(bad_options)
{
    cas_ledger *l = fixture();
    cas_reconcile_options o;
    cas_reconciliation *r = NULL;
    const char *names[] = {NULL};
    cas_error e;
    int32_t rule = -1;

    cas_error_init(&e);
    cas_reconcile_options_init(&o);
    o.best_rule = 9;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_ERR_ARG);
    ck_assert_str_eq(e.field, "best_rule");
    ck_assert_ptr_null(r);
    o.best_rule = CAS_BEST_RULE_PRIORITY;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_ERR_ARG);
    ck_assert_str_eq(e.field, "priority_sources");
    o.priority_sources = names;
    o.npriority = 1;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(e.message, "source name 0 is NULL"));
    /* A caller of the first release (no best_rule member) gets the median. */
    cas_reconcile_options_init_size(&o, offsetof(cas_reconcile_options, best_rule));
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_OK);
    cas_reconciliation_free(r);

    ck_assert_str_eq(cas_best_rule_name(CAS_BEST_RULE_NONE_IF_CONFLICT), "none-if-conflict");
    ck_assert_ptr_null(cas_best_rule_name(4));
    ck_assert_int_eq(cas_best_rule_from_name(&rule, "lowest"), CAS_OK);
    ck_assert_int_eq(rule, CAS_BEST_RULE_LOWEST);
    ck_assert_int_eq(cas_best_rule_from_name(&rule, "mean"), CAS_ERR_VALUE);
    ck_assert_str_eq(cas_best_kind_name(CAS_BEST_MIDPOINT), "midpoint");
    ck_assert_str_eq(cas_best_kind_name(CAS_BEST_ABSENT), "");
    ck_assert_ptr_null(cas_best_kind_name(-1));
    cas_ledger_free(l);
}
END_TEST

START_TEST(sums_carry_a_best)
{
    cas_claim a = tu_claim("a", "S", 10, 20), b = tu_claim("b", "S", 5, CAS_OPEN);
    cas_scope scopes[2];
    int64_t lows[2] = {10, 5}, highs[2] = {20, CAS_OPEN}, bests[2] = {12, 7};
    cas_sum sum;
    cas_error e;

    cas_error_init(&e);
    b.scope.place = "iraq";
    scopes[0] = a.scope;
    scopes[1] = b.scope;
    cas_sum_init(&sum);
    ck_assert_int_eq(cas_sum_estimates(&sum, scopes, lows, highs, bests, 2, &e), CAS_OK);
    ck_assert_int_eq(sum.best, 19);
    ck_assert_uint_eq(sum.without_best, 0);
    bests[1] = CAS_NONE;
    ck_assert_int_eq(cas_sum_estimates(&sum, scopes, lows, highs, bests, 2, &e), CAS_OK);
    ck_assert_int_eq(sum.best, CAS_NONE);
    ck_assert_uint_eq(sum.without_best, 1);
    ck_assert_int_eq(sum.low, 15);
    ck_assert_int_eq(cas_sum_ranges(&sum, scopes, lows, highs, 2, &e), CAS_OK);
    ck_assert_uint_eq(sum.without_best, 2);
    bests[0] = 25; /* outside [10, 20] */
    ck_assert_int_eq(cas_sum_estimates(&sum, scopes, lows, highs, bests, 2, &e), CAS_ERR_RANGE);
    ck_assert_str_eq(e.field, "best");
    ck_assert_int_eq(sum.without_best, 2); /* unchanged on failure */
    ck_assert_int_eq(cas_sum_estimates(&sum, NULL, NULL, NULL, NULL, 0, &e), CAS_OK);
    ck_assert_int_eq(sum.best, 0);
    ck_assert_uint_eq(sum.terms, 0);
}
END_TEST

START_TEST(sum_of_results_counts_midpoints)
{
    cas_ledger *l = fixture();
    cas_reconciliation *r = NULL;
    cas_sum sum;
    size_t items[1] = {1};
    cas_claim c = tu_claim("x", "SOHR", 3, CAS_OPEN);

    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    cas_sum_init(&sum);
    ck_assert_int_eq(cas_sum_results(&sum, r, items, 1, CAS_RESULT_ENVELOPE, NULL), CAS_OK);
    ck_assert_int_eq(sum.best, 25);
    ck_assert_uint_eq(sum.midpoint_bests, 1);
    cas_reconciliation_free(r);
    /* A scope with no best makes the total's best none. */
    c.scope.place = "syria/latakia";
    tu_add(l, c);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    {
        size_t two[2] = {1, 2};
        ck_assert_int_eq(cas_sum_results(&sum, r, two, 2, CAS_RESULT_ENVELOPE, NULL), CAS_OK);
        ck_assert_int_eq(sum.best, CAS_NONE);
        ck_assert_uint_eq(sum.without_best, 1);
    }
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("best");
    TCase *t = tcase_create("best");
    tcase_add_test(t, rules);
    tcase_add_test(t, priority_provenance_names_the_chosen_source);
    tcase_add_test(t, bad_options);
    tcase_add_test(t, sums_carry_a_best);
    tcase_add_test(t, sum_of_results_counts_midpoints);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
