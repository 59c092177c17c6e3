# SPDX-License-Identifier: MIT
"""The American Civil War data (docs/real-data.md), end to end: the importer
examples/acw_import.py run on tests/data/real/acw/ gives
examples/data/acw-casualties.csv byte for byte, every claim names its battle
as an event and its state as the place, the C program casualty-reconcile
loads it, its results for five named battles are those computed by hand from
the raw rows, casualty-sum --by event adds the battles of a state as the
claims say, and the figures docs/real-data.md quotes (conflicts, NPS
reconciled mean inside the envelope) are what it measures.
Needs top_srcdir and top_builddir in the environment. TAP output."""

import csv
import io
import os
import re
import subprocess
import sys
import tempfile

TOP = os.environ["top_srcdir"]
BUILD = os.environ["top_builddir"]
RAW = os.path.join(TOP, "tests", "data", "real", "acw")
DATA = os.path.join(TOP, "examples", "data", "acw-casualties.csv")
IMPORTER = os.path.join(TOP, "examples", "acw_import.py")
RECONCILE = os.path.join(BUILD, "examples", "casualty-reconcile")
SUM = os.path.join(BUILD, "examples", "casualty-sum")

# Hand computation from the raw rows (tests/data/real/acw/*.csv). The sources'
# figures per side, then envelope [min low, max high], consensus [max low,
# min high] (CONFLICT when max low > min high), best = median of the point
# figures, one per source (even count: midpoint of the two middle ones,
# rounded down; no point figure: none), conflict pairs = disjoint pairs.
#
# Gettysburg, PA002 (Wikipedia: killed + wounded + captured_missing)
#   Union:       CWSAC 23000, Kennedy 23000, Wikipedia 3155+14531+5369 = 23055
#                envelope [23000, 23055]; max low 23055 > min high 23000:
#                CONFLICT; best median(23000, 23000, 23055) = 23000;
#                pairs: Wikipedia > CWSAC, Wikipedia > Kennedy = 2
#   Confederate: CWSAC 28000, Kennedy 28000, Wikipedia 4708+12693+5830 = 23231
#                envelope [23231, 28000]; CONFLICT (28000 > 23231);
#                best median(23231, 28000, 28000) = 28000; 2 pairs
# Antietam, MD003 (CWSAC row empty: two sources)
#   Union:       Kennedy 12400, Wikipedia 12401: envelope [12400, 12401];
#                CONFLICT (12401 > 12400); best (12400+12401)/2 = 12400.5,
#                rounded down 12400; 1 pair
#   Confederate: Kennedy 10300, Wikipedia 10316: envelope [10300, 10316];
#                CONFLICT; best (10300+10316)/2 = 10308; 1 pair
# Shiloh, TN003
#   Union:       CWSAC 13047, Kennedy 13047, Wikipedia 1754+8408+2885 = 13047
#                envelope = consensus [13047, 13047]; best 13047; 0 pairs
#   Confederate: CWSAC 10699, Kennedy 10699, Wikipedia 1728+8012+959 = 10699
#                envelope = consensus [10699, 10699]; best 10699; 0 pairs
# Monocacy, MD007 (CWSAC row empty)
#   Union:       Kennedy 1294, Wikipedia 1294: [1294, 1294] both; best 1294
#   Confederate: Kennedy 700-900, Wikipedia 700-900: envelope and consensus
#                [700, 900]; no point figure, so no best; 0 pairs
# Vicksburg, MS011 (CWSAC leaves out the 29,495 Confederates who surrendered)
#   Union:       CWSAC 10142, Kennedy 4835, Wikipedia 4835: envelope
#                [4835, 10142]; CONFLICT (10142 > 4835); best 4835; 2 pairs
#   Confederate: CWSAC 9091, Kennedy 32697, Wikipedia 32697: envelope
#                [9091, 32697]; CONFLICT (32697 > 9091); best 32697; 2 pairs
#                (gap 23606, the largest in the data)
# (group, event): envelope low, high, consensus, best, conflict pairs; the
# place is the state, usa/ and the id's first two letters.
BATTLES = {
    "Gettysburg": {
        ("combatants/union", "acw:pa002"): ("23000", "23055", "no", "23000", "2"),
        ("combatants/confederate", "acw:pa002"): ("23231", "28000", "no", "28000", "2"),
    },
    "Antietam": {
        ("combatants/union", "acw:md003"): ("12400", "12401", "no", "12400", "1"),
        ("combatants/confederate", "acw:md003"): ("10300", "10316", "no", "10308", "1"),
    },
    "Shiloh": {
        ("combatants/union", "acw:tn003"): ("13047", "13047", "yes", "13047", "0"),
        ("combatants/confederate", "acw:tn003"): ("10699", "10699", "yes", "10699", "0"),
    },
    "Monocacy": {
        ("combatants/union", "acw:md007"): ("1294", "1294", "yes", "1294", "0"),
        ("combatants/confederate", "acw:md007"): ("700", "900", "yes", "", "0"),
    },
    "Vicksburg": {
        ("combatants/union", "acw:ms011"): ("4835", "10142", "no", "4835", "2"),
        ("combatants/confederate", "acw:ms011"): ("9091", "32697", "no", "32697", "2"),
    },
}

# What the importer says it skipped (standard error), measured on the files.
SUMMARY = [
    "acw_import: CWSAC: 462 claims written",
    "acw_import: CWSAC: 306 rows skipped: no casualty figure",
    "acw_import: Kennedy 1997: 621 claims written",
    "acw_import: Kennedy 1997: 129 rows skipped: no casualty figure",
    "acw_import: Kennedy 1997: 4 rows skipped: one figure for several battles",
    "acw_import: Kennedy 1997: 1 rows with min > max, read as [max, min]",
    "acw_import: Wikipedia: 552 claims written",
    "acw_import: Wikipedia: 155 claims summed from killed, wounded, missing",
    "acw_import: Wikipedia: 122 rows skipped: no casualty figure",
    "acw_import: Wikipedia: 70 rows skipped: only some of killed, wounded, missing",
    "acw_import: Wikipedia: 16 rows skipped: title not mapped with '=' to a CWSAC id",
]

# The figures docs/real-data.md states (measured with this file's code).
SCOPES = 672            # battle-sides with at least one claim
MULTI = 570             # ... of them with two or three sources
MULTI_CONFLICT = 311    # ... of those whose sources conflict
MULTI_NPS = 566         # ... of those with an NPS reconciled mean
NPS_INSIDE = 554        # ... of those whose NPS mean lies in the envelope

# An event: acw: and a CWSAC id, lower case; a battle that CWSAC split in
# parts (VA020A) is a sub-event of the whole (acw:va020/va020a).
EVENT = re.compile(r"acw:([a-z]{2})([0-9]{3})(/\1\2[a-z])?")
BATTLE_ID = re.compile(r"[a-z]{2}[0-9]{3}", re.I)

# casualty-sum --by event is checked on these states and side: Maryland (six
# battles with Union claims, one of them a CONFLICT) and Virginia (the most
# battles, and the sub-event acw:va020/va020b inside acw:va020).
SUM_STATES = ["usa/md", "usa/va"]
SUM_GROUP = "combatants/union"

results = []


def check(ok, what, detail=""):
    results.append((ok, what, detail))


def places_are_places(path):
    """Every claim names an event and a state; no place holds a battle id."""
    with open(path, newline="", encoding="utf-8") as f:
        claims = list(csv.DictReader(f))
    bad = []
    for c in claims:
        m = EVENT.fullmatch(c["event"])
        if m is None:
            bad.append("%s: event %r" % (c["id"], c["event"]))
        elif c["place"] != "usa/" + m.group(1):
            bad.append("%s: place %r, event %r" % (c["id"], c["place"], c["event"]))
        if BATTLE_ID.search(c["place"]):
            bad.append("%s: battle id in place %r" % (c["id"], c["place"]))
    check(claims and not bad, "every claim has an event; every place is a state, no battle id",
          "; ".join(bad))
    return claims


def sum_by_event(claims, place):
    """casualty-sum --by event on one state and side against the same total
    computed here from the claims: the events in the state, less those inside
    another of them (a sub-event is part of its whole), each one's envelope
    [min low, max high], added."""
    mine = [c for c in claims if c["place"] == place and c["group"] == SUM_GROUP
            and c["outcome"] == "casualties"]
    events = {c["event"] for c in mine}
    top = sorted(e for e in events if not any(e.startswith(o + "/") for o in events))
    want = {}
    for e in top:
        on = [c for c in mine if c["event"] == e]
        want[e] = (len(on), min(int(c["low"]) for c in on), max(int(c["high"]) for c in on))
    total = (sum(n for n, _, _ in want.values()), sum(lo for _, lo, _ in want.values()),
             sum(hi for _, _, hi in want.values()))
    run = subprocess.run([SUM, "-f", "csv", "--by", "event", "--outcome", "casualties",
                          "--group", SUM_GROUP, "--place", place, DATA],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         universal_newlines=True)
    got, got_total, parts = {}, None, None
    parts = 0
    for r in csv.DictReader(io.StringIO(run.stdout)):
        lo, hi = r["envelope_low"], r["envelope_high"]
        if r["row"] == "total":
            got_total = (int(r["claims"]), int(lo), int(hi))
        elif r["row"] == "part":
            got[r["event"]] = (int(r["claims"]), int(lo), int(hi))
            parts += 1
    ok = (run.returncode == 0 and len(top) > 1 and got == want and got_total == total
          and parts == len(top))
    check(ok, "casualty-sum --by event adds the %d battles in %s (%s): envelope [%d, %d]"
          % (len(top), place, SUM_GROUP, total[1], total[2]),
          "exit %d; %s\nwant %s total %s\ngot %s total %s"
          % (run.returncode, run.stderr, want, total, got, got_total))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        claims = os.path.join(tmp, "acw.csv")
        ref = os.path.join(tmp, "nps.csv")
        run = subprocess.run([sys.executable, IMPORTER, RAW, "-o", claims, "--reference", ref],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             universal_newlines=True)
        check(run.returncode == 0, "importer exits 0", run.stderr)
        with open(claims, "rb") as f:
            made = f.read()
        with open(DATA, "rb") as f:
            shipped = f.read()
        check(made == shipped, "importer reproduces examples/data/acw-casualties.csv",
              "%d bytes made, %d shipped" % (len(made), len(shipped)))
        lines = run.stderr.splitlines()
        missing = [s for s in SUMMARY if s not in lines]
        check(not missing, "importer counts what it skipped", "; ".join(missing))
        with open(ref, newline="", encoding="utf-8") as f:
            reference = list(csv.DictReader(f))
        nps = {(r["group"], r["event"]): float(r["mean"]) for r in reference}
        bad = [r for r in reference if r["outcome"] != "casualties"
               or EVENT.fullmatch(r["event"]) is None or r["place"] != "usa/" + r["event"][4:6]]
        check(len(nps) == len(reference) > 0 and not bad,
              "NPS means: one per (side, event), each with the state as place",
              "%d rows, %d keys; %s" % (len(reference), len(nps), bad[:3]))
    claims = places_are_places(DATA)

    rec = subprocess.run([RECONCILE, "-f", "csv", DATA], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, universal_newlines=True)
    check(rec.returncode == 0 and rec.stderr == "", "casualty-reconcile -f csv loads the file",
          rec.stderr)
    rows = list(csv.DictReader(io.StringIO(rec.stdout)))
    check(len(rows) == SCOPES, "one result per battle-side", "%d rows" % len(rows))
    by_scope = {(r["group"], r["event"]): r for r in rows}
    bad = [r for r in rows if EVENT.fullmatch(r["event"]) is None
           or r["place"] != "usa/" + r["event"][4:6]]
    check(len(by_scope) == len(rows) and not bad,
          "one result per (side, event), each on its state",
          "; ".join("%s %s %s" % (r["group"], r["place"], r["event"]) for r in bad[:5]))

    for battle, sides in BATTLES.items():
        bad = []
        for key, want in sides.items():
            r = by_scope.get(key)
            got = None if r is None else (r["envelope_low"], r["envelope_high"],
                                          r["consensus"], r["best"], r["conflict_pairs"])
            if r is not None and r["place"] != "usa/" + key[1][4:6]:
                got = (r["place"],) + got
                bad.append("%s %s: want %s, got %s" % (key + (want, got)))
        check(not bad, "%s: envelope, consensus, best and conflicts as computed by hand"
              % battle, "; ".join(bad))

    multi = [r for r in rows if int(r["sources"]) >= 2]
    conflict = [r for r in multi if r["consensus"] == "no"]
    known = [r for r in multi if (r["group"], r["event"]) in nps]
    inside = [r for r in known if int(r["envelope_low"]) <= nps[(r["group"], r["event"])]
              <= int(r["envelope_high"])]
    check(len(multi) == MULTI and len(conflict) == MULTI_CONFLICT,
          "%d of %d battle-sides with >= 2 sources conflict" % (MULTI_CONFLICT, MULTI),
          "measured %d of %d" % (len(conflict), len(multi)))
    check(len(known) == MULTI_NPS and len(inside) == NPS_INSIDE,
          "NPS reconciled mean inside the envelope for %d of %d" % (NPS_INSIDE, MULTI_NPS),
          "measured %d of %d" % (len(inside), len(known)))

    for place in SUM_STATES:
        sum_by_event(claims, place)

    print("1..%d" % len(results))
    for n, (ok, what, detail) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
        if not ok and detail:
            for line in detail.splitlines()[:20]:
                print("# " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
