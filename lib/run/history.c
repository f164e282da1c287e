#include "run/history.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "db/pgutil.h"
#include "engine/compare.h"

/* The two-key form of the advisory lock: its space is apart from the one-key
 * locks of migrate and compute, so no hash of a name can collide with them. */
#define RUN_LOCK_CLASS "1651535221"
#define RUN_LOCK "pg_try_advisory_lock(" RUN_LOCK_CLASS ", hashtext($1))"

static bp_rc refuse_busy(bp_run_history *h, const char *monitor, bp_error *err)
{
	PGresult *r = NULL;
	const char *p[] = { monitor };
	bp_fail(err, BP_ERR_DB, "another run of monitor '%s' is in progress", monitor);
	/* The other run's own row, for the person who wonders which one. */
	if (!bp_pg_query(h->conn,
	                 "SELECT id, to_char(started_at, 'YYYY-MM-DD HH24:MI:SS'), pid FROM bp.run "
	                 " WHERE monitor = $1 AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1",
	                 1, p, &r, &(bp_error){ 0 }) && PQntuples(r) == 1)
		bp_error_detail(err, "run %s started at %s by process %s", PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1),
		                PQgetvalue(r, 0, 2));
	bp_error_hint(err, "wait until it ends (buurtpeil runs --last 1 shows it); a run that crashed does not "
	                   "hold the lock");
	PQclear(r);
	return BP_ERR_DB;
}

bp_rc bp_run_history_open(const bp_db *db, const char *monitor, const char *config_path, bp_run_history *h,
                          bp_error *err)
{
	memset(h, 0, sizeof(*h));
	PGresult *r = NULL;
	const char *p[] = { monitor };
	bp_rc rc = bp_db_connect(db, &h->conn, err);
	if (rc)
		return rc;
	if ((rc = bp_pg_query(h->conn, "SELECT " RUN_LOCK, 1, p, &r, err)))
		goto fail;
	if (strcmp(PQgetvalue(r, 0, 0), "t") != 0) {
		rc = refuse_busy(h, monitor, err);
		goto fail;
	}
	PQclear(r);
	r = NULL;
	char pid[32];
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	const char *ins[] = { monitor, config_path, pid };
	if ((rc = bp_pg_query(h->conn, "INSERT INTO bp.run (monitor, config_path, pid) VALUES ($1, $2, $3) RETURNING id",
	                      3, ins, &r, err)) ||
	    (rc = bp_pg_long(r, 0, 0, &h->run_id, err)))
		goto fail;
	PQclear(r);
	return BP_OK;
fail:
	PQclear(r);
	bp_run_history_close(h);
	return rc;
}

bp_rc bp_run_history_step(bp_run_history *h, const char *stage, double seconds, const char *summary,
                          bp_error *err)
{
	char id[32], seq[16], sec[32];
	snprintf(id, sizeof(id), "%ld", h->run_id);
	snprintf(seq, sizeof(seq), "%d", ++h->seq_step);
	snprintf(sec, sizeof(sec), "%.3f", seconds);
	const char *p[] = { id, seq, stage, sec, summary ? summary : "" };
	return bp_pg_query(h->conn, "INSERT INTO bp.run_step (run_id, seq, stage, seconds, summary) "
	                            "VALUES ($1, $2, $3, $4, $5)", 5, p, NULL, err);
}

bp_rc bp_run_history_source(bp_run_history *h, const char *key, const char *status, long source_id,
                            const char *error, bp_error *err)
{
	char id[32], seq[16], src[32];
	snprintf(id, sizeof(id), "%ld", h->run_id);
	snprintf(seq, sizeof(seq), "%d", ++h->seq_source);
	snprintf(src, sizeof(src), "%ld", source_id);
	const char *p[] = { id, seq, key, status, source_id > 0 ? src : NULL, error };
	return bp_pg_query(h->conn, "INSERT INTO bp.run_source (run_id, seq, source_key, status, source_id, error) "
	                            "VALUES ($1, $2, $3, $4, $5, $6)", 6, p, NULL, err);
}

bp_rc bp_run_history_last_good(bp_run_history *h, const char *key, long *source_id, bp_error *err)
{
	PGresult *r = NULL;
	const char *p[] = { key };
	*source_id = 0;
	/* ON DELETE SET NULL: a source removed since leaves NULL, which is "none". */
	bp_rc rc = bp_pg_query(h->conn,
	                       "SELECT source_id FROM bp.run_source WHERE source_key = $1 "
	                       "   AND status IN ('fetched', 'unchanged', 'stale') AND source_id IS NOT NULL "
	                       " ORDER BY attempted_at DESC, run_id DESC LIMIT 1", 1, p, &r, err);
	if (!rc && PQntuples(r) == 1)
		rc = bp_pg_long(r, 0, 0, source_id, err);
	PQclear(r);
	return rc;
}

bp_rc bp_run_history_end(bp_run_history *h, int exit_status, const char *error, bp_error *err)
{
	char id[32], st[16];
	snprintf(id, sizeof(id), "%ld", h->run_id);
	snprintf(st, sizeof(st), "%d", exit_status);
	const char *p[] = { id, st, error };
	return bp_pg_query(h->conn, "UPDATE bp.run SET ended_at = clock_timestamp(), exit_status = $2, error = $3 "
	                            " WHERE id = $1", 3, p, NULL, err);
}

/* The stages and sources of run id, appended to b. */
static bp_rc add_details(PGconn *conn, const char *id, bp_buf *b, bp_error *err)
{
	PGresult *r = NULL;
	const char *p[] = { id };
	bp_rc rc = bp_pg_query(conn, "SELECT stage, to_char(seconds, 'FM99990.0') FROM bp.run_step WHERE run_id = $1 "
	                             " ORDER BY seq", 1, p, &r, err);
	if (rc)
		return rc;
	if (PQntuples(r))
		bp_buf_adds(b, "  stages:");
	for (int i = 0; i < PQntuples(r); i++)
		bp_buf_printf(b, "%s %s %s s", i ? "," : "", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1));
	if (PQntuples(r))
		bp_buf_adds(b, "\n");
	PQclear(r);
	if ((rc = bp_pg_query(conn, "SELECT status, count(*) FROM bp.run_source WHERE run_id = $1 GROUP BY status "
	                            " ORDER BY min(seq)", 1, p, &r, err)))
		return rc;
	if (PQntuples(r))
		bp_buf_adds(b, "  sources:");
	for (int i = 0; i < PQntuples(r); i++)
		bp_buf_printf(b, "%s %s %s", i ? "," : "", PQgetvalue(r, i, 1), PQgetvalue(r, i, 0));
	if (PQntuples(r))
		bp_buf_adds(b, "\n");
	PQclear(r);
	if ((rc = bp_pg_query(conn, "SELECT source_key, status, split_part(error, E'\\n', 1) FROM bp.run_source "
	                            " WHERE run_id = $1 AND status IN ('stale', 'failed') ORDER BY seq", 1, p, &r, err)))
		return rc;
	for (int i = 0; i < PQntuples(r); i++)
		bp_buf_printf(b, "  %s %s: %s\n", PQgetvalue(r, i, 1), PQgetvalue(r, i, 0), PQgetvalue(r, i, 2));
	PQclear(r);
	return BP_OK;
}

bp_rc bp_run_history_text(PGconn *conn, int last, bp_arena *a, const char **out, bp_error *err)
{
	char n[16];
	snprintf(n, sizeof(n), "%d", last);
	const char *p[] = { n };
	PGresult *r = NULL;
	/* A run without an end is still going only while some session holds its monitor's lock. */
	bp_rc rc = bp_pg_query(conn,
		"SELECT r.id, r.monitor, to_char(r.started_at, 'YYYY-MM-DD HH24:MI:SS'), "
		"       to_char(extract(epoch FROM coalesce(r.ended_at, clock_timestamp()) - r.started_at), 'FM999990.0'), "
		"       CASE WHEN r.ended_at IS NOT NULL THEN "
		"              CASE r.exit_status WHEN 0 THEN 'ok (exit 0)' "
		"                                 WHEN 3 THEN 'published with stale sources (exit 3)' "
		"                                 ELSE 'FAILED (exit ' || r.exit_status || ')' END "
		"            WHEN EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted "
		"                            AND l.classid = " RUN_LOCK_CLASS " AND l.objid = hashtext(r.monitor)::oid "
		"                            AND l.objsubid = 2) AND r.id = (SELECT max(id) FROM bp.run x "
		"                                                            WHERE x.monitor = r.monitor) "
		"            THEN 'running' ELSE 'interrupted (no end recorded: killed or crashed)' END, "
		"       split_part(r.error, E'\\n', 1) "
		"  FROM bp.run r ORDER BY r.id DESC LIMIT $1", 1, p, &r, err);
	if (rc)
		return rc;
	bp_buf b;
	bp_buf_init(&b);
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		bp_buf_printf(&b, "run %s  %s  %s  %s s  %s\n", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
		              PQgetvalue(r, i, 2), PQgetvalue(r, i, 3), PQgetvalue(r, i, 4));
		if (*PQgetvalue(r, i, 5))
			bp_buf_printf(&b, "  error: %s\n", PQgetvalue(r, i, 5));
		rc = add_details(conn, PQgetvalue(r, i, 0), &b, err);
	}
	if (!PQntuples(r))
		bp_buf_adds(&b, "no runs recorded yet\n");
	PQclear(r);
	*out = bp_arena_strdup(a, b.data);
	bp_buf_release(&b);
	return rc;
}

void bp_run_history_close(bp_run_history *h)
{
	/* The lock let go before the session ends: PostgreSQL drops a closed session's locks when its backend
	 * has exited, which on a loaded machine came after the next run's try (run/monitor_run's second run
	 * was refused once as "in progress").  Failing here changes nothing: the session's end drops it. */
	if (h->conn) {
		PQclear(PQexec(h->conn, "SELECT pg_advisory_unlock_all()"));
		PQfinish(h->conn);
	}
	h->conn = NULL;
}

bp_rc bp_run_history_flags(bp_run_history *h, const char *const *gemeenten, size_t n, bp_arena *a,
                           bp_error *err)
{
	char id[32];
	snprintf(id, sizeof(id), "%ld", h->run_id);
	/*
	 * A tenth of fewer than BP_COMPARE_MIN_DECILE_AREAS areas is less than
	 * one area (engine/compare.h): the digest lists no "worst tenth" of a
	 * monitor's 2 gemeenten.  The engine stores no flag there; the
	 * condition stays as a guard against ranks stored by another rule.
	 */
	char min[16];
	snprintf(min, sizeof(min), "%d", BP_COMPARE_MIN_DECILE_AREAS);
	const char *p[] = { id, bp_pg_text_array(a, gemeenten, n), min };
	/* The latest period per indicator and gemeente: an older period's flag is history, not news. */
	return bp_pg_query(h->conn,
		"WITH g AS (SELECT c.indicator_id, c.area_code, c.period, c.land_flag, c.land_n, v.gemeente_code "
		"             FROM bp.comparison_rank c "
		"             JOIN bp.indicator_value v USING (indicator_id, area_code, indeling_year, period) "
		"            WHERE v.gemeente_code = ANY($2::text[]) AND c.level <> 'land'), "
		"     latest AS (SELECT indicator_id, gemeente_code, max(period) AS period FROM g GROUP BY 1, 2) "
		"INSERT INTO bp.run_flag (run_id, gemeente_code, indicator_id, area_code, period) "
		"SELECT DISTINCT ON (g.gemeente_code, g.indicator_id, g.area_code) $1::bigint, g.gemeente_code, "
		"       g.indicator_id, g.area_code, g.period "
		"  FROM g JOIN latest l USING (indicator_id, gemeente_code, period) "
		" WHERE g.land_flag AND g.land_n >= $3::int",
		3, p, NULL, err);
}
