-- 025: what each run published, for the digest to compare (issue 19, item 4).
--
-- The digest names the values that changed significantly and the
-- interventions whose verdict changed since the previous published run.
-- bp.indicator_value and bp.intervention_effect are rewritten by every
-- compute, so what that run published is gone; deriving it again from the
-- vintages current then would mean recomputing every indicator.  So each
-- run copies the little it needs: per gemeente of the monitor, per
-- indicator at its latest period, each area's value with its interval (a
-- few thousand rows per gemeente), and every current verdict.  The run
-- deletes the rows of its monitor's runs older than the previous published
-- one (report/digest.c never reads them), so a monitor keeps two or three
-- runs' worth, however long it runs.
CREATE TABLE bp.run_value (
    run_id        bigint  NOT NULL REFERENCES bp.run ON DELETE CASCADE,
    gemeente_code text    NOT NULL,
    indicator_id  text    NOT NULL,
    area_code     text    NOT NULL,
    indeling_year integer NOT NULL,
    period        text    NOT NULL,
    value         double precision NOT NULL,
    ci_low        double precision,            -- NULL: no interval, so no test of a change
    ci_high       double precision,
    PRIMARY KEY (run_id, gemeente_code, indicator_id, area_code)
);

CREATE TABLE bp.run_verdict (
    run_id          bigint NOT NULL REFERENCES bp.run ON DELETE CASCADE,
    intervention_id text   NOT NULL,
    indicator_id    text   NOT NULL,
    area_code       text   NOT NULL,
    verdict         text   NOT NULL,            -- bp.intervention_effect.verdict
    verdict_text    text   NOT NULL,
    PRIMARY KEY (run_id, intervention_id, indicator_id, area_code)
);
