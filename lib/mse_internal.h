/* SPDX-License-Identifier: MIT */
/* Multiple systems estimation, the parts its rooms share: the layout of
 * capture-history tables and of estimates, and the steps one room calls in
 * another. The rooms: options and small helpers (mse.c), tables and their
 * CSV loading (mse_table.c), model masks (mse_model.c), two-list estimators
 * (mse_two_list.c), the log-linear fit and its intervals (mse_fit.c), model
 * selection (mse_select.c), estimates and their claims (mse_estimate.c).
 * Formulas and conventions: docs/mse.md. Never installed. */
#ifndef CAS_MSE_INTERNAL_H
#define CAS_MSE_INTERNAL_H

#include "util_internal.h"
#include "casualty/mse.h"

#include <stddef.h>
#include <stdint.h>

#define CAS__MSE_MAX_CELLS 64      /* 2^6 patterns, the empty one included */
#define CAS__MSE_NAME_MAX_BYTES 256 /* the longest list name */
/* Room for the lists' names joined by ", ". */
#define CAS__MSE_LIST_TEXT_MAX (CAS_MSE_MAX_LISTS * (CAS__MSE_NAME_MAX_BYTES + 2) + 1)

struct cas_mse_table {
    uint32_t lists;
    char *names[CAS_MSE_MAX_LISTS];
    int64_t counts[CAS__MSE_MAX_CELLS]; /* by pattern; counts[0] unused (0) */
    int64_t observed;
};

struct cas_mse_estimate {
    int32_t method;
    uint32_t lists;
    uint64_t model;
    int64_t observed;
    double level, z;
    double n_hat, se, deviance, loglik, aic, bic, profile_mode;
    int32_t params, df, iterations;
    int have_ci[3];
    double ci_low[3], ci_high[3];
    uint32_t ci_flags[3];
    size_t ncoef;
    uint64_t terms[CAS__MSE_MAX_CELLS];
    double coef[CAS__MSE_MAX_CELLS], coef_se[CAS__MSE_MAX_CELLS];
    double fitted[CAS__MSE_MAX_CELLS]; /* by pattern; fitted[0] = N-hat - n */
    char model_text[CAS_MSE_MODEL_TEXT_MAX];
    char list_text[CAS__MSE_LIST_TEXT_MAX];
    char *source;
    char *quote;
};

/* ---- small helpers (mse.c) ---- */

/* The number of bits set in @v. */
unsigned cas__mse_popcount(uint64_t v);

/* A copy of @s (cas__free it), NULL when memory runs out. */
char *cas__mse_dup_text(const char *s);

/* The pattern @pattern as @lists characters '0'/'1', first list first, into
 * @buf (room for CAS_MSE_MAX_LISTS + 1). */
void cas__mse_pattern_text(char *buf, uint32_t pattern, uint32_t lists);

/* Resolve the caller's options @in (NULL: defaults) into @o; a bad option
 * fails with CAS_ERR_ARG. */
cas_status cas__mse_get_options(cas_mse_options *o, const cas_mse_options *in, cas_error *err);

/* ---- models (mse_model.c) ---- */

/* @m closed downwards over @lists lists, without the bits of sets of fewer
 * than two lists. */
uint64_t cas__mse_close_model(uint64_t m, uint32_t lists);

/* Does the mask @m name only sets of the first @lists lists? */
int cas__mse_model_fits_lists(uint64_t m, uint32_t lists);

/* The term @s as its list numbers, e.g. "134", into @buf (room for
 * CAS_MSE_MAX_LISTS + 1). */
void cas__mse_term_text(char *buf, uint32_t s);

/* ---- estimates (mse_estimate.c) ---- */

/* A new estimate of @method from @t under the options @o: the table's facts,
 * the level and its z; nothing estimated yet. NULL when memory runs out. */
cas_mse_estimate *cas__mse_estimate_new(const cas_mse_table *t, int32_t method,
                                        const cas_mse_options *o);

/* The interval an estimate's claim uses (CAS_MSE_CI_...). */
int cas__mse_claim_interval(const cas_mse_estimate *e);

/* A bound for the texts: "%.2f", or "unbounded". */
void cas__mse_format_bound(char *buf, size_t size, double v);

/* Build the source and quote strings of @e (again, after a profile was
 * added). CAS_OK or CAS_ERR_NOMEM (then the old strings stay). */
cas_status cas__mse_estimate_texts(cas_mse_estimate *e);

/* Write into @out the claim "about @best, between @low and @high" that an
 * estimate or a selection makes. */
cas_status cas__mse_fill_claim(cas_claim *out, double low, double high, double best,
                               const char *id, const cas_scope *scope, const char *source,
                               const char *quote, cas_error *err);

/* ---- the log-linear fit and its intervals (mse_fit.c) ---- */

/* The Wald and log-normal intervals of @e from its n_hat and se. */
void cas__mse_closed_intervals(cas_mse_estimate *e);

/* Fit @model (closed) to @t, with the profile-likelihood interval if
 * @with_profile. On failure @err says why and nothing is allocated. */
cas_status cas__mse_fit_model(cas_mse_estimate **out, const cas_mse_table *t, uint64_t model,
                              const cas_mse_options *o, int with_profile, cas_error *err);

/* Add the profile-likelihood interval to the log-linear estimate @e of @t
 * (none if the likelihood cannot be evaluated) and rebuild its texts.
 * CAS_OK or CAS_ERR_NOMEM. */
cas_status cas__mse_add_profile(cas_mse_estimate *e, const cas_mse_table *t, int max_iter);

#endif
