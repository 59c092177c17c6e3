/* SPDX-License-Identifier: MIT */
/* The claim-phrase parser's lexer: bytes to tokens, and number words.
 *
 * The lexer never trusts its input: every read is checked against the
 * text's length, bytes that are not valid UTF-8 are read as letters, and
 * nothing recurses. Wikipedia markup that carries no words is skipped:
 * footnote markers ("[12]", "[a]", "[citation needed]"), <ref>...</ref>,
 * other tags; "<br>", '|' and line breaks end a sentence. */
#include "phrase_internal.h"

#include <string.h>

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* The class of the (possibly multi-byte) character at s[i], i < n, whose
 * first byte is >= 0x80: ' ' space, '-' dash, '\'' apostrophe, '"' quote,
 * '*' bullet, 'B' line break, 'u' other symbol, 'L' letter. *len receives
 * its length in bytes (1 for a byte that does not start valid UTF-8). */
static char u8class(const unsigned char *s, size_t n, size_t i, size_t *len)
{
    unsigned char c = s[i];
    size_t need = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 1;
    unsigned char b1, b2;

    if (need > n - i)
        need = 1;
    for (size_t k = 1; k < need; k++)
        if ((s[i + k] & 0xC0) != 0x80) {
            need = 1;
            break;
        }
    *len = need;
    if (need == 1)
        return 'L';
    b1 = s[i + 1];
    if (c == 0xC2) {
        if (b1 == 0xA0)
            return ' ';
        if (b1 == 0xAB || b1 == 0xBB)
            return '"';
        if (b1 == 0xB7)
            return '*';
        return 'u'; /* U+0080..U+00BF: symbols, not letters */
    }
    if (c == 0xC3 && (b1 == 0x97 || b1 == 0xB7))
        return 'u'; /* multiplication and division signs */
    if (need != 3)
        return 'L';
    b2 = s[i + 2];
    if (c == 0xE2 && b1 == 0x80) {
        if (b2 <= 0x8B || b2 == 0xAF)
            return ' ';
        if (b2 >= 0x90 && b2 <= 0x95)
            return '-';
        if (b2 == 0x98 || b2 == 0x99 || b2 == 0x9B)
            return '\'';
        if (b2 >= 0x9C && b2 <= 0x9F)
            return '"';
        if (b2 == 0xA2)
            return '*';
        if (b2 == 0xA8 || b2 == 0xA9)
            return 'B';
        return 'u';
    }
    if (c == 0xE2 && b1 == 0x81 && b2 == 0x9F)
        return ' ';
    if (c == 0xE2 && b1 == 0x88 && b2 == 0x92)
        return '-'; /* minus sign */
    if (c == 0xE2 && b1 >= 0x80 && b1 <= 0xAF)
        return 'u'; /* general punctuation, arrows, maths */
    if (c == 0xE3 && b1 == 0x80 && b2 == 0x80)
        return ' ';
    if (c == 0xEF && b1 == 0xBB && b2 == 0xBF)
        return ' '; /* byte order mark */
    return 'L';
}

/* Case-insensitive match of the ASCII @lit at s[i]. */
static int at_ci(const unsigned char *s, size_t n, size_t i, const char *lit)
{
    size_t k = 0;
    for (; lit[k]; k++)
        if (i + k >= n || lower(s[i + k]) != (unsigned char)lit[k])
            return 0;
    return 1;
}

/* The first '>' at or after k in s[0, n), or n. The answer is memoised
 * in @lx: the lexer only moves forward, so every byte is scanned at most
 * once over the whole text (O(n) in all, however many "<ref" it holds). */
static size_t next_gt(cas__lexer *lx, const unsigned char *s, size_t n, size_t k)
{
    if (lx->gt_at && lx->gt_from <= k && k <= lx->gt_at)
        return lx->gt_at;
    lx->gt_from = k;
    while (k < n && s[k] != '>')
        k++;
    lx->gt_at = k;
    return k;
}

/* The first "</ref>" (any case) at or after k in s[0, n), or n; memoised
 * as next_gt(). */
static size_t next_close_ref(cas__lexer *lx, const unsigned char *s, size_t n, size_t k)
{
    size_t m = k;
    if (lx->cl_at && lx->cl_from <= k && k <= lx->cl_at)
        return lx->cl_at;
    for (; m + 5 < n; m++)
        if (s[m] == '<' && at_ci(s, n, m, "</ref>"))
            break;
    lx->cl_from = k;
    lx->cl_at = m + 5 < n ? m : n;
    return lx->cl_at;
}

/* Skip markup at s[i] (s[i] is '<', '[', '{', '}', ']' or '&'). Returns
 * the number of bytes to skip as white space, 0 when it is not markup;
 * *brk is set when the markup is a line break. */
static size_t skip_markup(cas__lexer *lx, const unsigned char *s, size_t n, size_t i, int *brk,
                          char *as)
{
    unsigned char c = s[i];

    *brk = 0;
    *as = 0;
    if (c == '<') {
        size_t j = i + 1;
        if (at_ci(s, n, j, "br")) {
            j += 2;
            while (j < n && is_ws(s[j]))
                j++;
            if (j < n && s[j] == '/')
                j++;
            while (j < n && is_ws(s[j]))
                j++;
            if (j < n && s[j] == '>') {
                *brk = 1;
                return j + 1 - i;
            }
            return 0;
        }
        if (at_ci(s, n, j, "ref") && j + 3 < n &&
            (s[j + 3] == '>' || s[j + 3] == '/' || is_ws(s[j + 3]))) {
            /* <ref .../> or <ref ...>...</ref>: a citation, never a claim. */
            size_t k = next_gt(lx, s, n, j + 3), m;
            if (k >= n)
                return 0;
            if (s[k - 1] == '/')
                return k + 1 - i;
            m = next_close_ref(lx, s, n, k + 1);
            if (m < n)
                return m + 6 - i;
            return k + 1 - i;
        }
        if (j < n && (is_alpha(s[j]) || s[j] == '/' || s[j] == '!')) {
            for (size_t k = j; k < n && k < i + 256; k++) {
                if (s[k] == '>')
                    return k + 1 - i;
                if (s[k] == '<' || s[k] == '\n')
                    break;
            }
        }
        return 0;
    }
    if (c == '[') {
        size_t j = i + 1, k;
        int digits = 1, letters = 0;
        if (j < n && s[j] == '[')
            return 2;
        for (k = j; k < n && k < j + 24 && s[k] != ']'; k++) {
            if (!is_digit(s[k]))
                digits = 0;
            if (is_alpha(s[k]))
                letters++;
            if (!is_alpha(s[k]) && !is_digit(s[k]) && s[k] != ' ' && s[k] != '-')
                return 0;
        }
        if (k >= n || s[k] != ']' || k == j)
            return 0;
        /* [12], [a], [note 3], [nb 1], [citation needed] */
        if (digits || (letters == 1 && k - j == 1) || at_ci(s, n, j, "note") ||
            at_ci(s, n, j, "nb") || (k - j >= 6 && at_ci(s, n, k - 6, "needed")))
            return k + 1 - i;
        return 0;
    }
    if ((c == '{' || c == '}' || c == ']') && i + 1 < n && s[i + 1] == c)
        return 2;
    if (c == '&') {
        static const struct {
            const char *name;
            char as;
        } ent[] = {{"&nbsp;", ' '}, {"&ndash;", '-'},  {"&mdash;", '-'}, {"&minus;", '-'},
                   {"&amp;", '&'},  {"&thinsp;", ' '}, {"&#160;", ' '}};
        for (size_t e = 0; e < sizeof ent / sizeof ent[0]; e++)
            if (at_ci(s, n, i, ent[e].name)) {
                *as = ent[e].as;
                return strlen(ent[e].name);
            }
    }
    return 0;
}

/* A thousands separator at s[i] followed by exactly three digits and then
 * no digit: returns the separator's length, else 0. @kind is the
 * separator class to accept (0 = any, then set). */
static size_t group_sep(const unsigned char *s, size_t n, size_t i, int *kind)
{
    size_t len = 0;
    int k = 0;

    if (i >= n)
        return 0;
    if (s[i] == ',') {
        len = 1;
        k = 1;
    } else if (s[i] == ' ') {
        len = 1;
        k = 2;
    } else if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) {
        len = 2;
        k = 2;
    } else if (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
               (s[i + 2] == 0xAF || s[i + 2] == 0x89)) {
        len = 3;
        k = 2;
    }
    if (!k || (*kind && *kind != k))
        return 0;
    if (i + len + 3 > n || !is_digit(s[i + len]) || !is_digit(s[i + len + 1]) ||
        !is_digit(s[i + len + 2]))
        return 0;
    if (i + len + 3 < n && is_digit(s[i + len + 3]))
        return 0;
    /* "1,700.5" is fine; "1,7000" is not a group (checked above). */
    *kind = k;
    return len;
}

/* Invisible characters that hostile or careless text puts inside a
 * number ("1&shy;700", "1<U+200B>700"): a soft hyphen, zero-width space,
 * non-joiner, joiner, word joiner or byte order mark, raw or as an HTML
 * entity. Returns the length of the one at s[i], or 0. */
static size_t invisible(const unsigned char *s, size_t n, size_t i)
{
    if (i + 1 < n && s[i] == 0xC2 && s[i + 1] == 0xAD)
        return 2;
    if (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] >= 0x8B && s[i + 2] <= 0x8D)
        return 3;
    if (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x81 && s[i + 2] == 0xA0)
        return 3;
    if (i + 2 < n && s[i] == 0xEF && s[i + 1] == 0xBB && s[i + 2] == 0xBF)
        return 3;
    if (s[i] == '&') {
        static const char *const ent[] = {"&shy;",   "&#173;",   "&#xad;",   "&#8203;",  "&#x200b;",
                                          "&zwsp;",  "&zwnj;",   "&zwj;",    "&#8204;",  "&#8205;",
                                          "&#8288;", "&#x2060;", "&#65279;", "&#xfeff;", NULL};
        for (size_t e = 0; ent[e]; e++)
            if (at_ci(s, n, i, ent[e]))
                return strlen(ent[e]);
    }
    return 0;
}

/* Invisible characters at s[i] with a digit right after them: their
 * length, or 0. */
static size_t invisible_in_number(const unsigned char *s, size_t n, size_t i)
{
    size_t k = i, l;
    while (k < n && (l = invisible(s, n, k)) != 0)
        k += l;
    return k > i && k < n && is_digit(s[k]) ? k - i : 0;
}

/* Words that may follow digits with no space ("4075people"): the number
 * ends where they begin. */
static int stuck_word(const char *w)
{
    static const char *const words[] = {"people", "persons",   "civilians", "children", "women",
                                        "men",    "soldiers",  "fighters",  "killed",   "dead",
                                        "deaths", "wounded",   "injured",   "martyrs",  "victims",
                                        "troops", "militants", NULL};
    for (size_t k = 0; words[k]; k++)
        if (!strcmp(w, words[k]))
            return 1;
    return 0;
}

/* "1,5 million": a decimal comma, told from a thousands separator by the
 * one or two digits after it and the scale word that follows. Returns the
 * number of decimal digits (1 or 2), or 0. */
static size_t decimal_comma(const unsigned char *s, size_t n, size_t j)
{
    static const char *const scales[] = {"million", "billion", "thousand", "mln", "mn", "bn", NULL};
    size_t fd = 0, k;
    if (j >= n || s[j] != ',')
        return 0;
    for (k = j + 1; k < n && is_digit(s[k]); k++)
        fd++;
    if (fd < 1 || fd > 2)
        return 0;
    while (k < n && s[k] == ' ')
        k++;
    for (size_t m = 0; scales[m]; m++)
        if (at_ci(s, n, k, scales[m]) &&
            (k + strlen(scales[m]) >= n || !is_alpha(s[k + strlen(scales[m])])))
            return fd;
    return 0;
}

static void add_digit(cas__tok *t, unsigned d)
{
    if (t->nf & CAS__NF_OVERFLOW)
        return;
    if (__builtin_mul_overflow(t->mant, 10, &t->mant) ||
        __builtin_add_overflow(t->mant, (int64_t)d, &t->mant)) {
        t->nf |= CAS__NF_OVERFLOW;
        t->mant = 0;
    }
}

static size_t lex_number(const unsigned char *s, size_t n, size_t i, cas__tok *t)
{
    size_t j = i;
    unsigned nd = 0;
    int kind = 0;

    t->kind = CAS__TK_NUM;
    t->mant = 0;
    t->scale = 1;
    t->dec = 0;
    for (;;) {
        size_t inv;
        if (j < n && is_digit(s[j])) {
            add_digit(t, (unsigned)(s[j] - '0'));
            nd++;
            j++;
        } else if ((inv = invisible_in_number(s, n, j)) != 0) {
            j += inv; /* "1&shy;700" is 1700 */
        } else {
            break;
        }
    }
    t->ndig = (uint8_t)(nd > 255 ? 255 : nd);
    if (nd <= 3) {
        size_t sl;
        while ((sl = group_sep(s, n, j, &kind)) != 0) {
            j += sl;
            for (int k = 0; k < 3; k++, j++)
                add_digit(t, (unsigned)(s[j] - '0'));
            t->nf |= CAS__NF_GROUPED;
        }
    }
    if (nd <= 3 && !(t->nf & CAS__NF_GROUPED) && decimal_comma(s, n, j)) {
        /* "1,5 million": read as "1.5 million" */
        t->nf |= CAS__NF_DECIMAL;
        for (j = j + 1; j < n && is_digit(s[j]); j++) {
            add_digit(t, (unsigned)(s[j] - '0'));
            t->dec++;
        }
    } else if (j + 1 < n && s[j] == '.' && is_digit(s[j + 1])) {
        size_t k = j + 1, fd = 0;
        while (k < n && is_digit(s[k]))
            k++, fd++;
        if (fd == 3 && nd <= 3 && !(t->nf & CAS__NF_GROUPED) && k + 3 < n && s[k] == '.' &&
            is_digit(s[k + 1]) && is_digit(s[k + 2]) && is_digit(s[k + 3]) &&
            !(k + 4 < n && is_digit(s[k + 4]))) {
            /* "1.234.567": dots as thousands separators. */
            while (j + 3 < n && s[j] == '.' && is_digit(s[j + 1]) && is_digit(s[j + 2]) &&
                   is_digit(s[j + 3]) && !(j + 4 < n && is_digit(s[j + 4]))) {
                for (int m = 1; m <= 3; m++)
                    add_digit(t, (unsigned)(s[j + m] - '0'));
                j += 4;
            }
            t->nf |= CAS__NF_GROUPED;
        } else {
            if (fd == 3 && nd <= 3 && !(t->nf & CAS__NF_GROUPED))
                t->nf |= CAS__NF_AMBIG;
            t->nf |= CAS__NF_DECIMAL;
            for (j = j + 1; j < k; j++) {
                add_digit(t, (unsigned)(s[j] - '0'));
                if (t->dec < 19)
                    t->dec++;
            }
            if (t->dec > 18)
                t->nf |= CAS__NF_OVERFLOW;
        }
    }
    if (j < n && is_alpha(s[j])) {
        size_t k = j;
        char suf[8];
        size_t sl = 0;
        while (k < n && (is_alpha(s[k]) || is_digit(s[k]))) {
            if (sl < sizeof suf - 1)
                suf[sl] = (char)lower(s[k]);
            sl++;
            k++;
        }
        if (sl >= sizeof suf) {
            /* "4075people": a people word stuck to the digits */
            char w[12];
            size_t wl = k - j;
            if (wl < sizeof w) {
                for (size_t m = 0; m < wl; m++)
                    w[m] = (char)lower(s[j + m]);
                w[wl] = '\0';
                if (stuck_word(w))
                    return j - i;
            }
            sl = sizeof suf - 1;
        }
        suf[sl] = '\0';
        if (stuck_word(suf)) {
            return j - i;
        } else if (!strcmp(suf, "k")) {
            t->scale = 1000;
            t->nf |= CAS__NF_SCALE;
        } else if (!strcmp(suf, "m") || !strcmp(suf, "mn") || !strcmp(suf, "mln")) {
            t->scale = 1000000;
            t->nf |= CAS__NF_SCALE;
        } else if (!strcmp(suf, "bn") || !strcmp(suf, "b")) {
            t->scale = 1000000000;
            t->nf |= CAS__NF_SCALE;
        } else if (!strcmp(suf, "st") || !strcmp(suf, "nd") || !strcmp(suf, "rd") ||
                   !strcmp(suf, "th")) {
            t->nf |= CAS__NF_ORDINAL;
        } else {
            t->nf |= CAS__NF_UNIT;
        }
        j = k;
    }
    return j - i;
}

/* Read a word starting at byte @i into @tok (kind, CAP and UPPER flags):
 * letters and digits, with apostrophes and hyphens inside. Returns the
 * byte after it. */
static size_t lex_word(const unsigned char *s, size_t n, size_t i, cas__tok *tok)
{
    size_t letters = 0, uppers = 0;

    tok->kind = CAS__TK_WORD;
    if (s[i] >= 'A' && s[i] <= 'Z')
        tok->flags |= CAS__TF_CAP;
    while (i < n) {
        unsigned char d = s[i];
        size_t l = 1;
        char k = 0;
        if (is_alpha(d) || is_digit(d)) {
            if (is_alpha(d)) {
                letters++;
                uppers += d >= 'A' && d <= 'Z';
            }
            i++;
            continue;
        }
        if (d >= 0x80) {
            k = u8class(s, n, i, &l);
            if (k == 'L') {
                letters++;
                i += l;
                continue;
            }
        } else if (d == '\'') {
            k = '\'';
        } else if (d == '-') {
            k = '-';
        }
        /* An apostrophe or hyphen inside a word: "Ba'athist",
         * "pro-Assad", "Mi-24", "twenty-one". En and em dashes
         * (also class '-') are not hyphens. */
        if ((k == '\'' || (k == '-' && (d == '-' || (l == 3 && s[i + 2] <= 0x91)))) && i + l < n &&
            (is_alpha(s[i + l]) || (k == '-' && is_digit(s[i + l])) ||
             (s[i + l] >= 0x80 && s[i + l] != 0xE2))) {
            i += l;
            continue;
        }
        break;
    }
    if (letters >= 2 && uppers == letters)
        tok->flags |= CAS__TF_UPPER;
    return i;
}

/* A token of @len bytes at @i read whole (a break, or markup standing for
 * punctuation @ch): fill @tok, move the lexer past it, and return 1. */
static int lex_whole(cas__lexer *lx, cas__tok *tok, uint8_t kind, char ch, size_t i, size_t len,
                     uint8_t flags)
{
    tok->kind = kind;
    tok->ch = ch;
    tok->start = (uint32_t)i;
    tok->end = (uint32_t)(i + len);
    tok->flags = flags;
    lx->pos = i + len;
    return 1;
}

int cas__lex_next(cas__lexer *lx, cas__tok *tok)
{
    const unsigned char *s = (const unsigned char *)lx->s;
    size_t n = lx->n, i = lx->pos;
    uint8_t flags = 0;

    memset(tok, 0, sizeof *tok);
    tok->oterm = tok->gterm = -1;
    tok->fig = tok->figend = -1;
    while (i < n) {
        unsigned char c = s[i];
        size_t len = 1;
        char cls = 0;

        if (is_ws(c)) {
            flags |= CAS__TF_SPACE;
            i++;
            continue;
        }
        if (c == '\n' || c == '\0' || c == '|')
            return lex_whole(lx, tok, CAS__TK_BREAK, 0, i, 1, flags);
        if (c == '<' || c == '[' || c == '{' || c == '}' || c == ']' || c == '&') {
            int brk;
            char as;
            size_t skip = skip_markup(lx, s, n, i, &brk, &as);
            if (skip) {
                if (brk)
                    return lex_whole(lx, tok, CAS__TK_BREAK, 0, i, skip, flags);
                if (as && as != ' ')
                    return lex_whole(lx, tok, CAS__TK_PUNCT, as, i, skip, flags);
                flags |= CAS__TF_SPACE;
                i += skip;
                continue;
            }
        }
        if (c >= 0x80) {
            cls = u8class(s, n, i, &len);
            if (cls == ' ') {
                flags |= CAS__TF_SPACE;
                i += len;
                continue;
            }
            if (cls == 'B')
                return lex_whole(lx, tok, CAS__TK_BREAK, 0, i, len, flags);
        }
        tok->start = (uint32_t)i;
        tok->flags = flags;
        if (is_digit(c)) {
            i += lex_number(s, n, i, tok);
        } else if (is_alpha(c) || cls == 'L') {
            i = lex_word(s, n, i, tok);
        } else {
            tok->kind = CAS__TK_PUNCT;
            tok->ch = c >= 0x80 ? cls : (char)c;
            i += len;
        }
        tok->end = (uint32_t)i;
        lx->pos = i;
        return 1;
    }
    lx->pos = n;
    return 0;
}

static int64_t gcd64(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

cas_status cas__num_value(const cas__tok *t, int64_t mult, int64_t *out)
{
    int64_t scale, div = 1, g, v;

    if (t->nf & CAS__NF_OVERFLOW)
        return CAS_ERR_OVERFLOW;
    if (__builtin_mul_overflow(t->scale, mult, &scale))
        return CAS_ERR_OVERFLOW;
    if ((t->nf & CAS__NF_AMBIG) && scale == 1)
        return CAS_ERR_NUMBER;
    for (int k = 0; k < t->dec; k++)
        div *= 10;
    g = gcd64(scale, div);
    scale /= g;
    div /= g;
    if (t->mant % div != 0)
        return CAS_ERR_NUMBER;
    if (__builtin_mul_overflow(t->mant / div, scale, &v))
        return CAS_ERR_OVERFLOW;
    *out = v;
    return CAS_OK;
}

static int word_is(const char *s, const cas__tok *t, const char *w)
{
    return t->kind == CAS__TK_WORD && cas__phrase_ieq(s + t->start, t->end - t->start, w);
}

int64_t cas__scale_word(const char *s, const cas__tok *t, int plural_ok)
{
    static const struct {
        const char *w;
        int64_t v;
        int plural;
    } sc[] = {{"hundred", 100, 0},
              {"thousand", 1000, 0},
              {"million", 1000000, 0},
              {"billion", 1000000000, 0},
              {"dozen", 12, 0},
              {"hundreds", 100, 1},
              {"thousands", 1000, 1},
              {"millions", 1000000, 1},
              {"billions", 1000000000, 1},
              {"dozens", 12, 1},
              {"trillion", INT64_C(1000000000000), 0},
              {"quadrillion", INT64_C(1000000000000000), 0},
              {"quintillion", INT64_C(1000000000000000000), 0}};
    if (t->kind != CAS__TK_WORD)
        return 0;
    for (size_t k = 0; k < sizeof sc / sizeof sc[0]; k++)
        if ((plural_ok || !sc[k].plural) && word_is(s, t, sc[k].w))
            return sc[k].v;
    return 0;
}

int cas__month(const char *s, const cas__tok *t)
{
    static const char *const full[] = {"january",   "february", "march",    "april",
                                       "may",       "june",     "july",     "august",
                                       "september", "october",  "november", "december"};
    static const char *const abbr[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
    if (t->kind != CAS__TK_WORD || !(t->flags & CAS__TF_CAP) || !strchr("JFMASOND", s[t->start]))
        return 0;
    for (int m = 0; m < 12; m++)
        if (word_is(s, t, full[m]) || word_is(s, t, abbr[m]))
            return m + 1;
    if (word_is(s, t, "sept"))
        return 9;
    return 0;
}

/* ---- number words ---- */

enum { NW_NONE, NW_UNIT, NW_TENS, NW_HUNDRED, NW_BIG, NW_DOZEN };

static int unit_value(const char *w, size_t n)
{
    if (n < 3 || !strchr("otfsenOTFSEN", w[0]))
        return 0;
    static const char *const units[] = {"one",     "two",       "three",    "four",     "five",
                                        "six",     "seven",     "eight",    "nine",     "ten",
                                        "eleven",  "twelve",    "thirteen", "fourteen", "fifteen",
                                        "sixteen", "seventeen", "eighteen", "nineteen"};
    for (int k = 0; k < 19; k++)
        if (cas__phrase_ieq(w, n, units[k]))
            return k + 1;
    return 0;
}

static int tens_value(const char *w, size_t n)
{
    if (n < 5 || !strchr("tfsenTFSEN", w[0]))
        return 0;
    static const char *const tens[] = {"twenty", "thirty",  "forty",  "fifty",
                                       "sixty",  "seventy", "eighty", "ninety"};
    for (int k = 0; k < 8; k++)
        if (cas__phrase_ieq(w, n, tens[k]))
            return (k + 2) * 10;
    return 0;
}

typedef struct nwstate {
    int64_t total, cur, last_big;
    int last, any, a_seen, half, overflow;
} nwstate;

/* Feed one word part; returns 1 if taken, 0 if it ends the number. */
static int nw_feed(nwstate *st, const char *w, size_t n, int first)
{
    int u = unit_value(w, n), t = tens_value(w, n);
    int64_t big = 0;

    if (u) {
        if (st->last == NW_UNIT || st->last == NW_DOZEN || (st->last == NW_TENS && u >= 10))
            return 0;
        st->cur += u;
        st->last = NW_UNIT;
        st->any = 1;
        return 1;
    }
    if (t) {
        if (st->last == NW_UNIT || st->last == NW_TENS || st->last == NW_DOZEN)
            return 0;
        st->cur += t;
        st->last = NW_TENS;
        st->any = 1;
        return 1;
    }
    if (cas__phrase_ieq(w, n, "hundred")) {
        if (st->cur >= 100 || st->last == NW_HUNDRED || st->last == NW_DOZEN ||
            (st->cur == 0 && !st->a_seen))
            return 0;
        st->cur = (st->cur ? st->cur : 1) * 100;
        st->last = NW_HUNDRED;
        st->any = 1;
        st->a_seen = 0;
        return 1;
    }
    if (cas__phrase_ieq(w, n, "thousand"))
        big = 1000;
    else if (cas__phrase_ieq(w, n, "million"))
        big = 1000000;
    else if (cas__phrase_ieq(w, n, "billion"))
        big = 1000000000;
    else if (cas__phrase_ieq(w, n, "trillion"))
        big = INT64_C(1000000000000);
    else if (cas__phrase_ieq(w, n, "quadrillion"))
        big = INT64_C(1000000000000000);
    else if (cas__phrase_ieq(w, n, "quintillion"))
        big = INT64_C(1000000000000000000);
    else if (n > 6 && cas__phrase_ieq(w + n - 6, 6, "illion"))
        big = -1; /* sextillion and beyond: too large for 64 bits */
    if (big) {
        int64_t v;
        if ((st->cur == 0 && !st->a_seen) || (st->last_big && big >= st->last_big) ||
            st->last == NW_DOZEN)
            return 0;
        if (big < 0 || __builtin_mul_overflow(st->cur ? st->cur : 1, big, &v) ||
            __builtin_add_overflow(st->total, st->half ? v / 2 : v, &v)) {
            st->overflow = 1; /* the words are read, the number is no count */
            st->last_big = big < 0 ? 1 : big;
            st->cur = 0;
            st->last = NW_BIG;
            st->any = 1;
            st->a_seen = st->half = 0;
            return 1;
        }
        st->total = v;
        st->cur = 0;
        st->last_big = big;
        st->last = NW_BIG;
        st->any = 1;
        st->a_seen = st->half = 0;
        return 1;
    }
    if (cas__phrase_ieq(w, n, "dozen")) {
        /* "a dozen", "two dozen", and the headline's bare "dozen" */
        if (st->last == NW_DOZEN || st->cur >= 100)
            return 0;
        st->cur = (st->cur ? st->cur : 1) * 12;
        if (st->half)
            st->cur /= 2;
        st->last = NW_DOZEN;
        st->any = 1;
        st->a_seen = st->half = 0;
        return 1;
    }
    if (st->a_seen && st->cur == 0 && !st->any &&
        (cas__phrase_ieq(w, n, "score") || cas__phrase_ieq(w, n, "couple"))) {
        st->cur = cas__phrase_ieq(w, n, "score") ? 20 : 2;
        st->last = NW_DOZEN;
        st->any = 1;
        st->a_seen = 0;
        return 1;
    }
    if (first && !st->a_seen && (cas__phrase_ieq(w, n, "a") || cas__phrase_ieq(w, n, "an"))) {
        st->a_seen = 1;
        return 1;
    }
    if (first && cas__phrase_ieq(w, n, "half")) {
        st->half = 1;
        return 1;
    }
    if (st->half && !st->a_seen && cas__phrase_ieq(w, n, "a")) {
        st->a_seen = 1;
        return 1;
    }
    return 0;
}

size_t cas__numwords(const char *s, const cas__tok *toks, size_t i, size_t n, int64_t *value)
{
    nwstate st;
    size_t k, used = 0;
    int64_t val_at_used = 0;

    memset(&st, 0, sizeof st);
    for (k = i; k < n; k++) {
        const cas__tok *t = &toks[k];
        size_t p, e;
        int ok = 1;
        nwstate save = st;

        if (t->kind != CAS__TK_WORD)
            break;
        if (k > i && (toks[k].start > toks[k - 1].end && !(t->flags & CAS__TF_SPACE)))
            break;
        if (k > i && cas__phrase_ieq(s + t->start, t->end - t->start, "and")) {
            /* "three hundred and six": only after hundred or a big scale,
             * and only when a number word follows. */
            if ((st.last == NW_HUNDRED || st.last == NW_BIG) && k + 1 < n &&
                toks[k + 1].kind == CAS__TK_WORD) {
                const cas__tok *nx = &toks[k + 1];
                size_t e2 = nx->start;
                while (e2 < nx->end && s[e2] != '-')
                    e2++;
                if (unit_value(s + nx->start, e2 - nx->start) ||
                    tens_value(s + nx->start, e2 - nx->start))
                    continue;
            }
            break;
        }
        /* A word's hyphenated parts must all be number words. */
        for (p = t->start; p < t->end; p = e + 1) {
            e = p;
            while (e < t->end && s[e] != '-')
                e++;
            if (!nw_feed(&st, s + p, e - p, k == i && p == t->start)) {
                ok = 0;
                break;
            }
        }
        if (!ok) {
            st = save;
            break;
        }
        if (st.any && !st.a_seen && !st.half) {
            used = k + 1 - i;
            if (__builtin_add_overflow(st.total, st.cur, &val_at_used))
                st.overflow = 1;
        }
    }
    if (!used)
        return 0;
    *value = st.overflow ? -1 : val_at_used; /* -1: too large for 64 bits */
    return used;
}
