-- 006_interventions: what the programming workgroup started where
-- (interventions/*.yaml) and the estimated effects on the indicators it
-- aimed to move.
--
-- History: the YAML file is the truth for the current definition; every
-- definition ever stored is kept.  A changed definition (another
-- definition_hash) closes the current row (valid_to) and adds version + 1;
-- an intervention removed from the folder only has its row closed.
CREATE TABLE bp.intervention (
    id               text    NOT NULL,           -- as in interventions/*.yaml
    version          integer NOT NULL CHECK (version >= 1),
    name             text    NOT NULL,
    description      text,
    theme            text    NOT NULL,           -- the themes of indicators/*.yaml
    start_date       date    NOT NULL,
    end_date         date,                       -- NULL: still running
    partner          text    NOT NULL,
    example          boolean NOT NULL DEFAULT false,  -- a voorbeeld, not a real programme
    definition_file  text,
    definition_hash  text    NOT NULL,
    valid_from       timestamptz NOT NULL DEFAULT now(),
    valid_to         timestamptz,                -- NULL: the current version
    PRIMARY KEY (id, version),
    CHECK (end_date IS NULL OR end_date >= start_date)
);
-- At most one current version per intervention.
CREATE UNIQUE INDEX intervention_current_idx ON bp.intervention (id) WHERE valid_to IS NULL;

-- Target areas by code only: an intervention outlives an indeling, and the
-- effect estimate picks the indeling in which the area has values.
CREATE TABLE bp.intervention_target (
    intervention_id  text    NOT NULL,
    version          integer NOT NULL,
    area_code        text    NOT NULL,           -- CBS code, or 'CU' || custom area id
    written_as       text    NOT NULL,           -- as in the YAML (a custom area's id)
    ord              integer NOT NULL,
    PRIMARY KEY (intervention_id, version, area_code),
    FOREIGN KEY (intervention_id, version) REFERENCES bp.intervention ON DELETE CASCADE
);
CREATE INDEX intervention_target_area_idx ON bp.intervention_target (area_code);

CREATE TABLE bp.intervention_indicator (
    intervention_id  text    NOT NULL,
    version          integer NOT NULL,
    indicator_id     text    NOT NULL,           -- bp.indicator(id), possibly not computed yet
    direction        text    NOT NULL CHECK (direction IN ('up', 'down')),
    PRIMARY KEY (intervention_id, version, indicator_id),
    FOREIGN KEY (intervention_id, version) REFERENCES bp.intervention ON DELETE CASCADE
);

-- The last estimate per intervention version x indicator x target area
-- (lib/engine/effect.c; the method is in ARCHITECTURE.md).  Recomputed by
-- `buurtpeil interventions effects`; a row is replaced, not versioned: the
-- inputs (indicator values) have their own history.
CREATE TABLE bp.intervention_effect (
    intervention_id   text    NOT NULL,
    version           integer NOT NULL,
    indicator_id      text    NOT NULL,
    area_code         text    NOT NULL,
    indeling_year     integer,                   -- the indeling the values come from
    computed_at       timestamptz NOT NULL DEFAULT now(),
    n_pre             integer NOT NULL,          -- periods before the start year with a value
    n_post            integer NOT NULL,
    periods           text[]  NOT NULL,          -- the periods used, oldest first
    comparison_areas  text[]  NOT NULL,          -- the k nearest comparison areas, nearest first
    estimate          double precision,          -- difference-in-differences; NULL: too few periods or areas
    placebo_low       double precision,          -- 5 % quantile of the placebo estimates
    placebo_high      double precision,          -- 95 % quantile
    placebo_rank      integer,                   -- 1 + placebos at least as large (in absolute value)
    n_placebo         integer,
    analytic_low      double precision,          -- 90 % interval from the values' own ci, when known
    analytic_high     double precision,
    pretrend_diff     double precision,          -- slope(target) - slope(comparison) before the start, per year
    pretrend_parallel boolean,                   -- NULL: fewer than two periods before the start
    gemeente_estimate double precision,          -- the same estimate against the rest of the gemeente
    gemeente_n        integer,
    synthetic_estimate double precision,         -- against the synthetic comparison (>= 3 periods before)
    synthetic_weights double precision[],        -- in the order of comparison_areas
    verdict           text    NOT NULL CHECK (verdict IN ('better', 'worse', 'no_difference',
                                                          'too_few_periods', 'too_few_areas')),
    verdict_text      text    NOT NULL,          -- the Dutch sentence
    PRIMARY KEY (intervention_id, version, indicator_id, area_code),
    FOREIGN KEY (intervention_id, version) REFERENCES bp.intervention ON DELETE CASCADE
);
