/* The claim-phrase parser's internals: tokens, tables, and the entry point
 * the CSV loader uses for a `claim` column. Never installed. */
#ifndef CAS_PHRASE_INTERNAL_H
#define CAS_PHRASE_INTERNAL_H

#include "util_internal.h"
#include "casualty/phrase.h"

/* The longest hedge or lexicon phrase, in bytes. */
#define CAS__PHRASE_WORDS_MAX 64
/* A sentence longer than this many tokens is cut (its parts are read as
 * sentences of their own); it bounds the parser's memory and work. */
#define CAS__SENT_MAX 2048
/* At most this many lexicon entries (they are indexed with int16_t). */
#define CAS__TERMS_MAX 8192

/* ---- tables (phrase_table.c) ---- */

typedef struct cas__hedge {
    const char *phrase; /* lower case, single spaces */
    uint32_t len;
    uint8_t owned;      /* phrase is malloc'd by the options */
    int32_t position, rule, qualifier, spread;
    int64_t low, high, best;
} cas__hedge;

typedef struct cas__term {
    const char *phrase; /* lower case, single spaces */
    const char *path;
    uint32_t len;
    uint8_t owned;      /* phrase and path are malloc'd */
    int32_t kind;
} cas__term;

typedef struct cas__source {
    char *name;
    char *alias;        /* may be NULL */
} cas__source;

struct cas_phrase_options {
    char name[64];
    char base[16];      /* the built-in preset it started from */
    int named;          /* the caller named it */
    cas__hedge *hedges;
    size_t nhedges, hcap;
    cas__term *terms;
    size_t nterms, tcap;
    cas__source *sources;
    size_t nsources, scap;
    int32_t year;
    int32_t distribute;
    const char *default_outcome; /* malloc'd when owned_defaults & 1 */
    const char *default_group;   /* malloc'd when owned_defaults & 2 */
    int owned_defaults;
};

/* The built-in "default" options, never freed or changed. */
const cas_phrase_options *cas__phrase_default_options(void);

/* Case-insensitive (ASCII) comparison of @a (length @alen) with the
 * NUL-terminated, lower-case @b. Inline: the parser calls it a lot. */
static inline int cas__phrase_ieq(const char *a, size_t alen, const char *b)
{
    size_t i = 0;
    for (; i < alen; i++) {
        unsigned char c = (unsigned char)a[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)b[i])
            return 0; /* also when b ends first: b[i] is then '\0' */
    }
    return b[i] == '\0';
}

/* ---- tokens (phrase_lex.c) ---- */

enum {
    CAS__TK_WORD = 1,  /* letters, digits inside, inner ' and - */
    CAS__TK_NUM = 2,   /* a number starting with a digit */
    CAS__TK_PUNCT = 3, /* one punctuation character (ch says which) */
    CAS__TK_BREAK = 4  /* a line break, <br>, '|' or NUL: ends a sentence */
};

/* token flags */
#define CAS__TF_SPACE 0x01 /* white space before the token */
#define CAS__TF_CAP 0x02   /* a word starting with an upper-case letter */
#define CAS__TF_UPPER 0x04 /* a word of two or more letters, all upper case */

/* number flags */
#define CAS__NF_OVERFLOW 0x01 /* does not fit in 64 bits */
#define CAS__NF_DECIMAL 0x02  /* has a decimal part */
#define CAS__NF_GROUPED 0x04  /* written with thousands separators */
#define CAS__NF_AMBIG 0x08    /* "1.700": thousands or decimal, unknowable */
#define CAS__NF_ORDINAL 0x10  /* "62nd" */
#define CAS__NF_UNIT 0x20     /* letters stuck to it: "22px", "1990s" */
#define CAS__NF_SCALE 0x40    /* "2.3k", "1.5m", "3bn": scale holds it */

typedef struct cas__tok {
    uint32_t start, end;  /* bytes [start, end) of the text */
    uint8_t kind;
    uint8_t flags;
    char ch;              /* PUNCT: the character; dashes are '-', quotes
                             '"' or '\'', other symbols 'u' */
    uint8_t nf;           /* NUM: number flags */
    int8_t dec;           /* NUM: digits after the point */
    uint8_t ndig;         /* NUM: digits before the point (saturates at 255) */
    uint8_t olen, glen;   /* tokens of the outcome / group term here */
    int16_t oterm, gterm; /* longest outcome / group term starting here, or -1 */
    int16_t fig;          /* the figure whose words start here, or -1 */
    int16_t figend;       /* the figure whose words end here, or -1 */
    int64_t mant;         /* NUM: the digits as an integer */
    int64_t scale;        /* NUM: 1, or the attached scale (k = 1000) */
} cas__tok;

typedef struct cas__lexer {
    const char *s;
    size_t n, pos;
} cas__lexer;

/* Read the next token into @tok: 1, or 0 at the end of the text. Safe on
 * any bytes; never reads outside [0, n). */
int cas__lex_next(cas__lexer *lx, cas__tok *tok);

/* The value of a NUM token times its attached scale and @mult (1 if none):
 * CAS_OK, or CAS_ERR_OVERFLOW / CAS_ERR_NUMBER (not a whole number). */
cas_status cas__num_value(const cas__tok *t, int64_t mult, int64_t *out);

/* Number words at token @i of @toks (@n tokens) over text @s: "four",
 * "twenty-one", "a dozen", "three hundred and six", "half a dozen".
 * Returns the number of tokens read (0 if none) and sets *value. */
size_t cas__numwords(const char *s, const cas__tok *toks, size_t i, size_t n, int64_t *value);

/* A scale word at token @i ("thousand", "million", "billion", "dozen",
 * "hundred", plus their plurals when @plural_ok): its factor, or 0. */
int64_t cas__scale_word(const char *s, const cas__tok *t, int plural_ok);

/* 1-12 when the word token is a month name (capitalised, full or
 * abbreviated), else 0. */
int cas__month(const char *s, const cas__tok *t);

/* ---- the CSV loader's entry point (phrase.c) ---- */

/* Read the phrase of a CSV `claim` column ("at least 315", "dozens",
 * "5,000-7,000", "+ 315 killed (per SOHR)") with the built-in default
 * preset, as a casualty field that must hold exactly one figure.
 * Out-parameters (none may be NULL) are written only on success.
 * Returns CAS_OK; CAS_ERR_PARSE when the text holds no figure or more
 * than one (message says which); CAS_ERR_ENCODING; CAS_ERR_TOO_LONG;
 * CAS_ERR_ARG; CAS_ERR_NOMEM. */
cas_status cas__phrase_figure(const char *text, size_t len, int64_t *low, int64_t *high,
                              int64_t *best, int32_t *qualifier, cas_error *err);

#endif
