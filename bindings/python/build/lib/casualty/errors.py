# SPDX-License-Identifier: MIT
"""Status codes and the exceptions that carry libcasualty's errors.

Every failing C call becomes one exception. All of them derive from
:class:`CasualtyError`, which keeps what the library said: its status, its
message (one readable sentence naming what and where), and, where they
apply, the line, column, field and file of the input. Each subclass also
derives from the built-in exception that fits, so ``except ValueError``
catches a bad CSV row as naturally as ``except casualty.ParseError``.

This module sits above :mod:`._ffi`: it asks the library for status
descriptions, and gives :mod:`._ffi` the function that turns a failed call
into its exception (:func:`call_error`, as ``_ffi.status_error``).
"""

import enum

from . import _ffi


class Status(enum.IntEnum):
    """The library's status codes (``cas_status``): stable numbers."""

    OK = 0
    NOMEM = 1
    ARG = 2
    IO = 3
    CSV = 4
    HEADER = 5
    NUMBER = 6
    OVERFLOW = 7
    DATE = 8
    RANGE = 9
    PATH = 10
    MISSING = 11
    DUPLICATE = 12
    NOT_FOUND = 13
    EMPTY = 14
    VALUE = 15
    TOO_LONG = 16
    ENCODING = 17
    OVERLAP = 18
    CONFLICT = 19
    PARSE = 20
    NO_ESTIMATE = 21
    NOT_CONVERGED = 22
    DIVERGED = 23
    SATURATED = 24

    @property
    def description(self):
        """The library's English description of the status (``cas_strerror``)."""
        return strerror(self)

    def __str__(self):
        return self.name.lower()


def strerror(status):
    """The library's static English description of a status number, e.g.
    ``strerror(Status.NOMEM) == "out of memory"`` ("unknown status" for a
    number it does not know)."""
    return _ffi.lib.cas_strerror(int(status)).decode("utf-8")


class CasualtyError(Exception):
    """Base class of every error libcasualty reports.

    Attributes:
        status:  the :class:`Status` (an ``int`` for a status newer than this
                 binding).
        message: the library's message, e.g. ``"claims.csv:4:14: field 'low':
                 expected a whole number >= 0, got 'abc'"``; ``str(error)``.
        line:    1-based line of the input, or 0 when it does not apply.
        column:  1-based column (the CSV field's position), or 0.
        field:   the field's name (``"low"``), or ``""``.
        file:    the file's name as given, or ``""``.
        raw_message: the library's message exactly as the C library wrote
                 it, as ``bytes`` (``message`` is it decoded, with U+FFFD
                 where it quotes bytes that are not UTF-8 or cuts a
                 character), or ``None`` when the library gave no message
                 (the error was raised by the binding, or the C call filled
                 no ``cas_error``). A program that must print what a C
                 program prints uses it.
    """

    #: See the class docstring; set by the binding for the library's errors.
    raw_message = None

    def __init__(self, message, status=None, line=0, column=0, field="", file=""):
        super().__init__(message)
        self.message = message
        self.status = status
        self.line = line
        self.column = column
        self.field = field
        self.file = file

    def __str__(self):
        return self.message

    def __repr__(self):
        return "%s(%r, status=%s, line=%d, column=%d, field=%r, file=%r)" % (
            type(self).__name__, self.message, _status_repr(self.status), self.line,
            self.column, self.field, self.file)


def _status_repr(status):
    return "Status.%s" % status.name if isinstance(status, Status) else repr(status)


class OutOfMemoryError(CasualtyError, MemoryError):
    """The library ran out of memory (``NOMEM``)."""


class ArgumentError(CasualtyError, ValueError):
    """A bad argument reached the library (``ARG``), e.g. a closed handle."""


class ClosedError(ArgumentError):
    """An operation on a ledger or result that was already closed."""


class CasualtyIOError(CasualtyError, OSError):
    """A file could not be opened, read or written (``IO``); ``filename``
    is the file, as for other OSErrors."""

    def __init__(self, message, status=None, line=0, column=0, field="", file=""):
        super().__init__(message, status, line, column, field, file)
        self.filename = file or None


class ParseError(CasualtyError, ValueError):
    """Input that could not be read: malformed CSV, a bad header, a count
    that is not a whole number, a bad date, empty input, text that is too
    long, not UTF-8, or not understood (``CSV``, ``HEADER``, ``NUMBER``,
    ``DATE``, ``EMPTY``, ``TOO_LONG``, ``ENCODING``, ``PARSE``)."""


class CountOverflowError(CasualtyError, OverflowError):
    """A count or a sum that does not fit in 64 bits (``OVERFLOW``)."""


class ValidationError(CasualtyError, ValueError):
    """A claim that breaks the model's rules: a bad range, a malformed path,
    a required field missing, a word that is not an allowed value
    (``RANGE``, ``PATH``, ``MISSING``, ``VALUE``)."""


class DuplicateError(CasualtyError, ValueError):
    """An id that is already in the ledger, or a name given twice
    (``DUPLICATE``)."""


class NotFoundError(CasualtyError, LookupError):
    """No such claim, scope, source or entry (``NOT_FOUND``)."""


class ConflictError(CasualtyError, ValueError):
    """Bounds that cannot all hold, or scopes that overlap where they must
    be disjoint (``CONFLICT``, ``OVERLAP``)."""


class EstimationError(CasualtyError, ArithmeticError):
    """A statistical estimate that does not exist or could not be computed
    (``NO_ESTIMATE``, ``NOT_CONVERGED``, ``DIVERGED``, ``SATURATED``)."""


_CLASS_OF = {
    Status.NOMEM: OutOfMemoryError,
    Status.ARG: ArgumentError,
    Status.IO: CasualtyIOError,
    Status.CSV: ParseError,
    Status.HEADER: ParseError,
    Status.NUMBER: ParseError,
    Status.OVERFLOW: CountOverflowError,
    Status.DATE: ParseError,
    Status.RANGE: ValidationError,
    Status.PATH: ValidationError,
    Status.MISSING: ValidationError,
    Status.DUPLICATE: DuplicateError,
    Status.NOT_FOUND: NotFoundError,
    Status.EMPTY: ParseError,
    Status.VALUE: ValidationError,
    Status.TOO_LONG: ParseError,
    Status.ENCODING: ParseError,
    Status.OVERLAP: ConflictError,
    Status.CONFLICT: ConflictError,
    Status.PARSE: ParseError,
    Status.NO_ESTIMATE: EstimationError,
    Status.NOT_CONVERGED: EstimationError,
    Status.DIVERGED: EstimationError,
    Status.SATURATED: EstimationError,
}


def exception_class(status):
    """The exception class that stands for ``status`` (:class:`CasualtyError`
    itself for a status this binding does not know)."""
    try:
        return _CLASS_OF[Status(status)]
    except (ValueError, KeyError):
        return CasualtyError


def as_status(number):
    """``number`` as a :class:`Status`, or the plain int when it is newer
    than this binding."""
    try:
        return Status(number)
    except ValueError:
        return int(number)


def make_error(status, message="", line=0, column=0, field="", file=""):
    """Build (not raise) the exception for ``status`` with these details; an
    empty message becomes the status's description."""
    status = as_status(status)
    if not message:
        message = strerror(status)
    return exception_class(status)(message, status, line, column, field, file)


def error_from(status, err):
    """The exception for ``status`` with the details a ``cas_error`` holds."""
    if err is not None and err.status == status and err.message:
        raw = err.message
        exc = make_error(status, raw.decode("utf-8", "replace"), err.line,
                         err.column, err.field.decode("utf-8", "replace"),
                         err.file.decode("utf-8", "replace"))
        exc.raw_message = raw
        return exc
    return make_error(status)


def call_error(status, func, args):
    """The exception for the call ``func(*args)`` that returned the failed
    ``status``: with the message of the call's ``cas_error`` argument when
    it has one, else the status's description after the function's name."""
    err = None
    for arg in args:
        if isinstance(arg, _ffi.Error):
            err = arg
            break
    exc = error_from(status, err)
    if err is None or not err.message:
        exc.message = "%s: %s" % (func.__name__, exc.message)
        exc.args = (exc.message,)
    return exc


# Every function of the FFI table that returns a cas_status raises through this.
_ffi.status_error = call_error
