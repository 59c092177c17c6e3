/* SPDX-License-Identifier: MIT */
/* Any other CSV, through a mapping file (docs/real-data.md, "Any other
 * CSV"): a line `field = template` per claims field, the template's
 * `{column}` replaced by that column of the row; in group, perpetrator
 * and place each value is slugged, and a missing one ends the path. */
#include "import_internal.h"
#include "alloc_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum {
    M_ID,
    M_SOURCE,
    M_SOURCE_KIND,
    M_RELAY,
    M_BASIS,
    M_OUTCOME,
    M_GROUP,
    M_PERPETRATOR,
    M_PLACE,
    M_PERIOD_START,
    M_PERIOD_END,
    M_REPORTED_ON,
    M_QUALIFIER,
    M_LOW,
    M_HIGH,
    M_BEST,
    M_CITATION,
    M_QUOTE,
    M_EVENT,
    M_NFIELDS
};

static const char *const field_names[M_NFIELDS] = {
    "id",          "source", "source_kind",  "relay",      "basis",       "outcome",   "group",
    "perpetrator", "place",  "period_start", "period_end", "reported_on", "qualifier", "low",
    "high",        "best",   "citation",     "quote",      "event"};

typedef struct mapping_state {
    char *text;                  /* the mapping file, its lines cut in place */
    const char *tmpl[M_NFIELDS]; /* each field's template, or NULL */
    int first_col[M_NFIELDS];    /* the column of its first {name}, for messages */
} mapping_state;

static int is_path(int f)
{
    return f == M_GROUP || f == M_PERPETRATOR || f == M_PLACE;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static cas_status mapping_fail(cas__import *im, int64_t line, const char *fmt, ...)
    CAS__PRINTF(3, 4);

static cas_status mapping_fail(cas__import *im, int64_t line, const char *fmt, ...)
{
    cas_error e;
    char msg[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cas_error_init(&e);
    cas__fail(&e, CAS_ERR_VALUE, "mapping", "%s", msg);
    cas__error_where(&e, im->opts->mapping, line, 0);
    /* The mapping's own file and line, not the data's. */
    cas__error_copy(im->rd.err, &e);
    im->rd.status = CAS_ERR_VALUE;
    return CAS_ERR_VALUE;
}

static cas_status mapping_header(cas__import *im)
{
    mapping_state *st = im->state;
    FILE *fp = fopen(im->opts->mapping, "rb");
    cas_error e;

    if (!fp) {
        cas_error_init(&e);
        cas__fail(&e, CAS_ERR_IO, "mapping", "cannot open the mapping file");
        cas__error_where(&e, im->opts->mapping, 0, 0);
        cas__error_copy(im->rd.err, &e);
        im->rd.status = CAS_ERR_IO;
        return CAS_ERR_IO;
    }
    size_t len = 0, cap = 0;
    for (;;) {
        if (!cas__grow((void **)&st->text, &cap, len + 4097, 1, 8192)) {
            fclose(fp);
            cas__import_fail(im, -1, CAS_ERR_NOMEM, "out of memory");
            return CAS_ERR_NOMEM;
        }
        size_t got = fread(st->text + len, 1, cap - len - 1, fp);
        len += got;
        if (got == 0)
            break;
    }
    fclose(fp);
    st->text[len] = '\0';
    /* The lines are read as C strings: a NUL byte would cut one short. */
    const char *nul = memchr(st->text, '\0', len);
    if (nul) {
        int64_t at = 1;
        const char *bol = st->text;
        for (const char *q = st->text; q < nul; q++)
            if (*q == '\n') {
                at++;
                bol = q + 1;
            }
        cas_error_init(&e);
        cas__fail(&e, CAS_ERR_ENCODING, "mapping", "a NUL byte: a mapping file is text");
        cas__error_where(&e, im->opts->mapping, at, (int64_t)(nul - bol) + 1);
        cas__error_copy(im->rd.err, &e);
        im->rd.status = CAS_ERR_ENCODING;
        return CAS_ERR_ENCODING;
    }
    int64_t line = 0;
    for (char *p = st->text; p && *p;) {
        char *nl = strpbrk(p, "\r\n"); /* "\n", "\r\n" or a lone "\r" */
        if (nl && nl[0] == '\r' && nl[1] == '\n')
            *nl++ = '\0';
        if (nl)
            *nl = '\0';
        line++;
        char *s = trim(p);
        p = nl ? nl + 1 : NULL;
        if (!*s || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq)
            return mapping_fail(im, line, "expected 'field = template', got '%.200s'", s);
        *eq = '\0';
        char *key = trim(s), *val = trim(eq + 1);
        int f = -1;
        for (int i = 0; i < M_NFIELDS; i++)
            if (strcmp(field_names[i], key) == 0)
                f = i;
        if (f < 0)
            return mapping_fail(im, line, "unknown claims field '%.64s' (docs/csv.md lists them)",
                                key);
        st->tmpl[f] = val;
        st->first_col[f] = -1;
        for (const char *q = val; (q = strchr(q, '{')) != NULL;) {
            const char *close = strchr(q, '}');
            if (!close)
                return mapping_fail(im, line, "a '{' without its '}' in '%.200s'", val);
            char name[256];
            size_t n = (size_t)(close - q - 1);
            if (n >= sizeof name)
                n = sizeof name - 1;
            memcpy(name, q + 1, n);
            name[n] = '\0';
            int col = cas__import_col(im, name);
            if (col < 0)
                return mapping_fail(im, line, "the data has no column '%.200s'", name);
            if (st->first_col[f] < 0)
                st->first_col[f] = col;
            q = close + 1;
        }
    }
    static const int required[] = {M_ID, M_OUTCOME, M_LOW};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!st->tmpl[required[i]])
            return mapping_fail(im, line, "the mapping gives no '%s'", field_names[required[i]]);
    if (!st->tmpl[M_SOURCE] && !im->source)
        return mapping_fail(im, line, "the mapping gives no '%s' (nor does --source)", "source");
    return CAS_OK;
}

/* The template of field @f expanded for this row; "" when it has none.
 * *@missing is set when a column it names is missing in this row. */
static char *expand(cas__import *im, int f, int *missing)
{
    mapping_state *st = im->state;
    const char *t = st->tmpl[f];
    size_t total = 1;

    *missing = 0;
    if (!t)
        return "";
    /* Two passes: the length, then the text. */
    for (int pass = 0; pass < 2; pass++) {
        char *out = pass ? cas__import_printf(im, "%*s", (int)total - 1, "") : NULL;
        size_t n = 0;
        if (pass && !out)
            return NULL;
        for (const char *q = t; *q;) {
            if (*q != '{') {
                if (pass)
                    out[n] = *q;
                n++;
                q++;
                continue;
            }
            const char *close = strchr(q, '}');
            char name[256];
            size_t k = (size_t)(close - q - 1);
            if (k >= sizeof name)
                k = sizeof name - 1;
            memcpy(name, q + 1, k);
            name[k] = '\0';
            q = close + 1;
            size_t len;
            const char *v = cas__import_get(im, cas__import_col(im, name), &len);
            if (!v) {
                *missing = 1;
                if (is_path(f)) {
                    /* A missing part ends the path: drop a '/' before it. */
                    if (n && pass && out[n - 1] == '/')
                        n--;
                    else if (n && !pass)
                        n--;
                    goto done;
                }
                continue;
            }
            if (is_path(f)) {
                if (pass)
                    n += cas__slug(out + n, v, len, 0);
                else
                    n += len;
            } else {
                if (pass)
                    memcpy(out + n, v, len);
                n += len;
            }
        }
    done:
        if (pass) {
            out[n] = '\0';
            return out;
        }
        total = n + 1;
    }
    return "";
}

static void mapping_row(cas__import *im)
{
    mapping_state *st = im->state;
    char *v[M_NFIELDS];
    int missing[M_NFIELDS];
    cas_claim c;

    for (int f = 0; f < M_NFIELDS; f++)
        if (!(v[f] = expand(im, f, &missing[f])))
            return;
    cas_claim_init(&c);
    c.id = v[M_ID];
    c.source =
        st->tmpl[M_SOURCE] && !(im->opts->source && *im->opts->source) ? v[M_SOURCE] : im->source;
    c.source_kind = v[M_SOURCE_KIND];
    c.relay = v[M_RELAY];
    c.citation = v[M_CITATION];
    c.quote = v[M_QUOTE];
    c.scope.outcome = v[M_OUTCOME];
    c.scope.group = v[M_GROUP];
    c.scope.perpetrator = v[M_PERPETRATOR];
    c.scope.place = v[M_PLACE];
    c.scope.event = v[M_EVENT];
    static const int counts[3] = {M_LOW, M_HIGH, M_BEST};
    int64_t *cv[3] = {&c.low, &c.high, &c.best};
    const int64_t empty[3] = {-2, CAS_OPEN, CAS_NONE};
    for (int i = 0; i < 3; i++) {
        int f = counts[i];
        const char *s = v[f];
        *cv[i] = empty[i];
        if (!*s || cas__import_is_na(im, s, strlen(s)))
            continue;
        cas_status sst = cas__import_parse_count(cv[i], s, strlen(s));
        if (sst != CAS_OK) {
            cas__import_fail(im, st->first_col[f], sst,
                             "%s: expected a whole number >= 0, got '%.64s'", field_names[f], s);
            return;
        }
    }
    if (c.low == -2) {
        cas__import_fail(im, st->first_col[M_LOW], CAS_ERR_MISSING, "low: required, but missing");
        return;
    }
    static const int days[3] = {M_PERIOD_START, M_PERIOD_END, M_REPORTED_ON};
    int32_t *dv[3] = {&c.scope.period_start, &c.scope.period_end, &c.reported_on};
    for (int i = 0; i < 3; i++) {
        const char *s = v[days[i]];
        *dv[i] = CAS_DATE_UNKNOWN;
        if (!*s || missing[days[i]])
            continue;
        if (cas__import_parse_date(dv[i], s, strlen(s)) != CAS_OK) {
            cas__import_fail(im, st->first_col[days[i]], CAS_ERR_DATE,
                             "%s: expected a real calendar date, got '%.64s'", field_names[days[i]],
                             s);
            return;
        }
    }
    c.qualifier = -1;
    if (*v[M_QUALIFIER] && cas_qualifier_from_name(&c.qualifier, v[M_QUALIFIER]) != CAS_OK) {
        cas__import_fail(im, st->first_col[M_QUALIFIER], CAS_ERR_VALUE,
                         "qualifier: unknown '%.64s'", v[M_QUALIFIER]);
        return;
    }
    if (c.qualifier < 0)
        c.qualifier = c.high == CAS_OPEN ? CAS_QUAL_AT_LEAST
                      : c.high == c.low  ? CAS_QUAL_EXACT
                                         : CAS_QUAL_RANGE;
    if (*v[M_BASIS] && cas_basis_from_name(&c.basis, v[M_BASIS]) != CAS_OK) {
        cas__import_fail(im, st->first_col[M_BASIS], CAS_ERR_VALUE, "basis: unknown '%.64s'",
                         v[M_BASIS]);
        return;
    }
    cas__import_emit(im, &c, st->first_col[M_LOW]);
}

static void mapping_free(cas__import *im)
{
    mapping_state *st = im->state;
    if (st)
        cas__free(st->text);
}

const cas__import_format cas__import_mapping = {
    .name = "mapping",
    .na = "NA",
    .encoding = CAS_ENCODING_UTF8,
    .source = NULL,
    .state_size = sizeof(mapping_state),
    .header = mapping_header,
    .row = mapping_row,
    .free_state = mapping_free,
};
