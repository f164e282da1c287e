/*
 * Tests for core/workpool: every job done once, done() in job order on the
 * calling thread whatever order the workers finish in, each worker with its
 * own context, the lowest failing job's error, and no threads for one worker.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "core/workpool.h"

#define N 200

typedef struct pool_test {
	int runs[N];          /* how often each job ran (atomically) */
	int worker_of[N];     /* the worker context's number that ran it */
	size_t order[N];      /* done()'s calls in turn */
	size_t n_done;
	GThread *caller;
	int done_elsewhere;   /* done() called on another thread */
	int begun, ended;     /* worker contexts made and ended (atomically) */
	size_t fail_at[2];    /* jobs that fail (N: none) */
} pool_test;

static int ctx0 = 0;   /* the caller's context: worker 0 */
static int ctxs[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static bp_rc begin(void *ctx, int w, void **wctx, bp_error *err)
{
	(void)err;
	pool_test *t = ctx;
	g_atomic_int_inc(&t->begun);
	*wctx = &ctxs[w - 1];
	return BP_OK;
}

static bp_rc job(void *ctx, void *wctx, size_t i, bp_error *err)
{
	pool_test *t = ctx;
	g_atomic_int_inc(&t->runs[i]);
	t->worker_of[i] = *(int *)wctx;
	/* Later jobs quicker than earlier ones in turn, so that they finish out of order. */
	g_usleep((gulong)((N - i) % 7) * 200);
	if (i == t->fail_at[0] || i == t->fail_at[1])
		return bp_fail(err, BP_ERR_IO, "job %zu failed", i);
	return BP_OK;
}

static void end(void *ctx, int w, void *wctx)
{
	(void)w, (void)wctx;
	pool_test *t = ctx;
	g_atomic_int_inc(&t->ended);
}

static void done(void *ctx, size_t i)
{
	pool_test *t = ctx;
	if (g_thread_self() != t->caller)
		t->done_elsewhere = 1;
	t->order[t->n_done++] = i;
}

static const bp_workpool_ops ops = { begin, job, end, done };

static pool_test *fresh(void)
{
	pool_test *t = g_new0(pool_test, 1);
	t->caller = g_thread_self();
	t->fail_at[0] = t->fail_at[1] = N;
	return t;
}

static void test_all_in_order(void **state)
{
	(void)state;
	pool_test *t = fresh();
	bp_error err = { 0 };
	int used = 0;
	assert_int_equal(bp_workpool_run(N, 3, &ops, t, &ctx0, &used, &err), BP_OK);
	assert_int_equal(used, 3);
	assert_int_equal(t->begun, 2);   /* the caller is worker 0 with its own context */
	assert_int_equal(t->ended, 2);
	assert_int_equal(t->n_done, N);
	assert_false(t->done_elsewhere);
	int by_other = 0;
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(t->runs[i], 1);
		assert_int_equal(t->order[i], i);
		by_other |= t->worker_of[i] != 0;
	}
	assert_true(by_other);   /* the other workers took jobs */
	g_free(t);
}

static void test_one_worker_no_threads(void **state)
{
	(void)state;
	pool_test *t = fresh();
	bp_error err = { 0 };
	int used = 0;
	assert_int_equal(bp_workpool_run(N, 1, &ops, t, &ctx0, &used, &err), BP_OK);
	assert_int_equal(used, 1);
	assert_int_equal(t->begun, 0);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(t->worker_of[i], 0);
	/* Fewer jobs than workers: no more workers than jobs. */
	pool_test *u = fresh();
	assert_int_equal(bp_workpool_run(2, 8, &ops, u, &ctx0, &used, &err), BP_OK);
	assert_int_equal(used, 2);
	assert_int_equal(u->n_done, 2);
	assert_int_equal(bp_workpool_run(0, 8, &ops, u, &ctx0, &used, &err), BP_OK);
	assert_int_equal(used, 0);
	g_free(t);
	g_free(u);
}

static void test_lowest_failure(void **state)
{
	(void)state;
	pool_test *t = fresh();
	t->fail_at[0] = 41;
	t->fail_at[1] = 40;
	bp_error err = { 0 };
	assert_int_equal(bp_workpool_run(N, 2, &ops, t, &ctx0, NULL, &err), BP_ERR_IO);
	/* Job 40 failed whether or not 41 failed first; done() stopped before it, none ran twice. */
	assert_string_equal(err.message, "job 40 failed");
	assert_int_equal(t->n_done, 40);
	for (size_t i = 0; i < t->n_done; i++)
		assert_int_equal(t->order[i], i);
	for (size_t i = 0; i < N; i++)
		assert_true(t->runs[i] <= 1);
	assert_int_equal(t->ended, t->begun);
	g_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_in_order),
		cmocka_unit_test(test_one_worker_no_threads),
		cmocka_unit_test(test_lowest_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
