# SPDX-License-Identifier: MIT
"""Multiple systems estimation through the binding: tables, models,
two-list estimates, log-linear fits, model selection, claims."""

import gc
import math
import os
import unittest

import casualty
from casualty import (IntervalFlag, Ledger, MseCriterion, MseInterval, MseMethod, MseTable,
                      Scope, Status)

import support

MSE_DATA = os.path.join(support.TOP_SRCDIR, "tests", "data", "mse")
SEBER = os.path.join(MSE_DATA, "seber.csv")
HEPATITIS = os.path.join(MSE_DATA, "hepatitis-a-taiwan.csv")
HIV = os.path.join(MSE_DATA, "hiv-rome.csv")


def rel(a, b):
    return abs(a - b) / abs(b)


class TableTest(support.TempDirTestCase):

    def test_load(self):
        with MseTable.load(HEPATITIS) as t:
            self.assertEqual((t.lists, t.names, t.observed), (3, ("P", "Q", "E"), 271))
            self.assertEqual(t.count("001"), 63)
            self.assertEqual(t.count(4), 63)
            self.assertEqual(t.count("111"), 28)
            self.assertEqual(t.counts, [69, 55, 21, 63, 17, 18, 28])
            self.assertEqual(repr(t), "<casualty.MseTable of 3 lists (P, Q, E), 271 observed>")
            with self.assertRaises(casualty.ValidationError):
                t.count("0000")
            with self.assertRaises(casualty.ValidationError):
                t.count(8)
        self.assertTrue(t.closed)
        with self.assertRaises(casualty.ClosedError):
            t.observed

    def test_new_and_text(self):
        from_list = MseTable([781, 254, 167], names=["A", "B"])
        from_map = MseTable({"10": 781, "01": 254, "11": 167}, names=["A", "B"])
        from_numbers = MseTable({1: 781, 2: 254, 3: 167})
        text = MseTable.from_csv_text("A,B,count\n1,0,781\n0,1,254\n1,1,167\n", name="s.csv")
        loaded = MseTable.load(SEBER)
        for t in (from_list, from_map, from_numbers, text):
            self.assertEqual(t.counts, loaded.counts)
        self.assertEqual(from_numbers.names, ("1", "2"))
        self.assertEqual(from_map.names, ("A", "B"))

    def test_errors(self):
        with self.assertRaises(casualty.ValidationError) as cm:
            MseTable.from_csv_text("A,B,count\n1,0,781\n0,2,254\n1,1,167\n", name="lists.csv")
        self.assertEqual(str(cm.exception), "lists.csv:3:2: field 'B': expected 0 or 1 (is "
                         "the record on this list?), got '2'")
        self.assertEqual((cm.exception.status, cm.exception.line, cm.exception.column,
                          cm.exception.field, cm.exception.file),
                         (Status.VALUE, 3, 2, "B", "lists.csv"))
        cases = [
            ("", casualty.ParseError, Status.EMPTY),
            ("A,B\n1,0\n", casualty.ParseError, Status.HEADER),
            ("A,B,count\n1,0,x\n0,1,2\n1,1,3\n", casualty.ParseError, Status.NUMBER),
            ("A,B,count\n1,0,-1\n0,1,2\n1,1,3\n", casualty.ValidationError, Status.RANGE),
            ("A,B,count\n1,0,1\n1,0,2\n1,1,3\n", casualty.DuplicateError, Status.DUPLICATE),
            ("A,B,count\n1,0,1\n1,1,3\n", casualty.ValidationError, Status.MISSING),
            ("A,B,count\n1,0,1,4\n", casualty.ParseError, Status.CSV),
        ]
        for text, cls, status in cases:
            with self.subTest(text):
                with self.assertRaises(cls) as cm:
                    MseTable.from_csv_text(text)
                self.assertEqual(cm.exception.status, status)
        with self.assertRaises(casualty.CasualtyIOError):
            MseTable.load(self.path("missing.csv"))
        with self.assertRaises(casualty.ValidationError) as cm:
            MseTable([1, -2, 3])
        self.assertEqual(cm.exception.status, Status.RANGE)
        with self.assertRaises(casualty.ArgumentError):
            MseTable([1, 2])
        with self.assertRaises(casualty.ArgumentError):
            MseTable([1, 2, 3], names=["A", "A"])
        with self.assertRaises(casualty.ArgumentError):
            MseTable([1, 2, 3], names=["A"])
        with self.assertRaises(casualty.ValidationError) as cm:
            MseTable({"10": 1, "11": 2})
        self.assertEqual(str(cm.exception), "pattern 01 has no count")


class ModelTest(unittest.TestCase):

    def test_parse_and_format(self):
        self.assertEqual(casualty.parse_model("independence", 3), casualty.MSE_INDEPENDENCE)
        self.assertEqual(casualty.parse_model("[]", 4), 0)
        # bit s stands for the term of the set of lists s: {1,2} is 0b011 = 3
        self.assertEqual(casualty.parse_model("[12]", 3), 1 << 3)
        self.assertEqual(casualty.parse_model("[12,13]", 3), 1 << 3 | 1 << 5)
        self.assertEqual(casualty.parse_model("[123]", 3), 1 << 3 | 1 << 5 | 1 << 6 | 1 << 7)
        self.assertEqual(casualty.parse_model("two-way", 4), casualty.two_way_model(4))
        self.assertEqual(casualty.format_model(casualty.two_way_model(4), 4),
                         "[12,13,14,23,24,34]")
        self.assertEqual(casualty.format_model(0, 3), "independence")
        self.assertEqual(casualty.format_model(casualty.parse_model("[12,134]", 4), 4),
                         "[12,134]")
        self.assertEqual(casualty.MSE_MAX_LISTS, 6)
        with self.assertRaises(casualty.ParseError) as cm:
            casualty.parse_model("[15]", 3)
        self.assertEqual(str(cm.exception), "field 'model': at byte 3: '5' is not a list "
                         "number (lists are numbered 1 to 3)")
        self.assertEqual((cm.exception.status, cm.exception.column), (Status.PARSE, 3))
        with self.assertRaises(casualty.ArgumentError):
            casualty.format_model(1 << 40, 3)


class EstimateTest(unittest.TestCase):
    """Reference values of docs/mse.md, "Verification"."""

    def test_two_lists(self):
        with MseTable.load(SEBER) as t:
            e = t.two_list()
            self.assertIsInstance(e, casualty.MseEstimate)
            self.assertIsInstance(e.intervals[MseInterval.WALD], casualty.MseIntervalBounds)
            self.assertEqual((e.interval_flags, e.iterations), (IntervalFlag.NONE, 0))
            self.assertTrue(math.isnan(e.loglik) and math.isnan(e.profile_mode))
            self.assertEqual((e.method, e.lists, e.observed), (MseMethod.CHAPMAN, 2, 1202))
            self.assertLess(rel(e.n_hat, 2382.7976), 1e-6)
            self.assertLess(rel(e.se, 129.0563), 1e-6)
            self.assertEqual(e.interval, MseInterval.LOGNORMAL)
            self.assertAlmostEqual(e.low, 2155.715, delta=1e-3)
            self.assertAlmostEqual(e.high, 2663.949, delta=1e-3)
            self.assertEqual(set(e.intervals), {MseInterval.WALD, MseInterval.LOGNORMAL})
            self.assertEqual(e.intervals[MseInterval.LOGNORMAL].low, e.low)
            self.assertEqual(e.source, "MSE Chapman; lists: A, B")
            self.assertTrue(math.isnan(e.aic) and math.isnan(e.deviance))
            self.assertEqual((e.model_text, e.coefficients), ("", ()))
            self.assertAlmostEqual(e.fitted[0], e.n_hat - 1202)
            self.assertEqual(e.fitted[1:], (None, None, None))
            lp = t.two_list(MseMethod.LINCOLN_PETERSEN, level=0.9)
            self.assertLess(rel(lp.n_hat, 2389.8683), 1e-6)
            self.assertEqual(lp.level, 0.9)
            with self.assertRaises(casualty.EstimationError) as cm:
                t.fit(0)
            self.assertEqual(cm.exception.status, Status.SATURATED)
            sat = t.fit(0, allow_saturated=True)
            self.assertLess(rel(sat.n_hat, lp.n_hat), 1e-9)
        with self.assertRaises(casualty.EstimationError) as cm:
            MseTable([5, 7, 0]).two_list()
        self.assertEqual(cm.exception.status, Status.NO_ESTIMATE)
        with MseTable.load(HEPATITIS) as three:
            with self.assertRaises(casualty.ArgumentError):
                three.two_list()

    def test_loglinear(self):
        with MseTable.load(HEPATITIS) as t:
            e = t.fit("independence")
            self.assertEqual((e.method, e.model, e.model_text, e.df, e.params),
                             (MseMethod.LOGLINEAR, 0, "independence", 3, 4))
            self.assertLess(rel(e.n_hat, 388.4835), 1e-6)
            self.assertLess(rel(e.se, 21.553092), 1e-6)
            self.assertLess(rel(e.deviance, 24.3568353283), 1e-9)
            self.assertLess(rel(e.aic, 69.7479), 1e-6)
            self.assertLess(rel(e.bic, 84.1564), 1e-6)
            profile = e.intervals[MseInterval.PROFILE]
            self.assertEqual(e.interval, MseInterval.PROFILE)
            self.assertAlmostEqual(profile.low, 350.311, delta=1e-2)
            self.assertAlmostEqual(profile.high, 435.411, delta=1e-2)
            self.assertEqual(profile.flags, IntervalFlag.NONE)
            self.assertEqual([c.term for c in e.coefficients], [0, 1, 2, 4])
            self.assertIsInstance(e.coefficients[0], casualty.MseCoefficient)
            self.assertLess(rel(math.exp(e.coefficients[0].value), e.n_hat - 271), 1e-9)
            self.assertGreater(e.iterations, 0)
            self.assertLess(rel(-2 * e.loglik + 2 * e.params, e.aic), 1e-12)
            self.assertTrue(350 < e.profile_mode < 436)
            self.assertEqual(len(e.fitted), 8)
            self.assertAlmostEqual(sum(e.fitted[1:]), 271, places=6)
            self.assertAlmostEqual(e.fitted[0], e.n_hat - 271, places=6)
            quick = t.fit(0, profile=False)
            self.assertNotIn(MseInterval.PROFILE, quick.intervals)
            self.assertEqual(quick.interval, MseInterval.LOGNORMAL)
            with self.assertRaises(casualty.EstimationError) as cm:
                t.fit("[123]")
            self.assertEqual(cm.exception.status, Status.NO_ESTIMATE)
            with self.assertRaises(TypeError):
                t.fit(1.5)
        with MseTable.load(HIV) as hiv:
            e = hiv.fit("[12]")
            self.assertLess(rel(e.n_hat, 12318.468), 1e-6)
            self.assertLess(rel(e.se, 1188.722), 1e-6)
            self.assertAlmostEqual(e.low, 10265.99, delta=1e-2)
            self.assertAlmostEqual(e.high, 14992.33, delta=1e-2)
            self.assertEqual(e.source, "MSE log-linear [12]; lists: c1, c2, c3, c4")
            with self.assertRaises(casualty.EstimationError) as cm:
                hiv.fit("[134]")
            self.assertEqual(cm.exception.status, Status.DIVERGED)
            steps = hiv.fit("two-way").iterations
            self.assertGreater(steps, 1)
            self.assertEqual(hiv.fit("two-way", max_iterations=steps).iterations, steps)
            with self.assertRaises(casualty.EstimationError) as cm:
                hiv.fit("two-way", max_iterations=steps - 1)
            self.assertEqual(cm.exception.status, Status.NOT_CONVERGED)
            self.assertEqual(str(cm.exception), "field 'model': model [12,13,14,23,24,34]: "
                             "the fit did not converge in %d steps" % (steps - 1))

    def test_selection(self):
        with MseTable.load(HEPATITIS) as t:
            s = t.select()
            self.assertIsInstance(s, casualty.MseSelection)
            self.assertIsInstance(s.ranked[0], casualty.MseRankedModel)
            self.assertIsInstance(s.failed[0], casualty.MseFailedModel)
            self.assertGreaterEqual(s.high_max, s.best.high)
            self.assertEqual(s.interval_flags, IntervalFlag.NONE)
            self.assertEqual(s.criterion, MseCriterion.AIC)
            self.assertEqual(s.best, s.ranked[0].estimate)
            self.assertEqual(s.chosen, s.best.model)
            self.assertEqual(s.ranked[0].delta, 0.0)
            deltas = [m.delta for m in s.ranked]
            self.assertEqual(deltas, sorted(deltas))
            for m in s.ranked:
                self.assertAlmostEqual(m.criterion, m.estimate.aic, places=9)
            self.assertGreaterEqual(s.supported, 1)
            self.assertLessEqual(s.n_hat_min, s.best.n_hat)
            self.assertGreaterEqual(s.n_hat_max, s.best.n_hat)
            self.assertEqual([f.status for f in s.failed], [Status.SATURATED])
            self.assertEqual(s.failed[0].model_text, "[12,13,23]")
            self.assertIn("saturated", s.failed[0].message)
            bic = t.select(criterion=MseCriterion.BIC, support=0)
            self.assertEqual(bic.criterion, MseCriterion.BIC)
            self.assertEqual(bic.supported, 1)
            saturated = t.select(allow_saturated=True)
            self.assertEqual(saturated.failed, ())
            self.assertEqual(len(saturated.ranked), len(s.ranked) + 1)
        with MseTable.load(SEBER) as two:
            with self.assertRaises(casualty.ArgumentError):
                two.select()


class ClaimTest(unittest.TestCase):

    def test_estimate_as_claim(self):
        with MseTable.load(HIV) as hiv:
            e = hiv.fit("[12]")
            scope = Scope("infected", place="italy/rome")
            claim = e.to_claim("mse-1", scope)
            self.assertEqual((claim.id, claim.scope, claim.low, claim.high, claim.best),
                             ("mse-1", scope, 10265, 14993, 12318))
            self.assertEqual((claim.qualifier, claim.basis, claim.source),
                             (casualty.Qualifier.APPROX, casualty.Basis.ESTIMATED, e.source))
            self.assertTrue(claim.quote.startswith("N-hat 12318.47 (SE 1188.72), 95% profile"))
            s = hiv.select()
            wide = s.to_claim("mse-2", scope)
            self.assertLessEqual(wide.low, math.floor(s.low_min))
            self.assertEqual(wide.best, round(s.best.n_hat))
            self.assertIn("chosen by AIC", wide.source)
            with Ledger([claim, wide, casualty.Claim("doc", "ISS", scope, 9000, None,
                                                     basis="documented")]) as ledger:
                rec = ledger.reconcile(bases=["documented", "estimated"])
                self.assertEqual(rec[0].claims, 3)
                self.assertEqual(rec[0].consensus_low, max(9000, claim.low, wide.low))
            self.assertEqual(e.to_claim("x").scope, Scope())
            with self.assertRaises(TypeError):
                e.to_claim("x", "infected")


class LifetimeTest(unittest.TestCase):

    def test_estimates_outlive_their_table(self):
        t = MseTable.load(HEPATITIS)
        e = t.fit(0)
        s = t.select()
        handle = t._handle
        del t
        gc.collect()
        self.assertFalse(handle.alive)
        self.assertLess(rel(e.n_hat, 388.4835), 1e-6)
        self.assertEqual(s.best.lists, 3)
        self.assertEqual(e.to_claim("a", Scope("ill")).best, 388)


if __name__ == "__main__":
    unittest.main()
