/*
 * test_survey_results: area-level survey results (lib/import/survey_results.c,
 * sql/008_survey_results.sql) against a real throwaway cluster with the KWB
 * 2024 fixture loaded (so that Oss's areas exist).
 *
 * The expected values are read by hand from the hand-made fixture
 * tests/fixtures/survey-results/gezondheidsmonitor-2022-oss.csv (values
 * invented, see its PROVENANCE.md).  Broken files are written by the tests
 * themselves, each a copy of the fixture's header with one bad row, and each
 * refusal must name the file, line and column and leave the database exactly
 * as it was (md5 over sources, observations, intervals and variables).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "import/statline_csv.h"
#include "import/survey_results.h"
#include "pgtest.h"

#define KWB "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"
#define HEADER "gebiedcode;jaar;indicator;percentage;aantal_respondenten;ondergrens;bovengrens\n"
#define GOOD_ROW "GM0828;2022;Eenzaam;44,5;1520;42,0;47,0\n"

static bp_testdb g_db;
static char g_tmp[256];
static char g_csv[BP_PATH_MAX];
static char g_mapping[BP_PATH_MAX];

static PGconn *conn(void) { return g_db.db.conn; }

static const char *q(const char *sql) { return bp_test_scalar(conn(), sql); }

static void write_file(char *path, size_t size, const char *name, const char *text)
{
	snprintf(path, size, "%s/%s", g_tmp, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static char *snapshot(void)
{
	return strdup(q(
		"SELECT md5(concat_ws('|',"
		" (SELECT string_agg(concat_ws(',', id, checksum, importer), ';' ORDER BY id) FROM bp.source),"
		" (SELECT string_agg(concat_ws(',', variable_code, area_code, period, source_id, value, status), ';'"
		"   ORDER BY variable_code, area_code, period, source_id) FROM bp.observation),"
		" (SELECT string_agg(concat_ws(',', variable_code, area_code, period, source_id, ci_low, ci_high, n_respondents), ';'"
		"   ORDER BY variable_code, area_code, period, source_id) FROM bp.observation_interval),"
		" (SELECT string_agg(concat_ws(',', code, unit), ';' ORDER BY code) FROM bp.variable)))"));
}

static bp_rc import(const char *path, const char *mapping, bp_survey_results_result *res, bp_error *err)
{
	bp_survey_results_options o = { .path = path, .mapping_path = mapping };
	bp_error_clear(err);
	return bp_import_survey_results(conn(), &o, res, err);
}

static int db_setup(void **state)
{
	(void)state;
	if (bp_testdb_start(&g_db) != 0)
		return -1;
	bp_test_tmpdir(g_tmp, sizeof(g_tmp));
	bp_statline_options so = { .path = bp_test_fixture(KWB) };
	bp_import_result r;
	bp_error err = { 0 };
	if (bp_import_statline_csv(conn(), &so, &r, &err) != BP_OK)
		return -1;
	snprintf(g_csv, sizeof(g_csv), "%s", bp_test_fixture("survey-results/gezondheidsmonitor-2022-oss.csv"));
	snprintf(g_mapping, sizeof(g_mapping), "%s", bp_test_fixture("survey-results/mapping.yaml"));
	return 0;
}

static int db_teardown(void **state)
{
	(void)state;
	bp_testdb_stop(&g_db);
	bp_test_rmtree(g_tmp);
	return 0;
}

/* ------------------------------------------------------------ the fixture */

static void test_fixture(void **state)
{
	(void)state;
	bp_survey_results_result res;
	bp_error err;
	bp_rc rc = import(g_csv, g_mapping, &res, &err);
	if (rc) {
		char buf[4096];
		bp_error_format(&err, buf, sizeof(buf));
		fprintf(stderr, "%s\n", buf);
	}
	assert_int_equal(rc, BP_OK);
	assert_false(res.already_loaded);
	assert_int_equal(res.rows, 8);
	assert_int_equal(res.observations, 8);
	assert_int_equal(res.suppressed, 2);
	/* the two suppressed figures (lines 4 and 8) have respondents but no value:
	 * as in every table (survey-results is a preset of import table), a figure
	 * the source does not give keeps no interval row */
	assert_int_equal(res.intervals, 5);

	char sql[512];
	snprintf(sql, sizeof(sql), "SELECT concat_ws(',', publisher, table_id, importer, licence, row_count) FROM bp.source WHERE id = %ld",
	         res.source_id);
	assert_string_equal(q(sql), "buurtpeil tests (hand-made),gezondheidsmonitor-test-2022,survey-results,test fixture, values invented,8");
	/* The variables, with their unit. */
	assert_string_equal(q("SELECT string_agg(concat_ws(',', code, unit, decimals), ';' ORDER BY code) FROM bp.variable WHERE code LIKE 'test_gm_%'"),
	                    "test_gm_eenzaam,%,1;test_gm_mantelzorger,%,1");
	/* Line 2: GM0828 Eenzaam 44,5 (1520 respondents, 42,0 to 47,0). */
	assert_string_equal(q("SELECT concat_ws(',', o.value, o.status, o.gemeente_code, o.indeling_year, o.period, i.ci_low, i.ci_high, i.n_respondents) "
	                      "FROM bp.observation o JOIN bp.observation_interval i USING (variable_code, area_code, indeling_year, period, source_id) "
	                      "WHERE o.variable_code = 'test_gm_eenzaam' AND o.area_code = 'GM0828'"),
	                    "44.5,ok,GM0828,2024,2022,42,47,1520");
	/* Line 3: WK082800 Eenzaam 48,2 (130; 39,5 to 56,9). */
	assert_string_equal(q("SELECT concat_ws(',', o.value, i.ci_low, i.ci_high, i.n_respondents) "
	                      "FROM bp.observation o JOIN bp.observation_interval i USING (variable_code, area_code, indeling_year, period, source_id) "
	                      "WHERE o.variable_code = 'test_gm_eenzaam' AND o.area_code = 'WK082800'"),
	                    "48.2,39.5,56.9,130");
	/* Line 4: '.' with 12 respondents and no bounds: suppressed, no interval row. */
	assert_string_equal(q("SELECT concat_ws(',', coalesce(o.value::text, 'null'), o.status, "
	                      "(SELECT count(*) FROM bp.observation_interval i WHERE i.variable_code = o.variable_code "
	                      " AND i.area_code = o.area_code)) "
	                      "FROM bp.observation o WHERE o.variable_code = 'test_gm_eenzaam' AND o.area_code = 'WK082801'"),
	                    "null,unknown_or_secret,0");
	/* Line 8: '*' (the mapping's suppressed symbol). */
	assert_string_equal(q("SELECT status FROM bp.observation WHERE variable_code = 'test_gm_mantelzorger' AND area_code = 'WK082801'"),
	                    "unknown_or_secret");
	/* Line 9: a buurt with a value but no respondents or bounds: no interval row. */
	assert_string_equal(q("SELECT concat_ws(',', value, status, gemeente_code) FROM bp.observation "
	                      "WHERE variable_code = 'test_gm_mantelzorger' AND area_code = 'BU08280105'"), "9.5,ok,GM0828");
	assert_string_equal(q("SELECT count(*) FROM bp.observation_interval WHERE area_code = 'BU08280105'"), "0");
	/* Sums by hand: 44.5+48.2+40.0 and 14.1+11.0+9.5; respondents 1520+130+210+1498+128 (the
	 * suppressed figures' 12 and 12 have no interval row). */
	assert_string_equal(q("SELECT round(sum(value)::numeric, 1) FROM bp.observation WHERE variable_code = 'test_gm_eenzaam'"), "132.7");
	assert_string_equal(q("SELECT round(sum(value)::numeric, 1) FROM bp.observation WHERE variable_code = 'test_gm_mantelzorger'"), "34.6");
	assert_string_equal(q("SELECT sum(n_respondents) FROM bp.observation_interval"), "3486");
	/* Readable by the publishing role (default privileges of 005). */
	assert_string_equal(q("SELECT has_table_privilege('buurtpeil_publish', 'bp.observation_interval', 'SELECT')::text"), "true");
}

static void test_reimport_noop(void **state)
{
	(void)state;
	bp_survey_results_result res;
	bp_error err;
	char *before = snapshot();
	assert_int_equal(import(g_csv, g_mapping, &res, &err), BP_OK);
	assert_true(res.already_loaded);
	assert_true(res.source_id > 0);
	char *after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* ------------------------------------------------------------ validation */

typedef struct bad_case {
	const char *name;
	const char *rows;        /* after the header and one good row (line 2) */
	long line, column;
	const char *message;
} bad_case;

static void test_validation(void **state)
{
	(void)state;
	/* Columns: gebiedcode 1, jaar 10, indicator 15, percentage 23,
	 * aantal_respondenten 28, ondergrens 32, bovengrens 37 in the rows below. */
	/* The messages are import table's (survey-results is its preset); a
	 * row repeated exactly is loaded once there (test_twice), a short row
	 * is an error of the row as a whole (column 1). */
	static const bad_case cases[] = {
		{ "unknown-area.csv", "WK999999;2022;Eenzaam;40,0;100;30,0;50,0\n", 3, 1, "area code 'WK999999' is not among the areas" },
		{ "not-a-code.csv", "GM0828;2022;Eenzaam;44,5;1520;42,0;47,0\nXX0402;2022;Eenzaam;4,0;1;3,0;5,0\n", 4, 1,
		  "'XX0402' is no code of Nederland, a gemeente, wijk or buurt" },
		{ "outside.csv", "WK082800;2022;Eenzaam;60,0;100;30,0;50,0\n", 3, 23, "the value 60,0 is outside its bounds 30,0 to 50,0" },
		{ "below.csv", "WK082800;2022;Eenzaam;29,9;100;30,0;50,0\n", 3, 23, "the value 29,9 is outside its bounds" },
		{ "lower-above-upper.csv", "WK082800;2022;Eenzaam;40,0;100;50,0;30,0\n", 3, 32, "the lower bound is above the upper bound: 50,0 > 30,0" },
		{ "non-numeric.csv", "WK082800;2022;Eenzaam;veel;100;30,0;50,0\n", 3, 23, "'veel' is not a number" },
		{ "decimal-point.csv", "WK082800;2022;Eenzaam;40.0;100;30,0;50,0\n", 3, 23, "'40.0' is not a number" },
		{ "bad-upper.csv", "WK082800;2022;Eenzaam;40,0;100;30,0;5O,0\n", 3, 37, "column bovengrens: '5O,0' is not a number" },
		{ "negative-respondents.csv", "WK082800;2022;Eenzaam;40,0;-3;30,0;50,0\n", 3, 28, "the number of respondents is negative" },
		{ "fractional-respondents.csv", "WK082800;2022;Eenzaam;40,0;2,5;30,0;50,0\n", 3, 28, "not a whole number" },
		{ "unknown-indicator.csv", "WK082800;2022;Rookt;40,0;100;30,0;50,0\n", 3, 15, "topic 'Rookt' is not in the mapping" },
		{ "conflicting.csv", "GM0828;2022;Eenzaam;44,6;1520;42,0;47,0\n", 3, 21, "differs from line 2" },
		{ "short-row.csv", "WK082800;2022;Eenzaam;40,0\n", 3, 1, "the row has 4 fields, the header 7" },
	};
	char *before = snapshot();
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const bad_case *c = &cases[i];
		char path[BP_PATH_MAX], text[1024];
		snprintf(text, sizeof(text), HEADER GOOD_ROW "%s", c->rows);
		/* A good first row of another area, so the bad row is never line 2. */
		if (strcmp(c->name, "conflicting.csv") != 0)
			snprintf(text, sizeof(text), HEADER "WK082803;2022;Mantelzorger;10,0;50;5,0;15,0\n%s", c->rows);
		write_file(path, sizeof(path), c->name, text);
		bp_survey_results_result res;
		bp_error err;
		assert_int_equal(import(path, g_mapping, &res, &err), BP_ERR_PARSE);
		fprintf(stderr, "# %s: %ld:%ld: %s\n", c->name, err.line, err.column, err.message);
		assert_string_equal(err.where, path);
		assert_int_equal(err.line, c->line);
		assert_int_equal(err.column, c->column);
		assert_non_null(strstr(err.message, c->message));
		assert_int_equal(res.observations, 0);
		char *after = snapshot();
		assert_string_equal(before, after);
		free(after);
	}
	free(before);
}

/* A row repeated exactly is loaded once and counted (issue 21: exports repeat rows). */
static void test_twice(void **state)
{
	(void)state;
	char path[BP_PATH_MAX];
	bp_survey_results_result res;
	bp_error err;
	write_file(path, sizeof(path), "twice.csv", HEADER "WK082803;2022;Mantelzorger;10,5;50;5,0;15,0\n"
	                                            "WK082803;2022;Mantelzorger;10,5;50;5,0;15,0\n");
	assert_int_equal(import(path, g_mapping, &res, &err), BP_OK);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.observations, 1);
	assert_string_equal(q("SELECT value FROM bp.observation_current WHERE variable_code = 'test_gm_mantelzorger' "
	                      "AND area_code = 'WK082803'"), "10.5");
}

/* Every problem is found, the first located in err, all counted in the detail. */
static void test_many_problems(void **state)
{
	(void)state;
	char path[BP_PATH_MAX];
	bp_survey_results_result res;
	bp_error err;
	char *before = snapshot();
	write_file(path, sizeof(path), "many.csv",
		HEADER
		"WK082800;2022;Eenzaam;40,0;-1;30,0;50,0\n"
		"WK082803;2022;Eenzaam;40,0;100;30,0;50,0\n"
		"BU99999999;2022;Eenzaam;x;100;60,0;50,0\n");
	assert_int_equal(import(path, g_mapping, &res, &err), BP_ERR_PARSE);
	/* Each row up to its first problem (import table checks a row in order
	 * and stops there): line 2 respondents, line 4 its area. */
	assert_int_equal(res.problems, 2);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 28);
	assert_non_null(strstr(err.message, "the number of respondents is negative"));
	assert_non_null(strstr(err.detail, "2 problems, nothing was loaded"));
	assert_non_null(strstr(err.detail, "2:28: the number of respondents is negative"));
	assert_non_null(strstr(err.detail, "4:1: area code 'BU99999999' is not among the areas"));
	/* A mapped column the header lacks. */
	write_file(path, sizeof(path), "no-column.csv",
		"gebiedcode;jaar;indicator;waarde;aantal_respondenten;ondergrens;bovengrens\n" GOOD_ROW);
	assert_int_equal(import(path, g_mapping, &res, &err), BP_ERR_PARSE);
	assert_int_equal(err.line, 1);
	assert_non_null(strstr(err.message, "no column 'percentage'"));
	char *after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_mapping_errors(void **state)
{
	(void)state;
	char path[BP_PATH_MAX], mapping[BP_PATH_MAX];
	bp_survey_results_result res;
	bp_error err;
	char *before = snapshot();
	write_file(path, sizeof(path), "ok.csv", HEADER "WK082803;2022;Eenzaam;40,0;100;30,0;50,0\n");
	write_file(mapping, sizeof(mapping), "bad-decimal.yaml",
		"survey: {name: x, period: \"2022\", publisher: p, licence: l}\n"
		"csv: {separator: \";\", decimal: \";\"}\n"
		"columns: {area: gebiedcode, indicator: indicator, value: percentage}\n"
		"area: {indeling_year: 2024}\n"
		"indicators: {Eenzaam: {variable: test_x}}\n");
	assert_int_equal(import(path, mapping, &res, &err), BP_ERR_CONFIG);
	assert_string_equal(err.where, mapping);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 32);
	/* A variable known with another unit: refused at the mapping's indicator, nothing kept. */
	write_file(mapping, sizeof(mapping), "other-unit.yaml",
		"survey: {name: y, period: \"2022\", publisher: p, licence: l}\n"
		"csv: {separator: \";\", decimal: \",\"}\n"
		"columns: {area: gebiedcode, period: jaar, indicator: indicator, value: percentage,\n"
		"          respondents: aantal_respondenten, lower: ondergrens, upper: bovengrens}\n"
		"area: {indeling_year: 2024}\n"
		"indicators:\n"
		"  Eenzaam: {variable: test_gm_eenzaam, unit: aantal}\n");
	assert_int_equal(import(path, mapping, &res, &err), BP_ERR_CONFIG);
	assert_string_equal(err.where, mapping);
	assert_int_equal(err.line, 7);
	assert_int_equal(err.column, 3);
	assert_non_null(strstr(err.message, "registered with unit '%'"));
	char *after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* A corrected file is a new vintage: observation_current shows its value. */
static void test_corrected_file(void **state)
{
	(void)state;
	char path[BP_PATH_MAX];
	bp_survey_results_result res;
	bp_error err;
	write_file(path, sizeof(path), "corrected.csv", HEADER "GM0828;2022;Eenzaam;45,5;1530;43,0;48,0\n");
	assert_int_equal(import(path, g_mapping, &res, &err), BP_OK);
	assert_false(res.already_loaded);
	assert_string_equal(q("SELECT value FROM bp.observation_current WHERE variable_code = 'test_gm_eenzaam' AND area_code = 'GM0828'"), "45.5");
	assert_string_equal(q("SELECT count(*) FROM bp.source WHERE importer = 'survey-results'"), "2");
	/* Removing a vintage: its observations, and their intervals with them. */
	char sql[256];
	snprintf(sql, sizeof(sql), "DELETE FROM bp.observation WHERE source_id = %ld", res.source_id);
	PGresult *r = PQexec(conn(), sql);
	assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
	PQclear(r);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.observation_interval WHERE source_id = %ld", res.source_id);
	assert_string_equal(q(sql), "0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_reimport_noop),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_many_problems),
		cmocka_unit_test(test_mapping_errors),
		cmocka_unit_test(test_corrected_file),
		cmocka_unit_test(test_twice),
	};
	return cmocka_run_group_tests_name("survey-results", tests, db_setup, db_teardown);
}
