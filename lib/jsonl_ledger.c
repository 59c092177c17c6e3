/* SPDX-License-Identifier: MIT */
/* A ledger's claims as JSON Lines (docs/jsonl.md): one object per claim
 * with the columns of docs/csv.md, in index order, as cas_csv_save()
 * writes the rows. */
#include "csv_internal.h"
#include "json_internal.h"
#include "casualty/jsonl.h"

/* A text member: the text, or null when it is empty. */
static void put_text(cas__json *j, const char *key, const cas_ledger *l, uint32_t id)
{
    if (cas__pool_len(&l->pool, id) == 0)
        cas__json_null(j, key);
    else
        cas__json_strn(j, key, cas__pool_str(&l->pool, id), cas__pool_len(&l->pool, id));
}

static cas_status build(cas__strbuf *b, const void *obj)
{
    const cas_ledger *l = obj;
    for (size_t i = 0; i < l->count && !b->failed; i++) {
        const cas__claim *r = &l->claims[i];
        cas__json j;
        cas__json_init(&j, b);
        cas__json_open(&j, NULL, '{');
        put_text(&j, "id", l, r->id);
        put_text(&j, "source", l, r->source);
        put_text(&j, "source_kind", l, r->source_kind);
        put_text(&j, "relay", l, r->relay);
        cas__json_str(&j, "basis", cas_basis_name(r->basis));
        put_text(&j, "outcome", l, r->outcome);
        put_text(&j, "group", l, r->group);
        put_text(&j, "perpetrator", l, r->perpetrator);
        put_text(&j, "place", l, r->place);
        put_text(&j, "event", l, r->event);
        cas__json_day(&j, "period_start", r->period_start);
        cas__json_day(&j, "period_end", r->period_end);
        cas__json_day(&j, "reported_on", r->reported_on);
        cas__json_str(&j, "qualifier", cas_qualifier_name(r->qualifier));
        cas__json_count(&j, "low", r->low, -2);
        cas__json_count(&j, "high", r->high, CAS_OPEN);
        cas__json_count(&j, "best", r->best, CAS_NONE);
        put_text(&j, "citation", l, r->citation);
        put_text(&j, "quote", l, r->quote);
        cas__json_close(&j, '}');
        cas__strbuf_put(b, "\n", 1);
    }
    return b->failed ? CAS_ERR_NOMEM : CAS_OK;
}

cas_status cas_ledger_jsonl(char **out, size_t *len, const cas_ledger *ledger, cas_error *err)
{
    return cas__json_to_string(build, ledger, "ledger", out, len, err);
}

cas_status cas_ledger_jsonl_save(const cas_ledger *ledger, const char *path, cas_error *err)
{
    return cas__json_to_file(build, ledger, "ledger", path, err);
}
