/*
 * test_survey_indicator: survey indicators (survey_proportion, survey_mean)
 * and the publication rules, computed in PostgreSQL from real imports of
 * the fixtures: the KWB 2024 slice (Oss, Hilversum) and the SYNTHETIC
 * Burgerpeiling files (tests/fixtures/survey, made by tools/gen_survey).
 *
 * Golden values are computed from the Hilversum CSV itself, not by the
 * code under test: fields 4 weging, 5 wijknr, 15 zw04, 7 wl02_0, e.g.
 *
 *   awk -F, 'NR>1 && $5=="WK040205" && $15>=1 && $15<=4 { n++; w+=$4; w2+=$4*$4;
 *            if ($15>=2) wy+=$4 }' burgerpeiling-2022-SYNTHETIC-hilversum.csv
 *
 * zw04 (eenzaam): categories niet 1, soms 2, vaak 3-4; 5 and -1/88/99 are
 * missing codes, outside the base.  wl02_0 (thuis): eens 1-2, neutraal 3,
 * oneens 4-5; 6 missing.  Sums (n, W = sum w, W2 = sum w^2, WY = sum w y,
 * WYY = sum w y^2):
 *
 *   area                  question  n   W        W2            WY         WYY
 *   WK040205              zw04      48  50.3078  59.89969802   25.4903    (y 0/1)
 *   WK040205              wl02_0    48  52.6514  64.69448788   3164.79    443673
 *   WK040208              zw04      29  31.0444  36.48127428   12.5325
 *   WK040208              wl02_0    30  32.0138  37.93693102   2779.04    294288
 *   WK040209              zw04      14  13.7409  14.65596289    8.0988
 *   WK040209              wl02_0    12  11.4757  11.95592439    888.27    106995
 *   WK040208 + WK040209   zw04      43  44.7853  51.13723717   20.6313
 *   WK040208 + WK040209   wl02_0    42  43.4895  49.89285541   3667.31    401283
 *
 * (the last two rows are the sums of the two above them, as a custom area
 * must get them).  With z = 1.959963984540054:
 *
 * Proportion, WK040205: p = 25.4903 / 50.3078 = 0.5066868358;
 *   n_eff = W^2 / W2 = 2530.874741 / 59.89969802 = 42.25187813;
 *   z^2 / n_eff = 0.0909180607; Wilson centre (p + 0.0454590304) / 1.0909180607
 *   = 0.5061295491; half-width z sqrt(p(1-p)/n_eff + z^2/(4 n_eff^2)) / 1.0909180607
 *   = z sqrt(0.0059158385 + 0.0005379528) / 1.0909180607 = 0.1443322614;
 *   value 50.66868358 %, interval 36.17972877 .. 65.04618105 %.
 * Proportion, custom area WK040208 + WK040209: p = 20.6313 / 44.7853 = 0.4606712470,
 *   n_eff = 2005.723096 / 51.13723717 = 39.22235942, centre 0.4641795236,
 *   half-width 0.1489137230: 46.06712470 %, 31.52658006 .. 61.30932466 %,
 *   published although both members (29 and 14 respondents) are not.
 * Mean (saldo eens 100 / neutraal 0 / oneens -100), WK040205: mean = WY / W =
 *   60.10837319; s^2 = (WYY / W - mean^2) n_eff / (n_eff - 1)
 *   = (8426.613537 - 3613.016527) x 42.85017183 / 41.85017183 = 4928.616777;
 *   se = sqrt(s^2 / n_eff); 60.10837319 -/+ z se = 39.08829473 .. 81.12845164.
 * Mean, WK040208 (30 respondents: exactly the minimum, published): 86.80756424,
 *   normal interval 71.16559765 .. 102.44953083, the upper bound clipped to the
 *   highest score, 100.
 * Mean, custom area: 84.32633164, 69.48524372 .. 99.16741957.
 *
 * Ratios (KWB fixture, fields 4 code, 6 AantalInwoners, 13 k_65JaarOfOuder):
 *   BU04020206 25 inhabitants, 5 aged 65+   -> below the default minimum 50
 *   BU04020902  0 inhabitants               -> zero denominator
 *   BU08280808 50 inhabitants, 10 aged 65+  -> exactly 50: 20.0 %
 *   BU04020901 25/5 + BU04020906 15/5 + BU04020907 15/5 = 55/15 -> 27.27 %, a
 *   custom area published although every member is below 50.
 *   BU04020704 (5 inhabitants): its k_65JaarOfOuder is set to a CBS '.' below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/fsutil.h"
#include "db/pgutil.h"
#include "engine/compute.h"
#include "engine/custom_area.h"
#include "engine/indicator_def.h"
#include "import/statline_csv.h"
#include "import/survey.h"
#include "pgtest.h"
#include "report/ranking.h"

#define KWB "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"

static bp_testdb tdb;
static PGconn *conn;
static char tmp_dir[256];
static char ind_dir[300], area_dir[300];

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

#define HEAD(id, kind) \
	"id: " id "\n" \
	"title: Test\n" \
	"theme: sociale-veerkracht\n" \
	"kind: " kind "\n"
#define TAIL \
	"unit: \"%\"\n" \
	"decimals: 1\n" \
	"polarity: higher-is-worse\n" \
	"source: test\n"

static const char s_eenzaam[] =
	HEAD("s_eenzaam", "survey_proportion")
	"survey: burgerpeiling-2022\n"
	"question: zw04\n"
	"categories: [soms_eenzaam, vaak_eenzaam]\n"
	"scale: 100\n"
	TAIL;
static const char s_thuis[] =
	HEAD("s_thuis", "survey_mean")
	"survey: burgerpeiling-2022\n"
	"question: wl02_0\n"
	"scores: {eens: 100, neutraal: 0, oneens: -100}\n"
	TAIL;
/* No min_denominator: the publication rules' 50 applies. */
static const char r_65[] =
	HEAD("r_65", "ratio")
	"numerator: k_65JaarOfOuder\n"
	"denominator: AantalInwoners\n"
	"scale: 100\n"
	TAIL;
static const char rules[] =
	"publication:\n"
	"  min_respondents: 30\n"
	"  min_denominator: 50\n";

static const char area_survey[] =
	"id: hilversum-noordoost\n"
	"name: Twee wijken\n"
	"gemeente: GM0402\n"
	"kind: kern\n"
	"indeling_year: 2024\n"
	"members: [WK040208, WK040209]\n";
static const char area_ratio[] =
	"id: hilversum-kleine-buurten\n"
	"name: Drie kleine buurten\n"
	"gemeente: GM0402\n"
	"kind: kern\n"
	"indeling_year: 2024\n"
	"members: [BU04020901, BU04020906, BU04020907]\n";

static bp_rc compute_dir(const char *dir, bp_compute_result *res, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	bp_rc rc = bp_indicators_load_dir(dir, a, &set, err);
	if (rc == BP_OK)
		rc = bp_compute_indicators(conn, &set, 1, res, err);
	bp_arena_free(a);
	return rc;
}

static int group_setup(void **state)
{
	(void)state;
	bp_error err = { 0 };
	if (bp_testdb_start(&tdb))
		return -1;
	conn = tdb.db.conn;
	bp_test_tmpdir(tmp_dir, sizeof(tmp_dir));
	snprintf(ind_dir, sizeof(ind_dir), "%s/ind", tmp_dir);
	snprintf(area_dir, sizeof(area_dir), "%s/areas", tmp_dir);
	if (bp_mkdir_p(ind_dir, 0700, &err) || bp_mkdir_p(area_dir, 0700, &err)) {
		print_err("mkdir", &err);
		return -1;
	}
	if (write_file(ind_dir, "s_eenzaam.yaml", s_eenzaam) || write_file(ind_dir, "s_thuis.yaml", s_thuis) ||
	    write_file(ind_dir, "r_65.yaml", r_65) || write_file(ind_dir, "publication.yaml", rules) ||
	    write_file(area_dir, "a.yaml", area_survey) || write_file(area_dir, "b.yaml", area_ratio))
		return -1;

	bp_import_result ir;
	bp_statline_options so = { .path = bp_test_fixture(KWB) };
	if (bp_import_statline_csv(conn, &so, &ir, &err)) {
		print_err("import kwb", &err);
		return -1;
	}
	char mapping[512];
	snprintf(mapping, sizeof(mapping), "%s/surveys/burgerpeiling-2022.yaml", getenv("BP_SOURCE_ROOT"));
	static const char *const surveys[] = { "survey/burgerpeiling-2022-SYNTHETIC-hilversum.csv",
	                                       "survey/burgerpeiling-2022-SYNTHETIC-oss.sav" };
	for (size_t i = 0; i < 2; i++) {
		char path[512];
		snprintf(path, sizeof(path), "%s", bp_test_fixture(surveys[i]));
		bp_survey_options o = { .path = path, .mapping_path = mapping };
		bp_survey_result sr;
		if (bp_import_survey(conn, &o, &sr, &err)) {
			print_err("import survey", &err);
			return -1;
		}
	}
	/* A CBS '.' as the importers store it: no value, status unknown_or_secret. */
	if (bp_pg_exec(conn, "UPDATE bp.observation SET value = NULL, status = 'unknown_or_secret' "
	                     "WHERE variable_code = 'k_65JaarOfOuder' AND area_code = 'BU04020704'", &err)) {
		print_err("update", &err);
		return -1;
	}
	bp_arena *a = bp_arena_new();
	bp_custom_area_set cas;
	if (bp_custom_areas_load_dir(area_dir, a, &cas, &err) || bp_custom_areas_store(conn, &cas, &err)) {
		print_err("custom areas", &err);
		bp_arena_free(a);
		return -1;
	}
	bp_arena_free(a);
	bp_compute_result res;
	if (compute_dir(ind_dir, &res, &err)) {
		print_err("compute", &err);
		return -1;
	}
	return res.computed == 3 ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	bp_testdb_stop(&tdb);
	bp_test_rmtree(tmp_dir);
	return 0;
}

/* One column of one indicator value; NAN for NULL. */
static double col(const char *ind, const char *area, const char *column)
{
	char q[512];
	snprintf(q, sizeof(q), "SELECT %s FROM bp.indicator_value WHERE indicator_id = '%s' AND area_code = '%s'",
	         column, ind, area);
	const char *s = bp_test_scalar(conn, q);
	return *s ? strtod(s, NULL) : NAN;
}

static const char *text(const char *ind, const char *area, const char *column)
{
	char q[512];
	snprintf(q, sizeof(q), "SELECT coalesce(%s::text, '') FROM bp.indicator_value "
	         "WHERE indicator_id = '%s' AND area_code = '%s'", column, ind, area);
	return bp_test_scalar(conn, q);
}

#define assert_near(x, want) do { \
		double x_ = (x), w_ = (want); \
		if (!(fabs(x_ - w_) <= 1e-7 * fmax(1.0, fabs(w_)))) \
			fail_msg("%s = %.12g, want %.12g", #x, x_, w_); \
	} while (0)

static void test_proportion_wijk(void **state)
{
	(void)state;
	assert_near(col("s_eenzaam", "WK040205", "n_unweighted"), 48);
	assert_near(col("s_eenzaam", "WK040205", "sum_w"), 50.3078);
	assert_near(col("s_eenzaam", "WK040205", "sum_w2"), 59.89969802);
	assert_near(col("s_eenzaam", "WK040205", "numerator"), 25.4903);
	assert_near(col("s_eenzaam", "WK040205", "value"), 50.66868358386);
	assert_near(col("s_eenzaam", "WK040205", "ci_low"), 36.17972877200);
	assert_near(col("s_eenzaam", "WK040205", "ci_high"), 65.04618105200);
	assert_string_equal(text("s_eenzaam", "WK040205", "suppressed_reason"), "");
	assert_string_equal(text("s_eenzaam", "WK040205", "synthetic"), "true");
}

static void test_mean_wijk(void **state)
{
	(void)state;
	assert_near(col("s_thuis", "WK040205", "n_unweighted"), 48);
	assert_near(col("s_thuis", "WK040205", "sum_w"), 52.6514);
	assert_near(col("s_thuis", "WK040205", "value"), 60.10837318666);
	assert_near(col("s_thuis", "WK040205", "ci_low"), 39.08829473100);
	assert_near(col("s_thuis", "WK040205", "ci_high"), 81.12845164230);
	/* 30 respondents: the minimum itself is enough; the interval stops at 100. */
	assert_near(col("s_thuis", "WK040208", "n_unweighted"), 30);
	assert_near(col("s_thuis", "WK040208", "value"), 86.80756423793);
	assert_near(col("s_thuis", "WK040208", "ci_low"), 71.16559764770);
	assert_near(col("s_thuis", "WK040208", "ci_high"), 100);
}

static void test_few_respondents(void **state)
{
	(void)state;
	/* 29 and 14 respondents: no value, no interval, no weighted count of
	 * 'yes' (the share would follow from it), but the base is kept. */
	static const char *const areas[] = { "WK040208", "WK040209" };
	static const double n[] = { 29, 14 }, w[] = { 31.0444, 13.7409 };
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(text("s_eenzaam", areas[i], "suppressed_reason"), "few_respondents");
		assert_true(isnan(col("s_eenzaam", areas[i], "value")));
		assert_true(isnan(col("s_eenzaam", areas[i], "numerator")));
		assert_true(isnan(col("s_eenzaam", areas[i], "ci_low")));
		assert_near(col("s_eenzaam", areas[i], "n_unweighted"), n[i]);
		assert_near(col("s_eenzaam", areas[i], "sum_w"), w[i]);
	}
	assert_string_equal(bp_suppressed_reason_nl("few_respondents"), "te weinig respondenten");
}

static void test_custom_area_two_wijken(void **state)
{
	(void)state;
	const char *cu = "CUhilversum-noordoost";
	assert_near(col("s_eenzaam", cu, "n_unweighted"), 43);
	assert_near(col("s_eenzaam", cu, "sum_w"), 44.7853);
	assert_near(col("s_eenzaam", cu, "sum_w2"), 51.13723717);
	assert_near(col("s_eenzaam", cu, "value"), 46.06712470386);
	assert_near(col("s_eenzaam", cu, "ci_low"), 31.52658006000);
	assert_near(col("s_eenzaam", cu, "ci_high"), 61.30932466370);
	assert_near(col("s_eenzaam", cu, "coverage"), 1.0);
	assert_string_equal(text("s_eenzaam", cu, "suppressed_reason"), "");
	assert_string_equal(text("s_eenzaam", cu, "synthetic"), "true");
	assert_near(col("s_thuis", cu, "value"), 84.32633164330);
	assert_near(col("s_thuis", cu, "ci_low"), 69.48524371990);
	assert_near(col("s_thuis", cu, "ci_high"), 99.16741956660);
	/* The gemeente: the manifest's 1400 respondents less those without a
	 * valid zw04 answer; its n is the sum of its wijken's. */
	assert_string_equal(bp_test_scalar(conn,
		"SELECT (SELECT n_unweighted FROM bp.indicator_value WHERE indicator_id = 's_eenzaam' AND area_code = 'GM0402') "
		"     = (SELECT sum(n_unweighted) FROM bp.indicator_value WHERE indicator_id = 's_eenzaam' "
		"         AND area_code LIKE 'WK0402%')"), "t");
	/* No survey value for Nederland (no survey covers it), nor for the Oss
	 * catchment of buurten (the respondents are known by wijk only). */
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM bp.indicator_value WHERE indicator_id = 's_eenzaam' "
	                                         "AND area_code IN ('NL00', 'CUhilversum-kleine-buurten')"), "0");
}

static void test_ratio_rules(void **state)
{
	(void)state;
	assert_string_equal(text("r_65", "BU04020206", "suppressed_reason"), "small_denominator");
	assert_true(isnan(col("r_65", "BU04020206", "value")));
	assert_string_equal(text("r_65", "BU04020902", "suppressed_reason"), "zero_denominator");
	assert_near(col("r_65", "BU08280808", "value"), 20.0);
	assert_string_equal(text("r_65", "BU04020704", "suppressed_reason"), "missing_input");
	assert_string_equal(text("r_65", "BU04020704", "status"), "unknown_or_secret");
	/* 15 / 55: once, on the sum; every member alone is below 50. */
	assert_near(col("r_65", "CUhilversum-kleine-buurten", "value"), 1500.0 / 55.0);
	assert_near(col("r_65", "CUhilversum-kleine-buurten", "denominator"), 55);
	/* Synthetic only where survey files made it. */
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM bp.indicator_value WHERE synthetic "
	                                         "AND indicator_id = 'r_65'"), "0");
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM bp.indicator_value WHERE NOT synthetic "
	                                         "AND indicator_id IN ('s_eenzaam', 's_thuis')"), "0");
}

/* Other rules in publication.yaml: the definitions change (hash), and so do the values. */
static void test_rules_file(void **state)
{
	(void)state;
	char dir[400];
	bp_error err = { 0 };
	snprintf(dir, sizeof(dir), "%s/rules25", tmp_dir);
	assert_int_equal(bp_mkdir_p(dir, 0700, &err), BP_OK);
	assert_int_equal(write_file(dir, "s_eenzaam.yaml", s_eenzaam), 0);
	assert_int_equal(write_file(dir, "publication.yaml", "publication:\n  min_respondents: 25\n"), 0);
	bp_arena *a = bp_arena_new();
	bp_indicator_set s25, s30;
	assert_int_equal(bp_indicators_load_dir(dir, a, &s25, &err), BP_OK);
	assert_int_equal(bp_indicators_load_dir(ind_dir, a, &s30, &err), BP_OK);
	assert_true(s25.publication.min_respondents == 25.0);
	assert_true(s25.publication.min_denominator == 50.0);   /* not given: the default */
	const bp_indicator_def *d25 = bp_indicator_find(&s25, "s_eenzaam"), *d30 = bp_indicator_find(&s30, "s_eenzaam");
	assert_true(d25->min_respondents == 25.0 && d30->min_respondents == 30.0);
	assert_string_not_equal(d25->hash, d30->hash);

	bp_compute_result res;
	assert_int_equal(bp_compute_indicators(conn, &s25, 0, &res, &err), BP_OK);
	assert_int_equal(res.computed, 1);
	/* WK040208, 29 respondents: now p = 12.5325 / 31.0444 = 40.37 %. */
	assert_near(col("s_eenzaam", "WK040208", "value"), 100.0 * 12.5325 / 31.0444);
	assert_string_equal(text("s_eenzaam", "WK040208", "suppressed_reason"), "");
	assert_string_equal(text("s_eenzaam", "WK040209", "suppressed_reason"), "few_respondents");
	/* Back to the shipped rules. */
	assert_int_equal(bp_compute_indicators(conn, &s30, 0, &res, &err), BP_OK);
	assert_string_equal(text("s_eenzaam", "WK040208", "suppressed_reason"), "few_respondents");

	/* A mistake in the rules names its place. */
	assert_int_equal(write_file(dir, "publication.yaml", "publication:\n  min_respondent: 25\n"), 0);
	assert_int_equal(bp_indicators_load_dir(dir, a, &s25, &err), BP_ERR_CONFIG);
	assert_non_null(strstr(err.where, "publication.yaml"));
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 3);
	assert_int_equal(write_file(dir, "publication.yaml", "publication:\n  min_respondents: -1\n"), 0);
	assert_int_equal(bp_indicators_load_dir(dir, a, &s25, &err), BP_ERR_CONFIG);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 20);
	bp_arena_free(a);
}

/* A question or category the survey's mapping does not have: an error at the definition. */
static void test_unknown_question_and_category(void **state)
{
	(void)state;
	char dir[400];
	bp_error err = { 0 };
	bp_compute_result res;
	snprintf(dir, sizeof(dir), "%s/bad", tmp_dir);
	assert_int_equal(bp_mkdir_p(dir, 0700, &err), BP_OK);
	static const char bad_question[] =
		HEAD("s_bad", "survey_proportion")
		"survey: burgerpeiling-2022\n"
		"question: zw99\n"                       /* line 6, value at column 11 */
		"categories: [ja]\n"
		TAIL;
	assert_int_equal(write_file(dir, "s_bad.yaml", bad_question), 0);
	assert_int_equal(compute_dir(dir, &res, &err), BP_ERR_CONFIG);
	assert_int_equal(err.line, 6);
	assert_int_equal(err.column, 11);
	assert_string_equal(err.message, "survey 'burgerpeiling-2022' has no question 'zw99'");

	static const char bad_category[] =
		HEAD("s_bad", "survey_proportion")
		"survey: burgerpeiling-2022\n"
		"question: zw04\n"
		"categories: [eenzaam]\n"                /* line 7, the list at column 13 */
		TAIL;
	assert_int_equal(write_file(dir, "s_bad.yaml", bad_category), 0);
	assert_int_equal(compute_dir(dir, &res, &err), BP_ERR_CONFIG);
	assert_int_equal(err.line, 7);
	assert_int_equal(err.column, 13);
	assert_string_equal(err.message, "question 'zw04' of survey 'burgerpeiling-2022' has no category 'eenzaam'");
	assert_non_null(strstr(err.hint, "soms_eenzaam"));
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM bp.indicator WHERE id = 's_bad'"), "0");

	/* A survey not imported (yet) is skipped, not an error. */
	static const char other[] =
		HEAD("s_other", "survey_proportion")
		"survey: andere-peiling\n"
		"question: zw04\n"
		"categories: [ja]\n"
		TAIL;
	assert_int_equal(write_file(dir, "s_bad.yaml", other), 0);
	bp_arena *a = bp_arena_new();   /* skipped_ids point into the definitions */
	bp_indicator_set set;
	assert_int_equal(bp_indicators_load_dir(dir, a, &set, &err), BP_OK);
	assert_int_equal(bp_compute_indicators(conn, &set, 1, &res, &err), BP_OK);
	assert_int_equal(res.skipped, 1);
	assert_string_equal(res.skipped_ids[0], "s_other");
	bp_arena_free(a);
}

/* Every report output that shows a synthetic value says so (report/ranking.c). */
static void test_synthetic_citation(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	bp_error err = { 0 };
	assert_int_equal(bp_indicators_load_dir(ind_dir, a, &set, &err), BP_OK);
	const bp_indicator_def *s = bp_indicator_find(&set, "s_eenzaam"), *r = bp_indicator_find(&set, "r_65");
	const char *cite = NULL;
	assert_int_equal(bp_report_survey_citation(conn, &s, 1, "GM0402", a, &cite, &err), BP_OK);
	assert_non_null(cite);
	assert_non_null(strstr(cite, "Burgerpeiling 2022"));
	assert_non_null(strstr(cite, "synthetische gegevens"));
	/* A ratio only: nothing to add. */
	assert_int_equal(bp_report_survey_citation(conn, &r, 1, "GM0402", a, &cite, &err), BP_OK);
	assert_null(cite);
	/* The ranking a chart and the gemeente page are made from cites it. */
	bp_ranking rk;
	assert_int_equal(bp_ranking_load(conn, s, "GM0402", "wijk", NULL, a, &rk, &err), BP_OK);
	assert_non_null(strstr(bp_ranking_source_line(&rk, a), "synthetische gegevens"));
	/* In English the words buurtpeil added are English; the survey's title stays as it is. */
	const char *en = bp_ranking_source_line_lang(&rk, a, BP_LANG_EN);
	assert_non_null(strstr(en, "Burgerpeiling 2022; synthetic data: generated for testing and demonstration, not "
	                           "answers of real residents; processed by buurtpeil"));
	assert_null(strstr(en, "synthetische"));
	/* Once the values are no longer flagged (a real survey), the words go. */
	assert_int_equal(bp_pg_exec(conn, "UPDATE bp.indicator_value SET synthetic = false "
	                                  "WHERE indicator_id = 's_eenzaam'", &err), BP_OK);
	assert_int_equal(bp_report_survey_citation(conn, &s, 1, "GM0402", a, &cite, &err), BP_OK);
	assert_null(strstr(cite, "synthetische"));
	assert_int_equal(bp_pg_exec(conn, "UPDATE bp.indicator_value SET synthetic = true "
	                                  "WHERE indicator_id = 's_eenzaam'", &err), BP_OK);
	bp_arena_free(a);
}

/*
 * A compute that fails part-way (issue 24): the survey indicator computed
 * before the failure is kept whole, the failed one keeps its earlier values,
 * and the error says so; after the fix a plain compute succeeds.  The
 * failure is injected with a trigger on the second survey indicator.
 */
static void test_failure_part_way(void **state)
{
	(void)state;
	bp_error err = { 0 };
	long thuis = atol(bp_test_scalar(conn, "SELECT count(*) FROM bp.indicator_value WHERE indicator_id = 's_thuis'"));
	assert_true(thuis > 0);
	assert_int_equal(bp_pg_exec(conn,
		"CREATE FUNCTION public.bp_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN "
		"IF NEW.indicator_id = 's_thuis' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END$$; "
		"CREATE TRIGGER bp_test_fail BEFORE INSERT ON bp.indicator_value FOR EACH ROW "
		"EXECUTE FUNCTION public.bp_test_fail()", &err), BP_OK);
	assert_int_equal(bp_pg_exec(conn, "UPDATE bp.indicator SET computed_at = '2000-01-01' "
	                                  "WHERE id IN ('s_eenzaam', 's_thuis')", &err), BP_OK);
	bp_compute_result res;
	assert_int_not_equal(compute_dir(ind_dir, &res, &err), BP_OK);
	assert_non_null(strstr(err.message, "injected failure"));
	assert_non_null(strstr(err.hint, "1 indicator(s) computed before the failure were kept"));
	assert_non_null(strstr(err.hint, "redoes only what is not current"));
	/* s_eenzaam written anew, s_thuis as it was (values and record) */
	assert_string_equal(bp_test_scalar(conn, "SELECT computed_at > '2000-01-01' FROM bp.indicator WHERE id = 's_eenzaam'"), "t");
	assert_string_equal(bp_test_scalar(conn, "SELECT computed_at = '2000-01-01' FROM bp.indicator WHERE id = 's_thuis'"), "t");
	assert_int_equal(atol(bp_test_scalar(conn, "SELECT count(*) FROM bp.indicator_value WHERE indicator_id = 's_thuis'")),
	                 thuis);
	assert_int_equal(bp_pg_exec(conn, "DROP TRIGGER bp_test_fail ON bp.indicator_value; "
	                                  "DROP FUNCTION public.bp_test_fail()", &err), BP_OK);
	if (compute_dir(ind_dir, &res, &err))
		print_err("compute", &err);
	assert_int_equal(res.computed, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proportion_wijk),
		cmocka_unit_test(test_mean_wijk),
		cmocka_unit_test(test_few_respondents),
		cmocka_unit_test(test_custom_area_two_wijken),
		cmocka_unit_test(test_ratio_rules),
		cmocka_unit_test(test_rules_file),
		cmocka_unit_test(test_unknown_question_and_category),
		cmocka_unit_test(test_synthetic_citation),
		cmocka_unit_test(test_failure_part_way),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
