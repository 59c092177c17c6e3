# SPDX-License-Identifier: MIT
"""Multiple systems estimation (capture-recapture): how many deaths the
overlaps between several lists imply (docs/model.md section 7, docs/mse.md).

A :class:`MseTable` holds a capture-history table: for K = 2 to 6 lists, the
number of records of every non-empty *pattern* of list membership. A
pattern is a number from 1 to 2**K - 1 whose bit j is set when the record is
on list j, or the same as text of K characters '0'/'1', the first for the
first list ("001" is pattern 4: on the third list only).

A log-linear *model* is a mask over the sets of lists: bit s is set when the
interaction term of the set of lists s is in the model; 0 is independence.
:func:`parse_model` reads the usual notation ("[12,13]"), and
:func:`format_model` writes it.

Estimates (:class:`MseEstimate`) and model selections
(:class:`MseSelection`) are copied out of the library whole: they are plain
values, and :meth:`MseEstimate.to_claim` turns one into a
:class:`~casualty.Claim` of basis ``ESTIMATED`` for a ledger.
"""

import ctypes
import dataclasses
import enum
from typing import Optional, Tuple

from . import _ffi, _util
from ._ffi import lib
from ._handle import Owned
from .errors import CasualtyError, Status, as_status, make_error
from .types import Scope, _encode, _Named, claim_from_c

#: The most lists a table may have.
MSE_MAX_LISTS = 6
#: The independence model: main effects only.
MSE_INDEPENDENCE = 0


class MseMethod(_Named):
    """Estimators: ``LINCOLN_PETERSEN`` and ``CHAPMAN`` (two lists, closed
    forms) and ``LOGLINEAR`` (a hierarchical log-linear model)."""

    LINCOLN_PETERSEN = 0
    CHAPMAN = 1
    LOGLINEAR = 2


class MseInterval(_Named):
    """Kinds of confidence interval: ``WALD`` (N-hat +- z SE), ``LOGNORMAL``
    (Chao 1987) and ``PROFILE`` (profile likelihood, log-linear models)."""

    WALD = 0
    LOGNORMAL = 1
    PROFILE = 2


class MseCriterion(_Named):
    """Model selection criteria: ``AIC`` and ``BIC``."""

    AIC = 0
    BIC = 1


class IntervalFlag(enum.IntFlag):
    """Flags of an interval: ``LOW_AT_OBSERVED`` (the lower bound is the
    observed count n) and ``HIGH_NOT_FOUND`` (no upper bound was found: it
    is infinite, and a claim made from it is open)."""

    NONE = 0
    LOW_AT_OBSERVED = 1
    HIGH_NOT_FOUND = 2


@dataclasses.dataclass(frozen=True)
class MseIntervalBounds:
    """One confidence interval: ``low`` (at least the observed count),
    ``high`` (``math.inf`` when not found) and its :class:`IntervalFlag`."""

    low: float
    high: float
    flags: IntervalFlag


@dataclasses.dataclass(frozen=True)
class MseCoefficient:
    """A coefficient of a log-linear fit: the ``term`` (a set of lists as a
    mask; 0 is the intercept), its ``value`` and standard error ``se``."""

    term: int
    value: float
    se: float


@dataclasses.dataclass(frozen=True)
class MseEstimate:
    """One estimate of the total N, observed and unobserved.

    ``n_hat`` with standard error ``se``; ``low``/``high`` the interval used
    for claims (``interval``, with ``interval_flags``); ``intervals`` every
    interval computed, by :class:`MseInterval`. For log-linear fits:
    ``model`` (mask) and ``model_text``, ``params``, ``df``, ``deviance``,
    ``loglik``, ``aic``, ``bic``, ``profile_mode``, ``iterations``,
    ``coefficients``; statistics that do not apply are NaN. ``fitted[p]`` is
    the fitted count of pattern p (``fitted[0]`` the unobserved count
    N-hat - n; None where not defined). ``source`` names method, model and
    lists.
    """

    method: MseMethod
    lists: int
    observed: int
    n_hat: float
    se: float
    low: float
    high: float
    level: float
    interval: MseInterval
    interval_flags: IntervalFlag
    intervals: dict
    model: int
    model_text: str
    source: str
    params: int
    df: int
    iterations: int
    deviance: float
    loglik: float
    aic: float
    bic: float
    profile_mode: float
    coefficients: Tuple[MseCoefficient, ...]
    fitted: Tuple[Optional[float], ...]
    _claim: object = dataclasses.field(default=None, repr=False, compare=False)

    def to_claim(self, id, scope=None):
        """A :class:`~casualty.Claim` of this estimate: ``low``/``high`` the
        claim interval rounded outward (open when not found), ``best``
        N-hat rounded, qualifier ``APPROX``, basis ``ESTIMATED``, ``source``
        as :attr:`source`, and a quote that gives the numbers. ``scope``
        (a :class:`~casualty.Scope`) says what it counts."""
        return _to_claim(self._claim, id, scope)


@dataclasses.dataclass(frozen=True)
class MseRankedModel:
    """A model of a selection: its ``estimate``, its ``criterion`` value
    and ``delta``, the difference from the best."""

    estimate: MseEstimate
    criterion: float
    delta: float


@dataclasses.dataclass(frozen=True)
class MseFailedModel:
    """A model tried by a selection that gave no estimate: its ``model``
    mask and text, the :class:`~casualty.Status` of its fit and the
    library's ``message``."""

    model: int
    model_text: str
    status: Status
    message: str


@dataclasses.dataclass(frozen=True)
class MseSelection:
    """Every model a selection fitted, ranked (``ranked[0]`` is chosen),
    those that failed, and how the well-supported models' estimates spread:
    ``supported`` models within ``support`` of the best, whose N-hat lies
    in ``[n_hat_min, n_hat_max]`` and whose intervals reach from
    ``low_min`` to ``high_max``."""

    criterion: MseCriterion
    ranked: Tuple[MseRankedModel, ...]
    failed: Tuple[MseFailedModel, ...]
    chosen: int
    supported: int
    support: float
    interval_flags: IntervalFlag
    n_hat_min: float
    n_hat_max: float
    low_min: float
    high_max: float
    _claim: object = dataclasses.field(default=None, repr=False, compare=False)

    @property
    def best(self):
        """The chosen model's :class:`MseEstimate`."""
        return self.ranked[0].estimate

    def to_claim(self, id, scope=None):
        """A :class:`~casualty.Claim` that carries the model uncertainty:
        the widest interval of the well-supported models, best the chosen
        model's N-hat, qualifier ``APPROX``, basis ``ESTIMATED``."""
        return _to_claim(self._claim, id, scope)


def _to_claim(template, id, scope):
    if isinstance(template, CasualtyError):
        raise template
    if scope is not None and not isinstance(scope, Scope):
        raise TypeError("scope: expected a Scope or None, got %r" % (scope,))
    return dataclasses.replace(template, id=id, scope=scope if scope is not None else Scope())


def _claim_template(call, *args):
    out = _ffi.sized(_ffi.ClaimStruct)
    try:
        call(*args, b"", None, out, _ffi.new_error())
    except CasualtyError as exc:
        return exc
    return claim_from_c(out)


# ------------------------------------------------------------------ models

def parse_model(text, lists):
    """The model mask of ``text``: terms of 1-based list numbers such as
    ``"[12,13,14]"``, ``"independence"`` or ``"[]"``, or ``"two-way"``;
    closed downwards. Raises :class:`~casualty.ParseError` with the
    position of the problem in ``column``."""
    out = ctypes.c_uint64()
    lib.cas_mse_model_parse(ctypes.byref(out), _encode(text, "model"), lists, _ffi.new_error())
    return out.value


def format_model(model, lists):
    """The model mask ``model`` of ``lists`` lists as text, e.g.
    ``"[12,134]"`` or ``"independence"``."""
    buf = ctypes.create_string_buffer(128)
    try:
        lib.cas_mse_model_format(buf, len(buf), model, lists)
    except CasualtyError:
        raise make_error(Status.ARG, "model %#x is not a model of %d lists" % (model, lists)) \
            from None
    return buf.value.decode("ascii")


def two_way_model(lists):
    """The model with every two-way interaction of ``lists`` lists."""
    return lib.cas_mse_model_two_way(lists)


def _model(model, lists):
    if isinstance(model, str):
        return parse_model(model, lists)
    if isinstance(model, bool) or not isinstance(model, int) or not 0 <= model < 2 ** 64:
        raise TypeError("model: expected a mask or a model text, got %r" % (model,))
    return model


def _options(level=0.95, criterion=MseCriterion.AIC, max_iterations=0, support=2.0,
             allow_saturated=False, profile=True):
    opts = _ffi.sized(_ffi.MseOptionsStruct)
    opts.level = float(level)
    opts.criterion = int(MseCriterion(criterion))
    opts.max_iterations = int(max_iterations)
    opts.support = float(support)
    opts.flags = (1 if allow_saturated else 0) | (0 if profile else 2)
    return opts


# ------------------------------------------------------------------ tables

class MseTable(Owned, docs={
        "close": "Free the C table now. Estimates already made stay valid."}):
    """A capture-history table of K = 2 to 6 lists.

    ``MseTable(counts, names=None)``: ``counts`` is either a sequence of
    2**K - 1 counts (``counts[p - 1]`` for pattern p) or a mapping from
    patterns (numbers, or '0'/'1' texts) to counts, every non-empty pattern
    present; ``names`` are the lists' names (default "1" to "K").
    :meth:`load` and :meth:`from_csv_text` read the CSV of docs/mse.md.

    :meth:`two_list`, :meth:`fit` and :meth:`select` estimate N. The table
    owns a C handle: :meth:`close`, ``with``, or garbage collection free it.
    """

    def __init__(self, counts, names=None):
        if isinstance(counts, dict):
            lists = len(names) if names is not None else _lists_of(counts)
            values = [None] * (2 ** lists - 1)
            for pattern, count in counts.items():
                values[_pattern(pattern, lists) - 1] = count
            if None in values:
                missing = values.index(None) + 1
                raise make_error(Status.MISSING, "pattern %s has no count"
                                 % _pattern_text(missing, lists))
        else:
            values = list(counts)
            lists = (len(values) + 1).bit_length() - 1
            if 2 ** lists - 1 != len(values):
                raise make_error(Status.ARG, "expected 2**K - 1 counts (3, 7, 15, 31 or 63), "
                                 "got %d" % len(values))
        array = (ctypes.c_int64 * len(values))(*values)
        c_names = None
        if names is not None:
            names = list(names)
            c_names = (ctypes.c_char_p * len(names))(*[_encode(n, "names") for n in names])
            if len(names) != lists:
                raise make_error(Status.ARG, "expected %d names, got %d" % (lists, len(names)))
        out = _ffi.TABLE_P()
        lib.cas_mse_table_new(ctypes.byref(out), lists, c_names, array, _ffi.new_error())
        self._adopt(out)

    def _adopt(self, pointer):
        self._own(pointer, lib.cas_mse_table_free, "table")
        self.lists = lib.cas_mse_table_lists(pointer)
        self.names = tuple(_util.text(lib.cas_mse_table_name(pointer, j))
                           for j in range(self.lists))

    @classmethod
    def load(cls, path):
        """A table read from the CSV file ``path``: one 0/1 column per list
        (named by its header) and ``count``; every non-empty pattern once.
        Errors carry file, line, column and field."""
        out = _ffi.TABLE_P()
        lib.cas_mse_table_load(ctypes.byref(out), _util.fspath(path), _ffi.new_error())
        table = cls.__new__(cls)
        table._adopt(out)
        return table

    @classmethod
    def from_csv_text(cls, text, name=None):
        """A table read from CSV ``text`` (``str`` or ``bytes``); ``name``
        stands for the file name in messages."""
        data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
        out = _ffi.TABLE_P()
        lib.cas_mse_table_load_buffer(ctypes.byref(out), data, len(data),
                                      None if name is None else _encode(name, "name"),
                                      _ffi.new_error())
        table = cls.__new__(cls)
        table._adopt(out)
        return table

    def __repr__(self):
        if self.closed:
            return "<casualty.MseTable (closed)>"
        return "<casualty.MseTable of %d lists (%s), %d observed>" % (
            self.lists, ", ".join(self.names), self.observed)

    @property
    def observed(self):
        """n, the number of records on at least one list."""
        return lib.cas_mse_table_observed(self._c())

    def count(self, pattern):
        """The count of ``pattern`` (a number from 1 to 2**K - 1, or text
        such as ``"101"``)."""
        out = ctypes.c_int64()
        try:
            lib.cas_mse_table_count(self._c(), _pattern(pattern, self.lists),
                                    ctypes.byref(out))
        except LookupError:
            raise make_error(Status.NOT_FOUND, "pattern %r is not one of a table of %d lists"
                             % (pattern, self.lists)) from None
        return out.value

    @property
    def counts(self):
        """Every count, ``counts[p - 1]`` for pattern p."""
        return [self.count(p) for p in range(1, 2 ** self.lists)]

    # ---- estimates

    def two_list(self, method=MseMethod.CHAPMAN, level=0.95):
        """A two-list estimate (``CHAPMAN`` or ``LINCOLN_PETERSEN``) with
        Wald and log-normal intervals. Raises
        :class:`~casualty.EstimationError` when no record is on both lists."""
        out = _ffi.ESTIMATE_P()
        lib.cas_mse_two_list(ctypes.byref(out), self._c(), int(MseMethod(method)),
                             _options(level=level), _ffi.new_error())
        return _take_estimate(out)

    def fit(self, model=MSE_INDEPENDENCE, **options):
        """Fit one hierarchical log-linear ``model`` (a mask, or text for
        :func:`parse_model`) and return its :class:`MseEstimate`.

        Options: ``level`` (0.95), ``allow_saturated`` (False: a model with
        no degrees of freedom left raises :class:`~casualty.EstimationError`),
        ``profile`` (True: compute the profile-likelihood interval),
        ``max_iterations`` (0: 200). A fit whose maximum-likelihood estimate
        does not exist, or that does not converge, raises
        :class:`~casualty.EstimationError` with the library's reason.
        """
        out = _ffi.ESTIMATE_P()
        lib.cas_mse_fit(ctypes.byref(out), self._c(), _model(model, self.lists),
                        _options(**options), _ffi.new_error())
        return _take_estimate(out)

    def select(self, **options):
        """Fit every hierarchical model (3 or 4 lists) or search stepwise (5
        or 6), rank them by ``criterion`` (AIC unless given) and return the
        :class:`MseSelection`. Options as for :meth:`fit`, plus
        ``criterion`` and ``support`` (2.0: the models within it of the best
        are "well supported")."""
        out = _ffi.SELECTION_P()
        lib.cas_mse_select(ctypes.byref(out), self._c(), _options(**options), _ffi.new_error())
        try:
            return _selection_from_c(out, self.lists)
        finally:
            lib.cas_mse_selection_free(out)


def _lists_of(counts):
    for pattern in counts:
        if isinstance(pattern, str):
            return len(pattern)
    top = max(counts) if counts else 0
    return max(2, top.bit_length())


def _pattern(pattern, lists):
    if isinstance(pattern, str):
        if len(pattern) != lists or set(pattern) - {"0", "1"}:
            raise make_error(Status.VALUE, "pattern %r: expected %d characters 0 or 1"
                             % (pattern, lists))
        value = sum(1 << j for j, ch in enumerate(pattern) if ch == "1")
    else:
        value = int(pattern)
    if not 1 <= value < 2 ** lists:
        raise make_error(Status.VALUE, "pattern %r is not one of %d lists" % (pattern, lists))
    return value


def _pattern_text(pattern, lists):
    return "".join("1" if pattern >> j & 1 else "0" for j in range(lists))


def _estimate_from_c(e):
    s = _ffi.sized(_ffi.MseSummaryStruct)
    lib.cas_mse_estimate_summary(e, s)
    intervals = {}
    low, high, flags = ctypes.c_double(), ctypes.c_double(), ctypes.c_uint32()
    for kind in MseInterval:
        try:
            lib.cas_mse_estimate_interval(e, int(kind), ctypes.byref(low), ctypes.byref(high),
                                          ctypes.byref(flags))
        except LookupError:
            continue
        intervals[kind] = MseIntervalBounds(low.value, high.value, IntervalFlag(flags.value))
    coefficients = []
    term, value, se = ctypes.c_uint64(), ctypes.c_double(), ctypes.c_double()
    for i in range(lib.cas_mse_estimate_coef_count(e)):
        lib.cas_mse_estimate_coef(e, i, ctypes.byref(term), ctypes.byref(value),
                                  ctypes.byref(se))
        coefficients.append(MseCoefficient(term.value, value.value, se.value))
    fitted = []
    cell = ctypes.c_double()
    for pattern in range(2 ** s.lists):
        try:
            lib.cas_mse_estimate_fitted(e, pattern, ctypes.byref(cell))
        except LookupError:
            fitted.append(None)
            continue
        fitted.append(cell.value)
    return MseEstimate(
        MseMethod(s.method), s.lists, s.observed, s.n_hat, s.se, s.low, s.high, s.level,
        MseInterval(s.interval), IntervalFlag(s.interval_flags), intervals, s.model,
        _util.text(lib.cas_mse_estimate_model(e)), _util.text(lib.cas_mse_estimate_source(e)),
        s.params, s.df, s.iterations, s.deviance, s.loglik, s.aic, s.bic, s.profile_mode,
        tuple(coefficients), tuple(fitted),
        _claim_template(lib.cas_mse_estimate_claim, e))


def _take_estimate(pointer):
    try:
        return _estimate_from_c(pointer)
    finally:
        lib.cas_mse_estimate_free(pointer)


def _selection_from_c(sel, lists):
    ranked = []
    criterion, delta = ctypes.c_double(), ctypes.c_double()
    for rank in range(lib.cas_mse_selection_count(sel)):
        lib.cas_mse_selection_score(sel, rank, ctypes.byref(criterion), ctypes.byref(delta))
        ranked.append(MseRankedModel(_estimate_from_c(lib.cas_mse_selection_get(sel, rank)),
                                     criterion.value, delta.value))
    failed = []
    model, status, message = ctypes.c_uint64(), ctypes.c_int32(), ctypes.c_char_p()
    for i in range(lib.cas_mse_selection_failed_count(sel)):
        lib.cas_mse_selection_failed(sel, i, ctypes.byref(model), ctypes.byref(status),
                                     ctypes.byref(message))
        failed.append(MseFailedModel(model.value, format_model(model.value, lists),
                                     as_status(status.value), _util.text(message.value)))
    s = _ffi.sized(_ffi.MseSpreadStruct)
    lib.cas_mse_selection_spread(sel, s)
    return MseSelection(MseCriterion(s.criterion), tuple(ranked), tuple(failed), s.chosen,
                        s.supported, s.support, IntervalFlag(s.interval_flags), s.n_hat_min,
                        s.n_hat_max, s.low_min, s.high_max,
                        _claim_template(lib.cas_mse_selection_claim, sel))

