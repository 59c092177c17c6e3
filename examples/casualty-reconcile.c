/* SPDX-License-Identifier: MIT */
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

static const struct option long_options[] = {
    EX_FORMAT_OPTION, EX_BASES_OPTION, EX_BEST_OPTION, EX_TOLERANCE_OPTION, EX_COMMON_OPTIONS,
};

static const char help[] =
    "Reconcile the claims of a claims CSV (docs/csv.md): one row per scope with\n"
    "the claims and sources counted, the envelope (every count some source\n"
    "allows), the consensus (the counts every source allows) or CONFLICT, the\n"
    "best estimate, and the claims behind each bound; on a scope in conflict,\n"
    "the outlier: the one source whose removal restores a consensus.\n" EX_BUNDLED_HELP "\n"
    "Options:\n" EX_FORMAT_HELP EX_BASES_HELP EX_BEST_HELP EX_TOLERANCE_HELP;

int main(int argc, char **argv)
{
    ex_claims_args a;
    cas_ledger *claims = NULL;
    cas_reconciliation *rec = NULL;
    ex_cli cli = {
        .name = "casualty-reconcile", .help = help, .shortopts = ":f:h", .longopts = long_options};
    int status = ex_parse_claims_args(&a, &cli, argc, argv);

    if (status != EX_GO)
        return status;
    /* Load, keep the claims within the scope asked for, reconcile, and
     * print with the library's printers. */
    status = ex_reconcile_claims(&rec, &claims, &a);
    if (status == EX_OK)
        status = ex_print_report(rec, a.format);
    if (status == EX_OK)
        status = ex_finish();

    cas_reconciliation_free(rec); /* before its ledger: it borrows its strings */
    cas_ledger_free(claims);
    return status;
}
