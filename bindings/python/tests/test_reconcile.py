# SPDX-License-Identifier: MIT
"""Comparing, reconciling, printing, summing, propagating and the source
matrix, through the binding."""

import csv
import ctypes
import gc
import io
import math
import os
import unittest

import casualty
from casualty import (Bound, Claim, ClaimRef, Conflict, Ledger, PropagatedBound, ResultRange,
                      Rule, Scope, Side, Status, Sum)

import support

S = Scope("killed", "civilians", place="syria", period_start="2025-03-06",
          period_end="2025-03-12")
A = Scope("killed", "civilians", place="syria/latakia", period_start="2025-03-06",
          period_end="2025-03-12")
B = Scope("killed", "civilians", place="syria/tartus", period_start="2025-03-06",
          period_end="2025-03-12")


def conflicting_ledger():
    return Ledger([
        Claim("s1", "SOHR", S, 1700, 1700, reported_on="2025-03-13"),
        Claim("s0", "SOHR", S, 1000, 1000, reported_on="2025-03-10"),  # superseded
        Claim("n1", "SNHR", S, 823, 823),
        Claim("u1", "UN", S, 800, 2000, 1500),
        Claim("e1", "Est", S, 3000, 5000, basis="estimated"),  # excluded by default
        Claim("a1", "SOHR", A, 900, None),
        Claim("b1", "SNHR", B, 300, 400),
    ])


class CompareTest(unittest.TestCase):

    def test_compare_claims(self):
        sohr = Claim("s", "SOHR", S, 1700, 1700)
        snhr = Claim("n", "SNHR", S, 823, 823)
        cmp = casualty.compare(sohr, snhr)
        self.assertEqual(cmp, casualty.Comparison(
            casualty.ScopeRelation.SAME, casualty.RangeRelation.DISJOINT, False, Side.NEITHER,
            877, 1700, 823, cmp.ratio))
        self.assertAlmostEqual(cmp.ratio, 1700 / 823)
        self.assertEqual((cmp.first_figure, cmp.second_figure), (1700, 823))
        part = Claim("a", "SOHR", A, 900)
        cmp = casualty.compare(part, sohr)
        self.assertEqual((cmp.scope_relation, cmp.consistent, cmp.narrower, cmp.gap),
                         (casualty.ScopeRelation.WITHIN, True, Side.SECOND, 0))
        cmp = casualty.compare(Claim("a", "S", A, 2000), Claim("w", "S", S, 10, 1500))
        self.assertEqual((cmp.consistent, cmp.gap), (False, 500))
        zero = casualty.compare(sohr, Claim("z", "S", S, 0, 0))
        self.assertTrue(math.isnan(zero.ratio))
        self.assertEqual(str(Side.FIRST), "first")

    def test_compare_errors(self):
        good = Claim("s", "SOHR", S, 1700, 1700)
        with self.assertRaises(casualty.ValidationError) as cm:
            casualty.compare(good, Claim("x", "S", "killed", 5, 1))
        self.assertEqual(str(cm.exception), "second claim: field 'high': 1 is below low 5")
        with self.assertRaises(casualty.ValidationError) as cm:
            casualty.compare(Claim("", "S", "killed", 5), good)
        self.assertEqual(str(cm.exception), "first claim: field 'id': required, but empty")
        with self.assertRaises(TypeError):
            casualty.compare(good, "x")

    def test_ledger_compare(self):
        with conflicting_ledger() as ledger:
            self.assertEqual(ledger.compare(0, 2), casualty.compare(ledger[0], ledger[2]))
            self.assertEqual(ledger.compare(-2, 0), casualty.compare(ledger[5], ledger[0]))
            with self.assertRaises(IndexError):
                ledger.compare(0, 7)


class ReconcileTest(unittest.TestCase):

    def setUp(self):
        self.ledger = conflicting_ledger()
        self.addCleanup(self.ledger.close)
        self.rec = self.ledger.reconcile()

    def test_results(self):
        rec = self.rec
        self.assertEqual(len(rec), 3)
        self.assertIs(rec.ledger, self.ledger)
        from casualty import _ffi
        ledger_of = _ffi.lib.cas_reconciliation_ledger(rec._c())
        self.assertEqual(ctypes.cast(ledger_of, ctypes.c_void_p).value,
                         ctypes.cast(self.ledger._c(), ctypes.c_void_p).value)
        self.assertEqual(repr(rec), "<casualty.Reconciliation of 3 scopes>")
        whole = rec[0]
        self.assertEqual(whole, casualty.ScopeResult(
            0, S, False, 3, 3, 1, 1, 800, 2000, 1700, 823, 1500, 1, 1,
            casualty.BestKind.REPORTED))
        self.assertIsNone(whole.consensus)
        self.assertEqual((whole.has_consensus, whole.superseded, whole.excluded),
                         (False, 1, 1))
        self.assertEqual(whole.envelope, (800, 2000))
        self.assertEqual(rec[1].consensus, (900, None))
        self.assertEqual((rec[1].envelope_high, rec[1].best), (None, None))
        self.assertEqual([r.scope for r in rec], [S, A, B])
        self.assertEqual(rec[-1], rec[2])
        self.assertEqual(rec[0:2], list(rec)[0:2])
        with self.assertRaises(IndexError):
            rec[3]
        self.assertEqual(rec.find(B), 2)
        self.assertEqual(rec.get(A).index, 1)
        self.assertIsNone(rec.get(Scope("wounded")))
        with self.assertRaises(casualty.NotFoundError):
            rec.find(Scope("wounded"))
        with self.assertRaises(TypeError):
            rec.find("killed")

    def test_claims_behind_the_results(self):
        rec = self.rec
        ref = ClaimRef(3, "u1", "UN", 800, 2000, 1500)
        self.assertEqual(rec.counted(0), [ClaimRef(2, "n1", "SNHR", 823, 823, 823),
                                          ClaimRef(0, "s1", "SOHR", 1700, 1700, 1700), ref])
        self.assertEqual(rec.provenance(0, Bound.ENVELOPE_LOW), [ref])
        self.assertEqual(rec.provenance(rec[0], Bound.ENVELOPE_HIGH), [ref])
        self.assertEqual([r.id for r in rec.provenance(0, Bound.CONSENSUS_LOW)], ["s1"])
        self.assertEqual([r.id for r in rec.provenance(0, Bound.CONSENSUS_HIGH)], ["n1"])
        self.assertEqual(rec.provenance(0, Bound.BEST), [ref])
        self.assertEqual(rec.provenance(1, Bound.BEST), [])
        self.assertEqual(rec.provenance(1, Bound.ENVELOPE_HIGH)[0].high, None)
        conflicts = rec.conflicts(0)
        self.assertEqual(conflicts, [Conflict(0, "s1", "SOHR", 2, "n1", "SNHR", 877,
                                              conflicts[0].ratio)])
        self.assertAlmostEqual(conflicts[0].ratio, 1700 / 823)
        c = conflicts[0]
        self.assertEqual((c.higher, c.higher_id, c.higher_source, c.lower, c.lower_id,
                          c.lower_source, c.gap), (0, "s1", "SOHR", 2, "n1", "SNHR", 877))
        self.assertEqual(rec.conflicts(2), [])
        with self.assertRaises(IndexError):
            rec.counted(3)
        with self.assertRaises(ValueError):
            rec.provenance(0, 9)
        self.assertEqual(str(Bound.CONSENSUS_HIGH), "consensus_high")

    def test_every_scope_of_the_bundled_data(self):
        """Envelope, consensus and counts agree with the claims themselves."""
        with Ledger.from_csv(support.BUNDLED) as ledger:
            rec = ledger.reconcile()
            for result in rec:
                claims = [ledger[r.index] for r in rec.counted(result)]
                self.assertEqual(len(claims), result.claims)
                self.assertTrue(all(c.scope == result.scope for c in claims))
                highs = [c.high for c in claims]
                self.assertEqual(result.envelope_low, min(c.low for c in claims))
                self.assertEqual(result.consensus_low, max(c.low for c in claims))
                self.assertEqual(result.envelope_high,
                                 None if None in highs else max(highs))
                closed = [h for h in highs if h is not None]
                self.assertEqual(result.consensus_high, min(closed) if closed else None)
                self.assertEqual(result.sources, len({c.source for c in claims}))

    def test_options(self):
        ledger = self.ledger
        estimates = ledger.reconcile(bases=[casualty.Basis.ESTIMATED])
        self.assertEqual(len(estimates), 1)
        self.assertEqual((estimates[0].envelope, estimates[0].excluded), ((3000, 5000), 3))
        everything = ledger.reconcile(bases=list(casualty.Basis))
        self.assertEqual(everything[0].claims, 4)
        self.assertEqual(ledger.reconcile(bases="documented") is not None, True)
        weighted = ledger.reconcile(S, weights={"SOHR": 3})
        self.assertEqual(len(weighted), 1)
        self.assertEqual(weighted[0].best, 1700)
        unweighted = ledger.reconcile(S, weights={"UN": 0}, default_weight=1)
        self.assertEqual(unweighted[0].best, (823 + 1700) // 2)
        unlisted = ledger.reconcile(S, max_conflicts=0)
        self.assertEqual((unlisted[0].conflict_pairs, unlisted[0].conflicts), (1, 0))
        self.assertEqual(unlisted.conflicts(0), [])
        # the flags name every claim in a conflict, however few pairs are listed
        full = ledger.reconcile(S, max_conflicts=None)
        named = {c.higher for c in full.conflicts(0)} | {c.lower for c in full.conflicts(0)}
        want = [r.index in named for r in full.counted(0)]
        self.assertTrue(any(want))
        self.assertEqual(unlisted.claims_in_conflict(0), want)
        self.assertEqual(full.claims_in_conflict(full[0]), want)
        self.assertEqual(ledger.reconcile(S, max_conflicts=None)[0].conflicts, 1)

    def test_errors(self):
        ledger = self.ledger
        with self.assertRaises(casualty.NotFoundError) as cm:
            ledger.reconcile(Scope("wounded"))
        self.assertEqual(str(cm.exception), "no claim counts on scope wounded * by * in * "
                         "?..? (0 on it, all superseded or of bases left out)")
        with self.assertRaises(casualty.ArgumentError) as cm:
            ledger.reconcile(weights={"SOHR": -1})
        self.assertEqual(str(cm.exception),
                         "field 'weights': the weight of 'SOHR' must be finite and >= 0, got -1")
        self.assertEqual(cm.exception.field, "weights")
        with self.assertRaises(casualty.ArgumentError):
            ledger.reconcile(bases=[])
        with self.assertRaises(casualty.ArgumentError):
            ledger.reconcile(max_conflicts=-1)
        with self.assertRaises(casualty.ValidationError):
            ledger.reconcile(bases=["rumour"])
        with self.assertRaises(TypeError):
            ledger.reconcile("killed")


class ReportTest(support.TempDirTestCase):

    def test_table_and_csv(self):
        with conflicting_ledger() as ledger:
            rec = ledger.reconcile()
            table = rec.table()
            lines = table.split("\n")
            self.assertTrue(lines[0].startswith("outcome  group      perpetrator  place"))
            self.assertIn("    conflict        s1 (SOHR) > n1 (SNHR): gap 877, ratio 2.07",
                          lines)
            text = rec.to_csv_text()
            rows = list(csv.DictReader(io.StringIO(text)))
            self.assertEqual(len(rows), 3)
            self.assertEqual((rows[0]["place"], rows[0]["consensus"], rows[0]["best"],
                              rows[1]["envelope_high"]), ("syria", "no", "1500", ""))
            rec.save_table(self.path("t.txt"))
            rec.save_csv(self.path("t.csv"))
            with open(self.path("t.txt"), encoding="utf-8") as f:
                self.assertEqual(f.read(), table)
            with open(self.path("t.csv"), encoding="utf-8") as f:
                self.assertEqual(f.read(), text)
            with self.assertRaises(casualty.CasualtyIOError) as cm:
                rec.save_csv(self.path("no/dir/t.csv"))
            self.assertIn(self.path("no/dir/t.csv"), str(cm.exception))


class BestRuleTest(unittest.TestCase):
    """docs/model.md section 13: the rule that picks a scope's best."""

    def best(self, **options):
        with conflicting_ledger() as ledger, ledger.reconcile(**options) as rec:
            return rec[0].best, rec[0].best_kind

    def test_rules(self):
        # Figures on S: SOHR 1700, SNHR 823, UN 1500 (its best).
        self.assertEqual(self.best(), (1500, casualty.BestKind.REPORTED))
        self.assertEqual(self.best(best="lowest"), (823, casualty.BestKind.REPORTED))
        self.assertEqual(self.best(best=casualty.BestRule.LOWEST), (823, casualty.BestKind.REPORTED))
        self.assertEqual(self.best(priority=["Nobody", "SNHR", "SOHR"]),
                         (823, casualty.BestKind.REPORTED))
        self.assertEqual(self.best(priority=["Nobody"]), (None, casualty.BestKind.ABSENT))
        self.assertEqual(self.best(best="none-if-conflict"), (None, casualty.BestKind.ABSENT))
        self.assertEqual(casualty.BestRule.NONE_IF_CONFLICT.label, "none-if-conflict")
        self.assertEqual(casualty.BestRule.MEDIAN.label, "median")
        self.assertIs(casualty.BestRule.from_label("priority"), casualty.BestRule.PRIORITY)
        with self.assertRaises(casualty.ValidationError):
            casualty.BestRule.from_label("mean")
        with self.assertRaises(casualty.ArgumentError):
            self.best(best="priority")  # no list
        with self.assertRaises(TypeError):
            self.best(priority="SOHR")

    def test_midpoint_is_marked(self):
        with Ledger([Claim("s", "SOHR", S, 1700, 1700), Claim("n", "SNHR", S, 823, 823)]) as l, \
                l.reconcile() as rec:
            self.assertEqual((rec[0].best, rec[0].best_kind),
                             (1261, casualty.BestKind.MIDPOINT))
            self.assertEqual(casualty.BestKind.MIDPOINT.label, "midpoint")
            self.assertEqual(casualty.BestKind.SUM.label, "sum")
            self.assertIn("1261 (midpoint)", rec.table())
            self.assertTrue(rec.to_csv_text().splitlines()[1].endswith(",midpoint,,"))
            total = rec.sum([0], ResultRange.ENVELOPE)
            self.assertEqual((total.best, total.midpoint_bests), (1261, 1))


    def test_propagation_sums_covering_parts(self):
        # casualties = killed + wounded + missing + captured (the default
        # vocabulary's exhaustive parts): its best is their sum, marked SUM.
        x = Scope("casualties", place="x")
        claims = [Claim(o[0], "S", Scope(o, place="x"), n, n)
                  for o, n in (("killed", 10), ("wounded", 5), ("missing", 1), ("captured", 0))]
        with Ledger(claims + [Claim("t", "T", x, 3, None)]) as ledger, \
                ledger.reconcile() as rec, rec.propagate() as prop:
            whole = prop[prop.find(x)]
            self.assertEqual((whole.low, whole.high), (16, 16))
            self.assertEqual((whole.best, whole.best_kind), (16, casualty.BestKind.SUM))
            killed = prop[prop.find(Scope("killed", place="x"))]
            self.assertEqual((killed.best, killed.best_kind), (10, casualty.BestKind.REPORTED))


class AggregateTest(unittest.TestCase):

    def test_sum_ranges(self):
        self.assertEqual(casualty.sum_ranges([]), Sum(0, 0, 0, 0))
        self.assertEqual(casualty.sum_ranges([(A, 1, 2)]).terms, 1)
        self.assertEqual(casualty.sum_ranges([(A, 1, 2), (B, 3, None)]), Sum(2, 4, None, None, 2))
        self.assertEqual(casualty.sum_ranges([Claim("a", "S", A, 10, 20),
                                              Claim("b", "S", B, 5, 5)]), Sum(2, 15, 25, None, 1))
        # Bests add when every term has one (docs/model.md section 13).
        total = casualty.sum_ranges([(A, 10, 20, 12), (B, 5, None, 7)])
        self.assertEqual((total.best, total.without_best, total.midpoint_bests), (19, 0, 0))
        with self.assertRaises(casualty.ValidationError):
            casualty.sum_ranges([(A, 10, 20, 25)])
        with self.assertRaises(casualty.ConflictError) as cm:
            casualty.sum_ranges([(S, 1, 2), (A, 1, 2)])
        self.assertEqual(cm.exception.status, Status.OVERLAP)
        self.assertIn("term 0", str(cm.exception))
        self.assertIn("term 1", str(cm.exception))
        self.assertIn("count the same people twice", str(cm.exception))
        with self.assertRaises(casualty.CountOverflowError) as cm:
            casualty.sum_ranges([(A, 2 ** 62, None), (B, 2 ** 62, None),
                                 (Scope("killed", place="iraq"), 2 ** 62, None)])
        self.assertEqual(str(cm.exception),
                         "field 'low': the sum of the lows does not fit in 64 bits")
        with self.assertRaises(casualty.ValidationError):
            casualty.sum_ranges([(A, 5, 3)])
        with self.assertRaises(TypeError):
            casualty.sum_ranges([("killed", 1, 2)])

    def test_sum_results(self):
        with conflicting_ledger() as ledger:
            rec = ledger.reconcile()
            # Neither part has a best: SOHR's floor, SNHR's range.
            self.assertEqual(rec.sum([1, 2]), Sum(2, 1200, None, None, 2, 0))
            self.assertEqual(rec.sum([rec[0]], ResultRange.ENVELOPE), Sum(1, 800, 2000, 1500))
            with self.assertRaises(casualty.ConflictError) as cm:
                rec.sum([0, 1])
            self.assertEqual(cm.exception.status, Status.CONFLICT)
            self.assertIn("no consensus: 1700 > 823", str(cm.exception))
            with self.assertRaises(casualty.ConflictError) as cm:
                rec.sum([0, 1], ResultRange.ENVELOPE)
            self.assertEqual(cm.exception.status, Status.OVERLAP)
            with self.assertRaises(IndexError):
                rec.sum([5])
            self.assertEqual(str(ResultRange.ENVELOPE), "envelope")

    def test_propagation(self):
        with Ledger([Claim("w", "UN", S, 100, 1000), Claim("a", "SOHR", A, 300, None),
                     Claim("b", "SNHR", B, 200, 250)]) as ledger:
            rec = ledger.reconcile()
            prop = rec.propagation()
            self.assertFalse(prop.ran)
            self.assertEqual(prop[0].low, 100)  # the starting range before run()
            prop.cover(S, [A, B])
            prop.run()
            self.assertTrue(prop.ran)
            self.assertIs(prop.ledger, ledger)
            self.assertEqual(len(prop), 3)
            self.assertEqual(prop.conflicts, 0)
            whole, a, b = prop[prop.find(S)], prop.get(A), prop[-1]
            self.assertIsInstance(whole, casualty.Bounds)
            self.assertEqual((whole.initial_low, whole.low, whole.low_rule),
                             (100, 500, Rule.SUM))
            self.assertEqual((whole.high, whole.high_rule), (1000, Rule.CLAIMS))
            self.assertEqual((a.initial_high, a.high, a.high_rule), (None, 800, Rule.REST))
            self.assertEqual((b.low, b.high, b.has_claims, b.conflict),
                             (200, 250, True, False))
            self.assertEqual({r.id for r in prop.provenance(whole, PropagatedBound.LOW)},
                             {"a", "b"})
            self.assertEqual([r.id for r in prop.provenance(0, PropagatedBound.HIGH)], ["w"])
            self.assertEqual(list(prop)[1:], prop[1:])
            with self.assertRaises(casualty.ArgumentError) as cm:
                prop.cover(S, [A, B])
            self.assertEqual(str(cm.exception), "the propagation has already run")
            with self.assertRaises(casualty.NotFoundError):
                prop.find(Scope("wounded"))
            self.assertIsNone(prop.get(Scope("wounded")))
            self.assertIn("3 scopes, 0 conflicts", repr(prop))
            self.assertEqual(str(Rule.COVER_HIGH), "cover_high")
            self.assertEqual(str(PropagatedBound.LOW), "low")

    def test_propagate_conflict_and_cover_errors(self):
        with Ledger([Claim("w", "UN", S, 100, 400), Claim("a", "SOHR", A, 300, None),
                     Claim("b", "SNHR", B, 200, 250)]) as ledger:
            rec = ledger.reconcile()
            prop = rec.propagate(covers=[(S, [A, B])])
            self.assertEqual(prop.conflicts, 1)
            whole = prop.get(S)
            self.assertTrue(whole.conflict)
            self.assertEqual((whole.low, whole.high), (500, 400))
            unclaimed = Scope("killed", "civilians", place="syria/homs",
                              period_start="2025-03-06", period_end="2025-03-12")
            prop2 = rec.propagate(covers=[(S, [A, B, unclaimed])])
            added = prop2.get(unclaimed)
            self.assertEqual((added.has_claims, added.initial_low, added.initial_high,
                              added.low_rule), (False, 0, None, Rule.UNCLAIMED))
            with self.assertRaises(casualty.ValidationError) as cm:
                rec.propagate(covers=[(A, [B])])
            self.assertEqual(cm.exception.status, Status.RANGE)
            self.assertIn("is not within the whole", str(cm.exception))
            with self.assertRaises(casualty.ConflictError):
                rec.propagate(covers=[(S, [A, A])])
            with self.assertRaises(TypeError):
                rec.propagate(covers=[(S, ["syria"])])
            envelope = rec.propagate(ResultRange.ENVELOPE)
            self.assertEqual(envelope.get(S).initial_high, 400)


class MatrixTest(unittest.TestCase):

    def test_matrix(self):
        with conflicting_ledger() as ledger:
            m = ledger.source_matrix()
            self.assertIs(m.ledger, ledger)
            self.assertEqual(m.sources, ("SNHR", "SOHR", "UN"))
            pairs = list(m)
            self.assertTrue(all(isinstance(p, casualty.SourcePair) for p in pairs))
            self.assertEqual(len(m), 3)
            self.assertEqual([(p.first, p.second, p.scopes, p.agree, p.conflict, p.ratios)
                              for p in pairs],
                             [("SNHR", "SOHR", 1, 0, 1, 1), ("SNHR", "UN", 1, 1, 0, 1),
                              ("SOHR", "UN", 1, 1, 0, 1)])
            self.assertAlmostEqual(pairs[0].median_ratio, 823 / 1700)
            self.assertEqual(m[0], pairs[0])
            self.assertEqual(m[-1], pairs[-1])
            back = m.pair("SOHR", "SNHR")
            self.assertAlmostEqual(back.median_ratio * pairs[0].median_ratio, 1.0)
            with self.assertRaises(casualty.ArgumentError) as cm:
                m.pair("SOHR", "SOHR")
            self.assertEqual(str(cm.exception), "a source is not compared with itself: 'SOHR'")
            with self.assertRaises(casualty.NotFoundError) as cm:
                m.pair("SOHR", "Nobody")
            self.assertEqual(str(cm.exception),
                             "source 'Nobody' has no counted claim in the matrix")
            with_estimates = ledger.source_matrix(bases=list(casualty.Basis))
            self.assertIn("Est", with_estimates.sources)
            self.assertEqual(with_estimates.pair("Est", "UN").scopes, 1)
            self.assertEqual(with_estimates.pair("Est", "UN").conflict, 1)
            self.assertIn("3 sources, 3 pairs", repr(m))
            self.assertEqual(m[1:], pairs[1:])


class LifetimeTest(unittest.TestCase):
    """Results that read a ledger's memory never outlive it unsafely."""

    def test_results_keep_the_ledger_alive(self):
        rec = conflicting_ledger().reconcile()
        gc.collect()
        self.assertFalse(rec.ledger.closed)
        self.assertEqual(rec[0].claims, 3)  # the ledger is still there
        prop = rec.propagate()
        matrix = rec.ledger.source_matrix()
        del rec
        gc.collect()
        self.assertEqual(len(prop), 3)
        self.assertEqual(matrix.sources, ("SNHR", "SOHR", "UN"))

    def test_closing_the_ledger_closes_its_results(self):
        ledger = conflicting_ledger()
        rec = ledger.reconcile()
        prop = rec.propagate()
        matrix = ledger.source_matrix()
        first = rec[0]
        refs = rec.counted(0)
        bounds = prop[0]
        pair = matrix[0]
        ledger.close()
        for obj in (rec, prop, matrix):
            self.assertTrue(obj.closed)
        # Values read before are copies: still fine.
        self.assertEqual((first.claims, refs[0].id, bounds.low, pair.first),
                         (3, "n1", 1700, "SNHR"))
        calls = [lambda: len(rec), lambda: rec[0], lambda: rec.counted(0),
                 lambda: rec.table(), lambda: rec.sum([1]), lambda: rec.propagate(),
                 lambda: len(prop), lambda: prop.provenance(0, 0), lambda: matrix.pair("A", "B"),
                 lambda: list(matrix), lambda: rec.__enter__(), lambda: prop._as_parameter_]
        for call in calls:
            with self.assertRaises(casualty.ClosedError):
                call()
        self.assertEqual(repr(rec), "<casualty.Reconciliation (closed)>")
        self.assertEqual(repr(prop), "<casualty.Propagation (closed)>")
        self.assertEqual(repr(matrix), "<casualty.SourceMatrix (closed)>")

    def test_close_and_with(self):
        with conflicting_ledger() as ledger:
            with ledger.reconcile() as rec:
                self.assertEqual(len(rec), 3)
            self.assertTrue(rec.closed)
            self.assertFalse(ledger.closed)
            with rec.ledger.source_matrix() as m, ledger.reconcile().propagate() as p:
                self.assertEqual(len(m), 3)
                self.assertEqual(len(p), 3)
            self.assertTrue(m.closed and p.closed)
            rec.close()  # twice is harmless
            self.assertEqual(len(ledger), 7)

    def test_collection_frees_results(self):
        ledger = conflicting_ledger()
        handles = []
        for _ in range(3):
            rec = ledger.reconcile()
            handles += [rec._handle, rec.propagate()._handle, ledger.source_matrix()._handle]
        del rec
        gc.collect()
        self.assertEqual([h.alive for h in handles], [False] * len(handles))
        self.assertTrue(ledger._handle.alive)
        # A ledger dropped with its results: everything is freed, results first.
        rec = ledger.reconcile()
        handles = [ledger._handle, rec._handle]
        del ledger, rec
        gc.collect()
        self.assertEqual([h.alive for h in handles], [False, False])

    def test_no_memory_growth(self):
        def rss():
            with open("/proc/self/statm") as f:
                return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

        text = "id,source,outcome,place,low,high\n" + "".join(
            "c%d,S%d,killed,p%d,%d,%d\n" % (i, i % 5, i // 5, i, i + 10) for i in range(1000))
        ledger = Ledger.from_csv_text(text)

        def churn(n):
            for _ in range(n):
                rec = ledger.reconcile()
                rec.propagate()
                ledger.source_matrix()
                del rec

        churn(50)
        gc.collect()
        before = rss()
        churn(300)
        gc.collect()
        self.assertLess(rss() - before, 24 << 20)
        ledger.close()


if __name__ == "__main__":
    unittest.main()
