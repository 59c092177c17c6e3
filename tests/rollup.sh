#!/bin/sh
# SPDX-License-Identifier: MIT
# casualty-rollup on real UCDP GED data, every sum recomputed from the raw
# rows (tests/rollup.py).
exec "${PYTHON:-python3}" "$top_srcdir/tests/rollup.py"
