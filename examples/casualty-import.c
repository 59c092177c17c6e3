/* SPDX-License-Identifier: MIT */
/* casualty-import: read a dataset of the field (UCDP GED, UCDP battle
 * deaths, PRIO, ACLED, IBC, the TechForPalestine daily series, a
 * Wikipedia infobox, or any CSV through a mapping file) and write its
 * claims as a claims CSV on stdout.
 *
 * The library's readers (casualty/import.h) append each file's claims to
 * one ledger, all or nothing, and the library's saver writes it
 * (cas_csv_save_string), so the output loads back as it is:
 * `casualty-import ucdp-ged ged.csv | casualty-reconcile -`. A gzip file
 * is read through a pipe: `zcat ged.csv.gz | casualty-import ucdp-ged -`.
 *
 * usage: casualty-import FORMAT [OPTIONS] [FILE...]   (see --help) */
#include "common.h"

#include <stdlib.h>
#include <string.h>

enum {
    OPT_DELIMITER = EX_OPT_FIRST_FREE,
    OPT_NA,
    OPT_ENCODING,
    OPT_SOURCE,
    OPT_MAPPING,
    OPT_LIST,
    OPT_GROUPS,
};

static const struct option long_options[] = {
    EX_FORMAT_OPTION,
    {"delimiter", required_argument, NULL, OPT_DELIMITER},
    {"na", required_argument, NULL, OPT_NA},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"source", required_argument, NULL, OPT_SOURCE},
    {"mapping", required_argument, NULL, OPT_MAPPING},
    {"list", no_argument, NULL, OPT_LIST},
    {"groups", no_argument, NULL, OPT_GROUPS},
    EX_COMMON_OPTIONS,
};

static const char help[] =
    "Read a dataset in FORMAT and write its claims as a claims CSV (docs/csv.md)\n"
    "on stdout. docs/real-data.md gives each format's mapping.\n"
    "Without FILE, or with FILE -, the standard input is read; several FILEs are\n"
    "read into one ledger (claim ids unique across them). A .gz file is read\n"
    "through a pipe: zcat FILE.gz | casualty-import FORMAT -\n"
    "\n"
    "Formats:\n"
    "  ucdp-ged   UCDP GED events (any release)\n"
    "  ucdp-brd   UCDP battle-related deaths, conflict-years\n"
    "  prio       PRIO battle deaths, conflict-years (';', -999 and NA missing)\n"
    "  acled      ACLED's export (one conservative figure per event: a floor)\n"
    "  ibc        Iraq Body Count incidents (minimum and maximum)\n"
    "  tfp        TechForPalestine daily cumulative series (Gaza, West Bank,\n"
    "             Lebanon)\n"
    "  infobox    a Wikipedia infobox (casualties1/2/3, combatant1/2)\n"
    "  mapping    any other CSV, through --mapping FILE\n"
    "\n"
    "Options:\n" EX_CLAIMS_FORMAT_HELP
    "      --delimiter C       the field separator: one character, or tab\n"
    "      --na LIST           comma-separated codes that mean missing (e.g.\n"
    "                          NA,-999), replacing the format's\n"
    "      --encoding NAME     utf-8, latin1 or cp1252 (default: the format's)\n"
    "      --source NAME       the claims' source, replacing the format's\n"
    "      --mapping FILE      the mapping of the format 'mapping': lines\n"
    "                          'field = template', e.g. place = {country}/{adm_1}\n"
    "      --groups            tfp: also the children and women killed, each\n"
    "                          its own series (civilians/children, civilians/women)\n"
    "      --list              list the formats and exit\n";

typedef struct settings {
    cas_import_options opts;
} settings;

static int option(void *ctx, int opt, const char *arg)
{
    settings *s = ctx;

    switch (opt) {
    case OPT_DELIMITER:
        if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
            s->opts.delimiter = '\t';
        else if (strlen(arg) == 1 && (unsigned char)arg[0] < 127 && arg[0] != '"')
            s->opts.delimiter = (unsigned char)arg[0];
        else
            return ex_usage("option '--delimiter': expected one ASCII character or tab, got "
                            "'%s'",
                            arg);
        return EX_OK;
    case OPT_NA:
        s->opts.na = arg;
        return EX_OK;
    case OPT_ENCODING:
        if (strcmp(arg, "utf-8") == 0 || strcmp(arg, "utf8") == 0 || strcmp(arg, "UTF-8") == 0)
            s->opts.encoding = CAS_ENCODING_UTF8;
        else if (strcmp(arg, "latin1") == 0 || strcmp(arg, "iso-8859-1") == 0)
            s->opts.encoding = CAS_ENCODING_LATIN1;
        else if (strcmp(arg, "cp1252") == 0 || strcmp(arg, "windows-1252") == 0)
            s->opts.encoding = CAS_ENCODING_CP1252;
        else
            return ex_usage("option '--encoding': expected utf-8, latin1 or cp1252, got '%s'", arg);
        return EX_OK;
    case OPT_SOURCE:
        s->opts.source = arg;
        return EX_OK;
    case OPT_MAPPING:
        s->opts.mapping = arg;
        return EX_OK;
    case OPT_GROUPS:
        s->opts.groups = 1;
        return EX_OK;
    case OPT_LIST:
        for (size_t i = 0; cas_import_format_name(i); i++)
            printf("%s\n", cas_import_format_name(i));
        exit(ex_finish());
    default:
        return ex_usage("unknown option");
    }
}

static cas_status import_one(void *ctx, const char *path, const char *text, size_t len,
                             cas_error *err)
{
    void **a = ctx;
    const char *format = a[1];
    const settings *s = a[2];

    return text ? cas_import_buffer(a[0], format, text, len, path, &s->opts, err)
                : cas_import(a[0], format, path, &s->opts, err);
}

int main(int argc, char **argv)
{
    settings s;
    ex_scope scope;
    cas_ledger *ledger = NULL;
    cas_error err;
    cas_status st;
    char *csv = NULL;
    size_t csv_len = 0;
    int known = 0;
    ex_format out_format = EX_CSV;
    ex_cli cli = {.name = "casualty-import",
                  .synopsis = "FORMAT [OPTIONS] [FILE...]",
                  .help = help,
                  .shortopts = ":f:h",
                  .longopts = long_options,
                  .format = &out_format,
                  .scope = &scope,
                  .option = option,
                  .ctx = &s,
                  .several = 1,
                  .file = "-"};
    int status;

    cas_import_options_init(&s.opts);
    if ((status = ex_parse_args(&cli, argc, argv)) != EX_GO)
        return status;
    if ((status = ex_claims_format(out_format)) != EX_OK)
        return status;
    if (cli.nfiles < 1)
        return ex_usage("expected a FORMAT (casualty-import --list lists them)");
    const char *format = cli.files[0];
    for (size_t i = 0; cas_import_format_name(i); i++)
        known |= strcmp(cas_import_format_name(i), format) == 0;
    if (!known)
        return ex_usage("unknown FORMAT '%s' (casualty-import --list lists them)", format);
    if (strcmp(format, "mapping") == 0 && !s.opts.mapping)
        return ex_usage("the format 'mapping' needs --mapping FILE");
    if (scope.given)
        return ex_usage("casualty-import takes no scope options");

    if ((st = ex_ledger_new(&ledger, NULL)) != CAS_OK)
        return ex_fail(NULL, st);
    void *ctx[3] = {ledger, (void *)format, &s};
    status = EX_OK;
    if (cli.nfiles == 1)
        status = ex_load(import_one, ctx, "-");
    for (int i = 1; status == EX_OK && i < cli.nfiles; i++)
        status = ex_load(import_one, ctx, cli.files[i]);
    cas_error_init(&err);
    if (status == EX_OK &&
        (st = out_format == EX_JSONL
                  ? cas_ledger_jsonl(&csv, &csv_len, ledger, &err)
                  : cas_csv_save_string_with(&csv, &csv_len, ledger, ex_csv_write_options(),
                                             &err)) != CAS_OK)
        status = ex_fail(&err, st);
    if (status == EX_OK)
        status = ex_write(csv, csv_len);
    if (status == EX_OK)
        status = ex_finish();
    cas_free(csv);
    cas_ledger_free(ledger);
    return status;
}
