#!/bin/sh
# SPDX-License-Identifier: MIT
# Every struct a public header defines crosses the ABI, so it must start
# with "uint32_t size;" (set by the caller, so the struct can grow at its
# end), and every other public struct must be opaque (declared, never
# defined). docs/versioning.md gives the rule. (TAP output.)
set -u
hdrs="$top_srcdir/include/casualty.h $top_srcdir/include/casualty/*.h"
n=0
bad=0
out=""
# Defined structs: the line after "typedef struct cas_x {" must be the size.
defs=$(awk '
  /^typedef struct cas_[a-z0-9_]+ \{/ { name = $3; getline; gsub(/^[ \t]+/, ""); print name, ($0 ~ /^uint32_t size;/) ? "ok" : "bad" }
  /^struct cas_[a-z0-9_]+ \{/ { print $2, "bad-untyped" }
' $hdrs)
total=$(printf '%s\n' "$defs" | grep -c . || true)
echo "1..2"
missing=$(printf '%s\n' "$defs" | awk '$2 != "ok" {print $1}')
if [ "$total" -gt 0 ] && [ -z "$missing" ]; then
  echo "ok 1 - all $total public structs start with uint32_t size"
else
  echo "not ok 1 - public structs without a leading uint32_t size (or none found):"
  printf '# %s\n' $missing
fi
# Opaque handles: declared "typedef struct cas_x cas_x;" and defined nowhere public.
opaque=$(grep -h -o '^typedef struct cas_[a-z0-9_]* cas_[a-z0-9_]*;' $hdrs | awk '{print $3}')
leaked=""
for o in $opaque; do
  if grep -q "^struct $o {" $hdrs; then leaked="$leaked $o"; fi
done
if [ -n "$opaque" ] && [ -z "$leaked" ]; then
  echo "ok 2 - $(printf '%s\n' $opaque | wc -l | tr -d ' ') opaque handles have no public definition"
else
  echo "not ok 2 - opaque handles defined in a public header (or none found):$leaked"
fi
