/* SPDX-License-Identifier: MIT */
/* The claim-phrase parser: tokens to figures, figures to claims.
 *
 * The text is read one sentence at a time (a sentence ends at ". X", "!",
 * "?", ';', a line break, "<br>", '|', or after CAS__SENT_MAX tokens), so
 * memory and work per sentence are bounded whatever the input. In each
 * sentence:
 *   1. every word is matched against the outcome and group lexicon;
 *   2. dates ("between 6 and 8 March") and figures (a number, number
 *      words, a range or a vague word, with its hedges) are found, and
 *      numbers that are not counts (years, percentages, ordinals, units,
 *      clock times, money) are set aside;
 *   3. each figure gets the group words that follow it, an outcome found
 *      forwards or backwards through its list ("16 soldiers and four
 *      civilians were killed"), a perpetrator ("by X", "X killed N"), a
 *      source ("(per X)", "according to X", "X said"), and a period;
 *   4. each figure with an outcome (any figure, in a field) is a claim.
 * docs/phrases.md describes the rules for users. */
#include "phrase_internal.h"
#include "sized_internal.h"
#include "alloc_internal.h"
#include "casualty/claim.h"

#include <stdlib.h>
#include <string.h>

/* ---- the result ---- */

struct cas_phrase_result {
    cas__pclaim *claims;
    size_t count, cap;
    char *strs; /* NUL-terminated strings; offset 0 is "" */
    size_t slen, scap;
};

cas_status cas__phrase_add_str(cas_phrase_result *r, const char *s, size_t n, size_t *off)
{
    if (n == 0) {
        *off = 0;
        return CAS_OK;
    }
    if (n >= SIZE_MAX - r->slen || !cas__grow((void **)&r->strs, &r->scap, r->slen + n + 1, 1, 256))
        return CAS_ERR_NOMEM;
    memcpy(r->strs + r->slen, s, n);
    r->strs[r->slen + n] = '\0';
    *off = r->slen;
    r->slen += n + 1;
    return CAS_OK;
}

cas_status cas__phrase_add_cstr(cas_phrase_result *r, const char *s, size_t *off)
{
    return cas__phrase_add_str(r, s, s ? strlen(s) : 0, off);
}

cas_status cas__phrase_add_claim(cas_phrase_result *r, const cas__pclaim *pc)
{
    if (!grow((void **)&r->claims, &r->cap, r->count + 1, sizeof *r->claims))
        return CAS_ERR_NOMEM;
    r->claims[r->count++] = *pc;
    return CAS_OK;
}

/* ---- the entry point ---- */

static void ctx_free(ctx *c)
{
    cas__free(c->bucket);
    cas__free(c->tk);
    cas__free(c->fg);
    cas__free(c->dt);
    cas__free(c->at);
    cas__free(c->stack);
}

void cas_phrase_result_free(cas_phrase_result *r)
{
    if (!r)
        return;
    cas__free(r->claims);
    cas__free(r->strs);
    cas__free(r);
}

cas_status cas_phrase_parse(cas_phrase_result **out, const cas_phrase_options *opts,
                            const char *text, size_t len, int32_t field, cas_error *err)
{
    ctx c;
    cas_phrase_result *r;
    cas_status st;
    size_t bad;

    if (!out)
        return cas__fail(err, CAS_ERR_ARG, "text", "no place for the result (out is NULL)");
    if (!text && len > 0)
        return cas__fail(err, CAS_ERR_ARG, "text", "text is NULL but len is %zu", len);
    if (field < CAS_PHRASE_PROSE || field > CAS_PHRASE_STRENGTH)
        return cas__fail(err, CAS_ERR_ARG, "field", "unknown field kind %d", (int)field);
    if (len > CAS_PHRASE_MAX_BYTES)
        return cas__fail(err, CAS_ERR_TOO_LONG, "text",
                         "text of %zu bytes is longer than the %zu-byte limit", len,
                         (size_t)CAS_PHRASE_MAX_BYTES);
    if ((bad = cas__utf8_first_bad(text, len)) < len) {
        st = cas__fail(err, CAS_ERR_ENCODING, "text", "invalid UTF-8 at byte %zu", bad + 1);
        cas__error_where(err, NULL, 0, (int64_t)bad + 1);
        return st;
    }
    memset(&c, 0, sizeof c);
    c.s = text ? text : "";
    c.n = len;
    c.o = opts ? opts : cas__phrase_default_options();
    c.field = field;
    c.heading = -1;
    r = cas__calloc(1, sizeof *r);
    c.bucket = cas__malloc((256 + c.o->nterms) * sizeof *c.bucket);
    if (!r || !c.bucket) {
        cas__free(r);
        ctx_free(&c);
        return cas__fail(err, CAS_ERR_NOMEM, NULL, "out of memory");
    }
    c.r = r;
    cas__build_buckets(&c);
    /* offset 0 is the empty string every unknown field points at */
    r->strs = cas__malloc(256);
    if (!r->strs) {
        st = CAS_ERR_NOMEM;
    } else {
        r->strs[0] = '\0';
        r->slen = 1;
        r->scap = 256;
        st = cas__phrase_add_cstr(r, c.o->name, &c.preset_off);
    }
    if (st == CAS_OK)
        st = cas__phrase_run(&c);
    ctx_free(&c);
    if (st != CAS_OK) {
        cas_phrase_result_free(r);
        return cas__fail(err, st, NULL, "out of memory");
    }
    *out = r;
    return CAS_OK;
}

size_t cas_phrase_result_count(const cas_phrase_result *r)
{
    return r ? r->count : 0;
}

CAS__DEFINE_INIT(cas_phrase_claim, .high = CAS_OPEN, .best = CAS_NONE, .number = CAS_NONE,
                 .period_start = CAS_DATE_UNKNOWN, .period_end = CAS_DATE_UNKNOWN)

/* Claim @index of @r for a getter whose out-struct passed its own check
 * (@out_ok): CAS_ERR_ARG before CAS_ERR_NOT_FOUND. */
static cas_status claim_at(const cas_phrase_result *r, int out_ok, size_t index,
                           const cas__pclaim **p)
{
    if (!r || !out_ok)
        return CAS_ERR_ARG;
    if (index >= r->count)
        return CAS_ERR_NOT_FOUND;
    *p = &r->claims[index];
    return CAS_OK;
}

cas_status cas_phrase_result_get(const cas_phrase_result *r, size_t index, cas_phrase_claim *out)
{
    const cas__pclaim *p = NULL;
    cas_status st = claim_at(r, CAS__SIZED_OK(out, cas_phrase_claim), index, &p);
    cas_phrase_claim pc;

    if (st != CAS_OK)
        return st;
    cas_phrase_claim_init(&pc);
    pc.kind = p->kind;
    pc.qualifier = p->qualifier;
    pc.basis = p->basis;
    pc.low = p->low;
    pc.high = p->high;
    pc.best = p->best;
    pc.number = p->number;
    pc.start = p->start;
    pc.end = p->end;
    pc.period_start = p->period_start;
    pc.period_end = p->period_end;
    pc.outcome = r->strs + p->outcome;
    pc.group = r->strs + p->group;
    pc.perpetrator = r->strs + p->perp;
    pc.perpetrator_text = r->strs + p->perp_text;
    pc.source = r->strs + p->source;
    pc.relay = r->strs + p->relay;
    pc.preset = r->strs + p->preset;
    pc.quote = r->strs + p->quote;
    pc.period_text = r->strs + p->period_text;
    cas__sized_write(out, &pc, sizeof pc);
    return CAS_OK;
}

cas_status cas_phrase_result_claim(const cas_phrase_result *r, size_t index, cas_claim *out)
{
    const cas__pclaim *p = NULL;
    cas_status st = claim_at(r, CAS__SIZED_OK(out, cas_claim), index, &p);
    cas_claim c;

    if (st != CAS_OK)
        return st;
    /* The fields this does not set keep the caller's values. */
    cas__sized_read(&c, out, &cas__claim_default, sizeof c);
    c.qualifier = p->qualifier;
    c.basis = p->basis;
    c.low = p->low;
    c.high = p->high;
    c.best = p->best;
    c.id = NULL;
    c.citation = NULL;
    c.source = r->strs + p->source;
    c.relay = r->strs + p->relay;
    c.quote = r->strs + p->quote;
    c.scope.outcome = r->strs + p->outcome;
    c.scope.group = r->strs + p->group;
    c.scope.perpetrator = r->strs + p->perp;
    c.scope.period_start = p->period_start;
    c.scope.period_end = p->period_end;
    cas__sized_write(out, &c, sizeof c);
    return CAS_OK;
}

cas_status cas__phrase_figure(const char *text, size_t len, int64_t *low, int64_t *high,
                              int64_t *best, int32_t *qualifier, cas_error *err)
{
    cas_phrase_result *r;
    cas_status st;
    char ex[48];

    if (!low || !high || !best || !qualifier)
        return cas__fail(err, CAS_ERR_ARG, "claim", "NULL out-parameter");
    st = cas_phrase_parse(&r, NULL, text, len, CAS_PHRASE_CASUALTY, err);
    if (st != CAS_OK)
        return st;
    cas__quote_excerpt(ex, sizeof ex, text ? text : "", len);
    if (r->count != 1) {
        size_t n = r->count;
        cas_phrase_result_free(r);
        if (n == 0)
            return cas__fail(err, CAS_ERR_PARSE, "claim",
                             "expected a figure such as 'at least 315' or '5,000-7,000', got '%s'",
                             ex);
        return cas__fail(err, CAS_ERR_PARSE, "claim", "expected one figure, found %zu in '%s'", n,
                         ex);
    }
    *low = r->claims[0].low;
    *high = r->claims[0].high;
    *best = r->claims[0].best;
    *qualifier = r->claims[0].qualifier;
    cas_phrase_result_free(r);
    return CAS_OK;
}
