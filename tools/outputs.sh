#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run every example program, in every output format, on the bundled data,
# the Civil War data and the test corpora, and write each run's stdout,
# stderr and exit status under OUT_DIR, so that two builds can be compared
# byte for byte (a restructuring must not change what users see):
#   tools/outputs.sh BUILD_DIR OUT_DIR
#   diff -r OUT_A OUT_B
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
out=$2
mkdir -p "$out"
bin=$build/examples
n=0
run() { # name, program, args...
  local name=$1 prog=$2; shift 2
  "$bin/casualty-$prog" "$@" > "$out/$name.out" 2> "$out/$name.err"
  echo $? > "$out/$name.status"
  sed -i "s|$top|TOP|g; s|$build|BUILD|g" "$out/$name.out" "$out/$name.err"
  n=$((n + 1))
}
claims="$top/examples/data/syria-2025-03.csv $top/examples/data/acw-casualties.csv"
claims="$claims $(ls "$top"/tests/data/*.csv "$top"/tests/data/real/*.csv 2>/dev/null)"
for f in $claims; do
  b=$(basename "$f" .csv)
  for fmt in text csv markdown; do
    run "reconcile-$b-$fmt" reconcile -f "$fmt" "$f"
    run "reconcile-$b-$fmt-all-bases" reconcile -f "$fmt" --bases reported,documented,estimated,party "$f"
    run "compare-$b-$fmt" compare -f "$fmt" "$f"
    run "compare-$b-$fmt-scope" compare -f "$fmt" --scope --outcome killed "$f"
    run "sum-$b-$fmt" sum -f "$fmt" --all "$f"
    run "sum-$b-$fmt-envelope" sum -f "$fmt" --range envelope "$f"
    for by in outcome group perpetrator place period; do
      run "sum-$b-$fmt-by-$by" sum -f "$fmt" --by "$by" "$f"
    done
  done
  run "reconcile-$b-killed-civilians" reconcile --outcome killed --group civilians "$f"
  run "plot-$b" plot "$f"
done
for f in "$top"/tests/data/mse/*.csv; do
  b=$(basename "$f" .csv)
  for fmt in text csv markdown; do
    run "mse-$b-$fmt" mse -f "$fmt" "$f"
    run "mse-$b-$fmt-bic" mse -f "$fmt" --criterion bic --top 5 "$f"
  done
  run "mse-$b-claim" mse --claim "$f"
done
for f in $(find "$top/tests/data/phrases" "$top/examples/data" -name '*.txt' 2>/dev/null) \
         "$top/tests/data/phrases/corpus.tsv"; do
  b=$(basename "$f")
  for kind in prose casualty strength; do
    run "parse-$b-$kind" parse -k "$kind" --year 2025 "$f"
    run "parse-$b-$kind-acled" parse -k "$kind" -p acled "$f"
  done
done
for prog in reconcile compare parse sum mse plot; do
  run "help-$prog" "$prog" --help
  run "bad-$prog" "$prog" --no-such-option
done
echo "$n runs written to $out"
