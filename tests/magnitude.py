# SPDX-License-Identifier: MIT
"""How far apart sources run (docs/model.md section 14), on the bundled
Civil War file (examples/data/acw-casualties.csv): casualty-compare's
spread for every pair (n, how often each runs higher, p10/median/p90 of the
ratio, the share within a tolerance, floors) recomputed here from the CSV
with the csv module alone, without and with --tolerance 5%.

The independent computation: keep the current claims of the counted bases
(reported, documented; a source's latest reported_on per scope); a scope is
every scope column, the event included; per source and scope one figure,
the lower median of the figures (best, else low) of its claims that are
not open-ended floors (no high, no best); for each pair of sources with a
scope in common, the scopes where both give a figure, where each is higher,
where they are within the tolerance (|x - y| <= 5% of the larger), and the
percentiles of the log ratio (linear interpolation, as
statistics.quantiles(method="inclusive") does). Needs top_srcdir and
top_builddir in the environment. TAP output."""

import collections
import csv
import io
import math
import os
import subprocess
import sys

TOP = os.environ["top_srcdir"]
BUILD = os.environ["top_builddir"]
DATA = os.path.join(TOP, "examples", "data", "acw-casualties.csv")
COMPARE = os.path.join(BUILD, "examples", "casualty-compare")
SCOPE = ("outcome", "group", "perpetrator", "place", "event", "period_start", "period_end")


def figures(path):
    """{scope: {source: figure or None (only floors)}}."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f)
                if (r.get("basis") or "reported") in ("reported", "documented")]
    latest = {}
    for r in rows:
        key = (tuple(r.get(c, "") for c in SCOPE), r["source"])
        latest[key] = max(latest.get(key, ""), r.get("reported_on", ""))
    claims = collections.defaultdict(list)
    for r in rows:
        key = (tuple(r.get(c, "") for c in SCOPE), r["source"])
        if r.get("reported_on", "") == latest[key]:
            claims[key].append(r)
    out = collections.defaultdict(dict)
    for (scope, source), rs in claims.items():
        figs = sorted(int(r["best"]) if r["best"] else int(r["low"])
                      for r in rs if r["high"] or r["best"])
        out[scope][source] = figs[(len(figs) - 1) // 2] if figs else None
    return out


def quantile(xs, p):
    h = (len(xs) - 1) * p
    k = int(h)
    if k + 1 >= len(xs):
        return xs[-1]
    return xs[k] + (h - k) * (xs[k + 1] - xs[k])


def spread(by_scope, a, b, share):
    both = [(s[a], s[b]) for s in by_scope.values() if a in s and b in s]
    figs = [(x, y) for x, y in both if x is not None and y is not None]
    logs = sorted(math.log(x) - math.log(y) for x, y in figs if x > 0 and y > 0)
    q = [math.exp(quantile(logs, p)) if logs else float("nan") for p in (0.1, 0.5, 0.9)]
    within = sum(1 for x, y in figs if abs(x - y) <= share * max(x, y))
    return {"scopes": len(both), "n": len(figs), "A higher": sum(x > y for x, y in figs),
            "B higher": sum(x < y for x, y in figs), "p10 A/B": q[0], "median": q[1],
            "p90": q[2], "within": 100.0 * within / len(figs) if figs else None,
            "floors": len(both) - len(figs)}


def main():
    by_scope = figures(DATA)
    sources = sorted({src for s in by_scope.values() for src in s})
    expected_pairs = sum(1 for i, a in enumerate(sources) for b in sources[i + 1:]
                         if any(a in s and b in s for s in by_scope.values()))
    results = []

    def check(ok, what, detail=""):
        results.append((ok, what, detail))

    for tol, share in ((None, 0.0), ("5%", 0.05)):
        args = [COMPARE, "-f", "csv"] + (["--tolerance", tol] if tol else []) + [DATA]
        out = subprocess.run(args, capture_output=True, text=True, check=False)
        check(out.returncode == 0, "casualty-compare %s runs" % " ".join(args[1:-1]),
              out.stderr)
        rows = list(csv.DictReader(io.StringIO(out.stdout)))
        check(len(rows) == expected_pairs and expected_pairs > 0,
              "one row per pair of sources with a scope in common (%d)" % expected_pairs,
              "got %d rows" % len(rows))
        for row in rows:
            want = spread(by_scope, row["source A"], row["source B"], share)
            bad = []
            for col in ("scopes", "n", "A higher", "B higher", "floors"):
                if int(row[col]) != want[col]:
                    bad.append("%s %s, expected %s" % (col, row[col], want[col]))
            for col in ("p10 A/B", "median", "p90"):
                if abs(float(row[col]) - want[col]) > 0.005 + 1e-9:
                    bad.append("%s %s, expected %.4f" % (col, row[col], want[col]))
            if abs(float(row["within"].rstrip("%")) - want["within"]) > 0.5 + 1e-9:
                bad.append("within %s, expected %.2f%%" % (row["within"], want["within"]))
            check(not bad, "%s / %s%s: the spread recomputed from the CSV"
                  % (row["source A"], row["source B"], " within " + tol if tol else ""),
                  "; ".join(bad))
            check(float(row["median"]) >= 1.0, "%s / %s: A runs higher (median >= 1)"
                  % (row["source A"], row["source B"]))

    print("1..%d" % len(results))
    for n, (ok, what, detail) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
        if not ok and detail:
            print("# " + detail.replace("\n", "\n# "))
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
