/* SPDX-License-Identifier: MIT */
/* Series of cumulative counts (casualty/series.h, docs/model.md section
 * 12): reports in order, revisions, restarts, increments and the as-of
 * comparison, on fixtures written here and on the TechForPalestine
 * extracts of tests/data/real/tfp through the tfp importer. */
#include "testutil.h"

/* A cumulative claim on [start, cutoff], reported on the cutoff day. */
static void add_cum(cas_ledger *l, const char *id, const char *source, const char *group,
                    const char *start, const char *cutoff, int64_t n)
{
    cas_claim c;
    cas_claim_init(&c);
    c.id = id;
    c.source = source;
    c.low = c.high = n;
    c.qualifier = CAS_QUAL_EXACT;
    c.scope.outcome = "killed";
    c.scope.group = group;
    c.scope.place = "palestine/gaza";
    c.scope.period_start = tu_day(start);
    c.scope.period_end = tu_day(cutoff);
    c.reported_on = tu_day(cutoff);
    tu_add(l, c);
}

/* The series of @source on @group (phase @phase), or fail. The ledger
 * keeps canonical paths: "women" reads as "civilians/women". */
static size_t find_series(const cas_series *s, const char *source, const char *group,
                          uint32_t phase)
{
    for (size_t i = 0; i < cas_series_count(s); i++) {
        cas_series_info info;
        cas_series_info_init(&info);
        ck_assert_int_eq(cas_series_get(s, i, &info), CAS_OK);
        if (strcmp(info.source, source) == 0 && strcmp(info.scope.group, group) == 0 &&
            info.phase == phase)
            return i;
    }
    ck_abort_msg("no series %s %s phase %u", source, group, (unsigned)phase);
    return 0;
}

/* The women killed in Gaza as the two sources reported them in October
 * 2023 (tests/data/real/tfp/tfp_casualties_daily.csv, killed_women_cum):
 * GMO 1,032 on the 17th, MoH 1,000 on the 19th and 967 on the 21st. */
static cas_ledger *women(const char *moh, const char *gmo)
{
    cas_ledger *l = NULL;
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add_cum(l, "g16", gmo, "women", "2023-10-07", "2023-10-16", 936);
    add_cum(l, "g17", gmo, "women", "2023-10-07", "2023-10-17", 1032);
    add_cum(l, "m19", moh, "women", "2023-10-07", "2023-10-19", 1000);
    add_cum(l, "m21", moh, "women", "2023-10-07", "2023-10-21", 967);
    add_cum(l, "m22", moh, "women", "2023-10-07", "2023-10-22", 1023);
    return l;
}

START_TEST(series_revisions_of_one_source)
{
    cas_ledger *l = women("MoH", "GMO");
    cas_series *s = NULL;
    cas_series_info info;
    cas_series_report r;

    ck_assert_int_eq(cas_series_new(&s, l, NULL), CAS_OK);
    ck_assert_uint_eq(cas_series_count(s), 2);
    ck_assert_uint_eq(cas_series_panels(s), 1);
    size_t moh = find_series(s, "MoH", "civilians/women", 1);
    cas_series_info_init(&info);
    ck_assert_int_eq(cas_series_get(s, moh, &info), CAS_OK);
    ck_assert_uint_eq(info.reports, 3);
    ck_assert_uint_eq(info.revisions, 1);
    ck_assert_int_eq(info.revised, 33);
    ck_assert_int_eq(info.scope.period_start, tu_day("2023-10-07"));
    ck_assert_int_eq(info.scope.period_end, tu_day("2023-10-22"));
    cas_series_report_init(&r);
    ck_assert_int_eq(cas_series_report_get(s, moh, 1, &r), CAS_OK);
    ck_assert_str_eq(r.claim_id, "m21");
    ck_assert_int_eq(r.revision, 33);
    ck_assert_uint_eq(r.revised_from, 0);
    ck_assert_int_eq(r.increment, -33);
    ck_assert_int_eq(r.days, 2);
    ck_assert_int_eq(cas_series_report_get(s, moh, 2, &r), CAS_OK);
    ck_assert_int_eq(r.revision, 0); /* 1,023 is above 1,000 again */
    ck_assert_int_eq(r.increment, 56);
    ck_assert_int_eq(cas_series_report_get(s, moh, 0, &r), CAS_OK);
    ck_assert_int_eq(r.increment, 1000); /* the first: since the start */
    ck_assert_int_eq(r.days, 13);
    ck_assert_int_eq(cas_series_report_get(s, moh, 3, &r), CAS_ERR_NOT_FOUND);
    /* GMO never falls: no revision; its 1,032 against MoH's 1,000 is a
     * difference between sources, seen in the as-of table. */
    size_t gmo = find_series(s, "GMO", "civilians/women", 1);
    ck_assert_int_eq(cas_series_get(s, gmo, &info), CAS_OK);
    ck_assert_uint_eq(info.revisions, 0);
    cas_series_free(s);
    cas_ledger_free(l);

    /* Coded as one source, 1,032 -> 1,000 -> 967 is two revisions, and
     * 1,023 on the 22nd, still below 1,032, a third. */
    l = women("Gaza", "Gaza");
    ck_assert_int_eq(cas_series_new(&s, l, NULL), CAS_OK);
    ck_assert_uint_eq(cas_series_count(s), 1);
    ck_assert_int_eq(cas_series_get(s, 0, &info), CAS_OK);
    ck_assert_uint_eq(info.revisions, 3);
    ck_assert_int_eq(info.revised, 32 + 65 + 9);
    ck_assert_int_eq(cas_series_report_get(s, 0, 2, &r), CAS_OK);
    ck_assert_int_eq(r.revision, 32);
    ck_assert_uint_eq(r.revised_from, 1);
    ck_assert_int_eq(cas_series_report_get(s, 0, 3, &r), CAS_OK);
    ck_assert_int_eq(r.revision, 65); /* below the highest earlier, 1,032 */
    ck_assert_uint_eq(r.revised_from, 1);
    cas_series_free(s);
    cas_ledger_free(l);
}
END_TEST

START_TEST(series_asof_between_reports)
{
    cas_ledger *l = women("MoH", "GMO");
    cas_series *s = NULL;
    cas_series_asof a;
    cas_series_panel p;

    ck_assert_int_eq(cas_series_new(&s, l, NULL), CAS_OK);
    cas_series_panel_init(&p);
    ck_assert_int_eq(cas_series_panel_get(s, 0, &p), CAS_OK);
    ck_assert_uint_eq(p.members, 2);
    ck_assert_int_eq(p.first_day, tu_day("2023-10-16"));
    ck_assert_int_eq(p.last_day, tu_day("2023-10-22"));
    /* Members in source order: GMO, then MoH. */
    uint32_t m0 = 99, m1 = 99;
    ck_assert_int_eq(cas_series_panel_member(s, 0, 0, &m0), CAS_OK);
    ck_assert_int_eq(cas_series_panel_member(s, 0, 1, &m1), CAS_OK);
    ck_assert_uint_eq(m0, find_series(s, "GMO", "civilians/women", 1));
    ck_assert_uint_eq(m1, find_series(s, "MoH", "civilians/women", 1));
    ck_assert_int_eq(cas_series_panel_member(s, 0, 2, &m0), CAS_ERR_NOT_FOUND);

    /* 18 October: neither reported. GMO's floor is the 17th's 1,032, a
     * day stale, no ceiling; MoH has no floor yet, its ceiling 1,000. */
    cas_series_asof_init(&a);
    ck_assert_int_eq(cas_series_asof_get(s, 0, tu_day("2023-10-18"), 0, &a), CAS_OK);
    ck_assert_int_eq(a.floor, 1032);
    ck_assert_int_eq(a.floor_day, tu_day("2023-10-17"));
    ck_assert_int_eq(a.stale, 1);
    ck_assert_int_eq(a.ceiling, CAS_OPEN);
    ck_assert_int_eq(a.ceiling_day, CAS_DATE_UNKNOWN);
    ck_assert_int_eq(cas_series_asof_get(s, 0, tu_day("2023-10-18"), 1, &a), CAS_OK);
    ck_assert_int_eq(a.floor, CAS_NONE);
    ck_assert_int_eq(a.stale, -1);
    ck_assert_int_eq(a.ceiling, 1000);
    ck_assert_int_eq(a.low, 0);
    ck_assert_int_eq(a.high, 1000);
    ck_assert_int_eq(a.agree, 0); /* at least 1,032 against at most 1,000 */
    /* 20 October: MoH's floor 1,000 but its next report, 967, prevails. */
    ck_assert_int_eq(cas_series_asof_get(s, 0, tu_day("2023-10-20"), 1, &a), CAS_OK);
    ck_assert_int_eq(a.floor, 1000);
    ck_assert_int_eq(a.ceiling, 967);
    ck_assert_int_eq(a.low, 967);
    ck_assert_int_eq(a.high, 967);
    /* 16 October: GMO 936, MoH at most 1,000: they agree. */
    ck_assert_int_eq(cas_series_asof_get(s, 0, tu_day("2023-10-16"), 0, &a), CAS_OK);
    ck_assert_int_eq(a.stale, 0);
    ck_assert_int_eq(a.agree, 1);
    /* The days: the 16th agrees; the 17th to the 21st differ (GMO at
     * least 1,032, MoH at most 1,000, then 967, then 1,023); on the 22nd
     * MoH's 1,023 is a floor with no ceiling, and "at least 1,023" meets
     * "at least 1,032". */
    ck_assert_uint_eq(p.days_agree, 2);
    ck_assert_uint_eq(p.days_differ, 5);
    /* Brute force over the days agrees with the counts. */
    uint32_t agree = 0, differ = 0;
    for (int32_t d = p.first_day; d <= p.last_day; d++) {
        ck_assert_int_eq(cas_series_asof_get(s, 0, d, 0, &a), CAS_OK);
        agree += a.agree != 0;
        differ += a.agree == 0;
    }
    ck_assert_uint_eq(agree, p.days_agree);
    ck_assert_uint_eq(differ, p.days_differ);
    ck_assert_int_eq(cas_series_asof_get(s, 0, CAS_DATE_UNKNOWN, 0, &a), CAS_ERR_ARG);
    ck_assert_int_eq(cas_series_asof_get(s, 1, p.first_day, 0, &a), CAS_ERR_NOT_FOUND);
    cas_series_free(s);
    cas_ledger_free(l);
}
END_TEST

START_TEST(series_restart_is_a_new_phase)
{
    cas_ledger *l = NULL;
    cas_series *s = NULL;
    cas_series_info info;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add_cum(l, "a1", "A", "", "2024-01-01", "2024-01-10", 100);
    add_cum(l, "a2", "A", "", "2024-01-01", "2024-01-20", 200);
    add_cum(l, "b1", "A", "", "2024-03-01", "2024-03-05", 5); /* restart */
    add_cum(l, "b2", "A", "", "2024-03-01", "2024-03-09", 9);
    add_cum(l, "x", "A", "", "2024-03-01", "2024-03-07", 7); /* added late: sorted */
    ck_assert_int_eq(cas_series_new(&s, l, NULL), CAS_OK);
    ck_assert_uint_eq(cas_series_count(s), 2);
    ck_assert_uint_eq(cas_series_panels(s), 2);
    cas_series_info_init(&info);
    size_t p1 = find_series(s, "A", "", 1), p2 = find_series(s, "A", "", 2);
    ck_assert_int_eq(cas_series_get(s, p1, &info), CAS_OK);
    ck_assert_uint_eq(info.revisions, 0);
    ck_assert_int_eq(cas_series_get(s, p2, &info), CAS_OK);
    ck_assert_uint_eq(info.reports, 3);
    ck_assert_uint_eq(info.revisions, 0); /* 5 after 200 is a new phase, not a fall */
    cas_series_report r;
    cas_series_report_init(&r);
    ck_assert_int_eq(cas_series_report_get(s, p2, 1, &r), CAS_OK);
    ck_assert_str_eq(r.claim_id, "x");
    ck_assert_int_eq(r.increment, 2);
    cas_series_free(s);
    cas_ledger_free(l);
}
END_TEST

START_TEST(series_unknown_days_and_arguments)
{
    cas_ledger *l = NULL;
    cas_series *s = NULL;
    cas_claim c = tu_claim("open", "A", 5, 5);
    cas_series_info info;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    c.scope.period_start = CAS_DATE_UNKNOWN;
    tu_add(l, c);
    ck_assert_int_eq(cas_series_new(NULL, l, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_series_new(&s, NULL, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_series_new(&s, l, NULL), CAS_OK);
    ck_assert_uint_eq(cas_series_count(s), 0); /* no known start: no series */
    cas_series_info_init(&info);
    ck_assert_int_eq(cas_series_get(s, 0, &info), CAS_ERR_NOT_FOUND);
    info.size = 4;
    ck_assert_int_eq(cas_series_get(s, 0, &info), CAS_ERR_ARG);
    ck_assert_uint_eq(cas_series_count(NULL), 0);
    ck_assert_uint_eq(cas_series_panels(NULL), 0);
    cas_series_free(s);
    cas_series_free(NULL);
    cas_ledger_free(l);
}
END_TEST

static cas_ledger *tfp(const char *file)
{
    cas_ledger *l = NULL;
    cas_error e;
    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_msg(cas_import(l, "tfp", file, NULL, &e) == CAS_OK, "%s", e.message);
    return l;
}

START_TEST(series_tfp_gaza)
{
    cas_ledger *l = tfp(REAL_DATA_DIR "/tfp/tfp_casualties_daily.csv");
    cas_series *s = NULL;
    cas_series_info info;
    cas_series_asof a;

    ck_assert_int_eq(cas_series_new(&s, l, NULL), CAS_OK);
    ck_assert_uint_eq(cas_series_count(s), 2);
    ck_assert_uint_eq(cas_series_panels(s), 1);
    size_t moh = find_series(s, "Gaza Ministry of Health", "", 1);
    size_t gmo = find_series(s, "Gaza Government Media Office", "", 1);
    cas_series_info_init(&info);
    ck_assert_int_eq(cas_series_get(s, moh, &info), CAS_OK);
    ck_assert_int_eq(info.scope.period_start, tu_day("2023-10-07"));
    ck_assert_int_eq(cas_series_get(s, gmo, &info), CAS_OK);
    ck_assert_int_eq(info.scope.period_start, tu_day("2023-10-07"));
    /* 13 October 2023: a TFP "missing" row, neither source reported.
     * GMO's floor is the 11th's 1,100 (2 days stale), its ceiling the
     * 14th's 2,228; MoH's floor the 12th's 1,417, its ceiling the 18th's
     * 3,478: they agree (both ranges hold 1,417 to 2,228). */
    cas_series_asof_init(&a);
    ck_assert_int_eq(cas_series_asof_get(s, 0, tu_day("2023-10-13"), 0, &a), CAS_OK);
    ck_assert_uint_eq(a.series, gmo);
    ck_assert_int_eq(a.floor, 1100);
    ck_assert_int_eq(a.stale, 2);
    ck_assert_int_eq(a.ceiling, 2228);
    ck_assert_int_eq(cas_series_asof_get(s, 0, tu_day("2023-10-13"), 1, &a), CAS_OK);
    ck_assert_uint_eq(a.series, moh);
    ck_assert_int_eq(a.floor, 1417);
    ck_assert_int_eq(a.stale, 1);
    ck_assert_int_eq(a.ceiling, 3478);
    ck_assert_int_eq(a.agree, 1);
    /* After GMO's last report (18,800 on 2023-12-15), it is a floor
     * only: a year on, MoH's figure is compared with "at least 18,800",
     * not reconciled against it. */
    ck_assert_int_eq(cas_series_asof_get(s, 0, tu_day("2024-12-15"), 0, &a), CAS_OK);
    ck_assert_int_eq(a.floor, 18800);
    ck_assert_int_eq(a.stale, 366);
    ck_assert_int_eq(a.high, CAS_OPEN);
    cas_series_free(s);
    cas_ledger_free(l);
}
END_TEST

START_TEST(series_tfp_lebanon_restart)
{
    cas_ledger *l = tfp(REAL_DATA_DIR "/tfp/tfp_lebanon_casualties_daily.csv");
    cas_series *s = NULL;
    cas_series_info info;
    cas_series_panel p;

    ck_assert_int_eq(cas_series_new(&s, l, NULL), CAS_OK);
    size_t p2 = find_series(s, "Lebanon Ministry of Public Health", "", 2);
    cas_series_info_init(&info);
    ck_assert_int_eq(cas_series_get(s, p2, &info), CAS_OK);
    ck_assert_int_eq(info.scope.period_start, tu_day("2026-03-02"));
    /* Phase 2 counts from its own start: no revision in any series, and
     * no day on which the sources of a panel differ. */
    for (size_t i = 0; i < cas_series_count(s); i++) {
        ck_assert_int_eq(cas_series_get(s, i, &info), CAS_OK);
        ck_assert_uint_eq(info.revisions, 0);
    }
    cas_series_panel_init(&p);
    for (size_t i = 0; i < cas_series_panels(s); i++) {
        ck_assert_int_eq(cas_series_panel_get(s, i, &p), CAS_OK);
        ck_assert_uint_eq(p.days_differ, 0);
    }
    ck_assert_uint_eq(cas_series_panels(s), 2);
    cas_series_free(s);
    cas_ledger_free(l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("series");
    TCase *tc = tcase_create("series");
    tcase_add_test(tc, series_revisions_of_one_source);
    tcase_add_test(tc, series_asof_between_reports);
    tcase_add_test(tc, series_restart_is_a_new_phase);
    tcase_add_test(tc, series_unknown_days_and_arguments);
    tcase_add_test(tc, series_tfp_gaza);
    tcase_add_test(tc, series_tfp_lebanon_restart);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
