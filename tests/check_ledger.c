/* SPDX-License-Identifier: MIT */
/* The ledger: add, get, find, revisions (kept by adds and loads alike),
 * selection by scope. */
#include "testutil.h"

static cas_ledger *new_ledger(void)
{
    cas_ledger *l = NULL;
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_ptr_nonnull(l);
    return l;
}

START_TEST(new_free_and_null)
{
    cas_ledger *l = new_ledger();
    ck_assert_uint_eq(cas_ledger_count(l), 0);
    ck_assert_uint_eq(cas_ledger_count(NULL), 0);
    ck_assert_int_eq(cas_ledger_new(NULL), CAS_ERR_ARG);
    cas_ledger_free(l);
    cas_ledger_free(NULL);
}
END_TEST

START_TEST(add_get_find)
{
    cas_ledger *l = new_ledger();
    cas_claim c = tu_claim("sohr-1", "SOHR", 1700, 1700), out;
    char quote[64];
    size_t idx = 99;

    snprintf(quote, sizeof quote, "1,700 civilians killed (per SOHR)");
    c.quote = quote;
    c.citation = "Wikipedia";
    c.source_kind = "monitor";
    c.relay = "Reuters";
    c.basis = CAS_BASIS_DOCUMENTED;
    c.reported_on = tu_day("2025-03-13");
    ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    /* The ledger copied the strings. */
    memset(quote, 'X', sizeof quote - 1);
    ck_assert_uint_eq(cas_ledger_count(l), 1);
    cas_claim_init(&out);
    ck_assert_int_eq(cas_ledger_get(l, 0, &out), CAS_OK);
    ck_assert_str_eq(out.id, "sohr-1");
    ck_assert_str_eq(out.source, "SOHR");
    ck_assert_str_eq(out.source_kind, "monitor");
    ck_assert_str_eq(out.relay, "Reuters");
    ck_assert_str_eq(out.citation, "Wikipedia");
    ck_assert_str_eq(out.quote, "1,700 civilians killed (per SOHR)");
    ck_assert_str_eq(out.scope.outcome, "killed");
    ck_assert_str_eq(out.scope.group, "civilians");
    ck_assert_str_eq(out.scope.perpetrator, "");
    ck_assert_str_eq(out.scope.place, "syria");
    ck_assert_int_eq(out.scope.period_start, tu_day("2025-03-06"));
    ck_assert_int_eq(out.scope.period_end, tu_day("2025-03-12"));
    ck_assert_int_eq(out.reported_on, tu_day("2025-03-13"));
    ck_assert_int_eq(out.low, 1700);
    ck_assert_int_eq(out.high, 1700);
    ck_assert_int_eq(out.best, CAS_NONE);
    ck_assert_int_eq(out.qualifier, CAS_QUAL_EXACT);
    ck_assert_int_eq(out.basis, CAS_BASIS_DOCUMENTED);
    ck_assert_int_eq(cas_ledger_find(l, "sohr-1", &idx), CAS_OK);
    ck_assert_uint_eq(idx, 0);
    idx = 7;
    ck_assert_int_eq(cas_ledger_find(l, "nope", &idx), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_ledger_find(l, "SOHR", &idx), CAS_ERR_NOT_FOUND); /* a string, not an id */
    ck_assert_uint_eq(idx, 7);
    ck_assert_int_eq(cas_ledger_get(l, 1, &out), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_ledger_get(NULL, 0, &out), CAS_ERR_ARG);
    ck_assert_int_eq(cas_ledger_find(l, NULL, &idx), CAS_ERR_ARG);
    out.size = 4;
    ck_assert_int_eq(cas_ledger_get(l, 0, &out), CAS_ERR_ARG);
    cas_ledger_free(l);
}
END_TEST

START_TEST(failed_add_changes_nothing)
{
    cas_ledger *l = new_ledger();
    cas_claim c = tu_claim("a", "SOHR", 10, 10);
    cas_error e;
    char *before, *after;

    ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    before = tu_snapshot(l);
    cas_error_init(&e);
    c = tu_claim("a", "SNHR", 5, 5);
    ck_assert_int_eq(cas_ledger_add(l, &c, &e), CAS_ERR_DUPLICATE);
    ck_assert_str_eq(e.field, "id");
    ck_assert_ptr_nonnull(strstr(e.message, "'a'"));
    c = tu_claim("b", "SNHR", 5, 4);
    ck_assert_int_eq(cas_ledger_add(l, &c, &e), CAS_ERR_RANGE);
    ck_assert_int_eq(cas_ledger_add(l, NULL, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_ledger_add(NULL, &c, &e), CAS_ERR_ARG);
    ck_assert_uint_eq(cas_ledger_count(l), 1);
    after = tu_snapshot(l);
    ck_assert_str_eq(before, after);
    /* "b" was rejected, so it is free to use. */
    c = tu_claim("b", "SNHR", 5, 5);
    ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    cas_free(before);
    cas_free(after);
    cas_ledger_free(l);
}
END_TEST

START_TEST(revisions_latest_report_is_current)
{
    cas_ledger *l = new_ledger();
    cas_claim c;
    int32_t cur = -1;
    const char *ids[] = {"old", "new", "undated", "other-source", "other-scope", "tie-1", "tie-2"};

    c = tu_claim("old", "SOHR", 100, CAS_OPEN);
    c.reported_on = tu_day("2025-03-08");
    ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    c = tu_claim("new", "SOHR", 1700, 1700);
    c.reported_on = tu_day("2025-03-15");
    ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    c = tu_claim("undated", "SOHR", 500, 500);
    ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    c = tu_claim("other-source", "SNHR", 823, 823);
    c.reported_on = tu_day("2025-03-01");
    ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    c = tu_claim("other-scope", "SOHR", 4, 4);
    c.scope.group = "civilians/alawite";
    c.reported_on = tu_day("2025-03-01");
    ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    c = tu_claim("tie-1", "ISW", 4, 4);
    c.reported_on = tu_day("2025-03-02");
    ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    c = tu_claim("tie-2", "ISW", 6, 6);
    c.reported_on = tu_day("2025-03-02");
    ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    const int expect[] = {0, 1, 0, 1, 1, 1, 1};
    for (size_t i = 0; i < 7; i++) {
        size_t idx;
        ck_assert_int_eq(cas_ledger_find(l, ids[i], &idx), CAS_OK);
        ck_assert_int_eq(cas_ledger_is_current(l, idx, &cur), CAS_OK);
        ck_assert_msg(cur == expect[i], "%s: current %d, expected %d", ids[i], cur, expect[i]);
    }
    /* A newer report supersedes the one that was current. */
    c = tu_claim("newest", "SOHR", 1800, 1800);
    c.reported_on = tu_day("2025-04-01");
    ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    ck_assert_int_eq(cas_ledger_is_current(l, 1, &cur), CAS_OK);
    ck_assert_int_eq(cur, 0);
    ck_assert_int_eq(cas_ledger_is_current(l, 7, &cur), CAS_OK);
    ck_assert_int_eq(cur, 1);
    ck_assert_int_eq(cas_ledger_is_current(l, 8, &cur), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_ledger_is_current(l, 0, NULL), CAS_ERR_ARG);
    cas_ledger_free(l);
}
END_TEST

static void add_scoped(cas_ledger *l, const char *id, const char *source, const char *group,
                       const char *place, const char *from, const char *to, int64_t n)
{
    cas_claim c = tu_claim(id, source, n, n);
    c.scope.group = group;
    c.scope.place = place;
    c.scope.period_start = tu_day(from);
    c.scope.period_end = tu_day(to);
    ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
}

static void fill(cas_ledger *l, int reverse)
{
    struct {
        const char *id, *src, *group, *place, *from, *to;
        int64_t n;
    } rows[] = {
        {"w1", "SOHR", "civilians", "syria", "2025-03-06", "2025-03-12", 1700},
        {"w2", "SNHR", "civilians", "syria", "2025-03-06", "2025-03-12", 823},
        {"p1", "SNHR", "civilians", "syria/latakia", "2025-03-06", "2025-03-08", 164},
        {"p2", "SOHR", "civilians/alawite", "syria/latakia", "2025-03-06", "2025-03-12", 701},
        {"x1", "SOHR", "combatants", "syria", "2025-03-06", "2025-03-12", 315},
        {"o1", "SOHR", "civilians", "syria", "2025-03-10", "2025-03-20", 50},
    };
    size_t n = sizeof rows / sizeof rows[0];
    for (size_t k = 0; k < n; k++) {
        size_t i = reverse ? n - 1 - k : k;
        add_scoped(l, rows[i].id, rows[i].src, rows[i].group, rows[i].place, rows[i].from,
                   rows[i].to, rows[i].n);
    }
}

static void selected_ids(cas_ledger *l, uint32_t rel, char *out, size_t size)
{
    cas_scope s;
    size_t idx[16], n = 0;
    cas_claim c;

    cas_scope_init(&s);
    s.outcome = "killed";
    s.group = "civilians";
    s.place = "syria";
    s.period_start = tu_day("2025-03-06");
    s.period_end = tu_day("2025-03-12");
    ck_assert_int_eq(cas_ledger_select(l, &s, rel, 1, idx, 16, &n), CAS_OK);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        cas_claim_init(&c);
        ck_assert_int_eq(cas_ledger_get(l, idx[i], &c), CAS_OK);
        strncat(out, c.id, size - strlen(out) - 2);
        strcat(out, " ");
    }
}

START_TEST(select_by_relation_independent_of_order)
{
    char a[128], b[128];
    uint32_t rels[] = {
        CAS_SELECT(CAS_SCOPE_SAME),
        CAS_SELECT(CAS_SCOPE_WITHIN),
        CAS_SELECT(CAS_SCOPE_SAME) | CAS_SELECT(CAS_SCOPE_WITHIN),
        CAS_SELECT(CAS_SCOPE_DISJOINT),
        CAS_SELECT(CAS_SCOPE_OVERLAPPING),
        CAS_SELECT(CAS_SCOPE_CONTAINS),
    };
    const char *expect[] = {"w1 w2 ", "p1 p2 ", "p1 p2 w1 w2 ", "x1 ", "o1 ", ""};
    cas_ledger *l1 = new_ledger(), *l2 = new_ledger();

    fill(l1, 0);
    fill(l2, 1);
    for (size_t i = 0; i < sizeof rels / sizeof rels[0]; i++) {
        selected_ids(l1, rels[i], a, sizeof a);
        selected_ids(l2, rels[i], b, sizeof b);
        ck_assert_str_eq(a, expect[i]);
        ck_assert_str_eq(b, expect[i]);
    }
    cas_ledger_free(l1);
    cas_ledger_free(l2);
}
END_TEST

START_TEST(select_counts_and_capacity)
{
    cas_ledger *l = new_ledger();
    cas_scope all;
    size_t n = 0, idx[2] = {777, 777};

    fill(l, 0);
    cas_scope_init(&all);
    ck_assert_int_eq(cas_ledger_select(l, &all, CAS_SELECT(CAS_SCOPE_WITHIN), 0, NULL, 0, &n),
                     CAS_OK);
    ck_assert_uint_eq(n, 6);
    ck_assert_int_eq(cas_ledger_select(l, &all, CAS_SELECT(CAS_SCOPE_WITHIN), 0, idx, 1, &n),
                     CAS_OK);
    ck_assert_uint_eq(n, 6);
    ck_assert_uint_ne(idx[0], 777);
    ck_assert_uint_eq(idx[1], 777); /* capacity respected */
    ck_assert_int_eq(cas_ledger_select(l, NULL, 1, 0, NULL, 0, &n), CAS_ERR_ARG);
    ck_assert_int_eq(cas_ledger_select(l, &all, 1, 0, NULL, 3, &n), CAS_ERR_ARG);
    ck_assert_int_eq(cas_ledger_select(l, &all, 1, 0, NULL, 0, NULL), CAS_ERR_ARG);
    cas_ledger_free(l);
}
END_TEST

/* ---- revision flags: adding one by one, in any order, or loading ----
 * The rule (ledger.h) checked against the ledger by brute force: a claim
 * is current unless a claim of the same source on the same scope has a
 * later reported_on (an unknown day is older than any day). */

#define NREV 72
#define REV_HEADER "id,source,outcome,group,place,period_start,period_end,reported_on,low,high\n"

/* Row @i of a CSV whose sources report on a few scopes many times: the
 * same day twice (ties), no day at all, older and newer days. */
static void rev_row(int i, char *out, size_t size)
{
    static const char *sources[] = {"SOHR", "SNHR", "ISW"};
    static const char *groups[] = {"civilians", "civilians", "combatants"};
    static const char *places[] = {"syria", "syria/coast", "syria/coast"};
    static const char *ends[] = {"2025-03-12", "2025-03-12", "2025-03-08"};
    static const char *days[] = {"",           "2025-03-01", "2025-03-05", "2025-03-05",
                                 "2025-03-09", "2025-03-02", "2025-03-09"};
    int v = (i / 3) % 3;
    snprintf(out, size, "g%02d,%s,killed,%s,%s,2025-03-06,%s,%s,%d,%d\n", i, sources[i % 3],
             groups[v], places[v], ends[v], days[(i * 5 + i / 9) % 7], 10 + i, 20 + 2 * i);
}

/* The CSV text of rows [from, to) with a header; the caller frees it. */
static char *rev_csv(int from, int to)
{
    char *text = malloc(sizeof REV_HEADER + (size_t)NREV * 96);
    ck_assert_ptr_nonnull(text);
    strcpy(text, REV_HEADER);
    for (int i = from; i < to; i++)
        rev_row(i, text + strlen(text), 96);
    return text;
}

static int same_scope_and_source(const cas_claim *a, const cas_claim *b)
{
    return strcmp(a->source, b->source) == 0 && strcmp(a->scope.outcome, b->scope.outcome) == 0 &&
           strcmp(a->scope.group, b->scope.group) == 0 &&
           strcmp(a->scope.perpetrator, b->scope.perpetrator) == 0 &&
           strcmp(a->scope.place, b->scope.place) == 0 &&
           a->scope.period_start == b->scope.period_start &&
           a->scope.period_end == b->scope.period_end;
}

/* Check every flag of @l against the rule; returns how many are current. */
static size_t check_flags_by_rule(const cas_ledger *l)
{
    size_t n = cas_ledger_count(l), current = 0;
    for (size_t i = 0; i < n; i++) {
        cas_claim a, b;
        int32_t flag = -1, expect = 1;
        cas_claim_init(&a);
        ck_assert_int_eq(cas_ledger_get(l, i, &a), CAS_OK);
        for (size_t j = 0; j < n && expect; j++) {
            cas_claim_init(&b);
            ck_assert_int_eq(cas_ledger_get(l, j, &b), CAS_OK);
            if (same_scope_and_source(&a, &b) && b.reported_on > a.reported_on)
                expect = 0;
        }
        ck_assert_int_eq(cas_ledger_is_current(l, i, &flag), CAS_OK);
        ck_assert_msg(flag == expect, "%s: current %d, the rule says %d (of %zu claims)", a.id,
                      (int)flag, (int)expect, n);
        current += (size_t)flag;
    }
    return current;
}

/* Every claim of @a has the same flag in @b, found by id, and @b has no
 * other claims. */
static void same_flags(const cas_ledger *a, const cas_ledger *b)
{
    ck_assert_uint_eq(cas_ledger_count(a), cas_ledger_count(b));
    for (size_t i = 0; i < cas_ledger_count(a); i++) {
        cas_claim c;
        size_t at;
        int32_t fa = -1, fb = -1;
        cas_claim_init(&c);
        ck_assert_int_eq(cas_ledger_get(a, i, &c), CAS_OK);
        ck_assert_int_eq(cas_ledger_find(b, c.id, &at), CAS_OK);
        ck_assert_int_eq(cas_ledger_is_current(a, i, &fa), CAS_OK);
        ck_assert_int_eq(cas_ledger_is_current(b, at, &fb), CAS_OK);
        ck_assert_msg(fa == fb, "%s: %d after a load, %d after adds", c.id, (int)fa, (int)fb);
    }
}

/* Order @k of the rows: as written, reversed, or shuffled by seed. */
static void rev_order(int k, int *order)
{
    uint32_t x = 2463534242u + (uint32_t)k * 7919u;
    for (int i = 0; i < NREV; i++)
        order[i] = k == 1 ? NREV - 1 - i : i;
    if (k < 2)
        return;
    for (int i = NREV - 1; i > 0; i--) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        int j = (int)(x % (uint32_t)(i + 1)), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
}

/* Add row @i of the revisions CSV, copied from @loaded, to @l. */
static void add_row_of(cas_ledger *l, const cas_ledger *loaded, int i)
{
    char id[16];
    size_t at;
    cas_claim c;
    snprintf(id, sizeof id, "g%02d", i);
    ck_assert_int_eq(cas_ledger_find(loaded, id, &at), CAS_OK);
    cas_claim_init(&c);
    ck_assert_int_eq(cas_ledger_get(loaded, at, &c), CAS_OK);
    ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
}

START_TEST(adds_in_any_order_flag_as_a_load_does)
{
    cas_ledger *loaded = new_ledger();
    char *csv = rev_csv(0, NREV);
    int order[NREV];
    size_t current;
    cas_error e;

    cas_error_init(&e);
    ck_assert_msg(cas_csv_load_buffer(loaded, csv, strlen(csv), "revisions", &e) == CAS_OK, "%s",
                  e.message);
    ck_assert_uint_eq(cas_ledger_count(loaded), NREV);
    current = check_flags_by_rule(loaded);
    /* The rows do have revisions, and ties among the current ones. */
    ck_assert_uint_gt(current, 9);
    ck_assert_uint_lt(current, NREV / 2);
    for (int k = 0; k < 6; k++) {
        cas_ledger *l = new_ledger();
        rev_order(k, order);
        for (int i = 0; i < NREV; i++) {
            add_row_of(l, loaded, order[i]);
            check_flags_by_rule(l); /* right after every add, not only at the end */
        }
        same_flags(loaded, l);
        cas_ledger_free(l);
    }
    /* Some claims added one by one, the rest loaded on top of them. */
    const int splits[] = {1, 10, NREV / 2, NREV - 1};
    for (size_t k = 0; k < sizeof splits / sizeof splits[0]; k++) {
        cas_ledger *l = new_ledger();
        char *rest = rev_csv(splits[k], NREV);
        rev_order(2 + (int)k, order);
        for (int i = 0; i < splits[k]; i++)
            add_row_of(l, loaded, i);
        check_flags_by_rule(l);
        ck_assert_msg(cas_csv_load_buffer(l, rest, strlen(rest), "rest", &e) == CAS_OK, "%s",
                      e.message);
        check_flags_by_rule(l);
        same_flags(loaded, l);
        free(rest);
        cas_ledger_free(l);
    }
    free(csv);
    cas_ledger_free(loaded);
}
END_TEST

/* Every flag of @l, as a string of 0s and 1s; the caller frees it. */
static char *flags_of(const cas_ledger *l)
{
    size_t n = cas_ledger_count(l);
    char *s = malloc(n + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n; i++) {
        int32_t f = -1;
        ck_assert_int_eq(cas_ledger_is_current(l, i, &f), CAS_OK);
        s[i] = (char)('0' + f);
    }
    s[n] = '\0';
    return s;
}

START_TEST(failed_add_or_load_leaves_flags_alone)
{
    cas_ledger *l = new_ledger();
    char *csv = rev_csv(0, NREV / 2), *flags, *snap, *after, *after_snap;
    cas_claim c;
    size_t at;
    cas_error e;
    /* The first two rows supersede what is current in g00's group; the
     * third starts a group; the fourth is bad, so the load fails. */
    const char *bad =
        REV_HEADER "late-1,SOHR,killed,civilians,syria,2025-03-06,2025-03-12,2025-04-01,1,2\n"
                   "late-2,SOHR,killed,civilians,syria,2025-03-06,2025-03-12,2025-04-01,3,4\n"
                   "fresh,MSF,killed,civilians,syria,2025-03-06,2025-03-12,2025-04-01,5,6\n"
                   "broken,SOHR,killed,civilians,syria,2025-03-06,2025-03-12,2025-04-02,9,1\n";

    cas_error_init(&e);
    ck_assert_int_eq(cas_csv_load_buffer(l, csv, strlen(csv), "revisions", &e), CAS_OK);
    check_flags_by_rule(l);
    flags = flags_of(l);
    snap = tu_snapshot(l);
    ck_assert_ptr_nonnull(strchr(flags, '0'));

    /* A duplicate id and an invalid claim, both newer than anything. */
    ck_assert_int_eq(cas_ledger_find(l, "g00", &at), CAS_OK);
    cas_claim_init(&c);
    ck_assert_int_eq(cas_ledger_get(l, at, &c), CAS_OK);
    c.id = "g03";
    c.reported_on = tu_day("2026-01-01");
    ck_assert_int_eq(cas_ledger_add(l, &c, &e), CAS_ERR_DUPLICATE);
    c.id = "late-0";
    c.high = c.low - 1;
    ck_assert_int_ne(cas_ledger_add(l, &c, &e), CAS_OK);
    /* A strict load that fails on its last row, then a lenient one that
     * fails on a quote left open. */
    ck_assert_int_ne(cas_csv_load_buffer(l, bad, strlen(bad), "bad", &e), CAS_OK);
    {
        const char *open_quote = REV_HEADER
            "late-3,SOHR,killed,civilians,syria,2025-03-06,2025-03-12,2025-04-01,1,2\n"
            "late-4,SOHR,killed,civilians,syria,2025-03-06,2025-03-12,2025-04-01,\"3,4\n";
        cas_rejects *rejects = NULL;
        ck_assert_int_ne(
            cas_csv_load_buffer_lenient(l, open_quote, strlen(open_quote), "open", &rejects, &e),
            CAS_OK);
        ck_assert_ptr_null(rejects);
    }
    after = flags_of(l);
    after_snap = tu_snapshot(l);
    ck_assert_str_eq(after, flags);
    ck_assert_str_eq(after_snap, snap);
    check_flags_by_rule(l);
    ck_assert_int_eq(cas_ledger_find(l, "late-2", &(size_t){0}), CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_ledger_find(l, "fresh", &(size_t){0}), CAS_ERR_NOT_FOUND);

    /* The groups are intact: the same claims now go in, one by one or as
     * a load, and supersede exactly what the rule says. */
    cas_claim_init(&c);
    ck_assert_int_eq(cas_ledger_get(l, at, &c), CAS_OK);
    c.id = "late-1";
    c.reported_on = tu_day("2025-04-01");
    ck_assert_int_eq(cas_ledger_add(l, &c, &e), CAS_OK);
    check_flags_by_rule(l);
    {
        int32_t f = -1;
        ck_assert_int_eq(cas_ledger_is_current(l, at, &f), CAS_OK);
        ck_assert_int_eq(f, 0);
    }
    {
        char *rest = rev_csv(NREV / 2, NREV);
        ck_assert_msg(cas_csv_load_buffer(l, rest, strlen(rest), "rest", &e) == CAS_OK, "%s",
                      e.message);
        free(rest);
    }
    ck_assert_uint_eq(cas_ledger_count(l), NREV + 1);
    check_flags_by_rule(l);
    free(csv);
    free(flags);
    free(after);
    cas_free(snap);
    cas_free(after_snap);
    cas_ledger_free(l);
}
END_TEST

START_TEST(many_claims_share_strings)
{
    cas_ledger *l = new_ledger();
    char id[32];
    cas_claim c, a, b;

    for (int i = 0; i < 20000; i++) {
        snprintf(id, sizeof id, "c%05d", i);
        c = tu_claim(id, i % 2 ? "SOHR" : "SNHR", i, i);
        ck_assert_int_eq(cas_ledger_add(l, &c, NULL), CAS_OK);
    }
    ck_assert_uint_eq(cas_ledger_count(l), 20000);
    cas_claim_init(&a);
    cas_claim_init(&b);
    ck_assert_int_eq(cas_ledger_get(l, 1, &a), CAS_OK);
    ck_assert_int_eq(cas_ledger_get(l, 19999, &b), CAS_OK);
    /* Repeated strings are stored once. */
    ck_assert_ptr_eq(a.source, b.source);
    ck_assert_ptr_eq(a.scope.group, b.scope.group);
    for (int i = 0; i < 20000; i += 997) {
        size_t idx;
        snprintf(id, sizeof id, "c%05d", i);
        ck_assert_int_eq(cas_ledger_find(l, id, &idx), CAS_OK);
        ck_assert_uint_eq(idx, (size_t)i);
    }
    cas_ledger_free(l);
}
END_TEST

/* The vocabulary (docs/model.md section 10): paths are stored canonical,
 * the ones given are kept, a failed load keeps nothing of its rows. */
START_TEST(paths_are_stored_canonical)
{
    static const char csv[] = "id,source,outcome,group,perpetrator,place,low\n"
                              "a,S,detained/captured,insurgents,,syria,10\n"
                              "b,S,killed,\"women\",combatants/government,syria,5\n"
                              "c,S,killed,civilians,,syria,7\n";
    static const char bad[] = "id,source,outcome,group,low\n"
                              "d,S,detained/captured,children,1\n"
                              "e,S,killed,civilians,x\n";
    cas_ledger *l = NULL;
    cas_claim c;
    cas_scope o;
    char *out = NULL;
    size_t len = 0;
    int32_t rewritten = -1;
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_ptr_nonnull(cas_ledger_vocabulary(l));
    ck_assert_msg(cas_csv_load_buffer(l, csv, strlen(csv), "v.csv", &e) == CAS_OK, "%s", e.message);
    cas_claim_init(&c);
    ck_assert_int_eq(cas_ledger_get(l, 0, &c), CAS_OK);
    ck_assert_str_eq(c.scope.outcome, "captured");
    ck_assert_str_eq(c.scope.group, "combatants/insurgents");
    ck_assert_int_eq(cas_ledger_get(l, 1, &c), CAS_OK);
    ck_assert_str_eq(c.scope.group, "civilians/women");
    ck_assert_str_eq(c.scope.perpetrator, "government");
    cas_scope_init(&o);
    ck_assert_int_eq(cas_ledger_original(l, 1, &o, &rewritten), CAS_OK);
    ck_assert_int_eq(rewritten, 1);
    ck_assert_str_eq(o.group, "women");
    ck_assert_str_eq(o.perpetrator, "combatants/government");
    ck_assert_str_eq(o.place, "syria");
    ck_assert_int_eq(cas_ledger_original(l, 2, &o, &rewritten), CAS_OK);
    ck_assert_int_eq(rewritten, 0);
    ck_assert_str_eq(o.group, "civilians");
    ck_assert_int_eq(cas_ledger_original(l, 3, &o, NULL), CAS_ERR_NOT_FOUND);
    /* A load that fails keeps nothing; the next claim's original is its own. */
    ck_assert_int_ne(cas_csv_load_buffer(l, bad, strlen(bad), "bad.csv", &e), CAS_OK);
    ck_assert_uint_eq(cas_ledger_count(l), 3);
    c = tu_claim("f", "S", 1, 1);
    c.scope.group = "journalists";
    tu_add(l, c);
    ck_assert_int_eq(cas_ledger_original(l, 3, &o, &rewritten), CAS_OK);
    ck_assert_int_eq(rewritten, 1);
    ck_assert_str_eq(o.group, "journalists");
    /* The same claim under both spellings is one scope. */
    c = tu_claim("g", "T", 2, 2);
    c.scope.group = "civilians/journalists";
    tu_add(l, c);
    {
        cas_reconciliation *r = NULL;
        cas_scope want = tu_claim("x", "x", 0, 0).scope;
        want.group = "civilians/journalists";
        ck_assert_int_eq(cas_reconcile_scope(&r, l, &want, NULL, &e), CAS_OK);
        ck_assert_uint_eq(cas_reconciliation_count(r), 1);
        cas_reconciliation_free(r);
    }
    /* Saved canonical. */
    ck_assert_int_eq(cas_csv_save_string(&out, &len, l, &e), CAS_OK);
    ck_assert_ptr_nonnull(strstr(out, "\na,S,,,reported,captured,combatants/insurgents,,syria,"));
    cas_free(out);
    /* The vocabulary is set before any claim. */
    {
        cas_vocab *v = NULL;
        ck_assert_int_eq(cas_vocab_new_default(&v, NULL), CAS_OK);
        ck_assert_int_eq(cas_ledger_set_vocabulary(l, v, &e), CAS_ERR_ARG);
        ck_assert_ptr_nonnull(strstr(e.message, "already holds 5 claims"));
        ck_assert_int_eq(cas_ledger_set_vocabulary(NULL, v, &e), CAS_ERR_ARG);
        cas_vocab_free(v);
    }
    cas_ledger_free(l);
}
END_TEST

START_TEST(a_users_vocabulary)
{
    static const char text[] = "group kids -> civilians/children\n";
    cas_ledger *l = NULL;
    cas_vocab *v = NULL;
    cas_claim c = tu_claim("a", "S", 3, 3);
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_vocab_new_default(&v, NULL), CAS_OK);
    ck_assert_int_eq(cas_vocab_extend_buffer(v, text, strlen(text), "user", &e), CAS_OK);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_int_eq(cas_ledger_set_vocabulary(l, v, &e), CAS_OK);
    cas_vocab_free(v); /* the ledger has its own copy */
    c.scope.group = "kids/girls";
    tu_add(l, c);
    cas_claim_init(&c);
    ck_assert_int_eq(cas_ledger_get(l, 0, &c), CAS_OK);
    ck_assert_str_eq(c.scope.group, "civilians/children/girls");
    cas_ledger_free(l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("ledger");
    TCase *tc = tcase_create("ledger");
    tcase_add_test(tc, new_free_and_null);
    tcase_add_test(tc, add_get_find);
    tcase_add_test(tc, failed_add_changes_nothing);
    tcase_add_test(tc, revisions_latest_report_is_current);
    tcase_add_test(tc, select_by_relation_independent_of_order);
    tcase_add_test(tc, select_counts_and_capacity);
    tcase_add_test(tc, many_claims_share_strings);
    tcase_add_test(tc, adds_in_any_order_flag_as_a_load_does);
    tcase_add_test(tc, failed_add_or_load_leaves_flags_alone);
    tcase_add_test(tc, paths_are_stored_canonical);
    tcase_add_test(tc, a_users_vocabulary);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
