/* SPDX-License-Identifier: MIT */
/* The claims CSV loader's state, shared by its two halves: csv_load.c
 * (the header, rows through libcsv, errors and rejects) and csv_fast.c
 * (plain lines taken without libcsv). csv_save.c writes the same columns.
 * Never installed. */
#ifndef CAS_CSV_INTERNAL_H
#define CAS_CSV_INTERNAL_H

#include "ledger_internal.h"
#include "csvread_internal.h"
#include "casualty/csv.h"

#include <stddef.h>
#include <stdint.h>

enum column {
    COL_ID, COL_SOURCE, COL_SOURCE_KIND, COL_RELAY, COL_BASIS, COL_OUTCOME, COL_GROUP,
    COL_PERPETRATOR, COL_PLACE, COL_EVENT, COL_PERIOD_START, COL_PERIOD_END, COL_REPORTED_ON,
    COL_QUALIFIER, COL_LOW, COL_HIGH, COL_BEST, COL_CITATION, COL_QUOTE,
    NSAVED,               /* the columns before this one are the ones saved */
    COL_CLAIM = NSAVED,   /* read only: a phrase standing for low/high/best */
    NCOLUMNS
};

/* The columns' names (docs/csv.md), in the order they are saved in. */
extern const char *const cas__csv_column_names[NCOLUMNS];

/* Whether the CSV writers protect formula cells, from the caller's
 * options (NULL: the defaults) into *@protect: 0, or -1 when @opts has no
 * size set (csv_save.c). */
int cas__csv_write_protect(const cas_csv_write_options *opts, int *protect);

/* A field of a line the fast path scanned. */
typedef struct cas__csv_span {
    const char *s;
    size_t len;
} cas__csv_span;

typedef struct cas__csv_loader {
    cas__csvread rd;           /* the input, its line, the first fatal problem */
    cas_ledger *ledger;
    cas_rejects *rejects;      /* lenient mode when not NULL */
    int64_t row_line;          /* first line of the current row */
    int header_done;
    int field_of_column[NCOLUMNS]; /* CSV field index of each column, -1 if absent */
    int column_of_field[NCOLUMNS]; /* column of each CSV field */
    size_t nfields;            /* fields in the header */
    size_t field;              /* fields seen in the current row */
    size_t row_overflow;       /* fields beyond the header's count */
    char *buf;                 /* the current row's fields, each NUL-terminated */
    size_t buf_len, buf_cap;
    size_t off[NCOLUMNS], len[NCOLUMNS];
    cas__csv_span spans[NCOLUMNS]; /* a scanned line's fields */
    char *unq;                 /* a scanned line's quoted fields, unescaped */
    size_t unq_cap;
    int reserved;              /* room made for the rows after the header */
} cas__csv_loader;

/* ---- csv_load.c ---- */

/* Room for @need bytes in all in the row buffer; 0 when there is none,
 * and then the load has failed. */
int cas__csv_row_room(cas__csv_loader *ld, size_t need);

/* Append field @i, the @len bytes at @s, to the row buffer (room made)
 * with a NUL after it. */
void cas__csv_row_append(cas__csv_loader *ld, size_t i, const char *s, size_t len);

/* Check the row in the row buffer and add it, or say what is wrong with
 * it (fatal, or a reject in lenient mode). */
void cas__csv_end_row(cas__csv_loader *ld);

/* ---- csv_fast.c ---- */

/* The reader's take_line for a loader (@data) past its header: take the
 * line @line (@n bytes, ending in '\n') without libcsv if it is plain: 1
 * when it was taken (its row added or rejected), 0 when libcsv must have
 * it. */
int cas__csv_take_line(void *data, const char *line, size_t n);

#endif
