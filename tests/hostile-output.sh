#!/bin/sh
# SPDX-License-Identifier: MIT
# Every program and output format on a corpus of hostile fields, each output
# checked well-formed: xmllint for SVG, the csv module for CSV, a column
# count for Markdown tables, json.loads for JSON Lines (tests/hostile_output.py;
# docs/csv.md, "Output that cannot be abused").
exec "${PYTHON:-python3}" "$top_srcdir/tests/hostile_output.py"
