/* SPDX-License-Identifier: MIT */
/* Throughput of the claim-phrase parser on a large generated text.
 *
 *   make bench && bench/bench_phrase [MiB] [rounds]
 *
 * The text is built by a deterministic generator (xorshift64, fixed seed)
 * from casualty-report templates: hedged numbers, number words, ranges,
 * vague words, groups, outcomes, sources, dates, footnotes, and sentences
 * with numbers that are not counts. It is parsed in chunks of at most
 * cas_phrase_max_bytes(), `rounds` times; the best round is reported as
 * phrases (generated sentences) per second and claims per second. Not part
 * of `make check`. */
#include "config.h"

#include <casualty.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t state = 0x2545F4914F6CDD1Du;

static uint64_t rnd(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

#define PICK(a) (a[rnd() % (sizeof(a) / sizeof(a[0]))])

static const char *const hedges[] = {"",           "",        "",       "at least ",
                                     "more than ", "nearly ", "about ", "up to ",
                                     "some ",      "over ",   "c. ",    "~"};
static const char *const groups[] = {
    "civilians", "people",          "soldiers",  "security personnel", "children",
    "fighters",  "police officers", "militants", "Alawite civilians",  "aid workers"};
static const char *const outcomes[] = {"were killed",           "were wounded",  "died",
                                       "were injured",          "were detained", "went missing",
                                       "were killed or wounded"};
static const char *const sources[] = {"SOHR",
                                      "the Syrian Observatory for Human Rights",
                                      "the health ministry",
                                      "the UN",
                                      "SNHR",
                                      "local officials",
                                      "Reuters"};
static const char *const places[] = {"Jableh", "Baniyas", "Latakia", "Tartus", "Homs", "Idlib"};
static const char *const months[] = {"January", "March", "June", "October", "December"};
static const char *const words[] = {"four",   "twenty-one", "a dozen", "three hundred",
                                    "dozens", "hundreds",   "several", "scores"};

/* Append one sentence to @buf; returns its length. */
static size_t sentence(char *buf, size_t cap)
{
    int n = (int)(rnd() % 5000) + 1;
    int m = n + (int)(rnd() % 2000) + 1;
    switch (rnd() % 9) {
    case 0:
        return (size_t)snprintf(buf, cap, "%s said that %s%d %s %s in %s. ", PICK(sources),
                                PICK(hedges), n, PICK(groups), PICK(outcomes), PICK(places));
    case 1:
        return (size_t)snprintf(buf, cap, "According to %s, %s%d,%03d %s %s between %d and %d %s. ",
                                PICK(sources), PICK(hedges), n / 1000 + 1, n % 1000, PICK(groups),
                                PICK(outcomes), 1 + n % 14, 15 + n % 13, PICK(months));
    case 2:
        return (size_t)snprintf(buf, cap, "+ %d killed (per %s)<br>%d wounded[%d]\n", n,
                                PICK(sources), m, n % 40);
    case 3:
        return (size_t)snprintf(buf, cap, "An attack killed %s %s and %d %s, %s reported. ",
                                PICK(words), PICK(groups), n % 90, PICK(groups), PICK(sources));
    case 4:
        return (size_t)snprintf(buf, cap, "Between %d and %d %s %s by gunmen in %s. ", n, m,
                                PICK(groups), PICK(outcomes), PICK(places));
    case 5:
        return (size_t)snprintf(buf, cap, "%d\xE2\x80\x93%d killed or wounded (%s estimate)\n", n,
                                m, PICK(sources));
    case 6:
        return (size_t)snprintf(buf, cap,
                                "On %d %s %d, %d%% of the town was captured at %d p.m. "
                                "by the 62nd Division. ",
                                1 + n % 28, PICK(months), 2000 + n % 25, n % 100, 1 + n % 11);
    case 7:
        return (size_t)snprintf(buf, cap,
                                "%.1f million people were displaced and %dk fled, "
                                "while %s were killed. ",
                                (double)(n % 90) / 10.0 + 0.1, n % 900, PICK(words));
    default:
        return (size_t)snprintf(buf, cap, "The convoy of %d vehicles reached %s after %d hours. ",
                                n, PICK(places), n % 48);
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    size_t mib = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 32;
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    size_t size, len = 0, phrases = 0, claims = 0, chunk = cas_phrase_max_bytes();
    char *text;
    double best = 1e30;

    if (mib == 0 || mib > 4096 || rounds < 1) {
        fprintf(stderr, "usage: %s [MiB (1-4096)] [rounds]\n", argv[0]);
        return 2;
    }
    size = mib << 20;
    text = malloc(size + 512);
    if (!text)
        return 1;
    while (len < size) {
        len += sentence(text + len, 512);
        phrases++;
    }
    for (int r = 0; r < rounds; r++) {
        double t0 = now(), dt;
        size_t count = 0;
        for (size_t off = 0; off < len;) {
            /* cut chunks at a line break or sentence end so that no
             * sentence is split */
            size_t n = len - off < chunk ? len - off : chunk;
            cas_phrase_result *res;
            cas_error err;
            if (off + n < len) {
                while (n > 1 && text[off + n - 1] != '\n' && text[off + n - 1] != ' ')
                    n--;
            }
            cas_error_init(&err);
            if (cas_phrase_parse(&res, NULL, text + off, n, CAS_PHRASE_PROSE, &err) != CAS_OK) {
                fprintf(stderr, "parse failed: %s\n", err.message);
                return 1;
            }
            count += cas_phrase_result_count(res);
            cas_phrase_result_free(res);
            off += n;
        }
        dt = now() - t0;
        if (dt < best)
            best = dt;
        claims = count;
    }
    printf("text: %zu bytes, %zu phrases (sentences/fields), %zu claims\n", len, phrases, claims);
    printf("best of %d rounds: %.3f s, %.0f phrases/s, %.0f claims/s, %.1f MiB/s\n", rounds, best,
           (double)phrases / best, (double)claims / best, (double)len / best / 1048576.0);
    free(text);
    return 0;
}
