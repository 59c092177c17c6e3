#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerate the ABI baseline abi/libcasualty.abi from a fresh build, on
# purpose: after adding public functions (a compatible change), before a
# release. It shows the difference from the old baseline and refuses a
# removal or a change of what was there unless --force is given
# (docs/versioning.md says when that is right).
#   tools/abi-update.sh [--force] [LIBRARY.so]
exec "$(dirname "$0")/abi-check.sh" --update "$@"
