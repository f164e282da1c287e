/*
 * test_geojson: area borders (lib/import/geometry.c, lib/import/geojson.c).
 *
 * Groups:
 *   geometry  PROJ against the published RD reference point, GEOS shapes and
 *             our WKB reader on a square drawn by hand;
 *   parse     bp_geojson_parse on the fixtures in tests/fixtures/geo/ and on
 *             broken files written here, no database;
 *   db        bp_import_geojson against a real throwaway PostgreSQL.
 *
 * Expected numbers are not computed by the code under test.  From the
 * fixtures with Python's json module (no GIS library), for
 * wijken_2016_oss_hilversum.geojson (RD New, whole metres):
 *   WK082801  1 polygon, 1 ring, 21 positions (closing one included),
 *             min/max x 164522/166446, y 419610/421332, shoelace area 2,057,032.5 m2
 *   WK040201  1 polygon, 1 ring, 74 positions, x 139711/141291, y 470025/471829,
 *             area 1,033,486.5 m2
 * WKB size of a 1-polygon 1-ring MultiPolygon of n points, by the OGC layout:
 *   1 + 4 + 4 (multi: order, type, count) + 1 + 4 + 4 (polygon) + 4 (ring count) + 16 n
 *   = 22 + 16 n: 358 bytes for WK082801.
 * All-NL files under ../shared/data (tested when present): wijk_2016_6.geojson
 * has 2,982 features, 2 with empty coordinates (WK024316, WK099590) and
 * WK191104 twice (features 2824 and 2982: two parts of one wijk), so 2,979 areas.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <unistd.h>

#include <cmocka.h>
#include <geos_c.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/buf.h"
#include "import/geojson.h"
#include "import/geometry.h"
#include "import/statline_csv.h"
#include "importtest.h"
#include "pgtest.h"
#include "shared.h"

#define RD2016 "geo/wijken_2016_oss_hilversum.geojson"
#define RD2016_SHA256 "d40fb2c8b61c1a166fa51cbb0e91609803863ff7107cc86a63a7d19e602dab8a"
#define WGS2024 "geo/wijken_2024_oss_hilversum.geojson"
#define GEM2017 "geo/gemeenten_2017_oss_hilversum.geojson"
#define BAARN_EDITED "geo/baarn_buurten_2024_edited_water_badcode.geojson"
#define KWB2024 "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"
#define ALL_2016_REL "/../shared/data/cbs-wijken-2016-geojson/wijk_2016_6.geojson"

/* ------------------------------------------------------------ helpers */

typedef struct parsed {
	bp_arena *a;
	bp_geojson_file f;
	bp_error err;
	bp_rc rc;
} parsed;

static void parse_path(parsed *p, const char *path, double tolerance)
{
	char *data = NULL;
	size_t len = 0;
	memset(p, 0, sizeof(*p));
	p->a = bp_arena_new();
	assert_int_equal(bp_file_read_all(path, p->a, &data, &len, &p->err), BP_OK);
	bp_geojson_options o = { .path = path, .level = -1, .tolerance = tolerance };
	p->rc = bp_geojson_parse(&o, data, len, p->a, &p->f, &p->err);
}

static const bp_geojson_feature *find(const bp_geojson_file *f, const char *code)
{
	for (size_t i = 0; i < f->n_features; i++)
		if (strcmp(f->features[i].area.code, code) == 0)
			return &f->features[i];
	fail_msg("%s not parsed", code);
	return NULL;
}

/* GEOS, independently of bp_geo: is this WKB a valid MultiPolygon, and its area. */
static int wkb_valid(const unsigned char *wkb, size_t len, double *area)
{
	GEOSContextHandle_t h = GEOS_init_r();
	GEOSWKBReader *r = GEOSWKBReader_create_r(h);
	GEOSGeometry *g = GEOSWKBReader_read_r(h, r, wkb, len);
	int ok = g && GEOSGeomTypeId_r(h, g) == GEOS_MULTIPOLYGON && GEOSisValid_r(h, g) == 1;
	if (g && area)
		GEOSArea_r(h, g, area);
	GEOSGeom_destroy_r(h, g);
	GEOSWKBReader_destroy_r(h, r);
	GEOS_finish_r(h);
	return ok;
}

static void write_file(const char *path, const char *text)
{
	bp_error err = { 0 };
	assert_int_equal(bp_file_write_atomic(path, text, strlen(text), &err), BP_OK);
}

/* One valid feature in RD New, for building broken files around. */
#define GOOD_RD_FEATURE \
	"{\"type\":\"Feature\",\"properties\":{\"statcode\":\"GM0828\"},\"geometry\":{\"type\":\"Polygon\"," \
	"\"coordinates\":[[[160000,420000],[161000,420000],[161000,421000],[160000,421000],[160000,420000]]]}}"
#define RD_CRS "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::28992\"}}"

/* ------------------------------------------------------------ geometry */

/* The RD origin (Onze Lieve Vrouwetoren, Amersfoort): x 155000, y 463000 is
 * ETRS89 lat 52.15517440, lon 5.38720621 (RDNAPTRANS reference values).
 * Without the rdtrans2018 grid PROJ uses a Helmert transformation good to about 1 m. */
static void test_amersfoort(void **state)
{
	(void)state;
	bp_error err = { 0 };
	bp_geo *g;
	assert_int_equal(bp_geo_open("EPSG:4326", &g, &err), BP_OK);
	assert_false(bp_geo_is_identity(g));
	double xy[2] = { 5.38720621, 52.15517440 };
	assert_int_equal(bp_geo_transform(g, 0, xy, 1, &err), BP_OK);
	double d = hypot(xy[0] - 155000.0, xy[1] - 463000.0);
	assert_true(d < 1.0);

	double back[2] = { 155000.0, 463000.0 };
	assert_int_equal(bp_geo_transform(g, 1, back, 1, &err), BP_OK);
	/* metres: a degree of latitude is 111.2 km; of longitude, times cos(52.155) */
	double dy = (back[1] - 52.15517440) * 111200.0;
	double dx = (back[0] - 5.38720621) * 111200.0 * cos(52.15517440 * M_PI / 180.0);
	assert_true(hypot(dx, dy) < 1.0);
	bp_geo_close(g);

	/* CRS84 (RFC 7946's default) is the same with lon/lat by definition. */
	assert_int_equal(bp_geo_open("OGC:CRS84", &g, &err), BP_OK);
	double xy2[2] = { 5.38720621, 52.15517440 };
	assert_int_equal(bp_geo_transform(g, 0, xy2, 1, &err), BP_OK);
	assert_true(hypot(xy2[0] - 155000.0, xy2[1] - 463000.0) < 1.0);
	bp_geo_close(g);

	/* RD New in GeoJSON's old urn spelling: nothing to transform. */
	assert_int_equal(bp_geo_open("urn:ogc:def:crs:EPSG::28992", &g, &err), BP_OK);
	assert_true(bp_geo_is_identity(g));
	bp_geo_close(g);
}

static void test_unknown_crs(void **state)
{
	(void)state;
	bp_error err = { 0 };
	bp_geo *g = NULL;
	assert_int_equal(bp_geo_open("EPSG:999999", &g, &err), BP_ERR_PARSE);
	assert_null(g);
	assert_non_null(strstr(err.message, "EPSG:999999"));
}

typedef struct rings_seen {
	size_t rings, points;
	double xmin, xmax;
} rings_seen;

static void count_ring(void *ctx, size_t polygon, size_t ring, const double *xy, size_t n)
{
	rings_seen *s = ctx;
	(void)polygon;
	(void)ring;
	s->rings++;
	s->points += n;
	for (size_t i = 0; i < n; i++) {
		if (xy[2 * i] < s->xmin)
			s->xmin = xy[2 * i];
		if (xy[2 * i] > s->xmax)
			s->xmax = xy[2 * i];
	}
}

/* A 100 m square with a 10 m square hole: area 9,900 m2, 10 points. */
static void test_shape_and_wkb(void **state)
{
	(void)state;
	bp_error err = { 0 };
	bp_geo *g;
	bp_arena *a = bp_arena_new();
	double outer[] = { 0, 400000, 100, 400000, 100, 400100, 0, 400100, 0, 400000 };
	double hole[] = { 40, 400040, 40, 400050, 50, 400050, 50, 400040, 40, 400040 };
	bp_geo_ring rings[] = { { outer, 5 }, { hole, 5 } };
	bp_geo_polygon poly = { rings, 2 };
	bp_geo_shape s;
	assert_int_equal(bp_geo_open(NULL, &g, &err), BP_OK);
	assert_int_equal(bp_geo_shape_build(g, &poly, 1, 5.0, a, &s, &err), BP_OK);
	assert_true(fabs(s.area_full - 9900.0) < 1e-6);
	assert_true(s.xmin == 0 && s.ymin == 400000 && s.xmax == 100 && s.ymax == 400100);
	assert_int_equal(s.vertices_full, 10);
	assert_false(s.repaired);
	/* 9 header bytes + polygon (9 + 2 ring counts of 4 + 10 points of 16) */
	assert_int_equal(s.wkb_full_len, 9 + 9 + 8 + 160);
	rings_seen seen = { 0, 0, 1e9, -1e9 };
	assert_int_equal(bp_geo_wkb_rings(s.wkb_full, s.wkb_full_len, count_ring, &seen, &err), BP_OK);
	assert_int_equal(seen.rings, 2);
	assert_int_equal(seen.points, 10);
	assert_true(seen.xmin == 0 && seen.xmax == 100);
	/* one byte short: refused, not read past the end */
	assert_int_equal(bp_geo_wkb_rings(s.wkb_full, s.wkb_full_len - 1, count_ring, &seen, &err), BP_ERR_PARSE);

	/* A bow tie (self-intersecting) is repaired into its two triangles. */
	double bow[] = { 0, 400000, 100, 400100, 100, 400000, 0, 400100, 0, 400000 };
	bp_geo_ring r2 = { bow, 5 };
	bp_geo_polygon p2 = { &r2, 1 };
	assert_int_equal(bp_geo_shape_build(g, &p2, 1, 5.0, a, &s, &err), BP_OK);
	assert_true(s.repaired);
	assert_true(fabs(s.area_full - 5000.0) < 1e-6);
	assert_true(wkb_valid(s.wkb_full, s.wkb_full_len, NULL));
	bp_geo_close(g);
	bp_arena_free(a);
}

/* ------------------------------------------------------------ parse */

static void test_parse_rd(void **state)
{
	(void)state;
	parsed p;
	parse_path(&p, bp_test_fixture(RD2016), 0);
	assert_int_equal(p.rc, BP_OK);
	assert_int_equal(p.f.year, 2016);                    /* from the file name */
	assert_string_equal(p.f.crs, "urn:ogc:def:crs:EPSG::28992");
	assert_int_equal(p.f.total, 32);
	assert_int_equal(p.f.n_features, 32);
	assert_true(p.f.tolerance == BP_GEOJSON_DEFAULT_TOLERANCE);

	const bp_geojson_feature *w = find(&p.f, "WK082801");
	assert_int_equal(w->area.level, BP_LEVEL_WIJK);
	assert_string_equal(w->area.gemeente, "GM0828");
	assert_true(w->shape.xmin == 164522 && w->shape.ymin == 419610);
	assert_true(w->shape.xmax == 166446 && w->shape.ymax == 421332);
	assert_int_equal(w->shape.vertices_full, 21);
	assert_true(fabs(w->shape.area_full - 2057032.5) < 1e-3);
	assert_int_equal(w->shape.wkb_full_len, 22 + 16 * 21);

	w = find(&p.f, "WK040201");
	assert_true(w->shape.xmin == 139711 && w->shape.ymin == 470025);
	assert_true(w->shape.xmax == 141291 && w->shape.ymax == 471829);
	assert_int_equal(w->shape.vertices_full, 74);
	assert_true(fabs(w->shape.area_full - 1033486.5) < 1e-3);
	/* Simplified (5 m): fewer vertices, valid, area within 1 %. */
	assert_true(w->shape.vertices_simple < w->shape.vertices_full);
	double area_simple;
	assert_true(wkb_valid(w->shape.wkb_simple, w->shape.wkb_simple_len, &area_simple));
	assert_true(fabs(area_simple - 1033486.5) / 1033486.5 < 0.01);
	assert_true(fabs(area_simple - w->shape.area_simple) < 1e-6);

	/* Every shape of the file: simple valid, within 1 % of full. */
	assert_true(p.f.vertices_simple < p.f.vertices_full);
	for (size_t i = 0; i < p.f.n_features; i++) {
		const bp_geo_shape *s = &p.f.features[i].shape;
		assert_true(wkb_valid(s->wkb_full, s->wkb_full_len, NULL));
		assert_true(wkb_valid(s->wkb_simple, s->wkb_simple_len, NULL));
		assert_true(fabs(s->area_simple - s->area_full) / s->area_full < 0.01);
	}
	bp_arena_free(p.a);
}

/* The PDOK 2024 wijken are WGS84 (no crs member).  Independent check of the
 * transformation: WK082801 Schadewijk's RD box must lie within 100 m of the
 * 2016 RD New file's box for the same code (CBS's own RD coordinates; the
 * 2024 copy is simplified by ~35-55 m and its code set is unchanged). */
static void test_parse_wgs84(void **state)
{
	(void)state;
	parsed p;
	parse_path(&p, bp_test_fixture(WGS2024), 0);
	assert_int_equal(p.rc, BP_OK);
	assert_int_equal(p.f.year, 2024);                    /* metadata.year */
	assert_string_equal(p.f.crs, "OGC:CRS84");
	assert_int_equal(p.f.n_features, 32);
	const bp_geojson_feature *w = find(&p.f, "WK082801");
	assert_true(fabs(w->shape.xmin - 164522) < 100 && fabs(w->shape.ymin - 419610) < 100);
	assert_true(fabs(w->shape.xmax - 166446) < 100 && fabs(w->shape.ymax - 421332) < 100);
	/* ... and its area within 3 % of the 2016 shoelace area. */
	assert_true(fabs(w->shape.area_full - 2057032.5) / 2057032.5 < 0.03);
	bp_arena_free(p.a);
}

/* The same file saved with a UTF-8 BOM (as Windows editors save it): read as without one. */
static void test_parse_bom(void **state)
{
	(void)state;
	parsed plain;
	parse_path(&plain, bp_test_fixture(WGS2024), 0);
	assert_int_equal(plain.rc, BP_OK);
	char *data = NULL;
	size_t len = 0;
	bp_arena *a = bp_arena_new();
	assert_int_equal(bp_file_read_all(bp_test_fixture(WGS2024), a, &data, &len, &plain.err), BP_OK);
	char *bom = bp_arena_alloc(a, len + 3);
	memcpy(bom, "\xEF\xBB\xBF", 3);
	memcpy(bom + 3, data, len);
	bp_geojson_options o = { .path = "bom.geojson", .level = -1 };
	bp_geojson_file f;
	bp_error err = { 0 };
	bp_rc rc = bp_geojson_parse(&o, bom, len + 3, a, &f, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_int_equal(f.n_features, plain.f.n_features);
	assert_true(find(&f, "WK082801")->shape.area_full == find(&plain.f, "WK082801")->shape.area_full);
	bp_arena_free(a);
	bp_arena_free(plain.a);
}

/* Baarn buurten 2024 with two edits (PROVENANCE.md): BU03080005 water = JA,
 * BU03080006's buurtcode = 'Transvaal'.  Year from the property jaar. */
static void test_parse_skips(void **state)
{
	(void)state;
	parsed p;
	parse_path(&p, bp_test_fixture(BAARN_EDITED), 0);
	assert_int_equal(p.rc, BP_OK);
	assert_int_equal(p.f.year, 2024);
	assert_int_equal(p.f.total, 3);
	assert_int_equal(p.f.skipped_water, 1);
	assert_int_equal(p.f.skipped_code, 1);
	assert_int_equal(p.f.n_features, 1);
	assert_string_equal(p.f.features[0].area.code, "BU03080004");
	assert_int_equal(p.f.features[0].area.level, BP_LEVEL_BUURT);  /* buurtcode wins over wijkcode */
	bp_arena_free(p.a);
}

/*
 * 1,000 copies of one feature (issue 24: a file with many duplicated
 * features took minutes, each copy going through GEOS's repair again): the
 * copies are one part, counted as duplicates, and the border is the
 * square as it is, valid without repair.
 */
static void test_parse_duplicates(void **state)
{
	(void)state;
	static const char feature[] =
		"{\"type\":\"Feature\",\"properties\":{\"wijkcode\":\"WK082801\",\"jaar\":2024},"
		"\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
		"[[[160000,420000],[161000,420000],[161000,421000],[160000,421000],[160000,420000]]]}}";
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_adds(&b, "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
	                "{\"name\":\"urn:ogc:def:crs:EPSG::28992\"}},\"features\":[");
	for (int i = 0; i < 1000; i++) {
		if (i)
			bp_buf_addc(&b, ',');
		bp_buf_adds(&b, feature);
	}
	bp_buf_adds(&b, "]}");
	bp_arena *a = bp_arena_new();
	bp_geojson_file f;
	bp_error err = { 0 };
	bp_geojson_options o = { .path = "dup.geojson", .level = -1 };
	assert_int_equal(bp_geojson_parse(&o, b.data, b.len, a, &f, &err), BP_OK);
	assert_int_equal(f.total, 1000);
	assert_int_equal(f.n_features, 1);
	assert_int_equal(f.merged, 999);
	assert_int_equal(f.duplicates, 999);
	assert_int_equal(f.repaired, 0);
	assert_int_equal(f.features[0].shape.vertices_full, 5);
	assert_true(fabs(f.features[0].shape.area_full - 1e6) < 1e-6);
	bp_arena_free(a);
	bp_buf_release(&b);
}

typedef struct broken {
	const char *name, *text;
	long line, column, row;     /* expected; -1 = do not check */
	const char *needle;         /* in message or hint */
} broken;

static void test_parse_broken(void **state)
{
	(void)state;
	char dir[256];
	bp_test_tmpdir(dir, sizeof(dir));
	static const broken cases[] = {
		{ "truncated.geojson",
		  "{\n  \"type\": \"FeatureCollection\",\n  \"features\": [\n    {\"type\": \"Feature\", \"properties\": {\"statcode\": \"GM08",
		  4, -1, 0, "not valid JSON" },
		{ "no_geometry_2024.geojson",
		  "{\"type\":\"FeatureCollection\"," RD_CRS ",\"features\":[" GOOD_RD_FEATURE ","
		  "{\"type\":\"Feature\",\"properties\":{\"statcode\":\"GM0402\"}}]}",
		  0, 0, 2, "GM0402 has no geometry" },
		{ "null_geometry_2024.geojson",
		  "{\"type\":\"FeatureCollection\"," RD_CRS ",\"features\":["
		  "{\"type\":\"Feature\",\"properties\":{\"statcode\":\"GM0402\"},\"geometry\":null}]}",
		  0, 0, 1, "has no geometry" },
		{ "linestring_2024.geojson",
		  "{\"type\":\"FeatureCollection\"," RD_CRS ",\"features\":[" GOOD_RD_FEATURE ","
		  "{\"type\":\"Feature\",\"properties\":{\"statcode\":\"GM0402\"},\"geometry\":{\"type\":\"LineString\","
		  "\"coordinates\":[[160000,420000],[161000,420000]]}}]}",
		  0, 0, 2, "LineString is not an area border" },
		{ "open_ring_2024.geojson",
		  "{\"type\":\"FeatureCollection\"," RD_CRS ",\"features\":["
		  "{\"type\":\"Feature\",\"properties\":{\"statcode\":\"GM0828\"},\"geometry\":{\"type\":\"Polygon\","
		  "\"coordinates\":[[[160000,420000],[161000,420000],[161000,421000],[160000,421000]]]}}]}",
		  0, 0, 1, "not closed" },
		{ "rd_without_crs_2024.geojson",
		  "{\"type\":\"FeatureCollection\",\"features\":[" GOOD_RD_FEATURE "]}",
		  0, 0, 1, "--crs EPSG:28992" },
		{ "not_a_collection.geojson", "{\"type\":\"Feature\"}", 0, 0, 0, "FeatureCollection" },
		{ "no_year.geojson", "{\"type\":\"FeatureCollection\"," RD_CRS ",\"features\":[" GOOD_RD_FEATURE "]}",
		  0, 0, 0, "--year" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const broken *c = &cases[i];
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", dir, c->name);
		write_file(path, c->text);
		parsed p;
		parse_path(&p, path, 0);
		char text[4096];
		bp_error_format(&p.err, text, sizeof(text));
		if (p.rc == BP_OK)
			fail_msg("%s: parsed", c->name);
		if (!strstr(text, c->needle))
			fail_msg("%s: '%s' not in: %s", c->name, c->needle, text);
		assert_string_equal(p.err.where, path);
		if (c->line >= 0)
			assert_int_equal(p.err.line, c->line);
		if (c->column >= 0)
			assert_int_equal(p.err.column, c->column);
		assert_int_equal(p.err.row, c->row);
		bp_arena_free(p.a);
	}
	bp_test_rmtree(dir);
}

/* ------------------------------------------------------------ db */

static long count(const char *sql)
{
	return bp_test_count(bp_test_db.db.conn, sql);
}

static bp_rc import(const char *path, bp_geojson_result *res, bp_error *err)
{
	bp_geojson_options o = { .path = path, .level = -1 };
	memset(err, 0, sizeof(*err));
	return bp_import_geojson(bp_test_db.db.conn, &o, res, err);
}

static void test_db_broken_leaves_nothing(void **state)
{
	(void)state;
	char dir[256], path[512];
	bp_test_tmpdir(dir, sizeof(dir));
	long sources = count("SELECT count(*) FROM bp.source");
	long shapes = count("SELECT count(*) FROM bp.area_geometry");
	bp_geojson_result res;
	bp_error err;

	/* the first 3,000 bytes of the real fixture */
	bp_arena *a = bp_arena_new();
	char *data;
	size_t len;
	assert_int_equal(bp_file_read_all(bp_test_fixture(RD2016), a, &data, &len, &err), BP_OK);
	data[3000] = '\0';
	snprintf(path, sizeof(path), "%s/wijken_2016_truncated.geojson", dir);
	write_file(path, data);
	assert_int_equal(import(path, &res, &err), BP_ERR_PARSE);
	assert_int_equal(err.line, 1);            /* the file is one line */
	assert_true(err.column >= 2990 && err.column <= 3001);

	snprintf(path, sizeof(path), "%s/no_geometry_2016.geojson", dir);
	write_file(path, "{\"type\":\"FeatureCollection\"," RD_CRS ",\"features\":[" GOOD_RD_FEATURE ","
	           "{\"type\":\"Feature\",\"properties\":{\"statcode\":\"GM0402\"}}]}");
	assert_int_equal(import(path, &res, &err), BP_ERR_PARSE);

	assert_int_equal(count("SELECT count(*) FROM bp.source"), sources);
	assert_int_equal(count("SELECT count(*) FROM bp.area_geometry"), shapes);
	bp_arena_free(a);
	bp_test_rmtree(dir);
}

static void test_db_rd(void **state)
{
	(void)state;
	bp_geojson_result res;
	bp_error err;
	bp_rc rc = import(bp_test_fixture(RD2016), &res, &err);
	if (rc) {
		char text[4096];
		bp_error_format(&err, text, sizeof(text));
		fail_msg("%s", text);
	}
	assert_false(res.already_loaded);
	assert_int_equal(res.stored, 32);
	assert_int_equal(res.unmatched, 32);     /* no 2016 areas in this database */
	char sql[512];
	snprintf(sql, sizeof(sql),
		"SELECT publisher || '|' || licence || '|' || importer || '|' || row_count || '|' || checksum "
		"FROM bp.source WHERE id = %ld", res.source_id);
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, sql), "CBS/PDOK|CC BY 4.0|geojson|32|" RD2016_SHA256);
	/* The stored box is exact (%.17g both ways). */
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn,
		"SELECT concat_ws(' ', bbox_xmin, bbox_ymin, bbox_xmax, bbox_ymax, level, gemeente_code, crs, "
		"length(geom_full), encode(substr(geom_full, 1, 5), 'hex'), encode(substr(geom_simple, 1, 5), 'hex')) "
		"FROM bp.area_geometry WHERE area_code = 'WK082801' AND indeling_year = 2016"),
		"164522 419610 166446 421332 wijk GM0828 EPSG:28992 358 0106000000 0106000000");
}

static void test_db_reimport(void **state)
{
	(void)state;
	long sources = count("SELECT count(*) FROM bp.source");
	long shapes = count("SELECT count(*) FROM bp.area_geometry");
	bp_geojson_result res;
	bp_error err;
	assert_int_equal(import(bp_test_fixture(RD2016), &res, &err), BP_OK);
	assert_true(res.already_loaded);
	assert_int_equal(res.stored, 0);
	assert_int_equal(count("SELECT count(*) FROM bp.source"), sources);
	assert_int_equal(count("SELECT count(*) FROM bp.area_geometry"), shapes);
}

/* With the KWB 2024 areas of Oss and Hilversum loaded first, every 2024 wijk links. */
static void test_db_wgs84_linked(void **state)
{
	(void)state;
	bp_statline_options so = { .path = bp_test_fixture(KWB2024) };
	bp_import_result kr;
	bp_error err = { 0 };
	assert_int_equal(bp_import_statline_csv(bp_test_db.db.conn, &so, &kr, &err), BP_OK);
	bp_geojson_result res;
	assert_int_equal(import(bp_test_fixture(WGS2024), &res, &err), BP_OK);
	assert_int_equal(res.stored, 32);
	assert_int_equal(res.unmatched, 0);
	assert_int_equal(count("SELECT count(*) FROM bp.area_geometry_current g JOIN bp.area a "
	                       "ON a.code = g.area_code AND a.indeling_year = g.indeling_year "
	                       "WHERE a.level = 'wijk' AND g.indeling_year = 2024"), 32);

	/* Water and a bad code are skipped; the rest is kept though its area is unknown. */
	assert_int_equal(import(bp_test_fixture(BAARN_EDITED), &res, &err), BP_OK);
	assert_int_equal(res.stored, 1);
	assert_int_equal(res.file.skipped_water, 1);
	assert_int_equal(res.file.skipped_code, 1);
	assert_int_equal(res.unmatched, 1);

	/* --level: other levels are skipped; nothing left is an error, not an empty source
	 * (which would make the right import a no-op); the level is part of the identity. */
	long sources = count("SELECT count(*) FROM bp.source");
	bp_geojson_options lo = { .path = bp_test_fixture(BAARN_EDITED), .level = BP_LEVEL_WIJK };
	assert_int_equal(bp_import_geojson(bp_test_db.db.conn, &lo, &res, &err), BP_ERR_PARSE);
	assert_non_null(strstr(err.detail, "1 of another level"));
	assert_int_equal(count("SELECT count(*) FROM bp.source"), sources);
	lo.level = BP_LEVEL_BUURT;
	assert_int_equal(bp_import_geojson(bp_test_db.db.conn, &lo, &res, &err), BP_OK);
	assert_false(res.already_loaded);
	assert_int_equal(res.stored, 1);

	/* A gemeente file in RD New, another indeling. */
	assert_int_equal(import(bp_test_fixture(GEM2017), &res, &err), BP_OK);
	assert_int_equal(res.stored, 2);
	assert_int_equal(count("SELECT count(*) FROM bp.area_geometry WHERE level = 'gemeente' AND indeling_year = 2017"), 2);
}

static void test_db_all_2016(void **state)
{
	(void)state;
	char path[4096];
	const char *root = getenv("BP_SOURCE_ROOT");
	snprintf(path, sizeof(path), "%s%s", root ? root : ".", ALL_2016_REL);
	assert_int_equal(access(path, R_OK), 0);   /* main checked it: run with --shared only */
	bp_geojson_result res;
	bp_error err;
	assert_int_equal(import(path, &res, &err), BP_OK);
	assert_int_equal(res.file.total, 2982);
	assert_int_equal(res.file.skipped_empty, 2);
	assert_int_equal(res.file.merged, 1);
	assert_int_equal(res.stored, 2979);
	/* one row whose MultiPolygon holds both features' polygons (WKB bytes 6-9: the count) */
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn,
		"SELECT string_agg(encode(substr(geom_full, 6, 4), 'hex'), ',') FROM bp.area_geometry "
		"WHERE indeling_year = 2016 AND area_code = 'WK191104'"), "02000000");
}

int main(int argc, char **argv)
{
	/* All of Nederland's 2016 wijken, from ../shared/data: its own run, skipped when absent. */
	if (bp_test_shared_mode(argc, argv)) {
		static const char *const need[] = { ALL_2016_REL, NULL };
		const struct CMUnitTest shared_tests[] = { cmocka_unit_test(test_db_all_2016) };
		if (bp_test_shared_require(need))
			return BP_TEST_SKIPPED;
		return cmocka_run_group_tests_name("shared", shared_tests, bp_test_db_setup, bp_test_db_teardown);
	}
	const struct CMUnitTest geometry_tests[] = {
		cmocka_unit_test(test_amersfoort),
		cmocka_unit_test(test_unknown_crs),
		cmocka_unit_test(test_shape_and_wkb),
	};
	const struct CMUnitTest parse_tests[] = {
		cmocka_unit_test(test_parse_rd),
		cmocka_unit_test(test_parse_wgs84),
		cmocka_unit_test(test_parse_bom),
		cmocka_unit_test(test_parse_skips),
		cmocka_unit_test(test_parse_duplicates),
		cmocka_unit_test(test_parse_broken),
	};
	/* in this order: each test builds on the database the previous ones left */
	const struct CMUnitTest db_tests[] = {
		cmocka_unit_test(test_db_broken_leaves_nothing),
		cmocka_unit_test(test_db_rd),
		cmocka_unit_test(test_db_reimport),
		cmocka_unit_test(test_db_wgs84_linked),
	};
	int failed = cmocka_run_group_tests_name("geometry", geometry_tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("parse", parse_tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("db", db_tests, bp_test_db_setup, bp_test_db_teardown);
	return failed;
}
