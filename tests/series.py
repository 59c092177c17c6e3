# SPDX-License-Identifier: MIT
"""casualty-series (docs/model.md section 12) on the TechForPalestine
extracts of tests/data/real/tfp, end to end: casualty-import tfp, then
casualty-series' CSV (reports, and the as-of table) against revisions,
increments and as-of floors and ceilings recomputed here from the raw
CSV with the csv module. The women killed in Gaza (killed_women_cum, which
the importer does not read) are written here as claims from the raw rows.
Needs top_srcdir and top_builddir in the environment. TAP output."""

import csv
import datetime
import io
import os
import subprocess
import sys
import tempfile

TOP = os.environ["top_srcdir"]
BUILD = os.environ["top_builddir"]
REAL = os.path.join(TOP, "tests", "data", "real", "tfp")
IMPORT = os.path.join(BUILD, "examples", "casualty-import")
SERIES = os.path.join(BUILD, "examples", "casualty-series")
TMP = tempfile.mkdtemp(prefix="cas-series.")

SOURCES = {"mohtel": "Gaza Ministry of Health", "gmotel": "Gaza Government Media Office",
           "un": "OCHA", "ocha": "OCHA", "moph_lb": "Lebanon Ministry of Public Health"}
n = 0
failed = 0


def ok(cond, what, detail=""):
    global n, failed
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, what))
    if not cond:
        failed += 1
        for line in str(detail).splitlines()[:20]:
            print("#   " + line)


def run(args):
    p = subprocess.run(args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


def day(s):
    return datetime.date.fromisoformat(s)


def raw_series(fname, src_col, col):
    """{(source, phase): [(date, figure), ...] in date order} from the raw CSV,
    and the start of each phase, as docs/real-data.md codes them."""
    path = os.path.join(REAL, fname)
    series, starts = {}, {}
    for r in csv.DictReader(open(path, encoding="utf-8", newline="")):
        if r[src_col] not in SOURCES or r[col] == "":
            continue
        ph = r.get("phase", "1")
        if ph not in starts:
            d = day(r["report_date"])
            hours = int(r.get("report_period") or 0)
            if hours >= 24 and hours % 24 == 0:
                d -= datetime.timedelta(days=hours // 24 - 1)
            starts[ph] = d
        series.setdefault((SOURCES[r[src_col]], ph), []).append((day(r["report_date"]), int(r[col])))
    return series, starts


def revisions(reports):
    """[(date, size, date revised)] where a figure is below the highest before it."""
    out, best = [], None
    for d, v in reports:
        if best is not None and v < best[1]:
            out.append((d, best[1] - v, best[0]))
        if best is None or v > best[1]:
            best = (d, v)
    return out


def check_file(fname, src_col, col, label):
    path = os.path.join(REAL, fname)
    claims = os.path.join(TMP, label + ".csv")
    st, out, err = run([IMPORT, "tfp", path])
    ok(st == 0, "%s: imported" % label, err)
    open(claims, "w").write(out)
    raw, starts = raw_series(fname, src_col, col)
    st, out, err = run([SERIES, "-f", "csv", claims])
    got = rows_of(out)
    ok(st == 0 and len(got) == sum(len(v) for v in raw.values()),
       "%s: a row per report (%d)" % (label, len(got)), err)
    compare_reports(label, got, raw, starts)
    st, out, err = run([SERIES, "-f", "csv", "--as-of", claims])
    ok(st == 0, "%s: --as-of" % label, err)
    compare_asof(label, rows_of(out), raw, starts)


def compare_reports(label, got, raw, starts):
    by = {}
    for r in got:
        by.setdefault((r["source"], r["phase"]), []).append(r)
    want_rev, got_rev, bad = [], [], []
    for (src, ph), reps in raw.items():
        g = by.get((src, str(sorted(starts).index(ph) + 1)), [])
        prev = None
        for (d, v), r in zip(reps, g):
            inc = v - (prev[1] if prev else 0)
            days = (d - prev[0]).days if prev else (d - starts[ph]).days + 1
            if (r["cutoff"], int(r["low"]), int(r["increment"]), int(r["days"]),
                    r["start"]) != (d.isoformat(), v, inc, days, starts[ph].isoformat()):
                bad.append((src, ph, d, r))
            prev = (d, v)
        want_rev += [(src, d.isoformat(), size, f.isoformat()) for d, size, f in revisions(reps)]
        got_rev += [(src, r["cutoff"], int(r["revision"]), r["revises"])
                    for r in g if r["revision"] != "0"]
    ok(not bad, "%s: cutoffs, figures, increments, days and starts (%d series)"
       % (label, len(raw)), bad[:5])
    ok(sorted(want_rev) == sorted(got_rev),
       "%s: revisions as recomputed (%d)" % (label, len(want_rev)),
       "want %s\ngot %s" % (want_rev[:5], got_rev[:5]))
    return want_rev


def compare_asof(label, got, raw, starts):
    """Every as-of row against the raw series: floor, ceiling, staleness and the
    day's agreement, for each phase reported by two or more sources."""
    want = {}
    for ph in starts:
        members = sorted((src, reps) for (src, p), reps in raw.items() if p == ph)
        if len(members) < 2:
            continue
        days = [d for _, reps in members for d, _ in reps]
        d = min(days)
        while d <= max(days):
            ranges = []
            for src, reps in members:
                fl = [x for x in reps if x[0] <= d]
                ce = [x for x in reps if x[0] > d]
                f = fl[-1] if fl else None
                c = ce[0] if ce else None
                lo = f[1] if f else 0
                hi = c[1] if c else None
                if hi is not None and hi < lo:
                    lo = hi
                ranges.append((src, f, c, lo, hi))
            maxlo = max(r[3] for r in ranges)
            his = [r[4] for r in ranges if r[4] is not None]
            agree = "yes" if not his or maxlo <= min(his) else "no"
            for src, f, c, lo, hi in ranges:
                want[(starts[ph].isoformat(), d.isoformat(), src)] = (
                    str(f[1]) if f else "", f[0].isoformat() if f else "",
                    str((d - f[0]).days) if f else "",
                    str(c[1]) if c else "", c[0].isoformat() if c else "", agree)
            d += datetime.timedelta(days=1)
    have = {(r["start"], r["day"], r["source"]):
            (r["floor"], r["floor_day"], r["stale"], r["ceiling"], r["ceiling_day"], r["agree"])
            for r in got}
    diff = [k for k in set(want) | set(have) if want.get(k) != have.get(k)]
    ok(not diff and len(got) == len(want),
       "%s: as-of floors, ceilings, staleness and agreement (%d rows)" % (label, len(got)),
       "\n".join("%s want %s got %s" % (k, want.get(k), have.get(k)) for k in sorted(diff)[:5]))
    return want


check_file("tfp_casualties_daily.csv", "report_source", "killed_cum", "Gaza")
check_file("tfp_west_bank_daily.csv", "flash_source", "killed_cum", "West Bank")
check_file("tfp_lebanon_casualties_daily.csv", "report_source", "killed_cum_reported", "Lebanon")

# Gaza: MoH and GMO compared on days neither reported (TFP's "missing" rows).
raw, starts = raw_series("tfp_casualties_daily.csv", "report_source", "killed_cum")
reported = {d for reps in raw.values() for d, _ in reps}
gaps = [r["report_date"] for r in csv.DictReader(open(os.path.join(REAL, "tfp_casualties_daily.csv"),
                                                      encoding="utf-8", newline=""))
        if r["report_source"] == "missing" and day(r["report_date"]) not in reported]
st, out, err = run([SERIES, "-f", "csv", "--as-of", "--day", gaps[0], os.path.join(TMP, "Gaza.csv")])
got = rows_of(out)
ok(st == 0 and len(got) == 2 and all(r["stale"] not in ("", "0") for r in got),
   "Gaza: MoH and GMO as of %s, a day neither reported, both stale (%d such days)"
   % (gaps[0], len(gaps)), out + err)

# Lebanon: phase 2 restarts the count: no revision and no day of difference.
st, out, err = run([SERIES, "-f", "csv", os.path.join(TMP, "Lebanon.csv")])
got = rows_of(out)
ok(st == 0 and {r["phase"] for r in got} == {"1", "2"} and
   all(r["revision"] == "0" for r in got),
   "Lebanon: the restart is phase 2, no revision", err)
st, out, err = run([SERIES, "-f", "csv", "--as-of", os.path.join(TMP, "Lebanon.csv")])
ok(st == 0 and rows_of(out) and all(r["agree"] == "yes" for r in rows_of(out)),
   "Lebanon: no day on which the sources differ", err)

# Women killed in Gaza: claims written here from killed_women_cum.
raw, starts = raw_series("tfp_casualties_daily.csv", "report_source", "killed_women_cum")
start = min(starts.values())
for one_source in (False, True):
    path = os.path.join(TMP, "women%d.csv" % one_source)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "source", "outcome", "group", "place", "period_start", "period_end",
                    "reported_on", "qualifier", "low", "high"])
        reps = sorted((d, v, src) for (src, _), rr in raw.items() for d, v in rr)
        for d, v, src in reps:
            w.writerow(["w-%s" % d, "Gaza" if one_source else src, "killed", "women",
                        "palestine/gaza", start, d, d, "exact", v, v])
    st, out, err = run([SERIES, "-f", "csv", "--revisions", path])
    got = [(r["source"], r["cutoff"], int(r["revision"]), r["revises"]) for r in rows_of(out)]
    if one_source:
        want = [("Gaza", d.isoformat(), size, f.isoformat())
                for d, size, f in revisions([(d, v) for d, v, _ in reps])]
        seq = [v for d, v, _ in reps if "2023-10-17" <= d.isoformat() <= "2023-10-21"]
        ok(st == 0 and got == want and got[:2] == [("Gaza", "2023-10-19", 32, "2023-10-17"),
                                                   ("Gaza", "2023-10-21", 65, "2023-10-17")],
           "women, one source: 1,032 -> 1,000 -> 967 is two revisions (%s)" % seq,
           "want %s\ngot %s\n%s" % (want, got, err))
    else:
        want = sorted((src, d.isoformat(), size, f.isoformat())
                      for (src, _), rr in raw.items() for d, size, f in revisions(rr))
        ok(st == 0 and sorted(got) == want and
           ("Gaza Ministry of Health", "2023-10-21", 33, "2023-10-19") in got,
           "women, by source: MoH's 967 revises its own 1,000 (%d revisions)" % len(want),
           "want %s\ngot %s\n%s" % (want, got, err))

print("1..%d" % n)
sys.exit(1 if failed else 0)
