/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/mse.h
 * @brief Multiple systems estimation (capture–recapture): how many deaths
 *        the overlaps between several lists imply (docs/model.md section 7,
 *        docs/mse.md).
 *
 * Three handles, all opaque, each with its own `_free`:
 * - ::cas_mse_table, a capture-history table: for K = 2 to 6 lists, the
 *   number of records for every non-empty pattern of list membership;
 * - ::cas_mse_estimate, one estimate (two-list closed form, or one
 *   log-linear model) with its intervals and fit statistics;
 * - ::cas_mse_selection, every model tried by model selection, ranked.
 *
 * **Patterns.** A pattern is a number from 1 to 2^K − 1 whose bit j
 * (value `1 << j`) is set when the record is on list j (j = 0 for the first
 * list). In text (CSV rows, messages) a pattern is written as K characters
 * '0'/'1', the first character for the first list: for lists P, Q, E the
 * text "001" is pattern 4, "on E only".
 *
 * **Models.** A hierarchical log-linear model is a `uint64_t` mask over the
 * subsets of the lists: bit s is set when the interaction term for the set
 * of lists s (a pattern, as above) is in the model. The intercept and the
 * main effects are always in the model, so bits of sets with fewer than two
 * lists are ignored; 0 (::CAS_MSE_INDEPENDENCE) is the independence model.
 * Models are always closed downwards (hierarchical): a model with term
 * {1,2,3} also has {1,2}, {1,3} and {2,3}. In text, terms are written
 * with 1-based list numbers, e.g. "[12,13,14]" (cas_mse_model_parse()).
 *
 * **Conventions** (those of Rcapture, Baillargeon and Rivest 2007, whose
 * published values the tests reproduce; docs/mse.md has the formulas):
 * - the log-linear model is a Poisson GLM on the 2^K − 1 observed cells;
 *   N̂ = n + exp(intercept), where n is the number of records observed;
 * - SE(N̂) = sqrt(exp(b0) + exp(2 b0) var(b0)), with var(b0) from the
 *   inverse Fisher information *at the maximum* (Rcapture takes it from
 *   the weights of R's last IRLS step, which differs in the sixth digit);
 * - deviance is the Poisson deviance on the observed cells, df = cells −
 *   parameters;
 * - AIC = −2 log L + 2 p and BIC = −2 log L + p log(n), where log L is the
 *   full Poisson log-likelihood of the observed cells *including* the
 *   −log(y!) terms, p counts the intercept, and n is the number of observed
 *   units (records), not the number of cells;
 * - the profile-likelihood interval is Cormack's (1992): the multinomial
 *   profile log-likelihood of N, obtained by refitting the model with the
 *   unobserved cell set to N − n; its bounds are where it falls
 *   chi²₁(level)/2 below its maximum. Rcapture approximates log N! by
 *   Stirling's formula above N = 100; this library uses exact log-gamma,
 *   which moves bounds by a few thousandths.
 *
 * **Intervals** are of three kinds (::cas_mse_interval): Wald (N̂ ± z SE,
 * its lower bound raised to n when it falls below), log-normal (Chao 1987:
 * n + f/C and n + f C with f = N̂ − n, C = exp(z sqrt(log(1 + SE²/f²))),
 * never below n) and profile likelihood (log-linear models only). The
 * interval an estimate uses for its claim is the profile one when it was
 * computed, the log-normal one otherwise.
 *
 * Nothing here prints, aborts or keeps global state; handles are
 * independent and may be used from different threads.
 */
#ifndef CASUALTY_MSE_H
#define CASUALTY_MSE_H

#include "casualty/claim.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The most lists a table may have. */
#define CAS_MSE_MAX_LISTS 6

/** The independence model: main effects only. */
#define CAS_MSE_INDEPENDENCE ((uint64_t)0)

/** A buffer of this many bytes always holds cas_mse_model_format()'s text. */
#define CAS_MSE_MODEL_TEXT_MAX 128

/** Estimators. Stable numbers. */
typedef enum cas_mse_method {
    CAS_MSE_LINCOLN_PETERSEN = 0, /**< two lists: n1 n2 / m */
    CAS_MSE_CHAPMAN = 1,          /**< two lists: (n1+1)(n2+1)/(m+1) − 1 */
    CAS_MSE_LOGLINEAR = 2         /**< a hierarchical log-linear model */
} cas_mse_method;

/** Kinds of confidence interval. Stable numbers. */
typedef enum cas_mse_interval {
    CAS_MSE_CI_WALD = 0,      /**< N̂ ± z SE, lower bound at least n */
    CAS_MSE_CI_LOGNORMAL = 1, /**< Chao (1987), lower bound at least n */
    CAS_MSE_CI_PROFILE = 2    /**< profile likelihood (Cormack 1992) */
} cas_mse_interval;

/** Model selection criteria. Stable numbers. */
typedef enum cas_mse_criterion {
    CAS_MSE_AIC = 0, /**< Akaike: −2 log L + 2 p */
    CAS_MSE_BIC = 1  /**< Schwarz: −2 log L + p log(n) */
} cas_mse_criterion;

/** Interval flag: the lower bound is the observed count n — the profile
 *  likelihood does not fall far enough between n and its maximum, or a
 *  Wald bound below n was raised to it. */
#define CAS_MSE_LOW_AT_OBSERVED 0x1u
/** Interval flag: the upper bound could not be found — the profile
 *  likelihood stays above the cut-off as far as it was searched (a thousand
 *  times N̂), or refitting failed on the way. The bound is then +infinity
 *  and a claim made from it has an open upper end. */
#define CAS_MSE_HIGH_NOT_FOUND 0x2u

/** Option flag: fit saturated models (df = 0) instead of refusing them
 *  with CAS_ERR_SATURATED. Their estimate exists but nothing checks it. */
#define CAS_MSE_ALLOW_SATURATED 0x1u
/** Option flag: do not compute profile-likelihood intervals (faster). */
#define CAS_MSE_NO_PROFILE 0x2u

/**
 * Options for fitting and selection. Caller-owned; set @ref size (and the
 * defaults) with cas_mse_options_init(). Functions that take a
 * `const cas_mse_options *` accept NULL for the defaults.
 */
typedef struct cas_mse_options {
    uint32_t size;          /**< sizeof(cas_mse_options) */
    uint32_t flags;         /**< CAS_MSE_ALLOW_SATURATED, CAS_MSE_NO_PROFILE; default 0 */
    double level;           /**< confidence level, 0 < level < 1; default 0.95 */
    int32_t criterion;      /**< a ::cas_mse_criterion for selection; default AIC */
    int32_t max_iterations; /**< Newton steps per fit; 0 (default) means 200 */
    double support;         /**< selection: models whose criterion is within
                                 this of the best are "well supported";
                                 default 2.0; must be >= 0 */
} cas_mse_options;

/**
 * The numbers of one estimate. Caller-owned; set @ref size to
 * sizeof(cas_mse_summary) before calling cas_mse_estimate_summary().
 * Statistics that do not apply are NaN (for the two-list closed forms:
 * deviance, loglik, aic, bic, profile_mode).
 */
typedef struct cas_mse_summary {
    uint32_t size;           /**< sizeof(cas_mse_summary), set by the caller */
    int32_t method;          /**< a ::cas_mse_method */
    uint32_t lists;          /**< K */
    int32_t params;          /**< parameters including the intercept (0 for two-list closed forms) */
    int32_t df;              /**< residual degrees of freedom: cells − params (0 for two-list) */
    int32_t iterations;      /**< Newton steps of the fit (0 for closed forms) */
    int32_t interval;        /**< the ::cas_mse_interval used for claims */
    uint32_t interval_flags; /**< that interval's CAS_MSE_LOW_AT_OBSERVED / CAS_MSE_HIGH_NOT_FOUND */
    uint64_t model;          /**< the model mask (closed), 0 for two-list methods */
    int64_t observed;        /**< n: records on at least one list */
    double level;            /**< confidence level of the intervals */
    double n_hat;            /**< the estimate of N, observed and unobserved */
    double se;               /**< its standard error */
    double deviance;         /**< Poisson deviance */
    double loglik;           /**< Poisson log-likelihood, log y! included */
    double aic;              /**< −2 loglik + 2 params */
    double bic;              /**< −2 loglik + params log(observed) */
    double low;              /**< lower bound of the claim interval */
    double high;             /**< upper bound of the claim interval (+inf if not found) */
    double profile_mode;     /**< N maximising the profile likelihood, NaN if not computed */
} cas_mse_summary;

/**
 * Set @p out's size and clear the rest, before the library fills it.
 * @param out  the struct; NULL is a no-op.
 * @param size  `sizeof *out` as the caller's headers have it: cas_mse_summary_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_mse_summary_init_size(cas_mse_summary *out, size_t size);
/**
 * cas_mse_summary_init_size() with the caller's own `sizeof *out`.
 * @param out  the struct; NULL is a no-op.
 */
static inline void cas_mse_summary_init(cas_mse_summary *out)
{
    cas_mse_summary_init_size(out, sizeof *out);
}

/**
 * How the estimates of a model selection spread. Caller-owned; set
 * @ref size to sizeof(cas_mse_spread).
 */
typedef struct cas_mse_spread {
    uint32_t size;           /**< sizeof(cas_mse_spread), set by the caller */
    int32_t criterion;       /**< the ::cas_mse_criterion used to rank */
    uint32_t fitted;         /**< models fitted (ranked) */
    uint32_t failed;         /**< models tried that gave no estimate */
    uint32_t supported;      /**< models within @ref support of the best (>= 1) */
    uint32_t interval_flags; /**< OR of the supported models' interval flags */
    uint64_t chosen;         /**< the best model's mask */
    double support;          /**< the threshold used */
    double n_hat_min;        /**< smallest N̂ among supported models */
    double n_hat_max;        /**< largest N̂ among supported models */
    double low_min;          /**< lowest lower bound among supported models */
    double high_max;         /**< highest upper bound among them (+inf if one is not found) */
} cas_mse_spread;

/**
 * Set @p out's size and clear the rest, before the library fills it.
 * @param out  the struct; NULL is a no-op.
 * @param size  `sizeof *out` as the caller's headers have it: cas_mse_spread_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_mse_spread_init_size(cas_mse_spread *out, size_t size);
/**
 * cas_mse_spread_init_size() with the caller's own `sizeof *out`.
 * @param out  the struct; NULL is a no-op.
 */
static inline void cas_mse_spread_init(cas_mse_spread *out)
{
    cas_mse_spread_init_size(out, sizeof *out);
}

/** An opaque capture-history table. */
typedef struct cas_mse_table cas_mse_table;
/** An opaque estimate. */
typedef struct cas_mse_estimate cas_mse_estimate;
/** An opaque set of ranked models. */
typedef struct cas_mse_selection cas_mse_selection;

/**
 * Set @p opts's size and defaults (level 0.95, AIC, support 2, no flags).
 * @param opts  the struct; NULL is a no-op.
 * @param size  `sizeof *opts` as the caller's headers have it: cas_mse_options_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_mse_options_init_size(cas_mse_options *opts, size_t size);
/**
 * cas_mse_options_init_size() with the caller's own `sizeof *opts`.
 * @param opts  the struct; NULL is a no-op.
 */
static inline void cas_mse_options_init(cas_mse_options *opts)
{
    cas_mse_options_init_size(opts, sizeof *opts);
}

/* ---- tables ---------------------------------------------------------- */

/**
 * Create a table from counts.
 * @param out     receives the new table; the caller frees it with
 *                cas_mse_table_free(). Written only on success.
 * @param lists   K, from 2 to ::CAS_MSE_MAX_LISTS.
 * @param names   K list names (copied): non-empty, valid UTF-8, at most 256
 *                bytes, no two equal, none equal to "count"; NULL for the
 *                names "1" to "K".
 * @param counts  2^K − 1 counts >= 0: counts[p − 1] is the number of
 *                records with pattern p. Zeros must be given as zeros.
 * @param err     receives the details of a failure, or NULL.
 * @return CAS_OK; CAS_ERR_ARG (NULL out or counts, K out of range, an
 *         empty, over-long or repeated name); CAS_ERR_ENCODING (a name
 *         that is not UTF-8); CAS_ERR_RANGE (a negative count);
 *         CAS_ERR_OVERFLOW (the total exceeds 2^53, beyond exact
 *         floating-point arithmetic); CAS_ERR_NOMEM.
 * Complexity: O(2^L) time and memory for L lists (at most 6).
 */
CAS_EXPORT cas_status cas_mse_table_new(cas_mse_table **out, uint32_t lists,
                                        const char *const *names,
                                        const int64_t *counts, cas_error *err);

/**
 * Load a table from a CSV file (docs/mse.md): a header with one column per
 * list (its name) and a column `count`, in any order; then one row per
 * non-empty pattern, each list column "0" or "1", and `count` a whole
 * number >= 0. Every non-empty pattern must have exactly one row; the
 * all-zero pattern must not appear. A UTF-8 byte order mark is skipped.
 *
 * @param out   receives the new table, only on success.
 * @param path  the file's name; also used in messages.
 * @param err   receives file, line, column (1-based field number), field
 *              name and a message on failure, or NULL.
 * @return CAS_OK; CAS_ERR_ARG; CAS_ERR_IO (cannot open or read);
 *         CAS_ERR_EMPTY (no header, or no rows); CAS_ERR_CSV (malformed
 *         CSV, or a row with a different number of fields than the header);
 *         CAS_ERR_HEADER (no `count` column, an empty, over-long or
 *         repeated column name, fewer than 2 or more than 6 lists);
 *         CAS_ERR_ENCODING (a column name that is not UTF-8);
 *         CAS_ERR_VALUE (a list field that is not 0 or 1, or the all-zero
 *         pattern); CAS_ERR_NUMBER (a count that is not a whole number);
 *         CAS_ERR_RANGE (a negative count); CAS_ERR_OVERFLOW (a count
 *         beyond int64, or a total beyond 2^53); CAS_ERR_DUPLICATE (a
 *         pattern given twice); CAS_ERR_MISSING (an empty count, or a
 *         pattern with no row); CAS_ERR_NOMEM.
 * Complexity: O(b) time for b bytes; O(2^L) memory for L lists.
 */
CAS_EXPORT cas_status cas_mse_table_load(cas_mse_table **out, const char *path,
                                         cas_error *err);

/**
 * Load a table from CSV text in memory; as cas_mse_table_load().
 * @param data  the text (need not be NUL-terminated).
 * @param len   its length in bytes.
 * @param name  a name for messages (e.g. "<test>"), or NULL.
 * Complexity: O(b) time for b bytes; O(2^L) memory for L lists.
 * @param out   receives the table, only on success; free it with cas_mse_table_free().
 * @param err   receives the details of a failure, or NULL.
 * @return as cas_mse_table_load().
 */
CAS_EXPORT cas_status cas_mse_table_load_buffer(cas_mse_table **out, const char *data,
                                                size_t len, const char *name,
                                                cas_error *err);

/**
 * Free a table. NULL is a no-op.
 * Complexity: O(1) time; all its memory returned.
 * @param table  the table, or NULL.
 */
CAS_EXPORT void cas_mse_table_free(cas_mse_table *table);

/**
 * The number of lists K (0 for NULL).
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param table  the table, or NULL.
 * @return K.
 */
CAS_EXPORT uint32_t cas_mse_table_lists(const cas_mse_table *table);

/**
 * The name of list @p list (0 to K − 1), borrowed: it lives as long as the
 * table. NULL for a NULL table or an index out of range.
 * Complexity: O(1) time, no memory.
 * @param table  the table.
 * @param list   the list's position.
 * @return the name, or NULL.
 */
CAS_EXPORT const char *cas_mse_table_name(const cas_mse_table *table, uint32_t list);

/**
 * The count of pattern @p pattern (1 to 2^K − 1).
 * @param table    the table.
 * @param pattern  the capture pattern: bit i set for list i + 1.
 * @param count    receives the count.
 * @return CAS_OK, CAS_ERR_ARG (NULL pointer) or CAS_ERR_NOT_FOUND (pattern
 *         out of range).
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_mse_table_count(const cas_mse_table *table, uint32_t pattern,
                                          int64_t *count);

/**
 * n, the number of records observed (the sum of all counts); 0 for NULL.
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param table  the table, or NULL.
 * @return n.
 */
CAS_EXPORT int64_t cas_mse_table_observed(const cas_mse_table *table);

/* ---- models ---------------------------------------------------------- */

/**
 * Parse a hierarchical model: "[12,13,14]" (terms of 1-based list
 * numbers, separated by commas, brackets optional, spaces ignored), "[]" or
 * "independence" for the independence model, "two-way" for all two-way
 * interactions. The result is closed downwards.
 * @param out    receives the model mask, only on success.
 * @param text   the text.
 * @param lists  K: every digit must be from 1 to K.
 * @param err    receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG (NULL pointer, K out of range) or
 *         CAS_ERR_PARSE (a digit out of range or repeated in a term, any
 *         other character); then `err->column` is the 1-based byte
 *         position of the problem and the message names it.
 * Complexity: O(length of the text) time, no memory.
 */
CAS_EXPORT cas_status cas_mse_model_parse(uint64_t *out, const char *text, uint32_t lists,
                                          cas_error *err);

/**
 * Write @p model (closed downwards first) as its generating terms, e.g.
 * "[12,134]", or "independence", followed by a NUL.
 * @param buf    at least ::CAS_MSE_MODEL_TEXT_MAX bytes always suffice.
 * @param size   the size of @p buf in bytes.
 * @param model  the model mask.
 * @param lists  K, the number of lists.
 * @return CAS_OK, or CAS_ERR_ARG (NULL @p buf, K out of range, a term
 *         outside the K lists, or @p size too small).
 * Complexity: O(size) time, no memory.
 */
CAS_EXPORT cas_status cas_mse_model_format(char *buf, size_t size, uint64_t model,
                                           uint32_t lists);

/**
 * The model with every two-way interaction of @p lists lists (0 if K is out of range).
 * Complexity: O(1) time and memory.
 * @param lists  K, the number of lists.
 * @return the model mask.
 */
CAS_EXPORT uint64_t cas_mse_model_two_way(uint32_t lists);

/* ---- estimates ------------------------------------------------------- */

/**
 * A two-list estimate, Lincoln–Petersen or Chapman, with Wald and
 * log-normal intervals. Variances: Lincoln–Petersen n1 n2 (n1 − m)(n2 − m)
 * / m³; Chapman (Seber 1970) (n1+1)(n2+1)(n1−m)(n2−m) / ((m+1)²(m+2)).
 * @param out     receives the estimate (free with cas_mse_estimate_free()).
 * @param table   a table of exactly two lists.
 * @param method  CAS_MSE_LINCOLN_PETERSEN or CAS_MSE_CHAPMAN.
 * @param opts    options (level), or NULL.
 * @param err     receives the details of a failure, or NULL.
 * @return CAS_OK; CAS_ERR_ARG (NULL pointer, a table of more than two lists,
 *         another method, bad options); CAS_ERR_NO_ESTIMATE (no record on
 *         both lists: the lists do not overlap, so nothing links them);
 *         CAS_ERR_NOMEM.
 * Complexity: O(1) time and memory (the cells of two lists).
 */
CAS_EXPORT cas_status cas_mse_two_list(cas_mse_estimate **out, const cas_mse_table *table,
                                       int32_t method, const cas_mse_options *opts,
                                       cas_error *err);

/**
 * Fit one hierarchical log-linear model (closed downwards first) and
 * compute N̂, its SE, the fit statistics and the Wald, log-normal and
 * (unless CAS_MSE_NO_PROFILE) profile-likelihood intervals.
 * @param out    receives the estimate, only on success.
 * @param table  the table (K >= 2; for K = 2 the only model is the
 *               saturated independence model, which needs
 *               CAS_MSE_ALLOW_SATURATED and equals Lincoln–Petersen).
 * @param model  a model mask over the table's lists.
 * @param opts   options, or NULL.
 * @param err    receives the details of a failure, or NULL.
 * @return CAS_OK;
 *   CAS_ERR_ARG (NULL pointer, bad options, a term outside the lists);
 *   CAS_ERR_NO_ESTIMATE (N is not identifiable: the model has the K-way
 *     term, or no record is on two lists or more, or a list is empty);
 *   CAS_ERR_SATURATED (df = 0 and CAS_MSE_ALLOW_SATURATED not set);
 *   CAS_ERR_DIVERGED (the maximum-likelihood fit does not exist: a fitted
 *     count runs off to zero, so the estimate runs off to infinity or
 *     rests on a degenerate fit; the message names the cell);
 *   CAS_ERR_NOT_CONVERGED (the iteration limit was reached);
 *   CAS_ERR_NOMEM.
 * Complexity: O(i · 2^L · q^2) time for i iterations (capped), L lists and q model terms, all
 *   bounded by L <= 6: independent of the claims; O(2^L q) memory.
 */
CAS_EXPORT cas_status cas_mse_fit(cas_mse_estimate **out, const cas_mse_table *table,
                                  uint64_t model, const cas_mse_options *opts,
                                  cas_error *err);

/**
 * Free an estimate. NULL is a no-op. Never free one borrowed from a selection.
 * Complexity: O(1) time; all its memory returned.
 * @param estimate  the estimate, or NULL.
 */
CAS_EXPORT void cas_mse_estimate_free(cas_mse_estimate *estimate);

/**
 * Copy an estimate's numbers into @p out.
 * @param out  caller-owned, with `size` set to sizeof(cas_mse_summary).
 * @param estimate  the estimate.
 * @return CAS_OK or CAS_ERR_ARG (NULL pointer, `size` smaller than
 *         sizeof(cas_mse_summary)).
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_mse_estimate_summary(const cas_mse_estimate *estimate,
                                               cas_mse_summary *out);

/**
 * One of the estimate's intervals.
 * @param kind   a ::cas_mse_interval.
 * @param low    receives the lower bound (>= n).
 * @param high   receives the upper bound (+inf when not found).
 * @param flags  receives CAS_MSE_LOW_AT_OBSERVED / CAS_MSE_HIGH_NOT_FOUND;
 *               may be NULL.
 * @param estimate  the estimate.
 * @return CAS_OK, CAS_ERR_ARG, or CAS_ERR_NOT_FOUND when that kind was not
 *         computed (profile for two-list methods or with CAS_MSE_NO_PROFILE).
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_mse_estimate_interval(const cas_mse_estimate *estimate,
                                                int32_t kind, double *low, double *high,
                                                uint32_t *flags);

/**
 * The model as text ("[12]", "independence"), or "" for two-list methods.
 * Borrowed: lives as long as the estimate. NULL for NULL.
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param estimate  the estimate, or NULL.
 * @return the model's text, or NULL.
 */
CAS_EXPORT const char *cas_mse_estimate_model(const cas_mse_estimate *estimate);

/**
 * The estimate's source text, naming method, model and lists, e.g.
 * "MSE log-linear [12]; lists: A, B, C, D" or "MSE Chapman; lists: A, B".
 * Borrowed: lives as long as the estimate. NULL for NULL.
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param estimate  the estimate, or NULL.
 * @return the source text, or NULL.
 */
CAS_EXPORT const char *cas_mse_estimate_source(const cas_mse_estimate *estimate);

/**
 * The number of coefficients (parameters) of a log-linear fit; 0 for two-list methods or NULL.
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param estimate  the estimate, or NULL.
 * @return the number of coefficients.
 */
CAS_EXPORT size_t cas_mse_estimate_coef_count(const cas_mse_estimate *estimate);

/**
 * Coefficient @p index of a log-linear fit: 0 is the intercept (term 0),
 * then the main effects (terms 1, 2, 4, ...), then the interactions in
 * increasing order of their masks.
 * @param term   receives the term's mask; may be NULL.
 * @param value  receives the estimate; may be NULL.
 * @param se     receives its standard error; may be NULL.
 * @param estimate  the estimate.
 * @param index  the coefficient's position, below cas_mse_estimate_coef_count().
 * @return CAS_OK, CAS_ERR_ARG (NULL estimate) or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_mse_estimate_coef(const cas_mse_estimate *estimate, size_t index,
                                            uint64_t *term, double *value, double *se);

/**
 * The fitted count of pattern @p pattern (1 to 2^K − 1) of a log-linear
 * fit; pattern 0 gives the estimated unobserved count N̂ − n (for two-list
 * methods too).
 * @param estimate  the estimate.
 * @param pattern   the capture pattern, or 0.
 * @param out       receives the fitted count.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND (a pattern out of range,
 *         or a non-zero pattern of a two-list method).
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_mse_estimate_fitted(const cas_mse_estimate *estimate,
                                              uint32_t pattern, double *out);

/**
 * Fill a claim from an estimate, for cas_ledger_add(): low = the claim
 * interval's lower bound rounded down, high = its upper bound rounded up
 * (CAS_OPEN when it could not be found), best = N̂ rounded to the nearest
 * integer, qualifier CAS_QUAL_APPROX, basis CAS_BASIS_ESTIMATED, source =
 * cas_mse_estimate_source(), quote = a one-line account of the numbers,
 * source_kind, relay and citation "", reported_on unknown.
 * @param estimate  the estimate; the source and quote strings written into
 *                  @p out are borrowed from it and live as long as it does.
 * @param id        the claim's id; the pointer is stored as is (borrowed
 *                  from the caller).
 * @param scope     what the estimate counts (copied by value: its strings
 *                  stay borrowed from the caller); NULL for "everything".
 * @param out       caller-owned, with `size` set (cas_claim_init()); the
 *                  caller may change any field afterwards.
 * @param err       receives the details of a failure, or NULL.
 * @return CAS_OK; CAS_ERR_ARG (NULL estimate or out, bad size);
 *         CAS_ERR_OVERFLOW (a bound beyond int64); CAS_ERR_RANGE (the
 *         rounded N̂ falls outside the interval).
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_mse_estimate_claim(const cas_mse_estimate *estimate, const char *id,
                                             const cas_scope *scope, cas_claim *out,
                                             cas_error *err);

/* ---- model selection -------------------------------------------------- */

/**
 * Fit every hierarchical model (K = 3, 4) or search stepwise (K = 5, 6:
 * from independence, at each step the one term added or removed that
 * lowers the criterion most, adding a term only when its sub-terms are in
 * and removing only terms nothing depends on, until no step helps). Models
 * with the K-way term are never tried; saturated ones only with
 * CAS_MSE_ALLOW_SATURATED. Models that fail are recorded with their status.
 * Profile intervals are computed for the well-supported models only (those
 * within opts->support of the best); the others use the log-normal one.
 * Ties are broken by fewer parameters, then by smaller mask.
 * @param out    receives the selection (free with cas_mse_selection_free()).
 * @param table  a table of 3 to 6 lists.
 * @param opts   options (criterion, support, level, flags), or NULL.
 * @param err    receives the details of a failure, or NULL.
 * @return CAS_OK; CAS_ERR_ARG (NULL pointer, K < 3, bad options);
 *         CAS_ERR_NO_ESTIMATE (no model gives an estimate; the message
 *         gives the first model's reason); CAS_ERR_NOMEM.
 * Complexity: O(M) fits (see cas_mse_fit()) for the M hierarchical models of L lists; O(M)
 *   memory.
 */
CAS_EXPORT cas_status cas_mse_select(cas_mse_selection **out, const cas_mse_table *table,
                                     const cas_mse_options *opts, cas_error *err);

/**
 * Free a selection and every estimate it holds. NULL is a no-op.
 * Complexity: O(M) time for M models; all its memory returned.
 * @param selection  the selection, or NULL.
 */
CAS_EXPORT void cas_mse_selection_free(cas_mse_selection *selection);

/**
 * The number of models fitted, i.e. ranked (0 for NULL).
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param selection  the selection, or NULL.
 * @return the number of models ranked.
 */
CAS_EXPORT size_t cas_mse_selection_count(const cas_mse_selection *selection);

/**
 * The model at @p rank (0 = chosen), borrowed: it lives as long as the
 * selection; do not free it. NULL past the end.
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param selection  the selection.
 * @param rank       the model's rank, below cas_mse_selection_count().
 * @return the estimate, or NULL.
 */
CAS_EXPORT const cas_mse_estimate *cas_mse_selection_get(const cas_mse_selection *selection,
                                                         size_t rank);

/**
 * The criterion of the model at @p rank, and its difference from the best.
 * @param selection  the selection.
 * @param rank       the model's rank.
 * @param criterion  receives its criterion (AIC or BIC, a ::cas_mse_criterion); may be NULL.
 * @param delta      receives the criterion minus the best one's; may be NULL.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_mse_selection_score(const cas_mse_selection *selection, size_t rank,
                                              double *criterion, double *delta);

/**
 * The number of models tried that gave no estimate (0 for NULL).
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param selection  the selection, or NULL.
 * @return the number of models that failed.
 */
CAS_EXPORT size_t cas_mse_selection_failed_count(const cas_mse_selection *selection);

/**
 * A model that gave no estimate, in the order they were tried.
 * @param model    receives its mask; may be NULL.
 * @param status   receives the ::cas_status of its fit; may be NULL.
 * @param message  receives the reason, borrowed from the selection; may be NULL.
 * @param selection  the selection.
 * @param index  the failed model's position, below cas_mse_selection_failed_count().
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_mse_selection_failed(const cas_mse_selection *selection, size_t index,
                                               uint64_t *model, int32_t *status,
                                               const char **message);

/**
 * The chosen model and the spread of the well-supported models' estimates
 * and intervals.
 * @param out  caller-owned, with `size` set to sizeof(cas_mse_spread).
 * @param selection  the selection.
 * @return CAS_OK or CAS_ERR_ARG (NULL pointer, `size` too small).
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_mse_selection_spread(const cas_mse_selection *selection,
                                               cas_mse_spread *out);

/**
 * Fill a claim that carries the model uncertainty: low/high = the widest
 * interval of the well-supported models (rounded outward; high CAS_OPEN if
 * one is not found), best = the chosen model's N̂ rounded, qualifier
 * approx, basis estimated, source naming the chosen model, the criterion
 * and the lists. Strings as for cas_mse_estimate_claim(), borrowed from the
 * selection.
 * @param selection  the selection; the strings written into @p out are borrowed from it.
 * @param id         the claim's id (borrowed from the caller).
 * @param scope      what the estimate counts (copied by value), or NULL for "everything".
 * @param out        caller-owned, with `size` set (cas_claim_init()).
 * @param err        receives the details of a failure, or NULL.
 * @return as cas_mse_estimate_claim().
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_mse_selection_claim(const cas_mse_selection *selection,
                                              const char *id, const cas_scope *scope,
                                              cas_claim *out, cas_error *err);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_MSE_H */
