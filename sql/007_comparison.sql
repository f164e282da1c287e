-- 007_comparison: every indicator value against its references, and its
-- change since the previous period.  Filled by lib/engine/compare.c after
-- compute, set-based, for every indicator x area x period at once.
--
-- One row per indicator value and reference kind:
--   land            reference NL00 (same indeling and period); the z-score,
--                   percentile and worst-decile flag are among all areas of
--                   the same level, indeling and period in the database
--                   ("nationwide": complete only when all of Nederland is loaded)
--   gemeente        reference the area's gemeente (wijk, buurt, custom areas);
--                   the ranks are among the gemeente's areas of the same
--                   level, only where it has at least 5 with a value
--   wijk            reference the buurt's wijk (buurten only); no ranks
--   previous_period reference the same area and indeling in the previous
--                   period with a row (text order of period); difference is
--                   the change, with a significance test where both values
--                   carry a 95% interval
-- The reference is always the reference area's own value (recomputed from
-- sums or published), never an average of its members: averaging
-- percentages is the classic error.  The mean in the z-score is the centre
-- of the areas' distribution, not a reference value.
-- Rows cascade away when compute replaces an indicator's values, so a
-- comparison never outlives the values it was made from.
CREATE TABLE bp.indicator_comparison (
    indicator_id      text    NOT NULL,
    area_code         text    NOT NULL,
    indeling_year     integer NOT NULL,
    period            text    NOT NULL,
    reference_kind    text    NOT NULL CHECK (reference_kind IN ('land', 'gemeente', 'wijk', 'previous_period')),
    reference_code    text    NOT NULL,          -- NL00, the gemeente, the wijk; the area itself for previous_period
    reference_period  text    NOT NULL,          -- = period, except for previous_period
    value             double precision,          -- the area's value (NULL: not published)
    reference_value   double precision,          -- NULL: the reference has no published value
    difference        double precision,          -- value - reference_value (the change for previous_period)
    relative_difference double precision,        -- difference / |reference_value|; NULL when the reference is 0
    n_ranked          integer,                   -- land/gemeente: areas with a value in the distribution
    z_score           double precision,          -- (value - mean) / population sd, in the value's direction
    percentile        double precision,          -- (rank-1)/(N-1) of need: 1 = most need (neutral: 1 = highest value)
    worst_decile      boolean,                   -- percentile >= 0.9; NULL for neutral indicators or unranked values
    change_z          double precision,          -- previous_period: difference / sqrt(se^2 + se_prev^2), se = (ci_high-ci_low)/(2*1.96)
    significant       boolean,                   -- previous_period: |change_z| > 1.96; NULL without intervals
    not_ranked_reason text,                      -- why no rank: the value's suppressed_reason, 'not_published', 'too_few_areas'
    gemeente_code     text,
    PRIMARY KEY (indicator_id, area_code, indeling_year, period, reference_kind),
    FOREIGN KEY (indicator_id, area_code, indeling_year, period)
        REFERENCES bp.indicator_value (indicator_id, area_code, indeling_year, period) ON DELETE CASCADE
);
CREATE INDEX indicator_comparison_gemeente_idx ON bp.indicator_comparison (gemeente_code, period);

-- Worst-decile flags per theme, area and period (nationwide ranks, the
-- land rows): n_flagged of n_ranked indicators with a polarity and a rank.
CREATE VIEW bp.indicator_flag_count AS
SELECT c.area_code, c.indeling_year, c.period, i.theme,
       count(*) FILTER (WHERE c.worst_decile) AS n_flagged,
       count(c.worst_decile)                  AS n_ranked,
       max(c.gemeente_code)                   AS gemeente_code
  FROM bp.indicator_comparison c
  JOIN bp.indicator i ON i.id = c.indicator_id
 WHERE c.reference_kind = 'land'
 GROUP BY c.area_code, c.indeling_year, c.period, i.theme;
