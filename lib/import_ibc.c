/* SPDX-License-Identifier: MIT */
/* Iraq Body Count's incident rows (docs/real-data.md, "IBC"): each
 * incident's reported minimum and maximum of civilian deaths. */
#include "import_internal.h"

#include <string.h>

enum { I_ID, I_START, I_END, I_LOCATION, I_MIN, I_MAX, I_SOURCES, I_TARGET, I_NCOLS };

static const char *const ibc_names[I_NCOLS][4] = {
    {"IBC code", "ibc_code", "code", NULL},
    {"Start Date", "start_date", "date", NULL},
    {"End Date", "end_date", NULL, NULL},
    {"Location", "location", NULL, NULL},
    {"Reported Minimum", "reported_minimum", "min", NULL},
    {"Reported Maximum", "reported_maximum", "max", NULL},
    {"Sources", "sources", NULL, NULL},
    {"Target", "target", NULL, NULL},
};

typedef struct ibc_state {
    int col[I_NCOLS];
} ibc_state;

static cas_status ibc_header(cas__import *im)
{
    ibc_state *st = im->state;

    for (int i = 0; i < I_NCOLS; i++) {
        if (i == I_ID || i == I_START || i == I_MIN || i == I_MAX) {
            if (cas__import_need_any(im, &st->col[i], ibc_names[i]) != CAS_OK)
                return CAS_ERR_HEADER;
        } else {
            st->col[i] = cas__import_col_any(im, ibc_names[i]);
        }
    }
    return CAS_OK;
}

static void ibc_row(cas__import *im)
{
    ibc_state *st = im->state;
    size_t len;
    int32_t start, end;
    int64_t min, max;
    const char *id = cas__import_get(im, st->col[I_ID], &len);

    if (!id) {
        cas__import_fail(im, st->col[I_ID], CAS_ERR_MISSING, "required, but missing");
        return;
    }
    int r = cas__import_date(im, st->col[I_START], &start);
    if (r == 0)
        cas__import_fail(im, st->col[I_START], CAS_ERR_MISSING, "required, but missing");
    if (r <= 0)
        return;
    r = cas__import_date(im, st->col[I_END], &end);
    if (r < 0)
        return;
    if (r == 0)
        end = start;
    if (end < start) {
        cas__import_fail(im, st->col[I_END], CAS_ERR_DATE, "the end date is before the start date");
        return;
    }
    r = cas__import_count(im, st->col[I_MIN], &min);
    if (r == 0)
        cas__import_fail(im, st->col[I_MIN], CAS_ERR_MISSING, "required, but missing");
    if (r <= 0)
        return;
    r = cas__import_count(im, st->col[I_MAX], &max);
    if (r < 0)
        return;
    if (r == 0)
        max = min;
    if (max < min) {
        cas__import_fail(im, st->col[I_MAX], CAS_ERR_RANGE,
                         "the maximum %lld is below the minimum %lld", (long long)max,
                         (long long)min);
        return;
    }
    const char *loc = cas__import_get(im, st->col[I_LOCATION], &len);
    const char *sources = cas__import_get(im, st->col[I_SOURCES], &len);
    const char *target = cas__import_get(im, st->col[I_TARGET], &len);
    cas_claim c;
    cas_claim_init(&c);
    c.id = cas__import_printf(im, "ibc-%s", id);
    c.source = im->source;
    c.source_kind = "monitor";
    c.relay = sources ? sources : "";
    c.citation = cas__import_printf(im, "IBC incident %s", id);
    c.quote = target ? target : "";
    c.scope.outcome = "killed";
    c.scope.group = "civilians";
    c.scope.place = loc ? cas__import_place(im, (const char *const[]){"Iraq", loc}, 2) : "iraq";
    c.scope.period_start = start;
    c.scope.period_end = end;
    c.scope.event = cas__import_printf(im, "ibc:%s", id);
    c.low = min;
    c.high = max;
    c.qualifier = min == max ? CAS_QUAL_EXACT : CAS_QUAL_RANGE;
    if (!c.id || !c.citation || !c.scope.place || !c.scope.event)
        return;
    cas__import_emit(im, &c, st->col[I_MIN]);
}

const cas__import_format cas__import_ibc = {
    .name = "ibc",
    .na = "",
    .encoding = CAS_ENCODING_UTF8,
    .source = "IBC",
    .state_size = sizeof(ibc_state),
    .header = ibc_header,
    .row = ibc_row,
};
