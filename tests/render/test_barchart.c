/*
 * Tests for the ranking bar chart: the layout numbers, then the pixels,
 * bytes and files that each output format produces.
 */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <cairo.h>
#include <zlib.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "render/barchart.h"
#include "render/canvas.h"
#include "rendertest.h"

/* LeakSanitizer's suppression of fontconfig's caches, the temporary folder
 * per test and the pixel reader are in rendertest.c. */

/*
 * The test chart: scale 0..40 (the largest value 36 over about 6 ticks gives
 * a rough step of 6, rounded up to the nice step 10), one reference at 20,
 * i.e. exactly halfway, a highlighted bar, a missing value.
 */
static bp_bar test_bars[] = {
	{ "Schadewijk", 10.0, NULL, 0 },
	{ "Centrum", 36.0, NULL, 0 },
	{ "Ruwaard", 25.0, NULL, 1 },
	{ "Berghem", NAN, "geheim", 0 },
	{ "Megen, Haren en Macharen", 30.0, NULL, 0 },
};
static bp_refline test_refs[] = {
	{ "Oss", 20.0 },
	{ "Nederland", NAN },
};

static bp_barchart test_chart(void)
{
	bp_barchart c = {
		.title = "Inwoners van 65 jaar of ouder",
		.subtitle = "Wijken van Oss, 2024, % van de inwoners",
		.source = "Bron: CBS, Kerncijfers wijken en buurten 2024",
		.unit = "%",
		.decimals = 1,
		.bars = test_bars,
		.n_bars = sizeof(test_bars) / sizeof(test_bars[0]),
		.refs = test_refs,
		.n_refs = sizeof(test_refs) / sizeof(test_refs[0]),
		.width = 800,
	};
	return c;
}

static void layout_of(const bp_barchart *c, bp_arena *a, bp_barchart_layout *lay)
{
	bp_error err = { 0 };
	bp_rc rc = bp_barchart_compute_layout(c, a, lay, &err);
	if (rc)
		fail_msg("layout failed: %s", err.message);
}

/* ---- layout ----------------------------------------------------------- */

static void test_layout_scale_and_reference(void **state)
{
	rt_fixture *f = *state;
	bp_barchart c = test_chart();
	bp_barchart_layout lay;
	layout_of(&c, f->arena, &lay);

	assert_true(lay.width == 800);
	assert_true(lay.scale_min == 0);
	assert_true(lay.scale_max == 40);
	assert_true(lay.tick_step == 10);
	assert_int_equal(lay.n_ticks, 5);
	assert_int_equal(lay.tick_decimals, 0);

	/* 20 on a 0..40 axis: exactly halfway */
	assert_true(fabs(lay.ref_x[0] - (lay.plot_x0 + lay.plot_x1) / 2) < 1e-9);
	/* a reference without a value is not drawn and has no legend entry */
	assert_true(isnan(lay.ref_x[1]));
	assert_true(isnan(lay.legend_x[1]));
	assert_false(isnan(lay.legend_x[0]));
	assert_true(lay.legend_row_y[0] >= lay.legend_y);
	assert_true(lay.legend_y < lay.plot_y0);

	/* bars start at zero, at the left of the plot, and end at their value */
	assert_true(lay.zero_x == lay.plot_x0);
	double pw = lay.plot_x1 - lay.plot_x0;
	assert_true(fabs(lay.bar_x0[0] - lay.plot_x0) < 1e-9);
	assert_true(fabs(lay.bar_x1[0] - (lay.plot_x0 + pw * 10 / 40)) < 1e-9);
	assert_true(fabs(lay.bar_x1[1] - (lay.plot_x0 + pw * 36 / 40)) < 1e-9);
	assert_true(isnan(lay.bar_x0[3]) && isnan(lay.bar_x1[3]));

	/* name column, then plot, then room for "36,0%" within the width */
	assert_true(lay.label_x > 0);
	assert_true(lay.plot_x0 > lay.label_x + lay.label_w);
	assert_true(lay.plot_x1 < lay.width - 30);
	assert_true(pw > 0.5 * lay.width);
}

static void test_layout_bars_evenly_spaced(void **state)
{
	rt_fixture *f = *state;
	bp_barchart c = test_chart();
	bp_barchart_layout lay;
	layout_of(&c, f->arena, &lay);

	assert_int_equal(lay.n_bars, 5);
	assert_true(lay.bar_h > 0 && lay.bar_h < lay.bar_pitch);
	assert_true(lay.bar_y[0] >= lay.plot_y0);
	for (size_t i = 1; i < lay.n_bars; i++)
		assert_true(fabs(lay.bar_y[i] - lay.bar_y[i - 1] - lay.bar_pitch) < 1e-9);
	assert_true(lay.bar_y[4] + lay.bar_h <= lay.plot_y1);
	assert_true(fabs(lay.plot_y1 - lay.plot_y0 - 5 * lay.bar_pitch) < 1e-9);
	/* below the bars: tick labels, then the source, all inside the height */
	assert_true(lay.axis_y > lay.plot_y1);
	assert_true(lay.source_y > lay.axis_y);
	assert_true(lay.height > lay.source_y);
	assert_true(lay.height == floor(lay.height));

	/* the height follows the number of bars: 3 more bars, 3 more rows */
	bp_bar more[8];
	for (size_t i = 0; i < 8; i++)
		more[i] = test_bars[i % 5];
	c.bars = more;
	c.n_bars = 8;
	bp_barchart_layout lay8;
	layout_of(&c, f->arena, &lay8);
	assert_true(fabs(lay8.height - lay.height - 3 * lay.bar_pitch) < 1e-9);
	assert_true(lay8.plot_y0 == lay.plot_y0);
}

static void test_layout_label_column(void **state)
{
	rt_fixture *f = *state;
	bp_barchart c = test_chart();
	bp_barchart_layout lay;

	/* short names: a narrow column, much less than the cap */
	bp_bar short_bars[] = { { "Oss", 12, NULL, 0 }, { "Lith", 14, NULL, 0 } };
	c.bars = short_bars;
	c.n_bars = 2;
	layout_of(&c, f->arena, &lay);
	assert_true(lay.label_w > 10 && lay.label_w < 60);
	double narrow_x0 = lay.plot_x0;

	/* a very long name is cut at BP_NAME_MAX_CHARS, its column capped at 40 %
	 * of the width (and ellipsized) */
	char name[1024];
	name[0] = '\0';
	for (int i = 0; i < 20; i++)
		strcat(name, "Verspreide huizen ");
	bp_bar long_bars[] = { { name, 12, NULL, 0 }, { "Lith", 14, NULL, 0 } };
	c.bars = long_bars;
	layout_of(&c, f->arena, &lay);
	assert_true(lay.label_w <= 0.40 * 800 && lay.label_w > 150);
	assert_true(lay.plot_x0 > lay.label_x + lay.label_w);
	assert_true(lay.plot_x0 > narrow_x0 + 120);

	/* a narrow chart keeps its plot and stays within its width */
	c.width = 400;
	layout_of(&c, f->arena, &lay);
	assert_true(lay.width == 400);
	assert_true(lay.label_w <= 0.40 * 400);
	assert_true(lay.plot_x1 - lay.plot_x0 >= 80);
	assert_true(lay.plot_x1 < 400);
}

static void test_layout_negative_values(void **state)
{
	rt_fixture *f = *state;
	bp_bar bars[] = { { "Centrum", 4.2, NULL, 0 }, { "Lith", -6.1, NULL, 0 } };
	bp_refline refs[] = { { "Oss", 0.3 } };
	bp_barchart c = { .title = "Groei", .unit = "%", .decimals = 1,
	                  .bars = bars, .n_bars = 2, .refs = refs, .n_refs = 1 };
	bp_barchart_layout lay;
	layout_of(&c, f->arena, &lay);

	assert_true(lay.width == 800); /* 0 means the default */
	/* -6.1..4.2 over about 6 ticks: rough step 1.72, nice step 2, -8..6 */
	assert_true(lay.tick_step == 2);
	assert_true(lay.scale_min == -8);
	assert_true(lay.scale_max == 6);
	assert_int_equal(lay.n_ticks, 8);
	double pw = lay.plot_x1 - lay.plot_x0;
	assert_true(fabs(lay.zero_x - (lay.plot_x0 + pw * 8 / 14)) < 1e-9);
	/* the negative bar runs from its value to zero */
	assert_true(fabs(lay.bar_x1[1] - lay.zero_x) < 1e-9);
	assert_true(fabs(lay.bar_x0[1] - (lay.plot_x0 + pw * (8 - 6.1) / 14)) < 1e-9);
	assert_true(fabs(lay.bar_x0[0] - lay.zero_x) < 1e-9);
}

static void test_layout_too_narrow(void **state)
{
	rt_fixture *f = *state;
	bp_barchart c = test_chart();
	bp_barchart_layout lay;
	bp_error err = { 0 };
	c.width = 100;
	assert_int_equal(bp_barchart_compute_layout(&c, f->arena, &lay, &err), BP_ERR_RENDER);
	assert_int_equal(err.rc, BP_ERR_RENDER);
	assert_non_null(strstr(err.message, "100"));

	char *p = rt_path(f, "narrow.png");
	bp_error_clear(&err);
	assert_int_equal(bp_barchart_write(&c, BP_IMAGE_PNG, p, &err), BP_ERR_RENDER);
	assert_false(rt_exists(p));
	assert_int_equal(rt_count_entries(f->dir), 0);
}

/* ---- PNG pixels ------------------------------------------------------- */

static int bluish(uint32_t rgb)
{
	int r = rgb >> 16 & 0xFF, b = rgb & 0xFF;
	return b - r > 60;
}

static int blue_pixels_in_row(cairo_surface_t *s, const bp_barchart_layout *lay, size_t i)
{
	int n = 0;
	for (double y = lay->bar_y[i] + 1; y < lay->bar_y[i] + lay->bar_h - 1; y += 1)
		for (double x = lay->zero_x + 2; x < lay->plot_x1; x += 1)
			n += bluish(rt_pixel(s, x, y));
	return n;
}

static void test_png_pixels(void **state)
{
	rt_fixture *f = *state;
	bp_barchart c = test_chart();
	bp_barchart_layout lay;
	layout_of(&c, f->arena, &lay);

	char *p = rt_path(f, "chart.png");
	bp_error err = { 0 };
	assert_int_equal(bp_barchart_write(&c, BP_IMAGE_PNG, p, &err), BP_OK);
	/* only the chart: the temporary file is gone */
	assert_int_equal(rt_count_entries(f->dir), 1);

	cairo_surface_t *s = cairo_image_surface_create_from_png(p);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	assert_int_equal(cairo_image_surface_get_width(s), (int)lay.width);
	assert_int_equal(cairo_image_surface_get_height(s), (int)lay.height);
	cairo_surface_flush(s);

	double mid0 = lay.bar_y[0] + lay.bar_h / 2;
	/* in the middle of the first bar: the bar colour */
	assert_int_equal(rt_pixel(s, (lay.bar_x0[0] + lay.bar_x1[0]) / 2, mid0), BP_BARCHART_RGB_BAR);
	/* beyond its end and its value label, between the grid lines at 30 and 40: white */
	double x35 = lay.plot_x0 + (lay.plot_x1 - lay.plot_x0) * 35 / 40;
	assert_int_equal(rt_pixel(s, x35, mid0), 0xFFFFFF);
	/* the highlighted bar in the accent colour */
	double mid2 = lay.bar_y[2] + lay.bar_h / 2;
	assert_int_equal(rt_pixel(s, (lay.bar_x0[2] + lay.bar_x1[2]) / 2, mid2), BP_BARCHART_RGB_HIGHLIGHT);

	/* the reference line's column: above the first row, and across the long second bar */
	assert_int_equal(rt_pixel(s, lay.ref_x[0], lay.plot_y0 - 2), BP_BARCHART_RGB_REF1);
	assert_int_equal(rt_pixel(s, lay.ref_x[0], lay.bar_y[1] + lay.bar_h / 2), BP_BARCHART_RGB_REF1);
	/* and not a neighbouring column well away from it */
	assert_int_not_equal(rt_pixel(s, lay.ref_x[0] + 6, lay.plot_y0 - 2), BP_BARCHART_RGB_REF1);

	/* the missing value (row 3) draws no bar at all; a real bar row does */
	assert_int_equal(blue_pixels_in_row(s, &lay, 3), 0);
	assert_true(blue_pixels_in_row(s, &lay, 0) > 100);
	/* but its note is there: some dark (grey text) pixels right of the zero line */
	int dark = 0;
	for (double x = lay.zero_x + 4; x < lay.zero_x + 60; x += 1)
		for (double y = lay.bar_y[3]; y < lay.bar_y[3] + lay.bar_h; y += 1)
			dark += (rt_pixel(s, x, y) & 0xFF) < 0xA0;
	assert_true(dark > 10);

	cairo_surface_destroy(s);
}

/* ---- other formats and memory ----------------------------------------- */

/*
 * c rendered as PNG, which must be pixel for pixel c drawn with every halo
 * drawn (rendertest.c); returns the PNG's colour type, n_colours the
 * number of colours.
 */
static int png_as_drawn(const bp_barchart *c, int *n_colours)
{
	unsigned char *png = NULL;
	size_t len = 0;
	bp_error err = { 0 };
	assert_int_equal(bp_barchart_render(c, BP_IMAGE_PNG, &png, &len, &err), BP_OK);
	int type = rt_png_matches_drawing(bp_barchart_ops(), c, png, len, n_colours);
	free(png);
	return type;
}

/* The test chart and Lith at 18.5: its label "18,5%" lies across the Oss line at 20. */
static bp_barchart chart_with_lith(bp_bar bars[6])
{
	memcpy(bars, test_bars, sizeof(test_bars));
	bars[5] = (bp_bar){ "Lith", 18.5, NULL, 0 };
	bp_barchart c = test_chart();
	c.bars = bars;
	c.n_bars = 6;
	return c;
}

/*
 * The PNG is pixel for pixel the chart as drawn with every halo drawn
 * (rendertest.c): the halo is skipped only where it is invisible.  An
 * extra bar of 18.5 puts its label "18,5%" across the Oss line at 20 (its
 * halo must be drawn); Schadewijk's "10,0%" starts 5 px right of the
 * gridline at 10 (its halo is skipped).  Blue, orange and three text
 * colours: more than 256 colours, so RGB (colour type 2).
 */
static void test_png_halo_and_lossless(void **state)
{
	(void)state;
	bp_bar bars[6];
	bp_barchart c = chart_with_lith(bars);
	int n = 0;
	assert_int_equal(png_as_drawn(&c, &n), 2);
	assert_true(n > 256);
}

/*
 * The halo is there: Lith's label "18,5%" crosses the Oss line (orange, 2
 * wide, at 20) inside its bar row, and without a halo every pixel of the
 * line's columns there would be orange or glyph ink over orange (blue 0 to
 * a few levels).  With it, some are background again.  Above the row, in
 * the gap between bars, the columns are the line's orange (we are on it).
 */
static void test_png_halo_clears_line(void **state)
{
	(void)state;
	bp_bar bars[6];
	bp_barchart c = chart_with_lith(bars);
	bp_arena *a = bp_arena_new();
	bp_barchart_layout lay;
	layout_of(&c, a, &lay);
	unsigned char *png = NULL;
	size_t len = 0;
	bp_error err = { 0 };
	assert_int_equal(bp_barchart_render(&c, BP_IMAGE_PNG, &png, &len, &err), BP_OK);
	cairo_surface_t *s = rt_png_surface(png, len);
	double x0 = floor(lay.ref_x[0]) - 1, y0 = lay.bar_y[5], y1 = lay.bar_y[5] + lay.bar_h;
	int light = 0, orange_above = 0;
	for (double x = x0; x <= x0 + 2; x += 1) {
		for (double y = floor(y0) + 0.5; y < y1; y += 1) {
			uint32_t p = rt_pixel(s, x + 0.5, y);
			light += (p >> 16 & 0xFF) > 0xE0 && (p >> 8 & 0xFF) > 0xE0 && (p & 0xFF) > 0xE0;
		}
		uint32_t above = rt_pixel(s, x + 0.5, y0 - (lay.bar_pitch - lay.bar_h) / 2);
		orange_above += (above >> 16 & 0xFF) > 0xC0 && (above & 0xFF) < 0x40;
	}
	assert_true(orange_above >= 1);
	assert_true(light >= 2);
	cairo_surface_destroy(s);
	free(png);
	bp_arena_free(a);
}

/*
 * Many halos, each the label's glyph copies (halo.c): 24 bars from 17,0
 * to 25,05% in steps of 0,35 put their labels across the Oss line at 20 and
 * next to the bar ends, at 24 x positions; then two bars of 18,5% (Lith,
 * Geffen) give the same label at the same x one bar pitch (24 px) apart, so
 * that the second is drawn from the glyphs kept from the first.  A second
 * render draws every label and halo from kept glyphs.  Both PNGs are pixel
 * for pixel the chart drawn through a recording surface, where Pango's
 * renderer draws the labels.
 */
static void test_png_many_halos(void **state)
{
	(void)state;
	bp_bar bars[26];
	char names[24][16];
	for (int i = 0; i < 24; i++) {
		snprintf(names[i], sizeof(names[i]), "Buurt %d", i + 1);
		bars[i] = (bp_bar){ names[i], 17.0 + 0.35 * i, NULL, 0 };
	}
	bars[24] = (bp_bar){ "Lith", 18.5, NULL, 0 };
	bars[25] = (bp_bar){ "Geffen", 18.5, NULL, 0 };
	bp_barchart c = test_chart();
	c.bars = bars;
	c.n_bars = 26;
	int n = 0;
	assert_int_equal(png_as_drawn(&c, &n), 2);
	assert_int_equal(png_as_drawn(&c, &n), 2);
}

/*
 * A picture whose image data is more than one IDAT chunk (canvas.c frames
 * them itself, 256 KiB of the zlib stream each, with ISA-L's CRC and the
 * rows' Adler-32 joined row by row): 300 bars, 7,000 px tall.  Each
 * chunk's CRC is checked here with zlib's crc32 over its type and data,
 * the chunks are counted, and the whole is decoded (zlib checks the
 * Adler-32 of the inflated rows) and compared with the chart as drawn.
 */
static void test_png_several_idat_chunks(void **state)
{
	(void)state;
	enum { N = 300 };
	bp_bar bars[N];
	char names[N][24];
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "Buurt %d", i + 1);
		bars[i] = (bp_bar){ names[i], 5.0 + 0.1 * i, NULL, 0 };
	}
	bp_barchart c = test_chart();
	c.bars = bars;
	c.n_bars = N;
	unsigned char *png = NULL;
	size_t len = 0;
	bp_error err = { 0 };
	assert_int_equal(bp_barchart_render(&c, BP_IMAGE_PNG, &png, &len, &err), BP_OK);
	int idat = 0;
	size_t zbytes = 0;
	for (size_t at = 8; at + 12 <= len;) {
		uint32_t n = (uint32_t)png[at] << 24 | (uint32_t)png[at + 1] << 16 | (uint32_t)png[at + 2] << 8 | png[at + 3];
		assert_true(at + 12 + n <= len);
		const unsigned char *p = png + at + 8 + n;
		uint32_t crc = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
		assert_int_equal(crc, (uint32_t)crc32(0, png + at + 4, 4 + n));
		if (memcmp(png + at + 4, "IDAT", 4) == 0)
			idat++, zbytes += n;
		at += 12 + n;
	}
	assert_true(zbytes > 256 * 1024);
	assert_int_equal(idat, (int)((zbytes + 256 * 1024 - 1) / (256 * 1024)));
	int n_colours = 0;
	assert_true(rt_png_matches_drawing(bp_barchart_ops(), &c, png, len, &n_colours) >= 2);
	free(png);
}

/*
 * Drawn at half size onto an image (as a chart placed on a page): the
 * labels and halos are glyphs under that transformation, and the pixels are
 * those of the same drawing replayed from a recording surface, where every
 * halo is drawn.  The image is one pixel shorter than the chart's half height, so
 * that place_on's clip covers all of it.
 */
static void test_halo_scaled_image(void **state)
{
	(void)state;
	bp_bar bars[6];
	bp_barchart c = chart_with_lith(bars);
	bp_error err = { 0 };
	double height = 0;
	assert_int_equal(bp_canvas_measure(bp_barchart_ops(), &c, 400, &height, &err), BP_OK);
	int w = 400, h = (int)floor(height) - 1;
	cairo_surface_t *img[2];
	for (int i = 0; i < 2; i++) {
		img[i] = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
		cairo_surface_t *target = img[i];
		if (i == 1) {
			cairo_rectangle_t ext = { 0, 0, w, h };
			target = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
		}
		cairo_t *cr = cairo_create(target);
		assert_int_equal(bp_canvas_draw_at(bp_barchart_ops(), &c, cr, 0, 0, w, &height, &err), BP_OK);
		cairo_destroy(cr);
		if (i == 1) {
			cr = cairo_create(img[1]);
			cairo_set_source_surface(cr, target, 0, 0);
			cairo_paint(cr);
			cairo_destroy(cr);
			cairo_surface_destroy(target);
		}
		cairo_surface_flush(img[i]);
	}
	long differ = 0, white = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint32_t a = rt_pixel(img[0], x, y), b = rt_pixel(img[1], x, y);
			differ += a != b;
			white += a == 0xFFFFFF;
		}
	assert_int_equal(differ, 0);
	assert_true(white > w * h / 2); /* something was drawn: the background */
	cairo_surface_destroy(img[0]);
	cairo_surface_destroy(img[1]);
}

/* A chart rendered into memory in fmt (the test fails if it cannot be). */
static unsigned char *render(const bp_barchart *c, bp_image_format fmt, size_t *len)
{
	unsigned char *out = NULL;
	bp_error err = { 0 };
	assert_int_equal(bp_barchart_render(c, fmt, &out, len, &err), BP_OK);
	return out;
}

static void assert_same(unsigned char *a, size_t la, unsigned char *b, size_t lb)
{
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	free(b);
}

/*
 * The same chart gives the same PNG bytes, however the process got there.
 * Layouts are kept from chart to chart (textcache.c) in one context for
 * measuring and one per kind of surface: drawing another chart in between,
 * and SVG and PDF in turn, must not change a byte.  (An SVG cannot be
 * compared so: Cairo numbers its SVG surfaces across the process, "surface1"
 * then "surface11", with or without the cache.)  And the PNG
 * encoder must not depend on what happens to be in memory: igzip levels 1
 * and 2 wrote other (valid) bytes for about one picture in 1,500 (level 1)
 * when the heap around it changed (canvas.c), so the PNG is rendered again
 * between allocations of varying sizes.  That part can only catch a
 * regression by chance, hence many renders.
 */
static void test_same_bytes_again(void **state)
{
	(void)state;
	bp_barchart c = test_chart();
	bp_bar other_bars[2] = { { "Berghem", 12.25, NULL, 0 }, { "Megen", NAN, "geheim", 0 } };
	bp_barchart other = test_chart();
	other.title = "Huishoudens met een laag inkomen";
	other.bars = other_bars;
	other.n_bars = 2;
	size_t lp, n;
	unsigned char *png = render(&c, BP_IMAGE_PNG, &lp);
	free(render(&c, BP_IMAGE_SVG, &n));
	free(render(&other, BP_IMAGE_PNG, &n));
	free(render(&other, BP_IMAGE_PDF, &n));
	unsigned char *png2 = render(&c, BP_IMAGE_PNG, &n);
	assert_same(png, lp, png2, n);
	unsigned int seed = 1;
	for (int i = 0; i < 60; i++) {
		void *noise[8];
		for (int j = 0; j < 8; j++) {
			seed = seed * 1103515245u + 12345u;
			size_t size = 1 + (seed >> 8) % 400000;
			noise[j] = malloc(size);
			assert_non_null(noise[j]);
			memset(noise[j], (int)(seed >> 16), size < 4096 ? size : 4096);
		}
		for (int j = 0; j < 8; j += 2)
			free(noise[j]);
		png2 = render(&c, BP_IMAGE_PNG, &n);
		assert_same(png, lp, png2, n);
		for (int j = 1; j < 8; j += 2)
			free(noise[j]);
	}
	free(png);
}

/* The PNG's colour type (IHDR's byte 25): 2 RGB, 3 indexed. */
static int png_colour_type(const unsigned char *png, size_t len)
{
	assert_true(len > 25);
	return png[25];
}

/*
 * A PNG's bytes do not depend on the chart drawn before it.  After a
 * picture of more than 256 colours, the next of its kind first looks for
 * a proof of more than 256 colours in every third row (canvas.c,
 * sample_over_256), and is written as RGB from the top when one is found;
 * else, and after an indexed picture, the colours are collected from the
 * top as always.  Each chart is drawn after each kind of picture (few
 * after many: sampled, no proof; few after few; many after few: collected
 * from the top; many after many: the sample's proof) and must come out the
 * same bytes every time: an RGB chart (the bench's 25-bar ranking, > 256
 * colours, which its every third row proves) and an indexed one (two bars, <= 256 colours).
 */
static void test_same_bytes_after_any_chart(void **state)
{
	(void)state;
	/* A ranking of the buurten of Oss as bench/render.sh draws it: 25 bars, two references. */
	static const char *const names[25] = {
		"Moleneind", "Willibrordusweg-Oost", "Centrum-Noord", "Centrum-West", "Willibrordusweg-West",
		"Landweer", "Berghemseweg-Zuid", "Centrum-Zuid", "Oranjebuurt I en Ruivert", "Zeeheldenbuurt I",
		"Oorlogsheldenbuurt", "Verzetsheldenbuurt I", "Kortfoort", "Oranjebuurt II", "Hertogenbuurt",
		"Zeeheldenbuurt II", "Vogelbuurt", "De Horzak", "Roofvogelbuurt", "Bomenbuurt", "Danenhoef",
		"Verzetsheldenbuurt II", "De Noord", "Mettegeupel", "Schadewijk Noord-Oost"
	};
	bp_bar bars[25];
	for (int i = 0; i < 25; i++)
		bars[i] = (bp_bar){ names[i], 41.3 - 1.37 * i, NULL, i == 12 };
	bp_refline refs[2] = { { "Oss", 20.9 }, { "Nederland", 20.5 } };
	bp_barchart many = test_chart();
	many.title = "Inwoners van 65 jaar of ouder";
	many.subtitle = "Buurten van Oss, 1 januari 2024, % van de inwoners";
	many.bars = bars;
	many.n_bars = 25;
	many.refs = refs;
	many.n_refs = 2;
	bp_bar few_bars[2] = { { "Berghem", 12.25, NULL, 0 }, { "Megen", 20.0, NULL, 0 } };
	bp_barchart few = test_chart();
	few.bars = few_bars;
	few.n_bars = 2;
	few.n_refs = 0;
	size_t lm, lf, n;
	unsigned char *m = render(&many, BP_IMAGE_PNG, &lm);
	unsigned char *f = render(&few, BP_IMAGE_PNG, &lf);
	assert_int_equal(png_colour_type(m, lm), 2);
	assert_int_equal(png_colour_type(f, lf), 3);
	/* Each after the one before it; four kinds of history. */
	const bp_barchart *order[4] = { &few, &many, &many, &few };
	for (int i = 0; i < 4; i++) {
		unsigned char *again = render(order[i], BP_IMAGE_PNG, &n);
		if (order[i] == &few)
			assert_same(f, lf, again, n);
		else
			assert_same(m, lm, again, n);
	}
	/* The RGB picture written after the sample's proof is the picture drawn. */
	free(render(&many, BP_IMAGE_PNG, &n));
	int colours = 0;
	assert_int_equal(png_as_drawn(&many, &colours), 2);
	assert_true(colours > 256);
	free(m);
	free(f);
}

static void read_all(const rt_fixture *f, const char *path, char **data, size_t *len)
{
	bp_error err = { 0 };
	assert_int_equal(bp_file_read_all(path, f->arena, data, len, &err), BP_OK);
}

static void test_svg_file(void **state)
{
	rt_fixture *f = *state;
	bp_barchart c = test_chart();
	bp_barchart_layout lay;
	layout_of(&c, f->arena, &lay);

	char *p = rt_path(f, "chart.svg");
	bp_error err = { 0 };
	assert_int_equal(bp_barchart_write(&c, BP_IMAGE_SVG, p, &err), BP_OK);
	size_t len;
	char *svg;
	read_all(f, p, &svg, &len);
	assert_true(len > 1000);
	assert_memory_equal(svg, "<?xml", 5);
	char *tag = strstr(svg, "<svg");
	assert_non_null(tag);
	char want[64];
	snprintf(want, sizeof(want), "width=\"%d\"", (int)lay.width);
	assert_non_null(strstr(tag, want));
	snprintf(want, sizeof(want), "height=\"%d\"", (int)lay.height);
	assert_non_null(strstr(tag, want));
	assert_non_null(strstr(svg, "</svg>"));
	assert_int_equal(rt_count_entries(f->dir), 1);
}

static void test_pdf_file(void **state)
{
	rt_fixture *f = *state;
	bp_barchart c = test_chart();
	char *p = rt_path(f, "chart.pdf");
	bp_error err = { 0 };
	assert_int_equal(bp_barchart_write(&c, BP_IMAGE_PDF, p, &err), BP_OK);
	size_t len;
	char *pdf;
	read_all(f, p, &pdf, &len);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF", 4);
	/* a finished PDF ends with its trailer */
	assert_non_null(strstr(pdf + len - 64, "%%EOF"));
	assert_int_equal(rt_count_entries(f->dir), 1);
}

typedef struct mem_reader {
	const unsigned char *p;
	size_t left;
} mem_reader;

static cairo_status_t read_mem(void *closure, unsigned char *data, unsigned int n)
{
	mem_reader *r = closure;
	if (n > r->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p, n);
	r->p += n;
	r->left -= n;
	return CAIRO_STATUS_SUCCESS;
}

static void test_render_to_memory(void **state)
{
	rt_fixture *f = *state;
	bp_barchart c = test_chart();
	bp_barchart_layout lay;
	layout_of(&c, f->arena, &lay);
	bp_error err = { 0 };

	unsigned char *png = NULL;
	size_t len = 0;
	assert_int_equal(bp_barchart_render(&c, BP_IMAGE_PNG, &png, &len, &err), BP_OK);
	assert_non_null(png);
	assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
	mem_reader r = { png, len };
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_mem, &r);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	assert_int_equal(cairo_image_surface_get_width(s), (int)lay.width);
	assert_int_equal(cairo_image_surface_get_height(s), (int)lay.height);
	cairo_surface_destroy(s);

	/* the file is the same bytes as the memory image: one drawing code */
	char *p = rt_path(f, "chart.png");
	assert_int_equal(bp_barchart_write(&c, BP_IMAGE_PNG, p, &err), BP_OK);
	size_t flen;
	char *file;
	read_all(f, p, &file, &flen);
	assert_int_equal(flen, len);
	assert_memory_equal(file, png, len);
	free(png);

	unsigned char *svg = NULL;
	assert_int_equal(bp_barchart_render(&c, BP_IMAGE_SVG, &svg, &len, &err), BP_OK);
	assert_memory_equal(svg, "<?xml", 5);
	assert_non_null(strstr((char *)svg, "<svg"));
	free(svg);
}

/* ---- failures --------------------------------------------------------- */

static void test_missing_folder(void **state)
{
	rt_fixture *f = *state;
	bp_barchart c = test_chart();
	char *p = rt_path(f, "nope/chart.png");
	bp_error err = { 0 };

	assert_int_equal(bp_barchart_write(&c, BP_IMAGE_PNG, p, &err), BP_ERR_IO);
	assert_int_equal(err.rc, BP_ERR_IO);
	assert_string_equal(err.where, p);
	assert_false(rt_exists(p));
	/* nothing left behind, not even a temporary file */
	assert_int_equal(rt_count_entries(f->dir), 0);

	bp_error_clear(&err);
	assert_int_equal(bp_barchart_write(&c, BP_IMAGE_SVG, p, &err), BP_ERR_IO);
	assert_int_equal(rt_count_entries(f->dir), 0);
}

static void test_cairo_failure(void **state)
{
	rt_fixture *f = *state;
	/* 1400 rows of 24 pixels: taller than the 32767 pixels of a Cairo image */
	enum { N = 1400 };
	bp_bar *bars = bp_arena_alloc(f->arena, N * sizeof(*bars));
	for (size_t i = 0; i < N; i++)
		bars[i] = (bp_bar){ "Wijk", (double)(i % 30), NULL, 0 };
	bp_barchart c = { .title = "Te hoog", .unit = "%", .decimals = 1, .bars = bars, .n_bars = N };
	char *p = rt_path(f, "tall.png");
	bp_error err = { 0 };

	assert_int_equal(bp_barchart_write(&c, BP_IMAGE_PNG, p, &err), BP_ERR_RENDER);
	assert_non_null(strstr(err.message, p));
	assert_string_equal(err.where, p);
	assert_false(rt_exists(p));
	assert_int_equal(rt_count_entries(f->dir), 0);

	unsigned char *out = (unsigned char *)"untouched";
	size_t len = 99;
	bp_error_clear(&err);
	assert_int_equal(bp_barchart_render(&c, BP_IMAGE_PNG, &out, &len, &err), BP_ERR_RENDER);
	assert_null(out);
	assert_int_equal(len, 0);
}

static void test_overwrites_existing(void **state)
{
	rt_fixture *f = *state;
	bp_barchart c = test_chart();
	char *p = rt_path(f, "chart.png");
	bp_error err = { 0 };
	assert_int_equal(bp_file_write_atomic(p, "old", 3, &err), BP_OK);
	assert_int_equal(bp_barchart_write(&c, BP_IMAGE_PNG, p, &err), BP_OK);
	size_t len;
	char *data;
	read_all(f, p, &data, &len);
	assert_memory_equal(data, "\x89PNG", 4);
	assert_int_equal(rt_count_entries(f->dir), 1);
}

/*
 * A name fitted to a column (bp_text_fit, bp_text with BP_FIT_ELLIPSIZE)
 * draws the pixels of a layout made directly with Pango for that width,
 * alignment and ellipsis, whether the name fits (then it is the layout that
 * measured it: one shaping per new name), is cut, or runs right to left
 * (where Pango swaps the alignment).
 */
static void test_fitted_text_drawn_as_fitted(void **state)
{
	(void)state;
	const char *names[] = { "Centrum", "Megen, Haren en Macharen", "Buitengebied Lith en Maren-Kessel",
		                "\u05ea\u05dc \u05d0\u05d1\u05d9\u05d1", "\u0627\u0644\u0642\u0627\u0647\u0631\u0629 12" };
	const PangoAlignment aligns[] = { PANGO_ALIGN_RIGHT, PANGO_ALIGN_LEFT };
	const double width = 150, x = 20.25, y = 10;
	bp_ink k;
	bp_ink_open(&k);
	int fitted_seen = 0, cut_seen = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		for (size_t j = 0; j < 2; j++) {
			cairo_surface_t *want = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 40);
			cairo_surface_t *got = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 40);
			cairo_t *cw = cairo_create(want), *cg = cairo_create(got);
			bp_ink_draw_on(&k, cw);
			PangoLayout *ref = pango_layout_new(k.pc);
			pango_layout_set_font_description(ref, k.font[BP_F_LABEL]);
			pango_layout_set_text(ref, names[i], -1);
			pango_layout_set_width(ref, (int)(width * PANGO_SCALE));
			pango_layout_set_ellipsize(ref, PANGO_ELLIPSIZE_END);
			pango_layout_set_alignment(ref, aligns[j]);
			cairo_move_to(cw, x, y);
			pango_cairo_show_layout(cw, ref);
			cut_seen += pango_layout_is_ellipsized(ref);

			double dx = 0;
			PangoLayout *l = aligns[j] == PANGO_ALIGN_RIGHT
			                         ? bp_text_fit(&k, BP_F_LABEL, names[i], width, aligns[j], &dx)
			                         : bp_text(&k, BP_F_LABEL, names[i], width, BP_FIT_ELLIPSIZE, aligns[j]);
			bp_show(cg, l, x + dx, y, 0x000000);
			/* a name that fits comes back as the layout that measures it */
			PangoLayout *measured = bp_text(&k, BP_F_LABEL, names[i], 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
			if (!pango_layout_is_ellipsized(ref) && i < 3) {
				assert_ptr_equal(l, measured);
				fitted_seen++;
			}
			g_object_unref(measured);
			g_object_unref(l);
			g_object_unref(ref);
			cairo_destroy(cw);
			cairo_destroy(cg);
			cairo_surface_flush(want);
			cairo_surface_flush(got);
			assert_memory_equal(cairo_image_surface_get_data(want), cairo_image_surface_get_data(got),
			                    (size_t)cairo_image_surface_get_stride(want) * 40);
			cairo_surface_destroy(want);
			cairo_surface_destroy(got);
		}
	bp_ink_close(&k);
	/* both cases were there: names that fit and a name cut at the width */
	assert_true(fitted_seen > 0);
	assert_true(cut_seen > 0);
}

/*
 * A reference with its own 95% interval (a survey's gemeente: Oss 20,0,
 * 17,5 to 23,5) draws a band from ci_lo to ci_hi behind the bars; one
 * without (Nederland 21,4) none.  The band's ends are the interval mapped
 * through the axis here, from the ticks the chart writes (0 at plot_x0,
 * 40 at plot_x1), and read back from the SVG's path (its tint, #f9e7d9:
 * 15% of the orange D55E00 over white) and from the PNG's pixels.
 */
#define BAND_TINT_SVG "#f9e7d9"
#define BAND_TINT_RGB 0xF9E7D9u

static bp_barchart band_chart(bp_refline *refs)
{
	bp_barchart c = test_chart();
	refs[0] = (bp_refline){ "Oss", 20.0, 17.5, 23.5 };
	refs[1] = (bp_refline){ "Nederland", 21.4, NAN, NAN };
	c.refs = refs;
	c.n_refs = 2;
	return c;
}

static void render_of(const bp_barchart *c, bp_image_format fmt, unsigned char **out, size_t *len)
{
	bp_error err = { 0 };
	if (bp_barchart_render(c, fmt, out, len, &err))
		fail_msg("render failed: %s", err.message);
}

static void test_reference_band(void **state)
{
	rt_fixture *f = *state;
	bp_refline refs[2];
	bp_barchart c = band_chart(refs);
	bp_barchart_layout lay;
	layout_of(&c, f->arena, &lay);
	/* the axis as drawn: 0 to 40 in steps of 10 */
	rt_assert_near(lay.scale_min, 0, 1e-9);
	rt_assert_near(lay.scale_max, 40, 1e-9);
	double per = (lay.plot_x1 - lay.plot_x0) / 40.0;
	double want0 = lay.plot_x0 + 17.5 * per, want1 = lay.plot_x0 + 23.5 * per;
	rt_assert_near(lay.band_x0[0], want0, 1e-9);
	rt_assert_near(lay.band_x1[0], want1, 1e-9);
	assert_true(isnan(lay.band_x0[1]) && isnan(lay.band_x1[1]));

	/* SVG: one band, a rectangle from want0 to want1 and from 4 above the first row to the plot's end */
	unsigned char *svg = NULL, *png = NULL;
	size_t len = 0, plen = 0, n_paths = 0;
	render_of(&c, BP_IMAGE_SVG, &svg, &len);
	rt_keep("ranking_band.svg", svg, len);
	double xy[64];
	size_t n = rt_svg_path_points(svg, len, "fill", BAND_TINT_SVG, xy, 32, &n_paths);
	/* the plot's band and the legend's sample */
	assert_int_equal(n_paths, 2);
	double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
	for (size_t i = 0; i < n && i < 32; i++) {
		if (xy[2 * i + 1] < lay.plot_y0 - 10)
			continue;   /* the legend's sample, above the plot */
		x0 = fmin(x0, xy[2 * i]);
		x1 = fmax(x1, xy[2 * i]);
		y0 = fmin(y0, xy[2 * i + 1]);
		y1 = fmax(y1, xy[2 * i + 1]);
	}
	/* the SVG writes hundredths */
	rt_assert_near(x0, want0, 0.006);
	rt_assert_near(x1, want1, 0.006);
	rt_assert_near(y0, lay.plot_y0 - 4, 0.006);
	rt_assert_near(y1, lay.plot_y1, 0.006);
	/* the legend names it */
	char *text = rt_svg_text(svg, len);
	char *want = rt_no_space("Oss 20,0% (vlak: 95%-interval 17,5\u201323,5%)");
	assert_non_null(strstr(text, want));
	free(want);
	free(text);
	free(svg);

	/* PNG: in the gap between the first two bars the tint runs from the band's left edge to its right */
	render_of(&c, BP_IMAGE_PNG, &png, &plen);
	rt_keep("ranking_band.png", png, plen);
	cairo_surface_t *s = rt_png_surface(png, plen);
	double gap = lay.bar_y[0] + lay.bar_h + (lay.bar_pitch - lay.bar_h) / 2;
	double first = NAN, last = NAN;
	for (double x = lay.plot_x0 + 0.5; x < lay.plot_x1; x += 1)
		if (rt_pixel(s, x, gap) == BAND_TINT_RGB) {
			if (isnan(first))
				first = x;
			last = x;
		}
	/* the edge is a 1-unit line on the end, anti-aliased over at most two pixels: the first whole tint
	 * pixel's centre is within 2 of it */
	if (!(first > want0 && first - want0 <= 2) || !(last < want1 && want1 - last <= 2))
		fail_msg("tint from %.1f to %.1f, band from %.2f to %.2f", first, last, want0, want1);
	/* the edge itself: the orange line's colour dominates the pixel at the end */
	uint32_t e = rt_pixel(s, floor(want0) + 0.5, gap);
	assert_true((e >> 16 & 0xFF) > (e & 0xFF) + 0x30);
	cairo_surface_destroy(s);
	free(png);

	/* no interval, no band: neither in the SVG nor in the PNG, and the legend says nothing of one */
	refs[0].ci_lo = refs[0].ci_hi = NAN;
	layout_of(&c, f->arena, &lay);
	assert_true(isnan(lay.band_x0[0]));
	render_of(&c, BP_IMAGE_SVG, &svg, &len);
	assert_int_equal(rt_svg_path_points(svg, len, "fill", BAND_TINT_SVG, xy, 32, &n_paths), 0);
	assert_int_equal(n_paths, 0);
	text = rt_svg_text(svg, len);
	assert_null(strstr(text, "95%"));
	free(text);
	free(svg);
	render_of(&c, BP_IMAGE_PNG, &png, &plen);
	s = rt_png_surface(png, plen);
	for (double x = lay.plot_x0 + 0.5; x < lay.plot_x1; x += 1)
		assert_int_not_equal(rt_pixel(s, x, gap), BAND_TINT_RGB);
	cairo_surface_destroy(s);
	free(png);
	/* an interval the wrong way round is none either */
	refs[0].ci_lo = 23.5;
	refs[0].ci_hi = 17.5;
	assert_false(bp_refline_has_interval(&refs[0]));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, rt_setup, rt_teardown)

/* Long area names (issue 24): lay out and draw, the name column capped. */
static void test_long_area_names(void **state)
{
	rt_fixture *f = *state;
	const char *names[] = { RT_NAME76, rt_long_name(f->arena, 6000) };
	for (size_t i = 0; i < 2; i++) {
		bp_bar bars[2] = { { names[i], 10.0, NULL, 1 }, { "Centrum", 36.0, NULL, 0 } };
		bp_refline refs[1] = { { names[i], 20.0 } };
		bp_barchart c = test_chart();
		c.title = names[i];
		c.subtitle = names[i];
		c.bars = bars;
		c.n_bars = 2;
		c.refs = refs;
		c.n_refs = 1;
		bp_barchart_layout lay;
		layout_of(&c, f->arena, &lay);
		rt_renders_bounded(bp_barchart_ops(), &c, 600);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_layout_scale_and_reference),
		T(test_layout_bars_evenly_spaced),
		T(test_layout_label_column),
		T(test_layout_negative_values),
		T(test_layout_too_narrow),
		T(test_png_pixels),
		T(test_png_halo_and_lossless),
		T(test_png_halo_clears_line),
		T(test_png_many_halos),
		T(test_png_several_idat_chunks),
		T(test_halo_scaled_image),
		T(test_same_bytes_again),
		T(test_same_bytes_after_any_chart),
		T(test_svg_file),
		T(test_pdf_file),
		T(test_render_to_memory),
		T(test_missing_folder),
		T(test_cairo_failure),
		T(test_overwrites_existing),
		T(test_long_area_names),
		T(test_fitted_text_drawn_as_fitted),
		T(test_reference_band),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
