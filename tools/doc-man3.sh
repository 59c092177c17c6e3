#!/bin/sh
# SPDX-License-Identifier: MIT
# Doxygen's man output has one page per header (and per struct): make
# `man 3 NAME` work for every name a header declares (function, typedef,
# enum, enumerator, macro) with a page holding only `.so man3/HEADER.3`.
# The header pages are renamed casualty_X.h.3 so that they cannot clash
# with another package's common.h.3 or csv.h.3.
#   tools/doc-man3.sh DIR      (DIR: Doxygen's man3 output, changed in place)
set -eu
dir=${1:?usage: doc-man3.sh MAN3_DIR}
cd "$dir"
# A comment line that starts with a quote ('killed', ...) comes out of
# Doxygen at the start of a line, where troff reads it as a request.
for page in *.3; do
  sed "s/^'/\\\\\&'/" "$page" > "$page.tmp" && mv "$page.tmp" "$page"
done
for page in *.h.3; do
  [ -f "$page" ] || { echo "doc-man3.sh: no header pages in $dir" >&2; exit 1; }
  case $page in
    casualty.h.3 | casualty_*.h.3) target=$page ;;
    *) target=casualty_$page; mv "$page" "$target" ;;
  esac
  # The names the synopsis declares: the `.RI` lines before the detailed
  # description, one declaration each.
  sed -n '/^\.SH SYNOPSIS/,/^\.SH "Detailed Description"/p' "$target" |
    sed -n 's/^\.RI "\(.*\)"$/\1/p' |
    sed -e 's/\\fB\([A-Za-z_][A-Za-z0-9_]*\)\\fP/@\1@/g' |
    while IFS= read -r decl; do
      case $decl in
        '#define '*) printf '%s\n' "$decl" | sed -n 's/^#define @\([^@]*\)@.*/\1/p' ;;
        'enum @'*'@ {'*)
          printf '%s\n' "$decl" | sed -n 's/^enum @\([^@]*\)@ .*/\1/p'
          printf '%s\n' "$decl" | sed 's/^[^{]*{//' | tr ',' '\n' |
            sed -n 's/^ *@\([^@]*\)@.*/\1/p' ;;
        'typedef '*) printf '%s\n' "$decl" | sed -n 's/.*@\([^@]*\)@ *$/\1/p' ;;
        'struct @'*) printf '%s\n' "$decl" | sed -n 's/^struct @\([^@]*\)@.*/\1/p' ;;
        *'@ ('*) printf '%s\n' "$decl" | sed -n 's/^.*@\([^@]*\)@ (.*$/\1/p' | head -1 ;;
      esac
    done | grep -E '^(cas_|CAS_)' | sort -u | while IFS= read -r name; do
      # A struct's own page stays; every other name points at its header.
      [ -f "$name.3" ] || printf '.so man3/%s\n' "$target" > "$name.3"
    done
done
n=$(ls | wc -l)
echo "doc-man3.sh: $n man3 pages in $dir"
