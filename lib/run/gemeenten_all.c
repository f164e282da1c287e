#include "run/gemeenten_all.h"

#include <string.h>

#include "core/buf.h"
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

bp_rc bp_monitor_check_gemeenten(PGconn *conn, const bp_monitor_config *c, bp_error *err)
{
	if (c->all_gemeenten || c->n_gemeenten == 0)
		return BP_OK;
	/* The codes are checked GM and four digits (config/monitor.c): a plain array literal. */
	bp_buf list;
	bp_buf_init(&list);
	bp_buf_addc(&list, '{');
	for (size_t i = 0; i < c->n_gemeenten; i++)
		bp_buf_printf(&list, "%s%s", i ? "," : "", c->gemeenten[i]);
	bp_buf_addc(&list, '}');
	const char *p[] = { list.data };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn,
	                       "SELECT g.ord - 1 FROM unnest($1::text[]) WITH ORDINALITY AS g(code, ord) "
	                       "WHERE NOT EXISTS (SELECT 1 FROM bp.area a WHERE a.code = g.code) ORDER BY g.ord LIMIT 1",
	                       1, p, &r, err);
	bp_buf_release(&list);
	if (rc)
		return rc;
	int i = -1;
	if (PQntuples(r) > 0 && (rc = bp_pg_int(r, 0, 0, &i, err))) {
		PQclear(r);
		return rc;
	}
	PQclear(r);
	if (i < 0 || (size_t)i >= c->n_gemeenten)
		return BP_OK;
	bp_fail(err, BP_ERR_NOT_FOUND, "gemeente %s is not in the database", c->gemeenten[i]);
	if (c->gemeente_locs)
		bp_error_at(err, c->gemeente_locs[i].file, c->gemeente_locs[i].line, c->gemeente_locs[i].column);
	bp_error_hint(err, "neither the configuration's sources nor an earlier import brought an area with this "
	                   "code: correct it, or add a source that covers the gemeente");
	return BP_ERR_NOT_FOUND;
}
