# SPDX-License-Identifier: MIT
"""casualty.rollup: event claims summed per place and calendar bucket
(docs/model.md section 11)."""

import datetime
import unittest

import casualty
from casualty import Ledger, Rollup, RollupSummary, RollupUnit, Straddle, rollup

D = datetime.date
HEADER = "id,source,outcome,place,event,period_start,period_end,low,high,best,basis\n"
ROWS = [
    "a,UCDP,killed,syria/aleppo/x,u:1,2017-01-03,2017-01-03,2,4,3,",
    "b,UCDP,killed,syria/aleppo,u:2,2017-01-30,2017-02-02,5,5,5,",
    "c,UCDP,killed,syria/idlib,u:3,2017-01-31,2017-01-31,1,,,",
    "d,ACLED,killed,syria/idlib,e:1,2017-01-10,2017-01-10,7,7,7,",
    "w,UCDP,killed,syria,,2017-01-01,2017-01-31,50,50,50,",
    "x,UCDP,killed,syria,u:9,2017-01-05,2017-01-05,9,9,9,estimated",
]


class RollupTest(unittest.TestCase):

    def setUp(self):
        self.ledger = Ledger.from_csv_text(HEADER + "\n".join(ROWS) + "\n")
        self.addCleanup(self.ledger.close)

    def roll(self, **kw):
        r = rollup(self.ledger, **kw)
        self.addCleanup(r.ledger.close)
        return r

    def test_country_month_with_straddlers_listed(self):
        r = self.roll(place_depth=1, period="month")
        self.assertEqual(len(r.ledger), 2)
        by_source = {c.source: c for c in r.ledger}
        acled, ucdp = by_source["ACLED"], by_source["UCDP"]
        self.assertEqual((acled.low, acled.high, acled.best), (7, 7, 7))
        # a [2, 4] best 3, c [1, open) no best: [3, open), no best.
        self.assertEqual((ucdp.low, ucdp.high, ucdp.best), (3, None, None))
        self.assertEqual(ucdp.scope.place, "syria")
        self.assertEqual((ucdp.scope.period_start, ucdp.scope.period_end), (D(2017, 1, 1), D(2017, 1, 31)))
        self.assertEqual(ucdp.id, "rollup:UCDP:syria:2017-01:killed::")
        self.assertEqual(ucdp.quote, "sum of 2 events")
        self.assertEqual([t.id for t in r.terms[1]], ["a", "c"])
        self.assertEqual([s.id for s in r.straddlers], ["b"])
        self.assertEqual(r.summary.without_event, 1)
        self.assertEqual(r.summary.excluded, 1)
        self.assertEqual(r.summary.left_out, 1)
        self.assertEqual(r.summary.derived, 2)
        self.assertEqual(r.summary.summed, 3)  # a, c, d
        self.assertEqual(r.summary.mixed_basis, 0)
        self.assertIsInstance(r, Rollup)
        self.assertIsInstance(r.summary, RollupSummary)

    def test_split_shares_and_bases(self):
        r = self.roll(place_depth=2, period=RollupUnit.MONTH, straddle=Straddle.SPLIT,
                      bases=[casualty.Basis.REPORTED, casualty.Basis.ESTIMATED])
        claims = {(c.source, c.scope.place, c.scope.period_start.month): c for c in r.ledger}
        # b: 5 over 4 days, 2 + 1 in January, 1 + 1 in February.
        jan = claims[("UCDP", "syria/aleppo", 1)]
        feb = claims[("UCDP", "syria/aleppo", 2)]
        self.assertEqual((jan.low, jan.best), (2 + 3, 3 + 3))
        self.assertEqual((feb.low, feb.high, feb.best), (2, 2, 2))
        self.assertEqual([(t.id, t.low) for t in r.terms[list(r.ledger).index(feb)]], [("b", 2)])
        est = claims[("UCDP", "syria", 1)]
        self.assertEqual(est.low, 9)
        self.assertEqual(r.summary.split, 1)

    def test_rolled_up_ledger_reconciles(self):
        r = self.roll(place_depth=1, period="year")
        with r.ledger.reconcile() as rec:
            self.assertEqual(len(rec), 1)
            self.assertEqual(rec[0].sources, 2)

    def test_bad_options(self):
        with self.assertRaises(ValueError):
            rollup(self.ledger, period="fortnight")
        with self.assertRaises(ValueError):
            rollup(self.ledger, straddle="middle")
        with self.assertRaises(casualty.ArgumentError):
            rollup(self.ledger, bases=[])

    def test_one_event_twice_is_a_conflict(self):
        with Ledger.from_csv_text(HEADER + "a,S,killed,syria/x,u:1,2017-01-03,2017-01-03,1,1,1,\n"
                                  "b,S,killed,syria/y,u:1,2017-01-04,2017-01-04,1,1,1,\n") as l:
            with self.assertRaises(casualty.ConflictError) as cm:
                rollup(l)
            self.assertEqual(cm.exception.status, casualty.Status.OVERLAP)


if __name__ == "__main__":
    unittest.main()
