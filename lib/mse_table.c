/* SPDX-License-Identifier: MIT */
/* Capture-history tables: one count per pattern of lists, built from counts
 * (cas_mse_table_new) or loaded from CSV through the library's libcsv
 * reader (csvread.c), one 0/1 column per list plus `count`
 * (cas_mse_table_load, cas_mse_table_load_buffer). */
#include "mse_internal.h"
#include "alloc_internal.h"
#include "csvread_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define EXACT_LIMIT ((int64_t)1 << 53) /* counts beyond are not exact in a double */

/* ---- tables ------------------------------------------------------------- */

void cas_mse_table_free(cas_mse_table *t)
{
    if (!t)
        return;
    for (uint32_t j = 0; j < CAS_MSE_MAX_LISTS; j++)
        cas__free(t->names[j]);
    cas__free(t);
}

/* Check a list name; a bad one fails with @bad (ARG from the API, HEADER
 * from a CSV header). */
static cas_status check_name(const char *name, size_t len, cas_status bad, cas_error *err)
{
    char excerpt[48];

    if (len == 0)
        return cas__fail(err, bad, "", "a list name is empty");
    cas__quote_excerpt(excerpt, sizeof excerpt, name, len);
    if (len > CAS__MSE_NAME_MAX_BYTES)
        return cas__fail(err, bad, "", "list name '%s' is longer than %d bytes", excerpt,
                         CAS__MSE_NAME_MAX_BYTES);
    if (!cas__utf8_valid(name, len))
        return cas__fail(err, CAS_ERR_ENCODING, "", "list name '%s' is not valid UTF-8", excerpt);
    if (memchr(name, '\0', len))
        return cas__fail(err, bad, "", "list name '%s' contains a NUL byte", excerpt);
    return CAS_OK;
}

/* Check the caller's names of @lists lists: each present and valid, none
 * called `count`, no two alike. */
static cas_status check_names(const char *const *names, uint32_t lists, cas_error *err)
{
    for (uint32_t j = 0; j < lists; j++) {
        cas_status st;
        if (!names[j])
            return cas__fail(err, CAS_ERR_ARG, "names", "list name %u is NULL", (unsigned)j + 1);
        st = check_name(names[j], strlen(names[j]), CAS_ERR_ARG, err);
        if (st != CAS_OK)
            return st;
        if (strcmp(names[j], "count") == 0)
            return cas__fail(err, CAS_ERR_ARG, "names",
                             "a list may not be called 'count' (the CSV count column)");
        for (uint32_t k = 0; k < j; k++)
            if (strcmp(names[j], names[k]) == 0)
                return cas__fail(err, CAS_ERR_ARG, "names",
                                 "lists %u and %u are both called '%.64s'", (unsigned)k + 1,
                                 (unsigned)j + 1, names[j]);
    }
    return CAS_OK;
}

/* Check the counts of the non-empty patterns of @lists lists (pattern p's
 * at counts[p - 1]) and add them up into @total. */
static cas_status check_counts(const int64_t *counts, uint32_t lists, int64_t *total,
                               cas_error *err)
{
    uint32_t cells = 1u << lists;

    *total = 0;
    for (uint32_t p = 1; p < cells; p++) {
        char pat[CAS_MSE_MAX_LISTS + 1];
        cas__mse_pattern_text(pat, p, lists);
        if (counts[p - 1] < 0)
            return cas__fail(err, CAS_ERR_RANGE, "count", "pattern %s: count %lld is negative", pat,
                             (long long)counts[p - 1]);
        if (__builtin_add_overflow(*total, counts[p - 1], total) || *total > EXACT_LIMIT)
            return cas__fail(err, CAS_ERR_OVERFLOW, "count",
                             "the counts add up to more than 2^53, beyond exact arithmetic");
    }
    return CAS_OK;
}

cas_status cas_mse_table_new(cas_mse_table **out, uint32_t lists, const char *const *names,
                             const int64_t *counts, cas_error *err)
{
    cas_mse_table *t;
    uint32_t cells;
    int64_t total;
    cas_status st;

    if (!out || !counts)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !out ? "out" : "counts");
    if (lists < 2 || lists > CAS_MSE_MAX_LISTS)
        return cas__fail(err, CAS_ERR_ARG, "lists", "%u lists: a table has from 2 to %d lists",
                         (unsigned)lists, CAS_MSE_MAX_LISTS);
    cells = 1u << lists;
    if (names && (st = check_names(names, lists, err)) != CAS_OK)
        return st;
    if ((st = check_counts(counts, lists, &total, err)) != CAS_OK)
        return st;

    t = cas__calloc(1, sizeof *t);
    if (!t)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    t->lists = lists;
    for (uint32_t j = 0; j < lists; j++) {
        char num[4];
        snprintf(num, sizeof num, "%u", (unsigned)j + 1);
        t->names[j] = cas__mse_dup_text(names ? names[j] : num);
        if (!t->names[j]) {
            cas_mse_table_free(t);
            return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
        }
    }
    for (uint32_t p = 1; p < cells; p++)
        t->counts[p] = counts[p - 1];
    t->observed = total;
    *out = t;
    return CAS_OK;
}

uint32_t cas_mse_table_lists(const cas_mse_table *t)
{
    return t ? t->lists : 0;
}

const char *cas_mse_table_name(const cas_mse_table *t, uint32_t list)
{
    if (!t || list >= t->lists)
        return NULL;
    return t->names[list];
}

cas_status cas_mse_table_count(const cas_mse_table *t, uint32_t pattern, int64_t *count)
{
    if (!t || !count)
        return CAS_ERR_ARG;
    if (pattern == 0 || pattern >= (1u << t->lists))
        return CAS_ERR_NOT_FOUND;
    *count = t->counts[pattern];
    return CAS_OK;
}

int64_t cas_mse_table_observed(const cas_mse_table *t)
{
    return t ? t->observed : 0;
}

/* ---- loading tables from CSV -------------------------------------------- */

#define MAX_HEADER (CAS_MSE_MAX_LISTS + 1)

typedef struct loader {
    cas__csvread rd;  /* the reader: its status, line and first error */
    int64_t row_line; /* line where the current row starts */
    int header_done;
    int rows;
    size_t field;             /* fields seen in the current row */
    size_t nfields;           /* fields in the header */
    char *header[MAX_HEADER]; /* header names (only the first MAX_HEADER kept) */
    int count_field;          /* index of `count`, -1 if absent */
    int count_beyond;         /* `count` seen after the first MAX_HEADER fields */
    int list_of_field[MAX_HEADER];
    uint32_t lists;
    /* the current row */
    uint32_t pattern;
    int64_t count;
    /* the table being built */
    int64_t counts[CAS__MSE_MAX_CELLS];
    int64_t line_of[CAS__MSE_MAX_CELLS]; /* line of each pattern's row, 0 if none yet */
} loader;

static const char *field_name(const loader *ld, size_t f)
{
    return f < MAX_HEADER && f < ld->nfields && ld->header[f] ? ld->header[f] : "";
}

/* The reader's field_name. */
static const char *read_field_name(void *data, size_t f)
{
    return field_name(data, f);
}

static void header_field(loader *ld, const char *s, size_t len)
{
    cas_error e;

    cas_error_init(&e);
    if (ld->field >= MAX_HEADER) {
        /* Too many columns: reported when the header ends. */
        if (len == 5 && memcmp(s, "count", 5) == 0)
            ld->count_beyond = 1;
        return;
    }
    if (check_name(s, len, CAS_ERR_HEADER, &e) != CAS_OK) {
        cas__csvread_fail(&ld->rd, &e, ld->row_line, (int64_t)ld->field + 1);
        return;
    }
    if (ld->rd.spaced) {
        /* "count " or " c1" is not taken for count or c1: column names
         * are exact, as in a claims CSV (csv_load.c). */
        char excerpt[48];
        cas__quote_excerpt(excerpt, sizeof excerpt, s, len);
        cas__fail(&e, CAS_ERR_HEADER, "",
                  "column name '%s' with a space or tab around it (column names are exact)",
                  excerpt);
        cas__csvread_fail(&ld->rd, &e, ld->row_line, (int64_t)ld->field + 1);
        return;
    }
    for (size_t f = 0; f < ld->field && f < MAX_HEADER; f++) {
        if (ld->header[f] && strlen(ld->header[f]) == len && memcmp(ld->header[f], s, len) == 0) {
            cas__fail(&e, CAS_ERR_HEADER, ld->header[f],
                      "column appears twice (fields %zu and %zu)", f + 1, ld->field + 1);
            cas__csvread_fail(&ld->rd, &e, ld->row_line, (int64_t)ld->field + 1);
            return;
        }
    }
    ld->header[ld->field] = cas__malloc(len + 1);
    if (!ld->header[ld->field]) {
        cas__fail(&e, CAS_ERR_NOMEM, "", "out of memory");
        cas__csvread_fail(&ld->rd, &e, 0, 0);
        return;
    }
    memcpy(ld->header[ld->field], s, len);
    ld->header[ld->field][len] = '\0';
}

static void end_header(loader *ld)
{
    cas_error e;
    uint32_t lists = 0;
    size_t nlists;
    int has_count;

    cas_error_init(&e);
    ld->nfields = ld->field;
    ld->count_field = -1;
    for (size_t f = 0; f < ld->nfields && f < MAX_HEADER; f++)
        if (strcmp(ld->header[f], "count") == 0)
            ld->count_field = (int)f;
    has_count = ld->count_field >= 0 || ld->count_beyond;
    nlists = ld->nfields - (has_count ? 1 : 0);
    if (nlists > CAS_MSE_MAX_LISTS) {
        cas__fail(&e, CAS_ERR_HEADER, "", "%zu list columns: at most %d lists are supported",
                  nlists, CAS_MSE_MAX_LISTS);
        cas__csvread_fail(&ld->rd, &e, ld->row_line, 0);
        return;
    }
    if (!has_count) {
        cas__fail(&e, CAS_ERR_HEADER, "count",
                  "required column is missing (one 0/1 column per list, plus 'count')");
        cas__csvread_fail(&ld->rd, &e, ld->row_line, 0);
        return;
    }
    if (nlists < 2) {
        cas__fail(&e, CAS_ERR_HEADER, "", "%zu list column%s: at least 2 lists are needed", nlists,
                  nlists == 1 ? "" : "s");
        cas__csvread_fail(&ld->rd, &e, ld->row_line, 0);
        return;
    }
    for (size_t f = 0; f < ld->nfields; f++)
        ld->list_of_field[f] = (int)f == ld->count_field ? -1 : (int)lists++;
    ld->lists = lists;
    ld->header_done = 1;
}

static void data_field(loader *ld, const char *s, size_t len)
{
    cas_error e;
    char excerpt[48];
    size_t f = ld->field;

    cas_error_init(&e);
    if (f >= ld->nfields)
        return; /* extra fields: reported when the row ends */
    cas__quote_excerpt(excerpt, sizeof excerpt, s, len);
    if ((int)f == ld->count_field) {
        cas_status st = cas__parse_count(&ld->count, s, len);
        if (st == CAS_OK)
            return;
        if (len == 0)
            cas__fail(&e, CAS_ERR_MISSING, "count",
                      "required, but empty (expected a whole number >= 0)");
        else if (st == CAS_ERR_OVERFLOW)
            cas__fail(&e, st, "count",
                      "'%s' is larger than the largest count (9223372036854775807)", excerpt);
        else if (s[0] == '-' && len > 1 && cas__parse_count(&ld->count, s + 1, len - 1) == CAS_OK)
            cas__fail(&e, CAS_ERR_RANGE, "count", "expected a whole number >= 0, got negative '%s'",
                      excerpt);
        else
            cas__fail(&e, CAS_ERR_NUMBER, "count", "expected a whole number >= 0, got '%s'",
                      excerpt);
        cas__csvread_fail(&ld->rd, &e, ld->row_line, (int64_t)f + 1);
        return;
    }
    if (len == 1 && (s[0] == '0' || s[0] == '1')) {
        if (s[0] == '1')
            ld->pattern |= 1u << ld->list_of_field[f];
        return;
    }
    cas__fail(&e, CAS_ERR_VALUE, field_name(ld, f),
              "expected 0 or 1 (is the record on this list?), got '%s'", excerpt);
    cas__csvread_fail(&ld->rd, &e, ld->row_line, (int64_t)f + 1);
}

static void on_field(void *s, size_t len, void *data)
{
    loader *ld = data;
    const char *text = s ? s : "";

    if (ld->rd.status != CAS_OK)
        return;
    if (ld->field == 0) {
        /* A quoted field may span lines: the row began where it began. */
        ld->row_line = cas__csvread_row_line(&ld->rd, text, len);
        ld->pattern = 0;
        ld->count = 0;
    }
    if (!ld->header_done)
        header_field(ld, text, len);
    else
        data_field(ld, text, len);
    ld->field++;
}

static void end_row(loader *ld)
{
    cas_error e;
    char pat[CAS_MSE_MAX_LISTS + 1];

    cas_error_init(&e);
    if (ld->field != ld->nfields) {
        cas__fail(&e, CAS_ERR_CSV, "", "expected %zu fields as in the header, found %zu",
                  ld->nfields, ld->field);
        cas__csvread_fail(&ld->rd, &e, ld->row_line,
                          (int64_t)(ld->field < ld->nfields ? ld->field : ld->nfields) + 1);
        return;
    }
    cas__mse_pattern_text(pat, ld->pattern, ld->lists);
    if (ld->pattern == 0) {
        cas__fail(&e, CAS_ERR_VALUE, "",
                  "pattern %s is on no list: those records are the unknown being "
                  "estimated, leave the row out",
                  pat);
        cas__csvread_fail(&ld->rd, &e, ld->row_line, 0);
        return;
    }
    if (ld->line_of[ld->pattern]) {
        cas__fail(&e, CAS_ERR_DUPLICATE, "", "pattern %s appears twice (first on line %lld)", pat,
                  (long long)ld->line_of[ld->pattern]);
        cas__csvread_fail(&ld->rd, &e, ld->row_line, 0);
        return;
    }
    ld->line_of[ld->pattern] = ld->row_line;
    ld->counts[ld->pattern] = ld->count;
    ld->rows++;
}

static void on_row(int c, void *data)
{
    loader *ld = data;

    (void)c;
    if (ld->rd.status == CAS_OK) {
        if (!ld->header_done)
            end_header(ld);
        else
            end_row(ld);
    }
    ld->field = 0;
}

static cas_status load(cas_mse_table **out, const char *name, FILE *fp, const char *data,
                       size_t len, cas_error *err)
{
    loader *ld;
    cas_status st;
    cas_error e;

    ld = cas__calloc(1, sizeof *ld);
    if (!ld)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    if (cas__csvread_init(&ld->rd, name, err, CSV_APPEND_NULL, 0, on_field, on_row, ld) != CAS_OK) {
        cas__csvread_free(&ld->rd);
        cas__free(ld);
        return CAS_ERR_NOMEM;
    }
    ld->rd.malformed[1] = " (a quote inside an unquoted field, or text after a closing quote)";
    ld->rd.unterminated = "unterminated quoted field at the end of the input";
    ld->rd.field_name = read_field_name;
    ld->row_line = 1;
    cas_error_init(&e);

    /* The reader tells malformed CSV, a quoted field left open, an input
     * without a header row and a read error. */
    if (fp)
        cas__csvread_file(&ld->rd, fp);
    else
        cas__csvread_buffer(&ld->rd, data, len);
    cas__csvread_finish(&ld->rd);
    if (ld->rd.status == CAS_OK && ld->rows == 0) {
        cas__fail(&e, CAS_ERR_EMPTY, "", "a header but no rows: expected one row per pattern");
        cas__csvread_fail(&ld->rd, &e, 0, 0);
    }
    if (ld->rd.status == CAS_OK) {
        for (uint32_t pat = 1; pat < (1u << ld->lists); pat++) {
            if (!ld->line_of[pat]) {
                char text[CAS_MSE_MAX_LISTS + 1];
                cas__mse_pattern_text(text, pat, ld->lists);
                cas__fail(&e, CAS_ERR_MISSING, "",
                          "pattern %s has no row (list every non-empty pattern, zeros "
                          "included)",
                          text);
                cas__csvread_fail(&ld->rd, &e, 0, 0);
                break;
            }
        }
    }
    if (ld->rd.status == CAS_OK) {
        const char *names[CAS_MSE_MAX_LISTS];
        for (size_t f = 0; f < ld->nfields; f++)
            if (ld->list_of_field[f] >= 0)
                names[ld->list_of_field[f]] = ld->header[f];
        st = cas_mse_table_new(out, ld->lists, names, ld->counts + 1, &e);
        if (st != CAS_OK)
            cas__csvread_fail(&ld->rd, &e, 0, 0);
    }
    st = ld->rd.status;
    cas__csvread_free(&ld->rd);
    for (size_t f = 0; f < MAX_HEADER; f++)
        cas__free(ld->header[f]);
    cas__free(ld);
    return st;
}

cas_status cas_mse_table_load(cas_mse_table **out, const char *path, cas_error *err)
{
    FILE *fp;
    cas_status st;

    if (!out || !path)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !out ? "out" : "path");
    fp = fopen(path, "rb");
    if (!fp) {
        cas__fail(err, CAS_ERR_IO, "", "cannot open the file");
        cas__error_where(err, path, 0, 0);
        return CAS_ERR_IO;
    }
    st = load(out, path, fp, NULL, 0, err);
    fclose(fp);
    return st;
}

cas_status cas_mse_table_load_buffer(cas_mse_table **out, const char *data, size_t len,
                                     const char *name, cas_error *err)
{
    if (!out || (!data && len > 0))
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !out ? "out" : "data");
    return load(out, name, NULL, data ? data : "", len, err);
}
