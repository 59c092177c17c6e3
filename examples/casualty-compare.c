/* SPDX-License-Identifier: MIT */
/* casualty-compare: how the sources of a claims CSV compare.
 *
 * Without --scope: the source matrix (casualty/matrix.h). For every pair
 * of sources that give a figure for the same scope: how many scopes, on
 * how many their ranges all meet (agree) or some cannot both be true
 * (conflict), and how far apart they run (docs/model.md section 14): on
 * the scopes where both give a figure, how often each is higher, the 10th
 * percentile, median and 90th percentile of the ratio of their figures,
 * and the share within --tolerance; scopes where one gives only an
 * open-ended floor are counted apart. Then the medians as a source x
 * source grid.
 *
 * With --scope: the claims on exactly the scope given by --outcome,
 * --group, --perpetrator, --place, --from and --to, side by side (one
 * column per claim), every pair of them compared (casualty/compare.h),
 * and the scope reconciled (the library's printer).
 *
 * usage: casualty-compare [OPTIONS] [FILE]   (see --help) */
#include "common.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_SCOPE = EX_OPT_FIRST_FREE };

/* The grid of sources is printed up to this many sources. */
#define GRID_MAX 12

static const struct option long_options[] = {
    EX_FORMAT_OPTION,    EX_BASES_OPTION,
    EX_TOLERANCE_OPTION, {"scope", no_argument, NULL, OPT_SCOPE},
    EX_COMMON_OPTIONS,
};

static const char help[] =
    "Compare the sources of a claims CSV (docs/csv.md): for every pair of sources\n"
    "that give a figure for the same scope, the scopes in common, how many of\n"
    "them they agree or conflict on, and how far apart they run: on the scopes\n"
    "where both give a figure (n), how often each is higher, the 10th\n"
    "percentile, median and 90th percentile of the ratio A/B, and the share\n"
    "within the tolerance (equal without --tolerance); scopes where one gives\n"
    "only an open-ended floor (\"at least N\") are counted apart. Then a source\n"
    "x source grid of the medians. The scope options keep the scopes within\n"
    "the one given.\n"
    "With --scope, the claims on exactly that scope side by side instead, every\n"
    "pair of them compared, and the scope reconciled.\n" EX_BUNDLED_HELP "\n"
    "Options:\n"
    "  -f, --format FORMAT     text (the default), csv, markdown or jsonl; csv\n"
    "                          and jsonl print the pairs, or with --scope the\n"
    "                          claims side by side\n"
    "      --scope             show the claims on one scope (give it with the\n"
    "                          options below; unset paths mean \"all\")\n" EX_BASES_HELP
        EX_TOLERANCE_HELP;

static void ratio_text(char *buf, size_t size, double ratio)
{
    if (isnan(ratio))
        ex_fmt(buf, size, "n/a");
    else
        ex_fmt(buf, size, "%.2f", ratio);
}

/* ---- the source matrix ------------------------------------------------ */

/* One line per pair of sources with a scope in common, written so that
 * "source A" is the one whose figures run higher (median ratio >= 1). */
static int print_pairs(const cas_matrix *m, ex_format format)
{
    static const char *const heads[] = {"source A", "source B", "scopes",   "agree",   "conflict",
                                        "n",        "A higher", "B higher", "p10 A/B", "median",
                                        "p90",      "within",   "floors"};
    enum { NH = sizeof heads / sizeof *heads };
    ex_table *t = ex_table_new(NH, heads, "llrrrrrrrrrrr");
    int status = t ? EX_OK : ex_failf("out of memory");

    for (size_t i = 0; status == EX_OK && i < cas_matrix_count(m); i++) {
        cas_source_pair p;
        char cells[NH - 2][32];
        const char *row[NH];

        cas_source_pair_init(&p);
        cas_matrix_get(m, i, &p);
        if (!isnan(p.median_ratio) ? p.median_ratio < 1.0 : p.second_higher > p.first_higher)
            cas_matrix_find(m, p.second, p.first, &p); /* the exact reciprocal */
        ex_fmt(cells[0], sizeof cells[0], "%u", (unsigned)p.scopes);
        ex_fmt(cells[1], sizeof cells[1], "%u", (unsigned)p.agree);
        ex_fmt(cells[2], sizeof cells[2], "%u", (unsigned)p.conflict);
        ex_fmt(cells[3], sizeof cells[3], "%u", (unsigned)p.figures);
        ex_fmt(cells[4], sizeof cells[4], "%u", (unsigned)p.first_higher);
        ex_fmt(cells[5], sizeof cells[5], "%u", (unsigned)p.second_higher);
        ratio_text(cells[6], sizeof cells[6], p.p10_ratio);
        ratio_text(cells[7], sizeof cells[7], p.median_ratio);
        ratio_text(cells[8], sizeof cells[8], p.p90_ratio);
        if (p.figures)
            ex_fmt(cells[9], sizeof cells[9], "%.0f%%",
                   100.0 * (double)p.within_tolerance / (double)p.figures);
        else
            ex_fmt(cells[9], sizeof cells[9], "n/a");
        ex_fmt(cells[10], sizeof cells[10], "%u", (unsigned)p.floors);
        row[0] = p.first;
        row[1] = p.second;
        for (int k = 0; k < NH - 2; k++)
            row[k + 2] = cells[k];
        if (ex_table_add(t, row) != 0)
            status = ex_failf("out of memory");
    }
    if (status == EX_OK)
        status = ex_table_print(t, format);
    ex_table_free(t);
    return status;
}

/* The grid: row source / column source, "scopes: median ratio". The
 * columns are numbered like the rows, so that long names fit. */
static int print_grid(const cas_matrix *m, ex_format format)
{
    size_t n = cas_matrix_sources(m);
    const char **heads = calloc(n + 2, sizeof *heads);
    const char **row = calloc(n + 2, sizeof *row);
    char(*numbers)[16] = calloc(n + 1, sizeof *numbers);
    char(*cells)[48] = calloc(n + 1, sizeof *cells);
    char *align = calloc(n + 3, 1);
    ex_table *t = NULL;
    int status = EX_OK;

    if (!heads || !row || !numbers || !cells || !align)
        status = ex_failf("out of memory");
    if (status == EX_OK) {
        heads[0] = "#";
        heads[1] = "source";
        align[0] = 'r';
        align[1] = 'l';
        for (size_t j = 0; j < n; j++) {
            ex_fmt(numbers[j], sizeof numbers[j], "%zu", j + 1);
            heads[j + 2] = numbers[j];
            align[j + 2] = 'r';
        }
        if (!(t = ex_table_new(n + 2, heads, align)))
            status = ex_failf("out of memory");
    }
    for (size_t i = 0; status == EX_OK && i < n; i++) {
        const char *a = cas_matrix_source(m, i);
        row[0] = numbers[i];
        row[1] = a;
        for (size_t j = 0; j < n; j++) {
            cas_source_pair p = {.size = sizeof p};
            char ratio[32];
            if (i == j) {
                ex_fmt(cells[j], sizeof cells[j], "-");
            } else {
                cas_matrix_find(m, a, cas_matrix_source(m, j), &p);
                ratio_text(ratio, sizeof ratio, p.median_ratio);
                if (p.scopes == 0)
                    ex_fmt(cells[j], sizeof cells[j], ".");
                else
                    ex_fmt(cells[j], sizeof cells[j], "%u: %s", (unsigned)p.scopes, ratio);
            }
            row[j + 2] = cells[j];
        }
        if (ex_table_add(t, row) != 0)
            status = ex_failf("out of memory");
    }
    if (status == EX_OK) {
        printf("\nScopes in common: median ratio of the row source's figures to the "
               "column source's\n(\".\": no scope in common)\n\n");
        status = ex_table_print(t, format);
    }
    ex_table_free(t);
    free(heads);
    free(row);
    free(numbers);
    free(cells);
    free(align);
    return status;
}

static int show_matrix(const cas_ledger *claims, const cas_reconcile_options *opts,
                       ex_format format)
{
    char tolerance_text[48];
    cas_matrix *m = NULL;
    cas_error err;
    cas_status st;
    int status;

    cas_error_init(&err);
    if (opts->tolerance_kind == CAS_TOLERANCE_SHARE)
        ex_fmt(tolerance_text, sizeof tolerance_text, "within %g%% of the larger",
               opts->tolerance * 100);
    else if (opts->tolerance_kind == CAS_TOLERANCE_COUNT)
        ex_fmt(tolerance_text, sizeof tolerance_text, "within %.0f of each other", opts->tolerance);
    else
        ex_fmt(tolerance_text, sizeof tolerance_text, "equal (no --tolerance)");
    if ((st = cas_matrix_new(&m, claims, opts, &err)) != CAS_OK)
        return ex_fail(&err, st);
    if (!EX_IS_DATA(format))
        printf("%zu sources with counted claims; %zu %s of them %s figures for a "
               "scope in common.\n\n",
               cas_matrix_sources(m), cas_matrix_count(m),
               cas_matrix_count(m) == 1 ? "pair" : "pairs",
               cas_matrix_count(m) == 1 ? "gives" : "give");
    status = print_pairs(m, format);
    if (status == EX_OK && !EX_IS_DATA(format))
        printf("\nn: scopes where both give a figure; A higher, B higher: of those; p10,\n"
               "median, p90: of the ratio A/B where both are above 0; within: the share of\n"
               "the n %s;\nfloors: scopes where one gives only \"at least N\".\n",
               tolerance_text);
    if (status == EX_OK && !EX_IS_DATA(format)) {
        if (cas_matrix_sources(m) <= GRID_MAX)
            status = print_grid(m, format);
        else
            printf("\n(No grid: more than %d sources.)\n", GRID_MAX);
    }
    cas_matrix_free(m);
    return status;
}

/* ---- one scope --------------------------------------------------------- */

/* Why a claim on the scope is or is not counted. */
static void status_text(char *buf, size_t size, const cas_ledger *l, size_t index,
                        const cas_claim *c, uint32_t bases)
{
    int32_t current = 1;
    cas_ledger_is_current(l, index, &current);
    if (!current)
        ex_fmt(buf, size, "superseded");
    else if (!(bases & CAS_BASIS_BIT(c->basis)))
        ex_fmt(buf, size, "not counted (%s)", cas_basis_name(c->basis));
    else
        ex_fmt(buf, size, "counted");
}

/* The claims side by side: one column per claim, one row per field. */
static int print_side_by_side(const cas_ledger *l, const size_t *idx, size_t n, uint32_t bases,
                              ex_format format)
{
    enum { NFIELDS = 11 };
    static const char *const fields[NFIELDS] = {
        "source", "source kind", "relay",  "basis", "qualifier", "range",
        "best",   "reported on", "status", "quote", "citation",
    };
    const char **heads = calloc(n + 1, sizeof *heads);
    const char **row = calloc(n + 1, sizeof *row);
    char(*cells)[64] = calloc(n, sizeof *cells);
    char *align = calloc(n + 2, 1);
    cas_claim *claims = calloc(n, sizeof *claims);
    ex_table *t = NULL;
    int status = EX_OK;

    if (!heads || !row || !cells || !align || !claims)
        status = ex_failf("out of memory");
    if (status == EX_OK) {
        heads[0] = "";
        align[0] = 'l';
        for (size_t k = 0; k < n; k++) {
            cas_claim_init(&claims[k]);
            cas_ledger_get(l, idx[k], &claims[k]);
            heads[k + 1] = claims[k].id;
            align[k + 1] = 'l';
        }
        if (!(t = ex_table_new(n + 1, heads, align)))
            status = ex_failf("out of memory");
    }
    for (int f = 0; status == EX_OK && f < NFIELDS; f++) {
        row[0] = fields[f];
        for (size_t k = 0; k < n; k++) {
            const cas_claim *c = &claims[k];
            const char *text = cells[k];
            switch (f) {
            case 0:
                text = c->source;
                break;
            case 1:
                text = c->source_kind;
                break;
            case 2:
                text = c->relay;
                break;
            case 3:
                text = cas_basis_name(c->basis);
                break;
            case 4:
                text = cas_qualifier_name(c->qualifier);
                break;
            case 5:
                ex_range_text(cells[k], sizeof cells[k], c->low, c->high);
                break;
            case 6:
                if (c->best == CAS_NONE)
                    ex_fmt(cells[k], sizeof cells[k], "-");
                else
                    ex_fmt(cells[k], sizeof cells[k], "%lld", (long long)c->best);
                break;
            case 7:
                if (c->reported_on == CAS_DATE_UNKNOWN ||
                    cas_date_format(cells[k], sizeof cells[k], c->reported_on) != CAS_OK)
                    ex_fmt(cells[k], sizeof cells[k], "-");
                break;
            case 8:
                status_text(cells[k], sizeof cells[k], l, idx[k], c, bases);
                break;
            case 9:
                text = c->quote;
                break;
            default:
                text = c->citation;
                break;
            }
            row[k + 1] = text;
        }
        if (ex_table_add(t, row) != 0)
            status = ex_failf("out of memory");
    }
    if (status == EX_OK)
        status = ex_table_print(t, format);
    ex_table_free(t);
    free(heads);
    free(row);
    free(cells);
    free(align);
    free(claims);
    return status;
}

/* Every pair of the claims compared: how the ranges relate, whether both
 * can be true, by how much they miss, the ratio of the figures. */
static int print_pairs_of_claims(const cas_ledger *l, const size_t *idx, size_t n, ex_format format)
{
    static const char *const heads[] = {"first", "second", "ranges",  "consistent",
                                        "gap",   "ratio",  "narrower"};
    ex_table *t = ex_table_new(7, heads, "lllrrrl");
    int status = t ? EX_OK : ex_failf("out of memory");

    for (size_t i = 0; status == EX_OK && i < n; i++) {
        for (size_t j = i + 1; status == EX_OK && j < n; j++) {
            cas_comparison cmp;
            cas_claim a, b;
            cas_error err;
            cas_status st;
            char gap[32], ratio[32];
            const char *row[7];

            cas_comparison_init(&cmp);
            cas_error_init(&err);
            if ((st = cas_compare_at(&cmp, l, idx[i], idx[j], &err)) != CAS_OK) {
                status = ex_fail(&err, st);
                break;
            }
            cas_claim_init(&a);
            cas_claim_init(&b);
            cas_ledger_get(l, idx[i], &a);
            cas_ledger_get(l, idx[j], &b);
            ex_fmt(gap, sizeof gap, "%lld", (long long)cmp.gap);
            ratio_text(ratio, sizeof ratio, cmp.ratio);
            row[0] = a.id;
            row[1] = b.id;
            row[2] = cas_range_rel_name(cmp.range_relation);
            row[3] = cmp.consistent ? "yes" : "no";
            row[4] = gap;
            row[5] = ratio;
            row[6] = cmp.narrower == CAS_SIDE_FIRST    ? a.id
                     : cmp.narrower == CAS_SIDE_SECOND ? b.id
                                                       : "neither";
            if (ex_table_add(t, row) != 0)
                status = ex_failf("out of memory");
        }
    }
    if (status == EX_OK && ex_table_rows(t) > 0) {
        printf("\nEvery pair compared (ratio: first's figure / second's; a figure is the "
               "best estimate, else the low):\n\n");
        status = ex_table_print(t, format);
    }
    ex_table_free(t);
    return status;
}

static int show_scope(const cas_ledger *l, const cas_scope *scope,
                      const cas_reconcile_options *opts, ex_format format)
{
    cas_reconciliation *rec = NULL;
    cas_error err;
    cas_status st;
    size_t n = 0, *idx = NULL;
    char text[1024];
    int status = EX_OK;

    /* Every claim on exactly this scope, superseded ones too. */
    cas_error_init(&err);
    ex_scope_text(text, sizeof text, scope);
    st = cas_ledger_select(l, scope, CAS_SELECT(CAS_SCOPE_SAME), 0, NULL, 0, &n);
    if (st != CAS_OK)
        return ex_fail(NULL, st);
    if (n == 0)
        return ex_failf("no claim has the scope %s", text);
    if (!(idx = malloc(n * sizeof *idx)))
        return ex_failf("out of memory");
    cas_ledger_select(l, scope, CAS_SELECT(CAS_SCOPE_SAME), 0, idx, n, &n);

    if (!EX_IS_DATA(format))
        printf("Scope: %s\n%zu claims\n\n", text, n);
    status = print_side_by_side(l, idx, n, opts->bases, format);
    if (status == EX_OK && !EX_IS_DATA(format))
        status = print_pairs_of_claims(l, idx, n, format);

    /* The reconciliation of the scope, by the library's printer. */
    if (status == EX_OK && !EX_IS_DATA(format)) {
        st = cas_reconcile_scope(&rec, l, scope, opts, &err);
        if (st == CAS_ERR_NOT_FOUND) {
            printf("\nNo claim on the scope is counted: nothing to reconcile.\n");
        } else if (st != CAS_OK) {
            status = ex_fail(&err, st);
        } else {
            printf("\nReconciled:\n\n");
            status = ex_print_report(rec, format);
        }
    }
    cas_reconciliation_free(rec);
    free(idx);
    return status;
}

/* --scope, the one option of its own. */
static int option(void *one_scope, int opt, const char *arg)
{
    (void)arg;
    if (opt == OPT_SCOPE)
        *(int *)one_scope = 1;
    return EX_OK;
}

int main(int argc, char **argv)
{
    ex_claims_args a;
    cas_ledger *claims = NULL;
    int one_scope = 0;
    ex_cli cli = {.name = "casualty-compare",
                  .help = help,
                  .shortopts = ":f:h",
                  .longopts = long_options,
                  .option = option,
                  .ctx = &one_scope};
    int status = ex_parse_claims_args(&a, &cli, argc, argv);

    if (status != EX_GO)
        return status;
    if (one_scope && !a.scope.given)
        return ex_usage("option '--scope' needs the scope: --outcome, --group, --perpetrator, "
                        "--place, --from, --to");

    status = ex_load_claims(&claims, a.file);
    if (status == EX_OK && one_scope)
        status = show_scope(claims, &a.scope.scope, &a.opts, a.format);
    else if (status == EX_OK) {
        status = ex_keep_within(&claims, &a.scope);
        if (status == EX_OK)
            status = show_matrix(claims, &a.opts, a.format);
    }
    if (status == EX_OK)
        status = ex_finish();
    cas_ledger_free(claims);
    return status;
}
