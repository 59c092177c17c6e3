/* SPDX-License-Identifier: MIT */
/* The claim-phrase parser's internals: tokens, tables, the sentence the
 * parser's rooms share, and the entry point the CSV loader uses for a
 * `claim` column. Never installed. */
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

/* The lexer over s[0, n), at pos. The four memo fields (zero to start)
 * remember the last forward search for the '>' and the "</ref>" that end a
 * citation: a later search from inside [from, at] reuses the answer, so
 * text with many unclosed "<ref" reads in linear time, not quadratic. */
typedef struct cas__lexer {
    const char *s;
    size_t n, pos;
    size_t gt_from, gt_at; /* '>' searched from gt_from: at gt_at (n: none); 0: unset */
    size_t cl_from, cl_at; /* "</ref>" searched from cl_from: at cl_at (n: none) */
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

/* ---- the parser's rooms: one sentence at a time ----
 *
 * The parser is layered like expat's: the lexer (phrase_lex.c) and the
 * tables (phrase_table.c) below; above them one room per concept, each
 * reading the sentence held in a cas__pctx:
 *   phrase_match.c    phrases matched across white space; lexicon terms
 *   phrase_date.c     date expressions and the days they cover
 *   phrase_figure.c   figures: numbers, number words, ranges, hedges
 *   phrase_outcome.c  lists of figures and the outcome each one takes
 *   phrase_perp.c     perpetrators ("killed by X", "X killed N")
 *   phrase_attrib.c   sources ("(per X)", "according to X", "X said")
 *   phrase_claim.c    sentences, and each figure written out as a claim
 *   phrase.c          the result, cas_phrase_parse and the getters */

/* A claim as the result stores it: strings are offsets into its buffer
 * (offset 0 is ""). */
typedef struct cas__pclaim {
    int32_t kind, qualifier, basis, period_start, period_end;
    int64_t low, high, best, number, start, end;
    size_t outcome, group, perp, perp_text, source, relay, preset, quote, period_text;
} cas__pclaim;

/* An outcome term found for a figure. */
typedef struct found {
    int32_t term;
    uint32_t pos, end; /* tokens */
    int dist;
    uint32_t head;     /* for backward finds: the list head the term precedes */
} found;

typedef struct figure {
    uint32_t h0, t0, x1;  /* hedge start, number start, end (after suffix hedge) */
    uint32_t g0, g1;      /* group words (g1 == 0: none) */
    uint32_t ext;         /* end of the figure's words (x1 or g1) */
    int32_t gterm;        /* group term, or -1 */
    int32_t coord;        /* the figure it is listed with ("X and Y"), or -1 */
    int32_t sub;          /* the figure it is part of ("..., including N"), or -1 */
    uint8_t coord_incl;   /* the list word was "including" */
    uint8_t own_hedge;    /* it has a hedge of its own */
    uint8_t range, vague, floor_hedge;
    uint8_t has_oc;       /* an outcome was found for it */
    uint8_t heading_oc;   /* ... from the heading line above it (c->heading) */
    int32_t qualifier;
    int64_t low, high, best, number;
    found oc;
} figure;

typedef struct date_ex {
    uint32_t t0, t1;
    int32_t y1, m1, d1, y2, m2, d2; /* d == 0: whole month; m == 0: whole year */
    uint8_t since;
} date_ex;

enum { AT_LOCAL = 1, AT_ACCORDING, AT_CITING, AT_VERB, AT_PER };

typedef struct attrib {
    uint32_t t0, t1;     /* tokens of the attribution */
    uint32_t n0, n1;     /* bytes of the name */
    int kind;
    int basis;
    int prefix;          /* may cover figures after it */
} attrib;

/* The parse: the text, the options, and the sentence being read. */
typedef struct ctx {
    const char *s;
    size_t n;
    const cas_phrase_options *o;
    int field;
    cas_phrase_result *r;
    size_t preset_off;
    int32_t *bucket;     /* 256 heads, then one "next" per term */
    cas__tok *tk;
    size_t nt, tcap;
    figure *fg;
    size_t nf, fcap;
    date_ex *dt;
    size_t nd, dcap;
    attrib *at;
    size_t na, acap;
    int32_t *stack;      /* parenthesis matching */
    size_t scap;
    int32_t heading;     /* the outcome term of a heading line ("The death
                            toll is as follows:"), for the "Label: N" lines
                            under it; -1 when none */
} ctx;

/* Grow a sentence array to hold @need elements: 1, or 0 when out of memory. */
static inline int grow(void **p, size_t *cap, size_t need, size_t size)
{
    return cas__grow(p, cap, need, size, 16);
}

/* Is token @k the word @w (lower case), case-insensitively? */
static inline int wis(const ctx *c, size_t k, const char *w)
{
    return k < c->nt && c->tk[k].kind == CAS__TK_WORD &&
           cas__phrase_ieq(c->s + c->tk[k].start, c->tk[k].end - c->tk[k].start, w);
}

/* Is token @k one of the words of the NULL-terminated @list? */
static inline int win(const ctx *c, size_t k, const char *const *list)
{
    const cas__tok *t;
    unsigned char f;
    if (k >= c->nt || c->tk[k].kind != CAS__TK_WORD)
        return 0;
    t = &c->tk[k];
    f = (unsigned char)c->s[t->start];
    if (f >= 'A' && f <= 'Z')
        f = (unsigned char)(f + 32);
    for (; *list; list++)
        if ((unsigned char)(*list)[0] == f &&
            cas__phrase_ieq(c->s + t->start, t->end - t->start, *list))
            return 1;
    return 0;
}

/* Is token @k the punctuation @ch? */
static inline int pis(const ctx *c, size_t k, char ch)
{
    return k < c->nt && c->tk[k].kind == CAS__TK_PUNCT && c->tk[k].ch == ch;
}

static inline unsigned char lc(unsigned char x)
{
    return x >= 'A' && x <= 'Z' ? (unsigned char)(x + 32) : x;
}

/* -- phrase_match.c -- */

/* Match @phrase (lower case; a space matches a run of white space; an
 * apostrophe also matches U+2019) at byte @pos. Returns the end, or 0. */
size_t cas__match_fwd(const char *s, size_t n, size_t pos, const char *phrase, size_t plen);
/* The token of the sentence that ends exactly at byte @e, searching from
 * token @k; returns its index + 1, or 0. */
size_t cas__tok_ending_at(const ctx *c, size_t k, size_t e);
/* Index the lexicon by first byte (c->bucket), once per parse. */
void cas__build_buckets(ctx *c);
/* Set each word's longest outcome and group term (oterm, gterm). */
void cas__match_terms(ctx *c);

/* -- phrase_date.c -- */

/* A date expression at token @k: fills @d and returns 1, or returns 0. */
int cas__parse_date(const ctx *c, size_t k, date_ex *d);
/* The days a date covers (CAS_DATE_UNKNOWN where unknown). */
void cas__date_days(const ctx *c, const date_ex *d, int32_t *start, int32_t *end);

/* -- phrase_figure.c -- */

/* A figure at token @k: the index after what it read, or 0 when there is
 * nothing number-like; *ok says whether it is a count. */
size_t cas__parse_figure(ctx *c, size_t k, figure *f, int *ok);
/* The group words that follow a figure (sets g0, g1, gterm and ext). */
void cas__find_group(ctx *c, figure *f);

/* -- phrase_outcome.c -- */

/* Auxiliary verbs: "were", "has", "might", ... */
extern const char *const cas__aux_words[];
/* The '(' of the parenthesis whose ')' is token @k, looking back at most
 * @limit tokens, or @k. */
size_t cas__paren_start(const ctx *c, size_t k, size_t limit);
/* Link each figure to the one it is listed with (coord) or part of (sub). */
void cas__link_lists(ctx *c);
/* Find figure @fi's outcome (forwards, backwards, or from the figure it is
 * listed with): sets f->oc and f->has_oc. */
void cas__find_outcome(ctx *c, size_t fi);

/* -- phrase_perp.c -- */

/* Skip articles ("the", "a", "an") from token @a up to @b. */
size_t cas__skip_article(const ctx *c, size_t a, size_t b);
/* The perpetrator of figure @fi whose outcome is @oc: its tokens [*a, *b)
 * and group path (*a == *b and "" when none). */
void cas__find_perp(const ctx *c, size_t fi, const found *oc, size_t *a, size_t *b,
                    const char **path);

/* -- phrase_attrib.c -- */

/* Find the sentence's attributions (c->at): 1, or 0 when out of memory. */
int cas__find_attributions(ctx *c);
/* The attribution of figure @fi (or NULL), and the one it relays. */
const attrib *cas__attribution_of(const ctx *c, size_t fi, const attrib **relay);
/* The canonical source name for the bytes [n0, n1) of the text. */
void cas__canon_source(const ctx *c, uint32_t n0, uint32_t n1, const char **p, size_t *len);

/* -- phrase_claim.c -- */

/* Read the whole text, sentence by sentence, adding the claims to c->r. */
cas_status cas__phrase_run(ctx *c);

/* -- phrase.c -- */

/* Store the @n bytes at @s, NUL-terminated, in the result's string buffer:
 * *off is their offset (0 for the empty string). */
cas_status cas__phrase_add_str(cas_phrase_result *r, const char *s, size_t n, size_t *off);
/* The same for a NUL-terminated string (NULL reads as ""). */
cas_status cas__phrase_add_cstr(cas_phrase_result *r, const char *s, size_t *off);
/* Append a claim to the result. */
cas_status cas__phrase_add_claim(cas_phrase_result *r, const cas__pclaim *pc);

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
