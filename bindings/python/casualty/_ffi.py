# SPDX-License-Identifier: MIT
"""The C side: the library handle, the structs that cross the ABI, and ONE
table that declares every function this binding calls.

Each entry of :data:`FUNCTIONS` names a function, its ``restype``, its
``argtypes`` and its ``errcheck``. ``restype`` is always set (ctypes'
default ``int`` would truncate pointers). Functions that return a
``cas_status`` get :func:`check_status`, which turns a failure into the
matching :mod:`casualty.errors` exception carrying the C message. This
module is the package's bottom layer and imports none of it but
:mod:`._loader`, so it does not build that exception itself:
:mod:`casualty.errors`, above it, provides :data:`status_error`.

Every function of the table is required: a library that lacks any of them
is not one this binding can use, and importing the package fails with an
ImportError that names the library and the functions it lacks.

Every struct that starts with ``uint32_t size`` (:data:`SIZED`) is
initialised through the library's ``cas_X_init_size`` with this binding's
``sizeof`` (:func:`init`, :func:`sized`), as a C caller's inline
``cas_X_init`` does; tests/test_layout.py checks the layouts against the ABI
baseline. The library's constants (:data:`OPEN`, :data:`NONE`,
:data:`DATE_UNKNOWN`, :data:`FIELD_MAX`) are read from it, never written
here.
"""

import ctypes
import functools
from ctypes import (POINTER, Structure, c_char, c_char_p, c_double, c_int, c_int32, c_int64,
                    c_size_t, c_uint32, c_uint64, c_void_p)

from . import _loader, _lock

#: The library versions this binding speaks: this major, and a minor at
#: least this one.
SUPPORTED_MAJOR = 0
SUPPORTED_MINOR = 1


# ---------------------------------------------------------------- structs

class Error(Structure):
    """``cas_error``: where and why something failed."""
    _fields_ = [
        ("size", c_uint32),
        ("status", c_int32),
        ("line", c_int64),
        ("column", c_int64),
        ("field", c_char * 64),
        ("file", c_char * 256),
        ("message", c_char * 512),
    ]


class ScopeStruct(Structure):
    """``cas_scope``."""
    _fields_ = [
        ("size", c_uint32),
        ("outcome", c_char_p),
        ("group", c_char_p),
        ("perpetrator", c_char_p),
        ("place", c_char_p),
        ("period_start", c_int32),
        ("period_end", c_int32),
        ("event", c_char_p),
    ]


# The leading members of cas_claim, the same in both of its layouts below.
_CLAIM_HEAD = [
    ("size", c_uint32),
    ("qualifier", c_int32),
    ("basis", c_int32),
    ("reported_on", c_int32),
    ("low", c_int64),
    ("high", c_int64),
    ("best", c_int64),
    ("id", c_char_p),
]


class ClaimStruct(Structure):
    """``cas_claim``."""
    _fields_ = _CLAIM_HEAD + [
        ("source", c_char_p),
        ("source_kind", c_char_p),
        ("relay", c_char_p),
        ("citation", c_char_p),
        ("quote", c_char_p),
        ("scope", ScopeStruct),
    ]


class ClaimView(Structure):
    """``cas_claim`` as cas_ledger_get() fills it, laid out for fast reading:
    the strings the ledger interns as raw pointers (decoded once per
    pointer by the binding), the scope's fields inline."""
    _fields_ = _CLAIM_HEAD + [
        ("source", c_void_p),
        ("source_kind", c_void_p),
        ("relay", c_void_p),
        ("citation", c_void_p),
        ("quote", c_char_p),
        ("scope_size", c_uint32),
        ("outcome", c_void_p),
        ("group", c_void_p),
        ("perpetrator", c_void_p),
        ("place", c_void_p),
        ("period_start", c_int32),
        ("period_end", c_int32),
        ("event", c_void_p),
    ]


class LedgerHandle(Structure):
    """``cas_ledger`` (opaque)."""


class RejectsHandle(Structure):
    """``cas_rejects`` (opaque)."""


# compare.h, reconcile.h, aggregate.h, matrix.h

class ComparisonStruct(Structure):
    """``cas_comparison``."""
    _fields_ = [
        ("size", c_uint32),
        ("scope_relation", c_int32),
        ("range_relation", c_int32),
        ("consistent", c_int32),
        ("narrower", c_int32),
        ("gap", c_int64),
        ("first_figure", c_int64),
        ("second_figure", c_int64),
        ("ratio", c_double),
    ]


class ReconcileOptionsStruct(Structure):
    """``cas_reconcile_options``."""
    _fields_ = [
        ("size", c_uint32),
        ("bases", c_uint32),
        ("max_conflicts", c_uint32),
        ("nweights", c_uint32),
        ("weight_sources", POINTER(c_char_p)),
        ("weights", POINTER(c_double)),
        ("default_weight", c_double),
        ("best_rule", c_int32),
        ("npriority", c_uint32),
        ("priority_sources", POINTER(c_char_p)),
        ("tolerance_kind", c_int32),
        ("unused", c_uint32),
        ("tolerance", c_double),
    ]


class ScopeResultStruct(Structure):
    """``cas_scope_result``."""
    _fields_ = [
        ("size", c_uint32),
        ("has_consensus", c_int32),
        ("scope", ScopeStruct),
        ("claims", c_uint32),
        ("sources", c_uint32),
        ("superseded", c_uint32),
        ("excluded", c_uint32),
        ("envelope_low", c_int64),
        ("envelope_high", c_int64),
        ("consensus_low", c_int64),
        ("consensus_high", c_int64),
        ("best", c_int64),
        ("conflict_pairs", c_int64),
        ("conflicts", c_uint32),
        ("best_kind", c_int32),
        ("within_tolerance", c_int32),
        ("unused", c_uint32),
        ("outlier", c_char_p),
    ]


class ClaimRefStruct(Structure):
    """``cas_claim_ref``."""
    _fields_ = [
        ("size", c_uint32),
        ("unused", c_uint32),
        ("index", c_size_t),
        ("id", c_char_p),
        ("source", c_char_p),
        ("low", c_int64),
        ("high", c_int64),
        ("figure", c_int64),
    ]


class ConflictStruct(Structure):
    """``cas_conflict``."""
    _fields_ = [
        ("size", c_uint32),
        ("unused", c_uint32),
        ("higher", c_size_t),
        ("lower", c_size_t),
        ("higher_id", c_char_p),
        ("higher_source", c_char_p),
        ("lower_id", c_char_p),
        ("lower_source", c_char_p),
        ("gap", c_int64),
        ("ratio", c_double),
    ]


class RollupOptionsStruct(Structure):
    """``cas_rollup_options``."""
    _fields_ = [
        ("size", c_uint32),
        ("place_depth", c_uint32),
        ("unit", c_int32),
        ("straddle", c_int32),
        ("bases", c_uint32),
        ("max_cited", c_uint32),
    ]


class RollupSummaryStruct(Structure):
    """``cas_rollup_summary``."""
    _fields_ = [
        ("size", c_uint32),
        ("unused", c_uint32),
        ("derived", c_uint64),
        ("summed", c_uint64),
        ("superseded", c_uint64),
        ("without_event", c_uint64),
        ("excluded", c_uint64),
        ("straddlers", c_uint64),
        ("left_out", c_uint64),
        ("first", c_uint64),
        ("split", c_uint64),
        ("mixed_basis", c_uint64),
    ]


class SumStruct(Structure):
    """``cas_sum``."""
    _fields_ = [
        ("size", c_uint32),
        ("terms", c_uint32),
        ("low", c_int64),
        ("high", c_int64),
        ("best", c_int64),
        ("without_best", c_uint32),
        ("midpoint_bests", c_uint32),
    ]


class BoundsStruct(Structure):
    """``cas_bounds``."""
    _fields_ = [
        ("size", c_uint32),
        ("conflict", c_int32),
        ("scope", ScopeStruct),
        ("initial_low", c_int64),
        ("initial_high", c_int64),
        ("low", c_int64),
        ("high", c_int64),
        ("low_rule", c_int32),
        ("high_rule", c_int32),
        ("has_claims", c_int32),
        ("unused", c_int32),
        ("best", c_int64),
        ("best_kind", c_int32),
        ("unused2", c_int32),
    ]


class SourcePairStruct(Structure):
    """``cas_source_pair``."""
    _fields_ = [
        ("size", c_uint32),
        ("scopes", c_uint32),
        ("first", c_char_p),
        ("second", c_char_p),
        ("agree", c_uint32),
        ("conflict", c_uint32),
        ("ratios", c_uint32),
        ("unused", c_uint32),
        ("median_ratio", c_double),
        ("figures", c_uint32),
        ("first_higher", c_uint32),
        ("second_higher", c_uint32),
        ("within_tolerance", c_uint32),
        ("floors", c_uint32),
        ("unused2", c_uint32),
        ("p10_ratio", c_double),
        ("p90_ratio", c_double),
    ]


class SeriesInfoStruct(Structure):
    """``cas_series_info``."""
    _fields_ = [
        ("size", c_uint32),
        ("phase", c_uint32),
        ("source", c_char_p),
        ("scope", ScopeStruct),
        ("reports", c_uint32),
        ("revisions", c_uint32),
        ("revised", c_int64),
        ("panel", c_uint32),
        ("unused", c_uint32),
    ]


class SeriesReportStruct(Structure):
    """``cas_series_report``."""
    _fields_ = [
        ("size", c_uint32),
        ("cutoff", c_int32),
        ("reported_on", c_int32),
        ("days", c_int32),
        ("claim_id", c_char_p),
        ("claim", c_uint32),
        ("revised_from", c_uint32),
        ("low", c_int64),
        ("high", c_int64),
        ("increment", c_int64),
        ("revision", c_int64),
    ]


class SeriesPanelStruct(Structure):
    """``cas_series_panel``."""
    _fields_ = [
        ("size", c_uint32),
        ("members", c_uint32),
        ("scope", ScopeStruct),
        ("first_day", c_int32),
        ("last_day", c_int32),
        ("days_agree", c_uint32),
        ("days_differ", c_uint32),
    ]


class SeriesAsofStruct(Structure):
    """``cas_series_asof``."""
    _fields_ = [
        ("size", c_uint32),
        ("day", c_int32),
        ("series", c_uint32),
        ("floor_day", c_int32),
        ("ceiling_day", c_int32),
        ("stale", c_int32),
        ("floor", c_int64),
        ("ceiling", c_int64),
        ("low", c_int64),
        ("high", c_int64),
        ("agree", c_int32),
        ("unused", c_uint32),
    ]


class SeriesHandle(Structure):
    """``cas_series`` (opaque)."""


class ReconciliationHandle(Structure):
    """``cas_reconciliation`` (opaque)."""


class PropagationHandle(Structure):
    """``cas_propagation`` (opaque)."""


class MatrixHandle(Structure):
    """``cas_matrix`` (opaque)."""


# mse.h

class MseOptionsStruct(Structure):
    """``cas_mse_options``."""
    _fields_ = [
        ("size", c_uint32),
        ("flags", c_uint32),
        ("level", c_double),
        ("criterion", c_int32),
        ("max_iterations", c_int32),
        ("support", c_double),
    ]


class MseSummaryStruct(Structure):
    """``cas_mse_summary``."""
    _fields_ = [
        ("size", c_uint32),
        ("method", c_int32),
        ("lists", c_uint32),
        ("params", c_int32),
        ("df", c_int32),
        ("iterations", c_int32),
        ("interval", c_int32),
        ("interval_flags", c_uint32),
        ("model", c_uint64),
        ("observed", c_int64),
        ("level", c_double),
        ("n_hat", c_double),
        ("se", c_double),
        ("deviance", c_double),
        ("loglik", c_double),
        ("aic", c_double),
        ("bic", c_double),
        ("low", c_double),
        ("high", c_double),
        ("profile_mode", c_double),
    ]


class CsvWriteOptionsStruct(Structure):
    """``cas_csv_write_options``."""
    _fields_ = [
        ("size", c_uint32),
        ("protect_formulas", c_int32),
    ]


class ImportOptionsStruct(Structure):
    """``cas_import_options``."""
    _fields_ = [
        ("size", c_uint32),
        ("delimiter", c_int32),
        ("encoding", c_int32),
        ("na", c_char_p),
        ("source", c_char_p),
        ("mapping", c_char_p),
        ("groups", c_int32),
    ]


class MseSpreadStruct(Structure):
    """``cas_mse_spread``."""
    _fields_ = [
        ("size", c_uint32),
        ("criterion", c_int32),
        ("fitted", c_uint32),
        ("failed", c_uint32),
        ("supported", c_uint32),
        ("interval_flags", c_uint32),
        ("chosen", c_uint64),
        ("support", c_double),
        ("n_hat_min", c_double),
        ("n_hat_max", c_double),
        ("low_min", c_double),
        ("high_max", c_double),
    ]


class MseTableHandle(Structure):
    """``cas_mse_table`` (opaque)."""


class MseEstimateHandle(Structure):
    """``cas_mse_estimate`` (opaque)."""


class MseSelectionHandle(Structure):
    """``cas_mse_selection`` (opaque)."""


# vocab.h

class VocabHandle(Structure):
    """``cas_vocab`` (opaque)."""


# phrase.h

class HedgeStruct(Structure):
    """``cas_hedge``."""
    _fields_ = [
        ("size", c_uint32),
        ("position", c_int32),
        ("rule", c_int32),
        ("qualifier", c_int32),
        ("spread", c_int32),
        ("low", c_int64),
        ("high", c_int64),
        ("best", c_int64),
        ("phrase", c_char_p),
    ]


class PhraseClaimStruct(Structure):
    """``cas_phrase_claim``."""
    _fields_ = [
        ("size", c_uint32),
        ("kind", c_int32),
        ("qualifier", c_int32),
        ("basis", c_int32),
        ("low", c_int64),
        ("high", c_int64),
        ("best", c_int64),
        ("number", c_int64),
        ("start", c_int64),
        ("end", c_int64),
        ("period_start", c_int32),
        ("period_end", c_int32),
        ("outcome", c_char_p),
        ("group", c_char_p),
        ("perpetrator", c_char_p),
        ("perpetrator_text", c_char_p),
        ("source", c_char_p),
        ("relay", c_char_p),
        ("preset", c_char_p),
        ("quote", c_char_p),
        ("period_text", c_char_p),
    ]


class PhraseOptionsHandle(Structure):
    """``cas_phrase_options`` (opaque)."""


class PhraseResultHandle(Structure):
    """``cas_phrase_result`` (opaque)."""


class RollupInfoHandle(Structure):
    """``cas_rollup_info`` (opaque)."""


LEDGER_P = POINTER(LedgerHandle)
ROLLUP_P = POINTER(RollupInfoHandle)
REJECTS_P = POINTER(RejectsHandle)
RECON_P = POINTER(ReconciliationHandle)
PROP_P = POINTER(PropagationHandle)
MATRIX_P = POINTER(MatrixHandle)
SERIES_P = POINTER(SeriesHandle)
TABLE_P = POINTER(MseTableHandle)
ESTIMATE_P = POINTER(MseEstimateHandle)
SELECTION_P = POINTER(MseSelectionHandle)
POPTS_P = POINTER(PhraseOptionsHandle)
PRESULT_P = POINTER(PhraseResultHandle)
VOCAB_P = POINTER(VocabHandle)
ERROR_P = POINTER(Error)
SCOPE_P = POINTER(ScopeStruct)
CLAIM_P = POINTER(ClaimStruct)
c_char_pp = POINTER(c_char_p)
c_void_pp = POINTER(c_void_p)


# ------------------------------------------------------------- errchecks

#: ``status_error(status, func, args)``: the exception for a call ``func(*args)``
#: that returned the failed ``cas_status`` ``status``. Set by
#: :mod:`casualty.errors` (which builds it from the call's ``cas_error``),
#: which the package imports right after this module.
status_error = None


def check_status(result, func, args):
    """errcheck of functions returning ``cas_status``: raise on failure the
    exception :data:`status_error` makes."""
    if result == 0:
        return result
    raise status_error(result, func, args)


# ------------------------------------------------------------- the table

_S = c_int  # cas_status

#: (name, restype, argtypes, errcheck): every function this binding calls, all
#: of them required (see the module docstring).
FUNCTIONS = [
    # common.h
    ("cas_error_init_size", None, [ERROR_P, c_size_t], None),
    ("cas_strerror", c_char_p, [c_int], None),
    ("cas_version", c_int32, [], None),
    ("cas_version_string", c_char_p, [], None),
    ("cas_date_from_ymd", _S, [POINTER(c_int32), c_int32, c_int32, c_int32], check_status),
    ("cas_date_to_ymd", _S, [POINTER(c_int32), POINTER(c_int32), POINTER(c_int32), c_int32],
     check_status),
    ("cas_date_parse", _S, [POINTER(c_int32), c_char_p, c_size_t], check_status),
    ("cas_date_format", _S, [c_char_p, c_size_t, c_int32], check_status),
    ("cas_free", None, [c_void_p], None),
    ("cas_open", c_int64, [], None),
    ("cas_none", c_int64, [], None),
    ("cas_date_unknown", c_int32, [], None),
    ("cas_field_max", c_size_t, [], None),
    # claim.h
    ("cas_scope_init_size", None, [SCOPE_P, c_size_t], None),
    ("cas_claim_init_size", None, [CLAIM_P, c_size_t], None),
    ("cas_claim_validate", _S, [CLAIM_P, ERROR_P], check_status),
    ("cas_range_relation", c_int, [c_int64, c_int64, c_int64, c_int64], None),
    ("cas_path_relation", c_int, [c_char_p, c_char_p], None),
    ("cas_scope_relation", c_int, [SCOPE_P, SCOPE_P], None),
    ("cas_qualifier_name", c_char_p, [c_int32], None),
    ("cas_qualifier_from_name", _S, [POINTER(c_int32), c_char_p], check_status),
    ("cas_basis_name", c_char_p, [c_int32], None),
    ("cas_basis_from_name", _S, [POINTER(c_int32), c_char_p], check_status),
    ("cas_range_rel_name", c_char_p, [c_int32], None),
    ("cas_scope_rel_name", c_char_p, [c_int32], None),
    # ledger.h
    ("cas_ledger_new", _S, [POINTER(LEDGER_P)], check_status),
    ("cas_ledger_free", None, [LEDGER_P], None),
    # rollup.h
    ("cas_rollup_options_init_size", None, [POINTER(RollupOptionsStruct), c_size_t], None),
    ("cas_rollup_summary_init_size", None, [POINTER(RollupSummaryStruct), c_size_t], None),
    ("cas_rollup", _S, [POINTER(LEDGER_P), POINTER(ROLLUP_P), LEDGER_P,
                        POINTER(RollupOptionsStruct), ERROR_P], check_status),
    ("cas_rollup_info_free", None, [ROLLUP_P], None),
    ("cas_rollup_info_summary", _S, [ROLLUP_P, POINTER(RollupSummaryStruct)], check_status),
    ("cas_rollup_info_term", _S, [ROLLUP_P, c_size_t, c_size_t, POINTER(ClaimRefStruct),
                                  POINTER(c_size_t)], check_status),
    ("cas_rollup_info_straddler", _S, [ROLLUP_P, c_size_t, POINTER(ClaimRefStruct),
                                       POINTER(c_size_t)], check_status),
    ("cas_rollup_unit_name", c_char_p, [c_int32], None),
    ("cas_rollup_unit_from_name", _S, [POINTER(c_int32), c_char_p], check_status),
    ("cas_straddle_name", c_char_p, [c_int32], None),
    ("cas_straddle_from_name", _S, [POINTER(c_int32), c_char_p], check_status),
    ("cas_ledger_count", c_size_t, [LEDGER_P], None),
    ("cas_ledger_add", _S, [LEDGER_P, CLAIM_P, ERROR_P], check_status),
    ("cas_ledger_get", _S, [LEDGER_P, c_size_t, POINTER(ClaimView)], check_status),
    ("cas_ledger_find", _S, [LEDGER_P, c_char_p, POINTER(c_size_t)], check_status),
    ("cas_ledger_is_current", _S, [LEDGER_P, c_size_t, POINTER(c_int32)], check_status),
    ("cas_ledger_select", _S, [LEDGER_P, SCOPE_P, c_uint32, c_int32, POINTER(c_size_t),
                               c_size_t, POINTER(c_size_t)], check_status),
    # csv.h
    ("cas_csv_load", _S, [LEDGER_P, c_char_p, ERROR_P], check_status),
    ("cas_csv_load_buffer", _S, [LEDGER_P, c_char_p, c_size_t, c_char_p, ERROR_P], check_status),
    ("cas_csv_load_lenient", _S, [LEDGER_P, c_char_p, POINTER(REJECTS_P), ERROR_P], check_status),
    ("cas_csv_load_buffer_lenient", _S, [LEDGER_P, c_char_p, c_size_t, c_char_p,
                                         POINTER(REJECTS_P), ERROR_P], check_status),
    ("cas_rejects_count", c_size_t, [REJECTS_P], None),
    # import.h
    ("cas_import_options_init_size", None, [POINTER(ImportOptionsStruct), c_size_t], None),
    ("cas_import_format_name", c_char_p, [c_size_t], None),
    ("cas_import", _S, [LEDGER_P, c_char_p, c_char_p, POINTER(ImportOptionsStruct), ERROR_P],
     check_status),
    ("cas_import_buffer", _S, [LEDGER_P, c_char_p, c_char_p, c_size_t, c_char_p,
                               POINTER(ImportOptionsStruct), ERROR_P], check_status),
    ("cas_rejects_get", _S, [REJECTS_P, c_size_t, ERROR_P], check_status),
    ("cas_rejects_free", None, [REJECTS_P], None),
    ("cas_csv_save", _S, [LEDGER_P, c_char_p, ERROR_P], check_status),
    ("cas_csv_save_string", _S, [c_void_pp, POINTER(c_size_t), LEDGER_P, ERROR_P], check_status),
    ("cas_csv_write_options_init_size", None, [POINTER(CsvWriteOptionsStruct), c_size_t], None),
    ("cas_csv_save_with", _S, [LEDGER_P, c_char_p, POINTER(CsvWriteOptionsStruct), ERROR_P],
     check_status),
    ("cas_csv_save_string_with", _S, [c_void_pp, POINTER(c_size_t), LEDGER_P,
                                      POINTER(CsvWriteOptionsStruct), ERROR_P], check_status),
    # compare.h
    ("cas_comparison_init_size", None, [POINTER(ComparisonStruct), c_size_t], None),
    ("cas_compare_claims", _S, [POINTER(ComparisonStruct), CLAIM_P, CLAIM_P, ERROR_P],
     check_status),
    ("cas_compare_at", _S, [POINTER(ComparisonStruct), LEDGER_P, c_size_t, c_size_t, ERROR_P],
     check_status),
    # reconcile.h
    ("cas_reconcile_options_init_size", None, [POINTER(ReconcileOptionsStruct), c_size_t], None),
    ("cas_scope_result_init_size", None, [POINTER(ScopeResultStruct), c_size_t], None),
    ("cas_claim_ref_init_size", None, [POINTER(ClaimRefStruct), c_size_t], None),
    ("cas_conflict_init_size", None, [POINTER(ConflictStruct), c_size_t], None),
    ("cas_reconcile_scope", _S, [POINTER(RECON_P), LEDGER_P, SCOPE_P,
                                 POINTER(ReconcileOptionsStruct), ERROR_P], check_status),
    ("cas_reconcile_ledger", _S, [POINTER(RECON_P), LEDGER_P, POINTER(ReconcileOptionsStruct),
                                  ERROR_P], check_status),
    ("cas_reconciliation_free", None, [RECON_P], None),
    ("cas_reconciliation_count", c_size_t, [RECON_P], None),
    ("cas_reconciliation_ledger", LEDGER_P, [RECON_P], None),
    ("cas_reconciliation_find", _S, [RECON_P, SCOPE_P, POINTER(c_size_t)], check_status),
    ("cas_reconciliation_get", _S, [RECON_P, c_size_t, POINTER(ScopeResultStruct)], check_status),
    ("cas_reconciliation_claim", _S, [RECON_P, c_size_t, c_size_t, POINTER(ClaimRefStruct),
                                      POINTER(c_size_t)], check_status),
    ("cas_reconciliation_provenance", _S, [RECON_P, c_size_t, c_int32, c_size_t,
                                           POINTER(ClaimRefStruct), POINTER(c_size_t)],
     check_status),
    ("cas_reconciliation_claim_conflicts", _S, [RECON_P, c_size_t, c_size_t, POINTER(c_int)],
     check_status),
    ("cas_reconciliation_conflict", _S, [RECON_P, c_size_t, c_size_t, POINTER(ConflictStruct)],
     check_status),
    # aggregate.h
    ("cas_sum_init_size", None, [POINTER(SumStruct), c_size_t], None),
    ("cas_bounds_init_size", None, [POINTER(BoundsStruct), c_size_t], None),
    ("cas_sum_estimates", _S, [POINTER(SumStruct), SCOPE_P, POINTER(c_int64), POINTER(c_int64),
                               POINTER(c_int64), c_size_t, ERROR_P], check_status),
    ("cas_best_rule_name", c_char_p, [c_int32], None),
    ("cas_best_rule_from_name", _S, [POINTER(c_int32), c_char_p], check_status),
    ("cas_best_kind_name", c_char_p, [c_int32], None),
    ("cas_sum_ranges", _S, [POINTER(SumStruct), SCOPE_P, POINTER(c_int64), POINTER(c_int64),
                            c_size_t, ERROR_P], check_status),
    ("cas_sum_results", _S, [POINTER(SumStruct), RECON_P, POINTER(c_size_t), c_size_t, c_int32,
                             ERROR_P], check_status),
    ("cas_propagation_new", _S, [POINTER(PROP_P), RECON_P, c_int32, ERROR_P], check_status),
    ("cas_propagation_free", None, [PROP_P], None),
    ("cas_propagation_cover", _S, [PROP_P, SCOPE_P, SCOPE_P, c_size_t, ERROR_P], check_status),
    ("cas_propagation_run", _S, [PROP_P, ERROR_P], check_status),
    ("cas_propagation_count", c_size_t, [PROP_P], None),
    ("cas_propagation_conflicts", c_size_t, [PROP_P], None),
    ("cas_propagation_find", _S, [PROP_P, SCOPE_P, POINTER(c_size_t)], check_status),
    ("cas_propagation_get", _S, [PROP_P, c_size_t, POINTER(BoundsStruct)], check_status),
    ("cas_propagation_provenance", _S, [PROP_P, c_size_t, c_int32, c_size_t,
                                        POINTER(ClaimRefStruct), POINTER(c_size_t)],
     check_status),
    # matrix.h
    ("cas_source_pair_init_size", None, [POINTER(SourcePairStruct), c_size_t], None),
    ("cas_matrix_new", _S, [POINTER(MATRIX_P), LEDGER_P, POINTER(ReconcileOptionsStruct),
                            ERROR_P], check_status),
    ("cas_matrix_free", None, [MATRIX_P], None),
    ("cas_matrix_sources", c_size_t, [MATRIX_P], None),
    ("cas_matrix_source", c_char_p, [MATRIX_P, c_size_t], None),
    ("cas_matrix_count", c_size_t, [MATRIX_P], None),
    ("cas_matrix_get", _S, [MATRIX_P, c_size_t, POINTER(SourcePairStruct)], check_status),
    ("cas_matrix_find", _S, [MATRIX_P, c_char_p, c_char_p, POINTER(SourcePairStruct)],
     check_status),
    # series.h
    ("cas_series_info_init_size", None, [POINTER(SeriesInfoStruct), c_size_t], None),
    ("cas_series_report_init_size", None, [POINTER(SeriesReportStruct), c_size_t], None),
    ("cas_series_panel_init_size", None, [POINTER(SeriesPanelStruct), c_size_t], None),
    ("cas_series_asof_init_size", None, [POINTER(SeriesAsofStruct), c_size_t], None),
    ("cas_series_new", _S, [POINTER(SERIES_P), LEDGER_P, ERROR_P], check_status),
    ("cas_series_free", None, [SERIES_P], None),
    ("cas_series_count", c_size_t, [SERIES_P], None),
    ("cas_series_get", _S, [SERIES_P, c_size_t, POINTER(SeriesInfoStruct)], check_status),
    ("cas_series_report_get", _S, [SERIES_P, c_size_t, c_size_t, POINTER(SeriesReportStruct)],
     check_status),
    ("cas_series_panels", c_size_t, [SERIES_P], None),
    ("cas_series_panel_get", _S, [SERIES_P, c_size_t, POINTER(SeriesPanelStruct)],
     check_status),
    ("cas_series_panel_member", _S, [SERIES_P, c_size_t, c_size_t, POINTER(c_uint32)],
     check_status),
    ("cas_series_asof_get", _S, [SERIES_P, c_size_t, c_int32, c_size_t,
                                 POINTER(SeriesAsofStruct)], check_status),
    # report.h
    ("cas_report_table", _S, [c_void_pp, POINTER(c_size_t), RECON_P, ERROR_P], check_status),
    ("cas_report_csv", _S, [c_void_pp, POINTER(c_size_t), RECON_P, ERROR_P], check_status),
    ("cas_report_table_save", _S, [RECON_P, c_char_p, ERROR_P], check_status),
    ("cas_report_csv_save", _S, [RECON_P, c_char_p, ERROR_P], check_status),
    ("cas_report_csv_with", _S, [c_void_pp, POINTER(c_size_t), RECON_P,
                                 POINTER(CsvWriteOptionsStruct), ERROR_P], check_status),
    ("cas_report_csv_save_with", _S, [RECON_P, c_char_p, POINTER(CsvWriteOptionsStruct), ERROR_P],
     check_status),
    ("cas_report_markdown", _S, [c_void_pp, POINTER(c_size_t), RECON_P, ERROR_P], check_status),
    ("cas_report_markdown_save", _S, [RECON_P, c_char_p, ERROR_P], check_status),
    # jsonl.h
    ("cas_report_jsonl", _S, [c_void_pp, POINTER(c_size_t), RECON_P, ERROR_P], check_status),
    ("cas_report_jsonl_save", _S, [RECON_P, c_char_p, ERROR_P], check_status),
    ("cas_ledger_jsonl", _S, [c_void_pp, POINTER(c_size_t), LEDGER_P, ERROR_P], check_status),
    ("cas_ledger_jsonl_save", _S, [LEDGER_P, c_char_p, ERROR_P], check_status),
    ("cas_propagation_jsonl", _S, [c_void_pp, POINTER(c_size_t), PROP_P, ERROR_P], check_status),
    ("cas_propagation_jsonl_save", _S, [PROP_P, c_char_p, ERROR_P], check_status),
    ("cas_matrix_jsonl", _S, [c_void_pp, POINTER(c_size_t), MATRIX_P, ERROR_P], check_status),
    ("cas_matrix_jsonl_save", _S, [MATRIX_P, c_char_p, ERROR_P], check_status),
    ("cas_sum_jsonl", _S, [c_void_pp, POINTER(c_size_t), POINTER(SumStruct), c_char_p, ERROR_P],
     check_status),
    ("cas_sum_jsonl_save", _S, [POINTER(SumStruct), c_char_p, c_char_p, ERROR_P], check_status),
    ("cas_sum_results_jsonl", _S, [c_void_pp, POINTER(c_size_t), RECON_P, POINTER(c_size_t),
                                   c_size_t, c_char_p, SCOPE_P, ERROR_P], check_status),
    ("cas_sum_results_jsonl_save", _S, [RECON_P, POINTER(c_size_t), c_size_t, c_char_p, SCOPE_P,
                                        c_char_p, ERROR_P], check_status),
    ("cas_mse_estimate_jsonl", _S, [c_void_pp, POINTER(c_size_t), ESTIMATE_P, c_uint32, ERROR_P],
     check_status),
    ("cas_mse_estimate_jsonl_save", _S, [ESTIMATE_P, c_uint32, c_char_p, ERROR_P], check_status),
    ("cas_mse_selection_jsonl", _S, [c_void_pp, POINTER(c_size_t), SELECTION_P, c_size_t,
                                     c_uint32, ERROR_P], check_status),
    ("cas_mse_selection_jsonl_save", _S, [SELECTION_P, c_size_t, c_uint32, c_char_p, ERROR_P],
     check_status),
    ("cas_series_jsonl", _S, [c_void_pp, POINTER(c_size_t), SERIES_P, c_int32, c_int32, ERROR_P],
     check_status),
    ("cas_series_jsonl_save", _S, [SERIES_P, c_int32, c_int32, c_char_p, ERROR_P], check_status),
    ("cas_json_string", _S, [c_void_pp, POINTER(c_size_t), c_char_p, c_size_t, ERROR_P],
     check_status),
    ("cas_real_format", c_size_t, [c_char_p, c_size_t, c_double, c_int], None),
    # mse.h
    ("cas_mse_options_init_size", None, [POINTER(MseOptionsStruct), c_size_t], None),
    ("cas_mse_summary_init_size", None, [POINTER(MseSummaryStruct), c_size_t], None),
    ("cas_mse_spread_init_size", None, [POINTER(MseSpreadStruct), c_size_t], None),
    ("cas_mse_table_new", _S, [POINTER(TABLE_P), c_uint32, POINTER(c_char_p),
                               POINTER(c_int64), ERROR_P], check_status),
    ("cas_mse_table_load", _S, [POINTER(TABLE_P), c_char_p, ERROR_P], check_status),
    ("cas_mse_table_load_buffer", _S, [POINTER(TABLE_P), c_char_p, c_size_t, c_char_p,
                                       ERROR_P], check_status),
    ("cas_mse_table_free", None, [TABLE_P], None),
    ("cas_mse_table_lists", c_uint32, [TABLE_P], None),
    ("cas_mse_table_name", c_char_p, [TABLE_P, c_uint32], None),
    ("cas_mse_table_count", _S, [TABLE_P, c_uint32, POINTER(c_int64)], check_status),
    ("cas_mse_table_observed", c_int64, [TABLE_P], None),
    ("cas_mse_model_parse", _S, [POINTER(c_uint64), c_char_p, c_uint32, ERROR_P], check_status),
    ("cas_mse_model_format", _S, [c_char_p, c_size_t, c_uint64, c_uint32], check_status),
    ("cas_mse_model_two_way", c_uint64, [c_uint32], None),
    ("cas_mse_two_list", _S, [POINTER(ESTIMATE_P), TABLE_P, c_int32,
                              POINTER(MseOptionsStruct), ERROR_P], check_status),
    ("cas_mse_fit", _S, [POINTER(ESTIMATE_P), TABLE_P, c_uint64, POINTER(MseOptionsStruct),
                         ERROR_P], check_status),
    ("cas_mse_estimate_free", None, [ESTIMATE_P], None),
    ("cas_mse_estimate_summary", _S, [ESTIMATE_P, POINTER(MseSummaryStruct)], check_status),
    ("cas_mse_estimate_interval", _S, [ESTIMATE_P, c_int32, POINTER(c_double),
                                       POINTER(c_double), POINTER(c_uint32)], check_status),
    ("cas_mse_estimate_model", c_char_p, [ESTIMATE_P], None),
    ("cas_mse_estimate_source", c_char_p, [ESTIMATE_P], None),
    ("cas_mse_estimate_coef_count", c_size_t, [ESTIMATE_P], None),
    ("cas_mse_estimate_coef", _S, [ESTIMATE_P, c_size_t, POINTER(c_uint64), POINTER(c_double),
                                   POINTER(c_double)], check_status),
    ("cas_mse_estimate_fitted", _S, [ESTIMATE_P, c_uint32, POINTER(c_double)], check_status),
    ("cas_mse_estimate_claim", _S, [ESTIMATE_P, c_char_p, SCOPE_P, CLAIM_P, ERROR_P],
     check_status),
    ("cas_mse_select", _S, [POINTER(SELECTION_P), TABLE_P, POINTER(MseOptionsStruct),
                            ERROR_P], check_status),
    ("cas_mse_selection_free", None, [SELECTION_P], None),
    ("cas_mse_selection_count", c_size_t, [SELECTION_P], None),
    ("cas_mse_selection_get", ESTIMATE_P, [SELECTION_P, c_size_t], None),
    ("cas_mse_selection_score", _S, [SELECTION_P, c_size_t, POINTER(c_double),
                                     POINTER(c_double)], check_status),
    ("cas_mse_selection_failed_count", c_size_t, [SELECTION_P], None),
    ("cas_mse_selection_failed", _S, [SELECTION_P, c_size_t, POINTER(c_uint64),
                                      POINTER(c_int32), POINTER(c_char_p)], check_status),
    ("cas_mse_selection_spread", _S, [SELECTION_P, POINTER(MseSpreadStruct)], check_status),
    ("cas_mse_selection_claim", _S, [SELECTION_P, c_char_p, SCOPE_P, CLAIM_P, ERROR_P],
     check_status),
    # phrase.h
    ("cas_hedge_init_size", None, [POINTER(HedgeStruct), c_size_t], None),
    ("cas_phrase_claim_init_size", None, [POINTER(PhraseClaimStruct), c_size_t], None),
    ("cas_phrase_max_bytes", c_size_t, [], None),
    ("cas_phrase_options_new", _S, [POINTER(POPTS_P), c_char_p, ERROR_P], check_status),
    ("cas_phrase_options_free", None, [POPTS_P], None),
    ("cas_phrase_options_set_name", _S, [POPTS_P, c_char_p, ERROR_P], check_status),
    ("cas_phrase_options_name", c_char_p, [POPTS_P], None),
    ("cas_phrase_options_set_hedge", _S, [POPTS_P, POINTER(HedgeStruct), ERROR_P], check_status),
    ("cas_phrase_options_remove_hedge", _S, [POPTS_P, c_char_p, c_int32, ERROR_P], check_status),
    ("cas_phrase_options_clear_hedges", None, [POPTS_P], None),
    ("cas_phrase_options_hedge_count", c_size_t, [POPTS_P], None),
    ("cas_phrase_options_get_hedge", _S, [POPTS_P, c_size_t, POINTER(HedgeStruct)], check_status),
    ("cas_phrase_options_add_term", _S, [POPTS_P, c_int32, c_char_p, c_char_p, ERROR_P],
     check_status),
    ("cas_phrase_options_remove_term", _S, [POPTS_P, c_int32, c_char_p, ERROR_P], check_status),
    ("cas_phrase_options_add_source", _S, [POPTS_P, c_char_p, c_char_p, ERROR_P], check_status),
    ("cas_phrase_options_set_year", _S, [POPTS_P, c_int32, ERROR_P], check_status),
    ("cas_phrase_options_set_default", _S, [POPTS_P, c_int32, c_char_p, ERROR_P], check_status),
    ("cas_phrase_options_set_distribute", None, [POPTS_P, c_int32], None),
    ("cas_phrase_parse", _S, [POINTER(PRESULT_P), POPTS_P, c_char_p, c_size_t, c_int32,
                              ERROR_P], check_status),
    ("cas_phrase_result_count", c_size_t, [PRESULT_P], None),
    ("cas_phrase_result_get", _S, [PRESULT_P, c_size_t, POINTER(PhraseClaimStruct)], check_status),
    ("cas_phrase_result_claim", _S, [PRESULT_P, c_size_t, CLAIM_P], check_status),
    ("cas_phrase_result_free", None, [PRESULT_P], None),
    # vocab.h
    ("cas_dimension_name", c_char_p, [c_int32], None),
    ("cas_dimension_from_name", _S, [POINTER(c_int32), c_char_p], check_status),
    ("cas_vocab_rel_name", c_char_p, [c_int32], None),
    ("cas_ledger_set_vocabulary", _S, [LEDGER_P, VOCAB_P, ERROR_P], check_status),
    ("cas_ledger_vocabulary", VOCAB_P, [LEDGER_P], None),
    ("cas_ledger_original", _S, [LEDGER_P, c_size_t, SCOPE_P, POINTER(c_int32)], check_status),
    ("cas_vocab_new_default", _S, [POINTER(VOCAB_P), ERROR_P], check_status),
    ("cas_vocab_load", _S, [POINTER(VOCAB_P), c_char_p, ERROR_P], check_status),
    ("cas_vocab_load_buffer", _S, [POINTER(VOCAB_P), c_char_p, c_size_t, c_char_p, ERROR_P],
     check_status),
    ("cas_vocab_extend", _S, [VOCAB_P, c_char_p, ERROR_P], check_status),
    ("cas_vocab_extend_buffer", _S, [VOCAB_P, c_char_p, c_size_t, c_char_p, ERROR_P],
     check_status),
    ("cas_vocab_free", None, [VOCAB_P], None),
    ("cas_vocab_default_text", c_void_p, [POINTER(c_size_t)], None),
    ("cas_vocab_canonical", _S, [VOCAB_P, c_int32, c_char_p, POINTER(c_char), c_size_t,
                                 POINTER(c_int32), ERROR_P], check_status),
    ("cas_vocab_relation", _S, [VOCAB_P, c_int32, c_char_p, c_char_p, POINTER(c_int32),
                                ERROR_P], check_status),
    ("cas_vocab_check_addable", _S, [VOCAB_P, c_int32, POINTER(c_char_p), c_size_t, ERROR_P],
     check_status),
    ("cas_vocab_flags", _S, [VOCAB_P, c_int32, c_char_p, POINTER(c_uint32), ERROR_P],
     check_status),
    ("cas_vocab_parts", _S, [VOCAB_P, c_int32, c_char_p, POINTER(c_size_t), ERROR_P],
     check_status),
    ("cas_vocab_part", _S, [VOCAB_P, c_int32, c_char_p, c_size_t, POINTER(c_char_p), ERROR_P],
     check_status),
    ("cas_vocab_save_string", _S, [POINTER(c_void_p), POINTER(c_size_t), VOCAB_P, ERROR_P],
     check_status),
]


# ---------------------------------------------------------------- loading

#: The most missing functions an ImportError names (a library that is not
#: libcasualty at all lacks every one).
_NAMED_MAX = 10


class _Library:
    """The loaded library: one attribute per declared function. ImportError
    when the library lacks any of them."""

    def __init__(self, cdll, where):
        self._cdll = cdll
        self.path = where
        missing = []
        for name, restype, argtypes, errcheck in FUNCTIONS:
            try:
                func = getattr(cdll, name)
            except AttributeError:
                missing.append(name)
                continue
            func.restype = restype
            func.argtypes = argtypes
            if errcheck is not None:
                func.errcheck = errcheck
            # Checked inside the guard: its __wrapped__ (the unguarded call
            # that code holding the lock makes) checks too.
            func = _checked(func, name, argtypes)
            positions = [i for i, t in enumerate(argtypes) if _is_handle(t)]
            if positions:
                func = _lock.guard(func, name, positions)
            setattr(self, name, func)
        if missing:
            if hasattr(self, "cas_version"):
                # A library of another version is better told so.
                check_version(self.cas_version(), where)
            named = ", ".join(missing[:_NAMED_MAX])
            if len(missing) > _NAMED_MAX:
                named += " and %d more" % (len(missing) - _NAMED_MAX)
            raise ImportError(
                "casualty: %s lacks the function%s %s, which every libcasualty %d.%d has: "
                "it is not a libcasualty this binding can use"
                % (where, "s" if len(missing) > 1 else "", named, SUPPORTED_MAJOR,
                   SUPPORTED_MINOR))


#: The ctypes codes of the integer types.
_INT_CODES = "bBhHiIlLqQ"


def _int_range(t):
    """``(low, high)`` of the C integer type ``t``, or None when ``t`` is
    not one."""
    if not (isinstance(t, type) and issubclass(t, ctypes._SimpleCData)) or \
            getattr(t, "_type_", None) not in _INT_CODES or t is ctypes.c_bool:
        return None
    bits = 8 * ctypes.sizeof(t)
    if t(-1).value == -1:
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


def _c_name(t):
    low, high = _int_range(t)
    return "%sint%d_t" % ("" if low < 0 else "u", 8 * ctypes.sizeof(t))


def check_int(value, t, what):
    """``value`` when it fits the C integer type ``t``; else OverflowError
    naming ``what`` (ctypes would wrap it silently: 2**32 + 2025 as a
    uint32_t is 2025)."""
    low, high = _int_range(t)
    if isinstance(value, int) and not low <= value <= high:
        raise OverflowError("%s: %d does not fit in %s (%d to %d)"
                            % (what, value, _c_name(t), low, high))
    return value


def set_field(struct, field, value, what=None):
    """Set ``struct.field`` to ``value``, an integer checked against the
    field's C type first (OverflowError naming ``what``, by default the
    field)."""
    for name, t in type(struct)._fields_:
        if name == field and _int_range(t) is not None:
            check_int(value, t, what or field)
    setattr(struct, field, value)


def check_bytes(value, what):
    """``value`` when it holds no NUL byte; else ValueError naming ``what``
    (C would read the string as cut at the NUL)."""
    if isinstance(value, (bytes, bytearray)) and b"\0" in value:
        raise ValueError("%s: contains a NUL character, which C would read as the end"
                         % what)
    return value


def _checked(func, name, argtypes):
    """``func`` with its integer arguments checked against their C types and
    its string arguments for NUL bytes before the call, or ``func`` itself
    when it takes neither."""
    ints = [(i, t) for i, t in enumerate(argtypes) if _int_range(t) is not None]
    # A string followed by a size is a buffer with its length, which may
    # hold anything (the library judges it), or a buffer to write into;
    # cas_vocab_part's path is followed by an index, not its length.
    strs = [i for i, t in enumerate(argtypes) if t is c_char_p and
            (i + 1 == len(argtypes) or argtypes[i + 1] is not c_size_t or
             name == "cas_vocab_part")]
    if not ints and not strs:
        return func

    def call(*args):
        n = len(args)
        for i, t in ints:
            if i < n and type(args[i]) is int:
                check_int(args[i], t, "%s: argument %d" % (name, i + 1))
        for i in strs:
            if i < n and type(args[i]) is bytes:
                check_bytes(args[i], "%s: argument %d" % (name, i + 1))
        return func(*args)

    functools.update_wrapper(call, func)
    call.__wrapped__ = func
    call.restype, call.argtypes = func.restype, func.argtypes
    call.errcheck = getattr(func, "errcheck", None)
    return call


def _is_handle(t):
    """Whether ctypes type ``t`` points to one of the library's objects."""
    return isinstance(t, type) and issubclass(t, ctypes._Pointer) and \
        t._type_.__name__.endswith("Handle")


def check_version(number, where):
    """``(major, minor, patch)`` of a ``cas_version()`` number; ImportError
    when this binding cannot speak to that version."""
    major, minor, patch = number // 10000, number // 100 % 100, number % 100
    if major != SUPPORTED_MAJOR or minor < SUPPORTED_MINOR:
        raise ImportError(
            "casualty: %s is libcasualty %d.%d.%d, but this binding needs %d.%d or a later "
            "%d.x: install a matching libcasualty or point $%s at one"
            % (where, major, minor, patch, SUPPORTED_MAJOR, SUPPORTED_MINOR, SUPPORTED_MAJOR,
               _loader.ENV_VAR))
    return major, minor, patch


def _open():
    cdll, where = _loader.load_library()
    library = _Library(cdll, where)
    library.version = check_version(library.cas_version(), where)
    library.version_string = library.cas_version_string().decode("ascii")
    return library


lib = _open()


# -------------------------------------------------------------- constants

# The library's constants, read from it (its macros are out of ctypes' reach).
#: ``CAS_OPEN``: the upper bound that means "no upper bound".
OPEN = lib.cas_open()
#: ``CAS_NONE``: the best estimate that means "no point estimate".
NONE = lib.cas_none()
#: ``CAS_DATE_UNKNOWN``: the day number of a day that is not known.
DATE_UNKNOWN = lib.cas_date_unknown()
#: ``CAS_FIELD_MAX``: the longest field the library accepts, in bytes.
FIELD_MAX = lib.cas_field_max()


# ------------------------------------------------------- size-prefixed structs

#: Every struct above that starts with ``uint32_t size``: the C struct it
#: mirrors and the exported ``cas_X_init_size`` that the header's inline
#: ``cas_X_init`` calls. ClaimView is ``cas_claim`` read another way.
SIZED = {
    Error: ("cas_error", "cas_error_init_size"),
    ScopeStruct: ("cas_scope", "cas_scope_init_size"),
    ClaimStruct: ("cas_claim", "cas_claim_init_size"),
    ClaimView: ("cas_claim", "cas_claim_init_size"),
    ComparisonStruct: ("cas_comparison", "cas_comparison_init_size"),
    ReconcileOptionsStruct: ("cas_reconcile_options", "cas_reconcile_options_init_size"),
    ScopeResultStruct: ("cas_scope_result", "cas_scope_result_init_size"),
    ClaimRefStruct: ("cas_claim_ref", "cas_claim_ref_init_size"),
    ConflictStruct: ("cas_conflict", "cas_conflict_init_size"),
    SumStruct: ("cas_sum", "cas_sum_init_size"),
    RollupOptionsStruct: ("cas_rollup_options", "cas_rollup_options_init_size"),
    RollupSummaryStruct: ("cas_rollup_summary", "cas_rollup_summary_init_size"),
    BoundsStruct: ("cas_bounds", "cas_bounds_init_size"),
    SourcePairStruct: ("cas_source_pair", "cas_source_pair_init_size"),
    MseOptionsStruct: ("cas_mse_options", "cas_mse_options_init_size"),
    MseSummaryStruct: ("cas_mse_summary", "cas_mse_summary_init_size"),
    MseSpreadStruct: ("cas_mse_spread", "cas_mse_spread_init_size"),
    ImportOptionsStruct: ("cas_import_options", "cas_import_options_init_size"),
    CsvWriteOptionsStruct: ("cas_csv_write_options", "cas_csv_write_options_init_size"),
    HedgeStruct: ("cas_hedge", "cas_hedge_init_size"),
    PhraseClaimStruct: ("cas_phrase_claim", "cas_phrase_claim_init_size"),
    SeriesInfoStruct: ("cas_series_info", "cas_series_info_init_size"),
    SeriesReportStruct: ("cas_series_report", "cas_series_report_init_size"),
    SeriesPanelStruct: ("cas_series_panel", "cas_series_panel_init_size"),
    SeriesAsofStruct: ("cas_series_asof", "cas_series_asof_init_size"),
}


def init(out):
    """Initialise ``out`` (an instance of a struct of :data:`SIZED`, or an
    element of an array of them) as C's ``cas_X_init(&out)`` does: through
    the library's ``cas_X_init_size(&out, sizeof out)``, which sets ``size``
    to this binding's size and every other member to the library's default.
    Returns ``out``."""
    func = getattr(lib, SIZED[type(out)][1])
    target = func.argtypes[0]
    if isinstance(out, target._type_):
        func(out, ctypes.sizeof(out))
    else:
        # A struct mirrored two ways (ClaimView): the same bytes, the same size.
        func(ctypes.cast(ctypes.pointer(out), target), ctypes.sizeof(out))
    return out


def sized(struct):
    """A new ``struct`` (a type of :data:`SIZED`) initialised by :func:`init`."""
    return init(struct())


def new_error():
    """A fresh ``cas_error``, initialised by :func:`init`."""
    return init(Error())


def take_string(pointer, length):
    """Copy ``length`` bytes at ``pointer`` (a buffer the library allocated
    for the caller) into ``bytes`` and free the buffer with ``cas_free``."""
    try:
        return ctypes.string_at(pointer, length)
    finally:
        lib.cas_free(pointer)
