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

/* A date expression at token @k (after an optional "between", "from",
 * "on", "since", "in" or "during"). Fills @d and returns 1. */
int cas__parse_date(const ctx *c, size_t k, date_ex *d)
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
