/*
 * rendertest.h: what the chart tests share: a temporary folder per test,
 * reading pixels back from a PNG, and keeping the pictures for a person to
 * look at (set BP_RENDER_SAMPLES to a folder).
 */
#ifndef BP_TESTS_RENDERTEST_H
#define BP_TESTS_RENDERTEST_H

#include <stddef.h>
#include <stdint.h>

#include <cairo.h>

#include "core/arena.h"
#include "render/canvas.h"
#include "render/barchart.h"
#include "render/choropleth.h"
#include "render/profile.h"
#include "render/trend.h"

typedef struct rt_fixture {
	char dir[64];
	bp_arena *arena;
} rt_fixture;

int rt_setup(void **state);
int rt_teardown(void **state);
char *rt_path(const rt_fixture *f, const char *name);
int rt_count_entries(const char *dir);
int rt_exists(const char *path);

/* A PNG in memory as an image surface (asserts that it decodes). */
cairo_surface_t *rt_png_surface(const unsigned char *png, size_t len);
/* 0xRRGGBB of an opaque pixel (asserts that it is inside and opaque). */
uint32_t rt_pixel(cairo_surface_t *s, double x, double y);
/* The text of an SVG chart's <text> elements in document order with all
 * white space left out (malloc'ed; asserts that it parses): what a reader
 * can read, comparable between two drawings of a chart whose lines wrap
 * at different places. */
char *rt_svg_text(const unsigned char *svg, size_t len);
/*
 * The points of the SVG's <path> elements whose attribute attr is value
 * (fill="#f9e7d9"; the attribute itself, or in a style="attr:value"), in
 * absolute user units, path after path: each path's d read by its own
 * grammar here (M L H V Z and their relative forms, as the writers emit
 * for straight lines; a curve fails the test), not by the code under test.
 * Up to max points into xy (x, y pairs); returns how many there were, and
 * the number of such paths in *n_paths (may be NULL).  A transform on the
 * path or a group around it fails the test: the points would not be the
 * chart's.
 */
size_t rt_svg_path_points(const unsigned char *svg, size_t len, const char *attr, const char *value, double *xy,
                          size_t max, size_t *n_paths);
/* |got - want| <= tol, or the test fails with both values. */
#define rt_assert_near(got, want, tol) \
	do { \
		double rt_g_ = (got), rt_w_ = (want); \
		if (!(fabs(rt_g_ - rt_w_) <= (tol))) \
			fail_msg("%s = %.4f, want %.4f (within %g)", #got, rt_g_, rt_w_, (double)(tol)); \
	} while (0)
/* s without its white space (malloc'ed). */
char *rt_no_space(const char *s);
/*
 * A chart and its narrow variant drawn as SVG (kept as <keep>.svg and
 * <keep>_narrow.svg): each of want[n] must be in the text of both, whole
 * (rt_svg_text: white space aside), or the test fails naming it.
 */
void rt_assert_both_say(const bp_chart_ops *ops, const void *wide, const void *narrow, const char *keep,
                        const char *const *want, size_t n);
/* Write the bytes to $BP_RENDER_SAMPLES/name when that is set. */
void rt_keep(const char *name, const unsigned char *data, size_t len);

/*
 * Compare a PNG with tests/render/golden/<name>: the sizes must match and at
 * most max_share of the pixels may differ by more than 48 (of 255) in a
 * channel, which absorbs anti-aliasing and font-rasteriser differences
 * but not a moved bar, a lost label or another colour.  With
 * BP_UPDATE_GOLDEN=1 the PNG is written there instead (see golden/README.md).
 */
/* The share of pixels (and *n_differ, may be NULL) that differ by more than
 * 48 in a channel, as rt_golden counts them; asserts that the sizes match. */
double rt_share_differing(cairo_surface_t *want, cairo_surface_t *got, long *n_differ);
void rt_golden(const char *name, const unsigned char *png, size_t len, double max_share);

/* The PNG is exactly the chart as drawn (see rendertest.c); its colour type. */
int rt_png_matches_drawing(const bp_chart_ops *ops, const void *chart, const unsigned char *png, size_t len,
                           int *n_colours);

/* A real wijk of tests/fixtures/geo/wijken_2024_oss_hilversum.geojson. */
typedef struct rt_wijk {
	const char *code, *name;
	unsigned char *wkb;  /* simplified, RD New, as 'buurtpeil import geojson' stores it */
	size_t wkb_len;
	double inhabitants;
	double age[5];       /* % aged 0-15, 15-25, 25-45, 45-65, 65+ (whole numbers in the file) */
} rt_wijk;

/* The wijken of one gemeente ("GM0828"), in file order, borders through lib/import/geometry. */
size_t rt_load_wijken(bp_arena *a, const char *gemeente, rt_wijk **out);

/*
 * % 65+ over the 23 wijken of Oss (the golden image choropleth_oss.png):
 * WK082801 (Schadewijk) highlighted, WK082805 suppressed; the areas in f's
 * arena (*areas_out).
 */
bp_choropleth rt_oss_map(rt_fixture *f, bp_map_area **areas_out);

/*
 * Names longer than any chart has room for (issue 24): a real-looking
 * catchment name of 76 characters, and a name of n characters built from it
 * (in a, with a "é" so that a cut inside a character would show).  Every
 * chart must lay out and draw with either, its names cut with "…"
 * (BP_NAME_MAX_CHARS).
 */
#define RT_NAME76 "Verzorgingsgebied Gezondheidscentrum De Ruwaard en Schadewijk-Oost, Oss-Zuid"
char *rt_long_name(bp_arena *a, size_t n);
/* The chart lays out and draws as PNG, SVG and PDF, no taller than max_h
 * pixels (a name that wraps without end would stretch it); fails with the
 * error's message otherwise. */
void rt_renders_bounded(const bp_chart_ops *ops, const void *chart, double max_h);

/*
 * The charts render/svg draws as SVG and in Chromium, and bench/svg_bench.c
 * counts: a 25-bar ranking (names with "&" and "<", one secret, one
 * highlighted; bars[25] is filled), a trend of four periods with one
 * missing, a profile of five indicators with one secret.  800, 640 and 800
 * wide.
 */
extern const char *const rt_svg_names[25];
bp_barchart rt_svg_ranking(bp_bar *bars);
bp_trend rt_svg_trend(void);
bp_profile rt_svg_profile(void);

#endif
