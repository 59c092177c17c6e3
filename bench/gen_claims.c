/* SPDX-License-Identifier: MIT */
/* Deterministic generator of claims CSVs for the benchmarks.
 *
 * usage: gen_claims N [SEED] > claims.csv
 *
 * N claims over about N/8 scopes and 8 sources: a mix of exact, open-ended
 * ("at least", "more than"), range (some with a best estimate), "up to"
 * and approximate claims; group and place paths one to three levels deep,
 * a perpetrator on some scopes; periods; several reports of one source on
 * one scope on different days (revisions); mostly reported and documented
 * counts, with a few statistical estimates and party claims (which
 * reconciliation leaves out by default); a relay on some claims; short
 * quotes, some with commas and quotes that need CSV quoting. The same N
 * and SEED give the same bytes. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t next(void) /* splitmix64 */
{
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint32_t below(uint32_t n)
{
    return (uint32_t)(next() % n);
}

static const char *const sources[8] = {
    "SOHR", "SNHR", "ACLED", "UCDP", "OCHA", "AirWars", "Ministry of Health", "Reuters tally"};
static const char *const kinds[8] = {"monitor", "monitor", "research",   "research",
                                     "un",      "monitor", "government", "media"};
static const char *const outcomes[4] = {"killed", "wounded", "detained", "missing"};
static const char *const groups1[3] = {"civilians", "combatants", "police"};
static const char *const groups2[4] = {"women", "children", "government", "insurgents"};
static const char *const groups3[3] = {"security", "army", "militia"};
static const char *const places1[6] = {"syria", "iraq", "yemen", "sudan", "gaza", "ukraine"};
static const char *const places2[5] = {"north", "south", "east", "west", "capital"};
static const char *const places3[6] = {"town-a",    "town-b", "town-c",
                                       "village-d", "camp-e", "district-f"};
static const char *const perpetrators[4] = {"government", "government/militia", "insurgents",
                                            "unknown"};
static const char *const relays[2] = {"Reuters", "AFP"};
/* A short quote of one of six shapes, with the figure @v. */
static void make_quote(char *q, size_t n, uint32_t shape, long long v)
{
    switch (shape) {
    case 0:
        snprintf(q, n, "at least %lld killed", v);
        break;
    case 1:
        snprintf(q, n, "%lld people were killed, the monitor said", v);
        break;
    case 2:
        snprintf(q, n, "\"%lld dead\", according to officials", v);
        break;
    case 3:
        snprintf(q, n, "between %lld and more", v);
        break;
    case 4:
        snprintf(q, n, "nearly %lld", v);
        break;
    default:
        snprintf(q, n, "about %lld, including children", v);
        break;
    }
}

/* Days since 1970-01-01 to YYYY-MM-DD (civil from days). */
static void day_text(char *buf, int32_t days)
{
    int32_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    int32_t m = mp < 10 ? mp + 3 : mp - 9;
    sprintf(buf, "%04d-%02d-%02d", (int)(yoe + era * 400 + (m <= 2)), (int)m, (int)d);
}

typedef struct scope {
    char group[48], place[48];
    const char *perpetrator;
    int outcome;
    int32_t start, end;
} scope;

int main(int argc, char **argv)
{
    long long n;
    size_t nscopes;
    scope *scopes;

    if (argc < 2 || (n = atoll(argv[1])) <= 0) {
        fprintf(stderr, "usage: gen_claims N [SEED] > claims.csv\n");
        return 2;
    }
    state = argc > 2 ? strtoull(argv[2], NULL, 10) : 20250306u;
    nscopes = (size_t)(n / 8 > 0 ? n / 8 : 1);
    scopes = malloc(nscopes * sizeof *scopes);
    if (!scopes)
        return 1;
    for (size_t i = 0; i < nscopes; i++) {
        scope *s = &scopes[i];
        uint32_t gd = 1 + below(3), pd = 1 + below(3);
        strcpy(s->group, groups1[below(3)]);
        if (gd > 1) {
            strcat(s->group, "/");
            strcat(s->group, groups2[below(4)]);
        }
        if (gd > 2) {
            strcat(s->group, "/");
            strcat(s->group, groups3[below(3)]);
        }
        strcpy(s->place, places1[below(6)]);
        if (pd > 1) {
            strcat(s->place, "/");
            strcat(s->place, places2[below(5)]);
        }
        if (pd > 2) {
            strcat(s->place, "/");
            strcat(s->place, places3[below(6)]);
        }
        s->outcome = (int)below(4);
        s->perpetrator = below(5) == 0 ? perpetrators[below(4)] : "";
        s->start = 18262 + (int32_t)below(2500); /* 2020 onwards */
        s->end = s->start + (int32_t)below(30);
        /* Make the scope unique: the index goes into the last place segment. */
        char tail[24];
        snprintf(tail, sizeof tail, "-%zu", i);
        strcat(s->place, tail);
    }
    fputs("id,source,source_kind,relay,basis,outcome,group,perpetrator,place,period_start,"
          "period_end,reported_on,qualifier,low,high,best,citation,quote\n",
          stdout);
    for (long long k = 0; k < n; k++) {
        const scope *s = &scopes[(size_t)k % nscopes];
        /* Source k / nscopes % 8: each scope gets up to 8 different claims,
         * and when N > 8 * scopes a source reports twice (a revision). */
        uint32_t src = (uint32_t)((k / (long long)nscopes + (k % 3)) % 8);
        long long base = 1 + below(2000), low = base, high = base, best = -1;
        const char *qual = "exact", *basis = "reported", *relay = "";
        char a[11], b[11], r[11], quote[96];
        uint32_t mix = below(100), kind = below(100);

        if (mix < 35) {
            qual = "exact";
        } else if (mix < 50) {
            qual = "at_least";
            high = -1;
        } else if (mix < 55) {
            qual = "more_than";
            low = base + 1;
            high = -1;
        } else if (mix < 75) {
            qual = "range";
            high = base + 1 + below(500);
            if (below(4) == 0)
                best = (low + high) / 2;
        } else if (mix < 95) {
            qual = "approx";
            low = base * 9 / 10;
            high = (base * 11 + 9) / 10;
            best = base;
        } else {
            qual = "up_to";
            low = 0;
        }
        if (kind < 10)
            basis = "documented";
        else if (kind < 13)
            basis = "estimated";
        else if (kind < 15)
            basis = "party";
        if (below(10) == 0)
            relay = relays[below(2)];
        day_text(a, s->start);
        day_text(b, s->end);
        day_text(r, s->end + 1 + (int32_t)(k / (long long)nscopes) * 3 + (int32_t)below(3));
        make_quote(quote, sizeof quote, below(6), base);
        printf("c%lld,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%lld,", k, sources[src], kinds[src],
               relay, basis, outcomes[s->outcome], s->group, s->perpetrator, s->place, a, b, r,
               qual, low);
        if (high >= 0)
            printf("%lld", high);
        putchar(',');
        if (best >= 0)
            printf("%lld", best);
        fputs(",bench,", stdout);
        if (strchr(quote, '"') || strchr(quote, ',')) {
            putchar('"');
            for (const char *q = quote; *q; q++) {
                if (*q == '"')
                    putchar('"');
                putchar(*q);
            }
            putchar('"');
        } else {
            fputs(quote, stdout);
        }
        putchar('\n');
    }
    free(scopes);
    return 0;
}
