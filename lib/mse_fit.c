/* SPDX-License-Identifier: MIT */
/* The log-linear fit: a model's design on the observed cells, fitted by the
 * Poisson GLM solver (lib/glm.c), its N-hat and coefficients, and its
 * intervals: Wald, log-normal, and the profile likelihood of N. */
#include "mse_internal.h"
#include "alloc_internal.h"
#include "glm_internal.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define PROFILE_REACH 1000.0 /* search the upper bound up to this times N-hat */

static double xlogx(double x)
{
    return x > 0.0 ? x * log(x) : 0.0;
}

/* ---- closed-form intervals ----------------------------------------------- */

/* Wald and log-normal intervals from n_hat and se. */
void cas__mse_closed_intervals(cas_mse_estimate *e)
{
    double n = (double)e->observed, f = e->n_hat - n, z = e->z;
    double lo = e->n_hat - z * e->se;

    e->have_ci[CAS_MSE_CI_WALD] = 1;
    e->ci_flags[CAS_MSE_CI_WALD] = 0;
    if (lo < n) {
        lo = n;
        e->ci_flags[CAS_MSE_CI_WALD] |= CAS_MSE_LOW_AT_OBSERVED;
    }
    e->ci_low[CAS_MSE_CI_WALD] = lo;
    e->ci_high[CAS_MSE_CI_WALD] = e->n_hat + z * e->se;

    e->have_ci[CAS_MSE_CI_LOGNORMAL] = 1;
    e->ci_flags[CAS_MSE_CI_LOGNORMAL] = 0;
    if (f > 0.0 && e->se > 0.0) {
        double c = exp(z * sqrt(log1p(e->se * e->se / (f * f))));
        e->ci_low[CAS_MSE_CI_LOGNORMAL] = n + f / c;
        e->ci_high[CAS_MSE_CI_LOGNORMAL] = n + f * c;
    } else {
        /* Nothing unobserved, or no variance: the interval collapses. */
        e->ci_low[CAS_MSE_CI_LOGNORMAL] = n + (f > 0.0 ? f : 0.0);
        e->ci_high[CAS_MSE_CI_LOGNORMAL] = e->ci_low[CAS_MSE_CI_LOGNORMAL];
    }
}

/* ---- the design, and the profile likelihood of N ------------------------------ */

/* The design of @model: one row per observed pattern, columns intercept,
 * main effects, then interactions by increasing mask. Returns the number of
 * columns; @terms receives each column's term mask. */
static size_t design(double *x, uint64_t *terms, uint32_t lists, uint64_t model, size_t extra_rows)
{
    uint32_t cells = 1u << lists;
    size_t p = 0;

    terms[p++] = 0;
    for (uint32_t j = 0; j < lists; j++)
        terms[p++] = (uint64_t)1 << j;
    for (uint32_t s = 1; s < cells; s++)
        if (cas__mse_popcount(s) >= 2 && ((model >> s) & 1u))
            terms[p++] = s;
    if (x) {
        for (uint32_t c = 1; c < cells; c++)
            for (size_t k = 0; k < p; k++)
                x[(c - 1) * p + k] = ((c & terms[k]) == terms[k]) ? 1.0 : 0.0;
        /* Extra rows (the unobserved cell): the intercept only. */
        for (size_t r = 0; r < extra_rows; r++)
            for (size_t k = 0; k < p; k++)
                x[(cells - 1 + r) * p + k] = k == 0 ? 1.0 : 0.0;
    }
    return p;
}

/* The profile log-likelihood of N (Cormack 1992), up to a constant. */
typedef struct profile {
    double *x, *y;
    size_t n, p;
    double observed;
    int max_iter;
    cas__glm_fit fit;
    int evaluations;
} profile;

static int profile_at(profile *pr, double big_n, double *out)
{
    double n0 = big_n - pr->observed;
    cas__glm_status gs;

    if (n0 < 0.0)
        n0 = 0.0;
    pr->y[pr->n - 1] = n0;
    pr->evaluations++;
    gs = cas__glm_poisson(&pr->fit, pr->x, pr->y, pr->n, pr->p, pr->max_iter);
    /* A boundary fit still has a well-defined limiting deviance. */
    if (gs != CAS__GLM_OK && gs != CAS__GLM_BOUNDARY)
        return -1;
    *out = -0.5 * pr->fit.deviance + cas__log_gamma(big_n + 1.0) - cas__log_gamma(n0 + 1.0) +
           xlogx(n0) - xlogx(big_n);
    return isfinite(*out) ? 0 : -1;
}

/* A root of f(x) = target between a (f above) and b (f below), by the
 * Illinois variant of regula falsi. Returns 0 and the root in @root. */
static int profile_cross(profile *pr, double a, double fa, double b, double fb, double target,
                         double *root)
{
    int side = 0;

    fa -= target;
    fb -= target;
    for (int i = 0; i < 200; i++) {
        double c, fc;
        if (fabs(b - a) <= 1e-10 * fabs(a) + 1e-9)
            break;
        c = (a * fb - b * fa) / (fb - fa);
        if (!(c > fmin(a, b) && c < fmax(a, b)))
            c = 0.5 * (a + b);
        if (profile_at(pr, c, &fc) != 0)
            return -1;
        fc -= target;
        if ((fc > 0.0) == (fa > 0.0)) {
            a = c;
            fa = fc;
            if (side == -1)
                fb *= 0.5;
            side = -1;
        } else {
            b = c;
            fb = fc;
            if (side == 1)
                fa *= 0.5;
            side = 1;
        }
        if (fc == 0.0) {
            a = b = c;
            break;
        }
    }
    *root = 0.5 * (a + b);
    return 0;
}

/* Allocate @pr for @model on @t: the observed cells plus the unobserved
 * one, whose count profile_at() sets. CAS_OK or CAS_ERR_NOMEM; either way
 * profile_release() frees what was allocated. */
static cas_status profile_setup(profile *pr, const cas_mse_table *t, uint64_t model, int max_iter)
{
    uint64_t terms[CAS__MSE_MAX_CELLS];
    uint32_t cells = 1u << t->lists;

    memset(pr, 0, sizeof *pr);
    pr->n = cells; /* the observed cells plus the unobserved one */
    pr->p = design(NULL, terms, t->lists, model, 0);
    pr->observed = (double)t->observed;
    pr->max_iter = max_iter;
    pr->x = cas__malloc(pr->n * pr->p * sizeof *pr->x);
    pr->y = cas__malloc(pr->n * sizeof *pr->y);
    if (!pr->x || !pr->y || cas__glm_fit_alloc(&pr->fit, pr->n, pr->p) != CAS__GLM_OK)
        return CAS_ERR_NOMEM;
    design(pr->x, terms, t->lists, model, 1);
    for (uint32_t c = 1; c < cells; c++)
        pr->y[c - 1] = (double)t->counts[c];
    return CAS_OK;
}

static void profile_release(profile *pr)
{
    cas__glm_fit_release(&pr->fit);
    cas__free(pr->x);
    cas__free(pr->y);
}

/* The maximum of the profile on [@lo, @hi] by golden section: its place
 * in @mode, its value in @fmode. Returns 0, or -1 if the likelihood cannot
 * be evaluated. */
static int profile_max(profile *pr, double lo, double hi, double *mode, double *fmode)
{
    const double g = 0.6180339887498949;
    double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo), f1, f2;

    if (profile_at(pr, x1, &f1) || profile_at(pr, x2, &f2))
        return -1;
    while (hi - lo > 1e-10 * hi + 1e-9) {
        if (f1 < f2) {
            lo = x1;
            x1 = x2;
            f1 = f2;
            x2 = lo + g * (hi - lo);
            if (profile_at(pr, x2, &f2))
                return -1;
        } else {
            hi = x2;
            x2 = x1;
            f2 = f1;
            x1 = hi - g * (hi - lo);
            if (profile_at(pr, x1, &f1))
                return -1;
        }
    }
    *mode = 0.5 * (lo + hi);
    return profile_at(pr, *mode, fmode);
}

/* The lower bound into @e: between n and the mode, unless the likelihood
 * at n is still above the cut-off @target. Returns 0, or -1 if the
 * likelihood cannot be evaluated. */
static int profile_low(profile *pr, cas_mse_estimate *e, double mode, double fmode, double target,
                       uint32_t *flags)
{
    double n = pr->observed, fn;

    if (profile_at(pr, n, &fn))
        return -1;
    if (fn >= target) {
        e->ci_low[CAS_MSE_CI_PROFILE] = n;
        *flags |= CAS_MSE_LOW_AT_OBSERVED;
        return 0;
    }
    return profile_cross(pr, mode, fmode, n, fn, target, &e->ci_low[CAS_MSE_CI_PROFILE]);
}

/* The upper bound into @e: step out from the mode, doubling, until the
 * likelihood falls below the cut-off @target; then close in. Unbounded
 * (CAS_MSE_HIGH_NOT_FOUND) when the search reaches too far. */
static void profile_high(profile *pr, cas_mse_estimate *e, double mode, double fmode, double target,
                         uint32_t *flags)
{
    double step = fmax(fmax(e->n_hat - pr->observed, e->se), 1.0);
    double lo = mode, flo = fmode;

    e->ci_high[CAS_MSE_CI_PROFILE] = INFINITY;
    for (;;) {
        double b = mode + step, fb;
        if (b > PROFILE_REACH * e->n_hat || b > 1e15 || profile_at(pr, b, &fb)) {
            *flags |= CAS_MSE_HIGH_NOT_FOUND;
            break;
        }
        if (fb < target) {
            if (profile_cross(pr, lo, flo, b, fb, target, &e->ci_high[CAS_MSE_CI_PROFILE])) {
                e->ci_high[CAS_MSE_CI_PROFILE] = INFINITY;
                *flags |= CAS_MSE_HIGH_NOT_FOUND;
            }
            break;
        }
        lo = b;
        flo = fb;
        step *= 2.0;
    }
}

/* The profile-likelihood interval of @e: where the profile falls z^2 / 2
 * below its maximum. Returns 0, or -1 if the likelihood cannot be evaluated
 * near its maximum. */
static int profile_interval(profile *pr, cas_mse_estimate *e)
{
    double n = pr->observed, mode, fmode, target;
    uint32_t flags = 0;

    /* The maximum, by golden section on [n, 3 N-hat] (the multinomial
     * maximum lies below the Poisson N-hat). */
    if (profile_max(pr, n, fmax(3.0 * e->n_hat, n + 1.0), &mode, &fmode))
        return -1;
    target = fmode - 0.5 * e->z * e->z;
    if (profile_low(pr, e, mode, fmode, target, &flags))
        return -1;
    profile_high(pr, e, mode, fmode, target, &flags);
    e->profile_mode = mode;
    e->ci_flags[CAS_MSE_CI_PROFILE] = flags;
    e->have_ci[CAS_MSE_CI_PROFILE] = 1;
    return 0;
}

cas_status cas__mse_add_profile(cas_mse_estimate *e, const cas_mse_table *t, int max_iter)
{
    profile pr;
    cas_status st = profile_setup(&pr, t, e->model, max_iter);

    /* A likelihood that cannot be evaluated near its maximum: no profile
     * interval at all (the log-normal one stands in). */
    if (st == CAS_OK && profile_interval(&pr, e) != 0)
        e->have_ci[CAS_MSE_CI_PROFILE] = 0;
    profile_release(&pr);
    if (st == CAS_OK)
        st = cas__mse_estimate_texts(e);
    return st;
}

/* ---- fitting a model -------------------------------------------------------- */

/* Why @model (its text @mtext) cannot estimate N from @t whatever the fit:
 * a term on all lists, a list without records, no record on two lists.
 * CAS_OK if none of these. */
static cas_status check_identifiable(const cas_mse_table *t, uint64_t model, const char *mtext,
                                     cas_error *err)
{
    uint32_t lists = t->lists, cells = 1u << lists, full = cells - 1;
    char pat[CAS_MSE_MAX_LISTS + 1];
    int64_t overlap = 0;

    if ((model >> full) & 1u) {
        cas__mse_term_text(pat, full);
        return cas__fail(err, CAS_ERR_NO_ESTIMATE, "model",
                         "model %s has the term %s on all %u lists: it is confounded with "
                         "the unobserved cell, so N is not identifiable",
                         mtext, pat, (unsigned)lists);
    }
    for (uint32_t j = 0; j < lists; j++) {
        int64_t on = 0;
        for (uint32_t c = 1; c < cells; c++)
            if ((c >> j) & 1u)
                on += t->counts[c];
        if (on == 0)
            return cas__fail(err, CAS_ERR_NO_ESTIMATE, "",
                             "list '%.64s' has no records: it cannot be matched against "
                             "the others",
                             t->names[j]);
    }
    for (uint32_t c = 1; c < cells; c++)
        if (cas__mse_popcount(c) >= 2)
            overlap += t->counts[c];
    if (overlap == 0)
        return cas__fail(err, CAS_ERR_NO_ESTIMATE, "",
                         "no record is on more than one list: without overlaps the lists "
                         "say nothing about who is on none");
    return CAS_OK;
}

/* The error of a fit of model @mtext that ended with @gs (not CAS__GLM_OK);
 * @fit holds the solver's last state. */
static cas_status glm_failure(const cas__glm_fit *fit, cas__glm_status gs, uint32_t lists,
                              const char *mtext, const cas_mse_options *o, cas_error *err)
{
    char pat[CAS_MSE_MAX_LISTS + 1];

    switch (gs) {
    case CAS__GLM_BOUNDARY:
        cas__mse_pattern_text(pat, (uint32_t)fit->boundary_cell + 1, lists);
        return cas__fail(err, CAS_ERR_DIVERGED, "model",
                         "model %s: the maximum-likelihood fit does not exist (the fitted "
                         "count of pattern %s, observed 0, runs off to zero while the "
                         "parameters run off to infinity); the table is too sparse for "
                         "this model",
                         mtext, pat);
    case CAS__GLM_NOT_CONVERGED:
        return cas__fail(err, CAS_ERR_NOT_CONVERGED, "model",
                         "model %s: the fit did not converge in %d steps", mtext,
                         o->max_iterations > 0 ? o->max_iterations : 200);
    case CAS__GLM_NOMEM:
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    default:
        return cas__fail(err, CAS_ERR_NO_ESTIMATE, "model",
                         "model %s: its parameters are not identifiable from the cells", mtext);
    }
}

/* Fit @model, its @p parameters' terms in @terms, to the observed cells of
 * @t into @fit. On failure @err says why and @fit holds nothing. */
static cas_status fit_cells(cas__glm_fit *fit, const cas_mse_table *t, uint64_t model,
                            uint64_t *terms, size_t p, const char *mtext, const cas_mse_options *o,
                            cas_error *err)
{
    uint32_t lists = t->lists, cells = 1u << lists;
    size_t ncell = cells - 1;
    double *x, y[CAS__MSE_MAX_CELLS];
    cas__glm_status gs;
    cas_status st;

    x = cas__malloc(ncell * p * sizeof *x);
    if (!x || cas__glm_fit_alloc(fit, ncell, p) != CAS__GLM_OK) {
        cas__free(x);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    design(x, terms, lists, model, 0);
    for (uint32_t c = 1; c < cells; c++)
        y[c - 1] = (double)t->counts[c];
    gs = cas__glm_poisson(fit, x, y, ncell, p, o->max_iterations);
    cas__free(x);
    if (gs == CAS__GLM_OK)
        return CAS_OK;
    st = glm_failure(fit, gs, lists, mtext, o, err);
    cas__glm_fit_release(fit);
    return st;
}

/* Copy the fit of @model into @e: N-hat = n + @ex (the unobserved count),
 * the criteria, the coefficients and the fitted counts. */
static void fill_estimate(cas_mse_estimate *e, const cas_mse_table *t, uint64_t model,
                          const char *mtext, const uint64_t *terms, const cas__glm_fit *fit,
                          double ex)
{
    uint32_t cells = 1u << t->lists;
    size_t p = fit->p, ncell = cells - 1;

    e->model = model;
    memcpy(e->model_text, mtext, sizeof e->model_text);
    e->params = (int32_t)p;
    e->df = (int32_t)(ncell - p);
    e->iterations = fit->iterations;
    e->n_hat = (double)t->observed + ex;
    e->se = sqrt(ex + ex * ex * fit->cov[0]);
    e->deviance = fit->deviance;
    e->loglik = fit->loglik;
    e->aic = -2.0 * fit->loglik + 2.0 * (double)p;
    e->bic = -2.0 * fit->loglik + (double)p * log((double)t->observed);
    e->ncoef = p;
    for (size_t k = 0; k < p; k++) {
        e->terms[k] = terms[k];
        e->coef[k] = fit->beta[k];
        e->coef_se[k] = sqrt(fit->cov[k * p + k]);
    }
    e->fitted[0] = ex;
    for (uint32_t c = 1; c < cells; c++)
        e->fitted[c] = fit->mu[c - 1];
}

/* Fit @model (closed) to @t. On failure @err says why; nothing is allocated. */
cas_status cas__mse_fit_model(cas_mse_estimate **out, const cas_mse_table *t, uint64_t model,
                              const cas_mse_options *o, int with_profile, cas_error *err)
{
    uint32_t lists = t->lists;
    uint64_t terms[CAS__MSE_MAX_CELLS];
    size_t p, ncell = (1u << lists) - 1;
    cas__glm_fit fit;
    cas_mse_estimate *e;
    char mtext[CAS_MSE_MODEL_TEXT_MAX];
    cas_status st;
    double b0, ex;

    cas_mse_model_format(mtext, sizeof mtext, model, lists);
    if ((st = check_identifiable(t, model, mtext, err)) != CAS_OK)
        return st;
    p = design(NULL, terms, lists, model, 0);
    if (p == ncell && !(o->flags & CAS_MSE_ALLOW_SATURATED))
        return cas__fail(err, CAS_ERR_SATURATED, "model",
                         "model %s has %zu parameters for %zu cells: it is saturated (df = 0), "
                         "so nothing checks its fit (set CAS_MSE_ALLOW_SATURATED to fit it "
                         "anyway)",
                         mtext, p, ncell);
    if ((st = fit_cells(&fit, t, model, terms, p, mtext, o, err)) != CAS_OK)
        return st;
    b0 = fit.beta[0];
    ex = exp(b0);
    if (!isfinite(ex) || (double)t->observed + ex > 1e15) {
        cas__glm_fit_release(&fit);
        return cas__fail(err, CAS_ERR_DIVERGED, "model",
                         "model %s: the estimated unobserved count (exp(%g)) is beyond any "
                         "plausible size; the data do not bound N under this model",
                         mtext, b0);
    }
    e = cas__mse_estimate_new(t, CAS_MSE_LOGLINEAR, o);
    if (!e) {
        cas__glm_fit_release(&fit);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    fill_estimate(e, t, model, mtext, terms, &fit, ex);
    cas__glm_fit_release(&fit);
    cas__mse_closed_intervals(e);
    if ((with_profile && cas__mse_add_profile(e, t, o->max_iterations) != CAS_OK) ||
        cas__mse_estimate_texts(e) != CAS_OK) {
        cas_mse_estimate_free(e);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    *out = e;
    return CAS_OK;
}

/* ---- the public fit --------------------------------------------------------- */

cas_status cas_mse_fit(cas_mse_estimate **out, const cas_mse_table *t, uint64_t model,
                       const cas_mse_options *opts, cas_error *err)
{
    cas_mse_options o;
    cas_status st;

    if (!out || !t)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !out ? "out" : "table");
    if ((st = cas__mse_get_options(&o, opts, err)) != CAS_OK)
        return st;
    if (!cas__mse_model_fits_lists(model, t->lists))
        return cas__fail(err, CAS_ERR_ARG, "model",
                         "model mask 0x%llx names lists beyond the table's %u",
                         (unsigned long long)model, (unsigned)t->lists);
    return cas__mse_fit_model(out, t, cas__mse_close_model(model, t->lists), &o,
                              !(o.flags & CAS_MSE_NO_PROFILE), err);
}
