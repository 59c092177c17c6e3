/* SPDX-License-Identifier: MIT */
/* The claim-phrase parser's attributions: the sources of a sentence
 * ("(per SOHR)", "(SNHR estimate)", "according to X", "citing X", ", per X",
 * "X said"), the one each figure takes and the one it relays, and the
 * canonical name of a source from the options' list. */
#include "phrase_internal.h"

#include <string.h>

static const char *const attr_verbs[] = {
    "said",      "says",     "say",     "reported",  "reports",   "documented",
    "documents", "stated",   "states",  "announced", "announces", "estimated",
    "estimates", "recorded", "records", "confirmed", "confirms",  "counted",
    "told",      "claimed",  "claims",  "tallied",   "verified",  NULL};
static const char *const name_stop[] = {
    "that",       "which",  "who",   "whom",    "and",   "while",      "when",       "as",
    "but",        "were",   "was",   "is",      "are",   "been",       "be",         "it",
    "they",       "he",     "she",   "we",      "i",     "you",        "this",       "these",
    "there",      "also",   "had",   "has",     "have",  "in",         "on",         "at",
    "of",         "to",     "for",   "if",      "so",    "then",       "where",      "because",
    "after",      "before", "since", "earlier", "later", "previously", "reportedly", "initially",
    "separately", "not",    "by",    "like",    "with",  "such",       NULL};
static const char *const adverbs[] = {"also",       "reportedly", "previously", "later", "earlier",
                                      "initially",  "separately", "had",        "has",   "have",
                                      "officially", "recently",   "first",      "will",  "would",
                                      "could",      "may",        "might",      "now",   NULL};
static const char *const pronouns[] = {"it",   "they",  "he",    "she", "we",    "i",   "you",
                                       "this", "these", "those", "who", "which", "one", NULL};
static const char *const tail_words[] = {
    "estimate",  "estimates", "est",  "figure",   "figures", "count", "counts",
    "data",      "tally",     "toll", "report",   "numbers", "claim", "claims",
    "statement", "says",      "said", "reported", "reports", NULL};

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
static int name_after(const ctx *c, size_t k, size_t limit, uint32_t *n0, uint32_t *n1, size_t *end)
{
    size_t a = k, n = 0;
    static const char *const stop[] = {
        "that",  "which", "who",    "in",   "on",       "at",        "as",    "while",    "when",
        "since", "after", "before", "to",   "were",     "was",       "is",    "are",      "had",
        "has",   "have",  "said",   "says", "reported", "published", "cited", "released", NULL};
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
    a = cas__skip_article(c, a, k);
    /* "figures from the UN", "a tally by AP" */
    if (a < k && !(c->tk[a].flags & CAS__TF_CAP)) {
        for (size_t j = a + 1; j + 1 < k; j++)
            if (wis(c, j, "from") || wis(c, j, "by")) {
                a = cas__skip_article(c, j + 1, k);
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
    return (x >= '0' && x <= '9') || (x >= 'a' && x <= 'z') || (x >= 'A' && x <= 'Z') || x >= 0x80;
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
void cas__canon_source(const ctx *c, uint32_t n0, uint32_t n1, const char **p, size_t *len)
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
                at.n0 = c->tk[cas__skip_article(c, w0, last)].start;
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
        size_t s = cas__paren_start(c, k - 1, 8);
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
    a = cas__skip_article(c, k, e);
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
    static const char *const s_verbs[] = {"says",      "reports",   "documents", "states",
                                          "announces", "estimates", "records",   "confirms",
                                          "claims",    NULL};
    static const char *const preps[] = {"from", "of",  "by", "for", "on",    "in",  "at",
                                        "to",   "the", "a",  "an",  "their", "its", NULL};
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

int cas__find_attributions(ctx *c)
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
const attrib *cas__attribution_of(const ctx *c, size_t fi, const attrib **relay)
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
