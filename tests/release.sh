#!/bin/sh
# SPDX-License-Identifier: MIT
# The release basics (issue "A release people can adopt"): one version,
# configure.ac's, everywhere it is written; a licence tag on every source
# file and a notice for every data file (tools/spdx.py); COPYING, NEWS,
# CITATION.cff and DATA-NOTICES.md present. TAP output.
top=${top_srcdir:-.}
build=${top_builddir:-.}
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { d=$1; shift; if "$@"; then ok "$d"; else notok "$d" "failed: $*"; fi; }

echo "1..9"
version=$(sed -n 's/^AC_INIT(\[libcasualty\], *\[\([^]]*\)\].*/\1/p' "$top/configure.ac")
check "configure.ac gives the version ($version)" [ -n "$version" ]
check "CITATION.cff has version $version" grep -qx "version: \"$version\"" "$top/CITATION.cff"
check "NEWS starts with $version" sh -c "grep -m1 '^\* ' '$top/NEWS' | grep -q '^\* $version '"
check "the Python package has version $version" grep -qx "version = \"$version\"" "$top/bindings/python/pyproject.toml"
check "casualty.pc has version $version" grep -qx "Version: $version" "$build/casualty.pc"
check "the library says $version (casualty-reconcile --version)" \
  sh -c "'$build/examples/casualty-reconcile' --version | grep -qx 'casualty-reconcile (libcasualty $version)'"
for f in COPYING NEWS CITATION.cff DATA-NOTICES.md; do [ -s "$top/$f" ] || missing="$missing $f"; done
check "COPYING, NEWS, CITATION.cff and DATA-NOTICES.md are there" [ -z "$missing" ]
check "COPYING is the MIT licence" grep -q '^MIT License$' "$top/COPYING"
out=$("${PYTHON:-python3}" "$top/tools/spdx.py" "$top" 2>&1)
if [ -z "$out" ]; then ok "every source file has its SPDX tag, every data file its notice"
else
  notok "every source file has its SPDX tag, every data file its notice"
  echo "$out" | head -20 | sed 's/^/# /'
fi
[ $fails -eq 0 ]
