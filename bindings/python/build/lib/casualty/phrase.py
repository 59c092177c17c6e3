# SPDX-License-Identifier: MIT
"""From the words sources use to claims (docs/model.md section 3):
"+ 315 killed (per SOHR)", "nearly 400 Syrian security personnel and dozens
of civilians were killed", "between 5,000 and 7,000".

:func:`parse_phrase` reads a phrase, an infobox field or a paragraph and
returns every figure it finds as a :class:`PhraseClaim`: a range under a
hedge table (a *preset*), the outcome and group it counts, the perpetrator
and the source when the text names them, the period when the sentence
names dates, and where in the text the words are. :meth:`PhraseClaim.to_claim`
makes a :class:`~casualty.Claim` of it, ready for a ledger.

:class:`PhraseOptions` holds the hedge table and the lexicon, which can be
changed; without options, the built-in "default" preset is used.
"""

import ctypes
import dataclasses
import datetime
from typing import Optional

from . import _ffi, _util
from ._ffi import lib
from ._handle import Owned
from .types import (Basis, Qualifier, _count, _date_of, _encode, _enum, _Named,
                    claim_from_c)


class PhraseField(_Named):
    """What kind of text is parsed: ``PROSE`` (running text: a figure is a
    claim only with an outcome word), ``CASUALTY`` (a casualty field: every
    count is a claim) or ``STRENGTH`` (a strength field: figures are the
    sizes of forces)."""

    PROSE = 0
    CASUALTY = 1
    STRENGTH = 2


class PhraseKind(_Named):
    """What a parsed figure counts: ``CASUALTY`` or ``STRENGTH``."""

    CASUALTY = 0
    STRENGTH = 1


class HedgePosition(_Named):
    """Where a hedge stands: ``BEFORE`` its number ("at least N"),
    ``AFTER`` it ("N or more"), or a ``WORD`` that is the figure
    ("dozens")."""

    BEFORE = 0
    AFTER = 1
    WORD = 2


class HedgeRule(_Named):
    """How a hedge turns the stated number N into a range: ``EXACT`` [N, N],
    ``AT_LEAST`` [N, open), ``MORE_THAN`` [N+1, open), ``APPROX``
    [N(1-s), N(1+s)] best N, ``NEARLY`` [N(1-s), N-1], ``UP_TO`` [0, N],
    ``LESS_THAN`` [0, N-1], ``FIXED`` (the entry's own range, for vague
    words)."""

    EXACT = 0
    AT_LEAST = 1
    MORE_THAN = 2
    APPROX = 3
    NEARLY = 4
    UP_TO = 5
    LESS_THAN = 6
    FIXED = 7


class TermKind(_Named):
    """Which lexicon an entry belongs to: ``OUTCOME`` ("injured" ->
    "wounded") or ``GROUP`` ("security personnel" ->
    "combatants/government/security")."""

    OUTCOME = 0
    GROUP = 1


@dataclasses.dataclass(frozen=True)
class Hedge:
    """One entry of a hedge table: the ``phrase`` ("at least", "+",
    "dozens"; matched case-insensitively), its ``position``, the ``rule``
    that makes the range, the ``qualifier`` recorded on claims, the
    ``spread`` in percent for APPROX and NEARLY (0 means 10), and for
    FIXED entries ``low``, ``high`` (None: open) and ``best``."""

    phrase: str
    position: HedgePosition = HedgePosition.BEFORE
    rule: HedgeRule = HedgeRule.EXACT
    qualifier: Qualifier = Qualifier.EXACT
    spread: int = 0
    low: int = 0
    high: Optional[int] = None
    best: Optional[int] = None

    def _to_c(self):
        h = _ffi.sized(_ffi.HedgeStruct)
        h.position = int(HedgePosition(self.position))
        h.rule = int(HedgeRule(self.rule))
        h.qualifier = int(_enum(Qualifier, self.qualifier, "qualifier"))
        h.spread = int(self.spread)
        h.low = _count(self.low, "low")
        h.high = _count(self.high, "high", _ffi.OPEN)
        h.best = _count(self.best, "best", _ffi.NONE)
        h.phrase = _encode(self.phrase, "phrase")
        return h


@dataclasses.dataclass(frozen=True)
class PhraseClaim:
    """One figure found in a text.

    ``kind`` (casualty or strength), the range ``low``..``high`` (None:
    open) with ``best`` and the ``qualifier`` the hedge gave, ``basis``
    (DOCUMENTED for "X documented", PARTY for a party's claim, else
    REPORTED), ``number`` as stated (None for a vague word); ``outcome``,
    ``group``, ``perpetrator`` (a path) and ``perpetrator_text`` (the words
    as written), ``source`` and ``relay`` when the text names them,
    ``period_start``/``period_end`` when the sentence names dates (with
    their words in ``period_text``), the ``preset`` (hedge table) used,
    and ``quote``, the words of the text at UTF-8 byte offsets
    ``start``..``end``.
    """

    kind: PhraseKind
    qualifier: Qualifier
    basis: Basis
    low: int
    high: Optional[int]
    best: Optional[int]
    number: Optional[int]
    start: int
    end: int
    period_start: Optional[datetime.date]
    period_end: Optional[datetime.date]
    outcome: str
    group: str
    perpetrator: str
    perpetrator_text: str
    source: str
    relay: str
    preset: str
    quote: str
    period_text: str
    _claim: object = dataclasses.field(default=None, repr=False, compare=False)

    def to_claim(self, id, source=None, citation=""):
        """A :class:`~casualty.Claim` of this figure with ``id``: range,
        best, qualifier, basis, source, relay, quote, and the scope's
        outcome, group, perpetrator and period. ``source`` is required when
        the text named none, and replaces the text's otherwise."""
        changes = {"id": id, "citation": citation}
        if source is not None:
            changes["source"] = source
        return dataclasses.replace(self._claim, **changes)


def phrase_max_bytes():
    """The longest text :func:`parse_phrase` accepts, in UTF-8 bytes."""
    return lib.cas_phrase_max_bytes()


class PhraseOptions(Owned, docs={"close": "Free the options now."}):
    """A hedge table, a lexicon, known sources and defaults for
    :func:`parse_phrase`.

    ``PhraseOptions(preset="default")`` starts from a built-in preset:
    ``"default"`` (the table of docs/model.md section 3) or ``"acled"`` (conservative floors).
    The options own a C handle: :meth:`close`, ``with``, or garbage
    collection free it; claims already parsed stay valid.
    """

    def __init__(self, preset="default"):
        out = _ffi.POPTS_P()
        lib.cas_phrase_options_new(ctypes.byref(out), None if preset is None else
                                   _encode(preset, "preset"), _ffi.new_error())
        self._own(out, lib.cas_phrase_options_free, "phrase options")

    def __repr__(self):
        if self.closed:
            return "<casualty.PhraseOptions (closed)>"
        return "<casualty.PhraseOptions %r with %d hedges>" % (self.name, len(self.hedges))

    @property
    def name(self):
        """The hedge table's name, recorded on claims as their ``preset``.
        Changing the table without naming it renames it
        "<preset>+custom". Set it to 1 to 63 printable ASCII bytes."""
        return _util.text(lib.cas_phrase_options_name(self._c()))

    @name.setter
    def name(self, value):
        lib.cas_phrase_options_set_name(self._c(), _encode(value, "name"), _ffi.new_error())

    @property
    def hedges(self):
        """The hedge table, as a list of :class:`Hedge` (copies)."""
        out = _ffi.sized(_ffi.HedgeStruct)
        table = []
        for i in range(lib.cas_phrase_options_hedge_count(self._c())):
            lib.cas_phrase_options_get_hedge(self._c(), i, out)
            table.append(Hedge(_util.text(out.phrase), HedgePosition(out.position),
                               HedgeRule(out.rule), Qualifier(out.qualifier), out.spread,
                               out.low, _util.high(out.high), _util.best(out.best)))
        return table

    def set_hedge(self, hedge):
        """Add ``hedge`` (a :class:`Hedge`), or replace the entry with the
        same phrase and position. Raises
        :class:`~casualty.ValidationError` for a bad entry; nothing changes
        then."""
        if not isinstance(hedge, Hedge):
            raise TypeError("expected a Hedge, got %r" % (hedge,))
        lib.cas_phrase_options_set_hedge(self._c(), hedge._to_c(), _ffi.new_error())

    def remove_hedge(self, phrase, position=HedgePosition.BEFORE):
        """Remove the hedge with this phrase and position; raises
        :class:`~casualty.NotFoundError` when there is none."""
        lib.cas_phrase_options_remove_hedge(self._c(), _encode(phrase, "phrase"),
                                            int(HedgePosition(position)), _ffi.new_error())

    def clear_hedges(self):
        """Remove every hedge (to build a table entry by entry)."""
        lib.cas_phrase_options_clear_hedges(self._c())

    def add_term(self, kind, phrase, path):
        """Add a lexicon entry of ``kind`` (a :class:`TermKind`): the words
        ``phrase`` mean the outcome or group ``path``; replaces the path of
        an existing phrase of that kind."""
        lib.cas_phrase_options_add_term(self._c(), int(TermKind(kind)),
                                        _encode(phrase, "phrase"), _encode(path, "path"),
                                        _ffi.new_error())

    def remove_term(self, kind, phrase):
        """Remove a lexicon entry; raises :class:`~casualty.NotFoundError`."""
        lib.cas_phrase_options_remove_term(self._c(), int(TermKind(kind)),
                                           _encode(phrase, "phrase"), _ffi.new_error())

    def add_source(self, name, alias=None):
        """Declare a known source: attributions whose words equal or contain
        ``name`` or ``alias`` are recorded as ``name``."""
        lib.cas_phrase_options_add_source(self._c(), _encode(name, "name"),
                                          None if alias is None else _encode(alias, "alias"),
                                          _ffi.new_error())

    def set_year(self, year):
        """The year of dates that name none ("between 6 and 8 March"); 0
        leaves such periods unknown."""
        lib.cas_phrase_options_set_year(self._c(), year, _ffi.new_error())

    def set_default(self, kind, path):
        """The outcome (``TermKind.OUTCOME``; casualty fields only, default
        "casualties") or group (``TermKind.GROUP``, default "") given to a
        claim whose text names none."""
        lib.cas_phrase_options_set_default(self._c(), int(TermKind(kind)),
                                           _encode(path, "path"), _ffi.new_error())

    def set_distribute(self, on):
        """Whether "at least" reaches across a list ("at least 16 soldiers
        and four civilians": both open when on, the default)."""
        lib.cas_phrase_options_set_distribute(self._c(), 1 if on else 0)


def _phrase_claim_from_c(c, template):
    return PhraseClaim(
        PhraseKind(c.kind), Qualifier(c.qualifier), Basis(c.basis), c.low, _util.high(c.high),
        _util.best(c.best), _util.best(c.number), c.start, c.end, _date_of(c.period_start),
        _date_of(c.period_end), _util.text(c.outcome), _util.text(c.group),
        _util.text(c.perpetrator), _util.text(c.perpetrator_text), _util.text(c.source),
        _util.text(c.relay), _util.text(c.preset), _util.text(c.quote),
        _util.text(c.period_text), template)


def parse_phrase(text, field=PhraseField.PROSE, options=None):
    """Every figure in ``text`` (``str``, or UTF-8 ``bytes``), in text order,
    as a list of :class:`PhraseClaim`, copied out of the library.

    ``field`` says what kind of text it is (a :class:`PhraseField`);
    ``options`` a :class:`PhraseOptions`, or None for the "default"
    preset. Raises :class:`~casualty.ParseError` for text that is not
    UTF-8 (``column`` is the 1-based byte offset of the first bad byte) or
    longer than :func:`phrase_max_bytes`. What the parser does not read as
    a count gives no claim rather than an error.
    """
    if isinstance(text, str):
        data = text.encode("utf-8", "surrogatepass")
    elif isinstance(text, (bytes, bytearray)):
        data = bytes(text)
    else:
        raise TypeError("expected str or bytes, got %s" % type(text).__name__)
    if options is not None and not isinstance(options, PhraseOptions):
        raise TypeError("options: expected PhraseOptions or None, got %r" % (options,))
    out = _ffi.PRESULT_P()
    lib.cas_phrase_parse(ctypes.byref(out), None if options is None else options._c(), data,
                         len(data), int(PhraseField(field)), _ffi.new_error())
    try:
        claims = []
        c = _ffi.sized(_ffi.PhraseClaimStruct)
        claim = _ffi.ClaimStruct()
        for i in range(lib.cas_phrase_result_count(out)):
            lib.cas_phrase_result_get(out, i, c)
            _ffi.init(claim)
            lib.cas_phrase_result_claim(out, i, claim)
            claims.append(_phrase_claim_from_c(c, claim_from_c(claim)))
        return claims
    finally:
        lib.cas_phrase_result_free(out)

