/* SPDX-License-Identifier: MIT */
/* Two-list estimators: Lincoln-Petersen and Chapman, with their Wald and
 * log-normal intervals (cas_mse_two_list). */
#include "mse_internal.h"

#include <math.h>

cas_status cas_mse_two_list(cas_mse_estimate **out, const cas_mse_table *t, int32_t method,
                            const cas_mse_options *opts, cas_error *err)
{
    cas_mse_options o;
    cas_mse_estimate *e;
    cas_status st;
    double n1, n2, m, n, v;

    if (!out || !t)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !out ? "out" : "table");
    if ((st = cas__mse_get_options(&o, opts, err)) != CAS_OK)
        return st;
    if (t->lists != 2)
        return cas__fail(err, CAS_ERR_ARG, "table",
                         "two-list estimators need a table of 2 lists, this one has %u "
                         "(use cas_mse_fit() or cas_mse_select())",
                         (unsigned)t->lists);
    if (method != CAS_MSE_LINCOLN_PETERSEN && method != CAS_MSE_CHAPMAN)
        return cas__fail(err, CAS_ERR_ARG, "method", "method %d is not a two-list estimator",
                         (int)method);
    m = (double)t->counts[3];
    n1 = (double)t->counts[1] + m;
    n2 = (double)t->counts[2] + m;
    n = (double)t->observed;
    if (t->counts[3] == 0)
        return cas__fail(err, CAS_ERR_NO_ESTIMATE, "",
                         "no record is on both lists ('%.64s' and '%.64s'): without an "
                         "overlap the lists say nothing about who is on neither",
                         t->names[0], t->names[1]);
    e = cas__mse_estimate_new(t, method, &o);
    if (!e)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    if (method == CAS_MSE_LINCOLN_PETERSEN) {
        e->n_hat = n1 * n2 / m;
        v = n1 * n2 * (n1 - m) * (n2 - m) / (m * m * m);
    } else {
        e->n_hat = (n1 + 1.0) * (n2 + 1.0) / (m + 1.0) - 1.0;
        v = (n1 + 1.0) * (n2 + 1.0) * (n1 - m) * (n2 - m) / ((m + 1.0) * (m + 1.0) * (m + 2.0));
    }
    e->se = sqrt(v);
    e->fitted[0] = e->n_hat - n;
    cas__mse_closed_intervals(e);
    if (cas__mse_estimate_texts(e) != CAS_OK) {
        cas_mse_estimate_free(e);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    *out = e;
    return CAS_OK;
}
