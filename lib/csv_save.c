/* SPDX-License-Identifier: MIT */
/* Saving ledgers as CSV (schema: docs/csv.md), built in a cas__strbuf
 * with the library's one rule for quoting a field. */
#include "csv_internal.h"
#include "alloc_internal.h"
#include "strbuf_internal.h"
#include "sized_internal.h"
#include "casualty/csv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

CAS__DEFINE_INIT(cas_csv_write_options, 0)

/* The options of a call, read from the caller's struct (NULL: the
 * defaults): 0, or -1 when @in has no size set. */
static int read_options(cas_csv_write_options *local, const cas_csv_write_options *in)
{
    static const cas_csv_write_options defaults = {.size = sizeof(cas_csv_write_options)};
    *local = defaults;
    if (!in)
        return 0;
    if (!CAS__SIZED_OK(in, cas_csv_write_options))
        return -1;
    cas__sized_read(local, in, &defaults, sizeof defaults);
    return 0;
}

int cas__csv_write_protect(const cas_csv_write_options *opts, int *protect)
{
    cas_csv_write_options o;
    if (read_options(&o, opts) != 0)
        return -1;
    *protect = o.protect_formulas != 0;
    return 0;
}

static void put_str(cas__strbuf *o, const cas_ledger *l, uint32_t id, int protect)
{
    cas__strbuf_put_cell(o, cas__pool_str(&l->pool, id), cas__pool_len(&l->pool, id), protect);
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
static void put_row(cas__strbuf *o, const cas_ledger *l, const cas__claim *r, int protect)
{
    put_str(o, l, r->id, protect);
    comma(o);
    put_str(o, l, r->source, protect);
    comma(o);
    put_str(o, l, r->source_kind, protect);
    comma(o);
    put_str(o, l, r->relay, protect);
    comma(o);
    put_name(o, cas_basis_name(r->basis));
    comma(o);
    put_str(o, l, r->outcome, protect);
    comma(o);
    put_str(o, l, r->group, protect);
    comma(o);
    put_str(o, l, r->perpetrator, protect);
    comma(o);
    put_str(o, l, r->place, protect);
    comma(o);
    put_str(o, l, r->event, protect);
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
    put_str(o, l, r->citation, protect);
    comma(o);
    put_str(o, l, r->quote, protect);
    cas__strbuf_put(o, "\n", 1);
}

/* The ledger as CSV, into @o; on failure @o holds nothing and @err says
 * why. */
static cas_status save(const cas_ledger *l, cas__strbuf *o, int protect, cas_error *err)
{
    for (int c = 0; c < NSAVED; c++) {
        if (c)
            comma(o);
        put_name(o, cas__csv_column_names[c]);
    }
    cas__strbuf_put(o, "\n", 1);
    for (size_t i = 0; i < l->count && !o->failed; i++)
        put_row(o, l, &l->claims[i], protect);
    if (!o->failed && o->data)
        return CAS_OK;
    cas__free(o->data);
    o->data = NULL;
    return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
}

cas_status cas_csv_save_string_with(char **out, size_t *len, const cas_ledger *l,
                                    const cas_csv_write_options *opts, cas_error *err)
{
    cas__strbuf o = CAS__STRBUF_INIT;
    cas_status st;
    int protect = 0;

    if (!l || !out)
        return cas__fail(err, CAS_ERR_ARG, "", "ledger or out is NULL");
    if (cas__csv_write_protect(opts, &protect) != 0)
        return cas__fail(err, CAS_ERR_ARG, "",
                         "options size not set (use cas_csv_write_options_init)");
    if ((st = save(l, &o, protect, err)) != CAS_OK)
        return st;
    *out = o.data;
    if (len)
        *len = o.len;
    return CAS_OK;
}

cas_status cas_csv_save_string(char **out, size_t *len, const cas_ledger *l, cas_error *err)
{
    return cas_csv_save_string_with(out, len, l, NULL, err);
}

cas_status cas_csv_save_with(const cas_ledger *l, const char *path,
                             const cas_csv_write_options *opts, cas_error *err)
{
    cas__strbuf o = CAS__STRBUF_INIT;
    cas_status st;
    FILE *fp;
    int bad, protect = 0;

    if (!l || !path)
        return cas__fail(err, CAS_ERR_ARG, "", "ledger or path is NULL");
    if (cas__csv_write_protect(opts, &protect) != 0)
        return cas__fail(err, CAS_ERR_ARG, "",
                         "options size not set (use cas_csv_write_options_init)");
    if ((st = save(l, &o, protect, err)) != CAS_OK)
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

cas_status cas_csv_save(const cas_ledger *l, const char *path, cas_error *err)
{
    return cas_csv_save_with(l, path, NULL, err);
}
