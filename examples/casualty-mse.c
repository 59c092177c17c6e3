/* SPDX-License-Identifier: MIT */
/* casualty-mse: estimate how many victims there were, recorded or not,
 * from the overlaps between lists (multiple systems estimation,
 * casualty/mse.h, docs/mse.md).
 *
 * For two lists: the Lincoln-Petersen and Chapman estimates. For three to
 * six: every hierarchical log-linear model (stepwise for five and six
 * lists), ranked by AIC or BIC, with the chosen model and the spread of the
 * well-supported ones, because the choice of model often matters more than
 * any one interval. --model fits one model; --claim prints the estimate as
 * a claims CSV row, ready to be reconciled against the counts.
 *
 * usage: casualty-mse [OPTIONS] FILE   (see --help) */
#include "common.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    OPT_MODEL = EX_OPT_FIRST_FREE,
    OPT_METHOD,
    OPT_CRITERION,
    OPT_LEVEL,
    OPT_SUPPORT,
    OPT_SATURATED,
    OPT_CLAIM,
    OPT_ID,
    OPT_TOP,
};

static const struct option long_options[] = {
    EX_FORMAT_OPTION,
    {"model", required_argument, NULL, OPT_MODEL},
    {"method", required_argument, NULL, OPT_METHOD},
    {"criterion", required_argument, NULL, OPT_CRITERION},
    {"level", required_argument, NULL, OPT_LEVEL},
    {"support", required_argument, NULL, OPT_SUPPORT},
    {"saturated", no_argument, NULL, OPT_SATURATED},
    {"claim", no_argument, NULL, OPT_CLAIM},
    {"id", required_argument, NULL, OPT_ID},
    {"top", required_argument, NULL, OPT_TOP},
    EX_COMMON_OPTIONS,
};

static const char help[] =
    "Estimate the total number of victims, recorded or not, from the overlaps\n"
    "between lists (multiple systems estimation, docs/mse.md). FILE is a CSV of\n"
    "capture histories: one 0/1 column per list and a column count, one row per\n"
    "pattern of list membership (FILE - reads the standard input).\n"
    "Two lists give the Lincoln-Petersen and Chapman estimates; three to six\n"
    "give every hierarchical log-linear model ranked by AIC or BIC, the chosen\n"
    "model and the spread of the well-supported ones.\n"
    "\n"
    "Options:\n" EX_FORMAT_HELP
    "      --model MODEL       fit this log-linear model only, e.g. \"[12,13]\",\n"
    "                          independence, two-way\n"
    "      --method METHOD     two lists, for --claim: chapman (the default) or\n"
    "                          lincoln-petersen\n"
    "      --criterion NAME    rank models by aic (the default) or bic\n"
    "      --level LEVEL       confidence level of the intervals (default 0.95)\n"
    "      --support D         models within D of the best criterion are well\n"
    "                          supported (default 2)\n"
    "      --top N             list only the N best models (default: all)\n"
    "      --saturated         also fit saturated models (df 0), which nothing\n"
    "                          in the data can check\n"
    "      --claim             print the estimate as a claims CSV (docs/csv.md):\n"
    "                          the widest well-supported interval, the chosen\n"
    "                          model's estimate as best, basis estimated\n"
    "      --id ID             the claim's id (default mse-1)\n"
    "The claim's scope (default outcome killed, everything else \"all\"):\n"
    "      --outcome PATH, --group PATH, --perpetrator PATH, --place PATH,\n"
    "      --from DATE, --to DATE\n";

static void number(char *buf, size_t size, double v, int decimals)
{
    if (isnan(v))
        ex_fmt(buf, size, "-");
    else if (isinf(v))
        ex_fmt(buf, size, "open");
    else
        cas_real_format(buf, size, v, decimals);
}

/* A number as a tidy cell (CSV): every digit that reads back
 * as @v, empty for NaN and for an unbounded end. */
static void tidy_number(char *buf, size_t size, double v)
{
    if (!isfinite(v))
        buf[0] = '\0';
    else
        cas_real_format(buf, size, v, -1);
}

static const char *interval_name(int32_t kind)
{
    return kind == CAS_MSE_CI_PROFILE     ? "profile"
           : kind == CAS_MSE_CI_LOGNORMAL ? "log-normal"
                                          : "Wald";
}

static const char *heads[] = {"model",    "N-hat", "SE",  "low", "high", "interval",
                              "deviance", "df",    "AIC", "BIC", "dAIC"};

/* The columns of the CSV (and of the library's JSON Lines): one value a cell. */
static const char *tidy_heads[] = {"model",           "n_hat",    "se", "low", "high", "interval",
                                   "low_at_observed", "deviance", "df", "aic", "bic",  "daic"};

/* One row of the table for one estimate. */
static int add_row(ex_table *t, const cas_mse_estimate *e, const char *name, double delta)
{
    cas_mse_summary s = {.size = sizeof s};
    char c[11][48];
    const char *row[12];

    cas_mse_estimate_summary(e, &s);
    if (ex_table_columns(t) == 12) {
        double v[10] = {s.n_hat, s.se, s.low, s.high, 0, 0, s.deviance, 0, s.aic, s.bic};
        for (int k = 0; k < 10; k++)
            tidy_number(c[k], sizeof c[k], v[k]);
        ex_fmt(c[4], sizeof c[4], "%s", interval_name(s.interval));
        ex_fmt(c[5], sizeof c[5], "%s", s.interval_flags & CAS_MSE_LOW_AT_OBSERVED ? "yes" : "no");
        if (s.method == CAS_MSE_LOGLINEAR)
            ex_fmt(c[7], sizeof c[7], "%d", (int)s.df);
        else
            c[7][0] = '\0';
        tidy_number(c[10], sizeof c[10], delta);
        row[0] = name;
        for (int k = 0; k < 11; k++)
            row[k + 1] = c[k];
        return ex_table_add(t, row) == 0 ? EX_OK : ex_failf("out of memory");
    }
    number(c[0], sizeof c[0], s.n_hat, 1);
    number(c[1], sizeof c[1], s.se, 1);
    number(c[2], sizeof c[2], s.low, 1);
    number(c[3], sizeof c[3], s.high, 1);
    ex_fmt(c[4], sizeof c[4], "%s%s", interval_name(s.interval),
           s.interval_flags & CAS_MSE_LOW_AT_OBSERVED ? ", low at n" : "");
    number(c[5], sizeof c[5], s.deviance, 3);
    if (s.method == CAS_MSE_LOGLINEAR)
        ex_fmt(c[6], sizeof c[6], "%d", (int)s.df);
    else
        ex_fmt(c[6], sizeof c[6], "-");
    number(c[7], sizeof c[7], s.aic, 3);
    number(c[8], sizeof c[8], s.bic, 3);
    number(c[9], sizeof c[9], delta, 3);
    row[0] = name;
    for (int k = 0; k < 10; k++)
        row[k + 1] = c[k];
    return ex_table_add(t, row) == 0 ? EX_OK : ex_failf("out of memory");
}

static void print_lists(const cas_mse_table *table)
{
    uint32_t k = cas_mse_table_lists(table);
    printf("%u lists: ", (unsigned)k);
    for (uint32_t j = 0; j < k; j++)
        printf("%s%s", j ? ", " : "", cas_mse_table_name(table, j));
    printf("; %lld records observed.\n\n", (long long)cas_mse_table_observed(table));
}

/* Print the claims CSV of one claim. */
static int print_claim(const cas_claim *claim, ex_format format)
{
    cas_ledger *l = NULL;
    cas_error err;
    cas_status st;
    int status;

    cas_error_init(&err);
    if ((st = ex_ledger_new(&l, &err)) != CAS_OK || (st = cas_ledger_add(l, claim, &err)) != CAS_OK)
        status = ex_fail(&err, st);
    else
        status = ex_print_claims(l, format);
    cas_ledger_free(l);
    return status;
}

typedef struct settings {
    ex_format format;
    const char *model, *id;
    int32_t method, claim;
    int64_t top;
    cas_mse_options opts;
    ex_scope scope;
} settings;

/* Print the JSON Lines a library writer made (docs/jsonl.md), or why it
 * could not. */
static int print_jsonl(cas_status st, char *text, size_t len, cas_error *err)
{
    int status = st == CAS_OK ? ex_write(text, len) : ex_fail(err, st);
    cas_free(text);
    return status;
}

/* Estimates @e[0..n) as a table, each named by @names; with --claim,
 * the claim of @e[chosen] instead. */
static int print_estimates(const cas_mse_table *table, const settings *s,
                           cas_mse_estimate *const *e, const char *const *names, size_t n,
                           size_t chosen)
{
    ex_table *t = NULL;
    int status = EX_OK;

    if (s->claim) {
        cas_claim claim;
        cas_error err;
        cas_status st;
        cas_claim_init(&claim);
        cas_error_init(&err);
        st = cas_mse_estimate_claim(e[chosen], s->id, &s->scope.scope, &claim, &err);
        return st == CAS_OK ? print_claim(&claim, s->format) : ex_fail(&err, st);
    }
    if (s->format == EX_JSONL) {
        for (size_t k = 0; status == EX_OK && k < n; k++) {
            char *text = NULL;
            size_t len = 0;
            cas_error err;
            cas_error_init(&err);
            cas_status st = cas_mse_estimate_jsonl(&text, &len, e[k], 0, &err);
            status = print_jsonl(st, text, len, &err);
        }
        return status;
    }
    if (!(t = EX_IS_DATA(s->format) ? ex_table_new(12, tidy_heads, "lrrrrllrrrrr")
                                    : ex_table_new(11, heads, "lrrrrlrrrrr")))
        status = ex_failf("out of memory");
    for (size_t k = 0; status == EX_OK && k < n; k++)
        status = add_row(t, e[k], names[k], NAN);
    if (status == EX_OK && !EX_IS_DATA(s->format))
        print_lists(table);
    if (status == EX_OK)
        status = ex_table_print(t, s->format);
    ex_table_free(t);
    return status;
}

/* Two lists: both closed-form estimates. */
static int two_lists(const cas_mse_table *table, const settings *s)
{
    static const char *const names[2] = {"Lincoln-Petersen", "Chapman"};
    cas_mse_estimate *e[2] = {NULL, NULL};
    cas_error err;
    cas_status st;
    int status;

    cas_error_init(&err);
    if ((st = cas_mse_two_list(&e[0], table, CAS_MSE_LINCOLN_PETERSEN, &s->opts, &err)) != CAS_OK ||
        (st = cas_mse_two_list(&e[1], table, CAS_MSE_CHAPMAN, &s->opts, &err)) != CAS_OK)
        status = ex_fail(&err, st);
    else
        status = print_estimates(table, s, e, names, 2, s->method == CAS_MSE_CHAPMAN ? 1 : 0);
    cas_mse_estimate_free(e[0]);
    cas_mse_estimate_free(e[1]);
    return status;
}

/* One log-linear model. */
static int one_model(const cas_mse_table *table, const settings *s)
{
    cas_mse_estimate *e = NULL;
    const char *name;
    cas_error err;
    cas_status st;
    uint64_t model;
    int status;

    cas_error_init(&err);
    if ((st = cas_mse_model_parse(&model, s->model, cas_mse_table_lists(table), &err)) != CAS_OK)
        return ex_usage("option '--model': %s", ex_strip_field(err.message));
    if ((st = cas_mse_fit(&e, table, model, &s->opts, &err)) != CAS_OK)
        return ex_fail(&err, st);
    name = cas_mse_estimate_model(e);
    status = print_estimates(table, s, &e, &name, 1, 0);
    cas_mse_estimate_free(e);
    return status;
}

/* The models that gave no estimate, grouped by why: how many, and the
 * first one's reason. */
static void print_failures(const cas_mse_selection *sel, uint32_t lists)
{
    size_t n = cas_mse_selection_failed_count(sel);
    if (n == 0)
        return;
    printf("\nNo estimate from %zu model%s:\n", n, n == 1 ? "" : "s");
    for (size_t k = 0; k < n; k++) {
        uint64_t model = 0;
        int32_t st = 0, other = 0;
        const char *why = "";
        char text[CAS_MSE_MODEL_TEXT_MAX];
        size_t same = 0, seen = 0;

        cas_mse_selection_failed(sel, k, &model, &st, &why);
        for (size_t j = 0; j < n; j++) {
            cas_mse_selection_failed(sel, j, NULL, &other, NULL);
            same += other == st;
            seen += j < k && other == st;
        }
        if (seen)
            continue; /* this kind of failure was printed */
        cas_mse_model_format(text, sizeof text, model, lists);
        printf("- %zu (%s), %s%s: %s%s\n", same, cas_strerror(st), same > 1 ? "e.g. " : "", text,
               ex_strip_field(why), st == CAS_ERR_SATURATED ? "; --saturated fits them" : "");
    }
}

/* Every model, ranked; the chosen one and the spread. */
static int select_models(const cas_mse_table *table, const settings *s)
{
    cas_mse_selection *sel = NULL;
    cas_mse_spread spread = {.size = sizeof spread};
    ex_table *t = NULL;
    cas_error err;
    cas_status st;
    const char *crit = s->opts.criterion == CAS_MSE_BIC ? "BIC" : "AIC";
    char a[48], b[48], c[48], d[48];
    int status = EX_OK;

    cas_error_init(&err);
    if ((st = cas_mse_select(&sel, table, &s->opts, &err)) != CAS_OK)
        return ex_fail(&err, st);
    heads[10] = s->opts.criterion == CAS_MSE_BIC ? "dBIC" : "dAIC";
    tidy_heads[11] = s->opts.criterion == CAS_MSE_BIC ? "dbic" : "daic";
    cas_mse_selection_spread(sel, &spread);
    if (s->claim) {
        cas_claim claim;
        cas_claim_init(&claim);
        st = cas_mse_selection_claim(sel, s->id, &s->scope.scope, &claim, &err);
        status = st == CAS_OK ? print_claim(&claim, s->format) : ex_fail(&err, st);
        cas_mse_selection_free(sel);
        return status;
    }
    if (s->format == EX_JSONL) {
        char *text = NULL;
        size_t len = 0;
        st = cas_mse_selection_jsonl(&text, &len, sel, (size_t)s->top, 0, &err);
        status = print_jsonl(st, text, len, &err);
        cas_mse_selection_free(sel);
        return status;
    }
    if (!(t = EX_IS_DATA(s->format) ? ex_table_new(12, tidy_heads, "lrrrrllrrrrr")
                                    : ex_table_new(11, heads, "lrrrrlrrrrr")))
        status = ex_failf("out of memory");
    for (size_t r = 0; status == EX_OK && r < cas_mse_selection_count(sel) &&
                       (s->top == 0 || (int64_t)r < s->top);
         r++) {
        const cas_mse_estimate *e = cas_mse_selection_get(sel, r);
        double delta = NAN;
        cas_mse_selection_score(sel, r, NULL, &delta);
        status = add_row(t, e, cas_mse_estimate_model(e), delta);
    }
    if (status == EX_OK && !EX_IS_DATA(s->format))
        print_lists(table);
    if (status == EX_OK)
        status = ex_table_print(t, s->format);
    if (status == EX_OK && !EX_IS_DATA(s->format) &&
        ex_table_rows(t) < cas_mse_selection_count(sel))
        printf("(%zu more models not listed)\n", cas_mse_selection_count(sel) - ex_table_rows(t));
    if (status == EX_OK && !EX_IS_DATA(s->format)) {
        const cas_mse_estimate *best = cas_mse_selection_get(sel, 0);
        cas_mse_summary sum = {.size = sizeof sum};
        cas_mse_estimate_summary(best, &sum);
        number(a, sizeof a, sum.n_hat, 1);
        number(b, sizeof b, sum.low, 1);
        number(c, sizeof c, sum.high, 1);
        printf("\nChosen by %s: %s, N-hat %s, %g%% %s interval %s to %s.\n", crit,
               cas_mse_estimate_model(best), a, 100 * sum.level, interval_name(sum.interval), b, c);
        number(a, sizeof a, spread.n_hat_min, 1);
        number(b, sizeof b, spread.n_hat_max, 1);
        number(c, sizeof c, spread.low_min, 1);
        number(d, sizeof d, spread.high_max, 1);
        if (spread.supported == 1)
            printf("Well supported (%s within %g of the best): the chosen model alone, of %u.\n",
                   crit, spread.support, (unsigned)spread.fitted);
        else
            printf("Well supported (%s within %g of the best): %u of %u models, N-hat %s to %s,\n"
                   "their intervals spanning %s to %s.\n",
                   crit, spread.support, (unsigned)spread.supported, (unsigned)spread.fitted, a, b,
                   c, d);
        print_failures(sel, cas_mse_table_lists(table));
    }
    ex_table_free(t);
    cas_mse_selection_free(sel);
    return status;
}

/* The options of its own. */
static int option(void *ctx, int opt, const char *arg)
{
    settings *s = ctx;
    switch (opt) {
    case OPT_MODEL:
        s->model = arg;
        break;
    case OPT_METHOD:
        if (strcmp(arg, "chapman") == 0)
            s->method = CAS_MSE_CHAPMAN;
        else if (strcmp(arg, "lincoln-petersen") == 0)
            s->method = CAS_MSE_LINCOLN_PETERSEN;
        else
            return ex_usage("option '--method': expected chapman or lincoln-petersen, "
                            "got '%s'",
                            arg);
        break;
    case OPT_CRITERION:
        if (strcmp(arg, "aic") == 0)
            s->opts.criterion = CAS_MSE_AIC;
        else if (strcmp(arg, "bic") == 0)
            s->opts.criterion = CAS_MSE_BIC;
        else
            return ex_usage("option '--criterion': expected aic or bic, got '%s'", arg);
        break;
    case OPT_LEVEL:
        if (ex_parse_real(&s->opts.level, "--level", arg) != EX_OK)
            return EX_USAGE;
        if (!(s->opts.level > 0 && s->opts.level < 1))
            return ex_usage("option '--level': expected a number between 0 and 1, got '%s'", arg);
        break;
    case OPT_SUPPORT:
        if (ex_parse_real(&s->opts.support, "--support", arg) != EX_OK)
            return EX_USAGE;
        if (!(s->opts.support >= 0))
            return ex_usage("option '--support': expected a number >= 0, got '%s'", arg);
        break;
    case OPT_SATURATED:
        s->opts.flags |= CAS_MSE_ALLOW_SATURATED;
        break;
    case OPT_CLAIM:
        s->claim = 1;
        break;
    case OPT_TOP:
        if (ex_parse_count(&s->top, "--top", arg) != EX_OK)
            return EX_USAGE;
        break;
    case OPT_ID:
        if (!*arg)
            return ex_usage("option '--id' needs a value");
        s->id = arg;
        break;
    }
    return EX_OK;
}

static cas_status load_table(void *table, const char *path, const char *text, size_t len,
                             cas_error *err)
{
    return text ? cas_mse_table_load_buffer(table, text, len, path, err)
                : cas_mse_table_load(table, path, err);
}

int main(int argc, char **argv)
{
    settings s;
    cas_mse_table *table = NULL;
    ex_cli cli = {.name = "casualty-mse",
                  .synopsis = "[OPTIONS] FILE",
                  .help = help,
                  .shortopts = ":f:h",
                  .longopts = long_options,
                  .scope = &s.scope,
                  .format = &s.format,
                  .option = option,
                  .ctx = &s,
                  .one_file = "FILE of capture histories"};
    int status;

    memset(&s, 0, sizeof s);
    s.format = EX_TEXT;
    s.id = "mse-1";
    s.method = CAS_MSE_CHAPMAN;
    cas_mse_options_init(&s.opts);
    if ((status = ex_parse_args(&cli, argc, argv)) != EX_GO)
        return status;
    if (!*s.scope.scope.outcome)
        s.scope.scope.outcome = "killed";
    if ((status = ex_load(load_table, &table, cli.file)) != EX_OK)
        return status;

    if (s.model)
        status = one_model(table, &s);
    else if (cas_mse_table_lists(table) == 2)
        status = two_lists(table, &s);
    else
        status = select_models(table, &s);
    if (status == EX_OK)
        status = ex_finish();
    cas_mse_table_free(table);
    return status;
}
