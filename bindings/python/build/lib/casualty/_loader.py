# SPDX-License-Identifier: MIT
"""Finding and opening the shared library libcasualty.

The search order, first hit wins:

1. the ``CASUALTY_LIBRARY`` environment variable: the path of the library
   file (when it is set, nothing else is tried, so a typo is not hidden);
2. the uninstalled build tree around this package, for a binding used from
   a source checkout (``lib/.libs/`` of an in-tree build, or of ``build/``);
3. ``ctypes.util.find_library("casualty")`` (the system's linker cache);
4. the soname ``libcasualty.so.0`` itself, then under the usual prefixes.

When nothing loads, :class:`ImportError` lists every place that was tried
and why it failed.
"""

import ctypes
import ctypes.util
import os
import sys

#: The soname of the ABI this binding speaks (libtool current - age = 0).
SONAME = "libcasualty.so.0"
#: The environment variable that names the library file explicitly.
ENV_VAR = "CASUALTY_LIBRARY"


def _source_tree():
    """The top of the libcasualty source tree when this package is its
    bindings/python/casualty, else None (an installed package)."""
    package = os.path.dirname(os.path.abspath(__file__))
    top = os.path.dirname(os.path.dirname(os.path.dirname(package)))
    if os.path.isfile(os.path.join(top, "include", "casualty.h")):
        return top
    return None


def _build_tree_candidates():
    """Library files of an uninstalled build in the source tree around this
    package: an in-tree build, or one in build/."""
    top = _source_tree()
    if top is None:
        return []
    return [os.path.join(top, build, "lib", ".libs", "libcasualty.so")
            for build in ("", "build")]


def _prefix_candidates():
    """The installed library under common prefixes, for a linker cache that
    was not refreshed after ``make install``."""
    seen = set()
    for prefix in (sys.prefix, "/usr/local", "/usr"):
        for libdir in ("lib", "lib64"):
            path = os.path.join(prefix, libdir, SONAME)
            if path not in seen:
                seen.add(path)
                yield path


def load_library():
    """Open libcasualty and return ``(cdll, where)``.

    ``where`` is the path or name that was opened. Raises ImportError with
    the list of places tried when none works.
    """
    tried = []

    def attempt(what, how):
        try:
            return ctypes.CDLL(what)
        except OSError as exc:
            tried.append("%s (%s): %s" % (what, how, exc))
            return None

    def first_file(paths, how):
        for path in paths:
            if not os.path.exists(path):
                tried.append("%s (%s): no such file" % (path, how))
                continue
            lib = attempt(path, how)
            if lib is not None:
                return lib, path
        return None

    explicit = os.environ.get(ENV_VAR)
    if explicit:
        lib = attempt(explicit, "from $" + ENV_VAR)
        if lib is not None:
            return lib, explicit
        raise ImportError(
            "casualty: cannot load libcasualty named by $%s:\n  %s\n"
            "Unset %s to search the usual places, or point it at the library "
            "file (e.g. BUILD/lib/.libs/libcasualty.so)." % (ENV_VAR, tried[0], ENV_VAR))
    tried.append("$%s: not set" % ENV_VAR)

    candidates = _build_tree_candidates()
    if not candidates:
        tried.append("uninstalled build tree: this package is not in a source tree")
    opened = first_file(candidates, "uninstalled build tree")
    if opened is not None:
        return opened

    found = ctypes.util.find_library("casualty")
    if found:
        lib = attempt(found, 'ctypes.util.find_library("casualty")')
        if lib is not None:
            return lib, found
    else:
        tried.append('ctypes.util.find_library("casualty"): found nothing')

    lib = attempt(SONAME, "soname, through the dynamic loader's search path")
    if lib is not None:
        return lib, SONAME
    opened = first_file(_prefix_candidates(), "installation prefix")
    if opened is not None:
        return opened

    raise ImportError(
        "casualty: libcasualty was not found. Looked in:\n  " + "\n  ".join(tried) +
        "\nInstall libcasualty (make install; then ldconfig), or set %s to the "
        "path of libcasualty.so." % ENV_VAR)
