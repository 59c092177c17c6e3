/* SPDX-License-Identifier: MIT */
/* Saving ledgers as CSV (schema: docs/csv.md), built in a cas__strbuf
 * with the library's one rule for quoting a field. */
#include "csv_internal.h"
#include "alloc_internal.h"
#include "strbuf_internal.h"
#include "casualty/csv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void put_str(cas__strbuf *o, const cas_ledger *l, uint32_t id)
{
    cas__strbuf_put_field(o, cas__pool_str(&l->pool, id), cas__pool_len(&l->pool, id));
}

static void put_name(cas__strbuf *o, const char *s)
{
    cas__strbuf_puts(o, s);
}

static void comma(cas__strbuf *o)
{
    cas__strbuf_put(o, ",", 1);
}

/* One claim as a CSV row, in the order of cas__csv_column_names. */
static void put_row(cas__strbuf *o, const cas_ledger *l, const cas__claim *r)
{
    put_str(o, l, r->id);
    comma(o);
    put_str(o, l, r->source);
    comma(o);
    put_str(o, l, r->source_kind);
    comma(o);
    put_str(o, l, r->relay);
    comma(o);
    put_name(o, cas_basis_name(r->basis));
    comma(o);
    put_str(o, l, r->outcome);
    comma(o);
    put_str(o, l, r->group);
    comma(o);
    put_str(o, l, r->perpetrator);
    comma(o);
    put_str(o, l, r->place);
    comma(o);
    put_str(o, l, r->event);
    comma(o);
    cas__strbuf_put_day(o, r->period_start);
    comma(o);
    cas__strbuf_put_day(o, r->period_end);
    comma(o);
    cas__strbuf_put_day(o, r->reported_on);
    comma(o);
    put_name(o, cas_qualifier_name(r->qualifier));
    comma(o);
    cas__strbuf_put_count(o, r->low, -2);
    comma(o);
    cas__strbuf_put_count(o, r->high, CAS_OPEN);
    comma(o);
    cas__strbuf_put_count(o, r->best, CAS_NONE);
    comma(o);
    put_str(o, l, r->citation);
    comma(o);
    put_str(o, l, r->quote);
    cas__strbuf_put(o, "\n", 1);
}

/* The ledger as CSV, into @o; on failure @o holds nothing and @err says
 * why. */
static cas_status save(const cas_ledger *l, cas__strbuf *o, cas_error *err)
{
    for (int c = 0; c < NSAVED; c++) {
        if (c)
            comma(o);
        put_name(o, cas__csv_column_names[c]);
    }
    cas__strbuf_put(o, "\n", 1);
    for (size_t i = 0; i < l->count && !o->failed; i++)
        put_row(o, l, &l->claims[i]);
    if (!o->failed && o->data)
        return CAS_OK;
    cas__free(o->data);
    o->data = NULL;
    return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
}

cas_status cas_csv_save_string(char **out, size_t *len, const cas_ledger *l, cas_error *err)
{
    cas__strbuf o = CAS__STRBUF_INIT;
    cas_status st;

    if (!l || !out)
        return cas__fail(err, CAS_ERR_ARG, "", "ledger or out is NULL");
    if ((st = save(l, &o, err)) != CAS_OK)
        return st;
    *out = o.data;
    if (len)
        *len = o.len;
    return CAS_OK;
}

cas_status cas_csv_save(const cas_ledger *l, const char *path, cas_error *err)
{
    cas__strbuf o = CAS__STRBUF_INIT;
    cas_status st;
    FILE *fp;
    int bad;

    if (!l || !path)
        return cas__fail(err, CAS_ERR_ARG, "", "ledger or path is NULL");
    if ((st = save(l, &o, err)) != CAS_OK)
        return st;
    fp = fopen(path, "wb");
    if (!fp) {
        cas__free(o.data);
        cas__fail(err, CAS_ERR_IO, "", "cannot open for writing: %s", strerror(errno));
        cas__error_where(err, path, 0, 0);
        return CAS_ERR_IO;
    }
    bad = fwrite(o.data, 1, o.len, fp) != o.len;
    bad |= fclose(fp) != 0;
    cas__free(o.data);
    if (bad) {
        cas__fail(err, CAS_ERR_IO, "", "write failed: %s", strerror(errno));
        cas__error_where(err, path, 0, 0);
        return CAS_ERR_IO;
    }
    return CAS_OK;
}
