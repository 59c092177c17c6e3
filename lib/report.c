/* SPDX-License-Identifier: MIT */
/* Printing reconciliation results: a text table and CSV, with provenance.
 * The string variants build the text in memory; the file variants write
 * it out as it is built, through a buffer of CAS__STRBUF_FLUSH bytes, so that a
 * report of a million scopes does not sit in memory whole. */
#include "reconcile_internal.h"
#include "json_internal.h"
#include "alloc_internal.h"
#include "strbuf_internal.h"
#include "markdown_internal.h"
#include "shown_internal.h"
#include "csv_internal.h"
#include "casualty/report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        cas__real_text(out, size, r, 2);
}

static const char *const bound_names[CAS__NBOUNDS] = {
    "envelope_low", "envelope_high", "consensus_low", "consensus_high", "best",
};

/* The sink of the shown-text rules (shown_internal.h): a cas__strbuf. */
static void shown_sink(void *b, const char *s, size_t n)
{
    cas__strbuf_put(b, s, n);
}

/* Claim id or source @s in a list of claims, shown by @style (a
 * cas__shown_style), quoted when it holds the list's own syntax. */
static void text(cas__strbuf *b, int style, const char *s)
{
    cas__shown_claim(style, s, shown_sink, b);
}

/* "id (source); id (source)" for the claims behind one bound, the ids and
 * sources shown by @style. */
static void put_claims(cas__strbuf *b, const cas_reconciliation *r, const cas__scope_rec *s,
                       int bound, int style)
{
    const cas_ledger *l = r->ledger;
    for (uint32_t k = 0; k < s->prov_n[bound]; k++) {
        const cas__claim *c = &l->claims[r->idx[s->prov_off[bound] + k]];
        if (k)
            cas__strbuf_puts(b, "; ");
        text(b, style, cas__pool_str(&l->pool, c->id));
        cas__strbuf_puts(b, " (");
        text(b, style, cas__pool_str(&l->pool, c->source));
        cas__strbuf_puts(b, ")");
    }
}

/* "id (source) > id (source): gap N, ratio R", the ids and sources
 * shown by @style. */
static void put_conflict(cas__strbuf *b, const cas_reconciliation *r, const cas__conflict_rec *c,
                         int style)
{
    const cas_ledger *l = r->ledger;
    char ratio[32];
    fmt_ratio(ratio, sizeof ratio, c->ratio);
    text(b, style, cas__pool_str(&l->pool, l->claims[c->higher].id));
    cas__strbuf_puts(b, " (");
    text(b, style, cas__pool_str(&l->pool, l->claims[c->higher].source));
    cas__strbuf_puts(b, ") > ");
    text(b, style, cas__pool_str(&l->pool, l->claims[c->lower].id));
    cas__strbuf_puts(b, " (");
    text(b, style, cas__pool_str(&l->pool, l->claims[c->lower].source));
    cas__strbuf_putf(b, "): gap %lld, ratio %s", (long long)c->gap, ratio);
}

static int has_consensus(const cas__scope_rec *s)
{
    return s->cons_high == CAS_OPEN || s->cons_low <= s->cons_high;
}

/* ---- CSV, written without printf: a million rows of numbers, days and
 * claim lists are most of the time of a whole reconciliation otherwise. */

/* Write @r as printf's "%.2f" does (the exact binary value rounded half to
 * even) when that is done exactly here: 0 <= r < 2^53; else 0. */
static size_t fixed2(char *out, double r)
{
    uint64_t bits, mant, q;
    int exp, e;
    char tmp[32], *p = tmp + sizeof tmp;

    if (!(r >= 0) || r >= 9007199254740992.0)
        return 0;
    memcpy(&bits, &r, sizeof bits);
    exp = (int)((bits >> 52) & 0x7FF);
    mant = bits & ((UINT64_C(1) << 52) - 1);
    if (exp == 0) {
        q = 0; /* zero or subnormal: far below 0.005 */
    } else {
        mant |= UINT64_C(1) << 52;
        e = exp - 1075; /* r = mant * 2^e, and r < 2^53 makes e <= 0 */
        if (e == 0) {
            q = mant * 100;
        } else if (-e >= 64) {
            q = 0; /* r < 2^-11: rounds to 0.00 */
        } else {
            /* r * 100 = mant * 100 / 2^-e, with mant * 100 < 2^60. */
            uint64_t m = mant * 100, half = UINT64_C(1) << (-e - 1);
            uint64_t rem = m & ((UINT64_C(1) << -e) - 1);
            q = m >> -e;
            if (rem > half || (rem == half && (q & 1)))
                q++;
        }
    }
    *--p = (char)('0' + q % 10);
    *--p = (char)('0' + q / 10 % 10);
    *--p = '.';
    q /= 100;
    do {
        *--p = (char)('0' + q % 10);
        q /= 10;
    } while (q);
    memcpy(out, p, (size_t)(tmp + sizeof tmp - p));
    return (size_t)(tmp + sizeof tmp - p);
}

static void put_ratio(cas__strbuf *b, double r)
{
    char t[32];
    size_t n = isnan(r) ? 0 : fixed2(t, r);

    if (n) {
        cas__strbuf_put(b, t, n);
        return;
    }
    fmt_ratio(t, sizeof t, r);
    cas__strbuf_puts(b, t);
}

/* A claim id or source in a CSV list of claims: as it is, or quoted when
 * it holds the list's own syntax (cas__shown_claim). */
static void put_pool(cas__strbuf *b, const cas_ledger *l, uint32_t id)
{
    const char *s = cas__pool_str(&l->pool, id);
    if (cas__shown_claim_quoted(s))
        cas__shown_claim(-1, s, shown_sink, b);
    else
        cas__strbuf_put(b, s, cas__pool_len(&l->pool, id));
}

/* What put_claims() writes for CSV, with the lengths the pool knows. */
static void put_claims_fast(cas__strbuf *b, const cas_reconciliation *r, const cas__scope_rec *s,
                            int bound)
{
    const cas_ledger *l = r->ledger;
    for (uint32_t k = 0; k < s->prov_n[bound]; k++) {
        const cas__claim *c = &l->claims[r->idx[s->prov_off[bound] + k]];
        if (k)
            cas__strbuf_put(b, "; ", 2);
        put_pool(b, l, c->id);
        cas__strbuf_put(b, " (", 2);
        put_pool(b, l, c->source);
        cas__strbuf_put(b, ")", 1);
    }
}

/* What put_conflict() writes for CSV. */
static void put_conflict_fast(cas__strbuf *b, const cas_reconciliation *r,
                              const cas__conflict_rec *c)
{
    const cas_ledger *l = r->ledger;
    put_pool(b, l, l->claims[c->higher].id);
    cas__strbuf_put(b, " (", 2);
    put_pool(b, l, l->claims[c->higher].source);
    cas__strbuf_put(b, ") > ", 4);
    put_pool(b, l, l->claims[c->lower].id);
    cas__strbuf_put(b, " (", 2);
    put_pool(b, l, l->claims[c->lower].source);
    cas__strbuf_put(b, "): gap ", 7);
    cas__strbuf_put_i64(b, c->gap);
    cas__strbuf_put(b, ", ratio ", 8);
    put_ratio(b, c->ratio);
}

static void put_pool_field(cas__strbuf *b, const cas_ledger *l, uint32_t id, int protect)
{
    cas__strbuf_put_cell(b, cas__pool_str(&l->pool, id), cas__pool_len(&l->pool, id), protect);
}

/* Rows print in scope order while claims lie in the order they were
 * loaded, so each name a row prints is a cache miss behind a cache miss
 * (claim, then pool entry, then text); printed one by one they are paid
 * one at a time. Touching the names of WARM_ROWS rows first, level by
 * level in tight loops of independent loads, lets the processor fetch
 * many at once. Returns the bytes of those names, which sizes the cell
 * buffer once for the rows that follow. */
#define WARM_ROWS 8
#define WARM_MAX 512

static size_t warm_rows(const cas_reconciliation *r, size_t i)
{
    const cas_ledger *l = r->ledger;
    uint32_t at[WARM_MAX];
    const char *str[WARM_MAX];
    size_t n = 0, bytes = 0;

    for (size_t j = i; j < i + WARM_ROWS && j < r->nscopes; j++) {
        const cas__scope_rec *s = &r->scopes[j];
        size_t lo = s->prov_off[0];
        size_t hi = s->prov_off[CAS__NBOUNDS - 1] + s->prov_n[CAS__NBOUNDS - 1];
        for (size_t k = lo; k < hi && n < WARM_MAX; k++)
            at[n++] = r->idx[k];
        for (uint32_t k = 0; k < s->nconf && n + 2 <= WARM_MAX; k++) {
            at[n++] = r->conf[s->conf_off + k].higher;
            at[n++] = r->conf[s->conf_off + k].lower;
        }
    }
    for (size_t k = 0; k < n; k++)
        at[k] = l->claims[at[k]].id;
    for (size_t k = 0; k < n; k++)
        str[k] = l->pool.strs[at[k]];
    for (size_t k = 0; k < n; k++)
        bytes += (unsigned char)str[k][0];
    return bytes;
}

static cas_status build_csv(cas__strbuf *b, const cas_reconciliation *r, int protect)
{
    static const char *const head =
        "outcome,group,perpetrator,place,event,period_start,period_end,claims,sources,superseded,"
        "excluded,envelope_low,envelope_high,consensus_low,consensus_high,consensus,best,"
        "conflict_pairs,envelope_low_claims,envelope_high_claims,consensus_low_claims,"
        "consensus_high_claims,best_claims,conflicts,best_kind,within_tolerance,outlier\n";
    const cas_ledger *l = r->ledger;
    cas__strbuf cell = CAS__STRBUF_INIT; /* one cell's text, before quoting */

    cas__strbuf_puts(b, head);
    for (size_t i = 0; i < r->nscopes && !b->failed; i++) {
        const cas__scope_rec *s = &r->scopes[i];
        const cas__claim *rep = &l->claims[s->rep];

        if (i % WARM_ROWS == 0 && !cas__strbuf_reserve(&cell, warm_rows(r, i) + 64))
            b->failed = 1;
        put_pool_field(b, l, rep->outcome, protect);
        cas__strbuf_put(b, ",", 1);
        put_pool_field(b, l, rep->group, protect);
        cas__strbuf_put(b, ",", 1);
        put_pool_field(b, l, rep->perpetrator, protect);
        cas__strbuf_put(b, ",", 1);
        put_pool_field(b, l, rep->place, protect);
        cas__strbuf_put(b, ",", 1);
        put_pool_field(b, l, rep->event, protect);
        cas__strbuf_put(b, ",", 1);
        cas__strbuf_put_day(b, rep->period_start);
        cas__strbuf_put(b, ",", 1);
        cas__strbuf_put_day(b, rep->period_end);
        cas__strbuf_put(b, ",", 1);
        cas__strbuf_put_i64(b, s->nclaims);
        cas__strbuf_put(b, ",", 1);
        cas__strbuf_put_i64(b, s->nsources);
        cas__strbuf_put(b, ",", 1);
        cas__strbuf_put_i64(b, s->superseded);
        cas__strbuf_put(b, ",", 1);
        cas__strbuf_put_i64(b, s->excluded);
        cas__strbuf_put(b, ",", 1);
        cas__strbuf_put_i64(b, s->env_low);
        cas__strbuf_put(b, ",", 1);
        cas__strbuf_put_count(b, s->env_high, CAS_OPEN);
        cas__strbuf_put(b, ",", 1);
        cas__strbuf_put_i64(b, s->cons_low);
        cas__strbuf_put(b, ",", 1);
        cas__strbuf_put_count(b, s->cons_high, CAS_OPEN);
        cas__strbuf_put(b, has_consensus(s) ? ",yes," : ",no,", has_consensus(s) ? 5 : 4);
        cas__strbuf_put_count(b, s->best, CAS_NONE);
        cas__strbuf_put(b, ",", 1);
        cas__strbuf_put_i64(b, s->conflict_pairs);
        for (int k = 0; k < CAS__NBOUNDS; k++) {
            cas__strbuf_put(b, ",", 1);
            cell.len = 0;
            put_claims_fast(&cell, r, s, k);
            cas__strbuf_put_cell(b, cell.data ? cell.data : "", cell.len, protect);
        }
        cas__strbuf_put(b, ",", 1);
        cell.len = 0;
        for (uint32_t k = 0; k < s->nconf; k++) {
            if (k)
                cas__strbuf_put(&cell, "; ", 2);
            put_conflict_fast(&cell, r, &r->conf[s->conf_off + k]);
        }
        cas__strbuf_put_cell(b, cell.data ? cell.data : "", cell.len, protect);
        cas__strbuf_put(b, ",", 1);
        cas__strbuf_puts(b, cas_best_kind_name(s->best_kind));
        cas__strbuf_put(b, ",", 1);
        if (s->within_tol) {
            char t[32];
            cas__tolerance_text(t, sizeof t, r->tol_kind, r->tol);
            cas__strbuf_puts(b, t);
        }
        cas__strbuf_put(b, ",", 1);
        if (s->outlier != UINT32_MAX)
            put_pool_field(b, l, s->outlier, protect);
        cas__strbuf_put(b, "\n", 1);
        if (cell.failed)
            b->failed = 1;
    }
    cas__free(cell.data);
    return b->failed ? CAS_ERR_NOMEM : CAS_OK;
}

/* The columns of the text table and the Markdown table. The event column
 * is shown only when some scope names an event. */
enum {
    C_OUTCOME,
    C_GROUP,
    C_PERPETRATOR,
    C_PLACE,
    C_EVENT,
    C_PERIOD,
    C_CLAIMS,
    C_SOURCES,
    C_ENVELOPE,
    C_CONSENSUS,
    C_BEST,
    C_CONFLICTS,
    NCOLS
};

/* The cells of one table row: paths point into the ledger ("" for all),
 * the rest into @store, so long paths are never cut in the middle of a
 * character. */
typedef struct row {
    const char *cell[NCOLS];
    char store[NCOLS - C_PERIOD][64];
} row;

static const char *const table_head[NCOLS] = {
    "outcome", "group",   "perpetrator", "place",     "event", "period",
    "claims",  "sources", "envelope",    "consensus", "best",  "conflicts",
};

/* Numbers align right: claims, sources, best, conflicts. */
static int right_aligned(int c)
{
    return c == C_CLAIMS || c == C_SOURCES || c == C_BEST || c == C_CONFLICTS;
}

/* Whether column @c is printed: all but the event column, which is
 * printed when some scope of @r names an event. */
static int shown(const cas_reconciliation *r, int c)
{
    if (c != C_EVENT)
        return 1;
    for (size_t i = 0; i < r->nscopes; i++)
        if (r->ledger->claims[r->scopes[i].rep].event)
            return 1;
    return 0;
}

static void row_cells(const cas_reconciliation *r, const cas__scope_rec *s, row *w)
{
    cas_scope sc;
    cas__rec_scope(r, s, &sc);
    w->cell[C_OUTCOME] = sc.outcome ? sc.outcome : "";
    w->cell[C_GROUP] = sc.group ? sc.group : "";
    w->cell[C_PERPETRATOR] = sc.perpetrator ? sc.perpetrator : "";
    w->cell[C_PLACE] = sc.place ? sc.place : "";
    w->cell[C_EVENT] = sc.event ? sc.event : "";
    fmt_period(w->store[0], sizeof w->store[0], &sc);
    snprintf(w->store[1], sizeof w->store[1], "%u", (unsigned)s->nclaims);
    snprintf(w->store[2], sizeof w->store[2], "%u", (unsigned)s->nsources);
    fmt_range(w->store[3], sizeof w->store[3], s->env_low, s->env_high);
    if (has_consensus(s) && s->within_tol) {
        char t[32], range[48];
        cas__tolerance_text(t, sizeof t, r->tol_kind, r->tol);
        fmt_range(range, sizeof range, s->cons_low, s->cons_high);
        snprintf(w->store[4], sizeof w->store[4], "%.40s within %.12s", range, t);
    } else if (has_consensus(s))
        fmt_range(w->store[4], sizeof w->store[4], s->cons_low, s->cons_high);
    else
        snprintf(w->store[4], sizeof w->store[4], "CONFLICT");
    if (s->best != CAS_NONE && s->best_kind == CAS_BEST_MIDPOINT)
        snprintf(w->store[5], sizeof w->store[5], "%lld (midpoint)", (long long)s->best);
    else if (s->best != CAS_NONE)
        snprintf(w->store[5], sizeof w->store[5], "%lld", (long long)s->best);
    else
        snprintf(w->store[5], sizeof w->store[5], "-");
    snprintf(w->store[6], sizeof w->store[6], "%lld", (long long)s->conflict_pairs);
    for (int c = C_PERIOD; c < NCOLS; c++)
        w->cell[c] = w->store[c - C_PERIOD];
}

/* The value of bound @k of @s. */
static int64_t bound_value(const cas__scope_rec *s, int k)
{
    return k == 0   ? s->env_low
           : k == 1 ? s->env_high
           : k == 2 ? s->cons_low
           : k == 3 ? s->cons_high
                    : s->best;
}

/* The width of cell @c of @w as @style shows it: a path by
 * cas__shown_path() ("all" as "*", "\\*" in Markdown), the period as
 * text from the data, the rest as the printer wrote it. */
static size_t cell_width(const row *w, int c, cas__shown_style style)
{
    const char *s = w->cell[c];
    if (c <= C_EVENT && !*s)
        return style == CAS__SHOWN_MARKDOWN ? 2 : 1;
    if (c <= C_EVENT)
        return cas__shown_path_width(style, s);
    if (c == C_PERIOD)
        return cas__shown_width(style, s);
    return cas__text_width(s);
}

static void put_cell(cas__strbuf *b, const row *w, int c, cas__shown_style style)
{
    const char *s = w->cell[c];
    if (c <= C_EVENT && !*s)
        cas__strbuf_puts(b, style == CAS__SHOWN_MARKDOWN ? "\\*" : "*");
    else if (c <= C_EVENT)
        cas__shown_path(style, s, shown_sink, b);
    else if (c == C_PERIOD)
        cas__shown_put(style, s, shown_sink, b);
    else
        cas__strbuf_puts(b, s);
}

static const char *const md_bound_names[CAS__NBOUNDS] = {
    "envelope low", "envelope high", "consensus low", "consensus high", "best",
};

/* Which printer a shared piece writes for. */
enum style { PLAIN, MARKDOWN };

/* The claims behind each bound of @s and its conflicts, a line each:
 * indented under the row in the text table (@indent 0), or as the items
 * of a Markdown list indented by @indent. */
static void put_provenance(cas__strbuf *b, const cas_reconciliation *r, const cas__scope_rec *s,
                           enum style style, size_t indent)
{
    int how = style == MARKDOWN ? CAS__SHOWN_MARKDOWN : CAS__SHOWN_TEXT;

    for (int k = 0; k < CAS__NBOUNDS; k++) {
        char t[32];
        if (s->prov_n[k] == 0)
            continue;
        fmt_count(t, sizeof t, bound_value(s, k), "open");
        cas__strbuf_pad(b, indent);
        if (style == MARKDOWN)
            cas__strbuf_putf(b, "- %s %s: ", md_bound_names[k], t);
        else
            cas__strbuf_putf(b, "    %-15s %10s  ", bound_names[k], t);
        put_claims(b, r, s, k, how);
        cas__strbuf_puts(b, "\n");
    }
    for (uint32_t k = 0; k < s->nconf; k++) {
        cas__strbuf_pad(b, indent);
        cas__strbuf_puts(b, style == MARKDOWN ? "- conflict: " : "    conflict        ");
        put_conflict(b, r, &r->conf[s->conf_off + k], how);
        cas__strbuf_puts(b, "\n");
    }
    if ((int64_t)s->nconf < s->conflict_pairs) {
        long long more = (long long)(s->conflict_pairs - s->nconf);
        cas__strbuf_pad(b, indent);
        if (style == MARKDOWN)
            cas__strbuf_putf(b, "- %lld more conflicting pairs not listed\n", more);
        else
            cas__strbuf_putf(b, "    (%lld more conflicting pairs not listed)\n", more);
    }
    if (s->outlier != UINT32_MAX) {
        cas__strbuf_pad(b, indent);
        cas__strbuf_puts(b, style == MARKDOWN ? "- outlier: " : "    outlier         ");
        text(b, how, cas__pool_str(&r->ledger->pool, s->outlier));
        cas__strbuf_puts(b, " (without it the others agree)\n");
    }
}

static cas_status build_table(cas__strbuf *b, const cas_reconciliation *r, int unused)
{
    (void)unused;
    const char *const *head = table_head;
    size_t w[NCOLS];
    int show_event = shown(r, C_EVENT);
    row cells;

    for (int c = 0; c < NCOLS; c++)
        w[c] = cas__text_width(head[c]);
    for (size_t i = 0; i < r->nscopes; i++) {
        row_cells(r, &r->scopes[i], &cells);
        for (int c = 0; c < NCOLS; c++)
            if (cell_width(&cells, c, CAS__SHOWN_TEXT) > w[c])
                w[c] = cell_width(&cells, c, CAS__SHOWN_TEXT);
    }
    for (int c = 0; c < NCOLS; c++) {
        if (c == C_EVENT && !show_event)
            continue;
        cas__strbuf_puts(b, head[c]);
        if (c + 1 < NCOLS)
            cas__strbuf_pad(b, w[c] - cas__text_width(head[c]) + 2);
    }
    cas__strbuf_puts(b, "\n");
    for (size_t i = 0; i < r->nscopes && !b->failed; i++) {
        const cas__scope_rec *s = &r->scopes[i];
        row_cells(r, s, &cells);
        for (int c = 0; c < NCOLS; c++) {
            int right = right_aligned(c);
            size_t gap = w[c] - cell_width(&cells, c, CAS__SHOWN_TEXT);
            if (c == C_EVENT && !show_event)
                continue;
            if (right)
                cas__strbuf_pad(b, gap);
            put_cell(b, &cells, c, CAS__SHOWN_TEXT);
            if (c + 1 < NCOLS)
                cas__strbuf_pad(b, (right ? 0 : gap) + 2);
        }
        cas__strbuf_puts(b, "\n");
        put_provenance(b, r, s, PLAIN, 0);
    }
    return b->failed ? CAS_ERR_NOMEM : CAS_OK;
}

/* A table cell: "**CONFLICT**" is the one cell written as Markdown. */
static int md_bold(const row *w, int c)
{
    return c == C_CONSENSUS && strcmp(w->cell[c], "CONFLICT") == 0;
}

/* The cells up to the period (the paths, the event and the period) come
 * from the data; the others are the printer's own numbers and ranges,
 * written as they are. */
static size_t md_cell_width(const row *w, int c)
{
    return cell_width(w, c, CAS__SHOWN_MARKDOWN) + (md_bold(w, c) ? 4 : 0);
}

static cas_status build_markdown(cas__strbuf *b, const cas_reconciliation *r, int unused)
{
    (void)unused;
    size_t w[NCOLS + 1];
    char num[32];
    int show_event = shown(r, C_EVENT);
    row cells;

    /* Column 0 is the row number, which the list below the table uses. */
    snprintf(num, sizeof num, "%zu", r->nscopes);
    w[0] = strlen(num) > 1 ? strlen(num) : 1;
    for (int c = 0; c < NCOLS; c++)
        w[c + 1] = cas__text_width(table_head[c]);
    for (size_t i = 0; i < r->nscopes; i++) {
        row_cells(r, &r->scopes[i], &cells);
        for (int c = 0; c < NCOLS; c++)
            if (md_cell_width(&cells, c) > w[c + 1])
                w[c + 1] = md_cell_width(&cells, c);
    }
    for (int c = 0; c < NCOLS + 1; c++)
        if (w[c] < 3)
            w[c] = 3; /* room for the "--:" of the delimiter row */

    cas__strbuf_puts(b, "| #");
    cas__strbuf_pad(b, w[0] - 1);
    for (int c = 0; c < NCOLS; c++) {
        if (c == C_EVENT && !show_event)
            continue;
        cas__strbuf_puts(b, " | ");
        cas__strbuf_puts(b, table_head[c]);
        cas__strbuf_pad(b, w[c + 1] - cas__text_width(table_head[c]));
    }
    cas__strbuf_puts(b, " |\n|");
    for (int c = 0; c < NCOLS + 1; c++) {
        int right = c == 0 || right_aligned(c - 1);
        if (c == C_EVENT + 1 && !show_event)
            continue;
        cas__strbuf_puts(b, right ? " " : " :");
        for (size_t k = 0; k + 1 < w[c]; k++)
            cas__strbuf_put(b, "-", 1);
        cas__strbuf_puts(b, right ? ": |" : " |");
    }
    cas__strbuf_puts(b, "\n");
    for (size_t i = 0; i < r->nscopes && !b->failed; i++) {
        row_cells(r, &r->scopes[i], &cells);
        snprintf(num, sizeof num, "%zu", i + 1);
        cas__strbuf_puts(b, "| ");
        cas__strbuf_pad(b, w[0] - strlen(num));
        cas__strbuf_puts(b, num);
        for (int c = 0; c < NCOLS; c++) {
            size_t gap = w[c + 1] - md_cell_width(&cells, c);
            if (c == C_EVENT && !show_event)
                continue;
            cas__strbuf_puts(b, " | ");
            if (right_aligned(c))
                cas__strbuf_pad(b, gap);
            if (md_bold(&cells, c))
                cas__strbuf_puts(b, "**");
            put_cell(b, &cells, c, CAS__SHOWN_MARKDOWN);
            if (md_bold(&cells, c))
                cas__strbuf_puts(b, "**");
            if (!right_aligned(c))
                cas__strbuf_pad(b, gap);
        }
        cas__strbuf_puts(b, " |\n");
    }
    if (r->nscopes == 0)
        return b->failed ? CAS_ERR_NOMEM : CAS_OK;

    cas__strbuf_puts(b, "\nThe claims behind each bound, as id (source):\n\n");
    for (size_t i = 0; i < r->nscopes && !b->failed; i++) {
        const cas__scope_rec *s = &r->scopes[i];
        size_t indent;
        row_cells(r, s, &cells);
        snprintf(num, sizeof num, "%zu. ", i + 1);
        indent = strlen(num);
        cas__strbuf_puts(b, num);
        for (int c = 0; c <= C_PERIOD; c++) {
            if (c == C_EVENT && !show_event)
                continue;
            if (c)
                cas__strbuf_puts(b, ", ");
            put_cell(b, &cells, c, CAS__SHOWN_MARKDOWN);
        }
        cas__strbuf_puts(b, "\n");
        put_provenance(b, r, s, MARKDOWN, indent);
    }
    return b->failed ? CAS_ERR_NOMEM : CAS_OK;
}

/* A printer: @protect is the CSV's protect_formulas, unused by the others. */
typedef cas_status (*builder)(cas__strbuf *b, const cas_reconciliation *r, int protect);

static cas_status to_string(builder fn, char **out, size_t *len, const cas_reconciliation *r,
                            int protect, cas_error *err)
{
    cas__strbuf b = CAS__STRBUF_INIT;
    cas_status st;

    if (!out || !r)
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL", out ? "reconciliation" : "out");
    st = fn(&b, r, protect);
    if (st == CAS_OK && !b.data)
        st = cas__strbuf_reserve(&b, 0) ? CAS_OK : CAS_ERR_NOMEM;
    if (st != CAS_OK) {
        cas__free(b.data);
        return cas__fail(err, st, "", "out of memory");
    }
    b.data[b.len] = '\0';
    *out = b.data;
    if (len)
        *len = b.len;
    return CAS_OK;
}

static cas_status to_file(builder fn, const cas_reconciliation *r, const char *path, int protect,
                          cas_error *err)
{
    cas__strbuf b = CAS__STRBUF_INIT;
    cas_status st;
    int bad;

    if (!r || !path)
        return cas__fail(err, CAS_ERR_ARG, "", "%s is NULL", r ? "path" : "reconciliation");
    b.sink = fopen(path, "wb");
    if (!b.sink) {
        int e = errno;
        st = cas__fail(err, CAS_ERR_IO, "", "cannot open for writing: %s", strerror(e));
        cas__error_where(err, path, 0, 0);
        return st;
    }
    st = fn(&b, r, protect);
    if (st == CAS_OK)
        cas__strbuf_flush(&b);
    bad = fclose(b.sink) != 0;
    cas__free(b.data);
    if (b.write_failed || bad) {
        st = cas__fail(err, CAS_ERR_IO, "", "cannot write the whole report");
        cas__error_where(err, path, 0, 0);
        return st;
    }
    if (st != CAS_OK)
        return cas__fail(err, st, "", "out of memory");
    return CAS_OK;
}

cas_status cas_report_table(char **out, size_t *len, const cas_reconciliation *r, cas_error *err)
{
    return to_string(build_table, out, len, r, 0, err);
}

cas_status cas_report_csv(char **out, size_t *len, const cas_reconciliation *r, cas_error *err)
{
    return to_string(build_csv, out, len, r, 0, err);
}

cas_status cas_report_markdown(char **out, size_t *len, const cas_reconciliation *r, cas_error *err)
{
    return to_string(build_markdown, out, len, r, 0, err);
}

cas_status cas_report_markdown_save(const cas_reconciliation *r, const char *path, cas_error *err)
{
    return to_file(build_markdown, r, path, 0, err);
}

cas_status cas_report_table_save(const cas_reconciliation *r, const char *path, cas_error *err)
{
    return to_file(build_table, r, path, 0, err);
}

cas_status cas_report_csv_save(const cas_reconciliation *r, const char *path, cas_error *err)
{
    return to_file(build_csv, r, path, 0, err);
}

cas_status cas_report_csv_with(char **out, size_t *len, const cas_reconciliation *r,
                               const cas_csv_write_options *opts, cas_error *err)
{
    int protect = 0;
    if (cas__csv_write_protect(opts, &protect) != 0)
        return cas__fail(err, CAS_ERR_ARG, "",
                         "options size not set (use cas_csv_write_options_init)");
    return to_string(build_csv, out, len, r, protect, err);
}

cas_status cas_report_csv_save_with(const cas_reconciliation *r, const char *path,
                                    const cas_csv_write_options *opts, cas_error *err)
{
    int protect = 0;
    if (cas__csv_write_protect(opts, &protect) != 0)
        return cas__fail(err, CAS_ERR_ARG, "",
                         "options size not set (use cas_csv_write_options_init)");
    return to_file(build_csv, r, path, protect, err);
}
