/* SPDX-License-Identifier: MIT */
/* UCDP's datasets (docs/real-data.md, "UCDP GED" and "UCDP battle
 * deaths and PRIO"): GED events, with their party breakdown, and
 * conflict-year battle deaths from UCDP's battle-related deaths dataset
 * or PRIO's battle deaths data. Columns are found by their header names,
 * so any release reads. */
#include "import_internal.h"

#include <string.h>

static int64_t min3(int64_t a, int64_t b, int64_t c)
{
    int64_t m = a < b ? a : b;
    return m < c ? m : c;
}

static int64_t max3(int64_t a, int64_t b, int64_t c)
{
    int64_t m = a > b ? a : b;
    return m > c ? m : c;
}

/* ---- UCDP GED ---- */

enum {
    G_ID,
    G_TYPE,
    G_SIDE_A,
    G_SIDE_B,
    G_COUNTRY,
    G_ADM1,
    G_ADM2,
    G_START,
    G_END,
    G_LOW,
    G_BEST,
    G_HIGH,
    G_DA,
    G_DB,
    G_DCIV,
    G_DUNK,
    G_OFFICE,
    G_ORIGINAL,
    G_HEADLINE,
    G_NCOLS
};

static const char *const ged_names[G_NCOLS] = {"id",
                                               "type_of_violence",
                                               "side_a",
                                               "side_b",
                                               "country",
                                               "adm_1",
                                               "adm_2",
                                               "date_start",
                                               "date_end",
                                               "low",
                                               "best",
                                               "high",
                                               "deaths_a",
                                               "deaths_b",
                                               "deaths_civilians",
                                               "deaths_unknown",
                                               "source_office",
                                               "source_original",
                                               "source_headline"};

typedef struct ged_state {
    int col[G_NCOLS];
} ged_state;

static cas_status ged_header(cas__import *im)
{
    ged_state *st = im->state;

    for (int i = 0; i < G_NCOLS; i++) {
        /* The party breakdown and the source columns are optional. */
        if (i >= G_DA) {
            st->col[i] = cas__import_col(im, ged_names[i]);
            continue;
        }
        if (cas__import_need(im, &st->col[i], ged_names[i]) != CAS_OK)
            return CAS_ERR_HEADER;
    }
    return CAS_OK;
}

static int need_count(cas__import *im, int col, int64_t *out)
{
    int r = cas__import_count(im, col, out);
    if (r == 0)
        cas__import_fail(im, col, CAS_ERR_MISSING, "required, but missing");
    return r == 1;
}

static int need_date(cas__import *im, int col, int32_t *out)
{
    int r = cas__import_date(im, col, out);
    if (r == 0)
        cas__import_fail(im, col, CAS_ERR_MISSING, "required, but missing");
    return r == 1;
}

/* The text of @col, or "" when it is missing. */
static const char *text_or_empty(cas__import *im, int col)
{
    size_t len;
    const char *s = cas__import_get(im, col, &len);
    return s ? s : "";
}

static void ged_row(cas__import *im)
{
    ged_state *st = im->state;
    int64_t low, best, high, type;
    int32_t start, end;
    size_t idlen;
    const char *id = cas__import_get(im, st->col[G_ID], &idlen);

    if (!id) {
        cas__import_fail(im, st->col[G_ID], CAS_ERR_MISSING, "required, but missing");
        return;
    }
    if (!need_count(im, st->col[G_LOW], &low) || !need_count(im, st->col[G_BEST], &best) ||
        !need_count(im, st->col[G_HIGH], &high) || !need_count(im, st->col[G_TYPE], &type) ||
        !need_date(im, st->col[G_START], &start) || !need_date(im, st->col[G_END], &end))
        return;
    if (start > end) {
        cas__import_fail(im, st->col[G_END], CAS_ERR_DATE, "date_end is before date_start");
        return;
    }
    const char *parts[3] = {text_or_empty(im, st->col[G_COUNTRY]), NULL, NULL};
    parts[1] = cas__import_get(im, st->col[G_ADM1], &(size_t){0});
    parts[2] = parts[1] ? cas__import_get(im, st->col[G_ADM2], &(size_t){0}) : NULL;
    const char *place = cas__import_place(im, parts, 3);
    const char *side_a = text_or_empty(im, st->col[G_SIDE_A]);
    const char *side_b = text_or_empty(im, st->col[G_SIDE_B]);
    const char *office = text_or_empty(im, st->col[G_OFFICE]);
    const char *original = text_or_empty(im, st->col[G_ORIGINAL]);
    const char *citation =
        *original ? cas__import_printf(im, "UCDP GED event %s; originator: %s", id, original)
                  : cas__import_printf(im, "UCDP GED event %s", id);
    const char *perp_a = cas__import_side(im, side_a, 1);
    const char *perp_b = cas__import_side(im, side_b, 1);
    if (!place || !citation || !perp_a || !perp_b)
        return;

    cas_claim c;
    cas_claim_init(&c);
    c.source = im->source;
    c.source_kind = "research";
    c.relay = office;
    c.citation = citation;
    c.quote = text_or_empty(im, st->col[G_HEADLINE]);
    c.scope.outcome = "killed";
    c.scope.place = place;
    c.scope.period_start = start;
    c.scope.period_end = end;
    c.scope.event = cas__import_printf(im, "ucdp-ged:%s", id);
    /* The event: every death, whoever died. One-sided violence (type 3)
     * is side A killing civilians. */
    c.id = cas__import_printf(im, "ucdp-ged-%s", id);
    c.low = min3(low, best, high);
    c.high = max3(low, best, high);
    c.best = best;
    c.qualifier = c.low == c.high ? CAS_QUAL_EXACT : CAS_QUAL_RANGE;
    c.scope.group = type == 3 ? "civilians" : "";
    c.scope.perpetrator = type == 3 ? perp_a : "";
    if (!c.id || !c.scope.event || cas__import_emit(im, &c, st->col[G_BEST]) != 0)
        return;
    if (type == 3 || st->col[G_DA] < 0)
        return;

    /* The party breakdown: UCDP splits only the best estimate. Each party's
     * range runs from its share less what the low takes off the best, to
     * its share plus the deaths of unknown party and what the high adds
     * to the best (docs/real-data.md). */
    int64_t d[4], lowcut = best > low ? best - low : 0, highadd = high > best ? high - best : 0;
    for (int k = 0; k < 4; k++) {
        d[k] = 0;
        if (st->col[G_DA + k] >= 0 && cas__import_count(im, st->col[G_DA + k], &d[k]) < 0)
            return;
    }
    static const char *const suffix[3] = {"a", "b", "civilians"};
    const char *group[3] = {cas__import_side(im, side_a, 0), cas__import_side(im, side_b, 0),
                            "civilians"};
    /* Side A's dead were killed by side B, and the other way round. */
    const char *perp[3] = {perp_b, perp_a, ""};
    for (int k = 0; k < 3; k++) {
        if (!group[k])
            return;
        if (!*group[k])
            continue;
        cas_claim p = c;
        p.low = d[k] > lowcut ? d[k] - lowcut : 0;
        p.high = d[k] + d[3] + highadd;
        if (p.high == 0)
            continue; /* no death of that party in any estimate */
        p.best = d[k];
        p.qualifier = p.low == p.high ? CAS_QUAL_EXACT : CAS_QUAL_RANGE;
        p.scope.group = group[k];
        p.scope.perpetrator = perp[k];
        p.id = cas__import_printf(im, "ucdp-ged-%s-%s", id, suffix[k]);
        if (!p.id || cas__import_emit(im, &p, st->col[G_DA + k]) != 0)
            return;
    }
}

const cas__import_format cas__import_ucdp_ged = {
    .name = "ucdp-ged",
    .na = "NA",
    .encoding = CAS_ENCODING_UTF8,
    .source = "UCDP GED",
    .state_size = sizeof(ged_state),
    .header = ged_header,
    .row = ged_row,
};

/* ---- UCDP battle-related deaths and PRIO battle deaths ---- */

enum { B_CONFLICT, B_DYAD, B_YEAR, B_LOW, B_BEST, B_HIGH, B_PLACE, B_SIDE_A, B_SIDE_B, B_NCOLS };

static const char *const brd_names[B_NCOLS][4] = {
    {"conflict_id", "conflict_new_id", "ConflictID", NULL},
    {"dyad_id", "dyad_new_id", "id", NULL},
    {"year", "Year", NULL, NULL},
    {"bd_low", "bdeadlow", "low", NULL},
    {"bd_best", "bdeadbes", "best", NULL},
    {"bd_high", "bdeadhig", "high", NULL},
    {"location_inc", "territory_name", "location", NULL},
    {"side_a", NULL, NULL, NULL},
    {"side_b", NULL, NULL, NULL},
};

typedef struct brd_state {
    int col[B_NCOLS];
} brd_state;

static cas_status brd_header(cas__import *im)
{
    brd_state *st = im->state;

    for (int i = 0; i < B_NCOLS; i++) {
        if (i == B_CONFLICT || i == B_YEAR || i == B_LOW || i == B_HIGH) {
            if (cas__import_need_any(im, &st->col[i], brd_names[i]) != CAS_OK)
                return CAS_ERR_HEADER;
        } else {
            st->col[i] = cas__import_col_any(im, brd_names[i]);
        }
    }
    return CAS_OK;
}

static void brd_row(cas__import *im, const char *prefix)
{
    brd_state *st = im->state;
    int64_t low = 0, best = CAS_NONE, high = CAS_OPEN, year;
    size_t len;
    const char *conflict = cas__import_get(im, st->col[B_CONFLICT], &len);

    if (!conflict) {
        cas__import_fail(im, st->col[B_CONFLICT], CAS_ERR_MISSING, "required, but missing");
        return;
    }
    if (!need_count(im, st->col[B_YEAR], &year))
        return;
    if (year < 1 || year > 9999) {
        cas__import_fail(im, st->col[B_YEAR], CAS_ERR_DATE, "not a year: %lld", (long long)year);
        return;
    }
    int hl = cas__import_count(im, st->col[B_LOW], &low);
    int hh = cas__import_count(im, st->col[B_HIGH], &high);
    int hb = st->col[B_BEST] >= 0 ? cas__import_count(im, st->col[B_BEST], &best) : 0;
    if (hl < 0 || hh < 0 || hb < 0)
        return;
    if (!hl && !hh && !hb)
        return; /* no figure at all: nothing to claim (docs/real-data.md) */
    if (!hl)
        low = 0;
    if (!hh)
        high = CAS_OPEN;
    if (!hb)
        best = CAS_NONE;
    if (high != CAS_OPEN && low > high) {
        cas__import_fail(im, st->col[B_HIGH], CAS_ERR_RANGE, "high %lld is below low %lld",
                         (long long)high, (long long)low);
        return;
    }
    /* A best outside [low, high] widens the range, as for GED. */
    if (best != CAS_NONE) {
        if (best < low)
            low = best;
        if (high != CAS_OPEN && best > high)
            high = best;
    }
    cas_claim c;
    cas_claim_init(&c);
    const char *dyad = st->col[B_DYAD] >= 0 ? cas__import_get(im, st->col[B_DYAD], &len) : NULL;
    c.id = dyad ? cas__import_printf(im, "%s-%s-%s-%lld", prefix, conflict, dyad, (long long)year)
                : cas__import_printf(im, "%s-%s-%lld", prefix, conflict, (long long)year);
    const char *where = cas__import_get(im, st->col[B_PLACE], &len);
    c.scope.place = where ? cas__import_slug(im, where, len, 0) : "";
    const char *a = cas__import_get(im, st->col[B_SIDE_A], &len);
    const char *b = cas__import_get(im, st->col[B_SIDE_B], &len);
    c.citation = cas__import_printf(im, "%s conflict %s%s%s, %lld%s%s%s%s", im->source, conflict,
                                    dyad ? " dyad " : "", dyad ? dyad : "", (long long)year,
                                    a ? ": " : "", a ? a : "", b ? " - " : "", b ? b : "");
    if (!c.id || !c.scope.place || !c.citation)
        return;
    c.source = im->source;
    c.source_kind = "research";
    c.scope.outcome = "killed";
    c.low = low;
    c.high = high;
    c.best = best;
    c.qualifier = high == CAS_OPEN ? CAS_QUAL_AT_LEAST
                  : low == high    ? CAS_QUAL_EXACT
                                   : CAS_QUAL_RANGE;
    cas_date_from_ymd(&c.scope.period_start, (int32_t)year, 1, 1);
    cas_date_from_ymd(&c.scope.period_end, (int32_t)year, 12, 31);
    cas__import_emit(im, &c, st->col[B_LOW]);
}

static void ucdp_brd_row(cas__import *im)
{
    brd_row(im, "ucdp-brd");
}

static void prio_row(cas__import *im)
{
    brd_row(im, "prio");
}

const cas__import_format cas__import_ucdp_brd = {
    .name = "ucdp-brd",
    .delimiter = 'a',
    .na = "NA,-999",
    .encoding = CAS_ENCODING_UTF8,
    .source = "UCDP BRD",
    .state_size = sizeof(brd_state),
    .header = brd_header,
    .row = ucdp_brd_row,
};

const cas__import_format cas__import_prio = {
    .name = "prio",
    .delimiter = 'a',
    .na = "NA,-999",
    .encoding = CAS_ENCODING_UTF8,
    .source = "PRIO",
    .state_size = sizeof(brd_state),
    .header = brd_header,
    .row = prio_row,
};
