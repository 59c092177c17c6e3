/* SPDX-License-Identifier: MIT */
/* Output that cannot be abused (docs/csv.md): the one rule per output
 * format of lib/shown_internal.h (text, XML, Markdown), the CSV formula
 * protection (cas_csv_write_options), the claim lists that quote an id
 * holding their own syntax, a path named "*" shown apart from "all", and
 * the paths the loader refuses (". and .." segments, bidi marks, C1
 * controls, noncharacters, a no-break space at a segment's end). Links the
 * internal library for the static inline rules. */
#include "testutil.h"
#include "shown_internal.h"
#include "csvquote_internal.h"

/* A growing output for the rules' sink. */
typedef struct out {
    char buf[4096];
    size_t len;
} out;

static void sink(void *p, const char *s, size_t n)
{
    out *o = p;
    ck_assert_uint_lt(o->len + n, sizeof o->buf);
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static const char *shown(cas__shown_style style, const char *s)
{
    static out o;
    o.len = 0;
    o.buf[0] = '\0';
    cas__shown_put(style, s, sink, &o);
    return o.buf;
}

/* The UTF-8 of code point @c in @buf (5 bytes). */
static const char *utf8(char *buf, uint32_t c)
{
    unsigned char *b = (unsigned char *)buf;
    if (c < 0x80) {
        b[0] = (unsigned char)c, b[1] = 0;
    } else if (c < 0x800) {
        b[0] = (unsigned char)(0xC0 | c >> 6), b[1] = (unsigned char)(0x80 | (c & 0x3F)), b[2] = 0;
    } else if (c < 0x10000) {
        b[0] = (unsigned char)(0xE0 | c >> 12), b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (c & 0x3F)), b[3] = 0;
    } else {
        b[0] = (unsigned char)(0xF0 | c >> 18), b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
        b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F)), b[3] = (unsigned char)(0x80 | (c & 0x3F));
        b[4] = 0;
    }
    return buf;
}

/* The hostile characters of the corpus: every C0 control, DEL, every C1
 * control, the bidi controls, zero-width characters and separators, the
 * byte order mark, U+FFFE, U+FFFF and U+10FFFF's noncharacter pair. */
static size_t hostile(uint32_t *cps)
{
    static const uint32_t more[] = {0x061C, 0x200B, 0x200E, 0x200F, 0x2028, 0x2029,  0x202A,
                                    0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067,  0x2068,
                                    0x2069, 0xFEFF, 0xFDD0, 0xFFFE, 0xFFFF, 0x10FFFE};
    size_t n = 0;
    for (uint32_t c = 1; c < 0x20; c++)
        cps[n++] = c;
    for (uint32_t c = 0x7F; c <= 0x9F; c++)
        cps[n++] = c;
    for (size_t k = 0; k < sizeof more / sizeof more[0]; k++)
        cps[n++] = more[k];
    return n;
}

/* Whether @s holds a character that the text rule must never let out: a
 * C0 or C1 control, DEL, a hidden character or a noncharacter. */
static int has_hostile(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c = 0;
        size_t n = cas__shown_decode(p, &c);
        if (n == 0 || cas__shown_control(c) || cas__shown_hidden(c) || cas__shown_nonchar(c))
            return 1;
        p += n;
    }
    return 0;
}

START_TEST(text_shows_every_hostile_character_visibly)
{
    uint32_t cps[128];
    size_t n = hostile(cps);
    char ch[8], in[32], want[32];

    for (size_t k = 0; k < n; k++) {
        const char *got;
        snprintf(in, sizeof in, "a%sb", utf8(ch, cps[k]));
        got = shown(CAS__SHOWN_TEXT, in);
        ck_assert_msg(!has_hostile(got), "U+%04X passed through: %s", (unsigned)cps[k], got);
        if (cps[k] <= 0x9F)
            snprintf(want, sizeof want, "a\\x%02xb", (unsigned)cps[k]);
        else
            snprintf(want, sizeof want, "a\\u{%04X}b", (unsigned)cps[k]);
        ck_assert_str_eq(got, want);
        ck_assert_uint_eq(cas__shown_width(CAS__SHOWN_TEXT, in), strlen(want));
    }
    /* bytes that are not UTF-8, a lone surrogate (ED A0 80), an overlong '/' */
    ck_assert_str_eq(shown(CAS__SHOWN_TEXT, "x\xff\xfey"), "x\\xff\\xfey");
    ck_assert_str_eq(shown(CAS__SHOWN_TEXT, "\xed\xa0\x80"), "\\xed\\xa0\\x80");
    ck_assert_str_eq(shown(CAS__SHOWN_TEXT, "\xc0\xaf"), "\\xc0\\xaf");
    /* ordinary text, accents and CJK untouched */
    ck_assert_str_eq(shown(CAS__SHOWN_TEXT, "Jableh \xc3\xa9 \xe4\xb8\xad"),
                     "Jableh \xc3\xa9 \xe4\xb8\xad");
}
END_TEST

/* Whether @s is text XML 1.0 allows, with no raw markup character. */
static int xml_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c = 0;
        size_t n = cas__shown_decode(p, &c);
        if (n == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
            (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF)
            return 0;
        if (c == '<' || c == '>' || c == '"' || c == '\'')
            return 0;
        if (c == '&' && strncmp((const char *)p, "&amp;", 5) &&
            strncmp((const char *)p, "&lt;", 4) && strncmp((const char *)p, "&gt;", 4) &&
            strncmp((const char *)p, "&quot;", 6) && strncmp((const char *)p, "&apos;", 6))
            return 0;
        p += n;
    }
    return 1;
}

START_TEST(xml_keeps_only_what_xml_allows)
{
    uint32_t cps[128];
    size_t n = hostile(cps);
    char ch[8], in[32];

    for (size_t k = 0; k < n; k++) {
        snprintf(in, sizeof in, "<%s&>", utf8(ch, cps[k]));
        ck_assert_msg(xml_ok(shown(CAS__SHOWN_XML, in)), "U+%04X: %s", (unsigned)cps[k],
                      shown(CAS__SHOWN_XML, in));
    }
    ck_assert_str_eq(shown(CAS__SHOWN_XML, "a\x1b\x07"
                                           "b"),
                     "a\xef\xbf\xbd\xef\xbf\xbd"
                     "b");
    ck_assert_str_eq(shown(CAS__SHOWN_XML, "\xef\xbf\xbe"), "\xef\xbf\xbd");
    ck_assert_str_eq(shown(CAS__SHOWN_XML, "\xed\xa0\x80"
                                           "!"),
                     "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd!");
    ck_assert_str_eq(shown(CAS__SHOWN_XML, "a&b<c>\"'"), "a&amp;b&lt;c&gt;&quot;&apos;");
    ck_assert_str_eq(shown(CAS__SHOWN_XML, "tab\tnl\n"), "tab\tnl\n");
    ck_assert_str_eq(shown(CAS__SHOWN_XML, "\xe2\x80\xae"), "\\u{202E}");
}
END_TEST

START_TEST(markdown_escapes_and_stays_on_one_line)
{
    const char *got = shown(CAS__SHOWN_MARKDOWN, "[a](b) | *c* _d_ `e` <f> \\ &amp;\r\nnext");
    ck_assert_str_eq(got, "\\[a\\](b) \\| \\*c\\* \\_d\\_ \\`e\\` \\<f\\> \\\\ \\&amp;  next");
    ck_assert_str_eq(shown(CAS__SHOWN_MARKDOWN, "a\x1b"
                                                "b\xe2\x80\xae"),
                     "a\\x1bb\\u{202E}");
    ck_assert_uint_eq(cas__shown_width(CAS__SHOWN_MARKDOWN, "|x|"), 5);
}
END_TEST

static const char *path_shown(cas__shown_style style, const char *s)
{
    static out o;
    o.len = 0;
    o.buf[0] = '\0';
    cas__shown_path(style, s, sink, &o);
    return o.buf;
}

START_TEST(a_path_named_star_is_not_all)
{
    ck_assert_str_eq(path_shown(CAS__SHOWN_TEXT, "*"), "\\*");
    ck_assert_str_eq(path_shown(CAS__SHOWN_TEXT, "\\*"), "\\\\*");
    ck_assert_str_eq(path_shown(CAS__SHOWN_TEXT, "syria/*"), "syria/*");
    ck_assert_str_eq(path_shown(CAS__SHOWN_MARKDOWN, "*"), "\\\\\\*");
    ck_assert_uint_eq(cas__shown_path_width(CAS__SHOWN_TEXT, "*"), 2);
}
END_TEST

static const char *claim_shown(int style, const char *s)
{
    static out o;
    o.len = 0;
    o.buf[0] = '\0';
    cas__shown_claim(style, s, sink, &o);
    return o.buf;
}

START_TEST(claim_ids_with_list_syntax_are_quoted)
{
    ck_assert_str_eq(claim_shown(-1, "syria-001"), "syria-001");
    ck_assert_str_eq(claim_shown(-1, "x (FAKE); y"), "\"x (FAKE); y\"");
    ck_assert_str_eq(claim_shown(-1, "a\"b"), "\"a\"\"b\"");
    ck_assert_str_eq(claim_shown(-1, "a > b"), "a > b");
    ck_assert_str_eq(claim_shown(-1, "x (S) > y"), "\"x (S) > y\"");
    ck_assert_str_eq(claim_shown(-1, "Wikipedia (unattributed)"), "Wikipedia (unattributed)");
    ck_assert_str_eq(claim_shown(-1, "a) (b"), "\"a) (b\"");
    ck_assert_str_eq(claim_shown(-1, "a (b"), "\"a (b\"");
    ck_assert_str_eq(claim_shown(-1, " pad"), "\" pad\"");
    ck_assert_str_eq(claim_shown(CAS__SHOWN_TEXT, "x\n(y"), "\"x\\x0a(y\"");
}
END_TEST

START_TEST(formula_cells)
{
    static const char *const yes[] = {"=1+1", "+cmd", "-x",  "@SUM(A1)", "\tx",
                                      "\rx",  "-",    "--5", "-5-5",     "-.5"};
    static const char *const no[] = {"", "5", "-5", "+1.25", "-0", "+1.", "a=b", " =x", "'=x"};
    for (size_t k = 0; k < sizeof yes / sizeof yes[0]; k++)
        ck_assert_msg(cas__csv_formula(yes[k], strlen(yes[k])), "%s", yes[k]);
    for (size_t k = 0; k < sizeof no / sizeof no[0]; k++)
        ck_assert_msg(!cas__csv_formula(no[k], strlen(no[k])), "%s", no[k]);
}
END_TEST

/* A ledger of one hostile claim and one plain rival on place "*". */
static cas_ledger *hostile_ledger(void)
{
    cas_ledger *l = NULL;
    cas_claim a = tu_claim("x (FAKE); y\x1b[2J\n", "=HYPERLINK(\"http://e\")", 10, 20);
    cas_claim b = tu_claim("-5", "@SUM\xe2\x80\xae", 30, 40);
    ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
    a.scope.place = b.scope.place = "*";
    tu_add(l, a);
    tu_add(l, b);
    return l;
}

START_TEST(csv_save_protects_formulas_when_asked)
{
    cas_ledger *l = hostile_ledger(), *back = NULL;
    cas_csv_write_options o;
    char *plain = NULL, *safe = NULL;
    cas_error e;

    cas_error_init(&e);
    cas_csv_write_options_init(&o);
    ck_assert_int_eq(o.protect_formulas, 0);
    ck_assert_int_eq(cas_csv_save_string_with(&plain, NULL, l, &o, &e), CAS_OK);
    o.protect_formulas = 1;
    ck_assert_int_eq(cas_csv_save_string_with(&safe, NULL, l, &o, &e), CAS_OK);
    ck_assert_ptr_nonnull(strstr(plain, ",\"=HYPERLINK(\"\"http://e\"\")\""));
    ck_assert_ptr_nonnull(strstr(safe, ",\"'=HYPERLINK(\"\"http://e\"\")\""));
    ck_assert_ptr_nonnull(strstr(safe, ",'@SUM"));
    ck_assert_ptr_nonnull(strstr(safe, "\n-5,")); /* a number is not a formula */
    ck_assert_ptr_null(strstr(plain, "'="));
    /* unprotected, it loads back as it was */
    ck_assert_int_eq(cas_ledger_new(&back), CAS_OK);
    ck_assert_msg(cas_csv_load_buffer(back, plain, strlen(plain), "saved", &e) == CAS_OK, "%s",
                  e.message);
    ck_assert_uint_eq(cas_ledger_count(back), 2);
    /* an options struct with no size is refused */
    memset(&o, 0, sizeof o);
    cas_free(safe);
    safe = NULL;
    ck_assert_int_eq(cas_csv_save_string_with(&safe, NULL, l, &o, &e), CAS_ERR_ARG);
    ck_assert_ptr_null(safe);
    cas_free(plain);
    cas_ledger_free(back);
    cas_ledger_free(l);
}
END_TEST

/* The number of lines of @s. */
static size_t lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

START_TEST(reports_show_hostile_text_safely)
{
    cas_ledger *l = hostile_ledger();
    cas_reconciliation *r = NULL;
    cas_csv_write_options o;
    char *table = NULL, *md = NULL, *csv = NULL;
    cas_error e;

    cas_error_init(&e);
    ck_assert_int_eq(cas_reconcile_ledger(&r, l, NULL, &e), CAS_OK);
    ck_assert_int_eq(cas_report_table(&table, NULL, r, &e), CAS_OK);
    ck_assert_int_eq(cas_report_markdown(&md, NULL, r, &e), CAS_OK);
    cas_csv_write_options_init(&o);
    o.protect_formulas = 1;
    ck_assert_int_eq(cas_report_csv_with(&csv, NULL, r, &o, &e), CAS_OK);
    /* text: no escape reaches the terminal, the newline forges no row
     * (head, one row, four bounds and one conflict), place * is \* */
    ck_assert_ptr_null(strchr(table, '\x1b'));
    ck_assert_ptr_null(strstr(table, "\xe2\x80\xae"));
    ck_assert_uint_eq(lines(table), 7);
    ck_assert_ptr_nonnull(strstr(table, "\"x (FAKE); y\\x1b[2J\\x0a\""));
    ck_assert_ptr_nonnull(strstr(table, "  \\*  "));
    /* Markdown: the same, each table row one line */
    ck_assert_ptr_null(strchr(md, '\x1b'));
    ck_assert_ptr_nonnull(strstr(md, "\\\\\\*"));
    ck_assert_ptr_nonnull(strstr(md, "\\[2J"));
    /* CSV: the claim list quotes the id; the protected cell starts with ' */
    ck_assert_ptr_nonnull(strstr(csv, "\"x (FAKE); y\x1b[2J\n\""));
    ck_assert_ptr_nonnull(strstr(csv, ",'-5 (@SUM"));
    cas_free(table);
    cas_free(md);
    cas_free(csv);
    cas_reconciliation_free(r);
    cas_ledger_free(l);
}
END_TEST

START_TEST(paths_that_mislead_are_refused)
{
    static const char *const bad[] = {"a/../b",
                                      "..",
                                      ".",
                                      "a/.",
                                      "a\xe2\x80\xae"
                                      "b",
                                      "a\xc2\xa0/b",
                                      "a/\xc2\xa0"
                                      "b",
                                      "a\xc2\x85",
                                      "a\xef\xbf\xbe",
                                      "\xe2\x80\x8f"
                                      "a"};
    static const char *const good[] = {"a.b/c",
                                       "a/.b",
                                       "a..b",
                                       "a\xc2\xa0"
                                       "b",
                                       "syria/*",
                                       "\xd8\xb3\xd9\x88\xd8\xb1\xd9\x8a\xd8\xa7"};
    cas_error e;
    char csv[256];

    cas_error_init(&e);
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        cas_claim c = tu_claim("a", "s", 1, 2);
        cas_ledger *l = NULL;
        c.scope.place = bad[k];
        ck_assert_msg(cas_claim_validate(&c, &e) == CAS_ERR_PATH, "%s accepted", bad[k]);
        ck_assert_str_eq(e.field, "place");
        /* the CSV loader (fast path and all) says the same */
        snprintf(csv, sizeof csv, "id,source,outcome,place,low\na,s,killed,%s,5\n", bad[k]);
        ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
        ck_assert_int_eq(cas_csv_load_buffer(l, csv, strlen(csv), "p.csv", &e), CAS_ERR_PATH);
        ck_assert_msg(strstr(e.message, "p.csv:2:4: field 'place'") != NULL, "%s", e.message);
        ck_assert_uint_eq(cas_ledger_count(l), 0);
        cas_ledger_free(l);
    }
    for (size_t k = 0; k < sizeof good / sizeof good[0]; k++) {
        cas_claim c = tu_claim("a", "s", 1, 2);
        c.scope.place = good[k];
        ck_assert_msg(cas_claim_validate(&c, &e) == CAS_OK, "%s: %s", good[k], e.message);
    }
}
END_TEST

START_TEST(a_header_name_with_a_space_is_refused)
{
    static const char *const bad[] = {"id,source,outcome,low \na,s,killed,5\n",
                                      "id,source,outcome, low\na,s,killed,5\n",
                                      "id,source,outcome,low\t\na,s,killed,5\n"};
    static const char *const good = "id,source,outcome,low\na,s,killed, 5 \n";
    cas_error e;

    cas_error_init(&e);
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        cas_ledger *l = NULL;
        ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
        ck_assert_int_eq(cas_csv_load_buffer(l, bad[k], strlen(bad[k]), "h.csv", &e),
                         CAS_ERR_HEADER);
        ck_assert_msg(strstr(e.message, "h.csv:1:4:") && strstr(e.message, "'low'"), "%s",
                      e.message);
        ck_assert_uint_eq(cas_ledger_count(l), 0);
        cas_ledger_free(l);
    }
    {
        /* spaces around a value are still trimmed, as before */
        cas_ledger *l = NULL;
        ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
        ck_assert_msg(cas_csv_load_buffer(l, good, strlen(good), "h.csv", &e) == CAS_OK, "%s",
                      e.message);
        ck_assert_uint_eq(cas_ledger_count(l), 1);
        cas_ledger_free(l);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("escape");
    TCase *tc = tcase_create("escape");
    tcase_add_test(tc, text_shows_every_hostile_character_visibly);
    tcase_add_test(tc, xml_keeps_only_what_xml_allows);
    tcase_add_test(tc, markdown_escapes_and_stays_on_one_line);
    tcase_add_test(tc, a_path_named_star_is_not_all);
    tcase_add_test(tc, claim_ids_with_list_syntax_are_quoted);
    tcase_add_test(tc, formula_cells);
    tcase_add_test(tc, csv_save_protects_formulas_when_asked);
    tcase_add_test(tc, reports_show_hostile_text_safely);
    tcase_add_test(tc, paths_that_mislead_are_refused);
    tcase_add_test(tc, a_header_name_with_a_space_is_refused);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
