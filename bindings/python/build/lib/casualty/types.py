# SPDX-License-Identifier: MIT
"""Claims, scopes, their enums and relations, and calendar days.

A :class:`Claim` is one source's statement about the count of one
:class:`Scope`, kept as a range: ``low`` to ``high`` (``None`` for an open
end, "at least"), with an optional point estimate ``best``. Days are
:class:`datetime.date` objects, and ``None`` where the day is not known.
Both classes are frozen dataclasses: values that never alias C memory.
So are the :class:`ClaimRef` by which results name claims; a
:class:`ResultRange` chooses the range of a result that sums and
propagation start from.
"""

import ctypes
import dataclasses
import datetime
import enum
import operator
import re
from typing import Optional, Union

from . import _ffi
from ._ffi import lib
from .errors import Status, make_error

#: The day number (days since 1970-01-01) the C library uses for "unknown"
#: (``CAS_DATE_UNKNOWN``, read from the library).
DATE_UNKNOWN = _ffi.DATE_UNKNOWN
#: The longest field the library accepts, in bytes (``CAS_FIELD_MAX``, read
#: from the library).
FIELD_MAX = _ffi.FIELD_MAX

_OPEN = _ffi.OPEN  # CAS_OPEN: a high with no bound
_NONE = _ffi.NONE  # CAS_NONE: no best estimate
_INT64_MAX = 2 ** 63 - 1
_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()


# ------------------------------------------------------------------ enums

def _noun(cls):
    # "RangeRelation" -> "range relation"
    return re.sub(r"(?<!^)([A-Z])", r" \1", cls.__name__).lower()


class _Named(enum.IntEnum):
    """An enum whose str() is its member's name in lower case."""

    def __str__(self):
        return self.name.lower()


class _Labelled(enum.IntEnum):
    """An enum whose members have the library's stable lower-case names."""

    @property
    def label(self):
        """The library's stable lower-case name of the member, e.g. ``"at_least"``."""
        return self._c_name(self.value).decode("ascii")

    @classmethod
    def from_label(cls, label):
        """The member named ``label`` (as :attr:`label` gives it); raises
        :class:`~casualty.ValidationError` for an unknown name."""
        if isinstance(label, cls):
            return label
        return cls._by_label(label)

    @classmethod
    def _by_label(cls, label):
        for member in cls:
            if member.label == label:
                return member
        raise make_error(Status.VALUE, "unknown %s %r: expected one of %s" % (
            _noun(cls), label, ", ".join(m.label for m in cls)))

    @classmethod
    def _from_c_label(cls, label, from_name, what):
        # Through the library's cas_*_from_name; on failure, the error of
        # the search by label, which lists the names.
        if isinstance(label, cls):
            return label
        out = ctypes.c_int32()
        try:
            from_name(ctypes.byref(out), _encode(label, what))
        except Exception:
            return cls._by_label(label)
        return cls(out.value)

    def __str__(self):
        return self.label

    def __format__(self, spec):
        return format(self.label, spec)


class Qualifier(_Labelled):
    """How a figure was phrased: ``EXACT`` ("1,700"), ``AT_LEAST`` ("at
    least N", "N+"), ``MORE_THAN`` ("more than N"), ``APPROX`` ("about N"),
    ``NEARLY`` ("nearly N"), ``UP_TO`` ("up to N"), ``RANGE`` ("N to M"),
    ``VAGUE`` ("dozens")."""

    EXACT = 0
    AT_LEAST = 1
    MORE_THAN = 2
    APPROX = 3
    NEARLY = 4
    UP_TO = 5
    RANGE = 6
    VAGUE = 7

    @classmethod
    def _c_name(cls, value):
        return lib.cas_qualifier_name(value)

    @classmethod
    def from_label(cls, label):
        """The qualifier named ``label`` ("exact", "at_least", ...), through
        ``cas_qualifier_from_name``; raises :class:`~casualty.ValidationError`."""
        return cls._from_c_label(label, lib.cas_qualifier_from_name, "qualifier")


class Basis(_Labelled):
    """What a figure rests on: ``REPORTED`` (a source's reported count, the
    default), ``DOCUMENTED`` (named, documented victims), ``ESTIMATED`` (a
    statistical estimate), ``PARTY`` (a belligerent's claim)."""

    REPORTED = 0
    DOCUMENTED = 1
    ESTIMATED = 2
    PARTY = 3

    @classmethod
    def _c_name(cls, value):
        return lib.cas_basis_name(value)

    @classmethod
    def from_label(cls, label):
        """The basis named ``label`` ("reported", ...), through
        ``cas_basis_from_name``; raises :class:`~casualty.ValidationError`."""
        return cls._from_c_label(label, lib.cas_basis_from_name, "basis")


class RangeRelation(_Labelled):
    """How a first range relates to a second: ``EQUAL``, ``INSIDE`` (the
    first lies inside the second), ``CONTAINS``, ``OVERLAPPING`` (they meet,
    neither contains the other), ``DISJOINT`` (no count in common)."""

    EQUAL = 0
    INSIDE = 1
    CONTAINS = 2
    OVERLAPPING = 3
    DISJOINT = 4

    @classmethod
    def _c_name(cls, value):
        return lib.cas_range_rel_name(value)


class ScopeRelation(_Labelled):
    """How a first scope relates to a second over its five dimensions:
    ``SAME``, ``WITHIN`` (a part of the second), ``CONTAINS`` (the
    converse), ``OVERLAPPING`` (none of the others), ``DISJOINT`` (some
    dimension has nothing in common)."""

    SAME = 0
    WITHIN = 1
    CONTAINS = 2
    OVERLAPPING = 3
    DISJOINT = 4

    @classmethod
    def _c_name(cls, value):
        return lib.cas_scope_rel_name(value)


class BestRule(_Labelled):
    """How a scope's best is chosen (docs/model.md section 13): ``MEDIAN``
    (the weighted median, the default), ``LOWEST`` (the lowest figure),
    ``PRIORITY`` (the first source of a priority list that gives a figure),
    ``NONE_IF_CONFLICT`` (the median, but none when the sources conflict).
    Labels: ``"median"``, ``"lowest"``, ``"priority"``,
    ``"none-if-conflict"``."""

    MEDIAN = 0
    LOWEST = 1
    PRIORITY = 2
    NONE_IF_CONFLICT = 3

    @classmethod
    def _c_name(cls, value):
        return lib.cas_best_rule_name(value)

    @classmethod
    def from_label(cls, label):
        """The rule named ``label``, through ``cas_best_rule_from_name``."""
        return cls._from_c_label(label, lib.cas_best_rule_from_name, "best rule")


class BestKind(_Labelled):
    """Where a best comes from: ``ABSENT`` (there is none, label ``""``),
    ``REPORTED`` (a figure a source gave), ``MIDPOINT`` (the midpoint of
    two figures, which no source reported), ``SUM`` (a sum of parts'
    bests)."""

    ABSENT = 0
    REPORTED = 1
    MIDPOINT = 2
    SUM = 3

    @classmethod
    def _c_name(cls, value):
        return lib.cas_best_kind_name(value)


# ------------------------------------------------------------------- days

def parse_date(text):
    """Parse an ISO 8601 calendar date ``YYYY-MM-DD`` into a
    :class:`datetime.date` (``cas_date_parse``). Raises
    :class:`~casualty.ParseError` for text of another form or a day that
    does not exist (``"2025-02-29"``)."""
    raw = _encode(text, "date")
    out = ctypes.c_int32()
    try:
        lib.cas_date_parse(ctypes.byref(out), raw, len(raw))
    except Exception as exc:
        raise make_error(exc.status, "expected a real calendar date YYYY-MM-DD, got %r"
                         % (text,)) from None
    return _date_of(out.value)


def format_date(day):
    """The date ``day`` (a :class:`datetime.date`) as ``YYYY-MM-DD``
    (``cas_date_format``)."""
    buf = ctypes.create_string_buffer(16)
    lib.cas_date_format(buf, len(buf), day_number(day))
    return buf.value.decode("ascii")


def day_number(day):
    """The library's day number (days since 1970-01-01) of ``day``, a
    :class:`datetime.date` (``cas_date_from_ymd``); ``None`` gives
    :data:`DATE_UNKNOWN`."""
    if day is None:
        return DATE_UNKNOWN
    if not isinstance(day, datetime.date):
        raise TypeError("expected a datetime.date or None, got %r" % (day,))
    out = ctypes.c_int32()
    lib.cas_date_from_ymd(ctypes.byref(out), day.year, day.month, day.day)
    return out.value


def date_of_day(number):
    """The :class:`datetime.date` of the library's day number ``number``
    (``cas_date_to_ymd``); :data:`DATE_UNKNOWN` gives ``None``. Raises
    :class:`~casualty.ParseError` outside years 1 to 9999."""
    if number == DATE_UNKNOWN:
        return None
    y, m, d = ctypes.c_int32(), ctypes.c_int32(), ctypes.c_int32()
    try:
        lib.cas_date_to_ymd(ctypes.byref(y), ctypes.byref(m), ctypes.byref(d), number)
    except Exception as exc:
        raise make_error(exc.status, "day number %d is outside years 1 to 9999"
                         % number) from None
    return datetime.date(y.value, m.value, d.value)


def _date_of(number):
    # The same proleptic Gregorian calendar as the C library, without a call.
    return None if number == DATE_UNKNOWN else datetime.date.fromordinal(
        number + _EPOCH_ORDINAL)


def _day_of(day, field):
    if day is None:
        return DATE_UNKNOWN
    if isinstance(day, datetime.datetime):
        day = day.date()
    if not isinstance(day, datetime.date):
        raise TypeError("%s: expected a datetime.date or None, got %r" % (field, day))
    return day.toordinal() - _EPOCH_ORDINAL


def _as_date(value, field):
    if value is None or type(value) is datetime.date:
        return value
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    raise TypeError("%s: expected a datetime.date, a 'YYYY-MM-DD' string or None, got %r"
                    % (field, value))


# --------------------------------------------------------- scopes, claims

def _encode(text, field):
    if text is None:
        return b""
    if isinstance(text, bytes):
        raw = text
    elif isinstance(text, str):
        # Lone surrogates pass through so that the library rejects them as
        # invalid UTF-8 with its own message.
        raw = text.encode("utf-8", "surrogatepass")
    else:
        raise TypeError("%s: expected a string, got %r" % (field, text))
    if b"\0" in raw:
        raise make_error(Status.VALUE, "field '%s': contains a NUL character" % field,
                         field=field)
    return raw


def _as_text(value, field):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    raise TypeError("%s: expected a string, got %r" % (field, value))


@dataclasses.dataclass(frozen=True)
class Scope:
    """Which count a claim speaks of: an outcome, a group, a perpetrator, a
    place, a period and an event.

    Paths are slash-separated segments (``"civilians/alawite"``); a path
    contains every path that extends it, and ``""`` means "all". An unknown
    first or last day (``None``) reads as open on that side. Days may be
    given as :class:`datetime.date` or as ``"YYYY-MM-DD"`` strings. The
    ``event`` names one incident (``"ucdp-ged:79973"``): claims on one event
    are rivals, claims on different events add, and a scope with no event
    (``""``) holds every event within its other dimensions
    (docs/model.md section 9).
    """

    outcome: str = ""
    group: str = ""
    perpetrator: str = ""
    place: str = ""
    period_start: Optional[datetime.date] = None
    period_end: Optional[datetime.date] = None
    event: str = ""

    def __post_init__(self):
        for name in ("outcome", "group", "perpetrator", "place", "event"):
            object.__setattr__(self, name, _as_text(getattr(self, name), name))
        for name in ("period_start", "period_end"):
            object.__setattr__(self, name, _as_date(getattr(self, name), name))

    def relation(self, other):
        """How this scope relates to ``other`` (a :class:`Scope` or a
        :class:`Claim`): a :class:`ScopeRelation`."""
        return scope_relation(self, other)

    def _to_c(self, out=None):
        s = _ffi.init(out if out is not None else _ffi.ScopeStruct())
        s.outcome = _encode(self.outcome, "outcome")
        s.group = _encode(self.group, "group")
        s.perpetrator = _encode(self.perpetrator, "perpetrator")
        s.place = _encode(self.place, "place")
        s.period_start = _day_of(self.period_start, "period_start")
        s.period_end = _day_of(self.period_end, "period_end")
        s.event = _encode(self.event, "event")
        return s


def _count(value, field, missing=None):
    # A count for C; ``missing`` is what None stands for in C (_OPEN for a
    # high, _NONE for a best), or None when the count is required.
    if value is None:
        if missing is not None:
            return missing
        raise TypeError("%s: expected a whole number, got None" % field)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("%s: expected a whole number, got %r" % (field, value))
    if value > _INT64_MAX:
        raise make_error(Status.OVERFLOW, "field '%s': %d is larger than the largest count "
                         "(%d)" % (field, value, _INT64_MAX), field=field)
    if value < 0 and missing is not None:
        # A negative number could read as "open" / "no estimate" in C: say so here.
        raise make_error(Status.RANGE, "field '%s': must be >= 0 or None, got %d"
                         % (field, value), field=field)
    if value < -_INT64_MAX:
        raise make_error(Status.RANGE, "field '%s': must be >= 0, got %d" % (field, value),
                         field=field)
    return value


def _of_scope(name, doc):
    # A property of Claim that reads its scope's dimension ``name``.
    return property(operator.attrgetter("scope." + name),
                    doc="%s (``self.scope.%s``)." % (doc, name))


@dataclasses.dataclass(frozen=True)
class Claim:
    """One source's statement about the count of one scope.

    ``low`` to ``high`` is the range the claim allows; ``high=None`` is an
    open end ("at least low"); ``best`` is an optional point estimate.
    ``qualifier`` records how the figure was phrased; left ``None``, it is
    derived as the CSV loader does: ``EXACT`` when low equals high,
    ``AT_LEAST`` when high is open, else ``RANGE``. ``scope`` may be given
    as a :class:`Scope` or as just the outcome (``"killed"``). Strings of
    provenance (``source_kind``, ``relay``, ``citation``, ``quote``) are
    ``""`` when absent. A claim is checked when it is added to a ledger, or
    by :meth:`validate`.
    """

    id: str
    source: str
    scope: Scope
    low: int = 0
    high: Optional[int] = None
    best: Optional[int] = None
    qualifier: Optional[Qualifier] = None
    basis: Basis = Basis.REPORTED
    reported_on: Optional[datetime.date] = None
    source_kind: str = ""
    relay: str = ""
    citation: str = ""
    quote: str = ""

    def __post_init__(self):
        setattr_ = object.__setattr__
        for name in ("id", "source", "source_kind", "relay", "citation", "quote"):
            setattr_(self, name, _as_text(getattr(self, name), name))
        if isinstance(self.scope, str):
            setattr_(self, "scope", Scope(self.scope))
        elif not isinstance(self.scope, Scope):
            raise TypeError("scope: expected a Scope or an outcome string, got %r"
                            % (self.scope,))
        if self.qualifier is None:
            setattr_(self, "qualifier", Qualifier.AT_LEAST if self.high is None else
                     Qualifier.EXACT if self.high == self.low else Qualifier.RANGE)
        else:
            setattr_(self, "qualifier", _enum(Qualifier, self.qualifier, "qualifier"))
        setattr_(self, "basis", _enum(Basis, self.basis, "basis"))
        setattr_(self, "reported_on", _as_date(self.reported_on, "reported_on"))

    # The scope's dimensions, for reading convenience.
    outcome = _of_scope("outcome", "The scope's outcome")
    group = _of_scope("group", "The scope's group")
    perpetrator = _of_scope("perpetrator", "The scope's perpetrator")
    place = _of_scope("place", "The scope's place")
    period_start = _of_scope("period_start", "The scope's first day, or ``None``")
    period_end = _of_scope("period_end", "The scope's last day, or ``None``")
    event = _of_scope("event", "The scope's event, or ``\"\"`` for every event")

    @property
    def figure(self):
        """The claim's figure: its best estimate, else its low bound."""
        return self.low if self.best is None else self.best

    @property
    def is_open(self):
        """True when the range has no upper bound ("at least")."""
        return self.high is None

    def validate(self):
        """Check the claim as adding it to a ledger would
        (``cas_claim_validate``); raises the matching
        :class:`~casualty.CasualtyError` with the library's message, or
        returns ``None``."""
        validate_claim(self)

    def _to_c(self, out=None):
        c = _ffi.init(out if out is not None else _ffi.ClaimStruct())
        c.qualifier = int(self.qualifier)
        c.basis = int(self.basis)
        c.reported_on = _day_of(self.reported_on, "reported_on")
        c.low = _count(self.low, "low")
        c.high = _count(self.high, "high", _OPEN)
        c.best = _count(self.best, "best", _NONE)
        c.id = _encode(self.id, "id")
        c.source = _encode(self.source, "source")
        c.source_kind = _encode(self.source_kind, "source_kind")
        c.relay = _encode(self.relay, "relay")
        c.citation = _encode(self.citation, "citation")
        c.quote = _encode(self.quote, "quote")
        self.scope._to_c(c.scope)
        return c


def _enum(cls, value, field):
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        return cls.from_label(value)
    try:
        return cls(value)
    except ValueError:
        raise make_error(Status.VALUE, "field '%s': unknown %s %r" % (field, _noun(cls), value),
                         field=field) from None


def _text(raw):
    return raw.decode("utf-8") if raw else ""


def scope_from_c(s):
    """A :class:`Scope` copied out of a ``cas_scope`` (internal)."""
    scope = object.__new__(Scope)
    scope.__dict__.update(
        outcome=_text(s.outcome), group=_text(s.group), perpetrator=_text(s.perpetrator),
        place=_text(s.place), period_start=_date_of(s.period_start),
        period_end=_date_of(s.period_end), event=_text(s.event))
    return scope


def claim_from_c(c):
    """A :class:`Claim` copied out of a ``cas_claim`` (internal): every
    string is copied, nothing refers to C memory afterwards."""
    claim = object.__new__(Claim)
    high, best = c.high, c.best
    claim.__dict__.update(
        id=_text(c.id), source=_text(c.source), scope=scope_from_c(c.scope), low=c.low,
        high=None if high == _OPEN else high, best=None if best == _NONE else best,
        qualifier=Qualifier(c.qualifier), basis=Basis(c.basis),
        reported_on=_date_of(c.reported_on), source_kind=_text(c.source_kind),
        relay=_text(c.relay), citation=_text(c.citation), quote=_text(c.quote))
    return claim


# ------------------------------------------------- what results refer to
# Shared by the reconciliation and the propagation (reconcile.py and
# aggregate.py), which both name claims and choose a range of a result.

class ResultRange(_Named):
    """Which range of a scope's result sums and propagation use:
    ``CONSENSUS`` (what every source allows) or ``ENVELOPE`` (what some
    source allows)."""

    CONSENSUS = 0
    ENVELOPE = 1


@dataclasses.dataclass(frozen=True)
class ClaimRef:
    """A claim named by a result: its ``index`` in the ledger, its ``id``
    and ``source``, its range (``high`` None when open) and its figure
    (best, else low)."""

    index: int
    id: str
    source: str
    low: int
    high: Optional[int]
    figure: int


def claim_ref_from_c(c):
    """A :class:`ClaimRef` copied out of a ``cas_claim_ref`` (internal)."""
    high = c.high
    return ClaimRef(c.index, _text(c.id), _text(c.source), c.low,
                    None if high == _OPEN else high, c.figure)


# -------------------------------------------------------------- relations

def validate_claim(claim):
    """Check ``claim`` (a :class:`Claim`) as adding it to a ledger would:
    id, source and outcome not empty, 0 <= low <= high, best within the
    range, an exact claim with low == high, real days, a period that does
    not end before it starts, well-formed paths, valid UTF-8. Raises the
    matching :class:`~casualty.CasualtyError` (a
    :class:`~casualty.ValidationError` for most problems) with the library's
    message naming the field."""
    c = claim._to_c()
    lib.cas_claim_validate(c, _ffi.new_error())


def _scope_of(value):
    if isinstance(value, Claim):
        return value.scope
    if isinstance(value, Scope):
        return value
    if isinstance(value, str):
        return Scope(value)
    raise TypeError("expected a Scope or a Claim, got %r" % (value,))


def scope_relation(a, b):
    """How scope ``a`` relates to scope ``b`` (each a :class:`Scope` or a
    :class:`Claim`, whose scope is used): DISJOINT if any dimension is,
    SAME if all are equal, WITHIN (CONTAINS) if each dimension of ``a`` is
    within (contains) or equal to ``b``'s, else OVERLAPPING."""
    return ScopeRelation(lib.cas_scope_relation(_scope_of(a)._to_c(), _scope_of(b)._to_c()))


def path_relation(a, b):
    """How path ``a`` relates to path ``b``: SAME, WITHIN (``a`` extends
    ``b``), CONTAINS (``b`` extends ``a``) or DISJOINT; ``""`` means all."""
    return ScopeRelation(lib.cas_path_relation(_encode(a, "a"), _encode(b, "b")))


def _range_arg(low, high, which):
    lo = _count(low, which + " low")
    if lo < 0:
        raise make_error(Status.RANGE, "%s low must be >= 0, got %d" % (which, lo))
    hi = _count(high, which + " high", _OPEN)
    if hi != _OPEN and hi < lo:
        raise make_error(Status.RANGE, "%s high %d is below its low %d" % (which, hi, lo))
    return lo, hi


def range_relation(alow, ahigh, blow, bhigh):
    """How range ``[alow, ahigh]`` relates to ``[blow, bhigh]`` (``None`` for
    an open high): a :class:`RangeRelation`. Raises
    :class:`~casualty.ValidationError` for a range that is not one
    (negative, or high below low)."""
    a = _range_arg(alow, ahigh, "first")
    b = _range_arg(blow, bhigh, "second")
    return RangeRelation(lib.cas_range_relation(a[0], a[1], b[0], b[1]))


DateLike = Union[datetime.date, str, None]
