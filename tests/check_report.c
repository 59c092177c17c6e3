/* SPDX-License-Identifier: MIT */
/* The printers of casualty/report.h: the CSV rows and their quoting, the
 * text table's layout, sources column and CONFLICT mark, the Markdown
 * printer (layout, escaping, the list of claims behind the bounds), files
 * and errors. */
#include "testutil.h"

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

/* ------------------------------------------------------------------ */
/* Printers                                                            */

START_TEST(report_csv_rows)
{
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    char *csv = NULL;
    size_t len = 0;

    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_report_csv(&csv, &len, r, NULL), CAS_OK);
    ck_assert_uint_eq(strlen(csv), len);
    ck_assert_ptr_eq(
        strstr(csv, "outcome,group,perpetrator,place,event,period_start,period_end,claims,"
                    "sources,superseded,excluded,envelope_low,envelope_high,"
                    "consensus_low,consensus_high,consensus,best,conflict_pairs,"
                    "envelope_low_claims,envelope_high_claims,consensus_low_claims,"
                    "consensus_high_claims,best_claims,conflicts,best_kind,within_tolerance,"
                    "outlier\n"),
        csv);
    ck_assert_ptr_nonnull(strstr(
        csv, "\nkilled,civilians,,syria/coast,,2025-03-06,2025-03-12,2,2,0,0,823,1700,1700,823,"
             "no,1261,1,syria-005 (SNHR),syria-004 (SOHR),syria-004 (SOHR),syria-005 (SNHR),"
             "syria-005 (SNHR); syria-004 (SOHR),\"syria-004 (SOHR) > syria-005 (SNHR): "
             "gap 877, ratio 2.07\",midpoint,,\n"));
    ck_assert_ptr_nonnull(strstr(
        csv, "\nkilled,combatants/government,,syria/coast,,2025-03-06,2025-03-12,2,2,0,0,219,,"
             "315,,yes,,0,syria-002 (SNHR),syria-002 (SNHR); syria-001 (SOHR),syria-001 (SOHR),"
             "syria-002 (SNHR); syria-001 (SOHR),,,,,\n"));
    /* A best some source gave. */
    ck_assert_ptr_nonnull(strstr(csv, ",syria-020 (SOHR),,reported,,\n"));
    /* One line per scope plus the header. */
    {
        size_t lines = 0;
        for (const char *p = csv; *p; p++)
            lines += *p == '\n';
        ck_assert_uint_eq(lines, cas_reconciliation_count(r) + 1);
    }
    cas_free(csv);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(report_csv_quotes_fields)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    cas_claim a = tu_claim("x,1", "Monitor \"M\"", 5, 5);
    char *csv = NULL;

    a.scope.place = "syria,north";
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    tu_add(l, a);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_report_csv(&csv, NULL, r, NULL), CAS_OK);
    ck_assert_ptr_nonnull(strstr(csv, "\nkilled,civilians,,\"syria,north\",,2025-03-06,"));
    /* a source holding a quote is quoted in the claim list (docs/csv.md) */
    ck_assert_ptr_nonnull(strstr(csv, ",\"x,1 (\"\"Monitor \"\"\"\"M\"\"\"\"\"\")\","));
    cas_free(csv);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(report_table_layout)
{
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    cas_scope s = tu_coast("killed", "civilians", NULL, NULL, NULL);
    char *t = NULL;
    size_t len = 0;
    const char *row, *eol;

    ck_assert_int_eq(cas_reconcile_scope(&r, l, &s, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_report_table(&t, &len, r, NULL), CAS_OK);
    ck_assert_uint_eq(strlen(t), len);
    ck_assert_ptr_eq(strstr(t, "outcome  group      perpetrator  place        period     "), t);
    row = strchr(t, '\n') + 1;
    eol = strchr(row, '\n');
    ck_assert_int_eq(strncmp(row,
                             "killed   civilians  *            syria/coast  "
                             "2025-03-06..2025-03-12       2        2  [823, 1700]  "
                             "CONFLICT   1261 (midpoint)          1\n",
                             (size_t)(eol - row + 1)),
                     0);
    ck_assert_ptr_nonnull(strstr(t, "\n    envelope_low           823  syria-005 (SNHR)\n"));
    ck_assert_ptr_nonnull(strstr(t, "\n    best                  1261  syria-005 (SNHR); "
                                    "syria-004 (SOHR)\n"));
    ck_assert_ptr_nonnull(strstr(t, "\n    conflict        syria-004 (SOHR) > syria-005 (SNHR): "
                                    "gap 877, ratio 2.07\n"));
    /* Every column header starts where its cells start. */
    {
        const char *h = strstr(t, "claims"), *c = row + (h - t);
        ck_assert_int_eq(c[-1], ' ');
    }
    cas_free(t);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(report_files)
{
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    char path[] = "/tmp/cas-report-XXXXXX";
    char *mem = NULL, *file;
    cas_error e;
    int fd;

    cas_error_init(&e);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(cas_report_csv_save(r, path, &e), CAS_OK);
    ck_assert_int_eq(cas_report_csv(&mem, NULL, r, NULL), CAS_OK);
    file = tu_read_file(path, NULL);
    ck_assert_str_eq(file, mem);
    free(file);
    cas_free(mem);
    ck_assert_int_eq(cas_report_table_save(r, path, &e), CAS_OK);
    ck_assert_int_eq(cas_report_table(&mem, NULL, r, NULL), CAS_OK);
    file = tu_read_file(path, NULL);
    ck_assert_str_eq(file, mem);
    free(file);
    cas_free(mem);
    unlink(path);

    ck_assert_int_eq(cas_report_csv_save(r, "/nonexistent-dir/x/report.csv", &e), CAS_ERR_IO);
    ck_assert_str_eq(e.file, "/nonexistent-dir/x/report.csv");
    ck_assert_int_eq(cas_report_table_save(r, "/nonexistent-dir/x/report.txt", &e), CAS_ERR_IO);
    ck_assert_int_eq(cas_report_table_save(NULL, path, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_report_csv_save(r, NULL, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_report_csv(NULL, NULL, r, &e), CAS_ERR_ARG);
    ck_assert_int_eq(cas_report_table(&mem, NULL, NULL, &e), CAS_ERR_ARG);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(report_empty)
{
    cas_ledger *l = NULL;
    cas_reconciliation *r = NULL;
    char *s = NULL;
    size_t len = 99;

    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_report_table(&s, &len, r, NULL), CAS_OK);
    ck_assert_uint_eq(len, strlen(s));
    ck_assert_ptr_null(strchr(s, '\n') ? strchr(strchr(s, '\n') + 1, '\n') : NULL);
    cas_free(s);
    ck_assert_int_eq(cas_report_csv(&s, &len, r, NULL), CAS_OK);
    ck_assert_ptr_null(strchr(s, '\n') ? strchr(strchr(s, '\n') + 1, '\n') : NULL);
    cas_free(s);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

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
    tu_add(l, a);
    tu_add(l, a2);
    tu_add(l, b);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_report_table(&t, NULL, r, NULL), CAS_OK);
    ck_assert_ptr_eq(strstr(t, "outcome  group      perpetrator  place  period                  "
                               "claims  sources  envelope  consensus  best           conflicts\n"),
                     t);
    row = strchr(t, '\n') + 1;
    /* Three claims, two sources; A's two claims share A's weight, so the
     * best is the midpoint of 10 (A) and 30 (B); a2 conflicts with both. */
    ck_assert_int_eq(strncmp(row,
                             "killed   civilians  *            syria  2025-03-06..2025-03-12"
                             "       3        2  [10, 30]  CONFLICT   20 (midpoint)          3\n",
                             (size_t)(strchr(row, '\n') - row + 1)),
                     0);
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
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    char *md;
    const char *p;
    size_t rows = 0, width0 = 0;

    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    md = markdown(r);
    ck_assert_ptr_eq(
        strstr(md, "| #   | outcome    | group                          | perpetrator |"
                   " place                        | period                 | claims |"
                   " sources | envelope     | consensus    | best            | conflicts |\n"
                   "| --: | :--------- | :----------------------------- | :---------- |"
                   " :--------------------------- | :--------------------- | -----: |"
                   " ------: | :----------- | :----------- | --------------: | --------: |\n"),
        md);
    ck_assert_str_eq(line_starting(md, "|   7 |"),
                     "|   7 | killed     | civilians                      | \\*          |"
                     " syria/coast                  | 2025-03-06..2025-03-12 |      2 |"
                     "       2 | [823, 1700]  | **CONFLICT** | 1261 (midpoint) |         1 |");
    ck_assert_str_eq(line_starting(md, "|  15 |"),
                     "|  15 | killed     | combatants/government          | \\*          |"
                     " syria/coast                  | 2025-03-06..2025-03-12 |      2 |"
                     "       2 | [219, open)  | [315, open)  |               - |         0 |");
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
    cas_ledger *l = tu_syria();
    cas_reconciliation *r = NULL;
    char *md;

    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, NULL), CAS_OK);
    md = markdown(r);
    ck_assert_ptr_nonnull(strstr(md, " |\n\nThe claims behind each bound, as id (source):\n\n1. "));
    ck_assert_ptr_nonnull(
        strstr(md, "\n7. killed, civilians, \\*, syria/coast, 2025-03-06..2025-03-12\n"
                   "   - envelope low 823: syria-005 (SNHR)\n"
                   "   - envelope high 1700: syria-004 (SOHR)\n"
                   "   - consensus low 1700: syria-004 (SOHR)\n"
                   "   - consensus high 823: syria-005 (SNHR)\n"
                   "   - best 1261: syria-005 (SNHR); syria-004 (SOHR)\n"
                   "   - conflict: syria-004 (SOHR) > syria-005 (SNHR): gap 877, ratio 2.07\n"
                   "8. "));
    /* From item 10 on, the sub-items are indented past "10. ". */
    ck_assert_ptr_nonnull(
        strstr(md, "\n15. killed, combatants/government, \\*, syria/coast, 2025-03-06..2025-03-12\n"
                   "    - envelope low 219: syria-002 (SNHR)\n"
                   "    - envelope high open: syria-002 (SNHR); syria-001 (SOHR)\n"
                   "    - consensus low 315: syria-001 (SOHR)\n"
                   "    - consensus high open: syria-002 (SNHR); syria-001 (SOHR)\n"
                   "16. "));
    ck_assert_ptr_nonnull(strstr(md, "\n2. casualties, civilians, \\*, syria/coast, "
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
    tu_add(l, a);
    tu_add(l, b);
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
    tu_add(l, tu_claim("a", "A", 1, 1));
    tu_add(l, tu_claim("b", "B", 2, 2));
    tu_add(l, tu_claim("c", "C", 3, 3));
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
    cas_ledger *l = tu_syria();
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
    ck_assert_int_eq(cas_report_markdown_save(r, "/nonexistent-dir/x/report.md", &e), CAS_ERR_IO);
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
    TCase *tc = tcase_create("csv");
    tcase_add_test(tc, report_csv_rows);
    tcase_add_test(tc, report_csv_quotes_fields);
    suite_add_tcase(s, tc);
    tc = tcase_create("table");
    tcase_add_test(tc, report_table_layout);
    tcase_add_test(tc, table_counts_sources_and_marks_conflicts);
    suite_add_tcase(s, tc);
    tc = tcase_create("files");
    tcase_add_test(tc, report_files);
    tcase_add_test(tc, report_empty);
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
