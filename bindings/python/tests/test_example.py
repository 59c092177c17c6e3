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
        self.assertTrue(out.endswith(b"\n26 claims from " + support.BUNDLED.encode() + b"\n"))
        self.assertEqual(err, b"")

    def test_bundled_data_by_default(self):
        """No argument: both use the bundled file and name the same path."""
        status, out, err = self.assert_same([], 0)
        self.assertIn(b"SOHR", out)

    def test_other_file_with_unicode_and_superseded(self):
        path = self.write("claims.csv", (
            "id,source,outcome,group,place,low,high,best,reported_on,period_start,period_end\n"
            "b,Ministère,killed,civils/enfants,gaza/rafaḥ,10,20,15,2024-05-02,,2024-05-01\n"
            "a,Ministère,killed,civils/enfants,gaza/rafaḥ,5,,,2024-05-01,,2024-05-01\n"
            "c,UN,killed,,,7,7,,,,\n"
            "d,ÜN,killed,,,7,9,7,,2024-05-01,2024-05-01\n"))
        status, out, err = self.assert_same([path], 0)
        lines = out.decode("utf-8").split("\n")
        self.assertTrue(lines[3].startswith("killed   civils/enfants  -            gaza/rafaḥ  "
                                            "?..2024-05-01  Ministère  >= 5             "
                                            "at_least, superseded  2024-05-01  a"), lines[3])
        self.assertEqual(lines[4].strip(), "Ministère  10-20 (best 15)  range"
                         "                 2024-05-02  b")

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
        self.assertIn(b"usage:", py[2])
        self.assertEqual(py[2].split(b"\n")[1:], c[2].split(b"\n")[1:])
        c = c_run("--help")
        py = py_run("--help")
        self.assertEqual((c[0], py[0]), (0, 0))
        self.assertEqual(py[1].split(b"\n")[1:], c[1].split(b"\n")[1:])


if __name__ == "__main__":
    unittest.main()
