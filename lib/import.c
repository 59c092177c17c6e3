/* SPDX-License-Identifier: MIT */
/* The engine of the dataset readers (import_internal.h): the input read
 * whole and converted to UTF-8, its rows through the one libcsv reader,
 * the header, missing-value codes, counts and dates as datasets write
 * them, slugs, and the claims appended to the ledger all or nothing. */
#include "import_internal.h"
#include "alloc_internal.h"
#include "pool_internal.h"
#include "sized_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

CAS__DEFINE_INIT(cas_import_options, .size = sizeof(cas_import_options), .delimiter = 0,
                 .encoding = -1)

static const cas__import_format *const formats[] = {
    &cas__import_ucdp_ged, &cas__import_ucdp_brd, &cas__import_prio,    &cas__import_acled,
    &cas__import_ibc,      &cas__import_tfp,      &cas__import_infobox, &cas__import_mapping,
};
#define NFORMATS (sizeof formats / sizeof formats[0])

const char *cas_import_format_name(size_t index)
{
    return index < NFORMATS ? formats[index]->name : NULL;
}

/* ---- this row's strings: chunks that never move, freed at each row ---- */

struct cas__import_chunk {
    cas__import_chunk *next;
    size_t used, cap;
    char data[];
};

static void arena_reset(cas__import *im)
{
    cas__import_chunk *c = im->arena;

    if (!c)
        return;
    while (c->next) {
        cas__import_chunk *n = c->next;
        c->next = n->next;
        cas__free(n);
    }
    c->used = 0;
}

static void arena_free(cas__import *im)
{
    arena_reset(im);
    cas__free(im->arena);
    im->arena = NULL;
}

static char *arena_alloc(cas__import *im, size_t n)
{
    cas__import_chunk *c = im->arena;

    if (!c || c->cap - c->used < n) {
        size_t cap = n > 16384 ? n : 16384;
        cas__import_chunk *nc = cas__malloc(sizeof *nc + cap);
        if (!nc) {
            cas__import_fail(im, -1, CAS_ERR_NOMEM, "out of memory");
            return NULL;
        }
        nc->used = 0;
        nc->cap = cap;
        /* The first chunk stays first, so that a reset keeps it. */
        if (c) {
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = NULL;
            im->arena = nc;
        }
        c = nc;
    }
    char *p = c->data + c->used;
    c->used += n;
    return p;
}

/* The length of @fmt with its "%s" filled from @ap, when "%s" and "%%"
 * are its only conversions; -1 otherwise. */
static long plain_length(const char *fmt, va_list ap)
{
    long n = 0;

    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            const char *pc = strchr(f, '%');
            size_t k = pc ? (size_t)(pc - f) : strlen(f);
            n += (long)k;
            f += k - 1;
        } else if (f[1] == '%') {
            n++;
            f++;
        } else if (f[1] == 's') {
            n += (long)strlen(va_arg(ap, const char *));
            f++;
        } else {
            return -1;
        }
    }
    return n;
}

char *cas__import_printf(cas__import *im, const char *fmt, ...)
{
    va_list ap;
    char small[256];
    int n;

    /* Most of the strings a row makes are texts joined ("ucdp-ged-%s"):
     * put together here, without stdio's machinery. */
    va_start(ap, fmt);
    long plain = plain_length(fmt, ap);
    va_end(ap);
    if (plain >= 0) {
        char *p = arena_alloc(im, (size_t)plain + 1), *q = p;
        if (!p)
            return NULL;
        va_start(ap, fmt);
        for (const char *f = fmt; *f; f++) {
            if (*f != '%') {
                const char *pc = strchr(f, '%');
                size_t k = pc ? (size_t)(pc - f) : strlen(f);
                memcpy(q, f, k);
                q += k;
                f += k - 1;
            } else if (*++f == '%') {
                *q++ = '%';
            } else {
                const char *a = va_arg(ap, const char *);
                size_t k = strlen(a);
                memcpy(q, a, k);
                q += k;
            }
        }
        va_end(ap);
        *q = '\0';
        return p;
    }
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = arena_alloc(im, (size_t)n + 1);
    if (!p)
        return NULL;
    if ((size_t)n < sizeof small) {
        memcpy(p, small, (size_t)n + 1);
    } else {
        va_start(ap, fmt);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return p;
}

/* ---- what a row makes again and again: slugs, places, sides ----
 * Datasets name the same places and sides on row after row, so each
 * result is kept, under its kind and input, until the import ends: an
 * open-addressed table of blocks, each its input's length, the input,
 * and the result, NUL-ended. A table grown to MEMO_MAX keeps no more
 * (each new result is then made again, as without it). */
#define MEMO_MAX 65536

static const char *memo_key(const char *block, size_t *klen)
{
    memcpy(klen, block, sizeof *klen);
    return block + sizeof *klen;
}

/* The kept result for the @klen bytes at @key, or NULL. */
static const char *memo_find(const cas__import *im, const char *key, size_t klen, uint32_t h)
{
    if (!im->memo_cap)
        return NULL;
    for (size_t i = h & (im->memo_cap - 1);; i = (i + 1) & (im->memo_cap - 1)) {
        const char *b = im->memo[i];
        size_t bl;
        if (!b)
            return NULL;
        const char *k = memo_key(b, &bl);
        if (bl == klen && memcmp(k, key, klen) == 0)
            return k + klen;
    }
}

static void memo_insert(char **table, size_t cap, char *block)
{
    size_t klen;
    const char *k = memo_key(block, &klen);
    size_t i = cas__hash(k, klen) & (cap - 1);

    while (table[i])
        i = (i + 1) & (cap - 1);
    table[i] = block;
}

/* Keep @val as the result for @key: the kept copy, or @val itself when
 * the table is full or memory short (the result is right either way). */
static const char *memo_add(cas__import *im, const char *key, size_t klen, uint32_t h,
                            const char *val)
{
    if (im->memo_n >= MEMO_MAX)
        return val;
    if ((im->memo_n + 1) * 2 > im->memo_cap) {
        size_t cap = im->memo_cap ? im->memo_cap * 2 : 256;
        char **t = cas__calloc(cap, sizeof *t);
        if (!t)
            return val;
        for (size_t i = 0; i < im->memo_cap; i++)
            if (im->memo[i])
                memo_insert(t, cap, im->memo[i]);
        cas__free(im->memo);
        im->memo = t;
        im->memo_cap = cap;
    }
    size_t vlen = strlen(val);
    char *b = cas__malloc(sizeof klen + klen + vlen + 1);
    if (!b)
        return val;
    memcpy(b, &klen, sizeof klen);
    memcpy(b + sizeof klen, key, klen);
    memcpy(b + sizeof klen + klen, val, vlen + 1);
    size_t i = h & (im->memo_cap - 1);
    while (im->memo[i])
        i = (i + 1) & (im->memo_cap - 1);
    im->memo[i] = b;
    im->memo_n++;
    return b + sizeof klen + klen;
}

static void memo_free(cas__import *im)
{
    for (size_t i = 0; i < im->memo_cap; i++)
        cas__free(im->memo[i]);
    cas__free(im->memo);
    im->memo = NULL;
    im->memo_cap = im->memo_n = 0;
}

/* ---- slugs ---- */

/* The ASCII letter(s) a Latin-1 Supplement or Latin Extended-A letter
 * folds to ("é" -> "e", "ß" -> "ss"), or NULL. */
static const char *fold(unsigned cp)
{
    static const char *const latin1[64] = {
        "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
        "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
        "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "y"};
    /* Latin Extended-A, U+0100 to U+017F: the base letter of each. */
    static const char ext_a[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllllll"
                                "lnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    static const char *const letter[26] = {"a", "b", "c", "d", "e", "f", "g", "h", "i",
                                           "j", "k", "l", "m", "n", "o", "p", "q", "r",
                                           "s", "t", "u", "v", "w", "x", "y", "z"};

    if (cp >= 0xC0 && cp <= 0xFF)
        return latin1[cp - 0xC0];
    if (cp >= 0x100 && cp <= 0x17F)
        return letter[ext_a[cp - 0x100] - 'a'];
    /* The dotted letters of Arabic transliteration: ḍ ḥ ṣ ṭ ẓ. */
    switch (cp | 1u) {
    case 0x1E0D:
        return "d";
    case 0x1E25:
        return "h";
    case 0x1E63:
        return "s";
    case 0x1E6D:
        return "t";
    case 0x1E93:
        return "z";
    default:
        break;
    }
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x02BF || cp == 0x02BE)
        return ""; /* apostrophes: "Ma’la" -> "mala" */
    return NULL;
}

static const char *const admin_words[] = {
    "governorate", "province",   "district", "subdistrict", "sub-district",
    "state",       "region",     "division", "county",      "municipality",
    "prefecture",  "department", "oblast",   "raion",       "nahiya",
    "township",    "wilayah",    "city",     NULL};

size_t cas__slug(char *out, const char *s, size_t len, int admin)
{
    size_t n = 0, i = 0;
    int depth = 0, dash = 0;

    while (i < len) {
        unsigned char b = (unsigned char)s[i];
        unsigned cp = b;
        size_t step = 1;
        if (b >= 0xC0 && b < 0xE0 && i + 1 < len) {
            cp = ((b & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
            step = 2;
        } else if (b >= 0xE0 && b < 0xF0 && i + 2 < len) {
            cp = ((b & 0x0Fu) << 12) | (((unsigned char)s[i + 1] & 0x3Fu) << 6) |
                 ((unsigned char)s[i + 2] & 0x3Fu);
            step = 3;
        } else if (b >= 0xF0 && i + 3 < len) {
            cp = 0x10000; /* no letter to fold to */
            step = 4;
        }
        i += step;
        if (cp == '(') {
            depth++;
            continue;
        }
        if (cp == ')') {
            if (depth)
                depth--;
            continue;
        }
        if (depth)
            continue;
        const char *f = NULL;
        char one[2] = {0, 0};
        if (cp < 0x80 && isalnum((int)cp)) {
            one[0] = (char)tolower((int)cp);
            f = one;
        } else if (cp == '\'') {
            f = "";
        } else if (cp >= 0x80) {
            f = fold(cp);
        }
        if (!f) {
            dash = n > 0;
            continue;
        }
        if (!*f)
            continue;
        if (dash) {
            out[n++] = '-';
            dash = 0;
        }
        size_t fl = strlen(f);
        memcpy(out + n, f, fl);
        n += fl;
    }
    out[n] = '\0';
    if (admin) {
        for (const char *const *w = admin_words; *w; w++) {
            size_t wl = strlen(*w);
            if (n > wl + 1 && out[n - wl - 1] == '-' && memcmp(out + n - wl, *w, wl) == 0) {
                n -= wl + 1;
                out[n] = '\0';
                break;
            }
        }
    }
    return n;
}

/* The key of a kept result: @kind, then the @n texts in @parts, each
 * NUL-ended (a text has no NUL), in @small or this row's strings. */
static char *memo_keyof(cas__import *im, char *small, size_t cap, char kind,
                        const char *const *parts, const size_t *lens, size_t n, size_t *klen)
{
    size_t total = 1;

    for (size_t i = 0; i < n; i++)
        total += lens[i] + 1;
    char *k = total <= cap ? small : arena_alloc(im, total);
    if (!k)
        return NULL;
    size_t used = 0;
    k[used++] = kind;
    for (size_t i = 0; i < n; i++) {
        memcpy(k + used, parts[i], lens[i]);
        used += lens[i];
        k[used++] = '\0';
    }
    *klen = used;
    return k;
}

char *cas__import_slug(cas__import *im, const char *s, size_t len, int admin)
{
    char small[256];
    size_t klen;
    char *key = memo_keyof(im, small, sizeof small, admin ? 'A' : 'a', &s, &len, 1, &klen);
    if (!key)
        return NULL;
    uint32_t h = cas__hash(key, klen);
    const char *kept = memo_find(im, key, klen, h);
    if (kept)
        return (char *)kept;
    /* A folded letter is at most two bytes for two or more bytes in. */
    char *p = arena_alloc(im, len + 1);

    if (!p)
        return NULL;
    cas__slug(p, s, len, admin);
    return (char *)memo_add(im, key, klen, h, p);
}

static char *make_place(cas__import *im, const char *const *parts, size_t n)
{
    size_t total = 1;

    for (size_t i = 0; i < n && parts[i]; i++)
        total += strlen(parts[i]) + 1;
    char *p = arena_alloc(im, total);
    if (!p)
        return NULL;
    size_t used = 0;
    for (size_t i = 0; i < n && parts[i]; i++) {
        size_t len = strlen(parts[i]);
        if (cas__import_is_na(im, parts[i], len))
            break;
        if (used)
            p[used++] = '/';
        size_t k = cas__slug(p + used, parts[i], len, i > 0);
        if (k == 0) {
            if (used)
                used--;
            break;
        }
        used += k;
    }
    p[used] = '\0';
    return p;
}

char *cas__import_place(cas__import *im, const char *const *parts, size_t n)
{
    size_t lens[8], m = 0;
    char small[512];

    if (n > 8)
        return make_place(im, parts, n);
    for (; m < n && parts[m]; m++)
        lens[m] = strlen(parts[m]);
    size_t klen;
    char *key = memo_keyof(im, small, sizeof small, 'P', parts, lens, m, &klen);
    if (!key)
        return NULL;
    uint32_t h = cas__hash(key, klen);
    const char *kept = memo_find(im, key, klen, h);
    if (kept)
        return (char *)kept;
    char *p = make_place(im, parts, m);
    return p ? (char *)memo_add(im, key, klen, h, p) : NULL;
}

char *cas__import_side(cas__import *im, const char *side, int perpetrator)
{
    if (strncmp(side, "Government of ", 14) == 0)
        return perpetrator ? "government" : "combatants/government";
    char *slug = cas__import_slug(im, side, strlen(side), 0);
    if (!slug)
        return NULL;
    if (!*slug)
        return "";
    return perpetrator ? slug : cas__import_printf(im, "combatants/%s", slug);
}

/* ---- the header and the row's fields ---- */

int cas__import_col(const cas__import *im, const char *name)
{
    for (size_t i = 0; i < im->nhead; i++)
        if (strcmp(im->head[i], name) == 0)
            return (int)i;
    return -1;
}

int cas__import_col_any(const cas__import *im, const char *const *names)
{
    for (; *names; names++) {
        int c = cas__import_col(im, *names);
        if (c >= 0)
            return c;
    }
    return -1;
}

static cas_status header_fail(cas__import *im, const char *name)
{
    cas_error e;

    cas_error_init(&e);
    cas__fail(&e, CAS_ERR_HEADER, name, "required column '%s' is missing (format %s)", name,
              im->fmt->name);
    cas__csvread_fail(&im->rd, &e, 1, 0);
    return CAS_ERR_HEADER;
}

cas_status cas__import_need(cas__import *im, int *col, const char *name)
{
    *col = cas__import_col(im, name);
    return *col >= 0 ? CAS_OK : header_fail(im, name);
}

cas_status cas__import_need_any(cas__import *im, int *col, const char *const *names)
{
    *col = cas__import_col_any(im, names);
    return *col >= 0 ? CAS_OK : header_fail(im, names[0]);
}

const char *cas__import_raw(const cas__import *im, int col, size_t *len)
{
    if (col < 0 || (size_t)col >= im->nhead) {
        *len = 0;
        return "";
    }
    *len = im->len[col];
    return im->buf + im->off[col];
}

int cas__import_is_na(const cas__import *im, const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    if (len == 0)
        return 1;
    for (const char *na = im->na; na && *na;) {
        size_t k = strlen(na);
        if (k == len && *na == *s && memcmp(na, s, len) == 0)
            return 1;
        na += k + 1;
    }
    return 0;
}

const char *cas__import_get(const cas__import *im, int col, size_t *len)
{
    const char *s = cas__import_raw(im, col, len);

    return cas__import_is_na(im, s, *len) ? NULL : s;
}

void cas__import_fail(cas__import *im, int col, cas_status st, const char *fmt, ...)
{
    cas_error e;
    va_list ap;
    char msg[sizeof e.message];

    if (im->rd.status != CAS_OK)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cas_error_init(&e);
    cas__fail(&e, st, col >= 0 && (size_t)col < im->nhead ? im->head[col] : "", "%s", msg);
    cas__csvread_fail(&im->rd, &e, im->row_line, col >= 0 ? col + 1 : 0);
}

cas_status cas__import_parse_count(int64_t *out, const char *s, size_t len)
{
    char digits[32];
    size_t n = 0;
    int neg = 0;

    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    if (len && *s == '-') {
        neg = 1;
        s++;
        len--;
    }
    /* "12.0" (a count written as a real number) is 12; "12.5" is not a count. */
    const char *dot = memchr(s, '.', len);
    if (dot) {
        for (const char *p = dot + 1; p < s + len; p++)
            if (*p != '0')
                return CAS_ERR_NUMBER;
        len = (size_t)(dot - s);
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ',' && i > 0 && i + 3 < len + 1 && (len - i - 1) % 4 == 3)
            continue; /* a thousands separator: 1,200 */
        if (n + 1 >= sizeof digits)
            return CAS_ERR_OVERFLOW;
        digits[n++] = s[i];
    }
    if (n == 0)
        return CAS_ERR_NUMBER;
    cas_status st = cas__parse_count(out, digits, n);
    if (st == CAS_OK && neg && *out != 0)
        return CAS_ERR_RANGE;
    return st;
}

int cas__import_count(cas__import *im, int col, int64_t *out)
{
    size_t len;
    const char *s = cas__import_get(im, col, &len);
    char excerpt[48];

    if (!s)
        return 0;
    cas_status st = cas__import_parse_count(out, s, len);
    if (st == CAS_OK)
        return 1;
    cas__quote_excerpt(excerpt, sizeof excerpt, s, len);
    if (st == CAS_ERR_RANGE)
        cas__import_fail(im, col, st, "expected a whole number >= 0, got negative '%s'", excerpt);
    else if (st == CAS_ERR_OVERFLOW)
        cas__import_fail(im, col, st, "'%s' is larger than the largest count", excerpt);
    else
        cas__import_fail(im, col, st, "expected a whole number >= 0, got '%s'", excerpt);
    return -1;
}

static int month_of(const char *s, size_t len)
{
    static const char *const names[12] = {"january",   "february", "march",    "april",
                                          "may",       "june",     "july",     "august",
                                          "september", "october",  "november", "december"};
    char w[16];

    if (len < 3 || len >= sizeof w)
        return 0;
    for (size_t i = 0; i < len; i++)
        w[i] = (char)tolower((unsigned char)s[i]);
    w[len] = '\0';
    for (int m = 0; m < 12; m++)
        if ((len == 3 && memcmp(names[m], w, 3) == 0) || strcmp(names[m], w) == 0 ||
            (len == 4 && m == 8 && memcmp(w, "sept", 4) == 0))
            return m + 1;
    return 0;
}

/* A run of digits at *@p: its value (at most 9 digits), or -1. */
static int32_t digits_at(const char **p, const char *end, size_t *ndig)
{
    int32_t v = 0;
    size_t n = 0;

    while (*p < end && isdigit((unsigned char)**p) && n < 9) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *ndig = n;
    return n ? v : -1;
}

cas_status cas__import_parse_date(int32_t *out, const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    size_t n1, n2, n3;

    while (p < end && *p == ' ')
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\r'))
        end--;
    int32_t a = digits_at(&p, end, &n1);
    if (a < 0 || p >= end)
        return CAS_ERR_DATE;
    char sep = *p++;
    if (n1 == 4 && sep == '-') { /* YYYY-MM-DD, and maybe a time */
        if ((size_t)(end - s) < 10 || cas_date_parse(out, p - 5, 10) != CAS_OK)
            return CAS_ERR_DATE;
        const char *rest = p - 5 + 10;
        if (rest == end || *rest == 'T' || *rest == ' ')
            return CAS_OK;
        return CAS_ERR_DATE;
    }
    if (n1 > 2)
        return CAS_ERR_DATE;
    int32_t m, y;
    if (sep == '.' || sep == '/') { /* DD.MM.YYYY, DD/MM/YYYY */
        m = digits_at(&p, end, &n2);
        if (m < 0 || p >= end || *p++ != sep)
            return CAS_ERR_DATE;
        y = digits_at(&p, end, &n3);
        if (n3 != 4 || p != end)
            return CAS_ERR_DATE;
    } else if (sep == ' ' || sep == '-') { /* D Month YYYY, D-Mon-YY */
        const char *w = p;
        while (p < end && isalpha((unsigned char)*p))
            p++;
        m = month_of(w, (size_t)(p - w));
        if (!m || p >= end || (*p != ' ' && *p != '-'))
            return CAS_ERR_DATE;
        p++;
        y = digits_at(&p, end, &n3);
        if ((n3 != 4 && n3 != 2) || p != end)
            return CAS_ERR_DATE;
        if (n3 == 2)
            y += y < 50 ? 2000 : 1900;
    } else {
        return CAS_ERR_DATE;
    }
    return cas_date_from_ymd(out, y, m, a) == CAS_OK ? CAS_OK : CAS_ERR_DATE;
}

int cas__import_date(cas__import *im, int col, int32_t *out)
{
    size_t len;
    const char *s = cas__import_get(im, col, &len);
    char excerpt[48];

    if (!s)
        return 0;
    if (cas__import_parse_date(out, s, len) == CAS_OK)
        return 1;
    cas__quote_excerpt(excerpt, sizeof excerpt, s, len);
    cas__import_fail(
        im, col, CAS_ERR_DATE,
        "expected a real calendar date (YYYY-MM-DD, DD.MM.YYYY, D Month YYYY), got '%s'", excerpt);
    return -1;
}

int cas__import_emit(cas__import *im, const cas_claim *c, int col)
{
    cas_error e;

    if (im->rd.status != CAS_OK)
        return -1;
    cas_error_init(&e);
    /* The claims one row makes share most strings (the source, the
     * citation, the quote, the place...), in the same memory while the row
     * lasts: those are checked and hashed once. */
    const char *s[CAS__NSTR] = {c->id,
                                c->source,
                                c->source_kind,
                                c->relay,
                                c->citation,
                                c->quote,
                                c->scope.outcome,
                                c->scope.group,
                                c->scope.perpetrator,
                                c->scope.place,
                                c->scope.event};
    unsigned known = 0;
    if (im->last_row == im->rows && im->rows)
        for (int k = 0; k < CAS__NSTR; k++)
            if (s[k] && s[k] == im->last[k])
                known |= 1u << k;
    cas_status st = cas__ledger_add_known(im->ledger, c, im->last_len, im->last_hash, known, &e);
    if (st == CAS_OK) {
        memcpy(im->last, s, sizeof s);
        im->last_row = im->rows;
        return 0;
    }
    im->last_row = 0;
    /* The message names the claim's field; say which claim too. */
    char msg[sizeof e.message + 96];
    snprintf(msg, sizeof msg, "claim %.80s: %s", c->id ? c->id : "", e.message);
    cas_error_init(&e);
    cas__fail(&e, st, col >= 0 && (size_t)col < im->nhead ? im->head[col] : "", "%s", msg);
    cas__csvread_fail(&im->rd, &e, im->row_line, col >= 0 ? col + 1 : 0);
    return -1;
}

const char *cas__import_opt_source(const cas__import *im)
{
    return im->source;
}

/* ---- libcsv's callbacks ---- */

static int room(cas__import *im, void **p, size_t *cap, size_t need, size_t size)
{
    if (cas__grow(p, cap, need, size, 16))
        return 1;
    cas__import_fail(im, -1, CAS_ERR_NOMEM, "out of memory");
    return 0;
}

static void on_field(void *s, size_t len, void *data)
{
    cas__import *im = data;
    const char *text = s ? s : "";

    if (im->rd.status != CAS_OK)
        return;
    if (im->field == 0 && im->overflow == 0) {
        im->row_line = cas__csvread_row_line(&im->rd, text, len);
        im->buf_len = 0;
    }
    if (len > CAS_FIELD_MAX) {
        cas_error e;
        cas_error_init(&e);
        cas__fail(&e, CAS_ERR_TOO_LONG,
                  im->header_done && im->field < im->nhead ? im->head[im->field] : "",
                  "%zu bytes, more than the %d allowed", len, CAS_FIELD_MAX);
        cas__csvread_fail(&im->rd, &e, im->row_line, (int64_t)im->field + 1);
        return;
    }
    if (!im->header_done) {
        char *name = cas__malloc(len + 1);
        if (!name ||
            !room(im, (void **)&im->head, &im->head_cap, im->nhead + 1, sizeof *im->head)) {
            cas__free(name);
            if (!cas__import_failed(im))
                cas__import_fail(im, -1, CAS_ERR_NOMEM, "out of memory");
            return;
        }
        /* Names as written, less surrounding spaces. */
        while (len && text[len - 1] == ' ')
            len--;
        while (len && *text == ' ') {
            text++;
            len--;
        }
        memcpy(name, text, len);
        name[len] = '\0';
        im->head[im->nhead++] = name;
        im->field++;
        return;
    }
    if (im->field >= im->nhead) {
        im->overflow++;
        return;
    }
    size_t bcap = im->buf_cap;
    if (!room(im, (void **)&im->buf, &bcap, im->buf_len + len + 1, 1))
        return;
    im->buf_cap = bcap;
    memcpy(im->buf + im->buf_len, text, len);
    im->buf[im->buf_len + len] = '\0';
    im->off[im->field] = im->buf_len;
    im->len[im->field] = len;
    im->buf_len += len + 1;
    im->field++;
}

static void on_row(int c, void *data)
{
    cas__import *im = data;

    (void)c;
    if (im->rd.status == CAS_OK) {
        if (!im->header_done) {
            im->header_done = 1;
            im->off = cas__calloc(im->nhead ? im->nhead : 1, sizeof *im->off);
            im->len = cas__calloc(im->nhead ? im->nhead : 1, sizeof *im->len);
            if (!im->off || !im->len)
                cas__import_fail(im, -1, CAS_ERR_NOMEM, "out of memory");
            else if (im->fmt->header)
                im->fmt->header(im);
        } else if (im->field == 1 && im->len[0] == 0 && im->nhead > 1) {
            /* A blank line: nothing. */
        } else if (im->field < im->nhead || im->overflow) {
            cas__import_fail(im, (int)(im->field < im->nhead ? im->field : im->nhead), CAS_ERR_CSV,
                             "expected %zu fields as in the header, found %zu", im->nhead,
                             im->field + im->overflow);
        } else {
            im->rows++;
            arena_reset(im);
            im->fmt->row(im);
        }
    }
    im->field = 0;
    im->overflow = 0;
}

/* The reader's field_name: the header's name of field @f. */
static const char *read_field_name(void *data, size_t f)
{
    const cas__import *im = data;
    return im->header_done && f < im->nhead ? im->head[f] : NULL;
}

/* Whether a byte of @x equals the byte @mask repeats. */
static inline int has_byte(uint64_t x, uint64_t mask)
{
    uint64_t v = x ^ mask;
    return ((v - UINT64_C(0x0101010101010101)) & ~v & UINT64_C(0x8080808080808080)) != 0;
}

/* The reader's take_line, once the header is read: a line whose quoted
 * fields all close on it is split here (libcsv's rules: spaces around an
 * unquoted field dropped, "" in a quoted one a quote), without libcsv's
 * byte-at-a-time callbacks; 0 leaves anything else to libcsv. One pass
 * copies the line into the row's buffer, each field NUL-ended where it
 * was (a quoted one unescaped in place); nothing of the row is kept until
 * the whole line has split, so a line handed back to libcsv starts clean. */
static int take_line(void *data, const char *line, size_t n)
{
    cas__import *im = data;
    const char *end, *p;
    const char delim = im->delim;
    const uint64_t dmask = UINT64_C(0x0101010101010101) * (unsigned char)delim,
                   qmask = UINT64_C(0x0101010101010101) * '"';
    size_t field = 0, overflow = 0, w = 0;

    if (!line || n == 0 || !im->header_done || im->rd.status != CAS_OK)
        return 0;
    end = line + n - 1; /* the '\n' */
    if (memchr(line, '\0', n))
        return 0; /* libcsv's way, where the reader refuses it */
    if (end > line && end[-1] == '\r')
        end--;
    if (end == line)
        return 0;
    /* The unescaped fields are never longer than the line. */
    size_t bcap = im->buf_cap;
    if (!cas__grow((void **)&im->buf, &bcap, n + 1, 1, 1024))
        return 0;
    im->buf_cap = bcap;
    char *buf = im->buf;
    for (p = line; p <= end; p++) {
        size_t start;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        start = w;
        if (p < end && *p == '"') {
            for (p++;;) {
                const char *q = memchr(p, '"', (size_t)(end - p));
                if (!q)
                    return 0; /* a quoted field goes on over lines */
                memcpy(buf + w, p, (size_t)(q - p));
                w += (size_t)(q - p);
                p = q + 1;
                if (p < end && *p == '"') { /* "" is a quote */
                    buf[w++] = '"';
                    p++;
                } else {
                    break;
                }
            }
            while (p < end && (*p == ' ' || *p == '\t'))
                p++;
            if (p < end && *p != delim)
                return 0; /* text after the closing quote: libcsv tells it */
        } else {
            const char *f = p;
            /* Eight bytes at a time to the next separator or quote. */
            // cppcheck-suppress knownConditionTrueFalse ; p moves, cppcheck 2.10 misses it
            while (end - p >= 8) {
                uint64_t x;
                memcpy(&x, p, 8);
                if (has_byte(x, dmask) || has_byte(x, qmask))
                    break;
                p += 8;
            }
            while (p < end && *p != delim) {
                if (*p == '"')
                    return 0; /* a quote inside an unquoted field */
                p++;
            }
            const char *e = p;
            while (e > f && (e[-1] == ' ' || e[-1] == '\t'))
                e--;
            memcpy(buf + w, f, (size_t)(e - f));
            w += (size_t)(e - f);
        }
        if (w - start > CAS_FIELD_MAX)
            return 0; /* libcsv's way tells it */
        if (field < im->nhead) {
            im->off[field] = start;
            im->len[field] = w - start;
            buf[w++] = '\0';
            field++;
        } else {
            w = start;
            overflow++;
        }
    }
    im->row_line = im->rd.line;
    im->buf_len = w;
    im->field = field;
    im->overflow = overflow;
    on_row('\n', im);
    im->rd.next_row_line = im->rd.line + 1;
    return 1;
}

/* ---- the input ---- */

/* Windows-1252's 0x80 to 0x9F as code points (0: undefined there). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/* Convert latin1 or cp1252 bytes to UTF-8 in a new buffer. */
static char *to_utf8(const char *data, size_t len, int32_t enc, size_t *out_len, cas_error *err,
                     const char *name)
{
    char *out = cas__malloc(len * 3 + 1);
    size_t n = 0;
    int64_t line = 1, col = 1;

    if (!out) {
        cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)data[i];
        unsigned cp = b;
        if (b == '\n') {
            line++;
            col = 0;
        }
        col++;
        if (b >= 0x80 && b < 0xA0 && enc == CAS_ENCODING_CP1252) {
            cp = cp1252_high[b - 0x80];
            if (!cp) {
                cas__free(out);
                cas__fail(err, CAS_ERR_ENCODING, "", "byte 0x%02X is not a cp1252 character", b);
                cas__error_where(err, name, line, col - 1);
                return NULL;
            }
        }
        if (cp < 0x80) {
            out[n++] = (char)cp;
        } else if (cp < 0x800) {
            out[n++] = (char)(0xC0 | (cp >> 6));
            out[n++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[n++] = (char)(0xE0 | (cp >> 12));
            out[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[n++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    out[n] = '\0';
    *out_len = n;
    return out;
}

/* Split the comma-separated @list into NUL-ended codes ended by an empty
 * one. */
static char *na_list(const char *list)
{
    size_t len = strlen(list);
    char *out = cas__malloc(len + 2);

    if (!out)
        return NULL;
    size_t n = 0;
    for (const char *p = list; *p;) {
        const char *q = strchr(p, ',');
        size_t k = q ? (size_t)(q - p) : strlen(p);
        while (k && *p == ' ') {
            p++;
            k--;
        }
        while (k && p[k - 1] == ' ')
            k--;
        if (k) {
            memcpy(out + n, p, k);
            n += k;
            out[n++] = '\0';
        }
        p = q ? q + 1 : p + strlen(p);
    }
    out[n] = '\0';
    return out;
}

static const cas__import_format *find_format(const char *name)
{
    for (size_t i = 0; i < NFORMATS; i++)
        if (strcmp(formats[i]->name, name) == 0)
            return formats[i];
    return NULL;
}

static cas_status run(cas_ledger *l, const cas__import_format *fmt, const char *data, size_t len,
                      const char *name, const cas_import_options *opts, cas_error *err)
{
    cas__import im;
    int32_t enc = fmt->encoding;
    int delim = fmt->delimiter;
    char *converted = NULL;

    memset(&im, 0, sizeof im);
    im.fmt = fmt;
    im.opts = opts;
    im.ledger = l;
    im.source = fmt->source;
    if (opts->encoding >= 0)
        enc = opts->encoding;
    if (opts->delimiter)
        delim = opts->delimiter;
    if (opts->source && *opts->source)
        im.source = opts->source;
    if (enc != CAS_ENCODING_UTF8) {
        converted = to_utf8(data, len, enc, &len, err, name ? name : "");
        if (!converted)
            return (cas_status)(err ? err->status : CAS_ERR_ENCODING);
        data = converted;
    }
    /* UTF-8 is not checked here but in the claims: a column no claim takes
     * (PRIO's note has a stray byte) may hold anything. */
    im.na = na_list(opts->na ? opts->na : fmt->na);
    if (!im.na) {
        cas__free(converted);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    if (fmt->state_size && !(im.state = cas__calloc(1, fmt->state_size))) {
        cas__free(im.na);
        cas__free(converted);
        return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
    }
    if (cas__csvread_init(&im.rd, name, err, 0, 65536, on_field, on_row, &im) != CAS_OK) {
        cas__csvread_free(&im.rd);
        cas__free(im.state);
        cas__free(im.na);
        cas__free(converted);
        return CAS_ERR_NOMEM;
    }
    if (delim == 'a') {
        const char *eol = memchr(data, '\n', len);
        size_t n = eol ? (size_t)(eol - data) : len;
        delim = memchr(data, ';', n) && !memchr(data, ',', n) ? ';' : ',';
    }
    if (delim)
        csv_set_delim(&im.rd.parser, (unsigned char)delim);
    im.delim = (char)(delim ? delim : ',');
    im.rd.take_line = take_line;
    im.rd.field_name = read_field_name;
    size_t start = l->count;
    cas__ledger_bulk_begin(l);
    if (fmt->text) {
        fmt->text(&im, data, len);
    } else {
        cas__csvread_buffer(&im.rd, data, len);
        cas__csvread_finish(&im.rd);
        if (im.rd.status == CAS_OK && !im.header_done) {
            cas_error e;
            cas_error_init(&e);
            cas__fail(&e, CAS_ERR_EMPTY, "", "no header row");
            cas__csvread_fail(&im.rd, &e, 1, 0);
        }
    }
    if (im.rd.status == CAS_OK && fmt->finish)
        fmt->finish(&im);
    if (im.rd.status == CAS_OK && cas__ledger_bulk_end(l) != CAS_OK) {
        cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
        im.rd.status = CAS_ERR_NOMEM;
    }
    if (im.rd.status != CAS_OK)
        cas__ledger_truncate(l, start);
    cas_status st = im.rd.status;
    cas__csvread_free(&im.rd);
    if (fmt->free_state)
        fmt->free_state(&im);
    cas__free(im.state);
    for (size_t i = 0; i < im.nhead; i++)
        cas__free(im.head[i]);
    cas__free(im.head);
    cas__free(im.buf);
    cas__free(im.off);
    cas__free(im.len);
    cas__free(im.na);
    arena_free(&im);
    memo_free(&im);
    cas__free(converted);
    return st;
}

static cas_status check_args(const cas_ledger *l, const char *format, const cas_import_options *in,
                             cas_import_options *opts, const cas__import_format **fmt,
                             cas_error *err)
{
    if (!l || !format)
        return cas__fail(err, CAS_ERR_ARG, "", "ledger or format is NULL");
    *fmt = find_format(format);
    if (!*fmt)
        return cas__fail(err, CAS_ERR_ARG, "format",
                         "unknown format '%.64s' (ucdp-ged, ucdp-brd, prio, acled, ibc, tfp, "
                         "infobox, mapping)",
                         format);
    cas_import_options_init(opts);
    if (in) {
        if (!CAS__SIZED_OK(in, cas_import_options))
            return cas__fail(err, CAS_ERR_ARG, "", "options: wrong size");
        cas__sized_read(opts, in, opts, sizeof *opts);
    }
    if (opts->encoding < -1 || opts->encoding > CAS_ENCODING_CP1252)
        return cas__fail(err, CAS_ERR_ARG, "encoding", "unknown encoding %d", (int)opts->encoding);
    if (opts->delimiter < 0 || opts->delimiter > 126 || opts->delimiter == '"' ||
        opts->delimiter == '\n' || opts->delimiter == '\r')
        return cas__fail(err, CAS_ERR_ARG, "delimiter",
                         "a delimiter must be one ASCII character "
                         "other than a quote or a line end");
    if (*fmt == &cas__import_mapping && (!opts->mapping || !*opts->mapping))
        return cas__fail(err, CAS_ERR_ARG, "mapping", "the format 'mapping' needs a mapping file");
    return CAS_OK;
}

cas_status cas_import_buffer(cas_ledger *l, const char *format, const char *data, size_t len,
                             const char *name, const cas_import_options *in, cas_error *err)
{
    cas_import_options opts;
    const cas__import_format *fmt = NULL;
    cas_status st = check_args(l, format, in, &opts, &fmt, err);

    if (st != CAS_OK || !fmt)
        return st != CAS_OK ? st : CAS_ERR_ARG;
    if (!data && len)
        return cas__fail(err, CAS_ERR_ARG, "", "data is NULL");
    return run(l, fmt, data ? data : "", len, name, &opts, err);
}

cas_status cas_import(cas_ledger *l, const char *format, const char *path,
                      const cas_import_options *in, cas_error *err)
{
    cas_import_options opts;
    const cas__import_format *fmt = NULL;
    cas_status st = check_args(l, format, in, &opts, &fmt, err);

    if (st != CAS_OK || !fmt)
        return st != CAS_OK ? st : CAS_ERR_ARG;
    if (!path)
        return cas__fail(err, CAS_ERR_ARG, "", "path is NULL");
    FILE *fp = cas__csvread_open(path, err);
    if (!fp)
        return CAS_ERR_IO;
    char *data = NULL;
    size_t len = 0, cap = 0;
    /* A file that can seek is read in one block of its size (growing a
     * buffer copied the input over and over). */
    if (fseek(fp, 0, SEEK_END) == 0) {
        long size = ftell(fp);
        if (fseek(fp, 0, SEEK_SET) != 0 || size < 0) {
            fclose(fp);
            cas__fail(err, CAS_ERR_IO, "", "cannot read");
            cas__error_where(err, path, 0, 0);
            return CAS_ERR_IO;
        }
        cap = (size_t)size + 1;
        data = cas__malloc(cap);
        if (!data) {
            fclose(fp);
            return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
        }
    }
    for (;;) {
        if (len == cap && !cas__grow((void **)&data, &cap, len + 65536, 1, 1u << 20)) {
            fclose(fp);
            cas__free(data);
            return cas__fail(err, CAS_ERR_NOMEM, "", "out of memory");
        }
        size_t got = fread(data + len, 1, cap - len, fp);
        len += got;
        if (got == 0)
            break;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        cas__free(data);
        cas__fail(err, CAS_ERR_IO, "", "cannot read");
        cas__error_where(err, path, 0, 0);
        return CAS_ERR_IO;
    }
    st = run(l, fmt, data, len, path, &opts, err);
    cas__free(data);
    return st;
}
