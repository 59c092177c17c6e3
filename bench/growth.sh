#!/bin/sh
# SPDX-License-Identifier: MIT
# Growth of the paths hostile input attacked (issue 20): for each path, the
# instructions it runs at N, 2N, 4N and 8N, counted by callgrind (so the
# load of the machine changes nothing), each count's ratio to the one
# before (2 is linear, a little over 2 is N log N, 4 is quadratic) and the
# exponent from N to 8N. The library paths run in bench/growth (only its
# growth_measured() is counted); casualty-sum --by place|period is counted
# whole, load included.
#   bench/growth.sh [BUILD]    (BUILD defaults to build)
set -eu
build=${1:-${BUILD:-build}}
work=${TMPDIR:-/tmp}/casualty-growth.$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT INT TERM
lt="$build/libtool --mode=execute"

# count PROGRAM ARGS...: the instructions callgrind collected.
count() {
  $lt valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$@" \
    >/dev/null 2>"$work/cg.err" || { cat "$work/cg.err" >&2; exit 1; }
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/cg.err" | tail -n 1
}

measure() { # PATH N: instructions of growth_measured()
  count --toggle-collect=growth_measured "$build/bench/growth" "$1" "$2"
}

measure_sum() { # DIM N: casualty-sum --by DIM over N parts
  "$build/bench/growth" gen-by "$1" "$2" >"$work/by.csv"
  count "$build/examples/casualty-sum" --by "$1" --outcome killed --place syria \
    --from 2000-01-01 --to 2099-12-31 "$work/by.csv"
}

printf '| path | N | instructions N | 2N | 4N | 8N | ratios | exponent N to 8N |\n'
printf '|---|---:|---:|---:|---:|---:|---|---:|\n'
row() { # NAME N COUNTS...
  name=$1 n=$2
  shift 2
  echo "$@" | awk -v name="$name" -v n="$n" '{
    r = sprintf("%.2f, %.2f, %.2f", $2 / $1, $3 / $2, $4 / $3);
    printf "| %s | %d | %d | %d | %d | %d | %s | %.2f |\n", name, n, $1, $2, $3, $4, r,
           log($4 / $1) / log(8) }'
}
for spec in lexer:50000 idhash:2000 lenient:20000 plot:5000 tolerance:5000 matrix:5000 longpath:4096 deep:500 nested:1000; do
  p=${spec%%:*} n=${spec#*:}
  row "$p" "$n" $(measure "$p" "$n") $(measure "$p" $((2 * n))) \
    $(measure "$p" $((4 * n))) $(measure "$p" $((8 * n)))
done
for d in place period; do
  n=2000
  row "sum --by $d" "$n" $(measure_sum "$d" "$n") $(measure_sum "$d" $((2 * n))) \
    $(measure_sum "$d" $((4 * n))) $(measure_sum "$d" $((8 * n)))
done
