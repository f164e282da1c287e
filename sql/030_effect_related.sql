-- 030_effect_related: the pre-trend check of an effect estimate on a related
-- series (an intervention's pretrend_series, lib/engine/pretrend.c), made
-- when the indicator itself has fewer than two periods before the start:
-- stored beside the estimate so that the API serves what the effect report
-- shows.  One row per estimate whose definition names a related series and
-- for which the check applied: checked, with its figures, or not checked,
-- with why (Dutch, as in the report).
CREATE TABLE bp.intervention_effect_related (
    intervention_id   text    NOT NULL,
    version           integer NOT NULL,
    indicator_id      text    NOT NULL,
    area_code         text    NOT NULL,
    related_id        text    NOT NULL,            -- the related series (an indicator id)
    checked           boolean NOT NULL,
    why_not           text,                        -- not checked: why
    n_years           integer,                     -- years used: the target's, before the start
    first_year        integer,
    last_year         integer,
    n_areas           integer,                     -- comparison areas with a value in every one of them
    slope_target      double precision,            -- OLS slope per year
    slope_comparison  double precision,            -- of the comparison areas' mean
    diff              double precision,            -- slope_target - slope_comparison, per year
    sd                double precision,            -- of the series over the target's level and indeling
    std_drift         double precision,            -- diff × years between after and before / sd
    parallel          boolean,                     -- |std_drift| < 0.25 (the structural balance's limit)
    PRIMARY KEY (intervention_id, version, indicator_id, area_code),
    FOREIGN KEY (intervention_id, version, indicator_id, area_code)
        REFERENCES bp.intervention_effect ON DELETE CASCADE,
    CHECK (checked = (why_not IS NULL)),
    CHECK (NOT checked OR (n_years IS NOT NULL AND diff IS NOT NULL AND parallel IS NOT NULL))
);
