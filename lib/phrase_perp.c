/* SPDX-License-Identifier: MIT */
/* The claim-phrase parser's perpetrators: who did it, from "killed by X"
 * after the outcome or "X killed N" before it, when X names an armed actor. */
#include "phrase_internal.h"

#include <string.h>

static const char *const actor_words[] = {
    "forces",     "force",      "groups",     "group",     "army",      "militia",    "militias",
    "regime",     "government", "loyalists",  "fighters",  "troops",    "soldiers",   "police",
    "gunmen",     "rebels",     "insurgents", "militants", "jihadists", "attackers",  "assailants",
    "remnants",   "factions",   "faction",    "units",     "men",       "militiamen", "guerrillas",
    "terrorists", "army's",     NULL};

static const char *const perp_stop[] = {
    "in",    "at",      "on",     "near",    "during", "between",   "across", "after",     "before",
    "since", "while",   "when",   "as",      "who",    "which",     "that",   "according", "from",
    "with",  "into",    "inside", "outside", "along",  "following", "amid",   "over",      "last",
    "this",  "earlier", "on",     "and",     "killed", "wounded",   NULL};

/* Words that put an armed actor on the government's side. */
static const char *const side_words[] = {"government", "regime", "pro-government", "pro-regime",
                                         NULL};

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
                /* a perpetrator path is the actor without "combatants/":
                 * "government", "government/security", "insurgents" */
                if (!strncmp(p, "combatants", 10))
                    p += p[10] == '/' ? 11 : 10;
                if (!yes || !**path)
                    *path = p;
                yes = 1;
            }
        }
        if (win(c, k, actor_words))
            yes = 1;
    }
    /* "armed militias supporting the Syrian government": on the
     * government's side */
    if (yes && (!**path || !strcmp(*path, "militias")))
        for (size_t k = a; k < b; k++)
            if (win(c, k, side_words)) {
                *path = "government";
                break;
            }
    return yes;
}

size_t cas__skip_article(const ctx *c, size_t a, size_t b)
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
    *a = cas__skip_article(c, *a, *b);
    return *b > *a;
}

static const char *const verb_stop[] = {"that",  "which",    "who",    "whom",  "said",
                                        "says",  "reported", "stated", "while", "when",
                                        "after", "as",       "where",  NULL};

/* "X killed N": X before the verb at @v. */
static int perp_subject(const ctx *c, size_t v, size_t *a, size_t *b)
{
    static const char *const preps[] = {"by",   "in",   "on", "at",  "of",   "from",
                                        "near", "with", "to", "for", "into", NULL};
    size_t k = v, n = 0;
    if (v == 0 || wis(c, v - 1, "and") || wis(c, v - 1, "or"))
        return 0;
    while (k > 0 && n < 8) {
        const cas__tok *t = &c->tk[k - 1];
        if (win(c, k - 1, preps) || win(c, k - 1, cas__aux_words))
            return 0; /* the subject is longer than we can tell */
        if (t->kind != CAS__TK_WORD || t->fig >= 0 || t->figend >= 0 || win(c, k - 1, verb_stop) ||
            t->oterm >= 0)
            break;
        k--;
        n++;
    }
    *b = v;
    *a = cas__skip_article(c, k, v);
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

/* Can the outcome @oc before figure @fi have a subject ("X killed N", "X
 * perpetrated the killing of N")? Gives the token the subject ends at. */
static int subject_verb(const ctx *c, size_t fi, const found *oc, size_t *verb)
{
    static const char *const pv[] = {"perpetrated", "committed", "behind", "conducted", NULL};
    const char *ph = c->o->terms[oc->term].phrase;
    size_t v = oc->pos;

    if (!(oc->pos < c->fg[fi].h0 && (oc->end == c->fg[oc->head].h0 ||
                                     (oc->end + 1 == c->fg[oc->head].h0 && wis(c, oc->end, "of")))))
        return 0;
    *verb = v;
    if (active_verb(c, oc))
        return 1;
    if ((!strcmp(ph, "killing") || !strcmp(ph, "killings")) && v >= 2 && wis(c, v - 1, "the")) {
        if (win(c, v - 2, pv)) {
            *verb = v - 2;
            return 1;
        }
        if (v >= 3 && wis(c, v - 2, "out") && wis(c, v - 3, "carried")) {
            *verb = v - 3;
            return 1;
        }
    }
    return 0;
}

void cas__find_perp(const ctx *c, size_t fi, const found *oc, size_t *a, size_t *b,
                    const char **path)
{
    size_t v;

    *a = *b = 0;
    *path = "";
    if (perp_by(c, oc->end, a, b) && actor(c, *a, *b, path))
        return;
    *a = *b = 0;
    /* "X killed N", "X perpetrated the killing of N" */
    if (!subject_verb(c, fi, oc, &v) || !perp_subject(c, v, a, b) || !actor(c, *a, *b, path))
        *a = *b = 0;
}
