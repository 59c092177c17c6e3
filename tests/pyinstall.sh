#!/bin/sh
# SPDX-License-Identifier: MIT
# The Python package as a user installs it (TAP): a fresh virtual
# environment, `pip install ./bindings/python` from a copy of the source
# tree (which compiles libcasualty into the package), then, from outside
# the tree with no LD_LIBRARY_PATH, CASUALTY_LIBRARY or PYTHONPATH, a
# Python that imports casualty from the environment, loads the bundled
# library, reconciles the bundled Syria claims and makes a pandas DataFrame
# of them, whose figures must be those of the C program casualty-reconcile.
#
# The environment sees the system's packages (--system-site-packages) for
# pandas, setuptools and wheel, and pip installs with --no-index: no
# network. Without the venv module or pandas (Debian: python3-venv,
# python3-pandas) the test skips, or fails when CI is set.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
build=${top_builddir:-$top/build}
python=${PYTHON:-python3}
data="$top/examples/data/syria-2025-03.csv"

missing=""
"$python" -c "import venv" 2>/dev/null || missing="$missing venv (python3-venv)"
"$python" -c "import pandas" 2>/dev/null || missing="$missing pandas (python3-pandas)"
"$python" -c "import setuptools, wheel" 2>/dev/null ||
  missing="$missing setuptools and wheel (python3-setuptools, python3-wheel)"
if [ -n "$missing" ]; then
  if [ -n "${CI:-}" ]; then
    echo "1..1"
    echo "not ok 1 - $python lacks:$missing (needed under CI)"
    exit 1
  fi
  echo "1..0 # SKIP $python lacks:$missing"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/casualty-pyinstall.XXXXXX") || exit 1
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
echo "1..9"
n=0
ok() { # status description
  n=$((n + 1))
  if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
show() { # file: as TAP comments
  sed 's/^/# /' "$1" | tail -40
}

# What setup.py reads, copied: the source tree may be read-only (distcheck).
src="$tmp/src"
mkdir -p "$src/bindings"
cp -R "$top/include" "$top/lib" "$top/data" "$top/tools" "$top/configure.ac" "$src/" &&
  cp -R "$top/bindings/python" "$src/bindings/" &&
  chmod -R u+w "$src" &&
  rm -rf "$src/bindings/python/build" "$src/bindings/python/casualty/_lib" \
    "$src/bindings/python"/*.egg-info
ok $? "copy of the source tree"

venv="$tmp/venv"
# pip comes from the system's packages when it is there (quicker than
# ensurepip); else the environment gets its own.
"$python" -m venv --system-site-packages --without-pip "$venv" >"$tmp/venv.out" 2>&1 &&
  { "$venv/bin/python" -m pip --version >/dev/null 2>&1 ||
    "$python" -m venv --system-site-packages --clear "$venv" >>"$tmp/venv.out" 2>&1; }
st=$?
ok $st "a virtual environment ($python -m venv --system-site-packages)"
[ $st -eq 0 ] || show "$tmp/venv.out"

# Nothing of the build tree leaks in: no library path, no package path, no
# sanitizer flags (the library is built as a user would build it).
clean="env -u LD_LIBRARY_PATH -u CASUALTY_LIBRARY -u PYTHONPATH -u LD_PRELOAD -u CFLAGS -u LDFLAGS"
(cd "$tmp" && $clean PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
  "$venv/bin/python" -m pip install --no-build-isolation --no-index --no-cache-dir \
  "$src/bindings/python") >"$tmp/pip.out" 2>&1
st=$?
ok $st "pip install --no-build-isolation --no-index ./bindings/python"
[ $st -eq 0 ] || show "$tmp/pip.out"

bundled=$(cd "$tmp" && $clean "$venv/bin/python" -c \
  "import os, casualty; print(os.path.join(os.path.dirname(casualty.__file__), '_lib', 'libcasualty.so.0'))" \
  2>"$tmp/import.err")
[ -n "$bundled" ] && [ -f "$bundled" ]
st=$?
ok $st "the package carries libcasualty.so.0 ($bundled)"
[ $st -eq 0 ] || show "$tmp/import.err"

# The bundled library exports what the build's does, under the same soname.
nm=${NM:-nm} # make check's NM is a command with options ("nm -B"): split it
exports() {
  # shellcheck disable=SC2086
  $nm -D --defined-only "$1" 2>/dev/null | awk '$3 ~ /^cas_/ {print $3}' | sort
}
exports "$bundled" >"$tmp/bundled.sym"
exports "$build/lib/.libs/libcasualty.so" >"$tmp/build.sym"
[ -s "$tmp/build.sym" ] && cmp -s "$tmp/bundled.sym" "$tmp/build.sym" &&
  objdump -p "$bundled" 2>/dev/null | grep -q 'SONAME *libcasualty\.so\.0$'
st=$?
ok $st "the bundled library's soname and exports are the build's ($(wc -l <"$tmp/build.sym") symbols)"
[ $st -eq 0 ] || diff "$tmp/build.sym" "$tmp/bundled.sym" | sed 's/^/# /' | head -20

# What the C program says of the bundled claims.
"$build/examples/casualty-reconcile" -f csv "$data" >"$tmp/c.csv" 2>"$tmp/c.err"
ok $? "casualty-reconcile -f csv on the bundled data"

cat >"$tmp/check.py" <<'PY'
import csv
import os
import sys

venv, data, c_csv, bundled = sys.argv[1:5]
n = 6


def check(ok, what):
    global n
    n += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
    return ok


import casualty

pandas_at_import = "pandas" in sys.modules
here = os.path.realpath(casualty.__file__)
ok = here.startswith(os.path.realpath(venv) + os.sep) and \
    os.path.realpath(casualty.library_path) == os.path.realpath(bundled)
with open("/proc/self/maps") as f:
    mapped = {line.split()[-1] for line in f if "libcasualty" in line}
ok = ok and mapped == {os.path.realpath(bundled)} and not pandas_at_import
check(ok, "casualty from the environment (%s), the bundled library loaded (%s), "
      "pandas not imported with it" % (here, sorted(mapped)))

with casualty.Ledger.from_csv(data) as ledger:
    frame = ledger.reconcile().to_dataframe()
    claims = ledger.to_dataframe()
    with casualty.Ledger.from_dataframe(claims) as again:
        round_trip = again.to_csv_text() == ledger.to_csv_text()
with open(c_csv, newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
import pandas

bad = []
if len(frame) != len(rows) or len(rows) < 10:
    bad.append("%d rows in the frame, %d from the C program" % (len(frame), len(rows)))
for name in ("claims", "envelope_low", "envelope_high", "consensus_low", "consensus_high",
             "best"):
    if str(frame[name].dtype) != "Int64":
        bad.append("%s is %s, not Int64" % (name, frame[name].dtype))
if str(frame["period_start"].dtype) != "datetime64[ns]":
    bad.append("period_start is %s" % frame["period_start"].dtype)
for k, row in enumerate(rows[:len(frame)]):
    for name in ("outcome", "group", "perpetrator", "place", "event", "period_start",
                 "period_end", "claims", "sources", "envelope_low", "envelope_high",
                 "consensus_low", "consensus_high", "best", "conflict_pairs", "best_kind"):
        value = frame[name].iloc[k]
        text = "" if pandas.isna(value) else value.strftime("%Y-%m-%d") \
            if isinstance(value, pandas.Timestamp) else str(value)
        if text != row[name]:
            bad.append("row %d %s: %r in the frame, %r from the C program"
                       % (k, name, text, row[name]))
    if bool(frame["has_consensus"].iloc[k]) != (row["consensus"] == "yes"):
        bad.append("row %d has_consensus" % k)
opens = int(frame["envelope_high"].isna().sum())
if opens != sum(1 for row in rows if row["envelope_high"] == ""):
    bad.append("open envelope highs differ")
check(not bad and opens > 0,
      "reconcile().to_dataframe() of the bundled data is casualty-reconcile's CSV "
      "(%d scopes, %d open highs as <NA>)" % (len(frame), opens))
for line in bad[:20]:
    print("# " + line)
check(round_trip, "Ledger.from_dataframe(ledger.to_dataframe()) saves the same CSV")
PY
(cd "$tmp" && $clean "$venv/bin/python" "$tmp/check.py" "$venv" "$data" "$tmp/c.csv" \
  "$bundled") >"$tmp/check.out" 2>"$tmp/check.err"
st=$?
cat "$tmp/check.out"
show "$tmp/check.err"
# A Python that died early leaves checks unreported: they fail.
for k in 7 8 9; do
  grep -Eq "^(not )?ok $k " "$tmp/check.out" ||
    echo "not ok $k - the check in Python did not get this far (status $st)"
done
