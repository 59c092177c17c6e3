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

typedef struct pclaim {
    int32_t kind, qualifier, basis, period_start, period_end;
    int64_t low, high, best, number, start, end;
    size_t outcome, group, perp, perp_text, source, relay, preset, quote, period_text;
} pclaim;

struct cas_phrase_result {
    pclaim *claims;
    size_t count, cap;
    char *strs;      /* NUL-terminated strings; offset 0 is "" */
    size_t slen, scap;
};

static cas_status add_str(cas_phrase_result *r, const char *s, size_t n, size_t *off)
{
    if (n == 0) {
        *off = 0;
        return CAS_OK;
    }
    if (r->scap - r->slen < n + 1) {
        size_t cap = r->scap ? r->scap : 256;
        char *ns;
        while (cap - r->slen < n + 1) {
            if (cap > SIZE_MAX / 2)
                return CAS_ERR_NOMEM;
            cap *= 2;
        }
        ns = cas__realloc(r->strs, cap);
        if (!ns)
            return CAS_ERR_NOMEM;
        r->strs = ns;
        r->scap = cap;
    }
    memcpy(r->strs + r->slen, s, n);
    r->strs[r->slen + n] = '\0';
    *off = r->slen;
    r->slen += n + 1;
    return CAS_OK;
}

static cas_status add_cstr(cas_phrase_result *r, const char *s, size_t *off)
{
    return add_str(r, s, s ? strlen(s) : 0, off);
}

/* ---- sentence analysis ---- */

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
} ctx;

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    return cas__grow(p, cap, need, size, 16);
}

static int wis(const ctx *c, size_t k, const char *w)
{
    return k < c->nt && c->tk[k].kind == CAS__TK_WORD &&
           cas__phrase_ieq(c->s + c->tk[k].start, c->tk[k].end - c->tk[k].start, w);
}

static int win(const ctx *c, size_t k, const char *const *list)
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

static int pis(const ctx *c, size_t k, char ch)
{
    return k < c->nt && c->tk[k].kind == CAS__TK_PUNCT && c->tk[k].ch == ch;
}

static unsigned char lc(unsigned char x)
{
    return x >= 'A' && x <= 'Z' ? (unsigned char)(x + 32) : x;
}

static int is_wsb(const char *s, size_t n, size_t i, size_t *len)
{
    unsigned char x = (unsigned char)s[i];
    if (x == ' ' || x == '\t' || x == '\r' || x == '\n' || x == '\v' || x == '\f') {
        *len = 1;
        return 1;
    }
    if (x == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
        *len = 2;
        return 1;
    }
    return 0;
}

/* Match @phrase (lower case; a space matches a run of white space; an
 * apostrophe also matches U+2019) at byte @pos. Returns the end, or 0. */
static size_t match_fwd(const char *s, size_t n, size_t pos, const char *phrase, size_t plen)
{
    size_t i = pos, k = 0, l;

    while (k < plen) {
        unsigned char pc = (unsigned char)phrase[k];
        if (pc == ' ') {
            size_t start = i;
            while (i < n && is_wsb(s, n, i, &l))
                i += l;
            if (i == start)
                return 0;
            k++;
            continue;
        }
        if (i >= n)
            return 0;
        if (lc((unsigned char)s[i]) == pc) {
            i++;
            k++;
            continue;
        }
        if (pc == '\'' && i + 2 < n && (unsigned char)s[i] == 0xE2 &&
            (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99) {
            i += 3;
            k++;
            continue;
        }
        return 0;
    }
    return i;
}

/* The token of the sentence that ends exactly at byte @e, searching from
 * token @k; returns its index + 1, or 0. */
static size_t tok_ending_at(const ctx *c, size_t k, size_t e)
{
    for (; k < c->nt && c->tk[k].start < e; k++)
        if (c->tk[k].end == e)
            return k + 1;
    return 0;
}

static void build_buckets(ctx *c)
{
    const cas_phrase_options *o = c->o;
    for (int b = 0; b < 256; b++)
        c->bucket[b] = -1;
    /* Insert backwards so that each bucket lists terms in table order. */
    for (size_t i = o->nterms; i-- > 0;) {
        unsigned char b = (unsigned char)o->terms[i].phrase[0];
        c->bucket[256 + i] = c->bucket[b];
        c->bucket[b] = (int32_t)i;
    }
}

static void match_terms(ctx *c)
{
    const cas_phrase_options *o = c->o;

    for (size_t k = 0; k < c->nt; k++) {
        cas__tok *t = &c->tk[k];
        uint32_t obest = 0, gbest = 0;
        if (t->kind != CAS__TK_WORD)
            continue;
        for (int32_t i = c->bucket[lc((unsigned char)c->s[t->start])]; i >= 0;
             i = c->bucket[256 + i]) {
            const cas__term *term = &o->terms[i];
            size_t e = match_fwd(c->s, c->n, t->start, term->phrase, term->len), j;
            if (!e || (j = tok_ending_at(c, k, e)) == 0 || j - k > 255)
                continue;
            if (term->kind == CAS_TERM_OUTCOME && term->len > obest) {
                obest = term->len;
                t->oterm = (int16_t)i;
                t->olen = (uint8_t)(j - k);
            } else if (term->kind == CAS_TERM_GROUP && term->len > gbest) {
                gbest = term->len;
                t->gterm = (int16_t)i;
                t->glen = (uint8_t)(j - k);
            }
        }
    }
}

/* ---- dates ---- */

static int day_tok(const ctx *c, size_t k, int32_t *d)
{
    const cas__tok *t;
    if (k >= c->nt)
        return 0;
    t = &c->tk[k];
    if (t->kind != CAS__TK_NUM || (t->nf & ~CAS__NF_ORDINAL) || t->ndig > 2 || t->mant < 1 ||
        t->mant > 31)
        return 0;
    *d = (int32_t)t->mant;
    return 1;
}

static int year_tok(const ctx *c, size_t k, int32_t *y)
{
    const cas__tok *t;
    if (k >= c->nt)
        return 0;
    t = &c->tk[k];
    if (t->kind != CAS__TK_NUM || t->nf || t->ndig != 4 || t->mant < 1500 || t->mant > 2199)
        return 0;
    *y = (int32_t)t->mant;
    return 1;
}

static int month_tok(const ctx *c, size_t k)
{
    return k < c->nt ? cas__month(c->s, &c->tk[k]) : 0;
}

static int range_word(const ctx *c, size_t k)
{
    static const char *const w[] = {"to", "and", "till", "until", "through", "thru", NULL};
    return pis(c, k, '-') || win(c, k, w);
}

/* "D Month" or "D of Month" at k: the month and the index after it. */
static int day_month(const ctx *c, size_t k, int32_t *d, int32_t *m, size_t *after)
{
    if (!day_tok(c, k, d))
        return 0;
    if ((*m = month_tok(c, k + 1)) != 0) {
        *after = k + 2;
    } else if (wis(c, k + 1, "of") && (*m = month_tok(c, k + 2)) != 0) {
        *after = k + 3;
    } else {
        return 0;
    }
    if (pis(c, *after, '.') && c->tk[*after].start == c->tk[*after - 1].end &&
        c->tk[*after - 1].end - c->tk[*after - 1].start <= 4 && *after + 1 < c->nt)
        (*after)++; /* "Mar." */
    return 1;
}

/* A year after a date: ", 2025" or " 2025". */
static size_t opt_year(const ctx *c, size_t k, int32_t *y)
{
    if (year_tok(c, k, y))
        return k + 1;
    if (pis(c, k, ',') && year_tok(c, k + 1, y))
        return k + 2;
    *y = 0;
    return k;
}

/* A date expression at token @k (after an optional "between", "from",
 * "on", "since", "in" or "during"). Fills @d and returns 1. */
static int parse_date(const ctx *c, size_t k, date_ex *d)
{
    static const char *const pre[] = {"between", "from", "on", "since", "in", "during",
                                      "until", "by", "through", "of", NULL};
    size_t i = k, e;
    int32_t d1, m1, d2, m2, y;
    int has_pre = win(c, k, pre);

    memset(d, 0, sizeof *d);
    if (has_pre)
        i = k + 1;
    d->since = wis(c, k, "since");
    /* D (-|to|and) D Month [YYYY] */
    if (day_tok(c, i, &d1) && range_word(c, i + 1) && day_month(c, i + 2, &d2, &m2, &e) &&
        d1 < d2) {
        e = opt_year(c, e, &y);
        d->d1 = d1;
        d->m1 = d->m2 = m2;
        d->d2 = d2;
        d->y1 = d->y2 = y;
        goto found;
    }
    /* D Month [YYYY] [(-|to) D Month [YYYY]] */
    if (day_month(c, i, &d1, &m1, &e)) {
        int32_t y1;
        size_t e2;
        e = opt_year(c, e, &y1);
        d->d1 = d->d2 = d1;
        d->m1 = d->m2 = m1;
        d->y1 = d->y2 = y1;
        if (range_word(c, e) && day_month(c, e + 1, &d2, &m2, &e2)) {
            int32_t y2;
            e2 = opt_year(c, e2, &y2);
            d->d2 = d2;
            d->m2 = m2;
            d->y2 = y2;
            if (!d->y1 && y2)
                d->y1 = m1 > m2 ? y2 - 1 : y2;
            e = e2;
        }
        goto found;
    }
    /* Month D[-D][, YYYY], Month YYYY */
    if ((m1 = month_tok(c, i)) != 0) {
        size_t j = i + 1;
        if (pis(c, j, '.') && c->tk[j].start == c->tk[i].end &&
            c->tk[i].end - c->tk[i].start <= 4)
            j++;
        if (year_tok(c, j, &y)) {
            d->m1 = d->m2 = m1;
            d->y1 = d->y2 = y;
            e = j + 1;
            goto found;
        }
        if (day_tok(c, j, &d1)) {
            d->m1 = d->m2 = m1;
            d->d1 = d->d2 = d1;
            e = j + 1;
            if (range_word(c, e) && day_tok(c, e + 1, &d2) && d2 > d1) {
                d->d2 = d2;
                e += 2;
            }
            /* "March 6 people" is not a date: the day must not be a count. */
            if (e < c->nt && c->tk[e].kind == CAS__TK_WORD && !(c->tk[e].flags & CAS__TF_CAP) &&
                (c->tk[e].gterm >= 0 || c->tk[e].oterm >= 0))
                return 0;
            e = opt_year(c, e, &y);
            d->y1 = d->y2 = y;
            goto found;
        }
        return 0;
    }
    /* in YYYY, during YYYY */
    if ((wis(c, k, "in") || wis(c, k, "during") || wis(c, k, "since")) && year_tok(c, i, &y) &&
        !(i + 1 < c->nt && (c->tk[i + 1].gterm >= 0 || c->tk[i + 1].oterm >= 0))) {
        d->y1 = d->y2 = y;
        e = i + 1;
        goto found;
    }
    return 0;
found:
    d->t0 = (uint32_t)(has_pre && !wis(c, k, "of") ? k : i);
    d->t1 = (uint32_t)e;
    return 1;
}

static void date_days(const ctx *c, const date_ex *d, int32_t *start, int32_t *end)
{
    int32_t y1 = d->y1 ? d->y1 : c->o->year, y2 = d->y2 ? d->y2 : c->o->year;
    int32_t m1 = d->m1 ? d->m1 : 1, m2 = d->m2 ? d->m2 : 12;
    int32_t d1 = d->d1 ? d->d1 : 1, d2;

    *start = *end = CAS_DATE_UNKNOWN;
    if (y1 < 1 || y2 < 1)
        return;
    if (d->d2)
        d2 = d->d2;
    else
        d2 = cas__month_length(y2, m2);
    if (cas_date_from_ymd(start, y1, m1, d1) != CAS_OK ||
        cas_date_from_ymd(end, y2, m2, d2) != CAS_OK || *end < *start) {
        *start = *end = CAS_DATE_UNKNOWN;
        return;
    }
    if (d->since)
        *end = CAS_DATE_UNKNOWN;
}

/* ---- figures ---- */

typedef struct qty {
    uint32_t t0, t1;
    int vague;            /* a WORD hedge */
    int ok;               /* a whole number in 64 bits */
    int numtok;           /* a single NUM token, value unscaled by a word */
    int yearlike;
    int64_t value, low, high, best;
    int32_t qualifier;
    int64_t word_scale;   /* the scale word that followed, or 1 */
} qty;

static int64_t scale_at(const ctx *c, size_t k, int plural_ok)
{
    return k < c->nt && (c->tk[k].flags & CAS__TF_SPACE) ? cas__scale_word(c->s, &c->tk[k], plural_ok)
                                                         : 0;
}

static int vague_at(const ctx *c, size_t k, const cas__hedge **hit, size_t *end)
{
    const cas_phrase_options *o = c->o;
    uint32_t best = 0;
    *hit = NULL;
    if (k >= c->nt || c->tk[k].kind != CAS__TK_WORD)
        return 0;
    for (size_t i = 0; i < o->nhedges; i++) {
        const cas__hedge *h = &o->hedges[i];
        size_t e, j;
        if (h->position != CAS_HEDGE_WORD || h->len <= best ||
            (unsigned char)h->phrase[0] != lc((unsigned char)c->s[c->tk[k].start]))
            continue;
        e = match_fwd(c->s, c->n, c->tk[k].start, h->phrase, h->len);
        if (e && (j = tok_ending_at(c, k, e)) != 0) {
            best = h->len;
            *hit = h;
            *end = j;
        }
    }
    return *hit != NULL;
}

static int scale_range(int64_t *low, int64_t *high, int64_t *best, int64_t mult)
{
    int64_t l, h = CAS_OPEN, b = CAS_NONE;
    if (__builtin_mul_overflow(*low, mult, &l))
        return 0;
    if (*high != CAS_OPEN &&
        (__builtin_add_overflow(*high, 1, &h) || __builtin_mul_overflow(h, mult, &h)))
        return 0;
    if (*high != CAS_OPEN)
        h -= 1;
    if (*best != CAS_NONE && __builtin_mul_overflow(*best, mult, &b))
        return 0;
    *low = l;
    *high = h;
    *best = b;
    return 1;
}

/* A quantity at token k: digits (with a scale word), number words, or a
 * vague word (with a scale). Returns 1 when something number-like is
 * there, even if it is not a usable count (q->ok == 0). */
static int quantity(const ctx *c, size_t k, qty *q)
{
    const cas__hedge *vh;
    size_t e = k;

    memset(q, 0, sizeof *q);
    q->word_scale = 1;
    q->best = CAS_NONE;
    if (k >= c->nt)
        return 0;
    q->t0 = (uint32_t)k;
    if (c->tk[k].kind == CAS__TK_NUM) {
        const cas__tok *t = &c->tk[k];
        int64_t mult = 1, sw;
        size_t j = k + 1;
        if (!(t->nf & (CAS__NF_ORDINAL | CAS__NF_UNIT))) {
            /* "1.5 million", "3 hundred thousand", "2bn billion" */
            while ((sw = scale_at(c, j, 0)) != 0 && j < k + 4) {
                if (__builtin_mul_overflow(mult, sw, &mult)) {
                    q->t1 = (uint32_t)(j + 1);
                    return 1; /* too large: not a count */
                }
                j++;
            }
        }
        q->t1 = (uint32_t)j;
        q->word_scale = mult;
        q->numtok = mult == 1;
        if (t->nf & (CAS__NF_ORDINAL | CAS__NF_UNIT))
            return 1;
        q->ok = cas__num_value(t, mult, &q->value) == CAS_OK;
        q->yearlike = q->ok && mult == 1 && t->ndig == 4 && t->nf == 0 && q->value >= 1500 &&
                      q->value <= 2199;
        return 1;
    }
    if (c->tk[k].kind != CAS__TK_WORD)
        return 0;
    if (vague_at(c, k, &vh, &e)) {
        int64_t sw = scale_at(c, e, 0);
        size_t after = e;
        q->vague = 1;
        q->low = vh->low;
        q->high = vh->high;
        q->best = vh->best;
        q->qualifier = vh->qualifier;
        q->ok = 1;
        if (sw)
            after = e + 1; /* "several hundred" */
        else if (wis(c, e, "of") && (sw = scale_at(c, e + 1, 1)) > 12) {
            int64_t more;
            after = e + 2; /* "hundreds of thousands" */
            while (wis(c, after, "of") && (more = scale_at(c, after + 1, 1)) > 12) {
                if (__builtin_mul_overflow(sw, more, &sw))
                    q->ok = 0;
                after += 2;
            }
        }
        if (sw && q->ok) {
            q->ok = scale_range(&q->low, &q->high, &q->best, sw);
            q->word_scale = sw;
        }
        q->t1 = (uint32_t)after;
        return 1;
    }
    if ((e = cas__numwords(c->s, c->tk, k, c->nt, &q->value)) != 0) {
        q->t1 = (uint32_t)(k + e);
        q->ok = 1;
        return 1;
    }
    return 0;
}

/* Words that end a group's words after a number. */
static const char *const group_stop[] = {
    "were", "was", "are", "is", "have", "has", "had", "been", "being", "be", "will", "would",
    "could", "may", "might", "in", "on", "at", "by", "from", "during", "after", "before",
    "across", "near", "into", "with", "while", "when", "since", "as", "to", "for", "and", "or",
    "but", "who", "which", "that", "than", "per", "each", "reportedly", "also", "later", NULL};

/* Words after a number that say it is not a count of people. */
static const char *const unit_words[] = {
    "second", "seconds", "minute", "minutes", "hour", "hours", "hrs", "day", "days", "week",
    "weeks", "month", "months", "year", "years", "decade", "decades", "century", "centuries",
    "km", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile", "metres",
    "meters", "metre", "meter", "feet", "ft", "yards", "kg", "kilograms", "tonnes", "tons",
    "dollars", "euros", "pounds", "usd", "shekels", "rupees", "lira", "times", "am", "pm",
    "gmt", "utc", "o'clock", "percent", "pc", "villages", "towns", "cities", "houses", "homes",
    "buildings", "tanks", "vehicles", "rockets", "missiles", "shells", "drones", "aircraft",
    "planes", "jets", "helicopters", "attacks", "strikes", "airstrikes", "raids", "incidents",
    "events", "locations", "districts", "provinces", "countries", "hospitals", "schools",
    "checkpoints", "positions", "bombs", "mines", "rounds", "bullets", "trucks", "boats",
    "ships", "sites", "camps", "bases", "battalions", "brigades", "divisions", "regiments",
    "acres", "hectares", "square", "seats", "votes", "mosques", "churches", "neighbourhoods",
    "neighborhoods", "governorates", "cases", "ambulances", "helicopter", "tank", "vehicle",
    "jet", "drone", "plane", "ship", "boat", "truck", "gun", "guns", "pieces", "hideouts",
    "kilometres", NULL};

/* Words before a number that make it a label, not a count. */
static const char *const label_words[] = {
    "no", "number", "resolution", "route", "highway", "article", "division", "brigade",
    "battalion", "regiment", "section", "level", "phase", "flight", "chapter", "page", "unit",
    "block", "gate", "aged", "age", "ages", "usd", "rs", "eur", "gbp", "paragraph", "para",
    "vol", "volume", "platoon", "squadron", "room", "floor", "zone", "sector", "camp", "km",
    "kilometre", "kilometer", "mile", "lines", "line", "grade", "class", "model", "version",
    "channel", "road", "street", "exit", "hall", "building", "apartment", "minus", NULL};

/* Is the quantity [t0, t1) not a count, whatever its hedges? */
static int not_a_count(const ctx *c, size_t t0, size_t t1)
{
    size_t nx = t1;

    if (t0 > 0) {
        const cas__tok *p = &c->tk[t0 - 1];
        unsigned char b = (unsigned char)c->s[p->start];
        const unsigned char *pb = (const unsigned char *)c->s + p->start;
        if (p->kind == CAS__TK_PUNCT && p->end == c->tk[t0].start &&
            (b == '$' || b == '#' || b == '/' || b == ':' ||
             (p->end - p->start == 2 && pb[0] == 0xC2 && pb[1] == 0xA3) || /* pound */
             (p->end - p->start == 3 && pb[0] == 0xE2 && pb[1] == 0x82 && pb[2] == 0xAC))) /* euro */
            return 1;
        if (win(c, t0 - 1, label_words))
            return 1;
        if (t0 >= 2 && pis(c, t0 - 1, '.') && (wis(c, t0 - 2, "no") || wis(c, t0 - 2, "nos")))
            return 1; /* "No. 3" */
        /* "children under five", "people over 60": ages */
        if (t0 >= 2 && (wis(c, t0 - 1, "under") || wis(c, t0 - 1, "over")) &&
            c->tk[t0 - 2].kind == CAS__TK_WORD &&
            (c->tk[t0 - 2].gterm >= 0 ||
             (t0 >= 3 && c->tk[t0 - 3].gterm >= 0 && c->tk[t0 - 3].glen == 2)))
            return 1;
    }
    if (nx < c->nt) {
        const cas__tok *t = &c->tk[nx];
        if (t->kind == CAS__TK_PUNCT) {
            if (t->ch == '%')
                return 1;
            if ((t->ch == ':' || t->ch == '/' || t->ch == '.') && t->start == c->tk[nx - 1].end &&
                nx + 1 < c->nt && c->tk[nx + 1].kind == CAS__TK_NUM &&
                c->tk[nx + 1].start == t->end)
                return 1; /* 14:30, 26/03 */
            if (t->ch == '-' && t->start == c->tk[nx - 1].end && nx + 1 < c->nt &&
                c->tk[nx + 1].kind == CAS__TK_WORD && c->tk[nx + 1].start == t->end)
                return 1; /* 5-year-old, 24-hour */
        }
        if (win(c, nx, unit_words))
            return 1;
        /* "seven mass casualty incidents": the noun a few words on */
        for (size_t j = nx, n = 0; j < c->nt && n < 3; j++, n++) {
            const cas__tok *w = &c->tk[j];
            if (w->kind != CAS__TK_WORD || w->gterm >= 0 || win(c, j, group_stop))
                break;
            if (w->oterm >= 0 && !(j + 1 < c->nt && c->tk[j + 1].kind == CAS__TK_WORD &&
                                   !win(c, j + 1, group_stop)))
                break;
            if (n > 0 && win(c, j, unit_words))
                return 1;
        }
        if (wis(c, nx, "per") && (wis(c, nx + 1, "cent") || wis(c, nx + 1, "day")))
            return 1;
        if ((wis(c, nx, "a") || wis(c, nx, "p")) && pis(c, nx + 1, '.') && wis(c, nx + 2, "m"))
            return 1; /* 2 p.m. */
        if (wis(c, nx, "of") && win(c, nx + 1, unit_words))
            return 1; /* hundreds of villages */
    }
    return 0;
}

static int muldiv(int64_t n, int64_t k, int up, int64_t *out)
{
    int64_t q = n / 100, r = n % 100, v;
    if (__builtin_mul_overflow(q, k, &v) || __builtin_add_overflow(v, (r * k + (up ? 99 : 0)) / 100, &v))
        return 0;
    *out = v;
    return 1;
}

/* Apply a hedge rule to N. Returns 0 on overflow. */
static int apply_rule(figure *f, int32_t rule, int32_t spread, int64_t n)
{
    int64_t s = spread ? spread : 10;
    f->best = CAS_NONE;
    switch (rule) {
    case CAS_HEDGE_AT_LEAST:
        f->low = n;
        f->high = CAS_OPEN;
        break;
    case CAS_HEDGE_MORE_THAN:
        if (__builtin_add_overflow(n, 1, &f->low))
            return 0;
        f->high = CAS_OPEN;
        break;
    case CAS_HEDGE_APPROX:
        if (!muldiv(n, 100 - s, 0, &f->low) || !muldiv(n, 100 + s, 1, &f->high))
            return 0;
        f->best = n;
        break;
    case CAS_HEDGE_NEARLY:
        f->high = n > 0 ? n - 1 : 0;
        if (!muldiv(n, 100 - s, 1, &f->low))
            return 0;
        if (f->low > f->high)
            f->low = f->high;
        break;
    case CAS_HEDGE_UP_TO:
        f->low = 0;
        f->high = n;
        break;
    case CAS_HEDGE_LESS_THAN:
        f->low = 0;
        f->high = n > 0 ? n - 1 : 0;
        break;
    default:
        f->low = f->high = f->best = n;
        break;
    }
    return 1;
}

/* The longest BEFORE hedge whose words end just before token @t0. */
static const cas__hedge *hedge_before(const ctx *c, size_t t0, size_t *h0)
{
    const cas_phrase_options *o = c->o;
    const cas__hedge *best = NULL;
    size_t lo = t0 > 8 ? t0 - 8 : 0;

    if (t0 == 0)
        return NULL;
    for (size_t k = t0; k-- > lo;) {
        if (c->tk[k].kind == CAS__TK_BREAK || c->tk[k].fig >= 0 || c->tk[k].figend >= 0)
            break;
        for (size_t i = 0; i < o->nhedges; i++) {
            const cas__hedge *h = &o->hedges[i];
            size_t e;
            if (h->position != CAS_HEDGE_BEFORE || (best && h->len <= best->len) ||
                (unsigned char)h->phrase[0] != lc((unsigned char)c->s[c->tk[k].start]))
                continue;
            e = match_fwd(c->s, c->n, c->tk[k].start, h->phrase, h->len);
            if (e && e == c->tk[t0 - 1].end) {
                best = h;
                *h0 = k;
            }
        }
    }
    return best;
}

static const cas__hedge *hedge_after(const ctx *c, size_t x, size_t *x1)
{
    const cas_phrase_options *o = c->o;
    const cas__hedge *best = NULL;

    if (x >= c->nt)
        return NULL;
    for (size_t i = 0; i < o->nhedges; i++) {
        const cas__hedge *h = &o->hedges[i];
        size_t e, j;
        if (h->position != CAS_HEDGE_AFTER || (best && h->len <= best->len) ||
            (unsigned char)h->phrase[0] != lc((unsigned char)c->s[c->tk[x].start]))
            continue;
        e = match_fwd(c->s, c->n, c->tk[x].start, h->phrase, h->len);
        if (e && (j = tok_ending_at(c, x, e)) != 0) {
            best = h;
            *x1 = j;
        }
    }
    return best;
}

/* Parse a figure at token @k. Returns the index after what it read (the
 * caller moves on from there), or 0 when there is nothing number-like.
 * *f->ok says whether it is a count. */
static size_t parse_figure(ctx *c, size_t k, figure *f, int *ok)
{
    qty q1, q2;
    size_t j, h0 = k, x1;
    const cas__hedge *h = NULL;

    *ok = 0;
    if (!quantity(c, k, &q1))
        return 0;
    memset(f, 0, sizeof *f);
    f->gterm = -1;
    f->coord = -1;
    f->sub = -1;
    j = q1.t1;
    /* ranges: N-M, N to M, between N and M, N or M */
    if (!q1.vague && j + 1 < c->nt &&
        (pis(c, j, '-') || wis(c, j, "to") || (wis(c, j, "and") && k > 0 && wis(c, k - 1, "between")) ||
         wis(c, j, "or")) &&
        quantity(c, j + 1, &q2) && !q2.vague) {
        int64_t v1 = q1.value, v2 = q2.value;
        int good = q2.ok;
        /* "1.5-2 million": the second number's scale word reaches back. */
        if (good && q1.numtok && q2.word_scale > 1) {
            int64_t v;
            if (cas__num_value(&c->tk[q1.t0], q2.word_scale, &v) == CAS_OK && v <= v2) {
                v1 = v;
                q1.ok = 1;
            }
        }
        if (wis(c, j, "or") && !(good && q1.ok && v1 < v2))
            goto single;
        if (!q1.ok || !good || q1.yearlike || q2.yearlike || v1 > v2) {
            /* 1987 to 2002, 10-4: not a count */
            return q2.t1;
        }
        if (wis(c, j, "and") || (k > 0 && wis(c, k - 1, "from") && wis(c, j, "to")))
            h0 = k - 1;
        else if (k > 0 && wis(c, k - 1, "between"))
            h0 = k - 1;
        if (not_a_count(c, k, q2.t1))
            return q2.t1;
        f->h0 = (uint32_t)h0;
        f->t0 = (uint32_t)k;
        f->x1 = q2.t1;
        f->range = 1;
        f->own_hedge = 1;
        f->low = v1;
        f->high = v2;
        f->best = CAS_NONE;
        f->number = v1;
        f->qualifier = CAS_QUAL_RANGE;
        *ok = 1;
        return q2.t1;
    }
single:
    if (!q1.ok || not_a_count(c, k, j))
        return j;
    f->t0 = (uint32_t)k;
    x1 = j;
    if (q1.vague) {
        f->vague = 1;
        f->own_hedge = 1;
        f->low = q1.low;
        f->high = q1.high;
        f->best = q1.best;
        f->number = CAS_NONE;
        f->qualifier = q1.qualifier;
    } else {
        const cas__hedge *ha;
        size_t hb = k, xa = j;
        h = hedge_before(c, k, &hb);
        ha = h ? NULL : hedge_after(c, j, &xa);
        if (ha) {
            h = ha;
            x1 = xa;
        } else if (h) {
            h0 = hb;
        }
        /* A bare four-digit number between 1500 and 2199 is a year unless
         * a hedge or a group or outcome word makes it a count. */
        if (q1.yearlike && !h && !(j < c->nt && (c->tk[j].gterm >= 0 || c->tk[j].oterm >= 0)))
            return j;
        f->number = q1.value;
        if (h) {
            f->own_hedge = 1;
            f->qualifier = h->qualifier;
            f->floor_hedge = h->rule == CAS_HEDGE_AT_LEAST;
            if (!apply_rule(f, h->rule, h->spread, q1.value))
                return x1;
        } else {
            f->qualifier = CAS_QUAL_EXACT;
            apply_rule(f, CAS_HEDGE_EXACT, 0, q1.value);
        }
    }
    f->h0 = (uint32_t)h0;
    f->x1 = (uint32_t)x1;
    *ok = 1;
    return x1;
}

static void find_group(ctx *c, figure *f)
{
    size_t k = f->x1, steps = 0;
    for (; k < c->nt && steps < 7; k++, steps++) {
        const cas__tok *t = &c->tk[k];
        if (t->kind != CAS__TK_WORD || t->fig >= 0)
            break;
        if (t->gterm >= 0) {
            f->g0 = (uint32_t)k;
            f->g1 = (uint32_t)(k + t->glen);
            f->gterm = t->gterm;
            break;
        }
        if (wis(c, k, "and") && k + 1 < c->nt && (c->tk[k + 1].flags & CAS__TF_CAP) &&
            c->tk[k + 1].kind == CAS__TK_WORD && c->tk[k + 1].gterm < 0 &&
            !cas__numwords(c->s, c->tk, k + 1, c->nt, &(int64_t){0}))
            continue; /* "Ukrainian and Russian troops" */
        if (t->oterm >= 0 || win(c, k, group_stop) || cas__month(c->s, t))
            break;
    }
    f->ext = f->g1 ? f->g1 : f->x1;
}

static int connector(const ctx *c, size_t k, size_t *next, int *incl)
{
    if (pis(c, k, ',') || pis(c, k, '&') || wis(c, k, "and") || wis(c, k, "plus")) {
        *next = k + 1;
        return 1;
    }
    if (wis(c, k, "including") || wis(c, k, "encompassing") || wis(c, k, "among")) {
        *incl = 1;
        *next = k + 1 + (wis(c, k, "among") && (wis(c, k + 1, "them") || wis(c, k + 1, "whom")));
        return 1;
    }
    if (wis(c, k, "of") && wis(c, k + 1, "whom")) {
        *incl = 1;
        *next = k + 2;
        return 1;
    }
    if (wis(c, k, "as") && wis(c, k + 1, "well") && wis(c, k + 2, "as")) {
        *next = k + 3;
        return 1;
    }
    return 0;
}

static const char *const fwd_stop[] = {"while", "but", "whereas", "after", "before", "when",
                                       "since", "because", "although", "though", "according",
                                       "whereby", NULL};
/* Verbs that give a figure a clause of its own: "dozens of hideouts were
 * destroyed" must not take an outcome from before it. */
static const char *const aux_words[] = {"were", "was", "are", "is", "have", "has", "had",
                                        "will", "would", "could", "may", "might", NULL};
static const char *const rel_words[] = {"who", "which", "whom", "that", NULL};

/* Link each figure to the one before it when only list words ("and", ",",
 * "including") stand between them. */
static void link_lists(ctx *c)
{
    for (size_t i = 1; i < c->nf; i++) {
        figure *f = &c->fg[i], *p = &c->fg[i - 1];
        size_t k = p->ext, nx;
        int incl = 0, any = 0;
        while (k < f->h0 && connector(c, k, &nx, &incl)) {
            k = nx;
            any = 1;
        }
        if (any && k == f->h0) {
            f->coord = (int32_t)(i - 1);
            f->coord_incl = (uint8_t)incl;
        } else if (f->h0 >= 1) {
            /* "42 people had been killed, including six children" */
            size_t j = f->h0 - 1;
            if (wis(c, j, "them") || wis(c, j, "whom"))
                j--;
            if (j < f->h0 && (wis(c, j, "including") || wis(c, j, "among") ||
                              (wis(c, j, "of") && wis(c, j + 1, "whom")))) {
                size_t m = p->ext;
                while (m < j && c->tk[m].kind != CAS__TK_NUM && !win(c, m, fwd_stop) &&
                       !pis(c, m, ';'))
                    m++;
                if (m == j)
                    f->sub = (int32_t)(i - 1);
            }
        }
    }
}

static const char *const bwd_stop[] = {"while", "but", "whereas", "after", "when", "which",
                                       "who", "whom", "with", "since", "because", "although",
                                       "though", "according", NULL};

/* The end of a parenthesis starting at token k (its ')' index), or k. */
static size_t paren_end(const ctx *c, size_t k, size_t limit)
{
    int depth = 0;
    for (size_t j = k; j < c->nt && j < limit; j++) {
        if (pis(c, j, '('))
            depth++;
        else if (pis(c, j, ')') && --depth == 0)
            return j;
    }
    return k;
}

static size_t paren_start(const ctx *c, size_t k, size_t limit)
{
    int depth = 0;
    for (size_t j = k + 1; j-- > 0 && k - j < limit;) {
        if (pis(c, j, ')'))
            depth++;
        else if (pis(c, j, '(') && --depth == 0)
            return j;
    }
    return k;
}

/* Is there a claim among tokens [a, b] (a parenthesis) that an outcome
 * search must not skip? In a field every figure is a claim; in prose a
 * figure before the one searching (@fi) is one when it found an outcome,
 * and one after it can only find one inside its parenthesis. Skipping it
 * would give "kill(3)3"'s last 3 the word before the (3), and a span that
 * swallows the (3)'s claim; "militants (coded as three) were killed" still
 * reaches its verb. */
static int holds_claim(const ctx *c, size_t fi, size_t a, size_t b)
{
    int fig = 0;
    for (size_t j = a; j <= b; j++) {
        int32_t g = c->tk[j].fig;
        if (g < 0)
            continue;
        if (c->field != CAS_PHRASE_PROSE || ((size_t)g < fi && c->fg[g].has_oc))
            return 1;
        if ((size_t)g > fi)
            fig = 1;
    }
    if (fig)
        for (size_t j = a; j <= b; j++)
            if (c->tk[j].oterm >= 0)
                return 1;
    return 0;
}

/* Is a figure that follows list words from token k onwards listed with
 * @chain? Returns the figure's index or -1. */
static int32_t listed_fig(const ctx *c, size_t k, size_t chain)
{
    size_t nx;
    int incl = 0;
    while (k < c->nt && c->tk[k].fig < 0 && connector(c, k, &nx, &incl))
        k = nx;
    if (k < c->nt && c->tk[k].fig >= 0 && c->fg[c->tk[k].fig].coord == (int32_t)chain)
        return c->tk[k].fig;
    return -1;
}

/* Forward from the figure's words to an outcome term. *own is set when a
 * verb of the figure's own clause comes first. */
static int outcome_fwd(const ctx *c, size_t fi, found *out, int *own)
{
    size_t chain = fi, k = c->fg[fi].ext, steps = 0;
    int dist = 0, words = 0;

    *own = 0;
    while (k < c->nt && steps < 32 && dist <= 12) {
        const cas__tok *t = &c->tk[k];
        steps++;
        if (t->oterm >= 0) {
            out->term = t->oterm;
            out->pos = (uint32_t)k;
            out->end = (uint32_t)(k + t->olen);
            out->dist = dist;
            return 1;
        }
        if (t->fig >= 0) {
            if (c->fg[t->fig].coord == (int32_t)chain) {
                chain = (size_t)t->fig;
                k = c->fg[chain].ext;
                continue;
            }
            return 0;
        }
        if (t->kind == CAS__TK_PUNCT) {
            if (t->ch == ',' || t->ch == '&') {
                /* a list goes on; a relative clause or the end of an
                 * aside ("16 people, including 13 children, were") */
                if (listed_fig(c, k + 1, chain) >= 0 || win(c, k + 1, rel_words) ||
                    win(c, k + 1, aux_words)) {
                    k++;
                    continue;
                }
                return 0;
            }
            if (t->ch == '(') {
                size_t e = paren_end(c, k, k + 24);
                if (e == k || holds_claim(c, fi, k, e))
                    return 0;
                k = e + 1;
                continue;
            }
            if (t->ch == '"' || t->ch == '\'') {
                k++;
                continue;
            }
            return 0;
        }
        if (t->kind == CAS__TK_WORD && win(c, k, fwd_stop))
            return 0;
        if (words < 3 && chain == fi && win(c, k, aux_words) && !cas__month(c->s, t))
            *own = 1; /* "dozens more were wounded" */
        words++;
        /* proper names ("United Nations Relief and Works Agency") are free */
        if (!(wis(c, k, "and") && k + 1 < c->nt && c->tk[k + 1].fig >= 0) &&
            !(t->flags & CAS__TF_CAP))
            dist++;
        k++;
    }
    return 0;
}

/* Backward from the figure to an outcome term, through the figures it is
 * listed with. With @gap, commas do not stop it ("8,260 were killed in
 * Gaza, and 122 others in the West Bank"). */
static int outcome_bwd(const ctx *c, size_t fi, found *out, int gap)
{
    size_t head = fi, steps = 0;
    size_t k = c->fg[fi].h0;
    int dist = 0;

    while (k > 0 && steps < 32 && dist <= 10) {
        const cas__tok *t;
        int32_t coord = c->fg[head].coord;
        k--;
        steps++;
        t = &c->tk[k];
        /* a term that ends at k */
        for (size_t s0 = k + 1 > 8 ? k + 1 - 8 : 0; s0 <= k; s0++)
            if (c->tk[s0].oterm >= 0 && s0 + c->tk[s0].olen == k + 1) {
                out->term = c->tk[s0].oterm;
                out->pos = (uint32_t)s0;
                out->end = (uint32_t)(k + 1);
                out->dist = dist;
                out->head = (uint32_t)head;
                return 1;
            }
        if (coord >= 0 && k >= c->fg[coord].ext && k < c->fg[head].h0)
            continue; /* list words between head and the figure before it */
        if (t->figend >= 0 || t->fig >= 0) {
            if (coord >= 0 && t->figend == coord) {
                head = (size_t)coord;
                k = c->fg[head].h0;
                continue;
            }
            return 0;
        }
        if (t->kind == CAS__TK_PUNCT) {
            if (t->ch == ')') {
                size_t s = paren_start(c, k, 24);
                if (s == k || holds_claim(c, fi, s, k))
                    return 0;
                k = s;
                continue;
            }
            if (t->ch == '"' || t->ch == '\'' || (gap && t->ch == ','))
                continue;
            return 0;
        }
        if (t->kind == CAS__TK_WORD && win(c, k, bwd_stop))
            return 0;
        if (!(t->flags & CAS__TF_CAP))
            dist++;
    }
    return 0;
}

/* Does the figure stand alone in its clause, with nothing but place words
 * after it ("and 122 others in the West Bank.")? Then it borrows the verb
 * of the clause before. */
static int gapped(const ctx *c, size_t fi)
{
    size_t k = c->fg[fi].ext, n = 0, j;
    if (c->fg[fi].coord >= 0 || c->fg[fi].h0 < 2)
        return 0;
    /* ", and 122 others", ", around 70", ", at almost 1.4 million" */
    j = c->fg[fi].h0 - 1;
    if ((wis(c, j, "at") || wis(c, j, "to")) && j > 0)
        j--;
    if (wis(c, j, "and") && j > 0)
        j--;
    if (!pis(c, j, ','))
        return 0;
    for (; k < c->nt && n < 8; k++, n++) {
        const cas__tok *t = &c->tk[k];
        if (t->kind == CAS__TK_PUNCT)
            return t->ch == ',' || t->ch == '.' || t->ch == ';';
        if (t->fig >= 0 || t->oterm >= 0 || (win(c, k, aux_words) && !cas__month(c->s, t)))
            return 0;
    }
    return k >= c->nt;
}

/* ---- perpetrators ---- */

static const char *const actor_words[] = {
    "forces", "force", "groups", "group", "army", "militia", "militias", "regime",
    "government", "loyalists", "fighters", "troops", "soldiers", "police", "gunmen", "rebels",
    "insurgents", "militants", "jihadists", "attackers", "assailants", "remnants", "factions",
    "faction", "units", "men", "militiamen", "guerrillas", "terrorists", "army's", NULL};

static const char *const perp_stop[] = {
    "in", "at", "on", "near", "during", "between", "across", "after", "before", "since",
    "while", "when", "as", "who", "which", "that", "according", "from", "with", "into",
    "inside", "outside", "along", "following", "amid", "over", "last", "this", "earlier",
    "on", "and", "killed", "wounded", NULL};

/* Does [a, b) name an armed actor? Gives the group path of the first
 * group term in it (may be ""). */
static int actor(const ctx *c, size_t a, size_t b, const char **path)
{
    int yes = 0;
    *path = "";
    for (size_t k = a; k < b; k++) {
        if (c->tk[k].gterm >= 0) {
            const char *p = c->o->terms[c->tk[k].gterm].path;
            if (*p && strncmp(p, "civilians", 9) != 0) {
                if (!yes || !**path)
                    *path = p;
                yes = 1;
            }
        }
        if (win(c, k, actor_words))
            yes = 1;
    }
    return yes;
}

static size_t skip_article(const ctx *c, size_t a, size_t b)
{
    static const char *const art[] = {"the", "a", "an", NULL};
    while (a < b && win(c, a, art))
        a++;
    return a;
}

/* "killed by X": X after "by" near the outcome. */
static int perp_by(const ctx *c, size_t from, size_t *a, size_t *b)
{
    size_t k = from, n = 0;
    for (; k < c->nt && k < from + 8; k++) {
        if (c->tk[k].kind != CAS__TK_WORD || c->tk[k].fig >= 0)
            return 0;
        if (wis(c, k, "by"))
            break;
    }
    if (k >= c->nt || k >= from + 8)
        return 0;
    *a = k + 1;
    for (k = k + 1; k < c->nt && n < 10; k++, n++) {
        const cas__tok *t = &c->tk[k];
        if (t->kind != CAS__TK_WORD || t->fig >= 0 || cas__month(c->s, t) ||
            (win(c, k, perp_stop) && !(wis(c, k, "and") && k > *a)))
            break;
    }
    *b = k;
    *a = skip_article(c, *a, *b);
    return *b > *a;
}

static const char *const verb_stop[] = {"that", "which", "who", "whom", "said", "says",
                                        "reported", "stated", "while", "when", "after",
                                        "as", "where", NULL};

/* "X killed N": X before the verb at @v. */
static int perp_subject(const ctx *c, size_t v, size_t *a, size_t *b)
{
    static const char *const preps[] = {"by", "in", "on", "at", "of", "from", "near", "with",
                                        "to", "for", "into", NULL};
    size_t k = v, n = 0;
    if (v == 0 || wis(c, v - 1, "and") || wis(c, v - 1, "or"))
        return 0;
    while (k > 0 && n < 8) {
        const cas__tok *t = &c->tk[k - 1];
        if (win(c, k - 1, preps) || win(c, k - 1, aux_words))
            return 0; /* the subject is longer than we can tell */
        if (t->kind != CAS__TK_WORD || t->fig >= 0 || t->figend >= 0 || win(c, k - 1, verb_stop) ||
            t->oterm >= 0)
            break;
        k--;
        n++;
    }
    *b = v;
    *a = skip_article(c, k, v);
    return *b > *a;
}

static int active_verb(const ctx *c, const found *o)
{
    const char *p = c->o->terms[o->term].phrase;
    size_t n = strlen(p);
    if (n < 3 || strcmp(p + n - 2, "ed") != 0)
        return 0;
    return strcmp(p, "died") && strcmp(p, "perished") && strcmp(p, "displaced") &&
           strcmp(p, "internally displaced");
}

/* ---- attributions ---- */

static const char *const attr_verbs[] = {
    "said", "says", "say", "reported", "reports", "documented", "documents", "stated",
    "states", "announced", "announces", "estimated", "estimates", "recorded", "records",
    "confirmed", "confirms", "counted", "told", "claimed", "claims", "tallied", "verified",
    NULL};
static const char *const name_stop[] = {
    "that", "which", "who", "whom", "and", "while", "when", "as", "but", "were", "was", "is",
    "are", "been", "be", "it", "they", "he", "she", "we", "i", "you", "this", "these",
    "there", "also", "had", "has", "have", "in", "on", "at", "of", "to", "for", "if", "so",
    "then", "where", "because", "after", "before", "since", "earlier", "later", "previously",
    "reportedly", "initially", "separately", "not", "by", "like", "with", "such", NULL};
static const char *const adverbs[] = {"also", "reportedly", "previously", "later", "earlier",
                                      "initially", "separately", "had", "has", "have",
                                      "officially", "recently", "first", "will", "would",
                                      "could", "may", "might", "now", NULL};
static const char *const pronouns[] = {"it", "they", "he", "she", "we", "i", "you", "this",
                                       "these", "those", "who", "which", "one", NULL};
static const char *const tail_words[] = {"estimate", "estimates", "est", "figure", "figures",
                                         "count", "counts", "data", "tally", "toll", "report",
                                         "numbers", "claim", "claims", "statement", "says",
                                         "said", "reported", "reports", NULL};

static int has_digit_or_fig(const ctx *c, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++)
        if (c->tk[k].kind == CAS__TK_NUM || c->tk[k].fig >= 0)
            return 1;
    return 0;
}

static int push_attr(ctx *c, const attrib *a)
{
    if (!grow((void **)&c->at, &c->acap, c->na + 1, sizeof *c->at))
        return 0;
    c->at[c->na++] = *a;
    return 1;
}

/* The name after "according to", "citing", "per": words up to a stop. */
static int name_after(const ctx *c, size_t k, size_t limit, uint32_t *n0, uint32_t *n1,
                      size_t *end)
{
    size_t a = k, n = 0;
    static const char *const stop[] = {"that", "which", "who", "in", "on", "at", "as", "while",
                                       "when", "since", "after", "before", "to", "were", "was",
                                       "is", "are", "had", "has", "have", "said", "says",
                                       "reported", "published", "cited", "released", NULL};
    for (; k < limit && n < 12; k++, n++) {
        const cas__tok *t = &c->tk[k];
        if (t->kind == CAS__TK_PUNCT && t->ch == '&' && k > a && k + 1 < limit &&
            c->tk[k + 1].kind == CAS__TK_WORD)
            continue;
        if (t->kind != CAS__TK_WORD || t->fig >= 0 || t->oterm >= 0 || win(c, k, stop))
            break;
        if (wis(c, k, "and") && !(k + 1 < limit && (c->tk[k + 1].flags & CAS__TF_CAP)))
            break;
    }
    *end = k;
    a = skip_article(c, a, k);
    /* "figures from the UN", "a tally by AP" */
    if (a < k && !(c->tk[a].flags & CAS__TF_CAP)) {
        for (size_t j = a + 1; j + 1 < k; j++)
            if (wis(c, j, "from") || wis(c, j, "by")) {
                a = skip_article(c, j + 1, k);
                break;
            }
    }
    if (a >= k)
        return 0;
    *n0 = c->tk[a].start;
    *n1 = c->tk[k - 1].end;
    return 1;
}

static int is_known_source(const ctx *c, uint32_t n0, uint32_t n1)
{
    for (size_t i = 0; i < c->o->nsources; i++) {
        const cas__source *s = &c->o->sources[i];
        if (cas__phrase_ieq(c->s + n0, n1 - n0, s->name) ||
            (s->alias && cas__phrase_ieq(c->s + n0, n1 - n0, s->alias))) {
            return 1;
        }
    }
    return 0;
}

/* Case-insensitive: strings equal (ASCII folding only). */
static int ieq2(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn)
        return 0;
    for (size_t i = 0; i < an; i++)
        if (lc((unsigned char)a[i]) != lc((unsigned char)b[i]))
            return 0;
    return 1;
}

static int alnum_byte(unsigned char x)
{
    return (x >= '0' && x <= '9') || (x >= 'a' && x <= 'z') || (x >= 'A' && x <= 'Z') ||
           x >= 0x80;
}

/* Does @name contain @w as whole words? */
static int contains_words(const char *name, size_t nn, const char *w)
{
    size_t wn = strlen(w);
    if (wn == 0 || wn > nn)
        return 0;
    for (size_t i = 0; i + wn <= nn; i++)
        if (ieq2(name + i, wn, w, wn) && (i == 0 || !alnum_byte((unsigned char)name[i - 1])) &&
            (i + wn == nn || !alnum_byte((unsigned char)name[i + wn])))
            return 1;
    return 0;
}

/* The canonical source for the bytes [n0, n1). */
static void canon_source(const ctx *c, uint32_t n0, uint32_t n1, const char **p, size_t *len)
{
    const char *name = c->s + n0;
    size_t nn = n1 - n0, best = 0;

    *p = name;
    *len = nn;
    for (size_t i = 0; i < c->o->nsources; i++) {
        const cas__source *s = &c->o->sources[i];
        const char *cand[2] = {s->name, s->alias};
        for (int k = 0; k < 2; k++) {
            size_t cl;
            if (!cand[k])
                continue;
            cl = strlen(cand[k]);
            if ((ieq2(name, nn, cand[k], cl) || contains_words(name, nn, cand[k])) && cl > best) {
                best = cl;
                *p = s->name;
                *len = strlen(s->name);
            }
        }
    }
}

/* Strip a possessive "'s" from the end of [n0, n1). */
static void strip_possessive(const ctx *c, uint32_t n0, uint32_t *n1)
{
    const unsigned char *s = (const unsigned char *)c->s;
    if (*n1 - n0 > 2 && lc(s[*n1 - 1]) == 's' && s[*n1 - 2] == '\'')
        *n1 -= 2;
    else if (*n1 - n0 > 4 && lc(s[*n1 - 1]) == 's' && s[*n1 - 2] == 0x99 && s[*n1 - 3] == 0x80 &&
             s[*n1 - 4] == 0xE2)
        *n1 -= 4;
}

static int analyse_paren(ctx *c, size_t a, size_t b)
{
    attrib at;
    size_t w0 = a + 1, w1 = b, end;
    int words = 0, cap = 0;

    if (w1 <= w0 || has_digit_or_fig(c, w0, w1))
        return 1;
    memset(&at, 0, sizeof at);
    at.t0 = (uint32_t)a;
    at.t1 = (uint32_t)(b + 1);
    at.kind = AT_LOCAL;
    at.basis = CAS_BASIS_REPORTED;
    if (wis(c, w0, "per") || wis(c, w0, "citing")) {
        if (name_after(c, w0 + 1, w1, &at.n0, &at.n1, &end))
            return push_attr(c, &at);
        return 1;
    }
    if (wis(c, w0, "according") && wis(c, w0 + 1, "to")) {
        if (name_after(c, w0 + 2, w1, &at.n0, &at.n1, &end))
            return push_attr(c, &at);
        return 1;
    }
    /* "(SNHR estimate)", "(Latakia governor's claim)", "(SOHR est.)" */
    {
        size_t last = w1 - 1;
        if (pis(c, last, '.') && last > w0)
            last--;
        if (last > w0 && win(c, last, tail_words)) {
            size_t k = w0;
            while (k < last && c->tk[k].kind == CAS__TK_WORD)
                k++;
            if (k == last) {
                at.n0 = c->tk[skip_article(c, w0, last)].start;
                at.n1 = c->tk[last - 1].end;
                if (at.n1 > at.n0) {
                    strip_possessive(c, at.n0, &at.n1);
                    if (wis(c, last, "claim") || wis(c, last, "claims"))
                        at.basis = CAS_BASIS_PARTY;
                    return push_attr(c, &at);
                }
            }
        }
    }
    /* "(SOHR)": a bare name, in fields, or any known source */
    for (size_t k = w0; k < w1; k++) {
        if (c->tk[k].kind != CAS__TK_WORD && !pis(c, k, '&'))
            return 1;
        words++;
        if (k == w0)
            cap = (c->tk[k].flags & (CAS__TF_CAP | CAS__TF_UPPER)) != 0;
    }
    if (words > 6 || !cap)
        return 1;
    at.n0 = c->tk[w0].start;
    at.n1 = c->tk[w1 - 1].end;
    if (c->field != CAS_PHRASE_PROSE || is_known_source(c, at.n0, at.n1))
        return push_attr(c, &at);
    return 1;
}

/* "X said": the name before the verb at v. */
static int name_before(const ctx *c, size_t v, uint32_t *n0, uint32_t *n1)
{
    static const char *const inner[] = {"of", "for", "on", "and", NULL};
    static const char *const places[] = {"in", "at", "from", NULL};
    size_t k = v, n = 0, a, e;
    while (k > 0 && win(c, k - 1, adverbs))
        k--;
    if (k > 0 && pis(c, k - 1, ')')) {
        size_t s = paren_start(c, k - 1, 8);
        if (s < k - 1 && k - 1 - s <= 4 && !has_digit_or_fig(c, s + 1, k - 1) &&
            c->tk[s + 1].kind == CAS__TK_WORD) {
            *n0 = c->tk[s + 1].start;
            *n1 = c->tk[k - 2].end;
            return 1;
        }
        return 0;
    }
    if (k > 1 && pis(c, k - 1, ',')) {
        /* "The Observatory, which monitors the war, said": the name is
         * before the aside's first comma */
        size_t j = k - 1;
        while (j > 0 && k - j < 24 && !pis(c, j - 1, ',') && c->tk[j - 1].fig < 0)
            j--;
        if (j == 0 || !pis(c, j - 1, ',') || j + 1 >= k)
            return 0;
        k = j - 1;
    }
    e = k;
    while (k > 0 && n < 8) {
        const cas__tok *t = &c->tk[k - 1];
        if (t->kind != CAS__TK_WORD || t->fig >= 0 || t->oterm >= 0 || cas__month(c->s, t) ||
            (!(t->flags & CAS__TF_CAP) && win(c, k - 1, name_stop)))
            break;
        if ((t->flags & CAS__TF_CAP) && win(c, k - 1, pronouns))
            break;
        /* "Save the Children" keeps its article; "a figure the Times" does not */
        if ((wis(c, k - 1, "the") || wis(c, k - 1, "a") || wis(c, k - 1, "an")) &&
            !(k >= 2 && c->tk[k - 2].kind == CAS__TK_WORD && (c->tk[k - 2].flags & CAS__TF_CAP)))
            break;
        k--;
        n++;
        /* "Office for the Coordination of Humanitarian Affairs" */
        if (k >= 2 && (t->flags & CAS__TF_CAP)) {
            size_t p = k - 1;
            if (wis(c, p, "the") && p > 0)
                p--;
            if (win(c, p, inner) && p > 0 && c->tk[p - 1].kind == CAS__TK_WORD &&
                (c->tk[p - 1].flags & CAS__TF_CAP)) {
                n += k - p;
                k = p;
            }
        }
    }
    /* "The health ministry in Gaza said": the place is not the name */
    if (k < e && k >= 2 && win(c, k - 1, places) && (c->tk[k].flags & CAS__TF_CAP) &&
        c->tk[k - 2].kind == CAS__TK_WORD && !win(c, k - 2, name_stop)) {
        size_t m = k - 1;
        e = m;
        k = m;
        n = 0;
        while (k > 0 && n < 6 && c->tk[k - 1].kind == CAS__TK_WORD && c->tk[k - 1].fig < 0 &&
               c->tk[k - 1].oterm < 0 && !win(c, k - 1, name_stop)) {
            k--;
            n++;
        }
    }
    a = skip_article(c, k, e);
    while (a < e && win(c, a, adverbs))
        a++;
    while (e > a && win(c, e - 1, adverbs))
        e--;
    if (e <= a || win(c, a, pronouns))
        return 0;
    *n0 = c->tk[a].start;
    *n1 = c->tk[e - 1].end;
    return 1;
}

/* Is the attribution verb at k used as a verb? "by expert estimates,"
 * and "fresh estimates from" are nouns; "claimed the lives" is no claim. */
static int verb_use(const ctx *c, size_t k)
{
    static const char *const s_verbs[] = {"says", "reports", "documents", "states",
                                          "announces", "estimates", "records", "confirms",
                                          "claims", NULL};
    static const char *const preps[] = {"from", "of", "by", "for", "on", "in", "at", "to",
                                        "the", "a", "an", "their", "its", NULL};
    if (wis(c, k, "claimed") || wis(c, k, "claims")) {
        /* "claimed 377,000 lives", "claimed responsibility" */
        static const char *const objects[] = {"lives", "life", "responsibility", "credit", NULL};
        for (size_t j = k + 1; j < c->nt && j < k + 5; j++)
            if (win(c, j, objects))
                return 0;
        return k + 1 < c->nt && !wis(c, k + 1, "by") && !(c->tk[k + 1].fig >= 0);
    }
    if (win(c, k, s_verbs)) {
        if (k + 1 >= c->nt || c->tk[k + 1].kind == CAS__TK_PUNCT || win(c, k + 1, preps))
            return 0;
        if (win(c, k - 1, preps))
            return 0;
    }
    return 1;
}

static int find_attributions(ctx *c)
{
    size_t depth = 0;

    c->na = 0;
    for (size_t k = 0; k < c->nt; k++) {
        attrib at;
        size_t end;
        if (pis(c, k, '(')) {
            if (!grow((void **)&c->stack, &c->scap, depth + 1, sizeof *c->stack))
                return 0;
            c->stack[depth++] = (int32_t)k;
            continue;
        }
        if (pis(c, k, ')')) {
            if (depth > 0 && !analyse_paren(c, (size_t)c->stack[--depth], k))
                return 0;
            continue;
        }
        if (depth > 0 || c->tk[k].kind != CAS__TK_WORD)
            continue;
        memset(&at, 0, sizeof at);
        at.basis = CAS_BASIS_REPORTED;
        if (wis(c, k, "according") && wis(c, k + 1, "to")) {
            if (name_after(c, k + 2, c->nt, &at.n0, &at.n1, &end)) {
                size_t j;
                at.kind = AT_ACCORDING;
                at.t0 = (uint32_t)k;
                at.t1 = (uint32_t)end;
                at.prefix = 1;
                for (j = 0; j < c->nf; j++)
                    if (c->fg[j].h0 < k)
                        at.prefix = 0;
                if (!push_attr(c, &at))
                    return 0;
            }
        } else if (wis(c, k, "citing")) {
            if (name_after(c, k + 1, c->nt, &at.n0, &at.n1, &end)) {
                at.kind = AT_CITING;
                at.t0 = (uint32_t)k;
                at.t1 = (uint32_t)end;
                at.prefix = 1;
                if (!push_attr(c, &at))
                    return 0;
            }
        } else if (wis(c, k, "per") && (k == 0 || pis(c, k - 1, ',')) && k + 1 < c->nt &&
                   ((c->tk[k + 1].flags & CAS__TF_CAP) || wis(c, k + 1, "the"))) {
            if (name_after(c, k + 1, c->nt, &at.n0, &at.n1, &end)) {
                at.kind = AT_PER;
                at.t0 = (uint32_t)k;
                at.t1 = (uint32_t)end;
                if (!push_attr(c, &at))
                    return 0;
            }
        } else if (win(c, k, attr_verbs) && k > 0 && !wis(c, k - 1, "an") && verb_use(c, k) &&
                   !wis(c, k - 1, "were") && !wis(c, k - 1, "was") && !wis(c, k - 1, "been") &&
                   !wis(c, k - 1, "being") && !wis(c, k - 1, "is") && !wis(c, k - 1, "are")) {
            size_t iend;
            int got = name_before(c, k, &at.n0, &at.n1);
            if (!got && pis(c, k - 1, ',') && k + 1 < c->nt && (c->tk[k + 1].flags & CAS__TF_CAP) &&
                !win(c, k + 1, pronouns))
                got = name_after(c, k + 1, c->nt, &at.n0, &at.n1, &iend); /* ", said Rami" */
            if (got) {
                size_t nx = k + 1;
                at.kind = AT_VERB;
                at.t0 = (uint32_t)k;
                at.t1 = (uint32_t)(k + 1);
                at.prefix = nx < c->nt && !pis(c, nx, '.') && !pis(c, nx, ',') && !pis(c, nx, ';');
                if (wis(c, k, "documented") || wis(c, k, "documents"))
                    at.basis = CAS_BASIS_DOCUMENTED;
                else if (wis(c, k, "claimed") || wis(c, k, "claims"))
                    at.basis = CAS_BASIS_PARTY;
                if (!push_attr(c, &at))
                    return 0;
            }
        }
    }
    return 1;
}

/* The attribution of figure @fi: a local parenthesis after it, else the
 * nearest one before it that can reach forward, else the nearest after. */
static const attrib *attribution_of(const ctx *c, size_t fi, const attrib **relay)
{
    const figure *f = &c->fg[fi];
    const attrib *pre = NULL, *post = NULL, *any_pre = NULL, *cite = NULL, *pick;
    uint32_t last_local_end = 0;

    *relay = NULL;
    for (size_t i = 0; i < c->na; i++) {
        const attrib *a = &c->at[i];
        if (a->kind != AT_LOCAL)
            continue;
        if (a->t0 >= f->ext && a->t0 <= f->ext + 16 && f->h0 >= last_local_end) {
            /* no other figure between this figure and the parenthesis that
             * has its own local attribution before it */
            return a;
        }
        last_local_end = a->t1;
    }
    for (size_t i = 0; i < c->na; i++) {
        const attrib *a = &c->at[i];
        if (a->kind == AT_LOCAL)
            continue;
        if (a->kind == AT_CITING)
            cite = a;
        if (a->t1 <= f->h0) {
            any_pre = a;
            if (a->prefix)
                pre = a;
        } else if (a->t0 >= f->x1 && !post) {
            post = a;
        }
    }
    pick = pre ? pre : post ? post : any_pre;
    if (pick && cite && pick != cite) {
        *relay = pick;
        return cite;
    }
    return pick;
}

/* ---- claims ---- */

/* Is there an outcome word among tokens [a, b) that is not the claim's own
 * (@oc, or NULL when it found none)? A span that reached over it to an
 * attribution would cover a word another claim may take ("00[killed (per
 * SOHR)26": the 00 found no outcome and the 26 takes "killed"), so the
 * span stops at the figure's own words instead. */
static int foreign_outcome(const ctx *c, size_t a, size_t b, const found *oc)
{
    for (size_t j = a; j < b && j < c->nt; j++)
        if (c->tk[j].oterm >= 0 && !(oc && j >= oc->pos && j < oc->end))
            return 1;
    return 0;
}

static cas_status emit(ctx *c, size_t fi, const found *oc, int have_outcome)
{
    const figure *f = &c->fg[fi];
    cas_phrase_result *r = c->r;
    pclaim pc;
    const attrib *at, *relay;
    const char *group = c->o->default_group, *outcome;
    size_t perp_a = 0, perp_b = 0;
    const char *perp_path = "";
    uint32_t start = c->tk[f->h0].start, end = c->tk[f->x1 - 1].end;
    const date_ex *date = NULL;
    cas_status st;

    memset(&pc, 0, sizeof pc);
    pc.kind = c->field == CAS_PHRASE_STRENGTH ? CAS_PHRASE_KIND_STRENGTH : CAS_PHRASE_KIND_CASUALTY;
    pc.qualifier = f->qualifier;
    pc.low = f->low;
    pc.high = f->high;
    pc.best = f->best;
    pc.number = f->number;
    pc.basis = CAS_BASIS_REPORTED;
    pc.preset = c->preset_off;
    pc.period_start = pc.period_end = CAS_DATE_UNKNOWN;

    /* group: its own words, or those of the figure it follows in "N X
     * killed and M wounded" */
    if (f->gterm >= 0) {
        group = c->o->terms[f->gterm].path;
        if (c->tk[f->g0].start < start)
            start = c->tk[f->g0].start;
        if (c->tk[f->g1 - 1].end > end)
            end = c->tk[f->g1 - 1].end;
    } else if (fi > 0 && c->fg[fi - 1].gterm >= 0) {
        const figure *p = &c->fg[fi - 1];
        size_t k = p->ext;
        while (k < f->h0) {
            if (c->tk[k].oterm >= 0)
                k += c->tk[k].olen;
            else if (wis(c, k, "and") || pis(c, k, ',') || pis(c, k, '&') || win(c, k, aux_words) ||
                     wis(c, k, "been"))
                k++;
            else
                break;
        }
        if (k == f->h0)
            group = c->o->terms[p->gterm].path;
    }

    if (c->field == CAS_PHRASE_STRENGTH) {
        outcome = "";
    } else if (have_outcome) {
        outcome = c->o->terms[oc->term].path;
        if (c->tk[oc->pos].start < start)
            start = c->tk[oc->pos].start;
        if (c->tk[oc->end - 1].end > end)
            end = c->tk[oc->end - 1].end;
        /* perpetrator */
        if (!perp_by(c, oc->end, &perp_a, &perp_b) || !actor(c, perp_a, perp_b, &perp_path)) {
            perp_a = perp_b = 0;
            /* "X killed N", "X perpetrated the killing of N" */
            if (oc->pos < f->h0 && (oc->end == c->fg[oc->head].h0 ||
                                    (oc->end + 1 == c->fg[oc->head].h0 && wis(c, oc->end, "of")))) {
                size_t v = oc->pos;
                const char *ph = c->o->terms[oc->term].phrase;
                int ok = active_verb(c, oc);
                if (!ok && (!strcmp(ph, "killing") || !strcmp(ph, "killings")) && v >= 2 &&
                    wis(c, v - 1, "the")) {
                    static const char *const pv[] = {"perpetrated", "committed", "behind",
                                                      "conducted", NULL};
                    if (win(c, v - 2, pv)) {
                        v -= 2;
                        ok = 1;
                    } else if (v >= 3 && wis(c, v - 2, "out") && wis(c, v - 3, "carried")) {
                        v -= 3;
                        ok = 1;
                    }
                }
                if (!ok || !perp_subject(c, v, &perp_a, &perp_b) ||
                    !actor(c, perp_a, perp_b, &perp_path))
                    perp_a = perp_b = 0;
            }
        }
    } else {
        outcome = c->o->default_outcome;
    }

    at = attribution_of(c, fi, &relay);
    if (at) {
        const char *name;
        size_t nlen;
        canon_source(c, at->n0, at->n1, &name, &nlen);
        if ((st = add_str(r, name, nlen, &pc.source)) != CAS_OK)
            return st;
        pc.basis = at->basis;
        /* "(per SOHR)" right after its words, not after another figure's
         * ("1, 7 (X)": the 1's span stops before the 7) */
        if (at->kind == AT_LOCAL && c->tk[at->t1 - 1].end > end && at->t0 <= f->ext + 2 &&
            (at->t0 <= f->ext || c->tk[f->ext].fig < 0) &&
            (at->t0 <= f->ext + 1 || c->tk[f->ext + 1].fig < 0) &&
            !foreign_outcome(c, f->ext, at->t0, have_outcome ? oc : NULL))
            end = c->tk[at->t1 - 1].end;
        if (relay) {
            canon_source(c, relay->n0, relay->n1, &name, &nlen);
            if ((st = add_str(r, name, nlen, &pc.relay)) != CAS_OK)
                return st;
        }
    }

    /* period: the nearest date of the sentence */
    {
        size_t bestd = SIZE_MAX;
        for (size_t i = 0; i < c->nd; i++) {
            const date_ex *d = &c->dt[i];
            size_t dist = d->t0 >= f->x1 ? d->t0 - f->x1 : d->t1 <= f->h0 ? f->h0 - d->t1 : 0;
            if (dist < bestd) {
                bestd = dist;
                date = &c->dt[i];
            }
        }
        if (date) {
            date_days(c, date, &pc.period_start, &pc.period_end);
            if ((st = add_str(r, c->s + c->tk[date->t0].start,
                              c->tk[date->t1 - 1].end - c->tk[date->t0].start, &pc.period_text)) !=
                CAS_OK)
                return st;
        }
    }

    pc.start = start;
    pc.end = end;
    if ((st = add_cstr(r, outcome, &pc.outcome)) != CAS_OK ||
        (st = add_cstr(r, group, &pc.group)) != CAS_OK ||
        (st = add_cstr(r, perp_path, &pc.perp)) != CAS_OK ||
        (st = add_str(r, c->s + start, end - start, &pc.quote)) != CAS_OK)
        return st;
    if (perp_b > perp_a &&
        (st = add_str(r, c->s + c->tk[perp_a].start, c->tk[perp_b - 1].end - c->tk[perp_a].start,
                      &pc.perp_text)) != CAS_OK)
        return st;
    if (!grow((void **)&r->claims, &r->cap, r->count + 1, sizeof *r->claims))
        return CAS_ERR_NOMEM;
    r->claims[r->count++] = pc;
    return CAS_OK;
}

static cas_status analyse_sentence(ctx *c)
{
    size_t k = 0;

    if (c->nt == 0)
        return CAS_OK;
    c->nf = c->nd = 0;
    match_terms(c);
    /* dates and figures, left to right */
    while (k < c->nt) {
        date_ex d;
        figure f;
        int ok;
        size_t next;
        const cas__tok *t = &c->tk[k];
        if ((t->kind == CAS__TK_NUM || t->kind == CAS__TK_WORD) && parse_date(c, k, &d)) {
            if (!grow((void **)&c->dt, &c->dcap, c->nd + 1, sizeof *c->dt))
                return CAS_ERR_NOMEM;
            c->dt[c->nd++] = d;
            k = d.t1;
            continue;
        }
        next = parse_figure(c, k, &f, &ok);
        if (next == 0) {
            k++;
            continue;
        }
        if (ok) {
            if (!grow((void **)&c->fg, &c->fcap, c->nf + 1, sizeof *c->fg))
                return CAS_ERR_NOMEM;
            find_group(c, &f);
            c->fg[c->nf] = f;
            c->tk[f.h0].fig = (int16_t)c->nf;
            c->tk[f.ext - 1].figend = (int16_t)c->nf;
            c->nf++;
            k = f.ext > next ? f.ext : next;
        } else {
            k = next > k ? next : k + 1;
        }
    }
    if (c->nf == 0)
        return CAS_OK;
    link_lists(c);
    /* "at least 16 soldiers and four civilians": the floor covers the list */
    if (c->o->distribute)
        for (size_t i = 0; i < c->nf; i++) {
            figure *f = &c->fg[i];
            if (f->coord >= 0 && !f->coord_incl && !f->own_hedge && c->fg[f->coord].floor_hedge) {
                f->qualifier = CAS_QUAL_AT_LEAST;
                f->high = CAS_OPEN;
                f->best = CAS_NONE;
                f->floor_hedge = 1;
            }
        }
    if (!find_attributions(c))
        return CAS_ERR_NOMEM;
    for (size_t i = 0; i < c->nf; i++) {
        figure *f = &c->fg[i];
        found fw, bw, *pick = NULL;
        int hf, hb = 0, own;
        cas_status st;
        memset(&fw, 0, sizeof fw);
        memset(&bw, 0, sizeof bw);
        hf = outcome_fwd(c, i, &fw, &own);
        if (!own)
            hb = outcome_bwd(c, i, &bw, gapped(c, i));
        if (hf && hb)
            pick = bw.dist < fw.dist ? &bw : &fw;
        else if (hf)
            pick = &fw;
        else if (hb)
            pick = &bw;
        if (pick == &fw)
            fw.head = (uint32_t)i;
        if (pick) {
            f->oc = *pick;
            f->has_oc = 1;
        } else if (f->coord >= 0 && c->fg[f->coord].has_oc) {
            f->oc = c->fg[f->coord].oc;
            f->has_oc = 1;
        } else if (f->sub >= 0 && c->fg[f->sub].has_oc) {
            /* "42 people had been killed, including six children" */
            f->oc = c->fg[f->sub].oc;
            f->has_oc = 1;
        }
        if (!f->has_oc && c->field == CAS_PHRASE_PROSE)
            continue;
        if ((st = emit(c, i, &f->oc, f->has_oc)) != CAS_OK)
            return st;
    }
    return CAS_OK;
}

static const char *const abbrevs[] = {
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "st", "no", "vs", "est",
    "approx", "ca", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "inc", "ltd", "co", "corp", "govt", "dept", "prof", "rev", "sen", "rep",
    "gov", "maj", "brig", "adm", "cpl", "pvt", "fig", "al", "etc", NULL};

/* Does a sentence end between the last token and @next? */
static int sentence_ends(const ctx *c, const cas__tok *next)
{
    const cas__tok *last = &c->tk[c->nt - 1];
    if (last->kind != CAS__TK_PUNCT)
        return 0;
    if (last->ch == ';' || last->ch == '!' || last->ch == '?')
        return 1;
    if (last->ch != '.' || !(next->flags & CAS__TF_SPACE))
        return 0;
    if (c->nt >= 2) {
        const cas__tok *w = &c->tk[c->nt - 2];
        if (w->kind == CAS__TK_WORD && (w->end - w->start == 1 || win(c, c->nt - 2, abbrevs)))
            return 0;
    }
    if (next->kind == CAS__TK_NUM)
        return 1;
    if (next->kind == CAS__TK_WORD)
        return (next->flags & CAS__TF_CAP) != 0 || (unsigned char)c->s[next->start] >= 0x80;
    return next->ch == '"' || next->ch == '(' || next->ch == '\'' || next->ch == '*' ||
           next->ch == '-' || next->ch == '+';
}

static cas_status run(ctx *c)
{
    cas__lexer lx;
    cas__tok t;
    cas_status st;

    lx.s = c->s;
    lx.n = c->n;
    lx.pos = 0;
    c->nt = 0;
    while (cas__lex_next(&lx, &t)) {
        if (t.kind == CAS__TK_BREAK) {
            if ((st = analyse_sentence(c)) != CAS_OK)
                return st;
            c->nt = 0;
            continue;
        }
        if (c->nt > 0 && (c->nt >= CAS__SENT_MAX || sentence_ends(c, &t))) {
            if ((st = analyse_sentence(c)) != CAS_OK)
                return st;
            c->nt = 0;
        }
        if (!grow((void **)&c->tk, &c->tcap, c->nt + 1, sizeof *c->tk))
            return CAS_ERR_NOMEM;
        c->tk[c->nt++] = t;
    }
    return analyse_sentence(c);
}

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
    r = cas__calloc(1, sizeof *r);
    c.bucket = cas__malloc((256 + c.o->nterms) * sizeof *c.bucket);
    if (!r || !c.bucket) {
        cas__free(r);
        ctx_free(&c);
        return cas__fail(err, CAS_ERR_NOMEM, NULL, "out of memory");
    }
    c.r = r;
    build_buckets(&c);
    /* offset 0 is the empty string every unknown field points at */
    r->strs = cas__malloc(256);
    if (!r->strs) {
        st = CAS_ERR_NOMEM;
    } else {
        r->strs[0] = '\0';
        r->slen = 1;
        r->scap = 256;
        st = add_cstr(r, c.o->name, &c.preset_off);
    }
    if (st == CAS_OK)
        st = run(&c);
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

CAS__DEFINE_INIT(cas_phrase_claim, .high = CAS_OPEN, .best = CAS_NONE, .number = CAS_NONE, .period_start = CAS_DATE_UNKNOWN, .period_end = CAS_DATE_UNKNOWN)

/* Claim @index of @r for a getter whose out-struct passed its own check
 * (@out_ok): CAS_ERR_ARG before CAS_ERR_NOT_FOUND. */
static cas_status claim_at(const cas_phrase_result *r, int out_ok, size_t index,
                           const pclaim **p)
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
    const pclaim *p = NULL;
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
    const pclaim *p = NULL;
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
        return cas__fail(err, CAS_ERR_PARSE, "claim",
                         "expected one figure, found %zu in '%s'", n, ex);
    }
    *low = r->claims[0].low;
    *high = r->claims[0].high;
    *best = r->claims[0].best;
    *qualifier = r->claims[0].qualifier;
    cas_phrase_result_free(r);
    return CAS_OK;
}
