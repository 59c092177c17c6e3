/* SPDX-License-Identifier: MIT */
/* casualty-parse: read casualty figures from text and write them as a
 * claims CSV.
 *
 * The phrase parser (casualty/phrase.h) finds every figure in the text
 * ("at least 315 killed (per SOHR)", "dozens of civilians", "between 5,000
 * and 7,000") with its range under a hedge table, its outcome, group,
 * perpetrator, source and period when the text names them, and the words
 * it came from. Each figure becomes a claim in a ledger, which the library
 * writes as CSV (cas_csv_save_string), so the output loads back as it is.
 * What the text does not say comes from the options.
 *
 * usage: casualty-parse [OPTIONS] [FILE]   (see --help) */
#include "common.h"

#include <stdlib.h>
#include <string.h>

enum {
    OPT_YEAR = EX_OPT_FIRST_FREE,
    OPT_SOURCE,
    OPT_SOURCE_KIND,
    OPT_CITATION,
    OPT_REPORTED_ON,
    OPT_ID_PREFIX,
};

static const struct option long_options[] = {
    EX_FORMAT_OPTION,
    {"field", required_argument, NULL, 'k'},
    {"preset", required_argument, NULL, 'p'},
    {"year", required_argument, NULL, OPT_YEAR},
    {"source", required_argument, NULL, OPT_SOURCE},
    {"source-kind", required_argument, NULL, OPT_SOURCE_KIND},
    {"citation", required_argument, NULL, OPT_CITATION},
    {"reported-on", required_argument, NULL, OPT_REPORTED_ON},
    {"id-prefix", required_argument, NULL, OPT_ID_PREFIX},
    EX_COMMON_OPTIONS,
};

static const char help[] =
    "Read the casualty figures of a text (a paragraph, or infobox fields) and\n"
    "write them as a claims CSV (docs/csv.md), each with its range under a hedge\n"
    "table (docs/phrases.md) and the words it came from as its quote.\n"
    "Without FILE, or with FILE -, the text is read from the standard input.\n"
    "\n"
    "Options:\n" EX_CLAIMS_FORMAT_HELP
    "  -k, --field KIND        what the text is: prose (the default: a figure\n"
    "                          counts only next to a word such as \"killed\"),\n"
    "                          casualty (an infobox casualty field: every count is\n"
    "                          a claim) or strength (figures are force strengths,\n"
    "                          written with the outcome \"strength\")\n"
    "  -p, --preset NAME       the hedge table: default, or acled (conservative\n"
    "                          floors: \"dozens\" is at least 12)\n"
    "      --year YEAR         the year of dates that name none (\"6 March\")\n"
    "      --source NAME       the source of figures the text credits to no one\n"
    "                          (default \"unattributed\")\n"
    "      --source-kind KIND  the kind of every source: monitor, government,\n"
    "                          media, research, ...\n"
    "      --citation TEXT     where the text comes from (default: FILE, or\n"
    "                          \"stdin\"); the hedge table's name is added\n"
    "      --reported-on DATE  the day the text was published (YYYY-MM-DD)\n"
    "      --id-prefix PREFIX  claim ids PREFIX-001, PREFIX-002, ... (default claim)\n"
    "What the text does not name:\n"
    "      --outcome PATH      the outcome of casualty-field figures (default\n"
    "                          casualties)\n"
    "      --group PATH        who was counted, e.g. civilians\n"
    "      --perpetrator PATH  by whom\n"
    "      --place PATH        where (the parser reads no places)\n"
    "      --from DATE         the first day counted\n"
    "      --to DATE           the last day counted\n";

typedef struct settings {
    int32_t field;
    const char *preset, *source, *source_kind, *citation, *id_prefix;
    int32_t year, reported_on;
    ex_scope scope;
} settings;

/* The parser's options: the hedge table, the year, the defaults. */
static int make_options(cas_phrase_options **out, const settings *s)
{
    cas_phrase_options *opts = NULL;
    cas_error err;
    cas_status st;

    cas_error_init(&err);
    st = cas_phrase_options_new(&opts, s->preset, &err);
    if (st == CAS_OK && s->year)
        st = cas_phrase_options_set_year(opts, s->year, &err);
    if (st == CAS_OK && *s->scope.scope.outcome)
        st = cas_phrase_options_set_default(opts, CAS_TERM_OUTCOME, s->scope.scope.outcome, &err);
    if (st == CAS_OK && *s->scope.scope.group)
        st = cas_phrase_options_set_default(opts, CAS_TERM_GROUP, s->scope.scope.group, &err);
    if (st != CAS_OK) {
        cas_phrase_options_free(opts);
        if (st == CAS_ERR_VALUE && s->preset)
            return ex_usage("option '--preset': %s", ex_strip_field(err.message));
        return ex_fail(&err, st);
    }
    *out = opts;
    return EX_OK;
}

/* Each parsed figure as a claim in @ledger. */
static int add_claims(cas_ledger *ledger, const cas_phrase_result *res, const settings *s,
                      const char *citation)
{
    size_t n = cas_phrase_result_count(res);
    int digits = n >= 1000 ? (n >= 100000 ? 9 : 6) : 3;

    for (size_t i = 0; i < n; i++) {
        cas_phrase_claim pc;
        cas_claim c;
        cas_error err;
        cas_status st;
        char id[300], cite[1024];

        cas_phrase_claim_init(&pc);
        cas_claim_init(&c);
        cas_error_init(&err);
        cas_phrase_result_get(res, i, &pc);
        cas_phrase_result_claim(res, i, &c); /* range, qualifier, basis, scope, quote */

        ex_fmt(id, sizeof id, "%s-%0*zu", s->id_prefix, digits, i + 1);
        ex_fmt(cite, sizeof cite, "%s (casualty-parse, hedge table %s)", citation, pc.preset);
        c.id = id;
        c.citation = cite;
        if (!c.source || !*c.source)
            c.source = s->source;
        if (s->source_kind)
            c.source_kind = s->source_kind;
        c.reported_on = s->reported_on;
        if (pc.kind == CAS_PHRASE_KIND_STRENGTH)
            c.scope.outcome = "strength";
        if (!*c.scope.perpetrator)
            c.scope.perpetrator = s->scope.scope.perpetrator;
        c.scope.place = s->scope.scope.place;
        if (pc.period_start == CAS_DATE_UNKNOWN && pc.period_end == CAS_DATE_UNKNOWN) {
            c.scope.period_start = s->scope.scope.period_start;
            c.scope.period_end = s->scope.scope.period_end;
        }
        /* A quote longer than a field may hold (a sentence of over 64 KB)
         * is cut, at a character, and marked so: the figure stands. */
        char *clipped = NULL;
        size_t qlen = strlen(c.quote);
        if (qlen > CAS_FIELD_MAX) {
            size_t keep = CAS_FIELD_MAX - 3;
            while (keep > 0 && ((unsigned char)c.quote[keep] & 0xC0) == 0x80)
                keep--;
            clipped = malloc(keep + 4);
            if (!clipped)
                return ex_failf("out of memory");
            memcpy(clipped, c.quote, keep);
            memcpy(clipped + keep, "...", 4);
            c.quote = clipped;
        }
        st = cas_ledger_add(ledger, &c, &err);
        free(clipped);
        if (st != CAS_OK) {
            size_t shown = strlen(pc.quote) > 60 ? 57 : strlen(pc.quote);
            while (shown > 0 && ((unsigned char)pc.quote[shown] & 0xC0) == 0x80)
                shown--;
            return ex_failf("figure %zu ('%.*s%s'): %s", i + 1, (int)shown, pc.quote,
                            shown < strlen(pc.quote) ? "..." : "", err.message);
        }
    }
    return EX_OK;
}

/* The options of its own. */
static int option(void *ctx, int opt, const char *arg)
{
    settings *s = ctx;
    int64_t year;
    switch (opt) {
    case 'k':
        if (strcmp(arg, "prose") == 0)
            s->field = CAS_PHRASE_PROSE;
        else if (strcmp(arg, "casualty") == 0)
            s->field = CAS_PHRASE_CASUALTY;
        else if (strcmp(arg, "strength") == 0)
            s->field = CAS_PHRASE_STRENGTH;
        else
            return ex_usage("option '--field': expected prose, casualty or strength, "
                            "got '%s'",
                            arg);
        break;
    case 'p':
        s->preset = arg;
        break;
    case OPT_YEAR:
        if (ex_parse_count(&year, "--year", arg) != EX_OK)
            return EX_USAGE;
        if (year < 1 || year > 9999)
            return ex_usage("option '--year': expected a year from 1 to 9999, got '%s'", arg);
        s->year = (int32_t)year;
        break;
    case OPT_SOURCE:
    case OPT_SOURCE_KIND:
    case OPT_CITATION:
    case OPT_ID_PREFIX:
        if (!*arg)
            return ex_usage("option '%s' needs a value", opt == OPT_SOURCE        ? "--source"
                                                         : opt == OPT_SOURCE_KIND ? "--source-kind"
                                                         : opt == OPT_CITATION    ? "--citation"
                                                                                  : "--id-prefix");
        if (opt == OPT_SOURCE)
            s->source = arg;
        else if (opt == OPT_SOURCE_KIND)
            s->source_kind = arg;
        else if (opt == OPT_CITATION)
            s->citation = arg;
        else
            s->id_prefix = arg;
        break;
    case OPT_REPORTED_ON:
        if (cas_date_parse(&s->reported_on, arg, strlen(arg)) != CAS_OK)
            return ex_usage("option '--reported-on': expected a date YYYY-MM-DD, got '%s'", arg);
        break;
    }
    return EX_OK;
}

int main(int argc, char **argv)
{
    settings s = {CAS_PHRASE_PROSE, NULL, "unattributed",   NULL,    NULL,
                  "claim",          0,    CAS_DATE_UNKNOWN, {{0}, 0}};
    cas_phrase_options *opts = NULL;
    cas_phrase_result *res = NULL;
    cas_ledger *ledger = NULL;
    cas_error err;
    cas_status st;
    char *text = NULL, *csv = NULL;
    size_t len = 0, csv_len = 0;
    ex_format format = EX_CSV;
    ex_cli cli = {.name = "casualty-parse",
                  .help = help,
                  .shortopts = ":f:k:p:h",
                  .longopts = long_options,
                  .format = &format,
                  .scope = &s.scope,
                  .option = option,
                  .ctx = &s,
                  .file = "-"};
    int status;

    if ((status = ex_parse_args(&cli, argc, argv)) != EX_GO)
        return status;
    if ((status = ex_claims_format(format)) != EX_OK)
        return status;

    status = make_options(&opts, &s);
    if (status == EX_OK && !(text = ex_read_input(cli.file, &len)))
        status = EX_DATA;

    /* Parse, collect the claims in a ledger, write the ledger as CSV. */
    cas_error_init(&err);
    if (status == EX_OK &&
        (st = cas_phrase_parse(&res, opts, text, len, s.field, &err)) != CAS_OK) {
        if (!err.file[0]) /* name the input: "stdin:1: field 'text': ..." */
            status =
                ex_failf("%s:%s%s", ex_input_name(cli.file),
                         err.message[0] >= '0' && err.message[0] <= '9' ? "" : " ", err.message);
        else
            status = ex_fail(&err, st);
    }
    if (status == EX_OK && (st = ex_ledger_new(&ledger, NULL)) != CAS_OK)
        status = ex_fail(NULL, st);
    if (status == EX_OK)
        status = add_claims(ledger, res, &s, s.citation ? s.citation : ex_input_name(cli.file));
    if (status == EX_OK && (st = format == EX_JSONL ? cas_ledger_jsonl(&csv, &csv_len, ledger, &err)
                                                    : cas_csv_save_string_with(
                                                          &csv, &csv_len, ledger,
                                                          ex_csv_write_options(), &err)) != CAS_OK)
        status = ex_fail(&err, st);
    if (status == EX_OK)
        status = ex_write(csv, csv_len);
    if (status == EX_OK)
        status = ex_finish();

    cas_free(csv);
    cas_ledger_free(ledger);
    cas_phrase_result_free(res);
    cas_phrase_options_free(opts);
    free(text);
    return status;
}
