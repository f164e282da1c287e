-- 012_composite: similar areas and a custom reference as named references,
-- and composite indices with their rank stability.  Filled by
-- lib/engine/similar.c, compare.c and composite.c; see ARCHITECTURE.md.

-- The k areas of the same level and indeling most alike on baseline
-- structure (age shares, household composition, income: standardised KWB
-- figures, Euclidean distance on z-scores).  rank 1 is the nearest.
CREATE TABLE bp.similar_area (
    area_code      text    NOT NULL,
    indeling_year  integer NOT NULL,
    rank           integer NOT NULL CHECK (rank >= 1),
    similar_code   text    NOT NULL,
    distance       double precision NOT NULL,  -- root mean squared z difference over the shared variables
    n_variables    integer NOT NULL,           -- baseline variables both areas have
    level          text    NOT NULL,
    gemeente_code  text,
    PRIMARY KEY (area_code, indeling_year, rank),
    FOREIGN KEY (area_code, indeling_year) REFERENCES bp.area (code, indeling_year) ON DELETE CASCADE,
    FOREIGN KEY (similar_code, indeling_year) REFERENCES bp.area (code, indeling_year) ON DELETE CASCADE
);
CREATE INDEX similar_area_gemeente_idx ON bp.similar_area (gemeente_code);

-- What bp.similar_area was last built from: the same fingerprint (baseline
-- vintages, k, variables) means nothing to do.
CREATE TABLE bp.similar_area_basis (
    id           integer PRIMARY KEY CHECK (id = 1),
    k            integer NOT NULL,
    variables    text    NOT NULL,
    fingerprint  text    NOT NULL,
    built_at     timestamptz NOT NULL DEFAULT now()
);

-- A reference area chosen in configuration (compute --reference): for the
-- areas of one gemeente (scope = its code) or for every area (scope '*').
-- Compared in the same indeling and period, kind 'custom'.
CREATE TABLE bp.custom_reference (
    scope           text PRIMARY KEY CHECK (scope = '*' OR scope ~ '^GM[0-9]{4}$'),
    reference_code  text NOT NULL
);

-- The cascade from indicator_value to its comparisons becomes one
-- statement-level trigger instead of the row-level foreign key: its per-row
-- check made the comparison of all of Nederland (1.3 million rows) spend
-- most of its 30 s in RI triggers.  Comparisons are derived from values,
-- never written by hand, so the check itself caught nothing.
DO $$
DECLARE c text;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
              WHERE conrelid = 'bp.indicator_comparison'::regclass AND contype = 'f' LOOP
        EXECUTE format('ALTER TABLE bp.indicator_comparison DROP CONSTRAINT %I', c);
    END LOOP;
END $$;
CREATE FUNCTION bp.indicator_value_delete_comparisons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM bp.indicator_comparison c USING old_rows o
     WHERE c.indicator_id = o.indicator_id AND c.area_code = o.area_code
       AND c.indeling_year = o.indeling_year AND c.period = o.period;
    RETURN NULL;
END $$;
CREATE TRIGGER indicator_value_delete_comparisons AFTER DELETE ON bp.indicator_value
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION bp.indicator_value_delete_comparisons();

ALTER TABLE bp.indicator_comparison DROP CONSTRAINT indicator_comparison_reference_kind_check;
ALTER TABLE bp.indicator_comparison ADD CONSTRAINT indicator_comparison_reference_kind_check
    CHECK (reference_kind IN ('land', 'gemeente', 'wijk', 'previous_period', 'similar_areas', 'custom'));
-- similar_areas: how the reference value was made from the similar areas
-- ('pooled' = sum(value x denominator) / sum(denominator), which for a
-- ratio is the ratio of the summed numerators and denominators; 'mean' =
-- their unweighted mean where no denominator is known), and how many of
-- them had a value.  reference_code is then the area itself: the areas are
-- listed in bp.similar_area.
ALTER TABLE bp.indicator_comparison ADD COLUMN reference_method text
    CHECK (reference_method IN ('pooled', 'mean'));
ALTER TABLE bp.indicator_comparison ADD COLUMN reference_n integer;

-- The components of a composite index as last computed (weights as
-- configured, polarity as used: the direction in which a component adds to
-- the index).
CREATE TABLE bp.composite_component (
    composite_id  text    NOT NULL REFERENCES bp.indicator ON DELETE CASCADE,
    position      integer NOT NULL,
    indicator_id  text    NOT NULL,
    weight        double precision NOT NULL CHECK (weight >= 0),
    polarity      text    NOT NULL CHECK (polarity IN ('higher-is-better', 'higher-is-worse')),
    PRIMARY KEY (composite_id, position)
);

-- The composite's value and rank under each weighting scheme: 'configured'
-- (as in the YAML), 'equal' (every component weight 1), 'without:<id>'
-- (that component left out).  rank 1 = the area in most need among the
-- areas of the same level, indeling and period with a value (n_ranked).
-- For 'configured', rank_low / rank_high bound the rank over the
-- simulation of the components' uncertainty (2.5 and 97.5 % of the draws;
-- NULL when no component has an interval).
-- No foreign key (as for observation): composite.c deletes a composite's
-- rows before writing them, and a per-row check on 570,000 rows for all of
-- Nederland cost seconds.
CREATE TABLE bp.composite_rank (
    composite_id   text    NOT NULL,
    area_code      text    NOT NULL,
    indeling_year  integer NOT NULL,
    period         text    NOT NULL,
    scheme         text    NOT NULL,
    level          text    NOT NULL,
    value          double precision,
    rank           integer,
    n_ranked       integer,
    rank_low       double precision,
    rank_high      double precision,
    gemeente_code  text,
    PRIMARY KEY (composite_id, area_code, indeling_year, period, scheme)
);
CREATE INDEX composite_rank_gemeente_idx ON bp.composite_rank (gemeente_code, composite_id);

-- Per area: its rank as configured and the range of its ranks over every
-- alternative weighting.
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

-- Per composite, level, indeling, period and alternative scheme: how far
-- ranks move against the configured weighting (absolute shifts over the
-- areas ranked in both).
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
