"""Owned C handles, freed exactly once with the library's own ``cas_*_free``.

A handle is freed by ``close()``, or by a :func:`weakref.finalize` when the
Python object that owns it is collected. A handle can borrow memory from
another (a reconciliation borrows its ledger's strings): the lender frees
its borrowers first, whichever way it is freed, so no C object ever
outlives what it points into. The borrower's owner also keeps a strong
reference to the lender's owner, so that collection alone never frees the
lender first.
"""

import weakref

from .errors import ClosedError, Status


class Handle:
    """An owned C pointer. ``get()`` returns it, or raises
    :class:`~casualty.ClosedError` once it has been freed."""

    __slots__ = ("_pointer", "_finalizer", "_borrowers", "_what")

    def __init__(self, owner, pointer, free, what):
        self._pointer = pointer
        self._borrowers = []
        self._what = what
        self._finalizer = weakref.finalize(owner, _free, pointer, free, self._borrowers)

    def get(self):
        """The C pointer; raises ClosedError when freed."""
        if not self._finalizer.alive:
            raise ClosedError("the %s is closed" % self._what, Status.ARG)
        return self._pointer

    @property
    def alive(self):
        """False once freed."""
        return self._finalizer.alive

    def close(self):
        """Free the borrowers, then the C object. Idempotent."""
        self._finalizer()

    def lend_to(self, borrower):
        """Make ``borrower`` (another Handle) be freed before this one."""
        if len(self._borrowers) >= 16:
            self._borrowers[:] = [f for f in self._borrowers if f.alive]
        self._borrowers.append(borrower._finalizer)


def _free(pointer, free, borrowers):
    for finalizer in borrowers:
        finalizer()
    free(pointer)
