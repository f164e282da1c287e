#include "core/workpool.h"

#include <glib.h>
#include <stdlib.h>

typedef struct pool {
	GMutex lock;
	GCond cond;              /* a job finished or a worker ended */
	const bp_workpool_ops *ops;
	void *ctx;
	size_t n, next, flushed; /* jobs; the next to hand out; done() called for those before flushed */
	unsigned char *state;    /* per job: 0 not finished, 1 finished, 2 failed */
	int stop;                /* a failure: hand out no more jobs */
	int running;             /* worker threads not yet ended */
	bp_rc rc;
	size_t failed_at;        /* the failed job of rc (n: a worker's begin) */
	bp_error err;
} pool;

/* Keep the failure of the lowest job, so that the error does not depend on the threads' timing. */
static void failed(pool *p, size_t i, bp_rc rc, const bp_error *e)
{
	if (!p->rc || i < p->failed_at) {
		p->rc = rc;
		p->failed_at = i;
		p->err = *e;
	}
	p->stop = 1;
}

/* done() for every finished job in order, without the lock (done may take its time: a terminal line). */
static void flush(pool *p)
{
	for (;;) {
		g_mutex_lock(&p->lock);
		if (p->flushed >= p->n || p->state[p->flushed] != 1) {
			g_mutex_unlock(&p->lock);
			return;
		}
		size_t i = p->flushed++;
		g_mutex_unlock(&p->lock);
		if (p->ops->done)
			p->ops->done(p->ctx, i);
	}
}

/* Take jobs until none is left or one failed; the calling thread (is_main) takes done() after each. */
static void work(pool *p, void *wctx, int is_main)
{
	for (;;) {
		g_mutex_lock(&p->lock);
		if (p->stop || p->next >= p->n) {
			g_mutex_unlock(&p->lock);
			return;
		}
		size_t i = p->next++;
		g_mutex_unlock(&p->lock);
		bp_error e = { 0 };
		bp_rc rc = p->ops->job(p->ctx, wctx, i, &e);
		g_mutex_lock(&p->lock);
		p->state[i] = rc ? 2 : 1;
		if (rc)
			failed(p, i, rc, &e);
		g_cond_broadcast(&p->cond);
		g_mutex_unlock(&p->lock);
		if (is_main)
			flush(p);
	}
}

typedef struct worker {
	pool *p;
	int w;
} worker;

static gpointer worker_main(gpointer arg)
{
	worker *k = arg;
	pool *p = k->p;
	void *wctx = NULL;
	bp_error e = { 0 };
	bp_rc rc = p->ops->begin ? p->ops->begin(p->ctx, k->w, &wctx, &e) : BP_OK;
	if (rc) {
		g_mutex_lock(&p->lock);
		failed(p, p->n, rc, &e);
		g_mutex_unlock(&p->lock);
	} else {
		work(p, wctx, 0);
	}
	if (p->ops->end && !rc)
		p->ops->end(p->ctx, k->w, wctx);
	g_mutex_lock(&p->lock);
	p->running--;
	g_cond_broadcast(&p->cond);
	g_mutex_unlock(&p->lock);
	return NULL;
}

bp_rc bp_workpool_run(size_t n, int workers, const bp_workpool_ops *ops, void *ctx, void *wctx0, int *used,
                      bp_error *err)
{
	if (used)
		*used = n ? 1 : 0;
	if (n == 0)
		return BP_OK;
	pool p = { .ops = ops, .ctx = ctx, .n = n, .failed_at = n };
	p.state = calloc(n, 1);
	if (!p.state)
		return bp_fail(err, BP_ERR_IO, "out of memory for %zu jobs", n);
	g_mutex_init(&p.lock);
	g_cond_init(&p.cond);
	size_t n_threads = workers > 1 ? (size_t)workers - 1 : 0;
	if (n_threads > n - 1)
		n_threads = n - 1;
	worker *ks = calloc(n_threads + 1, sizeof(*ks));
	GThread **ts = calloc(n_threads + 1, sizeof(*ts));
	for (size_t t = 0; ks && ts && t < n_threads; t++) {
		ks[t] = (worker){ &p, (int)t + 1 };
		g_mutex_lock(&p.lock);
		p.running++;
		g_mutex_unlock(&p.lock);
		/* A thread that cannot be made leaves its jobs to the others. */
		ts[t] = g_thread_try_new("bp-worker", worker_main, &ks[t], NULL);
		if (!ts[t]) {
			g_mutex_lock(&p.lock);
			p.running--;
			g_mutex_unlock(&p.lock);
		} else if (used) {
			++*used;
		}
	}
	/* The calling thread works too, taking done() for what is finished after each of its jobs. */
	work(&p, wctx0, 1);
	/* Then waits for the others, taking done() as their jobs finish. */
	for (;;) {
		g_mutex_lock(&p.lock);
		while (p.running > 0 && !(p.flushed < p.n && p.state[p.flushed] == 1))
			g_cond_wait(&p.cond, &p.lock);
		int running = p.running;
		g_mutex_unlock(&p.lock);
		flush(&p);
		if (!running)
			break;
	}
	for (size_t t = 0; ts && t < n_threads; t++)
		if (ts[t])
			g_thread_join(ts[t]);
	bp_rc rc = p.rc;
	if (rc)
		*err = p.err;
	free(ks);
	free(ts);
	free(p.state);
	g_mutex_clear(&p.lock);
	g_cond_clear(&p.cond);
	return rc;
}

int bp_workpool_default_workers(void)
{
	guint n = g_get_num_processors();
	return n > 0 && n < 1024 ? (int)n : 1;
}

struct bp_beside {
	bp_rc (*job)(void *ctx, bp_error *err);
	void *ctx;
	GThread *thread;   /* NULL: join runs the job */
	bp_rc rc;
	bp_error err;
};

static gpointer beside_main(gpointer arg)
{
	bp_beside *b = arg;
	b->rc = b->job(b->ctx, &b->err);
	return NULL;
}

bp_beside *bp_beside_start(bp_rc (*job)(void *ctx, bp_error *err), void *ctx)
{
	bp_beside *b = g_new0(bp_beside, 1);
	b->job = job;
	b->ctx = ctx;
	b->thread = g_thread_try_new("bp-beside", beside_main, b, NULL);
	return b;
}

bp_rc bp_beside_join(bp_beside *b, bp_error *err)
{
	if (b->thread)
		g_thread_join(b->thread);
	else
		beside_main(b);
	bp_rc rc = b->rc;
	if (rc)
		*err = b->err;
	g_free(b);
	return rc;
}
