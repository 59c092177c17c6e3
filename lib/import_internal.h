/* SPDX-License-Identifier: MIT */
/* The dataset readers (casualty/import.h): import.c is the engine (the
 * input read whole and converted to UTF-8, rows through csvread.c, the
 * header, missing-value codes, counts, dates, slugs, the claims appended
 * all or nothing); each format is a file named for it that finds its
 * columns in the header and turns each row into claims. Never installed. */
#ifndef CAS_IMPORT_INTERNAL_H
#define CAS_IMPORT_INTERNAL_H

#include "casualty/import.h"
#include "csvread_internal.h"
#include "ledger_internal.h"

#include <stddef.h>
#include <stdint.h>

typedef struct cas__import cas__import;

/* A format: its defaults and what it does with the header and each row.
 * A format whose input is not CSV (the infobox) has @text instead. */
typedef struct cas__import_format {
    const char *name;
    int delimiter;          /* 0: ','; 'a': ';' when the header line has one
                               and no ',', else ',' */
    const char *na;         /* the missing-value codes, comma-separated */
    int32_t encoding;       /* a cas_encoding */
    const char *source;     /* the claims' source */
    size_t state_size;      /* bytes of @im->state, zeroed */
    /* Find the columns (cas__import_col, cas__import_need): CAS_OK, or the
     * status of a failure already told. */
    cas_status (*header)(cas__import *im);
    /* Turn the current row into claims (cas__import_emit); a problem is
     * told with cas__import_fail and stops the import. */
    void (*row)(cas__import *im);
    /* After the last row (NULL: nothing to do). */
    void (*finish)(cas__import *im);
    /* Free what @im->state holds (NULL: nothing). */
    void (*free_state)(cas__import *im);
    /* For a format that is not CSV: read the whole UTF-8 text. */
    void (*text)(cas__import *im, const char *data, size_t len);
} cas__import_format;

typedef struct cas__import_chunk cas__import_chunk;

struct cas__import {
    cas__csvread rd;            /* the input, its line, the first fatal problem */
    const cas__import_format *fmt;
    const cas_import_options *opts;  /* the caller's, read with its size */
    cas_ledger *ledger;
    const char *source;         /* the claims' source */
    char *na;                   /* the missing-value codes, each NUL-ended,
                                   the list ended by an empty one */
    char **head;                /* the header's names */
    size_t nhead, head_cap;
    int header_done;
    char *buf;                  /* the current row's fields, NUL-ended */
    size_t buf_len, buf_cap;
    size_t *off, *len;          /* per field of the header */
    size_t field, overflow;     /* fields seen in the row, beyond the header */
    int64_t row_line;           /* first line of the current row */
    size_t rows;                /* data rows read */
    cas__import_chunk *arena;   /* this row's strings */
    char **memo;                /* slugs, places and sides already made
                                   (import.c), kept to the import's end */
    size_t memo_cap, memo_n;
    /* The strings of the row's last claim, checked: a claim of the same
     * row that shares one (the same pointer) is not checked again. */
    const char *last[CAS__NSTR];
    size_t last_len[CAS__NSTR];
    uint32_t last_hash[CAS__NSTR];
    size_t last_row;            /* @rows when they were kept, 0: none */
    void *state;                /* the format's */
    char delim;                 /* the field separator */
};

/* ---- the formats (one file each) ---- */

extern const cas__import_format cas__import_ucdp_ged, cas__import_ucdp_brd, cas__import_prio,
    cas__import_acled, cas__import_ibc, cas__import_tfp, cas__import_infobox,
    cas__import_mapping;

/* ---- import.c: what the formats use ---- */

/* The index of the header's column @name, or -1. */
int cas__import_col(const cas__import *im, const char *name);

/* The first of the NULL-terminated @names the header has, or -1. */
int cas__import_col_any(const cas__import *im, const char *const *names);

/* Find a column the format needs: its index in *@col, or a header error
 * naming @name (CAS_ERR_HEADER, told). */
cas_status cas__import_need(cas__import *im, int *col, const char *name);

/* As cas__import_need, any of @names (the first one is named). */
cas_status cas__import_need_any(cas__import *im, int *col, const char *const *names);

/* The text of column @col in the current row, NUL-ended: "" when @col is
 * -1. */
const char *cas__import_raw(const cas__import *im, int col, size_t *len);

/* The text of column @col, or NULL when it is missing: no such column,
 * empty (after spaces), or one of the missing-value codes. */
const char *cas__import_get(const cas__import *im, int col, size_t *len);

/* Whether the @len bytes at @s are a missing-value code (or empty). */
int cas__import_is_na(const cas__import *im, const char *s, size_t len);

/* A count in column @col: 1 read into *@out, 0 missing, -1 bad (told).
 * "12", "12.0" and " 12 " are 12; thousands separators "1,200" too. */
int cas__import_count(cas__import *im, int col, int64_t *out);

/* A count in the @len bytes at @s: CAS_OK, CAS_ERR_NUMBER,
 * CAS_ERR_OVERFLOW or CAS_ERR_RANGE (negative). */
cas_status cas__import_parse_count(int64_t *out, const char *s, size_t len);

/* A day in column @col: 1 read, 0 missing, -1 bad (told). */
int cas__import_date(cas__import *im, int col, int32_t *out);

/* A day in the @len bytes at @s: YYYY-MM-DD (a time after it, as in
 * "2013-07-24T00:00:00" or "2013-07-24 00:00", ignored), DD.MM.YYYY,
 * DD/MM/YYYY, "D Month YYYY" and "D-Mon-YY(YY)" (English month names or
 * their first three letters). CAS_OK or CAS_ERR_DATE. */
cas_status cas__import_parse_date(int32_t *out, const char *s, size_t len);

/* Tell a problem with the current row, at column @col (-1: the row):
 * the field is the header's name of @col. Stops the import. */
void cas__import_fail(cas__import *im, int col, cas_status st, const char *fmt, ...)
    CAS__PRINTF(4, 5);

/* Whether the import has failed. */
static inline int cas__import_failed(const cas__import *im)
{
    return im->rd.status != CAS_OK;
}

/* A string that lives until the next row: formatted, or NULL (out of
 * memory, told). */
char *cas__import_printf(cas__import *im, const char *fmt, ...) CAS__PRINTF(2, 3);

/* The slug of the @len bytes at @s (docs/real-data.md, "Places and
 * names"): lower-case ASCII letters and digits, Latin letters with
 * diacritics folded, every other run of bytes one '-', none at either
 * end; text in parentheses left out. With @admin, a last word naming an
 * administrative level ("Governorate", "district", "province", ...) is
 * left out too. Lives until the next row; NULL out of memory (told). */
char *cas__import_slug(cas__import *im, const char *s, size_t len, int admin);

/* The slug into @out (at least @len + 1 bytes): its length. */
size_t cas__slug(char *out, const char *s, size_t len, int admin);

/* A path of the slugs of the @n texts in @parts (NULL or missing ones end
 * it: a place has no adm_2 without an adm_1), admin words left out. */
char *cas__import_place(cas__import *im, const char *const *parts, size_t n);

/* The group path of a conflict side: "combatants/government" for a
 * government ("Government of ..."), else "combatants/<slug>"; with
 * @perpetrator the path without "combatants/". */
char *cas__import_side(cas__import *im, const char *side, int perpetrator);

/* Validate @c and append it; a problem is told at column @col (-1: the
 * row, or the column the claim's field names when it is a dataset's
 * column). 0 on success, -1 when the import has failed. A string of the
 * row's previous claim passed again at the same address is taken as
 * checked: a format never rewrites a string in place within a row. */
int cas__import_emit(cas__import *im, const cas_claim *c, int col);

/* The option @member of the caller's options, or the default. */
const char *cas__import_opt_source(const cas__import *im);

#endif
