# SPDX-License-Identifier: MIT
"""casualty-plot --series (issue 17) on the TechForPalestine Gaza extract,
end to end: casualty-import tfp --groups, then the SVG. Each source's line
is checked point by point against the reports recomputed here from the raw
CSV with the csv module, through the scale the SVG's own tick marks give
(two labelled ticks per axis); the revision rings against the revisions
recomputed the same way (a report below the source's own highest earlier
figure: the Ministry of Health's women killed, 1,000 then 967); and the
SVG is well-formed XML (ElementTree, and xmllint --noout where installed).
Needs top_srcdir and top_builddir in the environment. TAP output."""

import csv
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

TOP = os.environ["top_srcdir"]
BUILD = os.environ["top_builddir"]
RAW = os.path.join(TOP, "tests", "data", "real", "tfp", "tfp_casualties_daily.csv")
IMPORT = os.path.join(BUILD, "examples", "casualty-import")
PLOT = os.path.join(BUILD, "examples", "casualty-plot")
TMP = tempfile.mkdtemp(prefix="cas-plot-series.")
NS = "{http://www.w3.org/2000/svg}"
SOURCES = {"mohtel": "Gaza Ministry of Health", "gmotel": "Gaza Government Media Office"}
GROUPS = {"": "killed_cum", "civilians/children": "killed_children_cum",
          "civilians/women": "killed_women_cum"}
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


def ordinal(s):
    return datetime.date.fromisoformat(s).toordinal()


# The reports from the raw rows: a report of a source is a row with its
# code and the total killed; a group's figure is read from such a row.
expected = {}
for r in csv.DictReader(open(RAW, encoding="utf-8", newline="")):
    if r["report_source"] not in SOURCES or r["killed_cum"] == "":
        continue
    for group, col in GROUPS.items():
        if r[col] != "":
            key = (group, SOURCES[r["report_source"]])
            expected.setdefault(key, []).append((r["report_date"], int(float(r[col]))))
revisions = []
for (group, source), reps in expected.items():
    reps.sort()
    top = None
    for d, v in reps:
        if top is not None and v < top:
            revisions.append((group, source, d, top - v))
        top = v if top is None else max(top, v)

claims = os.path.join(TMP, "gaza.csv")
svg = os.path.join(TMP, "gaza.svg")
with open(claims, "w") as f:
    p = subprocess.run([IMPORT, "tfp", "--groups", RAW], stdout=f, stderr=subprocess.PIPE,
                       text=True)
ok(p.returncode == 0, "casualty-import tfp --groups reads the Gaza extract", p.stderr)
with open(svg, "w") as f:
    p = subprocess.run([PLOT, "--series", claims], stdout=f, stderr=subprocess.PIPE, text=True)
ok(p.returncode == 0, "casualty-plot --series draws it", p.stderr)

try:
    root = ET.parse(svg).getroot()
    parsed = True
except ET.ParseError as e:
    root, parsed = None, False
    ok(False, "the SVG is well-formed XML", e)
if parsed:
    ok(root.tag == NS + "svg", "the SVG is well-formed XML with an svg root")
if shutil.which("xmllint"):
    p = subprocess.run(["xmllint", "--noout", svg], capture_output=True, text=True)
    ok(p.returncode == 0, "xmllint --noout accepts the SVG", p.stderr)

if not parsed:
    print("1..%d" % n)
    sys.exit(1)


def affine(pairs):
    """pixel = a + b * value from the first and last (value, pixel) pairs."""
    (v0, p0), (v1, p1) = pairs[0], pairs[-1]
    b = (p1 - p0) / (v1 - v0)
    return p0 - b * v0, b


panels = root.findall(NS + "g[@class='panel']")
ok(len(panels) == 3, "one chart per group: killed, children, women", len(panels))
seen = set()
for g in panels:
    head = g.find(NS + "text").text
    group = next((k for k in GROUPS if k and ", " + k + "," in head), "")
    yt = [(float(t.get("data-value")), float(t.find(NS + "line").get("y1")))
          for t in g.findall(NS + "g[@class='ytick']")]
    xt = [(ordinal(t.get("data-day")), float(t.find(NS + "line").get("x1")))
          for t in g.findall(NS + "g[@class='xtick']")]
    ok(len(yt) >= 2 and len(xt) >= 2, "panel %r has labelled ticks on both axes" % head)
    ya, yb = affine(sorted(yt))
    xa, xb = affine(sorted(xt))
    for line in g.findall(NS + "polyline[@class='series']"):
        source = line.get("data-source")
        seen.add((group, source))
        pts = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
        want = expected.get((group, source), [])
        bad = [(d, v, x, y) for (d, v), (x, y) in zip(want, pts)
               if abs(xa + xb * ordinal(d) - x) > 0.3 or abs(ya + yb * v - y) > 0.3]
        ok(len(pts) == len(want) and not bad,
           "%s, %s: %d points at the raw CSV's reports" % (source, group or "all", len(want)),
           "points %d, reports %d, off: %s" % (len(pts), len(want), bad[:5]))
ok(seen == set(expected), "a line for every source and group the raw CSV reports",
   sorted(seen ^ set(expected)))

rings = []
for g in panels:
    head = g.find(NS + "text").text
    group = next((k for k in GROUPS if k and ", " + k + "," in head), "")
    for c in g.iter(NS + "circle"):
        if c.get("class") == "revision":
            rings.append((group, c.find(NS + "title").text.split(" revised")[0],
                          c.get("data-claim")[-10:], int(c.get("data-size"))))
ok(sorted(rings) == sorted(revisions) and len(revisions) >= 1,
   "the revision rings are the raw CSV's revisions", "rings %s, raw %s" % (rings, revisions))
ok(("civilians/women", "Gaza Ministry of Health", "2023-10-21", 33) in rings,
   "the Ministry of Health's women killed, 1,000 revised to 967, is ringed", rings)

print("1..%d" % n)
sys.exit(1 if failed else 0)
