-- 024_logged_derived: the derived tables become ordinary (logged) tables,
-- so that a streaming replica (hot standby) can read them: PostgreSQL never
-- sends an UNLOGGED table's rows to a standby, where reading one is an
-- error, and `buurtpeil serve` on a standby needs the comparisons (its
-- data version is bp.comparison_basis) and the composites' ranks.
-- The cost is their WAL on a compute that rewrites them (bench/RESULTS.md:
-- 2.9 -> 5.0 MiB per compute --force on the test fixture; its time did not
-- move beyond the noise).
-- A crash no longer empties them; the checks that rebuilt them after one
-- (bp_compare_require_current, composite.c) stay for databases made before.
ALTER TABLE bp.comparison_basis SET LOGGED;
ALTER TABLE bp.comparison_rank SET LOGGED;
ALTER TABLE bp.composite_score SET LOGGED;
