/*
 * conn.h: which database buurtpeil talks to.
 *
 * In order: --db CONNINFO (a libpq conninfo string or URI); DATABASE_URL;
 * the libpq environment (any of PGHOST, PGHOSTADDR, PGPORT, PGDATABASE,
 * PGUSER, PGSERVICE set: connect with libpq's defaults); otherwise the
 * embedded cluster in the state folder, created and started on first use.
 * A configured server is never accompanied by an embedded one.
 */
#ifndef BP_DB_CONN_H
#define BP_DB_CONN_H

#include <libpq-fe.h>

#include "core/error.h"
#include "db/cluster.h"

typedef struct bp_db_options {
	const char *conninfo;   /* --db; NULL when not given */
	const char *state_dir;  /* --state-dir; NULL = bp_cluster_default_state_dir() */
} bp_db_options;

typedef enum bp_db_target {
	BP_DB_CONFIGURED,       /* a server named by --db, DATABASE_URL or PG* */
	BP_DB_EMBEDDED          /* our own cluster */
} bp_db_target;

typedef struct bp_db {
	PGconn *conn;           /* owned; NULL until bp_db_open succeeds */
	bp_db_target target;
	bp_cluster cluster;     /* valid when target is BP_DB_EMBEDDED */
	char conninfo[BP_PATH_MAX + 256];
	char description[BP_PATH_MAX + 64]; /* for messages and `db status` */
} bp_db;

/*
 * Decide the target and fill conninfo and description; for the embedded
 * cluster also bp_cluster_init().  Touches no server and no disk.
 */
bp_rc bp_db_resolve(bp_db *db, const bp_db_options *opt, bp_error *err) BP_MUST_CHECK;

/* Resolve, start the embedded cluster if that is the target, and connect. */
bp_rc bp_db_open(bp_db *db, const bp_db_options *opt, bp_error *err) BP_MUST_CHECK;

/*
 * Another connection to the server bp_db_open connected to (for work in
 * parallel), set up the same way; *out is the caller's to PQfinish.
 */
bp_rc bp_db_connect(const bp_db *db, PGconn **out, bp_error *err) BP_MUST_CHECK;

/*
 * From here on, act as buurtpeil_publish (sql/005): the role of everything
 * that renders or publishes.  It may read bp, not survey_private, so a
 * report can reach survey aggregates but never a respondent's row.  Call it
 * once the session's writes are done (imports and compute run as the
 * connecting user).  A guard against code paths, not against an attacker
 * who controls the session (RESET ROLE undoes it).
 */
bp_rc bp_db_publish_role(PGconn *conn, bp_error *err) BP_MUST_CHECK;

/* Close the connection (the embedded server keeps running). */
void bp_db_close(bp_db *db);

#endif
