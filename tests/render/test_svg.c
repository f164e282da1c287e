/*
 * Tests for the SVG charts' text (svgtext.c, issue 23): text is <text>, not
 * glyph outlines; names are escaped; the chart's title is the SVG's
 * <title>; a 25-bar ranking stays under 30 KB; and each kind of chart
 * (ranking, trend, profile, map) rendered by headless Chromium (Debian's
 * chromium, as the site test uses) has the pixels of its PNG within the
 * golden-image tolerance (rt_golden: at most 0.5% of the pixels more than
 * 48 levels apart in a channel).  Exits 77 (skipped) without chromium.
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

#include <cairo.h>
#include <glib.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "render/barchart.h"
#include "render/choropleth.h"
#include "render/profile.h"
#include "render/trend.h"
#include "rendertest.h"

#define TOLERANCE 0.005 /* the golden images' share */

/* --- the charts: rt_svg_ranking, rt_svg_trend, rt_svg_profile (rendertest.c) --- */

/* --- helpers ------------------------------------------------------------- */

static unsigned char *render(const bp_chart_ops *ops, const void *chart, const char *title,
                             bp_image_format fmt, size_t *len)
{
	unsigned char *out = NULL;
	bp_error err = { 0 };
	if (bp_canvas_render(ops, chart, title, fmt, &out, len, &err) != BP_OK)
		fail_msg("render failed: %s", err.message);
	return out;
}

/* The SVG is well-formed XML, or the test fails with where not. */
static void well_formed(const char *svg, size_t len)
{
	GMarkupParser p = { 0 };
	GMarkupParseContext *ctx = g_markup_parse_context_new(&p, 0, NULL, NULL);
	GError *gerr = NULL;
	if (!g_markup_parse_context_parse(ctx, svg, (gssize)len, &gerr) || !g_markup_parse_context_end_parse(ctx, &gerr))
		fail_msg("SVG is not well-formed: %s", gerr->message);
	g_markup_parse_context_free(ctx);
}

/* The SVG as Chromium draws it, at its own size: a PNG in memory. */
static unsigned char *chromium_png(const rt_fixture *f, const char *name, const unsigned char *svg, size_t len,
                                   int w, int h, size_t *png_len)
{
	char *svg_path = rt_path(f, bp_arena_printf(f->arena, "%s.svg", name));
	char *png_path = rt_path(f, bp_arena_printf(f->arena, "%s-chromium.png", name));
	char *profile = rt_path(f, "chromium-profile");
	FILE *fp = fopen(svg_path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(svg, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	gchar *exe = g_find_program_in_path("chromium");
	assert_non_null(exe);
	char *argv[] = {
		exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
		"--force-device-scale-factor=1",
		bp_arena_printf(f->arena, "--user-data-dir=%s", profile),
		bp_arena_printf(f->arena, "--window-size=%d,%d", w, h),
		bp_arena_printf(f->arena, "--screenshot=%s", png_path),
		bp_arena_printf(f->arena, "file://%s", svg_path),
		NULL,
	};
	gchar *out = NULL, *errs = NULL;
	gint status = 0;
	GError *gerr = NULL;
	/* No timeout: a loaded machine makes Chromium slow, not wrong. */
	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &errs, &status, &gerr))
		fail_msg("chromium: %s", gerr->message);
	if (!g_spawn_check_wait_status(status, &gerr))
		fail_msg("chromium failed: %s\n%s", gerr->message, errs);
	g_free(out);
	g_free(errs);
	g_free(exe);
	char *png;
	bp_error err = { 0 };
	if (bp_file_read_all(png_path, f->arena, &png, png_len, &err) != BP_OK)
		fail_msg("no screenshot from chromium: %s", err.message);
	rt_keep(bp_arena_printf(f->arena, "%s-chromium.png", name), (unsigned char *)png, *png_len);
	rt_keep(bp_arena_printf(f->arena, "%s.svg", name), svg, len);
	return (unsigned char *)png;
}

/* The chart as PNG and as SVG in Chromium: within the golden tolerance.  Chromium's picture into
 * *shot_out where that is not NULL (the caller's to destroy). */
static void same_pixels_shot(rt_fixture *f, const char *name, const bp_chart_ops *ops, const void *chart,
                             const char *title, cairo_surface_t **shot_out)
{
	size_t lp, ls, lc;
	unsigned char *png = render(ops, chart, title, BP_IMAGE_PNG, &lp);
	unsigned char *svg = render(ops, chart, title, BP_IMAGE_SVG, &ls);
	rt_keep(bp_arena_printf(f->arena, "%s.png", name), png, lp);
	/* real text, no glyph outlines */
	assert_non_null(strstr((char *)svg, "<text"));
	assert_null(strstr((char *)svg, "<symbol"));
	assert_null(strstr((char *)svg, "<use"));
	cairo_surface_t *want = rt_png_surface(png, lp);
	int w = cairo_image_surface_get_width(want), h = cairo_image_surface_get_height(want);
	unsigned char *shot = chromium_png(f, name, svg, ls, w, h, &lc);
	cairo_surface_t *got = rt_png_surface(shot, lc);
	long n;
	double share = rt_share_differing(want, got, &n);
	print_message("%s: %ld pixels (%.3f%%) differ, SVG %zu bytes\n", name, n, share * 100, ls);
	if (share > TOLERANCE)
		fail_msg("%s: %ld pixels (%.3f%%) of the SVG in Chromium differ from the PNG, at most %.3f%% allowed",
		         name, n, share * 100, TOLERANCE * 100);
	cairo_surface_destroy(want);
	if (shot_out)
		*shot_out = got;
	else
		cairo_surface_destroy(got);
	free(png);
	free(svg);
}

static void same_pixels(rt_fixture *f, const char *name, const bp_chart_ops *ops, const void *chart,
                        const char *title)
{
	same_pixels_shot(f, name, ops, chart, title, NULL);
}

/* --- tests --------------------------------------------------------------- */

static void test_ranking_in_chromium(void **state)
{
	bp_bar bars[25];
	bp_barchart c = rt_svg_ranking(bars);
	same_pixels(*state, "svg-ranking", bp_barchart_ops(), &c, c.title);
}

static void test_trend_in_chromium(void **state)
{
	bp_trend c = rt_svg_trend();
	same_pixels(*state, "svg-trend", bp_trend_ops(), &c, c.title);
}

static void test_profile_in_chromium(void **state)
{
	bp_profile c = rt_svg_profile();
	same_pixels(*state, "svg-profile", bp_profile_ops(), &c, c.title);
}

static void test_map_in_chromium(void **state)
{
	bp_map_area *areas;
	bp_choropleth c = rt_oss_map(*state, &areas);
	same_pixels(*state, "svg-map", bp_choropleth_ops(), &c, c.title);
}

/* |a - b| <= tol in each channel of two 0xRRGGBB colours. */
static int near_rgb(uint32_t a, uint32_t b, int tol)
{
	for (int sh = 0; sh <= 16; sh += 8)
		if (abs((int)(a >> sh & 0xFF) - (int)(b >> sh & 0xFF)) > tol)
			return 0;
	return 1;
}

/*
 * The references' 95% intervals (a survey's gemeente) as the site shows
 * them, the SVG in Chromium: the same pixels as the PNG, and the bands'
 * light tints there, which the tolerance alone would not see (a tint is
 * less than 48 levels from white): the ranking's band between two bars, the
 * profile's above a bar around zero, the trend's above the gemeente's line.
 */
static void test_reference_bands_in_chromium(void **state)
{
	rt_fixture *f = *state;
	bp_bar bars[25];
	bp_barchart rc = rt_svg_ranking(bars);
	bp_refline refs[2] = { { "Oss", 20.0, 17.5, 22.5 }, { "Nederland", 21.4, NAN, NAN } };
	rc.refs = refs;
	cairo_surface_t *shot;
	same_pixels_shot(f, "svg-ranking-band", bp_barchart_ops(), &rc, rc.title, &shot);
	bp_barchart_layout bl;
	bp_error err = { 0 };
	assert_int_equal(bp_barchart_compute_layout(&rc, f->arena, &bl, &err), BP_OK);
	double x = round((bl.band_x0[0] + bl.ref_x[0]) / 2) + 0.5;   /* inside the band, left of the line */
	uint32_t px = rt_pixel(shot, x, bl.bar_y[0] + bl.bar_h + 2);
	if (!near_rgb(px, 0xF9E7D9, 6))
		fail_msg("ranking band in Chromium at %.1f: #%06x, not the tint #f9e7d9", x, px);
	cairo_surface_destroy(shot);

	bp_profile pc = rt_svg_profile();
	bp_profile_item items[5];
	memcpy(items, pc.items, sizeof(items));
	items[0].ref_ci_low = 44.0;   /* Oss 47,0 (44,0-50,0) */
	items[0].ref_ci_high = 50.0;
	pc.items = items;
	same_pixels_shot(f, "svg-profile-band", bp_profile_ops(), &pc, pc.title, &shot);
	bp_profile_layout pl;
	assert_int_equal(bp_profile_compute_layout(&pc, f->arena, &pl, &err), BP_OK);
	x = round((pl.ref_x0[0] + pl.zero_x) / 2) + 0.5;
	px = rt_pixel(shot, x, pl.bar_y[0] - 2);
	if (!near_rgb(px, BP_PROFILE_RGB_REF_BAND, 6))
		fail_msg("profile band in Chromium at %.1f: #%06x, not #%06x", x, px, BP_PROFILE_RGB_REF_BAND);
	cairo_surface_destroy(shot);

	bp_trend tc = rt_svg_trend();
	static const double lo[] = { 10.2, 10.6, 11.1, 11.8 }, hi[] = { 11.8, 12.4, 12.9, 13.7 };
	bp_trend_series series[3];
	memcpy(series, tc.series, sizeof(series));
	series[1].ci_lo = lo;
	series[1].ci_hi = hi;
	tc.series = series;
	same_pixels_shot(f, "svg-trend-band", bp_trend_ops(), &tc, tc.title, &shot);
	bp_trend_layout tl;
	assert_int_equal(bp_trend_compute_layout(&tc, f->arena, &tl, &err), BP_OK);
	/* halfway from 2016 to 2018, halfway between the gemeente's line and the band's upper edge */
	x = round((tl.period_x[0] + tl.period_x[1]) / 2) + 0.5;
	double per = (tl.plot_y1 - tl.plot_y0) / (tl.scale_max - tl.scale_min);
	double share = (x - tl.period_x[0]) / (tl.period_x[1] - tl.period_x[0]);
	double line = tl.point_y[1 * 4 + 0] + (tl.point_y[1 * 4 + 1] - tl.point_y[1 * 4 + 0]) * share;
	double edge = tl.plot_y1 - (hi[0] + (hi[1] - hi[0]) * share - tl.scale_min) * per;
	px = rt_pixel(shot, x, round((line + edge) / 2) + 0.5);
	/* the orange at 16% over white: (248, 229, 214) */
	if (!near_rgb(px, 0xF8E5D6, 8))
		fail_msg("trend band in Chromium at %.1f: #%06x, not the orange tint", x, px);
	cairo_surface_destroy(shot);
}

/*
 * Where s is a whole line of a text, or NULL: between a text's or line's
 * start tag and its end or the next line's <tspan> (svgtext.c joins runs of
 * texts in one font as <tspan>s of one <text>).
 */
static char *find_text(char *svg, const char *s)
{
	char want[160];
	snprintf(want, sizeof(want), ">%s<", s);
	for (char *at = strstr(svg, want); at; at = strstr(at + 1, want)) {
		const char *next = at + strlen(want);
		if (!strncmp(next, "/text>", 6) || !strncmp(next, "/tspan>", 7) || !strncmp(next, "tspan ", 6))
			return at;
	}
	return NULL;
}

/*
 * The ranking is small and its text is the text: every name once (escaped:
 * "&" and "<" are markup in XML), the title also as <title>.
 */
static void test_ranking_light_and_escaped(void **state)
{
	(void)state;
	bp_bar bars[25];
	bp_barchart c = rt_svg_ranking(bars);
	c.title = "Inwoners van 65 jaar & ouder";
	size_t len;
	char *svg = (char *)render(bp_barchart_ops(), &c, c.title, BP_IMAGE_SVG, &len);
	assert_true(len < 30 * 1024);
	assert_non_null(strstr(svg, "<title>Inwoners van 65 jaar &amp; ouder</title>"));
	assert_non_null(find_text(svg, "Inwoners van 65 jaar &amp; ouder"));
	assert_non_null(find_text(svg, "Oijen &amp; Teeffelen"));
	assert_non_null(find_text(svg, "Deursen &lt;Dennenburg&gt;"));
	assert_null(strstr(svg, "<Dennenburg"));
	/* every label is there once */
	for (int i = 0; i < 25; i++) {
		if (strchr(rt_svg_names[i], '&') || strchr(rt_svg_names[i], '<'))
			continue;
		char *at = find_text(svg, rt_svg_names[i]);
		if (!at)
			fail_msg("no text \"%s\"", rt_svg_names[i]);
		assert_null(find_text(at + 1, rt_svg_names[i]));
	}
	/* the family once for all classes, each class its size */
	assert_non_null(strstr(svg, "<style>.bp20b,"));
	assert_non_null(strstr(svg, ",.bp13,"));
	assert_non_null(strstr(svg, "{font-family:'DejaVu Sans',Verdana,sans-serif;text-rendering:geometricPrecision}"));
	assert_non_null(strstr(svg, ".bp13{font-size:13px}"));
	assert_non_null(strstr(svg, ".bp20b{font-size:20px;font-weight:700}"));
	/* halo labels: stroke painted under the fill */
	assert_non_null(strstr(svg, "paint-order:stroke"));
	assert_non_null(strstr(svg, " bph\""));
	well_formed(svg, len);
	free(svg);
}

/*
 * A tab keeps its place (a space with its own x, so the characters after it
 * keep theirs); a right-to-left name keeps Cairo's glyph outlines, since
 * its glyphs are in visual order and a browser would reorder them again.
 */
static void test_tab_and_right_to_left(void **state)
{
	(void)state;
	bp_bar bars[25];
	bp_barchart c = rt_svg_ranking(bars);
	bars[0].label = "Centrum\tOost";
	bars[1].label = "\u062d\u064a \u0627\u0644\u0633\u0644\u0627\u0645"; /* Arabic: "the peace quarter" */
	size_t len;
	char *svg = (char *)render(bp_barchart_ops(), &c, c.title, BP_IMAGE_SVG, &len);
	char *at = find_text(svg, "Centrum Oost");
	assert_non_null(at);
	/* 12 characters, 12 x positions */
	char *open = at;
	while (open > svg && strncmp(open, "<text", 5) != 0 && strncmp(open, "<tspan", 6) != 0)
		open--;
	char *xs = strstr(open, " x=\"");
	assert_true(xs && xs < at);
	int n = 1;
	for (char *p = xs + 4; *p != '"'; p++)
		n += *p == ' ';
	assert_int_equal(n, 12);
	assert_null(strstr(svg, "\u0627\u0644\u0633"));
	assert_non_null(strstr(svg, "<use"));
	well_formed(svg, len);
	free(svg);
}

int main(void)
{
	const struct CMUnitTest light[] = {
		cmocka_unit_test(test_ranking_light_and_escaped),
		cmocka_unit_test(test_tab_and_right_to_left),
	};
	int rc = cmocka_run_group_tests(light, NULL, NULL);
	gchar *exe = g_find_program_in_path("chromium");
	if (!exe) {
		fprintf(stderr, "chromium is not installed (scripts/lib.sh BP_TEST_PACKAGES): pixel tests skipped\n");
		return rc ? rc : 77;
	}
	g_free(exe);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ranking_in_chromium, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_trend_in_chromium, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_profile_in_chromium, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_map_in_chromium, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_reference_bands_in_chromium, rt_setup, rt_teardown),
	};
	return rc | cmocka_run_group_tests(tests, NULL, NULL);
}
