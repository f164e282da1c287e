-- 014_compare_ranks: store only what cannot be looked up (issue 5, item 10).
--
-- bp.indicator_comparison was a table of 1.5 million rows for all of
-- Nederland (one per value and reference kind), and writing it with its key
-- and index was most of compare's 11 s.  Most of each row is one join away:
-- the area's value, the reference area's value, their difference.  What
-- needs every other area (count, z-score, percentile, worst-decile flag per
-- distribution; the similar areas' pooled reference and spread; the change's
-- z-test) is computed once per value into bp.comparison_rank, one row per
-- indicator value (334,000 instead of 1.5 million), and
-- bp.indicator_comparison becomes a view with the same columns, rows and
-- values as the table had: readers are unchanged.  The wijk and custom
-- references hold no ranks at all and are pure joins.
--
-- Rows of the view exist as they did: land for every value of an area that
-- is not NL00 itself; gemeente for wijken, buurten and custom areas with a
-- gemeente; wijk for buurten with a parent; previous_period where the area
-- has a value row in an earlier period of the same indeling; similar_areas
-- where one of the area's similar areas has a row for the indicator and
-- period; custom where a custom reference applies and is not the area.
-- A published value without a percentile had too few areas to rank among
-- (compare.c leaves it NULL exactly then).
-- Ranks are as of the last compare (compare.c rebuilds them when anything
-- changed); the values and reference values are always the current ones.

DROP VIEW bp.indicator_flag_count;
DROP TRIGGER indicator_value_delete_comparisons ON bp.indicator_value;
DROP FUNCTION bp.indicator_value_delete_comparisons();
DROP TABLE bp.indicator_comparison;

-- Derived, rebuilt whole by compare.c: UNLOGGED as the table it replaces
-- (emptied after a crash with bp.comparison_basis, rebuilt by the next compute).
CREATE UNLOGGED TABLE bp.comparison_rank (
    indicator_id   text    NOT NULL,
    area_code      text    NOT NULL,
    indeling_year  integer NOT NULL,
    period         text    NOT NULL,
    level          text    NOT NULL,            -- the area's level (bp.area)
    land_n         integer,                     -- areas with a value of the same level, indeling and period
    land_z         double precision,
    land_pct       double precision,
    land_flag      boolean,
    gemeente_n     integer,                     -- the same within the gemeente; NULL: no gemeente row
    gemeente_z     double precision,
    gemeente_pct   double precision,
    gemeente_flag  boolean,
    prev_period    text,                        -- the previous period with a row; NULL: no previous_period row
    change_z       double precision,
    similar_n      integer,                     -- similar areas with a value; NULL: no similar_areas row
    similar_z      double precision,
    similar_ref    double precision,            -- pooled or mean over the similar areas
    similar_method text CHECK (similar_method IN ('pooled', 'mean')),
    PRIMARY KEY (indicator_id, area_code, indeling_year, period)
);

-- The cascade of 012, now to the ranks: a value deleted takes its ranks
-- along, so a value written again under the same key never shows old ranks.
CREATE FUNCTION bp.indicator_value_delete_ranks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM bp.comparison_rank c USING old_rows o
     WHERE c.indicator_id = o.indicator_id AND c.area_code = o.area_code
       AND c.indeling_year = o.indeling_year AND c.period = o.period;
    RETURN NULL;
END $$;
CREATE TRIGGER indicator_value_delete_ranks AFTER DELETE ON bp.indicator_value
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION bp.indicator_value_delete_ranks();

-- Same columns, in the same order, as the table of 007/012.  Each branch is
-- a join on keys, so a reader's filter on area, indicator or gemeente reaches
-- the indexes of bp.indicator_value through the UNION ALL, and a filter on
-- reference_kind leaves only its branch.
CREATE VIEW bp.indicator_comparison AS
SELECT c.indicator_id, c.area_code, c.indeling_year, c.period, 'land'::text AS reference_kind,
       'NL00'::text AS reference_code, c.period AS reference_period, v.value, r.value AS reference_value,
       v.value - r.value AS difference, (v.value - r.value) / nullif(abs(r.value), 0) AS relative_difference,
       c.land_n AS n_ranked, c.land_z AS z_score, c.land_pct AS percentile, c.land_flag AS worst_decile,
       NULL::float8 AS change_z, NULL::boolean AS significant,
       CASE WHEN v.value IS NULL THEN coalesce(v.suppressed_reason, 'not_published')
            WHEN c.land_pct IS NULL THEN 'too_few_areas' END AS not_ranked_reason,
       v.gemeente_code, NULL::text AS reference_method, NULL::integer AS reference_n
  FROM bp.comparison_rank c
  JOIN bp.indicator_value v USING (indicator_id, area_code, indeling_year, period)
  LEFT JOIN bp.indicator_value r ON r.indicator_id = c.indicator_id AND r.area_code = 'NL00'
       AND r.indeling_year = c.indeling_year AND r.period = c.period
 WHERE c.level <> 'land'
UNION ALL
SELECT c.indicator_id, c.area_code, c.indeling_year, c.period, 'gemeente', v.gemeente_code, c.period, v.value,
       r.value, v.value - r.value, (v.value - r.value) / nullif(abs(r.value), 0),
       c.gemeente_n, c.gemeente_z, c.gemeente_pct, c.gemeente_flag, NULL, NULL,
       CASE WHEN v.value IS NULL THEN coalesce(v.suppressed_reason, 'not_published')
            WHEN c.gemeente_pct IS NULL THEN 'too_few_areas' END,
       v.gemeente_code, NULL, NULL
  FROM bp.comparison_rank c
  JOIN bp.indicator_value v USING (indicator_id, area_code, indeling_year, period)
  LEFT JOIN bp.indicator_value r ON r.indicator_id = c.indicator_id AND r.area_code = v.gemeente_code
       AND r.indeling_year = c.indeling_year AND r.period = c.period
 WHERE c.gemeente_n IS NOT NULL
UNION ALL
SELECT v.indicator_id, v.area_code, v.indeling_year, v.period, 'wijk', a.parent_code, v.period, v.value,
       r.value, v.value - r.value, (v.value - r.value) / nullif(abs(r.value), 0),
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, v.gemeente_code, NULL, NULL
  FROM bp.indicator_value v
  JOIN bp.area a ON a.code = v.area_code AND a.indeling_year = v.indeling_year
  LEFT JOIN bp.indicator_value r ON r.indicator_id = v.indicator_id AND r.area_code = a.parent_code
       AND r.indeling_year = v.indeling_year AND r.period = v.period
 WHERE a.level = 'buurt' AND a.parent_code IS NOT NULL
UNION ALL
SELECT c.indicator_id, c.area_code, c.indeling_year, c.period, 'previous_period', c.area_code, c.prev_period,
       v.value, p.value, v.value - p.value, (v.value - p.value) / nullif(abs(p.value), 0),
       NULL, NULL, NULL, NULL, c.change_z, abs(c.change_z) > 1.959963984540054, NULL,
       v.gemeente_code, NULL, NULL
  FROM bp.comparison_rank c
  JOIN bp.indicator_value v USING (indicator_id, area_code, indeling_year, period)
  JOIN bp.indicator_value p ON p.indicator_id = c.indicator_id AND p.area_code = c.area_code
       AND p.indeling_year = c.indeling_year AND p.period = c.prev_period
 WHERE c.prev_period IS NOT NULL
UNION ALL
SELECT c.indicator_id, c.area_code, c.indeling_year, c.period, 'similar_areas', c.area_code, c.period, v.value,
       c.similar_ref, v.value - c.similar_ref, (v.value - c.similar_ref) / nullif(abs(c.similar_ref), 0),
       c.similar_n, c.similar_z, NULL, NULL, NULL, NULL,
       CASE WHEN v.value IS NULL THEN coalesce(v.suppressed_reason, 'not_published')
            WHEN c.similar_n < 2 THEN 'too_few_areas' END,
       v.gemeente_code, c.similar_method, c.similar_n
  FROM bp.comparison_rank c
  JOIN bp.indicator_value v USING (indicator_id, area_code, indeling_year, period)
 WHERE c.similar_n IS NOT NULL
UNION ALL
SELECT v.indicator_id, v.area_code, v.indeling_year, v.period, 'custom', cr.reference_code, v.period, v.value,
       r.value, v.value - r.value, (v.value - r.value) / nullif(abs(r.value), 0),
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, v.gemeente_code, NULL, NULL
  FROM bp.indicator_value v
 CROSS JOIN LATERAL (SELECT c.reference_code FROM bp.custom_reference c
                      WHERE c.scope = v.gemeente_code OR c.scope = '*' ORDER BY c.scope = '*' LIMIT 1) cr
  LEFT JOIN bp.indicator_value r ON r.indicator_id = v.indicator_id AND r.area_code = cr.reference_code
       AND r.indeling_year = v.indeling_year AND r.period = v.period
 WHERE cr.reference_code <> v.area_code;

-- As in 007, now over the view's land rows (the ranks table alone).
CREATE VIEW bp.indicator_flag_count AS
SELECT c.area_code, c.indeling_year, c.period, i.theme,
       count(*) FILTER (WHERE c.worst_decile) AS n_flagged,
       count(c.worst_decile)                  AS n_ranked,
       max(c.gemeente_code)                   AS gemeente_code
  FROM bp.indicator_comparison c
  JOIN bp.indicator i ON i.id = c.indicator_id
 WHERE c.reference_kind = 'land'
 GROUP BY c.area_code, c.indeling_year, c.period, i.theme;

-- The comparisons are rebuilt on the next compute.
DELETE FROM bp.comparison_basis;

-- bp.indicator_value's two row-level foreign keys (to bp.indicator, with
-- its cascade, and to bp.area) queued two checks per value: about a third
-- of each indicator's INSERT on all of Nederland.  Every writer (compute.c,
-- composite.c) joins bp.area for the rows it writes and upserts the
-- bp.indicator row first, so the checks caught nothing; what they did on
-- the other side stays, one statement at a time (as 012 and 013 did): an
-- indicator deleted takes its values along, an area with values cannot be
-- deleted.
DO $$
DECLARE c text;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
              WHERE conrelid = 'bp.indicator_value'::regclass AND contype = 'f' LOOP
        EXECUTE format('ALTER TABLE bp.indicator_value DROP CONSTRAINT %I', c);
    END LOOP;
END $$;
CREATE FUNCTION bp.indicator_delete_values() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM bp.indicator_value v USING old_rows o WHERE v.indicator_id = o.id;
    RETURN NULL;
END $$;
CREATE TRIGGER indicator_delete_values AFTER DELETE ON bp.indicator
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION bp.indicator_delete_values();
CREATE FUNCTION bp.area_keep_values() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE k record;
BEGIN
    SELECT o.code, o.indeling_year INTO k FROM old_rows o
     WHERE EXISTS (SELECT 1 FROM bp.indicator_value v
                    WHERE v.area_code = o.code AND v.indeling_year = o.indeling_year) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'area % (indeling %) still has indicator values', k.code, k.indeling_year
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'delete its values from bp.indicator_value first (compute does so for custom areas)';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER area_keep_values AFTER DELETE ON bp.area
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION bp.area_keep_values();
