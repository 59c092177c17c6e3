# SPDX-License-Identifier: MIT
"""The American Civil War data (docs/real-data.md), end to end: the importer
examples/acw_import.py run on tests/data/real/acw/ gives
examples/data/acw-casualties.csv byte for byte, the C program
casualty-reconcile loads it, its results for five named battles are those
computed by hand from the raw rows, and the figures docs/real-data.md quotes
(conflicts, NPS reconciled mean inside the envelope) are what it measures.
Needs top_srcdir and top_builddir in the environment. TAP output."""

import csv
import io
import os
import subprocess
import sys
import tempfile

TOP = os.environ["top_srcdir"]
BUILD = os.environ["top_builddir"]
RAW = os.path.join(TOP, "tests", "data", "real", "acw")
DATA = os.path.join(TOP, "examples", "data", "acw-casualties.csv")
IMPORTER = os.path.join(TOP, "examples", "acw_import.py")
RECONCILE = os.path.join(BUILD, "examples", "casualty-reconcile")

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
# (group, place): envelope low, high, consensus, best, conflict pairs
BATTLES = {
    "Gettysburg": {
        ("combatants/union", "usa/pa/pa002"): ("23000", "23055", "no", "23000", "2"),
        ("combatants/confederate", "usa/pa/pa002"): ("23231", "28000", "no", "28000", "2"),
    },
    "Antietam": {
        ("combatants/union", "usa/md/md003"): ("12400", "12401", "no", "12400", "1"),
        ("combatants/confederate", "usa/md/md003"): ("10300", "10316", "no", "10308", "1"),
    },
    "Shiloh": {
        ("combatants/union", "usa/tn/tn003"): ("13047", "13047", "yes", "13047", "0"),
        ("combatants/confederate", "usa/tn/tn003"): ("10699", "10699", "yes", "10699", "0"),
    },
    "Monocacy": {
        ("combatants/union", "usa/md/md007"): ("1294", "1294", "yes", "1294", "0"),
        ("combatants/confederate", "usa/md/md007"): ("700", "900", "yes", "", "0"),
    },
    "Vicksburg": {
        ("combatants/union", "usa/ms/ms011"): ("4835", "10142", "no", "4835", "2"),
        ("combatants/confederate", "usa/ms/ms011"): ("9091", "32697", "no", "32697", "2"),
    },
}

# What the importer says it skipped (standard error), measured on the files.
SUMMARY = [
    "acw_import: CWSAC: 462 claims written",
    "acw_import: CWSAC: 306 rows skipped: no casualty figure",
    "acw_import: Kennedy 1997: 625 claims written",
    "acw_import: Kennedy 1997: 129 rows skipped: no casualty figure",
    "acw_import: Kennedy 1997: 1 rows with min > max, read as [max, min]",
    "acw_import: Wikipedia: 552 claims written",
    "acw_import: Wikipedia: 155 claims summed from killed, wounded, missing",
    "acw_import: Wikipedia: 122 rows skipped: no casualty figure",
    "acw_import: Wikipedia: 70 rows skipped: only some of killed, wounded, missing",
    "acw_import: Wikipedia: 16 rows skipped: title not mapped with '=' to a CWSAC id",
]

# The figures docs/real-data.md states (measured with this file's code).
SCOPES = 676            # battle-sides with at least one claim
MULTI = 570             # ... of them with two or three sources
MULTI_CONFLICT = 311    # ... of those whose sources conflict
MULTI_NPS = 566         # ... of those with an NPS reconciled mean
NPS_INSIDE = 554        # ... of those whose NPS mean lies in the envelope

results = []


def check(ok, what, detail=""):
    results.append((ok, what, detail))


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
            nps = {(r["group"], r["place"]): float(r["mean"]) for r in csv.DictReader(f)}

    rec = subprocess.run([RECONCILE, "-f", "csv", DATA], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, universal_newlines=True)
    check(rec.returncode == 0 and rec.stderr == "", "casualty-reconcile -f csv loads the file",
          rec.stderr)
    rows = list(csv.DictReader(io.StringIO(rec.stdout)))
    check(len(rows) == SCOPES, "one result per battle-side", "%d rows" % len(rows))
    by_scope = {(r["group"], r["place"]): r for r in rows}

    for battle, sides in BATTLES.items():
        bad = []
        for key, want in sides.items():
            r = by_scope.get(key)
            got = None if r is None else (r["envelope_low"], r["envelope_high"],
                                          r["consensus"], r["best"], r["conflict_pairs"])
            if got != want:
                bad.append("%s: want %s, got %s" % ("/".join(key), want, got))
        check(not bad, "%s: envelope, consensus, best and conflicts as computed by hand"
              % battle, "; ".join(bad))

    multi = [r for r in rows if int(r["sources"]) >= 2]
    conflict = [r for r in multi if r["consensus"] == "no"]
    known = [r for r in multi if (r["group"], r["place"]) in nps]
    inside = [r for r in known if int(r["envelope_low"]) <= nps[(r["group"], r["place"])]
              <= int(r["envelope_high"])]
    check(len(multi) == MULTI and len(conflict) == MULTI_CONFLICT,
          "%d of %d battle-sides with >= 2 sources conflict" % (MULTI_CONFLICT, MULTI),
          "measured %d of %d" % (len(conflict), len(multi)))
    check(len(known) == MULTI_NPS and len(inside) == NPS_INSIDE,
          "NPS reconciled mean inside the envelope for %d of %d" % (NPS_INSIDE, MULTI_NPS),
          "measured %d of %d" % (len(inside), len(known)))

    print("1..%d" % len(results))
    for n, (ok, what, detail) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
        if not ok and detail:
            for line in detail.splitlines()[:20]:
                print("# " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
