/* Printing reconciliation results: a text table and CSV, with provenance.
 * Everything is built in memory; the file variants write that out. */
#include "reconcile_internal.h"
#include "casualty/report.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct buf {
    char *data;
    size_t len, cap;
    int failed;
} buf;

static int reserve(buf *b, size_t n)
{
    if (b->failed)
        return 0;
    if (b->cap - b->len < n + 1) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->len < n + 1) {
            if (cap > SIZE_MAX / 2) {
                b->failed = 1;
                return 0;
            }
            cap *= 2;
        }
        char *p = realloc(b->data, cap);
        if (!p) {
            b->failed = 1;
            return 0;
        }
        b->data = p;
        b->cap = cap;
    }
    return 1;
}

static void put(buf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void putf(buf *b, const char *fmt, ...) CAS__PRINTF(2, 3);

static void putf(buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void pad(buf *b, size_t n)
{
    while (n--)
        put(b, " ", 1);
}

/* A CSV field, quoted by libcsv when it holds a separator, a quote, a line
 * end, or spaces at its ends. */
static void put_field(buf *b, const char *s, size_t n)
{
    int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        put(b, s, n);
        return;
    }
    if (n > (SIZE_MAX - 3) / 2 || !reserve(b, 2 * n + 2)) {
        b->failed = 1;
        return;
    }
    b->len += csv_write(b->data + b->len, 2 * n + 2, s, n);
    b->data[b->len] = '\0';
}

static void put_fieldz(buf *b, const char *s)
{
    put_field(b, s, strlen(s));
}

/* Text pieces of a result. */
static void fmt_count(char *out, size_t size, int64_t v, const char *open)
{
    if (v == CAS_OPEN)
        snprintf(out, size, "%s", open);
    else
        snprintf(out, size, "%lld", (long long)v);
}

static void fmt_range(char *out, size_t size, int64_t low, int64_t high)
{
    if (high == CAS_OPEN)
        snprintf(out, size, "[%lld, open)", (long long)low);
    else
        snprintf(out, size, "[%lld, %lld]", (long long)low, (long long)high);
}

static void fmt_day(char *out, size_t size, int32_t d)
{
    if (d == CAS_DATE_UNKNOWN || cas_date_format(out, size, d) != CAS_OK)
        out[0] = '\0';
}

static void fmt_period(char *out, size_t size, const cas_scope *s)
{
    char a[16], b[16];
    fmt_day(a, sizeof a, s->period_start);
    fmt_day(b, sizeof b, s->period_end);
    if (!a[0] && !b[0])
        snprintf(out, size, "*");
    else
        snprintf(out, size, "%s..%s", a[0] ? a : "?", b[0] ? b : "?");
}

static void fmt_ratio(char *out, size_t size, double r)
{
    if (isnan(r))
        snprintf(out, size, "n/a");
    else
        snprintf(out, size, "%.2f", r);
}

static const char *or_all(const char *s)
{
    return s && *s ? s : "*";
}

static const char *const bound_names[CAS__NBOUNDS] = {
    "envelope_low", "envelope_high", "consensus_low", "consensus_high", "best",
};

/* "id (source); id (source)" for the claims behind one bound. */
static void put_claims(buf *b, const cas_reconciliation *r, const cas__scope_rec *s, int bound)
{
    const cas_ledger *l = r->ledger;
    for (uint32_t k = 0; k < s->prov_n[bound]; k++) {
        const cas__claim *c = &l->claims[r->idx[s->prov_off[bound] + k]];
        if (k)
            puts_(b, "; ");
        puts_(b, cas__pool_str(&l->pool, c->id));
        puts_(b, " (");
        puts_(b, cas__pool_str(&l->pool, c->source));
        puts_(b, ")");
    }
}

static void put_conflict(buf *b, const cas_reconciliation *r, const cas__conflict_rec *c)
{
    const cas_ledger *l = r->ledger;
    char ratio[32];
    fmt_ratio(ratio, sizeof ratio, c->ratio);
    puts_(b, cas__pool_str(&l->pool, l->claims[c->higher].id));
    puts_(b, " (");
    puts_(b, cas__pool_str(&l->pool, l->claims[c->higher].source));
    puts_(b, ") > ");
    puts_(b, cas__pool_str(&l->pool, l->claims[c->lower].id));
    puts_(b, " (");
    puts_(b, cas__pool_str(&l->pool, l->claims[c->lower].source));
    putf(b, "): gap %lld, ratio %s", (long long)c->gap, ratio);
}

/* Build the text of a piece into a temporary buffer (for CSV cells). */
static void cell_claims(buf *b, const cas_reconciliation *r, const cas__scope_rec *s, int bound)
{
    buf t = {NULL, 0, 0, 0};
    put_claims(&t, r, s, bound);
    if (t.failed)
        b->failed = 1;
    else
        put_field(b, t.data ? t.data : "", t.len);
    free(t.data);
}

static void cell_conflicts(buf *b, const cas_reconciliation *r, const cas__scope_rec *s)
{
    buf t = {NULL, 0, 0, 0};
    for (uint32_t k = 0; k < s->nconf; k++) {
        if (k)
            puts_(&t, "; ");
        put_conflict(&t, r, &r->conf[s->conf_off + k]);
    }
    if (t.failed)
        b->failed = 1;
    else
        put_field(b, t.data ? t.data : "", t.len);
    free(t.data);
}

static int has_consensus(const cas__scope_rec *s)
{
    return s->cons_high == CAS_OPEN || s->cons_low <= s->cons_high;
}

static cas_status build_csv(buf *b, const cas_reconciliation *r)
{
    static const char *const head =
        "outcome,group,perpetrator,place,period_start,period_end,claims,sources,superseded,"
        "excluded,envelope_low,envelope_high,consensus_low,consensus_high,consensus,best,"
        "conflict_pairs,envelope_low_claims,envelope_high_claims,consensus_low_claims,"
        "consensus_high_claims,best_claims,conflicts\n";

    puts_(b, head);
    for (size_t i = 0; i < r->nscopes && !b->failed; i++) {
        const cas__scope_rec *s = &r->scopes[i];
        cas_scope sc;
        char t[64];

        cas__rec_scope(r, s, &sc);
        put_fieldz(b, sc.outcome);
        puts_(b, ",");
        put_fieldz(b, sc.group);
        puts_(b, ",");
        put_fieldz(b, sc.perpetrator);
        puts_(b, ",");
        put_fieldz(b, sc.place);
        puts_(b, ",");
        fmt_day(t, sizeof t, sc.period_start);
        puts_(b, t);
        puts_(b, ",");
        fmt_day(t, sizeof t, sc.period_end);
        puts_(b, t);
        putf(b, ",%u,%u,%u,%u,%lld,", (unsigned)s->nclaims, (unsigned)s->nsources,
             (unsigned)s->superseded, (unsigned)s->excluded, (long long)s->env_low);
        fmt_count(t, sizeof t, s->env_high, "");
        puts_(b, t);
        putf(b, ",%lld,", (long long)s->cons_low);
        fmt_count(t, sizeof t, s->cons_high, "");
        puts_(b, t);
        puts_(b, has_consensus(s) ? ",yes," : ",no,");
        if (s->best != CAS_NONE)
            putf(b, "%lld", (long long)s->best);
        putf(b, ",%lld", (long long)s->conflict_pairs);
        for (int k = 0; k < CAS__NBOUNDS; k++) {
            puts_(b, ",");
            cell_claims(b, r, s, k);
        }
        puts_(b, ",");
        cell_conflicts(b, r, s);
        puts_(b, "\n");
    }
    return b->failed ? CAS_ERR_NOMEM : CAS_OK;
}

/* Display width of UTF-8 text: code points, which is right for the
 * scripts a scope is written in save wide East Asian characters. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

#define NCOLS 10

/* The cells of one table row: paths point into the ledger, the rest into
 * @store, so long paths are never cut in the middle of a character. */
typedef struct row {
    const char *cell[NCOLS];
    char store[6][64];
} row;

static void row_cells(const cas_reconciliation *r, const cas__scope_rec *s, row *w)
{
    cas_scope sc;
    cas__rec_scope(r, s, &sc);
    w->cell[0] = or_all(sc.outcome);
    w->cell[1] = or_all(sc.group);
    w->cell[2] = or_all(sc.perpetrator);
    w->cell[3] = or_all(sc.place);
    fmt_period(w->store[0], sizeof w->store[0], &sc);
    snprintf(w->store[1], sizeof w->store[1], "%u", (unsigned)s->nclaims);
    fmt_range(w->store[2], sizeof w->store[2], s->env_low, s->env_high);
    if (has_consensus(s))
        fmt_range(w->store[3], sizeof w->store[3], s->cons_low, s->cons_high);
    else
        snprintf(w->store[3], sizeof w->store[3], "none");
    if (s->best != CAS_NONE)
        snprintf(w->store[4], sizeof w->store[4], "%lld", (long long)s->best);
    else
        snprintf(w->store[4], sizeof w->store[4], "-");
    snprintf(w->store[5], sizeof w->store[5], "%lld", (long long)s->conflict_pairs);
    for (int c = 4; c < NCOLS; c++)
        w->cell[c] = w->store[c - 4];
}

static cas_status build_table(buf *b, const cas_reconciliation *r)
{
    static const char *const head[NCOLS] = {
        "outcome", "group", "perpetrator", "place", "period",
        "claims", "envelope", "consensus", "best", "conflicts",
    };
    size_t w[NCOLS];
    row cells;

    for (int c = 0; c < NCOLS; c++)
        w[c] = width(head[c]);
    for (size_t i = 0; i < r->nscopes; i++) {
        row_cells(r, &r->scopes[i], &cells);
        for (int c = 0; c < NCOLS; c++)
            if (width(cells.cell[c]) > w[c])
                w[c] = width(cells.cell[c]);
    }
    for (int c = 0; c < NCOLS; c++) {
        puts_(b, head[c]);
        if (c + 1 < NCOLS)
            pad(b, w[c] - width(head[c]) + 2);
    }
    puts_(b, "\n");
    for (size_t i = 0; i < r->nscopes && !b->failed; i++) {
        const cas__scope_rec *s = &r->scopes[i];
        row_cells(r, s, &cells);
        for (int c = 0; c < NCOLS; c++) {
            int right = c == 5 || c == 8 || c == 9; /* numbers align right */
            size_t gap = w[c] - width(cells.cell[c]);
            if (right)
                pad(b, gap);
            puts_(b, cells.cell[c]);
            if (c + 1 < NCOLS)
                pad(b, (right ? 0 : gap) + 2);
        }
        puts_(b, "\n");
        for (int k = 0; k < CAS__NBOUNDS; k++) {
            int64_t v = k == 0 ? s->env_low : k == 1 ? s->env_high : k == 2 ? s->cons_low
                      : k == 3 ? s->cons_high : s->best;
            char t[32];
            if (s->prov_n[k] == 0)
                continue;
            fmt_count(t, sizeof t, v, "open");
            putf(b, "    %-15s %10s  ", bound_names[k], t);
            put_claims(b, r, s, k);
            puts_(b, "\n");
        }
        for (uint32_t k = 0; k < s->nconf; k++) {
            puts_(b, "    conflict        ");
            put_conflict(b, r, &r->conf[s->conf_off + k]);
            puts_(b, "\n");
        }
        if ((int64_t)s->nconf < s->conflict_pairs)
            putf(b, "    (%lld more conflicting pairs not listed)\n",
                 (long long)(s->conflict_pairs - s->nconf));
    }
    return b->failed ? CAS_ERR_NOMEM : CAS_OK;
}

typedef cas_status (*builder)(buf *b, const cas_reconciliation *r);

static cas_status to_string(builder fn, char **out, size_t *len, const cas_reconciliation *r,
                            cas_error *err)
{
    buf b = {NULL, 0, 0, 0};
    cas_status st;

    if (!out || !r)
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL", out ? "reconciliation" : "out");
    st = fn(&b, r);
    if (st == CAS_OK && !b.data)
        st = reserve(&b, 0) ? CAS_OK : CAS_ERR_NOMEM;
    if (st != CAS_OK) {
        free(b.data);
        return cas__fail(err, st, "", "out of memory");
    }
    b.data[b.len] = '\0';
    *out = b.data;
    if (len)
        *len = b.len;
    return CAS_OK;
}

static cas_status to_file(builder fn, const cas_reconciliation *r, const char *path,
                          cas_error *err)
{
    char *data = NULL;
    size_t len = 0;
    cas_status st;
    FILE *fp;
    int bad;

    if (!r || !path)
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL", r ? "path" : "reconciliation");
    if ((st = to_string(fn, &data, &len, r, err)) != CAS_OK)
        return st;
    fp = fopen(path, "wb");
    if (!fp) {
        int e = errno;
        free(data);
        st = cas__fail(err, CAS_ERR_IO, "", "cannot open for writing: %s", strerror(e));
        cas__error_where(err, path, 0, 0);
        return st;
    }
    bad = fwrite(data, 1, len, fp) != len;
    bad |= fclose(fp) != 0;
    free(data);
    if (bad) {
        st = cas__fail(err, CAS_ERR_IO, "", "cannot write the whole report");
        cas__error_where(err, path, 0, 0);
        return st;
    }
    return CAS_OK;
}

cas_status cas_report_table(char **out, size_t *len, const cas_reconciliation *r, cas_error *err)
{
    return to_string(build_table, out, len, r, err);
}

cas_status cas_report_csv(char **out, size_t *len, const cas_reconciliation *r, cas_error *err)
{
    return to_string(build_csv, out, len, r, err);
}

cas_status cas_report_table_save(const cas_reconciliation *r, const char *path, cas_error *err)
{
    return to_file(build_table, r, path, err);
}

cas_status cas_report_csv_save(const cas_reconciliation *r, const char *path, cas_error *err)
{
    return to_file(build_csv, r, path, err);
}
