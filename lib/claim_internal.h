/* SPDX-License-Identifier: MIT */
/* What the claim module's scope relations share with the modules above
 * it (the sums and the propagation walk paths too). Never installed. */
#ifndef CAS_CLAIM_INTERNAL_H
#define CAS_CLAIM_INTERNAL_H

#include "casualty/claim.h"

/* Does path @outer contain path @inner, equal included? A path contains
 * the paths below it ("civilians" contains "civilians/alawite", not
 * "civiliansx"); "" contains every path. NULL reads as "". */
int cas__path_contains(const char *outer, const char *inner);

/* What is wrong with path @s (@len bytes) beyond the rules for ASCII
 * (docs/csv.md, "Paths"): a "." or ".." segment, a C1 control, a character
 * that reorders or hides text (bidi marks, zero-width characters), a
 * noncharacter, or a Unicode space (no-break space and the like) at either
 * end of a segment. NULL when nothing is; else a reason, with the byte
 * offset of the culprit in *@at. */
const char *cas__path_problem(const char *s, size_t len, size_t *at);

#endif
