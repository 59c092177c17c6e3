/* SPDX-License-Identifier: MIT */
/* Model selection: fit every hierarchical model (3 or 4 lists) or search
 * stepwise from independence (5 or 6), rank the fits by AIC or BIC, keep
 * the failed ones with their reasons, and sum up the spread of the
 * supported models (cas_mse_select and the cas_mse_selection_* getters). */
#include "mse_internal.h"
#include "alloc_internal.h"
#include "sized_internal.h"
#include "json_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

typedef struct failed_model {
    uint64_t model;
    int32_t status;
    char *message;
} failed_model;

struct cas_mse_selection {
    cas_mse_options opts;
    cas_mse_estimate **ranked;
    double *score; /* the criterion of each ranked model */
    size_t count, ranked_cap, score_cap;
    failed_model *failed;
    size_t nfailed, failed_cap;
    cas_mse_spread spread;
    char *source;
    char *quote;
};

void cas_mse_selection_free(cas_mse_selection *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++)
        cas_mse_estimate_free(s->ranked[i]);
    for (size_t i = 0; i < s->nfailed; i++)
        cas__free(s->failed[i].message);
    cas__free(s->ranked);
    cas__free(s->score);
    cas__free(s->failed);
    cas__free(s->source);
    cas__free(s->quote);
    cas__free(s);
}

/* ---- trying models ------------------------------------------------------------ */

static double criterion_of(const cas_mse_estimate *e, int32_t criterion)
{
    return criterion == CAS_MSE_BIC ? e->bic : e->aic;
}

/* Has @model been tried already? */
static int tried(const cas_mse_selection *s, uint64_t model)
{
    for (size_t i = 0; i < s->count; i++)
        if (s->ranked[i]->model == model)
            return 1;
    for (size_t i = 0; i < s->nfailed; i++)
        if (s->failed[i].model == model)
            return 1;
    return 0;
}

/* Keep the estimate @est of a model that fitted, with its score (or free
 * it when memory runs out). */
static cas_status keep_fitted(cas_mse_selection *s, cas_mse_estimate *est)
{
    if (!cas__grow((void **)&s->ranked, &s->ranked_cap, s->count + 1, sizeof *s->ranked, 32) ||
        !cas__grow((void **)&s->score, &s->score_cap, s->count + 1, sizeof *s->score, 32)) {
        cas_mse_estimate_free(est);
        return CAS_ERR_NOMEM;
    }
    s->ranked[s->count] = est;
    s->score[s->count] = criterion_of(est, s->opts.criterion);
    s->count++;
    return CAS_OK;
}

/* Keep @model as failed with status @st, and why (@e). */
static cas_status keep_failed(cas_mse_selection *s, uint64_t model, cas_status st,
                              const cas_error *e)
{
    if (!cas__grow((void **)&s->failed, &s->failed_cap, s->nfailed + 1, sizeof *s->failed, 16))
        return CAS_ERR_NOMEM;
    s->failed[s->nfailed].model = model;
    s->failed[s->nfailed].status = (int32_t)st;
    s->failed[s->nfailed].message = cas__mse_dup_text(e->message);
    if (!s->failed[s->nfailed].message)
        return CAS_ERR_NOMEM;
    s->nfailed++;
    return CAS_OK;
}

/* Fit @model (without profile) and record it as fitted or failed. Returns
 * CAS_OK unless memory ran out; @fitted receives the estimate or NULL. */
static cas_status try_model(cas_mse_selection *s, const cas_mse_table *t, uint64_t model,
                            cas_mse_estimate **fitted)
{
    cas_error e;
    cas_mse_estimate *est = NULL;
    cas_status st;

    *fitted = NULL;
    cas_error_init(&e);
    st = cas__mse_fit_model(&est, t, model, &s->opts, 0, &e);
    if (st == CAS_ERR_NOMEM)
        return st;
    if (st != CAS_OK)
        return keep_failed(s, model, st, &e);
    if ((st = keep_fitted(s, est)) != CAS_OK)
        return st;
    *fitted = est;
    return CAS_OK;
}

/* ---- searching ---------------------------------------------------------------- */

/* The interaction terms a model may hold: two or more lists, not all K. */
static int candidate_term(uint32_t term, uint32_t lists)
{
    return cas__mse_popcount(term) >= 2 && term != (1u << lists) - 1;
}

/* Every hierarchical model (K = 3, 4): each subset of the candidate terms
 * that is closed downwards. */
static cas_status search_all(cas_mse_selection *s, const cas_mse_table *t)
{
    uint32_t lists = t->lists, cand[CAS__MSE_MAX_CELLS], ncand = 0;
    cas_mse_estimate *dummy;

    for (uint32_t term = 1; term < (1u << lists); term++)
        if (candidate_term(term, lists))
            cand[ncand++] = term;
    for (uint64_t pick = 0; pick < ((uint64_t)1 << ncand); pick++) {
        uint64_t m = 0;
        cas_status st;
        for (uint32_t i = 0; i < ncand; i++)
            if ((pick >> i) & 1u)
                m |= (uint64_t)1 << cand[i];
        if (cas__mse_close_model(m, lists) != m)
            continue;
        if ((st = try_model(s, t, m, &dummy)) != CAS_OK)
            return st;
    }
    return CAS_OK;
}

/* Stepwise search (K = 5, 6) from independence. */
static cas_status search_stepwise(cas_mse_selection *s, const cas_mse_table *t)
{
    uint32_t lists = t->lists, cells = 1u << lists;
    uint64_t current = CAS_MSE_INDEPENDENCE;
    cas_mse_estimate *est;
    double best;
    cas_status st;

    if ((st = try_model(s, t, current, &est)) != CAS_OK)
        return st;
    best = est ? criterion_of(est, s->opts.criterion) : INFINITY;
    for (;;) {
        uint64_t best_model = current;
        double best_step = best;
        for (uint32_t term = 1; term < cells; term++) {
            uint64_t bit = (uint64_t)1 << term, next;
            if (!candidate_term(term, lists))
                continue;
            if (current & bit) {
                /* Remove a term only if no larger term rests on it. */
                int needed = 0;
                for (uint32_t u = term + 1; u < cells && !needed; u++)
                    if (((current >> u) & 1u) && (u & term) == term)
                        needed = 1;
                if (needed)
                    continue;
                next = current & ~bit;
            } else {
                /* Add a term only if its sub-terms are all in. */
                next = current | bit;
                if (cas__mse_close_model(next, lists) != next)
                    continue;
            }
            if (tried(s, next))
                continue;
            if ((st = try_model(s, t, next, &est)) != CAS_OK)
                return st;
            if (est && criterion_of(est, s->opts.criterion) < best_step) {
                best_step = criterion_of(est, s->opts.criterion);
                best_model = next;
            }
        }
        if (best_model == current)
            break;
        current = best_model;
        best = best_step;
    }
    return CAS_OK;
}

/* ---- ranking and the spread --------------------------------------------------- */

/* Order: criterion, then fewer parameters, then smaller mask. */
static int ranks_before(const cas_mse_selection *s, size_t a, size_t b)
{
    if (s->score[a] != s->score[b])
        return s->score[a] < s->score[b];
    if (s->ranked[a]->params != s->ranked[b]->params)
        return s->ranked[a]->params < s->ranked[b]->params;
    return s->ranked[a]->model < s->ranked[b]->model;
}

static void rank_models(cas_mse_selection *s)
{
    for (size_t i = 1; i < s->count; i++)
        for (size_t k = i; k > 0 && ranks_before(s, k, k - 1); k--) {
            cas_mse_estimate *e = s->ranked[k];
            double sc = s->score[k];
            s->ranked[k] = s->ranked[k - 1];
            s->score[k] = s->score[k - 1];
            s->ranked[k - 1] = e;
            s->score[k - 1] = sc;
        }
}

/* The spread of the ranked models within the support of the best: their
 * N-hats and the reach of their intervals (profile-likelihood ones, unless
 * the options say not). CAS_OK or CAS_ERR_NOMEM. */
static cas_status spread(cas_mse_selection *s, const cas_mse_table *t)
{
    cas_mse_spread *sp = &s->spread;

    sp->size = (uint32_t)sizeof *sp;
    sp->criterion = s->opts.criterion;
    sp->support = s->opts.support;
    sp->fitted = (uint32_t)s->count;
    sp->failed = (uint32_t)s->nfailed;
    sp->chosen = s->ranked[0]->model;
    sp->n_hat_min = sp->low_min = INFINITY;
    sp->n_hat_max = sp->high_max = -INFINITY;
    for (size_t i = 0; i < s->count && s->score[i] - s->score[0] <= s->opts.support; i++) {
        cas_mse_estimate *e = s->ranked[i];
        int kind;
        if (!(s->opts.flags & CAS_MSE_NO_PROFILE) &&
            cas__mse_add_profile(e, t, s->opts.max_iterations) != CAS_OK)
            return CAS_ERR_NOMEM;
        kind = cas__mse_claim_interval(e);
        sp->supported++;
        sp->interval_flags |= e->ci_flags[kind];
        sp->n_hat_min = fmin(sp->n_hat_min, e->n_hat);
        sp->n_hat_max = fmax(sp->n_hat_max, e->n_hat);
        sp->low_min = fmin(sp->low_min, e->ci_low[kind]);
        sp->high_max = fmax(sp->high_max, e->ci_high[kind]);
    }
    return CAS_OK;
}

/* The source and quote of the selection's claim. */
static cas_status selection_texts(cas_mse_selection *s)
{
    const cas_mse_estimate *c = s->ranked[0];
    const cas_mse_spread *sp = &s->spread;
    char buf[CAS_MSE_MAX_LISTS * (CAS__MSE_NAME_MAX_BYTES + 2) + 640], lo[32], hi[32];
    char nhat[40], se[40], support[40], nmin[40], nmax[40], level[40];
    const char *crit = sp->criterion == CAS_MSE_BIC ? "BIC" : "AIC";

    snprintf(buf, sizeof buf, "MSE log-linear %s chosen by %s; lists: %s", c->model_text, crit,
             c->list_text);
    s->source = cas__mse_dup_text(buf);
    cas__mse_format_bound(lo, sizeof lo, sp->low_min);
    cas__mse_format_bound(hi, sizeof hi, sp->high_max);
    cas__real_text(nhat, sizeof nhat, c->n_hat, 2);
    cas__real_text(se, sizeof se, c->se, 2);
    cas__real_fmt(support, sizeof support, "%g", sp->support);
    cas__real_text(nmin, sizeof nmin, sp->n_hat_min, 2);
    cas__real_text(nmax, sizeof nmax, sp->n_hat_max, 2);
    cas__real_fmt(level, sizeof level, "%.10g", c->level * 100.0);
    snprintf(buf, sizeof buf,
             "N-hat %s (SE %s) under %s; %u of %u models within %s %s give N-hat %s "
             "to %s and %s%% intervals spanning %s to %s; %lld observed on %u lists",
             nhat, se, c->model_text, (unsigned)sp->supported, (unsigned)sp->fitted, support, crit,
             nmin, nmax, level, lo, hi, (long long)c->observed, (unsigned)c->lists);
    s->quote = cas__mse_dup_text(buf);
    return s->source && s->quote ? CAS_OK : CAS_ERR_NOMEM;
}

/* ---- selecting ---------------------------------------------------------------- */

cas_status cas_mse_select(cas_mse_selection **out, const cas_mse_table *t,
                          const cas_mse_options *opts, cas_error *err)
{
    cas_mse_selection *s;
    cas_status st;

    if (!out || !t)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !out ? "out" : "table");
    if (t->lists < 3)
        return cas__fail(err, CAS_ERR_ARG, "table",
                         "model selection needs 3 lists or more, this table has %u (use "
                         "cas_mse_two_list())",
                         (unsigned)t->lists);
    s = cas__calloc(1, sizeof *s);
    if (!s)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    if ((st = cas__mse_get_options(&s->opts, opts, err)) != CAS_OK) {
        cas__free(s);
        return st;
    }
    st = t->lists <= 4 ? search_all(s, t) : search_stepwise(s, t);
    if (st != CAS_OK) {
        cas_mse_selection_free(s);
        return cas__fail(err, st, "", "out of memory");
    }
    if (s->count == 0) {
        cas_status why = s->nfailed ? (cas_status)s->failed[0].status : CAS_ERR_NO_ESTIMATE;
        cas__fail(err, CAS_ERR_NO_ESTIMATE, "",
                  "no model gives an estimate (%zu tried; the first failed with '%s': %s)",
                  s->nfailed, cas_strerror(why), s->nfailed ? s->failed[0].message : "");
        cas_mse_selection_free(s);
        return CAS_ERR_NO_ESTIMATE;
    }
    rank_models(s);
    if (spread(s, t) != CAS_OK || selection_texts(s) != CAS_OK) {
        cas_mse_selection_free(s);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    *out = s;
    return CAS_OK;
}

/* ---- getters ------------------------------------------------------------------ */

size_t cas_mse_selection_count(const cas_mse_selection *s)
{
    return s ? s->count : 0;
}

const cas_mse_estimate *cas_mse_selection_get(const cas_mse_selection *s, size_t rank)
{
    return s && rank < s->count ? s->ranked[rank] : NULL;
}

cas_status cas_mse_selection_score(const cas_mse_selection *s, size_t rank, double *criterion,
                                   double *delta)
{
    if (!s)
        return CAS_ERR_ARG;
    if (rank >= s->count)
        return CAS_ERR_NOT_FOUND;
    if (criterion)
        *criterion = s->score[rank];
    if (delta)
        *delta = s->score[rank] - s->score[0];
    return CAS_OK;
}

size_t cas_mse_selection_failed_count(const cas_mse_selection *s)
{
    return s ? s->nfailed : 0;
}

cas_status cas_mse_selection_failed(const cas_mse_selection *s, size_t index, uint64_t *model,
                                    int32_t *status, const char **message)
{
    if (!s)
        return CAS_ERR_ARG;
    if (index >= s->nfailed)
        return CAS_ERR_NOT_FOUND;
    if (model)
        *model = s->failed[index].model;
    if (status)
        *status = s->failed[index].status;
    if (message)
        *message = s->failed[index].message;
    return CAS_OK;
}

cas_status cas_mse_selection_spread(const cas_mse_selection *s, cas_mse_spread *out)
{
    if (!s || !CAS__SIZED_OK(out, cas_mse_spread))
        return CAS_ERR_ARG;
    cas__sized_write(out, &s->spread, sizeof s->spread);
    return CAS_OK;
}

cas_status cas_mse_selection_claim(const cas_mse_selection *s, const char *id,
                                   const cas_scope *scope, cas_claim *out, cas_error *err)
{
    if (!s || !CAS__SIZED_OK(out, cas_claim))
        return cas__fail(err, CAS_ERR_ARG, "", "%s",
                         !s     ? "NULL selection"
                         : !out ? "NULL claim"
                                : "claim.size is too small (call cas_claim_init())");
    if (scope && scope->size < sizeof *scope)
        return cas__fail(err, CAS_ERR_ARG, "scope",
                         "scope.size is too small (call cas_scope_init())");
    return cas__mse_fill_claim(out, s->spread.low_min, s->spread.high_max, s->ranked[0]->n_hat, id,
                               scope, s->source, s->quote, err);
}
