/*
 * custom_polygon.h: the 'polygon' of a custom area (a .yaml file of areas/) drawn
 * instead of listed as members:
 *
 *     polygon:
 *       crs: EPSG:28992          # optional: RD New (default), or any PROJ name (EPSG:4326)
 *       coordinates:             # as GeoJSON's Polygon: the outer ring, then holes
 *         - [[150200, 450000], [151500, 450000], [151500, 451000], [150200, 451000], [150200, 450000]]
 *
 * Read here into GeoJSON coordinates text (stored in bp.custom_area_polygon);
 * the geometry itself (PROJ, GEOS validity, the shares of every indeling's
 * areas in it) is import/custom_overlay.c's, which has those libraries.
 */
#ifndef BP_ENGINE_CUSTOM_POLYGON_H
#define BP_ENGINE_CUSTOM_POLYGON_H

#include <stddef.h>

#include "core/error.h"
#include "core/srcloc.h"
#include "core/yamldoc.h"

typedef struct bp_custom_polygon {
	const char *crs;           /* as written; default BP_CUSTOM_POLYGON_CRS */
	const char *coordinates;   /* JSON: [[[x, y], ...], ...] */
	size_t n_rings;
	bp_srcloc loc;             /* of the 'polygon' value */
} bp_custom_polygon;

#define BP_CUSTOM_POLYGON_CRS "EPSG:28992"

/*
 * Read node (the value of 'polygon').  Unknown keys, a ring of fewer than
 * four points, a ring not closed, a point that is not two finite numbers:
 * BP_ERR_CONFIG at FILE:LINE:COL of the offending node.
 */
bp_rc bp_custom_polygon_parse(const bp_yaml_doc *doc, const bp_yaml_node *node, bp_custom_polygon *out,
                              bp_error *err) BP_MUST_CHECK;

#endif
