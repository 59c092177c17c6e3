/* SPDX-License-Identifier: MIT */
/* Poisson log-linear GLM by Newton's method (IRLS) with step halving.
 *
 * For the log link Newton's method and Fisher scoring coincide: each step is
 * the weighted least-squares solution of X beta = z with weights mu and
 * working response z = eta + (y - mu) / mu. The systems are tiny (at most 63
 * cells and 64 parameters for six lists), so a plain Cholesky is enough. */
#include "glm_internal.h"
#include "alloc_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HALVINGS 60
#define DEFAULT_MAX_ITER 200
/* Relative change of the deviance below which a step counts as settled. */
#define DEV_EPS 1e-10
/* A pivot this small relative to its diagonal means dependent columns. */
#define PIVOT_EPS 1e-11
/* exp() of more than this overflows a double. */
#define ETA_MAX 700.0

cas__glm_status cas__glm_fit_alloc(cas__glm_fit *fit, size_t n, size_t p)
{
    memset(fit, 0, sizeof *fit);
    if (n == 0 || p == 0 || p > 4096 || n > ((size_t)1 << 20))
        return CAS__GLM_BAD_INPUT;
    fit->beta = cas__calloc(p, sizeof *fit->beta);
    fit->cov = cas__calloc(p * p, sizeof *fit->cov);
    fit->mu = cas__calloc(n, sizeof *fit->mu);
    if (!fit->beta || !fit->cov || !fit->mu) {
        cas__glm_fit_release(fit);
        return CAS__GLM_NOMEM;
    }
    fit->n = n;
    fit->p = p;
    return CAS__GLM_OK;
}

void cas__glm_fit_release(cas__glm_fit *fit)
{
    if (!fit)
        return;
    cas__free(fit->beta);
    cas__free(fit->cov);
    cas__free(fit->mu);
    memset(fit, 0, sizeof *fit);
}

double cas__log_gamma(double x)
{
    /* Shift x up to >= 15 where the Stirling series with five correction
     * terms is accurate to about 1e-16, then divide the shift back out. */
    double shift = 0.0, prod = 1.0, x2, s;

    if (!(x > 0.0))
        return NAN;
    if (isinf(x))
        return INFINITY;
    while (x < 15.0) {
        prod *= x;
        x += 1.0;
        if (prod > 1e280) { /* only reached for tiny-and-shifted x; keep finite */
            shift += log(prod);
            prod = 1.0;
        }
    }
    shift += log(prod);
    x2 = 1.0 / (x * x);
    s = (1.0 / 12.0 -
         x2 * (1.0 / 360.0 - x2 * (1.0 / 1260.0 - x2 * (1.0 / 1680.0 - x2 * (1.0 / 1188.0))))) /
        x;
    return (x - 0.5) * log(x) - x + 0.91893853320467274178 + s - shift;
}

double cas__glm_unit_deviance(double y, double mu)
{
    if (y <= 0.0)
        return 2.0 * mu;
    return 2.0 * (y * log(y / mu) - (y - mu));
}

/* Cholesky factorisation of the p x p matrix @a in place (lower triangle).
 * Returns 0 when a pivot is not clearly positive. */
static int cholesky(double *a, size_t p)
{
    for (size_t j = 0; j < p; j++) {
        double d = a[j * p + j], orig = d;
        for (size_t k = 0; k < j; k++)
            d -= a[j * p + k] * a[j * p + k];
        if (!(d > PIVOT_EPS * orig) || !isfinite(d))
            return 0;
        d = sqrt(d);
        a[j * p + j] = d;
        for (size_t i = j + 1; i < p; i++) {
            double s = a[i * p + j];
            for (size_t k = 0; k < j; k++)
                s -= a[i * p + k] * a[j * p + k];
            a[i * p + j] = s / d;
        }
    }
    return 1;
}

/* Solve L L' x = b in place, L from cholesky(). */
static void chol_solve(const double *l, size_t p, double *b)
{
    for (size_t i = 0; i < p; i++) {
        double s = b[i];
        for (size_t k = 0; k < i; k++)
            s -= l[i * p + k] * b[k];
        b[i] = s / l[i * p + i];
    }
    for (size_t i = p; i-- > 0;) {
        double s = b[i];
        for (size_t k = i + 1; k < p; k++)
            s -= l[k * p + i] * b[k];
        b[i] = s / l[i * p + i];
    }
}

/* X' diag(w) X into @a (p x p, full). */
static void weighted_cross(double *a, const double *x, const double *w, size_t n, size_t p)
{
    memset(a, 0, p * p * sizeof *a);
    for (size_t i = 0; i < n; i++) {
        const double *xi = x + i * p;
        for (size_t r = 0; r < p; r++) {
            double v = w[i] * xi[r];
            if (v == 0.0)
                continue;
            for (size_t c = 0; c <= r; c++)
                a[r * p + c] += v * xi[c];
        }
    }
    for (size_t r = 0; r < p; r++)
        for (size_t c = r + 1; c < p; c++)
            a[r * p + c] = a[c * p + r];
}

/* eta = X beta, mu = exp(eta); returns the deviance (inf on overflow). */
static double predict(const double *x, const double *beta, const double *y, size_t n, size_t p,
                      double *eta, double *mu)
{
    double dev = 0.0;
    for (size_t i = 0; i < n; i++) {
        double e = 0.0;
        for (size_t k = 0; k < p; k++)
            e += x[i * p + k] * beta[k];
        eta[i] = e;
        if (!(e < ETA_MAX))
            return INFINITY;
        mu[i] = exp(e);
        dev += cas__glm_unit_deviance(y[i], mu[i]);
    }
    return isfinite(dev) ? dev : INFINITY;
}

/* ---- the iteration ---------------------------------------------------- */

/* The state of one fit: the data, and the work arrays (one allocation,
 * @work) for the current iterate and the step being tried. */
typedef struct irls {
    const double *x, *y;
    size_t n, p;
    double *work;
    double *eta, *eta_new, *mu, *mu_new, *wz, *a, *beta, *beta_new;
    double dev, dev_new;
    double noise;  /* deviance changes below this are rounding */
    int have_beta; /* a step has been taken: beta, eta, mu are its */
} irls;

/* How far an accepted step moved the linear predictors. */
typedef struct step_moves {
    double move;              /* the largest move */
    int only_zero_cells_move; /* each move beyond 1e-3 is that of a zero
                                 cell whose mean is below 1e-6 and falling */
    int zero_cells_moving;    /* how many such cells moved */
} step_moves;

/* Are the counts @y >= 0 and finite, and the design @x finite? @total
 * receives the sum of the counts. */
static int valid_input(const double *x, const double *y, size_t n, size_t p, double *total)
{
    *total = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!(y[i] >= 0.0) || !isfinite(y[i]))
            return 0;
        *total += y[i];
        for (size_t k = 0; k < p; k++)
            if (!isfinite(x[i * p + k]))
                return 0;
    }
    return 1;
}

/* Allocate the work arrays of @w. CAS__GLM_OK or CAS__GLM_NOMEM. */
static cas__glm_status irls_alloc(irls *w, const double *x, const double *y, size_t n, size_t p,
                                  double noise)
{
    memset(w, 0, sizeof *w);
    w->work = cas__malloc((5 * n + p * p + 2 * p) * sizeof *w->work);
    if (!w->work)
        return CAS__GLM_NOMEM;
    w->x = x;
    w->y = y;
    w->n = n;
    w->p = p;
    w->noise = noise;
    w->dev_new = INFINITY;
    w->eta = w->work;
    w->eta_new = w->eta + n;
    w->mu = w->eta_new + n;
    w->mu_new = w->mu + n;
    w->wz = w->mu_new + n;
    w->a = w->wz + n;
    w->beta = w->a + p * p;
    w->beta_new = w->beta + p;
    return CAS__GLM_OK;
}

/* Dependent columns make some parameter unidentifiable whatever the
 * counts: test the design itself with unit weights. */
static int design_singular(irls *w)
{
    for (size_t i = 0; i < w->n; i++)
        w->wz[i] = 1.0;
    weighted_cross(w->a, w->x, w->wz, w->n, w->p);
    return !cholesky(w->a, w->p);
}

/* The starting point: mu = y + 0.1. */
static void irls_start(irls *w)
{
    w->dev = 0.0;
    for (size_t i = 0; i < w->n; i++) {
        w->mu[i] = w->y[i] + 0.1;
        w->eta[i] = log(w->mu[i]);
        w->dev += cas__glm_unit_deviance(w->y[i], w->mu[i]);
    }
    memset(w->beta, 0, w->p * sizeof *w->beta);
}

/* The first cell with y == 0 whose mean has almost vanished, into @cell.
 * Returns 0 if there is none. */
static int vanishing_cell(const irls *w, size_t *cell)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->y[i] == 0.0 && w->mu[i] < 1e-6) {
            *cell = i;
            return 1;
        }
    return 0;
}

/* Try one Newton step into beta_new, eta_new, mu_new and dev_new, halved
 * (@halvings counts how often) while it makes the fit worse. Returns
 * CAS__GLM_OK, or how the fit ends if no step can be taken. */
static cas__glm_status newton_step(irls *w, cas__glm_fit *fit, int *halvings)
{
    const double *x = w->x, *y = w->y;
    size_t n = w->n, p = w->p;

    weighted_cross(w->a, x, w->mu, n, p);
    if (!cholesky(w->a, p)) {
        /* Weights that collapse during the iteration: the fit is heading
         * for the boundary if some zero cell's mean is vanishing. */
        size_t cell;
        if (!vanishing_cell(w, &cell))
            return CAS__GLM_SINGULAR;
        fit->boundary_cell = cell;
        return CAS__GLM_BOUNDARY;
    }
    memset(w->beta_new, 0, p * sizeof *w->beta_new);
    for (size_t i = 0; i < n; i++) {
        double z = w->eta[i] + (y[i] - w->mu[i]) / w->mu[i];
        for (size_t k = 0; k < p; k++)
            w->beta_new[k] += x[i * p + k] * w->mu[i] * z;
    }
    chol_solve(w->a, p, w->beta_new);
    w->dev_new = predict(x, w->beta_new, y, n, p, w->eta_new, w->mu_new);

    /* Step halving: never accept a step that makes the fit worse. */
    while (w->have_beta &&
           (!isfinite(w->dev_new) ||
            w->dev_new - w->dev > DEV_EPS * (fabs(w->dev) + 0.1) + w->noise) &&
           *halvings < HALVINGS) {
        for (size_t k = 0; k < p; k++)
            w->beta_new[k] = 0.5 * (w->beta_new[k] + w->beta[k]);
        w->dev_new = predict(x, w->beta_new, y, n, p, w->eta_new, w->mu_new);
        (*halvings)++;
        fit->halvings++;
    }
    if (!isfinite(w->dev_new))
        return CAS__GLM_NOT_CONVERGED;
    return CAS__GLM_OK;
}

/* How far the step in eta_new moves the predictors from eta. */
static void measure_step(const irls *w, step_moves *m)
{
    m->move = 0.0;
    m->only_zero_cells_move = 1;
    m->zero_cells_moving = 0;
    for (size_t i = 0; i < w->n; i++) {
        double d = fabs(w->eta_new[i] - w->eta[i]);
        if (d > m->move)
            m->move = d;
        if (d <= 1e-3)
            continue;
        if (w->y[i] == 0.0 && w->mu_new[i] < 1e-6 && w->eta_new[i] < w->eta[i])
            m->zero_cells_moving++;
        else
            m->only_zero_cells_move = 0;
    }
}

/* Make the step tried the current iterate. */
static void accept_step(irls *w)
{
    memcpy(w->beta, w->beta_new, w->p * sizeof *w->beta);
    memcpy(w->eta, w->eta_new, w->n * sizeof *w->eta);
    memcpy(w->mu, w->mu_new, w->n * sizeof *w->mu);
    w->dev = w->dev_new;
    w->have_beta = 1;
}

/* Newton steps until the fit converges, reaches the boundary or gives up
 * (after @max_iter steps). Returns how it ended. */
static cas__glm_status iterate(irls *w, cas__glm_fit *fit, int max_iter)
{
    int settled_run = 0;

    fit->boundary_cell = 0;
    fit->halvings = 0;
    for (int it = 1; it <= max_iter; it++) {
        step_moves m;
        int halvings = 0, settled;
        cas__glm_status st = newton_step(w, fit, &halvings);

        if (st != CAS__GLM_OK)
            return st;
        settled = fabs(w->dev_new - w->dev) <= DEV_EPS * (fabs(w->dev_new) + 0.1) + w->noise;
        measure_step(w, &m);
        accept_step(w);
        fit->iterations = it;

        /* Newton converges quadratically: once the deviance has settled,
         * one more step leaves an error of the order of the square of the
         * last move. Rounding may keep tiny moves alive in ill-conditioned
         * fits, hence the second test. */
        settled_run = settled ? settled_run + 1 : 0;
        if (m.move <= 1e-9 || (settled && settled_run >= 2 && m.move <= 1e-3))
            return CAS__GLM_OK;
        if (settled && m.only_zero_cells_move && m.zero_cells_moving > 0) {
            size_t cell;
            if (vanishing_cell(w, &cell))
                fit->boundary_cell = cell;
            return CAS__GLM_BOUNDARY;
        }
        if (halvings == HALVINGS) {
            /* No step improves the deviance any more: at the optimum up to
             * rounding if the deviance has stopped moving, stuck if not. */
            return settled ? CAS__GLM_OK : CAS__GLM_NOT_CONVERGED;
        }
    }
    return CAS__GLM_NOT_CONVERGED;
}

/* Fill @fit from the last iterate, and after convergence (@st) the
 * covariance of beta: the inverse Fisher information at the fit. Returns
 * how the fit ended. */
static cas__glm_status finish(irls *w, cas__glm_fit *fit, cas__glm_status st)
{
    const double *y = w->y;
    size_t n = w->n, p = w->p;

    if (w->have_beta) {
        memcpy(fit->beta, w->beta, p * sizeof *w->beta);
        memcpy(fit->mu, w->mu, n * sizeof *w->mu);
        fit->deviance = w->dev;
        fit->loglik = 0.0;
        for (size_t i = 0; i < n; i++)
            fit->loglik +=
                (y[i] > 0.0 ? y[i] * log(w->mu[i]) - cas__log_gamma(y[i] + 1.0) : 0.0) - w->mu[i];
    }
    if (st != CAS__GLM_OK)
        return st;
    weighted_cross(w->a, w->x, w->mu, n, p);
    if (!cholesky(w->a, p))
        return CAS__GLM_SINGULAR;
    for (size_t j = 0; j < p; j++) {
        for (size_t k = 0; k < p; k++)
            w->beta_new[k] = (k == j) ? 1.0 : 0.0;
        chol_solve(w->a, p, w->beta_new);
        for (size_t k = 0; k < p; k++)
            fit->cov[k * p + j] = w->beta_new[k];
    }
    return CAS__GLM_OK;
}

cas__glm_status cas__glm_poisson(cas__glm_fit *fit, const double *x, const double *y, size_t n,
                                 size_t p, int max_iter)
{
    cas__glm_status st;
    double total;
    irls w;

    if (!fit || !x || !y || n == 0 || p == 0 || fit->n != n || fit->p != p)
        return CAS__GLM_BAD_INPUT;
    if (!valid_input(x, y, n, p, &total))
        return CAS__GLM_BAD_INPUT;
    if (max_iter <= 0)
        max_iter = DEFAULT_MAX_ITER;
    /* The deviance is a sum of terms y log(y / mu) - (y - mu) that cancel
     * as mu nears y: differences below this are rounding, not progress. */
    if ((st = irls_alloc(&w, x, y, n, p, 1e-13 * (total + 1.0))) != CAS__GLM_OK)
        return st;
    if (design_singular(&w)) {
        st = CAS__GLM_SINGULAR;
    } else {
        irls_start(&w);
        st = finish(&w, fit, iterate(&w, fit, max_iter));
    }
    cas__free(w.work);
    return st;
}
