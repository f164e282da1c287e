/*
 * cluster.h: buurtpeil's private PostgreSQL cluster.
 *
 * With no server configured, buurtpeil keeps a cluster of its own under a
 * state folder:
 *     STATE/pgdata      the cluster (owned by the server's user, 0700)
 *     STATE/run         the Unix socket folder (no TCP: listen_addresses = '')
 *     STATE/log         the server log
 *     STATE/lock        flock(2)ed while the cluster is created, started or stopped
 * PostgreSQL refuses to run as root, so when we are root the server programs
 * run as an unprivileged user (BUURTPEIL_PG_USER, else "postgres", else
 * "nobody"): a forked child drops its privileges before exec.
 * The server keeps running after the command that started it (the next
 * command finds it up); `buurtpeil db stop` stops it.
 */
#ifndef BP_DB_CLUSTER_H
#define BP_DB_CLUSTER_H

#include <sys/types.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/fsutil.h"

#define BP_CLUSTER_DBNAME "buurtpeil"
#define BP_CLUSTER_SUPERUSER "buurtpeil"

typedef struct bp_cluster {
	char state_dir[BP_PATH_MAX];  /* absolute */
	char data_dir[BP_PATH_MAX];
	char socket_dir[BP_PATH_MAX];
	char log_file[BP_PATH_MAX];
	char lock_file[BP_PATH_MAX];
	char bindir[BP_PATH_MAX];     /* holds initdb, pg_ctl, postgres */
	uid_t run_uid;                /* the user the server runs as */
	gid_t run_gid;
	char run_user[64];
} bp_cluster;

typedef enum bp_cluster_state {
	BP_CLUSTER_ABSENT,   /* no cluster created yet */
	BP_CLUSTER_STOPPED,
	BP_CLUSTER_RUNNING
} bp_cluster_state;

/*
 * The state folder when none is given: $BUURTPEIL_STATE, else for root
 * /var/lib/buurtpeil (root's home is closed to the server's user), else
 * $XDG_STATE_HOME/buurtpeil, else ~/.local/state/buurtpeil.
 */
char *bp_cluster_default_state_dir(bp_arena *a);

/*
 * Fill in paths, find the server programs and choose the server's user.
 * Touches nothing on disk.  BP_ERR_MISSING when the programs are absent.
 */
bp_rc bp_cluster_init(bp_cluster *c, const char *state_dir, bp_error *err) BP_MUST_CHECK;

bp_rc bp_cluster_status(bp_cluster *c, bp_cluster_state *out, bp_error *err) BP_MUST_CHECK;

/* Create the cluster if absent and start it if stopped; safe to call from
 * several processes at once (they serialise on STATE/lock). */
bp_rc bp_cluster_ensure_running(bp_cluster *c, bp_error *err) BP_MUST_CHECK;

/*
 * Make the cluster a primary that streaming replicas can follow: create and
 * start it if needed, set wal_level = replica and max_wal_senders (in
 * postgresql.auto.conf, kept across restarts) and restart it when they were
 * not set yet.  A standby is made with pg_basebackup over the socket in
 * STATE/run as the superuser (README.md, operations).  Costs WAL for what
 * wal_level = minimal skipped (bench/RESULTS.md).
 */
bp_rc bp_cluster_make_primary(bp_cluster *c, bp_error *err) BP_MUST_CHECK;

/* Stop a running cluster (fast shutdown); no-op if it is not running. */
bp_rc bp_cluster_stop(bp_cluster *c, bp_error *err) BP_MUST_CHECK;

/* libpq conninfo for the cluster's database (dbname may be NULL = buurtpeil). */
void bp_cluster_conninfo(const bp_cluster *c, const char *dbname, char *buf, size_t size);

#endif
