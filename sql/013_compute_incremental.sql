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

-- The similar areas' two foreign keys to bp.area checked each of the
-- 170,000 rows of all of Nederland on COPY (a third of the rebuild).
-- similar.c only writes codes it read from bp.area, so the check caught
-- nothing; the cascade stays, as one statement-level trigger (as sql/012
-- did for the comparisons).
DO $$
DECLARE c text;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
              WHERE conrelid = 'bp.similar_area'::regclass AND contype = 'f' LOOP
        EXECUTE format('ALTER TABLE bp.similar_area DROP CONSTRAINT %I', c);
    END LOOP;
END $$;
CREATE FUNCTION bp.area_delete_similar() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM bp.similar_area s USING old_rows o
     WHERE s.area_code = o.code AND s.indeling_year = o.indeling_year;
    DELETE FROM bp.similar_area s USING old_rows o
     WHERE s.similar_code = o.code AND s.indeling_year = o.indeling_year;
    RETURN NULL;
END $$;
CREATE TRIGGER area_delete_similar AFTER DELETE ON bp.area
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION bp.area_delete_similar();
