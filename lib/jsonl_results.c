/* SPDX-License-Identifier: MIT */
/* Propagated bounds and the source matrix as JSON Lines (docs/jsonl.md),
 * through the results' public getters. */
#include "json_internal.h"
#include "casualty/aggregate.h"
#include "casualty/jsonl.h"
#include "casualty/matrix.h"

static const char *rule_name(int32_t rule)
{
    static const char *const names[] = {"claims", "unclaimed", "part",       "whole",
                                        "sum",    "rest",      "cover-high", "cover-low"};
    return rule >= 0 && rule < (int32_t)(sizeof names / sizeof *names) ? names[rule] : NULL;
}

static void put_scope(cas__json *j, const cas_scope *s)
{
    cas__json_str_or_null(j, "outcome", s->outcome);
    cas__json_str_or_null(j, "group", s->group);
    cas__json_str_or_null(j, "perpetrator", s->perpetrator);
    cas__json_str_or_null(j, "place", s->place);
    cas__json_str_or_null(j, "event", s->event);
    cas__json_day(j, "period_start", s->period_start);
    cas__json_day(j, "period_end", s->period_end);
}

static void put_chain(cas__json *j, const char *key, const cas_propagation *p, size_t i, int bound)
{
    size_t n = 0;
    cas_propagation_provenance(p, i, bound, 0, NULL, &n);
    cas__json_open(j, key, '[');
    for (size_t k = 0; k < n; k++) {
        cas_claim_ref c;
        cas_claim_ref_init(&c);
        if (cas_propagation_provenance(p, i, bound, k, &c, NULL) != CAS_OK)
            continue;
        cas__json_open(j, NULL, '{');
        cas__json_str(j, "id", c.id);
        cas__json_str(j, "source", c.source);
        cas__json_close(j, '}');
    }
    cas__json_close(j, ']');
}

static cas_status build_propagation(cas__strbuf *b, const void *obj)
{
    const cas_propagation *p = obj;
    for (size_t i = 0; i < cas_propagation_count(p) && !b->failed; i++) {
        cas_bounds v;
        cas__json j;
        cas_bounds_init(&v);
        if (cas_propagation_get(p, i, &v) != CAS_OK)
            return CAS_ERR_NOMEM;
        cas__json_init(&j, b);
        cas__json_open(&j, NULL, '{');
        put_scope(&j, &v.scope);
        cas__json_count(&j, "initial_low", v.initial_low, -2);
        cas__json_count(&j, "initial_high", v.initial_high, CAS_OPEN);
        cas__json_count(&j, "low", v.low, -2);
        cas__json_count(&j, "high", v.high, CAS_OPEN);
        cas__json_bool(&j, "conflict", v.conflict);
        cas__json_bool(&j, "has_claims", v.has_claims);
        cas__json_count(&j, "best", v.best, CAS_NONE);
        cas__json_str_or_null(&j, "best_kind",
                              v.best == CAS_NONE ? NULL : cas_best_kind_name(v.best_kind));
        cas__json_str(&j, "low_rule", rule_name(v.low_rule));
        cas__json_str(&j, "high_rule", rule_name(v.high_rule));
        cas__json_open(&j, "provenance", '{');
        put_chain(&j, "low", p, i, CAS_PROPAGATED_LOW);
        put_chain(&j, "high", p, i, CAS_PROPAGATED_HIGH);
        cas__json_close(&j, '}');
        cas__json_close(&j, '}');
        cas__strbuf_put(b, "\n", 1);
    }
    return b->failed ? CAS_ERR_NOMEM : CAS_OK;
}

static cas_status build_matrix(cas__strbuf *b, const void *obj)
{
    const cas_matrix *m = obj;
    for (size_t i = 0; i < cas_matrix_count(m) && !b->failed; i++) {
        cas_source_pair v;
        cas__json j;
        cas_source_pair_init(&v);
        if (cas_matrix_get(m, i, &v) != CAS_OK)
            return CAS_ERR_NOMEM;
        cas__json_init(&j, b);
        cas__json_open(&j, NULL, '{');
        cas__json_str(&j, "first", v.first);
        cas__json_str(&j, "second", v.second);
        cas__json_int(&j, "scopes", v.scopes);
        cas__json_int(&j, "agree", v.agree);
        cas__json_int(&j, "conflict", v.conflict);
        cas__json_int(&j, "figures", v.figures);
        cas__json_int(&j, "first_higher", v.first_higher);
        cas__json_int(&j, "second_higher", v.second_higher);
        cas__json_int(&j, "within_tolerance", v.within_tolerance);
        cas__json_int(&j, "floors", v.floors);
        cas__json_int(&j, "ratios", v.ratios);
        cas__json_real(&j, "p10_ratio", v.p10_ratio);
        cas__json_real(&j, "median_ratio", v.median_ratio);
        cas__json_real(&j, "p90_ratio", v.p90_ratio);
        cas__json_close(&j, '}');
        cas__strbuf_put(b, "\n", 1);
    }
    return b->failed ? CAS_ERR_NOMEM : CAS_OK;
}

cas_status cas_propagation_jsonl(char **out, size_t *len, const cas_propagation *p, cas_error *err)
{
    return cas__json_to_string(build_propagation, p, "propagation", out, len, err);
}

cas_status cas_propagation_jsonl_save(const cas_propagation *p, const char *path, cas_error *err)
{
    return cas__json_to_file(build_propagation, p, "propagation", path, err);
}

cas_status cas_matrix_jsonl(char **out, size_t *len, const cas_matrix *m, cas_error *err)
{
    return cas__json_to_string(build_matrix, m, "matrix", out, len, err);
}

cas_status cas_matrix_jsonl_save(const cas_matrix *m, const char *path, cas_error *err)
{
    return cas__json_to_file(build_matrix, m, "matrix", path, err);
}
