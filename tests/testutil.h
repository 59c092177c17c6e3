/* SPDX-License-Identifier: MIT */
/* Helpers shared by the Check suites. */
#ifndef CAS_TESTUTIL_H
#define CAS_TESTUTIL_H

#include "config.h" /* _GNU_SOURCE and friends: mkstemp, unlink */

#include <unistd.h>

#include <casualty.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The day number of a date known to be valid. */
static inline int32_t tu_day(const char *iso)
{
    int32_t d = CAS_DATE_UNKNOWN;
    ck_assert_int_eq(cas_date_parse(&d, iso, strlen(iso)), CAS_OK);
    return d;
}

/* A valid claim: killed civilians in syria, 6-12 March 2025. */
static inline cas_claim tu_claim(const char *id, const char *source, int64_t low, int64_t high)
{
    cas_claim c;
    cas_claim_init(&c);
    c.id = id;
    c.source = source;
    c.low = low;
    c.high = high;
    c.qualifier = high == CAS_OPEN ? CAS_QUAL_AT_LEAST : high == low ? CAS_QUAL_EXACT : CAS_QUAL_RANGE;
    c.scope.outcome = "killed";
    c.scope.group = "civilians";
    c.scope.place = "syria";
    c.scope.period_start = tu_day("2025-03-06");
    c.scope.period_end = tu_day("2025-03-12");
    return c;
}

/* The bundled Syria data (examples/data), loaded into a new ledger. */
static inline cas_ledger *tu_syria(void)
{
    cas_ledger *l = NULL;
    cas_error e;
    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_msg(cas_csv_load(l, EXAMPLE_DATA_DIR "/syria-2025-03.csv", &e) == CAS_OK, "%s",
                  e.message);
    return l;
}

/* Add a claim that must be valid. */
static inline void tu_add(cas_ledger *l, cas_claim c)
{
    cas_error e;
    cas_error_init(&e);
    ck_assert_msg(cas_ledger_add(l, &c, &e) == CAS_OK, "%s", e.message);
}

/* A scope on the Syrian coast, 6-12 March 2025 unless days are given. */
static inline cas_scope tu_coast(const char *outcome, const char *group, const char *perp,
                                 const char *from, const char *to)
{
    cas_scope s;
    cas_scope_init(&s);
    s.outcome = outcome;
    s.group = group;
    s.perpetrator = perp;
    s.place = "syria/coast";
    s.period_start = tu_day(from ? from : "2025-03-06");
    s.period_end = tu_day(to ? to : "2025-03-12");
    return s;
}

/* The ledger's full state as CSV text (caller frees with cas_free):
 * equal snapshots mean nothing visible changed. */
static inline char *tu_snapshot(const cas_ledger *l)
{
    char *s = NULL;
    ck_assert_int_eq(cas_csv_save_string(&s, NULL, l, NULL), CAS_OK);
    return s;
}

/* Read a whole file into memory (caller frees with free()). */
static inline char *tu_read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    if (len)
        *len = (size_t)n;
    return buf;
}

/* Run one suite and exit with its failure count. */
static inline int tu_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
