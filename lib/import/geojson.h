/*
 * geojson.h: import area borders from a GeoJSON FeatureCollection of the
 * CBS/PDOK wijk- en buurtkaart or CBS gebiedsindelingen (gemeenten, wijken,
 * buurten) into bp.area_geometry (sql/004_geometry.sql).
 *
 * A TopoJSON Topology is read as the FeatureCollection it encodes
 * (topojson.c), so everything below holds for both formats; a feature's
 * number is then its geometry's number in the object.
 *
 * Two stages, so that a bad file never reaches the database:
 *   1. parse (jansson): every feature's code, level and polygons are read and
 *      checked, its coordinates transformed to RD New (PROJ), its full and
 *      simplified shapes built (GEOS); a syntax error stops with the file's
 *      line and column, a bad feature with its number (bp_error.row);
 *   2. load: one transaction writes the source and the shapes (COPY).
 * The same bytes loaded twice are recognised by their checksum: no-op.
 *
 * What is read from a feature's properties (nothing else; measures such as
 * aantal_inwoners come from the StatLine/OData importers):
 *   code   statcode, else buurtcode/BU_CODE, wijkcode/WK_CODE/WKC,
 *          gemeentecode/GM_CODE/GMC: the most detailed one present (a buurt
 *          carries its wijk's and gemeente's codes as attributes); not a CBS
 *          code -> skipped, counted
 *   water  water/WATER = "JA" -> skipped, counted (water records carry
 *          only sentinels)
 *   jaar   the indeling year when not given; a sentinel (<= -99990) is
 *          no year
 * Several features with one code are the parts of one area: their polygons
 * become one MultiPolygon (counted as merged); a polygon the area already
 * has, point for point, is kept once (counted as duplicates), so that GEOS
 * never repairs a pile of identical copies.  A feature whose area is not
 * in bp.area for the year is stored all the same (areas may be imported
 * later) and counted as unmatched.
 */
#ifndef BP_IMPORT_GEOJSON_H
#define BP_IMPORT_GEOJSON_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "import/areacode.h"
#include "import/geometry.h"

/* Metres.  At the scale of a gemeente map (~20 m a pixel) 5 m is invisible
 * and removes about half of a kaart's vertices. */
#define BP_GEOJSON_DEFAULT_TOLERANCE 5.0

typedef struct bp_geojson_options {
	const char *path;
	int year;           /* indeling year; 0 = the features' jaar, the collection's metadata.year, or a year in the file name */
	int level;          /* -1 = any; else a bp_area_level: features of other levels are skipped (counted) */
	double tolerance;   /* metres; 0 = BP_GEOJSON_DEFAULT_TOLERANCE */
	const char *crs;    /* NULL = the file's crs member, else WGS84 lon/lat (RFC 7946) */
	const char *object; /* a TopoJSON file: the object to read; NULL = its only one */
} bp_geojson_options;

typedef struct bp_geojson_feature {
	bp_area_code area;
	long index;          /* 1-based position in the features array */
	bp_geo_shape shape;
} bp_geojson_feature;

typedef struct bp_geojson_file {
	const char *path;
	const char *title;   /* the collection's name, else the file's base name */
	const char *crs;     /* as read: the crs member's name, or "OGC:CRS84" */
	int year;
	double tolerance;
	bp_geojson_feature *features;  /* kept ones only */
	size_t n_features;
	long total;          /* features in the file */
	long skipped_water, skipped_code, skipped_level, skipped_empty;
	long merged;         /* features whose code came earlier: their polygons join that area's */
	long duplicates;     /* polygons equal to one the area already has: kept once */
	long repaired, simple_fallback;
	long vertices_full, vertices_simple;
} bp_geojson_file;

typedef struct bp_geojson_result {
	long source_id;
	int already_loaded;
	long stored;
	long unmatched;      /* stored, but no bp.area row for code and year (yet) */
	bp_geojson_file file;
} bp_geojson_result;

/* Stage 1: parse and check data[0..len) read from opt->path.  Everything lives in a. */
bp_rc bp_geojson_parse(const bp_geojson_options *opt, const char *data, size_t len,
                       bp_arena *a, bp_geojson_file *out, bp_error *err) BP_MUST_CHECK;

/* Both stages.  The schema must be migrated.  res->file's arrays are not kept. */
bp_rc bp_import_geojson(PGconn *conn, const bp_geojson_options *opt,
                        bp_geojson_result *res, bp_error *err) BP_MUST_CHECK;

/* A year 1990..2100 standing alone in a file's base name ('wijk_2016_6.geojson'); 0 if none. */
int bp_geojson_year_from_name(const char *path);

#endif
