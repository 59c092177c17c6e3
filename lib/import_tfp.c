/* SPDX-License-Identifier: MIT */
/* The TechForPalestine daily cumulative series (docs/real-data.md,
 * "TechForPalestine daily series"): Gaza (casualties_daily), the West
 * Bank (west_bank_daily) and Lebanon (lebanon_casualties_daily), told
 * apart by their columns. Each report is a claim on [series start, report
 * day], reported that day by its source; a new phase starts a new
 * series. */
#include "import_internal.h"

#include <string.h>

typedef enum series { GAZA, WEST_BANK, LEBANON } series;

typedef struct tfp_state {
    series kind;
    int date, source, period, phase, killed;
    int group_col[2]; /* with the option groups: children, women (-1: none) */
    int32_t start;    /* the series start, CAS_DATE_UNKNOWN before the first report */
    int64_t cur_phase;
} tfp_state;

static cas_status tfp_header(cas__import *im)
{
    tfp_state *st = im->state;

    if (cas__import_need(im, &st->date, "report_date") != CAS_OK)
        return CAS_ERR_HEADER;
    st->period = cas__import_col(im, "report_period");
    st->phase = cas__import_col(im, "phase");
    st->start = CAS_DATE_UNKNOWN;
    st->cur_phase = -1;
    st->group_col[0] = st->group_col[1] = -1;
    if (im->opts->groups) {
        st->group_col[0] = cas__import_col(im, "killed_children_cum");
        st->group_col[1] = cas__import_col(im, "killed_women_cum");
    }
    if (st->phase >= 0) {
        st->kind = LEBANON;
        st->killed = cas__import_col(im, "killed_cum_reported");
        if (st->killed < 0 && cas__import_need(im, &st->killed, "killed_cum") != CAS_OK)
            return CAS_ERR_HEADER;
        return cas__import_need(im, &st->source, "report_source");
    }
    if (cas__import_need(im, &st->killed, "killed_cum") != CAS_OK)
        return CAS_ERR_HEADER;
    st->source = cas__import_col(im, "flash_source");
    if (st->source >= 0) {
        st->kind = WEST_BANK;
        return CAS_OK;
    }
    st->kind = GAZA;
    return cas__import_need(im, &st->source, "report_source");
}

/* The source a report code names; NULL for a row that is no report
 * (TFP's own fills and gaps). */
static const char *source_name(const char *code, const char **relay)
{
    static const struct {
        const char *code, *name, *relay;
    } names[] = {
        {"mohtel", "Gaza Ministry of Health", "Telegram"},
        {"gmotel", "Gaza Government Media Office", "Telegram"},
        {"un", "OCHA", "OCHA flash update"},
        {"ocha", "OCHA", ""},
        {"moph_lb", "Lebanon Ministry of Public Health", ""},
    };

    *relay = "";
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].code, code) == 0) {
            *relay = names[i].relay;
            return names[i].name;
        }
    return NULL;
}

static void tfp_row(cas__import *im)
{
    tfp_state *st = im->state;
    static const char *const series_name[3] = {"gaza", "west-bank", "lebanon"};
    static const char *const series_place[3] = {"palestine/gaza", "palestine/west-bank", "lebanon"};
    int32_t day;
    int64_t killed, hours = 0, phase = 0;
    size_t len;

    int r = cas__import_date(im, st->date, &day);
    if (r <= 0) {
        if (r == 0)
            cas__import_fail(im, st->date, CAS_ERR_MISSING, "required, but missing");
        return;
    }
    if (st->phase >= 0 && cas__import_count(im, st->phase, &phase) < 0)
        return;
    if (st->period >= 0 && cas__import_count(im, st->period, &hours) < 0)
        return;
    const char *code = cas__import_get(im, st->source, &len);
    const char *relay = "", *source = code ? source_name(code, &relay) : NULL;
    if (!source)
        return; /* not a report: TFP's fill or a missing day */
    r = cas__import_count(im, st->killed, &killed);
    if (r <= 0)
        return; /* a report without the killed figure */
    if (st->start == CAS_DATE_UNKNOWN || phase != st->cur_phase) {
        /* The first report covers its report_period hours, ending with its
         * day: the series starts on the first of those days. */
        st->start = day;
        if (hours >= 24 && hours % 24 == 0)
            st->start = day - (int32_t)(hours / 24) + 1;
        st->cur_phase = phase;
    }
    if (day < st->start) {
        cas__import_fail(im, st->date, CAS_ERR_DATE,
                         "a report before the start of its series (rows must be in date order)");
        return;
    }
    char date[11];
    cas_date_format(date, sizeof date, day);
    cas_claim c;
    cas_claim_init(&c);
    c.id = phase > 1 ? cas__import_printf(im, "tfp-%s-p%lld-%s", series_name[st->kind],
                                          (long long)phase, date)
                     : cas__import_printf(im, "tfp-%s-%s", series_name[st->kind], date);
    c.source = im->source ? im->source : source;
    c.relay = relay;
    c.source_kind = strcmp(source, "OCHA") == 0 ? "un" : "government";
    c.citation = cas__import_printf(im, "TechForPalestine %s daily, %s (report_source %s)",
                                    series_name[st->kind], date, code);
    c.quote = cas__import_printf(im, "%s %lld", im->head[st->killed], (long long)killed);
    if (!c.id || !c.citation || !c.quote)
        return;
    c.scope.outcome = "killed";
    c.scope.place = series_place[st->kind];
    c.scope.period_start = st->start;
    c.scope.period_end = day;
    c.reported_on = day;
    c.low = c.high = killed;
    c.best = CAS_NONE;
    c.qualifier = CAS_QUAL_EXACT;
    if (cas__import_emit(im, &c, st->killed) != 0)
        return;
    /* The groups (option groups), each its own series: the same report's
     * children or women killed, when the row gives the figure. */
    static const char *const group_name[2] = {"children", "women"};
    static const char *const group_path[2] = {"civilians/children", "civilians/women"};
    for (int g = 0; g < 2; g++) {
        int64_t n;
        if (st->group_col[g] < 0)
            continue;
        r = cas__import_count(im, st->group_col[g], &n);
        if (r < 0)
            return;
        if (r == 0)
            continue;
        cas_claim gc = c;
        gc.id = phase > 1 ? cas__import_printf(im, "tfp-%s-%s-p%lld-%s", series_name[st->kind],
                                               group_name[g], (long long)phase, date)
                          : cas__import_printf(im, "tfp-%s-%s-%s", series_name[st->kind],
                                               group_name[g], date);
        gc.quote = cas__import_printf(im, "%s %lld", im->head[st->group_col[g]], (long long)n);
        if (!gc.id || !gc.quote)
            return;
        gc.scope.group = group_path[g];
        gc.low = gc.high = n;
        if (cas__import_emit(im, &gc, st->group_col[g]) != 0)
            return;
    }
}

const cas__import_format cas__import_tfp = {
    .name = "tfp",
    .na = "NA",
    .encoding = CAS_ENCODING_UTF8,
    .source = NULL,
    .state_size = sizeof(tfp_state),
    .header = tfp_header,
    .row = tfp_row,
};
