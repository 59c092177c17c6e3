/* What the casualty-* example programs share: their name in messages, the
 * bundled data, the exit statuses, the scope options (--outcome, --group,
 * --perpetrator, --place, --from, --to), loading claims, and small tables
 * printed as aligned text, CSV or Markdown.
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

/* Set the program's name for messages (a fixed name, not argv[0], so that
 * messages read the same however the program was started). */
void ex_program(const char *name);
const char *ex_name(void);

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

/* Parse argv with getopt_long, reporting unknown options and missing
 * values as usage errors: returns the option, -1 at the end, or '?' after
 * printing the error (the caller returns EX_USAGE). @shortopts must start
 * with ':'. */
int ex_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);

/* --version: the library's version. */
void ex_print_version(void);

/* The bundled claims: the source tree's copy when the program runs from
 * its build tree, otherwise the installed copy. */
const char *ex_bundled_claims(void);

/* Output formats. */
typedef enum ex_format { EX_TEXT, EX_CSV, EX_MARKDOWN } ex_format;

/* "text", "csv" or "markdown" into @out; otherwise a usage error
 * (printed) and EX_USAGE. */
int ex_parse_format(ex_format *out, const char *arg);

/* Parse a count option (a whole number >= 0) or a real number; a usage
 * error (printed) and EX_USAGE when @arg is not one. */
int ex_parse_count(int64_t *out, const char *option, const char *arg);
int ex_parse_real(double *out, const char *option, const char *arg);

/* "reported,documented" (--bases) -> CAS_BASIS_BIT()s for
 * cas_reconcile_options.bases; a usage error (printed) and EX_USAGE when a
 * word is not a basis. */
int ex_parse_bases(uint32_t *out, const char *arg);

/* The help line of --bases. */
#define EX_BASES_HELP                                                        \
    "      --bases LIST        the bases counted, comma-separated: reported,\n" \
    "                          documented, estimated, party\n"                  \
    "                          (default reported,documented)\n"

/* The scope options. Each program lists EX_SCOPE_OPTIONS in its long
 * options and hands these option codes to ex_scope_option(). */
enum {
    EX_OPT_OUTCOME = 0x100,
    EX_OPT_GROUP,
    EX_OPT_PERPETRATOR,
    EX_OPT_PLACE,
    EX_OPT_FROM,
    EX_OPT_TO,
    EX_OPT_VERSION,
    EX_OPT_FIRST_FREE /* the programs' own long options start here */
};

#define EX_SCOPE_OPTIONS                                          \
    {"outcome", required_argument, NULL, EX_OPT_OUTCOME},         \
    {"group", required_argument, NULL, EX_OPT_GROUP},             \
    {"perpetrator", required_argument, NULL, EX_OPT_PERPETRATOR}, \
    {"place", required_argument, NULL, EX_OPT_PLACE},             \
    {"from", required_argument, NULL, EX_OPT_FROM},               \
    {"to", required_argument, NULL, EX_OPT_TO}

/* The help lines of the scope options, for filtering programs. */
extern const char ex_scope_help[];

/* A scope given on the command line: paths "" and days unknown unless
 * set. @given counts the options seen. */
typedef struct ex_scope {
    cas_scope scope;
    int given;
} ex_scope;

void ex_scope_init(ex_scope *s);

/* Handle scope option @opt with value @arg: checks the path or date and
 * returns EX_OK, or prints a usage error and returns EX_USAGE. Returns
 * -1 when @opt is not a scope option. */
int ex_scope_option(ex_scope *s, int opt, const char *arg);

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

/* Load a claims CSV into a new ledger; "-" reads stdin. On failure the
 * library's message is printed and EX_DATA returned. */
int ex_load_claims(cas_ledger **out, const char *path);

/* Keep the claims of *@ledger whose scope is @s's scope or lies within
 * it: *@ledger is replaced by a new ledger of those claims (and left as it
 * is when no scope option was given). Reconciling them gives exactly the
 * rows of the whole ledger for the scopes within @s, since a scope's
 * result depends only on the claims of that scope. On failure the error
 * is printed, *@ledger is unchanged, and EX_DATA returned. */
int ex_keep_within(cas_ledger **ledger, const ex_scope *s);

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
/* Print; returns EX_OK or EX_DATA (write error, printed). */
int ex_table_print(const ex_table *t, ex_format format);
void ex_table_free(ex_table *t);

/* A malloc'ed copy of @s (strdup is not in C11), or NULL. */
char *ex_strdup(const char *s);

/* snprintf into a fixed buffer that is always NUL-terminated; long text is
 * cut (only used for short cells). */
void ex_fmt(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
