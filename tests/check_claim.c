/* SPDX-License-Identifier: MIT */
/* Claim validation, names, and the relations of ranges, paths and scopes. */
#include "testutil.h"

static cas_status validate(const cas_claim *c, cas_error *e)
{
    cas_error_init(e);
    return cas_claim_validate(c, e);
}

START_TEST(valid_claim_passes)
{
    cas_claim c = tu_claim("a", "SOHR", 1700, 1700);
    cas_error e;
    ck_assert_int_eq(validate(&c, &e), CAS_OK);
    c.high = CAS_OPEN;
    c.qualifier = CAS_QUAL_AT_LEAST;
    c.best = 2000;
    ck_assert_int_eq(validate(&c, &e), CAS_OK);
}
END_TEST

/* Each broken field gives its own status and names the field. */
START_TEST(invalid_claims_name_the_field)
{
    cas_claim c;
    cas_error e;
    char big[CAS_FIELD_MAX + 2];

#define EXPECT(st, fld)                                                                            \
    do {                                                                                           \
        ck_assert_int_eq(validate(&c, &e), st);                                                    \
        ck_assert_int_eq(e.status, st);                                                            \
        ck_assert_str_eq(e.field, fld);                                                            \
        ck_assert_ptr_nonnull(strstr(e.message, fld));                                             \
    } while (0)

    c = tu_claim("", "SOHR", 1, 1);
    EXPECT(CAS_ERR_MISSING, "id");
    c = tu_claim("a", NULL, 1, 1);
    EXPECT(CAS_ERR_MISSING, "source");
    c = tu_claim("a", "SOHR", 1, 1);
    c.scope.outcome = "";
    EXPECT(CAS_ERR_MISSING, "outcome");
    c = tu_claim("a", "SOHR", -1, 1);
    EXPECT(CAS_ERR_RANGE, "low");
    c = tu_claim("a", "SOHR", 5, 4);
    EXPECT(CAS_ERR_RANGE, "high");
    c = tu_claim("a", "SOHR", 5, -7);
    EXPECT(CAS_ERR_RANGE, "high");
    c = tu_claim("a", "SOHR", 5, 9);
    c.best = 10;
    EXPECT(CAS_ERR_RANGE, "best");
    c = tu_claim("a", "SOHR", 5, 9);
    c.best = 4;
    EXPECT(CAS_ERR_RANGE, "best");
    c = tu_claim("a", "SOHR", 5, 9);
    c.qualifier = CAS_QUAL_EXACT;
    EXPECT(CAS_ERR_RANGE, "qualifier");
    c = tu_claim("a", "SOHR", 5, 9);
    c.qualifier = 8;
    EXPECT(CAS_ERR_VALUE, "qualifier");
    c = tu_claim("a", "SOHR", 5, 9);
    c.basis = -1;
    EXPECT(CAS_ERR_VALUE, "basis");
    c = tu_claim("a", "SOHR", 5, 9);
    c.scope.period_start = tu_day("2025-03-13");
    EXPECT(CAS_ERR_DATE, "period_end");
    c = tu_claim("a", "SOHR", 5, 9);
    c.reported_on = 99999999;
    EXPECT(CAS_ERR_DATE, "reported_on");
    c = tu_claim("a", "SOHR", 5, 9);
    c.scope.group = "/civilians";
    EXPECT(CAS_ERR_PATH, "group");
    c = tu_claim("a", "SOHR", 5, 9);
    c.scope.group = "civilians/";
    EXPECT(CAS_ERR_PATH, "group");
    c = tu_claim("a", "SOHR", 5, 9);
    c.scope.place = "syria//latakia";
    EXPECT(CAS_ERR_PATH, "place");
    c = tu_claim("a", "SOHR", 5, 9);
    c.scope.perpetrator = "gov\tt";
    EXPECT(CAS_ERR_PATH, "perpetrator");
    c = tu_claim("a", "SOHR", 5, 9);
    c.scope.place = "syria/ latakia";
    EXPECT(CAS_ERR_PATH, "place");
    c = tu_claim("a", "SO\xC3\x28HR", 5, 9);
    EXPECT(CAS_ERR_ENCODING, "source");
    c = tu_claim("a", "SOHR", 5, 9);
    c.quote = "\xED\xA0\x80";
    EXPECT(CAS_ERR_ENCODING, "quote");
    c = tu_claim("a", "SOHR", 5, 9);
    c.quote = "\xC0\xAF";
    EXPECT(CAS_ERR_ENCODING, "quote");
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    c = tu_claim("a", "SOHR", 5, 9);
    c.quote = big;
    EXPECT(CAS_ERR_TOO_LONG, "quote");
#undef EXPECT
    c = tu_claim("a", "SOHR", 5, 9);
    c.size = 8;
    ck_assert_int_eq(validate(&c, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_claim_validate(NULL, NULL), CAS_ERR_ARG);
}
END_TEST

START_TEST(utf8_and_paths_accepted)
{
    cas_claim c = tu_claim("a", "المرصد السوري", 5, 9);
    cas_error e;
    c.scope.place = "syria/latakia/جبلة";
    c.scope.group = "civilians/alawite";
    c.quote = "\"quoted\", with comma\nand newline";
    ck_assert_int_eq(validate(&c, &e), CAS_OK);
}
END_TEST

START_TEST(names_round_trip)
{
    int32_t v = -5;
    for (int32_t q = CAS_QUAL_EXACT; q <= CAS_QUAL_VAGUE; q++) {
        ck_assert_int_eq(cas_qualifier_from_name(&v, cas_qualifier_name(q)), CAS_OK);
        ck_assert_int_eq(v, q);
    }
    for (int32_t b = CAS_BASIS_REPORTED; b <= CAS_BASIS_PARTY; b++) {
        ck_assert_int_eq(cas_basis_from_name(&v, cas_basis_name(b)), CAS_OK);
        ck_assert_int_eq(v, b);
    }
    ck_assert_str_eq(cas_qualifier_name(CAS_QUAL_MORE_THAN), "more_than");
    ck_assert_str_eq(cas_basis_name(CAS_BASIS_DOCUMENTED), "documented");
    ck_assert_ptr_null(cas_qualifier_name(8));
    ck_assert_ptr_null(cas_basis_name(4));
    v = 3;
    ck_assert_int_eq(cas_qualifier_from_name(&v, "roughly"), CAS_ERR_VALUE);
    ck_assert_int_eq(cas_qualifier_from_name(&v, "EXACT"), CAS_ERR_VALUE);
    ck_assert_int_eq(v, 3);
    ck_assert_int_eq(cas_basis_from_name(NULL, "party"), CAS_ERR_ARG);
    ck_assert_str_eq(cas_range_rel_name(CAS_RANGE_DISJOINT), "disjoint");
    ck_assert_str_eq(cas_scope_rel_name(CAS_SCOPE_WITHIN), "within");
    ck_assert_ptr_null(cas_scope_rel_name(5));
    ck_assert_ptr_null(cas_range_rel_name(-1));
}
END_TEST

START_TEST(range_relations)
{
    ck_assert_int_eq(cas_range_relation(5, 5, 5, 5), CAS_RANGE_EQUAL);
    ck_assert_int_eq(cas_range_relation(5, CAS_OPEN, 5, CAS_OPEN), CAS_RANGE_EQUAL);
    ck_assert_int_eq(cas_range_relation(823, 823, 1700, 1700), CAS_RANGE_DISJOINT);
    ck_assert_int_eq(cas_range_relation(1700, 1700, 823, 823), CAS_RANGE_DISJOINT);
    ck_assert_int_eq(cas_range_relation(315, CAS_OPEN, 219, CAS_OPEN), CAS_RANGE_INSIDE);
    ck_assert_int_eq(cas_range_relation(219, CAS_OPEN, 315, CAS_OPEN), CAS_RANGE_CONTAINS);
    ck_assert_int_eq(cas_range_relation(10, 20, 15, 30), CAS_RANGE_OVERLAPPING);
    ck_assert_int_eq(cas_range_relation(10, 20, 20, CAS_OPEN), CAS_RANGE_OVERLAPPING);
    ck_assert_int_eq(cas_range_relation(10, 19, 20, CAS_OPEN), CAS_RANGE_DISJOINT);
    ck_assert_int_eq(cas_range_relation(25, 30, 20, CAS_OPEN), CAS_RANGE_INSIDE);
    ck_assert_int_eq(cas_range_relation(20, CAS_OPEN, 25, 30), CAS_RANGE_CONTAINS);
    ck_assert_int_eq(cas_range_relation(0, 100, 40, 60), CAS_RANGE_CONTAINS);
}
END_TEST

START_TEST(path_relations)
{
    ck_assert_int_eq(cas_path_relation("civilians", "civilians"), CAS_SCOPE_SAME);
    ck_assert_int_eq(cas_path_relation("civilians/alawite", "civilians"), CAS_SCOPE_WITHIN);
    ck_assert_int_eq(cas_path_relation("civilians", "civilians/alawite"), CAS_SCOPE_CONTAINS);
    ck_assert_int_eq(cas_path_relation("civilians", "combatants"), CAS_SCOPE_DISJOINT);
    /* A prefix of the text that is not a prefix of segments is no parent. */
    ck_assert_int_eq(cas_path_relation("civilians2", "civilians"), CAS_SCOPE_DISJOINT);
    ck_assert_int_eq(cas_path_relation("", "civilians"), CAS_SCOPE_CONTAINS);
    ck_assert_int_eq(cas_path_relation(NULL, ""), CAS_SCOPE_SAME);
    ck_assert_int_eq(cas_path_relation("a/b/c", NULL), CAS_SCOPE_WITHIN);
}
END_TEST

static cas_scope scope(const char *outcome, const char *group, const char *perp, const char *place,
                       const char *from, const char *to)
{
    cas_scope s;
    cas_scope_init(&s);
    s.outcome = outcome;
    s.group = group;
    s.perpetrator = perp;
    s.place = place;
    s.period_start = from ? tu_day(from) : CAS_DATE_UNKNOWN;
    s.period_end = to ? tu_day(to) : CAS_DATE_UNKNOWN;
    return s;
}

START_TEST(scope_relations)
{
    cas_scope whole = scope("killed", "civilians", "", "syria/coast", "2025-03-06", "2025-03-12");
    cas_scope snhr164 =
        scope("killed", "civilians", "government", "syria/coast", "2025-03-06", "2025-03-08");
    cas_scope comb = scope("killed", "combatants", "", "syria/coast", "2025-03-06", "2025-03-12");
    cas_scope later = scope("killed", "civilians", "", "syria/coast", "2025-03-13", "2025-03-20");
    cas_scope crossing =
        scope("killed", "civilians", "", "syria/coast", "2025-03-10", "2025-03-20");
    cas_scope alawite_everywhere =
        scope("killed", "civilians/alawite", "", "", "2025-03-06", "2025-03-12");
    cas_scope all_time = scope("killed", "civilians", "", "syria/coast", NULL, NULL);
    cas_scope wounded =
        scope("wounded", "civilians", "", "syria/coast", "2025-03-06", "2025-03-12");

    ck_assert_int_eq(cas_scope_relation(&whole, &whole), CAS_SCOPE_SAME);
    ck_assert_int_eq(cas_scope_relation(&snhr164, &whole), CAS_SCOPE_WITHIN);
    ck_assert_int_eq(cas_scope_relation(&whole, &snhr164), CAS_SCOPE_CONTAINS);
    ck_assert_int_eq(cas_scope_relation(&comb, &whole), CAS_SCOPE_DISJOINT);
    ck_assert_int_eq(cas_scope_relation(&later, &whole), CAS_SCOPE_DISJOINT);
    ck_assert_int_eq(cas_scope_relation(&crossing, &whole), CAS_SCOPE_OVERLAPPING);
    /* Narrower group but wider place: neither contains the other. */
    ck_assert_int_eq(cas_scope_relation(&alawite_everywhere, &whole), CAS_SCOPE_OVERLAPPING);
    ck_assert_int_eq(cas_scope_relation(&whole, &all_time), CAS_SCOPE_WITHIN);
    ck_assert_int_eq(cas_scope_relation(&wounded, &whole), CAS_SCOPE_DISJOINT);
}
END_TEST

START_TEST(relations_with_open_ends)
{
    /* The claim module's relations, as the engine relies on them. */
    ck_assert_int_eq(cas_range_relation(315, CAS_OPEN, 219, CAS_OPEN), CAS_RANGE_INSIDE);
    ck_assert_int_eq(cas_range_relation(219, CAS_OPEN, 315, CAS_OPEN), CAS_RANGE_CONTAINS);
    ck_assert_int_eq(cas_range_relation(0, 10, 11, CAS_OPEN), CAS_RANGE_DISJOINT);
    ck_assert_int_eq(cas_range_relation(0, 11, 11, CAS_OPEN), CAS_RANGE_OVERLAPPING);
    ck_assert_int_eq(cas_range_relation(5, CAS_OPEN, 5, CAS_OPEN), CAS_RANGE_EQUAL);
    {
        cas_scope a, b;
        cas_scope_init(&a);
        cas_scope_init(&b);
        a.outcome = b.outcome = "killed";
        a.period_end = tu_day("2025-03-05"); /* unknown start: open before */
        b.period_start = tu_day("2025-03-06");
        ck_assert_int_eq(cas_scope_relation(&a, &b), CAS_SCOPE_DISJOINT);
        b.period_start = tu_day("2025-03-01");
        ck_assert_int_eq(cas_scope_relation(&a, &b), CAS_SCOPE_OVERLAPPING);
        b.period_start = CAS_DATE_UNKNOWN;
        ck_assert_int_eq(cas_scope_relation(&a, &b), CAS_SCOPE_WITHIN);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("claim");
    TCase *tc = tcase_create("claim");
    tcase_add_test(tc, valid_claim_passes);
    tcase_add_test(tc, invalid_claims_name_the_field);
    tcase_add_test(tc, utf8_and_paths_accepted);
    tcase_add_test(tc, names_round_trip);
    tcase_add_test(tc, range_relations);
    tcase_add_test(tc, path_relations);
    tcase_add_test(tc, scope_relations);
    tcase_add_test(tc, relations_with_open_ends);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
