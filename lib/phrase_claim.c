/* SPDX-License-Identifier: MIT */
/* The claim-phrase parser's sentences and claims: the text cut into
 * sentences; in each, the dates and figures found, the figures linked and
 * given their outcomes and sources, and each figure that is a claim
 * written to the result with its group, outcome, perpetrator, source,
 * period and the span of text it came from. */
#include "phrase_internal.h"

#include <stdint.h>
#include <string.h>

/* ---- a claim's parts ---- */

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

/* Widen the byte span [*start, *end) to cover tokens [a, b). */
static void widen(const ctx *c, size_t a, size_t b, uint32_t *start, uint32_t *end)
{
    if (c->tk[a].start < *start)
        *start = c->tk[a].start;
    if (c->tk[b - 1].end > *end)
        *end = c->tk[b - 1].end;
}

/* The claim's numbers, from its figure; its strings all "". */
static void claim_numbers(const ctx *c, const figure *f, cas__pclaim *pc)
{
    memset(pc, 0, sizeof *pc);
    pc->kind =
        c->field == CAS_PHRASE_STRENGTH ? CAS_PHRASE_KIND_STRENGTH : CAS_PHRASE_KIND_CASUALTY;
    pc->qualifier = f->qualifier;
    pc->low = f->low;
    pc->high = f->high;
    pc->best = f->best;
    pc->number = f->number;
    pc->basis = CAS_BASIS_REPORTED;
    pc->preset = c->preset_off;
    pc->period_start = pc->period_end = CAS_DATE_UNKNOWN;
}

/* Does figure @fi share the group words of the figure before it, with only
 * outcome and list words between ("N X killed and M wounded")? */
static int shares_group(const ctx *c, size_t fi)
{
    const figure *f = &c->fg[fi], *p;
    size_t k;

    if (fi == 0 || c->fg[fi - 1].gterm < 0)
        return 0;
    /* "2,000 supporters captured": a noun of its own */
    if (f->x1 < c->nt && c->tk[f->x1].kind == CAS__TK_WORD && c->tk[f->x1].oterm < 0 &&
        !win(c, f->x1, cas__aux_words))
        return 0;
    p = &c->fg[fi - 1];
    k = p->ext;
    while (k < f->h0) {
        if (c->tk[k].oterm >= 0)
            k += c->tk[k].olen;
        else if (wis(c, k, "and") || pis(c, k, ',') || pis(c, k, '&') ||
                 win(c, k, cas__aux_words) || wis(c, k, "been"))
            k++;
        else
            break;
    }
    return k == f->h0;
}

/* The claim's group: its own words (the span widens to them), those of the
 * figure before it, or the options' default. */
static const char *group_of(const ctx *c, size_t fi, uint32_t *start, uint32_t *end)
{
    const figure *f = &c->fg[fi];

    if (f->gterm >= 0) {
        widen(c, f->g0, f->g1, start, end);
        return c->o->terms[f->gterm].path;
    }
    if (shares_group(c, fi))
        return c->o->terms[c->fg[fi - 1].gterm].path;
    return c->o->default_group;
}

/* Does the span reach to the local attribution @at ("(per SOHR)") right
 * after the figure's words, and not after another figure's ("1, 7 (X)":
 * the 1's span stops before the 7)? @oc is the claim's outcome or NULL. */
static int span_reaches(const ctx *c, const figure *f, const attrib *at, uint32_t end,
                        const found *oc)
{
    return at->kind == AT_LOCAL && c->tk[at->t1 - 1].end > end && at->t0 <= f->ext + 2 &&
           (at->t0 <= f->ext || c->tk[f->ext].fig < 0) &&
           (at->t0 <= f->ext + 1 || c->tk[f->ext + 1].fig < 0) &&
           !foreign_outcome(c, f->ext, at->t0, oc);
}

/* The claim's source, its basis and the source it relays; the span may
 * widen to a "(per X)" after it. @oc is the claim's outcome or NULL. */
static cas_status add_source(ctx *c, size_t fi, const found *oc, cas__pclaim *pc, uint32_t *end)
{
    const figure *f = &c->fg[fi];
    const attrib *relay, *at = cas__attribution_of(c, fi, &relay);
    const char *name;
    size_t nlen;
    cas_status st;

    if (!at)
        return CAS_OK;
    cas__canon_source(c, at->n0, at->n1, &name, &nlen);
    if ((st = cas__phrase_add_str(c->r, name, nlen, &pc->source)) != CAS_OK)
        return st;
    pc->basis = at->basis;
    if (span_reaches(c, f, at, *end, oc))
        *end = c->tk[at->t1 - 1].end;
    if (relay) {
        cas__canon_source(c, relay->n0, relay->n1, &name, &nlen);
        if ((st = cas__phrase_add_str(c->r, name, nlen, &pc->relay)) != CAS_OK)
            return st;
    }
    return CAS_OK;
}

/* The date of the sentence nearest the figure, or NULL. */
static const date_ex *nearest_date(const ctx *c, const figure *f)
{
    const date_ex *date = NULL;
    size_t bestd = SIZE_MAX;

    for (size_t i = 0; i < c->nd; i++) {
        const date_ex *d = &c->dt[i];
        size_t dist = d->t0 >= f->x1 ? d->t0 - f->x1 : d->t1 <= f->h0 ? f->h0 - d->t1 : 0;
        if (dist < bestd) {
            bestd = dist;
            date = &c->dt[i];
        }
    }
    return date;
}

/* The claim's period: the days of the nearest date, and its words. */
static cas_status add_period(ctx *c, const figure *f, cas__pclaim *pc)
{
    const date_ex *date = nearest_date(c, f);

    if (!date)
        return CAS_OK;
    cas__date_days(c, date, &pc->period_start, &pc->period_end);
    return cas__phrase_add_str(c->r, c->s + c->tk[date->t0].start,
                               c->tk[date->t1 - 1].end - c->tk[date->t0].start, &pc->period_text);
}

/* ---- claims ---- */

/* Write figure @fi as a claim, with its outcome @oc when @have_outcome. */
static cas_status emit(ctx *c, size_t fi, const found *oc, int have_outcome)
{
    const figure *f = &c->fg[fi];
    cas_phrase_result *r = c->r;
    cas__pclaim pc;
    const char *group, *outcome, *perp_path = "";
    size_t perp_a = 0, perp_b = 0;
    uint32_t start = c->tk[f->h0].start, end = c->tk[f->x1 - 1].end;
    cas_status st;

    claim_numbers(c, f, &pc);
    group = group_of(c, fi, &start, &end);
    if (c->field == CAS_PHRASE_STRENGTH) {
        outcome = "";
    } else if (have_outcome && f->heading_oc) {
        outcome = c->o->terms[c->heading].path; /* its words are on another line */
        oc = NULL;
        have_outcome = 0;
    } else if (have_outcome) {
        outcome = c->o->terms[oc->term].path;
        widen(c, oc->pos, oc->end, &start, &end);
        cas__find_perp(c, fi, oc, &perp_a, &perp_b, &perp_path);
    } else {
        outcome = c->o->default_outcome;
    }
    if ((st = add_source(c, fi, have_outcome ? oc : NULL, &pc, &end)) != CAS_OK ||
        (st = add_period(c, f, &pc)) != CAS_OK)
        return st;
    pc.start = start;
    pc.end = end;
    if ((st = cas__phrase_add_cstr(r, outcome, &pc.outcome)) != CAS_OK ||
        (st = cas__phrase_add_cstr(r, group, &pc.group)) != CAS_OK ||
        (st = cas__phrase_add_cstr(r, perp_path, &pc.perp)) != CAS_OK ||
        (st = cas__phrase_add_str(r, c->s + start, end - start, &pc.quote)) != CAS_OK)
        return st;
    if (perp_b > perp_a && (st = cas__phrase_add_str(r, c->s + c->tk[perp_a].start,
                                                     c->tk[perp_b - 1].end - c->tk[perp_a].start,
                                                     &pc.perp_text)) != CAS_OK)
        return st;
    return cas__phrase_add_claim(r, &pc);
}

/* Find the sentence's dates and figures, left to right. */
static cas_status find_dates_and_figures(ctx *c)
{
    size_t k = 0;

    while (k < c->nt) {
        date_ex d;
        figure f;
        int ok;
        size_t next;
        const cas__tok *t = &c->tk[k];
        if ((t->kind == CAS__TK_NUM || t->kind == CAS__TK_WORD) && cas__parse_date(c, k, &d)) {
            if (!grow((void **)&c->dt, &c->dcap, c->nd + 1, sizeof *c->dt))
                return CAS_ERR_NOMEM;
            c->dt[c->nd++] = d;
            k = d.t1;
            continue;
        }
        next = cas__parse_figure(c, k, &f, &ok);
        if (next == 0) {
            k++;
            continue;
        }
        if (ok) {
            if (!grow((void **)&c->fg, &c->fcap, c->nf + 1, sizeof *c->fg))
                return CAS_ERR_NOMEM;
            cas__find_group(c, &f);
            c->fg[c->nf] = f;
            c->tk[f.h0].fig = (int16_t)c->nf;
            c->tk[f.ext - 1].figend = (int16_t)c->nf;
            c->nf++;
            k = f.ext > next ? f.ext : next;
        } else {
            k = next > k ? next : k + 1;
        }
    }
    return CAS_OK;
}

/* "at least 16 soldiers and four civilians": the floor covers the list. */
static void distribute_floors(ctx *c)
{
    for (size_t i = 0; i < c->nf; i++) {
        figure *f = &c->fg[i];
        if (f->coord >= 0 && !f->coord_incl && !f->own_hedge && c->fg[f->coord].floor_hedge) {
            f->qualifier = CAS_QUAL_AT_LEAST;
            f->high = CAS_OPEN;
            f->best = CAS_NONE;
            f->floor_hedge = 1;
        }
    }
}

/* Is figure @fi a "Label: N" line's count: right after a colon, or the
 * first words of its line ("1796 fighters from the IS")? */
static int label_count(const ctx *c, size_t fi)
{
    const figure *f = &c->fg[fi];
    return f->h0 == 0 || (pis(c, f->h0 - 1, ':') && (f->h0 < 2 || !pis(c, f->h0 - 2, ':')));
}

/* A heading line ("The death toll is as follows:", "Killed:") gives the
 * "Label: N" lines under it their outcome; a line of running text ends
 * its reach. */
static void note_heading(ctx *c, int labels)
{
    if (pis(c, c->nt - 1, ':')) {
        int32_t term = -1;
        for (size_t k = 0; k < c->nt; k++)
            if (c->tk[k].oterm >= 0)
                term = c->tk[k].oterm;
        c->heading = term;
    } else if (!labels && c->nt >= 12) {
        c->heading = -1;
    }
}

static cas_status analyse_sentence(ctx *c)
{
    cas_status st;
    int labels = 0;

    if (c->nt == 0)
        return CAS_OK;
    c->nf = c->nd = 0;
    cas__match_terms(c);
    if ((st = find_dates_and_figures(c)) != CAS_OK)
        return st;
    if (c->nf == 0) {
        note_heading(c, 0);
        return CAS_OK;
    }
    cas__link_lists(c);
    if (c->o->distribute)
        distribute_floors(c);
    if (!cas__find_attributions(c))
        return CAS_ERR_NOMEM;
    for (size_t i = 0; i < c->nf; i++) {
        figure *f = &c->fg[i];
        cas__find_outcome(c, i);
        if (label_count(c, i)) {
            labels = 1;
            if (!f->has_oc && c->heading >= 0 && c->field != CAS_PHRASE_STRENGTH)
                f->has_oc = f->heading_oc = 1; /* "Civilians: 832" under its heading */
            if (f->gterm < 0 && f->h0 >= 2 && pis(c, f->h0 - 1, ':') && i == 0) {
                /* the label names the group: "Civilians: 832" */
                for (size_t k = 0; k + 1 < f->h0; k++)
                    if (c->tk[k].gterm >= 0) {
                        f->gterm = c->tk[k].gterm;
                        f->g0 = (uint32_t)k;
                        f->g1 = (uint32_t)(k + c->tk[k].glen);
                        break;
                    }
            }
        }
        if (!f->has_oc && c->field == CAS_PHRASE_PROSE)
            continue;
        if ((st = emit(c, i, &f->oc, f->has_oc)) != CAS_OK)
            return st;
    }
    note_heading(c, labels);
    return CAS_OK;
}

/* ---- sentences ---- */

static const char *const abbrevs[] = {
    "mr",  "mrs",    "ms",  "dr",   "gen", "col", "lt",   "sgt",  "capt", "st",   "no",  "vs",
    "est", "approx", "ca",  "jan",  "feb", "mar", "apr",  "jun",  "jul",  "aug",  "sep", "sept",
    "oct", "nov",    "dec", "inc",  "ltd", "co",  "corp", "govt", "dept", "prof", "rev", "sen",
    "rep", "gov",    "maj", "brig", "adm", "cpl", "pvt",  "fig",  "al",   "etc",  NULL};

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

cas_status cas__phrase_run(ctx *c)
{
    cas__lexer lx = {0};
    cas__tok t;
    cas_status st;

    lx.s = c->s;
    lx.n = c->n;
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
