# SPDX-License-Identifier: MIT
"""casualty: reconcile conflicting casualty claims (Python binding of libcasualty).

Casualty figures disagree: "1,700 civilians killed" says one monitor, "at
least 823" says another, a ministry gives a third number for a different
week. libcasualty keeps every figure as a *claim* (a range with its scope
and provenance) and compares, reconciles and sums them without ever
inventing precision. This package reaches the C library through ctypes:
no compiler is needed, only ``libcasualty.so``.

Quick tour::

    import casualty

    with casualty.Ledger.from_csv("syria-2025-03.csv") as ledger:
        for claim in ledger:
            print(claim.source, claim.low, claim.high, claim.qualifier)
        parts = ledger.select(casualty.Scope("killed", group="civilians"))

    ledger = casualty.Ledger()
    ledger.add(casualty.Claim("sohr-1", "SOHR", casualty.Scope("killed"),
                              low=1700, high=1700))

The pieces:

* :class:`Ledger` -- the claims: CSV load/save (``load_csv``,
  ``load_csv_text``, ``save_csv``, ``to_csv_text``), ``add``, ``find``,
  ``select``, ``is_current``; a sequence of :class:`Claim`.
* :class:`Claim`, :class:`Scope` -- frozen dataclasses; days are
  :class:`datetime.date`, ``None`` is an open high, no best estimate, or
  an unknown day.
* :class:`Qualifier`, :class:`Basis`, :class:`ScopeRelation`,
  :class:`RangeRelation` -- enums; :func:`scope_relation`,
  :func:`path_relation`, :func:`range_relation` relate scopes and ranges.
* :func:`parse_date`, :func:`format_date`, :func:`day_number`,
  :func:`date_of_day` -- the library's calendar.
* :meth:`Ledger.reconcile` -- a :class:`Reconciliation`: per scope the
  envelope, consensus, conflicts and best estimate (:class:`ScopeResult`),
  with the claims behind every bound; its ``table()`` and ``to_csv_text()``
  print it. :meth:`Reconciliation.sum` and :func:`sum_ranges` add disjoint
  scopes; :meth:`Reconciliation.propagate` tightens wholes and parts
  (:class:`Propagation`). :func:`compare` and :meth:`Ledger.compare` set two
  claims side by side; :meth:`Ledger.source_matrix` compares every pair of
  sources (:class:`SourceMatrix`).
* :class:`MseTable` -- multiple systems estimation: two-list estimates,
  log-linear fits and model selection (:class:`MseEstimate`,
  :class:`MseSelection`), each convertible to an estimated :class:`Claim`.
* :func:`parse_phrase` -- figures in text ("nearly 400 security personnel
  were killed") as :class:`PhraseClaim`, under a hedge table and lexicon
  (:class:`PhraseOptions`).
* :class:`Vocabulary` -- what the paths mean: aliases, which paths may be
  added, parts of outcomes (:meth:`Vocabulary.default`,
  :meth:`Vocabulary.canonical`, :meth:`Vocabulary.relation`,
  :meth:`Vocabulary.check_addable`).
* :class:`CasualtyError` and its subclasses -- every failure, with the
  library's message and the line, column, field and file it concerns.

Every C object is freed by ``close()``, at the end of a ``with`` block, or
when it is garbage collected; values handed out (claims, results) are
copies that stay valid after that. A result that reads a ledger's memory
keeps the ledger alive, and closing the ledger closes it first.

Finding the library: ``$CASUALTY_LIBRARY``, then an uninstalled build tree
around this package, then ``ctypes.util.find_library("casualty")``, then
the soname ``libcasualty.so.0``. :data:`library_path` tells which was
loaded, :data:`library_version` its version.
"""

from ._ffi import lib as _lib
from .errors import (ArgumentError, CasualtyError, CasualtyIOError, ClosedError, ConflictError,
                     CountOverflowError, DuplicateError, EstimationError, NotFoundError,
                     OutOfMemoryError, ParseError, Status, ValidationError, strerror)
from .ledger import Ledger, Reject, import_formats
from .types import (DATE_UNKNOWN, FIELD_MAX, Basis, BestKind, BestRule, Claim, ClaimRef, Qualifier,
                    RangeRelation,
                    ResultRange, Scope, ScopeRelation, date_of_day, day_number, format_date,
                    parse_date, path_relation, range_relation, scope_relation, validate_claim)
from .compare import Comparison, Side, compare
from .reconcile import Bound, Conflict, Reconciliation, ScopeResult
from .aggregate import Bounds, PropagatedBound, Propagation, Rule, Sum, sum_ranges
from .matrix import SourceMatrix, SourcePair
from .series import AsOf, Series, SeriesReport
from .mse import (MSE_INDEPENDENCE, MSE_MAX_LISTS, IntervalFlag, MseCoefficient, MseCriterion,
                  MseEstimate, MseFailedModel, MseInterval, MseIntervalBounds, MseMethod,
                  MseRankedModel, MseSelection, MseTable, format_model, parse_model,
                  two_way_model)
from .phrase import (Hedge, HedgePosition, HedgeRule, PhraseClaim, PhraseField, PhraseKind,
                     PhraseOptions, TermKind, parse_phrase, phrase_max_bytes)
from .vocab import Dimension, VocabFlag, VocabRelation, Vocabulary, default_text
from .rollup import Rollup, RollupSummary, RollupUnit, Straddle, rollup

#: The version of this binding.
__version__ = "0.1.0"
#: The path or name of the libcasualty that was loaded.
library_path = _lib.path
#: The loaded library's version as (major, minor, patch), from ``cas_version()``.
library_version = _lib.version
#: The loaded library's version string, from ``cas_version_string()``.
library_version_string = _lib.version_string

__all__ = [
    # the ledger and its values
    "Ledger", "Reject", "Claim", "Scope", "import_formats",
    # enums
    "Qualifier", "Basis", "ScopeRelation", "RangeRelation", "Status", "BestRule", "BestKind",
    # functions
    "scope_relation", "path_relation", "range_relation", "validate_claim",
    "parse_date", "format_date", "day_number", "date_of_day", "strerror",
    # constants and library information
    "DATE_UNKNOWN", "FIELD_MAX", "library_path", "library_version",
    "library_version_string",
    # comparing, reconciling, aggregating
    "compare", "Comparison", "Side",
    "Reconciliation", "ScopeResult", "ClaimRef", "Conflict", "Bound", "ResultRange",
    "sum_ranges", "Sum", "Propagation", "Bounds", "Rule", "PropagatedBound",
    "SourceMatrix", "SourcePair", "Series", "SeriesReport", "AsOf",
    # roll-ups
    "rollup", "Rollup", "RollupSummary", "RollupUnit", "Straddle",
    # multiple systems estimation
    "MseTable", "MseEstimate", "MseSelection", "MseRankedModel", "MseFailedModel",
    "MseIntervalBounds", "MseCoefficient", "MseMethod", "MseInterval", "MseCriterion",
    "IntervalFlag", "parse_model", "format_model", "two_way_model", "MSE_MAX_LISTS",
    "MSE_INDEPENDENCE",
    # phrases
    "parse_phrase", "PhraseClaim", "PhraseOptions", "PhraseField", "PhraseKind", "Hedge",
    "HedgePosition", "HedgeRule", "TermKind", "phrase_max_bytes",
    # the vocabulary
    "Vocabulary", "Dimension", "VocabRelation", "VocabFlag", "default_text",
    # errors
    "CasualtyError", "OutOfMemoryError", "ArgumentError", "ClosedError", "CasualtyIOError",
    "ParseError", "CountOverflowError", "ValidationError", "DuplicateError",
    "NotFoundError", "ConflictError", "EstimationError",
]
