/*
 * Tests for the age-structure chart: Schadewijk (Oss) against Oss and
 * Nederland, from the real KWB 2024 counts: the scale, where bars end and
 * markers stand in the pixels, a missing group, the golden image.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cairo.h>

#include "core/arena.h"
#include "core/error.h"
#include "render/agestructure.h"
#include "rendertest.h"

/*
 * Inhabitants and the five age groups, copied from
 * /work/shared/data/cbs-kwb-2024-statline-csv-all-nl/Kerncijfers_wijken_en_buurten_2024_geslachten.csv
 * (rows WK082801, GM0828, NL00): total, 0-15, 15-25, 25-45, 45-65, 65+.
 */
static const double SCHADEWIJK[6] = { 10575, 1570, 1205, 3105, 2805, 1890 };
static const double OSS[6] = { 94634, 13763, 10947, 23594, 26561, 19769 };
static const double NL[6] = { 17942942, 2714040, 2202159, 4586399, 4763116, 3677228 };

static void shares(const double *counts, double *out)
{
	for (int i = 0; i < 5; i++)
		out[i] = 100 * counts[i + 1] / counts[0];
}

typedef struct ages {
	double area[5], oss[5], nl[5];
	bp_age_series refs[2];
} ages;

static bp_agestructure chart_of(ages *g)
{
	shares(SCHADEWIJK, g->area);
	shares(OSS, g->oss);
	shares(NL, g->nl);
	g->refs[0] = (bp_age_series){ "Oss", g->oss };
	g->refs[1] = (bp_age_series){ "Nederland", g->nl };
	bp_agestructure c = {
		.title = "Leeftijdsopbouw van Schadewijk",
		.subtitle = "% van de inwoners, 1 januari 2024",
		.source = "Bron: CBS, Kerncijfers wijken en buurten 2024 (CC BY 4.0); bewerking buurtpeil",
		.groups = bp_age_kwb_groups,
		.n_groups = BP_AGE_KWB_GROUPS,
		.area = { "Schadewijk", g->area },
		.refs = g->refs,
		.n_refs = 2,
		.decimals = 1,
		.width = 800,
	};
	return c;
}

static void test_layout_and_pixels(void **state)
{
	rt_fixture *f = *state;
	ages g;
	bp_agestructure c = chart_of(&g);
	bp_agestructure_layout lay;
	bp_error err = { 0 };
	assert_int_equal(bp_agestructure_compute_layout(&c, f->arena, &lay, &err), BP_OK);
	/*
	 * The largest share is Schadewijk's 25-45: 3105 / 10575 = 29,36%.  Nice
	 * steps for 0..29,36 in about 5: 5,87 rounds up to 10, so 0-30 in 4 ticks.
	 */
	assert_true(lay.scale_max == 30);
	assert_true(lay.tick_step == 10);
	assert_int_equal(lay.n_ticks, 4);
	double span = lay.plot_x1 - lay.plot_x0;
	assert_true(fabs(lay.bar_x1[2] - (lay.plot_x0 + 3105.0 / 10575 * 100 / 30 * span)) < 1e-9);
	/* Oss's 65+ marker: 19769 / 94634 = 20,89% */
	assert_true(fabs(lay.ref_x[0 * 5 + 4] - (lay.plot_x0 + 19769.0 / 94634 * 100 / 30 * span)) < 1e-9);

	unsigned char *png;
	size_t len;
	assert_int_equal(bp_agestructure_render(&c, BP_IMAGE_PNG, &png, &len, &err), BP_OK);
	cairo_surface_t *s = rt_png_surface(png, len);
	double mid = lay.row_y[2] + lay.row_h / 2;
	/* the 25-45 bar: blue just inside its end, not blue just beyond (nothing stands there) */
	assert_int_equal(rt_pixel(s, lay.bar_x1[2] - 2, mid + 6), BP_AGE_RGB_BAR);
	assert_int_not_equal(rt_pixel(s, lay.bar_x1[2] + 3, mid + 6), BP_AGE_RGB_BAR);
	/* Oss's marker (orange, solid) above the 65+ bar; Nederland's, dashed, in the 0-15 row */
	double m4 = lay.row_y[4] + lay.row_h / 2 - lay.bar_h / 2 - 3;
	assert_int_equal(rt_pixel(s, lay.ref_x[4], m4), BP_RGB_ORANGE);
	cairo_surface_destroy(s);
	rt_keep("agestructure_schadewijk.png", png, len);
	rt_golden("agestructure_schadewijk.png", png, len, 0.005);
	free(png);
}

static void test_missing_group(void **state)
{
	rt_fixture *f = *state;
	ages g;
	bp_agestructure c = chart_of(&g);
	g.area[1] = NAN; /* 15-25 secret */
	bp_agestructure_layout lay;
	bp_error err = { 0 };
	assert_int_equal(bp_agestructure_compute_layout(&c, f->arena, &lay, &err), BP_OK);
	assert_true(isnan(lay.bar_x1[1]));
	unsigned char *png;
	size_t len;
	assert_int_equal(bp_agestructure_render(&c, BP_IMAGE_PNG, &png, &len, &err), BP_OK);
	cairo_surface_t *s = rt_png_surface(png, len);
	double mid = lay.row_y[1] + lay.row_h / 2;
	/* no bar in the row: left of the plot, where a bar would start, is white */
	assert_int_equal(rt_pixel(s, lay.plot_x0 + 2, mid + 7), 0xFFFFFF);
	cairo_surface_destroy(s);
	free(png);
}

static void test_errors_and_files(void **state)
{
	rt_fixture *f = *state;
	ages g;
	bp_agestructure c = chart_of(&g);
	bp_error err = { 0 };
	c.width = 200;
	char *p = rt_path(f, "leeftijd.svg");
	assert_int_equal(bp_agestructure_write(&c, BP_IMAGE_SVG, p, &err), BP_ERR_RENDER);
	assert_int_equal(rt_count_entries(f->dir), 0);
	bp_error err2 = { 0 };
	c.width = 800;
	assert_int_equal(bp_agestructure_write(&c, BP_IMAGE_SVG, p, &err2), BP_OK);
	assert_int_equal(rt_count_entries(f->dir), 1);
	bp_error err3 = { 0 };
	c.n_groups = 0;
	assert_int_equal(bp_agestructure_write(&c, BP_IMAGE_PDF, p, &err3), BP_ERR_RENDER);
}

/* Long area names (issue 24): column heads and legend cut, the chart lays out. */
static void test_long_area_names(void **state)
{
	rt_fixture *f = *state;
	const char *names[] = { RT_NAME76, rt_long_name(f->arena, 6000) };
	for (size_t i = 0; i < 2; i++) {
		ages g;
		bp_agestructure c = chart_of(&g);
		c.area.label = names[i];
		g.refs[0].label = names[i];
		c.title = names[i];
		c.subtitle = names[i];
		bp_agestructure_layout lay;
		bp_error err = { 0 };
		if (bp_agestructure_compute_layout(&c, f->arena, &lay, &err))
			fail_msg("%s", err.message);
		rt_renders_bounded(bp_agestructure_ops(), &c, 900);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_layout_and_pixels, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_missing_group, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_errors_and_files, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_long_area_names, rt_setup, rt_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
