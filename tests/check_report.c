/* The printers of casualty/report.h as the example programs use them: the
 * text table's sources column and CONFLICT mark, and the Markdown printer
 * (layout, escaping, the list of claims behind the bounds, files, errors). */
#include "testutil.h"

#define SYRIA EXAMPLE_DATA_DIR "/syria-2025-03.csv"

static cas_ledger *syria(void)
{
    cas_ledger *l = NULL;
    cas_error e;
    cas_error_init(&e);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_msg(cas_csv_load(l, SYRIA, &e) == CAS_OK, "%s", e.message);
    return l;
}

static void add(cas_ledger *l, cas_claim c)
{
    cas_error e;
    cas_error_init(&e);
    ck_assert_msg(cas_ledger_add(l, &c, &e) == CAS_OK, "%s", e.message);
}

static char *markdown(const cas_reconciliation *r)
{
    char *md = NULL;
    size_t len = 0;
    ck_assert_int_eq(cas_report_markdown(&md, &len, r, NULL), CAS_OK);
    ck_assert_uint_eq(strlen(md), len);
    return md;
}

/* The line of @text that starts with @prefix (static copy), or NULL. */
static const char *line_starting(const char *text, const char *prefix)
{
    static char line[1024];
    const char *p = text;
    while (p && *p) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        if (strncmp(p, prefix, strlen(prefix)) == 0 && n < sizeof line) {
            memcpy(line, p, n);
            line[n] = '\0';
            return line;
        }
        p = eol ? eol + 1 : NULL;
    }
    return NULL;
}

/* Code points in [s, s + n): the display width of the scripts used here. */
static size_t width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

START_TEST(table_counts_sources_and_marks_conflicts)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    char *t = NULL;
    const char *row;
    cas_claim a = tu_claim("a1", "A", 10, 10);
    cas_claim a2 = tu_claim("a2", "A", 12, 20);
    cas_claim b = tu_claim("b1", "B", 30, 30);

    /* Two claims of A (the same report day, so both current) and one of B. */
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, a);
    add(l, a2);
    add(l, b);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_report_table(&t, NULL, r, NULL), CAS_OK);
    ck_assert_ptr_eq(strstr(t, "outcome  group      perpetrator  place  period                  "
                               "claims  sources  envelope  consensus  best  conflicts\n"), t);
    row = strchr(t, '\n') + 1;
    /* Three claims, two sources; A's two claims share A's weight, so the
     * best is the midpoint of 10 (A) and 30 (B); a2 conflicts with both. */
    ck_assert_int_eq(strncmp(row, "killed   civilians  *            syria  2025-03-06..2025-03-12"
                                  "       3        2  [10, 30]  CONFLICT     20          3\n",
                             (size_t)(strchr(row, '\n') - row + 1)), 0);
    ck_assert_ptr_nonnull(strstr(t, "\n    conflict        b1 (B) > a1 (A): gap 20, ratio 3.00\n"));
    ck_assert_ptr_nonnull(strstr(t, "\n    conflict        b1 (B) > a2 (A): gap 10, ratio 2.50\n"));
    ck_assert_ptr_nonnull(strstr(t, "\n    conflict        a2 (A) > a1 (A): gap 2, ratio 1.20\n"));
    cas_free(t);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(markdown_syria_table)
{
    cas_ledger *l = syria();
    cas_reconciliation *r = NULL;
    char *md;
    const char *p;
    size_t rows = 0, width0 = 0;

    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    md = markdown(r);
    ck_assert_ptr_eq(strstr(md, "| #   | outcome    | group                          | perpetrator |"
                                " place                        | period                 | claims |"
                                " sources | envelope     | consensus    | best | conflicts |\n"
                                "| --: | :--------- | :----------------------------- | :---------- |"
                                " :--------------------------- | :--------------------- | -----: |"
                                " ------: | :----------- | :----------- | ---: | --------: |\n"),
                     md);
    ck_assert_str_eq(line_starting(md, "|   7 |"),
                     "|   7 | killed     | civilians                      | \\*          |"
                     " syria/coast                  | 2025-03-06..2025-03-12 |      2 |"
                     "       2 | [823, 1700]  | **CONFLICT** | 1261 |         1 |");
    ck_assert_str_eq(line_starting(md, "|  15 |"),
                     "|  15 | killed     | combatants/government          | \\*          |"
                     " syria/coast                  | 2025-03-06..2025-03-12 |      2 |"
                     "       2 | [219, open)  | [315, open)  |    - |         0 |");
    /* Every table line has 13 cell borders and the same width: the
     * columns line up unrendered. */
    for (p = md; *p == '|'; p = strchr(p, '\n') + 1) {
        const char *eol = strchr(p, '\n');
        size_t bars = 0;
        for (const char *q = p; q < eol; q++)
            bars += *q == '|' && (q == p || q[-1] != '\\');
        ck_assert_uint_eq(bars, 13);
        if (!width0)
            width0 = width(p, (size_t)(eol - p));
        ck_assert_uint_eq(width(p, (size_t)(eol - p)), width0);
        rows++;
    }
    ck_assert_uint_eq(rows, cas_reconciliation_count(r) + 2);
    cas_free(md);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(markdown_syria_bounds_list)
{
    cas_ledger *l = syria();
    cas_reconciliation *r = NULL;
    char *md;

    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    md = markdown(r);
    ck_assert_ptr_nonnull(strstr(md, " |\n\nThe claims behind each bound, as id (source):\n\n1. "));
    ck_assert_ptr_nonnull(strstr(md,
        "\n7. killed, civilians, \\*, syria/coast, 2025-03-06..2025-03-12\n"
        "   - envelope low 823: syria-005 (SNHR)\n"
        "   - envelope high 1700: syria-004 (SOHR)\n"
        "   - consensus low 1700: syria-004 (SOHR)\n"
        "   - consensus high 823: syria-005 (SNHR)\n"
        "   - best 1261: syria-005 (SNHR); syria-004 (SOHR)\n"
        "   - conflict: syria-004 (SOHR) > syria-005 (SNHR): gap 877, ratio 2.07\n"
        "8. "));
    /* From item 10 on, the sub-items are indented past "10. ". */
    ck_assert_ptr_nonnull(strstr(md,
        "\n15. killed, combatants/government, \\*, syria/coast, 2025-03-06..2025-03-12\n"
        "    - envelope low 219: syria-002 (SNHR)\n"
        "    - envelope high open: syria-002 (SNHR); syria-001 (SOHR)\n"
        "    - consensus low 315: syria-001 (SOHR)\n"
        "    - consensus high open: syria-002 (SNHR); syria-001 (SOHR)\n"
        "16. "));
    ck_assert_ptr_nonnull(strstr(md, "\n2. casualties, civilians/alawite, \\*, syria/coast, "
                                     "?..2025-03-05\n"));
    ck_assert_int_eq(md[strlen(md) - 1], '\n');
    cas_free(md);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(markdown_escapes_data)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_claim a = tu_claim("a|1*", "Monitor_<M>", 5, 5);
    cas_claim b = tu_claim("b`[2]", "Line\none\\two", 9, 9);
    char *md;
    const char *row;

    a.scope.place = "syria/x_y";
    b.scope.place = "syria/x_y";
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, a);
    add(l, b);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    md = markdown(r);
    row = line_starting(md, "|   1 |");
    ck_assert_ptr_nonnull(row);
    ck_assert_ptr_nonnull(strstr(row, "| syria/x\\_y |"));
    ck_assert_ptr_nonnull(strstr(row, "| **CONFLICT** |"));
    ck_assert_ptr_nonnull(strstr(md, "\n   - envelope low 5: a\\|1\\* (Monitor\\_\\<M\\>)\n"));
    ck_assert_ptr_nonnull(strstr(md, "\n   - envelope high 9: b\\`\\[2\\] (Line one\\\\two)\n"));
    ck_assert_ptr_nonnull(strstr(md, "\n   - conflict: b\\`\\[2\\] (Line one\\\\two) > a\\|1\\* "
                                     "(Monitor\\_\\<M\\>): gap 4, ratio 1.80\n"));
    cas_free(md);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(markdown_unlisted_conflicts)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_reconcile_options o;
    char *md;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    add(l, tu_claim("a", "A", 1, 1));
    add(l, tu_claim("b", "B", 2, 2));
    add(l, tu_claim("c", "C", 3, 3));
    cas_reconcile_options_init(&o);
    o.max_conflicts = 1;
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, &o, NULL), CAS_OK);
    md = markdown(r);
    ck_assert_ptr_nonnull(strstr(md, "\n   - conflict: c (C) > a (A): gap 2, ratio 3.00\n"
                                     "   - 2 more conflicting pairs not listed\n"));
    ck_assert_ptr_nonnull(strstr(md, "|      3 |       3 | [1, 3]   | **CONFLICT** |    2 |"
                                     "         3 |\n"));
    cas_free(md);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(markdown_empty)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    char *md;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    md = markdown(r);
    ck_assert_str_eq(md, "| #   | outcome | group | perpetrator | place | period | claims |"
                         " sources | envelope | consensus | best | conflicts |\n"
                         "| --: | :------ | :---- | :---------- | :---- | :----- | -----: |"
                         " ------: | :------- | :-------- | ---: | --------: |\n");
    cas_free(md);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(markdown_files_and_errors)
{
    cas_ledger *l = syria();
    cas_reconciliation *r = NULL;
    char path[] = "/tmp/cas-report-md-XXXXXX";
    char *mem = NULL, *file;
    size_t len = 7;
    cas_error e;
    int fd;

    cas_error_init(&e);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(cas_report_markdown_save(r, path, &e), CAS_OK);
    mem = markdown(r);
    file = tu_read_file(path, NULL);
    ck_assert_str_eq(file, mem);
    free(file);
    cas_free(mem);
    unlink(path);

    mem = NULL;
    ck_assert_int_eq(cas_report_markdown_save(r, "/nonexistent-dir/x/report.md", &e),
                     CAS_ERR_IO);
    ck_assert_str_eq(e.file, "/nonexistent-dir/x/report.md");
    ck_assert_ptr_nonnull(strstr(e.message, "cannot open for writing"));
    ck_assert_int_eq(cas_report_markdown_save(NULL, path, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_report_markdown_save(r, NULL, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_report_markdown(NULL, &len, r, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_report_markdown(&mem, &len, NULL, &e), CAS_ERR_ARG);
    ck_assert_ptr_null(mem);
    ck_assert_uint_eq(len, 7);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, table_counts_sources_and_marks_conflicts);
    suite_add_tcase(s, tc);
    tc = tcase_create("markdown");
    tcase_add_test(tc, markdown_syria_table);
    tcase_add_test(tc, markdown_syria_bounds_list);
    tcase_add_test(tc, markdown_escapes_data);
    tcase_add_test(tc, markdown_unlisted_conflicts);
    tcase_add_test(tc, markdown_empty);
    tcase_add_test(tc, markdown_files_and_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
