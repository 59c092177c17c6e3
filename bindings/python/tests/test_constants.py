# SPDX-License-Identifier: MIT
"""The library's constants are read from the library (cas_open(),
cas_none(), cas_date_unknown(), cas_field_max(), cas_phrase_max_bytes()),
and the binding's markers for "open", "no estimate" and "unknown day" are
the ones the library writes and reads."""

import ctypes
import datetime
import unittest

import casualty
from casualty import Claim, Scope, Status, _ffi
from casualty._ffi import lib


class ConstantsTest(unittest.TestCase):

    def test_the_constants_are_the_library_s(self):
        self.assertEqual(_ffi.OPEN, lib.cas_open())
        self.assertEqual(_ffi.NONE, lib.cas_none())
        self.assertEqual(_ffi.DATE_UNKNOWN, lib.cas_date_unknown())
        self.assertEqual(_ffi.FIELD_MAX, lib.cas_field_max())
        self.assertEqual(casualty.DATE_UNKNOWN, lib.cas_date_unknown())
        self.assertEqual(casualty.FIELD_MAX, lib.cas_field_max())
        self.assertEqual(casualty.phrase_max_bytes(), lib.cas_phrase_max_bytes())
        for value in (_ffi.OPEN, _ffi.NONE, _ffi.DATE_UNKNOWN, _ffi.FIELD_MAX):
            self.assertIs(type(value), int)

    def test_the_constants_functions_are_declared(self):
        for name, restype in (("cas_open", ctypes.c_int64), ("cas_none", ctypes.c_int64),
                              ("cas_date_unknown", ctypes.c_int32),
                              ("cas_field_max", ctypes.c_size_t),
                              ("cas_phrase_max_bytes", ctypes.c_size_t)):
            func = getattr(lib, name)
            self.assertEqual((func.restype, func.argtypes), (restype, []), name)

    def test_none_goes_to_c_as_the_library_s_markers(self):
        c = Claim("a", "S", Scope("killed"), 5)._to_c()
        self.assertEqual((c.high, c.best), (lib.cas_open(), lib.cas_none()))
        self.assertEqual((c.reported_on, c.scope.period_start, c.scope.period_end),
                         (lib.cas_date_unknown(),) * 3)
        self.assertEqual(casualty.day_number(None), lib.cas_date_unknown())

    def test_the_library_s_markers_come_back_as_none(self):
        with casualty.Ledger([Claim("a", "SOHR", "killed", 100),
                              Claim("b", "SNHR", "killed", 50, 70, best=60)]) as ledger:
            view = _ffi.sized(_ffi.ClaimView)
            lib.cas_ledger_get(ledger._c(), 0, view)
            self.assertEqual((view.high, view.best, view.reported_on),
                             (lib.cas_open(), lib.cas_none(), lib.cas_date_unknown()))
            claim = ledger[0]
            self.assertEqual((claim.high, claim.best, claim.reported_on), (None, None, None))
            with ledger.reconcile() as rec:
                raw = _ffi.sized(_ffi.ScopeResultStruct)
                lib.cas_reconciliation_get(rec._c(), 0, raw)
                self.assertEqual(raw.envelope_high, lib.cas_open())
                self.assertIsNone(rec[0].envelope_high)
                self.assertEqual(rec[0].consensus_high, 70)
                highs = {ref.id: ref.high for ref in rec.counted(0)}
                self.assertEqual(highs, {"a": None, "b": 70})
        self.assertEqual(casualty.sum_ranges([(Scope("a"), 1, None)]).high, None)
        self.assertIsNone(casualty.date_of_day(lib.cas_date_unknown()))

    def test_field_max_is_the_library_s_limit(self):
        limit = lib.cas_field_max()
        Claim("a", "S", "killed", 1, quote="q" * limit).validate()
        with self.assertRaises(casualty.CasualtyError) as cm:
            Claim("a", "S", "killed", 1, quote="q" * (limit + 1)).validate()
        self.assertEqual(cm.exception.status, Status.TOO_LONG)

    def test_phrase_without_a_number_has_none(self):
        [claim] = casualty.parse_phrase("dozens of civilians were killed")
        self.assertIsNone(claim.number)

    def test_date_to_ymd_takes_its_out_parameters_first(self):
        day = datetime.date(2025, 3, 6)
        self.assertEqual(casualty.date_of_day(casualty.day_number(day)), day)
        self.assertEqual(casualty.date_of_day(0), datetime.date(1970, 1, 1))
        self.assertEqual(casualty.date_of_day(-719162), datetime.date(1, 1, 1))
        with self.assertRaises(casualty.ParseError):
            casualty.date_of_day(-719163)
        y, m, d = ctypes.c_int32(), ctypes.c_int32(), ctypes.c_int32()
        lib.cas_date_to_ymd(ctypes.byref(y), ctypes.byref(m), ctypes.byref(d), 20153)
        self.assertEqual((y.value, m.value, d.value), (2025, 3, 6))

    def test_csv_save_string_takes_its_out_parameters_first(self):
        claim = Claim("a", "SOHR", "killed", 100)
        with casualty.Ledger([claim]) as ledger:
            text = ledger.to_csv_text()
            with casualty.Ledger.from_csv_text(text) as again:
                self.assertEqual(list(again), [claim])
                self.assertEqual(again.to_csv_text(), text)


if __name__ == "__main__":
    unittest.main()
