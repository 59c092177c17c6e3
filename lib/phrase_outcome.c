/* SPDX-License-Identifier: MIT */
/* The claim-phrase parser's outcomes: figures listed together ("16
 * soldiers and four civilians", "42 people, including six children") and
 * the outcome word each figure takes, searched forwards through its list
 * and backwards through the clause ("were killed", "killing"). */
#include "phrase_internal.h"

#include <string.h>

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

static const char *const fwd_stop[] = {"while",     "but",     "whereas", "after",    "before",
                                       "when",      "since",   "because", "although", "though",
                                       "according", "whereby", NULL};
/* Verbs that give a figure a clause of its own: "dozens of hideouts were
 * destroyed" must not take an outcome from before it. */
const char *const cas__aux_words[] = {"were", "was",   "are",   "is",  "have",  "has", "had",
                                      "will", "would", "could", "may", "might", NULL};
static const char *const rel_words[] = {"who", "which", "whom", "that", NULL};
/* Words that open an aside between a figure and its verb: "42 people,
 * mainly civilians, were killed". */
static const char *const aside_words[] = {"mainly", "mostly",    "most", "many",    "including",
                                          "among",  "primarily", "some", "largely", "all",
                                          "both",   "from",      NULL};

/* An auxiliary verb at token @k ("were"; not the acronym "IS"). */
static int aux_at(const ctx *c, size_t k)
{
    return win(c, k, cas__aux_words) && !(c->tk[k].flags & CAS__TF_UPPER);
}

/* Is token @k a hyphen inside a word ("16-year-old"), not a dash? */
static int hyphen(const ctx *c, size_t k)
{
    return pis(c, k, '-') && k > 0 && k + 1 < c->nt && c->tk[k - 1].end == c->tk[k].start &&
           c->tk[k + 1].start == c->tk[k].end;
}

/* The ',' that ends an aside opened at token @k (after a ','), when the
 * aside holds no figure and an auxiliary or outcome word follows it:
 * its index, or 0. */
static size_t aside_end(const ctx *c, size_t k, int dash)
{
    if (!dash && !win(c, k, aside_words))
        return 0;
    for (size_t j = k; j < c->nt && j < k + 10; j++) {
        if (c->tk[j].fig >= 0 || c->tk[j].kind == CAS__TK_BREAK)
            return 0;
        /* the hyphen of "a 16-year-old child" is a word's */
        if (hyphen(c, j) || (dash && pis(c, j, ',')))
            continue;
        if ((!dash && pis(c, j, ',')) || pis(c, j, '-'))
            return j + 1 < c->nt && (aux_at(c, j + 1) || c->tk[j + 1].oterm >= 0) ? j : 0;
        if (c->tk[j].kind == CAS__TK_PUNCT && c->tk[j].ch != '\'' && c->tk[j].ch != '"')
            return 0;
    }
    return 0;
}

/* Link each figure to the one before it when only list words ("and", ",",
 * "including") stand between them. */
void cas__link_lists(ctx *c)
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

static const char *const bwd_stop[] = {"while",   "but",      "whereas", "after",     "when",
                                       "which",   "who",      "whom",    "with",      "since",
                                       "because", "although", "though",  "according", NULL};

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

size_t cas__paren_start(const ctx *c, size_t k, size_t limit)
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
    int dist = 0, words = 0, rel = 0, incl = 0;

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
                incl |= c->fg[chain].coord_incl;
                k = c->fg[chain].ext;
                continue;
            }
            return 0;
        }
        if (t->kind == CAS__TK_PUNCT) {
            /* the ',' that closes "30 civilians, including 16 members of a
             * family who were returning from a baptism, lost their lives" */
            if (t->ch == ',' && incl) {
                incl = 0;
                k++;
                continue;
            }
            if (t->ch == ',' || t->ch == '&') {
                size_t e;
                /* a list goes on; a relative clause or the end of an
                 * aside ("16 people, including 13 children, were") */
                if (listed_fig(c, k + 1, chain) >= 0 || win(c, k + 1, rel_words) ||
                    aux_at(c, k + 1)) {
                    k++;
                    continue;
                }
                if (t->ch == ',' && (e = aside_end(c, k + 1, 0)) != 0) {
                    k = e + 1; /* "42 people, mainly civilians, were killed" */
                    continue;
                }
                /* "It rose to 11 at least, the number of people who were killed" */
                if (t->ch == ',' && c->fg[fi].floor_hedge && wis(c, k + 1, "the") &&
                    wis(c, k + 2, "number") && wis(c, k + 3, "of")) {
                    k += 4;
                    continue;
                }
                return 0;
            }
            if (t->ch == '-' && !hyphen(c, k)) {
                size_t e = aside_end(c, k + 1, 1);
                if (e == 0)
                    return 0;
                k = e + 1; /* "100 people – civilians and soldiers – have died" */
                continue;
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
        /* the verb of a relative clause is not the figure's own: "has
         * neutralised 11 terrorists who were involved" */
        if (words == 0 && win(c, k, rel_words))
            rel = 1;
        if (words < 3 && chain == fi && !rel && aux_at(c, k) && !cas__month(c->s, t))
            *own = 1; /* "dozens more were wounded" */
        words++;
        /* proper names ("United Nations Relief and Works Agency") are free */
        /* and so are the words of an "including" aside */
        if (!(wis(c, k, "and") && k + 1 < c->nt && c->tk[k + 1].fig >= 0) &&
            !(t->flags & CAS__TF_CAP) && !incl)
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
                size_t s = cas__paren_start(c, k, 24);
                if (s == k || holds_claim(c, fi, s, k))
                    return 0;
                k = s;
                continue;
            }
            if (t->ch == '"' || t->ch == '\'' || (gap && t->ch == ','))
                continue;
            /* a label's colon right before the figure: "Killed: 315" */
            if (t->ch == ':' && k + 1 == c->fg[fi].h0)
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
        if (t->fig >= 0 || t->oterm >= 0 || (aux_at(c, k) && !cas__month(c->s, t)))
            return 0;
    }
    return k >= c->nt;
}

static const char *const rise_words[] = {"rose",   "risen",   "climbed", "increased", "reached",
                                         "jumped", "mounted", "grew",    "soared",    "surged",
                                         "stands", "stood",   "rise",    "climb",     "reach",
                                         "rises",  "climbs",  "reaches", NULL};

/* A toll that rose to the figure: "the death toll from the strike on the
 * village ... has now climbed to at least 170", "the number of
 * casualties ... continued to rise and exceeded 160". The toll may lie
 * further back than a verb's outcome; it is the nearest outcome term
 * before the rise, within the sentence and with no figure between. */
static int toll_back(const ctx *c, size_t fi, found *out)
{
    size_t h = c->fg[fi].h0, v;
    if (h < 2)
        return 0;
    if (wis(c, h - 1, "to") || wis(c, h - 1, "at"))
        v = h - 2;
    else if (wis(c, h, "exceeded") || wis(c, h, "surpassed") || wis(c, h - 1, "reached"))
        v = h - 1;
    else
        return 0;
    if (!win(c, v, rise_words) && !(wis(c, h, "exceeded") || wis(c, h, "surpassed")))
        return 0;
    for (size_t k = v + 1, n = 0; k-- > 0 && n < 40; n++) {
        const cas__tok *t = &c->tk[k];
        if (t->kind == CAS__TK_BREAK || t->fig >= 0 || t->figend >= 0 || pis(c, k, ';') ||
            pis(c, k, '.'))
            return 0;
        for (size_t s0 = k + 1 > 8 ? k + 1 - 8 : 0; s0 <= k; s0++)
            if (c->tk[s0].oterm >= 0 && s0 + c->tk[s0].olen == k + 1) {
                out->term = c->tk[s0].oterm;
                out->pos = (uint32_t)s0;
                out->end = (uint32_t)(k + 1);
                out->dist = (int)n;
                out->head = (uint32_t)fi;
                return 1;
            }
    }
    return 0;
}

/* Is the figure the object of an outcome noun: "the bodies of seven
 * people were found", "the killing of 17 civilians was documented"? Then
 * that noun is its outcome whatever the verb of its clause. */
static int of_term(const ctx *c, size_t fi)
{
    size_t h = c->fg[fi].h0;
    if (h < 2 || !wis(c, h - 1, "of"))
        return 0;
    for (size_t s0 = h - 1 > 8 ? h - 1 - 8 : 0; s0 < h - 1; s0++)
        if (c->tk[s0].oterm >= 0 && s0 + c->tk[s0].olen == h - 1)
            return 1;
    return 0;
}

void cas__find_outcome(ctx *c, size_t fi)
{
    figure *f = &c->fg[fi];
    found fw, bw, *pick = NULL;
    int hf, hb = 0, own, of;

    memset(&fw, 0, sizeof fw);
    memset(&bw, 0, sizeof bw);
    hf = outcome_fwd(c, fi, &fw, &own);
    of = own && of_term(c, fi);
    if (!own || of)
        hb = outcome_bwd(c, fi, &bw, gapped(c, fi));
    if (hf && hb)
        pick = bw.dist < fw.dist || of ? &bw : &fw;
    else if (hf)
        pick = &fw;
    else if (hb)
        pick = &bw;
    if (!pick && toll_back(c, fi, &bw))
        pick = &bw;
    if (pick == &fw)
        fw.head = (uint32_t)fi;
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
}
