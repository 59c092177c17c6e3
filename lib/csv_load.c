/* SPDX-License-Identifier: MIT */
/* Loading ledgers from CSV (schema: docs/csv.md): the header, rows as
 * libcsv gives them (through csvread.c), their checks and messages, and
 * the rejects of a lenient load. Plain lines take the fast path
 * (csv_fast.c); saving is csv_save.c. */
#include "csv_internal.h"
#include "alloc_internal.h"
#include "casualty/csv.h"
#include "sized_internal.h"
#include "phrase_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const cas__csv_column_names[NCOLUMNS] = {
    "id",           "source",     "source_kind", "relay",     "basis",
    "outcome",      "group",      "perpetrator", "place",     "event",
    "period_start", "period_end", "reported_on", "qualifier", "low",
    "high",         "best",       "citation",    "quote",     "claim",
};

static int column_required(int col)
{
    return col == COL_ID || col == COL_SOURCE || col == COL_OUTCOME || col == COL_LOW;
}

/* Rejected rows. The first CAS__REJECTS_FULL keep their whole cas_error
 * (about 850 bytes each); the rest keep a compact record (line, column,
 * status and field: 24 bytes), so that a file of millions of bad rows
 * costs 24 bytes a row, not 850, and the count stays exact. The file's
 * name is kept once. */
#define CAS__REJECTS_FULL 1000

typedef struct {
    int64_t line;
    int32_t column;
    int32_t status;
    uint32_t field; /* index in fields[] */
} compact_reject;

struct cas_rejects {
    cas_error *items; /* the first CAS__REJECTS_FULL */
    size_t nitems, cap;
    compact_reject *more; /* the rest */
    size_t nmore, more_cap;
    char (*fields)[64]; /* the distinct field names of the compact ones */
    size_t nfields, fields_cap;
    char file[256];
    size_t count;
};

/* Keep the reject @e: in full while there is room, else compactly. 0 when
 * out of memory. */
static int reject_keep(cas_rejects *r, const cas_error *e)
{
    compact_reject *c;
    size_t f;

    if (r->nitems < CAS__REJECTS_FULL) {
        if (!cas__grow((void **)&r->items, &r->cap, r->nitems + 1, sizeof *r->items, 16))
            return 0;
        r->items[r->nitems++] = *e;
        r->count++;
        return 1;
    }
    for (f = 0; f < r->nfields; f++)
        if (!strcmp(r->fields[f], e->field))
            break;
    if (f == r->nfields) {
        if (f >= UINT32_MAX ||
            !cas__grow((void **)&r->fields, &r->fields_cap, f + 1, sizeof *r->fields, 8))
            return 0;
        memcpy(r->fields[f], e->field, sizeof r->fields[f]);
        r->fields[f][sizeof r->fields[f] - 1] = '\0';
        r->nfields++;
    }
    if (!cas__grow((void **)&r->more, &r->more_cap, r->nmore + 1, sizeof *r->more, 64))
        return 0;
    if (!r->nmore)
        memcpy(r->file, e->file, sizeof r->file);
    c = &r->more[r->nmore++];
    c->line = e->line;
    c->column = e->column > INT32_MAX ? INT32_MAX : (int32_t)e->column;
    c->status = e->status;
    c->field = (uint32_t)f;
    r->count++;
    return 1;
}

/* Record the load's first fatal problem (its message is told already). */
static cas_status fatal(cas__csv_loader *ld, cas_status st)
{
    if (ld->rd.status == CAS_OK)
        ld->rd.status = st;
    return st;
}

/* Record a problem with the current row: fatal in strict mode, a reject
 * in lenient mode. The cas_error passed in already holds the message.
 * Running out of memory is never the row's fault: always fatal. */
static cas_status row_problem(cas__csv_loader *ld, cas_error *e, int field)
{
    int64_t column = field >= 0 ? field + 1 : 0;

    cas__error_where(e, ld->rd.name, ld->row_line, column);
    if (!ld->rejects || e->status == CAS_ERR_NOMEM) {
        cas__error_copy(ld->rd.err, e);
        return fatal(ld, (cas_status)e->status);
    }
    if (!reject_keep(ld->rejects, e)) {
        cas__fail(ld->rd.err, CAS_ERR_NOMEM, "", "out of memory");
        return fatal(ld, CAS_ERR_NOMEM);
    }
    return CAS_OK;
}

static const char *field_text(const cas__csv_loader *ld, int col, size_t *len)
{
    if (ld->field_of_column[col] < 0) {
        *len = 0;
        return "";
    }
    int f = ld->field_of_column[col];
    *len = ld->len[f];
    return ld->buf + ld->off[f];
}

/* Parse one count column; an empty optional column gives @empty. */
static cas_status parse_count_col(cas__csv_loader *ld, int col, int64_t empty, int64_t *out,
                                  cas_error *e)
{
    size_t len;
    const char *s = field_text(ld, col, &len);
    char excerpt[48];
    cas_status st;

    if (len == 0) {
        if (column_required(col))
            return cas__fail(e, CAS_ERR_MISSING, cas__csv_column_names[col],
                             "required, but empty (expected a whole number >= 0)");
        *out = empty;
        return CAS_OK;
    }
    st = cas__parse_count(out, s, len);
    if (st == CAS_OK)
        return CAS_OK;
    cas__quote_excerpt(excerpt, sizeof excerpt, s, len);
    if (st == CAS_ERR_OVERFLOW)
        return cas__fail(e, st, cas__csv_column_names[col],
                         "'%s' is larger than the largest count (9223372036854775807)", excerpt);
    if (s[0] == '-' && len > 1 && cas__parse_count(out, s + 1, len - 1) != CAS_ERR_NUMBER)
        return cas__fail(e, CAS_ERR_RANGE, cas__csv_column_names[col],
                         "expected a whole number >= 0, got negative '%s'", excerpt);
    return cas__fail(e, CAS_ERR_NUMBER, cas__csv_column_names[col],
                     "expected a whole number >= 0, got '%s'", excerpt);
}

static cas_status parse_date_col(cas__csv_loader *ld, int col, int32_t *out, cas_error *e)
{
    size_t len;
    const char *s = field_text(ld, col, &len);
    char excerpt[48];

    if (len == 0) {
        *out = CAS_DATE_UNKNOWN;
        return CAS_OK;
    }
    if (cas_date_parse(out, s, len) == CAS_OK)
        return CAS_OK;
    cas__quote_excerpt(excerpt, sizeof excerpt, s, len);
    return cas__fail(e, CAS_ERR_DATE, cas__csv_column_names[col],
                     "expected a real calendar date YYYY-MM-DD, got '%s'", excerpt);
}

/* "a, b, c": the names @name_of gives (cas_qualifier_name, cas_basis_name),
 * for a message. */
static void name_list(char *out, size_t size, const char *(*name_of)(int32_t))
{
    size_t n = 0;
    const char *w;

    out[0] = '\0';
    for (int32_t i = 0; (w = name_of(i)) != NULL && n < size; i++)
        n += (size_t)snprintf(out + n, size - n, "%s%s", i ? ", " : "", w);
}

static cas_status parse_word_col(cas__csv_loader *ld, int col, int32_t *out, int32_t empty,
                                 cas_status (*from_name)(int32_t *, const char *),
                                 const char *(*name_of)(int32_t), cas_error *e)
{
    size_t len;
    const char *s = field_text(ld, col, &len);
    char excerpt[48], allowed[128];

    if (len == 0) {
        *out = empty;
        return CAS_OK;
    }
    if (from_name(out, s) == CAS_OK)
        return CAS_OK;
    cas__quote_excerpt(excerpt, sizeof excerpt, s, len);
    name_list(allowed, sizeof allowed, name_of);
    return cas__fail(e, CAS_ERR_VALUE, cas__csv_column_names[col], "expected one of %s, got '%s'",
                     allowed, excerpt);
}

/* Read a row's `claim` phrase ("at least 315", "dozens", "5,000-7,000")
 * into the range, when the row has one. It stands instead of low, high and
 * best, and becomes the quote when the row has none. */
static cas_status claim_phrase(cas__csv_loader *ld, cas_claim *c, int *used, cas_error *e)
{
    size_t len, lowlen, hlen, blen;
    const char *s = field_text(ld, COL_CLAIM, &len);
    int32_t qualifier;

    *used = 0;
    if (len == 0)
        return CAS_OK;
    field_text(ld, COL_LOW, &lowlen);
    field_text(ld, COL_HIGH, &hlen);
    field_text(ld, COL_BEST, &blen);
    if (lowlen || hlen || blen)
        return cas__fail(e, CAS_ERR_VALUE, "claim",
                         "give either a claim phrase or low/high/best, not both");
    cas_status st = cas__phrase_figure(s, len, &c->low, &c->high, &c->best, &qualifier, e);
    if (st != CAS_OK) {
        if (e->field[0] == '\0' || strcmp(e->field, "claim") != 0) {
            char msg[sizeof e->message];
            memcpy(msg, e->message, sizeof msg);
            cas__fail(e, st, "claim", "%s", msg);
        }
        return st;
    }
    if (c->qualifier < 0)
        c->qualifier = qualifier;
    if (!c->quote || !*c->quote)
        c->quote = s;
    *used = 1;
    return CAS_OK;
}

/* A row with no figure where the file gives them only as `claim` phrases:
 * the cell to fill is `claim`, not the absent `low`. */
static cas_status empty_claim(cas__csv_loader *ld, cas_error *e)
{
    if (ld->field_of_column[COL_CLAIM] < 0 || ld->field_of_column[COL_LOW] >= 0)
        return CAS_OK;
    return cas__fail(e, CAS_ERR_MISSING, "claim",
                     "required, but empty (expected a figure such as '315' or 'at least 315'; "
                     "the file has no low column)");
}

static int column_by_name(const char *name)
{
    for (int c = 0; c < NCOLUMNS; c++)
        if (strcmp(cas__csv_column_names[c], name) == 0)
            return c;
    return -1;
}

void cas__csv_end_row(cas__csv_loader *ld)
{
    cas_error e;
    cas_claim c;
    cas_status st;
    int bad_field = -1;

    cas_error_init(&e);
    if (ld->field < ld->nfields || ld->row_overflow) {
        cas__fail(&e, CAS_ERR_CSV, "", "expected %zu fields as in the header, found %zu",
                  ld->nfields, ld->field + ld->row_overflow);
        row_problem(ld, &e, (int)(ld->field < ld->nfields ? ld->field : ld->nfields));
        return;
    }
    /* A NUL byte would cut the C string short ("SOHR\0-fake" read as "SOHR"). */
    for (size_t i = 0; i < ld->nfields; i++) {
        const char *nul = memchr(ld->buf + ld->off[i], '\0', ld->len[i]);
        if (nul) {
            cas__fail(&e, CAS_ERR_ENCODING, cas__csv_column_names[ld->column_of_field[i]],
                      "a NUL byte (at byte %zu of the field): text cannot hold one",
                      (size_t)(nul - (ld->buf + ld->off[i])) + 1);
            row_problem(ld, &e, (int)i);
            return;
        }
    }
    cas_claim_init(&c);
    c.id = field_text(ld, COL_ID, &(size_t){0});
    c.source = field_text(ld, COL_SOURCE, &(size_t){0});
    c.source_kind = field_text(ld, COL_SOURCE_KIND, &(size_t){0});
    c.relay = field_text(ld, COL_RELAY, &(size_t){0});
    c.citation = field_text(ld, COL_CITATION, &(size_t){0});
    c.quote = field_text(ld, COL_QUOTE, &(size_t){0});
    c.scope.outcome = field_text(ld, COL_OUTCOME, &(size_t){0});
    c.scope.group = field_text(ld, COL_GROUP, &(size_t){0});
    c.scope.perpetrator = field_text(ld, COL_PERPETRATOR, &(size_t){0});
    c.scope.place = field_text(ld, COL_PLACE, &(size_t){0});
    c.scope.event = field_text(ld, COL_EVENT, &(size_t){0});
    int from_phrase = 0;
    if ((st = parse_word_col(ld, COL_QUALIFIER, &c.qualifier, -1, cas_qualifier_from_name,
                             cas_qualifier_name, &e)) ||
        (st = claim_phrase(ld, &c, &from_phrase, &e)) ||
        (!from_phrase && (st = empty_claim(ld, &e))) ||
        (!from_phrase && (st = parse_count_col(ld, COL_LOW, 0, &c.low, &e))) ||
        (!from_phrase && (st = parse_count_col(ld, COL_HIGH, CAS_OPEN, &c.high, &e))) ||
        (!from_phrase && (st = parse_count_col(ld, COL_BEST, CAS_NONE, &c.best, &e))) ||
        (st = parse_date_col(ld, COL_PERIOD_START, &c.scope.period_start, &e)) ||
        (st = parse_date_col(ld, COL_PERIOD_END, &c.scope.period_end, &e)) ||
        (st = parse_date_col(ld, COL_REPORTED_ON, &c.reported_on, &e)) ||
        (st = parse_word_col(ld, COL_BASIS, &c.basis, CAS_BASIS_REPORTED, cas_basis_from_name,
                             cas_basis_name, &e))) {
        bad_field = ld->field_of_column[column_by_name(e.field)];
        row_problem(ld, &e, bad_field);
        return;
    }
    if (c.qualifier < 0)
        c.qualifier = c.high == CAS_OPEN ? CAS_QUAL_AT_LEAST
                      : c.high == c.low  ? CAS_QUAL_EXACT
                                         : CAS_QUAL_RANGE;
    st = cas__ledger_add(ld->ledger, &c, &e);
    if (st != CAS_OK) {
        int col = column_by_name(e.field);
        row_problem(ld, &e, col >= 0 ? ld->field_of_column[col] : -1);
    }
}

static void end_header(cas__csv_loader *ld)
{
    cas_error e;

    cas_error_init(&e);
    for (int c = 0; c < NCOLUMNS; c++) {
        /* A `claim` column can stand in for `low`. */
        if (c == COL_LOW && ld->field_of_column[COL_CLAIM] >= 0)
            continue;
        if (column_required(c) && ld->field_of_column[c] < 0) {
            cas__fail(&e, CAS_ERR_HEADER, cas__csv_column_names[c], "required column is missing");
            cas__csvread_fail(&ld->rd, &e, ld->row_line, 0);
            return;
        }
    }
    ld->header_done = 1;
}

static void header_field(cas__csv_loader *ld, const char *s, size_t len)
{
    char excerpt[48];
    int col = -1;
    cas_error e;

    cas_error_init(&e);
    if (memchr(s, '\0', len)) {
        cas__quote_excerpt(excerpt, sizeof excerpt, s, len);
        cas__fail(&e, CAS_ERR_ENCODING, "", "column name '%s' holds a NUL byte", excerpt);
        cas__csvread_fail(&ld->rd, &e, ld->row_line, (int64_t)ld->field + 1);
        return;
    }
    for (int c = 0; c < NCOLUMNS; c++)
        if (strlen(cas__csv_column_names[c]) == len &&
            memcmp(cas__csv_column_names[c], s, len) == 0)
            col = c;
    cas__quote_excerpt(excerpt, sizeof excerpt, s, len);
    if (col < 0)
        cas__fail(&e, CAS_ERR_HEADER, "", "unknown column '%s' (docs/csv.md lists the columns)",
                  excerpt);
    else if (ld->rd.spaced)
        cas__fail(&e, CAS_ERR_HEADER, "",
                  "column name '%s' with a space or tab around it (column names are exact)",
                  excerpt);
    else if (ld->field_of_column[col] >= 0)
        cas__fail(&e, CAS_ERR_HEADER, cas__csv_column_names[col], "column appears twice");
    else {
        ld->field_of_column[col] = (int)ld->field;
        ld->column_of_field[ld->field] = col;
        return;
    }
    cas__csvread_fail(&ld->rd, &e, ld->row_line, (int64_t)ld->field + 1);
}

int cas__csv_row_room(cas__csv_loader *ld, size_t need)
{
    if (cas__grow((void **)&ld->buf, &ld->buf_cap, need, 1, 1024))
        return 1;
    cas__fail(ld->rd.err, CAS_ERR_NOMEM, "", "out of memory");
    fatal(ld, CAS_ERR_NOMEM);
    return 0;
}

void cas__csv_row_append(cas__csv_loader *ld, size_t i, const char *s, size_t len)
{
    memcpy(ld->buf + ld->buf_len, s, len);
    ld->buf[ld->buf_len + len] = '\0';
    ld->off[i] = ld->buf_len;
    ld->len[i] = len;
    ld->buf_len += len + 1;
}

static void on_field(void *s, size_t len, void *data)
{
    cas__csv_loader *ld = data;
    const char *text = s ? s : "";

    if (ld->rd.status != CAS_OK)
        return;
    if (ld->field == 0 && ld->row_overflow == 0) {
        ld->row_line = cas__csvread_row_line(&ld->rd, text, len);
        ld->buf_len = 0;
    }
    if (ld->field >= NCOLUMNS || (ld->header_done && ld->field >= ld->nfields)) {
        if (!ld->header_done) {
            cas_error e;
            cas_error_init(&e);
            cas__fail(&e, CAS_ERR_HEADER, "", "more than %d columns", NCOLUMNS);
            cas__csvread_fail(&ld->rd, &e, ld->row_line, (int64_t)ld->field + 1);
            return;
        }
        ld->row_overflow++;
        return;
    }
    if (len > CAS_FIELD_MAX) {
        /* Too long: the row is rejected when it ends. Keep it empty here. */
        cas_error e;
        int col = ld->header_done ? ld->column_of_field[ld->field] : -1;
        cas_error_init(&e);
        cas__fail(&e, CAS_ERR_TOO_LONG, col >= 0 ? cas__csv_column_names[col] : "",
                  "%zu bytes, more than the %d allowed", len, CAS_FIELD_MAX);
        if (!ld->header_done) {
            cas__csvread_fail(&ld->rd, &e, ld->row_line, (int64_t)ld->field + 1);
            return;
        }
        row_problem(ld, &e, (int)ld->field);
        ld->row_overflow = (size_t)-1 / 2; /* swallow the rest of the row */
        return;
    }
    if (!ld->header_done) {
        header_field(ld, text, len);
        ld->field++;
        return;
    }
    if (!cas__csv_row_room(ld, ld->buf_len + len + 1))
        return;
    cas__csv_row_append(ld, ld->field, text, len);
    ld->field++;
}

static void on_row(int c, void *data)
{
    cas__csv_loader *ld = data;

    (void)c;
    if (ld->rd.status == CAS_OK) {
        if (!ld->header_done) {
            ld->nfields = ld->field;
            end_header(ld);
        } else if (ld->row_overflow < (size_t)-1 / 2) {
            cas__csv_end_row(ld);
        }
    }
    ld->field = 0;
    ld->row_overflow = 0;
}

/* Once the header is read: make room in the ledger for the rows still to
 * come, guessed from the length of the lines that follow, so that its
 * arrays grow once instead of doubling (and copying) twenty times. */
static void reserve_rows(cas__csv_loader *ld, const char *next, size_t len)
{
    size_t sample = len < (256u << 10) ? len : (256u << 10), lines = 0;
    const char *p = next, *end = next + sample;

    ld->reserved = 1;
    if (ld->rd.total <= ld->rd.consumed)
        return;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        lines++;
        p++;
    }
    if (lines < 16)
        return;
    size_t rows = (ld->rd.total - ld->rd.consumed) / (sample / lines);
    cas__ledger_reserve(ld->ledger, rows + rows / 32 + 16, 0);
}

#ifndef CAS_CSV_NO_FAST_PATH /* tests/csv_reference.c builds the loader without it */
#define TAKE_LINE cas__csv_take_line
#else
#define TAKE_LINE NULL
#endif

/* The reader's fed_line: once the header is read, reserve the rows. */
static void fed_line(void *data, const char *rest, size_t len)
{
    cas__csv_loader *ld = data;

    if (!ld->reserved && ld->header_done)
        reserve_rows(ld, rest, len);
}

/* Where the rows come from: the file @fp, else the @len bytes at @data. */
typedef struct source {
    FILE *fp;
    const char *data;
    size_t len;
} source;

static cas_status load(cas_ledger *l, const char *name, const source *src,
                       cas_rejects **rejects_out, cas_error *err)
{
    cas__csv_loader ld;
    size_t start;
    cas_rejects *rejects = NULL;

    if (rejects_out) {
        rejects = cas__calloc(1, sizeof *rejects);
        if (!rejects)
            return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    memset(&ld, 0, sizeof ld);
    if (cas__csvread_init(&ld.rd, name, err, 0, 65536, on_field, on_row, &ld) != CAS_OK) {
        cas__csvread_free(&ld.rd);
        cas__free(rejects);
        return CAS_ERR_NOMEM;
    }
    ld.rd.take_line = TAKE_LINE;
    ld.rd.own_nul = 1; /* cas__csv_end_row() refuses the row */
    ld.rd.fed_line = fed_line;
    ld.ledger = l;
    ld.rejects = rejects;
    for (int c = 0; c < NCOLUMNS; c++)
        ld.field_of_column[c] = -1;
    start = l->count;
    /* The rows' revision groups and `current` flags are worked out once,
     * at the end, and only if the load succeeds. */
    cas__ledger_bulk_begin(l);
    if (src->fp)
        cas__csvread_file(&ld.rd, src->fp);
    else
        cas__csvread_buffer(&ld.rd, src->data, src->len);
    cas__csvread_finish(&ld.rd);
    cas__csvread_free(&ld.rd);
    cas__free(ld.buf);
    cas__free(ld.unq);
    if (ld.rd.status == CAS_OK && cas__ledger_bulk_end(l) != CAS_OK) {
        cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
        fatal(&ld, CAS_ERR_NOMEM);
    }
    if (ld.rd.status != CAS_OK) {
        cas__ledger_truncate(l, start);
        if (rejects) {
            cas_rejects_free(rejects);
        }
        return ld.rd.status;
    }
    if (rejects_out)
        *rejects_out = rejects;
    return CAS_OK;
}

static cas_status open_and_load(cas_ledger *l, const char *path, cas_rejects **rejects,
                                cas_error *err)
{
    source src = {NULL, NULL, 0};
    cas_status st;

    if (!l || !path)
        return cas__fail(err, CAS_ERR_ARG, "", "ledger or path is NULL");
    src.fp = cas__csvread_open(path, err);
    if (!src.fp)
        return CAS_ERR_IO;
    st = load(l, path, &src, rejects, err);
    fclose(src.fp);
    return st;
}

cas_status cas_csv_load(cas_ledger *l, const char *path, cas_error *err)
{
    return open_and_load(l, path, NULL, err);
}

cas_status cas_csv_load_lenient(cas_ledger *l, const char *path, cas_rejects **rejects,
                                cas_error *err)
{
    if (!rejects)
        return cas__fail(err, CAS_ERR_ARG, "", "rejects is NULL");
    return open_and_load(l, path, rejects, err);
}

static cas_status buffer_load(cas_ledger *l, const char *data, size_t len, const char *name,
                              cas_rejects **rejects, cas_error *err)
{
    source src = {NULL, data, len};

    if (!l || (!data && len))
        return cas__fail(err, CAS_ERR_ARG, "", "ledger or data is NULL");
    return load(l, name, &src, rejects, err);
}

cas_status cas_csv_load_buffer(cas_ledger *l, const char *data, size_t len, const char *name,
                               cas_error *err)
{
    return buffer_load(l, data, len, name, NULL, err);
}

cas_status cas_csv_load_buffer_lenient(cas_ledger *l, const char *data, size_t len,
                                       const char *name, cas_rejects **rejects, cas_error *err)
{
    if (!rejects)
        return cas__fail(err, CAS_ERR_ARG, "", "rejects is NULL");
    return buffer_load(l, data, len, name, rejects, err);
}

size_t cas_rejects_count(const cas_rejects *r)
{
    return r ? r->count : 0;
}

cas_status cas_rejects_get(const cas_rejects *r, size_t index, cas_error *out)
{
    if (!r || !CAS__SIZED_OK(out, cas_error))
        return CAS_ERR_ARG;
    if (index >= r->count)
        return CAS_ERR_NOT_FOUND;
    if (index < r->nitems) {
        cas__error_copy(out, &r->items[index]);
    } else {
        const compact_reject *c = &r->more[index - r->nitems];
        const char *field = r->fields[c->field];
        cas_error e;
        char what[sizeof e.message];

        cas_error_init(&e);
        if (*field)
            snprintf(what, sizeof what,
                     "field '%s': %s (details are kept for the first %d rejected rows only)", field,
                     cas_strerror(c->status), CAS__REJECTS_FULL);
        else
            snprintf(what, sizeof what, "%s (details are kept for the first %d rejected rows only)",
                     cas_strerror(c->status), CAS__REJECTS_FULL);
        cas__fail(&e, (cas_status)c->status, field, "%s", what);
        cas__error_where(&e, r->file, c->line, c->column);
        cas__error_copy(out, &e);
    }
    return CAS_OK;
}

void cas_rejects_free(cas_rejects *r)
{
    if (!r)
        return;
    cas__free(r->items);
    cas__free(r->more);
    cas__free(r->fields);
    cas__free(r);
}

void cas_free(void *ptr)
{
    cas__free(ptr);
}
