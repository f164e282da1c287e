-- 019: keys and indexes dropped for a bulk rewrite and not yet built again
-- (lib/db/bulkindex.c).  compute --force drops bp.indicator_value's key and
-- indexes in a transaction of its own and builds them after the last write;
-- a process killed in between left the table without them, and nothing
-- noticed (issue 24).  Each drop now records what it dropped here, in the
-- same transaction, and each build removes its row: whatever is listed was
-- dropped by a run that did not finish, and the next command builds it
-- (bp_bulk_repair) unless a compute holding the bulk lock is still at work.
CREATE TABLE bp.bulk_pending (
    index_name text PRIMARY KEY,      -- unqualified, in schema bp
    table_name text NOT NULL,         -- bp.indicator_value
    columns    text NOT NULL,         -- as CREATE INDEX takes them
    is_key     boolean NOT NULL,      -- the primary key's unique index: attached as the key once built
    dropped_at timestamptz NOT NULL DEFAULT now()
);
