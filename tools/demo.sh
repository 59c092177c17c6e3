#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job: build libcasualty and reconcile the bundled claims on the
# March 2025 Western Syria clashes (examples/data/syria-2025-03.csv).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/setup.sh" build >&2
exec "$top/build/examples/casualty-reconcile" "$@"
