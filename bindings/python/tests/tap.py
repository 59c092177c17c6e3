# SPDX-License-Identifier: MIT
"""Run the binding's unittest suite and report it as TAP, one line per test
(for automake's tap-driver.sh under make check).

usage: python3 tap.py [TEST_DIR]
"""

import os
import sys
import unittest


class TapResult(unittest.TestResult):
    """Prints one TAP line per finished test, with failures as # comments."""

    def __init__(self, stream):
        super().__init__()
        self.stream = stream
        self.number = 0

    def _line(self, ok, test, directive="", details=""):
        self.number += 1
        name = test.id() if hasattr(test, "id") else str(test)
        self.stream.write("%s %d - %s%s\n" % ("ok" if ok else "not ok", self.number, name,
                                             directive))
        for line in details.rstrip("\n").splitlines():
            self.stream.write("# %s\n" % line)
        self.stream.flush()

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(True, test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._line(False, test, details=self.failures[-1][1])

    def addError(self, test, err):
        super().addError(test, err)
        self._line(False, test, details=self.errors[-1][1])

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._line(True, test, " # SKIP %s" % reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._line(True, test, " # TODO expected failure")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._line(False, test, " # TODO unexpected success")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            kind = self.failures if issubclass(err[0], test.failureException) else self.errors
            self._line(False, subtest, details=kind[-1][1])


def main(argv):
    here = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    suite = unittest.defaultTestLoader.discover(here, pattern="test_*.py", top_level_dir=here)
    result = TapResult(sys.stdout)
    suite.run(result)
    sys.stdout.write("1..%d\n" % result.number)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
