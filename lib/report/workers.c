#include "report/workers.h"

#include <stdlib.h>

#include "core/workpool.h"
#include "db/pgutil.h"

typedef struct run_ctx {
	const bp_report_workers *w;
	bp_report_job_fn job;
	void (*done)(void *ctx, size_t i);
	void *ctx;
} run_ctx;

static bp_rc begin(void *ctx, int w, void **wctx, bp_error *err)
{
	(void)w;
	run_ctx *r = ctx;
	PGconn *conn = NULL;
	bp_rc rc = r->w->connect(r->w->connect_ctx, &conn, err);
	*wctx = conn;
	return rc;
}

static bp_rc job(void *ctx, void *wctx, size_t i, bp_error *err)
{
	run_ctx *r = ctx;
	return r->job(r->ctx, wctx, i, err);
}

static void end(void *ctx, int w, void *wctx)
{
	(void)ctx, (void)w;
	PQfinish(wctx);
}

static void done(void *ctx, size_t i)
{
	run_ctx *r = ctx;
	if (r->done)
		r->done(r->ctx, i);
}

bp_rc bp_report_workers_run(const bp_report_workers *w, PGconn *conn, size_t n, bp_report_job_fn fn,
                            void (*done_fn)(void *ctx, size_t i), void *ctx, int *used, bp_error *err)
{
	static const bp_workpool_ops ops = { begin, job, end, done };
	run_ctx r = { w, fn, done_fn, ctx };
	int jobs = w && w->connect ? w->jobs : 1;
	return bp_workpool_run(n, jobs, &ops, &r, conn, used, err);
}

bp_rc bp_report_workers_connect(void *ctx, PGconn **out, bp_error *err)
{
	const bp_db *db = ctx;
	PGconn *conn = NULL;
	bp_rc rc = bp_db_connect(db, &conn, err);
	/* Many short reads whose estimated cost passes jit_above_cost: no JIT (run/monitor_run.c says why). */
	if (rc == BP_OK && ((rc = bp_db_publish_role(conn, err)) || (rc = bp_pg_exec(conn, "SET jit = off", err)))) {
		PQfinish(conn);
		conn = NULL;
	}
	*out = conn;
	return rc;
}

bp_report_workers bp_report_workers_for(const bp_db *db, int jobs)
{
	return (bp_report_workers){ jobs > 0 ? jobs : bp_workpool_default_workers(), bp_report_workers_connect,
	                            (void *)db };
}

struct bp_report_beside {
	const bp_report_workers *w;
	PGconn *conn;              /* the caller's, for a job run at join */
	bp_report_job_fn job;
	void *ctx;
	bp_beside *thread;         /* NULL: the job runs at join */
};

static bp_rc beside_run(void *ctx, bp_error *err)
{
	bp_report_beside *b = ctx;
	PGconn *conn = NULL;
	bp_rc rc = b->w->connect(b->w->connect_ctx, &conn, err);
	if (rc == BP_OK)
		rc = b->job(b->ctx, conn, 0, err);
	PQfinish(conn);
	return rc;
}

bp_report_beside *bp_report_beside_start(const bp_report_workers *w, PGconn *conn, bp_report_job_fn fn, void *ctx)
{
	bp_report_beside *b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;   /* join runs nothing: the caller's job is lost, so it is told (see join) */
	*b = (bp_report_beside){ w, conn, fn, ctx, NULL };
	if (w && w->connect && w->jobs > 1)
		b->thread = bp_beside_start(beside_run, b);
	return b;
}

bp_rc bp_report_beside_join(bp_report_beside *b, bp_error *err)
{
	if (!b)
		return bp_fail(err, BP_ERR_IO, "out of memory for a job beside the others");
	bp_rc rc = b->thread ? bp_beside_join(b->thread, err) : b->job(b->ctx, b->conn, 0, err);
	free(b);
	return rc;
}
