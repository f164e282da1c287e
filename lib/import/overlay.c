/*
 * overlay.c: see overlay.h.  GEOS's reentrant C API does the geometry
 * (STRtree for the candidates, prepared geometries for the intersects test,
 * OverlayNG intersections); what is written here is only the bookkeeping of
 * parts and weights, which no library does.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/pgutil.h"
#include "import/crosswalk.h"
#include "import/overlay.h"

static void geos_message(const char *msg, void *user)
{
	bp_overlay *x = user;
	snprintf(x->geos_msg, sizeof(x->geos_msg), "%s", msg);
}

bp_rc bp_overlay_geos_fail(bp_overlay *x, bp_error *err, const char *what, const char *a, const char *b)
{
	bp_rc rc = bp_fail(err, BP_ERR_INTERNAL, "GEOS could not %s %s%s%s", what, a, b ? " and " : "", b ? b : "");
	if (x->geos_msg[0])
		bp_error_detail(err, "GEOS: %s", x->geos_msg);
	return rc;
}

void bp_overlay_shapes_free(bp_overlay *x, bp_ov_shapes *s)
{
	if (s->tree)
		GEOSSTRtree_destroy_r(x->h, s->tree);
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].prep)
			GEOSPreparedGeom_destroy_r(x->h, s->v[i].prep);
		if (s->v[i].g)
			GEOSGeom_destroy_r(x->h, s->v[i].g);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Room for n shapes and an empty tree. */
static bp_rc shapes_start(bp_overlay *x, bp_ov_shapes *s, size_t n, bp_error *err)
{
	s->v = bp_xcalloc(n + 1, sizeof(*s->v));
	s->tree = GEOSSTRtree_create_r(x->h, 10);
	if (!s->tree)
		return bp_fail(err, BP_ERR_INTERNAL, "GEOS could not start reading borders");
	return BP_OK;
}

/* sh (the next of s, its code and g set): surface, prepared, in the tree. */
static bp_rc add_shape(bp_overlay *x, bp_ov_shapes *s, bp_ov_shape *sh, bp_error *err)
{
	if (!GEOSArea_r(x->h, sh->g, &sh->area))
		return bp_overlay_geos_fail(x, err, "measure the border of", sh->code, NULL);
	sh->prep = GEOSPrepare_r(x->h, sh->g);
	if (!sh->prep)
		return bp_overlay_geos_fail(x, err, "prepare the border of", sh->code, NULL);
	s->n++;
	/* An empty shape has no envelope for the tree and no surface to share. */
	if (sh->area > 0)
		GEOSSTRtree_insert_r(x->h, s->tree, sh->g, sh);
	return BP_OK;
}

/* See overlay.h; the inhabitants' period travels as $4. */
bp_rc bp_overlay_load(PGconn *conn, bp_overlay *x, bp_area_level level, int year, const char *period,
                         bp_ov_shapes *s, bp_error *err)
{
	char ybuf[16];
	snprintf(ybuf, sizeof(ybuf), "%d", year);
	const char *params[4] = { ybuf, bp_area_level_name(level), BP_CROSSWALK_WEIGHT_VARIABLE, period };
	PGresult *r = NULL;
	GEOSWKBReader *rd = NULL;
	bp_rc rc;
	if (period)
		rc = bp_pg_query(conn,
			"SELECT g.area_code, g.geom_full, o.value FROM bp.area_geometry_current g "
			"  JOIN bp.observation_current o ON o.area_code = g.area_code AND o.indeling_year = g.indeling_year "
			"   AND o.variable_code = $3 AND o.period = $4 AND o.value IS NOT NULL "
			" WHERE g.indeling_year = $1 AND g.level = $2::bp.area_level ORDER BY g.area_code",
			4, params, &r, err);
	else
		rc = bp_pg_query(conn,
			"SELECT area_code, geom_full FROM bp.area_geometry_current "
			" WHERE indeling_year = $1 AND level = $2::bp.area_level ORDER BY area_code",
			2, params, &r, err);
	if (rc)
		return rc;
	int n = PQntuples(r);
	rd = GEOSWKBReader_create_r(x->h);
	if ((rc = shapes_start(x, s, (size_t)n, err)))
		goto out;
	if (!rd) {
		rc = bp_fail(err, BP_ERR_INTERNAL, "GEOS could not start reading borders");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		bp_ov_shape *sh = &s->v[s->n];
		sh->code = bp_arena_strdup(x->a, PQgetvalue(r, i, 0));
		const char *hex = PQgetvalue(r, i, 1);
		if (strncmp(hex, "\\x", 2) != 0) {
			rc = bp_fail(err, BP_ERR_DB, "the border of %s %d is not bytea in hex", sh->code, year);
			goto out;
		}
		sh->hex = bp_arena_strdup(x->a, hex + 2);
		sh->g = GEOSWKBReader_readHEX_r(x->h, rd, (const unsigned char *)sh->hex, strlen(sh->hex));
		if (!sh->g) {
			rc = bp_overlay_geos_fail(x, err, "read the border of", sh->code, NULL);
			goto out;
		}
		if (period) {
			int has = 0;
			sh->pop = bp_pg_double(r, i, 2, &has);
		}
		if ((rc = add_shape(x, s, sh, err)))
			goto out;
	}
	rc = BP_OK;
out:
	if (rd)
		GEOSWKBReader_destroy_r(x->h, rd);
	PQclear(r);
	return rc;
}

bp_rc bp_overlay_load_wkb(bp_overlay *x, size_t n, const char *const *codes, const unsigned char *const *wkb,
                          const size_t *len, bp_ov_shapes *s, bp_error *err)
{
	bp_rc rc = shapes_start(x, s, n, err);
	for (size_t i = 0; i < n && !rc; i++) {
		bp_ov_shape *sh = &s->v[s->n];
		sh->code = bp_arena_strdup(x->a, codes[i]);
		sh->hex = "";   /* never equal to a stored border's bytes: identical only by the tolerance */
		sh->g = GEOSGeomFromWKB_buf_r(x->h, wkb[i], len[i]);
		rc = sh->g ? add_shape(x, s, sh, err) : bp_overlay_geos_fail(x, err, "read the border of", sh->code, NULL);
	}
	return rc;
}

static void parts_push(bp_ov_parts *p, bp_ov_part v)
{
	g_array_append_val(p, v);
}


void bp_overlay_parts_clear(bp_overlay *x, bp_ov_parts *p)
{
	for (guint i = 0; i < p->len; i++)
		if (BP_OV_PART(p, i)->g)
			GEOSGeom_destroy_r(x->h, BP_OV_PART(p, i)->g);
	g_array_set_size(p, 0);
}

static void cand_cb(void *item, void *user)
{
	g_ptr_array_add(user, item);
}

/* Inhabitants of g: each weight area's inhabitants times the part of its
 * surface inside g. */
bp_rc bp_overlay_pop(bp_overlay *x, const GEOSGeometry *g, const char *code, bp_ov_cands *c, double *out, bp_error *err)
{
	double sum = 0;
	g_ptr_array_set_size(c, 0);
	GEOSSTRtree_query_r(x->h, x->weight.tree, g, cand_cb, c);
	for (guint i = 0; i < c->len; i++) {
		const bp_ov_shape *b = BP_OV_CAND(c, i);
		if (b->pop <= 0)
			continue;
		char meets = GEOSPreparedIntersects_r(x->h, b->prep, g);
		if (meets == 2)
			return bp_overlay_geos_fail(x, err, "compare", b->code, code);
		if (!meets)
			continue;
		double ai;
		if (GEOSPreparedContains_r(x->h, b->prep, g) == 1) {
			if (!GEOSArea_r(x->h, g, &ai))
				return bp_overlay_geos_fail(x, err, "measure", code, NULL);
		} else {
			GEOSGeometry *in = GEOSIntersection_r(x->h, b->g, g);
			if (!in || !GEOSArea_r(x->h, in, &ai)) {
				if (in)
					GEOSGeom_destroy_r(x->h, in);
				return bp_overlay_geos_fail(x, err, "intersect", b->code, code);
			}
			GEOSGeom_destroy_r(x->h, in);
		}
		sum += b->pop * (ai / b->area);
	}
	*out = sum;
	return BP_OK;
}

/* The parts of from-area f (identical, or its intersections without slivers). */
bp_rc bp_overlay_parts(bp_overlay *x, const bp_ov_shape *f, double tol, int identical, bp_ov_parts *p,
                       bp_ov_cands *c, bp_error *err)
{
	g_ptr_array_set_size(c, 0);
	GEOSSTRtree_query_r(x->h, x->to.tree, f->g, cand_cb, c);
	for (guint i = 0; i < c->len; i++) {
		const bp_ov_shape *t = BP_OV_CAND(c, i);
		if (identical && strcmp(f->hex, t->hex) == 0) {
			bp_overlay_parts_clear(x, p);
			parts_push(p, (bp_ov_part){ .to = t, .area = f->area, .identical = 1 });
			return BP_OK;
		}
		char meets = GEOSPreparedIntersects_r(x->h, f->prep, t->g);
		if (meets == 2)
			return bp_overlay_geos_fail(x, err, "compare", f->code, t->code);
		if (!meets)
			continue;
		GEOSGeometry *in = GEOSIntersection_r(x->h, f->g, t->g);
		double ai = 0;
		if (!in || !GEOSArea_r(x->h, in, &ai)) {
			if (in)
				GEOSGeom_destroy_r(x->h, in);
			return bp_overlay_geos_fail(x, err, "intersect", f->code, t->code);
		}
		/* Symmetric difference = |f| + |t| - 2|f ∩ t|. */
		double symdiff = f->area + t->area - 2 * ai;
		if (identical && symdiff <= tol * fmin(f->area, t->area)) {
			GEOSGeom_destroy_r(x->h, in);
			bp_overlay_parts_clear(x, p);
			parts_push(p, (bp_ov_part){ .to = t, .area = ai, .identical = 1 });
			return BP_OK;
		}
		if (ai < tol * f->area) {
			GEOSGeom_destroy_r(x->h, in);
			continue;
		}
		parts_push(p, (bp_ov_part){ .to = t, .g = in, .area = ai });
	}
	return BP_OK;
}

/* The buurt indeling whose borders and inhabitants weigh, or 0. */
bp_rc bp_overlay_weight_year(PGconn *conn, int from_year, int to_year, int *year, char *period,
                             size_t period_size, bp_error *err)
{
	char f[16], t[16];
	snprintf(f, sizeof(f), "%d", from_year);
	snprintf(t, sizeof(t), "%d", to_year);
	const char *params[3] = { t, f, BP_CROSSWALK_WEIGHT_VARIABLE };
	PGresult *r = NULL;
	*year = 0;
	period[0] = 0;
	/* Periods are years ('2024') or CBS's '2024JJ00': the greatest sorts newest. */
	bp_rc rc = bp_pg_query(conn,
		"SELECT g.indeling_year, max(o.period) FROM bp.area_geometry_current g "
		"  JOIN bp.observation_current o ON o.area_code = g.area_code AND o.indeling_year = g.indeling_year "
		"   AND o.variable_code = $3 AND o.value IS NOT NULL "
		" WHERE g.level = 'buurt' AND g.indeling_year IN ($1::int, $2::int) GROUP BY g.indeling_year "
		" ORDER BY g.indeling_year = $1::int DESC LIMIT 1",
		3, params, &r, err);
	if (rc)
		return rc;
	if (PQntuples(r) == 1) {
		rc = bp_pg_int(r, 0, 0, year, err);
		snprintf(period, period_size, "%s", PQgetvalue(r, 0, 1));
	}
	PQclear(r);
	return rc;
}
bp_rc bp_overlay_open(bp_overlay *x, bp_error *err)
{
	memset(x, 0, sizeof(*x));
	x->a = bp_arena_new();
	x->h = GEOS_init_r();
	if (!x->h)
		return bp_fail(err, BP_ERR_INTERNAL, "GEOS could not be initialised");
	GEOSContext_setErrorMessageHandler_r(x->h, geos_message, x);
	return BP_OK;
}

void bp_overlay_close(bp_overlay *x)
{
	if (x->h) {
		bp_overlay_shapes_free(x, &x->from);
		bp_overlay_shapes_free(x, &x->to);
		bp_overlay_shapes_free(x, &x->weight);
		GEOS_finish_r(x->h);
	}
	bp_arena_free(x->a);
	memset(x, 0, sizeof(*x));
}
