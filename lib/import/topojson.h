/*
 * topojson.h: read a TopoJSON Topology (the format of many published CBS
 * buurt maps, e.g. for Power BI shape maps) as the GeoJSON FeatureCollection
 * it encodes, so that geojson.c reads both with one code path: the same
 * property names, checks, CRS handling, simplification and load.
 *
 * TopoJSON (github.com/topojson/topojson-specification) stores each shared
 * border once as an "arc"; a polygon's ring is a list of arc indices (~i =
 * the arc i reversed), and with a "transform" every arc is quantized and
 * delta-encoded.  Decoding: undo the deltas, scale and translate, join the
 * arcs of a ring (the first point of each following arc repeats the last
 * point of the one before and is dropped).
 */
#ifndef BP_IMPORT_TOPOJSON_H
#define BP_IMPORT_TOPOJSON_H

#include <jansson.h>

#include "core/error.h"

/* Is root a TopoJSON Topology (an object with "type": "Topology")? */
int bp_topojson_is_topology(const json_t *root);

/*
 * The FeatureCollection of one object of the topology: the one named
 * `object`, or, when NULL, the only one (several without a name is
 * BP_ERR_USAGE naming them).  Each geometry becomes a Feature with the
 * geometry's properties (and its id); Polygon and MultiPolygon are
 * decoded, a null geometry stays null, any other type is kept as
 * {"type": TYPE} for geojson.c to refuse with the feature's number.
 * A broken topology (an arc index out of range, a position that is not two
 * numbers, a bad transform) is BP_ERR_PARSE naming path and the geometry's
 * number (err->row).  On success *out is a new reference.
 */
bp_rc bp_topojson_to_geojson(const json_t *root, const char *object, const char *path,
                             json_t **out, bp_error *err) BP_MUST_CHECK;

#endif
