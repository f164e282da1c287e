#include "api/geojson.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "import/geometry.h"

typedef struct rings_ctx {
	bp_geo *geo;
	json_t *polygons;    /* [[ring, ...], ...] */
	bp_rc rc;
	bp_error *err;
} rings_ctx;

/* 7 decimals of a degree: about a centimetre, more than the simplified border holds. */
static json_t *coord(double v)
{
	return json_real(round(v * 1e7) / 1e7);
}

static void on_ring(void *ctx, size_t polygon, size_t ring, const double *xy, size_t n)
{
	rings_ctx *c = ctx;
	if (c->rc)
		return;
	double *ll = bp_xmalloc(2 * n * sizeof(double) + 1);
	memcpy(ll, xy, 2 * n * sizeof(double));
	c->rc = bp_geo_transform(c->geo, 1, ll, n, c->err);   /* RD New -> WGS84 */
	if (!c->rc) {
		while (json_array_size(c->polygons) <= polygon)
			json_array_append_new(c->polygons, json_array());
		json_t *r = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(r, json_pack("[o, o]", coord(ll[2 * i]), coord(ll[2 * i + 1])));
		json_t *poly = json_array_get(c->polygons, polygon);
		(void)ring;   /* rings arrive in order: the outer first */
		json_array_append_new(poly, r);
	}
	free(ll);
}

json_t *bp_api_geojson(const unsigned char *wkb, size_t len, bp_error *err)
{
	bp_geo *geo = NULL;
	/* One transformation per call: PROJ's objects are not shared between
	 * threads, and the answer cache keeps the result. */
	if (bp_geo_open("EPSG:4326", &geo, err))
		return NULL;
	rings_ctx c = { geo, json_array(), BP_OK, err };
	bp_rc rc = bp_geo_wkb_rings(wkb, len, on_ring, &c, err);
	bp_geo_close(geo);
	if (rc || c.rc) {
		json_decref(c.polygons);
		return NULL;
	}
	return json_pack("{s:s, s:o}", "type", "MultiPolygon", "coordinates", c.polygons);
}
