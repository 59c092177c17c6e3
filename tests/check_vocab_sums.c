/* SPDX-License-Identifier: MIT */
/* Sums and propagation follow the vocabulary (docs/model.md sections 6
 * and 10): overlapping groups are refused in a sum with a message naming
 * them, disjoint ones add, and a composed outcome (casualties = killed +
 * wounded + missing + captured) is bounded below by its parts present. */
#include "testutil.h"

/* A scope on the Syrian coast, 6-12 March 2025. */
static cas_scope coast(const char *outcome, const char *group)
{
    return tu_coast(outcome, group, "", NULL, NULL);
}

/* The sum of two ranges [1, 2] and [3, 4] on @a and @b (built-in vocabulary). */
static cas_status sum2(cas_scope a, cas_scope b, cas_sum *out, cas_error *e)
{
    cas_scope s[2] = {a, b};
    int64_t lows[2] = {1, 3}, highs[2] = {2, 4};
    return cas_sum_ranges(out, s, lows, highs, 2, e);
}

START_TEST(overlapping_facets_are_refused)
{
    cas_sum sum = {.size = sizeof sum};
    cas_error e;
    cas_error_init(&e);
    sum.low = 77;
    ck_assert_int_eq(
        sum2(coast("killed", "civilians/children"), coast("killed", "civilians/women"), &sum, &e),
        CAS_ERR_OVERLAP);
    ck_assert_int_eq(e.status, CAS_ERR_OVERLAP);
    ck_assert_ptr_nonnull(strstr(e.message, "'civilians/children' and 'civilians/women' overlap"));
    ck_assert_ptr_nonnull(strstr(e.message, "floor for 'civilians'"));
    ck_assert_ptr_nonnull(strstr(e.message, "term 0"));
    ck_assert_ptr_nonnull(strstr(e.message, "term 1"));
    ck_assert_int_eq(sum.low, 77); /* nothing written */
    /* an alias is its canonical path: "children" is civilians/children */
    ck_assert_int_eq(
        sum2(coast("killed", "children"), coast("killed", "civilians/women"), &sum, &e),
        CAS_ERR_OVERLAP);
}
END_TEST

START_TEST(disjoint_groups_add)
{
    cas_sum sum = {.size = sizeof sum};
    cas_error e;
    cas_error_init(&e);
    ck_assert_msg(sum2(coast("killed", "civilians"), coast("killed", "combatants"), &sum, &e) ==
                      CAS_OK,
                  "%s", e.message);
    ck_assert_int_eq(sum.low, 4);
    ck_assert_int_eq(sum.high, 6);
    ck_assert_msg(sum2(coast("killed", "combatants/government"),
                       coast("killed", "combatants/insurgents"), &sum, &e) == CAS_OK,
                  "%s", e.message);
    ck_assert_int_eq(sum.terms, 2);
    /* a facet of civilians and a combatant group: disjoint at the top */
    ck_assert_msg(sum2(coast("killed", "civilians/children"), coast("killed", "combatants"), &sum,
                       &e) == CAS_OK,
                  "%s", e.message);
    /* a group and what lies within it */
    ck_assert_int_eq(
        sum2(coast("killed", "civilians"), coast("killed", "civilians/children"), &sum, &e),
        CAS_ERR_OVERLAP);
    ck_assert_ptr_nonnull(strstr(e.message, "lies within 'civilians'"));
}
END_TEST

START_TEST(outcome_parts_add_and_others_do_not)
{
    cas_sum sum = {.size = sizeof sum};
    cas_error e;
    cas_error_init(&e);
    /* killed and wounded are disjoint parts of casualties */
    ck_assert_msg(sum2(coast("killed", "civilians"), coast("wounded", "civilians"), &sum, &e) ==
                      CAS_OK,
                  "%s", e.message);
    ck_assert_int_eq(sum.low, 4);
    /* killed and displaced: nothing declares them disjoint */
    ck_assert_int_eq(sum2(coast("killed", "civilians"), coast("displaced", "civilians"), &sum, &e),
                     CAS_ERR_OVERLAP);
    ck_assert_ptr_nonnull(strstr(e.message, "'killed' and 'displaced'"));
    /* killed lies within casualties */
    ck_assert_int_eq(sum2(coast("casualties", "civilians"), coast("killed", "civilians"), &sum, &e),
                     CAS_ERR_OVERLAP);
    ck_assert_ptr_nonnull(strstr(e.message, "'killed' lies within 'casualties'"));
    /* different places make any outcomes disjoint */
    {
        cas_scope a = coast("killed", "civilians"), b = coast("displaced", "civilians");
        b.place = "syria/idlib";
        ck_assert_msg(sum2(a, b, &sum, &e) == CAS_OK, "%s", e.message);
    }
}
END_TEST

/* Many disjoint terms with overlapping facets far apart in the input:
 * the grouping must still find the pair. */
START_TEST(overlap_found_among_many)
{
    enum { N = 400 };
    static cas_scope s[N];
    static int64_t lows[N], highs[N];
    static char places[N][32];
    cas_sum sum = {.size = sizeof sum};
    cas_error e;
    cas_error_init(&e);
    for (size_t i = 0; i < N; i++) {
        snprintf(places[i], sizeof places[i], "syria/p%03zu", i / 2);
        s[i] = coast("killed", i % 2 ? "combatants" : "civilians/children");
        s[i].place = places[i];
        lows[i] = highs[i] = 1;
    }
    ck_assert_msg(cas_sum_ranges(&sum, s, lows, highs, N, &e) == CAS_OK, "%s", e.message);
    ck_assert_int_eq(sum.low, N);
    s[N - 1].group = "civilians/women";
    s[N - 1].place = places[7 * 2];
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, N, &e), CAS_ERR_OVERLAP);
    ck_assert_ptr_nonnull(strstr(e.message, "term 14 "));
    ck_assert_ptr_nonnull(strstr(e.message, "term 399 "));
    ck_assert_ptr_nonnull(strstr(e.message, "'civilians/children' and 'civilians/women'"));
}
END_TEST

/* A ledger with one claim per (group, outcome), and its reconciliation. */
static cas_reconciliation *reconcile(cas_ledger *l)
{
    cas_reconciliation *r = NULL;
    cas_error e;
    cas_error_init(&e);
    ck_assert_msg(cas_reconcile_ledger(&r, l, NULL, &e) == CAS_OK, "%s", e.message);
    return r;
}

static void add(cas_ledger *l, const char *id, const char *outcome, const char *group, int64_t low,
                int64_t high)
{
    cas_claim c = tu_claim(id, "SNHR", low, high);
    c.scope = coast(outcome, group);
    tu_add(l, c);
}

static size_t find(const cas_reconciliation *r, const char *outcome, const char *group)
{
    cas_scope s = coast(outcome, group);
    size_t i = 0;
    ck_assert_int_eq(cas_reconciliation_find(r, &s, &i), CAS_OK);
    return i;
}

START_TEST(user_vocabulary_makes_facets_exclusive)
{
    cas_ledger *l = NULL;
    cas_vocab *v = NULL;
    cas_reconciliation *r;
    cas_sum sum = {.size = sizeof sum};
    size_t items[2];
    cas_error e;
    static const char text[] = "group civilians exclusive\n";

    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, "a", "killed", "civilians/children", 30, 30);
    add(l, "b", "killed", "civilians/women", 40, 40);
    r = reconcile(l);
    items[0] = find(r, "killed", "civilians/children");
    items[1] = find(r, "killed", "civilians/women");
    ck_assert_int_eq(cas_sum_results(&sum, r, items, 2, CAS_RESULT_CONSENSUS, &e), CAS_ERR_OVERLAP);
    ck_assert_ptr_nonnull(strstr(e.message, "floor for 'civilians'"));
    cas_reconciliation_free(r);

    ck_assert_int_eq(cas_vocab_new_default(&v, &e), CAS_OK);
    ck_assert_msg(cas_vocab_extend_buffer(v, text, strlen(text), "user.txt", &e) == CAS_OK, "%s",
                  e.message);
    /* a vocabulary is set before any claim is added: a new ledger */
    cas_ledger_free(l);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_msg(cas_ledger_set_vocabulary(l, v, &e) == CAS_OK, "%s", e.message);
    add(l, "a", "killed", "civilians/children", 30, 30);
    add(l, "b", "killed", "civilians/women", 40, 40);
    r = reconcile(l);
    items[0] = find(r, "killed", "civilians/children");
    items[1] = find(r, "killed", "civilians/women");
    ck_assert_msg(cas_sum_results(&sum, r, items, 2, CAS_RESULT_CONSENSUS, &e) == CAS_OK, "%s",
                  e.message);
    ck_assert_int_eq(sum.low, 70);
    ck_assert_int_eq(sum.high, 70);
    cas_reconciliation_free(r);
    cas_vocab_free(v);
    cas_ledger_free(l);
}
END_TEST

static cas_propagation *propagate(const cas_reconciliation *r)
{
    cas_propagation *p = NULL;
    cas_error e;
    cas_error_init(&e);
    ck_assert_int_eq(cas_propagation_new(&p, r, CAS_RESULT_CONSENSUS, &e), CAS_OK);
    ck_assert_msg(cas_propagation_run(p, &e) == CAS_OK, "%s", e.message);
    return p;
}

static cas_bounds bounds(const cas_propagation *p, const char *outcome, const char *group)
{
    cas_scope s = coast(outcome, group);
    cas_bounds b = {.size = sizeof b};
    size_t i = 0;
    ck_assert_int_eq(cas_propagation_find(p, &s, &i), CAS_OK);
    ck_assert_int_eq(cas_propagation_get(p, i, &b), CAS_OK);
    return b;
}

/* The ids of the claims behind bound @side of a scope, joined by ','. */
static void provenance(const cas_propagation *p, const char *outcome, const char *group, int side,
                       char *buf, size_t size)
{
    cas_scope s = coast(outcome, group);
    size_t i = 0, n = 0;
    buf[0] = '\0';
    ck_assert_int_eq(cas_propagation_find(p, &s, &i), CAS_OK);
    ck_assert_int_eq(cas_propagation_provenance(p, i, side, 0, NULL, &n), CAS_OK);
    for (size_t k = 0; k < n; k++) {
        cas_claim_ref c = {.size = sizeof c};
        ck_assert_int_eq(cas_propagation_provenance(p, i, side, k, &c, NULL), CAS_OK);
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", k ? "," : "", c.id);
    }
}

START_TEST(partial_breakdown_is_a_floor)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r;
    cas_propagation *p;
    cas_bounds b;
    char ids[64];

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, "k", "killed", "civilians", 10, 10);
    add(l, "w", "wounded", "civilians", 5, 20);
    add(l, "c", "casualties", "civilians", 1, CAS_OPEN);
    r = reconcile(l);
    p = propagate(r);
    b = bounds(p, "casualties", "civilians");
    ck_assert_int_eq(b.low, 15);
    ck_assert_int_eq(b.low_rule, CAS_RULE_SUM);
    ck_assert_int_eq(b.high, CAS_OPEN); /* missing and captured are not claimed */
    ck_assert_int_eq(b.conflict, 0);
    provenance(p, "casualties", "civilians", CAS_PROPAGATED_LOW, ids, sizeof ids);
    ck_assert_str_eq(ids, "k,w");
    cas_propagation_free(p);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(killed_within_casualties)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r;
    cas_propagation *p;
    cas_bounds b;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, "k", "killed", "civilians", 12, CAS_OPEN);
    add(l, "c", "casualties", "civilians", 3, 50);
    r = reconcile(l);
    p = propagate(r);
    b = bounds(p, "casualties", "civilians");
    ck_assert_int_eq(b.low, 12);
    ck_assert_int_eq(b.low_rule, CAS_RULE_PART);
    b = bounds(p, "killed", "civilians");
    ck_assert_int_eq(b.high, 50);
    ck_assert_int_eq(b.high_rule, CAS_RULE_WHOLE);
    cas_propagation_free(p);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(all_parts_cover_casualties)
{
    static const char *const outcomes[] = {"killed", "wounded", "missing", "captured"};
    static const int64_t counts[] = {100, 250, 7, 3};
    cas_ledger *l = NULL;
    cas_reconciliation *r;
    cas_propagation *p;
    cas_bounds b;
    int64_t total = 0;
    char id[16];

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    for (int i = 0; i < 4; i++) {
        snprintf(id, sizeof id, "p%d", i);
        add(l, id, outcomes[i], "civilians", counts[i], counts[i]);
        total += counts[i];
    }
    add(l, "c", "casualties", "civilians", 0, 1000);
    r = reconcile(l);
    p = propagate(r);
    b = bounds(p, "casualties", "civilians");
    ck_assert_int_eq(b.high, total);
    ck_assert_int_eq(b.high_rule, CAS_RULE_COVER_HIGH);
    ck_assert_int_eq(b.low, total);
    ck_assert_int_eq(b.low_rule, CAS_RULE_SUM);
    cas_propagation_free(p);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(overlapping_facets_are_only_floors)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r;
    cas_propagation *p;
    cas_bounds b;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, "civ", "killed", "civilians", 100, 100);
    add(l, "ch", "killed", "civilians/children", 30, 30);
    add(l, "wo", "killed", "civilians/women", 80, CAS_OPEN);
    r = reconcile(l);
    p = propagate(r);
    /* 30 + 80 > 100 is no conflict: a girl is both */
    ck_assert_uint_eq(cas_propagation_conflicts(p), 0);
    b = bounds(p, "killed", "civilians");
    ck_assert_int_eq(b.low, 100);
    ck_assert_int_eq(b.low_rule, CAS_RULE_CLAIMS);
    /* each facet is at most the whole, not the whole less the others */
    b = bounds(p, "killed", "civilians/women");
    ck_assert_int_eq(b.high, 100);
    ck_assert_int_eq(b.high_rule, CAS_RULE_WHOLE);
    b = bounds(p, "killed", "civilians/children");
    ck_assert_int_eq(b.high, 30);
    cas_propagation_free(p);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(exclusive_groups_still_sum)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r;
    cas_propagation *p;
    cas_bounds b;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, "all", "killed", "combatants", 100, 100);
    add(l, "gov", "killed", "combatants/government", 30, 30);
    add(l, "ins", "killed", "combatants/insurgents", 40, CAS_OPEN);
    r = reconcile(l);
    p = propagate(r);
    b = bounds(p, "killed", "combatants/insurgents");
    ck_assert_int_eq(b.high, 70);
    ck_assert_int_eq(b.high_rule, CAS_RULE_REST);
    cas_propagation_free(p);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(cover_under_the_vocabulary)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r;
    cas_propagation *p = NULL;
    cas_scope whole = coast("killed", "civilians");
    cas_scope facets[2] = {coast("killed", "civilians/children"), coast("killed", "civilians/men")};
    cas_scope outcomes[2] = {coast("killed", "combatants"), coast("wounded", "combatants")};
    cas_scope cas = coast("casualties", "combatants");
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, "civ", "killed", "civilians", 100, 100);
    r = reconcile(l);
    ck_assert_int_eq(cas_propagation_new(&p, r, CAS_RESULT_CONSENSUS, &e), CAS_OK);
    ck_assert_int_eq(cas_propagation_cover(p, &whole, facets, 2, &e), CAS_ERR_OVERLAP);
    ck_assert_ptr_nonnull(strstr(e.message, "'civilians/children' and 'civilians/men' overlap"));
    /* killed and wounded cover casualties (declared by the caller here) */
    ck_assert_msg(cas_propagation_cover(p, &cas, outcomes, 2, &e) == CAS_OK, "%s", e.message);
    cas_propagation_free(p);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

/* "@top" then @n - 2 segments "a" then "@last": a path of @n one-byte
 * segments (2n - 1 bytes: 32,768 segments fill a field). Free it. */
static char *deep_path(const char *top, size_t n, char last)
{
    size_t t = strlen(top), k = t;
    char *s = malloc(t + 2 * n + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, top, t);
    for (size_t i = 1; i + 1 < n; i++) {
        s[k++] = '/';
        s[k++] = 'a';
    }
    s[k++] = '/';
    s[k++] = last;
    s[k] = '\0';
    return s;
}

/* Places of 32,768 segments (issue 20): each prefix of a path was hashed
 * from its first byte when the vocabulary canonicalised it (at load) and
 * walked up it (in sums and relations), so this took about a minute; the
 * scopes must still be found and their sum be right. */
START_TEST(long_places_load_reconcile_and_sum)
{
    enum { N = 32768, PARTS = 4 };
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_vocab *v = NULL;
    size_t cap = 256 + 2 * PARTS * (2 * N + 64), len;
    char *csv = malloc(cap);
    char *paths[PARTS], *prefix, buf[2 * N + 64];
    size_t items[PARTS + 1], at;
    cas_scope_result res;
    cas_sum sum;
    cas_error e;
    int32_t rel, changed = 0;

    cas_error_init(&e);
    ck_assert_ptr_nonnull(csv);
    len = (size_t)sprintf(csv, "id,source,outcome,place,period_start,period_end,low,high\n"
                               "w,S,killed,s,2000-01-01,2000-12-31,4,\n");
    for (int k = 0; k < PARTS; k++) {
        paths[k] = deep_path("s", N, (char)('b' + k));
        ck_assert_uint_eq(strlen(paths[k]), 2 * N - 1);
        len +=
            (size_t)sprintf(csv + len, "c%d,S,killed,%s,2000-01-01,2000-12-31,1,1\n", k, paths[k]);
        len +=
            (size_t)sprintf(csv + len, "d%d,T,killed,%s,2000-01-01,2000-12-31,1,2\n", k, paths[k]);
    }
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_msg(cas_csv_load_buffer(l, csv, len, "long.csv", &e) == CAS_OK, "%s", e.message);
    ck_assert_uint_eq(cas_ledger_count(l), 1 + 2 * PARTS);
    ck_assert_msg(cas_reconcile_ledger(&r, l, NULL, &e) == CAS_OK, "%s", e.message);
    ck_assert_uint_eq(cas_reconciliation_count(r), 1 + PARTS);
    for (int k = 0; k < PARTS; k++) {
        cas_scope sc;
        cas_scope_init(&sc);
        sc.outcome = "killed";
        sc.place = paths[k];
        sc.period_start = tu_day("2000-01-01");
        sc.period_end = tu_day("2000-12-31");
        ck_assert_int_eq(cas_reconciliation_find(r, &sc, &items[k]), CAS_OK);
        cas_scope_result_init(&res);
        ck_assert_int_eq(cas_reconciliation_get(r, items[k], &res), CAS_OK);
        ck_assert_str_eq(res.scope.place, paths[k]);
        ck_assert_int_eq(res.envelope_low, 1);
        ck_assert_int_eq(res.envelope_high, 2);
    }
    /* the parts add up; the whole and a part overlap */
    cas_sum_init(&sum);
    ck_assert_msg(cas_sum_results(&sum, r, items, PARTS, CAS_RESULT_ENVELOPE, &e) == CAS_OK, "%s",
                  e.message);
    ck_assert_uint_eq(sum.terms, PARTS);
    ck_assert_int_eq(sum.low, PARTS);
    ck_assert_int_eq(sum.high, 2 * PARTS);
    cas_scope whole;
    cas_scope_init(&whole);
    whole.outcome = "killed";
    whole.place = "s";
    whole.period_start = tu_day("2000-01-01");
    whole.period_end = tu_day("2000-12-31");
    ck_assert_int_eq(cas_reconciliation_find(r, &whole, &items[PARTS]), CAS_OK);
    ck_assert_int_eq(cas_sum_results(&sum, r, items + PARTS - 1, 2, CAS_RESULT_ENVELOPE, &e),
                     CAS_ERR_OVERLAP);
    ck_assert_int_eq(sum.low, PARTS); /* nothing written */

    /* relations of long paths: siblings, other tops, a prefix */
    ck_assert_int_eq(cas_vocab_new_default(&v, &e), CAS_OK);
    ck_assert_int_eq(cas_vocab_relation(v, CAS_DIM_PLACE, paths[0], paths[1], &rel, &e), CAS_OK);
    ck_assert_int_eq(rel, CAS_VOCAB_DISJOINT);
    prefix = deep_path("t", N, 'b');
    ck_assert_int_eq(cas_vocab_relation(v, CAS_DIM_PLACE, paths[0], prefix, &rel, &e), CAS_OK);
    ck_assert_int_eq(rel, CAS_VOCAB_DISJOINT);
    at = strlen(paths[2]) - 2 * (N / 2); /* half the segments, at a '/' */
    ck_assert_int_eq(paths[2][at], '/');
    memcpy(prefix, paths[2], at);
    prefix[at] = '\0';
    ck_assert_int_eq(cas_vocab_relation(v, CAS_DIM_PLACE, paths[2], prefix, &rel, &e), CAS_OK);
    ck_assert_int_eq(rel, CAS_VOCAB_WITHIN);
    ck_assert_int_eq(cas_vocab_relation(v, CAS_DIM_PLACE, prefix, paths[3], &rel, &e), CAS_OK);
    ck_assert_int_eq(rel, CAS_VOCAB_CONTAINS);
    /* an alias at the top of a long group path still applies (its
     * canonical path just fits a field) */
    free(prefix);
    prefix = deep_path("children", N - 8, 'b');
    ck_assert_msg(cas_vocab_canonical(v, CAS_DIM_GROUP, prefix, buf, sizeof buf, &changed, &e) ==
                      CAS_OK,
                  "%s", e.message);
    ck_assert_int_eq(changed, 1);
    ck_assert_uint_eq(strlen(buf), strlen("civilians/") + strlen(prefix));
    ck_assert_int_eq(strncmp(buf, "civilians/children/a/a/", 23), 0);
    ck_assert_str_eq(buf + strlen("civilians/"), prefix);
    free(prefix);
    for (int k = 0; k < PARTS; k++)
        free(paths[k]);
    cas_vocab_free(v);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
    free(csv);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("vocab_sums");
    TCase *tc = tcase_create("sum");
    tcase_add_test(tc, overlapping_facets_are_refused);
    tcase_add_test(tc, disjoint_groups_add);
    tcase_add_test(tc, outcome_parts_add_and_others_do_not);
    tcase_add_test(tc, overlap_found_among_many);
    tcase_add_test(tc, user_vocabulary_makes_facets_exclusive);
    tcase_add_test(tc, long_places_load_reconcile_and_sum);
    suite_add_tcase(s, tc);
    tc = tcase_create("propagation");
    tcase_add_test(tc, partial_breakdown_is_a_floor);
    tcase_add_test(tc, killed_within_casualties);
    tcase_add_test(tc, all_parts_cover_casualties);
    tcase_add_test(tc, overlapping_facets_are_only_floors);
    tcase_add_test(tc, exclusive_groups_still_sum);
    tcase_add_test(tc, cover_under_the_vocabulary);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
