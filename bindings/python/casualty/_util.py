"""Small helpers shared by the result modules (internal)."""

import ctypes
import os

from . import _ffi
from .types import _text

_OPEN = -1


def opt(value):
    """A C count where -1 stands for open / none, as Python's None."""
    return None if value == _OPEN else value


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
