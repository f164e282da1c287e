/*
 * pipeline.c: the stages of a compute run, on two connections where the
 * work allows it.
 *
 * What reads what: the translation reads the indicator values; the
 * composites read indicator values, native and translated (and not each
 * other's); the comparisons read all native values and the similar areas
 * (as the similar stage of the run wrote them, from memory:
 * bp_similar_pairs); the similar areas read only observations.  PostgreSQL runs a statement on one
 * core, and a machine of this kind has two, so the second connection takes
 * the work that waits for nothing on the first:
 *
 *   conn:    indicators -> translation -> composites 1 ---> comparisons 1 (COPY of both) -(await)- ranks' key,
 *            counts, basis; scores' key and indexes -> keys
 *   helper:  similar areas --(join) composites 2 --> comparisons 2 -(arrive)- values' key, indexes, ANALYZE --(join)
 *
 * Nothing starts before every indicator definition checked out
 * (bp_indicators_prepare).  The comparisons split by indicator (compare.c,
 * bp_compare_split_begin): an indicator's ranks depend on its own values
 * only.  The index builds (after a --force rewrite dropped them, see
 * bulkindex.h) follow them, shared between the connections (compare_job):
 * the values' as soon as the helper's part is in, the comparisons' key once
 * both are (await_part);
 * a CREATE INDEX takes the SHARE lock, which lets the other connection's
 * readers and builds go on.  Attaching the keys needs a moment of ACCESS
 * EXCLUSIVE, so it waits for the end.
 * Measured on all of Nederland: see bench/RESULTS.md (bench/compute.sh).
 */
#include "engine/pipeline.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include "db/bulkindex.h"
#include "db/pgutil.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The helper's work: one thread, its own connection, its own error. */
typedef struct helper_job {
	PGconn *conn;
	const bp_pipeline_input *in;
	bp_similar_result *similar;
	bp_similar_pairs pairs;         /* the similar areas it wrote, for the comparisons (compare.h) */
	bp_composite_set composites;    /* its share of the composites */
	bp_composite_result composite_res;
	bp_compare_split *split;        /* the comparisons in parts */
	bp_compare_result *compare;     /* the run's, filled by bp_compare_split_finish */
	int ranks;              /* the composite scores' key and index to build (compare_job) */
	int values;             /* the values' key and indexes to build, and their ANALYZE (compare_job) */
	int values_done;        /* ... built and analysed */
	int ranks_done;         /* the composite scores' key and index built and analysed */
	pthread_mutex_t mu;     /* arrive(): the helper's part of the comparisons in */
	pthread_cond_t cv;
	int arrived, part_failed;
	double seconds;
	bp_rc rc;
	bp_error err;
} helper_job;

static void *composites_job(void *arg)
{
	helper_job *j = arg;
	j->rc = bp_compute_composite_values(j->conn, &j->composites, j->in->force, &j->composite_res, &j->err);
	if (j->rc == BP_OK)
		j->rc = bp_bulk_flush_counts(j->conn, &j->err);
	return NULL;
}

/* The helper's composites counted in with the run's (its ids after ours, as in the set). */
static void add_composites(bp_composite_result *to, const bp_composite_result *from)
{
	to->computed += from->computed;
	to->values += from->values;
	to->ranks += from->ranks;
	to->simulated += from->simulated;
	to->skipped += from->skipped;
	to->unchanged += from->unchanged;
	for (int i = 0; i < from->n_skipped_ids && to->n_skipped_ids < BP_COMPOSITE_MAX_NOTES; i++)
		to->skipped_ids[to->n_skipped_ids++] = from->skipped_ids[i];
}

static void *similar_job(void *arg)
{
	helper_job *j = arg;
	double t = now_s();
	j->rc = bp_similar_areas_build_keep(j->conn, j->in->similar_k, j->in->force, &j->pairs, j->similar, &j->err);
	j->seconds = now_s() - t;
	return NULL;
}

/* The helper's part of the comparisons is in (whatever its outcome). */
static void arrive(helper_job *j, bp_rc rc)
{
	pthread_mutex_lock(&j->mu);
	j->arrived = 1;
	j->part_failed = rc != BP_OK;
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
}

/* The first connection, done with its part, waits for the helper's; 1 when that went well. */
static int await_part(helper_job *j)
{
	pthread_mutex_lock(&j->mu);
	while (!j->arrived)
		pthread_cond_wait(&j->cv, &j->mu);
	int ok = !j->part_failed;
	pthread_mutex_unlock(&j->mu);
	return ok;
}

/* The values' key and indexes, each in its own transaction. */
static bp_rc values_indexes(PGconn *conn, bp_error *err)
{
	const bp_bulk_table *v = &bp_indicator_value_indexes;
	bp_rc rc = BP_OK;
	for (int i = -1; rc == BP_OK && i < (int)v->n_indexes; i++)
		rc = bp_bulk_build_index(conn, v, i, err);
	return rc;
}

/*
 * The helper, its part of the comparisons handed to the first connection,
 * does not wait for that one's COPY of both parts (all of Nederland: ~0.7 s
 * of one core): the values are final once the composites are in, so it
 * builds their key and indexes and ANALYZEs them (bp_compare_split's
 * values_apart) meanwhile, while the first connection writes the ranks,
 * then builds their key, statistics and basis and the composite scores'
 * key and indexes: ~1.8 s of CPU on each side, where the old order (the
 * helper idle during the COPY, then the ranks' ANALYZE waiting for the
 * values' key build and the values' next index waiting for it, as ANALYZE
 * and CREATE INDEX lock each other out) took ~2.3 s and more.  Without
 * values to build, the helper takes the composite scores' builds.
 */
static void *compare_job(void *arg)
{
	helper_job *j = arg;
	j->rc = bp_compare_part(j->conn, j->split, 1, &j->err);
	arrive(j, j->rc);
	if (j->rc == BP_OK && j->values && (j->rc = values_indexes(j->conn, &j->err)) == BP_OK &&
	    (j->rc = bp_pg_exec(j->conn, "ANALYZE bp.indicator_value", &j->err)) == BP_OK)
		j->values_done = 1;
	if (j->rc == BP_OK && !j->values && j->ranks)
		j->ranks_done = (j->rc = bp_composite_scores_index(j->conn, &j->err)) == BP_OK;
	return NULL;
}

/* Start fn on the helper; 0 when there is none or no thread could start
 * (the caller then does the work itself). */
static int start(PGconn *helper, pthread_t *th, void *(*fn)(void *), helper_job *j)
{
	return helper && pthread_create(th, NULL, fn, j) == 0;
}

/* Wait for the helper; its error becomes the run's unless the run already has one. */
static void finish(pthread_t th, helper_job *j, bp_rc *rc, bp_error *err)
{
	pthread_join(th, NULL);
	if (*rc == BP_OK && j->rc != BP_OK) {
		*rc = j->rc;
		*err = j->err;
	}
}

/*
 * No parallel workers for the run's statements: the run keeps both cores
 * busy with its own two connections, and the workers' start and the
 * tuples they pass on cost CPU besides (all of Nederland: the server's CPU
 * 9.1-9.5 s with them, 8.0-8.2 s without, in the same hour).  Session
 * settings, reset at the end: `run` goes on with the same connection.
 */
static const char no_workers_sql[] =
	"SET max_parallel_workers_per_gather = 0; SET max_parallel_maintenance_workers = 0";
static const char workers_sql[] = "RESET max_parallel_workers_per_gather; RESET max_parallel_maintenance_workers";

static bp_rc pipeline(PGconn *conn, PGconn *helper, const bp_pipeline_input *in, bp_pipeline_result *res,
                      bp_error *err);

bp_rc bp_compute_pipeline(PGconn *conn, PGconn *helper, const bp_pipeline_input *in,
                          bp_pipeline_result *res, bp_error *err)
{
	bp_rc rc = bp_pg_exec(conn, no_workers_sql, err);
	if (rc == BP_OK && helper)
		rc = bp_pg_exec(helper, no_workers_sql, err);
	if (rc == BP_OK)
		rc = pipeline(conn, helper, in, res, err);
	/* After the result that counts; a connection that cannot reset them is closed soon. */
	bp_rc_ignore(bp_pg_exec(conn, workers_sql, NULL));
	if (helper)
		bp_rc_ignore(bp_pg_exec(helper, workers_sql, NULL));
	return rc;
}

static bp_rc pipeline(PGconn *conn, PGconn *helper, const bp_pipeline_input *in, bp_pipeline_result *res,
                      bp_error *err)
{
	helper_job job = { .conn = helper, .in = in, .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };
	pthread_t th;
	bp_rc rc = BP_OK;
	int values_dropped = 0, ranks_dropped = 0, ranks_done = 0, running;
	double t0 = now_s(), t;

	memset(res, 0, sizeof(*res));
	job.similar = &res->similar;

	/*
	 * The bulk lock for the whole run: keys dropped below are this run's to
	 * build, so no other command's bp_bulk_repair touches them; keys that a
	 * killed run left dropped are built first (sql/019).
	 */
	int repaired = 0;
	if ((rc = bp_bulk_lock(conn, err)))
		return rc;
	if ((rc = bp_bulk_repair(conn, 1, &repaired, err))) {
		bp_bulk_unlock(conn);
		return rc;
	}

	/* Every definition checked before anything is rewritten, here or on the helper. */
	t = now_s();
	bp_arena *a = bp_arena_new();
	bp_indicator_batch *batch = NULL;
	rc = bp_indicators_prepare(conn, in->indicators, a, &batch, &res->indicators, err);
	running = rc == BP_OK && start(helper, &th, similar_job, &job);
	res->parallel = running;
	if (rc == BP_OK && in->force && in->indicators->n > 0) {
		rc = bp_indicator_values_prepare_rewrite(conn, err);
		values_dropped = rc == BP_OK;
	}
	/* Their scores are emptied after the indicators (bp_composite_ranks_prepare_rewrite). */
	if (rc == BP_OK && in->force && in->composites->n > 0)
		bp_indicator_batch_composites_follow(batch);
	if (rc == BP_OK)
		rc = bp_indicators_compute(conn, batch, in->force, &res->indicators, err);
	int composites_emptied = rc == BP_OK && bp_indicator_batch_composites_emptied(batch);
	bp_arena_free(a);
	res->s_indicators = now_s() - t;

	/*
	 * The values carried through the crosswalks, before the composites,
	 * which fall back on them where an area has no native value of a
	 * component (composite_calc.c).  After a --force rewrite the values'
	 * key and indexes are dropped here; where there is anything to
	 * translate through they are built first: without them a translation
	 * statement over a national buurt crosswalk ran for minutes in the
	 * compute session (with them about 4 s per indicator at load 12).  The
	 * composites then write into the indexed table, as without --force.
	 */
	t = now_s();
	if (rc == BP_OK && values_dropped) {
		PGresult *x = NULL;
		rc = bp_pg_query(conn, "SELECT EXISTS (SELECT 1 FROM bp.crosswalk) "
		                       "OR EXISTS (SELECT 1 FROM bp.custom_area_overlay)", 0, NULL, &x, err);
		if (rc == BP_OK && PQgetvalue(x, 0, 0)[0] == 't' && (rc = values_indexes(conn, err)) == BP_OK)
			values_dropped = 0;
		PQclear(x);
	}
	if (rc == BP_OK)
		rc = bp_translate_values(conn, in->indicators, &res->translate, err);
	res->s_translate = now_s() - t;

	t = now_s();
	if (rc == BP_OK && in->force && in->composites->n > 0) {
		rc = bp_composite_ranks_prepare_rewrite(conn, err);
		ranks_dropped = rc == BP_OK;
	}
	if (running) {
		finish(th, &job, &rc, err);
		res->s_similar = job.seconds;
	}
	/*
	 * The composites are independent of each other (each its own
	 * transaction and rows): the helper, done with the
	 * similar areas, takes the second half.
	 */
	bp_composite_set mine = *in->composites;
	job.composites.items = mine.items + (mine.n - mine.n / 2);
	job.composites.n = helper ? mine.n / 2 : 0;
	mine.n -= job.composites.n;
	job.composites.values_emptied = composites_emptied;
	running = rc == BP_OK && job.composites.n > 0 && start(helper, &th, composites_job, &job);
	if (!running)
		mine = *in->composites;
	mine.values_emptied = composites_emptied;
	if (rc == BP_OK)
		rc = bp_compute_composite_values(conn, &mine, in->force, &res->composites, err);
	/*
	 * Both sessions' counts of the values and scores they wrote go to the
	 * cumulative statistics now, before the other session ANALYZEs those
	 * tables: a session sends them at most once a second, and counts
	 * arriving after an ANALYZE made autovacuum analyse the whole table
	 * again (bulkindex.h, sql/033).
	 */
	if (rc == BP_OK)
		rc = bp_bulk_flush_counts(conn, err);
	if (running) {
		finish(th, &job, &rc, err);
		add_composites(&res->composites, &job.composite_res);
	}
	res->s_composites = now_s() - t;

	if (!res->parallel && rc == BP_OK) {
		t = now_s();
		rc = bp_similar_areas_build_keep(conn, in->similar_k, in->force, &job.pairs, &res->similar, err);
		res->s_similar = now_s() - t;
	}

	/*
	 * The comparisons in two parts of about equal size, one per connection
	 * (compare.c: an indicator's ranks depend on its own values only); then
	 * the index builds, shared (compare_job).
	 */
	t = now_s();
	bp_compare_split cs;
	int split = 0;
	if (rc == BP_OK && helper) {
		rc = bp_compare_split_begin(conn, in->force, &cs, &res->compare, err);
		split = rc == BP_OK;
	}
	if (split && cs.rebuild) {
		/* The similar areas as the similar stage wrote them (none kept: read back); the run's
		 * bulk lock keeps another compute from rebuilding them meanwhile. */
		cs.pairs = &job.pairs;
		job.split = &cs;
		job.compare = &res->compare;
		job.ranks = ranks_dropped;
		job.values = values_dropped;
		cs.values_apart = values_dropped;
		running = start(helper, &th, compare_job, &job);
		if (!running)
			cs.values_apart = 0;
		/* Without the helper the second part first: the first writes its rows (compare.c). */
		if (!running)
			rc = bp_compare_part(conn, &cs, 1, err);
		if (rc == BP_OK)
			rc = bp_compare_part(conn, &cs, 0, err);
		/* A failed helper part: its error becomes the run's in finish(). */
		int helper_ok = !running || await_part(&job);
		if (rc == BP_OK && helper_ok)
			rc = bp_compare_split_finish(conn, &cs, &res->compare, err);
		if (rc == BP_OK && helper_ok && running && job.values && ranks_dropped)
			ranks_done = (rc = bp_composite_scores_index(conn, err)) == BP_OK;
		if (rc == BP_OK && !running && values_dropped)
			rc = values_indexes(conn, err);
		if (running)
			finish(th, &job, &rc, err);
		/* The helper failed before the values' statistics: the finish left them out. */
		if (running && cs.values_apart && !job.values_done && rc == BP_OK)
			rc = bp_pg_exec(conn, "ANALYZE bp.indicator_value", err);
	}
	if (split)
		rc = bp_compare_split_end(conn, &cs, rc, &res->compare, err);
	else if (rc == BP_OK)
		rc = bp_compare_indicators_changed(conn, in->force, &res->compare, err);
	res->s_compare = now_s() - t;

	/* Whatever the helper did not build (no helper, a failure), and the keys. */
	t = now_s();
	if (values_dropped)
		bp_bulk_restore_after(conn, &bp_indicator_value_indexes, &rc, err);
	if (ranks_dropped && rc == BP_OK && !ranks_done && !job.ranks_done)
		rc = bp_composite_scores_index(conn, err);
	if (ranks_dropped)
		bp_bulk_restore_after(conn, &bp_composite_score_indexes, &rc, err);
	res->s_indexes = now_s() - t;
	res->s_total = now_s() - t0;
	bp_bulk_unlock(conn);
	bp_similar_pairs_free(&job.pairs);
	pthread_mutex_destroy(&job.mu);
	pthread_cond_destroy(&job.cv);
	return rc;
}
