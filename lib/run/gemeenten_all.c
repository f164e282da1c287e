#include "run/gemeenten_all.h"

#include <string.h>

#include "db/pgutil.h"

bp_rc bp_monitor_resolve_gemeenten(PGconn *conn, bp_monitor_config *c, bp_arena *a, bp_error *err)
{
	if (!c->all_gemeenten)
		return BP_OK;
	/* The newest indeling: an older one (RIVM's 2020) holds gemeenten merged since, whose
	 * pages would show no current figures. */
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn,
	                       "SELECT code FROM bp.area WHERE level = 'gemeente' AND indeling_year = "
	                       "  (SELECT max(indeling_year) FROM bp.area WHERE level = 'gemeente') ORDER BY code",
	                       0, NULL, &r, err);
	if (rc)
		return rc;
	int n = PQntuples(r);
	if (n == 0) {
		PQclear(r);
		bp_fail(err, BP_ERR_NOT_FOUND, "gemeenten: all, but the sources loaded no gemeente");
		if (c->path)
			bp_error_at(err, c->path, c->all_gemeenten_line, 0);
		bp_error_hint(err, "list a source of all of Nederland with gemeenten, e.g. the KWB StatLine CSV "
		                   "(config/nederland.yaml)");
		return BP_ERR_NOT_FOUND;
	}
	c->gemeenten = bp_arena_alloc(a, (size_t)n * sizeof(*c->gemeenten));
	for (int i = 0; i < n; i++)
		c->gemeenten[i] = bp_arena_strdup(a, PQgetvalue(r, i, 0));
	c->n_gemeenten = (size_t)n;
	PQclear(r);
	return BP_OK;
}
