#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""casualty_reconcile.py: the Python twin of examples/casualty-reconcile.

Reconcile the claims of a claims CSV (docs/csv.md), one row per scope: the
claims and sources counted, the envelope (every count some source allows),
the consensus (the counts every source allows) or CONFLICT, the best
estimate, and the claims behind each bound. The rows are printed by the
library's own printers, so the bytes equal the C program's.

usage: casualty_reconcile.py [OPTIONS] [FILE]

  -f, --format FORMAT     text (the default), csv, markdown or jsonl
      --bases LIST        the bases counted, comma-separated: reported,
                          documented, estimated, party
                          (default reported,documented)
      --best RULE         how a scope's best is chosen: median (the
                          default), lowest, none-if-conflict, or
                          priority:SRC,SRC,... (the first source listed
                          that gives a figure)
      --outcome PATH      only this outcome and those under it, e.g. killed
      --group PATH        only these people and sub-groups, e.g. civilians
      --perpetrator PATH  only harm by these perpetrators, e.g. government
      --place PATH        only this place and places in it, e.g. syria/coast
      --from DATE         only periods that start on or after DATE (YYYY-MM-DD)
      --to DATE           only periods that end on or before DATE
      --event ID          only this event (and its sub-events), e.g.
                          ucdp-ged:79973
      --vocabulary FILE   extend the default vocabulary of paths with
                          FILE (docs/vocabulary.md)
      --protect-formulas  in CSV output, a leading ' on cells that start
                          with = + - @ (spreadsheet formulas)
  -h, --help              show this help and exit
      --version           show the version and exit

Without FILE, the bundled claims on the March 2025 Western Syria clashes are
used; FILE - reads the standard input. The filters keep the claims whose
scope lies within the one they describe.

It behaves as the C program does, byte for byte: the same options (read as
GNU getopt_long reads them: options after FILE, unique abbreviations of
long options, --name=value, -fcsv, --), the same output, the same messages
on stderr ("casualty-reconcile: ...", with the library's own message naming
the file, line, column and field of a bad row), and the same exit status:
0 on success, 1 on bad input or data, 2 on a usage error.
tests/test_example.py in bindings/python checks this against the C program.
"""

import os
import signal
import sys

try:
    import casualty
except ImportError as exc:
    # Run from a source checkout without PYTHONPATH: use the binding beside us.
    here = os.path.dirname(os.path.abspath(__file__))
    binding = os.path.join(os.path.dirname(here), "bindings", "python")
    if getattr(exc, "name", None) != "casualty" or not os.path.isdir(binding):
        raise
    sys.path.insert(0, binding)
    import casualty

PROGRAM = "casualty-reconcile"
BUNDLED = "syria-2025-03.csv"
EX_OK, EX_DATA, EX_USAGE = 0, 1, 2

SCOPE_HELP = (
    "      --outcome PATH      only this outcome and those under it, e.g. killed\n"
    "      --group PATH        only these people and sub-groups, e.g. civilians\n"
    "      --perpetrator PATH  only harm by these perpetrators, e.g. government\n"
    "      --place PATH        only this place and places in it, e.g. syria/coast\n"
    "      --from DATE         only periods that start on or after DATE (YYYY-MM-DD)\n"
    "      --to DATE           only periods that end on or before DATE\n"
    "      --event ID          only this event (and its sub-events), e.g.\n"
    "                          ucdp-ged:79973\n")

HELP = (
    "usage: {0} [OPTIONS] [FILE]\n"
    "Reconcile the claims of a claims CSV (docs/csv.md): one row per scope with\n"
    "the claims and sources counted, the envelope (every count some source\n"
    "allows), the consensus (the counts every source allows) or CONFLICT, the\n"
    "best estimate, and the claims behind each bound; on a scope in conflict,\n"
    "the outlier: the one source whose removal restores a consensus.\n"
    "Without FILE, the bundled March 2025 Western Syria claims are used;\n"
    "FILE - reads the standard input.\n"
    "\n"
    "Options:\n"
    "  -f, --format FORMAT     text (the default), csv, markdown or jsonl\n"
    "      --bases LIST        the bases counted, comma-separated: reported,\n"
    "                          documented, estimated, party\n"
    "                          (default reported,documented)\n"
    "      --best RULE         how a scope's best is chosen: median (the\n"
    "                          default), lowest, none-if-conflict, or\n"
    "                          priority:SRC,SRC,... (the first source listed\n"
    "                          that gives a figure)\n"
    "      --tolerance T       exact counts this close agree: a share of the\n"
    "                          larger (5%) or a number of people (10)\n"
    "{1}"
    "      --vocabulary FILE   extend the default vocabulary of paths with\n"
    "                          FILE (docs/vocabulary.md)\n"
    "      --protect-formulas  in CSV output, a leading ' on cells that start\n"
    "                          with = + - @ (spreadsheet formulas)\n"
    "  -h, --help              show this help and exit\n"
    "      --version           show the version and exit\n"
    "\n"
    "Exit status: 0 on success, 1 on bad input or data, 2 on a usage error.\n")

# The C program's getopt_long table: (name, takes a value, code). Codes of
# long-only options are >= 0x100, as in examples/common.h, which matters
# for the message of --version=x (see Options.next).
OPT_OUTCOME, OPT_GROUP, OPT_PERPETRATOR, OPT_PLACE, OPT_FROM, OPT_TO, OPT_VERSION = \
    range(0x100, 0x107)
OPT_BASES, OPT_EVENT, OPT_BEST, OPT_VOCABULARY, OPT_TOLERANCE = 0x107, 0x108, 0x109, 0x10A, 0x10B
OPT_PROTECT_FORMULAS = 0x10C
LONG_OPTIONS = [
    (b"format", True, ord("f")),
    (b"bases", True, OPT_BASES),
    (b"best", True, OPT_BEST),
    (b"tolerance", True, OPT_TOLERANCE),
    (b"outcome", True, OPT_OUTCOME),
    (b"group", True, OPT_GROUP),
    (b"perpetrator", True, OPT_PERPETRATOR),
    (b"place", True, OPT_PLACE),
    (b"from", True, OPT_FROM),
    (b"to", True, OPT_TO),
    (b"event", True, OPT_EVENT),
    (b"vocabulary", True, OPT_VOCABULARY),
    (b"protect-formulas", False, OPT_PROTECT_FORMULAS),
    (b"help", False, ord("h")),
    (b"version", False, OPT_VERSION),
]
SHORT_OPTIONS = {ord("f"): True, ord("h"): False}  # ":f:h"
PATH_OPTIONS = {OPT_OUTCOME: "outcome", OPT_GROUP: "group",
                OPT_PERPETRATOR: "perpetrator", OPT_PLACE: "place", OPT_EVENT: "event"}


class Usage(Exception):
    """A usage error, already worded (bytes)."""


# ------------------------------------------------------------------ output

def put(fd, data):
    """Write all of ``data`` to file descriptor ``fd``, unbuffered, so that
    a write error shows here (as the C program's fflush shows it)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def say(data):
    """stdout; EX_OK, or EX_DATA after saying why it could not be written."""
    try:
        put(1, data)
    except OSError as exc:
        return fail(b"cannot write the output: " + os.strerror(exc.errno).encode())
    return EX_OK


def fail(message):
    """"casualty-reconcile: message" on stderr (ex_failf)."""
    try:
        put(2, PROGRAM.encode() + b": " + message + b"\n")
    except OSError:
        pass
    return EX_DATA


def fail_library(exc):
    """The library's message for ``exc``, exactly as the C program prints
    it (ex_fail): its bytes, or the status's description when it gave none."""
    return fail(exc.raw_message or casualty.strerror(exc.status).encode())


def usage(message):
    """A usage error with the hint to try --help (ex_usage)."""
    name = PROGRAM.encode()
    try:
        put(2, name + b": " + message + b"\nTry '" + name + b" --help' for more information.\n")
    except OSError:
        pass
    return EX_USAGE


def q(arg):
    """``'arg'`` for a message (the argument's own bytes)."""
    return b"'" + arg + b"'"


# ----------------------------------------------------------------- options

class Options:
    """The command line read as the C program's ex_getopt() (GNU
    getopt_long with optstring ":f:h" and opterr 0) reads it: options are
    taken wherever they stand unless POSIXLY_CORRECT is set, "--" ends
    them, a long option may be any unique abbreviation, values come after
    "=" or in the next argument. Arguments are bytes, as C sees them."""

    def __init__(self, argv):
        self.argv = argv
        self.index = 0
        self.rest = b""          # the short options still to read in argv[index - 1]
        self.operands = []
        self.in_order = "POSIXLY_CORRECT" in os.environ  # set, even empty

    def next(self):
        """The next option as (code, value); None at the end (then
        self.operands holds the FILE arguments); raises Usage."""
        argv = self.argv
        if self.rest:
            return self._short()
        while self.index < len(argv):
            arg = argv[self.index]
            if arg == b"--":
                self.operands += argv[self.index + 1:]
                self.index = len(argv)
                return None
            if not arg.startswith(b"-") or arg == b"-":
                if self.in_order:
                    self.operands += argv[self.index:]
                    self.index = len(argv)
                    return None
                self.operands.append(arg)
                self.index += 1
                continue
            self.index += 1
            if arg.startswith(b"--"):
                return self._long(arg)
            self.rest = arg[1:]
            return self._short()
        return None

    def _long(self, arg):
        body = arg[2:]
        name, eq, value = body.partition(b"=")
        found = [o for o in LONG_OPTIONS if o[0] == name]
        if not found:
            found = [o for o in LONG_OPTIONS if o[0].startswith(name)]
        if len(found) != 1:
            # Unknown or ambiguous: optopt is 0, the message names the argument.
            raise Usage(b"unknown option " + q(arg))
        _, takes_value, code = found[0]
        if eq:
            if not takes_value:
                # getopt's optopt is the option's code: a letter reads as
                # "-h", a long-only code as the argument itself.
                raise Usage(b"unknown option " + (q(b"-" + bytes([code])) if code < 0x100
                                                  else q(arg)))
            return code, value
        if not takes_value:
            return code, None
        if self.index < len(self.argv):
            self.index += 1
            return code, self.argv[self.index - 1]
        raise Usage(b"option " + q(arg) + b" needs a value")

    def _short(self):
        c, self.rest = self.rest[0], self.rest[1:]
        element = self.argv[self.index - 1]
        if c not in SHORT_OPTIONS:
            self.rest = b""
            raise Usage(b"unknown option " + q(b"-" + bytes([c])))
        if not SHORT_OPTIONS[c]:
            return c, None
        if self.rest:
            value, self.rest = self.rest, b""
            return c, value
        if self.index < len(self.argv):
            self.index += 1
            return c, self.argv[self.index - 1]
        raise Usage(b"option " + q(element) + b" needs a value")


def parse_format(arg):
    if arg in (b"text", b"csv", b"markdown", b"jsonl"):
        return arg.decode()
    raise Usage(b"option '--format': expected text, csv, markdown or jsonl, got " + q(arg))


def parse_tolerance(arg):
    """"5%" (a share) or "10" (a count) (--tolerance), as the keyword
    argument of Ledger.reconcile (ex_parse_tolerance)."""
    text = arg.decode("utf-8", "replace")
    if text.endswith("%"):
        try:
            share = float(text[:-1])
        except ValueError:
            share = -1.0
        if text[:-1].strip() == text[:-1] and 0 <= share < 100:
            return {"tolerance": text}
    elif text.isdigit() and text.isascii() and int(text) <= 9 * 10 ** 15:
        return {"tolerance": int(text)}
    raise Usage(b"option '--tolerance': expected a share below 100% (5%) or a whole "
                b"number of people (10), got " + q(arg))


def parse_best(arg):
    """"median", "lowest", "none-if-conflict" or "priority:SRC,SRC,..." ->
    the keyword arguments of Ledger.reconcile (ex_parse_best)."""
    if arg.startswith(b"priority:"):
        names = arg[len(b"priority:"):].split(b",")
        if any(not n for n in names):
            raise Usage(b"option '--best': an empty source name in " + q(arg))
        return {"priority": [os.fsdecode(n) for n in names]}
    try:
        rule = casualty.BestRule.from_label(os.fsdecode(arg))
    except casualty.CasualtyError:
        rule = None
    if rule is None or rule is casualty.BestRule.PRIORITY:
        raise Usage(b"option '--best': expected median, lowest, none-if-conflict or "
                    b"priority:SRC,SRC,..., got " + q(arg))
    return {"best": rule}


def parse_bases(arg):
    """"reported,documented" -> a list of casualty.Basis (ex_parse_bases)."""
    bases = []
    for word in arg.split(b","):
        if not word or len(word) >= 64:
            raise Usage(b"option '--bases': expected basis names separated by commas, got "
                        + q(arg))
        try:
            bases.append(casualty.Basis.from_label(word))
        except casualty.CasualtyError:
            raise Usage(b"option '--bases': expected reported, documented, estimated or "
                        b"party, got " + q(word)) from None
    return bases


def strip_field(message):
    """A library message without its "field 'name': " prefix."""
    if message.startswith(b"field '"):
        head, sep, tail = message.partition(b"': ")
        if sep:
            return tail
    return message


def check_path(option, field, arg):
    """A path is checked as the ledger checks a claim's: put it in a claim
    that is otherwise valid and let the library say what is wrong."""
    text = os.fsdecode(arg)
    scope = casualty.Scope(**{"outcome": "x", field: text})
    try:
        casualty.validate_claim(casualty.Claim("x", "x", scope))
    except casualty.CasualtyError as exc:
        raise Usage(b"option '" + option + b"': " + strip_field(exc.raw_message or b"")) \
            from None
    return text


def parse_day(option, arg):
    try:
        return casualty.parse_date(os.fsdecode(arg))
    except casualty.CasualtyError:
        raise Usage(b"option '" + option + b"': expected a date YYYY-MM-DD, got " + q(arg)) \
            from None


def scope_option(scope, code, value):
    """Handle a filter option into ``scope`` (the keyword arguments of a
    casualty.Scope): True, or False when ``code`` is not a filter; raises
    Usage for a bad value (ex_scope_option)."""
    if code in PATH_OPTIONS:
        field = PATH_OPTIONS[code]
        scope[field] = check_path(b"--" + field.encode(), field, value)
    elif code == OPT_FROM:
        scope["period_start"] = parse_day(b"--from", value)
    elif code == OPT_TO:
        scope["period_end"] = parse_day(b"--to", value)
    else:
        return False
    start, end = scope["period_start"], scope["period_end"]
    if start is not None and end is not None and start > end:
        raise Usage(b"option '--from' is after '--to'")
    return True


# -------------------------------------------------------------------- data

def bundled_claims():
    """The bundled data: beside this script in a source tree (data/), else
    where `make install` puts it."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", BUNDLED)
    if os.path.exists(path):
        return path
    return os.path.join(sys.prefix, "share", "libcasualty", "data", BUNDLED)


def read_stdin():
    """All of the standard input, as bytes; raises OSError."""
    chunks = []
    while True:
        chunk = os.read(0, 65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def load_claims(paths, vocabulary=None):
    """A new ledger (with ``vocabulary``, else the default) with the claims
    of each of ``paths`` in order (b"-": stdin), ids unique across them;
    raises casualty.CasualtyError, or an OSError (not a CasualtyError)
    reading stdin."""
    ledger = casualty.Ledger(vocabulary=vocabulary)
    try:
        for path in paths:
            text = read_stdin() if path == b"-" else None
            if text is not None:
                ledger.load_csv_text(text, name="stdin")
            else:
                ledger.load_csv(path)
    except BaseException:
        ledger.close()
        raise
    return ledger


def keep_within(ledger, scope, vocabulary=None):
    """A new ledger with the claims of ``ledger`` whose scope is ``scope``
    or lies within it, superseded ones included (the new ledger must know
    them to tell which reports are current)."""
    sub = casualty.Ledger(vocabulary=vocabulary)
    try:
        for index in ledger.select(scope):
            sub.add(ledger[index])
    except BaseException:
        sub.close()
        raise
    return sub


# -------------------------------------------------------------------- main

def main(argv):
    """Run the program on ``argv`` (bytes, without the program name);
    return the exit status."""
    fmt = "text"
    bases = None
    best = {}
    tolerance = {}
    vocabulary = None
    protect = False
    scope = {"outcome": "", "group": "", "perpetrator": "", "place": "",
             "period_start": None, "period_end": None, "event": ""}
    filtered = False
    options = Options(argv)
    try:
        while True:
            opt = options.next()
            if opt is None:
                break
            code, value = opt
            if scope_option(scope, code, value):
                filtered = True
            elif code == ord("f"):
                fmt = parse_format(value)
            elif code == OPT_BASES:
                bases = parse_bases(value)
            elif code == OPT_BEST:
                best = parse_best(value)
            elif code == OPT_TOLERANCE:
                tolerance = parse_tolerance(value)
            elif code == OPT_PROTECT_FORMULAS:
                protect = True
            elif code == OPT_VOCABULARY:
                try:
                    vocabulary = casualty.Vocabulary.default()
                    vocabulary.extend(value)
                except casualty.CasualtyError as exc:
                    return fail_library(exc)
            elif code == ord("h"):
                return say(HELP.format(PROGRAM, SCOPE_HELP).encode())
            elif code == OPT_VERSION:
                return say(("%s (libcasualty %s)\n" % (
                    PROGRAM, casualty.library_version_string)).encode())
    except Usage as exc:
        return usage(exc.args[0])
    # Several FILEs are read as one ledger, as the C programs do.
    files = options.operands or [os.fsencode(bundled_claims())]

    # Load, keep the claims within the scope asked for, reconcile, print
    # with the library's printers.
    ledger = None
    try:
        try:
            ledger = load_claims(files, vocabulary)
        except casualty.CasualtyError:
            raise
        except OSError as exc:  # reading stdin
            return fail(b"stdin: cannot read: " + os.strerror(exc.errno).encode())
        if filtered:
            whole, ledger = ledger, keep_within(ledger, casualty.Scope(**scope), vocabulary)
            whole.close()
        with ledger.reconcile(bases=bases, **best, **tolerance) as rec:
            if fmt == "csv":
                out = rec.to_csv_text(protect_formulas=protect)
            elif fmt == "markdown":
                out = rec.markdown()
            elif fmt == "jsonl":
                out = rec.to_jsonl()
            else:
                out = rec.table()
    except casualty.CasualtyError as exc:
        return fail_library(exc)
    finally:
        if ledger is not None:
            ledger.close()
    return say(out.encode("utf-8"))


def run(argv):
    """The program: main(@argv) as a C program runs, dying of SIGPIPE (a
    closed pipe) and SIGINT rather than raising."""
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    return main(argv)


if __name__ == "__main__":
    sys.exit(run([os.fsencode(arg) for arg in sys.argv[1:]]))
