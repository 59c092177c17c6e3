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
    s = (1.0 / 12.0 - x2 * (1.0 / 360.0 - x2 * (1.0 / 1260.0 - x2 * (1.0 / 1680.0 -
         x2 * (1.0 / 1188.0))))) / x;
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
static void weighted_cross(double *a, const double *x, const double *w,
                           size_t n, size_t p)
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
static double predict(const double *x, const double *beta, const double *y,
                      size_t n, size_t p, double *eta, double *mu)
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

cas__glm_status cas__glm_poisson(cas__glm_fit *fit, const double *x,
                                 const double *y, size_t n, size_t p,
                                 int max_iter)
{
    cas__glm_status st = CAS__GLM_NOT_CONVERGED;
    double *work = NULL, *eta, *eta_new, *mu, *mu_new, *wz, *a, *beta, *beta_new;
    double dev, dev_new = INFINITY, noise = 0.0;
    int have_beta = 0, it, settled_run = 0;

    if (!fit || !x || !y || n == 0 || p == 0 || fit->n != n || fit->p != p)
        return CAS__GLM_BAD_INPUT;
    for (size_t i = 0; i < n; i++) {
        if (!(y[i] >= 0.0) || !isfinite(y[i]))
            return CAS__GLM_BAD_INPUT;
        noise += y[i];
        for (size_t k = 0; k < p; k++)
            if (!isfinite(x[i * p + k]))
                return CAS__GLM_BAD_INPUT;
    }
    if (max_iter <= 0)
        max_iter = DEFAULT_MAX_ITER;
    /* The deviance is a sum of terms y log(y / mu) - (y - mu) that cancel
     * as mu nears y: differences below this are rounding, not progress. */
    noise = 1e-13 * (noise + 1.0);

    work = cas__malloc((5 * n + p * p + 2 * p) * sizeof *work);
    if (!work)
        return CAS__GLM_NOMEM;
    eta = work;
    eta_new = eta + n;
    mu = eta_new + n;
    mu_new = mu + n;
    wz = mu_new + n;
    a = wz + n;
    beta = a + p * p;
    beta_new = beta + p;

    /* Dependent columns make some parameter unidentifiable whatever the
     * counts: test the design itself with unit weights. */
    for (size_t i = 0; i < n; i++)
        wz[i] = 1.0;
    weighted_cross(a, x, wz, n, p);
    if (!cholesky(a, p)) {
        st = CAS__GLM_SINGULAR;
        goto out;
    }

    dev = 0.0;
    for (size_t i = 0; i < n; i++) {
        mu[i] = y[i] + 0.1;
        eta[i] = log(mu[i]);
        dev += cas__glm_unit_deviance(y[i], mu[i]);
    }
    memset(beta, 0, p * sizeof *beta);

    fit->boundary_cell = 0;
    fit->halvings = 0;
    for (it = 1; it <= max_iter; it++) {
        double move = 0.0;
        int halvings = 0, settled, only_zero_cells_move = 1, zero_cells_moving = 0;

        weighted_cross(a, x, mu, n, p);
        if (!cholesky(a, p)) {
            /* Weights that collapse during the iteration: the fit is heading
             * for the boundary if some zero cell's mean is vanishing. */
            st = CAS__GLM_SINGULAR;
            for (size_t i = 0; i < n; i++)
                if (y[i] == 0.0 && mu[i] < 1e-6) {
                    st = CAS__GLM_BOUNDARY;
                    fit->boundary_cell = i;
                    break;
                }
            break;
        }
        memset(beta_new, 0, p * sizeof *beta_new);
        for (size_t i = 0; i < n; i++) {
            double z = eta[i] + (y[i] - mu[i]) / mu[i];
            for (size_t k = 0; k < p; k++)
                beta_new[k] += x[i * p + k] * mu[i] * z;
        }
        chol_solve(a, p, beta_new);
        dev_new = predict(x, beta_new, y, n, p, eta_new, mu_new);

        /* Step halving: never accept a step that makes the fit worse. */
        while (have_beta && (!isfinite(dev_new) ||
                             dev_new - dev > DEV_EPS * (fabs(dev) + 0.1) + noise) &&
               halvings < HALVINGS) {
            for (size_t k = 0; k < p; k++)
                beta_new[k] = 0.5 * (beta_new[k] + beta[k]);
            dev_new = predict(x, beta_new, y, n, p, eta_new, mu_new);
            halvings++;
            fit->halvings++;
        }
        if (!isfinite(dev_new)) {
            st = CAS__GLM_NOT_CONVERGED;
            break;
        }
        settled = fabs(dev_new - dev) <= DEV_EPS * (fabs(dev_new) + 0.1) + noise;
        for (size_t i = 0; i < n; i++) {
            double d = fabs(eta_new[i] - eta[i]);
            if (d > move)
                move = d;
            if (d <= 1e-3)
                continue;
            if (y[i] == 0.0 && mu_new[i] < 1e-6 && eta_new[i] < eta[i])
                zero_cells_moving++;
            else
                only_zero_cells_move = 0;
        }
        memcpy(beta, beta_new, p * sizeof *beta);
        memcpy(eta, eta_new, n * sizeof *eta);
        memcpy(mu, mu_new, n * sizeof *mu);
        dev = dev_new;
        have_beta = 1;
        fit->iterations = it;

        /* Newton converges quadratically: once the deviance has settled,
         * one more step leaves an error of the order of the square of the
         * last move. Rounding may keep tiny moves alive in ill-conditioned
         * fits, hence the second test. */
        settled_run = settled ? settled_run + 1 : 0;
        if (move <= 1e-9 || (settled && settled_run >= 2 && move <= 1e-3)) {
            st = CAS__GLM_OK;
            break;
        }
        if (settled && only_zero_cells_move && zero_cells_moving > 0) {
            st = CAS__GLM_BOUNDARY;
            for (size_t i = 0; i < n; i++)
                if (y[i] == 0.0 && mu[i] < 1e-6) {
                    fit->boundary_cell = i;
                    break;
                }
            break;
        }
        if (halvings == HALVINGS) {
            /* No step improves the deviance any more: at the optimum up to
             * rounding if the deviance has stopped moving, stuck if not. */
            st = settled ? CAS__GLM_OK : CAS__GLM_NOT_CONVERGED;
            break;
        }
    }

    if (have_beta) {
        memcpy(fit->beta, beta, p * sizeof *beta);
        memcpy(fit->mu, mu, n * sizeof *mu);
        fit->deviance = dev;
        fit->loglik = 0.0;
        for (size_t i = 0; i < n; i++)
            fit->loglik += (y[i] > 0.0 ? y[i] * log(mu[i]) - cas__log_gamma(y[i] + 1.0)
                                       : 0.0) - mu[i];
    }
    if (st == CAS__GLM_OK) {
        /* The covariance of beta: the inverse Fisher information at the fit. */
        weighted_cross(a, x, mu, n, p);
        if (!cholesky(a, p)) {
            st = CAS__GLM_SINGULAR;
            goto out;
        }
        for (size_t j = 0; j < p; j++) {
            for (size_t k = 0; k < p; k++)
                beta_new[k] = (k == j) ? 1.0 : 0.0;
            chol_solve(a, p, beta_new);
            for (size_t k = 0; k < p; k++)
                fit->cov[k * p + j] = beta_new[k];
        }
    }
out:
    cas__free(work);
    return st;
}
