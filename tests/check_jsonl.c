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

/* The text of member @key's value in the JSON object @line (a static
 * copy, up to the next ',' or '}' outside strings; no nesting), or fail. */
static const char *member(const char *line, const char *key)
{
    static char v[512];
    char pat[96];
    const char *p;
    size_t n = 0;
    int in_str = 0;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    p = strstr(line, pat);
    ck_assert_msg(p != NULL, "no member %s in %s", key, line);
    p += strlen(pat);
    for (; p[n] && (in_str || (p[n] != ',' && p[n] != '}')); n++) {
        if (p[n] == '\\' && in_str)
            n++;
        else if (p[n] == '"')
            in_str = !in_str;
    }
    ck_assert_uint_lt(n, sizeof v);
    memcpy(v, p, n);
    v[n] = '\0';
    return v;
}

/* A real member as a double (it must be a JSON number, '.' pointed). */
static double real_member(const char *line, const char *key)
{
    const char *v = member(line, key);
    char *end = NULL;
    double d = strtod(v, &end);
    ck_assert_msg(*v && *end == '\0' && !strchr(v, ','), "%s is %s", key, v);
    return d;
}

static int64_t int_member(const char *line, const char *key)
{
    const char *v = member(line, key);
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    ck_assert_msg(*v && *end == '\0', "%s is %s", key, v);
    return (int64_t)n;
}

/* A _save to a directory that does not exist fails naming the file and
 * leaves none; a NULL object is refused with a message. */
#define ASSERT_SAVE_FAILS(call)                                                                    \
    do {                                                                                           \
        cas_error e_;                                                                              \
        cas_error_init(&e_);                                                                       \
        ck_assert_int_eq((call), CAS_ERR_IO);                                                      \
        ck_assert_msg(strstr(e_.message, BAD_PATH) != NULL || strstr(e_.file, BAD_PATH) != NULL,   \
                      "%s", e_.message);                                                           \
        ck_assert_int_ne(access(BAD_PATH, F_OK), 0);                                               \
    } while (0)
#define BAD_PATH "/nonexistent-dir/x.jsonl"

START_TEST(sum_one_line)
{
    cas_scope sc[3];
    int64_t lows[3] = {10, 20, 5}, highs[3] = {15, CAS_OPEN, 5}, bests[3] = {12, CAS_NONE, 5};
    const char *groups[3] = {"civilians", "combatants/government", "combatants/insurgents"};
    cas_sum s;
    char *out = NULL, want[512], path[] = "/tmp/cas-jsonl-XXXXXX", *disk;
    size_t len = 0, n = 0;
    cas_error e;
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    for (int k = 0; k < 3; k++)
        sc[k] = tu_coast("killed", groups[k], "", "2025-03-06", "2025-03-12");
    cas_sum_init(&s);
    ck_assert_int_eq(cas_sum_estimates(&s, sc, lows, highs, bests, 3, NULL), CAS_OK);
    ck_assert_int_eq(cas_sum_jsonl(&out, &len, &s, "killed \"on the coast\"", NULL), CAS_OK);
    ck_assert_uint_eq(strlen(out), len);
    snprintf(want, sizeof want,
             "{\"label\":\"killed \\\"on the coast\\\"\",\"terms\":3,\"low\":%lld,\"high\":null,"
             "\"best\":null,\"without_best\":1,\"midpoint_bests\":0}\n",
             (long long)(lows[0] + lows[1] + lows[2]));
    ck_assert_str_eq(out, want);
    cas_free(out);
    /* two terms, both closed with bests; no label is null */
    ck_assert_int_eq(cas_sum_estimates(&s, sc, lows, highs + 0, bests, 1, NULL), CAS_OK);
    ck_assert_int_eq(cas_sum_jsonl(&out, NULL, &s, NULL, NULL), CAS_OK);
    ck_assert_int_eq(int_member(out, "high"), highs[0]);
    ck_assert_int_eq(int_member(out, "best"), bests[0]);
    ck_assert_str_eq(member(out, "label"), "null");
    ck_assert_int_eq(cas_sum_jsonl_save(&s, NULL, path, NULL), CAS_OK);
    disk = tu_read_file(path, &n);
    ck_assert_str_eq(disk, out);
    free(disk);
    cas_free(out);
    unlink(path);

    out = NULL;
    cas_error_init(&e);
    ck_assert_int_eq(cas_sum_jsonl(&out, NULL, NULL, "x", &e), CAS_ERR_ARG);
    ck_assert_ptr_null(out);
    ck_assert_ptr_nonnull(strstr(e.message, "sum is NULL"));
    ck_assert_int_eq(cas_sum_jsonl(NULL, NULL, &s, "x", &e), CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(e.message, "out is NULL"));
    ASSERT_SAVE_FAILS(cas_sum_jsonl_save(&s, "x", BAD_PATH, &e_));
#ifdef __linux__
    /* a write that fails names the file; a device is never removed */
    cas_error_init(&e);
    ck_assert_int_eq(cas_sum_jsonl_save(&s, "x", "/dev/full", &e), CAS_ERR_IO);
    ck_assert_str_eq(e.file, "/dev/full");
    ck_assert_int_eq(access("/dev/full", W_OK), 0);
#endif
}
END_TEST

/* The positions in @r of the scopes killed on the coast on 6-12 March
 * whose group is one of @groups, in that order. */
static void coast_parts(const cas_reconciliation *r, const char *const *groups, size_t n,
                        size_t *items)
{
    for (size_t k = 0; k < n; k++) {
        cas_scope sc = tu_coast("killed", groups[k], "", "2025-03-06", "2025-03-12");
        ck_assert_msg(cas_reconciliation_find(r, &sc, &items[k]) == CAS_OK, "no scope %s",
                      groups[k]);
    }
}

START_TEST(sum_results_parts_total_whole)
{
    static const char *const groups[] = {"civilians", "combatants/government",
                                         "combatants/insurgents"};
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    size_t items[3], twice[2];
    cas_scope whole = tu_coast("killed", "", "", "2025-03-06", "2025-03-12");
    cas_sum env, cons;
    char *out = NULL, path[] = "/tmp/cas-jsonl-XXXXXX", *disk;
    size_t len = 0, n = 0, lines;
    cas_error e;
    int fd = mkstemp(path), has_whole;
    cas_status cons_st;
    int64_t claims = 0;

    ck_assert_int_ge(fd, 0);
    close(fd);
    cas_error_init(&e);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    coast_parts(r, groups, 3, items);
    cas_sum_init(&env);
    cas_sum_init(&cons);
    ck_assert_int_eq(cas_sum_results(&env, r, items, 3, CAS_RESULT_ENVELOPE, NULL), CAS_OK);
    cons_st = cas_sum_results(&cons, r, items, 3, CAS_RESULT_CONSENSUS, NULL);
    ck_assert_int_eq(cas_sum_results_jsonl(&out, &len, r, items, 3, "group", &whole, &e), CAS_OK);
    has_whole = cas_reconciliation_find(r, &whole, &n) == CAS_OK;
    lines = count_lines(out);
    ck_assert_uint_eq(lines, 3 + 1 + (size_t)has_whole);
    for (size_t k = 0; k < 3; k++) {
        const char *ln = line_at(out, k);
        cas_scope_result v;
        cas_scope_result_init(&v);
        ck_assert_int_eq(cas_reconciliation_get(r, items[k], &v), CAS_OK);
        claims += v.claims;
        ck_assert_str_eq(member(ln, "row"), "\"part\"");
        ck_assert_ptr_nonnull(strstr(member(ln, "group"), groups[k]));
        ck_assert_ptr_null(strstr(ln, "\"period_start\""));
        ck_assert_int_eq(int_member(ln, "claims"), v.claims);
        ck_assert_int_eq(int_member(ln, "sources"), v.sources);
        ck_assert_int_eq(int_member(ln, "envelope_low"), v.envelope_low);
        if (v.envelope_high == CAS_OPEN)
            ck_assert_str_eq(member(ln, "envelope_high"), "null");
        else
            ck_assert_int_eq(int_member(ln, "envelope_high"), v.envelope_high);
        ck_assert_str_eq(member(ln, "consensus"), v.has_consensus ? "true" : "false");
        if (!v.has_consensus)
            ck_assert_str_eq(member(ln, "consensus_low"), "null");
        if (v.best == CAS_NONE)
            ck_assert_str_eq(member(ln, "best"), "null");
        else
            ck_assert_int_eq(int_member(ln, "best"), v.best);
        ck_assert_str_eq(member(ln, "note"), "null");
    }
    {
        const char *ln = line_at(out, 3);
        ck_assert_str_eq(member(ln, "row"), "\"total\"");
        ck_assert_str_eq(member(ln, "group"), "null");
        ck_assert_str_eq(member(ln, "sources"), "null");
        ck_assert_int_eq(int_member(ln, "claims"), claims);
        ck_assert_int_eq(int_member(ln, "envelope_low"), env.low);
        if (env.high == CAS_OPEN)
            ck_assert_str_eq(member(ln, "envelope_high"), "null");
        else
            ck_assert_int_eq(int_member(ln, "envelope_high"), env.high);
        ck_assert_str_eq(member(ln, "consensus"), cons_st == CAS_OK ? "true" : "null");
        if (env.without_best) {
            ck_assert_str_eq(member(ln, "best"), "null");
            ck_assert_ptr_nonnull(strstr(member(ln, "note"), "terms lack a best"));
        } else {
            ck_assert_int_eq(int_member(ln, "best"), env.best);
            ck_assert_str_eq(member(ln, "best_kind"), "\"sum\"");
        }
    }
    /* the file is the text */
    ck_assert_int_eq(cas_sum_results_jsonl_save(r, items, 3, "group", &whole, path, &e), CAS_OK);
    disk = tu_read_file(path, &n);
    ck_assert_uint_eq(n, len);
    ck_assert_mem_eq(disk, out, n);
    free(disk);
    cas_free(out);
    /* by period: the days in place of the path; no whole */
    ck_assert_int_eq(cas_sum_results_jsonl(&out, NULL, r, items, 1, "period", NULL, &e), CAS_OK);
    ck_assert_uint_eq(count_lines(out), 2);
    ck_assert_str_eq(member(line_at(out, 0), "period_start"), "\"2025-03-06\"");
    ck_assert_str_eq(member(line_at(out, 0), "period_end"), "\"2025-03-12\"");
    ck_assert_str_eq(member(line_at(out, 1), "period_start"), "null");
    ck_assert_ptr_null(strstr(out, "\"group\""));
    cas_free(out);

    /* errors: the sum's own (a part twice overlaps itself), with no file
     * left behind; an unknown dimension; NULLs */
    unlink(path);
    twice[0] = twice[1] = items[0];
    out = NULL;
    ck_assert_int_eq(cas_sum_results_jsonl(&out, NULL, r, twice, 2, "group", NULL, &e),
                     CAS_ERR_OVERLAP);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cas_sum_results_jsonl_save(r, twice, 2, "group", NULL, path, &e),
                     CAS_ERR_OVERLAP);
    ck_assert_int_ne(access(path, F_OK), 0);
    ck_assert_int_eq(cas_sum_results_jsonl(&out, NULL, r, items, 3, "colour", NULL, &e),
                     CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(e.message, "colour"));
    ck_assert_int_eq(cas_sum_results_jsonl(&out, NULL, r, items, 3, NULL, NULL, &e), CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(e.message, "dimension is NULL"));
    ck_assert_int_eq(cas_sum_results_jsonl(&out, NULL, r, NULL, 3, "group", NULL, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_sum_results_jsonl(&out, NULL, NULL, items, 3, "group", NULL, &e),
                     CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(e.message, "reconciliation is NULL"));
    ck_assert_ptr_null(out);
    ASSERT_SAVE_FAILS(cas_sum_results_jsonl_save(r, items, 3, "group", NULL, BAD_PATH, &e_));
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

static cas_mse_table *load_mse(const char *name)
{
    char path[512];
    cas_mse_table *t = NULL;
    cas_error e;
    cas_error_init(&e);
    snprintf(path, sizeof path, "%s/mse/%s", TEST_DATA_DIR, name);
    ck_assert_msg(cas_mse_table_load(&t, path, &e) == CAS_OK, "%s", e.message);
    return t;
}

/* A real member equal to @v, or null when @v is not finite. */
static void check_real(const char *line, const char *key, double v)
{
    if (isfinite(v))
        ck_assert_msg(real_member(line, key) == v, "%s: %s", key, member(line, key));
    else
        ck_assert_str_eq(member(line, key), "null");
}

/* The members of a model's record against its summary. */
static void check_model_line(const char *ln, const cas_mse_estimate *est)
{
    cas_mse_summary s;
    cas_mse_summary_init(&s);
    ck_assert_int_eq(cas_mse_estimate_summary(est, &s), CAS_OK);
    check_real(ln, "n_hat", s.n_hat);
    check_real(ln, "se", s.se);
    check_real(ln, "low", s.low);
    check_real(ln, "high", s.high);
    check_real(ln, "deviance", s.deviance);
    check_real(ln, "aic", s.aic);
    check_real(ln, "bic", s.bic);
    ck_assert_str_eq(member(ln, "low_at_observed"),
                     s.interval_flags & CAS_MSE_LOW_AT_OBSERVED ? "true" : "false");
    if (s.method == CAS_MSE_LOGLINEAR)
        ck_assert_int_eq(int_member(ln, "df"), s.df);
    else
        ck_assert_str_eq(member(ln, "df"), "null");
}

START_TEST(mse_estimates)
{
    static const char two[] = "A,B,count\n1,0,30\n0,1,40\n1,1,10\n";
    cas_mse_table *t = load_mse("hiv-rome.csv"), *t2 = NULL;
    cas_mse_estimate *e = NULL, *ch = NULL;
    uint64_t model = 0;
    char *out = NULL, want[96], path[] = "/tmp/cas-jsonl-XXXXXX", *disk;
    size_t len = 0, n = 0, ncoef;
    cas_error err;
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    cas_error_init(&err);
    ck_assert_int_eq(cas_mse_model_parse(&model, "[12,23]", cas_mse_table_lists(t), &err), CAS_OK);
    ck_assert_int_eq(cas_mse_fit(&e, t, model, NULL, &err), CAS_OK);
    ck_assert_int_eq(cas_mse_estimate_jsonl(&out, &len, e, 0, &err), CAS_OK);
    ck_assert_uint_eq(count_lines(out), 1);
    ck_assert_str_eq(member(out, "model"), "\"[12,23]\"");
    ck_assert_str_eq(member(out, "interval"), "\"profile\"");
    ck_assert_str_eq(member(out, "daic"), "null");
    check_model_line(out, e);
    ck_assert_ptr_null(strstr(out, "coefficients"));
    cas_free(out);
    /* the detail: method, level and every coefficient */
    ck_assert_int_eq(cas_mse_estimate_jsonl(&out, &len, e, CAS_MSE_JSONL_DETAIL, &err), CAS_OK);
    check_model_line(out, e);
    ck_assert_str_eq(member(out, "method"), "\"log-linear\"");
    ck_assert(real_member(out, "level") == 0.95);
    ck_assert_int_eq(int_member(out, "observed"), cas_mse_table_observed(t));
    ncoef = cas_mse_estimate_coef_count(e);
    ck_assert_uint_gt(ncoef, 1);
    {
        const char *p = strstr(out, "\"coefficients\":[{\"term\":0,\"value\":");
        size_t terms = 0;
        double v = 0;
        ck_assert_ptr_nonnull(p);
        for (const char *q = p; (q = strstr(q, "{\"term\":")) != NULL; q++)
            terms++;
        ck_assert_uint_eq(terms, ncoef);
        ck_assert_int_eq(cas_mse_estimate_coef(e, 0, NULL, &v, NULL), CAS_OK);
        ck_assert(real_member(p + strlen("\"coefficients\":[{"), "value") == v);
    }
    ck_assert_int_eq(cas_mse_estimate_jsonl_save(e, CAS_MSE_JSONL_DETAIL, path, &err), CAS_OK);
    disk = tu_read_file(path, &n);
    ck_assert_uint_eq(n, len);
    ck_assert_mem_eq(disk, out, n);
    free(disk);
    cas_free(out);
    unlink(path);

    /* two lists: the estimator's name, no df */
    ck_assert_int_eq(cas_mse_table_load_buffer(&t2, two, strlen(two), "two.csv", &err), CAS_OK);
    ck_assert_int_eq(cas_mse_two_list(&ch, t2, CAS_MSE_CHAPMAN, NULL, &err), CAS_OK);
    ck_assert_int_eq(cas_mse_estimate_jsonl(&out, NULL, ch, CAS_MSE_JSONL_DETAIL, &err), CAS_OK);
    ck_assert_str_eq(member(out, "model"), "\"Chapman\"");
    ck_assert_str_eq(member(out, "method"), "\"chapman\"");
    check_model_line(out, ch);
    snprintf(want, sizeof want, "\"coefficients\":[]}\n");
    ck_assert_ptr_nonnull(strstr(out, want));
    cas_free(out);

    out = NULL;
    ck_assert_int_eq(cas_mse_estimate_jsonl(&out, NULL, NULL, 0, &err), CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(err.message, "estimate is NULL"));
    ck_assert_int_eq(cas_mse_estimate_jsonl(&out, NULL, e, 8, &err), CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(err.message, "flags"));
    ck_assert_ptr_null(out);
    ASSERT_SAVE_FAILS(cas_mse_estimate_jsonl_save(e, 0, BAD_PATH, &e_));
    cas_mse_estimate_free(ch);
    cas_mse_estimate_free(e);
    cas_mse_table_free(t2);
    cas_mse_table_free(t);
}
END_TEST

START_TEST(mse_selection)
{
    cas_mse_table *t = load_mse("hiv-rome.csv");
    cas_mse_selection *sel = NULL;
    cas_mse_options o;
    cas_mse_spread sp;
    char *out = NULL, path[] = "/tmp/cas-jsonl-XXXXXX", *disk;
    size_t len = 0, n = 0, count, failed;
    cas_error err;
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    cas_error_init(&err);
    cas_mse_options_init(&o);
    o.criterion = CAS_MSE_BIC;
    ck_assert_int_eq(cas_mse_select(&sel, t, &o, &err), CAS_OK);
    count = cas_mse_selection_count(sel);
    failed = cas_mse_selection_failed_count(sel);
    ck_assert_int_eq(cas_mse_selection_jsonl(&out, &len, sel, 0, 0, &err), CAS_OK);
    ck_assert_uint_eq(count_lines(out), count);
    for (size_t r = 0; r < count; r++) {
        const char *ln = line_at(out, r);
        const cas_mse_estimate *est = cas_mse_selection_get(sel, r);
        double delta = NAN;
        ck_assert_int_eq(cas_mse_selection_score(sel, r, NULL, &delta), CAS_OK);
        check_model_line(ln, est);
        ck_assert(real_member(ln, "dbic") == delta);
        ck_assert_ptr_null(strstr(ln, "daic"));
        ck_assert_ptr_null(strstr(ln, "\"record\""));
    }
    ck_assert(real_member(line_at(out, 0), "dbic") == 0);
    cas_free(out);
    ck_assert_int_eq(cas_mse_selection_jsonl(&out, NULL, sel, 3, 0, &err), CAS_OK);
    ck_assert_uint_eq(count_lines(out), count < 3 ? count : 3);
    cas_free(out);

    /* with the summary: a record member, the spread and the failures */
    cas_mse_spread_init(&sp);
    ck_assert_int_eq(cas_mse_selection_spread(sel, &sp), CAS_OK);
    ck_assert_int_eq(cas_mse_selection_jsonl(&out, &len, sel, 2,
                                             CAS_MSE_JSONL_SUMMARY | CAS_MSE_JSONL_DETAIL, &err),
                     CAS_OK);
    ck_assert_uint_eq(count_lines(out), 2 + 1 + failed);
    ck_assert_ptr_nonnull(strstr(line_at(out, 0), "{\"record\":\"model\",\"model\":"));
    ck_assert_ptr_nonnull(strstr(line_at(out, 0), "\"coefficients\":[{"));
    {
        const char *ln = line_at(out, 2);
        ck_assert_ptr_nonnull(strstr(ln, "{\"record\":\"spread\",\"criterion\":\"bic\","));
        ck_assert_str_eq(member(ln, "chosen"), member(line_at(out, 0), "model"));
        ln = line_at(out, 2);
        ck_assert_int_eq(int_member(ln, "fitted"), sp.fitted);
        ck_assert_int_eq(int_member(ln, "failed"), failed);
        ck_assert_int_eq(int_member(ln, "supported"), sp.supported);
        check_real(ln, "n_hat_min", sp.n_hat_min);
        check_real(ln, "high_max", sp.high_max);
    }
    for (size_t k = 0; k < failed; k++)
        ck_assert_ptr_nonnull(strstr(line_at(out, 3 + k), "{\"record\":\"failure\",\"model\":"));
    ck_assert_int_eq(cas_mse_selection_jsonl_save(
                         sel, 2, CAS_MSE_JSONL_SUMMARY | CAS_MSE_JSONL_DETAIL, path, &err),
                     CAS_OK);
    disk = tu_read_file(path, &n);
    ck_assert_uint_eq(n, len);
    ck_assert_mem_eq(disk, out, n);
    free(disk);
    cas_free(out);
    unlink(path);

    out = NULL;
    ck_assert_int_eq(cas_mse_selection_jsonl(&out, NULL, NULL, 0, 0, &err), CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(err.message, "selection is NULL"));
    ck_assert_int_eq(cas_mse_selection_jsonl(&out, NULL, sel, 0, 4, &err), CAS_ERR_ARG);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cas_mse_selection_jsonl_save(sel, 0, 0, NULL, &err), CAS_ERR_ARG);
    ASSERT_SAVE_FAILS(cas_mse_selection_jsonl_save(sel, 0, 0, BAD_PATH, &e_));
    cas_mse_selection_free(sel);
    cas_mse_table_free(t);
}
END_TEST

/* A cumulative claim on [start, cutoff] of the civilians killed in Gaza. */
static void add_cum(cas_ledger *l, const char *id, const char *source, const char *start,
                    const char *cutoff, int64_t low, int64_t high)
{
    cas_claim c;
    cas_claim_init(&c);
    c.id = id;
    c.source = source;
    c.low = low;
    c.high = high;
    c.qualifier = high == CAS_OPEN ? CAS_QUAL_AT_LEAST
                  : low == high    ? CAS_QUAL_EXACT
                                   : CAS_QUAL_APPROX;
    c.scope.outcome = "killed";
    c.scope.group = "civilians";
    c.scope.place = "palestine/gaza";
    c.scope.period_start = tu_day(start);
    c.scope.period_end = tu_day(cutoff);
    tu_add(l, c);
}

START_TEST(series_tables)
{
    cas_ledger *l = NULL;
    cas_series *s = NULL;
    char *out = NULL, path[] = "/tmp/cas-jsonl-XXXXXX", *disk;
    size_t len = 0, n = 0, reports = 0, revisions = 0, rows = 0;
    cas_error err;
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    cas_error_init(&err);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add_cum(l, "a1", "A", "2023-10-07", "2023-10-10", 100, 100);
    add_cum(l, "a2", "A", "2023-10-07", "2023-10-12", 150, CAS_OPEN);
    add_cum(l, "a3", "A", "2023-10-07", "2023-10-13", 140, 140); /* a revision */
    add_cum(l, "b1", "B \"two\"", "2023-10-07", "2023-10-11", 120, 130);
    add_cum(l, "b2", "B \"two\"", "2023-10-07", "2023-10-13", 125, 125); /* below A's 140 */
    ck_assert_int_eq(cas_series_new(&s, l, &err), CAS_OK);
    for (size_t i = 0; i < cas_series_count(s); i++) {
        cas_series_info info;
        cas_series_info_init(&info);
        ck_assert_int_eq(cas_series_get(s, i, &info), CAS_OK);
        reports += info.reports;
        revisions += info.revisions;
    }
    ck_assert_uint_eq(revisions, 1);

    ck_assert_int_eq(cas_series_jsonl(&out, &len, s, CAS_SERIES_REPORTS, CAS_DATE_UNKNOWN, &err),
                     CAS_OK);
    ck_assert_uint_eq(count_lines(out), reports);
    ck_assert_ptr_nonnull(strstr(out, "\"source\":\"B \\\"two\\\"\",\"phase\":1,"
                                      "\"outcome\":\"killed\",\"group\":\"civilians\","
                                      "\"perpetrator\":null,\"place\":\"palestine/gaza\","
                                      "\"event\":null,\"start\":\"2023-10-07\","
                                      "\"cutoff\":\"2023-10-11\",\"reported_on\":null,"
                                      "\"low\":120,\"high\":130,"));
    ck_assert_ptr_nonnull(strstr(out, "\"low\":150,\"high\":null,"));
    cas_free(out);
    ck_assert_int_eq(cas_series_jsonl(&out, &len, s, CAS_SERIES_REVISIONS, CAS_DATE_UNKNOWN, &err),
                     CAS_OK);
    ck_assert_uint_eq(count_lines(out), revisions);
    ck_assert_int_eq(int_member(out, "revision"), 10);
    ck_assert_str_eq(member(out, "revises"), "\"2023-10-12\"");
    ck_assert_str_eq(member(out, "claim"), "\"a3\"");
    cas_free(out);
    ck_assert_int_eq(cas_series_jsonl(&out, &len, s, CAS_SERIES_SUMMARY, CAS_DATE_UNKNOWN, &err),
                     CAS_OK);
    ck_assert_uint_eq(count_lines(out), cas_series_count(s));
    ck_assert_ptr_nonnull(strstr(out, "\"reports\":3,\"first\":\"2023-10-10\","
                                      "\"last\":\"2023-10-13\",\"last_low\":140,"
                                      "\"last_high\":140,\"revisions\":1,\"revised\":10}"));
    cas_free(out);
    /* as of every day: each source, each day from the first cutoff to the last */
    ck_assert_int_eq(cas_series_jsonl(&out, &len, s, CAS_SERIES_ASOF, CAS_DATE_UNKNOWN, &err),
                     CAS_OK);
    for (size_t p = 0; p < cas_series_panels(s); p++) {
        cas_series_panel pan;
        cas_series_panel_init(&pan);
        ck_assert_int_eq(cas_series_panel_get(s, p, &pan), CAS_OK);
        if (pan.members >= 2)
            rows += (size_t)(pan.last_day - pan.first_day + 1) * pan.members;
    }
    ck_assert_uint_eq(rows, 8); /* 10 to 13 October, two sources */
    ck_assert_uint_eq(count_lines(out), rows);
    /* B before its first report: no floor, no staleness */
    ck_assert_ptr_nonnull(strstr(out, "\"day\":\"2023-10-10\",\"source\":\"B \\\"two\\\"\","
                                      "\"floor\":null,\"floor_day\":null,\"stale\":null,"));
    ck_assert_ptr_nonnull(strstr(out, "\"agree\":true}"));
    ck_assert_ptr_nonnull(strstr(out, "\"agree\":false}"));
    ck_assert_int_eq(cas_series_jsonl_save(s, CAS_SERIES_ASOF, CAS_DATE_UNKNOWN, path, &err),
                     CAS_OK);
    disk = tu_read_file(path, &n);
    ck_assert_uint_eq(n, len);
    ck_assert_mem_eq(disk, out, n);
    free(disk);
    cas_free(out);
    unlink(path);
    ck_assert_int_eq(cas_series_jsonl(&out, &len, s, CAS_SERIES_ASOF, tu_day("2023-10-12"), &err),
                     CAS_OK);
    ck_assert_uint_eq(count_lines(out), 2);
    ck_assert_str_eq(member(line_at(out, 1), "day"), "\"2023-10-12\"");
    cas_free(out);

    out = NULL;
    ck_assert_int_eq(cas_series_jsonl(&out, NULL, NULL, 0, CAS_DATE_UNKNOWN, &err), CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(err.message, "series is NULL"));
    ck_assert_int_eq(cas_series_jsonl(&out, NULL, s, 4, CAS_DATE_UNKNOWN, &err), CAS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(err.message, "table"));
    ck_assert_int_eq(cas_series_jsonl(&out, NULL, s, -1, CAS_DATE_UNKNOWN, &err), CAS_ERR_ARG);
    ck_assert_ptr_null(out);
    ASSERT_SAVE_FAILS(cas_series_jsonl_save(s, 0, CAS_DATE_UNKNOWN, BAD_PATH, &e_));
    cas_series_free(s);
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

    /* the MSE records: '.' pointed, the same bytes as under "C" */
    {
        char *de[2], *cl[2];
        cas_mse_estimate *est = NULL;
        uint64_t model = 0;
        t = load_mse("hiv-rome.csv");
        ck_assert_int_eq(cas_mse_select(&sel, t, NULL, &e), CAS_OK);
        ck_assert_int_eq(cas_mse_model_parse(&model, "[12]", cas_mse_table_lists(t), &e), CAS_OK);
        ck_assert_int_eq(cas_mse_fit(&est, t, model, NULL, &e), CAS_OK);
        ck_assert_int_eq(cas_mse_selection_jsonl(&de[0], NULL, sel, 0,
                                                 CAS_MSE_JSONL_DETAIL | CAS_MSE_JSONL_SUMMARY, &e),
                         CAS_OK);
        ck_assert_int_eq(cas_mse_estimate_jsonl(&de[1], NULL, est, CAS_MSE_JSONL_DETAIL, &e),
                         CAS_OK);
        ck_assert_msg(strstr(de[1], "\"level\":0.95,") != NULL, "%s", de[1]);
        ck_assert_ptr_nonnull(setlocale(LC_NUMERIC, "C"));
        ck_assert_int_eq(cas_mse_selection_jsonl(&cl[0], NULL, sel, 0,
                                                 CAS_MSE_JSONL_DETAIL | CAS_MSE_JSONL_SUMMARY, &e),
                         CAS_OK);
        ck_assert_int_eq(cas_mse_estimate_jsonl(&cl[1], NULL, est, CAS_MSE_JSONL_DETAIL, &e),
                         CAS_OK);
        ck_assert_str_eq(de[0], cl[0]);
        ck_assert_str_eq(de[1], cl[1]);
        check_model_line(line_at(cl[0], 0), cas_mse_selection_get(sel, 0));
        check_model_line(cl[1], est);
        for (int k = 0; k < 2; k++) {
            cas_free(de[k]);
            cas_free(cl[k]);
        }
        cas_mse_estimate_free(est);
        cas_mse_selection_free(sel);
        cas_mse_table_free(t);
    }
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
    tcase_add_test(tc, sum_one_line);
    tcase_add_test(tc, sum_results_parts_total_whole);
    tcase_add_test(tc, mse_estimates);
    tcase_add_test(tc, mse_selection);
    tcase_add_test(tc, series_tables);
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
