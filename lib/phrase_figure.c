/* SPDX-License-Identifier: MIT */
/* The claim-phrase parser's figures: a quantity (digits with a scale word,
 * number words, a vague word such as "dozens"), a range of two, the hedge
 * before or after it applied by its rule, the numbers that are not counts
 * (years, percentages, units, labels, clock times, money) set aside, and
 * the group words that follow a figure. */
#include "phrase_internal.h"

#include <ctype.h>

#include <string.h>

typedef struct qty {
    uint32_t t0, t1;
    int vague;  /* a WORD hedge */
    int ok;     /* a whole number in 64 bits */
    int numtok; /* a single NUM token, value unscaled by a word */
    int yearlike;
    int64_t value, low, high, best;
    int32_t qualifier;
    int64_t word_scale; /* the scale word that followed, or 1 */
} qty;

static int64_t scale_at(const ctx *c, size_t k, int plural_ok)
{
    return k < c->nt && (c->tk[k].flags & CAS__TF_SPACE)
               ? cas__scale_word(c->s, &c->tk[k], plural_ok)
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
        e = cas__match_fwd(c->s, c->n, c->tk[k].start, h->phrase, h->len);
        if (e && (j = cas__tok_ending_at(c, k, e)) != 0) {
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
        q->ok = q->value >= 0; /* -1: "ten quintillion" does not fit */
        return 1;
    }
    return 0;
}

/* Words that end a group's words after a number. */
static const char *const group_stop[] = {
    "were",   "was",   "are",        "is",     "have",  "has",  "had",  "been",  "being", "be",
    "will",   "would", "could",      "may",    "might", "in",   "on",   "at",    "by",    "from",
    "during", "after", "before",     "across", "near",  "into", "with", "while", "when",  "since",
    "as",     "to",    "for",        "and",    "or",    "but",  "who",  "which", "that",  "than",
    "per",    "each",  "reportedly", "also",   "later", NULL};

/* Words after a number that say it is not a count of people. */
static const char *const unit_words[] = {"second",
                                         "seconds",
                                         "minute",
                                         "minutes",
                                         "hour",
                                         "hours",
                                         "hrs",
                                         "day",
                                         "days",
                                         "week",
                                         "weeks",
                                         "month",
                                         "months",
                                         "year",
                                         "years",
                                         "decade",
                                         "decades",
                                         "century",
                                         "centuries",
                                         "km",
                                         "kilometres",
                                         "kilometers",
                                         "kilometre",
                                         "kilometer",
                                         "miles",
                                         "mile",
                                         "metres",
                                         "meters",
                                         "metre",
                                         "meter",
                                         "feet",
                                         "ft",
                                         "yards",
                                         "kg",
                                         "kilograms",
                                         "tonnes",
                                         "tons",
                                         "dollars",
                                         "euros",
                                         "pounds",
                                         "usd",
                                         "shekels",
                                         "rupees",
                                         "lira",
                                         "times",
                                         "am",
                                         "pm",
                                         "gmt",
                                         "utc",
                                         "o'clock",
                                         "percent",
                                         "pc",
                                         "villages",
                                         "towns",
                                         "cities",
                                         "houses",
                                         "homes",
                                         "buildings",
                                         "tanks",
                                         "vehicles",
                                         "rockets",
                                         "missiles",
                                         "shells",
                                         "drones",
                                         "aircraft",
                                         "planes",
                                         "jets",
                                         "helicopters",
                                         "attacks",
                                         "strikes",
                                         "airstrikes",
                                         "raids",
                                         "incidents",
                                         "events",
                                         "locations",
                                         "districts",
                                         "provinces",
                                         "countries",
                                         "hospitals",
                                         "schools",
                                         "checkpoints",
                                         "positions",
                                         "bombs",
                                         "mines",
                                         "rounds",
                                         "bullets",
                                         "trucks",
                                         "boats",
                                         "ships",
                                         "sites",
                                         "camps",
                                         "bases",
                                         "battalions",
                                         "brigades",
                                         "divisions",
                                         "regiments",
                                         "acres",
                                         "hectares",
                                         "square",
                                         "seats",
                                         "votes",
                                         "mosques",
                                         "churches",
                                         "neighbourhoods",
                                         "neighborhoods",
                                         "governorates",
                                         "cases",
                                         "ambulances",
                                         "helicopter",
                                         "tank",
                                         "vehicle",
                                         "jet",
                                         "drone",
                                         "plane",
                                         "ship",
                                         "boat",
                                         "truck",
                                         "gun",
                                         "guns",
                                         "pieces",
                                         "rifles",
                                         "rifle",
                                         "weapons",
                                         "hideouts",
                                         "kilometres",
                                         "attack",
                                         "strike",
                                         "airstrike",
                                         "raid",
                                         "incident",
                                         "event",
                                         "bombing",
                                         "bombings",
                                         "explosion",
                                         "explosions",
                                         "massacres",
                                         "operation",
                                         "operations",
                                         "clashes",
                                         "battles",
                                         "offensives",
                                         "village",
                                         "town",
                                         "house",
                                         "school",
                                         "hospital",
                                         "mosque",
                                         "church",
                                         NULL};

/* Words before a number that make it a label, not a count. */
static const char *const label_words[] = {
    "no",      "number",    "resolution", "route",     "highway",   "article",   "division",
    "brigade", "battalion", "regiment",   "section",   "level",     "phase",     "flight",
    "chapter", "page",      "unit",       "block",     "gate",      "aged",      "age",
    "ages",    "usd",       "rs",         "eur",       "gbp",       "paragraph", "para",
    "vol",     "volume",    "platoon",    "squadron",  "room",      "floor",     "zone",
    "sector",  "camp",      "km",         "kilometre", "kilometer", "mile",      "lines",
    "line",    "grade",     "class",      "model",     "version",   "channel",   "road",
    "street",  "exit",      "hall",       "building",  "apartment", "minus",     NULL};

/* Is the quantity [t0, t1) not a count, whatever its hedges? */
static int not_a_count(const ctx *c, size_t t0, size_t t1)
{
    size_t nx = t1;

    if (t0 > 0) {
        const cas__tok *p = &c->tk[t0 - 1];
        unsigned char b = (unsigned char)c->s[p->start];
        const unsigned char *pb = (const unsigned char *)c->s + p->start;
        if (p->kind == CAS__TK_PUNCT && p->end == c->tk[t0].start &&
            (b == '$' || b == '#' || b == '/' ||
             /* 14:30, but not the label colon of "Casualties1:27 killed" */
             (b == ':' && t0 >= 2 && c->tk[t0 - 2].kind == CAS__TK_NUM &&
              c->tk[t0 - 2].end == p->start) ||
             (p->end - p->start == 2 && pb[0] == 0xC2 && pb[1] == 0xA3) || /* pound */
             (p->end - p->start == 3 && pb[0] == 0xE2 && pb[1] == 0x82 &&
              pb[2] == 0xAC))) /* euro */
            return 1;
        if (win(c, t0 - 1, label_words))
            return 1;
        if (t0 >= 2 && pis(c, t0 - 1, '.') && (wis(c, t0 - 2, "no") || wis(c, t0 - 2, "nos")))
            return 1; /* "No. 3" */
        if (t0 >= 2 && wis(c, t0 - 1, "of") && (wis(c, t0 - 2, "age") || wis(c, t0 - 2, "ages")))
            return 1; /* "under the age of eighteen" */
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
        /* "from one family" (but "5 family members"), "4,870 households" */
        if ((wis(c, nx, "family") && !wis(c, nx + 1, "members") && !wis(c, nx + 1, "member")) ||
            wis(c, nx, "families") || wis(c, nx, "households") || wis(c, nx, "household"))
            return 1;
        /* "10 AK-47", "3 F-16s": a name with digits is a thing */
        if (t->kind == CAS__TK_WORD && t->start > c->tk[nx - 1].end) {
            for (size_t b = t->start; b < t->end; b++)
                if (c->s[b] >= '0' && c->s[b] <= '9')
                    return 1;
        }
        /* "seven mass casualty incidents": the noun a few words on */
        for (size_t j = nx, n = 0; j < c->nt && n < 3; j++, n++) {
            const cas__tok *w = &c->tk[j];
            if (w->kind != CAS__TK_WORD || w->gterm >= 0 || win(c, j, group_stop))
                break;
            if (w->oterm >= 0 &&
                !(j + 1 < c->nt && c->tk[j + 1].kind == CAS__TK_WORD && !win(c, j + 1, group_stop)))
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
    if (__builtin_mul_overflow(q, k, &v) ||
        __builtin_add_overflow(v, (r * k + (up ? 99 : 0)) / 100, &v))
        return 0;
    *out = v;
    return 1;
}

/* Apply a hedge rule to N. Returns 0 on overflow, and when the hedge
 * leaves no count it could mean: "nearly 1" and "nearly 0" (some count
 * below N, but near it: none is), "fewer than 0" (none at all) would
 * otherwise read as exactly 0. */
static int apply_rule(figure *f, int32_t rule, int32_t spread, int64_t n)
{
    int64_t s = spread ? spread : 10;
    if ((rule == CAS_HEDGE_NEARLY && n <= 1) || (rule == CAS_HEDGE_LESS_THAN && n <= 0))
        return 0;
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
static const cas__hedge *hedge_ending(const ctx *c, size_t t0, size_t *h0)
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
            e = cas__match_fwd(c->s, c->n, c->tk[k].start, h->phrase, h->len);
            if (e && e == c->tk[t0 - 1].end) {
                best = h;
                *h0 = k;
            }
        }
    }
    return best;
}

/* The hedge before token @t0, also across a quote or "another": "at
 * least '1,200 Iraqi personnel'", "about another 10,500". */
static const cas__hedge *hedge_before(const ctx *c, size_t t0, size_t *h0)
{
    static const char *const speak[] = {"talked", "talk",    "talks",    "talking", "spoke",
                                        "speaks", "spoken",  "speaking", "wrote",   "write",
                                        "writes", "written", NULL};
    const cas__hedge *h = hedge_ending(c, t0, h0);
    /* "talked about 500,000 persons killed": a preposition, not a hedge */
    if (h && *h0 > 0 && wis(c, *h0, "about") && win(c, *h0 - 1, speak))
        return NULL;
    if (!h && t0 >= 2 &&
        ((c->tk[t0 - 1].kind == CAS__TK_PUNCT &&
          (c->tk[t0 - 1].ch == '\'' || c->tk[t0 - 1].ch == '"')) ||
         wis(c, t0 - 1, "another")))
        h = hedge_ending(c, t0 - 1, h0);
    return h;
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
        e = cas__match_fwd(c->s, c->n, c->tk[x].start, h->phrase, h->len);
        if (e && (j = cas__tok_ending_at(c, x, e)) != 0) {
            best = h;
            *x1 = j;
        }
    }
    return best;
}

/* A range whose first quantity @q1 is at token @k: "N-M", "N to M",
 * "between N and M", "N or M". Returns the index after it (*ok says
 * whether it is a count), or 0 when there is none: then @q1 is read alone
 * (a scale word reaching back, "1.5-2 million", may have made it usable). */
static size_t parse_range(const ctx *c, size_t k, qty *q1, figure *f, int *ok)
{
    qty q2;
    size_t j = q1->t1, h0 = k;
    int64_t v1, v2;
    int good;

    size_t j2 = j + 1, hb = k;
    int floor_to = 0;

    /* "at least 13 and as many as 46", "at least 5 and up to 9" */
    if (!q1->vague && wis(c, j, "and") &&
        ((wis(c, j + 1, "as") && wis(c, j + 2, "many") && wis(c, j + 3, "as")) ||
         (wis(c, j + 1, "up") && wis(c, j + 2, "to")))) {
        const cas__hedge *h = hedge_before(c, k, &hb);
        if (h && h->rule == CAS_HEDGE_AT_LEAST) {
            floor_to = 1;
            j2 = j + (wis(c, j + 1, "up") ? 3 : 4);
        }
    }
    if (!(!q1->vague && j2 < c->nt &&
          (floor_to || pis(c, j, '-') || wis(c, j, "to") ||
           (wis(c, j, "and") && k > 0 && wis(c, k - 1, "between")) || wis(c, j, "or")) &&
          quantity(c, j2, &q2) && !q2.vague))
        return 0;
    v1 = q1->value;
    v2 = q2.value;
    good = q2.ok;
    /* "1.5-2 million": the second number's scale word reaches back. */
    if (good && q1->numtok && q2.word_scale > 1) {
        int64_t v;
        if (cas__num_value(&c->tk[q1->t0], q2.word_scale, &v) == CAS_OK && v <= v2) {
            v1 = v;
            q1->ok = 1;
        }
    }
    if (wis(c, j, "or") && !(good && q1->ok && v1 < v2))
        return 0;
    if (!q1->ok || !good || q1->yearlike || q2.yearlike || v1 > v2) {
        /* 1987 to 2002, 10-4: not a count */
        return q2.t1;
    }
    if (floor_to)
        h0 = hb;
    else if (wis(c, j, "and") || (k > 0 && wis(c, k - 1, "from") && wis(c, j, "to")))
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

/* The quantity @q at token @k alone as a figure: a vague word's range, or
 * a number with the hedge before or after it applied. Returns the index
 * after what it read; *ok says whether it is a count. */
static size_t parse_single(const ctx *c, size_t k, const qty *q, figure *f, int *ok)
{
    size_t j = q->t1, h0 = k, x1 = j;

    if (!q->ok || not_a_count(c, k, j))
        return j;
    f->t0 = (uint32_t)k;
    if (q->vague) {
        f->vague = 1;
        f->own_hedge = 1;
        f->low = q->low;
        f->high = q->high;
        f->best = q->best;
        f->number = CAS_NONE;
        f->qualifier = q->qualifier;
    } else {
        const cas__hedge *h, *ha;
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
        if (q->yearlike && !h && !(j < c->nt && (c->tk[j].gterm >= 0 || c->tk[j].oterm >= 0)))
            return j;
        f->number = q->value;
        if (h) {
            f->own_hedge = 1;
            f->qualifier = h->qualifier;
            f->floor_hedge = h->rule == CAS_HEDGE_AT_LEAST;
            if (!apply_rule(f, h->rule, h->spread, q->value))
                return x1;
        } else {
            f->qualifier = CAS_QUAL_EXACT;
            apply_rule(f, CAS_HEDGE_EXACT, 0, q->value);
        }
    }
    f->h0 = (uint32_t)h0;
    f->x1 = (uint32_t)x1;
    *ok = 1;
    return x1;
}

/* Parse a figure at token @k. Returns the index after what it read (the
 * caller moves on from there), or 0 when there is nothing number-like.
 * *ok says whether it is a count. */
size_t cas__parse_figure(ctx *c, size_t k, figure *f, int *ok)
{
    qty q;
    size_t end;

    *ok = 0;
    if (!quantity(c, k, &q))
        return 0;
    memset(f, 0, sizeof *f);
    f->gterm = -1;
    f->coord = -1;
    f->sub = -1;
    if ((end = parse_range(c, k, &q, f, ok)) != 0)
        return end;
    return parse_single(c, k, &q, f, ok);
}

/* A hedge after the figure's words that states a floor: "33 casualties
 * at least", "264 children at least". Not when a number follows (then it
 * is the next figure's hedge). */
static void trailing_floor(const ctx *c, figure *f)
{
    const cas_phrase_options *o = c->o;
    size_t x = f->ext;

    if (f->own_hedge || f->range || f->vague || x >= c->nt)
        return;
    if (c->tk[x].oterm >= 0 && f->g1 == 0)
        x += c->tk[x].olen; /* "33 casualties at least" */
    if (x >= c->nt || c->tk[x].kind != CAS__TK_WORD)
        return;
    for (size_t i = 0; i < o->nhedges; i++) {
        const cas__hedge *h = &o->hedges[i];
        size_t e, j;
        if (h->position != CAS_HEDGE_BEFORE || h->rule != CAS_HEDGE_AT_LEAST ||
            (unsigned char)h->phrase[0] != lc((unsigned char)c->s[c->tk[x].start]) ||
            !isalpha((unsigned char)h->phrase[0]))
            continue;
        e = cas__match_fwd(c->s, c->n, c->tk[x].start, h->phrase, h->len);
        if (!e || (j = cas__tok_ending_at(c, x, e)) == 0)
            continue;
        if (j < c->nt &&
            (c->tk[j].kind == CAS__TK_NUM || cas__numwords(c->s, c->tk, j, c->nt, &(int64_t){0})))
            return;
        f->own_hedge = 1;
        f->floor_hedge = 1;
        f->qualifier = h->qualifier;
        apply_rule(f, h->rule, h->spread, f->number);
        if (x == f->ext)
            f->ext = (uint32_t)j;
        f->x1 = (uint32_t)j;
        return;
    }
}

/* Is token @k a single letter stuck to the '.' after it ("U.S.")? */
static int initial(const ctx *c, size_t k)
{
    return k + 1 < c->nt && c->tk[k].kind == CAS__TK_WORD && c->tk[k].end - c->tk[k].start == 1 &&
           pis(c, k + 1, '.') && c->tk[k + 1].start == c->tk[k].end;
}

void cas__find_group(ctx *c, figure *f)
{
    size_t k = f->x1, steps = 0;
    for (; k < c->nt && steps < 7; k++, steps++) {
        const cas__tok *t = &c->tk[k];
        if (initial(c, k)) {
            k++; /* "U.S. troops" */
            continue;
        }
        if (t->kind != CAS__TK_WORD || t->fig >= 0)
            break;
        if (t->gterm >= 0) {
            size_t e = k + t->glen;
            f->g0 = (uint32_t)k;
            f->gterm = t->gterm;
            /* "soldiers and militiamen": one group of two words */
            /* and "civilians, troops and police", "men & women" */
            for (;;) {
                size_t n = e;
                if (pis(c, n, ','))
                    n++;
                if (wis(c, n, "and") || wis(c, n, "or") || pis(c, n, '&'))
                    n++;
                if (n == e || n >= c->nt || c->tk[n].gterm < 0 || c->tk[n].fig >= 0 ||
                    c->tk[n].oterm >= 0)
                    break;
                e = n + c->tk[n].glen;
            }
            f->g1 = (uint32_t)e;
            break;
        }
        if ((t->flags & CAS__TF_UPPER) && t->oterm < 0)
            continue; /* "52 IS fighters", "2 ANA soldiers" */
        if (wis(c, k, "and") && k + 1 < c->nt && (c->tk[k + 1].flags & CAS__TF_CAP) &&
            c->tk[k + 1].kind == CAS__TK_WORD && c->tk[k + 1].gterm < 0 &&
            !cas__numwords(c->s, c->tk, k + 1, c->nt, &(int64_t){0}))
            continue; /* "Ukrainian and Russian troops" */
        if (t->oterm >= 0 || win(c, k, group_stop) || cas__month(c->s, t))
            break;
    }
    f->ext = f->g1 ? f->g1 : f->x1;
    trailing_floor(c, f);
}
