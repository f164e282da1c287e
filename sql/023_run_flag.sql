-- 023: the worst-decile flags each run left behind (issue 19, item 4).
--
-- bp.comparison_rank is rebuilt whole by every compute, so what was flagged
-- before a run is gone after it.  The digest (report/digest.c) names the
-- areas that entered or left the nationwide worst decile of an indicator
-- since the previous published run; it needs the flags of that run, so each
-- run copies them here after compute: per gemeente of the monitor, per
-- indicator at its latest period, the flagged areas.
CREATE TABLE bp.run_flag (
    run_id        bigint NOT NULL REFERENCES bp.run ON DELETE CASCADE,
    gemeente_code text   NOT NULL,
    indicator_id  text   NOT NULL,
    area_code     text   NOT NULL,
    period        text   NOT NULL,
    PRIMARY KEY (run_id, gemeente_code, indicator_id, area_code)
);
