/*
 * topojson.c: see topojson.h.
 *
 * Written here rather than taken from a library: no Debian C library reads
 * TopoJSON except GDAL, whose -dev package would pull a hundred packages into
 * the build for one format, while the decoding is the few steps below on top
 * of jansson (which parses the JSON).
 */
#include "import/topojson.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

typedef struct topo {
	const json_t *arcs;
	int quantized;
	double scale[2], translate[2];
	const char *path;
	bp_error *err;
	long geometry;            /* 1-based number of the geometry being decoded */
} topo;

static bp_rc topo_fail(topo *t, const char *fmt, const char *a1, long n)
{
	bp_error_at(t->err, t->path, 0, 0);
	if (t->geometry > 0)
		bp_error_row(t->err, t->geometry);
	bp_rc rc = bp_fail(t->err, BP_ERR_PARSE, fmt, a1, n);
	if (t->geometry > 0)
		bp_error_detail(t->err, "in geometry %ld of the object", t->geometry);
	return rc;
}

static int number_pair(const json_t *a, double out[2])
{
	if (!json_is_array(a) || json_array_size(a) < 2 || !json_is_number(json_array_get(a, 0)) ||
	    !json_is_number(json_array_get(a, 1)))
		return -1;
	out[0] = json_number_value(json_array_get(a, 0));
	out[1] = json_number_value(json_array_get(a, 1));
	return 0;
}

/* Append arc `index` (negative: ~index reversed) to ring, decoded; skip_first
 * drops its first point, which repeats the ring's last one. */
static bp_rc append_arc(topo *t, json_t *ring, json_int_t index, int skip_first)
{
	int reversed = index < 0;
	json_int_t i = reversed ? ~index : index;
	const json_t *arc = i < (json_int_t)json_array_size(t->arcs) ? json_array_get(t->arcs, (size_t)i) : NULL;
	if (!json_is_array(arc) || json_array_size(arc) == 0)
		return topo_fail(t, "arc %s%ld does not exist or is empty", reversed ? "~" : "", (long)i);
	size_t n = json_array_size(arc);
	/* Decode the whole arc first: the deltas run forwards even when the arc is used backwards. */
	double *xy = bp_xmalloc(2 * n * sizeof(double));
	double x = 0, y = 0;
	for (size_t k = 0; k < n; k++) {
		double p[2];
		if (number_pair(json_array_get(arc, k), p) != 0) {
			free(xy);
			return topo_fail(t, "position %s of arc %ld is not [x, y]", "", (long)i);
		}
		if (t->quantized) {
			x += p[0];
			y += p[1];
			xy[2 * k] = x * t->scale[0] + t->translate[0];
			xy[2 * k + 1] = y * t->scale[1] + t->translate[1];
		} else {
			xy[2 * k] = p[0];
			xy[2 * k + 1] = p[1];
		}
	}
	for (size_t k = skip_first ? 1 : 0; k < n; k++) {
		size_t at = reversed ? n - 1 - k : k;
		json_array_append_new(ring, json_pack("[f, f]", xy[2 * at], xy[2 * at + 1]));
	}
	free(xy);
	return BP_OK;
}

/* A polygon: an array of rings, each an array of arc indices. */
static bp_rc decode_polygon(topo *t, const json_t *rings, json_t **out)
{
	if (!json_is_array(rings))
		return topo_fail(t, "a polygon's arcs are not an array of rings%s", "", 0);
	json_t *poly = json_array();
	size_t r;
	const json_t *ring_arcs;
	json_array_foreach(rings, r, ring_arcs) {
		if (!json_is_array(ring_arcs) || json_array_size(ring_arcs) == 0) {
			json_decref(poly);
			return topo_fail(t, "ring %s%ld is not a list of arc indices", "", (long)r + 1);
		}
		json_t *ring = json_array();
		size_t k;
		const json_t *ix;
		json_array_foreach(ring_arcs, k, ix) {
			bp_rc rc = json_is_integer(ix) ? append_arc(t, ring, json_integer_value(ix), k > 0)
			                               : topo_fail(t, "an arc index of ring %s%ld is not an integer", "", (long)r + 1);
			if (rc) {
				json_decref(ring);
				json_decref(poly);
				return rc;
			}
		}
		json_array_append_new(poly, ring);
	}
	*out = poly;
	return BP_OK;
}

static bp_rc decode_geometry(topo *t, const json_t *g, json_t **out)
{
	const char *type = json_string_value(json_object_get(g, "type"));
	const json_t *arcs = json_object_get(g, "arcs");
	*out = NULL;
	if (!type)
		return BP_OK;   /* a null geometry: geojson.c says "has no geometry" */
	if (strcmp(type, "Polygon") == 0) {
		json_t *coords;
		bp_rc rc = decode_polygon(t, arcs, &coords);
		if (rc)
			return rc;
		*out = json_pack("{s:s, s:o}", "type", "Polygon", "coordinates", coords);
		return BP_OK;
	}
	if (strcmp(type, "MultiPolygon") == 0) {
		if (!json_is_array(arcs))
			return topo_fail(t, "a MultiPolygon's arcs are not an array of polygons%s", "", 0);
		json_t *multi = json_array();
		size_t i;
		const json_t *p;
		json_array_foreach(arcs, i, p) {
			json_t *coords;
			bp_rc rc = decode_polygon(t, p, &coords);
			if (rc) {
				json_decref(multi);
				return rc;
			}
			json_array_append_new(multi, coords);
		}
		*out = json_pack("{s:s, s:o}", "type", "MultiPolygon", "coordinates", multi);
		return BP_OK;
	}
	/* Points, lines, nested collections: not an area border; geojson.c refuses them by number. */
	*out = json_pack("{s:s}", "type", type);
	return BP_OK;
}

int bp_topojson_is_topology(const json_t *root)
{
	const char *type = json_string_value(json_object_get(root, "type"));
	return type && strcmp(type, "Topology") == 0;
}

static bp_rc pick_object(topo *t, const json_t *objects, const char *name, const json_t **obj)
{
	if (!json_is_object(objects) || json_object_size(objects) == 0)
		return topo_fail(t, "the topology has no objects%s", "", 0);
	if (name) {
		*obj = json_object_get(objects, name);
		if (!*obj) {
			bp_rc rc = topo_fail(t, "the topology has no object '%s'%.0ld", name, 0);
			bp_error_hint(t->err, "its objects are listed under \"objects\" in the file");
			return rc;
		}
		return BP_OK;
	}
	if (json_object_size(objects) > 1) {
		char names[512] = "";
		const char *k;
		const json_t *v;
		json_object_foreach((json_t *)objects, k, v) {
			size_t len = strlen(names);
			snprintf(names + len, sizeof(names) - len, "%s%s", len ? ", " : "", k);
		}
		bp_error_at(t->err, t->path, 0, 0);
		bp_rc rc = bp_fail(t->err, BP_ERR_USAGE, "the topology holds several objects (%s): say which", names);
		bp_error_hint(t->err, "give it with --object NAME");
		return rc;
	}
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)objects, k, v) {
		*obj = v;
	}
	return BP_OK;
}

bp_rc bp_topojson_to_geojson(const json_t *root, const char *object, const char *path,
                             json_t **out, bp_error *err)
{
	topo t = { .arcs = json_object_get(root, "arcs"), .path = path, .err = err };
	*out = NULL;
	if (!json_is_array(t.arcs))
		return topo_fail(&t, "the topology has no \"arcs\" array%s", "", 0);
	const json_t *tr = json_object_get(root, "transform");
	if (tr) {
		if (number_pair(json_object_get(tr, "scale"), t.scale) != 0 ||
		    number_pair(json_object_get(tr, "translate"), t.translate) != 0 ||
		    !isfinite(t.scale[0]) || !isfinite(t.scale[1]) || t.scale[0] == 0 || t.scale[1] == 0)
			return topo_fail(&t, "the transform needs \"scale\" (two non-zero numbers) and \"translate\" (two numbers)%s", "", 0);
		t.quantized = 1;
	}
	const json_t *obj = NULL;
	bp_rc rc = pick_object(&t, json_object_get(root, "objects"), object, &obj);
	if (rc)
		return rc;
	const json_t *geoms = json_object_get(obj, "geometries");
	const char *otype = json_string_value(json_object_get(obj, "type"));
	json_t *features = json_array();
	if (otype && strcmp(otype, "GeometryCollection") == 0 && json_is_array(geoms)) {
		size_t i;
		const json_t *g;
		json_array_foreach(geoms, i, g) {
			t.geometry = (long)i + 1;
			json_t *geom;
			if ((rc = decode_geometry(&t, g, &geom))) {
				json_decref(features);
				return rc;
			}
			json_t *props = json_object_get(g, "properties");
			json_t *f = json_pack("{s:s, s:O, s:o}", "type", "Feature",
			                      "properties", props ? props : json_null(), "geometry", geom ? geom : json_null());
			if (json_object_get(g, "id"))
				json_object_set(f, "id", json_object_get(g, "id"));
			json_array_append_new(features, f);
		}
	} else {
		/* A single geometry as the object: one feature. */
		t.geometry = 1;
		json_t *geom;
		if ((rc = decode_geometry(&t, obj, &geom))) {
			json_decref(features);
			return rc;
		}
		json_t *props = json_object_get(obj, "properties");
		json_array_append_new(features, json_pack("{s:s, s:O, s:o}", "type", "Feature",
		                                          "properties", props ? props : json_null(),
		                                          "geometry", geom ? geom : json_null()));
	}
	*out = json_pack("{s:s, s:o}", "type", "FeatureCollection", "features", features);
	/* A crs member, if a producer added one (not in the spec), still counts. */
	if (json_object_get(root, "crs"))
		json_object_set(*out, "crs", json_object_get(root, "crs"));
	return BP_OK;
}
