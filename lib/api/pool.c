#include "api/pool.h"

#include <pthread.h>
#include <stdlib.h>

#include "api/queries.h"
#include "db/pgutil.h"

struct bp_api_pool {
	const bp_db *db;
	const char *gemeenten;
	pthread_mutex_t lock;
	pthread_cond_t freed;
	int n;
	PGconn **conns;     /* NULL: not connected (yet, or again after a failure) */
	int *busy;
};

/* The gemeenten a publish publishes (serve --config), as the session's
 * buurtpeil.gemeenten, which the catalogue's statements read (queries.c);
 * unset: every gemeente with values.  A session setting works on a
 * standby, and the set travels as a parameter, never as SQL text. */
static bp_rc published_set(PGconn *c, const char *gemeenten, bp_error *err)
{
	if (!gemeenten)
		return BP_OK;
	const char *p[] = { gemeenten };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(c, "SELECT set_config('buurtpeil.gemeenten', $1, false)", 1, p, &r, err);
	PQclear(r);
	return rc;
}

/* A connection as the API needs it: publishing role, read-only, prepared. */
static bp_rc setup(const bp_db *db, const char *gemeenten, PGconn **out, bp_error *err)
{
	PGconn *c = NULL;
	bp_rc rc = bp_db_connect(db, &c, err);
	if (rc)
		return rc;
	if ((rc = bp_db_publish_role(c, err)) ||
	    (rc = bp_pg_exec(c, "SET default_transaction_read_only = on", err)) ||
	    (rc = bp_pg_exec(c, "SET statement_timeout = '10s'", err)) ||
	    /* A plan per request, for its values of the parameters: the generic
	     * plan of the values statement (optional filters, three lateral
	     * joins into the comparison view's UNION ALL) cannot push an area's
	     * key into the view and hashed all of it per row: 29 s for one
	     * area's profile once RIVM's three periods were loaded, against
	     * 30 ms run + 90 ms planning with the custom plan.  A repeated
	     * answer comes from the cache (cache.c) and plans nothing. */
	    (rc = bp_pg_exec(c, "SET plan_cache_mode = force_custom_plan", err)) ||
	    (rc = bp_api_prepare(c, err)) || (rc = published_set(c, gemeenten, err))) {
		PQfinish(c);
		return rc;
	}
	*out = c;
	return BP_OK;
}

bp_rc bp_api_pool_open(const bp_db *db, const char *gemeenten, int n, bp_api_pool **out, bp_error *err)
{
	bp_api_pool *p = bp_xcalloc(1, sizeof(*p));
	p->db = db;
	p->gemeenten = gemeenten;
	p->n = n;
	p->conns = bp_xcalloc((size_t)n, sizeof(PGconn *));
	p->busy = bp_xcalloc((size_t)n, sizeof(int));
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	/* The first now, so that a wrong server or role fails at start; the
	 * others when load asks for them. */
	bp_rc rc = setup(db, gemeenten, &p->conns[0], err);
	if (rc) {
		bp_api_pool_close(p);
		return rc;
	}
	*out = p;
	return BP_OK;
}

PGconn *bp_api_pool_take(bp_api_pool *p, bp_error *err)
{
	pthread_mutex_lock(&p->lock);
	int slot = -1;
	for (;;) {
		/* A connected free one first, else a free slot to connect. */
		for (int i = 0; i < p->n && slot < 0; i++)
			if (!p->busy[i] && p->conns[i])
				slot = i;
		for (int i = 0; i < p->n && slot < 0; i++)
			if (!p->busy[i])
				slot = i;
		if (slot >= 0)
			break;
		pthread_cond_wait(&p->freed, &p->lock);
	}
	p->busy[slot] = 1;
	PGconn *c = p->conns[slot];
	pthread_mutex_unlock(&p->lock);
	if (!c) {
		/* Connecting outside the lock: others go on meanwhile. */
		if (setup(p->db, p->gemeenten, &c, err)) {
			pthread_mutex_lock(&p->lock);
			p->busy[slot] = 0;
			pthread_cond_signal(&p->freed);
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		pthread_mutex_lock(&p->lock);
		p->conns[slot] = c;
		pthread_mutex_unlock(&p->lock);
	}
	return c;
}

void bp_api_pool_give(bp_api_pool *p, PGconn *conn)
{
	pthread_mutex_lock(&p->lock);
	for (int i = 0; i < p->n; i++) {
		if (p->conns[i] != conn)
			continue;
		if (PQstatus(conn) != CONNECTION_OK || PQtransactionStatus(conn) != PQTRANS_IDLE) {
			PQfinish(conn);   /* a server restart or a failover: connect afresh next time */
			p->conns[i] = NULL;
		}
		p->busy[i] = 0;
		break;
	}
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

void bp_api_pool_close(bp_api_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->n; i++)
		if (p->conns[i])
			PQfinish(p->conns[i]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->freed);
	free(p->conns);
	free(p->busy);
	free(p);
}
