-- 035: compute's ANALYZE of the tables it rebuilds skips the columns no
-- reader's plan can use.
--
-- compute ANALYZEs bp.indicator_value, bp.comparison_rank and
-- bp.similar_area after every rebuild (sql/033), 0.5-0.65 s of server CPU
-- for all of Nederland, a statistic per column; the columns below were
-- 0.06-0.08 s of it (bench/RESULTS.md).  The planner uses a column's
-- statistics only where a statement filters, joins or groups on it; the
-- columns below are only ever selected, or read inside a CASE or an
-- expression of the output (lib/engine, lib/report, lib/api, lib/run and
-- the views of sql/014, sql/021 and sql/027 checked; the main readers'
-- plans are the same without them, bench/RESULTS.md).  A column a reader
-- starts filtering on needs its statistics back:
-- ALTER COLUMN ... SET STATISTICS -1.
--
-- Kept: every key and indexed column, and those readers filter on: value,
-- status, estimate, synthetic, survey_result, numerator, denominator and
-- n_unweighted of the values; level, the three n, the two percentiles and
-- flags and prev_period of the ranks (the comparison views' WHERE and
-- worst-decile filters); similar_code and level of the similar areas.
-- composite_score keeps its other columns: the view bp.composite_rank_range
-- groups by rank_low, rank_high and note (sql/031), and its ANALYZE is
-- small since sql/033.
ALTER TABLE bp.indicator_value
    ALTER COLUMN sum_w SET STATISTICS 0,
    ALTER COLUMN sum_w2 SET STATISTICS 0,
    ALTER COLUMN ci_low SET STATISTICS 0,
    ALTER COLUMN ci_high SET STATISTICS 0,
    ALTER COLUMN coverage SET STATISTICS 0,
    ALTER COLUMN suppressed_reason SET STATISTICS 0,
    ALTER COLUMN definition_hash SET STATISTICS 0;

ALTER TABLE bp.comparison_rank
    ALTER COLUMN land_z SET STATISTICS 0,
    ALTER COLUMN gemeente_z SET STATISTICS 0,
    ALTER COLUMN change_z SET STATISTICS 0,
    ALTER COLUMN similar_z SET STATISTICS 0,
    ALTER COLUMN similar_ref SET STATISTICS 0,
    ALTER COLUMN similar_method SET STATISTICS 0;

ALTER TABLE bp.similar_area
    ALTER COLUMN distance SET STATISTICS 0,
    ALTER COLUMN n_variables SET STATISTICS 0;
