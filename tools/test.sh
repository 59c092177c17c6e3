#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run every test of libcasualty: set up the machine, then
#  1. the whole suite (make check) in a -Werror build;
#  2. the whole suite again built with AddressSanitizer + UndefinedBehaviorSanitizer;
#  3. every Check suite under valgrind memcheck, leaks counted as errors;
#  4. make install into a staging directory, and a small program outside the
#     tree built with `pkg-config --cflags --libs casualty` against it; the
#     man pages installed (man 3 cas_reconcile_ledger renders);
#  5. make distcheck;
#  6. the hardening checks (tools/hardening.sh: ABI against the baseline,
#     ThreadSanitizer, cppcheck, clang-tidy, each fuzz target for
#     $CAS_FUZZ_SECONDS, default 60 s), each counted as one test.
# Ends with one line: "N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
passed=0
failed=0
log=$(mktemp -d "${TMPDIR:-/tmp}/casualty-test.XXXXXX")

# Add the counts of an automake test-suite summary to the totals.
count_summary() { # build dir, label
  local s="$1/test-suite.log" p f e x
  if [ ! -f "$s" ]; then
    echo "!! $2: no test-suite.log"; failed=$((failed + 1)); return
  fi
  p=$(sed -n 's/^# PASS: *//p' "$s" | head -1)
  f=$(sed -n 's/^# FAIL: *//p' "$s" | head -1)
  e=$(sed -n 's/^# ERROR: *//p' "$s" | head -1)
  x=$(sed -n 's/^# XPASS: *//p' "$s" | head -1)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${x:-0}))
  echo "== $2: ${p:-0} passed, $(( ${f:-0} + ${e:-0} + ${x:-0} )) failed"
  if [ $(( ${f:-0} + ${e:-0} + ${x:-0} )) -gt 0 ]; then
    grep -E '^(FAIL|ERROR|XPASS):' "$1"/tests/*.log 2>/dev/null | head -40
    # Show the failing tests' logs (the start of each) to make CI readable.
    for t in $(grep -l -E '^(not ok|FAIL|ERROR)' "$1"/tests/*.log 2>/dev/null); do
      echo "---- $t"; head -60 "$t"
    done
  fi
}

step() { # label, command...: one pass or one failure
  local label=$1; shift
  if "$@" > "$log/step.out" 2>&1; then
    passed=$((passed + 1)); echo "== $label: passed"
  else
    failed=$((failed + 1)); echo "!! $label: FAILED"; tail -40 "$log/step.out"
  fi
}

# The Python package's install test and frames need these (tests/pyinstall.sh).
./tools/need-packages.sh python3-pandas python3-venv python3-wheel python3-setuptools ||
  { echo "0 passed, 1 failed"; exit 1; }
# configure takes the first python3 on PATH: if it lacks pandas and the
# system's has it, the suite runs with the system's.
if ! "${PYTHON:-python3}" -c "import pandas" 2>/dev/null &&
    /usr/bin/python3 -c "import pandas" 2>/dev/null; then
  export PYTHON=/usr/bin/python3
fi
py=(${PYTHON:+PYTHON="$PYTHON"})
./tools/setup.sh build || { echo "0 passed, 1 failed"; exit 1; }

echo "== make check"
make -C build -s check "${py[@]}" >"$log/check.out" 2>&1
count_summary build "make check"

echo "== make check under ASan+UBSan"
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
if ./tools/setup.sh build-asan CFLAGS="-g -O1 $san" LDFLAGS="$san" >"$log/asan-setup.out" 2>&1; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    make -C build-asan -s check "${py[@]}" >"$log/asan.out" 2>&1
  count_summary build-asan "ASan+UBSan"
else
  failed=$((failed + 1)); echo "!! ASan build failed"; tail -30 "$log/asan-setup.out"
fi

echo "== Check suites under valgrind"
vg="$top/build/libtool --mode=execute valgrind -q --error-exitcode=1 --leak-check=full"
vg="$vg --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect"
mkdir -p build-valgrind
make -C build -s check CK_FORK=no LOG_COMPILER="$vg" TESTS="$(cd build && ls tests/check_* | grep -v '\.' | tr '\n' ' ')" \
  >"$log/valgrind.out" 2>&1
cp build/test-suite.log build-valgrind/test-suite.log 2>/dev/null
mkdir -p build-valgrind/tests && cp build/tests/*.log build-valgrind/tests/ 2>/dev/null
count_summary build-valgrind "valgrind"

install_check() {
  local stage="$log/stage"
  make -C build -s install DESTDIR="$stage" >/dev/null || return 1
  local pc; pc=$(dirname "$(find "$stage" -name casualty.pc | head -1)")
  cat > "$log/hello.c" <<'C'
#include <casualty.h>
#include <stdio.h>
int main(void)
{
    cas_ledger *l;
    cas_claim c;
    if (cas_ledger_new(&l) != CAS_OK) return 1;
    cas_claim_init(&c);
    c.id = "x"; c.source = "SOHR"; c.scope.outcome = "killed"; c.low = 1700; c.high = 1700;
    c.qualifier = CAS_QUAL_EXACT;
    cas_status st = cas_ledger_add(l, &c, NULL);
    printf("%s %d %zu\n", cas_version_string(), (int)st, cas_ledger_count(l));
    cas_ledger_free(l);
    return 0;
}
C
  local flags
  flags=$(PKG_CONFIG_PATH="$pc" PKG_CONFIG_SYSROOT_DIR="$stage" pkg-config --cflags --libs casualty) || return 1
  # shellcheck disable=SC2086
  cc -std=c11 -Wall -Wextra -Werror "$log/hello.c" -o "$log/hello" $flags || return 1
  local libdir; libdir=$(dirname "$(find "$stage" -name 'libcasualty.so' | head -1)")
  out=$(LD_LIBRARY_PATH="$libdir" "$log/hello") || return 1
  echo "$out"
  [ "$out" = "$(sed -n 's/^PACKAGE_VERSION=.\(.*\).$/\1/p' build/config.log | head -1) 0 1" ] || return 1
  [ -x "$stage/usr/local/bin/casualty-reconcile" ] || return 1
  [ -f "$stage/usr/local/include/casualty/ledger.h" ] || return 1
  [ -f "$stage/usr/local/share/libcasualty/data/syria-2025-03.csv" ] || return 1
  # The man pages: the claims CSV's, and the API reference's (doxygen is
  # one of tools/setup.sh's packages, so the build made it).
  [ -f "$stage/usr/local/share/man/man5/casualty-claims.5" ] || return 1
  [ -f "$stage/usr/local/share/man/man3/cas_reconcile_ledger.3" ] || return 1
  MANPATH="$stage/usr/local/share/man" man 3 cas_reconcile_ledger 2>&1 | grep -q 'cas_reconcile_ledger' || return 1
}
step "install + pkg-config program" install_check
step "make distcheck" make -C build -s distcheck DISTCHECK_CONFIGURE_FLAGS=--enable-werror

echo "== hardening (tools/hardening.sh)"
./tools/hardening.sh >"$log/hardening.out" 2>&1
sed -n 's/^\(==\|!!\|   \)/\1/p' "$log/hardening.out" | grep -v '^hardening:' | sed 's/^/  /'
grep -A40 '^!! ' "$log/hardening.out" | head -80
hp=$(sed -n 's/^hardening: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$log/hardening.out")
hf=$(sed -n 's/^hardening: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$log/hardening.out")
if [ -z "$hp" ]; then
  echo "!! hardening: no summary line"; tail -30 "$log/hardening.out"; hf=1; hp=0
fi
echo "== hardening: $hp passed, $hf failed"
passed=$((passed + hp))
failed=$((failed + hf))

rm -rf "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
