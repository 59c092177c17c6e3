# SPDX-License-Identifier: MIT
"""The ledger: a collection of claims, loaded from and saved to CSV.

A :class:`Ledger` owns a C ``cas_ledger``. It is freed by :meth:`Ledger.close`,
at the end of a ``with`` block, or when the object is garbage collected,
whichever comes first. Claims read from it are copies: they stay valid
after the ledger is closed. Results that read the ledger's memory (a
reconciliation, a propagation, a source matrix) keep the ledger alive while
they are in use, and are closed with it.
"""

import ctypes
import dataclasses
import typing
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Union

from . import _ffi, _util
from ._ffi import lib
from ._handle import Owned
from .errors import (CasualtyError, NotFoundError, Status, ValidationError, as_status,
                     make_error)
from .types import (Basis, Claim, PathLike, Qualifier, Scope, ScopeRelation, _date_of, _encode,
                    scope_from_c)

if typing.TYPE_CHECKING:  # pragma: no cover
    import pandas

    from .compare import Comparison
    from .matrix import SourceMatrix
    from .reconcile import Reconciliation
    from .types import BestRule
    from .vocab import Vocabulary

_SAME_AND_PARTS = (ScopeRelation.SAME, ScopeRelation.WITHIN)
_OPEN, _NONE = _ffi.OPEN, _ffi.NONE


@dataclasses.dataclass(frozen=True)
class Reject:
    """A CSV row that a lenient load set aside, and why.

    ``message`` is the library's full message (``"file:line:column: field
    'low': ..."``); ``line`` is the row's first line, ``column`` the 1-based
    position of the bad field in the row (0 when the row as a whole is bad),
    ``field`` its column name, ``file`` the file name given to the load.
    """

    status: Status
    message: str
    line: int
    column: int
    field: str
    file: str

    def __str__(self) -> str:
        return self.message

    @property
    def error(self) -> CasualtyError:
        """The exception a strict load would have raised for this row."""
        return make_error(self.status, self.message, self.line, self.column, self.field,
                          self.file)


def _path(path, what="path"):
    return _util.fspath(path, what)


# Read unguarded: Ledger._get runs with the family's lock held already.
_ledger_get = getattr(lib.cas_ledger_get, "__wrapped__", lib.cas_ledger_get)

class Ledger(Owned, _util.Records, docs={
        "close": """Free the C ledger now, after closing the results that read it.
        Claims already read stay valid. Closing twice is harmless.""",
        "closed": "True once the ledger has been closed."}):
    """A collection of claims, looked up by index or id, selected by scope,
    with revisions tracked (a source's latest report on a scope is current;
    its older ones are superseded).

    ``Ledger()`` is empty; ``Ledger(claims)`` adds each claim of an iterable.
    Use it as a context manager, or call :meth:`close`, to free its memory
    at a known point; otherwise it is freed when collected. After closing,
    every method raises :class:`~casualty.ClosedError`.

    The ledger is a sequence of :class:`~casualty.Claim`: ``len(ledger)``,
    ``ledger[i]`` (negative indices and slices too), ``for claim in
    ledger``, and ``claim_id in ledger``.
    """

    def __init__(self, claims: Optional[Iterable[Claim]] = None,
                 vocabulary: Optional["Vocabulary"] = None) -> None:
        pointer = _ffi.LEDGER_P()
        lib.cas_ledger_new(ctypes.byref(pointer))
        self._own(pointer, lib.cas_ledger_free, "ledger")
        self._cache = ({}, {}, {})  # see _get()
        if vocabulary is not None:
            self.set_vocabulary(vocabulary)
        if claims is not None:
            for claim in claims:
                self.add(claim)

    # ---- life cycle

    @classmethod
    def from_csv(cls, path: PathLike, lenient: bool = False) -> Any:
        """A new ledger with the claims of the CSV file ``path`` (see
        :meth:`load_csv`). With ``lenient=True``, returns ``(ledger,
        rejects)``."""
        ledger = cls()
        try:
            rejects = ledger.load_csv(path, lenient=lenient)
        except BaseException:
            ledger.close()
            raise
        return (ledger, rejects) if lenient else ledger

    @classmethod
    def from_csv_text(cls, text: Union[str, bytes], name: Optional[PathLike] = None,
                      lenient: bool = False) -> Any:
        """A new ledger with the claims of the CSV ``text`` (see
        :meth:`load_csv_text`). With ``lenient=True``, returns ``(ledger,
        rejects)``."""
        ledger = cls()
        try:
            rejects = ledger.load_csv_text(text, name=name, lenient=lenient)
        except BaseException:
            ledger.close()
            raise
        return (ledger, rejects) if lenient else ledger

    @classmethod
    def from_dataframe(cls, frame: "pandas.DataFrame",
                       vocabulary: Optional["Vocabulary"] = None) -> "Ledger":
        """A new ledger with a claim per row of the pandas DataFrame
        ``frame``, in row order, whose columns are those of
        :meth:`to_dataframe` (the CSV's, docs/csv.md): ``id``, ``source``,
        ``outcome`` and ``low`` are required, the others optional (a
        ``current`` column is ignored). Missing values (``<NA>``, NaN,
        None, NaT) are an open ``high``, no ``best``, an unknown day, an
        empty string; ``qualifier`` and ``basis`` take labels or enums;
        days take ``datetime64``, dates or ``"YYYY-MM-DD"``. A bad row
        raises the error adding it would, its message prefixed with the
        row (``line`` is its 1-based position), and no ledger is made.
        ``vocabulary`` is given to the ledger before the claims."""
        from . import frames
        return frames.ledger_from_frame(cls, frame, vocabulary)

    def to_dataframe(self) -> "pandas.DataFrame":
        """The claims as a pandas DataFrame, a row per claim in index order
        and a column per CSV field (docs/csv.md) plus ``current``: counts
        as nullable ``Int64`` (an open ``high``, a missing ``best`` are
        ``<NA>``), ``qualifier`` and ``basis`` as categoricals of their
        labels, days as ``datetime64`` (``NaT`` unknown).
        :meth:`from_dataframe` reads it back. Needs pandas."""
        from . import frames
        return frames.ledger_frame(self)

    # ---- the sequence of claims

    _RECORD = _ffi.ClaimView

    def __len__(self) -> int:
        return lib.cas_ledger_count(self._c())

    def _get(self, index, view):
        # The ledger stores each distinct string once and never moves it
        # until it is freed: decode a string once per pointer, make one
        # (immutable) Scope per distinct scope, one date per day number.
        _ledger_get(self._c(), index, view)
        strings, scopes, days = self._cache
        p = view.source_kind, view.relay, view.citation, view.source
        texts = [strings.get(x) for x in p]
        if None in texts:
            texts = [_string(strings, x) for x in p]
        key = (view.outcome, view.group, view.perpetrator, view.place, view.period_start,
               view.period_end, view.event)
        scope = scopes.get(key)
        if scope is None:
            scope = object.__new__(Scope)
            scope.__dict__.update(
                outcome=_string(strings, key[0]), group=_string(strings, key[1]),
                perpetrator=_string(strings, key[2]), place=_string(strings, key[3]),
                period_start=_day(days, key[4]), period_end=_day(days, key[5]),
                event=_string(strings, key[6]))
            scopes[key] = scope
        high, best, reported = view.high, view.best, view.reported_on
        claim = object.__new__(Claim)
        claim.__dict__.update(
            id=view.id.decode("utf-8"), source=texts[3], scope=scope, low=view.low,
            high=None if high == _OPEN else high, best=None if best == _NONE else best,
            qualifier=_QUALIFIERS[view.qualifier], basis=_BASES[view.basis],
            reported_on=days[reported] if reported in days else _day(days, reported),
            source_kind=texts[0], relay=texts[1], citation=texts[2],
            quote=(view.quote or b"").decode("utf-8"))
        return claim

    def __getitem__(self, index: Union[int, slice]) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        try:
            index = index.__index__()
        except AttributeError:
            raise TypeError("ledger indices must be integers or slices, not %s"
                            % type(index).__name__) from None
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("ledger index out of range")
        return self._get_locked(index, self._struct())

    def __contains__(self, item: object) -> bool:
        claim_id = item.id if isinstance(item, Claim) else item
        if not isinstance(claim_id, str):
            return False
        try:
            index = self.find(claim_id)
        except (NotFoundError, ValidationError):
            return False
        return not isinstance(item, Claim) or self[index] == item

    def __repr__(self) -> str:
        if self.closed:
            return "<casualty.Ledger (closed)>"
        return "<casualty.Ledger with %d claims>" % len(self)

    # ---- lookups

    def find(self, claim_id: str) -> int:
        """The index of the claim with id ``claim_id``; raises
        :class:`~casualty.NotFoundError` when there is none."""
        index = ctypes.c_size_t()
        try:
            lib.cas_ledger_find(self._c(), _encode(claim_id, "id"), ctypes.byref(index))
        except LookupError:
            raise make_error(Status.NOT_FOUND, "no claim with id %r in the ledger"
                             % (claim_id,), field="id") from None
        return index.value

    def get(self, claim_id: str, default: Any = None) -> Any:
        """The claim with id ``claim_id``, or ``default`` when there is none."""
        try:
            return self[self.find(claim_id)]
        except LookupError:
            return default

    # ---- the vocabulary (docs/model.md section 10)

    def set_vocabulary(self, vocabulary: "Vocabulary") -> None:
        """Give the ledger its own copy of ``vocabulary`` (a
        :class:`~casualty.Vocabulary`), before any claim is added. A new
        ledger has the default vocabulary. Paths are stored in their
        canonical spelling; :meth:`original_scope` gives them as written.
        Raises :class:`~casualty.ArgumentError` once the ledger holds
        claims."""
        from .vocab import Vocabulary
        if not isinstance(vocabulary, Vocabulary):
            raise TypeError("expected a Vocabulary, got %r" % (vocabulary,))
        lib.cas_ledger_set_vocabulary(self._c(), vocabulary._c(), _ffi.new_error())

    @property
    def vocabulary(self) -> "Vocabulary":
        """A copy of the ledger's vocabulary (a :class:`~casualty.Vocabulary`)."""
        from .vocab import Vocabulary
        text = ctypes.c_void_p()
        n = ctypes.c_size_t()
        vocab = lib.cas_ledger_vocabulary(self._c())
        lib.cas_vocab_save_string(ctypes.byref(text), ctypes.byref(n), vocab, _ffi.new_error())
        try:
            data = ctypes.string_at(text, n.value)
        finally:
            lib.cas_free(text)
        return Vocabulary.from_text(data, "ledger vocabulary")

    def original_scope(self, index: int) -> Scope:
        """The scope of the claim at ``index`` with its paths as they were
        given, before the vocabulary put them in canonical spelling
        (``ledger[index].scope`` is canonical)."""
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("ledger index out of range")
        out = _ffi.sized(_ffi.ScopeStruct)
        lib.cas_ledger_original(self._c(), index, out, None)
        return scope_from_c(out)

    def is_current(self, index: int) -> bool:
        """Whether the claim at ``index`` is current (True), or superseded by a
        later report of the same source on the same scope (False)."""
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("ledger index out of range")
        current = ctypes.c_int32()
        lib.cas_ledger_is_current(self._c(), index, ctypes.byref(current))
        return bool(current.value)

    def select(self, scope: Scope,
               relations: Union[ScopeRelation, Iterable[ScopeRelation]] = _SAME_AND_PARTS,
               current_only: bool = False) -> List[int]:
        """The indices of the claims whose scope stands in one of
        ``relations`` to ``scope``, in ascending order of claim id.

        ``scope`` is a :class:`~casualty.Scope`; the claim's scope is the
        first operand, so ``ScopeRelation.WITHIN`` selects claims about parts
        of ``scope``. ``relations`` is one :class:`~casualty.ScopeRelation` or
        an iterable of them; the default, SAME and WITHIN, means "this scope
        and its parts". ``current_only`` leaves superseded claims out. One C
        call, whatever the number of claims.
        """
        if isinstance(relations, (int, ScopeRelation)):
            relations = (relations,)
        mask = 0
        for rel in relations:
            mask |= 1 << int(ScopeRelation(rel))
        if not isinstance(scope, Scope):
            raise TypeError("expected a Scope, got %r" % (scope,))
        c_scope = scope._to_c()
        capacity = len(self)
        indices = (ctypes.c_size_t * max(capacity, 1))()
        count = ctypes.c_size_t()
        lib.cas_ledger_select(self._c(), c_scope, mask, 1 if current_only else 0,
                              indices, capacity, ctypes.byref(count))
        return indices[:count.value]

    # ---- adding claims

    def add(self, claim: Claim) -> int:
        """Add a copy of ``claim`` (a :class:`~casualty.Claim`) and return its
        index. It is validated first (see :meth:`Claim.validate`); an id
        already in the ledger raises :class:`~casualty.DuplicateError`. On
        failure nothing is added."""
        if not isinstance(claim, Claim):
            raise TypeError("expected a Claim, got %r" % (claim,))
        c = claim._to_c()
        lib.cas_ledger_add(self._c(), c, _ffi.new_error())
        return len(self) - 1

    def load_csv(self, path: PathLike, lenient: bool = False) -> Optional[List[Reject]]:
        """Load the claims of the CSV file ``path`` (the schema is in
        docs/csv.md), in one C call.

        Strict (the default): all rows or none; the first bad row raises
        the matching :class:`~casualty.CasualtyError` (a
        :class:`~casualty.ParseError` or :class:`~casualty.ValidationError`
        for a bad row) whose ``line``, ``column``, ``field`` and ``file`` say
        where, and the ledger is left as it was. Returns ``None``.

        Lenient: the good rows are added and the bad ones returned as a list
        of :class:`Reject`. A problem with the file as a whole (unreadable,
        bad header, broken quoting, empty) still raises and adds nothing.
        """
        raw = _path(path)
        err = _ffi.new_error()
        if not lenient:
            lib.cas_csv_load(self._c(), raw, err)
            return None
        rejects = _ffi.REJECTS_P()
        lib.cas_csv_load_lenient(self._c(), raw, ctypes.byref(rejects), err)
        return _take_rejects(rejects)

    def load_csv_text(self, text: Union[str, bytes], name: Optional[PathLike] = None,
                      lenient: bool = False) -> Optional[List[Reject]]:
        """Load claims from CSV ``text`` (``str`` or UTF-8 ``bytes``), as
        :meth:`load_csv` does from a file; ``name`` stands for the file name
        in error messages."""
        if isinstance(text, str):
            data = text.encode("utf-8", "surrogatepass")
        elif isinstance(text, (bytes, bytearray, memoryview)):
            data = bytes(text)
        else:
            raise TypeError("expected str or bytes, got %s" % type(text).__name__)
        c_name = None if name is None else _path(name, "name")
        err = _ffi.new_error()
        if not lenient:
            lib.cas_csv_load_buffer(self._c(), data, len(data), c_name, err)
            return None
        rejects = _ffi.REJECTS_P()
        lib.cas_csv_load_buffer_lenient(self._c(), data, len(data), c_name,
                                        ctypes.byref(rejects), err)
        return _take_rejects(rejects)

    # ---- reading the field's datasets (casualty/import.h)

    def import_file(self, fmt: str, path: PathLike, **options: Any) -> None:
        """Append the claims of the dataset ``path`` in format ``fmt``
        (:func:`casualty.import_formats` lists them; docs/real-data.md gives
        each mapping), all or none. ``options``: ``delimiter`` (one
        character), ``na`` (a list of missing-value codes), ``encoding``
        ("utf-8", "latin1" or "cp1252"), ``source``, ``mapping`` (the
        mapping file of the format "mapping"), ``groups`` (for "tfp": True also
        imports the children and women killed, each as its own series)."""
        opts = _import_options(options)
        lib.cas_import(self._c(), fmt.encode(), _path(path), opts, _ffi.new_error())

    def import_text(self, fmt: str, text: Union[str, bytes], name: Optional[PathLike] = None,
                    **options: Any) -> None:
        """As :meth:`import_file`, from ``text`` (``str`` or ``bytes``);
        ``name`` stands for the file name in error messages."""
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        opts = _import_options(options)
        c_name = None if name is None else _path(name, "name")
        lib.cas_import_buffer(self._c(), fmt.encode(), data, len(data), c_name, opts,
                              _ffi.new_error())

    # ---- comparing and reconciling

    def compare(self, first: int, second: int) -> "Comparison":
        """Compare the claims at positions ``first`` and ``second``: a
        :class:`~casualty.Comparison` (see :func:`casualty.compare`)."""
        from .compare import compare_at
        n = len(self)
        first, second = [i + n if i < 0 else i for i in (first, second)]
        for i in (first, second):
            if not 0 <= i < n:
                raise IndexError("ledger index out of range")
        return compare_at(self, first, second)

    def reconcile(self, scope: Optional[Scope] = None, *,
                  bases: Optional[Iterable[Union[Basis, str]]] = None,
                  max_conflicts: Optional[int] = 1000,
                  weights: Optional[Mapping[str, float]] = None, default_weight: float = 1.0,
                  best: Optional[Union["BestRule", str]] = None,
                  priority: Optional[Sequence[str]] = None,
                  tolerance: Optional[Union[str, int]] = None) -> "Reconciliation":
        """Reconcile the claims: every scope that has a counted claim (one C
        call, O(n log n)), or only the claims whose scope is exactly
        ``scope``. Returns a :class:`~casualty.Reconciliation`.

        ``bases`` (an iterable of :class:`~casualty.Basis`) says which
        claims count; by default reported and documented ones. At most
        ``max_conflicts`` conflict pairs are listed per scope (None: all).
        ``weights`` maps source names to their weight in the best estimate
        (finite, >= 0); other sources weigh ``default_weight``. Raises
        :class:`~casualty.NotFoundError` when ``scope`` has no counted
        claim, :class:`~casualty.DuplicateError`/:class:`~casualty.ArgumentError`
        for bad weights.

        ``best`` is the rule that picks each scope's best
        (:class:`~casualty.BestRule` or its label: ``"median"``, the
        default, ``"lowest"``, ``"none-if-conflict"``, ``"priority"``);
        ``priority`` lists source names, most trusted first, for the
        priority rule (giving it alone selects that rule). Each result's
        ``best_kind`` says whether a source reported its best or it is a
        midpoint no source gave (docs/model.md section 13).

        ``tolerance`` (``"5%"``, a share of the larger figure, or an int, a
        number of people) lets exact counts that close agree: a result's
        ``within_tolerance`` says its consensus holds only within it. A
        result in conflict names its ``outlier``, the one source whose
        removal restores a consensus, when there is one (section 14).
        """
        from .reconcile import reconcile
        return reconcile(self, scope, bases=bases, max_conflicts=max_conflicts,
                         weights=weights, default_weight=default_weight, best=best,
                         priority=priority, tolerance=tolerance)

    def source_matrix(self, bases: Optional[Iterable[Union[Basis, str]]] = None,
                      tolerance: Optional[Union[str, int]] = None) -> "SourceMatrix":
        """The :class:`~casualty.SourceMatrix` of this ledger's sources, over
        the claims of ``bases`` (default: reported and documented);
        ``tolerance`` as for :meth:`reconcile` (the share of figures within
        it)."""
        from .matrix import SourceMatrix
        return SourceMatrix(self, bases, tolerance)

    # ---- saving

    def save_csv(self, path: PathLike) -> None:
        """Write every claim, in index order, to the CSV file ``path``
        (replaced): UTF-8, LF line ends, the columns of docs/csv.md. Loading
        it and saving again gives the same bytes."""
        lib.cas_csv_save(self._c(), _path(path), _ffi.new_error())

    def to_csv_text(self) -> str:
        """The claims as CSV text, as :meth:`save_csv` would write them."""
        buf = ctypes.c_void_p()
        length = ctypes.c_size_t()
        lib.cas_csv_save_string(ctypes.byref(buf), ctypes.byref(length), self._c(),
                                _ffi.new_error())
        return _ffi.take_string(buf, length.value).decode("utf-8")

    def to_jsonl(self):
        """The claims as JSON Lines (the library's cas_ledger_jsonl): one
        object per claim in index order, the columns of docs/csv.md as
        members, empty texts, open highs and missing bests as null
        (docs/jsonl.md)."""
        buf = ctypes.c_void_p()
        length = ctypes.c_size_t()
        lib.cas_ledger_jsonl(ctypes.byref(buf), ctypes.byref(length), self._c(),
                             _ffi.new_error())
        return _ffi.take_string(buf, length.value).decode("utf-8")

    def save_jsonl(self, path):
        """Write :meth:`to_jsonl` to the file ``path`` (replaced)."""
        lib.cas_ledger_jsonl_save(self._c(), _path(path), _ffi.new_error())


_QUALIFIERS = list(Qualifier)
_BASES = list(Basis)


def _string(cache, pointer):
    text = cache.get(pointer)
    if text is None:
        text = ctypes.string_at(pointer).decode("utf-8") if pointer else ""
        cache[pointer] = text
    return text


def _day(cache, number):
    day = cache.get(number)
    if day is None:
        day = cache[number] = _date_of(number)
    return day


def _take_rejects(rejects):
    try:
        out = []
        err = _ffi.Error()
        for i in range(lib.cas_rejects_count(rejects)):
            _ffi.init(err)
            lib.cas_rejects_get(rejects, i, err)
            out.append(Reject(as_status(err.status), err.message.decode("utf-8", "replace"),
                              err.line, err.column, err.field.decode("utf-8", "replace"),
                              err.file.decode("utf-8", "replace")))
        return out
    finally:
        lib.cas_rejects_free(rejects)



_ENCODINGS = {"utf-8": 0, "latin1": 1, "cp1252": 2}


def _import_options(options):
    """A ``cas_import_options`` from keyword arguments (the strings are kept
    alive on the struct for the call)."""
    opts = _ffi.init(_ffi.ImportOptionsStruct())
    unknown = set(options) - {"delimiter", "na", "encoding", "source", "mapping", "groups"}
    if unknown:
        raise TypeError("unknown import option(s): %s" % ", ".join(sorted(unknown)))
    if options.get("delimiter") is not None:
        if len(options["delimiter"]) != 1:
            raise ValueError("delimiter: expected one character")
        opts.delimiter = ord(options["delimiter"])
    if options.get("encoding") is not None:
        if options["encoding"] not in _ENCODINGS:
            raise ValueError("encoding: expected utf-8, latin1 or cp1252")
        opts.encoding = _ENCODINGS[options["encoding"]]
    if options.get("na") is not None:
        opts.na = _ffi.check_bytes(",".join(options["na"]).encode(), "na")
    if options.get("source") is not None:
        opts.source = _ffi.check_bytes(options["source"].encode(), "source")
    if options.get("mapping") is not None:
        opts.mapping = _path(options["mapping"], "mapping")
    if options.get("groups"):
        opts.groups = 1
    return opts


def import_formats() -> List[str]:
    """The names of the dataset formats :meth:`Ledger.import_file` reads."""
    names = []
    while True:
        name = lib.cas_import_format_name(len(names))
        if name is None:
            return names
        names.append(name.decode())
