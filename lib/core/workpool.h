/*
 * workpool.h: n jobs done by a few worker threads, their results taken in
 * job order (publishing: the site's area pages over both cores, issue 23).
 *
 * Each worker has a context of its own made by begin (a database
 * connection: a PGconn is not shared between threads) and ended by end.
 * The calling thread is worker 0 with the context the caller gives, so one
 * worker (jobs <= 1, or n <= 1) makes no thread at all.  Jobs are handed
 * out in order; done(i) is called on the calling thread for every job in
 * order 0, 1, ... as soon as it and all before it are finished, so whatever
 * done appends (rows of an index, counts, progress) comes out the same for
 * any number of workers: deterministic output is the caller's only when its
 * jobs write disjoint files and share nothing but read-only data.
 *
 * The first failure stops the handing out of jobs; the jobs already running
 * finish, done is not called past the failed job, and the error returned is
 * that of the failed job with the lowest number (or of a worker's begin).
 *
 * Why not GThreadPool: it has no per-thread context and no ordered
 * completion; both are the point here.
 */
#ifndef BP_CORE_WORKPOOL_H
#define BP_CORE_WORKPOOL_H

#include <stddef.h>

#include "core/error.h"

typedef struct bp_workpool_ops {
	/* Make worker w's context (w >= 1; on its own thread).  NULL: workers get the caller's context. */
	bp_rc (*begin)(void *ctx, int w, void **wctx, bp_error *err);
	/* Job i with worker context wctx. */
	bp_rc (*job)(void *ctx, void *wctx, size_t i, bp_error *err);
	/* End worker w's context (on its own thread), also after a failure.  NULL: nothing to end. */
	void (*end)(void *ctx, int w, void *wctx);
	/* Job i finished, in job order, on the calling thread.  NULL: nothing to do. */
	void (*done)(void *ctx, size_t i);
} bp_workpool_ops;

/* Run jobs 0..n-1 with at most workers threads (the caller's included); *used (may be NULL): how many
 * there were (fewer when n is smaller, or a thread could not be made). */
bp_rc bp_workpool_run(size_t n, int workers, const bp_workpool_ops *ops, void *ctx, void *wctx0, int *used,
                      bp_error *err) BP_MUST_CHECK;

/* The default number of workers: the online processors (at least 1). */
int bp_workpool_default_workers(void);

/*
 * One job on a thread of its own beside the caller's work (run: the effect
 * reports beside the gemeenten's pages, which share nothing but read-only
 * data and write other folders).  start never fails: when no thread can be
 * made, join runs the job on the calling thread.  join waits for it and
 * returns its result and error; every started job must be joined.
 */
typedef struct bp_beside bp_beside;

bp_beside *bp_beside_start(bp_rc (*job)(void *ctx, bp_error *err), void *ctx);
bp_rc bp_beside_join(bp_beside *b, bp_error *err) BP_MUST_CHECK;

#endif
