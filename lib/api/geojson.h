/*
 * geojson.h: an area's border as GeoJSON (RFC 7946: WGS84 longitude,
 * latitude), from the simplified border the maps draw (bp.area_geometry,
 * RD New WKB), read with lib/import/geometry's WKB reader and PROJ.
 */
#ifndef BP_API_GEOJSON_H
#define BP_API_GEOJSON_H

#include <jansson.h>
#include <stddef.h>

#include "core/error.h"

/* A MultiPolygon object; NULL on failure (err says why). */
json_t *bp_api_geojson(const unsigned char *wkb, size_t len, bp_error *err);

#endif
