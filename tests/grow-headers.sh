#!/bin/sh
# SPDX-License-Identifier: MIT
# Write a copy of the public headers in which every size-prefixed struct
# (all but cas_scope, whose layout is fixed: claim.h) has a tail appended,
# as a later release might add fields: tests/grown.sh builds a library and
# a client from it (docs/versioning.md, "Structs that grow").
#   tests/grow-headers.sh SRC_INCLUDE_DIR DEST_INCLUDE_DIR
set -eu
src=$1
dst=$2
mkdir -p "$dst/casualty"
cp "$src/casualty.h" "$dst/casualty.h"
for h in "$src"/casualty/*.h; do
  awk '
    /^typedef struct cas_[a-z0-9_]+ \{/ { name = $3 }
    /^\} cas_[a-z0-9_]+;/ {
      if (name != "" && name != "cas_scope")
        print "    unsigned char cas_grown_tail[40]; /* appended by tests/grow-headers.sh */"
      name = ""
    }
    { print }
  ' "$h" > "$dst/casualty/$(basename "$h")"
done
n=$(grep -c 'cas_grown_tail' "$dst"/casualty/*.h | awk -F: '{ s += $2 } END { print s }')
[ "$n" -eq 23 ] || { echo "grow-headers.sh: grew $n structs, expected 23" >&2; exit 1; }
