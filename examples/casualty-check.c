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
    EX_FORMAT_OPTION,
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
    "With --format csv or jsonl, the bad rows as a table instead (columns file,\n"
    "line, column, field, message; whole files with line 0) and the summary line\n"
    "on stderr.\n"
    "\n"
    "Options:\n"
    "  -f, --format FORMAT     text (the default), csv or jsonl\n"
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
    ex_table *table; /* --format csv or jsonl: the bad rows */
    int failed;      /* out of memory filling it */
} checked;

/* A problem as a row of the table, or as a line of text. */
static void tell(checked *c, const cas_error *e)
{
    char line[32], column[32];
    const char *row[5];
    if (!c->table) {
        if (!quiet)
            printf("%s\n", e->message);
        return;
    }
    ex_fmt(line, sizeof line, "%lld", (long long)e->line);
    ex_fmt(column, sizeof column, "%lld", (long long)e->column);
    row[0] = e->file;
    row[1] = line;
    row[2] = column;
    row[3] = e->field;
    row[4] = e->message;
    if (ex_table_add(c->table, row) != 0)
        c->failed = 1;
}

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
        if (!err->file[0])
            ex_fmt(err->file, sizeof err->file, "%s", path);
        tell(c, err);
        return CAS_OK; /* told: go on with the next file */
    }
    size_t n = cas_rejects_count(rejects);
    for (size_t i = 0; i < n; i++) {
        cas_error e;
        cas_error_init(&e);
        if (cas_rejects_get(rejects, i, &e) == CAS_OK)
            tell(c, &e);
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
    static const char *const heads[] = {"file", "line", "column", "field", "message"};
    ex_scope scope;
    ex_format format = EX_TEXT;
    checked c = {NULL, 0, 0, NULL, 0};
    cas_status st;
    ex_cli cli = {.name = "casualty-check",
                  .synopsis = "[OPTIONS] FILE...",
                  .help = help,
                  .shortopts = ":f:qh",
                  .longopts = long_options,
                  .format = &format,
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
    if (format == EX_MARKDOWN)
        return ex_usage("option '--format': expected text, csv or jsonl");
    if (EX_IS_DATA(format) && !(c.table = ex_table_new(5, heads, "lrrll")))
        return ex_failf("out of memory");
    if ((st = ex_ledger_new(&c.ledger, NULL)) != CAS_OK) {
        ex_table_free(c.table);
        return ex_fail(NULL, st);
    }
    status = EX_OK;
    for (int i = 0; status == EX_OK && i < cli.nfiles; i++)
        status = ex_load(check_one, &c, cli.files[i]);
    if (status == EX_OK && c.failed)
        status = ex_failf("out of memory");
    if (status == EX_OK && c.table)
        status = ex_table_print(c.table, format);
    if (status == EX_OK) {
        fprintf(
            c.table ? stderr : stdout, "%s%zu claims good, %zu rows bad, %zu files unreadable\n",
            c.table ? "casualty-check: " : "", cas_ledger_count(c.ledger), c.bad_rows, c.bad_files);
        status = ex_finish();
        if (status == EX_OK && (c.bad_rows || c.bad_files))
            status = EX_DATA;
    }
    ex_table_free(c.table);
    cas_ledger_free(c.ledger);
    return status;
}
