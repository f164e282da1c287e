-- 031_composite_translated: composite indices over translated values
-- (issue 22, lib/engine/composite_calc.c).  Where an area has no native
-- value of a component, the composite takes the component's value that a
-- crosswalk or a drawn area's overlay carried into the area's indeling
-- (same period; a native value wins).  A composite value built from at
-- least one such value is itself a translated value: it is stored in
-- bp.indicator_value_translated (method 'composite', neither crosswalk nor
-- overlay: it came through its components'), so that every output that
-- reads values through bp.indicator_value_shown / _served marks it as
-- translated with the components' note ("omgerekend van indeling 2020"),
-- exactly as it marks the components themselves.  n_contributors is then
-- the number of translated components; from_indeling_year the newest
-- indeling they came from.
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
              WHERE conrelid = 'bp.indicator_value_translated'::regclass AND contype = 'c'
                AND (pg_get_constraintdef(oid) LIKE '%crosswalk_id IS NULL%'
                     OR pg_get_constraintdef(oid) LIKE '%weighted_mean%') LOOP
        EXECUTE format('ALTER TABLE bp.indicator_value_translated DROP CONSTRAINT %I', c.conname);
    END LOOP;
END $$;
ALTER TABLE bp.indicator_value_translated
    ADD CONSTRAINT indicator_value_translated_method_check
        CHECK (method IN ('identical', 'ratio', 'weighted_mean', 'composite')),
    ADD CONSTRAINT indicator_value_translated_origin_check
        CHECK (CASE WHEN method = 'composite' THEN crosswalk_id IS NULL AND overlay_id IS NULL
                    ELSE (crosswalk_id IS NULL) <> (overlay_id IS NULL) END);

-- A composite's scores and ranks say the same: note is NULL for a
-- composite of native values, else the note of its translated value.  Such
-- areas are normalised and ranked among the areas of the same level,
-- indeling and period whose composite is translated too, never among the
-- native ones (n_ranked counts them).
ALTER TABLE bp.composite_score ADD COLUMN note text;

CREATE OR REPLACE VIEW bp.composite_rank AS
SELECT s.composite_id, s.area_code, s.indeling_year, s.period, x.scheme, s.level, x.value, x.rank, x.n_ranked,
       CASE WHEN x.scheme = 'configured' THEN s.rank_low END AS rank_low,
       CASE WHEN x.scheme = 'configured' THEN s.rank_high END AS rank_high,
       s.gemeente_code, s.note
  FROM bp.composite_score s
 CROSS JOIN LATERAL unnest(s.scheme, s.value, s.rank, s.n_ranked) AS x(scheme, value, rank, n_ranked);

CREATE OR REPLACE VIEW bp.composite_rank_range AS
SELECT c.composite_id, c.area_code, c.indeling_year, c.period, c.level, c.gemeente_code,
       c.rank AS rank_configured, c.n_ranked, c.rank_low, c.rank_high,
       min(o.rank) AS rank_min, max(o.rank) AS rank_max,
       max(abs(o.rank - c.rank)) AS max_shift, c.note
  FROM bp.composite_rank c
  JOIN bp.composite_rank o USING (composite_id, area_code, indeling_year, period)
 WHERE c.scheme = 'configured' AND c.rank IS NOT NULL AND o.rank IS NOT NULL
 GROUP BY c.composite_id, c.area_code, c.indeling_year, c.period, c.level, c.gemeente_code,
          c.rank, c.n_ranked, c.rank_low, c.rank_high, c.note;
