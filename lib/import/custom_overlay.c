/*
 * custom_overlay.c: see custom_overlay.h.  The geometry is overlay.c's
 * (as for the crosswalks) and geometry.c's (PROJ, validity); this file
 * turns parts into shares of the area apportioned and stores them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "db/pgutil.h"
#include "import/crosswalk.h"
#include "import/custom_overlay.h"
#include "import/geometry.h"
#include "import/load.h"
#include "import/overlay.h"

/* One drawn area, read from bp.custom_area_polygon and built in RD New. */
typedef struct drawn {
	const char *code, *file;
	int year;
	long line, col;
	bp_geo_shape shape;
} drawn;

/* One share before its overlay row exists. */
typedef struct share_row {
	size_t drawn;   /* index into the drawn areas of this pass */
	const char *from;
	double share, weight, area;
} share_row;

static bp_rc fail_at(const drawn *d, bp_error *err, const char *msg, const char *arg)
{
	bp_error_at(err, d->file, d->line, d->col);
	return bp_fail(err, BP_ERR_CONFIG, msg, d->code + 2, arg);
}

/* coordinates (GeoJSON Polygon) in crs -> d->shape in RD New. */
static bp_rc build_shape(drawn *d, const char *crs, const char *coordinates, bp_arena *a, bp_error *err)
{
	json_error_t je;
	json_t *rings = json_loads(coordinates, 0, &je);
	bp_geo *g = NULL;
	bp_geo_polygon poly = { 0 };
	bp_rc rc = BP_OK;
	if (!rings || !json_is_array(rings)) {
		rc = bp_fail(err, BP_ERR_DB, "the polygon of custom area %s is not stored as coordinates", d->code);
		goto out;
	}
	if ((rc = bp_geo_open(crs, &g, err))) {
		bp_error_at(err, d->file, d->line, d->col);
		bp_error_hint(err, "crs is a name PROJ knows, e.g. EPSG:28992 (RD New, the default) or EPSG:4326 (WGS84)");
		goto out;
	}
	poly.n_rings = json_array_size(rings);
	poly.rings = bp_arena_alloc(a, poly.n_rings * sizeof(*poly.rings));
	for (size_t i = 0; i < poly.n_rings && !rc; i++) {
		json_t *r = json_array_get(rings, i);
		bp_geo_ring *ring = &poly.rings[i];
		ring->n = json_array_size(r);
		ring->xy = bp_arena_alloc(a, 2 * ring->n * sizeof(double));
		for (size_t k = 0; k < ring->n; k++) {
			ring->xy[2 * k] = json_number_value(json_array_get(json_array_get(r, k), 0));
			ring->xy[2 * k + 1] = json_number_value(json_array_get(json_array_get(r, k), 1));
		}
		if ((rc = bp_geo_transform(g, 0, ring->xy, ring->n, err)))
			bp_error_at(err, d->file, d->line, d->col);
	}
	/* 1 m: the simplified copy is for maps only; the shares use the full shape. */
	if (rc || (rc = bp_geo_shape_build(g, &poly, 1, 1.0, a, &d->shape, err))) {
		if (rc != BP_ERR_CONFIG)
			bp_error_at(err, d->file, d->line, d->col);
		goto out;
	}
	/* A repaired polygon is another area than the one drawn: refuse it. */
	if (d->shape.repaired)
		rc = fail_at(d, err, "the polygon of custom area %s is not valid%s", " (a ring crosses itself or a hole "
		             "lies outside the outer ring)");
	else if (!(d->shape.area_full > 0))
		rc = fail_at(d, err, "the polygon of custom area %s has no surface%s", "");
out:
	if (g)
		bp_geo_close(g);
	json_decref(rings);
	return rc;
}

/* Every drawn area, ordered by indeling, built in RD New. */
static bp_rc read_drawn(PGconn *conn, bp_arena *a, drawn **out, size_t *n, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn,
		"SELECT p.code, p.indeling_year, p.crs, p.coordinates::text, p.line, p.col, coalesce(c.definition_file, '') "
		"  FROM bp.custom_area_polygon p JOIN bp.custom_area c USING (code, indeling_year) "
		" ORDER BY p.indeling_year, p.code", 0, NULL, &r, err);
	if (rc)
		return rc;
	*n = (size_t)PQntuples(r);
	*out = bp_arena_alloc(a, (*n + 1) * sizeof(**out));
	for (size_t i = 0; i < *n && !rc; i++) {
		drawn *d = &(*out)[i];
		memset(d, 0, sizeof(*d));
		d->code = bp_arena_strdup(a, PQgetvalue(r, (int)i, 0));
		d->year = atoi(PQgetvalue(r, (int)i, 1));
		d->line = atol(PQgetvalue(r, (int)i, 4));
		d->col = atol(PQgetvalue(r, (int)i, 5));
		d->file = bp_arena_strdup(a, PQgetvalue(r, (int)i, 6));
		rc = build_shape(d, PQgetvalue(r, (int)i, 2), PQgetvalue(r, (int)i, 3), a, err);
	}
	PQclear(r);
	return rc;
}

/* The shares of the areas in x->from in the drawn areas of x->to, into rows. */
static bp_rc compute(bp_overlay *x, double tol, int population, GArray *rows, long *n_fallback, bp_error *err)
{
	GArray *p = g_array_new(FALSE, FALSE, sizeof(bp_ov_part));
	GPtrArray *c = g_ptr_array_new(), *cw = g_ptr_array_new();
	bp_rc rc = BP_OK;
	for (size_t i = 0; i < x->from.n && !rc; i++) {
		const bp_ov_shape *f = &x->from.v[i];
		bp_overlay_parts_clear(x, p);
		if (f->area <= 0 || (rc = bp_overlay_parts(x, f, tol, 0, p, c, err)) || p->len == 0)
			continue;
		/* The whole area's weight: a share is of the area, not of its parts in drawn areas. */
		double whole = f->area;
		if (population && (rc = bp_overlay_pop(x, f->g, f->code, cw, &whole, err)))
			continue;
		int by_area = !population || !(whole > 0);
		if (population && by_area)
			(*n_fallback)++;
		for (guint k = 0; k < p->len && !rc; k++) {
			bp_ov_part *pk = BP_OV_PART(p, k);
			pk->weight = pk->area;
			if (population && (rc = bp_overlay_pop(x, pk->g, f->code, cw, &pk->weight, err)))
				break;
			double share = by_area ? pk->area / f->area : pk->weight / whole;
			if (!(share > 0))
				continue; /* inhabited elsewhere, none here: no row (shares are > 0) */
			share_row row = { (size_t)(pk->to - x->to.v), f->code, fmin(share, 1.0), pk->weight, pk->area };
			g_array_append_val(rows, row);
		}
	}
	bp_overlay_parts_clear(x, p);
	g_array_free(p, TRUE);
	g_ptr_array_free(c, TRUE);
	g_ptr_array_free(cw, TRUE);
	return rc;
}

/* Header rows for the drawn areas with shares, then the shares into copy. */
static bp_rc store(PGconn *conn, const drawn *d, size_t nd, const char *level, int year, int weight_year,
                   const char *weight_period, double tol, long n_fallback, GArray *rows, bp_buf *copy,
                   bp_custom_overlay_result *res, bp_error *err)
{
	bp_rc rc = BP_OK;
	for (size_t k = 0; k < nd && !rc; k++) {
		long n = 0;
		double covered = 0;
		for (guint i = 0; i < rows->len; i++) {
			const share_row *s = &g_array_index(rows, share_row, i);
			n += s->drawn == k;
			covered += s->drawn == k ? s->area : 0;
		}
		if (n == 0)
			continue;
		/* Areas that leave part of the drawn area out (borders loaded for part of
		 * it only) would give the value of a part as if it were the whole. */
		if (covered < (1 - tol) * d[k].shape.area_full) {
			res->uncovered++;
			continue;
		}
		char cy[16], fy[16], wy[16], tl[32], pm[32], na[24], nf[24];
		snprintf(cy, sizeof(cy), "%d", d[k].year);
		snprintf(fy, sizeof(fy), "%d", year);
		snprintf(wy, sizeof(wy), "%d", weight_year);
		snprintf(tl, sizeof(tl), "%.17g", tol);
		snprintf(pm, sizeof(pm), "%.17g", d[k].shape.area_full);
		snprintf(na, sizeof(na), "%ld", n);
		snprintf(nf, sizeof(nf), "%ld", n_fallback);
		const char *p[10] = { d[k].code, cy, level, fy, weight_year ? "population" : "area",
		                      weight_year ? wy : NULL, weight_year ? weight_period : NULL, tl, pm, na };
		PGresult *r = NULL;
		/* n_area_fallback counts the level's areas, not this drawn area's alone: the per-area
		 * count is not kept; 0 when the method is 'area'. */
		const char *q[11] = { p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], weight_year ? nf : "0" };
		if ((rc = bp_pg_query(conn,
			"INSERT INTO bp.custom_area_overlay (custom_code, custom_year, level, from_year, method, weight_year, "
			"  weight_period, tolerance, polygon_m2, n_areas, n_area_fallback) "
			"VALUES ($1, $2::int, $3::bp.area_level, $4::int, $5, $6::int, $7, $8::float8, $9::float8, $10::int, "
			"  $11::int) RETURNING id", 11, q, &r, err)))
			break;
		const char *id = PQgetvalue(r, 0, 0);
		for (guint i = 0; i < rows->len; i++) {
			const share_row *s = &g_array_index(rows, share_row, i);
			if (s->drawn != k)
				continue;
			bp_buf_printf(copy, "%s\t", id);
			bp_load_copy_field(copy, s->from);
			/* %.17g: the share read back is the share computed. */
			bp_buf_printf(copy, "\t%.17g\t%.17g\t%.17g\n", s->share, s->weight, s->area);
			res->shares++;
		}
		res->overlays++;
		PQclear(r);
	}
	return rc;
}

/* One level and indeling against the drawn areas of one indeling (already in x->to). */
static bp_rc one_pass(PGconn *conn, bp_overlay *x, const drawn *d, size_t nd, bp_area_level level, int year,
                      double tol, bp_buf *copy, bp_custom_overlay_result *res, bp_error *err)
{
	int wy = 0;
	char period[32] = "";
	long n_fallback = 0;
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(share_row));
	bp_rc rc = bp_overlay_load(conn, x, level, year, NULL, &x->from, err);
	if (!rc && level != BP_LEVEL_BUURT)
		rc = bp_overlay_weight_year(conn, year, d[0].year, &wy, period, sizeof(period), err);
	if (!rc && wy)
		rc = bp_overlay_load(conn, x, BP_LEVEL_BUURT, wy, period, &x->weight, err);
	if (!rc && x->weight.n == 0)
		wy = 0;
	if (!rc)
		rc = compute(x, tol, wy != 0, rows, &n_fallback, err);
	if (!rc)
		rc = store(conn, d, nd, bp_area_level_name(level), year, wy, period, tol, n_fallback, rows, copy, res, err);
	bp_overlay_shapes_free(x, &x->from);
	bp_overlay_shapes_free(x, &x->weight);
	g_array_free(rows, TRUE);
	return rc;
}

/* Every level and indeling with borders against the drawn areas d[0..nd) (one indeling). */
static bp_rc one_year(PGconn *conn, bp_overlay *x, const drawn *d, size_t nd, double tol, bp_buf *copy,
                      bp_custom_overlay_result *res, bp_error *err)
{
	const char **codes = bp_arena_alloc(x->a, nd * sizeof(*codes));
	const unsigned char **wkb = bp_arena_alloc(x->a, nd * sizeof(*wkb));
	size_t *len = bp_arena_alloc(x->a, nd * sizeof(*len));
	for (size_t i = 0; i < nd; i++) {
		codes[i] = d[i].code;
		wkb[i] = d[i].shape.wkb_full;
		len[i] = d[i].shape.wkb_full_len;
	}
	PGresult *r = NULL;
	bp_rc rc = bp_overlay_load_wkb(x, nd, codes, wkb, len, &x->to, err);
	if (!rc)
		rc = bp_pg_query(conn, "SELECT DISTINCT level::text, indeling_year FROM bp.area_geometry_current "
		                       " WHERE level IN ('gemeente', 'wijk', 'buurt') ORDER BY 1, 2", 0, NULL, &r, err);
	for (int i = 0; !rc && i < PQntuples(r); i++) {
		bp_area_level level = BP_LEVEL_GEMEENTE;
		while (strcmp(bp_area_level_name(level), PQgetvalue(r, i, 0)) != 0)
			level++;   /* one of the three the query asks for */
		rc = one_pass(conn, x, d, nd, level, atoi(PQgetvalue(r, i, 1)), tol, copy, res, err);
	}
	PQclear(r);
	bp_overlay_shapes_free(x, &x->to);
	return rc;
}

bp_rc bp_custom_overlay_build(PGconn *conn, double tolerance, bp_custom_overlay_result *res, bp_error *err)
{
	double tol = tolerance > 0 ? tolerance : BP_CROSSWALK_DEFAULT_TOLERANCE;
	memset(res, 0, sizeof(*res));
	bp_overlay x;
	bp_buf copy;
	bp_buf_init(&copy);
	drawn *d = NULL;
	size_t nd = 0;
	bp_rc rc = bp_overlay_open(&x, err);
	if (rc)
		goto out;
	/* One snapshot: the borders read are those the shares describe. */
	if ((rc = bp_pg_exec(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ", err)) ||
	    (rc = bp_load_lock(conn, "custom_overlay", err)) ||
	    (rc = bp_pg_exec(conn, "DELETE FROM bp.custom_area_overlay", err)) ||
	    (rc = read_drawn(conn, x.a, &d, &nd, err)))
		goto fail;
	res->polygons = (long)nd;
	/* The drawn areas of one indeling share their weighing buurten: one pass per indeling. */
	for (size_t i = 0; i < nd && !rc;) {
		size_t j = i;
		while (j < nd && d[j].year == d[i].year)
			j++;
		rc = one_year(conn, &x, d + i, j - i, tol, &copy, res, err);
		i = j;
	}
	if (rc ||
	    (rc = bp_pg_exec(conn, "CREATE TEMP TABLE stg_custom_overlay_share (overlay_id bigint, from_code text, "
	                           "share float8, weight float8, area_m2 float8) ON COMMIT DROP", err)) ||
	    (copy.len && (rc = bp_load_copy(conn, "COPY stg_custom_overlay_share FROM STDIN", &copy, err))) ||
	    (rc = bp_pg_exec(conn, "INSERT INTO bp.custom_area_overlay_share SELECT * FROM stg_custom_overlay_share", err)) ||
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
