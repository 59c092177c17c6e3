# SPDX-License-Identifier: MIT
"""One Ledger read from several threads at once: ctypes lets go of the GIL
during each C call, so the reconciliations really run together in the
library, which must give every thread what one thread alone gets."""

import threading
import unittest

from casualty import Ledger, ResultRange, Scope

import support

NTHREADS = 4
ROUNDS = 3
COAST = Scope("killed", "civilians", place="syria/coast", period_start="2025-03-06",
              period_end="2025-03-12")


def revision_rows(n=3000):
    """Rows on few scopes from few sources, each source reporting on each
    scope several times (on different days, some undated, some on the same
    day): enough work in C for the threads to overlap, and revisions."""
    sources = ("SOHR", "SNHR", "ISW", "UN")
    places = ("syria", "syria/coast", "syria/coast/latakia", "syria/coast/tartus")
    days = ("", "2025-03-10", "2025-03-14", "2025-03-14", "2025-03-12")
    lines = ["id,source,outcome,group,place,period_start,period_end,reported_on,low,high"]
    for i in range(n):
        lines.append("r%05d,%s,killed,civilians,%s,2025-03-06,2025-03-%02d,%s,%d,%d" % (
            i, sources[i % 4], places[(i // 4) % 4], 8 + (i // 16) % 5, days[(i * 7) % 5],
            i % 400, i % 400 + i % 37))
    return "\n".join(lines) + "\n"


def read_all(ledger, shared):
    """Everything a reader asks of the ledger and of the shared result."""
    mine = ledger.reconcile()
    try:
        out = [mine.table(), list(mine), shared.table(), list(shared)]
    finally:
        mine.close()
    out.append([shared.sum([i], ResultRange.ENVELOPE) for i in range(0, len(shared), 7)])
    out.append([ledger.is_current(i) for i in range(len(ledger))])
    out.append(ledger.select(COAST, current_only=True))
    out.append(ledger.select(COAST))
    out.append([ledger.find("r%05d" % i) for i in range(0, 3000, 97)])
    out.append(ledger.compare(ledger.find("syria-004"), ledger.find("r00005")))
    matrix = ledger.source_matrix()
    try:
        out.append(list(matrix))
    finally:
        matrix.close()
    return out


class SharedLedgerTest(unittest.TestCase):

    def setUp(self):
        self.ledger = Ledger.from_csv(support.BUNDLED)
        self.addCleanup(self.ledger.close)
        self.ledger.load_csv_text(revision_rows(), name="revisions")
        self.shared = self.ledger.reconcile()
        self.addCleanup(self.shared.close)

    def test_revisions_are_there(self):
        flags = [self.ledger.is_current(i) for i in range(len(self.ledger))]
        self.assertIn(True, flags)
        self.assertIn(False, flags)
        # The bundled undated SOHR claim on the coast is superseded by the
        # rows reported on 14 March.
        self.assertFalse(self.ledger.is_current(self.ledger.find("syria-004")))

    def test_reconciliations_in_threads_match_one_thread(self):
        expected = read_all(self.ledger, self.shared)
        self.assertGreater(len(expected[1]), 10)
        start = threading.Barrier(NTHREADS)
        got = [[] for _ in range(NTHREADS)]
        errors = []

        def reader(k):
            try:
                start.wait()
                for _ in range(ROUNDS):
                    got[k].append(read_all(self.ledger, self.shared))
            except BaseException as e:  # reported below, in the test's thread
                errors.append((k, repr(e)))

        threads = [threading.Thread(target=reader, args=(k,)) for k in range(NTHREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
            self.assertFalse(t.is_alive())
        self.assertEqual(errors, [])
        for k in range(NTHREADS):
            self.assertEqual(len(got[k]), ROUNDS)
            for result in got[k]:
                self.assertEqual(result, expected)


if __name__ == "__main__":
    unittest.main()
