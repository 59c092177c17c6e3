/* SPDX-License-Identifier: MIT */
/* JSON Lines (casualty/jsonl.h): string escaping (RFC 8259, control
 * characters, invalid UTF-8, U+2028/2029), reals, nulls for open bounds
 * and "all", nested provenance and conflicts, one record a line, files
 * and errors, and numbers that stay '.'-pointed under a German
 * LC_NUMERIC (compiled with localedef when the system has no de_DE). */
#include "testutil.h"

#include <locale.h>

static char *jstr(const char *s, size_t n)
{
    char *out = NULL;
    size_t len = 0;
    ck_assert_int_eq(cas_json_string(&out, &len, s, n, NULL), CAS_OK);
    ck_assert_uint_eq(strlen(out), len);
    return out;
}

#define ASSERT_JSTR(in, n, want)                                                                   \
    do {                                                                                           \
        char *got_ = jstr((in), (n));                                                              \
        ck_assert_str_eq(got_, (want));                                                            \
        cas_free(got_);                                                                            \
    } while (0)

START_TEST(escapes_rfc8259)
{
    ASSERT_JSTR("plain", 5, "\"plain\"");
    ASSERT_JSTR("", 0, "\"\"");
    ASSERT_JSTR("a\"b\\c/d", 7, "\"a\\\"b\\\\c/d\"");
    ASSERT_JSTR("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"");
    /* other control characters as \u00XX, NUL included, and DEL too */
    ASSERT_JSTR("\x01x\x1f\x7f", 4, "\"\\u0001x\\u001f\\u007f\"");
    ASSERT_JSTR("a\0b", 3, "\"a\\u0000b\"");
    /* valid UTF-8 is copied: 2, 3 and 4 bytes */
    ASSERT_JSTR("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9,
                "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
    /* U+2028 and U+2029 escaped */
    ASSERT_JSTR("a\xe2\x80\xa8"
                "b\xe2\x80\xa9",
                8, "\"a\\u2028b\\u2029\"");
    /* DEL and the C1 controls (U+0085 is a line end to some readers) */
    ASSERT_JSTR("a\x7f"
                "b\xc2\x85"
                "c\xc2\x9f",
                8, "\"a\\u007fb\\u0085c\\u009f\"");
    /* U+00A0 is not a control: copied */
    ASSERT_JSTR("\xc2\xa0", 2, "\"\xc2\xa0\"");
}
END_TEST

START_TEST(invalid_utf8_becomes_replacement)
{
    /* a stray continuation byte, a lone lead byte, a cut sequence, an
     * overlong form, a surrogate, beyond U+10FFFF: one U+FFFD per byte */
    ASSERT_JSTR("a\x80z", 3, "\"a\xef\xbf\xbdz\"");
    ASSERT_JSTR("\xff", 1, "\"\xef\xbf\xbd\"");
    ASSERT_JSTR("x\xe2\x82", 3, "\"x\xef\xbf\xbd\xef\xbf\xbd\"");
    ASSERT_JSTR("\xc0\xaf", 2, "\"\xef\xbf\xbd\xef\xbf\xbd\"");
    ASSERT_JSTR("\xed\xa0\x80", 3, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
    ASSERT_JSTR("\xf4\x90\x80\x80", 4, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
    /* the next valid character after a bad byte survives */
    ASSERT_JSTR("\xe2\xc3\xa9", 3, "\"\xef\xbf\xbd\xc3\xa9\"");
}
END_TEST

START_TEST(json_string_errors)
{
    char *out = NULL;
    cas_error e;
    cas_error_init(&e);
    ck_assert_int_eq(cas_json_string(NULL, NULL, "x", 1, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_json_string(&out, NULL, NULL, 1, &e), CAS_ERR_ARG);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cas_json_string(&out, NULL, NULL, 0, NULL), CAS_OK);
    ck_assert_str_eq(out, "\"\"");
    cas_free(out);
}
END_TEST

START_TEST(reals)
{
    char b[64];
    ck_assert_uint_eq(cas_real_format(b, sizeof b, 0.1, -1), 3);
    ck_assert_str_eq(b, "0.1");
    cas_real_format(b, sizeof b, 12318.46767678493, -1);
    ck_assert(strtod(b, NULL) == 12318.46767678493);
    cas_real_format(b, sizeof b, 1.0 / 3.0, -1);
    ck_assert(strtod(b, NULL) == 1.0 / 3.0);
    cas_real_format(b, sizeof b, 2.0, -1);
    ck_assert_str_eq(b, "2");
    cas_real_format(b, sizeof b, 1e300, -1);
    ck_assert_str_eq(b, "1e+300");
    cas_real_format(b, sizeof b, NAN, -1);
    ck_assert_str_eq(b, "null");
    cas_real_format(b, sizeof b, INFINITY, -1);
    ck_assert_str_eq(b, "null");
    cas_real_format(b, sizeof b, 12318.4677, 2);
    ck_assert_str_eq(b, "12318.47");
    cas_real_format(b, sizeof b, -0.5, 0);
    ck_assert_str_eq(b, "-0");
    /* cut short, always terminated */
    ck_assert_uint_eq(cas_real_format(b, 4, 12318.4677, 2), 3);
    ck_assert_str_eq(b, "123");
    ck_assert_uint_eq(cas_real_format(b, 0, 1.0, 2), 0);
}
END_TEST

/* The @k-th line of @text (static copy). */
static const char *line_at(const char *text, size_t k)
{
    static char line[8192];
    const char *p = text;
    for (size_t i = 0; i < k && p; i++) {
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    ck_assert_ptr_nonnull(p);
    size_t n = (size_t)(strchr(p, '\n') - p);
    ck_assert_uint_lt(n, sizeof line);
    memcpy(line, p, n);
    line[n] = '\0';
    return line;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

START_TEST(report_one_line_per_scope)
{
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    char *out = NULL, *csv = NULL;
    size_t len = 0;

    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_report_jsonl(&out, &len, r, NULL), CAS_OK);
    ck_assert_uint_eq(strlen(out), len);
    ck_assert_uint_eq(count_lines(out), cas_reconciliation_count(r));
    ck_assert_int_eq(cas_report_csv(&csv, NULL, r, NULL), CAS_OK);
    ck_assert_uint_eq(count_lines(out) + 1, count_lines(csv)); /* the CSV has a header */
    for (size_t i = 0; i < cas_reconciliation_count(r); i++) {
        const char *ln = line_at(out, i);
        ck_assert_int_eq(ln[0], '{');
        ck_assert_int_eq(ln[strlen(ln) - 1], '}');
        ck_assert_ptr_nonnull(strstr(ln, "\"provenance\":{\"envelope_low\":["));
        ck_assert_ptr_nonnull(strstr(ln, "\"conflicts\":["));
    }
    /* open highs, missing bests, unknown days and "all" are null */
    ck_assert_ptr_nonnull(strstr(out, "\"envelope_high\":null"));
    ck_assert_ptr_nonnull(strstr(out, "\"best\":null"));
    ck_assert_ptr_nonnull(strstr(out, "\"period_start\":null"));
    ck_assert_ptr_nonnull(strstr(out, "\"perpetrator\":null"));
    ck_assert_ptr_null(strstr(out, "\"\""));
    cas_free(out);
    cas_free(csv);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(report_nested_conflicts)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    char *out = NULL;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, tu_claim("a", "Src \"A\"", 100, 100));
    tu_add(l, tu_claim("b", "B", 40, 50));
    tu_add(l, tu_claim("c", "C", 10, CAS_OPEN));
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_report_jsonl(&out, NULL, r, NULL), CAS_OK);
    ck_assert_uint_eq(count_lines(out), 1);
    ck_assert_ptr_nonnull(strstr(out, "\"outcome\":\"killed\",\"group\":\"civilians\","
                                      "\"perpetrator\":null,\"place\":\"syria\",\"event\":null,"
                                      "\"period_start\":\"2025-03-06\","
                                      "\"period_end\":\"2025-03-12\",\"claims\":3,\"sources\":3"));
    ck_assert_ptr_nonnull(strstr(out, "\"envelope_low\":10,\"envelope_high\":null,"));
    ck_assert_ptr_nonnull(strstr(out, "\"consensus\":false"));
    ck_assert_ptr_nonnull(strstr(out, "\"envelope_low\":[{\"id\":\"c\",\"source\":\"C\"}]"));
    ck_assert_ptr_nonnull(
        strstr(out, "{\"higher\":{\"id\":\"a\",\"source\":\"Src \\\"A\\\"\"},"
                    "\"lower\":{\"id\":\"b\",\"source\":\"B\"},\"gap\":50,\"ratio\":2.5}"));
    cas_free(out);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(ledger_claims)
{
    cas_ledger *l = NULL;
    char *out = NULL;
    size_t len = 0;
    cas_claim c = tu_claim("q-1", "S", 5, CAS_OPEN);

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_int_eq(cas_ledger_jsonl(&out, &len, l, NULL), CAS_OK);
    ck_assert_uint_eq(len, 0); /* no claims: an empty text */
    ck_assert_str_eq(out, "");
    cas_free(out);
    c.quote = "line one\nline \"two\"\xe2\x80\xa8";
    tu_add(l, c);
    tu_add(l, tu_claim("q-2", "T", 7, 9));
    ck_assert_int_eq(cas_ledger_jsonl(&out, &len, l, NULL), CAS_OK);
    ck_assert_uint_eq(count_lines(out), 2);
    ck_assert_str_eq(line_at(out, 0),
                     "{\"id\":\"q-1\",\"source\":\"S\",\"source_kind\":null,\"relay\":null,"
                     "\"basis\":\"reported\",\"outcome\":\"killed\",\"group\":\"civilians\","
                     "\"perpetrator\":null,\"place\":\"syria\",\"event\":null,"
                     "\"period_start\":\"2025-03-06\",\"period_end\":\"2025-03-12\","
                     "\"reported_on\":null,\"qualifier\":\"at_least\",\"low\":5,\"high\":null,"
                     "\"best\":null,\"citation\":null,"
                     "\"quote\":\"line one\\nline \\\"two\\\"\\u2028\"}");
    ck_assert_ptr_nonnull(strstr(line_at(out, 1), "\"low\":7,\"high\":9,"));
    cas_free(out);
    cas_ledger_free(l);
}
END_TEST

START_TEST(files_and_errors)
{
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    char path[] = "/tmp/cas-jsonl-XXXXXX", *mem = NULL, *disk = NULL;
    size_t n = 0, m = 0;
    cas_error e;
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    cas_error_init(&e);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_report_jsonl_save(r, path, &e), CAS_OK);
    ck_assert_int_eq(cas_report_jsonl(&mem, &n, r, NULL), CAS_OK);
    disk = tu_read_file(path, &m);
    ck_assert_uint_eq(n, m);
    ck_assert_mem_eq(mem, disk, n);
    free(disk);
    cas_free(mem);
    ck_assert_int_eq(cas_ledger_jsonl_save(l, path, &e), CAS_OK);
    ck_assert_int_eq(cas_ledger_jsonl(&mem, &n, l, NULL), CAS_OK);
    disk = tu_read_file(path, &m);
    ck_assert_uint_eq(n, m);
    ck_assert_mem_eq(mem, disk, n);
    free(disk);
    cas_free(mem);
    unlink(path);

    mem = NULL;
    ck_assert_int_eq(cas_report_jsonl(&mem, NULL, NULL, &e), CAS_ERR_ARG);
    ck_assert_ptr_null(mem);
    ck_assert_int_eq(cas_report_jsonl(NULL, NULL, r, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_report_jsonl_save(r, NULL, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_ledger_jsonl(&mem, NULL, NULL, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_report_jsonl_save(r, "/nonexistent-dir/x.jsonl", &e), CAS_ERR_IO);
    ck_assert_ptr_nonnull(strstr(e.message, "/nonexistent-dir/x.jsonl"));
    ck_assert_int_eq(cas_ledger_jsonl_save(l, "/nonexistent-dir/x.jsonl", &e), CAS_ERR_IO);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(propagation_and_matrix)
{
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    cas_propagation *p = NULL;
    cas_matrix *m = NULL;
    char *out = NULL, path[] = "/tmp/cas-jsonl-XXXXXX", *disk;
    size_t len = 0, n = 0;
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_propagation_new(&p, r, CAS_RESULT_CONSENSUS, NULL), CAS_OK);
    ck_assert_int_eq(cas_propagation_run(p, NULL), CAS_OK);
    ck_assert_int_eq(cas_propagation_jsonl(&out, &len, p, NULL), CAS_OK);
    ck_assert_uint_eq(count_lines(out), cas_propagation_count(p));
    /* syria-008's 360 raises the floor of government combatants killed */
    ck_assert_ptr_nonnull(strstr(out, "\"low\":360,\"high\":null,\"conflict\":false,"));
    ck_assert_ptr_nonnull(strstr(out, "\"low_rule\":\"part\""));
    ck_assert_ptr_nonnull(strstr(out, "\"conflict\":true"));
    ck_assert_ptr_nonnull(
        strstr(out, "\"provenance\":{\"low\":[{\"id\":\"syria-008\",\"source\":"));
    ck_assert_int_eq(cas_propagation_jsonl_save(p, path, NULL), CAS_OK);
    disk = tu_read_file(path, &n);
    ck_assert_uint_eq(n, len);
    ck_assert_mem_eq(disk, out, n);
    free(disk);
    cas_free(out);

    ck_assert_int_eq(cas_matrix_new(&m, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_matrix_jsonl(&out, &len, m, NULL), CAS_OK);
    ck_assert_uint_eq(count_lines(out), cas_matrix_count(m));
    ck_assert_ptr_nonnull(strstr(out, "{\"first\":\"SNHR\",\"second\":\"SOHR\",\"scopes\":2,"));
    ck_assert_int_eq(cas_matrix_jsonl_save(m, path, NULL), CAS_OK);
    disk = tu_read_file(path, &n);
    ck_assert_uint_eq(n, len);
    free(disk);
    cas_free(out);
    out = NULL;
    ck_assert_int_eq(cas_matrix_jsonl(&out, NULL, NULL, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_propagation_jsonl(&out, NULL, NULL, NULL), CAS_ERR_ARG);
    ck_assert_ptr_null(out);
    unlink(path);
    cas_matrix_free(m);
    cas_propagation_free(p);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

/* A German LC_NUMERIC, from the system or compiled with localedef into a
 * temporary directory (LOCPATH). 1 when it is in force. */
static int german_numeric(void)
{
    static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "de_DE"};
    char dir[] = "/tmp/cas-locale-XXXXXX", cmd[256];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (setlocale(LC_NUMERIC, names[i]))
            return 1;
    if (!mkdtemp(dir))
        return 0;
    snprintf(cmd, sizeof cmd, "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1", dir);
    if (system(cmd) != 0)
        return 0;
    setenv("LOCPATH", dir, 1);
    return setlocale(LC_NUMERIC, "de_DE.UTF-8") != NULL;
}

START_TEST(german_locale_keeps_the_point)
{
    char b[64], *out = NULL;
    cas_mse_table *t = NULL;
    cas_mse_selection *sel = NULL;
    cas_claim c;
    cas_error e;
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_reconcile_options o;

    if (!german_numeric()) {
        /* Never green on CI without the check: there it must run. */
        const char *ci = getenv("CI");
        ck_assert_msg(!ci || strcmp(ci, "true") != 0,
                      "no German locale and localedef could not make one");
        fprintf(stderr, "check_jsonl: no German locale here, the locale test did not run\n");
        return;
    }
    snprintf(b, sizeof b, "%.2f", 12318.4677);
    ck_assert_str_eq(b, "12318,47"); /* the locale is in force */
    cas_real_format(b, sizeof b, 12318.4677, 2);
    ck_assert_str_eq(b, "12318.47");
    cas_real_format(b, sizeof b, 0.25, -1);
    ck_assert_str_eq(b, "0.25");

    /* the MSE texts */
    cas_error_init(&e);
    ck_assert_msg(cas_mse_table_load(&t, TEST_DATA_DIR "/mse/hiv-rome.csv", &e) == CAS_OK, "%s",
                  e.message);
    ck_assert_int_eq(cas_mse_select(&sel, t, NULL, &e), CAS_OK);
    cas_claim_init(&c);
    ck_assert_int_eq(cas_mse_selection_claim(sel, "m", NULL, &c, &e), CAS_OK);
    ck_assert_msg(strstr(c.quote, "N-hat 12318.47 (SE 1188.72)") != NULL, "%s", c.quote);
    ck_assert_ptr_null(strstr(c.quote, ","
                                       "47"));
    cas_mse_selection_free(sel);
    cas_mse_table_free(t);

    /* a tolerance as a share, and a ratio, in the reports */
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, tu_claim("a", "A", 103, 103));
    tu_add(l, tu_claim("b", "B", 40, 40));
    tu_add(l, tu_claim("c", "C", 100, 100));
    cas_reconcile_options_init(&o);
    o.tolerance_kind = CAS_TOLERANCE_SHARE;
    o.tolerance = 0.035;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, &e), CAS_OK);
    ck_assert_int_eq(cas_report_jsonl(&out, NULL, r, NULL), CAS_OK);
    ck_assert_msg(strstr(out, "\"ratio\":2.575") != NULL, "%s", out);
    cas_free(out);
    ck_assert_int_eq(cas_report_csv(&out, NULL, r, NULL), CAS_OK);
    ck_assert_msg(strstr(out, "ratio 2.58") != NULL, "%s", out);
    cas_free(out);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("jsonl");
    TCase *tc = tcase_create("strings");
    tcase_add_test(tc, escapes_rfc8259);
    tcase_add_test(tc, invalid_utf8_becomes_replacement);
    tcase_add_test(tc, json_string_errors);
    tcase_add_test(tc, reals);
    suite_add_tcase(s, tc);
    tc = tcase_create("records");
    tcase_add_test(tc, report_one_line_per_scope);
    tcase_add_test(tc, report_nested_conflicts);
    tcase_add_test(tc, ledger_claims);
    tcase_add_test(tc, files_and_errors);
    tcase_add_test(tc, propagation_and_matrix);
    suite_add_tcase(s, tc);
    tc = tcase_create("locale");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, german_locale_keeps_the_point);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
