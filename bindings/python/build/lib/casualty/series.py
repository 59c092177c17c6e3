# SPDX-License-Identifier: MIT
"""Series of cumulative counts (docs/model.md section 12): each source's
reports in order of cutoff, its revisions and restarts, and the sources of
one scope and start compared as of any day (casualty/series.h)."""

import ctypes
import dataclasses

from . import _ffi
from ._ffi import lib
from ._handle import LedgerResult
from .types import _date_of, _day_of, scope_from_c


def _text(b):
    return b.decode("utf-8") if b is not None else ""


@dataclasses.dataclass(frozen=True)
class SeriesReport:
    """One report: its cutoff, figure, increment and, when it falls below
    the source's own earlier figure, the revision's size."""

    cutoff: object
    claim_id: str
    low: int
    high: object
    days: int
    increment: int
    revision: int
    revised_from: object


@dataclasses.dataclass(frozen=True)
class AsOf:
    """One source as of one day: floor, ceiling, days stale, and whether the
    panel's sources agree that day."""

    source: str
    floor: object
    ceiling: object
    stale: object
    agree: bool


class Series(LedgerResult):
    """The series of a ledger's claims with known periods. Made by
    ``Series(ledger)``; it reads its ledger's memory and keeps it alive."""

    def __init__(self, ledger):
        out = _ffi.SERIES_P()
        lib.cas_series_new(ctypes.byref(out), ledger._c(), _ffi.new_error())
        self._own(out, lib.cas_series_free, "series", ledger)

    def __len__(self):
        return lib.cas_series_count(self._c())

    def info(self, index):
        """(source, phase, scope, reports, revisions) of series ``index``."""
        out = _ffi.init(_ffi.SeriesInfoStruct())
        lib.cas_series_get(self._c(), index, ctypes.byref(out))
        return (_text(out.source), out.phase, scope_from_c(out.scope), out.reports,
                out.revisions)

    def reports(self, index):
        """The :class:`SeriesReport` list of series ``index``."""
        n = self.info(index)[3]
        out = _ffi.init(_ffi.SeriesReportStruct())
        got = []
        for k in range(n):
            lib.cas_series_report_get(self._c(), index, k, ctypes.byref(out))
            got.append(SeriesReport(_date_of(out.cutoff), _text(out.claim_id), out.low,
                                    None if out.high == -1 else out.high, out.days,
                                    out.increment, out.revision,
                                    out.revised_from if out.revision else None))
        return got

    def panels(self):
        """The number of panels (sources on one scope and start)."""
        return lib.cas_series_panels(self._c())

    def as_of(self, panel, day):
        """The :class:`AsOf` of each member of ``panel`` on ``day`` (a date)."""
        d = _day_of(day, "day")
        p = _ffi.init(_ffi.SeriesPanelStruct())
        lib.cas_series_panel_get(self._c(), panel, ctypes.byref(p))
        out = _ffi.init(_ffi.SeriesAsofStruct())
        got = []
        for k in range(p.members):
            lib.cas_series_asof_get(self._c(), panel, d, k, ctypes.byref(out))
            src = self.info(out.series)[0]
            got.append(AsOf(src, None if out.floor == -1 else out.floor,
                            None if out.ceiling == -1 else out.ceiling,
                            None if out.stale < 0 else out.stale, bool(out.agree)))
        return got
