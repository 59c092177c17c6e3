# SPDX-License-Identifier: MIT
"""examples/casualty_reconcile.py behaves as the C example does.

Every test runs both programs on the same arguments and input and asserts
the same exit status, the same stdout bytes, and the same stderr message
after the program's name; then it checks what the output says, so that two
programs that agree on a wrong answer still fail.
"""

import importlib.util
import os
import re
import signal
import subprocess
import tempfile
import traceback
import unittest

import casualty
import support

DATA = os.path.join(support.HERE, "data")
#: A claims CSV derived from the American Civil War battle data (data/README.md).
ACW = os.path.join(DATA, "acw-six-battles.csv")
#: A real CSV of another schema (UCDP GED), which must be rejected
#: (tests/data/real/README.md has its origin).
UCDP = os.path.join(support.TOP_SRCDIR, "tests", "data", "real",
                    "ucdp_ged_sample_asia_mini.csv")
NAME = b"casualty-reconcile"


_c_results = {}


def c_run(*args, **kwargs):
    """Run the C example (a run with the same arguments and input is done
    once: the program is deterministic)."""
    key = (tuple(os.fsencode(a) for a in args), repr(sorted(kwargs.items())))
    if key not in _c_results:
        _c_results[key] = support.run([support.c_example()] + list(args), **kwargs)
    return _c_results[key]


def py_run(*args, **kwargs):
    """Run the Python example as its own process (python3 FILE ARGS)."""
    return support.run([support.PYTHON, support.PY_EXAMPLE] + list(args),
                       env=support.python_env(), **kwargs)


_example = []


def example_module():
    """examples/casualty_reconcile.py, imported once."""
    if not _example:
        spec = importlib.util.spec_from_file_location("casualty_reconcile_example",
                                                      support.PY_EXAMPLE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _example.append(module)
    return _example[0]


def py_fork(args, stdin=b""):
    """Run the Python example's entry point (as its __main__ block does) in a
    forked child with its own stdin, stdout and stderr: what running the
    file does, without starting an interpreter and loading the library for
    each of the many runs (slow under AddressSanitizer). A few tests also
    run the file itself (py_run)."""
    module = example_module()
    with tempfile.TemporaryFile() as fin, tempfile.TemporaryFile() as fout, \
            tempfile.TemporaryFile() as ferr:
        fin.write(stdin)
        fin.seek(0)
        pid = os.fork()
        if pid == 0:  # the child: never returns into the test runner
            status = 70
            try:
                for f, fd in ((fin, 0), (fout, 1), (ferr, 2)):
                    os.dup2(f.fileno(), fd)
                status = module.run([os.fsencode(a) for a in args])
            except BaseException:
                os.write(2, traceback.format_exc().encode())
            finally:
                os._exit(status)
        _, wait_status = os.waitpid(pid, 0)
        fout.seek(0)
        ferr.seek(0)
        if os.WIFSIGNALED(wait_status):
            status = -os.WTERMSIG(wait_status)
        else:
            status = os.WEXITSTATUS(wait_status)
        return status, fout.read(), ferr.read()


def without_name(err):
    """stderr with the program's name taken out where it names itself
    ("NAME: ..." and "Try 'NAME --help'")."""
    return re.sub(rb"(?m)^[^:\n]*reconcile[^:\n]*: |Try '[^ ']*reconcile[^ ']* --help'",
                  lambda m: b"PROG: " if m.group(0).endswith(b": ") else b"Try 'PROG --help'",
                  err)


def rows(csv_text):
    """The data rows of the CSV format, as lists of fields (no quoted
    commas in the columns read here)."""
    return [line.split(b",") for line in csv_text.splitlines()[1:]]


class ExampleTest(support.TempDirTestCase):

    def assert_same(self, args, status, stdin=None, process=False):
        """Run both programs; assert the same status (== status), stdout and
        stderr after the program name; return the C program's (status,
        stdout, stderr). The Python one runs forked (py_fork), or as its own
        process if @process."""
        kwargs = {"input": stdin} if stdin is not None else {"stdin": subprocess.DEVNULL}
        c = c_run(*args, **kwargs)
        if process:
            py = py_run(*args, **kwargs)
        else:
            py = py_fork(args, stdin or b"")
        self.assertEqual(c[0], status, c[2].decode("utf-8", "replace"))
        self.assertEqual(py[0], c[0], py[2].decode("utf-8", "replace"))
        self.assertEqual(py[1], c[1])
        self.assertEqual(without_name(py[2]), without_name(c[2]))
        return c

    def assert_usage_error(self, args, message):
        """Both exit 2 with nothing on stdout and "NAME: message" and the
        hint to try --help on stderr."""
        status, out, err = self.assert_same(args, 2)
        self.assertEqual(out, b"")
        self.assertEqual(without_name(err), b"PROG: " + message +
                         b"\nTry 'PROG --help' for more information.\n")

    # ---- the data

    def test_bundled_data_named(self):
        status, out, err = self.assert_same([support.BUNDLED], 0)
        # SOHR's 1,700 against SNHR's 823 civilians: a conflict, gap 877.
        self.assertIn(b"CONFLICT", out)
        self.assertIn(b"syria-004 (SOHR)", out)
        self.assertIn(b"syria-005 (SNHR)", out)
        self.assertIn(b"gap 877", out)
        self.assertEqual(err, b"")

    def test_bundled_data_by_default(self):
        status, out, err = self.assert_same([], 0, process=True)
        self.assertEqual(out, c_run(support.BUNDLED)[1])
        self.assertIn(b"SOHR", out)

    def test_jsonl_equals_the_c_printer(self):
        # -f jsonl: the library's cas_report_jsonl through both programs.
        status, out, err = self.assert_same(["-f", "jsonl", ACW], 0)
        self.assertEqual(len(out.splitlines()), 6)
        self.assertTrue(out.startswith(b'{"outcome":'))

    def test_real_multi_source_data(self):
        # Six Civil War battles, three sources each: four scopes conflict.
        # Each battle is an event (column 4), its state the place (column 3).
        status, out, err = self.assert_same(["-f", "csv", ACW], 0)
        table = {r[4]: r for r in rows(out)}
        self.assertEqual(len(table), 6)
        self.assertEqual({r[3] for r in rows(out)},
                         {b"usa/georgia", b"usa/missouri", b"usa/virginia"})
        self.assertEqual([r[15] for r in rows(out)].count(b"no"), 5)  # consensus column
        resaca = table[b"acw:ga008"]
        self.assertEqual(resaca[3], b"usa/georgia")
        # Wikipedia's 4000-5000 against CWSAC's and Kennedy's 2747.
        self.assertEqual(resaca[11:15], [b"2747", b"5000", b"4000", b"2747"])
        self.assertEqual(resaca[7:9], [b"3", b"3"])    # claims, sources
        self.assertEqual(resaca[10], b"1")             # the NPS estimate is excluded
        self.assertEqual(table[b"acw:ga022"][15], b"yes")

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
        # A filter keeps the superseded claim in the ledger it reconciles,
        # so b still supersedes a.
        status, out, err = self.assert_same(["--group", "civils", path], 0)
        text = out.decode("utf-8")
        self.assertIn("b (Ministère)", text)
        self.assertNotIn("a (Ministère)", text)
        self.assertNotIn("(UN)", text)

    def test_stdin(self):
        with open(support.BUNDLED, "rb") as f:
            data = f.read()
        status, out, err = self.assert_same(["-"], 0, stdin=data, process=True)
        self.assertEqual(out, c_run(support.BUNDLED)[1])
        status, out, err = self.assert_same(["-f", "csv", "--outcome", "killed", "-"], 0,
                                            stdin=data)
        self.assertTrue(out.startswith(b"outcome,"), out[:40])
        # After --, "-" is still the standard input.
        self.assertEqual(self.assert_same(["--", "-"], 0, stdin=data)[1],
                         c_run(support.BUNDLED)[1])

    def test_stdin_errors_name_stdin(self):
        status, out, err = self.assert_same(["-"], 1, stdin=b"")
        self.assertTrue(without_name(err).startswith(b"PROG: stdin: "), err)
        status, out, err = self.assert_same(
            ["-"], 1, stdin=b"id,source,outcome,low\na,SOHR,killed,12x\n")
        self.assertEqual(without_name(err), b"PROG: stdin:2:4: field 'low': expected a whole "
                         b"number >= 0, got '12x'\n")

    # ---- --format

    def test_formats(self):
        for args in (["--format", "csv"], ["-f", "csv"], ["-fcsv"], ["--format=csv"],
                     ["--form", "csv"]):
            status, out, err = self.assert_same(args + [support.BUNDLED], 0)
            self.assertTrue(out.startswith(b"outcome,group,perpetrator,place,"), out[:80])
        for args in (["--format", "markdown"], ["-f", "markdown"]):
            status, out, err = self.assert_same(args + [support.BUNDLED], 0)
            self.assertTrue(out.startswith(b"| #"), out[:80])
            self.assertIn(b"**CONFLICT**", out)
        for args in (["--format", "text"], ["-ftext"], []):
            status, out, err = self.assert_same(args + [support.BUNDLED], 0)
            self.assertTrue(out.startswith(b"outcome  "), out[:80])
            self.assertIn(b"syria-004", out)

    def test_markdown_equals_the_c_printer(self):
        with casualty.Ledger() as ledger:
            ledger.load_csv(support.BUNDLED)
            md = ledger.reconcile().markdown()
        c = c_run("--format", "markdown", support.BUNDLED)
        self.assertEqual(md.encode("utf-8"), c[1])
        self.assertIn("**CONFLICT**", md)

    def test_bad_format(self):
        self.assert_usage_error(["-f", "json"], b"option '--format': expected text, csv, "
                                b"markdown or jsonl, got 'json'")
        self.assert_usage_error(["--format="], b"option '--format': expected text, csv, "
                                b"markdown or jsonl, got ''")
        self.assert_usage_error(["--format"], b"option '--format' needs a value")
        self.assert_usage_error(["-f"], b"option '-f' needs a value")

    # ---- the filters

    def scopes(self, *args):
        """The scopes (outcome, group, perpetrator, place, start, end) that
        both programs print in CSV for these options on the bundled data
        (the CSV's event column, after the place, left out)."""
        status, out, err = self.assert_same(["-f", "csv"] + list(args) + [support.BUNDLED], 0)
        self.assertEqual(err, b"")
        return [tuple(r[:4] + r[5:7]) for r in rows(out)]

    def test_each_filter(self):
        every = self.scopes()
        self.assertGreater(len(every), 10)
        cases = [
            (["--outcome", "killed"], lambda s: s[0] == b"killed"),
            (["--outcome", "casualties"], lambda s: s[0] == b"casualties"),
            (["--group", "civilians"], lambda s: re.match(rb"civilians(/|$)", s[1])),
            (["--perpetrator", "government"],
             lambda s: re.match(rb"government(/|$)", s[2])),
            (["--place", "syria/coast/latakia"],
             lambda s: re.match(rb"syria/coast/latakia(/|$)", s[3])),
            (["--from", "2025-03-07"], lambda s: s[4] >= b"2025-03-07" and s[4] != b""),
            (["--to", "2025-03-08"], lambda s: b"" != s[5] <= b"2025-03-08"),
            (["--from", "2025-03-06", "--to", "2025-03-06"],
             lambda s: s[4] == s[5] == b"2025-03-06"),
        ]
        for args, keep in cases:
            with self.subTest(args=args):
                kept = self.scopes(*args)
                self.assertTrue(kept, "the filter keeps nothing")
                self.assertLess(len(kept), len(every))
                self.assertEqual(kept, [s for s in every if keep(s)])

    def test_filters_combine_and_abbreviate(self):
        both = self.scopes("--outcome", "killed", "--group", "civilians", "--place",
                           "syria/coast")
        self.assertEqual(both, self.scopes("--out=killed", "--gr", "civilians", "--pl",
                                           "syria/coast"))
        self.assertEqual(both, [s for s in self.scopes("--group", "civilians")
                                if s[0] == b"killed" and s[3].startswith(b"syria/coast")])
        # Options after FILE count too (GNU getopt permutes).
        status, out, err = self.assert_same([support.BUNDLED, "--group", "civilians/alawite"],
                                            0)
        self.assertIn(b"civilians/alawite", out)
        self.assertNotIn(b"combatants", out)

    def test_filter_that_keeps_nothing(self):
        status, out, err = self.assert_same(["-f", "csv", "--outcome", "injured/none",
                                             support.BUNDLED], 0)
        self.assertEqual(rows(out), [])

    def test_filter_on_real_data(self):
        status, out, err = self.assert_same(["-f", "csv", "--place", "usa/virginia", ACW], 0)
        self.assertEqual([r[3] for r in rows(out)], [b"usa/virginia"] * 3)
        self.assertEqual(sorted(r[4] for r in rows(out)),
                         [b"acw:va013", b"acw:va087", b"acw:va106"])
        status, out, err = self.assert_same(["-f", "csv", "--event", "acw:va087", ACW], 0)
        self.assertEqual([(r[3], r[4]) for r in rows(out)],
                         [(b"usa/virginia", b"acw:va087")])
        status, out, err = self.assert_same(["--group", "combatants/confederate", ACW], 0)
        self.assertNotIn(b"combatants/us", out)
        self.assertIn(b"MO021-co-kennedy (Kennedy 1997)", out)

    def test_bad_filters(self):
        self.assert_usage_error(["--outcome", ""], b"option '--outcome': required, but empty")
        self.assert_usage_error(["--group", "civilians//alawite"],
                                b"option '--group': empty segment ('//') in path "
                                b"'civilians//alawite'")
        self.assert_usage_error(["--perpetrator", "/government"],
                                b"option '--perpetrator': expected a path like "
                                b"'civilians/alawite', got '/government' (leading or "
                                b"trailing '/')")
        self.assert_usage_error(["--place", "syria/ coast"],
                                b"option '--place': a path segment starts or ends with a "
                                b"space in 'syria/ coast'")
        self.assert_usage_error(["--place", b"syria/\xff"],
                                b"option '--place': not valid UTF-8")
        # The library cuts a quoted path at 60 bytes, here inside a character.
        place = ("/" + "\u1e25" * 40).encode("utf-8")
        self.assert_usage_error(["--place", place],
                                b"option '--place': expected a path like 'civilians/alawite', "
                                b"got '" + place[:60] + b"' (leading or trailing '/')")
        self.assert_usage_error(["--from", "2025-02-29"],
                                b"option '--from': expected a date YYYY-MM-DD, got '2025-02-29'")
        self.assert_usage_error(["--to", "March"],
                                b"option '--to': expected a date YYYY-MM-DD, got 'March'")
        self.assert_usage_error(["--to", "2025-03-06", "--from", "2025-03-07"],
                                b"option '--from' is after '--to'")
        self.assert_usage_error(["--place"], b"option '--place' needs a value")

    # ---- --bases

    def test_bases(self):
        status, default, err = self.assert_same(["-f", "csv", ACW], 0)
        status, out, err = self.assert_same(["-f", "csv", "--bases", "reported,estimated", ACW],
                                            0)
        self.assertNotIn(b"NPS mean", default)
        self.assertIn(b"NPS mean", out)
        # With NPS's mean of 1235 at White Oak Road: 4 claims from 4 sources.
        oak = [r for r in rows(out) if r[4] == b"acw:va087"][0]
        self.assertEqual(oak[7:11], [b"4", b"4", b"0", b"0"])
        only = self.assert_same(["-f", "csv", "--bases=estimated", ACW], 0)[1]
        self.assertEqual({r[7] for r in rows(only)}, {b"1"})
        self.assertEqual(self.assert_same(["--bases", "reported,documented", ACW], 0)[1],
                         self.assert_same([ACW], 0)[1])
        # The bundled data's one party claim: the Latakia governor's count
        # of insurgent fighters.
        party = rows(self.assert_same(["-fcsv", "--bases", "party"], 0)[1])
        self.assertEqual([(r[0], r[18]) for r in party],
                         [(b"strength", b"syria-006 (Latakia governor)")])

    def test_bad_bases(self):
        self.assert_usage_error(["--bases", "reported,rumour"],
                                b"option '--bases': expected reported, documented, estimated or "
                                b"party, got 'rumour'")
        for value in ("", "reported,", ",reported", "reported,,party", "x" * 64):
            self.assert_usage_error(["--bases", value],
                                    b"option '--bases': expected basis names separated by "
                                    b"commas, got '" + value.encode() + b"'")
        self.assert_usage_error(["--bases"], b"option '--bases' needs a value")

    # ---- --help, --version, bad options, operands

    def test_help(self):
        for args in (["--help"], ["-h"], ["--he"], ["-h", "--bogus"], ["-hx"]):
            status, out, err = self.assert_same(args, 0, process=args == ["--help"])
            self.assertEqual(err, b"")
            self.assertTrue(out.startswith(b"usage: casualty-reconcile [OPTIONS] [FILE]\n"))
            for option in (b"--format", b"--bases", b"--outcome", b"--group", b"--perpetrator",
                           b"--place", b"--from", b"--to", b"--help", b"--version"):
                self.assertIn(option, out)

    def test_version(self):
        for args in (["--version"], ["--vers"], ["--version", "a", "b"]):
            status, out, err = self.assert_same(args, 0, process=args == ["--version"])
            self.assertEqual(out, b"casualty-reconcile (libcasualty %s)\n"
                             % casualty.library_version_string.encode())
            self.assertEqual(err, b"")

    def test_bad_options(self):
        status, out, err = self.assert_same(["--bogus"], 2, process=True)
        self.assertEqual(err, NAME + b": unknown option '--bogus'\nTry '" + NAME +
                         b" --help' for more information.\n")
        self.assert_usage_error(["--bogus=1", "--help"], b"unknown option '--bogus=1'")
        self.assert_usage_error(["-x"], b"unknown option '-x'")
        self.assert_usage_error(["-xh"], b"unknown option '-x'")
        self.assert_usage_error(["--p", "x"], b"unknown option '--p'")    # ambiguous
        self.assert_usage_error(["--f", "csv"], b"unknown option '--f'")  # format, from
        self.assert_usage_error(["--version=1"], b"unknown option '--version=1'")
        # getopt reports --help=x by the option's letter.
        self.assert_usage_error(["--help=x"], b"unknown option '-h'")
        # The first error wins, in the order of the command line.
        self.assert_usage_error(["-f", "json", "--bogus"], b"option '--format': expected "
                                b"text, csv, markdown or jsonl, got 'json'")

    def test_several_files(self):
        # Read as one ledger, in order; ids unique across them.
        extra = os.path.join(self.tmp, "extra.csv")
        with open(extra, "w") as f:
            f.write("id,source,outcome,low\nextra-1,X,killed,5\n")
        status, out, err = self.assert_same(["-f", "csv", support.BUNDLED, extra], 0)
        self.assertIn(b"extra-1 (X)", out)
        status, out, err = self.assert_same([support.BUNDLED, support.BUNDLED], 1)
        self.assertEqual(out, b"")
        self.assertIn(b"already", err)

    def test_posixly_correct_stops_at_the_first_file(self):
        args = [support.BUNDLED, "--group", "civilians"]
        os.environ["POSIXLY_CORRECT"] = ""
        try:
            c = support.run([support.c_example()] + args, stdin=subprocess.DEVNULL)
            py = py_fork(args)
        finally:
            del os.environ["POSIXLY_CORRECT"]
        # "--group" and "civilians" are FILEs then: the first cannot be opened.
        self.assertEqual((c[0], c[1]), (1, b""))
        self.assertEqual((py[0], py[1]), (c[0], c[1]))
        self.assertEqual(without_name(py[2]), without_name(c[2]))
        self.assertEqual(without_name(c[2]), b"PROG: --group: cannot open: "
                         b"No such file or directory\n")

    # ---- bad input

    def test_bad_row(self):
        path = self.write("bad.csv", "id,source,outcome,low\na,SOHR,killed,12x\n")
        status, out, err = self.assert_same([path], 1, process=True)
        self.assertEqual(out, b"")
        self.assertEqual(err, NAME + b": " + path.encode() +
                         b":2:4: field 'low': expected a whole number >= 0, got '12x'\n")
        path = self.write("range.csv", "id,source,outcome,low,high\na,SOHR,killed,1,2\n"
                          "b,SNHR,killed,9,3\n")
        status, out, err = self.assert_same(["-f", "csv", "--outcome", "killed", path], 1)
        self.assertEqual(out, b"")
        self.assertEqual(err, NAME + b": " + path.encode() + b":3:5: field 'high': 3 is below "
                         b"low 9\n")

    def test_real_file_of_another_schema(self):
        status, out, err = self.assert_same([UCDP], 1)
        self.assertEqual(out, b"")
        self.assertTrue(err.startswith(NAME + b": " + UCDP.encode() + b":1:"), err)
        self.assertIn(b"unknown column", err)

    def test_missing_file(self):
        path = self.path("missing.csv")
        status, out, err = self.assert_same([path], 1)
        self.assertEqual(out, b"")
        self.assertEqual(err, NAME + b": " + path.encode() +
                         b": cannot open: No such file or directory\n")
        # A name that is not UTF-8, quoted as given.
        status, out, err = self.assert_same([os.path.join(os.fsencode(self.tmp),
                                                          b"missing-\xff.csv")], 1)
        self.assertIn(b"missing-\xff.csv: cannot open", err)

    def test_output_that_cannot_be_written(self):
        def run(argv, out):
            proc = subprocess.run(argv, stdout=out, stderr=subprocess.PIPE,
                                  stdin=subprocess.DEVNULL, env=support.python_env(),
                                  timeout=120)
            return proc.returncode, proc.stderr

        c_argv = [support.c_example()]
        py_argv = [support.PYTHON, support.PY_EXAMPLE]
        with open("/dev/full", "wb") as full:
            for args in ([], ["--help"], ["--version"]):
                c, py = run(c_argv + args, full), run(py_argv + args, full)
                self.assertEqual((c[0], py[0]), (1, 1))
                self.assertEqual(without_name(py[1]), without_name(c[1]))
                self.assertEqual(without_name(c[1]),
                                 b"PROG: cannot write the output: No space left on device\n")
        # A closed pipe: both die of SIGPIPE, as a C program does.
        r, w = os.pipe()
        os.close(r)
        try:
            c, py = run(c_argv, w), run(py_argv, w)
        finally:
            os.close(w)
        self.assertEqual((c[0], py[0]), (-signal.SIGPIPE, -signal.SIGPIPE))

if __name__ == "__main__":
    unittest.main()
