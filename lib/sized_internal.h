/* SPDX-License-Identifier: MIT */
/* Size-prefixed structs across the ABI (docs/versioning.md). Never
 * installed.
 *
 * Every public struct starts with `uint32_t size`, which the caller's
 * `_init` sets to the caller's sizeof. A caller built against older
 * headers passes a smaller struct, one built against newer headers a
 * bigger one. The library accepts any size from the first release's
 * upward; it reads and writes only the bytes both sides know, and clears
 * what only the caller knows. */
#ifndef CAS_SIZED_INTERNAL_H
#define CAS_SIZED_INTERNAL_H

#include "casualty/aggregate.h"
#include "casualty/claim.h"
#include "casualty/common.h"
#include "casualty/compare.h"
#include "casualty/csv.h"
#include "casualty/import.h"
#include "casualty/matrix.h"
#include "casualty/mse.h"
#include "casualty/phrase.h"
#include "casualty/reconcile.h"
#include "casualty/rollup.h"
#include "casualty/series.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The offset just past @member of @type. */
#define CAS__END(type, member) (offsetof(type, member) + sizeof(((type *)0)->member))

/* The first release's size of each struct: the end of its last member in
 * that release. When a struct grows, its line here stays as it is, so
 * callers built against the first release keep working. cas_scope is
 * embedded by value in other structs and never grows (claim.h). */
#define CAS__V1_cas_error CAS__END(cas_error, message)
#define CAS__V1_cas_scope sizeof(cas_scope)
#define CAS__V1_cas_claim CAS__END(cas_claim, scope)
#define CAS__V1_cas_comparison CAS__END(cas_comparison, ratio)
#define CAS__V1_cas_reconcile_options CAS__END(cas_reconcile_options, default_weight)
#define CAS__V1_cas_scope_result CAS__END(cas_scope_result, conflicts)
#define CAS__V1_cas_claim_ref CAS__END(cas_claim_ref, figure)
#define CAS__V1_cas_conflict CAS__END(cas_conflict, ratio)
#define CAS__V1_cas_sum CAS__END(cas_sum, high)
#define CAS__V1_cas_bounds CAS__END(cas_bounds, unused)
#define CAS__V1_cas_source_pair CAS__END(cas_source_pair, median_ratio)
#define CAS__V1_cas_hedge CAS__END(cas_hedge, phrase)
#define CAS__V1_cas_phrase_claim CAS__END(cas_phrase_claim, period_text)
#define CAS__V1_cas_mse_options CAS__END(cas_mse_options, support)
#define CAS__V1_cas_mse_summary CAS__END(cas_mse_summary, profile_mode)
#define CAS__V1_cas_mse_spread CAS__END(cas_mse_spread, high_max)
#define CAS__V1_cas_csv_write_options CAS__END(cas_csv_write_options, protect_formulas)
#define CAS__V1_cas_import_options CAS__END(cas_import_options, mapping)
#define CAS__V1_cas_rollup_options CAS__END(cas_rollup_options, max_cited)
#define CAS__V1_cas_rollup_summary CAS__END(cas_rollup_summary, mixed_basis)
#define CAS__V1_cas_series_info CAS__END(cas_series_info, unused)
#define CAS__V1_cas_series_report CAS__END(cas_series_report, revision)
#define CAS__V1_cas_series_panel CAS__END(cas_series_panel, days_differ)
#define CAS__V1_cas_series_asof CAS__END(cas_series_asof, unused)

/* The scope "everything" as an initialiser, for structs that hold one. */
#define CAS__SCOPE_ALL \
    {.size = sizeof(cas_scope), .period_start = CAS_DATE_UNKNOWN, .period_end = CAS_DATE_UNKNOWN}

/* Define the exported T_init_size(): clear the caller's struct, then write
 * the defaults given as designated initialisers (0 for all zero). The size
 * field is the caller's, set by cas__sized_init. */
#define CAS__DEFINE_INIT(T, ...)                              \
    void T##_init_size(T *p, size_t size)                     \
    {                                                         \
        static const T defaults = {__VA_ARGS__};              \
        cas__sized_init(p, size, &defaults, sizeof defaults); \
    }

/* What the `_init`s of structs with defaults other than zero make
 * (claim.c): the scope "everything", and a claim with no strings. */
extern const cas_scope cas__scope_all;
extern const cas_claim cas__claim_default;

/* The size a caller gave: the struct's first member. */
static inline uint32_t cas__sized_size(const void *p)
{
    uint32_t size;
    memcpy(&size, p, sizeof size);
    return size;
}

/* Whether @p is not NULL and its size is at least @v1 bytes. */
static inline int cas__sized_ok(const void *p, size_t v1)
{
    return p && cas__sized_size(p) >= v1;
}

/* Whether @p (of type @type) is not NULL and at least first-release size. */
#define CAS__SIZED_OK(p, type) cas__sized_ok((p), CAS__V1_##type)

/* Whether the caller's struct @p of type @type reaches past @member: a
 * field added after the first release is read only when it does, and the
 * library's default is used otherwise. First-release fields are always
 * there once CAS__SIZED_OK holds. */
#define CAS__HAS(p, type, member) (cas__sized_size(p) >= CAS__END(type, member))

/* An `_init`: clear the caller's @size bytes at @p, then copy the first
 * min(@size, @lib) bytes of @defaults (a whole struct of the library's
 * @lib bytes) and set the size to @size. NULL, or a size too small to hold
 * the size field, is a no-op. */
void cas__sized_init(void *p, size_t size, const void *defaults, size_t lib);

/* Read a caller's struct @in into @local (the library's @lib bytes):
 * @defaults first, then the bytes @in's size covers (at most @lib). The
 * caller checked the size with CAS__SIZED_OK. @local may be @defaults.
 * @local's size becomes @lib. */
void cas__sized_read(void *local, const void *in, const void *defaults, size_t lib);

/* Write the library's struct @local (@lib bytes) into the caller's @out:
 * the bytes @out's size covers, at most @lib; @out keeps its size; bytes
 * past @lib up to @out's size (fields only the caller knows) are cleared. */
void cas__sized_write(void *out, const void *local, size_t lib);

#endif
