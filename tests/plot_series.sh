#!/bin/sh
# SPDX-License-Identifier: MIT
# casualty-plot --series on the TechForPalestine Gaza extract: its lines and
# revision rings against the raw CSV, and well-formed XML
# (tests/plot_series.py).
exec "${PYTHON:-python3}" "$top_srcdir/tests/plot_series.py"
