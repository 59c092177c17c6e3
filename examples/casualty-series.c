/* SPDX-License-Identifier: MIT */
/* casualty-series: cumulative counts as series (docs/model.md section
 * 12): each source's reports in order of cutoff with their increments and
 * revisions, a summary per series, or the sources of one scope compared
 * as of every day.
 *
 * usage: casualty-series [OPTIONS] [FILE...]   (see --help) */
#include "common.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_SUMMARY = EX_OPT_FIRST_FREE, OPT_REVISIONS, OPT_ASOF, OPT_DAY };

static const struct option long_options[] = {
    EX_FORMAT_OPTION,
    {"summary", no_argument, NULL, OPT_SUMMARY},
    {"revisions", no_argument, NULL, OPT_REVISIONS},
    {"as-of", no_argument, NULL, OPT_ASOF},
    {"day", required_argument, NULL, OPT_DAY},
    EX_COMMON_OPTIONS,
};

static const char help[] =
    "Read cumulative counts (claims on [series start, cutoff day]) as series: one\n"
    "per source, scope and series start; a later start of the same source and\n"
    "scope is a restart (the next phase). By default every report in order of\n"
    "cutoff, with its increment over the days since the previous report and,\n"
    "for a report lower than the source's own earlier figure, the revision's\n"
    "size and the cutoff of the figure it revises.\n" EX_BUNDLED_HELP "\n"
    "Options:\n" EX_FORMAT_HELP
    "      --summary           one row per series: reports, first and last\n"
    "                          cutoff, last figure, revisions\n"
    "      --revisions         only the reports that are revisions\n"
    "      --as-of             for each scope and start with two or more sources,\n"
    "                          every day from the first cutoff to the last: each\n"
    "                          source's floor (last report on or before the day),\n"
    "                          ceiling (first report after), days stale, and\n"
    "                          whether the sources agree that day\n"
    "      --day DAY           with --as-of, only DAY (YYYY-MM-DD)\n";

typedef enum mode { REPORTS, SUMMARY, REVISIONS, ASOF } mode;

typedef struct args {
    mode mode;
    int32_t day; /* CAS_DATE_UNKNOWN: every day */
} args;

static int option(void *ctx, int opt, const char *arg)
{
    args *a = ctx;
    switch (opt) {
    case OPT_SUMMARY:
        a->mode = SUMMARY;
        return EX_OK;
    case OPT_REVISIONS:
        a->mode = REVISIONS;
        return EX_OK;
    case OPT_ASOF:
        a->mode = ASOF;
        return EX_OK;
    case OPT_DAY:
        if (cas_date_parse(&a->day, arg, strlen(arg)) != CAS_OK)
            return ex_usage("--day: expected a day YYYY-MM-DD, got '%s'", arg);
        return EX_OK;
    default:
        return ex_usage("unknown option");
    }
}

static void day_text(char *buf, size_t size, int32_t day)
{
    if (day == CAS_DATE_UNKNOWN)
        ex_fmt(buf, size, "%s", "");
    else
        cas_date_format(buf, size, day);
}

static void count_text(char *buf, size_t size, int64_t n, int64_t none)
{
    if (n == none)
        ex_fmt(buf, size, "%s", "");
    else
        ex_fmt(buf, size, "%lld", (long long)n);
}

/* The scope's columns: outcome, group, perpetrator, place, event, start. */
#define SCOPE_HEADS "outcome", "group", "perpetrator", "place", "event", "start"
#define NSCOPE 6
static void scope_cells(const char **cells, char *start, size_t size, const cas_scope *sc)
{
    cells[0] = sc->outcome;
    cells[1] = sc->group;
    cells[2] = sc->perpetrator;
    cells[3] = sc->place;
    cells[4] = sc->event;
    day_text(start, size, sc->period_start);
    cells[5] = start;
}

static int print_reports(const cas_series *s, ex_format format, int only_revisions)
{
    static const char *const heads[] = {"source",      "phase",    SCOPE_HEADS, "cutoff",
                                        "reported_on", "low",      "high",      "days",
                                        "increment",   "revision", "revises",   "claim"};
    enum { NCOLS = 2 + NSCOPE + 9 };
    ex_table *t = ex_table_new(NCOLS, heads, "lrllllllllrrrrrll");
    int status = EX_OK;
    if (!t)
        return ex_fail(NULL, CAS_ERR_NOMEM);
    for (size_t i = 0; status == EX_OK && i < cas_series_count(s); i++) {
        cas_series_info info;
        cas_series_info_init(&info);
        cas_series_get(s, i, &info);
        for (size_t k = 0; k < info.reports; k++) {
            cas_series_report r, from;
            cas_series_report_init(&r);
            cas_series_report_get(s, i, k, &r);
            if (only_revisions && r.revision == 0)
                continue;
            char phase[16], start[16], cutoff[16], on[16], low[24], high[24], days[16], inc[24],
                rev[24], revises[16];
            const char *cells[NCOLS];
            cells[0] = info.source;
            ex_fmt(phase, sizeof phase, "%u", (unsigned)info.phase);
            cells[1] = phase;
            scope_cells(cells + 2, start, sizeof start, &info.scope);
            day_text(cutoff, sizeof cutoff, r.cutoff);
            day_text(on, sizeof on, r.reported_on);
            count_text(low, sizeof low, r.low, -2);
            count_text(high, sizeof high, r.high, CAS_OPEN);
            ex_fmt(days, sizeof days, "%d", (int)r.days);
            ex_fmt(inc, sizeof inc, "%lld", (long long)r.increment);
            ex_fmt(rev, sizeof rev, "%lld", (long long)r.revision);
            revises[0] = '\0';
            if (r.revision > 0) {
                cas_series_report_init(&from);
                cas_series_report_get(s, i, r.revised_from, &from);
                day_text(revises, sizeof revises, from.cutoff);
            }
            const char *rest[] = {cutoff, on, low, high, days, inc, rev, revises, r.claim_id};
            memcpy(cells + 2 + NSCOPE, rest, sizeof rest);
            if (ex_table_add(t, cells) != 0)
                status = ex_fail(NULL, CAS_ERR_NOMEM);
        }
    }
    if (status == EX_OK)
        status = ex_table_print(t, format);
    ex_table_free(t);
    return status;
}

static int print_summary(const cas_series *s, ex_format format)
{
    static const char *const heads[] = {"source", "phase",    SCOPE_HEADS, "reports",   "first",
                                        "last",   "last_low", "last_high", "revisions", "revised"};
    enum { NCOLS = 2 + NSCOPE + 7 };
    ex_table *t = ex_table_new(NCOLS, heads, "lrllllllrllrrrr");
    int status = EX_OK;
    if (!t)
        return ex_fail(NULL, CAS_ERR_NOMEM);
    for (size_t i = 0; status == EX_OK && i < cas_series_count(s); i++) {
        cas_series_info info;
        cas_series_report first, last;
        cas_series_info_init(&info);
        cas_series_report_init(&first);
        cas_series_report_init(&last);
        cas_series_get(s, i, &info);
        cas_series_report_get(s, i, 0, &first);
        cas_series_report_get(s, i, info.reports - 1, &last);
        char phase[16], start[16], n[16], a[16], b[16], low[24], high[24], revs[16], revd[24];
        const char *cells[NCOLS];
        cells[0] = info.source;
        ex_fmt(phase, sizeof phase, "%u", (unsigned)info.phase);
        cells[1] = phase;
        scope_cells(cells + 2, start, sizeof start, &info.scope);
        ex_fmt(n, sizeof n, "%u", (unsigned)info.reports);
        day_text(a, sizeof a, first.cutoff);
        day_text(b, sizeof b, last.cutoff);
        count_text(low, sizeof low, last.low, -2);
        count_text(high, sizeof high, last.high, CAS_OPEN);
        ex_fmt(revs, sizeof revs, "%u", (unsigned)info.revisions);
        ex_fmt(revd, sizeof revd, "%lld", (long long)info.revised);
        const char *rest[] = {n, a, b, low, high, revs, revd};
        memcpy(cells + 2 + NSCOPE, rest, sizeof rest);
        if (ex_table_add(t, cells) != 0)
            status = ex_fail(NULL, CAS_ERR_NOMEM);
    }
    if (status == EX_OK)
        status = ex_table_print(t, format);
    ex_table_free(t);
    return status;
}

static int print_asof(const cas_series *s, ex_format format, int32_t only_day)
{
    static const char *const heads[] = {"panel",       SCOPE_HEADS, "day",   "source",
                                        "floor",       "floor_day", "stale", "ceiling",
                                        "ceiling_day", "low",       "high",  "agree"};
    enum { NCOLS = 1 + NSCOPE + 10 };
    ex_table *t = ex_table_new(NCOLS, heads, "rllllllllrlrrlrrl");
    int status = EX_OK;
    if (!t)
        return ex_fail(NULL, CAS_ERR_NOMEM);
    for (size_t p = 0; status == EX_OK && p < cas_series_panels(s); p++) {
        cas_series_panel pan;
        cas_series_panel_init(&pan);
        cas_series_panel_get(s, p, &pan);
        if (pan.members < 2)
            continue;
        int32_t from = pan.first_day, to = pan.last_day;
        if (only_day != CAS_DATE_UNKNOWN)
            from = to = only_day;
        for (int32_t day = from; status == EX_OK && day <= to; day++)
            for (size_t k = 0; status == EX_OK && k < pan.members; k++) {
                cas_series_asof a;
                cas_series_info info;
                cas_series_asof_init(&a);
                cas_series_info_init(&info);
                cas_series_asof_get(s, p, day, k, &a);
                cas_series_get(s, a.series, &info);
                char panel[16], start[16], dtext[16], floor[24], fday[16], stale[16], ceil[24],
                    cday[16], low[24], high[24];
                const char *cells[NCOLS];
                ex_fmt(panel, sizeof panel, "%zu", p + 1);
                cells[0] = panel;
                scope_cells(cells + 1, start, sizeof start, &pan.scope);
                day_text(dtext, sizeof dtext, day);
                count_text(floor, sizeof floor, a.floor, CAS_NONE);
                day_text(fday, sizeof fday, a.floor_day);
                count_text(stale, sizeof stale, a.stale, -1);
                count_text(ceil, sizeof ceil, a.ceiling, CAS_OPEN);
                day_text(cday, sizeof cday, a.ceiling_day);
                count_text(low, sizeof low, a.low, -2);
                count_text(high, sizeof high, a.high, CAS_OPEN);
                const char *rest[] = {dtext, info.source, floor, fday, stale,
                                      ceil,  cday,        low,   high, a.agree ? "yes" : "no"};
                memcpy(cells + 1 + NSCOPE, rest, sizeof rest);
                if (ex_table_add(t, cells) != 0)
                    status = ex_fail(NULL, CAS_ERR_NOMEM);
            }
    }
    if (status == EX_OK)
        status = ex_table_print(t, format);
    ex_table_free(t);
    return status;
}

int main(int argc, char **argv)
{
    args a = {REPORTS, CAS_DATE_UNKNOWN};
    ex_scope scope;
    ex_format format = EX_TEXT;
    cas_ledger *ledger = NULL;
    cas_series *s = NULL;
    cas_error err;
    cas_status st;
    ex_cli cli = {.name = "casualty-series",
                  .synopsis = "[OPTIONS] [FILE...]",
                  .help = help,
                  .scope_help = 1,
                  .shortopts = ":f:h",
                  .longopts = long_options,
                  .scope = &scope,
                  .format = &format,
                  .option = option,
                  .ctx = &a,
                  .several = 1,
                  .file = ex_bundled_claims()};
    int status;

    if ((status = ex_parse_args(&cli, argc, argv)) != EX_GO)
        return status;
    if (a.day != CAS_DATE_UNKNOWN && a.mode != ASOF)
        return ex_usage("--day goes with --as-of");
    if ((status = ex_load_claims(&ledger, cli.file)) != EX_OK)
        return status;
    if ((status = ex_keep_within(&ledger, &scope)) != EX_OK) {
        cas_ledger_free(ledger);
        return status;
    }
    cas_error_init(&err);
    if ((st = cas_series_new(&s, ledger, &err)) != CAS_OK) {
        cas_ledger_free(ledger);
        return ex_fail(&err, st);
    }
    if (format == EX_JSONL) { /* the library's records (docs/jsonl.md) */
        static const int32_t tables[] = {CAS_SERIES_REPORTS, CAS_SERIES_SUMMARY,
                                         CAS_SERIES_REVISIONS, CAS_SERIES_ASOF};
        char *text = NULL;
        size_t len = 0;
        st = cas_series_jsonl(&text, &len, s, tables[a.mode], a.day, &err);
        status = st == CAS_OK ? ex_write(text, len) : ex_fail(&err, st);
        cas_free(text);
    } else {
        switch (a.mode) {
        case SUMMARY:
            status = print_summary(s, format);
            break;
        case ASOF:
            status = print_asof(s, format, a.day);
            break;
        default:
            status = print_reports(s, format, a.mode == REVISIONS);
            break;
        }
    }
    if (status == EX_OK)
        status = ex_finish();
    cas_series_free(s);
    cas_ledger_free(ledger);
    return status;
}
