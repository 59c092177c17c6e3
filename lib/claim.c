/* SPDX-License-Identifier: MIT */
/* Claims, scopes and the relations between ranges and between scopes. */
#include "claim_internal.h"
#include "ledger_internal.h"
#include "util_internal.h"
#include "sized_internal.h"
#include "shown_internal.h"
#include "casualty/claim.h"

#include <stdio.h>
#include <string.h>

const cas_scope cas__scope_all = {
    .size = sizeof(cas_scope),
    .period_start = CAS_DATE_UNKNOWN,
    .period_end = CAS_DATE_UNKNOWN,
};

const cas_claim cas__claim_default = {
    .size = sizeof(cas_claim),
    .qualifier = CAS_QUAL_AT_LEAST,
    .basis = CAS_BASIS_REPORTED,
    .reported_on = CAS_DATE_UNKNOWN,
    .low = 0,
    .high = CAS_OPEN,
    .best = CAS_NONE,
    .scope =
        {
            .size = sizeof(cas_scope),
            .period_start = CAS_DATE_UNKNOWN,
            .period_end = CAS_DATE_UNKNOWN,
        },
};

void cas_scope_init_size(cas_scope *scope, size_t size)
{
    cas__sized_init(scope, size, &cas__scope_all, sizeof cas__scope_all);
}

void cas_claim_init_size(cas_claim *claim, size_t size)
{
    cas__sized_init(claim, size, &cas__claim_default, sizeof cas__claim_default);
}

static const char *const qualifier_names[] = {
    "exact", "at_least", "more_than", "approx", "nearly", "up_to", "range", "vague",
};
static const char *const basis_names[] = {"reported", "documented", "estimated", "party"};
static const char *const range_rel_names[] = {"equal", "inside", "contains", "overlapping",
                                              "disjoint"};
static const char *const scope_rel_names[] = {"same", "within", "contains", "overlapping",
                                              "disjoint"};

#define COUNT_OF(a) ((int32_t)(sizeof(a) / sizeof((a)[0])))

static const char *name_of(const char *const *names, int32_t n, int32_t v)
{
    return v >= 0 && v < n ? names[v] : NULL;
}

static cas_status from_name(const char *const *names, int32_t n, int32_t *out, const char *name)
{
    if (!out || !name)
        return CAS_ERR_ARG;
    for (int32_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0) {
            *out = i;
            return CAS_OK;
        }
    return CAS_ERR_VALUE;
}

const char *cas_qualifier_name(int32_t q)
{
    return name_of(qualifier_names, COUNT_OF(qualifier_names), q);
}

cas_status cas_qualifier_from_name(int32_t *out, const char *name)
{
    return from_name(qualifier_names, COUNT_OF(qualifier_names), out, name);
}

const char *cas_basis_name(int32_t b)
{
    return name_of(basis_names, COUNT_OF(basis_names), b);
}

cas_status cas_basis_from_name(int32_t *out, const char *name)
{
    return from_name(basis_names, COUNT_OF(basis_names), out, name);
}

const char *cas_range_rel_name(int32_t rel)
{
    return name_of(range_rel_names, COUNT_OF(range_rel_names), rel);
}

const char *cas_scope_rel_name(int32_t rel)
{
    return name_of(scope_rel_names, COUNT_OF(scope_rel_names), rel);
}

/* Ranges: an open high is larger than every count. */
static int high_le(int64_t a, int64_t b)
{
    if (b == CAS_OPEN)
        return 1;
    if (a == CAS_OPEN)
        return 0;
    return a <= b;
}

cas_range_rel cas_range_relation(int64_t alow, int64_t ahigh, int64_t blow, int64_t bhigh)
{
    if ((ahigh != CAS_OPEN && ahigh < blow) || (bhigh != CAS_OPEN && bhigh < alow))
        return CAS_RANGE_DISJOINT;
    if (alow == blow && ahigh == bhigh)
        return CAS_RANGE_EQUAL;
    if (alow >= blow && high_le(ahigh, bhigh))
        return CAS_RANGE_INSIDE;
    if (blow >= alow && high_le(bhigh, ahigh))
        return CAS_RANGE_CONTAINS;
    return CAS_RANGE_OVERLAPPING;
}

int cas__path_contains(const char *outer, const char *inner)
{
    size_t n;

    if (!outer || !*outer)
        return 1;
    if (!inner)
        return 0;
    n = strlen(outer);
    return strncmp(outer, inner, n) == 0 && (inner[n] == '\0' || inner[n] == '/');
}

cas_scope_rel cas_path_relation(const char *a, const char *b)
{
    int a_in_b = cas__path_contains(b, a);
    int b_in_a = cas__path_contains(a, b);

    if (a_in_b && b_in_a)
        return CAS_SCOPE_SAME;
    if (a_in_b)
        return CAS_SCOPE_WITHIN;
    if (b_in_a)
        return CAS_SCOPE_CONTAINS;
    return CAS_SCOPE_DISJOINT;
}

/* Periods with unknown ends read as open on that side. */
static cas_scope_rel period_relation(int32_t as, int32_t ae, int32_t bs, int32_t be)
{
    int64_t a0 = as == CAS_DATE_UNKNOWN ? INT64_MIN : as;
    int64_t a1 = ae == CAS_DATE_UNKNOWN ? INT64_MAX : ae;
    int64_t b0 = bs == CAS_DATE_UNKNOWN ? INT64_MIN : bs;
    int64_t b1 = be == CAS_DATE_UNKNOWN ? INT64_MAX : be;

    if (a1 < b0 || b1 < a0)
        return CAS_SCOPE_DISJOINT;
    if (a0 == b0 && a1 == b1)
        return CAS_SCOPE_SAME;
    if (a0 >= b0 && a1 <= b1)
        return CAS_SCOPE_WITHIN;
    if (b0 >= a0 && b1 <= a1)
        return CAS_SCOPE_CONTAINS;
    return CAS_SCOPE_OVERLAPPING;
}

cas_scope_rel cas_scope_relation(const cas_scope *a, const cas_scope *b)
{
    cas_scope_rel dims[6];
    int within = 1, contains = 1, same = 1;

    dims[0] = cas_path_relation(a->outcome, b->outcome);
    dims[1] = cas_path_relation(a->group, b->group);
    dims[2] = cas_path_relation(a->perpetrator, b->perpetrator);
    dims[3] = cas_path_relation(a->place, b->place);
    dims[4] = period_relation(a->period_start, a->period_end, b->period_start, b->period_end);
    dims[5] = cas_path_relation(a->event, b->event);
    for (int i = 0; i < 6; i++) {
        if (dims[i] == CAS_SCOPE_DISJOINT)
            return CAS_SCOPE_DISJOINT;
        if (dims[i] != CAS_SCOPE_SAME)
            same = 0;
        if (dims[i] != CAS_SCOPE_SAME && dims[i] != CAS_SCOPE_WITHIN)
            within = 0;
        if (dims[i] != CAS_SCOPE_SAME && dims[i] != CAS_SCOPE_CONTAINS)
            contains = 0;
    }
    if (same)
        return CAS_SCOPE_SAME;
    if (within)
        return CAS_SCOPE_WITHIN;
    if (contains)
        return CAS_SCOPE_CONTAINS;
    return CAS_SCOPE_OVERLAPPING;
}

/* Check a text field; its length in *@len (0 when absent). */
static cas_status check_text_len(const char *s, const char *field, int required, size_t *len,
                                 cas_error *err)
{
    *len = 0;
    if (!s || !*s) {
        if (required)
            return cas__fail(err, CAS_ERR_MISSING, field, "required, but empty");
        return CAS_OK;
    }
    *len = strlen(s);
    if (*len > CAS_FIELD_MAX)
        return cas__fail(err, CAS_ERR_TOO_LONG, field, "%zu bytes, more than the %d allowed", *len,
                         CAS_FIELD_MAX);
    if (!cas__utf8_valid(s, *len))
        return cas__fail(err, CAS_ERR_ENCODING, field, "not valid UTF-8");
    return CAS_OK;
}

/* Whether code point @c is a space other than U+0020: no-break, the
 * typographic spaces, the ideographic space. */
static int unicode_space(uint32_t c)
{
    return c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F ||
           c == 0x3000;
}

const char *cas__path_problem(const char *s, size_t len, size_t *at)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t seg = 0; /* where the current segment starts */

    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '/') {
            size_t n = i - seg;
            if ((n == 1 && s[seg] == '.') || (n == 2 && s[seg] == '.' && s[seg + 1] == '.')) {
                *at = seg;
                return "a '.' or '..' segment";
            }
            seg = i + 1;
        }
    }
    for (size_t i = 0; i < len;) {
        unsigned char ch[5] = {0};
        uint32_t c = 0;
        size_t n;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        /* decode from a copy: @s need not end in a NUL */
        memcpy(ch, p + i, len - i < 4 ? len - i : 4);
        n = cas__shown_decode(ch, &c);
        if (n == 0) {
            *at = i;
            return "not valid UTF-8";
        }
        *at = i;
        if (cas__shown_control(c))
            return "a C1 control character";
        if (cas__shown_hidden(c))
            return "a bidi mark or invisible character";
        if (cas__shown_nonchar(c))
            return "a noncharacter (such as U+FFFE)";
        if (unicode_space(c) && (i == 0 || s[i - 1] == '/' || i + n == len || s[i + n] == '/'))
            return "a no-break or other Unicode space at the start or end of a segment";
        i += n;
    }
    return NULL;
}

/* The bytes a path's check looks at twice: control characters, '/' and
 * the space. */
static int path_special(unsigned char c)
{
    return c <= 0x20 || c == '/' || c == 0x7F;
}

static cas_status check_path(const char *s, const char *field, int required, size_t *lenp,
                             cas_error *err)
{
    cas_status st = check_text_len(s, field, required, lenp, err);
    size_t len = *lenp;

    if (st != CAS_OK || len == 0)
        return st;
    if (s[0] == '/' || s[len - 1] == '/')
        return cas__fail(err, CAS_ERR_PATH, field,
                         "expected a path like 'civilians/alawite', got '%.60s' "
                         "(leading or trailing '/')",
                         s);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!path_special(c))
            continue;
        if (c < 0x20 || c == 0x7F)
            return cas__fail(err, CAS_ERR_PATH, field, "control character at byte %zu of the path",
                             i + 1);
        if (c == '/' && s[i + 1] == '/')
            return cas__fail(err, CAS_ERR_PATH, field, "empty segment ('//') in path '%.60s'", s);
        if (c == ' ' && (i == 0 || s[i - 1] == '/' || s[i + 1] == '/' || s[i + 1] == '\0'))
            return cas__fail(err, CAS_ERR_PATH, field,
                             "a path segment starts or ends with a space in '%.60s'", s);
    }
    {
        size_t at = 0;
        const char *why = cas__path_problem(s, len, &at);
        if (why)
            return cas__fail(err, CAS_ERR_PATH, field, "%s at byte %zu of the path", why, at + 1);
    }
    return CAS_OK;
}

static cas_status check_day(int32_t d, const char *field, cas_error *err)
{
    int32_t y, m, dd;

    if (d == CAS_DATE_UNKNOWN || cas_date_to_ymd(&y, &m, &dd, d) == CAS_OK)
        return CAS_OK;
    return cas__fail(err, CAS_ERR_DATE, field, "day number %ld is outside years 1 to 9999",
                     (long)d);
}

cas_status cas_claim_validate(const cas_claim *c, cas_error *err)
{
    size_t lens[CAS__NSTR];

    return cas__claim_validate_lens(c, lens, 0, err);
}

cas_status cas__claim_validate_lens(const cas_claim *c, size_t *lens, unsigned known,
                                    cas_error *err)
{
    cas_status st;

#define KNOWN(k) (known & (1u << (k)))

    if (!CAS__SIZED_OK(c, cas_claim) || c->scope.size < sizeof c->scope)
        return cas__fail(err, CAS_ERR_ARG, "",
                         "claim is NULL or its size fields are not set (use cas_claim_init)");
    if ((st = KNOWN(CAS__S_ID) ? CAS_OK : check_text_len(c->id, "id", 1, &lens[CAS__S_ID], err)) ||
        (st = KNOWN(CAS__S_SOURCE)
                  ? CAS_OK
                  : check_text_len(c->source, "source", 1, &lens[CAS__S_SOURCE], err)) ||
        (st = KNOWN(CAS__S_OUTCOME)
                  ? CAS_OK
                  : check_path(c->scope.outcome, "outcome", 1, &lens[CAS__S_OUTCOME], err)) ||
        (st = KNOWN(CAS__S_GROUP)
                  ? CAS_OK
                  : check_path(c->scope.group, "group", 0, &lens[CAS__S_GROUP], err)) ||
        (st = KNOWN(CAS__S_PERPETRATOR) ? CAS_OK
                                        : check_path(c->scope.perpetrator, "perpetrator", 0,
                                                     &lens[CAS__S_PERPETRATOR], err)) ||
        (st = KNOWN(CAS__S_PLACE)
                  ? CAS_OK
                  : check_path(c->scope.place, "place", 0, &lens[CAS__S_PLACE], err)) ||
        (st = KNOWN(CAS__S_EVENT)
                  ? CAS_OK
                  : check_path(c->scope.event, "event", 0, &lens[CAS__S_EVENT], err)) ||
        (st = KNOWN(CAS__S_SOURCE_KIND) ? CAS_OK
                                        : check_text_len(c->source_kind, "source_kind", 0,
                                                         &lens[CAS__S_SOURCE_KIND], err)) ||
        (st = KNOWN(CAS__S_RELAY)
                  ? CAS_OK
                  : check_text_len(c->relay, "relay", 0, &lens[CAS__S_RELAY], err)) ||
        (st = KNOWN(CAS__S_CITATION)
                  ? CAS_OK
                  : check_text_len(c->citation, "citation", 0, &lens[CAS__S_CITATION], err)) ||
        (st = KNOWN(CAS__S_QUOTE) ? CAS_OK
                                  : check_text_len(c->quote, "quote", 0, &lens[CAS__S_QUOTE], err)))
        return st;
#undef KNOWN
    if (!cas_qualifier_name(c->qualifier))
        return cas__fail(err, CAS_ERR_VALUE, "qualifier", "unknown qualifier %ld",
                         (long)c->qualifier);
    if (!cas_basis_name(c->basis))
        return cas__fail(err, CAS_ERR_VALUE, "basis", "unknown basis %ld", (long)c->basis);
    if (c->low < 0)
        return cas__fail(err, CAS_ERR_RANGE, "low", "must be >= 0, got %lld", (long long)c->low);
    if (c->high != CAS_OPEN && c->high < 0)
        return cas__fail(err, CAS_ERR_RANGE, "high", "must be >= 0 or open, got %lld",
                         (long long)c->high);
    if (c->high != CAS_OPEN && c->high < c->low)
        return cas__fail(err, CAS_ERR_RANGE, "high", "%lld is below low %lld", (long long)c->high,
                         (long long)c->low);
    if (c->best != CAS_NONE && (c->best < c->low || (c->high != CAS_OPEN && c->best > c->high))) {
        char hi[24];
        if (c->high == CAS_OPEN)
            memcpy(hi, "open", 5);
        else
            snprintf(hi, sizeof hi, "%lld", (long long)c->high);
        return cas__fail(err, CAS_ERR_RANGE, "best", "%lld is outside the range [%lld, %s]",
                         (long long)c->best, (long long)c->low, hi);
    }
    if (c->best != CAS_NONE && c->best < 0)
        return cas__fail(err, CAS_ERR_RANGE, "best", "must be >= 0, got %lld", (long long)c->best);
    if (c->qualifier == CAS_QUAL_EXACT && c->high != c->low)
        return cas__fail(err, CAS_ERR_RANGE, "qualifier", "an exact claim needs low == high");
    if ((st = check_day(c->scope.period_start, "period_start", err)) ||
        (st = check_day(c->scope.period_end, "period_end", err)) ||
        (st = check_day(c->reported_on, "reported_on", err)))
        return st;
    if (c->scope.period_start != CAS_DATE_UNKNOWN && c->scope.period_end != CAS_DATE_UNKNOWN &&
        c->scope.period_start > c->scope.period_end) {
        char a[11], b[11];
        cas_date_format(a, sizeof a, c->scope.period_start);
        cas_date_format(b, sizeof b, c->scope.period_end);
        return cas__fail(err, CAS_ERR_DATE, "period_end", "%s is before period_start %s", b, a);
    }
    return CAS_OK;
}
