/* SPDX-License-Identifier: MIT */
/* Sums across scopes and propagation between wholes and parts. */
#include "testutil.h"

static cas_scope scope(const char *group, const char *place, const char *from, const char *to)
{
    cas_scope s;
    cas_scope_init(&s);
    s.outcome = "killed";
    s.group = group;
    s.place = place;
    s.period_start = from ? tu_day(from) : CAS_DATE_UNKNOWN;
    s.period_end = to ? tu_day(to) : CAS_DATE_UNKNOWN;
    return s;
}

static void add(cas_ledger *l, const char *id, const char *source, cas_scope s, int64_t low,
                int64_t high)
{
    cas_claim c = tu_claim(id, source, low, high);
    cas_error e;
    c.scope = s;
    cas_error_init(&e);
    ck_assert_msg(cas_ledger_add(l, &c, &e) == CAS_OK, "%s", e.message);
}

static cas_propagation *propagate(const cas_ledger *l, int32_t which)
{
    cas_reconciliation *r = NULL;
    cas_propagation *p = NULL;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_propagation_new(&p, r, which, NULL), CAS_OK);
    cas_reconciliation_free(r); /* the propagation does not need it */
    return p;
}

static cas_bounds bounds_of(const cas_propagation *p, const cas_scope *s)
{
    cas_bounds b;
    size_t i = 0;
    memset(&b, 0, sizeof b);
    b.size = sizeof b;
    ck_assert_int_eq(cas_propagation_find(p, s, &i), CAS_OK);
    ck_assert_int_eq(cas_propagation_get(p, i, &b), CAS_OK);
    return b;
}

/* The ids a bound rests on, joined with ' ' (static buffer). */
static const char *why(const cas_propagation *p, const cas_scope *s, int bound)
{
    static char buf[1024];
    size_t i = 0, n = 0;
    buf[0] = '\0';
    ck_assert_int_eq(cas_propagation_find(p, s, &i), CAS_OK);
    ck_assert_int_eq(cas_propagation_provenance(p, i, bound, 0, NULL, &n), CAS_OK);
    for (size_t k = 0; k < n; k++) {
        cas_claim_ref c = {.size = sizeof c};
        ck_assert_int_eq(cas_propagation_provenance(p, i, bound, k, &c, NULL), CAS_OK);
        if (k)
            strcat(buf, " ");
        strcat(buf, c.id);
    }
    return buf;
}

/* ------------------------------------------------------------------ */
/* Sums                                                                */

START_TEST(sum_disjoint_places)
{
    cas_scope s[3] = {scope("civilians", "syria/latakia", "2025-03-06", "2025-03-12"),
                      scope("civilians", "syria/tartus", "2025-03-06", "2025-03-12"),
                      scope("civilians", "syria/hama", "2025-03-06", "2025-03-12")};
    int64_t lows[3] = {100, 50, 7}, highs[3] = {200, 60, 7};
    cas_sum sum = {.size = sizeof sum};

    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 3, NULL), CAS_OK);
    ck_assert_int_eq(sum.low, 157);
    ck_assert_int_eq(sum.high, 267);
    ck_assert_uint_eq(sum.terms, 3);
    /* An open end stays open. */
    highs[1] = CAS_OPEN;
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 3, NULL), CAS_OK);
    ck_assert_int_eq(sum.low, 157);
    ck_assert_int_eq(sum.high, CAS_OPEN);
    /* No terms: zero. */
    ck_assert_int_eq(cas_sum_ranges(&sum, NULL, NULL, NULL, 0, NULL), CAS_OK);
    ck_assert_int_eq(sum.low, 0);
    ck_assert_int_eq(sum.high, 0);
    ck_assert_uint_eq(sum.terms, 0);
}
END_TEST

START_TEST(sum_disjoint_periods_and_groups)
{
    cas_scope s[4] = {scope("civilians", "syria", "2025-03-06", "2025-03-08"),
                      scope("civilians", "syria", "2025-03-09", "2025-03-12"),
                      scope("combatants", "syria", "2025-03-06", "2025-03-12"),
                      scope("civilians", "syria", NULL, "2025-03-05")};
    int64_t lows[4] = {164, 600, 315, 10}, highs[4] = {164, 700, CAS_OPEN, 20};
    cas_sum sum = {.size = sizeof sum};

    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 4, NULL), CAS_OK);
    ck_assert_int_eq(sum.low, 164 + 600 + 315 + 10);
    ck_assert_int_eq(sum.high, CAS_OPEN);
}
END_TEST

START_TEST(sum_overlap_names_the_pair)
{
    cas_scope s[4] = {scope("civilians", "syria/latakia", "2025-03-06", "2025-03-12"),
                      scope("combatants", "syria", "2025-03-06", "2025-03-12"),
                      scope("civilians", "syria/tartus", "2025-03-06", "2025-03-12"),
                      scope("civilians", "syria/latakia/jableh", "2025-03-06", "2025-03-08")};
    int64_t lows[4] = {1, 2, 3, 4}, highs[4] = {1, 2, 3, 4};
    cas_sum sum = {.size = sizeof sum};
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 4, &e), CAS_ERR_OVERLAP);
    ck_assert_int_eq(e.status, CAS_ERR_OVERLAP);
    ck_assert_ptr_nonnull(strstr(e.message, "term 0 "));
    ck_assert_ptr_nonnull(strstr(e.message, "term 3 "));
    ck_assert_ptr_nonnull(strstr(e.message, "syria/latakia/jableh"));
    ck_assert_ptr_nonnull(strstr(e.message, "twice"));
    ck_assert_int_eq(sum.low, 0); /* not written */
    /* The same scope twice is double counting too. */
    s[3] = s[1];
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 4, &e), CAS_ERR_OVERLAP);
    ck_assert_ptr_nonnull(strstr(e.message, "term 1 "));
    ck_assert_ptr_nonnull(strstr(e.message, "term 3 "));
    /* Overlapping periods (6-8 and 8-12 March) share a day. */
    s[3] = scope("civilians", "syria/tartus", "2025-03-01", "2025-03-06");
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 4, &e), CAS_ERR_OVERLAP);
    ck_assert_ptr_nonnull(strstr(e.message, "term 2 "));
    ck_assert_ptr_nonnull(strstr(e.message, "overlapping"));
    /* Open periods overlap everything on their side. */
    s[3] = scope("civilians", "syria/tartus", "2025-03-12", NULL);
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 4, &e), CAS_ERR_OVERLAP);
    s[3] = scope("civilians", "syria/tartus", "2025-03-13", NULL);
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 4, &e), CAS_OK);
    /* An empty path means "all": it overlaps every place. */
    s[3] = scope("civilians", "", "2025-03-13", "2025-03-13");
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 4, &e), CAS_OK);
    s[3].period_start = tu_day("2025-03-12");
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 4, &e), CAS_ERR_OVERLAP);
}
END_TEST

START_TEST(sum_errors)
{
    cas_scope s[2] = {scope("civilians", "a", NULL, NULL), scope("civilians", "b", NULL, NULL)};
    int64_t lows[2] = {INT64_MAX - 5, 10}, highs[2] = {INT64_MAX - 5, 10};
    cas_sum sum = {.size = sizeof sum};
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 2, &e), CAS_ERR_OVERFLOW);
    ck_assert_str_eq(e.field, "low");
    lows[0] = 0;
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 2, &e), CAS_ERR_OVERFLOW);
    ck_assert_str_eq(e.field, "high");
    /* With an open high the sum of highs is open, not an overflow. */
    highs[1] = CAS_OPEN;
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 2, &e), CAS_OK);
    ck_assert_int_eq(sum.high, CAS_OPEN);
    lows[1] = -1;
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 2, &e), CAS_ERR_RANGE);
    ck_assert_ptr_nonnull(strstr(e.message, "term 1"));
    lows[1] = 20;
    highs[1] = 19;
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 2, &e), CAS_ERR_RANGE);
    highs[1] = 20;
    s[1].size = 0;
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 2, &e), CAS_ERR_ARG);
    s[1].size = sizeof s[1];
    ck_assert_int_eq(cas_sum_ranges(&sum, NULL, lows, highs, 2, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_sum_ranges(&sum, s, NULL, highs, 2, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, NULL, 2, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_sum_ranges(NULL, s, lows, highs, 2, &e), CAS_ERR_ARG);
    sum.size = 0;
    ck_assert_int_eq(cas_sum_ranges(&sum, s, lows, highs, 2, &e), CAS_ERR_ARG);
}
END_TEST

START_TEST(sum_results_syria)
{
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    cas_scope civ = scope("civilians", "syria/coast", "2025-03-06", "2025-03-12");
    cas_scope gov = scope("combatants/government", "syria/coast", "2025-03-06", "2025-03-12");
    cas_scope ins = scope("combatants/insurgents", "syria/coast", "2025-03-06", "2025-03-12");
    cas_scope gov6 = scope("combatants/government", "syria/coast", "2025-03-06", "2025-03-06");
    cas_sum sum = {.size = sizeof sum};
    size_t items[3];
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_reconciliation_find(r, &gov, &items[0]), CAS_OK);
    ck_assert_int_eq(cas_reconciliation_find(r, &ins, &items[1]), CAS_OK);
    ck_assert_int_eq(cas_reconciliation_find(r, &civ, &items[2]), CAS_OK);
    /* Combatants on both sides, 6-12 March: >= 315 plus 200. */
    ck_assert_int_eq(cas_sum_results(&sum, r, items, 2, CAS_RESULT_CONSENSUS, &e), CAS_OK);
    ck_assert_int_eq(sum.low, 515);
    ck_assert_int_eq(sum.high, CAS_OPEN);
    ck_assert_int_eq(cas_sum_results(&sum, r, items, 2, CAS_RESULT_ENVELOPE, &e), CAS_OK);
    ck_assert_int_eq(sum.low, 419);
    /* The civilians have no consensus: only their envelope adds up. */
    ck_assert_int_eq(cas_sum_results(&sum, r, items, 3, CAS_RESULT_CONSENSUS, &e),
                     CAS_ERR_CONFLICT);
    ck_assert_ptr_nonnull(strstr(e.message, "term 2"));
    ck_assert_ptr_nonnull(strstr(e.message, "civilians"));
    ck_assert_int_eq(cas_sum_results(&sum, r, items, 3, CAS_RESULT_ENVELOPE, &e), CAS_OK);
    ck_assert_int_eq(sum.low, 219 + 200 + 823);
    /* 6 March is inside 6-12 March: never added. */
    ck_assert_int_eq(cas_reconciliation_find(r, &gov6, &items[1]), CAS_OK);
    ck_assert_int_eq(cas_sum_results(&sum, r, items, 2, CAS_RESULT_CONSENSUS, &e), CAS_ERR_OVERLAP);
    ck_assert_ptr_nonnull(strstr(e.message, "(contains)"));
    /* Errors. */
    items[1] = cas_reconciliation_count(r);
    ck_assert_int_eq(cas_sum_results(&sum, r, items, 2, CAS_RESULT_CONSENSUS, &e),
                     CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_sum_results(&sum, r, items, 1, 7, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_sum_results(&sum, NULL, items, 1, 0, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_sum_results(&sum, r, NULL, 1, 0, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_sum_results(NULL, r, items, 1, 0, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_sum_results(&sum, r, NULL, 0, 0, &e), CAS_OK);
    ck_assert_int_eq(sum.low, 0);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Propagation                                                         */

START_TEST(propagate_syria)
{
    cas_ledger *l = tu_syria();
    cas_propagation *p = propagate(l, CAS_RESULT_CONSENSUS);
    cas_scope gov = scope("combatants/government", "syria/coast", "2025-03-06", "2025-03-12");
    cas_scope sec68 =
        scope("combatants/government/security", "syria/coast", "2025-03-06", "2025-03-08");
    cas_scope jableh = scope("combatants/government/security", "syria/coast/latakia/jableh",
                             "2025-03-06", "2025-03-06");
    cas_scope civ = scope("civilians", "syria/coast", "2025-03-06", "2025-03-12");
    cas_scope civ6 = scope("civilians", "syria/coast", "2025-03-06", "2025-03-06");
    cas_bounds b;
    cas_error e;

    cas_error_init(&e);
    sec68.perpetrator = "insurgents";
    jableh.perpetrator = "insurgents";
    ck_assert_uint_eq(cas_propagation_count(p), 24);
    ck_assert_uint_eq(cas_propagation_conflicts(p), 1); /* before: SOHR vs SNHR only */
    ck_assert_int_eq(cas_propagation_run(p, &e), CAS_OK);

    /* "Nearly 400" security personnel killed by insurgents on 6 March: all
     * government-side combatants, 6-12 March, were at least 360. */
    b = bounds_of(p, &gov);
    ck_assert_int_eq(b.initial_low, 315);
    ck_assert_int_eq(b.low, 360);
    ck_assert_int_eq(b.low_rule, CAS_RULE_PART);
    ck_assert_int_eq(b.high, CAS_OPEN);
    ck_assert_int_eq(b.high_rule, CAS_RULE_CLAIMS);
    ck_assert_int_eq(b.conflict, 0);
    ck_assert_str_eq(why(p, &gov, CAS_PROPAGATED_LOW), "syria-008");
    ck_assert_str_eq(why(p, &gov, CAS_PROPAGATED_HIGH), "syria-002 syria-001");

    /* ... which SNHR's 121 police for 6-8 March cannot hold: a conflict,
     * reported with its chain, not clipped. */
    b = bounds_of(p, &sec68);
    ck_assert_int_eq(b.conflict, 1);
    ck_assert_int_eq(b.low, 360);
    ck_assert_int_eq(b.high, 121);
    ck_assert_int_eq(b.low_rule, CAS_RULE_PART);
    ck_assert_str_eq(why(p, &sec68, CAS_PROPAGATED_LOW), "syria-008");
    ck_assert_str_eq(why(p, &sec68, CAS_PROPAGATED_HIGH), "syria-023");

    /* SOHR's 48 killed in Jableh caps the "at least 16" there. */
    b = bounds_of(p, &jableh);
    ck_assert_int_eq(b.low, 16);
    ck_assert_int_eq(b.initial_high, CAS_OPEN);
    ck_assert_int_eq(b.high, 48);
    ck_assert_int_eq(b.high_rule, CAS_RULE_WHOLE);
    ck_assert_str_eq(why(p, &jableh, CAS_PROPAGATED_HIGH), "syria-011");

    /* SOHR's four civilians on 6 March vs "dozens" killed by insurgents. */
    b = bounds_of(p, &civ6);
    ck_assert_int_eq(b.conflict, 1);
    ck_assert_int_eq(b.low, 24);
    ck_assert_int_eq(b.high, 4);
    ck_assert_str_eq(why(p, &civ6, CAS_PROPAGATED_LOW), "syria-009");
    ck_assert_str_eq(why(p, &civ6, CAS_PROPAGATED_HIGH), "syria-020");

    /* The scope whose sources already disagree stays as it was. */
    b = bounds_of(p, &civ);
    ck_assert_int_eq(b.conflict, 1);
    ck_assert_int_eq(b.low, 1700);
    ck_assert_int_eq(b.high, 823);
    ck_assert_int_eq(b.low_rule, CAS_RULE_CLAIMS);
    ck_assert_uint_eq(cas_propagation_conflicts(p), 4);
    ck_assert_int_eq(cas_propagation_run(p, &e), CAS_ERR_ARG); /* runs once */
    cas_propagation_free(p);
    cas_ledger_free(l);
}
END_TEST

START_TEST(propagate_period_containment_never_adds)
{
    /* docs/model.md section 6: SNHR's 164 for 6-8 March raises the floor of 6-12
     * March to 164; it does not add to it. */
    cas_ledger *l = NULL;
    cas_propagation *p;
    cas_scope all = scope("civilians", "syria", "2025-03-06", "2025-03-12");
    cas_scope early = scope("civilians", "syria", "2025-03-06", "2025-03-08");
    cas_scope gov = early;
    cas_bounds b;

    gov.perpetrator = "government";
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, "sohr", "SOHR", all, 100, CAS_OPEN);
    add(l, "snhr", "SNHR", gov, 164, 164);
    add(l, "x", "X", early, 150, CAS_OPEN);
    p = propagate(l, CAS_RESULT_CONSENSUS);
    ck_assert_int_eq(cas_propagation_run(p, NULL), CAS_OK);
    b = bounds_of(p, &all);
    ck_assert_int_eq(b.low, 164);
    ck_assert_str_eq(why(p, &all, CAS_PROPAGATED_LOW), "snhr");
    b = bounds_of(p, &early);
    ck_assert_int_eq(b.low, 164);
    ck_assert_int_eq(b.low_rule, CAS_RULE_PART);
    ck_assert_uint_eq(cas_propagation_conflicts(p), 0);
    cas_propagation_free(p);
    cas_ledger_free(l);
}
END_TEST

START_TEST(propagate_disjoint_periods_add)
{
    cas_ledger *l = NULL;
    cas_propagation *p;
    cas_scope all = scope("civilians", "syria", "2025-03-06", "2025-03-12");
    cas_scope a = scope("civilians", "syria", "2025-03-06", "2025-03-08");
    cas_scope b2 = scope("civilians", "syria", "2025-03-09", "2025-03-12");
    cas_scope c = scope("civilians", "syria", "2025-03-08", "2025-03-10");
    cas_bounds b;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, "all", "S", all, 0, 1000);
    add(l, "a", "S", a, 300, 400);
    add(l, "b", "S", b2, 200, CAS_OPEN);
    p = propagate(l, CAS_RESULT_CONSENSUS);
    ck_assert_int_eq(cas_propagation_run(p, NULL), CAS_OK);
    b = bounds_of(p, &all);
    ck_assert_int_eq(b.low, 500);
    ck_assert_int_eq(b.low_rule, CAS_RULE_SUM);
    ck_assert_str_eq(why(p, &all, CAS_PROPAGATED_LOW), "a b");
    b = bounds_of(p, &b2);
    ck_assert_int_eq(b.high, 700); /* 1000 - 300 */
    ck_assert_int_eq(b.high_rule, CAS_RULE_REST);
    ck_assert_str_eq(why(p, &b2, CAS_PROPAGATED_HIGH), "a all");
    b = bounds_of(p, &a);
    ck_assert_int_eq(b.high, 400); /* 1000 - 200 does not tighten 400 */
    cas_propagation_free(p);

    /* An overlapping sub-period (8-10 March) among the largest parts: the
     * periods are not added. */
    add(l, "c", "S", c, 10, 10);
    p = propagate(l, CAS_RESULT_CONSENSUS);
    ck_assert_int_eq(cas_propagation_run(p, NULL), CAS_OK);
    b = bounds_of(p, &all);
    ck_assert_int_eq(b.low, 300);
    ck_assert_int_eq(b.low_rule, CAS_RULE_PART);
    cas_propagation_free(p);
    cas_ledger_free(l);
}
END_TEST

START_TEST(propagate_places_and_cover)
{
    cas_ledger *l = NULL;
    cas_propagation *p;
    cas_scope syr = scope("civilians", "syria", "2025-03-06", "2025-03-12");
    cas_scope lat = scope("civilians", "syria/latakia", "2025-03-06", "2025-03-12");
    cas_scope tar = scope("civilians", "syria/tartus", "2025-03-06", "2025-03-12");
    cas_scope jab = scope("civilians", "syria/latakia/jableh", "2025-03-06", "2025-03-12");
    cas_scope parts[2];
    cas_bounds b;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, "s", "A", syr, 0, 100);
    add(l, "l", "B", lat, 40, CAS_OPEN);
    add(l, "t", "C", tar, 30, CAS_OPEN);
    add(l, "j", "D", jab, 45, 60);
    p = propagate(l, CAS_RESULT_CONSENSUS);
    ck_assert_int_eq(cas_propagation_run(p, NULL), CAS_OK);
    /* Jableh raises Latakia to 45, which with Tartus raises Syria to 75. */
    b = bounds_of(p, &lat);
    ck_assert_int_eq(b.low, 45);
    ck_assert_int_eq(b.high, 70);
    ck_assert_int_eq(b.high_rule, CAS_RULE_REST);
    ck_assert_str_eq(why(p, &lat, CAS_PROPAGATED_HIGH), "s t");
    b = bounds_of(p, &syr);
    ck_assert_int_eq(b.low, 75);
    ck_assert_int_eq(b.low_rule, CAS_RULE_SUM);
    ck_assert_str_eq(why(p, &syr, CAS_PROPAGATED_LOW), "j t");
    b = bounds_of(p, &tar);
    ck_assert_int_eq(b.high, 55); /* 100 - 45 */
    b = bounds_of(p, &jab);
    ck_assert_int_eq(b.high, 60);
    ck_assert_uint_eq(cas_propagation_conflicts(p), 0);
    cas_propagation_free(p);

    /* Declared: Latakia and Tartus make up Syria, and Syria had exactly 100.
     * Then Syria's floor lifts the parts: Tartus >= 100 - 60... */
    cas_propagation *q = NULL;
    cas_reconciliation *r = NULL;
    cas_scope ham = scope("civilians", "syria/hama", "2025-03-06", "2025-03-12");
    cas_claim c = tu_claim("s2", "E", 100, 100);
    c.scope = syr;
    ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_propagation_new(&q, r, CAS_RESULT_CONSENSUS, NULL), CAS_OK);
    parts[0] = lat;
    parts[1] = ham; /* no claims: added with [0, open) */
    ck_assert_int_eq(cas_propagation_cover(q, &syr, parts, 2, NULL), CAS_OK);
    ck_assert_uint_eq(cas_propagation_count(q), 5);
    b = bounds_of(q, &ham);
    ck_assert_int_eq(b.has_claims, 0);
    ck_assert_int_eq(b.low_rule, CAS_RULE_UNCLAIMED);
    ck_assert_int_eq(cas_propagation_run(q, NULL), CAS_OK);
    /* The declaration leaves out Tartus, which has at least 30: Hama <=
     * 100 - 45 - 30 = 25 and Latakia <= 100 - 30 = 70, so Latakia + Hama
     * <= 95 cannot make up Syria's 100. The wrong declaration shows as a
     * conflict on Syria. */
    b = bounds_of(q, &ham);
    ck_assert_int_eq(b.high, 25);
    b = bounds_of(q, &syr);
    ck_assert_int_eq(b.conflict, 1);
    ck_assert_int_eq(b.high, 95);
    ck_assert_int_eq(b.high_rule, CAS_RULE_COVER_HIGH);
    ck_assert_uint_eq(cas_propagation_conflicts(q), 1);
    cas_propagation_free(q);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(propagate_cover_bounds)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_propagation *p = NULL;
    cas_scope all = scope("", "syria", "2025-03-06", "2025-03-12");
    cas_scope parts[2] = {scope("civilians", "syria", "2025-03-06", "2025-03-12"),
                          scope("combatants", "syria", "2025-03-06", "2025-03-12")};
    cas_bounds b;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, "all", "A", all, 1000, 1200);
    add(l, "civ", "B", parts[0], 100, 300);
    add(l, "com", "C", parts[1], 500, 700);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_propagation_new(&p, r, CAS_RESULT_CONSENSUS, NULL), CAS_OK);
    ck_assert_int_eq(cas_propagation_cover(p, &all, parts, 2, NULL), CAS_OK);
    ck_assert_int_eq(cas_propagation_run(p, NULL), CAS_OK);
    /* whole.high <= 300 + 700; civ.low >= 1000 - 700; com.low >= 1000 - 300 */
    b = bounds_of(p, &all);
    ck_assert_int_eq(b.high, 1000);
    ck_assert_int_eq(b.high_rule, CAS_RULE_COVER_HIGH);
    ck_assert_str_eq(why(p, &all, CAS_PROPAGATED_HIGH), "civ com");
    b = bounds_of(p, &parts[0]);
    ck_assert_int_eq(b.low, 300);
    ck_assert_int_eq(b.high, 300);
    ck_assert_int_eq(b.low_rule, CAS_RULE_COVER_LOW);
    ck_assert_str_eq(why(p, &parts[0], CAS_PROPAGATED_LOW), "all com");
    b = bounds_of(p, &parts[1]);
    ck_assert_int_eq(b.low, 700);
    ck_assert_int_eq(b.high, 700);
    ck_assert_uint_eq(cas_propagation_conflicts(p), 0);
    cas_propagation_free(p);

    /* Without the declaration, only the sum rules: nothing moves but the
     * parts' highs (1200 - the other's low). */
    ck_assert_int_eq(cas_propagation_new(&p, r, CAS_RESULT_CONSENSUS, NULL), CAS_OK);
    ck_assert_int_eq(cas_propagation_run(p, NULL), CAS_OK);
    b = bounds_of(p, &all);
    ck_assert_int_eq(b.low, 1000);
    ck_assert_int_eq(b.high, 1200);
    b = bounds_of(p, &parts[0]);
    ck_assert_int_eq(b.low, 100);
    ck_assert_int_eq(b.high, 300);
    cas_propagation_free(p);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(propagate_envelope_and_conflict)
{
    cas_ledger *l = NULL;
    cas_propagation *p;
    cas_scope syr = scope("civilians", "syria", "2025-03-06", "2025-03-12");
    cas_scope lat = scope("civilians", "syria/latakia", "2025-03-06", "2025-03-12");
    cas_scope tar = scope("civilians", "syria/tartus", "2025-03-06", "2025-03-12");
    cas_bounds b;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, "s1", "A", syr, 50, 50);
    add(l, "s2", "B", syr, 80, 80);
    add(l, "l", "C", lat, 40, CAS_OPEN);
    add(l, "t", "D", tar, 30, CAS_OPEN);
    /* The consensus of Syria is empty (50 vs 80); from its envelope
     * [50, 80] the parts lift the floor to 40 + 30 and cap each other. */
    p = propagate(l, CAS_RESULT_ENVELOPE);
    ck_assert_uint_eq(cas_propagation_conflicts(p), 0);
    ck_assert_int_eq(cas_propagation_run(p, NULL), CAS_OK);
    b = bounds_of(p, &syr);
    ck_assert_int_eq(b.low, 70);
    ck_assert_int_eq(b.low_rule, CAS_RULE_SUM);
    ck_assert_int_eq(b.conflict, 0);
    b = bounds_of(p, &lat);
    ck_assert_int_eq(b.high, 50); /* 80 - 30 */
    cas_propagation_free(p);

    p = propagate(l, CAS_RESULT_CONSENSUS);
    ck_assert_uint_eq(cas_propagation_conflicts(p), 1);
    ck_assert_int_eq(cas_propagation_run(p, NULL), CAS_OK);
    b = bounds_of(p, &lat); /* an emptied whole constrains nothing */
    ck_assert_int_eq(b.high, CAS_OPEN);
    cas_propagation_free(p);
    cas_ledger_free(l);
}
END_TEST

START_TEST(propagate_parts_exceed_whole)
{
    cas_ledger *l = NULL;
    cas_propagation *p;
    cas_scope syr = scope("civilians", "syria", "2025-03-06", "2025-03-12");
    cas_scope lat = scope("civilians", "syria/latakia", "2025-03-06", "2025-03-12");
    cas_scope tar = scope("civilians", "syria/tartus", "2025-03-06", "2025-03-12");
    cas_bounds b;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, "s", "A", syr, 0, 60);
    add(l, "l", "B", lat, 40, 40);
    add(l, "t", "C", tar, 30, 30);
    p = propagate(l, CAS_RESULT_CONSENSUS);
    ck_assert_int_eq(cas_propagation_run(p, NULL), CAS_OK);
    b = bounds_of(p, &syr);
    ck_assert_int_eq(b.conflict, 1);
    ck_assert_int_eq(b.low, 70);
    ck_assert_int_eq(b.high, 60);
    ck_assert_str_eq(why(p, &syr, CAS_PROPAGATED_LOW), "l t");
    ck_assert_str_eq(why(p, &syr, CAS_PROPAGATED_HIGH), "s");
    /* The parts keep their own ranges: the whole emptied first. */
    b = bounds_of(p, &lat);
    ck_assert_int_eq(b.conflict, 0);
    ck_assert_uint_eq(cas_propagation_conflicts(p), 1);
    cas_propagation_free(p);
    cas_ledger_free(l);
}
END_TEST

START_TEST(propagate_overflow)
{
    cas_ledger *l = NULL;
    cas_propagation *p;
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, "s", "A", scope("civilians", "syria", NULL, NULL), 0, CAS_OPEN);
    add(l, "l", "B", scope("civilians", "syria/a", NULL, NULL), INT64_MAX / 2 + 1, CAS_OPEN);
    add(l, "t", "C", scope("civilians", "syria/b", NULL, NULL), INT64_MAX / 2 + 1, CAS_OPEN);
    p = propagate(l, CAS_RESULT_CONSENSUS);
    {
        /* Every scope's bounds and provenance before the run. */
        cas_scope syr = scope("civilians", "syria", NULL, NULL);
        cas_bounds before = bounds_of(p, &syr), after;
        char *why_before = strdup(why(p, &syr, CAS_PROPAGATED_LOW));
        size_t n = cas_propagation_count(p);
        ck_assert_int_eq(cas_propagation_run(p, &e), CAS_ERR_OVERFLOW);
        ck_assert_ptr_nonnull(strstr(e.message, "64 bits"));
        /* A failed run changes nothing, and the propagation may run again. */
        after = bounds_of(p, &syr);
        ck_assert_uint_eq(cas_propagation_count(p), n);
        ck_assert_int_eq(after.low, before.low);
        ck_assert_int_eq(after.high, before.high);
        ck_assert_int_eq(after.low_rule, before.low_rule);
        ck_assert_str_eq(why(p, &syr, CAS_PROPAGATED_LOW), why_before);
        ck_assert_uint_eq(cas_propagation_conflicts(p), 0);
        free(why_before);
        ck_assert_int_eq(cas_propagation_run(p, &e), CAS_ERR_OVERFLOW);
    }
    cas_propagation_free(p);
    cas_ledger_free(l);
}
END_TEST

START_TEST(propagation_errors)
{
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    cas_propagation *p = NULL;
    cas_scope whole = scope("civilians", "syria/coast", "2025-03-06", "2025-03-12");
    cas_scope parts[2] = {scope("civilians/alawite", "syria/coast", "2025-03-06", "2025-03-12"),
                          scope("civilians/christian", "syria/coast", "2025-03-06", "2025-03-12")};
    cas_scope bad[2];
    cas_bounds b;
    cas_claim_ref c;
    size_t i, n;
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_propagation_new(NULL, r, 0, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_propagation_new(&p, NULL, 0, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_propagation_new(&p, r, 2, &e), CAS_ERR_ARG);
    ck_assert_str_eq(e.field, "which");
    ck_assert_ptr_null(p);
    ck_assert_int_eq(cas_propagation_new(&p, r, CAS_RESULT_CONSENSUS, &e), CAS_OK);
    n = cas_propagation_count(p);

    ck_assert_int_eq(cas_propagation_cover(NULL, &whole, parts, 2, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_propagation_cover(p, NULL, parts, 2, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_propagation_cover(p, &whole, NULL, 2, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_propagation_cover(p, &whole, parts, 0, &e), CAS_ERR_ARG);
    memcpy(bad, parts, sizeof bad);
    bad[1].size = 0;
    ck_assert_int_eq(cas_propagation_cover(p, &whole, bad, 2, &e), CAS_ERR_ARG);
    memcpy(bad, parts, sizeof bad);
    bad[1].group = "civilians//christian";
    ck_assert_int_eq(cas_propagation_cover(p, &whole, bad, 2, &e), CAS_ERR_PATH);
    ck_assert_str_eq(e.field, "group");
    bad[1].group = "/civilians";
    ck_assert_int_eq(cas_propagation_cover(p, &whole, bad, 2, &e), CAS_ERR_PATH);
    memcpy(bad, parts, sizeof bad);
    bad[1].period_end = tu_day("2025-03-01");
    ck_assert_int_eq(cas_propagation_cover(p, &whole, bad, 2, &e), CAS_ERR_DATE);
    bad[1].period_end = 100000000;
    ck_assert_int_eq(cas_propagation_cover(p, &whole, bad, 2, &e), CAS_ERR_DATE);
    memcpy(bad, parts, sizeof bad);
    bad[1].group = "combatants";
    ck_assert_int_eq(cas_propagation_cover(p, &whole, bad, 2, &e), CAS_ERR_RANGE);
    ck_assert_ptr_nonnull(strstr(e.message, "part 1"));
    bad[1] = whole; /* the same scope is not a part of itself */
    ck_assert_int_eq(cas_propagation_cover(p, &whole, bad, 2, &e), CAS_ERR_RANGE);
    memcpy(bad, parts, sizeof bad);
    bad[1].group = "civilians/alawite/young";
    ck_assert_int_eq(cas_propagation_cover(p, &whole, bad, 2, &e), CAS_ERR_OVERLAP);
    ck_assert_ptr_nonnull(strstr(e.message, "part 0"));
    ck_assert_ptr_nonnull(strstr(e.message, "part 1"));
    /* Nothing was added by the failed declarations. */
    ck_assert_uint_eq(cas_propagation_count(p), n);
    ck_assert_int_eq(cas_propagation_find(p, &parts[1], &i), CAS_ERR_NOT_FOUND);

    ck_assert_int_eq(cas_propagation_run(NULL, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_propagation_run(p, &e), CAS_OK);
    ck_assert_int_eq(cas_propagation_cover(p, &whole, parts, 2, &e), CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(e.message, "already run"));

    memset(&b, 0, sizeof b);
    ck_assert_int_eq(cas_propagation_get(p, 0, &b), CAS_ERR_ARG);
    b.size = sizeof b;
    ck_assert_int_eq(cas_propagation_get(NULL, 0, &b), CAS_ERR_ARG);
    ck_assert_int_eq(cas_propagation_get(p, n, &b), CAS_ERR_NOT_FOUND);
    memset(&c, 0, sizeof c);
    ck_assert_int_eq(cas_propagation_provenance(p, 0, 0, 0, &c, NULL), CAS_ERR_ARG);
    c.size = sizeof c;
    ck_assert_int_eq(cas_propagation_provenance(p, 0, 2, 0, &c, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_propagation_provenance(NULL, 0, 0, 0, &c, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_propagation_provenance(p, n, 0, 0, NULL, &i), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_propagation_provenance(p, 0, 0, 50, &c, NULL), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_propagation_find(NULL, &whole, &i), CAS_ERR_ARG);
    ck_assert_int_eq(cas_propagation_find(p, NULL, &i), CAS_ERR_ARG);
    ck_assert_int_eq(cas_propagation_find(p, &whole, NULL), CAS_ERR_ARG);
    whole.period_end = tu_day("2025-03-13");
    ck_assert_int_eq(cas_propagation_find(p, &whole, &i), CAS_ERR_NOT_FOUND);
    ck_assert_uint_eq(cas_propagation_count(NULL), 0);
    ck_assert_uint_eq(cas_propagation_conflicts(NULL), 0);
    cas_propagation_free(NULL);
    cas_propagation_free(p);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(propagation_positions_follow_scope_order)
{
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    cas_propagation *p = NULL;
    cas_scope whole = scope("civilians", "syria/coast", "2025-03-06", "2025-03-12");
    cas_scope parts[2] = {scope("civilians/alawite", "syria/coast", "2025-03-06", "2025-03-12"),
                          scope("civilians/christian", "syria/coast", "2025-03-06", "2025-03-12")};

    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_propagation_new(&p, r, CAS_RESULT_CONSENSUS, NULL), CAS_OK);
    ck_assert_int_eq(cas_propagation_cover(p, &whole, parts, 2, NULL), CAS_OK);
    ck_assert_int_eq(cas_propagation_run(p, NULL), CAS_OK);
    ck_assert_uint_eq(cas_propagation_count(p), cas_reconciliation_count(r) + 2);
    for (size_t i = 0; i < cas_propagation_count(p); i++) {
        cas_bounds b = {.size = sizeof b};
        size_t j = 99999;
        ck_assert_int_eq(cas_propagation_get(p, i, &b), CAS_OK);
        ck_assert_int_eq(cas_propagation_find(p, &b.scope, &j), CAS_OK);
        ck_assert_uint_eq(i, j);
        if (b.has_claims) {
            size_t k;
            ck_assert_int_eq(cas_reconciliation_find(r, &b.scope, &k), CAS_OK);
        }
    }
    cas_propagation_free(p);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("aggregate");
    TCase *tc = tcase_create("sum");
    tcase_add_test(tc, sum_disjoint_places);
    tcase_add_test(tc, sum_disjoint_periods_and_groups);
    tcase_add_test(tc, sum_overlap_names_the_pair);
    tcase_add_test(tc, sum_errors);
    tcase_add_test(tc, sum_results_syria);
    suite_add_tcase(s, tc);
    tc = tcase_create("propagation");
    tcase_add_test(tc, propagate_syria);
    tcase_add_test(tc, propagate_period_containment_never_adds);
    tcase_add_test(tc, propagate_disjoint_periods_add);
    tcase_add_test(tc, propagate_places_and_cover);
    tcase_add_test(tc, propagate_cover_bounds);
    tcase_add_test(tc, propagate_envelope_and_conflict);
    tcase_add_test(tc, propagate_parts_exceed_whole);
    tcase_add_test(tc, propagate_overflow);
    tcase_add_test(tc, propagation_errors);
    tcase_add_test(tc, propagation_positions_follow_scope_order);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
