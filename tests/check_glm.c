/* SPDX-License-Identifier: MIT */
/* The internal Poisson GLM solver (lib/glm.c), whose symbols are not
 * exported: this suite links lib/libcasualty-internal.la. */
#include "glm_internal.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define REL_EQ(a, b, tol)                                                                          \
    ck_assert_msg(fabs((a) - (b)) <= (tol)*fabs(b), "%s = %.12g, expected %.12g", #a, (double)(a), \
                  (double)(b))

/* Fit and return the status; @fit is allocated here, released by the caller. */
static cas__glm_status fit_xy(cas__glm_fit *fit, const double *x, const double *y, size_t n,
                              size_t p, int max_iter)
{
    ck_assert_int_eq(cas__glm_fit_alloc(fit, n, p), CAS__GLM_OK);
    return cas__glm_poisson(fit, x, y, n, p, max_iter);
}

/* The score X'(y - mu) vanishes at the maximum. */
static void assert_score_zero(const cas__glm_fit *fit, const double *x, const double *y)
{
    for (size_t k = 0; k < fit->p; k++) {
        double s = 0.0, scale = 0.0;
        for (size_t i = 0; i < fit->n; i++) {
            s += x[i * fit->p + k] * (y[i] - fit->mu[i]);
            scale += fabs(x[i * fit->p + k] * y[i]);
        }
        ck_assert_msg(fabs(s) <= 1e-8 * (scale + 1.0), "score %zu = %g", k, s);
    }
}

START_TEST(log_gamma_matches_known_values)
{
    ck_assert(fabs(cas__log_gamma(1.0)) < 1e-13); /* absolute: log 1! = 0 */
    ck_assert(fabs(cas__log_gamma(2.0)) < 1e-13);
    REL_EQ(cas__log_gamma(0.5), 0.57236494292470008707, 1e-14); /* log sqrt(pi) */
    REL_EQ(cas__log_gamma(10.0), log(362880.0), 1e-14);
    REL_EQ(cas__log_gamma(1e-8), -log(1e-8) - 0.57721566490153286 * 1e-8, 1e-12);
    /* Against the C library over a wide range (one thread here, so lgamma's
     * global signgam does not matter). */
    for (double v = 0.01; v < 1e7; v *= 1.37)
        ck_assert_msg(fabs(cas__log_gamma(v) - lgamma(v)) <= 1e-13 * fmax(1.0, fabs(lgamma(v))),
                      "x = %g: %.17g vs %.17g", v, cas__log_gamma(v), lgamma(v));
    ck_assert(isnan(cas__log_gamma(0.0)));
    ck_assert(isnan(cas__log_gamma(-1.0)));
}
END_TEST

START_TEST(unit_deviance)
{
    ck_assert(fabs(cas__glm_unit_deviance(0.0, 2.5) - 5.0) < 1e-15);
    ck_assert(fabs(cas__glm_unit_deviance(4.0, 4.0)) < 1e-15);
    REL_EQ(cas__glm_unit_deviance(3.0, 1.0), 2.0 * (3.0 * log(3.0) - 2.0), 1e-15);
}
END_TEST

START_TEST(intercept_only_is_the_mean)
{
    /* log mu = b0: b0 = log(mean y), var(b0) = 1 / sum(y). */
    const double x[] = {1, 1, 1, 1};
    const double y[] = {3, 7, 0, 10};
    cas__glm_fit f;
    double dev = 0.0;

    ck_assert_int_eq(fit_xy(&f, x, y, 4, 1, 0), CAS__GLM_OK);
    REL_EQ(f.beta[0], log(5.0), 1e-10);
    REL_EQ(f.cov[0], 1.0 / 20.0, 1e-9);
    for (int i = 0; i < 4; i++) {
        REL_EQ(f.mu[i], 5.0, 1e-10);
        dev += cas__glm_unit_deviance(y[i], 5.0);
    }
    REL_EQ(f.deviance, dev, 1e-10);
    /* log L = sum(y log mu - mu - log y!) */
    REL_EQ(f.loglik, 20.0 * log(5.0) - 20.0 - (log(6.0) + log(5040.0) + 0.0 + log(3628800.0)),
           1e-10);
    ck_assert_int_ge(f.iterations, 1);
    cas__glm_fit_release(&f);
}
END_TEST

START_TEST(two_groups_closed_form)
{
    /* Group means 4 and 10: b0 = log 4, b1 = log(10/4); var(b1) = 1/8 + 1/20. */
    const double x[] = {1, 0, 1, 0, 1, 1, 1, 1};
    const double y[] = {2, 6, 9, 11};
    cas__glm_fit f;

    ck_assert_int_eq(fit_xy(&f, x, y, 4, 2, 0), CAS__GLM_OK);
    REL_EQ(f.beta[0], log(4.0), 1e-10);
    REL_EQ(f.beta[1], log(2.5), 1e-10);
    REL_EQ(f.cov[3], 1.0 / 8.0 + 1.0 / 20.0, 1e-9);
    REL_EQ(f.cov[1], -1.0 / 8.0, 1e-9);
    REL_EQ(f.cov[2], f.cov[1], 1e-12);
    assert_score_zero(&f, x, y);
    cas__glm_fit_release(&f);
}
END_TEST

START_TEST(saturated_fits_exactly)
{
    const double x[] = {1, 0, 0, 1, 1, 0, 1, 0, 1};
    const double y[] = {12, 30, 7};
    cas__glm_fit f;

    ck_assert_int_eq(fit_xy(&f, x, y, 3, 3, 0), CAS__GLM_OK);
    for (int i = 0; i < 3; i++)
        REL_EQ(f.mu[i], y[i], 1e-10);
    ck_assert(fabs(f.deviance) < 1e-9);
    cas__glm_fit_release(&f);
}
END_TEST

START_TEST(covariate_with_wide_range)
{
    /* A slope over a wide covariate range: full Newton steps from the
     * starting point overshoot; the answer must still satisfy the score
     * equations, whatever path the halving took. */
    const double x[] = {1, 0, 1, 10, 1, 20, 1, 30, 1, 40};
    const double y[] = {1, 0, 3, 0, 5000};
    cas__glm_fit f;

    ck_assert_int_eq(fit_xy(&f, x, y, 5, 2, 0), CAS__GLM_OK);
    assert_score_zero(&f, x, y);
    ck_assert(f.beta[1] > 0.0);
    cas__glm_fit_release(&f);
}
END_TEST

START_TEST(step_halving_rescues_an_overshoot)
{
    /* One positive count among zeros on both sides of it: the second
     * Newton step overshoots and must be halved to reach the maximum. */
    const double x[] = {1, 29, 1, 34, 1, -8, 1, 20, 1, -6};
    const double y[] = {0, 0, 0, 0, 2685};
    cas__glm_fit f;

    ck_assert_int_eq(fit_xy(&f, x, y, 5, 2, 0), CAS__GLM_OK);
    ck_assert_int_gt(f.halvings, 0);
    assert_score_zero(&f, x, y);
    ck_assert(f.beta[1] < 0.0);
    cas__glm_fit_release(&f);
}
END_TEST

START_TEST(dependent_columns_are_singular)
{
    const double x[] = {1, 0, 1, 0, 1, 0};
    const double y[] = {4, 5, 6};
    cas__glm_fit f;

    /* columns: intercept, a copy of it (p = 2, n = 3) */
    const double x2[] = {1, 1, 1, 1, 1, 1};
    ck_assert_int_eq(fit_xy(&f, x2, y, 3, 2, 0), CAS__GLM_SINGULAR);
    cas__glm_fit_release(&f);
    /* a column of zeros */
    ck_assert_int_eq(fit_xy(&f, x, y, 3, 2, 0), CAS__GLM_SINGULAR);
    cas__glm_fit_release(&f);
}
END_TEST

START_TEST(zero_cell_on_its_own_parameter_is_boundary)
{
    /* Cell 1 has its own indicator and count 0: its mean goes to 0 and the
     * indicator's coefficient to minus infinity; there is no MLE. */
    const double x[] = {1, 0, 1, 1, 1, 0};
    const double y[] = {5, 0, 7};
    cas__glm_fit f;

    ck_assert_int_eq(fit_xy(&f, x, y, 3, 2, 0), CAS__GLM_BOUNDARY);
    ck_assert_uint_eq(f.boundary_cell, 1);
    ck_assert(f.mu[1] < 1e-6);
    /* The rest of the fit is the limit: the other cells share their mean. */
    REL_EQ(f.mu[0], 6.0, 1e-6);
    REL_EQ(f.mu[2], 6.0, 1e-6);
    cas__glm_fit_release(&f);
}
END_TEST

START_TEST(zero_cell_with_an_mle_is_not_boundary)
{
    /* A zero count whose mean is pinned by other cells: a proper maximum. */
    const double x[] = {1, 0, 1, 0, 1, 1, 1, 1};
    const double y[] = {0, 4, 3, 5};
    cas__glm_fit f;

    ck_assert_int_eq(fit_xy(&f, x, y, 4, 2, 0), CAS__GLM_OK);
    REL_EQ(f.mu[0], 2.0, 1e-10);
    REL_EQ(f.mu[2], 4.0, 1e-10);
    cas__glm_fit_release(&f);
}
END_TEST

START_TEST(iteration_limit)
{
    const double x[] = {1, 0, 1, 10, 1, 20, 1, 30, 1, 40};
    const double y[] = {1, 0, 3, 0, 5000};
    cas__glm_fit f;

    ck_assert_int_eq(fit_xy(&f, x, y, 5, 2, 1), CAS__GLM_NOT_CONVERGED);
    ck_assert_int_eq(f.iterations, 1);
    cas__glm_fit_release(&f);
}
END_TEST

START_TEST(bad_input)
{
    const double x[] = {1, 1};
    const double yneg[] = {1, -1};
    const double ynan[] = {1, NAN};
    const double xinf[] = {1, INFINITY};
    const double y[] = {1, 2};
    cas__glm_fit f;

    ck_assert_int_eq(fit_xy(&f, x, yneg, 2, 1, 0), CAS__GLM_BAD_INPUT);
    cas__glm_fit_release(&f);
    ck_assert_int_eq(fit_xy(&f, x, ynan, 2, 1, 0), CAS__GLM_BAD_INPUT);
    cas__glm_fit_release(&f);
    ck_assert_int_eq(fit_xy(&f, xinf, y, 2, 1, 0), CAS__GLM_BAD_INPUT);
    /* a fit allocated for other dimensions */
    ck_assert_int_eq(cas__glm_poisson(&f, x, y, 1, 1, 0), CAS__GLM_BAD_INPUT);
    cas__glm_fit_release(&f);
    ck_assert_int_eq(cas__glm_fit_alloc(&f, 0, 1), CAS__GLM_BAD_INPUT);
    cas__glm_fit_release(&f); /* a cleared struct releases fine */
    cas__glm_fit_release(NULL);
}
END_TEST

START_TEST(capture_recapture_independence)
{
    /* Hepatitis A, Taiwan (Chao et al. 2001), three lists, independence:
     * the deviance Rcapture reports, 24.3568 on 3 df. */
    static const double y[7] = {69, 55, 21, 63, 17, 18, 28}; /* patterns 1..7 */
    double x[7 * 4];
    cas__glm_fit f;

    for (int c = 1; c < 8; c++) {
        x[(c - 1) * 4] = 1;
        for (int j = 0; j < 3; j++)
            x[(c - 1) * 4 + 1 + j] = (c >> j) & 1;
    }
    ck_assert_int_eq(fit_xy(&f, x, y, 7, 4, 0), CAS__GLM_OK);
    REL_EQ(f.deviance, 24.3568353283, 1e-9);
    REL_EQ(271.0 + exp(f.beta[0]), 388.48349496, 1e-9);
    assert_score_zero(&f, x, y);
    cas__glm_fit_release(&f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("glm");
    TCase *tc = tcase_create("poisson");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, log_gamma_matches_known_values);
    tcase_add_test(tc, unit_deviance);
    tcase_add_test(tc, intercept_only_is_the_mean);
    tcase_add_test(tc, two_groups_closed_form);
    tcase_add_test(tc, saturated_fits_exactly);
    tcase_add_test(tc, covariate_with_wide_range);
    tcase_add_test(tc, step_halving_rescues_an_overshoot);
    tcase_add_test(tc, dependent_columns_are_singular);
    tcase_add_test(tc, zero_cell_on_its_own_parameter_is_boundary);
    tcase_add_test(tc, zero_cell_with_an_mle_is_not_boundary);
    tcase_add_test(tc, iteration_limit);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, capture_recapture_independence);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
