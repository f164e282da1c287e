/*
 * pool.h: a bounded pool of libpq connections for the API server.
 *
 * Each connection acts as buurtpeil_publish (the role that cannot read
 * survey microdata), is read-only, and has the API's statements prepared
 * (queries.h), so a request never sends SQL text of its own.  A request
 * takes a connection, waits while all are busy, and gives it back; one that
 * broke is reset and prepared again before it is handed out once more.
 */
#ifndef BP_API_POOL_H
#define BP_API_POOL_H

#include <libpq-fe.h>

#include "core/error.h"
#include "db/conn.h"

typedef struct bp_api_pool bp_api_pool;

/* Open n connections to the server db connected to (bp_db_connect). */
/* gemeenten: "{GM0828,GM0402}", the published set the catalogue keeps to; NULL: all (kept, not copied). */
bp_rc bp_api_pool_open(const bp_db *db, const char *gemeenten, int n, bp_api_pool **out, bp_error *err) BP_MUST_CHECK;

/* A connection, ready; waits for a free one.  NULL when none could be
 * (re)connected: err says why. */
PGconn *bp_api_pool_take(bp_api_pool *p, bp_error *err);

/* Give it back.  A connection whose last statement failed is checked and,
 * when it is no longer usable, reconnected at its next take. */
void bp_api_pool_give(bp_api_pool *p, PGconn *conn);

void bp_api_pool_close(bp_api_pool *p);

#endif
