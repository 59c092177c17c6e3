/* casualty-reconcile: load a claims CSV and show its claims grouped by
 * scope, one readable table.
 *
 * usage: casualty-reconcile [FILE]
 * With no FILE, the bundled claims on the March 2025 Western Syria clashes
 * are used. On bad input the library's error (file, line, column, field)
 * goes to stderr and the exit status is 1; a usage error exits with 2. */
#include <casualty.h>

#include <stdio.h>
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

typedef struct row {
    cas_claim claim;
    int32_t current;
} row;

/* Claims with the same scope sort together; within a scope, by source,
 * then by report day, then by id: the same table whatever the file order. */
static int cmp_rows(const void *pa, const void *pb)
{
    const cas_claim *a = &((const row *)pa)->claim, *b = &((const row *)pb)->claim;
    int c;

    if ((c = strcmp(a->scope.outcome, b->scope.outcome)) ||
        (c = strcmp(a->scope.group, b->scope.group)) ||
        (c = strcmp(a->scope.perpetrator, b->scope.perpetrator)) ||
        (c = strcmp(a->scope.place, b->scope.place)))
        return c;
    if (a->scope.period_start != b->scope.period_start)
        return a->scope.period_start < b->scope.period_start ? -1 : 1;
    if (a->scope.period_end != b->scope.period_end)
        return a->scope.period_end < b->scope.period_end ? -1 : 1;
    if ((c = strcmp(a->source, b->source)))
        return c;
    if (a->reported_on != b->reported_on)
        return a->reported_on < b->reported_on ? -1 : 1;
    return strcmp(a->id, b->id);
}

static int same_scope(const cas_claim *a, const cas_claim *b)
{
    return strcmp(a->scope.outcome, b->scope.outcome) == 0 &&
           strcmp(a->scope.group, b->scope.group) == 0 &&
           strcmp(a->scope.perpetrator, b->scope.perpetrator) == 0 &&
           strcmp(a->scope.place, b->scope.place) == 0 &&
           a->scope.period_start == b->scope.period_start &&
           a->scope.period_end == b->scope.period_end;
}

enum { C_OUTCOME, C_GROUP, C_PERP, C_PLACE, C_PERIOD, C_SOURCE, C_RANGE, C_QUAL, C_REPORTED,
       C_ID, NCOL };
static const char *const headings[NCOL] = {"outcome", "group", "perpetrator", "place", "period",
                                           "source", "range", "qualifier", "reported", "id"};

static void day_text(char *buf, size_t size, int32_t d)
{
    if (cas_date_format(buf, size, d) != CAS_OK)
        snprintf(buf, size, "?");
}

static void cells(const row *r, int first_of_scope, char out[NCOL][160])
{
    const cas_claim *c = &r->claim;
    char a[16], b[16];

    for (int i = 0; i < NCOL; i++)
        out[i][0] = '\0';
    if (first_of_scope) {
        snprintf(out[C_OUTCOME], 160, "%s", c->scope.outcome);
        snprintf(out[C_GROUP], 160, "%s", *c->scope.group ? c->scope.group : "(all)");
        snprintf(out[C_PERP], 160, "%s", *c->scope.perpetrator ? c->scope.perpetrator : "-");
        snprintf(out[C_PLACE], 160, "%s", *c->scope.place ? c->scope.place : "(all)");
        day_text(a, sizeof a, c->scope.period_start);
        day_text(b, sizeof b, c->scope.period_end);
        if (c->scope.period_start == c->scope.period_end)
            snprintf(out[C_PERIOD], 160, "%s", a);
        else
            snprintf(out[C_PERIOD], 160, "%s..%s", a, b);
    }
    snprintf(out[C_SOURCE], 160, "%s", c->source);
    if (c->high == CAS_OPEN)
        snprintf(out[C_RANGE], 160, ">= %lld", (long long)c->low);
    else if (c->high == c->low)
        snprintf(out[C_RANGE], 160, "%lld", (long long)c->low);
    else
        snprintf(out[C_RANGE], 160, "%lld-%lld", (long long)c->low, (long long)c->high);
    if (c->best != CAS_NONE && c->best != c->low)
        snprintf(out[C_RANGE] + strlen(out[C_RANGE]), 160 - strlen(out[C_RANGE]), " (best %lld)",
                 (long long)c->best);
    snprintf(out[C_QUAL], 160, "%s%s", cas_qualifier_name(c->qualifier),
             r->current ? "" : ", superseded");
    if (c->reported_on == CAS_DATE_UNKNOWN)
        snprintf(out[C_REPORTED], 160, "-");
    else
        day_text(out[C_REPORTED], 160, c->reported_on);
    snprintf(out[C_ID], 160, "%s", c->id);
}

/* Display width: UTF-8 continuation bytes take no column. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void print_line(char cell[NCOL][160], const size_t *w)
{
    size_t last = NCOL;
    while (last > 0 && cell[last - 1][0] == '\0')
        last--;
    for (size_t i = 0; i < last; i++) {
        fputs(cell[i], stdout);
        if (i + 1 < last)
            for (size_t k = width(cell[i]); k < w[i] + 2; k++)
                putchar(' ');
    }
    putchar('\n');
}

static const char *default_file(void)
{
    static char path[4096];
    struct stat st;

    snprintf(path, sizeof path, "%s/%s", CASUALTY_SRCDATADIR, BUNDLED);
    if (stat(path, &st) == 0)
        return path;
    snprintf(path, sizeof path, "%s/%s", CASUALTY_DATADIR, BUNDLED);
    return path;
}

int main(int argc, char **argv)
{
    const char *file;
    cas_ledger *ledger = NULL;
    cas_error err;
    row *rows = NULL;
    size_t n, w[NCOL];
    char cell[NCOL][160];
    cas_status st;

    if (argc > 2 || (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))) {
        fprintf(argc > 2 ? stderr : stdout,
                "usage: %s [FILE]\n"
                "Show the claims of a claims CSV (docs/csv.md) grouped by scope.\n"
                "Without FILE, the bundled March 2025 Western Syria claims are used.\n",
                argv[0]);
        return argc > 2 ? 2 : 0;
    }
    file = argc == 2 ? argv[1] : default_file();
    cas_error_init(&err);
    if ((st = cas_ledger_new(&ledger)) != CAS_OK) {
        fprintf(stderr, "casualty-reconcile: %s\n", cas_strerror(st));
        return 1;
    }
    if (cas_csv_load(ledger, file, &err) != CAS_OK) {
        fprintf(stderr, "casualty-reconcile: %s\n", err.message);
        cas_ledger_free(ledger);
        return 1;
    }
    n = cas_ledger_count(ledger);
    rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows) {
        fprintf(stderr, "casualty-reconcile: out of memory\n");
        cas_ledger_free(ledger);
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        cas_claim_init(&rows[i].claim);
        cas_ledger_get(ledger, i, &rows[i].claim);
        cas_ledger_is_current(ledger, i, &rows[i].current);
    }
    qsort(rows, n, sizeof *rows, cmp_rows);

    for (int i = 0; i < NCOL; i++)
        w[i] = width(headings[i]);
    for (size_t i = 0; i < n; i++) {
        cells(&rows[i], i == 0 || !same_scope(&rows[i - 1].claim, &rows[i].claim), cell);
        for (int k = 0; k < NCOL; k++)
            if (width(cell[k]) > w[k])
                w[k] = width(cell[k]);
    }
    for (int i = 0; i < NCOL; i++)
        snprintf(cell[i], 160, "%s", headings[i]);
    print_line(cell, w);
    for (size_t i = 0; i < n; i++) {
        int first = i == 0 || !same_scope(&rows[i - 1].claim, &rows[i].claim);
        cells(&rows[i], first, cell);
        print_line(cell, w);
    }
    printf("\n%zu claims from %s\n", n, file);
    free(rows);
    cas_ledger_free(ledger);
    return 0;
}
