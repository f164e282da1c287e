-- 021_crosswalk: which share of each area of one indeling lies in each area
-- of another (buurtpeil crosswalk build), so that values can be carried
-- across boundary changes.
--
-- Computed from bp.area_geometry (GEOS, lib/import/crosswalk.c); no PostGIS.
-- A crosswalk is one (level, from_year, to_year); building it again replaces
-- it.  share = weight of (from ∩ to) / weight of from, where the weight is
-- the number of inhabitants when finer areas with inhabitants exist
-- (method 'population': the inhabitants of each finer area spread evenly
-- over its surface), else the surface in m² (method 'area').  A from-area
-- whose borders equal a to-area's within the tolerance is 'identical':
-- one row with share 1, never an approximation.
CREATE TABLE bp.crosswalk (
    id                bigserial PRIMARY KEY,
    level             bp.area_level NOT NULL,
    from_year         integer NOT NULL,
    to_year           integer NOT NULL,
    method            text    NOT NULL CHECK (method IN ('population', 'area')),
    -- method 'population': the finer areas and figure that weighed
    weight_level      bp.area_level,
    weight_year       integer,
    weight_variable   text,
    weight_period     text,
    tolerance         double precision NOT NULL,   -- share of an area: identical, and slivers dropped
    from_source_ids   bigint[] NOT NULL,           -- bp.area_geometry's sources read
    to_source_ids     bigint[] NOT NULL,
    weight_source_ids bigint[] NOT NULL DEFAULT '{}',
    n_from            integer NOT NULL,
    n_to              integer NOT NULL,
    n_identical       integer NOT NULL,
    n_unmatched       integer NOT NULL,            -- from-areas overlapping no to-area
    n_area_fallback   integer NOT NULL DEFAULT 0,  -- method 'population': from-areas without inhabitants, weighed by surface
    built_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (level, from_year, to_year),
    CHECK (from_year <> to_year),
    CHECK ((method = 'population') = (weight_variable IS NOT NULL))
);

CREATE TABLE bp.crosswalk_share (
    crosswalk_id  bigint NOT NULL REFERENCES bp.crosswalk ON DELETE CASCADE,
    from_code     text   NOT NULL,
    to_code       text   NOT NULL,
    share         double precision NOT NULL CHECK (share > 0 AND share <= 1),
    weight        double precision NOT NULL CHECK (weight >= 0),  -- inhabitants or m² of from ∩ to
    area_m2       double precision NOT NULL CHECK (area_m2 >= 0), -- surface of from ∩ to
    identical     boolean NOT NULL,
    PRIMARY KEY (crosswalk_id, from_code, to_code),
    CHECK (NOT identical OR share = 1)
);
CREATE INDEX crosswalk_share_to_idx ON bp.crosswalk_share (crosswalk_id, to_code);

-- Indicator values carried from one indeling to another through a crosswalk
-- (lib/engine/translate.c): a table of their own, so that a translated value
-- is never mistaken for a native one; every row says what it is (status
-- 'translated', note "omgerekend van indeling 2020").
--   identical       the borders are the same: the value as it was
--   ratio           numerator and denominator apportioned by the shares,
--                   the ratio rebuilt from them (the definition's scale)
--   weighted_mean   a published or survey share: the mean of the contributing
--                   areas' values weighted by the inhabitants (else surface)
--                   of their parts; its interval spans every contributor's
--                   interval, wider than any of them alone
-- A target with a contributing area without value (missing or suppressed)
-- gets no value (suppressed_reason 'translation_incomplete'): suppression
-- holds through translation.
CREATE TABLE bp.indicator_value_translated (
    indicator_id       text    NOT NULL REFERENCES bp.indicator ON DELETE CASCADE,
    area_code          text    NOT NULL,           -- in the to-indeling
    indeling_year      integer NOT NULL,           -- the crosswalk's to_year
    period             text    NOT NULL,
    from_indeling_year integer NOT NULL,
    crosswalk_id       bigint  NOT NULL REFERENCES bp.crosswalk ON DELETE CASCADE,
    method             text    NOT NULL CHECK (method IN ('identical', 'ratio', 'weighted_mean')),
    value              double precision,
    numerator          double precision,
    denominator        double precision,
    ci_low             double precision,
    ci_high            double precision,
    n_contributors     integer NOT NULL,           -- from-areas whose parts make up this area
    suppressed_reason  text,
    status             text    NOT NULL DEFAULT 'translated' CHECK (status = 'translated'),
    note               text    NOT NULL,           -- 'omgerekend van indeling 2020'
    synthetic          boolean NOT NULL DEFAULT false,
    gemeente_code      text,
    PRIMARY KEY (indicator_id, area_code, indeling_year, period, from_indeling_year),
    CHECK ((value IS NULL) = (suppressed_reason IS NOT NULL))
);
CREATE INDEX indicator_value_translated_area_idx ON bp.indicator_value_translated (area_code, indeling_year);

-- How alike the comparison areas of an effect estimate are to its target in
-- structure (an intervention's match_on, lib/engine/balance.c): per
-- covariate the standardised difference (target - mean) / SD over the
-- candidate pool, before matching (the whole pool) and after (the chosen).
CREATE TABLE bp.intervention_effect_balance (
    intervention_id  text    NOT NULL,
    version          integer NOT NULL,
    indicator_id     text    NOT NULL,
    area_code        text    NOT NULL,
    covariate        text    NOT NULL,            -- an indicator id
    position         integer NOT NULL,            -- in match_on
    target           double precision NOT NULL,
    pool_mean        double precision,
    matched_mean     double precision,
    sd               double precision,
    std_before       double precision,            -- NULL when the SD is 0
    std_after        double precision,
    PRIMARY KEY (intervention_id, version, indicator_id, area_code, covariate),
    FOREIGN KEY (intervention_id, version, indicator_id, area_code)
        REFERENCES bp.intervention_effect ON DELETE CASCADE
);

-- Native and translated values side by side, for readers that show a series
-- in one indeling: a native value wins over a translated one of the same
-- area, indeling and period; origin says which it is ('native', or the
-- translation's method), note what a page must say beside a translated one.
CREATE VIEW bp.indicator_value_with_translated AS
SELECT v.indicator_id, v.area_code, v.indeling_year, v.period, v.value, v.ci_low, v.ci_high,
       v.suppressed_reason, v.synthetic, v.gemeente_code,
       'native'::text AS origin, NULL::integer AS from_indeling_year, NULL::text AS note
  FROM bp.indicator_value v
UNION ALL
SELECT t.indicator_id, t.area_code, t.indeling_year, t.period, t.value, t.ci_low, t.ci_high,
       t.suppressed_reason, t.synthetic, t.gemeente_code,
       t.method, t.from_indeling_year, t.note
  FROM bp.indicator_value_translated t
 WHERE NOT EXISTS (SELECT 1 FROM bp.indicator_value v
                    WHERE v.indicator_id = t.indicator_id AND v.area_code = t.area_code
                      AND v.indeling_year = t.indeling_year AND v.period = t.period);
