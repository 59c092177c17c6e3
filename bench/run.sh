#!/bin/sh
# SPDX-License-Identifier: MIT
# The benchmark of issue 9 in one command (bench/README.md):
#
#   bench/run.sh [N ...]            default: 100000 1000000
#
# Builds the benchmark programs (`make bench` in $BUILD, default ./build
# under the source tree, which must be configured), installs the peers'
# Debian packages if they are missing (python3-pandas, sqlite3), then runs
# bench/harness.py: for each N, generate N claims, time the floor and
# libcasualty (REPEAT runs, default 5) and the peers (PEER_REPEAT runs,
# default 3), check that the peers' results equal libcasualty's, and print
# the table. Generated files go to $WORK (default $TMPDIR/casualty-bench
# or /tmp/casualty-bench), never into the source tree. Set PEERS=no to
# time libcasualty alone.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
build=${BUILD:-$top/build}
work=${WORK:-${TMPDIR:-/tmp}/casualty-bench}

if [ ! -f "$build/Makefile" ]; then
    echo "run.sh: no configured build tree at $build (set BUILD, or run" >&2
    echo "  mkdir -p $build && cd $build && $top/configure CFLAGS=-O2)" >&2
    exit 2
fi
make -C "$build" -s bench

# Debian's python3 and its pandas: the peer is the packaged pandas, not
# whatever python3 comes first on PATH.
need=""
/usr/bin/python3 -c 'import pandas' 2>/dev/null || need="$need python3-pandas"
command -v sqlite3 >/dev/null 2>&1 || need="$need sqlite3"
if [ -n "${PEERS:-}" ] && [ "$PEERS" = no ]; then
    need=""
fi
if [ -n "$need" ]; then
    echo "run.sh: installing$need"
    apt-get install -y $need >/dev/null 2>&1 ||
        { apt-get update >/dev/null && apt-get install -y $need >/dev/null; }
fi

if [ $# -eq 0 ]; then
    set -- 100000 1000000
fi
peers=""
if [ -n "${PEERS:-}" ] && [ "$PEERS" = no ]; then
    peers="--no-peers"
fi
exec /usr/bin/python3 "$here/harness.py" --build "$build" --work "$work" \
    --repeat "${REPEAT:-5}" --peer-repeat "${PEER_REPEAT:-3}" $peers "$@"
