/*
 * test_results_compute: area-level survey results (import survey-results)
 * through the engine, on a real throwaway cluster: a published share keeps
 * the published bounds and respondents of its observation
 * (bp.observation_interval) in bp.indicator_value, and below the minimum
 * number of respondents its value is suppressed (few_respondents): not
 * published, not a reference, not ranked, not in a custom area's aggregate.
 *
 * Expected values are read by hand from the constructed fixture
 * tests/fixtures/survey-results/resultaten-2024-oss-constructed.csv (values
 * invented, see its PROVENANCE.md) and the KWB 2024 slice (inhabitants:
 * WK082800 6245, WK082801 10575, WK082803 6545):
 *
 *   Eenzaam  GM0828   44,5  n 1520  42,0-47,0
 *            WK082800 48,2  n  130  39,5-56,9
 *            WK082801 61,0  n   12  35,2-82,1   below 30: suppressed
 *            WK082803 40,0  n   30  31,2-49,3   exactly 30: published
 *   Mantelz. GM0828   14,1  n   25   7,0-27,3   below 30: suppressed (published at 20)
 *            WK082800 11,0  n  128   6,0-16,0
 *            WK082803 18,0  n   64   9,9-30,4
 *
 * Custom area WK082800 + WK082803: Eenzaam (48,2 x 6245 + 40,0 x 6545) /
 * 12790 = 44,00383111806099 (python); custom area WK082800 + WK082801: only
 * one of two members has a usable figure, coverage 0,5 < 0,8: low_coverage
 * (with WK082801's 12 respondents counted it would be 56,2475624256837).
 */
#include <math.h>
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
#include "engine/compare.h"
#include "engine/compute.h"
#include "engine/custom_area.h"
#include "engine/indicator_def.h"
#include "import/statline_csv.h"
#include "import/survey_results.h"
#include "pgtest.h"

#define KWB "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"

static bp_testdb g_db;
static char g_tmp[256];
static char g_ind[300], g_areas[300];

static PGconn *conn(void) { return g_db.db.conn; }

static void print_err(const char *what, const bp_error *err)
{
	char buf[4 * BP_ERROR_TEXT];
	bp_error_format(err, buf, sizeof(buf));
	fprintf(stderr, "%s: %s\n", what, buf);
}

static int write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	bp_error err = { 0 };
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (bp_file_write_atomic(path, text, strlen(text), &err)) {
		print_err("write", &err);
		return -1;
	}
	return 0;
}

#define SHARE(id, var, extra) \
	"id: " id "\n" \
	"title: Test\n" \
	"theme: sociale-veerkracht\n" \
	"kind: published_share\n" \
	"value: " var "\n" \
	"base: AantalInwoners\n" \
	extra \
	"unit: \"%\"\n" \
	"decimals: 1\n" \
	"polarity: higher-is-worse\n" \
	"source: test\n"

static const char rules[] =
	"publication:\n"
	"  min_respondents: 30\n"
	"  min_denominator: 50\n";

static int group_setup(void **state)
{
	(void)state;
	bp_error err = { 0 };
	if (bp_testdb_start(&g_db))
		return -1;
	bp_test_tmpdir(g_tmp, sizeof(g_tmp));
	snprintf(g_ind, sizeof(g_ind), "%s/ind", g_tmp);
	snprintf(g_areas, sizeof(g_areas), "%s/areas", g_tmp);
	if (bp_mkdir_p(g_ind, 0700, &err) || bp_mkdir_p(g_areas, 0700, &err)) {
		print_err("mkdir", &err);
		return -1;
	}
	if (write_file(g_ind, "publication.yaml", rules) ||
	    write_file(g_ind, "t_eenzaam.yaml", SHARE("t_eenzaam", "test_cr_eenzaam", "")) ||
	    write_file(g_ind, "t_mantelzorg.yaml", SHARE("t_mantelzorg", "test_cr_mantelzorger", "")) ||
	    write_file(g_ind, "t_mantelzorg20.yaml",
	               SHARE("t_mantelzorg20", "test_cr_mantelzorger", "min_respondents: 20\n")) ||
	    write_file(g_areas, "a.yaml", "id: twee-goed\nname: Twee wijken\ngemeente: GM0828\nkind: kern\n"
	                                  "indeling_year: 2024\nmembers: [WK082800, WK082803]\n") ||
	    write_file(g_areas, "b.yaml", "id: een-te-klein\nname: Twee wijken, een te klein\ngemeente: GM0828\n"
	                                  "kind: kern\nindeling_year: 2024\nmembers: [WK082800, WK082801]\n"))
		return -1;

	bp_statline_options so = { .path = bp_test_fixture(KWB) };
	bp_import_result ir;
	if (bp_import_statline_csv(conn(), &so, &ir, &err)) {
		print_err("import kwb", &err);
		return -1;
	}
	char csv[BP_PATH_MAX], mapping[BP_PATH_MAX];
	snprintf(csv, sizeof(csv), "%s", bp_test_fixture("survey-results/resultaten-2024-oss-constructed.csv"));
	snprintf(mapping, sizeof(mapping), "%s", bp_test_fixture("survey-results/mapping-constructed.yaml"));
	bp_survey_results_options o = { .path = csv, .mapping_path = mapping };
	bp_survey_results_result rr;
	if (bp_import_survey_results(conn(), &o, &rr, &err)) {
		print_err("import survey-results", &err);
		return -1;
	}
	bp_arena *a = bp_arena_new();
	bp_custom_area_set cas;
	bp_indicator_set set;
	bp_compute_result res;
	bp_compare_result cr;
	bp_rc rc = bp_custom_areas_load_dir(g_areas, a, &cas, &err);
	if (!rc)
		rc = bp_custom_areas_store(conn(), &cas, &err);
	if (!rc)
		rc = bp_indicators_load_dir(g_ind, a, &set, &err);
	if (!rc)
		rc = bp_compute_indicators(conn(), &set, 1, &res, &err);
	if (!rc)
		rc = bp_compare_indicators(conn(), &cr, &err);
	bp_arena_free(a);
	if (rc) {
		print_err("compute", &err);
		return -1;
	}
	return res.computed == 3 ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	bp_testdb_stop(&g_db);
	bp_test_rmtree(g_tmp);
	return 0;
}

/* value, ci_low, ci_high, n_unweighted, suppressed_reason of one value, 'null' for NULL. */
static const char *row(const char *ind, const char *area)
{
	return bp_test_scalarf(conn(),
		"SELECT concat_ws(',', coalesce(value::text, 'null'), coalesce(ci_low::text, 'null'), "
		"       coalesce(ci_high::text, 'null'), coalesce(n_unweighted::text, 'null'), "
		"       coalesce(suppressed_reason, 'null')) "
		"  FROM bp.indicator_value WHERE indicator_id = '%s' AND area_code = '%s' AND period = '2024'", ind, area);
}

static void test_interval_and_respondents(void **state)
{
	(void)state;
	assert_string_equal(row("t_eenzaam", "GM0828"), "44.5,42,47,1520,null");
	assert_string_equal(row("t_eenzaam", "WK082800"), "48.2,39.5,56.9,130,null");
	/* Exactly the minimum is enough. */
	assert_string_equal(row("t_eenzaam", "WK082803"), "40,31.2,49.3,30,null");
	assert_string_equal(row("t_mantelzorg", "WK082803"), "18,9.9,30.4,64,null");
	/* Each of the file's four Eenzaam figures (suppressed or not) is marked a survey's figure (sql/034);
	 * the custom areas' aggregates are buurtpeil's sums, not the file's figures. */
	assert_string_equal(bp_test_scalar(conn(), "SELECT count(*) FILTER (WHERE survey_result) || '/' || count(*) "
	                                           "FROM bp.indicator_value WHERE indicator_id = 't_eenzaam' "
	                                           "AND area_code NOT LIKE 'CU%'"), "4/4");
	assert_string_equal(bp_test_scalar(conn(), "SELECT count(*) FILTER (WHERE survey_result) || '/' || count(*) "
	                                           "FROM bp.indicator_value WHERE indicator_id = 't_eenzaam' "
	                                           "AND area_code LIKE 'CU%'"), "0/2");
}

static void test_few_respondents_suppressed(void **state)
{
	(void)state;
	/* 12 respondents: no value, no interval, the respondents kept (they say why). */
	assert_string_equal(row("t_eenzaam", "WK082801"), "null,null,null,12,few_respondents");
	/* Nor a numerator, from which the share would follow (share x base). */
	assert_string_equal(bp_test_scalar(conn(), "SELECT coalesce(numerator::text, 'null') FROM bp.indicator_value "
	                                           "WHERE indicator_id = 't_eenzaam' AND area_code = 'WK082801'"), "null");
	assert_string_equal(row("t_mantelzorg", "GM0828"), "null,null,null,25,few_respondents");
	/* A definition's own minimum goes before publication.yaml's. */
	assert_string_equal(row("t_mantelzorg20", "GM0828"), "14.1,7,27.3,25,null");
	/* The reason in words, as every output shows it. */
	assert_string_equal(bp_suppressed_reason_nl("few_respondents"), "te weinig respondenten");
}

static void test_not_a_reference(void **state)
{
	(void)state;
	/* The gemeente's suppressed value is no reference for its wijken ... */
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT coalesce(reference_value::text, 'null') FROM bp.indicator_comparison "
		" WHERE indicator_id = 't_mantelzorg' AND area_code = 'WK082800' AND reference_kind = 'gemeente'"), "null");
	/* ... where the published one (n 25 >= 20) is: 11,0 - 14,1. */
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT concat_ws(',', reference_value, round(difference::numeric, 6)) FROM bp.indicator_comparison "
		" WHERE indicator_id = 't_mantelzorg20' AND area_code = 'WK082800' AND reference_kind = 'gemeente'"),
		"14.1,-3.100000");
	/* Not ranked: the wijken ranked nationwide are WK082800 and WK082803 only. */
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT concat_ws(',', n_ranked, coalesce(percentile::text, 'null'), not_ranked_reason) "
		"  FROM bp.indicator_comparison WHERE indicator_id = 't_eenzaam' AND area_code = 'WK082801' "
		"   AND reference_kind = 'land'"), "2,null,few_respondents");
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT n_ranked FROM bp.indicator_comparison WHERE indicator_id = 't_eenzaam' "
		"   AND area_code = 'WK082800' AND reference_kind = 'land'"), "2");
}

static void test_custom_areas(void **state)
{
	(void)state;
	/* Both members usable: their inhabitants-weighted share, an estimate without interval. */
	double v = strtod(bp_test_scalar(conn(), "SELECT value FROM bp.indicator_value WHERE indicator_id = 't_eenzaam' "
	                                         "AND area_code = 'CUtwee-goed'"), NULL);
	assert_true(fabs(v - 44.00383111806099) < 1e-9);
	assert_string_equal(bp_test_scalar(conn(), "SELECT concat_ws(',', estimate, coverage, coalesce(ci_low::text, 'null')) "
	                                           "FROM bp.indicator_value WHERE indicator_id = 't_eenzaam' "
	                                           "AND area_code = 'CUtwee-goed'"), "t,1,null");
	/* WK082801's figure from 12 respondents does not enter the aggregate. */
	assert_string_equal(bp_test_scalar(conn(), "SELECT concat_ws(',', coalesce(value::text, 'null'), coverage, "
	                                           "suppressed_reason) FROM bp.indicator_value "
	                                           "WHERE indicator_id = 't_eenzaam' AND area_code = 'CUeen-te-klein'"),
	                    "null,0.5,low_coverage");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interval_and_respondents),
		cmocka_unit_test(test_few_respondents_suppressed),
		cmocka_unit_test(test_not_a_reference),
		cmocka_unit_test(test_custom_areas),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
