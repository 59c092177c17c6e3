# SPDX-License-Identifier: MIT
"""JSON Lines through the binding: Reconciliation.to_jsonl() and
save_jsonl(), Ledger.to_jsonl() and save_jsonl(), Sum.to_jsonl(),
Series.to_jsonl() and save_jsonl() (docs/jsonl.md), checked against the
records the binding reads itself."""

import csv
import datetime
import io
import json
import os
import tempfile
import unittest

import casualty

import support


class JsonLinesTest(unittest.TestCase):
    def setUp(self):
        self.ledger = casualty.Ledger.from_csv(support.BUNDLED)
        self.addCleanup(self.ledger.close)

    def test_reconciliation_records_match_the_results(self):
        with self.ledger.reconcile() as rec:
            text = rec.to_jsonl()
            records = [json.loads(line) for line in text.splitlines()]
            rows = list(csv.DictReader(io.StringIO(rec.to_csv_text())))
            self.assertTrue(text.endswith("\n"))
            self.assertEqual(len(records), len(rec))
            self.assertEqual(len(records), len(rows))
            for got, row in zip(records, rows):
                self.assertEqual(got["outcome"], row["outcome"] or None)
                self.assertEqual(got["place"], row["place"] or None)
                self.assertEqual(got["envelope_low"], int(row["envelope_low"]))
                high = row["envelope_high"]
                self.assertEqual(got["envelope_high"], int(high) if high else None)
                self.assertEqual(got["consensus"], row["consensus"] == "yes")
                self.assertEqual(
                    "; ".join("%s (%s)" % (c["id"], c["source"])
                              for c in got["provenance"]["best"]), row["best_claims"])
            self.assertTrue(any(r["envelope_high"] is None for r in records))
            self.assertTrue(any(r["conflicts"] for r in records))
            with tempfile.TemporaryDirectory() as tmp:
                path = os.path.join(tmp, "rec.jsonl")
                rec.save_jsonl(path)
                with open(path, encoding="utf-8") as f:
                    self.assertEqual(f.read(), text)

    def test_ledger_records_are_the_claims(self):
        text = self.ledger.to_jsonl()
        records = [json.loads(line) for line in text.splitlines()]
        self.assertEqual(len(records), len(self.ledger))
        for got, claim in zip(records, self.ledger):
            self.assertEqual(got["id"], claim.id)
            self.assertEqual(got["source"], claim.source)
            self.assertEqual(got["low"], claim.low)
            self.assertEqual(got["high"], None if claim.high is None else claim.high)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "claims.jsonl")
            self.ledger.save_jsonl(path)
            with open(path, encoding="utf-8") as f:
                self.assertEqual(f.read(), text)
            with self.assertRaises(casualty.CasualtyError):
                self.ledger.save_jsonl(os.path.join(tmp, "no", "such", "dir.jsonl"))

    def test_sum_record_is_the_sum(self):
        for s in (casualty.Sum(3, 1242, None, None, 1, 0), casualty.Sum(2, 10, 20, 15, 0, 1)):
            text = s.to_jsonl(label='coast "all"')
            self.assertTrue(text.endswith("\n"))
            self.assertEqual(text.count("\n"), 1)
            got = json.loads(text)
            self.assertEqual(got, {"label": 'coast "all"', "terms": s.terms, "low": s.low,
                                   "high": s.high, "best": s.best,
                                   "without_best": s.without_best,
                                   "midpoint_bests": s.midpoint_bests})
        self.assertIsNone(json.loads(casualty.Sum(0, 0, 0, 0).to_jsonl())["label"])

    def test_series_records_are_the_reports(self):
        series = casualty.Series(self.ledger)
        self.addCleanup(series.close)
        records = [json.loads(line) for line in series.to_jsonl().splitlines()]
        want = [(series.info(i)[0], r) for i in range(len(series)) for r in series.reports(i)]
        self.assertEqual(len(records), len(want))
        self.assertGreater(len(records), 0)
        for got, (source, rep) in zip(records, want):
            self.assertEqual(got["source"], source)
            self.assertEqual(got["claim"], rep.claim_id)
            self.assertEqual(got["low"], rep.low)
            self.assertEqual(got["high"], rep.high)
            self.assertEqual(got["cutoff"], rep.cutoff.isoformat() if rep.cutoff else None)
        summary = [json.loads(line) for line in series.to_jsonl("summary").splitlines()]
        self.assertEqual(len(summary), len(series))
        self.assertEqual([s["reports"] for s in summary],
                         [series.info(i)[3] for i in range(len(series))])
        asof = [json.loads(line) for line in series.to_jsonl("as-of").splitlines()]
        self.assertTrue(all(isinstance(a["agree"], bool) for a in asof))
        if asof:
            day = datetime.date.fromisoformat(asof[0]["day"])
            one = [json.loads(line) for line in series.to_jsonl("as-of", day).splitlines()]
            self.assertTrue(one and all(a["day"] == asof[0]["day"] for a in one))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "series.jsonl")
            series.save_jsonl(path, "summary")
            with open(path, encoding="utf-8") as f:
                self.assertEqual(f.read(), series.to_jsonl("summary"))
            with self.assertRaises(casualty.CasualtyError):
                series.save_jsonl(os.path.join(tmp, "no", "such", "dir.jsonl"))
            self.assertFalse(os.path.exists(os.path.join(tmp, "no")))
        with self.assertRaises(ValueError):
            series.to_jsonl("weekly")


if __name__ == "__main__":
    unittest.main()
