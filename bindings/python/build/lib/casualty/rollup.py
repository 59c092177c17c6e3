# SPDX-License-Identifier: MIT
"""Roll-ups (docs/model.md section 11): a source's current event claims
summed per place (cut to its first ``place_depth`` segments) and calendar
bucket (day, ISO week, month, quarter, year), as a new
:class:`~casualty.Ledger` of derived claims that reconcile and compare like
any other.

Claims without an event are wholes, not events: they are left out and
counted, as are superseded claims and claims of a basis not counted. A
claim whose period straddles a bucket is listed (the default), put in its
first day's bucket, or split evenly over its days (the remainder on the
first days; an assumption). casualty/rollup.h has every rule.
"""

import ctypes
import dataclasses
from typing import List, Tuple

from . import _ffi, _util
from ._ffi import lib
from .ledger import Ledger
from .types import ClaimRef, _Named


class RollupUnit(_Named):
    """The calendar unit of the buckets."""

    DAY = 0
    WEEK = 1
    MONTH = 2
    QUARTER = 3
    YEAR = 4


class Straddle(_Named):
    """What happens to a claim that straddles buckets: ``LIST`` (left out
    and listed), ``FIRST`` (whole in its first day's bucket), ``SPLIT``
    (spread evenly over its days)."""

    LIST = 0
    FIRST = 1
    SPLIT = 2


@dataclasses.dataclass(frozen=True)
class RollupSummary:
    """What a roll-up took and left (``cas_rollup_summary``)."""

    derived: int
    summed: int
    superseded: int
    without_event: int
    excluded: int
    straddlers: int
    left_out: int
    first: int
    split: int
    mixed_basis: int


@dataclasses.dataclass(frozen=True)
class Rollup:
    """A roll-up: ``ledger``, the derived claims (a new ledger, owned by
    the caller: close it when done); ``terms[k]``, the claims derived claim
    ``k`` sums, in order of claim id, each with what was summed (its share
    when split); ``straddlers``, the claims left out as straddlers; and
    ``summary``. The references name claims of the input ledger."""

    ledger: Ledger
    terms: Tuple[Tuple[ClaimRef, ...], ...]
    straddlers: Tuple[ClaimRef, ...]
    summary: RollupSummary


def _enum(kind, value, name):
    if isinstance(value, str):
        try:
            return kind[value.upper()]
        except KeyError:
            raise ValueError("%s: expected one of %s, got %r"
                             % (name, ", ".join(str(m) for m in kind), value)) from None
    return kind(value)


def rollup(ledger, place_depth=1, period="month", straddle="list", bases=None,
           max_cited=10) -> Rollup:
    """Roll up the event claims of ``ledger`` (see the module's description).

    ``period`` is a :class:`RollupUnit` or its name (``"week"``),
    ``straddle`` a :class:`Straddle` or its name, ``bases`` an iterable of
    :class:`~casualty.Basis` (default documented and reported),
    ``max_cited`` the most claim ids a derived claim's citation names.
    Raises :class:`~casualty.ConflictError` (status OVERLAP) when two claims
    of one source on one event fall in one bucket,
    :class:`~casualty.CountOverflowError` for a sum past 64 bits, and
    :class:`~casualty.ValidationError` or :class:`~casualty.ArgumentError`
    for bad options, each with the library's message."""
    opts = _ffi.sized(_ffi.RollupOptionsStruct)
    opts.place_depth = place_depth
    opts.unit = _enum(RollupUnit, period, "period")
    opts.straddle = _enum(Straddle, straddle, "straddle")
    if bases is not None:
        opts.bases = sum(1 << int(b) for b in set(bases))
    opts.max_cited = max_cited
    out = _ffi.LEDGER_P()
    info = _ffi.ROLLUP_P()
    lib.cas_rollup(ctypes.byref(out), ctypes.byref(info), ledger._c(), ctypes.byref(opts),
                   _ffi.new_error())
    try:
        result = Ledger.__new__(Ledger)
        result._own(out, lib.cas_ledger_free, "ledger")
        result._cache = ({}, {}, {})
        summary = _ffi.sized(_ffi.RollupSummaryStruct)
        lib.cas_rollup_info_summary(info, summary)
        terms = tuple(tuple(_util.read_refs(lib.cas_rollup_info_term, info, k))
                      for k in range(summary.derived))
        straddlers: List[ClaimRef] = _util.read_refs(lib.cas_rollup_info_straddler, info)
        return Rollup(result, terms, tuple(straddlers),
                      RollupSummary(*(getattr(summary, f.name)
                                      for f in dataclasses.fields(RollupSummary))))
    finally:
        lib.cas_rollup_info_free(info)
