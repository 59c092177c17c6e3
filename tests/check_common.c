/* SPDX-License-Identifier: MIT */
/* Status strings, versions, error details and calendar dates. */
#include "testutil.h"

START_TEST(strerror_known_and_unknown)
{
    ck_assert_str_eq(cas_strerror(CAS_OK), "success");
    ck_assert_str_eq(cas_strerror(CAS_ERR_NOMEM), "out of memory");
    ck_assert_str_eq(cas_strerror(CAS_ERR_DUPLICATE), "duplicate id");
    ck_assert_str_eq(cas_strerror(CAS_ERR_NOT_CONVERGED), "did not converge");
    ck_assert_str_eq(cas_strerror(-1), "unknown status");
    ck_assert_str_eq(cas_strerror(100000), "unknown status");
    /* Every code below the first unknown one has its own text. */
    for (int s = 0; s <= CAS_ERR_NOT_CONVERGED; s++)
        ck_assert_str_ne(cas_strerror(s), "unknown status");
}
END_TEST

START_TEST(version_matches_headers)
{
    char buf[32];
    ck_assert_int_eq(cas_version(), CAS_VERSION_NUMBER);
    snprintf(buf, sizeof buf, "%d.%d.%d", CAS_VERSION_MAJOR, CAS_VERSION_MINOR, CAS_VERSION_PATCH);
    ck_assert_str_eq(cas_version_string(), buf);
}
END_TEST

START_TEST(error_init_sets_size_and_clears)
{
    cas_error e;
    memset(&e, 0x5a, sizeof e);
    cas_error_init(&e);
    ck_assert_uint_eq(e.size, sizeof e);
    ck_assert_int_eq(e.status, CAS_OK);
    ck_assert_int_eq(e.line, 0);
    ck_assert_str_eq(e.message, "");
    ck_assert_str_eq(e.field, "");
    cas_error_init(NULL); /* no-op */
}
END_TEST

START_TEST(error_respects_smaller_struct)
{
    /* A caller built against a struct that ended after `column` must not
     * have its memory written past that. */
    unsigned char raw[sizeof(cas_error)];
    cas_error *e = (cas_error *)raw;
    size_t small = offsetof(cas_error, field);
    cas_ledger *l;
    cas_claim c = tu_claim("", "SOHR", 1, 1);

    memset(raw, 0xEE, sizeof raw);
    e->size = (uint32_t)small;
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_int_eq(cas_ledger_add(l, &c, e), CAS_ERR_MISSING);
    ck_assert_int_eq(e->status, CAS_ERR_MISSING);
    for (size_t i = small; i < sizeof raw; i++)
        ck_assert_uint_eq(raw[i], 0xEE);
    cas_ledger_free(l);
}
END_TEST

START_TEST(dates_round_trip)
{
    int32_t d, y, m, dd;
    char buf[11];

    ck_assert_int_eq(cas_date_from_ymd(&d, 1970, 1, 1), CAS_OK);
    ck_assert_int_eq(d, 0);
    ck_assert_int_eq(cas_date_from_ymd(&d, 2025, 3, 6), CAS_OK);
    ck_assert_int_eq(d, 20153);
    ck_assert_int_eq(cas_date_from_ymd(&d, 1, 1, 1), CAS_OK);
    ck_assert_int_eq(cas_date_to_ymd(&y, &m, &dd, d), CAS_OK);
    ck_assert_int_eq(y * 10000 + m * 100 + dd, 10101);
    /* Every day of 1900-2100 survives the trip through text. */
    for (int32_t k = cas_date_from_ymd(&d, 1900, 1, 1) == CAS_OK ? d : 0; k < d + 73414; k++) {
        int32_t back;
        ck_assert_int_eq(cas_date_format(buf, sizeof buf, k), CAS_OK);
        ck_assert_int_eq(cas_date_parse(&back, buf, 10), CAS_OK);
        ck_assert_int_eq(back, k);
    }
}
END_TEST

START_TEST(dates_reject_impossible)
{
    int32_t d = 12345;
    char buf[11];

    ck_assert_int_eq(cas_date_parse(&d, "2025-02-29", 10), CAS_ERR_DATE);
    ck_assert_int_eq(cas_date_parse(&d, "2024-02-29", 10), CAS_OK);
    ck_assert_int_eq(cas_date_parse(&d, "1900-02-29", 10), CAS_ERR_DATE);
    ck_assert_int_eq(cas_date_parse(&d, "2000-02-29", 10), CAS_OK);
    d = 12345;
    ck_assert_int_eq(cas_date_parse(&d, "2025-13-01", 10), CAS_ERR_DATE);
    ck_assert_int_eq(cas_date_parse(&d, "2025-04-31", 10), CAS_ERR_DATE);
    ck_assert_int_eq(cas_date_parse(&d, "2025-4-01", 9), CAS_ERR_DATE);
    ck_assert_int_eq(cas_date_parse(&d, "2025/04/01", 10), CAS_ERR_DATE);
    ck_assert_int_eq(cas_date_parse(&d, "0000-01-01", 10), CAS_ERR_DATE);
    ck_assert_int_eq(cas_date_parse(&d, "6 March 25", 10), CAS_ERR_DATE);
    ck_assert_int_eq(cas_date_parse(&d, "", 0), CAS_ERR_DATE);
    ck_assert_int_eq(d, 12345); /* untouched on failure */
    ck_assert_int_eq(cas_date_parse(NULL, "2025-01-01", 10), CAS_ERR_ARG);
    ck_assert_int_eq(cas_date_format(buf, sizeof buf, CAS_DATE_UNKNOWN), CAS_ERR_DATE);
    ck_assert_int_eq(cas_date_format(buf, 10, 0), CAS_ERR_ARG);
    ck_assert_int_eq(cas_date_from_ymd(NULL, 2025, 1, 1), CAS_ERR_ARG);
    ck_assert_int_eq(cas_date_to_ymd(NULL, &d, &d, 0), CAS_ERR_ARG);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("common");
    TCase *tc = tcase_create("common");
    tcase_add_test(tc, strerror_known_and_unknown);
    tcase_add_test(tc, version_matches_headers);
    tcase_add_test(tc, error_init_sets_size_and_clears);
    tcase_add_test(tc, error_respects_smaller_struct);
    tcase_add_test(tc, dates_round_trip);
    tcase_add_test(tc, dates_reject_impossible);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
