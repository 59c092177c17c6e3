/* Loading and saving ledgers as CSV through libcsv (schema: docs/csv.md). */
#include "ledger_internal.h"
#include "alloc_internal.h"
#include "casualty/csv.h"
#include "sized_internal.h"
#include "phrase_internal.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum column {
    COL_ID, COL_SOURCE, COL_SOURCE_KIND, COL_RELAY, COL_BASIS, COL_OUTCOME, COL_GROUP,
    COL_PERPETRATOR, COL_PLACE, COL_PERIOD_START, COL_PERIOD_END, COL_REPORTED_ON,
    COL_QUALIFIER, COL_LOW, COL_HIGH, COL_BEST, COL_CITATION, COL_QUOTE,
    NSAVED,               /* the columns before this one are the ones saved */
    COL_CLAIM = NSAVED,   /* read only: a phrase standing for low/high/best */
    NCOLUMNS
};

/* The order of this table is the order columns are saved in. */
static const char *const column_names[NCOLUMNS] = {
    "id", "source", "source_kind", "relay", "basis", "outcome", "group", "perpetrator",
    "place", "period_start", "period_end", "reported_on", "qualifier", "low", "high", "best",
    "citation", "quote", "claim",
};

static int column_required(int col)
{
    return col == COL_ID || col == COL_SOURCE || col == COL_OUTCOME || col == COL_LOW;
}

struct cas_rejects {
    cas_error *items;
    size_t count, cap;
};

typedef struct loader {
    cas_ledger *ledger;
    const char *name;
    cas_error *err;
    cas_rejects *rejects;      /* lenient mode when not NULL */
    int64_t line;              /* physical line being fed, 1-based */
    int64_t row_line;          /* first line of the current row */
    int64_t next_row_line;     /* first line after the last complete row */
    int header_done;
    int field_of_column[NCOLUMNS]; /* CSV field index of each column, -1 if absent */
    int column_of_field[NCOLUMNS]; /* column of each CSV field */
    size_t nfields;            /* fields in the header */
    size_t field;              /* fields seen in the current row */
    size_t row_overflow;       /* fields beyond the header's count */
    char *buf;                 /* the current row's fields, each NUL-terminated */
    size_t buf_len, buf_cap;
    size_t off[NCOLUMNS], len[NCOLUMNS];
    cas_status status;         /* the first fatal problem */
    int bom_checked;
    int clean;                 /* libcsv is between rows: a line may skip it */
    int last_term;             /* the terminator of the last row libcsv ended,
                                  0 when a field came after it */
    struct span { const char *s; size_t len; } spans[NCOLUMNS]; /* a scanned line's fields */
    char *unq;                 /* a scanned line's quoted fields, unescaped */
    size_t unq_cap;
    size_t total, consumed;    /* bytes in the input (0 if unknown), bytes fed */
    int reserved;              /* room made for the rows after the header */
} loader;

typedef struct span span;

static cas_status fatal(loader *ld, cas_status st)
{
    if (ld->status == CAS_OK)
        ld->status = st;
    return st;
}

/* Record a problem with the current row: fatal in strict mode, a reject
 * in lenient mode. The cas_error passed in already holds the message.
 * Running out of memory is never the row's fault: always fatal. */
static cas_status row_problem(loader *ld, cas_error *e, int field)
{
    int64_t column = field >= 0 ? field + 1 : 0;

    cas__error_where(e, ld->name, ld->row_line, column);
    if (!ld->rejects || e->status == CAS_ERR_NOMEM) {
        cas__error_copy(ld->err, e);
        return fatal(ld, (cas_status)e->status);
    }
    if (ld->rejects->count == ld->rejects->cap) {
        size_t cap = ld->rejects->cap ? ld->rejects->cap * 2 : 16;
        cas_error *p = cas__realloc(ld->rejects->items, cap * sizeof *p);
        if (!p) {
            cas__fail(ld->err, CAS_ERR_NOMEM, "", "out of memory");
            return fatal(ld, CAS_ERR_NOMEM);
        }
        ld->rejects->items = p;
        ld->rejects->cap = cap;
    }
    ld->rejects->items[ld->rejects->count++] = *e;
    return CAS_OK;
}

static const char *field_text(const loader *ld, int col, size_t *len)
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
static cas_status parse_count_col(loader *ld, int col, int64_t empty, int64_t *out, cas_error *e)
{
    size_t len;
    const char *s = field_text(ld, col, &len);
    char excerpt[48];
    cas_status st;

    if (len == 0) {
        if (column_required(col))
            return cas__fail(e, CAS_ERR_MISSING, column_names[col],
                             "required, but empty (expected a whole number >= 0)");
        *out = empty;
        return CAS_OK;
    }
    st = cas__parse_count(out, s, len);
    if (st == CAS_OK)
        return CAS_OK;
    cas__quote_excerpt(excerpt, sizeof excerpt, s, len);
    if (st == CAS_ERR_OVERFLOW)
        return cas__fail(e, st, column_names[col],
                         "'%s' is larger than the largest count (9223372036854775807)", excerpt);
    if (s[0] == '-' && len > 1 && cas__parse_count(out, s + 1, len - 1) != CAS_ERR_NUMBER)
        return cas__fail(e, CAS_ERR_RANGE, column_names[col],
                         "expected a whole number >= 0, got negative '%s'", excerpt);
    return cas__fail(e, CAS_ERR_NUMBER, column_names[col],
                     "expected a whole number >= 0, got '%s'", excerpt);
}

static cas_status parse_date_col(loader *ld, int col, int32_t *out, cas_error *e)
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
    return cas__fail(e, CAS_ERR_DATE, column_names[col],
                     "expected a real calendar date YYYY-MM-DD, got '%s'", excerpt);
}

static cas_status parse_word_col(loader *ld, int col, int32_t *out, int32_t empty,
                                 cas_status (*from_name)(int32_t *, const char *),
                                 const char *allowed, cas_error *e)
{
    size_t len;
    const char *s = field_text(ld, col, &len);
    char excerpt[48];

    if (len == 0) {
        *out = empty;
        return CAS_OK;
    }
    if (from_name(out, s) == CAS_OK)
        return CAS_OK;
    cas__quote_excerpt(excerpt, sizeof excerpt, s, len);
    return cas__fail(e, CAS_ERR_VALUE, column_names[col], "expected one of %s, got '%s'",
                     allowed, excerpt);
}

/* Read a row's `claim` phrase ("at least 315", "dozens", "5,000-7,000")
 * into the range, when the row has one. It stands instead of low, high and
 * best, and becomes the quote when the row has none. */
static cas_status claim_phrase(loader *ld, cas_claim *c, int *used, cas_error *e)
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

static int column_by_name(const char *name)
{
    for (int c = 0; c < NCOLUMNS; c++)
        if (strcmp(column_names[c], name) == 0)
            return c;
    return -1;
}

static void end_row(loader *ld)
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
    int from_phrase = 0;
    if ((st = parse_word_col(ld, COL_QUALIFIER, &c.qualifier, -1, cas_qualifier_from_name,
                             "exact, at_least, more_than, approx, nearly, up_to, range, vague",
                             &e)) ||
        (st = claim_phrase(ld, &c, &from_phrase, &e)) ||
        (!from_phrase && (st = parse_count_col(ld, COL_LOW, 0, &c.low, &e))) ||
        (!from_phrase && (st = parse_count_col(ld, COL_HIGH, CAS_OPEN, &c.high, &e))) ||
        (!from_phrase && (st = parse_count_col(ld, COL_BEST, CAS_NONE, &c.best, &e))) ||
        (st = parse_date_col(ld, COL_PERIOD_START, &c.scope.period_start, &e)) ||
        (st = parse_date_col(ld, COL_PERIOD_END, &c.scope.period_end, &e)) ||
        (st = parse_date_col(ld, COL_REPORTED_ON, &c.reported_on, &e)) ||
        (st = parse_word_col(ld, COL_BASIS, &c.basis, CAS_BASIS_REPORTED, cas_basis_from_name,
                             "reported, documented, estimated, party", &e))) {
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

static void end_header(loader *ld)
{
    cas_error e;

    cas_error_init(&e);
    for (int c = 0; c < NCOLUMNS; c++) {
        /* A `claim` column can stand in for `low`. */
        if (c == COL_LOW && ld->field_of_column[COL_CLAIM] >= 0)
            continue;
        if (column_required(c) && ld->field_of_column[c] < 0) {
            cas__fail(&e, CAS_ERR_HEADER, column_names[c], "required column is missing");
            cas__error_where(&e, ld->name, ld->row_line, 0);
            cas__error_copy(ld->err, &e);
            fatal(ld, CAS_ERR_HEADER);
            return;
        }
    }
    ld->header_done = 1;
}

static void header_field(loader *ld, const char *s, size_t len)
{
    char excerpt[48];
    int col = -1;
    cas_error e;

    cas_error_init(&e);
    for (int c = 0; c < NCOLUMNS; c++)
        if (strlen(column_names[c]) == len && memcmp(column_names[c], s, len) == 0)
            col = c;
    cas__quote_excerpt(excerpt, sizeof excerpt, s, len);
    if (col < 0)
        cas__fail(&e, CAS_ERR_HEADER, "", "unknown column '%s' (docs/csv.md lists the columns)",
                  excerpt);
    else if (ld->field_of_column[col] >= 0)
        cas__fail(&e, CAS_ERR_HEADER, column_names[col], "column appears twice");
    else {
        ld->field_of_column[col] = (int)ld->field;
        ld->column_of_field[ld->field] = col;
        return;
    }
    cas__error_where(&e, ld->name, ld->row_line, (int64_t)ld->field + 1);
    cas__error_copy(ld->err, &e);
    fatal(ld, CAS_ERR_HEADER);
}

/* Room for @need bytes in all in the row buffer; 0 when there is none,
 * and then the load has failed. */
static int row_room(loader *ld, size_t need)
{
    if (cas__grow((void **)&ld->buf, &ld->buf_cap, need, 1, 1024))
        return 1;
    cas__fail(ld->err, CAS_ERR_NOMEM, "", "out of memory");
    fatal(ld, CAS_ERR_NOMEM);
    return 0;
}

/* Append field @i, the @len bytes at @s, to the row buffer (room made)
 * with a NUL after it. */
static void row_append(loader *ld, size_t i, const char *s, size_t len)
{
    memcpy(ld->buf + ld->buf_len, s, len);
    ld->buf[ld->buf_len + len] = '\0';
    ld->off[i] = ld->buf_len;
    ld->len[i] = len;
    ld->buf_len += len + 1;
}

static void on_field(void *s, size_t len, void *data)
{
    loader *ld = data;
    const char *text = s ? s : "";

    ld->last_term = 0;
    if (ld->status != CAS_OK)
        return;
    if (ld->field == 0 && ld->row_overflow == 0) {
        int64_t nl = 0;
        for (size_t i = 0; i < len; i++)
            nl += text[i] == '\n';
        ld->row_line = ld->line - nl;
        ld->buf_len = 0;
    }
    if (ld->field >= NCOLUMNS || (ld->header_done && ld->field >= ld->nfields)) {
        if (!ld->header_done) {
            cas_error e;
            cas_error_init(&e);
            cas__fail(&e, CAS_ERR_HEADER, "", "more than %d columns", NCOLUMNS);
            cas__error_where(&e, ld->name, ld->row_line, (int64_t)ld->field + 1);
            cas__error_copy(ld->err, &e);
            fatal(ld, CAS_ERR_HEADER);
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
        cas__fail(&e, CAS_ERR_TOO_LONG, col >= 0 ? column_names[col] : "",
                  "%zu bytes, more than the %d allowed", len, CAS_FIELD_MAX);
        if (!ld->header_done) {
            cas__error_where(&e, ld->name, ld->row_line, (int64_t)ld->field + 1);
            cas__error_copy(ld->err, &e);
            fatal(ld, CAS_ERR_TOO_LONG);
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
    if (!row_room(ld, ld->buf_len + len + 1))
        return;
    row_append(ld, ld->field, text, len);
    ld->field++;
}

static void on_row(int c, void *data)
{
    loader *ld = data;

    (void)c;
    if (ld->status == CAS_OK) {
        if (!ld->header_done) {
            ld->nfields = ld->field;
            end_header(ld);
        } else if (ld->row_overflow < (size_t)-1 / 2) {
            end_row(ld);
        }
    }
    ld->field = 0;
    ld->row_overflow = 0;
    ld->next_row_line = ld->line + 1;
    ld->last_term = c;
}

/* ---- the fast path ----
 * Most lines of a claims file are one whole row of plain fields. For such
 * a line, scan_line() finds the fields itself, exactly as libcsv would
 * (strict mode, ',' and '"', spaces and tabs trimmed around unquoted
 * fields), and fast_row() checks them field by field with their lengths
 * known and appends the claim, with no cas_claim built and no string
 * measured twice. Anything else goes the general way: a line scan_line()
 * declines is fed to libcsv; a row fast_row() declines goes through
 * end_row() with the same fields, which gives the precise error. So the
 * fast path changes no result and no message; tests/check_csv_fast.c
 * holds it to that against the loader built without it. */

#ifndef CAS_CSV_NO_FAST_PATH /* tests/csv_reference.c builds the loader without it */

/* Which bytes end an unquoted field's fast scan: 1 for ',' (the field
 * ends), 2 for '"' and '\r' (the line is left to libcsv: a strict-mode
 * error, or a row end inside the line). */
static const unsigned char scan_class[256] = {[','] = 1, ['"'] = 2, ['\r'] = 2};

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Split the line @data (@n bytes, ending in '\n') into ld->spans; 0 when
 * the line is not one plain row of ld->nfields fields. */
static int scan_line(loader *ld, const char *data, size_t n)
{
    size_t end = n - 1, pos = 0, nf = 0, unq_len = 0;

    if (end > 0 && data[end - 1] == '\r')
        end--;
    if (ld->unq_cap < n) {
        char *p = cas__realloc(ld->unq, n);
        if (!p)
            return 0;
        ld->unq = p;
        ld->unq_cap = n;
    }
    for (;;) {
        span *f;
        if (nf == ld->nfields)
            return 0;
        f = &ld->spans[nf++];
        if (pos < end && data[pos] == '"') {
            size_t q = pos + 1, k = q;
            int esc = 0;
            for (;;) {
                const char *hit = memchr(data + k, '"', end - k);
                if (!hit)
                    return 0; /* the field goes on past the line */
                k = (size_t)(hit - data);
                if (k + 1 < end && data[k + 1] == '"') {
                    esc = 1;
                    k += 2;
                    continue;
                }
                break;
            }
            if (k + 1 < end && data[k + 1] != ',')
                return 0;
            if (esc) {
                char *o = ld->unq + unq_len;
                f->s = o;
                for (size_t i = q; i < k; i++) {
                    *o++ = data[i];
                    i += data[i] == '"';
                }
                f->len = (size_t)(o - f->s);
                unq_len += f->len;
            } else {
                f->s = data + q;
                f->len = k - q;
            }
            pos = k + 1;
        } else {
            size_t k = pos;
            while (k < end && !scan_class[(unsigned char)data[k]])
                k++;
            if (k < end && data[k] != ',')
                return 0;
            if (k > pos && (is_blank(data[pos]) || is_blank(data[k - 1])))
                return 0;
            f->s = data + pos;
            f->len = k - pos;
            pos = k;
        }
        if (f->len > CAS_FIELD_MAX)
            return 0;
        if (pos == end)
            break;
        pos++; /* the ',' */
    }
    return nf == ld->nfields;
}

/* Give the scanned fields to end_row() as libcsv's callbacks would have. */
static void slow_row(loader *ld)
{
    size_t need = 0;

    for (size_t i = 0; i < ld->nfields; i++)
        need += ld->spans[i].len + 1;
    if (!row_room(ld, need))
        return;
    ld->buf_len = 0;
    for (size_t i = 0; i < ld->nfields; i++)
        row_append(ld, i, ld->spans[i].s, ld->spans[i].len);
    ld->field = ld->nfields;
    ld->row_overflow = 0;
    ld->row_line = ld->line;
    end_row(ld);
}

static span col_span(const loader *ld, int col)
{
    static const span none = {"", 0};
    int f = ld->field_of_column[col];
    return f < 0 ? none : ld->spans[f];
}

/* Text that cas_claim_validate() accepts as it stands: no NUL (which would
 * cut the C string short), valid UTF-8. */
static int text_ok(const char *s, size_t len)
{
    size_t i = 0;
    uint64_t any = 0;

    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, sizeof w);
        /* a zero byte, or a byte >= 0x80 */
        any |= ((w - 0x0101010101010101ull) & ~w) | w;
    }
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0)
            return 0;
        any |= c;
    }
    if (!(any & 0x8080808080808080ull))
        return 1;
    return memchr(s, '\0', len) == NULL && cas__utf8_valid(s, len);
}

/* A path that cas_claim_validate() accepts (see check_path in claim.c). */
static int path_ok(const char *s, size_t len)
{
    int high = 0;

    if (len == 0)
        return 1;
    if (s[0] == '/' || s[len - 1] == '/' || s[0] == ' ' || s[len - 1] == ' ')
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            return 0;
        if (c == '/' && (s[i + 1] == '/' || s[i + 1] == ' ' || s[i - 1] == ' '))
            return 0;
        high |= c & 0x80;
    }
    return !high || cas__utf8_valid(s, len);
}

/* The index of the name @s (@len bytes) in @names, or -1. */
static int32_t word_index(const char *const *names, int32_t n, const char *s, size_t len)
{
    for (int32_t i = 0; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
            return i;
    return -1;
}

static const char *const qualifier_words[] = {"exact", "at_least", "more_than", "approx",
                                              "nearly", "up_to", "range", "vague"};
static const char *const basis_words[] = {"reported", "documented", "estimated", "party"};

static int count_of(span f, int64_t empty, int64_t *out)
{
    if (f.len == 0) {
        *out = empty;
        return 1;
    }
    return cas__parse_count(out, f.s, f.len) == CAS_OK;
}

static int day_of(span f, int32_t *out)
{
    if (f.len == 0) {
        *out = CAS_DATE_UNKNOWN;
        return 1;
    }
    return cas_date_parse(out, f.s, f.len) == CAS_OK;
}

/* Check the scanned row as end_row() and cas_claim_validate() would, and
 * append it: 1 done, 0 when anything is not plainly right (then end_row()
 * takes the row and says what). */
static int fast_row(loader *ld)
{
    static const int text_cols[CAS__NSTR] = {
        COL_ID, COL_SOURCE, COL_SOURCE_KIND, COL_RELAY, COL_CITATION, COL_QUOTE,
        COL_OUTCOME, COL_GROUP, COL_PERPETRATOR, COL_PLACE};
    cas__row row;
    span f;

    if (ld->field_of_column[COL_CLAIM] >= 0 && col_span(ld, COL_CLAIM).len)
        return 0;
    for (int k = 0; k < CAS__NSTR; k++) {
        f = col_span(ld, text_cols[k]);
        row.s[k] = f.s;
        row.len[k] = f.len;
    }
    if (!row.len[CAS__S_ID] || !row.len[CAS__S_SOURCE] || !row.len[CAS__S_OUTCOME])
        return 0;
    cas__ledger_prepare(ld->ledger, &row);
    for (int k = 0; k < CAS__NSTR; k++)
        if (k >= CAS__S_OUTCOME ? !path_ok(row.s[k], row.len[k]) : !text_ok(row.s[k], row.len[k]))
            return 0;
    f = col_span(ld, COL_QUALIFIER);
    row.qualifier = f.len ? word_index(qualifier_words, 8, f.s, f.len) : -1;
    if (f.len && row.qualifier < 0)
        return 0;
    f = col_span(ld, COL_BASIS);
    row.basis = f.len ? word_index(basis_words, 4, f.s, f.len) : CAS_BASIS_REPORTED;
    if (row.basis < 0)
        return 0;
    if (!col_span(ld, COL_LOW).len || !count_of(col_span(ld, COL_LOW), 0, &row.low) ||
        !count_of(col_span(ld, COL_HIGH), CAS_OPEN, &row.high) ||
        !count_of(col_span(ld, COL_BEST), CAS_NONE, &row.best) ||
        !day_of(col_span(ld, COL_PERIOD_START), &row.period_start) ||
        !day_of(col_span(ld, COL_PERIOD_END), &row.period_end) ||
        !day_of(col_span(ld, COL_REPORTED_ON), &row.reported_on))
        return 0;
    if (row.qualifier < 0)
        row.qualifier = row.high == CAS_OPEN ? CAS_QUAL_AT_LEAST
                        : row.high == row.low ? CAS_QUAL_EXACT
                                              : CAS_QUAL_RANGE;
    if ((row.high != CAS_OPEN && row.high < row.low) ||
        (row.best != CAS_NONE &&
         (row.best < row.low || (row.high != CAS_OPEN && row.best > row.high))) ||
        (row.qualifier == CAS_QUAL_EXACT && row.high != row.low) ||
        (row.period_start != CAS_DATE_UNKNOWN && row.period_end != CAS_DATE_UNKNOWN &&
         row.period_start > row.period_end))
        return 0;
    return cas__ledger_append(ld->ledger, &row, NULL) == CAS_OK;
}

/* Take the line @data (@n bytes, ending in '\n') without libcsv if it is
 * plain: 1 when it was taken (its row added or rejected), 0 when libcsv
 * must have it. */
static int fast_line(loader *ld, const char *data, size_t n)
{
    if (n == 1 || (n == 2 && data[0] == '\r'))
        return 1; /* a blank line: libcsv skips it too */
    if (!scan_line(ld, data, n))
        return 0;
    ld->row_line = ld->line;
    if (!fast_row(ld))
        slow_row(ld);
    ld->field = 0;
    ld->row_overflow = 0;
    ld->next_row_line = ld->line + 1;
    return 1;
}

#endif /* CAS_CSV_NO_FAST_PATH */

/* Once the header is read: make room in the ledger for the rows still to
 * come, guessed from the length of the lines that follow, so that its
 * arrays grow once instead of doubling (and copying) twenty times. */
static void reserve_rows(loader *ld, const char *next, size_t len)
{
    size_t sample = len < (256u << 10) ? len : (256u << 10), lines = 0;
    const char *p = next, *end = next + sample;

    ld->reserved = 1;
    if (ld->total <= ld->consumed)
        return;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        lines++;
        p++;
    }
    if (lines < 16)
        return;
    size_t rows = (ld->total - ld->consumed) / (sample / lines);
    cas__ledger_reserve(ld->ledger, rows + rows / 32 + 16, 0);
}

/* Feed @len bytes to libcsv one physical line at a time, so that callbacks
 * know the line they are on. */
static int feed(struct csv_parser *p, loader *ld, const char *data, size_t len)
{
    if (!ld->bom_checked) {
        ld->bom_checked = 1;
        if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
            data += 3;
            len -= 3;
            ld->consumed += 3;
        }
    }
    while (len > 0 && ld->status == CAS_OK) {
        const char *nl = memchr(data, '\n', len);
        size_t n = nl ? (size_t)(nl - data) + 1 : len;
#ifndef CAS_CSV_NO_FAST_PATH
        if (nl && ld->clean && ld->header_done && fast_line(ld, data, n)) {
            ld->line++;
            data += n;
            len -= n;
            ld->consumed += n;
            continue;
        }
#endif
        ld->last_term = 0;
        if (csv_parse(p, data, n, on_field, on_row, ld) != n) {
            if (ld->status != CAS_OK) /* a callback failed first: keep its error */
                return -1;
            cas_error e;
            cas_error_init(&e);
            cas__fail(&e, CAS_ERR_CSV, "", "malformed CSV: a quote inside an unquoted "
                      "field, or text after a closing quote (libcsv: %s)",
                      csv_strerror(csv_error(p)));
            cas__error_where(&e, ld->name, ld->line, 0);
            cas__error_copy(ld->err, &e);
            fatal(ld, CAS_ERR_CSV);
            return -1;
        }
        /* libcsv is between rows when the last thing in the line was a
         * row's end at its '\n', or at a '\r' just before it. */
        ld->clean = nl && (ld->last_term == '\n' ||
                           (ld->last_term == '\r' && n >= 2 && data[n - 2] == '\r' &&
                            !memchr(data, '\r', n - 2)));
        if (nl)
            ld->line++;
        data += n;
        len -= n;
        ld->consumed += n;
        if (!ld->reserved && ld->header_done)
            reserve_rows(ld, data, len);
    }
    return ld->status == CAS_OK ? 0 : -1;
}

static void finish(struct csv_parser *p, loader *ld)
{
    if (ld->status != CAS_OK)
        return;
    if (csv_fini(p, on_field, on_row, ld) != 0) {
        cas_error e;
        cas_error_init(&e);
        cas__fail(&e, CAS_ERR_CSV, "", "unterminated quoted field in the row starting at line %lld",
                  (long long)ld->next_row_line);
        cas__error_where(&e, ld->name, ld->next_row_line, 0);
        cas__error_copy(ld->err, &e);
        fatal(ld, CAS_ERR_CSV);
        return;
    }
    if (ld->status == CAS_OK && !ld->header_done) {
        cas_error e;
        cas_error_init(&e);
        cas__fail(&e, CAS_ERR_EMPTY, "", "no header row: the file is empty");
        cas__error_where(&e, ld->name, 0, 0);
        cas__error_copy(ld->err, &e);
        fatal(ld, CAS_ERR_EMPTY);
    }
}

typedef int (*source_fn)(struct csv_parser *p, loader *ld, void *src);

static int from_buffer(struct csv_parser *p, loader *ld, void *src)
{
    const struct { const char *data; size_t len; } *b = src;
    ld->total = b->len;
    return feed(p, ld, b->data, b->len);
}

static int from_file(struct csv_parser *p, loader *ld, void *src)
{
    FILE *fp = src;
    size_t cap = 1 << 20, n;
    char *block = cas__malloc(cap);

    if (!block) {
        cas__fail(ld->err, CAS_ERR_NOMEM, "", "out of memory");
        fatal(ld, CAS_ERR_NOMEM);
        return -1;
    }
    /* The size, for reserve_rows(); a stream that cannot seek has none. */
    if (fseek(fp, 0, SEEK_END) == 0) {
        long size = ftell(fp);
        if (fseek(fp, 0, SEEK_SET) != 0) {
            cas__free(block);
            cas__fail(ld->err, CAS_ERR_IO, "", "read error");
            cas__error_where(ld->err, ld->name, 0, 0);
            fatal(ld, CAS_ERR_IO);
            return -1;
        }
        if (size > 0)
            ld->total = (size_t)size;
    }
    while ((n = fread(block, 1, cap, fp)) > 0)
        if (feed(p, ld, block, n) != 0)
            break;
    cas__free(block);
    if (ld->status == CAS_OK && ferror(fp)) {
        cas__fail(ld->err, CAS_ERR_IO, "", "read error");
        cas__error_where(ld->err, ld->name, 0, 0);
        fatal(ld, CAS_ERR_IO);
    }
    return ld->status == CAS_OK ? 0 : -1;
}

static cas_status load(cas_ledger *l, const char *name, source_fn fn, void *src,
                       cas_rejects **rejects_out, cas_error *err)
{
    struct csv_parser p;
    loader ld;
    size_t start;
    cas_rejects *rejects = NULL;

    if (rejects_out) {
        rejects = cas__calloc(1, sizeof *rejects);
        if (!rejects)
            return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        cas__free(rejects);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    /* libcsv grows its field buffer by a fixed block: a small block makes a
     * long field cost quadratic copying. */
    csv_set_blk_size(&p, 65536);
    csv_set_realloc_func(&p, cas__realloc_fn);
    csv_set_free_func(&p, cas__free_fn);
    memset(&ld, 0, sizeof ld);
    ld.ledger = l;
    ld.name = name ? name : "";
    ld.err = err;
    ld.rejects = rejects;
    ld.line = 1;
    ld.next_row_line = 1;
    ld.clean = 1;
    for (int c = 0; c < NCOLUMNS; c++)
        ld.field_of_column[c] = -1;
    start = l->count;
    /* The rows' revision groups and `current` flags are worked out once,
     * at the end, and only if the load succeeds. */
    cas__ledger_bulk_begin(l);
    fn(&p, &ld, src);
    finish(&p, &ld);
    csv_free(&p);
    cas__free(ld.buf);
    cas__free(ld.unq);
    if (ld.status == CAS_OK && cas__ledger_bulk_end(l) != CAS_OK) {
        cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
        fatal(&ld, CAS_ERR_NOMEM);
    }
    if (ld.status != CAS_OK) {
        cas__ledger_truncate(l, start);
        if (rejects) {
            cas__free(rejects->items);
            cas__free(rejects);
        }
        return ld.status;
    }
    if (rejects_out)
        *rejects_out = rejects;
    return CAS_OK;
}

static cas_status open_and_load(cas_ledger *l, const char *path, cas_rejects **rejects,
                                cas_error *err)
{
    FILE *fp;
    cas_status st;

    if (!l || !path)
        return cas__fail(err, CAS_ERR_ARG, "", "ledger or path is NULL");
    fp = fopen(path, "rb");
    if (!fp) {
        cas__fail(err, CAS_ERR_IO, "", "cannot open: %s", strerror(errno));
        cas__error_where(err, path, 0, 0);
        return CAS_ERR_IO;
    }
    st = load(l, path, from_file, fp, rejects, err);
    fclose(fp);
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
    struct { const char *data; size_t len; } b = {data, len};

    if (!l || (!data && len))
        return cas__fail(err, CAS_ERR_ARG, "", "ledger or data is NULL");
    return load(l, name, from_buffer, &b, rejects, err);
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
    cas__error_copy(out, &r->items[index]);
    return CAS_OK;
}

void cas_rejects_free(cas_rejects *r)
{
    if (!r)
        return;
    cas__free(r->items);
    cas__free(r);
}

void cas_free(void *ptr)
{
    cas__free(ptr);
}

/* ---- saving ---- */

/* Output goes to a growing memory buffer; the file variant writes it out. */
typedef struct outbuf {
    char *data;
    size_t len, cap;
    int failed;
} outbuf;

/* Room for @n more bytes and a NUL; 0 (and @o failed) when there is none. */
static int reserve(outbuf *o, size_t n)
{
    if (o->failed)
        return 0;
    if (n >= SIZE_MAX - o->len || !cas__grow((void **)&o->data, &o->cap, o->len + n + 1, 1, 4096))
        o->failed = 1;
    return !o->failed;
}

static void put(outbuf *o, const char *s, size_t n)
{
    if (!reserve(o, n))
        return;
    memcpy(o->data + o->len, s, n);
    o->len += n;
    o->data[o->len] = '\0';
}

static void put_field(outbuf *o, const char *s, size_t n)
{
    int quote = n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t');

    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        put(o, s, n);
        return;
    }
    /* libcsv quotes the field and doubles its quotes; it needs at most
     * 2n + 2 bytes. */
    size_t need = 2 * n + 2;
    if (!reserve(o, need))
        return;
    o->len += csv_write(o->data + o->len, need, s, n);
    o->data[o->len] = '\0';
}

static void put_count(outbuf *o, int64_t v, int64_t none)
{
    char tmp[24];
    if (v == none)
        return;
    put(o, tmp, (size_t)snprintf(tmp, sizeof tmp, "%lld", (long long)v));
}

static void put_day(outbuf *o, int32_t d)
{
    char tmp[11];
    if (cas_date_format(tmp, sizeof tmp, d) == CAS_OK)
        put(o, tmp, 10);
}

static void put_str(outbuf *o, const cas_ledger *l, uint32_t id)
{
    put_field(o, cas__pool_str(&l->pool, id), cas__pool_len(&l->pool, id));
}

/* The ledger as CSV, into @o; on failure @o holds nothing and @err says
 * why. */
static cas_status save(const cas_ledger *l, outbuf *o, cas_error *err)
{
    for (int c = 0; c < NSAVED; c++) {
        if (c)
            put(o, ",", 1);
        put(o, column_names[c], strlen(column_names[c]));
    }
    put(o, "\n", 1);
    for (size_t i = 0; i < l->count && !o->failed; i++) {
        const cas__claim *r = &l->claims[i];
        const char *q = cas_qualifier_name(r->qualifier), *b = cas_basis_name(r->basis);
        put_str(o, l, r->id);               put(o, ",", 1);
        put_str(o, l, r->source);           put(o, ",", 1);
        put_str(o, l, r->source_kind);      put(o, ",", 1);
        put_str(o, l, r->relay);            put(o, ",", 1);
        put(o, b, strlen(b));               put(o, ",", 1);
        put_str(o, l, r->outcome);          put(o, ",", 1);
        put_str(o, l, r->group);            put(o, ",", 1);
        put_str(o, l, r->perpetrator);      put(o, ",", 1);
        put_str(o, l, r->place);            put(o, ",", 1);
        put_day(o, r->period_start);        put(o, ",", 1);
        put_day(o, r->period_end);          put(o, ",", 1);
        put_day(o, r->reported_on);         put(o, ",", 1);
        put(o, q, strlen(q));               put(o, ",", 1);
        put_count(o, r->low, -2);           put(o, ",", 1);
        put_count(o, r->high, CAS_OPEN);    put(o, ",", 1);
        put_count(o, r->best, CAS_NONE);    put(o, ",", 1);
        put_str(o, l, r->citation);         put(o, ",", 1);
        put_str(o, l, r->quote);
        put(o, "\n", 1);
    }
    if (!o->failed && o->data)
        return CAS_OK;
    cas__free(o->data);
    o->data = NULL;
    return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
}

cas_status cas_csv_save_string(char **out, size_t *len, const cas_ledger *l, cas_error *err)
{
    outbuf o = {0};
    cas_status st;

    if (!l || !out)
        return cas__fail(err, CAS_ERR_ARG, "", "ledger or out is NULL");
    if ((st = save(l, &o, err)) != CAS_OK)
        return st;
    *out = o.data;
    if (len)
        *len = o.len;
    return CAS_OK;
}

cas_status cas_csv_save(const cas_ledger *l, const char *path, cas_error *err)
{
    outbuf o = {0};
    cas_status st;
    FILE *fp;
    int bad;

    if (!l || !path)
        return cas__fail(err, CAS_ERR_ARG, "", "ledger or path is NULL");
    if ((st = save(l, &o, err)) != CAS_OK)
        return st;
    fp = fopen(path, "wb");
    if (!fp) {
        cas__free(o.data);
        cas__fail(err, CAS_ERR_IO, "", "cannot open for writing: %s", strerror(errno));
        cas__error_where(err, path, 0, 0);
        return CAS_ERR_IO;
    }
    bad = fwrite(o.data, 1, o.len, fp) != o.len;
    bad |= fclose(fp) != 0;
    cas__free(o.data);
    if (bad) {
        cas__fail(err, CAS_ERR_IO, "", "write failed: %s", strerror(errno));
        cas__error_where(err, path, 0, 0);
        return CAS_ERR_IO;
    }
    return CAS_OK;
}
