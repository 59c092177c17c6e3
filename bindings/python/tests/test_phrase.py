# SPDX-License-Identifier: MIT
"""Phrases to claims through the binding: parse_phrase, PhraseOptions,
hedges and lexicon."""

import datetime
import gc
import unittest

import casualty
from casualty import (Hedge, HedgePosition, HedgeRule, Ledger, PhraseClaim, PhraseField,
                      PhraseKind, PhraseOptions, Qualifier, Status, TermKind, parse_phrase)

SENTENCE = ("nearly 400 Syrian security personnel and dozens of civilians were killed, "
            "according to SOHR, between 6 and 8 March")


class ParseTest(unittest.TestCase):

    def test_sentence(self):
        first, second = parse_phrase(SENTENCE)
        self.assertIsInstance(first, PhraseClaim)
        self.assertEqual((first.kind, first.qualifier, first.low, first.high, first.best,
                          first.number), (PhraseKind.CASUALTY, Qualifier.NEARLY, 360, 399,
                                          None, 400))
        self.assertEqual((first.outcome, first.group, first.source, first.preset),
                         ("killed", "combatants/government/security", "SOHR", "default"))
        self.assertEqual((second.qualifier, second.low, second.high, second.number,
                          second.group), (Qualifier.VAGUE, 24, 99, None, "civilians"))
        self.assertEqual(second.period_text, "between 6 and 8 March")
        self.assertIsNone(second.period_start)  # no year given
        for claim in (first, second):
            raw = SENTENCE.encode("utf-8")
            self.assertEqual(raw[claim.start:claim.end].decode("utf-8"), claim.quote)
        self.assertEqual(first.basis, casualty.Basis.REPORTED)
        self.assertEqual((first.perpetrator, first.perpetrator_text, first.relay), ("", "", ""))

    def test_fields(self):
        [claim] = parse_phrase("+ 315 killed (per SOHR)", PhraseField.CASUALTY)
        self.assertEqual((claim.qualifier, claim.low, claim.high, claim.source),
                         (Qualifier.AT_LEAST, 315, None, "SOHR"))
        [strength] = parse_phrase("strength: 5,000 fighters", PhraseField.STRENGTH)
        self.assertEqual((strength.kind, strength.low, strength.outcome),
                         (PhraseKind.STRENGTH, 5000, ""))
        self.assertEqual(parse_phrase("", PhraseField.CASUALTY), [])
        self.assertEqual(parse_phrase(b"no figures here"), [])
        [by] = parse_phrase("12 civilians were killed by government forces")
        self.assertEqual((by.perpetrator, by.perpetrator_text),
                         ("government", "government forces"))
        [documented] = parse_phrase("SNHR documented 823 civilians killed")
        self.assertEqual((documented.basis, documented.source),
                         (casualty.Basis.DOCUMENTED, "SNHR"))
        [relayed] = parse_phrase("at least 20 killed, Reuters reported, citing SOHR")
        self.assertEqual((relayed.source, relayed.relay), ("SOHR", "Reuters"))
        self.assertEqual(by.to_claim("b", source="X").scope.perpetrator,
                         "government")
        self.assertEqual(str(PhraseField.PROSE), "prose")
        self.assertEqual(str(PhraseKind.STRENGTH), "strength")

    def test_to_claim(self):
        first = parse_phrase(SENTENCE)[0]
        claim = first.to_claim("p1", citation="Wikipedia")
        self.assertEqual((claim.id, claim.source, claim.citation, claim.low, claim.high,
                          claim.qualifier, claim.quote, claim.scope.outcome, claim.scope.group),
                         ("p1", "SOHR", "Wikipedia", 360, 399, Qualifier.NEARLY, first.quote,
                          "killed", "combatants/government/security"))
        self.assertEqual(first.to_claim("p2", source="Reuters").source, "Reuters")
        with Ledger([claim]) as ledger:
            self.assertEqual(ledger[0], claim)

    def test_errors(self):
        with self.assertRaises(casualty.ParseError) as cm:
            parse_phrase(b"killed \xff 5", PhraseField.CASUALTY)
        self.assertEqual(cm.exception.status, Status.ENCODING)
        self.assertEqual(cm.exception.column, 8)
        self.assertIn("invalid UTF-8 at byte 8", str(cm.exception))
        limit = casualty.phrase_max_bytes()
        self.assertEqual(limit, 4 << 20)
        with self.assertRaises(casualty.ParseError) as cm:
            parse_phrase("x" * (limit + 1))
        self.assertEqual(cm.exception.status, Status.TOO_LONG)
        self.assertEqual(str(cm.exception), "field 'text': text of 4194305 bytes is longer "
                         "than the 4194304-byte limit")
        with self.assertRaises(TypeError):
            parse_phrase(12)
        with self.assertRaises(TypeError):
            parse_phrase("x", options="acled")


class OptionsTest(unittest.TestCase):

    def test_presets_and_names(self):
        with PhraseOptions() as default, PhraseOptions("acled") as acled:
            self.assertEqual((default.name, acled.name), ("default", "acled"))
            self.assertGreater(len(default.hedges), 10)
            at_least = [h for h in acled.hedges if h.phrase == "at least"]
            self.assertEqual(at_least, [Hedge("at least", HedgePosition.BEFORE,
                                              HedgeRule.AT_LEAST, Qualifier.AT_LEAST)])
            acled.set_year(2025)
            [claim] = parse_phrase("dozens of civilians were killed between 6 and 8 March",
                                   options=acled)
            self.assertEqual((claim.low, claim.high, claim.preset), (12, None, "acled"))
            self.assertEqual((claim.period_start, claim.period_end),
                             (datetime.date(2025, 3, 6), datetime.date(2025, 3, 8)))
            self.assertEqual(claim.to_claim("x", source="S").scope.period_start,
                             datetime.date(2025, 3, 6))
            self.assertIn("'acled' with", repr(acled))
        self.assertTrue(default.closed)
        self.assertEqual(repr(default), "<casualty.PhraseOptions (closed)>")
        with self.assertRaises(casualty.ClosedError):
            default.hedges
        with self.assertRaises(casualty.ClosedError):
            parse_phrase("12 killed", options=default)
        with self.assertRaises(casualty.ValidationError) as cm:
            PhraseOptions("nope")
        self.assertEqual(str(cm.exception),
                         "field 'preset': unknown preset 'nope' (expected 'default' or 'acled')")

    def test_hedges(self):
        o = PhraseOptions()
        scores = Hedge("scores", HedgePosition.WORD, HedgeRule.FIXED, Qualifier.VAGUE, 0, 40, 99)
        o.set_hedge(scores)
        self.assertEqual(o.name, "default+custom")
        self.assertIn(scores, o.hedges)
        self.assertEqual((scores.position, scores.spread), (HedgePosition.WORD, 0))
        [claim] = parse_phrase("scores of civilians were killed", options=o)
        self.assertEqual((claim.low, claim.high, claim.preset), (40, 99, "default+custom"))
        o.name = "mine"
        self.assertEqual(parse_phrase("scores of civilians were killed", options=o)[0].preset,
                         "mine")
        roughly = Hedge("roughly", HedgePosition.BEFORE, HedgeRule.APPROX, Qualifier.APPROX,
                        spread=20)
        o.set_hedge(roughly)
        self.assertIn(roughly, o.hedges)
        [about] = parse_phrase("roughly 100 people were killed", options=o)
        self.assertEqual((about.low, about.high, about.best, about.qualifier),
                         (80, 120, 100, Qualifier.APPROX))
        o.remove_hedge("scores", HedgePosition.WORD)
        self.assertNotIn(scores, o.hedges)
        with self.assertRaises(casualty.NotFoundError) as cm:
            o.remove_hedge("scores", HedgePosition.WORD)
        self.assertEqual(str(cm.exception), "field 'phrase': no hedge 'scores' at position 2")
        with self.assertRaises(casualty.ValidationError) as cm:
            o.set_hedge(Hedge("x", rule=HedgeRule.FIXED))
        self.assertEqual(cm.exception.field, "rule")
        with self.assertRaises(casualty.ValidationError) as cm:
            o.set_hedge(Hedge("lots", HedgePosition.WORD, HedgeRule.FIXED, Qualifier.VAGUE,
                              low=50, high=10))
        self.assertEqual(cm.exception.status, Status.RANGE)
        with self.assertRaises(casualty.ValidationError):
            o.name = ""
        with self.assertRaises(TypeError):
            o.set_hedge("scores")
        o.clear_hedges()
        self.assertEqual(o.hedges, [])
        self.assertEqual(str(HedgeRule.LESS_THAN), "less_than")
        self.assertEqual(str(HedgePosition.AFTER), "after")
        o.close()

    def test_lexicon_sources_defaults(self):
        o = PhraseOptions()
        builtin = parse_phrase("12 villagers were killed", options=o)[0].group
        self.assertEqual(builtin, "civilians")
        o.add_term(TermKind.GROUP, "villagers", "civilians/rural")
        self.assertEqual(parse_phrase("12 villagers were killed", options=o)[0].group,
                         "civilians/rural")
        o.remove_term(TermKind.GROUP, "villagers")
        self.assertNotEqual(parse_phrase("12 villagers were killed", options=o)[0].group,
                            "civilians/rural")
        with self.assertRaises(casualty.NotFoundError):
            o.remove_term(TermKind.GROUP, "villagers")
        with self.assertRaises(casualty.ValidationError) as cm:
            o.add_term(TermKind.GROUP, "x", "a//b")
        self.assertEqual(cm.exception.status, Status.PATH)
        o.add_source("SOHR", "Syrian Observatory for Human Rights")
        text = "the UK-based Syrian Observatory for Human Rights said 12 people were killed"
        self.assertEqual(parse_phrase(text, options=o)[0].source, "SOHR")
        o.set_default(TermKind.OUTCOME, "killed")
        self.assertEqual(parse_phrase("15", PhraseField.CASUALTY, options=o)[0].outcome,
                         "killed")
        both = "at least 16 soldiers and four civilians were killed"
        self.assertEqual([(c.low, c.high) for c in parse_phrase(both, options=o)],
                         [(16, None), (4, None)])
        o.set_distribute(False)
        self.assertEqual([(c.low, c.high) for c in parse_phrase(both, options=o)],
                         [(16, None), (4, 4)])
        with self.assertRaises(casualty.ParseError) as cm:
            o.set_year(10000)
        self.assertEqual(str(cm.exception), "field 'year': year 10000 is outside 0..9999")
        self.assertEqual(str(TermKind.OUTCOME), "outcome")

    def test_collection_frees(self):
        o = PhraseOptions()
        handle = o._handle
        claims = parse_phrase(SENTENCE, options=o)
        del o
        gc.collect()
        self.assertFalse(handle.alive)
        self.assertEqual(claims[0].low, 360)


if __name__ == "__main__":
    unittest.main()
