# SPDX-License-Identifier: MIT
-- The reconciliation of bench/bench_reconcile done with the sqlite3 shell.
--
--   sqlite3 :memory: -cmd '.import --csv CLAIMS.csv claims' < bench/peer_sqlite.sql > OUT.csv
--
-- .import makes every column TEXT (an empty cell is ''); the queries cast
-- the counts. Each source's latest report on each scope counts (ISO days
-- compare as text; an unknown day, '', is older than any); the reported
-- and documented bases count (an empty basis reads as reported); every
-- source weighs 1, shared among its claims with a figure. Same columns as
-- bench/peer_pandas.py. The two per-scope results are tables with an index
-- on the scope, so that joining them is not a nested loop over all scopes.
.headers on
.mode csv
CREATE TEMP TABLE cur AS
  SELECT outcome, "group", perpetrator, place, period_start, period_end, source,
    reported_on = MAX(reported_on) OVER (
      PARTITION BY outcome, "group", perpetrator, place, period_start, period_end, source)
      AS current,
    basis IN ('', 'reported', 'documented') AS counted_basis,
    CAST(low AS INTEGER) AS lo,
    CASE WHEN high = '' THEN NULL ELSE CAST(high AS INTEGER) END AS hi,
    CASE WHEN best = '' THEN NULL ELSE CAST(best AS INTEGER) END AS be
  FROM claims;

CREATE TEMP TABLE agg AS
  SELECT outcome, "group", perpetrator, place, period_start, period_end,
    SUM(current AND counted_basis) AS claims,
    COUNT(DISTINCT CASE WHEN current AND counted_basis THEN source END) AS sources,
    SUM(NOT current) AS superseded,
    SUM(current AND NOT counted_basis) AS excluded,
    MIN(CASE WHEN current AND counted_basis THEN lo END) AS envelope_low,
    CASE WHEN SUM(current AND counted_basis AND hi IS NULL) > 0 THEN NULL
         ELSE MAX(CASE WHEN current AND counted_basis THEN hi END) END AS envelope_high,
    MAX(CASE WHEN current AND counted_basis THEN lo END) AS consensus_low,
    MIN(CASE WHEN current AND counted_basis THEN hi END) AS consensus_high
  FROM cur
  GROUP BY outcome, "group", perpetrator, place, period_start, period_end
  HAVING SUM(current AND counted_basis) > 0;

CREATE TEMP TABLE med AS
  WITH
  points AS (
    SELECT outcome, "group", perpetrator, place, period_start, period_end,
      COALESCE(be, lo) AS fig,
      1.0 / COUNT(*) OVER (
        PARTITION BY outcome, "group", perpetrator, place, period_start, period_end, source)
        AS w
    FROM cur
    WHERE current AND counted_basis AND (be IS NOT NULL OR hi = lo)
  ),
  running AS (
    SELECT outcome, "group", perpetrator, place, period_start, period_end, fig,
      SUM(w) OVER ordered AS cum,
      SUM(w) OVER (PARTITION BY outcome, "group", perpetrator, place, period_start, period_end)
        AS total,
      LEAD(fig) OVER ordered AS nxt
    FROM points
    WINDOW ordered AS (
      PARTITION BY outcome, "group", perpetrator, place, period_start, period_end
      ORDER BY fig ROWS UNBOUNDED PRECEDING)
  )
  -- The first figure at which half the weight is reached; exactly half on
  -- each side gives the midpoint with the next figure.
  SELECT outcome, "group", perpetrator, place, period_start, period_end,
    CASE WHEN ABS(cum - total / 2) <= total * 1e-12 AND nxt IS NOT NULL
         THEN fig + (nxt - fig) / 2 ELSE fig END AS best
  FROM (
    SELECT *, ROW_NUMBER() OVER (
      PARTITION BY outcome, "group", perpetrator, place, period_start, period_end
      ORDER BY cum) AS rn
    FROM running
    WHERE cum >= total / 2 - total * 1e-12)
  WHERE rn = 1;
CREATE INDEX med_scope ON med (outcome, "group", perpetrator, place, period_start, period_end);

SELECT a.outcome, a."group", a.perpetrator, a.place, a.period_start, a.period_end,
  a.claims, a.sources, a.superseded, a.excluded,
  a.envelope_low, a.envelope_high, a.consensus_low, a.consensus_high,
  CASE WHEN a.consensus_high IS NULL OR a.consensus_low <= a.consensus_high
       THEN 'yes' ELSE 'no' END AS consensus,
  m.best
FROM agg AS a
LEFT JOIN med AS m USING (outcome, "group", perpetrator, place, period_start, period_end);
