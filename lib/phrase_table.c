/* SPDX-License-Identifier: MIT */
/* The claim-phrase parser's data: hedge tables (the "default" and "acled"
 * presets), the outcome and group lexicon, known sources, and the options
 * handle that lets a caller change all of them. docs/phrases.md lists the
 * tables in prose; keep the two in step. */
#include "phrase_internal.h"
#include "sized_internal.h"
#include "alloc_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define H(p, pos, rule, q, lo, hi, best)                                                           \
    {                                                                                              \
        p, (uint32_t)(sizeof(p) - 1), 0, pos, rule, q, 0, lo, hi, best                             \
    }
#define B(p, rule, q) H(p, CAS_HEDGE_BEFORE, rule, q, 0, CAS_OPEN, CAS_NONE)
#define A(p, rule, q) H(p, CAS_HEDGE_AFTER, rule, q, 0, CAS_OPEN, CAS_NONE)
#define W(p, lo, hi, best) H(p, CAS_HEDGE_WORD, CAS_HEDGE_FIXED, CAS_QUAL_VAGUE, lo, hi, best)

/* docs/model.md section 3, plus the common spellings of each row. The WORD
 * rows come last: the "acled" preset swaps them for its own. */
static const cas__hedge default_hedges[] = {
    B("at least", CAS_HEDGE_AT_LEAST, CAS_QUAL_AT_LEAST),
    B("at the very least", CAS_HEDGE_AT_LEAST, CAS_QUAL_AT_LEAST),
    B("a minimum of", CAS_HEDGE_AT_LEAST, CAS_QUAL_AT_LEAST),
    B("no fewer than", CAS_HEDGE_AT_LEAST, CAS_QUAL_AT_LEAST),
    B("no less than", CAS_HEDGE_AT_LEAST, CAS_QUAL_AT_LEAST),
    B("minimum", CAS_HEDGE_AT_LEAST, CAS_QUAL_AT_LEAST),
    B("not less than", CAS_HEDGE_AT_LEAST, CAS_QUAL_AT_LEAST),
    B("+", CAS_HEDGE_AT_LEAST, CAS_QUAL_AT_LEAST),
    B(">=", CAS_HEDGE_AT_LEAST, CAS_QUAL_AT_LEAST),
    B("\xE2\x89\xA5", CAS_HEDGE_AT_LEAST, CAS_QUAL_AT_LEAST), /* U+2265 */
    A("+", CAS_HEDGE_AT_LEAST, CAS_QUAL_AT_LEAST),
    A("or more", CAS_HEDGE_AT_LEAST, CAS_QUAL_AT_LEAST),
    A("plus", CAS_HEDGE_AT_LEAST, CAS_QUAL_AT_LEAST),
    A("and more", CAS_HEDGE_AT_LEAST, CAS_QUAL_AT_LEAST),
    B("more than", CAS_HEDGE_MORE_THAN, CAS_QUAL_MORE_THAN),
    B("well over", CAS_HEDGE_MORE_THAN, CAS_QUAL_MORE_THAN),
    B("over", CAS_HEDGE_MORE_THAN, CAS_QUAL_MORE_THAN),
    B("upwards of", CAS_HEDGE_MORE_THAN, CAS_QUAL_MORE_THAN),
    B("upward of", CAS_HEDGE_MORE_THAN, CAS_QUAL_MORE_THAN),
    B("in excess of", CAS_HEDGE_MORE_THAN, CAS_QUAL_MORE_THAN),
    B("greater than", CAS_HEDGE_MORE_THAN, CAS_QUAL_MORE_THAN),
    B("exceeding", CAS_HEDGE_MORE_THAN, CAS_QUAL_MORE_THAN),
    B("exceeded", CAS_HEDGE_MORE_THAN, CAS_QUAL_MORE_THAN),
    B("exceeds", CAS_HEDGE_MORE_THAN, CAS_QUAL_MORE_THAN),
    B("surpassed", CAS_HEDGE_MORE_THAN, CAS_QUAL_MORE_THAN),
    B("surpasses", CAS_HEDGE_MORE_THAN, CAS_QUAL_MORE_THAN),
    B("surpass", CAS_HEDGE_MORE_THAN, CAS_QUAL_MORE_THAN),
    B("above", CAS_HEDGE_MORE_THAN, CAS_QUAL_MORE_THAN),
    B(">", CAS_HEDGE_MORE_THAN, CAS_QUAL_MORE_THAN),
    B("nearly", CAS_HEDGE_NEARLY, CAS_QUAL_NEARLY),
    B("almost", CAS_HEDGE_NEARLY, CAS_QUAL_NEARLY),
    B("close to", CAS_HEDGE_NEARLY, CAS_QUAL_NEARLY),
    B("just under", CAS_HEDGE_NEARLY, CAS_QUAL_NEARLY),
    B("just below", CAS_HEDGE_NEARLY, CAS_QUAL_NEARLY),
    B("just short of", CAS_HEDGE_NEARLY, CAS_QUAL_NEARLY),
    B("approaching", CAS_HEDGE_NEARLY, CAS_QUAL_NEARLY),
    B("about", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    B("around", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    B("approximately", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    B("approx.", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    B("roughly", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    B("some", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    B("c.", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    B("ca.", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    B("circa", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    B("~", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    B("\xE2\x89\x88", CAS_HEDGE_APPROX, CAS_QUAL_APPROX), /* U+2248 */
    B("est.", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    B("estimated", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    B("an estimated", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    B("an approximate", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    A("or so", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    A("(est.)", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    A("est.", CAS_HEDGE_APPROX, CAS_QUAL_APPROX),
    B("up to", CAS_HEDGE_UP_TO, CAS_QUAL_UP_TO),
    B("as many as", CAS_HEDGE_UP_TO, CAS_QUAL_UP_TO),
    B("at most", CAS_HEDGE_UP_TO, CAS_QUAL_UP_TO),
    B("no more than", CAS_HEDGE_UP_TO, CAS_QUAL_UP_TO),
    B("not more than", CAS_HEDGE_UP_TO, CAS_QUAL_UP_TO),
    B("a maximum of", CAS_HEDGE_UP_TO, CAS_QUAL_UP_TO),
    B("fewer than", CAS_HEDGE_LESS_THAN, CAS_QUAL_UP_TO),
    B("less than", CAS_HEDGE_LESS_THAN, CAS_QUAL_UP_TO),
    A("or fewer", CAS_HEDGE_UP_TO, CAS_QUAL_UP_TO),
    A("or less", CAS_HEDGE_UP_TO, CAS_QUAL_UP_TO),
    /* vague words: the default preset */
    W("a few", 2, 5, CAS_NONE),
    W("a handful", 2, 5, CAS_NONE),
    W("several", 3, 9, CAS_NONE),
    W("tens", 20, 99, CAS_NONE),
    W("dozens", 24, 99, CAS_NONE),
    W("scores", 40, 99, CAS_NONE),
    W("hundreds", 200, 999, CAS_NONE),
    W("thousands", 2000, 9999, CAS_NONE),
    W("millions", 2000000, 9999999, CAS_NONE),
};

/* ACLED codes "tens" as 10, "dozens" as 12, "hundreds" as 100 "and so on"
 * (ACLED, "Fatalities", FAQ), and "several" as 3 (seen in its notes:
 * "Several Taliban militants (coded as three)"). Each is a floor here. */
static const cas__hedge acled_words[] = {
    W("a few", 2, CAS_OPEN, 2),
    W("a handful", 2, CAS_OPEN, 2),
    W("several", 3, CAS_OPEN, 3),
    W("tens", 10, CAS_OPEN, 10),
    W("dozens", 12, CAS_OPEN, 12),
    W("scores", 40, CAS_OPEN, 40),
    W("hundreds", 100, CAS_OPEN, 100),
    W("thousands", 1000, CAS_OPEN, 1000),
    W("millions", 1000000, CAS_OPEN, 1000000),
};

#define T(p, kind, path)                                                                           \
    {                                                                                              \
        p, path, (uint32_t)(sizeof(p) - 1), 0, kind                                                \
    }
#define O(p, path) T(p, CAS_TERM_OUTCOME, path)
#define G(p, path) T(p, CAS_TERM_GROUP, path)

static const cas__term default_terms[] = {
    /* outcomes */
    O("killed", "killed"),
    O("dead", "killed"),
    O("died", "killed"),
    O("die", "killed"),
    O("dies", "killed"),
    O("death", "killed"),
    O("deaths", "killed"),
    O("fatalities", "killed"),
    O("fatality", "killed"),
    O("killing", "killed"),
    O("killings", "killed"),
    O("slain", "killed"),
    O("perished", "killed"),
    O("murdered", "killed"),
    O("executed", "killed"),
    O("massacred", "killed"),
    O("martyred", "killed"),
    O("martyrs", "killed"),
    O("bodies", "killed"),
    O("lives", "killed"),
    O("lost their lives", "killed"),
    O("death toll", "killed"),
    O("toll", "killed"),
    O("killed in action", "killed"),
    O("kia", "killed"),
    O("fatally wounded", "killed"),
    O("fatally injured", "killed"),
    O("fatally shot", "killed"),
    O("kill", "killed"),
    O("kills", "killed"),
    O("massacre", "killed"),
    O("fallen", "killed"),
    O("neutralized", "killed"),
    O("neutralised", "killed"),
    O("eliminated", "killed"),
    O("liquidated", "killed"),
    O("execution", "killed"),
    O("executions", "killed"),
    O("lost", "killed"),
    O("lost in action", "killed"),
    O("died due to torture", "killed"),
    /* seen on real text (issue 18's development corpus) */
    O("liquidation", "killed"),
    O("martyrdom", "killed"),
    O("homicides", "killed"),
    O("murders", "killed"),
    O("gunned down", "killed"),
    O("gun down", "killed"),
    O("shot dead", "killed"),
    O("corpses", "killed"),
    O("buried", "killed"),
    O("sent to hell", "killed"),
    O("neutralization", "killed"),
    O("neutralisation", "killed"),
    O("among the victims", "killed"),
    /* Italian infobox words ("179 morti, 498+ feriti") */
    O("morti", "killed"),
    O("uccisi", "killed"),
    O("feriti", "wounded"),
    O("catturati", "captured"),
    O("prigionieri", "captured"),
    O("dispersi", "missing"),
    O("wounded", "wounded"),
    O("injured", "wounded"),
    O("injuries", "wounded"),
    O("hurt", "wounded"),
    O("injury", "wounded"),
    O("wounding", "wounded"),
    O("injuring", "wounded"),
    O("wounded in action", "wounded"),
    O("wia", "wounded"),
    O("casualties", "casualties"),
    O("casualty", "casualties"),
    O("casualty toll", "casualties"),
    O("losses", "casualties"),
    O("wounded or missing", "casualties"),
    O("killed or captured", "casualties"),
    O("killed and captured", "casualties"),
    O("killed or wounded", "casualties"),
    O("killed and wounded", "casualties"),
    O("killed or injured", "casualties"),
    O("killed and injured", "casualties"),
    O("dead or wounded", "casualties"),
    O("dead and wounded", "casualties"),
    O("dead or injured", "casualties"),
    O("dead and injured", "casualties"),
    O("killed, wounded", "casualties"),
    O("killed, injured", "casualties"),
    O("killed, wounded or captured", "casualties"),
    O("killed, wounded, or captured", "casualties"),
    O("killed, wounded and missing", "casualties"),
    O("killed, wounded, captured or missing", "casualties"),
    O("killed, wounded, captured, or missing", "casualties"),
    O("detained", "detained"),
    O("arrested", "detained"),
    O("arrests", "detained"),
    O("arrest", "detained"),
    O("detention", "detained"),
    O("detainees", "detained"),
    O("jailed", "detained"),
    O("imprisoned", "detained"),
    O("taken into custody", "detained"),
    O("rounded up", "detained"),
    O("captured", "captured"),
    O("capture", "captured"),
    O("taken prisoner", "captured"),
    O("pow", "captured"),
    O("pows", "captured"),
    O("prisoners of war", "captured"),
    O("prisoners", "captured"),
    O("surrendered", "captured"),
    O("abducted", "detained/abducted"),
    O("kidnapped", "detained/abducted"),
    O("taken hostage", "detained/abducted"),
    O("held hostage", "detained/abducted"),
    O("hostages", "detained/abducted"),
    O("abductees", "detained/abducted"),
    O("abductions", "detained/abducted"),
    O("missing", "missing"),
    O("missing in action", "missing"),
    O("mia", "missing"),
    O("disappeared", "missing"),
    O("forcibly disappeared", "missing"),
    O("unaccounted for", "missing"),
    O("displaced", "displaced"),
    O("internally displaced", "displaced"),
    O("fled their homes", "displaced"),
    O("forced to flee", "displaced"),
    O("fled the fighting", "displaced"),
    O("fled to neighbouring countries", "displaced"),
    O("fled to neighboring countries", "displaced"),
    O("idps", "displaced"),
    /* groups */
    G("people", ""),
    G("persons", ""),
    G("person", ""),
    G("individuals", ""),
    G("victims", ""),
    G("others", ""),
    G("citizens", ""),
    G("civilians", "civilians"),
    G("civilian", "civilians"),
    G("residents", "civilians"),
    G("local residents", "civilians"),
    G("villagers", "civilians"),
    G("inhabitants", "civilians"),
    G("non-combatants", "civilians"),
    G("noncombatants", "civilians"),
    G("bystanders", "civilians"),
    G("passers-by", "civilians"),
    G("worshippers", "civilians"),
    G("children", "civilians/children"),
    G("child", "civilians/children"),
    G("kids", "civilians/children"),
    G("minors", "civilians/children"),
    G("boys", "civilians/children"),
    G("girls", "civilians/children"),
    G("babies", "civilians/children"),
    G("infants", "civilians/children"),
    G("schoolchildren", "civilians/children"),
    G("women", "civilians/women"),
    G("men", "civilians/men"),
    G("elderly", "civilians/elderly"),
    G("elderly people", "civilians/elderly"),
    G("woman", "civilians/women"),
    G("journalists", "civilians/journalists"),
    G("journalist", "civilians/journalists"),
    G("reporters", "civilians/journalists"),
    G("media workers", "civilians/journalists"),
    G("aid workers", "civilians/aid-workers"),
    G("aid worker", "civilians/aid-workers"),
    G("humanitarian workers", "civilians/aid-workers"),
    G("relief workers", "civilians/aid-workers"),
    G("health workers", "civilians/medical"),
    G("healthcare workers", "civilians/medical"),
    G("health care workers", "civilians/medical"),
    G("medical workers", "civilians/medical"),
    G("health personnel", "civilians/medical"),
    G("medics", "civilians/medical"),
    G("doctors", "civilians/medical"),
    G("nurses", "civilians/medical"),
    G("paramedics", "civilians/medical"),
    G("protesters", "civilians/protesters"),
    G("protestors", "civilians/protesters"),
    G("demonstrators", "civilians/protesters"),
    G("combatants", "combatants"),
    G("fighters", "combatants"),
    G("fighter", "combatants"),
    G("personnel", "combatants"),
    G("officers", "combatants"),
    G("armed men", "combatants"),
    G("attackers", "combatants"),
    G("assailants", "combatants"),
    G("enemy fighters", "combatants"),
    G("enemy combatants", "combatants"),
    G("government forces", "combatants/government"),
    G("government troops", "combatants/government"),
    G("government soldiers", "combatants/government"),
    G("pro-government forces", "combatants/government"),
    G("pro-government fighters", "combatants/government"),
    G("regime forces", "combatants/government"),
    G("regime troops", "combatants/government"),
    G("state forces", "combatants/government"),
    G("pro-government militias", "combatants/government/militias"),
    G("pro-government militiamen", "combatants/government/militias"),
    G("soldiers", "combatants/government/army"),
    G("military", "combatants/government/army"),
    G("soldier", "combatants/government/army"),
    G("troops", "combatants/government/army"),
    G("servicemen", "combatants/government/army"),
    G("service members", "combatants/government/army"),
    G("servicemembers", "combatants/government/army"),
    G("military personnel", "combatants/government/army"),
    G("army personnel", "combatants/government/army"),
    G("army officers", "combatants/government/army"),
    G("military officers", "combatants/government/army"),
    G("sailors", "combatants/government/army"),
    G("airmen", "combatants/government/army"),
    G("marines", "combatants/government/army"),
    G("conscripts", "combatants/government/army"),
    G("paratroopers", "combatants/government/army"),
    G("security personnel", "combatants/government/security"),
    G("security forces", "combatants/government/security"),
    G("security force members", "combatants/government/security"),
    G("security force member", "combatants/government/security"),
    G("security force personnel", "combatants/government/security"),
    G("members of the security forces", "combatants/government/security"),
    G("security officers", "combatants/government/security"),
    G("security members", "combatants/government/security"),
    G("security men", "combatants/government/security"),
    G("security agents", "combatants/government/security"),
    G("border guards", "combatants/government/security"),
    G("police", "combatants/government/security/police"),
    G("policemen", "combatants/government/security/police"),
    G("policeman", "combatants/government/security/police"),
    G("police officers", "combatants/government/security/police"),
    G("police officer", "combatants/government/security/police"),
    G("police personnel", "combatants/government/security/police"),
    G("police members", "combatants/government/security/police"),
    G("police agents", "combatants/government/security/police"),
    G("gendarmes", "combatants/government/security/police"),
    G("insurgents", "combatants/insurgents"),
    G("insurgent", "combatants/insurgents"),
    G("insurgent fighters", "combatants/insurgents"),
    G("insurgent groups", "combatants/insurgents"),
    G("rebels", "combatants/insurgents"),
    G("rebel", "combatants/insurgents"),
    G("rebel fighters", "combatants/insurgents"),
    G("militants", "combatants/insurgents"),
    G("militant", "combatants/insurgents"),
    G("jihadists", "combatants/insurgents"),
    G("jihadist", "combatants/insurgents"),
    G("guerrillas", "combatants/insurgents"),
    G("guerrilla", "combatants/insurgents"),
    G("gunmen", "combatants/insurgents"),
    G("gunman", "combatants/insurgents"),
    G("terrorists", "combatants/insurgents"),
    G("militiamen", "combatants/militias"),
    G("militias", "combatants/militias"),
    G("militia", "combatants/militias"),
    G("militia members", "combatants/militias"),
    G("militia fighters", "combatants/militias"),
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct cas_phrase_options default_options = {
    "default",
    "default",
    0,
    (cas__hedge *)default_hedges,
    COUNT_OF(default_hedges),
    0,
    (cas__term *)default_terms,
    COUNT_OF(default_terms),
    0,
    NULL,
    0,
    0,
    0,
    1,
    "casualties",
    "",
    0,
};

const cas_phrase_options *cas__phrase_default_options(void)
{
    return &default_options;
}

/* ---- options ---- */

CAS__DEFINE_INIT(cas_hedge, .position = CAS_HEDGE_BEFORE, .rule = CAS_HEDGE_EXACT,
                 .qualifier = CAS_QUAL_EXACT, .high = CAS_OPEN, .best = CAS_NONE)

size_t cas_phrase_max_bytes(void)
{
    return CAS_PHRASE_MAX_BYTES;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s);
    char *d = cas__malloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

cas_status cas_phrase_options_new(cas_phrase_options **out, const char *preset, cas_error *err)
{
    cas_phrase_options *o;
    int acled;
    size_t nh, nonword;

    if (!out)
        return cas__fail(err, CAS_ERR_ARG, "preset", "no place for the options (out is NULL)");
    if (!preset || !strcmp(preset, "default"))
        acled = 0;
    else if (!strcmp(preset, "acled"))
        acled = 1;
    else
        return cas__fail(err, CAS_ERR_VALUE, "preset",
                         "unknown preset '%.60s' (expected 'default' or 'acled')", preset);
    o = cas__calloc(1, sizeof *o);
    if (!o)
        return cas__fail(err, CAS_ERR_NOMEM, NULL, "out of memory");
    /* The WORD rows close default_hedges: the acled preset keeps the rest. */
    for (nonword = 0; nonword < COUNT_OF(default_hedges); nonword++)
        if (default_hedges[nonword].position == CAS_HEDGE_WORD)
            break;
    nh = acled ? nonword + COUNT_OF(acled_words) : COUNT_OF(default_hedges);
    o->hedges = cas__malloc(nh * sizeof *o->hedges);
    o->terms = cas__malloc(COUNT_OF(default_terms) * sizeof *o->terms);
    if (!o->hedges || !o->terms) {
        cas__free(o->hedges);
        cas__free(o->terms);
        cas__free(o);
        return cas__fail(err, CAS_ERR_NOMEM, NULL, "out of memory");
    }
    if (acled) {
        memcpy(o->hedges, default_hedges, nonword * sizeof *o->hedges);
        memcpy(o->hedges + nonword, acled_words, sizeof acled_words);
    } else {
        memcpy(o->hedges, default_hedges, sizeof default_hedges);
    }
    o->nhedges = o->hcap = nh;
    memcpy(o->terms, default_terms, sizeof default_terms);
    o->nterms = o->tcap = COUNT_OF(default_terms);
    strcpy(o->name, acled ? "acled" : "default");
    strcpy(o->base, o->name);
    o->distribute = 1;
    o->default_outcome = "casualties";
    o->default_group = "";
    *out = o;
    return CAS_OK;
}

void cas_phrase_options_free(cas_phrase_options *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->nhedges; i++)
        if (o->hedges[i].owned)
            cas__free((char *)o->hedges[i].phrase);
    for (size_t i = 0; i < o->nterms; i++)
        if (o->terms[i].owned) {
            cas__free((char *)o->terms[i].phrase);
            cas__free((char *)o->terms[i].path);
        }
    for (size_t i = 0; i < o->nsources; i++) {
        cas__free(o->sources[i].name);
        cas__free(o->sources[i].alias);
    }
    if (o->owned_defaults & 1)
        cas__free((char *)o->default_outcome);
    if (o->owned_defaults & 2)
        cas__free((char *)o->default_group);
    cas__free(o->hedges);
    cas__free(o->terms);
    cas__free(o->sources);
    cas__free(o);
}

cas_status cas_phrase_options_set_name(cas_phrase_options *o, const char *name, cas_error *err)
{
    size_t n;

    if (!o || !name)
        return cas__fail(err, CAS_ERR_ARG, "name", "options and name must not be NULL");
    n = strlen(name);
    if (n == 0 || n >= sizeof o->name)
        return cas__fail(err, CAS_ERR_VALUE, "name", "a preset name is 1 to 63 bytes");
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x21 || (unsigned char)name[i] > 0x7E)
            return cas__fail(err, CAS_ERR_VALUE, "name",
                             "a preset name is printable ASCII without spaces");
    memcpy(o->name, name, n + 1);
    o->named = 1;
    return CAS_OK;
}

const char *cas_phrase_options_name(const cas_phrase_options *o)
{
    return o ? o->name : default_options.name;
}

static void mark_custom(cas_phrase_options *o)
{
    if (!o->named)
        snprintf(o->name, sizeof o->name, "%s+custom", o->base);
}

/* Normalise a phrase: trim, lower-case ASCII, one space between words.
 * Returns the length written to @buf (CAS__PHRASE_WORDS_MAX + 1 bytes), or
 * 0 when empty, too long or containing control characters. */
static size_t norm_phrase(char *buf, const char *p)
{
    size_t o = 0;
    int sp = 0;

    for (; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            sp = o > 0;
            continue;
        }
        if (c < 0x20 || c == 0x7F)
            return 0;
        if (sp) {
            if (o >= CAS__PHRASE_WORDS_MAX)
                return 0;
            buf[o++] = ' ';
            sp = 0;
        }
        if (o >= CAS__PHRASE_WORDS_MAX)
            return 0;
        buf[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    buf[o] = '\0';
    return o;
}

static cas_status check_phrase(char *buf, size_t *len, const char *phrase, cas_error *err)
{
    if (!cas__utf8_valid(phrase, strlen(phrase)))
        return cas__fail(err, CAS_ERR_ENCODING, "phrase", "the phrase is not valid UTF-8");
    *len = norm_phrase(buf, phrase);
    if (*len == 0)
        return cas__fail(err, CAS_ERR_VALUE, "phrase",
                         "a phrase is 1 to %d bytes of text without control characters",
                         CAS__PHRASE_WORDS_MAX);
    return CAS_OK;
}

cas_status cas_phrase_options_set_hedge(cas_phrase_options *o, const cas_hedge *h, cas_error *err)
{
    char buf[CAS__PHRASE_WORDS_MAX + 1];
    size_t len, i;
    cas_status st;
    cas__hedge e;
    char *copy;

    if (!o || !h || !h->phrase)
        return cas__fail(err, CAS_ERR_ARG, "hedge", "options, hedge and phrase must not be NULL");
    if (!CAS__SIZED_OK(h, cas_hedge))
        return cas__fail(err, CAS_ERR_ARG, "hedge",
                         "hedge size %u is smaller than the first release's cas_hedge (%zu): "
                         "use cas_hedge_init()",
                         (unsigned)h->size, (size_t)CAS__V1_cas_hedge);
    if ((st = check_phrase(buf, &len, h->phrase, err)) != CAS_OK)
        return st;
    if (h->position < CAS_HEDGE_BEFORE || h->position > CAS_HEDGE_WORD)
        return cas__fail(err, CAS_ERR_VALUE, "position", "unknown hedge position %d",
                         (int)h->position);
    if (h->rule < CAS_HEDGE_EXACT || h->rule > CAS_HEDGE_FIXED)
        return cas__fail(err, CAS_ERR_VALUE, "rule", "unknown hedge rule %d", (int)h->rule);
    if (!cas_qualifier_name(h->qualifier))
        return cas__fail(err, CAS_ERR_VALUE, "qualifier", "unknown qualifier %d",
                         (int)h->qualifier);
    if (h->spread < 0 || h->spread > 99)
        return cas__fail(err, CAS_ERR_VALUE, "spread", "spread %d is outside 0..99",
                         (int)h->spread);
    if ((h->position == CAS_HEDGE_WORD) != (h->rule == CAS_HEDGE_FIXED))
        return cas__fail(err, CAS_ERR_VALUE, "rule",
                         "a WORD hedge takes the FIXED rule, and only it does");
    if (h->rule == CAS_HEDGE_FIXED) {
        if (h->low < 0 || (h->high != CAS_OPEN && h->high < h->low))
            return cas__fail(err, CAS_ERR_RANGE, "low",
                             "expected 0 <= low <= high (or high open), got [%lld, %lld]",
                             (long long)h->low, (long long)h->high);
        if (h->best != CAS_NONE && (h->best < h->low || (h->high != CAS_OPEN && h->best > h->high)))
            return cas__fail(err, CAS_ERR_RANGE, "best", "best %lld is outside [%lld, %lld]",
                             (long long)h->best, (long long)h->low, (long long)h->high);
    }
    copy = cas__malloc(len + 1);
    if (!copy)
        return cas__fail(err, CAS_ERR_NOMEM, NULL, "out of memory");
    memcpy(copy, buf, len + 1);
    e.phrase = copy;
    e.len = (uint32_t)len;
    e.owned = 1;
    e.position = h->position;
    e.rule = h->rule;
    e.qualifier = h->qualifier;
    e.spread = h->spread;
    e.low = h->rule == CAS_HEDGE_FIXED ? h->low : 0;
    e.high = h->rule == CAS_HEDGE_FIXED ? h->high : CAS_OPEN;
    e.best = h->rule == CAS_HEDGE_FIXED ? h->best : CAS_NONE;
    for (i = 0; i < o->nhedges; i++)
        if (o->hedges[i].position == e.position && !strcmp(o->hedges[i].phrase, copy))
            break;
    if (i == o->nhedges) {
        if (!cas__grow((void **)&o->hedges, &o->hcap, o->nhedges + 1, sizeof *o->hedges, 16)) {
            cas__free(copy);
            return cas__fail(err, CAS_ERR_NOMEM, NULL, "out of memory");
        }
        o->nhedges++;
    } else if (o->hedges[i].owned) {
        cas__free((char *)o->hedges[i].phrase);
    }
    o->hedges[i] = e;
    mark_custom(o);
    return CAS_OK;
}

cas_status cas_phrase_options_remove_hedge(cas_phrase_options *o, const char *phrase,
                                           int32_t position, cas_error *err)
{
    char buf[CAS__PHRASE_WORDS_MAX + 1];

    if (!o || !phrase)
        return cas__fail(err, CAS_ERR_ARG, "phrase", "options and phrase must not be NULL");
    if (norm_phrase(buf, phrase) == 0)
        return cas__fail(err, CAS_ERR_NOT_FOUND, "phrase", "no hedge '%.64s'", phrase);
    for (size_t i = 0; i < o->nhedges; i++)
        if (o->hedges[i].position == position && !strcmp(o->hedges[i].phrase, buf)) {
            if (o->hedges[i].owned)
                cas__free((char *)o->hedges[i].phrase);
            memmove(o->hedges + i, o->hedges + i + 1, (o->nhedges - i - 1) * sizeof *o->hedges);
            o->nhedges--;
            mark_custom(o);
            return CAS_OK;
        }
    return cas__fail(err, CAS_ERR_NOT_FOUND, "phrase", "no hedge '%.64s' at position %d", buf,
                     (int)position);
}

void cas_phrase_options_clear_hedges(cas_phrase_options *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->nhedges; i++)
        if (o->hedges[i].owned)
            cas__free((char *)o->hedges[i].phrase);
    o->nhedges = 0;
    mark_custom(o);
}

size_t cas_phrase_options_hedge_count(const cas_phrase_options *o)
{
    return o ? o->nhedges : 0;
}

cas_status cas_phrase_options_get_hedge(const cas_phrase_options *o, size_t index, cas_hedge *out)
{
    const cas__hedge *e;
    cas_hedge h;

    if (!o || !CAS__SIZED_OK(out, cas_hedge))
        return CAS_ERR_ARG;
    if (index >= o->nhedges)
        return CAS_ERR_NOT_FOUND;
    e = &o->hedges[index];
    cas_hedge_init(&h);
    h.position = e->position;
    h.rule = e->rule;
    h.qualifier = e->qualifier;
    h.spread = e->spread;
    h.low = e->low;
    h.high = e->high;
    h.best = e->best;
    h.phrase = e->phrase;
    cas__sized_write(out, &h, sizeof h);
    return CAS_OK;
}

/* A path: no leading, trailing or doubled '/', no control characters,
 * valid UTF-8, at most 255 bytes; "" only where @empty_ok. */
static cas_status check_path(const char *path, int empty_ok, cas_error *err)
{
    size_t n = strlen(path);

    if (n == 0)
        return empty_ok ? CAS_OK
                        : cas__fail(err, CAS_ERR_PATH, "path", "an outcome path may not be empty");
    if (n > 255)
        return cas__fail(err, CAS_ERR_PATH, "path", "a path is at most 255 bytes");
    if (!cas__utf8_valid(path, n))
        return cas__fail(err, CAS_ERR_ENCODING, "path", "the path is not valid UTF-8");
    if (path[0] == '/' || path[n - 1] == '/' || strstr(path, "//"))
        return cas__fail(err, CAS_ERR_PATH, "path",
                         "expected a path like 'civilians/alawite', got '%.60s'", path);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)path[i] < 0x20 || path[i] == 0x7F)
            return cas__fail(err, CAS_ERR_PATH, "path", "control character in the path");
    return CAS_OK;
}

cas_status cas_phrase_options_add_term(cas_phrase_options *o, int32_t kind, const char *phrase,
                                       const char *path, cas_error *err)
{
    char buf[CAS__PHRASE_WORDS_MAX + 1];
    size_t len, i;
    cas_status st;
    char *p, *q;

    if (!o || !phrase || !path)
        return cas__fail(err, CAS_ERR_ARG, "phrase", "options, phrase and path must not be NULL");
    if (kind != CAS_TERM_OUTCOME && kind != CAS_TERM_GROUP)
        return cas__fail(err, CAS_ERR_VALUE, "kind", "unknown term kind %d", (int)kind);
    if ((st = check_phrase(buf, &len, phrase, err)) != CAS_OK)
        return st;
    if ((st = check_path(path, kind == CAS_TERM_GROUP, err)) != CAS_OK)
        return st;
    for (i = 0; i < o->nterms; i++)
        if (o->terms[i].kind == kind && !strcmp(o->terms[i].phrase, buf))
            break;
    if (i == o->nterms && o->nterms >= CAS__TERMS_MAX)
        return cas__fail(err, CAS_ERR_VALUE, "phrase", "the lexicon holds at most %d entries",
                         CAS__TERMS_MAX);
    p = cas__malloc(len + 1);
    q = dup_str(path);
    if (!p || !q) {
        cas__free(p);
        cas__free(q);
        return cas__fail(err, CAS_ERR_NOMEM, NULL, "out of memory");
    }
    memcpy(p, buf, len + 1);
    if (i == o->nterms) {
        if (!cas__grow((void **)&o->terms, &o->tcap, o->nterms + 1, sizeof *o->terms, 64)) {
            cas__free(p);
            cas__free(q);
            return cas__fail(err, CAS_ERR_NOMEM, NULL, "out of memory");
        }
        o->nterms++;
    } else if (o->terms[i].owned) {
        cas__free((char *)o->terms[i].phrase);
        cas__free((char *)o->terms[i].path);
    }
    o->terms[i].phrase = p;
    o->terms[i].path = q;
    o->terms[i].len = (uint32_t)len;
    o->terms[i].owned = 1;
    o->terms[i].kind = kind;
    return CAS_OK;
}

cas_status cas_phrase_options_remove_term(cas_phrase_options *o, int32_t kind, const char *phrase,
                                          cas_error *err)
{
    char buf[CAS__PHRASE_WORDS_MAX + 1];

    if (!o || !phrase)
        return cas__fail(err, CAS_ERR_ARG, "phrase", "options and phrase must not be NULL");
    if (norm_phrase(buf, phrase) == 0)
        return cas__fail(err, CAS_ERR_NOT_FOUND, "phrase", "no term '%.64s'", phrase);
    for (size_t i = 0; i < o->nterms; i++)
        if (o->terms[i].kind == kind && !strcmp(o->terms[i].phrase, buf)) {
            if (o->terms[i].owned) {
                cas__free((char *)o->terms[i].phrase);
                cas__free((char *)o->terms[i].path);
            }
            memmove(o->terms + i, o->terms + i + 1, (o->nterms - i - 1) * sizeof *o->terms);
            o->nterms--;
            return CAS_OK;
        }
    return cas__fail(err, CAS_ERR_NOT_FOUND, "phrase", "no term '%.64s'", buf);
}

cas_status cas_phrase_options_add_source(cas_phrase_options *o, const char *name, const char *alias,
                                         cas_error *err)
{
    cas__source s;

    if (!o || !name)
        return cas__fail(err, CAS_ERR_ARG, "source", "options and name must not be NULL");
    for (int k = 0; k < 2; k++) {
        const char *v = k ? alias : name;
        size_t n;
        if (!v)
            continue;
        n = strlen(v);
        if (n == 0 || n > 255)
            return cas__fail(err, CAS_ERR_VALUE, k ? "alias" : "source",
                             "a source name is 1 to 255 bytes");
        if (!cas__utf8_valid(v, n))
            return cas__fail(err, CAS_ERR_ENCODING, k ? "alias" : "source",
                             "the source name is not valid UTF-8");
    }
    s.name = dup_str(name);
    s.alias = alias ? dup_str(alias) : NULL;
    if (!s.name || (alias && !s.alias)) {
        cas__free(s.name);
        cas__free(s.alias);
        return cas__fail(err, CAS_ERR_NOMEM, NULL, "out of memory");
    }
    if (!cas__grow((void **)&o->sources, &o->scap, o->nsources + 1, sizeof *o->sources, 8)) {
        cas__free(s.name);
        cas__free(s.alias);
        return cas__fail(err, CAS_ERR_NOMEM, NULL, "out of memory");
    }
    o->sources[o->nsources++] = s;
    return CAS_OK;
}

cas_status cas_phrase_options_set_year(cas_phrase_options *o, int32_t year, cas_error *err)
{
    if (!o)
        return cas__fail(err, CAS_ERR_ARG, "year", "options must not be NULL");
    if (year < 0 || year > 9999)
        return cas__fail(err, CAS_ERR_DATE, "year", "year %d is outside 0..9999", (int)year);
    o->year = year;
    return CAS_OK;
}

cas_status cas_phrase_options_set_default(cas_phrase_options *o, int32_t kind, const char *path,
                                          cas_error *err)
{
    cas_status st;
    char *copy;
    int bit;

    if (!o || !path)
        return cas__fail(err, CAS_ERR_ARG, "path", "options and path must not be NULL");
    if (kind != CAS_TERM_OUTCOME && kind != CAS_TERM_GROUP)
        return cas__fail(err, CAS_ERR_VALUE, "kind", "unknown term kind %d", (int)kind);
    if ((st = check_path(path, kind == CAS_TERM_GROUP, err)) != CAS_OK)
        return st;
    copy = dup_str(path);
    if (!copy)
        return cas__fail(err, CAS_ERR_NOMEM, NULL, "out of memory");
    bit = kind == CAS_TERM_OUTCOME ? 1 : 2;
    if (o->owned_defaults & bit)
        cas__free((char *)(kind == CAS_TERM_OUTCOME ? o->default_outcome : o->default_group));
    if (kind == CAS_TERM_OUTCOME)
        o->default_outcome = copy;
    else
        o->default_group = copy;
    o->owned_defaults |= bit;
    return CAS_OK;
}

void cas_phrase_options_set_distribute(cas_phrase_options *o, int32_t on)
{
    if (o)
        o->distribute = on ? 1 : 0;
}
