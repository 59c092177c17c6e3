/* SPDX-License-Identifier: MIT */
/* Reading CSV through libcsv, for every loader in the library (claims,
 * MSE tables): the input, a file or a buffer, goes to libcsv in strict
 * mode one physical line at a time (a line ends in "\n", "\r\n" or a
 * lone "\r"), so that the callbacks know the line they are on; a UTF-8
 * byte order mark is skipped (a second one is an error); malformed CSV,
 * an unterminated quoted field, a field holding a NUL byte, an input
 * without a header row and a read error become errors that name
 * file:line:column. Never installed.
 *
 * Use: cas__csvread_init(), then cas__csvread_buffer() or
 * cas__csvread_file(), then cas__csvread_finish(), then always
 * cas__csvread_free(). The callbacks record their own fatal problems with
 * cas__csvread_fail(), or set @status (the first one counts) after
 * filling @err, and return; the reader stops at the next line. */
#ifndef CAS_CSVREAD_INTERNAL_H
#define CAS_CSVREAD_INTERNAL_H

#include "util_internal.h"

#include <csv.h>
#include <stdio.h>

typedef struct cas__csvread {
    struct csv_parser parser;
    const char *name;           /* the input's name in messages ("" if none) */
    cas_error *err;             /* where the first fatal problem is told */
    cas_status status;          /* that problem, CAS_OK while there is none */
    int64_t line;               /* physical line being fed, 1-based */
    int64_t next_row_line;      /* first line after the last complete row */
    size_t total, consumed;     /* bytes in the input (0 if unknown), bytes fed */
    size_t rows;                /* rows libcsv ended (not lines @take_line took) */

    /* The caller's, set by cas__csvread_init(): libcsv's callbacks, each
     * given @data. */
    void (*on_field)(void *s, size_t len, void *data);
    void (*on_row)(int c, void *data);
    void *data;

    /* Optional, NULL unless the caller sets them after init: */
    /* Take the whole line @line (@n bytes, ending in its line end) without libcsv,
     * offered only when libcsv is between rows: 1 taken (the caller moves
     * @next_row_line as libcsv would have), 0 for libcsv to have it. */
    int (*take_line)(void *data, const char *line, size_t n);
    /* Called after each line libcsv took, with the @len bytes after it
     * (of the current block). */
    void (*fed_line)(void *data, const char *rest, size_t len);
    /* The message for malformed CSV is malformed[0], libcsv's own words,
     * malformed[1]; the defaults are the claims loader's. */
    const char *malformed[2];
    /* The message for a quoted field still open at the end of the input,
     * told at the last line; NULL for the claims loader's, "unterminated
     * quoted field in the row starting at line N" told at line N. */
    const char *unterminated;
    /* The name of field @field of the current row, for messages (NULL, or
     * returning NULL: none). */
    const char *(*field_name)(void *data, size_t field);
    /* Set when the caller refuses fields holding a NUL byte itself (the
     * claims loader, whose lenient mode rejects the row); else the reader
     * does, before the caller sees them. */
    int own_nul;

    int bom_checked;
    int pending_cr;             /* the last block ended in a '\r' */
    size_t field;               /* fields libcsv gave in the current row */
    int clean;                  /* libcsv is between rows */
    int last_term;              /* the terminator of the last row libcsv
                                   ended, 0 when a field came after it */
    /* The field just given to @on_field held a space or tab outside
     * quotes (libcsv trims those at its ends): a header name written
     * "low " is refused, not read as "low". */
    int spaced;
} cas__csvread;

/* Set up @r for the input @name (NULL for none): libcsv in strict mode
 * with @options added (e.g. CSV_APPEND_NULL), growing its field buffer by
 * @blk_size bytes (0: libcsv's default), allocating through the library's
 * allocator. CAS_OK or CAS_ERR_NOMEM (told in @err). */
cas_status cas__csvread_init(cas__csvread *r, const char *name, cas_error *err,
                             unsigned char options, size_t blk_size,
                             void (*on_field)(void *s, size_t len, void *data),
                             void (*on_row)(int c, void *data), void *data);

/* Record a fatal problem, the message in @e, at @line and @column (0 for
 * unknown): the first one is copied to @r->err and stops the reading. */
void cas__csvread_fail(cas__csvread *r, cas_error *e, int64_t line, int64_t column);

/* The line ends ("\n", "\r\n", a lone "\r") in the @len bytes at @s. */
int64_t cas__csvread_line_ends(const char *s, size_t len);

/* The line a row starts on, when its first field, the @len bytes at @s,
 * was just read (a quoted field may span lines). */
int64_t cas__csvread_row_line(const cas__csvread *r, const char *s, size_t len);

/* Feed the @len bytes at @data (the rest of the input follows in later
 * calls): 0, or -1 once reading has failed. */
int cas__csvread_feed(cas__csvread *r, const char *data, size_t len);

/* The whole input in one buffer. */
int cas__csvread_buffer(cas__csvread *r, const char *data, size_t len);

/* The rest of @fp, read in blocks of 1 MiB (its size, when it can seek,
 * goes in @total). */
int cas__csvread_file(cas__csvread *r, FILE *fp);

/* Open @path for reading: NULL, with "cannot open: <reason>" told in @err,
 * when it cannot be. */
FILE *cas__csvread_open(const char *path, cas_error *err);

/* End the input: the last row, if it had no line end, goes to the
 * callbacks. Returns @r->status. */
cas_status cas__csvread_finish(cas__csvread *r);

/* Free libcsv's buffers (after any of the above, even a failed init). */
void cas__csvread_free(cas__csvread *r);

#endif
