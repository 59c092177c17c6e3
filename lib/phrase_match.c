/* SPDX-License-Identifier: MIT */
/* The claim-phrase parser's matching: phrases from the tables matched
 * against the text across runs of white space (and curly apostrophes), and
 * each word of a sentence marked with the longest outcome and group terms
 * of the lexicon that start there. */
#include "phrase_internal.h"

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
size_t cas__match_fwd(const char *s, size_t n, size_t pos, const char *phrase, size_t plen)
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
size_t cas__tok_ending_at(const ctx *c, size_t k, size_t e)
{
    for (; k < c->nt && c->tk[k].start < e; k++)
        if (c->tk[k].end == e)
            return k + 1;
    return 0;
}

void cas__build_buckets(ctx *c)
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

static const char *const thing_after[] = {
    "centre",       "center",  "centres",  "centers", "facility", "facilities",
    "camp",         "camps",   "penalty",  "squad",   "squads",   "certificate",
    "certificates", "warrant", "warrants", "row",     NULL};

static const char *const buried_not[] = {"under", "beneath", "alive", "in", "inside", NULL};

void cas__match_terms(ctx *c)
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
            size_t e = cas__match_fwd(c->s, c->n, t->start, term->phrase, term->len), j;
            if (!e || (j = cas__tok_ending_at(c, k, e)) == 0 || j - k > 255)
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
        /* an outcome word naming a thing: "detention centre", "death
         * certificates" */
        if (t->oterm >= 0 && t->olen == 1 && win(c, k + 1, thing_after))
            t->oterm = -1;
        /* "feared buried under debris" is trapped, "we buried 10" dead */
        if (t->oterm >= 0 && wis(c, k, "buried") && win(c, k + 1, buried_not))
            t->oterm = -1;
    }
}
