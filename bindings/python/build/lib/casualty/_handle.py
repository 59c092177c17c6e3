# SPDX-License-Identifier: MIT
"""Owned C handles, freed exactly once with the library's own ``cas_*_free``.

A handle is freed by ``close()``, or by a :func:`weakref.finalize` when the
Python object that owns it is collected. A handle can borrow memory from
another (a reconciliation borrows its ledger's strings): the lender frees
its borrowers first, whichever way it is freed, so no C object ever
outlives what it points into. The borrower's owner also keeps a strong
reference to the lender's owner, so that collection alone never frees the
lender first.

:class:`Owned` is the base of the public classes that own one handle: it
gives them ``close()``, ``closed``, the ``with`` protocol and the pointer
ctypes passes for them. :class:`LedgerResult` adds the ``ledger`` that a
result borrows from.
"""

import types
import weakref

from ._lock import HANDLES, FamilyLock
from .errors import ClosedError, Status


class Handle:
    """An owned C pointer. ``get()`` returns it, or raises
    :class:`~casualty.ClosedError` once it has been freed."""

    __slots__ = ("_pointer", "_finalizer", "_borrowers", "_what", "lock")

    def __init__(self, owner, pointer, free, what):
        self._pointer = pointer
        self._borrowers = []
        self._what = what
        # The family's lock (_lock.py): a borrower takes its lender's.
        self.lock = FamilyLock()
        # Freed with the library's own function, not the guarded one: the
        # lock is held by close() already.
        free = getattr(free, "__wrapped__", free)
        self._finalizer = weakref.finalize(owner, _free, pointer, free, self._borrowers)
        HANDLES[id(pointer)] = self

    def get(self):
        """The C pointer; raises ClosedError when freed."""
        if not self._finalizer.alive:
            raise self.closed_error()
        return self._pointer

    def closed_error(self):
        """The error for a use once freed."""
        return ClosedError("the %s is closed" % self._what, Status.ARG)

    @property
    def alive(self):
        """False once freed."""
        return self._finalizer.alive

    def close(self):
        """Free the borrowers, then the C object, once no call uses any of
        them (the family's lock held exclusively). Idempotent."""
        lock = self.lock
        lock.acquire(True)
        try:
            self._finalizer()
        finally:
            lock.release()

    def lend_to(self, borrower):
        """Make ``borrower`` (another Handle) be freed before this one."""
        if len(self._borrowers) >= 16:
            self._borrowers[:] = [f for f in self._borrowers if f.alive]
        self._borrowers.append(borrower._finalizer)
        borrower.lock = self.lock


def _free(pointer, free, borrowers):
    for finalizer in borrowers:
        finalizer()
    HANDLES.pop(id(pointer), None)
    free(pointer)


def _documented(cls, name, doc):
    """The member ``name`` that ``cls`` inherits, as its own with ``doc``."""
    inherited = next(vars(base)[name] for base in cls.__mro__[1:] if name in vars(base))
    if isinstance(inherited, property):
        return property(inherited.fget, inherited.fset, inherited.fdel, doc)
    method = types.FunctionType(inherited.__code__, inherited.__globals__, name,
                                inherited.__defaults__, inherited.__closure__)
    method.__kwdefaults__ = inherited.__kwdefaults__
    method.__doc__ = doc
    method.__qualname__ = "%s.%s" % (cls.__qualname__, name)
    method.__module__ = cls.__module__
    return method


class Owned:
    """The life cycle of an object that owns one C handle (internal).

    A subclass calls :meth:`_own` once it has the pointer. The class
    keyword ``docs`` (a mapping from member names to docstrings) gives
    inherited members the subclass's own words, for ``help()``.
    """

    __slots__ = ()

    def __init_subclass__(cls, docs=None, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, doc in (docs or {}).items():
            setattr(cls, name, _documented(cls, name, doc))

    def _own(self, pointer, free, what, ledger=None):
        """Own ``pointer`` (freed with ``free``; ``what`` names it in
        ClosedError); a result that reads ``ledger``'s memory keeps that
        ledger alive and is freed before it."""
        self._handle = Handle(self, pointer, free, what)
        if ledger is not None:
            self._ledger = ledger
            lender = ledger._handle
            # Under the ledger's lock: a ledger closed by another thread
            # since the call that made this result returned has freed the
            # memory the result reads, so the result goes too.
            lender.lock.acquire(False)
            try:
                if lender.alive:
                    lender.lend_to(self._handle)
                    return
            finally:
                lender.lock.release()
            self._handle.close()
            raise lender.closed_error()

    def close(self):
        """Free the C object now. Closing twice is harmless."""
        self._handle.close()

    @property
    def closed(self):
        """True once closed."""
        return not self._handle.alive

    def __enter__(self):
        self._c()
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def _as_parameter_(self):
        """The C pointer (ctypes passes it for ``self``); raises
        :class:`~casualty.ClosedError` once closed."""
        return self._handle.get()

    def _c(self):
        # Checked explicitly: ctypes would wrap ClosedError in its own
        # ArgumentError if _as_parameter_ raised it.
        return self._handle.get()

    def _read(self, read, *args):
        """``read(pointer, *args)`` with the family's lock held shared
        (_lock.py): for reads that go on touching C memory after a call,
        such as decoding the strings of a record."""
        handle = self._handle
        lock = handle.lock
        lock.acquire(False)
        try:
            return read(handle.get(), *args)
        finally:
            lock.release()


class LedgerResult(Owned, docs={
        "closed": "True once closed (also when its ledger was closed)."}):
    """An owned handle that reads its ledger's memory (internal): made by
    ``_own(..., ledger=ledger)``."""

    __slots__ = ()

    @property
    def ledger(self):
        """The :class:`~casualty.Ledger` this was made from."""
        return self._ledger

