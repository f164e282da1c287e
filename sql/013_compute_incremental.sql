-- 013_compute_incremental: what bp.indicator_comparison was last built
-- from, so that `buurtpeil compute` with nothing changed skips the
-- comparison (lib/engine/compare.c).  The fingerprint hashes every
-- indicator's and composite's definition hash, inputs fingerprint and
-- computed_at (compute and composite.c set computed_at only when they
-- rewrite the values), the similar areas' basis and the custom references.
CREATE TABLE bp.comparison_basis (
    id           integer PRIMARY KEY CHECK (id = 1),
    fingerprint  text    NOT NULL,
    n_rows       bigint  NOT NULL,             -- comparisons written, and of those ...
    n_flagged    bigint  NOT NULL,             -- ... land rows in the worst decile
    built_at     timestamptz NOT NULL DEFAULT now()
);

-- Comparisons are derived data, rebuilt from the values whenever those
-- change: UNLOGGED spares the write-ahead log for the 1.5 million rows
-- (and their index builds) of all of Nederland.  After a crash PostgreSQL
-- empties unlogged tables; the basis is unlogged as well, so it is emptied
-- with them and the next compute builds the comparisons again.
ALTER TABLE bp.indicator_comparison SET UNLOGGED;
ALTER TABLE bp.comparison_basis SET UNLOGGED;

-- The same for the composites' ranks under every weighting (570,000 rows
-- for all of Nederland): composite.c computes a composite again when its
-- ranks are missing, so a crash costs a recomputation, never stale ranks.
ALTER TABLE bp.composite_rank SET UNLOGGED;
