#include "db/bulkindex.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/pgutil.h"

/* The bulk lock: held by a run that drops keys (bp_bulk_lock), tried by the
 * repair, so that a repair never builds what a running compute dropped. */
static const char lock_sql[] = "SELECT pg_advisory_lock(hashtextextended('bp.bulk_pending', 0))";
static const char unlock_sql[] = "SELECT pg_advisory_unlock(hashtextextended('bp.bulk_pending', 0))";
static const char try_lock_sql[] = "SELECT pg_try_advisory_lock(hashtextextended('bp.bulk_pending', 0))";

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
	if ((rc = exec_buf(conn, &q, err)))
		goto out;
	/* What was dropped, in the same transaction as the drop (names and
	 * columns are the migrations', compiled in: no user text). */
	bp_buf_printf(&q, "INSERT INTO bp.bulk_pending (index_name, table_name, columns, is_key) VALUES ('%s', '%s', '%s', true)",
	              t->key.name, t->table, t->key.columns);
	for (size_t i = 0; i < t->n_indexes; i++)
		bp_buf_printf(&q, ", ('%s', '%s', '%s', false)", t->indexes[i].name, t->table, t->indexes[i].columns);
	bp_buf_adds(&q, " ON CONFLICT (index_name) DO NOTHING");
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
	bp_rc rc = exec_buf(conn, &q, err);
	/* An index is done when built; the key when attached (bp_bulk_attach_key). */
	if (rc == BP_OK && i >= 0) {
		bp_buf_printf(&q, "DELETE FROM bp.bulk_pending WHERE index_name = '%s'", t->indexes[i].name);
		rc = exec_buf(conn, &q, err);
	}
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

/* pg_stat_force_next_flush (PostgreSQL 15): the counts go when this
 * statement's transaction ends, before the ANALYZE's; an older server sends
 * them as it always did. */
static const char flush_sql[] = "DO $$BEGIN IF current_setting('server_version_num')::int >= 150000 "
                                "THEN PERFORM pg_stat_force_next_flush(); END IF; END$$";

bp_rc bp_bulk_flush_counts(PGconn *conn, bp_error *err)
{
	return bp_pg_exec(conn, flush_sql, err);
}

bp_rc bp_bulk_analyze(PGconn *conn, const char *table, bp_error *err)
{
	bp_rc rc = bp_bulk_flush_counts(conn, err);
	if (rc)
		return rc;
	bp_buf q;
	bp_buf_init(&q);
	bp_buf_printf(&q, "ANALYZE %s", table);
	rc = exec_buf(conn, &q, err);
	bp_buf_release(&q);
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
	if (rc == BP_OK) {
		bp_buf_printf(&q, "DELETE FROM bp.bulk_pending WHERE index_name = '%s'", t->key.name);
		rc = exec_buf(conn, &q, err);
	}
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

bp_rc bp_bulk_lock(PGconn *conn, bp_error *err)
{
	return bp_pg_exec(conn, lock_sql, err);
}

void bp_bulk_unlock(PGconn *conn)
{
	/* On the way out, after the result that counts: a session lock that
	 * cannot be released now is released when the connection closes. */
	bp_rc_ignore(bp_pg_exec(conn, unlock_sql, NULL));
}

/* Every pending index of one table (rows of r with that table_name) built, the key attached. */
static bp_rc repair_table(PGconn *conn, PGresult *r, const char *table, bp_error *err)
{
	bp_bulk_index key = { 0 };
	bp_bulk_index idx[16];
	size_t n = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		if (strcmp(PQgetvalue(r, i, 1), table) != 0)
			continue;
		bp_bulk_index x = { PQgetvalue(r, i, 0), PQgetvalue(r, i, 2) };
		if (PQgetvalue(r, i, 3)[0] == 't')
			key = x;
		else if (n < sizeof(idx) / sizeof(*idx))
			idx[n++] = x;
	}
	bp_bulk_table t = { table, key, idx, n };
	bp_rc rc;
	if ((rc = bp_pg_exec(conn, "BEGIN", err)) || (rc = bp_pg_exec(conn, memory_sql, err)))
		goto out;
	for (int i = key.name ? -1 : 0; rc == BP_OK && i < (int)n; i++)
		rc = build_one(conn, &t, i, err);
	if (rc == BP_OK && key.name)
		rc = bp_bulk_attach_key(conn, &t, err);
	if (rc == BP_OK)
		rc = bp_pg_exec(conn, "COMMIT", err);
out:
	if (rc)
		bp_pg_rollback(conn);
	return rc;
}

bp_rc bp_bulk_repair(PGconn *conn, int held, int *repaired, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc;
	int locked = 0;
	*repaired = 0;
	/* Cheap when nothing is pending: one look at a table that is almost always empty. */
	if ((rc = bp_pg_query(conn, "SELECT index_name, table_name, columns, is_key FROM bp.bulk_pending "
	                            "ORDER BY table_name, is_key DESC, index_name", 0, NULL, &r, err)) ||
	    PQntuples(r) == 0)
		goto out;
	if (!held) {
		PGresult *l = NULL;
		if ((rc = bp_pg_query(conn, try_lock_sql, 0, NULL, &l, err)))
			goto out;
		locked = PQgetvalue(l, 0, 0)[0] == 't';
		PQclear(l);
		if (!locked) /* a compute is at work: it builds them itself */
			goto out;
		/* Read again under the lock: the run that held it may just have finished. */
		PQclear(r);
		r = NULL;
		if ((rc = bp_pg_query(conn, "SELECT index_name, table_name, columns, is_key FROM bp.bulk_pending "
		                            "ORDER BY table_name, is_key DESC, index_name", 0, NULL, &r, err)))
			goto out;
	}
	for (int i = 0; rc == BP_OK && i < PQntuples(r); i++) {
		if (i > 0 && strcmp(PQgetvalue(r, i, 1), PQgetvalue(r, i - 1, 1)) == 0)
			continue;
		if ((rc = repair_table(conn, r, PQgetvalue(r, i, 1), err)) == BP_OK)
			(*repaired)++;
	}
out:
	if (locked)
		bp_bulk_unlock(conn);
	PQclear(r);
	return rc;
}
