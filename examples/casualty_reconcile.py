#!/usr/bin/env python3
"""casualty_reconcile.py: the Python twin of examples/casualty-reconcile.

Load a claims CSV and show its claims grouped by scope, one readable table,
exactly as the C program prints it.

usage: casualty_reconcile.py [FILE]
With no FILE, the bundled claims on the March 2025 Western Syria clashes are
used. On bad input the library's error (file, line, column, field) goes to
stderr and the exit status is 1; a usage error exits with 2.
"""

import os
import sys

try:
    import casualty
except ImportError as exc:
    # Run from a source checkout without PYTHONPATH: use the binding beside us.
    here = os.path.dirname(os.path.abspath(__file__))
    binding = os.path.join(os.path.dirname(here), "bindings", "python")
    if getattr(exc, "name", None) != "casualty" or not os.path.isdir(binding):
        raise
    sys.path.insert(0, binding)
    import casualty

PROGRAM = "casualty-reconcile"
BUNDLED = "syria-2025-03.csv"
HEADINGS = ("outcome", "group", "perpetrator", "place", "period", "source", "range",
            "qualifier", "reported", "id")


def default_file():
    """The bundled data: beside this script in a source tree (data/), else
    where `make install` puts it. The path is not normalised, so that it
    reads as the C program's (built from the same source directory)."""
    here = os.path.dirname(__file__)
    path = os.path.join(here, "data", BUNDLED)
    if os.path.exists(path):
        return path
    return os.path.join(sys.prefix, "share", "libcasualty", "data", BUNDLED)


def sort_key(claim):
    """Claims with the same scope sort together; within a scope, by source,
    then by report day, then by id (Python compares str by code point,
    which is the C program's byte order for UTF-8). An unknown day sorts
    first, as the C library's smallest day number does."""
    s = claim.scope
    return (s.outcome, s.group, s.perpetrator, s.place, day_key(s.period_start),
            day_key(s.period_end), claim.source, day_key(claim.reported_on), claim.id)


def day_key(day):
    return (0, None) if day is None else (1, day)


def day_text(day):
    return "?" if day is None else casualty.format_date(day)


def range_text(claim):
    if claim.high is None:
        text = ">= %d" % claim.low
    elif claim.high == claim.low:
        text = "%d" % claim.low
    else:
        text = "%d-%d" % (claim.low, claim.high)
    if claim.best is not None and claim.best != claim.low:
        text += " (best %d)" % claim.best
    return text


def cells(claim, current, first_of_scope):
    """One line of the table: the scope's cells only on its first line."""
    row = [""] * len(HEADINGS)
    if first_of_scope:
        s = claim.scope
        row[0] = s.outcome
        row[1] = s.group or "(all)"
        row[2] = s.perpetrator or "-"
        row[3] = s.place or "(all)"
        if s.period_start == s.period_end:
            row[4] = day_text(s.period_start)
        else:
            row[4] = "%s..%s" % (day_text(s.period_start), day_text(s.period_end))
    row[5] = claim.source
    row[6] = range_text(claim)
    row[7] = str(claim.qualifier) + ("" if current else ", superseded")
    row[8] = "-" if claim.reported_on is None else casualty.format_date(claim.reported_on)
    row[9] = claim.id
    return row


def format_table(headings, rows):
    """Aligned columns two spaces apart; empty cells at the end of a line
    are left out, and no line ends with spaces. Widths count characters."""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headings)]
    lines = []
    for row in [list(headings)] + rows:
        last = len(row)
        while last > 0 and row[last - 1] == "":
            last -= 1
        parts = [row[i].ljust(widths[i] + 2) for i in range(last - 1)]
        parts += row[last - 1:last]
        lines.append("".join(parts))
    return "\n".join(lines) + "\n"


def write(stream, text):
    """UTF-8 bytes, whatever the locale says, as the C program writes them."""
    stream.flush()
    stream.buffer.write(text.encode("utf-8", "surrogateescape"))
    stream.buffer.flush()


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        write(sys.stderr if len(argv) > 2 else sys.stdout, "usage: %s [FILE]\n"
              "Show the claims of a claims CSV (docs/csv.md) grouped by scope.\n"
              "Without FILE, the bundled March 2025 Western Syria claims are used.\n"
              % argv[0])
        return 2 if len(argv) > 2 else 0
    path = argv[1] if len(argv) == 2 else default_file()
    try:
        with casualty.Ledger.from_csv(path) as ledger:
            claims = [(claim, ledger.is_current(i)) for i, claim in enumerate(ledger)]
    except casualty.CasualtyError as exc:
        write(sys.stderr, "%s: %s\n" % (PROGRAM, exc))
        return 1
    claims.sort(key=lambda pair: sort_key(pair[0]))
    rows = []
    for k, (claim, current) in enumerate(claims):
        first = k == 0 or claim.scope != claims[k - 1][0].scope
        rows.append(cells(claim, current, first))
    write(sys.stdout, format_table(HEADINGS, rows))
    write(sys.stdout, "\n%d claims from %s\n" % (len(claims), path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
