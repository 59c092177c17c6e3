#!/bin/sh
# Smoke tests of the example programs on the bundled data and on bad input:
# output content and exit codes. (TAP output.)
set -u
bin="$top_builddir/examples"
data="$top_srcdir/examples/data/syria-2025-03.csv"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cas-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ -f "$tmp/err" ] && sed 's/^/# /' "$tmp/err"; }
check() { # description, then a command that succeeds when the check holds
  d=$1; shift
  if "$@"; then ok "$d"; else notok "$d"; fi
}
has() { grep -q -- "$2" "$1"; }

# casualty-reconcile with no argument uses the bundled data.
"$bin/casualty-reconcile" > "$tmp/out" 2> "$tmp/err"; st=$?
check "reconcile: bundled data exits 0" [ "$st" -eq 0 ]
check "reconcile: shows SOHR's 1700 civilians" has "$tmp/out" "SOHR  *1700  *exact"
check "reconcile: shows SNHR's 823 civilians" has "$tmp/out" "SNHR  *823 "
check "reconcile: shows open-ended claims" has "$tmp/out" ">= 315"
check "reconcile: counts 26 claims" has "$tmp/out" "^26 claims from"
"$bin/casualty-reconcile" "$data" > "$tmp/out2" 2> "$tmp/err"; st=$?
check "reconcile: same table with the file named" cmp -s "$tmp/out" "$tmp/out2"

printf 'id,source,outcome,low\na,SOHR,killed,12x\n' > "$tmp/bad.csv"
"$bin/casualty-reconcile" "$tmp/bad.csv" > "$tmp/out" 2> "$tmp/err"; st=$?
check "reconcile: bad row exits 1" [ "$st" -eq 1 ]
check "reconcile: error names file, line, column and field" has "$tmp/err" "bad.csv:2:4: field 'low'"
check "reconcile: nothing on stdout on error" [ ! -s "$tmp/out" ]
"$bin/casualty-reconcile" "$tmp/missing.csv" > "$tmp/out" 2> "$tmp/err"; st=$?
check "reconcile: missing file exits 1 with the reason" sh -c "[ $st -eq 1 ] && grep -q 'cannot open' '$tmp/err'"
"$bin/casualty-reconcile" a b > "$tmp/out" 2> "$tmp/err"; st=$?
check "reconcile: usage error exits 2" sh -c "[ $st -eq 2 ] && grep -q usage '$tmp/err'"
"$bin/casualty-reconcile" --help > "$tmp/out" 2> "$tmp/err"; st=$?
check "reconcile: --help exits 0" sh -c "[ $st -eq 0 ] && grep -q usage '$tmp/out'"
echo "1..$n"
