/* SPDX-License-Identifier: MIT */
/* Growth of the paths that hostile input attacked (issue 20): `growth PATH
 * N` builds an input of size N for PATH outside the measured part, then
 * runs PATH once inside growth_measured(). bench/growth.sh and
 * tests/growth.sh count the instructions of growth_measured() alone with
 * `valgrind --tool=callgrind --toggle-collect=growth_measured` at N, 2N,
 * 4N and 8N: a count, not a time, so a loaded machine changes nothing.
 *
 * Paths:
 *   lexer      the phrase parser over N unclosed "<ref " then N "<ref>"
 *   idhash     N claims whose ids all collide in the former, unkeyed hash
 *   lenient    a lenient load of N rejected rows
 *   plot       one scope of N conflicting claims: reconcile, then each
 *              claim's conflict flag (what casualty-plot draws)
 *   tolerance  one scope of N exact counts, every pair within a count
 *              tolerance but one: reconcile lists the one conflict
 *   matrix     the source matrix of N claims of two sources on one scope
 *   longpath   load, reconcile and sum by place four parts of a whole whose
 *              places have N segments (N at most 32,768: a field's limit)
 *   deep       propagation over N scopes in chains of fixed depth 32, each
 *              scope within the last in group, perpetrator, place and
 *              event at once. Fixed depth, not depth N: a path of depth N
 *              holds N segments, so the input itself would grow as N^2
 *              and the exponent would measure it, not the algorithm (and a
 *              field is at most CAS_FIELD_MAX bytes, so depth is bounded
 *              anyway). Before, each scope cost the product of its four
 *              paths' ancestors (depth^4 hash lookups).
 *   nested     propagation over N nested periods on one scope (before,
 *              N^2 / 2 edges)
 * `growth gen-by DIM N` writes a CSV of one whole and N parts by DIM
 * (place or period) for casualty-sum --by, which the scripts measure
 * whole. */
#include <casualty.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct input {
    char *text;
    size_t len;
    cas_ledger *ledger;
    char (*ids)[24];
    size_t n;
} input;

static void die(const char *what)
{
    fprintf(stderr, "growth: %s\n", what);
    exit(2);
}

/* The former cas__hash's state after the 8-byte block @w from state @h. */
static uint64_t old_block(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
}

/* Printable ASCII, none of the bytes that CSV, lists of ids or
 * spreadsheets read specially. */
static int plain(unsigned c)
{
    return c >= 0x21 && c <= 0x7E && !strchr("\",;()'\\", (int)c);
}

static int printable(uint64_t w)
{
    for (int k = 0; k < 8; k++)
        if (!plain((unsigned)(w >> (8 * k)) & 0xFF))
            return 0;
    return 1;
}

/* @n ids of 16 printable bytes with one state after their two blocks in
 * the former hash, so they all had one hash and one home slot: linear
 * probing walked them all at each insert (5.3 s for 100,000). */
static void colliding_ids(input *in, size_t n)
{
    const uint64_t h0 = 0x9E3779B97F4A7C15ull ^ 16u;
    uint64_t target = 0, seed = 1;
    size_t got = 0;

    in->ids = malloc(n * sizeof *in->ids);
    if (!in->ids)
        die("out of memory");
    while (got < n) {
        uint64_t w1 = 0, w2;
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        /* The first byte a letter, the rest plain. */
        w1 = (uint64_t)('a' + (seed >> 8) % 26);
        for (int k = 1; k < 8; k++)
            w1 |= (uint64_t)(0x21 + (seed >> (8 + 6 * k)) % 94) << (8 * k);
        if (!printable(w1))
            continue;
        if (!got)
            target = old_block(h0, w1) ^ 0x4141414141414141ull;
        w2 = old_block(h0, w1) ^ target;
        if (!printable(w2))
            continue;
        memcpy(in->ids[got], &w1, 8);
        memcpy(in->ids[got] + 8, &w2, 8);
        in->ids[got][16] = '\0';
        got++;
    }
    in->n = n;
}

static cas_claim claim(const char *id, const char *source, int64_t low, int64_t high)
{
    cas_claim c;
    cas_claim_init(&c);
    c.id = id;
    c.source = source;
    c.low = low;
    c.high = high;
    c.qualifier = high == CAS_OPEN ? CAS_QUAL_AT_LEAST
                  : high == low    ? CAS_QUAL_EXACT
                                   : CAS_QUAL_RANGE;
    c.scope.outcome = "killed";
    c.scope.place = "syria";
    return c;
}

static void add(cas_ledger *l, cas_claim c)
{
    cas_error e;
    cas_error_init(&e);
    if (cas_ledger_add(l, &c, &e) != CAS_OK)
        die(e.message);
}

/* One scope of @n claims of @sources sources: exact counts 100, 101, ...
 * (every two disjoint), ids "c0", "c1", ... */
static cas_ledger *one_scope(size_t n, int sources, input *in)
{
    cas_ledger *l = NULL;
    char src[24];
    in->ids = malloc((n ? n : 1) * sizeof *in->ids);
    if (!in->ids || cas_ledger_new(&l) != CAS_OK)
        die("out of memory");
    for (size_t i = 0; i < n; i++) {
        snprintf(in->ids[i], sizeof in->ids[i], "c%zu", i);
        snprintf(src, sizeof src, "S%zu", sources ? i % (size_t)sources : i);
        add(l, claim(in->ids[i], src, 100 + (int64_t)i, 100 + (int64_t)i));
    }
    return l;
}

/* A path of @depth segments under @root (static buffer @buf). */
static const char *deep_path(char *buf, size_t cap, const char *root, size_t chain, int depth)
{
    size_t k = (size_t)snprintf(buf, cap, "%s/c%zu", root, chain);
    for (int d = 1; d <= depth && k < cap; d++)
        k += (size_t)snprintf(buf + k, cap - k, "/s%d", d);
    return buf;
}

/* @n scopes in chains of depth 32 in four dimensions: the top of each
 * chain at most 1000, its bottom at least 10, the rest at least 1. */
static cas_ledger *deep_chains(size_t n, input *in)
{
    enum { DEPTH = 32 };
    static char paths[4][512];
    cas_ledger *l = NULL;
    in->ids = malloc(n * sizeof *in->ids);
    if (!in->ids || cas_ledger_new(&l) != CAS_OK)
        die("out of memory");
    for (size_t i = 0; i < n; i++) {
        int k = (int)(i % DEPTH) + 1;
        cas_claim c = claim(in->ids[i], "S",
                            k == DEPTH ? 10
                            : k == 1   ? 0
                                       : 1,
                            k == 1 ? 1000 : CAS_OPEN);
        snprintf(in->ids[i], sizeof in->ids[i], "d%zu", i);
        c.qualifier = k == 1 ? CAS_QUAL_RANGE : CAS_QUAL_AT_LEAST;
        c.scope.group = deep_path(paths[0], sizeof paths[0], "civilians", i / DEPTH, k);
        c.scope.perpetrator = deep_path(paths[1], sizeof paths[1], "government", i / DEPTH, k);
        c.scope.place = deep_path(paths[2], sizeof paths[2], "syria", i / DEPTH, k);
        c.scope.event = deep_path(paths[3], sizeof paths[3], "e", i / DEPTH, k);
        add(l, c);
    }
    return l;
}

/* @n nested periods on one scope, the i-th i days either side of
 * 2000-01-01: the innermost at least n, the outermost at most 2n, the rest
 * at least 1. */
static cas_ledger *nested_periods(size_t n, input *in)
{
    cas_ledger *l = NULL;
    int32_t mid;
    if (cas_date_parse(&mid, "2000-01-01", 10) != CAS_OK)
        die("date");
    in->ids = malloc(n * sizeof *in->ids);
    if (!in->ids || cas_ledger_new(&l) != CAS_OK)
        die("out of memory");
    for (size_t i = 0; i < n; i++) {
        int64_t low = i == 0 ? (int64_t)n : i == n - 1 ? 0 : 1;
        cas_claim c = claim(in->ids[i], "S", low, i == n - 1 ? 2 * (int64_t)n : CAS_OPEN);
        snprintf(in->ids[i], sizeof in->ids[i], "n%zu", i);
        c.scope.period_start = mid - (int32_t)i;
        c.scope.period_end = mid + (int32_t)i;
        add(l, c);
    }
    return l;
}

static volatile size_t sink;

#define LONGPATH_PARTS 4

/* A CSV of the whole "s" and LONGPATH_PARTS parts, two claims each, whose
 * places have @n one-byte segments: s/a/a/.../a/b, .../c and so on. */
static char *longpath_csv(size_t n, size_t *len)
{
    const char *head = "id,source,outcome,place,period_start,period_end,low,high\n"
                       "w,S,killed,s,2000-01-01,2000-12-31,4,\n";
    size_t h = strlen(head), row = 2 * n + 64, used;
    char *s;
    if (n < 2 || n > 32768)
        die("longpath: N from 2 to 32768 (a place has at most 65,536 bytes)");
    if (!(s = malloc(h + 2 * LONGPATH_PARTS * row)))
        die("out of memory");
    memcpy(s, head, h);
    used = h;
    for (int k = 0; k < LONGPATH_PARTS; k++)
        for (int c = 0; c < 2; c++) {
            used += (size_t)sprintf(s + used, "%c%d,%s,killed,s", c ? 'd' : 'c', k, c ? "T" : "S");
            for (size_t i = 1; i + 1 < n; i++) {
                s[used++] = '/';
                s[used++] = 'a';
            }
            used += (size_t)sprintf(s + used, "/%c,2000-01-01,2000-12-31,1,%d\n", 'b' + k, 1 + c);
        }
    s[used] = '\0';
    *len = used;
    return s;
}

/* The part the scripts count (never inlined, so callgrind can find it). */
__attribute__((noinline)) static void growth_measured(const char *path, input *in)
{
    cas_error e;
    cas_error_init(&e);
    if (!strcmp(path, "lexer")) {
        cas_phrase_result *r = NULL;
        if (cas_phrase_parse(&r, NULL, in->text, in->len, CAS_PHRASE_PROSE, &e) != CAS_OK)
            die(e.message);
        sink = cas_phrase_result_count(r);
        cas_phrase_result_free(r);
    } else if (!strcmp(path, "idhash")) {
        cas_ledger *l = NULL;
        size_t idx;
        if (cas_ledger_new(&l) != CAS_OK)
            die("out of memory");
        for (size_t i = 0; i < in->n; i++)
            add(l, claim(in->ids[i], "S", 1, 1));
        for (size_t i = 0; i < in->n; i++)
            if (cas_ledger_find(l, in->ids[i], &idx) != CAS_OK || idx != i)
                die("an id is lost");
        cas_ledger_free(l);
    } else if (!strcmp(path, "lenient")) {
        cas_ledger *l = NULL;
        cas_rejects *r = NULL;
        if (cas_ledger_new(&l) != CAS_OK ||
            cas_csv_load_buffer_lenient(l, in->text, in->len, "bad.csv", &r, &e) != CAS_OK)
            die(e.message);
        sink = cas_rejects_count(r);
        cas_rejects_free(r);
        cas_ledger_free(l);
    } else if (!strcmp(path, "plot") || !strcmp(path, "tolerance")) {
        cas_reconciliation *r = NULL;
        cas_reconcile_options o;
        cas_claim c = claim("", "", 0, 0);
        size_t count = 0, in_conflict = 0;
        cas_reconcile_options_init(&o);
        if (!strcmp(path, "tolerance")) {
            o.tolerance_kind = CAS_TOLERANCE_COUNT;
            o.tolerance = (double)in->n; /* all but the pair with the far one */
        }
        if (cas_reconcile_scope(&r, in->ledger, &c.scope, &o, &e) != CAS_OK)
            die(e.message);
        cas_reconciliation_claim(r, 0, 0, NULL, &count);
        for (size_t k = 0; k < count; k++) {
            int f = 0;
            cas_reconciliation_claim_conflicts(r, 0, k, &f);
            in_conflict += (size_t)f;
        }
        sink = in_conflict;
        cas_reconciliation_free(r);
    } else if (!strcmp(path, "matrix")) {
        cas_matrix *m = NULL;
        if (cas_matrix_new(&m, in->ledger, NULL, &e) != CAS_OK)
            die(e.message);
        sink = cas_matrix_count(m);
        cas_matrix_free(m);
    } else if (!strcmp(path, "longpath")) {
        cas_ledger *l = NULL;
        cas_reconciliation *r = NULL;
        size_t parts[LONGPATH_PARTS], np = 0, count;
        cas_scope_result res;
        cas_sum sum;
        if (cas_ledger_new(&l) != CAS_OK ||
            cas_csv_load_buffer(l, in->text, in->len, "long.csv", &e) != CAS_OK ||
            cas_reconcile_ledger(&r, l, NULL, &e) != CAS_OK)
            die(e.message);
        count = cas_reconciliation_count(r);
        for (size_t k = 0; k < count; k++) {
            cas_scope_result_init(&res);
            if (cas_reconciliation_get(r, k, &res) != CAS_OK)
                die("a scope is lost");
            if (strcmp(res.scope.place, "s") && np < LONGPATH_PARTS)
                parts[np++] = k;
        }
        cas_sum_init(&sum);
        if (np != LONGPATH_PARTS ||
            cas_sum_results(&sum, r, parts, np, CAS_RESULT_ENVELOPE, &e) != CAS_OK)
            die(np != LONGPATH_PARTS ? "a part is lost" : e.message);
        if (sum.low != LONGPATH_PARTS)
            die("the sum is wrong");
        sink = (size_t)sum.high;
        cas_reconciliation_free(r);
        cas_ledger_free(l);
    } else if (!strcmp(path, "deep") || !strcmp(path, "nested")) {
        cas_reconciliation *r = NULL;
        cas_propagation *p = NULL;
        if (cas_reconcile_ledger(&r, in->ledger, NULL, &e) != CAS_OK ||
            cas_propagation_new(&p, r, CAS_RESULT_CONSENSUS, &e) != CAS_OK ||
            cas_propagation_run(p, &e) != CAS_OK)
            die(e.message);
        sink = cas_propagation_count(p);
        cas_propagation_free(p);
        cas_reconciliation_free(r);
    } else {
        die("unknown path (lexer, idhash, lenient, plot, tolerance, matrix, longpath, deep, "
            "nested)");
    }
}

static char *repeat(const char *unit, size_t n, const char *tail, size_t *len)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *s = malloc(u * n + t + 1);
    if (!s)
        die("out of memory");
    for (size_t i = 0; i < n; i++)
        memcpy(s + u * i, unit, u);
    memcpy(s + u * n, tail, t + 1);
    *len = u * n + t;
    return s;
}

/* A CSV of the whole and @n parts of it by @dim, one claim each. */
static void gen_by(const char *dim, size_t n)
{
    int period = !strcmp(dim, "period");
    if (!period && strcmp(dim, "place"))
        die("gen-by: place or period");
    printf("id,source,outcome,place,period_start,period_end,low,high\n");
    printf("w,S,killed,syria,2000-01-01,2099-12-31,%zu,\n", n);
    for (size_t i = 0; i < n; i++) {
        if (period) /* one day each, all within the whole */
            printf("p%zu,S,killed,syria,%04zu-%02zu-%02zu,%04zu-%02zu-%02zu,1,1\n", i,
                   2000 + i / 336, 1 + i / 28 % 12, 1 + i % 28, 2000 + i / 336, 1 + i / 28 % 12,
                   1 + i % 28);
        else
            printf("p%zu,S,killed,syria/r%zu,2000-01-01,2099-12-31,1,1\n", i, i);
    }
}

int main(int argc, char **argv)
{
    input in = {0};
    size_t n;
    const char *path;

    if (argc == 4 && !strcmp(argv[1], "gen-by")) {
        gen_by(argv[2], strtoul(argv[3], NULL, 10));
        return 0;
    }
    if (argc != 3 || (n = strtoul(argv[2], NULL, 10)) == 0)
        die("usage: growth PATH N | growth gen-by place|period N");
    path = argv[1];
    if (!strcmp(path, "lexer")) {
        size_t a, b;
        char *x = repeat("<ref ", n, "", &a), *y = repeat("<ref>", n, " 5 killed", &b);
        in.text = malloc(a + b + 2);
        if (!in.text)
            die("out of memory");
        memcpy(in.text, x, a);
        in.text[a] = '\n';
        memcpy(in.text + a + 1, y, b + 1);
        in.len = a + 1 + b;
        free(x);
        free(y);
    } else if (!strcmp(path, "idhash")) {
        colliding_ids(&in, n);
    } else if (!strcmp(path, "lenient")) {
        /* The header, then N rows whose low is no number. */
        const char *head = "id,source,outcome,low\n";
        char *rows = repeat("r,S,killed,x\n", n, "", &in.len);
        size_t h = strlen(head);
        if (!(in.text = malloc(h + in.len + 1)))
            die("out of memory");
        memcpy(in.text, head, h);
        memcpy(in.text + h, rows, in.len + 1);
        in.len += h;
        free(rows);
    } else if (!strcmp(path, "plot")) {
        in.ledger = one_scope(n, 0, &in);
    } else if (!strcmp(path, "tolerance")) {
        in.ledger = one_scope(n, 0, &in);
        add(in.ledger, claim("far", "far", 100 + 3 * (int64_t)n, 100 + 3 * (int64_t)n));
    } else if (!strcmp(path, "matrix")) {
        in.ledger = one_scope(n, 2, &in);
    } else if (!strcmp(path, "longpath")) {
        in.text = longpath_csv(n, &in.len);
    } else if (!strcmp(path, "deep")) {
        in.ledger = deep_chains(n, &in);
    } else if (!strcmp(path, "nested")) {
        in.ledger = nested_periods(n, &in);
    }
    growth_measured(path, &in);
    cas_ledger_free(in.ledger);
    free(in.ids);
    free(in.text);
    return 0;
}
