# SPDX-License-Identifier: MIT
"""Series of cumulative counts (docs/model.md section 12): each source's
reports in order of cutoff, its revisions and restarts, and the sources of
one scope and start compared as of any day (casualty/series.h)."""

import ctypes
import dataclasses
import datetime
import typing
from typing import List, Optional, Tuple

from . import _ffi, _util
from ._ffi import lib
from ._handle import LedgerResult
from .types import PathLike, Scope, _date_of, _day_of, scope_from_c

if typing.TYPE_CHECKING:  # pragma: no cover
    import pandas

    from .ledger import Ledger


def _text(b):
    return b.decode("utf-8") if b is not None else ""


@dataclasses.dataclass(frozen=True)
class SeriesReport:
    """One report: its cutoff, figure, increment and, when it falls below
    the source's own earlier figure, the revision's size."""

    cutoff: Optional[datetime.date]
    claim_id: str
    low: int
    high: Optional[int]
    days: int
    increment: int
    revision: int
    revised_from: Optional[int]


@dataclasses.dataclass(frozen=True)
class AsOf:
    """One source as of one day: floor, ceiling, days stale, and whether the
    panel's sources agree that day."""

    source: str
    floor: Optional[int]
    ceiling: Optional[int]
    stale: Optional[int]
    agree: bool


class Series(LedgerResult):
    """The series of a ledger's claims with known periods. Made by
    ``Series(ledger)``; it reads its ledger's memory and keeps it alive."""

    def __init__(self, ledger: "Ledger") -> None:
        out = _ffi.SERIES_P()
        lib.cas_series_new(ctypes.byref(out), ledger._c(), _ffi.new_error())
        self._own(out, lib.cas_series_free, "series", ledger)

    def __len__(self) -> int:
        return lib.cas_series_count(self._c())

    def info(self, index: int) -> Tuple[str, int, Scope, int, int]:
        """(source, phase, scope, reports, revisions) of series ``index``."""
        out = _ffi.init(_ffi.SeriesInfoStruct())
        lib.cas_series_get(self._c(), index, ctypes.byref(out))
        return (_text(out.source), out.phase, scope_from_c(out.scope), out.reports,
                out.revisions)

    def reports(self, index: int) -> List[SeriesReport]:
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

    def to_dataframe(self) -> "pandas.DataFrame":
        """Every report of every series as a pandas DataFrame: ``series``
        (its position), ``source``, ``phase``, the scope, then the fields of
        :class:`SeriesReport`.
        Needs pandas; :mod:`casualty.frames` says how each type maps."""
        from . import frames
        return frames.series_frame(self, SeriesReport)

    _TABLES = {"reports": 0, "revisions": 1, "summary": 2, "as-of": 3}

    def _table_args(self, table: str, day: Optional[datetime.date]):
        if table not in self._TABLES:
            raise ValueError("table: expected one of %s, got %r"
                             % (", ".join(self._TABLES), table))
        return self._TABLES[table], (-2 ** 31 if day is None else _day_of(day, "day"))

    def to_jsonl(self, table: str = "reports", day: Optional[datetime.date] = None) -> str:
        """One of the series' tables as JSON Lines (the library's
        cas_series_jsonl, the records of ``casualty-series -f jsonl``):
        ``table`` is "reports", "revisions", "summary" or "as-of"; with
        "as-of", ``day`` (a date) keeps that day only (docs/jsonl.md)."""
        t, d = self._table_args(table, day)
        return _util.take_text(lib.cas_series_jsonl, self._c(), t, d, _ffi.new_error())

    def save_jsonl(self, path: PathLike, table: str = "reports",
                   day: Optional[datetime.date] = None) -> None:
        """Write :meth:`to_jsonl` to the file ``path`` (replaced)."""
        t, d = self._table_args(table, day)
        lib.cas_series_jsonl_save(self._c(), t, d, _util.fspath(path), _ffi.new_error())

    def panels(self) -> int:
        """The number of panels (sources on one scope and start)."""
        return lib.cas_series_panels(self._c())

    def as_of(self, panel: int, day: datetime.date) -> List[AsOf]:
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
