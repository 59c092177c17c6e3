# SPDX-License-Identifier: MIT
"""Reconciling the claims on a scope (docs/model.md section 5): envelope,
consensus, conflicts and best estimate, each bound with the claims it came
from, and the printers of such results.

Only *current* claims count (each source's latest report on a scope), and
only claims of the chosen bases (by default reported and documented
counts). For a scope:

* the **envelope** ``[min low, max high]`` holds every count some source
  allows;
* the **consensus** ``[max low, min high]`` holds the counts every source
  allows; it is empty (``has_consensus`` False) when sources conflict;
* **conflicts** are the pairs of counted claims whose ranges are disjoint;
* the **best** is the weighted median of the claims' figures;
* **provenance** names, for every bound, the claims that attain it.

A :class:`Reconciliation` comes from :meth:`casualty.Ledger.reconcile` (one
C call for the whole ledger). It reads its ledger's memory, so it keeps the
ledger alive, and closing the ledger closes it; the values it hands out
(:class:`ScopeResult`, :class:`ClaimRef`, :class:`Conflict`) are copies.
"""

import ctypes
import dataclasses
import typing
from typing import Any, Iterable, List, Optional, Tuple, Union

from . import _ffi, _util
from ._ffi import lib
from ._handle import LedgerResult
from .errors import Status, make_error
# ClaimRef and ResultRange are defined in types (aggregate uses them too)
# and are still importable from here.
from .types import (Basis, BestKind, BestRule, ClaimRef, PathLike, ResultRange, Scope, _encode,
                    _Named, scope_from_c)

if typing.TYPE_CHECKING:  # pragma: no cover
    import pandas

    from .aggregate import Propagation, Sum
    from .ledger import Ledger


class Bound(_Named):
    """The bounds of a scope's result, for :meth:`Reconciliation.provenance`:
    ``ENVELOPE_LOW`` (min low), ``ENVELOPE_HIGH`` (max high),
    ``CONSENSUS_LOW`` (max low), ``CONSENSUS_HIGH`` (min high), ``BEST``
    (the claims whose figures make the median)."""

    ENVELOPE_LOW = 0
    ENVELOPE_HIGH = 1
    CONSENSUS_LOW = 2
    CONSENSUS_HIGH = 3
    BEST = 4


@dataclasses.dataclass(frozen=True)
class Conflict:
    """Two claims on one scope that cannot both be true: the claim with the
    higher range (``higher``, a ledger index, with its id and source) and
    the other; ``gap`` is higher's low minus lower's high (> 0), ``ratio``
    higher's figure over lower's (NaN when the lower figure is 0)."""

    higher: int
    higher_id: str
    higher_source: str
    lower: int
    lower_id: str
    lower_source: str
    gap: int
    ratio: float


@dataclasses.dataclass(frozen=True)
class ScopeResult:
    """The reconciliation of one scope, at position ``index`` of its
    :class:`Reconciliation`.

    ``claims`` were counted, from ``sources`` distinct sources;
    ``superseded`` older reports and ``excluded`` claims of other bases
    were left out. ``envelope_low``/``envelope_high`` and
    ``consensus_low``/``consensus_high`` are the two ranges (a high of
    ``None`` is open); when ``has_consensus`` is False the consensus is
    empty and its two numbers are the colliding floor and ceiling. ``best``
    is the figure the best rule chose (the median by default), or None;
    ``best_kind`` (a :class:`~casualty.BestKind`) says whether a source
    reported it or it is a midpoint no source gave. ``conflict_pairs`` counts every pair of
    disjoint claims; ``conflicts`` how many of them are listed (see
    :meth:`Reconciliation.conflicts`). ``within_tolerance`` is True when
    the consensus holds only within the tolerance given (it is then [min
    high, max low]); ``outlier`` names, on a scope in conflict, the one
    source whose removal restores a consensus, or is None.
    """

    index: int
    scope: Scope
    has_consensus: bool
    claims: int
    sources: int
    superseded: int
    excluded: int
    envelope_low: int
    envelope_high: Optional[int]
    consensus_low: int
    consensus_high: Optional[int]
    best: Optional[int]
    conflict_pairs: int
    conflicts: int
    best_kind: BestKind = BestKind.ABSENT
    within_tolerance: bool = False
    outlier: Optional[str] = None

    @property
    def envelope(self) -> Tuple[int, Optional[int]]:
        """``(envelope_low, envelope_high)``."""
        return (self.envelope_low, self.envelope_high)

    @property
    def consensus(self) -> Optional[Tuple[int, Optional[int]]]:
        """``(consensus_low, consensus_high)``, or None when the sources
        conflict and no count is allowed by all of them."""
        return (self.consensus_low, self.consensus_high) if self.has_consensus else None


def _tolerance(opts, tolerance):
    """``"5%"`` (a share) or a whole number of people into ``opts``."""
    if isinstance(tolerance, str) and tolerance.endswith("%"):
        try:
            share = float(tolerance[:-1]) / 100
        except ValueError:
            share = -1.0
        if not 0 <= share < 1:
            raise make_error(Status.ARG, "tolerance: expected a share below 100%% such as "
                             "'5%%', got %r" % (tolerance,))
        opts.tolerance_kind, opts.tolerance = 1, share
    elif isinstance(tolerance, int) and not isinstance(tolerance, bool) and tolerance >= 0:
        opts.tolerance_kind, opts.tolerance = 2, float(tolerance)
    else:
        raise make_error(Status.ARG, "tolerance: expected a share such as '5%%' or a whole "
                         "number of people >= 0, got %r" % (tolerance,))


def reconcile_options(bases=None, max_conflicts=1000, weights=None, default_weight=1.0,
                      best=None, priority=None, tolerance=None):
    """A ``cas_reconcile_options`` and the objects it points to (internal).

    ``bases``: an iterable of :class:`~casualty.Basis` (or their labels), or
    None for the default (reported and documented). ``max_conflicts``: the
    most conflict pairs listed per scope, None for all. ``weights``: a
    mapping of source name to weight for the best estimate. ``best``: a
    :class:`~casualty.BestRule` or its label (the median by default);
    ``priority``: source names, most trusted first, for the priority rule
    (giving them alone selects it).
    """
    opts = _ffi.sized(_ffi.ReconcileOptionsStruct)
    keep = []
    if bases is not None:
        if isinstance(bases, (str, int)):
            bases = (bases,)
        mask = 0
        for basis in bases:
            basis = Basis.from_label(basis) if isinstance(basis, str) else Basis(basis)
            mask |= 1 << int(basis)
        if mask == 0:
            raise make_error(Status.ARG, "bases: at least one basis must count")
        opts.bases = mask
    if max_conflicts is None:
        opts.max_conflicts = 2 ** 32 - 1
    else:
        if isinstance(max_conflicts, bool) or not isinstance(max_conflicts, int) or \
                not 0 <= max_conflicts < 2 ** 32:
            raise make_error(Status.ARG, "max_conflicts: expected a count from 0 to "
                             "4294967295 or None, got %r" % (max_conflicts,))
        opts.max_conflicts = max_conflicts
    if weights:
        items = list(dict(weights).items())
        names = (ctypes.c_char_p * len(items))(*[_encode(k, "weights") for k, _ in items])
        values = (ctypes.c_double * len(items))(*[float(v) for _, v in items])
        keep += [names, values]
        opts.nweights = len(items)
        opts.weight_sources = names
        opts.weights = values
    opts.default_weight = float(default_weight)
    if priority is not None:
        if isinstance(priority, (str, bytes)):
            raise TypeError("priority: expected a list of source names, got %r" % (priority,))
        names = [_encode(p, "priority") for p in priority]
        if best is None:
            best = BestRule.PRIORITY
        array = (ctypes.c_char_p * max(len(names), 1))(*names)
        keep.append(array)
        opts.npriority = len(names)
        opts.priority_sources = array
    if best is not None:
        opts.best_rule = int(BestRule.from_label(best) if isinstance(best, str) else BestRule(best))
    if tolerance is not None:
        _tolerance(opts, tolerance)
    return opts, keep


class Reconciliation(LedgerResult, _util.Records, docs={
        "close": "Free the C result now. Values already read stay valid."}):
    """The per-scope results of a reconciliation, ordered by scope.

    A sequence of :class:`ScopeResult`: ``len(r)``, ``r[i]``, ``for result
    in r``; :meth:`find` and :meth:`get` look a scope up. The claims behind
    a result are read with :meth:`counted`, :meth:`provenance` and
    :meth:`conflicts`, which take a position or a :class:`ScopeResult`.
    :meth:`sum` adds disjoint scopes, :meth:`propagate` tightens bounds
    between wholes and parts, and :meth:`table` / :meth:`to_csv_text` print
    the results with their provenance.

    Made by :meth:`casualty.Ledger.reconcile`; it keeps its ledger alive and
    is closed with it (or by :meth:`close`, a ``with`` block, or garbage
    collection).
    """

    def __init__(self, ledger: "Ledger", pointer: Any) -> None:
        self._own(pointer, lib.cas_reconciliation_free, "reconciliation", ledger)

    def __repr__(self) -> str:
        if self.closed:
            return "<casualty.Reconciliation (closed)>"
        return "<casualty.Reconciliation of %d scopes>" % len(self)

    # ---- the results

    _RECORD = _ffi.ScopeResultStruct
    _WHAT = "reconciliation"

    def __len__(self) -> int:
        return lib.cas_reconciliation_count(self._c())

    def _get(self, index, out):
        lib.cas_reconciliation_get(self._c(), index, out)
        return ScopeResult(
            index, scope_from_c(out.scope), bool(out.has_consensus), out.claims, out.sources,
            out.superseded, out.excluded, out.envelope_low, _util.high(out.envelope_high),
            out.consensus_low, _util.high(out.consensus_high), _util.best(out.best),
            out.conflict_pairs, out.conflicts, BestKind(out.best_kind),
            bool(out.within_tolerance), _util.text(out.outlier) if out.outlier else None)

    def find(self, scope: Scope) -> int:
        """The position of ``scope`` (a :class:`~casualty.Scope`); raises
        :class:`~casualty.NotFoundError` when no counted claim has exactly
        that scope."""
        return _util.find_scope(lib.cas_reconciliation_find, self._c(), scope,
                                "no result for the scope %r")

    def get(self, scope: Scope, default: Any = None) -> Any:
        """The :class:`ScopeResult` of ``scope``, or ``default``."""
        try:
            return self[self.find(scope)]
        except LookupError:
            return default

    def counted(self, item: Union[int, ScopeResult]) -> List[ClaimRef]:
        """The claims counted on a scope (a position or a
        :class:`ScopeResult`), as :class:`ClaimRef`, ordered by source,
        report day and id."""
        index = self._pos(item)
        return _util.read_refs(lib.cas_reconciliation_claim, self._c(), index)

    def provenance(self, item: Union[int, ScopeResult], bound: Bound) -> List[ClaimRef]:
        """The claims behind ``bound`` (a :class:`Bound`) of a scope, as
        :class:`ClaimRef`: those that attain it (for ``BEST``, those whose
        figures make the median; none when there is no best)."""
        index = self._pos(item)
        return _util.read_refs(lib.cas_reconciliation_provenance, self._c(), index,
                               int(Bound(bound)))

    def claims_in_conflict(self, item: Union[int, ScopeResult]) -> List[bool]:
        """For each counted claim of a scope (the order of :meth:`counted`),
        whether it is in at least one pair of claims that cannot both be
        true: every claim a full listing of the conflicts would name,
        whatever ``max_conflicts`` kept (one O(1) read a claim)."""
        index = self._pos(item)
        result = self._get(index, self._struct())
        flag = ctypes.c_int()
        flags = []
        for k in range(result.claims):
            lib.cas_reconciliation_claim_conflicts(self._c(), index, k, ctypes.byref(flag))
            flags.append(bool(flag.value))
        return flags

    def conflicts(self, item: Union[int, ScopeResult]) -> List[Conflict]:
        """The listed conflicts of a scope, as :class:`Conflict`: the pair
        with the largest gap first."""
        index = self._pos(item)
        result = self._get(index, self._struct())
        out = _ffi.sized(_ffi.ConflictStruct)
        listed = []
        for k in range(result.conflicts):
            lib.cas_reconciliation_conflict(self._c(), index, k, out)
            listed.append(Conflict(out.higher, _util.text(out.higher_id),
                                   _util.text(out.higher_source), out.lower,
                                   _util.text(out.lower_id), _util.text(out.lower_source),
                                   out.gap, out.ratio))
        return listed

    # ---- across scopes

    def sum(self, items: Iterable[Union[int, ScopeResult]],
            which: ResultRange = ResultRange.CONSENSUS) -> "Sum":
        """Add the ranges (``which``: the consensus or the envelope) of the
        scopes at ``items`` (positions or :class:`ScopeResult`), which must
        be pairwise disjoint: a :class:`~casualty.Sum`. Raises
        :class:`~casualty.ConflictError` for overlapping scopes, or for a
        scope whose consensus is empty."""
        from .aggregate import sum_results
        return sum_results(self, [self._pos(i) for i in items], which)

    def propagation(self, which: ResultRange = ResultRange.CONSENSUS) -> "Propagation":
        """A new :class:`~casualty.Propagation` over these scopes, starting
        from their consensus (or envelope), not yet run: declare covers
        with :meth:`Propagation.cover`, then :meth:`Propagation.run`."""
        from .aggregate import Propagation
        return Propagation(self, which)

    def propagate(self, which: ResultRange = ResultRange.CONSENSUS,
                  covers: Iterable[Tuple[Scope, Iterable[Scope]]] = ()) -> "Propagation":
        """Propagate bounds between wholes and parts until nothing moves,
        and return the :class:`~casualty.Propagation`. ``covers`` is an
        iterable of ``(whole, parts)``: disjoint scopes declared to make up
        ``whole``."""
        propagation = self.propagation(which)
        try:
            for whole, parts in covers:
                propagation.cover(whole, parts)
            propagation.run()
        except BaseException:
            propagation.close()
            raise
        return propagation

    def to_dataframe(self) -> "pandas.DataFrame":
        """The results as a pandas DataFrame, a row per scope (the fields of
        :class:`ScopeResult`, the scope spread over its dimensions).
        Needs pandas; :mod:`casualty.frames` says how each type maps."""
        from . import frames
        return frames.records_frame(list(self), ScopeResult)

    # ---- printers (report.h)

    def table(self) -> str:
        """The results as an aligned text table: a line per scope, each
        followed by indented lines naming the claims behind its bounds and
        its conflicts."""
        return _util.take_text(lib.cas_report_table, self._c(), _ffi.new_error())

    def markdown(self) -> str:
        """The results as a Markdown table (the library's cas_report_markdown):
        the same columns as :meth:`table`, then the claims behind every bound."""
        return _util.take_text(lib.cas_report_markdown, self._c(), _ffi.new_error())

    def to_csv_text(self, protect_formulas: bool = False) -> str:
        """The results as CSV, one row per scope, with provenance columns
        (docs/reconcile.md lists them). With ``protect_formulas``, a cell a
        spreadsheet would run as a formula gets a leading apostrophe
        (docs/csv.md, "Formula injection")."""
        if not protect_formulas:
            return _util.take_text(lib.cas_report_csv, self._c(), _ffi.new_error())
        opts = _ffi.sized(_ffi.CsvWriteOptionsStruct)
        opts.protect_formulas = 1
        return _util.take_text(lib.cas_report_csv_with, self._c(), ctypes.byref(opts),
                               _ffi.new_error())

    def to_jsonl(self) -> str:
        """The results as JSON Lines (the library's cas_report_jsonl): one
        object per scope, in the order of :meth:`to_csv_text`, open bounds
        and "all" as null, the claims behind each bound and the conflicts
        nested (docs/jsonl.md). ``[json.loads(l) for l in
        rec.to_jsonl().splitlines()]`` gives the records."""
        return _util.take_text(lib.cas_report_jsonl, self._c(), _ffi.new_error())

    def save_jsonl(self, path: PathLike) -> None:
        """Write :meth:`to_jsonl` to the file ``path`` (replaced)."""
        lib.cas_report_jsonl_save(self._c(), _util.fspath(path), _ffi.new_error())

    def save_table(self, path: PathLike) -> None:
        """Write :meth:`table` to the file ``path`` (replaced)."""
        lib.cas_report_table_save(self._c(), _util.fspath(path), _ffi.new_error())

    def save_csv(self, path: PathLike) -> None:
        """Write :meth:`to_csv_text` to the file ``path`` (replaced)."""
        lib.cas_report_csv_save(self._c(), _util.fspath(path), _ffi.new_error())


def reconcile(ledger: "Ledger", scope: Optional[Scope] = None,
              **options: Any) -> "Reconciliation":
    """Reconcile ``ledger`` (see :meth:`casualty.Ledger.reconcile`)."""
    opts, keep = reconcile_options(**options)
    out = _ffi.RECON_P()
    err = _ffi.new_error()
    if scope is None:
        lib.cas_reconcile_ledger(ctypes.byref(out), ledger._c(), opts, err)
    else:
        if not isinstance(scope, Scope):
            raise TypeError("expected a Scope or None, got %r" % (scope,))
        lib.cas_reconcile_scope(ctypes.byref(out), ledger._c(), scope._to_c(), opts, err)
    del keep
    return Reconciliation(ledger, out)

