# SPDX-License-Identifier: MIT
"""A test fixture only: UCDP GED event rows as a claims CSV (docs/csv.md),
for tests/rollup.py. The library's own reader is `casualty-import ucdp-ged`
(docs/real-data.md); this converter is deliberately simpler, so that the
roll-up test knows every rule it applies:

- one claim per row: id `ucdp-ged-<id>`, source `UCDP GED`, basis
  `reported`, outcome `killed`, group and perpetrator empty (everyone, by
  anyone), event `ucdp-ged:<id>`;
- place `<country>/<adm_1>` as slugs (lower case, each run of characters
  that are not letters or digits made one `-`, `-` trimmed at the ends);
  an empty or `NA` adm_1 leaves the place at the country;
- period `date_start`..`date_end` (their first ten characters, YYYY-MM-DD);
- low, high and best as the row gives them, except that a best outside
  [low, high] (10 rows of the every-8th Syria extract, 5 of the Myanmar and
  Bangladesh one) is left empty, since a claim's best lies in its range:
  such a row's bucket has no best sum;
- a row whose low exceeds its high (7 rows of the Syria extract, 1 of the
  Myanmar and Bangladesh one) is left out, and counted on stderr: a
  fixture does not invent a range.

usage: python3 tests/ucdp_claims.py FILE[.gz] > claims.csv   (stdlib only)"""

import csv
import gzip
import io
import sys

COLUMNS = ["id", "source", "basis", "outcome", "place", "event", "period_start",
           "period_end", "low", "high", "best"]


def slug(text):
    """'Aleppo Governorate' -> 'aleppo-governorate'."""
    out, dash = [], False
    for ch in text.strip().lower():
        if ch.isalnum():
            if dash and out:
                out.append("-")
            out.append(ch)
            dash = False
        else:
            dash = True
    return "".join(out)


def place(row):
    adm1 = row["adm_1"].strip()
    parts = [slug(row["country"])]
    if adm1 and adm1 != "NA" and slug(adm1):
        parts.append(slug(adm1))
    return "/".join(parts)


def best(row):
    low, high, b = int(row["low"]), int(row["high"]), int(row["best"])
    return str(b) if low <= b <= high else ""


def rows(path):
    """The rows of a UCDP GED CSV, plain or gzipped."""
    raw = gzip.open(path) if path.endswith(".gz") else open(path, "rb")
    with io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
        yield from csv.DictReader(text)


def claim(row):
    return {"id": "ucdp-ged-" + row["id"], "source": "UCDP GED", "basis": "reported",
            "outcome": "killed", "place": place(row), "event": "ucdp-ged:" + row["id"],
            "period_start": row["date_start"][:10], "period_end": row["date_end"][:10],
            "low": row["low"], "high": row["high"], "best": best(row)}


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: ucdp_claims.py FILE[.gz]")
    out = csv.DictWriter(sys.stdout, COLUMNS, lineterminator="\n")
    out.writeheader()
    skipped = 0
    for row in rows(argv[1]):
        if int(row["low"]) > int(row["high"]):
            skipped += 1
            continue
        out.writerow(claim(row))
    if skipped:
        sys.stderr.write("ucdp_claims.py: %d rows with low > high left out\n" % skipped)


if __name__ == "__main__":
    main(sys.argv)
