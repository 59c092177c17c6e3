/* Multiple systems estimation: capture-history tables, two-list
 * estimators, log-linear models, profile-likelihood intervals, model
 * selection, and estimates as claims. Formulas and conventions: docs/mse.md. */
#include "util_internal.h"
#include "alloc_internal.h"
#include "glm_internal.h"
#include "sized_internal.h"
#include "casualty/mse.h"

#include <csv.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CELLS 64                 /* 2^6 patterns, the empty one included */
#define NAME_MAX_BYTES 256
#define EXACT_LIMIT ((int64_t)1 << 53) /* counts beyond are not exact in a double */
#define PROFILE_REACH 1000.0         /* search the upper bound up to this times N-hat */

struct cas_mse_table {
    uint32_t lists;
    char *names[CAS_MSE_MAX_LISTS];
    int64_t counts[MAX_CELLS]; /* by pattern; counts[0] unused (0) */
    int64_t observed;
};

struct cas_mse_estimate {
    int32_t method;
    uint32_t lists;
    uint64_t model;
    int64_t observed;
    double level, z;
    double n_hat, se, deviance, loglik, aic, bic, profile_mode;
    int32_t params, df, iterations;
    int have_ci[3];
    double ci_low[3], ci_high[3];
    uint32_t ci_flags[3];
    size_t ncoef;
    uint64_t terms[MAX_CELLS];
    double coef[MAX_CELLS], coef_se[MAX_CELLS];
    double fitted[MAX_CELLS]; /* by pattern; fitted[0] = N-hat - n */
    char model_text[CAS_MSE_MODEL_TEXT_MAX];
    char list_text[CAS_MSE_MAX_LISTS * (NAME_MAX_BYTES + 2) + 1];
    char *source;
    char *quote;
};

typedef struct failed_model {
    uint64_t model;
    int32_t status;
    char *message;
} failed_model;

struct cas_mse_selection {
    cas_mse_options opts;
    cas_mse_estimate **ranked;
    double *score;
    size_t count, cap;
    failed_model *failed;
    size_t nfailed, failed_cap;
    cas_mse_spread spread;
    char *source;
    char *quote;
};

/* ---- small helpers ----------------------------------------------------- */

static unsigned popcount64(uint64_t v)
{
    unsigned n = 0;
    for (; v; v &= v - 1)
        n++;
    return n;
}

static char *dup_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = cas__malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* The pattern @p as K characters '0'/'1', first list first. */
static void pattern_text(char *buf, uint32_t pattern, uint32_t lists)
{
    for (uint32_t j = 0; j < lists; j++)
        buf[j] = (pattern >> j) & 1u ? '1' : '0';
    buf[lists] = '\0';
}

/* The upper-tail normal quantile: z with P(Z > z) = q, 0 < q < 1. Bisection
 * on erfc (monotone, no tables), then one Newton step. */
static double normal_upper_quantile(double q)
{
    double lo = -40.0, hi = 40.0, z;

    for (int i = 0; i < 200 && hi - lo > 1e-15; i++) {
        double mid = 0.5 * (lo + hi);
        if (0.5 * erfc(mid / sqrt(2.0)) > q)
            lo = mid;
        else
            hi = mid;
    }
    z = 0.5 * (lo + hi);
    z += (0.5 * erfc(z / sqrt(2.0)) - q) / (exp(-0.5 * z * z) / 2.5066282746310002);
    return z;
}

static double xlogx(double x)
{
    return x > 0.0 ? x * log(x) : 0.0;
}

/* Resolve the caller's options (NULL: defaults) into @o. */
static cas_status get_options(cas_mse_options *o, const cas_mse_options *in, cas_error *err)
{
    cas_mse_options_init(o);
    if (!in)
        return CAS_OK;
    if (!CAS__SIZED_OK(in, cas_mse_options))
        return cas__fail(err, CAS_ERR_ARG, "size",
                         "options.size is %u, expected at least %zu (call cas_mse_options_init())",
                         (unsigned)in->size, (size_t)CAS__V1_cas_mse_options);
    cas__sized_read(o, in, o, sizeof *o);
    if (o->flags & ~(uint32_t)(CAS_MSE_ALLOW_SATURATED | CAS_MSE_NO_PROFILE))
        return cas__fail(err, CAS_ERR_ARG, "flags", "unknown option flags 0x%x",
                         (unsigned)o->flags);
    if (!(o->level > 0.0 && o->level < 1.0))
        return cas__fail(err, CAS_ERR_ARG, "level",
                         "confidence level must be between 0 and 1, got %g", o->level);
    if (o->criterion != CAS_MSE_AIC && o->criterion != CAS_MSE_BIC)
        return cas__fail(err, CAS_ERR_ARG, "criterion", "unknown criterion %d",
                         (int)o->criterion);
    if (!(o->support >= 0.0) || !isfinite(o->support))
        return cas__fail(err, CAS_ERR_ARG, "support",
                         "support must be a finite number >= 0, got %g", o->support);
    if (o->max_iterations < 0)
        return cas__fail(err, CAS_ERR_ARG, "max_iterations",
                         "max_iterations must be >= 0, got %d", (int)o->max_iterations);
    return CAS_OK;
}

static const cas_mse_options options_default = {
    .size = sizeof options_default,
    .level = 0.95,
    .criterion = CAS_MSE_AIC,
    .support = 2.0,
};

void cas_mse_options_init_size(cas_mse_options *opts, size_t size)
{
    cas__sized_init(opts, size, &options_default, sizeof options_default);
}

CAS__DEFINE_INIT(cas_mse_summary, 0)

CAS__DEFINE_INIT(cas_mse_spread, 0)

/* ---- tables ------------------------------------------------------------- */

void cas_mse_table_free(cas_mse_table *t)
{
    if (!t)
        return;
    for (uint32_t j = 0; j < CAS_MSE_MAX_LISTS; j++)
        cas__free(t->names[j]);
    cas__free(t);
}

/* Check a list name; a bad one fails with @bad (ARG from the API, HEADER
 * from a CSV header). */
static cas_status check_name(const char *name, size_t len, cas_status bad, cas_error *err)
{
    char excerpt[48];

    if (len == 0)
        return cas__fail(err, bad, "", "a list name is empty");
    cas__quote_excerpt(excerpt, sizeof excerpt, name, len);
    if (len > NAME_MAX_BYTES)
        return cas__fail(err, bad, "", "list name '%s' is longer than %d bytes", excerpt,
                         NAME_MAX_BYTES);
    if (!cas__utf8_valid(name, len))
        return cas__fail(err, CAS_ERR_ENCODING, "", "list name '%s' is not valid UTF-8",
                         excerpt);
    if (memchr(name, '\0', len))
        return cas__fail(err, bad, "", "list name '%s' contains a NUL byte", excerpt);
    return CAS_OK;
}

cas_status cas_mse_table_new(cas_mse_table **out, uint32_t lists, const char *const *names,
                             const int64_t *counts, cas_error *err)
{
    cas_mse_table *t;
    uint32_t cells;
    int64_t total = 0;

    if (!out || !counts)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !out ? "out" : "counts");
    if (lists < 2 || lists > CAS_MSE_MAX_LISTS)
        return cas__fail(err, CAS_ERR_ARG, "lists",
                         "%u lists: a table has from 2 to %d lists", (unsigned)lists,
                         CAS_MSE_MAX_LISTS);
    cells = 1u << lists;
    if (names) {
        for (uint32_t j = 0; j < lists; j++) {
            cas_status st;
            if (!names[j])
                return cas__fail(err, CAS_ERR_ARG, "names", "list name %u is NULL",
                                 (unsigned)j + 1);
            st = check_name(names[j], strlen(names[j]), CAS_ERR_ARG, err);
            if (st != CAS_OK)
                return st;
            if (strcmp(names[j], "count") == 0)
                return cas__fail(err, CAS_ERR_ARG, "names",
                                 "a list may not be called 'count' (the CSV count column)");
            for (uint32_t k = 0; k < j; k++)
                if (strcmp(names[j], names[k]) == 0)
                    return cas__fail(err, CAS_ERR_ARG, "names",
                                     "lists %u and %u are both called '%.64s'",
                                     (unsigned)k + 1, (unsigned)j + 1, names[j]);
        }
    }
    for (uint32_t p = 1; p < cells; p++) {
        char pat[CAS_MSE_MAX_LISTS + 1];
        pattern_text(pat, p, lists);
        if (counts[p - 1] < 0)
            return cas__fail(err, CAS_ERR_RANGE, "count",
                             "pattern %s: count %lld is negative", pat,
                             (long long)counts[p - 1]);
        if (__builtin_add_overflow(total, counts[p - 1], &total) || total > EXACT_LIMIT)
            return cas__fail(err, CAS_ERR_OVERFLOW, "count",
                             "the counts add up to more than 2^53, beyond exact arithmetic");
    }

    t = cas__calloc(1, sizeof *t);
    if (!t)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    t->lists = lists;
    for (uint32_t j = 0; j < lists; j++) {
        char num[4];
        snprintf(num, sizeof num, "%u", (unsigned)j + 1);
        t->names[j] = dup_text(names ? names[j] : num);
        if (!t->names[j]) {
            cas_mse_table_free(t);
            return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
        }
    }
    for (uint32_t p = 1; p < cells; p++)
        t->counts[p] = counts[p - 1];
    t->observed = total;
    *out = t;
    return CAS_OK;
}

uint32_t cas_mse_table_lists(const cas_mse_table *t)
{
    return t ? t->lists : 0;
}

const char *cas_mse_table_name(const cas_mse_table *t, uint32_t list)
{
    if (!t || list >= t->lists)
        return NULL;
    return t->names[list];
}

cas_status cas_mse_table_count(const cas_mse_table *t, uint32_t pattern, int64_t *count)
{
    if (!t || !count)
        return CAS_ERR_ARG;
    if (pattern == 0 || pattern >= (1u << t->lists))
        return CAS_ERR_NOT_FOUND;
    *count = t->counts[pattern];
    return CAS_OK;
}

int64_t cas_mse_table_observed(const cas_mse_table *t)
{
    return t ? t->observed : 0;
}

/* ---- loading tables from CSV -------------------------------------------- */

#define MAX_HEADER (CAS_MSE_MAX_LISTS + 1)

typedef struct loader {
    const char *name;
    cas_error *err;
    cas_status status;
    int64_t line;             /* physical line being fed, 1-based */
    int64_t row_line;         /* line where the current row starts */
    int bom_checked;
    int header_done;
    int rows;
    size_t field;             /* fields seen in the current row */
    size_t nfields;           /* fields in the header */
    char *header[MAX_HEADER]; /* header names (only the first MAX_HEADER kept) */
    int count_field;          /* index of `count`, -1 if absent */
    int count_beyond;         /* `count` seen after the first MAX_HEADER fields */
    int list_of_field[MAX_HEADER];
    uint32_t lists;
    /* the current row */
    uint32_t pattern;
    int64_t count;
    /* the table being built */
    int64_t counts[MAX_CELLS];
    int64_t line_of[MAX_CELLS]; /* line of each pattern's row, 0 if none yet */
} loader;

/* Record the first fatal problem: the message is in @e. */
static void ld_fail(loader *ld, cas_error *e, int64_t line, int64_t column)
{
    if (ld->status != CAS_OK)
        return;
    cas__error_where(e, ld->name, line, column);
    cas__error_copy(ld->err, e);
    ld->status = (cas_status)e->status;
}

static const char *field_name(const loader *ld, size_t f)
{
    return f < MAX_HEADER && f < ld->nfields && ld->header[f] ? ld->header[f] : "";
}

static void header_field(loader *ld, const char *s, size_t len)
{
    cas_error e;

    cas_error_init(&e);
    if (ld->field >= MAX_HEADER) {
        /* Too many columns: reported when the header ends. */
        if (len == 5 && memcmp(s, "count", 5) == 0)
            ld->count_beyond = 1;
        return;
    }
    if (check_name(s, len, CAS_ERR_HEADER, &e) != CAS_OK) {
        ld_fail(ld, &e, ld->row_line, (int64_t)ld->field + 1);
        return;
    }
    for (size_t f = 0; f < ld->field && f < MAX_HEADER; f++) {
        if (ld->header[f] && strlen(ld->header[f]) == len && memcmp(ld->header[f], s, len) == 0) {
            cas__fail(&e, CAS_ERR_HEADER, ld->header[f], "column appears twice (fields %zu and %zu)",
                      f + 1, ld->field + 1);
            ld_fail(ld, &e, ld->row_line, (int64_t)ld->field + 1);
            return;
        }
    }
    ld->header[ld->field] = cas__malloc(len + 1);
    if (!ld->header[ld->field]) {
        cas__fail(&e, CAS_ERR_NOMEM, "", "out of memory");
        ld_fail(ld, &e, 0, 0);
        return;
    }
    memcpy(ld->header[ld->field], s, len);
    ld->header[ld->field][len] = '\0';
}

static void end_header(loader *ld)
{
    cas_error e;
    uint32_t lists = 0;
    size_t nlists;
    int has_count;

    cas_error_init(&e);
    ld->nfields = ld->field;
    ld->count_field = -1;
    for (size_t f = 0; f < ld->nfields && f < MAX_HEADER; f++)
        if (strcmp(ld->header[f], "count") == 0)
            ld->count_field = (int)f;
    has_count = ld->count_field >= 0 || ld->count_beyond;
    nlists = ld->nfields - (has_count ? 1 : 0);
    if (nlists > CAS_MSE_MAX_LISTS) {
        cas__fail(&e, CAS_ERR_HEADER, "", "%zu list columns: at most %d lists are supported",
                  nlists, CAS_MSE_MAX_LISTS);
        ld_fail(ld, &e, ld->row_line, 0);
        return;
    }
    if (!has_count) {
        cas__fail(&e, CAS_ERR_HEADER, "count",
                  "required column is missing (one 0/1 column per list, plus 'count')");
        ld_fail(ld, &e, ld->row_line, 0);
        return;
    }
    if (nlists < 2) {
        cas__fail(&e, CAS_ERR_HEADER, "", "%zu list column%s: at least 2 lists are needed",
                  nlists, nlists == 1 ? "" : "s");
        ld_fail(ld, &e, ld->row_line, 0);
        return;
    }
    for (size_t f = 0; f < ld->nfields; f++)
        ld->list_of_field[f] = (int)f == ld->count_field ? -1 : (int)lists++;
    ld->lists = lists;
    ld->header_done = 1;
}

static void data_field(loader *ld, const char *s, size_t len)
{
    cas_error e;
    char excerpt[48];
    size_t f = ld->field;

    cas_error_init(&e);
    if (f >= ld->nfields)
        return; /* extra fields: reported when the row ends */
    cas__quote_excerpt(excerpt, sizeof excerpt, s, len);
    if ((int)f == ld->count_field) {
        cas_status st = cas__parse_count(&ld->count, s, len);
        if (st == CAS_OK)
            return;
        if (len == 0)
            cas__fail(&e, CAS_ERR_MISSING, "count",
                      "required, but empty (expected a whole number >= 0)");
        else if (st == CAS_ERR_OVERFLOW)
            cas__fail(&e, st, "count",
                      "'%s' is larger than the largest count (9223372036854775807)", excerpt);
        else if (s[0] == '-' && len > 1 && cas__parse_count(&ld->count, s + 1, len - 1) == CAS_OK)
            cas__fail(&e, CAS_ERR_RANGE, "count",
                      "expected a whole number >= 0, got negative '%s'", excerpt);
        else
            cas__fail(&e, CAS_ERR_NUMBER, "count", "expected a whole number >= 0, got '%s'",
                      excerpt);
        ld_fail(ld, &e, ld->row_line, (int64_t)f + 1);
        return;
    }
    if (len == 1 && (s[0] == '0' || s[0] == '1')) {
        if (s[0] == '1')
            ld->pattern |= 1u << ld->list_of_field[f];
        return;
    }
    cas__fail(&e, CAS_ERR_VALUE, field_name(ld, f),
              "expected 0 or 1 (is the record on this list?), got '%s'", excerpt);
    ld_fail(ld, &e, ld->row_line, (int64_t)f + 1);
}

static void on_field(void *s, size_t len, void *data)
{
    loader *ld = data;
    const char *text = s ? s : "";

    if (ld->status != CAS_OK)
        return;
    if (ld->field == 0) {
        /* A quoted field may span lines: the row began where it began. */
        int64_t nl = 0;
        for (size_t i = 0; i < len; i++)
            nl += text[i] == '\n';
        ld->row_line = ld->line - nl;
        ld->pattern = 0;
        ld->count = 0;
    }
    if (!ld->header_done)
        header_field(ld, text, len);
    else
        data_field(ld, text, len);
    ld->field++;
}

static void end_row(loader *ld)
{
    cas_error e;
    char pat[CAS_MSE_MAX_LISTS + 1];

    cas_error_init(&e);
    if (ld->field != ld->nfields) {
        cas__fail(&e, CAS_ERR_CSV, "", "expected %zu fields as in the header, found %zu",
                  ld->nfields, ld->field);
        ld_fail(ld, &e, ld->row_line,
                (int64_t)(ld->field < ld->nfields ? ld->field : ld->nfields) + 1);
        return;
    }
    pattern_text(pat, ld->pattern, ld->lists);
    if (ld->pattern == 0) {
        cas__fail(&e, CAS_ERR_VALUE, "",
                  "pattern %s is on no list: those records are the unknown being "
                  "estimated, leave the row out", pat);
        ld_fail(ld, &e, ld->row_line, 0);
        return;
    }
    if (ld->line_of[ld->pattern]) {
        cas__fail(&e, CAS_ERR_DUPLICATE, "", "pattern %s appears twice (first on line %lld)",
                  pat, (long long)ld->line_of[ld->pattern]);
        ld_fail(ld, &e, ld->row_line, 0);
        return;
    }
    ld->line_of[ld->pattern] = ld->row_line;
    ld->counts[ld->pattern] = ld->count;
    ld->rows++;
}

static void on_row(int c, void *data)
{
    loader *ld = data;

    (void)c;
    if (ld->status == CAS_OK) {
        if (!ld->header_done)
            end_header(ld);
        else
            end_row(ld);
    }
    ld->field = 0;
}

/* Feed libcsv one physical line at a time so callbacks know their line. */
static void feed(struct csv_parser *p, loader *ld, const char *data, size_t len)
{
    /* A UTF-8 byte order mark is not part of the first column's name (and
     * would make a quoted name malformed CSV). A file read in blocks starts
     * with a block of at least 3 bytes unless it is shorter than that. */
    if (!ld->bom_checked && len > 0) {
        ld->bom_checked = 1;
        if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
            data += 3;
            len -= 3;
        }
    }
    while (len > 0 && ld->status == CAS_OK) {
        const char *nl = memchr(data, '\n', len);
        size_t n = nl ? (size_t)(nl - data) + 1 : len;
        if (csv_parse(p, data, n, on_field, on_row, ld) != n) {
            cas_error e;
            cas_error_init(&e);
            cas__fail(&e, CAS_ERR_CSV, "", "%s (a quote inside an unquoted field, or text "
                      "after a closing quote)", csv_strerror(csv_error(p)));
            ld_fail(ld, &e, ld->line, 0);
            return;
        }
        if (nl)
            ld->line++;
        data += n;
        len -= n;
    }
}

static cas_status load(cas_mse_table **out, const char *name, FILE *fp, const char *data,
                       size_t len, cas_error *err)
{
    struct csv_parser p;
    loader *ld;
    cas_status st;
    cas_error e;

    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    csv_set_realloc_func(&p, cas__realloc_fn);
    csv_set_free_func(&p, cas__free_fn);
    ld = cas__calloc(1, sizeof *ld);
    if (!ld) {
        csv_free(&p);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    ld->name = name ? name : "";
    ld->err = err;
    ld->line = 1;
    ld->row_line = 1;
    cas_error_init(&e);

    if (fp) {
        char block[65536];
        size_t n;
        while (ld->status == CAS_OK && (n = fread(block, 1, sizeof block, fp)) > 0)
            feed(&p, ld, block, n);
        if (ld->status == CAS_OK && ferror(fp)) {
            cas__fail(&e, CAS_ERR_IO, "", "read error");
            ld_fail(ld, &e, 0, 0);
        }
    } else {
        feed(&p, ld, data, len);
    }
    if (ld->status == CAS_OK && csv_fini(&p, on_field, on_row, ld) != 0) {
        cas__fail(&e, CAS_ERR_CSV, "", "unterminated quoted field at the end of the input");
        ld_fail(ld, &e, ld->line, 0);
    }
    if (ld->status == CAS_OK && !ld->header_done) {
        cas__fail(&e, CAS_ERR_EMPTY, "", "no header row: the file is empty");
        ld_fail(ld, &e, 0, 0);
    }
    if (ld->status == CAS_OK && ld->rows == 0) {
        cas__fail(&e, CAS_ERR_EMPTY, "", "a header but no rows: expected one row per pattern");
        ld_fail(ld, &e, 0, 0);
    }
    if (ld->status == CAS_OK) {
        for (uint32_t pat = 1; pat < (1u << ld->lists); pat++) {
            if (!ld->line_of[pat]) {
                char text[CAS_MSE_MAX_LISTS + 1];
                pattern_text(text, pat, ld->lists);
                cas__fail(&e, CAS_ERR_MISSING, "",
                          "pattern %s has no row (list every non-empty pattern, zeros "
                          "included)", text);
                ld_fail(ld, &e, 0, 0);
                break;
            }
        }
    }
    if (ld->status == CAS_OK) {
        const char *names[CAS_MSE_MAX_LISTS];
        for (size_t f = 0; f < ld->nfields; f++)
            if (ld->list_of_field[f] >= 0)
                names[ld->list_of_field[f]] = ld->header[f];
        st = cas_mse_table_new(out, ld->lists, names, ld->counts + 1, &e);
        if (st != CAS_OK)
            ld_fail(ld, &e, 0, 0);
    }
    st = ld->status;
    csv_free(&p);
    for (size_t f = 0; f < MAX_HEADER; f++)
        cas__free(ld->header[f]);
    cas__free(ld);
    return st;
}

cas_status cas_mse_table_load(cas_mse_table **out, const char *path, cas_error *err)
{
    FILE *fp;
    cas_status st;

    if (!out || !path)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !out ? "out" : "path");
    fp = fopen(path, "rb");
    if (!fp) {
        cas__fail(err, CAS_ERR_IO, "", "cannot open the file");
        cas__error_where(err, path, 0, 0);
        return CAS_ERR_IO;
    }
    st = load(out, path, fp, NULL, 0, err);
    fclose(fp);
    return st;
}

cas_status cas_mse_table_load_buffer(cas_mse_table **out, const char *data, size_t len,
                                     const char *name, cas_error *err)
{
    if (!out || (!data && len > 0))
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !out ? "out" : "data");
    return load(out, name, NULL, data ? data : "", len, err);
}

/* ---- models --------------------------------------------------------------- */

/* Close @m downwards over @lists lists and drop the bits of sets with fewer
 * than two lists. Going from the largest mask down visits every set before
 * its subsets, so one pass suffices. */
static uint64_t close_model(uint64_t m, uint32_t lists)
{
    uint32_t cells = 1u << lists;

    for (uint32_t s = cells - 1; s > 0; s--) {
        if (!((m >> s) & 1u) || popcount64(s) < 3)
            continue;
        for (uint32_t b = s; b; b &= b - 1)
            m |= (uint64_t)1 << (s & ~(b & -b));
    }
    for (uint32_t s = 0; s < cells; s++)
        if (popcount64(s) < 2)
            m &= ~((uint64_t)1 << s);
    return m;
}

static int model_fits_lists(uint64_t m, uint32_t lists)
{
    return lists >= 6 || (m >> (1u << lists)) == 0;
}

uint64_t cas_mse_model_two_way(uint32_t lists)
{
    uint64_t m = 0;

    if (lists < 2 || lists > CAS_MSE_MAX_LISTS)
        return 0;
    for (uint32_t s = 1; s < (1u << lists); s++)
        if (popcount64(s) == 2)
            m |= (uint64_t)1 << s;
    return m;
}

static void term_text(char *buf, uint32_t s)
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
    char terms[MAX_CELLS][CAS_MSE_MAX_LISTS + 1];
    size_t nterms = 0, o = 0;
    uint32_t cells;

    if (!buf || lists < 2 || lists > CAS_MSE_MAX_LISTS || !model_fits_lists(model, lists))
        return CAS_ERR_ARG;
    cells = 1u << lists;
    model = close_model(model, lists);
    /* The generating terms: those no other term of the model contains. */
    for (uint32_t s = 1; s < cells; s++) {
        int maximal = 1;
        if (!((model >> s) & 1u))
            continue;
        for (uint32_t t = s + 1; t < cells && maximal; t++)
            if (((model >> t) & 1u) && (t & s) == s)
                maximal = 0;
        if (maximal)
            term_text(terms[nterms++], s);
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
                return parse_fail(err, (size_t)(s - text), "list %c appears twice in one term",
                                  *s);
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
    *out = close_model(m, lists);
    return CAS_OK;
}

/* ---- estimates -------------------------------------------------------------- */

static cas_mse_estimate *estimate_new(const cas_mse_table *t, int32_t method,
                                      const cas_mse_options *o)
{
    cas_mse_estimate *e = cas__calloc(1, sizeof *e);
    size_t off = 0;

    if (!e)
        return NULL;
    e->method = method;
    e->lists = t->lists;
    e->observed = t->observed;
    e->level = o->level;
    e->z = normal_upper_quantile(0.5 * (1.0 - o->level));
    e->deviance = e->loglik = e->aic = e->bic = e->profile_mode = NAN;
    for (uint32_t j = 0; j < t->lists; j++)
        off += (size_t)snprintf(e->list_text + off, sizeof e->list_text - off, "%s%s",
                                j ? ", " : "", t->names[j]);
    return e;
}

void cas_mse_estimate_free(cas_mse_estimate *e)
{
    if (!e)
        return;
    cas__free(e->source);
    cas__free(e->quote);
    cas__free(e);
}

static const char *method_name(int32_t method)
{
    switch (method) {
    case CAS_MSE_LINCOLN_PETERSEN: return "Lincoln-Petersen";
    case CAS_MSE_CHAPMAN: return "Chapman";
    default: return "log-linear";
    }
}

static const char *interval_name(int kind)
{
    switch (kind) {
    case CAS_MSE_CI_WALD: return "Wald";
    case CAS_MSE_CI_LOGNORMAL: return "log-normal";
    default: return "profile-likelihood";
    }
}

/* The interval an estimate's claim uses. */
static int claim_interval(const cas_mse_estimate *e)
{
    return e->have_ci[CAS_MSE_CI_PROFILE] ? CAS_MSE_CI_PROFILE : CAS_MSE_CI_LOGNORMAL;
}

static void format_bound(char *buf, size_t size, double v)
{
    if (isinf(v))
        snprintf(buf, size, "unbounded");
    else
        snprintf(buf, size, "%.2f", v);
}

/* Build the source and quote strings (again, after a profile was added). */
static cas_status estimate_texts(cas_mse_estimate *e)
{
    char buf[CAS_MSE_MAX_LISTS * (NAME_MAX_BYTES + 2) + 512], lo[32], hi[32];
    int kind = claim_interval(e);
    char *src, *quote;

    if (e->method == CAS_MSE_LOGLINEAR)
        snprintf(buf, sizeof buf, "MSE log-linear %s; lists: %s", e->model_text, e->list_text);
    else
        snprintf(buf, sizeof buf, "MSE %s; lists: %s", method_name(e->method), e->list_text);
    src = dup_text(buf);
    format_bound(lo, sizeof lo, e->ci_low[kind]);
    format_bound(hi, sizeof hi, e->ci_high[kind]);
    snprintf(buf, sizeof buf,
             "N-hat %.2f (SE %.2f), %.10g%% %s interval %s to %s; %lld observed on %u lists",
             e->n_hat, e->se, e->level * 100.0, interval_name(kind), lo, hi,
             (long long)e->observed, (unsigned)e->lists);
    quote = dup_text(buf);
    if (!src || !quote) {
        cas__free(src);
        cas__free(quote);
        return CAS_ERR_NOMEM;
    }
    cas__free(e->source);
    cas__free(e->quote);
    e->source = src;
    e->quote = quote;
    return CAS_OK;
}

/* Wald and log-normal intervals from n_hat and se. */
static void closed_intervals(cas_mse_estimate *e)
{
    double n = (double)e->observed, f = e->n_hat - n, z = e->z;
    double lo = e->n_hat - z * e->se;

    e->have_ci[CAS_MSE_CI_WALD] = 1;
    e->ci_flags[CAS_MSE_CI_WALD] = 0;
    if (lo < n) {
        lo = n;
        e->ci_flags[CAS_MSE_CI_WALD] |= CAS_MSE_LOW_AT_OBSERVED;
    }
    e->ci_low[CAS_MSE_CI_WALD] = lo;
    e->ci_high[CAS_MSE_CI_WALD] = e->n_hat + z * e->se;

    e->have_ci[CAS_MSE_CI_LOGNORMAL] = 1;
    e->ci_flags[CAS_MSE_CI_LOGNORMAL] = 0;
    if (f > 0.0 && e->se > 0.0) {
        double c = exp(z * sqrt(log1p(e->se * e->se / (f * f))));
        e->ci_low[CAS_MSE_CI_LOGNORMAL] = n + f / c;
        e->ci_high[CAS_MSE_CI_LOGNORMAL] = n + f * c;
    } else {
        /* Nothing unobserved, or no variance: the interval collapses. */
        e->ci_low[CAS_MSE_CI_LOGNORMAL] = n + (f > 0.0 ? f : 0.0);
        e->ci_high[CAS_MSE_CI_LOGNORMAL] = e->ci_low[CAS_MSE_CI_LOGNORMAL];
    }
}

cas_status cas_mse_two_list(cas_mse_estimate **out, const cas_mse_table *t, int32_t method,
                            const cas_mse_options *opts, cas_error *err)
{
    cas_mse_options o;
    cas_mse_estimate *e;
    cas_status st;
    double n1, n2, m, n, v;

    if (!out || !t)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !out ? "out" : "table");
    if ((st = get_options(&o, opts, err)) != CAS_OK)
        return st;
    if (t->lists != 2)
        return cas__fail(err, CAS_ERR_ARG, "table",
                         "two-list estimators need a table of 2 lists, this one has %u "
                         "(use cas_mse_fit() or cas_mse_select())", (unsigned)t->lists);
    if (method != CAS_MSE_LINCOLN_PETERSEN && method != CAS_MSE_CHAPMAN)
        return cas__fail(err, CAS_ERR_ARG, "method",
                         "method %d is not a two-list estimator", (int)method);
    m = (double)t->counts[3];
    n1 = (double)t->counts[1] + m;
    n2 = (double)t->counts[2] + m;
    n = (double)t->observed;
    if (t->counts[3] == 0)
        return cas__fail(err, CAS_ERR_NO_ESTIMATE, "",
                         "no record is on both lists ('%.64s' and '%.64s'): without an "
                         "overlap the lists say nothing about who is on neither",
                         t->names[0], t->names[1]);
    e = estimate_new(t, method, &o);
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
    closed_intervals(e);
    if (estimate_texts(e) != CAS_OK) {
        cas_mse_estimate_free(e);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    *out = e;
    return CAS_OK;
}

/* The design of @model: one row per observed pattern, columns intercept,
 * main effects, then interactions by increasing mask. Returns the number of
 * columns; @terms receives each column's term mask. */
static size_t design(double *x, uint64_t *terms, uint32_t lists, uint64_t model, size_t extra_rows)
{
    uint32_t cells = 1u << lists;
    size_t p = 0;

    terms[p++] = 0;
    for (uint32_t j = 0; j < lists; j++)
        terms[p++] = (uint64_t)1 << j;
    for (uint32_t s = 1; s < cells; s++)
        if (popcount64(s) >= 2 && ((model >> s) & 1u))
            terms[p++] = s;
    if (x) {
        for (uint32_t c = 1; c < cells; c++)
            for (size_t k = 0; k < p; k++)
                x[(c - 1) * p + k] = ((c & terms[k]) == terms[k]) ? 1.0 : 0.0;
        /* Extra rows (the unobserved cell): the intercept only. */
        for (size_t r = 0; r < extra_rows; r++)
            for (size_t k = 0; k < p; k++)
                x[(cells - 1 + r) * p + k] = k == 0 ? 1.0 : 0.0;
    }
    return p;
}

/* The profile log-likelihood of N (Cormack 1992), up to a constant. */
typedef struct profile {
    double *x, *y;
    size_t n, p;
    double observed;
    int max_iter;
    cas__glm_fit fit;
    int evaluations;
} profile;

static int profile_at(profile *pr, double big_n, double *out)
{
    double n0 = big_n - pr->observed;
    cas__glm_status gs;

    if (n0 < 0.0)
        n0 = 0.0;
    pr->y[pr->n - 1] = n0;
    pr->evaluations++;
    gs = cas__glm_poisson(&pr->fit, pr->x, pr->y, pr->n, pr->p, pr->max_iter);
    /* A boundary fit still has a well-defined limiting deviance. */
    if (gs != CAS__GLM_OK && gs != CAS__GLM_BOUNDARY)
        return -1;
    *out = -0.5 * pr->fit.deviance + cas__log_gamma(big_n + 1.0) - cas__log_gamma(n0 + 1.0) +
           xlogx(n0) - xlogx(big_n);
    return isfinite(*out) ? 0 : -1;
}

/* A root of f(x) = target between a (f above) and b (f below), by the
 * Illinois variant of regula falsi. Returns 0 and the root in @root. */
static int profile_cross(profile *pr, double a, double fa, double b, double fb, double target,
                         double *root)
{
    int side = 0;

    fa -= target;
    fb -= target;
    for (int i = 0; i < 200; i++) {
        double c, fc;
        if (fabs(b - a) <= 1e-10 * fabs(a) + 1e-9)
            break;
        c = (a * fb - b * fa) / (fb - fa);
        if (!(c > fmin(a, b) && c < fmax(a, b)))
            c = 0.5 * (a + b);
        if (profile_at(pr, c, &fc) != 0)
            return -1;
        fc -= target;
        if ((fc > 0.0) == (fa > 0.0)) {
            a = c;
            fa = fc;
            if (side == -1)
                fb *= 0.5;
            side = -1;
        } else {
            b = c;
            fb = fc;
            if (side == 1)
                fa *= 0.5;
            side = 1;
        }
        if (fc == 0.0) {
            a = b = c;
            break;
        }
    }
    *root = 0.5 * (a + b);
    return 0;
}

static cas_status add_profile(cas_mse_estimate *e, const cas_mse_table *t, int max_iter)
{
    profile pr;
    uint64_t terms[MAX_CELLS];
    double lo, hi, x1, x2, f1, f2, mode, fmode, target, fn, step, flo;
    const double g = 0.6180339887498949;
    uint32_t cells = 1u << t->lists;
    cas_status st = CAS_ERR_NOMEM;
    double n = (double)t->observed;
    uint32_t flags = 0;

    memset(&pr, 0, sizeof pr);
    pr.n = cells; /* the observed cells plus the unobserved one */
    pr.p = design(NULL, terms, t->lists, e->model, 0);
    pr.observed = n;
    pr.max_iter = max_iter;
    pr.x = cas__malloc(pr.n * pr.p * sizeof *pr.x);
    pr.y = cas__malloc(pr.n * sizeof *pr.y);
    if (!pr.x || !pr.y || cas__glm_fit_alloc(&pr.fit, pr.n, pr.p) != CAS__GLM_OK)
        goto out;
    design(pr.x, terms, t->lists, e->model, 1);
    for (uint32_t c = 1; c < cells; c++)
        pr.y[c - 1] = (double)t->counts[c];

    /* The maximum, by golden section on [n, 3 N-hat] (the multinomial
     * maximum lies below the Poisson N-hat). */
    st = CAS_OK;
    lo = n;
    hi = fmax(3.0 * e->n_hat, n + 1.0);
    x1 = hi - g * (hi - lo);
    x2 = lo + g * (hi - lo);
    if (profile_at(&pr, x1, &f1) || profile_at(&pr, x2, &f2))
        goto failed;
    while (hi - lo > 1e-10 * hi + 1e-9) {
        if (f1 < f2) {
            lo = x1;
            x1 = x2;
            f1 = f2;
            x2 = lo + g * (hi - lo);
            if (profile_at(&pr, x2, &f2))
                goto failed;
        } else {
            hi = x2;
            x2 = x1;
            f2 = f1;
            x1 = hi - g * (hi - lo);
            if (profile_at(&pr, x1, &f1))
                goto failed;
        }
    }
    mode = 0.5 * (lo + hi);
    if (profile_at(&pr, mode, &fmode))
        goto failed;
    target = fmode - 0.5 * e->z * e->z;

    /* Lower bound: between n and the mode, unless the likelihood at n is
     * still above the cut-off. */
    if (profile_at(&pr, n, &fn))
        goto failed;
    if (fn >= target) {
        e->ci_low[CAS_MSE_CI_PROFILE] = n;
        flags |= CAS_MSE_LOW_AT_OBSERVED;
    } else if (profile_cross(&pr, mode, fmode, n, fn, target, &e->ci_low[CAS_MSE_CI_PROFILE])) {
        goto failed;
    }

    /* Upper bound: step out from the mode, doubling, until the likelihood
     * falls below the cut-off; then close in. */
    step = fmax(fmax(e->n_hat - n, e->se), 1.0);
    lo = mode;
    flo = fmode;
    e->ci_high[CAS_MSE_CI_PROFILE] = INFINITY;
    for (;;) {
        double b = mode + step, fb;
        if (b > PROFILE_REACH * e->n_hat || b > 1e15 || profile_at(&pr, b, &fb)) {
            flags |= CAS_MSE_HIGH_NOT_FOUND;
            break;
        }
        if (fb < target) {
            if (profile_cross(&pr, lo, flo, b, fb, target, &e->ci_high[CAS_MSE_CI_PROFILE])) {
                e->ci_high[CAS_MSE_CI_PROFILE] = INFINITY;
                flags |= CAS_MSE_HIGH_NOT_FOUND;
            }
            break;
        }
        lo = b;
        flo = fb;
        step *= 2.0;
    }
    e->profile_mode = mode;
    e->ci_flags[CAS_MSE_CI_PROFILE] = flags;
    e->have_ci[CAS_MSE_CI_PROFILE] = 1;
    goto out;

failed:
    /* The likelihood could not be evaluated near its maximum: no profile
     * interval at all (the log-normal one stands in). */
    e->have_ci[CAS_MSE_CI_PROFILE] = 0;
out:
    cas__glm_fit_release(&pr.fit);
    cas__free(pr.x);
    cas__free(pr.y);
    if (st == CAS_OK)
        st = estimate_texts(e);
    return st;
}

/* Fit @model (closed) to @t. On failure @err says why; nothing is allocated. */
static cas_status fit_model(cas_mse_estimate **out, const cas_mse_table *t, uint64_t model,
                            const cas_mse_options *o, int with_profile, cas_error *err)
{
    uint32_t lists = t->lists, cells = 1u << lists, full = cells - 1;
    uint64_t terms[MAX_CELLS];
    double *x = NULL, y[MAX_CELLS];
    size_t p, ncell = cells - 1;
    cas__glm_fit fit;
    cas__glm_status gs;
    cas_mse_estimate *e = NULL;
    char mtext[CAS_MSE_MODEL_TEXT_MAX], pat[CAS_MSE_MAX_LISTS + 1];
    int64_t overlap = 0;
    double b0, ex;

    memset(&fit, 0, sizeof fit);
    cas_mse_model_format(mtext, sizeof mtext, model, lists);
    if ((model >> full) & 1u) {
        term_text(pat, full);
        return cas__fail(err, CAS_ERR_NO_ESTIMATE, "model",
                         "model %s has the term %s on all %u lists: it is confounded with "
                         "the unobserved cell, so N is not identifiable", mtext, pat,
                         (unsigned)lists);
    }
    for (uint32_t j = 0; j < lists; j++) {
        int64_t on = 0;
        for (uint32_t c = 1; c < cells; c++)
            if ((c >> j) & 1u)
                on += t->counts[c];
        if (on == 0)
            return cas__fail(err, CAS_ERR_NO_ESTIMATE, "",
                             "list '%.64s' has no records: it cannot be matched against "
                             "the others", t->names[j]);
    }
    for (uint32_t c = 1; c < cells; c++)
        if (popcount64(c) >= 2)
            overlap += t->counts[c];
    if (overlap == 0)
        return cas__fail(err, CAS_ERR_NO_ESTIMATE, "",
                         "no record is on more than one list: without overlaps the lists "
                         "say nothing about who is on none");

    p = design(NULL, terms, lists, model, 0);
    if (p == ncell && !(o->flags & CAS_MSE_ALLOW_SATURATED))
        return cas__fail(err, CAS_ERR_SATURATED, "model",
                         "model %s has %zu parameters for %zu cells: it is saturated (df = 0), "
                         "so nothing checks its fit (set CAS_MSE_ALLOW_SATURATED to fit it "
                         "anyway)", mtext, p, ncell);
    x = cas__malloc(ncell * p * sizeof *x);
    if (!x || cas__glm_fit_alloc(&fit, ncell, p) != CAS__GLM_OK) {
        cas__free(x);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    design(x, terms, lists, model, 0);
    for (uint32_t c = 1; c < cells; c++)
        y[c - 1] = (double)t->counts[c];
    gs = cas__glm_poisson(&fit, x, y, ncell, p, o->max_iterations);
    cas__free(x);
    switch (gs) {
    case CAS__GLM_OK:
        break;
    case CAS__GLM_BOUNDARY:
        pattern_text(pat, (uint32_t)fit.boundary_cell + 1, lists);
        cas__glm_fit_release(&fit);
        return cas__fail(err, CAS_ERR_DIVERGED, "model",
                         "model %s: the maximum-likelihood fit does not exist (the fitted "
                         "count of pattern %s, observed 0, runs off to zero while the "
                         "parameters run off to infinity); the table is too sparse for "
                         "this model", mtext, pat);
    case CAS__GLM_NOT_CONVERGED:
        cas__glm_fit_release(&fit);
        return cas__fail(err, CAS_ERR_NOT_CONVERGED, "model",
                         "model %s: the fit did not converge in %d steps", mtext,
                         o->max_iterations > 0 ? o->max_iterations : 200);
    case CAS__GLM_NOMEM:
        cas__glm_fit_release(&fit);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    default:
        cas__glm_fit_release(&fit);
        return cas__fail(err, CAS_ERR_NO_ESTIMATE, "model",
                         "model %s: its parameters are not identifiable from the cells",
                         mtext);
    }
    b0 = fit.beta[0];
    ex = exp(b0);
    if (!isfinite(ex) || (double)t->observed + ex > 1e15) {
        cas__glm_fit_release(&fit);
        return cas__fail(err, CAS_ERR_DIVERGED, "model",
                         "model %s: the estimated unobserved count (exp(%g)) is beyond any "
                         "plausible size; the data do not bound N under this model", mtext, b0);
    }

    e = estimate_new(t, CAS_MSE_LOGLINEAR, o);
    if (!e) {
        cas__glm_fit_release(&fit);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    e->model = model;
    memcpy(e->model_text, mtext, sizeof mtext);
    e->params = (int32_t)p;
    e->df = (int32_t)(ncell - p);
    e->iterations = fit.iterations;
    e->n_hat = (double)t->observed + ex;
    e->se = sqrt(ex + ex * ex * fit.cov[0]);
    e->deviance = fit.deviance;
    e->loglik = fit.loglik;
    e->aic = -2.0 * fit.loglik + 2.0 * (double)p;
    e->bic = -2.0 * fit.loglik + (double)p * log((double)t->observed);
    e->ncoef = p;
    for (size_t k = 0; k < p; k++) {
        e->terms[k] = terms[k];
        e->coef[k] = fit.beta[k];
        e->coef_se[k] = sqrt(fit.cov[k * p + k]);
    }
    e->fitted[0] = ex;
    for (uint32_t c = 1; c < cells; c++)
        e->fitted[c] = fit.mu[c - 1];
    cas__glm_fit_release(&fit);
    closed_intervals(e);
    if ((with_profile && add_profile(e, t, o->max_iterations) != CAS_OK) ||
        estimate_texts(e) != CAS_OK) {
        cas_mse_estimate_free(e);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    *out = e;
    return CAS_OK;
}

cas_status cas_mse_fit(cas_mse_estimate **out, const cas_mse_table *t, uint64_t model,
                       const cas_mse_options *opts, cas_error *err)
{
    cas_mse_options o;
    cas_status st;

    if (!out || !t)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !out ? "out" : "table");
    if ((st = get_options(&o, opts, err)) != CAS_OK)
        return st;
    if (!model_fits_lists(model, t->lists))
        return cas__fail(err, CAS_ERR_ARG, "model",
                         "model mask 0x%llx names lists beyond the table's %u",
                         (unsigned long long)model, (unsigned)t->lists);
    return fit_model(out, t, close_model(model, t->lists), &o,
                     !(o.flags & CAS_MSE_NO_PROFILE), err);
}

cas_status cas_mse_estimate_summary(const cas_mse_estimate *e, cas_mse_summary *out)
{
    cas_mse_summary sum;
    int kind;

    if (!e || !CAS__SIZED_OK(out, cas_mse_summary))
        return CAS_ERR_ARG;
    kind = claim_interval(e);
    cas_mse_summary_init(&sum);
    sum.method = e->method;
    sum.lists = e->lists;
    sum.params = e->params;
    sum.df = e->df;
    sum.iterations = e->iterations;
    sum.interval = kind;
    sum.interval_flags = e->ci_flags[kind];
    sum.model = e->model;
    sum.observed = e->observed;
    sum.level = e->level;
    sum.n_hat = e->n_hat;
    sum.se = e->se;
    sum.deviance = e->deviance;
    sum.loglik = e->loglik;
    sum.aic = e->aic;
    sum.bic = e->bic;
    sum.low = e->ci_low[kind];
    sum.high = e->ci_high[kind];
    sum.profile_mode = e->profile_mode;
    cas__sized_write(out, &sum, sizeof sum);
    return CAS_OK;
}

cas_status cas_mse_estimate_interval(const cas_mse_estimate *e, int32_t kind, double *low,
                                     double *high, uint32_t *flags)
{
    if (!e || !low || !high || kind < CAS_MSE_CI_WALD || kind > CAS_MSE_CI_PROFILE)
        return CAS_ERR_ARG;
    if (!e->have_ci[kind])
        return CAS_ERR_NOT_FOUND;
    *low = e->ci_low[kind];
    *high = e->ci_high[kind];
    if (flags)
        *flags = e->ci_flags[kind];
    return CAS_OK;
}

const char *cas_mse_estimate_model(const cas_mse_estimate *e)
{
    return e ? e->model_text : NULL;
}

const char *cas_mse_estimate_source(const cas_mse_estimate *e)
{
    return e ? e->source : NULL;
}

size_t cas_mse_estimate_coef_count(const cas_mse_estimate *e)
{
    return e ? e->ncoef : 0;
}

cas_status cas_mse_estimate_coef(const cas_mse_estimate *e, size_t index, uint64_t *term,
                                 double *value, double *se)
{
    if (!e)
        return CAS_ERR_ARG;
    if (index >= e->ncoef)
        return CAS_ERR_NOT_FOUND;
    if (term)
        *term = e->terms[index];
    if (value)
        *value = e->coef[index];
    if (se)
        *se = e->coef_se[index];
    return CAS_OK;
}

cas_status cas_mse_estimate_fitted(const cas_mse_estimate *e, uint32_t pattern, double *out)
{
    if (!e || !out)
        return CAS_ERR_ARG;
    if (pattern >= (1u << e->lists) || (pattern != 0 && e->method != CAS_MSE_LOGLINEAR))
        return CAS_ERR_NOT_FOUND;
    *out = e->fitted[pattern];
    return CAS_OK;
}

/* ---- claims ------------------------------------------------------------------- */

static cas_status fill_claim(cas_claim *out, double low, double high, double best,
                             const char *id, const cas_scope *scope, const char *source,
                             const char *quote, cas_error *err)
{
    int64_t ilow, ihigh, ibest;
    cas_claim c;

    if (!(low >= 0.0) || !(best >= 0.0) || isnan(high))
        return cas__fail(err, CAS_ERR_RANGE, "", "the estimate has no valid interval");
    if (floor(low) >= 9.2e18 || best >= 9.2e18 || (isfinite(high) && ceil(high) >= 9.2e18))
        return cas__fail(err, CAS_ERR_OVERFLOW, "high",
                         "the interval reaches beyond the largest count");
    ilow = (int64_t)floor(low);
    ihigh = isfinite(high) ? (int64_t)ceil(high) : CAS_OPEN;
    ibest = (int64_t)llround(best);
    if (ibest < ilow || (ihigh != CAS_OPEN && ibest > ihigh))
        return cas__fail(err, CAS_ERR_RANGE, "best",
                         "N-hat %.2f lies outside its interval [%lld, %lld]", best,
                         (long long)ilow, (long long)ihigh);
    cas_claim_init(&c);
    c.qualifier = CAS_QUAL_APPROX;
    c.basis = CAS_BASIS_ESTIMATED;
    c.low = ilow;
    c.high = ihigh;
    c.best = ibest;
    c.id = id;
    c.source = source;
    c.source_kind = "";
    c.relay = "";
    c.citation = "";
    c.quote = quote;
    if (scope) {
        c.scope = *scope;
        c.scope.size = (uint32_t)sizeof c.scope;
    }
    cas__sized_write(out, &c, sizeof c);
    return CAS_OK;
}

cas_status cas_mse_estimate_claim(const cas_mse_estimate *e, const char *id,
                                  const cas_scope *scope, cas_claim *out, cas_error *err)
{
    int kind;

    if (!e || !CAS__SIZED_OK(out, cas_claim))
        return cas__fail(err, CAS_ERR_ARG, "", "%s",
                         !e ? "NULL estimate" : !out ? "NULL claim"
                                                     : "claim.size is too small (call cas_claim_init())");
    if (scope && scope->size < sizeof *scope)
        return cas__fail(err, CAS_ERR_ARG, "scope", "scope.size is too small (call cas_scope_init())");
    kind = claim_interval(e);
    return fill_claim(out, e->ci_low[kind], e->ci_high[kind], e->n_hat, id, scope, e->source,
                      e->quote, err);
}

/* ---- model selection ---------------------------------------------------------- */

void cas_mse_selection_free(cas_mse_selection *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++)
        cas_mse_estimate_free(s->ranked[i]);
    for (size_t i = 0; i < s->nfailed; i++)
        cas__free(s->failed[i].message);
    cas__free(s->ranked);
    cas__free(s->score);
    cas__free(s->failed);
    cas__free(s->source);
    cas__free(s->quote);
    cas__free(s);
}

static double criterion_of(const cas_mse_estimate *e, int32_t criterion)
{
    return criterion == CAS_MSE_BIC ? e->bic : e->aic;
}

/* Has @model been tried already? */
static int tried(const cas_mse_selection *s, uint64_t model)
{
    for (size_t i = 0; i < s->count; i++)
        if (s->ranked[i]->model == model)
            return 1;
    for (size_t i = 0; i < s->nfailed; i++)
        if (s->failed[i].model == model)
            return 1;
    return 0;
}

/* Fit @model (without profile) and record it as fitted or failed. Returns
 * CAS_OK unless memory ran out; @fitted receives the estimate or NULL. */
static cas_status try_model(cas_mse_selection *s, const cas_mse_table *t, uint64_t model,
                            cas_mse_estimate **fitted)
{
    cas_error e;
    cas_mse_estimate *est = NULL;
    cas_status st;

    *fitted = NULL;
    cas_error_init(&e);
    st = fit_model(&est, t, model, &s->opts, 0, &e);
    if (st == CAS_ERR_NOMEM)
        return st;
    if (st == CAS_OK) {
        if (s->count == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 32;
            cas_mse_estimate **r = cas__realloc(s->ranked, cap * sizeof *r);
            double *sc;
            if (!r) {
                cas_mse_estimate_free(est);
                return CAS_ERR_NOMEM;
            }
            s->ranked = r;
            sc = cas__realloc(s->score, cap * sizeof *sc);
            if (!sc) {
                cas_mse_estimate_free(est);
                return CAS_ERR_NOMEM;
            }
            s->score = sc;
            s->cap = cap;
        }
        s->ranked[s->count] = est;
        s->score[s->count] = criterion_of(est, s->opts.criterion);
        s->count++;
        *fitted = est;
        return CAS_OK;
    }
    if (!cas__grow((void **)&s->failed, &s->failed_cap, s->nfailed + 1, sizeof *s->failed, 16))
        return CAS_ERR_NOMEM;
    s->failed[s->nfailed].model = model;
    s->failed[s->nfailed].status = (int32_t)st;
    s->failed[s->nfailed].message = dup_text(e.message);
    if (!s->failed[s->nfailed].message)
        return CAS_ERR_NOMEM;
    s->nfailed++;
    return CAS_OK;
}

/* The interaction terms a model may hold: two or more lists, not all K. */
static int candidate_term(uint32_t term, uint32_t lists)
{
    return popcount64(term) >= 2 && term != (1u << lists) - 1;
}

/* Every hierarchical model (K = 3, 4): each subset of the candidate terms
 * that is closed downwards. */
static cas_status search_all(cas_mse_selection *s, const cas_mse_table *t)
{
    uint32_t lists = t->lists, cand[MAX_CELLS], ncand = 0;
    cas_mse_estimate *dummy;

    for (uint32_t term = 1; term < (1u << lists); term++)
        if (candidate_term(term, lists))
            cand[ncand++] = term;
    for (uint64_t pick = 0; pick < ((uint64_t)1 << ncand); pick++) {
        uint64_t m = 0;
        cas_status st;
        for (uint32_t i = 0; i < ncand; i++)
            if ((pick >> i) & 1u)
                m |= (uint64_t)1 << cand[i];
        if (close_model(m, lists) != m)
            continue;
        if ((st = try_model(s, t, m, &dummy)) != CAS_OK)
            return st;
    }
    return CAS_OK;
}

/* Stepwise search (K = 5, 6) from independence. */
static cas_status search_stepwise(cas_mse_selection *s, const cas_mse_table *t)
{
    uint32_t lists = t->lists, cells = 1u << lists;
    uint64_t current = CAS_MSE_INDEPENDENCE;
    cas_mse_estimate *est;
    double best;
    cas_status st;

    if ((st = try_model(s, t, current, &est)) != CAS_OK)
        return st;
    best = est ? criterion_of(est, s->opts.criterion) : INFINITY;
    for (;;) {
        uint64_t best_model = current;
        double best_step = best;
        for (uint32_t term = 1; term < cells; term++) {
            uint64_t bit = (uint64_t)1 << term, next;
            if (!candidate_term(term, lists))
                continue;
            if (current & bit) {
                /* Remove a term only if no larger term rests on it. */
                int needed = 0;
                for (uint32_t u = term + 1; u < cells && !needed; u++)
                    if (((current >> u) & 1u) && (u & term) == term)
                        needed = 1;
                if (needed)
                    continue;
                next = current & ~bit;
            } else {
                /* Add a term only if its sub-terms are all in. */
                next = current | bit;
                if (close_model(next, lists) != next)
                    continue;
            }
            if (tried(s, next))
                continue;
            if ((st = try_model(s, t, next, &est)) != CAS_OK)
                return st;
            if (est && criterion_of(est, s->opts.criterion) < best_step) {
                best_step = criterion_of(est, s->opts.criterion);
                best_model = next;
            }
        }
        if (best_model == current)
            break;
        current = best_model;
        best = best_step;
    }
    return CAS_OK;
}

/* Order: criterion, then fewer parameters, then smaller mask. */
static int ranks_before(const cas_mse_selection *s, size_t a, size_t b)
{
    if (s->score[a] != s->score[b])
        return s->score[a] < s->score[b];
    if (s->ranked[a]->params != s->ranked[b]->params)
        return s->ranked[a]->params < s->ranked[b]->params;
    return s->ranked[a]->model < s->ranked[b]->model;
}

static void rank_models(cas_mse_selection *s)
{
    for (size_t i = 1; i < s->count; i++)
        for (size_t k = i; k > 0 && ranks_before(s, k, k - 1); k--) {
            cas_mse_estimate *e = s->ranked[k];
            double sc = s->score[k];
            s->ranked[k] = s->ranked[k - 1];
            s->score[k] = s->score[k - 1];
            s->ranked[k - 1] = e;
            s->score[k - 1] = sc;
        }
}

static cas_status selection_texts(cas_mse_selection *s)
{
    const cas_mse_estimate *c = s->ranked[0];
    const cas_mse_spread *sp = &s->spread;
    char buf[CAS_MSE_MAX_LISTS * (NAME_MAX_BYTES + 2) + 640], lo[32], hi[32];
    const char *crit = sp->criterion == CAS_MSE_BIC ? "BIC" : "AIC";

    snprintf(buf, sizeof buf, "MSE log-linear %s chosen by %s; lists: %s", c->model_text,
             crit, c->list_text);
    s->source = dup_text(buf);
    format_bound(lo, sizeof lo, sp->low_min);
    format_bound(hi, sizeof hi, sp->high_max);
    snprintf(buf, sizeof buf,
             "N-hat %.2f (SE %.2f) under %s; %u of %u models within %g %s give N-hat %.2f "
             "to %.2f and %.10g%% intervals spanning %s to %s; %lld observed on %u lists",
             c->n_hat, c->se, c->model_text, (unsigned)sp->supported, (unsigned)sp->fitted,
             sp->support, crit, sp->n_hat_min, sp->n_hat_max, c->level * 100.0, lo, hi,
             (long long)c->observed, (unsigned)c->lists);
    s->quote = dup_text(buf);
    return s->source && s->quote ? CAS_OK : CAS_ERR_NOMEM;
}

cas_status cas_mse_select(cas_mse_selection **out, const cas_mse_table *t,
                          const cas_mse_options *opts, cas_error *err)
{
    cas_mse_selection *s;
    cas_status st;
    cas_mse_spread *sp;

    if (!out || !t)
        return cas__fail(err, CAS_ERR_ARG, "", "NULL %s", !out ? "out" : "table");
    if (t->lists < 3)
        return cas__fail(err, CAS_ERR_ARG, "table",
                         "model selection needs 3 lists or more, this table has %u (use "
                         "cas_mse_two_list())", (unsigned)t->lists);
    s = cas__calloc(1, sizeof *s);
    if (!s)
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    if ((st = get_options(&s->opts, opts, err)) != CAS_OK) {
        cas__free(s);
        return st;
    }
    st = t->lists <= 4 ? search_all(s, t) : search_stepwise(s, t);
    if (st != CAS_OK) {
        cas_mse_selection_free(s);
        return cas__fail(err, st, "", "out of memory");
    }
    if (s->count == 0) {
        cas_status why = s->nfailed ? (cas_status)s->failed[0].status : CAS_ERR_NO_ESTIMATE;
        cas__fail(err, CAS_ERR_NO_ESTIMATE, "",
                  "no model gives an estimate (%zu tried; the first failed with '%s': %s)",
                  s->nfailed, cas_strerror(why), s->nfailed ? s->failed[0].message : "");
        cas_mse_selection_free(s);
        return CAS_ERR_NO_ESTIMATE;
    }
    rank_models(s);

    sp = &s->spread;
    sp->size = (uint32_t)sizeof *sp;
    sp->criterion = s->opts.criterion;
    sp->support = s->opts.support;
    sp->fitted = (uint32_t)s->count;
    sp->failed = (uint32_t)s->nfailed;
    sp->chosen = s->ranked[0]->model;
    sp->n_hat_min = sp->low_min = INFINITY;
    sp->n_hat_max = sp->high_max = -INFINITY;
    for (size_t i = 0; i < s->count && s->score[i] - s->score[0] <= s->opts.support; i++) {
        cas_mse_estimate *e = s->ranked[i];
        int kind;
        if (!(s->opts.flags & CAS_MSE_NO_PROFILE) &&
            add_profile(e, t, s->opts.max_iterations) != CAS_OK) {
            cas_mse_selection_free(s);
            return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
        }
        kind = claim_interval(e);
        sp->supported++;
        sp->interval_flags |= e->ci_flags[kind];
        sp->n_hat_min = fmin(sp->n_hat_min, e->n_hat);
        sp->n_hat_max = fmax(sp->n_hat_max, e->n_hat);
        sp->low_min = fmin(sp->low_min, e->ci_low[kind]);
        sp->high_max = fmax(sp->high_max, e->ci_high[kind]);
    }
    if (selection_texts(s) != CAS_OK) {
        cas_mse_selection_free(s);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    *out = s;
    return CAS_OK;
}

size_t cas_mse_selection_count(const cas_mse_selection *s)
{
    return s ? s->count : 0;
}

const cas_mse_estimate *cas_mse_selection_get(const cas_mse_selection *s, size_t rank)
{
    return s && rank < s->count ? s->ranked[rank] : NULL;
}

cas_status cas_mse_selection_score(const cas_mse_selection *s, size_t rank, double *criterion,
                                   double *delta)
{
    if (!s)
        return CAS_ERR_ARG;
    if (rank >= s->count)
        return CAS_ERR_NOT_FOUND;
    if (criterion)
        *criterion = s->score[rank];
    if (delta)
        *delta = s->score[rank] - s->score[0];
    return CAS_OK;
}

size_t cas_mse_selection_failed_count(const cas_mse_selection *s)
{
    return s ? s->nfailed : 0;
}

cas_status cas_mse_selection_failed(const cas_mse_selection *s, size_t index, uint64_t *model,
                                    int32_t *status, const char **message)
{
    if (!s)
        return CAS_ERR_ARG;
    if (index >= s->nfailed)
        return CAS_ERR_NOT_FOUND;
    if (model)
        *model = s->failed[index].model;
    if (status)
        *status = s->failed[index].status;
    if (message)
        *message = s->failed[index].message;
    return CAS_OK;
}

cas_status cas_mse_selection_spread(const cas_mse_selection *s, cas_mse_spread *out)
{
    if (!s || !CAS__SIZED_OK(out, cas_mse_spread))
        return CAS_ERR_ARG;
    cas__sized_write(out, &s->spread, sizeof s->spread);
    return CAS_OK;
}

cas_status cas_mse_selection_claim(const cas_mse_selection *s, const char *id,
                                   const cas_scope *scope, cas_claim *out, cas_error *err)
{
    if (!s || !CAS__SIZED_OK(out, cas_claim))
        return cas__fail(err, CAS_ERR_ARG, "", "%s",
                         !s ? "NULL selection" : !out ? "NULL claim"
                                                      : "claim.size is too small (call cas_claim_init())");
    if (scope && scope->size < sizeof *scope)
        return cas__fail(err, CAS_ERR_ARG, "scope", "scope.size is too small (call cas_scope_init())");
    return fill_claim(out, s->spread.low_min, s->spread.high_max, s->ranked[0]->n_hat, id, scope,
                      s->source, s->quote, err);
}
