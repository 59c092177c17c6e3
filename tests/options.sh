#!/bin/sh
# SPDX-License-Identifier: MIT
# Every example program's numeric options fed bad values: each is a usage
# error (exit 2) whose message names the option and the value, never a
# value read some other way ("inf", "nan", " 1", 2^32 + 1 wrapping). Good
# values pass the option check (the missing input file then exits 1).
# TAP output.
set -u
bin="$top_builddir/examples"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cas-options.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
missing="$tmp/no-such-file.csv"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() {
  n=$((n + 1)); echo "not ok $n - $1"
  [ -s "$tmp/err" ] && head -5 "$tmp/err" | sed 's/^/#   /'
  return 0
}
run() { p=$1; shift; "$bin/$p" "$@" > "$tmp/out" 2> "$tmp/err"; st=$?; }

# bad PROGRAM OPTION VALUE: exit 2, nothing on stdout, the option and the
# value (quoted) in the message.
bad() {
  p=$1; o=$2; v=$3
  run "$p" "$o" "$v" "$missing"
  if [ "$st" -eq 2 ] && [ ! -s "$tmp/out" ] && grep -qF -- "'$o'" "$tmp/err" &&
    grep -qF -- "'$v'" "$tmp/err"; then
    ok "$p $o '$v': usage error, exit 2, named"
  else
    notok "$p $o '$v': expected exit 2 naming '$o' and '$v', got $st"
  fi
}

# good PROGRAM OPTION VALUE [OTHER OPTIONS...]: the option is taken (not a
# usage error).
good() {
  p=$1; o=$2; v=$3; shift 3
  run "$p" "$@" "$o" "$v" "$missing"
  if [ "$st" -ne 2 ] && ! grep -qF -- "'$o'" "$tmp/err"; then
    ok "$p $o '$v': accepted"
  else
    notok "$p $o '$v': expected to be accepted, got $st"
  fi
}

# Real numbers (ex_parse_real): no infinity, no NaN, no spaces, nothing after.
for v in inf -inf +inf infinity INF nan NAN -nan " 1" "	1" "1 " "" 1e999 -1e999 0x "1,5" "0.5x"; do
  bad casualty-mse --support "$v"
  bad casualty-mse --level "$v"
done
bad casualty-mse --support -1
bad casualty-mse --support -0.5
for v in 0 1 -0.5 1.5; do bad casualty-mse --level "$v"; done
good casualty-mse --support 0
good casualty-mse --support 2.5
good casualty-mse --support 1e3
good casualty-mse --level 0.9
good casualty-mse --level .95

# Whole numbers (ex_parse_count): digits only, in range, no wrap.
for v in -1 " 1" "1 " +1 1.5 1e3 inf nan "" 99999999999999999999 0x10; do
  bad casualty-mse --top "$v"
  bad casualty-parse --year "$v"
  bad casualty-plot --width "$v"
  bad casualty-plot --max-rows "$v"
  bad casualty-rollup --place-depth "$v"
  bad casualty-rollup --cite "$v"
done
for v in 0 10000 4294969321; do bad casualty-parse --year "$v"; done
for v in 199 4001 4294967496; do bad casualty-plot --width "$v"; done
for v in 0 100001 4294967297; do bad casualty-plot --max-rows "$v"; done
for v in 4294967296 18446744073709551617; do
  bad casualty-rollup --place-depth "$v"
  bad casualty-rollup --cite "$v"
done
good casualty-mse --top 3
good casualty-parse --year 2025
good casualty-plot --width 560
good casualty-plot --max-rows 10
good casualty-rollup --place-depth 2 --period year
good casualty-rollup --cite 4294967295 --period year --place-depth 1

# Tolerances: a share below 100% or a whole count.
for p in casualty-reconcile casualty-compare casualty-plot; do
  for v in inf inf% nan nan% -5% " 5%" "5% " 100% 1e999% -1 " 10" 1.5 1e3 "" %; do
    bad "$p" --tolerance "$v"
  done
  good "$p" --tolerance 5%
  good "$p" --tolerance 10
done

echo "1..$n"
