-- 028_area_reads: what a page reads of one area or gemeente is found without
-- scanning all of Nederland (the demo loads the whole country; the pages
-- cover two gemeenten).
--
-- bp.indicator_value_shown gets the gemeente of
-- the area it is shown on, shown_gemeente_code, so that a query for the
-- areas of one gemeente can say so to every branch of the view.
--
-- Why: a join condition (v.area_code = ar.code) cannot be pushed into the
-- branches of a UNION ALL view whose branches are joins themselves, so a
-- map or the needs overview, which join the view to a gemeente's areas,
-- evaluated the same_code branch for every area of Nederland (15,556 rows
-- and their correlated lookups, 0.34 s per map; 27 s per needs overview on
-- the demo's national data).  A plain condition on a column of the view
-- (shown_gemeente_code = $1) is pushed into each branch: the native and
-- translated branches filter on their own gemeente_code, the same_code
-- branch on its area's (bp.area.gemeente_code of the shown indeling; the
-- value's own gemeente_code is that of the older indeling and may differ
-- after a merger).
CREATE OR REPLACE VIEW bp.indicator_value_shown AS
SELECT v.indicator_id, v.area_code, v.indeling_year AS shown_year, v.indeling_year, v.period,
       v.value, v.ci_low, v.ci_high, v.suppressed_reason, v.synthetic, v.n_unweighted, v.gemeente_code,
       'native'::text AS origin, NULL::integer AS from_indeling_year, NULL::text AS note,
       v.gemeente_code AS shown_gemeente_code
  FROM bp.indicator_value v
UNION ALL
SELECT t.indicator_id, t.area_code, t.indeling_year, t.indeling_year, t.period,
       t.value, t.ci_low, t.ci_high, t.suppressed_reason, t.synthetic, NULL::double precision, t.gemeente_code,
       CASE WHEN t.method = 'identical' THEN 'identical' ELSE 'translated' END, t.from_indeling_year, t.note,
       t.gemeente_code
  FROM bp.indicator_value_translated t
 WHERE NOT EXISTS (SELECT 1 FROM bp.indicator_value v
                    WHERE v.indicator_id = t.indicator_id AND v.area_code = t.area_code
                      AND v.indeling_year = t.indeling_year AND v.period = t.period)
UNION ALL
SELECT v.indicator_id, v.area_code, ar.indeling_year, v.indeling_year, v.period,
       v.value, v.ci_low, v.ci_high, v.suppressed_reason, v.synthetic, v.n_unweighted, v.gemeente_code,
       'same_code', v.indeling_year,
       format('indeling %s, zelfde code; grenzen niet gecontroleerd', v.indeling_year),
       ar.gemeente_code
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

-- Nederland's value of a translated value's indeling is looked up by level
-- (lib/report/areadata.c): without an index that was a scan of every area of
-- every indeling for each translated value on a page.
CREATE INDEX area_level_idx ON bp.area (level, indeling_year);

-- A profile's composite section (lib/report/area_page.c) finds the area's
-- scores by area, and counts the gemeenten of each ranking it names: the
-- primary key leads with the composite, so both were scans of every score
-- (0.2 s a profile).
CREATE INDEX composite_score_area_idx ON bp.composite_score (area_code, indeling_year);
CREATE INDEX composite_score_ranking_idx
    ON bp.composite_score (composite_id, level, indeling_year, period, gemeente_code);

-- A gemeente's citations (lib/report/cite.c, areadata.c) list the sources of
-- its observations: without an index on the gemeente that was a scan of all
-- 1.3 million observations of the country, 0.5 s, three times per gemeente
-- and output.  (Rows of bp.observation_row are few: the wide imports keep
-- their key by area.)
CREATE INDEX observation_gemeente_idx ON bp.observation (gemeente_code, variable_code);
CREATE INDEX observation_row_gemeente_idx ON bp.observation_row (gemeente_code);
