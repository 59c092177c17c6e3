/* SPDX-License-Identifier: MIT */
/* Reconciliation results as JSON Lines (docs/jsonl.md): one object per
 * scope with the columns of cas_report_csv() as typed members (open
 * bounds, missing bests and the paths of "all" as null), the claims
 * behind each bound as nested lists and the listed conflicts as objects. */
#include "json_internal.h"
#include "reconcile_internal.h"
#include "casualty/jsonl.h"

static const char *const bound_keys[CAS__NBOUNDS] = {
    "envelope_low", "envelope_high", "consensus_low", "consensus_high", "best",
};

static void put_pool(cas__json *j, const char *key, const cas_ledger *l, uint32_t id)
{
    cas__json_strn(j, key, cas__pool_str(&l->pool, id), cas__pool_len(&l->pool, id));
}

/* A path member: the path, or null for "all" (the empty path). */
static void put_path(cas__json *j, const char *key, const cas_ledger *l, uint32_t id)
{
    if (cas__pool_len(&l->pool, id) == 0)
        cas__json_null(j, key);
    else
        put_pool(j, key, l, id);
}

/* {"id": ..., "source": ...} of the claim at ledger index @i. */
static void put_claim_ref(cas__json *j, const char *key, const cas_ledger *l, uint32_t i)
{
    cas__json_open(j, key, '{');
    put_pool(j, "id", l, l->claims[i].id);
    put_pool(j, "source", l, l->claims[i].source);
    cas__json_close(j, '}');
}

static cas_status build(cas__strbuf *b, const void *obj)
{
    const cas_reconciliation *r = obj;
    const cas_ledger *l = r->ledger;
    char tol[32];

    cas__tolerance_text(tol, sizeof tol, r->tol_kind, r->tol);
    for (size_t i = 0; i < r->nscopes && !b->failed; i++) {
        const cas__scope_rec *s = &r->scopes[i];
        const cas__claim *rep = &l->claims[s->rep];
        int cons = s->cons_high == CAS_OPEN || s->cons_low <= s->cons_high;
        cas__json j;

        cas__json_init(&j, b);
        cas__json_open(&j, NULL, '{');
        put_path(&j, "outcome", l, rep->outcome);
        put_path(&j, "group", l, rep->group);
        put_path(&j, "perpetrator", l, rep->perpetrator);
        put_path(&j, "place", l, rep->place);
        put_path(&j, "event", l, rep->event);
        cas__json_day(&j, "period_start", rep->period_start);
        cas__json_day(&j, "period_end", rep->period_end);
        cas__json_int(&j, "claims", s->nclaims);
        cas__json_int(&j, "sources", s->nsources);
        cas__json_int(&j, "superseded", s->superseded);
        cas__json_int(&j, "excluded", s->excluded);
        cas__json_int(&j, "envelope_low", s->env_low);
        cas__json_count(&j, "envelope_high", s->env_high, CAS_OPEN);
        cas__json_int(&j, "consensus_low", s->cons_low);
        cas__json_count(&j, "consensus_high", s->cons_high, CAS_OPEN);
        cas__json_bool(&j, "consensus", cons);
        cas__json_count(&j, "best", s->best, CAS_NONE);
        cas__json_str_or_null(&j, "best_kind", cas_best_kind_name(s->best_kind));
        cas__json_int(&j, "conflict_pairs", s->conflict_pairs);
        cas__json_str(&j, "within_tolerance", s->within_tol ? tol : NULL);
        if (s->outlier != UINT32_MAX)
            put_pool(&j, "outlier", l, s->outlier);
        else
            cas__json_null(&j, "outlier");
        cas__json_open(&j, "provenance", '{');
        for (int k = 0; k < CAS__NBOUNDS; k++) {
            cas__json_open(&j, bound_keys[k], '[');
            for (uint32_t c = 0; c < s->prov_n[k]; c++)
                put_claim_ref(&j, NULL, l, r->idx[s->prov_off[k] + c]);
            cas__json_close(&j, ']');
        }
        cas__json_close(&j, '}');
        cas__json_open(&j, "conflicts", '[');
        for (uint32_t c = 0; c < s->nconf; c++) {
            const cas__conflict_rec *f = &r->conf[s->conf_off + c];
            cas__json_open(&j, NULL, '{');
            put_claim_ref(&j, "higher", l, f->higher);
            put_claim_ref(&j, "lower", l, f->lower);
            cas__json_int(&j, "gap", f->gap);
            cas__json_real(&j, "ratio", f->ratio);
            cas__json_close(&j, '}');
        }
        cas__json_close(&j, ']');
        cas__json_close(&j, '}');
        cas__strbuf_put(b, "\n", 1);
    }
    return b->failed ? CAS_ERR_NOMEM : CAS_OK;
}

cas_status cas_report_jsonl(char **out, size_t *len, const cas_reconciliation *r, cas_error *err)
{
    return cas__json_to_string(build, r, "reconciliation", out, len, err);
}

cas_status cas_report_jsonl_save(const cas_reconciliation *r, const char *path, cas_error *err)
{
    return cas__json_to_file(build, r, "reconciliation", path, err);
}
