-- 017_composite_scores: a composite's ranks under every weighting scheme in
-- one row per area and period (issue 5, item 10).
--
-- bp.composite_rank (012) held one row per area, period and scheme: for all
-- of Nederland 572,220 rows for 104,040 composite values, and its five-column
-- key and gemeente index were the largest index builds of compute --force
-- (1.4 s of 7 s, bench/RESULTS.md).  The schemes of an area and period are
-- always written and read together, so they become arrays of one row of
-- bp.composite_score, lined up entry by entry (the i-th scheme, value, rank
-- and number ranked belong together; a scheme is found by its name, not its
-- place); bp.composite_rank stays, as a view with the columns and rows the
-- table had, and the two views over it are made again as they were.
--
-- Derived data, UNLOGGED as the table of 013 was: after a crash it is empty
-- and a composite without scores is computed again (composite.c).  The rows
-- of 012's table are not carried over: the next compute writes them.
DROP VIEW bp.composite_stability;
DROP VIEW bp.composite_rank_range;
DROP TABLE bp.composite_rank;

CREATE UNLOGGED TABLE bp.composite_score (
    composite_id   text    NOT NULL,
    area_code      text    NOT NULL,
    indeling_year  integer NOT NULL,
    period         text    NOT NULL,
    level          text    NOT NULL,
    gemeente_code  text,
    rank_low       double precision,   -- the configured rank's simulation interval (2.5 and 97.5 %)
    rank_high      double precision,
    scheme         text[]  NOT NULL,   -- per scheme, lined up:
    value          double precision[] NOT NULL,
    rank           integer[] NOT NULL,
    n_ranked       integer[] NOT NULL,
    PRIMARY KEY (composite_id, area_code, indeling_year, period),
    CHECK ('configured' = ANY (scheme)
           AND cardinality(value) = cardinality(scheme) AND cardinality(rank) = cardinality(scheme)
           AND cardinality(n_ranked) = cardinality(scheme))
);
CREATE INDEX composite_score_gemeente_idx ON bp.composite_score (gemeente_code, composite_id);

CREATE VIEW bp.composite_rank AS
SELECT s.composite_id, s.area_code, s.indeling_year, s.period, x.scheme, s.level, x.value, x.rank, x.n_ranked,
       CASE WHEN x.scheme = 'configured' THEN s.rank_low END AS rank_low,
       CASE WHEN x.scheme = 'configured' THEN s.rank_high END AS rank_high,
       s.gemeente_code
  FROM bp.composite_score s
 CROSS JOIN LATERAL unnest(s.scheme, s.value, s.rank, s.n_ranked) AS x(scheme, value, rank, n_ranked);

-- As in 012.
CREATE VIEW bp.composite_rank_range AS
SELECT c.composite_id, c.area_code, c.indeling_year, c.period, c.level, c.gemeente_code,
       c.rank AS rank_configured, c.n_ranked, c.rank_low, c.rank_high,
       min(o.rank) AS rank_min, max(o.rank) AS rank_max,
       max(abs(o.rank - c.rank)) AS max_shift
  FROM bp.composite_rank c
  JOIN bp.composite_rank o USING (composite_id, area_code, indeling_year, period)
 WHERE c.scheme = 'configured' AND c.rank IS NOT NULL AND o.rank IS NOT NULL
 GROUP BY c.composite_id, c.area_code, c.indeling_year, c.period, c.level, c.gemeente_code,
          c.rank, c.n_ranked, c.rank_low, c.rank_high;

CREATE VIEW bp.composite_stability AS
SELECT c.composite_id, c.level, c.indeling_year, c.period, o.scheme,
       count(*)                                                       AS n_areas,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(o.rank - c.rank)) AS median_abs_shift,
       max(abs(o.rank - c.rank))                                      AS max_abs_shift,
       corr(o.rank, c.rank)                                           AS rank_correlation
  FROM bp.composite_rank c
  JOIN bp.composite_rank o USING (composite_id, area_code, indeling_year, period)
 WHERE c.scheme = 'configured' AND o.scheme <> 'configured' AND c.rank IS NOT NULL AND o.rank IS NOT NULL
 GROUP BY c.composite_id, c.level, c.indeling_year, c.period, o.scheme;

GRANT SELECT ON bp.composite_score, bp.composite_rank, bp.composite_rank_range, bp.composite_stability
  TO buurtpeil_publish, buurtpeil_survey;
