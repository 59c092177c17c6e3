/* SPDX-License-Identifier: MIT */
/* Events (docs/model.md section 9): claims on one event are rivals, claims
 * on different events are disjoint parts that add, a claim with no event is
 * the whole over the events within its other dimensions, and a source's
 * later report supersedes its earlier one only on the same event. The
 * fixtures are the cases a researcher met with incident data: two UCDP GED
 * events in one district on one day. */
#include "testutil.h"

/* One event claim: killed in syria/idlib/maarrat on 2017-04-04. */
static cas_claim event_claim(const char *id, const char *source, const char *event, int64_t low,
                             int64_t high)
{
    cas_claim c = tu_claim(id, source, low, high);
    c.scope.group = "";
    c.scope.place = "syria/idlib/maarrat";
    c.scope.period_start = c.scope.period_end = tu_day("2017-04-04");
    c.scope.event = event;
    if (high != CAS_OPEN)
        c.best = low;
    return c;
}

static cas_reconciliation *reconcile(const cas_ledger *l)
{
    cas_reconciliation *r = NULL;
    cas_error e;
    cas_error_init(&e);
    ck_assert_msg(cas_reconcile_ledger(&r, l, NULL, &e) == CAS_OK, "%s", e.message);
    return r;
}

static cas_scope_result result(const cas_reconciliation *r, size_t i)
{
    cas_scope_result s;
    cas_scope_result_init(&s);
    ck_assert_int_eq(cas_reconciliation_get(r, i, &s), CAS_OK);
    return s;
}

START_TEST(scope_relation_of_events)
{
    cas_claim a = event_claim("a", "UCDP GED", "ucdp-ged:1", 2, 2);
    cas_claim b = event_claim("b", "UCDP GED", "ucdp-ged:2", 4, 4);
    cas_claim whole = event_claim("w", "SOHR", "", 1, CAS_OPEN);
    cas_claim sub = event_claim("s", "SOHR", "ucdp-ged:1/strike-2", 1, 1);

    ck_assert_int_eq(cas_scope_relation(&a.scope, &b.scope), CAS_SCOPE_DISJOINT);
    ck_assert_int_eq(cas_scope_relation(&a.scope, &whole.scope), CAS_SCOPE_WITHIN);
    ck_assert_int_eq(cas_scope_relation(&whole.scope, &a.scope), CAS_SCOPE_CONTAINS);
    ck_assert_int_eq(cas_scope_relation(&a.scope, &a.scope), CAS_SCOPE_SAME);
    ck_assert_int_eq(cas_scope_relation(&sub.scope, &a.scope), CAS_SCOPE_WITHIN);
    /* A NULL event is "every event", as "" is. */
    whole.scope.event = NULL;
    ck_assert_int_eq(cas_scope_relation(&a.scope, &whole.scope), CAS_SCOPE_WITHIN);
    /* An event in a wider place and period is still within the whole of it. */
    whole.scope.place = "syria";
    whole.scope.period_start = tu_day("2017-01-01");
    whole.scope.period_end = tu_day("2017-12-31");
    ck_assert_int_eq(cas_scope_relation(&b.scope, &whole.scope), CAS_SCOPE_WITHIN);
}
END_TEST

START_TEST(two_events_in_one_scope_add)
{
    /* Two events in one district on one day: two scopes, no conflict, and
     * their sum is 6, where reconciling them as rivals gave a CONFLICT with
     * best 3. */
    cas_ledger *l = NULL;
    cas_reconciliation *r;
    cas_scope_result s0, s1;
    cas_sum sum;
    size_t items[2] = {0, 1};
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, event_claim("ged-79973", "UCDP GED", "ucdp-ged:79973", 2, 2));
    tu_add(l, event_claim("ged-79974", "UCDP GED", "ucdp-ged:79974", 4, 4));
    r = reconcile(l);
    ck_assert_uint_eq(cas_reconciliation_count(r), 2);
    s0 = result(r, 0);
    s1 = result(r, 1);
    ck_assert_str_eq(s0.scope.event, "ucdp-ged:79973");
    ck_assert_str_eq(s1.scope.event, "ucdp-ged:79974");
    ck_assert_int_eq(s0.has_consensus, 1);
    ck_assert_int_eq(s1.has_consensus, 1);
    ck_assert_int_eq(s0.conflict_pairs + s1.conflict_pairs, 0);
    ck_assert_int_eq(s0.best, 2);
    ck_assert_int_eq(s1.best, 4);

    cas_sum_init(&sum);
    ck_assert_msg(cas_sum_results(&sum, r, items, 2, CAS_RESULT_CONSENSUS, &e) == CAS_OK, "%s",
                  e.message);
    ck_assert_int_eq(sum.low, 6);
    ck_assert_int_eq(sum.high, 6);
    ck_assert_uint_eq(sum.terms, 2);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(the_whole_is_not_an_event)
{
    /* A claim with no event and one on an event inside it overlap: adding
     * them would count the event's dead twice. */
    cas_claim a = event_claim("a", "UCDP GED", "ucdp-ged:1", 2, 2);
    cas_claim whole = event_claim("w", "SOHR", "", 10, 10);
    cas_scope scopes[2] = {a.scope, whole.scope};
    int64_t lows[2] = {2, 10}, highs[2] = {2, 10};
    cas_sum sum;
    cas_error e;

    cas_error_init(&e);
    cas_sum_init(&sum);
    ck_assert_int_eq(cas_sum_ranges(&sum, scopes, lows, highs, 2, &e), CAS_ERR_OVERLAP);
    ck_assert_ptr_nonnull(strstr(e.message, "event ucdp-ged:1"));
    ck_assert_ptr_nonnull(strstr(e.message, "(within)"));
    /* Two events add. */
    scopes[1] = event_claim("b", "UCDP GED", "ucdp-ged:2", 4, 4).scope;
    lows[1] = highs[1] = 4;
    ck_assert_int_eq(cas_sum_ranges(&sum, scopes, lows, highs, 2, &e), CAS_OK);
    ck_assert_int_eq(sum.low, 6);
}
END_TEST

START_TEST(a_later_report_supersedes_only_its_own_event)
{
    cas_ledger *l = NULL;
    cas_claim c;
    int32_t cur = -1;
    size_t at;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    c = event_claim("e1-first", "UCDP GED", "ucdp-ged:1", 2, 2);
    c.reported_on = tu_day("2017-04-05");
    tu_add(l, c);
    c = event_claim("e2", "UCDP GED", "ucdp-ged:2", 4, 4);
    c.reported_on = tu_day("2017-04-06");
    tu_add(l, c);
    /* The later report on event 2 leaves event 1's report current. */
    ck_assert_int_eq(cas_ledger_find(l, "e1-first", &at), CAS_OK);
    ck_assert_int_eq(cas_ledger_is_current(l, at, &cur), CAS_OK);
    ck_assert_int_eq(cur, 1);
    {
        cas_reconciliation *r = reconcile(l);
        cas_sum sum;
        size_t items[2] = {0, 1};
        ck_assert_uint_eq(cas_reconciliation_count(r), 2);
        cas_sum_init(&sum);
        ck_assert_int_eq(cas_sum_results(&sum, r, items, 2, CAS_RESULT_CONSENSUS, NULL), CAS_OK);
        ck_assert_int_eq(sum.low, 6); /* not 4: no death is lost */
        cas_reconciliation_free(r);
    }
    /* A revision of event 1 by the same source supersedes its first report
     * and nothing else. */
    c = event_claim("e1-revised", "UCDP GED", "ucdp-ged:1", 3, 3);
    c.reported_on = tu_day("2017-05-01");
    tu_add(l, c);
    ck_assert_int_eq(cas_ledger_is_current(l, at, &cur), CAS_OK);
    ck_assert_int_eq(cur, 0);
    ck_assert_int_eq(cas_ledger_find(l, "e2", &at), CAS_OK);
    ck_assert_int_eq(cas_ledger_is_current(l, at, &cur), CAS_OK);
    ck_assert_int_eq(cur, 1);
    {
        cas_reconciliation *r = reconcile(l);
        cas_scope_result s = result(r, 0);
        ck_assert_str_eq(s.scope.event, "ucdp-ged:1");
        ck_assert_uint_eq(s.superseded, 1);
        ck_assert_int_eq(s.best, 3);
        cas_reconciliation_free(r);
    }
    cas_ledger_free(l);
}
END_TEST

START_TEST(rivals_on_one_event_conflict)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r;
    cas_scope_result s;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, event_claim("sohr", "SOHR", "ucdp-ged:1", 10, 10));
    tu_add(l, event_claim("snhr", "SNHR", "ucdp-ged:1", 20, 20));
    tu_add(l, event_claim("other", "SNHR", "ucdp-ged:2", 5, 5));
    r = reconcile(l);
    ck_assert_uint_eq(cas_reconciliation_count(r), 2);
    s = result(r, 0);
    ck_assert_str_eq(s.scope.event, "ucdp-ged:1");
    ck_assert_int_eq(s.has_consensus, 0);
    ck_assert_int_eq(s.conflict_pairs, 1);
    ck_assert_uint_eq(s.sources, 2);
    s = result(r, 1);
    ck_assert_int_eq(s.has_consensus, 1);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(propagation_takes_events_as_parts)
{
    /* A monitor's "at least 1" for the district and day, without an event,
     * is the whole of the two events: its floor rises to their sum. */
    cas_ledger *l = NULL;
    cas_reconciliation *r;
    cas_propagation *p = NULL;
    cas_claim whole = event_claim("w", "SOHR", "", 1, CAS_OPEN);
    cas_bounds b;
    size_t at;
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, event_claim("e1", "UCDP GED", "ucdp-ged:1", 2, 2));
    tu_add(l, event_claim("e2", "UCDP GED", "ucdp-ged:2", 4, 4));
    tu_add(l, whole);
    r = reconcile(l);
    ck_assert_uint_eq(cas_reconciliation_count(r), 3);
    ck_assert_int_eq(cas_propagation_new(&p, r, CAS_RESULT_CONSENSUS, &e), CAS_OK);
    ck_assert_msg(cas_propagation_run(p, &e) == CAS_OK, "%s", e.message);
    ck_assert_int_eq(cas_propagation_find(p, &whole.scope, &at), CAS_OK);
    cas_bounds_init(&b);
    ck_assert_int_eq(cas_propagation_get(p, at, &b), CAS_OK);
    ck_assert_int_eq(b.initial_low, 1);
    ck_assert_int_eq(b.low, 6);
    ck_assert_int_eq(b.low_rule, CAS_RULE_SUM);
    ck_assert_str_eq(b.scope.event, "");
    cas_propagation_free(p);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(csv_event_column)
{
    static const char text[] =
        "id,source,outcome,place,event,period_start,period_end,low,high\n"
        "a,UCDP GED,killed,syria/idlib,ucdp-ged:1,2017-04-04,2017-04-04,2,2\n"
        "b,UCDP GED,killed,syria/idlib,ucdp-ged:2,2017-04-04,2017-04-04,4,4\n"
        "c,SOHR,killed,syria/idlib,,2017-04-04,2017-04-04,5,\n";
    static const char bad[] = "id,source,outcome,place,event,low\n"
                              "x,S,killed,syria,ucdp-ged:1,2\n"
                              "y,S,killed,syria,ucdp//2,4\n";
    cas_ledger *l = NULL;
    cas_claim c;
    char *out = NULL, *again = NULL;
    size_t len = 0, len2 = 0;
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_msg(cas_csv_load_buffer(l, text, strlen(text), "events.csv", &e) == CAS_OK, "%s",
                  e.message);
    cas_claim_init(&c);
    ck_assert_int_eq(cas_ledger_get(l, 1, &c), CAS_OK);
    ck_assert_str_eq(c.scope.event, "ucdp-ged:2");
    ck_assert_int_eq(cas_ledger_get(l, 2, &c), CAS_OK);
    ck_assert_str_eq(c.scope.event, "");
    /* Saved after the place, and read back to the same bytes. */
    ck_assert_int_eq(cas_csv_save_string(&out, &len, l, &e), CAS_OK);
    ck_assert_ptr_nonnull(strstr(out, ",group,perpetrator,place,event,period_start,"));
    ck_assert_ptr_nonnull(strstr(out, "\nb,UCDP GED,,,reported,killed,,,syria/idlib,ucdp-ged:2,"));
    {
        cas_ledger *l2 = NULL;
        ck_assert_int_eq(cas_ledger_new(&l2), CAS_OK);
        ck_assert_int_eq(cas_csv_load_buffer(l2, out, len, "saved", &e), CAS_OK);
        ck_assert_int_eq(cas_csv_save_string(&again, &len2, l2, &e), CAS_OK);
        ck_assert_uint_eq(len, len2);
        ck_assert_int_eq(memcmp(out, again, len), 0);
        cas_ledger_free(l2);
    }
    /* A malformed event: file, line, column and field, and nothing added. */
    ck_assert_int_eq(cas_csv_load_buffer(l, bad, strlen(bad), "bad.csv", &e), CAS_ERR_PATH);
    ck_assert_str_eq(e.file, "bad.csv");
    ck_assert_int_eq(e.line, 3);
    ck_assert_int_eq(e.column, 5);
    ck_assert_str_eq(e.field, "event");
    ck_assert_uint_eq(cas_ledger_count(l), 3);
    cas_free(out);
    cas_free(again);
    cas_ledger_free(l);
}
END_TEST

START_TEST(reports_show_the_event)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r;
    char *out = NULL;
    size_t len = 0;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, event_claim("e1", "UCDP GED", "ucdp-ged:1", 2, 2));
    tu_add(l, event_claim("e2", "UCDP GED", "ucdp-ged:2", 4, 4));
    tu_add(l, event_claim("w", "SOHR", "", 5, CAS_OPEN));
    r = reconcile(l);
    ck_assert_int_eq(cas_report_table(&out, &len, r, NULL), CAS_OK);
    ck_assert_ptr_nonnull(strstr(out, "place                event       period"));
    ck_assert_ptr_nonnull(strstr(out, "syria/idlib/maarrat  ucdp-ged:1  2017-04-04..2017-04-04"));
    ck_assert_ptr_nonnull(strstr(out, "syria/idlib/maarrat  *           2017-04-04..2017-04-04"));
    cas_free(out);
    ck_assert_int_eq(cas_report_markdown(&out, &len, r, NULL), CAS_OK);
    ck_assert_ptr_nonnull(strstr(out, "| event      |"));
    ck_assert_ptr_nonnull(strstr(out, "| ucdp-ged:2 |"));
    ck_assert_ptr_nonnull(strstr(out, "syria/idlib/maarrat, ucdp-ged:1, 2017-04-04..2017-04-04\n"));
    cas_free(out);
    ck_assert_int_eq(cas_report_csv(&out, &len, r, NULL), CAS_OK);
    ck_assert_ptr_nonnull(strstr(out, "\nkilled,,,syria/idlib/maarrat,ucdp-ged:2,2017-04-04,"));
    cas_free(out);
    cas_reconciliation_free(r);
    cas_ledger_free(l);

    /* Without any event, the text and Markdown tables have no event column. */
    l = tu_syria();
    r = reconcile(l);
    ck_assert_int_eq(cas_report_table(&out, &len, r, NULL), CAS_OK);
    ck_assert_ptr_null(strstr(out, "event"));
    cas_free(out);
    ck_assert_int_eq(cas_report_markdown(&out, &len, r, NULL), CAS_OK);
    ck_assert_ptr_null(strstr(out, "| event"));
    cas_free(out);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(reconcile_scope_of_one_event)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_claim a = event_claim("e1", "UCDP GED", "ucdp-ged:1", 2, 2);
    cas_claim missing = event_claim("x", "UCDP GED", "ucdp-ged:9", 2, 2);
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, a);
    tu_add(l, event_claim("e2", "UCDP GED", "ucdp-ged:2", 4, 4));
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &a.scope, NULL, &e), CAS_OK);
    ck_assert_uint_eq(cas_reconciliation_count(r), 1);
    ck_assert_int_eq(result(r, 0).best, 2);
    cas_reconciliation_free(r);
    r = NULL;
    ck_assert_int_eq(cas_reconcile_scope(&r, l, &missing.scope, NULL, &e), CAS_ERR_NOT_FOUND);
    ck_assert_ptr_nonnull(strstr(e.message, "event ucdp-ged:9"));
    cas_ledger_free(l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("events");
    TCase *t = tcase_create("events");
    tcase_add_test(t, scope_relation_of_events);
    tcase_add_test(t, two_events_in_one_scope_add);
    tcase_add_test(t, the_whole_is_not_an_event);
    tcase_add_test(t, a_later_report_supersedes_only_its_own_event);
    tcase_add_test(t, rivals_on_one_event_conflict);
    tcase_add_test(t, propagation_takes_events_as_parts);
    tcase_add_test(t, csv_event_column);
    tcase_add_test(t, reports_show_the_event);
    tcase_add_test(t, reconcile_scope_of_one_event);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
