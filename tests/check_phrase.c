/* SPDX-License-Identifier: MIT */
/* The claim-phrase parser: the seed article claim by claim, a corpus of
 * real-world phrasings (tests/data/phrases/corpus.tsv, one test per text),
 * hedge-table overrides, the lexicon, sources, and robustness on hostile
 * input. */
#include "testutil.h"

#include <stdint.h>

#define CORPUS TEST_DATA_DIR "/phrases/corpus.tsv"
#define SEED TEST_DATA_DIR "/phrases/seed_article.txt"

/* ---- helpers ---- */

static cas_phrase_result *parse(const cas_phrase_options *o, const char *text, int32_t field)
{
    cas_phrase_result *r = NULL;
    cas_error e;
    cas_error_init(&e);
    ck_assert_msg(cas_phrase_parse(&r, o, text, strlen(text), field, &e) == CAS_OK,
                  "parse failed: %s", e.message);
    ck_assert_ptr_nonnull(r);
    return r;
}

static cas_phrase_claim get(const cas_phrase_result *r, size_t i)
{
    cas_phrase_claim c;
    cas_phrase_claim_init(&c);
    ck_assert_int_eq(cas_phrase_result_get(r, i, &c), CAS_OK);
    return c;
}

/* The claim whose stated number is @number and whose words contain @words. */
static cas_phrase_claim find(const cas_phrase_result *r, int64_t number, const char *words)
{
    for (size_t i = 0; i < cas_phrase_result_count(r); i++) {
        cas_phrase_claim c = get(r, i);
        if (c.number == number && strstr(c.quote, words))
            return c;
    }
    ck_abort_msg("no claim of %lld with '%s'", (long long)number, words);
    return get(r, 0); /* not reached */
}

static void expect(const cas_phrase_claim *c, int64_t low, int64_t high, int64_t best, int32_t qual,
                   const char *outcome, const char *group, const char *source)
{
    ck_assert_msg(c->low == low && c->high == high && c->best == best,
                  "'%s': got [%lld, %lld] best %lld, expected [%lld, %lld] best %lld", c->quote,
                  (long long)c->low, (long long)c->high, (long long)c->best, (long long)low,
                  (long long)high, (long long)best);
    ck_assert_msg(c->qualifier == qual, "'%s': qualifier %s, expected %s", c->quote,
                  cas_qualifier_name(c->qualifier), cas_qualifier_name(qual));
    ck_assert_str_eq(c->outcome, outcome);
    ck_assert_str_eq(c->group, group);
    ck_assert_str_eq(c->source, source);
}

/* Options for the seed: the article's year, its sources, and two Syrian
 * words the generic lexicon leaves out (the lexicon is data to extend). */
static cas_phrase_options *seed_options(void)
{
    cas_phrase_options *o = NULL;
    ck_assert_int_eq(cas_phrase_options_new(&o, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_phrase_options_set_year(o, 2025, NULL), CAS_OK);
    ck_assert_int_eq(
        cas_phrase_options_add_source(o, "SOHR", "Syrian Observatory for Human Rights", NULL),
        CAS_OK);
    ck_assert_int_eq(
        cas_phrase_options_add_source(o, "SNHR", "Syrian Network for Human Rights", NULL), CAS_OK);
    ck_assert_int_eq(
        cas_phrase_options_add_term(o, CAS_TERM_GROUP, "Alawites", "civilians/alawite", NULL),
        CAS_OK);
    ck_assert_int_eq(cas_phrase_options_add_term(o, CAS_TERM_GROUP, "Alawite civilians",
                                                 "civilians/alawite", NULL),
                     CAS_OK);
    return o;
}

/* The value of the seed's infobox field @name ("Casualties1"), malloc'd. */
static char *seed_field(const char *name)
{
    char *all = tu_read_file(SEED, NULL), *p, *e, *v;
    char key[64];
    snprintf(key, sizeof key, "\n- %s: ", name);
    p = strstr(all, key);
    ck_assert_msg(p != NULL, "no field %s in the seed", name);
    p += strlen(key);
    e = strchr(p, '\n');
    ck_assert_ptr_nonnull(e);
    v = strndup(p, (size_t)(e - p));
    free(all);
    return v;
}

/* The seed's prose, after the infobox. */
static cas_phrase_result *seed_prose(void)
{
    char *all = tu_read_file(SEED, NULL);
    const char *p = strstr(all, "\nMarch 2025 Western Syria clashes were");
    cas_phrase_options *o = seed_options();
    cas_phrase_result *r;
    ck_assert_ptr_nonnull(p);
    r = parse(o, p, CAS_PHRASE_PROSE);
    cas_phrase_options_free(o);
    free(all);
    return r;
}

/* ---- the seed article, infobox ---- */

static cas_phrase_claim field_claim(const char *field, int32_t kind, size_t index, size_t count)
{
    char *v = seed_field(field);
    cas_phrase_options *o = seed_options();
    cas_phrase_result *r = parse(o, v, kind);
    cas_phrase_claim c;
    ck_assert_uint_eq(cas_phrase_result_count(r), count);
    c = get(r, index);
    /* copy out what the tests look at before freeing */
    static char quote[256], source[64], outcome[64], group[64], preset[64];
    snprintf(quote, sizeof quote, "%s", c.quote);
    snprintf(source, sizeof source, "%s", c.source);
    snprintf(outcome, sizeof outcome, "%s", c.outcome);
    snprintf(group, sizeof group, "%s", c.group);
    snprintf(preset, sizeof preset, "%s", c.preset);
    c.quote = quote;
    c.source = source;
    c.outcome = outcome;
    c.group = group;
    c.preset = preset;
    cas_phrase_result_free(r);
    cas_phrase_options_free(o);
    free(v);
    return c;
}

START_TEST(seed_infobox_315_killed_per_sohr)
{
    cas_phrase_claim c = field_claim("Casualties1", CAS_PHRASE_CASUALTY, 0, 2);
    /* docs/model.md: "+ N" is at_least */
    expect(&c, 315, CAS_OPEN, CAS_NONE, CAS_QUAL_AT_LEAST, "killed", "", "SOHR");
    ck_assert_str_eq(c.quote, "+ 315 killed (per SOHR)");
    ck_assert_str_eq(c.preset, "default");
}
END_TEST

START_TEST(seed_infobox_219_killed_per_snhr)
{
    cas_phrase_claim c = field_claim("Casualties1", CAS_PHRASE_CASUALTY, 1, 2);
    expect(&c, 219, CAS_OPEN, CAS_NONE, CAS_QUAL_AT_LEAST, "killed", "", "SNHR");
}
END_TEST

START_TEST(seed_infobox_200_killed_per_sohr_is_a_list_bullet)
{
    /* "- 200 killed (per SOHR)": the dash is a list bullet, so exactly 200 */
    cas_phrase_claim c = field_claim("Casualties2", CAS_PHRASE_CASUALTY, 0, 1);
    expect(&c, 200, 200, 200, CAS_QUAL_EXACT, "killed", "", "SOHR");
}
END_TEST

START_TEST(seed_infobox_1700_civilians_per_sohr)
{
    cas_phrase_claim c = field_claim("Casualties3", CAS_PHRASE_CASUALTY, 0, 2);
    expect(&c, 1700, 1700, 1700, CAS_QUAL_EXACT, "killed", "civilians", "SOHR");
    ck_assert_str_eq(c.quote, "1,700 civilians killed (per SOHR)");
}
END_TEST

START_TEST(seed_infobox_823_civilians_snhr_estimate)
{
    cas_phrase_claim c = field_claim("Casualties3", CAS_PHRASE_CASUALTY, 1, 2);
    expect(&c, 823, 823, 823, CAS_QUAL_EXACT, "killed", "civilians", "SNHR");
    /* docs/model.md section 5: a monitor's count, not a statistical estimate */
    ck_assert_int_eq(c.basis, CAS_BASIS_REPORTED);
}
END_TEST

START_TEST(seed_infobox_strength_is_not_a_casualty)
{
    char *v = seed_field("Strength2");
    cas_phrase_result *r = parse(NULL, v, CAS_PHRASE_STRENGTH);
    cas_phrase_claim c;
    ck_assert_uint_eq(cas_phrase_result_count(r), 1);
    c = get(r, 0);
    ck_assert_int_eq(c.kind, CAS_PHRASE_KIND_STRENGTH);
    expect(&c, 5000, CAS_OPEN, CAS_NONE, CAS_QUAL_AT_LEAST, "", "combatants/insurgents",
           "Latakia governor");
    ck_assert_int_eq(c.basis, CAS_BASIS_PARTY);
    cas_phrase_result_free(r);
    /* read as prose, no outcome word: no claim */
    r = parse(NULL, v, CAS_PHRASE_PROSE);
    ck_assert_uint_eq(cas_phrase_result_count(r), 0);
    cas_phrase_result_free(r);
    free(v);
}
END_TEST

START_TEST(seed_infobox_units_strength1_and_date_hold_no_count)
{
    static const char *const fields[] = {"Units1", "Strength1", "Date", "Commander2"};
    for (size_t i = 0; i < 4; i++) {
        char *v = seed_field(fields[i]);
        for (int32_t k = CAS_PHRASE_PROSE; k <= CAS_PHRASE_STRENGTH; k++) {
            cas_phrase_result *r = parse(NULL, v, k);
            ck_assert_msg(cas_phrase_result_count(r) == 0, "%s as field kind %d gave a claim",
                          fields[i], (int)k);
            cas_phrase_result_free(r);
        }
        free(v);
    }
}
END_TEST

/* ---- the seed article, prose ---- */

#define PROSE_TEST(name, number, words, low, high, best, qual, outcome, group, source)             \
    START_TEST(name)                                                                               \
    {                                                                                              \
        cas_phrase_result *r = seed_prose();                                                       \
        cas_phrase_claim c = find(r, number, words);                                               \
        expect(&c, low, high, best, qual, outcome, group, source);                                 \
        cas_phrase_result_free(r);                                                                 \
    }                                                                                              \
    END_TEST

PROSE_TEST(seed_over_1000_alawites_is_a_floor, 1000, "Alawites", 1001, CAS_OPEN, CAS_NONE,
           CAS_QUAL_MORE_THAN, "killed", "civilians/alawite", "")
PROSE_TEST(seed_nearly_400_security_personnel, 400, "security personnel", 360, 399, CAS_NONE,
           CAS_QUAL_NEARLY, "killed", "combatants/government/security", "")
PROSE_TEST(seed_dozens_of_civilians, CAS_NONE, "dozens of civilians", 24, 99, CAS_NONE,
           CAS_QUAL_VAGUE, "killed", "civilians", "")
PROSE_TEST(seed_hundreds_of_civilian_casualties, CAS_NONE, "hundreds", 200, 999, CAS_NONE,
           CAS_QUAL_VAGUE, "casualties", "civilians", "Human rights organizations")
PROSE_TEST(seed_48_killed_in_jableh_per_sohr, 48, "48 people", 48, 48, 48, CAS_QUAL_EXACT, "killed",
           "", "SOHR")
PROSE_TEST(seed_at_least_10_security_captured, 10, "captured", 10, CAS_OPEN, CAS_NONE,
           CAS_QUAL_AT_LEAST, "captured", "combatants/government/security", "Al-Araby Al-Jadeed")
PROSE_TEST(seed_one_security_member_killed, 1, "security force member", 1, 1, 1, CAS_QUAL_EXACT,
           "killed", "combatants/government/security", "")
PROSE_TEST(seed_two_wounded_inherit_the_group, 2, "two wounded", 2, 2, 2, CAS_QUAL_EXACT, "wounded",
           "combatants/government/security", "")
PROSE_TEST(seed_at_least_16_security_personnel, 16, "16 security", 16, CAS_OPEN, CAS_NONE,
           CAS_QUAL_AT_LEAST, "killed", "combatants/government/security", "")
PROSE_TEST(seed_and_four_civilians_share_the_floor, 4, "16 security personnel and four", 4,
           CAS_OPEN, CAS_NONE, CAS_QUAL_AT_LEAST, "killed", "civilians", "")
PROSE_TEST(seed_dozens_of_fighters_killed_or_wounded, CAS_NONE, "fighters loyal", 24, 99, CAS_NONE,
           CAS_QUAL_VAGUE, "casualties", "combatants", "")
PROSE_TEST(seed_at_least_35_pro_government_fighters, 35, "35 pro-government", 35, CAS_OPEN,
           CAS_NONE, CAS_QUAL_AT_LEAST, "killed", "combatants/government", "SOHR")
PROSE_TEST(seed_32_pro_assad_gunmen, 32, "32 pro-Assad gunmen", 32, CAS_OPEN, CAS_NONE,
           CAS_QUAL_AT_LEAST, "killed", "combatants/insurgents", "SOHR")
PROSE_TEST(seed_four_civilians_also_killed_per_sohr, 4, "also killed", 4, 4, 4, CAS_QUAL_EXACT,
           "killed", "civilians", "SOHR")
PROSE_TEST(seed_26_civilians_killed_by_loyalists, 26, "26 civilians", 26, 26, 26, CAS_QUAL_EXACT,
           "killed", "civilians", "")
PROSE_TEST(seed_121_police_members, 121, "121 police", 121, 121, 121, CAS_QUAL_EXACT, "killed",
           "combatants/government/security/police", "")

START_TEST(seed_164_civilians_per_snhr_6_to_8_march)
{
    cas_phrase_result *r = seed_prose();
    cas_phrase_claim c = find(r, 164, "164 civilians");
    expect(&c, 164, 164, 164, CAS_QUAL_EXACT, "killed", "civilians", "SNHR");
    ck_assert_str_eq(c.perpetrator_text, "armed militias supporting the Syrian government");
    ck_assert_str_eq(c.perpetrator, "government");
    /* "between 6 and 8 March" is the claim's period, not a count */
    ck_assert_str_eq(c.period_text, "between 6 and 8 March");
    ck_assert_int_eq(c.period_start, tu_day("2025-03-06"));
    ck_assert_int_eq(c.period_end, tu_day("2025-03-08"));
    cas_phrase_result_free(r);
}
END_TEST

START_TEST(seed_more_than_700_alawite_civilians_per_sohr)
{
    cas_phrase_result *r = seed_prose();
    cas_phrase_claim c = find(r, 700, "Alawite civilians");
    expect(&c, 701, CAS_OPEN, CAS_NONE, CAS_QUAL_MORE_THAN, "killed", "civilians/alawite", "SOHR");
    ck_assert_str_eq(c.perpetrator_text, "Syrian security forces and pro-government fighters");
    cas_phrase_result_free(r);
}
END_TEST

START_TEST(seed_9_soldiers_on_12_march)
{
    cas_phrase_result *r = seed_prose();
    cas_phrase_claim c = find(r, 9, "Syrian soldiers");
    expect(&c, 9, 9, 9, CAS_QUAL_EXACT, "killed", "combatants/government/army", "");
    ck_assert_str_eq(c.perpetrator_text, "Assadist insurgents");
    ck_assert_str_eq(c.perpetrator, "insurgents");
    ck_assert_int_eq(c.period_start, tu_day("2025-03-12"));
    ck_assert_int_eq(c.period_end, tu_day("2025-03-12"));
    cas_phrase_result_free(r);
}
END_TEST

START_TEST(seed_perpetrators_by_and_subject)
{
    cas_phrase_result *r = seed_prose();
    cas_phrase_claim c = find(r, 1000, "Alawites");
    ck_assert_str_eq(c.perpetrator_text, "government and allied forces");
    c = find(r, 400, "security personnel");
    ck_assert_str_eq(c.perpetrator_text, "pro-Assad insurgent groups");
    ck_assert_str_eq(c.perpetrator, "insurgents");
    c = find(r, 26, "26 civilians");
    ck_assert_str_eq(c.perpetrator_text, "Assad loyalist groups");
    c = find(r, 10, "captured");
    ck_assert_str_eq(c.perpetrator_text, "pro-Assad gunmen");
    cas_phrase_result_free(r);
}
END_TEST

START_TEST(seed_prose_has_no_other_claims)
{
    /* Years (1977, 1987-2002), dates (6 March, 10 March 2025), a percentage
     * (75%), a clock time (2 p.m.), fires ("seventeen"), strengths
     * ("Thousands of fighters ... arrived") and numbers without an
     * outcome are not claims: exactly the 19 casualty claims remain. */
    cas_phrase_result *r = seed_prose();
    size_t n = cas_phrase_result_count(r);
    ck_assert_uint_eq(n, 19);
    for (size_t i = 0; i < n; i++) {
        cas_phrase_claim c = get(r, i);
        ck_assert_msg(c.number != 1977 && c.number != 1987 && c.number != 2002 &&
                          c.number != 2025 && c.number != 75 && c.number != 17,
                      "'%s' is not a casualty claim", c.quote);
        ck_assert_int_eq(c.kind, CAS_PHRASE_KIND_CASUALTY);
        ck_assert_str_eq(c.preset, "default"); /* terms were added, not hedges */
    }
    cas_phrase_result_free(r);
}
END_TEST

/* ---- the corpus ---- */

enum {
    F_FIELD,
    F_PRESET,
    F_INDEX,
    F_COUNT,
    F_LOW,
    F_HIGH,
    F_BEST,
    F_QUAL,
    F_OUTCOME,
    F_GROUP,
    F_SOURCE,
    F_ORIGIN,
    F_TEXT,
    F_N
};

typedef struct row {
    char *f[F_N];
    int line;
} row;

typedef struct group {
    size_t first, n; /* rows */
} group;

static row *rows;
static size_t nrows;
static group *groups;
static size_t ngroups;
static char *corpus_buf;

/* Load the corpus before the runner forks: returns 0 on failure (the
 * corpus_loads test then fails with the reason). */
static int load_corpus(void)
{
    FILE *fp = fopen(CORPUS, "rb");
    long n;
    char *p;
    int line = 0;

    if (!fp)
        return 0;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    corpus_buf = malloc((size_t)n + 1);
    if (!corpus_buf || fread(corpus_buf, 1, (size_t)n, fp) != (size_t)n) {
        fclose(fp);
        return 0;
    }
    fclose(fp);
    corpus_buf[n] = '\0';
    rows = calloc((size_t)n / 8 + 1, sizeof *rows);
    groups = calloc((size_t)n / 8 + 1, sizeof *groups);
    if (!rows || !groups)
        return 0;
    for (p = corpus_buf; *p;) {
        char *end = strchr(p, '\n'), *q = p;
        int k;
        line++;
        if (end)
            *end = '\0';
        if (*p && *p != '#') {
            row *r = &rows[nrows];
            r->line = line;
            for (k = 0; k < F_N; k++) {
                char *t = strchr(q, '\t');
                r->f[k] = q;
                if (k < F_N - 1) {
                    if (!t)
                        return 0;
                    *t = '\0';
                    q = t + 1;
                }
            }
            if (nrows > 0 && !strcmp(rows[nrows - 1].f[F_TEXT], r->f[F_TEXT]) &&
                !strcmp(rows[nrows - 1].f[F_FIELD], r->f[F_FIELD]) &&
                !strcmp(rows[nrows - 1].f[F_PRESET], r->f[F_PRESET])) {
                groups[ngroups - 1].n++;
            } else {
                groups[ngroups].first = nrows;
                groups[ngroups].n = 1;
                ngroups++;
            }
            nrows++;
        }
        if (!end)
            break;
        p = end + 1;
    }
    return 1;
}

static int64_t num(const char *s)
{
    if (!strcmp(s, "open"))
        return CAS_OPEN;
    if (!strcmp(s, "none"))
        return CAS_NONE;
    return strtoll(s, NULL, 10);
}

static const char *str(const char *s)
{
    return strcmp(s, "-") ? s : "";
}

static cas_phrase_options *corpus_options(const char *preset)
{
    cas_phrase_options *o = NULL;
    static const char *const src[][2] = {
        {"SOHR", "Syrian Observatory for Human Rights"},
        {"SNHR", "Syrian Network for Human Rights"},
        {"ACLED", "Armed Conflict Location & Event Data Project"},
        {"OCHA", "UN Office for the Coordination of Humanitarian Affairs"},
        {"UN", "United Nations"},
        {"CSIS", "Center for Strategic and International Studies"},
    };
    ck_assert_int_eq(cas_phrase_options_new(&o, preset, NULL), CAS_OK);
    for (size_t i = 0; i < sizeof src / sizeof src[0]; i++)
        ck_assert_int_eq(cas_phrase_options_add_source(o, src[i][0], src[i][1], NULL), CAS_OK);
    return o;
}

START_TEST(corpus_loads_and_covers_the_hedge_table)
{
    static const char *const quals[] = {"exact",  "at_least", "more_than", "approx",
                                        "nearly", "up_to",    "range",     "vague"};
    static const char *const forms[] = {"1,700",         "1 700",
                                        "1.5 million",   "2.3k",
                                        "Twenty-one",    "A dozen",
                                        "Three hundred", "\xE2\x80\x93",
                                        "0-15,000",      " to ",
                                        "Between ",      "+ ",
                                        "+ killed",      "~",
                                        "c. ",           "est. ",
                                        "at least",      "or more",
                                        "a minimum of",  "more than",
                                        "over ",         "pwards of",
                                        "in excess of",  "early",
                                        "lmost",         "lose to",
                                        "just under",    "bout",
                                        "round",         "pproximately",
                                        "oughly",        "ome ",
                                        "p to",          "s many as",
                                        "t most",        "A few",
                                        "Several",       "Dozens",
                                        "Scores",        "Hundreds",
                                        "Thousands"};
    size_t texts = 0;
    ck_assert_msg(rows != NULL && nrows > 0, "cannot read %s", CORPUS);
    /* at least 150 phrasings besides the seed article's */
    for (size_t g = 0; g < ngroups; g++)
        if (!strstr(rows[groups[g].first].f[F_ORIGIN], "seed"))
            texts++;
    ck_assert_uint_ge(texts, 150);
    for (size_t q = 0; q < sizeof quals / sizeof quals[0]; q++) {
        size_t i;
        for (i = 0; i < nrows; i++)
            if (!strcmp(rows[i].f[F_QUAL], quals[q]))
                break;
        ck_assert_msg(i < nrows, "no corpus row has qualifier %s", quals[q]);
    }
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
        size_t i;
        for (i = 0; i < nrows; i++)
            if (strstr(rows[i].f[F_TEXT], forms[k]) && strcmp(rows[i].f[F_COUNT], "0"))
                break;
        ck_assert_msg(i < nrows, "no corpus claim is written with '%s'", forms[k]);
    }
}
END_TEST

START_TEST(corpus_phrasing)
{
    const group *g = &groups[_i];
    const row *r0 = &rows[g->first];
    int32_t field = !strcmp(r0->f[F_FIELD], "prose")      ? CAS_PHRASE_PROSE
                    : !strcmp(r0->f[F_FIELD], "casualty") ? CAS_PHRASE_CASUALTY
                                                          : CAS_PHRASE_STRENGTH;
    cas_phrase_options *o = corpus_options(r0->f[F_PRESET]);
    cas_phrase_result *r = parse(o, r0->f[F_TEXT], field);
    size_t want = (size_t)atoi(r0->f[F_COUNT]);

    ck_assert_msg(cas_phrase_result_count(r) == want,
                  "corpus.tsv:%d: %zu claims, expected %zu, in \"%s\" (%s)", r0->line,
                  cas_phrase_result_count(r), want, r0->f[F_TEXT], r0->f[F_ORIGIN]);
    for (size_t i = 0; i < g->n && want > 0; i++) {
        const row *w = &rows[g->first + i];
        cas_phrase_claim c = get(r, (size_t)atoi(w->f[F_INDEX]));
        int32_t q = -1;
        ck_assert_int_eq(cas_qualifier_from_name(&q, w->f[F_QUAL]), CAS_OK);
        ck_assert_msg(c.low == num(w->f[F_LOW]) && c.high == num(w->f[F_HIGH]) &&
                          c.best == num(w->f[F_BEST]) && c.qualifier == q,
                      "corpus.tsv:%d: '%s' gave [%lld, %lld] best %lld %s, expected [%s, %s] best "
                      "%s %s",
                      w->line, c.quote, (long long)c.low, (long long)c.high, (long long)c.best,
                      cas_qualifier_name(c.qualifier), w->f[F_LOW], w->f[F_HIGH], w->f[F_BEST],
                      w->f[F_QUAL]);
        ck_assert_msg(!strcmp(c.outcome, str(w->f[F_OUTCOME])) &&
                          !strcmp(c.group, str(w->f[F_GROUP])) &&
                          !strcmp(c.source, str(w->f[F_SOURCE])),
                      "corpus.tsv:%d: '%s' gave outcome '%s' group '%s' source '%s', expected "
                      "'%s' '%s' '%s'",
                      w->line, c.quote, c.outcome, c.group, c.source, str(w->f[F_OUTCOME]),
                      str(w->f[F_GROUP]), str(w->f[F_SOURCE]));
        ck_assert_int_eq(c.kind, field == CAS_PHRASE_STRENGTH ? CAS_PHRASE_KIND_STRENGTH
                                                              : CAS_PHRASE_KIND_CASUALTY);
        ck_assert_str_eq(c.preset, r0->f[F_PRESET]);
    }
    cas_phrase_result_free(r);
    cas_phrase_options_free(o);
}
END_TEST

/* ---- hedge tables and overrides ---- */

static cas_phrase_claim one(const cas_phrase_options *o, const char *text, int32_t field)
{
    static char preset[64];
    cas_phrase_result *r = parse(o, text, field);
    cas_phrase_claim c;
    ck_assert_msg(cas_phrase_result_count(r) == 1, "'%s': %zu claims", text,
                  cas_phrase_result_count(r));
    c = get(r, 0);
    snprintf(preset, sizeof preset, "%s", c.preset);
    c.preset = preset;
    c.quote = c.outcome = c.group = c.source = c.perpetrator = c.perpetrator_text = c.relay =
        c.period_text = NULL; /* freed below */
    cas_phrase_result_free(r);
    return c;
}

START_TEST(design_table_rows)
{
    static const struct {
        const char *text;
        int64_t low, high, best;
        int32_t q;
    } t[] = {
        {"250 killed", 250, 250, 250, CAS_QUAL_EXACT},
        {"at least 250 killed", 250, CAS_OPEN, CAS_NONE, CAS_QUAL_AT_LEAST},
        {"250+ killed", 250, CAS_OPEN, CAS_NONE, CAS_QUAL_AT_LEAST},
        {"+ 250 killed", 250, CAS_OPEN, CAS_NONE, CAS_QUAL_AT_LEAST},
        {"250 or more killed", 250, CAS_OPEN, CAS_NONE, CAS_QUAL_AT_LEAST},
        {"a minimum of 250 killed", 250, CAS_OPEN, CAS_NONE, CAS_QUAL_AT_LEAST},
        {"more than 250 killed", 251, CAS_OPEN, CAS_NONE, CAS_QUAL_MORE_THAN},
        {"over 250 killed", 251, CAS_OPEN, CAS_NONE, CAS_QUAL_MORE_THAN},
        {"upwards of 250 killed", 251, CAS_OPEN, CAS_NONE, CAS_QUAL_MORE_THAN},
        {"in excess of 250 killed", 251, CAS_OPEN, CAS_NONE, CAS_QUAL_MORE_THAN},
        {"nearly 250 killed", 225, 249, CAS_NONE, CAS_QUAL_NEARLY},
        {"almost 250 killed", 225, 249, CAS_NONE, CAS_QUAL_NEARLY},
        {"close to 250 killed", 225, 249, CAS_NONE, CAS_QUAL_NEARLY},
        {"just under 250 killed", 225, 249, CAS_NONE, CAS_QUAL_NEARLY},
        {"nearly 15 killed", 14, 14, CAS_NONE, CAS_QUAL_NEARLY}, /* ceil(13.5) */
        {"about 250 killed", 225, 275, 250, CAS_QUAL_APPROX},
        {"around 250 killed", 225, 275, 250, CAS_QUAL_APPROX},
        {"approximately 250 killed", 225, 275, 250, CAS_QUAL_APPROX},
        {"roughly 250 killed", 225, 275, 250, CAS_QUAL_APPROX},
        {"some 250 killed", 225, 275, 250, CAS_QUAL_APPROX},
        {"c. 250 killed", 225, 275, 250, CAS_QUAL_APPROX},
        {"~250 killed", 225, 275, 250, CAS_QUAL_APPROX},
        {"about 15 killed", 13, 17, 15, CAS_QUAL_APPROX}, /* floor(13.5), ceil(16.5) */
        {"up to 250 killed", 0, 250, CAS_NONE, CAS_QUAL_UP_TO},
        {"as many as 250 killed", 0, 250, CAS_NONE, CAS_QUAL_UP_TO},
        {"at most 250 killed", 0, 250, CAS_NONE, CAS_QUAL_UP_TO},
        {"250-300 killed", 250, 300, CAS_NONE, CAS_QUAL_RANGE},
        {"250 to 300 killed", 250, 300, CAS_NONE, CAS_QUAL_RANGE},
        {"between 250 and 300 killed", 250, 300, CAS_NONE, CAS_QUAL_RANGE},
        {"a few killed", 2, 5, CAS_NONE, CAS_QUAL_VAGUE},
        {"several killed", 3, 9, CAS_NONE, CAS_QUAL_VAGUE},
        {"dozens killed", 24, 99, CAS_NONE, CAS_QUAL_VAGUE},
        {"scores killed", 40, 99, CAS_NONE, CAS_QUAL_VAGUE},
        {"hundreds killed", 200, 999, CAS_NONE, CAS_QUAL_VAGUE},
        {"thousands killed", 2000, 9999, CAS_NONE, CAS_QUAL_VAGUE},
        {"20 to 50 killed", 20, 50, CAS_NONE, CAS_QUAL_RANGE},
        {"1.5-2 million displaced", 1500000, 2000000, CAS_NONE, CAS_QUAL_RANGE},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        cas_phrase_claim c = one(NULL, t[i].text, CAS_PHRASE_PROSE);
        ck_assert_msg(c.low == t[i].low && c.high == t[i].high && c.best == t[i].best &&
                          c.qualifier == t[i].q,
                      "'%s' gave [%lld, %lld] best %lld %s", t[i].text, (long long)c.low,
                      (long long)c.high, (long long)c.best, cas_qualifier_name(c.qualifier));
        ck_assert_str_eq(c.preset, "default");
    }
}
END_TEST

START_TEST(acled_preset_floors)
{
    static const struct {
        const char *text;
        int64_t low;
    } t[] = {{"tens killed", 10},        {"dozens killed", 12}, {"hundreds killed", 100},
             {"thousands killed", 1000}, {"several killed", 3}, {"a few killed", 2}};
    cas_phrase_options *o = NULL;
    ck_assert_int_eq(cas_phrase_options_new(&o, "acled", NULL), CAS_OK);
    ck_assert_str_eq(cas_phrase_options_name(o), "acled");
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        cas_phrase_claim c = one(o, t[i].text, CAS_PHRASE_PROSE);
        ck_assert_int_eq(c.low, t[i].low);
        ck_assert_int_eq(c.high, CAS_OPEN);
        ck_assert_int_eq(c.best, t[i].low);
        ck_assert_str_eq(c.preset, "acled");
    }
    /* numbers keep the default rules */
    {
        cas_phrase_claim c = one(o, "at least 5 killed", CAS_PHRASE_PROSE);
        ck_assert_int_eq(c.qualifier, CAS_QUAL_AT_LEAST);
    }
    cas_phrase_options_free(o);
}
END_TEST

START_TEST(override_replace_extend_remove_clear)
{
    cas_phrase_options *o = NULL;
    cas_hedge h;
    cas_error e;
    cas_phrase_claim c;
    size_t n0;

    ck_assert_int_eq(cas_phrase_options_new(&o, NULL, NULL), CAS_OK);
    n0 = cas_phrase_options_hedge_count(o);
    ck_assert_uint_gt(n0, 40);

    /* replace: "dozens" as [12, 144] */
    cas_hedge_init(&h);
    h.position = CAS_HEDGE_WORD;
    h.rule = CAS_HEDGE_FIXED;
    h.qualifier = CAS_QUAL_VAGUE;
    h.phrase = "Dozens";
    h.low = 12;
    h.high = 144;
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, NULL), CAS_OK);
    ck_assert_uint_eq(cas_phrase_options_hedge_count(o), n0);
    c = one(o, "dozens were killed", CAS_PHRASE_PROSE);
    ck_assert_int_eq(c.low, 12);
    ck_assert_int_eq(c.high, 144);
    ck_assert_str_eq(c.preset, "default+custom");

    /* extend: "not fewer than" is a floor (the default reads "fewer than") */
    c = one(o, "not fewer than 40 killed", CAS_PHRASE_PROSE);
    ck_assert_int_eq(c.qualifier, CAS_QUAL_UP_TO);
    ck_assert_int_eq(c.high, 39);
    cas_hedge_init(&h);
    h.phrase = "not  fewer than";
    h.rule = CAS_HEDGE_AT_LEAST;
    h.qualifier = CAS_QUAL_AT_LEAST;
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, NULL), CAS_OK);
    ck_assert_uint_eq(cas_phrase_options_hedge_count(o), n0 + 1);
    c = one(o, "not fewer than 40 killed", CAS_PHRASE_PROSE);
    ck_assert_int_eq(c.qualifier, CAS_QUAL_AT_LEAST);
    ck_assert_int_eq(c.low, 40);
    ck_assert_int_eq(c.high, CAS_OPEN);

    /* a wider spread for "about" */
    cas_hedge_init(&h);
    h.phrase = "about";
    h.rule = CAS_HEDGE_APPROX;
    h.qualifier = CAS_QUAL_APPROX;
    h.spread = 20;
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, NULL), CAS_OK);
    c = one(o, "about 100 killed", CAS_PHRASE_PROSE);
    ck_assert_int_eq(c.low, 80);
    ck_assert_int_eq(c.high, 120);
    ck_assert_int_eq(c.best, 100);

    /* name the table */
    ck_assert_int_eq(cas_phrase_options_set_name(o, "my-project", NULL), CAS_OK);
    c = one(o, "about 100 killed", CAS_PHRASE_PROSE);
    ck_assert_str_eq(c.preset, "my-project");
    cas_error_init(&e);
    ck_assert_int_eq(cas_phrase_options_set_name(o, "has space", &e), CAS_ERR_VALUE);
    ck_assert_int_eq(cas_phrase_options_set_name(o, "", NULL), CAS_ERR_VALUE);
    ck_assert_str_eq(cas_phrase_options_name(o), "my-project");

    /* remove */
    ck_assert_int_eq(cas_phrase_options_remove_hedge(o, "over", CAS_HEDGE_BEFORE, NULL), CAS_OK);
    c = one(o, "over 1,000 killed", CAS_PHRASE_PROSE);
    ck_assert_int_eq(c.qualifier, CAS_QUAL_EXACT);
    ck_assert_int_eq(c.low, 1000);
    cas_error_init(&e);
    ck_assert_int_eq(cas_phrase_options_remove_hedge(o, "over", CAS_HEDGE_BEFORE, &e),
                     CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(e.status, CAS_ERR_NOT_FOUND);
    ck_assert_int_eq(cas_phrase_options_remove_hedge(o, "+", CAS_HEDGE_WORD, NULL),
                     CAS_ERR_NOT_FOUND);

    /* read back */
    {
        cas_hedge g;
        size_t i, n = cas_phrase_options_hedge_count(o);
        cas_hedge_init(&g);
        for (i = 0; i < n; i++) {
            ck_assert_int_eq(cas_phrase_options_get_hedge(o, i, &g), CAS_OK);
            if (!strcmp(g.phrase, "not fewer than"))
                break;
        }
        ck_assert_uint_lt(i, n);
        ck_assert_int_eq(g.rule, CAS_HEDGE_AT_LEAST);
        ck_assert_int_eq(cas_phrase_options_get_hedge(o, n, &g), CAS_ERR_NOT_FOUND);
        g.size = 4;
        ck_assert_int_eq(cas_phrase_options_get_hedge(o, 0, &g), CAS_ERR_ARG);
    }

    /* clear, then build a one-row table */
    cas_phrase_options_clear_hedges(o);
    ck_assert_uint_eq(cas_phrase_options_hedge_count(o), 0);
    c = one(o, "at least 5 killed", CAS_PHRASE_PROSE);
    ck_assert_int_eq(c.qualifier, CAS_QUAL_EXACT);
    {
        cas_phrase_result *r = parse(o, "dozens killed", CAS_PHRASE_PROSE);
        ck_assert_uint_eq(cas_phrase_result_count(r), 0);
        cas_phrase_result_free(r);
    }
    cas_phrase_options_free(o);
    cas_phrase_options_free(NULL);
}
END_TEST

START_TEST(bad_hedges_are_rejected_and_change_nothing)
{
    cas_phrase_options *o = NULL;
    cas_hedge h;
    cas_error e;
    size_t n0;
    char long_phrase[80];

    ck_assert_int_eq(cas_phrase_options_new(&o, NULL, NULL), CAS_OK);
    n0 = cas_phrase_options_hedge_count(o);

    cas_hedge_init(&h);
    h.phrase = "plenty";
    h.position = CAS_HEDGE_WORD; /* WORD needs FIXED */
    cas_error_init(&e);
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, &e), CAS_ERR_VALUE);
    ck_assert_str_eq(e.field, "rule");

    h.rule = CAS_HEDGE_FIXED;
    h.low = 10;
    h.high = 5;
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, NULL), CAS_ERR_RANGE);
    h.high = 20;
    h.best = 30;
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, NULL), CAS_ERR_RANGE);
    h.best = CAS_NONE;
    h.low = -1;
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, NULL), CAS_ERR_RANGE);

    cas_hedge_init(&h);
    h.phrase = "about";
    h.rule = CAS_HEDGE_APPROX;
    h.spread = 100;
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, NULL), CAS_ERR_VALUE);
    h.spread = 0;
    h.rule = 42;
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, NULL), CAS_ERR_VALUE);
    h.rule = CAS_HEDGE_APPROX;
    h.qualifier = 99;
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, NULL), CAS_ERR_VALUE);
    h.qualifier = CAS_QUAL_APPROX;
    h.position = 7;
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, NULL), CAS_ERR_VALUE);
    h.position = CAS_HEDGE_BEFORE;
    h.phrase = "   ";
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, NULL), CAS_ERR_VALUE);
    memset(long_phrase, 'x', sizeof long_phrase - 1);
    long_phrase[sizeof long_phrase - 1] = '\0';
    h.phrase = long_phrase;
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, NULL), CAS_ERR_VALUE);
    h.phrase = "\xC3\x28";
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, NULL), CAS_ERR_ENCODING);
    h.phrase = NULL;
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, NULL), CAS_ERR_ARG);
    h.phrase = "about";
    h.size = 8;
    ck_assert_int_eq(cas_phrase_options_set_hedge(o, &h, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_phrase_options_set_hedge(NULL, &h, NULL), CAS_ERR_ARG);

    ck_assert_uint_eq(cas_phrase_options_hedge_count(o), n0);
    ck_assert_str_eq(cas_phrase_options_name(o), "default");
    {
        cas_phrase_claim c = one(o, "about 100 killed", CAS_PHRASE_PROSE);
        ck_assert_int_eq(c.low, 90);
        ck_assert_str_eq(c.preset, "default");
    }
    cas_phrase_options_free(o);
}
END_TEST

START_TEST(options_new_errors)
{
    cas_phrase_options *o = (cas_phrase_options *)0x1;
    cas_error e;
    cas_error_init(&e);
    ck_assert_int_eq(cas_phrase_options_new(&o, "ucdp", &e), CAS_ERR_VALUE);
    ck_assert_ptr_eq(o, (cas_phrase_options *)0x1); /* untouched */
    ck_assert_msg(strstr(e.message, "ucdp") != NULL, "message: %s", e.message);
    ck_assert_int_eq(cas_phrase_options_new(NULL, NULL, NULL), CAS_ERR_ARG);
    ck_assert_str_eq(cas_phrase_options_name(NULL), "default");
    ck_assert_uint_eq(cas_phrase_options_hedge_count(NULL), 0);
    ck_assert_uint_eq(cas_phrase_max_bytes(), CAS_PHRASE_MAX_BYTES);
}
END_TEST

/* ---- lexicon, sources, defaults ---- */

START_TEST(lexicon_is_data_the_caller_extends)
{
    cas_phrase_options *o = NULL;
    cas_phrase_claim c;
    cas_phrase_result *r;

    ck_assert_int_eq(cas_phrase_options_new(&o, NULL, NULL), CAS_OK);
    r = parse(o, "12 villagers were beheaded", CAS_PHRASE_PROSE);
    ck_assert_uint_eq(cas_phrase_result_count(r), 0);
    cas_phrase_result_free(r);
    ck_assert_int_eq(cas_phrase_options_add_term(o, CAS_TERM_OUTCOME, "beheaded", "killed", NULL),
                     CAS_OK);
    c = one(o, "12 villagers were beheaded", CAS_PHRASE_PROSE);
    ck_assert_int_eq(c.low, 12);
    c = one(o, "12 Yazidi villagers were beheaded", CAS_PHRASE_PROSE);
    ck_assert_int_eq(c.low, 12);

    /* a longer, more specific group wins; replacing changes the path */
    ck_assert_int_eq(cas_phrase_options_add_term(o, CAS_TERM_GROUP, "Yazidi villagers",
                                                 "civilians/yazidi", NULL),
                     CAS_OK);
    {
        cas_phrase_result *rr = parse(o, "12 Yazidi villagers were beheaded", CAS_PHRASE_PROSE);
        cas_phrase_claim g = get(rr, 0);
        ck_assert_str_eq(g.group, "civilians/yazidi");
        cas_phrase_result_free(rr);
    }
    ck_assert_int_eq(cas_phrase_options_add_term(o, CAS_TERM_GROUP, "yazidi  VILLAGERS",
                                                 "civilians/yazidi/villagers", NULL),
                     CAS_OK);
    {
        cas_phrase_result *rr = parse(o, "12 Yazidi villagers were beheaded", CAS_PHRASE_PROSE);
        cas_phrase_claim g = get(rr, 0);
        ck_assert_str_eq(g.group, "civilians/yazidi/villagers");
        cas_phrase_result_free(rr);
    }
    ck_assert_int_eq(cas_phrase_options_remove_term(o, CAS_TERM_OUTCOME, "beheaded", NULL), CAS_OK);
    ck_assert_int_eq(cas_phrase_options_remove_term(o, CAS_TERM_OUTCOME, "beheaded", NULL),
                     CAS_ERR_NOT_FOUND);
    r = parse(o, "12 villagers were beheaded", CAS_PHRASE_PROSE);
    ck_assert_uint_eq(cas_phrase_result_count(r), 0);
    cas_phrase_result_free(r);

    /* remove a built-in outcome word */
    ck_assert_int_eq(cas_phrase_options_remove_term(o, CAS_TERM_OUTCOME, "killed", NULL), CAS_OK);
    r = parse(o, "5 civilians were killed", CAS_PHRASE_PROSE);
    ck_assert_uint_eq(cas_phrase_result_count(r), 0);
    cas_phrase_result_free(r);

    ck_assert_int_eq(cas_phrase_options_add_term(o, CAS_TERM_GROUP, "x", "a//b", NULL),
                     CAS_ERR_PATH);
    ck_assert_int_eq(cas_phrase_options_add_term(o, CAS_TERM_GROUP, "x", "/a", NULL), CAS_ERR_PATH);
    ck_assert_int_eq(cas_phrase_options_add_term(o, CAS_TERM_OUTCOME, "x", "", NULL), CAS_ERR_PATH);
    ck_assert_int_eq(cas_phrase_options_add_term(o, 5, "x", "a", NULL), CAS_ERR_VALUE);
    ck_assert_int_eq(cas_phrase_options_add_term(o, CAS_TERM_GROUP, "", "a", NULL), CAS_ERR_VALUE);
    ck_assert_int_eq(cas_phrase_options_add_term(o, CAS_TERM_GROUP, NULL, "a", NULL), CAS_ERR_ARG);
    /* a group word may mean "everyone" */
    ck_assert_int_eq(cas_phrase_options_add_term(o, CAS_TERM_GROUP, "souls", "", NULL), CAS_OK);
    cas_phrase_options_free(o);
}
END_TEST

START_TEST(known_sources_and_attribution_forms)
{
    cas_phrase_options *o = NULL;
    static const struct {
        const char *text, *source, *relay;
        int32_t basis;
    } t[] = {
        {"5 killed (per SOHR)", "SOHR", "", CAS_BASIS_REPORTED},
        {"5 killed (SOHR estimate)", "SOHR", "", CAS_BASIS_REPORTED},
        {"5 killed (the Observatory's claim)", "Observatory", "", CAS_BASIS_PARTY},
        {"According to the Syrian Observatory for Human Rights, 5 people were killed.", "SOHR", "",
         CAS_BASIS_REPORTED},
        {"5 people were killed, according to the UK-based Syrian Observatory for Human Rights.",
         "SOHR", "", CAS_BASIS_REPORTED},
        {"The UK-based Syrian Observatory for Human Rights (SOHR) said 5 people were killed.",
         "SOHR", "", CAS_BASIS_REPORTED},
        {"SNHR documented the killing of 5 civilians.", "SNHR", "", CAS_BASIS_DOCUMENTED},
        {"5 people were killed, the army claimed that day.", "army", "", CAS_BASIS_PARTY},
        {"The strike claimed 5 lives, the ministry said.", "ministry", "", CAS_BASIS_REPORTED},
        {"The army claimed that 5 rebels were killed.", "army", "", CAS_BASIS_PARTY},
        {"Reuters, citing the Observatory, reported that 5 people were killed.", "Observatory",
         "Reuters", CAS_BASIS_REPORTED},
        {"5 people were killed, said Rami Abdel Rahman, head of the Observatory.",
         "Rami Abdel Rahman", "", CAS_BASIS_REPORTED},
        {"5 people were killed, per the health ministry.", "health ministry", "",
         CAS_BASIS_REPORTED},
    };
    ck_assert_int_eq(cas_phrase_options_new(&o, NULL, NULL), CAS_OK);
    ck_assert_int_eq(
        cas_phrase_options_add_source(o, "SOHR", "Syrian Observatory for Human Rights", NULL),
        CAS_OK);
    ck_assert_int_eq(cas_phrase_options_add_source(o, "SNHR", NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_phrase_options_add_source(o, "", NULL, NULL), CAS_ERR_VALUE);
    ck_assert_int_eq(cas_phrase_options_add_source(o, "X", "\xFF", NULL), CAS_ERR_ENCODING);
    ck_assert_int_eq(cas_phrase_options_add_source(NULL, "X", NULL, NULL), CAS_ERR_ARG);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        cas_phrase_result *r = parse(o, t[i].text, CAS_PHRASE_PROSE);
        cas_phrase_claim c;
        ck_assert_msg(cas_phrase_result_count(r) == 1, "'%s': %zu claims", t[i].text,
                      cas_phrase_result_count(r));
        c = get(r, 0);
        ck_assert_msg(!strcmp(c.source, t[i].source) && !strcmp(c.relay, t[i].relay),
                      "'%s': source '%s' relay '%s'", t[i].text, c.source, c.relay);
        ck_assert_msg(c.basis == t[i].basis, "'%s': basis %d", t[i].text, (int)c.basis);
        cas_phrase_result_free(r);
    }
    cas_phrase_options_free(o);
}
END_TEST

START_TEST(defaults_year_and_distribution)
{
    cas_phrase_options *o = NULL;
    cas_phrase_result *r;
    cas_phrase_claim c;

    ck_assert_int_eq(cas_phrase_options_new(&o, NULL, NULL), CAS_OK);
    /* casualty fields without an outcome word */
    c = one(o, "315 (per SOHR)", CAS_PHRASE_CASUALTY);
    r = parse(o, "315 (per SOHR)", CAS_PHRASE_CASUALTY);
    ck_assert_str_eq(get(r, 0).outcome, "casualties");
    ck_assert_str_eq(get(r, 0).group, "");
    cas_phrase_result_free(r);
    ck_assert_int_eq(cas_phrase_options_set_default(o, CAS_TERM_OUTCOME, "killed", NULL), CAS_OK);
    ck_assert_int_eq(
        cas_phrase_options_set_default(o, CAS_TERM_GROUP, "combatants/government", NULL), CAS_OK);
    ck_assert_int_eq(cas_phrase_options_set_default(o, CAS_TERM_OUTCOME, "", NULL), CAS_ERR_PATH);
    ck_assert_int_eq(cas_phrase_options_set_default(o, 9, "x", NULL), CAS_ERR_VALUE);
    r = parse(o, "315 (per SOHR)", CAS_PHRASE_CASUALTY);
    ck_assert_str_eq(get(r, 0).outcome, "killed");
    ck_assert_str_eq(get(r, 0).group, "combatants/government");
    cas_phrase_result_free(r);
    /* prose needs an outcome word whatever the default */
    r = parse(o, "315 (per SOHR)", CAS_PHRASE_PROSE);
    ck_assert_uint_eq(cas_phrase_result_count(r), 0);
    cas_phrase_result_free(r);

    /* periods: a year from the text, else from the options */
    r = parse(o, "5 civilians were killed between 6 and 8 March.", CAS_PHRASE_PROSE);
    c = get(r, 0);
    ck_assert_str_eq(c.period_text, "between 6 and 8 March");
    ck_assert_int_eq(c.period_start, CAS_DATE_UNKNOWN);
    cas_phrase_result_free(r);
    ck_assert_int_eq(cas_phrase_options_set_year(o, 2025, NULL), CAS_OK);
    ck_assert_int_eq(cas_phrase_options_set_year(o, 10000, NULL), CAS_ERR_DATE);
    r = parse(o, "5 civilians were killed between 6 and 8 March.", CAS_PHRASE_PROSE);
    c = get(r, 0);
    ck_assert_int_eq(c.period_start, tu_day("2025-03-06"));
    ck_assert_int_eq(c.period_end, tu_day("2025-03-08"));
    cas_phrase_result_free(r);
    r = parse(o, "In March 2024, 5 civilians were killed.", CAS_PHRASE_PROSE);
    c = get(r, 0);
    ck_assert_int_eq(c.period_start, tu_day("2024-03-01"));
    ck_assert_int_eq(c.period_end, tu_day("2024-03-31"));
    cas_phrase_result_free(r);
    r = parse(o, "5 civilians have been killed since 7 October 2023.", CAS_PHRASE_PROSE);
    c = get(r, 0);
    ck_assert_int_eq(c.period_start, tu_day("2023-10-07"));
    ck_assert_int_eq(c.period_end, CAS_DATE_UNKNOWN);
    cas_phrase_result_free(r);

    /* "at least" reaches across a list, unless told not to */
    r = parse(o, "at least 16 soldiers and four civilians were killed", CAS_PHRASE_PROSE);
    ck_assert_uint_eq(cas_phrase_result_count(r), 2);
    ck_assert_int_eq(get(r, 1).high, CAS_OPEN);
    cas_phrase_result_free(r);
    cas_phrase_options_set_distribute(o, 0);
    r = parse(o, "at least 16 soldiers and four civilians were killed", CAS_PHRASE_PROSE);
    ck_assert_int_eq(get(r, 1).high, 4);
    ck_assert_int_eq(get(r, 1).qualifier, CAS_QUAL_EXACT);
    cas_phrase_result_free(r);
    cas_phrase_options_free(o);
}
END_TEST

START_TEST(result_fills_a_ledger_claim)
{
    cas_phrase_result *r =
        parse(NULL, "SOHR said that 48 civilians were killed on 6 March 2025.", CAS_PHRASE_PROSE);
    cas_claim c;
    cas_error e;
    cas_claim_init(&c);
    ck_assert_int_eq(cas_phrase_result_claim(r, 0, &c), CAS_OK);
    c.id = "p1";
    cas_error_init(&e);
    ck_assert_msg(cas_claim_validate(&c, &e) == CAS_OK, "%s", e.message);
    ck_assert_str_eq(c.source, "SOHR");
    ck_assert_str_eq(c.scope.outcome, "killed");
    ck_assert_str_eq(c.scope.group, "civilians");
    ck_assert_str_eq(c.quote, "48 civilians were killed");
    ck_assert_int_eq(c.scope.period_start, tu_day("2025-03-06"));
    ck_assert_int_eq(c.low, 48);
    ck_assert_int_eq(cas_phrase_result_claim(r, 1, &c), CAS_ERR_NOT_FOUND);
    c.size = 4;
    ck_assert_int_eq(cas_phrase_result_claim(r, 0, &c), CAS_ERR_ARG);
    ck_assert_int_eq(cas_phrase_result_claim(NULL, 0, &c), CAS_ERR_ARG);
    cas_phrase_result_free(r);
}
END_TEST

/* ---- robustness ---- */

static void check_invariants(const cas_phrase_result *r, const char *text, size_t len)
{
    for (size_t i = 0; i < cas_phrase_result_count(r); i++) {
        cas_phrase_claim c = get(r, i);
        const char *strs[] = {c.outcome, c.group,  c.perpetrator, c.perpetrator_text, c.source,
                              c.relay,   c.preset, c.quote,       c.period_text};
        ck_assert_int_ge(c.low, 0);
        ck_assert(c.high == CAS_OPEN || c.high >= c.low);
        ck_assert(c.best == CAS_NONE ||
                  (c.best >= c.low && (c.high == CAS_OPEN || c.best <= c.high)));
        ck_assert(c.qualifier >= CAS_QUAL_EXACT && c.qualifier <= CAS_QUAL_VAGUE);
        ck_assert(c.start >= 0 && c.start < c.end && (size_t)c.end <= len);
        ck_assert_uint_eq(strlen(c.quote), (size_t)(c.end - c.start));
        ck_assert(memcmp(c.quote, text + c.start, (size_t)(c.end - c.start)) == 0);
        for (size_t k = 0; k < sizeof strs / sizeof strs[0]; k++)
            ck_assert_ptr_nonnull(strs[k]);
    }
}

/* Spans are in text order (by their first byte), and two spans overlap
 * only where the claims share words: the outcome word of a list ("Nearly
 * 400 ... and dozens of civilians were killed") or of a whole and its part
 * ("killed, including six children"), never a figure of another claim.
 * So overlapping claims have the same outcome and found it in the text:
 * @unstated is the options' default outcome (never a lexicon word), which
 * such a claim cannot have; strengths (no outcome) never overlap. */
static void check_spans(const cas_phrase_result *r, const char *text, size_t len, int32_t field,
                        const char *unstated)
{
    size_t n = cas_phrase_result_count(r);
    for (size_t i = 0; i < n; i++) {
        cas_phrase_claim a = get(r, i);
        ck_assert(a.start >= 0 && a.start < a.end && (size_t)a.end <= len);
        for (size_t j = i + 1; j < n; j++) {
            cas_phrase_claim b = get(r, j);
            ck_assert_msg(b.start >= a.start,
                          "claim %zu [%lld, %lld) starts before claim %zu [%lld, %lld) in '%.*s'",
                          j, (long long)b.start, (long long)b.end, i, (long long)a.start,
                          (long long)a.end, (int)len, text);
            if (b.start >= a.end)
                continue;
            ck_assert_msg(field != CAS_PHRASE_STRENGTH && !strcmp(a.outcome, b.outcome) &&
                              strcmp(a.outcome, unstated) != 0,
                          "field %d: '%s' (%s) overlaps '%s' (%s) in '%.*s'", (int)field, a.quote,
                          a.outcome, b.quote, b.outcome, (int)len, text);
        }
    }
}

/* Options whose default outcome is no word of the lexicon. */
static cas_phrase_options *span_options(void)
{
    cas_phrase_options *o = NULL;
    ck_assert_int_eq(cas_phrase_options_new(&o, NULL, NULL), CAS_OK);
    ck_assert_int_eq(cas_phrase_options_set_default(o, CAS_TERM_OUTCOME, "unstated", NULL), CAS_OK);
    return o;
}

/* "kill(3)3" gave the last 3 the outcome "kill" from across the (3), and a
 * span [0, 8) that swallowed the (3)'s claim [5, 6). A search for an
 * outcome does not skip a parenthesis that holds a claim. */
START_TEST(spans_of_a_parenthesised_figure_do_not_overlap)
{
    static const char *const texts[] = {
        "kill(3)3",
        "killed (3) 3",
        "3 killed(3)3",
        "5 (3 wounded) killed",
        "Several Taliban militants (coded as three) were killed",
        "1,7002.3k ( Mi-24 )",
        "5, 7 (per SOHR)",
        "00[killed (per SOHR)26",
        "5 [killed (per SOHR)",
        "5 killed (per SOHR) 6",
    };
    cas_phrase_options *o = span_options();
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
        for (int32_t f = CAS_PHRASE_PROSE; f <= CAS_PHRASE_STRENGTH; f++) {
            cas_phrase_result *r = parse(o, texts[t], f);
            check_invariants(r, texts[t], strlen(texts[t]));
            check_spans(r, texts[t], strlen(texts[t]), f, "unstated");
            cas_phrase_result_free(r);
        }
    cas_phrase_options_free(o);

    /* the field: two claims, each its own 3 */
    cas_phrase_result *r = parse(NULL, "kill(3)3", CAS_PHRASE_CASUALTY);
    ck_assert_uint_eq(cas_phrase_result_count(r), 2);
    ck_assert_int_eq(get(r, 0).start, 5);
    ck_assert_int_eq(get(r, 0).end, 6);
    ck_assert_int_eq(get(r, 1).start, 7);
    ck_assert_int_eq(get(r, 1).end, 8);
    ck_assert_str_eq(get(r, 1).outcome, "casualties");
    cas_phrase_result_free(r);
    /* prose: the (3) is no claim, so the last 3 still reads "kill" */
    r = parse(NULL, "kill(3)3", CAS_PHRASE_PROSE);
    ck_assert_uint_eq(cas_phrase_result_count(r), 1);
    ck_assert_str_eq(get(r, 0).quote, "kill(3)3");
    cas_phrase_result_free(r);
    /* in a field "three" is a claim: "Several ..." stops before it */
    r = parse(NULL, "Several Taliban militants (coded as three) were killed", CAS_PHRASE_CASUALTY);
    ck_assert_uint_eq(cas_phrase_result_count(r), 2);
    ck_assert_str_eq(get(r, 0).quote, "Several Taliban militants");
    ck_assert_str_eq(get(r, 1).quote, "three");
    cas_phrase_result_free(r);
    /* "(per SOHR)" after "1, 7" is both figures' source but only the 7's words */
    r = parse(NULL, "1, 7 (per SOHR)", CAS_PHRASE_CASUALTY);
    ck_assert_uint_eq(cas_phrase_result_count(r), 2);
    ck_assert_str_eq(get(r, 0).quote, "1");
    ck_assert_str_eq(get(r, 0).source, "SOHR");
    ck_assert_str_eq(get(r, 1).quote, "7 (per SOHR)");
    cas_phrase_result_free(r);
    /* the fuzzer's "00[killed (per SOHR)26" (fuzz/regressions/phrase/
     * span-outcome-word-not-taken.bin): the 00 finds no outcome across the
     * "[", so its span stops at its own words and does not reach over
     * "killed", which the 26 takes, to the attribution it still has */
    r = parse(NULL, "00[killed (per SOHR)26", CAS_PHRASE_CASUALTY);
    ck_assert_uint_eq(cas_phrase_result_count(r), 2);
    ck_assert_str_eq(get(r, 0).quote, "00");
    ck_assert_str_eq(get(r, 0).outcome, "casualties");
    ck_assert_str_eq(get(r, 0).source, "SOHR");
    ck_assert_str_eq(get(r, 1).quote, "killed (per SOHR)26");
    ck_assert_str_eq(get(r, 1).outcome, "killed");
    cas_phrase_result_free(r);
    /* its own outcome word the span still reaches over */
    r = parse(NULL, "5 killed (per SOHR)", CAS_PHRASE_CASUALTY);
    ck_assert_uint_eq(cas_phrase_result_count(r), 1);
    ck_assert_str_eq(get(r, 0).quote, "5 killed (per SOHR)");
    ck_assert_str_eq(get(r, 0).source, "SOHR");
    cas_phrase_result_free(r);
}
END_TEST

/* Every corpus text and the seed article, read as each kind of field:
 * spans in order, overlapping only over shared outcome words. */
START_TEST(corpus_spans_are_ordered_and_overlap_only_on_shared_words)
{
    cas_phrase_options *o = span_options();
    size_t checked = 0, overlaps = 0;
    char *seed = tu_read_file(SEED, NULL);
    for (size_t i = 0; i <= nrows; i++) {
        const char *t = i < nrows ? rows[i].f[F_TEXT] : seed;
        if (i > 0 && i < nrows && !strcmp(t, rows[i - 1].f[F_TEXT]))
            continue;
        for (int32_t f = CAS_PHRASE_PROSE; f <= CAS_PHRASE_STRENGTH; f++) {
            cas_phrase_result *r = parse(o, t, f);
            size_t n = cas_phrase_result_count(r);
            check_invariants(r, t, strlen(t));
            check_spans(r, t, strlen(t), f, "unstated");
            for (size_t k = 1; k < n; k++)
                overlaps += get(r, k).start < get(r, k - 1).end;
            checked += n;
            cas_phrase_result_free(r);
        }
    }
    /* the property is not vacuous: lists share their outcome words */
    ck_assert_uint_gt(checked, 500);
    ck_assert_uint_gt(overlaps, 10);
    free(seed);
    cas_phrase_options_free(o);
}
END_TEST

START_TEST(empty_and_bad_arguments)
{
    cas_phrase_result *r = NULL;
    cas_phrase_claim c;
    cas_error e;
    ck_assert_int_eq(cas_phrase_parse(&r, NULL, NULL, 0, CAS_PHRASE_PROSE, NULL), CAS_OK);
    ck_assert_uint_eq(cas_phrase_result_count(r), 0);
    cas_phrase_claim_init(&c);
    ck_assert_int_eq(cas_phrase_result_get(r, 0, &c), CAS_ERR_NOT_FOUND);
    cas_phrase_result_free(r);
    r = NULL;
    cas_error_init(&e);
    ck_assert_int_eq(cas_phrase_parse(NULL, NULL, "5 killed", 8, 0, &e), CAS_ERR_ARG);
    ck_assert_int_eq(e.status, CAS_ERR_ARG);
    ck_assert_int_eq(cas_phrase_parse(&r, NULL, NULL, 3, 0, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_phrase_parse(&r, NULL, "5 killed", 8, 3, NULL), CAS_ERR_ARG);
    ck_assert_int_eq(cas_phrase_parse(&r, NULL, "5 killed", 8, -1, NULL), CAS_ERR_ARG);
    ck_assert_ptr_null(r);
    ck_assert_uint_eq(cas_phrase_result_count(NULL), 0);
    cas_phrase_result_free(NULL);
    ck_assert_int_eq(cas_phrase_result_get(NULL, 0, &c), CAS_ERR_ARG);
    r = parse(NULL, "5 killed", CAS_PHRASE_PROSE);
    c.size = 8;
    ck_assert_int_eq(cas_phrase_result_get(r, 0, &c), CAS_ERR_ARG);
    ck_assert_int_eq(cas_phrase_result_get(r, 0, NULL), CAS_ERR_ARG);
    cas_phrase_result_free(r);
    r = parse(NULL, "   \n\n<br>|", CAS_PHRASE_CASUALTY);
    ck_assert_uint_eq(cas_phrase_result_count(r), 0);
    cas_phrase_result_free(r);
}
END_TEST

START_TEST(invalid_utf8_is_an_encoding_error_with_its_offset)
{
    /* err.column is the 1-based byte offset (phrase.h) of the first byte of
     * the first sequence that is not UTF-8 */
    static const struct {
        const char *text;
        size_t len;
        int64_t column;
    } cases[] = {
#define CASE(t, col) {t, sizeof t - 1, col}
        CASE("12 killed \xE2\x80 and \xC0\xAF more", 11), /* cut short by a space */
        CASE("a\xA0", 2),                                 /* a stray continuation byte */
        CASE("\xFF 5 killed", 1),                         /* a byte that never starts one */
        CASE("5 killed \xF8\x88\x80\x80\x80", 10),        /* a five-byte form */
        CASE("5 killed \xE2\x80", 10),                    /* truncated at the end */
        CASE("5 killed \xF0\x9F\x98", 10),                /* truncated four-byte */
        CASE("5 killed \xC3", 10),                        /* a lone lead at the end */
        CASE("x\xC3"
             "A",
             2),                        /* lead, then ASCII */
        CASE("ok \xC0\xAF", 4),         /* overlong '/' in two bytes */
        CASE("ok \xC1\xBF", 4),         /* overlong in two bytes */
        CASE("ok \xE0\x80\xAF", 4),     /* overlong in three */
        CASE("ok \xF0\x80\x80\xAF", 4), /* overlong in four */
        CASE("ok \xED\xA0\x80", 4),     /* a surrogate, U+D800 */
        CASE("ok \xED\xBF\xBF", 4),     /* U+DFFF */
        CASE("ok \xF4\x90\x80\x80", 4), /* above U+10FFFF */
        CASE("ok \xF5\x80\x80\x80", 4), /* lead F5 */
        /* after multi-byte characters the column counts bytes, not
         * characters: "été " is 4 characters but 6 bytes */
        CASE("\xC3\xA9t\xC3\xA9 \xFF", 7),
        CASE("\xE2\x82\xAC\xF0\x9F\x98\x80\x80", 8), /* euro, emoji, stray byte */
        CASE("\xE2\x80\x93\xE2\x80", 4),             /* en dash, then a cut one */
        /* ASCII read eight bytes at a time: the bad byte at each offset */
        CASE("abcdefg\x80", 8),
        CASE("abcdefgh\x80", 9),
        CASE("abcdefghijklmnopq\x80rs", 18),
        CASE("abcdefghijklmnop\xE2\x80\x93"
             "abcdefghijk\xFE",
             31),
#undef CASE
    };
    static const char *const good[] = {"\xF4\x8F\xBF\xBF",
                                       "\xED\x9F\xBF",
                                       "\xEE\x80\x80",
                                       "\xE0\xA0\x80",
                                       "\xF0\x90\x80\x80",
                                       "\xC2\x80",
                                       "5 killed \xE2\x80\x93 per SOHR"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cas_phrase_result *r = NULL;
        cas_error e;
        char want[32];
        cas_error_init(&e);
        ck_assert_int_eq(cas_phrase_parse(&r, NULL, cases[i].text, cases[i].len, 0, &e),
                         CAS_ERR_ENCODING);
        ck_assert_ptr_null(r);
        ck_assert_int_eq(e.status, CAS_ERR_ENCODING);
        ck_assert_str_eq(e.field, "text");
        ck_assert_msg(e.column == cases[i].column, "case %zu: column %lld, expected %lld", i,
                      (long long)e.column, (long long)cases[i].column);
        snprintf(want, sizeof want, "at byte %lld", (long long)cases[i].column);
        ck_assert_msg(strstr(e.message, want) != NULL, "case %zu: %s", i, e.message);
    }
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        cas_phrase_result *r = NULL;
        ck_assert_int_eq(cas_phrase_parse(&r, NULL, good[i], strlen(good[i]), 0, NULL), CAS_OK);
        cas_phrase_result_free(r);
    }
}
END_TEST

/* A decoder written the other way round (code point, then its limits), to
 * check the parser's column on random bytes: the offset of the first bad
 * sequence, or @len. */
static size_t ref_first_bad(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        if ((s[i] & 0xE0) == 0xC0) {
            n = 2;
            cp = s[i] & 0x1Fu;
        } else if ((s[i] & 0xF0) == 0xE0) {
            n = 3;
            cp = s[i] & 0x0Fu;
        } else if ((s[i] & 0xF8) == 0xF0) {
            n = 4;
            cp = s[i] & 0x07u;
        } else {
            return i;
        }
        if (len - i < n)
            return i;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = cp << 6 | (s[i + k] & 0x3Fu);
        }
        if (cp < (n == 2   ? 0x80u
                  : n == 3 ? 0x800u
                           : 0x10000u) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n;
    }
    return len;
}

/* xorshift, for deterministic random inputs */
static uint64_t rng_state;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

START_TEST(random_bytes_name_the_first_bad_byte)
{
    unsigned char buf[64];
    size_t bad_seen = 0;
    rng_state = 0xA0761D6478BD642Fu ^ (uint64_t)_i;
    for (int iter = 0; iter < 20000; iter++) {
        size_t len = 1 + rng() % sizeof buf, bad;
        cas_phrase_result *r = NULL;
        cas_error e;
        cas_status st;
        for (size_t k = 0; k < len; k++) {
            /* ASCII, valid characters, and bytes near the edges of UTF-8 */
            static const unsigned char edge[] = {0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                                 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED,
                                                 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
            uint64_t x = rng();
            buf[k] = x % 4 ? (unsigned char)(0x20 + (x >> 8) % 95) : edge[(x >> 8) % sizeof edge];
        }
        bad = ref_first_bad(buf, len);
        cas_error_init(&e);
        st = cas_phrase_parse(&r, NULL, (const char *)buf, len, (int32_t)(iter % 3), &e);
        if (bad == len) {
            ck_assert_int_eq(st, CAS_OK);
            cas_phrase_result_free(r);
        } else {
            ck_assert_int_eq(st, CAS_ERR_ENCODING);
            ck_assert_ptr_null(r);
            ck_assert_int_eq(e.column, (int64_t)bad + 1);
            bad_seen++;
        }
    }
    ck_assert_uint_gt(bad_seen, 1000);
}
END_TEST

START_TEST(text_over_the_cap_is_refused)
{
    size_t n = CAS_PHRASE_MAX_BYTES + 1;
    char *big = malloc(n);
    cas_phrase_result *r = NULL;
    ck_assert_ptr_nonnull(big);
    memset(big, 'a', n);
    ck_assert_int_eq(cas_phrase_parse(&r, NULL, big, n, 0, NULL), CAS_ERR_TOO_LONG);
    ck_assert_ptr_null(r);
    /* exactly at the cap is fine */
    memcpy(big + n - 1 - 9, "5 killed.", 9);
    ck_assert_int_eq(cas_phrase_parse(&r, NULL, big, n - 1, 0, NULL), CAS_OK);
    cas_phrase_result_free(r);
    free(big);
}
END_TEST

START_TEST(a_mebibyte_of_digits_is_no_claim)
{
    size_t n = 1 << 20;
    char *d = malloc(n + 16);
    cas_phrase_result *r = NULL;
    ck_assert_ptr_nonnull(d);
    memset(d, '9', n);
    memcpy(d + n, " killed", 8);
    ck_assert_int_eq(cas_phrase_parse(&r, NULL, d, n + 7, CAS_PHRASE_CASUALTY, NULL), CAS_OK);
    ck_assert_uint_eq(cas_phrase_result_count(r), 0);
    cas_phrase_result_free(r);
    /* digits with separators and a decimal point, too */
    for (size_t i = 0; i < n; i++)
        d[i] = (i % 4 == 1) ? ',' : (i % 997 == 3) ? '.' : '7';
    ck_assert_int_eq(cas_phrase_parse(&r, NULL, d, n + 7, CAS_PHRASE_CASUALTY, NULL), CAS_OK);
    check_invariants(r, d, n + 7);
    cas_phrase_result_free(r);
    free(d);
}
END_TEST

START_TEST(overflow_is_never_a_wrapped_count)
{
    static const char *const none[] = {
        "99999999999999999999 killed",
        "9223372036854775808 killed",
        "more than 9223372036854775807 killed",
        "about 9223372036854775807 killed",
        "9223372036854775807 billion killed",
        "9.3 billion billion killed",
        "10,000,000,000,000,000,000 killed",
        "1.5 killed",
        "1.700 killed",
        "hundreds of billions of billions killed",
    };
    static const char *const not_counts[] = {
        "No. 3 killed",
        "\xC2\xA3"
        "5 million killed",
        "\xE2\x82\xAC"
        "5 killed",
        "$5 killed",
        "2pm killed",
        "14:30 killed",
        "26/03 killed",
        "a 24-hour curfew killed",
        "the 1990s killed",
        "F-16 killed",
        "aged 5 killed",
    };
    cas_phrase_claim c;
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        cas_phrase_result *r = parse(NULL, none[i], CAS_PHRASE_CASUALTY);
        for (size_t k = 0; k < cas_phrase_result_count(r); k++) {
            cas_phrase_claim x = get(r, k);
            ck_assert_msg(x.low >= 0 && (x.high == CAS_OPEN || x.high >= x.low),
                          "'%s' wrapped to [%lld, %lld]", none[i], (long long)x.low,
                          (long long)x.high);
        }
        ck_assert_msg(cas_phrase_result_count(r) == 0, "'%s' gave a claim", none[i]);
        cas_phrase_result_free(r);
    }
    for (size_t i = 0; i < sizeof not_counts / sizeof not_counts[0]; i++) {
        cas_phrase_result *r = parse(NULL, not_counts[i], CAS_PHRASE_PROSE);
        ck_assert_msg(cas_phrase_result_count(r) == 0, "'%s' gave a claim", not_counts[i]);
        cas_phrase_result_free(r);
    }
    c = one(NULL, "9223372036854775807 killed", CAS_PHRASE_CASUALTY);
    ck_assert_int_eq(c.low, INT64_MAX);
    c = one(NULL, "at least 9223372036854775807 killed", CAS_PHRASE_CASUALTY);
    ck_assert_int_eq(c.low, INT64_MAX);
    ck_assert_int_eq(c.high, CAS_OPEN);
}
END_TEST

START_TEST(nested_parentheses_and_long_sentences)
{
    size_t n = 300000, i;
    char *t = malloc(2 * n + 64);
    cas_phrase_result *r = NULL;
    ck_assert_ptr_nonnull(t);
    for (i = 0; i < n; i++)
        t[i] = '(';
    memcpy(t + n, "5 killed (per SOHR)", 19);
    for (i = 0; i < n; i++)
        t[n + 19 + i] = ')';
    ck_assert_int_eq(cas_phrase_parse(&r, NULL, t, 2 * n + 19, CAS_PHRASE_CASUALTY, NULL), CAS_OK);
    check_invariants(r, t, 2 * n + 19);
    cas_phrase_result_free(r);
    /* one "sentence" of 100,000 figures */
    for (i = 0; i + 9 < 2 * n; i += 9)
        memcpy(t + i, "5 killed ", 9);
    ck_assert_int_eq(cas_phrase_parse(&r, NULL, t, i, CAS_PHRASE_PROSE, NULL), CAS_OK);
    ck_assert_uint_eq(cas_phrase_result_count(r), i / 9);
    check_invariants(r, t, i);
    cas_phrase_result_free(r);
    free(t);
}
END_TEST

START_TEST(nul_bytes_act_as_line_breaks)
{
    static const char t[] = "5 killed\0 7 wounded";
    cas_phrase_result *r = NULL;
    ck_assert_int_eq(cas_phrase_parse(&r, NULL, t, sizeof t - 1, CAS_PHRASE_CASUALTY, NULL),
                     CAS_OK);
    ck_assert_uint_eq(cas_phrase_result_count(r), 2);
    ck_assert_str_eq(get(r, 1).outcome, "wounded");
    cas_phrase_result_free(r);
}
END_TEST

/* A deterministic generator (xorshift) of text made of the pieces the
 * parser cares about, in any order: every parse must succeed and every
 * claim must hold the invariants. */

START_TEST(random_text_keeps_the_invariants)
{
    static const char *const pieces[] = {
        "5",
        "1,700",
        "1 700",
        "2.3k",
        "1.5",
        "million",
        "dozens",
        "of",
        "at least",
        "+",
        "-",
        "\xE2\x80\x93",
        "~",
        "c.",
        "est.",
        "(",
        ")",
        "[1]",
        "[a]",
        "<br>",
        "<ref>x</ref>",
        "|",
        "killed",
        "wounded",
        "civilians",
        "soldiers",
        "by",
        "gunmen",
        "according to",
        "SOHR",
        "said",
        "per",
        "estimate",
        "'s",
        "claim",
        ",",
        ".",
        ";",
        "and",
        "between",
        "to",
        "March",
        "2025",
        "%",
        "p.m.",
        "\xC3\xA9t\xC3\xA9",
        "\xE2\x80\x99",
        "\"",
        "nearly",
        "about",
        "twenty-one",
        "a dozen",
        "hundred",
        "thousands",
        "of",
        "including",
        "were",
        "\n",
        " ",
        "{{",
        "}}",
        "[[",
        "]]",
        "&nbsp;",
        "&ndash;",
        "99999999999999999999",
        "0",
        "the",
        "\xF0\x9F\x98\x80",
        "62nd",
        "Mi-24",
        "22px",
        "1977",
        "kill",
        "3",
        "(per SOHR)",
    };
    size_t np = sizeof pieces / sizeof pieces[0];
    char buf[4096];
    cas_phrase_options *o = span_options();
    rng_state = 0x9E3779B97F4A7C15u ^ (uint64_t)_i;
    for (int iter = 0; iter < 200; iter++) {
        size_t len = 0, want = 1 + rng() % 120;
        cas_phrase_result *r = NULL;
        cas_error e;
        for (size_t k = 0; k < want; k++) {
            const char *p = pieces[rng() % np];
            size_t pl = strlen(p);
            if (len + pl + 1 >= sizeof buf)
                break;
            memcpy(buf + len, p, pl);
            len += pl;
            if (rng() % 3)
                buf[len++] = ' ';
        }
        cas_error_init(&e);
        for (int32_t f = 0; f <= 2; f++) {
            ck_assert_msg(cas_phrase_parse(&r, NULL, buf, len, f, &e) == CAS_OK, "%s", e.message);
            check_invariants(r, buf, len);
            cas_phrase_result_free(r);
            ck_assert_msg(cas_phrase_parse(&r, o, buf, len, f, &e) == CAS_OK, "%s", e.message);
            check_spans(r, buf, len, f, "unstated");
            cas_phrase_result_free(r);
        }
    }
    cas_phrase_options_free(o);
}
END_TEST

START_TEST(random_bytes_are_ok_or_an_encoding_error)
{
    char buf[512];
    rng_state = 0xD1B54A32D192ED03u ^ (uint64_t)_i;
    for (int iter = 0; iter < 300; iter++) {
        size_t len = rng() % sizeof buf;
        cas_phrase_result *r = NULL;
        cas_status st;
        for (size_t k = 0; k < len; k++) {
            /* mostly ASCII, some high bytes */
            uint64_t x = rng();
            buf[k] = (char)(x % 5 ? 0x20 + x % 95 : 0x80 + (x >> 8) % 128);
        }
        st = cas_phrase_parse(&r, NULL, buf, len, (int32_t)(iter % 3), NULL);
        ck_assert(st == CAS_OK || st == CAS_ERR_ENCODING);
        if (st == CAS_OK) {
            check_invariants(r, buf, len);
            cas_phrase_result_free(r);
        } else {
            ck_assert_ptr_null(r);
        }
    }
}
END_TEST

/* ---- issue 18: forms seen on real text ---- */

/* The one claim of @text (prose), or abort when it gives another count. */
static void first_is(const char *text, int32_t field, int64_t low, int64_t high, int64_t best,
                     int32_t qual, const char *outcome, const char *grp)
{
    cas_phrase_result *r = parse(NULL, text, field);
    cas_phrase_claim c;
    ck_assert_msg(cas_phrase_result_count(r) >= 1, "no claim in '%s'", text);
    c = get(r, 0);
    expect(&c, low, high, best, qual, outcome, grp, "");
    cas_phrase_result_free(r);
}

START_TEST(real_verb_first_and_other_verbs)
{
    cas_phrase_result *r =
        parse(NULL, "the airstrike killed 52 IS fighters and 4 civilians", CAS_PHRASE_PROSE);
    cas_phrase_claim c;
    ck_assert_uint_eq(cas_phrase_result_count(r), 2);
    c = get(r, 0);
    expect(&c, 52, 52, 52, CAS_QUAL_EXACT, "killed", "combatants", "");
    c = get(r, 1);
    expect(&c, 4, 4, 4, CAS_QUAL_EXACT, "killed", "civilians", "");
    cas_phrase_result_free(r);
    first_is("Seventy-one U.S. troops died", CAS_PHRASE_PROSE, 71, 71, 71, CAS_QUAL_EXACT, "killed",
             "combatants/government/army");
    first_is("the army lost 3,825 troops", CAS_PHRASE_PROSE, 3825, 3825, 3825, CAS_QUAL_EXACT,
             "killed", "combatants/government/army");
    first_is("the documented death of 4075people", CAS_PHRASE_PROSE, 4075, 4075, 4075,
             CAS_QUAL_EXACT, "killed", "");
    first_is("a total of 343 'terrorists' have been eliminated", CAS_PHRASE_PROSE, 343, 343, 343,
             CAS_QUAL_EXACT, "killed", "");
    first_is("42 people, mainly civilians, were killed", CAS_PHRASE_PROSE, 42, 42, 42,
             CAS_QUAL_EXACT, "killed", "");
}
END_TEST

START_TEST(real_labels_headings_and_trailing_hedges)
{
    cas_phrase_result *r =
        parse(NULL, "The death toll is as follows:\nCivilians: 832\nDefected soldiers: 6\n",
              CAS_PHRASE_PROSE);
    cas_phrase_claim c;
    ck_assert_uint_eq(cas_phrase_result_count(r), 2);
    c = get(r, 0);
    expect(&c, 832, 832, 832, CAS_QUAL_EXACT, "killed", "civilians", "");
    ck_assert_str_eq(c.quote, "Civilians: 832");
    c = get(r, 1);
    expect(&c, 6, 6, 6, CAS_QUAL_EXACT, "killed", "combatants/government/army", "");
    cas_phrase_result_free(r);
    /* no heading: a bare label line in prose is no claim */
    r = parse(NULL, "Fighters from Hezbollah: 838", CAS_PHRASE_PROSE);
    ck_assert_uint_eq(cas_phrase_result_count(r), 0);
    cas_phrase_result_free(r);
    r = parse(NULL, "Killed: 315\nWounded: 812", CAS_PHRASE_PROSE);
    ck_assert_uint_eq(cas_phrase_result_count(r), 2);
    c = get(r, 1);
    expect(&c, 812, 812, 812, CAS_QUAL_EXACT, "wounded", "", "");
    cas_phrase_result_free(r);
    first_is("Casualties1:27 killed[2]", CAS_PHRASE_CASUALTY, 27, 27, 27, CAS_QUAL_EXACT, "killed",
             "");
    first_is("33 casualties at least", CAS_PHRASE_CASUALTY, 33, CAS_OPEN, CAS_NONE,
             CAS_QUAL_AT_LEAST, "casualties", "");
    first_is("264 children at least were killed", CAS_PHRASE_PROSE, 264, CAS_OPEN, CAS_NONE,
             CAS_QUAL_AT_LEAST, "killed", "civilians/children");
    /* "at least" before the next figure stays its hedge */
    r = parse(NULL, "3 killed at least 5 wounded", CAS_PHRASE_PROSE);
    ck_assert_uint_eq(cas_phrase_result_count(r), 2);
    c = get(r, 0);
    ck_assert_int_eq(c.qualifier, CAS_QUAL_EXACT);
    c = get(r, 1);
    ck_assert_int_eq(c.qualifier, CAS_QUAL_AT_LEAST);
    cas_phrase_result_free(r);
    /* a clock time is still no count */
    r = parse(NULL, "at 14:30 5 killed", CAS_PHRASE_PROSE);
    ck_assert_uint_eq(cas_phrase_result_count(r), 1);
    ck_assert_int_eq(get(r, 0).number, 5);
    cas_phrase_result_free(r);
}
END_TEST

/* No casualty claim in @text (prose). */
static void none_in(const char *text)
{
    cas_phrase_result *r = parse(NULL, text, CAS_PHRASE_PROSE);
    ck_assert_msg(cas_phrase_result_count(r) == 0, "%zu claims in '%s'", cas_phrase_result_count(r),
                  text);
    cas_phrase_result_free(r);
}

/* The development corpus's second round (tests/data/phrases/dev.tsv). */
START_TEST(real_corpus_second_round)
{
    const char *incl = "up to 30 civilians, including 16 members of a single family who were "
                       "returning from a baptism, lost their lives";
    cas_phrase_result *r = parse(NULL, incl, CAS_PHRASE_PROSE);
    cas_phrase_claim c;
    ck_assert_uint_eq(cas_phrase_result_count(r), 2);
    c = get(r, 0);
    expect(&c, 0, 30, CAS_NONE, CAS_QUAL_UP_TO, "killed", "civilians", "");
    c = get(r, 1);
    expect(&c, 16, 16, 16, CAS_QUAL_EXACT, "killed", "", "");
    check_invariants(r, incl, strlen(incl));
    cas_phrase_result_free(r);

    first_is("at least 13 and as many as 46 civilians from 'ISIS families' - including "
             "children and women - were killed",
             CAS_PHRASE_PROSE, 13, 46, CAS_NONE, CAS_QUAL_RANGE, "killed", "civilians");
    first_is("the death toll resulting from an air strike on the village of Pa Zi Gyi has now "
             "climbed to at least 170.",
             CAS_PHRASE_PROSE, 170, CAS_OPEN, CAS_NONE, CAS_QUAL_AT_LEAST, "killed", "");
    first_is("Deaths from Myanmar military government's air strike surpass 170", CAS_PHRASE_PROSE,
             171, CAS_OPEN, CAS_NONE, CAS_QUAL_MORE_THAN, "killed", "");
    first_is("Unknown (minimum 5,000 killed)", CAS_PHRASE_CASUALTY, 5000, CAS_OPEN, CAS_NONE,
             CAS_QUAL_AT_LEAST, "killed", "");
    first_is("More than dozen killed in eastern DR Congo rebel attack", CAS_PHRASE_PROSE, 13,
             CAS_OPEN, CAS_NONE, CAS_QUAL_MORE_THAN, "killed", "");
    first_is("the charred bodies of seven people were found abandoned in a van", CAS_PHRASE_PROSE,
             7, 7, 7, CAS_QUAL_EXACT, "killed", "");
    first_is("The Pakistan Army has \xE2\x80\x9Cneutralised\xE2\x80\x9D 11 terrorists who were "
             "involved in the attack",
             CAS_PHRASE_PROSE, 11, 11, 11, CAS_QUAL_EXACT, "killed", "combatants/insurgents");
    first_is("More than a hundred people \xE2\x80\x93 civilians and soldiers \xE2\x80\x93 have "
             "died in the past two weeks.",
             CAS_PHRASE_PROSE, 101, CAS_OPEN, CAS_NONE, CAS_QUAL_MORE_THAN, "killed", "");
    first_is("two Israeli settlers, including a 16-year-old child, were killed", CAS_PHRASE_PROSE,
             2, 2, 2, CAS_QUAL_EXACT, "killed", "");
    first_is("Seven others, from one family, were killed in an air raid", CAS_PHRASE_PROSE, 7, 7, 7,
             CAS_QUAL_EXACT, "killed", "");
    first_is("264 children at least under the age of eighteen were killed", CAS_PHRASE_PROSE, 264,
             CAS_OPEN, CAS_NONE, CAS_QUAL_AT_LEAST, "killed", "civilians/children");
    first_is("323 civilians, soldiers, and rebels were killed", CAS_PHRASE_PROSE, 323, 323, 323,
             CAS_QUAL_EXACT, "killed", "civilians");
    first_is("In May 1994, Radio Muhabura talked about 500,000 persons killed", CAS_PHRASE_PROSE,
             500000, 500000, 500000, CAS_QUAL_EXACT, "killed", "");
    first_is("a deadly drone attack on November 30 killed five civilians", CAS_PHRASE_PROSE, 5, 5,
             5, CAS_QUAL_EXACT, "killed", "civilians");
    first_is("More than 24,000 people from 4,870 households have been displaced", CAS_PHRASE_PROSE,
             24001, CAS_OPEN, CAS_NONE, CAS_QUAL_MORE_THAN, "displaced", "");
    first_is("there have been 2,115 homicides in the region", CAS_PHRASE_PROSE, 2115, 2115, 2115,
             CAS_QUAL_EXACT, "killed", "");
    none_in("relocated more than 150 refugees from the Ain Zara detention centre");
    none_in("Fifteen automatic rifles including 10 AK-47 of the security forces are missing");
    none_in("another 12 people are feared buried under debris");
}
END_TEST

START_TEST(real_several_claims_and_hostile_numbers)
{
    cas_phrase_result *r = parse(
        NULL, "4,700 soldiers and militiamen and 2,000 supporters captured", CAS_PHRASE_PROSE);
    cas_phrase_claim c;
    ck_assert_uint_eq(cas_phrase_result_count(r), 2);
    c = get(r, 0);
    expect(&c, 4700, 4700, 4700, CAS_QUAL_EXACT, "captured", "combatants/government/army", "");
    c = get(r, 1);
    expect(&c, 2000, 2000, 2000, CAS_QUAL_EXACT, "captured", "", "");
    cas_phrase_result_free(r);
    first_is("1&shy;700 killed", CAS_PHRASE_PROSE, 1700, 1700, 1700, CAS_QUAL_EXACT, "killed", "");
    first_is("1\xE2\x80\x8B"
             "700 killed",
             CAS_PHRASE_PROSE, 1700, 1700, 1700, CAS_QUAL_EXACT, "killed", "");
    first_is("1\xC2\xAD"
             "700 killed",
             CAS_PHRASE_PROSE, 1700, 1700, 1700, CAS_QUAL_EXACT, "killed", "");
    r = parse(NULL, "1,5 million killed", CAS_PHRASE_PROSE);
    ck_assert_uint_eq(cas_phrase_result_count(r), 1);
    c = get(r, 0);
    expect(&c, 1500000, 1500000, 1500000, CAS_QUAL_EXACT, "killed", "", "");
    cas_phrase_result_free(r);
    first_is("nine quintillion killed", CAS_PHRASE_PROSE, INT64_C(9000000000000000000),
             INT64_C(9000000000000000000), INT64_C(9000000000000000000), CAS_QUAL_EXACT, "killed",
             "");
    /* too large for 64 bits: no claim, never a smaller number */
    r = parse(NULL, "ten quintillion killed, two sextillion killed", CAS_PHRASE_PROSE);
    ck_assert_uint_eq(cas_phrase_result_count(r), 0);
    cas_phrase_result_free(r);
    /* things are not people */
    r = parse(NULL, "one attack which killed up to 50 people", CAS_PHRASE_PROSE);
    ck_assert_uint_eq(cas_phrase_result_count(r), 1);
    c = get(r, 0);
    expect(&c, 0, 50, CAS_NONE, CAS_QUAL_UP_TO, "killed", "", "");
    cas_phrase_result_free(r);
}
END_TEST

static Suite *phrase_suite(void)
{
    Suite *s = suite_create("phrase");
    TCase *tc = tcase_create("seed");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, seed_infobox_315_killed_per_sohr);
    tcase_add_test(tc, seed_infobox_219_killed_per_snhr);
    tcase_add_test(tc, seed_infobox_200_killed_per_sohr_is_a_list_bullet);
    tcase_add_test(tc, seed_infobox_1700_civilians_per_sohr);
    tcase_add_test(tc, seed_infobox_823_civilians_snhr_estimate);
    tcase_add_test(tc, seed_infobox_strength_is_not_a_casualty);
    tcase_add_test(tc, seed_infobox_units_strength1_and_date_hold_no_count);
    tcase_add_test(tc, seed_over_1000_alawites_is_a_floor);
    tcase_add_test(tc, seed_nearly_400_security_personnel);
    tcase_add_test(tc, seed_dozens_of_civilians);
    tcase_add_test(tc, seed_hundreds_of_civilian_casualties);
    tcase_add_test(tc, seed_48_killed_in_jableh_per_sohr);
    tcase_add_test(tc, seed_at_least_10_security_captured);
    tcase_add_test(tc, seed_one_security_member_killed);
    tcase_add_test(tc, seed_two_wounded_inherit_the_group);
    tcase_add_test(tc, seed_at_least_16_security_personnel);
    tcase_add_test(tc, seed_and_four_civilians_share_the_floor);
    tcase_add_test(tc, seed_dozens_of_fighters_killed_or_wounded);
    tcase_add_test(tc, seed_at_least_35_pro_government_fighters);
    tcase_add_test(tc, seed_32_pro_assad_gunmen);
    tcase_add_test(tc, seed_four_civilians_also_killed_per_sohr);
    tcase_add_test(tc, seed_164_civilians_per_snhr_6_to_8_march);
    tcase_add_test(tc, seed_26_civilians_killed_by_loyalists);
    tcase_add_test(tc, seed_121_police_members);
    tcase_add_test(tc, seed_more_than_700_alawite_civilians_per_sohr);
    tcase_add_test(tc, seed_9_soldiers_on_12_march);
    tcase_add_test(tc, seed_perpetrators_by_and_subject);
    tcase_add_test(tc, seed_prose_has_no_other_claims);
    suite_add_tcase(s, tc);

    tc = tcase_create("real");
    tcase_add_test(tc, real_verb_first_and_other_verbs);
    tcase_add_test(tc, real_labels_headings_and_trailing_hedges);
    tcase_add_test(tc, real_several_claims_and_hostile_numbers);
    tcase_add_test(tc, real_corpus_second_round);
    suite_add_tcase(s, tc);
    tc = tcase_create("corpus");
    tcase_add_test(tc, corpus_loads_and_covers_the_hedge_table);
    tcase_add_loop_test(tc, corpus_phrasing, 0, (int)ngroups);
    suite_add_tcase(s, tc);

    tc = tcase_create("tables");
    tcase_add_test(tc, design_table_rows);
    tcase_add_test(tc, acled_preset_floors);
    tcase_add_test(tc, override_replace_extend_remove_clear);
    tcase_add_test(tc, bad_hedges_are_rejected_and_change_nothing);
    tcase_add_test(tc, options_new_errors);
    tcase_add_test(tc, lexicon_is_data_the_caller_extends);
    tcase_add_test(tc, known_sources_and_attribution_forms);
    tcase_add_test(tc, defaults_year_and_distribution);
    tcase_add_test(tc, result_fills_a_ledger_claim);
    suite_add_tcase(s, tc);

    tc = tcase_create("robustness");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, empty_and_bad_arguments);
    tcase_add_test(tc, invalid_utf8_is_an_encoding_error_with_its_offset);
    tcase_add_loop_test(tc, random_bytes_name_the_first_bad_byte, 0, 2);
    tcase_add_test(tc, spans_of_a_parenthesised_figure_do_not_overlap);
    tcase_add_test(tc, corpus_spans_are_ordered_and_overlap_only_on_shared_words);
    tcase_add_test(tc, text_over_the_cap_is_refused);
    tcase_add_test(tc, a_mebibyte_of_digits_is_no_claim);
    tcase_add_test(tc, overflow_is_never_a_wrapped_count);
    tcase_add_test(tc, nested_parentheses_and_long_sentences);
    tcase_add_test(tc, nul_bytes_act_as_line_breaks);
    tcase_add_loop_test(tc, random_text_keeps_the_invariants, 0, 8);
    tcase_add_loop_test(tc, random_bytes_are_ok_or_an_encoding_error, 0, 4);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    int rc;
    load_corpus();
    rc = tu_run(phrase_suite());
    free(rows);
    free(groups);
    free(corpus_buf);
    return rc;
}
