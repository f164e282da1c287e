-- 016_observation_revision: what changed between the vintages of a table (issue 3, item 6).
--
-- CBS delivers a KWB year up to three times (provisional, revised); each is
-- a vintage (bp.source) and the engine computes from the newest
-- (bp.observation_current).  The older ones stay, so that a report can say
-- what changed: one row per cell whose value or status differs from the
-- same cell in the vintage before it of the same publisher and table
-- (in order of retrieval), long or wide form alike.  A cell new in a vintage
-- (a column or area that was not there) is not a change and is not listed.
CREATE VIEW bp.observation_revision AS
WITH v AS (
    SELECT s.publisher, s.table_id, o.variable_code, o.area_code, o.indeling_year, o.period, o.gemeente_code,
           o.source_id, o.value, o.status,
           lag(o.source_id) OVER w AS previous_source_id,
           lag(o.value)     OVER w AS previous_value,
           lag(o.status)    OVER w AS previous_status
      FROM bp.observation_all o
      JOIN bp.source s ON s.id = o.source_id
    WINDOW w AS (PARTITION BY s.publisher, s.table_id, o.variable_code, o.area_code, o.indeling_year, o.period
                 ORDER BY s.retrieved_at, s.id)
)
SELECT publisher, table_id, variable_code, area_code, indeling_year, period, gemeente_code,
       previous_source_id, source_id, previous_value, value, previous_status, status
  FROM v
 WHERE previous_source_id IS NOT NULL
   AND (previous_value IS DISTINCT FROM value OR previous_status IS DISTINCT FROM status);
