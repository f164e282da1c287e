/*
 * test_layout.c: report layouts.  Each fixture in
 * tests/fixtures/yaml/layout/ is named after its report type; lines and
 * columns were counted by hand there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/error.h"
#include "engine/indicator_def.h"
#include "report/layout.h"

static const char *fixture_dir(bp_arena *a)
{
	const char *root = getenv("BP_FIXTURES");
	assert_non_null(root);
	return bp_arena_printf(a, "%s/yaml/layout", root);
}

static bp_error expect_error(const char *report, long line, long column, const char *message)
{
	bp_arena *a = bp_arena_new();
	bp_layout l;
	bp_error err;

	bp_error_clear(&err);
	assert_int_equal(bp_layout_load(fixture_dir(a), report, a, &l, &err), BP_ERR_CONFIG);
	assert_int_equal(err.rc, BP_ERR_CONFIG);
	assert_string_equal(err.where, bp_arena_printf(a, "%s/%s.yaml", fixture_dir(a), report));
	assert_int_equal(err.line, line);
	assert_int_equal(err.column, column);
	assert_string_equal(err.message, message);
	bp_arena_free(a);
	return err;
}

static void test_full(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_layout l;
	bp_error err;
	const char *path = bp_arena_printf(a, "%s/full.yaml", fixture_dir(a));

	bp_error_clear(&err);
	assert_int_equal(bp_layout_load(fixture_dir(a), "full", a, &l, &err), BP_OK);
	assert_string_equal(l.report, "full");
	assert_string_equal(l.title, "Buurten van {gemeente}");
	assert_string_equal(l.loc.file, path);
	assert_int_equal(l.loc.line, 2);
	assert_int_equal(l.loc.column, 1);
	assert_int_equal(l.n_charts, 2);

	const bp_layout_chart *c = &l.charts[0];
	assert_int_equal(c->type, BP_CHART_RANKING);
	assert_string_equal(c->indicator, "aandeel_65_plus");
	assert_string_equal(c->level, "buurt");
	assert_int_equal(c->n_references, 1);
	assert_string_equal(c->references[0], "land");
	assert_int_equal(c->want_png, 0);
	assert_int_equal(c->want_svg, 0);
	assert_int_equal(c->want_pdf, 1);
	assert_string_equal(c->loc.file, path);
	assert_int_equal(c->loc.line, 5);
	assert_int_equal(c->loc.column, 5);

	c = &l.charts[1];
	assert_string_equal(c->indicator, "aandeel_0_tot_15");
	assert_string_equal(c->level, "wijk");
	assert_int_equal(c->n_references, 0);   /* references is optional */
	assert_null(c->references);
	assert_int_equal(c->want_png, 1);
	assert_int_equal(c->want_svg, 1);
	assert_int_equal(c->want_pdf, 1);
	assert_int_equal(c->loc.line, 10);
	assert_int_equal(c->loc.column, 5);
	bp_arena_free(a);
}

/* The shipped layout says what the brief says, and names shipped indicators. */
static void test_shipped(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_layout l;
	bp_indicator_set set;
	bp_error err;
	const char *root = getenv("BP_FIXTURES");

	bp_error_clear(&err);
	if (bp_layout_load(bp_arena_printf(a, "%s/../../charts", root), "gemeente", a, &l, &err) != BP_OK)
		fail_msg("%s:%ld:%ld: %s", err.where, err.line, err.column, err.message);
	assert_string_equal(l.report, "gemeente");
	assert_string_equal(l.title, "Wijken van {gemeente}");
	/* As written in charts/gemeente.yaml: social resilience and participation
	 * first (loneliness ranked, mapped, mapped through the years and per buurt, then volunteering, informal care,
	 * making ends meet), then the age groups ranked and mapped. */
	static const struct { bp_chart_type type; const char *indicator; const char *level; } want[] = {
		{ BP_CHART_RANKING, "eenzaamheid", "wijk" },      { BP_CHART_MAP, "eenzaamheid", "wijk" },
		{ BP_CHART_MAP_PERIODS, "eenzaamheid", "wijk" },  { BP_CHART_MAP, "eenzaamheid", "buurt" },
		{ BP_CHART_RANKING, "vrijwilligerswerk", "wijk" }, { BP_CHART_RANKING, "mantelzorg", "wijk" },
		{ BP_CHART_RANKING, "moeite_met_rondkomen", "wijk" },
		{ BP_CHART_RANKING, "aandeel_65_plus", "wijk" },  { BP_CHART_RANKING, "aandeel_0_tot_15", "wijk" },
		{ BP_CHART_MAP, "aandeel_65_plus", "wijk" },      { BP_CHART_MAP, "aandeel_0_tot_15", "wijk" },
	};
	assert_int_equal(l.n_charts, sizeof(want) / sizeof(*want));
	assert_int_equal(bp_indicators_load_dir(bp_arena_printf(a, "%s/../../indicators", root), a, &set, &err),
	                 BP_OK);
	for (size_t i = 0; i < l.n_charts; i++) {
		const bp_layout_chart *c = &l.charts[i];
		assert_int_equal(c->type, want[i].type);
		assert_string_equal(c->indicator, want[i].indicator);
		assert_string_equal(c->level, want[i].level);
		if (c->type == BP_CHART_RANKING) {
			assert_int_equal(c->n_references, 2);
			assert_string_equal(c->references[0], "gemeente");
			assert_string_equal(c->references[1], "land");
		} else {
			assert_int_equal(c->n_references, 0);
		}
		assert_true(c->want_png && c->want_svg && !c->want_pdf);
		assert_non_null(bp_indicator_find(&set, c->indicator));
	}
	bp_arena_free(a);
}

static void test_file_errors(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_layout l;
	bp_error err;

	/* No layout for this report type. */
	bp_error_clear(&err);
	assert_int_equal(bp_layout_load(fixture_dir(a), "buurt", a, &l, &err), BP_ERR_IO);
	const char *path = bp_arena_printf(a, "%s/buurt.yaml", fixture_dir(a));
	assert_string_equal(err.where, path);
	assert_string_equal(err.hint, bp_arena_printf(a, "a report of type 'buurt' needs a layout file %s", path));

	/* A report type is a name, not a path. */
	bp_error_clear(&err);
	assert_int_equal(bp_layout_load(fixture_dir(a), "../layout/full", a, &l, &err), BP_ERR_USAGE);
	assert_string_equal(err.message, "invalid report type '../layout/full'");
	bp_error_clear(&err);
	assert_int_equal(bp_layout_load(fixture_dir(a), "", a, &l, &err), BP_ERR_USAGE);
	bp_arena_free(a);
}

static void test_mismatch(void **state)
{
	(void)state;
	bp_error err = expect_error("mismatch", 2, 9,
	                            "this layout is for report 'gemeente', but the file is mismatch.yaml");
	assert_string_equal(err.hint, "write report: mismatch, or rename the file");
}

static void test_chart_errors(void **state)
{
	(void)state;
	bp_error err = expect_error("bad_chart_type", 5, 11, "unknown type 'histogram'");
	assert_string_equal(err.hint, "allowed values: ranking, map, map_periods");
	err = expect_error("bad_level", 7, 12, "unknown level 'straat'");
	assert_string_equal(err.hint, "allowed values: wijk, buurt");
	err = expect_error("bad_reference", 8, 28, "unknown reference 'provincie'");
	assert_string_equal(err.hint, "allowed values: gemeente, land");
	expect_error("dup_format", 9, 25, "format 'png' is listed twice");
	expect_error("no_formats", 8, 14, "'formats' lists no format");
	expect_error("missing_indicator", 9, 5, "missing key 'indicator'");
	err = expect_error("chart_unknown_key", 6, 5, "unknown key 'indicatr'");
	assert_string_equal(err.hint,
	                    "did you mean 'indicator'? allowed keys: type, indicator, level, references, formats");
	err = expect_error("dup_chart", 9, 5, "a ranking of 'aandeel_65_plus' per wijk is already in this layout");
	assert_string_equal(err.detail, "first at line 5, column 5");
	expect_error("bad_indicator", 6, 16, "invalid indicator id 'Aandeel 65+'");
	expect_error("no_charts", 4, 9, "'charts' lists no chart");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_mismatch),
		cmocka_unit_test(test_chart_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
