#include "db/conn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "db/pgutil.h"

static const char *const libpq_env[] = {
	"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"
};

/* PostgreSQL's NOTICEs (such as "relation already exists, skipping") are
 * chatter for a batch tool: warnings and errors reach us as results. */
static void quiet_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

bp_rc bp_db_resolve(bp_db *db, const bp_db_options *opt, bp_error *err)
{
	memset(db, 0, sizeof(*db));
	/* An empty setting counts as unset, as an empty PGHOST does for libpq. */
	const char *ci = opt && opt->conninfo && *opt->conninfo ? opt->conninfo : NULL;
	const char *from = "--db";
	if (!ci) {
		ci = getenv("DATABASE_URL");
		from = "DATABASE_URL";
		if (ci && !*ci)
			ci = NULL;
	}
	if (!ci) {
		for (size_t i = 0; i < sizeof(libpq_env) / sizeof(*libpq_env); i++) {
			const char *v = getenv(libpq_env[i]);
			if (v && *v) {
				ci = "";
				from = libpq_env[i];
				break;
			}
		}
	}
	if (ci) {
		db->target = BP_DB_CONFIGURED;
		snprintf(db->conninfo, sizeof(db->conninfo), "%s", ci);
		snprintf(db->description, sizeof(db->description), "configured server (from %s)", from);
		return BP_OK;
	}

	bp_arena *a = bp_arena_new();
	const char *state = opt && opt->state_dir && *opt->state_dir
	                    ? opt->state_dir : bp_cluster_default_state_dir(a);
	bp_rc rc = bp_cluster_init(&db->cluster, state, err);
	bp_arena_free(a);
	if (rc)
		return rc;
	db->target = BP_DB_EMBEDDED;
	bp_cluster_conninfo(&db->cluster, NULL, db->conninfo, sizeof(db->conninfo));
	snprintf(db->description, sizeof(db->description), "embedded cluster in %s", db->cluster.state_dir);
	return BP_OK;
}

bp_rc bp_db_open(bp_db *db, const bp_db_options *opt, bp_error *err)
{
	bp_rc rc = bp_db_resolve(db, opt, err);
	if (rc)
		return rc;
	if (db->target == BP_DB_EMBEDDED) {
		rc = bp_cluster_ensure_running(&db->cluster, err);
		if (rc)
			return rc;
	}
	return bp_db_connect(db, &db->conn, err);
}

bp_rc bp_db_connect(const bp_db *db, PGconn **out, bp_error *err)
{
	PGconn *conn = PQconnectdb(db->conninfo);
	*out = NULL;
	if (PQstatus(conn) != CONNECTION_OK) {
		bp_pg_fail(err, conn, NULL, "cannot connect to the database");
		bp_error_detail(err, "%s", db->description);
		if (db->target == BP_DB_CONFIGURED)
			bp_error_hint(err, "check --db, DATABASE_URL or the PG* variables; unset them all to use buurtpeil's own embedded cluster");
		PQfinish(conn);
		return BP_ERR_DB;
	}
	PQsetNoticeProcessor(conn, quiet_notices, NULL);
	bp_rc rc = bp_pg_exec(conn, "SET client_min_messages = warning", err);
	if (rc) {
		PQfinish(conn);
		return rc;
	}
	*out = conn;
	return BP_OK;
}

void bp_db_close(bp_db *db)
{
	if (db->conn)
		PQfinish(db->conn);
	db->conn = NULL;
}

bp_rc bp_db_publish_role(PGconn *conn, bp_error *err)
{
	bp_rc rc = bp_pg_exec(conn, "SET ROLE buurtpeil_publish", err);
	if (rc)
		bp_error_hint(err, "the database user must be a member of buurtpeil_publish: run 'buurtpeil db migrate', "
		                   "or ask the administrator to GRANT buurtpeil_publish TO it");
	return rc;
}
