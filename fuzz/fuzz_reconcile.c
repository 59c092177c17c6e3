/* SPDX-License-Identifier: MIT */
/* libFuzzer target: reconcile everything over fuzzed ledgers (requires:
 * cas_reconcile_ledger). Built by tools/fuzz.sh with
 * clang -fsanitize=fuzzer,address,undefined.
 *
 * The input is read as:
 *   byte 0      which bases count (low 4 bits; 0 means the defaults)
 *   byte 1      max_conflicts (0 to 7, or 255: all)
 *   byte 2      weights: bit k gives source k the weight of bits 5-7
 *   byte 3      reserved
 *   the rest    a CSV file (when it starts with "id" or a BOM), loaded
 *               leniently; otherwise claims of 10 bytes each, built from
 *               small vocabularies of sources, paths and days so that
 *               scopes nest, overlap and repeat (see claim_from_bytes()).
 * Then it runs every analysis of a ledger: reconcile the whole ledger and
 * one scope, compare pairs, the source matrix, propagation (with a
 * declared cover), sums, and both printers, and walks every result.
 * Besides sanitizer reports, abort() marks a broken invariant of
 * casualty/reconcile.h or casualty/aggregate.h. */
#include "fuzz_common.h"

#include <casualty.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CLAIMS 48

static const char *const sources[] = {"SOHR", "SNHR", "ISW", "UN", "Ministry", "AP", "", "S"};
static const char *const outcomes[] = {"killed",   "wounded", "casualties", "killed/executed",
                                       "captured", "killed",  "killed",     "bad//path"};
static const char *const groups[] = {"",
                                     "civilians",
                                     "civilians/alawite",
                                     "combatants",
                                     "combatants/government",
                                     "combatants/government/security",
                                     "combatants/insurgents",
                                     "civilians/children"};
static const char *const places[] = {"",
                                     "syria",
                                     "syria/coast",
                                     "syria/coast/latakia",
                                     "syria/coast/tartus",
                                     "syria/coast/latakia/jableh",
                                     "syria/coast/latakia",
                                     "syria/homs"};
static const char *const perpetrators[] = {"", "", "government", "insurgents"};
#define DAY0 20153 /* 2025-03-06 */

static int64_t pick_count(uint8_t a, uint8_t b)
{
    switch (a >> 6) {
    case 0:
        return a & 0x3F; /* small */
    case 1:
        return (int64_t)((a & 0x3F) << 8 | b); /* up to 16383 */
    case 2:
        return (int64_t)(a & 0x3F) * 1000; /* round thousands */
    default:
        return INT64_MAX - (a & 0x3F); /* near overflow */
    }
}

/* Ten bytes to a claim; the strings are static or in @id. */
static void claim_from_bytes(cas_claim *c, const uint8_t *b, size_t index, char *id, size_t idlen)
{
    snprintf(id, idlen, "c%zu", index);
    cas_claim_init(c);
    c->id = id;
    c->source = sources[b[0] & 7];
    c->basis = (b[0] >> 3) & 3;
    c->scope.outcome = outcomes[(b[0] >> 5) & 7];
    c->scope.group = groups[b[1] & 7];
    c->scope.place = places[(b[1] >> 3) & 7];
    c->scope.perpetrator = perpetrators[(b[1] >> 6) & 3];
    if (b[2] & 0x80) {
        c->scope.period_start = DAY0 + (b[2] & 7);
        c->scope.period_end = c->scope.period_start + ((b[2] >> 3) & 7);
    } else if (b[2] & 0x40) {
        c->scope.period_end = DAY0 + (b[2] & 7);
    }
    c->reported_on = (b[3] & 0x80) ? CAS_DATE_UNKNOWN : DAY0 + (b[3] & 15);
    c->qualifier = (b[3] >> 4) & 7;
    c->low = pick_count(b[4], b[5]);
    switch (b[6] & 3) {
    case 0:
        c->high = c->low;
        break;
    case 1:
        c->high = CAS_OPEN;
        break;
    case 2:
        c->high = pick_count(b[7], b[8]);
        break;
    default:
        c->high = c->low <= INT64_MAX - b[7] ? c->low + b[7] : INT64_MAX;
        break;
    }
    c->best =
        (b[6] & 4) ? c->low + ((b[9] & 1) && c->high != c->low && c->low < INT64_MAX) : CAS_NONE;
    if (b[6] & 8)
        c->quote = "fuzzed";
}

static int64_t hi_or_max(int64_t high)
{
    return high == CAS_OPEN ? INT64_MAX : high;
}

static void check_ref(const cas_claim_ref *ref, const cas_ledger *ledger)
{
    CHECK(ref->index < cas_ledger_count(ledger));
    CHECK(ref->id != NULL && ref->source != NULL);
    CHECK(ref->low >= 0 && (ref->high == CAS_OPEN || ref->high >= ref->low));
    CHECK(ref->figure >= ref->low && ref->figure <= hi_or_max(ref->high));
}

/* Walk every scope of @r and check what casualty/reconcile.h promises. */
static void walk_reconciliation(const cas_reconciliation *r, const cas_ledger *ledger,
                                uint32_t max_conflicts)
{
    size_t n = cas_reconciliation_count(r);
    CHECK(cas_reconciliation_ledger(r) == ledger);
    for (size_t i = 0; i < n; i++) {
        cas_scope_result res;
        size_t at = (size_t)-1, count = 0;
        memset(&res, 0, sizeof res);
        res.size = sizeof res;
        CHECK(cas_reconciliation_get(r, i, &res) == CAS_OK);
        CHECK(cas_reconciliation_find(r, &res.scope, &at) == CAS_OK && at == i);
        CHECK(cas_reconciliation_claim(r, i, 0, NULL, &count) == CAS_OK);
        CHECK(count == res.claims);
        if (res.claims > 0) {
            CHECK(res.sources >= 1 && res.sources <= res.claims);
            CHECK(res.envelope_low <= res.consensus_low);
            CHECK(hi_or_max(res.consensus_high) <= hi_or_max(res.envelope_high));
            CHECK(res.has_consensus == (res.consensus_low <= hi_or_max(res.consensus_high)));
            /* In one dimension, ranges that pairwise meet all meet. */
            CHECK((res.conflict_pairs > 0) == !res.has_consensus);
            if (res.best != CAS_NONE)
                CHECK(res.best >= res.envelope_low && res.best <= hi_or_max(res.envelope_high));
        }
        CHECK(res.conflict_pairs >= 0 && (int64_t)res.conflicts <= res.conflict_pairs);
        CHECK(res.conflicts <= max_conflicts);
        for (size_t k = 0; k < count; k++) {
            cas_claim_ref ref;
            memset(&ref, 0, sizeof ref);
            ref.size = sizeof ref;
            CHECK(cas_reconciliation_claim(r, i, k, &ref, NULL) == CAS_OK);
            check_ref(&ref, ledger);
            CHECK(ref.low >= res.envelope_low && ref.low <= res.consensus_low);
        }
        cas_claim_ref ref;
        memset(&ref, 0, sizeof ref);
        ref.size = sizeof ref;
        CHECK(cas_reconciliation_claim(r, i, count, &ref, NULL) == CAS_ERR_NOT_FOUND);
        for (int32_t bound = CAS_BOUND_ENVELOPE_LOW; bound <= CAS_BOUND_BEST; bound++) {
            size_t np = 0;
            CHECK(cas_reconciliation_provenance(r, i, bound, 0, NULL, &np) == CAS_OK);
            CHECK(np <= res.claims);
            if (bound != CAS_BOUND_BEST && res.claims > 0)
                CHECK(np >= 1);
            for (size_t k = 0; k < np; k++) {
                CHECK(cas_reconciliation_provenance(r, i, bound, k, &ref, NULL) == CAS_OK);
                check_ref(&ref, ledger);
                if (bound == CAS_BOUND_ENVELOPE_LOW)
                    CHECK(ref.low == res.envelope_low);
                else if (bound == CAS_BOUND_CONSENSUS_LOW)
                    CHECK(ref.low == res.consensus_low);
            }
        }
        CHECK(cas_reconciliation_provenance(r, i, 99, 0, NULL, &count) == CAS_ERR_ARG);
        for (uint32_t k = 0; k < res.conflicts; k++) {
            cas_conflict cf;
            memset(&cf, 0, sizeof cf);
            cf.size = sizeof cf;
            CHECK(cas_reconciliation_conflict(r, i, k, &cf) == CAS_OK);
            CHECK(cf.gap > 0);
            CHECK(cf.higher < cas_ledger_count(ledger) && cf.lower < cas_ledger_count(ledger));
            CHECK(cf.higher != cf.lower);
        }
    }
    cas_scope_result res;
    memset(&res, 0, sizeof res);
    res.size = sizeof res;
    CHECK(cas_reconciliation_get(r, n, &res) == CAS_ERR_NOT_FOUND);
}

static void walk_propagation(const cas_reconciliation *r, int32_t which)
{
    cas_propagation *p = NULL;
    cas_status st = cas_propagation_new(&p, r, which, NULL);
    if (st == CAS_ERR_NOMEM)
        return;
    CHECK(st == CAS_OK);
    /* Declare that two provinces make up the coast, for killed civilians. */
    cas_scope whole, parts[2];
    cas_scope_init(&whole);
    whole.outcome = "killed";
    whole.group = "civilians";
    whole.place = "syria/coast";
    parts[0] = whole;
    parts[1] = whole;
    parts[0].place = "syria/coast/latakia";
    parts[1].place = "syria/coast/tartus";
    st = cas_propagation_cover(p, &whole, parts, 2, NULL);
    CHECK(st == CAS_OK || st == CAS_ERR_NOMEM);
    st = cas_propagation_run(p, NULL);
    if (st == CAS_OK) {
        size_t n = cas_propagation_count(p), conflicts = 0;
        for (size_t i = 0; i < n; i++) {
            cas_bounds b;
            size_t at = (size_t)-1;
            memset(&b, 0, sizeof b);
            b.size = sizeof b;
            CHECK(cas_propagation_get(p, i, &b) == CAS_OK);
            CHECK(cas_propagation_find(p, &b.scope, &at) == CAS_OK && at == i);
            /* Propagation only tightens. */
            CHECK(b.low >= b.initial_low);
            CHECK(hi_or_max(b.high) <= hi_or_max(b.initial_high));
            CHECK(b.conflict == (b.low > hi_or_max(b.high)));
            conflicts += (size_t)b.conflict;
            for (int32_t side = CAS_PROPAGATED_LOW; side <= CAS_PROPAGATED_HIGH; side++) {
                size_t np = 0;
                CHECK(cas_propagation_provenance(p, i, side, 0, NULL, &np) == CAS_OK);
                for (size_t k = 0; k < np && k < 8; k++) {
                    cas_claim_ref ref;
                    memset(&ref, 0, sizeof ref);
                    ref.size = sizeof ref;
                    CHECK(cas_propagation_provenance(p, i, side, k, &ref, NULL) == CAS_OK);
                    check_ref(&ref, cas_reconciliation_ledger(r));
                }
            }
        }
        CHECK(conflicts == cas_propagation_conflicts(p));
    } else {
        /* Sums that do not fit in 64 bits are an error, never a wrap. */
        CHECK(st == CAS_ERR_OVERFLOW || st == CAS_ERR_NOT_CONVERGED || st == CAS_ERR_NOMEM);
    }
    cas_propagation_free(p);
}

static void walk_matrix(const cas_ledger *ledger, const cas_reconcile_options *opts)
{
    cas_matrix *m = NULL;
    cas_status st = cas_matrix_new(&m, ledger, opts, NULL);
    if (st != CAS_OK) {
        CHECK(st == CAS_ERR_NOMEM);
        return;
    }
    size_t ns = cas_matrix_sources(m), n = cas_matrix_count(m);
    for (size_t i = 0; i < ns; i++)
        CHECK(cas_matrix_source(m, i) != NULL);
    for (size_t i = 0; i < n; i++) {
        cas_source_pair sp, again;
        memset(&sp, 0, sizeof sp);
        sp.size = sizeof sp;
        again = sp;
        CHECK(cas_matrix_get(m, i, &sp) == CAS_OK);
        CHECK(sp.first != NULL && sp.second != NULL && strcmp(sp.first, sp.second) != 0);
        CHECK(sp.agree + sp.conflict <= sp.scopes);
        CHECK(sp.ratios == 0 ? isnan(sp.median_ratio) : !isnan(sp.median_ratio));
        CHECK(cas_matrix_find(m, sp.first, sp.second, &again) == CAS_OK);
        CHECK(again.scopes == sp.scopes && again.agree == sp.agree);
    }
    cas_matrix_free(m);
}

static void print(const cas_reconciliation *r)
{
    char *out = NULL;
    size_t len = 0;
    cas_status st = cas_report_table(&out, &len, r, NULL);
    CHECK(st == CAS_OK || st == CAS_ERR_NOMEM);
    if (st == CAS_OK)
        CHECK(out != NULL && strlen(out) == len);
    cas_free(out);
    out = NULL;
    st = cas_report_csv(&out, &len, r, NULL);
    CHECK(st == CAS_OK || st == CAS_ERR_NOMEM);
    if (st == CAS_OK)
        CHECK(out != NULL && strlen(out) == len);
    cas_free(out);
}

static void analyse(const cas_ledger *ledger, const cas_reconcile_options *opts)
{
    cas_reconciliation *r = NULL;
    cas_error err;
    cas_error_init(&err);
    cas_status st = cas_reconcile_ledger(&r, ledger, opts, &err);
    if (st != CAS_OK) {
        CHECK(r == NULL && err.status == (int32_t)st);
        CHECK(st == CAS_ERR_NOMEM || st == CAS_ERR_ARG || st == CAS_ERR_DUPLICATE);
        return;
    }
    walk_reconciliation(r, ledger, opts->max_conflicts);
    print(r);
    walk_matrix(ledger, opts);
    walk_propagation(r, CAS_RESULT_CONSENSUS);
    walk_propagation(r, CAS_RESULT_ENVELOPE);

    /* Sum every scope: fails on overlaps and overflows, never wraps. */
    size_t n = cas_reconciliation_count(r);
    size_t *items = malloc((n ? n : 1) * sizeof *items);
    if (items) {
        for (size_t i = 0; i < n; i++)
            items[i] = i;
        for (int32_t which = CAS_RESULT_CONSENSUS; which <= CAS_RESULT_ENVELOPE; which++) {
            cas_sum sum;
            memset(&sum, 0, sizeof sum);
            sum.size = sizeof sum;
            cas_error_init(&err);
            st = cas_sum_results(&sum, r, items, n, which, &err);
            if (st == CAS_OK)
                CHECK(sum.low >= 0 && (sum.high == CAS_OPEN || sum.high >= 0));
            else
                CHECK(err.status == (int32_t)st && err.message[0] != '\0');
        }
        free(items);
    }

    /* One scope on its own gives the same result as in the whole. */
    if (n > 0) {
        cas_scope_result whole_res, one_res;
        cas_reconciliation *one = NULL;
        memset(&whole_res, 0, sizeof whole_res);
        whole_res.size = sizeof whole_res;
        one_res = whole_res;
        CHECK(cas_reconciliation_get(r, n - 1, &whole_res) == CAS_OK);
        st = cas_reconcile_scope(&one, ledger, &whole_res.scope, opts, NULL);
        if (st == CAS_OK) {
            CHECK(cas_reconciliation_count(one) == 1);
            CHECK(cas_reconciliation_get(one, 0, &one_res) == CAS_OK);
            CHECK(one_res.claims == whole_res.claims);
            CHECK(one_res.envelope_low == whole_res.envelope_low);
            CHECK(one_res.envelope_high == whole_res.envelope_high);
            CHECK(one_res.consensus_low == whole_res.consensus_low);
            CHECK(one_res.consensus_high == whole_res.consensus_high);
            CHECK(one_res.best == whole_res.best);
            walk_reconciliation(one, ledger, opts->max_conflicts);
            cas_reconciliation_free(one);
        }
    }
    cas_reconciliation_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    cas_reconcile_options opts;
    const char *names[8];
    double weights[8];
    cas_reconcile_options_init(&opts);
    if (data[0] & 15)
        opts.bases = data[0] & 15;
    opts.max_conflicts = data[1] == 255 ? UINT32_MAX : (uint32_t)(data[1] & 7);
    for (int k = 0; k < 8; k++) {
        if (data[2] & (1u << k)) {
            names[opts.nweights] = sources[k];
            weights[opts.nweights] = (double)(data[2] >> 5) / 2.0;
            opts.nweights++;
        }
    }
    opts.weight_sources = names;
    opts.weights = weights;
    data += 4;
    size -= 4;

    cas_ledger *ledger = NULL;
    if (cas_ledger_new(&ledger) != CAS_OK)
        return 0;
    if (size >= 2 && ((data[0] == 'i' && data[1] == 'd') || data[0] == 0xEF)) {
        cas_rejects *rejects = NULL;
        if (cas_csv_load_buffer_lenient(ledger, (const char *)data, size, "fuzz.csv", &rejects,
                                        NULL) == CAS_OK)
            cas_rejects_free(rejects);
    } else {
        char id[24];
        for (size_t i = 0; i + 10 <= size && i / 10 < MAX_CLAIMS; i += 10) {
            cas_claim c;
            claim_from_bytes(&c, data + i, i / 10, id, sizeof id);
            (void)cas_ledger_add(ledger, &c, NULL); /* invalid claims are refused */
        }
    }

    /* Compare a few pairs both ways round. */
    size_t n = cas_ledger_count(ledger);
    for (size_t a = 0; a < n && a < 8; a++) {
        for (size_t b = 0; b < n && b < 8; b++) {
            cas_comparison ab, ba;
            cas_comparison_init(&ab);
            cas_comparison_init(&ba);
            CHECK(cas_compare_at(&ab, ledger, a, b, NULL) == CAS_OK);
            CHECK(cas_compare_at(&ba, ledger, b, a, NULL) == CAS_OK);
            CHECK(ab.consistent == ba.consistent && ab.gap == ba.gap);
            CHECK(ab.gap >= 0 && (ab.consistent ? ab.gap == 0 : 1));
        }
    }

    if (n > 0)
        analyse(ledger, &opts);
    cas_ledger_free(ledger);
    return 0;
}
