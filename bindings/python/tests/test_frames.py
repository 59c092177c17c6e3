# SPDX-License-Identifier: MIT
"""casualty.frames: pandas DataFrames of ledgers and results, checked
against the library's own CSV printers (read with the csv module), and
ledgers made from DataFrames.

pandas comes from the system (Debian: python3-pandas). Without it these
tests skip, except under CI (CI set in the environment), where a missing
pandas fails; the test that the package imports without pandas runs
always."""

import csv
import datetime
import io
import os
import unittest

import casualty
from casualty import (Claim, Ledger, MseTable, PhraseOptions, Scope, Series, ValidationError,
                      parse_phrase, rollup)

import support

try:
    import pandas as pd
except ImportError:  # pragma: no cover - depends on the machine
    pd = None
    if os.environ.get("CI"):
        raise

needs_pandas = unittest.skipIf(pd is None, "pandas is not installed (Debian: python3-pandas)")
D = datetime.date
SEBER = os.path.join(support.TOP_SRCDIR, "tests", "data", "mse", "seber.csv")
HEPATITIS = os.path.join(support.TOP_SRCDIR, "tests", "data", "mse", "hepatitis-a-taiwan.csv")


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def cell(frame_value):
    """A frame's cell as the CSV printers write it ("" for <NA> and NaT)."""
    if pd.isna(frame_value):
        return ""
    if isinstance(frame_value, pd.Timestamp):
        return frame_value.strftime("%Y-%m-%d")
    return str(frame_value)


class WithoutPandasTest(unittest.TestCase):

    def test_the_package_imports_without_pandas(self):
        code = ("import sys; sys.modules['pandas'] = None\n"
                "import casualty\n"
                "assert 'pandas' not in [m for m in sys.modules if sys.modules[m]]\n"
                "l = casualty.Ledger([casualty.Claim('a', 'S', 'killed', low=1)])\n"
                "print(len(l.reconcile()))\n"
                "try:\n"
                "    l.to_dataframe()\n"
                "except ImportError as e:\n"
                "    print(e)\n")
        status, out, err = support.run([support.PYTHON, "-c", code], env=support.python_env())
        self.assertEqual(status, 0, err.decode())
        lines = out.decode().splitlines()
        self.assertEqual(lines[0], "1")
        self.assertIn("need pandas", lines[1])
        self.assertIn("python3-pandas", lines[1])


@needs_pandas
class LedgerFrameTest(unittest.TestCase):

    def setUp(self):
        self.ledger = Ledger.from_csv(support.BUNDLED)
        self.addCleanup(self.ledger.close)

    def test_columns_types_and_values_are_the_csv(self):
        frame = self.ledger.to_dataframe()
        rows = csv_rows(self.ledger.to_csv_text())
        header = next(csv.reader(io.StringIO(self.ledger.to_csv_text())))
        self.assertEqual(list(frame.columns), header + ["current"])
        self.assertEqual(len(frame), len(rows))
        for name in ("low", "high", "best"):
            self.assertEqual(str(frame[name].dtype), "Int64", name)
        for name in ("period_start", "period_end", "reported_on"):
            self.assertEqual(str(frame[name].dtype), "datetime64[ns]", name)
        self.assertEqual(str(frame["qualifier"].dtype), "category")
        self.assertEqual(list(frame["qualifier"].cat.categories),
                         [str(q) for q in casualty.Qualifier])
        self.assertEqual(list(frame["basis"].cat.categories), [str(b) for b in casualty.Basis])
        for k, row in enumerate(rows):
            for name in header:
                self.assertEqual(cell(frame[name].iloc[k]), row[name], (k, name))
        # open highs are <NA>, not NaN of a float column
        open_rows = [k for k, row in enumerate(rows) if row["high"] == ""]
        self.assertTrue(open_rows)
        self.assertEqual(list(frame.index[frame["high"].isna()]), open_rows)
        self.assertEqual(list(frame["current"]),
                         [self.ledger.is_current(i) for i in range(len(self.ledger))])

    def test_round_trip(self):
        frame = self.ledger.to_dataframe()
        with Ledger.from_dataframe(frame) as again:
            self.assertEqual(again.to_csv_text(), self.ledger.to_csv_text())
        # a frame as users make it: floats with NaN, strings for days and labels
        frame = pd.DataFrame({
            "id": ["a", "b"], "source": ["S", "T"], "outcome": ["killed", "killed"],
            "low": [10.0, 2 ** 40], "high": [float("nan"), 2 ** 41],
            "qualifier": ["at_least", None], "period_start": ["2025-03-06", None],
            "reported_on": [pd.Timestamp("2025-03-09"), pd.NaT]})
        with Ledger.from_dataframe(frame) as made:
            self.assertEqual(made[0], Claim("a", "S", Scope("killed", period_start=D(2025, 3, 6)),
                                            low=10, qualifier="at_least",
                                            reported_on=D(2025, 3, 9)))
            self.assertEqual((made[1].low, made[1].high, made[1].qualifier),
                             (2 ** 40, 2 ** 41, casualty.Qualifier.RANGE))

    def test_large_counts_stay_exact(self):
        big = 2 ** 63 - 2
        with Ledger([Claim("a", "S", "killed", low=big, high=big + 1)]) as ledger:
            frame = ledger.to_dataframe()
            self.assertEqual(int(frame["low"].iloc[0]), big)
            self.assertEqual(int(frame["high"].iloc[0]), big + 1)
            with Ledger.from_dataframe(frame) as again:
                self.assertEqual(again[0].high, big + 1)

    def test_bad_rows_and_columns(self):
        frame = pd.DataFrame({"id": ["a", "b"], "source": ["S", "S"],
                              "outcome": ["killed", "killed"], "low": [1, 5],
                              "high": pd.array([3, 4], dtype="Int64")}, index=[10, 11])
        with self.assertRaises(ValidationError) as cm:
            Ledger.from_dataframe(frame)
        self.assertIn("row 1 (index 11)", str(cm.exception))
        self.assertEqual(cm.exception.field, "high")
        self.assertEqual(cm.exception.line, 2)
        with self.assertRaises(ValueError) as cm:
            Ledger.from_dataframe(frame.rename(columns={"high": "hi"}))
        self.assertIn("unknown column(s) hi", str(cm.exception))
        with self.assertRaises(ValueError):
            Ledger.from_dataframe(frame.drop(columns=["low"]))
        with self.assertRaises(TypeError):
            Ledger.from_dataframe(frame.assign(low=[1.5, 2.0]))


@needs_pandas
class ResultFramesTest(unittest.TestCase):

    def setUp(self):
        self.ledger = Ledger.from_csv(support.BUNDLED)
        self.addCleanup(self.ledger.close)

    def test_reconciliation_is_the_c_printer(self):
        r = self.ledger.reconcile()
        frame = r.to_dataframe()
        rows = csv_rows(r.to_csv_text())
        self.assertEqual(len(frame), len(rows))
        self.assertGreater(len(rows), 10)
        columns = ("outcome", "group", "perpetrator", "place", "event", "period_start",
                   "period_end", "claims", "sources", "superseded", "excluded", "envelope_low",
                   "envelope_high", "consensus_low", "consensus_high", "best",
                   "conflict_pairs", "best_kind")
        for name in ("envelope_high", "consensus_high", "best", "claims"):
            self.assertEqual(str(frame[name].dtype), "Int64")
        for k, row in enumerate(rows):
            for name in columns:
                self.assertEqual(cell(frame[name].iloc[k]), row[name], (k, name))
            self.assertEqual(bool(frame["has_consensus"].iloc[k]), row["consensus"] == "yes")
        self.assertTrue(frame["consensus_high"].isna().any())
        self.assertFalse(frame["has_consensus"].all())

    def test_propagation_matrix_comparison_sum(self):
        r = self.ledger.reconcile()
        with r.propagate() as p:
            frame = p.to_dataframe()
            bounds = list(p)
            self.assertEqual(list(frame["low"]), [b.low for b in bounds])
            self.assertEqual([None if pd.isna(h) else h for h in frame["high"]],
                             [b.high for b in bounds])
            self.assertEqual(list(frame["low_rule"]), [str(b.low_rule) for b in bounds])
        with self.ledger.source_matrix() as m:
            frame = m.to_dataframe()
            pairs = list(m)
            self.assertEqual(list(zip(frame["first"], frame["second"], frame["scopes"])),
                             [(p.first, p.second, p.scopes) for p in pairs])
            self.assertEqual(str(frame["median_ratio"].dtype), "float64")
        c = self.ledger.compare(0, 1)
        frame = c.to_dataframe()
        self.assertEqual(len(frame), 1)
        self.assertEqual(frame["range_relation"].iloc[0], str(c.range_relation))
        self.assertEqual(frame["gap"].iloc[0], c.gap)
        s = casualty.sum_ranges([(Scope("killed", place="a"), 1, 2),
                                 (Scope("killed", place="b"), 3, None)])
        frame = s.to_dataframe()
        self.assertEqual((frame["low"].iloc[0], frame["terms"].iloc[0]), (4, 2))
        self.assertTrue(pd.isna(frame["high"].iloc[0]))
        # lists of result values: one row each
        refs = r.counted(0)
        frame = casualty.to_dataframe(refs)
        self.assertEqual(list(frame["id"]), [ref.id for ref in refs])
        with self.assertRaises(TypeError):
            casualty.to_dataframe(object())

    def test_series_and_rollup(self):
        rows = ["g17,GMO,killed,gaza,,2023-10-07,2023-10-17,2023-10-17,1032,1032",
                "m19,MoH,killed,gaza,,2023-10-07,2023-10-19,2023-10-19,1000,1000",
                "m21,MoH,killed,gaza,,2023-10-07,2023-10-21,2023-10-21,967,967",
                "e1,UCDP,killed,gaza/north,u:1,2023-10-08,2023-10-08,2023-10-09,5,7",
                "e2,UCDP,killed,gaza/south,u:2,2023-10-09,2023-10-09,2023-10-09,3,"]
        text = ("id,source,outcome,place,event,period_start,period_end,reported_on,low,high\n"
                + "\n".join(rows) + "\n")
        with Ledger.from_csv_text(text) as ledger:
            with Series(ledger) as s:
                frame = s.to_dataframe()
                expected = [(s.info(i)[0], r.claim_id, r.revision)
                            for i in range(len(s)) for r in s.reports(i)]
                self.assertEqual(list(zip(frame["source"], frame["claim_id"], frame["revision"])),
                                 expected)
                self.assertEqual(frame["revision"].max(), 33)
                self.assertEqual(str(frame["cutoff"].dtype), "datetime64[ns]")
                self.assertTrue(frame["revised_from"].isna().any())
            result = rollup(ledger, place_depth=1, period="month")
            with result.ledger:
                frame = result.to_dataframe()
                self.assertEqual(list(frame["id"]), [c.id for c in result.ledger])
                self.assertEqual(list(frame["terms"]), [len(t) for t in result.terms])
                self.assertEqual(frame["low"].sum(), 8)
                self.assertTrue(frame["high"].isna().all())  # one term is open
                summary = result.summary.to_dataframe()
                self.assertEqual(summary["summed"].iloc[0], result.summary.summed)

    def test_mse(self):
        for path in (SEBER, HEPATITIS):
            with self.subTest(path=path):
                self.mse(path)

    def mse(self, path):
        with MseTable.load(path) as table:
            frame = table.to_dataframe()
            self.assertEqual(list(frame.columns), list(table.names) + ["count"])
            self.assertEqual(list(frame["count"]), table.counts)
            with open(path, encoding="utf-8") as f:
                on_disk = {tuple(r[n] for n in table.names): int(r["count"])
                           for r in csv.DictReader(f)}
            self.assertEqual({tuple(str(int(frame[n].iloc[k])) for n in table.names):
                              int(frame["count"].iloc[k]) for k in range(len(frame))}, on_disk)
            estimate = table.two_list() if table.lists == 2 else table.fit()
            frame = estimate.to_dataframe()
            self.assertAlmostEqual(frame["n_hat"].iloc[0], estimate.n_hat)
            self.assertEqual(frame["method"].iloc[0], str(estimate.method))
            self.assertEqual(table.lists >= 3, path == HEPATITIS)
            if table.lists >= 3:
                selection = table.select()
                frame = selection.to_dataframe()
                self.assertEqual(len(frame), len(selection.ranked))
                self.assertEqual(list(frame["n_hat"]),
                                 [m.estimate.n_hat for m in selection.ranked])
                self.assertEqual(list(frame["chosen"]), [True] + [False] * (len(frame) - 1))
                self.assertEqual(frame["model"].iloc[0], selection.chosen)
                self.assertEqual(int(frame["supported"].sum()), selection.supported)

    def test_phrases(self):
        claims = parse_phrase("Between 6 and 8 March, at least 16 soldiers and four "
                              "civilians were killed", year=2025)
        frame = casualty.to_dataframe(claims)
        self.assertEqual(list(frame["low"]), [16, 4])
        self.assertTrue(frame["high"].isna().all())
        self.assertEqual(list(frame["qualifier"]), ["at_least", "at_least"])
        self.assertEqual(list(frame["period_start"]), [pd.Timestamp("2025-03-06")] * 2)
        self.assertEqual(claims[0].to_dataframe()["group"].iloc[0], claims[0].group)


class PhraseKeywordsTest(unittest.TestCase):

    TEXT = "Between 6 and 8 March, at least 16 soldiers were killed, according to SOHR."

    def test_year_and_sources(self):
        self.assertIsNone(parse_phrase(self.TEXT)[0].period_start)
        claim = parse_phrase(self.TEXT, year=2025, sources={"Syrian Observatory": "SOHR"})[0]
        self.assertEqual((claim.period_start, claim.period_end), (D(2025, 3, 6), D(2025, 3, 8)))
        self.assertEqual(claim.source, "Syrian Observatory")
        with PhraseOptions(year=2024, outcome="wounded") as options:
            claim = parse_phrase("16 soldiers on 6 March", "casualty", options)[0]
            self.assertEqual((claim.period_start, claim.outcome), (D(2024, 3, 6), "wounded"))
        self.assertEqual(parse_phrase("16", "casualty", preset="acled")[0].preset, "acled")
        with self.assertRaises(TypeError):
            parse_phrase(self.TEXT, options=PhraseOptions(), year=2025)
        with self.assertRaises(ValueError):
            parse_phrase(self.TEXT, "poetry")


if __name__ == "__main__":
    unittest.main()
