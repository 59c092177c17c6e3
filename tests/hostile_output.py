# SPDX-License-Identifier: MIT
"""Every program and output format on a corpus of hostile fields
(docs/csv.md, "Output that cannot be abused"): claims whose ids, sources,
relays, citations and quotes hold every C0 control but NUL, DEL, every C1
control, U+FFFE, U+FFFF, bidi marks and other hidden characters, newlines
and formula prefixes, on paths such as "*", "=cmd", "[a](b)" and "a|b".
Each output is checked well-formed: SVG with xmllint --noout and Python's
XML parser, CSV with the csv module (strict, one column count, every
hostile field read back as it was written), Markdown tables by their
column count, JSON Lines (where a program has -f jsonl) with json.loads
per line, and text with no raw control, bidi or noncharacter at all.
--protect-formulas is checked to leave no cell a spreadsheet would run;
JSON Lines are read line by line by jq too, when it is installed. A place
named "*" must print apart from "all" (no place) in every program that
shows scopes, and the claim lists of reconcile and sum (the *_claims
cells) must read back as the real (id, source) pairs on ids such as
"x (FAKE); y".
Needs top_srcdir and top_builddir in the environment. TAP output."""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.dom.minidom

BUILD = os.environ["top_builddir"]
TMP = tempfile.mkdtemp(prefix="cas-hostile.")
n = 0
failed = 0


def ok(cond, what, detail=""):
    global n, failed
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, what))
    if not cond:
        failed += 1
        for line in str(detail).splitlines()[:20]:
            print("#   " + repr(line))


def prog(name):
    return os.path.join(BUILD, "examples", "casualty-" + name)


def run(args, stdin=None):
    p = subprocess.run(args, capture_output=True, input=stdin)
    return p.returncode, p.stdout, p.stderr


# ---- the corpus ----------------------------------------------------------

HOSTILE = [chr(c) for c in range(1, 0x20)] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]
HOSTILE += ["\ufffe", "\uffff", "\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u200e",
            "\u200f", "\u061c", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\ufeff",
            "\u2028", "\u2029", "\r\n", "\x1b[2J\x1b[31m", "\x07\x07"]
FORMULAS = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", '=HYPERLINK("http://x")']
PLACES = ["", "*", "=cmd", "+p", "-p", "@p", "[a](b)", "a|b", "<b>x</b>", "a_b*c", "\\*",
          "x (FAKE); y", "syria/coast"]
HEAD = ["id", "source", "source_kind", "relay", "outcome", "group", "place", "event",
        "period_start", "period_end", "reported_on", "low", "high", "citation", "quote"]


def corpus():
    rows = []
    k = 0
    for i, h in enumerate(HOSTILE):
        for j in range(2):  # two sources on each scope: rivals, conflicts
            f = FORMULAS[(i + j) % len(FORMULAS)]
            place = PLACES[i % len(PLACES)]
            rows.append({
                "id": "%sid%d%s (FAKE); y" % (f if j else "", k, h),
                "source": "%s%s src%d" % (f, h, j),
                "source_kind": "kind" + h,
                "relay": h + "relay",
                "outcome": "killed",
                "group": "" if i % 3 else "=g",
                "place": place,
                "event": "" if i % 4 else "@ev%d" % i,
                "period_start": "2025-03-06",
                "period_end": "2025-03-07",
                "reported_on": "2025-03-%02d" % (10 + j),
                "low": str(10 + 100 * j),
                "high": str(50 + 100 * j),
                "citation": f + h,
                "quote": "at least %d%s said |[x]|" % (10 + j, h),
            })
            k += 1
    return rows


def write_corpus(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fp:
        w = csv.DictWriter(fp, HEAD, lineterminator="\n", quoting=csv.QUOTE_ALL)
        w.writeheader()
        for r in rows:
            w.writerow(r)


# ---- the checks ------------------------------------------------------------

BAD_TEXT = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e"
                      "\u2060-\u2069\ufeff\ufdd0-\ufdef\ufffe\uffff]")


def check_text(what, out):
    try:
        s = out.decode("utf-8")
    except UnicodeDecodeError as e:
        ok(False, what + ": text is UTF-8", e)
        return
    m = BAD_TEXT.search(s)
    ok(m is None, what + ": no raw control, bidi or hidden character",
       m and "U+%04X at %d: %r" % (ord(m.group()), m.start(), s[max(0, m.start() - 40):m.start() + 40]))


def check_csv(what, out, protect=False, must_hold=()):
    try:
        s = out.decode("utf-8")
        rows = list(csv.reader(io.StringIO(s, newline=""), strict=True))
    except (UnicodeDecodeError, csv.Error) as e:
        ok(False, what + ": CSV parses", e)
        return
    width = {len(r) for r in rows}
    ok(len(rows) > 1 and len(width) == 1, what + ": CSV, %d rows of one width" % len(rows),
       "widths %s" % sorted(width))
    cells = [c for r in rows[1:] for c in r]
    if protect:
        bad = [c for c in cells if c and c[0] in "=+-@\t\r" and not re.fullmatch(r"[-+]\d+(\.\d+)?", c)]
        ok(not bad, what + ": no cell a spreadsheet runs as a formula", bad[:5])
        ok(any(c.startswith("'") for c in cells), what + ": formula cells protected with '")
    else:
        for piece in must_hold:
            ok(any(piece in c for r in rows for c in r), what + ": %r written as it is" % piece)


def unescaped_pipes(line):
    count, i = 0, 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        count += line[i] == "|"
        i += 1
    return count


def check_markdown(what, out):
    s = out.decode("utf-8")
    check_text(what, s.encode("utf-8"))
    tables, cur = [], []
    for line in s.split("\n"):
        if line.startswith("|"):
            cur.append(line)
        elif cur:
            tables.append(cur)
            cur = []
    if cur:
        tables.append(cur)
    ok(tables, what + ": a Markdown table")
    for t in tables:
        cols = unescaped_pipes(t[0])
        bad = [l for l in t if unescaped_pipes(l) != cols or not l.rstrip().endswith("|")]
        ok(not bad and re.fullmatch(r"\|( :?-+:? \|)+", t[1]) is not None,
           what + ": table of %d lines, %d columns in every line" % (len(t), cols - 1), bad[:3])
    # outside the tables, an unescaped [ or ] would start a link
    raw = [l for l in s.split("\n") if re.search(r"(?<!\\)\[[^\]]*(?<!\\)\]\(", l)]
    ok(not raw, what + ": no link made from the data", raw[:3])


def check_svg(what, path):
    if shutil.which("xmllint"):
        rc, _, err = run(["xmllint", "--noout", path])
        ok(rc == 0, what + ": xmllint --noout", err.decode("utf-8", "replace"))
    else:
        ok(False, what + ": xmllint is installed (Debian: libxml2-utils)")
    try:
        xml.dom.minidom.parse(path)
        ok(True, what + ": Python's XML parser reads it")
    except Exception as e:  # expat's errors
        ok(False, what + ": Python's XML parser reads it", e)


def check_jsonl(what, out):
    bad = []
    lines = out.decode("utf-8").splitlines()
    for line in lines:
        try:
            json.loads(line)
        except ValueError as e:
            bad.append("%s: %r" % (e, line[:80]))
    ok(lines and not bad, what + ": %d JSON lines" % len(lines), bad[:3])
    if shutil.which("jq"):
        # jq reads each line alone (-R, fromjson) as one object
        rc, types, err = run(["jq", "-R", "fromjson | type"], out)
        got = types.decode("utf-8", "replace").split()
        ok(rc == 0 and got == ['"object"'] * len(lines),
           what + ": jq reads %d lines, each an object" % len(lines),
           err.decode("utf-8", "replace") or got[:3])


# ---- claim lists (the *_claims cells) ----------------------------------------

LIST_IDS = ["x (FAKE); y", 'a"b', "x (S) > y", "a) (b", "a (b", "Wikipedia (unattributed)",
            "plain", "q; r (s)"]
LIST_SOURCES = ["S (1); T", "Src (unattributed)", 'Q"', "P"]


def read_item(s, i, stop):
    """One id or source of a claim list from s[i:]: quoted ("" a quote) or
    as it is up to @stop at parenthesis depth 0. Returns (text, next i)."""
    if s.startswith('"', i):
        out, i = [], i + 1
        while True:
            j = s.index('"', i)
            out.append(s[i:j])
            if s.startswith('""', j):
                out.append('"')
                i = j + 2
            else:
                return "".join(out), j + 1
    depth, j = 0, i
    while j < len(s):
        if depth == 0 and s.startswith(stop, j):
            return s[i:j], j
        depth += (s[j] == "(") - (s[j] == ")")
        j += 1
    raise ValueError("no %r after %r" % (stop, s[i:]))


def parse_claim_list(s):
    """"id (source); id (source)" back into its (id, source) pairs. An
    unquoted id may hold balanced parentheses ("Wikipedia (unattributed)
    (src)"), so each " (" at depth 0 is tried in turn; what each position
    gives is remembered, so a malformed list fails in polynomial time."""
    memo = {}

    def from_(i):
        if i in memo:
            return memo[i]
        memo[i] = None
        if s.startswith('"', i):
            try:
                ident, j = read_item(s, i, " (")
            except ValueError:
                return None
            ends = [(ident, j)] if s.startswith(" (", j) else []
        else:
            ends, depth = [], 0
            for j in range(i, len(s)):
                if depth == 0 and s.startswith(" (", j):
                    ends.append((s[i:j], j))
                depth += (s[j] == "(") - (s[j] == ")")
        for ident, j in ends:
            try:
                source, k = read_item(s, j + 2, ")")
            except ValueError:
                continue
            if not s.startswith(")", k):
                continue
            k += 1
            if k == len(s):
                memo[i] = [(ident, source)]
                break
            if s.startswith("; ", k):
                rest = from_(k + 2)
                if rest is not None:
                    memo[i] = [(ident, source)] + rest
                    break
        return memo[i]

    pairs = from_(0)
    if pairs is None:
        raise ValueError("not a claim list: %r" % s[:200])
    return pairs


def check_claim_lists(what, cells, claims):
    """Each cell, a list of claims, reads back as (id, source) pairs of real
    claims: an id holding "; " or " (" is not taken for several claims."""
    bad, seen = [], set()
    for cell in cells:
        if not cell:
            continue
        try:
            pairs = parse_claim_list(cell)
        except ValueError as e:
            bad.append(str(e))
            continue
        bad += ["not a claim: %r in %r" % (p, cell) for p in pairs if p not in claims]
        seen.update(pairs)
    ok(not bad and seen, what + ": claim lists read back as %d real claims" % len(seen), bad[:3])
    ok(any(";" in p[0] for p in seen), what + ": an id holding ';' read back as one claim",
       sorted(seen)[:5])


def claim_list_cells():
    """A ledger whose claim ids and sources hold the list's own syntax,
    each scope with claims in conflict, through reconcile and sum (CSV and
    JSON Lines)."""
    path = os.path.join(TMP, "lists.csv")
    claims = set()
    with open(path, "w", encoding="utf-8", newline="") as fp:
        w = csv.writer(fp, lineterminator="\n")
        w.writerow(["id", "source", "outcome", "place", "period_start", "period_end", "low",
                    "high"])
        for k, ident in enumerate(LIST_IDS):
            src = LIST_SOURCES[k % len(LIST_SOURCES)]
            place = "p%d" % (k // 2)
            w.writerow([ident, src, "killed", place, "2025-03-01", "2025-03-02",
                        10 + 100 * (k % 2), 20 + 100 * (k % 2)])
            claims.add((ident, src))
    for fmt in ("csv", "jsonl"):
        for name, args, cols in (
                ("reconcile", [], ("envelope_low_claims", "envelope_high_claims",
                                   "consensus_low_claims", "consensus_high_claims", "best_claims")),
                ("sum", ["--all"], ("low_claims", "high_claims"))):
            rc, out, err = run([prog(name), "-f", fmt] + args + [path])
            ok(rc == 0, "claim lists: %s -f %s runs" % (name, fmt), err.decode("utf-8", "replace"))
            text = out.decode("utf-8")
            if fmt == "csv":
                records = list(csv.DictReader(io.StringIO(text, newline="")))
            else:
                records = [json.loads(line) for line in text.splitlines()]
            what = "claim lists: %s -f %s" % (name, fmt)
            if fmt == "jsonl" and name == "reconcile":
                # nested provenance (docs/jsonl.md): the pairs themselves
                got = {(ref["id"], ref["source"]) for r in records
                       for refs in r["provenance"].values() for ref in refs}
                ok(got and got <= claims and any(";" in g[0] for g in got),
                   what + ": provenance names %d real claims" % len(got), sorted(got - claims)[:3])
                continue
            cells = [r[c] for r in records for c in cols if isinstance(r.get(c), str)]
            ok(cells, what + ": has %s cells" % "/".join(cols))
            check_claim_lists(what, cells, claims)


# ---- a place named "*" ----------------------------------------------------------


def star_is_not_all():
    """A place named "*" never prints like "all" (the place left empty): the
    same claims on place "*" and on no place give different output in every
    program that shows scopes, in every format."""
    files = {}
    for name, place in (("star", "*"), ("all", "")):
        files[name] = os.path.join(TMP, name + ".csv")
        with open(files[name], "w", encoding="utf-8", newline="") as fp:
            w = csv.writer(fp, lineterminator="\n")
            w.writerow(["id", "source", "outcome", "group", "place", "period_start", "period_end",
                        "low", "high"])
            for ident, src, low, high in (("a", "S1", 10, 20), ("b", "S2", 30, 40)):
                w.writerow([ident, src, "killed", "civilians", place, "2025-03-01", "2025-03-02",
                            low, high])
    runs = []
    for name, args in (("reconcile", []), ("sum", ["--all"]), ("series", [])):
        for fmt in ("text", "markdown", "csv", "jsonl"):
            runs.append(("%s -f %s" % (name, fmt), [prog(name), "-f", fmt] + args))
    for name, args in (("plot", []), ("plot --summary --label place", ["--summary", "--label",
                                                                       "group,place"])):
        runs.append((name, [prog("plot")] + args))
    for what, cmd in runs:
        outs = []
        for f in ("star", "all"):
            rc, out, err = run(cmd + [files[f]])
            outs.append(out.replace(files[f].encode(), b"FILE"))
        ok(rc == 0 and outs[0] and outs[0] != outs[1],
           "place '*': %s shows it apart from all" % what, outs[0][:300])


def claim_lists_are_whole():
    """A bound resting on 120 claims lists all 120 (casualty-sum cut its
    lists at 1023 bytes, mid-claim and unmarked; its text notes at 2047):
    in sum's CSV and JSON Lines cells and in the text note of a conflict."""
    path = os.path.join(TMP, "many.csv")
    claims = set()
    with open(path, "w", encoding="utf-8", newline="") as fp:
        w = csv.writer(fp, lineterminator="\n")
        w.writerow(["id", "source", "outcome", "place", "period_start", "period_end", "low",
                    "high"])
        for k in range(120):
            ident, src = "claim-number-%03d" % k, "Source number %03d" % k
            w.writerow([ident, src, "killed", "syria", "2025-03-01", "2025-03-02", 10, 20])
            claims.add((ident, src))
        w.writerow(["outlier", "Other", "killed", "syria", "2025-03-01", "2025-03-02", 500, 500])
    for fmt in ("csv", "jsonl"):
        rc, out, err = run([prog("sum"), "-f", fmt, "--all", path])
        text = out.decode("utf-8")
        records = (list(csv.DictReader(io.StringIO(text, newline=""))) if fmt == "csv"
                   else [json.loads(line) for line in text.splitlines()])
        high = [r["high_claims"] for r in records]
        try:
            got = set(parse_claim_list(high[0])) if rc == 0 and len(high) == 1 else set()
        except ValueError:  # cut short: not a list of whole claims
            got = set()
        ok(got == claims, "claim lists: sum -f %s lists all 120 claims behind the high (%d)"
           % (fmt, len(got)), high[:1] or err.decode("utf-8", "replace"))
    rc, out, err = run([prog("sum"), "--all", path])
    note = [l for l in out.decode("utf-8").splitlines() if l.strip().startswith("high ")]
    ok(rc == 0 and len(note) == 1 and "claim-number-119 (Source number 119)" in note[0]
       and note[0].count("(Source number") == 120,
       "claim lists: sum's text note of the conflict names all 120 claims", note[:1])


def main():
    star_is_not_all()
    claim_list_cells()
    claim_lists_are_whole()
    rows = corpus()
    claims = os.path.join(TMP, "hostile.csv")
    write_corpus(claims, rows)
    rc, out, err = run([prog("check"), claims])
    ok(rc == 0, "the corpus loads: %d claims" % len(rows), err.decode("utf-8", "replace"))
    check_text("casualty-check", out + err)

    hostile_in_data = ["(FAKE); y"]
    programs = [
        ("reconcile", []),
        ("compare", []),
        ("compare --scope", ["--scope", "--outcome", "killed", "--place", "*", "--from",
                             "2025-03-06", "--to", "2025-03-07"]),
        ("sum", ["--all"]),
        ("sum --by place", ["--by", "place", "--outcome", "killed", "--from", "2025-03-06",
                            "--to", "2025-03-07"]),
        ("series", []),
        ("series --summary", ["--summary"]),
    ]
    for name, args in programs:
        exe = prog(name.split()[0])
        rc, out, err = run([exe] + args + [claims])
        ok(rc == 0, name + ": runs", err.decode("utf-8", "replace"))
        check_text(name + " text", out)
        rc, out, err = run([exe, "-f", "markdown"] + args + [claims])
        ok(rc == 0, name + " -f markdown: runs", err.decode("utf-8", "replace"))
        check_markdown(name + " -f markdown", out)
        rc, out, err = run([exe, "-f", "csv"] + args + [claims])
        ok(rc == 0, name + " -f csv: runs", err.decode("utf-8", "replace"))
        check_csv(name + " -f csv", out,
                  must_hold=hostile_in_data if name in ("reconcile", "compare --scope") else ())
        rc, out, err = run([exe, "-f", "csv", "--protect-formulas"] + args + [claims])
        ok(rc == 0, name + " -f csv --protect-formulas: runs", err.decode("utf-8", "replace"))
        check_csv(name + " -f csv --protect-formulas", out, protect=True)
        rc, help_text, _ = run([exe, "--help"])
        if b"jsonl" in help_text:
            rc, out, err = run([exe, "-f", "jsonl"] + args + [claims])
            ok(rc == 0, name + " -f jsonl: runs", err.decode("utf-8", "replace"))
            check_jsonl(name + " -f jsonl", out)

    # the claims CSV written back (casualty-rollup writes one)
    rc, out, err = run([prog("rollup"), "--place-depth", "1", "--period", "month", claims])
    ok(rc == 0, "rollup: runs", err.decode("utf-8", "replace"))
    check_csv("rollup claims CSV", out)
    rc, out, err = run([prog("rollup"), "--place-depth", "1", "--period", "month",
                        "--protect-formulas", claims])
    check_csv("rollup claims CSV --protect-formulas", out, protect=True)

    # JSON Lines of the programs that write claims or errors
    rc, out, err = run([prog("rollup"), "-f", "jsonl", "--place-depth", "1", "--period", "month",
                        claims])
    ok(rc == 0, "rollup -f jsonl: runs", err.decode("utf-8", "replace"))
    check_jsonl("rollup -f jsonl", out)
    text = os.path.join(TMP, "hostile.txt")
    with open(text, "w", encoding="utf-8", newline="") as fp:
        for i, h in enumerate(HOSTILE):
            fp.write("At least %d%s civilians were killed%s in Homs, =SOHR%s said.\n"
                     % (i + 2, h, h, h))
    rc, out, err = run([prog("parse"), "-f", "jsonl", "--year", "2025", text])
    ok(rc == 0, "parse -f jsonl: runs", err.decode("utf-8", "replace"))
    check_jsonl("parse -f jsonl", out)
    bad_rows = os.path.join(TMP, "bad-rows.csv")
    with open(bad_rows, "w", encoding="utf-8", newline="") as fp:
        w = csv.writer(fp, lineterminator="\n")
        w.writerow(["id", "source", "outcome", "low"])
        for i, h in enumerate(HOSTILE):
            w.writerow(["b%d" % i, "S" + h, "killed", "x" + h])
    rc, out, err = run([prog("check"), "-f", "jsonl", bad_rows])
    ok(rc == 1, "check -f jsonl on bad rows: exit 1", err.decode("utf-8", "replace"))
    check_jsonl("check -f jsonl", out)

    # SVG: the plot and the summary plot, with a hostile title
    title = "T" + "".join(HOSTILE) + "<&>\"'"
    for name, args in [("plot", []), ("plot --summary", ["--summary"]),
                       ("plot --summary --label", ["--summary", "--label", "place,event,period"])]:
        svg = os.path.join(TMP, name.replace(" ", "_") + ".svg")
        rc, _, err = run([prog("plot"), "-o", svg, "--title", title] + args + [claims])
        ok(rc == 0, name + ": runs", err.decode("utf-8", "replace"))
        check_svg(name, svg)

    print("1..%d" % n)
    shutil.rmtree(TMP, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
