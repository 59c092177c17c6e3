# SPDX-License-Identifier: MIT
"""How far apart sources run (docs/model.md section 14): the matrix's
spread, the tolerance and the outlier, through the binding."""

import math
import unittest

import casualty
import support


def ledger_of(rows):
    """A ledger of exact claims (id, source, group, count)."""
    led = casualty.Ledger()
    for cid, source, group, count in rows:
        led.add(casualty.Claim(cid, source, casualty.Scope("killed", group), count, count))
    return led


class MagnitudeTest(unittest.TestCase):
    def test_spread_of_a_pair(self):
        led = ledger_of([("a1", "A", "g1", 10), ("b1", "B", "g1", 10),
                         ("a2", "A", "g2", 20), ("b2", "B", "g2", 10),
                         ("a3", "A", "g3", 40), ("b3", "B", "g3", 10)])
        with led.source_matrix(tolerance=10) as m:
            p = m.pair("A", "B")
            self.assertEqual((p.figures, p.first_higher, p.second_higher), (3, 2, 0))
            self.assertEqual(p.within_tolerance, 2)
            self.assertEqual(p.floors, 0)
            self.assertAlmostEqual(p.median_ratio, 2.0)
            self.assertAlmostEqual(p.p10_ratio, 2 ** 0.2)
            # ratios 1, 2, 4: in logs, 0.2 and 1.8 of the way up in steps of ln 2
            self.assertAlmostEqual(p.p90_ratio, math.exp(1.8 * math.log(2)))
            q = m.pair("B", "A")
            self.assertAlmostEqual(q.p10_ratio, 1 / p.p90_ratio)

    def test_floors_are_counted_apart(self):
        with casualty.Ledger.from_csv(support.BUNDLED) as led, led.source_matrix() as m:
            p = m.pair("SOHR", "SNHR")
            self.assertEqual(p.floors, 1)
            self.assertEqual(p.ratios, 1)
            self.assertAlmostEqual(p.median_ratio, 1700 / 823)

    def test_tolerance_and_outlier(self):
        led = ledger_of([("a", "A", "g", 100), ("b", "B", "g", 100), ("c", "C", "g", 300)])
        with led.reconcile() as rec:
            self.assertEqual(rec[0].outlier, "C")
            self.assertFalse(rec[0].within_tolerance)
        led = ledger_of([("a", "A", "g", 100), ("b", "B", "g", 103)])
        with led.reconcile(tolerance="5%") as rec:
            self.assertTrue(rec[0].has_consensus)
            self.assertTrue(rec[0].within_tolerance)
            self.assertEqual(rec[0].consensus, (100, 103))
            self.assertIsNone(rec[0].outlier)
        with self.assertRaises(casualty.ArgumentError):
            led.reconcile(tolerance="150%")
        with self.assertRaises(casualty.ArgumentError):
            led.reconcile(tolerance=1.5)


if __name__ == "__main__":
    unittest.main()
