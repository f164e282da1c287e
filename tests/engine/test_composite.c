/*
 * test_composite: composite indices (engine/composite.c), similar areas
 * (engine/similar.c) and the similar-areas and custom references
 * (engine/compare.c, sql/009) on a real PostgreSQL.
 *
 * A constructed case, every number worked out by hand below: gemeente
 * GM9991 with four wijken WK999101..04 (W1..W4) and NL00, period 2020.
 *   a (higher-is-worse):  W1 10, W2 20, W3 30, W4 40;  NL00 25
 *   b (higher-is-better): W1 50, W2 40, W3 30, W4 not published;  NL00 40
 *   c (neutral):          W1 1,  W2 2,  W3 3,  W4 6
 * These are the only wijken in the database, so each distribution is the four
 * (three for b).
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
#include "core/buf.h"
#include "core/fsutil.h"
#include "engine/compare.h"
#include "engine/composite.h"
#include "engine/compute.h"
#include "engine/indicator_def.h"
#include "engine/similar.h"
#include "pgtest.h"

static bp_testdb tdb;
static PGconn *conn;
static char tmpdir[256];

static void print_err(const char *what, const bp_error *err)
{
	char buf[4 * BP_ERROR_TEXT];
	bp_error_format(err, buf, sizeof(buf));
	fprintf(stderr, "%s: %s\n", what, buf);
}

#define q(...) bp_test_scalarf(conn, __VA_ARGS__)

static double num(const char *v)
{
	return v[0] ? strtod(v, NULL) : NAN;
}

static void assert_near(double got, double want, const char *what)
{
	if (!(fabs(got - want) < 1e-9))
		fail_msg("%s: got %.17g, want %.17g", what, got, want);
}

/* The composite's value for wijk w (1..4) as stored in bp.indicator_value. */
static double cval(const char *id, int w)
{
	return num(q("SELECT value FROM bp.indicator_value WHERE indicator_id = '%s' AND area_code = 'WK99910%d' "
	             "AND period = '2020'", id, w));
}

static double crank(const char *id, const char *scheme, int w)
{
	return num(q("SELECT rank FROM bp.composite_rank WHERE composite_id = '%s' AND area_code = 'WK99910%d' "
	             "AND period = '2020' AND scheme = '%s'", id, w, scheme));
}

static double cschemeval(const char *id, const char *scheme, int w)
{
	return num(q("SELECT value FROM bp.composite_rank WHERE composite_id = '%s' AND area_code = 'WK99910%d' "
	             "AND period = '2020' AND scheme = '%s'", id, w, scheme));
}

static void area(const char *code, const char *level, const char *parent, const char *gem)
{
	q("INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) "
	  "VALUES ('%s', 2024, '%s', '%s', %s%s%s, %s%s%s) ON CONFLICT DO NOTHING RETURNING 1",
	  code, level, code, parent ? "'" : "", parent ? parent : "NULL", parent ? "'" : "",
	  gem ? "'" : "", gem ? gem : "NULL", gem ? "'" : "");
}

static void indicator(const char *id, const char *polarity)
{
	q("INSERT INTO bp.indicator (id, title_nl, theme, kind, unit, decimals, polarity, definition_hash) "
	  "VALUES ('%s', '%s', 'participatie', 'ratio', '%%', 1, '%s', 'h') RETURNING 1", id, id, polarity);
}

/* v NAN: not published; den NAN: no denominator; lo NAN: no interval. */
static void value(const char *ind, const char *code, const char *period, double v, double den, double lo, double hi)
{
	char vs[64] = "NULL", ds[64] = "NULL", los[64] = "NULL", his[64] = "NULL";
	if (!isnan(v))
		snprintf(vs, sizeof(vs), "%.17g", v);
	if (!isnan(den))
		snprintf(ds, sizeof(ds), "%.17g", den);
	if (!isnan(lo)) {
		snprintf(los, sizeof(los), "%.17g", lo);
		snprintf(his, sizeof(his), "%.17g", hi);
	}
	q("INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, denominator, ci_low, "
	  "  ci_high, suppressed_reason, definition_hash, gemeente_code) "
	  "SELECT '%s', code, 2024, '%s', %s, %s, %s, %s, %s, 'h', gemeente_code FROM bp.area "
	  "WHERE code = '%s' AND indeling_year = 2024 RETURNING 1",
	  ind, period, vs, ds, los, his, isnan(v) ? "'small_denominator'" : "NULL", code);
}

/* The indicator definitions composites are resolved against (sorted by id). */
static bp_indicator_def defs[4];
static bp_indicator_set defset = { defs, 4 };

/* Write text to TMP/name.yaml, load it as a composite, compute it (force: always). */
static void composite_run(const char *name, const char *text, int force, bp_composite_result *res)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s.yaml", tmpdir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	bp_arena *a = bp_arena_new();
	bp_composite_def d;
	bp_composite_set set = { &d, 1 };
	bp_error err = { 0 };
	if (bp_composite_load_file(path, a, &d, &err) || bp_composites_resolve(&set, &defset, &err) ||
	    bp_compute_composites(conn, &set, force, res, &err)) {
		print_err(name, &err);
		bp_arena_free(a);
		fail();
	}
	bp_arena_free(a);
}

static void composite(const char *name, const char *text)
{
	bp_composite_result res;
	composite_run(name, text, 1, &res);
	assert_int_equal(res.computed, 1);
}

/* A YAML that must fail to load or resolve, with this message at this line. */
static void composite_error(const char *text, const char *want, long line)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/bad.yaml", tmpdir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	bp_arena *a = bp_arena_new();
	bp_composite_def d;
	bp_composite_set set = { &d, 1 };
	bp_error err = { 0 };
	bp_rc rc = bp_composite_load_file(path, a, &d, &err);
	if (!rc)
		rc = bp_composites_resolve(&set, &defset, &err);
	assert_int_equal(rc, BP_ERR_CONFIG);
	if (!strstr(err.message, want))
		fail_msg("message '%s' does not contain '%s'", err.message, want);
	assert_int_equal(err.line, line);
	bp_arena_free(a);
}

#define HEAD "title: t\ntheme: participatie\nsource: test\n"

/*
 * z-score, higher-is-better, weights a 2, b 1, c 1 (c counted as
 * higher-is-worse), min_coverage 0.6.  Orientation s: a -1, b +1, c -1.
 *   a' = -10,-20,-30,-40: mean -25, sd sqrt(500/4) = sqrt(125)
 *      z = 15/sqrt125 = 1.3416407864998738, 0.4472135954999579, -0.447.., -1.341..
 *   b' = 50,40,30: mean 40, sd sqrt(200/3) = 8.16496580927726
 *      z = 1.224744871391589, 0, -1.224744871391589 (W4 none)
 *   c' = -1,-2,-3,-6: mean -3, sd sqrt(14/4) = 1.8708286933869707
 *      z = 1.0690449676496976, 0.5345224838248488, 0, -1.6035674514745464
 * configured: W1 (2 x 1.34164 + 1.22474 + 1.06904) / 4 = 1.2442678530102585
 *             W2 (0.89443 + 0 + 0.53452) / 4 = 0.3572374187061912
 *             W3 (-0.89443 - 1.22474 + 0) / 4 = -0.5297930155978762
 *             W4 coverage 2/3 >= 0.6: (-2.68328 - 1.60357) / 3 = -1.4289496748247647
 *   ranks (1 = most need = lowest): W4 1, W3 2, W2 3, W1 4
 * equal: W1 3.6354306254411604/3 = 1.2118102084803868, W4 (-1.34164 - 1.60357)/2 = -1.4726041189872101
 * without:a (b 1, c 1): W1 1.1468949195206433, W2 0.2672612419124244,
 *             W3 -0.6123724356957945, W4 only c: 1/2 < 0.6, no value;
 *             ranks W3 1, W2 2, W1 3: shifts 1, 1, 1
 * without:b (a 2, c 1): W1 3.7523265406494453/3 = 1.2507755135498151, W4 -1.4289496748247647;
 *             ranks as configured: shifts 0
 * without:c (a 2, b 1): W1 3.9080264443913367/3 = 1.3026754814637789, W4 no value;
 *             ranks W3 1, W2 2, W1 3: shifts 1
 */
static void test_zscore_weights_schemes(void **state)
{
	(void)state;
	composite("zc", "id: zc\n" HEAD "polarity: higher-is-better\nnormalisation: z-score\nmin_coverage: 0.6\n"
	          "components:\n  - {indicator: a_ind, weight: 2}\n  - {indicator: b_ind}\n"
	          "  - {indicator: c_ind, polarity: higher-is-worse}\n");
	assert_near(cval("zc", 1), 1.2442678530102585, "W1");
	assert_near(cval("zc", 2), 0.3572374187061912, "W2");
	assert_near(cval("zc", 3), -0.5297930155978762, "W3");
	assert_near(cval("zc", 4), -1.4289496748247647, "W4");
	assert_near(num(q("SELECT coverage FROM bp.indicator_value WHERE indicator_id = 'zc' AND area_code = 'WK999104'")),
	            2.0 / 3.0, "coverage W4");
	assert_string_equal(q("SELECT kind FROM bp.indicator WHERE id = 'zc'"), "composite");
	/* NL00 is a reference, never a member of the distribution */
	assert_string_equal(q("SELECT count(*) FROM bp.indicator_value WHERE indicator_id = 'zc' AND area_code = 'NL00'"), "0");
	for (int w = 1; w <= 4; w++)
		assert_near(crank("zc", "configured", w), 5 - w, "rank configured");
	assert_near(cschemeval("zc", "equal", 1), 1.2118102084803868, "equal W1");
	assert_near(cschemeval("zc", "equal", 4), -1.4726041189872101, "equal W4");
	assert_near(cschemeval("zc", "without:a_ind", 1), 1.1468949195206433, "w/o a W1");
	assert_near(cschemeval("zc", "without:a_ind", 3), -0.6123724356957945, "w/o a W3");
	assert_true(isnan(cschemeval("zc", "without:a_ind", 4)));
	assert_near(cschemeval("zc", "without:b_ind", 1), 1.2507755135498151, "w/o b W1");
	assert_near(cschemeval("zc", "without:c_ind", 1), 1.3026754814637789, "w/o c W1");
	assert_near(crank("zc", "without:a_ind", 3), 1, "w/o a rank W3");
	assert_near(crank("zc", "without:a_ind", 1), 3, "w/o a rank W1");
	assert_near(num(q("SELECT n_ranked FROM bp.composite_rank WHERE composite_id = 'zc' AND scheme = 'without:c_ind' "
	                  "AND area_code = 'WK999101'")), 3, "n ranked w/o c");
	/* stability summary: areas ranked in both, |shift| median and max */
	assert_string_equal(q("SELECT string_agg(scheme || ':' || n_areas || ':' || median_abs_shift || ':' || max_abs_shift, "
	                      "' ' ORDER BY scheme) FROM bp.composite_stability WHERE composite_id = 'zc'"),
	                    "equal:4:0:0 without:a_ind:3:1:1 without:b_ind:4:0:0 without:c_ind:3:1:1");
	/* W1: configured 4, alternatives 4, 3, 4, 3 */
	assert_string_equal(q("SELECT rank_configured || ' ' || rank_min || '-' || rank_max FROM bp.composite_rank_range "
	                      "WHERE composite_id = 'zc' AND area_code = 'WK999101'"), "4 3-4");
	/* the text of `buurtpeil composites`: the summary lines and W1 (1.244 at 1 decimal) with its rank and range */
	{
		bp_buf out;
		bp_error err = { 0 };
		bp_buf_init(&out);
		if (bp_composites_report(conn, "GM9991", "wijk", &out, &err)) {
			print_err("report", &err);
			fail();
		}
		if (!strstr(out.data, "without:a_ind                    areas 3, median |shift| 1, max |shift| 1") ||
		    !strstr(out.data, "1.2  rank 4  range 3-4\n"))
			fail_msg("report:\n%s", out.data);
		bp_buf_release(&out);
	}
	/* no intervals on the components: no simulation */
	assert_string_equal(q("SELECT count(*) FROM bp.indicator_value WHERE indicator_id = 'zc' AND ci_low IS NOT NULL"), "0");
	assert_string_equal(q("SELECT string_agg(indicator_id || ':' || weight || ':' || polarity, ' ' ORDER BY position) "
	                      "FROM bp.composite_component WHERE composite_id = 'zc'"),
	                    "a_ind:2:higher-is-worse b_ind:1:higher-is-better c_ind:1:higher-is-worse");
}

/*
 * percentile, a and b weight 1, min_coverage 1 (default 0.75 is overridden).
 *   a' = -a: percent_rank ascending W4 0, W3 1/3, W2 2/3, W1 1 (x 100)
 *   b' = b: W3 0, W2 1/2, W1 1
 *   W1 (100 + 100)/2 = 100, W2 (66.666.. + 50)/2 = 58.333333333333336,
 *   W3 (33.333.. + 0)/2 = 16.666666666666668, W4 coverage 1/2 < 1: low_coverage
 */
static void test_percentile_coverage(void **state)
{
	(void)state;
	composite("pc", "id: pc\n" HEAD "polarity: higher-is-better\nnormalisation: percentile\nmin_coverage: 1\n"
	          "components: [{indicator: a_ind}, {indicator: b_ind}]\n");
	assert_near(cval("pc", 1), 100, "W1");
	assert_near(cval("pc", 2), 58.333333333333336, "W2");
	assert_near(cval("pc", 3), 16.666666666666668, "W3");
	assert_true(isnan(cval("pc", 4)));
	assert_string_equal(q("SELECT suppressed_reason FROM bp.indicator_value WHERE indicator_id = 'pc' "
	                      "AND area_code = 'WK999104'"), "low_coverage");
	assert_string_equal(q("SELECT n_ranked FROM bp.composite_rank WHERE composite_id = 'pc' AND scheme = 'configured' "
	                      "AND area_code = 'WK999101'"), "3");
}

/*
 * The scores are written in the order of composite_score_ranking_idx (level,
 * indeling, period, gemeente, area: composite_calc.c), so that its build
 * finds them sorted.  With a second period 2016 for W1..W3 the order of the
 * areas (W1 2016, W1 2020, W2 2016, ...) is not that order: 2016's three
 * wijken come first, then 2020's four.
 */
static void test_scores_in_ranking_order(void **state)
{
	(void)state;
	for (int w = 1; w <= 3; w++) {
		char code[16];
		snprintf(code, sizeof(code), "WK99910%d", w);
		value("a_ind", code, "2016", 10.0 * w + 1, NAN, NAN, NAN);
		value("b_ind", code, "2016", 50.0 - 10.0 * w, NAN, NAN, NAN);
	}
	composite("ro", "id: ro\n" HEAD "polarity: higher-is-better\nnormalisation: percentile\nmin_coverage: 0.5\n"
	          "components: [{indicator: a_ind}, {indicator: b_ind}]\n");
	assert_string_equal(q("SELECT string_agg(area_code || '/' || period, ' ' ORDER BY ctid) FROM bp.composite_score "
	                      "WHERE composite_id = 'ro'"),
	                    "WK999101/2016 WK999102/2016 WK999103/2016 "
	                    "WK999101/2020 WK999102/2020 WK999103/2020 WK999104/2020");
	q("DELETE FROM bp.indicator_value WHERE period = '2016' AND indicator_id IN ('a_ind', 'b_ind', 'ro') RETURNING 1");
}

/*
 * min-max, a higher-is-worse index (so a and c count upwards), a 1, c 3:
 *   a: (a - 10)/30 x 100 = 0, 33.33.., 66.66.., 100;  c: (c - 1)/5 x 100 = 0, 20, 40, 100
 *   W1 0, W2 (33.333.. + 60)/4 = 23.333333333333332, W3 (66.666.. + 120)/4 = 46.666666666666664, W4 100
 *   ranks: most need = highest: W4 1, W3 2, W2 3, W1 4
 */
static void test_minmax_worse(void **state)
{
	(void)state;
	composite("mm", "id: mm\n" HEAD "polarity: higher-is-worse\nnormalisation: min-max\n"
	          "components: [{indicator: a_ind, weight: 1}, {indicator: c_ind, weight: 3, polarity: higher-is-worse}]\n");
	assert_near(cval("mm", 1), 0, "W1");
	assert_near(cval("mm", 2), 23.333333333333332, "W2");
	assert_near(cval("mm", 3), 46.666666666666664, "W3");
	assert_near(cval("mm", 4), 100, "W4");
	assert_near(crank("mm", "configured", 4), 1, "rank W4");
	assert_near(crank("mm", "configured", 1), 4, "rank W1");
}

/*
 * index, 100 = NL00 in 2020, a and b weight 1, min_coverage 0.5:
 *   a (s = -1): 100 - 100 (a - 25)/25 = 160, 120, 80, 40
 *   b (s = +1): 100 + 100 (b - 40)/40 = 125, 100, 75
 *   W1 142.5, W2 110, W3 77.5, W4 (only a, coverage 1/2) 40
 */
static void test_index(void **state)
{
	(void)state;
	composite("ix", "id: ix\n" HEAD "polarity: higher-is-better\nnormalisation: index\n"
	          "index: {reference: NL00, base_period: \"2020\"}\nmin_coverage: 0.5\n"
	          "components: [{indicator: a_ind}, {indicator: b_ind}]\n");
	assert_near(cval("ix", 1), 142.5, "W1");
	assert_near(cval("ix", 2), 110, "W2");
	assert_near(cval("ix", 3), 77.5, "W3");
	assert_near(cval("ix", 4), 40, "W4");

	/* Again without force: definition and components as before, nothing rewritten
	 * (a marker in W1's value survives); a component recomputed (its computed_at
	 * moves) or another definition computes it again. */
	const char *text = "id: ix\n" HEAD "polarity: higher-is-better\nnormalisation: index\n"
	                   "index: {reference: NL00, base_period: \"2020\"}\nmin_coverage: 0.5\n"
	                   "components: [{indicator: a_ind}, {indicator: b_ind}]\n";
	bp_composite_result res;
	q("UPDATE bp.indicator_value SET value = -1 WHERE indicator_id = 'ix' AND area_code = 'WK999101' AND period = '2020' RETURNING 1");
	composite_run("ix", text, 0, &res);
	assert_int_equal(res.computed, 0);
	assert_int_equal(res.unchanged, 1);
	assert_near(cval("ix", 1), -1, "W1 untouched");
	q("UPDATE bp.indicator SET computed_at = coalesce(computed_at, now()) + interval '1 second' WHERE id = 'b_ind' "
	  "RETURNING 1");
	composite_run("ix", text, 0, &res);
	assert_int_equal(res.computed, 1);
	assert_int_equal(res.unchanged, 0);
	assert_near(cval("ix", 1), 142.5, "W1 again");
	q("UPDATE bp.indicator_value SET value = -1 WHERE indicator_id = 'ix' AND area_code = 'WK999101' AND period = '2020' RETURNING 1");
	composite_run("ix", text, 1, &res);
	assert_int_equal(res.computed, 1);
	assert_near(cval("ix", 1), 142.5, "W1 forced");
}

/*
 * exponential (IoD), higher-is-better, a and b weight 1, min_coverage 0.5.
 * Need ranks R = cume_dist by need: a (higher-is-worse) by a: W1 1/4, W2 2/4,
 * W3 3/4, W4 1; b (higher-is-better) by -b: W1 1/3, W2 2/3, W3 1.
 * X(R) = -23 ln(1 - R (1 - exp(-100/23))):
 *   X(1/4) = 6.517733263680379, X(1/2) = 15.646790072602894, X(3/4) = 31.009143532807215,
 *   X(1/3) = 9.177425077599056, X(2/3) = 24.68064330052791, X(1) = 100
 * index = 100 - mean X: W1 92.15242082936028, W2 79.83628331343459,
 *   W3 34.495428233596414, W4 100 - 100 = 0.
 * Compensation limited: W3 is the worst on b (X = 100) and middling on a, and
 * ends far below the arithmetic mean of its percentiles would put it.
 */
static void test_exponential(void **state)
{
	(void)state;
	composite("ex", "id: ex\n" HEAD "polarity: higher-is-better\nnormalisation: percentile\naggregation: exponential\n"
	          "min_coverage: 0.5\ncomponents: [{indicator: a_ind}, {indicator: b_ind}]\n");
	assert_near(cval("ex", 1), 92.15242082936028, "W1");
	assert_near(cval("ex", 2), 79.83628331343459, "W2");
	assert_near(cval("ex", 3), 34.495428233596414, "W3");
	assert_near(cval("ex", 4), 0, "W4");
}

/*
 * Simulation: d_ind (higher-is-worse) alone, with intervals of +-10 around
 * 10, 20, 30, 40 (se = 20 / 3.92 = 5.1): neighbours differ by 10, their
 * difference has se 7.2, so they swap in about 8 % of the draws.  Same seed: the same
 * intervals; another seed: others; the point value lies inside.
 */
static void test_simulation(void **state)
{
	(void)state;
	const char *yaml = "id: sim\n" HEAD "polarity: higher-is-better\nnormalisation: z-score\n"
	                   "components: [{indicator: d_ind}]\nuncertainty: {draws: 100, seed: 7}\n";
	composite("sim", yaml);
	char a1[512], a2[512];
	snprintf(a1, sizeof(a1), "%s", q("SELECT string_agg(ci_low || ':' || ci_high, ' ' ORDER BY area_code) "
	                                 "FROM bp.indicator_value WHERE indicator_id = 'sim'"));
	assert_true(strlen(a1) > 10);
	composite("sim", yaml);
	snprintf(a2, sizeof(a2), "%s", q("SELECT string_agg(ci_low || ':' || ci_high, ' ' ORDER BY area_code) "
	                                 "FROM bp.indicator_value WHERE indicator_id = 'sim'"));
	assert_string_equal(a1, a2);
	assert_string_equal(q("SELECT count(*) FROM bp.indicator_value WHERE indicator_id = 'sim' "
	                      "AND NOT (ci_low <= value AND value <= ci_high)"), "0");
	assert_string_equal(q("SELECT count(*) FROM bp.composite_rank WHERE composite_id = 'sim' AND scheme = 'configured' "
	                      "AND NOT (rank_low <= rank_high AND rank_low >= 1 AND rank_high <= 4)"), "0");
	/* the middle wijken can swap: their rank interval is wider than one place */
	assert_true(num(q("SELECT rank_high - rank_low FROM bp.composite_rank WHERE composite_id = 'sim' "
	                  "AND scheme = 'configured' AND area_code = 'WK999102'")) >= 1);
	char other[600];
	snprintf(other, sizeof(other), "%s", yaml);
	char *s = strstr(other, "seed: 7");
	s[6] = '8';
	composite("sim", other);
	snprintf(a2, sizeof(a2), "%s", q("SELECT string_agg(ci_low || ':' || ci_high, ' ' ORDER BY area_code) "
	                                 "FROM bp.indicator_value WHERE indicator_id = 'sim'"));
	assert_string_not_equal(a1, a2);
}

/*
 * The draws themselves: d_ind alone, normalisation index against W1 (10,
 * not drawn), so a draw's composite is 100 + 100 (x - 10) / 10 of the drawn
 * value x = value + se z, z = Box-Muller over
 * hashtextextended('area/period/component/draw', seed) (composite.c).  With
 * two draws the interval is PostgreSQL's percentile_cont over the two.
 * Expected here in SQL from the formula, independently of the C code.
 */
static void test_simulation_draws(void **state)
{
	(void)state;
	composite("sd", "id: sd\n" HEAD "polarity: higher-is-worse\nnormalisation: index\n"
	          "index: {reference: WK999101}\ncomponents: [{indicator: d_ind}]\nuncertainty: {draws: 2, seed: 3}\n");
	for (int w = 1; w <= 4; w++) {
		double expect_lo = num(q(
			"WITH h AS (SELECT d, hashtextextended('WK99910%d/2020/1/' || d, 3) AS h FROM generate_series(1, 2) d), "
			"x AS (SELECT 100 + 100 * ((%d + (20 / (2 * 1.959963984540054)) "
			"      * sqrt(-2 * ln(((h >> 32) & 4294967295)::float8 / 4294967296.0 + 0.5 / 4294967296.0)) "
			"      * cos(2 * pi() * ((h & 4294967295)::float8 + 0.5) / 4294967296.0)) - 10) / 10 AS v FROM h) "
			"SELECT percentile_cont(0.025) WITHIN GROUP (ORDER BY v) FROM x", w, 10 * w));
		double expect_hi = num(q(
			"WITH h AS (SELECT d, hashtextextended('WK99910%d/2020/1/' || d, 3) AS h FROM generate_series(1, 2) d), "
			"x AS (SELECT 100 + 100 * ((%d + (20 / (2 * 1.959963984540054)) "
			"      * sqrt(-2 * ln(((h >> 32) & 4294967295)::float8 / 4294967296.0 + 0.5 / 4294967296.0)) "
			"      * cos(2 * pi() * ((h & 4294967295)::float8 + 0.5) / 4294967296.0)) - 10) / 10 AS v FROM h) "
			"SELECT percentile_cont(0.975) WITHIN GROUP (ORDER BY v) FROM x", w, 10 * w));
		double lo = num(q("SELECT ci_low FROM bp.indicator_value WHERE indicator_id = 'sd' AND area_code = 'WK99910%d'", w));
		double hi = num(q("SELECT ci_high FROM bp.indicator_value WHERE indicator_id = 'sd' AND area_code = 'WK99910%d'", w));
		assert_true(fabs(lo - expect_lo) <= 1e-9 * fabs(expect_lo));
		assert_true(fabs(hi - expect_hi) <= 1e-9 * fabs(expect_hi));
		assert_true(lo < hi);
		assert_near(cval("sd", w), 10.0 * 10 * w, "point value");
	}
}

static void test_config_errors(void **state)
{
	(void)state;
	composite_error("id: e1\n" HEAD "polarity: higher-is-better\ncomponents:\n  - {indicator: nope}\n",
	                "unknown indicator 'nope'", 7);
	composite_error("id: e2\n" HEAD "polarity: higher-is-better\ncomponents:\n  - {indicator: c_ind}\n",
	                "is neutral", 7);
	composite_error("id: e3\n" HEAD "polarity: higher-is-better\naggregation: exponential\n"
	                "components: [{indicator: a_ind}]\n", "needs normalisation: percentile", 6);
	composite_error("id: e4\n" HEAD "polarity: neutral\ncomponents: [{indicator: a_ind}]\n", "needs a direction", 5);
	composite_error("id: e5\n" HEAD "polarity: higher-is-better\ncomponents: [{indicator: a_ind, wieght: 1}]\n",
	                "unknown key 'wieght'", 6);
}

/*
 * Nearest rows by root mean squared difference over shared columns:
 *   r0 (0, 0, 0), r1 (1, 0, 0), r2 (0, 2, 0), r3 (3, NAN, 0), r4 (0, 0, 0.5)
 * from r0: r1 sqrt(1/3) = 0.57735026918962573, r2 sqrt(4/3) = 1.1547005383792515,
 *          r3 over 2 columns sqrt(9/2) = 2.1213203435596424, r4 sqrt(0.25/3) = 0.28867513459481287
 *   nearest first: r4, r1, r2 (k = 3); with min_shared 3, r3 is never a candidate.
 */
static void test_nearest(void **state)
{
	(void)state;
	const double m[] = { 0, 0, 0, 1, 0, 0, 0, 2, 0, 3, NAN, 0, 0, 0, 0.5 };
	size_t idx[4], sh[4];
	double d[4];
	size_t n = bp_similar_nearest(m, 5, 3, 0, 3, 2, idx, d, sh);
	assert_int_equal(n, 3);
	assert_int_equal(idx[0], 4);
	assert_near(d[0], 0.28867513459481287, "r4");
	assert_int_equal(idx[1], 1);
	assert_near(d[1], 0.57735026918962573, "r1");
	assert_int_equal(idx[2], 2);
	assert_near(d[2], 1.1547005383792515, "r2");
	n = bp_similar_nearest(m, 5, 3, 0, 4, 2, idx, d, sh);
	assert_int_equal(n, 4);
	assert_int_equal(idx[3], 3);
	assert_near(d[3], 2.1213203435596424, "r3 over 2");
	assert_int_equal(sh[3], 2);
	n = bp_similar_nearest(m, 5, 3, 0, 4, 3, idx, d, sh);
	assert_int_equal(n, 3);
	/* ties: the lower index first (r1 and r5 both at distance 1/sqrt3) */
	const double t[] = { 0, 0, 0, 0, 0, 1, 0, 1, 0 };
	n = bp_similar_nearest(t, 3, 3, 0, 1, 1, idx, d, sh);
	assert_int_equal(idx[0], 1);
}

/*
 * bp_similar_nearest_all on the n x p rows of m (k at most 10, min_shared
 * 3) against the per-row search: every list the per-row list, index for
 * index and bit for bit.  Returns the ties within the lists.
 */
static size_t check_nearest_all(const double *m, size_t n, size_t p, size_t k)
{
	size_t *idx = malloc(n * k * sizeof(*idx)), *sh = malloc(n * k * sizeof(*sh)), *found = malloc(n * sizeof(*found));
	double *d = malloc(n * k * sizeof(*d));
	assert_true(idx && sh && found && d && k <= 10);
	size_t ties = 0;
	/* as it chooses (0), through the k-d tree (1), every pair (2): each time the per-row lists */
	for (int how = 0; how < 3; how++) {
		bp_similar_nearest_all_by(m, n, p, k, 3, idx, d, sh, found, how);
		ties = 0;
		for (size_t i = 0; i < n; i++) {
			size_t ri[10], rs[10];
			double rd[10];
			size_t got = bp_similar_nearest(m, n, p, i, k, 3, ri, rd, rs);
			assert_int_equal(found[i], got);
			for (size_t t = 0; t < got; t++) {
				assert_int_equal(idx[i * k + t], ri[t]);
				assert_memory_equal(&d[i * k + t], &rd[t], sizeof(double));
				assert_int_equal(sh[i * k + t], rs[t]);
				ties += t > 0 && rd[t] == rd[t - 1];
			}
		}
	}
	free(idx);
	free(sh);
	free(found);
	free(d);
	return ties;
}

/* The next number of a fixed linear congruential sequence (the tests' data, the same every run). */
static unsigned long lcg_next(unsigned long *x)
{
	*x = (*x * 1103515245UL + 12345UL) % 2147483648UL;
	return *x;
}

/*
 * All rows at once (each way, check_nearest_all) against the per-row search on
 * 300 rows of 5 columns: values from a fixed linear congruential sequence
 * on a coarse grid (0, 0.5, ..., 2: many exact ties), about one value in
 * seven missing; k = 7.
 */
static void test_nearest_all(void **state)
{
	(void)state;
	enum { N = 300, P = 5 };
	static double m[N * P];
	unsigned long x = 12345;
	for (size_t i = 0; i < N * P; i++) {
		lcg_next(&x);
		m[i] = (x >> 8) % 7 == 0 ? NAN : (double)((x >> 12) % 5) / 2;
	}
	assert_true(check_nearest_all(m, N, P, 7) > 100); /* the case the order of candidates matters for */
}

/*
 * The same on 400 rows of 11 columns (the similar areas' width) with
 * continuous values, about one in nine missing and every fifth row
 * complete; k = 10: the pairs left once their partial sum is past both
 * lists' thresholds (similar.c) must leave every list as the per-row
 * search has it.  The first rows are far from the rest, so lists fill
 * with far candidates first and tighten later.
 */
static void test_nearest_all_wide(void **state)
{
	(void)state;
	enum { N = 400, P = 11 };
	static double m[N * P];
	unsigned long x = 777;
	for (size_t i = 0; i < N * P; i++) {
		lcg_next(&x);
		double v = (double)(x >> 8) / 8388608.0 + (i < 20 * P ? 50 : 0);
		m[i] = (i / P) % 5 != 0 && (x >> 4) % 9 == 0 ? NAN : v;
	}
	check_nearest_all(m, N, P, 10);
}

/*
 * A column missing in every row (an export without incomes) and no other
 * value missing: every row is full over the rest, so every list comes from
 * the full rows' search (similar.c, scan_full: the k-d tree or every pair;
 * check_nearest_all tries both).  Values on the coarse grid of
 * test_nearest_all (many exact ties on a column and in distance), 500 rows
 * of 6 columns, k = 10, and 9 rows with k larger than the rows (lists
 * never fill: nothing is left).
 */
static void test_nearest_all_dead_column(void **state)
{
	(void)state;
	enum { N = 500, P = 6 };
	static double m[N * P];
	unsigned long x = 4242;
	for (size_t i = 0; i < N * P; i++)
		m[i] = i % P == 2 ? NAN : (double)((lcg_next(&x) >> 12) % 5) / 2;
	assert_true(check_nearest_all(m, N, P, 10) > 100);
	check_nearest_all(m, 9, P, 10);
}

/*
 * Similar areas from KWB-like observations: four wijken whose baseline
 * differs only in the share 65+ (and so in 45-65): W1 and W2 alike, W3 and
 * W4 alike; with k = 1 each gets its pair.  The reference over the similar
 * areas: ratio e_ind with denominators pools, b_ind without them averages.
 */
static void test_similar_and_custom_reference(void **state)
{
	(void)state;
	q("INSERT INTO bp.source (publisher, table_id, title, location, checksum, licence, importer) "
	  "VALUES ('test', 't', 't', 't', 'x', 'CC BY 4.0', 'test') RETURNING 1");
	/* W3 and W4 also have one more child, young person, single-person household,
	 * household without children and a larger household size: seven variables
	 * with a spread (those without one have no z and are not shared). */
	const double p65[] = { 10, 11, 30, 31 };
	const char *fixed[][2] = { { "k_0Tot15Jaar", "15" }, { "k_15Tot25Jaar", "10" }, { "k_25Tot45Jaar", "25" },
	                           { "HuishoudensTotaal", "50" }, { "Eenpersoonshuishoudens", "20" },
	                           { "HuishoudensZonderKinderen", "15" }, { "HuishoudensMetKinderen", "15" },
	                           { "GemiddeldeHuishoudensgrootte", "2" } };
	const int spread[] = { 1, 1, 0, 0, 1, 1, 0, 1 };
	for (int w = 1; w <= 4; w++) {
		q("INSERT INTO bp.observation (variable_code, area_code, indeling_year, period, source_id, value, status, "
		  "gemeente_code) SELECT v, 'WK99910%d', 2024, '2024', (SELECT max(id) FROM bp.source), x, 'ok', 'GM9991' "
		  "FROM (VALUES ('AantalInwoners', 100), ('k_65JaarOfOuder', %g), ('k_45Tot65Jaar', %g)) t(v, x) RETURNING 1",
		  w, p65[w - 1], 50 - p65[w - 1]);
		for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
			q("INSERT INTO bp.observation (variable_code, area_code, indeling_year, period, source_id, value, status, "
			  "gemeente_code) VALUES ('%s', 'WK99910%d', 2024, '2024', (SELECT max(id) FROM bp.source), %s + %d, 'ok', "
			  "'GM9991') RETURNING 1", fixed[i][0], w, fixed[i][1], w >= 3 ? spread[i] : 0);
	}
	bp_similar_result sr;
	bp_error err = { 0 };
	if (bp_similar_areas_build(conn, 1, 0, &sr, &err)) {
		print_err("similar", &err);
		fail();
	}
	assert_int_equal(sr.rows, 4);
	assert_string_equal(q("SELECT string_agg(area_code || '>' || similar_code, ' ' ORDER BY area_code) "
	                      "FROM bp.similar_area"),
	                    "WK999101>WK999102 WK999102>WK999101 WK999103>WK999104 WK999104>WK999103");
	/* unchanged baseline: nothing rebuilt */
	assert_int_equal(bp_similar_areas_build(conn, 1, 0, &sr, &err), BP_OK);
	assert_int_equal(sr.unchanged, 1);

	/* A newer vintage restates W1 as W4 was and W4 as W1 was (every variable,
	 * same period): the newest wins (the baseline reads variables of two
	 * sources through observation_current), so W1 is now like W3 and W4
	 * like W2.  Then it goes again, and the pairs are those above. */
	q("INSERT INTO bp.source (publisher, table_id, title, location, checksum, licence, importer) "
	  "VALUES ('test', 't2', 't2', 't2', 'y', 'CC BY 4.0', 'test') RETURNING 1");
	q("INSERT INTO bp.observation (variable_code, area_code, indeling_year, period, source_id, value, status, "
	  "gemeente_code) SELECT o.variable_code, CASE o.area_code WHEN 'WK999101' THEN 'WK999104' ELSE 'WK999101' END, "
	  "2024, '2024', (SELECT max(id) FROM bp.source), o.value, 'ok', 'GM9991' FROM bp.observation o "
	  "WHERE o.area_code IN ('WK999101', 'WK999104') RETURNING 1");
	if (bp_similar_areas_build(conn, 1, 0, &sr, &err)) {
		print_err("similar, newer vintage", &err);
		fail();
	}
	assert_string_equal(q("SELECT string_agg(area_code || '>' || similar_code, ' ' ORDER BY area_code) "
	                      "FROM bp.similar_area"),
	                    "WK999101>WK999103 WK999102>WK999104 WK999103>WK999101 WK999104>WK999102");
	q("DELETE FROM bp.observation WHERE source_id = (SELECT max(id) FROM bp.source) RETURNING 1");
	q("DELETE FROM bp.source WHERE id = (SELECT max(id) FROM bp.source) RETURNING 1");
	if (bp_similar_areas_build(conn, 1, 0, &sr, &err)) {
		print_err("similar, vintage gone", &err);
		fail();
	}
	assert_string_equal(q("SELECT string_agg(area_code || '>' || similar_code, ' ' ORDER BY area_code) "
	                      "FROM bp.similar_area"),
	                    "WK999101>WK999102 WK999102>WK999101 WK999103>WK999104 WK999104>WK999103");

	/* e_ind, a ratio: W1 10 % of 200, W2 20 % of 50.  W1's reference = W2 alone: 20;
	 * W2's = W1: 10.  Pool of two for a check of the weighting: see W3/W4 below. */
	indicator("e_ind", "higher-is-worse");
	value("e_ind", "WK999101", "2020", 10, 200, NAN, NAN);
	value("e_ind", "WK999102", "2020", 20, 50, NAN, NAN);
	value("e_ind", "WK999103", "2020", 30, 100, NAN, NAN);
	value("e_ind", "WK999104", "2020", 40, 300, NAN, NAN);
	/* k = 2 by hand: W1's similar areas W2 and W4: pooled (20 x 50 + 40 x 300) / 350 = 13000/350 */
	q("INSERT INTO bp.similar_area (area_code, indeling_year, rank, similar_code, distance, n_variables, level, "
	  "gemeente_code) VALUES ('WK999101', 2024, 2, 'WK999104', 1, 9, 'wijk', 'GM9991') RETURNING 1");
	bp_compare_result cr;
	const char *scopes[] = { NULL, "GM9991" };
	const char *codes[] = { "NL00", "WK999103" };
	if (bp_custom_references_store(conn, scopes, codes, 2, &err) || bp_compare_indicators(conn, &cr, &err)) {
		print_err("compare", &err);
		fail();
	}
	assert_near(num(q("SELECT reference_value FROM bp.indicator_comparison WHERE indicator_id = 'e_ind' "
	                  "AND area_code = 'WK999101' AND reference_kind = 'similar_areas'")), 13000.0 / 350.0, "pooled");
	assert_string_equal(q("SELECT reference_method || ' ' || reference_n || ' ' || reference_code FROM "
	                      "bp.indicator_comparison WHERE indicator_id = 'e_ind' AND area_code = 'WK999101' "
	                      "AND reference_kind = 'similar_areas'"), "pooled 2 WK999101");
	/* b_ind has no denominators: the mean.  W1's similar: W2 40 and W4 not published -> 40, n 1 */
	assert_string_equal(q("SELECT reference_value || ' ' || reference_method || ' ' || reference_n FROM "
	                      "bp.indicator_comparison WHERE indicator_id = 'b_ind' AND area_code = 'WK999101' "
	                      "AND reference_kind = 'similar_areas'"), "40 mean 1");
	/* custom reference: the gemeente's own choice (WK999103) beats '*' (NL00); not for W3 itself */
	assert_string_equal(q("SELECT reference_code || ' ' || difference FROM bp.indicator_comparison WHERE "
	                      "indicator_id = 'e_ind' AND area_code = 'WK999101' AND reference_kind = 'custom'"),
	                    "WK999103 -20");
	assert_string_equal(q("SELECT count(*) FROM bp.indicator_comparison WHERE area_code = 'WK999103' "
	                      "AND reference_kind = 'custom'"), "0");
	/* a (no gemeente scope) area: NL00 itself is its own '*' reference and gets none */
	assert_string_equal(q("SELECT count(*) FROM bp.indicator_comparison WHERE area_code = 'NL00' "
	                      "AND reference_kind = 'custom'"), "0");
	const char *bad[] = { "GM0000" };
	assert_int_equal(bp_custom_references_store(conn, scopes, bad, 1, &err), BP_ERR_NOT_FOUND);
	assert_string_equal(q("SELECT count(*) FROM bp.custom_reference"), "2");
}

/*
 * Deleting an area takes its similar-area rows with it, both as the area and
 * as someone's similar area (a statement trigger since sql/013, the foreign
 * keys before); the other rows stay.
 */
static void test_similar_cascade(void **state)
{
	(void)state;
	q("INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) "
	  "SELECT 'WK999199', indeling_year, level, 'Weg', parent_code, gemeente_code FROM bp.area "
	  "WHERE code = 'WK999101' RETURNING 1");
	q("INSERT INTO bp.similar_area (area_code, indeling_year, rank, similar_code, distance, n_variables, level) "
	  "SELECT x.a, indeling_year, 99, x.b, 1, 1, 'wijk' FROM bp.area, "
	  "(VALUES ('WK999101', 'WK999199'), ('WK999199', 'WK999101')) x(a, b) WHERE code = 'WK999101' RETURNING 1");
	const char *before = q("SELECT count(*) - 2 FROM bp.similar_area");
	char want[32];
	snprintf(want, sizeof(want), "%s", before);
	q("DELETE FROM bp.area WHERE code = 'WK999199' RETURNING 1");
	assert_string_equal(q("SELECT count(*) FROM bp.similar_area WHERE area_code = 'WK999199' "
	                      "OR similar_code = 'WK999199'"), "0");
	assert_string_equal(q("SELECT count(*) FROM bp.similar_area"), want);
}

/* A component value a crosswalk carried into CU<n> (indeling 2024, period 2016, from indeling 2020). */
static void translated(const char *ind, const char *code, double v)
{
	q("INSERT INTO bp.indicator_value_translated (indicator_id, area_code, indeling_year, period, "
	  "  from_indeling_year, crosswalk_id, method, value, n_contributors, note, gemeente_code) "
	  "SELECT '%s', '%s', 2024, '2016', 2020, id, 'weighted_mean', %.17g, 1, 'omgerekend van indeling 2020', "
	  "       'GM9991' FROM bp.crosswalk RETURNING 1", ind, code, v);
}

static double tval(const char *area, const char *col)
{
	return num(q("SELECT %s FROM bp.indicator_value_translated WHERE indicator_id = 'tx' AND area_code = '%s' "
	             "AND period = '2016'", col, area));
}

/*
 * Composites over translated component values (issue 22): custom areas
 * CUt1..CUt4 of indeling 2024, period 2016.  min-max, higher-is-better,
 * a (higher-is-worse, s = -1) and b (higher-is-better), weights 1.
 *   CUt1 a 10 translated, b 50 translated
 *   CUt2 a 20 translated, b 40 native (and 999 translated: native wins)
 *   CUt3 a 30 translated, b 35 translated
 *   CUt4 a 100, b 100 both native
 * CUt1..3 are built from a translated value: normalised and ranked among
 * themselves, never with the native CUt4.
 *   a' = -10, -20, -30: min-max 100, 50, 0;  b' = 50, 40, 35: 100, 33.33.., 0
 *   CUt1 (100 + 100)/2 = 100, CUt2 (50 + 100/3)/2 = 41.666666666666664, CUt3 0
 *   ranks (1 = lowest): CUt3 1, CUt2 2, CUt1 3 of 3
 * CUt4 alone among the native: max = min on each, so it cannot be normalised:
 * no value (too_few_to_normalise), no rank (min-max would say 50).
 * Had native not won, CUt2's b would be 999 (b': CUt2 100, CUt1 2.06..): CUt2 75;
 * had the translated been normalised with CUt4, CUt1 would be 100 only on b.
 */
static void test_translated_components(void **state)
{
	(void)state;
	q("INSERT INTO bp.crosswalk (level, from_year, to_year, method, tolerance, from_source_ids, to_source_ids, "
	  "  n_from, n_to, n_identical, n_unmatched) VALUES ('wijk', 2020, 2024, 'area', 0.001, '{}', '{}', 0, 0, 0, 0) "
	  "RETURNING 1");
	for (int i = 1; i <= 4; i++) {
		char code[16];
		snprintf(code, sizeof(code), "CUt%d", i);
		area(code, "custom", "GM9991", "GM9991");
	}
	translated("a_ind", "CUt1", 10);
	translated("b_ind", "CUt1", 50);
	translated("a_ind", "CUt2", 20);
	value("b_ind", "CUt2", "2016", 40, NAN, NAN, NAN);
	translated("b_ind", "CUt2", 999);
	translated("a_ind", "CUt3", 30);
	translated("b_ind", "CUt3", 35);
	value("a_ind", "CUt4", "2016", 100, NAN, NAN, NAN);
	value("b_ind", "CUt4", "2016", 100, NAN, NAN, NAN);
	composite("tx", "id: tx\n" HEAD "polarity: higher-is-better\nnormalisation: min-max\n"
	          "components: [{indicator: a_ind}, {indicator: b_ind}]\n");
	assert_near(tval("CUt1", "value"), 100, "CUt1");
	assert_near(tval("CUt2", "value"), 41.666666666666664, "CUt2");
	assert_near(tval("CUt3", "value"), 0, "CUt3");
	/* stored as translated values, with the components' note; none as native */
	assert_string_equal(q("SELECT string_agg(area_code || ':' || method || ':' || from_indeling_year || ':' || "
	                      "n_contributors || ':' || note || ':' || (crosswalk_id IS NULL), ' ' ORDER BY area_code) "
	                      "FROM bp.indicator_value_translated WHERE indicator_id = 'tx'"),
	                    "CUt1:composite:2020:2:omgerekend van indeling 2020:true "
	                    "CUt2:composite:2020:1:omgerekend van indeling 2020:true "
	                    "CUt3:composite:2020:2:omgerekend van indeling 2020:true");
	assert_string_equal(q("SELECT string_agg(area_code || ':' || coalesce(value::text, '-') || ':' || suppressed_reason, "
	                      "' ' ORDER BY area_code) FROM bp.indicator_value "
	                      "WHERE indicator_id = 'tx' AND period = '2016'"), "CUt4:-:too_few_to_normalise");
	/* ranks among the translated only; the native one alone, so not ranked */
	assert_string_equal(q("SELECT string_agg(area_code || ':' || coalesce(rank::text, '-') || '/' || n_ranked || ':' || "
	                      "coalesce(note, '-'), ' ' ORDER BY area_code) FROM bp.composite_rank WHERE composite_id = 'tx' "
	                      "AND scheme = 'configured' AND period = '2016'"),
	                    "CUt1:3/3:omgerekend van indeling 2020 CUt2:2/3:omgerekend van indeling 2020 "
	                    "CUt3:1/3:omgerekend van indeling 2020 CUt4:-/0:-");
	assert_string_equal(q("SELECT note FROM bp.composite_rank_range WHERE composite_id = 'tx' AND area_code = 'CUt2'"),
	                    "omgerekend van indeling 2020");
	/* every output that reads values through bp.indicator_value_shown says so */
	assert_string_equal(q("SELECT origin || ':' || note FROM bp.indicator_value_shown WHERE indicator_id = 'tx' "
	                      "AND area_code = 'CUt2' AND shown_year = 2024"), "translated:omgerekend van indeling 2020");
	/* the wijken's composite of 2020 is as it was: native, not moved */
	assert_string_equal(q("SELECT count(*) FROM bp.indicator_value WHERE indicator_id = 'tx' AND period = '2020'"), "4");
	/* unchanged inputs: nothing to do, the translated values stay */
	bp_composite_result res;
	composite_run("tx", "id: tx\n" HEAD "polarity: higher-is-better\nnormalisation: min-max\n"
	              "components: [{indicator: a_ind}, {indicator: b_ind}]\n", 0, &res);
	assert_int_equal(res.unchanged, 1);
	assert_near(tval("CUt2", "value"), 41.666666666666664, "CUt2 kept");
	/* a crosswalk built again is a new input: computed again */
	q("UPDATE bp.crosswalk SET built_at = built_at + interval '1 second' RETURNING 1");
	composite_run("tx", "id: tx\n" HEAD "polarity: higher-is-better\nnormalisation: min-max\n"
	              "components: [{indicator: a_ind}, {indicator: b_ind}]\n", 0, &res);
	assert_int_equal(res.computed, 1);
	/* leave the other tests' database as it was */
	q("DELETE FROM bp.crosswalk RETURNING 1");
	q("DELETE FROM bp.indicator_value WHERE area_code LIKE 'CUt%%' RETURNING 1");
	q("DELETE FROM bp.composite_score WHERE area_code LIKE 'CUt%%' RETURNING 1");
}

/* "value:reason:rank/n_ranked" of composite id for area code, period 2030 ("-" for NULL). */
static const char *flat_row(const char *id, const char *code)
{
	return q("SELECT coalesce(round(v.value::numeric, 12)::text, '-') || ':' || coalesce(v.suppressed_reason, '-') "
	         "  || ':' || coalesce(v.ci_low::text, '-') || ':' || coalesce(r.rank::text, '-') || '/' || r.n_ranked "
	         "FROM bp.indicator_value v JOIN bp.composite_rank r ON r.composite_id = v.indicator_id "
	         " AND r.area_code = v.area_code AND r.period = v.period AND r.scheme = 'configured' "
	         "WHERE v.indicator_id = '%s' AND v.area_code = '%s' AND v.period = '2030'", id, code);
}

/*
 * A normalisation over the other areas says nothing where there are none,
 * or where they are all alike (composite.c "flat").  Period 2030, worked
 * out by hand; index higher-is-better, a_ind (higher-is-worse: s = -1) and
 * b_ind (s = +1), weights 1, min_coverage 0.5:
 *   a_ind: W1..W4 5 (all alike: flat);  CUf1 7;  NL00 10
 *   b_ind: W1 1, W2 2, W3 3, W4 none;   CUf1 9;  NL00 2
 * CUf1 is the only custom area: alone in its level (as a monitor's one
 * custom area is).
 * z-score: a' flat (0 each); b' = 1, 2, 3: mean 2, sd sqrt(2/3), z = -1.2247448713915890, 0, 1.2247448713915890
 *   W1 (0 - 1.2247..)/2 = -0.612372435696, W2 0, W3 0.612372435696: one flat component of two
 *   leaves a value (the other says how the areas differ), ranks 1, 2, 3 of 3;
 *   W4: its only component (a) flat: no value, too_few_to_normalise, no interval, no rank;
 *   CUf1: both components alone in their level: the same (z-score would say 0).
 * min_coverage 0.75 instead: W4 covers 1/2, low_coverage comes first.
 * min-max: a flat 50; b 0, 50, 100: W1 25, W2 50, W3 75; W4, CUf1 none (min-max would say 50).
 * index (NL00, same period) compares with the reference, never flat:
 *   a: 100 - 100 (x - 10)/10: W 150, CUf1 130;  b: 100 + 100 (x - 2)/2: W1 50, W2 100, W3 150, CUf1 450
 *   W1 100, W2 125, W3 150, W4 150 (a only, coverage 1/2), CUf1 290 (rank 1 of 1).
 */
/*
 * A composite of a synthetic component's value is synthetic (bp.indicator_value.synthetic, which the
 * pages and the needs overview label): WK999101 and WK999102 have a synthetic b_ind in 2031, WK999103
 * and WK999104 none.
 */
static void test_synthetic(void **state)
{
	(void)state;
	for (int w = 1; w <= 4; w++) {
		char code[16];
		snprintf(code, sizeof(code), "WK99910%d", w);
		value("a_ind", code, "2031", w, NAN, NAN, NAN);
		value("b_ind", code, "2031", 10 - w, NAN, NAN, NAN);
	}
	q("UPDATE bp.indicator_value SET synthetic = true WHERE indicator_id = 'b_ind' AND period = '2031' "
	  "AND area_code IN ('WK999101', 'WK999102') RETURNING 1");
	composite("sy", "id: sy\n" HEAD "polarity: higher-is-better\nnormalisation: min-max\n"
	          "components: [{indicator: a_ind}, {indicator: b_ind}]\n");
	assert_string_equal(q("SELECT string_agg(area_code || ':' || synthetic, ',' ORDER BY area_code) "
	                      "FROM bp.indicator_value WHERE indicator_id = 'sy' AND period = '2031'"),
	                    "WK999101:true,WK999102:true,WK999103:false,WK999104:false");
	q("DELETE FROM bp.indicator_value WHERE period = '2031' RETURNING 1");
	q("DELETE FROM bp.composite_score WHERE period = '2031' RETURNING 1");
}

static void test_flat(void **state)
{
	(void)state;
	area("CUf1", "custom", "GM9991", "GM9991");
	const double b[] = { 1, 2, 3 };
	for (int w = 1; w <= 4; w++) {
		char code[16];
		snprintf(code, sizeof(code), "WK99910%d", w);
		value("a_ind", code, "2030", 5, NAN, NAN, NAN);
		if (w <= 3)
			value("b_ind", code, "2030", b[w - 1], NAN, NAN, NAN);
	}
	value("a_ind", "CUf1", "2030", 7, NAN, NAN, NAN);
	value("b_ind", "CUf1", "2030", 9, NAN, NAN, NAN);
	value("a_ind", "NL00", "2030", 10, NAN, NAN, NAN);
	value("b_ind", "NL00", "2030", 2, NAN, NAN, NAN);
#define FLAT_DEF(id, rest) "id: " id "\n" HEAD "polarity: higher-is-better\n" rest \
	"components: [{indicator: a_ind}, {indicator: b_ind}]\n"
	composite("fz", FLAT_DEF("fz", "normalisation: z-score\nmin_coverage: 0.5\n"));
	assert_string_equal(flat_row("fz", "WK999101"), "-0.612372435696:-:-:1/3");
	assert_string_equal(flat_row("fz", "WK999102"), "0.000000000000:-:-:2/3");
	assert_string_equal(flat_row("fz", "WK999103"), "0.612372435696:-:-:3/3");
	assert_string_equal(flat_row("fz", "WK999104"), "-:too_few_to_normalise:-:-/3");
	assert_string_equal(flat_row("fz", "CUf1"), "-:too_few_to_normalise:-:-/0");
	assert_string_equal(bp_suppressed_reason_nl("too_few_to_normalise"),
	                    "te weinig gebieden met verschillende waarden om te normaliseren");
	composite("fz", FLAT_DEF("fz", "normalisation: z-score\nmin_coverage: 0.75\n"));
	assert_string_equal(flat_row("fz", "WK999104"), "-:low_coverage:-:-/3");
	composite("fm", FLAT_DEF("fm", "normalisation: min-max\nmin_coverage: 0.5\n"));
	assert_string_equal(flat_row("fm", "WK999101"), "25.000000000000:-:-:1/3");
	assert_string_equal(flat_row("fm", "WK999103"), "75.000000000000:-:-:3/3");
	assert_string_equal(flat_row("fm", "WK999104"), "-:too_few_to_normalise:-:-/3");
	assert_string_equal(flat_row("fm", "CUf1"), "-:too_few_to_normalise:-:-/0");
	composite("fi", FLAT_DEF("fi", "normalisation: index\nmin_coverage: 0.5\n"));
	assert_string_equal(flat_row("fi", "WK999101"), "100.000000000000:-:-:1/4");
	assert_string_equal(flat_row("fi", "WK999102"), "125.000000000000:-:-:2/4");
	assert_string_equal(flat_row("fi", "WK999104"), "150.000000000000:-:-:3/4");
	assert_string_equal(flat_row("fi", "CUf1"), "290.000000000000:-:-:1/1");
#undef FLAT_DEF
	q("DELETE FROM bp.indicator_value WHERE period = '2030' RETURNING 1");
	q("DELETE FROM bp.composite_score WHERE period = '2030' RETURNING 1");
	q("DELETE FROM bp.area WHERE code = 'CUf1' RETURNING 1");
}

static int group_setup(void **state)
{
	(void)state;
	if (bp_testdb_start(&tdb))
		return -1;
	conn = tdb.db.conn;
	bp_test_tmpdir(tmpdir, sizeof(tmpdir));
	area("NL00", "land", NULL, NULL);
	area("GM9991", "gemeente", NULL, "GM9991");
	for (int w = 1; w <= 4; w++) {
		char code[16];
		snprintf(code, sizeof(code), "WK99910%d", w);
		area(code, "wijk", "GM9991", "GM9991");
	}
	indicator("a_ind", "higher-is-worse");
	indicator("b_ind", "higher-is-better");
	indicator("c_ind", "neutral");
	indicator("d_ind", "higher-is-worse");
	const double a[] = { 10, 20, 30, 40 }, b[] = { 50, 40, 30, NAN }, c[] = { 1, 2, 3, 6 };
	for (int w = 1; w <= 4; w++) {
		char code[16];
		snprintf(code, sizeof(code), "WK99910%d", w);
		value("a_ind", code, "2020", a[w - 1], NAN, NAN, NAN);
		value("b_ind", code, "2020", b[w - 1], NAN, NAN, NAN);
		value("c_ind", code, "2020", c[w - 1], NAN, NAN, NAN);
		value("d_ind", code, "2020", a[w - 1], NAN, a[w - 1] - 10, a[w - 1] + 10);
	}
	value("a_ind", "NL00", "2020", 25, NAN, NAN, NAN);
	value("b_ind", "NL00", "2020", 40, NAN, NAN, NAN);
	const char *ids[] = { "a_ind", "b_ind", "c_ind", "d_ind" };
	const bp_polarity pol[] = { BP_POLARITY_HIGHER_IS_WORSE, BP_POLARITY_HIGHER_IS_BETTER, BP_POLARITY_NEUTRAL,
	                            BP_POLARITY_HIGHER_IS_WORSE };
	for (int i = 0; i < 4; i++) {
		memset(&defs[i], 0, sizeof(defs[i]));
		defs[i].id = ids[i];
		defs[i].polarity = pol[i];
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	bp_test_rmtree(tmpdir);
	bp_testdb_stop(&tdb);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zscore_weights_schemes),
		cmocka_unit_test(test_percentile_coverage),
		cmocka_unit_test(test_scores_in_ranking_order),
		cmocka_unit_test(test_minmax_worse),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_exponential),
		cmocka_unit_test(test_simulation),
		cmocka_unit_test(test_simulation_draws),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_nearest),
		cmocka_unit_test(test_nearest_all),
		cmocka_unit_test(test_nearest_all_wide),
		cmocka_unit_test(test_nearest_all_dead_column),
		cmocka_unit_test(test_similar_and_custom_reference),
		cmocka_unit_test(test_similar_cascade),
		cmocka_unit_test(test_translated_components),
		cmocka_unit_test(test_flat),
		cmocka_unit_test(test_synthetic),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
