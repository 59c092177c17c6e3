#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Turn the American Civil War casualty tables of jrnold/acw_battle_data into
a libcasualty claims CSV (docs/csv.md): one claim per source, battle and side.

Usage:
    python3 examples/acw_import.py DIR [-o CLAIMS.csv] [--reference REF.csv]

DIR holds the files as published in jrnold/acw_battle_data (commit 3a6020d,
data CC BY 4.0; tests/data/real/acw/ has copies):

    cwsac_forces.csv         CWSAC: column `casualties`
    kennedy1997_forces.csv   Kennedy 1997: `casualties_min`/`casualties_max`
    wikipedia_forces.csv     Wikipedia: `casualties_min`/`casualties_max`, or
                             killed/wounded/missing/captured components
    nps_battles_to_wiki.csv  CWSAC battle id -> Wikipedia title (only the
                             rows whose `relation` is "=" are used)
    nps_forces.csv           the dataset author's reconciled mean and variance
                             (read only with --reference)

The claims go to CLAIMS.csv (default: standard output), sorted by battle id,
side and source, so that the same input always gives the same bytes. With
--reference, the author's reconciled figures go to REF.csv, one row per battle
and side with the same `outcome`, `group`, `place` and `event` as the claims:
`outcome,group,place,event,mean,sd` (sd = square root of
`casualties_kwm_var`).
A summary of what was written and skipped goes to standard error.

The mapping (docs/real-data.md explains it):

- outcome `casualties`: killed + wounded + missing, captured counted with the
  missing, as these sources define it (in cwsac_forces.csv `casualties` is
  killed + wounded + missing + captured);
- group `combatants/union` (label `US`), `combatants/confederate`
  (`Confederate`), `combatants/native_american` (`Native American`);
- event `acw:<battle id>`, lower case (`PA002`, Gettysburg -> `acw:pa002`):
  the claims on one battle and side are rivals, those on different battles
  add up (docs/model.md section 9). None of these files gives dates, so the
  period stays unknown;
- place `usa/<state>`, lower case, the state being the CWSAC id's two-letter
  prefix (`PA002` -> `usa/pa`): the state CWSAC files the battle under. These
  files give nothing finer, and a battle can span several counties or states;
- a battle that CWSAC split in parts (VA020A and VA020B, White Oak Swamp and
  Glendale, the two halves of VA020) is a sub-event: `acw:va020/va020a`, so
  that a claim on VA020 is the whole of its two parts;
- a row that gives one figure for several battles (Kennedy 1997's
  `VA032 VA033 VA034`, Chancellorsville with Second Fredericksburg and Salem
  Church) is skipped and counted: it names no one event, and as an event of
  its own it would add to the battles it covers in every sum;
- qualifier `exact` for a single number, `range` when min < max. A min above
  the max (one row of Kennedy 1997) is read as the range between the two,
  and counted on standard error;
- a Wikipedia row with no total but with every component (killed and wounded,
  or killed_wounded, or killed and wounded_missing, plus missing, captured or
  captured_missing when not already covered) gives the sum of the minima to
  the sum of the maxima, and its quote lists the components. Rows with no
  figure, or with only some components, are skipped and counted.

Only the Python 3 standard library is used.
"""

import argparse
import csv
import math
import os
import re
import sys

COMMIT = "jrnold/acw_battle_data@3a6020d"

# Belligerent labels as the files spell them -> group paths.
GROUPS = {
    "US": "combatants/union",
    "Confederate": "combatants/confederate",
    "Native American": "combatants/native_american",
}

# Source kinds (docs/csv.md: monitor, government, media, research, ...).
# None of the three is a belligerent's claim or a statistical estimate: each
# compiles the armies' reported returns, so all have basis `reported`.
# - CWSAC: the Civil War Sites Advisory Commission, set up by Congress and run
#   with the National Park Service; its 1993 report gives the official figure
#   per battle -> `government`.
# - Kennedy 1997: The Civil War Battlefield Guide, historians' entries per
#   battle -> `research`.
# - Wikipedia: an encyclopedia that summarises secondary literature; none of
#   the listed kinds fits (it is neither press nor research), and the list is
#   open -> `encyclopedia`.
SOURCES = {
    "cwsac": ("CWSAC", "government"),
    "kennedy": ("Kennedy 1997", "research"),
    "wikipedia": ("Wikipedia", "encyclopedia"),
}

COLUMNS = ["id", "source", "source_kind", "relay", "basis", "outcome", "group",
           "perpetrator", "place", "event", "period_start", "period_end", "reported_on",
           "qualifier", "low", "high", "best", "citation", "quote"]


class Stats:
    """What each source gave, for the summary on standard error."""

    def __init__(self):
        self.counts = {}

    def add(self, source, what, n=1):
        key = (source, what)
        self.counts[key] = self.counts.get(key, 0) + n

    def report(self, out):
        for (source, what), n in sorted(self.counts.items()):
            out.write("acw_import: %s: %d %s\n" % (source, n, what))


def read_rows(directory, name):
    with open(os.path.join(directory, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def count(text, where):
    """A whole number >= 0 from a field, or None when the field is empty."""
    if text == "":
        return None
    if not text.isdigit():
        raise ValueError("%s: expected a whole number >= 0, got %r" % (where, text))
    return int(text)


# A CWSAC battle id: state, number, and a letter for the parts that CWSAC
# split one battle into (VA020A, VA020B: the two halves of VA020).
BATTLE_ID = re.compile(r"([A-Z]{2})([0-9]{3})([A-Z]?)")


def several(battle):
    """True when a row gives one figure for several battles ("VA032 VA033
    VA034" in Kennedy 1997)."""
    return len(battle.split()) > 1


def scope(battle, belligerent, where):
    """(group, place, event) of a battle id such as PA002 and a side."""
    group = GROUPS.get(belligerent)
    if group is None:
        raise ValueError("%s: unknown belligerent %r" % (where, belligerent))
    m = BATTLE_ID.fullmatch(battle)
    if m is None:
        raise ValueError("%s: battle id %r is not a state, three digits and an "
                         "optional letter" % (where, battle))
    state, number, part = m.group(1).lower(), m.group(2), m.group(3).lower()
    event = "acw:%s%s" % (state, number)
    if part:
        event += "/%s%s%s" % (state, number, part)
    return group, "usa/%s" % state, event


def claim(source_key, battle, belligerent, low, high, citation, quote, where):
    source, kind = SOURCES[source_key]
    group, place, event = scope(battle, belligerent, where)
    return {
        "id": "%s-%s-%s" % (source_key, battle.lower(), group.rsplit("/", 1)[1]),
        "source": source, "source_kind": kind, "relay": "", "basis": "reported",
        "outcome": "casualties", "group": group, "perpetrator": "", "place": place,
        "event": event, "period_start": "", "period_end": "", "reported_on": "",
        "qualifier": "exact" if low == high else "range",
        "low": str(low), "high": str(high), "best": "",
        "citation": citation, "quote": quote,
    }


def min_max(stats, source, lo, hi, where):
    """(low, high) from a min/max pair, or None when both are empty."""
    lo, hi = count(lo, where), count(hi, where)
    if lo is None and hi is None:
        return None
    if lo is None or hi is None:
        raise ValueError("%s: a min without a max or the other way round" % where)
    if lo > hi:
        stats.add(source, "rows with min > max, read as [max, min]")
        lo, hi = hi, lo
    return lo, hi


def cwsac(directory, stats):
    for n, r in enumerate(read_rows(directory, "cwsac_forces.csv"), 2):
        where = "cwsac_forces.csv:%d" % n
        stats.add("CWSAC", "rows")
        if several(r["battle"]):
            stats.add("CWSAC", "rows skipped: one figure for several battles")
            continue
        c = count(r["casualties"], where)
        if c is None:
            stats.add("CWSAC", "rows skipped: no casualty figure")
            continue
        yield claim("cwsac", r["battle"], r["belligerent"], c, c,
                    "CWSAC (%s: cwsac_forces.csv)" % COMMIT,
                    "casualties %d" % c, where)


def kennedy(directory, stats):
    for n, r in enumerate(read_rows(directory, "kennedy1997_forces.csv"), 2):
        where = "kennedy1997_forces.csv:%d" % n
        stats.add("Kennedy 1997", "rows")
        if several(r["battle_id"]):
            stats.add("Kennedy 1997", "rows skipped: one figure for several battles")
            continue
        mm = min_max(stats, "Kennedy 1997", r["casualties_min"], r["casualties_max"], where)
        if mm is None:
            stats.add("Kennedy 1997", "rows skipped: no casualty figure")
            continue
        quote = "casualties %d" % mm[0] if mm[0] == mm[1] else "casualties %d-%d" % mm
        if mm[0] != count(r["casualties_min"], where):
            quote = "casualties_min %s, casualties_max %s" % (r["casualties_min"],
                                                              r["casualties_max"])
        yield claim("kennedy", r["battle_id"], r["belligerent"], mm[0], mm[1],
                    "Kennedy 1997 (%s: kennedy1997_forces.csv)" % COMMIT, quote, where)


# Components of a Wikipedia row and the parts of killed (K), wounded (W) and
# missing (M, captured included) that each covers.
COMPONENTS = [("killed", "K"), ("wounded", "W"), ("missing", "M"), ("captured", "M"),
              ("captured_missing", "M"), ("killed_wounded", "KW"),
              ("wounded_missing", "WM")]


def components(stats, r, where):
    """(low, high, quote) summed from the components, or None unless they
    cover killed, wounded and missing, each once (the missing may be split
    into missing, captured and captured_missing)."""
    parts = []
    covered = ""
    for name, covers in COMPONENTS:
        mm = min_max(stats, "Wikipedia", r[name + "_min"], r[name + "_max"], where)
        if mm is None:
            continue
        parts.append((name, mm))
        covered += covers
    names = [name for name, _ in parts]
    if covered.count("K") != 1 or covered.count("W") != 1 or "M" not in covered:
        return None
    if "wounded_missing" in names and covered.count("M") != 1:
        return None
    low = sum(mm[0] for _, mm in parts)
    high = sum(mm[1] for _, mm in parts)
    quote = " + ".join("%s %s" % (name, mm[0] if mm[0] == mm[1] else "%d-%d" % mm)
                       for name, mm in parts)
    return low, high, quote


def wikipedia(directory, stats):
    titles = {}
    for r in read_rows(directory, "nps_battles_to_wiki.csv"):
        if r["relation"] == "=":
            titles[r["wikipedia_title"]] = r["cwsac_id"]
    for n, r in enumerate(read_rows(directory, "wikipedia_forces.csv"), 2):
        where = "wikipedia_forces.csv:%d" % n
        stats.add("Wikipedia", "rows")
        battle = titles.get(r["battle_id"])
        if battle is None:
            stats.add("Wikipedia", "rows skipped: title not mapped with '=' to a CWSAC id")
            continue
        if several(battle):
            stats.add("Wikipedia", "rows skipped: one figure for several battles")
            continue
        mm = min_max(stats, "Wikipedia", r["casualties_min"], r["casualties_max"], where)
        if mm is not None:
            low, high = mm
            quote = "casualties %d" % low if low == high else "casualties %d-%d" % (low, high)
        else:
            summed = components(stats, r, where)
            if summed is None:
                if any(r[name + "_min"] for name, _ in COMPONENTS):
                    stats.add("Wikipedia", "rows skipped: only some of killed, wounded, missing")
                else:
                    stats.add("Wikipedia", "rows skipped: no casualty figure")
                continue
            low, high, quote = summed
            stats.add("Wikipedia", "claims summed from killed, wounded, missing")
        yield claim("wikipedia", battle, r["belligerent"], low, high,
                    "Wikipedia: %s (%s: wikipedia_forces.csv)"
                    % (r["battle_id"].replace("_", " "), COMMIT), quote, where)


def reference(directory, out):
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["outcome", "group", "place", "event", "mean", "sd"])
    for n, r in enumerate(read_rows(directory, "nps_forces.csv"), 2):
        if r["casualties_kwm_mean"] == "" or several(r["cwsac_id"]):
            continue
        group, place, event = scope(r["cwsac_id"], r["belligerent"], "nps_forces.csv:%d" % n)
        var = float(r["casualties_kwm_var"] or "nan")
        w.writerow(["casualties", group, place, event, repr(float(r["casualties_kwm_mean"])),
                    "%.3f" % math.sqrt(var) if var == var else ""])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("directory", help="the directory that holds the acw_battle_data files")
    ap.add_argument("-o", "--output", help="claims CSV to write (default: standard output)")
    ap.add_argument("--reference", metavar="FILE",
                    help="also write the NPS reconciled means "
                    "(outcome,group,place,event,mean,sd)")
    args = ap.parse_args(argv)
    stats = Stats()
    try:
        claims = list(cwsac(args.directory, stats)) + list(kennedy(args.directory, stats)) \
            + list(wikipedia(args.directory, stats))
    except (OSError, ValueError, KeyError) as e:
        sys.stderr.write("acw_import: %s\n" % e)
        return 1
    order = {"cwsac": 0, "kennedy": 1, "wikipedia": 2}
    claims.sort(key=lambda c: (c["event"], c["group"], order[c["id"].split("-", 1)[0]]))
    ids = set()
    for c in claims:
        if c["id"] in ids:
            sys.stderr.write("acw_import: claim %s appears twice\n" % c["id"])
            return 1
        ids.add(c["id"])
        stats.add(c["source"], "claims written")
    out = open(args.output, "w", newline="", encoding="utf-8") if args.output else sys.stdout
    try:
        w = csv.DictWriter(out, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(claims)
    finally:
        if args.output:
            out.close()
    if args.reference:
        try:
            with open(args.reference, "w", newline="", encoding="utf-8") as f:
                reference(args.directory, f)
        except (OSError, ValueError, KeyError) as e:
            sys.stderr.write("acw_import: %s\n" % e)
            return 1
    stats.report(sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
