/* SPDX-License-Identifier: MIT */
/* Out of memory at every allocation (jansson's test_chaos idea): for each
 * public entry point with a real workload, make the 1st, 2nd, 3rd, ...
 * allocation of the call fail until the call no longer reaches the failing
 * one. Every failed call must return CAS_ERR_NOMEM (or succeed with the
 * same result as without the failure), leave its inputs as they were and
 * its out-parameters unwritten, and free what it allocated. The allocation
 * hook is internal (lib/alloc_internal.h): this test links the internal
 * convenience library, which exports it. Runs under ASan/LSan and valgrind
 * in tools/test.sh, which also catch what is freed twice or leaked. */
#include "testutil.h"
#include "alloc_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>

/* --- a growing text, in the test's own memory (not the library's) --- */

typedef struct text {
    char *s;
    size_t n, cap;
} text;

#if defined(__GNUC__)
static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif

static void add(text *t, const char *fmt, ...)
{
    va_list ap;
    int k;
    va_start(ap, fmt);
    k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    ck_assert_int_ge(k, 0);
    if (t->n + (size_t)k + 1 > t->cap) {
        t->cap = (t->n + (size_t)k + 1) * 2;
        t->s = realloc(t->s, t->cap);
        ck_assert_ptr_nonnull(t->s);
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    t->n += (size_t)k;
}

/* Append a library-made string (freed with cas_free). */
static void add_owned(text *t, char *s)
{
    add(t, "%s", s ? s : "(null)");
    cas_free(s);
}

static char *ledger_text(const cas_ledger *l)
{
    return tu_snapshot(l);
}

static char *reconciliation_text(const cas_reconciliation *r)
{
    char *s = NULL;
    size_t len = 0;
    ck_assert_int_eq(cas_report_csv(&s, &len, r, NULL), CAS_OK);
    return s;
}

/* --- the workloads: inputs, made anew before each call --- */

typedef struct ctx {
    /* inputs */
    cas_ledger *ledger;
    cas_reconciliation *rec;
    cas_propagation *prop;
    cas_phrase_options *popts;
    cas_mse_table *table;
    cas_mse_estimate *est;
    cas_mse_selection *sel;
    cas_vocab *vocab;
    char *data;
    size_t len;
    cas_claim claim;
    cas_scope scope;
    cas_scope scopes[32];
    int64_t lows[32], highs[32];
    size_t items[64];
    size_t nitems;
    cas_reconcile_options ropts;
    char path[64];
    /* outputs, NULL (or a sentinel) until the call writes them */
    cas_ledger *out_ledger;
    cas_reconciliation *out_rec;
    cas_propagation *out_prop;
    cas_matrix *out_matrix;
    cas_phrase_options *out_popts;
    cas_phrase_result *out_phrase;
    cas_mse_table *out_table;
    cas_mse_estimate *out_est;
    cas_mse_selection *out_sel;
    cas_vocab *out_vocab;
    int32_t out_rel;
    cas_rejects *out_rejects;
    char *out_text;
    size_t out_len;
    cas_sum out_sum;
    cas_comparison out_cmp;
    cas_claim out_claim;
    size_t out_sel_idx[64];
    size_t out_sel_count;
} ctx;

static const char *const weight_sources[] = {"SOHR", "SNHR"};
static const double weights[] = {2.0, 0.5};

/* A few claims beyond the bundled file's, with new strings and nested
 * scopes: Latakia and Tartus are parts of the coast. */
static const char extra_csv[] =
    "id,source,outcome,group,place,period_start,period_end,low,high\n"
    "x-1,Chaos monitor,killed,civilians,syria/coast/latakia,2025-03-06,2025-03-06,20,30\n"
    "x-2,Chaos monitor,killed,civilians,syria/coast/tartus,2025-03-06,2025-03-06,5,8\n"
    "x-3,Another monitor,killed,civilians,syria/coast/tartus,2025-03-06,2025-03-06,9,12\n"
    "x-4,Another monitor,killed,civilians,syria/coast,2025-03-06,2025-03-06,10,200\n";

/* The same with one bad row, for the lenient loaders, and a phrase. */
static const char lenient_csv[] =
    "id,source,outcome,group,place,period_start,period_end,low,high,claim\n"
    "y-1,Chaos monitor,killed,civilians,syria/coast/latakia,2025-03-06,2025-03-06,20,30,\n"
    "y-2,Chaos monitor,killed,civilians,syria/coast/tartus,2025-03-06,2025-03-06,not a number,8,\n"
    "y-3,Another monitor,killed,civilians,syria/coast/tartus,2025-03-06,2025-03-06,,,"
    "at least 40 civilians were killed\n"
    "y-4,Another monitor,killed,civilians,syria/coast/tartus,2025-03-06,2025-03-06,9,12,\n";

static cas_ledger *syria_ledger(void)
{
    cas_ledger *l = NULL;
    cas_error e;
    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_msg(cas_csv_load(l, EXAMPLE_DATA_DIR "/syria-2025-03.csv", &e) == CAS_OK, "%s",
                  e.message);
    ck_assert_msg(cas_csv_load_buffer(l, extra_csv, strlen(extra_csv), "extra", &e) == CAS_OK, "%s",
                  e.message);
    return l;
}

static cas_scope coast_scope(const char *place)
{
    cas_scope s;
    cas_scope_init(&s);
    s.outcome = "killed";
    s.group = "civilians";
    s.place = place;
    s.period_start = tu_day("2025-03-06");
    s.period_end = tu_day("2025-03-06");
    return s;
}

static void setup_empty(ctx *x)
{
    ck_assert_int_eq(cas_ledger_new(&x->ledger), CAS_OK);
}

static void setup_small(ctx *x)
{
    cas_claim c = tu_claim("pre-1", "Earlier source", 10, 20);
    ck_assert_int_eq(cas_ledger_new(&x->ledger), CAS_OK);
    ck_assert_int_eq(cas_ledger_add(x->ledger, &c, NULL), CAS_OK);
}

static void setup_syria(ctx *x)
{
    x->ledger = syria_ledger();
}

static void setup_extra(ctx *x)
{
    ck_assert_int_eq(cas_ledger_new(&x->ledger), CAS_OK);
    ck_assert_int_eq(cas_csv_load_buffer(x->ledger, extra_csv, strlen(extra_csv), "extra", NULL),
                     CAS_OK);
}

static void setup_reconciled(ctx *x)
{
    x->ledger = syria_ledger();
    ck_assert_int_eq(cas_reconcile_ledger(&x->rec, x->ledger, NULL, NULL), CAS_OK);
}

static void setup_propagation(ctx *x)
{
    setup_reconciled(x);
    ck_assert_int_eq(cas_propagation_new(&x->prop, x->rec, CAS_RESULT_CONSENSUS, NULL), CAS_OK);
    x->scope = coast_scope("syria/coast");
    x->scopes[0] = coast_scope("syria/coast/latakia");
    x->scopes[1] = coast_scope("syria/coast/tartus");
}

static void setup_covered(ctx *x)
{
    setup_propagation(x);
    ck_assert_int_eq(cas_propagation_cover(x->prop, &x->scope, x->scopes, 2, NULL), CAS_OK);
}

/* As many of the ledger's claims' ranges as add up (disjoint scopes). */
static void setup_ranges(ctx *x)
{
    size_t n = 0;
    cas_sum s;
    setup_syria(x);
    for (size_t i = 0; i < cas_ledger_count(x->ledger) && n < 32; i++) {
        cas_claim c;
        cas_claim_init(&c);
        ck_assert_int_eq(cas_ledger_get(x->ledger, i, &c), CAS_OK);
        x->scopes[n] = c.scope;
        x->lows[n] = c.low;
        x->highs[n] = c.high;
        s.size = sizeof s;
        if (cas_sum_ranges(&s, x->scopes, x->lows, x->highs, n + 1, NULL) == CAS_OK)
            n++;
    }
    ck_assert_uint_ge(n, 3);
    x->nitems = n;
}

/* As many of the reconciliation's results as add up. */
static void setup_results(ctx *x)
{
    size_t n = 0;
    cas_sum s;
    setup_reconciled(x);
    for (size_t i = 0; i < cas_reconciliation_count(x->rec) && n < 64; i++) {
        x->items[n] = i;
        s.size = sizeof s;
        if (cas_sum_results(&s, x->rec, x->items, n + 1, CAS_RESULT_CONSENSUS, NULL) == CAS_OK)
            n++;
    }
    ck_assert_uint_ge(n, 3);
    x->nitems = n;
}

static void setup_popts(ctx *x)
{
    ck_assert_int_eq(cas_phrase_options_new(&x->popts, NULL, NULL), CAS_OK);
}

static void setup_article(ctx *x)
{
    setup_popts(x);
    x->data = tu_read_file(TEST_DATA_DIR "/phrases/seed_article.txt", &x->len);
}

static void setup_csv_text(ctx *x)
{
    setup_empty(x);
    x->data = tu_read_file(EXAMPLE_DATA_DIR "/syria-2025-03.csv", &x->len);
}

static void setup_mse_text(ctx *x)
{
    x->data = tu_read_file(TEST_DATA_DIR "/mse/hepatitis-a-taiwan.csv", &x->len);
}

static void setup_table2(ctx *x)
{
    ck_assert_int_eq(cas_mse_table_load(&x->table, TEST_DATA_DIR "/mse/seber.csv", NULL), CAS_OK);
}

static void setup_table3(ctx *x)
{
    ck_assert_int_eq(
        cas_mse_table_load(&x->table, TEST_DATA_DIR "/mse/hepatitis-a-taiwan.csv", NULL), CAS_OK);
}

/* Main effects and the P x Q interaction (the set {P, Q} is pattern 3). */
#define PQ_MODEL ((uint64_t)1 << 3)

static void setup_estimate(ctx *x)
{
    setup_table3(x);
    ck_assert_int_eq(cas_mse_fit(&x->est, x->table, PQ_MODEL, NULL, NULL), CAS_OK);
    x->scope = coast_scope("taiwan");
}

static void setup_selection(ctx *x)
{
    setup_table3(x);
    ck_assert_int_eq(cas_mse_select(&x->sel, x->table, NULL, NULL), CAS_OK);
    x->scope = coast_scope("taiwan");
}

static void setup_savefile(ctx *x)
{
    int fd;
    setup_reconciled(x);
    snprintf(x->path, sizeof x->path, "/tmp/check_alloc.XXXXXX");
    fd = mkstemp(x->path);
    ck_assert_int_ge(fd, 0);
    close(fd);
}

/* --- the calls --- */

#define LOAD(name, expr)                                                                           \
    static cas_status name(ctx *x)                                                                 \
    {                                                                                              \
        return (expr);                                                                             \
    }

LOAD(call_load_file, cas_csv_load(x->ledger, EXAMPLE_DATA_DIR "/syria-2025-03.csv", NULL))
LOAD(call_load_buffer, cas_csv_load_buffer(x->ledger, x->data, x->len, "syria", NULL))
LOAD(call_load_lenient,
     cas_csv_load_lenient(x->ledger, EXAMPLE_DATA_DIR "/syria-2025-03.csv", &x->out_rejects, NULL))
LOAD(call_load_buffer_lenient,
     cas_csv_load_buffer_lenient(x->ledger, lenient_csv, strlen(lenient_csv), "lenient",
                                 &x->out_rejects, NULL))

static cas_status call_ledger_add(ctx *x)
{
    cas_claim c = tu_claim("chaos-new", "A source not seen before", 3, 7);
    c.scope.place = "syria/coast/banias";
    c.citation = "a new citation";
    c.quote = "a new quote";
    return cas_ledger_add(x->ledger, &c, NULL);
}

static cas_status call_ledger_new(ctx *x)
{
    return cas_ledger_new(&x->out_ledger);
}

static cas_status call_reconcile_ledger(ctx *x)
{
    cas_reconcile_options_init(&x->ropts);
    x->ropts.nweights = 2;
    x->ropts.weight_sources = weight_sources;
    x->ropts.weights = weights;
    return cas_reconcile_ledger(&x->out_rec, x->ledger, &x->ropts, NULL);
}

static cas_status call_reconcile_scope(ctx *x)
{
    cas_scope s = coast_scope("syria/coast");
    return cas_reconcile_scope(&x->out_rec, x->ledger, &s, NULL, NULL);
}

static cas_status call_compare_claims(ctx *x)
{
    cas_claim a, b;
    cas_claim_init(&a);
    cas_claim_init(&b);
    ck_assert_int_eq(cas_ledger_get(x->ledger, 3, &a), CAS_OK);
    ck_assert_int_eq(cas_ledger_get(x->ledger, 4, &b), CAS_OK);
    return cas_compare_claims(&x->out_cmp, &a, &b, NULL);
}

static cas_status call_compare_at(ctx *x)
{
    return cas_compare_at(&x->out_cmp, x->ledger, 3, 4, NULL);
}

static cas_status call_ledger_select(ctx *x)
{
    cas_scope coast = coast_scope("syria/coast");
    return cas_ledger_select(x->ledger, &coast,
                             CAS_SELECT(CAS_SCOPE_SAME) | CAS_SELECT(CAS_SCOPE_WITHIN), 1,
                             x->out_sel_idx, 64, &x->out_sel_count);
}

static cas_status call_sum_ranges(ctx *x)
{
    return cas_sum_ranges(&x->out_sum, x->scopes, x->lows, x->highs, x->nitems, NULL);
}

static cas_status call_sum_results(ctx *x)
{
    return cas_sum_results(&x->out_sum, x->rec, x->items, x->nitems, CAS_RESULT_CONSENSUS, NULL);
}

LOAD(call_propagation_new, cas_propagation_new(&x->out_prop, x->rec, CAS_RESULT_CONSENSUS, NULL))
LOAD(call_propagation_cover, cas_propagation_cover(x->prop, &x->scope, x->scopes, 2, NULL))
LOAD(call_propagation_run, cas_propagation_run(x->prop, NULL))
LOAD(call_matrix_new, cas_matrix_new(&x->out_matrix, x->ledger, NULL, NULL))
LOAD(call_phrase_options_new, cas_phrase_options_new(&x->out_popts, "default", NULL))
LOAD(call_phrase_parse,
     cas_phrase_parse(&x->out_phrase, x->popts, x->data, x->len, CAS_PHRASE_PROSE, NULL))

static cas_status call_phrase_parse_field(ctx *x)
{
    static const char field[] = "+ 315 killed (per SOHR), 1,700 civilians killed (SNHR); "
                                "dozens wounded; at least 24 to 99 security personnel";
    return cas_phrase_parse(&x->out_phrase, x->popts, field, strlen(field), CAS_PHRASE_CASUALTY,
                            NULL);
}

LOAD(call_set_name, cas_phrase_options_set_name(x->popts, "chaos-table", NULL))
LOAD(call_add_term, cas_phrase_options_add_term(x->popts, CAS_TERM_GROUP, "fishermen",
                                                "civilians/fishermen", NULL))
LOAD(call_remove_term, cas_phrase_options_remove_term(x->popts, CAS_TERM_OUTCOME, "killed", NULL))
LOAD(call_add_source, cas_phrase_options_add_source(x->popts, "Chaos Observatory", "CO", NULL))
LOAD(call_set_default, cas_phrase_options_set_default(x->popts, CAS_TERM_OUTCOME, "missing", NULL))
LOAD(call_remove_hedge,
     cas_phrase_options_remove_hedge(x->popts, "at least", CAS_HEDGE_BEFORE, NULL))

static cas_status call_set_hedge(ctx *x)
{
    cas_hedge h;
    cas_hedge_init(&h);
    h.position = CAS_HEDGE_BEFORE;
    h.rule = CAS_HEDGE_AT_LEAST;
    h.qualifier = CAS_QUAL_AT_LEAST;
    h.phrase = "no fewer than some";
    return cas_phrase_options_set_hedge(x->popts, &h, NULL);
}

static cas_status call_mse_table_new(ctx *x)
{
    static const char *const names[] = {"P", "Q", "E"};
    static const int64_t counts[8] = {0, 69, 55, 21, 63, 17, 18, 28};
    return cas_mse_table_new(&x->out_table, 3, names, counts, NULL);
}

LOAD(call_mse_table_load,
     cas_mse_table_load(&x->out_table, TEST_DATA_DIR "/mse/hepatitis-a-taiwan.csv", NULL))
LOAD(call_mse_table_load_buffer,
     cas_mse_table_load_buffer(&x->out_table, x->data, x->len, "hepatitis", NULL))
LOAD(call_mse_two_list, cas_mse_two_list(&x->out_est, x->table, CAS_MSE_CHAPMAN, NULL, NULL))
LOAD(call_mse_fit, cas_mse_fit(&x->out_est, x->table, PQ_MODEL, NULL, NULL))
LOAD(call_mse_select, cas_mse_select(&x->out_sel, x->table, NULL, NULL))
LOAD(call_estimate_claim, cas_mse_estimate_claim(x->est, "mse-1", &x->scope, &x->out_claim, NULL))
LOAD(call_selection_claim, cas_mse_selection_claim(x->sel, "mse-2", &x->scope, &x->out_claim, NULL))
LOAD(call_report_table, cas_report_table(&x->out_text, &x->out_len, x->rec, NULL))
LOAD(call_report_csv, cas_report_csv(&x->out_text, &x->out_len, x->rec, NULL))
LOAD(call_report_markdown, cas_report_markdown(&x->out_text, &x->out_len, x->rec, NULL))
LOAD(call_report_table_save, cas_report_table_save(x->rec, x->path, NULL))
LOAD(call_report_csv_save, cas_report_csv_save(x->rec, x->path, NULL))
LOAD(call_report_markdown_save, cas_report_markdown_save(x->rec, x->path, NULL))
LOAD(call_csv_save, cas_csv_save(x->ledger, x->path, NULL))
LOAD(call_csv_save_string, cas_csv_save_string(&x->out_text, &x->out_len, x->ledger, NULL))

/* --- what can be seen of the state (taken with the hook paused) --- */

static void bounds_text(text *t, const cas_propagation *p)
{
    add(t, "propagation %zu %zu\n", cas_propagation_count(p), cas_propagation_conflicts(p));
    for (size_t i = 0; i < cas_propagation_count(p); i++) {
        cas_bounds b;
        b.size = sizeof b;
        ck_assert_int_eq(cas_propagation_get(p, i, &b), CAS_OK);
        add(t, "%s|%s|%s %d %d %lld %lld %lld %lld %d %d %d\n", b.scope.outcome, b.scope.group,
            b.scope.place, (int)b.scope.period_start, (int)b.scope.period_end,
            (long long)b.initial_low, (long long)b.initial_high, (long long)b.low,
            (long long)b.high, b.low_rule, b.high_rule, b.has_claims);
        for (int side = 0; side < 2; side++) {
            size_t count = 0;
            for (size_t k = 0;; k++) {
                cas_claim_ref ref;
                ref.size = sizeof ref;
                if (cas_propagation_provenance(p, i, side, k, &ref, &count) != CAS_OK || k >= count)
                    break;
                add(t, " %s", ref.id);
            }
            add(t, ";");
        }
        add(t, "\n");
    }
}

static void popts_text(text *t, const cas_phrase_options *o)
{
    static const char probe[] =
        "At least 12 fishermen were killed, SOHR said; Chaos Observatory counted no fewer "
        "than some 40 civilians; CO reported 7 dead and dozens missing, 30 people.";
    cas_phrase_result *r = NULL;
    add(t, "name %s, %zu hedges\n", cas_phrase_options_name(o), cas_phrase_options_hedge_count(o));
    for (size_t i = 0; i < cas_phrase_options_hedge_count(o); i++) {
        cas_hedge h;
        cas_hedge_init(&h);
        ck_assert_int_eq(cas_phrase_options_get_hedge(o, i, &h), CAS_OK);
        add(t, "%s %d %d %d %d\n", h.phrase, h.position, h.rule, h.qualifier, h.spread);
    }
    for (int field = 0; field < 2; field++) {
        ck_assert_int_eq(cas_phrase_parse(&r, o, probe, strlen(probe), field, NULL), CAS_OK);
        for (size_t i = 0; i < cas_phrase_result_count(r); i++) {
            cas_phrase_claim c;
            cas_phrase_claim_init(&c);
            ck_assert_int_eq(cas_phrase_result_get(r, i, &c), CAS_OK);
            add(t, "%lld-%lld %s %s %s %s\n", (long long)c.low, (long long)c.high, c.outcome,
                c.group, c.source, c.preset);
        }
        cas_phrase_result_free(r);
        r = NULL;
    }
}

static void phrase_text(text *t, const cas_phrase_result *r)
{
    add(t, "phrase result %zu\n", cas_phrase_result_count(r));
    for (size_t i = 0; i < cas_phrase_result_count(r); i++) {
        cas_phrase_claim c;
        cas_phrase_claim_init(&c);
        ck_assert_int_eq(cas_phrase_result_get(r, i, &c), CAS_OK);
        add(t, "%d %d %lld %lld %lld %lld-%lld %s|%s|%s|%s|%s|%s\n", c.kind, c.qualifier,
            (long long)c.low, (long long)c.high, (long long)c.best, (long long)c.start,
            (long long)c.end, c.outcome, c.group, c.perpetrator, c.source, c.relay, c.quote);
    }
}

static void table_text(text *t, const cas_mse_table *m)
{
    uint32_t k = cas_mse_table_lists(m);
    add(t, "table %u lists, %lld observed:", (unsigned)k, (long long)cas_mse_table_observed(m));
    for (uint32_t j = 0; j < k; j++)
        add(t, " %s", cas_mse_table_name(m, j));
    for (uint32_t pat = 1; pat < (1u << k); pat++) {
        int64_t c = -1;
        ck_assert_int_eq(cas_mse_table_count(m, pat, &c), CAS_OK);
        add(t, " %lld", (long long)c);
    }
    add(t, "\n");
}

static void estimate_text(text *t, const cas_mse_estimate *e)
{
    cas_mse_summary s;
    memset(&s, 0, sizeof s);
    s.size = sizeof s;
    ck_assert_int_eq(cas_mse_estimate_summary(e, &s), CAS_OK);
    add(t, "estimate %s / %s: %.6g (%.6g) %d %d\n", cas_mse_estimate_model(e),
        cas_mse_estimate_source(e), s.n_hat, s.se, s.params, s.iterations);
    for (size_t i = 0; i < cas_mse_estimate_coef_count(e); i++) {
        uint64_t term = 0;
        double v = 0, se = 0;
        ck_assert_int_eq(cas_mse_estimate_coef(e, i, &term, &v, &se), CAS_OK);
        add(t, " %llu %.6g %.6g", (unsigned long long)term, v, se);
    }
    add(t, "\n");
}

static void selection_text(text *t, const cas_mse_selection *s)
{
    add(t, "selection %zu, %zu failed\n", cas_mse_selection_count(s),
        cas_mse_selection_failed_count(s));
    for (size_t i = 0; i < cas_mse_selection_count(s); i++) {
        double c = 0, d = 0;
        ck_assert_int_eq(cas_mse_selection_score(s, i, &c, &d), CAS_OK);
        add(t, "%.6g %.6g ", c, d);
        estimate_text(t, cas_mse_selection_get(s, i));
    }
    for (size_t i = 0; i < cas_mse_selection_failed_count(s); i++) {
        uint64_t model = 0;
        int32_t st = 0;
        const char *msg = NULL;
        ck_assert_int_eq(cas_mse_selection_failed(s, i, &model, &st, &msg), CAS_OK);
        add(t, "failed %llu %d %s\n", (unsigned long long)model, st, msg);
    }
}

static void claim_text(text *t, const cas_claim *c)
{
    add(t, "claim %s|%s|%s|%s|%s %lld %lld %lld %d %s|%s\n", c->id ? c->id : "-",
        c->source ? c->source : "-", c->scope.outcome ? c->scope.outcome : "-",
        c->scope.group ? c->scope.group : "-", c->scope.place ? c->scope.place : "-",
        (long long)c->low, (long long)c->high, (long long)c->best, c->qualifier,
        c->citation ? c->citation : "-", c->quote ? c->quote : "-");
}

static void file_text(text *t, const char *path)
{
    FILE *fp = fopen(path, "rb");
    char buf[4096];
    size_t n;
    ck_assert_ptr_nonnull(fp);
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        add(t, "%.*s", (int)n, buf);
    fclose(fp);
}

/* Everything a caller can see: the inputs and what the call wrote. */
/* A vocabulary as its saved text and a few answers. */
static void vocab_text(text *t, const cas_vocab *v)
{
    char *s = NULL;
    char buf[128];
    int32_t r = -1;
    ck_assert_int_eq(cas_vocab_save_string(&s, NULL, v, NULL), CAS_OK);
    add_owned(t, s);
    ck_assert_int_eq(cas_vocab_canonical(v, CAS_DIM_GROUP, "kids/x", buf, sizeof buf, NULL, NULL),
                     CAS_OK);
    ck_assert_int_eq(cas_vocab_relation(v, CAS_DIM_OUTCOME, "killed", "wounded", &r, NULL), CAS_OK);
    add(t, "%s %d\n", buf, (int)r);
}

static char *state(const ctx *x)
{
    text t = {NULL, 0, 0};
    add(&t, "state\n");
    if (x->ledger) {
        add_owned(&t, ledger_text(x->ledger));
        vocab_text(&t, cas_ledger_vocabulary(x->ledger));
    }
    if (x->rec)
        add_owned(&t, reconciliation_text(x->rec));
    if (x->prop)
        bounds_text(&t, x->prop);
    if (x->popts)
        popts_text(&t, x->popts);
    if (x->table)
        table_text(&t, x->table);
    if (x->est)
        estimate_text(&t, x->est);
    if (x->sel)
        selection_text(&t, x->sel);
    if (x->vocab)
        vocab_text(&t, x->vocab);
    if (x->path[0])
        file_text(&t, x->path);
    add(&t, "outputs\n");
    if (x->out_ledger)
        add_owned(&t, ledger_text(x->out_ledger));
    if (x->out_rec)
        add_owned(&t, reconciliation_text(x->out_rec));
    if (x->out_prop)
        bounds_text(&t, x->out_prop);
    if (x->out_matrix) {
        add(&t, "matrix %zu %zu\n", cas_matrix_sources(x->out_matrix),
            cas_matrix_count(x->out_matrix));
        for (size_t i = 0; i < cas_matrix_count(x->out_matrix); i++) {
            cas_source_pair sp;
            sp.size = sizeof sp;
            ck_assert_int_eq(cas_matrix_get(x->out_matrix, i, &sp), CAS_OK);
            add(&t, "%s|%s %u %u %u %u %.6g\n", sp.first, sp.second, sp.scopes, sp.agree,
                sp.conflict, sp.ratios, sp.median_ratio);
        }
    }
    if (x->out_popts)
        popts_text(&t, x->out_popts);
    if (x->out_phrase)
        phrase_text(&t, x->out_phrase);
    if (x->out_table)
        table_text(&t, x->out_table);
    if (x->out_est)
        estimate_text(&t, x->out_est);
    if (x->out_sel)
        selection_text(&t, x->out_sel);
    if (x->out_vocab)
        vocab_text(&t, x->out_vocab);
    add(&t, "rel %d\n", (int)x->out_rel);
    if (x->out_rejects) {
        add(&t, "rejects %zu\n", cas_rejects_count(x->out_rejects));
        for (size_t i = 0; i < cas_rejects_count(x->out_rejects); i++) {
            cas_error e;
            cas_error_init(&e);
            ck_assert_int_eq(cas_rejects_get(x->out_rejects, i, &e), CAS_OK);
            add(&t, "%d %s %s\n", e.status, e.field, e.message);
        }
    }
    if (x->out_text)
        add(&t, "text %zu %s\n", x->out_len, x->out_text);
    add(&t, "sum %u %u %lld %lld\n", x->out_sum.size, x->out_sum.terms, (long long)x->out_sum.low,
        (long long)x->out_sum.high);
    add(&t, "cmp %u %d %d %d %d %lld %lld %lld %.6g\n", x->out_cmp.size, x->out_cmp.scope_relation,
        x->out_cmp.range_relation, x->out_cmp.consistent, x->out_cmp.narrower,
        (long long)x->out_cmp.gap, (long long)x->out_cmp.first_figure,
        (long long)x->out_cmp.second_figure, x->out_cmp.ratio);
    claim_text(&t, &x->out_claim);
    add(&t, "select %zu:", x->out_sel_count);
    for (size_t i = 0; i < x->out_sel_count && i < 64; i++)
        add(&t, " %zu", x->out_sel_idx[i]);
    add(&t, "\n");
    return t.s;
}

/* The out-parameters as the test set them before the call. */
static void clear_outputs(ctx *x)
{
    x->out_ledger = NULL;
    x->out_rec = NULL;
    x->out_prop = NULL;
    x->out_matrix = NULL;
    x->out_popts = NULL;
    x->out_phrase = NULL;
    x->out_table = NULL;
    x->out_est = NULL;
    x->out_sel = NULL;
    x->out_vocab = NULL;
    x->out_rel = -7;
    x->out_rejects = NULL;
    x->out_text = NULL;
    x->out_len = 12345;
    memset(&x->out_sum, 0x5a, sizeof x->out_sum);
    x->out_sum.size = sizeof x->out_sum;
    memset(&x->out_cmp, 0x5a, sizeof x->out_cmp);
    x->out_cmp.size = sizeof x->out_cmp;
    cas_claim_init(&x->out_claim);
    x->out_claim.low = -77;
    for (size_t i = 0; i < 64; i++)
        x->out_sel_idx[i] = 999;
    x->out_sel_count = 777;
}

static void free_outputs(ctx *x)
{
    cas_ledger_free(x->out_ledger);
    cas_reconciliation_free(x->out_rec);
    cas_propagation_free(x->out_prop);
    cas_matrix_free(x->out_matrix);
    cas_phrase_options_free(x->out_popts);
    cas_phrase_result_free(x->out_phrase);
    cas_mse_table_free(x->out_table);
    cas_mse_estimate_free(x->out_est);
    cas_mse_selection_free(x->out_sel);
    cas_vocab_free(x->out_vocab);
    cas_rejects_free(x->out_rejects);
    cas_free(x->out_text);
    clear_outputs(x);
}

static void free_inputs(ctx *x)
{
    cas_propagation_free(x->prop);
    cas_reconciliation_free(x->rec);
    cas_ledger_free(x->ledger);
    cas_phrase_options_free(x->popts);
    cas_mse_selection_free(x->sel);
    cas_mse_estimate_free(x->est);
    cas_mse_table_free(x->table);
    cas_vocab_free(x->vocab);
    free(x->data);
    if (x->path[0])
        unlink(x->path);
    memset(x, 0, sizeof *x);
}

/* --- the walk --- */

/* Where two states part: a short excerpt of each for a failure message
 * (Check's messages are short). */
static const char *parting(const char *a, const char *b, char *buf, size_t size)
{
    size_t i = 0, from;
    while (a[i] && a[i] == b[i])
        i++;
    from = i > 120 ? i - 120 : 0;
    snprintf(buf, size, "at byte %zu: ...%.240s\n--- instead of ---\n...%.240s", i, a + from,
             b + from);
    return buf;
}

typedef struct chaos {
    const char *name;
    void (*setup)(ctx *x);
    cas_status (*call)(ctx *x);
    /* The call may keep memory in its inputs (a ledger's new strings,
     * a table's new words), so allocations and frees need not balance. */
    int keeps;
    /* The header promises less than "unchanged" after a failure: then the
     * state is only read back (under the sanitizers) and freed. No entry
     * point needs it now (cas_propagation_run puts its state back). */
    int partial;
} chaos;

/* Walk one entry point; returns the number of allocations failed. */
static size_t walk(const chaos *c)
{
    ctx x;
    char *before, *good;
    size_t total, n;

    memset(&x, 0, sizeof x);
    c->setup(&x);
    clear_outputs(&x);
    before = state(&x);
    cas__alloc_fail_at(SIZE_MAX);
    ck_assert_msg(c->call(&x) == CAS_OK, "%s: fails without a failed allocation", c->name);
    total = cas__alloc_count();
    cas__alloc_pause();
    good = state(&x);
    free_outputs(&x);
    free_inputs(&x);

    for (n = 1;; n++) {
        cas_status st;
        size_t count;
        int failed;
        char *after, msg[700];

        memset(&x, 0, sizeof x);
        c->setup(&x);
        clear_outputs(&x);
        cas__alloc_fail_at(n);
        st = c->call(&x);
        cas__alloc_pause();
        failed = cas__alloc_failed();
        count = cas__alloc_count();
        after = state(&x);
        if (st == CAS_OK) {
            /* Succeeded, perhaps by doing without the failed block: with
             * the result it gives when nothing fails. */
            ck_assert_msg(strcmp(after, good) == 0,
                          "%s, allocation %zu failed: returned OK "
                          "with another result %s",
                          c->name, n, parting(after, good, msg, sizeof msg));
        } else {
            ck_assert_msg(st == CAS_ERR_NOMEM, "%s, allocation %zu failed: status %d (%s)", c->name,
                          n, (int)st, cas_strerror(st));
            ck_assert_msg(failed, "%s: CAS_ERR_NOMEM though no allocation failed", c->name);
            ck_assert_msg(c->partial || strcmp(after, before) == 0,
                          "%s, allocation %zu failed: state "
                          "changed %s",
                          c->name, n, parting(after, before, msg, sizeof msg));
        }
        free(after);
        cas__alloc_resume();
        free_outputs(&x);
        cas__alloc_pause();
        if (!c->keeps)
            ck_assert_msg(cas__alloc_live() == 0,
                          "%s, allocation %zu failed: %ld blocks "
                          "not freed",
                          c->name, n, cas__alloc_live());
        free_inputs(&x);
        if (!failed) {
            ck_assert_msg(count == total, "%s: %zu allocations, then %zu", c->name, total, count);
            break;
        }
    }
    free(before);
    free(good);
    printf("# %s: %zu allocations failed one at a time\n", c->name, n - 1);
    fflush(stdout);
    return n - 1;
}

static void teardown(void)
{
    cas__alloc_pause();
}

#define WALK(test, ...)                                                                            \
    START_TEST(test)                                                                               \
    {                                                                                              \
        static const chaos cases[] = {__VA_ARGS__};                                                \
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)                                \
            walk(&cases[i]);                                                                       \
    }                                                                                              \
    END_TEST

WALK(test_csv_load, {"cas_csv_load (empty ledger)", setup_empty, call_load_file, 1, 0},
     {"cas_csv_load (non-empty ledger)", setup_small, call_load_file, 1, 0},
     {"cas_csv_load (loaded ledger)", setup_extra, call_load_file, 1, 0},
     {"cas_csv_load_buffer (empty ledger)", setup_csv_text, call_load_buffer, 1, 0},
     {"cas_csv_load_lenient (non-empty ledger)", setup_small, call_load_lenient, 1, 0},
     {"cas_csv_load_buffer_lenient (empty ledger)", setup_empty, call_load_buffer_lenient, 1, 0},
     {"cas_csv_load_buffer_lenient (loaded ledger)", setup_syria, call_load_buffer_lenient, 1, 0})

static void setup_small_text(ctx *x)
{
    setup_small(x);
    x->data = tu_read_file(EXAMPLE_DATA_DIR "/syria-2025-03.csv", &x->len);
}

WALK(test_csv_load_buffer_nonempty,
     {"cas_csv_load_buffer (non-empty ledger)", setup_small_text, call_load_buffer, 1, 0})

WALK(test_ledger, {"cas_ledger_new", setup_empty, call_ledger_new, 0, 0},
     {"cas_ledger_add (empty ledger)", setup_empty, call_ledger_add, 1, 0},
     {"cas_ledger_add (loaded ledger)", setup_syria, call_ledger_add, 1, 0})

static void setup_syria_save(ctx *x)
{
    setup_savefile(x);
}

WALK(test_csv_save, {"cas_csv_save_string", setup_syria, call_csv_save_string, 0, 0},
     {"cas_csv_save", setup_syria_save, call_csv_save, 0, 0})

WALK(test_reconcile, {"cas_reconcile_ledger", setup_syria, call_reconcile_ledger, 0, 0},
     {"cas_reconcile_scope", setup_syria, call_reconcile_scope, 0, 0},
     {"cas_compare_claims", setup_syria, call_compare_claims, 0, 0},
     {"cas_compare_at", setup_syria, call_compare_at, 0, 0},
     {"cas_ledger_select", setup_syria, call_ledger_select, 0, 0},
     {"cas_matrix_new", setup_syria, call_matrix_new, 0, 0})

WALK(test_aggregate, {"cas_sum_ranges", setup_ranges, call_sum_ranges, 0, 0},
     {"cas_sum_results", setup_results, call_sum_results, 0, 0},
     {"cas_propagation_new", setup_reconciled, call_propagation_new, 0, 0},
     {"cas_propagation_cover", setup_propagation, call_propagation_cover, 1, 0},
     {"cas_propagation_run", setup_propagation, call_propagation_run, 1, 0},
     {"cas_propagation_run (with a cover)", setup_covered, call_propagation_run, 1, 0})

WALK(test_report, {"cas_report_table", setup_reconciled, call_report_table, 0, 0},
     {"cas_report_csv", setup_reconciled, call_report_csv, 0, 0},
     {"cas_report_markdown", setup_reconciled, call_report_markdown, 0, 0},
     {"cas_report_table_save", setup_savefile, call_report_table_save, 0, 0},
     {"cas_report_csv_save", setup_savefile, call_report_csv_save, 0, 0},
     {"cas_report_markdown_save", setup_savefile, call_report_markdown_save, 0, 0})

WALK(test_phrase, {"cas_phrase_options_new", setup_empty, call_phrase_options_new, 0, 0},
     {"cas_phrase_parse (prose)", setup_article, call_phrase_parse, 0, 0},
     {"cas_phrase_parse (casualty field)", setup_popts, call_phrase_parse_field, 0, 0},
     {"cas_phrase_options_set_name", setup_popts, call_set_name, 1, 0},
     {"cas_phrase_options_set_hedge", setup_popts, call_set_hedge, 1, 0},
     {"cas_phrase_options_remove_hedge", setup_popts, call_remove_hedge, 1, 0},
     {"cas_phrase_options_add_term", setup_popts, call_add_term, 1, 0},
     {"cas_phrase_options_remove_term", setup_popts, call_remove_term, 1, 0},
     {"cas_phrase_options_add_source", setup_popts, call_add_source, 1, 0},
     {"cas_phrase_options_set_default", setup_popts, call_set_default, 1, 0})

WALK(test_mse, {"cas_mse_table_new", setup_empty, call_mse_table_new, 0, 0},
     {"cas_mse_table_load", setup_empty, call_mse_table_load, 0, 0},
     {"cas_mse_table_load_buffer", setup_mse_text, call_mse_table_load_buffer, 0, 0},
     {"cas_mse_two_list", setup_table2, call_mse_two_list, 0, 0},
     {"cas_mse_fit", setup_table3, call_mse_fit, 0, 0},
     {"cas_mse_select", setup_table3, call_mse_select, 0, 0},
     {"cas_mse_estimate_claim", setup_estimate, call_estimate_claim, 1, 0},
     {"cas_mse_selection_claim", setup_selection, call_selection_claim, 1, 0})

/* --- the vocabulary --- */

static const char vocab_user[] = "group kids -> civilians/children\n"
                                 "group insurgents/hts -> combatants/insurgents/hayat-tahrir\n"
                                 "group combatants/insurgents/hts -> "
                                 "combatants/insurgents/hayat-tahrir\n"
                                 "outcome captured -> detained/captured\n"
                                 "outcome detained/captured\n"
                                 "group people exclusive = civilians combatants\n";

static void setup_vocab(ctx *x)
{
    ck_assert_int_eq(cas_vocab_new_default(&x->vocab, NULL), CAS_OK);
}

static cas_status call_vocab_new_default(ctx *x)
{
    return cas_vocab_new_default(&x->out_vocab, NULL);
}

static cas_status call_vocab_load_buffer(ctx *x)
{
    return cas_vocab_load_buffer(&x->out_vocab, vocab_user, strlen(vocab_user), "user", NULL);
}

static cas_status call_vocab_extend(ctx *x)
{
    return cas_vocab_extend_buffer(x->vocab, vocab_user, strlen(vocab_user), "user", NULL);
}

static cas_status call_vocab_relation(ctx *x)
{
    return cas_vocab_relation(x->vocab, CAS_DIM_GROUP, "insurgents/x", "children", &x->out_rel,
                              NULL);
}

static cas_status call_vocab_check_addable(ctx *x)
{
    static const char *const paths[] = {"children", "government/army", "insurgents"};
    return cas_vocab_check_addable(x->vocab, CAS_DIM_GROUP, paths, 3, NULL);
}

static cas_status call_vocab_save_string(ctx *x)
{
    return cas_vocab_save_string(&x->out_text, &x->out_len, x->vocab, NULL);
}

static void setup_empty_and_vocab(ctx *x)
{
    setup_empty(x);
    setup_vocab(x);
    ck_assert_int_eq(
        cas_vocab_extend_buffer(x->vocab, vocab_user, strlen(vocab_user), "user", NULL), CAS_OK);
}

static cas_status call_ledger_set_vocabulary(ctx *x)
{
    return cas_ledger_set_vocabulary(x->ledger, x->vocab, NULL);
}

/* Adding a claim whose paths the vocabulary rewrites. */
static cas_status call_add_alias(ctx *x)
{
    cas_claim c = tu_claim("alias-1", "S", 3, 3);
    c.scope.outcome = "detained/captured";
    c.scope.group = "insurgents/x";
    return cas_ledger_add(x->ledger, &c, NULL);
}

WALK(test_vocab, {"cas_vocab_new_default", setup_empty, call_vocab_new_default, 0, 0},
     {"cas_vocab_load_buffer", setup_empty, call_vocab_load_buffer, 0, 0},
     {"cas_vocab_extend_buffer", setup_vocab, call_vocab_extend, 0, 0},
     {"cas_vocab_relation", setup_vocab, call_vocab_relation, 0, 0},
     {"cas_vocab_check_addable", setup_vocab, call_vocab_check_addable, 0, 0},
     {"cas_vocab_save_string", setup_vocab, call_vocab_save_string, 0, 0},
     {"cas_ledger_set_vocabulary", setup_empty_and_vocab, call_ledger_set_vocabulary, 0, 0},
     {"cas_ledger_add (a path the vocabulary rewrites)", setup_small, call_add_alias, 1, 0})

/* The hook itself: it fails exactly the n-th allocation and counts them. */
START_TEST(test_hook)
{
    cas_ledger *l = NULL;
    size_t total;
    cas__alloc_fail_at(SIZE_MAX);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    total = cas__alloc_count();
    cas__alloc_pause();
    ck_assert_uint_ge(total, 1);
    ck_assert_int_ge(cas__alloc_live(), 1);
    cas__alloc_resume();
    cas_ledger_free(l);
    cas__alloc_pause();
    ck_assert_int_eq(cas__alloc_live(), 0);
    l = NULL;
    cas__alloc_fail_at(total);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_ERR_NOMEM);
    cas__alloc_pause();
    ck_assert(cas__alloc_failed());
    ck_assert_uint_eq(cas__alloc_count(), total);
    ck_assert_ptr_null(l);
    cas__alloc_fail_at(total + 1);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    cas__alloc_pause();
    ck_assert(!cas__alloc_failed());
    cas_ledger_free(l);
}
END_TEST

static Suite *alloc_suite(void)
{
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("chaos");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_hook);
    tcase_add_test(tc, test_ledger);
    tcase_add_test(tc, test_csv_load);
    tcase_add_test(tc, test_csv_load_buffer_nonempty);
    tcase_add_test(tc, test_csv_save);
    tcase_add_test(tc, test_reconcile);
    tcase_add_test(tc, test_aggregate);
    tcase_add_test(tc, test_report);
    tcase_add_test(tc, test_phrase);
    tcase_add_test(tc, test_mse);
    tcase_add_test(tc, test_vocab);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(alloc_suite());
}
