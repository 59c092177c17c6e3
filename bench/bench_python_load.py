#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Loading a large claims CSV through the Python binding vs. the same load in C.

Generates N claims with bench/gen_claims.c (default 1,000,000), builds
bench/bench_load.c against the library under test, then times REPEAT loads
in C (cas_csv_load) and REPEAT loads through ``casualty.Ledger.load_csv``
(each into a new ledger, wall clock; C and Python runs alternate).
Reports the best and the median of each, their ratio, and whether Python
stays within the target (1.2x C).
For context it also times reading every claim back into Python objects,
which the target does not cover.

usage: bench_python_load.py [--claims N] [--repeat R] [--build DIR] [--csv FILE]

--build is the build tree (default: derived from $CASUALTY_LIBRARY, else
./build); the binding is imported from bindings/python of this source tree.
Exit status 0 when within the target, 1 when not.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

TARGET = 1.2
HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)


def build_dir(arg):
    if arg:
        return os.path.abspath(arg)
    lib = os.environ.get("CASUALTY_LIBRARY")
    if lib:
        return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(lib))))
    return os.path.join(TOP, "build")


def compile_c(source, output, build, link):
    cmd = [os.environ.get("CC", "cc"), "-std=c11", "-O2", "-Wall", "-Wextra",
           "-I" + os.path.join(TOP, "include"), source, "-o", output]
    if link:
        libdir = os.path.join(build, "lib", ".libs")
        cmd += ["-L" + libdir, "-Wl,-rpath," + libdir, "-lcasualty"]
    subprocess.run(cmd, check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=int, default=1000000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--build", help="the build tree (with lib/.libs/libcasualty.so)")
    ap.add_argument("--csv", help="use this CSV instead of generating one")
    args = ap.parse_args()

    build = build_dir(args.build)
    library = os.path.join(build, "lib", ".libs", "libcasualty.so")
    if not os.path.exists(library):
        sys.exit("bench_python_load: %s not found: build first, or pass --build" % library)
    os.environ["CASUALTY_LIBRARY"] = library
    sys.path.insert(0, os.path.join(TOP, "bindings", "python"))
    import casualty

    with tempfile.TemporaryDirectory(prefix="casualty-bench-") as tmp:
        gen = os.path.join(tmp, "gen_claims")
        loader = os.path.join(tmp, "bench_load")
        compile_c(os.path.join(HERE, "gen_claims.c"), gen, build, False)
        compile_c(os.path.join(HERE, "bench_load.c"), loader, build, True)
        csv = args.csv
        if not csv:
            csv = os.path.join(tmp, "claims.csv")
            with open(csv, "wb") as f:
                subprocess.run([gen, str(args.claims)], stdout=f, check=True)
        size = os.path.getsize(csv)

        # Alternate C and Python loads, so that both see the same machine
        # (other work on it slows both alike).
        c_times, py_times, count = [], [], None
        for _ in range(args.repeat):
            out = subprocess.run([loader, csv, "1"], stdout=subprocess.PIPE, check=True,
                                 universal_newlines=True).stdout.split("\n")
            c_times.append(float(out[0]))
            count = int(out[1].split()[1])
            ledger = casualty.Ledger()
            t0 = time.perf_counter()
            ledger.load_csv(csv)
            py_times.append(time.perf_counter() - t0)
            assert len(ledger) == count
            ledger.close()

        with casualty.Ledger.from_csv(csv) as ledger:
            t0 = time.perf_counter()
            n = sum(1 for _ in ledger)
            iterate = time.perf_counter() - t0
        assert n == count

    c_best, py_best = min(c_times), min(py_times)
    c_med, py_med = statistics.median(c_times), statistics.median(py_times)
    print("file:    %s claims, %.1f MB (%s)" % (format(count, ","), size / 1e6,
                                                "given" if args.csv else "generated"))
    print("library: %s (libcasualty %s), Python %s" % (
        library, casualty.library_version_string, sys.version.split()[0]))
    print("C load:       best %.3f s, median %.3f s  (%d runs)" % (c_best, c_med,
                                                                  len(c_times)))
    print("Python load:  best %.3f s, median %.3f s  (%d runs)" % (py_best, py_med,
                                                                  len(py_times)))
    print("ratio Python/C: best %.3f, median %.3f (target <= %.1f)" % (
        py_best / c_best, py_med / c_med, TARGET))
    print("for context, reading every claim into Python Claim objects: %.3f s "
          "(%.2f us per claim)" % (iterate, iterate / count * 1e6))
    ok = py_best / c_best <= TARGET
    print("within target" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
