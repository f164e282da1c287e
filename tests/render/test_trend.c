/*
 * Tests for the trend chart: where periods and values land (by hand), then
 * the pixels, bytes and files of each output format.  The data are the
 * share of lonely adults (GGD Gezondheidsmonitor) in Oss and Nederland.
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
#include "core/fsutil.h"
#include "render/trend.h"
#include "rendertest.h"

static const char *const periods[] = { "2012", "2016", "2020" };
static const double oss[] = { 40.2, 42.8, 45.8 };
static const double oss_lo[] = { 38.1, 40.9, 43.9 };
static const double oss_hi[] = { 42.3, 44.7, 47.7 };
static const double nl[] = { 43.0, 44.5, 47.0 };

static bp_trend_series test_series[] = {
	{ "Oss", oss, oss_lo, oss_hi },
	{ "Nederland", nl, NULL, NULL },
};

static bp_trend test_chart(void)
{
	bp_trend c = {
		.title = "Eenzaamheid",
		.subtitle = "Oss en Nederland, 2012-2020, % van de volwassenen (19 jaar of ouder)",
		.source = "Bron: GGD Hart voor Brabant, RIVM, Gezondheidsmonitor volwassenen en ouderen; bewerking buurtpeil",
		.unit = "%",
		.decimals = 1,
		.periods = periods,
		.n_periods = 3,
		.series = test_series,
		.n_series = 2,
		.marker = { 2017, "Start Samen tegen eenzaamheid", "vóór", "na" },
		.width = 800,
	};
	return c;
}

static void layout_of(const bp_trend *c, bp_arena *a, bp_trend_layout *lay)
{
	bp_error err = { 0 };
	if (bp_trend_compute_layout(c, a, lay, &err))
		fail_msg("layout failed: %s", err.message);
}

static cairo_surface_t *png_of(const bp_trend *c, const char *keep_as)
{
	unsigned char *png = NULL;
	size_t len = 0;
	bp_error err = { 0 };
	if (bp_trend_render(c, BP_IMAGE_PNG, &png, &len, &err))
		fail_msg("render failed: %s", err.message);
	rt_keep(keep_as, png, len);
	cairo_surface_t *s = rt_png_surface(png, len);
	free(png);
	return s;
}

/* ---- layout ----------------------------------------------------------- */

static void test_layout_years_proportional(void **state)
{
	rt_fixture *f = *state;
	/* 2012, 2016, 2020, 2022: the last gap is half the others */
	static const char *const p4[] = { "2012", "2016", "2020", "2022" };
	static const double v4[] = { 40.2, 42.8, 45.8, 46.1 };
	bp_trend_series s = { "Oss", v4, NULL, NULL };
	bp_trend c = test_chart();
	c.periods = p4;
	c.n_periods = 4;
	c.series = &s;
	c.n_series = 1;
	bp_trend_layout lay;
	layout_of(&c, f->arena, &lay);

	assert_true(lay.period_year[0] == 2012 && lay.period_year[3] == 2022);
	assert_true(lay.period_x[0] == lay.plot_x0);
	assert_true(fabs(lay.period_x[3] - lay.plot_x1) < 1e-9);
	double w = lay.plot_x1 - lay.plot_x0;
	for (size_t t = 0; t < 4; t++)
		assert_true(fabs(lay.period_x[t] - (lay.plot_x0 + w * (lay.period_year[t] - 2012) / 10)) < 1e-9);
	assert_true(fabs((lay.period_x[1] - lay.period_x[0]) - 2 * (lay.period_x[3] - lay.period_x[2])) < 1e-9);

	/* "2019/2020" and "2022-Q3" are placed by the year they start with */
	static const char *const odd[] = { "2012", "2019/2020", "2022-Q3" };
	c.periods = odd;
	c.n_periods = 3;
	layout_of(&c, f->arena, &lay);
	assert_true(lay.period_year[1] == 2019 && lay.period_year[2] == 2022);
}

static void test_layout_value_scale(void **state)
{
	rt_fixture *f = *state;
	bp_trend c = test_chart();
	bp_trend_layout lay;
	layout_of(&c, f->arena, &lay);

	/* 38.1..47.7 with 5% air is 37.6..48.2; about 5 steps of 2.12: nice step 2.5 */
	assert_true(lay.tick_step == 2.5);
	assert_true(lay.scale_min == 37.5);
	assert_true(lay.scale_max == 50);
	assert_int_equal(lay.tick_decimals, 1);
	assert_true(lay.plot_y1 > lay.plot_y0);
	/* y of a value: up from the bottom in proportion, by hand for 45.8 */
	double want = lay.plot_y1 - (45.8 - 37.5) / 12.5 * (lay.plot_y1 - lay.plot_y0);
	assert_true(fabs(lay.point_y[0 * 3 + 2] - want) < 1e-9);
	want = lay.plot_y1 - (43.0 - 37.5) / 12.5 * (lay.plot_y1 - lay.plot_y0);
	assert_true(fabs(lay.point_y[1 * 3 + 0] - want) < 1e-9);
	/* the marker at 2017 is 5/8 of the way from 2012 to 2020 */
	assert_true(fabs(lay.marker_x - (lay.plot_x0 + (lay.plot_x1 - lay.plot_x0) * 5 / 8)) < 1e-9);
	/* end labels right of the plot, inside the width */
	assert_true(lay.label_x[0] > lay.plot_x1 && lay.label_x[1] > lay.plot_x1);
	assert_true(lay.label_x[0] < lay.width - 50);
	/* the note names the band, and nothing is missing */
	assert_non_null(lay.note);
	assert_string_equal(lay.note, "Vlak om de lijn van Oss: 95%-interval.");
	assert_true(lay.source_y > lay.axis_y && lay.height > lay.source_y);
}

/* A translated value's band is its source areas' span, no 95% interval: the note names its
 * periods and what it is, and calls only the rest a 95% interval. */
static void test_layout_span_note(void **state)
{
	rt_fixture *f = *state;
	static const unsigned char span_2012[] = { 1, 0, 0 }, span_all[] = { 1, 1, 1 };
	bp_trend_series s[2] = { test_series[0], test_series[1] };
	s[0].span = span_2012;
	bp_trend c = test_chart();
	c.series = s;
	bp_trend_layout lay;
	layout_of(&c, f->arena, &lay);
	assert_string_equal(lay.note, "Vlak om de lijn van Oss: 95%-interval; in 2012: van de laagste tot de hoogste grens "
	                              "van de gebieden waaruit de waarde is omgerekend.");
	s[0].span = span_all;
	s[0].span_label = "spanne";
	c.lang = BP_LANG_EN;
	layout_of(&c, f->arena, &lay);
	assert_string_equal(lay.note, "Band around the line of Oss: spanne.");
	s[0].span_label = NULL;
	s[0].span = span_2012;
	layout_of(&c, f->arena, &lay);
	assert_string_equal(lay.note, "Band around the line of Oss: 95% interval; in 2012: from the lowest to the highest "
	                              "bound of the areas the value was converted from.");
}

static void test_layout_labels_nudged(void **state)
{
	rt_fixture *f = *state;
	/* three lines ending on almost the same value */
	static const double a[] = { 40, 45, 46.0 };
	static const double b[] = { 41, 44, 46.1 };
	static const double d[] = { 39, 43, 45.9 };
	bp_trend_series s[] = { { "Oss", a, NULL, NULL }, { "Noord-Brabant", b, NULL, NULL },
	                        { "Nederland", d, NULL, NULL } };
	bp_trend c = test_chart();
	c.series = s;
	c.n_series = 3;
	bp_trend_layout lay;
	layout_of(&c, f->arena, &lay);
	for (size_t i = 0; i < 3; i++)
		for (size_t j = i + 1; j < 3; j++)
			assert_true(fabs(lay.label_y[i] - lay.label_y[j]) >= 14);
	/* the order top to bottom follows the values: 46.1 above 46.0 above 45.9 */
	assert_true(lay.label_y[1] < lay.label_y[0] && lay.label_y[0] < lay.label_y[2]);
	for (size_t i = 0; i < 3; i++)
		assert_true(lay.label_y[i] <= lay.plot_y1 + 1e-9);

	/* apart already: left where the values are */
	layout_of(&(bp_trend){ .periods = periods, .n_periods = 3, .series = test_series, .n_series = 2 },
	          f->arena, &lay);
	assert_true(lay.label_y[0] == lay.label_anchor_y[0]);
	assert_true(lay.label_y[1] == lay.label_anchor_y[1]);
}

static void test_layout_missing_and_errors(void **state)
{
	rt_fixture *f = *state;
	static const double gap[] = { 40.2, NAN, 45.8 };
	static const double early[] = { 43.0, 44.5, NAN };
	bp_trend_series s[] = { { "Oss", gap, NULL, NULL }, { "Nederland", early, NULL, NULL } };
	bp_trend c = test_chart();
	c.series = s;
	bp_trend_layout lay;
	layout_of(&c, f->arena, &lay);
	assert_true(isnan(lay.point_y[1]));
	assert_true(isfinite(lay.point_y[0]) && isfinite(lay.point_y[2]));
	/* Nederland's label sits at its last value, 2016 */
	assert_true(lay.label_anchor_y[1] == lay.point_y[3 + 1]);
	assert_non_null(lay.note);
	assert_non_null(strstr(lay.note, "Oss 2016"));
	assert_non_null(strstr(lay.note, "Nederland 2020"));
	assert_true(lay.note_y > lay.axis_y && lay.source_y > lay.note_y);

	bp_error err = { 0 };
	static const char *const backwards[] = { "2016", "2012", "2020" };
	c.periods = backwards;
	assert_int_equal(bp_trend_compute_layout(&c, f->arena, &lay, &err), BP_ERR_RENDER);
	assert_non_null(strstr(err.message, "time order"));
	c = test_chart();
	c.width = 200;
	assert_int_equal(bp_trend_compute_layout(&c, f->arena, &lay, &err), BP_ERR_RENDER);
}

/* ---- PNG pixels ------------------------------------------------------- */

static int strong_blue(uint32_t rgb)
{
	int r = rgb >> 16 & 0xFF, b = rgb & 0xFF;
	return b - r > 100;
}

static int strong_orange(uint32_t rgb)
{
	int r = rgb >> 16 & 0xFF, b = rgb & 0xFF;
	return r - b > 100;
}

static void test_png_markers(void **state)
{
	rt_fixture *f = *state;
	bp_trend c = test_chart();
	bp_trend_layout lay;
	layout_of(&c, f->arena, &lay);
	cairo_surface_t *s = png_of(&c, "trend.png");
	assert_int_equal(cairo_image_surface_get_width(s), (int)lay.width);
	assert_int_equal(cairo_image_surface_get_height(s), (int)lay.height);

	/* each marker's centre is its series' colour: Oss blue, Nederland orange */
	for (size_t t = 0; t < 3; t++) {
		assert_int_equal(rt_pixel(s, lay.period_x[t], lay.point_y[t]), BP_TREND_RGB_AREA);
		assert_int_equal(rt_pixel(s, lay.period_x[t], lay.point_y[3 + t]), BP_RGB_ORANGE);
	}
	/* the period before the marker is shaded, the one after is not */
	double y = lay.plot_y0 + 3; /* above the lines, below the top grid line */
	assert_int_equal(rt_pixel(s, lay.marker_x - 20, y), 0xF0F0F0);
	assert_int_equal(rt_pixel(s, lay.marker_x + 20, y), 0xFFFFFF);
	/* the marker line itself */
	assert_int_equal(rt_pixel(s, lay.marker_x, lay.plot_y0 + 3), BP_RGB_SUBTLE);
	cairo_surface_destroy(s);
}

static int blue_in_column(cairo_surface_t *s, const bp_trend_layout *lay, double x)
{
	int n = 0;
	for (double y = lay->plot_y0; y < lay->plot_y1; y += 1)
		n += strong_blue(rt_pixel(s, x, y));
	return n;
}

static void test_png_gap(void **state)
{
	rt_fixture *f = *state;
	static const double gap[] = { 40.2, NAN, 45.8 };
	bp_trend_series s_gap[] = { { "Oss", gap, NULL, NULL }, { "Nederland", nl, NULL, NULL } };
	bp_trend c = test_chart();
	c.series = s_gap;
	bp_trend_layout lay;
	layout_of(&c, f->arena, &lay);
	cairo_surface_t *s = png_of(&c, "trend-gap.png");

	/* halfway between 2012 and 2016 and between 2016 and 2020: no blue line */
	double xa = (lay.period_x[0] + lay.period_x[1]) / 2;
	double xb = (lay.period_x[1] + lay.period_x[2]) / 2;
	assert_int_equal(blue_in_column(s, &lay, xa), 0);
	assert_int_equal(blue_in_column(s, &lay, xb), 0);
	/* no marker at 2016 either, nor one at zero */
	assert_int_equal(blue_in_column(s, &lay, lay.period_x[1]), 0);
	/* the markers either side are there */
	assert_int_equal(rt_pixel(s, lay.period_x[0], lay.point_y[0]), BP_TREND_RGB_AREA);
	assert_int_equal(rt_pixel(s, lay.period_x[2], lay.point_y[2]), BP_TREND_RGB_AREA);
	cairo_surface_destroy(s);

	/* the same column crosses the line when nothing is missing */
	c = test_chart();
	layout_of(&c, f->arena, &lay);
	s = png_of(&c, "trend-nogap.png");
	assert_true(blue_in_column(s, &lay, (lay.period_x[0] + lay.period_x[1]) / 2) >= 2);
	cairo_surface_destroy(s);
}

/* ---- formats and files ------------------------------------------------ */

static void test_svg_pdf(void **state)
{
	rt_fixture *f = *state;
	bp_trend c = test_chart();
	bp_error err = { 0 };
	char *p = rt_path(f, "trend.svg");
	assert_int_equal(bp_trend_write(&c, BP_IMAGE_SVG, p, &err), BP_OK);
	char *data;
	size_t len;
	assert_int_equal(bp_file_read_all(p, f->arena, &data, &len, &err), BP_OK);
	assert_memory_equal(data, "<?xml", 5);
	assert_non_null(strstr(data, "<svg"));
	assert_non_null(strstr(data, "</svg>"));

	p = rt_path(f, "trend.pdf");
	assert_int_equal(bp_trend_write(&c, BP_IMAGE_PDF, p, &err), BP_OK);
	assert_int_equal(bp_file_read_all(p, f->arena, &data, &len, &err), BP_OK);
	assert_memory_equal(data, "%PDF", 4);
	assert_non_null(strstr(data + len - 64, "%%EOF"));
	assert_int_equal(rt_count_entries(f->dir), 2);
}

static void test_bad_path(void **state)
{
	rt_fixture *f = *state;
	bp_trend c = test_chart();
	bp_error err = { 0 };
	char *p = rt_path(f, "nope/trend.png");
	for (int fmt = BP_IMAGE_PNG; fmt <= BP_IMAGE_PDF; fmt++) {
		bp_error_clear(&err);
		assert_int_equal(bp_trend_write(&c, (bp_image_format)fmt, p, &err), BP_ERR_IO);
		assert_int_equal(err.rc, BP_ERR_IO);
		assert_false(rt_exists(p));
		assert_int_equal(rt_count_entries(f->dir), 0);
	}
	/* a layout failure leaves nothing either */
	c.width = 100;
	p = rt_path(f, "narrow.png");
	assert_int_equal(bp_trend_write(&c, BP_IMAGE_PNG, p, &err), BP_ERR_RENDER);
	assert_int_equal(rt_count_entries(f->dir), 0);
}

/* ---- the narrow variant (legend below) ---------------------------------- */

/* As the site's area pages give it: a synthetic title, a value carried over
 * from another indeling (an open marker, named in the note), a long source. */
static const unsigned char oss_open[] = { 1, 0, 0 };
static bp_trend_series noted_series[] = {
	{ "Oss-Zuid (Schadewijk)", oss, oss_lo, oss_hi, oss_open, "omgerekend van indeling 2020" },
	{ "Oss", nl, NULL, NULL, NULL, NULL },
	{ "Nederland", oss_hi, NULL, NULL, NULL, NULL },
};

static bp_trend noted_chart(void)
{
	bp_trend c = test_chart();
	c.title = "Eenzaamheid \u2013 synthetisch";
	c.subtitle = "Oss-Zuid (Schadewijk), Oss en Nederland, 2012-2020, % van de volwassenen (19 jaar of ouder)";
	c.source = "Bron: GGD Hart voor Brabant, RIVM, Gezondheidsmonitor volwassenen en ouderen 2012, 2016, 2020 "
	           "(50120NED); CBS Kerncijfers wijken en buurten 2024 (85984NED); bewerking buurtpeil";
	c.series = noted_series;
	c.n_series = 3;
	c.marker = (bp_trend_marker){ .year = NAN };
	return c;
}

/* At 340 with the legend below: the lines take the width between the tick
 * labels and the margin, wider than a 360 chart with end labels leaves
 * them; a legend row per series in their order, under the period labels. */
static void test_legend_below_layout(void **state)
{
	rt_fixture *f = *state;
	bp_trend ends = noted_chart(), narrow = noted_chart();
	ends.width = 360;
	narrow.width = 340;
	narrow.legend_below = 1;
	bp_trend_layout le, ln;
	layout_of(&ends, f->arena, &le);
	layout_of(&narrow, f->arena, &ln);
	assert_true(ln.width == 340);
	assert_true(ln.plot_x1 + 18 <= 340 - 16);   /* the frame (PAD 18 beyond the last period) inside the margin */
	assert_true(ln.plot_x1 - ln.plot_x0 > le.plot_x1 - le.plot_x0 + 40);
	double prev = ln.axis_y + 12;   /* below the period labels (12 px) */
	for (size_t i = 0; i < 3; i++) {
		assert_true(ln.label_x[i] < ln.plot_x0);              /* at the left, not beside the lines */
		assert_true(ln.label_y[i] >= prev + 6);               /* half a 13 px row below the one before */
		assert_true(ln.label_anchor_y[i] == ln.label_y[i]);   /* no leader */
		prev = ln.label_y[i];
	}
	assert_true(ln.source_y > prev + 6);
}

/* The narrow variant says what the wide one says: title with
 * "– synthetisch", subtitle, the note naming the open marker and the whole
 * source; every series by its whole name. */
static void test_legend_below_same_texts(void **state)
{
	(void)state;
	bp_trend wide = noted_chart(), narrow = noted_chart();
	narrow.width = 340;
	narrow.legend_below = 1;
	const char *want[] = { wide.title, wide.subtitle, wide.source,
	                       "Open punt van Oss-Zuid (Schadewijk): omgerekend van indeling 2020",
	                       "Oss-Zuid (Schadewijk) 45,8%", "Oss 47,0%", "Nederland 47,7%" };
	rt_assert_both_say(bp_trend_ops(), &wide, &narrow, "trend_noted", want, sizeof(want) / sizeof(want[0]));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, rt_setup, rt_teardown)

/* Long area names (issue 24): the end labels cut, the chart lays out. */
static void test_long_area_names(void **state)
{
	rt_fixture *f = *state;
	const char *names[] = { RT_NAME76, rt_long_name(f->arena, 6000) };
	for (size_t i = 0; i < 2; i++) {
		bp_trend c = test_chart();
		bp_trend_series s[2];
		memcpy(s, c.series, sizeof(s));
		s[0].label = names[i];
		s[1].label = names[i];
		c.series = s;
		c.title = names[i];
		c.subtitle = names[i];
		c.marker.label = names[i];
		bp_trend_layout lay;
		layout_of(&c, f->arena, &lay);
		rt_renders_bounded(bp_trend_ops(), &c, 900);
	}
}

/*
 * A reference with its own 95% interval (a survey's gemeente) gets a band
 * like the area's, edged in its line's colour: the edges' points are the
 * interval's ends at each period, mapped through the axis here, and read
 * back from the SVG's paths; in the PNG the band's tint lies between them.
 * Without the interval there is no edge, nor a word of it in the note.
 */
static const double band_area[] = { 25.0, 26.5, 28.0 };
static const double band_area_lo[] = { 23.0, 24.5, 26.0 };
static const double band_area_hi[] = { 27.0, 28.5, 30.0 };
static const double band_gm[] = { 40.2, 42.8, 45.8 };
static const double band_gm_lo[] = { 38.9, 41.0, 44.5 };
static const double band_gm_hi[] = { 41.5, 44.0, 47.1 };
static const double band_nl[] = { 34.0, 35.0, 36.0 };

static size_t edge_points(const bp_trend *c, double *xy, size_t max, size_t *n_paths)
{
	unsigned char *svg = NULL;
	size_t len = 0;
	bp_error err = { 0 };
	if (bp_trend_render(c, BP_IMAGE_SVG, &svg, &len, &err))
		fail_msg("render failed: %s", err.message);
	rt_keep("trend_ref_band.svg", svg, len);
	size_t n = rt_svg_path_points(svg, len, "stroke", "#d55e00", xy, max, n_paths);
	free(svg);
	return n;
}

/* Whether a point near (x, y) is among the n points of xy. */
static int has_point(const double *xy, size_t n, double x, double y)
{
	for (size_t i = 0; i < n; i++)
		if (fabs(xy[2 * i] - x) <= 0.006 && fabs(xy[2 * i + 1] - y) <= 0.006)
			return 1;
	return 0;
}

static void test_reference_band(void **state)
{
	rt_fixture *f = *state;
	bp_trend_series s[] = {
		{ "Schadewijk", band_area, band_area_lo, band_area_hi },
		{ "Oss", band_gm, band_gm_lo, band_gm_hi },
		{ "Nederland", band_nl, NULL, NULL },
	};
	bp_trend c = test_chart();
	c.series = s;
	c.n_series = 3;
	c.marker.year = NAN;
	bp_trend_layout lay;
	layout_of(&c, f->arena, &lay);
	double y_lo[3], y_hi[3];
	for (int t = 0; t < 3; t++) {
		/* the axis: scale_min at the plot's bottom, scale_max at its top */
		double per = (lay.plot_y1 - lay.plot_y0) / (lay.scale_max - lay.scale_min);
		y_lo[t] = lay.plot_y1 - (band_gm_lo[t] - lay.scale_min) * per;
		y_hi[t] = lay.plot_y1 - (band_gm_hi[t] - lay.scale_min) * per;
	}
	double xy[512];
	size_t n_paths = 0;
	size_t n = edge_points(&c, xy, 256, &n_paths);
	assert_true(n <= 256);
	for (int t = 0; t < 3; t++) {
		if (!has_point(xy, n, lay.period_x[t], y_hi[t]) || !has_point(xy, n, lay.period_x[t], y_lo[t]))
			fail_msg("no edge point at %s: x %.2f, y %.2f and %.2f", periods[t], lay.period_x[t], y_hi[t], y_lo[t]);
	}
	/* PNG: halfway between the periods, just inside the upper edge the orange tint, just outside it none */
	cairo_surface_t *png = png_of(&c, "trend_ref_band.png");
	for (int t = 0; t < 2; t++) {
		double x = round((lay.period_x[t] + lay.period_x[t + 1]) / 2) + 0.5;
		double share = (x - lay.period_x[t]) / (lay.period_x[t + 1] - lay.period_x[t]);
		double edge = y_hi[t] + (y_hi[t + 1] - y_hi[t]) * share;
		uint32_t in = rt_pixel(png, x, edge + 3), out = rt_pixel(png, x, edge - 3);
		if (!((in >> 16 & 0xFF) > (in & 0xFF) + 0x18) || (out >> 16 & 0xFF) > (out & 0xFF) + 0x08)
			fail_msg("at x %.1f: inside the band #%06x, outside #%06x (edge at %.2f)", x, in, out, edge);
	}
	cairo_surface_destroy(png);

	/* without the gemeente's interval: none of those points, a path fewer, and the note names only the area's */
	size_t with_paths = n_paths;
	s[1].ci_lo = s[1].ci_hi = NULL;
	layout_of(&c, f->arena, &lay);
	n = edge_points(&c, xy, 256, &n_paths);
	assert_int_equal(n_paths, with_paths - 1);
	for (int t = 0; t < 3; t++) {
		assert_false(has_point(xy, n, lay.period_x[t], y_hi[t]));
		assert_false(has_point(xy, n, lay.period_x[t], y_lo[t]));
	}
	assert_non_null(strstr(lay.note, "lijn van Schadewijk"));
	assert_null(strstr(lay.note, "lijn van Oss"));
}

/*
 * Whiskers (an interval with no neighbour to make a band with) of the area
 * and the gemeente at the same period stand side by side, the area's left:
 * 2016 has both, 2024 only the gemeente's, which keeps its place right of
 * the period (one offset per series for the whole chart).  The stems and
 * caps are read back from the SVG's paths at x computed here: two series
 * with whiskers, 12 px apart, centred on the period; the caps 4 px either
 * side.  In the PNG, between a cap and the marker, each stem is its
 * series' colour.  Without the area's intervals the gemeente's whiskers
 * are on its markers again.
 */
static const char *const wh_periods[] = { "2012", "2016", "2020", "2024" };
static const double wh_area[] = { 25.0, 26.5, 28.0, 28.5 };
static const double wh_area_lo[] = { NAN, 24.0, NAN, NAN };
static const double wh_area_hi[] = { NAN, 29.0, NAN, NAN };
static const double wh_gm[] = { 26.0, 27.0, 27.5, 27.0 };
static const double wh_gm_lo[] = { NAN, 25.0, NAN, 25.5 };
static const double wh_gm_hi[] = { NAN, 30.0, NAN, 28.5 };
static const double wh_nl[] = { 30.0, 30.5, 31.0, 31.5 };

static size_t whisker_points(const bp_trend *c, const char *rgb, double *xy, size_t max)
{
	unsigned char *svg = NULL;
	size_t len = 0;
	bp_error err = { 0 };
	if (bp_trend_render(c, BP_IMAGE_SVG, &svg, &len, &err))
		fail_msg("render failed: %s", err.message);
	rt_keep("trend_whiskers.svg", svg, len);
	size_t n = rt_svg_path_points(svg, len, "stroke", rgb, xy, max, NULL);
	free(svg);
	assert_true(n <= max);
	return n;
}

/* y of a value on the chart's axis, from the scale's ends */
static double axis_y(const bp_trend_layout *lay, double v)
{
	return lay->plot_y1 - (v - lay->scale_min) * (lay->plot_y1 - lay->plot_y0) / (lay->scale_max - lay->scale_min);
}

/* The stem and both caps of a whisker at x from lo to hi (values), in the SVG's points. */
static void assert_whisker(const double *xy, size_t n, const bp_trend_layout *lay, double x, double lo, double hi)
{
	double y_lo = axis_y(lay, lo), y_hi = axis_y(lay, hi);
	const double pts[][2] = { { x, y_lo }, { x, y_hi }, { x - 4, y_lo }, { x + 4, y_lo }, { x - 4, y_hi },
	                          { x + 4, y_hi } };
	for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++)
		if (!has_point(xy, n, pts[i][0], pts[i][1]))
			fail_msg("no whisker point at x %.2f, y %.2f", pts[i][0], pts[i][1]);
}

static void test_whiskers_dodged(void **state)
{
	rt_fixture *f = *state;
	bp_trend_series s[] = {
		{ "Schadewijk", wh_area, wh_area_lo, wh_area_hi },
		{ "Oss", wh_gm, wh_gm_lo, wh_gm_hi },
		{ "Nederland", wh_nl, NULL, NULL },
	};
	bp_trend c = test_chart();
	c.periods = wh_periods;
	c.n_periods = 4;
	c.series = s;
	c.n_series = 3;
	c.marker.year = NAN;
	bp_trend_layout lay;
	layout_of(&c, f->arena, &lay);
	const double *px = lay.period_x;
	double want_area = px[1] - 6, want_gm[] = { px[1] + 6, px[3] + 6 };
	assert_true(fabs(lay.whisker_x[0 * 4 + 1] - want_area) < 1e-9);
	assert_true(fabs(lay.whisker_x[1 * 4 + 1] - want_gm[0]) < 1e-9);
	assert_true(fabs(lay.whisker_x[1 * 4 + 3] - want_gm[1]) < 1e-9);
	/* the end labels begin right of the 2024 whisker's caps */
	for (size_t i = 0; i < 3; i++)
		assert_true(lay.label_x[i] >= want_gm[1] + 4 + 2);
	for (size_t t = 0; t < 4; t++) {
		if (t != 1)
			assert_true(isnan(lay.whisker_x[0 * 4 + t]));
		assert_true(isnan(lay.whisker_x[2 * 4 + t]));
	}

	double xy[512];
	size_t n = whisker_points(&c, "#0072b2", xy, 256);
	assert_whisker(xy, n, &lay, want_area, wh_area_lo[1], wh_area_hi[1]);
	assert_false(has_point(xy, n, px[1], axis_y(&lay, wh_area_lo[1])));   /* not on the period */
	n = whisker_points(&c, "#d55e00", xy, 256);
	assert_whisker(xy, n, &lay, want_gm[0], wh_gm_lo[1], wh_gm_hi[1]);
	assert_whisker(xy, n, &lay, want_gm[1], wh_gm_lo[3], wh_gm_hi[3]);
	assert_false(has_point(xy, n, px[1], axis_y(&lay, wh_gm_lo[1])));

	/* PNG: 2 px inside each whisker's upper cap, on its stem (1.5 px wide: at least 3/4 of the pixel), its
	 * colour; nothing of either on the period */
	cairo_surface_t *png = png_of(&c, "trend_whiskers.png");
	assert_true(strong_blue(rt_pixel(png, want_area, axis_y(&lay, wh_area_hi[1]) + 2)));
	assert_true(strong_orange(rt_pixel(png, want_gm[0], axis_y(&lay, wh_gm_hi[1]) + 2)));
	assert_true(strong_orange(rt_pixel(png, want_gm[1], axis_y(&lay, wh_gm_hi[3]) + 2)));
	assert_int_equal(rt_pixel(png, px[1], axis_y(&lay, wh_gm_hi[1]) + 2), 0xFFFFFF);
	cairo_surface_destroy(png);

	/* the gemeente alone with whiskers: on its markers */
	s[0].ci_lo = s[0].ci_hi = NULL;
	layout_of(&c, f->arena, &lay);
	px = lay.period_x;
	assert_true(lay.whisker_x[1 * 4 + 1] == px[1] && lay.whisker_x[1 * 4 + 3] == px[3]);
	n = whisker_points(&c, "#d55e00", xy, 256);
	assert_whisker(xy, n, &lay, px[1], wh_gm_lo[1], wh_gm_hi[1]);
	assert_whisker(xy, n, &lay, px[3], wh_gm_lo[3], wh_gm_hi[3]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_layout_years_proportional),
		T(test_layout_value_scale),
		T(test_layout_span_note),
		T(test_layout_labels_nudged),
		T(test_layout_missing_and_errors),
		T(test_png_markers),
		T(test_png_gap),
		T(test_svg_pdf),
		T(test_bad_path),
		T(test_long_area_names),
		T(test_legend_below_layout),
		T(test_legend_below_same_texts),
		T(test_reference_band),
		T(test_whiskers_dodged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
