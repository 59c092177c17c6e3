# SPDX-License-Identifier: MIT
"""casualty.Ledger: loading, reading, selecting, adding, saving, closing."""

import datetime
import gc
import os
import unittest

import casualty
from casualty import Claim, Ledger, Scope, ScopeRelation, Status

import support

D = datetime.date
HEADER = "id,source,outcome,low,high,best,qualifier,basis,period_start,period_end,group\n"


class BundledTest(unittest.TestCase):
    """The bundled Syria claims, read through the sequence protocol."""

    def setUp(self):
        self.ledger = Ledger.from_csv(support.BUNDLED)
        self.addCleanup(self.ledger.close)

    def test_len_and_first_claim(self):
        self.assertEqual(len(self.ledger), 27)
        first = self.ledger[0]
        self.assertEqual(first, Claim(
            "syria-001", "SOHR",
            Scope("killed", "combatants/government", "", "syria/coast", D(2025, 3, 6),
                  D(2025, 3, 12)),
            low=315, high=None, best=None, qualifier=casualty.Qualifier.AT_LEAST,
            basis=casualty.Basis.REPORTED, reported_on=None, source_kind="monitor",
            citation="Wikipedia: March 2025 Western Syria clashes",
            quote="Casualties1: + 315 killed (per SOHR)"))

    def test_indexing(self):
        claims = list(self.ledger)
        self.assertEqual(len(claims), 27)
        self.assertEqual(self.ledger[-1], claims[-1])
        self.assertEqual(self.ledger[-27], claims[0])
        self.assertEqual(self.ledger[2:5], claims[2:5])
        self.assertEqual(self.ledger[::-5], claims[::-5])
        with self.assertRaises(IndexError):
            self.ledger[27]
        with self.assertRaises(IndexError):
            self.ledger[-28]
        with self.assertRaises(TypeError):
            self.ledger["syria-001"]
        self.assertEqual([c.id for c in claims], ["syria-%03d" % i for i in range(1, 28)])

    def test_find_get_contains(self):
        self.assertEqual(self.ledger.find("syria-004"), 3)
        self.assertEqual(self.ledger.get("syria-004").low, 1700)
        self.assertIsNone(self.ledger.get("nope"))
        self.assertEqual(self.ledger.get("nope", 7), 7)
        self.assertIn("syria-004", self.ledger)
        self.assertIn(self.ledger[3], self.ledger)
        self.assertNotIn("nope", self.ledger)
        self.assertNotIn(42, self.ledger)
        self.assertNotIn(self.ledger[3].__class__("syria-004", "X", "killed"), self.ledger)
        with self.assertRaises(casualty.NotFoundError) as cm:
            self.ledger.find("nope")
        self.assertEqual(str(cm.exception), "no claim with id 'nope' in the ledger")
        self.assertEqual(cm.exception.status, Status.NOT_FOUND)
        self.assertIsInstance(cm.exception, LookupError)

    def test_values_are_copies(self):
        claim = self.ledger[3]
        with self.assertRaises(Exception):
            claim.low = 1
        self.assertEqual(self.ledger[3].low, 1700)
        self.assertIsInstance(claim.id, str)
        self.assertIs(type(claim.scope.period_start), datetime.date)

    def test_is_current(self):
        self.assertTrue(all(self.ledger.is_current(i) for i in range(len(self.ledger))))
        self.assertTrue(self.ledger.is_current(-1))
        with self.assertRaises(IndexError):
            self.ledger.is_current(27)

    def test_select(self):
        civilians = Scope("killed", group="civilians")
        parts = self.ledger.select(civilians)
        ids = [self.ledger[i].id for i in parts]
        self.assertEqual(ids, sorted(ids))
        for i in range(len(self.ledger)):
            rel = casualty.scope_relation(self.ledger[i], civilians)
            self.assertEqual(i in parts, rel in (ScopeRelation.SAME, ScopeRelation.WITHIN))
        self.assertEqual(len(parts), 9)
        same = self.ledger.select(Scope("killed", "civilians", "", "syria/coast",
                                        "2025-03-06", "2025-03-12"), ScopeRelation.SAME)
        self.assertEqual([self.ledger[i].id for i in same], ["syria-004", "syria-005"])
        everything = self.ledger.select(Scope(), [ScopeRelation.WITHIN, ScopeRelation.SAME])
        self.assertEqual(sorted(everything), list(range(27)))
        self.assertEqual(self.ledger.select(Scope("killed"), []), [])
        self.assertEqual(self.ledger.select(Scope("nothing"), ScopeRelation.SAME), [])
        disjoint = self.ledger.select(Scope("killed"), ScopeRelation.DISJOINT)
        self.assertEqual(len(disjoint), 27 - len(self.ledger.select(Scope("killed"))))
        with self.assertRaises(TypeError):
            self.ledger.select("killed")
        with self.assertRaises(ValueError):
            self.ledger.select(Scope("killed"), 9)

    def test_csv_text_round_trip(self):
        text = self.ledger.to_csv_text()
        with open(support.BUNDLED, encoding="utf-8") as f:
            self.assertEqual(text, f.read())
        copy = Ledger.from_csv_text(text)
        self.assertEqual(list(copy), list(self.ledger))
        self.assertEqual(copy.to_csv_text(), text)
        copy.close()

    def test_repr(self):
        self.assertEqual(repr(self.ledger), "<casualty.Ledger with 27 claims>")
        self.ledger.close()
        self.assertEqual(repr(self.ledger), "<casualty.Ledger (closed)>")


class RevisionsTest(unittest.TestCase):
    """A source's latest report on a scope is current; older ones are not."""

    def test_superseded_and_current_only(self):
        scope = Scope("killed", "civilians", place="syria")
        other = Scope("killed", "civilians/alawite", place="syria")
        with Ledger([
            Claim("a1", "SOHR", scope, 100, 100, reported_on=D(2025, 3, 7)),
            Claim("a2", "SOHR", scope, 300, 300, reported_on=D(2025, 3, 9)),
            Claim("a0", "SOHR", scope, 50, 50),  # unknown day: older than any
            Claim("b1", "SNHR", scope, 200, 250, reported_on=D(2025, 3, 7)),
            Claim("c1", "SOHR", other, 10, None, reported_on=D(2025, 3, 7)),
        ]) as ledger:
            self.assertEqual([ledger.is_current(i) for i in range(5)],
                             [False, True, False, True, True])
            all_ids = [ledger[i].id for i in ledger.select(scope)]
            self.assertEqual(all_ids, ["a0", "a1", "a2", "b1", "c1"])
            current = [ledger[i].id for i in ledger.select(scope, current_only=True)]
            self.assertEqual(current, ["a2", "b1", "c1"])
            ledger.add(Claim("a3", "SOHR", scope, 310, 310, reported_on=D(2025, 3, 10)))
            self.assertFalse(ledger.is_current(1))
            self.assertTrue(ledger.is_current(5))


class AddTest(unittest.TestCase):

    def test_add_returns_index_and_copies(self):
        ledger = Ledger()
        self.assertEqual(len(ledger), 0)
        self.assertEqual(list(ledger), [])
        claim = Claim("x", "SOHR", Scope("killed", place="syria/coast"), 1700, 1700,
                      quote="1,700 civilians, \"at least\"", citation="c", relay="Reuters",
                      source_kind="monitor", basis=casualty.Basis.DOCUMENTED,
                      reported_on=D(2025, 3, 13))
        self.assertEqual(ledger.add(claim), 0)
        self.assertEqual(ledger.add(Claim("y", "SNHR", "killed", 823)), 1)
        self.assertEqual(ledger[0], claim)
        self.assertEqual((ledger[0].relay, ledger[0].source_kind, ledger[0].basis),
                         ("Reuters", "monitor", casualty.Basis.DOCUMENTED))
        self.assertEqual(ledger[1].qualifier, casualty.Qualifier.AT_LEAST)
        self.assertEqual(ledger[1].high, None)
        self.assertIn('"1,700 civilians, ""at least"""', ledger.to_csv_text())
        ledger.close()

    def test_add_failures_add_nothing(self):
        ledger = Ledger([Claim("x", "SOHR", "killed", 1)])
        with self.assertRaises(casualty.DuplicateError) as cm:
            ledger.add(Claim("x", "SNHR", "killed", 2))
        self.assertEqual(str(cm.exception), "field 'id': 'x' is already in the ledger")
        self.assertEqual(cm.exception.field, "id")
        with self.assertRaises(casualty.ValidationError) as cm:
            ledger.add(Claim("y", "SNHR", "killed", 7, 5))
        self.assertEqual(str(cm.exception), "field 'high': 5 is below low 7")
        self.assertEqual(cm.exception.status, Status.RANGE)
        with self.assertRaises(casualty.ValidationError) as cm:
            ledger.add(Claim("y", "", "killed", 7))
        self.assertEqual(str(cm.exception), "field 'source': required, but empty")
        self.assertEqual(cm.exception.status, Status.MISSING)
        with self.assertRaises(TypeError):
            ledger.add("y,SNHR,killed,7")
        self.assertEqual(len(ledger), 1)
        ledger.close()


class CsvErrorsTest(support.TempDirTestCase):
    """Every way a CSV can be wrong: the right exception, the library's
    message, and where (line, column, field, file)."""

    CASES = [
        # name, body, class, status, message (after "t.csv:"), line, column, field
        ("number", HEADER + "a,S,killed,12x,,,,,,,\n", casualty.ParseError, Status.NUMBER,
         "2:4: field 'low': expected a whole number >= 0, got '12x'", 2, 4, "low"),
        ("negative", HEADER + "a,S,killed,-3,,,,,,,\n", casualty.ValidationError,
         Status.RANGE, "2:4: field 'low': expected a whole number >= 0, got negative '-3'",
         2, 4, "low"),
        ("overflow", HEADER + "a,S,killed,99999999999999999999,,,,,,,\n",
         casualty.CountOverflowError, Status.OVERFLOW,
         "2:4: field 'low': '99999999999999999999' is larger than the largest count "
         "(9223372036854775807)", 2, 4, "low"),
        ("high below low", HEADER + "a,S,killed,10,5,,,,,,\n", casualty.ValidationError,
         Status.RANGE, "2:5: field 'high': 5 is below low 10", 2, 5, "high"),
        ("best outside", HEADER + "a,S,killed,10,20,30,,,,,\n", casualty.ValidationError,
         Status.RANGE, "2:6: field 'best': 30 is outside the range [10, 20]", 2, 6, "best"),
        ("qualifier", HEADER + "a,S,killed,10,20,,sometimes,,,,\n", casualty.ValidationError,
         Status.VALUE, "2:7: field 'qualifier': expected one of exact, at_least, more_than, "
         "approx, nearly, up_to, range, vague, got 'sometimes'", 2, 7, "qualifier"),
        ("basis", HEADER + "a,S,killed,10,20,,,rumour,,,\n", casualty.ValidationError,
         Status.VALUE, "2:8: field 'basis': expected one of reported, documented, "
         "estimated, party, got 'rumour'", 2, 8, "basis"),
        ("date", HEADER + "a,S,killed,10,20,,,,2025-02-30,,\n", casualty.ParseError,
         Status.DATE, "2:9: field 'period_start': expected a real calendar date YYYY-MM-DD, "
         "got '2025-02-30'", 2, 9, "period_start"),
        ("period", HEADER + "a,S,killed,10,20,,,,2025-03-10,2025-03-01,\n",
         casualty.ParseError, Status.DATE,
         "2:10: field 'period_end': 2025-03-01 is before period_start 2025-03-10", 2, 10,
         "period_end"),
        ("missing low", HEADER + "ok,S,killed,1,,,,,,,\na,S,killed,,,,,,,,\n",
         casualty.ValidationError, Status.MISSING,
         "3:4: field 'low': required, but empty (expected a whole number >= 0)", 3, 4, "low"),
        ("missing id", HEADER + ",S,killed,1,,,,,,,\n", casualty.ValidationError,
         Status.MISSING, "2:1: field 'id': required, but empty", 2, 1, "id"),
        ("path", HEADER + "a,S,killed,1,,,,,,,civilians//x\n", casualty.ValidationError,
         Status.PATH, "2:11: field 'group': empty segment ('//') in path 'civilians//x'", 2,
         11, "group"),
        ("exact", HEADER + "a,S,killed,1,2,,exact,,,,\n", casualty.ValidationError,
         Status.RANGE, "2:7: field 'qualifier': an exact claim needs low == high", 2, 7,
         "qualifier"),
        ("field count", HEADER + "a,S,killed,1\n", casualty.ParseError, Status.CSV,
         "2:5: expected 11 fields as in the header, found 4", 2, 5, ""),
        ("duplicate", HEADER + "a,S,killed,1,,,,,,,\nb,S,killed,1,,,,,,,\n"
         "a,S,killed,2,,,,,,,\n", casualty.DuplicateError, Status.DUPLICATE,
         "4:1: field 'id': 'a' is already in the ledger", 4, 1, "id"),
        ("unknown column", "id,source,outcome,low,colour\n", casualty.ParseError,
         Status.HEADER, "1:5: unknown column 'colour' (docs/csv.md lists the columns)", 1, 5,
         ""),
        ("missing column", "id,source,outcome\n", casualty.ParseError, Status.HEADER,
         "1: field 'low': required column is missing", 1, 0, "low"),
        ("column twice", "id,source,outcome,low,low\n", casualty.ParseError, Status.HEADER,
         "1:5: field 'low': column appears twice", 1, 5, "low"),
        ("unterminated", HEADER + 'a,S,killed,1,,,,,,,"abc\n', casualty.ParseError,
         Status.CSV, "2: unterminated quoted field in the row starting at line 2", 2, 0, ""),
        ("stray quote", HEADER + 'a,S,kil"led,1,,,,,,,\n', casualty.ParseError, Status.CSV,
         "2: malformed CSV: a quote inside an unquoted field, or text after a closing quote "
         "(libcsv: error parsing data while strict checking enabled)", 2, 0, ""),
        ("empty", "", casualty.ParseError, Status.EMPTY,
         " no header row: the file is empty", 0, 0, ""),
        ("encoding", (HEADER + "a,S\xff,killed,1,,,,,,,\n").encode("latin-1"),
         casualty.ParseError, Status.ENCODING, "2:2: field 'source': not valid UTF-8", 2, 2,
         "source"),
        ("too long", HEADER + "a,S,killed,1,,,,,,," + "x" * 70000 + "\n", casualty.ParseError,
         Status.TOO_LONG, "2:11: field 'group': 70000 bytes, more than the 65536 allowed", 2,
         11, "group"),
    ]

    def check(self, exc, cls, status, message, line, column, field, file):
        self.assertIs(type(exc), cls)
        self.assertEqual(exc.status, status)
        self.assertEqual(str(exc), file + ":" + message)
        self.assertEqual(exc.message, file + ":" + message)
        self.assertEqual((exc.line, exc.column, exc.field, exc.file),
                         (line, column, field, file))

    def test_strict_text(self):
        for name, body, cls, status, message, line, column, field in self.CASES:
            with self.subTest(name):
                ledger = Ledger([Claim("keep", "S", "killed", 1)])
                with self.assertRaises(cls) as cm:
                    ledger.load_csv_text(body, name="t.csv")
                self.check(cm.exception, cls, status, message, line, column, field, "t.csv")
                self.assertEqual([c.id for c in ledger], ["keep"])  # all or nothing
                ledger.close()

    def test_strict_file(self):
        for name, body, cls, status, message, line, column, field in self.CASES:
            with self.subTest(name):
                path = self.write("t.csv", body)
                with self.assertRaises(cls) as cm:
                    Ledger.from_csv(path)
                self.check(cm.exception, cls, status, message, line, column, field, path)

    def test_builtin_bases(self):
        with self.assertRaises(ValueError):
            Ledger.from_csv_text(HEADER + "a,S,killed,12x,,,,,,,\n")
        with self.assertRaises(OverflowError):
            Ledger.from_csv_text(HEADER + "a,S,killed,99999999999999999999,,,,,,,\n")

    def test_unnamed_text(self):
        with self.assertRaises(casualty.ParseError) as cm:
            Ledger.from_csv_text(HEADER + "a,S,killed,12x,,,,,,,\n")
        self.assertEqual(str(cm.exception),
                         "2:4: field 'low': expected a whole number >= 0, got '12x'")
        self.assertEqual(cm.exception.file, "")
        with self.assertRaises(TypeError):
            Ledger().load_csv_text(12)

    def test_missing_file(self):
        path = self.path("missing.csv")
        with self.assertRaises(casualty.CasualtyIOError) as cm:
            Ledger().load_csv(path)
        self.assertEqual(str(cm.exception), path + ": cannot open: No such file or directory")
        self.assertEqual(cm.exception.status, Status.IO)
        self.assertEqual(cm.exception.file, path)
        self.assertIsInstance(cm.exception, OSError)
        with self.assertRaises(casualty.CasualtyIOError):
            Ledger().load_csv(path, lenient=True)

    def test_lenient(self):
        body = (HEADER + "a,S,killed,1,,,,,,,\nb,S,killed,12x,,,,,,,\nc,S,killed,2,,,,,,,\n"
                "d,S,killed,5,3,,,,,,\n")
        ledger = Ledger()
        rejects = ledger.load_csv_text(body, name="t.csv", lenient=True)
        self.assertEqual([c.id for c in ledger], ["a", "c"])
        self.assertEqual(rejects, [
            casualty.Reject(Status.NUMBER,
                            "t.csv:3:4: field 'low': expected a whole number >= 0, got '12x'",
                            3, 4, "low", "t.csv"),
            casualty.Reject(Status.RANGE, "t.csv:5:5: field 'high': 3 is below low 5", 5, 5,
                            "high", "t.csv"),
        ])
        self.assertEqual(str(rejects[0]), rejects[0].message)
        error = rejects[1].error
        self.assertIsInstance(error, casualty.ValidationError)
        self.assertEqual((error.line, error.column, error.field), (5, 5, "high"))
        path = self.write("t.csv", body)
        again, rejects2 = Ledger.from_csv(path, lenient=True)
        self.assertEqual(len(again), 2)
        self.assertEqual([r.message.replace(path, "t.csv") for r in rejects2],
                         [r.message for r in rejects])
        self.assertEqual(ledger.load_csv_text(HEADER, lenient=True), [])
        # A problem with the file as a whole still fails the whole load.
        with self.assertRaises(casualty.ParseError) as cm:
            ledger.load_csv_text("id,source\n", name="t.csv", lenient=True)
        self.assertEqual(cm.exception.status, Status.HEADER)
        again2, none = Ledger.from_csv_text(HEADER, lenient=True)
        self.assertEqual((len(again2), none), (0, []))
        self.assertEqual(len(ledger), 2)

    def test_save_and_reload(self):
        ledger = Ledger.from_csv(support.BUNDLED)
        path = self.path("out.csv")
        ledger.save_csv(path)
        with open(path, "rb") as f, open(support.BUNDLED, "rb") as g:
            self.assertEqual(f.read(), g.read())
        self.assertEqual(list(Ledger.from_csv(path)), list(ledger))
        with self.assertRaises(casualty.CasualtyIOError) as cm:
            ledger.save_csv(self.path("no/such/dir/out.csv"))
        self.assertTrue(str(cm.exception).startswith(
            self.path("no/such/dir/out.csv") + ": cannot open for writing: "))
        self.assertIsNone(Ledger().load_csv(path))
        self.assertIsNone(Ledger().load_csv_text(HEADER))

    def test_path_like(self):
        import pathlib
        path = pathlib.Path(self.write("p.csv", HEADER + "a,S,killed,1,,,,,,,\n"))
        self.assertEqual(len(Ledger.from_csv(path)), 1)
        Ledger.from_csv(path).save_csv(pathlib.Path(self.path("q.csv")))
        self.assertTrue(os.path.exists(self.path("q.csv")))


class LifetimeTest(unittest.TestCase):
    """Closing, context managers, and garbage collection."""

    def test_claims_outlive_the_ledger(self):
        with Ledger.from_csv(support.BUNDLED) as ledger:
            first = ledger[0]
            claims = list(ledger)
            indices = ledger.select(Scope("killed"))
        self.assertTrue(ledger.closed)
        # Values read earlier are copies: fine after the close.
        self.assertEqual(first.source, "SOHR")
        self.assertEqual(first.scope.group, "combatants/government")
        self.assertEqual(len(claims), 27)
        self.assertEqual(claims[3].quote, "Casualties3: 1,700 civilians killed (per SOHR)")
        self.assertTrue(indices)
        # Re-adding them to a new ledger works too.
        with Ledger(claims) as copy:
            self.assertEqual(list(copy), claims)

    def test_closed_ledger_raises(self):
        ledger = Ledger.from_csv(support.BUNDLED)
        ledger.close()
        ledger.close()  # twice is harmless
        calls = [
            lambda: len(ledger), lambda: ledger[0], lambda: list(ledger),
            lambda: ledger.find("syria-001"), lambda: ledger.get("syria-001"),
            lambda: ledger.is_current(0), lambda: ledger.select(Scope("killed")),
            lambda: ledger.add(Claim("z", "S", "killed", 1)),
            lambda: ledger.load_csv(support.BUNDLED), lambda: ledger.load_csv_text(HEADER),
            lambda: ledger.save_csv(os.devnull), lambda: ledger.to_csv_text(),
            lambda: ledger._as_parameter_, lambda: ledger.__enter__(),
            lambda: "x" in ledger,
        ]
        for call in calls:
            with self.assertRaises(casualty.ClosedError) as cm:
                call()
            self.assertEqual(str(cm.exception), "the ledger is closed")
            self.assertIsInstance(cm.exception, ValueError)

    def test_close_during_iteration(self):
        ledger = Ledger.from_csv(support.BUNDLED)
        it = iter(ledger)
        self.assertEqual(next(it).id, "syria-001")
        ledger.close()
        with self.assertRaises(casualty.ClosedError):
            next(it)

    def test_with_closes_on_error(self):
        with self.assertRaises(RuntimeError):
            with Ledger.from_csv(support.BUNDLED) as ledger:
                raise RuntimeError("boom")
        self.assertTrue(ledger.closed)

    def test_garbage_collection_frees(self):
        ledger = Ledger.from_csv(support.BUNDLED)
        handle = ledger._handle
        self.assertTrue(handle.alive)
        del ledger
        gc.collect()
        self.assertFalse(handle.alive)
        # A reference cycle is collected too.
        ledger = Ledger()
        ledger.me = ledger
        handle = ledger._handle
        del ledger
        gc.collect()
        self.assertFalse(handle.alive)

    def test_no_memory_growth(self):
        """A thousand ledgers of 500 claims made and dropped: the process does
        not grow by what they would leak (over 100 kB each)."""
        text = HEADER + "".join("c%d,Source %d,killed,%d,%d,,,,2025-03-%02d,,civilians/g%d\n"
                                % (i, i % 7, i, i + 5, 1 + i % 28, i) for i in range(500))

        def rss():
            with open("/proc/self/statm") as f:
                return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

        def churn(n):
            for i in range(n):
                ledger = Ledger.from_csv_text(text)
                if i % 2:
                    ledger.close()
                del ledger

        churn(200)
        gc.collect()
        before = rss()
        churn(1000)
        gc.collect()
        growth = rss() - before
        self.assertLess(growth, 24 << 20, "grew by %d bytes" % growth)

    def test_failed_from_csv_closes(self):
        import casualty._handle as h
        made = []
        original = h.Handle.__init__

        def spy(self, *args):
            original(self, *args)
            made.append(self)
        h.Handle.__init__ = spy
        try:
            with self.assertRaises(casualty.ParseError):
                Ledger.from_csv_text("id,source\n")
            with self.assertRaises(casualty.ParseError):
                Ledger.from_csv_text("id,source\n", lenient=True)
        finally:
            h.Handle.__init__ = original
        self.assertEqual(len(made), 2)
        self.assertFalse(any(handle.alive for handle in made))


if __name__ == "__main__":
    unittest.main()
