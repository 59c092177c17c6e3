#!/bin/sh
# SPDX-License-Identifier: MIT
# The shared library exports exactly the symbols of lib/libcasualty.map,
# each with a version, and nothing that is not prefixed cas_. (TAP output.)
set -u
so="$top_builddir/lib/.libs/libcasualty.so"
map="$top_srcdir/lib/libcasualty.map"
nm_cmd=${NM:-nm}
echo "1..3"
if [ ! -f "$so" ]; then
  echo "not ok 1 - shared library built # $so missing"; echo "not ok 2"; echo "not ok 3"; exit 0
fi
exported=$($nm_cmd -D --defined-only "$so" | awk '$2 ~ /^[TDRBV]$/ {print $3}' | sed 's/@.*//' | sort -u)
listed=$(sed -n 's/^[[:space:]]*\(cas_[A-Za-z0-9_]*\);.*/\1/p' "$map" | sort -u)
bad=$(printf '%s\n' "$exported" | grep -v '^cas_' | grep -v '^CASUALTY_' || true)
if [ -z "$bad" ]; then echo "ok 1 - only cas_ symbols are exported"
else echo "not ok 1 - symbols exported without the cas_ prefix:"; printf '# %s\n' $bad; fi
diff_out=$(printf '%s\n' "$exported" | grep '^cas_' | diff - "$(printf '%s\n' "$listed" > "${TMPDIR:-/tmp}/cas-map.$$"; echo "${TMPDIR:-/tmp}/cas-map.$$")" || true)
rm -f "${TMPDIR:-/tmp}/cas-map.$$"
if [ -z "$diff_out" ]; then echo "ok 2 - exports equal the version script's list"
else echo "not ok 2 - exports differ from lib/libcasualty.map (< exported, > listed):"; printf '%s\n' "$diff_out" | sed 's/^/# /'; fi
unversioned=$($nm_cmd -D --defined-only --with-symbol-versions "$so" 2>/dev/null | awk '$3 ~ /^cas_/ && $3 !~ /@@?CASUALTY_/ {print $3}')
if [ -z "$unversioned" ]; then echo "ok 3 - every cas_ symbol carries a CASUALTY_ version"
else echo "not ok 3 - unversioned symbols:"; printf '# %s\n' $unversioned; fi
