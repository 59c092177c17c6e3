# SPDX-License-Identifier: MIT
"""Hostile input through the binding: integers beyond their C type and
NUL characters in paths and strings are refused before they reach C
(ctypes would wrap 2**32 + 2025 to 2025 and C would read a path or a
string as cut at the NUL), and a NUL inside a CSV field is the library's
ENCODING error, never a field cut short."""

import ctypes
import unittest

import casualty
from casualty import (Ledger, MseTable, ParseError, PhraseOptions, Status, Vocabulary,
                      rollup)
from casualty import _ffi

import support

GOOD_CSV = "id,source,outcome,low\na1,SOHR,killed,5\n"


class IntegerRangeTest(unittest.TestCase):

    def test_mse_counts_past_64_bits(self):
        for bad in (2 ** 64 + 40, 2 ** 63, -2 ** 63 - 1):
            with self.assertRaises(OverflowError) as cm:
                MseTable([bad, 1, 1])
            self.assertIn("counts", str(cm.exception))
            self.assertIn(str(bad), str(cm.exception))
        # The same counts within range make a table, 40 read as 40.
        with MseTable([40, 1, 1]) as t:
            self.assertEqual(t.observed, 42)

    def test_set_year_past_32_bits(self):
        opts = PhraseOptions()
        self.addCleanup(opts.close)
        for bad in (2 ** 32 + 2025, 2 ** 31, -2 ** 31 - 1):
            with self.assertRaises(OverflowError) as cm:
                opts.set_year(bad)
            self.assertIn("year", str(cm.exception))
        opts.set_year(2025)  # in range: taken

    def test_rollup_options_past_32_bits(self):
        with Ledger() as ledger:
            for name in ("place_depth", "max_cited"):
                with self.assertRaises(OverflowError) as cm:
                    rollup(ledger, **{name: 2 ** 32 + 1})
                self.assertIn(name, str(cm.exception))

    def test_hedge_spread_past_32_bits(self):
        h = casualty.Hedge("roughly", casualty.HedgePosition.BEFORE, casualty.HedgeRule.APPROX,
                           casualty.Qualifier.APPROX, spread=2 ** 32 + 5)
        with self.assertRaises(OverflowError) as cm:
            h._to_c()
        self.assertIn("spread", str(cm.exception))

    def test_every_declared_integer_argument_is_checked(self):
        # cas_mse_table_count(table, uint32_t pattern, out): 2**32 + 1 would be 1.
        with self.assertRaises(OverflowError) as cm:
            _ffi.lib.cas_mse_table_count(None, 2 ** 32 + 1, None)
        self.assertIn("cas_mse_table_count: argument 2", str(cm.exception))
        with self.assertRaises(OverflowError):
            _ffi.lib.cas_mse_table_count(None, -1, None)
        # In range it reaches C, which refuses the NULL table.
        with self.assertRaises(casualty.ArgumentError):
            _ffi.lib.cas_mse_table_count(None, 1, ctypes.byref(ctypes.c_int64()), )

    def test_integer_ranges(self):
        self.assertEqual(_ffi._int_range(ctypes.c_uint32), (0, 2 ** 32 - 1))
        self.assertEqual(_ffi._int_range(ctypes.c_int64), (-2 ** 63, 2 ** 63 - 1))
        self.assertEqual(_ffi._int_range(ctypes.c_size_t), (0, 2 ** (8 * ctypes.sizeof(
            ctypes.c_size_t)) - 1))
        self.assertIsNone(_ffi._int_range(ctypes.c_double))
        self.assertIsNone(_ffi._int_range(ctypes.c_char_p))


class NulTest(support.TempDirTestCase):

    def test_nul_in_paths(self):
        good = self.write("good.csv", GOOD_CSV.encode())
        with Ledger() as ledger:
            for call in (ledger.load_csv, lambda p: ledger.load_csv(p, lenient=True),
                         lambda p: ledger.import_file("acled", p)):
                with self.assertRaises(ValueError) as cm:
                    call(good + "\0.other")
                self.assertIn("NUL", str(cm.exception))
                self.assertIn("path", str(cm.exception))
            self.assertEqual(len(ledger), 0)
            with self.assertRaises(ValueError):
                ledger.load_csv_text(GOOD_CSV, name="a\0b")
            with self.assertRaises(ValueError) as cm:
                ledger.import_text("mapping", "a\n1\n", mapping=good + "\0x")
            self.assertIn("mapping", str(cm.exception))
            with self.assertRaises(ValueError) as cm:
                ledger.import_text("acled", "a\n1\n", source="SOHR\0-fake")
            self.assertIn("source", str(cm.exception))
            self.assertEqual(len(ledger), 0)
            ledger.load_csv(good)  # the path without the NUL loads
            self.assertEqual(len(ledger), 1)
        with self.assertRaises(ValueError):
            MseTable.load(good + "\0x")
        with self.assertRaises(ValueError):
            Vocabulary.load(good + "\0x")

    def test_nul_in_a_csv_field(self):
        data = b"id,source,outcome,low\na1,SOHR,killed,5\na2,SOHR\0-fake,killed,6\n"
        path = self.write("nul.csv", data)
        with Ledger() as ledger:
            for load in (lambda: ledger.load_csv(path),
                         lambda: ledger.load_csv_text(data, name="nul.csv")):
                with self.assertRaises(ParseError) as cm:
                    load()
                e = cm.exception
                self.assertEqual((e.status, e.line, e.column, e.field),
                                 (Status.ENCODING, 3, 2, "source"))
                self.assertEqual(len(ledger), 0)
            rejects = ledger.load_csv(path, lenient=True)
            self.assertEqual(len(ledger), 1)
            self.assertEqual([(r.line, r.field) for r in rejects], [(3, "source")])
            self.assertEqual({c.source for c in ledger}, {"SOHR"})

    def test_nul_in_bytes_to_c(self):
        # The name is a C string; the data, with its length, may hold a NUL
        # (the library refuses it with its own message).
        with self.assertRaises(ValueError) as cm:
            _ffi.lib.cas_vocab_load_buffer(None, b"a\0b", 3, b"n\0ame", None)
        self.assertIn("cas_vocab_load_buffer: argument 4", str(cm.exception))
        out = _ffi.VOCAB_P()
        with self.assertRaises(ParseError) as cm:
            _ffi.lib.cas_vocab_load_buffer(ctypes.byref(out), b"# v\nout\0come killed\n", 20,
                                           b"v.txt", _ffi.new_error())
        self.assertEqual((cm.exception.status, cm.exception.line, cm.exception.column),
                         (Status.ENCODING, 2, 4))


if __name__ == "__main__":
    unittest.main()
