-- 001_core: the data model every later feature grows on.
-- Everything lives in schema bp; survey microdata will get a schema of
-- their own (survey_private) readable by a separate role.
-- Large tables carry gemeente_code so that one gemeente's rows can later be
-- co-located (the distribution key for a Citus scale-out).

CREATE SCHEMA IF NOT EXISTS bp;

-- Where every number came from.  One row per loaded file or download: a
-- new release of the same table is a new row, a new *vintage*.
CREATE TABLE bp.source (
    id            bigserial PRIMARY KEY,
    publisher     text        NOT NULL,          -- 'CBS', 'RIVM', a survey bureau
    table_id      text,                          -- e.g. '85984NED'
    title         text        NOT NULL,
    location      text        NOT NULL,          -- URL or file path as given
    modified      timestamptz,                   -- the publisher's own date, when known
    retrieved_at  timestamptz NOT NULL DEFAULT now(),
    checksum      text        NOT NULL,          -- sha256 of the bytes loaded
    licence       text        NOT NULL,          -- e.g. 'CC BY 4.0'
    importer      text        NOT NULL,          -- e.g. 'statline-csv'
    row_count     bigint      NOT NULL DEFAULT 0,
    UNIQUE (publisher, table_id, checksum)       -- the same bytes twice are one source
);

CREATE TYPE bp.area_level AS ENUM ('land', 'gemeente', 'wijk', 'buurt', 'custom');

-- An area exists within one indeling (the year's division of the country):
-- the same code in another year may cover another territory.
CREATE TABLE bp.area (
    code           text          NOT NULL,       -- trimmed CBS code: NL00, GM0828, WK082801, BU08280105
    indeling_year  integer       NOT NULL,
    level          bp.area_level NOT NULL,
    name           text          NOT NULL,
    parent_code    text,                         -- follows from the code; NULL for NL00 and custom areas
    gemeente_code  text,                         -- NULL for NL00
    indeling_change text,                        -- CBS IndelingswijzigingGemeenteWijkBuurt ('1' = unchanged)
    PRIMARY KEY (code, indeling_year),
    FOREIGN KEY (parent_code, indeling_year) REFERENCES bp.area (code, indeling_year)
        DEFERRABLE INITIALLY DEFERRED,
    CHECK (code = btrim(code) AND code <> '')
);
CREATE INDEX area_parent_idx   ON bp.area (parent_code, indeling_year);
CREATE INDEX area_gemeente_idx ON bp.area (gemeente_code, indeling_year);

-- A variable keeps one code across years even where CBS renumbers its
-- key (MateVanStedelijkheid_116 in 2022, _127 in 2024: code MateVanStedelijkheid).
CREATE TABLE bp.variable (
    code      text PRIMARY KEY,
    title     text NOT NULL,
    unit      text,
    decimals  integer
);

-- How a source names a variable: a StatLine CSV header path, an OData key.
CREATE TABLE bp.variable_label (
    label          text NOT NULL,               -- e.g. 'Bevolking/Leeftijdsgroepen/65 jaar of ouder'
    variable_code  text NOT NULL REFERENCES bp.variable,
    origin         text NOT NULL,               -- e.g. 'CBS 85984NED DataProperties'
    PRIMARY KEY (label)
);

-- CBS symbols: '.' unknown, unreliable or secret; empty: cannot occur /
-- not collected; '*' provisional; '**' revised provisional.
CREATE TYPE bp.value_status AS ENUM
    ('ok', 'unknown_or_secret', 'not_applicable', 'provisional', 'revised_provisional');

-- Long form: one cell per row.  value is NULL unless status is ok or provisional.
-- No row-level foreign keys on this, the largest table: their per-row
-- triggers made a COPY of the 146,480 cells of KWB 2024 take 2.2 s instead
-- of 0.85 s (bench/RESULTS.md).  The importers are the gatekeepers instead:
-- in the same transaction they write the source, every area and every
-- variable a cell refers to, and tests check the references afterwards.
-- To remove a vintage, delete its observations, then its source.
CREATE TABLE bp.observation (
    variable_code  text    NOT NULL,            -- bp.variable(code)
    area_code      text    NOT NULL,            -- bp.area(code, indeling_year)
    indeling_year  integer NOT NULL,
    period         text    NOT NULL,            -- '2024' for a year; kept exactly as the source means it
    source_id      bigint  NOT NULL,            -- bp.source(id): the vintage
    value          double precision,
    status         bp.value_status NOT NULL,
    gemeente_code  text,
    PRIMARY KEY (variable_code, area_code, indeling_year, period, source_id),
    CHECK ((value IS NULL) = (status IN ('unknown_or_secret', 'not_applicable')))
);
CREATE INDEX observation_source_idx ON bp.observation (source_id);
-- Lookups by area, and the foreign-key check when an area is deleted.
CREATE INDEX observation_area_idx ON bp.observation (area_code, indeling_year, variable_code);

-- The newest vintage of every cell: what the engine computes from.
CREATE VIEW bp.observation_current AS
SELECT DISTINCT ON (o.variable_code, o.area_code, o.indeling_year, o.period)
       o.*
  FROM bp.observation o
  JOIN bp.source s ON s.id = o.source_id
 ORDER BY o.variable_code, o.area_code, o.indeling_year, o.period,
          s.retrieved_at DESC, s.id DESC;

-- Indicator definitions as last computed (the YAML files are the truth;
-- this copy says what the stored values were computed from).
CREATE TABLE bp.indicator (
    id               text PRIMARY KEY,
    title_nl         text NOT NULL,
    title_en         text,
    theme            text NOT NULL,
    kind             text NOT NULL,
    unit             text,
    decimals         integer NOT NULL,
    polarity         text NOT NULL,
    source_text      text,
    definition_file  text,
    definition_hash  text NOT NULL,              -- what the values were computed from ...
    inputs_fingerprint text,                      -- ... and from which vintages: unchanged both = nothing to do
    computed_at      timestamptz
);

CREATE TABLE bp.indicator_value (
    indicator_id      text    NOT NULL REFERENCES bp.indicator ON DELETE CASCADE,
    area_code         text    NOT NULL,
    indeling_year     integer NOT NULL,
    period            text    NOT NULL,
    value             double precision,          -- NULL when suppressed or not computable
    numerator         double precision,
    denominator       double precision,
    n_unweighted      double precision,          -- survey indicators (later)
    sum_w             double precision,
    sum_w2            double precision,
    ci_low            double precision,
    ci_high           double precision,
    coverage          double precision,          -- share of members with data, for aggregates
    suppressed_reason text,                      -- why value is NULL: missing_input, zero_denominator, small_denominator
    status            bp.value_status NOT NULL DEFAULT 'ok',
    definition_hash   text    NOT NULL,
    gemeente_code     text,
    PRIMARY KEY (indicator_id, area_code, indeling_year, period),
    FOREIGN KEY (area_code, indeling_year) REFERENCES bp.area (code, indeling_year)
);
CREATE INDEX indicator_value_gemeente_idx ON bp.indicator_value (gemeente_code, indicator_id);
CREATE INDEX indicator_value_area_idx ON bp.indicator_value (area_code, indeling_year);
