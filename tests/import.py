# SPDX-License-Identifier: MIT
"""casualty-import and casualty-check (docs/real-data.md), end to end: each
reader on its real file (tests/data/real) or, for ACLED and IBC, on rows
this test writes in their format; the counts, the sums of low/best/high per
year, the ids, periods and places recomputed here from the raw rows with
the csv module; bad rows reported with their line and nothing written;
the output loading into casualty-reconcile. Needs top_srcdir and
top_builddir in the environment. TAP output."""

import collections
import csv
import gzip
import io
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

TOP = os.environ["top_srcdir"]
BUILD = os.environ["top_builddir"]
REAL = os.path.join(TOP, "tests", "data", "real")
IMPORT = os.path.join(BUILD, "examples", "casualty-import")
CHECK = os.path.join(BUILD, "examples", "casualty-check")
RECONCILE = os.path.join(BUILD, "examples", "casualty-reconcile")
TMP = tempfile.mkdtemp(prefix="cas-import.")

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


def run(args, stdin=None):
    p = subprocess.run(args, input=stdin, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def claims(text):
    return list(csv.DictReader(io.StringIO(text)))


def count(v):
    return None if v == "" else int(v)


# The slug rule of docs/real-data.md, written again from its words.
ADMIN = ("governorate province district subdistrict sub-district state region "
         "division county municipality prefecture department oblast raion "
         "nahiya township wilayah city").split()


def slug(text, admin=False):
    text = re.sub(r"\([^)]*\)", "", text)
    text = text.replace("\u2019", "").replace("'", "").replace("\u2018", "")
    text = text.replace("ß", "ss").replace("Æ", "ae").replace("æ", "ae")
    text = text.replace("Þ", "th").replace("þ", "th").replace("Œ", "oe").replace("œ", "oe")
    text = text.replace("Ð", "d").replace("ð", "d").replace("Ø", "o").replace("ø", "o")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if admin:
        for w in ADMIN:
            if s.endswith("-" + w):
                s = s[: -len(w) - 1]
                break
    return s


def place(parts):
    out = []
    for i, p in enumerate(parts):
        if p in ("", "NA"):
            break
        s = slug(p, i > 0)
        if not s:
            break
        out.append(s)
    return "/".join(out)


def side(name, perp):
    if name.startswith("Government of "):
        return "government" if perp else "combatants/government"
    s = slug(name)
    return s if perp else "combatants/" + s


def ged_expected(rows):
    """The claims docs/real-data.md says a GED event gives."""
    exp = {}
    for r in rows:
        low, best, high = int(r["low"]), int(r["best"]), int(r["high"])
        lo, hi = min(low, best, high), max(low, best, high)
        where = place([r["country"], r["adm_1"], r["adm_2"]])
        t = r["type_of_violence"]
        day = (r["date_start"][:10], r["date_end"][:10])
        key = "ucdp-ged-" + r["id"]
        exp[key] = dict(low=lo, high=hi, best=best, place=where, period=day,
                        group="civilians" if t == "3" else "",
                        perpetrator=side(r["side_a"], True) if t == "3" else "")
        if t == "3":
            continue
        d = [int(r[k]) for k in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")]
        cut, add = max(best - low, 0), max(high - best, 0)
        groups = [side(r["side_a"], False), side(r["side_b"], False), "civilians"]
        perps = [side(r["side_b"], True), side(r["side_a"], True), ""]
        for k, suffix in enumerate(("a", "b", "civilians")):
            phigh = d[k] + d[3] + add
            if phigh == 0:
                continue
            exp[key + "-" + suffix] = dict(low=max(d[k] - cut, 0), high=phigh, best=d[k],
                                           place=where, period=day, group=groups[k],
                                           perpetrator=perps[k])
    return exp


def check_ged(name, raw_text, args, stdin=None):
    rows = list(csv.DictReader(io.StringIO(raw_text)))
    st, out, err = run([IMPORT, "ucdp-ged"] + args, stdin)
    ok(st == 0 and err == "", "%s: imports, exit 0, nothing on stderr" % name, err)
    got = {c["id"]: c for c in claims(out)}
    exp = ged_expected(rows)
    events = [k for k in got if k.count("-") == 2]
    ok(len(events) == len(rows), "%s: one event claim per row (%d)" % (name, len(rows)),
       "%d claims for %d rows" % (len(events), len(rows)))
    ok(set(got) == set(exp), "%s: the ids, events and party claims, are those expected (%d)"
       % (name, len(exp)), sorted(set(got) ^ set(exp))[:10])
    bad = [k for k in exp if k in got and (
        count(got[k]["low"]) != exp[k]["low"] or count(got[k]["high"]) != exp[k]["high"] or
        count(got[k]["best"]) != exp[k]["best"])]
    ok(not bad, "%s: every claim's low, high and best" % name, bad[:5])
    bad = [k for k in exp if k in got and (
        got[k]["place"] != exp[k]["place"] or
        got[k]["event"] != "ucdp-ged:" + k.split("-")[2] or
        (got[k]["period_start"], got[k]["period_end"]) != exp[k]["period"])]
    ok(not bad, "%s: every claim's place, event and period" % name,
       [(k, got[k]["place"], exp[k]["place"]) for k in bad[:5]])
    bad = [k for k in exp if k in got and (
        got[k]["group"] != exp[k]["group"] or got[k]["perpetrator"] != exp[k]["perpetrator"])]
    ok(not bad, "%s: every claim's group and perpetrator" % name,
       [(k, got[k]["group"], got[k]["perpetrator"]) for k in bad[:5]])
    # Per year: the sums of UCDP's own low, best and high over the events,
    # against the event claims (whose range covers best where UCDP's does not).
    sums_raw = collections.defaultdict(lambda: [0, 0, 0])
    sums_got = collections.defaultdict(lambda: [0, 0, 0])
    for r in rows:
        y = r["date_start"][:4]
        low, best, high = int(r["low"]), int(r["best"]), int(r["high"])
        for i, v in enumerate((min(low, best, high), best, max(low, best, high))):
            sums_raw[y][i] += v
    for k in events:
        c = got[k]
        for i, f in enumerate(("low", "best", "high")):
            sums_got[c["period_start"][:4]][i] += int(c[f])
    ok(sums_raw == sums_got, "%s: sums of low/best/high per year %s" % (name, dict(sums_got)),
       (dict(sums_raw), dict(sums_got)))
    return out, got


# ---- UCDP GED ---------------------------------------------------------------
syria_gz = os.path.join(REAL, "ucdp", "ged_syria_2016_2019_every8th.csv.gz")
raw = gzip.open(syria_gz, "rt", encoding="utf-8", newline="").read()
# Read as the docs say: gzip through a pipe.
syria_out, syria = check_ged("UCDP Syria (every 8th event)", raw, ["-"],
                             stdin=gzip.open(syria_gz, "rb").read())
ok(syria["ucdp-ged-214797"]["relay"] == "SOHR" and
   "originator: SOHR" in syria["ucdp-ged-214797"]["citation"],
   "UCDP Syria: source_office is the relay, source_original the originator in the citation",
   syria.get("ucdp-ged-214797"))
mmr = os.path.join(REAL, "ucdp", "ged191_mmr_bgd_every4th.csv")
check_ged("GED 19.1 Myanmar and Bangladesh (every 4th event)",
          open(mmr, encoding="utf-8", newline="").read(), [mmr])
mini = os.path.join(REAL, "ucdp_ged_sample_asia_mini.csv")
check_ged("GED sample, 49 columns, dates with times",
          open(mini, encoding="utf-8", newline="").read(), [mini])

# The output is a claims CSV the programs load, end to end.
path = os.path.join(TMP, "syria.csv")
open(path, "w", encoding="utf-8").write(syria_out)
st, out, err = run([RECONCILE, "-f", "csv", "--group", "civilians", path])
rec = claims(out)
ok(st == 0 and len(rec) > 0, "casualty-reconcile reads the import (%d civilian scopes)"
   % len(rec), err)
st, out, err = run([CHECK, path])
ok(st == 0 and out.startswith("%d claims good, 0 rows bad" % len(syria)),
   "casualty-check finds the import good", out + err)

# A bad row: told with its file, line and column, nothing written.
lines = raw.split("\n")
head = next(csv.reader([lines[0]]))
bad_rows = list(csv.reader(io.StringIO(raw)))[:4]
bad_rows[3][head.index("best")] = "12x"
buf = io.StringIO()
csv.writer(buf, lineterminator="\n").writerows(bad_rows)
bad_path = os.path.join(TMP, "bad-ged.csv")
open(bad_path, "w", encoding="utf-8").write(buf.getvalue())
line = buf.getvalue().split("\n").index(next(l for l in buf.getvalue().split("\n") if ",12x," in l)) + 1
st, out, err = run([IMPORT, "ucdp-ged", bad_path])
ok(st == 1 and out == "" and
   ("%s:%d:%d: field 'best': expected a whole number >= 0, got '12x'"
    % (bad_path, line, head.index("best") + 1)) in err,
   "a bad best: exit 1, file:line:column and the column named, nothing on stdout", err)
st, out, err = run([IMPORT, "ucdp-ged", mini])
no_col = os.path.join(TMP, "no-col.csv")
open(no_col, "w").write("id,low,best\n1,2,3\n")
st, out, err = run([IMPORT, "ucdp-ged", no_col])
ok(st == 1 and "field 'type_of_violence': required column 'type_of_violence' is missing" in err,
   "a missing column is a header error naming it", err)

# ---- PRIO ---------------------------------------------------------------------
prio = os.path.join(REAL, "poldat_battlelocationsfatalityshares.csv")
rows = list(csv.DictReader(open(prio, encoding="utf-8", errors="replace", newline=""),
                           delimiter=";"))
st, out, err = run([IMPORT, "prio", prio])
got = claims(out)
NA = ("", "NA", "-999")
with_figure = [r for r in rows if any(r[k] not in NA for k in ("bdeadlow", "bdeadhig", "bdeadbes"))]
ok(st == 0 and len(got) == len(with_figure),
   "PRIO: ';', -999 and NA read; one claim per conflict-year with a figure (%d of %d rows)"
   % (len(got), len(rows)), err)
raw_sums = collections.defaultdict(lambda: [0, 0, 0])
for r in with_figure:
    lo = 0 if r["bdeadlow"] in NA else int(r["bdeadlow"])
    b = None if r["bdeadbes"] in NA else int(r["bdeadbes"])
    hi = None if r["bdeadhig"] in NA else int(r["bdeadhig"])
    if b is not None:
        lo = min(lo, b)
        hi = None if hi is None else max(hi, b)
    raw_sums[r["year"]][0] += lo
    raw_sums[r["year"]][1] += b or 0
    raw_sums[r["year"]][2] += hi or 0
got_sums = collections.defaultdict(lambda: [0, 0, 0])
for c in got:
    got_sums[c["period_start"][:4]][0] += int(c["low"])
    got_sums[c["period_start"][:4]][1] += int(c["best"] or 0)
    got_sums[c["period_start"][:4]][2] += int(c["high"] or 0)
ok(raw_sums == got_sums, "PRIO: sums of low/best/high per year (%d years)" % len(got_sums))
ok(all(c["period_start"].endswith("-01-01") and c["period_end"].endswith("-12-31") and
       c["period_start"][:4] == c["period_end"][:4] for c in got) and
   {c["id"] for c in got} == {"prio-%s-%s-%s" % (r["conflict_id"], r["id"], r["year"])
                              for r in with_figure},
   "PRIO: ids conflict-id-year, periods the calendar year")
st, out, err = run([IMPORT, "ucdp-brd", "--na", "NA", prio])
ok(st == 1 and "expected a whole number >= 0, got negative '-999'" in err and out == "",
   "--na replaces the codes: -999 is then a bad count", err)

# ---- TechForPalestine ----------------------------------------------------------
tfp_counts = []
SOURCES = {"mohtel": "Gaza Ministry of Health", "gmotel": "Gaza Government Media Office",
           "un": "OCHA", "ocha": "OCHA", "moph_lb": "Lebanon Ministry of Public Health"}
for fname, place_path, src_col, killed_col in (
        ("tfp_casualties_daily.csv", "palestine/gaza", "report_source", "killed_cum"),
        ("tfp_west_bank_daily.csv", "palestine/west-bank", "flash_source", "killed_cum"),
        ("tfp_lebanon_casualties_daily.csv", "lebanon", "report_source", "killed_cum_reported")):
    path = os.path.join(REAL, "tfp", fname)
    rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
    st, out, err = run([IMPORT, "tfp", path])
    got = claims(out)
    reports = [r for r in rows if r[src_col] in SOURCES and r[killed_col] != ""]
    tfp_counts.append(len(reports))
    ok(st == 0 and len(got) == len(reports),
       "TFP %s: a claim per report (%d of %d rows)" % (place_path, len(got), len(rows)), err)
    # Series starts: the first report of each phase, less its report_period.
    import datetime
    starts = {}
    for r in reports:
        ph = r.get("phase", "1")
        if ph not in starts:
            d = datetime.date.fromisoformat(r["report_date"])
            hours = int(r.get("report_period") or 0)
            if hours >= 24 and hours % 24 == 0:
                d -= datetime.timedelta(days=hours // 24 - 1)
            starts[ph] = d.isoformat()
    good = all(c["place"] == place_path and c["period_end"] == r["report_date"] and
               c["reported_on"] == r["report_date"] and
               c["period_start"] == starts[r.get("phase", "1")] and
               c["low"] == c["high"] == r[killed_col] and c["source"] == SOURCES[r[src_col]]
               for c, r in zip(got, reports))
    ok(good, "TFP %s: each claim [series start, report day], its figure and source (%d series)"
       % (place_path, len(starts)))
st, out, err = run([IMPORT, "tfp", os.path.join(REAL, "tfp", "tfp_casualties_daily.csv"),
                    os.path.join(REAL, "tfp", "tfp_west_bank_daily.csv"),
                    os.path.join(REAL, "tfp", "tfp_lebanon_casualties_daily.csv")])
ok(st == 0 and len(claims(out)) == sum(tfp_counts),
   "TFP: three files into one ledger", err)
st, out, err = run([IMPORT, "tfp", os.path.join(REAL, "tfp", "tfp_west_bank_daily.csv"),
                    os.path.join(REAL, "tfp", "tfp_west_bank_daily.csv")])
ok(st == 1 and out == "" and "DUPLICATE" not in err and "already" in err,
   "TFP: the same file twice is a duplicate id, nothing written", err)

# ---- ACLED (rows written here: ACLED's terms forbid shipping its rows) ---------
ACLED_HEAD = ["event_id_cnty", "event_date", "year", "event_type", "actor1", "actor2",
              "country", "admin1", "admin2", "admin3", "location", "source", "notes",
              "fatalities"]
acled_rows = [
    ["SYR1001", "2019-03-02", "2019", "Battles", "Military Forces of Syria (2000-)",
     "HTS: Hayat Tahrir al Sham", "Syria", "Idleb", "Ariha", "Ariha", "Ariha", "SOHR",
     "Clashes near Ariha.", "7"],
    ["SYR1002", "03 March 2019", "2019", "Violence against civilians",
     "Military Forces of Syria (2000-)", "Civilians (Syria)", "Syria", "Hama", "", "",
     "Kafr Nabuda", "SNHR", "Shelling killed civilians.", "3"],
    ["SYR1003", "2019-03-04", "2019", "Violence against civilians",
     "Unidentified Armed Group (Syria)", "Civilians (Syria)", "Syria", "Dar'a", "Dar'a",
     "", "Daraa", "SOHR", "A man was shot.", "1"],
    ["SYR1004", "2020-01-05", "2020", "Explosions/Remote violence", "Military Forces of Turkey",
     "", "Syria", "Aleppo", "Afrin", "Jandairis", "Jandairis", "Hawar News", "Drone strike.", "0"],
]
acled = os.path.join(TMP, "acled.csv")
with open(acled, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(ACLED_HEAD)
    w.writerows(acled_rows)
st, out, err = run([IMPORT, "acled", acled])
got = {c["id"]: c for c in claims(out)}
ok(st == 0 and set(got) == {"acled-" + r[0] for r in acled_rows},
   "ACLED: a claim per event, id acled-<event_id_cnty>", err)
ok(all(got["acled-" + r[0]]["low"] == r[13] and got["acled-" + r[0]]["high"] == "" and
       got["acled-" + r[0]]["qualifier"] == "at_least" for r in acled_rows),
   "ACLED: fatalities as a floor [N, open)")
by_year = collections.Counter()
for r in acled_rows:
    by_year[r[2]] += int(r[13])
got_year = collections.Counter()
for c in got.values():
    got_year[c["period_start"][:4]] += int(c["low"])
ok(by_year == got_year, "ACLED: sum of floors per year %s" % dict(got_year))
c2, c3 = got["acled-SYR1002"], got["acled-SYR1003"]
ok(c2["period_start"] == "2019-03-03" and c2["group"] == "civilians" and
   c2["perpetrator"] == "government" and c2["place"] == "syria/hama" and
   c3["perpetrator"] == "" and c3["place"] == "syria/dara/dara" and
   got["acled-SYR1001"]["group"] == "" and got["acled-SYR1001"]["relay"] == "SOHR" and
   got["acled-SYR1001"]["event"] == "acled:SYR1001",
   "ACLED: dates as ACLED writes them, places, civilians and their perpetrator",
   (c2, c3))
acled_rows[2][13] = "-1"
with open(acled, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(ACLED_HEAD)
    w.writerows(acled_rows)
st, out, err = run([IMPORT, "acled", acled])
ok(st == 1 and out == "" and ("%s:4:14: field 'fatalities'" % acled) in err,
   "ACLED: a negative count is told at its line and column", err)

# ---- IBC (written here in IBC's incident export) --------------------------------
ibc = os.path.join(TMP, "ibc.csv")
ibc_rows = [["k1", "20 Mar 2003", "20 Mar 2003", "", "Baghdad", "civilians", "air strike", "3", "5", "AFP"],
            ["k2", "21 Mar 2003", "22 Mar 2003", "", "Basra", "market", "shelling", "10", "10", "Reuters"],
            ["a2", "1 Jan 2004", "", "", "Mosul", "", "gunfire", "1", "", "AP"]]
with open(ibc, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["IBC code", "Start Date", "End Date", "Time", "Location", "Target", "Weapons",
                "Reported Minimum", "Reported Maximum", "Sources"])
    w.writerows(ibc_rows)
st, out, err = run([IMPORT, "ibc", ibc])
got = {c["id"]: c for c in claims(out)}
ok(st == 0 and [got["ibc-k1"][k] for k in ("low", "high", "period_start", "place", "group")]
   == ["3", "5", "2003-03-20", "iraq/baghdad", "civilians"] and
   got["ibc-k2"]["period_end"] == "2003-03-22" and got["ibc-a2"]["high"] == "1" and
   got["ibc-a2"]["period_end"] == "2004-01-01",
   "IBC: minimum and maximum, days, place, civilians", out + err)

# ---- a mapping file for any other layout ---------------------------------------
mapping = os.path.join(TMP, "gtd.map")
open(mapping, "w").write("# the GTD's layout\nid = gtd-{eventid}\nsource = GTD\n"
                         "outcome = killed\nlow = {nkill}\nhigh = {nkill}\n"
                         "place = {country_txt}/{provstate}\n"
                         "period_start = {iyear}-{imonth}-{iday}\n"
                         "period_end = {iyear}-{imonth}-{iday}\nquote = {summary}\n")
gtd = os.path.join(TMP, "gtd.tsv")
open(gtd, "w").write("eventid\tiyear\timonth\tiday\tcountry_txt\tprovstate\tnkill\tsummary\n"
                     "1\t2015\t06\t01\tIraq\tNinawa Province\t12\tA bomb.\n"
                     "2\t2015\t06\t02\tCôte d'Ivoire\tNA\t0\t\n")
st, out, err = run([IMPORT, "mapping", "--mapping", mapping, "--delimiter", "tab", gtd])
got = claims(out)
ok(st == 0 and [(c["id"], c["place"], c["period_start"], c["low"]) for c in got] ==
   [("gtd-1", "iraq/ninawa-province", "2015-06-01", "12"), ("gtd-2", "cote-divoire", "2015-06-02", "0")],
   "mapping: templates, slugged paths that end at a missing part", out + err)
open(mapping, "a").write("group = {nosuch}\n")
st, out, err = run([IMPORT, "mapping", "--mapping", mapping, "--delimiter", "tab", gtd])
ok(st == 1 and ("%s:11: field 'mapping': the data has no column 'nosuch'" % mapping) in err,
   "mapping: a column the data lacks is told at the mapping's line", err)

# ---- encodings -----------------------------------------------------------------
latin = os.path.join(TMP, "latin1.csv")
open(latin, "wb").write(("id,source,outcome,low\n".replace("low", "nkill")).encode() +
                        "1,Caf\u00e9 \u2013 report,killed,4\n".encode("cp1252"))
open(mapping, "w").write("id = x-{id}\nsource = {source}\noutcome = {outcome}\nlow = {nkill}\n")
st, out, err = run([IMPORT, "mapping", "--mapping", mapping, "--encoding", "cp1252", latin])
ok(st == 0 and claims(out)[0]["source"] == "Caf\u00e9 \u2013 report",
   "--encoding cp1252 converts to UTF-8", out + err)
st, out, err = run([IMPORT, "mapping", "--mapping", mapping, latin])
ok(st == 1 and "not valid UTF-8" in err, "the same bytes read as UTF-8 are refused", err)

# ---- infobox -------------------------------------------------------------------
box = os.path.join(TMP, "infobox.txt")
open(box, "w").write("{{Infobox military conflict\n| conflict = March 2025 Western Syria clashes\n"
                     "| place = Western Syria\n"
                     "| combatant1 = {{flagicon|Syria}} [[Syrian transitional government|Syria]]\n"
                     "| combatant2 = Assad loyalists\n"
                     "| casualties1 = 231+ killed (per SOHR)<ref>x</ref>\n"
                     "| casualties2 = 250 killed\n"
                     "| casualties3 = 1,500 civilians killed (per SOHR)\n}}\n")
st, out, err = run([IMPORT, "infobox", box])
got = claims(out)
ok(st == 0 and [(c["group"], c["low"], c["source"]) for c in got] ==
   [("combatants/syria", "231", "SOHR"), ("combatants/assad-loyalists", "250", "Wikipedia (unattributed)"),
    ("civilians", "1500", "SOHR")],
   "infobox: sides' figures get their combatants as the group, casualties3 civilians", out + err)

# ---- casualty-check --------------------------------------------------------------
good = os.path.join(TMP, "good.csv")
open(good, "w").write("id,source,outcome,low\na,SOHR,killed,1\nb,SNHR,killed,2\n")
badc = os.path.join(TMP, "bad.csv")
open(badc, "w").write("id,source,outcome,low\nc,SOHR,killed,12x\nd,SOHR,killed,3\na,X,killed,1\n"
                      "e,,killed,1\n")
st, out, err = run([CHECK, good])
ok(st == 0 and out == "2 claims good, 0 rows bad, 0 files unreadable\n", "check: a good file", out)
st, out, err = run([CHECK, good, badc])
lines = out.splitlines()
ok(st == 1 and len(lines) == 4 and lines[0].startswith(badc + ":2:4: field 'low'") and
   lines[1].startswith(badc + ":4:1: field 'id'") and lines[2].startswith(badc + ":5:2: field 'source'") and
   lines[3] == "3 claims good, 3 rows bad, 0 files unreadable",
   "check: every bad row with its line, column and reason; ids unique across files; exit 1", out)

print("1..%d" % n)
sys.exit(1 if failed else 0)
