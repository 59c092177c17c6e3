#!/usr/bin/env python3
"""casualty_reconcile.py: the Python twin of examples/casualty-reconcile.

Reconcile the claims of a claims CSV, one row per scope (claims, sources,
envelope, consensus or CONFLICT, best, and the claims behind each bound),
printed by the library's own printers, so the bytes equal the C program's.

usage: casualty_reconcile.py [--format text|csv|markdown] [FILE]
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
USAGE = """usage: {0} [--format text|csv|markdown] [FILE]
Reconcile the claims of a claims CSV (docs/csv.md): one row per scope.
Without FILE, the bundled March 2025 Western Syria claims are used.
"""


def default_file():
    """The bundled data: beside this script in a source tree (data/), else
    where `make install` puts it."""
    here = os.path.dirname(__file__)
    path = os.path.join(here, "data", BUNDLED)
    if os.path.exists(path):
        return path
    return os.path.join(sys.prefix, "share", "libcasualty", "data", BUNDLED)


def usage_error(message):
    sys.stderr.write("{0}: {1}\nTry '{0} --help' for more information.\n"
                     .format(PROGRAM, message))
    return 2


def main(argv):
    """Run the program on @argv (without the program name); return the exit status."""
    fmt = "text"
    files = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in ("-h", "--help"):
            sys.stdout.write(USAGE.format(PROGRAM))
            return 0
        if arg in ("-f", "--format") or arg.startswith("--format="):
            value = arg.split("=", 1)[1] if "=" in arg else (args.pop(0) if args else None)
            if value not in ("text", "csv", "markdown"):
                return usage_error("unknown format '{0}'".format(value))
            fmt = value
        else:
            files.append(arg)
    if len(files) > 1:
        return usage_error("expected at most one FILE, got {0}".format(len(files)))
    path = files[0] if files else default_file()
    try:
        with casualty.Ledger() as ledger:
            ledger.load_csv(path)
            rec = ledger.reconcile()
            if fmt == "csv":
                out = rec.to_csv_text()
            elif fmt == "markdown":
                out = rec.markdown()
            else:
                out = rec.table()
            rec.close()
    except casualty.CasualtyError as exc:
        sys.stderr.write("{0}: {1}\n".format(PROGRAM, exc.message))
        return 1
    sys.stdout.write(out)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
