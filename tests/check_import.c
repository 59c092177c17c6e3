/* SPDX-License-Identifier: MIT */
/* The dataset readers (casualty/import.h, lib/import*.c): the engine's
 * counts, dates and slugs, the options, and an import that fails leaving
 * the ledger as it was. tests/import.py runs them on the real files. */
#include "testutil.h"
#include "import_internal.h"

static const char ged_head[] =
    "id,type_of_violence,side_a,side_b,country,adm_1,adm_2,date_start,date_end,"
    "deaths_a,deaths_b,deaths_civilians,deaths_unknown,low,best,high\n";

START_TEST(test_slug)
{
    char out[128];
    static const struct {
        const char *in, *out;
        int admin;
    } cases[] = {
        {"Homs Governorate", "homs", 1},
        {"Homs Governorate", "homs-governorate", 0},
        {"Ar Rastan district", "ar-rastan", 1},
        {"Myanmar (Burma)", "myanmar", 0},
        {"Côte d'Ivoire", "cote-divoire", 0},
        {"Deir ez-Zor", "deir-ez-zor", 1},
        {"  São Tomé  & Príncipe ", "sao-tome-principe", 0},
        {"Łódź", "lodz", 0},
        {"Ḥamāh", "hamah", 0},
        {"Ma’la", "mala", 0},
        {"District", "district", 1},
        {"---", "", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = cas__slug(out, cases[i].in, strlen(cases[i].in), cases[i].admin);
        ck_assert_str_eq(out, cases[i].out);
        ck_assert_uint_eq(n, strlen(cases[i].out));
    }
}
END_TEST

START_TEST(test_dates_and_counts)
{
    int32_t d;
    int64_t v;
    static const char *const same[] = {"2013-07-24",  "2013-07-24T00:00:00", "2013-07-24 10:00",
                                       "24.07.2013",  "24/07/2013",          "24 July 2013",
                                       "24 Jul 2013", "24-Jul-13",           " 24 JULY 2013 "};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        ck_assert_msg(cas__import_parse_date(&d, same[i], strlen(same[i])) == CAS_OK, "%s",
                      same[i]);
        ck_assert_int_eq(d, tu_day("2013-07-24"));
    }
    static const char *const bad[] = {
        "2013-02-30", "31.02.2013", "24 Jule 2013", "2013", "07/24/2013", "2013-07-24x", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(cas__import_parse_date(&d, bad[i], strlen(bad[i])) == CAS_ERR_DATE, "%s",
                      bad[i]);
    ck_assert_int_eq(cas__import_parse_count(&v, "700.0", 5), CAS_OK);
    ck_assert_int_eq(v, 700);
    ck_assert_int_eq(cas__import_parse_count(&v, " 1,200 ", 7), CAS_OK);
    ck_assert_int_eq(v, 1200);
    ck_assert_int_eq(cas__import_parse_count(&v, "1,20", 4), CAS_ERR_NUMBER);
    ck_assert_int_eq(cas__import_parse_count(&v, "12.5", 4), CAS_ERR_NUMBER);
    ck_assert_int_eq(cas__import_parse_count(&v, "-999", 4), CAS_ERR_RANGE);
    ck_assert_int_eq(cas__import_parse_count(&v, "-0", 2), CAS_OK);
    ck_assert_int_eq(cas__import_parse_count(&v, "99999999999999999999", 20), CAS_ERR_OVERFLOW);
}
END_TEST

/* A GED file whose third event is bad leaves the ledger as it was, its
 * claims and flags, and tells the line and the dataset's column. */
START_TEST(test_all_or_nothing)
{
    cas_ledger *l = tu_syria();
    size_t before = cas_ledger_count(l);
    char csv[2048];
    cas_error e;

    snprintf(
        csv, sizeof csv,
        "%s"
        "1,1,Government of Syria,IS,Syria,Homs Governorate,NA,2016-01-01,2016-01-01,1,2,0,0,3,3,3\n"
        "2,3,IS,Civilians,Syria,NA,NA,2016-01-02,2016-01-03,0,0,5,0,5,5,9\n"
        "\"3\",1,Government of Syria,IS,Syria,NA,NA,2016-01-04,2016-01-04,0,0,0,0,2,x,2\n",
        ged_head);
    cas_error_init(&e);
    ck_assert_int_eq(cas_import_buffer(l, "ucdp-ged", csv, strlen(csv), "ged.csv", NULL, &e),
                     CAS_ERR_NUMBER);
    ck_assert_str_eq(e.message,
                     "ged.csv:4:15: field 'best': expected a whole number >= 0, got 'x'");
    ck_assert_int_eq(e.line, 4);
    ck_assert_int_eq(e.column, 15);
    ck_assert_str_eq(e.field, "best");
    ck_assert_uint_eq(cas_ledger_count(l), before);
    ck_assert_int_eq(cas_ledger_find(l, "ucdp-ged-1", &(size_t){0}), CAS_ERR_NOT_FOUND);

    /* The same file without the bad row: the events and their parties. */
    char *third = strstr(csv, "\"3\"");
    *third = '\0';
    ck_assert_msg(cas_import_buffer(l, "ucdp-ged", csv, strlen(csv), "ged.csv", NULL, &e) == CAS_OK,
                  "%s", e.message);
    /* 1: all, a, b (civilians none in any estimate); 2: one-sided, all. */
    ck_assert_uint_eq(cas_ledger_count(l), before + 4);
    size_t i;
    cas_claim c;
    cas_claim_init(&c);
    ck_assert_int_eq(cas_ledger_find(l, "ucdp-ged-2", &i), CAS_OK);
    ck_assert_int_eq(cas_ledger_get(l, i, &c), CAS_OK);
    ck_assert_str_eq(c.scope.group, "civilians");
    ck_assert_str_eq(c.scope.perpetrator, "is");
    ck_assert_str_eq(c.scope.place, "syria");
    ck_assert_int_eq(c.low, 5);
    ck_assert_int_eq(c.high, 9);
    ck_assert_int_eq(c.scope.period_end, tu_day("2016-01-03"));
    ck_assert_int_eq(cas_ledger_find(l, "ucdp-ged-1-b", &i), CAS_OK);
    ck_assert_int_eq(cas_ledger_get(l, i, &c), CAS_OK);
    ck_assert_str_eq(c.scope.group, "combatants/is");
    ck_assert_str_eq(c.scope.perpetrator, "government");
    ck_assert_str_eq(c.scope.place, "syria/homs");
    ck_assert_int_eq(c.low, 2);
    ck_assert_int_eq(c.high, 2);
    /* Again: every id is a duplicate, and nothing is added. */
    ck_assert_int_eq(cas_import_buffer(l, "ucdp-ged", csv, strlen(csv), "ged.csv", NULL, &e),
                     CAS_ERR_DUPLICATE);
    ck_assert_int_eq(e.line, 2);
    ck_assert_uint_eq(cas_ledger_count(l), before + 4);
    cas_ledger_free(l);
}
END_TEST

START_TEST(test_options)
{
    cas_ledger *l = NULL;
    cas_import_options o;
    cas_error e;
    const char *csv = "conflict_id;year;bd_low;bd_best;bd_high\n7;2001;NA;-999;\n"
                      "7;2002;10;-999;20\n8;2002;5;.;6\n";

    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_str_eq(cas_import_format_name(0), "ucdp-ged");
    ck_assert_ptr_null(cas_import_format_name(8));
    ck_assert_int_eq(cas_import_buffer(l, "nope", "", 0, NULL, NULL, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_import_buffer(NULL, "prio", "", 0, NULL, NULL, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_import_buffer(l, "prio", "", 0, "empty", NULL, &e), CAS_ERR_EMPTY);
    cas_import_options_init(&o);
    ck_assert_int_eq(o.encoding, -1);
    ck_assert_int_eq(cas_import_buffer(l, "mapping", "a\n", 2, NULL, &o, &e), CAS_ERR_ARG);
    o.encoding = 9;
    ck_assert_int_eq(cas_import_buffer(l, "prio", "a\n", 2, NULL, &o, &e), CAS_ERR_ARG);
    o.encoding = -1;
    o.size = 4;
    ck_assert_int_eq(cas_import_buffer(l, "prio", "a\n", 2, NULL, &o, &e), CAS_ERR_ARG);
    /* '.' is not missing until --na says so. */
    cas_import_options_init(&o);
    ck_assert_int_eq(cas_import_buffer(l, "ucdp-brd", csv, strlen(csv), "brd", &o, &e),
                     CAS_ERR_NUMBER);
    ck_assert_str_eq(e.field, "bd_best");
    ck_assert_int_eq(e.line, 4);
    o.na = "NA, -999, .";
    o.source = "UCDP BRD 23.1";
    ck_assert_msg(cas_import_buffer(l, "ucdp-brd", csv, strlen(csv), "brd", &o, &e) == CAS_OK, "%s",
                  e.message);
    /* 2001 has no figure: no claim. */
    ck_assert_uint_eq(cas_ledger_count(l), 2);
    cas_claim c;
    cas_claim_init(&c);
    ck_assert_int_eq(cas_ledger_get(l, 0, &c), CAS_OK);
    ck_assert_str_eq(c.id, "ucdp-brd-7-2002");
    ck_assert_str_eq(c.source, "UCDP BRD 23.1");
    ck_assert_int_eq(c.best, CAS_NONE);
    ck_assert_int_eq(c.scope.period_start, tu_day("2002-01-01"));
    cas_ledger_free(l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("import");
    TCase *tc = tcase_create("import");
    tcase_add_test(tc, test_slug);
    tcase_add_test(tc, test_dates_and_counts);
    tcase_add_test(tc, test_all_or_nothing);
    tcase_add_test(tc, test_options);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
