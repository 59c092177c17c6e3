#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Format the C sources with clang-format and the tree's .clang-format, or,
# with --check, fail naming every file that is not formatted (CI runs the
# check as a step of tools/hardening.sh).
#   tools/format.sh [--check]
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
cf=${CLANG_FORMAT:-clang-format}
# The .c files. Headers keep their hand-aligned member comments, which run
# over several lines and which clang-format 14 cannot keep aligned.
files=$(git ls-files 'lib/*.c' 'examples/*.c' 'tests/*.c' 'fuzz/*.c' 'bench/*.c' 2>/dev/null ||
  ls lib/*.c examples/*.c tests/*.c fuzz/*.c bench/*.c)
if [ "${1:-}" = "--check" ]; then
  bad=0
  for f in $files; do
    if ! "$cf" --style=file "$f" | cmp -s - "$f"; then
      echo "format: $f differs from .clang-format (tools/format.sh fixes it):"
      "$cf" --style=file "$f" | diff "$f" - | head -10
      bad=1
    fi
  done
  [ "$bad" -eq 0 ] && echo "format: $(echo "$files" | wc -w) files as .clang-format says"
  exit "$bad"
fi
# shellcheck disable=SC2086
"$cf" --style=file -i $files
