/* SPDX-License-Identifier: MIT */
/* The claims loader's fast path.
 * Most lines of a claims file are one whole row of plain fields. For such
 * a line, scan_line() finds the fields itself, exactly as libcsv would
 * (strict mode, ',' and '"', spaces and tabs trimmed around unquoted
 * fields), and fast_row() checks them field by field with their lengths
 * known and appends the claim, with no cas_claim built and no string
 * measured twice. Anything else goes the general way: a line scan_line()
 * declines is fed to libcsv; a row fast_row() declines goes through
 * cas__csv_end_row() with the same fields, which gives the precise error.
 * So the fast path changes no result and no message; tests/check_csv_fast.c
 * holds it to that against the loader built without it
 * (tests/csv_reference.c). */

#include "csv_internal.h"
#include "alloc_internal.h"
#include "claim_internal.h"

#include <string.h>

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
static int scan_line(cas__csv_loader *ld, const char *data, size_t n)
{
    size_t end = n - 1, pos = 0, nf = 0, unq_len = 0;

    if (end > 0 && data[end - 1] == '\r')
        end--;
    if (!cas__grow((void **)&ld->unq, &ld->unq_cap, n, 1, 256))
        return 0;
    for (;;) {
        cas__csv_span *f;
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

/* Give the scanned fields to cas__csv_end_row() as libcsv's callbacks would have. */
static void slow_row(cas__csv_loader *ld)
{
    size_t need = 0;

    for (size_t i = 0; i < ld->nfields; i++)
        need += ld->spans[i].len + 1;
    if (!cas__csv_row_room(ld, need))
        return;
    ld->buf_len = 0;
    for (size_t i = 0; i < ld->nfields; i++)
        cas__csv_row_append(ld, i, ld->spans[i].s, ld->spans[i].len);
    ld->field = ld->nfields;
    ld->row_overflow = 0;
    ld->row_line = ld->rd.line;
    cas__csv_end_row(ld);
}

static cas__csv_span col_span(const cas__csv_loader *ld, int col)
{
    static const cas__csv_span none = {"", 0};
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
    int high = 0, dot = 0;
    size_t at;

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
        dot |= c == '.';
    }
    if ((high || dot) && cas__path_problem(s, len, &at) != NULL)
        return 0;
    return !high || cas__utf8_valid(s, len);
}

/* The value whose name (as @name_of gives them: cas_qualifier_name,
 * cas_basis_name) is the @len bytes at @s, or -1. */
static int32_t word_index(const char *(*name_of)(int32_t), const char *s, size_t len)
{
    const char *w;

    for (int32_t i = 0; (w = name_of(i)) != NULL; i++)
        if (strlen(w) == len && memcmp(w, s, len) == 0)
            return i;
    return -1;
}

static int count_of(cas__csv_span f, int64_t empty, int64_t *out)
{
    if (f.len == 0) {
        *out = empty;
        return 1;
    }
    return cas__parse_count(out, f.s, f.len) == CAS_OK;
}

static int day_of(cas__csv_span f, int32_t *out)
{
    if (f.len == 0) {
        *out = CAS_DATE_UNKNOWN;
        return 1;
    }
    return cas_date_parse(out, f.s, f.len) == CAS_OK;
}

/* Check the scanned row as cas__csv_end_row() and cas_claim_validate() would, and
 * append it: 1 done, 0 when anything is not plainly right (then cas__csv_end_row()
 * takes the row and says what). */
static int fast_row(cas__csv_loader *ld)
{
    static const int text_cols[CAS__NSTR] = {
        COL_ID,      COL_SOURCE, COL_SOURCE_KIND, COL_RELAY, COL_CITATION, COL_QUOTE,
        COL_OUTCOME, COL_GROUP,  COL_PERPETRATOR, COL_PLACE, COL_EVENT};
    cas__row row;
    cas__csv_span f;

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
    row.qualifier = f.len ? word_index(cas_qualifier_name, f.s, f.len) : -1;
    if (f.len && row.qualifier < 0)
        return 0;
    f = col_span(ld, COL_BASIS);
    row.basis = f.len ? word_index(cas_basis_name, f.s, f.len) : CAS_BASIS_REPORTED;
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
        row.qualifier = row.high == CAS_OPEN  ? CAS_QUAL_AT_LEAST
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

int cas__csv_take_line(void *data, const char *line, size_t n)
{
    cas__csv_loader *ld = data;

    if (!ld->header_done)
        return 0;
    if (n == 1 || (n == 2 && line[0] == '\r'))
        return 1; /* a blank line: libcsv skips it too */
    if (!scan_line(ld, line, n))
        return 0;
    ld->row_line = ld->rd.line;
    if (!fast_row(ld))
        slow_row(ld);
    ld->field = 0;
    ld->row_overflow = 0;
    ld->rd.next_row_line = ld->rd.line + 1;
    return 1;
}
