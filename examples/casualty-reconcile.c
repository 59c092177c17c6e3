/* casualty-reconcile: reconcile the claims of a claims CSV, one row per
 * scope: how many claims and sources, the envelope (every count some
 * source allows), the consensus (the counts every source allows) or
 * CONFLICT, the best estimate, and the claims behind each bound.
 *
 * The three output formats are the library's own printers
 * (cas_report_table, cas_report_csv, cas_report_markdown), so any
 * program that uses libcasualty prints the same bytes. The filters keep
 * the claims whose scope lies within the one given on the command line;
 * since a scope's result depends only on the claims of that scope,
 * reconciling them gives the whole file's rows for those scopes.
 *
 * usage: casualty-reconcile [OPTIONS] [FILE]   (see --help) */
#include "common.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_BASES = EX_OPT_FIRST_FREE };

static const struct option long_options[] = {
    {"format", required_argument, NULL, 'f'},
    {"bases", required_argument, NULL, OPT_BASES},
    EX_SCOPE_OPTIONS,
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, EX_OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static void help(void)
{
    printf("usage: %s [OPTIONS] [FILE]\n"
           "Reconcile the claims of a claims CSV (docs/csv.md): one row per scope with\n"
           "the claims and sources counted, the envelope (every count some source\n"
           "allows), the consensus (the counts every source allows) or CONFLICT, the\n"
           "best estimate, and the claims behind each bound.\n"
           "Without FILE, the bundled March 2025 Western Syria claims are used;\n"
           "FILE - reads the standard input.\n"
           "\n"
           "Options:\n"
           "  -f, --format FORMAT     text (the default), csv or markdown\n"
           EX_BASES_HELP
           "%s"
           "  -h, --help              show this help and exit\n"
           "      --version           show the version and exit\n"
           "\n"
           "Exit status: 0 on success, 1 on bad input or data, 2 on a usage error.\n",
           ex_name(), ex_scope_help);
}

int main(int argc, char **argv)
{
    ex_format format = EX_TEXT;
    ex_scope filter;
    cas_reconcile_options opts;
    cas_ledger *claims = NULL;
    cas_reconciliation *rec = NULL;
    cas_error err;
    cas_status st = CAS_OK;
    char *out = NULL;
    size_t len = 0;
    int c, status;

    ex_program("casualty-reconcile");
    ex_scope_init(&filter);
    cas_reconcile_options_init(&opts);
    while ((c = ex_getopt(argc, argv, ":f:h", long_options)) != -1) {
        if (c == '?')
            return EX_USAGE;
        if ((status = ex_scope_option(&filter, c, optarg)) >= 0) {
            if (status != EX_OK)
                return status;
            continue;
        }
        switch (c) {
        case 'f':
            if (ex_parse_format(&format, optarg) != EX_OK)
                return EX_USAGE;
            break;
        case OPT_BASES:
            if (ex_parse_bases(&opts.bases, optarg) != EX_OK)
                return EX_USAGE;
            break;
        case 'h':
            help();
            return ex_finish();
        case EX_OPT_VERSION:
            ex_print_version();
            return ex_finish();
        }
    }
    if (argc - optind > 1)
        return ex_usage("expected at most one FILE, got %d", argc - optind);

    /* Load, keep the claims within the scope asked for, reconcile. */
    status = ex_load_claims(&claims, optind < argc ? argv[optind] : ex_bundled_claims());
    if (status == EX_OK)
        status = ex_keep_within(&claims, &filter);
    cas_error_init(&err);
    if (status == EX_OK && (st = cas_reconcile_ledger(&rec, claims, &opts, &err)) != CAS_OK)
        status = ex_fail(&err, st);

    /* Print with the library's printers. */
    if (status == EX_OK) {
        if (format == EX_CSV)
            st = cas_report_csv(&out, &len, rec, &err);
        else if (format == EX_MARKDOWN)
            st = cas_report_markdown(&out, &len, rec, &err);
        else
            st = cas_report_table(&out, &len, rec, &err);
        status = st == CAS_OK ? ex_write(out, len) : ex_fail(&err, st);
    }
    if (status == EX_OK)
        status = ex_finish();

    cas_free(out);
    cas_reconciliation_free(rec); /* before its ledger: it borrows its strings */
    cas_ledger_free(claims);
    return status;
}
