#include "db/bulkindex.h"

#include "core/buf.h"
#include "db/pgutil.h"

static bp_rc exec_buf(PGconn *conn, bp_buf *q, bp_error *err)
{
	bp_rc rc = bp_pg_exec(conn, q->data, err);
	bp_buf_reset(q);
	return rc;
}

bp_rc bp_bulk_drop_indexes(PGconn *conn, const bp_bulk_table *t, bp_error *err)
{
	bp_buf q;
	bp_rc rc;
	bp_buf_init(&q);
	/* The key's index may also stand alone: built, not attached (a run
	 * stopped in between). */
	bp_buf_printf(&q, "ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s", t->table, t->key.name);
	if ((rc = exec_buf(conn, &q, err)))
		goto out;
	bp_buf_printf(&q, "DROP INDEX IF EXISTS bp.%s", t->key.name);
	for (size_t i = 0; i < t->n_indexes; i++)
		bp_buf_printf(&q, ", bp.%s", t->indexes[i].name);
	rc = exec_buf(conn, &q, err);
out:
	bp_buf_release(&q);
	return rc;
}

/* Build index i of t (-1: the key's unique index) when it is missing. */
static bp_rc build_one(PGconn *conn, const bp_bulk_table *t, int i, bp_error *err)
{
	bp_buf q;
	bp_buf_init(&q);
	if (i < 0)
		bp_buf_printf(&q, "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s)", t->key.name, t->table, t->key.columns);
	else
		bp_buf_printf(&q, "CREATE INDEX IF NOT EXISTS %s ON %s (%s)", t->indexes[i].name, t->table,
		              t->indexes[i].columns);
	bp_rc rc = bp_pg_exec(conn, q.data, err);
	bp_buf_release(&q);
	return rc;
}

/* 256 MB: each build sorts in memory (75 MB for 440,000 values). */
static const char memory_sql[] = "SET LOCAL maintenance_work_mem = '256MB'";

bp_rc bp_bulk_build_indexes_here(PGconn *conn, const bp_bulk_table *t, bp_error *err)
{
	bp_rc rc = bp_pg_exec(conn, memory_sql, err);
	for (int i = -1; rc == BP_OK && i < (int)t->n_indexes; i++)
		rc = build_one(conn, t, i, err);
	return rc;
}

bp_rc bp_bulk_build_index(PGconn *conn, const bp_bulk_table *t, int i, bp_error *err)
{
	bp_rc rc;
	if ((rc = bp_pg_exec(conn, "BEGIN", err)) ||
	    (rc = bp_pg_exec(conn, memory_sql, err)) ||
	    (rc = build_one(conn, t, i, err)) ||
	    (rc = bp_pg_exec(conn, "COMMIT", err)))
		bp_pg_rollback(conn);
	return rc;
}

bp_rc bp_bulk_build_indexes(PGconn *conn, const bp_bulk_table *t, bp_error *err)
{
	bp_rc rc;
	if ((rc = bp_pg_exec(conn, "BEGIN", err)) ||
	    (rc = bp_bulk_build_indexes_here(conn, t, err)) ||
	    (rc = bp_pg_exec(conn, "COMMIT", err)))
		bp_pg_rollback(conn);
	return rc;
}

bp_rc bp_bulk_attach_key(PGconn *conn, const bp_bulk_table *t, bp_error *err)
{
	bp_buf q;
	bp_buf_init(&q);
	bp_buf_printf(&q, "DO $$ BEGIN "
	                  "IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '%s'::regclass AND conname = '%s') "
	                  "THEN ALTER TABLE %s ADD CONSTRAINT %s PRIMARY KEY USING INDEX %s; END IF; END $$",
	              t->table, t->key.name, t->table, t->key.name, t->key.name);
	bp_rc rc = exec_buf(conn, &q, err);
	bp_buf_release(&q);
	return rc;
}

bp_rc bp_bulk_restore_indexes(PGconn *conn, const bp_bulk_table *t, bp_error *err)
{
	bp_rc rc = bp_bulk_build_indexes(conn, t, err);
	return rc ? rc : bp_bulk_attach_key(conn, t, err);
}

void bp_bulk_restore_after(PGconn *conn, const bp_bulk_table *t, bp_rc *rc, bp_error *err)
{
	bp_error scratch = { 0 };
	bp_rc r = bp_bulk_restore_indexes(conn, t, *rc ? &scratch : err);
	if (*rc == BP_OK)
		*rc = r;
}
