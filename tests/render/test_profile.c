/*
 * Tests for the profile chart: the score and its sign flip by hand, then
 * which side the bars land on in the pixels, and the files.  The data are
 * the theme "Gezondheid en welzijn" of Oss against Nederland.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <cairo.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "render/profile.h"
#include "rendertest.h"

enum { LONELY, HEALTH, SPORT, SMOKE, CARE, INCOME, N_ITEMS };

static const bp_profile_item test_items[N_ITEMS] = {
	[LONELY] = { "Eenzaam (matig of ernstig)", 45.8, 47.0, BP_PROFILE_HIGHER_WORSE, "%", 1, NULL },
	[HEALTH] = { "Ervaren gezondheid goed of zeer goed", 72.9, 75.0, BP_PROFILE_HIGHER_BETTER, "%", 1, NULL },
	[SPORT] = { "Wekelijkse sporters", 51.0, 50.6, BP_PROFILE_HIGHER_BETTER, "%", 1, NULL },
	[SMOKE] = { "Rookt", 21.3, 19.1, BP_PROFILE_HIGHER_WORSE, "%", 1, NULL },
	[CARE] = { "Mantelzorger, minstens 3 maanden of minstens 8 uur per week aan iemand in de eigen kring",
	           NAN, 14.2, BP_PROFILE_HIGHER_WORSE, "%", 1, "geheim (te weinig respondenten)" },
	[INCOME] = { "Gemiddeld gestandaardiseerd inkomen", 31.4, 33.1, BP_PROFILE_NEUTRAL, "", 1, NULL },
};

static bp_profile test_chart(void)
{
	bp_profile c = {
		.title = "Gezondheid en welzijn in Oss",
		.subtitle = "Oss vergeleken met Nederland, 2020",
		.source = "Bron: GGD, RIVM, CBS; bewerking buurtpeil",
		.area = "Oss",
		.reference = "Nederland",
		.items = test_items,
		.n_items = N_ITEMS,
		.width = 800,
	};
	return c;
}

static void layout_of(const bp_profile *c, bp_arena *a, bp_profile_layout *lay)
{
	bp_error err = { 0 };
	if (bp_profile_compute_layout(c, a, lay, &err))
		fail_msg("layout failed: %s", err.message);
}

/* The chart drawn as PNG and read back; kept as keep (rt_keep) for a look. */
static cairo_surface_t *png_of(const bp_profile *c, const char *keep)
{
	unsigned char *png = NULL;
	size_t len = 0;
	bp_error err = { 0 };
	assert_int_equal(bp_profile_render(c, BP_IMAGE_PNG, &png, &len, &err), BP_OK);
	rt_keep(keep, png, len);
	cairo_surface_t *s = rt_png_surface(png, len);
	free(png);
	return s;
}

/* ---- scores and layout ------------------------------------------------ */

static void test_score_polarity(void **state)
{
	(void)state;
	/* 45,8% against 47,0% is 1,2 points lower: for loneliness that is better (+) */
	assert_true(fabs(bp_profile_score(&test_items[LONELY]) - 1.2) < 1e-9);
	/* the same numbers for an indicator where higher is better: worse (-) */
	bp_profile_item it = test_items[LONELY];
	it.polarity = BP_PROFILE_HIGHER_BETTER;
	assert_true(fabs(bp_profile_score(&it) - -1.2) < 1e-9);
	/* neutral is not flipped */
	it.polarity = BP_PROFILE_NEUTRAL;
	assert_true(fabs(bp_profile_score(&it) - -1.2) < 1e-9);
	/* a percentage against 0% is still a difference in points */
	it.ref = 0;
	assert_true(fabs(bp_profile_score(&it) - 45.8) < 1e-9);
	/* another unit is relative: 31,4 against 33,1 is 5,14% lower */
	assert_true(fabs(bp_profile_score(&test_items[INCOME]) - (31.4 / 33.1 - 1) * 100) < 1e-9);
	/* no score without a value, without a reference, or (relative) with a zero reference */
	assert_true(isnan(bp_profile_score(&test_items[CARE])));
	it = test_items[INCOME];
	it.ref = 0;
	assert_true(isnan(bp_profile_score(&it)));
	it.ref = NAN;
	assert_true(isnan(bp_profile_score(&it)));
	it = test_items[LONELY];
	it.ref = NAN;
	assert_true(isnan(bp_profile_score(&it)));
}

static void test_layout_sides(void **state)
{
	rt_fixture *f = *state;
	bp_profile c = test_chart();
	bp_profile_layout lay;
	layout_of(&c, f->arena, &lay);

	/* the longest bar is income, 5,14% lower: under the 10 minimum, so 0..10 in steps of 5 */
	assert_true(lay.scale_min == -lay.scale_max);
	assert_true(lay.tick_step == 5);
	assert_true(lay.scale_max == 10);
	assert_true(fabs(lay.zero_x - (lay.plot_x0 + lay.plot_x1) / 2) < 1e-9);
	assert_true(lay.any_points && lay.any_relative);
	double pw = lay.plot_x1 - lay.plot_x0;

	/* less loneliness: the bar runs right from zero, 1,2 points of the 20-point span */
	assert_true(lay.bar_x0[LONELY] == lay.zero_x);
	assert_true(fabs(lay.bar_x1[LONELY] - (lay.zero_x + pw * 1.2 / 20)) < 1e-9);
	/* worse health: left, 2,1 points */
	assert_true(lay.bar_x1[HEALTH] == lay.zero_x);
	assert_true(fabs(lay.bar_x0[HEALTH] - (lay.zero_x - pw * 2.1 / 20)) < 1e-9);
	/* more smoking, higher is worse: left */
	assert_true(lay.bar_x1[SMOKE] == lay.zero_x && lay.bar_x0[SMOKE] < lay.zero_x);
	/* more sport: right */
	assert_true(lay.bar_x0[SPORT] == lay.zero_x && lay.bar_x1[SPORT] > lay.zero_x);
	/* suppressed: no bar */
	assert_true(isnan(lay.bar_x0[CARE]) && isnan(lay.bar_x1[CARE]));
	for (size_t i = 0; i < N_ITEMS; i++)
		assert_false(lay.clipped[i]);

	/* the long title wraps to two lines: a taller row */
	assert_true(lay.row_h[CARE] > lay.row_h[LONELY]);
	for (size_t i = 1; i < N_ITEMS; i++)
		assert_true(fabs(lay.row_y[i] - lay.row_y[i - 1] - lay.row_h[i - 1]) < 1e-9);
	/* columns in order and within the width */
	assert_true(lay.label_x + lay.label_w < lay.plot_x0);
	assert_true(lay.plot_x1 < lay.value_x);
	assert_true(lay.value_x + lay.value_w <= lay.width - 16 + 1e-9);
	assert_true(lay.source_y > lay.axis_y && lay.height > lay.source_y);

	bp_error err = { 0 };
	c.width = 300;
	assert_int_equal(bp_profile_compute_layout(&c, f->arena, &lay, &err), BP_ERR_RENDER);
}

/*
 * Issue 16: a wijk with 29,4% against the gemeente's 24,9% was drawn as
 * "+17,8%" (of 24,9).  It is 4,5 percentage points, and the bar is that long.
 */
static void test_percentage_points(void **state)
{
	rt_fixture *f = *state;
	bp_profile_item items[2] = {
		{ "Eenpersoonshuishoudens", 29.4, 24.9, BP_PROFILE_NEUTRAL, "%", 1, NULL },
		{ "Ervaren gezondheid goed", 70.0, 76.0, BP_PROFILE_HIGHER_BETTER, "%", 1, NULL },
	};
	bp_profile c = test_chart();
	c.items = items;
	c.n_items = 2;
	bp_profile_layout lay;
	layout_of(&c, f->arena, &lay);
	assert_true(fabs(lay.score[0] - 4.5) < 1e-9);
	assert_true(fabs(lay.score[1] - -6.0) < 1e-9);
	assert_true(lay.any_points && !lay.any_relative);
	/* both under 10: the minimum span, -10..10 */
	assert_true(lay.scale_max == 10);
	double half = lay.plot_x1 - lay.zero_x;
	assert_true(fabs(lay.bar_x1[0] - (lay.zero_x + half * 4.5 / 10)) < 1e-9);
	assert_true(fabs(lay.bar_x0[1] - (lay.zero_x - half * 6.0 / 10)) < 1e-9);
	char buf[64];
	bp_profile_diff_text(buf, sizeof(buf), &items[0]);
	assert_string_equal(buf, "+4,5\xe2\x80\xaf%-punt");   /* U+202F before the unit */
	bp_profile_diff_text(buf, sizeof(buf), &items[1]);
	assert_string_equal(buf, "\xe2\x88\x92" "6,0\xe2\x80\xaf%-punt");   /* U+2212 */
	/* English: decimal point, "pp" for percentage points, the same minus sign. */
	bp_profile_diff_text_lang(BP_LANG_EN, buf, sizeof(buf), &items[0]);
	assert_string_equal(buf, "+4.5\xe2\x80\xafpp");
	bp_profile_diff_text_lang(BP_LANG_EN, buf, sizeof(buf), &items[1]);
	assert_string_equal(buf, "\xe2\x88\x92" "6.0\xe2\x80\xafpp");
	/* 90,4 against 89,6 with no decimals would read "90% (90%)" beside a bar
	 * of 0,8 points: the value column gets the digit that tells them apart */
	bp_profile_item ninety = { "Ervaren gezondheid", 90.4, 89.6, BP_PROFILE_HIGHER_BETTER, "%", 0, NULL };
	bp_profile_layout l2;
	c.items = &ninety;
	c.n_items = 1;
	c.area = "A";          /* a head narrower than the values: the column is as wide as they are */
	c.reference = "B";
	layout_of(&c, f->arena, &l2);
	bp_ink k = { 0 };
	bp_ink_open(&k);
	double want = ceil(bp_text_width(&k, BP_F_VALUE, "90,4% (89,6%)"));
	bp_ink_close(&k);
	assert_true(l2.value_w == want);
	/* a relative difference keeps "%", and no difference has no sign */
	bp_profile_item same = { "Dichtheid", 1000, 1000, BP_PROFILE_NEUTRAL, "inw/km2", 0, NULL };
	bp_profile_diff_text(buf, sizeof(buf), &same);
	assert_string_equal(buf, "0,0%");
	same.value = 1100;
	bp_profile_diff_text(buf, sizeof(buf), &same);
	assert_string_equal(buf, "+10,0%");
}

/*
 * Issue 16: bevolkingsdichtheid +783% stretched the axis to 800 and every
 * other bar shrank to a few pixels.  The scale is chosen from the other
 * bars; the outlier ends at the axis end, with a break, and its figure.
 */
static void test_outlier_clipped(void **state)
{
	rt_fixture *f = *state;
	enum { DENSITY, SINGLE, HEALTHY, INCOME_N, N };
	bp_profile_item items[N] = {
		[DENSITY] = { "Bevolkingsdichtheid", 8830, 1000, BP_PROFILE_NEUTRAL, "inw/km2", 0, NULL },
		[SINGLE] = { "Eenpersoonshuishoudens", 29.4, 24.9, BP_PROFILE_NEUTRAL, "%", 1, NULL },
		[HEALTHY] = { "Ervaren gezondheid goed", 74.0, 76.0, BP_PROFILE_HIGHER_BETTER, "%", 1, NULL },
		[INCOME_N] = { "Gemiddeld inkomen", 36.3, 33.0, BP_PROFILE_HIGHER_BETTER, "x 1000 euro", 1, NULL },
	};
	bp_profile c = test_chart();
	c.items = items;
	c.n_items = N;
	c.width = 1000;   /* the values column "8.830inw/km2 (1.000inw/km2)" is wide */
	bp_profile_layout lay;
	layout_of(&c, f->arena, &lay);
	/* 8830/1000 is +783%; the rest 4,5 and 2 points and +10% */
	assert_true(fabs(lay.score[DENSITY] - 783) < 1e-9);
	assert_true(fabs(lay.score[INCOME_N] - 10) < 1e-9);
	/* 783 > 3 x 10: clipped; the scale is that of the others, 0..10 */
	assert_true(lay.scale_max == 10);
	assert_true(lay.clipped[DENSITY]);
	assert_false(lay.clipped[SINGLE] || lay.clipped[HEALTHY] || lay.clipped[INCOME_N]);
	assert_true(lay.bar_x0[DENSITY] == lay.zero_x && lay.bar_x1[DENSITY] == lay.plot_x1);
	double half = lay.plot_x1 - lay.zero_x;
	assert_true(fabs(lay.bar_x1[SINGLE] - (lay.zero_x + half * 4.5 / 10)) < 1e-9);
	assert_true(fabs(lay.bar_x0[HEALTHY] - (lay.zero_x - half * 2.0 / 10)) < 1e-9);
	assert_true(fabs(lay.bar_x1[INCOME_N] - lay.plot_x1) < 1e-9);   /* exactly at the end, not clipped */
	char buf[64];
	bp_profile_diff_text(buf, sizeof(buf), &items[DENSITY]);
	assert_string_equal(buf, "+783,0%");

	/* the pixels: grey bar, a white break just before its end, the figure beyond it */
	cairo_surface_t *s = png_of(&c, "profile_outlier.png");
	double mid = lay.bar_y[DENSITY] + lay.bar_h / 2;
	assert_int_equal(rt_pixel(s, lay.zero_x + 20, mid), BP_PROFILE_RGB_NEUTRAL);
	int white = 0;
	for (double x = lay.plot_x1 - 24; x < lay.plot_x1 - 4; x += 1)
		white += rt_pixel(s, x, mid) == 0xFFFFFF;
	assert_true(white >= 2);
	int dark = 0;
	for (double y = lay.row_y[DENSITY]; y < lay.row_y[DENSITY] + lay.row_h[DENSITY]; y += 1)
		for (double x = lay.plot_x1 + 5; x < lay.plot_x1 + 40; x += 1)
			dark += (rt_pixel(s, x, y) & 0xFF) < 0x80;
	assert_true(dark > 10);
	cairo_surface_destroy(s);

	/* a bar alone is never an outlier */
	c.n_items = 1;
	layout_of(&c, f->arena, &lay);
	assert_false(lay.clipped[DENSITY]);
	assert_true(lay.scale_max >= 783);
}

/* ---- PNG pixels ------------------------------------------------------- */

static void test_png_favourable_side(void **state)
{
	rt_fixture *f = *state;
	bp_profile c = test_chart();
	bp_profile_layout lay;
	layout_of(&c, f->arena, &lay);
	unsigned char *png = NULL;
	size_t len = 0;
	bp_error err = { 0 };
	assert_int_equal(bp_profile_render(&c, BP_IMAGE_PNG, &png, &len, &err), BP_OK);
	rt_keep("profile.png", png, len);
	cairo_surface_t *s = rt_png_surface(png, len);
	free(png);
	assert_int_equal(cairo_image_surface_get_height(s), (int)lay.height);

	/* loneliness (higher worse, lower here): blue, right of zero; white to its left */
	double mid = lay.bar_y[LONELY] + lay.bar_h / 2;
	assert_int_equal(rt_pixel(s, (lay.bar_x0[LONELY] + lay.bar_x1[LONELY]) / 2, mid), BP_PROFILE_RGB_BETTER);
	assert_int_equal(rt_pixel(s, lay.zero_x - 4, mid), 0xFFFFFF);
	/* health (higher better, lower here): orange, left of zero */
	mid = lay.bar_y[HEALTH] + lay.bar_h / 2;
	assert_int_equal(rt_pixel(s, (lay.bar_x0[HEALTH] + lay.bar_x1[HEALTH]) / 2, mid), BP_PROFILE_RGB_WORSE);
	/* smoking (higher worse, higher here): orange, left */
	mid = lay.bar_y[SMOKE] + lay.bar_h / 2;
	assert_int_equal(rt_pixel(s, (lay.bar_x0[SMOKE] + lay.bar_x1[SMOKE]) / 2, mid), BP_PROFILE_RGB_WORSE);
	/* sport (higher better, higher here): blue, right */
	mid = lay.bar_y[SPORT] + lay.bar_h / 2;
	assert_int_equal(rt_pixel(s, (lay.bar_x0[SPORT] + lay.bar_x1[SPORT]) / 2, mid), BP_PROFILE_RGB_BETTER);
	/* neutral: grey */
	mid = lay.bar_y[INCOME] + lay.bar_h / 2;
	assert_int_equal(rt_pixel(s, (lay.bar_x0[INCOME] + lay.bar_x1[INCOME]) / 2, mid), BP_PROFILE_RGB_NEUTRAL);
	/* the suppressed row: its note (grey text) right of zero, no bar colour anywhere */
	int dark = 0, coloured = 0;
	for (double y = lay.bar_y[CARE]; y < lay.bar_y[CARE] + lay.bar_h; y += 1)
		for (double x = lay.plot_x0; x < lay.plot_x1; x += 1) {
			uint32_t p = rt_pixel(s, x, y);
			dark += (p & 0xFF) < 0xA0 && x > lay.zero_x + 2;
			coloured += p == BP_PROFILE_RGB_BETTER || p == BP_PROFILE_RGB_WORSE;
		}
	assert_true(dark > 10);
	assert_int_equal(coloured, 0);
	cairo_surface_destroy(s);
}

/* Count the pixels of the "gunstiger" colour in the head row, right of zero. */
static int better_text_pixels(const bp_profile *c, rt_fixture *f)
{
	bp_profile_layout lay;
	layout_of(c, f->arena, &lay);
	unsigned char *png = NULL;
	size_t len = 0;
	bp_error err = { 0 };
	assert_int_equal(bp_profile_render(c, BP_IMAGE_PNG, &png, &len, &err), BP_OK);
	cairo_surface_t *s = rt_png_surface(png, len);
	free(png);
	int n = 0;
	for (double y = lay.head_y; y < lay.head_y + 14; y += 1)
		for (double x = lay.zero_x + 2; x < lay.value_x; x += 1)
			n += rt_pixel(s, x, y) == BP_PROFILE_RGB_BETTER;
	cairo_surface_destroy(s);
	return n;
}

/* A theme of neutral indicators only has no better side: no such header. */
static void test_neutral_theme_has_no_sides(void **state)
{
	rt_fixture *f = *state;
	bp_profile c = test_chart();
	assert_true(better_text_pixels(&c, f) > 10);   /* mixed theme: the header is there */
	c.items = &test_items[INCOME];                   /* only the neutral indicator */
	c.n_items = 1;
	assert_int_equal(better_text_pixels(&c, f), 0);
}

/* ---- formats and files ------------------------------------------------ */

static void test_svg_pdf(void **state)
{
	rt_fixture *f = *state;
	bp_profile c = test_chart();
	bp_error err = { 0 };
	char *data;
	size_t len;
	char *p = rt_path(f, "profile.svg");
	assert_int_equal(bp_profile_write(&c, BP_IMAGE_SVG, p, &err), BP_OK);
	assert_int_equal(bp_file_read_all(p, f->arena, &data, &len, &err), BP_OK);
	assert_memory_equal(data, "<?xml", 5);
	assert_non_null(strstr(data, "<svg"));
	assert_non_null(strstr(data, "</svg>"));
	p = rt_path(f, "profile.pdf");
	assert_int_equal(bp_profile_write(&c, BP_IMAGE_PDF, p, &err), BP_OK);
	assert_int_equal(bp_file_read_all(p, f->arena, &data, &len, &err), BP_OK);
	assert_memory_equal(data, "%PDF", 4);
	assert_non_null(strstr(data + len - 64, "%%EOF"));
	assert_int_equal(rt_count_entries(f->dir), 2);
}

static void test_bad_path(void **state)
{
	rt_fixture *f = *state;
	bp_profile c = test_chart();
	bp_error err = { 0 };
	char *p = rt_path(f, "nope/profile.pdf");
	for (int fmt = BP_IMAGE_PNG; fmt <= BP_IMAGE_PDF; fmt++) {
		bp_error_clear(&err);
		assert_int_equal(bp_profile_write(&c, (bp_image_format)fmt, p, &err), BP_ERR_IO);
		assert_string_equal(err.where, p);
		assert_false(rt_exists(p));
		assert_int_equal(rt_count_entries(f->dir), 0);
	}
}

/*
 * The PNG is lossless: pixel for pixel the chart as drawn.  A picture of at
 * most 256 colours (counted in the reference) is written as an indexed PNG
 * (colour type 3), one with more as RGB (2).  The full test chart, with
 * blue, orange and grey bars and their text, has more than 256; the same
 * chart with only its two neutral indicators (grey bars, one text colour
 * over white) has fewer.
 */
static void test_png_lossless(void **state)
{
	(void)state;
	bp_profile full = test_chart(), neutral = test_chart();
	bp_profile_item two[2] = { test_items[INCOME], test_items[INCOME] };
	two[1].label = "Gemiddeld besteedbaar inkomen";
	two[1].value = 35.0;
	neutral.items = two;
	neutral.n_items = 2;
	const bp_profile *charts[2] = { &full, &neutral };
	const int want[2] = { 2, 3 };
	for (int i = 0; i < 2; i++) {
		unsigned char *png = NULL;
		size_t len = 0;
		bp_error err = { 0 };
		assert_int_equal(bp_profile_render(charts[i], BP_IMAGE_PNG, &png, &len, &err), BP_OK);
		int n = 0;
		int type = rt_png_matches_drawing(bp_profile_ops(), charts[i], png, len, &n);
		assert_int_equal(type, n <= 256 ? 3 : 2);
		assert_int_equal(type, want[i]);
		free(png);
	}
}

/* ---- the narrow variant (stacked) --------------------------------------- */

/* A chart as the site's area pages give it: a synthetic title, a subtitle
 * with the notes on translated figures, several sources. */
static bp_profile noted_chart(void)
{
	bp_profile c = test_chart();
	c.title = "Oss-Zuid: Gezondheid en welzijn \u2013 synthetisch";
	c.subtitle = "Gezondheidsmonitor 2020, Kerncijfers 2024; 6 van 15 waarden: omgerekend van indeling 2020, "
	             "zelfde code; grenzen niet gecontroleerd; 2 waarden: omgerekend van indeling 2020 \u2013 synthetisch";
	/* the demo's longest source line: at 340 its long words (the address) waste much of a line */
	c.source = "Bron: CBS, Kerncijfers wijken en buurten 2021, 2022 (kwb-2021-2022_nl.csv), 2021, CC BY 4.0; CBS, "
	           "Kerncijfers wijken en buurten 2024 (85984NED), 2024, CC BY 4.0; CBS, Kerncijfers wijken en buurten "
	           "2024, zoals gepubliceerd door Woonikveilig? (BrightHouse Consulting) "
	           "(https://github.com/loukanton/woonikveilig) (85984NED), 2024, CC BY 4.0; RIVM, Gezondheid per wijk "
	           "en buurt; 2012/2016/2020 (indeling 2020) (50090NED), 2020, CC BY 4.0; bewerking buurtpeil";
	c.area = "Oss-Zuid";
	c.reference = "Oss";
	return c;
}

/* Stacked at 340: every title above its own bar, the bars across the width
 * inside the margins on their side of zero, the values beside the title,
 * no more ticks than the wide chart. */
static void test_stacked_layout(void **state)
{
	rt_fixture *f = *state;
	bp_profile wide = noted_chart(), narrow = wide;
	narrow.width = 340;
	narrow.stacked = 1;
	bp_profile_layout lw, ln;
	layout_of(&wide, f->arena, &lw);
	layout_of(&narrow, f->arena, &ln);
	assert_true(ln.width == 340);
	assert_true(ln.plot_x0 >= 16 && ln.plot_x1 <= 340 - 16);
	assert_true(ln.plot_x1 - ln.plot_x0 >= 150);   /* the bars have most of the width */
	assert_true(fabs(ln.zero_x - (ln.plot_x0 + ln.plot_x1) / 2) <= 0.5);
	assert_true(ln.value_x + ln.value_w <= 340 - 16 + 0.5);
	assert_true(ln.label_x + ln.label_w <= ln.value_x);
	assert_true(ln.area_head_y < ln.head_y);   /* the area's name on a row of its own */
	/* no more ticks than the wide chart, and at least 40 px apart (a label "12,5" is 30) */
	assert_true(ln.n_ticks <= lw.n_ticks);
	assert_true((ln.plot_x1 - ln.plot_x0) / (ln.n_ticks - 1) >= 40);
	/* short titles beside their values */
	assert_true(ln.text_w[LONELY] == ln.label_w && ln.values_y[LONELY] == ln.text_y[LONELY]);
	for (size_t i = 0; i < N_ITEMS; i++) {
		/* a 13 px title (one line at least) ends above the bar */
		assert_true(ln.bar_y[i] >= ln.text_y[i] + 13);
		assert_true(ln.text_y[i] >= ln.row_y[i]);
		assert_true(ln.bar_y[i] + ln.bar_h <= ln.row_y[i] + ln.row_h[i]);
		if (i + 1 < N_ITEMS)
			assert_true(fabs(ln.row_y[i + 1] - (ln.row_y[i] + ln.row_h[i])) < 1e-9);
		double sc = bp_profile_score(&test_items[i]);
		if (!isfinite(sc)) {
			assert_true(isnan(ln.bar_x0[i]));
			continue;
		}
		/* the side as in the wide chart: right is favourable */
		assert_true(sc > 0 ? ln.bar_x0[i] == ln.zero_x : ln.bar_x1[i] == ln.zero_x);
		assert_true(ln.bar_x0[i] >= ln.plot_x0 && ln.bar_x1[i] <= ln.plot_x1);
	}
	/* the wide layout is unchanged by the flag's existence: titles beside the bars */
	assert_true(lw.area_head_y == lw.head_y);
	assert_true(lw.plot_x0 > lw.label_x + lw.label_w);
}

/* The narrow variant says what the wide one says: the whole title with
 * "– synthetisch", the subtitle with every note and the whole source
 * line, none cut to an ellipsis (a subtitle of five lines at 340). */
static void test_stacked_same_texts(void **state)
{
	(void)state;
	bp_profile wide = noted_chart(), narrow = wide;
	wide.width = 1040;   /* as bp_profile_fit_width widened the demo's chart with this source */
	narrow.width = 340;
	narrow.stacked = 1;
	/* the area's name and its reference head the values, whole; the axis says what it measures */
	const char *want[] = { wide.title, wide.subtitle, wide.source, "Oss-Zuid (Oss)",
	                       "verschil met Oss: percentages in procentpunten, andere in % van de waarde van Oss" };
	rt_assert_both_say(bp_profile_ops(), &wide, &narrow, "profile_noted", want, sizeof(want) / sizeof(want[0]));
}

/* Wide values leave a long one-word title too little room beside them: it
 * goes across the width, whole as in the wide chart, the values under it. */
static void test_stacked_long_title(void **state)
{
	rt_fixture *f = *state;
	bp_profile_item items[2] = {
		{ "Arbeidsongeschiktheidsuitkeringen", 123456.7, 98765.4, BP_PROFILE_HIGHER_WORSE, "per 1.000 inwoners",
		  1, NULL },
		{ "Rookt", 21.3, 19.1, BP_PROFILE_HIGHER_WORSE, "%", 1, NULL },
	};
	bp_profile wide = noted_chart(), narrow;
	wide.items = items;
	wide.n_items = 2;
	wide.width = 1200;   /* as bp_profile_fit_width widens a chart for such values */
	narrow = wide;
	narrow.width = 340;
	narrow.stacked = 1;
	bp_profile_layout ln;
	layout_of(&narrow, f->arena, &ln);
	assert_true(ln.text_w[0] == 340 - 2 * 16);
	assert_true(ln.values_y[0] >= ln.text_y[0] + 13 && ln.bar_y[0] >= ln.values_y[0] + 12);
	/* values that leave the titles less than a third of the width go under every title */
	assert_true(ln.label_w < (340 - 2 * 16) / 3.0 && ln.text_w[1] == 340 - 2 * 16);
	const char *want[] = { items[0].label };
	rt_assert_both_say(bp_profile_ops(), &wide, &narrow, "profile_long_title", want, 1);
}

/* 300 is the narrowest stacked chart; side by side it is 420. */
static void test_stacked_min_width(void **state)
{
	rt_fixture *f = *state;
	bp_profile c = noted_chart();
	bp_profile_layout lay;
	bp_error err = { 0 };
	c.width = 340;
	assert_int_equal(bp_profile_compute_layout(&c, f->arena, &lay, &err), BP_ERR_RENDER);
	c.stacked = 1;
	c.width = 299;
	bp_error_clear(&err);
	assert_int_equal(bp_profile_compute_layout(&c, f->arena, &lay, &err), BP_ERR_RENDER);
	c.width = 300;
	assert_int_equal(bp_profile_compute_layout(&c, f->arena, &lay, &err), BP_OK);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, rt_setup, rt_teardown)

/* ---- long names (issue 24) ------------------------------------------- */

/* A 76-character catchment name took the value column's width and failed
 * the whole run with "chart width 800 leaves no room"; 6,000 characters
 * the same.  The head is cut at BP_NAME_MAX_CHARS with "…". */
static void test_long_area_names(void **state)
{
	rt_fixture *f = *state;
	const char *names[] = { RT_NAME76, rt_long_name(f->arena, 6000) };
	for (size_t i = 0; i < 2; i++) {
		bp_profile c = test_chart();
		c.area = names[i];
		c.reference = names[i];
		c.title = names[i];
		c.subtitle = names[i];
		bp_profile_layout lay;
		layout_of(&c, f->arena, &lay);
		assert_true(lay.value_w < 0.4 * lay.width);
		rt_renders_bounded(bp_profile_ops(), &c, 900);
	}
}

/* A chart that cannot be laid out says which: its title (naming the area)
 * in the detail, cut like any name. */
static void test_layout_error_names_chart(void **state)
{
	(void)state;
	bp_profile c = test_chart();
	c.width = 100;
	c.title = "Gezondheid en welzijn in " RT_NAME76;
	bp_error err = { 0 };
	unsigned char *out = NULL;
	size_t len = 0;
	assert_int_equal(bp_profile_render(&c, BP_IMAGE_PNG, &out, &len, &err), BP_ERR_RENDER);
	assert_null(out);
	if (!strstr(err.detail, "Gezondheid en welzijn in Verzorgingsgeb\u2026"))
		fail_msg("detail: %s", err.detail);
}

/* The cut itself: whole characters, at most BP_NAME_MAX_CHARS of them, the
 * last "…"; short names unchanged. */
static void test_name_cut(void **state)
{
	(void)state;
	char buf[BP_NAME_BUF];
	assert_string_equal(bp_name_cut(buf, sizeof(buf), "Oss"), "Oss");
	assert_string_equal(bp_name_cut(buf, sizeof(buf), NULL), "");
	const char *cut = bp_name_cut(buf, sizeof(buf), RT_NAME76);
	assert_int_equal(g_utf8_strlen(cut, -1), BP_NAME_MAX_CHARS);
	assert_true(g_utf8_validate(cut, -1, NULL));
	assert_string_equal(cut + strlen(cut) - strlen("\u2026"), "\u2026");
	assert_memory_equal(cut, RT_NAME76, strlen(cut) - strlen("\u2026"));
	/* "é" (two bytes) around the cut: never half of it */
	for (size_t n = 36; n < 44; n++) {
		char name[128] = "";   /* up to 43 characters, half of them two bytes */
		for (size_t k = 0; k < n; k++)
			strcat(name, k % 2 ? "\xC3\xA9" : "a");
		assert_true(g_utf8_validate(bp_name_cut(buf, sizeof(buf), name), -1, NULL));
		assert_true(g_utf8_strlen(buf, -1) <= BP_NAME_MAX_CHARS);
	}
}

/* ---- no fonts (issue 24) ----------------------------------------------- */

/*
 * Without fonts every glyph was an empty box and the job exited 0.  The
 * check must run before fontconfig is first used, so it runs in a fresh
 * process: this test binary again, with NO_FONTS_CHILD set and
 * FONTCONFIG_FILE pointing at a configuration without font folders.
 */
static int no_fonts_child(void)
{
	bp_profile c = test_chart();
	bp_error err = { 0 };
	unsigned char *out = NULL;
	size_t len = 0;
	bp_rc rc = bp_profile_render(&c, BP_IMAGE_PNG, &out, &len, &err);
	free(out);
	fprintf(stderr, "%s | %s | %s\n", err.message, err.detail, err.hint);
	if (rc != BP_ERR_MISSING || !strstr(err.message, "DejaVu Sans") ||
	    !strstr(err.hint, "apt-get install fonts-dejavu-core") || out)
		return 1;
	return 0;
}

static void test_no_fonts(void **state)
{
	rt_fixture *f = *state;
	char *conf = rt_path(f, "fonts.conf");
	FILE *fp = fopen(conf, "w");
	assert_non_null(fp);
	/* No <dir>: fontconfig knows no font; its own cache folder in the tmp. */
	fprintf(fp, "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n"
	            "<fontconfig><cachedir>%s/cache</cachedir></fontconfig>\n", f->dir);
	fclose(fp);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		setenv("FONTCONFIG_FILE", conf, 1);
		unsetenv("FONTCONFIG_PATH");
		setenv("NO_FONTS_CHILD", "1", 1);
		execl("/proc/self/exe", "test-render-profile", (char *)NULL);
		_exit(127);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* ---- the 95% interval ------------------------------------------------- */

/* A survey figure's 95% interval is a whisker over its bar, where the scale
 * puts its ends; a figure without one has none; the key line says what the
 * line is, in the PNG and in the SVG's text, wide and stacked. */
static void test_interval_whisker(void **state)
{
	rt_fixture *f = *state;
	enum { SMOKE_CI, SPORT_NO, N };
	bp_profile_item items[N] = {
		/* 21,3% (17,0-25,6) against 19,1%, higher worse: score -2,2; the ends +2,1 and -6,5 */
		[SMOKE_CI] = { "Rookt", 21.3, 19.1, BP_PROFILE_HIGHER_WORSE, "%", 1, NULL, 17.0, 25.6 },
		[SPORT_NO] = { "Wekelijkse sporters", 51.0, 50.6, BP_PROFILE_HIGHER_BETTER, "%", 1, NULL },
	};
	assert_true(bp_profile_has_interval(&items[SMOKE_CI]));
	assert_false(bp_profile_has_interval(&items[SPORT_NO]));   /* zero-initialised: none */
	assert_false(bp_profile_has_interval(&test_items[SMOKE]));
	char buf[128];
	bp_profile_interval_text(BP_LANG_NL, buf, sizeof(buf), &items[SMOKE_CI]);
	assert_string_equal(buf, "95%-interval 17,0\u201325,6%");
	bp_profile_interval_text(BP_LANG_EN, buf, sizeof(buf), &items[SMOKE_CI]);
	assert_string_equal(buf, "95% interval 17.0\u201325.6%");
	bp_profile_interval_text(BP_LANG_NL, buf, sizeof(buf), &items[SPORT_NO]);
	assert_string_equal(buf, "");
	/* Shown as "6% (6%)" beside a bar of +0,1 %-punt the figures would contradict it: value,
	 * reference and both intervals get the digit the chart's values column gives them (the
	 * demo's "Te weinig contact" in Schadewijk: 6,0 (3,9-9,0) against 5,9 (4,8-7,2)). */
	bp_profile_item close = { "Te weinig contact", 6.04, 5.94, BP_PROFILE_HIGHER_WORSE, "%", 0, NULL, 3.94, 9.04 };
	close.ref_ci_low = 4.81;
	close.ref_ci_high = 7.22;
	assert_int_equal(bp_profile_shown_decimals(&close), 1);
	bp_profile_interval_text(BP_LANG_NL, buf, sizeof(buf), &close);
	assert_string_equal(buf, "95%-interval 3,9\u20139,0%");
	bp_profile_ref_interval_text(BP_LANG_NL, buf, sizeof(buf), &close);
	assert_string_equal(buf, "95%-interval 4,8\u20137,2%");
	close.ref = 3.94;   /* apart at the item's own decimals: its own */
	assert_int_equal(bp_profile_shown_decimals(&close), 0);

	bp_profile c = test_chart();
	c.items = items;
	c.n_items = N;
	bp_profile_layout lay;
	layout_of(&c, f->arena, &lay);
	/* the ends from the scale, by hand: -6,5 and +2,1 points */
	double per = (lay.plot_x1 - lay.plot_x0) / (lay.scale_max - lay.scale_min);
	double want0 = lay.plot_x0 + (-6.5 - lay.scale_min) * per, want1 = lay.plot_x0 + (2.1 - lay.scale_min) * per;
	assert_true(lay.scale_max >= 6.5);   /* neither end is cut at the axis */
	assert_true(fabs(lay.ci_x0[SMOKE_CI] - want0) < 1e-9);
	assert_true(fabs(lay.ci_x1[SMOKE_CI] - want1) < 1e-9);
	assert_true(isnan(lay.ci_x0[SPORT_NO]) && isnan(lay.ci_x1[SPORT_NO]));
	assert_true(lay.any_interval);

	cairo_surface_t *s = png_of(&c, "profile_interval.png");
	/* dark on the bar's middle row: left of the bar (orange, -2,2) to -6,5, across zero to +2,1 */
	double mid = lay.bar_y[SMOKE_CI] + lay.bar_h / 2;
	double bar0 = lay.zero_x - 2.2 * per;
	int dark_beyond = 0, dark_right = 0;
	for (double x = ceil(want0) + 1; x < bar0 - 2; x += 1)
		dark_beyond += (rt_pixel(s, x, mid) & 0xFF) < 0x60;
	for (double x = lay.zero_x + 2; x < floor(want1) - 1; x += 1)
		dark_right += (rt_pixel(s, x, mid) & 0xFF) < 0x60;
	assert_true(dark_beyond >= (int)(bar0 - 2 - want0) - 2);
	assert_true(dark_right >= (int)(want1 - lay.zero_x) - 4);
	/* the ends' ticks above the line; nothing dark just beyond the upper end (the figure is on the left) */
	assert_true((rt_pixel(s, want0, mid - 3) & 0xFF) < 0x60);
	assert_true((rt_pixel(s, want1, mid - 3) & 0xFF) < 0x60);
	assert_true((rt_pixel(s, want1 + 4, mid) & 0xFF) > 0xC0);
	/* no interval: across the bar its colour only, left of zero (no bar, no figure) nothing dark */
	mid = lay.bar_y[SPORT_NO] + lay.bar_h / 2;
	for (double x = lay.bar_x0[SPORT_NO] + 1; x < lay.bar_x1[SPORT_NO] - 1; x += 1)
		assert_int_equal(rt_pixel(s, x, mid), BP_PROFILE_RGB_BETTER);
	for (double x = lay.plot_x0; x < lay.zero_x - 2; x += 1)
		assert_true((rt_pixel(s, x, mid) & 0xFF) > 0x60);
	cairo_surface_destroy(s);

	/* the key line in both widths' SVG text; and a chart without intervals has none, nor its height */
	bp_profile narrow = c;
	narrow.width = 340;
	narrow.stacked = 1;
	const char *want[] = { "lijn: 95%-interval van de waarde" };
	rt_assert_both_say(bp_profile_ops(), &c, &narrow, "profile_interval", want, 1);
	bp_profile_layout without;
	items[SMOKE_CI].ci_low = items[SMOKE_CI].ci_high = NAN;
	layout_of(&c, f->arena, &without);
	assert_false(without.any_interval);
	assert_true(without.height < lay.height);
	assert_true(without.source_y < lay.source_y);
}

/*
 * The reference's own 95% interval (a survey's gemeente) is a grey band
 * around zero on its row: its ends the differences of the interval's ends
 * from the reference's value, flipped where higher is worse, here by hand
 * and mapped through the axis; read back from the SVG's path and the PNG's
 * pixels.  A row whose reference has none has no band, and a chart without
 * any has neither band nor key line.
 */
#define REF_BAND_SVG "#dcdcdc"

static void band_extent(const double *xy, size_t n, double ylo, double yhi, double *x0, double *x1, double *y0,
                        double *y1)
{
	*x0 = *y0 = INFINITY;
	*x1 = *y1 = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		if (xy[2 * i + 1] < ylo || xy[2 * i + 1] > yhi)
			continue;
		*x0 = fmin(*x0, xy[2 * i]);
		*x1 = fmax(*x1, xy[2 * i]);
		*y0 = fmin(*y0, xy[2 * i + 1]);
		*y1 = fmax(*y1, xy[2 * i + 1]);
	}
}

static void test_reference_band(void **state)
{
	rt_fixture *f = *state;
	enum { SMOKE_G, INCOME_G, SPORT_NO, N };
	bp_profile_item items[N] = {
		/* 21,3% against Oss 19,1% (17,6-21,0), higher worse: the band from -(21,0-19,1) to -(17,6-19,1) points */
		[SMOKE_G] = { "Rookt", 21.3, 19.1, BP_PROFILE_HIGHER_WORSE, "%", 1, NULL, NAN, NAN, 17.6, 21.0 },
		/* relative: 30,0 and 36,0 against 33,1 are -9,37% and +8,76% of it */
		[INCOME_G] = { "Gemiddeld inkomen", 31.4, 33.1, BP_PROFILE_NEUTRAL, "", 1, NULL, NAN, NAN, 30.0, 36.0 },
		[SPORT_NO] = { "Wekelijkse sporters", 51.0, 50.6, BP_PROFILE_HIGHER_BETTER, "%", 1, NULL },
	};
	const double want_lo[2] = { -(21.0 - 19.1), (30.0 / 33.1 - 1) * 100 };
	const double want_hi[2] = { -(17.6 - 19.1), (36.0 / 33.1 - 1) * 100 };
	bp_profile c = test_chart();
	c.area = "Schadewijk";
	c.reference = "Oss";
	c.items = items;
	c.n_items = N;
	bp_profile_layout lay;
	layout_of(&c, f->arena, &lay);
	assert_true(lay.any_ref_interval);
	assert_true(lay.scale_min <= -9.4 && lay.scale_max >= 9.4);   /* no end cut at the axis */
	double per = (lay.plot_x1 - lay.plot_x0) / (lay.scale_max - lay.scale_min);
	double x_lo[2], x_hi[2];
	for (int i = 0; i < 2; i++) {
		x_lo[i] = lay.plot_x0 + (want_lo[i] - lay.scale_min) * per;
		x_hi[i] = lay.plot_x0 + (want_hi[i] - lay.scale_min) * per;
		rt_assert_near(lay.ref_x0[i], x_lo[i], 1e-9);
		rt_assert_near(lay.ref_x1[i], x_hi[i], 1e-9);
	}
	assert_true(isnan(lay.ref_x0[SPORT_NO]) && isnan(lay.ref_x1[SPORT_NO]));

	/* SVG: a band per row that has one, 4 above and below the bar, and the key's sample */
	unsigned char *svg = NULL;
	size_t len = 0, n_paths = 0;
	bp_error err = { 0 };
	assert_int_equal(bp_profile_render(&c, BP_IMAGE_SVG, &svg, &len, &err), BP_OK);
	rt_keep("profile_ref_band.svg", svg, len);
	double xy[64];
	size_t n = rt_svg_path_points(svg, len, "fill", REF_BAND_SVG, xy, 32, &n_paths);
	assert_true(n <= 32);
	assert_int_equal(n_paths, 3);
	for (int i = 0; i < 2; i++) {
		double x0, x1, y0, y1;
		band_extent(xy, n, lay.row_y[i], lay.row_y[i] + lay.row_h[i], &x0, &x1, &y0, &y1);
		rt_assert_near(x0, x_lo[i], 0.006);   /* the SVG writes hundredths */
		rt_assert_near(x1, x_hi[i], 0.006);
		rt_assert_near(y0, lay.bar_y[i] - 4, 0.006);
		rt_assert_near(y1, lay.bar_y[i] + lay.bar_h + 4, 0.006);
	}
	double x0, x1, y0, y1;
	band_extent(xy, n, lay.row_y[SPORT_NO], lay.row_y[SPORT_NO] + lay.row_h[SPORT_NO], &x0, &x1, &y0, &y1);
	assert_true(isinf(x0));   /* no point of a band on the row without one */
	free(svg);

	/* PNG: above the bar, inside the band, its grey from one end to the other (the zero line crosses it) */
	cairo_surface_t *s = png_of(&c, "profile_ref_band.png");
	for (int i = 0; i < 2; i++) {
		double y = lay.bar_y[i] - 2, first = NAN, last = NAN;
		for (double x = lay.plot_x0 + 0.5; x < lay.plot_x1; x += 1)
			if (rt_pixel(s, x, y) == BP_PROFILE_RGB_REF_BAND) {
				if (isnan(first))
					first = x;
				last = x;
			}
		if (!(first > x_lo[i] && first - x_lo[i] <= 2) || !(last < x_hi[i] && x_hi[i] - last <= 2))
			fail_msg("row %d: grey from %.1f to %.1f, band from %.2f to %.2f", i, first, last, x_lo[i], x_hi[i]);
	}
	for (double x = lay.plot_x0 + 0.5; x < lay.plot_x1; x += 1)
		assert_int_not_equal(rt_pixel(s, x, lay.bar_y[SPORT_NO] - 2), BP_PROFILE_RGB_REF_BAND);
	cairo_surface_destroy(s);

	/* the key line says what the band is, wide and stacked */
	bp_profile narrow = c;
	narrow.width = 340;
	narrow.stacked = 1;
	const char *want[] = { "grijs vlak om 0: 95%-interval van Oss" };
	rt_assert_both_say(bp_profile_ops(), &c, &narrow, "profile_ref_band", want, 1);
	cairo_surface_destroy(png_of(&narrow, "profile_ref_band_narrow.png"));

	/* without the reference's intervals: no band, no key line, the height of a chart that never had one */
	for (int i = 0; i < 2; i++)
		items[i].ref_ci_low = items[i].ref_ci_high = NAN;
	bp_profile_layout without;
	layout_of(&c, f->arena, &without);
	assert_false(without.any_ref_interval);
	assert_true(without.height < lay.height);
	assert_int_equal(bp_profile_render(&c, BP_IMAGE_SVG, &svg, &len, &err), BP_OK);
	assert_int_equal(rt_svg_path_points(svg, len, "fill", REF_BAND_SVG, xy, 32, &n_paths), 0);
	assert_int_equal(n_paths, 0);
	char *text = rt_svg_text(svg, len);
	assert_null(strstr(text, "vlak"));
	free(text);
	free(svg);
}

int main(void)
{
	if (getenv("NO_FONTS_CHILD"))
		return no_fonts_child();
	const struct CMUnitTest tests[] = {
		T(test_score_polarity),
		T(test_layout_sides),
		T(test_percentage_points),
		T(test_outlier_clipped),
		T(test_png_favourable_side),
		T(test_neutral_theme_has_no_sides),
		T(test_svg_pdf),
		T(test_bad_path),
		T(test_png_lossless),
		T(test_long_area_names),
		T(test_name_cut),
		T(test_layout_error_names_chart),
		T(test_no_fonts),
		T(test_stacked_layout),
		T(test_stacked_same_texts),
		T(test_stacked_min_width),
		T(test_stacked_long_title),
		T(test_interval_whisker),
		T(test_reference_band),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
