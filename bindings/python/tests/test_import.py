# SPDX-License-Identifier: MIT
"""casualty.Ledger.import_file / import_text and casualty.import_formats:
the dataset readers of casualty/import.h through the binding."""

import os
import unittest

import casualty
from casualty import Ledger

import support

REAL = os.path.join(support.TOP_SRCDIR, "tests", "data", "real")
GED = ("id,type_of_violence,side_a,side_b,country,adm_1,adm_2,date_start,date_end,"
       "low,best,high\n")


class ImportTest(unittest.TestCase):

    def setUp(self):
        self.ledger = Ledger()
        self.addCleanup(self.ledger.close)

    def test_import_formats(self):
        self.assertEqual(casualty.import_formats(),
                         ["ucdp-ged", "ucdp-brd", "prio", "acled", "ibc", "tfp", "infobox",
                          "mapping"])

    def test_import_file(self):
        # The five events of the GED sample, each with its parties.
        self.ledger.import_file("ucdp-ged", os.path.join(REAL, "ucdp_ged_sample_asia_mini.csv"))
        events = [c for c in self.ledger if c.id.count("-") == 2]
        self.assertEqual(len(events), 5)
        self.assertTrue(all(c.source == "UCDP GED" for c in self.ledger))

    def test_import_text_with_options(self):
        text = ("conflict_id|year|bd_low|bd_best|bd_high\n"
                "7|2001|3|?|9\n")
        self.ledger.import_text("ucdp-brd", text, name="brd.txt", delimiter="|", na=["?"],
                                source="UCDP BRD 23.1", encoding="utf-8")
        (claim,) = list(self.ledger)
        self.assertEqual((claim.id, claim.source, claim.low, claim.high, claim.best),
                         ("ucdp-brd-7-2001", "UCDP BRD 23.1", 3, 9, None))

    def test_tfp_groups(self):
        """``groups=True`` adds the children and women killed as their own
        series; without it, only the killed."""
        path = os.path.join(REAL, "tfp", "tfp_casualties_daily.csv")
        with Ledger() as plain, Ledger() as grouped:
            plain.import_file("tfp", path)
            grouped.import_file("tfp", path, groups=True)
            groups = {c.scope.group for c in grouped}
            self.assertIn("civilians/children", groups)
            self.assertIn("civilians/women", groups)
            self.assertNotIn("civilians/women", {c.scope.group for c in plain})
            self.assertGreater(len(grouped), len(plain))

    def test_bad_row_adds_nothing(self):
        text = GED + "1,1,A,B,Syria,,,2016-01-01,2016-01-01,1,1,1\n" \
                     "2,1,A,B,Syria,,,2016-01-01,2016-01-01,1,x,1\n"
        with self.assertRaises(casualty.CasualtyError) as cm:
            self.ledger.import_text("ucdp-ged", text, name="ged.csv")
        self.assertIn("ged.csv:3:11: field 'best'", str(cm.exception))
        self.assertEqual(len(self.ledger), 0)

    def test_bad_options(self):
        with self.assertRaises(casualty.CasualtyError):
            self.ledger.import_text("nope", "")
        with self.assertRaises(TypeError):
            self.ledger.import_text("prio", "", colour="red")
        with self.assertRaises(ValueError):
            self.ledger.import_text("prio", "", encoding="ebcdic")


if __name__ == "__main__":
    unittest.main()
