/*
 * geometry.h: polygons in RD New, through PROJ (coordinates) and GEOS
 * (validity, simplification, WKB).
 *
 * Everything we store is in EPSG:28992 (RD New, metres, x east, y north):
 * the projection CBS and PDOK publish in and the one reports are drawn in, so
 * the renderer only scales and flips y.  A shape is stored twice, as
 * little-endian 2D OGC WKB, always a MultiPolygon (WKB type 6) so that a
 * reader needs one code path:
 *   full    the input polygons, repaired by GEOSMakeValid when invalid;
 *   simple  GEOSTopologyPreserveSimplify of full with a tolerance in metres
 *           (per shape: neighbouring borders may part by up to the tolerance).
 * bp_geo_wkb_* reads that WKB back without GEOS, for the renderer.
 */
#ifndef BP_IMPORT_GEOMETRY_H
#define BP_IMPORT_GEOMETRY_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"

#define BP_GEO_RD_NEW "EPSG:28992"

typedef struct bp_geo bp_geo;

/* One ring: n points, x (easting or longitude) then y, in xy[0..2n). */
typedef struct bp_geo_ring {
	double *xy;
	size_t n;
} bp_geo_ring;

/* rings[0] is the outer ring, the rest holes. */
typedef struct bp_geo_polygon {
	bp_geo_ring *rings;
	size_t n_rings;
} bp_geo_polygon;

typedef struct bp_geo_shape {
	unsigned char *wkb_full, *wkb_simple;   /* arena memory */
	size_t wkb_full_len, wkb_simple_len;
	double xmin, ymin, xmax, ymax;          /* of full */
	long vertices_full, vertices_simple;
	double area_full, area_simple;          /* square metres */
	int repaired;           /* the input was invalid; full is GEOSMakeValid's polygons */
	int simple_fallback;    /* simplifying gave an invalid or empty shape: simple = full */
} bp_geo_shape;

/*
 * A transformation from src_crs to RD New: any name PROJ understands
 * ("EPSG:4326", "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::28992").
 * Axis order is always x = easting/longitude, y = northing/latitude, as in
 * GeoJSON, whatever the CRS's official order.  NULL or an RD New name: no
 * transformation.
 */
bp_rc bp_geo_open(const char *src_crs, bp_geo **out, bp_error *err) BP_MUST_CHECK;
void bp_geo_close(bp_geo *g);
/* 1 when src_crs is RD New itself. */
int bp_geo_is_identity(const bp_geo *g);

/* Transform n points xy[0..2n) (x, y, x, y, ...) in place to RD New
 * (inverse: from RD New back to src_crs). */
bp_rc bp_geo_transform(bp_geo *g, int inverse, double *xy, size_t n, bp_error *err) BP_MUST_CHECK;

/*
 * Build the stored shape from polygons already in RD New.  Rings must be
 * closed with at least 4 points (the caller checks, for its own locations).
 * tolerance: metres, > 0.
 */
bp_rc bp_geo_shape_build(bp_geo *g, const bp_geo_polygon *polys, size_t n_polys, double tolerance,
                         bp_arena *a, bp_geo_shape *out, bp_error *err) BP_MUST_CHECK;

/*
 * Read our WKB (a little-endian MultiPolygon) without GEOS: calls ring() for
 * every ring with its polygon index, ring index within the polygon (0 = outer)
 * and points.  xy points into a copy aligned for double; valid during the call.
 * BP_ERR_PARSE for anything else than what bp_geo_shape_build writes.
 */
typedef void (*bp_geo_ring_fn)(void *ctx, size_t polygon, size_t ring, const double *xy, size_t n);
bp_rc bp_geo_wkb_rings(const unsigned char *wkb, size_t len, bp_geo_ring_fn ring, void *ctx, bp_error *err) BP_MUST_CHECK;

#endif
