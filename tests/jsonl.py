# SPDX-License-Identifier: MIT
"""Every program's JSON Lines (-f jsonl, docs/jsonl.md) against its CSV
(-f csv), run on the bundled claims, the Civil War file, the MSE tables,
the TechForPalestine extract and claims with awkward text: each line must
parse alone (json.loads) as an object, there must be one line per CSV row,
and every CSV field must equal the matching JSON value (an empty field is
null, a number the same number, yes/no true/false where JSON has a bool;
reconciliation's claim lists and conflicts are rebuilt from the nested
provenance and conflicts). Needs top_srcdir and top_builddir in the
environment. TAP output."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

TOP = os.environ["top_srcdir"]
BUILD = os.environ["top_builddir"]
EX = os.path.join(BUILD, "examples")
TMP = tempfile.mkdtemp(prefix="cas-jsonl.")
ACW = os.path.join(TOP, "examples", "data", "acw-casualties.csv")
HIV = os.path.join(TOP, "tests", "data", "mse", "hiv-rome.csv")
TFP = os.path.join(TOP, "tests", "data", "real", "tfp", "tfp_casualties_daily.csv")
ARTICLE = os.path.join(TOP, "tests", "data", "phrases", "seed_article.txt")
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


def run(prog, args, stdin=None):
    p = subprocess.run([os.path.join(EX, prog)] + args, capture_output=True, input=stdin)
    return p.returncode, p.stdout, p.stderr


def same_value(text, value):
    """Whether CSV field @text says what JSON @value says."""
    if value is None:
        return text == ""
    if isinstance(value, bool):
        return text == ("yes" if value else "no")
    if isinstance(value, (int, float)):
        try:
            return float(text) == float(value)
        except ValueError:
            return False
    return text == value


def listed(text):
    """An id or source as the CSV's claim lists write it (docs/csv.md,
    "Output that cannot be abused"): in double quotes, each '"' doubled,
    when it is empty, has a space at an end, holds ';', '"' or ') >', or
    parentheses that do not pair up."""
    depth, unpaired = 0, False
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        unpaired = unpaired or depth < 0
    if (not text or text[0] == " " or text[-1] == " " or ";" in text or '"' in text
            or ") >" in text or unpaired or depth != 0):
        return '"%s"' % text.replace('"', '""')
    return text


def claims_text(refs):
    return "; ".join("%s (%s)" % (listed(r["id"]), listed(r["source"])) for r in refs)


def conflict_text(c):
    ratio = "n/a" if c["ratio"] is None else "%.2f" % c["ratio"]
    return "%s (%s) > %s (%s): gap %d, ratio %s" % (
        listed(c["higher"]["id"]), listed(c["higher"]["source"]), listed(c["lower"]["id"]),
        listed(c["lower"]["source"]), c["gap"], ratio)


def flatten(obj):
    """A reconciliation record with its nested members as the CSV packs them."""
    out = dict(obj)
    prov = out.pop("provenance", None)
    if prov is not None:
        for bound, refs in prov.items():
            out[bound + "_claims"] = claims_text(refs)
    conflicts = out.get("conflicts")
    if isinstance(conflicts, list):
        out["conflicts"] = "; ".join(conflict_text(c) for c in conflicts)
    return out


def compare(name, prog, args, stdin=None, min_rows=1, rc_ok=(0,)):
    rc_c, out_c, err_c = run(prog, ["-f", "csv"] + args, stdin)
    rc_j, out_j, err_j = run(prog, ["-f", "jsonl"] + args, stdin)
    ok(rc_c in rc_ok and rc_j in rc_ok, "%s: both formats run (exit %d, %d)" % (name, rc_c, rc_j),
       (err_c + err_j).decode("utf-8", "replace"))
    text = out_c.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    lines = out_j.decode("utf-8").split("\n")
    ok(lines[-1] == "", "%s: the JSON Lines end with a newline" % name)
    lines = lines[:-1]
    objs, bad = [], []
    for i, line in enumerate(lines):
        try:
            o = json.loads(line)
            if not isinstance(o, dict):
                bad.append("line %d: not an object" % (i + 1))
            objs.append(o)
        except ValueError as e:
            bad.append("line %d: %s: %r" % (i + 1, e, line[:200]))
    ok(not bad, "%s: each of %d lines parses alone as a JSON object" % (name, len(lines)),
       "\n".join(bad))
    if shutil.which("jq"):
        # and so says jq, each line read alone (-R, fromjson)
        p = subprocess.run(["jq", "-R", "fromjson | type"], input=out_j, capture_output=True)
        got = p.stdout.decode("utf-8", "replace").split()
        ok(p.returncode == 0 and got == ['"object"'] * len(lines),
           "%s: jq reads each of %d lines alone as an object" % (name, len(lines)),
           p.stderr.decode("utf-8", "replace") or got[:3])
    ok(len(rows) >= min_rows and len(objs) == len(rows),
       "%s: one object per CSV row (%d objects, %d rows)" % (name, len(objs), len(rows)))
    diffs = []
    head = next(csv.reader(io.StringIO(text, newline=""))) if text else []
    for i, (row, obj) in enumerate(zip(rows, objs)):
        flat = flatten(obj)
        if set(flat) != set(head):
            diffs.append("row %d: JSON keys %s, CSV columns %s"
                         % (i + 1, sorted(set(flat) ^ set(head)), ""))
            continue
        for col in head:
            if not same_value(row[col], flat[col]):
                diffs.append("row %d, %s: CSV %r, JSON %r" % (i + 1, col, row[col], flat[col]))
    ok(not diffs, "%s: every field of every row equals the CSV's" % name, "\n".join(diffs))
    return objs


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return path


# Claims whose text needs escaping: quotes, a backslash, a tab, a newline
# inside a quoted field, U+2028 and a non-ASCII place name.
AWKWARD = write("awkward.csv",
                "id,source,basis,outcome,group,place,period_start,period_end,qualifier,low,high,"
                "quote\n"
                'a-1,"Src ""A""\\x",reported,killed,civilians,syria/ḥimṣ,2025-03-01,2025-03-02,'
                'exact,10,10,"line one\nline\ttwo \u2028 end"\n'
                'a-2,B\u2028\tb,reported,killed,civilians,syria/ḥimṣ,2025-03-01,2025-03-02,at_least,40,,'
                '"x\\y"\n'
                'a-3,C,reported,killed,civilians,syria/ḥimṣ,2025-03-01,2025-03-02,approx,5,7,\n')
rc, imported, err = run("casualty-import", ["tfp", TFP])
TFP_CLAIMS = write("tfp-claims.csv", imported.decode("utf-8"))
ok(rc == 0, "casualty-import tfp runs", err.decode())
UCDP = os.path.join(TOP, "tests", "data", "real", "ucdp_ged_sample_asia_mini.csv")
rc, imported, err = run("casualty-import", ["ucdp-ged", UCDP])
UCDP_CLAIMS = write("ucdp-claims.csv", imported.decode("utf-8"))
ok(rc == 0, "casualty-import ucdp-ged runs", err.decode())

objs = compare("reconcile, Civil War", "casualty-reconcile", [ACW], min_rows=500)
ok(any(o["conflicts"] for o in objs) and all(isinstance(o["consensus"], bool) for o in objs),
   "reconcile: conflicts nested, consensus a bool")
objs = compare("reconcile, bundled", "casualty-reconcile", [])
ok(any(o["envelope_high"] is None for o in objs) and any(o["best"] is None for o in objs)
   and any(o["period_start"] is None for o in objs),
   "reconcile: open highs, missing bests and unknown days null")
compare("reconcile, tolerance", "casualty-reconcile", ["--tolerance", "5%", ACW], min_rows=500)
objs = compare("reconcile, awkward text", "casualty-reconcile", [AWKWARD])
compare("compare, pairs", "casualty-compare", [])
compare("compare, Civil War pairs", "casualty-compare", [ACW])
compare("compare --scope", "casualty-compare",
        ["--scope", "--outcome", "killed", "--group", "civilians", "--place", "syria/coast",
         "--from", "2025-03-06", "--to", "2025-03-12"], min_rows=2)
compare("sum, propagation", "casualty-sum", [])
compare("sum --all", "casualty-sum", ["--all"], min_rows=10)
compare("sum --by group", "casualty-sum",
        ["--by", "group", "--outcome", "killed", "--place", "syria/coast", "--from", "2025-03-06",
         "--to", "2025-03-12"], min_rows=4)
compare("sum --by period", "casualty-sum",
        ["--by", "period", "--outcome", "killed", "--group", "civilians", "--place",
         "syria/coast"], min_rows=1, rc_ok=(0, 1))
compare("mse, all models", "casualty-mse", [HIV], min_rows=50)
compare("mse --model", "casualty-mse", ["--model", "[12,23]", HIV])
compare("mse --claim", "casualty-mse", ["--claim", "--group", "civilians", HIV])
compare("series, reports", "casualty-series", [TFP_CLAIMS], min_rows=100)
compare("series --summary", "casualty-series", ["--summary", TFP_CLAIMS], min_rows=2)
compare("series --as-of", "casualty-series", ["--as-of", TFP_CLAIMS], min_rows=2)
compare("rollup", "casualty-rollup",
        ["--place-depth", "1", "--period", "month", "--straddle", "split", UCDP_CLAIMS], min_rows=2)
compare("import ucdp-ged", "casualty-import", ["ucdp-ged", UCDP], min_rows=5)
compare("import tfp", "casualty-import", ["tfp", TFP], min_rows=100)
compare("claims of casualty-parse", "casualty-parse", [ARTICLE], min_rows=3)
compare("check, bad rows", "casualty-check",
        [write("bad.csv", "id,source,basis,outcome,qualifier,low,high\n"
                          "x1,A,reported,killed,exact,5,5\n"
                          'x2,"B ""q""",reported,killed,exact,abc,5\n'
                          "x1,C,reported,killed,exact,1,1\n"),
         os.path.join(TMP, "missing.csv")], min_rows=3, rc_ok=(1,))

# The awkward text survives: U+2028 escaped, a tab, quotes and a backslash.
rc, out, err = run("casualty-reconcile", ["-f", "jsonl", AWKWARD])
line = out.decode("utf-8").split("\n")[0]
ok("\\u2028\\tb" in line and "\u2028" not in line and '\\"A\\"\\\\x' in line,
   "U+2028 and a tab escaped, quotes and backslashes escaped in source names", line)
rc, out, err = run("casualty-parse", ["-f", "jsonl", ARTICLE])
ok(all("\n" not in json.dumps(json.loads(l)) for l in out.decode().splitlines()),
   "casualty-parse: quotes with line breaks stay on one line")

# A format that is not for claims is refused by the claims writers.
for prog, args in (("casualty-import", ["-f", "markdown", "tfp", TFP]),
                   ("casualty-parse", ["-f", "text", ARTICLE]),
                   ("casualty-check", ["-f", "markdown", AWKWARD])):
    rc, out, err = run(prog, args)
    ok(rc == 2 and b"--format" in err, "%s refuses %s" % (prog, args[1]), err.decode())

print("1..%d" % n)
sys.exit(1 if failed else 0)
