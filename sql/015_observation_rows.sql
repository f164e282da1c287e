-- 015_observation_rows: a wide download is stored as it comes (issue 3, item 9).
--
-- A CBS OData v3 data set is a table of one row per area (and period) with a
-- column per topic: a KWB year for all of Nederland is 18,310 rows x 123
-- topics.  In the long form (bp.observation) that is 2.25 million rows, and
-- their COPY into the table with its key and indexes took 13.7 s of a 17 s
-- import: the B-tree inserts, not the client (0.7 s of CPU), nor the download.
-- Stored one row per area and period, with the topics' values in one array
-- in the order of bp.source_column, the same load is 18,310 rows whose key
-- has 18,310 entries, and takes a fraction of a second (bench/RESULTS.md).
-- The cells are no different: bp.observation_all shows every cell of both
-- forms with the columns of bp.observation, and bp.observation_current (the
-- newest vintage of every cell, what the engine computes from) is defined
-- over it.  Importers of long or small data (StatLine CSV, OData v4, survey
-- results, JSON) keep writing bp.observation.

-- The columns of a wide vintage: position n of value and status is this variable.
CREATE TABLE bp.source_column (
    source_id      bigint  NOT NULL REFERENCES bp.source ON DELETE CASCADE,
    position       integer NOT NULL CHECK (position >= 1),
    variable_code  text    NOT NULL,            -- bp.variable(code)
    PRIMARY KEY (source_id, position),
    UNIQUE (source_id, variable_code)           -- as the long form's key: one cell per variable
);
-- The engine asks by variable: which vintages have it, at which position.
CREATE INDEX source_column_variable_idx ON bp.source_column (variable_code);

-- status holds one letter per position, because an enum array would cost a
-- lookup per element on input and output: o ok, u unknown_or_secret,
-- n not_applicable, p provisional, r revised_provisional.  value[n] is NULL
-- exactly where status is u or n (as the CHECK of bp.observation).
CREATE TABLE bp.observation_row (
    source_id      bigint  NOT NULL REFERENCES bp.source ON DELETE CASCADE,
    area_code      text    NOT NULL,            -- bp.area(code, indeling_year)
    indeling_year  integer NOT NULL,
    period         text    NOT NULL,
    gemeente_code  text,
    value          double precision[] NOT NULL,
    status         text    NOT NULL CHECK (status ~ '^[ounpr]*$'),
    PRIMARY KEY (source_id, area_code, indeling_year, period),
    CHECK (cardinality(value) = length(status))
);
CREATE INDEX observation_row_area_idx ON bp.observation_row (area_code, indeling_year);

CREATE FUNCTION bp.value_status_of(letter text) RETURNS bp.value_status
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE letter WHEN 'o' THEN 'ok' WHEN 'u' THEN 'unknown_or_secret'
                       WHEN 'n' THEN 'not_applicable' WHEN 'p' THEN 'provisional'
                       WHEN 'r' THEN 'revised_provisional' END::bp.value_status
$$;

-- Every cell, long or wide, with the columns of bp.observation.  A filter on
-- variable_code reaches bp.source_column's index; on source_id or area_code
-- the keys of both tables.
CREATE VIEW bp.observation_all AS
SELECT o.variable_code, o.area_code, o.indeling_year, o.period, o.source_id, o.value, o.status, o.gemeente_code
  FROM bp.observation o
UNION ALL
SELECT c.variable_code, r.area_code, r.indeling_year, r.period, r.source_id, r.value[c.position],
       bp.value_status_of(substr(r.status, c.position, 1)), r.gemeente_code
  FROM bp.observation_row r
  JOIN bp.source_column c ON c.source_id = r.source_id;

CREATE OR REPLACE VIEW bp.observation_current AS
SELECT DISTINCT ON (o.variable_code, o.area_code, o.indeling_year, o.period)
       o.*
  FROM bp.observation_all o
  JOIN bp.source s ON s.id = o.source_id
 ORDER BY o.variable_code, o.area_code, o.indeling_year, o.period,
          s.retrieved_at DESC, s.id DESC;
