# SPDX-License-Identifier: MIT
"""Claims, scopes, enums, relations and days."""

import dataclasses
import datetime
import unittest

import casualty
from casualty import (Basis, Claim, Qualifier, RangeRelation, Scope, ScopeRelation, Status)

D = datetime.date


class EnumTest(unittest.TestCase):

    def test_labels_are_the_library_names(self):
        self.assertEqual([q.label for q in Qualifier],
                         ["exact", "at_least", "more_than", "approx", "nearly", "up_to",
                          "range", "vague"])
        self.assertEqual([b.label for b in Basis],
                         ["reported", "documented", "estimated", "party"])
        self.assertEqual([r.label for r in RangeRelation],
                         ["equal", "inside", "contains", "overlapping", "disjoint"])
        self.assertEqual([r.label for r in ScopeRelation],
                         ["same", "within", "contains", "overlapping", "disjoint"])
        self.assertEqual(str(Qualifier.AT_LEAST), "at_least")
        self.assertEqual("%s|%-9s|" % (Basis.PARTY, Basis.PARTY), "party|party    |")
        self.assertEqual(f"{ScopeRelation.WITHIN:>8}", "  within")
        self.assertEqual(int(Qualifier.VAGUE), 7)

    def test_from_label(self):
        for enum in (Qualifier, Basis, RangeRelation, ScopeRelation):
            for member in enum:
                self.assertIs(enum.from_label(member.label), member)
                self.assertIs(enum.from_label(member), member)
        with self.assertRaises(casualty.ValidationError) as cm:
            Qualifier.from_label("sometimes")
        self.assertEqual(cm.exception.status, Status.VALUE)
        self.assertEqual(str(cm.exception), "unknown qualifier 'sometimes': expected one of "
                         "exact, at_least, more_than, approx, nearly, up_to, range, vague")
        with self.assertRaises(casualty.ValidationError) as cm:
            Basis.from_label("rumour")
        self.assertIn("unknown basis 'rumour'", str(cm.exception))
        with self.assertRaises(casualty.ValidationError) as cm:
            RangeRelation.from_label("near")
        self.assertIn("unknown range relation 'near'", str(cm.exception))
        with self.assertRaises(casualty.ValidationError):
            ScopeRelation.from_label("")


class ScopeTest(unittest.TestCase):

    def test_defaults_and_dates(self):
        everything = Scope()
        self.assertEqual(dataclasses.astuple(everything), ("", "", "", "", None, None, ""))
        s = Scope("killed", "civilians", period_start="2025-03-06",
                  period_end=datetime.datetime(2025, 3, 12, 15, 30))
        self.assertEqual((s.period_start, s.period_end), (D(2025, 3, 6), D(2025, 3, 12)))
        self.assertIs(type(s.period_end), datetime.date)
        self.assertEqual(Scope("killed", group=None).group, "")
        with self.assertRaises(casualty.ParseError):
            Scope("killed", period_start="6 March 2025")
        with self.assertRaises(TypeError):
            Scope("killed", period_start=20250306)
        with self.assertRaises(TypeError):
            Scope(7)
        with self.assertRaises(dataclasses.FrozenInstanceError):
            s.outcome = "wounded"
        self.assertEqual(hash(s), hash(Scope("killed", "civilians", "", "", D(2025, 3, 6),
                                             D(2025, 3, 12))))

    def test_event(self):
        # docs/model.md section 9: an event is a dimension of its own.
        a = Scope("killed", "civilians", place="syria/idlib", event="ucdp-ged:1")
        b = Scope("killed", "civilians", place="syria/idlib", event="ucdp-ged:2")
        whole = Scope("killed", "civilians", place="syria/idlib")
        self.assertEqual(a.event, "ucdp-ged:1")
        self.assertIs(a.relation(b), ScopeRelation.DISJOINT)
        self.assertIs(a.relation(whole), ScopeRelation.WITHIN)
        self.assertIs(whole.relation(a), ScopeRelation.CONTAINS)
        self.assertIs(a.relation(Scope("killed", place="syria", event="ucdp-ged:1")),
                      ScopeRelation.WITHIN)
        c = Claim("x", "UCDP GED", a, 3, 3)
        self.assertEqual(c.event, "ucdp-ged:1")
        with self.assertRaises(casualty.ValidationError) as caught:
            Claim("x", "UCDP GED", Scope("killed", event="/bad"), 3, 3).validate()
        self.assertEqual((caught.exception.status, caught.exception.field),
                         (Status.PATH, "event"))
        with self.assertRaises(TypeError):
            Scope("killed", event=7)

    def test_relation(self):
        whole = Scope("killed", "civilians", place="syria")
        part = Scope("killed", "civilians/alawite", place="syria/coast")
        self.assertIs(part.relation(whole), ScopeRelation.WITHIN)
        self.assertIs(whole.relation(part), ScopeRelation.CONTAINS)
        self.assertIs(whole.relation(whole), ScopeRelation.SAME)
        self.assertIs(Scope("killed", "civilians", place="syria/coast").relation(
            Scope("killed", "civilians/alawite", place="syria")), ScopeRelation.OVERLAPPING)
        self.assertIs(Scope("killed").relation(Scope("wounded")), ScopeRelation.DISJOINT)
        early = Scope("killed", period_start="2025-03-06", period_end="2025-03-08")
        late = Scope("killed", period_start="2025-03-09", period_end="2025-03-12")
        self.assertIs(casualty.scope_relation(early, late), ScopeRelation.DISJOINT)
        open_start = Scope("killed", period_end="2025-03-12")
        self.assertIs(casualty.scope_relation(early, open_start), ScopeRelation.WITHIN)
        claim = Claim("a", "S", part, 1)
        self.assertIs(casualty.scope_relation(claim, whole), ScopeRelation.WITHIN)
        self.assertIs(casualty.scope_relation("killed", Scope()), ScopeRelation.WITHIN)
        with self.assertRaises(TypeError):
            casualty.scope_relation(3, whole)

    def test_path_relation(self):
        self.assertIs(casualty.path_relation("civilians/alawite", "civilians"),
                      ScopeRelation.WITHIN)
        self.assertIs(casualty.path_relation("civilians", "civilians/alawite"),
                      ScopeRelation.CONTAINS)
        self.assertIs(casualty.path_relation("civilians", "civilians"), ScopeRelation.SAME)
        self.assertIs(casualty.path_relation("civilians", "civiliansx"),
                      ScopeRelation.DISJOINT)
        self.assertIs(casualty.path_relation("", "a"), ScopeRelation.CONTAINS)
        self.assertIs(casualty.path_relation(None, ""), ScopeRelation.SAME)


class ClaimTest(unittest.TestCase):

    def test_derived_qualifier(self):
        self.assertIs(Claim("a", "S", "killed", 5).qualifier, Qualifier.AT_LEAST)
        self.assertIs(Claim("a", "S", "killed", 5, 5).qualifier, Qualifier.EXACT)
        self.assertIs(Claim("a", "S", "killed", 5, 9).qualifier, Qualifier.RANGE)
        self.assertIs(Claim("a", "S", "killed", 5, 9, qualifier="approx").qualifier,
                      Qualifier.APPROX)
        self.assertIs(Claim("a", "S", "killed", 5, 9, qualifier=3).qualifier, Qualifier.APPROX)
        self.assertIs(Claim("a", "S", "killed", 5, basis="party").basis, Basis.PARTY)
        with self.assertRaises(casualty.ValidationError) as cm:
            Claim("a", "S", "killed", 5, qualifier=42)
        self.assertEqual(str(cm.exception), "field 'qualifier': unknown qualifier 42")

    def test_properties(self):
        scope = Scope("killed", "civilians", "government", "syria/coast", D(2025, 3, 6),
                      D(2025, 3, 12))
        c = Claim("x", "SOHR", scope, 1600, 1800, 1700, reported_on="2025-03-13")
        self.assertEqual((c.outcome, c.group, c.perpetrator, c.place),
                         ("killed", "civilians", "government", "syria/coast"))
        self.assertEqual((c.period_start, c.period_end), (D(2025, 3, 6), D(2025, 3, 12)))
        self.assertEqual(c.reported_on, D(2025, 3, 13))
        self.assertEqual(c.figure, 1700)
        self.assertFalse(c.is_open)
        open_claim = Claim("y", "SNHR", scope, 823)
        self.assertEqual(open_claim.figure, 823)
        self.assertTrue(open_claim.is_open)
        self.assertEqual(dataclasses.replace(c, best=None).figure, 1600)
        with self.assertRaises(TypeError):
            Claim("x", "S", 12, 1)
        with self.assertRaises(TypeError):
            Claim(1, "S", "killed", 1)

    def test_validate_ok(self):
        self.assertIsNone(Claim("x", "SOHR", "killed", 3, 5, 4).validate())
        self.assertIsNone(casualty.validate_claim(Claim("x", "SOHR", "killed/civilians", 0)))

    def test_validation_errors(self):
        cases = [
            (Claim("", "S", "killed", 1), casualty.ValidationError, Status.MISSING,
             "field 'id': required, but empty", "id"),
            (Claim("a", "S", "", 1), casualty.ValidationError, Status.MISSING,
             "field 'outcome': required, but empty", "outcome"),
            (Claim("a", "S", Scope("killed", "/civilians"), 1), casualty.ValidationError,
             Status.PATH, "field 'group': expected a path like 'civilians/alawite', got "
             "'/civilians' (leading or trailing '/')", "group"),
            (Claim("a", "S", "killed", 7, 5), casualty.ValidationError, Status.RANGE,
             "field 'high': 5 is below low 7", "high"),
            (Claim("a", "S", "killed", -7), casualty.ValidationError, Status.RANGE,
             "field 'low': must be >= 0, got -7", "low"),
            (Claim("a", "S", "killed", 5, None, 3), casualty.ValidationError, Status.RANGE,
             "field 'best': 3 is outside the range [5, open]", "best"),
            (Claim("a", "S", "killed", 5, 9, qualifier=Qualifier.EXACT),
             casualty.ValidationError, Status.RANGE,
             "field 'qualifier': an exact claim needs low == high", "qualifier"),
            (Claim("a", "S", Scope("killed", period_start="2025-03-12",
                                   period_end="2025-03-06"), 1),
             casualty.ParseError, Status.DATE,
             "field 'period_end': 2025-03-06 is before period_start 2025-03-12", "period_end"),
            (Claim("a", "S\udc80", "killed", 1), casualty.ParseError, Status.ENCODING,
             "field 'source': not valid UTF-8", "source"),
            (Claim("a", "S", "killed", 1, quote="q" * 70000), casualty.ParseError,
             Status.TOO_LONG, "field 'quote': 70000 bytes, more than the 65536 allowed",
             "quote"),
            # Caught before C, where -1 would mean "open" / "no estimate":
            (Claim("a", "S", "killed", 1, -1), casualty.ValidationError, Status.RANGE,
             "field 'high': must be >= 0 or None, got -1", "high"),
            (Claim("a", "S", "killed", 1, 5, -1), casualty.ValidationError, Status.RANGE,
             "field 'best': must be >= 0 or None, got -1", "best"),
            (Claim("a", "S", "killed", 2 ** 63), casualty.CountOverflowError, Status.OVERFLOW,
             "field 'low': 9223372036854775808 is larger than the largest count "
             "(9223372036854775807)", "low"),
            (Claim("a\0b", "S", "killed", 1), casualty.ValidationError, Status.VALUE,
             "field 'id': contains a NUL character", "id"),
        ]
        for claim, cls, status, message, field in cases:
            with self.subTest(message):
                for call in (claim.validate, lambda: casualty.Ledger().add(claim)):
                    with self.assertRaises(cls) as cm:
                        call()
                    self.assertIs(type(cm.exception), cls)
                    self.assertEqual(cm.exception.status, status)
                    self.assertEqual(str(cm.exception), message)
                    self.assertEqual(cm.exception.field, field)
        with self.assertRaises(TypeError):
            Claim("a", "S", "killed", 1.5).validate()
        with self.assertRaises(TypeError):
            Claim("a", "S", "killed", True).validate()
        with self.assertRaises(TypeError):
            Claim("a", "S", "killed", None).validate()


class RangeRelationTest(unittest.TestCase):

    def test_relations(self):
        rr = casualty.range_relation
        self.assertIs(rr(10, 20, 10, 20), RangeRelation.EQUAL)
        self.assertIs(rr(12, 15, 10, 20), RangeRelation.INSIDE)
        self.assertIs(rr(10, None, 12, 15), RangeRelation.CONTAINS)
        self.assertIs(rr(10, 20, 15, None), RangeRelation.OVERLAPPING)
        self.assertIs(rr(10, 20, 21, None), RangeRelation.DISJOINT)
        self.assertIs(rr(5, None, 5, None), RangeRelation.EQUAL)

    def test_bad_ranges(self):
        with self.assertRaises(casualty.ValidationError) as cm:
            casualty.range_relation(10, 5, 1, 2)
        self.assertEqual(str(cm.exception), "first high 5 is below its low 10")
        with self.assertRaises(casualty.ValidationError) as cm:
            casualty.range_relation(1, 2, -3, 2)
        self.assertEqual(str(cm.exception), "second low must be >= 0, got -3")
        with self.assertRaises(casualty.ValidationError):
            casualty.range_relation(1, -1, 0, 2)


class DateTest(unittest.TestCase):

    def test_parse_and_format(self):
        self.assertEqual(casualty.parse_date("2025-03-06"), D(2025, 3, 6))
        self.assertEqual(casualty.parse_date("2024-02-29"), D(2024, 2, 29))
        self.assertEqual(casualty.format_date(D(2025, 3, 6)), "2025-03-06")
        self.assertEqual(casualty.format_date(D(1, 1, 1)), "0001-01-01")
        for text in ("2025-02-29", "2025-3-6", "06/03/2025", "", "2025-03-06x"):
            with self.subTest(text):
                with self.assertRaises(casualty.ParseError) as cm:
                    casualty.parse_date(text)
                self.assertEqual(cm.exception.status, Status.DATE)
                self.assertEqual(str(cm.exception),
                                 "expected a real calendar date YYYY-MM-DD, got %r" % text)
        with self.assertRaises(TypeError):
            casualty.format_date("2025-03-06")

    def test_day_numbers(self):
        self.assertEqual(casualty.day_number(D(1970, 1, 1)), 0)
        self.assertEqual(casualty.day_number(D(2025, 3, 6)), 20153)
        self.assertEqual(casualty.day_number(D(1, 1, 1)), -719162)
        self.assertEqual(casualty.day_number(D(9999, 12, 31)), 2932896)
        self.assertEqual(casualty.day_number(None), casualty.DATE_UNKNOWN)
        self.assertEqual(casualty.date_of_day(20153), D(2025, 3, 6))
        self.assertIsNone(casualty.date_of_day(casualty.DATE_UNKNOWN))
        with self.assertRaises(casualty.ParseError) as cm:
            casualty.date_of_day(2932897)
        self.assertEqual(str(cm.exception), "day number 2932897 is outside years 1 to 9999")
        with self.assertRaises(TypeError):
            casualty.day_number("2025-03-06")

    def test_python_calendar_agrees_with_c(self):
        """The binding converts days without a C call; both calendars agree."""
        from casualty.types import _date_of, _day_of
        for n in list(range(-800, 800, 7)) + list(range(-719162, 2932897, 9973)) + [2932896]:
            day = casualty.date_of_day(n)
            self.assertEqual(_date_of(n), day)
            self.assertEqual(_day_of(day, "d"), n)
            self.assertEqual(casualty.day_number(day), n)


class ConstantsTest(unittest.TestCase):

    def test_values(self):
        self.assertEqual(casualty.DATE_UNKNOWN, -2 ** 31)
        self.assertEqual(casualty.FIELD_MAX, 65536)
        claim = Claim("a", "S", "killed", 1, quote="q" * casualty.FIELD_MAX)
        self.assertIsNone(claim.validate())


if __name__ == "__main__":
    unittest.main()
