#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build the libFuzzer targets of fuzz/ and run each for a bounded time.
#   tools/fuzz.sh [SECONDS [TARGET...]]
# SECONDS  per target (default: $CAS_FUZZ_SECONDS, else 60); 0 only builds.
# TARGET   csv, phrase, reconcile (default: every fuzz/fuzz_*.c).
# Environment:
#   CAS_FUZZ_BUILD  the build directory (default: build-fuzz in the tree);
#                   it keeps the growing corpus (corpus/<target>), the
#                   crashing inputs (artifacts/) and each run's log.
#   CAS_FUZZ_NICE   niceness of the fuzzing runs (default 0).
#
# The targets are compiled with clang -fsanitize=fuzzer,address,undefined
# together with the library's sources (lib/*.c), not against the shared
# library, so the fuzzer sees and instruments every branch. A target needs
# the module it exercises: its first lines name a symbol ("requires:
# cas_x"), and while lib/libcasualty.map does not list that symbol the
# target is reported as skipped. Each run starts from the committed seed
# corpus fuzz/corpus/<target>/ plus what earlier runs found, and prints
# libFuzzer's final "#N DONE cov: ..." line and its execution count.
# A crash stops the run, leaves the input in artifacts/, and this script
# exits 1; reproduce with: <build>/fuzz_<target> <build>/artifacts/<file>.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-${CAS_FUZZ_SECONDS:-60}}
[ $# -gt 0 ] && shift
build=${CAS_FUZZ_BUILD:-$top/build-fuzz}
nice_level=${CAS_FUZZ_NICE:-0}
case $secs in ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, got '$secs'" >&2; exit 2;; esac

"$top/tools/need-packages.sh" clang libclang-rt-14-dev libcsv-dev check pkg-config \
  autoconf automake libtool make || exit 1
CC=${CAS_FUZZ_CC:-clang}

if [ $# -gt 0 ]; then
  targets="$*"
else
  targets=$(cd "$top/fuzz" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')
fi

# config.h comes from a configure run of our own (with clang).
cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
  autoreconf -fi >/dev/null 2>&1 || { echo "fuzz.sh: autoreconf failed" >&2; exit 1; }
fi
mkdir -p "$build/obj" "$build/artifacts"
build=$(cd "$build" && pwd)
if [ ! -f "$build/config.h" ] || [ "$top/configure" -nt "$build/config.h" ]; then
  (cd "$build" && "$top/configure" -q CC="$CC" >"$build/configure.log" 2>&1) ||
    { echo "fuzz.sh: configure failed (see $build/configure.log)" >&2; exit 1; }
fi

san="-fsanitize=address,undefined -fno-sanitize-recover=all"
cflags="-std=c11 -g -O1 -fno-omit-frame-pointer $san -I$top/include -I$top/lib -I$build"

# The library, instrumented for coverage (fuzzer-no-link) and sanitizers.
echo "== fuzz: compiling the library with $CC"
objs=()
pids=()
jobs=$(nproc 2>/dev/null || echo 2)
# The default vocabulary, compiled in as the build does (Makefile.am).
sh "$top/tools/embed.sh" "$top/data/vocabulary.txt" "$build/vocab_default.c.new" cas__vocab_default_text
cmp -s "$build/vocab_default.c.new" "$build/vocab_default.c" 2>/dev/null ||
  mv "$build/vocab_default.c.new" "$build/vocab_default.c"
rm -f "$build/vocab_default.c.new"
for src in "$top"/lib/*.c "$build/vocab_default.c"; do
  obj="$build/obj/$(basename "${src%.c}").o"
  objs+=("$obj")
  # Recompile when the source or any header is newer than the object.
  if [ -f "$obj" ] && [ -z "$(find "$src" "$top/lib" "$top/include" -newer "$obj" -name '*.[ch]' -print -quit)" ]; then
    continue
  fi
  rm -f "$obj"
  "$CC" $cflags -fsanitize=fuzzer-no-link -DCAS_BUILDING_LIBRARY -c "$src" -o "$obj" \
    2>"$obj.err" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || true
    pids=("${pids[@]:1}")
  fi
done
wait
for obj in "${objs[@]}"; do
  if [ ! -f "$obj" ]; then
    echo "fuzz.sh: compiling lib/$(basename "$obj" .o).c failed:" >&2; cat "$obj.err" >&2; exit 1
  fi
done

failed=0
for t in $targets; do
  src="$top/fuzz/fuzz_$t.c"
  if [ ! -f "$src" ]; then
    echo "!! fuzz $t: no such target ($src)"; failed=1; continue
  fi
  need=$(sed -n 's/.*requires: *\(cas_[a-z0-9_]*\).*/\1/p' "$src" | head -1)
  if [ -n "$need" ] && ! grep -q "^[[:space:]]*$need;" "$top/lib/libcasualty.map"; then
    echo "-- fuzz $t: skipped: $need is not in the library yet"; continue
  fi
  bin="$build/fuzz_$t"
  if ! "$CC" $cflags -fsanitize=fuzzer "$src" "${objs[@]}" -lcsv -lm -o "$bin" \
      >"$build/fuzz_$t.build.log" 2>&1; then
    echo "!! fuzz $t: build FAILED"; tail -20 "$build/fuzz_$t.build.log"; failed=1; continue
  fi
  [ "$secs" -eq 0 ] && { echo "== fuzz $t: built $bin"; continue; }
  mkdir -p "$build/corpus/$t"
  dict=()
  [ -f "$top/fuzz/$t.dict" ] && dict=(-dict="$top/fuzz/$t.dict")
  log="$build/fuzz_$t.log"
  echo "== fuzz $t: running for $secs s (log: $log)"
  # The first corpus directory receives new inputs; the committed seeds
  # and the regressions (inputs that once failed) are only read.
  dirs=("$build/corpus/$t" "$top/fuzz/corpus/$t")
  [ -d "$top/fuzz/regressions/$t" ] && dirs+=("$top/fuzz/regressions/$t")
  if nice -n "$nice_level" "$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" "${dict[@]}" \
      "${dirs[@]}" >"$log" 2>&1; then
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "== fuzz $t: passed: ${runs:-?} executions; ${done_line:-no DONE line}"
  else
    failed=1
    echo "!! fuzz $t: FAILED (a crash, leak, timeout or sanitizer report)"
    grep -E 'ERROR|SUMMARY|Test unit written|^#[0-9]+' "$log" | tail -8
    tail -40 "$log"
  fi
done
exit "$failed"
