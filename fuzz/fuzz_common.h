/* SPDX-License-Identifier: MIT */
/* What every libFuzzer target of fuzz/ shares: the entry point libFuzzer
 * calls, and CHECK(), which marks a broken property. Built by tools/fuzz.sh
 * with libFuzzer, CHECK() aborts; built with -DFUZZ_REPLAY for `make
 * check` (tests/check_fuzz.c), it reports the failed condition and its
 * line through fuzz_replay_fail(). */
#ifndef CAS_FUZZ_COMMON_H
#define CAS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifdef FUZZ_REPLAY
void fuzz_replay_fail(const char *what, int line);
#define CHECK(cond) do { if (!(cond)) fuzz_replay_fail(#cond, __LINE__); } while (0)
#else
#define CHECK(cond) do { if (!(cond)) abort(); } while (0)
#endif

#endif /* CAS_FUZZ_COMMON_H */
