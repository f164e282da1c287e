-- 033: autovacuum leaves the tables compute rebuilds to compute.
--
-- compute writes bp.indicator_value, bp.comparison_rank, bp.composite_score
-- and bp.similar_area as bulk inserts (all of them after a TRUNCATE with
-- --force) and ANALYZEs each of them itself once it is written, so readers
-- plan on fresh statistics the moment compute is done.  What autovacuum
-- then did on its own after every compute --force (all of Nederland, ~1 s
-- of CPU in its logs, more on its worker processes, bench/RESULTS.md): an
-- insert-triggered VACUUM of each table, which only sets hint and
-- visibility bits on rows nobody has deleted (readers set the hint bits as
-- they go; an index-only scan, should a plan choose one, visits the heap as
-- an index scan does until a vacuum has run), and an ANALYZE of the two
-- tables compute did not analyse then.
--
-- So: no insert-triggered vacuum of these four tables.  A vacuum for dead
-- rows (an incremental compute DELETEs one indicator's or composite's rows
-- and writes them again) and the anti-wraparound vacuum stay as they were,
-- and so does autoanalyze (after compute's own ANALYZE it mostly finds
-- nothing to do).
ALTER TABLE bp.indicator_value SET (autovacuum_vacuum_insert_threshold = -1);
ALTER TABLE bp.comparison_rank SET (autovacuum_vacuum_insert_threshold = -1);
ALTER TABLE bp.composite_score SET (autovacuum_vacuum_insert_threshold = -1);
ALTER TABLE bp.similar_area SET (autovacuum_vacuum_insert_threshold = -1);

-- composite_score's per-scheme arrays are read only through unnest (the
-- views bp.composite_rank and bp.composite_rank_range): no query filters on
-- the arrays themselves, the only use the planner has for an array column's
-- statistics (element frequencies for @>, && and = ANY).  Their statistics
-- were about half the cost of analysing the table (all of Nederland:
-- 0.58 s with them, 0.28 s without); every other column keeps the default
-- target.
ALTER TABLE bp.composite_score
    ALTER COLUMN scheme SET STATISTICS 0,
    ALTER COLUMN value SET STATISTICS 0,
    ALTER COLUMN rank SET STATISTICS 0,
    ALTER COLUMN n_ranked SET STATISTICS 0;
