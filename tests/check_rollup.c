/* SPDX-License-Identifier: MIT */
/* Roll-ups (docs/model.md section 11, casualty/rollup.h): buckets per
 * unit, straddlers listed, placed or split, sums of lows, highs and
 * bests, provenance, errors. */
#include "testutil.h"

#include <stdint.h>

/* An event claim: killed, everyone, in @place over [@from, @to]. */
static cas_claim ev(const char *id, const char *source, const char *event, const char *place,
                    const char *from, const char *to, int64_t low, int64_t high, int64_t best)
{
    cas_claim c;
    cas_claim_init(&c);
    c.id = id;
    c.source = source;
    c.low = low;
    c.high = high;
    c.best = best;
    c.qualifier = high == CAS_OPEN ? CAS_QUAL_AT_LEAST
                  : high == low    ? CAS_QUAL_EXACT
                                   : CAS_QUAL_RANGE;
    c.scope.outcome = "killed";
    c.scope.place = place;
    c.scope.event = event;
    c.scope.period_start = from ? tu_day(from) : CAS_DATE_UNKNOWN;
    c.scope.period_end = to ? tu_day(to) : CAS_DATE_UNKNOWN;
    return c;
}

static cas_rollup_options opts(int32_t unit, int32_t straddle, uint32_t depth)
{
    cas_rollup_options o;
    cas_rollup_options_init(&o);
    o.unit = unit;
    o.straddle = straddle;
    o.place_depth = depth;
    return o;
}

static cas_claim get(const cas_ledger *l, size_t i)
{
    cas_claim c;
    cas_claim_init(&c);
    ck_assert_int_eq(cas_ledger_get(l, i, &c), CAS_OK);
    return c;
}

static cas_rollup_summary summary(const cas_rollup_info *info)
{
    cas_rollup_summary s;
    cas_rollup_summary_init(&s);
    ck_assert_int_eq(cas_rollup_info_summary(info, &s), CAS_OK);
    return s;
}

/* Roll @in up with @o, which must succeed. */
static cas_ledger *roll(const cas_ledger *in, const cas_rollup_options *o, cas_rollup_info **info)
{
    cas_ledger *out = NULL;
    cas_error e;
    cas_error_init(&e);
    ck_assert_msg(cas_rollup(&out, info, in, o, &e) == CAS_OK, "%s", e.message);
    ck_assert_ptr_nonnull(out);
    return out;
}

static void check_period(const cas_claim *c, const char *from, const char *to)
{
    ck_assert_int_eq(c->scope.period_start, tu_day(from));
    ck_assert_int_eq(c->scope.period_end, tu_day(to));
}

START_TEST(months_sum_per_source_and_place)
{
    cas_ledger *l = NULL, *out;
    cas_rollup_info *info = NULL;
    cas_rollup_options o = opts(CAS_ROLLUP_MONTH, CAS_STRADDLE_LIST, 2);
    cas_claim c;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, ev("a1", "UCDP", "ucdp:1", "syria/aleppo/x", "2017-01-03", "2017-01-03", 2, 4, 3));
    tu_add(l, ev("a2", "UCDP", "ucdp:2", "syria/aleppo/y", "2017-01-31", "2017-01-31", 5, 5, 5));
    tu_add(l, ev("a3", "UCDP", "ucdp:3", "syria/aleppo", "2017-02-01", "2017-02-02", 1, 1, 1));
    tu_add(l, ev("i1", "UCDP", "ucdp:4", "syria/idlib", "2017-01-10", "2017-01-10", 7, 9, 8));
    tu_add(l, ev("s1", "SOHR", "sohr:1", "syria/aleppo", "2017-01-05", "2017-01-05", 10, 10, 10));
    out = roll(l, &o, &info);
    ck_assert_uint_eq(cas_ledger_count(out), 4);
    /* Ordered by source, then place, then bucket. */
    c = get(out, 0);
    ck_assert_str_eq(c.source, "SOHR");
    ck_assert_str_eq(c.id, "rollup:SOHR:syria/aleppo:2017-01:killed::");
    c = get(out, 1);
    ck_assert_str_eq(c.id, "rollup:UCDP:syria/aleppo:2017-01:killed::");
    ck_assert_str_eq(c.scope.place, "syria/aleppo");
    ck_assert_str_eq(c.scope.event, "");
    check_period(&c, "2017-01-01", "2017-01-31");
    ck_assert_int_eq(c.low, 7);
    ck_assert_int_eq(c.high, 9);
    ck_assert_int_eq(c.best, 8);
    ck_assert_int_eq(c.qualifier, CAS_QUAL_RANGE);
    ck_assert_str_eq(c.quote, "sum of 2 events");
    ck_assert_str_eq(c.citation, "rollup of a1, a2");
    c = get(out, 2);
    ck_assert_str_eq(c.id, "rollup:UCDP:syria/aleppo:2017-02:killed::");
    check_period(&c, "2017-02-01", "2017-02-28");
    ck_assert_int_eq(c.low, 1);
    ck_assert_int_eq(c.qualifier, CAS_QUAL_EXACT);
    c = get(out, 3);
    ck_assert_str_eq(c.scope.place, "syria/idlib");
    ck_assert_int_eq(c.best, 8);
    ck_assert_uint_eq(summary(info).derived, 4);
    ck_assert_uint_eq(summary(info).summed, 5);
    cas_rollup_info_free(info);
    cas_ledger_free(out);

    /* Depth 1: one country; depth 0: one place "". */
    o.place_depth = 1;
    out = roll(l, &o, NULL);
    ck_assert_uint_eq(cas_ledger_count(out), 3);
    c = get(out, 1);
    ck_assert_str_eq(c.scope.place, "syria");
    ck_assert_int_eq(c.low, 14);
    ck_assert_int_eq(c.high, 18);
    ck_assert_int_eq(c.best, 16);
    cas_ledger_free(out);
    o.place_depth = 0;
    out = roll(l, &o, NULL);
    ck_assert_uint_eq(cas_ledger_count(out), 3);
    ck_assert_str_eq(get(out, 1).scope.place, "");
    ck_assert_str_eq(get(out, 1).id, "rollup:UCDP::2017-01:killed::");
    cas_ledger_free(out);
    cas_ledger_free(l);
}
END_TEST

/* The bucket and label of one one-day event on @day with @unit. */
static void check_bucket(int32_t unit, const char *day, const char *label, const char *from,
                         const char *to)
{
    cas_ledger *l = NULL, *out;
    cas_rollup_options o = opts(unit, CAS_STRADDLE_LIST, 1);
    char id[128];
    cas_claim c;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, ev("e", "S", "x:1", "syria", day, day, 1, 1, 1));
    out = roll(l, &o, NULL);
    ck_assert_uint_eq(cas_ledger_count(out), 1);
    c = get(out, 0);
    snprintf(id, sizeof id, "rollup:S:syria:%s:killed::", label);
    ck_assert_str_eq(c.id, id);
    check_period(&c, from, to);
    cas_ledger_free(out);
    cas_ledger_free(l);
}

START_TEST(bucket_edges_per_unit)
{
    check_bucket(CAS_ROLLUP_DAY, "2024-02-29", "2024-02-29", "2024-02-29", "2024-02-29");
    /* ISO weeks: Monday to Sunday; the week of a year's first Thursday is
     * week 1, so a week may belong to the year before or after. */
    check_bucket(CAS_ROLLUP_WEEK, "2024-12-29", "2024-W52", "2024-12-23", "2024-12-29");
    check_bucket(CAS_ROLLUP_WEEK, "2024-12-30", "2025-W01", "2024-12-30", "2025-01-05");
    check_bucket(CAS_ROLLUP_WEEK, "2025-01-05", "2025-W01", "2024-12-30", "2025-01-05");
    check_bucket(CAS_ROLLUP_WEEK, "2021-01-03", "2020-W53", "2020-12-28", "2021-01-03");
    check_bucket(CAS_ROLLUP_WEEK, "1970-01-01", "1970-W01", "1969-12-29", "1970-01-04");
    check_bucket(CAS_ROLLUP_MONTH, "2024-02-15", "2024-02", "2024-02-01", "2024-02-29");
    check_bucket(CAS_ROLLUP_QUARTER, "2025-03-31", "2025-Q1", "2025-01-01", "2025-03-31");
    check_bucket(CAS_ROLLUP_QUARTER, "2025-04-01", "2025-Q2", "2025-04-01", "2025-06-30");
    check_bucket(CAS_ROLLUP_QUARTER, "2025-12-31", "2025-Q4", "2025-10-01", "2025-12-31");
    check_bucket(CAS_ROLLUP_YEAR, "2016-07-01", "2016", "2016-01-01", "2016-12-31");
}
END_TEST

/* A straddler over 2025-03-30..04-02 (4 days), low 10, high 13, best 11,
 * beside a plain event in March. */
static cas_ledger *straddling(void)
{
    cas_ledger *l = NULL;
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, ev("plain", "S", "x:1", "syria", "2025-03-10", "2025-03-10", 1, 1, 1));
    tu_add(l, ev("wide", "S", "x:2", "syria", "2025-03-30", "2025-04-02", 10, 13, 11));
    return l;
}

START_TEST(straddlers_are_listed_by_default)
{
    cas_ledger *l = straddling(), *out;
    cas_rollup_info *info = NULL;
    cas_claim_ref ref;
    size_t n = 0;

    out = roll(l, NULL, &info); /* NULL: the defaults, months, list */
    ck_assert_uint_eq(cas_ledger_count(out), 1);
    ck_assert_int_eq(get(out, 0).low, 1);
    ck_assert_uint_eq(summary(info).straddlers, 1);
    ck_assert_uint_eq(summary(info).left_out, 1);
    ck_assert_int_eq(cas_rollup_info_straddler(info, 0, NULL, &n), CAS_OK);
    ck_assert_uint_eq(n, 1);
    cas_claim_ref_init(&ref);
    ck_assert_int_eq(cas_rollup_info_straddler(info, 0, &ref, NULL), CAS_OK);
    ck_assert_str_eq(ref.id, "wide");
    ck_assert_uint_eq(ref.index, 1);
    ck_assert_int_eq(cas_rollup_info_straddler(info, 1, &ref, NULL), CAS_ERR_NOT_FOUND);
    cas_rollup_info_free(info);
    cas_ledger_free(out);

    /* A week holds 03-30 (Sunday) apart from 03-31..04-02: still a straddler;
     * a year holds it whole. */
    cas_rollup_options o = opts(CAS_ROLLUP_YEAR, CAS_STRADDLE_LIST, 1);
    out = roll(l, &o, &info);
    ck_assert_uint_eq(cas_ledger_count(out), 1);
    ck_assert_int_eq(get(out, 0).low, 11);
    ck_assert_uint_eq(summary(info).straddlers, 0);
    cas_rollup_info_free(info);
    cas_ledger_free(out);
    cas_ledger_free(l);
}
END_TEST

START_TEST(straddlers_placed_in_their_first_bucket)
{
    cas_ledger *l = straddling(), *out;
    cas_rollup_info *info = NULL;
    cas_rollup_options o = opts(CAS_ROLLUP_MONTH, CAS_STRADDLE_FIRST, 1);
    cas_claim c;

    out = roll(l, &o, &info);
    ck_assert_uint_eq(cas_ledger_count(out), 1);
    c = get(out, 0);
    check_period(&c, "2025-03-01", "2025-03-31");
    ck_assert_int_eq(c.low, 11);
    ck_assert_int_eq(c.high, 14);
    ck_assert_int_eq(c.best, 12);
    ck_assert_str_eq(c.quote, "sum of 2 events; 1 placed whole in the bucket of their first day");
    ck_assert_uint_eq(summary(info).first, 1);
    ck_assert_uint_eq(summary(info).left_out, 0);
    cas_rollup_info_free(info);
    cas_ledger_free(out);
    cas_ledger_free(l);
}
END_TEST

START_TEST(straddlers_split_with_remainders_first)
{
    cas_ledger *l = straddling(), *out;
    cas_rollup_info *info = NULL;
    cas_rollup_options o = opts(CAS_ROLLUP_MONTH, CAS_STRADDLE_SPLIT, 1);
    cas_claim_ref ref;
    cas_claim c;
    size_t n = 0;

    out = roll(l, &o, &info);
    ck_assert_uint_eq(cas_ledger_count(out), 2);
    /* Low 10 over 4 days: 3, 3, 2, 2 (March 30, 31 | April 1, 2); high 13:
     * 4, 3, 3, 3; best 11: 3, 3, 3, 2. */
    c = get(out, 0);
    check_period(&c, "2025-03-01", "2025-03-31");
    ck_assert_int_eq(c.low, 1 + 6);
    ck_assert_int_eq(c.high, 1 + 7);
    ck_assert_int_eq(c.best, 1 + 6);
    ck_assert_str_eq(c.quote, "sum of 2 events; 1 split evenly over their days (an assumption)");
    c = get(out, 1);
    check_period(&c, "2025-04-01", "2025-04-30");
    ck_assert_int_eq(c.low, 4);
    ck_assert_int_eq(c.high, 6);
    ck_assert_int_eq(c.best, 5);
    /* The terms give the shares. */
    ck_assert_int_eq(cas_rollup_info_term(info, 1, 0, NULL, &n), CAS_OK);
    ck_assert_uint_eq(n, 1);
    cas_claim_ref_init(&ref);
    ck_assert_int_eq(cas_rollup_info_term(info, 1, 0, &ref, NULL), CAS_OK);
    ck_assert_str_eq(ref.id, "wide");
    ck_assert_int_eq(ref.low, 4);
    ck_assert_int_eq(ref.high, 6);
    ck_assert_int_eq(ref.figure, 5);
    ck_assert_uint_eq(summary(info).split, 1);
    ck_assert_uint_eq(summary(info).summed, 2);
    cas_rollup_info_free(info);
    cas_ledger_free(out);

    /* By day each day gets its own share; the shares add up to the claim. */
    o.unit = CAS_ROLLUP_DAY;
    out = roll(l, &o, NULL);
    ck_assert_uint_eq(cas_ledger_count(out), 5);
    {
        const int64_t lows[] = {3, 3, 2, 2}, highs[] = {4, 3, 3, 3}, bests[] = {3, 3, 3, 2};
        int64_t sl = 0, sh = 0, sb = 0;
        for (size_t i = 0; i < 4; i++) {
            c = get(out, i + 1);
            ck_assert_int_eq(c.low, lows[i]);
            ck_assert_int_eq(c.high, highs[i]);
            ck_assert_int_eq(c.best, bests[i]);
            sl += c.low;
            sh += c.high;
            sb += c.best;
        }
        ck_assert_int_eq(sl, 10);
        ck_assert_int_eq(sh, 13);
        ck_assert_int_eq(sb, 11);
    }
    cas_ledger_free(out);
    cas_ledger_free(l);
}
END_TEST

START_TEST(unknown_ends_are_never_split)
{
    cas_ledger *l = NULL, *out;
    cas_rollup_info *info = NULL;
    cas_rollup_options o = opts(CAS_ROLLUP_MONTH, CAS_STRADDLE_SPLIT, 1);

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, ev("open-end", "S", "x:1", "syria", "2025-03-10", NULL, 1, 1, 1));
    tu_add(l, ev("open-start", "S", "x:2", "syria", NULL, "2025-03-10", 1, 1, 1));
    out = roll(l, &o, &info);
    ck_assert_uint_eq(cas_ledger_count(out), 0);
    ck_assert_uint_eq(summary(info).left_out, 2);
    cas_rollup_info_free(info);
    cas_ledger_free(out);
    /* By first day: the one with a known first day goes in. */
    o.straddle = CAS_STRADDLE_FIRST;
    out = roll(l, &o, &info);
    ck_assert_uint_eq(cas_ledger_count(out), 1);
    ck_assert_str_eq(get(out, 0).citation, "rollup of open-end");
    ck_assert_uint_eq(summary(info).left_out, 1);
    cas_rollup_info_free(info);
    cas_ledger_free(out);
    cas_ledger_free(l);
}
END_TEST

START_TEST(bests_and_open_highs)
{
    cas_ledger *l = NULL, *out;
    cas_claim c;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, ev("a", "S", "x:1", "syria", "2025-03-01", "2025-03-01", 2, 4, 3));
    tu_add(l, ev("b", "S", "x:2", "syria", "2025-03-02", "2025-03-02", 5, 5, CAS_NONE));
    tu_add(l, ev("c", "T", "x:1", "syria", "2025-03-01", "2025-03-01", 2, CAS_OPEN, CAS_NONE));
    tu_add(l, ev("d", "T", "x:2", "syria", "2025-03-02", "2025-03-02", 1, 2, 2));
    out = roll(l, NULL, NULL);
    ck_assert_uint_eq(cas_ledger_count(out), 2);
    c = get(out, 0);
    ck_assert_int_eq(c.low, 7);
    ck_assert_int_eq(c.high, 9);
    ck_assert_int_eq(c.best, CAS_NONE); /* b has none */
    c = get(out, 1);
    ck_assert_int_eq(c.low, 3);
    ck_assert_int_eq(c.high, CAS_OPEN);
    ck_assert_int_eq(c.qualifier, CAS_QUAL_AT_LEAST);
    ck_assert_int_eq(c.best, CAS_NONE);
    cas_ledger_free(out);
    cas_ledger_free(l);
}
END_TEST

START_TEST(overflow_is_an_error)
{
    cas_ledger *l = NULL, *out = NULL;
    cas_rollup_info *info = NULL;
    cas_error e;
    int64_t big = INT64_MAX / 2 + 1;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, ev("a", "S", "x:1", "syria", "2025-03-01", "2025-03-01", big, big, big));
    tu_add(l, ev("b", "S", "x:2", "syria", "2025-03-02", "2025-03-02", big, big, big));
    cas_error_init(&e);
    ck_assert_int_eq(cas_rollup(&out, &info, l, NULL, &e), CAS_ERR_OVERFLOW);
    ck_assert_ptr_null(out);
    ck_assert_ptr_null(info);
    ck_assert_str_eq(e.field, "low");
    ck_assert_ptr_nonnull(strstr(e.message, "64 bits"));
    cas_ledger_free(l);

    /* Only the highs overflow. */
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, ev("a", "S", "x:1", "syria", "2025-03-01", "2025-03-01", 0, big, CAS_NONE));
    tu_add(l, ev("b", "S", "x:2", "syria", "2025-03-02", "2025-03-02", 0, big, CAS_NONE));
    ck_assert_int_eq(cas_rollup(&out, NULL, l, NULL, &e), CAS_ERR_OVERFLOW);
    ck_assert_str_eq(e.field, "high");
    cas_ledger_free(l);
}
END_TEST

/* Add the claims of @cs in the order @order. */
static cas_ledger *ledger_in_order(const cas_claim *cs, const size_t *order, size_t n)
{
    cas_ledger *l = NULL;
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    for (size_t i = 0; i < n; i++)
        tu_add(l, cs[order[i]]);
    return l;
}

START_TEST(ids_unique_and_order_independent)
{
    cas_claim cs[] = {
        ev("a", "S", "x:1", "syria/aleppo", "2025-03-01", "2025-03-01", 1, 2, 1),
        ev("b", "S:x", "x:2", "syria", "2025-03-02", "2025-03-02", 3, 3, 3),
        ev("c", "S", "x:3", "syria/idlib", "2025-04-02", "2025-04-02", 4, 5, 5),
        ev("d", "T", "x:1", "syria/aleppo", "2025-03-01", "2025-03-01", 1, 1, 1),
        ev("e", "S", "x:4", "syria/aleppo", "2025-03-20", "2025-03-20", 2, 2, 2),
        ev("f", "S", "x:5", "syria/aleppo", "2025-03-29", "2025-04-03", 7, 7, 7),
        ev("g", "S%3A", "x:2", "syria", "2025-03-02", "2025-03-02", 3, 3, 3),
    };
    const size_t fwd[] = {0, 1, 2, 3, 4, 5, 6}, back[] = {6, 5, 4, 3, 2, 1, 0},
                 mix[] = {3, 0, 6, 2, 5, 1, 4};
    const size_t *orders[] = {fwd, back, mix};
    cas_rollup_options o = opts(CAS_ROLLUP_MONTH, CAS_STRADDLE_SPLIT, 2);
    char *first = NULL;

    cs[5].scope.group = "civilians";
    for (size_t k = 0; k < 3; k++) {
        cas_ledger *l = ledger_in_order(cs, orders[k], 7), *out = roll(l, &o, NULL);
        char *snap = tu_snapshot(out);
        if (!first)
            first = snap;
        else {
            ck_assert_str_eq(snap, first);
            cas_free(snap);
        }
        /* Every id is unique (the ledger refused none) and valid. */
        for (size_t i = 0; i < cas_ledger_count(out); i++) {
            cas_claim c = get(out, i);
            size_t at = 0;
            ck_assert_int_eq(cas_claim_validate(&c, NULL), CAS_OK);
            ck_assert_int_eq(cas_ledger_find(out, c.id, &at), CAS_OK);
            ck_assert_uint_eq(at, i);
        }
        if (k == 0) {
            size_t at;
            /* The sources "S:x" and "S%3A" keep apart. */
            ck_assert_int_eq(cas_ledger_find(out, "rollup:S%3Ax:syria:2025-03:killed::", &at),
                             CAS_OK);
            ck_assert_int_eq(cas_ledger_find(out, "rollup:S%253A:syria:2025-03:killed::", &at),
                             CAS_OK);
            ck_assert_int_eq(
                cas_ledger_find(out, "rollup:S:syria/aleppo:2025-04:killed:civilians:", &at),
                CAS_OK);
        }
        cas_ledger_free(out);
        cas_ledger_free(l);
    }
    cas_free(first);
}
END_TEST

START_TEST(provenance_names_every_term)
{
    cas_ledger *l = NULL, *out;
    cas_rollup_info *info = NULL;
    cas_rollup_options o = opts(CAS_ROLLUP_YEAR, CAS_STRADDLE_LIST, 1);
    char id[32], ev_id[32];
    cas_claim_ref ref;
    size_t n = 0;
    cas_claim c;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    for (int i = 11; i >= 0; i--) { /* added backwards */
        snprintf(id, sizeof id, "c%02d", i);
        snprintf(ev_id, sizeof ev_id, "x:%d", i);
        tu_add(l, ev(id, "S", ev_id, "syria", "2025-03-01", "2025-03-01", 1, 1, 1));
    }
    o.max_cited = 3;
    out = roll(l, &o, &info);
    c = get(out, 0);
    ck_assert_str_eq(c.citation, "rollup of c00, c01, c02 and 9 more");
    ck_assert_str_eq(c.quote, "sum of 12 events");
    ck_assert_int_eq(cas_rollup_info_term(info, 0, 0, NULL, &n), CAS_OK);
    ck_assert_uint_eq(n, 12);
    cas_claim_ref_init(&ref);
    for (size_t k = 0; k < n; k++) {
        ck_assert_int_eq(cas_rollup_info_term(info, 0, k, &ref, NULL), CAS_OK);
        snprintf(id, sizeof id, "c%02zu", k);
        ck_assert_str_eq(ref.id, id);
        ck_assert_uint_eq(ref.index, 11 - k);
        ck_assert_str_eq(ref.source, "S");
    }
    ck_assert_int_eq(cas_rollup_info_term(info, 0, 12, &ref, NULL), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_rollup_info_term(info, 1, 0, NULL, &n), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_rollup_info_term(NULL, 0, 0, NULL, &n), CAS_ERR_ARG);
    cas_rollup_info_free(info);
    cas_ledger_free(out);
    cas_ledger_free(l);
}
END_TEST

START_TEST(what_is_left_out)
{
    cas_ledger *l = NULL, *out;
    cas_rollup_info *info = NULL;
    cas_claim whole = ev("whole", "S", "", "syria", "2025-03-01", "2025-03-31", 50, 50, 50);
    cas_claim old = ev("old", "S", "x:1", "syria", "2025-03-01", "2025-03-01", 1, 1, 1);
    cas_claim upd = ev("new", "S", "x:1", "syria", "2025-03-01", "2025-03-01", 4, 4, 4);
    cas_claim est = ev("est", "S", "x:2", "syria", "2025-03-02", "2025-03-02", 9, 9, 9);
    cas_claim doc = ev("doc", "S", "x:3", "syria", "2025-03-03", "2025-03-03", 2, 2, 2);
    cas_rollup_options o;
    cas_rollup_summary s;

    old.reported_on = tu_day("2025-03-02");
    upd.reported_on = tu_day("2025-03-05");
    est.basis = CAS_BASIS_ESTIMATED;
    doc.basis = CAS_BASIS_DOCUMENTED;
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, whole);
    tu_add(l, old);
    tu_add(l, upd);
    tu_add(l, est);
    tu_add(l, doc);
    out = roll(l, NULL, &info);
    ck_assert_uint_eq(cas_ledger_count(out), 1);
    ck_assert_int_eq(get(out, 0).low, 6); /* new + doc */
    ck_assert_int_eq(get(out, 0).basis, CAS_BASIS_REPORTED);
    ck_assert_int_eq(get(out, 0).reported_on, tu_day("2025-03-05"));
    s = summary(info);
    ck_assert_uint_eq(s.superseded, 1);
    ck_assert_uint_eq(s.without_event, 1);
    ck_assert_uint_eq(s.excluded, 1);
    ck_assert_uint_eq(s.summed, 2);
    ck_assert_uint_eq(s.mixed_basis, 1); /* reported and documented */
    cas_rollup_info_free(info);
    cas_ledger_free(out);
    /* Every basis: the estimate makes the sum an estimate. */
    cas_rollup_options_init(&o);
    o.bases = CAS_BASES_ALL;
    out = roll(l, &o, NULL);
    ck_assert_int_eq(get(out, 0).low, 15);
    ck_assert_int_eq(get(out, 0).basis, CAS_BASIS_ESTIMATED);
    cas_ledger_free(out);
    /* Documented only: the basis is kept. */
    o.bases = CAS_BASIS_BIT(CAS_BASIS_DOCUMENTED);
    out = roll(l, &o, NULL);
    ck_assert_int_eq(get(out, 0).low, 2);
    ck_assert_int_eq(get(out, 0).basis, CAS_BASIS_DOCUMENTED);
    cas_ledger_free(out);
    cas_ledger_free(l);
}
END_TEST

START_TEST(one_event_twice_is_an_overlap)
{
    cas_ledger *l = NULL, *out = NULL;
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, ev("a", "S", "x:1", "syria/aleppo", "2025-03-01", "2025-03-01", 1, 1, 1));
    tu_add(l, ev("b", "S", "x:1", "syria/idlib", "2025-03-02", "2025-03-02", 2, 2, 2));
    /* Apart by place at depth 2: fine. */
    cas_rollup_options o = opts(CAS_ROLLUP_MONTH, CAS_STRADDLE_LIST, 2);
    out = roll(l, &o, NULL);
    ck_assert_uint_eq(cas_ledger_count(out), 2);
    cas_ledger_free(out);
    out = NULL;
    /* Together at depth 1: the event would count twice. */
    ck_assert_int_eq(cas_rollup(&out, NULL, l, NULL, &e), CAS_ERR_OVERLAP);
    ck_assert_ptr_null(out);
    ck_assert_str_eq(e.field, "event");
    ck_assert_ptr_nonnull(strstr(e.message, "'a'"));
    ck_assert_ptr_nonnull(strstr(e.message, "'b'"));
    cas_ledger_free(l);

    /* An event and its sub-event, with another event sorted between them. */
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, ev("p", "S", "op-x", "syria", "2025-03-01", "2025-03-01", 1, 1, 1));
    tu_add(l, ev("q", "S", "op-x-2", "syria", "2025-03-01", "2025-03-01", 1, 1, 1));
    tu_add(l, ev("r", "S", "op-x/strike-3", "syria", "2025-03-02", "2025-03-02", 2, 2, 2));
    ck_assert_int_eq(cas_rollup(&out, NULL, l, NULL, &e), CAS_ERR_OVERLAP);
    ck_assert_ptr_nonnull(strstr(e.message, "'p'"));
    ck_assert_ptr_nonnull(strstr(e.message, "'r'"));
    cas_ledger_free(l);
}
END_TEST

/* @top, then @n - 2 segments "a", then @last: an event of @n segments. */
static char *deep_event(const char *top, size_t n, const char *last)
{
    size_t t = strlen(top), k = t;
    char *s = malloc(t + 2 * n + strlen(last) + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, top, t);
    for (size_t i = 1; i + 1 < n; i++) {
        s[k++] = '/';
        s[k++] = 'a';
    }
    s[k++] = '/';
    strcpy(s + k, last);
    return s;
}

/* Events of 32,767 segments (issue 20): each ancestor of each event was
 * searched for among the others, compared from its first byte; still apart
 * they add up, and an event with its sub-event is an overlap. */
START_TEST(long_events_are_checked_in_one_pass)
{
    enum { N = 32767, K = 64 };
    cas_ledger *l = NULL, *out = NULL;
    char *events[K], id[16], *sub;
    cas_error e;
    cas_claim c;

    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    for (int k = 0; k < K; k++) {
        char last[16];
        snprintf(last, sizeof last, "x%02d", k);
        events[k] = deep_event("e", N, last);
        snprintf(id, sizeof id, "c%d", k);
        tu_add(l, ev(id, "S", events[k], "syria", "2025-03-01", "2025-03-01", 1, 1, 1));
    }
    out = roll(l, NULL, NULL);
    ck_assert_uint_eq(cas_ledger_count(out), 1);
    c = get(out, 0);
    ck_assert_int_eq(c.low, K);
    ck_assert_str_eq(c.quote, "sum of 64 events");
    cas_ledger_free(out);
    out = NULL;
    /* the common ancestor of them all, one segment shorter: an overlap */
    sub = deep_event("e", N - 1, "a");
    tu_add(l, ev("up", "S", sub, "syria", "2025-03-02", "2025-03-02", 1, 1, 1));
    ck_assert_int_eq(cas_rollup(&out, NULL, l, NULL, &e), CAS_ERR_OVERLAP);
    ck_assert_ptr_null(out);
    ck_assert_str_eq(e.field, "event");
    ck_assert_ptr_nonnull(strstr(e.message, "'up'"));
    ck_assert_ptr_nonnull(strstr(e.message, "'c0'"));
    free(sub);
    for (int k = 0; k < K; k++)
        free(events[k]);
    cas_ledger_free(l);
}
END_TEST

START_TEST(bad_options)
{
    cas_ledger *l = straddling(), *out = NULL;
    cas_rollup_options o;
    cas_error e;

    cas_error_init(&e);
    o = opts(9, CAS_STRADDLE_LIST, 1);
    ck_assert_int_eq(cas_rollup(&out, NULL, l, &o, &e), CAS_ERR_VALUE);
    ck_assert_str_eq(e.field, "unit");
    o = opts(CAS_ROLLUP_DAY, -1, 1);
    ck_assert_int_eq(cas_rollup(&out, NULL, l, &o, &e), CAS_ERR_VALUE);
    ck_assert_str_eq(e.field, "straddle");
    o = opts(CAS_ROLLUP_DAY, CAS_STRADDLE_LIST, 1);
    o.bases = 0;
    ck_assert_int_eq(cas_rollup(&out, NULL, l, &o, &e), CAS_ERR_ARG);
    ck_assert_str_eq(e.field, "bases");
    o.bases = 0x10;
    ck_assert_int_eq(cas_rollup(&out, NULL, l, &o, &e), CAS_ERR_ARG);
    o = opts(CAS_ROLLUP_DAY, CAS_STRADDLE_LIST, 1);
    o.size = 4;
    ck_assert_int_eq(cas_rollup(&out, NULL, l, &o, &e), CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(e.message, "cas_rollup_options_init"));
    ck_assert_int_eq(cas_rollup(&out, NULL, NULL, NULL, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_rollup(NULL, NULL, l, NULL, &e), CAS_ERR_ARG);
    ck_assert_ptr_null(out);
    cas_ledger_free(l);
}
END_TEST

START_TEST(names)
{
    int32_t v = -1;
    ck_assert_str_eq(cas_rollup_unit_name(CAS_ROLLUP_QUARTER), "quarter");
    ck_assert_ptr_null(cas_rollup_unit_name(5));
    ck_assert_int_eq(cas_rollup_unit_from_name(&v, "week"), CAS_OK);
    ck_assert_int_eq(v, CAS_ROLLUP_WEEK);
    ck_assert_int_eq(cas_rollup_unit_from_name(&v, "fortnight"), CAS_ERR_VALUE);
    ck_assert_str_eq(cas_straddle_name(CAS_STRADDLE_SPLIT), "split");
    ck_assert_ptr_null(cas_straddle_name(3));
    ck_assert_int_eq(cas_straddle_from_name(&v, "first"), CAS_OK);
    ck_assert_int_eq(v, CAS_STRADDLE_FIRST);
    ck_assert_int_eq(cas_straddle_from_name(NULL, "first"), CAS_ERR_ARG);
}
END_TEST

START_TEST(rolled_up_datasets_reconcile_bucket_by_bucket)
{
    cas_ledger *l = NULL, *out;
    cas_reconciliation *r = NULL;
    cas_scope_result sr;
    cas_error e;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, ev("u1", "UCDP", "ucdp:1", "syria/aleppo", "2017-01-03", "2017-01-03", 2, 2, 2));
    tu_add(l, ev("u2", "UCDP", "ucdp:2", "syria/idlib", "2017-01-09", "2017-01-09", 3, 3, 3));
    tu_add(l, ev("a1", "ACLED", "acled:1", "syria/aleppo", "2017-01-04", "2017-01-04", 9, 9, 9));
    out = roll(l, NULL, NULL);
    cas_error_init(&e);
    ck_assert_int_eq(cas_reconcile_ledger(&r, out, NULL, &e), CAS_OK);
    ck_assert_uint_eq(cas_reconciliation_count(r), 1);
    cas_scope_result_init(&sr);
    ck_assert_int_eq(cas_reconciliation_get(r, 0, &sr), CAS_OK);
    ck_assert_uint_eq(sr.sources, 2);
    ck_assert_int_eq(sr.has_consensus, 0); /* 5 against 9 */
    ck_assert_int_eq(sr.envelope_low, 5);
    ck_assert_int_eq(sr.envelope_high, 9);
    cas_reconciliation_free(r);
    cas_ledger_free(out);
    cas_ledger_free(l);
}
END_TEST

START_TEST(empty_ledger_rolls_up_to_nothing)
{
    cas_ledger *l = NULL, *out;
    cas_rollup_info *info = NULL;
    size_t n = 9;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    out = roll(l, NULL, &info);
    ck_assert_uint_eq(cas_ledger_count(out), 0);
    ck_assert_uint_eq(summary(info).derived, 0);
    ck_assert_int_eq(cas_rollup_info_straddler(info, 0, NULL, &n), CAS_OK);
    ck_assert_uint_eq(n, 0);
    cas_rollup_info_free(info);
    cas_rollup_info_free(NULL);
    cas_ledger_free(out);
    cas_ledger_free(l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("rollup");
    TCase *t = tcase_create("rollup");
    tcase_add_test(t, months_sum_per_source_and_place);
    tcase_add_test(t, bucket_edges_per_unit);
    tcase_add_test(t, straddlers_are_listed_by_default);
    tcase_add_test(t, straddlers_placed_in_their_first_bucket);
    tcase_add_test(t, straddlers_split_with_remainders_first);
    tcase_add_test(t, unknown_ends_are_never_split);
    tcase_add_test(t, bests_and_open_highs);
    tcase_add_test(t, overflow_is_an_error);
    tcase_add_test(t, ids_unique_and_order_independent);
    tcase_add_test(t, provenance_names_every_term);
    tcase_add_test(t, what_is_left_out);
    tcase_add_test(t, one_event_twice_is_an_overlap);
    tcase_add_test(t, long_events_are_checked_in_one_pass);
    tcase_add_test(t, bad_options);
    tcase_add_test(t, names);
    tcase_add_test(t, rolled_up_datasets_reconcile_bucket_by_bucket);
    tcase_add_test(t, empty_ledger_rolls_up_to_nothing);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
