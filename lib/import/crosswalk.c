/*
 * crosswalk.c: see crosswalk.h.  The geometry is overlay.c's; what is
 * written here is how the parts become shares, and their storage.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "db/pgutil.h"
#include "import/crosswalk.h"
#include "import/load.h"
#include "import/overlay.h"


static bp_rc check_options(const bp_crosswalk_options *o, double *tol, bp_error *err)
{
	if (o->level != BP_LEVEL_GEMEENTE && o->level != BP_LEVEL_WIJK && o->level != BP_LEVEL_BUURT)
		return bp_fail(err, BP_ERR_USAGE, "a crosswalk is between gemeenten, wijken or buurten");
	if (o->from_year == o->to_year)
		return bp_fail(err, BP_ERR_USAGE, "a crosswalk is between two different indelingen (both %d)", o->from_year);
	*tol = o->tolerance > 0 ? o->tolerance : BP_CROSSWALK_DEFAULT_TOLERANCE;
	if (!(*tol < 0.5))
		return bp_fail(err, BP_ERR_USAGE, "the tolerance is a share of an area below 0.5 (%g)", o->tolerance);
	return BP_OK;
}

static bp_rc need_borders(const bp_ov_shapes *s, bp_area_level level, int year, bp_error *err)
{
	if (s->n > 0)
		return BP_OK;
	bp_rc rc = bp_fail(err, BP_ERR_NOT_FOUND, "no %s borders of indeling %d are loaded",
	                   bp_area_level_name(level), year);
	bp_error_hint(err, "load them first: buurtpeil import geojson FILE --year %d", year);
	return rc;
}

static void row(bp_buf *b, const char *from, const char *to, double share, double weight, double area, int identical)
{
	bp_load_copy_field(b, from);
	bp_buf_addc(b, '\t');
	bp_load_copy_field(b, to);
	/* %.17g: the share read back is the share computed. */
	bp_buf_printf(b, "\t%.17g\t%.17g\t%.17g\t%s\n", share, weight, area, identical ? "t" : "f");
}

/* Compute every share into copy (COPY text rows); counts into res. */
static bp_rc compute(bp_overlay *x, double tol, int population, bp_buf *copy, bp_crosswalk_result *res, bp_error *err)
{
	bp_ov_parts *p = g_array_new(FALSE, FALSE, sizeof(bp_ov_part));
	bp_ov_cands *c = g_ptr_array_new(), *cw = g_ptr_array_new();
	bp_rc rc = BP_OK;
	for (size_t i = 0; i < x->from.n && !rc; i++) {
		const bp_ov_shape *f = &x->from.v[i];
		bp_overlay_parts_clear(x, p);
		if (f->area <= 0 || (rc = bp_overlay_parts(x, f, tol, 1, p, c, err)))
			continue;
		if (p->len == 0) {
			res->n_unmatched++;
			continue;
		}
		if (p->len == 1 && BP_OV_PART(p, 0)->identical) {
			double w = BP_OV_PART(p, 0)->area;
			if (population && (rc = bp_overlay_pop(x, f->g, f->code, cw, &w, err)))
				continue;
			res->n_identical++;
			row(copy, f->code, BP_OV_PART(p, 0)->to->code, 1.0, w, BP_OV_PART(p, 0)->area, 1);
			res->n_shares++;
			continue;
		}
		double total = 0, total_area = 0;
		for (guint k = 0; k < p->len && !rc; k++) {
			bp_ov_part *pk = BP_OV_PART(p, k);
			pk->weight = pk->area;
			if (population)
				rc = bp_overlay_pop(x, pk->g, f->code, cw, &pk->weight, err);
			total += pk->weight;
			total_area += pk->area;
		}
		if (rc)
			continue;
		int by_area = !population || !(total > 0);
		if (population && by_area)
			res->n_area_fallback++;
		for (guint k = 0; k < p->len; k++) {
			const bp_ov_part *pk = BP_OV_PART(p, k);
			double share = by_area ? pk->area / total_area : pk->weight / total;
			if (share <= 0)
				continue; /* inhabited elsewhere, none here: no row (shares are > 0) */
			row(copy, f->code, pk->to->code, fmin(share, 1.0), pk->weight, pk->area, 0);
			res->n_shares++;
		}
	}
	bp_overlay_parts_clear(x, p);
	g_array_free(p, TRUE);
	g_ptr_array_free(c, TRUE);
	g_ptr_array_free(cw, TRUE);
	return rc;
}

static bp_rc store(PGconn *conn, const bp_crosswalk_options *o, double tol, bp_crosswalk_result *res,
                   const bp_buf *copy, bp_error *err)
{
	char lv[16], fy[16], ty[16], wy[16], tl[32], nf[24], nt[24], ni[24], nu[24], na[24];
	snprintf(lv, sizeof(lv), "%s", bp_area_level_name(o->level));
	snprintf(fy, sizeof(fy), "%d", o->from_year);
	snprintf(ty, sizeof(ty), "%d", o->to_year);
	snprintf(wy, sizeof(wy), "%d", res->weight_year);
	snprintf(tl, sizeof(tl), "%.17g", tol);
	snprintf(nf, sizeof(nf), "%ld", res->n_from);
	snprintf(nt, sizeof(nt), "%ld", res->n_to);
	snprintf(ni, sizeof(ni), "%ld", res->n_identical);
	snprintf(nu, sizeof(nu), "%ld", res->n_unmatched);
	snprintf(na, sizeof(na), "%ld", res->n_area_fallback);
	const char *params[14] = {
		lv, fy, ty, res->population ? "population" : "area",
		res->population ? "buurt" : NULL, res->population ? wy : NULL,
		res->population ? BP_CROSSWALK_WEIGHT_VARIABLE : NULL, res->population ? res->weight_period : NULL,
		tl, nf, nt, ni, nu, na,
	};
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn, "DELETE FROM bp.crosswalk WHERE level = $1::bp.area_level "
	                             "AND from_year = $2::int AND to_year = $3::int", 3, params, NULL, err);
	if (rc)
		return rc;
	rc = bp_pg_query(conn,
		"INSERT INTO bp.crosswalk (level, from_year, to_year, method, weight_level, weight_year, "
		"  weight_variable, weight_period, tolerance, from_source_ids, to_source_ids, weight_source_ids, "
		"  n_from, n_to, n_identical, n_unmatched, n_area_fallback) "
		"SELECT $1::bp.area_level, $2::int, $3::int, $4, $5::bp.area_level, $6::int, $7, $8, $9::float8, "
		"  (SELECT coalesce(array_agg(DISTINCT source_id ORDER BY source_id), '{}') FROM bp.area_geometry_current "
		"    WHERE indeling_year = $2::int AND level = $1::bp.area_level), "
		"  (SELECT coalesce(array_agg(DISTINCT source_id ORDER BY source_id), '{}') FROM bp.area_geometry_current "
		"    WHERE indeling_year = $3::int AND level = $1::bp.area_level), "
		"  CASE WHEN $6::int IS NULL THEN '{}'::bigint[] ELSE "
		"  (SELECT coalesce(array_agg(DISTINCT s ORDER BY s), '{}') FROM ("
		"     SELECT source_id AS s FROM bp.area_geometry_current WHERE indeling_year = $6::int AND level = 'buurt' "
		"     UNION SELECT o.source_id FROM bp.observation_current o WHERE o.variable_code = $7 "
		"       AND o.indeling_year = $6::int AND o.period = $8) u) END, "
		"  $10::int, $11::int, $12::int, $13::int, $14::int RETURNING id",
		14, params, &r, err);
	if (rc)
		return rc;
	rc = bp_pg_long(r, 0, 0, &res->id, err);
	PQclear(r);
	if (rc)
		return rc;
	char id[24];
	snprintf(id, sizeof(id), "%ld", res->id);
	if ((rc = bp_pg_exec(conn, "CREATE TEMP TABLE stg_crosswalk_share (from_code text, to_code text, "
	                           "share float8, weight float8, area_m2 float8, identical boolean) ON COMMIT DROP", err)) ||
	    (rc = bp_load_copy(conn, "COPY stg_crosswalk_share FROM STDIN", copy, err)))
		return rc;
	return bp_pg_query(conn, "INSERT INTO bp.crosswalk_share SELECT $1::bigint, * FROM stg_crosswalk_share",
	                   1, (const char *const[]){ id }, NULL, err);
}

bp_rc bp_crosswalk_build(PGconn *conn, const bp_crosswalk_options *opt, bp_crosswalk_result *res, bp_error *err)
{
	double tol = 0;
	memset(res, 0, sizeof(*res));
	bp_rc rc = check_options(opt, &tol, err);
	if (rc)
		return rc;
	bp_overlay x;
	bp_buf copy;
	bp_buf_init(&copy);
	if ((rc = bp_overlay_open(&x, err)))
		goto out;
	/* One snapshot: the borders read are the borders named in the row. */
	if ((rc = bp_pg_exec(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ", err)))
		goto out;
	/* Two builds of one crosswalk at once: the second waits and replaces. */
	char key[64];
	snprintf(key, sizeof(key), "crosswalk:%s:%d:%d", bp_area_level_name(opt->level), opt->from_year, opt->to_year);
	if ((rc = bp_load_lock(conn, key, err)))
		goto fail;
	if ((rc = bp_overlay_load(conn, &x, opt->level, opt->from_year, NULL, &x.from, err)) ||
	    (rc = need_borders(&x.from, opt->level, opt->from_year, err)) ||
	    (rc = bp_overlay_load(conn, &x, opt->level, opt->to_year, NULL, &x.to, err)) ||
	    (rc = need_borders(&x.to, opt->level, opt->to_year, err)))
		goto fail;
	res->n_from = (long)x.from.n;
	res->n_to = (long)x.to.n;
	if (opt->level != BP_LEVEL_BUURT && !opt->area_only) {
		if ((rc = bp_overlay_weight_year(conn, opt->from_year, opt->to_year, &res->weight_year, res->weight_period, sizeof(res->weight_period), err)))
			goto fail;
		if (res->weight_year) {
			if ((rc = bp_overlay_load(conn, &x, BP_LEVEL_BUURT, res->weight_year, res->weight_period, &x.weight, err)))
				goto fail;
			res->population = x.weight.n > 0;
		}
	}
	if ((rc = compute(&x, tol, res->population, &copy, res, err)) ||
	    (rc = store(conn, opt, tol, res, &copy, err)) ||
	    (rc = bp_pg_exec(conn, "COMMIT", err)))
		goto fail;
	goto out;
fail:
	bp_pg_rollback(conn);
out:
	bp_overlay_close(&x);
	bp_buf_release(&copy);
	return rc;
}

bp_rc bp_crosswalk_list(PGconn *conn, bp_buf *out, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn,
		"SELECT level, from_year, to_year, "
		"  CASE method WHEN 'population' THEN format('inwoners (%s, buurten %s, periode %s)', weight_variable, weight_year, weight_period) "
		"       ELSE 'oppervlakte' END, "
		"  n_from, n_to, n_identical, n_unmatched, n_area_fallback, tolerance, "
		"  (SELECT count(*) FROM bp.crosswalk_share s WHERE s.crosswalk_id = c.id), "
		"  to_char(built_at, 'YYYY-MM-DD HH24:MI') "
		"FROM bp.crosswalk c ORDER BY level, from_year, to_year", 0, NULL, &r, err);
	if (rc)
		return rc;
	if (PQntuples(r) == 0)
		bp_buf_adds(out, "Nog geen omrekentabellen (buurtpeil crosswalk build).\n");
	for (int i = 0; i < PQntuples(r); i++)
		bp_buf_printf(out, "%s %s → %s: gewogen naar %s; %s → %s gebieden, %s gelijk, %s zonder overlap, "
		                   "%s op oppervlakte; %s regels; tolerantie %s; gemaakt %s\n",
		              PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3),
		              PQgetvalue(r, i, 4), PQgetvalue(r, i, 5), PQgetvalue(r, i, 6), PQgetvalue(r, i, 7),
		              PQgetvalue(r, i, 8), PQgetvalue(r, i, 10), PQgetvalue(r, i, 9), PQgetvalue(r, i, 11));
	PQclear(r);
	return BP_OK;
}

bp_rc bp_crosswalk_show(PGconn *conn, bp_area_level level, int from_year, int to_year,
                        const char *gemeente, int all, bp_buf *out, bp_error *err)
{
	char fy[16], ty[16];
	snprintf(fy, sizeof(fy), "%d", from_year);
	snprintf(ty, sizeof(ty), "%d", to_year);
	/* A CBS code carries its gemeente's four digits after the two letters. */
	const char *params[5] = { bp_area_level_name(level), fy, ty, gemeente, all ? "t" : "f" };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn,
		"SELECT c.id, s.from_code, s.to_code, s.share, s.weight, s.area_m2, s.identical "
		"  FROM bp.crosswalk c LEFT JOIN bp.crosswalk_share s ON s.crosswalk_id = c.id "
		"   AND ($4::text IS NULL OR substr(s.from_code, 3, 4) = substr($4, 3, 4)) "
		"   AND ($5::boolean OR NOT s.identical) "
		" WHERE c.level = $1::bp.area_level AND c.from_year = $2::int AND c.to_year = $3::int "
		" ORDER BY s.from_code, s.share DESC, s.to_code", 5, params, &r, err);
	if (rc)
		return rc;
	if (PQntuples(r) == 0) {
		PQclear(r);
		rc = bp_fail(err, BP_ERR_NOT_FOUND, "no crosswalk of %s %d → %d", params[0], from_year, to_year);
		bp_error_hint(err, "build it: buurtpeil crosswalk build --level %s --from %d --to %d",
		              params[0], from_year, to_year);
		return rc;
	}
	bp_buf_adds(out, "van\tnaar\taandeel\tgewicht\toppervlakte_m2\tgelijk\n");
	for (int i = 0; i < PQntuples(r); i++) {
		if (PQgetisnull(r, i, 1))
			continue;
		int has;
		bp_buf_printf(out, "%s\t%s\t%.4f\t%.1f\t%.0f\t%s\n", PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
		              bp_pg_double(r, i, 3, &has), bp_pg_double(r, i, 4, &has),
		              bp_pg_double(r, i, 5, &has), strcmp(PQgetvalue(r, i, 6), "t") == 0 ? "ja" : "nee");
	}
	PQclear(r);
	return BP_OK;
}
