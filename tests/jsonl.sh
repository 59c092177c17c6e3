#!/bin/sh
# SPDX-License-Identifier: MIT
# Every program's -f jsonl against its -f csv on the bundled and test data:
# each line parses alone as a JSON object and every field equals the CSV
# row's (tests/jsonl.py; docs/jsonl.md).
exec "${PYTHON:-python3}" "$top_srcdir/tests/jsonl.py"
