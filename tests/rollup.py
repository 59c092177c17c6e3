# SPDX-License-Identifier: MIT
"""casualty-rollup on real UCDP GED data (docs/model.md section 11): the
five-event GED sample and the extracts of tests/data/real/ucdp (every 8th
Syria event 2016-2019, every 4th Myanmar and Bangladesh event), made claims
by the fixture converter tests/ucdp_claims.py, rolled up to adm1-month and
country-month (straddlers listed), and to country-quarter with straddlers
split. Every low, high and best sum is recomputed here from the RAW rows
with Python's csv module (the split day by day), and compared with the
program's output; the straddlers it lists on stderr must be the rows whose
period leaves its bucket; and the output must load in casualty-reconcile -.
Needs top_srcdir and top_builddir in the environment. TAP output."""

import collections
import csv
import datetime
import io
import os
import subprocess
import sys
import tempfile

TOP = os.environ["top_srcdir"]
BUILD = os.environ["top_builddir"]
sys.path.insert(0, os.path.join(TOP, "tests"))
import ucdp_claims  # noqa: E402  (the fixture converter: rows and place names)

REAL = os.path.join(TOP, "tests", "data", "real")
FILES = [os.path.join(REAL, "ucdp_ged_sample_asia_mini.csv"),
         os.path.join(REAL, "ucdp", "ged_syria_2016_2019_every8th.csv.gz"),
         os.path.join(REAL, "ucdp", "ged191_mmr_bgd_every4th.csv")]
ROLLUP = os.path.join(BUILD, "examples", "casualty-rollup")
RECONCILE = os.path.join(BUILD, "examples", "casualty-reconcile")

n = 0
failed = 0


def check(cond, what, detail=""):
    global n, failed
    n += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, what))
    if not cond:
        failed += 1
        for line in str(detail).splitlines()[:20]:
            print("# " + line)


def day(text):
    return datetime.date.fromisoformat(text[:10])


def bucket(d, unit):
    """(first day, last day) of the bucket of date d."""
    if unit == "month":
        first = d.replace(day=1)
        nxt = (first + datetime.timedelta(days=32)).replace(day=1)
    else:  # quarter
        first = datetime.date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
        nxt = (first + datetime.timedelta(days=95)).replace(day=1)
    return first, nxt - datetime.timedelta(days=1)


def raw_events(path):
    """The raw rows as (place, start, end, low, high, best or None), with
    the converter's two documented rules: low > high rows out, a best
    outside [low, high] none."""
    out = []
    for row in ucdp_claims.rows(path):
        low, high, best = int(row["low"]), int(row["high"]), int(row["best"])
        if low > high:
            continue
        out.append((ucdp_claims.place(row), day(row["date_start"]), day(row["date_end"]), low,
                    high, best if low <= best <= high else None, row["id"]))
    return out


def cut(place, depth):
    return "/".join(place.split("/")[:depth])


def expected(events, depth, unit, split):
    """{(place, first day): [low, high, best or None]} and the ids left out."""
    sums = collections.defaultdict(lambda: [0, 0, 0])
    left = set()
    for place, start, end, low, high, best, eid in events:
        key_place = cut(place, depth)
        first, last = bucket(start, unit)
        if end <= last:
            shares = [(first, low, high, best)]
        elif not split:
            left.add("ucdp-ged-" + eid)
            continue
        else:
            # Day by day: x over D days, day i gets x // D, plus 1 while
            # i < x % D; then each day's share into its own bucket.
            days = (end - start).days + 1
            per = collections.defaultdict(lambda: [0, 0, 0])
            for i in range(days):
                b = bucket(start + datetime.timedelta(days=i), unit)[0]
                per[b][0] += low // days + (i < low % days)
                per[b][1] += high // days + (i < high % days)
                if best is not None:
                    per[b][2] += best // days + (i < best % days)
            shares = [(b, lo, hi, be if best is not None else None)
                      for b, (lo, hi, be) in per.items()]
        for b, lo, hi, be in shares:
            s = sums[(key_place, b)]
            s[0] += lo
            s[1] += hi
            s[2] = None if s[2] is None or be is None else s[2] + be
    return dict(sums), left


def rollup(claims_csv, depth, unit, straddle):
    return subprocess.run([ROLLUP, "--place-depth", str(depth), "--period", unit, "--straddle",
                           straddle, "-"], input=claims_csv, capture_output=True, text=True)


def got(out):
    sums = {}
    for row in csv.DictReader(io.StringIO(out)):
        key = (row["place"], day(row["period_start"]))
        sums[key] = [int(row["low"]), int(row["high"]), int(row["best"]) if row["best"] else None]
    return sums


def straddlers(err):
    marker = "left out, straddles a "
    return {line.split(": ", 2)[2].split(" (")[0] for line in err.splitlines() if marker in line}


def main():
    for path in FILES:
        name = os.path.basename(path)
        conv = subprocess.run([sys.executable, os.path.join(TOP, "tests", "ucdp_claims.py"), path],
                              capture_output=True, text=True)
        check(conv.returncode == 0, "%s: the converter runs" % name, conv.stderr)
        events = raw_events(path)
        for depth, unit, straddle in [(2, "month", "list"), (1, "month", "list"),
                                      (1, "quarter", "split")]:
            what = "%s: depth %d, %s, straddlers %s" % (name, depth, unit, straddle)
            res = rollup(conv.stdout, depth, unit, straddle)
            check(res.returncode == 0, what + ": exit 0", res.stderr)
            want, left = expected(events, depth, unit, straddle == "split")
            have = got(res.stdout)
            diff = sorted(k for k in set(want) | set(have) if want.get(k) != have.get(k))
            check(not diff and want, what + ": %d buckets, low, high and best sums as computed "
                  "from the raw rows" % len(want),
                  "\n".join("%s: want %s, got %s" % (k, want.get(k), have.get(k))
                            for k in diff[:10]))
            check(straddlers(res.stderr) == left,
                  what + ": the %d straddlers listed on stderr" % len(left),
                  "only listed: %s\nnot listed: %s" % (straddlers(res.stderr) - left,
                                                       left - straddlers(res.stderr)))
            totals = [sum(v[i] for v in have.values()) for i in (0, 1)]
            print("# %s: %d events -> %d buckets, low %d high %d" % (what, len(events),
                                                                      len(have), *totals))
            if depth == 2:
                rec = subprocess.run([RECONCILE, "-f", "csv", "-"], input=res.stdout,
                                     capture_output=True, text=True)
                rows = list(csv.DictReader(io.StringIO(rec.stdout)))
                check(rec.returncode == 0 and len(rows) == len(have),
                      what + ": casualty-reconcile - reads it, one scope per bucket",
                      rec.stderr)
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
