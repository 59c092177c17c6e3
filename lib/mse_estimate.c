/* SPDX-License-Identifier: MIT */
/* Estimates: making one, the texts that cite it (source and quote), the
 * cas_mse_estimate_* getters, and an estimate (or a selection's spread)
 * written as a claim. */
#include "mse_internal.h"
#include "alloc_internal.h"
#include "sized_internal.h"
#include "json_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The upper-tail normal quantile: z with P(Z > z) = q, 0 < q < 1. Bisection
 * on erfc (monotone, no tables), then one Newton step. */
static double normal_upper_quantile(double q)
{
    double lo = -40.0, hi = 40.0, z;

    for (int i = 0; i < 200 && hi - lo > 1e-15; i++) {
        double mid = 0.5 * (lo + hi);
        if (0.5 * erfc(mid / sqrt(2.0)) > q)
            lo = mid;
        else
            hi = mid;
    }
    z = 0.5 * (lo + hi);
    z += (0.5 * erfc(z / sqrt(2.0)) - q) / (exp(-0.5 * z * z) / 2.5066282746310002);
    return z;
}

/* ---- estimates -------------------------------------------------------------- */

cas_mse_estimate *cas__mse_estimate_new(const cas_mse_table *t, int32_t method,
                                        const cas_mse_options *o)
{
    cas_mse_estimate *e = cas__calloc(1, sizeof *e);
    size_t off = 0;

    if (!e)
        return NULL;
    e->method = method;
    e->lists = t->lists;
    e->observed = t->observed;
    e->level = o->level;
    e->z = normal_upper_quantile(0.5 * (1.0 - o->level));
    e->deviance = e->loglik = e->aic = e->bic = e->profile_mode = NAN;
    for (uint32_t j = 0; j < t->lists; j++)
        off += (size_t)snprintf(e->list_text + off, sizeof e->list_text - off, "%s%s",
                                j ? ", " : "", t->names[j]);
    return e;
}

void cas_mse_estimate_free(cas_mse_estimate *e)
{
    if (!e)
        return;
    cas__free(e->source);
    cas__free(e->quote);
    cas__free(e);
}

static const char *method_name(int32_t method)
{
    switch (method) {
    case CAS_MSE_LINCOLN_PETERSEN:
        return "Lincoln-Petersen";
    case CAS_MSE_CHAPMAN:
        return "Chapman";
    default:
        return "log-linear";
    }
}

static const char *interval_name(int kind)
{
    switch (kind) {
    case CAS_MSE_CI_WALD:
        return "Wald";
    case CAS_MSE_CI_LOGNORMAL:
        return "log-normal";
    default:
        return "profile-likelihood";
    }
}

/* The interval an estimate's claim uses. */
int cas__mse_claim_interval(const cas_mse_estimate *e)
{
    return e->have_ci[CAS_MSE_CI_PROFILE] ? CAS_MSE_CI_PROFILE : CAS_MSE_CI_LOGNORMAL;
}

void cas__mse_format_bound(char *buf, size_t size, double v)
{
    if (isinf(v))
        snprintf(buf, size, "unbounded");
    else
        cas__real_text(buf, size, v, 2);
}

/* Build the source and quote strings (again, after a profile was added). */
cas_status cas__mse_estimate_texts(cas_mse_estimate *e)
{
    char buf[CAS_MSE_MAX_LISTS * (CAS__MSE_NAME_MAX_BYTES + 2) + 512], lo[32], hi[32];
    char nhat[40], se[40], level[40];
    int kind = cas__mse_claim_interval(e);
    char *src, *quote;

    if (e->method == CAS_MSE_LOGLINEAR)
        snprintf(buf, sizeof buf, "MSE log-linear %s; lists: %s", e->model_text, e->list_text);
    else
        snprintf(buf, sizeof buf, "MSE %s; lists: %s", method_name(e->method), e->list_text);
    src = cas__mse_dup_text(buf);
    cas__mse_format_bound(lo, sizeof lo, e->ci_low[kind]);
    cas__mse_format_bound(hi, sizeof hi, e->ci_high[kind]);
    cas__real_text(nhat, sizeof nhat, e->n_hat, 2);
    cas__real_text(se, sizeof se, e->se, 2);
    cas__real_fmt(level, sizeof level, "%.10g", e->level * 100.0);
    snprintf(buf, sizeof buf,
             "N-hat %s (SE %s), %s%% %s interval %s to %s; %lld observed on %u lists", nhat, se,
             level, interval_name(kind), lo, hi, (long long)e->observed, (unsigned)e->lists);
    quote = cas__mse_dup_text(buf);
    if (!src || !quote) {
        cas__free(src);
        cas__free(quote);
        return CAS_ERR_NOMEM;
    }
    cas__free(e->source);
    cas__free(e->quote);
    e->source = src;
    e->quote = quote;
    return CAS_OK;
}

/* ---- getters ------------------------------------------------------------------ */

cas_status cas_mse_estimate_summary(const cas_mse_estimate *e, cas_mse_summary *out)
{
    cas_mse_summary sum;
    int kind;

    if (!e || !CAS__SIZED_OK(out, cas_mse_summary))
        return CAS_ERR_ARG;
    kind = cas__mse_claim_interval(e);
    cas_mse_summary_init(&sum);
    sum.method = e->method;
    sum.lists = e->lists;
    sum.params = e->params;
    sum.df = e->df;
    sum.iterations = e->iterations;
    sum.interval = kind;
    sum.interval_flags = e->ci_flags[kind];
    sum.model = e->model;
    sum.observed = e->observed;
    sum.level = e->level;
    sum.n_hat = e->n_hat;
    sum.se = e->se;
    sum.deviance = e->deviance;
    sum.loglik = e->loglik;
    sum.aic = e->aic;
    sum.bic = e->bic;
    sum.low = e->ci_low[kind];
    sum.high = e->ci_high[kind];
    sum.profile_mode = e->profile_mode;
    cas__sized_write(out, &sum, sizeof sum);
    return CAS_OK;
}

cas_status cas_mse_estimate_interval(const cas_mse_estimate *e, int32_t kind, double *low,
                                     double *high, uint32_t *flags)
{
    if (!e || !low || !high || kind < CAS_MSE_CI_WALD || kind > CAS_MSE_CI_PROFILE)
        return CAS_ERR_ARG;
    if (!e->have_ci[kind])
        return CAS_ERR_NOT_FOUND;
    *low = e->ci_low[kind];
    *high = e->ci_high[kind];
    if (flags)
        *flags = e->ci_flags[kind];
    return CAS_OK;
}

const char *cas_mse_estimate_model(const cas_mse_estimate *e)
{
    return e ? e->model_text : NULL;
}

const char *cas_mse_estimate_source(const cas_mse_estimate *e)
{
    return e ? e->source : NULL;
}

size_t cas_mse_estimate_coef_count(const cas_mse_estimate *e)
{
    return e ? e->ncoef : 0;
}

cas_status cas_mse_estimate_coef(const cas_mse_estimate *e, size_t index, uint64_t *term,
                                 double *value, double *se)
{
    if (!e)
        return CAS_ERR_ARG;
    if (index >= e->ncoef)
        return CAS_ERR_NOT_FOUND;
    if (term)
        *term = e->terms[index];
    if (value)
        *value = e->coef[index];
    if (se)
        *se = e->coef_se[index];
    return CAS_OK;
}

cas_status cas_mse_estimate_fitted(const cas_mse_estimate *e, uint32_t pattern, double *out)
{
    if (!e || !out)
        return CAS_ERR_ARG;
    if (pattern >= (1u << e->lists) || (pattern != 0 && e->method != CAS_MSE_LOGLINEAR))
        return CAS_ERR_NOT_FOUND;
    *out = e->fitted[pattern];
    return CAS_OK;
}

/* ---- claims ------------------------------------------------------------------- */

cas_status cas__mse_fill_claim(cas_claim *out, double low, double high, double best, const char *id,
                               const cas_scope *scope, const char *source, const char *quote,
                               cas_error *err)
{
    int64_t ilow, ihigh, ibest;
    cas_claim c;

    if (!(low >= 0.0) || !(best >= 0.0) || isnan(high))
        return cas__fail(err, CAS_ERR_RANGE, "", "the estimate has no valid interval");
    if (floor(low) >= 9.2e18 || best >= 9.2e18 || (isfinite(high) && ceil(high) >= 9.2e18))
        return cas__fail(err, CAS_ERR_OVERFLOW, "high",
                         "the interval reaches beyond the largest count");
    ilow = (int64_t)floor(low);
    ihigh = isfinite(high) ? (int64_t)ceil(high) : CAS_OPEN;
    ibest = (int64_t)llround(best);
    if (ibest < ilow || (ihigh != CAS_OPEN && ibest > ihigh))
        return cas__fail(err, CAS_ERR_RANGE, "best",
                         "N-hat %.2f lies outside its interval [%lld, %lld]", best, (long long)ilow,
                         (long long)ihigh);
    cas_claim_init(&c);
    c.qualifier = CAS_QUAL_APPROX;
    c.basis = CAS_BASIS_ESTIMATED;
    c.low = ilow;
    c.high = ihigh;
    c.best = ibest;
    c.id = id;
    c.source = source;
    c.source_kind = "";
    c.relay = "";
    c.citation = "";
    c.quote = quote;
    if (scope) {
        c.scope = *scope;
        c.scope.size = (uint32_t)sizeof c.scope;
    }
    cas__sized_write(out, &c, sizeof c);
    return CAS_OK;
}

cas_status cas_mse_estimate_claim(const cas_mse_estimate *e, const char *id, const cas_scope *scope,
                                  cas_claim *out, cas_error *err)
{
    int kind;

    if (!e || !CAS__SIZED_OK(out, cas_claim))
        return cas__fail(err, CAS_ERR_ARG, "", "%s",
                         !e     ? "NULL estimate"
                         : !out ? "NULL claim"
                                : "claim.size is too small (call cas_claim_init())");
    if (scope && scope->size < sizeof *scope)
        return cas__fail(err, CAS_ERR_ARG, "scope",
                         "scope.size is too small (call cas_scope_init())");
    kind = cas__mse_claim_interval(e);
    return cas__mse_fill_claim(out, e->ci_low[kind], e->ci_high[kind], e->n_hat, id, scope,
                               e->source, e->quote, err);
}
