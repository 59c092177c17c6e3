/* SPDX-License-Identifier: MIT */
/* What the casualty-* example programs share: their name in messages, the
 * bundled data, the exit statuses, the command line (the scope options
 * --outcome, --group, --perpetrator, --place, --from, --to; --format,
 * --bases, --help, --version; the FILE operand), reading FILE or "-"
 * (stdin), loading and reconciling claims, and small tables printed as
 * aligned text, CSV or Markdown.
 *
 * Every program prints its results on stdout and its errors on stderr as
 * "casualty-NAME: message", with the library's own message (file, line,
 * column, field) where the library gives one, and exits with
 * EX_OK (0), EX_DATA (1: bad input or data) or EX_USAGE (2: bad command
 * line). */
#ifndef CASUALTY_EXAMPLES_COMMON_H
#define CASUALTY_EXAMPLES_COMMON_H

#include <casualty.h>

#include <getopt.h>
#include <stdio.h>

enum { EX_OK = 0, EX_DATA = 1, EX_USAGE = 2 };

/* "NAME: text" on stderr. ex_fail() prints the library's message for
 * @st (err->message, or cas_strerror() when the library gave none) and
 * returns EX_DATA; ex_failf() prints its own and returns EX_DATA;
 * ex_usage() adds a hint to try --help and returns EX_USAGE. */
int ex_fail(const cas_error *err, cas_status st);
int ex_failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int ex_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A library message without its "field 'name': " prefix, for messages
 * that name the option instead. */
const char *ex_strip_field(const char *message);

/* The bundled claims: the source tree's copy when the program runs from
 * its build tree, otherwise the installed copy. */
const char *ex_bundled_claims(void);

/* Output formats. EX_JSONL is JSON Lines (docs/jsonl.md): the CSV's rows
 * as objects, one a line. */
typedef enum ex_format { EX_TEXT, EX_CSV, EX_MARKDOWN, EX_JSONL } ex_format;

/* Whether @f is for programs (CSV or JSON Lines: rows and nothing else). */
#define EX_IS_DATA(f) ((f) == EX_CSV || (f) == EX_JSONL)

/* Parse a count option (a whole number >= 0) or a real number; a usage
 * error (printed) and EX_USAGE when @arg is not one. */
int ex_parse_count(int64_t *out, const char *option, const char *arg);
int ex_parse_real(double *out, const char *option, const char *arg);

/* ---- the command line ---------------------------------------------------
 *
 * Every program takes the scope options, -h/--help and --version; most
 * take -f/--format and --bases too. A program describes its command line
 * in an ex_cli and hands argv to ex_parse_args(), which handles those
 * options itself and passes the program's own to cli->option. */

/* Option codes of the shared long options; the programs' own long options
 * start at EX_OPT_FIRST_FREE. */
enum {
    EX_OPT_OUTCOME = 0x100,
    EX_OPT_GROUP,
    EX_OPT_PERPETRATOR,
    EX_OPT_PLACE,
    EX_OPT_FROM,
    EX_OPT_TO,
    EX_OPT_VERSION,
    EX_OPT_BASES,
    EX_OPT_EVENT,
    EX_OPT_BEST,
    EX_OPT_VOCABULARY,
    EX_OPT_TOLERANCE,
    EX_OPT_PROTECT_FORMULAS,
    EX_OPT_FIRST_FREE
};

/* Long options: a program lists EX_FORMAT_OPTION and EX_BASES_OPTION if it
 * has them, and ends its list with EX_COMMON_OPTIONS (the scope options,
 * help, version and the terminator). */
#define EX_FORMAT_OPTION {"format", required_argument, NULL, 'f'}
#define EX_BASES_OPTION {"bases", required_argument, NULL, EX_OPT_BASES}
#define EX_BEST_OPTION {"best", required_argument, NULL, EX_OPT_BEST}
#define EX_TOLERANCE_OPTION {"tolerance", required_argument, NULL, EX_OPT_TOLERANCE}
#define EX_COMMON_OPTIONS                                         \
    {"outcome", required_argument, NULL, EX_OPT_OUTCOME},         \
    {"group", required_argument, NULL, EX_OPT_GROUP},             \
    {"perpetrator", required_argument, NULL, EX_OPT_PERPETRATOR}, \
    {"place", required_argument, NULL, EX_OPT_PLACE},             \
    {"from", required_argument, NULL, EX_OPT_FROM},               \
    {"to", required_argument, NULL, EX_OPT_TO},                   \
    {"event", required_argument, NULL, EX_OPT_EVENT},             \
    {"vocabulary", required_argument, NULL, EX_OPT_VOCABULARY},   \
    {"protect-formulas", no_argument, NULL, EX_OPT_PROTECT_FORMULAS}, \
    {"help", no_argument, NULL, 'h'},                             \
    {"version", no_argument, NULL, EX_OPT_VERSION},               \
    {NULL, 0, NULL, 0}

/* Lines of the help texts that several programs share. */
#define EX_BUNDLED_HELP                                                      \
    "Without FILE, the bundled March 2025 Western Syria claims are used;\n" \
    "FILE - reads the standard input.\n"
#define EX_FORMAT_HELP \
    "  -f, --format FORMAT     text (the default), csv, markdown or jsonl\n"
/* The format option of the programs that write claims (import, parse,
 * rollup, check): CSV by default, or JSON Lines. */
#define EX_CLAIMS_FORMAT_HELP \
    "  -f, --format FORMAT     csv (the default) or jsonl (docs/jsonl.md)\n"

/* EX_OK when @f is csv or jsonl, else a usage error (printed). */
int ex_claims_format(ex_format f);

#define EX_BASES_HELP                                                        \
    "      --bases LIST        the bases counted, comma-separated: reported,\n" \
    "                          documented, estimated, party\n"                  \
    "                          (default reported,documented)\n"

#define EX_BEST_HELP                                                         \
    "      --best RULE         how a scope's best is chosen: median (the\n"     \
    "                          default), lowest, none-if-conflict, or\n"        \
    "                          priority:SRC,SRC,... (the first source listed\n" \
    "                          that gives a figure)\n"

#define EX_TOLERANCE_HELP                                                    \
    "      --tolerance T       exact counts this close agree: a share of the\n" \
    "                          larger (5%) or a number of people (10)\n"

/* The help lines of the scope options, for filtering programs. */
extern const char ex_scope_help[];

/* A scope given on the command line: paths "" and days unknown unless
 * set. @given counts the options seen. */
typedef struct ex_scope {
    cas_scope scope;
    int given;
} ex_scope;

/* A new ledger with the vocabulary of --vocabulary FILE (the default
 * vocabulary extended by FILE), or the default when none was given. */
cas_status ex_ledger_new(cas_ledger **out, cas_error *err);

/* A program's command line. --help prints "usage: NAME SYNOPSIS", then
 * @help, then ex_scope_help when @scope_help is set, then the lines of
 * -h, --help and --version and the exit statuses. The pointers are
 * borrowed for the call. */
typedef struct ex_cli {
    /* The name in messages: a fixed name, not argv[0], so that messages
     * read the same however the program was started. */
    const char *name;
    const char *synopsis;           /* NULL: "[OPTIONS] [FILE]" */
    const char *help;               /* the program's part of --help */
    int scope_help;
    const char *shortopts;          /* starts with ':' (see getopt) */
    const struct option *longopts;  /* ends with EX_COMMON_OPTIONS */
    ex_scope *scope;                /* where the scope options go */
    ex_format *format;              /* where -f/--format goes, or NULL */
    uint32_t *bases;                /* where --bases goes, or NULL */
    cas_reconcile_options *opts;    /* where --best goes, or NULL */
    /* The program's own options, with the context @ctx: EX_OK, or the
     * status to exit with (after printing why). NULL when it has none. */
    int (*option)(void *ctx, int opt, const char *arg);
    void *ctx;
    /* NULL: at most one FILE; otherwise exactly one, named so in the
     * error ("FILE of capture histories"). */
    const char *one_file;
    /* The FILE operand: set by the caller to its default, replaced by
     * ex_parse_args() when the command line gives one. */
    const char *file;
    /* Set by the caller: several FILE operands are allowed, read as one
     * ledger (ex_load_claims()); @files and @nfiles are all of them, and
     * @file the first. */
    int several;
    char *const *files;
    int nfiles;
} ex_cli;

/* The result of ex_parse_args() when the program goes on. */
#define EX_GO (-1)

/* Take the program's name, initialise *cli->scope and parse argv with
 * getopt_long: unknown options, missing values, bad values and extra
 * operands are usage errors (printed), --help and --version print and
 * end the program. Returns EX_GO when the program goes on (its FILE in
 * cli->file), otherwise the status to exit with. */
int ex_parse_args(ex_cli *cli, int argc, char **argv);

/* The command line of the programs that read a claims CSV: the scope
 * options, -f/--format (where the program takes it), --bases and FILE
 * (the bundled claims by default). */
typedef struct ex_claims_args {
    ex_format format;           /* EX_TEXT unless given */
    ex_scope scope;
    cas_reconcile_options opts; /* cas_reconcile_options_init(), --bases, --best */
    const char *file;
} ex_claims_args;

/* Initialise *@a, point @cli's scope, format and bases at it, print
 * ex_scope_help in --help, and parse argv with ex_parse_args(). */
int ex_parse_claims_args(ex_claims_args *a, ex_cli *cli, int argc, char **argv);

/* "killed, civilians, *, syria/coast, 2025-03-06..2025-03-12" ("*" for
 * "all", "?" for an unknown day), as the library's printers write
 * scopes. */
void ex_scope_text(char *buf, size_t size, const cas_scope *s);

/* A period as the printers write it: "2025-03-06..2025-03-12", "?..D",
 * "*" when both days are unknown. */
void ex_period_text(char *buf, size_t size, int32_t start, int32_t end);

/* A range "[low, high]" or "[low, open)". */
void ex_range_text(char *buf, size_t size, int64_t low, int64_t high);

/* The whole of file @path ("-": stdin) in a malloc'ed buffer, its length
 * in @len; NULL after printing why it could not be read. */
char *ex_read_input(const char *path, size_t *len);

/* How messages name input @path: "stdin" for "-", else @path. */
const char *ex_input_name(const char *path);

/* A library loader: load file @path (@text NULL), or @len bytes of @text
 * read from @path ("stdin"), into @out. */
typedef cas_status (*ex_loader)(void *out, const char *path, const char *text, size_t len,
                                cas_error *err);

/* Load @path ("-": stdin, read whole with ex_read_input()) with @load
 * into @out: EX_OK, or EX_DATA after printing why (the library's
 * message). */
int ex_load(ex_loader load, void *out, const char *path);

/* Load a claims CSV into a new ledger; "-" reads stdin. When the command
 * line gave several FILEs and @path is the first, every one of them is
 * loaded into the one ledger, in order (claim ids unique across them).
 * On failure the library's message is printed and EX_DATA returned. */
int ex_load_claims(cas_ledger **out, const char *path);

/* Keep the claims of *@ledger whose scope is @s's scope or lies within
 * it: *@ledger is replaced by a new ledger of those claims (and left as it
 * is when no scope option was given). Reconciling them gives exactly the
 * rows of the whole ledger for the scopes within @s, since a scope's
 * result depends only on the claims of that scope. On failure the error
 * is printed, *@ledger is unchanged, and EX_DATA returned. */
int ex_keep_within(cas_ledger **ledger, const ex_scope *s);

/* Load the claims of @a->file, keep those within @a->scope
 * (ex_keep_within()) and reconcile them with @a->opts. *@claims and *@rec
 * are set as far as it gets; whatever is returned, the caller frees both,
 * *@rec first (it borrows the ledger's strings). EX_OK, or EX_DATA after
 * printing why. */
int ex_reconcile_claims(cas_reconciliation **rec, cas_ledger **claims, const ex_claims_args *a);

/* Print @rec on stdout with the library's printer for @format
 * (cas_report_table, cas_report_csv, cas_report_markdown or
 * cas_report_jsonl): EX_OK, or
 * EX_DATA after printing why. */
int ex_print_report(const cas_reconciliation *rec, ex_format format);

/* Print the claims of @l on stdout as a claims CSV (cas_csv_save_string)
 * or, for EX_JSONL, as JSON Lines (cas_ledger_jsonl): EX_OK, or EX_DATA
 * after printing why. */
int ex_print_claims(const cas_ledger *l, ex_format format);

/* Write @len bytes to stdout, and flush stdout at the end: EX_OK, or
 * EX_DATA after printing the reason (a full disk, a closed pipe). */
int ex_write(const char *text, size_t len);
int ex_finish(void);

/* A table of strings printed as aligned text (columns two spaces apart,
 * right-aligned where asked), CSV (quoted where needed) or Markdown (a
 * padded table, cells escaped). A row may carry note lines, printed
 * indented under it in text, as a numbered list after a Markdown table
 * (the table then gets a '#' column), and not at all in CSV (give CSV the
 * same facts in columns marked 'c'). Align letters: 'l' left, 'r' right,
 * 'c' CSV only. */
typedef struct ex_table ex_table;

ex_table *ex_table_new(size_t ncols, const char *const *heads, const char *align);
/* Add a row of ncols cells (copied); returns 0, or -1 out of memory. */
int ex_table_add(ex_table *t, const char *const *cells);
/* Add a note line to the last row (copied); returns 0 or -1. */
int ex_table_note(ex_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t ex_table_rows(const ex_table *t);
size_t ex_table_columns(const ex_table *t);
/* Print; returns EX_OK or EX_DATA (write error, printed). As JSON Lines
 * each row is an object of the CSV's columns, keyed by their heads: an
 * empty cell is null, and a cell of a column whose every non-empty cell
 * is a number (JSON's grammar) is that number. */
int ex_table_print(const ex_table *t, ex_format format);
void ex_table_free(ex_table *t);
/* The display width of UTF-8 text in columns, as the tables count it:
 * code points. */
size_t ex_text_width(const char *s);

/* --protect-formulas (every program): CSV cells that a spreadsheet would
 * run as formulas get a leading apostrophe (docs/csv.md, "Formula
 * injection"). The options for the library's CSV writers, as the command
 * line set them. */
extern int ex_protect_formulas;
const cas_csv_write_options *ex_csv_write_options(void);

/* A path shown in a table cell or message: "*" (all) when empty, \* for
 * a path that is "*", a backslash in front of one that starts with a
 * backslash (docs/csv.md, "Output that cannot be abused"); @buf holds
 * the marked copy. */
const char *ex_path_shown(char *buf, size_t size, const char *path);

/* A malloc'ed copy of @s (strdup is not in C11), or NULL. */
char *ex_strdup(const char *s);

/* snprintf into a fixed buffer that is always NUL-terminated; long text is
 * cut (only used for short cells). */
void ex_fmt(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
