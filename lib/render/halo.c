/*
 * halo.c: the white halo behind value labels (bp_show_with_halo, canvas.h),
 * so that a label stays readable where it crosses a gridline, a reference
 * line or a bar's end.
 *
 * The halo is the label's own glyphs drawn in the background colour at
 * HALO_N offsets around the label (a ring of radius 1 and one of 1.5, in
 * user units), then the label over them.  Why glyph copies and not the
 * glyph outlines stroked 3 wide (as before, and as the SVG's <text> still
 * does, svgtext.c): stroking curves is Cairo's slowest path, and a label
 * drawn for the first time (issue 23 item 3: a batch of rankings of other
 * areas, every value and name new) cost ~0.1 ms of stroke each, where the
 * copies are glyphs already in Cairo's glyph cache, composited in one
 * cairo_show_glyphs call per font run.  The union of the copies covers the
 * outline's surroundings to 1.5 px as the stroke did (a PNG differs from the
 * stroke's only at antialiased halo edges over grid and reference lines;
 * the golden images and the SVG-in-Chromium check stay within their
 * tolerance).
 *
 * The glyphs and their positions are taken from the layout once and kept
 * with it, already repeated at the offsets (glyphrun.h).  The same Cairo calls are made on every surface
 * but SVG and PDF, so a recording surface replayed onto an image gives the
 * PNG's pixels exactly (the render tests compare them).
 *
 * On an image surface the halo is skipped where the pixels it could touch
 * are all background already, for the whole label and then glyph by glyph: background-coloured glyphs change no
 * background pixel (white through any coverage stays white in pixman's
 * arithmetic; the tests' exact comparison checks it).
 *
 * SVG charts get a <text> with a stroke under its fill (svgtext.h).  A PDF
 * page (a chart drawn onto a report, report/pdfdoc.c) gets the label's ink
 * box instead: the page then needs no second copy of every glyph, and the
 * value labels sit VALUE_GAP (5) beyond their bar, clear of the 1.5 margin.
 */
#include "render/canvas.h"
#include "render/glyphrun.h"
#include "render/oneline.h"
#include "render/svgtext.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* The halo's width in user units: 1.5 beyond the outline (the PDF box, halo_box). */
#define HALO_WIDTH 3.0

/*
 * Where the copies go: the 8 neighbours at distance 1 and the 4 axis points
 * at 1.5, in user units.  Cairo puts an image surface's glyphs on whole
 * device pixels, so the ring at 1 gives the 3 x 3 neighbourhood of every
 * ink pixel and the axis points reach the stroke's 1.5 where the label's
 * phase rounds them out.
 */
static const double HALO_OFFSETS[][2] = {
	{ -1, -1 }, { 0, -1 }, { 1, -1 }, { -1, 0 }, { 1, 0 }, { -1, 1 }, { 0, 1 }, { 1, 1 },
	{ -1.5, 0 }, { 1.5, 0 }, { 0, -1.5 }, { 0, 1.5 },
};
#define HALO_N (sizeof(HALO_OFFSETS) / sizeof(HALO_OFFSETS[0]))

/* An image surface whose pixels the halo code may read by device pixel. */
static int plain_image_target(cairo_t *cr)
{
	cairo_surface_t *s = cairo_get_target(cr);
	if (cairo_surface_get_type(s) != CAIRO_SURFACE_TYPE_IMAGE ||
	    cairo_image_surface_get_format(s) != CAIRO_FORMAT_ARGB32)
		return 0;
	double ox, oy, sx, sy;
	cairo_surface_get_device_offset(s, &ox, &oy);
	cairo_surface_get_device_scale(s, &sx, &sy);
	return ox == 0 && oy == 0 && sx == 1 && sy == 1;
}

/*
 * The device-space box, relative to the label's origin in device space,
 * that the halo of l can touch under the linear part of m: the ink box
 * grown by 2 user units (1.5 of halo and its antialiased edge), transformed.
 */
static void halo_box(PangoLayout *l, const cairo_matrix_t *m, double *x0, double *y0, double *x1,
                     double *y1)
{
	PangoRectangle ink;
	const bp_oneline *o = bp_oneline_of(l);
	if (o) { /* pango_layout_get_pixel_extents's rounding of the same box */
		ink = o->ink;
		pango_extents_to_pixels(&ink, NULL);
	} else {
		pango_layout_get_pixel_extents(l, &ink, NULL);
	}
	double g = 2.0;
	*x0 = *y0 = 1e300;
	*x1 = *y1 = -1e300;
	for (int i = 0; i < 4; i++) {
		double px = ink.x + (i & 1 ? ink.width + g : -g);
		double py = ink.y + (i & 2 ? ink.height + g : -g);
		cairo_matrix_transform_distance(m, &px, &py);
		*x0 = fmin(*x0, px), *x1 = fmax(*x1, px), *y0 = fmin(*y0, py), *y1 = fmax(*y1, py);
	}
}

/* 1 when a pixel of image surface s in device box [x0, x1) x [y0, y1) (clipped to s) is not background. */
static int any_ink(cairo_surface_t *s, int x0, int y0, int x1, int y1)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	x0 = x0 < 0 ? 0 : x0;
	y0 = y0 < 0 ? 0 : y0;
	x1 = x1 > w ? w : x1;
	y1 = y1 > h ? h : y1;
	const unsigned char *data = cairo_image_surface_get_data(s);
	const uint32_t bg = 0xFF000000u | BP_RGB_BACKGROUND;
	for (int yy = y0; yy < y1; yy++) {
		const uint32_t *row = (const uint32_t *)(data + (size_t)yy * (size_t)stride);
		for (int xx = x0; xx < x1; xx++)
			if (row[xx] != bg)
				return 1;
	}
	return 0;
}

/*
 * 1 when a pixel of the target (a plain image surface) inside the halo's
 * box is not background: only those can change.  (dx, dy): the label's
 * origin in device space.
 */
static int halo_needed(cairo_t *cr, PangoLayout *l, double dx, double dy)
{
	cairo_matrix_t m;
	cairo_get_matrix(cr, &m);
	cairo_surface_t *s = cairo_get_target(cr);
	double x0, y0, x1, y1;
	halo_box(l, &m, &x0, &y0, &x1, &y1);
	cairo_surface_flush(s);
	return any_ink(s, (int)floor(dx + x0), (int)floor(dy + y0), (int)ceil(dx + x1), (int)ceil(dy + y1));
}

/*
 * The same for one glyph's copies (bp_glyph_reach_fn): a label that crosses
 * a gridline or a reference line needs the halo of the glyphs near it, not
 * of the others (about a third of a new-label ranking's glyph compositing
 * was halo copies over white).  ctx: the cairo_t.
 */
static int glyph_reach_needed(void *ctx, double x0, double y0, double x1, double y1)
{
	cairo_t *cr = ctx;
	double bx0 = 1e300, by0 = 1e300, bx1 = -1e300, by1 = -1e300;
	for (int i = 0; i < 4; i++) {
		double px = i & 1 ? x1 : x0, py = i & 2 ? y1 : y0;
		cairo_user_to_device(cr, &px, &py);
		bx0 = fmin(bx0, px), bx1 = fmax(bx1, px), by0 = fmin(by0, py), by1 = fmax(by1, py);
	}
	return any_ink(cairo_get_target(cr), (int)floor(bx0), (int)floor(by0), (int)ceil(bx1), (int)ceil(by1));
}

/* The halo as the glyph outlines stroked: for a label with glyphs the copies cannot draw. */
static void stroke_halo(cairo_t *cr, PangoLayout *l, double x, double y)
{
	cairo_save(cr);
	cairo_move_to(cr, x, y);
	pango_cairo_layout_path(cr, l);
	bp_set_rgb(cr, BP_RGB_BACKGROUND);
	cairo_set_line_width(cr, HALO_WIDTH);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* The halo on a PDF page: the label's ink box grown by the halo's half width, filled. */
static void box_halo(cairo_t *cr, PangoLayout *l, double x, double y)
{
	PangoRectangle ink;
	pango_layout_get_extents(l, &ink, NULL);
	double g = HALO_WIDTH / 2;
	cairo_save(cr);
	cairo_rectangle(cr, x + (double)ink.x / PANGO_SCALE - g, y + (double)ink.y / PANGO_SCALE - g,
	                (double)ink.width / PANGO_SCALE + 2 * g, (double)ink.height / PANGO_SCALE + 2 * g);
	bp_set_rgb(cr, BP_RGB_BACKGROUND);
	cairo_fill(cr);
	cairo_restore(cr);
}

/*
 * The copies drawn at user position (x, y) in the background colour; 0 when
 * l needs the stroke.  plain: cr draws on a plain image surface, whose
 * pixels say which glyphs' copies can change any.
 */
static int glyph_halo(cairo_t *cr, PangoLayout *l, double x, double y, int plain)
{
	cairo_save(cr);
	bp_set_rgb(cr, BP_RGB_BACKGROUND);
	int done = bp_glyphs_show_around(cr, l, x, y, HALO_OFFSETS, (int)HALO_N,
	                                 plain ? glyph_reach_needed : NULL, cr);
	cairo_restore(cr);
	return done;
}

void bp_show_with_halo(cairo_t *cr, PangoLayout *l, double x, double y, unsigned rgb)
{
	if (bp_svgtext_show(cr, l, x, y, rgb, 1))
		return; /* an SVG chart: a <text> with stroke under fill (svgtext.h) */
	if (cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF) {
		box_halo(cr, l, x, y);
	} else {
		double dx = x, dy = y;
		cairo_user_to_device(cr, &dx, &dy);
		int plain = plain_image_target(cr);
		if ((!plain || halo_needed(cr, l, dx, dy)) && !glyph_halo(cr, l, x, y, plain))
			stroke_halo(cr, l, x, y);
	}
	bp_show(cr, l, x, y, rgb);
}
