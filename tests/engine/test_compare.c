/*
 * test_compare: comparisons (sql/007, engine/compare.c) and the needs
 * overview (engine/needs.c) on a real PostgreSQL.
 *
 * Part 1, small hand-made cases: areas, indicators and values inserted
 * directly (fake gemeente GM9991 with wijken WK999101..WK999111 and buurten
 * BU99910101..BU99910105 in WK999101), so that every expected number is
 * worked out in the comments.  Each case has indicators of its own: a
 * distribution is per indicator, level, indeling and period, so the cases do
 * not disturb each other.
 *
 * Part 2, the real KWB 2024 fixture (Oss GM0828, Hilversum GM0402, NL00),
 * with indicators/aandeel_65_plus.yaml; numbers from the CSV's rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "engine/compare.h"
#include "engine/compute.h"
#include "engine/indicator_def.h"
#include "engine/needs.h"
#include "import/statline_csv.h"
#include "pgtest.h"

#define FIXTURE "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"

static bp_testdb tdb;
static PGconn *conn;

static void print_err(const char *what, const bp_error *err)
{
	char buf[4 * BP_ERROR_TEXT];
	bp_error_format(err, buf, sizeof(buf));
	fprintf(stderr, "%s: %s\n", what, buf);
}

#define q(...) bp_test_scalarf(conn, __VA_ARGS__)

/* A column of one comparison row as a number; NAN when NULL. */
static double cmp_num(const char *col, const char *ind, const char *area, const char *kind, const char *period)
{
	const char *v = q("SELECT %s FROM bp.indicator_comparison WHERE indicator_id = '%s' AND area_code = '%s' "
	                  "AND reference_kind = '%s' AND period = '%s'", col, ind, area, kind, period);
	return v[0] ? strtod(v, NULL) : NAN;
}

static void assert_near(double got, double want, const char *what)
{
	if (!(fabs(got - want) < 1e-9))
		fail_msg("%s: got %.17g, want %.17g", what, got, want);
}

static void assert_nan(double got, const char *what)
{
	if (!isnan(got))
		fail_msg("%s: got %.17g, want NULL", what, got);
}

/* ---- part 1: hand-made areas and values ----------------------------------- */

static void area(const char *code, const char *level, const char *name, const char *parent, const char *gem)
{
	q("INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) "
	  "VALUES ('%s', 2024, '%s', '%s', %s%s%s, %s%s%s) ON CONFLICT DO NOTHING RETURNING 1",
	  code, level, name, parent ? "'" : "", parent ? parent : "NULL", parent ? "'" : "",
	  gem ? "'" : "", gem ? gem : "NULL", gem ? "'" : "");
}

static void indicator(const char *id, const char *theme, const char *polarity)
{
	q("INSERT INTO bp.indicator (id, title_nl, theme, kind, unit, decimals, polarity, definition_hash) "
	  "VALUES ('%s', '%s', '%s', 'ratio', '%%', 1, '%s', 'h') RETURNING 1", id, id, theme, polarity);
}

/* value NAN: not published (small_denominator); ci NAN: no interval. */
static void value(const char *ind, const char *area_code, const char *period, double v, double lo, double hi)
{
	char vs[64] = "NULL", los[64] = "NULL", his[64] = "NULL";
	if (!isnan(v))
		snprintf(vs, sizeof(vs), "%.17g", v);
	if (!isnan(lo)) {
		snprintf(los, sizeof(los), "%.17g", lo);
		snprintf(his, sizeof(his), "%.17g", hi);
	}
	q("INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, ci_low, ci_high, "
	  "  suppressed_reason, definition_hash, gemeente_code) "
	  "SELECT '%s', code, 2024, '%s', %s, %s, %s, %s, 'h', gemeente_code FROM bp.area "
	  "WHERE code = '%s' AND indeling_year = 2024 RETURNING 1",
	  ind, period, vs, los, his, isnan(v) ? "'small_denominator'" : "NULL", area_code);
}

static void compare(void)
{
	bp_compare_result r;
	bp_error err = { 0 };
	if (bp_compare_indicators(conn, &r, &err)) {
		print_err("compare", &err);
		fail();
	}
	assert_true(r.rows > 0);
}

static int setup_areas(void)
{
	char code[16], parent[16];
	area("NL00", "land", "Nederland", NULL, NULL);
	area("GM9991", "gemeente", "Testgemeente", NULL, "GM9991");
	for (int w = 1; w <= 11; w++) {
		snprintf(code, sizeof(code), "WK9991%02d", w);
		area(code, "wijk", code, "GM9991", "GM9991");
	}
	for (int b = 1; b <= 5; b++) {
		snprintf(code, sizeof(code), "BU999101%02d", b);
		snprintf(parent, sizeof(parent), "WK999101");
		area(code, "buurt", code, parent, "GM9991");
	}
	return 0;
}

/*
 * Five buurten with 10, 20, 30, 40, 50; wijk WK999101 35, gemeente 25, NL 28.
 *   mean 30; population sd = sqrt((400 + 100 + 0 + 100 + 400) / 5) = sqrt(200)
 *   z(50) = 20 / sqrt(200) = 1.4142135623730951, z(20) = -10 / sqrt(200) = -0.70710678118654746
 *   5 < BP_COMPARE_MIN_DECILE_AREAS (10) areas: no percentile and no worst-decile flag,
 *   not_ranked_reason 'too_few_areas' (a "worst tenth" of 5 would be the top fifth); the
 *   z-score keeps its own minimum (compare.h): 2 nationally, 5 within the gemeente.
 *   The percentiles and their polarity: test_decile_minimum and test_worst_decile_and_theme_counts.
 *   differences of 50: to the wijk 50-35 = 15, gemeente 50-25 = 25, NL 50-28 = 22;
 *   relative to the gemeente 25/25 = 1
 * Only these five buurten exist in the database at level buurt, so the
 * nationwide and the within-gemeente distributions (5 >= 5 areas for z) are the same.
 */
static void test_zscore_percentile(void **state)
{
	(void)state;
	indicator("t_worse", "sociaal-economisch", "higher-is-worse");
	indicator("t_better", "participatie", "higher-is-better");
	const double v[] = { 10, 20, 30, 40, 50 };
	for (int i = 0; i < 5; i++) {
		char code[16];
		snprintf(code, sizeof(code), "BU999101%02d", i + 1);
		value("t_worse", code, "2024", v[i], NAN, NAN);
		value("t_better", code, "2024", v[i], NAN, NAN);
	}
	value("t_worse", "WK999101", "2024", 35, NAN, NAN);
	value("t_worse", "GM9991", "2024", 25, NAN, NAN);
	value("t_worse", "NL00", "2024", 28, NAN, NAN);
	compare();

	assert_near(cmp_num("z_score", "t_worse", "BU99910105", "land", "2024"), 20.0 / sqrt(200.0), "z 50");
	assert_near(cmp_num("z_score", "t_worse", "BU99910105", "land", "2024"), 1.4142135623730951, "z 50 number");
	assert_near(cmp_num("z_score", "t_worse", "BU99910102", "land", "2024"), -0.70710678118654746, "z 20");
	assert_near(cmp_num("z_score", "t_worse", "BU99910103", "land", "2024"), 0.0, "z 30");
	assert_near(cmp_num("z_score", "t_worse", "BU99910105", "gemeente", "2024"), 20.0 / sqrt(200.0), "z in gemeente");
	for (int i = 0; i < 5; i++) {
		char code[16];
		snprintf(code, sizeof(code), "BU999101%02d", i + 1);
		assert_nan(cmp_num("percentile", "t_worse", code, "land", "2024"), "no pct of 5");
		assert_nan(cmp_num("percentile", "t_worse", code, "gemeente", "2024"), "no pct of 5 in gemeente");
		assert_nan(cmp_num("percentile", "t_better", code, "land", "2024"), "no pct of 5, better");
		assert_near(cmp_num("n_ranked", "t_worse", code, "land", "2024"), 5, "n");
	}
	assert_near(cmp_num("z_score", "t_better", "BU99910105", "land", "2024"), 1.4142135623730951, "z not flipped");
	/* no worst decile of 5: the flag NULL (not false), the reason said, in both distributions */
	assert_string_equal(q("SELECT count(*) || ' ' || count(worst_decile) || ' ' || string_agg(DISTINCT not_ranked_reason, ',') "
	                      "FROM bp.indicator_comparison WHERE indicator_id IN ('t_worse', 't_better') "
	                      "AND area_code LIKE 'BU%%' AND reference_kind IN ('land', 'gemeente')"), "20 0 too_few_areas");

	/* references named, differences value - reference */
	assert_string_equal(q("SELECT string_agg(reference_kind || ':' || reference_code, ',' ORDER BY reference_kind) "
	                      "FROM bp.indicator_comparison WHERE indicator_id = 't_worse' AND area_code = 'BU99910105'"),
	                    "gemeente:GM9991,land:NL00,wijk:WK999101");
	assert_near(cmp_num("difference", "t_worse", "BU99910105", "wijk", "2024"), 15, "to wijk");
	assert_near(cmp_num("difference", "t_worse", "BU99910105", "gemeente", "2024"), 25, "to gemeente");
	assert_near(cmp_num("relative_difference", "t_worse", "BU99910105", "gemeente", "2024"), 1, "relative");
	assert_near(cmp_num("difference", "t_worse", "BU99910105", "land", "2024"), 22, "to NL");
	/* t_better has no reference values: named all the same, difference unknown */
	assert_nan(cmp_num("difference", "t_better", "BU99910105", "gemeente", "2024"), "no reference");
	assert_string_equal(q("SELECT reference_code FROM bp.indicator_comparison WHERE indicator_id = 't_better' "
	                      "AND area_code = 'BU99910105' AND reference_kind = 'gemeente'"), "GM9991");
	/* the wijk and gemeente rows themselves: a wijk has no wijk reference, a gemeente no gemeente row */
	assert_string_equal(q("SELECT string_agg(reference_kind, ',' ORDER BY reference_kind) FROM bp.indicator_comparison "
	                      "WHERE indicator_id = 't_worse' AND area_code = 'WK999101'"), "gemeente,land");
	assert_string_equal(q("SELECT string_agg(reference_kind, ',' ORDER BY reference_kind) FROM bp.indicator_comparison "
	                      "WHERE indicator_id = 't_worse' AND area_code = 'GM9991'"), "land");
	assert_string_equal(q("SELECT count(*) FROM bp.indicator_comparison WHERE area_code = 'NL00'"), "0");
}

/*
 * Four published buurten 10, 20, 30, 40 and one not published (NULL).
 *   N = 4 (< 10: no percentiles); mean 25,
 *   sd = sqrt((225 + 25 + 25 + 225) / 4) = sqrt(125); z(40) = 15 / sqrt(125)
 * The NULL is not ranked and says why (its own reason, not too few areas);
 * within the gemeente 4 < 5 areas: no z either.
 */
static void test_null_excluded(void **state)
{
	(void)state;
	indicator("t_null", "sociaal-economisch", "higher-is-worse");
	value("t_null", "BU99910101", "2024", 10, NAN, NAN);
	value("t_null", "BU99910102", "2024", 20, NAN, NAN);
	value("t_null", "BU99910103", "2024", NAN, NAN, NAN);
	value("t_null", "BU99910104", "2024", 30, NAN, NAN);
	value("t_null", "BU99910105", "2024", 40, NAN, NAN);
	compare();
	assert_near(cmp_num("n_ranked", "t_null", "BU99910101", "land", "2024"), 4, "N without the NULL");
	assert_nan(cmp_num("percentile", "t_null", "BU99910105", "land", "2024"), "no pct of 4");
	assert_string_equal(q("SELECT not_ranked_reason FROM bp.indicator_comparison WHERE indicator_id = 't_null' "
	                      "AND area_code = 'BU99910105' AND reference_kind = 'land'"), "too_few_areas");
	assert_near(cmp_num("z_score", "t_null", "BU99910105", "land", "2024"), 15.0 / sqrt(125.0), "z 40");
	assert_nan(cmp_num("percentile", "t_null", "BU99910103", "land", "2024"), "NULL not ranked");
	assert_string_equal(q("SELECT not_ranked_reason || ' ' || coalesce(worst_decile::text, 'null') "
	                      "FROM bp.indicator_comparison WHERE indicator_id = 't_null' "
	                      "AND area_code = 'BU99910103' AND reference_kind = 'land'"), "small_denominator null");
	/* within the gemeente: too few areas to rank */
	assert_nan(cmp_num("percentile", "t_null", "BU99910105", "gemeente", "2024"), "gemeente pct");
	assert_nan(cmp_num("z_score", "t_null", "BU99910105", "gemeente", "2024"), "gemeente z");
	assert_string_equal(q("SELECT not_ranked_reason FROM bp.indicator_comparison WHERE indicator_id = 't_null' "
	                      "AND area_code = 'BU99910105' AND reference_kind = 'gemeente'"), "too_few_areas");
}

/*
 * The rule of BP_COMPARE_MIN_DECILE_AREAS (10) at its edge, nationally and
 * within the gemeente (all of GM9991's wijken are all the wijken there are):
 *   t_ten  higher-is-worse, WK999101..10 have 1..10 (WK999111 none): N = 10.
 *          percentile (rank-1)/9: WK999110 1, WK999109 8/9 = 0.889, WK999101 0;
 *          worst decile (>= 0.9): WK999110 alone.
 *   t_nine higher-is-better, WK999101..09 have 1..9: N = 9: no percentile, no
 *          flag (NULL), not_ranked_reason too_few_areas; z kept: mean 5,
 *          sd = sqrt(60 / 9), z(WK999109) = 4 / sqrt(60 / 9) = 1.5491933384829668.
 */
static void test_decile_minimum(void **state)
{
	(void)state;
	indicator("t_ten", "sociaal-economisch", "higher-is-worse");
	indicator("t_nine", "sociaal-economisch", "higher-is-better");
	for (int w = 1; w <= 10; w++) {
		char code[16];
		snprintf(code, sizeof(code), "WK9991%02d", w);
		value("t_ten", code, "2024", w, NAN, NAN);
		if (w <= 9)
			value("t_nine", code, "2024", w, NAN, NAN);
	}
	compare();
	const char *kinds[] = { "land", "gemeente" };
	for (int k = 0; k < 2; k++) {
		assert_near(cmp_num("n_ranked", "t_ten", "WK999110", kinds[k], "2024"), 10, "n 10");
		assert_near(cmp_num("percentile", "t_ten", "WK999110", kinds[k], "2024"), 1.0, "pct 10 of 10");
		assert_near(cmp_num("percentile", "t_ten", "WK999109", kinds[k], "2024"), 8.0 / 9.0, "pct 9 of 10");
		assert_near(cmp_num("percentile", "t_ten", "WK999101", kinds[k], "2024"), 0.0, "pct 1 of 10");
		assert_string_equal(q("SELECT count(*) || ' ' || count(percentile) || ' ' || count(worst_decile) || ' ' "
		                      "|| count(not_ranked_reason) FROM bp.indicator_comparison WHERE indicator_id = 't_ten' "
		                      "AND reference_kind = '%s'", kinds[k]), "10 10 10 0");
		assert_string_equal(q("SELECT string_agg(area_code, ',') FROM bp.indicator_comparison WHERE indicator_id = "
		                      "'t_ten' AND reference_kind = '%s' AND worst_decile", kinds[k]), "WK999110");
		assert_near(cmp_num("n_ranked", "t_nine", "WK999109", kinds[k], "2024"), 9, "n 9");
		assert_near(cmp_num("z_score", "t_nine", "WK999109", kinds[k], "2024"), 1.5491933384829668, "z of 9");
		assert_string_equal(q("SELECT count(*) || ' ' || count(percentile) || ' ' || count(worst_decile) || ' ' "
		                      "|| string_agg(DISTINCT not_ranked_reason, ',') FROM bp.indicator_comparison "
		                      "WHERE indicator_id = 't_nine' AND reference_kind = '%s'", kinds[k]),
		                    "9 0 0 too_few_areas");
	}
	/* the theme counts count what was ranked: t_nine's flags are no "0 of 1" */
	assert_string_equal(q("SELECT n_flagged || '/' || n_ranked FROM bp.indicator_flag_count "
	                      "WHERE area_code = 'WK999110' AND period = '2024' AND theme = 'sociaal-economisch'"), "1/1");
	assert_string_equal(q("SELECT n_flagged || '/' || n_ranked FROM bp.indicator_flag_count "
	                      "WHERE area_code = 'WK999101' AND period = '2024' AND theme = 'sociaal-economisch'"), "0/1");
	/* gone again: the next test counts the flags of its own indicators in this theme */
	q("DELETE FROM bp.indicator WHERE id IN ('t_ten', 't_nine') RETURNING 1");
}

/*
 * Eleven wijken with 1..11: percentile (rank-1)/10 = 0, 0.1, ..., 1.
 * Worst decile (>= 0.9): the wijken with 10 and 11, WK999110 and WK999111.
 *   t_dec1 higher-is-worse, sociaal-economisch: WK9991nn has nn
 *   t_dec2 higher-is-better, sociaal-economisch: WK9991nn has 12 - nn
 *          (most need = lowest = WK999111 with 1, then WK999110 with 2)
 *   t_dec3 higher-is-worse, participatie: WK9991nn has nn
 *   t_dec4 neutral, participatie: ranked, never flagged
 * Flag counts: WK999111 and WK999110 2 of 2 in sociaal-economisch and 1 of 1
 * in participatie (the neutral one is not counted); WK999109 0 of 2.
 */
static void test_worst_decile_and_theme_counts(void **state)
{
	(void)state;
	indicator("t_dec1", "sociaal-economisch", "higher-is-worse");
	indicator("t_dec2", "sociaal-economisch", "higher-is-better");
	indicator("t_dec3", "participatie", "higher-is-worse");
	indicator("t_dec4", "participatie", "neutral");
	for (int w = 1; w <= 11; w++) {
		char code[16];
		snprintf(code, sizeof(code), "WK9991%02d", w);
		value("t_dec1", code, "2024", w, NAN, NAN);
		value("t_dec2", code, "2024", 12 - w, NAN, NAN);
		value("t_dec3", code, "2024", w, NAN, NAN);
		value("t_dec4", code, "2024", w, NAN, NAN);
	}
	compare();
	assert_near(cmp_num("percentile", "t_dec1", "WK999110", "land", "2024"), 0.9, "pct 10");
	assert_near(cmp_num("percentile", "t_dec1", "WK999109", "land", "2024"), 0.8, "pct 9");
	assert_near(cmp_num("percentile", "t_dec2", "WK999110", "land", "2024"), 0.9, "pct 2 better");
	for (int i = 1; i <= 3; i++)
		assert_string_equal(q("SELECT string_agg(area_code, ',' ORDER BY area_code) FROM bp.indicator_comparison "
		                      "WHERE indicator_id = 't_dec%d' AND reference_kind = 'land' AND worst_decile", i),
		                    "WK999110,WK999111");
	assert_string_equal(q("SELECT count(*) FILTER (WHERE worst_decile) || '/' || count(worst_decile) || '/' || count(percentile) "
	                      "FROM bp.indicator_comparison WHERE indicator_id = 't_dec4' AND reference_kind = 'land'"),
	                    "0/0/11");
	/* the gemeente's 11 wijken: the same ranks within the gemeente */
	assert_near(cmp_num("percentile", "t_dec1", "WK999110", "gemeente", "2024"), 0.9, "gemeente pct");
	assert_string_equal(q("SELECT string_agg(theme || ' ' || n_flagged || '/' || n_ranked, ', ' ORDER BY theme) "
	                      "FROM bp.indicator_flag_count WHERE area_code = 'WK999111' AND period = '2024'"),
	                    "participatie 1/1, sociaal-economisch 2/2");
	assert_string_equal(q("SELECT string_agg(theme || ' ' || n_flagged || '/' || n_ranked, ', ' ORDER BY theme) "
	                      "FROM bp.indicator_flag_count WHERE area_code = 'WK999110' AND period = '2024'"),
	                    "participatie 1/1, sociaal-economisch 2/2");
	assert_string_equal(q("SELECT string_agg(theme || ' ' || n_flagged || '/' || n_ranked, ', ' ORDER BY theme) "
	                      "FROM bp.indicator_flag_count WHERE area_code = 'WK999109' AND period = '2024'"),
	                    "participatie 0/1, sociaal-economisch 0/2");
}

/*
 * Change between 2020 and 2024, se = (ci_high - ci_low) / (2 x 1.959963984540054):
 *   BU99910101 20 [18, 22] -> 26 [24, 28]: se 1.0204 each, z = 6 / (1.0204 x sqrt 2)
 *              = 6 x 1.959963984540054 / (2 x sqrt 2) = 4.1577; intervals apart: significant
 *   BU99910102 20 [16, 24] -> 23 [19, 27]: se 2.0408, z = 3 x 1.96 / (4 x sqrt 2) = 1.0394; not
 *   BU99910103 20 [18, 22] -> 23.5 [21.5, 25.5]: the intervals overlap (21.5 < 22), but
 *              z = 3.5 x 1.96 / (2 x sqrt 2) = 2.4253 > 1.96: significant (the z-test, not overlap)
 *   BU99910104 10 -> 12 without intervals: change 2, significance unknown (NULL)
 *   BU99910105 only 2024: no previous period, no row
 */
static void test_change_between_periods(void **state)
{
	(void)state;
	indicator("t_change", "participatie", "higher-is-better");
	value("t_change", "BU99910101", "2020", 20, 18, 22);
	value("t_change", "BU99910101", "2024", 26, 24, 28);
	value("t_change", "BU99910102", "2020", 20, 16, 24);
	value("t_change", "BU99910102", "2024", 23, 19, 27);
	value("t_change", "BU99910103", "2020", 20, 18, 22);
	value("t_change", "BU99910103", "2024", 23.5, 21.5, 25.5);
	value("t_change", "BU99910104", "2020", 10, NAN, NAN);
	value("t_change", "BU99910104", "2024", 12, NAN, NAN);
	value("t_change", "BU99910105", "2024", 12, NAN, NAN);
	compare();
	const double z196 = 1.959963984540054;
	assert_near(cmp_num("difference", "t_change", "BU99910101", "previous_period", "2024"), 6, "change 1");
	assert_near(cmp_num("change_z", "t_change", "BU99910101", "previous_period", "2024"),
	            6.0 * z196 / (2.0 * sqrt(2.0)), "z 1");
	assert_near(cmp_num("change_z", "t_change", "BU99910102", "previous_period", "2024"),
	            3.0 * z196 / (4.0 * sqrt(2.0)), "z 2");
	assert_near(cmp_num("change_z", "t_change", "BU99910103", "previous_period", "2024"),
	            3.5 * z196 / (2.0 * sqrt(2.0)), "z 3");
	assert_string_equal(q("SELECT string_agg(area_code || ' ' || reference_period || ' ' || "
	                      "coalesce(significant::text, 'unknown'), ', ' ORDER BY area_code) "
	                      "FROM bp.indicator_comparison WHERE indicator_id = 't_change' "
	                      "AND reference_kind = 'previous_period'"),
	                    "BU99910101 2020 true, BU99910102 2020 false, BU99910103 2020 true, BU99910104 2020 unknown");
	assert_near(cmp_num("difference", "t_change", "BU99910104", "previous_period", "2024"), 2, "change 4");
	assert_near(cmp_num("relative_difference", "t_change", "BU99910104", "previous_period", "2024"), 0.2, "rel 4");
	/* 2020 has nothing before it */
	assert_string_equal(q("SELECT count(*) FROM bp.indicator_comparison WHERE indicator_id = 't_change' "
	                      "AND reference_kind = 'previous_period' AND period = '2020'"), "0");
	/* the ranks are per period: 2020 has 4 buurten, 2024 5 */
	assert_near(cmp_num("n_ranked", "t_change", "BU99910101", "land", "2020"), 4, "n 2020");
	assert_near(cmp_num("n_ranked", "t_change", "BU99910101", "land", "2024"), 5, "n 2024");
}

/* Comparisons go with the values they were made from. */
static void test_cascade(void **state)
{
	(void)state;
	compare();
	assert_string_not_equal(q("SELECT count(*) FROM bp.indicator_comparison WHERE indicator_id = 't_dec4'"), "0");
	q("DELETE FROM bp.indicator_value WHERE indicator_id = 't_dec4' RETURNING 1");
	assert_string_equal(q("SELECT count(*) FROM bp.indicator_comparison WHERE indicator_id = 't_dec4'"), "0");
}

/* ---- part 2: the real KWB fixture ----------------------------------------- */

static bp_arena *defs_arena;

static void compute_file(const char *id, const char *theme, bp_polarity pol)
{
	char path[1024];
	const char *root = getenv("BP_SOURCE_ROOT");
	bp_indicator_def d;
	bp_error err = { 0 };
	snprintf(path, sizeof(path), "%s/indicators/aandeel_65_plus.yaml", root ? root : ".");
	if (bp_indicator_load_file(path, defs_arena, &d, &err)) {
		print_err("definition", &err);
		fail();
	}
	if (id) {
		d.id = id;
		d.theme = theme;
		d.polarity = pol;
	}
	bp_indicator_set set = { &d, 1 };
	bp_compute_result r;
	if (bp_compute_indicators(conn, &set, 1, &r, &err)) {
		print_err("compute", &err);
		fail();
	}
	assert_int_equal(r.computed, 1);
}

/*
 * The fixture's rows (AantalInwoners, 65 jaar of ouder):
 *   WK082801 Schadewijk 10575 1890; GM0828 Oss 94634 19769; NL00 17942942 3677228
 */
static void test_kwb_differences(void **state)
{
	(void)state;
	compute_file(NULL, NULL, BP_POLARITY_NEUTRAL);
	compare();
	const double schadewijk = 1890.0 / 10575.0 * 100.0, oss = 19769.0 / 94634.0 * 100.0,
	             nl = 3677228.0 / 17942942.0 * 100.0;
	assert_near(cmp_num("difference", "aandeel_65_plus", "WK082801", "gemeente", "2024"), schadewijk - oss, "to Oss");
	/* 17.872340425531917 - 20.889954984466471 */
	assert_near(cmp_num("difference", "aandeel_65_plus", "WK082801", "gemeente", "2024"), -3.0176145589345542, "to Oss, number");
	assert_near(cmp_num("reference_value", "aandeel_65_plus", "WK082801", "gemeente", "2024"), oss, "Oss");
	assert_near(cmp_num("difference", "aandeel_65_plus", "WK082801", "land", "2024"), schadewijk - nl, "to NL");
	/* neutral: ranked by value, never flagged */
	assert_string_equal(q("SELECT count(*) FROM bp.indicator_comparison WHERE indicator_id = 'aandeel_65_plus' "
	                      "AND worst_decile IS NOT NULL"), "0");
	/* the 32 wijken of Oss (23) and Hilversum (9), all with more than 50 inhabitants */
	assert_near(cmp_num("n_ranked", "aandeel_65_plus", "WK082801", "land", "2024"), 32, "wijken");
	assert_near(cmp_num("n_ranked", "aandeel_65_plus", "WK082801", "gemeente", "2024"), 23, "wijken of Oss");
}

/*
 * The same share, read as a need (higher-is-worse, theme zorg-en-gezondheid),
 * to see the needs overview on real data.  Oss = 19769/94634 = 20.890 %;
 * more than 10 % worse: above 22.979 %.  The 32 wijken sorted by their 65+
 * share (rank-1)/31 >= 0.9 for ranks 29..32: WK082800 Centrum 1760/6245 =
 * 28.18 % (28/31 = 0.903), WK082812 Macharen 215/745 = 28.86 % (29/31), then
 * Hilversum's WK040208 and WK040209.  Against Oss (relative):
 *   WK082819 Lithoijen  240/1040 = 23.08 %  +10.5 %
 *   WK082813 Megen      415/1760 = 23.58 %  +12.9 %
 *   WK082815 Herpen     740/2930 = 25.26 %  +20.9 %
 *   WK082814 Ravenstein 890/3495 = 25.46 %  +21.9 %
 *   WK082800 Centrum             +34.9 %,  WK082812 Macharen +38.1 %
 * and just below: WK082806 Ruwaard 3110/13595 = 22.88 % (+9.5 %).
 */
static void test_needs_oss(void **state)
{
	(void)state;
	compute_file("t_65_need", "zorg-en-gezondheid", BP_POLARITY_HIGHER_IS_WORSE);
	compare();
	bp_arena *a = bp_arena_new();
	bp_needs_options no = { .gemeente = "GM0828" };
	bp_needs_result r;
	bp_error err = { 0 };
	if (bp_needs_query(conn, &no, a, &r, &err)) {
		print_err("needs", &err);
		fail();
	}
	assert_string_equal(r.period, "2024");
	assert_string_equal(r.gemeente_name, "Oss");
	assert_int_equal(r.n_areas, 23);
	/* flagged first (6 wijken, one indicator each), then by code */
	char flagged[512] = "";
	for (size_t i = 0; i < r.n; i++)
		if (r.items[i].indicator_id)
			snprintf(flagged + strlen(flagged), sizeof(flagged) - strlen(flagged), "%s%s:%d%d",
			         flagged[0] ? "," : "", r.items[i].area_code, r.items[i].by_percentile, r.items[i].by_gemeente);
	assert_string_equal(flagged, "WK082800:11,WK082812:11,WK082813:01,WK082814:01,WK082815:01,WK082819:01");
	assert_string_equal(r.items[0].area_code, "WK082800");
	assert_string_equal(r.items[0].theme, "zorg-en-gezondheid");
	assert_near(r.items[0].percentile, 28.0 / 31.0, "Centrum pct");
	assert_near(r.items[0].relative_worse, (1760.0 / 6245.0 - 19769.0 / 94634.0) / (19769.0 / 94634.0), "Centrum rel");
	assert_string_equal(r.items[6].area_code, "WK082801");
	assert_nan(r.items[6].value, "no indicator");   /* not flagged: its line says so */
	assert_int_equal(r.items[6].area_needs, 0);

	bp_buf text;
	bp_buf_init(&text);
	bp_needs_format_text(&r, &text);
	assert_non_null(strstr(text.data, "WK082800 Centrum: 1 | zorg-en-gezondheid (1): t_65_need 28.2 (gemeente 20.9, +35 % worse; pct 0.90 of 32 in monitor)\n"));
	assert_non_null(strstr(text.data, "WK082819 Lithoijen: 1 | zorg-en-gezondheid (1): t_65_need 23.1 (gemeente 20.9, +10 % worse; pct 0.71 of 32 in monitor)\n"));
	assert_non_null(strstr(text.data, "WK082806 Ruwaard: 0 (none)\n"));
	assert_null(strstr(text.data, "aandeel_65_plus"));   /* neutral: never a need */
	int lines = 0;
	for (const char *p = text.data; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 23);
	bp_buf_reset(&text);
	bp_needs_format_csv(&r, &text);
	assert_non_null(strstr(text.data, "\"WK082812\",\"Macharen\",1,\"zorg-en-gezondheid\",1,1,\"t_65_need\",28.85906040268456"));
	bp_buf_release(&text);

	/* a lower threshold: Ruwaard (+9.5 %) joins */
	no.relative = 0.09;
	assert_int_equal(bp_needs_query(conn, &no, a, &r, &err), BP_OK);
	int found = 0;
	for (size_t i = 0; i < r.n; i++)
		found += r.items[i].indicator_id && strcmp(r.items[i].area_code, "WK082806") == 0;
	assert_int_equal(found, 1);

	/* an unknown gemeente */
	no.gemeente = "GM9999";
	assert_int_equal(bp_needs_query(conn, &no, a, &r, &err), BP_ERR_NOT_FOUND);
	bp_arena_free(a);
}

/*
 * Two indelingen in one gemeente, as in the demo (KWB 2024 beside RIVM
 * 2016/2020 on the 2020 indeling).  Fake gemeente GM9992 with wijken
 * WK999201..03 in both indelingen and WK999204 only in 2020 (gone by 2024).
 *   t2i_a (indeling 2024, period 2024): gemeente 10; wijken 12, 10, 9.
 *     WK999201: (12 - 10) / 10 = +20 % worse; 3 wijken: no percentile (< 10).
 *   t2i_b (indeling 2020): 2016 gemeente 20, WK999202 30 (flagged then);
 *     2020 gemeente 20, wijken 20, 25, 18, 40.
 *     WK999202 in 2020: (25 - 20) / 20 = +25 %; 4 wijken: no percentile
 *     (< 10), "not ranked" with their number.  WK999204 (40) is the worst but is not
 *     an area of the newest indeling: not listed.
 * By default each indicator is read at its own latest period: t2i_a at
 * 2024, t2i_b at 2020 (not 2016), on the 2024 areas.  One period for all
 * (2024, the latest) lost t2i_b.
 */
/* A composite index (z-scores here) has no "x % worse than the gemeente":
 * GM9993 0.5; ten wijken (BP_COMPARE_MIN_DECILE_AREAS, so they are ranked):
 * WK999301 0.3, WK999302 0.6, WK999303 -0.2, WK999304..10 0.51..0.57.
 * WK999301 would be "+40 % worse" on a ratio scale but is not flagged (and
 * second of ten in need, percentile 8/9 = 0.89 < 0.9); WK999303 -0.2 is the
 * worst of the ten (percentile 9/9 = 1 >= 0.9) and flagged by percentile
 * alone, without a relative difference. */
static void test_needs_composite_scale(void **state)
{
	(void)state;
	q("INSERT INTO bp.area (code, indeling_year, level, name, gemeente_code) "
	  "VALUES ('GM9993', 2024, 'gemeente', 'Index', 'GM9993') RETURNING 1");
	for (int w = 1; w <= 10; w++)
		q("INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) "
		  "VALUES ('WK9993%02d', 2024, 'wijk', 'Wijk %d', 'GM9993', 'GM9993') RETURNING 1", w, w);
	q("INSERT INTO bp.indicator (id, title_nl, theme, kind, unit, decimals, polarity, definition_hash) "
	  "VALUES ('t2c', 't2c', 'sociale-veerkracht', 'composite', 'index', 2, 'higher-is-better', 'h') RETURNING 1");
	static const struct { const char *area; double v; } vals[] = {
		{ "GM9993", 0.5 }, { "WK999301", 0.3 }, { "WK999302", 0.6 }, { "WK999303", -0.2 },
		{ "WK999304", 0.51 }, { "WK999305", 0.52 }, { "WK999306", 0.53 }, { "WK999307", 0.54 },
		{ "WK999308", 0.55 }, { "WK999309", 0.56 }, { "WK999310", 0.57 },
	};
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		q("INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, "
		  "definition_hash, gemeente_code) VALUES ('t2c', '%s', 2024, '2024', %.17g, 'h', 'GM9993') RETURNING 1",
		  vals[i].area, vals[i].v);
	compare();
	bp_arena *a = bp_arena_new();
	bp_needs_options no = { .gemeente = "GM9993" };
	bp_needs_result r;
	bp_error err = { 0 };
	if (bp_needs_query(conn, &no, a, &r, &err)) {
		print_err("needs", &err);
		fail();
	}
	assert_int_equal(r.n, 10);
	assert_string_equal(r.items[0].area_code, "WK999303");
	assert_string_equal(r.items[0].indicator_id, "t2c");
	assert_true(isnan(r.items[0].relative_worse));
	assert_near(r.items[0].percentile, 1.0, "WK999303 pct");
	assert_int_equal(r.items[0].percentile_n, 10);
	assert_int_equal(r.items[0].by_percentile, 1);
	assert_string_equal(r.items[1].area_code, "WK999301");
	for (size_t i = 1; i < r.n; i++)
		assert_null(r.items[i].indicator_id);   /* WK999301: not "+40 % worse" */
	bp_arena_free(a);
}

static void test_needs_two_indelingen(void **state)
{
	(void)state;
	for (int y = 2020; y <= 2024; y += 4) {
		q("INSERT INTO bp.area (code, indeling_year, level, name, gemeente_code) "
		  "VALUES ('GM9992', %d, 'gemeente', 'Tweejaar', 'GM9992') RETURNING 1", y);
		for (int w = 1; w <= (y == 2020 ? 4 : 3); w++)
			q("INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) "
			  "VALUES ('WK99920%d', %d, 'wijk', 'Wijk %d', 'GM9992', 'GM9992') RETURNING 1", w, y, w);
	}
	indicator("t2i_a", "participatie", "higher-is-worse");
	indicator("t2i_b", "sociale-veerkracht", "higher-is-worse");
	static const struct { const char *ind, *area; int year; const char *period; double v; } vals[] = {
		{ "t2i_a", "GM9992", 2024, "2024", 10 }, { "t2i_a", "WK999201", 2024, "2024", 12 },
		{ "t2i_a", "WK999202", 2024, "2024", 10 }, { "t2i_a", "WK999203", 2024, "2024", 9 },
		{ "t2i_b", "GM9992", 2020, "2016", 20 }, { "t2i_b", "WK999201", 2020, "2016", 20 },
		{ "t2i_b", "WK999202", 2020, "2016", 30 },
		{ "t2i_b", "GM9992", 2020, "2020", 20 }, { "t2i_b", "WK999201", 2020, "2020", 20 },
		{ "t2i_b", "WK999202", 2020, "2020", 25 }, { "t2i_b", "WK999203", 2020, "2020", 18 },
		{ "t2i_b", "WK999204", 2020, "2020", 40 },
	};
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		q("INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, "
		  "definition_hash, gemeente_code) VALUES ('%s', '%s', %d, '%s', %.17g, 'h', 'GM9992') RETURNING 1",
		  vals[i].ind, vals[i].area, vals[i].year, vals[i].period, vals[i].v);
	compare();

	bp_arena *a = bp_arena_new();
	bp_needs_options no = { .gemeente = "GM9992" };
	bp_needs_result r;
	bp_error err = { 0 };
	if (bp_needs_query(conn, &no, a, &r, &err)) {
		print_err("needs", &err);
		fail();
	}
	assert_string_equal(r.period, "2024");
	assert_int_equal(r.n_areas, 3);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.items[0].area_code, "WK999201");
	assert_string_equal(r.items[0].indicator_id, "t2i_a");
	assert_string_equal(r.items[0].period, "2024");
	assert_near(r.items[0].relative_worse, 0.2, "WK999201 t2i_a");
	assert_string_equal(r.items[1].area_code, "WK999202");
	assert_string_equal(r.items[1].indicator_id, "t2i_b");
	assert_string_equal(r.items[1].period, "2020");
	assert_near(r.items[1].value, 25, "WK999202 t2i_b 2020");
	assert_near(r.items[1].relative_worse, 0.25, "WK999202 rel");
	assert_nan(r.items[1].percentile, "WK999202 not ranked among 4");
	assert_int_equal(r.items[1].percentile_n, 4);
	assert_int_equal(r.items[1].by_percentile, 0);
	/* its change is from its own previous period, 2016 (30 -> 25), not 2024's */
	assert_string_equal(r.items[1].previous_period, "2016");
	assert_near(r.items[1].change, -5, "WK999202 change since 2016");
	assert_int_equal(r.items[1].change_significant, -1);
	assert_null(r.items[0].previous_period);
	assert_string_equal(r.items[2].area_code, "WK999203");
	assert_null(r.items[2].indicator_id);
	bp_buf text;
	bp_buf_init(&text);
	bp_needs_format_text(&r, &text);
	assert_string_equal(text.data,
	                    "WK999201 Wijk 1: 1 | participatie (1): t2i_a 12.0 (gemeente 10.0, +20 % worse; "
	                    "not ranked: too few areas (3, at least 10))\n"
	                    "WK999202 Wijk 2: 1 | sociale-veerkracht (1): t2i_b 25.0 (2020; indeling 2020, zelfde code; grenzen niet gecontroleerd; "
	                    "gemeente 20.0, +25 % worse; not ranked: too few areas (4, at least 10); "
	                    "-5.0 since 2016)\n"
	                    "WK999203 Wijk 3: 0 (none)\n");
	bp_buf_release(&text);

	/* One period asked: the areas of its indeling, WK999204 among them. */
	no.period = "2020";
	assert_int_equal(bp_needs_query(conn, &no, a, &r, &err), BP_OK);
	assert_string_equal(r.period, "2020");
	assert_int_equal(r.n_areas, 4);
	assert_string_equal(r.items[0].area_code, "WK999202");   /* one flag each: by code */
	assert_string_equal(r.items[1].area_code, "WK999204");
	assert_near(r.items[1].value, 40, "WK999204");
	bp_arena_free(a);
}

/*
 * Every item's figures are those of its own indicator, area and period
 * (issue 16, item 4).  Fake gemeente GM9994 "Vierjaar", wijken
 * WK999401..05, indeling 2024; each indicator has its own latest period:
 *   t4_surv  survey_proportion (Burgerpeiling), higher-is-worse, latest 2022.
 *            gemeente 30; wijken 40 [36, 44], 31 [27, 35], 29, 28, 27.
 *            WK999401: the whole interval above 30 (by interval) and the
 *            highest of 5 (5 < 10: not ranked, no percentile).  Its previous
 *            period with a row is 2020: 30 [26, 34] (2018's 50 [40, 60] is
 *            older and must not be used): change +10, se = 8 / (2 x 1.96)
 *            for both, z = 10 / (se x sqrt 2) = 10 x 1.96 / (4 x sqrt 2) =
 *            3.46 > 1.96: significant.  WK999402 31 [27, 35]: 27 < 30: not
 *            flagged.
 *   t4_reg   ratio (CBS), higher-is-worse, latest 2024 (2023 before), no
 *            intervals.  gemeente 10; wijken 9, 12, 10, 8, 7.  WK999402:
 *            (12 - 10) / 10 = +20 %; 2023: 11, in the
 *            indeling of 2023 (as each KWB year has its own): the same code
 *            there, change +1, significance unknown (no intervals).
 *   t4_rivm  published_share (RIVM, CBS 50090NED), latest 2020 (2016 before).
 *            gemeente 20; wijken 20, 19, 25, 18, 17.  WK999403: +25 %;
 *            2016: 22, change +3, unknown; a model estimate
 *            without interval.
 *   t4_ctx   role: context, higher-is-worse, 2024: gemeente 1.0, WK999401
 *            5.0 (+400 %) would be flagged as a need, but is
 *            context: not an item, not counted, listed in r.context.
 * One flag each for WK999401..03, none for 04 and 05.  Had the interval
 * and change been read for one period for all (2024, the latest), t4_surv
 * and t4_rivm would have none.
 */
static void ind4(const char *id, const char *theme, const char *kind, const char *source, const char *role)
{
	q("INSERT INTO bp.indicator (id, title_nl, theme, kind, unit, decimals, polarity, source_text, role, "
	  "definition_hash) VALUES ('%s', '%s', '%s', '%s', '%%', 1, 'higher-is-worse', '%s', %s%s%s, 'h') RETURNING 1",
	  id, id, theme, kind, source, role ? "'" : "", role ? role : "NULL", role ? "'" : "");
}

static void test_needs_own_period(void **state)
{
	(void)state;
	area("GM9994", "gemeente", "Vierjaar", NULL, "GM9994");
	for (int w = 1; w <= 5; w++) {
		char code[16];
		snprintf(code, sizeof(code), "WK99940%d", w);
		area(code, "wijk", code, "GM9994", "GM9994");
	}
	ind4("t4_surv", "sociale-veerkracht", "survey_proportion", "Burgerpeiling 2022", NULL);
	ind4("t4_reg", "sociaal-economisch", "ratio", "CBS Kerncijfers Wijken en Buurten", NULL);
	ind4("t4_rivm", "zorg-en-gezondheid", "published_share",
	     "RIVM Gezondheidsmonitor Volwassenen en Ouderen (CBS 50090NED)", NULL);
	ind4("t4_ctx", "voorzieningen", "published_share", "CBS Kerncijfers Wijken en Buurten", "context");
	const char *w[] = { "WK999401", "WK999402", "WK999403", "WK999404", "WK999405" };
	value("t4_surv", "GM9994", "2022", 30, 27, 33);
	const double surv[] = { 40, 31, 29, 28, 27 };
	for (int i = 0; i < 5; i++)
		value("t4_surv", w[i], "2022", surv[i], i < 2 ? surv[i] - 4 : NAN, surv[i] + 4);
	value("t4_surv", "WK999401", "2020", 30, 26, 34);
	value("t4_surv", "WK999401", "2018", 50, 40, 60);
	value("t4_reg", "GM9994", "2024", 10, NAN, NAN);
	const double reg[] = { 9, 12, 10, 8, 7 };
	for (int i = 0; i < 5; i++)
		value("t4_reg", w[i], "2024", reg[i], NAN, NAN);
	q("INSERT INTO bp.area (code, indeling_year, level, name, gemeente_code) VALUES "
	  "('GM9994', 2023, 'gemeente', 'Vierjaar', 'GM9994') RETURNING 1");
	q("INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) VALUES "
	  "('WK999402', 2023, 'wijk', 'WK999402', 'GM9994', 'GM9994') RETURNING 1");
	q("INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, definition_hash, "
	  "gemeente_code) VALUES ('t4_reg', 'WK999402', 2023, '2023', 11, 'h', 'GM9994') RETURNING 1");
	value("t4_rivm", "GM9994", "2020", 20, NAN, NAN);
	const double rivm[] = { 20, 19, 25, 18, 17 };
	for (int i = 0; i < 5; i++)
		value("t4_rivm", w[i], "2020", rivm[i], NAN, NAN);
	value("t4_rivm", "WK999403", "2016", 22, NAN, NAN);
	value("t4_ctx", "GM9994", "2024", 1.0, NAN, NAN);
	const double ctx[] = { 5.0, 1.0, 1.2, 0.8, 0.9 };
	for (int i = 0; i < 5; i++)
		value("t4_ctx", w[i], "2024", ctx[i], NAN, NAN);
	compare();

	bp_arena *a = bp_arena_new();
	bp_needs_options no = { .gemeente = "GM9994" };
	bp_needs_result r;
	bp_error err = { 0 };
	if (bp_needs_query(conn, &no, a, &r, &err)) {
		print_err("needs", &err);
		fail();
	}
	assert_int_equal(r.n_areas, 5);
	assert_int_equal(r.n, 5);
	for (size_t i = 0; i < r.n; i++)
		if (r.items[i].indicator_id && strcmp(r.items[i].indicator_id, "t4_ctx") == 0)
			fail_msg("the context indicator is flagged for %s", r.items[i].area_code);

	const bp_need_item *s = &r.items[0];
	assert_string_equal(s->area_code, "WK999401");
	assert_int_equal(s->area_needs, 1);   /* t4_ctx is not counted */
	assert_string_equal(s->indicator_id, "t4_surv");
	assert_string_equal(s->period, "2022");
	assert_near(s->value, 40, "surv value");
	assert_int_equal(s->with_interval, 1);
	assert_near(s->ci_low, 36, "surv ci_low 2022");
	assert_near(s->ci_high, 44, "surv ci_high 2022");
	assert_string_equal(s->previous_period, "2020");
	assert_near(s->previous_value, 30, "surv 2020");
	assert_near(s->change, 10, "surv change since 2020");
	assert_int_equal(s->change_significant, 1);
	assert_int_equal(s->uncertainty, BP_NEEDS_SURVEY);
	assert_string_equal(s->reference_code, "GM9994");
	assert_string_equal(s->reference_name, "Vierjaar");
	assert_string_equal(s->reference_period, "2022");
	assert_near(s->gemeente_value, 30, "gemeente 2022");

	const bp_need_item *g = &r.items[1];
	assert_string_equal(g->area_code, "WK999402");
	assert_string_equal(g->indicator_id, "t4_reg");
	assert_string_equal(g->period, "2024");
	assert_true(isnan(g->ci_low) && isnan(g->ci_high));
	assert_int_equal(g->uncertainty, BP_NEEDS_REGISTRATION);
	assert_string_equal(g->previous_period, "2023");
	assert_near(g->change, 1, "reg change since 2023");
	assert_int_equal(g->change_significant, -1);
	assert_string_equal(g->reference_period, "2024");
	assert_near(g->gemeente_value, 10, "gemeente 2024");

	const bp_need_item *m = &r.items[2];
	assert_string_equal(m->area_code, "WK999403");
	assert_string_equal(m->indicator_id, "t4_rivm");
	assert_string_equal(m->period, "2020");
	assert_true(isnan(m->ci_low));
	assert_int_equal(m->uncertainty, BP_NEEDS_MODEL_ESTIMATE);
	assert_string_equal(m->previous_period, "2016");
	assert_near(m->change, 3, "rivm change since 2016");
	assert_int_equal(m->change_significant, -1);
	assert_string_equal(m->reference_period, "2020");
	assert_near(m->gemeente_value, 20, "gemeente 2020");
	assert_null(r.items[3].indicator_id);
	assert_null(r.items[4].indicator_id);

	/* The context figures, apart: every wijk's t4_ctx, never a flag. */
	assert_int_equal(r.n_context, 5);
	assert_string_equal(r.context[0].area_code, "WK999401");
	assert_string_equal(r.context[0].indicator_id, "t4_ctx");
	assert_near(r.context[0].value, 5.0, "context value");
	assert_near(r.context[0].gemeente_value, 1.0, "context gemeente");
	assert_int_equal(r.context[0].by_percentile + r.context[0].by_gemeente, 0);

	/* The periods read, by period then source. */
	assert_int_equal(r.n_periods, 3);
	assert_string_equal(r.periods[0].period, "2020");
	assert_string_equal(r.periods[0].source, "RIVM Gezondheidsmonitor Volwassenen en Ouderen (CBS 50090NED)");
	assert_string_equal(r.periods[1].period, "2022");
	assert_string_equal(r.periods[1].source, "Burgerpeiling 2022");
	assert_string_equal(r.periods[2].period, "2024");
	assert_string_equal(r.periods[2].source, "CBS Kerncijfers Wijken en Buurten");
	assert_int_equal(r.periods[2].n_indicators, 2);

	bp_buf text;
	bp_buf_init(&text);
	bp_needs_format_text(&r, &text);
	assert_non_null(strstr(text.data, "WK999401 WK999401: 1 | sociale-veerkracht (1): t4_surv 40.0 (2022; gemeente 30.0 (95% ci 27.0-33.0), "
	                                  "+33 % worse; not ranked: too few areas (5, at least 10); 95% ci 36.0-44.0; "
	                                  "+10.0 since 2020 (significant))\n"));
	assert_null(strstr(text.data, "t4_ctx"));
	bp_buf_reset(&text);
	bp_needs_format_csv(&r, &text);
	assert_non_null(strstr(text.data, "\"t4_surv\",40,30,0.33333333333333331,,5,0,0,1,1,\"2022\",36,44,\"survey\",\"2020\","
	                                  "30,10,1,\"GM9994\",\"Vierjaar\",\"2022\",\"\",27,33\r\n"));   /* the gemeente's 27..33 */
	assert_non_null(strstr(text.data, "\"t4_rivm\",25,20,0.25,,5,0,0,1,0,\"2020\",,,\"model_estimate\",\"2016\",22,3,,"
	                                  "\"GM9994\",\"Vierjaar\",\"2020\",\"\",,\r\n"));
	bp_buf_release(&text);
	bp_arena_free(a);
}

/*
 * compute with nothing changed: the comparisons are left as they are (a
 * marker written into one stored rank survives), and the counts are those
 * of the last build; recomputing an indicator (its computed_at moves) or
 * force rebuilds them (the marker is gone: the land rank row has its count
 * of areas again, and the value is 1890/10575 x 100).
 */
static void test_incremental(void **state)
{
	(void)state;
	bp_compare_result r1, r2, r3, r4;
	bp_error err = { 0 };
	const char *row = "indicator_id = 'aandeel_65_plus' AND area_code = 'WK082801' AND period = '2024'";
	const char *land = "reference_kind = 'land'";
	compute_file(NULL, NULL, BP_POLARITY_NEUTRAL);
	assert_int_equal(bp_compare_indicators_changed(conn, 0, &r1, &err), BP_OK);
	assert_int_equal(r1.unchanged, 0);
	assert_true(r1.rows > 0);
	assert_string_equal(q("SELECT count(*) = %ld FROM bp.indicator_comparison", r1.rows), "t");
	q("UPDATE bp.comparison_rank SET land_n = -1 WHERE %s RETURNING 1", row);

	assert_int_equal(bp_compare_indicators_changed(conn, 0, &r2, &err), BP_OK);
	assert_int_equal(r2.unchanged, 1);
	assert_int_equal(r2.rows, r1.rows);
	assert_int_equal(r2.flagged, r1.flagged);
	assert_string_equal(q("SELECT n_ranked FROM bp.indicator_comparison WHERE %s AND %s", row, land), "-1");

	compute_file(NULL, NULL, BP_POLARITY_NEUTRAL);
	assert_int_equal(bp_compare_indicators_changed(conn, 0, &r3, &err), BP_OK);
	assert_int_equal(r3.unchanged, 0);
	assert_int_equal(r3.rows, r1.rows);
	assert_string_not_equal(q("SELECT n_ranked FROM bp.indicator_comparison WHERE %s AND %s", row, land), "-1");
	assert_near(cmp_num("value", "aandeel_65_plus", "WK082801", "land", "2024"), 1890.0 / 10575.0 * 100.0, "rebuilt");

	q("UPDATE bp.comparison_rank SET land_n = -1 WHERE %s RETURNING 1", row);
	assert_int_equal(bp_compare_indicators_changed(conn, 1, &r4, &err), BP_OK);
	assert_int_equal(r4.unchanged, 0);
	assert_string_not_equal(q("SELECT n_ranked FROM bp.indicator_comparison WHERE %s AND %s", row, land), "-1");
	assert_near(cmp_num("value", "aandeel_65_plus", "WK082801", "land", "2024"), 1890.0 / 10575.0 * 100.0, "forced");
}

static int group_setup(void **state)
{
	(void)state;
	bp_statline_options opt = { .path = bp_test_fixture(FIXTURE) };
	bp_import_result res;
	bp_error err = { 0 };
	if (bp_testdb_start(&tdb))
		return -1;
	conn = tdb.db.conn;
	if (bp_import_statline_csv(conn, &opt, &res, &err)) {
		print_err("import", &err);
		return -1;
	}
	defs_arena = bp_arena_new();
	return setup_areas();
}

static int group_teardown(void **state)
{
	(void)state;
	bp_arena_free(defs_arena);
	bp_testdb_stop(&tdb);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zscore_percentile),
		cmocka_unit_test(test_null_excluded),
		cmocka_unit_test(test_decile_minimum),
		cmocka_unit_test(test_worst_decile_and_theme_counts),
		cmocka_unit_test(test_change_between_periods),
		cmocka_unit_test(test_cascade),
		cmocka_unit_test(test_kwb_differences),
		cmocka_unit_test(test_needs_oss),
		cmocka_unit_test(test_needs_two_indelingen),
		cmocka_unit_test(test_needs_own_period),
		cmocka_unit_test(test_needs_composite_scale),
		cmocka_unit_test(test_incremental),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
