-- 008_survey_results: the uncertainty of area-level survey results.
--
-- Surveys published only as aggregates (a GGD monitor, a municipal panel)
-- give per area, period and indicator a value, the number of respondents
-- and a lower and upper bound.  The value is an ordinary bp.observation of
-- the mapped variable (the source is the file: bp.source, importer
-- 'survey-results'); the bounds and the respondents are kept here, one row
-- per observation that has any of them, with the observation's own key.
-- Rows go with their observation (ON DELETE CASCADE), so removing a
-- vintage stays "delete its observations, then its source".
CREATE TABLE bp.observation_interval (
    variable_code  text    NOT NULL,
    area_code      text    NOT NULL,
    indeling_year  integer NOT NULL,
    period         text    NOT NULL,
    source_id      bigint  NOT NULL,
    ci_low         double precision,             -- the published lower bound, as published
    ci_high        double precision,             -- the published upper bound
    n_respondents  integer CHECK (n_respondents >= 0),
    PRIMARY KEY (variable_code, area_code, indeling_year, period, source_id),
    FOREIGN KEY (variable_code, area_code, indeling_year, period, source_id)
        REFERENCES bp.observation ON DELETE CASCADE,
    CHECK (ci_low IS NULL OR ci_high IS NULL OR ci_low <= ci_high)
);
