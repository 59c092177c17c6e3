#!/bin/sh
# SPDX-License-Identifier: MIT
# Structs that grow (docs/versioning.md): the same client, built three
# ways by Makefile.am, must read the same answers:
#   grown_plain      today's headers and library (the reference);
#   grown_newlib     today's headers on a library whose size-prefixed
#                    structs have a tail appended (an older program on a
#                    newer library);
#   grown_newclient  the grown headers on today's library (a newer
#                    program on an older library).
# Each also runs as a TAP test of its own (its checks, and under
# AddressSanitizer or valgrind any byte written past the client's struct).
# (TAP output.)
set -u
b="$top_builddir/tests"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/casualty-grown.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "1..3"
n=0
for v in plain newlib newclient; do
  "$b/grown_$v" --dump > "$tmp/$v.out" 2> "$tmp/$v.err"
  echo $? > "$tmp/$v.status"
done
n=$((n + 1))
if [ "$(cat "$tmp/plain.status")" = 0 ] && [ "$(wc -l < "$tmp/plain.out")" -gt 100 ]; then
  echo "ok $n - the reference client ran ($(wc -l < "$tmp/plain.out") lines)"
else
  echo "not ok $n - the reference client failed"; sed 's/^/# /' "$tmp/plain.err"
fi
for v in newlib newclient; do
  n=$((n + 1))
  if [ "$(cat "$tmp/$v.status")" = 0 ] && cmp -s "$tmp/plain.out" "$tmp/$v.out"; then
    echo "ok $n - grown_$v reads what grown_plain reads"
  else
    echo "not ok $n - grown_$v (exit $(cat "$tmp/$v.status")) differs from grown_plain"
    sed 's/^/# /' "$tmp/$v.err" | head -20
    diff "$tmp/plain.out" "$tmp/$v.out" | head -20 | sed 's/^/# /'
  fi
done
