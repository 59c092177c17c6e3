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

/* cas_claim_validate(), the lengths of the claim's strings put in @lens
 * (0 for an absent one) in the order of the ledger's row (CAS__S_ID ...
 * CAS__S_EVENT, ledger_internal.h), so that they are measured once. The
 * strings whose bit (1u << CAS__S_...) is set in @known were checked
 * before, as strings of the same field, and their @lens filled: not
 * checked again. */
cas_status cas__claim_validate_lens(const cas_claim *c, size_t *lens, unsigned known,
                                    cas_error *err);

/* What is wrong with path @s (@len bytes) beyond the rules for ASCII
 * (docs/csv.md, "Paths"): a "." or ".." segment, a C1 control, a character
 * that reorders or hides text (bidi marks, zero-width characters), a
 * noncharacter, or a Unicode space (no-break space and the like) at either
 * end of a segment. NULL when nothing is; else a reason, with the byte
 * offset of the culprit in *@at. */
const char *cas__path_problem(const char *s, size_t len, size_t *at);

#endif
