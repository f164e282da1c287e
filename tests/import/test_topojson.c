/*
 * test_topojson: TopoJSON topologies (lib/import/topojson.c) read as the
 * GeoJSON they encode, and imported through geojson.c.
 *
 * Expected values are not computed by the code under test:
 *  - a topology drawn by hand below: two squares of 0.1 degree sharing one
 *    border (arc 0, used forwards by A and backwards, ~0 = -1, by B), with
 *    transform scale 0.001, translate (5.0, 52.0), so quantized (100, 0) is
 *    lon 5.1, lat 52.0.  Decoded rings worked out on paper:
 *      A = arcs [0, 1]: (5.1,52.0) (5.1,52.1) | (5.0,52.1) (5.0,52.0) (5.1,52.0)
 *      B = arcs [~0, 2]: (5.1,52.1) (5.1,52.0) | (5.2,52.0) (5.2,52.1) (5.1,52.1)
 *    (after '|' the following arc, its first point dropped as a repeat);
 *  - the real all-NL buurten 2019 topology, sliced to Oss and Hilversum by
 *    tests/fixtures/geo/make_topojson_slice.py, against the GeoJSON the data
 *    researcher decoded from the same file with an independent Python decoder
 *    (coordinates rounded to 7 decimals: every position must agree within
 *    1e-7 degree), tests/fixtures/geo/buurten_2019_GM0828_GM0402.geojson.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "import/geojson.h"
#include "import/topojson.h"
#include "importtest.h"
#include "pgtest.h"

#define SLICE "geo/buurten_2019_oss_hilversum.topojson.json"
#define DECODED "geo/buurten_2019_GM0828_GM0402.geojson"

static const char *const squares =
	"{\"type\":\"Topology\",\"transform\":{\"scale\":[0.001,0.001],\"translate\":[5.0,52.0]},"
	"\"objects\":{\"buurten\":{\"type\":\"GeometryCollection\",\"geometries\":["
	"{\"type\":\"Polygon\",\"arcs\":[[0,1]],\"id\":\"a\",\"properties\":{\"statcode\":\"BU08280101\"}},"
	"{\"type\":\"Polygon\",\"arcs\":[[-1,2]],\"properties\":{\"statcode\":\"BU08280102\"}}]}},"
	"\"arcs\":[[[100,0],[0,100]],[[100,100],[-100,0],[0,-100],[100,0]],[[100,0],[100,0],[0,100],[-100,0]]]}";

static json_t *load_text(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	assert_non_null(j);
	return j;
}

static json_t *decode(const char *text, const char *object, bp_rc want, bp_error *err)
{
	json_t *topo = load_text(text);
	json_t *fc = NULL;
	memset(err, 0, sizeof(*err));
	assert_true(bp_topojson_is_topology(topo));
	assert_int_equal(bp_topojson_to_geojson(topo, object, "t.json", &fc, err), want);
	json_decref(topo);
	return fc;
}

static void assert_ring(const json_t *ring, const double *xy, size_t n)
{
	assert_int_equal(json_array_size(ring), n);
	for (size_t i = 0; i < n; i++) {
		const json_t *p = json_array_get(ring, i);
		assert_true(fabs(json_number_value(json_array_get(p, 0)) - xy[2 * i]) < 1e-12);
		assert_true(fabs(json_number_value(json_array_get(p, 1)) - xy[2 * i + 1]) < 1e-12);
	}
}

static void test_squares_by_hand(void **state)
{
	(void)state;
	bp_error err;
	json_t *fc = decode(squares, NULL, BP_OK, &err);
	assert_string_equal(json_string_value(json_object_get(fc, "type")), "FeatureCollection");
	const json_t *features = json_object_get(fc, "features");
	assert_int_equal(json_array_size(features), 2);
	const json_t *a = json_array_get(features, 0), *b = json_array_get(features, 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "properties"), "statcode")), "BU08280101");
	assert_string_equal(json_string_value(json_object_get(a, "id")), "a");
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "geometry"), "type")), "Polygon");
	static const double ra[] = { 5.1, 52.0, 5.1, 52.1, 5.0, 52.1, 5.0, 52.0, 5.1, 52.0 };
	static const double rb[] = { 5.1, 52.1, 5.1, 52.0, 5.2, 52.0, 5.2, 52.1, 5.1, 52.1 };
	assert_ring(json_array_get(json_object_get(json_object_get(a, "geometry"), "coordinates"), 0), ra, 5);
	assert_ring(json_array_get(json_object_get(json_object_get(b, "geometry"), "coordinates"), 0), rb, 5);
	json_decref(fc);
}

static void test_without_transform(void **state)
{
	(void)state;
	/* No transform: positions are absolute, as given. */
	bp_error err;
	json_t *fc = decode("{\"type\":\"Topology\",\"objects\":{\"x\":{\"type\":\"MultiPolygon\",\"arcs\":[[[0]],[[1]]],"
	                    "\"properties\":{\"statcode\":\"WK082801\"}}},"
	                    "\"arcs\":[[[5.0,52.0],[5.1,52.0],[5.1,52.1],[5.0,52.0]],[[6.0,52.0],[6.1,52.0],[6.0,52.1],[6.0,52.0]]]}",
	                    NULL, BP_OK, &err);
	const json_t *g = json_object_get(json_array_get(json_object_get(fc, "features"), 0), "geometry");
	assert_string_equal(json_string_value(json_object_get(g, "type")), "MultiPolygon");
	static const double r2[] = { 6.0, 52.0, 6.1, 52.0, 6.0, 52.1, 6.0, 52.0 };
	assert_int_equal(json_array_size(json_object_get(g, "coordinates")), 2);
	assert_ring(json_array_get(json_array_get(json_object_get(g, "coordinates"), 1), 0), r2, 4);
	json_decref(fc);
}

static void test_broken_topologies(void **state)
{
	(void)state;
	bp_error err;
	/* Geometry 2 uses arc 7 of 3. */
	char *bad = bp_xstrdup(squares);
	char *at = strstr(bad, "[[-1,2]]");
	memcpy(at, "[[-1,7]]", 8);
	assert_null(decode(bad, NULL, BP_ERR_PARSE, &err));
	assert_string_equal(err.message, "arc 7 does not exist or is empty");
	assert_int_equal(err.row, 2);
	assert_string_equal(err.where, "t.json");
	free(bad);

	/* A position that is not two numbers. */
	bad = bp_xstrdup(squares);
	at = strstr(bad, "[[100,0],[0,100]]");
	memcpy(at, "[[100,0],[0,\"x\"]]", 17);
	assert_null(decode(bad, NULL, BP_ERR_PARSE, &err));
	assert_string_equal(err.message, "position  of arc 0 is not [x, y]");
	free(bad);

	/* A transform without its scale. */
	assert_null(decode("{\"type\":\"Topology\",\"transform\":{\"translate\":[0,0]},\"objects\":{\"a\":{}},\"arcs\":[]}",
	                   NULL, BP_ERR_PARSE, &err));
	assert_non_null(strstr(err.message, "\"scale\""));

	/* Two objects: say which. */
	const char *two = "{\"type\":\"Topology\",\"objects\":{\"wijken\":{\"type\":\"GeometryCollection\",\"geometries\":[]},"
	                  "\"buurten\":{\"type\":\"GeometryCollection\",\"geometries\":[]}},\"arcs\":[]}";
	assert_null(decode(two, NULL, BP_ERR_USAGE, &err));
	assert_string_equal(err.message, "the topology holds several objects (wijken, buurten): say which");
	json_t *fc = decode(two, "buurten", BP_OK, &err);
	assert_int_equal(json_array_size(json_object_get(fc, "features")), 0);
	json_decref(fc);
	assert_null(decode(two, "gemeenten", BP_ERR_PARSE, &err));
	assert_string_equal(err.message, "the topology has no object 'gemeenten'");
}

/* The real slice against the researcher's independent decoding of the same buurten. */
static void test_real_slice_matches_independent_decoding(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	char *data;
	size_t len;
	assert_int_equal(bp_file_read_all(bp_test_fixture(SLICE), a, &data, &len, &err), BP_OK);
	json_t *topo = json_loadb(data, len, 0, NULL);
	json_t *mine = NULL;
	assert_int_equal(bp_topojson_to_geojson(topo, NULL, SLICE, &mine, &err), BP_OK);
	json_t *theirs = json_load_file(bp_test_fixture(DECODED), 0, NULL);
	assert_non_null(theirs);
	const json_t *mf = json_object_get(mine, "features"), *tf = json_object_get(theirs, "features");
	assert_int_equal(json_array_size(mf), 149);
	size_t compared = 0, i;
	const json_t *t;
	json_array_foreach(tf, i, t) {
		const char *code = json_string_value(json_object_get(json_object_get(t, "properties"), "statcode"));
		const json_t *m = NULL, *x;
		size_t k;
		json_array_foreach(mf, k, x)
			if (strcmp(json_string_value(json_object_get(json_object_get(x, "properties"), "statcode")), code) == 0)
				m = x;
		assert_non_null(m);
		/* All 149 are Polygons in the researcher's file; compare ring by ring, point by point. */
		const json_t *mr = json_object_get(json_object_get(m, "geometry"), "coordinates");
		const json_t *tr = json_object_get(json_object_get(t, "geometry"), "coordinates");
		assert_int_equal(json_array_size(mr), json_array_size(tr));
		for (size_t r = 0; r < json_array_size(tr); r++) {
			const json_t *mring = json_array_get(mr, r), *tring = json_array_get(tr, r);
			assert_int_equal(json_array_size(mring), json_array_size(tring));
			for (size_t p = 0; p < json_array_size(tring); p++)
				for (size_t d = 0; d < 2; d++)
					assert_true(fabs(json_number_value(json_array_get(json_array_get(mring, p), d)) -
					                 json_number_value(json_array_get(json_array_get(tring, p), d))) <= 1e-7);
		}
		compared++;
	}
	assert_int_equal(compared, 149);
	json_decref(mine);
	json_decref(theirs);
	json_decref(topo);
	bp_arena_free(a);
}

/* Through the importer, into a real database: 149 borders of indeling 2019 (from the name), once. */
static void test_import_slice(void **state)
{
	(void)state;
	PGconn *conn = bp_test_db.db.conn;
	bp_geojson_options o = { .path = bp_test_fixture(SLICE), .level = -1 };
	bp_geojson_result res;
	bp_error err = { 0 };
	bp_rc rc = bp_import_geojson(conn, &o, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_int_equal(res.stored, 149);
	assert_int_equal(res.file.year, 2019);
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.area_geometry WHERE indeling_year = 2019 AND area_code LIKE 'BU0828%'"), 106);
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.area_geometry WHERE indeling_year = 2019 AND area_code LIKE 'BU0402%'"), 43);
	/* The same bytes again: nothing new. */
	assert_int_equal(bp_import_geojson(conn, &o, &res, &err), BP_OK);
	assert_true(res.already_loaded);
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.area_geometry"), 149);
	/* --object on a GeoJSON file is a mistake, said plainly. */
	bp_geojson_options g = { .path = bp_test_fixture(DECODED), .level = -1, .object = "buurten", .year = 2019 };
	assert_int_equal(bp_import_geojson(conn, &g, &res, &err), BP_ERR_USAGE);
	assert_non_null(strstr(err.message, "not a TopoJSON Topology"));
}

int main(void)
{
	const struct CMUnitTest parse[] = {
		cmocka_unit_test(test_squares_by_hand),
		cmocka_unit_test(test_without_transform),
		cmocka_unit_test(test_broken_topologies),
		cmocka_unit_test(test_real_slice_matches_independent_decoding),
	};
	const struct CMUnitTest db[] = {
		cmocka_unit_test(test_import_slice),
	};
	int failed = cmocka_run_group_tests_name("parse", parse, NULL, NULL);
	return failed + cmocka_run_group_tests_name("db", db, bp_test_db_setup, bp_test_db_teardown);
}
