# SPDX-License-Identifier: MIT
"""The source comparison matrix: for every pair of sources, how often they
speak of the same scope, agree or conflict, and how far apart their
figures are ("how far apart are SOHR and SNHR, systematically?").

Only the claims a reconciliation counts are compared (current claims of
the chosen bases). Two sources *address* a scope when both have a claim on
exactly that scope; there they *conflict* when some claim of one and some
claim of the other have disjoint ranges, and *agree* otherwise. How far
apart they run is measured on one figure per source and scope (the lower
median of its figures when it has several); open-ended floors ("at least
N", no best) give none and are counted apart. The ratio's percentiles are
taken in logarithms, so swapping the sources gives exactly the reciprocals
(docs/model.md section 14).
"""

import ctypes
import dataclasses

from . import _ffi, _util
from ._ffi import lib
from ._handle import LedgerResult
from .errors import Status, make_error
from .reconcile import reconcile_options
from .types import _encode


@dataclasses.dataclass(frozen=True)
class SourcePair:
    """What two sources have in common: ``scopes`` both address, of which
    ``agree`` where their ranges all meet and ``conflict`` where some are
    disjoint. On the ``figures`` scopes where both give a figure,
    ``first_higher`` and ``second_higher`` count where each runs higher and
    ``within_tolerance`` where the two are within the tolerance (equal
    without one); ``p10_ratio``, ``median_ratio`` and ``p90_ratio`` are
    percentiles of first's figure over second's over the ``ratios`` scopes
    where both are above 0 (NaN when there is none); ``floors`` counts the
    scopes left out because one source gives only open-ended floors."""

    first: str
    second: str
    scopes: int
    agree: int
    conflict: int
    ratios: int
    median_ratio: float
    figures: int = 0
    first_higher: int = 0
    second_higher: int = 0
    within_tolerance: int = 0
    floors: int = 0
    p10_ratio: float = float("nan")
    p90_ratio: float = float("nan")


def _pair_from_c(out):
    return SourcePair(_util.text(out.first), _util.text(out.second), out.scopes, out.agree,
                      out.conflict, out.ratios, out.median_ratio, out.figures,
                      out.first_higher, out.second_higher, out.within_tolerance, out.floors,
                      out.p10_ratio, out.p90_ratio)


class SourceMatrix(LedgerResult, _util.Records, docs={
        "close": "Free the C matrix now. Values already read stay valid."}):
    """The comparison of every pair of sources of a ledger.

    :attr:`sources` lists the sources with a counted claim (byte order).
    The matrix is a sequence of :class:`SourcePair` (the pairs that share
    at least one scope, first < second); :meth:`pair` reads any ordered
    pair. Made by :meth:`casualty.Ledger.source_matrix`; it reads its
    ledger's memory, keeps the ledger alive and is closed with it.
    """

    def __init__(self, ledger, bases=None, tolerance=None):
        opts, keep = reconcile_options(bases=bases, tolerance=tolerance)
        out = _ffi.MATRIX_P()
        lib.cas_matrix_new(ctypes.byref(out), ledger._c(), opts, _ffi.new_error())
        del keep
        self._own(out, lib.cas_matrix_free, "source matrix", ledger)
        self.sources = tuple(_util.text(lib.cas_matrix_source(out, i))
                             for i in range(lib.cas_matrix_sources(out)))

    def __repr__(self):
        if self.closed:
            return "<casualty.SourceMatrix (closed)>"
        return "<casualty.SourceMatrix of %d sources, %d pairs>" % (len(self.sources), len(self))

    _RECORD = _ffi.SourcePairStruct
    _WHAT = "matrix"

    def __len__(self):
        return lib.cas_matrix_count(self._c())

    def _get(self, index, out):
        lib.cas_matrix_get(self._c(), index, out)
        return _pair_from_c(out)

    def pair(self, first, second):
        """The :class:`SourcePair` of ``first`` and ``second`` in that order
        (the ratio is first's figure over second's). Two sources of the
        matrix that share no scope give ``scopes == 0``. Raises
        :class:`~casualty.NotFoundError` for a source with no counted claim,
        :class:`~casualty.ArgumentError` for the same source twice."""
        out = self._struct()
        try:
            lib.cas_matrix_find(self._c(), _encode(first, "first"), _encode(second, "second"),
                                out)
        except LookupError:
            missing = first if first not in self.sources else second
            raise make_error(Status.NOT_FOUND, "source %r has no counted claim in the matrix"
                             % (missing,)) from None
        except ValueError as exc:
            if first == second:
                raise make_error(Status.ARG, "a source is not compared with itself: %r"
                                 % (first,)) from None
            raise exc
        return _pair_from_c(out)
