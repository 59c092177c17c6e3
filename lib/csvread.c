/* SPDX-License-Identifier: MIT */
/* The library's one libcsv reader (csvread_internal.h): files and buffers
 * fed a line at a time, with the errors every loader reports. */
#include "csvread_internal.h"
#include "alloc_internal.h"

#include <errno.h>
#include <string.h>

/* Set when libcsv asks whether a character of an unquoted field is a
 * space it trims (a space or a tab: libcsv's own rule), and moved into the
 * reader's @spaced at each field. Thread-local: a parse runs on one
 * thread, from one field to the next. */
static _Thread_local int saw_space;

static int is_space(unsigned char c)
{
    if (c == ' ' || c == '\t') {
        saw_space = 1;
        return 1;
    }
    return 0;
}

/* libcsv's callbacks: the caller's, and what the reader keeps track of. */
/* The name of field @i of the current row, or "". */
static const char *name_of(const cas__csvread *r, size_t i)
{
    const char *n = r->field_name ? r->field_name(r->data, i) : NULL;
    return n ? n : "";
}

/* A field the reader refuses before the caller sees it: one holding a
 * NUL byte (C strings would cut it short: "SOHR\0-fake" would be "SOHR"),
 * and a header whose first name starts with a second byte order mark. */
static int refused(cas__csvread *r, const char *s, size_t len)
{
    const char *nul = !r->own_nul && len ? memchr(s, '\0', len) : NULL;
    char excerpt[48];
    cas_error e;

    if (nul) {
        int64_t line =
            cas__csvread_row_line(r, s, len) + cas__csvread_line_ends(s, (size_t)(nul - s));
        cas_error_init(&e);
        cas__fail(&e, CAS_ERR_ENCODING, name_of(r, r->field),
                  "a NUL byte (at byte %zu of the field): text cannot hold one",
                  (size_t)(nul - s) + 1);
        cas__csvread_fail(r, &e, line, (int64_t)r->field + 1);
        return 1;
    }
    if (r->rows == 0 && r->field == 0 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        cas_error_init(&e);
        cas__quote_excerpt(excerpt, sizeof excerpt, s, len);
        cas__fail(&e, CAS_ERR_HEADER, "",
                  "unknown column '%s': the input starts with a second byte order mark "
                  "(U+FEFF); remove it",
                  excerpt);
        cas__csvread_fail(r, &e, cas__csvread_row_line(r, s, len), 1);
        return 1;
    }
    return 0;
}

static void field_cb(void *s, size_t len, void *data)
{
    cas__csvread *r = data;

    r->last_term = 0;
    r->spaced = saw_space;
    saw_space = 0;
    if (r->status == CAS_OK && refused(r, s ? s : "", s ? len : 0))
        return;
    r->on_field(s, len, r->data);
    r->field++;
}

static void row_cb(int c, void *data)
{
    cas__csvread *r = data;

    r->on_row(c, r->data);
    r->field = 0;
    r->rows++;
    r->next_row_line = r->line + 1;
    r->last_term = c;
}

cas_status cas__csvread_init(cas__csvread *r, const char *name, cas_error *err,
                             unsigned char options, size_t blk_size,
                             void (*on_field)(void *s, size_t len, void *data),
                             void (*on_row)(int c, void *data), void *data)
{
    memset(r, 0, sizeof *r);
    r->name = name ? name : "";
    r->err = err;
    r->line = 1;
    r->next_row_line = 1;
    r->clean = 1;
    r->on_field = on_field;
    r->on_row = on_row;
    r->data = data;
    if (csv_init(&r->parser, (unsigned char)(CSV_STRICT | CSV_STRICT_FINI | options)) != 0) {
        r->status = CAS_ERR_NOMEM;
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    /* libcsv grows its field buffer by a fixed block: a small block makes a
     * long field cost quadratic copying. */
    if (blk_size)
        csv_set_blk_size(&r->parser, blk_size);
    csv_set_realloc_func(&r->parser, cas__realloc_fn);
    csv_set_free_func(&r->parser, cas__free_fn);
    csv_set_space_func(&r->parser, is_space);
    saw_space = 0;
    return CAS_OK;
}

void cas__csvread_fail(cas__csvread *r, cas_error *e, int64_t line, int64_t column)
{
    if (r->status != CAS_OK)
        return;
    cas__error_where(e, r->name, line, column);
    cas__error_copy(r->err, e);
    r->status = (cas_status)e->status;
}

int64_t cas__csvread_line_ends(const char *s, size_t len)
{
    int64_t n = 0;

    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'));
    return n;
}

int64_t cas__csvread_row_line(const cas__csvread *r, const char *s, size_t len)
{
    return r->line - cas__csvread_line_ends(s, len);
}

/* The length of the first line of the @len bytes at @data, with its line
 * end ("\n", "\r\n" or a lone "\r"; 0 in *@ended when it has none). */
static size_t line_length(const char *data, size_t len, int *ended)
{
    const char *nl = memchr(data, '\n', len);
    size_t n = nl ? (size_t)(nl - data) + 1 : len;
    const char *cr = memchr(data, '\r', n);

    *ended = nl != NULL;
    if (cr && cr + 1 != nl) {
        *ended = 1;
        n = (size_t)(cr - data) + 1;
    }
    return n;
}

/* libcsv refused the line it was given: a quote inside an unquoted field,
 * or text after a closing quote. */
static void malformed(cas__csvread *r)
{
    const char *before = r->malformed[0], *after = r->malformed[1];
    cas_error e;

    if (!before && !after) {
        before = "malformed CSV: a quote inside an unquoted field, or text after a closing "
                 "quote (libcsv: ";
        after = ")";
    }
    cas_error_init(&e);
    cas__fail(&e, CAS_ERR_CSV, "", "%s%s%s", before ? before : "",
              csv_strerror(csv_error(&r->parser)), after ? after : "");
    cas__csvread_fail(r, &e, r->line, 0);
}

int cas__csvread_feed(cas__csvread *r, const char *data, size_t len)
{
    /* A UTF-8 byte order mark is not part of the first column's name (and
     * would make a quoted name malformed CSV). A file read in blocks starts
     * with a block of at least 3 bytes unless it is shorter than that. */
    if (!r->bom_checked && len > 0) {
        r->bom_checked = 1;
        if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
            data += 3;
            len -= 3;
            r->consumed += 3;
        }
    }
    /* A "\r\n" that two blocks split: the '\n' ends no line of its own. */
    if (r->pending_cr && len > 0 && r->status == CAS_OK) {
        r->pending_cr = 0;
        if (data[0] == '\n') {
            if (csv_parse(&r->parser, data, 1, field_cb, row_cb, r) != 1) {
                if (r->status == CAS_OK)
                    malformed(r);
                return -1;
            }
            data++;
            len--;
            r->consumed++;
        }
    }
    while (len > 0 && r->status == CAS_OK) {
        int nl;
        size_t n = line_length(data, len, &nl);
        r->pending_cr = nl && n == len && data[n - 1] == '\r';
        if (nl && r->clean && r->take_line && r->take_line(r->data, data, n)) {
            r->line++;
            data += n;
            len -= n;
            r->consumed += n;
            continue;
        }
        r->last_term = 0;
        if (csv_parse(&r->parser, data, n, field_cb, row_cb, r) != n) {
            if (r->status == CAS_OK) /* else a callback failed first: keep its error */
                malformed(r);
            return -1;
        }
        /* libcsv is between rows when a row ended in the line: the line's
         * only line end ended it. */
        r->clean = nl && r->last_term != 0;
        if (nl)
            r->line++;
        data += n;
        len -= n;
        r->consumed += n;
        if (r->fed_line)
            r->fed_line(r->data, data, len);
    }
    return r->status == CAS_OK ? 0 : -1;
}

int cas__csvread_buffer(cas__csvread *r, const char *data, size_t len)
{
    r->total = len;
    return cas__csvread_feed(r, data, len);
}

static int read_error(cas__csvread *r)
{
    cas_error e;

    cas_error_init(&e);
    cas__fail(&e, CAS_ERR_IO, "", "read error");
    cas__csvread_fail(r, &e, 0, 0);
    return -1;
}

int cas__csvread_file(cas__csvread *r, FILE *fp)
{
    size_t cap = 1 << 20, n;
    char *block;

    if (r->status != CAS_OK)
        return -1;
    block = cas__malloc(cap);
    if (!block) {
        cas__fail(r->err, CAS_ERR_NOMEM, "", "out of memory");
        r->status = CAS_ERR_NOMEM;
        return -1;
    }
    /* The size, for the caller's guesses; a stream that cannot seek has none. */
    if (fseek(fp, 0, SEEK_END) == 0) {
        long size = ftell(fp);
        if (fseek(fp, 0, SEEK_SET) != 0) {
            cas__free(block);
            return read_error(r);
        }
        if (size > 0)
            r->total = (size_t)size;
    }
    while ((n = fread(block, 1, cap, fp)) > 0)
        if (cas__csvread_feed(r, block, n) != 0)
            break;
    cas__free(block);
    if (r->status == CAS_OK && ferror(fp))
        return read_error(r);
    return r->status == CAS_OK ? 0 : -1;
}

FILE *cas__csvread_open(const char *path, cas_error *err)
{
    FILE *fp = fopen(path, "rb");

    if (!fp) {
        cas__fail(err, CAS_ERR_IO, "", "cannot open: %s", strerror(errno));
        cas__error_where(err, path, 0, 0);
    }
    return fp;
}

cas_status cas__csvread_finish(cas__csvread *r)
{
    cas_error e;

    if (r->status != CAS_OK)
        return r->status;
    cas_error_init(&e);
    if (csv_fini(&r->parser, field_cb, row_cb, r) != 0) {
        if (r->unterminated) {
            cas__fail(&e, CAS_ERR_CSV, "", "%s", r->unterminated);
            cas__csvread_fail(r, &e, r->line, 0);
        } else {
            cas__fail(&e, CAS_ERR_CSV, "",
                      "unterminated quoted field in the row starting at line %lld",
                      (long long)r->next_row_line);
            cas__csvread_fail(r, &e, r->next_row_line, 0);
        }
        return r->status;
    }
    if (r->status == CAS_OK && r->rows == 0) {
        cas__fail(&e, CAS_ERR_EMPTY, "", "no header row: the file is empty");
        cas__csvread_fail(r, &e, 0, 0);
    }
    return r->status;
}

void cas__csvread_free(cas__csvread *r)
{
    csv_free(&r->parser);
}
