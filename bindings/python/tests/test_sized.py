# SPDX-License-Identifier: MIT
"""Size-prefixed structs (docs/versioning.md): the binding initialises every
struct it passes to the library through the library's ``cas_X_init_size``
with its own ``sizeof``, as a C caller's inline ``cas_X_init`` does; and the
library honours that size: a bigger struct (a caller built against newer
headers) has the bytes the library does not know cleared, a smaller one
than the first release's is refused with CAS_ERR_ARG and left unwritten."""

import datetime
import ctypes
import glob
import math
import os
import re
import unittest
from unittest import mock

import casualty
from casualty import Bound, Claim, Hedge, MseTable, PhraseOptions, Scope, Status, _ffi
from casualty._ffi import lib

import support

KILLED = Scope("killed")
CIVILIANS = Scope("killed", group="civilians")
SOLDIERS = Scope("killed", group="soldiers")
CLAIMS = [
    Claim("a", "SOHR", KILLED, 100, 100),
    Claim("b", "SNHR", KILLED, 200, None),  # open, and disjoint from a: a conflict
    Claim("c", "SOHR", CIVILIANS, 50, 80),
    Claim("d", "SNHR", CIVILIANS, 60, 90, best=70),
    Claim("e", "SOHR", SOLDIERS, 10, 20),
]
TAIL = 24  # the bytes a "newer" caller's struct has past this binding's


def init_size(out, size):
    """The library's cas_X_init_size of ``out``'s struct, with ``size``."""
    func = getattr(lib, _ffi.SIZED[type(out)][1])
    func(ctypes.cast(ctypes.pointer(out), func.argtypes[0]), size)
    return out


# The last member of the first release of the structs that have grown
# since (lib/sized_internal.h's CAS__V1_ sizes); the others end with it.
FIRST_RELEASE_LAST = {
    _ffi.ReconcileOptionsStruct: "default_weight",
    _ffi.ScopeResultStruct: "conflicts",
    _ffi.SumStruct: "high",
    _ffi.BoundsStruct: "unused",
    _ffi.SourcePairStruct: "median_ratio",
}


def first_release_size(struct):
    """The struct's size in the first release: the end of its last member
    then (sizeof may be more, by the padding after it). test_layout checks
    the members against the ABI baseline."""
    name = FIRST_RELEASE_LAST.get(struct, struct._fields_[-1][0])
    member = getattr(struct, name)
    return member.offset + member.size


def bad_csv(ledger):
    """CSV text of the first claim of ``ledger`` with a bad low."""
    lines = ledger.to_csv_text().splitlines()
    columns = lines[0].split(",")
    row = lines[1].split(",")
    row[columns.index("low")] = "abc"
    return "\n".join([lines[0], ",".join(row)]) + "\n"


def bigger(struct):
    """A struct type that is ``struct`` followed by TAIL more bytes."""
    return type("Bigger" + struct.__name__, (ctypes.Structure,),
                {"_fields_": [("base", struct), ("tail", ctypes.c_ubyte * TAIL)]})


def values(struct):
    """The members of a ctypes struct (not its size), comparable with ==."""
    out = []
    for name, _ in struct._fields_:
        value = getattr(struct, name)
        if name == "size":
            continue
        if isinstance(value, ctypes.Structure):
            value = values(value)
        elif isinstance(value, ctypes.Array):
            value = bytes(value)
        elif isinstance(value, float) and math.isnan(value):
            value = "nan"
        elif isinstance(value, ctypes._Pointer):
            value = ctypes.cast(value, ctypes.c_void_p).value
        out.append((name, value))
    return out


class World:
    """The C objects the getters below read from."""

    def __init__(self, case):
        self.ledger = casualty.Ledger(CLAIMS)
        case.addCleanup(self.ledger.close)
        self.rec = self.ledger.reconcile()
        self.killed = self.rec.find(KILLED)
        self.prop = self.rec.propagate()
        self.matrix = self.ledger.source_matrix()
        self.scopes = (_ffi.ScopeStruct * 2)()
        CIVILIANS._to_c(self.scopes[0])
        SOLDIERS._to_c(self.scopes[1])
        self.lows = (ctypes.c_int64 * 2)(1, 2)
        self.highs = (ctypes.c_int64 * 2)(3, _ffi.OPEN)
        # MSE: a two-list estimate and a three-list selection, as C handles
        self.two = MseTable([781, 254, 167])
        self.three = MseTable([60, 50, 20, 40, 15, 12, 8])
        for table in (self.two, self.three):
            case.addCleanup(table.close)
        self.estimate = _ffi.ESTIMATE_P()
        lib.cas_mse_two_list(ctypes.byref(self.estimate), self.two._c(), 1,
                             _ffi.sized(_ffi.MseOptionsStruct), _ffi.new_error())
        case.addCleanup(lib.cas_mse_estimate_free, self.estimate)
        self.selection = _ffi.SELECTION_P()
        lib.cas_mse_select(ctypes.byref(self.selection), self.three._c(),
                           _ffi.sized(_ffi.MseOptionsStruct), _ffi.new_error())
        case.addCleanup(lib.cas_mse_selection_free, self.selection)
        # phrases
        self.options = PhraseOptions()
        case.addCleanup(self.options.close)
        self.phrases = _ffi.PRESULT_P()
        text = b"nearly 400 security personnel were killed"
        lib.cas_phrase_parse(ctypes.byref(self.phrases), None, text, len(text), 0,
                             _ffi.new_error())
        case.addCleanup(lib.cas_phrase_result_free, self.phrases)
        # a lenient load's rejects
        data = bad_csv(self.ledger).encode()
        self.bad = casualty.Ledger()
        case.addCleanup(self.bad.close)
        self.rejects = _ffi.REJECTS_P()
        lib.cas_csv_load_buffer_lenient(self.bad._c(), data, len(data), b"bad.csv",
                                        ctypes.byref(self.rejects), _ffi.new_error())
        case.addCleanup(lib.cas_rejects_free, self.rejects)

    def getters(self):
        """(what, struct, call(out)) for every getter that fills a
        caller's size-prefixed struct."""
        err = _ffi.new_error
        return [
            ("cas_ledger_get", _ffi.ClaimView,
             lambda out: lib.cas_ledger_get(self.ledger._c(), 1, out)),
            ("cas_rejects_get", _ffi.Error,
             lambda out: lib.cas_rejects_get(self.rejects, 0, out)),
            ("cas_compare_at", _ffi.ComparisonStruct,
             lambda out: lib.cas_compare_at(out, self.ledger._c(), 0, 1, err())),
            ("cas_reconciliation_get", _ffi.ScopeResultStruct,
             lambda out: lib.cas_reconciliation_get(self.rec._c(), self.killed, out)),
            ("cas_reconciliation_claim", _ffi.ClaimRefStruct,
             lambda out: lib.cas_reconciliation_claim(self.rec._c(), self.killed, 1, out,
                                                      None)),
            ("cas_reconciliation_conflict", _ffi.ConflictStruct,
             lambda out: lib.cas_reconciliation_conflict(self.rec._c(), self.killed, 0, out)),
            ("cas_sum_ranges", _ffi.SumStruct,
             lambda out: lib.cas_sum_ranges(out, self.scopes, self.lows, self.highs, 2,
                                            err())),
            ("cas_propagation_get", _ffi.BoundsStruct,
             lambda out: lib.cas_propagation_get(self.prop._c(), 0, out)),
            ("cas_matrix_get", _ffi.SourcePairStruct,
             lambda out: lib.cas_matrix_get(self.matrix._c(), 0, out)),
            ("cas_mse_estimate_summary", _ffi.MseSummaryStruct,
             lambda out: lib.cas_mse_estimate_summary(self.estimate, out)),
            ("cas_mse_selection_spread", _ffi.MseSpreadStruct,
             lambda out: lib.cas_mse_selection_spread(self.selection, out)),
            ("cas_mse_estimate_claim", _ffi.ClaimStruct,
             lambda out: lib.cas_mse_estimate_claim(self.estimate, b"x", None, out, err())),
            ("cas_phrase_result_get", _ffi.PhraseClaimStruct,
             lambda out: lib.cas_phrase_result_get(self.phrases, 0, out)),
            ("cas_phrase_options_get_hedge", _ffi.HedgeStruct,
             lambda out: lib.cas_phrase_options_get_hedge(self.options._c(), 0, out)),
        ]


class SizedTest(unittest.TestCase):

    def setUp(self):
        self.world = World(self)

    def test_init_size_sets_the_given_size_and_clears_a_bigger_tail(self):
        for struct in _ffi.SIZED:
            with self.subTest(struct=struct.__name__):
                mine = _ffi.sized(struct)
                self.assertEqual(mine.size, ctypes.sizeof(struct))
                big = bigger(struct)()
                ctypes.memset(ctypes.addressof(big), 0xAB, ctypes.sizeof(big))
                init_size(big.base, ctypes.sizeof(big))
                self.assertEqual(big.base.size, ctypes.sizeof(big))
                self.assertEqual(bytes(big.tail), bytes(TAIL))
                self.assertEqual(values(big.base), values(mine))

    def test_the_binding_s_defaults_are_the_library_s(self):
        """sized() goes through the library: the defaults that are not 0."""
        self.assertEqual(_ffi.sized(_ffi.ScopeStruct).period_start, _ffi.DATE_UNKNOWN)
        claim = _ffi.sized(_ffi.ClaimStruct)
        self.assertEqual((claim.high, claim.best, claim.reported_on, claim.scope.size),
                         (_ffi.OPEN, _ffi.NONE, _ffi.DATE_UNKNOWN,
                          ctypes.sizeof(_ffi.ScopeStruct)))
        self.assertEqual(_ffi.sized(_ffi.ClaimView).period_end, _ffi.DATE_UNKNOWN)
        self.assertEqual(_ffi.sized(_ffi.ReconcileOptionsStruct).default_weight, 1.0)
        self.assertEqual(_ffi.sized(_ffi.MseOptionsStruct).level, 0.95)
        self.assertEqual(_ffi.sized(_ffi.BoundsStruct).scope.period_end, _ffi.DATE_UNKNOWN)
        self.assertEqual(_ffi.sized(_ffi.HedgeStruct).high, _ffi.OPEN)

    def test_getters_write_what_they_know_and_clear_a_bigger_tail(self):
        for what, struct, call in self.world.getters():
            with self.subTest(getter=what):
                mine = _ffi.sized(struct)
                call(mine)
                self.assertEqual(mine.size, ctypes.sizeof(struct))
                big = bigger(struct)()
                init_size(big.base, ctypes.sizeof(big))
                ctypes.memset(ctypes.addressof(big.tail), 0xCD, TAIL)
                call(big.base)
                self.assertEqual(big.base.size, ctypes.sizeof(big), "the size is the caller's")
                self.assertEqual(bytes(big.tail), bytes(TAIL), "bytes past the library's")
                self.assertEqual(values(big.base), values(mine))

    def test_getters_take_the_first_release_s_size(self):
        for what, struct, call in self.world.getters():
            with self.subTest(getter=what):
                mine = _ffi.sized(struct)
                call(mine)
                old = init_size(struct(), first_release_size(struct))
                call(old)
                # The first release's members as a caller of today gets
                # them; nothing written past the old caller's size.
                names = [name for name, _ in struct._fields_ if name != "size"]
                last = FIRST_RELEASE_LAST.get(struct, names[-1])
                kept = names.index(last) + 1
                self.assertEqual(values(old)[:kept], values(mine)[:kept])
                tail = ctypes.string_at(ctypes.addressof(old) + first_release_size(struct),
                                        ctypes.sizeof(struct) - first_release_size(struct))
                self.assertEqual(tail, bytes(len(tail)), "written past the caller's size")

    def test_getters_refuse_a_size_below_the_first_release_s(self):
        for what, struct, call in self.world.getters():
            for size in (first_release_size(struct) - 1, 4):
                with self.subTest(getter=what, size=size):
                    small = init_size(struct(), size)
                    before = bytes(small)
                    with self.assertRaises(casualty.ArgumentError) as cm:
                        call(small)
                    self.assertEqual(cm.exception.status, Status.ARG)
                    self.assertEqual(int(cm.exception.status), 2)
                    self.assertEqual(bytes(small), before, "written on failure")

    def test_in_structs_bigger_are_read_smaller_are_refused(self):
        claim = CLAIMS[0]
        for size, ok in ((ctypes.sizeof(_ffi.ClaimStruct) + TAIL, True),
                         (first_release_size(_ffi.ClaimStruct) - 1, False)):
            big = bigger(_ffi.ClaimStruct)()
            init_size(big.base, size)
            c = claim._to_c(big.base)
            c.size = size  # _to_c initialises at the binding's own size
            with casualty.Ledger() as ledger:
                if ok:
                    lib.cas_ledger_add(ledger._c(), c, _ffi.new_error())
                    self.assertEqual(ledger[0], claim)
                else:
                    with self.assertRaises(casualty.ArgumentError):
                        lib.cas_ledger_add(ledger._c(), c, _ffi.new_error())
                    self.assertEqual(len(ledger), 0)
        for size, ok in ((ctypes.sizeof(_ffi.ReconcileOptionsStruct) + TAIL, True),
                         (first_release_size(_ffi.ReconcileOptionsStruct) - 1, False)):
            big = bigger(_ffi.ReconcileOptionsStruct)()
            init_size(big.base, size)
            out = _ffi.RECON_P()
            if ok:
                lib.cas_reconcile_ledger(ctypes.byref(out), self.world.ledger._c(), big.base,
                                         _ffi.new_error())
                self.assertEqual(lib.cas_reconciliation_count(out), len(self.world.rec))
                lib.cas_reconciliation_free(out)
            else:
                with self.assertRaises(casualty.ArgumentError):
                    lib.cas_reconcile_ledger(ctypes.byref(out), self.world.ledger._c(),
                                             big.base, _ffi.new_error())

    def test_the_public_api_initialises_through_init_size_with_its_sizeof(self):
        calls = []

        class Spy:
            def __init__(self, name):
                self.name = name
                self.func = getattr(lib, name)
                self.argtypes = self.func.argtypes

            def __call__(self, out, size):
                calls.append((self.name, size))
                return self.func(out, size)

        names = sorted({name for _, name in _ffi.SIZED.values()})
        patches = [mock.patch.object(lib, name, Spy(name)) for name in names]
        for patch in patches:
            patch.start()
            self.addCleanup(patch.stop)
        with casualty.Ledger(CLAIMS) as ledger:
            list(ledger)
            ledger.to_csv_text()
            casualty.Ledger.from_csv_text(bad_csv(ledger), lenient=True)[0].close()
            ledger.compare(0, 1)
            casualty.compare(CLAIMS[0], CLAIMS[1])
            rec = ledger.reconcile()
            killed = rec.find(KILLED)
            list(rec)
            rec.conflicts(killed)
            rec.to_csv_text(protect_formulas=True)
            rec.counted(killed)
            rec.provenance(killed, Bound.BEST)
            rec.sum([rec.find(CIVILIANS), rec.find(SOLDIERS)])
            list(rec.propagate(covers=[(KILLED, [CIVILIANS, SOLDIERS])]))
            casualty.sum_ranges([(CIVILIANS, 1, 2)])
            list(ledger.source_matrix())
        dated = casualty.Scope(outcome="killed", period_start="2025-03-06",
                               period_end="2025-03-12")
        with casualty.Ledger([casualty.Claim("s1", "A", dated, low=5, high=5)]) as ledger, \
                casualty.Series(ledger) as series:
            series.reports(0)
            series.as_of(0, datetime.date(2025, 3, 10))
            ledger.import_text("ucdp-brd", "conflict_id,year,bd_low,bd_high\n1,2001,2,3\n")
            casualty.rollup(ledger).ledger.close()
        with MseTable([781, 254, 167]) as table:
            table.two_list()
        with MseTable([60, 50, 20, 40, 15, 12, 8]) as table:
            table.fit()
            table.select()
        casualty.parse_phrase("nearly 400 security personnel were killed")
        with PhraseOptions() as options:
            options.hedges
            options.set_hedge(Hedge("some", rule=casualty.HedgeRule.AT_LEAST))
        sizes = {}
        for struct, (_, name) in _ffi.SIZED.items():
            sizes.setdefault(name, set()).add(ctypes.sizeof(struct))
        self.assertEqual(sorted({name for name, _ in calls}), names, "not called")
        for name, size in calls:
            self.assertIn(size, sizes[name], name)

    def test_no_struct_size_is_set_by_hand(self):
        for path in glob.glob(os.path.join(support.BINDING_DIR, "casualty", "*.py")):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            self.assertEqual(re.findall(r"^.*\.size\s*=[^=].*$", text, re.M), [],
                             os.path.basename(path))


if __name__ == "__main__":
    unittest.main()
