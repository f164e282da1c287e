/*
 * test_crosswalk: shares between indelingen (lib/import/crosswalk.c) on a
 * real throwaway PostgreSQL.
 *
 * constructed  tests/fixtures/crosswalk/ (CONSTRUCTED squares in RD New,
 *              see its PROVENANCE.md).  Expected shares by hand:
 *   area method, tolerance 0.01:
 *     WK099901 (1 km²) split at x+400:  → 11: 0.4, → 12: 0.6
 *     WK099902, WK099903 merged:         → 13: 1 each, not identical
 *     WK099904 border with 05 moved 100 m east: 04 → 14: 1 (not identical,
 *              14 is 1.1 km²); 05 → 14: 0.1, → 15: 0.9
 *     WK099906 same square drawn from another corner: identical (WKB differs)
 *     WK099907 moved 3 m and renamed 17: symmetric difference 2 × 3 × 1000
 *              = 6,000 m² = 0.6 % ≤ 1 %: identical; with tolerance 0.005
 *              not identical, share 1 (997,000 m² of 1 km² in 17, renormalised)
 *     7 from, 7 to, 2 identical, 9 rows.
 *   population method (buurten 2030 with AantalInwoners 11: 300, 12: 100,
 *   14: 1,100 on 1.1 km², 15: 90 on 0.9 km², inserted here):
 *     01 → 11: 300 / 400 = 0.75, → 12: 0.25
 *     05 → 14: 1,100 × 0.1 / 1.1 = 100, → 15: 90 × 0.9 / 0.9 = 90:
 *              100/190 and 90/190
 *     04 → 14: 1 with weight 1,000 (1,100 × 1.0 / 1.1)
 *     02, 03: no buurt under them: surface (n_area_fallback 2), share 1
 * real         Oss and Hilversum wijken 2016 (CBS, RD New) → 2024 (PDOK,
 *              simplified, WGS84): expected shares computed with Python
 *              shapely 2 + pyproj (EPSG:4326 → 28992), independent of our
 *              code (see tests/fixtures/crosswalk/PROVENANCE.md).
 */
#include <setjmp.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "core/error.h"
#include "db/pgutil.h"
#include "import/crosswalk.h"
#include "import/geojson.h"
#include "pgtest.h"

static PGconn *conn(void)
{
	return bp_test_db.db.conn;
}

static void load(const char *fixture, int year)
{
	bp_geojson_options o = { .path = bp_test_fixture(fixture), .year = year, .level = -1 };
	bp_geojson_result res;
	bp_error err = { 0 };
	bp_rc rc = bp_import_geojson(conn(), &o, &res, &err);
	if (rc)
		fail_msg("import %s: %s (%s)", fixture, err.message, err.detail);
}

static void build(bp_area_level level, int from, int to, double tol, int area_only, bp_crosswalk_result *res)
{
	bp_crosswalk_options o = { .level = level, .from_year = from, .to_year = to,
	                           .tolerance = tol, .area_only = area_only };
	bp_error err = { 0 };
	bp_rc rc = bp_crosswalk_build(conn(), &o, res, &err);
	if (rc)
		fail_msg("crosswalk: %s (%s)", err.message, err.detail);
}

/* The share from → to in the wijk crosswalk from_year → to_year; -1 when there is no row. */
static double share(int from_year, int to_year, const char *from, const char *to)
{
	const char *v = bp_test_scalarf(conn(),
		"SELECT coalesce((SELECT s.share FROM bp.crosswalk c JOIN bp.crosswalk_share s ON s.crosswalk_id = c.id "
		" WHERE c.level = 'wijk' AND c.from_year = %d AND c.to_year = %d "
		"   AND s.from_code = '%s' AND s.to_code = '%s'), -1)", from_year, to_year, from, to);
	return strtod(v, NULL);
}

static int identical(const char *from, const char *to)
{
	return strcmp(bp_test_scalarf(conn(),
		"SELECT s.identical FROM bp.crosswalk c JOIN bp.crosswalk_share s ON s.crosswalk_id = c.id "
		" WHERE c.level = 'wijk' AND c.from_year = 2020 AND c.to_year = 2030 "
		"   AND s.from_code = '%s' AND s.to_code = '%s'", from, to), "t") == 0;
}

static long rows(int from_year, int to_year)
{
	return strtol(bp_test_scalarf(conn(),
		"SELECT count(*) FROM bp.crosswalk c JOIN bp.crosswalk_share s ON s.crosswalk_id = c.id "
		" WHERE c.level = 'wijk' AND c.from_year = %d AND c.to_year = %d", from_year, to_year), NULL, 10);
}

#define EPS 1e-9
/* cmocka 1.1.5 (Debian 12) has no assert_double_equal. */
#define assert_near(got, want, eps) do { \
		double got_ = (got), want_ = (want); \
		if (!(fabs(got_ - want_) <= (eps))) \
			fail_msg("%s = %.12g, expected %.12g", #got, got_, want_); \
	} while (0)

static void test_constructed_area(void **state)
{
	(void)state;
	load("crosswalk/wijken_2020_constructed.geojson", 2020);
	load("crosswalk/wijken_2030_constructed.geojson", 2030);
	bp_crosswalk_result res;
	build(BP_LEVEL_WIJK, 2020, 2030, 0, 0, &res);
	assert_int_equal(res.population, 0);
	assert_int_equal(res.n_from, 7);
	assert_int_equal(res.n_to, 7);
	assert_int_equal(res.n_identical, 2);
	assert_int_equal(res.n_unmatched, 0);
	assert_int_equal(res.n_shares, 9);
	assert_int_equal(rows(2020, 2030), 9);
	assert_near(share(2020, 2030, "WK099901", "WK099911"), 0.4, EPS);
	assert_near(share(2020, 2030, "WK099901", "WK099912"), 0.6, EPS);
	assert_near(share(2020, 2030, "WK099902", "WK099913"), 1.0, EPS);
	assert_near(share(2020, 2030, "WK099903", "WK099913"), 1.0, EPS);
	assert_false(identical("WK099902", "WK099913"));
	assert_near(share(2020, 2030, "WK099904", "WK099914"), 1.0, EPS);
	assert_false(identical("WK099904", "WK099914"));
	assert_near(share(2020, 2030, "WK099904", "WK099915"), -1, EPS); /* they only touch */
	assert_near(share(2020, 2030, "WK099905", "WK099914"), 0.1, EPS);
	assert_near(share(2020, 2030, "WK099905", "WK099915"), 0.9, EPS);
	assert_near(share(2020, 2030, "WK099906", "WK099906"), 1.0, EPS);
	assert_true(identical("WK099906", "WK099906"));
	assert_near(share(2020, 2030, "WK099907", "WK099917"), 1.0, EPS);
	assert_true(identical("WK099907", "WK099917"));
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT method || ' ' || tolerance || ' ' || cardinality(from_source_ids) || ' ' || cardinality(to_source_ids) "
		"FROM bp.crosswalk WHERE level = 'wijk' AND from_year = 2020"), "area 0.01 1 1");

	/* A stricter tolerance: the 3 m move is a change, and the rebuild replaces the row. */
	build(BP_LEVEL_WIJK, 2020, 2030, 0.005, 0, &res);
	assert_int_equal(res.n_identical, 1);
	assert_false(identical("WK099907", "WK099917"));
	assert_near(share(2020, 2030, "WK099907", "WK099917"), 1.0, EPS);
	assert_string_equal(bp_test_scalar(conn(), "SELECT count(*) FROM bp.crosswalk WHERE from_year = 2020"), "1");
	assert_int_equal(rows(2020, 2030), 9);
}

/* AantalInwoners of buurten in one indeling (year = period), from a source
 * of the test's own: values is "('BU...', n), ...". */
static void inhabitants(const char *title, int year, const char *values)
{
	char sql[4096];
	snprintf(sql, sizeof(sql),
		"WITH s AS (INSERT INTO bp.source (publisher, title, location, checksum, licence, importer) "
		"  VALUES ('test', '%s', 'test_crosswalk.c', '%s', 'see PROVENANCE.md', 'test') RETURNING id) "
		"INSERT INTO bp.observation (variable_code, area_code, indeling_year, period, source_id, value, status) "
		"SELECT 'AantalInwoners', c, %d, '%d', s.id, v, 'ok' FROM s, (VALUES %s) t(c, v)",
		title, title, year, year, values);
	bp_error err = { 0 };
	if (bp_pg_exec(conn(), sql, &err))
		fail_msg("%s (%s)", err.message, err.detail);
}

static void test_constructed_population(void **state)
{
	(void)state;
	load("crosswalk/buurten_2030_constructed.geojson", 2030);
	inhabitants("CONSTRUCTED inhabitants", 2030,
	            "('BU09991101', 300), ('BU09991201', 100), ('BU09991401', 1100), ('BU09991501', 90)");
	bp_crosswalk_result res;
	build(BP_LEVEL_WIJK, 2020, 2030, 0, 0, &res);
	assert_int_equal(res.population, 1);
	assert_int_equal(res.weight_year, 2030);
	assert_string_equal(res.weight_period, "2030");
	assert_int_equal(res.n_area_fallback, 2);
	assert_int_equal(res.n_identical, 2);
	assert_near(share(2020, 2030, "WK099901", "WK099911"), 0.75, EPS);
	assert_near(share(2020, 2030, "WK099901", "WK099912"), 0.25, EPS);
	assert_near(share(2020, 2030, "WK099905", "WK099914"), 100.0 / 190.0, EPS);
	assert_near(share(2020, 2030, "WK099905", "WK099915"), 90.0 / 190.0, EPS);
	assert_near(share(2020, 2030, "WK099904", "WK099914"), 1.0, EPS);
	assert_near(strtod(bp_test_scalar(conn(),
		"SELECT s.weight FROM bp.crosswalk c JOIN bp.crosswalk_share s ON s.crosswalk_id = c.id "
		" WHERE c.from_year = 2020 AND s.from_code = 'WK099904'"), NULL), 1000.0, 1e-6);
	assert_near(share(2020, 2030, "WK099902", "WK099913"), 1.0, EPS);
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT method || ' ' || weight_level || ' ' || weight_year || ' ' || weight_variable || ' ' "
		"  || cardinality(weight_source_ids) FROM bp.crosswalk WHERE from_year = 2020"),
		"population buurt 2030 AantalInwoners 2");

	/* --area-only: back to surface. */
	build(BP_LEVEL_WIJK, 2020, 2030, 0, 1, &res);
	assert_int_equal(res.population, 0);
	assert_near(share(2020, 2030, "WK099901", "WK099911"), 0.4, EPS);
}

static void test_errors(void **state)
{
	(void)state;
	bp_crosswalk_options o = { .level = BP_LEVEL_WIJK, .from_year = 2020, .to_year = 2020 };
	bp_crosswalk_result res;
	bp_error err = { 0 };
	assert_int_equal(bp_crosswalk_build(conn(), &o, &res, &err), BP_ERR_USAGE);
	o.to_year = 2031;
	memset(&err, 0, sizeof(err));
	assert_int_equal(bp_crosswalk_build(conn(), &o, &res, &err), BP_ERR_NOT_FOUND);
	assert_non_null(strstr(err.message, "indeling 2031"));
	assert_non_null(strstr(err.hint, "--year 2031"));
	o.to_year = 2030;
	o.level = BP_LEVEL_CUSTOM;
	assert_int_equal(bp_crosswalk_build(conn(), &o, &res, &err), BP_ERR_USAGE);
	o.level = BP_LEVEL_WIJK;
	o.tolerance = 0.7;
	assert_int_equal(bp_crosswalk_build(conn(), &o, &res, &err), BP_ERR_USAGE);
	bp_buf out;
	bp_buf_init(&out);
	assert_int_equal(bp_crosswalk_show(conn(), BP_LEVEL_BUURT, 2020, 2030, NULL, 0, &out, &err), BP_ERR_NOT_FOUND);
	bp_buf_release(&out);
}

static void test_show_and_list(void **state)
{
	(void)state;
	bp_buf out;
	bp_error err = { 0 };
	bp_buf_init(&out);
	assert_int_equal(bp_crosswalk_show(conn(), BP_LEVEL_WIJK, 2020, 2030, "GM0999", 0, &out, &err), BP_OK);
	/* header, then 01 → 11, 12; 02, 03 → 13; 04 → 14; 05 → 14, 15: identical ones left out */
	assert_non_null(strstr(out.data, "van\tnaar\taandeel"));
	assert_non_null(strstr(out.data, "WK099901\tWK099912\t0.6000\t"));
	assert_null(strstr(out.data, "WK099906\t"));
	bp_buf_reset(&out);
	assert_int_equal(bp_crosswalk_show(conn(), BP_LEVEL_WIJK, 2020, 2030, NULL, 1, &out, &err), BP_OK);
	assert_non_null(strstr(out.data, "WK099906\tWK099906\t1.0000\t"));
	assert_non_null(strstr(out.data, "\tja\n"));
	bp_buf_reset(&out);
	assert_int_equal(bp_crosswalk_list(conn(), &out, &err), BP_OK);
	assert_non_null(strstr(out.data, "wijk 2020 → 2030: gewogen naar oppervlakte; 7 → 7 gebieden, 2 gelijk"));
	bp_buf_release(&out);
}

/*
 * Oss and Hilversum wijken 2016 (CBS, RD New) → 2024 (PDOK simplified,
 * WGS84), tolerance 0.03.  Expected from Python (shapely 1.8.5 intersections,
 * pyproj EPSG:4326 → 28992; tests/fixtures/crosswalk/PROVENANCE.md): only
 * WK082822 identical; 40 rows (32 areas, 8 second or third parts); the
 * changed ones below, the other 24 share 1 with the wijk of their code.
 */
static void test_real_oss_hilversum(void **state)
{
	(void)state;
	load("geo/wijken_2016_oss_hilversum.geojson", 2016);
	load("geo/wijken_2024_oss_hilversum.geojson", 2024);
	bp_crosswalk_result res;
	build(BP_LEVEL_WIJK, 2016, 2024, 0.03, 0, &res);
	assert_int_equal(res.population, 0);
	assert_int_equal(res.n_from, 32);
	assert_int_equal(res.n_to, 32);
	assert_int_equal(res.n_identical, 1);
	assert_int_equal(rows(2016, 2024), 40);
	static const struct { const char *from, *to; double share; } want[] = {
		{ "WK082803", "WK082803", 0.960894 }, { "WK082803", "WK082806", 0.039106 },
		{ "WK082806", "WK082806", 0.838583 }, { "WK082806", "WK082809", 0.161417 },
		{ "WK082814", "WK082814", 0.921287 }, { "WK082814", "WK082816", 0.045822 },
		{ "WK082814", "WK082815", 0.032890 },
		{ "WK082818", "WK082818", 0.940926 }, { "WK082818", "WK082819", 0.059074 },
		{ "WK082819", "WK082819", 0.817687 }, { "WK082819", "WK082820", 0.182313 },
		{ "WK082820", "WK082820", 0.966503 }, { "WK082820", "WK082819", 0.033497 },
		{ "WK082821", "WK082821", 0.855987 }, { "WK082821", "WK082818", 0.144013 },
		{ "WK082822", "WK082822", 1.0 }, { "WK082801", "WK082801", 1.0 },
		{ "WK040209", "WK040209", 1.0 },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++)
		assert_near(share(2016, 2024, want[i].from, want[i].to), want[i].share, 2e-6);
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT string_agg(from_code, ',') FROM bp.crosswalk c JOIN bp.crosswalk_share s ON s.crosswalk_id = c.id "
		" WHERE c.from_year = 2016 AND s.identical"), "WK082822");
	/* Every from-area's shares add up to 1. */
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT count(*) FROM (SELECT from_code FROM bp.crosswalk c JOIN bp.crosswalk_share s ON s.crosswalk_id = c.id "
		" WHERE c.from_year = 2016 GROUP BY from_code HAVING abs(sum(share) - 1) > 1e-12) x"), "0");
}

/* `buurtpeil crosswalk` itself on the test's cluster: exit codes, output, errors. */
static int run(const char *args, char *out, size_t size)
{
	char cmd[2048];
	snprintf(cmd, sizeof(cmd), "'%s' --state-dir '%s' %s 2>&1", getenv("BP_BINARY"), bp_test_db.dir, args);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	int status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_command(void **state)
{
	(void)state;
	if (!getenv("BP_BINARY"))
		skip();
	char out[4096];
	assert_int_equal(run("crosswalk", out, sizeof(out)), 2);
	assert_int_equal(run("crosswalk build --level wijk --from 2020 --to 2020", out, sizeof(out)), 2);
	assert_int_equal(run("crosswalk build --level dorp --from 2020 --to 2030", out, sizeof(out)), 2);
	assert_int_equal(run("crosswalk build --level wijk --from 2020 --to 2030 --area-only", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "wijk 2020 → 2030: gewogen naar oppervlakte; 7 → 7 gebieden, 2 gelijk, "
	                            "0 zonder overlap, 9 regels"));
	assert_int_equal(run("crosswalk list", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "wijk 2016 → 2024: gewogen naar oppervlakte; 32 → 32 gebieden"));
	assert_int_equal(run("crosswalk show --level wijk --from 2020 --to 2030", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "WK099905\tWK099915\t0.9000\t"));
	assert_int_equal(run("crosswalk build --level wijk --from 2020 --to 2031", out, sizeof(out)), 1);
	assert_non_null(strstr(out, "no wijk borders of indeling 2031 are loaded"));
	assert_non_null(strstr(out, "buurtpeil import geojson FILE --year 2031"));
}

/*
 * Real, weighted by inhabitants: Baarn's wijken 2016 (CBS) → 2024 (PDOK),
 * its 21 buurten 2024 (CBS wijk- en buurtkaart) with their KWB 2024
 * inhabitants, default tolerance 0.01.  Expected from
 * tests/fixtures/crosswalk/expected_baarn.py (shapely, pyproj):
 *   WK030800 → WK030800 0.988304 (11,719.723 inhabitants), → WK030801
 *   0.011696 (138.700); WK030801, 02, 04, 05 → their own code, share 1
 *   (not identical within 1 %: two generalisations of one border).
 * The Oss and Hilversum wijken of the test before have no buurten: weighed
 * by surface, all but WK040209 (Hilversum borders Baarn: its 2016 drawing
 * overlaps Baarn's 2024 buurten by 117 m², shapely), so n_area_fallback 31.
 */
static void test_real_baarn_population(void **state)
{
	(void)state;
	load("crosswalk/baarn_wijken_2016.geojson", 2016);
	load("crosswalk/baarn_wijken_2024.geojson", 2024);
	load("crosswalk/baarn_buurten_2024.geojson", 2024);
	/* KWB 2024 'Aantal inwoners' of Baarn's buurten (PROVENANCE.md). */
	inhabitants("KWB 2024 Baarn (slice)", 2024,
		"('BU03080000', 1825), ('BU03080001', 1010), ('BU03080002', 930), ('BU03080003', 2195), "
		"('BU03080004', 2145), ('BU03080005', 2585), ('BU03080006', 610), ('BU03080007', 650), "
		"('BU03080100', 1050), ('BU03080101', 2175), ('BU03080102', 1325), ('BU03080103', 1975), "
		"('BU03080104', 1865), ('BU03080105', 1670), ('BU03080109', 145), ('BU03080200', 1200), "
		"('BU03080201', 465), ('BU03080400', 260), ('BU03080401', 705), ('BU03080500', 210), "
		"('BU03080501', 70)");
	bp_crosswalk_result res;
	build(BP_LEVEL_WIJK, 2016, 2024, 0, 0, &res);
	assert_int_equal(res.population, 1);
	assert_int_equal(res.weight_year, 2024);
	assert_int_equal(res.n_area_fallback, 31);
	assert_near(share(2016, 2024, "WK030800", "WK030800"), 0.988304, 2e-6);
	assert_near(share(2016, 2024, "WK030800", "WK030801"), 0.011696, 2e-6);
	assert_near(strtod(bp_test_scalar(conn(),
		"SELECT s.weight FROM bp.crosswalk c JOIN bp.crosswalk_share s ON s.crosswalk_id = c.id "
		" WHERE c.from_year = 2016 AND s.from_code = 'WK030800' AND s.to_code = 'WK030801'"), NULL), 138.700, 0.01);
	static const char *const whole[] = { "WK030801", "WK030802", "WK030804", "WK030805" };
	for (size_t i = 0; i < 4; i++)
		assert_near(share(2016, 2024, whole[i], whole[i]), 1.0, 1e-12);
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT count(*) FROM bp.crosswalk c JOIN bp.crosswalk_share s ON s.crosswalk_id = c.id "
		" WHERE c.from_year = 2016 AND s.from_code LIKE 'WK0308%'"), "6");
}

int main(void)
{
	/* in this order: each test builds on the database the previous ones left */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_constructed_area),
		cmocka_unit_test(test_constructed_population),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_show_and_list),
		cmocka_unit_test(test_real_oss_hilversum),
		cmocka_unit_test(test_command),
		cmocka_unit_test(test_real_baarn_population),
	};
	return cmocka_run_group_tests_name("crosswalk", tests, bp_test_db_setup, bp_test_db_teardown);
}
