-- 032: bp.composite_score's index on (gemeente_code, composite_id) goes.  Its
-- readers (a gemeente's scores: lib/run/fingerprint.c, lib/api/queries.c)
-- are served by composite_score_ranking_idx, whose last column is the
-- gemeente: a bitmap scan of that whole small index (all of Nederland:
-- 104,040 scores, 1.5 ms for one gemeente against 1.0 ms with the index),
-- while compute --force spent ~0.1-0.18 s of CPU building it (issue 23,
-- bench/RESULTS.md).  A run that dropped it and did not finish left it in
-- bp.bulk_pending: nothing builds it again.
DROP INDEX IF EXISTS bp.composite_score_gemeente_idx;
DELETE FROM bp.bulk_pending WHERE index_name = 'composite_score_gemeente_idx';
