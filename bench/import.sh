#!/bin/sh
# SPDX-License-Identifier: MIT
# Import against load (issue 16; bench/README.md): the UCDP Syria GED file
# (16,566 events) imported with cas_import(), against a claims CSV of the
# same size in bytes (the import's own claims, repeated under new ids)
# loaded with cas_csv_load(), in the same run. With FORMAT=ibc, an
# incident file in IBC's export layout as big as the GED file, written by
# bench/gen_ibc.py (IBC's rows are not redistributed), in its place.
#   [FORMAT=ibc] bench/import.sh BUILD_DIR [GED_CSV_GZ] [REPEAT]
set -eu
build=${1:?usage: bench/import.sh BUILD_DIR [GED_CSV_GZ] [REPEAT]}
top=$(cd "$(dirname "$0")/.." && pwd)
ged=${2:-$top/../shared/data/ucdp/ged_syria_2016_2019.csv.gz}
repeat=${3:-7}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cas-bench-import.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
make -C "$build" bench/bench_import >/dev/null
format=${FORMAT:-ucdp-ged}
zcat "$ged" > "$tmp/ged.csv"
if [ "$format" = ibc ]; then
    python3 "$top/bench/gen_ibc.py" "$(wc -c < "$tmp/ged.csv")" > "$tmp/ibc.csv"
    mv "$tmp/ibc.csv" "$tmp/ged.csv"
fi
"$build/examples/casualty-import" "$format" "$tmp/ged.csv" > "$tmp/claims.csv"
python3 - "$tmp/ged.csv" "$tmp/claims.csv" "$tmp/equal.csv" <<'PY'
import os, sys
target = os.path.getsize(sys.argv[1])
head, *rows = open(sys.argv[2], encoding="utf-8").read().splitlines(True)
out, size, k = [head], len(head.encode()), 0
while size < target:
    for r in rows:
        line = ("r%d-" % k if k else "") + r
        out.append(line)
        size += len(line.encode())
        if size >= target:
            break
    k += 1
open(sys.argv[3], "w", encoding="utf-8").write("".join(out))
PY
"$build/bench/bench_import" "$format" "$tmp/ged.csv" "$tmp/equal.csv" "$repeat"
