# SPDX-License-Identifier: MIT
"""Across scopes (docs/model.md section 6): sums of disjoint scopes, and the
propagation of bounds between wholes and their parts.

**Sums** are interval addition, ``[sum of lows, sum of highs]`` (open when
any high is open), and only disjoint scopes may be added: scopes that share
any count would be counted twice, and the sum fails naming the pair.

**Propagation** tightens the ranges of a reconciliation's scopes until
nothing moves: a part cannot exceed its whole, a whole is at least the sum
of its disjoint parts, and, where parts are declared to cover a whole
(:meth:`Propagation.cover`), the whole is at most their sum. A range that
empties is a conflict, reported as it is with the claims on both sides.
"""

import ctypes
import dataclasses
import typing
from typing import Any, Iterable, List, Optional, Union

from . import _ffi, _util
from ._ffi import lib
from ._handle import LedgerResult
from .types import (BestKind, Claim, ClaimRef, ResultRange, Scope, _count, _Named,
                    scope_from_c)

if typing.TYPE_CHECKING:  # pragma: no cover
    import pandas

    from .reconcile import Reconciliation


class Rule(_Named):
    """What last moved a propagated bound: ``CLAIMS`` (not moved: the
    reconciliation's bound), ``UNCLAIMED`` (not moved: a declared scope
    without claims, ``[0, open)``), ``PART`` (whole.low >= part.low),
    ``WHOLE`` (part.high <= whole.high), ``SUM`` (whole.low >= the parts'
    lows), ``REST`` (part.high <= whole.high - the other parts' lows),
    ``COVER_HIGH`` (whole.high <= the parts' highs) and ``COVER_LOW``
    (part.low >= whole.low - the other parts' highs)."""

    CLAIMS = 0
    UNCLAIMED = 1
    PART = 2
    WHOLE = 3
    SUM = 4
    REST = 5
    COVER_HIGH = 6
    COVER_LOW = 7


class PropagatedBound(_Named):
    """The two bounds of a propagated range: ``LOW`` and ``HIGH``."""

    LOW = 0
    HIGH = 1


@dataclasses.dataclass(frozen=True)
class Sum:
    """A sum of ranges: ``terms`` ranges added, ``[low, high]`` (``high``
    None when any term is open), and ``best``, the sum of the terms' bests
    when every term has one (else None, with ``without_best`` saying how
    many lack one); ``midpoint_bests`` counts the terms whose best is a
    midpoint no source reported (docs/model.md section 13)."""

    terms: int
    low: int
    high: Optional[int]
    best: Optional[int] = None
    without_best: int = 0
    midpoint_bests: int = 0

    def to_jsonl(self, label: Optional[str] = None) -> str:
        """The sum as one line of JSON Lines (the library's cas_sum_jsonl):
        ``label`` (or null), ``terms``, ``low``, ``high`` and ``best`` (null
        when open or missing), ``without_best``, ``midpoint_bests``
        (docs/jsonl.md)."""
        s = _ffi.sized(_ffi.SumStruct)
        s.terms, s.low = self.terms, self.low
        s.high = -1 if self.high is None else self.high
        s.best = -1 if self.best is None else self.best
        s.without_best, s.midpoint_bests = self.without_best, self.midpoint_bests
        return _util.take_text(lib.cas_sum_jsonl, ctypes.byref(s),
                               None if label is None else label.encode("utf-8"),
                               _ffi.new_error())

    def to_dataframe(self) -> "pandas.DataFrame":
        """The sum as a one-row pandas DataFrame.
        Needs pandas; :mod:`casualty.frames` says how each type maps."""
        from . import frames
        return frames.records_frame([self])


@dataclasses.dataclass(frozen=True)
class Bounds:
    """A scope's range after propagation, at position ``index``.

    ``initial_low``/``initial_high`` is the range it started with,
    ``low``/``high`` the range after propagation (a high of None is open);
    ``low_rule``/``high_rule`` the :class:`Rule` that last moved each bound.
    ``conflict`` is True when the range is empty (low > high).
    ``has_claims`` is False for a scope only declared by a cover.
    ``best`` is the scope's best (None when it has none) and ``best_kind``
    (a :class:`~casualty.BestKind`) where it comes from: after a run, a
    whole without its own best whose parts cover it gets the sum of their
    bests (``SUM``).
    """

    index: int
    scope: Scope
    conflict: bool
    initial_low: int
    initial_high: Optional[int]
    low: int
    high: Optional[int]
    low_rule: Rule
    high_rule: Rule
    has_claims: bool
    best: Optional[int] = None
    best_kind: BestKind = BestKind.ABSENT


def _sum_from_c(out):
    return Sum(out.terms, out.low, _util.high(out.high), _util.best(out.best), out.without_best,
               out.midpoint_bests)


def sum_ranges(terms: Iterable[Any]) -> Sum:
    """Add ranges over pairwise disjoint scopes: a :class:`Sum`.

    ``terms`` is an iterable of :class:`~casualty.Claim` (its scope, range
    and best are used; an exact count is its own best) or of ``(scope, low, high)`` or ``(scope, low, high,
    best)`` tuples (``high`` None for open, ``best`` None for none). No
    terms give ``Sum(0, 0, 0, 0)``. Raises
    :class:`~casualty.ConflictError` when two scopes share counts (the
    message names both terms), :class:`~casualty.ValidationError` for a
    range that is not one, :class:`~casualty.CountOverflowError` when a
    sum exceeds 64 bits.
    """
    items = []
    for term in terms:
        if isinstance(term, Claim):
            # An exact count is its own best, as the reconciliation has it.
            best = term.best if term.best is not None or term.high != term.low else term.low
            items.append((term.scope, term.low, term.high, best))
        else:
            if not isinstance(term, tuple) or len(term) not in (3, 4) or \
                    not isinstance(term[0], Scope):
                raise TypeError("expected (Scope, low, high[, best]), got %r" % (term,))
            items.append(tuple(term) + (None,) * (4 - len(term)))
    n = len(items)
    scopes = (_ffi.ScopeStruct * max(n, 1))()
    lows = (ctypes.c_int64 * max(n, 1))()
    highs = (ctypes.c_int64 * max(n, 1))()
    bests = (ctypes.c_int64 * max(n, 1))()
    for i, (scope, low, high, best) in enumerate(items):
        scope._to_c(scopes[i])
        lows[i] = _count(low, "low")
        highs[i] = _count(high, "high", _ffi.OPEN)
        bests[i] = _count(best, "best", _ffi.NONE)
    out = _ffi.sized(_ffi.SumStruct)
    lib.cas_sum_estimates(out, scopes, lows, highs, bests, n, _ffi.new_error())
    return _sum_from_c(out)


def sum_results(reconciliation, positions, which):
    """See :meth:`casualty.Reconciliation.sum` (internal)."""
    n = len(positions)
    items = (ctypes.c_size_t * max(n, 1))(*positions)
    out = _ffi.sized(_ffi.SumStruct)
    lib.cas_sum_results(out, reconciliation._c(), items, n, int(ResultRange(which)),
                        _ffi.new_error())
    return _sum_from_c(out)


class Propagation(LedgerResult, _util.Records, docs={
        "close": "Free the C propagation now. Values already read stay valid.",
        "ledger": "The :class:`~casualty.Ledger` whose claims the bounds rest on."}):
    """Bounds propagated between the wholes and parts of a reconciliation's
    scopes.

    Made by :meth:`casualty.Reconciliation.propagation` (declare covers with
    :meth:`cover`, then :meth:`run`) or :meth:`~casualty.Reconciliation.propagate`
    (all at once). A sequence of :class:`Bounds`, ordered by scope: before
    :meth:`run` they are the starting ranges. It reads its ledger's memory:
    it keeps the ledger alive and is closed with it.
    """

    def __init__(self, reconciliation: "Reconciliation",
                 which: ResultRange = ResultRange.CONSENSUS) -> None:
        ledger = reconciliation.ledger
        out = _ffi.PROP_P()
        lib.cas_propagation_new(ctypes.byref(out), reconciliation._c(),
                                int(ResultRange(which)), _ffi.new_error())
        self._ran = False
        self._own(out, lib.cas_propagation_free, "propagation", ledger)

    @property
    def ran(self) -> bool:
        """True once :meth:`run` has succeeded."""
        return self._ran

    def __repr__(self) -> str:
        if self.closed:
            return "<casualty.Propagation (closed)>"
        return "<casualty.Propagation of %d scopes, %d conflicts%s>" % (
            len(self), self.conflicts, "" if self._ran else ", not run")

    def cover(self, whole: Scope, parts: Iterable[Scope]) -> None:
        """Declare that the disjoint scopes ``parts`` together make up
        ``whole`` (all :class:`~casualty.Scope`), so that the coverage rules
        apply. Scopes without a result are added as ``[0, open)``. Raises
        :class:`~casualty.ValidationError` for a part not within the whole,
        :class:`~casualty.ConflictError` for parts that overlap,
        :class:`~casualty.ArgumentError` after :meth:`run`."""
        if not isinstance(whole, Scope):
            raise TypeError("whole: expected a Scope, got %r" % (whole,))
        parts = list(parts)
        for part in parts:
            if not isinstance(part, Scope):
                raise TypeError("parts: expected Scopes, got %r" % (part,))
        array = (_ffi.ScopeStruct * max(len(parts), 1))()
        for i, part in enumerate(parts):
            part._to_c(array[i])
        lib.cas_propagation_cover(self._c(), whole._to_c(), array, len(parts),
                                  _ffi.new_error())

    def run(self) -> "Propagation":
        """Apply the rules until nothing moves (once). Conflicts found are
        results, not failures; raises :class:`~casualty.CountOverflowError`
        or :class:`~casualty.EstimationError` (no fixed point) on failure."""
        lib.cas_propagation_run(self._c(), _ffi.new_error())
        self._ran = True
        return self

    @property
    def conflicts(self) -> int:
        """The number of scopes whose range is empty."""
        return lib.cas_propagation_conflicts(self._c())

    _RECORD = _ffi.BoundsStruct
    _WHAT = "propagation"

    def __len__(self) -> int:
        return lib.cas_propagation_count(self._c())

    def _get(self, index, out):
        lib.cas_propagation_get(self._c(), index, out)
        return Bounds(index, scope_from_c(out.scope), bool(out.conflict), out.initial_low,
                      _util.high(out.initial_high), out.low, _util.high(out.high),
                      Rule(out.low_rule), Rule(out.high_rule), bool(out.has_claims),
                      _util.best(out.best), BestKind(out.best_kind))

    def find(self, scope: Scope) -> int:
        """The position of ``scope``; raises :class:`~casualty.NotFoundError`."""
        return _util.find_scope(lib.cas_propagation_find, self._c(), scope,
                                "no propagated range for the scope %r")

    def get(self, scope: Scope, default: Any = None) -> Any:
        """The :class:`Bounds` of ``scope``, or ``default``."""
        try:
            return self[self.find(scope)]
        except LookupError:
            return default

    def to_dataframe(self) -> "pandas.DataFrame":
        """The propagated bounds as a pandas DataFrame, a row per scope (the
        fields of :class:`Bounds`).
        Needs pandas; :mod:`casualty.frames` says how each type maps."""
        from . import frames
        return frames.records_frame(list(self), Bounds)

    def provenance(self, item: Union[int, Bounds],
                   bound: PropagatedBound) -> List[ClaimRef]:
        """The claims a bound (a :class:`PropagatedBound`) of a scope (a
        position or :class:`Bounds`) rests on, as
        :class:`~casualty.ClaimRef`. For an empty range, the two lists
        together are the chain of the conflict."""
        index = self._pos(item)
        return _util.read_refs(lib.cas_propagation_provenance, self._c(), index,
                               int(PropagatedBound(bound)))
