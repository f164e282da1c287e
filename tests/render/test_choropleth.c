/*
 * Tests for the choropleth map: quantile classes computed by hand, the
 * palette's direction, where RD New coordinates land, the pixels and the
 * golden image of the real wijken of Oss, the SVG's structure and bad
 * borders.
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
#include <geos_c.h>
#include <glib.h>

#include "core/arena.h"
#include "core/error.h"
#include "render/choropleth.h"
#include "rendertest.h"

#define SOURCE "Bron: CBS, Kerncijfers wijken en buurten 2024 (CC BY 4.0); bewerking buurtpeil"

/* ---- classes ------------------------------------------------------------ */

static void test_classes_even(void **state)
{
	(void)state;
	/* 1..10 in 5 classes: cuts after rank round(2), round(4), ... = 2, 4, 6, 8, 10 */
	double v[] = { 7, 3, 10, 1, NAN, 5, 2, 9, 4, 8, 6 };
	bp_map_classes c;
	bp_map_classify(v, sizeof(v) / sizeof(v[0]), 5, BP_MAP_HIGHER_WORSE, &c);
	assert_int_equal(c.n, 5);
	for (int j = 0; j < 5; j++) {
		assert_true(c.lower[j] == 2 * j + 1);
		assert_true(c.upper[j] == 2 * j + 2);
		assert_int_equal(c.count[j], 2);
	}
	assert_int_equal(bp_map_class_of(&c, 1), 0);
	assert_int_equal(bp_map_class_of(&c, 6.5), 3);
	assert_int_equal(bp_map_class_of(&c, 10), 4);
	assert_int_equal(bp_map_class_of(&c, 11), -1);
	assert_int_equal(bp_map_class_of(&c, NAN), -1);
	/* higher is worse: light for the lowest, dark for the highest (Oranges) */
	assert_int_equal(c.rgb[0], 0xFEEDDE);
	assert_int_equal(c.rgb[4], 0xA63603);
	/* higher is better: the direction turns, dark stays unfavourable */
	bp_map_classify(v, sizeof(v) / sizeof(v[0]), 5, BP_MAP_HIGHER_BETTER, &c);
	assert_int_equal(c.rgb[0], 0xA63603);
	assert_int_equal(c.rgb[4], 0xFEEDDE);
	/* neutral: another hue (Blues), low light */
	bp_map_classify(v, sizeof(v) / sizeof(v[0]), 5, BP_MAP_NEUTRAL, &c);
	assert_int_equal(c.rgb[0], 0xEFF3FF);
	assert_int_equal(c.rgb[4], 0x08519C);
}

static void test_classes_ties_and_few(void **state)
{
	(void)state;
	/*
	 * 1 1 1 1 2 3 4 5 6 7, 5 classes: ends at ranks 2, 4, 6, 8, 10 are
	 * 1, 1, 3, 5, 7; the second 1 repeats, so four classes remain:
	 * {1,1,1,1} {2,3} {4,5} {6,7}.
	 */
	double v[] = { 1, 1, 1, 1, 2, 3, 4, 5, 6, 7 };
	bp_map_classes c;
	bp_map_classify(v, 10, 0, BP_MAP_HIGHER_WORSE, &c);
	assert_int_equal(c.n, 4);
	double lo[] = { 1, 2, 4, 6 }, hi[] = { 1, 3, 5, 7 };
	int cnt[] = { 4, 2, 2, 2 };
	for (int j = 0; j < 4; j++) {
		assert_true(c.lower[j] == lo[j]);
		assert_true(c.upper[j] == hi[j]);
		assert_int_equal(c.count[j], cnt[j]);
	}
	/* four classes spread over the five colours: steps 0, 1.33, 2.67, 4 -> 0, 1, 3, 4 */
	assert_int_equal(c.rgb[1], 0xFDBE85);
	assert_int_equal(c.rgb[2], 0xE6550D);

	/* two values, five classes wanted: two classes, the lightest and the darkest */
	double two[] = { 30, 12.5 };
	bp_map_classify(two, 2, 5, BP_MAP_HIGHER_WORSE, &c);
	assert_int_equal(c.n, 2);
	assert_true(c.upper[0] == 12.5 && c.upper[1] == 30);
	assert_int_equal(c.rgb[0], 0xFEEDDE);
	assert_int_equal(c.rgb[1], 0xA63603);

	/* legend digits: 17,88 | 17,94 both read "17,9" with one decimal, so two */
	double close[] = { 9.2, 17.88, 17.94, 20.3 };
	bp_map_classify(close, 4, 2, BP_MAP_NEUTRAL, &c);
	assert_true(c.upper[0] == 17.88 && c.lower[1] == 17.94);
	assert_int_equal(bp_map_legend_decimals(&c, 1), 2);
	assert_int_equal(bp_map_legend_decimals(&c, 0), 2); /* "18" and "18", "17,9" and "17,9" */
	double apart[] = { 9.2, 17.6, 18.3, 20.3 };
	bp_map_classify(apart, 4, 2, BP_MAP_NEUTRAL, &c);
	assert_int_equal(bp_map_legend_decimals(&c, 1), 1);

	/* nothing finite: no classes */
	double none[] = { NAN, NAN };
	bp_map_classify(none, 2, 5, BP_MAP_HIGHER_WORSE, &c);
	assert_int_equal(c.n, 0);
}

/*
 * The 23 wijken of Oss, % aged 65 or over (KWB 2024, property 65plus of the
 * fixture), sorted: 10 15 17 17 18 | 18 20 20 20 | 20 21 21 21 22 | 22 23 23 23 | 24 25 26 28 29.
 * Cuts at ranks round(23/5 * j) = 5, 9, 14, 18, 23 -> ends 18, 20, 22, 23, 29;
 * ties move the bars: {10..18} 6, {20} 4, {21..22} 5, {23} 3, {24..29} 5.
 */
static void test_classes_oss(void **state)
{
	rt_fixture *f = *state;
	rt_wijk *w;
	size_t n = rt_load_wijken(f->arena, "GM0828", &w);
	assert_int_equal(n, 23);
	double v[23];
	for (size_t i = 0; i < n; i++)
		v[i] = w[i].age[4];
	bp_map_classes c;
	bp_map_classify(v, n, 5, BP_MAP_NEUTRAL, &c);
	assert_int_equal(c.n, 5);
	double lo[] = { 10, 20, 21, 23, 24 }, hi[] = { 18, 20, 22, 23, 29 };
	int cnt[] = { 6, 4, 5, 3, 5 };
	for (int j = 0; j < 5; j++) {
		assert_true(c.lower[j] == lo[j]);
		assert_true(c.upper[j] == hi[j]);
		assert_int_equal(c.count[j], cnt[j]);
	}
}

/* ---- projection --------------------------------------------------------- */

static unsigned char *wkb_of(bp_arena *a, const char *wkt, size_t *len)
{
	GEOSContextHandle_t h = GEOS_init_r();
	GEOSWKTReader *r = GEOSWKTReader_create_r(h);
	GEOSGeometry *g = GEOSWKTReader_read_r(h, r, wkt);
	assert_non_null(g);
	GEOSWKBWriter *w = GEOSWKBWriter_create_r(h);
	unsigned char *b = GEOSWKBWriter_write_r(h, w, g, len);
	unsigned char *out = bp_arena_alloc(a, *len);
	memcpy(out, b, *len);
	GEOSFree_r(h, b);
	GEOSWKBWriter_destroy_r(h, w);
	GEOSGeom_destroy_r(h, g);
	GEOSWKTReader_destroy_r(h, r);
	GEOS_finish_r(h);
	return out;
}

static void test_projection(void **state)
{
	rt_fixture *f = *state;
	/*
	 * Two 10 x 10 km squares side by side, the western one with a 2 x 2 km
	 * hole, the eastern one as a MultiPolygon.  The box is 20 x 10 km.
	 * Width 800: map column 800 - 2*16 (margins) - 230 (legend) - 20 (gap)
	 * = 518, less 2*4 padding = 510 px for 20 000 m: 0.0255 px/m; the map's
	 * left edge at 16 + 4 = 20.
	 */
	bp_map_area ar[2] = {
		{ .code = "W", .name = "West", .status = BP_MAP_VALUE, .value = 10 },
		{ .code = "O", .name = "Oost", .status = BP_MAP_VALUE, .value = 20, .highlight = 1 },
	};
	ar[0].wkb = wkb_of(f->arena, "POLYGON((150000 400000,160000 400000,160000 410000,150000 410000,150000 400000),"
	                   "(154000 404000,156000 404000,156000 406000,154000 406000,154000 404000))", &ar[0].wkb_len);
	ar[1].wkb = wkb_of(f->arena, "MULTIPOLYGON(((160000 400000,170000 400000,170000 410000,160000 410000,160000 400000)))",
	                   &ar[1].wkb_len);
	bp_choropleth c = { .title = "Proef", .source = SOURCE, .areas = ar, .n_areas = 2,
	                    .polarity = BP_MAP_HIGHER_WORSE, .width = 800 };
	bp_choropleth_layout lay;
	bp_error err = { 0 };
	assert_int_equal(bp_choropleth_compute_layout(&c, f->arena, &lay, &err), BP_OK);
	assert_true(fabs(lay.scale - 0.0255) < 1e-12);
	assert_true(fabs(lay.map_x - 20) < 1e-9);
	assert_true(fabs(lay.map_w - 510) < 1e-9);
	assert_true(fabs(lay.map_h - 255) < 1e-9);
	double px, py;
	/* north-west corner: top left of the map */
	bp_choropleth_project(&lay, 150000, 410000, &px, &py);
	assert_true(fabs(px - 20) < 1e-9 && fabs(py - lay.map_y) < 1e-9);
	/* south-east corner: 20 km east (510 px), 10 km south (255 px): north is up */
	bp_choropleth_project(&lay, 170000, 400000, &px, &py);
	assert_true(fabs(px - 530) < 1e-9 && fabs(py - (lay.map_y + 255)) < 1e-9);
	/* The outlines the site lays its links over: the rings in the order of the
	 * WKT, x = 20 + (x - 150000) * 0.0255, y = map_y + (410000 - y) * 0.0255,
	 * in whole pixels. */
	bp_buf d;
	bp_buf_init(&d);
	bp_choropleth_area_svg_path(&lay, 1, &d);
	char want[512];
	long y0 = lround(lay.map_y), y1 = lround(lay.map_y + 255);
	snprintf(want, sizeof(want), "M275 %ld L530 %ld L530 %ld L275 %ld L275 %ldZ", y1, y1, y0, y0, y1);
	assert_string_equal(d.data, want);
	bp_buf_reset(&d);
	bp_choropleth_area_svg_path(&lay, 0, &d);
	/* the outer ring, then the hole (filled even-odd, as drawn): 154000 -> 122, 404000 -> map_y + 153 */
	long h0 = lround(lay.map_y + 102), h1 = lround(lay.map_y + 153);
	snprintf(want, sizeof(want), "M20 %ld L275 %ld L275 %ld L20 %ld L20 %ldZ M122 %ld L173 %ld L173 %ld L122 %ld "
	         "L122 %ldZ", y1, y1, y0, y0, y1, h1, h1, h0, h0, h1);
	assert_string_equal(d.data, want);
	/* Points that round onto the one before are left out: beside the squares
	 * (0.0255 px/m), a ring 10 m across is a point and its Z. */
	bp_map_area three[3] = { ar[0], ar[1], { .code = "K", .name = "Klein", .status = BP_MAP_VALUE, .value = 1 } };
	three[2].wkb = wkb_of(f->arena, "POLYGON((165000 405000,165010 405000,165010 405010,165000 405000))",
	                      &three[2].wkb_len);
	bp_choropleth tc = c;
	tc.areas = three;
	tc.n_areas = 3;
	bp_choropleth_layout tl;
	assert_int_equal(bp_choropleth_compute_layout(&tc, f->arena, &tl, &err), BP_OK);
	bp_buf_reset(&d);
	bp_choropleth_area_svg_path(&tl, 2, &d);
	assert_non_null(strchr(d.data, 'M'));
	assert_null(strchr(d.data, 'L'));
	bp_buf_release(&d);

	/* The pixels: 2 classes take the lightest and darkest orange; the hole is white. */
	unsigned char *png;
	size_t len;
	assert_int_equal(bp_choropleth_render(&c, BP_IMAGE_PNG, &png, &len, &err), BP_OK);
	cairo_surface_t *s = rt_png_surface(png, len);
	bp_choropleth_project(&lay, 152000, 408000, &px, &py);
	assert_int_equal(rt_pixel(s, px, py), 0xFEEDDE);
	bp_choropleth_project(&lay, 155000, 405000, &px, &py); /* in the hole */
	assert_int_equal(rt_pixel(s, px, py), 0xFFFFFF);
	bp_choropleth_project(&lay, 165000, 405000, &px, &py);
	assert_int_equal(rt_pixel(s, px, py), 0xA63603);
	/* the highlight's dark outline on the eastern square's east edge */
	bp_choropleth_project(&lay, 170000, 405000, &px, &py);
	assert_int_equal(rt_pixel(s, px - 0.5, py), BP_MAP_RGB_OUTLINE);
	cairo_surface_destroy(s);
	free(png);
}

/* ---- the real map ------------------------------------------------------- */

/*
 * The wijken of Oss, % aged 65 or over, Schadewijk highlighted;
 * Industrieterreinen-Noord (140 inhabitants) marked suppressed here to show
 * the hatching (in the real data it has a value).
 */
/*
 * Issue 16: Ussen (45,4) and Krinkelhoek (44,6) were both shown as "45"
 * but drawn in different classes.  Classes are built on the shown values:
 * five wijken 10 | 30 | 44,6 | 45,4 | 80 in five classes, with no decimals,
 * are 10 | 30 | 45 45 | 80, four classes, the two "45" in one.
 */
static void test_classes_on_shown_values(void **state)
{
	rt_fixture *f = *state;
	assert_true(bp_value_shown(44.6, 0) == 45 && bp_value_shown(45.4, 0) == 45);
	assert_true(bp_value_shown(0.05, 1) == 0.1);           /* rounded as written, not as stored */
	assert_true(bp_value_shown(1234.56, 1) == 1234.6);     /* "1.234,6": the thousands point is no comma */
	assert_true(bp_value_shown(-0.4, 0) == 0);
	assert_true(isnan(bp_value_shown(NAN, 1)));
	/* "90 | 90" for 90,4 and 89,6: one decimal more tells them apart */
	const double ninety[] = { 90.4, 89.6, NAN, 90.4 };
	assert_int_equal(bp_decimals_apart(ninety, 4, 0), 1);
	assert_int_equal(bp_decimals_apart(ninety, 4, 1), 1);
	const double close[] = { 17.88, 17.94 };
	assert_int_equal(bp_decimals_apart(close, 2, 0), 2);

	const double val[5] = { 10, 30, 44.6, 45.4, 80 };
	bp_map_area ar[5];
	memset(ar, 0, sizeof(ar));
	for (int i = 0; i < 5; i++) {
		char wkt[256];
		int x = 150000 + 10000 * i;
		snprintf(wkt, sizeof(wkt), "POLYGON((%d 400000,%d 400000,%d 410000,%d 410000,%d 400000))", x, x + 10000,
		         x + 10000, x, x);
		ar[i].code = "W";
		ar[i].name = "Wijk";
		ar[i].status = BP_MAP_VALUE;
		ar[i].value = val[i];
		ar[i].wkb = wkb_of(f->arena, wkt, &ar[i].wkb_len);
	}
	bp_choropleth c = { .title = "Proef", .source = SOURCE, .areas = ar, .n_areas = 5, .decimals = 0,
	                    .unit = "%", .polarity = BP_MAP_HIGHER_WORSE, .width = 800 };
	bp_choropleth_layout lay;
	bp_error err = { 0 };
	assert_int_equal(bp_choropleth_compute_layout(&c, f->arena, &lay, &err), BP_OK);
	assert_int_equal(lay.classes.n, 4);
	assert_int_equal(lay.cls[2], lay.cls[3]);
	assert_int_equal(lay.cls[2], 2);
	assert_true(lay.classes.lower[2] == 45 && lay.classes.upper[2] == 45);
	assert_int_equal(lay.classes.count[2], 2);
	/* the labels neither overlap nor need more digits than the figures have */
	assert_int_equal(bp_map_legend_decimals(&lay.classes, 0), 0);
	for (int j = 0; j + 1 < lay.classes.n; j++)
		assert_true(lay.classes.upper[j] < lay.classes.lower[j + 1]);
	/* with one decimal they are different figures, and may be apart */
	c.decimals = 1;
	assert_int_equal(bp_choropleth_compute_layout(&c, f->arena, &lay, &err), BP_OK);
	assert_int_equal(lay.classes.n, 5);
	assert_true(lay.cls[2] != lay.cls[3]);
}

static bp_choropleth oss_map(rt_fixture *f, bp_map_area **areas_out)
{
	return rt_oss_map(f, areas_out);
}

static void test_oss_golden(void **state)
{
	rt_fixture *f = *state;
	bp_map_area *ar;
	bp_choropleth c = oss_map(f, &ar);
	bp_choropleth_layout lay;
	bp_error err = { 0 };
	assert_int_equal(bp_choropleth_compute_layout(&c, f->arena, &lay, &err), BP_OK);
	/*
	 * 22 values (WK082805's 20 suppressed): 10 15 17 17 | 18 18 20 20 20 | 21 21 21
	 * 22 22 | 23 23 23 24 | 25 26 28 29; cuts at ranks round(22/5 * j) = 4, 9, 13, 18
	 * (values 17, 20, 22, 24; no tie crosses a cut).
	 */
	assert_int_equal(lay.classes.n, 5);
	int cnt[] = { 4, 5, 5, 4, 4 };
	double hi[] = { 17, 20, 22, 24, 29 };
	for (int j = 0; j < 5; j++) {
		assert_int_equal(lay.classes.count[j], cnt[j]);
		assert_true(lay.classes.upper[j] == hi[j]);
	}
	assert_int_equal(lay.n_suppressed, 1);
	assert_int_equal(lay.n_missing, 0);
	assert_int_equal(lay.highlighted, 1);
	/* Equal aspect: one scale; Oss is wider (about 29 km) than tall (about 15 km). */
	assert_true(lay.map_w > lay.map_h);

	unsigned char *png;
	size_t len;
	assert_int_equal(bp_choropleth_render(&c, BP_IMAGE_PNG, &png, &len, &err), BP_OK);
	rt_keep("choropleth_oss.png", png, len);
	rt_golden("choropleth_oss.png", png, len, 0.005);
	free(png);
}

/* ---- SVG structure ------------------------------------------------------ */

#define MAX_FILLS 64

typedef struct svg_count {
	int depth_ok, paths, evenodd, uses, texts, images;
	/* fills by colour: area fills (even-odd) and the rest (legend swatches among them) */
	unsigned rgb[MAX_FILLS];
	int n_area[MAX_FILLS], n_other[MAX_FILLS];
	int n_rgb;
} svg_count;

/* A colour "#rrggbb" or "#rgb" (svgcompact.c writes Cairo's rgb(%) so): 0xBDD7E7. */
static int parse_hex(const char *c, unsigned *rgb)
{
	char *end;
	if (*c != '#')
		return 0;
	unsigned v = (unsigned)strtoul(c + 1, &end, 16);
	if (end == c + 7) {
		*rgb = v;
		return 1;
	}
	if (end != c + 4)
		return 0;
	*rgb = ((v >> 8 & 0xF) * 0x11) << 16 | ((v >> 4 & 0xF) * 0x11) << 8 | (v & 0xF) * 0x11;
	return 1;
}

/* The fill colour of a style: "fill:#rrggbb". */
static int parse_fill(const char *style, unsigned *rgb)
{
	const char *f = strstr(style, "fill:#");
	return f && (f == style || f[-1] == ';') && parse_hex(f + 5, rgb);
}

static void count_fill(svg_count *sc, unsigned rgb, int area)
{
	int i = 0;
	while (i < sc->n_rgb && sc->rgb[i] != rgb)
		i++;
	if (i == sc->n_rgb) {
		if (sc->n_rgb == MAX_FILLS)
			return;
		sc->rgb[sc->n_rgb++] = rgb;
	}
	if (area)
		sc->n_area[i]++;
	else
		sc->n_other[i]++;
}

static void fills_of(const svg_count *sc, unsigned rgb, int *area, int *other)
{
	*area = *other = 0;
	for (int i = 0; i < sc->n_rgb; i++)
		if (sc->rgb[i] == rgb) {
			*area = sc->n_area[i];
			*other = sc->n_other[i];
		}
}

static void svg_start(GMarkupParseContext *ctx, const gchar *el, const gchar **names,
                      const gchar **values, gpointer user, GError **error)
{
	(void)ctx;
	(void)error;
	svg_count *sc = user;
	if (strcmp(el, "svg") == 0)
		sc->depth_ok = 1;
	if (strcmp(el, "image") == 0)
		sc->images++;
	if (strcmp(el, "use") == 0)
		sc->uses++;
	if (strcmp(el, "text") == 0)
		sc->texts++;
	if (strcmp(el, "path") != 0)
		return;
	sc->paths++;
	/* fill and fill-rule in a style or as attributes, whichever is shorter (svgcompact.c) */
	int area = 0, filled = 0;
	unsigned rgb = 0;
	for (int i = 0; names[i]; i++) {
		if (strcmp(names[i], "style") == 0) {
			area |= strstr(values[i], "fill-rule:evenodd") != NULL;
			filled |= parse_fill(values[i], &rgb);
		} else if (strcmp(names[i], "fill-rule") == 0) {
			area |= strcmp(values[i], "evenodd") == 0;
		} else if (strcmp(names[i], "fill") == 0) {
			filled |= parse_hex(values[i], &rgb);
		}
	}
	sc->evenodd += area;
	if (filled)
		count_fill(sc, rgb, area);
}

static void test_svg_structure(void **state)
{
	rt_fixture *f = *state;
	bp_map_area *ar;
	bp_choropleth c = oss_map(f, &ar);
	unsigned char *svg;
	size_t len;
	bp_error err = { 0 };
	assert_int_equal(bp_choropleth_render(&c, BP_IMAGE_SVG, &svg, &len, &err), BP_OK);
	rt_keep("choropleth_oss.svg", svg, len);
	GMarkupParser p = { svg_start, NULL, NULL, NULL, NULL };
	svg_count sc = { 0 };
	GMarkupParseContext *ctx = g_markup_parse_context_new(&p, 0, &sc, NULL);
	GError *gerr = NULL;
	/* well-formed XML, or the parser says where not */
	if (!g_markup_parse_context_parse(ctx, (const gchar *)svg, (gssize)len, &gerr) ||
	    !g_markup_parse_context_end_parse(ctx, &gerr))
		fail_msg("SVG is not well-formed: %s", gerr->message);
	g_markup_parse_context_free(ctx);
	assert_true(sc.depth_ok);
	/* Vector, not a picture in a frame. */
	assert_int_equal(sc.images, 0);
	/*
	 * Only the area fills are even-odd (holes stay holes): one per wijk.
	 * Everything else (legend swatches, outlines, the scale bar) is nonzero.
	 */
	assert_int_equal(sc.evenodd, 23);
	/*
	 * Each class colour fills as many wijken as the legend counts (see
	 * test_oss_golden: 4 5 5 4 4) and once more outside the map: its legend
	 * swatch.  The suppressed wijk: one grey area, one grey swatch.
	 */
	bp_choropleth_layout lay;
	bp_error lerr = { 0 };
	assert_int_equal(bp_choropleth_compute_layout(&c, f->arena, &lay, &lerr), BP_OK);
	int want[5] = { 4, 5, 5, 4, 4 };
	for (int j = 0; j < lay.classes.n; j++) {
		int area, other;
		fills_of(&sc, lay.classes.rgb[j], &area, &other);
		assert_int_equal(area, want[j]);
		assert_int_equal(other, 1);
	}
	int grey_area, grey_other;
	fills_of(&sc, BP_MAP_RGB_MISSING, &grey_area, &grey_other);
	assert_int_equal(grey_area, 1);
	assert_int_equal(grey_other, 1);
	/* the legend and the title are text: <text>, not glyph outlines drawn
	 * with <use> (svgtext.c); title, subtitle, legend title, a row per class,
	 * the suppressed row, scale bar, north and source at least */
	assert_int_equal(sc.uses, 0);
	assert_true(sc.texts >= 5 + 7);
	assert_non_null(strstr((char *)svg, ">Inwoners van 65 jaar of ouder</text>"));
	assert_non_null(strstr((char *)svg, ">% van de inwoners</text>"));
	free(svg);
}

/* ---- bad input ---------------------------------------------------------- */

static void test_bad_border(void **state)
{
	rt_fixture *f = *state;
	unsigned char junk[] = { 1, 3, 0, 0, 0, 9, 9 };
	size_t plen;
	unsigned char *point = wkb_of(f->arena, "POINT(155000 463000)", &plen);
	bp_map_area ar[1] = { { .code = "BU03630000", .name = "Kop", .wkb = junk, .wkb_len = sizeof(junk),
	                        .status = BP_MAP_VALUE, .value = 1 } };
	bp_choropleth c = { .title = "x", .areas = ar, .n_areas = 1 };
	bp_choropleth_layout lay;
	bp_error err = { 0 };
	assert_int_equal(bp_choropleth_compute_layout(&c, f->arena, &lay, &err), BP_ERR_PARSE);
	assert_non_null(strstr(err.message, "BU03630000"));
	assert_non_null(strstr(err.message, "WKB"));

	bp_error err2 = { 0 };
	ar[0].wkb = point;
	ar[0].wkb_len = plen;
	assert_int_equal(bp_choropleth_compute_layout(&c, f->arena, &lay, &err2), BP_ERR_PARSE);
	assert_non_null(strstr(err2.message, "Point"));

	/* nothing written on failure */
	bp_error err3 = { 0 };
	char *path = rt_path(f, "kaart.png");
	assert_int_equal(bp_choropleth_write(&c, BP_IMAGE_PNG, path, &err3), BP_ERR_PARSE);
	assert_int_equal(rt_count_entries(f->dir), 0);

	bp_error err4 = { 0 };
	c.n_areas = 0;
	assert_int_equal(bp_choropleth_compute_layout(&c, f->arena, &lay, &err4), BP_ERR_RENDER);
}

static void test_write_formats(void **state)
{
	rt_fixture *f = *state;
	bp_map_area *ar;
	bp_choropleth c = oss_map(f, &ar);
	bp_error err = { 0 };
	const bp_image_format fm[] = { BP_IMAGE_PNG, BP_IMAGE_SVG, BP_IMAGE_PDF };
	const char *names[] = { "k.png", "k.svg", "k.pdf" };
	const char *magic[] = { "\x89PNG", "<?xml", "%PDF" };
	for (int i = 0; i < 3; i++) {
		char *p = rt_path(f, names[i]);
		assert_int_equal(bp_choropleth_write(&c, fm[i], p, &err), BP_OK);
		FILE *fp = fopen(p, "rb");
		char head[8] = { 0 };
		assert_non_null(fp);
		assert_true(fread(head, 1, 5, fp) >= 4);
		fclose(fp);
		assert_memory_equal(head, magic[i], strlen(magic[i]));
	}
	assert_int_equal(rt_count_entries(f->dir), 3);
}

/* Long area names (issue 24): the highlighted name in the legend cut, the
 * map lays out and draws. */
static void test_long_area_names(void **state)
{
	rt_fixture *f = *state;
	const char *names[] = { RT_NAME76, rt_long_name(f->arena, 6000) };
	for (size_t i = 0; i < 2; i++) {
		bp_map_area *ar;
		bp_choropleth c = oss_map(f, &ar);
		for (size_t k = 0; k < c.n_areas; k++)
			ar[k].name = names[i];
		c.title = names[i];
		c.subtitle = names[i];
		c.legend_title = names[i];
		bp_choropleth_layout lay;
		bp_error err = { 0 };
		if (bp_choropleth_compute_layout(&c, f->arena, &lay, &err))
			fail_msg("%s", err.message);
		rt_renders_bounded(bp_choropleth_ops(), &c, 1400);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes_even),
		cmocka_unit_test(test_classes_ties_and_few),
		cmocka_unit_test_setup_teardown(test_classes_oss, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_projection, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_classes_on_shown_values, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_oss_golden, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_svg_structure, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_bad_border, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_write_formats, rt_setup, rt_teardown),
		cmocka_unit_test_setup_teardown(test_long_area_names, rt_setup, rt_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
