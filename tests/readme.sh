#!/bin/sh
# SPDX-License-Identifier: MIT
# README.md's sample outputs are what the programs print (tests/readme.py).
exec "${PYTHON:-python3}" "$top_srcdir/tests/readme.py"
