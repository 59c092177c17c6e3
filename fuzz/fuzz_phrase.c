/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the claim-phrase parser (requires: cas_phrase_parse).
 * Built by tools/fuzz.sh with clang -fsanitize=fuzzer,address,undefined.
 *
 * The input is read as:
 *   byte 0      the field: prose, casualty or strength (value mod 3)
 *   byte 1      options: bit 0 the "acled" preset, bit 1 no distribution of
 *               "at least", bit 2 the year 2025, bit 3 a custom hedge,
 *               bit 4 a custom lexicon term, bit 5 a known source, bit 6
 *               the default outcome "unstated" (no lexicon word); byte
 *               1 == 0xFF means NULL options (the built-in default)
 *   the rest    the text
 * Besides sanitizer reports, abort() marks a broken promise of
 * casualty/phrase.h: failures only for bad UTF-8 (exactly then), every
 * claim's range well formed and its quote the bytes [start, end) of the
 * text, spans in text order and overlapping only over a shared outcome
 * word (docs/phrases.md, "Spans"), and every casualty claim ready for
 * cas_ledger_add() once it has an id and a source, and saved to CSV and
 * loaded back unchanged. */
#include "fuzz_common.h"

#include <casualty.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The offset of the first byte that is not valid UTF-8, or @len. */
static size_t utf8_bad_at(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t c = s[i];
        size_t n;
        uint32_t cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return i;
        }
        if (len - i <= n)
            return i;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n + 1;
    }
    return len;
}

static cas_phrase_options *make_options(uint8_t bits)
{
    cas_phrase_options *opts = NULL;
    if (bits == 0xFF)
        return NULL;
    if (cas_phrase_options_new(&opts, (bits & 1) ? "acled" : "default", NULL) != CAS_OK)
        return NULL;
    if (bits & 2)
        cas_phrase_options_set_distribute(opts, 0);
    if (bits & 4)
        CHECK(cas_phrase_options_set_year(opts, 2025, NULL) == CAS_OK);
    if (bits & 8) {
        cas_hedge h;
        cas_hedge_init(&h);
        h.position = CAS_HEDGE_WORD;
        h.rule = CAS_HEDGE_FIXED;
        h.qualifier = CAS_QUAL_VAGUE;
        h.low = 3;
        h.high = 9;
        h.phrase = "a handful of";
        CHECK(cas_phrase_options_set_hedge(opts, &h, NULL) == CAS_OK);
    }
    if (bits & 16)
        CHECK(cas_phrase_options_add_term(opts, CAS_TERM_GROUP, "fishermen", "civilians/fishermen",
                                          NULL) == CAS_OK);
    if (bits & 32)
        CHECK(cas_phrase_options_add_source(opts, "SOHR", "Syrian Observatory for Human Rights",
                                            NULL) == CAS_OK);
    if (bits & 64)
        CHECK(cas_phrase_options_set_default(opts, CAS_TERM_OUTCOME, "unstated", NULL) == CAS_OK);
    return opts;
}

/* A casualty claim, given an id and a source, validates, goes into a
 * ledger, and survives a CSV round trip. */
static void check_claim(const cas_phrase_result *res, size_t i, cas_ledger *ledger)
{
    cas_claim c;
    char id[32];
    cas_error err;
    cas_claim_init(&c);
    CHECK(cas_phrase_result_claim(res, i, &c) == CAS_OK);
    CHECK(c.id == NULL);
    snprintf(id, sizeof id, "p%zu", i);
    c.id = id;
    if (c.source == NULL || c.source[0] == '\0')
        c.source = "fuzz";
    cas_error_init(&err);
    CHECK(cas_claim_validate(&c, &err) == CAS_OK);
    CHECK(cas_ledger_add(ledger, &c, &err) == CAS_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int32_t field = data[0] % 3;
    cas_phrase_options *opts = make_options(data[1]);
    const char *text = (const char *)data + 2;
    size_t len = size - 2;
    cas_phrase_result *res = NULL;
    cas_error err;

    cas_error_init(&err);
    cas_status st = cas_phrase_parse(&res, opts, text, len, field, &err);
    size_t bad = utf8_bad_at((const uint8_t *)text, len);
    if (st != CAS_OK) {
        CHECK(res == NULL);
        CHECK(err.status == (int32_t)st && err.message[0] != '\0');
        CHECK(st == CAS_ERR_ENCODING || st == CAS_ERR_NOMEM);
        /* phrase.h: err.column is the 1-based offset of the first bad byte
         * (fuzz/regressions/phrase/utf8-*: a bisection once named an
         * earlier one) */
        if (st == CAS_ERR_ENCODING)
            CHECK(bad < len && err.column == (int64_t)bad + 1);
        cas_phrase_options_free(opts);
        return 0;
    }
    CHECK(bad == len); /* invalid UTF-8 is always refused */

    cas_ledger *ledger = NULL;
    if (cas_ledger_new(&ledger) != CAS_OK) {
        cas_phrase_result_free(res);
        cas_phrase_options_free(opts);
        return 0;
    }
    size_t n = cas_phrase_result_count(res);
    int64_t prev_start = 0, far_end = 0;
    const char *far_outcome = "";
    for (size_t i = 0; i < n; i++) {
        cas_phrase_claim pc;
        cas_phrase_claim_init(&pc);
        CHECK(cas_phrase_result_get(res, i, &pc) == CAS_OK);
        /* spans in text order; one that starts inside an earlier one shares
         * its outcome word (fuzz/regressions/phrase/span-*): the same
         * outcome, found in the text (not "unstated"), and never strengths */
        CHECK(pc.start >= prev_start);
        if (pc.start < far_end) {
            CHECK(field != CAS_PHRASE_STRENGTH && strcmp(pc.outcome, far_outcome) == 0);
            if (opts && (data[1] & 64))
                CHECK(strcmp(pc.outcome, "unstated") != 0);
        }
        prev_start = pc.start;
        CHECK(pc.kind == CAS_PHRASE_KIND_CASUALTY || pc.kind == CAS_PHRASE_KIND_STRENGTH);
        if (field == CAS_PHRASE_STRENGTH)
            CHECK(pc.kind == CAS_PHRASE_KIND_STRENGTH);
        CHECK(pc.qualifier >= CAS_QUAL_EXACT && pc.qualifier <= CAS_QUAL_VAGUE);
        CHECK(pc.low >= 0 && (pc.high == CAS_OPEN || pc.high >= pc.low));
        CHECK(pc.best == CAS_NONE ||
              (pc.best >= pc.low && (pc.high == CAS_OPEN || pc.best <= pc.high)));
        CHECK(pc.start >= 0 && pc.start < pc.end && pc.end <= (int64_t)len);
        CHECK(pc.outcome && pc.group && pc.perpetrator && pc.perpetrator_text && pc.source &&
              pc.relay && pc.preset && pc.quote && pc.period_text);
        size_t span = (size_t)(pc.end - pc.start);
        if (memchr(text + pc.start, '\0', span) == NULL)
            CHECK(strlen(pc.quote) == span && memcmp(pc.quote, text + pc.start, span) == 0);
        if (pc.period_start != CAS_DATE_UNKNOWN && pc.period_end != CAS_DATE_UNKNOWN)
            CHECK(pc.period_start <= pc.period_end);
        if (pc.kind == CAS_PHRASE_KIND_CASUALTY)
            check_claim(res, i, ledger);
        if (pc.end > far_end) {
            far_end = pc.end;
            far_outcome = pc.outcome;
        }
    }
    cas_phrase_claim pc;
    cas_phrase_claim_init(&pc);
    CHECK(cas_phrase_result_get(res, n, &pc) == CAS_ERR_NOT_FOUND);

    /* The claims go through CSV unchanged. */
    if (cas_ledger_count(ledger) > 0) {
        char *csv = NULL, *again = NULL;
        size_t clen = 0;
        cas_ledger *back = NULL;
        CHECK(cas_csv_save_string(&csv, &clen, ledger, NULL) == CAS_OK);
        CHECK(cas_ledger_new(&back) == CAS_OK);
        CHECK(cas_csv_load_buffer(back, csv, clen, "phrases", &err) == CAS_OK);
        CHECK(cas_csv_save_string(&again, NULL, back, NULL) == CAS_OK);
        CHECK(strcmp(csv, again) == 0);
        cas_free(again);
        cas_free(csv);
        cas_ledger_free(back);
    }
    cas_ledger_free(ledger);
    cas_phrase_result_free(res);
    cas_phrase_options_free(opts);
    return 0;
}
