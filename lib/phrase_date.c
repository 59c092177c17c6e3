/* SPDX-License-Identifier: MIT */
/* The claim-phrase parser's dates: the date expressions of a sentence
 * ("6 March", "between 6 and 8 March 2025", "March 6-8", "in 2024",
 * "since 1 May") and the days they cover. */
#include "phrase_internal.h"

#include <string.h>

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

/* "D (-|to|and) D Month [YYYY]" at token @i. */
static int days_then_month(const ctx *c, size_t i, date_ex *d, size_t *e)
{
    int32_t d1, d2, m2, y;

    if (!(day_tok(c, i, &d1) && range_word(c, i + 1) && day_month(c, i + 2, &d2, &m2, e) &&
          d1 < d2))
        return 0;
    *e = opt_year(c, *e, &y);
    d->d1 = d1;
    d->m1 = d->m2 = m2;
    d->d2 = d2;
    d->y1 = d->y2 = y;
    return 1;
}

/* "D Month [YYYY] [(-|to) D Month [YYYY]]" at token @i. */
static int day_month_range(const ctx *c, size_t i, date_ex *d, size_t *e)
{
    int32_t d1, m1, d2, m2, y1;
    size_t e2;

    if (!day_month(c, i, &d1, &m1, e))
        return 0;
    *e = opt_year(c, *e, &y1);
    d->d1 = d->d2 = d1;
    d->m1 = d->m2 = m1;
    d->y1 = d->y2 = y1;
    if (range_word(c, *e) && day_month(c, *e + 1, &d2, &m2, &e2)) {
        int32_t y2;
        e2 = opt_year(c, e2, &y2);
        d->d2 = d2;
        d->m2 = m2;
        d->y2 = y2;
        if (!d->y1 && y2)
            d->y1 = m1 > m2 ? y2 - 1 : y2;
        *e = e2;
    }
    return 1;
}

/* "Month D[-D][, YYYY]" or "Month YYYY" at token @i, which is the month
 * @m1: 1, or 0 when it is no date ("March 6 people"). */
static int month_then_days(const ctx *c, size_t i, int32_t m1, date_ex *d, size_t *e, int on)
{
    size_t j = i + 1;
    int32_t d1, d2, y;

    if (pis(c, j, '.') && c->tk[j].start == c->tk[i].end && c->tk[i].end - c->tk[i].start <= 4)
        j++;
    if (year_tok(c, j, &y)) {
        d->m1 = d->m2 = m1;
        d->y1 = d->y2 = y;
        *e = j + 1;
        return 1;
    }
    if (!day_tok(c, j, &d1))
        return 0;
    d->m1 = d->m2 = m1;
    d->d1 = d->d2 = d1;
    *e = j + 1;
    if (range_word(c, *e) && day_tok(c, *e + 1, &d2) && d2 > d1) {
        d->d2 = d2;
        *e += 2;
    }
    /* "March 6 people" is not a date: the day must not be a count; but
     * "on November 30 killed five" is one. */
    if (*e < c->nt && c->tk[*e].kind == CAS__TK_WORD && !(c->tk[*e].flags & CAS__TF_CAP) &&
        (c->tk[*e].gterm >= 0 || (c->tk[*e].oterm >= 0 && !on)))
        return 0;
    *e = opt_year(c, *e, &y);
    d->y1 = d->y2 = y;
    return 1;
}

/* A date expression at token @k (after an optional "between", "from",
 * "on", "since", "in" or "during"). Fills @d and returns 1. */
int cas__parse_date(const ctx *c, size_t k, date_ex *d)
{
    static const char *const pre[] = {"between", "from", "on",      "since", "in", "during",
                                      "until",   "by",   "through", "of",    NULL};
    size_t i = k, e;
    int32_t m1, y;
    int has_pre = win(c, k, pre);

    memset(d, 0, sizeof *d);
    if (has_pre)
        i = k + 1;
    d->since = wis(c, k, "since");
    if (days_then_month(c, i, d, &e) || day_month_range(c, i, d, &e)) {
        /* found */
    } else if ((m1 = month_tok(c, i)) != 0) {
        if (!month_then_days(c, i, m1, d, &e, wis(c, k, "on")))
            return 0;
    } else if ((wis(c, k, "in") || wis(c, k, "during") || wis(c, k, "since")) &&
               year_tok(c, i, &y) &&
               !(i + 1 < c->nt && (c->tk[i + 1].gterm >= 0 || c->tk[i + 1].oterm >= 0))) {
        /* in YYYY, during YYYY */
        d->y1 = d->y2 = y;
        e = i + 1;
    } else {
        return 0;
    }
    d->t0 = (uint32_t)(has_pre && !wis(c, k, "of") ? k : i);
    d->t1 = (uint32_t)e;
    return 1;
}

void cas__date_days(const ctx *c, const date_ex *d, int32_t *start, int32_t *end)
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
