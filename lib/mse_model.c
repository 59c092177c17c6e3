/* SPDX-License-Identifier: MIT */
/* Log-linear models as masks: bit s set for the interaction of the lists in
 * s, closed downwards (hierarchical). Closing, the two-way model, and the
 * text form "[12,13]" both ways (cas_mse_model_format, cas_mse_model_parse). */
#include "mse_internal.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- models --------------------------------------------------------------- */

/* Close @m downwards over @lists lists and drop the bits of sets with fewer
 * than two lists. Going from the largest mask down visits every set before
 * its subsets, so one pass suffices. */
uint64_t cas__mse_close_model(uint64_t m, uint32_t lists)
{
    uint32_t cells = 1u << lists;

    for (uint32_t s = cells - 1; s > 0; s--) {
        if (!((m >> s) & 1u) || cas__mse_popcount(s) < 3)
            continue;
        for (uint32_t b = s; b; b &= b - 1)
            m |= (uint64_t)1 << (s & ~(b & -b));
    }
    for (uint32_t s = 0; s < cells; s++)
        if (cas__mse_popcount(s) < 2)
            m &= ~((uint64_t)1 << s);
    return m;
}

int cas__mse_model_fits_lists(uint64_t m, uint32_t lists)
{
    return lists >= 6 || (m >> (1u << lists)) == 0;
}

uint64_t cas_mse_model_two_way(uint32_t lists)
{
    uint64_t m = 0;

    if (lists < 2 || lists > CAS_MSE_MAX_LISTS)
        return 0;
    for (uint32_t s = 1; s < (1u << lists); s++)
        if (cas__mse_popcount(s) == 2)
            m |= (uint64_t)1 << s;
    return m;
}

void cas__mse_term_text(char *buf, uint32_t s)
{
    size_t o = 0;
    for (uint32_t j = 0; j < CAS_MSE_MAX_LISTS; j++)
        if ((s >> j) & 1u)
            buf[o++] = (char)('1' + j);
    buf[o] = '\0';
}

cas_status cas_mse_model_format(char *buf, size_t size, uint64_t model, uint32_t lists)
{
    char text[CAS_MSE_MODEL_TEXT_MAX * 2];
    char terms[CAS__MSE_MAX_CELLS][CAS_MSE_MAX_LISTS + 1];
    size_t nterms = 0, o = 0;
    uint32_t cells;

    if (!buf || lists < 2 || lists > CAS_MSE_MAX_LISTS || !cas__mse_model_fits_lists(model, lists))
        return CAS_ERR_ARG;
    cells = 1u << lists;
    model = cas__mse_close_model(model, lists);
    /* The generating terms: those no other term of the model contains. */
    for (uint32_t s = 1; s < cells; s++) {
        int maximal = 1;
        if (!((model >> s) & 1u))
            continue;
        for (uint32_t t = s + 1; t < cells && maximal; t++)
            if (((model >> t) & 1u) && (t & s) == s)
                maximal = 0;
        if (maximal)
            cas__mse_term_text(terms[nterms++], s);
    }
    /* Sort the terms as text, so "[12,134,23]" reads in a fixed order. */
    for (size_t i = 1; i < nterms; i++)
        for (size_t k = i; k > 0 && strcmp(terms[k - 1], terms[k]) > 0; k--) {
            char tmp[CAS_MSE_MAX_LISTS + 1];
            memcpy(tmp, terms[k], sizeof tmp);
            memcpy(terms[k], terms[k - 1], sizeof tmp);
            memcpy(terms[k - 1], tmp, sizeof tmp);
        }
    if (nterms == 0) {
        o = (size_t)snprintf(text, sizeof text, "independence");
    } else {
        text[o++] = '[';
        for (size_t i = 0; i < nterms; i++)
            o += (size_t)snprintf(text + o, sizeof text - o, "%s%s", i ? "," : "", terms[i]);
        text[o++] = ']';
        text[o] = '\0';
    }
    if (o + 1 > size)
        return CAS_ERR_ARG;
    memcpy(buf, text, o + 1);
    return CAS_OK;
}

/* A parse error at byte @pos (0-based) of the model text. */
static cas_status parse_fail(cas_error *err, size_t pos, const char *fmt, ...) CAS__PRINTF(3, 4);
static cas_status parse_fail(cas_error *err, size_t pos, const char *fmt, ...)
{
    char msg[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cas__fail(err, CAS_ERR_PARSE, "model", "at byte %zu: %s", pos + 1, msg);
    if (err && err->size >= offsetof(cas_error, column) + sizeof err->column)
        err->column = (int64_t)pos + 1;
    return CAS_ERR_PARSE;
}

cas_status cas_mse_model_parse(uint64_t *out, const char *text, uint32_t lists, cas_error *err)
{
    const char *s;
    uint64_t m = 0;
    int bracket = 0, any_term = 0;

    if (!out || !text)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !out ? "out" : "text");
    if (lists < 2 || lists > CAS_MSE_MAX_LISTS)
        return cas__fail(err, CAS_ERR_ARG, "lists", "%u lists: from 2 to %d are supported",
                         (unsigned)lists, CAS_MSE_MAX_LISTS);
    s = text;
    while (*s == ' ')
        s++;
    if (strcmp(s, "independence") == 0) {
        *out = CAS_MSE_INDEPENDENCE;
        return CAS_OK;
    }
    if (strcmp(s, "two-way") == 0) {
        *out = cas_mse_model_two_way(lists);
        return CAS_OK;
    }
    if (*s == '[') {
        bracket = 1;
        s++;
    }
    for (;;) {
        uint32_t term = 0;
        int digits = 0;
        while (*s == ' ')
            s++;
        while (*s >= '0' && *s <= '9') {
            uint32_t d = (uint32_t)(*s - '0');
            if (d < 1 || d > lists)
                return parse_fail(err, (size_t)(s - text),
                                  "'%c' is not a list number (lists are numbered 1 to %u)", *s,
                                  (unsigned)lists);
            if (term & (1u << (d - 1)))
                return parse_fail(err, (size_t)(s - text), "list %c appears twice in one term", *s);
            term |= 1u << (d - 1);
            digits++;
            s++;
        }
        while (*s == ' ')
            s++;
        if (digits > 0) {
            m |= (uint64_t)1 << term;
            any_term = 1;
        } else if (any_term || *s == ',') {
            return parse_fail(err, (size_t)(s - text), "expected a term such as 12, got %s",
                              *s ? "something else" : "the end of the text");
        }
        if (*s == ',' && digits > 0) {
            s++;
            continue;
        }
        break;
    }
    if (bracket) {
        if (*s != ']')
            return parse_fail(err, (size_t)(s - text), "expected ',' or ']'");
        s++;
    }
    while (*s == ' ')
        s++;
    if (*s != '\0' || (!bracket && !any_term))
        return parse_fail(err, (size_t)(s - text),
                          "expected a model such as [12,13], [] or independence");
    *out = cas__mse_close_model(m, lists);
    return CAS_OK;
}
