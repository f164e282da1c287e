/*
 * glyphrun.c: a label's glyphs drawn by Cairo directly (see glyphrun.h).
 *
 * Why: for a label drawn once (a batch of rankings of other areas: every
 * name and value new), Pango's renderer walked the layout's lines and runs,
 * converted each run's glyphs and set its font again at each draw; the
 * halo drew the label 13 times (halo.c).  Here that walk is done once per
 * layout and both draw straight from the kept arrays.
 *
 * The positions are those of Pango's renderer (pango_renderer_draw_layout,
 * pango_cairo's show_text_glyphs in Pango 1.50): each line at its logical
 * x and baseline, each run after the logical widths of the runs before it
 * on the line, each glyph after the widths of the glyphs before it in its
 * run plus its own offset; all in Pango units (1/1024), so the sums are
 * exact in double and a glyph lands on the same device position either
 * way (the render tests compare the PNG with the drawing through a
 * recording surface, where Pango's renderer draws, pixel for pixel).
 */
#include "render/glyphrun.h"
#include "render/oneline.h"

#include <math.h>
#include <string.h>

/*
 * One font run of a layout.  glyphs: relative to the layout's origin, x as
 * the run's x then the glyph's within the run and y as the baseline then the
 * glyph's offset, each in Pango units, added to the origin in that order as
 * Pango's renderer adds them (so that the doubles are the same).
 */
typedef struct run {
	cairo_scaled_font_t *font;
	int n;
	int x, y;                /* the run's x, its line's baseline */
	int *dx, *dy;            /* each glyph's x within the run, its y offset */
	unsigned long *index;
	cairo_glyph_t *around;   /* n * n_around copies for the halo, made on first use */
	double *reach;           /* with around: per glyph x0, y0, x1, y1 its copies can touch */
} run;

typedef struct glyphs {
	guint serial;        /* the layout's serial they were taken from */
	int taken;           /* 1 once taken for serial */
	int drawable;        /* 0: a glyph Pango draws otherwise */
	int n_runs;
	run *runs;
	const double (*offsets)[2]; /* what around was made for */
	int n_around;
} glyphs;

static void glyphs_clear(glyphs *g)
{
	for (int i = 0; i < g->n_runs; i++) {
		cairo_scaled_font_destroy(g->runs[i].font);
		g_free(g->runs[i].dx);
		g_free(g->runs[i].dy);
		g_free(g->runs[i].index);
		g_free(g->runs[i].around);
		g_free(g->runs[i].reach);
	}
	g_free(g->runs);
	memset(g, 0, sizeof(*g));
}

static void glyphs_free(gpointer p)
{
	glyphs_clear(p);
	g_free(p);
}

static run *add_run(glyphs *g, int *cap)
{
	if (g->n_runs == *cap) {
		*cap = *cap ? 2 * *cap : 4;
		g->runs = g_renew(run, g->runs, *cap);
	}
	run *r = &g->runs[g->n_runs++];
	memset(r, 0, sizeof(*r));
	return r;
}

/*
 * One run of glyphs gs in font pf at (x, base) into g: 0 when it cannot be
 * drawn as Cairo glyphs.
 */
static int take_run(glyphs *g, int *cap, PangoFont *pf, const PangoGlyphString *gs, int x, int base)
{
	cairo_scaled_font_t *sf = pf && PANGO_IS_CAIRO_FONT(pf) ? pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(pf))
	                                                         : NULL;
	if (!sf || cairo_scaled_font_status(sf) != CAIRO_STATUS_SUCCESS)
		return 0;
	run *r = add_run(g, cap);
	r->font = cairo_scaled_font_reference(sf);
	size_t cap_g = gs->num_glyphs > 0 ? (size_t)gs->num_glyphs : 1;
	r->dx = g_new(int, cap_g);
	r->dy = g_new(int, cap_g);
	r->index = g_new(unsigned long, cap_g);
	r->x = x;
	r->y = base;
	int xp = 0;
	for (int i = 0; i < gs->num_glyphs; i++) {
		const PangoGlyphInfo *info = &gs->glyphs[i];
		if (info->glyph & PANGO_GLYPH_UNKNOWN_FLAG)
			return 0; /* Pango draws a box with the code point */
		if (info->glyph != PANGO_GLYPH_EMPTY) {
			r->index[r->n] = info->glyph;
			r->dx[r->n] = xp + info->geometry.x_offset;
			r->dy[r->n++] = info->geometry.y_offset;
		}
		xp += info->geometry.width;
	}
	return 1;
}

/* l's runs into g; 0 when one cannot be drawn as Cairo glyphs. */
static int take(PangoLayout *l, glyphs *g)
{
	int cap = 0, ok = 1;
	/* A label shaped by oneline.c: its one run, at x 0 on its baseline, without laying l out. */
	const bp_oneline *o = bp_oneline_of(l);
	if (o)
		return take_run(g, &cap, o->font, o->glyphs, 0, o->baseline);
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		int base = pango_layout_iter_get_baseline(it);
		int x_off = 0;
		for (GSList *ls = line->runs; ls && ok; ls = ls->next) {
			PangoGlyphItem *gi = ls->data;
			ok = take_run(g, &cap, gi->item->analysis.font, gi->glyphs, logical.x + x_off, base);
			x_off += pango_glyph_string_get_width(gi->glyphs);
		}
	} while (ok && pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return ok;
}

/* l's glyphs, taken and kept with l first if they are not; NULL when not drawable. */
static glyphs *glyphs_of(PangoLayout *l)
{
	static gsize q_once; /* set once for all drawing threads */
	if (g_once_init_enter(&q_once))
		g_once_init_leave(&q_once, g_quark_from_static_string("bp-glyphs"));
	GQuark q = (GQuark)q_once;
	glyphs *g = g_object_get_qdata(G_OBJECT(l), q);
	if (!g) {
		g = g_new0(glyphs, 1);
		g_object_set_qdata_full(G_OBJECT(l), q, g, glyphs_free);
	}
	/* A layout whose context changed is laid out again: its glyphs are taken again. */
	guint serial = pango_layout_get_serial(l);
	if (!g->taken || g->serial != serial) {
		glyphs_clear(g);
		g->drawable = take(l, g);
		g->serial = serial;
		g->taken = 1;
	}
	return g->drawable ? g : NULL;
}

/* Run r's glyphs with the layout's origin at (x, y), as Pango's renderer computes them. */
static void place(const run *r, double x, double y, cairo_glyph_t *out)
{
	double bx = x + (double)r->x / PANGO_SCALE, by = y + (double)r->y / PANGO_SCALE;
	for (int j = 0; j < r->n; j++)
		out[j] = (cairo_glyph_t){ r->index[j], bx + (double)r->dx[j] / PANGO_SCALE,
		                          by + (double)r->dy[j] / PANGO_SCALE };
}

int bp_glyphs_show(cairo_t *cr, PangoLayout *l, double x, double y)
{
	glyphs *g = glyphs_of(l);
	if (!g)
		return 0;
	/* Pango starts from cr's current point (bp_show's move_to), which Cairo
	 * keeps in device space in 24.8 fixed point, rounded to nearest even: so
	 * does this, so that a label at x.5 lands on the pixel Pango's would,
	 * without touching cr's path. */
	cairo_user_to_device(cr, &x, &y);
	x = nearbyint(x * 256) / 256;
	y = nearbyint(y * 256) / 256;
	cairo_device_to_user(cr, &x, &y);
	cairo_glyph_t stack[128];
	for (int i = 0; i < g->n_runs; i++) {
		const run *r = &g->runs[i];
		if (!r->n)
			continue;
		cairo_glyph_t *gl = r->n <= 128 ? stack : g_new(cairo_glyph_t, r->n);
		place(r, x, y, gl);
		cairo_set_scaled_font(cr, r->font);
		cairo_show_glyphs(cr, gl, r->n);
		if (gl != stack)
			g_free(gl);
	}
	return 1;
}

/*
 * How far beyond a glyph's ink box its copies can change pixels, in user
 * units: the farthest offset (1.5), a pixel of antialiasing and the half
 * pixel an image surface rounds a glyph's position by.
 */
#define REACH_MARGIN 3.0

/* Run r's copies at the n offsets, and each glyph's reach (see run). */
static void make_around(run *r, const double (*offsets)[2], int n)
{
	g_free(r->around);
	g_free(r->reach);
	r->around = g_new(cairo_glyph_t, (size_t)r->n * (size_t)n + 1);
	r->reach = g_new(double, 4 * (size_t)r->n + 1);
	for (int k = 0; k < n; k++)
		place(r, offsets[k][0], offsets[k][1], r->around + (size_t)k * (size_t)r->n);
	double reach = 0;
	for (int k = 0; k < n; k++)
		reach = fmax(reach, fmax(fabs(offsets[k][0]), fabs(offsets[k][1])));
	reach += REACH_MARGIN - 1.5;
	cairo_glyph_t at[1];
	for (int j = 0; j < r->n; j++) {
		cairo_text_extents_t e;
		at[0] = (cairo_glyph_t){ r->index[j], 0, 0 };
		cairo_scaled_font_glyph_extents(r->font, at, 1, &e);
		double gx = (double)(r->x + r->dx[j]) / PANGO_SCALE, gy = (double)(r->y + r->dy[j]) / PANGO_SCALE;
		double *b = r->reach + 4 * (size_t)j;
		b[0] = gx + e.x_bearing - reach;
		b[1] = gy + e.y_bearing - reach;
		b[2] = gx + e.x_bearing + e.width + reach;
		b[3] = gy + e.y_bearing + e.height + reach;
	}
}

/*
 * The copies are made once relative to the origin and drawn with cr
 * translated to it: the halo is drawn only this way (on every surface but
 * SVG and PDF), so it needs no agreement with Pango's sums.
 *
 * With needed, only the copies of the glyphs whose reach it accepts, in
 * the same order (offset by offset): glyphrun.h says why that gives the
 * same pixels.
 */
int bp_glyphs_show_around(cairo_t *cr, PangoLayout *l, double x, double y, const double (*offsets)[2],
                          int n, bp_glyph_reach_fn needed, void *ctx)
{
	glyphs *g = glyphs_of(l);
	if (!g)
		return 0;
	if (g->offsets != offsets || g->n_around != n) {
		for (int i = 0; i < g->n_runs; i++)
			make_around(&g->runs[i], offsets, n);
		g->offsets = offsets;
		g->n_around = n;
	}
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_glyph_t stack[512];
	unsigned char keep[128];
	for (int i = 0; i < g->n_runs; i++) {
		const run *r = &g->runs[i];
		if (!r->n)
			continue;
		const cairo_glyph_t *show = r->around;
		int n_show = r->n * n, n_keep = r->n;
		cairo_glyph_t *sel = NULL;
		if (needed && r->n <= (int)sizeof(keep)) {
			n_keep = 0;
			for (int j = 0; j < r->n; j++) {
				const double *b = r->reach + 4 * (size_t)j;
				keep[j] = (unsigned char)(needed(ctx, b[0], b[1], b[2], b[3]) != 0);
				n_keep += keep[j];
			}
		}
		if (n_keep == 0)
			continue;
		if (n_keep < r->n) {
			n_show = n_keep * n;
			sel = n_show <= (int)(sizeof(stack) / sizeof(stack[0])) ? stack : g_new(cairo_glyph_t, n_show);
			int m = 0;
			for (int k = 0; k < n; k++)
				for (int j = 0; j < r->n; j++)
					if (keep[j])
						sel[m++] = r->around[(size_t)k * (size_t)r->n + (size_t)j];
			show = sel;
		}
		cairo_set_scaled_font(cr, r->font);
		cairo_show_glyphs(cr, show, n_show);
		if (sel && sel != stack)
			g_free(sel);
	}
	cairo_restore(cr);
	return 1;
}
