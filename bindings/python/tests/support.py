# SPDX-License-Identifier: MIT
"""Shared paths and helpers of the binding's tests (not a test module)."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
#: The source tree's top (bindings/python/tests -> top).
TOP_SRCDIR = os.environ.get("top_srcdir") or os.path.dirname(os.path.dirname(
    os.path.dirname(HERE)))
BUNDLED = os.path.join(TOP_SRCDIR, "examples", "data", "syria-2025-03.csv")
PY_EXAMPLE = os.path.join(TOP_SRCDIR, "examples", "casualty_reconcile.py")
BINDING_DIR = os.path.dirname(HERE)


def top_builddir():
    """The build tree: $top_builddir (make check), else derived from
    $CASUALTY_LIBRARY (BUILD/lib/.libs/libcasualty.so)."""
    if os.environ.get("top_builddir"):
        return os.environ["top_builddir"]
    lib = os.environ.get("CASUALTY_LIBRARY", "")
    if lib:
        return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(lib))))
    return TOP_SRCDIR


def c_example():
    """The built C example program; fails (never skips) when it is missing."""
    path = os.path.join(top_builddir(), "examples", "casualty-reconcile")
    if not os.access(path, os.X_OK):
        raise AssertionError("the C example %s is not built: run make, or set top_builddir"
                             % path)
    return path


def run(argv, **kwargs):
    """Run a program; return (status, stdout bytes, stderr bytes)."""
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=120, **kwargs)
    return proc.returncode, proc.stdout, proc.stderr


def python_env(**changes):
    """The environment for a child Python that imports this binding."""
    env = dict(os.environ)
    path = env.get("PYTHONPATH", "")
    env["PYTHONPATH"] = BINDING_DIR + (os.pathsep + path if path else "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


class TempDirTestCase(unittest.TestCase):
    """A test case with a fresh temporary directory in self.tmp."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="casualty-py-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def write(self, name, data):
        path = self.path(name)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return path


PYTHON = sys.executable
