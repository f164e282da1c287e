/*
 * test_dumps: CBS table dumps of cbsodataR and cbsodata (lib/import/cbsdump.c)
 * against a real throwaway PostgreSQL.
 *
 * tests/fixtures/dumps/85067NED (cbsodataR; TableInfos.csv, DataProperties.csv
 * and CategoryGroups.csv whole, data.csv and RegioS.csv sliced, byte for byte):
 *   data.csv line 2  ID 0  GM1680 ... Inwonertal_54 25579,  Omgevingsadressendichtheid_55 283
 *            line 3  ID 2  GM0197 ...                27100,                                778
 *            line 4  ID 15 GM0363 ...               882633,                               6142
 *   RegioS.csv: GM1680 'Aa en Hunze', GM0197 'Aalten' (Description over two
 *   lines), GM0363 'Amsterdam'.  RegioS is a plain Dimension; Period '2022'.
 *   The 55 other topics are String (codes and names of regional divisions).
 * tests/fixtures/dumps/85984NED (cbsodata; DataProperties.json and
 * TableInfos.json whole; TypedDataSet.json and WijkenEnBuurten.json made by
 * make_fixture.py from lines 2, 7886-7888 of the shared first10000 CSV):
 *   NL00 AantalInwoners_5 17942942, Bevolkingsdichtheid_34 533, GemiddeldeHuishoudensgrootte_33 2.1
 *   GM0402               94435,                          2070,                                 2.1
 *   WK040201             10225,                          9930,                                 1.7
 *   BU04020101            3755,                          9458,                                 1.7
 *   123 topics are Long or Double; null cells among them (python json):
 *   61 + 61 + 61 + 60 = 243.
 * tests/fixtures/rivm-50090NED (cbsodata, UntypedDataSet.json; made by its
 * make_fixture.py from the three real RIVM CSVs): three periods in one dump,
 * two more dimensions (Leeftijd, Marges) with one member each, NL01 for
 * Nederland, MapYear 2020.  184 regions x 3 periods = 552 rows; 35 Double
 * topics -> 19,320 cells, of which (python json over the file) 711 are
 * '       .' and 4,784 null.  Eenzaam_28: WK082801 45.2 / 47.7 / 51.6,
 * NL01 39.6 / 43.4 / 47.0 for 2012 / 2016 / 2020; Vrijwilligerswerk_33 is
 * null (not collected) in 2012 and 23.9 for WK082801 in 2016.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/error.h"
#include "import/cbsdump.h"
#include "importtest.h"
#include "pgtest.h"
#include "shared.h"

#define SHARED_85067 "/../shared/data/cbs-odata-v3-cbsodataR-dumps/85067NED"
#define SHARED_85318 "/../shared/data/cbs-odata-v3-cbsodataR-dumps/85318NED"
/* awk -F, 'NR>1{s+=$(NF-1)} END{print s}' data.csv of the shared folder */
#define SUM_85067_INWONERTAL "17590672"

static long count(const char *sql)
{
	return bp_test_count(bp_test_db.db.conn, sql);
}

static const char *value_of(const char *variable, const char *area, long source)
{
	return bp_test_value_of(bp_test_db.db.conn, variable, area, source);
}

/* The shared data folder next to the project (BP_SOURCE_ROOT), when it is there. */
static int shared_path(char *buf, size_t size, const char *rel)
{
	const char *root = getenv("BP_SOURCE_ROOT");
	snprintf(buf, size, "%s%s", root ? root : ".", rel);
	return access(buf, R_OK) == 0;
}

static void test_kind(void **state)
{
	(void)state;
	char p[4096];
	snprintf(p, sizeof(p), "%s", bp_test_fixture("dumps/85067NED"));
	assert_int_equal(bp_cbs_dump_kind(p), BP_DUMP_CBSODATAR);
	snprintf(p, sizeof(p), "%s", bp_test_fixture("dumps/85984NED"));
	assert_int_equal(bp_cbs_dump_kind(p), BP_DUMP_CBSODATA);
	snprintf(p, sizeof(p), "%s", bp_test_fixture("dumps"));
	assert_int_equal(bp_cbs_dump_kind(p), BP_DUMP_NONE);
}

static void test_not_a_dump(void **state)
{
	(void)state;
	char p[4096];
	bp_import_result res;
	bp_error err = { 0 };
	snprintf(p, sizeof(p), "%s", bp_test_fixture("dumps"));
	assert_int_equal(bp_import_cbs_dump(bp_test_db.db.conn, p, &res, &err), BP_ERR_USAGE);
	assert_non_null(strstr(err.message, "not a CBS table dump"));
	assert_int_equal(count("SELECT count(*) FROM bp.source"), 0);
	assert_int_equal(count("SELECT count(*) FROM bp.area"), 0);
}

/* A data.csv that lost its last row (GM0363) is incomplete against RegioS.csv. */
static void test_incomplete(void **state)
{
	(void)state;
	char dir[256], cmd[8192];
	bp_test_tmpdir(dir, sizeof(dir));
	snprintf(cmd, sizeof(cmd), "cp '%s'/*.csv '%s'/ && head -n 3 '%s/data.csv' > '%s/data.csv.new' && mv '%s/data.csv.new' '%s/data.csv'",
	         bp_test_fixture("dumps/85067NED"), dir, dir, dir, dir, dir);
	assert_int_equal(system(cmd), 0);
	bp_import_result res;
	bp_error err = { 0 };
	assert_int_equal(bp_import_cbs_dump(bp_test_db.db.conn, dir, &res, &err), BP_ERR_PARSE);
	assert_non_null(strstr(err.message, "incomplete dump: 2 data rows, 3 expected"));
	/* and a cell that is not a number: line 2, the column of Inwonertal_54 */
	snprintf(cmd, sizeof(cmd), "cp '%s/data.csv' '%s/' && sed -i '2s/,25579,283/,25x79,283/' '%s/data.csv'",
	         bp_test_fixture("dumps/85067NED"), dir, dir);
	assert_int_equal(system(cmd), 0);
	memset(&err, 0, sizeof(err));
	assert_int_equal(bp_import_cbs_dump(bp_test_db.db.conn, dir, &res, &err), BP_ERR_PARSE);
	assert_int_equal(err.line, 2);
	assert_true(err.column > 1);
	assert_non_null(strstr(err.message, "'25x79' in column Inwonertal_54"));
	assert_int_equal(count("SELECT count(*) FROM bp.source"), 0);
	assert_int_equal(PQtransactionStatus(bp_test_db.db.conn), PQTRANS_IDLE);
	bp_test_rmtree(dir);
}

static void test_cbsodatar(void **state)
{
	(void)state;
	char p[4096];
	snprintf(p, sizeof(p), "%s", bp_test_fixture("dumps/85067NED"));
	bp_import_result res;
	bp_error err = { 0 };
	bp_rc rc = bp_import_cbs_dump(bp_test_db.db.conn, p, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_int_equal(res.already_loaded, 0);
	assert_string_equal(res.table_id, "85067NED");
	assert_int_equal(res.year, 2022);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.areas, 3);
	assert_int_equal(res.observations, 6);   /* 3 rows x 2 Long topics */
	long s = res.source_id;
	assert_string_equal(value_of("Inwonertal", "GM1680", s), "25579 ok");
	assert_string_equal(value_of("Inwonertal", "GM0197", s), "27100 ok");
	assert_string_equal(value_of("Inwonertal", "GM0363", s), "882633 ok");
	assert_string_equal(value_of("Omgevingsadressendichtheid", "GM0363", s), "6142 ok");
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, "SELECT name FROM bp.area WHERE code = 'GM0197' AND indeling_year = 2022"), "Aalten");
	char sql[512];
	snprintf(sql, sizeof(sql), "SELECT title || '|' || importer || '|' || to_char(modified AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI') "
	         "FROM bp.source WHERE id = %ld", s);
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, sql), "Gebieden in Nederland 2022|cbs-dump|2022-08-23 02:00");
	/* the same label an API load would record */
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, "SELECT variable_code FROM bp.variable_label WHERE label = '85067NED/Inwonertal_54'"), "Inwonertal");
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, "SELECT unit FROM bp.variable WHERE code = 'Omgevingsadressendichtheid'"), "per km\u00b2");

	/* again: nothing to do */
	long n = count("SELECT count(*) FROM bp.observation");
	memset(&err, 0, sizeof(err));
	assert_int_equal(bp_import_cbs_dump(bp_test_db.db.conn, p, &res, &err), BP_OK);
	assert_int_equal(res.already_loaded, 1);
	assert_int_equal(res.source_id, s);
	assert_int_equal(count("SELECT count(*) FROM bp.observation"), n);
}

static void test_cbsodata(void **state)
{
	(void)state;
	char p[4096];
	snprintf(p, sizeof(p), "%s", bp_test_fixture("dumps/85984NED"));
	bp_import_result res;
	bp_error err = { 0 };
	bp_rc rc = bp_import_cbs_dump(bp_test_db.db.conn, p, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_string_equal(res.table_id, "85984NED");
	assert_int_equal(res.year, 2024);          /* MapYear of WijkenEnBuurten */
	assert_int_equal(res.areas, 4);
	assert_int_equal(res.observations, 4 * 123);
	long s = res.source_id;
	/* KWB labels were seeded by sql/002 with the same codes */
	assert_string_equal(value_of("AantalInwoners", "NL00", s), "17942942 ok");
	assert_string_equal(value_of("AantalInwoners", "GM0402", s), "94435 ok");
	assert_string_equal(value_of("AantalInwoners", "BU04020101", s), "3755 ok");
	assert_string_equal(value_of("Bevolkingsdichtheid", "WK040201", s), "9930 ok");
	assert_string_equal(value_of("GemiddeldeHuishoudensgrootte", "BU04020101", s), "1.7 ok");
	char sql[512];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.observation WHERE source_id = %ld AND status = 'unknown_or_secret' AND value IS NULL", s);
	assert_int_equal(count(sql), 243);
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn,
		"SELECT name || '|' || parent_code || '|' || indeling_change FROM bp.area WHERE code = 'BU04020101' AND indeling_year = 2024"),
		"Centrum|WK040201|1");
}

static const char *rivm_cell(long source, const char *variable, const char *area, const char *period)
{
	char sql[512];
	snprintf(sql, sizeof(sql), "SELECT coalesce(value::text, 'NULL') || ' ' || status FROM bp.observation "
	         "WHERE source_id = %ld AND variable_code = '%s' AND area_code = '%s' AND period = '%s' "
	         "AND indeling_year = 2020", source, variable, area, period);
	return bp_test_scalar(bp_test_db.db.conn, sql);
}

/* Several periods in one dump: each row keeps its own period. */
static void test_cbsodata_periods(void **state)
{
	(void)state;
	char p[4096];
	snprintf(p, sizeof(p), "%s", bp_test_fixture("rivm-50090NED"));
	bp_import_result res;
	bp_error err = { 0 };
	bp_rc rc = bp_import_cbs_dump(bp_test_db.db.conn, p, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_string_equal(res.table_id, "50090NED");
	assert_int_equal(res.year, 2020);
	assert_int_equal(res.rows, 552);
	assert_int_equal(res.areas, 184);
	assert_int_equal(res.observations, 19320);
	long s = res.source_id;
	assert_string_equal(rivm_cell(s, "Eenzaam", "WK082801", "2012"), "45.2 ok");
	assert_string_equal(rivm_cell(s, "Eenzaam", "WK082801", "2016"), "47.7 ok");
	assert_string_equal(rivm_cell(s, "Eenzaam", "WK082801", "2020"), "51.6 ok");
	assert_string_equal(rivm_cell(s, "Eenzaam", "NL00", "2016"), "43.4 ok");   /* NL01 is Nederland */
	assert_string_equal(rivm_cell(s, "Vrijwilligerswerk", "WK082801", "2012"), "NULL not_applicable");
	assert_string_equal(rivm_cell(s, "Vrijwilligerswerk", "WK082801", "2016"), "23.9 ok");
	char sql[512];
	snprintf(sql, sizeof(sql), "SELECT string_agg(status || ' ' || n, ',' ORDER BY status) FROM (SELECT status, "
	         "count(*) AS n FROM bp.observation WHERE source_id = %ld GROUP BY status) x", s);
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, sql),
	                    "ok 13825,unknown_or_secret 711,not_applicable 4784");   /* 19320 - 711 - 4784 = 13825 */
	snprintf(sql, sizeof(sql), "SELECT string_agg(period || ' ' || n, ',' ORDER BY period) FROM (SELECT period, "
	         "count(*) AS n FROM bp.observation WHERE source_id = %ld GROUP BY period) x", s);
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, sql), "2012 6440,2016 6440,2020 6440");   /* 184 x 35 */
	/* The same bytes again: nothing new. */
	rc = bp_import_cbs_dump(bp_test_db.db.conn, p, &res, &err);
	assert_int_equal(rc, BP_OK);
	assert_int_equal(res.already_loaded, 1);
	assert_int_equal(res.source_id, s);
}

/*
 * A Marges dimension (issue 16: margins imported where the source publishes
 * them): tests/fixtures/marges-constructed (CONSTRUCTED values in the shape
 * CBS and RIVM publish, see its PROVENANCE.md): per region Waarde,
 * Betrouwbaarheidsmarge ondergrens and bovengrens as three rows.  The value
 * is the Waarde row's; the bounds go to bp.observation_interval.  4 regions x
 * 2 measures = 8 cells; WK082802's MoeiteMetRondkomen is '.' in all three
 * rows: no value, no interval, so 7 intervals.
 */
static const char *interval_of(long source, const char *variable, const char *area)
{
	char sql[512];
	snprintf(sql, sizeof(sql), "SELECT ci_low || '-' || ci_high FROM bp.observation_interval WHERE source_id = %ld "
	         "AND variable_code = '%s' AND area_code = '%s' AND period = '2020'", source, variable, area);
	return bp_test_scalar(bp_test_db.db.conn, sql);
}

static void test_margins(void **state)
{
	(void)state;
	bp_import_result res;
	bp_error err = { 0 };
	bp_rc rc = bp_import_cbs_dump(bp_test_db.db.conn, bp_test_fixture("marges-constructed"), &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_int_equal(res.rows, 4);          /* the Waarde rows: complete, 4 regions x 1 period */
	assert_int_equal(res.observations, 8);
	long s = res.source_id;
	assert_string_equal(rivm_cell(s, "Eenzaam", "WK082801", "2020"), "51.6 ok");
	assert_string_equal(interval_of(s, "Eenzaam", "WK082801"), "47.9-55.3");
	assert_string_equal(interval_of(s, "MoeiteMetRondkomen", "GM0828"), "11.2-13");
	assert_string_equal(interval_of(s, "Eenzaam", "NL00"), "46.8-47.2");
	assert_string_equal(rivm_cell(s, "MoeiteMetRondkomen", "WK082802", "2020"), "NULL unknown_or_secret");
	assert_string_equal(interval_of(s, "MoeiteMetRondkomen", "WK082802"), "");
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.observation_interval WHERE source_id = %ld", s);
	assert_int_equal(count(sql), 7);

	/* A lower bound above its value (margins that are not bounds): refused, nothing loaded. */
	char dir[256], cmd[8192];
	bp_test_tmpdir(dir, sizeof(dir));
	snprintf(cmd, sizeof(cmd), "cp '%s'/*.json '%s'/ && sed -i 's/\"    47.9\"/\"    53.9\"/' '%s/UntypedDataSet.json' "
	         "&& grep -q '\"    53.9\"' '%s/UntypedDataSet.json'", bp_test_fixture("marges-constructed"), dir, dir, dir);
	assert_int_equal(system(cmd), 0);
	long before = count("SELECT count(*) FROM bp.source");
	memset(&err, 0, sizeof(err));
	assert_int_equal(bp_import_cbs_dump(bp_test_db.db.conn, dir, &res, &err), BP_ERR_PARSE);
	assert_non_null(strstr(err.message, "does not hold its value 51.6"));
	assert_int_equal(count("SELECT count(*) FROM bp.source"), before);
	bp_test_rmtree(dir);
}

/* The shared 85318NED folder has metadata but no data.csv: refused, nothing written. */
static void test_shared_85318(void **state)
{
	(void)state;
	char p[4096];
	bp_import_result res;
	bp_error err = { 0 };
	assert_true(shared_path(p, sizeof(p), SHARED_85318));   /* main checked it: run with --shared only */
	assert_int_equal(bp_import_cbs_dump(bp_test_db.db.conn, p, &res, &err), BP_ERR_USAGE);
	assert_non_null(strstr(err.message, "no data (data.csv)"));
	assert_int_equal(count("SELECT count(*) FROM bp.source"), 0);
}

/* The whole 85067NED folder as cbsodataR wrote it, when the shared data is here. */
static void test_shared_85067(void **state)
{
	(void)state;
	char p[4096];
	assert_true(shared_path(p, sizeof(p), SHARED_85067));   /* main checked it: run with --shared only */
	bp_import_result res;
	bp_error err = { 0 };
	bp_rc rc = bp_import_cbs_dump(bp_test_db.db.conn, p, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	/* 345 gemeenten (data.csv has 346 lines, no field spans lines) x 2 topics */
	assert_int_equal(res.areas, 345);
	assert_int_equal(res.observations, 690);
	char sql[512];
	/* sum of Inwonertal_54 over data.csv, computed independently (SUM_85067_INWONERTAL) */
	snprintf(sql, sizeof(sql), "SELECT sum(value)::bigint FROM bp.observation WHERE source_id = %ld AND variable_code = 'Inwonertal'", res.source_id);
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, sql), SUM_85067_INWONERTAL);
}

int main(int argc, char **argv)
{
	/* The whole 85067NED dump, from ../shared/data: its own run, skipped when absent. */
	if (bp_test_shared_mode(argc, argv)) {
		static const char *const need[] = { SHARED_85067, SHARED_85318, NULL };
		const struct CMUnitTest shared_tests[] = { cmocka_unit_test(test_shared_85318),
		                                           cmocka_unit_test(test_shared_85067) };
		if (bp_test_shared_require(need))
			return BP_TEST_SKIPPED;
		return cmocka_run_group_tests_name("shared", shared_tests, bp_test_db_setup, bp_test_db_teardown);
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind),
		cmocka_unit_test(test_not_a_dump),
		cmocka_unit_test(test_incomplete),
		cmocka_unit_test(test_cbsodatar),
		cmocka_unit_test(test_cbsodata),
		cmocka_unit_test(test_cbsodata_periods),
		cmocka_unit_test(test_margins),
	};
	return cmocka_run_group_tests_name("db", tests, bp_test_db_setup, bp_test_db_teardown);
}
