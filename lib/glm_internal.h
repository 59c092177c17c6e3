/* SPDX-License-Identifier: MIT */
/* A small Poisson log-linear GLM solver (iteratively reweighted least
 * squares, i.e. Newton's method on the log-likelihood, with step halving).
 * Used by the log-linear fit of multiple systems estimation (lib/mse_fit.c);
 * tested on its own by tests/check_glm.c. Never installed, nothing here is
 * exported. */
#ifndef CAS_GLM_INTERNAL_H
#define CAS_GLM_INTERNAL_H

#include <stddef.h>

/* How a fit ended. */
typedef enum cas__glm_status {
    CAS__GLM_OK = 0,            /* converged to a finite maximum */
    CAS__GLM_NOMEM = 1,         /* out of memory */
    CAS__GLM_BAD_INPUT = 2,     /* a negative or non-finite count, a
                                   non-finite design entry, n == 0, p == 0 */
    CAS__GLM_SINGULAR = 3,      /* the design's columns are linearly
                                   dependent: a parameter is not identifiable */
    CAS__GLM_BOUNDARY = 4,      /* the maximum-likelihood estimate does not
                                   exist: the fitted mean of a zero cell runs
                                   off to 0 (some parameter to infinity) */
    CAS__GLM_NOT_CONVERGED = 5  /* the iteration limit was reached */
} cas__glm_status;

/* A fit: all arrays owned by the struct (cas__glm_fit_alloc /
 * cas__glm_fit_release). After CAS__GLM_OK every field is filled; after
 * CAS__GLM_BOUNDARY or CAS__GLM_NOT_CONVERGED the fields hold the last
 * iterate (deviance and mu are then the limit approached, beta and cov are
 * meaningless); after other statuses nothing is meaningful. */
typedef struct cas__glm_fit {
    size_t n;         /* cells */
    size_t p;         /* parameters */
    double *beta;     /* p coefficients */
    double *cov;      /* p * p, row-major: (X' W X)^-1 at the fit */
    double *mu;       /* n fitted means */
    double deviance;  /* 2 * sum(y log(y / mu) - (y - mu)) */
    double loglik;    /* sum(y log(mu) - mu - log(y!)), log-gamma for a
                         non-integer y */
    int iterations;   /* Newton steps taken */
    int halvings;     /* step halvings taken, over all steps */
    size_t boundary_cell; /* CAS__GLM_BOUNDARY: a zero cell whose mean goes
                             to 0 (the first one, by index) */
} cas__glm_fit;

/* Allocate the arrays of @fit for @n cells and @p parameters.
 * Returns CAS__GLM_OK or CAS__GLM_NOMEM (then @fit holds nothing to free). */
cas__glm_status cas__glm_fit_alloc(cas__glm_fit *fit, size_t n, size_t p);

/* Free the arrays of @fit (a zeroed or released struct is fine). */
void cas__glm_fit_release(cas__glm_fit *fit);

/* Fit log(mu) = X beta to counts @y by maximum likelihood.
 * @x          n * p design, row-major; usually a first column of ones.
 * @y          n counts >= 0 (need not be integers).
 * @max_iter   Newton steps allowed (<= 0: 200).
 * @fit        allocated with cas__glm_fit_alloc(fit, n, p).
 * Starts from mu = y + 0.1 (as R's glm does for the Poisson family). Each
 * step solves the weighted least-squares problem by Cholesky; a step that
 * raises the deviance (or makes it non-finite) is halved, up to 60 times.
 * Converged when no linear predictor moves by more than 1e-9 in a step, or
 * when the deviance has settled (a change below 1e-10 relative, or below
 * the rounding noise of 1e-13 * sum(y)) in two steps running and no
 * predictor moved by more than 1e-3 (Newton's quadratic convergence then
 * leaves an error of the order of the square of that move).
 * The fit is declared on the boundary (CAS__GLM_BOUNDARY) when the deviance
 * has settled but the only predictors still moving are those of cells with
 * y == 0 whose means are below 1e-6 and still falling. */
cas__glm_status cas__glm_poisson(cas__glm_fit *fit, const double *x,
                                 const double *y, size_t n, size_t p,
                                 int max_iter);

/* log(Gamma(x)) for x > 0, without touching the global `signgam` that
 * lgamma() writes (so it is safe from several threads). Relative accuracy
 * about 1e-15. */
double cas__log_gamma(double x);

/* The Poisson deviance contribution of one cell: 2 (y log(y/mu) - (y - mu)),
 * 2 mu when y == 0. */
double cas__glm_unit_deviance(double y, double mu);

#endif
