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

#endif
