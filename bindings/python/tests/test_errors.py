# SPDX-License-Identifier: MIT
"""The status codes and the exception hierarchy."""

import ctypes
import unittest

import casualty
from casualty import Status
from casualty import _ffi, errors


class StatusTest(unittest.TestCase):

    def test_every_status_has_the_library_description(self):
        described = [casualty.strerror(s) for s in Status]
        self.assertEqual(described[:4], ["success", "out of memory", "bad argument",
                                         "input/output error"])
        self.assertNotIn("unknown status", described)
        self.assertEqual(Status.NOT_FOUND.description, "not found")
        self.assertEqual(casualty.strerror(len(Status)), "unknown status")
        self.assertEqual(casualty.strerror(-1), "unknown status")
        self.assertEqual(str(Status.TOO_LONG), "too_long")

    def test_numbers_are_stable(self):
        self.assertEqual([int(s) for s in Status], list(range(len(Status))))
        self.assertEqual((Status.CSV, Status.DUPLICATE, Status.SATURATED), (4, 12, 24))


class HierarchyTest(unittest.TestCase):

    EXPECTED = {
        Status.NOMEM: (casualty.OutOfMemoryError, MemoryError),
        Status.ARG: (casualty.ArgumentError, ValueError),
        Status.IO: (casualty.CasualtyIOError, OSError),
        Status.CSV: (casualty.ParseError, ValueError),
        Status.HEADER: (casualty.ParseError, ValueError),
        Status.NUMBER: (casualty.ParseError, ValueError),
        Status.OVERFLOW: (casualty.CountOverflowError, OverflowError),
        Status.DATE: (casualty.ParseError, ValueError),
        Status.RANGE: (casualty.ValidationError, ValueError),
        Status.PATH: (casualty.ValidationError, ValueError),
        Status.MISSING: (casualty.ValidationError, ValueError),
        Status.DUPLICATE: (casualty.DuplicateError, ValueError),
        Status.NOT_FOUND: (casualty.NotFoundError, LookupError),
        Status.EMPTY: (casualty.ParseError, ValueError),
        Status.VALUE: (casualty.ValidationError, ValueError),
        Status.TOO_LONG: (casualty.ParseError, ValueError),
        Status.ENCODING: (casualty.ParseError, ValueError),
        Status.OVERLAP: (casualty.ConflictError, ValueError),
        Status.CONFLICT: (casualty.ConflictError, ValueError),
        Status.PARSE: (casualty.ParseError, ValueError),
        Status.NO_ESTIMATE: (casualty.EstimationError, ArithmeticError),
        Status.NOT_CONVERGED: (casualty.EstimationError, ArithmeticError),
        Status.DIVERGED: (casualty.EstimationError, ArithmeticError),
        Status.SATURATED: (casualty.EstimationError, ArithmeticError),
    }

    def test_every_failure_status_is_mapped(self):
        self.assertEqual(set(self.EXPECTED), set(Status) - {Status.OK})
        for status, (cls, builtin) in self.EXPECTED.items():
            with self.subTest(status):
                exc = errors.make_error(status, "what went wrong", 3, 4, "low", "f.csv")
                self.assertIs(type(exc), cls)
                self.assertIsInstance(exc, casualty.CasualtyError)
                self.assertIsInstance(exc, builtin)
                self.assertIs(errors.exception_class(status), cls)
                self.assertEqual((exc.status, exc.message, exc.line, exc.column, exc.field,
                                  exc.file), (status, "what went wrong", 3, 4, "low", "f.csv"))

    def test_closed_error_is_an_argument_error(self):
        self.assertTrue(issubclass(casualty.ClosedError, casualty.ArgumentError))

    def test_unknown_status(self):
        exc = errors.make_error(99)
        self.assertIs(type(exc), casualty.CasualtyError)
        self.assertEqual(exc.status, 99)
        self.assertEqual(str(exc), "unknown status")
        self.assertEqual(errors.as_status(99), 99)
        self.assertIs(errors.as_status(13), Status.NOT_FOUND)

    def test_default_message_and_repr(self):
        exc = errors.make_error(Status.EMPTY)
        self.assertEqual(str(exc), "empty input")
        self.assertEqual(repr(exc), "ParseError('empty input', status=Status.EMPTY, line=0, "
                         "column=0, field='', file='')")
        self.assertEqual(repr(errors.make_error(77, "x")),
                         "CasualtyError('x', status=77, line=0, column=0, field='', file='')")

    def test_errcheck_uses_the_c_message(self):
        """A raw call that fails with a cas_error: the library's own words."""
        err = _ffi.new_error()
        with self.assertRaises(casualty.ArgumentError) as cm:
            _ffi.lib.cas_csv_load(None, b"x.csv", err)
        self.assertEqual(str(cm.exception), "ledger or path is NULL")
        self.assertEqual(cm.exception.status, Status.ARG)

    def test_errcheck_without_a_message(self):
        """A call with no cas_error: the function's name and the status."""
        out = ctypes.c_int32()
        with self.assertRaises(casualty.ValidationError) as cm:
            _ffi.lib.cas_basis_from_name(ctypes.byref(out), b"rumour")
        self.assertEqual(str(cm.exception), "cas_basis_from_name: unknown value")
        self.assertEqual(cm.exception.status, Status.VALUE)

    def test_raw_message_is_the_library_bytes(self):
        """raw_message keeps the C message's bytes where message cannot: the
        library quotes a bad path cut at 60 bytes, here inside a three-byte
        character, and a file name that is not UTF-8."""
        place = "/" + "\u1e25" * 40  # "/ḥḥḥ...": 3 bytes a character
        with self.assertRaises(casualty.ValidationError) as cm:
            casualty.validate_claim(casualty.Claim("x", "x", casualty.Scope("killed",
                                                                          place=place)))
        raw = cm.exception.raw_message
        quoted = ("/" + "\u1e25" * 40).encode("utf-8")[:60]
        self.assertEqual(raw, b"field 'place': expected a path like 'civilians/alawite', got '"
                         + quoted + b"' (leading or trailing '/')")
        self.assertIsInstance(raw, bytes)
        self.assertRaises(UnicodeDecodeError, raw.decode, "utf-8")  # cut mid-character
        self.assertEqual(cm.exception.message, raw.decode("utf-8", "replace"))
        self.assertIn("\ufffd", cm.exception.message)

        with self.assertRaises(casualty.CasualtyIOError) as cm:
            casualty.Ledger().load_csv(b"/nonexistent/\xff.csv")
        self.assertEqual(cm.exception.raw_message,
                         b"/nonexistent/\xff.csv: cannot open: No such file or directory")
        self.assertEqual(cm.exception.message,
                         "/nonexistent/\ufffd.csv: cannot open: No such file or directory")

    def test_raw_message_is_none_without_a_library_message(self):
        out = ctypes.c_int32()
        with self.assertRaises(casualty.ValidationError) as cm:
            _ffi.lib.cas_basis_from_name(ctypes.byref(out), b"rumour")
        self.assertIsNone(cm.exception.raw_message)
        self.assertIsNone(errors.make_error(Status.EMPTY).raw_message)
        with self.assertRaises(casualty.ParseError) as cm:
            casualty.Ledger().load_csv_text("", name="stdin")
        self.assertEqual(cm.exception.raw_message, cm.exception.message.encode("utf-8"))
        self.assertTrue(cm.exception.raw_message.startswith(b"stdin: "), cm.exception.raw_message)

    def test_io_error_names_the_file(self):
        with self.assertRaises(casualty.CasualtyIOError) as cm:
            casualty.Ledger().load_csv("/nonexistent/claims.csv")
        self.assertEqual(cm.exception.filename, "/nonexistent/claims.csv")


if __name__ == "__main__":
    unittest.main()
