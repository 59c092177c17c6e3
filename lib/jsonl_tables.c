/* SPDX-License-Identifier: MIT */
/* Sums, MSE estimates and selections, and cumulative series as JSON Lines
 * (docs/jsonl.md), through the results' public getters: the records that
 * casualty-sum --by, casualty-mse and casualty-series write with -f jsonl. */
#include "json_internal.h"
#include "util_internal.h"
#include "casualty/jsonl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A builder's arguments beyond the object: the object itself, so that
 * cas__json_to_string() and cas__json_to_file() see NULL when it is. */
static const void *or_null(const void *obj, const void *ctx)
{
    return obj ? ctx : NULL;
}

/* ---- sums ------------------------------------------------------------- */

typedef struct sum_args {
    const cas_sum *s;
    const char *label;
} sum_args;

static void put_sum(cas__json *j, const cas_sum *s)
{
    cas__json_int(j, "terms", s->terms);
    cas__json_int(j, "low", s->low);
    cas__json_count(j, "high", s->high, CAS_OPEN);
    cas__json_count(j, "best", s->best, CAS_NONE);
    cas__json_int(j, "without_best", s->without_best);
    cas__json_int(j, "midpoint_bests", s->midpoint_bests);
}

static cas_status build_sum(cas__strbuf *b, const void *obj)
{
    const sum_args *a = obj;
    cas__json j;
    cas__json_init(&j, b);
    cas__json_open(&j, NULL, '{');
    cas__json_str(&j, "label", a->label);
    put_sum(&j, a->s);
    cas__json_close(&j, '}');
    cas__strbuf_put(b, "\n", 1);
    return b->failed ? CAS_ERR_NOMEM : CAS_OK;
}

cas_status cas_sum_jsonl(char **out, size_t *len, const cas_sum *s, const char *label,
                         cas_error *err)
{
    sum_args a = {s, label};
    return cas__json_to_string(build_sum, or_null(s, &a), "sum", out, len, err);
}

cas_status cas_sum_jsonl_save(const cas_sum *s, const char *label, const char *path, cas_error *err)
{
    sum_args a = {s, label};
    return cas__json_to_file(build_sum, or_null(s, &a), "sum", path, err);
}

/* ---- totals over parts ------------------------------------------------ */

enum { DIM_OUTCOME, DIM_GROUP, DIM_PERPETRATOR, DIM_PLACE, DIM_EVENT, DIM_PERIOD, NDIMS };
static const char *const dim_names[NDIMS] = {"outcome", "group", "perpetrator",
                                             "place",   "event", "period"};

typedef struct total_args {
    const cas_reconciliation *r;
    const size_t *items;
    size_t n;
    int dim;
    const cas_scope *whole;
    cas_sum env, cons;
    int has_cons;
} total_args;

static const char *path_of(const cas_scope *s, int d)
{
    return d == DIM_OUTCOME       ? s->outcome
           : d == DIM_GROUP       ? s->group
           : d == DIM_PERPETRATOR ? s->perpetrator
           : d == DIM_PLACE       ? s->place
                                  : s->event;
}

/* The dimension's members of a row: its path, or the period's days; null
 * on the total (@sc NULL). */
static void put_dim(cas__json *j, int dim, const cas_scope *sc)
{
    if (dim == DIM_PERIOD) {
        cas__json_day(j, "period_start", sc ? sc->period_start : CAS_DATE_UNKNOWN);
        cas__json_day(j, "period_end", sc ? sc->period_end : CAS_DATE_UNKNOWN);
    } else {
        cas__json_str_or_null(j, dim_names[dim], sc ? path_of(sc, dim) : NULL);
    }
}

static void put_result_row(cas__json *j, const char *row, int dim, const cas_scope_result *v)
{
    cas__json_open(j, NULL, '{');
    cas__json_str(j, "row", row);
    put_dim(j, dim, &v->scope);
    cas__json_int(j, "claims", v->claims);
    cas__json_int(j, "sources", v->sources);
    cas__json_int(j, "envelope_low", v->envelope_low);
    cas__json_count(j, "envelope_high", v->envelope_high, CAS_OPEN);
    cas__json_bool(j, "consensus", v->has_consensus);
    if (v->has_consensus) {
        cas__json_int(j, "consensus_low", v->consensus_low);
        cas__json_count(j, "consensus_high", v->consensus_high, CAS_OPEN);
    } else {
        cas__json_null(j, "consensus_low");
        cas__json_null(j, "consensus_high");
    }
    cas__json_count(j, "best", v->best, CAS_NONE);
    cas__json_str(j, "best_kind", v->best == CAS_NONE ? NULL : cas_best_kind_name(v->best_kind));
    cas__json_null(j, "note");
    cas__json_close(j, '}');
    cas__strbuf_put(j->b, "\n", 1);
}

static cas_status build_totals(cas__strbuf *b, const void *obj)
{
    const total_args *a = obj;
    cas_scope_result v;
    uint64_t claims = 0;
    size_t at;
    char note[128];
    cas__json j;

    for (size_t k = 0; k < a->n && !b->failed; k++) {
        cas_scope_result_init(&v);
        if (cas_reconciliation_get(a->r, a->items[k], &v) != CAS_OK)
            return CAS_ERR_NOT_FOUND; /* checked by the sum already */
        claims += v.claims;
        cas__json_init(&j, b);
        put_result_row(&j, "part", a->dim, &v);
    }
    note[0] = '\0';
    if (a->env.without_best)
        snprintf(note, sizeof note, "%u of %u terms lack a best", (unsigned)a->env.without_best,
                 (unsigned)a->env.terms);
    else if (a->env.midpoint_bests)
        snprintf(note, sizeof note, "%u midpoint%s", (unsigned)a->env.midpoint_bests,
                 a->env.midpoint_bests == 1 ? "" : "s");
    cas__json_init(&j, b);
    cas__json_open(&j, NULL, '{');
    cas__json_str(&j, "row", "total");
    put_dim(&j, a->dim, NULL);
    cas__json_int(&j, "claims", (int64_t)claims);
    cas__json_null(&j, "sources");
    cas__json_int(&j, "envelope_low", a->env.low);
    cas__json_count(&j, "envelope_high", a->env.high, CAS_OPEN);
    if (a->has_cons) {
        cas__json_bool(&j, "consensus", 1);
        cas__json_int(&j, "consensus_low", a->cons.low);
        cas__json_count(&j, "consensus_high", a->cons.high, CAS_OPEN);
    } else {
        cas__json_null(&j, "consensus");
        cas__json_null(&j, "consensus_low");
        cas__json_null(&j, "consensus_high");
    }
    cas__json_count(&j, "best", a->env.without_best ? CAS_NONE : a->env.best, CAS_NONE);
    cas__json_str(&j, "best_kind", a->env.without_best ? NULL : "sum");
    cas__json_str_or_null(&j, "note", note);
    cas__json_close(&j, '}');
    cas__strbuf_put(b, "\n", 1);
    if (a->whole && cas_reconciliation_find(a->r, a->whole, &at) == CAS_OK) {
        cas_scope_result_init(&v);
        if (cas_reconciliation_get(a->r, at, &v) == CAS_OK) {
            cas__json_init(&j, b);
            put_result_row(&j, "whole", a->dim, &v);
        }
    }
    return b->failed ? CAS_ERR_NOMEM : CAS_OK;
}

/* Check the arguments and add the parts, before any output. */
static cas_status totals_prepare(total_args *a, const cas_reconciliation *r, const size_t *items,
                                 size_t n, const char *dimension, const cas_scope *whole,
                                 cas_error *err)
{
    cas_status st;
    memset(a, 0, sizeof *a);
    a->r = r;
    a->items = items;
    a->n = n;
    a->whole = whole;
    if (!dimension)
        return cas__fail(err, CAS_ERR_ARG, "", "dimension is NULL");
    if (!items && n)
        return cas__fail(err, CAS_ERR_ARG, "", "items is NULL");
    for (a->dim = 0; a->dim < NDIMS && strcmp(dimension, dim_names[a->dim]) != 0; a->dim++)
        ;
    if (a->dim == NDIMS)
        return cas__fail(err, CAS_ERR_ARG, "dimension",
                         "unknown dimension '%s': expected outcome, group, perpetrator, place, "
                         "event or period",
                         dimension);
    cas_sum_init(&a->env);
    cas_sum_init(&a->cons);
    if ((st = cas_sum_results(&a->env, r, items, n, CAS_RESULT_ENVELOPE, err)) != CAS_OK)
        return st;
    a->has_cons = cas_sum_results(&a->cons, r, items, n, CAS_RESULT_CONSENSUS, NULL) == CAS_OK;
    return CAS_OK;
}

cas_status cas_sum_results_jsonl(char **out, size_t *len, const cas_reconciliation *r,
                                 const size_t *items, size_t n, const char *dimension,
                                 const cas_scope *whole, cas_error *err)
{
    total_args a;
    cas_status st;
    if (!out || !r)
        return cas__json_to_string(build_totals, NULL, "reconciliation", out, len, err);
    if ((st = totals_prepare(&a, r, items, n, dimension, whole, err)) != CAS_OK)
        return st;
    return cas__json_to_string(build_totals, &a, "reconciliation", out, len, err);
}

cas_status cas_sum_results_jsonl_save(const cas_reconciliation *r, const size_t *items, size_t n,
                                      const char *dimension, const cas_scope *whole,
                                      const char *path, cas_error *err)
{
    total_args a;
    cas_status st;
    if (!r || !path)
        return cas__json_to_file(build_totals, r ? &a : NULL, "reconciliation", path, err);
    if ((st = totals_prepare(&a, r, items, n, dimension, whole, err)) != CAS_OK)
        return st;
    return cas__json_to_file(build_totals, &a, "reconciliation", path, err);
}

/* ---- MSE -------------------------------------------------------------- */

typedef struct mse_args {
    const cas_mse_estimate *e;
    const cas_mse_selection *sel;
    size_t top;
    uint32_t flags;
} mse_args;

static const char *interval_name(int32_t kind)
{
    return kind == CAS_MSE_CI_PROFILE     ? "profile"
           : kind == CAS_MSE_CI_LOGNORMAL ? "log-normal"
                                          : "Wald";
}

/* The model's text: the two-list estimators by name. */
static const char *model_name(const cas_mse_estimate *e, const cas_mse_summary *s)
{
    if (s->method == CAS_MSE_LINCOLN_PETERSEN)
        return "Lincoln-Petersen";
    if (s->method == CAS_MSE_CHAPMAN)
        return "Chapman";
    return cas_mse_estimate_model(e);
}

/* One model's record; @delta_key NULL for a lone estimate (daic null). */
static void put_model(cas__json *j, const cas_mse_estimate *e, const char *delta_key, double delta,
                      uint32_t flags)
{
    cas_mse_summary s;
    cas_mse_summary_init(&s);
    cas_mse_estimate_summary(e, &s);
    cas__json_str(j, "model", model_name(e, &s));
    cas__json_real(j, "n_hat", s.n_hat);
    cas__json_real(j, "se", s.se);
    cas__json_real(j, "low", s.low);
    cas__json_real(j, "high", s.high);
    cas__json_str(j, "interval", interval_name(s.interval));
    cas__json_bool(j, "low_at_observed", (s.interval_flags & CAS_MSE_LOW_AT_OBSERVED) != 0);
    cas__json_real(j, "deviance", s.deviance);
    if (s.method == CAS_MSE_LOGLINEAR)
        cas__json_int(j, "df", s.df);
    else
        cas__json_null(j, "df");
    cas__json_real(j, "aic", s.aic);
    cas__json_real(j, "bic", s.bic);
    cas__json_real(j, delta_key ? delta_key : "daic", delta_key ? delta : NAN);
    if (!(flags & CAS_MSE_JSONL_DETAIL))
        return;
    cas__json_str(j, "method",
                  s.method == CAS_MSE_LINCOLN_PETERSEN ? "lincoln-petersen"
                  : s.method == CAS_MSE_CHAPMAN        ? "chapman"
                                                       : "log-linear");
    cas__json_int(j, "lists", s.lists);
    cas__json_int(j, "observed", s.observed);
    cas__json_real(j, "level", s.level);
    cas__json_int(j, "params", s.params);
    cas__json_int(j, "iterations", s.iterations);
    cas__json_open(j, "coefficients", '[');
    for (size_t k = 0; k < cas_mse_estimate_coef_count(e); k++) {
        uint64_t term = 0;
        double value = NAN, se = NAN;
        if (cas_mse_estimate_coef(e, k, &term, &value, &se) != CAS_OK)
            continue;
        cas__json_open(j, NULL, '{');
        cas__json_int(j, "term", (int64_t)term);
        cas__json_real(j, "value", value);
        cas__json_real(j, "se", se);
        cas__json_close(j, '}');
    }
    cas__json_close(j, ']');
}

static cas_status build_estimate(cas__strbuf *b, const void *obj)
{
    const mse_args *a = obj;
    cas__json j;
    cas__json_init(&j, b);
    cas__json_open(&j, NULL, '{');
    put_model(&j, a->e, NULL, NAN, a->flags);
    cas__json_close(&j, '}');
    cas__strbuf_put(b, "\n", 1);
    return b->failed ? CAS_ERR_NOMEM : CAS_OK;
}

static void put_spread(cas__strbuf *b, const cas_mse_selection *sel, const char *crit)
{
    cas_mse_spread sp;
    const cas_mse_estimate *best = cas_mse_selection_get(sel, 0);
    cas__json j;

    cas_mse_spread_init(&sp);
    cas_mse_selection_spread(sel, &sp);
    cas__json_init(&j, b);
    cas__json_open(&j, NULL, '{');
    cas__json_str(&j, "record", "spread");
    cas__json_str(&j, "criterion", crit);
    cas__json_str(&j, "chosen", best ? cas_mse_estimate_model(best) : NULL);
    cas__json_int(&j, "fitted", sp.fitted);
    cas__json_int(&j, "failed", sp.failed);
    cas__json_int(&j, "supported", sp.supported);
    cas__json_real(&j, "support", sp.support);
    cas__json_real(&j, "n_hat_min", sp.n_hat_min);
    cas__json_real(&j, "n_hat_max", sp.n_hat_max);
    cas__json_real(&j, "low_min", sp.low_min);
    cas__json_real(&j, "high_max", sp.high_max);
    cas__json_bool(&j, "low_at_observed", (sp.interval_flags & CAS_MSE_LOW_AT_OBSERVED) != 0);
    cas__json_bool(&j, "high_not_found", (sp.interval_flags & CAS_MSE_HIGH_NOT_FOUND) != 0);
    cas__json_close(&j, '}');
    cas__strbuf_put(b, "\n", 1);
}

static void put_failures(cas__strbuf *b, const cas_mse_selection *sel, uint32_t lists)
{
    for (size_t k = 0; k < cas_mse_selection_failed_count(sel) && !b->failed; k++) {
        uint64_t model = 0;
        int32_t st = 0;
        const char *why = NULL;
        char text[CAS_MSE_MODEL_TEXT_MAX];
        cas__json j;

        if (cas_mse_selection_failed(sel, k, &model, &st, &why) != CAS_OK)
            continue;
        if (cas_mse_model_format(text, sizeof text, model, lists) != CAS_OK)
            text[0] = '\0';
        cas__json_init(&j, b);
        cas__json_open(&j, NULL, '{');
        cas__json_str(&j, "record", "failure");
        cas__json_str(&j, "model", text);
        cas__json_str(&j, "status", cas_strerror(st));
        cas__json_str(&j, "message", why ? why : "");
        cas__json_close(&j, '}');
        cas__strbuf_put(b, "\n", 1);
    }
}

static cas_status build_selection(cas__strbuf *b, const void *obj)
{
    const mse_args *a = obj;
    size_t n = cas_mse_selection_count(a->sel);
    int32_t crit = CAS_MSE_AIC;
    uint32_t lists = 0;
    const char *delta_key;

    if (n) {
        cas_mse_summary s;
        cas_mse_summary_init(&s);
        cas_mse_estimate_summary(cas_mse_selection_get(a->sel, 0), &s);
        lists = s.lists;
    }
    {
        cas_mse_spread sp;
        cas_mse_spread_init(&sp);
        if (cas_mse_selection_spread(a->sel, &sp) == CAS_OK)
            crit = sp.criterion;
    }
    delta_key = crit == CAS_MSE_BIC ? "dbic" : "daic";
    if (a->top && a->top < n)
        n = a->top;
    for (size_t r = 0; r < n && !b->failed; r++) {
        double delta = NAN;
        cas__json j;
        cas_mse_selection_score(a->sel, r, NULL, &delta);
        cas__json_init(&j, b);
        cas__json_open(&j, NULL, '{');
        if (a->flags & CAS_MSE_JSONL_SUMMARY)
            cas__json_str(&j, "record", "model");
        put_model(&j, cas_mse_selection_get(a->sel, r), delta_key, delta, a->flags);
        cas__json_close(&j, '}');
        cas__strbuf_put(b, "\n", 1);
    }
    if (a->flags & CAS_MSE_JSONL_SUMMARY) {
        put_spread(b, a->sel, crit == CAS_MSE_BIC ? "bic" : "aic");
        put_failures(b, a->sel, lists);
    }
    return b->failed ? CAS_ERR_NOMEM : CAS_OK;
}

static cas_status check_flags(uint32_t flags, uint32_t known, cas_error *err)
{
    if (flags & ~known)
        return cas__fail(err, CAS_ERR_ARG, "flags", "unknown flags 0x%x",
                         (unsigned)(flags & ~known));
    return CAS_OK;
}

cas_status cas_mse_estimate_jsonl(char **out, size_t *len, const cas_mse_estimate *estimate,
                                  uint32_t flags, cas_error *err)
{
    mse_args a = {estimate, NULL, 0, flags};
    if (out && estimate && check_flags(flags, CAS_MSE_JSONL_DETAIL, err) != CAS_OK)
        return CAS_ERR_ARG;
    return cas__json_to_string(build_estimate, or_null(estimate, &a), "estimate", out, len, err);
}

cas_status cas_mse_estimate_jsonl_save(const cas_mse_estimate *estimate, uint32_t flags,
                                       const char *path, cas_error *err)
{
    mse_args a = {estimate, NULL, 0, flags};
    if (path && estimate && check_flags(flags, CAS_MSE_JSONL_DETAIL, err) != CAS_OK)
        return CAS_ERR_ARG;
    return cas__json_to_file(build_estimate, or_null(estimate, &a), "estimate", path, err);
}

cas_status cas_mse_selection_jsonl(char **out, size_t *len, const cas_mse_selection *selection,
                                   size_t top, uint32_t flags, cas_error *err)
{
    mse_args a = {NULL, selection, top, flags};
    if (out && selection &&
        check_flags(flags, CAS_MSE_JSONL_DETAIL | CAS_MSE_JSONL_SUMMARY, err) != CAS_OK)
        return CAS_ERR_ARG;
    return cas__json_to_string(build_selection, or_null(selection, &a), "selection", out, len, err);
}

cas_status cas_mse_selection_jsonl_save(const cas_mse_selection *selection, size_t top,
                                        uint32_t flags, const char *path, cas_error *err)
{
    mse_args a = {NULL, selection, top, flags};
    if (path && selection &&
        check_flags(flags, CAS_MSE_JSONL_DETAIL | CAS_MSE_JSONL_SUMMARY, err) != CAS_OK)
        return CAS_ERR_ARG;
    return cas__json_to_file(build_selection, or_null(selection, &a), "selection", path, err);
}

/* ---- series ----------------------------------------------------------- */

typedef struct series_args {
    const cas_series *s;
    int32_t table, day;
} series_args;

static void put_series_scope(cas__json *j, const cas_scope *sc)
{
    cas__json_str_or_null(j, "outcome", sc->outcome);
    cas__json_str_or_null(j, "group", sc->group);
    cas__json_str_or_null(j, "perpetrator", sc->perpetrator);
    cas__json_str_or_null(j, "place", sc->place);
    cas__json_str_or_null(j, "event", sc->event);
    cas__json_day(j, "start", sc->period_start);
}

static void put_reports(cas__strbuf *b, const cas_series *s, int only_revisions)
{
    for (size_t i = 0; i < cas_series_count(s) && !b->failed; i++) {
        cas_series_info info;
        cas_series_info_init(&info);
        if (cas_series_get(s, i, &info) != CAS_OK)
            continue;
        for (size_t k = 0; k < info.reports && !b->failed; k++) {
            cas_series_report r, from;
            cas__json j;
            cas_series_report_init(&r);
            if (cas_series_report_get(s, i, k, &r) != CAS_OK || (only_revisions && r.revision == 0))
                continue;
            cas__json_init(&j, b);
            cas__json_open(&j, NULL, '{');
            cas__json_str(&j, "source", info.source);
            cas__json_int(&j, "phase", info.phase);
            put_series_scope(&j, &info.scope);
            cas__json_day(&j, "cutoff", r.cutoff);
            cas__json_day(&j, "reported_on", r.reported_on);
            cas__json_count(&j, "low", r.low, -2);
            cas__json_count(&j, "high", r.high, CAS_OPEN);
            cas__json_int(&j, "days", r.days);
            cas__json_int(&j, "increment", r.increment);
            cas__json_int(&j, "revision", r.revision);
            cas_series_report_init(&from);
            if (r.revision > 0 && cas_series_report_get(s, i, r.revised_from, &from) == CAS_OK)
                cas__json_day(&j, "revises", from.cutoff);
            else
                cas__json_null(&j, "revises");
            cas__json_str(&j, "claim", r.claim_id);
            cas__json_close(&j, '}');
            cas__strbuf_put(b, "\n", 1);
        }
    }
}

static void put_summary(cas__strbuf *b, const cas_series *s)
{
    for (size_t i = 0; i < cas_series_count(s) && !b->failed; i++) {
        cas_series_info info;
        cas_series_report first, last;
        cas__json j;
        cas_series_info_init(&info);
        cas_series_report_init(&first);
        cas_series_report_init(&last);
        if (cas_series_get(s, i, &info) != CAS_OK || info.reports == 0)
            continue;
        cas_series_report_get(s, i, 0, &first);
        cas_series_report_get(s, i, info.reports - 1, &last);
        cas__json_init(&j, b);
        cas__json_open(&j, NULL, '{');
        cas__json_str(&j, "source", info.source);
        cas__json_int(&j, "phase", info.phase);
        put_series_scope(&j, &info.scope);
        cas__json_int(&j, "reports", info.reports);
        cas__json_day(&j, "first", first.cutoff);
        cas__json_day(&j, "last", last.cutoff);
        cas__json_count(&j, "last_low", last.low, -2);
        cas__json_count(&j, "last_high", last.high, CAS_OPEN);
        cas__json_int(&j, "revisions", info.revisions);
        cas__json_int(&j, "revised", info.revised);
        cas__json_close(&j, '}');
        cas__strbuf_put(b, "\n", 1);
    }
}

static void put_asof(cas__strbuf *b, const cas_series *s, int32_t only_day)
{
    for (size_t p = 0; p < cas_series_panels(s) && !b->failed; p++) {
        cas_series_panel pan;
        int32_t from, to;
        cas_series_panel_init(&pan);
        if (cas_series_panel_get(s, p, &pan) != CAS_OK || pan.members < 2)
            continue;
        from = pan.first_day;
        to = pan.last_day;
        if (only_day != CAS_DATE_UNKNOWN)
            from = to = only_day;
        for (int32_t day = from; day <= to && !b->failed; day++)
            for (size_t k = 0; k < pan.members && !b->failed; k++) {
                cas_series_asof a;
                cas_series_info info;
                cas__json j;
                cas_series_asof_init(&a);
                cas_series_info_init(&info);
                if (cas_series_asof_get(s, p, day, k, &a) != CAS_OK ||
                    cas_series_get(s, a.series, &info) != CAS_OK)
                    continue;
                cas__json_init(&j, b);
                cas__json_open(&j, NULL, '{');
                cas__json_int(&j, "panel", (int64_t)p + 1);
                put_series_scope(&j, &pan.scope);
                cas__json_day(&j, "day", day);
                cas__json_str(&j, "source", info.source);
                cas__json_count(&j, "floor", a.floor, CAS_NONE);
                cas__json_day(&j, "floor_day", a.floor_day);
                cas__json_count(&j, "stale", a.stale, -1);
                cas__json_count(&j, "ceiling", a.ceiling, CAS_OPEN);
                cas__json_day(&j, "ceiling_day", a.ceiling_day);
                cas__json_count(&j, "low", a.low, -2);
                cas__json_count(&j, "high", a.high, CAS_OPEN);
                cas__json_bool(&j, "agree", a.agree);
                cas__json_close(&j, '}');
                cas__strbuf_put(b, "\n", 1);
            }
    }
}

static cas_status build_series(cas__strbuf *b, const void *obj)
{
    const series_args *a = obj;
    switch (a->table) {
    case CAS_SERIES_SUMMARY:
        put_summary(b, a->s);
        break;
    case CAS_SERIES_ASOF:
        put_asof(b, a->s, a->day);
        break;
    default:
        put_reports(b, a->s, a->table == CAS_SERIES_REVISIONS);
        break;
    }
    return b->failed ? CAS_ERR_NOMEM : CAS_OK;
}

static cas_status check_table(int32_t table, cas_error *err)
{
    if (table < CAS_SERIES_REPORTS || table > CAS_SERIES_ASOF)
        return cas__fail(err, CAS_ERR_ARG, "table", "unknown series table %d", (int)table);
    return CAS_OK;
}

cas_status cas_series_jsonl(char **out, size_t *len, const cas_series *s, int32_t table,
                            int32_t day, cas_error *err)
{
    series_args a = {s, table, day};
    if (out && s && check_table(table, err) != CAS_OK)
        return CAS_ERR_ARG;
    return cas__json_to_string(build_series, or_null(s, &a), "series", out, len, err);
}

cas_status cas_series_jsonl_save(const cas_series *s, int32_t table, int32_t day, const char *path,
                                 cas_error *err)
{
    series_args a = {s, table, day};
    if (path && s && check_table(table, err) != CAS_OK)
        return CAS_ERR_ARG;
    return cas__json_to_file(build_series, or_null(s, &a), "series", path, err);
}
