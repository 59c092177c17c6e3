# SPDX-License-Identifier: MIT
"""Finding the library and checking its version."""

import ctypes.util
import os
import shutil
import unittest
from unittest import mock

import casualty
from casualty import _ffi, _loader

import support


class LoaderTest(support.TempDirTestCase):

    def test_loaded_library(self):
        self.assertTrue(os.path.exists(casualty.library_path) or
                        casualty.library_path.startswith("libcasualty"))
        self.assertEqual(casualty.library_version[:2], (0, 1))
        self.assertEqual(casualty.library_version_string,
                         "%d.%d.%d" % casualty.library_version)
        if os.environ.get("CASUALTY_LIBRARY"):
            self.assertEqual(casualty.library_path, os.environ["CASUALTY_LIBRARY"])

    def test_nothing_found_lists_every_place(self):
        missing = self.path("nowhere/libcasualty.so")
        with mock.patch.dict(os.environ, {"CASUALTY_LIBRARY": ""}), \
                mock.patch.object(_loader, "_build_tree_candidates", lambda: [missing]), \
                mock.patch.object(_loader, "_prefix_candidates", lambda: [missing + ".0"]), \
                mock.patch.object(_loader, "SONAME", "libcasualty-absent.so.0"), \
                mock.patch.object(ctypes.util, "find_library", lambda name: None):
            with self.assertRaises(ImportError) as cm:
                _loader.load_library()
        text = str(cm.exception)
        self.assertIn("libcasualty was not found. Looked in:", text)
        self.assertIn("$CASUALTY_LIBRARY: not set", text)
        self.assertIn(missing + " (uninstalled build tree): no such file", text)
        self.assertIn('ctypes.util.find_library("casualty"): found nothing', text)
        self.assertIn("libcasualty-absent.so.0 (soname", text)
        self.assertIn(missing + ".0 (installation prefix): no such file", text)
        self.assertIn("set CASUALTY_LIBRARY", text)

    def test_explicit_path_that_fails(self):
        bad = self.write("libcasualty.so", "not a library")
        with mock.patch.dict(os.environ, {"CASUALTY_LIBRARY": bad}):
            with self.assertRaises(ImportError) as cm:
                _loader.load_library()
        self.assertIn("cannot load libcasualty named by $CASUALTY_LIBRARY", str(cm.exception))
        self.assertIn(bad, str(cm.exception))

    def test_build_tree_then_import_in_a_child(self):
        """A copy of the package in SRC/bindings/python finds SRC/lib/.libs."""
        top = self.path("src")
        package = os.path.join(top, "bindings", "python", "casualty")
        shutil.copytree(os.path.join(support.BINDING_DIR, "casualty"), package)
        os.makedirs(os.path.join(top, "lib", ".libs"))
        os.makedirs(os.path.join(top, "include"))
        open(os.path.join(top, "include", "casualty.h"), "w").close()
        lib = os.path.join(top, "lib", ".libs", "libcasualty.so")
        os.symlink(os.path.abspath(casualty.library_path), lib)
        code = "import casualty; print(casualty.library_path)"
        env = support.python_env(CASUALTY_LIBRARY=None,
                                 PYTHONPATH=os.path.join(top, "bindings", "python"))
        status, out, err = support.run([support.PYTHON, "-c", code], env=env)
        self.assertEqual(status, 0, err.decode())
        self.assertEqual(out.decode().strip(), lib)
        env["CASUALTY_LIBRARY"] = self.path("absent.so")
        status, out, err = support.run([support.PYTHON, "-c", code], env=env)
        self.assertNotEqual(status, 0)
        self.assertIn(b"ImportError: casualty: cannot load libcasualty named by "
                      b"$CASUALTY_LIBRARY", err)

    def test_installed_package_has_no_build_tree(self):
        """Outside a source tree the build-tree step is skipped, and said so."""
        package = self.path("site-packages/casualty")
        shutil.copytree(os.path.join(support.BINDING_DIR, "casualty"), package)
        code = ("import casualty._loader as l; print(l._source_tree(), "
                "l._build_tree_candidates())")
        env = support.python_env(PYTHONPATH=self.path("site-packages"))
        status, out, err = support.run([support.PYTHON, "-c", code], env=env)
        self.assertEqual((status, out), (0, b"None []\n"), err)
        here = _loader._source_tree()
        self.assertEqual(here, os.path.dirname(os.path.dirname(support.BINDING_DIR)))
        self.assertEqual(_loader._build_tree_candidates(), [
            os.path.join(here, "", "lib", ".libs", "libcasualty.so"),
            os.path.join(here, "build", "lib", ".libs", "libcasualty.so")])

    def test_bundled_library_comes_first(self):
        """A package that carries casualty/_lib/libcasualty.so.0 (what pip
        install builds) loads it before $CASUALTY_LIBRARY and the rest."""
        package = self.path("site-packages/casualty")
        shutil.copytree(os.path.join(support.BINDING_DIR, "casualty"), package)
        os.makedirs(os.path.join(package, "_lib"))
        bundled = os.path.join(package, "_lib", "libcasualty.so.0")
        shutil.copyfile(os.path.abspath(casualty.library_path), bundled)
        code = "import casualty; print(casualty.library_path)"
        for named in (None, self.path("absent.so")):
            env = support.python_env(PYTHONPATH=self.path("site-packages"),
                                     CASUALTY_LIBRARY=named)
            status, out, err = support.run([support.PYTHON, "-c", code], env=env)
            self.assertEqual((status, out.decode().strip()), (0, bundled), err.decode())
        # A bundled file that does not load is passed over, and said so.
        with open(bundled, "w") as f:
            f.write("not a library")
        env = support.python_env(PYTHONPATH=self.path("site-packages"),
                                 CASUALTY_LIBRARY=self.path("absent.so"))
        status, out, err = support.run([support.PYTHON, "-c", code], env=env)
        self.assertNotEqual(status, 0)
        self.assertIn(b"cannot load libcasualty named by $CASUALTY_LIBRARY", err)
        self.assertIn(b"absent.so", err)

    def test_version_check(self):
        self.assertEqual(_ffi.check_version(100, "x"), (0, 1, 0))
        self.assertEqual(_ffi.check_version(907, "x"), (0, 9, 7))
        for number, text in ((0, "0.0.0"), (10100, "1.1.0"), (99, "0.0.99")):
            with self.assertRaises(ImportError) as cm:
                _ffi.check_version(number, "/lib/libcasualty.so")
            self.assertIn("/lib/libcasualty.so is libcasualty %s, but this binding needs 0.1"
                          % text, str(cm.exception))

    def test_every_function_is_required(self):
        """A library without some function of the table is refused, every
        missing function named."""
        cdll = ctypes.CDLL(casualty.library_path)  # its own function objects

        class Partial:
            """The library without two of its functions."""

            def __getattr__(self, name):
                if name in ("cas_mse_fit", "cas_phrase_parse"):
                    raise AttributeError(name)
                return getattr(cdll, name)

        with self.assertRaises(ImportError) as cm:
            _ffi._Library(Partial(), "/lib/libcasualty.so.0")
        self.assertEqual(str(cm.exception),
                         "casualty: /lib/libcasualty.so.0 lacks the functions cas_mse_fit, "
                         "cas_phrase_parse, which every libcasualty 0.1 has: it is not a "
                         "libcasualty this binding can use")
        self.assertEqual({len(entry) for entry in _ffi.FUNCTIONS}, {4})
        self.assertFalse(hasattr(_ffi, "require"))

        class Other:
            """Some other library: none of the functions."""

            def __getattr__(self, name):
                raise AttributeError(name)

        with self.assertRaises(ImportError) as cm:
            _ffi._Library(Other(), "libother.so")
        names = ", ".join(entry[0] for entry in _ffi.FUNCTIONS[:10])
        self.assertIn("libother.so lacks the functions %s and %d more, which every"
                      % (names, len(_ffi.FUNCTIONS) - 10), str(cm.exception))

    def test_missing_functions_of_another_version(self):
        """A library of another version that lacks functions: the error
        explains the version."""

        class Older:
            """A library with cas_version (0.0.9) and nothing else."""

            def __init__(self):
                self.cas_version = lambda: 9

            def __getattr__(self, name):
                raise AttributeError(name)

        with self.assertRaises(ImportError) as cm:
            _ffi._Library(Older(), "/lib/libcasualty.so.0")
        self.assertIn("/lib/libcasualty.so.0 is libcasualty 0.0.9, but this binding needs 0.1",
                      str(cm.exception))


if __name__ == "__main__":
    unittest.main()
