#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Set up a Debian 12 machine for libcasualty and build it: install the
# packages that are missing, generate the build system, configure and make.
#   tools/setup.sh [BUILD_DIR [configure arguments...]]
# Run as root (or with sudo) on a fresh machine; later runs skip what is done.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
[ $# -gt 0 ] && shift
packages="gcc make autoconf automake libtool pkg-config check libcsv-dev python3 valgrind libxml2-utils librsvg2-bin"
# The API reference and its man pages (make doc; tests/docs.sh renders them).
packages="$packages doxygen man-db groff-base"
packages="$packages ${CAS_EXTRA_PACKAGES:-}"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "== installing:$missing"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
  echo "== autoreconf"
  autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
mkdir -p "$build"
cd "$build"
if [ ! -f Makefile ] || [ "$top/configure" -nt config.status ]; then
  echo "== configure ($build)"
  "$top/configure" -q --enable-werror "$@"
fi
echo "== make ($build)"
make -s -j"$(nproc)" >/dev/null
