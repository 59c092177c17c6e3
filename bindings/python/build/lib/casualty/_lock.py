# SPDX-License-Identifier: MIT
"""What the C API says must not run at once, serialised (internal).

The library's objects are safe to read from many threads at once, but a
ledger must not change (an add, a load, a new vocabulary) while anything
reads it, and no object may be freed while a call uses it; the results
made from a ledger (reconciliations, propagations, matrices, series,
roll-up information) read the ledger's memory. ctypes releases the GIL
during every C call, so the binding keeps one readers-writer lock per
*family*: a ledger and the results that borrow from it share one, every
other object has its own.

Every C function that takes an object is called through :func:`guard`,
which finds the objects among the arguments (by the identity of the ctypes
pointer their owner passes), holds their families' locks across the call
(shared, or exclusive for the functions in :data:`EXCLUSIVE`) and checks,
once it holds them, that none was closed meanwhile. ``close()`` holds the
family's lock exclusively while it frees.
"""

import functools
import threading

#: The functions that change the object they are given: held exclusively.
EXCLUSIVE = frozenset([
    "cas_ledger_add", "cas_ledger_set_vocabulary", "cas_csv_load", "cas_csv_load_buffer",
    "cas_csv_load_lenient", "cas_csv_load_buffer_lenient", "cas_import", "cas_import_buffer",
    "cas_propagation_cover", "cas_propagation_run", "cas_vocab_extend", "cas_vocab_extend_buffer",
    "cas_phrase_options_add_source", "cas_phrase_options_add_term",
    "cas_phrase_options_clear_hedges", "cas_phrase_options_remove_hedge",
    "cas_phrase_options_remove_term", "cas_phrase_options_set_default",
    "cas_phrase_options_set_distribute", "cas_phrase_options_set_hedge",
    "cas_phrase_options_set_name", "cas_phrase_options_set_year",
])

_get_ident = threading.get_ident

#: id() of each live object's ctypes pointer -> its Handle.
HANDLES = {}


class FamilyLock:
    """A readers-writer lock that prefers writers. A thread may take it
    again while it holds it (shared within shared, anything within
    exclusive), so a binding function may hold it across several calls."""

    __slots__ = ("_cond", "_readers", "_writer", "_depth", "_waiting")

    def __init__(self):
        self._cond = threading.Condition(threading.Lock())
        self._readers = {}   # thread id -> times it holds the lock shared
        self._writer = None  # the thread that holds it exclusively
        self._depth = 0
        self._waiting = 0    # writers waiting

    def acquire(self, exclusive=False):
        me = _get_ident()
        with self._cond:
            if not exclusive and self._writer is None and not self._waiting:
                readers = self._readers
                readers[me] = readers.get(me, 0) + 1
                return
            if self._writer == me:
                self._depth += 1
                return
            if me in self._readers:
                if exclusive:
                    raise RuntimeError("casualty: a change to an object while this thread "
                                       "reads it")
                self._readers[me] += 1
                return
            if exclusive:
                self._waiting += 1
                while self._writer is not None or self._readers:
                    self._cond.wait()
                self._waiting -= 1
                self._writer, self._depth = me, 1
            else:
                while self._writer is not None or self._waiting:
                    self._cond.wait()
                self._readers[me] = 1

    def release(self):
        me = _get_ident()
        with self._cond:
            readers = self._readers
            count = readers.get(me)
            if count is not None and self._writer != me:
                if count > 1:
                    readers[me] = count - 1
                else:
                    del readers[me]
                    if not readers:
                        self._cond.notify_all()
                return
            if self._writer == me:
                self._depth -= 1
                if self._depth == 0:
                    self._writer = None
                    self._cond.notify_all()
                return
            self._readers[me] -= 1
            if not self._readers[me]:
                del self._readers[me]
                if not self._readers:
                    self._cond.notify_all()


def hold(locks, exclusive):
    """Acquire each of ``locks`` (in a fixed order, so that two threads
    never wait for each other); returns the ones acquired."""
    held = []
    try:
        for lock in sorted(set(locks), key=id):
            lock.acquire(exclusive)
            held.append(lock)
    except BaseException:
        for lock in reversed(held):
            lock.release()
        raise
    return held


def guard(func, name, positions):
    """``func`` (a ctypes function) called with its objects' family locks
    held; ``positions`` are the arguments that may be objects. An object
    closed while the call waited for its lock raises the handle's
    ``closed_error()``. The wrapper shows the function's ``restype``,
    ``argtypes`` and ``errcheck``."""
    exclusive = name in EXCLUSIVE
    handles_get = HANDLES.get

    if len(positions) == 1:
        (at,) = positions

        def call(*args):
            h = handles_get(id(args[at])) if at < len(args) else None
            if h is None:
                return func(*args)
            lock = h.lock
            lock.acquire(exclusive)
            try:
                if not h.alive:
                    raise h.closed_error()
                return func(*args)
            finally:
                lock.release()
    else:
        def call(*args):
            handles = [h for h in (handles_get(id(args[i])) for i in positions if i < len(args))
                       if h is not None]
            if not handles:
                return func(*args)
            held = hold([h.lock for h in handles], exclusive)
            try:
                for h in handles:
                    if not h.alive:
                        raise h.closed_error()
                return func(*args)
            finally:
                for lock in reversed(held):
                    lock.release()

    functools.update_wrapper(call, func)
    call.__wrapped__ = func
    call.restype, call.argtypes = func.restype, func.argtypes
    call.errcheck = getattr(func, "errcheck", None)
    return call
