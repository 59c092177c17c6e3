#!/bin/sh
# SPDX-License-Identifier: MIT
# The Civil War importer and what casualty-reconcile makes of its output
# (tests/acw.py; docs/real-data.md).
exec "${PYTHON:-python3}" "$top_srcdir/tests/acw.py"
