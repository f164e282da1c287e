/*
 * test_placebo: the placebo chart, checked in its pixels.
 *
 * The case of test_effect "spread": the target's estimate 3, placebos
 * A 0, B 1.5, C -1.5, band [-1.35, 1.35].  Without title and source the
 * rows start at the frame's body_y = margin 16 + 14 = 30 and are 24 high:
 * row i is centred at 30 + (i + 0.5) x 24 (target 42, A 66, B 90, C 114).
 * The scale: bp_nice_scale(-1.5, 3, 6): rough 4.5 / 6 = 0.75, step 1, from
 * -2 to 3; its right end x1 = 800 - 16 - 24 = 760, so the target's dot is
 * centred at x 760.  The left end depends on the width of the names, so the
 * dots are checked against each other: B - A = (1.5 - 0) / (3 - 0) of the
 * target - A, and A - C = B - A.  test_stacked: the narrow variant.
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

#include "core/error.h"
#include "render/placebo.h"
#include "rendertest.h"

#define GREY 0x666666u   /* BP_RGB_MISSING: placebo dots */
#define BLUE 0x0072B2u   /* BP_RGB_BLUE: the target */
#define BAND 0xEDEDEDu

static const char *const labels[] = { "Wijk A", "Wijk B", "Wijk C" };
static const double values[] = { 0, 1.5, -1.5 };

static bp_placebo_chart chart(void)
{
	return (bp_placebo_chart){
		.decimals = 1, .target_label = "Doelwijk (interventie)", .target = 3, .labels = labels,
		.values = values, .n = 3, .has_band = 1, .band_lo = -1.35, .band_hi = 1.35, .width = 800,
	};
}

/* The centre of the first run of colour rgb along row y from x = 0 (across) or along column x from
 * row y down (down): the pixel's index along the line. */
static double run_along(cairo_surface_t *s, double x, double y, int down, uint32_t rgb)
{
	int first = -1, last = -1;
	int from = down ? (int)y : 0;
	int end = down ? cairo_image_surface_get_height(s) : cairo_image_surface_get_width(s);
	for (int i = from; i < end; i++) {
		if (rt_pixel(s, down ? x : i + 0.5, down ? i + 0.5 : y) == rgb) {
			if (first < 0)
				first = i;
			last = i;
		} else if (first >= 0) {
			break;
		}
	}
	assert_true(first >= 0);
	return (first + last + 1) / 2.0;
}

/* The centre of the first run of colour rgb in row y (4 above a row's centre: on the dot, off its
 * line; the value beside the dot comes after a gap). */
static double run_centre(cairo_surface_t *s, double y, uint32_t rgb)
{
	return run_along(s, 0, y, 0, rgb);
}

/* The chart drawn as PNG (kept as keep), decoded; it must be width wide. */
static cairo_surface_t *drawn(const bp_placebo_chart *c, const char *keep, int width)
{
	bp_error err = { 0 };
	unsigned char *png = NULL;
	size_t len = 0;
	assert_int_equal(bp_placebo_render(c, BP_IMAGE_PNG, &png, &len, &err), BP_OK);
	rt_keep(keep, png, len);
	cairo_surface_t *s = rt_png_surface(png, len);
	free(png);
	assert_int_equal(cairo_image_surface_get_width(s), width);
	return s;
}

static void test_positions(void **state)
{
	(void)state;
	bp_placebo_chart c = chart();
	cairo_surface_t *s = drawn(&c, "placebo.png", 800);

	double xt = run_centre(s, 42 - 4, BLUE);
	double xa = run_centre(s, 66 - 4, GREY), xb = run_centre(s, 90 - 4, GREY), xc = run_centre(s, 114 - 4, GREY);
	assert_float_equal(xt, 760, 1.0);
	assert_float_equal(xb - xa, 0.5 * (xt - xa), 1.0);
	assert_float_equal(xa - xc, xb - xa, 1.0);
	/* Shaded inside the band (0.75), white outside it (2.5), on the top row's edge. */
	double unit = (xt - xa) / 3;
	assert_int_equal(rt_pixel(s, xa + 0.75 * unit, 31.5), BAND);
	assert_int_equal(rt_pixel(s, xa + 2.5 * unit, 31.5), 0xFFFFFFu);
	cairo_surface_destroy(s);
}

/*
 * Stacked at 340 (the site's narrow variant): the names above their dots,
 * so the scale runs from the margin 16 + 24 = 40 to 340 - 16 - 24 = 300.
 * Four ticks: bp_nice_scale(-1.5, 3, 4): rough 1.125, step 2, from -2 to 4,
 * so the target (3) is at 40 + 5/6 x 260 = 256.7, A (0) at 126.7, B (1.5) at
 * 191.7.  Each row is a name's line (13 px bold: 14 to 20 px with its gap)
 * above the 24 px of its dot: the target's dot centred 30 + name + 12, B's
 * two rows lower.
 */
static void test_stacked(void **state)
{
	(void)state;
	bp_placebo_chart c = chart();
	c.width = 340;
	c.stacked = 1;
	cairo_surface_t *s = drawn(&c, "placebo_stacked.png", 340);
	double yt = run_along(s, 256.7, 30, 1, BLUE);
	double name = yt - 30 - 12;
	assert_true(name >= 14 && name <= 20);
	double yb = run_along(s, 191.7, yt + 8, 1, GREY);
	assert_float_equal(yb - yt, 2 * (name + 24), 1.0);
	assert_float_equal(run_centre(s, yb - 4, GREY), 191.7, 1.0);
	assert_float_equal(run_centre(s, yt - 4, BLUE), 256.7, 1.0);
	cairo_surface_destroy(s);

	/* Every name, the band's label and the title whole in both drawings (a 340 name column would
	 * have cut "Doelwijk (interventie)" short; the legend wraps instead of ending in "…"). */
	bp_placebo_chart wide = chart();
	wide.title = c.title = "Eenzaamheid: geschat effect tegen placebo-schattingen";
	wide.band_label = c.band_label = "placebo-interval 5-95%: wat gebieden zonder interventie ook laten zien";
	wide.source = c.source = "Bron: RIVM, GGD'en, CBS; bewerking buurtpeil";
	const char *const want[] = { "Eenzaamheid: geschat effect tegen placebo-schattingen",
	                             "placebo-interval 5-95%: wat gebieden zonder interventie ook laten zien",
	                             "Doelwijk (interventie)", "Wijk A", "Wijk B", "Wijk C" };
	rt_assert_both_say(bp_placebo_ops(), &wide, &c, "placebo_stacked", want, sizeof(want) / sizeof(want[0]));

	/* Beside their dots the names leave a 200 px chart no room for a scale; stacked they do. */
	c.width = 200;
	c.stacked = 0;
	bp_error err = { 0 };
	unsigned char *out = NULL;
	size_t len = 0;
	assert_int_equal(bp_placebo_render(&c, BP_IMAGE_SVG, &out, &len, &err), BP_ERR_RENDER);
	assert_non_null(strstr(err.message, "too narrow"));
	c.stacked = 1;
	assert_int_equal(bp_placebo_render(&c, BP_IMAGE_SVG, &out, &len, &err), BP_OK);
	free(out);
}

static void test_formats_and_errors(void **state)
{
	(void)state;
	bp_placebo_chart c = chart();
	bp_error err = { 0 };
	unsigned char *out = NULL;
	size_t len = 0;
	assert_int_equal(bp_placebo_render(&c, BP_IMAGE_SVG, &out, &len, &err), BP_OK);
	assert_non_null(strstr((const char *)out, "<svg"));
	free(out);
	assert_int_equal(bp_placebo_render(&c, BP_IMAGE_PDF, &out, &len, &err), BP_OK);
	assert_memory_equal(out, "%PDF", 4);
	free(out);
	c.target = NAN;
	assert_int_equal(bp_placebo_render(&c, BP_IMAGE_PNG, &out, &len, &err), BP_ERR_RENDER);
	assert_null(out);
	assert_non_null(strstr(err.message, "not a number"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_stacked),
		cmocka_unit_test(test_formats_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
