/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the CSV loader, strict and lenient, and the save round
 * trip (requires: cas_csv_load_buffer_lenient). Built by tools/fuzz.sh with
 * clang -fsanitize=fuzzer,address,undefined.
 *
 * Besides "no crash, no leak, no undefined behaviour", it checks properties
 * that must hold for every input (abort() marks a finding):
 * - a failed strict load leaves the ledger as it was (empty here), and fills
 *   the error with the status it returned;
 * - a lenient load either fails like the strict one would on the file as a
 *   whole, or keeps good rows: strict success implies lenient success with
 *   the same count and no rejects;
 * - whatever loaded saves, the saved text loads strictly, and saving that
 *   gives the same bytes (docs/csv.md: save -> load -> save is stable);
 * - every claim read back through the ledger's accessors validates. */
#include "fuzz_common.h"

#include <casualty.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Read every claim back, validate it, find it by id, ask if it is current. */
static void walk(const cas_ledger *ledger)
{
    size_t n = cas_ledger_count(ledger);
    for (size_t i = 0; i < n; i++) {
        cas_claim c;
        size_t at = (size_t)-1;
        int32_t current = -1;
        cas_claim_init(&c);
        CHECK(cas_ledger_get(ledger, i, &c) == CAS_OK);
        CHECK(cas_claim_validate(&c, NULL) == CAS_OK);
        CHECK(cas_ledger_find(ledger, c.id, &at) == CAS_OK && at == i);
        CHECK(cas_ledger_is_current(ledger, i, &current) == CAS_OK);
        CHECK(current == 0 || current == 1);
    }
    cas_claim c;
    cas_claim_init(&c);
    CHECK(cas_ledger_get(ledger, n, &c) == CAS_ERR_NOT_FOUND);
    if (n > 0) {
        /* Everything within the first claim's scope, and its count. */
        cas_claim first;
        size_t count = 0, count2 = 0;
        cas_claim_init(&first);
        CHECK(cas_ledger_get(ledger, 0, &first) == CAS_OK);
        uint32_t rel = CAS_SELECT(CAS_SCOPE_SAME) | CAS_SELECT(CAS_SCOPE_WITHIN);
        CHECK(cas_ledger_select(ledger, &first.scope, rel, 0, NULL, 0, &count) == CAS_OK);
        CHECK(count >= 1 && count <= n);
        size_t *idx = malloc(count * sizeof *idx);
        if (idx == NULL)
            return;
        CHECK(cas_ledger_select(ledger, &first.scope, rel, 0, idx, count, &count2) == CAS_OK);
        CHECK(count2 == count);
        for (size_t i = 0; i < count; i++)
            CHECK(idx[i] < n);
        free(idx);
    }
}

/* save -> load -> save gives the same bytes and the same count. */
static void round_trip(const cas_ledger *ledger)
{
    char *text = NULL, *text2 = NULL;
    size_t len = 0, len2 = 0;
    cas_ledger *again = NULL;
    cas_error err;
    cas_error_init(&err);
    cas_status st = cas_csv_save_string(&text, &len, ledger, &err);
    if (st == CAS_ERR_NOMEM)
        return;
    CHECK(st == CAS_OK && text != NULL && strlen(text) == len);
    if (cas_ledger_new(&again) != CAS_OK) {
        cas_free(text);
        return;
    }
    st = cas_csv_load_buffer(again, text, len, "saved", &err);
    CHECK(st == CAS_OK);
    CHECK(cas_ledger_count(again) == cas_ledger_count(ledger));
    CHECK(cas_csv_save_string(&text2, &len2, again, NULL) == CAS_OK);
    CHECK(len2 == len && memcmp(text, text2, len) == 0);
    cas_free(text2);
    cas_free(text);
    cas_ledger_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    cas_ledger *strict = NULL, *lenient = NULL;
    cas_rejects *rejects = NULL;
    cas_error err;

    if (cas_ledger_new(&strict) != CAS_OK)
        return 0;
    cas_error_init(&err);
    cas_status st = cas_csv_load_buffer(strict, text, size, "fuzz.csv", &err);
    if (st == CAS_OK) {
        walk(strict);
        round_trip(strict);
    } else {
        CHECK(cas_ledger_count(strict) == 0);
        CHECK(err.status == (int32_t)st);
        CHECK(memchr(err.message, '\0', sizeof err.message) != NULL);
        CHECK(err.message[0] != '\0');
    }

    if (cas_ledger_new(&lenient) != CAS_OK) {
        cas_ledger_free(strict);
        return 0;
    }
    cas_error_init(&err);
    cas_status lst = cas_csv_load_buffer_lenient(lenient, text, size, NULL, &rejects, &err);
    if (lst == CAS_OK) {
        size_t nrej = cas_rejects_count(rejects);
        for (size_t i = 0; i < nrej; i++) {
            cas_error e;
            cas_error_init(&e);
            CHECK(cas_rejects_get(rejects, i, &e) == CAS_OK);
            CHECK(e.status != CAS_OK);
            CHECK(memchr(e.message, '\0', sizeof e.message) != NULL);
        }
        if (st == CAS_OK) {
            CHECK(nrej == 0);
            CHECK(cas_ledger_count(lenient) == cas_ledger_count(strict));
        }
        walk(lenient);
        round_trip(lenient);
        cas_rejects_free(rejects);
    } else {
        CHECK(rejects == NULL);
        CHECK(cas_ledger_count(lenient) == 0);
        /* A lenient load fails only where the strict one fails too. */
        CHECK(st != CAS_OK);
    }
    cas_ledger_free(lenient);
    cas_ledger_free(strict);
    return 0;
}
