#!/bin/sh
# SPDX-License-Identifier: MIT
# The Python binding's unittest suite against the uninstalled library, as
# TAP (make check sets CASUALTY_LIBRARY, PYTHONPATH and PYTHON).
set -u
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
# A library built with AddressSanitizer loads only into a process whose
# first library is the ASan runtime: preload it. Python's own allocations
# are not ours to judge, so leak detection stays off; a small quarantine
# keeps the memory-growth test meaningful.
lib=${CASUALTY_LIBRARY:-}
if [ -n "$lib" ] && [ -f "$lib" ] && command -v ldd >/dev/null 2>&1; then
  asan=$(ldd "$lib" 2>/dev/null | awk '$1 ~ /^libasan\.so/ && $3 ~ /^\// {print $3; exit}')
  if [ -n "$asan" ]; then
    LD_PRELOAD="$asan${LD_PRELOAD:+ $LD_PRELOAD}"
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0:quarantine_size_mb=16"
    export LD_PRELOAD ASAN_OPTIONS
  fi
fi
exec "$python" "$here/tap.py" "$here"
