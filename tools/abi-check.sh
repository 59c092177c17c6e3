#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Compare the ABI of the built libcasualty.so with the committed baseline
# abi/libcasualty.abi (docs/versioning.md explains the policy).
#   tools/abi-check.sh [--update [--force]] [LIBRARY.so]
# Without LIBRARY.so the library is built with debug information in
# $CAS_ABI_BUILD (default: build-abi in the tree).
#
# abidiff's exit status is a bit set: 1 = abidiff failed, 2 = bad usage,
# 4 = the ABI changed, 8 = an incompatible change. abidiff 2.2 sets bit 8
# only when a symbol is removed: a changed parameter type or struct layout
# gives 4, like an added function does. So the check fails on bit 1, 2 or 8,
# passes on 0, and on 4 passes only when abidiff's summary counts additions
# alone (0 Removed, 0 Changed functions, variables and symbols).
#
# --update (what tools/abi-update.sh runs) writes the library's ABI as the
# new baseline: it shows the difference first, and refuses a removal or a
# change unless --force is given too. --force is for a reviewed change that
# old callers cannot see (a size-prefixed struct growing at its end); any
# other removal or change needs a new soname (docs/versioning.md).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
baseline="$top/abi/libcasualty.abi"
update=0
force=0
lib=""
for a in "$@"; do
  case $a in
    --update) update=1 ;;
    --force) force=1 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "abi-check.sh: unknown option $a" >&2; exit 2 ;;
    *) lib=$a ;;
  esac
done

"$top/tools/need-packages.sh" abigail-tools gcc make autoconf automake libtool pkg-config \
  check libcsv-dev || exit 1

if [ -z "$lib" ]; then
  build=${CAS_ABI_BUILD:-$top/build-abi}
  cd "$top"
  if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
    autoreconf -fi >/dev/null 2>&1 || { echo "abi-check.sh: autoreconf failed" >&2; exit 1; }
  fi
  mkdir -p "$build"
  if [ ! -f "$build/Makefile" ] || [ "$top/configure" -nt "$build/config.status" ]; then
    (cd "$build" && "$top/configure" -q CFLAGS="-g -O2" >configure.out 2>&1) ||
      { echo "abi-check.sh: configure failed:" >&2; tail -20 "$build/configure.out" >&2; exit 1; }
  fi
  make -C "$build" -s lib/libcasualty.la >"$build/abi-make.out" 2>&1 ||
    { echo "abi-check.sh: building the library failed:" >&2; tail -30 "$build/abi-make.out" >&2; exit 1; }
  lib="$build/lib/.libs/libcasualty.so"
fi
[ -f "$lib" ] || { echo "abi-check.sh: no library at $lib" >&2; exit 1; }

# Only what the installed headers declare counts (--headers-dir and
# --drop-private-types); no paths of this machine go into the file
# (--no-corpus-path, --no-comp-dir-path, --no-show-locs: line numbers would
# churn the file too); hashed type ids keep a regenerated baseline's diff
# small.
dump() { # library, output
  abidw --headers-dir "$top/include" --drop-private-types --drop-undefined-syms \
    --no-corpus-path --no-comp-dir-path --no-show-locs --type-id-style hash \
    --out-file "$2" "$1" || return 1
  # Compilation units are named by their absolute paths: keep them relative
  # to the tree, so that the baseline does not depend on where it was made.
  sed -i "s|path='$top/|path='|" "$2"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/casualty-abi.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dump "$lib" "$tmp/current.abi" || { echo "abi-check.sh: abidw failed on $lib" >&2; exit 1; }

if [ ! -f "$baseline" ]; then
  if [ "$update" -eq 1 ]; then
    mkdir -p "$(dirname "$baseline")"
    cp "$tmp/current.abi" "$baseline"
    echo "abi: wrote the first baseline abi/libcasualty.abi"
    exit 0
  fi
  echo "abi-check.sh: no baseline abi/libcasualty.abi: run tools/abi-update.sh" >&2
  exit 1
fi

abidiff --no-show-locs "$baseline" "$tmp/current.abi" >"$tmp/diff.out" 2>&1
status=$?
fns=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDRBV]$/ && $3 ~ /^cas_/' | wc -l)
# The summary lines read "...changes summary: R Removed, C Changed (F
# filtered out), A Added ...": sum R and C over all of them.
removed_or_changed=$(sed -n -E 's/^.*changes summary: ([0-9]+) Removed(, ([0-9]+) Changed)?.*$/\1 \3/p' \
  "$tmp/diff.out" | awk '{n += $1 + $2} END {print n + 0}')
incompatible=0
if [ $((status & 8)) -ne 0 ] || { [ $((status & 4)) -ne 0 ] && [ "$removed_or_changed" -gt 0 ]; }; then
  incompatible=1
fi
if [ $((status & 3)) -ne 0 ] || [ "$incompatible" -eq 1 ]; then
  cat "$tmp/diff.out"
  if [ "$incompatible" -eq 1 ]; then
    echo "abi: INCOMPATIBLE change against abi/libcasualty.abi (abidiff exit $status," \
      "$removed_or_changed removed or changed)"
  else
    echo "abi: abidiff failed (exit $status)"
  fi
  if [ "$update" -eq 1 ] && [ "$force" -eq 1 ] && [ $((status & 3)) -eq 0 ]; then
    cp "$tmp/current.abi" "$baseline"
    echo "abi: baseline replaced with the changes above (--force). Unless they are"
    echo "abi: a size-prefixed struct growing at its end, bump the soname (docs/versioning.md)"
    exit 0
  fi
  [ "$update" -eq 1 ] && echo "abi: baseline NOT updated: review the changes, see docs/versioning.md"
  exit 1
fi

if [ "$update" -eq 1 ]; then
  if [ "$status" -eq 0 ] && cmp -s "$baseline" "$tmp/current.abi"; then
    echo "abi: baseline already up to date ($fns exported symbols)"
  else
    cat "$tmp/diff.out"
    cp "$tmp/current.abi" "$baseline"
    echo "abi: baseline abi/libcasualty.abi updated ($fns exported symbols; abidiff exit $status)"
  fi
  exit 0
fi
if [ "$status" -eq 4 ]; then
  # Compatible additions: say what, so that they are not forgotten.
  grep -E 'changes summary|^  \[A\]' "$tmp/diff.out" | head -60
  echo "abi: compatible with abi/libcasualty.abi (abidiff exit 4: additions only);"
  echo "abi: run tools/abi-update.sh to record the additions in the baseline"
else
  echo "abi: identical to abi/libcasualty.abi ($fns exported symbols)"
fi
exit 0
