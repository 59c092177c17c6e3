#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Measure the phrase parser on the development corpus, by form.

    CASUALTY_LIBRARY=build/lib/.libs/libcasualty.so PYTHONPATH=bindings/python \
        python3 tools/phrase-dev.py [tests/data/phrases/dev.tsv] [--misses] [--mode field|prose]

Each row of the corpus (tests/data/phrases/dev.tsv, see its README) is one
real phrasing with the labelled range and qualifier of its primary claim,
the first casualty figure the text states. A row is right when the first
casualty claim the parser gives has that low, high and qualifier (a row
labelled `none` is right when the parser gives no casualty claim). The
outcome and group are reported beside, as agreement rates.

--mode field (the default) parses each text as the kind its row says
(`prose`, or `casualty` for infobox fields and table cells); --mode prose
parses every text as prose (the parser's default options).
Python standard library only; the library is loaded through the ctypes
binding (bindings/python).
"""
import argparse
import collections
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bindings", "python"))

import casualty  # noqa: E402
from casualty import PhraseField, PhraseKind  # noqa: E402

FORMS = ["verb-first", "other-verb", "bare-count", "trailing-hedge", "line-structured",
         "infobox-nospace", "breakdown", "several-claims", "hostile", "negative", "plain"]


def read_corpus(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = None
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# id\t"):
                header = line[2:].split("\t")
                continue
            if not line or line.startswith("#"):
                continue
            if header is None:
                raise SystemExit("%s: no header line" % path)
            cells = line.split("\t")
            if len(cells) != len(header):
                raise SystemExit("%s: row %s has %d cells, not %d" % (path, cells[0], len(cells), len(header)))
            row = dict(zip(header, cells))
            row["text"] = row["text"].replace("\\n", "\n").replace("\\t", "\t")
            rows.append(row)
    return rows


def cell(v):
    if v == "open":
        return None
    if v in ("none", "-"):
        return None
    return int(v)


def judge(row, claims):
    """(right, outcome_ok, group_ok, got) for one row."""
    casualties = [c for c in claims if c.kind == PhraseKind.CASUALTY]
    if row["qualifier"] == "none":
        return (not casualties, True, True, casualties[0] if casualties else None)
    if not casualties:
        return (False, False, False, None)
    c = casualties[0]
    right = (c.low == cell(row["low"]) and c.high == cell(row["high"])
             and str(c.qualifier.name).lower() == row["qualifier"])
    want_group = "" if row["group"] == "-" else row["group"]
    return (right, c.outcome == row["outcome"], c.group == want_group, c)


def show(c):
    if c is None:
        return "no claim"
    return "[%s, %s] %s %s %s" % (c.low, "open" if c.high is None else c.high,
                                  c.qualifier.name.lower(), c.outcome, c.group or "-")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default=os.path.join(HERE, "..", "tests", "data", "phrases", "dev.tsv"))
    ap.add_argument("--mode", choices=("field", "prose"), default="field")
    ap.add_argument("--misses", action="store_true", help="list the rows read wrong")
    args = ap.parse_args()
    rows = read_corpus(args.corpus)
    by_form = collections.defaultdict(lambda: [0, 0])
    total = [0, 0]
    outcome_ok = group_ok = 0
    new = [0, 0]
    misses = []
    for row in rows:
        field = PhraseField.CASUALTY if (args.mode == "field" and row["field"] == "casualty") else PhraseField.PROSE
        claims = casualty.parse_phrase(row["text"], field)
        right, o_ok, g_ok, got = judge(row, claims)
        total[0] += right
        total[1] += 1
        outcome_ok += o_ok
        group_ok += g_ok
        if row["new"] == "y":
            new[0] += right
            new[1] += 1
        for form in row["form"].split(","):
            by_form[form][0] += right
            by_form[form][1] += 1
        if not right:
            misses.append((row, got))
    pct = lambda a, b: 100.0 * a / b if b else 0.0
    print("mode %s, %d phrasings (%d from conflicts or outlets not in corpus.tsv)" % (args.mode, total[1], new[1]))
    print("%-16s %5s %6s %7s" % ("form", "rows", "right", "share"))
    for form in FORMS + sorted(set(by_form) - set(FORMS)):
        if form in by_form:
            r, n = by_form[form]
            print("%-16s %5d %6d %6.1f%%" % (form, n, r, pct(r, n)))
    print("%-16s %5d %6d %6.1f%%" % ("all", total[1], total[0], pct(total[0], total[1])))
    print("%-16s %5d %6d %6.1f%%" % ("new sources", new[1], new[0], pct(new[0], new[1])))
    print("outcome agrees %.1f%%, group agrees %.1f%%" % (pct(outcome_ok, total[1]), pct(group_ok, total[1])))
    if args.misses:
        for row, got in misses:
            print("%s %-28s want %s got %s\n    %r" % (row["id"], row["form"], row["stated"], show(got), row["text"][:200]))


if __name__ == "__main__":
    main()
