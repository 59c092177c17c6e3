/* SPDX-License-Identifier: MIT */
/* The vocabulary (lib/vocab.c, docs/vocabulary.md): the default's facts,
 * aliases, relations, bad files and extending. */
#include "testutil.h"

enum { O = CAS_DIM_OUTCOME, G = CAS_DIM_GROUP, P = CAS_DIM_PERPETRATOR, PL = CAS_DIM_PLACE };

static cas_vocab *dflt(void)
{
    cas_vocab *v = NULL;
    cas_error e;
    cas_error_init(&e);
    ck_assert_msg(cas_vocab_new_default(&v, &e) == CAS_OK, "%s", e.message);
    ck_assert_ptr_nonnull(v);
    return v;
}

static cas_vocab *from_text(const char *text)
{
    cas_vocab *v = NULL;
    cas_error e;
    cas_error_init(&e);
    ck_assert_msg(cas_vocab_load_buffer(&v, text, strlen(text), "t.txt", &e) == CAS_OK, "%s",
                  e.message);
    return v;
}

/* The canonical path of @path (a static buffer). */
static const char *canon(const cas_vocab *v, int dim, const char *path, int32_t *changed)
{
    static char buf[256];
    cas_error e;
    cas_error_init(&e);
    ck_assert_msg(cas_vocab_canonical(v, dim, path, buf, sizeof buf, changed, &e) == CAS_OK, "%s",
                  e.message);
    return buf;
}

static int rel(const cas_vocab *v, int dim, const char *a, const char *b)
{
    int32_t r = -1;
    cas_error e;
    cas_error_init(&e);
    ck_assert_msg(cas_vocab_relation(v, dim, a, b, &r, &e) == CAS_OK, "%s", e.message);
    return r;
}

static uint32_t flags(const cas_vocab *v, int dim, const char *path)
{
    uint32_t f = 999;
    ck_assert_int_eq(cas_vocab_flags(v, dim, path, &f, NULL), CAS_OK);
    return f;
}

START_TEST(default_outcomes)
{
    cas_vocab *v = dflt();
    static const char *const four[] = {"killed", "wounded", "missing", "captured"};
    size_t n = 99;
    int32_t changed = -1;

    /* casualties: the exclusive, exhaustive union of the four */
    ck_assert_uint_eq(flags(v, O, "casualties"), CAS_VOCAB_KNOWN | CAS_VOCAB_EXCLUSIVE |
                                                     CAS_VOCAB_EXHAUSTIVE | CAS_VOCAB_COMPOSED);
    ck_assert_int_eq(cas_vocab_parts(v, O, "casualties", &n, NULL), CAS_OK);
    ck_assert_uint_eq(n, 4);
    for (size_t i = 0; i < 4; i++) {
        const char *p = NULL;
        ck_assert_int_eq(cas_vocab_part(v, O, "casualties", i, &p, NULL), CAS_OK);
        ck_assert_str_eq(p, four[i]);
        ck_assert_int_eq(rel(v, O, four[i], "casualties"), CAS_VOCAB_WITHIN);
        ck_assert_int_eq(rel(v, O, "casualties", four[i]), CAS_VOCAB_CONTAINS);
        for (size_t j = 0; j < 4; j++)
            ck_assert_int_eq(rel(v, O, four[i], four[j]),
                             i == j ? CAS_VOCAB_SAME : CAS_VOCAB_DISJOINT);
    }
    ck_assert_int_eq(cas_vocab_part(v, O, "casualties", 4, &(const char *){NULL}, NULL),
                     CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_vocab_check_addable(v, O, four, 4, NULL), CAS_OK);
    /* detained/captured is captured */
    ck_assert_str_eq(canon(v, O, "detained/captured", &changed), "captured");
    ck_assert_int_eq(changed, 1);
    ck_assert_int_eq(rel(v, O, "detained/captured", "captured"), CAS_VOCAB_SAME);
    ck_assert_int_eq(rel(v, O, "detained/captured", "casualties"), CAS_VOCAB_WITHIN);
    /* known outcomes that are not parts of casualties */
    static const char *const others[] = {"detained", "detained/abducted", "displaced", "strength"};
    for (size_t i = 0; i < 4; i++) {
        ck_assert_str_eq(canon(v, O, others[i], &changed), others[i]);
        ck_assert_int_eq(changed, 0);
        ck_assert_uint_eq(flags(v, O, others[i]) & CAS_VOCAB_KNOWN, CAS_VOCAB_KNOWN);
        ck_assert_int_ne(rel(v, O, others[i], "casualties"), CAS_VOCAB_WITHIN);
        ck_assert_int_ne(rel(v, O, others[i], "casualties"), CAS_VOCAB_DISJOINT);
        ck_assert_int_eq(rel(v, O, others[i], "killed"), CAS_VOCAB_OVERLAPPING);
    }
    /* killed + wounded is only a floor for casualties: not exhaustive alone */
    ck_assert_int_eq(
        cas_vocab_check_addable(v, O, (const char *[]){"killed", "casualties"}, 2, NULL),
        CAS_ERR_OVERLAP);
    cas_vocab_free(v);
}
END_TEST

START_TEST(default_groups)
{
    cas_vocab *v = dflt();
    static const char *const facets[] = {
        "civilians/children",    "civilians/women",   "civilians/men",        "civilians/elderly",
        "civilians/journalists", "civilians/medical", "civilians/aid-workers"};
    static const char *const aliases[][2] = {
        {"insurgents", "combatants/insurgents"},  {"government", "combatants/government"},
        {"children", "civilians/children"},       {"women", "civilians/women"},
        {"journalists", "civilians/journalists"}, {"medics", "civilians/medical"},
        {"health-workers", "civilians/medical"},  {"aid-workers", "civilians/aid-workers"}};
    size_t nf = sizeof facets / sizeof facets[0];
    int32_t changed;

    ck_assert_int_eq(rel(v, G, "civilians", "combatants"), CAS_VOCAB_DISJOINT);
    ck_assert_uint_eq(flags(v, G, ""), CAS_VOCAB_KNOWN | CAS_VOCAB_EXCLUSIVE);
    ck_assert_uint_eq(flags(v, G, "combatants"), CAS_VOCAB_KNOWN | CAS_VOCAB_EXCLUSIVE);
    ck_assert_uint_eq(flags(v, G, "civilians"), CAS_VOCAB_KNOWN);
    for (size_t i = 0; i < nf; i++) {
        ck_assert_uint_eq(flags(v, G, facets[i]) & CAS_VOCAB_KNOWN, CAS_VOCAB_KNOWN);
        ck_assert_int_eq(rel(v, G, facets[i], "civilians"), CAS_VOCAB_WITHIN);
        ck_assert_int_eq(rel(v, G, facets[i], "combatants/government"), CAS_VOCAB_DISJOINT);
        for (size_t j = 0; j < nf; j++)
            ck_assert_int_eq(rel(v, G, facets[i], facets[j]),
                             i == j ? CAS_VOCAB_SAME : CAS_VOCAB_OVERLAPPING);
    }
    ck_assert_int_eq(rel(v, G, "combatants/government", "combatants/insurgents"),
                     CAS_VOCAB_DISJOINT);
    ck_assert_int_eq(rel(v, G, "combatants/government/army", "combatants/insurgents/hts"),
                     CAS_VOCAB_DISJOINT);
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        ck_assert_str_eq(canon(v, G, aliases[i][0], &changed), aliases[i][1]);
        ck_assert_int_eq(changed, 1);
        ck_assert_str_eq(canon(v, G, aliases[i][1], &changed), aliases[i][1]);
        ck_assert_int_eq(changed, 0);
    }
    /* Gaza: children + women may not be added; the message names both */
    {
        const char *two[] = {"civilians/children", "women"};
        cas_error e;
        cas_error_init(&e);
        ck_assert_int_eq(cas_vocab_check_addable(v, G, two, 2, &e), CAS_ERR_OVERLAP);
        ck_assert_ptr_nonnull(strstr(e.message, "'civilians/children' and 'civilians/women' "
                                                "overlap: each is only a floor for 'civilians'"));
    }
    cas_vocab_free(v);
}
END_TEST

START_TEST(default_perpetrators_places)
{
    cas_vocab *v = dflt();
    int32_t changed;

    ck_assert_str_eq(canon(v, P, "government", &changed), "government");
    ck_assert_int_eq(changed, 0);
    ck_assert_str_eq(canon(v, P, "insurgents", &changed), "insurgents");
    ck_assert_int_eq(changed, 0);
    ck_assert_uint_eq(flags(v, P, "government") & CAS_VOCAB_KNOWN, CAS_VOCAB_KNOWN);
    ck_assert_int_eq(rel(v, P, "government", "insurgents"), CAS_VOCAB_DISJOINT);
    /* the parser's group paths as perpetrators stay short */
    ck_assert_str_eq(canon(v, P, "combatants/government/military", &changed),
                     "government/military");
    /* places: free slugs, side by side disjoint */
    ck_assert_int_eq(rel(v, PL, "syria/coast/latakia", "syria/coast/tartus"), CAS_VOCAB_DISJOINT);
    ck_assert_int_eq(rel(v, PL, "syria/coast/latakia/jableh", "syria/coast"), CAS_VOCAB_WITHIN);
    ck_assert_uint_eq(flags(v, PL, "syria"), CAS_VOCAB_EXCLUSIVE);
    cas_vocab_free(v);
}
END_TEST

/* Every path of the bundled data is canonical under the default (read
 * with the library's own CSV loader). */
START_TEST(bundled_paths_canonical)
{
    static const char *const files[] = {EXAMPLE_DATA_DIR "/syria-2025-03.csv",
                                        EXAMPLE_DATA_DIR "/acw-casualties.csv"};
    cas_vocab *v = dflt();
    for (size_t f = 0; f < 2; f++) {
        cas_ledger *l = NULL;
        ck_assert_int_eq(cas_ledger_new(&l), CAS_OK);
        ck_assert_int_eq(cas_csv_load(l, files[f], NULL), CAS_OK);
        ck_assert_uint_gt(cas_ledger_count(l), 0);
        for (size_t i = 0; i < cas_ledger_count(l); i++) {
            cas_claim c;
            const char *dims[4];
            cas_claim_init(&c);
            ck_assert_int_eq(cas_ledger_get(l, i, &c), CAS_OK);
            dims[0] = c.scope.outcome;
            dims[1] = c.scope.group;
            dims[2] = c.scope.perpetrator;
            dims[3] = c.scope.place;
            for (int d = 0; d < 4; d++) {
                int32_t changed = -1;
                const char *got = canon(v, d, dims[d], &changed);
                ck_assert_msg(!changed && strcmp(got, dims[d] ? dims[d] : "") == 0,
                              "%s: %s '%s' rewritten to '%s'", c.id, cas_dimension_name(d), dims[d],
                              got);
            }
        }
        cas_ledger_free(l);
    }
    cas_vocab_free(v);
}
END_TEST

START_TEST(aliases_by_prefix)
{
    cas_vocab *v = from_text("group insurgents -> combatants/insurgents\n"
                             "group insurgents/hts -> combatants/insurgents/hayat-tahrir\n"
                             "group combatants/insurgents/hts -> "
                             "combatants/insurgents/hayat-tahrir\n"
                             "group rebels -> insurgents\n"
                             "outcome killed\n");
    int32_t changed = -1;
    char small[8];

    /* a prefix, at a '/' only */
    ck_assert_str_eq(canon(v, G, "insurgents/isis/raqqa", &changed),
                     "combatants/insurgents/isis/raqqa");
    ck_assert_int_eq(changed, 1);
    ck_assert_str_eq(canon(v, G, "insurgentsx", &changed), "insurgentsx");
    ck_assert_int_eq(changed, 0);
    /* the longest alias wins */
    ck_assert_str_eq(canon(v, G, "insurgents/hts/idlib", NULL),
                     "combatants/insurgents/hayat-tahrir/idlib");
    /* an alias of an alias, and through it the longer one */
    ck_assert_str_eq(canon(v, G, "rebels", NULL), "combatants/insurgents");
    ck_assert_str_eq(canon(v, G, "rebels/hts", NULL), "combatants/insurgents/hayat-tahrir");
    ck_assert_str_eq(canon(v, G, "combatants/insurgents/hts/x", NULL),
                     "combatants/insurgents/hayat-tahrir/x");
    /* aliases belong to their dimension */
    ck_assert_str_eq(canon(v, P, "insurgents", &changed), "insurgents");
    ck_assert_int_eq(changed, 0);
    ck_assert_str_eq(canon(v, G, "", &changed), "");
    /* too small a buffer: nothing written, the size needed said */
    {
        cas_error e;
        cas_error_init(&e);
        memcpy(small, "unset", 6);
        ck_assert_int_eq(cas_vocab_canonical(v, G, "insurgents", small, sizeof small, NULL, &e),
                         CAS_ERR_ARG);
        ck_assert_str_eq(small, "unset");
        ck_assert_ptr_nonnull(strstr(e.message, "22 needed"));
        ck_assert_int_eq(cas_vocab_canonical(v, G, "a//b", small, sizeof small, NULL, &e),
                         CAS_ERR_PATH);
        ck_assert_int_eq(cas_vocab_canonical(v, 9, "a", small, sizeof small, NULL, &e),
                         CAS_ERR_ARG);
    }
    cas_vocab_free(v);
}
END_TEST

START_TEST(relations_declared)
{
    cas_vocab *v = from_text("# parts in another dimension than outcome, and nesting\n"
                             "group people exclusive exhaustive = adults minors\n"
                             "group adults exclusive\n"
                             "group adults/men\n"
                             "group adults/women\n"
                             "place * overlapping\n"
                             "place syria exclusive\n"
                             "outcome killed\n");
    size_t n;
    const char *p;

    ck_assert_int_eq(rel(v, G, "adults/men", "minors"), CAS_VOCAB_DISJOINT);
    ck_assert_int_eq(rel(v, G, "adults/men/old", "adults/women"), CAS_VOCAB_DISJOINT);
    ck_assert_int_eq(rel(v, G, "adults/men", "people"), CAS_VOCAB_WITHIN);
    ck_assert_int_eq(rel(v, G, "people", "minors/girls"), CAS_VOCAB_CONTAINS);
    /* children of an undeclared path: the dimension's rule (overlapping) */
    ck_assert_int_eq(rel(v, G, "minors/girls", "minors/boys"), CAS_VOCAB_OVERLAPPING);
    ck_assert_int_eq(rel(v, PL, "syria/a", "syria/b"), CAS_VOCAB_DISJOINT);
    ck_assert_int_eq(rel(v, PL, "iraq/a", "iraq/b"), CAS_VOCAB_OVERLAPPING);
    ck_assert_int_eq(rel(v, PL, "syria", "iraq"), CAS_VOCAB_OVERLAPPING);
    /* children as parts of a path that has no parts */
    ck_assert_int_eq(cas_vocab_parts(v, G, "adults", &n, NULL), CAS_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(cas_vocab_part(v, G, "adults", 1, &p, NULL), CAS_OK);
    ck_assert_str_eq(p, "adults/women");
    ck_assert_int_eq(cas_vocab_parts(v, G, "nowhere", &n, NULL), CAS_OK);
    ck_assert_uint_eq(n, 0);
    /* a part named only as a part is known */
    ck_assert_uint_eq(flags(v, G, "minors"), CAS_VOCAB_KNOWN);
    {
        const char *three[] = {"adults/men", "adults/women", "minors"};
        const char *bad[] = {"adults/men", "minors", "people"};
        cas_error e;
        cas_error_init(&e);
        ck_assert_int_eq(cas_vocab_check_addable(v, G, three, 3, &e), CAS_OK);
        ck_assert_int_eq(cas_vocab_check_addable(v, G, bad, 3, &e), CAS_ERR_OVERLAP);
        ck_assert_ptr_nonnull(strstr(e.message, "paths 1 and 3"));
        ck_assert_ptr_nonnull(strstr(e.message, "'adults/men' lies within 'people'"));
    }
    cas_vocab_free(v);
}
END_TEST

/* A bad file fails with its line and column, and makes nothing. */
static void bad(const char *text, cas_status st, int64_t line, int64_t col, const char *words)
{
    cas_vocab *v = (cas_vocab *)&v;
    cas_vocab *keep = v;
    cas_error e;
    cas_error_init(&e);
    ck_assert_msg(cas_vocab_load_buffer(&v, text, strlen(text), "bad.txt", &e) == st,
                  "%s: got %d (%s)", text, e.status, e.message);
    ck_assert_ptr_eq(v, keep);
    ck_assert_int_eq(e.status, st);
    ck_assert_msg(e.line == line && e.column == col, "%s: at %lld:%lld, not %lld:%lld: %s", text,
                  (long long)e.line, (long long)e.column, (long long)line, (long long)col,
                  e.message);
    ck_assert_str_eq(e.file, "bad.txt");
    ck_assert_msg(strstr(e.message, words) != NULL, "'%s' not in '%s'", words, e.message);
}

START_TEST(bad_files)
{
    bad("outcome killed\nweapon gun\n", CAS_ERR_VALUE, 2, 1, "expected a dimension");
    bad("group\n", CAS_ERR_PARSE, 1, 1, "expected a path");
    bad("group a/b/\n", CAS_ERR_PATH, 1, 10, "trailing '/'");
    bad("group  a//b\n", CAS_ERR_PATH, 1, 9, "empty segment");
    bad("# x\n\ngroup a b\n", CAS_ERR_VALUE, 3, 9, "expected exclusive, overlapping");
    bad("group a\ngroup b\ngroup a exclusive\n", CAS_ERR_DUPLICATE, 3, 7,
        "already declared at line 1");
    bad("group a -> b\ngroup b -> a\n", CAS_ERR_PARSE, 2, 12, "alias cycle");
    bad("group a -> b/c\ngroup b -> d\ngroup d/c -> a/x\n", CAS_ERR_PARSE, 3, 14, "alias cycle");
    bad("group a -> a\n", CAS_ERR_PARSE, 1, 12, "maps to itself");
    bad("group a -> a/b\n", CAS_ERR_PARSE, 1, 12, "under itself");
    bad("group a -> b\ngroup a exclusive\n", CAS_ERR_PARSE, 2, 7, "canonical or an alias");
    bad("group a -> b\ngroup a/c\n", CAS_ERR_PARSE, 2, 7, "alias 'a' (bad.txt:1) rewrites it");
    bad("group a -> b\ngroup a/c -> d\n", CAS_ERR_PARSE, 2, 7, "declare 'group b/c -> d'");
    bad("group a ->\n", CAS_ERR_PARSE, 1, 11, "after '->'");
    bad("group a -> b c\n", CAS_ERR_PARSE, 1, 14, "end of the line");
    bad("group a exclusive overlapping\n", CAS_ERR_PARSE, 1, 19, "contradicts");
    bad("group a exhaustive exhaustive\n", CAS_ERR_PARSE, 1, 20, "given twice");
    bad("group a exhaustive\n", CAS_ERR_PARSE, 1, 7, "no path is declared below it");
    bad("group * exhaustive\n", CAS_ERR_PARSE, 1, 9, "cannot be exhaustive");
    bad("group * -> a\n", CAS_ERR_PARSE, 1, 9, "cannot be an alias");
    bad("group / = a\n", CAS_ERR_PARSE, 1, 9, "cannot have parts");
    bad("outcome c =\n", CAS_ERR_PARSE, 1, 12, "at least one part");
    bad("outcome c = k k\n", CAS_ERR_PARSE, 1, 15, "are the same path");
    bad("outcome c = k k/x\n", CAS_ERR_PARSE, 1, 15, "one within the other");
    bad("outcome c = c/x\n", CAS_ERR_PARSE, 1, 13, "one within the other");
    bad("outcome a = b\noutcome b = a\n", CAS_ERR_PARSE, 1, 9, "cycle");
    bad("outcome k\xff\n", CAS_ERR_ENCODING, 1, 10, "UTF-8");
    bad("outcome k\x01z\n", CAS_ERR_PATH, 1, 10, "control character");
}
END_TEST

START_TEST(files_and_extend)
{
    cas_vocab *v = dflt(), *w = NULL;
    char *before = NULL, *after = NULL, *text = NULL;
    size_t len = 0;
    int32_t changed;
    cas_error e;
    static const char user[] = "# a user's file: overrides and additions\n"
                               "outcome captured -> detained/captured\n"
                               "outcome detained/captured\n"
                               "group civilians exclusive\n"
                               "group civilians/alawite\n"
                               "group civilians/sunni\n";
    static const char broken[] = "group civilians/kids -> civilians/children\n"
                                 "group civilians/kids exclusive\n";

    cas_error_init(&e);
    ck_assert_int_eq(cas_vocab_save_string(&before, &len, v, NULL), CAS_OK);
    ck_assert_uint_eq(len, strlen(before));
    /* a file that fails leaves the vocabulary as it was */
    ck_assert_int_eq(cas_vocab_extend_buffer(v, broken, strlen(broken), "user.txt", &e),
                     CAS_ERR_PARSE);
    ck_assert_int_eq(e.line, 2);
    ck_assert_str_eq(e.file, "user.txt");
    ck_assert_int_eq(cas_vocab_save_string(&after, NULL, v, NULL), CAS_OK);
    ck_assert_str_eq(after, before);
    cas_free(after);
    ck_assert_int_eq(cas_vocab_extend(v, "/nonexistent/vocab.txt", &e), CAS_ERR_IO);
    /* overrides: captured becomes the alias, civilians exclusive */
    ck_assert_msg(cas_vocab_extend_buffer(v, user, strlen(user), "user.txt", &e) == CAS_OK, "%s",
                  e.message);
    ck_assert_str_eq(canon(v, O, "captured", &changed), "detained/captured");
    ck_assert_int_eq(changed, 1);
    /* the default's part follows the alias */
    {
        const char *p = NULL;
        ck_assert_int_eq(cas_vocab_part(v, O, "casualties", 3, &p, NULL), CAS_OK);
        ck_assert_str_eq(p, "detained/captured");
    }
    ck_assert_int_eq(rel(v, G, "civilians/alawite", "civilians/sunni"), CAS_VOCAB_DISJOINT);
    ck_assert_int_eq(rel(v, G, "insurgents", "combatants/insurgents"), CAS_VOCAB_SAME);
    /* what it saves loads back to the same */
    ck_assert_int_eq(cas_vocab_save_string(&text, &len, v, NULL), CAS_OK);
    ck_assert_ptr_null(strstr(text, "outcome captured\n"));
    ck_assert_ptr_nonnull(strstr(text, "outcome captured -> detained/captured\n"));
    ck_assert_int_eq(cas_vocab_load_buffer(&w, text, len, "saved", &e), CAS_OK);
    ck_assert_int_eq(cas_vocab_save_string(&after, NULL, w, NULL), CAS_OK);
    ck_assert_str_eq(after, text);
    ck_assert_str_eq(canon(w, O, "captured", NULL), "detained/captured");
    cas_free(after);
    cas_free(text);
    cas_free(before);
    cas_vocab_free(w);
    cas_vocab_free(v);
    /* a file on disk */
    v = NULL;
    ck_assert_msg(cas_vocab_load(&v, TEST_DATA_DIR "/vocab/user.txt", &e) == CAS_OK, "%s",
                  e.message);
    ck_assert_str_eq(canon(v, G, "fighters/x", NULL), "combatants/x");
    cas_vocab_free(v);
    ck_assert_int_eq(cas_vocab_load(&v, TEST_DATA_DIR "/vocab/bad.txt", &e), CAS_ERR_DUPLICATE);
    ck_assert_int_eq(e.line, 4);
    ck_assert_int_eq(e.column, 7);
    ck_assert_ptr_nonnull(strstr(e.message, "bad.txt:4:7: "));
    cas_vocab_free(NULL);
}
END_TEST

/* The default compiled into the library is the source file, byte for byte. */
START_TEST(default_is_the_file)
{
    size_t len = 0, flen = 0;
    const char *text = cas_vocab_default_text(&len);
    char *file = tu_read_file(VOCAB_SOURCE, &flen);
    ck_assert_uint_gt(flen, 0);
    ck_assert_uint_eq(len, flen);
    ck_assert_int_eq(memcmp(text, file, len), 0);
    ck_assert_int_eq(text[len], '\0');
    free(file);
}
END_TEST

START_TEST(names)
{
    int32_t d = -1;
    for (int32_t i = 0; i < 4; i++) {
        ck_assert_int_eq(cas_dimension_from_name(&d, cas_dimension_name(i)), CAS_OK);
        ck_assert_int_eq(d, i);
    }
    ck_assert_ptr_null(cas_dimension_name(4));
    ck_assert_int_eq(cas_dimension_from_name(&d, "event"), CAS_ERR_VALUE);
    ck_assert_str_eq(cas_vocab_rel_name(CAS_VOCAB_DISJOINT), "disjoint");
    ck_assert_str_eq(cas_vocab_rel_name(CAS_VOCAB_OVERLAPPING), "overlapping");
    ck_assert_ptr_null(cas_vocab_rel_name(5));
    ck_assert_int_eq(cas_vocab_new_default(NULL, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_vocab_load_buffer(NULL, "", 0, NULL, NULL), CAS_ERR_ARG);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("vocab");
    TCase *tc = tcase_create("vocab");
    tcase_add_test(tc, default_outcomes);
    tcase_add_test(tc, default_groups);
    tcase_add_test(tc, default_perpetrators_places);
    tcase_add_test(tc, bundled_paths_canonical);
    tcase_add_test(tc, aliases_by_prefix);
    tcase_add_test(tc, relations_declared);
    tcase_add_test(tc, bad_files);
    tcase_add_test(tc, files_and_extend);
    tcase_add_test(tc, default_is_the_file);
    tcase_add_test(tc, names);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
