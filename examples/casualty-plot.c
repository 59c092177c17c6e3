/* SPDX-License-Identifier: MIT */
/* casualty-plot: an SVG range plot (a forest plot) of the claims of a
 * claims CSV.
 *
 * One block per scope, grouped by outcome; in it one line per counted
 * claim: the claim's range as a horizontal line (capped at a closed end,
 * an arrow at an open one), its best estimate as a square. Behind the
 * lines the scope's consensus (the counts every source allows) is shaded;
 * when there is none, the gap between the highest floor and the lowest
 * ceiling is hatched and the claims in conflict are drawn in a second
 * colour. Scopes with several claims get a summary line with the
 * reconciled best as a diamond. The axis is linear or logarithmic, with
 * ticks at the top and bottom and grid lines between.
 *
 * With --summary, one row per scope instead, for files of hundreds of
 * scopes: the envelope as a grey bar, the consensus shaded, each source's
 * figure a dot (the outlier's in the second colour), the best a diamond;
 * rows sorted by how far apart the sources run, at most --max-rows of
 * them, with a note saying how many are left out. --label chooses the
 * scope fields a row is named by (a battle's event rather than its
 * place code). In both plots, on a scope with an outlier (the one source
 * whose removal restores a consensus) only the outlier's claims are drawn
 * in the conflict colour.
 *
 * The numbers all come from the library (cas_reconcile_ledger and its
 * getters); this file only draws them.
 *
 * usage: casualty-plot [OPTIONS] [FILE] > plot.svg   (see --help) */
#include "common.h"
#include "shown_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    OPT_LOG = EX_OPT_FIRST_FREE,
    OPT_TITLE,
    OPT_WIDTH,
    OPT_SUMMARY,
    OPT_LABEL,
    OPT_MAX_ROWS,
    OPT_SERIES
};

static const struct option long_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"log", no_argument, NULL, OPT_LOG},
    {"title", required_argument, NULL, OPT_TITLE},
    {"width", required_argument, NULL, OPT_WIDTH},
    {"summary", no_argument, NULL, OPT_SUMMARY},
    {"series", no_argument, NULL, OPT_SERIES},
    {"label", required_argument, NULL, OPT_LABEL},
    {"max-rows", required_argument, NULL, OPT_MAX_ROWS},
    EX_BASES_OPTION,
    EX_TOLERANCE_OPTION,
    EX_COMMON_OPTIONS,
};

static const char help[] =
    "Draw the claims of a claims CSV (docs/csv.md) as an SVG range plot (a forest\n"
    "plot): one block per scope, one line per source's claim with its range and\n"
    "best estimate, open ends as arrows, the consensus shaded, conflicts in a\n"
    "second colour, the reconciled best as a diamond.\n" EX_BUNDLED_HELP "\n"
    "Options:\n"
    "  -o, --output FILE       write the SVG to FILE (default: standard output)\n"
    "      --log               a logarithmic axis (for counts of different sizes)\n"
    "      --title TEXT        the title (default \"Casualty claims by scope\")\n"
    "      --width PIXELS      the width of the plotting area (default 560)\n"
    "      --summary           one row per scope: envelope bar, each source's\n"
    "                          figure a dot, the best a diamond; sorted by how\n"
    "                          far apart the sources run\n"
    "      --series            cumulative counts against the date: one chart per\n"
    "                          scope and series start, one line per source\n"
    "                          through its reports, revisions ringed\n"
    "      --max-rows N        with --summary, at most N rows (default 60);\n"
    "                          with --series, at most N charts\n"
    "      --label FIELDS      with --summary, name each row by these scope\n"
    "                          fields, comma-separated: outcome, group,\n"
    "                          perpetrator, place, event, period (default\n"
    "                          group,place,event)\n" EX_BASES_HELP EX_TOLERANCE_HELP;

/* ---- what is drawn ------------------------------------------------------ */

typedef struct mark {
    const char *id, *source;
    int64_t low, high, best; /* high CAS_OPEN, best CAS_NONE */
    int conflict;            /* in a pair of claims that cannot both be true */
} mark;

typedef struct block {
    cas_scope_result res;
    mark *marks;
    size_t nmarks;
    int summary;      /* a summary line (two claims or more) */
    double y, height; /* where it is drawn */
} block;

/* Colours: Okabe and Ito's palette, distinct for colour-blind readers. */
#define C_CLAIM "#0a4f8c"
#define C_CONFLICT "#d55e00"
#define C_BAND "#cfe7d6"
#define C_GAP "#f6c9ae"
#define C_TEXT "#1a1a1a"
#define C_MUTED "#666666"
#define C_GRID "#e3e3e3"
#define C_ZEBRA "#f6f7f9"
#define FONT "DejaVu Sans, Helvetica, Arial, sans-serif"

/* Layout, in pixels. */
#define MARGIN 24.0
#define LINE 18.0    /* one claim's line */
#define PAD 7.0      /* above and below a block's lines */
#define SECTION 30.0 /* an outcome's heading */
#define AXIS 34.0    /* tick labels above or below the plotting area */
#define GAP 14.0     /* between columns */
#define CHAR 0.6     /* average glyph width, in em, to size text columns */

typedef struct scale {
    int log;
    double lo, hi; /* the domain */
    double step;   /* linear: between ticks; log: decades between labels */
    double x0, x1; /* the plotting area */
} scale;

/* The x of count @v; counts outside the domain are clamped to its edge. */
static double xpos(const scale *s, double v)
{
    double t;
    if (s->log)
        t = v <= s->lo ? 0 : (log10(v) - log10(s->lo)) / (log10(s->hi) - log10(s->lo));
    else
        t = (v - s->lo) / (s->hi - s->lo);
    if (t < 0)
        t = 0;
    if (t > 1)
        t = 1;
    return s->x0 + t * (s->x1 - s->x0);
}

/* 1234567 -> "1,234,567". */
static void thousands(char *buf, size_t size, int64_t v)
{
    char digits[32];
    size_t n, k = 0;
    ex_fmt(digits, sizeof digits, "%lld", (long long)v);
    n = strlen(digits);
    for (size_t i = 0; i < n && k + 2 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0 && digits[0] != '-')
            buf[k++] = ',';
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
}

/* "1,700", "≥ 315", "360–399", "1,600–1,800, best 1,700". */
static void claim_text(char *buf, size_t size, const mark *m)
{
    char a[32], b[32], c[32];
    thousands(a, sizeof a, m->low);
    thousands(b, sizeof b, m->high);
    thousands(c, sizeof c, m->best);
    if (m->high == CAS_OPEN)
        ex_fmt(buf, size, "\u2265 %s", a);
    else if (m->low == m->high)
        ex_fmt(buf, size, "%s", a);
    else if (m->best != CAS_NONE)
        ex_fmt(buf, size, "%s\u2013%s, best %s", a, b, c);
    else
        ex_fmt(buf, size, "%s\u2013%s", a, b);
}

static double text_px(const char *s, double font)
{
    return (double)ex_text_width(s) * font * CHAR;
}

/* "6–12 Mar 2025", "6 Mar 2025", "until 5 Mar 2025", "any time". */
static void period_label(char *buf, size_t size, int32_t start, int32_t end)
{
    static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int32_t y1 = 0, m1 = 1, d1 = 1, y2 = 0, m2 = 1, d2 = 1;
    int known1 = start != CAS_DATE_UNKNOWN && cas_date_to_ymd(&y1, &m1, &d1, start) == CAS_OK;
    int known2 = end != CAS_DATE_UNKNOWN && cas_date_to_ymd(&y2, &m2, &d2, end) == CAS_OK;

    if (!known1 && !known2)
        ex_fmt(buf, size, "any time");
    else if (!known1)
        ex_fmt(buf, size, "until %d %s %d", d2, months[m2 - 1], y2);
    else if (!known2)
        ex_fmt(buf, size, "from %d %s %d", d1, months[m1 - 1], y1);
    else if (start == end)
        ex_fmt(buf, size, "%d %s %d", d1, months[m1 - 1], y1);
    else if (y1 == y2 && m1 == m2)
        ex_fmt(buf, size, "%d\u2013%d %s %d", d1, d2, months[m1 - 1], y1);
    else if (y1 == y2)
        ex_fmt(buf, size, "%d %s \u2013 %d %s %d", d1, months[m1 - 1], d2, months[m2 - 1], y1);
    else
        ex_fmt(buf, size, "%d %s %d \u2013 %d %s %d", d1, months[m1 - 1], y1, d2, months[m2 - 1],
               y2);
}

/* The two lines of a scope's label: who (and by whom), then where and when. */
static void scope_labels(char *who, size_t wsize, char *where, size_t esize, const cas_scope *s)
{
    char period[64];
    if (*s->perpetrator)
        ex_fmt(who, wsize, "%s, by %s", *s->group ? s->group : "everyone", s->perpetrator);
    else
        ex_fmt(who, wsize, "%s", *s->group ? s->group : "everyone");
    period_label(period, sizeof period, s->period_start, s->period_end);
    ex_fmt(where, esize, "%s \u00b7 %s", *s->place ? s->place : "everywhere", period);
}

/* ---- SVG output --------------------------------------------------------- */

static FILE *svg;

/* The sink of the shown-text rules (shown_internal.h): the SVG file. */
static void svg_sink(void *unused, const char *s, size_t n)
{
    (void)unused;
    fwrite(s, 1, n, svg);
}

/* Text for XML by the library's rule (shown_internal.h): the five special
 * characters as entities, characters XML 1.0 does not allow (controls,
 * U+FFFE, U+FFFF, bytes that are not UTF-8) as U+FFFD, bidi marks and
 * other hidden characters as visible escapes. */
static void xml(const char *s)
{
    cas__shown_put(CAS__SHOWN_XML, s, svg_sink, NULL);
}

static void text(double x, double y, const char *anchor, double size, const char *fill,
                 const char *s)
{
    fprintf(svg, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" fill=\"%s\"%s%s%s>", x, y, size,
            fill, *anchor ? " text-anchor=\"" : "", anchor, *anchor ? "\"" : "");
    xml(s);
    fputs("</text>\n", svg);
}

static void line(double x1, double y1, double x2, double y2, const char *stroke, double width)
{
    fprintf(svg,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
            "stroke-width=\"%.1f\"/>\n",
            x1, y1, x2, y2, stroke, width);
}

static void rect(double x, double y, double w, double h, const char *fill)
{
    fprintf(svg, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n", x, y,
            w > 0 ? w : 0, h, fill);
}

/* An arrowhead at (x, y) pointing right (dir 1) or left (dir -1). */
static void arrow(double x, double y, int dir, const char *fill)
{
    fprintf(svg, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\"/>\n", x, y,
            x - dir * 8.0, y - 4.5, x - dir * 8.0, y + 4.5, fill);
}

static void square(double x, double y, double r, const char *fill)
{
    fprintf(svg, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n",
            x - r, y - r, 2 * r, 2 * r, fill);
}

static void diamond(double x, double y, double r, const char *fill)
{
    fprintf(svg,
            "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\" "
            "stroke=\"white\" stroke-width=\"1\"/>\n",
            x, y - r, x + r, y, x, y + r, x - r, y, fill);
}

/* One claim's range: a line, capped at closed ends, an arrow at an open
 * high (and at a low of 0 on a log axis, which cannot show 0). */
static void range_mark(const scale *s, double y, int64_t low, int64_t high, const char *colour)
{
    double xa = xpos(s, (double)low);
    double xb = high == CAS_OPEN ? s->x1 : xpos(s, (double)high);
    int low_off = s->log && (double)low < s->lo;
    if (xb - xa < 1.0 && high != CAS_OPEN && !low_off)
        return; /* a point: the square says it all */
    line(xa, y, xb, y, colour, 2.2);
    if (low_off)
        arrow(xa, y, -1, colour);
    else
        line(xa, y - 4.5, xa, y + 4.5, colour, 2.0);
    if (high == CAS_OPEN)
        arrow(xb + 2.0, y, 1, colour);
    else
        line(xb, y - 4.5, xb, y + 4.5, colour, 2.0);
}

/* ---- the axis ----------------------------------------------------------- */

/* The smallest of 1, 2, 5 x 10^k that is >= @v. */
static double nice_step(double v)
{
    double p = pow(10, floor(log10(v))), f = v / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/* The width of a tick label for @v. */
static double label_px(double v)
{
    char label[32];
    thousands(label, sizeof label, (int64_t)llround(v));
    return text_px(label, 11);
}

/* The domain, and ticks far enough apart for their labels on an axis
 * @width pixels wide. */
static void set_domain(scale *s, const block *blocks, size_t n, double width)
{
    double lo = INFINITY, hi = 0;
    int zero = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < blocks[i].nmarks; k++) {
            const mark *m = &blocks[i].marks[k];
            double vals[3] = {(double)m->low, (double)m->high, (double)m->best};
            zero |= m->low == 0;
            for (int j = 0; j < 3; j++) {
                if ((j == 1 && m->high == CAS_OPEN) || (j == 2 && m->best == CAS_NONE))
                    continue;
                if (vals[j] > hi)
                    hi = vals[j];
                if (vals[j] > 0 && vals[j] < lo)
                    lo = vals[j];
            }
        }
    }
    if (s->log) {
        double decades, decade_px;
        if (!isfinite(lo))
            lo = 1;
        if (hi < lo)
            hi = lo;
        /* A low of 0 cannot be shown: start a decade lower, so that a
         * range from 0 shows as a line (with an arrow at the left edge). */
        s->lo = pow(10, floor(log10(lo)) - (zero && lo >= 10 ? 1 : 0));
        s->hi = pow(10, ceil(log10(hi)));
        if (s->hi <= s->lo)
            s->hi = s->lo * 10;
        decades = log10(s->hi / s->lo);
        decade_px = width / decades;
        s->step = ceil((label_px(s->hi) + 12) / decade_px);
    } else {
        double ticks = floor(width / (label_px(hi) + 28));
        if (ticks < 2)
            ticks = 2;
        if (ticks > 8)
            ticks = 8;
        s->step = nice_step((hi > 0 ? hi : 1) / ticks);
        s->lo = 0;
        s->hi = ceil(hi * 1.04 / s->step) * s->step; /* room for the highest mark */
        if (s->hi <= 0)
            s->hi = s->step;
    }
}

static void tick(double x, double top, double bottom, double v, double grid_width)
{
    char label[32];
    line(x, top, x, bottom, C_GRID, grid_width);
    thousands(label, sizeof label, (int64_t)llround(v));
    text(x, top - 8, "middle", 11, C_MUTED, label);
    text(x, bottom + 16, "middle", 11, C_MUTED, label);
    line(x, top - 4, x, top, C_MUTED, 1);
    line(x, bottom, x, bottom + 4, C_MUTED, 1);
}

/* Ticks with labels above @top and below @bottom, grid lines between. */
static void axis(const scale *s, double top, double bottom)
{
    line(s->x0, top, s->x1, top, C_MUTED, 1);
    line(s->x0, bottom, s->x1, bottom, C_MUTED, 1);
    if (s->log) {
        /* Every decade has a grid line, every step-th a label; 2 and 5
         * get light grid lines, and labels where a decade is wide. */
        double decade = (s->x1 - s->x0) / log10(s->hi / s->lo);
        int minor_labels = s->step == 1 && decade >= 200, minor = decade >= 60;
        int e = 0;
        for (double d = s->lo; d <= s->hi * 1.0001; d *= 10, e++) {
            for (int k = 1; k < 10; k++) {
                double v = d * k, x = xpos(s, v);
                if (v > s->hi * 1.0001)
                    break;
                if (k == 1 && e % (int)s->step == 0) {
                    tick(x, top, bottom, v, 1.0);
                } else if (k == 1) {
                    line(x, top, x, bottom, C_GRID, 1.0);
                } else if (minor && minor_labels && (k == 2 || k == 5)) {
                    tick(x, top, bottom, v, 0.6);
                } else if (minor) {
                    if (k == 2 || k == 5)
                        line(x, top, x, bottom, C_GRID, 0.6);
                    line(x, bottom, x, bottom + 2.5, C_MUTED, 0.8);
                    line(x, top - 2.5, x, top, C_MUTED, 0.8);
                }
            }
        }
    } else {
        for (double v = s->lo; v <= s->hi + s->step / 1000; v += s->step)
            tick(xpos(s, v), top, bottom, v, 1.0);
    }
}

/* ---- collecting the data ------------------------------------------------ */

static void free_blocks(block *blocks, size_t n)
{
    for (size_t i = 0; blocks && i < n; i++)
        free(blocks[i].marks);
    free(blocks);
}

/* One block per scope of @rec, with its counted claims and which of them
 * are in conflict. */
static int collect(block **out, const cas_reconciliation *rec)
{
    const cas_ledger *l = cas_reconciliation_ledger(rec);
    size_t n = cas_reconciliation_count(rec);
    block *blocks = calloc(n ? n : 1, sizeof *blocks);

    if (!blocks)
        return ex_failf("out of memory");
    for (size_t i = 0; i < n; i++) {
        block *b = &blocks[i];
        size_t count = 0;
        b->res.size = sizeof b->res;
        cas_reconciliation_get(rec, i, &b->res);
        cas_reconciliation_claim(rec, i, 0, NULL, &count);
        if (!(b->marks = calloc(count ? count : 1, sizeof *b->marks))) {
            free_blocks(blocks, n);
            return ex_failf("out of memory");
        }
        for (size_t k = 0; k < count; k++) {
            cas_claim_ref ref = {.size = sizeof ref};
            cas_claim c;
            cas_reconciliation_claim(rec, i, k, &ref, NULL);
            cas_claim_init(&c);
            cas_ledger_get(l, ref.index, &c);
            b->marks[k] = (mark){ref.id, ref.source, ref.low, ref.high, c.best, 0};
            if (c.best == CAS_NONE && c.low == c.high)
                b->marks[k].best = c.low; /* an exact count is its own best */
        }
        b->nmarks = count;
        /* Claims in a conflicting pair are drawn in the conflict colour:
         * the library flags them in O(n), without listing the pairs. */
        for (size_t j = 0; j < count; j++) {
            int in = 0;
            cas_reconciliation_claim_conflicts(rec, i, j, &in);
            b->marks[j].conflict = in;
        }
        /* With an outlier, only its claims: the others agree. */
        if (b->res.outlier)
            for (size_t j = 0; j < count; j++)
                b->marks[j].conflict = strcmp(b->marks[j].source, b->res.outlier) == 0;
        b->summary = count >= 2;
    }
    *out = blocks;
    return EX_OK;
}

/* ---- the drawing -------------------------------------------------------- */

typedef struct layout {
    double label_w, source_w, value_w, width, height;
    double plot_top, plot_bottom;
    scale sc;
} layout;

/* A block's background: a stripe on every other block, and the
 * consensus, or the gap where no count fits every source. */
static void draw_background(const block *b, const layout *ly, size_t index)
{
    const scale *s = &ly->sc;
    const cas_scope_result *r = &b->res;
    double band_top = b->y + 2, band_h = b->height - 4;

    if (index % 2 == 1)
        rect(MARGIN, b->y, ly->width - 2 * MARGIN, b->height, C_ZEBRA);
    if (r->has_consensus) {
        double xa = xpos(s, (double)r->consensus_low);
        double xb = r->consensus_high == CAS_OPEN ? s->x1 : xpos(s, (double)r->consensus_high);
        /* A consensus of one count is still shown, 3 pixels wide. */
        rect(xa - (xb - xa < 3 ? 1.5 : 0), band_top, xb - xa < 3 ? 3 : xb - xa, band_h, C_BAND);
    } else {
        double xa = xpos(s, (double)r->consensus_high), xb = xpos(s, (double)r->consensus_low);
        rect(xa, band_top, xb - xa, band_h, "url(#gap)");
    }
}

/* A block's label, its claims and its summary line. */
static void draw_block(const block *b, const layout *ly)
{
    const scale *s = &ly->sc;
    const cas_scope_result *r = &b->res;
    double top = b->y, y = b->y + PAD + LINE / 2;
    char who[512], where[512], value[96], a[32], c[32];

    /* The scope's label: who, then where and when. */
    scope_labels(who, sizeof who, where, sizeof where, &r->scope);
    text(MARGIN + 6, top + PAD + 12, "", 12.5, C_TEXT, who);
    text(MARGIN + 6, top + PAD + 12 + 15, "", 11, C_MUTED, where);

    for (size_t k = 0; k < b->nmarks; k++, y += LINE) {
        const mark *m = &b->marks[k];
        const char *colour = m->conflict ? C_CONFLICT : C_CLAIM;
        text(ly->sc.x0 - GAP, y + 4, "end", 11.5, m->conflict ? C_CONFLICT : C_TEXT, m->source);
        range_mark(s, y, m->low, m->high, colour);
        if (m->best != CAS_NONE)
            square(xpos(s, (double)m->best), y, 4.0, colour);
        claim_text(value, sizeof value, m);
        text(s->x1 + GAP, y + 4, "", 11, m->conflict ? C_CONFLICT : C_TEXT, value);
    }
    if (b->summary) {
        fprintf(svg,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"%s\" "
                "text-anchor=\"end\" font-style=\"italic\">all sources</text>\n",
                s->x0 - GAP, y + 4, C_MUTED);
        if (r->best != CAS_NONE)
            diamond(xpos(s, (double)r->best), y, 6.0, C_TEXT);
        /* "consensus ≥ 315" or "CONFLICT: 1,700 > 823", then "· best 1,261". */
        thousands(a, sizeof a, r->consensus_low);
        thousands(c, sizeof c, r->consensus_high);
        if (!r->has_consensus)
            ex_fmt(value, sizeof value, "CONFLICT: %s > %s", a, c);
        else if (r->consensus_high == CAS_OPEN)
            ex_fmt(value, sizeof value, "consensus \u2265 %s", a);
        else if (r->consensus_low == r->consensus_high)
            ex_fmt(value, sizeof value, "consensus %s", a);
        else
            ex_fmt(value, sizeof value, "consensus %s\u2013%s", a, c);
        fprintf(svg, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"%s\">", s->x1 + GAP,
                y + 4, C_MUTED);
        if (!r->has_consensus)
            fprintf(svg, "<tspan fill=\"%s\" font-weight=\"bold\">", C_CONFLICT);
        xml(value);
        if (!r->has_consensus)
            fputs("</tspan>", svg);
        if (r->best != CAS_NONE) {
            thousands(a, sizeof a, r->best);
            fprintf(svg, " \u00b7 best %s", a);
        }
        fputs("</text>\n", svg);
    }
}

/* The legend: a sample of each mark with what it means. */
static double legend(double x, double y, double width)
{
    static const char *const what[6] = {
        "a source's range and best estimate",
        "open upper end (\"at least\")",
        "consensus: counts every source allows",
        "claims that cannot all be true",
        "no count fits every source",
        "reconciled best (median of sources)",
    };
    double col = (width - 2 * MARGIN) / 2;
    for (int k = 0; k < 6; k++) {
        double lx = x + (k % 2) * col, ly = y + (k / 2) * 20;
        switch (k) {
        case 0:
            line(lx, ly, lx + 30, ly, C_CLAIM, 2.2);
            line(lx, ly - 4.5, lx, ly + 4.5, C_CLAIM, 2);
            line(lx + 30, ly - 4.5, lx + 30, ly + 4.5, C_CLAIM, 2);
            square(lx + 18, ly, 4, C_CLAIM);
            break;
        case 1:
            line(lx, ly, lx + 28, ly, C_CLAIM, 2.2);
            line(lx, ly - 4.5, lx, ly + 4.5, C_CLAIM, 2);
            arrow(lx + 32, ly, 1, C_CLAIM);
            break;
        case 2:
            rect(lx, ly - 7, 32, 14, C_BAND);
            break;
        case 3:
            line(lx, ly, lx + 30, ly, C_CONFLICT, 2.2);
            line(lx, ly - 4.5, lx, ly + 4.5, C_CONFLICT, 2);
            line(lx + 30, ly - 4.5, lx + 30, ly + 4.5, C_CONFLICT, 2);
            break;
        case 4:
            rect(lx, ly - 7, 32, 14, "url(#gap)");
            break;
        default:
            diamond(lx + 16, ly, 6, C_TEXT);
            break;
        }
        text(lx + 42, ly + 4, "", 11.5, C_TEXT, what[k]);
    }
    return 3 * 20;
}

static int draw(block *blocks, size_t n, const char *title, const char *subtitle, int use_log,
                double plot_w)
{
    layout ly;
    double y;
    char label[1024];
    const char *outcome = NULL;

    memset(&ly, 0, sizeof ly);
    ly.sc.log = use_log;
    set_domain(&ly.sc, blocks, n, plot_w);

    /* Column widths from the longest texts. */
    ly.label_w = 140;
    ly.source_w = 60;
    ly.value_w = 120;
    for (size_t i = 0; i < n; i++) {
        char who[512], where[512], value[96];
        scope_labels(who, sizeof who, where, sizeof where, &blocks[i].res.scope);
        ly.label_w = fmax(ly.label_w, fmax(text_px(who, 12.5), text_px(where, 11)));
        for (size_t k = 0; k < blocks[i].nmarks; k++) {
            ly.source_w = fmax(ly.source_w, text_px(blocks[i].marks[k].source, 11.5));
            claim_text(value, sizeof value, &blocks[i].marks[k]);
            ly.value_w = fmax(ly.value_w, text_px(value, 11));
        }
        if (blocks[i].summary) /* "CONFLICT: 1,700 > 823 · best 1,261" */
            ly.value_w = fmax(ly.value_w, 11 * CHAR * 40);
    }
    ly.sc.x0 = MARGIN + 6 + ly.label_w + GAP + ly.source_w + GAP;
    ly.sc.x1 = ly.sc.x0 + plot_w;
    ly.width = ly.sc.x1 + 12 + GAP + ly.value_w + MARGIN;

    /* Rows, top to bottom: title, top axis, blocks under outcome headings. */
    y = MARGIN + 22 + 18 + AXIS;
    ly.plot_top = y;
    for (size_t i = 0; i < n; i++) {
        block *b = &blocks[i];
        size_t lines = b->nmarks + (size_t)b->summary;
        if (!outcome || strcmp(outcome, b->res.scope.outcome) != 0) {
            outcome = b->res.scope.outcome;
            y += SECTION;
        }
        b->y = y;
        b->height = PAD * 2 + LINE * (double)(lines > 2 ? lines : 2);
        y += b->height;
    }
    ly.plot_bottom = y + 6;
    ly.height = ly.plot_bottom + AXIS + 20 + 3 * 20 + MARGIN;

    fprintf(svg,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" font-family=\"%s\">\n",
            ly.width, ly.height, ly.width, ly.height, FONT);
    fputs("<title>", svg);
    xml(title);
    fputs("</title>\n<desc>", svg);
    xml(subtitle);
    fputs("</desc>\n", svg);
    fprintf(svg,
            "<defs><pattern id=\"gap\" width=\"6\" height=\"6\" "
            "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
            "<rect width=\"6\" height=\"6\" fill=\"%s\"/>"
            "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"%s\" stroke-width=\"2\"/>"
            "</pattern></defs>\n",
            C_GAP, C_CONFLICT);
    rect(0, 0, ly.width, ly.height, "white");
    fprintf(svg,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"18\" font-weight=\"bold\" "
            "fill=\"%s\">",
            MARGIN, MARGIN + 14, C_TEXT);
    xml(title);
    fputs("</text>\n", svg);
    text(MARGIN, MARGIN + 34, "", 12, C_MUTED, subtitle);

    /* Stripes and bands, then the grid over them, then the marks. */
    for (size_t i = 0; i < n; i++)
        draw_background(&blocks[i], &ly, i);
    axis(&ly.sc, ly.plot_top, ly.plot_bottom);
    outcome = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!outcome || strcmp(outcome, blocks[i].res.scope.outcome) != 0) {
            outcome = blocks[i].res.scope.outcome;
            fprintf(svg,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13.5\" font-weight=\"bold\" "
                    "fill=\"%s\">",
                    MARGIN, blocks[i].y - 10, C_TEXT);
            xml(outcome);
            fputs("</text>\n", svg);
            line(MARGIN, blocks[i].y - 3, ly.width - MARGIN, blocks[i].y - 3, "#bbbbbb", 0.8);
        }
        draw_block(&blocks[i], &ly);
    }
    ex_fmt(label, sizeof label, "count (%s scale)", use_log ? "logarithmic" : "linear");
    text((ly.sc.x0 + ly.sc.x1) / 2, ly.plot_bottom + 32, "middle", 11.5, C_TEXT, label);
    legend(MARGIN + 6, ly.plot_bottom + AXIS + 22, ly.width);
    fputs("</svg>\n", svg);
    return EX_OK;
}

/* ---- the summary: one row per scope ------------------------------------ */

#define ROW 17.0

/* How far apart the sources of a block run: the log of the highest
 * figure over the lowest (each plus 1, so that 0 counts). */
static double disagreement(const block *b)
{
    double lo = INFINITY, hi = 0;
    for (size_t k = 0; k < b->nmarks; k++) {
        const mark *m = &b->marks[k];
        double f = (double)(m->best != CAS_NONE ? m->best : m->low) + 1;
        lo = fmin(lo, f);
        hi = fmax(hi, f);
    }
    return b->nmarks ? log(hi / lo) : 0;
}

static int by_disagreement(const void *x, const void *y)
{
    const block *a = x, *b = y;
    double da = disagreement(a), db = disagreement(b);
    if (da != db)
        return da > db ? -1 : 1;
    return (a->y > b->y) - (a->y < b->y); /* the scope order, kept in y */
}

/* A row's name: the fields of @fields ("group,place,event") that are set,
 * joined by " · ". */
static void row_label(char *buf, size_t size, const cas_scope *s, const char *fields)
{
    const char *p = fields;
    size_t len = 0;
    buf[0] = '\0';
    while (*p) {
        size_t n = strcspn(p, ",");
        const char *v = NULL;
        char period[64];
        if (n == 7 && strncmp(p, "outcome", n) == 0)
            v = s->outcome;
        else if (n == 5 && strncmp(p, "group", n) == 0)
            v = s->group;
        else if (n == 11 && strncmp(p, "perpetrator", n) == 0)
            v = s->perpetrator;
        else if (n == 5 && strncmp(p, "place", n) == 0)
            v = s->place;
        else if (n == 5 && strncmp(p, "event", n) == 0)
            v = s->event;
        else if (n == 6 && strncmp(p, "period", n) == 0 &&
                 (s->period_start != CAS_DATE_UNKNOWN || s->period_end != CAS_DATE_UNKNOWN)) {
            period_label(period, sizeof period, s->period_start, s->period_end);
            v = period;
        }
        if (v && *v && len + 1 < size) {
            ex_fmt(buf + len, size - len, "%s%s", len ? " \u00b7 " : "", v);
            len = strlen(buf);
        }
        p += n + (p[n] == ',');
    }
    if (!buf[0])
        ex_fmt(buf, size, "everything");
}

/* Whether @fields names only fields row_label() knows. */
static int label_fields_ok(const char *fields)
{
    static const char *const known[] = {"outcome", "group", "perpetrator",
                                        "place",   "event", "period"};
    for (const char *p = fields;;) {
        size_t n = strcspn(p, ","), k;
        for (k = 0; k < 6; k++)
            if (strlen(known[k]) == n && strncmp(p, known[k], n) == 0)
                break;
        if (k == 6)
            return 0;
        if (!p[n])
            return 1;
        p += n + 1;
    }
}

static void dot(double x, double y, double r, const char *fill)
{
    fprintf(svg,
            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" fill-opacity=\"0.85\" "
            "stroke=\"white\" stroke-width=\"0.8\"/>\n",
            x, y, r, fill);
}

static void summary_row(const block *b, const scale *s, double y, double label_x, const char *label)
{
    const cas_scope_result *r = &b->res;
    double xa = xpos(s, (double)r->envelope_low);
    double xb = r->envelope_high == CAS_OPEN ? s->x1 : xpos(s, (double)r->envelope_high);
    char value[160], best[32];

    text(label_x, y + 4, "", 11, C_TEXT, label);
    /* The envelope, then the consensus over it. */
    fprintf(svg,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c4c8ce\" "
            "stroke-width=\"7\" stroke-linecap=\"round\"/>\n",
            xa, y, xb > xa ? xb : xa + 0.1, y);
    if (r->has_consensus) {
        double ca = xpos(s, (double)r->consensus_low);
        double cb = r->consensus_high == CAS_OPEN ? s->x1 : xpos(s, (double)r->consensus_high);
        rect(ca - (cb - ca < 3 ? 1.5 : 0), y - 3.5, cb - ca < 3 ? 3 : cb - ca, 7, "#8fcca0");
    }
    for (size_t k = 0; k < b->nmarks; k++) {
        const mark *m = &b->marks[k];
        int64_t f = m->best != CAS_NONE ? m->best : m->low;
        dot(xpos(s, (double)f), y, 3.6, m->conflict && r->outlier ? C_CONFLICT : C_CLAIM);
    }
    if (r->best != CAS_NONE)
        diamond(xpos(s, (double)r->best), y, 5.0, C_TEXT);
    thousands(best, sizeof best, r->best);
    ex_fmt(value, sizeof value, "%s%s%s%s", r->best != CAS_NONE ? "best " : "no best",
           r->best != CAS_NONE ? best : "", r->has_consensus ? "" : " \u00b7 CONFLICT",
           r->outlier ? " \u00b7 outlier: " : "");
    fprintf(svg, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"%s\">", s->x1 + GAP, y + 4,
            r->has_consensus ? C_MUTED : C_CONFLICT);
    xml(value);
    if (r->outlier)
        xml(r->outlier);
    fputs("</text>\n", svg);
}

static int draw_summary(block *blocks, size_t n, size_t max_rows, const char *fields,
                        const char *title, const char *subtitle, int use_log, double plot_w)
{
    layout ly;
    size_t shown = n < max_rows ? n : max_rows;
    double y, label_w = 120, value_w = 200;
    char label[512], note[256];

    for (size_t i = 0; i < n; i++)
        blocks[i].y = (double)i;
    qsort(blocks, n, sizeof *blocks, by_disagreement);
    memset(&ly, 0, sizeof ly);
    ly.sc.log = use_log;
    set_domain(&ly.sc, blocks, shown, plot_w);
    for (size_t i = 0; i < shown; i++) {
        row_label(label, sizeof label, &blocks[i].res.scope, fields);
        label_w = fmax(label_w, text_px(label, 11));
        if (blocks[i].res.outlier)
            value_w = fmax(value_w, text_px(blocks[i].res.outlier, 11) + 11 * CHAR * 30);
    }
    ly.sc.x0 = MARGIN + label_w + GAP;
    ly.sc.x1 = ly.sc.x0 + plot_w;
    ly.width = ly.sc.x1 + GAP + value_w + MARGIN;
    ly.plot_top = MARGIN + 22 + 18 + 16 + AXIS;
    ly.plot_bottom = ly.plot_top + 8 + ROW * (double)shown;
    ly.height = ly.plot_bottom + AXIS + 20 + 2 * 20 + MARGIN;
    if (shown < n)
        ex_fmt(note, sizeof note,
               "the %zu of %zu scopes whose sources run furthest apart (--max-rows); "
               "%zu more not shown",
               shown, n, n - shown);
    else
        ex_fmt(note, sizeof note, "all %zu scopes, those whose sources run furthest apart first",
               n);

    fprintf(svg,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" font-family=\"%s\">\n",
            ly.width, ly.height, ly.width, ly.height, FONT);
    fputs("<title>", svg);
    xml(title);
    fputs("</title>\n<desc>", svg);
    xml(subtitle);
    fputs("</desc>\n", svg);
    rect(0, 0, ly.width, ly.height, "white");
    fprintf(svg, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"18\" font-weight=\"bold\" fill=\"%s\">",
            MARGIN, MARGIN + 14, C_TEXT);
    xml(title);
    fputs("</text>\n", svg);
    text(MARGIN, MARGIN + 34, "", 12, C_MUTED, subtitle);
    text(MARGIN, MARGIN + 50, "", 12, C_MUTED, note);
    for (size_t i = 0; i < shown; i += 2)
        rect(MARGIN, ly.plot_top + 4 + ROW * (double)i, ly.width - 2 * MARGIN, ROW, C_ZEBRA);
    axis(&ly.sc, ly.plot_top, ly.plot_bottom);
    y = ly.plot_top + 4 + ROW / 2;
    for (size_t i = 0; i < shown; i++, y += ROW) {
        row_label(label, sizeof label, &blocks[i].res.scope, fields);
        summary_row(&blocks[i], &ly.sc, y, MARGIN, label);
    }
    ex_fmt(label, sizeof label, "count (%s scale)", use_log ? "logarithmic" : "linear");
    text((ly.sc.x0 + ly.sc.x1) / 2, ly.plot_bottom + 32, "middle", 11.5, C_TEXT, label);
    /* The legend. */
    y = ly.plot_bottom + AXIS + 22;
    line(MARGIN + 6, y, MARGIN + 38, y, "#c4c8ce", 7);
    text(MARGIN + 48, y + 4, "", 11.5, C_TEXT, "envelope: every count some source allows");
    rect(MARGIN + 6 + 330, y - 3.5, 32, 7, "#8fcca0");
    text(MARGIN + 48 + 330, y + 4, "", 11.5, C_TEXT, "consensus");
    y += 20;
    dot(MARGIN + 14, y, 3.6, C_CLAIM);
    text(MARGIN + 48, y + 4, "", 11.5, C_TEXT, "a source's figure");
    dot(MARGIN + 14 + 160, y, 3.6, C_CONFLICT);
    text(MARGIN + 48 + 160, y + 4, "", 11.5, C_TEXT, "the outlier's");
    diamond(MARGIN + 22 + 330, y, 5, C_TEXT);
    text(MARGIN + 48 + 330, y + 4, "", 11.5, C_TEXT, "best");
    fputs("</svg>\n", svg);
    return EX_OK;
}

/* ---- the series: cumulative counts against the date --------------------- */

/* The sources' colours, in order of a panel's members (Okabe and Ito). */
static const char *const series_colours[] = {"#0072b2", "#e69f00", "#009e73", "#cc79a7",
                                             "#56b4e9", "#000000", "#f0e442"};
#define NCOLOURS (sizeof series_colours / sizeof series_colours[0])
#define CHART_H 260.0 /* one panel's plotting area */

typedef struct dscale {
    double d0, d1, v1; /* days and counts: [d0, d1] x [0, v1] */
    double x0, x1, y0, y1;
} dscale;

static double dx(const dscale *s, double day)
{
    return s->x0 + (day - s->d0) / (s->d1 - s->d0) * (s->x1 - s->x0);
}

static double dy(const dscale *s, double v)
{
    return s->y0 - v / s->v1 * (s->y0 - s->y1);
}

/* The highest figure any member of panel @p reports. */
static int64_t panel_max(const cas_series *s, size_t p, const cas_series_panel *pan)
{
    int64_t hi = 0;
    for (size_t k = 0; k < pan->members; k++) {
        uint32_t idx;
        cas_series_info info;
        cas_series_info_init(&info);
        if (cas_series_panel_member(s, p, k, &idx) != CAS_OK ||
            cas_series_get(s, idx, &info) != CAS_OK)
            continue;
        for (size_t r = 0; r < info.reports; r++) {
            cas_series_report rep;
            cas_series_report_init(&rep);
            if (cas_series_report_get(s, idx, r, &rep) != CAS_OK)
                continue;
            if (rep.low > hi)
                hi = rep.low;
            if (rep.high != CAS_OPEN && rep.high > hi)
                hi = rep.high;
        }
    }
    return hi;
}

/* The date axis: a tick on the first of every @every-th month. */
static void date_axis(const dscale *sc)
{
    static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int32_t y, m, d, day;
    double span = sc->d1 - sc->d0;
    int every = span > 1500 ? 12 : span > 700 ? 6 : span > 300 ? 3 : span > 90 ? 1 : 0;

    line(sc->x0, sc->y0, sc->x1, sc->y0, C_MUTED, 1);
    if (cas_date_to_ymd(&y, &m, &d, (int32_t)sc->d0) != CAS_OK)
        return;
    if (every == 0) { /* under three months: weekly ticks */
        for (double t = sc->d0; t <= sc->d1; t += 7) {
            char label[32], iso[11];
            cas_date_format(iso, sizeof iso, (int32_t)t);
            if (cas_date_to_ymd(&y, &m, &d, (int32_t)t) != CAS_OK)
                continue;
            ex_fmt(label, sizeof label, "%d %s", (int)d, months[m - 1]);
            fprintf(svg, "<g class=\"xtick\" data-day=\"%s\">\n", iso);
            line(dx(sc, t), sc->y1, dx(sc, t), sc->y0 + 4, C_GRID, 1);
            text(dx(sc, t), sc->y0 + 17, "middle", 11, C_MUTED, label);
            fputs("</g>\n", svg);
        }
        return;
    }
    for (;;) {
        m++;
        if (m > 12) {
            m = 1;
            y++;
        }
        if ((m - 1) % every != 0)
            continue;
        if (cas_date_from_ymd(&day, y, m, 1) != CAS_OK || day > sc->d1)
            break;
        char label[32], iso[11];
        cas_date_format(iso, sizeof iso, day);
        if (every >= 12)
            ex_fmt(label, sizeof label, "%d", (int)y);
        else
            ex_fmt(label, sizeof label, "%s %d", months[m - 1], (int)y);
        fprintf(svg, "<g class=\"xtick\" data-day=\"%s\">\n", iso);
        line(dx(sc, day), sc->y1, dx(sc, day), sc->y0 + 4, C_GRID, 1);
        text(dx(sc, day), sc->y0 + 17, "middle", 11, C_MUTED, label);
        fputs("</g>\n", svg);
    }
}

/* The count axis: ticks at a step of 1, 2 or 5 x 10^k, labelled at the
 * left. */
static void count_axis(const dscale *sc, double step)
{
    for (double v = 0; v <= sc->v1 + step / 1000; v += step) {
        char label[32];
        thousands(label, sizeof label, (int64_t)llround(v));
        fprintf(svg, "<g class=\"ytick\" data-value=\"%.0f\">\n", v);
        line(sc->x0 - 4, dy(sc, v), sc->x1, dy(sc, v), C_GRID, 1);
        text(sc->x0 - 8, dy(sc, v) + 4, "end", 11, C_MUTED, label);
        fputs("</g>\n", svg);
    }
    line(sc->x0, sc->y0, sc->x0, sc->y1, C_MUTED, 1);
}

/* One member series: a line through its reports' lower bounds (a range's
 * upper bound as a thin bar above it), each revision a ring at the
 * revised figure with a note of its size. */
static void draw_member(const cas_series *s, uint32_t idx, const dscale *sc, const char *colour,
                        size_t *revisions)
{
    cas_series_info info;
    cas_series_info_init(&info);
    if (cas_series_get(s, idx, &info) != CAS_OK)
        return;
    fputs("<polyline class=\"series\" data-source=\"", svg);
    xml(info.source);
    fprintf(svg, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\" points=\"", colour);
    for (size_t r = 0; r < info.reports; r++) {
        cas_series_report rep;
        cas_series_report_init(&rep);
        if (cas_series_report_get(s, idx, r, &rep) != CAS_OK)
            continue;
        fprintf(svg, "%s%.2f,%.2f", r ? " " : "", dx(sc, rep.cutoff), dy(sc, (double)rep.low));
    }
    fputs("\"/>\n", svg);
    for (size_t r = 0; r < info.reports; r++) {
        cas_series_report rep, was;
        cas_series_report_init(&rep);
        cas_series_report_init(&was);
        if (cas_series_report_get(s, idx, r, &rep) != CAS_OK)
            continue;
        if (rep.high != CAS_OPEN && rep.high > rep.low)
            line(dx(sc, rep.cutoff), dy(sc, (double)rep.low), dx(sc, rep.cutoff),
                 dy(sc, (double)rep.high), colour, 1);
        if (rep.revision <= 0 || cas_series_report_get(s, idx, rep.revised_from, &was) != CAS_OK)
            continue;
        char a[32], b[32], day[11], note[160];
        thousands(a, sizeof a, rep.low + rep.revision);
        thousands(b, sizeof b, rep.high == CAS_OPEN ? rep.low : rep.high);
        cas_date_format(day, sizeof day, rep.cutoff);
        ex_fmt(note, sizeof note, "%s revised %s to %s on %s (-%lld)", info.source, a, b, day,
               (long long)rep.revision);
        double x = dx(sc, rep.cutoff),
               y = dy(sc, (double)(rep.high == CAS_OPEN ? rep.low : rep.high));
        fprintf(svg,
                "<circle class=\"revision\" data-claim=\"%s\" data-size=\"%lld\" cx=\"%.2f\" "
                "cy=\"%.2f\" r=\"5\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"><title>",
                rep.claim_id, (long long)rep.revision, x, y, C_CONFLICT);
        xml(note);
        fputs("</title></circle>\n", svg);
        thousands(a, sizeof a, rep.revision);
        ex_fmt(note, sizeof note, "\u2212%s", a);
        text(x + 7, y - 7, "", 10.5, C_CONFLICT, note);
        (*revisions)++;
    }
}

static int draw_series(const cas_series *s, size_t max_panels, const char *title,
                       const char *subtitle, double plot_w)
{
    size_t npan = cas_series_panels(s), shown = npan < max_panels ? npan : max_panels;
    double label_w = 70, top = MARGIN + 22 + 18 + 16, panel_h = 34 + CHART_H + 30 + 42;
    double width, height;
    char note[256], scope[512];

    for (size_t p = 0; p < shown; p++) {
        cas_series_panel pan;
        cas_series_panel_init(&pan);
        if (cas_series_panel_get(s, p, &pan) == CAS_OK) {
            char v[32];
            thousands(v, sizeof v, panel_max(s, p, &pan));
            label_w = fmax(label_w, text_px(v, 11) + 12);
        }
    }
    width = MARGIN + label_w + plot_w + 2 * MARGIN;
    height = top + panel_h * (double)shown + 24 + MARGIN;
    if (shown < npan)
        ex_fmt(note, sizeof note, "the first %zu of %zu panels (--max-rows); %zu more not shown",
               shown, npan, npan - shown);
    else
        ex_fmt(note, sizeof note,
               "lines: each source's count at its reports' cutoffs; rings: its revisions");
    fprintf(svg,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" font-family=\"%s\">\n",
            width, height, width, height, FONT);
    fputs("<title>", svg);
    xml(title);
    fputs("</title>\n<desc>", svg);
    xml(subtitle);
    fputs("</desc>\n", svg);
    rect(0, 0, width, height, "white");
    fprintf(svg, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"18\" font-weight=\"bold\" fill=\"%s\">",
            MARGIN, MARGIN + 14, C_TEXT);
    xml(title);
    fputs("</text>\n", svg);
    text(MARGIN, MARGIN + 34, "", 12, C_MUTED, subtitle);
    text(MARGIN, MARGIN + 50, "", 12, C_MUTED, note);
    double y = top;
    for (size_t p = 0; p < shown; p++, y += panel_h) {
        cas_series_panel pan;
        cas_series_panel_init(&pan);
        if (cas_series_panel_get(s, p, &pan) != CAS_OK)
            continue;
        dscale sc;
        int64_t hi = panel_max(s, p, &pan);
        double step = nice_step((hi > 0 ? (double)hi : 1) / 5);
        sc.d0 = pan.scope.period_start;
        sc.d1 = pan.last_day > pan.scope.period_start ? pan.last_day : pan.scope.period_start + 1;
        sc.v1 = ceil((double)hi * 1.04 / step) * step;
        if (sc.v1 <= 0)
            sc.v1 = step;
        sc.x0 = MARGIN + label_w;
        sc.x1 = sc.x0 + plot_w;
        sc.y1 = y + 34;
        sc.y0 = sc.y1 + CHART_H;
        ex_scope_text(scope, sizeof scope, &pan.scope);
        fprintf(svg, "<g class=\"panel\" data-panel=\"%zu\">\n", p + 1);
        fprintf(svg,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" font-weight=\"bold\" "
                "fill=\"%s\">",
                MARGIN, y + 14, C_TEXT);
        xml(scope);
        fputs("</text>\n", svg);
        count_axis(&sc, step);
        date_axis(&sc);
        size_t revisions = 0;
        double lx = sc.x0, ly = sc.y0 + 36;
        for (size_t k = 0; k < pan.members; k++) {
            uint32_t idx;
            cas_series_info info;
            cas_series_info_init(&info);
            if (cas_series_panel_member(s, p, k, &idx) != CAS_OK ||
                cas_series_get(s, idx, &info) != CAS_OK)
                continue;
            const char *colour = series_colours[k % NCOLOURS];
            draw_member(s, idx, &sc, colour, &revisions);
            char label[300];
            ex_fmt(label, sizeof label, "%s (%u reports)", info.source, (unsigned)info.reports);
            double lw = 30 + text_px(label, 11.5) + 24;
            if (lx > sc.x0 && lx + lw > sc.x1) { /* a new legend line */
                lx = sc.x0;
                ly += 20;
            }
            line(lx, ly, lx + 24, ly, colour, 2.5);
            text(lx + 30, ly + 4, "", 11.5, C_TEXT, label);
            lx += lw;
        }
        if (lx + 120 > sc.x1) {
            lx = sc.x0;
            ly += 20;
        }
        fprintf(svg,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"none\" stroke=\"%s\" "
                "stroke-width=\"2\"/>\n",
                lx + 8, ly, C_CONFLICT);
        ex_fmt(note, sizeof note, "revision (%zu)", revisions);
        text(lx + 20, ly + 4, "", 11.5, C_TEXT, note);
        fputs("</g>\n", svg);
    }
    fputs("</svg>\n", svg);
    return EX_OK;
}

/* The options of its own. */
typedef struct settings {
    const char *output, *title;
    int64_t width;
    int use_log;
    int summary;
    int series;
    const char *label;
    int64_t max_rows;
} settings;

static int option(void *ctx, int opt, const char *arg)
{
    settings *s = ctx;
    switch (opt) {
    case 'o':
        s->output = arg;
        break;
    case OPT_LOG:
        s->use_log = 1;
        break;
    case OPT_TITLE:
        s->title = arg;
        break;
    case OPT_SUMMARY:
        s->summary = 1;
        break;
    case OPT_SERIES:
        s->series = 1;
        break;
    case OPT_LABEL:
        if (!label_fields_ok(arg))
            return ex_usage("option '--label': expected scope fields among outcome, group, "
                            "perpetrator, place, event, period, comma-separated, got '%s'",
                            arg);
        s->label = arg;
        break;
    case OPT_MAX_ROWS:
        if (ex_parse_count(&s->max_rows, "--max-rows", arg) != EX_OK)
            return EX_USAGE;
        if (s->max_rows < 1 || s->max_rows > 100000)
            return ex_usage("option '--max-rows': expected 1 to 100000, got '%s'", arg);
        break;
    case OPT_WIDTH:
        if (ex_parse_count(&s->width, "--width", arg) != EX_OK)
            return EX_USAGE;
        if (s->width < 200 || s->width > 4000)
            return ex_usage("option '--width': expected 200 to 4000 pixels, got '%s'", arg);
        break;
    }
    return EX_OK;
}

/* --series: the claims' series (casualty/series.h), drawn. */
static int plot_series(const settings *st, const ex_claims_args *a)
{
    cas_ledger *ledger = NULL;
    cas_series *s = NULL;
    cas_error err;
    cas_status cst;
    char subtitle[1024];
    int status = ex_load_claims(&ledger, a->file);

    if (status == EX_OK)
        status = ex_keep_within(&ledger, &a->scope);
    if (status != EX_OK) {
        cas_ledger_free(ledger);
        return status;
    }
    cas_error_init(&err);
    if ((cst = cas_series_new(&s, ledger, &err)) != CAS_OK) {
        cas_ledger_free(ledger);
        return ex_fail(&err, cst);
    }
    if (cas_series_panels(s) == 0)
        status = ex_failf("no series to plot: no claim has a known period%s",
                          a->scope.given ? " within the scope given" : "");
    if (status == EX_OK) {
        const char *base = strrchr(a->file, '/');
        ex_fmt(subtitle, sizeof subtitle, "%s: %zu claims, %zu series on %zu scopes",
               base ? base + 1 : ex_input_name(a->file), cas_ledger_count(ledger),
               cas_series_count(s), cas_series_panels(s));
        svg = stdout;
        if (st->output && !(svg = fopen(st->output, "w")))
            status = ex_failf("%s: cannot open for writing: %s", st->output, strerror(errno));
    }
    if (status == EX_OK) {
        status = draw_series(s, (size_t)st->max_rows, st->title, subtitle, (double)st->width);
        if (svg != stdout && fclose(svg) != 0)
            status = ex_failf("%s: cannot write: %s", st->output, strerror(errno));
        else if (svg == stdout)
            status = ex_finish();
    }
    cas_series_free(s);
    cas_ledger_free(ledger);
    return status;
}

int main(int argc, char **argv)
{
    settings s = {NULL, NULL, 560, 0, 0, 0, "group,place,event", 60};
    ex_claims_args a;
    cas_ledger *claims = NULL;
    cas_reconciliation *rec = NULL;
    block *blocks = NULL;
    char subtitle[1024];
    ex_cli cli = {.name = "casualty-plot",
                  .help = help,
                  .shortopts = ":o:h",
                  .longopts = long_options,
                  .option = option,
                  .ctx = &s};
    int status = ex_parse_claims_args(&a, &cli, argc, argv);

    if (status != EX_GO)
        return status;
    if (s.series && s.summary)
        return ex_usage("--series and --summary are two different plots: give one");
    if (!s.title)
        s.title = s.series    ? "Cumulative counts by source over time"
                  : s.summary ? "How far apart the sources run, by scope"
                              : "Casualty claims by scope";
    if (s.series)
        return plot_series(&s, &a);
    status = ex_reconcile_claims(&rec, &claims, &a);
    if (status == EX_OK && cas_reconciliation_count(rec) == 0)
        status = ex_failf("no scope to plot: no claim is counted%s",
                          a.scope.given ? " within the scope given" : "");
    if (status == EX_OK)
        status = collect(&blocks, rec);
    if (status == EX_OK) {
        const char *base = strrchr(a.file, '/');
        size_t nclaims = 0;
        for (size_t i = 0; i < cas_reconciliation_count(rec); i++)
            nclaims += blocks[i].nmarks;
        ex_fmt(subtitle, sizeof subtitle,
               "%s: %zu claims on %zu scopes, each source's latest "
               "report; shaded: the consensus of the sources",
               base ? base + 1 : ex_input_name(a.file), nclaims, cas_reconciliation_count(rec));
        svg = stdout;
        if (s.output && !(svg = fopen(s.output, "w")))
            status = ex_failf("%s: cannot open for writing: %s", s.output, strerror(errno));
    }
    if (status == EX_OK) {
        if (s.summary)
            status = draw_summary(blocks, cas_reconciliation_count(rec), (size_t)s.max_rows,
                                  s.label, s.title, subtitle, s.use_log, (double)s.width);
        else
            status = draw(blocks, cas_reconciliation_count(rec), s.title, subtitle, s.use_log,
                          (double)s.width);
        if (svg != stdout && fclose(svg) != 0)
            status = ex_failf("%s: cannot write: %s", s.output, strerror(errno));
        else if (svg == stdout)
            status = ex_finish();
    }
    free_blocks(blocks, cas_reconciliation_count(rec));
    cas_reconciliation_free(rec);
    cas_ledger_free(claims);
    return status;
}
