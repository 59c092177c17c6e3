#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The hardening checks of libcasualty (issue 5), in order:
#  1. abi        the ABI against the baseline abi/libcasualty.abi
#                (tools/abi-check.sh; docs/versioning.md);
#  2. tsan       tests/check_threads built with clang -fsanitize=thread in
#                a build directory of its own, run with CK_FORK=no;
#  3. cppcheck   over lib/, with the suppressions of tools/cppcheck.suppress;
#  4. clang-tidy over lib/*.c with .clang-tidy and the build's flags; every
#                finding that tools/clang-tidy.known does not explain fails;
#  5. format     the C sources as .clang-format says (tools/format.sh --check);
#  6. fuzz       each libFuzzer target of fuzz/ for a bounded time
#                (tools/fuzz.sh; $CAS_FUZZ_SECONDS, default 60 s each).
# Installs the Debian packages it needs when they are missing. Prints one
# line per step, "== <step>: passed" or "!! <step>: FAILED" and the tail of
# its output, and at the end "hardening: N passed, N failed".
#   tools/hardening.sh [STEP...]     (default: all steps, in order)
# Build directories (all ignored by git): build-abi, build-tsan, build-fuzz
# in the tree, or under $CAS_HARDENING_BUILD_ROOT when that is set.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
root=${CAS_HARDENING_BUILD_ROOT:-$top}
mkdir -p "$root"
root=$(cd "$root" && pwd)
fuzz_seconds=${CAS_FUZZ_SECONDS:-60}
passed=0
failed=0
log=$(mktemp -d "${TMPDIR:-/tmp}/casualty-hardening.XXXXXX")
trap 'rm -rf "$log"' EXIT

step() { # name, command...: one pass or one failure
  local name=$1; shift
  if "$@" >"$log/$name.out" 2>&1; then
    passed=$((passed + 1)); echo "== $name: passed"
    # A short summary of what passed: the lines the step marks as such.
    grep -E '^(abi:|tsan:|cppcheck:|clang-tidy:|format:|== fuzz)' "$log/$name.out" | sed 's/^/   /' | tail -8
  else
    failed=$((failed + 1)); echo "!! $name: FAILED"; tail -40 "$log/$name.out"
  fi
}

# Configure a build directory of the tree if it has none (quietly).
configure_in() { # dir, configure arguments...
  local dir=$1; shift
  if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
    autoreconf -fi >/dev/null 2>&1 || autoreconf -fi || return 1
  fi
  mkdir -p "$dir"
  if [ ! -f "$dir/Makefile" ] || [ configure -nt "$dir/config.status" ]; then
    (cd "$dir" && "$top/configure" -q "$@") || return 1
  fi
}

"$top/tools/need-packages.sh" gcc make autoconf automake libtool pkg-config check libcsv-dev \
  abigail-tools clang libclang-rt-14-dev cppcheck clang-tidy clang-format ||
  { echo "!! packages: FAILED"; echo "hardening: 0 passed, 1 failed"; exit 1; }

run_abi() {
  CAS_ABI_BUILD="$root/build-abi" "$top/tools/abi-check.sh"
}

run_tsan() {
  local b="$root/build-tsan" san="-fsanitize=thread -fno-omit-frame-pointer"
  # No --enable-werror: warnings are gcc's job (tools/test.sh); clang's
  # differ and are not what this step is about.
  configure_in "$b" CC=clang CFLAGS="-g -O1 $san" LDFLAGS="$san" || return 1
  make -C "$b" -s -j"$(nproc)" tests/check_threads || return 1
  # No fork: TSan watches the threads in this one process. halt_on_error
  # makes the first race fail the run.
  (cd "$b" && CK_FORK=no CK_VERBOSITY=normal TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
    ./libtool --mode=execute ./tests/check_threads) || return 1
  echo "tsan: tests/check_threads passed under ThreadSanitizer"
}

run_cppcheck() {
  configure_in "$root/build-abi" CFLAGS="-g -O2" || return 1
  local out="$log/cppcheck.txt"
  # --enable=warning,style,performance,portability: everything but
  # "information" (missing system headers) and unusedFunction (the API
  # is used by callers cppcheck cannot see).
  cppcheck --std=c11 --enable=warning,style,performance,portability --inline-suppr --quiet \
    --suppressions-list="$top/tools/cppcheck.suppress" --error-exitcode=1 \
    -D__GNUC__ -DCAS_BUILDING_LIBRARY -I"$top/include" -I"$top/lib" -I"$root/build-abi" \
    --template='{file}:{line}: {severity}: {id}: {message}' lib 2>"$out"
  local st=$?
  cat "$out"
  [ "$st" -eq 0 ] && [ ! -s "$out" ] || return 1
  echo "cppcheck: lib/ clean ($(grep -c '^[a-zA-Z]' "$top/tools/cppcheck.suppress") documented suppressions)"
}

run_clang_tidy() {
  configure_in "$root/build-abi" CFLAGS="-g -O2" || return 1
  local out="$log/tidy.txt"
  # The flags the library is built with (see Makefile.am).
  ls lib/*.c | xargs -P"$(nproc)" -I{} clang-tidy --quiet {} -- -Iinclude -Ilib \
    -I"$root/build-abi" -std=c11 -D_GNU_SOURCE -DCAS_BUILDING_LIBRARY >"$out" 2>&1
  # Findings as "file check" pairs, counted, against the explained ones.
  sed -n -E 's|^'"$top"'/([^:]+):[0-9]+:[0-9]+: (warning\|error): .*\[([A-Za-z0-9.,-]+)\]$|\1 \3|p' "$out" |
    sed 's/,-warnings-as-errors//' | sort | uniq -c | awk '{print $2, $3, $1}' >"$log/tidy.found"
  grep -v '^[[:space:]]*\(#\|$\)' "$top/tools/clang-tidy.known" | awk '{print $1, $2, $3}' \
    >"$log/tidy.known"
  local bad=0
  while read -r file check n; do
    local k
    k=$(awk -v f="$file" -v c="$check" '$1 == f && $2 == c {print $3}' "$log/tidy.known")
    if [ -z "$k" ] || [ "$n" -gt "$k" ]; then
      echo "clang-tidy: $file: $n x $check (explained: ${k:-0}):"
      grep -F "$top/$file:" "$out" | grep -F "[$check" | head -5
      bad=1
    fi
  done <"$log/tidy.found"
  # Entries that no longer match anything should be removed.
  while read -r file check k; do
    grep -q "^$file $check " "$log/tidy.found" ||
      echo "clang-tidy: note: tools/clang-tidy.known lists $file $check, which no longer occurs"
  done <"$log/tidy.known"
  if grep -q -E 'error: .*(file not found|unknown argument)|Error while processing' "$out"; then
    grep -E 'file not found|unknown argument|Error while processing' "$out" | head -5
    bad=1
  fi
  [ "$bad" -eq 0 ] || return 1
  echo "clang-tidy: lib/*.c clean but for $(awk '{n += $3} END {print n + 0}' "$log/tidy.found") explained findings"
}

run_fuzz() { # target
  CAS_FUZZ_BUILD="$root/build-fuzz" "$top/tools/fuzz.sh" "$fuzz_seconds" "$1"
}

steps=${*:-abi tsan cppcheck clang-tidy format fuzz}
for s in $steps; do
  case $s in
    abi) step abi run_abi ;;
    tsan) step tsan run_tsan ;;
    cppcheck) step cppcheck run_cppcheck ;;
    clang-tidy) step clang-tidy run_clang_tidy ;;
    format) step format "$top/tools/format.sh" --check ;;
    fuzz)
      for f in fuzz/fuzz_*.c; do
        t=$(basename "$f" .c); t=${t#fuzz_}
        step "fuzz-$t" run_fuzz "$t"
      done ;;
    *) echo "!! $s: FAILED"; echo "unknown step (abi tsan cppcheck clang-tidy format fuzz)"; failed=$((failed + 1)) ;;
  esac
done
echo "hardening: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
