/* SPDX-License-Identifier: MIT */
/* casualty-rollup: roll the event claims of a claims CSV up to units of
 * analysis (docs/model.md section 11): for each source, place cut to N
 * segments and calendar bucket, one derived claim whose range is the sum
 * of that source's current event claims in the bucket. It writes a claims
 * CSV (the library's saver), so the output pipes into casualty-reconcile
 * and casualty-compare, and two datasets rolled up alike compare bucket by
 * bucket.
 *
 * Claims that straddle a bucket are listed on stderr and left out unless
 * --straddle says otherwise; what was left out for naming no event, for
 * its basis or as superseded is said on stderr too. With --vocabulary
 * (common to every program), the ledger stores paths in the canonical
 * spelling of the default vocabulary extended by the file, so that
 * aliases land in one bucket.
 *
 * usage: casualty-rollup --place-depth N --period UNIT [OPTIONS] [FILE...] */
#include "common.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_DEPTH = EX_OPT_FIRST_FREE, OPT_PERIOD, OPT_STRADDLE, OPT_CITE };

static const struct option long_options[] = {
    EX_FORMAT_OPTION,
    {"place-depth", required_argument, NULL, OPT_DEPTH},
    {"period", required_argument, NULL, OPT_PERIOD},
    {"straddle", required_argument, NULL, OPT_STRADDLE},
    {"cite", required_argument, NULL, OPT_CITE},
    EX_BASES_OPTION,
    EX_COMMON_OPTIONS,
};

static const char help[] =
    "Roll the event claims of a claims CSV (docs/csv.md) up to units of analysis:\n"
    "for each source, place (cut to its first N segments) and calendar bucket,\n"
    "one claim whose range is the sum of the source's current claims on the\n"
    "events in the bucket, its best the sum of their bests when all have one.\n"
    "The output is a claims CSV: its citation names the claims summed, its\n"
    "quote how many events; pipe it into casualty-reconcile - or\n"
    "casualty-compare -. Claims without an event (wholes, not events) are left\n"
    "out; claims whose period straddles a bucket are listed on stderr and left\n"
    "out unless --straddle says otherwise.\n" EX_BUNDLED_HELP "\n"
    "Options:\n" EX_CLAIMS_FORMAT_HELP
    "      --place-depth N     keep the first N segments of the place (required;\n"
    "                          1 is a country, 2 its first-level division, 0 all)\n"
    "      --period UNIT       day, week (ISO, Monday to Sunday), month, quarter\n"
    "                          or year (required)\n"
    "      --straddle HOW      list (the default: leave out and list on stderr),\n"
    "                          first (put in the first day's bucket) or split\n"
    "                          (spread evenly over the days, remainder first)\n"
    "      --cite N            name at most N claim ids per citation (default 10)\n" EX_BASES_HELP;

typedef struct settings {
    cas_rollup_options o;
    int depth_given, period_given;
} settings;

static int option(void *ctx, int opt, const char *arg)
{
    settings *s = ctx;
    int64_t n;
    int st;

    switch (opt) {
    case OPT_DEPTH:
    case OPT_CITE:
        if ((st = ex_parse_count(&n, opt == OPT_DEPTH ? "--place-depth" : "--cite", arg)) != EX_OK)
            return st;
        if (n > UINT32_MAX)
            return ex_usage("option '%s': expected a whole number up to 4294967295, got '%s'",
                            opt == OPT_DEPTH ? "--place-depth" : "--cite", arg);
        if (opt == OPT_DEPTH) {
            s->o.place_depth = (uint32_t)n;
            s->depth_given = 1;
        } else {
            s->o.max_cited = (uint32_t)n;
        }
        return EX_OK;
    case OPT_PERIOD:
        if (cas_rollup_unit_from_name(&s->o.unit, arg) != CAS_OK)
            return ex_usage("option '--period': expected day, week, month, quarter or year, "
                            "got '%s'",
                            arg);
        s->period_given = 1;
        return EX_OK;
    case OPT_STRADDLE:
        if (cas_straddle_from_name(&s->o.straddle, arg) != CAS_OK)
            return ex_usage("option '--straddle': expected list, first or split, got '%s'", arg);
        return EX_OK;
    default:
        return EX_OK;
    }
}

/* What was left out, on stderr: each straddler, and the counts. */
static void report_left_out(const cas_rollup_info *info, const cas_ledger *in, const settings *s)
{
    cas_rollup_summary sum;
    size_t n = 0;

    cas_rollup_summary_init(&sum);
    cas_rollup_info_summary(info, &sum);
    cas_rollup_info_straddler(info, 0, NULL, &n);
    for (size_t k = 0; k < n; k++) {
        cas_claim_ref ref;
        cas_claim c;
        char period[40];
        cas_claim_ref_init(&ref);
        cas_claim_init(&c);
        if (cas_rollup_info_straddler(info, k, &ref, NULL) != CAS_OK ||
            cas_ledger_get(in, ref.index, &c) != CAS_OK)
            continue;
        ex_period_text(period, sizeof period, c.scope.period_start, c.scope.period_end);
        ex_failf("left out, straddles a %s boundary or has an unknown day: %s (%s, %s)",
                 cas_rollup_unit_name(s->o.unit), ref.id, ref.source, period);
    }
    if (sum.without_event)
        ex_failf("%llu claim%s without an event left out (a whole, not an event)",
                 (unsigned long long)sum.without_event, sum.without_event == 1 ? "" : "s");
    if (sum.excluded)
        ex_failf("%llu event claim%s left out for their basis (see --bases)",
                 (unsigned long long)sum.excluded, sum.excluded == 1 ? "" : "s");
    if (sum.split)
        ex_failf("%llu claim%s split evenly over their days (an assumption)",
                 (unsigned long long)sum.split, sum.split == 1 ? "" : "s");
    if (sum.first)
        ex_failf("%llu claim%s put whole in the bucket of their first day",
                 (unsigned long long)sum.first, sum.first == 1 ? "" : "s");
}

int main(int argc, char **argv)
{
    ex_claims_args a;
    settings s = {.depth_given = 0};
    cas_ledger *claims = NULL, *out = NULL;
    cas_rollup_info *info = NULL;

    char *text = NULL;
    size_t len = 0;
    cas_error err;
    cas_status st;
    ex_format format;
    ex_cli cli = {.name = "casualty-rollup",
                  .synopsis = "--place-depth N --period UNIT [OPTIONS] [FILE...]",
                  .help = help,
                  .shortopts = ":f:h",
                  .longopts = long_options,
                  .option = option,
                  .ctx = &s,
                  .several = 1};
    int status;

    cas_rollup_options_init(&s.o);
    status = ex_parse_claims_args(&a, &cli, argc, argv);
    if (status != EX_GO)
        return status;
    /* Claims are written as CSV unless jsonl is asked for. */
    format = a.format == EX_TEXT ? EX_CSV : a.format;
    if ((status = ex_claims_format(format)) != EX_OK)
        return status;
    if (!s.depth_given || !s.period_given)
        return ex_usage("option '%s' is required", s.depth_given ? "--period" : "--place-depth");
    s.o.bases = a.opts.bases;

    status = ex_load_claims(&claims, a.file);
    if (status == EX_OK)
        status = ex_keep_within(&claims, &a.scope);
    cas_error_init(&err);
    if (status == EX_OK && (st = cas_rollup(&out, &info, claims, &s.o, &err)) != CAS_OK)
        status = ex_fail(&err, st);
    if (status == EX_OK) {
        report_left_out(info, claims, &s);
        if ((st = format == EX_JSONL
                      ? cas_ledger_jsonl(&text, &len, out, &err)
                      : cas_csv_save_string_with(&text, &len, out, ex_csv_write_options(), &err)) !=
            CAS_OK)
            status = ex_fail(&err, st);
    }
    if (status == EX_OK)
        status = ex_write(text, len);
    if (status == EX_OK)
        status = ex_finish();

    cas_free(text);
    cas_rollup_info_free(info); /* before its ledger: it borrows its strings */
    cas_ledger_free(out);
    cas_ledger_free(claims);

    return status;
}
