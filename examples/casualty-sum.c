/* SPDX-License-Identifier: MIT */
/* casualty-sum: what the claims say across scopes (casualty/aggregate.h).
 *
 * With --by DIMENSION: the total over disjoint scopes. The scope given by
 * the scope options is the whole; its parts are the scopes that equal it
 * in every other dimension and lie within it in DIMENSION (the largest
 * such, so that none is counted twice), e.g. killed on the coast on 6-12
 * March --by group: civilians + government forces + insurgents. Their
 * envelopes and consensus ranges are added by interval arithmetic
 * (cas_sum_results), which refuses scopes that overlap and a consensus
 * that is empty.
 *
 * Without --by: the propagation of bounds through the scope hierarchy
 * (cas_propagation_run): a whole is at least its part and at least the sum
 * of its disjoint parts, a part at most its whole less the other parts.
 * Every bound that moves is printed with the rule that moved it and the
 * claims it now rests on; a range that empties is a conflict between the
 * claims on its two sides.
 *
 * usage: casualty-sum [OPTIONS] [FILE]   (see --help) */
#include "common.h"
#include "shown_internal.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_BY = EX_OPT_FIRST_FREE, OPT_RANGE, OPT_ALL };

static const struct option long_options[] = {
    EX_FORMAT_OPTION,
    {"by", required_argument, NULL, OPT_BY},
    {"range", required_argument, NULL, OPT_RANGE},
    {"all", no_argument, NULL, OPT_ALL},
    EX_BASES_OPTION,
    EX_BEST_OPTION,
    EX_COMMON_OPTIONS,
};

static const char help[] =
    "Totals and bounds across the scopes of a claims CSV (docs/csv.md).\n"
    "With --by DIMENSION: the total of the scope given by the scope options over\n"
    "its parts in that dimension (e.g. --by group: civilians + combatants), its\n"
    "envelope and consensus added by interval arithmetic.\n"
    "Without --by: the propagation of bounds between wholes and parts (a whole\n"
    "is at least each part and the sum of its disjoint parts; a part is at most\n"
    "the whole less the other parts), every tightened bound with the rule and\n"
    "the claims behind it, and the conflicts propagation finds; the scope\n"
    "options keep the scopes within the one given.\n" EX_BUNDLED_HELP "\n"
    "Options:\n" EX_FORMAT_HELP
    "      --by DIMENSION      total over outcome, group, perpetrator, place,\n"
    "                          event or period\n"
    "      --range RANGE       propagate from each scope's consensus (the\n"
    "                          default) or envelope\n"
    "      --all               list every scope, not only those whose bounds moved\n" EX_BASES_HELP
        EX_BEST_HELP;

enum dim { D_OUTCOME, D_GROUP, D_PERPETRATOR, D_PLACE, D_EVENT, D_PERIOD, NDIMS };
static const char *const dim_names[NDIMS] = {"outcome", "group", "perpetrator",
                                             "place",   "event", "period"};

static const char *path_of(const cas_scope *s, int d)
{
    return d == D_OUTCOME       ? s->outcome
           : d == D_GROUP       ? s->group
           : d == D_PERPETRATOR ? s->perpetrator
           : d == D_PLACE       ? s->place
                                : s->event;
}

/* How dimension @d of @a relates to that of @b (paths, or periods). */
static cas_scope_rel dim_relation(const cas_scope *a, const cas_scope *b, int d)
{
    cas_scope pa, pb;
    if (d != D_PERIOD)
        return cas_path_relation(path_of(a, d), path_of(b, d));
    /* Periods: compare two scopes that differ in nothing else. */
    cas_scope_init(&pa);
    cas_scope_init(&pb);
    pa.outcome = pb.outcome = "x";
    pa.period_start = a->period_start;
    pa.period_end = a->period_end;
    pb.period_start = b->period_start;
    pb.period_end = b->period_end;
    return cas_scope_relation(&pa, &pb);
}

/* ---- totals over disjoint parts -------------------------------------- */

/* A scope's best as the tables print it: "-" when it has none, and
 * marked when no source reported it (docs/model.md section 13). */
static void best_text(char *buf, size_t size, int64_t best, int32_t kind)
{
    if (best == CAS_NONE)
        ex_fmt(buf, size, "-");
    else if (kind == CAS_BEST_MIDPOINT)
        ex_fmt(buf, size, "%lld (midpoint)", (long long)best);
    else
        ex_fmt(buf, size, "%lld", (long long)best);
}

/* A count as a tidy cell: empty for @none (an open high, no best). */
static void count_cell(char *buf, size_t size, int64_t v, int64_t none)
{
    if (v == none)
        buf[0] = '\0';
    else
        ex_fmt(buf, size, "%lld", (long long)v);
}

/* A day as a tidy cell: YYYY-MM-DD, empty when unknown. */
static void day_cell(char *buf, size_t size, int32_t day)
{
    buf[0] = '\0';
    if (day != CAS_DATE_UNKNOWN)
        cas_date_format(buf, size, day);
}

/* One row of the tidy totals (CSV; JSON Lines come from cas_sum_results_jsonl()): @row is part, total or
 * whole; @sc the part's scope (NULL for the total); counts CAS_OPEN or
 * CAS_NONE are empty cells, and so is a negative @sources. */
typedef struct tidy_total {
    const char *row;
    const cas_scope *sc;
    int64_t claims, sources, env_low, env_high;
    int cons; /* 1 consensus, 0 conflict, -1 none computed */
    int64_t cons_low, cons_high, best;
    const char *best_kind, *note;
} tidy_total;

static int add_tidy_total(ex_table *t, int by, const tidy_total *v)
{
    char num[7][24], a[16] = "", b[16] = "";
    const char *row[13];
    int n = 0;
    row[n++] = v->row;
    if (by == D_PERIOD) {
        if (v->sc) {
            day_cell(a, sizeof a, v->sc->period_start);
            day_cell(b, sizeof b, v->sc->period_end);
        }
        row[n++] = a;
        row[n++] = b;
    } else {
        row[n++] = v->sc ? path_of(v->sc, by) : "";
    }
    count_cell(num[0], sizeof num[0], v->claims, -1);
    count_cell(num[1], sizeof num[1], v->sources < 0 ? -1 : v->sources, -1);
    count_cell(num[2], sizeof num[2], v->env_low, -2);
    count_cell(num[3], sizeof num[3], v->env_high, CAS_OPEN);
    count_cell(num[4], sizeof num[4], v->cons > 0 ? v->cons_low : -1, -1);
    count_cell(num[5], sizeof num[5], v->cons > 0 ? v->cons_high : CAS_OPEN, CAS_OPEN);
    count_cell(num[6], sizeof num[6], v->best, CAS_NONE);
    row[n++] = num[0];
    row[n++] = num[1];
    row[n++] = num[2];
    row[n++] = num[3];
    row[n++] = v->cons > 0 ? "yes" : v->cons == 0 ? "no" : "";
    row[n++] = num[4];
    row[n++] = num[5];
    row[n++] = num[6];
    row[n++] = v->best == CAS_NONE ? "" : v->best_kind;
    row[n++] = v->note ? v->note : "";
    return ex_table_add(t, row);
}

/* A sum's best: the sum of the bests, or why there is none. */
static void sum_best_text(char *buf, size_t size, const cas_sum *s)
{
    if (s->without_best)
        ex_fmt(buf, size, "none (%u of %u terms lack one)", (unsigned)s->without_best,
               (unsigned)s->terms);
    else if (s->midpoint_bests)
        ex_fmt(buf, size, "%lld (%u midpoint%s)", (long long)s->best, (unsigned)s->midpoint_bests,
               s->midpoint_bests == 1 ? "" : "s");
    else
        ex_fmt(buf, size, "%lld", (long long)s->best);
}

/* Tree order of paths: '/' sorts below every other byte, so a path comes
 * right before its descendants, which follow it in one run. */
static int tree_cmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)(a ? a : ""),
                        *y = (const unsigned char *)(b ? b : "");
    for (;; x++, y++) {
        unsigned cx = *x == '/' ? 1u : *x, cy = *y == '/' ? 1u : *y;
        if (cx != cy)
            return cx < cy ? -1 : 1;
        if (!cx)
            return 0;
    }
}

/* Days with an unknown end read as open on that side, as the library
 * reads them. */
static int64_t day_lo(int32_t d)
{
    return d == CAS_DATE_UNKNOWN ? INT64_MIN : d;
}

static int64_t day_hi(int32_t d)
{
    return d == CAS_DATE_UNKNOWN ? INT64_MAX : d;
}

typedef struct {
    const cas_scope *scope;
    size_t part;
} part_key;

static int by_dim; /* the dimension part_cmp sorts on (one sort at a time) */

/* Paths in tree order; periods by start, the longest first. */
static int part_cmp(const void *x, const void *y)
{
    const cas_scope *a = ((const part_key *)x)->scope, *b = ((const part_key *)y)->scope;
    if (by_dim != D_PERIOD)
        return tree_cmp(path_of(a, by_dim), path_of(b, by_dim));
    if (day_lo(a->period_start) != day_lo(b->period_start))
        return day_lo(a->period_start) < day_lo(b->period_start) ? -1 : 1;
    if (day_hi(a->period_end) != day_hi(b->period_end))
        return day_hi(a->period_end) > day_hi(b->period_end) ? -1 : 1;
    return 0;
}

/* Keep, of the @n parts (indices into @res), those within no other in
 * dimension @by, in their order; returns how many. One sort and one sweep,
 * O(n log n): in tree order a part within another follows the outermost
 * part kept before it; by start, a period lies within an earlier one when
 * that one ends later, or as late but starts earlier. */
static size_t outermost(const cas_scope_result *res, size_t *parts, size_t n, int by)
{
    part_key *k = malloc((n ? n : 1) * sizeof *k);
    unsigned char *keep = calloc(n ? n : 1, 1);
    size_t m = 0;

    if (!k || !keep) { /* out of memory: the pairwise rule, slow but sure */
        free(k);
        free(keep);
        for (size_t a = 0; a < n; a++) {
            int inside = 0;
            for (size_t b = 0; b < n && !inside; b++)
                inside = a != b && dim_relation(&res[parts[a]].scope, &res[parts[b]].scope, by) ==
                                       CAS_SCOPE_WITHIN;
            if (!inside)
                parts[m++] = parts[a];
        }
        return m;
    }
    for (size_t i = 0; i < n; i++)
        k[i] = (part_key){&res[parts[i]].scope, i};
    by_dim = by;
    qsort(k, n, sizeof *k, part_cmp);
    if (by != D_PERIOD) {
        const char *cur = NULL;
        for (size_t i = 0; i < n; i++) {
            const char *p = path_of(k[i].scope, by);
            if (cur && cas_path_relation(p, cur) == CAS_SCOPE_WITHIN)
                continue;
            cur = p;
            keep[k[i].part] = 1;
        }
    } else {
        int64_t end = 0, start = 0;
        for (size_t i = 0; i < n; i++) {
            int64_t s0 = day_lo(k[i].scope->period_start), s1 = day_hi(k[i].scope->period_end);
            if (i > 0 && (end > s1 || (end == s1 && start < s0)))
                continue;
            if (i == 0 || s1 > end) {
                end = s1;
                start = s0;
            }
            keep[k[i].part] = 1;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (keep[i])
            parts[m++] = parts[i];
    free(k);
    free(keep);
    return m;
}

static int totals(const cas_reconciliation *rec, const cas_scope *whole, int by, ex_format format)
{
    static const char *const heads_[] = {"", "claims", "sources", "envelope", "consensus", "best"};
    const char *heads[6];
    const char *h[13]; /* the tidy CSV's heads: the table keeps the pointers */
    size_t n = cas_reconciliation_count(rec), nparts = 0,
           *parts = malloc((n ? n : 1) * sizeof *parts);
    cas_scope_result *res = calloc(n ? n : 1, sizeof *res);
    ex_table *t = NULL;
    cas_sum env = {.size = sizeof env}, cons = {.size = sizeof cons};
    cas_error err, cons_err;
    cas_status st, cons_st;
    char text[1024];
    int status = EX_OK;

    if (!parts || !res) {
        free(parts);
        free(res);
        return ex_failf("out of memory");
    }
    /* The parts: equal to the whole in the other four dimensions, within
     * it in this one. */
    for (size_t i = 0; i < n; i++) {
        int ok = 1;
        res[i].size = sizeof res[i];
        cas_reconciliation_get(rec, i, &res[i]);
        for (int d = 0; d < NDIMS && ok; d++) {
            cas_scope_rel rel = dim_relation(&res[i].scope, whole, d);
            ok = d == by ? rel == CAS_SCOPE_WITHIN : rel == CAS_SCOPE_SAME;
        }
        if (ok)
            parts[nparts++] = i;
    }
    /* The largest of them: a part inside another part is left out. */
    nparts = outermost(res, parts, nparts, by);
    ex_scope_text(text, sizeof text, whole);
    if (nparts == 0) {
        status = ex_failf("no scope with claims lies within %s and differs from it only in "
                          "its %s",
                          text, dim_names[by]);
        goto done;
    }

    /* Interval addition; the library checks that the parts are disjoint. */
    cas_error_init(&err);
    cas_error_init(&cons_err);
    if ((st = cas_sum_results(&env, rec, parts, nparts, CAS_RESULT_ENVELOPE, &err)) != CAS_OK) {
        status = ex_fail(&err, st);
        goto done;
    }
    cons_st = cas_sum_results(&cons, rec, parts, nparts, CAS_RESULT_CONSENSUS, &cons_err);
    if (format == EX_JSONL) { /* the library's records (docs/jsonl.md) */
        char *out = NULL;
        size_t len = 0;
        st = cas_sum_results_jsonl(&out, &len, rec, parts, nparts, dim_names[by], whole, &err);
        status = st == CAS_OK ? ex_write(out, len) : ex_fail(&err, st);
        cas_free(out);
        goto done;
    }

    memcpy(heads, heads_, sizeof heads);
    heads[0] = dim_names[by];
    if (EX_IS_DATA(format)) {
        /* One value a cell: row, the dimension's path (or the period's
         * days), the counts apart, empty where there is none. */
        static const char *const th[] = {"row",           "",
                                         "period_end",    "claims",
                                         "sources",       "envelope_low",
                                         "envelope_high", "consensus",
                                         "consensus_low", "consensus_high",
                                         "best",          "best_kind",
                                         "note"};
        size_t nc = by == D_PERIOD ? 13 : 12, k = 0;
        h[k++] = th[0];
        h[k++] = by == D_PERIOD ? "period_start" : dim_names[by];
        for (size_t j = by == D_PERIOD ? 2 : 3; j < 13; j++)
            h[k++] = th[j];
        if (!(t = ex_table_new(nc, h, "lllllllllllll"))) {
            status = ex_failf("out of memory");
            goto done;
        }
        for (size_t k2 = 0; k2 < nparts && status == EX_OK; k2++) {
            const cas_scope_result *r = &res[parts[k2]];
            tidy_total v = {"part",
                            &r->scope,
                            r->claims,
                            r->sources,
                            r->envelope_low,
                            r->envelope_high,
                            r->has_consensus ? 1 : 0,
                            r->consensus_low,
                            r->consensus_high,
                            r->best,
                            cas_best_kind_name(r->best_kind),
                            NULL};
            if (add_tidy_total(t, by, &v) != 0)
                status = ex_failf("out of memory");
        }
        {
            uint32_t claims = 0;
            char note[128] = "";
            for (size_t k2 = 0; k2 < nparts; k2++)
                claims += res[parts[k2]].claims;
            if (env.without_best)
                ex_fmt(note, sizeof note, "%u of %u terms lack a best", (unsigned)env.without_best,
                       (unsigned)env.terms);
            else if (env.midpoint_bests)
                ex_fmt(note, sizeof note, "%u midpoint%s", (unsigned)env.midpoint_bests,
                       env.midpoint_bests == 1 ? "" : "s");
            tidy_total v = {"total",
                            NULL,
                            claims,
                            -1,
                            env.low,
                            env.high,
                            cons_st == CAS_OK ? 1 : -1,
                            cons.low,
                            cons.high,
                            env.without_best ? CAS_NONE : env.best,
                            "sum",
                            note};
            if (status == EX_OK && add_tidy_total(t, by, &v) != 0)
                status = ex_failf("out of memory");
        }
        {
            size_t at;
            cas_scope_result w = {.size = sizeof w};
            if (status == EX_OK && cas_reconciliation_find(rec, whole, &at) == CAS_OK &&
                cas_reconciliation_get(rec, at, &w) == CAS_OK) {
                tidy_total v = {"whole",
                                &w.scope,
                                w.claims,
                                w.sources,
                                w.envelope_low,
                                w.envelope_high,
                                w.has_consensus ? 1 : 0,
                                w.consensus_low,
                                w.consensus_high,
                                w.best,
                                cas_best_kind_name(w.best_kind),
                                NULL};
                if (add_tidy_total(t, by, &v) != 0)
                    status = ex_failf("out of memory");
            }
        }
    } else if (!(t = ex_table_new(6, heads, "lrrllr"))) {
        status = ex_failf("out of memory");
        goto done;
    } else {
        uint32_t claims = 0;
        char c[5][64];
        const char *row[6];
        for (size_t k = 0; k < nparts && status == EX_OK; k++) {
            const cas_scope_result *r = &res[parts[k]];
            if (by == D_PERIOD)
                ex_period_text(text, sizeof text, r->scope.period_start, r->scope.period_end);
            else
                ex_fmt(text, sizeof text, "%s", path_of(&r->scope, by));
            ex_fmt(c[0], sizeof c[0], "%u", (unsigned)r->claims);
            ex_fmt(c[1], sizeof c[1], "%u", (unsigned)r->sources);
            ex_range_text(c[2], sizeof c[2], r->envelope_low, r->envelope_high);
            if (r->has_consensus)
                ex_range_text(c[3], sizeof c[3], r->consensus_low, r->consensus_high);
            else
                ex_fmt(c[3], sizeof c[3], "CONFLICT");
            best_text(c[4], sizeof c[4], r->best, r->best_kind);
            row[0] = text;
            for (int j = 0; j < 5; j++)
                row[j + 1] = c[j];
            claims += r->claims;
            if (ex_table_add(t, row) != 0)
                status = ex_failf("out of memory");
        }
        ex_fmt(text, sizeof text, "total of %zu", nparts);
        ex_fmt(c[0], sizeof c[0], "%u", (unsigned)claims);
        c[1][0] = '\0';
        ex_range_text(c[2], sizeof c[2], env.low, env.high);
        if (cons_st == CAS_OK)
            ex_range_text(c[3], sizeof c[3], cons.low, cons.high);
        else
            ex_fmt(c[3], sizeof c[3], "none");
        sum_best_text(c[4], sizeof c[4], &env);
        row[0] = text;
        for (int j = 0; j < 5; j++)
            row[j + 1] = c[j];
        if (status == EX_OK && ex_table_add(t, row) != 0)
            status = ex_failf("out of memory");
        /* The whole's own claims, when it has some, to set beside the total. */
        {
            size_t at;
            cas_scope_result w = {.size = sizeof w};
            if (status == EX_OK && cas_reconciliation_find(rec, whole, &at) == CAS_OK &&
                cas_reconciliation_get(rec, at, &w) == CAS_OK) {
                ex_fmt(text, sizeof text, "the whole's own claims");
                ex_fmt(c[0], sizeof c[0], "%u", (unsigned)w.claims);
                ex_fmt(c[1], sizeof c[1], "%u", (unsigned)w.sources);
                ex_range_text(c[2], sizeof c[2], w.envelope_low, w.envelope_high);
                if (w.has_consensus)
                    ex_range_text(c[3], sizeof c[3], w.consensus_low, w.consensus_high);
                else
                    ex_fmt(c[3], sizeof c[3], "CONFLICT");
                best_text(c[4], sizeof c[4], w.best, w.best_kind);
                if (ex_table_add(t, row) != 0)
                    status = ex_failf("out of memory");
            }
        }
    }
    if (status == EX_OK) {
        ex_scope_text(text, sizeof text, whole);
        if (!EX_IS_DATA(format))
            printf("The total of %s over its parts by %s:\n\n", text, dim_names[by]);
        status = ex_table_print(t, format);
    }
    if (status == EX_OK && !EX_IS_DATA(format) && cons_st != CAS_OK)
        printf("\nNo total consensus: %s.\n", cons_err.message);
done:
    ex_table_free(t);
    free(parts);
    free(res);
    return status;
}

/* ---- propagation -------------------------------------------------------- */

static const char *rule_name(int32_t rule)
{
    switch (rule) {
    case CAS_RULE_CLAIMS:
        return "claims";
    case CAS_RULE_UNCLAIMED:
        return "unclaimed";
    case CAS_RULE_PART:
        return "part";
    case CAS_RULE_WHOLE:
        return "whole";
    case CAS_RULE_SUM:
        return "sum";
    case CAS_RULE_REST:
        return "rest";
    case CAS_RULE_COVER_HIGH:
        return "cover-high";
    case CAS_RULE_COVER_LOW:
        return "cover-low";
    default:
        return "?";
    }
}

static const char *rule_meaning(int32_t rule)
{
    switch (rule) {
    case CAS_RULE_CLAIMS:
        return "the scope's own claims";
    case CAS_RULE_UNCLAIMED:
        return "no claims";
    case CAS_RULE_PART:
        return "a whole is at least its part";
    case CAS_RULE_WHOLE:
        return "a part is at most its whole";
    case CAS_RULE_SUM:
        return "a whole is at least the sum of its disjoint parts";
    case CAS_RULE_REST:
        return "a part is at most the whole less the other parts";
    case CAS_RULE_COVER_HIGH:
        return "a covered whole is at most the sum of its parts";
    case CAS_RULE_COVER_LOW:
        return "a part is at least the covered whole less the other parts";
    default:
        return "?";
    }
}

/* A growing text that the shown-text rules write into; @failed when memory
 * ran out. */
typedef struct chain_buf {
    char *buf;
    size_t size, used;
    int failed;
} chain_buf;

/* The sink of the shown-text rules (shown_internal.h): a chain_buf. */
static void chain_sink(void *ctx, const char *s, size_t n)
{
    chain_buf *b = ctx;
    if (b->failed)
        return;
    if (b->used + n + 1 > b->size) {
        size_t size = (b->used + n + 1) * 2;
        char *p = realloc(b->buf, size);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->buf = p;
        b->size = size;
    }
    memcpy(b->buf + b->used, s, n);
    b->used += n;
    b->buf[b->used] = '\0';
}

/* "syria-008 (Wikipedia (unattributed)); ..." for one bound, every claim
 * (never cut), an id or source quoted when it holds the list's own syntax
 * ("x (FAKE); y"), as the library's printers write claim lists
 * (cas__shown_claim). A new string for free(), or NULL when out of memory. */
static char *chain_text(const cas_propagation *p, size_t i, int bound)
{
    size_t n = 0;
    chain_buf b = {NULL, 0, 0, 0};
    chain_sink(&b, "", 0);
    cas_propagation_provenance(p, i, bound, 0, NULL, &n);
    for (size_t k = 0; k < n; k++) {
        cas_claim_ref c = {.size = sizeof c};
        cas_propagation_provenance(p, i, bound, k, &c, NULL);
        if (k)
            chain_sink(&b, "; ", 2);
        cas__shown_claim(-1, c.id, chain_sink, &b);
        chain_sink(&b, " (", 2);
        cas__shown_claim(-1, c.source, chain_sink, &b);
        chain_sink(&b, ")", 1);
    }
    if (b.failed) {
        free(b.buf);
        return NULL;
    }
    return b.buf;
}

static void count_text(char *buf, size_t size, int64_t v)
{
    if (v == CAS_OPEN)
        ex_fmt(buf, size, "open");
    else
        ex_fmt(buf, size, "%lld", (long long)v);
}

static int propagate(const cas_reconciliation *rec, int32_t which, int all, ex_format format)
{
    static const char *const heads[] = {
        "outcome", "group", "perpetrator", "place",    "event",      "period",    "before",
        "after",   "best",  "state",       "low_rule", "low_claims", "high_rule", "high_claims",
    };
    /* CSV and JSON Lines: one value a cell (docs/jsonl.md). */
    static const char *const tidy_heads[] = {
        "outcome",    "group",      "perpetrator", "place",      "event",      "period_start",
        "period_end", "before_low", "before_high", "after_low",  "after_high", "best",
        "best_kind",  "state",      "low_rule",    "low_claims", "high_rule",  "high_claims",
    };
    int tidy = EX_IS_DATA(format);
    cas_propagation *p = NULL;
    ex_table *t = tidy ? ex_table_new(18, tidy_heads, "llllllrrrrrrllllll")
                       : ex_table_new(14, heads, "llllllllrlcccc");
    cas_error err;
    cas_status st;
    size_t moved = 0;
    int status = t ? EX_OK : ex_failf("out of memory");

    cas_error_init(&err);
    if (status == EX_OK && ((st = cas_propagation_new(&p, rec, which, &err)) != CAS_OK ||
                            (st = cas_propagation_run(p, &err)) != CAS_OK))
        status = ex_fail(&err, st);
    /* The claim lists of the row being written (freed at the next row and
     * after the last). */
    char *low_chain = NULL, *high_chain = NULL;
    for (size_t i = 0; status == EX_OK && i < cas_propagation_count(p); i++) {
        cas_bounds b = {.size = sizeof b};
        char shown[5][512], period[32], before[64], after[64];
        char low_rule[64], high_rule[64];
        const char *row[14];
        char best[64];
        int low_moved, high_moved;

        cas_propagation_get(p, i, &b);
        low_moved = b.low != b.initial_low;
        high_moved = b.high != b.initial_high;
        moved += low_moved + high_moved;
        if (!all && !low_moved && !high_moved && !b.conflict)
            continue;
        ex_period_text(period, sizeof period, b.scope.period_start, b.scope.period_end);
        ex_range_text(before, sizeof before, b.initial_low, b.initial_high);
        ex_range_text(after, sizeof after, b.low, b.high);
        free(low_chain);
        free(high_chain);
        low_chain = chain_text(p, i, CAS_PROPAGATED_LOW);
        high_chain = chain_text(p, i, CAS_PROPAGATED_HIGH);
        if (!low_chain || !high_chain) {
            status = ex_failf("out of memory");
            break;
        }
        ex_fmt(low_rule, sizeof low_rule, "%s", rule_name(b.low_rule));
        ex_fmt(high_rule, sizeof high_rule, "%s", rule_name(b.high_rule));
        row[0] = ex_path_shown(shown[0], sizeof shown[0], b.scope.outcome);
        row[1] = ex_path_shown(shown[1], sizeof shown[1], b.scope.group);
        row[2] = ex_path_shown(shown[2], sizeof shown[2], b.scope.perpetrator);
        row[3] = ex_path_shown(shown[3], sizeof shown[3], b.scope.place);
        row[4] = ex_path_shown(shown[4], sizeof shown[4], b.scope.event);
        row[5] = period;
        row[6] = before;
        row[7] = after;
        if (b.best_kind == CAS_BEST_SUM)
            ex_fmt(best, sizeof best, "%lld (sum)", (long long)b.best);
        else
            best_text(best, sizeof best, b.best, b.best_kind);
        row[8] = best;
        row[9] = b.conflict ? "CONFLICT" : low_moved || high_moved ? "tightened" : "";
        row[10] = low_rule;
        row[11] = low_chain;
        row[12] = high_rule;
        row[13] = high_chain;
        if (tidy) {
            char num[6][24], ps[16], pe[16];
            const char *trow[18];
            int64_t v[6] = {b.initial_low, b.initial_high, b.low, b.high, b.best, 0};
            day_cell(ps, sizeof ps, b.scope.period_start);
            day_cell(pe, sizeof pe, b.scope.period_end);
            for (int k = 0; k < 5; k++)
                count_cell(num[k], sizeof num[k], v[k], k == 4 ? CAS_NONE : CAS_OPEN);
            trow[0] = b.scope.outcome;
            trow[1] = b.scope.group;
            trow[2] = b.scope.perpetrator;
            trow[3] = b.scope.place;
            trow[4] = b.scope.event;
            trow[5] = ps;
            trow[6] = pe;
            for (int k = 0; k < 5; k++)
                trow[7 + k] = num[k];
            trow[12] = b.best == CAS_NONE ? "" : cas_best_kind_name(b.best_kind);
            trow[13] = b.conflict ? "conflict" : low_moved || high_moved ? "tightened" : "";
            for (int k = 14; k < 18; k++)
                trow[k] = row[k - 4];
            if (ex_table_add(t, trow) != 0) {
                status = ex_failf("out of memory");
                break;
            }
            continue;
        }
        if (ex_table_add(t, row) != 0) {
            status = ex_failf("out of memory");
            break;
        }
        /* Under the row: each bound that moved, or both sides of a conflict. */
        for (int bound = 0; bound < 2; bound++) {
            int64_t v = bound ? b.high : b.low;
            int32_t rule = bound ? b.high_rule : b.low_rule;
            char value[32];
            if (!(bound ? high_moved : low_moved) && !b.conflict)
                continue;
            count_text(value, sizeof value, v);
            ex_table_note(t, "%s %s, %s (%s): %s", bound ? "high" : "low", value, rule_name(rule),
                          rule_meaning(rule), bound ? high_chain : low_chain);
        }
    }
    free(low_chain);
    free(high_chain);
    if (status == EX_OK && !EX_IS_DATA(format))
        printf("Propagation from each scope's %s over %zu scopes: %zu bounds tightened, "
               "%zu scopes in conflict.\n\n",
               which == CAS_RESULT_CONSENSUS ? "consensus" : "envelope", cas_propagation_count(p),
               moved, cas_propagation_conflicts(p));
    if (status == EX_OK)
        status = ex_table_print(t, format);
    ex_table_free(t);
    cas_propagation_free(p);
    return status;
}

/* The options of its own: --by, --range, --all. */
typedef struct settings {
    int by, all_scopes;
    int32_t which;
} settings;

static int option(void *ctx, int opt, const char *arg)
{
    settings *s = ctx;
    switch (opt) {
    case OPT_BY:
        for (s->by = 0; s->by < NDIMS && strcmp(arg, dim_names[s->by]) != 0; s->by++)
            ;
        if (s->by == NDIMS)
            return ex_usage("option '--by': expected outcome, group, perpetrator, place, "
                            "event or period, got '%s'",
                            arg);
        break;
    case OPT_RANGE:
        if (strcmp(arg, "consensus") == 0)
            s->which = CAS_RESULT_CONSENSUS;
        else if (strcmp(arg, "envelope") == 0)
            s->which = CAS_RESULT_ENVELOPE;
        else
            return ex_usage("option '--range': expected consensus or envelope, got '%s'", arg);
        break;
    case OPT_ALL:
        s->all_scopes = 1;
        break;
    }
    return EX_OK;
}

int main(int argc, char **argv)
{
    ex_claims_args a;
    cas_ledger *claims = NULL;
    cas_reconciliation *rec = NULL;
    settings s = {-1, 0, CAS_RESULT_CONSENSUS};
    ex_cli cli = {.name = "casualty-sum",
                  .help = help,
                  .shortopts = ":f:h",
                  .longopts = long_options,
                  .option = option,
                  .ctx = &s};
    int status = ex_parse_claims_args(&a, &cli, argc, argv);

    if (status != EX_GO)
        return status;
    status = ex_reconcile_claims(&rec, &claims, &a);
    if (status == EX_OK)
        status = s.by >= 0 ? totals(rec, &a.scope.scope, s.by, a.format)
                           : propagate(rec, s.which, s.all_scopes, a.format);
    if (status == EX_OK)
        status = ex_finish();
    cas_reconciliation_free(rec);
    cas_ledger_free(claims);
    return status;
}
