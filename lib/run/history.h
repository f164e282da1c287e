/*
 * history.h: the record of each `buurtpeil run` in the database (sql/022)
 * and the lock that keeps two runs of one monitor apart.
 *
 * A bp_run_history owns a connection of its own: the run's session switches
 * to buurtpeil_publish, which may not write, and an importer's failed
 * transaction must not take the record with it.  Every row is committed as
 * it is written, so a run killed at any point leaves what it did so far and
 * a row without an end ("afgebroken").
 *
 * The lock is a session advisory lock on that connection, keyed by the
 * monitor's name: PostgreSQL drops it when the session ends, however the
 * process ended, so a crashed run never leaves it behind.
 */
#ifndef BP_RUN_HISTORY_H
#define BP_RUN_HISTORY_H

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"
#include "db/conn.h"

typedef struct bp_run_history {
	PGconn *conn;      /* owned; NULL after bp_run_history_close */
	long run_id;
	int seq_step, seq_source;
} bp_run_history;

/*
 * Connect, take the monitor's lock and insert the run.  A second run of the
 * same monitor while one holds the lock is BP_ERR_DB "another run of
 * monitor 'X' is in progress" with the other's run id, start and process.
 * On failure nothing is held and h->conn is NULL.
 */
bp_rc bp_run_history_open(const bp_db *db, const char *monitor, const char *config_path, bp_run_history *h,
                          bp_error *err) BP_MUST_CHECK;

/* One stage done, with its duration and its lines joined ("; "). */
bp_rc bp_run_history_step(bp_run_history *h, const char *stage, double seconds, const char *summary,
                          bp_error *err) BP_MUST_CHECK;

/* One source attempted: status "fetched", "unchanged", "stale" or "failed"; source_id 0 for none;
 * error NULL unless it failed. */
bp_rc bp_run_history_source(bp_run_history *h, const char *key, const char *status, long source_id,
                            const char *error, bp_error *err) BP_MUST_CHECK;

/*
 * The bp.source the newest successful attempt of that source key loaded or
 * found, if it still exists; 0 when none did (the source was never loaded
 * by a run).
 */
bp_rc bp_run_history_last_good(bp_run_history *h, const char *key, long *source_id, bp_error *err) BP_MUST_CHECK;

/* After compute: the areas of the gemeenten flagged in the nationwide worst decile of an
 * indicator at its latest period, kept in bp.run_flag for the next run's digest. */
bp_rc bp_run_history_flags(bp_run_history *h, const char *const *gemeenten, size_t n, bp_arena *a,
                           bp_error *err) BP_MUST_CHECK;

/* The end: exit status (0, 3, 1) and the error text (NULL when none). */
bp_rc bp_run_history_end(bp_run_history *h, int exit_status, const char *error, bp_error *err) BP_MUST_CHECK;

/*
 * The last `last` runs (all monitors), newest first, as text for `buurtpeil
 * runs`: per run its id, monitor, start, duration and outcome, its stages
 * with their durations, and each source that was stale or failed with the
 * error's first line.  A run without an end is "running" while its lock is
 * held, else "interrupted" (killed or crashed).  *out lives in a.
 */
bp_rc bp_run_history_text(PGconn *conn, int last, bp_arena *a, const char **out, bp_error *err) BP_MUST_CHECK;

/* Close the connection, which releases the lock. */
void bp_run_history_close(bp_run_history *h);

#endif
