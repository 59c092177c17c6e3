"""examples/casualty_reconcile.py prints exactly what the C example prints."""

import unittest

import support


def c_run(*args):
    return support.run([support.c_example()] + list(args))


def py_run(*args):
    return support.run([support.PYTHON, support.PY_EXAMPLE] + list(args),
                       env=support.python_env())


class ExampleTest(support.TempDirTestCase):

    def assert_same(self, args, status):
        c = c_run(*args)
        py = py_run(*args)
        self.assertEqual(c[0], status, c[2].decode("utf-8", "replace"))
        self.assertEqual(py[0], c[0], py[2].decode("utf-8", "replace"))
        self.assertEqual(py[1], c[1])
        self.assertEqual(py[2], c[2])
        return c

    def test_bundled_data_named(self):
        status, out, err = self.assert_same([support.BUNDLED], 0)
        # SOHR's 1,700 against SNHR's 823 civilians: a conflict, gap 877.
        self.assertIn(b"CONFLICT", out)
        self.assertIn(b"syria-004 (SOHR)", out)
        self.assertIn(b"syria-005 (SNHR)", out)
        self.assertEqual(err, b"")

    def test_bundled_data_by_default(self):
        status, out, err = self.assert_same([], 0)
        self.assertIn(b"SOHR", out)

    def test_formats(self):
        for fmt in ("csv", "markdown", "text"):
            status, out, err = self.assert_same(["--format", fmt, support.BUNDLED], 0)
            self.assertIn(b"syria-004", out)
        status, out, err = self.assert_same(["--format", "csv", support.BUNDLED], 0)
        self.assertTrue(out.startswith(b"outcome,"), out[:80])

    def test_markdown_equals_the_c_printer(self):
        import casualty
        with casualty.Ledger() as ledger:
            ledger.load_csv(support.BUNDLED)
            md = ledger.reconcile().markdown()
        c = c_run("--format", "markdown", support.BUNDLED)
        self.assertEqual(md.encode("utf-8"), c[1])
        self.assertIn("**CONFLICT**", md)

    def test_other_file_with_unicode_and_superseded(self):
        path = self.write("claims.csv", (
            "id,source,outcome,group,place,low,high,best,reported_on,period_start,period_end\n"
            "b,Ministère,killed,civils/enfants,gaza/rafaḥ,10,20,15,2024-05-02,,2024-05-01\n"
            "a,Ministère,killed,civils/enfants,gaza/rafaḥ,5,,,2024-05-01,,2024-05-01\n"
            "c,UN,killed,,,7,7,,,,\n"
            "d,ÜN,killed,,,7,9,7,,2024-05-01,2024-05-01\n"))
        status, out, err = self.assert_same([path], 0)
        text = out.decode("utf-8")
        self.assertIn("gaza/rafaḥ", text)
        self.assertIn("b (Ministère)", text)   # the latest report counts
        self.assertNotIn("a (Ministère)", text)  # the superseded one does not

    def test_bad_row(self):
        path = self.write("bad.csv", "id,source,outcome,low\na,SOHR,killed,12x\n")
        status, out, err = self.assert_same([path], 1)
        self.assertEqual(out, b"")
        self.assertEqual(err, b"casualty-reconcile: " + path.encode() +
                         b":2:4: field 'low': expected a whole number >= 0, got '12x'\n")

    def test_missing_file(self):
        status, out, err = self.assert_same([self.path("missing.csv")], 1)
        self.assertIn(b"cannot open", err)

    def test_usage(self):
        c = c_run("a", "b")
        py = py_run("a", "b")
        self.assertEqual((c[0], py[0]), (2, 2))
        self.assertEqual(c[1] + py[1], b"")
        self.assertEqual(py[2], c[2])
        c = c_run("--help")
        py = py_run("--help")
        self.assertEqual((c[0], py[0]), (0, 0))
        self.assertIn(b"usage:", py[1])


if __name__ == "__main__":
    unittest.main()
