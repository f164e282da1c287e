/*
 * halo.c: the white halo behind value labels (bp_show_with_halo, canvas.h),
 * so that a label stays readable where it crosses a gridline, a reference
 * line or a bar's end.
 *
 * The halo is the label's glyph outlines stroked 3 wide in the background
 * colour.  Stroking curves is Cairo's slowest path: it was two thirds of a
 * ranking chart's drawing time.  On an image surface two shortcuts keep
 * it off that path:
 *
 *   - where the pixels the halo could touch are all background already,
 *     the halo would change nothing and is skipped;
 *   - otherwise the stroke's coverage over the pixels that are not
 *     background (and a ring around them) is drawn once into an A8 mask
 *     that is kept with the layout (layouts are shared and never changed,
 *     textcache.c) and painted through the mask from then on.  The
 *     coverage depends on the label, on cr's linear transformation and on
 *     where the label falls inside a pixel (the fractional part of its
 *     device position), so that is what a mask is kept under; labels at
 *     other whole-pixel positions reuse it.  Painting white through the
 *     coverage mask is the arithmetic Cairo uses to composite the stroke
 *     itself (c = a + d (255 - a) / 255 per channel for a white source).
 *
 * Vector surfaces (SVG, recording) always get the stroke: nothing to read
 * back, and the stroke is what their viewers should rasterise.  A PDF page
 * (a chart drawn onto a report, report/pdfdoc.c) gets the label's ink box
 * instead: Cairo's PDF surface has no stroked-text mode, so a stroked halo
 * is written as every glyph's outline in path data, label by label, which
 * was two thirds of a profile PDF's bytes (bench/RESULTS.md, the site's
 * weight).  The box keeps the label as readable over a gridline, and the
 * value labels sit VALUE_GAP (5) beyond their bar, clear of the 1.5 margin.
 */
#include "render/canvas.h"
#include "render/svgtext.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* The halo's width in user units: 1.5 beyond the outline. */
#define HALO_WIDTH 3.0
/*
 * Pixels of background around the part of a halo that is drawn (mask_for).
 * Cairo cuts the stroke's polygon at the mask's edges, and where an outline
 * crosses a side it rounds the crossing to 1/256 of a pixel: the pixel on
 * the side can come out a level off (1 pixel in 100 rankings without this
 * ring).  The ring's pixels are background or beyond the stroke (the part
 * is the box around every non-background pixel of the halo's box), so the
 * background painted through them changes nothing.
 */
#define PART_RING 2
/* Masks kept per layout: one per pixel phase and transformation it was drawn at. */
#define MASKS_PER_LAYOUT 4

/* An image surface whose pixels the halo code may read and paint by device pixel. */
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
	pango_layout_get_pixel_extents(l, &ink, NULL);
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

/* Device pixels [x0, x1) x [y0, y1). */
typedef struct pixel_box {
	int x0, y0, x1, y1;
} pixel_box;

/*
 * The box around the pixels of the target (a plain image surface) inside
 * the halo's box that are not background, in device pixels; 0 when there
 * are none: a background-coloured halo changes no background pixel (white
 * through any coverage stays white in paint_through's arithmetic), so only
 * these pixels can change.  (dx, dy): the label's origin in device space.
 */
static int halo_needed(cairo_t *cr, PangoLayout *l, const cairo_matrix_t *m, double dx, double dy,
                       pixel_box *need)
{
	cairo_surface_t *s = cairo_get_target(cr);
	double x0, y0, x1, y1;
	halo_box(l, m, &x0, &y0, &x1, &y1);
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	int ix0 = (int)floor(dx + x0), iy0 = (int)floor(dy + y0);
	int ix1 = (int)ceil(dx + x1), iy1 = (int)ceil(dy + y1);
	ix0 = ix0 < 0 ? 0 : ix0;
	iy0 = iy0 < 0 ? 0 : iy0;
	ix1 = ix1 > w ? w : ix1;
	iy1 = iy1 > h ? h : iy1;
	cairo_surface_flush(s);
	const unsigned char *data = cairo_image_surface_get_data(s);
	const uint32_t bg = 0xFF000000u | BP_RGB_BACKGROUND;
	*need = (pixel_box){ ix1, iy1, ix0, iy0 };
	for (int yy = iy0; yy < iy1; yy++) {
		const uint32_t *row = (const uint32_t *)(data + (size_t)yy * (size_t)stride);
		for (int xx = ix0; xx < ix1; xx++)
			if (row[xx] != bg) {
				need->x0 = xx < need->x0 ? xx : need->x0;
				need->x1 = xx + 1 > need->x1 ? xx + 1 : need->x1;
				need->y0 = yy < need->y0 ? yy : need->y0;
				need->y1 = yy + 1;
			}
	}
	return need->x0 < need->x1;
}

/* The halo as it always was: the outlines stroked on cr. */
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

/* A kept mask: the halo's coverage for one transformation and pixel phase. */
typedef struct halo_mask {
	double xx, yx, xy, yy; /* cr's linear transformation */
	double fx, fy;         /* the label's origin within its device pixel, [0, 1) */
	int bx, by;            /* the mask's top left, relative to the origin's pixel */
	cairo_surface_t *mask; /* A8 */
} halo_mask;

typedef struct halo_masks {
	guint serial; /* the layout's serial the masks were drawn from */
	int n, next;  /* masks kept; the one replaced when full */
	halo_mask m[MASKS_PER_LAYOUT];
} halo_masks;

static void masks_clear(halo_masks *hm)
{
	for (int i = 0; i < hm->n; i++)
		cairo_surface_destroy(hm->m[i].mask);
	hm->n = hm->next = 0;
}

static void masks_free(gpointer p)
{
	masks_clear(p);
	g_free(p);
}

/*
 * The halo's coverage drawn into a new A8 mask whose top left is (bx, by)
 * relative to the pixel of the label's origin, w x h pixels: the outlines
 * stroked with cr's linear transformation, the label's origin at (fx, fy)
 * inside a pixel.  A mask of part of the halo holds the same coverage there
 * as the whole one but on its outermost pixels (PART_RING says why): the
 * mask is only moved by whole pixels, which shifts Cairo's fixed-point
 * coordinates exactly (checked: bench/render_bench.c's digests).  So a
 * chart's pixels never depend on which charts came before it.
 */
static int draw_mask(PangoLayout *l, const cairo_matrix_t *m, double fx, double fy, int bx, int by,
                     int w, int h, halo_mask *out)
{
	cairo_surface_t *mask = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
	cairo_t *mcr = cairo_create(mask);
	cairo_matrix_t mm;
	cairo_matrix_init(&mm, m->xx, m->yx, m->xy, m->yy, fx - bx, fy - by);
	cairo_set_matrix(mcr, &mm);
	cairo_move_to(mcr, 0, 0);
	pango_cairo_layout_path(mcr, l);
	cairo_set_line_width(mcr, HALO_WIDTH);
	cairo_set_line_join(mcr, CAIRO_LINE_JOIN_ROUND);
	cairo_stroke(mcr);
	int ok = cairo_status(mcr) == CAIRO_STATUS_SUCCESS;
	cairo_destroy(mcr);
	if (!ok) {
		cairo_surface_destroy(mask);
		return 0;
	}
	cairo_surface_flush(mask);
	*out = (halo_mask){ m->xx, m->yx, m->xy, m->yy, fx, fy, bx, by, mask };
	return 1;
}

/*
 * The kept mask for the key that holds the halo over the pixels in need
 * (relative to the origin's pixel), drawn and kept first if there is none;
 * NULL if it cannot be drawn.  A mask is drawn for the pixels in need and
 * PART_RING around them, not for the whole halo: stroking a label's
 * outlines was a third of a chart's time when its labels are new (each
 * value label of a batch of rankings of other data), and most labels cross
 * only a 1-pixel gridline, a reference line or a bar's end, so the part is
 * a few pixels wide and the stroke's curves away from it are cut short.  A
 * kept mask serves any later need inside it within its ring: its other
 * pixels there are background or beyond the stroke, as for the first.
 */
static const halo_mask *mask_for(PangoLayout *l, const cairo_matrix_t *m, double fx, double fy,
                                 const pixel_box *need)
{
	static gsize q_once;   /* set once for all drawing threads */
	if (g_once_init_enter(&q_once))
		g_once_init_leave(&q_once, g_quark_from_static_string("bp-halo-masks"));
	GQuark q = (GQuark)q_once;
	halo_masks *hm = g_object_get_qdata(G_OBJECT(l), q);
	if (!hm) {
		hm = g_new0(halo_masks, 1);
		g_object_set_qdata_full(G_OBJECT(l), q, hm, masks_free);
	}
	/* A layout whose context changed is laid out again: its old masks are stale. */
	guint serial = pango_layout_get_serial(l);
	if (hm->serial != serial) {
		masks_clear(hm);
		hm->serial = serial;
	}
	for (int i = 0; i < hm->n; i++) {
		const halo_mask *k = &hm->m[i];
		if (k->fx == fx && k->fy == fy && k->xx == m->xx && k->yx == m->yx && k->xy == m->xy &&
		    k->yy == m->yy && need->x0 >= k->bx + PART_RING && need->y0 >= k->by + PART_RING &&
		    need->x1 <= k->bx + cairo_image_surface_get_width(k->mask) - PART_RING &&
		    need->y1 <= k->by + cairo_image_surface_get_height(k->mask) - PART_RING)
			return k;
	}
	halo_mask made;
	if (!draw_mask(l, m, fx, fy, need->x0 - PART_RING, need->y0 - PART_RING,
	               need->x1 - need->x0 + 2 * PART_RING, need->y1 - need->y0 + 2 * PART_RING, &made))
		return NULL;
	int i;
	if (hm->n < MASKS_PER_LAYOUT) {
		i = hm->n++;
	} else {
		i = hm->next;
		hm->next = (i + 1) % MASKS_PER_LAYOUT;
		cairo_surface_destroy(hm->m[i].mask);
	}
	hm->m[i] = made;
	return &hm->m[i];
}

/* x / 255 rounded as Cairo's span fill does it: add 127, then divide by 255 as (t + t / 256) / 256. */
static unsigned div255(unsigned x)
{
	unsigned t = x + 127;
	return (t + (t >> 8)) >> 8;
}

/*
 * The background colour painted onto the target (a plain image surface)
 * through a kept mask, its top left at device pixel (ox, oy), with the
 * arithmetic of Cairo's fill of an opaque colour through partial coverage
 * a (what cairo_stroke does for the halo): per channel
 * div255(s a) + div255(d (255 - a)), at most 255, and s where a is 255.
 * cairo_mask_surface would composite through pixman, which rounds the
 * other way (add 128): one grey level lighter on about one pixel of a
 * label in six.
 */
static void paint_through(cairo_surface_t *s, const halo_mask *k, int ox, int oy)
{
	const uint32_t src = 0xFF000000u | BP_RGB_BACKGROUND;
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	int mw = cairo_image_surface_get_width(k->mask), mh = cairo_image_surface_get_height(k->mask);
	int mstride = cairo_image_surface_get_stride(k->mask);
	const unsigned char *mdata = cairo_image_surface_get_data(k->mask);
	int x0 = ox < 0 ? -ox : 0, y0 = oy < 0 ? -oy : 0;
	int x1 = ox + mw > w ? w - ox : mw, y1 = oy + mh > h ? h - oy : mh;
	if (x0 >= x1 || y0 >= y1)
		return;
	cairo_surface_flush(s);
	unsigned char *data = cairo_image_surface_get_data(s);
	for (int my = y0; my < y1; my++) {
		const unsigned char *m = mdata + (size_t)my * (size_t)mstride;
		uint32_t *d = (uint32_t *)(data + (size_t)(oy + my) * (size_t)stride) + ox;
		for (int mx = x0; mx < x1; mx++) {
			unsigned a = m[mx];
			if (a == 0)
				continue;
			if (a == 255) {
				d[mx] = src;
				continue;
			}
			uint32_t p = 0;
			for (int sh = 0; sh < 32; sh += 8) {
				unsigned c = div255((src >> sh & 0xFF) * a) + div255((d[mx] >> sh & 0xFF) * (255 - a));
				p |= (uint32_t)(c > 255 ? 255 : c) << sh;
			}
			d[mx] = p;
		}
	}
	cairo_surface_mark_dirty_rectangle(s, ox + x0, oy + y0, x1 - x0, y1 - y0);
}

/*
 * 1 when the clip leaves every pixel of cr's target whole (no clip, or
 * pixel-aligned rectangles covering it): the mask is painted around Cairo,
 * so it could not honour a clip.  A clip through part of a pixel (a chart
 * scaled onto a page) is not representable as rectangles and gets the stroke.
 */
static int unclipped(cairo_t *cr)
{
	cairo_surface_t *s = cairo_get_target(cr);
	cairo_save(cr);
	cairo_identity_matrix(cr);
	cairo_rectangle_list_t *rl = cairo_copy_clip_rectangle_list(cr);
	cairo_restore(cr);
	int whole = rl->status == CAIRO_STATUS_SUCCESS && rl->num_rectangles == 1 &&
	            rl->rectangles[0].x <= 0 && rl->rectangles[0].y <= 0 &&
	            rl->rectangles[0].x + rl->rectangles[0].width >= cairo_image_surface_get_width(s) &&
	            rl->rectangles[0].y + rl->rectangles[0].height >= cairo_image_surface_get_height(s);
	cairo_rectangle_list_destroy(rl);
	return whole;
}

void bp_show_with_halo(cairo_t *cr, PangoLayout *l, double x, double y, unsigned rgb)
{
	if (bp_svgtext_show(cr, l, x, y, rgb, 1))
		return; /* an SVG chart: a <text> with stroke under fill (svgtext.h) */
	if (!plain_image_target(cr)) {
		if (cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF)
			box_halo(cr, l, x, y);
		else
			stroke_halo(cr, l, x, y);
		bp_show(cr, l, x, y, rgb);
		return;
	}
	cairo_matrix_t m;
	cairo_get_matrix(cr, &m);
	double dx = x, dy = y;
	cairo_user_to_device(cr, &dx, &dy);
	pixel_box need;
	if (halo_needed(cr, l, &m, dx, dy, &need)) {
		double px = floor(dx), py = floor(dy);
		/* The pixels in need, relative to the origin's pixel. */
		pixel_box rel = { need.x0 - (int)px, need.y0 - (int)py, need.x1 - (int)px, need.y1 - (int)py };
		const halo_mask *k = unclipped(cr) ? mask_for(l, &m, dx - px, dy - py, &rel) : NULL;
		if (k)
			paint_through(cairo_get_target(cr), k, (int)px + k->bx, (int)py + k->by);
		else
			stroke_halo(cr, l, x, y);
	}
	bp_show(cr, l, x, y, rgb);
}
