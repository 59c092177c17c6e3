/* SPDX-License-Identifier: MIT */
/* casualty-check: validate claims CSVs and list every bad row with its
 * reason.
 *
 * Each FILE is loaded leniently (cas_csv_load_lenient): the good rows go
 * into one ledger, shared by all the files so that a claim id used twice
 * across them is found, and every row set aside is printed as
 * "file:line:column: field 'name': reason". A file that cannot be read
 * as a whole (its header, malformed CSV) is reported the same way.
 *
 * usage: casualty-check [OPTIONS] FILE...   (see --help) */
#include "common.h"

#include <stdlib.h>
#include <string.h>

static const struct option long_options[] = {
    {"quiet", no_argument, NULL, 'q'},
    EX_COMMON_OPTIONS,
};

static const char help[] =
    "Check claims CSVs (docs/csv.md) and list every bad row with its reason\n"
    "(file:line:column: field: reason), one a line on stdout, then a summary\n"
    "line. The files are checked as one ledger: an id used twice across them is\n"
    "a bad row. FILE - reads the standard input. Exit status 1 if any row or\n"
    "file is bad.\n"
    "\n"
    "Options:\n"
    "  -q, --quiet             print only the summary line\n";

static int quiet;

static int option(void *ctx, int opt, const char *arg)
{
    (void)ctx;
    (void)arg;
    if (opt == 'q') {
        quiet = 1;
        return EX_OK;
    }
    return ex_usage("unknown option");
}

typedef struct checked {
    cas_ledger *ledger;
    size_t bad_rows, bad_files;
} checked;

static cas_status check_one(void *ctx, const char *path, const char *text, size_t len,
                            cas_error *err)
{
    checked *c = ctx;
    cas_rejects *rejects = NULL;
    size_t before = cas_ledger_count(c->ledger);
    cas_status st = text ? cas_csv_load_buffer_lenient(c->ledger, text, len, path, &rejects, err)
                         : cas_csv_load_lenient(c->ledger, path, &rejects, err);

    if (st != CAS_OK) {
        c->bad_files++;
        if (!quiet)
            printf("%s\n", err->message);
        return CAS_OK; /* told: go on with the next file */
    }
    size_t n = cas_rejects_count(rejects);
    for (size_t i = 0; i < n; i++) {
        cas_error e;
        cas_error_init(&e);
        if (cas_rejects_get(rejects, i, &e) == CAS_OK && !quiet)
            printf("%s\n", e.message);
    }
    c->bad_rows += n;
    if (!quiet)
        fprintf(stderr, "casualty-check: %s: %zu good rows, %zu bad\n", path,
                cas_ledger_count(c->ledger) - before, n);
    cas_rejects_free(rejects);
    return CAS_OK;
}

int main(int argc, char **argv)
{
    ex_scope scope;
    checked c = {NULL, 0, 0};
    cas_status st;
    ex_cli cli = {.name = "casualty-check",
                  .synopsis = "[OPTIONS] FILE...",
                  .help = help,
                  .shortopts = ":qh",
                  .longopts = long_options,
                  .scope = &scope,
                  .option = option,
                  .several = 1,
                  .file = NULL};
    int status;

    if ((status = ex_parse_args(&cli, argc, argv)) != EX_GO)
        return status;
    if (cli.nfiles < 1)
        return ex_usage("expected at least one FILE");
    if (scope.given)
        return ex_usage("casualty-check takes no scope options");
    if ((st = ex_ledger_new(&c.ledger, NULL)) != CAS_OK)
        return ex_fail(NULL, st);
    status = EX_OK;
    for (int i = 0; status == EX_OK && i < cli.nfiles; i++)
        status = ex_load(check_one, &c, cli.files[i]);
    if (status == EX_OK) {
        printf("%zu claims good, %zu rows bad, %zu files unreadable\n", cas_ledger_count(c.ledger),
               c.bad_rows, c.bad_files);
        status = ex_finish();
        if (status == EX_OK && (c.bad_rows || c.bad_files))
            status = EX_DATA;
    }
    cas_ledger_free(c.ledger);
    return status;
}
