-- 022: the history of `buurtpeil run` (issue 19, items 1 and 3).
--
-- lib/run/history.c writes these rows on a connection of its own while the
-- run goes on, each statement committed at once: a run killed with -9
-- leaves its row without ended_at (shown as "afgebroken" by `buurtpeil
-- runs`), never a run that seems to have succeeded.  The lock against two
-- runs of one monitor is an advisory lock on that connection, not a row
-- here, so a crashed run cannot leave it behind.
CREATE TABLE bp.run (
    id          bigserial PRIMARY KEY,
    monitor     text        NOT NULL,          -- the configuration's name:
    config_path text        NOT NULL,
    pid         int         NOT NULL,          -- the buurtpeil process, for the message that refuses a second run
    started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    ended_at    timestamptz,                   -- NULL: still going, or killed
    exit_status int,                           -- 0 fresh, 3 published with stale sources, 1 failed
    error       text
);
CREATE INDEX run_monitor_idx ON bp.run (monitor, started_at);

-- One row per stage carried out (sources, areas, compute, reports, ...).
CREATE TABLE bp.run_step (
    run_id      bigint      NOT NULL REFERENCES bp.run ON DELETE CASCADE,
    seq         int         NOT NULL,
    stage       text        NOT NULL,
    seconds     double precision NOT NULL,
    summary     text        NOT NULL,          -- the stage's lines, e.g. "compute: 12 computed, ..."
    PRIMARY KEY (run_id, seq)
);

-- One row per source of the configuration and run.  source_key identifies
-- the configuration's entry across runs ("cbs 50090NED", "statline-csv
-- /path/file.csv"); source_id is the bp.source it loaded or found loaded,
-- and for a stale source the one loaded before, whose figures the reports
-- keep showing.
CREATE TABLE bp.run_source (
    run_id       bigint      NOT NULL REFERENCES bp.run ON DELETE CASCADE,
    seq          int         NOT NULL,
    source_key   text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('fetched', 'unchanged', 'stale', 'failed')),
    source_id    bigint      REFERENCES bp.source ON DELETE SET NULL,
    attempted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    error        text,
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX run_source_key_idx ON bp.run_source (source_key, attempted_at);

-- A date the way the reports write it: "6 december 2026".
CREATE FUNCTION bp.dutch_date(t timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT extract(day FROM t)::int || ' ' ||
           (ARRAY['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus',
                  'september', 'oktober', 'november', 'december'])[extract(month FROM t)::int] || ' ' ||
           extract(year FROM t)::int
$$;

-- The sources whose latest attempt failed while their earlier figures stay
-- in use, with the note every citation of them carries (report/cite.c):
-- "bijgewerkt tot <last success>; de laatste poging op <attempt> mislukte".
-- The last success is the newest attempt of the same entry that fetched or
-- found it unchanged; without one, when the source was retrieved.
CREATE VIEW bp.source_stale AS
WITH latest AS (
    SELECT DISTINCT ON (source_key) source_key, status, source_id, attempted_at
      FROM bp.run_source ORDER BY source_key, attempted_at DESC, run_id DESC
)
SELECT l.source_id, l.attempted_at AS failed_at,
       coalesce(ok.at, s.retrieved_at) AS current_at,
       'bijgewerkt tot ' || bp.dutch_date(coalesce(ok.at, s.retrieved_at)) ||
       '; de laatste poging op ' || bp.dutch_date(l.attempted_at) || ' mislukte' AS note
  FROM latest l
  JOIN bp.source s ON s.id = l.source_id
  LEFT JOIN LATERAL (SELECT max(r.attempted_at) AS at FROM bp.run_source r
                      WHERE r.source_key = l.source_key AND r.status IN ('fetched', 'unchanged')) ok ON true
 WHERE l.status = 'stale';
