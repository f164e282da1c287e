/*
 * test_json_records: `import json` (lib/import/json_records.c,
 * json_mapping.c) against a real throwaway PostgreSQL, on the woonikveilig
 * files of tests/fixtures/woonikveilig (CBS KWB 2024 and RIVM 50150NED
 * figures as the site published them) and the shipped mappings.
 *
 * Golden values, read from the fixtures (python3 -c 'import json; ...'):
 *   GM0402.json  demografie.inkomenPerInwoner 39.7; wijken: WK040201 Centrum
 *                afstandHuisarts 0.6, afstandSupermarkt 0.4, scholenBinnen3km 22.2
 *   GM0828.json  demografie.inkomenPerInwoner 33.9; wijken: WK082810 Berghem
 *                scholenBinnen3km 3, inkomenPerInwoner 35
 *                buurten[0]  BU08282103 't Wild, wijkCode "WK08282103" (wrong:
 *                            its wijk is WK082821), inkomenPerInwoner null,
 *                            afstandHuisarts 4.3, gezondheid null
 *                buurten[3]  BU08281000 Berghem-Noord, gezondheid.trend
 *                            2012 75.6, 2016 74.2, 2020 76.8, 2022 68.4, 2024 71.5
 *                buurten[17] BU08281308, afstandHuisarts null
 *                gezondheid.trend of the gemeente: 2022 68.2
 *   Counts (python over the files): GM0828 1 + 23 wijken + 106 buurten = 130
 *   areas x 5 fields = 650 cells, 505 of them not null; of inkomenPerInwoner
 *   19 not null.  GM0402 1 + 9 + 43 = 53 areas, 265 cells, 230 not null.
 *   Health: GM0828 gemeente + 106 buurten = 107 records x 5 periods = 535
 *   cells, 77 records with a trend (385 values).
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

#include "core/arena.h"
#include "core/error.h"
#include "engine/compute.h"
#include "engine/indicator_def.h"
#include "import/json_records.h"
#include "import/statline_csv.h"
#include "importtest.h"
#include "pgtest.h"

#define KWB_MAPPING "/mappings/woonikveilig-kwb2024.yaml"
#define RIVM_MAPPING "/mappings/woonikveilig-rivm50150.yaml"

static char tmp[256];

static PGconn *conn(void)
{
	return bp_test_db.db.conn;
}

static long count(const char *sql)
{
	return bp_test_count(conn(), sql);
}

#define q(...) bp_test_scalarf(conn(), __VA_ARGS__)

/* A shipped file of the project (BP_SOURCE_ROOT); static buffer. */
static const char *project(const char *rel)
{
	static char buf[4096];
	const char *root = getenv("BP_SOURCE_ROOT");
	snprintf(buf, sizeof(buf), "%s%s", root ? root : ".", rel);
	return buf;
}

static const char *write_tmp(const char *name, const char *text)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Import; returns the rc, err filled. */
static bp_rc import(const char *file, const char *mapping, bp_import_result *res, bp_error *err)
{
	char f[4096], m[4096];
	snprintf(f, sizeof(f), "%s", file);
	snprintf(m, sizeof(m), "%s", mapping);
	bp_json_options o = { .path = f, .mapping_path = m };
	memset(err, 0, sizeof(*err));
	return bp_import_json_records(conn(), &o, res, err);
}

static long import_ok(const char *file, const char *mapping, bp_import_result *res)
{
	bp_error err;
	bp_rc rc = import(file, mapping, res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	return res->source_id;
}

static const char *obs(const char *var, const char *area, const char *period)
{
	return q("SELECT coalesce(value::text, 'NULL') || ' ' || status FROM bp.observation "
	         "WHERE variable_code = '%s' AND area_code = '%s' AND indeling_year = 2024 AND period = '%s'",
	         var, area, period);
}

/* ---- the mapping's mistakes, at its line and column; nothing written ------ */

static void test_mapping_errors(void **state)
{
	(void)state;
	bp_test_snapshot before, after;
	bp_test_snap(conn(), &before);
	bp_import_result res;
	bp_error err;
	char gm0828[4096];
	snprintf(gm0828, sizeof(gm0828), "%s", bp_test_fixture("woonikveilig/GM0828.json"));

	/* line 8: 6 spaces, "- {" and "field: demografie.afstandHuisarts, " (35) before the key: column 45 */
	const char *m = write_tmp("typo.yaml",
		"source: {publisher: CBS, title: T, licence: CC BY 4.0}\n"
		"period: 2024\n"
		"indeling: 2024\n"
		"records:\n"
		"  - path: buurten[]\n"
		"    code: code\n"
		"    fields:\n"
		"      - {field: demografie.afstandHuisarts, varaible: AfstandTotHuisartsenpraktijk}\n");
	assert_int_equal(import(gm0828, m, &res, &err), BP_ERR_CONFIG);
	assert_non_null(strstr(err.where, "typo.yaml"));
	assert_int_equal(err.line, 8);
	assert_int_equal(err.column, 45);
	assert_non_null(strstr(err.message, "varaible"));

	/* a path with '[' inside a key: line 5, the value after "  - path: " (column 11) */
	m = write_tmp("path.yaml",
		"source: {publisher: CBS, title: T, licence: CC BY 4.0}\n"
		"period: 2024\n"
		"indeling: 2024\n"
		"records:\n"
		"  - path: bu[urten\n"
		"    code: code\n"
		"    fields: [{field: a, variable: AantalInwoners}]\n");
	assert_int_equal(import(gm0828, m, &res, &err), BP_ERR_CONFIG);
	assert_int_equal(err.line, 5);
	assert_int_equal(err.column, 11);

	/* neither code nor fixed_code: at the record set (line 5, column 5) */
	m = write_tmp("nocode.yaml",
		"source: {publisher: CBS, title: T, licence: CC BY 4.0}\n"
		"period: 2024\n"
		"indeling: 2024\n"
		"records:\n"
		"  - path: wijken[]\n"
		"    fields: [{field: a, variable: AantalInwoners}]\n");
	assert_int_equal(import(gm0828, m, &res, &err), BP_ERR_CONFIG);
	assert_int_equal(err.line, 5);
	assert_int_equal(err.column, 5);
	assert_non_null(strstr(err.message, "'code'"));

	/* an unknown variable is only found in the database: still at the mapping, line 7, at its
	 * value (34 characters before it: "    fields: [{field: a, variable: "), column 35 */
	m = write_tmp("unknown.yaml",
		"source: {publisher: CBS, title: T, licence: CC BY 4.0}\n"
		"period: 2024\n"
		"indeling: 2024\n"
		"records:\n"
		"  - path: wijken[]\n"
		"    code: code\n"
		"    fields: [{field: a, variable: NoSuchVariable}]\n");
	assert_int_equal(import(gm0828, m, &res, &err), BP_ERR_CONFIG);
	assert_non_null(strstr(err.where, "unknown.yaml"));
	assert_int_equal(err.line, 7);
	assert_int_equal(err.column, 35);
	assert_non_null(strstr(err.message, "unknown variable 'NoSuchVariable'"));

	bp_test_snap(conn(), &after);
	bp_test_assert_same(&before, &after);
	assert_int_equal(PQtransactionStatus(conn()), PQTRANS_IDLE);
}

/* ---- a string where a number belongs: the JSON path, nothing written ------ */

static void test_wrong_type(void **state)
{
	(void)state;
	char cmd[8192];
	snprintf(cmd, sizeof(cmd),
	         "python3 -c \"import json,sys; d=json.load(open(sys.argv[1])); "
	         "d['buurten'][17]['demografie']['afstandHuisarts']='1,2'; json.dump(d, open(sys.argv[2], 'w'))\" "
	         "'%s' '%s/GM0828.json'", bp_test_fixture("woonikveilig/GM0828.json"), tmp);
	assert_int_equal(system(cmd), 0);
	char path[512];
	snprintf(path, sizeof(path), "%s/GM0828.json", tmp);
	bp_test_snapshot before, after;
	bp_test_snap(conn(), &before);
	bp_import_result res;
	bp_error err;
	assert_int_equal(import(path, project(KWB_MAPPING), &res, &err), BP_ERR_PARSE);
	assert_string_equal(err.where, path);
	assert_string_equal(err.message, "buurten[17].demografie.afstandHuisarts: expected a number, found the string \"1,2\"");
	char text[4096];
	bp_error_format(&err, text, sizeof(text));
	assert_non_null(strstr(text, "GM0828.json: error: buurten[17].demografie.afstandHuisarts: expected a number"));

	/* and a code that is not a CBS code */
	snprintf(cmd, sizeof(cmd),
	         "python3 -c \"import json,sys; d=json.load(open(sys.argv[1])); "
	         "d['wijken'][2]['code']='Berghem'; json.dump(d, open(sys.argv[2], 'w'))\" "
	         "'%s' '%s/GM0828.json'", bp_test_fixture("woonikveilig/GM0828.json"), tmp);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(import(path, project(KWB_MAPPING), &res, &err), BP_ERR_PARSE);
	assert_non_null(strstr(err.message, "wijken[2].code: 'Berghem' is not a CBS area code"));

	/* not JSON at all: jansson's line and column */
	const char *bad = write_tmp("bad.json", "{\"code\": \"GM0828\",\n \"wijken\": [1,]}\n");
	assert_int_equal(import(bad, project(KWB_MAPPING), &res, &err), BP_ERR_PARSE);
	assert_int_equal(err.line, 2);

	bp_test_snap(conn(), &after);
	bp_test_assert_same(&before, &after);
	assert_int_equal(PQtransactionStatus(conn()), PQTRANS_IDLE);
}

/* ---- the real files through the shipped mapping --------------------------- */

static long kwb_gm0828;

static void test_kwb_golden(void **state)
{
	(void)state;
	bp_import_result res;
	long s = import_ok(bp_test_fixture("woonikveilig/GM0828.json"), project(KWB_MAPPING), &res);
	kwb_gm0828 = s;
	assert_int_equal(res.already_loaded, 0);
	assert_int_equal(res.year, 2024);
	assert_string_equal(res.table_id, "85984NED");
	assert_int_equal(res.rows, 130);
	assert_int_equal(res.areas, 130);
	assert_int_equal(res.observations, 650);
	assert_int_equal(count("SELECT count(value) FROM bp.observation WHERE indeling_year = 2024"), 505);
	assert_int_equal(count("SELECT count(value) FROM bp.observation WHERE variable_code = 'GemiddeldInkomenPerInwoner'"), 19);

	assert_string_equal(obs("GemiddeldInkomenPerInwoner", "GM0828", "2024"), "33.9 ok");
	assert_string_equal(obs("ScholenBinnen3Km", "WK082810", "2024"), "3 ok");
	assert_string_equal(obs("GemiddeldInkomenPerInwoner", "WK082810", "2024"), "35 ok");
	/* null: missing, with a status, never 0 */
	assert_string_equal(obs("GemiddeldInkomenPerInwoner", "BU08282103", "2024"), "NULL unknown_or_secret");
	assert_string_equal(obs("AfstandTotHuisartsenpraktijk", "BU08282103", "2024"), "4.3 ok");
	assert_string_equal(obs("AfstandTotHuisartsenpraktijk", "BU08281308", "2024"), "NULL unknown_or_secret");
	/* the parent from the code, not from the file's wijkCode WK08282103 */
	assert_string_equal(q("SELECT level || ' ' || parent_code || ' ' || gemeente_code || ' ' || name FROM bp.area "
	                      "WHERE code = 'BU08282103' AND indeling_year = 2024"), "buurt WK082821 GM0828 't Wild");
	assert_int_equal(count("SELECT count(*) FROM bp.area WHERE code LIKE 'WK0828%' AND length(code) > 8"), 0);
	assert_string_equal(q("SELECT parent_code FROM bp.area WHERE code = 'GM0828' AND indeling_year = 2024"), "NL00");
	/* provenance */
	assert_string_equal(q("SELECT publisher || '|' || table_id || '|' || licence || '|' || importer || '|' || row_count "
	                      "FROM bp.source WHERE id = %ld", s), "CBS|85984NED|CC BY 4.0|json|130");
	assert_non_null(strstr(q("SELECT title FROM bp.source WHERE id = %ld", s), "(https://github.com/loukanton/woonikveilig)"));

	s = import_ok(bp_test_fixture("woonikveilig/GM0402.json"), project(KWB_MAPPING), &res);
	assert_int_equal(res.areas, 53);
	assert_int_equal(res.observations, 265);
	assert_int_equal(count("SELECT count(value) FROM bp.observation WHERE gemeente_code = 'GM0402'"), 230);
	assert_string_equal(obs("GemiddeldInkomenPerInwoner", "GM0402", "2024"), "39.7 ok");
	assert_string_equal(obs("AfstandTotHuisartsenpraktijk", "WK040201", "2024"), "0.6 ok");
	assert_string_equal(obs("AfstandTotGroteSupermarkt", "WK040201", "2024"), "0.4 ok");
	assert_string_equal(obs("ScholenBinnen3Km", "WK040201", "2024"), "22.2 ok");
}

/* ---- the same file twice: nothing changes --------------------------------- */

/* The same document saved with a UTF-8 BOM (as Windows editors save it): read as without one,
 * a vintage of its own (its bytes differ) with the same figures. */
static void test_bom(void **state)
{
	(void)state;
	char cmd[8192], path[512];
	snprintf(path, sizeof(path), "%s/GM0828-bom.json", tmp);
	snprintf(cmd, sizeof(cmd), "(printf '\\357\\273\\277'; cat '%s') > '%s'", bp_test_fixture("woonikveilig/GM0828.json"),
	         path);
	assert_int_equal(system(cmd), 0);
	bp_import_result res;
	long s = import_ok(path, project(KWB_MAPPING), &res);
	assert_true(s != kwb_gm0828);
	assert_int_equal(res.observations, 650);
	assert_string_equal(obs("GemiddeldInkomenPerInwoner", "WK082810", "2024"), "35 ok");
}

static void test_twice(void **state)
{
	(void)state;
	bp_test_snapshot before, after;
	bp_test_snap(conn(), &before);
	bp_import_result res;
	import_ok(bp_test_fixture("woonikveilig/GM0828.json"), project(KWB_MAPPING), &res);
	assert_int_equal(res.already_loaded, 1);
	assert_int_equal(res.source_id, kwb_gm0828);
	bp_test_snap(conn(), &after);
	bp_test_assert_same(&before, &after);
}

/* ---- periods per field, a new variable, an object that is null ------------- */

static void test_trend(void **state)
{
	(void)state;
	bp_import_result res;
	long v0 = count("SELECT count(*) FROM bp.variable");
	import_ok(bp_test_fixture("woonikveilig/GM0828.json"), project(RIVM_MAPPING), &res);
	assert_int_equal(res.already_loaded, 0);
	assert_int_equal(res.rows, 130);            /* gemeente, buurten, and the wijken without fields */
	assert_int_equal(res.observations, 535);
	assert_int_equal(count("SELECT count(*) FROM bp.variable"), v0 + 1);
	assert_string_equal(q("SELECT unit || ' ' || decimals FROM bp.variable WHERE code = 'GoedErvarenGezondheid50150'"), "% 1");
	assert_int_equal(count("SELECT count(value) FROM bp.observation WHERE variable_code = 'GoedErvarenGezondheid50150'"), 385);
	assert_string_equal(obs("GoedErvarenGezondheid50150", "GM0828", "2022"), "68.2 ok");
	assert_string_equal(obs("GoedErvarenGezondheid50150", "BU08281000", "2012"), "75.6 ok");
	assert_string_equal(obs("GoedErvarenGezondheid50150", "BU08281000", "2016"), "74.2 ok");
	assert_string_equal(obs("GoedErvarenGezondheid50150", "BU08281000", "2020"), "76.8 ok");
	assert_string_equal(obs("GoedErvarenGezondheid50150", "BU08281000", "2022"), "68.4 ok");
	assert_string_equal(obs("GoedErvarenGezondheid50150", "BU08281000", "2024"), "71.5 ok");
	/* gezondheid: null -> every period missing */
	assert_string_equal(obs("GoedErvarenGezondheid50150", "BU08282103", "2020"), "NULL unknown_or_secret");
	assert_int_equal(count("SELECT count(*) FROM bp.observation WHERE variable_code = 'GoedErvarenGezondheid50150' "
	                       "AND area_code LIKE 'WK%'"), 0);
}

/* ---- the engine: inkomen_per_inwoner from the JSON values ------------------- */

static void test_engine(void **state)
{
	(void)state;
	/* The base population (AantalInwoners) comes from the demo's StatLine slice. */
	char csv[4096];
	snprintf(csv, sizeof(csv), "%s", bp_test_fixture("kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"));
	bp_statline_options so = { .path = csv, .year = 2024 };
	bp_import_result res;
	bp_error err = { 0 };
	if (bp_import_statline_csv(conn(), &so, &res, &err))
		bp_test_print_err(&err);
	assert_int_equal(err.rc, BP_OK);
	/* a CBS name is not replaced by a later JSON load, nor the CBS load's by the JSON's */
	assert_string_equal(q("SELECT name FROM bp.area WHERE code = 'WK082810' AND indeling_year = 2024"), "Berghem");

	bp_test_compute_file(conn(), project("/indicators/inkomen_per_inwoner.yaml"));
	/* A CBS area keeps its own published figure: 33.9 for Oss, 39.7 for Hilversum, 35 for Berghem. */
	assert_string_equal(q("SELECT value FROM bp.indicator_value WHERE indicator_id = 'inkomen_per_inwoner' "
	                      "AND area_code = 'GM0828' AND period = '2024'"), "33.9");
	assert_string_equal(q("SELECT value FROM bp.indicator_value WHERE indicator_id = 'inkomen_per_inwoner' "
	                      "AND area_code = 'GM0402' AND period = '2024'"), "39.7");
	assert_string_equal(q("SELECT value FROM bp.indicator_value WHERE indicator_id = 'inkomen_per_inwoner' "
	                      "AND area_code = 'WK082810' AND period = '2024'"), "35");
	/* 't Wild: null in the file, so no value and the reason why */
	assert_string_equal(q("SELECT coalesce(value::text, 'NULL') || ' ' || suppressed_reason FROM bp.indicator_value "
	                      "WHERE indicator_id = 'inkomen_per_inwoner' AND area_code = 'BU08282103'"), "NULL missing_input");
}

static int setup(void **state)
{
	bp_test_tmpdir(tmp, sizeof(tmp));
	return bp_test_db_setup(state);
}

static int teardown(void **state)
{
	bp_test_rmtree(tmp);
	return bp_test_db_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mapping_errors),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_kwb_golden),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_twice),
		cmocka_unit_test(test_trend),
		cmocka_unit_test(test_engine),
	};
	return cmocka_run_group_tests_name("json", tests, setup, teardown);
}
