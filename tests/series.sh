#!/bin/sh
# SPDX-License-Identifier: MIT
# casualty-series' CSV on the TechForPalestine extracts against revisions
# and as-of floors recomputed from the raw CSV with Python's csv module
# (tests/series.py; docs/model.md section 12).
exec "${PYTHON:-python3}" "$top_srcdir/tests/series.py"
