/* SPDX-License-Identifier: MIT */
/* Helpers shared by the casualty-* example programs (see common.h). */
#include "common.h"
/* Self-contained internal headers of the library (static inline only). */
#include "csvquote_internal.h"
#include "markdown_internal.h"
#include "shown_internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef CASUALTY_DATADIR
#define CASUALTY_DATADIR "."
#endif
#ifndef CASUALTY_SRCDATADIR
#define CASUALTY_SRCDATADIR "."
#endif
#define BUNDLED "syria-2025-03.csv"

static const char *program = "casualty";

int ex_fail(const cas_error *err, cas_status st)
{
    const char *msg = err && err->message[0] ? err->message : cas_strerror(st);
    fprintf(stderr, "%s: %s\n", program, msg);
    return EX_DATA;
}

int ex_failf(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", program);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EX_DATA;
}

int ex_usage(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", program);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help' for more information.\n", program);
    return EX_USAGE;
}

const char *ex_strip_field(const char *message)
{
    const char *p;
    if (strncmp(message, "field '", 7) == 0 && (p = strstr(message, "': ")) != NULL)
        return p + 3;
    return message;
}

/* getopt_long with our own messages, the same for every program: the
 * option, -1 at the end, or '?' after printing a usage error. */
static int ex_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
    int c;
    opterr = 0;
    c = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (c == '?') {
        if (optopt && optopt < 0x100)
            ex_usage("unknown option '-%c'", optopt);
        else
            ex_usage("unknown option '%s'", argv[optind - 1]);
        return '?';
    }
    if (c == ':') {
        ex_usage("option '%s' needs a value", argv[optind - 1]);
        return '?';
    }
    return c;
}

const char *ex_bundled_claims(void)
{
    static char path[4096];
    struct stat st;

    snprintf(path, sizeof path, "%s/%s", CASUALTY_SRCDATADIR, BUNDLED);
    if (stat(path, &st) == 0)
        return path;
    snprintf(path, sizeof path, "%s/%s", CASUALTY_DATADIR, BUNDLED);
    return path;
}

static int ex_parse_format(ex_format *out, const char *arg)
{
    if (strcmp(arg, "text") == 0)
        *out = EX_TEXT;
    else if (strcmp(arg, "csv") == 0)
        *out = EX_CSV;
    else if (strcmp(arg, "markdown") == 0)
        *out = EX_MARKDOWN;
    else if (strcmp(arg, "jsonl") == 0)
        *out = EX_JSONL;
    else
        return ex_usage("option '--format': expected text, csv, markdown or jsonl, got '%s'", arg);
    return EX_OK;
}

int ex_parse_count(int64_t *out, const char *option, const char *arg)
{
    char *end;
    long long v;
    errno = 0;
    v = strtoll(arg, &end, 10);
    if (arg[0] < '0' || arg[0] > '9' || *end || errno)
        return ex_usage("option '%s': expected a whole number >= 0, got '%s'", option, arg);
    *out = v;
    return EX_OK;
}

int ex_parse_real(double *out, const char *option, const char *arg)
{
    char *end;
    double v;
    errno = 0;
    /* strtod() would also take leading spaces, "inf" and "nan": none is a
     * number an option means. */
    v = strtod(arg, &end);
    if (!*arg || !strchr("0123456789+-.", arg[0]) || *end || errno || !isfinite(v))
        return ex_usage("option '%s': expected a finite number, got '%s'", option, arg);
    *out = v;
    return EX_OK;
}

/* "reported,documented" (--bases) -> CAS_BASIS_BIT()s. */
static int ex_parse_bases(uint32_t *out, const char *arg)
{
    char word[64];
    uint32_t bases = 0;
    const char *p = arg;

    while (1) {
        size_t n = strcspn(p, ",");
        int32_t basis;
        if (n == 0 || n >= sizeof word)
            return ex_usage("option '--bases': expected basis names separated by commas, "
                            "got '%s'",
                            arg);
        memcpy(word, p, n);
        word[n] = '\0';
        if (cas_basis_from_name(&basis, word) != CAS_OK)
            return ex_usage("option '--bases': expected reported, documented, estimated or "
                            "party, got '%s'",
                            word);
        bases |= CAS_BASIS_BIT(basis);
        if (!p[n])
            break;
        p += n + 1;
    }
    *out = bases;
    return EX_OK;
}

const char ex_scope_help[] =
    "      --outcome PATH      only this outcome and those under it, e.g. killed\n"
    "      --group PATH        only these people and sub-groups, e.g. civilians\n"
    "      --perpetrator PATH  only harm by these perpetrators, e.g. government\n"
    "      --place PATH        only this place and places in it, e.g. syria/coast\n"
    "      --from DATE         only periods that start on or after DATE (YYYY-MM-DD)\n"
    "      --to DATE           only periods that end on or before DATE\n"
    "      --event ID          only this event (and its sub-events), e.g.\n"
    "                          ucdp-ged:79973\n";

static void ex_scope_init(ex_scope *s)
{
    cas_scope_init(&s->scope);
    s->scope.outcome = s->scope.group = s->scope.perpetrator = s->scope.place = "";
    s->scope.event = "";
    s->given = 0;
}

/* A path is checked the way the ledger checks a claim's: put it in a
 * claim that is otherwise valid and let the library say what is wrong. */
static int check_path(const char *option, const char **field, const char *arg)
{
    cas_claim c;
    cas_error err;

    cas_claim_init(&c);
    c.id = c.source = "x";
    c.scope.outcome = "x";
    if (strcmp(option, "--outcome") == 0)
        c.scope.outcome = arg;
    else if (strcmp(option, "--group") == 0)
        c.scope.group = arg;
    else if (strcmp(option, "--perpetrator") == 0)
        c.scope.perpetrator = arg;
    else if (strcmp(option, "--event") == 0)
        c.scope.event = arg;
    else
        c.scope.place = arg;
    cas_error_init(&err);
    if (cas_claim_validate(&c, &err) == CAS_OK) {
        *field = arg;
        return EX_OK;
    }
    return ex_usage("option '%s': %s", option, ex_strip_field(err.message));
}

static int parse_day(int32_t *out, const char *option, const char *arg)
{
    if (cas_date_parse(out, arg, strlen(arg)) != CAS_OK)
        return ex_usage("option '%s': expected a date YYYY-MM-DD, got '%s'", option, arg);
    return EX_OK;
}

/* Scope option @opt with value @arg: EX_OK, or EX_USAGE after printing
 * why; -1 when @opt is not a scope option. */
static int ex_scope_option(ex_scope *s, int opt, const char *arg)
{
    int st;
    switch (opt) {
    case EX_OPT_OUTCOME:
        st = check_path("--outcome", &s->scope.outcome, arg);
        break;
    case EX_OPT_GROUP:
        st = check_path("--group", &s->scope.group, arg);
        break;
    case EX_OPT_PERPETRATOR:
        st = check_path("--perpetrator", &s->scope.perpetrator, arg);
        break;
    case EX_OPT_PLACE:
        st = check_path("--place", &s->scope.place, arg);
        break;
    case EX_OPT_EVENT:
        st = check_path("--event", &s->scope.event, arg);
        break;
    case EX_OPT_FROM:
        st = parse_day(&s->scope.period_start, "--from", arg);
        break;
    case EX_OPT_TO:
        st = parse_day(&s->scope.period_end, "--to", arg);
        break;
    default:
        return -1;
    }
    if (st == EX_OK && s->scope.period_start != CAS_DATE_UNKNOWN &&
        s->scope.period_end != CAS_DATE_UNKNOWN && s->scope.period_start > s->scope.period_end)
        st = ex_usage("option '--from' is after '--to'");
    s->given++;
    return st;
}

/* The shared options; -1 when @opt is the program's own. */
/* "median", "lowest", "none-if-conflict" or "priority:SRC,SRC,..."
 * (--best) into @o. The source list lives as long as the program. */
static int ex_parse_best(cas_reconcile_options *o, const char *arg)
{
    static char *copy;
    static const char **names;
    const char *list = strncmp(arg, "priority:", 9) == 0 ? arg + 9 : NULL;
    size_t n = 1;

    if (!list) {
        if (cas_best_rule_from_name(&o->best_rule, arg) != CAS_OK ||
            o->best_rule == CAS_BEST_RULE_PRIORITY)
            return ex_usage("option '--best': expected median, lowest, none-if-conflict or "
                            "priority:SRC,SRC,..., got '%s'",
                            arg);
        return EX_OK;
    }
    for (const char *p = list; *p; p++)
        n += *p == ',';
    free(copy);
    free(names);
    copy = malloc(strlen(list) + 1);
    names = malloc(n * sizeof *names);
    if (!copy || !names)
        return ex_failf("out of memory");
    memcpy(copy, list, strlen(list) + 1);
    n = 0;
    for (char *p = copy, *end;; p = end + 1) {
        end = strchr(p, ',');
        if (end)
            *end = '\0';
        if (!*p)
            return ex_usage("option '--best': an empty source name in '%s'", arg);
        names[n++] = p;
        if (!end)
            break;
    }
    o->best_rule = CAS_BEST_RULE_PRIORITY;
    o->priority_sources = names;
    o->npriority = (uint32_t)n;
    return EX_OK;
}

/* "5%" (a share) or "10" (a count) (--tolerance) into @o. */
static int ex_parse_tolerance(cas_reconcile_options *o, const char *arg)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(arg, &end);
    if (!arg[0] || !strchr("0123456789.", arg[0]))
        end = (char *)arg; /* no spaces, signs, "inf" or "nan" */
    if (end != arg && errno == 0 && *end == '%' && end[1] == '\0' && v >= 0 && v < 100) {
        o->tolerance_kind = CAS_TOLERANCE_SHARE;
        o->tolerance = v / 100;
        return EX_OK;
    }
    if (end != arg && errno == 0 && *end == '\0' && v <= 9.0e15 &&
        strspn(arg, "0123456789") == strlen(arg)) {
        o->tolerance_kind = CAS_TOLERANCE_COUNT;
        o->tolerance = v;
        return EX_OK;
    }
    return ex_usage("option '--tolerance': expected a share below 100%% (5%%) or a whole "
                    "number of people (10), got '%s'",
                    arg);
}

/* The vocabulary of --vocabulary FILE: the default, extended by FILE. It
 * lives as long as the program. */
static cas_vocab *vocabulary;

static int ex_parse_vocabulary(const char *arg)
{
    cas_error err;
    cas_status st;

    cas_error_init(&err);
    cas_vocab_free(vocabulary);
    vocabulary = NULL;
    if ((st = cas_vocab_new_default(&vocabulary, &err)) != CAS_OK ||
        (st = cas_vocab_extend(vocabulary, arg, &err)) != CAS_OK)
        return ex_fail(&err, st);
    return EX_OK;
}

cas_status ex_ledger_new(cas_ledger **out, cas_error *err)
{
    cas_status st;

    if (err)
        cas_error_init(err);
    if ((st = cas_ledger_new(out)) != CAS_OK)
        return st;
    if (vocabulary && (st = cas_ledger_set_vocabulary(*out, vocabulary, err)) != CAS_OK) {
        cas_ledger_free(*out);
        *out = NULL;
    }
    return st;
}

static int shared_option(const ex_cli *cli, int opt, const char *arg)
{
    int st = ex_scope_option(cli->scope, opt, arg);
    if (st >= 0)
        return st;
    if (opt == 'f' && cli->format)
        return ex_parse_format(cli->format, arg);
    if (opt == EX_OPT_BASES && cli->bases)
        return ex_parse_bases(cli->bases, arg);
    if (opt == EX_OPT_BEST && cli->opts)
        return ex_parse_best(cli->opts, arg);
    if (opt == EX_OPT_VOCABULARY)
        return ex_parse_vocabulary(arg);
    if (opt == EX_OPT_TOLERANCE && cli->opts)
        return ex_parse_tolerance(cli->opts, arg);
    if (opt == EX_OPT_PROTECT_FORMULAS) {
        ex_protect_formulas = 1;
        return EX_OK;
    }
    return -1;
}

/* The FILE operands when there are several (ex_load_claims()). */
static char *const *more_files;
static int nmore_files;

int ex_parse_args(ex_cli *cli, int argc, char **argv)
{
    int c, st, files;

    program = cli->name;
    ex_scope_init(cli->scope);
    while ((c = ex_getopt(argc, argv, cli->shortopts, cli->longopts)) != -1) {
        if (c == '?')
            return EX_USAGE;
        if (c == 'h') {
            printf("usage: %s %s\n%s%s"
                   "      --vocabulary FILE   extend the default vocabulary of paths with\n"
                   "                          FILE (docs/vocabulary.md)\n"
                   "      --protect-formulas  in CSV output, a leading ' on cells that start\n"
                   "                          with = + - @ (spreadsheet formulas)\n"
                   "  -h, --help              show this help and exit\n"
                   "      --version           show the version and exit\n"
                   "\n"
                   "Exit status: 0 on success, 1 on bad input or data, 2 on a usage error.\n",
                   program, cli->synopsis ? cli->synopsis : "[OPTIONS] [FILE]", cli->help,
                   cli->scope_help ? ex_scope_help : "");
            return ex_finish();
        }
        if (c == EX_OPT_VERSION) {
            printf("%s (libcasualty %s)\n", program, cas_version_string());
            return ex_finish();
        }
        st = shared_option(cli, c, optarg);
        if (st < 0)
            st = cli->option ? cli->option(cli->ctx, c, optarg) : EX_OK;
        if (st != EX_OK)
            return st;
    }
    files = argc - optind;
    if (cli->one_file && files != 1)
        return ex_usage("expected one %s, got %d", cli->one_file, files);
    if (files > 1 && !cli->several)
        return ex_usage("expected at most one FILE, got %d", files);
    if (files >= 1)
        cli->file = argv[optind];
    cli->files = argv + optind;
    cli->nfiles = files;
    if (files > 1) {
        more_files = argv + optind;
        nmore_files = files;
    }
    return EX_GO;
}

int ex_parse_claims_args(ex_claims_args *a, ex_cli *cli, int argc, char **argv)
{
    int status;

    a->format = EX_TEXT;
    cas_reconcile_options_init(&a->opts);
    cli->scope = &a->scope;
    cli->format = &a->format;
    cli->bases = &a->opts.bases;
    cli->opts = &a->opts;
    cli->scope_help = 1;
    cli->several = 1;
    cli->file = ex_bundled_claims();
    status = ex_parse_args(cli, argc, argv);
    a->file = cli->file;
    return status;
}

int ex_protect_formulas;

const cas_csv_write_options *ex_csv_write_options(void)
{
    static cas_csv_write_options opts;
    cas_csv_write_options_init(&opts);
    opts.protect_formulas = ex_protect_formulas;
    return &opts;
}

const char *ex_path_shown(char *buf, size_t size, const char *path)
{
    if (!path || !*path)
        return "*";
    if (!cas__shown_path_marked(path))
        return path;
    ex_fmt(buf, size, "\\%s", path);
    return buf;
}

/* ex_scope_text()'s paths: four buffers, one per path. */
static const char *or_all(const char *s)
{
    static char bufs[4][512];
    static int next;
    next = (next + 1) % 4;
    return ex_path_shown(bufs[next], sizeof bufs[next], s);
}

void ex_period_text(char *buf, size_t size, int32_t start, int32_t end)
{
    char a[16] = "?", b[16] = "?";
    if (start == CAS_DATE_UNKNOWN && end == CAS_DATE_UNKNOWN) {
        ex_fmt(buf, size, "*");
        return;
    }
    if (start != CAS_DATE_UNKNOWN)
        cas_date_format(a, sizeof a, start);
    if (end != CAS_DATE_UNKNOWN)
        cas_date_format(b, sizeof b, end);
    ex_fmt(buf, size, "%s..%s", a, b);
}

void ex_scope_text(char *buf, size_t size, const cas_scope *s)
{
    char period[32];
    ex_period_text(period, sizeof period, s->period_start, s->period_end);
    if (s->event && *s->event)
        ex_fmt(buf, size, "%s, %s, %s, %s, %s, event %s", or_all(s->outcome), or_all(s->group),
               or_all(s->perpetrator), or_all(s->place), period, s->event);
    else
        ex_fmt(buf, size, "%s, %s, %s, %s, %s", or_all(s->outcome), or_all(s->group),
               or_all(s->perpetrator), or_all(s->place), period);
}

void ex_range_text(char *buf, size_t size, int64_t low, int64_t high)
{
    if (high == CAS_OPEN)
        ex_fmt(buf, size, "[%lld, open)", (long long)low);
    else
        ex_fmt(buf, size, "[%lld, %lld]", (long long)low, (long long)high);
}

char *ex_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

void ex_fmt(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

char *ex_read_input(const char *path, size_t *len)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    const char *name = ex_input_name(path);
    size_t cap = 65536, n = 0, got;
    char *buf = NULL, *p;

    if (!fp) {
        ex_failf("%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    if (!(buf = malloc(cap)))
        ex_failf("out of memory");
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            if (!(p = realloc(buf, cap * 2))) {
                free(buf);
                buf = NULL;
                ex_failf("out of memory");
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    if (buf && ferror(fp)) {
        ex_failf("%s: cannot read: %s", name, strerror(errno));
        free(buf);
        buf = NULL;
    }
    if (fp != stdin)
        fclose(fp);
    *len = n;
    return buf;
}

const char *ex_input_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "stdin" : path;
}

int ex_load(ex_loader load, void *out, const char *path)
{
    cas_error err;
    cas_status st;

    cas_error_init(&err);
    if (strcmp(path, "-") == 0) {
        size_t len = 0;
        char *text = ex_read_input(path, &len);
        if (!text)
            return EX_DATA;
        st = load(out, "stdin", text, len, &err);
        free(text);
    } else {
        st = load(out, path, NULL, 0, &err);
    }
    return st == CAS_OK ? EX_OK : ex_fail(&err, st);
}

static cas_status load_ledger(void *ledger, const char *path, const char *text, size_t len,
                              cas_error *err)
{
    return text ? cas_csv_load_buffer(ledger, text, len, path, err)
                : cas_csv_load(ledger, path, err);
}

int ex_load_claims(cas_ledger **out, const char *path)
{
    cas_ledger *ledger = NULL;
    cas_error err;
    cas_status st;
    int status;

    if ((st = ex_ledger_new(&ledger, &err)) != CAS_OK)
        return ex_fail(&err, st);
    status = ex_load(load_ledger, ledger, path);
    /* Several FILEs: the others go into the same ledger. */
    for (int i = 1; status == EX_OK && nmore_files > 1 && path == more_files[0] && i < nmore_files;
         i++)
        status = ex_load(load_ledger, ledger, more_files[i]);
    if (status != EX_OK) {
        cas_ledger_free(ledger);
        return status;
    }
    *out = ledger;
    return EX_OK;
}

int ex_keep_within(cas_ledger **ledger, const ex_scope *s)
{
    const uint32_t within = CAS_SELECT(CAS_SCOPE_SAME) | CAS_SELECT(CAS_SCOPE_WITHIN);
    cas_ledger *sub = NULL;
    size_t n = 0, *idx = NULL;
    cas_error err;
    cas_status st;

    if (!s->given)
        return EX_OK; /* no filter: every claim */
    /* Superseded claims are kept: the new ledger must know them to tell
     * which reports are current. */
    cas_error_init(&err);
    st = cas_ledger_select(*ledger, &s->scope, within, 0, NULL, 0, &n);
    if (st == CAS_OK && !(idx = malloc((n ? n : 1) * sizeof *idx)))
        st = CAS_ERR_NOMEM;
    if (st == CAS_OK)
        st = cas_ledger_select(*ledger, &s->scope, within, 0, idx, n, &n);
    if (st == CAS_OK)
        st = ex_ledger_new(&sub, NULL);
    for (size_t k = 0; st == CAS_OK && k < n; k++) {
        cas_claim c;
        cas_claim_init(&c);
        st = cas_ledger_get(*ledger, idx[k], &c);
        if (st == CAS_OK)
            st = cas_ledger_add(sub, &c, &err);
    }
    free(idx);
    if (st != CAS_OK) {
        cas_ledger_free(sub);
        return ex_fail(&err, st);
    }
    cas_ledger_free(*ledger);
    *ledger = sub;
    return EX_OK;
}

int ex_reconcile_claims(cas_reconciliation **rec, cas_ledger **claims, const ex_claims_args *a)
{
    cas_error err;
    cas_status st;
    int status = ex_load_claims(claims, a->file);

    if (status == EX_OK)
        status = ex_keep_within(claims, &a->scope);
    cas_error_init(&err);
    if (status == EX_OK && (st = cas_reconcile_ledger(rec, *claims, &a->opts, &err)) != CAS_OK)
        status = ex_fail(&err, st);
    return status;
}

int ex_print_report(const cas_reconciliation *rec, ex_format format)
{
    char *out = NULL;
    size_t len = 0;
    cas_error err;
    cas_status st;
    int status;

    cas_error_init(&err);
    if (format == EX_CSV)
        st = cas_report_csv_with(&out, &len, rec, ex_csv_write_options(), &err);
    else if (format == EX_MARKDOWN)
        st = cas_report_markdown(&out, &len, rec, &err);
    else if (format == EX_JSONL)
        st = cas_report_jsonl(&out, &len, rec, &err);
    else
        st = cas_report_table(&out, &len, rec, &err);
    status = st == CAS_OK ? ex_write(out, len) : ex_fail(&err, st);
    cas_free(out);
    return status;
}

int ex_claims_format(ex_format f)
{
    if (EX_IS_DATA(f))
        return EX_OK;
    return ex_usage("option '--format': expected csv or jsonl");
}

int ex_print_claims(const cas_ledger *l, ex_format format)
{
    char *out = NULL;
    size_t len = 0;
    cas_error err;
    cas_status st;
    int status;

    cas_error_init(&err);
    st = format == EX_JSONL ? cas_ledger_jsonl(&out, &len, l, &err)
                            : cas_csv_save_string_with(&out, &len, l, ex_csv_write_options(), &err);
    status = st == CAS_OK ? ex_write(out, len) : ex_fail(&err, st);
    cas_free(out);
    return status;
}

int ex_write(const char *text, size_t len)
{
    if (fwrite(text, 1, len, stdout) != len)
        return ex_failf("cannot write the output: %s", strerror(errno));
    return EX_OK;
}

int ex_finish(void)
{
    if (fflush(stdout) != 0 || ferror(stdout))
        return ex_failf("cannot write the output: %s", strerror(errno));
    return EX_OK;
}

/* ---- tables ---------------------------------------------------------- */

struct ex_table {
    size_t ncols, nrows, cap;
    const char *const *heads;
    const char *align;
    char **cells;  /* nrows * ncols */
    char ***notes; /* per row: NULL-terminated list */
    size_t *nnotes;
};

ex_table *ex_table_new(size_t ncols, const char *const *heads, const char *align)
{
    ex_table *t = calloc(1, sizeof *t);
    if (t) {
        t->ncols = ncols;
        t->heads = heads;
        t->align = align;
    }
    return t;
}

void ex_table_free(ex_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t k = 0; k < t->nnotes[r]; k++)
            free(t->notes[r][k]);
        free(t->notes[r]);
    }
    free(t->cells);
    free(t->notes);
    free(t->nnotes);
    free(t);
}

size_t ex_table_columns(const ex_table *t)
{
    return t->ncols;
}

size_t ex_table_rows(const ex_table *t)
{
    return t->nrows;
}

int ex_table_add(ex_table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        char **c = realloc(t->cells, cap * t->ncols * sizeof *c);
        if (!c)
            return -1;
        t->cells = c;
        char ***n = realloc(t->notes, cap * sizeof *n);
        if (!n)
            return -1;
        t->notes = n;
        size_t *nn = realloc(t->nnotes, cap * sizeof *nn);
        if (!nn)
            return -1;
        t->nnotes = nn;
        t->cap = cap;
    }
    for (size_t c = 0; c < t->ncols; c++) {
        char *copy = ex_strdup(cells[c] ? cells[c] : "");
        if (!copy) {
            for (size_t k = 0; k < c; k++)
                free(t->cells[t->nrows * t->ncols + k]);
            return -1;
        }
        t->cells[t->nrows * t->ncols + c] = copy;
    }
    t->notes[t->nrows] = NULL;
    t->nnotes[t->nrows] = 0;
    t->nrows++;
    return 0;
}

int ex_table_note(ex_table *t, const char *fmt, ...)
{
    char *copy, **list;
    size_t r = t->nrows - 1;
    va_list ap;
    int len;

    if (t->nrows == 0)
        return -1;
    /* The note whole, however long (a bound resting on many claims). */
    va_start(ap, fmt);
    len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0 || !(copy = malloc((size_t)len + 1)))
        return -1;
    va_start(ap, fmt);
    vsnprintf(copy, (size_t)len + 1, fmt, ap);
    va_end(ap);
    if (!(list = realloc(t->notes[r], (t->nnotes[r] + 1) * sizeof *list))) {
        free(copy);
        return -1;
    }
    t->notes[r] = list;
    list[t->nnotes[r]++] = copy;
    return 0;
}

static const char *cell(const ex_table *t, size_t r, size_t c)
{
    return t->cells[r * t->ncols + c];
}

size_t ex_text_width(const char *s)
{
    return cas__text_width(s);
}

static void pad(size_t n)
{
    while (n--)
        putchar(' ');
}

/* Text lines are written with the spaces between cells held back until
 * more text follows, so that no line ends in spaces. */
static size_t held;

/* The sink of the shown-text rules (shown_internal.h): stdout. */
static void out_sink(void *unused, const char *s, size_t n)
{
    (void)unused;
    fwrite(s, 1, n, stdout);
}

/* Text cells and notes are shown by the library's text rule: control
 * characters, bidi marks and other hidden characters as visible escapes,
 * so that no terminal escape or newline in the data reaches the output. */
static size_t text_width(const char *s)
{
    return cas__shown_width(CAS__SHOWN_TEXT, s);
}

static void text_cell(const char *s)
{
    if (*s) {
        pad(held);
        held = 0;
        cas__shown_put(CAS__SHOWN_TEXT, s, out_sink, NULL);
    }
}

static void print_text(const ex_table *t)
{
    size_t *w = calloc(t->ncols, sizeof *w), last = 0;
    if (!w)
        return;
    for (size_t c = 0; c < t->ncols; c++) {
        if (t->align[c] == 'c')
            continue;
        last = c;
        w[c] = text_width(t->heads[c]);
        for (size_t r = 0; r < t->nrows; r++)
            if (text_width(cell(t, r, c)) > w[c])
                w[c] = text_width(cell(t, r, c));
    }
    for (size_t r = 0; r <= t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = r == 0 ? t->heads[c] : cell(t, r - 1, c);
            size_t gap;
            if (t->align[c] == 'c')
                continue;
            gap = w[c] - text_width(s);
            if (t->align[c] == 'r')
                held += gap;
            text_cell(s);
            if (c < last)
                held += (t->align[c] == 'r' ? 0 : gap) + 2;
        }
        held = 0;
        putchar('\n');
        if (r > 0)
            for (size_t k = 0; k < t->nnotes[r - 1]; k++) {
                fputs("    ", stdout);
                cas__shown_put(CAS__SHOWN_TEXT, t->notes[r - 1][k], out_sink, NULL);
                putchar('\n');
            }
    }
    free(w);
}

/* A field quoted by the library's rule (csvquote_internal.h), with a
 * leading apostrophe on a formula cell under --protect-formulas. */
static void print_csv_field(const char *s)
{
    int protect = ex_protect_formulas && cas__csv_formula(s, strlen(s));
    if (!cas__csv_needs_quotes(s, strlen(s))) {
        if (protect)
            putchar('\'');
        fputs(s, stdout);
        return;
    }
    putchar('"');
    if (protect)
        putchar('\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            putchar('"');
        putchar(*p);
    }
    putchar('"');
}

static void print_csv(const ex_table *t)
{
    for (size_t r = 0; r <= t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            if (c)
                putchar(',');
            print_csv_field(r == 0 ? t->heads[c] : cell(t, r - 1, c));
        }
        putchar('\n');
    }
}

/* Markdown escapes, as the library's Markdown printer writes them
 * (shown_internal.h). */
static size_t md_width(const char *s)
{
    return cas__shown_width(CAS__SHOWN_MARKDOWN, s);
}

static void md_put(const char *s)
{
    cas__shown_put(CAS__SHOWN_MARKDOWN, s, out_sink, NULL);
}

static void print_markdown(const ex_table *t)
{
    size_t *w = calloc(t->ncols + 1, sizeof *w), notes = 0;
    char num[32];
    if (!w)
        return;
    for (size_t r = 0; r < t->nrows; r++)
        notes += t->nnotes[r];
    /* Column 0 numbers the rows when notes follow the table. */
    snprintf(num, sizeof num, "%zu", t->nrows);
    w[0] = notes ? strlen(num) : 0;
    for (size_t c = 0; c < t->ncols; c++) {
        w[c + 1] = md_width(t->heads[c]);
        for (size_t r = 0; r < t->nrows; r++)
            if (md_width(cell(t, r, c)) > w[c + 1])
                w[c + 1] = md_width(cell(t, r, c));
    }
    for (size_t c = 0; c <= t->ncols; c++)
        if (w[c] < 3)
            w[c] = 3;
    for (size_t r = 0; r <= t->nrows + 1; r++) {
        putchar('|');
        for (size_t c = notes ? 0 : 1; c <= t->ncols; c++) {
            int right = c == 0 || t->align[c - 1] == 'r';
            const char *s;
            if (c > 0 && t->align[c - 1] == 'c')
                continue;
            if (r == 1) { /* the delimiter row */
                fputs(right ? " " : " :", stdout);
                for (size_t k = 0; k + 1 < w[c]; k++)
                    putchar('-');
                fputs(right ? ": |" : " |", stdout);
                continue;
            }
            if (c == 0) {
                snprintf(num, sizeof num, "%zu", r - 1);
                s = r == 0 ? "#" : num;
            } else {
                s = r == 0 ? t->heads[c - 1] : cell(t, r - 2, c - 1);
            }
            putchar(' ');
            if (right)
                pad(w[c] - md_width(s));
            md_put(s);
            if (!right)
                pad(w[c] - md_width(s));
            fputs(" |", stdout);
        }
        putchar('\n');
    }
    if (notes) {
        putchar('\n');
        for (size_t r = 0; r < t->nrows; r++) {
            int indent;
            printf("%zu. ", r + 1);
            indent = snprintf(num, sizeof num, "%zu. ", r + 1);
            for (size_t c = 0, first = 1; c < t->ncols; c++) {
                if (t->align[c] == 'c' || !*cell(t, r, c))
                    continue;
                fputs(first ? "" : ", ", stdout);
                md_put(cell(t, r, c));
                first = 0;
            }
            putchar('\n');
            for (size_t k = 0; k < t->nnotes[r]; k++) {
                pad((size_t)indent);
                fputs("- ", stdout);
                md_put(t->notes[r][k]);
                putchar('\n');
            }
        }
    }
    free(w);
}

/* Whether @s is a number as JSON writes one. */
static int json_number(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (*s >= '0' && *s <= '9')
            s++;
    else
        return 0;
    if (*s == '.') {
        if (!(*++s >= '0' && *s <= '9'))
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!(*s >= '0' && *s <= '9'))
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

static void print_json_string(const char *s)
{
    char *q = NULL;
    size_t n = 0;
    if (cas_json_string(&q, &n, s, strlen(s), NULL) == CAS_OK)
        fwrite(q, 1, n, stdout);
    cas_free(q);
}

static void print_jsonl(const ex_table *t)
{
    char *numeric = calloc(t->ncols + 1, 1);
    if (!numeric)
        return;
    for (size_t c = 0; c < t->ncols; c++) {
        numeric[c] = 1;
        for (size_t r = 0; r < t->nrows && numeric[c]; r++)
            numeric[c] = !*cell(t, r, c) || json_number(cell(t, r, c));
    }
    for (size_t r = 0; r < t->nrows; r++) {
        putchar('{');
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = cell(t, r, c);
            if (c)
                putchar(',');
            print_json_string(t->heads[c]);
            putchar(':');
            if (!*v)
                fputs("null", stdout);
            else if (numeric[c])
                fputs(v, stdout);
            else
                print_json_string(v);
        }
        fputs("}\n", stdout);
    }
    free(numeric);
}

int ex_table_print(const ex_table *t, ex_format format)
{
    if (format == EX_JSONL)
        print_jsonl(t);
    else if (format == EX_CSV)
        print_csv(t);
    else if (format == EX_MARKDOWN)
        print_markdown(t);
    else
        print_text(t);
    if (ferror(stdout))
        return ex_failf("cannot write the output: %s", strerror(errno));
    return EX_OK;
}
