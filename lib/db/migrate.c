#include "db/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "db/migrations.h"
#include "db/pgutil.h"

/* Any constant will do, as long as only migrate uses it. */
#define MIGRATE_LOCK_KEY "727100142"

static const char bootstrap_sql[] =
	"CREATE SCHEMA IF NOT EXISTS bp;"
	"CREATE TABLE IF NOT EXISTS bp.schema_migration ("
	"  version    integer PRIMARY KEY,"
	"  name       text NOT NULL,"
	"  checksum   text NOT NULL,"
	"  applied_at timestamptz NOT NULL DEFAULT now())";

/* Turn the server's 1-based character position into a line and column of the file. */
static void position_to_line(const char *sql, long pos, long *line, long *col)
{
	*line = 1;
	*col = 1;
	for (long i = 0; sql[i] && i < pos - 1; i++) {
		if (sql[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)sql[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static bp_rc apply_one(PGconn *conn, const bp_migration *m, const char *sum, bp_error *err)
{
	char file[256];
	snprintf(file, sizeof(file), "sql/%03d_%s.sql", m->version, m->name);
	bp_rc rc = bp_pg_exec(conn, "BEGIN", err);
	if (rc)
		return rc;
	PGresult *r = PQexec(conn, m->sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
		const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
		long line = 0, col = 0;
		if (pos)
			position_to_line(m->sql, atol(pos), &line, &col);
		bp_pg_fail(err, conn, r, "migration failed");
		bp_error_at(err, file, line, col);
		PQclear(r);
		bp_pg_rollback(conn);
		return BP_ERR_DB;
	}
	PQclear(r);
	char version[16];
	snprintf(version, sizeof(version), "%d", m->version);
	const char *params[] = { version, m->name, sum };
	rc = bp_pg_query(conn, "INSERT INTO bp.schema_migration (version, name, checksum) VALUES ($1, $2, $3)",
	                 3, params, NULL, err);
	if (rc == BP_OK)
		rc = bp_pg_exec(conn, "COMMIT", err);
	if (rc)
		bp_pg_rollback(conn);
	return rc;
}

bp_rc bp_migrate(PGconn *conn, int *applied, bp_error *err)
{
	PGresult *done = NULL;
	int n_applied = 0;
	bp_rc rc = bp_pg_exec(conn, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")", err);
	if (rc)
		return rc;
	rc = bp_pg_exec(conn, bootstrap_sql, err);
	if (rc)
		goto out;
	rc = bp_pg_query(conn, "SELECT version, name, checksum FROM bp.schema_migration ORDER BY version",
	                 0, NULL, &done, err);
	if (rc)
		goto out;

	for (size_t i = 0; i < bp_n_migrations; i++) {
		const bp_migration *m = &bp_migrations[i];
		char sum[65];
		bp_sha256_hex(m->sql, strlen(m->sql), sum);
		const char *recorded = NULL;
		for (int row = 0; row < PQntuples(done); row++) {
			int version;
			if ((rc = bp_pg_int(done, row, 0, &version, err)))
				goto out;
			if (version == m->version)
				recorded = PQgetvalue(done, row, 2);
		}
		if (recorded) {
			if (strcmp(recorded, sum) != 0) {
				char file[256];
				snprintf(file, sizeof(file), "sql/%03d_%s.sql", m->version, m->name);
				bp_error_at(err, file, 0, 0);
				rc = bp_fail(err, BP_ERR_DB, "migration %03d was changed after it was applied to this database", m->version);
				bp_error_hint(err, "never edit a shipped migration: restore it and put the change in a new sql/NNN_name.sql");
				goto out;
			}
			continue;
		}
		rc = apply_one(conn, m, sum, err);
		if (rc)
			goto out;
		n_applied++;
	}
	/* A database migrated by a newer buurtpeil has versions we do not know. */
	for (int row = 0; row < PQntuples(done); row++) {
		int version;
		if ((rc = bp_pg_int(done, row, 0, &version, err)))
			goto out;
		if (version < 0 || (size_t)version > bp_n_migrations) {
			rc = bp_fail(err, BP_ERR_DB, "the database has schema version %s, newer than this buurtpeil knows (%zu)",
			             PQgetvalue(done, row, 0), bp_n_migrations);
			bp_error_hint(err, "use the buurtpeil release that migrated it, or a newer one");
			goto out;
		}
	}
out:
	PQclear(done);
	PQclear(PQexec(conn, "SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")"));
	if (applied)
		*applied = n_applied;
	return rc;
}

bp_rc bp_migrate_version(PGconn *conn, int *version, bp_error *err)
{
	PGresult *r = NULL;
	*version = 0;
	/* Two statements: the second would not even parse without the table. */
	bp_rc rc = bp_pg_query(conn, "SELECT to_regclass('bp.schema_migration') IS NOT NULL",
	                       0, NULL, &r, err);
	if (rc)
		return rc;
	int exists = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	if (!exists)
		return BP_OK;
	rc = bp_pg_query(conn, "SELECT coalesce(max(version), 0) FROM bp.schema_migration", 0, NULL, &r, err);
	if (rc)
		return rc;
	rc = bp_pg_int(r, 0, 0, version, err);
	PQclear(r);
	return rc;
}
