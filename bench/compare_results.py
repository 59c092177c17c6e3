#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Check that two reconciliation results say the same thing.

usage: compare_results.py REFERENCE.csv OTHER.csv

Both are CSV files with a header: libcasualty's results CSV
(cas_report_csv_save) or a peer's (bench/peer_pandas.py,
bench/peer_sqlite.sql). Rows are matched by scope (outcome, group,
perpetrator, place, period_start, period_end), whatever their order, and
compared on the columns the peers compute: claims, sources, superseded,
excluded, envelope_low, envelope_high, consensus_low, consensus_high,
consensus (the conflict flag) and best. Numbers compare as integers ("7"
and "7.0" agree), an empty cell is an open bound or no best. Exit status 0
when every scope agrees, 1 otherwise (the first differences are listed).
"""

import csv
import sys

SCOPE = ["outcome", "group", "perpetrator", "place", "period_start", "period_end"]
VALUES = ["claims", "sources", "superseded", "excluded", "envelope_low", "envelope_high",
          "consensus_low", "consensus_high", "consensus", "best"]


def norm(v):
    v = v.strip()
    if v == "":
        return ""
    try:
        f = float(v)
    except ValueError:
        return v
    if f != f:  # NaN: nothing
        return ""
    return str(int(f)) if f == int(f) else repr(f)


def load(path):
    csv.field_size_limit(sys.maxsize)
    rows = {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = [c for c in SCOPE + VALUES if c not in (reader.fieldnames or [])]
        if missing:
            sys.exit("%s: no column %s" % (path, ", ".join(missing)))
        for row in reader:
            key = tuple(row[c] for c in SCOPE)
            if key in rows:
                sys.exit("%s: scope %r appears twice" % (path, key))
            rows[key] = tuple(norm(row[c]) for c in VALUES)
    return rows


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: compare_results.py REFERENCE.csv OTHER.csv")
    a, b = load(sys.argv[1]), load(sys.argv[2])
    problems = []
    for key in sorted(set(a) | set(b)):
        if key not in b:
            problems.append("only in %s: %r" % (sys.argv[1], key))
        elif key not in a:
            problems.append("only in %s: %r" % (sys.argv[2], key))
        elif a[key] != b[key]:
            diff = ["%s %s != %s" % (c, x, y) for c, x, y in zip(VALUES, a[key], b[key]) if x != y]
            problems.append("%r: %s" % (key, "; ".join(diff)))
    if problems:
        print("%d of %d scopes differ between %s and %s" % (len(problems), len(set(a) | set(b)),
                                                           sys.argv[1], sys.argv[2]))
        for p in problems[:10]:
            print("  " + p)
        return 1
    print("same: %d scopes" % len(a))
    return 0


if __name__ == "__main__":
    sys.exit(main())
