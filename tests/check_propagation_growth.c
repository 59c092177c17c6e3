/* SPDX-License-Identifier: MIT */
/* The propagation's edges stay linear on deep paths and nested periods
 * (issue 20): an edge to each minimal container only (the covering
 * relation of scope containment), checked on a chain of nested periods, on
 * a chain of scopes deep in four dimensions, and against a brute-force
 * containment on small random ledgers. Links the internal library to count
 * and read the edges. */
#include "testutil.h"

#include "propagation_internal.h"

static void add(cas_ledger *l, const char *id, cas_scope s, int64_t low, int64_t high)
{
    cas_claim c = tu_claim(id, "S", low, high);
    cas_error e;
    c.scope = s;
    cas_error_init(&e);
    ck_assert_msg(cas_ledger_add(l, &c, &e) == CAS_OK, "%s", e.message);
}

static cas_propagation *propagate(const cas_ledger *l)
{
    cas_reconciliation *r = NULL;
    cas_propagation *p = NULL;
    cas_error e;
    cas_error_init(&e);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_propagation_new(&p, r, CAS_RESULT_CONSENSUS, NULL), CAS_OK);
    cas_reconciliation_free(r);
    ck_assert_msg(cas_propagation_run(p, &e) == CAS_OK, "%s", e.message);
    return p;
}

static cas_bounds bounds_of(const cas_propagation *p, const cas_scope *s)
{
    cas_bounds b;
    size_t i = 0;
    cas_bounds_init(&b);
    ck_assert_int_eq(cas_propagation_find(p, s, &i), CAS_OK);
    ck_assert_int_eq(cas_propagation_get(p, i, &b), CAS_OK);
    return b;
}

/* The ids a bound rests on, joined with ' ' (static buffer). */
static const char *why(const cas_propagation *p, const cas_scope *s, int bound)
{
    static char buf[4096];
    size_t i = 0, n = 0;
    buf[0] = '\0';
    ck_assert_int_eq(cas_propagation_find(p, s, &i), CAS_OK);
    ck_assert_int_eq(cas_propagation_provenance(p, i, bound, 0, NULL, &n), CAS_OK);
    for (size_t k = 0; k < n && strlen(buf) < sizeof buf - 64; k++) {
        cas_claim_ref c = {.size = sizeof c};
        ck_assert_int_eq(cas_propagation_provenance(p, i, bound, k, &c, NULL), CAS_OK);
        if (k)
            strcat(buf, " ");
        strcat(buf, c.id);
    }
    return buf;
}

/* ------------------------------------------------------------------ */

/* N nested periods on one scope: the innermost says at least N, the
 * outermost at most 2N, the rest at least 1. Before, every period had an
 * edge to every period around it (N^2 / 2 edges: 32,000 periods took 45 s
 * and 4 GB); now N - 1 edges carry the floor up and the ceiling down. */
START_TEST(nested_periods_chain)
{
    enum { N = 20000 };
    cas_ledger *l = NULL;
    cas_propagation *p;
    cas_scope s, inner, outer;
    int32_t mid = tu_day("2000-01-01");
    char id[32], first[32], last[32];
    cas_bounds b;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    cas_scope_init(&s);
    s.outcome = "killed";
    s.place = "syria";
    for (int i = 0; i < N; i++) {
        s.period_start = mid - i;
        s.period_end = mid + i;
        snprintf(id, sizeof id, "n%d", i);
        add(l, id, s, i == 0 ? N : i == N - 1 ? 0 : 1, i == N - 1 ? 2 * N : CAS_OPEN);
    }
    p = propagate(l);
    ck_assert_uint_eq(cas_propagation_count(p), N);
    ck_assert_uint_eq(cas__propagation_nedges(p), N - 1);
    ck_assert_uint_eq(cas_propagation_conflicts(p), 0);
    inner = outer = s;
    inner.period_start = inner.period_end = mid;
    outer.period_start = mid - (N - 1);
    outer.period_end = mid + (N - 1);
    snprintf(first, sizeof first, "n%d", 0);
    snprintf(last, sizeof last, "n%d", N - 1);
    b = bounds_of(p, &outer);
    ck_assert_int_eq(b.low, N);
    ck_assert_int_eq(b.low_rule, CAS_RULE_PART);
    ck_assert_str_eq(why(p, &outer, CAS_PROPAGATED_LOW), first);
    ck_assert_int_eq(b.high, 2 * N);
    ck_assert_str_eq(why(p, &outer, CAS_PROPAGATED_HIGH), last);
    b = bounds_of(p, &inner);
    ck_assert_int_eq(b.low, N);
    ck_assert_str_eq(why(p, &inner, CAS_PROPAGATED_LOW), first);
    ck_assert_int_eq(b.high, 2 * N);
    ck_assert_int_eq(b.high_rule, CAS_RULE_WHOLE);
    ck_assert_str_eq(why(p, &inner, CAS_PROPAGATED_HIGH), last);
    cas_propagation_free(p);
    cas_ledger_free(l);
}
END_TEST

/* A path of @depth segments under @root: "root/s1/s2/...". */
static void deep_path(char *buf, size_t cap, const char *root, int depth)
{
    size_t n = (size_t)snprintf(buf, cap, "%s", root);
    for (int k = 1; k <= depth && n < cap; k++)
        n += (size_t)snprintf(buf + n, cap - n, "/s%d", k);
}

/* A chain of scopes each within the last in group, perpetrator, place
 * and event at once, depth 1 to 100. Before, each node looked up the
 * product of its paths' ancestors (depth 100: 101^4 lookups; the chain
 * took 58 s); now the containing scopes are found through one dimension
 * and the chain gets depth - 1 edges. */
START_TEST(deep_chain_in_four_dimensions)
{
    enum { DEPTH = 100 };
    static char paths[DEPTH + 1][4][1024];
    cas_ledger *l = NULL;
    cas_propagation *p;
    cas_scope s[DEPTH + 1];
    char id[32];
    cas_bounds b;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    for (int k = 1; k <= DEPTH; k++) {
        deep_path(paths[k][0], sizeof paths[k][0], "civilians", k);
        deep_path(paths[k][1], sizeof paths[k][1], "government", k);
        deep_path(paths[k][2], sizeof paths[k][2], "syria", k);
        deep_path(paths[k][3], sizeof paths[k][3], "e", k);
        cas_scope_init(&s[k]);
        s[k].outcome = "killed";
        s[k].group = paths[k][0];
        s[k].perpetrator = paths[k][1];
        s[k].place = paths[k][2];
        s[k].event = paths[k][3];
        snprintf(id, sizeof id, "d%d", k);
        /* the top at most 1000, the bottom at least 10, the rest at least 1 */
        add(l, id, s[k], k == DEPTH ? 10 : k == 1 ? 0 : 1, k == 1 ? 1000 : CAS_OPEN);
    }
    p = propagate(l);
    ck_assert_uint_eq(cas_propagation_count(p), DEPTH);
    ck_assert_uint_eq(cas__propagation_nedges(p), DEPTH - 1);
    b = bounds_of(p, &s[1]);
    ck_assert_int_eq(b.low, 10);
    ck_assert_int_eq(b.low_rule, CAS_RULE_PART);
    ck_assert_str_eq(why(p, &s[1], CAS_PROPAGATED_LOW), "d100");
    ck_assert_int_eq(b.high, 1000);
    ck_assert_str_eq(why(p, &s[1], CAS_PROPAGATED_HIGH), "d1");
    b = bounds_of(p, &s[DEPTH]);
    ck_assert_int_eq(b.low, 10);
    ck_assert_str_eq(why(p, &s[DEPTH], CAS_PROPAGATED_LOW), "d100");
    ck_assert_int_eq(b.high, 1000);
    ck_assert_int_eq(b.high_rule, CAS_RULE_WHOLE);
    ck_assert_str_eq(why(p, &s[DEPTH], CAS_PROPAGATED_HIGH), "d1");
    b = bounds_of(p, &s[DEPTH / 2]);
    ck_assert_int_eq(b.low, 10);
    ck_assert_int_eq(b.high, 1000);
    cas_propagation_free(p);
    cas_ledger_free(l);
}
END_TEST

/* A node in conflict takes no part in the rules, but the bounds still
 * pass around it: with every contained pair an edge, the innermost and
 * the outermost period had an edge of their own; now only the covering
 * edges through the middle one, which passes them on. */
START_TEST(bounds_pass_around_a_conflict)
{
    cas_ledger *l = NULL;
    cas_propagation *p;
    cas_scope w, m, y;
    cas_bounds b;

    cas_scope_init(&w);
    w.outcome = "killed";
    w.place = "syria";
    w.period_start = tu_day("2025-03-01");
    w.period_end = tu_day("2025-03-30");
    m = y = w;
    m.period_end = tu_day("2025-03-20");
    y.period_end = tu_day("2025-03-10");
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, "w", w, 0, 100);
    add(l, "m", m, 0, 5); /* below y's floor: in conflict */
    add(l, "y", y, 10, CAS_OPEN);
    p = propagate(l);
    ck_assert_uint_eq(cas__propagation_nedges(p), 2);
    ck_assert_int_eq(bounds_of(p, &m).conflict, 1);
    b = bounds_of(p, &y);
    ck_assert_int_eq(b.conflict, 0);
    ck_assert_int_eq(b.high, 100);
    ck_assert_int_eq(b.high_rule, CAS_RULE_WHOLE);
    ck_assert_str_eq(why(p, &y, CAS_PROPAGATED_HIGH), "w");
    b = bounds_of(p, &w);
    ck_assert_int_eq(b.conflict, 0);
    ck_assert_int_eq(b.low, 10);
    ck_assert_int_eq(b.low_rule, CAS_RULE_PART);
    ck_assert_str_eq(why(p, &w, CAS_PROPAGATED_LOW), "y");
    cas_propagation_free(p);
    cas_ledger_free(l);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Random ledgers against brute force                                  */

static uint64_t rng_state = 20261206;

static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(rng_state >> 33) % n;
}

static const char *pick(const char *const *v, size_t n)
{
    return v[rnd((unsigned)n)];
}

#define PICK(v) pick(v, sizeof v / sizeof *v)

static int edge_between(const cas_propagation *p, size_t a, size_t b)
{
    for (size_t e = 0; e < p->nedges; e += 2)
        if (p->edges[e] == a && p->edges[e + 1] == b)
            return 1;
    return 0;
}

/* Small random ledgers whose scopes nest in every dimension, under the
 * default vocabulary (`killed` within `casualties`): the edges' reach is
 * exactly the brute-force containment of every pair, the edges are
 * exactly the covering pairs (no container between), and the bounds obey
 * every containment (a whole's low at least a part's, a part's high at
 * most a whole's) unless a conflict stopped them. */
START_TEST(random_ledgers_match_brute_force)
{
    static const char *const outcomes[] = {"killed", "casualties", "wounded", "captured", "killed"};
    static const char *const groups[] = {"", "civilians", "civilians/children", "fighters",
                                         "civilians/children/girls"};
    static const char *const perps[] = {"", "government", "government/army"};
    static const char *const places[] = {"", "syria", "syria/a", "syria/a/b", "syria/c"};
    static const char *const events[] = {"", "e1", "e1/x", "e2"};
    int32_t base = tu_day("2025-03-01");
    size_t checked_pairs = 0, total_edges = 0;

    for (int iter = 0; iter < 600; iter++) {
        cas_ledger *l = NULL;
        cas_propagation *p;
        unsigned nclaims = 2 + rnd(45);
        char id[32];
        const cas_vocab *v;

        ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
        for (unsigned i = 0; i < nclaims; i++) {
            cas_scope s;
            int64_t low = rnd(50), high = rnd(4) ? low + rnd(200) : CAS_OPEN;
            cas_scope_init(&s);
            s.outcome = PICK(outcomes);
            s.group = PICK(groups);
            s.perpetrator = PICK(perps);
            s.place = PICK(places);
            s.event = PICK(events);
            if (rnd(5)) {
                s.period_start = base + (int32_t)rnd(10);
                s.period_end = s.period_start + (int32_t)rnd(10);
            } else {
                s.period_start = rnd(2) ? CAS_DATE_UNKNOWN : base + (int32_t)rnd(10);
                s.period_end = CAS_DATE_UNKNOWN;
            }
            snprintf(id, sizeof id, "r%u", i);
            add(l, id, s, low, high);
        }
        p = propagate(l);
        v = p->vocab;
        size_t n = p->n;
        unsigned char *within = calloc(n * n, 1), *reach = calloc(n * n, 1);
        size_t *stack = malloc(n * sizeof *stack);
        ck_assert(within && reach && stack);
        for (size_t a = 0; a < n; a++)
            for (size_t b = 0; b < n; b++) {
                cas_scope x, y;
                int w = 0;
                if (a == b)
                    continue;
                cas__node_scope(p, &p->nodes[a], &x);
                cas__node_scope(p, &p->nodes[b], &y);
                ck_assert_int_eq(cas__scope_within(v, &x, &y, &w, NULL), CAS_OK);
                within[a * n + b] = (unsigned char)w;
            }
        /* What the edges reach from each node. */
        for (size_t a = 0; a < n; a++) {
            size_t top = 0;
            stack[top++] = a;
            while (top) {
                size_t x = stack[--top];
                for (size_t e = 0; e < p->nedges; e += 2)
                    if (p->edges[e] == x && !reach[a * n + p->edges[e + 1]]) {
                        reach[a * n + p->edges[e + 1]] = 1;
                        stack[top++] = p->edges[e + 1];
                    }
            }
        }
        for (size_t a = 0; a < n; a++)
            for (size_t b = 0; b < n; b++) {
                if (a == b)
                    continue;
                ck_assert_msg(reach[a * n + b] == within[a * n + b],
                              "iteration %d: node %zu %s node %zu", iter, a,
                              within[a * n + b] ? "lies within but does not reach"
                                                : "reaches but does not lie within",
                              b);
                if (!within[a * n + b])
                    continue;
                /* A covering pair has an edge; any other pair none. */
                int covers = 1;
                for (size_t c = 0; c < n && covers; c++)
                    if (within[a * n + c] && within[c * n + b])
                        covers = 0;
                ck_assert_msg(edge_between(p, a, b) == covers, "iteration %d: edge %zu -> %zu",
                              iter, a, b);
                const node *x = &p->nodes[a], *y = &p->nodes[b];
                if (x->conflict || y->conflict)
                    continue;
                ck_assert_int_ge(y->low, x->low);
                if (y->high != CAS_OPEN)
                    ck_assert(x->high != CAS_OPEN && x->high <= y->high);
                checked_pairs++;
            }
        total_edges += p->nedges / 2;
        free(within);
        free(reach);
        free(stack);
        cas_propagation_free(p);
        cas_ledger_free(l);
    }
    /* The ledgers did nest: the test compared something. */
    ck_assert_uint_gt(checked_pairs, 500);
    ck_assert_uint_gt(total_edges, 500);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("propagation_growth");
    TCase *tc = tcase_create("growth");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, nested_periods_chain);
    tcase_add_test(tc, deep_chain_in_four_dimensions);
    tcase_add_test(tc, bounds_pass_around_a_conflict);
    tcase_add_test(tc, random_ledgers_match_brute_force);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
