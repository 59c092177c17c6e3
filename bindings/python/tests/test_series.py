# SPDX-License-Identifier: MIT
"""casualty.series on claims written here (docs/model.md section 12)."""

import datetime
import unittest

import casualty
from casualty.series import Series


def cum(ledger, cid, source, cutoff, n):
    scope = casualty.Scope(outcome="killed", place="gaza",
                           period_start=datetime.date(2023, 10, 7), period_end=cutoff)
    ledger.add(casualty.Claim(id=cid, source=source, scope=scope, reported_on=cutoff,
                              low=n, high=n))


class SeriesTest(unittest.TestCase):
    def test_revision_and_as_of(self):
        with casualty.Ledger() as l:
            d = datetime.date
            cum(l, "g17", "GMO", d(2023, 10, 17), 1032)
            cum(l, "m19", "MoH", d(2023, 10, 19), 1000)
            cum(l, "m21", "MoH", d(2023, 10, 21), 967)
            s = Series(l)
            self.assertEqual(len(s), 2)
            moh = [i for i in range(len(s)) if s.info(i)[0] == "MoH"][0]
            reps = s.reports(moh)
            self.assertIsInstance(reps[0], casualty.SeriesReport)
            self.assertEqual([r.revision for r in reps], [0, 33])
            self.assertEqual([r.revised_from for r in reps], [None, 0])
            self.assertEqual(reps[1].increment, -33)
            self.assertEqual([r.days for r in reps], [13, 2])
            self.assertEqual(reps[1].cutoff, d(2023, 10, 21))
            self.assertEqual((reps[1].claim_id, reps[1].low, reps[1].high), ("m21", 967, 967))
            self.assertEqual(s.panels(), 1)
            rows = s.as_of(0, d(2023, 10, 18))
            self.assertEqual([(r.source, r.floor, r.ceiling, r.stale) for r in rows],
                             [("GMO", 1032, None, 1), ("MoH", None, 1000, None)])
            self.assertIsInstance(rows[0], casualty.AsOf)
            self.assertFalse(rows[0].agree)
            s.close()


if __name__ == "__main__":
    unittest.main()
