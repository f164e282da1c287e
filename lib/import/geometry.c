/*
 * geometry.c: see geometry.h.  PROJ for coordinates, GEOS (its reentrant C
 * API) for validity, simplification and WKB.  Neither library is allowed to
 * print: PROJ's log is switched off and GEOS's messages are kept in the
 * handle, to become a bp_error's detail.
 */
#include "import/geometry.h"

#include <geos_c.h>
#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bp_geo {
	GEOSContextHandle_t h;
	PJ_CONTEXT *ctx;
	PJ *op;             /* src -> RD New, x/y in GeoJSON order; NULL when identity */
	char geos_msg[512]; /* GEOS's last error */
};

static void geos_message(const char *msg, void *user)
{
	bp_geo *g = user;
	snprintf(g->geos_msg, sizeof(g->geos_msg), "%s", msg);
}

static bp_rc proj_fail(bp_geo *g, bp_error *err, const char *what, const char *crs)
{
	int e = proj_context_errno(g->ctx);
	bp_error_detail(err, "PROJ: %s", e ? proj_context_errno_string(g->ctx, e) : "no transformation found");
	return bp_fail(err, BP_ERR_PARSE, "%s '%s'", what, crs);
}

bp_rc bp_geo_open(const char *src_crs, bp_geo **out, bp_error *err)
{
	bp_geo *g = bp_xcalloc(1, sizeof(*g));
	PJ *src = NULL, *rd = NULL, *op = NULL;
	bp_rc rc = BP_OK;
	*out = NULL;

	g->h = GEOS_init_r();
	if (!g->h) {
		rc = bp_fail(err, BP_ERR_INTERNAL, "GEOS could not be initialised");
		goto out;
	}
	GEOSContext_setErrorMessageHandler_r(g->h, geos_message, g);
	g->ctx = proj_context_create();
	if (!g->ctx) {
		rc = bp_fail(err, BP_ERR_INTERNAL, "PROJ could not be initialised");
		goto out;
	}
	/* lib/ never prints; failures come back through proj_context_errno. */
	proj_log_level(g->ctx, PJ_LOG_NONE);
	if (!src_crs)
		goto out;
	src = proj_create(g->ctx, src_crs);
	rd = proj_create(g->ctx, BP_GEO_RD_NEW);
	if (!src) {
		rc = proj_fail(g, err, "unknown coordinate reference system", src_crs);
		goto out;
	}
	if (!rd) {
		rc = proj_fail(g, err, "PROJ does not know", BP_GEO_RD_NEW);
		bp_error_hint(err, "install proj-data (PROJ's database of CRS definitions)");
		goto out;
	}
	if (proj_is_equivalent_to(src, rd, PJ_COMP_EQUIVALENT))
		goto out;
	op = proj_create_crs_to_crs_from_pj(g->ctx, src, rd, NULL, NULL);
	if (!op) {
		rc = proj_fail(g, err, "no transformation to RD New from", src_crs);
		goto out;
	}
	/* GeoJSON is always x = east/longitude, y = north/latitude; EPSG:4326's
	 * official order is latitude first. */
	g->op = proj_normalize_for_visualization(g->ctx, op);
	if (!g->op)
		rc = proj_fail(g, err, "cannot use the axis order of", src_crs);
out:
	proj_destroy(op);
	proj_destroy(src);
	proj_destroy(rd);
	if (rc) {
		bp_geo_close(g);
		return rc;
	}
	*out = g;
	return BP_OK;
}

void bp_geo_close(bp_geo *g)
{
	if (!g)
		return;
	proj_destroy(g->op);
	if (g->ctx)
		proj_context_destroy(g->ctx);
	if (g->h)
		GEOS_finish_r(g->h);
	free(g);
}

int bp_geo_is_identity(const bp_geo *g)
{
	return g->op == NULL;
}

bp_rc bp_geo_transform(bp_geo *g, int inverse, double *xy, size_t n, bp_error *err)
{
	if (!g->op || n == 0)
		return BP_OK;
	proj_errno_reset(g->op);
	/* Interleaved, as the rings are kept: a stride of two doubles. */
	size_t done = proj_trans_generic(g->op, inverse ? PJ_INV : PJ_FWD,
	                                 xy, 2 * sizeof(double), n, xy + 1, 2 * sizeof(double), n,
	                                 NULL, 0, 0, NULL, 0, 0);
	/* A point outside every candidate operation's area comes back as HUGE_VAL. */
	for (size_t i = 0; i < n; i++) {
		double x = xy[2 * i], y = xy[2 * i + 1];
		if (i >= done || !isfinite(x) || !isfinite(y) || fabs(x) > 1e12 || fabs(y) > 1e12) {
			int e = proj_errno(g->op);
			bp_error_detail(err, "point %zu; PROJ: %s", i + 1,
			                e ? proj_context_errno_string(g->ctx, e) : "no result");
			return bp_fail(err, BP_ERR_PARSE, "a coordinate could not be transformed to RD New");
		}
	}
	return BP_OK;
}

/* ------------------------------------------------------------ GEOS */

typedef struct geoms {
	GEOSGeometry **v;
	size_t n, cap;
} geoms;

static void geoms_push(geoms *s, GEOSGeometry *x)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->v = bp_xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = x;
}

static void geoms_free(GEOSContextHandle_t h, geoms *s)
{
	for (size_t i = 0; i < s->n; i++)
		GEOSGeom_destroy_r(h, s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static GEOSGeometry *make_ring(GEOSContextHandle_t h, const bp_geo_ring *r)
{
	GEOSCoordSequence *seq = GEOSCoordSeq_copyFromBuffer_r(h, r->xy, (unsigned)r->n, 0, 0);
	return seq ? GEOSGeom_createLinearRing_r(h, seq) : NULL;
}

static GEOSGeometry *make_polygon(GEOSContextHandle_t h, const bp_geo_polygon *p)
{
	GEOSGeometry *shell = make_ring(h, &p->rings[0]);
	if (!shell)
		return NULL;
	geoms holes = { 0 };
	for (size_t i = 1; i < p->n_rings; i++) {
		GEOSGeometry *hole = make_ring(h, &p->rings[i]);
		if (!hole) {
			GEOSGeom_destroy_r(h, shell);
			geoms_free(h, &holes);
			return NULL;
		}
		geoms_push(&holes, hole);
	}
	/* The polygon takes ownership of shell and holes, not of the array. */
	GEOSGeometry *poly = GEOSGeom_createPolygon_r(h, shell, holes.v, (unsigned)holes.n);
	free(holes.v);
	return poly;
}

/* Move every non-empty polygon of x (any type; x is destroyed) into out. */
static void take_polygons(GEOSContextHandle_t h, GEOSGeometry *x, geoms *out)
{
	int type = GEOSGeomTypeId_r(h, x);
	if (type == GEOS_POLYGON) {
		if (GEOSisEmpty_r(h, x) == 0)
			geoms_push(out, x);
		else
			GEOSGeom_destroy_r(h, x);
		return;
	}
	if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
		int n = GEOSGetNumGeometries_r(h, x);
		for (int i = 0; i < n; i++)
			take_polygons(h, GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, x, i)), out);
	}
	/* Lines and points that GEOSMakeValid splits off a collapsed ring carry no area. */
	GEOSGeom_destroy_r(h, x);
}

/* A MultiPolygon of x's polygons (x is destroyed); NULL when none are left. */
static GEOSGeometry *as_multipolygon(GEOSContextHandle_t h, GEOSGeometry *x)
{
	geoms parts = { 0 };
	take_polygons(h, x, &parts);
	if (parts.n == 0) {
		free(parts.v);
		return NULL;
	}
	GEOSGeometry *m = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.v, (unsigned)parts.n);
	free(parts.v);
	return m;
}

static bp_rc geos_fail(bp_geo *g, bp_error *err, const char *what)
{
	if (g->geos_msg[0])
		bp_error_detail(err, "GEOS: %s", g->geos_msg);
	return bp_fail(err, BP_ERR_PARSE, "%s", what);
}

static bp_rc write_wkb(bp_geo *g, GEOSWKBWriter *w, const GEOSGeometry *x, bp_arena *a,
                       unsigned char **out, size_t *len, bp_error *err)
{
	size_t n = 0;
	unsigned char *wkb = GEOSWKBWriter_write_r(g->h, w, x, &n);
	if (!wkb)
		return geos_fail(g, err, "GEOS could not write WKB");
	*out = bp_arena_alloc(a, n);
	memcpy(*out, wkb, n);
	*len = n;
	GEOSFree_r(g->h, wkb);
	return BP_OK;
}

bp_rc bp_geo_shape_build(bp_geo *g, const bp_geo_polygon *polys, size_t n_polys, double tolerance,
                         bp_arena *a, bp_geo_shape *out, bp_error *err)
{
	GEOSContextHandle_t h = g->h;
	GEOSGeometry *full = NULL, *simple = NULL;
	GEOSWKBWriter *w = NULL;
	geoms parts = { 0 };
	bp_rc rc = BP_OK;
	memset(out, 0, sizeof(*out));
	g->geos_msg[0] = '\0';

	for (size_t i = 0; i < n_polys; i++) {
		GEOSGeometry *p = make_polygon(h, &polys[i]);
		if (!p) {
			rc = geos_fail(g, err, "a polygon could not be built");
			goto out;
		}
		geoms_push(&parts, p);
	}
	full = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.v, (unsigned)parts.n);
	if (!full) {
		rc = geos_fail(g, err, "a multipolygon could not be built");
		goto out;
	}
	parts.n = 0;   /* owned by full now */

	char valid = GEOSisValid_r(h, full);
	if (valid == 2) {
		rc = geos_fail(g, err, "GEOS could not check the shape");
		goto out;
	}
	if (!valid) {
		/* Generalised borders self-touch now and then; repair rather than
		 * refuse, and say so in the counts. */
		GEOSGeometry *fixed = GEOSMakeValid_r(h, full);
		if (!fixed) {
			rc = geos_fail(g, err, "an invalid shape could not be repaired");
			goto out;
		}
		GEOSGeom_destroy_r(h, full);
		full = as_multipolygon(h, fixed);
		if (!full) {
			rc = bp_fail(err, BP_ERR_PARSE, "the shape has no area left after repair");
			goto out;
		}
		out->repaired = 1;
	}

	GEOSGeometry *s = GEOSTopologyPreserveSimplify_r(h, full, tolerance);
	simple = s ? as_multipolygon(h, s) : NULL;
	if (!simple || GEOSisValid_r(h, simple) != 1) {
		/* The drawing copy must be valid; the full shape always is. */
		if (simple)
			GEOSGeom_destroy_r(h, simple);
		simple = GEOSGeom_clone_r(h, full);
		out->simple_fallback = 1;
	}

	if (!GEOSGeom_getXMin_r(h, full, &out->xmin) || !GEOSGeom_getYMin_r(h, full, &out->ymin) ||
	    !GEOSGeom_getXMax_r(h, full, &out->xmax) || !GEOSGeom_getYMax_r(h, full, &out->ymax) ||
	    !GEOSArea_r(h, full, &out->area_full) || !GEOSArea_r(h, simple, &out->area_simple)) {
		rc = geos_fail(g, err, "GEOS could not measure the shape");
		goto out;
	}
	out->vertices_full = GEOSGetNumCoordinates_r(h, full);
	out->vertices_simple = GEOSGetNumCoordinates_r(h, simple);

	w = GEOSWKBWriter_create_r(h);
	if (!w) {
		rc = geos_fail(g, err, "GEOS could not create a WKB writer");
		goto out;
	}
	/* Little-endian 2D: what x86 and ARM readers take without swapping. */
	GEOSWKBWriter_setByteOrder_r(h, w, GEOS_WKB_NDR);
	GEOSWKBWriter_setOutputDimension_r(h, w, 2);
	GEOSWKBWriter_setIncludeSRID_r(h, w, 0);
	rc = write_wkb(g, w, full, a, &out->wkb_full, &out->wkb_full_len, err);
	if (rc == BP_OK)
		rc = write_wkb(g, w, simple, a, &out->wkb_simple, &out->wkb_simple_len, err);
out:
	if (w)
		GEOSWKBWriter_destroy_r(h, w);
	geoms_free(h, &parts);
	if (full)
		GEOSGeom_destroy_r(h, full);
	if (simple)
		GEOSGeom_destroy_r(h, simple);
	return rc;
}

/* ------------------------------------------------------------ WKB reader */

/* The reader copies doubles as they lie in the WKB, which is little-endian. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "bp_geo_wkb_rings assumes a little-endian host"
#endif

typedef struct wkb_in {
	const unsigned char *p, *end;
} wkb_in;

static int rd_u8(wkb_in *in, unsigned *v)
{
	if (in->end - in->p < 1)
		return -1;
	*v = *in->p++;
	return 0;
}

static int rd_u32(wkb_in *in, uint32_t *v)
{
	if (in->end - in->p < 4)
		return -1;
	/* Little-endian by construction (bp_geo_shape_build); read byte by byte, no alignment needed. */
	*v = (uint32_t)in->p[0] | (uint32_t)in->p[1] << 8 | (uint32_t)in->p[2] << 16 | (uint32_t)in->p[3] << 24;
	in->p += 4;
	return 0;
}

static int rd_header(wkb_in *in, uint32_t type)
{
	unsigned order;
	uint32_t t;
	if (rd_u8(in, &order) || order != 1 || rd_u32(in, &t) || t != type)
		return -1;
	return 0;
}

bp_rc bp_geo_wkb_rings(const unsigned char *wkb, size_t len, bp_geo_ring_fn ring, void *ctx, bp_error *err)
{
	wkb_in in = { wkb, wkb + len };
	uint32_t n_polys;
	double *buf = NULL;
	size_t cap = 0;
	bp_rc rc = BP_OK;
	if (rd_header(&in, 6) || rd_u32(&in, &n_polys))
		goto bad;
	for (uint32_t p = 0; p < n_polys; p++) {
		uint32_t n_rings;
		if (rd_header(&in, 3) || rd_u32(&in, &n_rings))
			goto bad;
		for (uint32_t r = 0; r < n_rings; r++) {
			uint32_t n;
			if (rd_u32(&in, &n) || (size_t)(in.end - in.p) / 16 < n)
				goto bad;
			if (n > cap) {
				cap = n;
				buf = bp_xrealloc(buf, cap * 2 * sizeof(double));
			}
			/* Copy: the bytes sit at odd offsets, and x86 and ARM are little-endian like the WKB. */
			memcpy(buf, in.p, (size_t)n * 16);
			in.p += (size_t)n * 16;
			ring(ctx, p, r, buf, n);
		}
	}
	if (in.p != in.end)
		goto bad;
	goto out;
bad:
	rc = bp_fail(err, BP_ERR_PARSE, "not a little-endian WKB MultiPolygon as buurtpeil stores them");
out:
	free(buf);
	return rc;
}
