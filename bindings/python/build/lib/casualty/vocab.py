# SPDX-License-Identifier: MIT
"""The vocabulary: what the paths of a scope mean (docs/model.md section 10,
docs/vocabulary.md).

A :class:`Vocabulary` says, per :class:`Dimension` (outcome, group,
perpetrator, place), which spellings are one path (aliases:
``insurgents`` -> ``combatants/insurgents``), which sibling paths may be
added (exclusive children: ``combatants/government`` and
``combatants/insurgents``; not ``civilians/children`` and
``civilians/women``), which cover their parent (exhaustive), and which
outcomes make up another (``casualties`` = killed + wounded + missing +
captured). :meth:`Vocabulary.default` is the one compiled into the library;
:meth:`Vocabulary.extend` adds a user's file to it.
"""

import ctypes
import enum

from . import _ffi, _util
from ._ffi import lib
from ._handle import Owned
from .errors import ConflictError, Status
from .types import _encode, _Named


class Dimension(_Named):
    """The path dimensions of a scope: ``OUTCOME``, ``GROUP``,
    ``PERPETRATOR``, ``PLACE``."""

    OUTCOME = 0
    GROUP = 1
    PERPETRATOR = 2
    PLACE = 3


class VocabRelation(_Named):
    """How two paths relate: ``SAME``, ``WITHIN``, ``CONTAINS``,
    ``DISJOINT`` (they may be added) or ``OVERLAPPING`` (they may share
    people: never added)."""

    SAME = 0
    WITHIN = 1
    CONTAINS = 2
    DISJOINT = 3
    OVERLAPPING = 4


class VocabFlag(enum.IntFlag):
    """What a vocabulary says of a path: ``KNOWN`` (declared), ``EXCLUSIVE``
    (its children or parts are disjoint), ``EXHAUSTIVE`` (they cover it),
    ``COMPOSED`` (it has parts)."""

    NONE = 0
    KNOWN = 1
    EXCLUSIVE = 2
    EXHAUSTIVE = 4
    COMPOSED = 8


def _dim(dimension):
    if isinstance(dimension, str):
        out = ctypes.c_int32()
        lib.cas_dimension_from_name(ctypes.byref(out), _encode(dimension, "dimension"))
        return out.value
    return int(Dimension(dimension))


def _data(text):
    return text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)


def default_text():
    """The default vocabulary's text, as compiled into the library."""
    length = ctypes.c_size_t()
    address = lib.cas_vocab_default_text(ctypes.byref(length))
    return ctypes.string_at(address, length.value).decode("utf-8")


class Vocabulary(Owned, docs={
        "close": "Free the vocabulary now. Closing twice is harmless.",
        "closed": "True once closed."}):
    """A vocabulary. Make one with :meth:`default`, :meth:`load` or
    :meth:`from_text`. Paths may be given as ``str``; dimensions as a
    :class:`Dimension` or its name (``"group"``)."""

    __slots__ = ("_handle", "__weakref__")

    def __init__(self):
        raise TypeError("use Vocabulary.default(), .load(path) or .from_text(text)")

    @classmethod
    def _adopt(cls, out):
        vocab = cls.__new__(cls)
        vocab._own(out, lib.cas_vocab_free, "vocabulary")
        return vocab

    @classmethod
    def default(cls):
        """The default vocabulary (data/vocabulary.txt, compiled in)."""
        out = _ffi.VOCAB_P()
        lib.cas_vocab_new_default(ctypes.byref(out), _ffi.new_error())
        return cls._adopt(out)

    @classmethod
    def load(cls, path):
        """A vocabulary file on its own (without the default)."""
        out = _ffi.VOCAB_P()
        lib.cas_vocab_load(ctypes.byref(out), _util.fspath(path), _ffi.new_error())
        return cls._adopt(out)

    @classmethod
    def from_text(cls, text, name=None):
        """A vocabulary from ``text`` (``str`` or ``bytes``); ``name``
        stands for the file name in messages."""
        data = _data(text)
        out = _ffi.VOCAB_P()
        lib.cas_vocab_load_buffer(ctypes.byref(out), data, len(data),
                                  None if name is None else _encode(name, "name"),
                                  _ffi.new_error())
        return cls._adopt(out)

    def extend(self, path):
        """Add a vocabulary file: its declarations override this one's of
        the same dimension and path. All or nothing."""
        lib.cas_vocab_extend(self._c(), _util.fspath(path), _ffi.new_error())

    def extend_text(self, text, name=None):
        """:meth:`extend` from ``text``."""
        data = _data(text)
        lib.cas_vocab_extend_buffer(self._c(), data, len(data),
                                    None if name is None else _encode(name, "name"),
                                    _ffi.new_error())

    def canonical(self, dimension, path):
        """The canonical spelling of ``path``."""
        # a buffer of FIELD_MAX + 1 bytes always holds a canonical path
        buf = ctypes.create_string_buffer(_ffi.FIELD_MAX + 1)
        lib.cas_vocab_canonical(self._c(), _dim(dimension), _encode(path, "path"), buf,
                                len(buf), None, _ffi.new_error())
        return buf.value.decode("utf-8")

    def relation(self, dimension, a, b):
        """The :class:`VocabRelation` of path ``a`` to path ``b``."""
        out = ctypes.c_int32()
        lib.cas_vocab_relation(self._c(), _dim(dimension), _encode(a, "path"),
                               _encode(b, "path"), ctypes.byref(out), _ffi.new_error())
        return VocabRelation(out.value)

    def check_addable(self, dimension, paths):
        """Raise :class:`~casualty.ConflictError` (status ``OVERLAP``)
        naming the first pair of ``paths`` that may not be added."""
        paths = list(paths)
        array = (ctypes.c_char_p * max(len(paths), 1))(*[_encode(p, "path") for p in paths])
        lib.cas_vocab_check_addable(self._c(), _dim(dimension), array, len(paths),
                                    _ffi.new_error())

    def addable(self, dimension, paths):
        """True when ``paths`` are pairwise disjoint."""
        try:
            self.check_addable(dimension, paths)
        except ConflictError as e:
            if e.status == Status.OVERLAP:
                return False
            raise
        return True

    def flags(self, dimension, path):
        """The :class:`VocabFlag` of ``path``."""
        out = ctypes.c_uint32()
        lib.cas_vocab_flags(self._c(), _dim(dimension), _encode(path, "path"),
                            ctypes.byref(out), _ffi.new_error())
        return VocabFlag(out.value)

    def parts(self, dimension, path):
        """The parts of ``path`` (an outcome's declared parts), else its
        declared children, as a tuple of canonical paths."""
        d, raw = _dim(dimension), _encode(path, "path")
        count = ctypes.c_size_t()
        lib.cas_vocab_parts(self._c(), d, raw, ctypes.byref(count), _ffi.new_error())
        out = []
        for i in range(count.value):
            part = ctypes.c_char_p()
            lib.cas_vocab_part(self._c(), d, raw, i, ctypes.byref(part), _ffi.new_error())
            out.append(_util.text(part.value))
        return tuple(out)

    def to_text(self):
        """The vocabulary in force, as a vocabulary file."""
        return _util.take_text(lib.cas_vocab_save_string, self._c(), _ffi.new_error())

    def __repr__(self):
        return "<casualty.Vocabulary%s>" % (" (closed)" if self.closed else "")
