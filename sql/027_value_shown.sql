-- 027_value_shown: the values an output shows on an area of one indeling,
-- whichever indeling they were published in (ARCHITECTURE.md "Two
-- indelingen side by side").  Every page, map, needs overview and API
-- profile reads an area's series here, so that the rule is in one place:
--   native      the area's own indeling has values of the indicator;
--   identical   else a crosswalk carried them over from another indeling
--   translated  (bp.indicator_value_translated): 'identical' where the
--               borders are the same, 'translated' where they were
--               apportioned; a native value of the same period wins;
--   same_code   else, only where no crosswalk exists between the two
--               indelingen at the area's level: the newest older indeling
--               with values for the same code, as pages did before
--               crosswalks existed, with a note saying the borders were
--               not checked (a code can keep its number and change its
--               borders).  Where a crosswalk exists and gave the area
--               nothing, the area gets nothing from that indeling.
-- shown_year is the area's indeling (filter on it); indeling_year is the
-- indeling the value's comparisons (bp.indicator_comparison) are stored
-- in: translated values have none.  note is what a reader must be told
-- beside the value (NULL for native values).
CREATE VIEW bp.indicator_value_shown AS
SELECT v.indicator_id, v.area_code, v.indeling_year AS shown_year, v.indeling_year, v.period,
       v.value, v.ci_low, v.ci_high, v.suppressed_reason, v.synthetic, v.n_unweighted, v.gemeente_code,
       'native'::text AS origin, NULL::integer AS from_indeling_year, NULL::text AS note
  FROM bp.indicator_value v
UNION ALL
SELECT t.indicator_id, t.area_code, t.indeling_year, t.indeling_year, t.period,
       t.value, t.ci_low, t.ci_high, t.suppressed_reason, t.synthetic, NULL::double precision, t.gemeente_code,
       CASE WHEN t.method = 'identical' THEN 'identical' ELSE 'translated' END, t.from_indeling_year, t.note
  FROM bp.indicator_value_translated t
 WHERE NOT EXISTS (SELECT 1 FROM bp.indicator_value v
                    WHERE v.indicator_id = t.indicator_id AND v.area_code = t.area_code
                      AND v.indeling_year = t.indeling_year AND v.period = t.period)
UNION ALL
SELECT v.indicator_id, v.area_code, ar.indeling_year, v.indeling_year, v.period,
       v.value, v.ci_low, v.ci_high, v.suppressed_reason, v.synthetic, v.n_unweighted, v.gemeente_code,
       'same_code', v.indeling_year,
       format('indeling %s, zelfde code; grenzen niet gecontroleerd', v.indeling_year)
  FROM bp.area ar
  JOIN bp.indicator_value v ON v.area_code = ar.code AND v.indeling_year < ar.indeling_year
 WHERE v.indeling_year = (SELECT max(w.indeling_year) FROM bp.indicator_value w
                           WHERE w.indicator_id = v.indicator_id AND w.area_code = ar.code
                             AND w.indeling_year < ar.indeling_year)
   AND NOT EXISTS (SELECT 1 FROM bp.indicator_value n
                    WHERE n.indicator_id = v.indicator_id AND n.area_code = ar.code
                      AND n.indeling_year = ar.indeling_year)
   AND NOT EXISTS (SELECT 1 FROM bp.indicator_value_translated n
                    WHERE n.indicator_id = v.indicator_id AND n.area_code = ar.code
                      AND n.indeling_year = ar.indeling_year)
   AND NOT EXISTS (SELECT 1 FROM bp.crosswalk c
                    WHERE c.level = ar.level AND c.from_year = v.indeling_year
                      AND c.to_year = ar.indeling_year);


-- The API's values (lib/api/queries.c): every native value in its own
-- indeling and every value a crosswalk carried into another, each saying
-- which it is (translated: apportioned; note: what a reader must be told),
-- never one for the other: a native value of the same key wins.
CREATE VIEW bp.indicator_value_served AS
SELECT v.indicator_id, v.area_code, v.indeling_year, v.period, v.value, v.ci_low, v.ci_high,
       v.status::text AS status, v.suppressed_reason, v.estimate, v.synthetic, v.gemeente_code,
       false AS translated, NULL::integer AS from_indeling_year, NULL::text AS note
  FROM bp.indicator_value v
UNION ALL
SELECT t.indicator_id, t.area_code, t.indeling_year, t.period, t.value, t.ci_low, t.ci_high,
       t.status, t.suppressed_reason, false, t.synthetic, t.gemeente_code,
       t.method <> 'identical', t.from_indeling_year, t.note
  FROM bp.indicator_value_translated t
 WHERE NOT EXISTS (SELECT 1 FROM bp.indicator_value v
                    WHERE v.indicator_id = t.indicator_id AND v.area_code = t.area_code
                      AND v.indeling_year = t.indeling_year AND v.period = t.period);
