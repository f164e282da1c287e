/*
 * test_monitor.c: the monitor configuration.  Lines and columns were
 * counted by hand in tests/fixtures/yaml/monitor/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/monitor.h"
#include "core/arena.h"
#include "core/error.h"
#include "import/areacode.h"

/* A source's value by key; NULL or 0 when its kind has no such key or it was not given. */
static const char *src_str(const bp_monitor_source *s, const char *key)
{
	return bp_importer_key_index(s->kind, key) < 0 ? NULL : bp_import_str(&s->args, key);
}

static long src_num(const bp_monitor_source *s, const char *key)
{
	return bp_importer_key_index(s->kind, key) < 0 ? 0 : bp_import_num(&s->args, key, 0);
}

static double src_real(const bp_monitor_source *s, const char *key)
{
	return bp_import_real(&s->args, key);
}

static const bp_import_value *src_list(const bp_monitor_source *s, const char *key)
{
	return bp_import_get(&s->args, key);
}

static const char *fixture_dir(bp_arena *a)
{
	const char *root = getenv("BP_FIXTURES");
	assert_non_null(root);
	return bp_arena_printf(a, "%s/yaml/monitor", root);
}

static const char *fixture(bp_arena *a, const char *name)
{
	return bp_arena_printf(a, "%s/%s", fixture_dir(a), name);
}

static bp_error expect_error(const char *name, long line, long column, const char *message)
{
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;

	bp_error_clear(&err);
	const char *path = fixture(a, name);
	assert_int_equal(bp_monitor_config_load(path, a, &c, &err), BP_ERR_CONFIG);
	assert_int_equal(err.rc, BP_ERR_CONFIG);
	assert_string_equal(err.where, path);
	assert_int_equal(err.line, line);
	assert_int_equal(err.column, column);
	assert_string_equal(err.message, message);
	bp_arena_free(a);
	return err;
}

static void test_valid(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;
	const char *path = fixture(a, "valid.yaml");
	const char *dir = fixture_dir(a);

	bp_error_clear(&err);
	assert_int_equal(bp_monitor_config_load(path, a, &c, &err), BP_OK);
	assert_string_equal(c.path, path);
	assert_string_equal(c.name, "Monitor Oss en Hilversum");
	assert_int_equal(c.n_gemeenten, 2);
	assert_string_equal(c.gemeenten[0], "GM0828");
	assert_string_equal(c.gemeenten[1], "GM0402");   /* "GM0402  " right-trimmed */

	assert_int_equal(c.n_sources, 2);
	assert_string_equal(c.sources[0].type, "statline-csv");
	assert_string_equal(src_str(&c.sources[0], "file"), bp_arena_printf(a, "%s/../data/kwb_2024.csv", dir));
	assert_int_equal(src_num(&c.sources[0], "year"), 2024);
	assert_string_equal(c.sources[0].loc.file, path);
	assert_int_equal(c.sources[0].loc.line, 5);
	assert_int_equal(c.sources[0].loc.column, 5);
	/* Absolute paths stay as written; no year means 0. */
	assert_string_equal(src_str(&c.sources[1], "file"), "/srv/cbs/kwb_2023.csv");
	assert_int_equal(src_num(&c.sources[1], "year"), 0);
	assert_int_equal(c.sources[1].loc.line, 8);
	assert_int_equal(c.sources[1].loc.column, 5);

	assert_string_equal(c.indicators_dir, bp_arena_printf(a, "%s/../../../../indicators", dir));
	assert_string_equal(c.charts_dir, bp_arena_printf(a, "%s/layouts", dir));
	assert_string_equal(c.output_dir, "/var/lib/buurtpeil/out");
	/* The relative indicators path leads to the shipped definitions. */
	assert_int_equal(access(bp_arena_printf(a, "%s/aandeel_65_plus.yaml", c.indicators_dir), R_OK), 0);
	bp_arena_free(a);
}

static void test_defaults(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;
	const char *dir = fixture_dir(a);

	bp_error_clear(&err);
	assert_int_equal(bp_monitor_config_load(fixture(a, "minimal.yaml"), a, &c, &err), BP_OK);
	assert_string_equal(c.name, "minimal.yaml");
	assert_int_equal(c.n_gemeenten, 1);
	assert_string_equal(c.gemeenten[0], "GM0828");
	assert_int_equal(c.n_sources, 1);
	assert_string_equal(src_str(&c.sources[0], "file"), bp_arena_printf(a, "%s/kwb.csv", dir));
	assert_int_equal(src_num(&c.sources[0], "year"), 0);
	assert_int_equal(c.sources[0].loc.line, 5);
	assert_int_equal(c.sources[0].loc.column, 5);
	assert_string_equal(c.indicators_dir, bp_arena_printf(a, "%s/indicators", dir));
	assert_string_equal(c.charts_dir, bp_arena_printf(a, "%s/charts", dir));
	assert_string_equal(c.output_dir, bp_arena_printf(a, "%s/out", dir));
	/* Every part of the report run is on unless switched off. */
	assert_int_equal(c.want_pdf, 1);
	assert_int_equal(c.want_png, 1);
	assert_int_equal(c.want_needs, 1);
	assert_int_equal(c.want_site, 1);
	assert_int_equal(c.area_downloads, 1);
	assert_int_equal(c.buurt_map_wijken, 0);
	assert_int_equal(c.area_charts_narrow, 0);
	bp_arena_free(a);
}

static void test_parts_off(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;
	const char *dir = fixture_dir(a);

	bp_error_clear(&err);
	assert_int_equal(bp_monitor_config_load(fixture(a, "parts_off.yaml"), a, &c, &err), BP_OK);
	assert_int_equal(c.want_pdf, 0);
	assert_int_equal(c.want_png, 0);
	assert_int_equal(c.want_needs, 0);
	assert_int_equal(c.want_site, 0);
	assert_int_equal(c.area_downloads, 0);
	assert_int_equal(c.buurt_map_wijken, 1);
	assert_int_equal(c.area_charts_narrow, 1);
	assert_string_equal(c.sources[0].type, "geojson");
	assert_string_equal(src_str(&c.sources[0], "file"), bp_arena_printf(a, "%s/wijken.geojson", dir));
	assert_int_equal(src_num(&c.sources[0], "year"), 2024);
	bp_arena_free(a);
	/* "publish: sometimes" at line 5, column 10 */
	expect_error("parts_bad.yaml", 5, 10, "'publish' must be true or false");
	/* "buurt_page_map: straten" at line 5, column 17: only buurten or wijken */
	expect_error("buurt_map_bad.yaml", 5, 17, "unknown buurt_page_map 'straten'");
	/* "area_charts: wide" at line 5, column 14: only both or narrow */
	expect_error("area_charts_bad.yaml", 5, 14, "unknown area_charts 'wide'");
}

/* A bare file name resolves against ".", the folder it was found in. */
static void test_relative_to_cwd(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;
	char cwd[PATH_MAX];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(fixture_dir(a)), 0);
	bp_error_clear(&err);
	bp_rc rc = bp_monitor_config_load("minimal.yaml", a, &c, &err);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(rc, BP_OK);
	assert_string_equal(c.name, "minimal.yaml");
	assert_string_equal(src_str(&c.sources[0], "file"), "./kwb.csv");
	assert_string_equal(c.indicators_dir, "./indicators");
	assert_string_equal(c.output_dir, "./out");
	bp_arena_free(a);
}

static void test_missing_file(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;
	const char *path = fixture(a, "no_such_config.yaml");

	bp_error_clear(&err);
	assert_int_equal(bp_monitor_config_load(path, a, &c, &err), BP_ERR_IO);
	assert_string_equal(err.where, path);
	bp_arena_free(a);
}

static void test_source_errors(void **state)
{
	(void)state;
	bp_error err = expect_error("bad_type.yaml", 5, 11, "unknown type 'statline-xlsx'");
	assert_string_equal(err.hint, "allowed values: statline-csv, cbs, cbs-dump, geojson, survey, survey-results, experiences, json, kwb-csv, table");
	err = expect_error("year_range.yaml", 6, 11, "'year' must be between 1990 and 2100");
	assert_string_equal(err.detail, "found 1850");
	/* At the second source's mapping, which lacks the key. */
	expect_error("missing_file.yaml", 6, 5, "missing key 'file'");
	err = expect_error("source_unknown_key.yaml", 6, 5, "unknown key 'yaer'");
	/* Every kind's keys from the registry, in the order of the kinds and their keys. */
	assert_string_equal(err.hint, "did you mean 'year'? allowed keys: type, mandatory, file, year, table_id, codes, gemeente, table, "
	                    "catalog, base_url, where, api, national, dir, level, tolerance, crs, object, mapping, "
	                    "skip_invalid, report, skip");
	expect_error("no_sources.yaml", 2, 1, "missing key 'sources'");
	expect_error("sources_mapping.yaml", 4, 3, "'sources' must be a list, found a mapping");
}

/* mandatory: true on any type; false when not given; anything else refused at its place. */
static void test_mandatory(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;
	bp_error_clear(&err);
	assert_int_equal(bp_monitor_config_load(fixture(a, "mandatory.yaml"), a, &c, &err), BP_OK);
	assert_int_equal(c.n_sources, 2);
	assert_int_equal(c.sources[0].mandatory, 1);
	assert_int_equal(c.sources[1].mandatory, 0);
	bp_arena_free(a);
	bp_error e = expect_error("mandatory_bad.yaml", 6, 16, "'mandatory' must be true or false");
	(void)e;
}

static void test_cbs_source(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;
	bp_error_clear(&err);
	assert_int_equal(bp_monitor_config_load(fixture(a, "cbs.yaml"), a, &c, &err), BP_OK);
	assert_int_equal(c.n_sources, 2);
	assert_string_equal(c.sources[1].type, "cbs");
	assert_string_equal(src_str(&c.sources[1], "table"), "50090NED");
	assert_string_equal(src_str(&c.sources[1], "catalog"), "RIVM");
	assert_string_equal(src_str(&c.sources[1], "base_url"), "http://127.0.0.1:8080");
	assert_int_equal(src_list(&c.sources[1], "where")->n, 2);
	assert_string_equal(src_list(&c.sources[1], "where")->list[1], "Marges=MW00000");
	assert_null(src_str(&c.sources[1], "file"));
	assert_null(c.areas_dir);   /* no 'areas' key: no custom areas */
	assert_int_equal(c.sources[1].loc.line, 6);
	bp_arena_free(a);

	expect_error("cbs_with_file.yaml", 6, 5, "'file' does not apply to a source of type cbs");
	expect_error("cbs_no_table.yaml", 4, 5, "missing key 'table'");
}

/* The file types: each carries its own keys, resolved like 'file'. */
static void test_file_sources(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;
	const char *dir = fixture_dir(a);
	bp_error_clear(&err);
	assert_int_equal(bp_monitor_config_load(fixture(a, "sources_all.yaml"), a, &c, &err), BP_OK);
	assert_int_equal(c.n_sources, 5);

	const bp_monitor_source *s = &c.sources[0];
	assert_string_equal(s->type, "cbs-dump");
	assert_string_equal(src_str(s, "dir"), bp_arena_printf(a, "%s/../dumps/50090NED", dir));
	assert_null(src_str(s, "file"));
	assert_int_equal(s->loc.line, 4);
	assert_int_equal(s->loc.column, 5);

	s = &c.sources[1];
	assert_string_equal(s->type, "geojson");
	assert_string_equal(src_str(s, "file"), "/srv/geo/wijken_2024.geojson");
	assert_int_equal(src_num(s, "year"), 2024);
	assert_string_equal(src_str(s, "level"), "wijk");
	assert_true(src_real(s, "tolerance") == 2.5);
	assert_string_equal(src_str(s, "crs"), "EPSG:28992");
	assert_null(src_str(s, "dir"));

	/* Without the optional keys: any level, the importer's tolerance, the file's crs. */
	s = &c.sources[2];
	assert_string_equal(src_str(s, "file"), bp_arena_printf(a, "%s/buurten.geojson", dir));
	assert_int_equal(src_num(s, "year"), 0);
	assert_null(src_str(s, "level"));
	assert_true(src_real(s, "tolerance") == 0);
	assert_null(src_str(s, "crs"));

	s = &c.sources[3];
	assert_string_equal(s->type, "survey");
	assert_string_equal(src_str(s, "file"), bp_arena_printf(a, "%s/peiling.sav", dir));
	assert_string_equal(src_str(s, "mapping"), bp_arena_printf(a, "%s/../../../../surveys/burgerpeiling-2022.yaml", dir));
	assert_int_equal(access(src_str(s, "mapping"), R_OK), 0);
	assert_int_equal(s->loc.line, 14);

	s = &c.sources[4];
	assert_string_equal(s->type, "survey-results");
	assert_string_equal(src_str(s, "file"), bp_arena_printf(a, "%s/results.csv", dir));
	assert_string_equal(src_str(s, "mapping"), bp_arena_printf(a, "%s/results.yaml", dir));
	assert_int_equal(s->loc.line, 17);
	bp_arena_free(a);

	/* A key of another type is refused where it is written. */
	expect_error("dump_with_mapping.yaml", 6, 5, "'mapping' does not apply to a source of type cbs-dump");
	expect_error("survey_with_year.yaml", 7, 5, "'year' does not apply to a source of type survey");
	expect_error("survey_no_mapping.yaml", 4, 5, "missing key 'mapping'");
	expect_error("dump_empty_dir.yaml", 5, 10, "'dir' must not be empty");
	bp_error err2 = expect_error("geojson_bad_level.yaml", 6, 12, "unknown level 'dorp'");
	assert_string_equal(err2.hint, "allowed values: gemeente, wijk, buurt");
	expect_error("geojson_bad_tolerance.yaml", 6, 16,
	             "'tolerance' must be more than 0 and at most 10000 (metres)");
}

/* kwb-csv: file and mapping resolved, skips kept as written and checked. */
static void test_kwb_csv_source(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;
	const char *dir = fixture_dir(a);
	bp_error_clear(&err);
	assert_int_equal(bp_monitor_config_load(fixture(a, "kwb_csv.yaml"), a, &c, &err), BP_OK);
	assert_int_equal(c.n_sources, 2);
	const bp_monitor_source *s = &c.sources[0];
	assert_string_equal(s->type, "kwb-csv");
	assert_string_equal(src_str(s, "file"), bp_arena_printf(a, "%s/kwb-2021-2022.csv", dir));
	assert_string_equal(src_str(s, "mapping"), bp_arena_printf(a, "%s/../../../../mappings/kwb-kort.yaml", dir));
	assert_int_equal(access(src_str(s, "mapping"), R_OK), 0);
	assert_int_equal(src_list(s, "skip")->n, 2);
	assert_string_equal(src_list(s, "skip")->list[1], "2021:g_afs_hp");
	assert_int_equal(src_num(s, "year"), 0);
	s = &c.sources[1];
	assert_string_equal(src_str(s, "file"), "/srv/kwb-2019.csv");
	assert_int_equal(src_list(s, "skip")->n, 0);
	assert_int_equal(src_num(s, "year"), 2019);
	bp_arena_free(a);

	/* The message `import kwb-csv --skip` gives, at the item. */
	expect_error("kwb_csv_bad_skip.yaml", 7, 26, "'skip' takes YEAR:COLUMN such as 2021:g_hhgro, not 'g_afs_hp'");
	expect_error("kwb_csv_no_mapping.yaml", 4, 5, "missing key 'mapping'");
	expect_error("kwb_csv_level.yaml", 6, 5, "'level' does not apply to a source of type kwb-csv");
}

static void test_experiences_source(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;
	bp_error_clear(&err);
	assert_int_equal(bp_monitor_config_load(fixture(a, "experiences.yaml"), a, &c, &err), BP_OK);
	assert_int_equal(c.n_sources, 2);
	assert_string_equal(c.sources[1].type, "experiences");
	/* Relative to the configuration's folder. */
	assert_string_equal(src_str(&c.sources[1], "file"), bp_arena_printf(a, "%s/ervaringen/oss.csv", fixture_dir(a)));
	assert_int_equal(c.sources[1].loc.line, 5);
	bp_arena_free(a);
	expect_error("experiences_year.yaml", 6, 5, "'year' does not apply to a source of type experiences");
}

static void test_json_source(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;
	bp_error_clear(&err);
	assert_int_equal(bp_monitor_config_load(fixture(a, "json.yaml"), a, &c, &err), BP_OK);
	assert_int_equal(c.n_sources, 2);
	const bp_monitor_source *s = &c.sources[1];
	assert_string_equal(s->type, "json");
	assert_string_equal(src_str(s, "file"), bp_arena_printf(a, "%s/portal/GM0828.json", fixture_dir(a)));
	assert_string_equal(src_str(s, "mapping"), bp_arena_printf(a, "%s/../../../../mappings/woonikveilig-kwb2024.yaml", fixture_dir(a)));
	assert_int_equal(access(src_str(s, "mapping"), R_OK), 0);
	assert_int_equal(s->loc.line, 5);
	bp_arena_free(a);
	expect_error("json_year.yaml", 7, 5, "'year' does not apply to a source of type json");
	expect_error("json_no_mapping.yaml", 4, 5, "missing key 'mapping'");
}

static void test_gemeente_errors(void **state)
{
	(void)state;
	bp_error err = expect_error("bad_code.yaml", 2, 21, "invalid gemeente code 'GM828'");
	assert_string_equal(err.hint, "a gemeente code is GM and four digits, as CBS writes it, e.g. GM0828");
	err = expect_error("dup_gemeente.yaml", 4, 5, "gemeente 'GM0828' is listed twice");
	assert_string_equal(err.detail, "first listed at line 3, column 5");
	expect_error("no_gemeenten.yaml", 2, 12, "'gemeenten' lists no gemeente");
	err = expect_error("gemeente_scalar.yaml", 2, 12, "'gemeenten' must be a list, found text");
	assert_string_equal(err.hint, "write [a, b], one '- a' per line, or all for every gemeente of Nederland");
	/* Only the word all means every gemeente. */
	err = expect_error("gemeenten_word.yaml", 2, 12, "'gemeenten' must be a list, found text");
	assert_string_equal(err.hint, "write [a, b], one '- a' per line, or all for every gemeente of Nederland");
}

/* gemeenten: all: no list yet (the run makes it from the loaded areas), the rest as usual. */
static void test_gemeenten_all(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;

	bp_error_clear(&err);
	assert_int_equal(bp_monitor_config_load(fixture(a, "gemeenten_all.yaml"), a, &c, &err), BP_OK);
	assert_int_equal(c.all_gemeenten, 1);
	assert_int_equal(c.all_gemeenten_line, 2);   /* the fixture's second line */
	assert_int_equal(c.n_gemeenten, 0);
	assert_int_equal(c.n_sources, 1);
	/* A source's national: false then means the gemeenten of the run: none listed here. */
	assert_int_equal(c.sources[0].args.n_monitor_gemeenten, 0);
	/* A list is a list: not all. */
	assert_int_equal(bp_monitor_config_load(fixture(a, "minimal.yaml"), a, &c, &err), BP_OK);
	assert_int_equal(c.all_gemeenten, 0);
	bp_arena_free(a);
}

static void test_unknown_key(void **state)
{
	(void)state;
	bp_error err = expect_error("unknown_key.yaml", 3, 1, "unknown key 'gemeente'");
	assert_string_equal(err.hint,
	                    "did you mean 'gemeenten'? allowed keys: name, gemeenten, sources, indicators, charts, output, areas, "
	                    "interventions, publish_effects, pdf, png, needs_overview, publish, area_downloads, buurt_page_map, area_charts, references, similar_k, on_change, lang, "
	                    "jobs");
}

static void test_references(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;
	bp_error_clear(&err);
	assert_int_equal(bp_monitor_config_load(fixture(a, "references.yaml"), a, &c, &err), BP_OK);
	assert_int_equal(c.references_given, 1);
	assert_int_equal(c.n_references, 2);
	assert_string_equal(c.ref_codes[0], "CUoss-dorpshuis-berghem");
	assert_string_equal(c.ref_scopes[0], "GM0828");
	assert_string_equal(c.ref_codes[1], "GM0828");   /* padded as CBS pads: trimmed */
	assert_null(c.ref_scopes[1]);
	assert_int_equal(c.similar_k, 5);
	/* Without the key: none given (stored ones stay), similar areas at the default. */
	assert_int_equal(bp_monitor_config_load(fixture(a, "minimal.yaml"), a, &c, &err), BP_OK);
	assert_int_equal(c.references_given, 0);
	assert_int_equal(c.similar_k, 10);
	bp_arena_free(a);
	err = expect_error("references_bad.yaml", 6, 11, "invalid reference area 'Oss'");
	assert_non_null(strstr(err.hint, "CU<id>"));
	expect_error("references_scope_bad.yaml", 7, 15, "invalid gemeente code 'Oss'");
	expect_error("references_none.yaml", 6, 12, "'similar_k' must be between 0 and 100");
}

/* jobs: publishing's workers; 0 (absent) means one per online core, decided by the run. */
static void test_jobs(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;
	bp_error_clear(&err);
	assert_int_equal(bp_monitor_config_load(fixture(a, "jobs.yaml"), a, &c, &err), BP_OK);
	assert_int_equal(c.jobs, 3);
	assert_int_equal(bp_monitor_config_load(fixture(a, "minimal.yaml"), a, &c, &err), BP_OK);
	assert_int_equal(c.jobs, 0);
	bp_arena_free(a);
	expect_error("jobs_bad.yaml", 5, 7, "'jobs' must be between 0 and 256");
}

static void test_lang(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error err;
	bp_error_clear(&err);
	assert_int_equal(bp_monitor_config_load(fixture(a, "lang_en.yaml"), a, &c, &err), BP_OK);
	assert_int_equal(c.lang, BP_LANG_EN);
	/* Without the key: Dutch. */
	assert_int_equal(bp_monitor_config_load(fixture(a, "minimal.yaml"), a, &c, &err), BP_OK);
	assert_int_equal(c.lang, BP_LANG_NL);
	bp_arena_free(a);
	expect_error("lang_bad.yaml", 4, 7, "unknown language 'english': expected nl or en");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_parts_off),
		cmocka_unit_test(test_relative_to_cwd),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_source_errors),
		cmocka_unit_test(test_mandatory),
		cmocka_unit_test(test_cbs_source),
		cmocka_unit_test(test_file_sources),
		cmocka_unit_test(test_experiences_source),
		cmocka_unit_test(test_json_source),
		cmocka_unit_test(test_kwb_csv_source),
		cmocka_unit_test(test_gemeente_errors),
		cmocka_unit_test(test_gemeenten_all),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_jobs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
