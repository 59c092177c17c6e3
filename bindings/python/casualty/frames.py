# SPDX-License-Identifier: MIT
"""pandas DataFrames of ledgers and results, and ledgers of DataFrames.

Every result type has a ``to_dataframe()`` method that calls this module;
:func:`to_dataframe` converts any of them, a result value (a
:class:`~casualty.ScopeResult`, a :class:`~casualty.Comparison`, ...) or a
list of such values (what :func:`~casualty.parse_phrase` or
:meth:`~casualty.Reconciliation.conflicts` return). The columns keep the
library's meaning:

* counts are pandas' nullable ``Int64``, and an open bound (``high`` of
  "at least"), a missing best or a missing count is ``<NA>``, never a
  float NaN: 2**63 - 1 survives, and ``high.isna()`` finds open ranges;
* enums are categoricals of the library's labels (``"at_least"``,
  ``"reported"``, ``"median"``), with every label as a category;
* days are ``datetime64[ns]``, an unknown day ``NaT``;
* a scope is spread over the columns ``outcome``, ``group``,
  ``perpetrator``, ``place``, ``period_start``, ``period_end``, ``event``;
* figures that are not counts (ratios, estimates) are ``float64``.

:meth:`Ledger.from_dataframe <casualty.Ledger.from_dataframe>` reads a
frame of claims back, the columns of :meth:`Ledger.to_dataframe
<casualty.Ledger.to_dataframe>` (the CSV's, docs/csv.md).

pandas is imported when a frame is made, not with the package: ``import
casualty`` works without it, and a conversion without it raises
ImportError saying how to install it.
"""

import dataclasses
import datetime
import enum
import typing
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .types import Claim, Scope

if typing.TYPE_CHECKING:  # pragma: no cover
    import pandas

#: The columns a scope is spread over, in the order of the CSV printers.
SCOPE_COLUMNS = ("outcome", "group", "perpetrator", "place", "event", "period_start",
                 "period_end")
#: The columns of a ledger's frame, in the CSV's order (docs/csv.md).
CLAIM_COLUMNS = ("id", "source", "source_kind", "relay", "basis") + SCOPE_COLUMNS + (
    "reported_on", "qualifier", "low", "high", "best", "citation", "quote")


def _pandas():
    try:
        import pandas
    except ImportError:
        raise ImportError("casualty: to_dataframe() and from_dataframe() need pandas "
                          "(pip install pandas; Debian: apt-get install python3-pandas)") \
            from None
    return pandas


# ------------------------------------------------------------- columns

_INT, _FLOAT, _BOOL, _DATE, _TEXT, _SCOPE, _SKIP = range(7)


def _kind(hint: Any) -> Tuple[int, Optional[type]]:
    """How a field of this type becomes a column: (kind, enum class)."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) is typing.Union and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            hint = rest[0]
    if hint is Scope:
        return _SCOPE, None
    if isinstance(hint, type):
        if issubclass(hint, enum.Enum):
            return _TEXT, hint
        if issubclass(hint, bool):
            return _BOOL, None
        if issubclass(hint, int):
            return _INT, None
        if issubclass(hint, float):
            return _FLOAT, None
        if issubclass(hint, datetime.date):
            return _DATE, None
        if issubclass(hint, str):
            return _TEXT, None
    return _SKIP, None


def _fields(cls: type) -> List[Tuple[str, int, Optional[type]]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, *_kind(hints[f.name])) for f in dataclasses.fields(cls)
            if not f.name.startswith("_")]


def _enum_labels(cls: type) -> List[str]:
    if issubclass(cls, enum.Flag):
        return []
    return [str(member) for member in cls]


def _column(pd: Any, values: List[Any], kind: int, enum_cls: Optional[type]) -> Any:
    """A pandas Series of ``values`` for a field of ``kind``."""
    if kind == _INT:
        return pd.array(values, dtype="Int64")
    if kind == _FLOAT:
        return pd.array([float("nan") if v is None else float(v) for v in values],
                        dtype="float64")
    if kind == _BOOL:
        return pd.array([bool(v) for v in values], dtype="bool")
    if kind == _DATE:
        return pd.to_datetime(pd.Series([pd.NaT if v is None else v for v in values],
                                        dtype="object"))
    if enum_cls is not None:
        labels = [None if v is None else _flag_label(v) if isinstance(v, enum.Flag)
                  else str(v) for v in values]
        categories = _enum_labels(enum_cls)
        if not categories:
            return pd.array(labels, dtype="object")
        return pd.Categorical(labels, categories=categories)
    return pd.array(values, dtype="object")


def _flag_label(value: enum.Flag) -> str:
    """Flags as ``"a|b"`` of their lower-case names ("" for none)."""
    return "|".join(m.name.lower() for m in type(value)
                    if m.value and (value & m) == m)


def records_frame(records: Sequence[Any], cls: Optional[type] = None,
                  extra: Optional[Dict[str, Tuple[List[Any], int]]] = None) -> "pandas.DataFrame":
    """A DataFrame with a row per dataclass value of ``records`` (all of
    class ``cls``; given, an empty list still has its columns). ``extra``
    adds columns in front: name -> (values, kind)."""
    pd = _pandas()
    records = list(records)
    if cls is None:
        if not records:
            return pd.DataFrame()
        cls = type(records[0])
    data: Dict[str, Any] = {}
    for name, (values, kind) in (extra or {}).items():
        data[name] = _column(pd, values, kind, None)
    for name, kind, enum_cls in _fields(cls):
        values = [getattr(r, name) for r in records]
        if kind == _SCOPE:
            for dim in SCOPE_COLUMNS:
                data[dim] = _column(pd, [getattr(s, dim) for s in values],
                                    _DATE if dim.startswith("period") else _TEXT, None)
        elif kind != _SKIP:
            data[name] = _column(pd, values, kind, enum_cls)
    return pd.DataFrame(data, index=pd.RangeIndex(len(records)))


# ------------------------------------------------------------ results

def ledger_frame(ledger: Any) -> "pandas.DataFrame":
    """The claims of ``ledger`` in index order, a column per field of the
    CSV (:data:`CLAIM_COLUMNS`), plus ``current`` (False for a claim a
    later report of its source superseded)."""
    pd = _pandas()
    claims = list(ledger)
    flat: Dict[str, List[Any]] = {name: [] for name in CLAIM_COLUMNS}
    for claim in claims:
        for name in CLAIM_COLUMNS:
            flat[name].append(getattr(claim, name))
    kinds = {name: kind for name, kind, _ in _fields(Claim)}
    enums = {name: cls for name, _, cls in _fields(Claim) if cls is not None}
    data = {}
    for name in CLAIM_COLUMNS:
        kind = kinds.get(name, _DATE if name.startswith("period") else _TEXT)
        data[name] = _column(pd, flat[name], kind, enums.get(name))
    data["current"] = _column(pd, [ledger.is_current(i) for i in range(len(claims))],
                              _BOOL, None)
    return pd.DataFrame(data, index=pd.RangeIndex(len(claims)))


def series_frame(series: Any, report_class: type) -> "pandas.DataFrame":
    """A row per report of every series: the series' ``series`` (position),
    ``source``, ``phase`` and scope, then the report's fields (of
    ``report_class``, :class:`~casualty.SeriesReport`)."""
    rows: List[Any] = []
    position: List[int] = []
    source: List[str] = []
    phase: List[int] = []
    scopes: List[Scope] = []
    for index in range(len(series)):
        src, ph, scope, _, _ = series.info(index)
        reports = series.reports(index)
        rows += reports
        position += [index] * len(reports)
        source += [src] * len(reports)
        phase += [ph] * len(reports)
        scopes += [scope] * len(reports)
    frame = records_frame(rows, report_class, {"series": (position, _INT),
                                               "source": (source, _TEXT),
                                               "phase": (phase, _INT)})
    pd = _pandas()
    for k, dim in enumerate(SCOPE_COLUMNS):
        frame.insert(3 + k, dim, _column(pd, [getattr(s, dim) for s in scopes],
                                         _DATE if dim.startswith("period") else _TEXT, None))
    return frame


def rollup_frame(result: Any) -> "pandas.DataFrame":
    """The derived claims of a roll-up (:func:`ledger_frame`), with
    ``terms``: how many claims each sums."""
    frame = ledger_frame(result.ledger)
    frame["terms"] = _column(_pandas(), [len(t) for t in result.terms], _INT, None)
    return frame


def selection_frame(selection: Any, estimate_class: type) -> "pandas.DataFrame":
    """A row per ranked model of an MSE selection, best first: ``rank``,
    ``criterion``, ``delta``, ``chosen`` (the first), ``supported`` (within
    the selection's support of the best), then the fields of the estimate
    (of ``estimate_class``, :class:`~casualty.MseEstimate`)."""
    ranked = list(selection.ranked)
    return records_frame([r.estimate for r in ranked], estimate_class, {
        "rank": (list(range(len(ranked))), _INT),
        "criterion": ([r.criterion for r in ranked], _FLOAT),
        "delta": ([r.delta for r in ranked], _FLOAT),
        "chosen": ([k == 0 for k in range(len(ranked))], _BOOL),
        "supported": ([k < selection.supported for k in range(len(ranked))], _BOOL)})


def to_dataframe(value: Any) -> "pandas.DataFrame":
    """A DataFrame of ``value``: anything with a ``to_dataframe()`` method
    (a ledger, a result), a result value such as a
    :class:`~casualty.ScopeResult` (one row), or a list of such values (a
    row each: the claims of :func:`~casualty.parse_phrase`, the conflicts
    or provenance of a reconciliation)."""
    method = getattr(value, "to_dataframe", None)
    if method is not None:
        return method()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return records_frame([value])
    if isinstance(value, (list, tuple)):
        if all(dataclasses.is_dataclass(v) and not isinstance(v, type) for v in value):
            classes = {type(v) for v in value}
            if len(classes) <= 1:
                return records_frame(value)
    raise TypeError("cannot make a DataFrame of %r" % (value,))


# ------------------------------------------------------- from a frame

def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        import pandas
        return bool(pandas.isna(value)) if not isinstance(value, (list, tuple)) else False
    except (TypeError, ValueError):
        return False


def _cell(value: Any, name: str) -> Any:
    """A frame's cell as the Python value a Claim takes."""
    if _missing(value):
        return None
    if name in ("low", "high", "best"):
        if isinstance(value, float):
            if not value.is_integer():
                raise TypeError("column '%s': expected a whole number, got %r" % (name, value))
            return int(value)
        if hasattr(value, "item") and not isinstance(value, (str, bytes)):
            value = value.item()  # numpy scalars
        return value
    if name in ("reported_on", "period_start", "period_end"):
        if hasattr(value, "to_pydatetime"):
            return value.to_pydatetime().date()
        if isinstance(value, datetime.datetime):
            return value.date()
        return value
    return value


def ledger_from_frame(cls: type, frame: "pandas.DataFrame", vocabulary: Any = None) -> Any:
    """A new ledger of class ``cls`` with a claim per row of ``frame``
    (see :meth:`casualty.Ledger.from_dataframe`)."""
    columns = [str(c) for c in frame.columns]
    unknown = [c for c in columns if c not in CLAIM_COLUMNS and c not in ("current", "terms")]
    if unknown:
        raise ValueError("from_dataframe: unknown column(s) %s; expected some of %s"
                         % (", ".join(unknown), ", ".join(CLAIM_COLUMNS)))
    for need in ("id", "source", "outcome", "low"):
        if need not in columns:
            raise ValueError("from_dataframe: the column '%s' is required" % need)
    used = [c for c in CLAIM_COLUMNS if c in columns]
    ledger = cls(vocabulary=vocabulary)
    try:
        for row, values in enumerate(zip(*(frame[c].tolist() for c in used))):
            cells = {name: _cell(v, name) for name, v in zip(used, values)}
            scope = Scope(**{d: cells.pop(d) for d in SCOPE_COLUMNS if d in cells})
            for name in ("source_kind", "relay", "citation", "quote"):
                if name in cells and cells[name] is None:
                    cells[name] = ""
            if cells.get("basis") is None:
                cells.pop("basis", None)
            try:
                ledger.add(Claim(scope=scope, **cells))
            except Exception as exc:
                label = frame.index[row]
                raise _at_row(exc, row, label) from None
    except BaseException:
        ledger.close()
        raise
    return ledger


def _at_row(exc: Exception, row: int, label: Any) -> Exception:
    """``exc`` again, its message prefixed with the row it concerns."""
    from .errors import CasualtyError, make_error
    where = "row %d" % row if label == row else "row %d (index %r)" % (row, label)
    if isinstance(exc, CasualtyError):
        return make_error(exc.status, "%s: %s" % (where, exc.message), row + 1, exc.column,
                          exc.field, exc.file)
    return type(exc)("%s: %s" % (where, exc))

