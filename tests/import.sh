#!/bin/sh
# SPDX-License-Identifier: MIT
# The dataset readers on the real files of tests/data/real and on files
# the test writes in ACLED's and IBC's formats, every figure recomputed
# with Python's csv module (tests/import.py; docs/real-data.md).
exec "${PYTHON:-python3}" "$top_srcdir/tests/import.py"
