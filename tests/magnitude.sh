#!/bin/sh
# SPDX-License-Identifier: MIT
# How far apart the Civil War sources run: casualty-compare's spread
# recomputed from the CSV (tests/magnitude.py; docs/model.md section 14).
exec "${PYTHON:-python3}" "$top_srcdir/tests/magnitude.py"
