# SPDX-License-Identifier: MIT
"""Small helpers shared by the result modules (internal)."""

import ctypes
import os

from . import _ffi
from .errors import Status, make_error
from .types import Scope, _text, claim_ref_from_c

_OPEN = _ffi.OPEN
_NONE = _ffi.NONE


def high(value):
    """A C upper bound, with ``CAS_OPEN`` (open) as Python's None."""
    return None if value == _OPEN else value


def best(value):
    """A C best estimate (or stated number), with ``CAS_NONE`` as Python's None."""
    return None if value == _NONE else value


def text(raw):
    """A borrowed C string copied into a Python str ("" for NULL)."""
    return _text(raw)


def position(item, count, what):
    """A position given as an int (negative from the end) or as a result
    object with an ``index``; IndexError when out of range."""
    index = getattr(item, "index", item)
    try:
        index = index.__index__()
    except AttributeError:
        raise TypeError("%s positions must be integers, not %s"
                        % (what, type(item).__name__)) from None
    if index < 0:
        index += count
    if not 0 <= index < count:
        raise IndexError("%s position out of range" % what)
    return index


class Records:
    """The read-only sequence protocol of a result made of C records
    (internal). A subclass defines ``__len__``, ``_RECORD`` (the struct a
    record is read into), ``_WHAT`` (the noun of its IndexError) and
    ``_get(index, out)``, which reads record ``index`` into ``out`` and
    returns its Python value."""

    __slots__ = ()

    def __bool__(self):
        return True

    def _struct(self):
        return _ffi.sized(self._RECORD)

    def _pos(self, item):
        return position(item, len(self), self._WHAT)

    def _get_locked(self, index, out):
        # The record is decoded from C memory after the call: the family's
        # lock is held across both (Owned._read, _lock.py).
        return self._read(lambda _: self._get(index, out))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._get_locked(self._pos(index), self._struct())

    def _batch(self, start, out, n=256):
        # Up to @n records from @start under one hold of the lock.
        return self._read(lambda _: [self._get(i, out)
                                     for i in range(start, min(len(self), start + n))])

    def __iter__(self):
        out = self._struct()
        i = 0
        while i < len(self):
            batch = self._batch(i, out)
            handle = self._handle
            for item in batch:
                if not handle.alive:  # closed while iterating
                    raise handle.closed_error()
                yield item
            i += len(batch)


def find_scope(find, pointer, scope, missing):
    """The position of ``scope`` (a Scope) by ``find``, a ``cas_*_find``
    over ``pointer``; NotFoundError with ``missing % scope`` when absent."""
    if not isinstance(scope, Scope):
        raise TypeError("expected a Scope, got %r" % (scope,))
    index = ctypes.c_size_t()
    try:
        find(pointer, scope._to_c(), ctypes.byref(index))
    except LookupError:
        raise make_error(Status.NOT_FOUND, missing % (scope,)) from None
    return index.value


def fspath(path):
    """A path as bytes for C."""
    return os.fsencode(path)


def take_text(call, *args):
    """Call a ``cas_*`` printer that returns a malloc'd string, return it
    as str and free it."""
    buf = ctypes.c_void_p()
    length = ctypes.c_size_t()
    call(ctypes.byref(buf), ctypes.byref(length), *args)
    return _ffi.take_string(buf, length.value).decode("utf-8")


def read_refs(call, *args):
    """Every ClaimRef of a ``count``-then-``k`` getter such as
    ``cas_reconciliation_provenance(r, index, bound, k, out, count)``."""
    count = ctypes.c_size_t()
    call(*args, 0, None, ctypes.byref(count))
    out = _ffi.sized(_ffi.ClaimRefStruct)
    refs = []
    for k in range(count.value):
        call(*args, k, out, None)
        refs.append(claim_ref_from_c(out))
    return refs
