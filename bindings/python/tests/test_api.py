# SPDX-License-Identifier: MIT
"""The public surface: every name documented, exported, and tested."""

import dataclasses
import glob
import inspect
import os
import pydoc
import re
import unittest

import casualty

import support

PUBLIC_CLASSES = [getattr(casualty, n) for n in casualty.__all__
                  if inspect.isclass(getattr(casualty, n))]


def public_members(cls):
    """The names a user of ``cls`` sees (its own, not inherited from object,
    Exception or the enum machinery)."""
    names = []
    for name, value in vars(cls).items():
        if name.startswith("_") or name in getattr(cls, "__members__", {}):
            continue
        names.append(name)
    return names


class ApiTest(unittest.TestCase):

    def test_all_is_complete_and_real(self):
        for name in casualty.__all__:
            self.assertTrue(hasattr(casualty, name), name)
        self.assertEqual(len(set(casualty.__all__)), len(casualty.__all__))
        modules = {"errors", "ledger", "types", "compare", "reconcile", "aggregate", "matrix",
                   "series", "mse", "phrase", "vocab", "frames"}
        for name in dir(casualty):
            if not name.startswith("_") and name not in modules:
                self.assertIn(name, casualty.__all__, "public but not in __all__")

    def test_every_public_name_has_a_docstring(self):
        self.assertGreater(len(casualty.__doc__), 500)
        for name in casualty.__all__:
            value = getattr(casualty, name)
            if inspect.isclass(value) or inspect.isfunction(value):
                self.assertTrue(inspect.getdoc(value), name)
        for cls in PUBLIC_CLASSES:
            for name in public_members(cls):
                member = inspect.getattr_static(cls, name)
                if isinstance(member, (staticmethod, classmethod)):
                    member = member.__func__
                if callable(member) or isinstance(member, property):
                    self.assertTrue(inspect.getdoc(member), "%s.%s" % (cls.__name__, name))

    def test_help_reads_well(self):
        text = pydoc.render_doc(casualty, renderer=pydoc.plaintext)
        for phrase in ("reconcile conflicting casualty claims", "class Ledger",
                       "load_csv(self, path: Union[str, bytes, os.PathLike], "
                       "lenient: bool = False) -> Optional[List[casualty.ledger.Reject]]",
                       "class Claim", "class CasualtyError",
                       "parse_date(text: Union[str, bytes]) -> Optional[datetime.date]",
                       "DATA"):
            self.assertIn(phrase, text)
        for module in (casualty.ledger, casualty.types, casualty.errors, casualty.compare,
                       casualty.reconcile, casualty.aggregate, casualty.matrix, casualty.mse,
                       casualty.phrase):
            self.assertTrue(module.__doc__)

    def test_the_binding_covers_the_abi(self):
        """Every function of lib/libcasualty.map is declared in the one FFI
        table, and the loaded library has them all."""
        from casualty import _ffi
        with open(os.path.join(support.TOP_SRCDIR, "lib", "libcasualty.map")) as f:
            exported = set(re.findall(r"^\s*(cas_\w+);", f.read(), re.M))
        declared = [entry[0] for entry in _ffi.FUNCTIONS]
        self.assertEqual(len(declared), len(set(declared)))
        self.assertEqual(sorted(exported - set(declared)), [], "exported, not wrapped")
        self.assertEqual(sorted(set(declared) - exported), [], "declared, not exported")
        for name, restype, argtypes, errcheck in _ffi.FUNCTIONS:
            func = getattr(_ffi.lib, name)
            self.assertEqual((func.restype, func.argtypes), (restype, argtypes), name)
        # Exactly the functions that return a cas_status raise on failure.
        returning_status = set()
        for header in glob.glob(os.path.join(support.TOP_SRCDIR, "include", "casualty", "*.h")):
            with open(header, encoding="utf-8") as f:
                returning_status |= set(re.findall(r"CAS_EXPORT cas_status (cas_\w+)\(",
                                                   f.read()))
        checked = {e[0] for e in _ffi.FUNCTIONS if e[3] is _ffi.check_status}
        self.assertEqual(sorted(returning_status ^ checked), [])

    def test_every_public_name_is_tested(self):
        """Each name of __all__, and each public method of the public classes,
        appears in some test module other than this one."""
        text = ""
        for path in glob.glob(os.path.join(support.HERE, "test_*.py")):
            if os.path.basename(path) != "test_api.py":
                with open(path, encoding="utf-8") as f:
                    text += f.read()
        untested = [name for name in casualty.__all__
                    if not re.search(r"\b%s\b" % re.escape(name), text)]
        for cls in PUBLIC_CLASSES:
            fields = {f.name for f in dataclasses.fields(cls)} \
                if dataclasses.is_dataclass(cls) else set()
            fields = {f for f in fields if not f.startswith("_")}
            for name in sorted(set(public_members(cls)) | fields):
                # a field may be tested by keyword (best=...) or by attribute
                pattern = r"\.%s\b" % name + (r"|\b%s=" % name if name in fields else "")
                if not re.search(pattern, text):
                    untested.append("%s.%s" % (cls.__name__, name))
        self.assertEqual(untested, [])


if __name__ == "__main__":
    unittest.main()
