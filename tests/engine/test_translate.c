/*
 * test_translate: indicator values carried through a crosswalk
 * (lib/engine/translate.c) on a real throwaway PostgreSQL.
 *
 * The crosswalk is the population-weighted one of the CONSTRUCTED squares
 * in tests/fixtures/crosswalk/ (shares worked out in
 * tests/import/test_crosswalk.c: 01 → 11: 0.75, → 12: 0.25; 02, 03 → 13
 * (no inhabitants under them: weighed by surface, 1 km² each); 04 → 14: 1
 * (1,000 inhabitants); 05 → 14: 100/190 (100 inhabitants), → 15: 90/190
 * (90); 06 → 06 and 07 → 17 identical).  Values inserted here, expected by
 * hand:
 *   ratio r (scale 100, min_denominator 80), numerator/denominator:
 *     01 30/100, 02 10/50, 03 20/50, 04 5/100, 05 50/200, 06 7/70,
 *     07 suppressed (small_denominator)
 *     11: 22.5/75 = 30 (den 75 < 80: suppressed small_denominator)
 *     12: 7.5/25: suppressed small_denominator
 *     13: 30/100 = 30
 *     14: (5 + 50 × 100/190) / (100 + 200 × 100/190) = 5950/39000 × 100 = 595/39
 *     15: (50 × 90/190) / (200 × 90/190) = 25
 *     06: identical, 10 with 7/70;  17: suppressed (its only contributor is)
 *   published share p, value [ci_low, ci_high]:
 *     01 12 [10, 14], 02 10 [8, 12], 03 30 [25, 35], 04 5 [4, 6],
 *     05 20 [18, 22], 06 50 [45, 55], 07 40 [35, 45]
 *     11, 12: 12 [10, 14];  13: (10 + 30) / 2 = 20 [8, 35] (surface weights)
 *     14: (5 × 1000 + 20 × 100) / 1100 = 70/11 [4, 22];  15: 20 [18, 22]
 *     06: 50 [45, 55] identical;  17: 40 [35, 45] identical
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

#include "core/error.h"
#include "db/pgutil.h"
#include "core/arena.h"
#include "engine/composite.h"
#include "engine/custom_area.h"
#include "engine/translate.h"
#include "import/custom_overlay.h"
#include "import/crosswalk.h"
#include "import/geojson.h"
#include "pgtest.h"
#include "render/trend.h"
#include "report/area_page.h"
#include "report/areadata.h"

#define assert_near(got, want, eps) do { \
		double got_ = (got), want_ = (want); \
		if (!(fabs(got_ - want_) <= (eps))) \
			fail_msg("%s = %.12g, expected %.12g", #got, got_, want_); \
	} while (0)

static PGconn *conn(void)
{
	return bp_test_db.db.conn;
}

static void exec(const char *sql)
{
	bp_error err = { 0 };
	if (bp_pg_exec(conn(), sql, &err))
		fail_msg("%s (%s)", err.message, err.detail);
}

static void load(const char *fixture, int year)
{
	bp_geojson_options o = { .path = bp_test_fixture(fixture), .year = year, .level = -1 };
	bp_geojson_result res;
	bp_error err = { 0 };
	if (bp_import_geojson(conn(), &o, &res, &err))
		fail_msg("import %s: %s (%s)", fixture, err.message, err.detail);
}

static double num(const char *sql_fmt, const char *id, const char *area)
{
	const char *v = bp_test_scalarf(conn(), sql_fmt, id, area);
	if (!*v)
		return NAN;
	return strtod(v, NULL);
}

static double value(const char *id, const char *area)
{
	return num("SELECT value FROM bp.indicator_value_translated WHERE indicator_id = '%s' AND area_code = '%s'", id, area);
}

static const char *col(const char *what, const char *id, const char *area)
{
	return bp_test_scalarf(conn(), "SELECT %s FROM bp.indicator_value_translated "
	                               "WHERE indicator_id = '%s' AND area_code = '%s'", what, id, area);
}

static int setup(void **state)
{
	if (bp_test_db_setup(state))
		return -1;
	load("crosswalk/wijken_2020_constructed.geojson", 2020);
	load("crosswalk/wijken_2030_constructed.geojson", 2030);
	load("crosswalk/buurten_2030_constructed.geojson", 2030);
	exec("WITH s AS (INSERT INTO bp.source (publisher, title, location, checksum, licence, importer) "
	     "  VALUES ('test', 'CONSTRUCTED inhabitants', 'test_translate.c', 'constructed', 'none', 'test') RETURNING id) "
	     "INSERT INTO bp.observation (variable_code, area_code, indeling_year, period, source_id, value, status) "
	     "SELECT 'AantalInwoners', c, 2030, '2030', s.id, v, 'ok' FROM s, "
	     "  (VALUES ('BU09991101', 300), ('BU09991201', 100), ('BU09991401', 1100), ('BU09991501', 90)) t(c, v)");
	bp_crosswalk_options o = { .level = BP_LEVEL_WIJK, .from_year = 2020, .to_year = 2030 };
	bp_crosswalk_result res;
	bp_error err = { 0 };
	if (bp_crosswalk_build(conn(), &o, &res, &err) || !res.population) {
		fprintf(stderr, "crosswalk: %s\n", err.message);
		return -1;
	}
	exec("INSERT INTO bp.area (code, indeling_year, level, name, gemeente_code) "
	     "SELECT 'WK09990' || i, 2020, 'wijk', 'constructed ' || i, 'GM0999' FROM generate_series(1, 7) i");
	exec("INSERT INTO bp.indicator (id, title_nl, theme, kind, decimals, polarity, definition_hash) VALUES "
	     "('p', 'p', 't', 'published_share', 1, 'neutral', 'x'), ('r', 'r', 't', 'ratio', 1, 'neutral', 'x')");
	exec("INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, numerator, "
	     "  denominator, suppressed_reason, definition_hash, gemeente_code) VALUES "
	     "('r', 'WK099901', 2020, '2020', 30, 30, 100, NULL, 'x', 'GM0999'), "
	     "('r', 'WK099902', 2020, '2020', 20, 10, 50, NULL, 'x', 'GM0999'), "
	     "('r', 'WK099903', 2020, '2020', 40, 20, 50, NULL, 'x', 'GM0999'), "
	     "('r', 'WK099904', 2020, '2020', 5, 5, 100, NULL, 'x', 'GM0999'), "
	     "('r', 'WK099905', 2020, '2020', 25, 50, 200, NULL, 'x', 'GM0999'), "
	     "('r', 'WK099906', 2020, '2020', 10, 7, 70, NULL, 'x', 'GM0999'), "
	     "('r', 'WK099907', 2020, '2020', NULL, 1, 5, 'small_denominator', 'x', 'GM0999')");
	exec("INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, ci_low, ci_high, "
	     "  definition_hash, gemeente_code, synthetic) VALUES "
	     "('p', 'WK099901', 2020, '2020', 12, 10, 14, 'x', 'GM0999', false), "
	     "('p', 'WK099902', 2020, '2020', 10, 8, 12, 'x', 'GM0999', false), "
	     "('p', 'WK099903', 2020, '2020', 30, 25, 35, 'x', 'GM0999', true), "
	     "('p', 'WK099904', 2020, '2020', 5, 4, 6, 'x', 'GM0999', false), "
	     "('p', 'WK099905', 2020, '2020', 20, 18, 22, 'x', 'GM0999', false), "
	     "('p', 'WK099906', 2020, '2020', 50, 45, 55, 'x', 'GM0999', false), "
	     "('p', 'WK099907', 2020, '2020', 40, 35, 45, 'x', 'GM0999', false)");
	/* 01 and 06 are figures of a survey-results table (sql/034) */
	exec("UPDATE bp.indicator_value SET survey_result = true WHERE indicator_id = 'p' "
	     "AND area_code IN ('WK099901', 'WK099906')");
	return 0;
}

static void translate(bp_translate_result *res)
{
	static bp_indicator_def defs[2];
	defs[0] = (bp_indicator_def){ .id = "p", .kind = BP_KIND_PUBLISHED_SHARE, .scale = 1 };
	defs[1] = (bp_indicator_def){ .id = "r", .kind = BP_KIND_RATIO, .scale = 100, .min_denominator = 80 };
	bp_indicator_set set = { .items = defs, .n = 2 };
	bp_error err = { 0 };
	if (bp_translate_values(conn(), &set, res, &err))
		fail_msg("translate: %s (%s)", err.message, err.detail);
}

static void test_ratio(void **state)
{
	(void)state;
	bp_translate_result res;
	translate(&res);
	assert_int_equal(res.crosswalks, 1);
	assert_int_equal(res.values, 14);      /* 7 to-areas × 2 indicators */
	assert_int_equal(res.identical, 4);    /* 06 and 17 for both */
	assert_int_equal(res.suppressed, 3);   /* r: 11, 12, 17 */
	assert_string_equal(col("suppressed_reason", "r", "WK099911"), "small_denominator");
	assert_string_equal(col("suppressed_reason", "r", "WK099912"), "small_denominator");
	assert_string_equal(col("value", "r", "WK099911"), "");      /* nothing of a suppressed value shows */
	assert_string_equal(col("numerator", "r", "WK099911"), "");
	assert_near(value("r", "WK099913"), 30, 1e-9);
	assert_near(value("r", "WK099914"), 595.0 / 39.0, 1e-9);
	assert_near(value("r", "WK099915"), 25, 1e-9);
	assert_near(num("SELECT denominator FROM bp.indicator_value_translated WHERE indicator_id = '%s' "
	                "AND area_code = '%s'", "r", "WK099914"), 39000.0 / 190.0, 1e-9);
	assert_near(value("r", "WK099906"), 10, 0);
	assert_string_equal(col("method || ' ' || numerator || '/' || denominator", "r", "WK099906"), "identical 7/70");
	assert_string_equal(col("suppressed_reason", "r", "WK099917"), "translation_incomplete");
	assert_string_equal(col("method || ' ' || n_contributors", "r", "WK099914"), "ratio 2");
	/* Every row says what it is. */
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT string_agg(DISTINCT status || ': ' || note, '; ' ORDER BY status || ': ' || note) "
		"FROM bp.indicator_value_translated"),
		"translated: omgerekend van indeling 2020; translated: overgenomen van indeling 2020 (grenzen gelijk)");
	assert_string_equal(col("note", "r", "WK099914"), "omgerekend van indeling 2020");
	assert_string_equal(col("indeling_year || ' ' || from_indeling_year || ' ' || period || ' ' || gemeente_code",
	                        "r", "WK099914"), "2030 2020 2020 GM0999");
}

static void test_weighted_mean(void **state)
{
	(void)state;
	assert_near(value("p", "WK099911"), 12, 1e-9);
	assert_near(value("p", "WK099912"), 12, 1e-9);
	assert_string_equal(col("ci_low || ' ' || ci_high", "p", "WK099911"), "10 14");
	assert_near(value("p", "WK099913"), 20, 1e-9);
	assert_string_equal(col("ci_low || ' ' || ci_high || ' ' || synthetic", "p", "WK099913"), "8 35 true");
	assert_near(value("p", "WK099914"), 70.0 / 11.0, 1e-9);
	assert_string_equal(col("ci_low || ' ' || ci_high || ' ' || method", "p", "WK099914"), "4 22 weighted_mean");
	assert_near(value("p", "WK099915"), 20, 1e-9);
	assert_string_equal(col("method || ' ' || value || ' ' || ci_low || ' ' || ci_high", "p", "WK099917"),
	                    "identical 40 35 45");
	assert_string_equal(col("numerator", "p", "WK099914"), "");
	/* A survey-results figure stays one where every contributor is one: 06 (identical) and 11, 12 (01 alone);
	 * 13 (02, 03) and 17 (07) are not. */
	assert_string_equal(bp_test_scalar(conn(), "SELECT string_agg(area_code || ':' || survey_result, ' ' "
	                                           "ORDER BY area_code) FROM bp.indicator_value_translated "
	                                           "WHERE indicator_id = 'p' AND area_code IN ('WK099906', 'WK099911', "
	                                           "'WK099912', 'WK099913', 'WK099917')"),
	                    "WK099906:true WK099911:true WK099912:true WK099913:false WK099917:false");
}

/* The view for readers: a native value of the same key wins; a translated one says so. */
static void test_view(void **state)
{
	(void)state;
	exec("INSERT INTO bp.area (code, indeling_year, level, name, gemeente_code) "
	     "VALUES ('WK099915', 2030, 'wijk', 'constructed 15', 'GM0999')");
	exec("INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, "
	     "  definition_hash, gemeente_code) VALUES ('p', 'WK099915', 2030, '2020', 21, 'x', 'GM0999')");
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT string_agg(format('%s %s %s', value, origin, coalesce(note, '-')), '; ') "
		"FROM bp.indicator_value_with_translated WHERE indicator_id = 'p' AND area_code = 'WK099915'"),
		"21 native -");
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT format('%s %s %s', round(value::numeric, 4), origin, note) "
		"FROM bp.indicator_value_with_translated WHERE indicator_id = 'p' AND area_code = 'WK099914'"),
		"6.3636 weighted_mean omgerekend van indeling 2020");
	exec("DELETE FROM bp.indicator_value WHERE area_code = 'WK099915'");
	exec("DELETE FROM bp.area WHERE code = 'WK099915'");
}


/* One series of the constructed areas as a page reads it (report/areadata.h). */
static bp_area_series *series_of(bp_arena *a, bp_area_scope *sc, const bp_indicator_def *def, const char *code,
                                 int year)
{
	static const bp_indicator_def *defs[1];
	static int synthetic[1];
	defs[0] = def;
	*sc = (bp_area_scope){ .gemeente = "GM0999", .gemeente_name = "Constructed", .year = year, .defs = defs,
	                       .synthetic = synthetic, .n_defs = 1, .ids_array = "{p}" };
	bp_area_series *s = NULL;
	bp_error err = { 0 };
	if (bp_area_series_load(conn(), sc, code, year, a, &s, &err))
		fail_msg("series %s: %s (%s)", code, err.message, err.detail);
	return s;
}

/*
 * From the reader's side (issue 22 item 2): a 2030 wijk whose borders
 * changed shows the translated value, marked, in its table row, its trend
 * chart (open marker, named in the chart's note) and against the gemeente's
 * value of the indeling it came from; one with identical borders shows the
 * value as it was with "grenzen gelijk", not as an approximation.
 */
static void test_shown_on_pages(void **state)
{
	(void)state;
	exec("INSERT INTO bp.area (code, indeling_year, level, name, gemeente_code) VALUES "
	     "('GM0999', 2020, 'gemeente', 'Constructed', 'GM0999'), ('GM0999', 2030, 'gemeente', 'Constructed', 'GM0999'), "
	     "('WK099914', 2030, 'wijk', 'constructed 14', 'GM0999'), ('WK099906', 2030, 'wijk', 'constructed 6', 'GM0999'), "
	     "('WK099915', 2030, 'wijk', 'constructed 15', 'GM0999'), ('BU09991401', 2030, 'buurt', 'b', 'GM0999'), "
	     "('WK099901', 2030, 'wijk', 'constructed 1 (2030)', 'GM0999'), "
	     "('CUdorp', 2030, 'custom', 'Dorp', 'GM0999'), ('CUhalf', 2030, 'custom', 'Half', 'GM0999')");
	/* Custom areas of 2030 (issue 22 item 3): Dorp = wijken 14 and 15, so all
	 * of 04 and all of 05 (shares 1 and 100/190 + 90/190); Half has a
	 * member (a buurt) the wijk crosswalk does not reach: no value, rather
	 * than that of a part as if it were the whole. */
	exec("INSERT INTO bp.custom_area (code, indeling_year, id, kind) VALUES "
	     "('CUdorp', 2030, 'dorp', 'dorp'), ('CUhalf', 2030, 'half', 'dorp')");
	exec("INSERT INTO bp.custom_area_member (custom_code, indeling_year, member_code) VALUES "
	     "('CUdorp', 2030, 'WK099914'), ('CUdorp', 2030, 'WK099915'), "
	     "('CUhalf', 2030, 'WK099914'), ('CUhalf', 2030, 'BU09991401')");
	bp_translate_result res;
	translate(&res);
	assert_int_equal(res.values, 16);      /* 14 as before and Dorp's two */
	/* r: (5 + 50) / (100 + 200) × 100; p: (5 × 1000 + 20 × 190) / 1190, interval [4, 22] */
	assert_near(value("r", "CUdorp"), 55.0 / 300.0 * 100, 1e-9);
	assert_near(value("p", "CUdorp"), 8800.0 / 1190.0, 1e-9);
	assert_string_equal(col("ci_low || ' ' || ci_high || ' ' || method || ' ' || note || ' ' || gemeente_code",
	                        "p", "CUdorp"), "4 22 weighted_mean omgerekend van indeling 2020 GM0999");
	assert_string_equal(bp_test_scalar(conn(), "SELECT count(*) FROM bp.indicator_value_translated "
	                                          "WHERE area_code = 'CUhalf'"), "0");
	exec("INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, definition_hash, "
	     "  gemeente_code) VALUES ('p', 'GM0999', 2020, '2020', 15, 'x', 'GM0999')");
	/* The view: one row per area, saying where it comes from. */
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT string_agg(format('%s %s %s', area_code, origin, coalesce(note, '-')), '; ' ORDER BY area_code) "
		"FROM bp.indicator_value_shown WHERE indicator_id = 'p' AND shown_year = 2030 "
		"AND area_code IN ('WK099901', 'WK099906', 'WK099914')"),
		"WK099906 identical overgenomen van indeling 2020 (grenzen gelijk); "
		"WK099914 translated omgerekend van indeling 2020");

	/* The API's view: the translated value in the to-indeling beside the native ones, marked. */
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT string_agg(format('%s %s %s %s %s', area_code, indeling_year, translated, "
		"coalesce(from_indeling_year::text, '-'), coalesce(note, '-')), '; ' ORDER BY area_code, indeling_year) "
		"FROM bp.indicator_value_served WHERE indicator_id = 'p' AND area_code IN ('WK099906', 'WK099914')"),
		"WK099906 2020 f - -; WK099906 2030 f 2020 overgenomen van indeling 2020 (grenzen gelijk); "
		"WK099914 2030 t 2020 omgerekend van indeling 2020");

	bp_arena *a = bp_arena_new();
	static const bp_indicator_def def = { .id = "p", .title_nl = "Constructed share", .unit = "%", .decimals = 1,
	                                      .kind = BP_KIND_PUBLISHED_SHARE, .scale = 1, .theme = "t" };
	bp_area_scope sc;
	bp_area_series *s = series_of(a, &sc, &def, "WK099914", 2030);
	assert_int_equal(s->n, 1);
	assert_near(s->value[0], 70.0 / 11.0, 1e-9);        /* bp.indicator_value_translated's, worked out above */
	assert_near(s->ci_lo[0], 4, 0);
	assert_near(s->ci_hi[0], 22, 0);
	assert_int_equal(s->translated[0], 1);
	assert_string_equal(bp_area_series_period_label(a, s, 0, BP_LANG_NL), "2020 (omgerekend van indeling 2020)");
	/* English from the row's origin and from_indeling_year, not from the Dutch sentence. */
	assert_string_equal(bp_area_series_period_label(a, s, 0, BP_LANG_EN), "2020 (converted from the 2020 classification)");
	/* The gemeente it is compared with: the gemeente's own value in 2020. */
	assert_near(s->gm[0], 15, 0);
	assert_near(s->gm_diff[0], 70.0 / 11.0 - 15, 1e-9);
	assert_true(isnan(s->pct[0]));                      /* no rank among values of another indeling */

	assert_string_equal(bp_area_profile_subtitle(a, &sc, s, "t", "2020", BP_LANG_NL),
	                    "Vergeleken met Constructed, 2020; omgerekend van indeling 2020");
	bp_trend chart;
	bp_area_page_trend_chart(a, &sc, "constructed 14", s, BP_LANG_NL, &chart);
	assert_non_null(chart.series[0].open);
	assert_int_equal(chart.series[0].open[0], 1);
	unsigned char *svg = NULL;
	size_t len = 0;
	bp_error err = { 0 };
	if (bp_trend_render(&chart, BP_IMAGE_SVG, &svg, &len, &err))
		fail_msg("trend: %s", err.message);
	char *text = bp_test_svg_words(svg, len);
	free(svg);
	/* the open marker, and the band at it: the span of the source areas' bounds, no 95% interval */
	if (!strstr(text, "Open punt van constructed 14: omgerekend van indeling 2020.") ||
	    !strstr(text, "Vlak om de lijn van constructed 14: omgerekend van een andere indeling: van de laagste tot de "
	                  "hoogste grens") || strstr(text, "95%-interval;"))
		fail_msg("the trend chart does not say what its open marker and band are: %s", text);
	free(text);
	/* The same chart in English: its note from the row's origin, its number with a decimal point
	 * (70 / 11 = 6.36..., one decimal). */
	bp_area_page_trend_chart(a, &sc, "constructed 14", s, BP_LANG_EN, &chart);
	if (bp_trend_render(&chart, BP_IMAGE_SVG, &svg, &len, &err))
		fail_msg("trend: %s", err.message);
	text = bp_test_svg_words(svg, len);
	free(svg);
	if (!strstr(text, "Open point of constructed") || !strstr(text, "converted from the 2020") ||
	    !strstr(text, "6.4%") || strstr(text, "6,4") || strstr(text, "omgerekend") || !strstr(text, "the Netherlands") ||
	    !strstr(text, "Band around the line of constructed 14: converted from another classification: from the "
	                  "lowest to the highest bound"))
		fail_msg("the English trend chart: %s", text);
	free(text);

	s = series_of(a, &sc, &def, "WK099906", 2030);
	assert_int_equal(s->n, 1);
	assert_near(s->value[0], 50, 0);
	assert_int_equal(s->translated[0], 0);              /* the same borders: not an approximation */
	assert_string_equal(bp_area_series_period_label(a, s, 0, BP_LANG_NL),
	                    "2020 (overgenomen van indeling 2020 (grenzen gelijk))");
	assert_string_equal(bp_area_profile_subtitle(a, &sc, s, "t", "2020", BP_LANG_EN),
	                    "Compared with Constructed, 2020; taken over from the 2020 classification (same borders)");
	assert_string_equal(bp_area_profile_subtitle(a, &sc, s, "t", "2020", BP_LANG_NL),
	                    "Vergeleken met Constructed, 2020; overgenomen van indeling 2020 (grenzen gelijk)");
	bp_area_page_trend_chart(a, &sc, "constructed 6", s, BP_LANG_NL, &chart);
	assert_null(chart.series[0].open);

	/* WK099901 of 2030 keeps the code of a 2020 wijk whose borders changed (01 was split over 11
	 * and 12): the crosswalk exists, so its 2020 value is not put on it by code. */
	s = series_of(a, &sc, &def, "WK099901", 2030);
	assert_int_equal(s->n, 0);
	bp_arena_free(a);
}

/*
 * A composite index over translated values (issue 22): the custom area
 * Dorp and the 2030 wijken have no native p or r, only what the crosswalk
 * carried over (test_shown_on_pages).  Index normalisation, 100 = the
 * gemeente GM0999 in 2020, whose native values are p 15, r 20 (the
 * reference is read in the indeling the values came from); the index and
 * both components higher-is-worse, so each score is 100 x / ref:
 *   Dorp  p 8800/1190, r 55/3
 *   14    p 70/11, r 595/39;  15 p 20, r 25;  06 (identical) p 50, r 10
 * Ranks among the translated wijken (1 = most need = highest): 06, 15, 14.
 * The 2020 wijken's own values make native composites in indeling 2020.
 */
static void test_composite_of_translated(void **state)
{
	(void)state;
	exec("INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, definition_hash, "
	     "  gemeente_code) VALUES ('r', 'GM0999', 2020, '2020', 20, 'x', 'GM0999')");
	bp_translate_result tr;
	translate(&tr);
	char dir[256];
	bp_test_tmpdir(dir, sizeof(dir));
	const char *path = bp_test_write_filef(dir, "cx.yaml", "id: cx\ntitle: cx\ntheme: participatie\nsource: test\n"
		"polarity: higher-is-worse\nnormalisation: index\nindex: {reference: GM0999, base_period: \"2020\"}\n"
		"components:\n  - {indicator: p, polarity: higher-is-worse}\n  - {indicator: r, polarity: higher-is-worse}\n");
	static bp_indicator_def defs[2];
	defs[0] = (bp_indicator_def){ .id = "p", .kind = BP_KIND_PUBLISHED_SHARE, .scale = 1 };
	defs[1] = (bp_indicator_def){ .id = "r", .kind = BP_KIND_RATIO, .scale = 100, .min_denominator = 80 };
	bp_indicator_set inds = { .items = defs, .n = 2 };
	bp_arena *a = bp_arena_new();
	bp_composite_def d;
	bp_composite_set set = { &d, 1 };
	bp_composite_result res;
	bp_error err = { 0 };
	if (bp_composite_load_file(path, a, &d, &err) || bp_composites_resolve(&set, &inds, &err) ||
	    bp_compute_composites(conn(), &set, 1, &res, &err))
		fail_msg("composite: %s (%s)", err.message, err.detail);
	assert_int_equal(res.computed, 1);
	double dorp = (100 * (8800.0 / 1190.0) / 15 + 100 * (55.0 / 3.0) / 20) / 2;
	assert_near(value("cx", "CUdorp"), dorp, 1e-9);
	assert_near(value("cx", "WK099914"), (100 * (70.0 / 11.0) / 15 + 100 * (595.0 / 39.0) / 20) / 2, 1e-9);
	assert_near(value("cx", "WK099906"), (100 * 50.0 / 15 + 100 * 10.0 / 20) / 2, 1e-9);
	/* marked as translated wherever it is shown, never a native value */
	assert_string_equal(col("method || ' ' || from_indeling_year || ' ' || period || ' ' || note", "cx", "CUdorp"),
	                    "composite 2020 2020 omgerekend van indeling 2020");
	assert_string_equal(bp_test_scalar(conn(), "SELECT count(*) FROM bp.indicator_value WHERE indicator_id = 'cx' "
	                                          "AND indeling_year = 2030"), "0");
	assert_string_equal(bp_test_scalar(conn(), "SELECT origin || ' ' || note FROM bp.indicator_value_shown "
	                                          "WHERE indicator_id = 'cx' AND area_code = 'CUdorp'"),
	                    "translated omgerekend van indeling 2020");
	/* 06's components were carried over unchanged ("grenzen gelijk"): its note says so */
	assert_string_equal(col("note", "cx", "WK099906"), "overgenomen van indeling 2020 (grenzen gelijk)");
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT string_agg(area_code || ' ' || rank || '/' || n_ranked, '; ' ORDER BY area_code) "
		"FROM bp.composite_rank WHERE composite_id = 'cx' AND scheme = 'configured' AND indeling_year = 2030"),
		"CUdorp 1/1; WK099906 1/3; WK099914 3/3; WK099915 2/3");
	/* a translation run again keeps the composite's rows: they are the composite's */
	translate(&tr);
	assert_near(value("cx", "CUdorp"), dorp, 1e-9);
	/* leave the later tests' tables as they were */
	exec("DELETE FROM bp.indicator_value_translated WHERE indicator_id = 'cx'");
	exec("DELETE FROM bp.composite_score WHERE composite_id = 'cx'");
	exec("DELETE FROM bp.indicator_value WHERE indicator_id = 'cx'");
	exec("DELETE FROM bp.indicator_value WHERE indicator_id = 'r' AND area_code = 'GM0999'");
	bp_arena_free(a);
	bp_test_rmtree(dir);
}

static void test_rerun_replaces(void **state)
{
	(void)state;
	exec("UPDATE bp.indicator_value SET value = 60 WHERE indicator_id = 'p' AND area_code = 'WK099906'");
	bp_translate_result res;
	translate(&res);
	assert_int_equal(res.values, 16);      /* with the custom area of test_shown_on_pages */
	assert_near(value("p", "WK099906"), 60, 0);
	/* Without a crosswalk nothing is translated, and nothing stale stays. */
	exec("DELETE FROM bp.crosswalk");
	translate(&res);
	assert_int_equal(res.crosswalks, 0);
	assert_string_equal(bp_test_scalar(conn(), "SELECT count(*) FROM bp.indicator_value_translated"), "0");
	/* Without a crosswalk a page matches codes as before, and says so. */
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT format('%s %s %s %s', value, origin, indeling_year, note) FROM bp.indicator_value_shown "
		"WHERE indicator_id = 'p' AND area_code = 'WK099901' AND shown_year = 2030"),
		"12 same_code 2020 indeling 2020, zelfde code; grenzen niet gecontroleerd");
	/* Its English, as the pages read origin and from_indeling_year of that row. */
	bp_arena *a = bp_arena_new();
	assert_string_equal(bp_shown_note_en(a, "same_code", 2020, "indeling 2020, zelfde code; grenzen niet gecontroleerd"),
	                    "2020 classification, same code; borders not checked");
	bp_arena_free(a);
}

/* The custom area of the file at path, stored as the only one, and every drawn area's overlays built. */
static bp_custom_overlay_result store_drawn(bp_arena *a, const char *path)
{
	bp_custom_area_set set = { .n = 1 };
	set.items = bp_arena_alloc(a, sizeof(*set.items));
	bp_custom_overlay_result ov = { 0 };   /* fail_msg does not return, but clang cannot tell */
	bp_error err = { 0 };
	if (bp_custom_area_load_file(path, a, &set.items[0], &err) || bp_custom_areas_store(conn(), &set, &err) ||
	    bp_custom_overlay_build(conn(), 0, &ov, &err))
		fail_msg("drawn area: %s (%s) at %s:%ld", err.message, err.detail, err.where, err.line);
	return ov;
}

/*
 * A custom area drawn as a polygon (issue 22 item 3): the CONSTRUCTED
 * rectangle x 150200–151500, y 450000–451000 (1.3 km²) in RD New, of
 * indeling 2030.  By hand, with the squares of tests/fixtures/crosswalk/:
 *   wijken 2020 (weighed by the buurten 2030's inhabitants):
 *     01: 250 of its 400 inhabitants (300 × 0.2/0.4 + 100) lie inside: 0.625;
 *     02: nobody lives there, by surface 0.5 km² of 1 km²: 0.5.
 *     r = (0.625 × 30 + 0.5 × 10) / (0.625 × 100 + 0.5 × 50) × 100 = 190/7;
 *     p = (250 × 12 + 0 × 10) / 250 = 12, interval [8, 14].
 *   wijken 2030 (values inserted here, period 2030):
 *     11: 150 of 300: 0.5;  12: all: 1;  13: nobody, 0.5 of 2 km²: 0.25.
 *     r = (0.5 × 40 + 20 + 0.25 × 30) / (50 + 100 + 50) × 100 = 23.75;
 *     p = (150 × 10 + 100 × 20 + 0 × 40) / 250 = 14, interval [8, 50].
 *   buurten 2030 cover only 0.8 of the 1.3 km² (buurten 11 and 12): no overlay.
 */
static void test_drawn(void **state)
{
	(void)state;
	char dir[256];
	bp_test_tmpdir(dir, sizeof(dir));
	const char *path = bp_test_write_filef(dir, "getekend.yaml",
		"id: getekend\nname: Getekend\ngemeente: GM0999\nkind: dorp\nindeling_year: 2030\n"
		"polygon:\n"
		"  coordinates:\n"
		"    - [[150200, 450000], [151500, 450000], [151500, 451000], [150200, 451000], [150200, 450000]]\n");
	exec("INSERT INTO bp.area (code, indeling_year, level, name, gemeente_code) "
	     "SELECT 'WK09991' || i, 2030, 'wijk', 'constructed 1' || i, 'GM0999' FROM generate_series(1, 3) i "
	     "ON CONFLICT DO NOTHING");
	exec("INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, numerator, "
	     "  denominator, ci_low, ci_high, definition_hash, gemeente_code) VALUES "
	     "('r', 'WK099911', 2030, '2030', 40, 40, 100, NULL, NULL, 'x', 'GM0999'), "
	     "('r', 'WK099912', 2030, '2030', 20, 20, 100, NULL, NULL, 'x', 'GM0999'), "
	     "('r', 'WK099913', 2030, '2030', 15, 30, 200, NULL, NULL, 'x', 'GM0999'), "
	     "('p', 'WK099911', 2030, '2030', 10, NULL, NULL, 8, 12, 'x', 'GM0999'), "
	     "('p', 'WK099912', 2030, '2030', 20, NULL, NULL, 18, 22, 'x', 'GM0999'), "
	     "('p', 'WK099913', 2030, '2030', 40, NULL, NULL, 30, 50, 'x', 'GM0999')");
	bp_arena *a = bp_arena_new();
	bp_custom_overlay_result ov = store_drawn(a, path);
	assert_int_equal(ov.polygons, 1);
	assert_int_equal(ov.overlays, 2);       /* wijken 2020 and 2030 */
	assert_int_equal(ov.uncovered, 1);      /* buurten 2030 */
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT string_agg(format('%s %s %s %s %s', o.level, o.from_year, o.method, s.from_code, round(s.share::numeric, 6)), "
		"'; ' ORDER BY o.level, o.from_year, s.from_code) "
		"FROM bp.custom_area_overlay o JOIN bp.custom_area_overlay_share s ON s.overlay_id = o.id"),
		"wijk 2020 population WK099901 0.625000; wijk 2020 population WK099902 0.500000; "
		"wijk 2030 population WK099911 0.500000; wijk 2030 population WK099912 1.000000; "
		"wijk 2030 population WK099913 0.250000");

	bp_translate_result res;
	translate(&res);
	assert_int_equal(res.overlays, 2);
	assert_near(num("SELECT value FROM bp.indicator_value_translated WHERE indicator_id = '%s' "
	                "AND area_code = '%s' AND from_indeling_year = 2020", "r", "CUgetekend"), 190.0 / 7.0, 1e-9);
	assert_near(num("SELECT value FROM bp.indicator_value_translated WHERE indicator_id = '%s' "
	                "AND area_code = '%s' AND from_indeling_year = 2030", "r", "CUgetekend"), 23.75, 1e-9);
	/* Every value of a drawn area is marked translated, with where it came from. */
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT string_agg(format('%s %s %s %s [%s, %s] %s: %s', indicator_id, indeling_year, period, "
		"round(value::numeric, 4), ci_low, ci_high, status, note), '; ' ORDER BY indicator_id, period) "
		"FROM bp.indicator_value_translated WHERE area_code = 'CUgetekend' AND indicator_id = 'p'"),
		"p 2030 2020 12.0000 [8, 14] translated: omgerekend van indeling 2020 (wijken, getekend gebied); "
		"p 2030 2030 14.0000 [8, 50] translated: omgerekend van indeling 2030 (wijken, getekend gebied)");
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT string_agg(DISTINCT origin, ',') FROM bp.indicator_value_shown WHERE area_code = 'CUgetekend'"),
		"translated");
	bp_arena_free(a);
	bp_test_rmtree(dir);
}

/*
 * The same rectangle drawn in WGS84 (crs EPSG:4326): its corners converted
 * from RD New with the published approximation of Schreutelkamp and Strang
 * van Hees (RD → ETRS89, within a metre; written out by hand in Python,
 * not by PROJ), so the shares of test_drawn within a metre's worth: 1 m
 * along a 1 km edge moves a share by at most 0.001 or so.  With the crs
 * ignored, degrees taken for metres lie nowhere near these squares.
 */
static void test_drawn_wgs84(void **state)
{
	(void)state;
	char dir[256];
	bp_test_tmpdir(dir, sizeof(dir));
	const char *path = bp_test_write_filef(dir, "wgs.yaml",
		"id: getekend-wgs\nname: Getekend in WGS84\ngemeente: GM0999\nkind: dorp\nindeling_year: 2030\n"
		"polygon:\n  crs: EPSG:4326\n  coordinates:\n"
		"    - [[5.31724850, 52.03830954], [5.33619526, 52.03831924], [5.33618505, 52.04730733], "
		"[5.31723449, 52.04729762], [5.31724850, 52.03830954]]\n");
	bp_arena *a = bp_arena_new();
	bp_custom_overlay_result ov = store_drawn(a, path);
	assert_int_equal(ov.overlays, 2);
	const char *q = "SELECT s.share FROM bp.custom_area_overlay o JOIN bp.custom_area_overlay_share s "
	                "ON s.overlay_id = o.id WHERE o.from_year = %s AND s.from_code = '%s'";
	assert_near(num(q, "2020", "WK099901"), 0.625, 0.003);
	assert_near(num(q, "2020", "WK099902"), 0.5, 0.003);
	assert_near(num(q, "2030", "WK099911"), 0.5, 0.003);
	assert_near(num(q, "2030", "WK099912"), 1, 0.003);
	assert_near(num(q, "2030", "WK099913"), 0.25, 0.003);
	assert_near(num("SELECT polygon_m2 FROM bp.custom_area_overlay WHERE from_year = %s AND level = '%s'",
	                "2020", "wijk"), 1.3e6, 1.3e6 * 0.003);
	bp_arena_free(a);
	bp_test_rmtree(dir);
}

/*
 * Drawn areas may overlap: "eerste" is exactly the 2020 square WK099901,
 * "getekend" the rectangle of test_drawn.  WK099901 lies wholly in eerste
 * (share 1) and for 0.625 in getekend, as when drawn alone: an area equal
 * to one drawn area is not thereby kept out of another.
 */
static void test_drawn_overlapping(void **state)
{
	(void)state;
	char dir[256];
	bp_test_tmpdir(dir, sizeof(dir));
	const char *head = "gemeente: GM0999\nkind: dorp\nindeling_year: 2030\npolygon:\n  coordinates:\n";
	bp_arena *a = bp_arena_new();
	/* bp_test_write_filef's path lives until its next call: kept. */
	const char *paths[2] = {
		bp_arena_strdup(a, bp_test_write_filef(dir, "eerste.yaml", "id: eerste\nname: Eerste\n%s"
			"    - [[150000, 450000], [151000, 450000], [151000, 451000], [150000, 451000], [150000, 450000]]\n",
			head)),
		bp_arena_strdup(a, bp_test_write_filef(dir, "getekend.yaml", "id: getekend\nname: Getekend\n%s"
			"    - [[150200, 450000], [151500, 450000], [151500, 451000], [150200, 451000], [150200, 450000]]\n",
			head)),
	};
	bp_custom_area_set set = { .n = 2 };
	set.items = bp_arena_alloc(a, 2 * sizeof(*set.items));
	bp_custom_overlay_result ov;
	bp_error err = { 0 };
	for (size_t i = 0; i < 2; i++)
		if (bp_custom_area_load_file(paths[i], a, &set.items[i], &err))
			fail_msg("%s: %s", paths[i], err.message);
	if (bp_custom_areas_store(conn(), &set, &err) || bp_custom_overlay_build(conn(), 0, &ov, &err))
		fail_msg("drawn areas: %s (%s)", err.message, err.detail);
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT string_agg(format('%s %s', o.custom_code, round(s.share::numeric, 6)), '; ' ORDER BY o.custom_code) "
		"FROM bp.custom_area_overlay o JOIN bp.custom_area_overlay_share s ON s.overlay_id = o.id "
		"WHERE o.from_year = 2020 AND s.from_code = 'WK099901'"),
		"CUeerste 1.000000; CUgetekend 0.625000");
	bp_arena_free(a);
	bp_test_rmtree(dir);
}

/* A drawn area's mistakes point at the file, line and column. */
static void test_drawn_errors(void **state)
{
	(void)state;
	char dir[256];
	bp_test_tmpdir(dir, sizeof(dir));
	bp_arena *a = bp_arena_new();
	bp_custom_area c;
	bp_error err = { 0 };
	const char *head = "id: fout\nname: Fout\ngemeente: GM0999\nkind: dorp\nindeling_year: 2030\n";
	const char *open = bp_test_write_filef(dir, "open.yaml", "%spolygon:\n  coordinates:\n"
		"    - [[150200, 450000], [151500, 450000], [151500, 451000], [150200, 451001]]\n", head);
	assert_int_equal(bp_custom_area_load_file(open, a, &c, &err), BP_ERR_CONFIG);
	assert_non_null(strstr(err.message, "must end at its first point"));
	assert_int_equal(err.line, 8);
	assert_int_equal(err.column, 62);
	const char *both = bp_test_write_filef(dir, "both.yaml", "%smembers: [WK099911]\npolygon: {coordinates: []}\n", head);
	memset(&err, 0, sizeof(err));
	assert_int_equal(bp_custom_area_load_file(both, a, &c, &err), BP_ERR_CONFIG);
	assert_int_equal(err.line, 7);
	const char *none = bp_test_write_filef(dir, "none.yaml", "%s", head);
	memset(&err, 0, sizeof(err));
	assert_int_equal(bp_custom_area_load_file(none, a, &c, &err), BP_ERR_CONFIG);
	assert_string_equal(err.message, "a custom area needs 'members' or 'polygon'");
	/* A bow tie: GEOS finds it invalid; refused at the polygon, not repaired into another area. */
	const char *bow = bp_test_write_filef(dir, "bow.yaml", "%spolygon:\n  coordinates:\n"
		"    - [[150000, 450000], [151000, 451000], [151000, 450000], [150000, 451000], [150000, 450000]]\n", head);
	bp_custom_area_set set = { .items = &c, .n = 1 };
	bp_custom_overlay_result ov;
	memset(&err, 0, sizeof(err));
	if (bp_custom_area_load_file(bow, a, &c, &err) || bp_custom_areas_store(conn(), &set, &err))
		fail_msg("bow tie: %s", err.message);
	assert_int_equal(bp_custom_overlay_build(conn(), 0, &ov, &err), BP_ERR_CONFIG);
	assert_non_null(strstr(err.message, "is not valid"));
	assert_string_equal(err.where, bow);
	assert_int_equal(err.line, 7);
	bp_arena_free(a);
	bp_test_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_weighted_mean),
		cmocka_unit_test(test_view),
		cmocka_unit_test(test_shown_on_pages),
		cmocka_unit_test(test_composite_of_translated),
		cmocka_unit_test(test_rerun_replaces),
		cmocka_unit_test(test_drawn),
		cmocka_unit_test(test_drawn_wgs84),
		cmocka_unit_test(test_drawn_overlapping),
		cmocka_unit_test(test_drawn_errors),
	};
	return cmocka_run_group_tests_name("translate", tests, setup, bp_test_db_teardown);
}
