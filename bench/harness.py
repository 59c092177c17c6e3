#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""libcasualty against its speed limit and its peers, on the same files.

usage: harness.py --build DIR [--repeat R] [--peer-repeat P] [--work DIR]
                  [--seed S] [--no-peers] N [N ...]

For each N: generate N claims (bench/gen_claims, deterministic), then
  - bench/bench_reconcile FILE R: R alternating runs, in one process, of
    the floor (a bare libcsv pass) and of libcasualty end to end (load,
    reconcile every scope, write the results CSV); medians;
  - P alternating runs of the peers: pandas (bench/peer_pandas.py) and the
    sqlite3 shell (bench/peer_sqlite.sql); medians;
  - the check: each peer's results equal libcasualty's, scope by scope
    (bench/compare_results.py). A peer that disagrees fails the run.
Prints a Markdown table (also written to WORK/results.md): wall seconds,
ratios, peak resident memory, bytes held per claim, and how libcasualty's
time per claim grows with N. Run by bench/run.sh, which builds first.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare_results  # noqa: E402


def run_measured(cmd, stdout=None, stdin=None):
    """Run @cmd; return (wall seconds, peak RSS bytes, its stdout text)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE if stdout is None else stdout,
                         stdin=stdin, universal_newlines=stdout is None)
    out = p.stdout.read() if stdout is None else ""
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit("harness: %s failed (exit %d)" % (" ".join(cmd), p.returncode))
    return wall, usage.ru_maxrss * 1024, out


def generate(build, n, seed, path):
    if os.path.exists(path) and os.path.getsize(path) > 0:
        return
    tmp = path + ".part"
    with open(tmp, "wb") as f:
        subprocess.run([os.path.join(build, "bench", "gen_claims"), str(n), str(seed)],
                       stdout=f, check=True)
    os.replace(tmp, path)


def lib_run(build, path, repeat, out):
    text = subprocess.run([os.path.join(build, "bench", "bench_reconcile"), path, str(repeat),
                           out], stdout=subprocess.PIPE, universal_newlines=True,
                          check=True).stdout
    kv = {}
    for line in text.splitlines():
        key, _, value = line.partition(" ")
        kv[key] = value
    return kv


def peers_run(path, work, n, repeat):
    pandas_t, pandas_in, pandas_rss, sqlite_t, sqlite_rss = [], [], [], [], []
    outs = (os.path.join(work, "pandas-%d.csv" % n), os.path.join(work, "sqlite-%d.csv" % n))
    for _ in range(repeat):
        wall, rss, text = run_measured(["/usr/bin/python3", os.path.join(HERE, "peer_pandas.py"),
                                        path, outs[0]])
        pandas_t.append(wall)
        pandas_in.append(float(text.split()[-1]))
        pandas_rss.append(rss)
        with open(os.path.join(HERE, "peer_sqlite.sql"), "rb") as sql, \
                open(outs[1], "wb") as out:
            wall, rss, _ = run_measured(["sqlite3", ":memory:", "-cmd",
                                         ".import --csv '%s' claims" % path.replace("'", "''")],
                                        stdout=out, stdin=sql)
        sqlite_t.append(wall)
        sqlite_rss.append(rss)
    return {
        "pandas_s": statistics.median(pandas_t), "pandas_inner_s": statistics.median(pandas_in),
        "pandas_rss": max(pandas_rss), "sqlite_s": statistics.median(sqlite_t),
        "sqlite_rss": max(sqlite_rss), "pandas_out": outs[0], "sqlite_out": outs[1],
    }


def same(reference, other):
    a, b = compare_results.load(reference), compare_results.load(other)
    return a == b, len(a)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, help="build tree where `make bench` ran")
    ap.add_argument("--repeat", type=int, default=5, help="floor/libcasualty runs (default 5)")
    ap.add_argument("--peer-repeat", type=int, default=3,
                    help="runs of each peer (default 3; 1 from 5,000,000 claims)")
    ap.add_argument("--work", default=os.environ.get("TMPDIR", "/tmp") + "/casualty-bench",
                    help="where the generated files go (default $TMPDIR/casualty-bench)")
    ap.add_argument("--seed", type=int, default=20250306)
    ap.add_argument("--no-peers", action="store_true", help="time libcasualty only")
    ap.add_argument("sizes", nargs="+", type=int, metavar="N")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)

    rows, failed = [], False
    for n in args.sizes:
        path = os.path.join(args.work, "claims-%d.csv" % n)
        generate(args.build, n, args.seed, path)
        lib_out = os.path.join(args.work, "libcasualty-%d.csv" % n)
        print("== %s claims: %s (%.1f MB)" % (format(n, ","), path, os.path.getsize(path) / 1e6),
              flush=True)
        lib = lib_run(args.build, path, args.repeat, lib_out)
        print("   floor %s s, libcasualty %s s (load %s, reconcile %s, report %s)"
              % (lib["floor_s"], lib["lib_s"], lib["lib_load_s"], lib["lib_reconcile_s"],
                 lib["lib_report_s"]), flush=True)
        row = {"n": n, "bytes": os.path.getsize(path), "lib": lib}
        if not args.no_peers:
            reps = args.peer_repeat if n < 5000000 else 1
            row["peers"] = peers_run(path, args.work, n, reps)
            for name in ("pandas", "sqlite"):
                ok, scopes = same(lib_out, row["peers"][name + "_out"])
                row[name + "_same"] = ok
                print("   %s %.2f s, results %s (%d scopes)" % (
                    name, row["peers"][name + ("_inner_s" if name == "pandas" else "_s")],
                    "equal" if ok else "DIFFER", scopes), flush=True)
                if not ok:
                    failed = True
                    subprocess.run([sys.executable, os.path.join(HERE, "compare_results.py"),
                                    lib_out, row["peers"][name + "_out"]])
        rows.append(row)

    table = render(rows, args)
    print()
    print(table)
    with open(os.path.join(args.work, "results.md"), "w") as f:
        f.write(table + "\n")
    return 1 if failed else 0


def render(rows, args):
    mb = 1e6
    out = ["| claims | CSV MB | floor s | libcasualty s | ÷ floor | libcasualty CPU ÷ floor CPU"
           " | pandas s | pandas ÷ lib | sqlite3 s | sqlite3 ÷ lib | peak RSS MB (÷ CSV)"
           " | pandas RSS MB | sqlite3 RSS MB | bytes/claim held | ns/claim |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lib, p = r["lib"], r.get("peers")
        lib_s = float(lib["lib_s"])
        cells = [format(r["n"], ","), "%.1f" % (r["bytes"] / mb), lib["floor_s"], lib["lib_s"],
                 "%.2f" % float(lib["ratio_to_floor"]), "%.2f" % float(lib["cpu_ratio_to_floor"])]
        if p:
            cells += ["%.2f" % p["pandas_inner_s"], "%.1f" % (p["pandas_inner_s"] / lib_s),
                      "%.2f" % p["sqlite_s"], "%.1f" % (p["sqlite_s"] / lib_s)]
        else:
            cells += ["-", "-", "-", "-"]
        cells += ["%.0f (%.2f)" % (float(lib["peak_rss_bytes"]) / mb,
                                   float(lib["peak_rss_per_file_byte"]))]
        if p:
            cells += ["%.0f" % (p["pandas_rss"] / mb), "%.0f" % (p["sqlite_rss"] / mb)]
        else:
            cells += ["-", "-"]
        cells += ["%.0f" % float(lib["held_bytes_per_claim_with_results"]),
                  "%.0f" % (lib_s / r["n"] * 1e9)]
        out.append("| " + " | ".join(cells) + " |")
    if len(rows) > 1:
        base = rows[0]
        per = float(base["lib"]["lib_s"]) / base["n"]
        growth = ", ".join("%s: %.2f" % (format(r["n"], ","),
                                          float(r["lib"]["lib_s"]) / r["n"] / per) for r in rows)
        out.append("")
        out.append("libcasualty time per claim relative to %s claims (1.00 = linear): %s"
                   % (format(base["n"], ","), growth))
    if any("peers" in r for r in rows):
        out.append("")
        out.append("pandas s is read_csv to to_csv inside the script (the interpreter and "
                   "`import pandas` left out; with them: %s); sqlite3 s is the whole shell "
                   "run (.import and the query). Peers' results equal libcasualty's: %s."
                   % (", ".join("%.2f s" % r["peers"]["pandas_s"] for r in rows if "peers" in r),
                      "yes" if all(r.get("pandas_same") and r.get("sqlite_same")
                                   for r in rows if "peers" in r) else "NO"))
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
