# SPDX-License-Identifier: MIT
"""The vocabulary through the binding: the default, aliases, relations,
addability, parts, bad files and extending."""

import csv
import os
import unittest

import casualty
from casualty import Dimension, VocabFlag, VocabRelation, Vocabulary

import support

SOURCE = os.path.join(support.TOP_SRCDIR, "data", "vocabulary.txt")
USER = os.path.join(support.TOP_SRCDIR, "tests", "data", "vocab", "user.txt")
BAD = os.path.join(support.TOP_SRCDIR, "tests", "data", "vocab", "bad.txt")


class DefaultTest(unittest.TestCase):

    def setUp(self):
        self.v = Vocabulary.default()
        self.addCleanup(self.v.close)

    def test_default_text_is_the_file(self):
        with open(SOURCE, encoding="utf-8", newline="") as f:
            self.assertEqual(casualty.default_text(), f.read())

    def test_outcomes(self):
        v = self.v
        self.assertEqual(v.parts("outcome", "casualties"),
                         ("killed", "wounded", "missing", "captured"))
        self.assertEqual(v.flags(Dimension.OUTCOME, "casualties"),
                         VocabFlag.KNOWN | VocabFlag.EXCLUSIVE | VocabFlag.EXHAUSTIVE
                         | VocabFlag.COMPOSED)
        self.assertEqual(v.canonical("outcome", "detained/captured"), "captured")
        self.assertEqual(v.relation("outcome", "killed", "wounded"), VocabRelation.DISJOINT)
        self.assertEqual(v.relation("outcome", "killed", "casualties"), VocabRelation.WITHIN)
        self.assertEqual(v.relation("outcome", "killed", "displaced"),
                         VocabRelation.OVERLAPPING)
        self.assertTrue(v.addable("outcome", ["killed", "wounded", "missing", "detained/captured"]))

    def test_groups(self):
        v = self.v
        self.assertEqual(v.canonical("group", "insurgents/hts"), "combatants/insurgents/hts")
        self.assertEqual(v.canonical(Dimension.GROUP, "medics"), "civilians/medical")
        self.assertEqual(v.canonical("group", "civilians/alawite"), "civilians/alawite")
        self.assertEqual(v.relation("group", "combatants/government", "insurgents"),
                         VocabRelation.DISJOINT)
        with self.assertRaises(casualty.ConflictError) as cm:
            v.check_addable("group", ["civilians/children", "civilians/women"])
        self.assertIn("'civilians/children' and 'civilians/women' overlap: "
                      "each is only a floor for 'civilians'", str(cm.exception))
        self.assertEqual(cm.exception.status, casualty.Status.OVERLAP)
        self.assertFalse(v.addable("group", ["children", "women"]))
        with self.assertRaises(casualty.CasualtyError) as cm:
            v.canonical("group", "a//b")
        self.assertEqual(cm.exception.status, casualty.Status.PATH)

    def test_bundled_paths_canonical(self):
        # read with Python's csv module, not the library's loader
        for name in ("syria-2025-03.csv", "acw-casualties.csv"):
            with open(os.path.join(support.TOP_SRCDIR, "examples", "data", name),
                      encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
            self.assertGreater(len(rows), 0)
            for dim in ("outcome", "group", "perpetrator", "place"):
                for path in {row[dim] for row in rows}:
                    self.assertEqual(self.v.canonical(dim, path), path, (name, dim, path))


class FileTest(unittest.TestCase):

    def test_load_and_extend(self):
        with Vocabulary.load(USER) as v:
            self.assertEqual(v.canonical("group", "fighters/x"), "combatants/x")
            self.assertEqual(v.relation("group", "combatants/a", "combatants/b"),
                             VocabRelation.DISJOINT)
        self.assertTrue(v.closed)
        with self.assertRaises(casualty.ClosedError):
            v.canonical("group", "x")
        with Vocabulary.default() as v:
            before = v.to_text()
            with self.assertRaises(casualty.CasualtyError) as cm:
                v.extend_text("group a -> b\ngroup b -> a\n", "cycle.txt")
            self.assertEqual((cm.exception.file, cm.exception.line, cm.exception.column),
                             ("cycle.txt", 2, 12))
            self.assertIn("alias cycle", str(cm.exception))
            self.assertEqual(v.to_text(), before)
            v.extend(USER)
            self.assertEqual(v.canonical("group", "fighters"), "combatants")
            self.assertEqual(v.canonical("group", "insurgents"), "combatants/insurgents")
            with Vocabulary.from_text(v.to_text(), "saved") as w:
                self.assertEqual(w.to_text(), v.to_text())

    def test_bad_file(self):
        with self.assertRaises(casualty.DuplicateError) as cm:
            Vocabulary.load(BAD)
        self.assertEqual((cm.exception.line, cm.exception.column), (4, 7))
        with self.assertRaises(casualty.CasualtyError) as cm:
            Vocabulary.from_text("weapon gun\n", "w.txt")
        self.assertIn("w.txt:1:1: expected a dimension", str(cm.exception))

    def test_names(self):
        self.assertEqual(str(Dimension.PERPETRATOR), "perpetrator")
        self.assertEqual(str(VocabRelation.DISJOINT), "disjoint")
        with self.assertRaises(TypeError):
            Vocabulary()
        with Vocabulary.default() as v, self.assertRaises(ValueError):
            v.canonical("weapon", "gun")


class LedgerTest(unittest.TestCase):
    """A ledger stores canonical paths and keeps the ones it was given."""

    def test_default_canonicalises_and_keeps_the_original(self):
        with casualty.Ledger([casualty.Claim(
                "a", "SOHR", casualty.Scope("detained/captured", "insurgents", "combatants/government"),
                10, 10)]) as ledger:
            self.assertEqual((ledger[0].outcome, ledger[0].group, ledger[0].perpetrator),
                             ("captured", "combatants/insurgents", "government"))
            original = ledger.original_scope(0)
            self.assertEqual((original.outcome, original.group, original.perpetrator),
                             ("detained/captured", "insurgents", "combatants/government"))
            self.assertIn("captured", ledger.vocabulary.to_text())
            with self.assertRaises(casualty.ArgumentError):
                ledger.set_vocabulary(casualty.Vocabulary.default())
            with self.assertRaises(IndexError):
                ledger.original_scope(1)

    def test_a_users_vocabulary(self):
        vocab = casualty.Vocabulary.default()
        vocab.extend_text("group kids -> civilians/children\n")
        with casualty.Ledger(vocabulary=vocab) as ledger:
            ledger.add(casualty.Claim("a", "S", casualty.Scope("killed", "kids"), 3, 3))
            self.assertEqual(ledger[0].group, "civilians/children")
            self.assertEqual(ledger.original_scope(0).group, "kids")
        with self.assertRaises(TypeError):
            casualty.Ledger(vocabulary="group kids -> civilians/children")


if __name__ == "__main__":
    unittest.main()
