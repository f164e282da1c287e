/*
 * workers.h: the pages of a gemeente's areas written by a pool of workers
 * (core/workpool.h), each on a database connection of its own (a PGconn is
 * not for two threads at once): out/'s profile pages and PDFs, the site's
 * area pages (issue 23: publishing over both cores).
 *
 * A job is one area: it reads through the worker's connection, writes files
 * of that area only, and keeps what it adds to shared results (counts, the
 * site's index rows) apart, for done() to add in the areas' order: the same
 * files for any number of workers.  Shared while the workers run, and only
 * read: the scope, the indicators and layout, the options.  lib/render keeps
 * its Pango state and PNG surface per thread; lib/report has no globals
 * written during a run (html.c's stamp is set before; needs_report.c's sort
 * context is per thread).  Checked by tests/run/test_incremental.c (2
 * workers write the tree of 1) and by the sanitized build's report tests;
 * not under ThreadSanitizer, whose GLib and Pango reports are not ours.
 */
#ifndef BP_REPORT_WORKERS_H
#define BP_REPORT_WORKERS_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/error.h"
#include "db/conn.h"

typedef struct bp_report_workers {
	int jobs;    /* <= 1, or connect NULL: the calling thread alone, on its own connection */
	/* A new connection as the caller's (the same database, role and settings). */
	bp_rc (*connect)(void *connect_ctx, PGconn **out, bp_error *err);
	void *connect_ctx;
} bp_report_workers;

/*
 * bp_report_workers.connect for a bp_db (ctx: const bp_db *): a connection
 * as publishing's own from the role switch on, buurtpeil_publish (reads bp
 * only, never microdata) with JIT off, as run, report and publish use.
 */
bp_rc bp_report_workers_connect(void *db, PGconn **out, bp_error *err) BP_MUST_CHECK;

/* Workers on db's connections: jobs of them (<= 0: one per online core). */
bp_report_workers bp_report_workers_for(const bp_db *db, int jobs);

/* Job i of n on conn (the caller's for worker 0, a worker's own otherwise). */
typedef bp_rc (*bp_report_job_fn)(void *ctx, PGconn *conn, size_t i, bp_error *err);

/* Jobs 0..n-1, done(ctx, i) (may be NULL) on the calling thread in order; *used (may be NULL): the workers. */
bp_rc bp_report_workers_run(const bp_report_workers *w, PGconn *conn, size_t n, bp_report_job_fn job,
                            void (*done)(void *ctx, size_t i), void *ctx, int *used, bp_error *err) BP_MUST_CHECK;

/*
 * One job (job(ctx, conn, 0)) beside the caller's work, on a thread and a
 * database connection of its own (core/workpool.h's bp_beside): the needs
 * overview beside a gemeente's PDFs or area pages, the effect reports beside
 * the reports.  With one worker (w NULL, w->jobs <= 1, no connect) the job
 * runs at join, on conn, the caller's: one thing at a time.  Every started
 * job is joined; join returns the job's result.
 */
typedef struct bp_report_beside bp_report_beside;

bp_report_beside *bp_report_beside_start(const bp_report_workers *w, PGconn *conn, bp_report_job_fn job, void *ctx);
bp_rc bp_report_beside_join(bp_report_beside *b, bp_error *err) BP_MUST_CHECK;

#endif
