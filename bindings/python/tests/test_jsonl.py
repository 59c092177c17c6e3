# SPDX-License-Identifier: MIT
"""JSON Lines through the binding: Reconciliation.to_jsonl() and
save_jsonl(), Ledger.to_jsonl() and save_jsonl() (docs/jsonl.md), checked
against the records the binding reads itself."""

import csv
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


if __name__ == "__main__":
    unittest.main()
