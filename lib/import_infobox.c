/* SPDX-License-Identifier: MIT */
/* A Wikipedia infobox (docs/real-data.md, "Wikipedia infoboxes"): the
 * fields casualties1, casualties2 and casualties3 read through the phrase
 * parser, side 1's and side 2's claims given their combatants as the
 * group, casualties3's civilians (or whom the text names). Lines are
 * `| name = value` as in wikitext, or `Name: value`; a field goes on
 * over lines that start neither. */
#include "import_internal.h"
#include "casualty/phrase.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

enum { F_COMBATANT1, F_COMBATANT2, F_CAS1, F_CAS2, F_CAS3, F_CONFLICT, F_PLACE, F_NFIELDS };

static const char *const names[F_NFIELDS] = {
    "combatant1", "combatant2", "casualties1", "casualties2", "casualties3", "conflict", "place"};

typedef struct field {
    const char *s;
    size_t len;
    int64_t line;
} field;

/* Wiki markup out of @len bytes at @s into @out: references and comments
 * dropped, [[target|text]] as text, {{flag|X}} as X, other templates
 * dropped, <br> as a line break. Returns the length. */
static size_t clean(char *out, const char *s, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len;) {
        if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            const char *e = strstr(s + i, "-->");
            i = e && (size_t)(e - s) < len ? (size_t)(e - s) + 3 : len;
        } else if (len - i >= 4 && strncasecmp(s + i, "<ref", 4) == 0) {
            const char *gt = memchr(s + i, '>', len - i);
            if (gt && gt[-1] == '/') {
                i = (size_t)(gt - s) + 1;
            } else {
                const char *e = strstr(s + i, "</ref>");
                i = e && (size_t)(e - s) < len ? (size_t)(e - s) + 6 : len;
            }
        } else if (len - i >= 3 && strncasecmp(s + i, "<br", 3) == 0) {
            const char *gt = memchr(s + i, '>', len - i);
            out[n++] = '\n';
            i = gt ? (size_t)(gt - s) + 1 : len;
        } else if (len - i >= 2 && s[i] == '[' && s[i + 1] == '[') {
            const char *e = strstr(s + i, "]]");
            size_t end = e && (size_t)(e - s) < len ? (size_t)(e - s) : len;
            const char *bar = memchr(s + i, '|', end - i);
            size_t from = bar ? (size_t)(bar - s) + 1 : i + 2;
            memcpy(out + n, s + from, end - from);
            n += end - from;
            i = end + 2 < len ? end + 2 : len;
        } else if (len - i >= 2 && s[i] == '{' && s[i + 1] == '{') {
            int depth = 0;
            size_t j = i;
            for (; j + 1 < len; j++) {
                if (s[j] == '{' && s[j + 1] == '{')
                    depth++, j++;
                else if (s[j] == '}' && s[j + 1] == '}' && --depth == 0)
                    break;
                else if (s[j] == '}' && s[j + 1] == '}')
                    j++;
            }
            /* {{flag|X}} and {{flagcountry|X}} name X; {{flagicon|X}} is a picture. */
            if (strncasecmp(s + i + 2, "flag|", 5) == 0 ||
                strncasecmp(s + i + 2, "flagcountry|", 12) == 0) {
                const char *bar = memchr(s + i, '|', j - i);
                if (bar) {
                    const char *bar2 = memchr(bar + 1, '|', (size_t)(s + j - bar - 1));
                    size_t k = (size_t)((bar2 ? bar2 : s + j) - bar - 1);
                    memcpy(out + n, bar + 1, k);
                    n += k;
                }
            }
            i = j + 2 < len ? j + 2 : len;
        } else if (s[i] == '\'' && i + 1 < len && s[i + 1] == '\'') {
            i += 2; /* bold and italics */
        } else {
            out[n++] = s[i++];
        }
    }
    return n;
}

static void infobox_text(cas__import *im, const char *data, size_t len)
{
    field f[F_NFIELDS];
    int cur = -1;
    int64_t line = 0;

    memset(f, 0, sizeof f);
    /* Fields are read as C strings: a NUL byte would cut one short. */
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        const char *bol = data;
        cas_error e;
        for (const char *q = data; q < nul; q++)
            if (*q == '\n') {
                line++;
                bol = q + 1;
            }
        cas_error_init(&e);
        cas__fail(&e, CAS_ERR_ENCODING, "", "a NUL byte: an infobox is text");
        cas__csvread_fail(&im->rd, &e, line + 1, (int64_t)(nul - bol) + 1);
        return;
    }
    for (size_t i = 0; i < len;) {
        const char *p = data + i, *nl = memchr(p, '\n', len - i);
        size_t n = nl ? (size_t)(nl - p) : len - i;
        i += n + 1;
        line++;
        const char *q = p, *end = p + n;
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        int pipe = q < end && *q == '|';
        if (pipe)
            q++;
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        const char *k = q;
        while (q < end && (isalnum((unsigned char)*q) || *q == '_'))
            q++;
        size_t klen = (size_t)(q - k);
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        int named = klen && q < end && (*q == '=' || (!pipe && *q == ':'));
        if (!named) {
            if (cur >= 0 && !pipe && !(n >= 2 && p[0] == '}' && p[1] == '}'))
                f[cur].len = (size_t)(end - f[cur].s);
            else
                cur = -1;
            continue;
        }
        cur = -1;
        for (int j = 0; j < F_NFIELDS; j++)
            if (strlen(names[j]) == klen && strncasecmp(names[j], k, klen) == 0)
                cur = j;
        if (cur < 0)
            continue;
        q++;
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        f[cur].s = q;
        f[cur].len = (size_t)(end - q);
        f[cur].line = line;
    }

    cas_phrase_options *popts = NULL;
    cas_error e;
    cas_error_init(&e);
    if (cas_phrase_options_new(&popts, NULL, &e) != CAS_OK) {
        cas__import_fail(im, -1, CAS_ERR_NOMEM, "out of memory");
        return;
    }
    /* Infobox casualty lines name no outcome as often as not ("231+"):
     * they count the killed unless they say otherwise. */
    cas_phrase_options_set_default(popts, CAS_TERM_OUTCOME, "killed", NULL);
    char *side[2] = {NULL, NULL};
    for (int s = 0; s < 2; s++) {
        const field *c = &f[F_COMBATANT1 + s];
        if (!c->s)
            continue;
        char *buf = cas__import_printf(im, "%.*s", (int)c->len, c->s);
        if (!buf)
            break;
        size_t k = clean(buf, c->s, c->len);
        buf[k] = '\0';
        /* The first named party of the side. */
        char *first = buf;
        while (*first && (isspace((unsigned char)*first) || *first == '*'))
            first++;
        first[strcspn(first, "\n")] = '\0';
        char *slug = cas__import_slug(im, first, strlen(first), 0);
        side[s] = slug && *slug ? cas__import_printf(im, "combatants/%s", slug) : NULL;
    }
    const char *place = "";
    if (f[F_PLACE].s) {
        char *buf = cas__import_printf(im, "%.*s", (int)f[F_PLACE].len, f[F_PLACE].s);
        if (buf) {
            size_t k = clean(buf, f[F_PLACE].s, f[F_PLACE].len);
            buf[k] = '\0';
            buf[strcspn(buf, ",\n")] = '\0';
            place = cas__import_slug(im, buf, strlen(buf), 0);
        }
    }
    const char *conflict = "";
    if (f[F_CONFLICT].s)
        conflict = cas__import_printf(im, "%.*s", (int)f[F_CONFLICT].len, f[F_CONFLICT].s);
    size_t count = 0;
    for (int s = 0; s < 3 && !cas__import_failed(im); s++) {
        const field *c = &f[F_CAS1 + s];
        if (!c->s)
            continue;
        im->row_line = c->line;
        char *buf = cas__import_printf(im, "%.*s", (int)c->len, c->s);
        if (!buf || !place || !conflict)
            break;
        size_t k = clean(buf, c->s, c->len);
        cas_phrase_result *res = NULL;
        if (cas_phrase_parse(&res, popts, buf, k, CAS_PHRASE_CASUALTY, &e) != CAS_OK) {
            cas__import_fail(im, -1, (cas_status)e.status, "field '%s': %s", names[F_CAS1 + s],
                             e.message);
            break;
        }
        for (size_t j = 0; j < cas_phrase_result_count(res) && !cas__import_failed(im); j++) {
            cas_claim cl;
            cas_claim_init(&cl);
            cas_phrase_result_claim(res, j, &cl);
            cl.id = cas__import_printf(im, "infobox-%zu", ++count);
            cl.citation = *conflict
                              ? cas__import_printf(im, "Wikipedia infobox: %s, %s", conflict,
                                                   names[F_CAS1 + s])
                              : cas__import_printf(im, "Wikipedia infobox, %s", names[F_CAS1 + s]);
            if (im->source && (!cl.source || !*cl.source))
                cl.source = im->source;
            if (!cl.source || !*cl.source)
                cl.source = "Wikipedia (unattributed)";
            if (!cl.scope.group || !*cl.scope.group)
                cl.scope.group = s < 2 ? (side[s] ? side[s] : "combatants") : "civilians";
            if (!cl.scope.place || !*cl.scope.place)
                cl.scope.place = place;
            if (!cl.id || !cl.citation)
                break;
            cas__import_emit(im, &cl, -1);
        }
        cas_phrase_result_free(res);
    }
    cas_phrase_options_free(popts);
}

const cas__import_format cas__import_infobox = {
    .name = "infobox",
    .na = "",
    .encoding = CAS_ENCODING_UTF8,
    .source = NULL,
    .text = infobox_text,
};
