#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The licence tags of the source tree: every source file carries an
SPDX-License-Identifier line near its top (in its first five lines, after
a shebang), every data file is listed in DATA-NOTICES.md.

    tools/spdx.py [--fix] [TOP]

Without --fix: list what is missing and exit 1 if anything is (TAP output
with --tap, for make check). With --fix: add the tag to source files that
lack it, in the comment syntax of each kind of file."""

import os
import re
import sys

TAG = "SPDX-License-Identifier: MIT"

# Comment syntax by kind of source file.
C_LIKE = (".c", ".h")
HASH = (".py", ".sh", ".am", ".ac", ".toml", ".sql", ".cff")
ROFF = (".1", ".3", ".5")
HASH_NAMES = ("Makefile.am", "configure.ac", ".ci/run", ".clang-format", ".clang-tidy",
              "casualty.pc.in")
# Data: listed in DATA-NOTICES.md by directory or file.
DATA_DIRS = ("examples/data", "tests/data", "data", "fuzz/corpus", "fuzz/regressions")
SKIP_DIRS = {".git", "autom4te.cache", "build-aux", "m4", "__pycache__", ".libs", ".deps"}


def tracked(top):
    """The files of the source tree (not the build trees inside it)."""
    for root, dirs, files in os.walk(top):
        rel = os.path.relpath(root, top)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and
                         not os.path.exists(os.path.join(root, d, "config.status")) and
                         not d.startswith("build") and not (rel == "." and d.startswith("_")))
        for f in sorted(files):
            yield os.path.normpath(os.path.join(rel, f))


def kind(path):
    """'c', 'hash', 'roff', 'data' or None (not checked)."""
    if path.startswith(DATA_DIRS) or path.startswith("bench/data"):
        # a data directory's README is its documentation, not data
        return None if os.path.basename(path) == "README.md" else "data"
    if path in HASH_NAMES or path.startswith("tools/") and "." not in os.path.basename(path):
        return "hash"
    ext = os.path.splitext(path)[1]
    if ext in C_LIKE:
        return "c"
    if ext in HASH:
        return "hash"
    if ext in ROFF:
        return "roff"
    return None


def has_tag(full):
    with open(full, encoding="utf-8", errors="replace") as f:
        head = [next(f, "") for _ in range(5)]
    return any(TAG in line for line in head)


def add_tag(full, k):
    with open(full, encoding="utf-8") as f:
        text = f.read()
    line = {"c": "/* %s */\n", "hash": "# %s\n", "roff": ".\\\" %s\n"}[k] % TAG
    if text.startswith("#!"):
        first, _, rest = text.partition("\n")
        text = first + "\n" + line + rest
    else:
        text = line + text
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def listed_data(top):
    """The paths DATA-NOTICES.md names (in backquotes in its table)."""
    with open(os.path.join(top, "DATA-NOTICES.md"), encoding="utf-8") as f:
        return re.findall(r"`([^`]+)`", f.read())


def main(argv):
    fix = "--fix" in argv
    tap = "--tap" in argv
    args = [a for a in argv if not a.startswith("--")]
    top = args[0] if args else os.path.join(os.path.dirname(__file__), "..")
    notes = listed_data(top)
    problems = []
    for path in tracked(top):
        k = kind(path)
        full = os.path.join(top, path)
        if k == "data":
            if not any(path == n.rstrip("/") or path.startswith(n.rstrip("/") + "/")
                       for n in notes):
                problems.append("%s: a data file not in DATA-NOTICES.md" % path)
        elif k and not has_tag(full):
            if fix:
                add_tag(full, k)
            else:
                problems.append("%s: no '%s' line in its first five lines" % (path, TAG))
    if tap:
        print("1..1")
        print(("ok" if not problems else "not ok") +
              " 1 - every source file has its SPDX tag, every data file its notice")
        for p in problems:
            print("# " + p)
    else:
        for p in problems:
            print(p)
    return 1 if problems and not fix else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
