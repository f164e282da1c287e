/*
 * test_effect: effect estimates on small constructed cases in a real
 * PostgreSQL, every expected number worked out by hand below.
 *
 * Areas (indeling 2024, gemeente GM9999, level wijk): T = WK999901 is the
 * target, A, B, C = WK999902..04 are candidates; WK999905 is of another
 * gemeente (GM9998) and only appears where said.  Each case is its own
 * indicator, so the cases do not disturb each other.
 *
 * Case "did" (start 2016; 2012 before, 2020 after):
 *   T 10 -> 14 (delta 4), A 10 -> 11, B 12 -> 13, C 8 -> 9 (delta 1 each)
 *   DiD = 4 - 1 = 3.  Placebos: each delta 1 minus the others' mean 1 = 0,
 *   so the band is [0, 0] and no placebo reaches |3|: rank 1 of 4.
 *   Distances (before): A (10-10)^2 = 0, B (12-10)^2 = 4, C (8-10)^2 = 4:
 *   order A, B, C (tie by code).
 *
 * Case "spread" (start 2016): T 10 -> 14, A 10 -> 11, B 12 -> 14, C 8 -> 8
 *   deltas 4; 1, 2, 0 -> DiD = 4 - 1 = 3
 *   placebos A 1 - (2 + 0)/2 = 0, B 2 - (1 + 0)/2 = 1.5, C 0 - (1 + 2)/2 = -1.5
 *   sorted -1.5, 0, 1.5; type-7 quantiles: 5 %: h = 2 x 0.05 = 0.1 ->
 *   -1.5 + 0.1 x 1.5 = -1.35; 95 %: h = 1.9 -> 0 + 0.9 x 1.5 = 1.35.
 *   rank: no |placebo| >= 3 -> 1.
 * Case "small" is "spread" with T 10 -> 12: DiD = 2 - 1 = 1, inside
 *   [-1.35, 1.35]: no difference; |placebo| >= 1 twice: rank 3.
 *
 * Case "trend" (start 2018; 2012, 2016 before, 2020 after):
 *   A 8, 10, 11; B 10, 12, 13; C 6, 8, 9: mean 8, 10, 11, slope 0.5 a year
 *   parallel:     T 8, 10, 15: slope 0.5, difference 0; delta 15 - 9 = 6,
 *                 comparison deltas 11 - 9 = 2: DiD 4
 *   non-parallel: T 6, 10, 15: slope 1.0, difference 0.5 a year; years
 *                 before average 2014, after 2020: drift 0.5 x 6 = 3;
 *                 delta 15 - 8 = 7: DiD 5; placebos all 0, so the limit is
 *                 0.5 x max(5, 0) = 2.5 < 3: not parallel.
 *
 * Case "ci": case "did" with every standard error 1 (ci = value -/+ 1.96):
 *   var = T: 1 + 1; comparisons: (1/3)^2 x 3 x (1 + 1) = 2/3 -> 8/3
 *   90 % interval 3 -/+ 1.6449 x sqrt(8/3) = 3 -/+ 2.686035.
 * Case "wide": case "spread" with every standard error 3:
 *   var = 9 + 9 + (1/9) x 3 x 18 = 24 -> 3 -/+ 8.058104: covers 0, so no
 *   claim although 3 lies outside the placebo band.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "db/pgutil.h"
#include "engine/effect.h"
#include "engine/intervention.h"
#include "pgtest.h"

static bp_testdb tdb;
static PGconn *conn;

static void exec_ok(const char *sql)
{
	bp_error err = { 0 };
	if (bp_pg_exec(conn, sql, &err) != BP_OK)
		fail_msg("%s: %s (%s)", sql, err.message, err.detail);
}

static void indicator(const char *id, const char *polarity)
{
	char sql[512];
	snprintf(sql, sizeof(sql), "INSERT INTO bp.indicator (id, title_nl, theme, kind, decimals, polarity, "
	         "definition_hash) VALUES ('%s', '%s', 'sociale-veerkracht', 'ratio', 1, '%s', 'h')",
	         id, id, polarity);
	exec_ok(sql);
}

/* One value; se < 0: no ci. */
static void value(const char *ind, const char *area, const char *period, double v, double se)
{
	char sql[512], ci[128] = "NULL, NULL";
	if (se >= 0)
		snprintf(ci, sizeof(ci), "%.17g, %.17g", v - 1.959963984540054 * se, v + 1.959963984540054 * se);
	snprintf(sql, sizeof(sql), "INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, "
	         "value, ci_low, ci_high, definition_hash, gemeente_code) VALUES ('%s', '%s', 2024, '%s', %.17g, %s, "
	         "'h', 'GM9999')", ind, area, period, v, ci);
	exec_ok(sql);
}

/* Series over the given periods for T, A, B, C (NAN: no value). */
static void series(const char *ind, const char *const *periods, size_t n, const double *t, const double *a_,
                   const double *b, const double *c, double se)
{
	const char *codes[] = { "WK999901", "WK999902", "WK999903", "WK999904" };
	const double *ys[] = { t, a_, b, c };
	for (size_t k = 0; k < 4; k++)
		for (size_t i = 0; i < n; i++)
			if (!isnan(ys[k][i]))
				value(ind, codes[k], periods[i], ys[k][i], se);
}

static int group_setup(void **state)
{
	(void)state;
	if (bp_testdb_start(&tdb))
		return -1;
	conn = tdb.db.conn;
	exec_ok("INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) VALUES "
	        "('NL00', 2024, 'land', 'Nederland', NULL, NULL), "
	        "('GM9999', 2024, 'gemeente', 'Testgem', 'NL00', 'GM9999'), "
	        "('GM9998', 2024, 'gemeente', 'Andergem', 'NL00', 'GM9998'), "
	        "('WK999901', 2024, 'wijk', 'Doelwijk', 'GM9999', 'GM9999'), "
	        "('WK999902', 2024, 'wijk', 'Wijk A', 'GM9999', 'GM9999'), "
	        "('WK999903', 2024, 'wijk', 'Wijk B', 'GM9999', 'GM9999'), "
	        "('WK999904', 2024, 'wijk', 'Wijk C', 'GM9999', 'GM9999'), "
	        "('WK999805', 2024, 'wijk', 'Elders', 'GM9998', 'GM9998')");
	static const char *const p2[] = { "2012", "2020" };
	static const char *const p3[] = { "2012", "2016", "2020" };
	const double t_did[] = { 10, 14 }, a_did[] = { 10, 11 }, b_did[] = { 12, 13 }, c_did[] = { 8, 9 };
	const double b_spr[] = { 12, 14 }, c_spr[] = { 8, 8 }, t_small[] = { 10, 12 };
	const char *pols[] = { "higher-is-better", "higher-is-worse", "neutral" };
	const char *sfx[] = { "better", "worse", "neutral" };
	char id[64];

	indicator("did", "higher-is-better");
	series("did", p2, 2, t_did, a_did, b_did, c_did, -1);
	for (int i = 0; i < 3; i++) {
		snprintf(id, sizeof(id), "spread_%s", sfx[i]);
		indicator(id, pols[i]);
		series(id, p2, 2, t_did, a_did, b_spr, c_spr, -1);
	}
	indicator("small", "higher-is-better");
	series("small", p2, 2, t_small, a_did, b_spr, c_spr, -1);
	indicator("ci", "higher-is-better");
	series("ci", p2, 2, t_did, a_did, b_did, c_did, 1);
	indicator("wide", "higher-is-better");
	series("wide", p2, 2, t_did, a_did, b_spr, c_spr, 3);

	const double a_tr[] = { 8, 10, 11 }, b_tr[] = { 10, 12, 13 }, c_tr[] = { 6, 8, 9 };
	const double t_par[] = { 8, 10, 15 }, t_non[] = { 6, 10, 15 };
	indicator("parallel", "higher-is-better");
	series("parallel", p3, 3, t_par, a_tr, b_tr, c_tr, -1);
	indicator("nonparallel", "higher-is-better");
	series("nonparallel", p3, 3, t_non, a_tr, b_tr, c_tr, -1);

	/* Only after the start: too few periods.  C lacks 2012 in "gap": not eligible. */
	const double t_post[] = { NAN, 14 }, c_gap[] = { NAN, 9 };
	indicator("post_only", "higher-is-better");
	series("post_only", p2, 2, t_post, a_did, b_did, c_did, -1);
	indicator("gap", "higher-is-better");
	series("gap", p2, 2, t_did, a_did, b_did, c_gap, -1);
	value("gap", "WK999805", "2012", 10, -1);   /* another gemeente: a comparison, not the gemeente reference */
	value("gap", "WK999805", "2020", 10, -1);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	bp_testdb_stop(&tdb);
	return 0;
}

/* An intervention on WK999901 that aims to move ind in dir, starting in start. */
static bp_intervention make(bp_arena *a, const char *id, const char *theme, const char *area, const char *ind,
                            const char *dir, const char *start)
{
	bp_intervention v;
	bp_error err = { 0 };
	char *text = bp_arena_printf(a, "id: %s\nname: Test\ntheme: %s\nareas: [%s]\nstart: %s\n"
	                             "indicators:\n  - {id: %s, direction: %s}\npartner: Test\n",
	                             id, theme, area, start, ind, dir);
	if (bp_intervention_load_string("test.yaml", text, a, &v, &err))
		fail_msg("%ld:%ld: %s", err.line, err.column, err.message);
	return v;
}

static bp_effect_result estimate_with(bp_arena *a, const bp_intervention_set *all, const bp_intervention *iv,
                                      int min_comparisons)
{
	bp_effect_options opt;
	bp_effect_result r;
	bp_error err = { 0 };
	bp_effect_options_default(&opt);
	opt.min_comparisons = min_comparisons;
	if (bp_effect_estimate(conn, all, iv, 0, 0, &opt, a, &r, &err))
		fail_msg("estimate: %s (%s)", err.message, err.detail);
	return r;
}

static bp_effect_result estimate(bp_arena *a, const char *ind, const char *dir, const char *start, int min_cmp)
{
	bp_intervention *iv = bp_arena_alloc(a, sizeof(*iv));
	*iv = make(a, "t", "sociale-veerkracht", "WK999901", ind, dir, start);
	bp_intervention_set all = { iv, 1 };
	return estimate_with(a, &all, iv, min_cmp);
}

static void test_did_by_hand(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_effect_result r = estimate(a, "did", "up", "2016-01-01", 3);
	assert_int_equal(r.indeling_year, 2024);
	assert_int_equal(r.n_periods, 2);
	assert_string_equal(r.periods[0], "2012");
	assert_string_equal(r.periods[1], "2020");
	assert_int_equal(r.n_pre, 1);
	assert_int_equal(r.n_post, 1);
	assert_string_equal(r.area_name, "Doelwijk");
	assert_int_equal(r.n_pool, 3);
	assert_int_equal(r.n_comparisons, 3);
	assert_string_equal(r.comparisons[0].code, "WK999902");
	assert_string_equal(r.comparisons[1].code, "WK999903");
	assert_string_equal(r.comparisons[2].code, "WK999904");
	assert_string_equal(r.comparisons[0].name, "Wijk A");
	assert_float_equal(r.comparisons[0].distance, 0, 1e-12);
	assert_float_equal(r.comparisons[1].distance, 4, 1e-12);
	assert_float_equal(r.comparisons[2].distance, 4, 1e-12);
	assert_true(r.has_estimate);
	assert_float_equal(r.estimate, 3, 1e-12);
	/* comparison mean per period: (10 + 12 + 8)/3 = 10, (11 + 13 + 9)/3 = 11 */
	assert_float_equal(r.comparison[0], 10, 1e-12);
	assert_float_equal(r.comparison[1], 11, 1e-12);
	assert_true(r.has_placebo);
	for (size_t j = 0; j < 3; j++)
		assert_float_equal(r.comparisons[j].placebo, 0, 1e-12);
	assert_float_equal(r.placebo_low, 0, 1e-12);
	assert_float_equal(r.placebo_high, 0, 1e-12);
	assert_int_equal(r.placebo_rank, 1);
	assert_false(r.has_analytic);   /* no ci */
	assert_false(r.has_pretrend);   /* one period before */
	assert_false(r.has_synthetic);
	/* The rest of the gemeente is A, B and C too. */
	assert_true(r.has_gemeente);
	assert_int_equal(r.gemeente_n, 3);
	assert_float_equal(r.gemeente_estimate, 3, 1e-12);
	assert_int_equal(r.verdict, BP_VERDICT_BETTER);
	/* With the default minimum of 5 comparison areas, three say nothing. */
	r = estimate(a, "did", "up", "2016-01-01", 5);
	assert_float_equal(r.estimate, 3, 1e-12);
	assert_int_equal(r.verdict, BP_VERDICT_TOO_FEW_AREAS);
	assert_string_equal(bp_verdict_text(r.verdict), "te weinig vergelijkbare gebieden");
	bp_arena_free(a);
}

static void test_placebo_by_hand(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_effect_result r = estimate(a, "spread_better", "up", "2016-01-01", 3);
	assert_float_equal(r.estimate, 3, 1e-12);
	assert_float_equal(r.comparisons[0].placebo, 0, 1e-12);     /* A */
	assert_float_equal(r.comparisons[1].placebo, 1.5, 1e-12);   /* B */
	assert_float_equal(r.comparisons[2].placebo, -1.5, 1e-12);  /* C */
	assert_float_equal(r.placebo_sorted[0], -1.5, 1e-12);
	assert_float_equal(r.placebo_sorted[2], 1.5, 1e-12);
	assert_float_equal(r.placebo_low, -1.35, 1e-12);
	assert_float_equal(r.placebo_high, 1.35, 1e-12);
	assert_int_equal(r.placebo_rank, 1);
	assert_int_equal(r.verdict, BP_VERDICT_BETTER);

	r = estimate(a, "small", "up", "2016-01-01", 3);
	assert_float_equal(r.estimate, 1, 1e-12);
	assert_int_equal(r.placebo_rank, 3);
	assert_int_equal(r.verdict, BP_VERDICT_NO_DIFFERENCE);
	assert_string_equal(bp_verdict_text(r.verdict), "geen verschil aantoonbaar");
	bp_arena_free(a);
}

/* The same rise of 3 is better, worse or as intended depending on polarity and direction. */
static void test_verdict_polarity(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_effect_result r = estimate(a, "spread_better", "down", "2016-01-01", 3);
	assert_int_equal(r.verdict, BP_VERDICT_BETTER);          /* polarity wins over direction */
	assert_string_equal(bp_verdict_text(r.verdict), "beter dan vergelijkbare gebieden");
	r = estimate(a, "spread_worse", "down", "2016-01-01", 3);
	assert_int_equal(r.verdict, BP_VERDICT_WORSE);
	assert_string_equal(bp_verdict_text(r.verdict), "slechter dan vergelijkbare gebieden");
	r = estimate(a, "spread_neutral", "up", "2016-01-01", 3);
	assert_int_equal(r.verdict, BP_VERDICT_BETTER);
	assert_non_null(r.note);
	r = estimate(a, "spread_neutral", "down", "2016-01-01", 3);
	assert_int_equal(r.verdict, BP_VERDICT_WORSE);
	bp_arena_free(a);
}

static void test_pretrend(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_effect_result r = estimate(a, "parallel", "up", "2018-01-01", 3);
	assert_int_equal(r.n_pre, 2);
	assert_int_equal(r.n_post, 1);
	assert_float_equal(r.estimate, 4, 1e-12);
	assert_true(r.has_pretrend);
	assert_float_equal(r.pretrend_diff, 0, 1e-12);
	assert_float_equal(r.pretrend_drift, 0, 1e-12);
	assert_true(r.pretrend_parallel);
	assert_int_equal(r.verdict, BP_VERDICT_BETTER);

	r = estimate(a, "nonparallel", "up", "2018-01-01", 3);
	assert_float_equal(r.estimate, 5, 1e-12);
	assert_float_equal(r.pretrend_diff, 0.5, 1e-12);
	assert_float_equal(r.pretrend_drift, 3, 1e-12);
	assert_false(r.pretrend_parallel);
	/* Outside the placebo band, but the design does not carry a claim. */
	assert_int_equal(r.verdict, BP_VERDICT_NO_DIFFERENCE);
	assert_string_equal(r.note, "de trends vóór de start liepen niet gelijk op");
	bp_arena_free(a);
}

static void test_analytic_interval(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_effect_result r = estimate(a, "ci", "up", "2016-01-01", 3);
	assert_true(r.has_analytic);
	assert_float_equal(r.analytic_low, 3 - 2.686034725064893, 1e-9);
	assert_float_equal(r.analytic_high, 3 + 2.686034725064893, 1e-9);
	assert_int_equal(r.verdict, BP_VERDICT_BETTER);

	r = estimate(a, "wide", "up", "2016-01-01", 3);
	assert_float_equal(r.analytic_low, 3 - 8.058104175194678, 1e-9);
	assert_float_equal(r.analytic_high, 3 + 8.058104175194678, 1e-9);
	assert_true(r.estimate > r.placebo_high);
	assert_int_equal(r.verdict, BP_VERDICT_NO_DIFFERENCE);
	bp_arena_free(a);
}

static void test_too_few_periods(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	/* Values only after the start. */
	bp_effect_result r = estimate(a, "post_only", "up", "2016-01-01", 3);
	assert_int_equal(r.n_pre, 0);
	assert_int_equal(r.n_post, 1);
	assert_false(r.has_estimate);
	assert_int_equal(r.verdict, BP_VERDICT_TOO_FEW_PERIODS);
	assert_string_equal(bp_verdict_text(r.verdict), "te weinig perioden om iets te zeggen");
	/* Started after the last period. */
	r = estimate(a, "did", "up", "2023-01-01", 3);
	assert_int_equal(r.n_post, 0);
	assert_int_equal(r.verdict, BP_VERDICT_TOO_FEW_PERIODS);
	/* An indicator nobody computed: a verdict with a note, not an error. */
	r = estimate(a, "not_computed", "up", "2016-01-01", 3);
	assert_int_equal(r.verdict, BP_VERDICT_TOO_FEW_PERIODS);
	assert_non_null(r.note);
	bp_arena_free(a);
}

/* Who may be compared: a value in every period, not a target of the theme. */
static void test_comparison_pool(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	/* C has no 2012 value; WK999805 (another gemeente) takes part, but not as gemeente reference. */
	bp_effect_result r = estimate(a, "gap", "up", "2016-01-01", 1);
	assert_int_equal(r.n_pool, 3);
	assert_string_equal(r.comparisons[0].code, "WK999805");   /* distance 0, before WK999902 by code */
	assert_string_equal(r.comparisons[1].code, "WK999902");
	assert_string_equal(r.comparisons[2].code, "WK999903");
	/* deltas 0, 1, 1: DiD = 4 - 2/3 */
	assert_float_equal(r.estimate, 4 - 2.0 / 3, 1e-12);
	assert_int_equal(r.gemeente_n, 2);
	assert_float_equal(r.gemeente_estimate, 3, 1e-12);

	/* A is a target of another intervention on the same theme: left out. */
	bp_intervention *ivs = bp_arena_alloc(a, 2 * sizeof(*ivs));
	ivs[0] = make(a, "other", "sociale-veerkracht", "WK999902", "did", "up", "2010-01-01");
	ivs[1] = make(a, "t", "sociale-veerkracht", "WK999901", "did", "up", "2016-01-01");
	bp_intervention_set all = { ivs, 2 };
	r = estimate_with(a, &all, &ivs[1], 1);
	assert_int_equal(r.n_pool, 2);
	assert_string_equal(r.comparisons[0].code, "WK999903");
	assert_string_equal(r.comparisons[1].code, "WK999904");
	/* On another theme it is no obstacle. */
	ivs[0] = make(a, "other", "participatie", "WK999902", "did", "up", "2010-01-01");
	r = estimate_with(a, &all, &ivs[1], 1);
	assert_int_equal(r.n_pool, 3);
	bp_arena_free(a);
}

/*
 * match_on from the database: indicator "did" (T 10 → 14, A 10 → 11,
 * B 12 → 13, C 8 → 9; start 2016) and the structure "struct" at the start:
 * T 30 (its 2020 value 99 comes after the start and is not used), A 50
 * (only a 2020 value: the earliest after the start), B 31, C 30.  By hand:
 * variance of the values before (10, 12, 8) = 4; SD of struct over the pool
 * (50, 31, 30) = √127; rank A 0/4 + 20²/127 = 3.150, B 4/4 + 1/127 = 1.008,
 * C 4/4 + 0 = 1: C, B, A (on "did" alone: A, B, C).  Pool mean 37,
 * standardised difference before (30 - 37)/√127; all three are matched.
 */
static void test_match_on_from_db(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	indicator("struct", "neutral");
	value("struct", "WK999901", "2012", 30, -1);
	value("struct", "WK999901", "2020", 99, -1);
	value("struct", "WK999902", "2020", 50, -1);
	value("struct", "WK999903", "2012", 31, -1);
	value("struct", "WK999904", "2012", 30, -1);
	bp_intervention *iv = bp_arena_alloc(a, sizeof(*iv));
	bp_error err = { 0 };
	if (bp_intervention_load_string("test.yaml",
		"id: m\nname: Test\ntheme: sociale-veerkracht\nareas: [WK999901]\nstart: 2016-01-01\n"
		"indicators:\n  - {id: did, direction: up}\npartner: Test\nmatch_on: [struct]\n", a, iv, &err))
		fail_msg("%ld:%ld: %s", err.line, err.column, err.message);
	assert_int_equal(iv->n_match_on, 1);
	bp_intervention_set all = { iv, 1 };
	bp_effect_result r = estimate_with(a, &all, iv, 1);
	assert_int_equal(r.n_comparisons, 3);
	assert_string_equal(r.comparisons[0].code, "WK999904");
	assert_string_equal(r.comparisons[1].code, "WK999903");
	assert_string_equal(r.comparisons[2].code, "WK999902");
	assert_int_equal(r.n_balance, 1);
	assert_string_equal(r.balance[0].name, "struct");
	assert_float_equal(r.balance[0].target, 30, 0);
	assert_float_equal(r.balance[0].pool_mean, 37, 1e-12);
	assert_float_equal(r.balance[0].sd, sqrt(127), 1e-12);
	assert_float_equal(r.balance[0].std_before, -7 / sqrt(127), 1e-12);
	assert_float_equal(r.comparisons[2].structure, 400.0 / 127, 1e-12);
	assert_int_equal(r.balance[0].year, 2012);   /* the latest before the start, not 2020 */
	/* Stored beside the estimate, twice: replaced, not doubled. */
	if (bp_interventions_store(conn, &all, NULL, NULL, &err) ||
	    bp_effect_store(conn, "m", "did", &r, &err) || bp_effect_store(conn, "m", "did", &r, &err))
		fail_msg("store: %s (%s)", err.message, err.detail);
	assert_string_equal(bp_test_scalar(conn,
		"SELECT format('%s %s %s %s %s', count(*), min(covariate), min(target), min(pool_mean), "
		"  round(min(std_before)::numeric, 6)) FROM bp.intervention_effect_balance WHERE intervention_id = 'm'"),
		"1 struct 30 37 -0.621150");
	exec_ok("DELETE FROM bp.intervention WHERE id = 'm'");
	/* Without match_on the order is the indicator's alone. */
	bp_effect_result r0 = estimate(a, "did", "up", "2016-01-01", 1);
	assert_string_equal(r0.comparisons[0].code, "WK999902");
	assert_null(r0.balance);
	exec_ok("DELETE FROM bp.indicator WHERE id = 'struct'");
	bp_arena_free(a);
}

/*
 * The trends before the start on a related series (pretrend.h), when the
 * indicator has one period before.  In memory: years 2013-2015, target
 * 10, 11, 12 (slope 1); A lacks 2014 and is left out; B 7, 7.5, 8 and
 * C 9, 9.5, 10 (slope 0.5): difference 0.5 a year; SD 2 and 8 years
 * between the periods after and before: 0.5 x 8 / 2 = 2, not comparable.
 * From the database ("did": 2012 before, 2020 after, start 2016; DiD 3
 * outside the placebo band [0, 0]: better): "rel_par" with T 10, 10.5, 11
 * is parallel (difference 0), so the verdict stays and says on what it was
 * checked; "rel_one" has one year of T before the start: not checked, why said.
 */
static void test_related_pretrend(void **state)
{
	(void)state;
	const int years[] = { 2013, 2014, 2015 };
	const double t[] = { 10, 11, 12 }, ca[] = { 5, NAN, 6 }, cb[] = { 7, 7.5, 8 }, cc[] = { 9, 9.5, 10 };
	const double *comp[] = { ca, cb, cc };
	bp_related_trend rt;
	assert_int_equal(bp_related_trend_compute(3, years, t, comp, 3, 2, 8, &rt), 1);
	assert_int_equal(rt.n_areas, 2);
	assert_int_equal(rt.n_years, 3);
	assert_int_equal(rt.first_year, 2013);
	assert_float_equal(rt.slope_target, 1, 1e-12);
	assert_float_equal(rt.slope_comparison, 0.5, 1e-12);
	assert_float_equal(rt.diff, 0.5, 1e-12);
	assert_float_equal(rt.std_drift, 2, 1e-12);
	assert_false(rt.parallel);
	const double t1[] = { NAN, NAN, 12 };
	assert_int_equal(bp_related_trend_compute(3, years, t1, comp, 3, 2, 8, &rt), 0);

	bp_arena *a = bp_arena_new();
	static const char *const p3[] = { "2013", "2014", "2015" };
	const double tp[] = { 10, 10.5, 11 }, ra[] = { 5, 5.5, 6 };
	indicator("rel_par", "neutral");
	series("rel_par", p3, 3, tp, ra, cb, cc, -1);
	indicator("rel_one", "neutral");
	value("rel_one", "WK999901", "2013", 10, -1);
	value("rel_one", "WK999901", "2020", 10, -1);
	const char *rels[] = { "rel_par", "rel_one" };
	for (int i = 0; i < 2; i++) {
		bp_intervention *iv = bp_arena_alloc(a, sizeof(*iv));
		bp_error err = { 0 };
		if (bp_intervention_load_string("test.yaml", bp_arena_printf(a,
			"id: rel\nname: Test\ntheme: sociale-veerkracht\nareas: [WK999901]\nstart: 2016-01-01\n"
			"indicators:\n  - {id: did, direction: up, pretrend_series: %s}\npartner: Test\n", rels[i]), a, iv, &err))
			fail_msg("%ld:%ld: %s", err.line, err.column, err.message);
		bp_intervention_set all = { iv, 1 };
		bp_effect_result r = estimate_with(a, &all, iv, 1);
		assert_string_equal(r.related_id, rels[i]);
		assert_int_equal(r.verdict, BP_VERDICT_BETTER);
		if (i == 0) {
			assert_true(r.has_related);
			assert_int_equal(r.related.n_areas, 3);
			assert_float_equal(r.related.diff, 0, 1e-12);
			assert_true(r.related.parallel);
			assert_string_equal(r.note, "gelijke trends vóór de start getoetst op de verwante reeks rel_par");
		} else {
			assert_false(r.has_related);
			assert_string_equal(r.related_why, "het doelgebied heeft in indeling 2024 maar één jaar met cijfers vóór 2016");
		}
		/* Stored beside the estimate (for the API), twice: replaced, not doubled.
		 * rel_par: T 10, 10.5, 11 and the comparison mean (A + B + C) / 3 =
		 * 7, 7.5, 8 both rise 0.5 a year: difference 0. */
		if (bp_interventions_store(conn, &all, NULL, NULL, &err) ||
		    bp_effect_store(conn, "rel", "did", &r, &err) || bp_effect_store(conn, "rel", "did", &r, &err))
			fail_msg("store: %s (%s)", err.message, err.detail);
		assert_string_equal(bp_test_scalar(conn,
			"SELECT format('%s %s %s %s %s-%s %s %s %s %s %s', count(*), min(related_id), bool_and(checked), "
			"  coalesce(min(why_not), '-'), min(first_year), min(last_year), min(n_areas), "
			"  round(min(slope_target)::numeric, 9), round(min(slope_comparison)::numeric, 9), "
			"  round(min(diff)::numeric, 9), bool_and(parallel)) "
			"FROM bp.intervention_effect_related WHERE intervention_id = 'rel'"),
			i == 0 ? "1 rel_par t - 2013-2015 3 0.500000000 0.500000000 0.000000000 t"
			       : "1 rel_one f het doelgebied heeft in indeling 2024 maar één jaar met cijfers vóór 2016 -"
			         "     ");   /* no figures: five empty fields */
		exec_ok("DELETE FROM bp.intervention WHERE id = 'rel'");
	}
	exec_ok("DELETE FROM bp.indicator_value WHERE indicator_id IN ('rel_par', 'rel_one')");
	exec_ok("DELETE FROM bp.indicator WHERE id IN ('rel_par', 'rel_one')");
	bp_arena_free(a);
}

/* Target = 0.25 A + 0.75 B exactly before the start; C cannot help. */
static void test_synthetic_weights(void **state)
{
	(void)state;
	const double x[] = {   /* rows: periods; columns A, B, C */
		10, 20, 0,
		12, 20, 5,
		14, 26, 1,
	};
	const double y[] = { 17.5, 18, 23 };
	double w[3];
	double rss = bp_synthetic_weights(x, y, 3, 3, w);
	assert_float_equal(w[0], 0.25, 1e-6);
	assert_float_equal(w[1], 0.75, 1e-6);
	assert_float_equal(w[2], 0, 1e-6);
	assert_float_equal(rss, 0, 1e-9);
	/* A target outside the hull: all weight on the nearest corner, B (y = B + 1). */
	const double y2[] = { 21, 21, 27 };
	rss = bp_synthetic_weights(x, y2, 3, 3, w);
	assert_float_equal(w[1], 1, 1e-6);
	assert_float_equal(rss, 3, 1e-6);
}

/* The synthetic comparison inside an estimate: 3 periods before, from memory. */
static void test_synthetic_estimate(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	const char *const periods[] = { "2010", "2012", "2014", "2020" };
	const int years[] = { 2010, 2012, 2014, 2020 };
	/* T = 0.25 A + 0.75 B before; after, the synthetic value is 0.25 x 16 + 0.75 x 28 = 25
	 * and T is 27: gap after 2, gap before 0, estimate 2. */
	const double ta[] = { 10, 12, 14, 16 }, tb[] = { 20, 20, 26, 28 }, tc[] = { 0, 5, 1, 2 };
	const double tt[] = { 17.5, 18, 23, 27 };
	bp_effect_series target = { "T", "T", NULL, tt, NULL };
	bp_effect_series pool[] = { { "A", "A", NULL, ta, NULL }, { "B", "B", NULL, tb, NULL },
	                            { "C", "C", NULL, tc, NULL } };
	bp_effect_options opt;
	bp_effect_result r;
	bp_error err = { 0 };
	bp_effect_options_default(&opt);
	assert_int_equal(bp_effect_compute(&opt, 4, periods, years, 2016, &target, pool, 3,
	                                   BP_POLARITY_HIGHER_IS_BETTER, BP_DIRECTION_UP, a, &r, &err), BP_OK);
	assert_int_equal(r.n_pre, 3);
	assert_true(r.has_synthetic);
	assert_float_equal(r.synthetic_estimate, 2, 1e-5);
	assert_float_equal(r.synthetic_rmse, 0, 1e-5);
	double wa = 0, wb = 0;
	for (size_t j = 0; j < r.n_comparisons; j++) {
		if (strcmp(r.comparisons[j].code, "A") == 0)
			wa = r.comparisons[j].weight;
		if (strcmp(r.comparisons[j].code, "B") == 0)
			wb = r.comparisons[j].weight;
	}
	assert_float_equal(wa, 0.25, 1e-6);
	assert_float_equal(wb, 0.75, 1e-6);
	bp_arena_free(a);
}

/*
 * Matching on structure (balance.h), from memory.  Target T: 10, 10 before,
 * 12 after; covariates (30, 20).  Pool (before, before, after; x):
 *   A 10 10 10 (50, 40)   B 11 11 11 (30, 20)   C 10 10 11 (31, 21)
 *   D 13 13 13 (30, 20)   E  9  9  9 (70, 60)   F 12 12 12 (29, 19)
 * By Python's statistics module: the pool's variance of the values before
 * 1.9696969..., each covariate's SD 16.745148551147583; rank = squared
 * difference before / variance + mean squared standardised difference:
 * C 0.0036, B 0.5077, A 1.4265, F 2.0343, D 4.5692, E 6.2138.  k = 2:
 * without covariates A and C (both 0 before), with them C and B.
 * Balance of each covariate: pool mean 40 / 30, matched 30.5 / 20.5;
 * standardised difference before -0.5971878941208125, after
 * -0.029859394706040626.  Estimate 2 - (1 + 0) / 2 = 1.5 either way.
 */
static void test_structure_matching(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	const char *const periods[] = { "2018", "2019", "2021" };
	const int years[] = { 2018, 2019, 2021 };
	const double yt[] = { 10, 10, 12 }, xt[] = { 30, 20 };
	const double ya[] = { 10, 10, 10 }, yb[] = { 11, 11, 11 }, yc[] = { 10, 10, 11 };
	const double yd[] = { 13, 13, 13 }, ye[] = { 9, 9, 9 }, yf[] = { 12, 12, 12 };
	const double xa[] = { 50, 40 }, xb[] = { 30, 20 }, xc[] = { 31, 21 }, xd[] = { 30, 20 };
	const double xe[] = { 70, 60 }, xf[] = { 29, 19 };
	bp_effect_series target = { "T", "T", NULL, yt, NULL, xt };
	bp_effect_series pool[] = {
		{ "A", "A", NULL, ya, NULL, xa }, { "B", "B", NULL, yb, NULL, xb }, { "C", "C", NULL, yc, NULL, xc },
		{ "D", "D", NULL, yd, NULL, xd }, { "E", "E", NULL, ye, NULL, xe }, { "F", "F", NULL, yf, NULL, xf },
	};
	const char *const names[] = { "aandeel_65_plus", "inkomen" };
	bp_effect_options opt;
	bp_effect_result r;
	bp_error err = { 0 };
	bp_effect_options_default(&opt);
	opt.k = 2;
	opt.min_comparisons = 2;
	assert_int_equal(bp_effect_compute(&opt, 3, periods, years, 2020, &target, pool, 6,
	                                   BP_POLARITY_HIGHER_IS_BETTER, BP_DIRECTION_UP, a, &r, &err), BP_OK);
	assert_int_equal(r.n_comparisons, 2);
	assert_string_equal(r.comparisons[0].code, "A");
	assert_string_equal(r.comparisons[1].code, "C");
	assert_null(r.balance);

	opt.n_covariates = 2;
	opt.covariates = names;
	assert_int_equal(bp_effect_compute(&opt, 3, periods, years, 2020, &target, pool, 6,
	                                   BP_POLARITY_HIGHER_IS_BETTER, BP_DIRECTION_UP, a, &r, &err), BP_OK);
	assert_int_equal(r.n_comparisons, 2);
	assert_string_equal(r.comparisons[0].code, "C");
	assert_string_equal(r.comparisons[1].code, "B");
	assert_float_equal(r.comparisons[0].structure, 0.003566333808844508, 1e-12);
	assert_float_equal(r.estimate, 1.5, 1e-12);
	assert_int_equal(r.n_balance, 2);
	assert_string_equal(r.balance[1].name, "inkomen");
	assert_float_equal(r.balance[0].sd, 16.745148551147583, 1e-9);
	assert_float_equal(r.balance[0].pool_mean, 40, 1e-12);
	assert_float_equal(r.balance[0].matched_mean, 30.5, 1e-12);
	assert_float_equal(r.balance[1].matched_mean, 20.5, 1e-12);
	assert_float_equal(r.balance[0].std_before, -0.5971878941208125, 1e-12);
	assert_float_equal(r.balance[0].std_after, -0.029859394706040626, 1e-12);

	/* A candidate without a covariate is not a candidate; a target without one is matched on the indicator only. */
	pool[1].x = NULL;
	assert_int_equal(bp_effect_compute(&opt, 3, periods, years, 2020, &target, pool, 6,
	                                   BP_POLARITY_HIGHER_IS_BETTER, BP_DIRECTION_UP, a, &r, &err), BP_OK);
	assert_int_equal(r.n_pool, 5);
	target.x = NULL;
	assert_int_equal(bp_effect_compute(&opt, 3, periods, years, 2020, &target, pool, 6,
	                                   BP_POLARITY_HIGHER_IS_BETTER, BP_DIRECTION_UP, a, &r, &err), BP_OK);
	assert_int_equal(r.n_pool, 6);
	assert_null(r.balance);
	bp_arena_free(a);
}

/*
 * One cache over several estimates (what `interventions effects` does) gives
 * what fresh estimates give, for two indicators and with the pool exclusion
 * that differs per intervention; and it really reads once: values deleted
 * afterwards do not change a cached estimate (inside a rolled-back transaction).
 */
static void test_cache(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_intervention *ivs = bp_arena_alloc(a, 3 * sizeof(*ivs));
	ivs[0] = make(a, "other", "sociale-veerkracht", "WK999902", "did", "up", "2010-01-01");
	ivs[1] = make(a, "t", "sociale-veerkracht", "WK999901", "did", "up", "2016-01-01");
	ivs[2] = make(a, "g", "participatie", "WK999901", "gap", "up", "2016-01-01");
	bp_intervention_set all = { ivs, 3 };
	bp_effect_options opt;
	bp_effect_options_default(&opt);
	opt.min_comparisons = 1;
	bp_error err = { 0 };
	bp_effect_cache *c = bp_effect_cache_new();
	for (size_t i = 1; i < 3; i++) {
		bp_effect_result fresh = estimate_with(a, &all, &ivs[i], 1), cached;
		if (bp_effect_estimate_cached(conn, c, &all, &ivs[i], 0, 0, &opt, a, &cached, &err))
			fail_msg("cached: %s", err.message);
		assert_int_equal(cached.n_pool, fresh.n_pool);
		assert_int_equal(cached.n_comparisons, fresh.n_comparisons);
		for (size_t j = 0; j < fresh.n_comparisons; j++)
			assert_string_equal(cached.comparisons[j].code, fresh.comparisons[j].code);
		assert_true(cached.estimate == fresh.estimate);
		assert_int_equal(cached.verdict, fresh.verdict);
		assert_string_equal(cached.area_name, "Doelwijk");
	}
	/* ivs[1]: WK999902 is the other's target, so the pool is WK999903 and WK999904 (as in
	 * test_comparison_pool); with all values of 'did' gone, a cached estimate still has them. */
	assert_int_equal(bp_pg_exec(conn, "BEGIN", &err), BP_OK);
	assert_int_equal(bp_pg_exec(conn, "DELETE FROM bp.indicator_value WHERE indicator_id = 'did'", &err), BP_OK);
	bp_effect_result r;
	assert_int_equal(bp_effect_estimate_cached(conn, c, &all, &ivs[1], 0, 0, &opt, a, &r, &err), BP_OK);
	assert_int_equal(r.n_pool, 2);
	assert_string_equal(r.comparisons[0].code, "WK999903");
	assert_int_equal(bp_effect_estimate(conn, &all, &ivs[1], 0, 0, &opt, a, &r, &err), BP_OK);
	assert_int_equal(r.verdict, BP_VERDICT_TOO_FEW_PERIODS);   /* uncached: no values now */
	bp_pg_rollback(conn);
	bp_effect_cache_free(c);
	bp_arena_free(a);
}

/* Stored next to the registry's current version. */
static void test_store(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_intervention *iv = bp_arena_alloc(a, sizeof(*iv));
	*iv = make(a, "t", "sociale-veerkracht", "WK999901", "spread_better", "up", "2016-01-01");
	bp_intervention_set all = { iv, 1 };
	bp_error err = { 0 };
	assert_int_equal(bp_effect_store(conn, "t", "spread_better", &(bp_effect_result){ .area_code = "WK999901" },
	                                 &err), BP_ERR_NOT_FOUND);
	if (bp_interventions_store(conn, &all, NULL, NULL, &err))
		fail_msg("store: %s", err.message);
	bp_effect_result r = estimate_with(a, &all, iv, 3);
	if (bp_effect_store(conn, "t", "spread_better", &r, &err) || bp_effect_store(conn, "t", "spread_better", &r, &err))
		fail_msg("effect store: %s (%s)", err.message, err.detail);
	assert_string_equal(bp_test_scalar(conn, "SELECT format('%s %s %s %s %s %s', version, estimate, round(placebo_low::numeric, 6), "
	                                         "placebo_rank, verdict, comparison_areas) FROM bp.intervention_effect"),
	                    "1 3 -1.350000 1 better {WK999902,WK999903,WK999904}");
	bp_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_did_by_hand),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_placebo_by_hand),
		cmocka_unit_test(test_verdict_polarity),
		cmocka_unit_test(test_pretrend),
		cmocka_unit_test(test_analytic_interval),
		cmocka_unit_test(test_too_few_periods),
		cmocka_unit_test(test_comparison_pool),
		cmocka_unit_test(test_synthetic_weights),
		cmocka_unit_test(test_synthetic_estimate),
		cmocka_unit_test(test_structure_matching),
		cmocka_unit_test(test_match_on_from_db),
		cmocka_unit_test(test_related_pretrend),
		cmocka_unit_test(test_store),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
