#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The reconciliation of bench/bench_reconcile done with pandas.

usage: peer_pandas.py CLAIMS.csv OUT.csv

read_csv -> each source's latest report on each scope -> groupby scope
with libcasualty's outputs (DESIGN.md section 5, default options: the
reported and documented bases count, every source weighs 1) -> to_csv.
Columns: the scope, claims, sources, superseded, excluded, envelope_low,
envelope_high, consensus_low, consensus_high, consensus (the conflict
flag: "no" means the sources conflict), best (the weighted median of the
sources' figures). Prints the seconds from read_csv to the end of to_csv
on stdout. Written for Debian's python3-pandas (1.5).
"""

import sys
import time

import numpy as np
import pandas as pd

SCOPE = ["outcome", "group", "perpetrator", "place", "period_start", "period_end"]
COUNTED_BASES = ["", "reported", "documented"]  # an empty basis reads as reported
TEXT = ["id", "source", "source_kind", "relay", "basis", "outcome", "group", "perpetrator",
        "place", "period_start", "period_end", "reported_on", "qualifier", "citation", "quote"]


def reconcile(df):
    # Each source's latest report on a scope counts; ISO days compare as
    # text, and an unknown day ("") is older than any known one.
    latest = df.groupby(SCOPE + ["source"], sort=False)["reported_on"].transform("max")
    current = df["reported_on"] == latest
    counted = current & df["basis"].isin(COUNTED_BASES)
    df = df.assign(superseded=~current, excluded=current & ~counted)

    tally = df.groupby(SCOPE, sort=False)[["superseded", "excluded"]].sum()
    k = df[counted]
    g = k.groupby(SCOPE, sort=False)
    out = pd.DataFrame({
        "claims": g.size(),
        "sources": g["source"].nunique(),
        "envelope_low": g["low"].min(),
        # An open high (NaN) opens the envelope; the consensus takes the
        # smallest of the closed ones.
        "envelope_high": g["high"].max().where(g["high"].count() == g.size()),
        "consensus_low": g["low"].max(),
        "consensus_high": g["high"].min(),
    })
    out = out.join(tally)
    out["consensus"] = np.where(out["consensus_high"].isna() |
                                (out["consensus_low"] <= out["consensus_high"]), "yes", "no")

    # Best: the weighted median of the figures (best, else an exact low);
    # each source's weight shared among its claims with a figure.
    pts = k[k["best"].notna() | (k["low"] == k["high"])]
    pts = pts.assign(fig=pts["best"].fillna(pts["low"]))
    pts = pts.assign(w=1.0 / pts.groupby(SCOPE + ["source"], sort=False)["fig"].transform("size"))
    pts = pts.sort_values(SCOPE + ["fig"], kind="mergesort")
    pg = pts.groupby(SCOPE, sort=False)
    pts = pts.assign(cum=pg["w"].cumsum(), total=pg["w"].transform("sum"),
                     nxt=pg["fig"].shift(-1))
    eps = pts["total"] * 1e-12
    half = pts["total"] / 2
    m = pts[pts["cum"] >= half - eps].groupby(SCOPE, sort=False).head(1)
    tie = ((m["cum"] - m["total"] / 2).abs() <= m["total"] * 1e-12) & m["nxt"].notna()
    best = np.where(tie, m["fig"] + np.floor((m["nxt"] - m["fig"]) / 2), m["fig"])
    out = out.join(pd.Series(best, index=pd.MultiIndex.from_frame(m[SCOPE]), name="best"))

    for col in ["envelope_high", "consensus_high", "best"]:
        out[col] = out[col].astype("Int64")
    cols = ["claims", "sources", "superseded", "excluded", "envelope_low", "envelope_high",
            "consensus_low", "consensus_high", "consensus", "best"]
    return out[cols].reset_index()


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: peer_pandas.py CLAIMS.csv OUT.csv")
    t0 = time.perf_counter()
    df = pd.read_csv(sys.argv[1], dtype={c: str for c in TEXT}, keep_default_na=False,
                     na_values={"low": [""], "high": [""], "best": [""]})
    reconcile(df).to_csv(sys.argv[2], index=False)
    print("%.4f" % (time.perf_counter() - t0))


if __name__ == "__main__":
    main()
