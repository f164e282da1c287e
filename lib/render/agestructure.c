/*
 * agestructure.c: the age-structure chart (see agestructure.h).
 *
 * Bars with reference markers rather than a population pyramid: KWB has
 * no age groups by sex per wijk or buurt, and five shares side by side are
 * read most exactly against a common baseline at 0.
 */
#include "render/agestructure.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_WIDTH 800
#define MIN_PLOT_W 140.0
#define COL_GAP 14.0
#define ROW_H 34.0
#define BAR_H 18.0
#define MARK_OVER 5.0      /* a marker reaches this far above and below the bar */
#define NAME_MAX_W 120.0   /* column heads end in an ellipsis beyond this */
#define TARGET_TICKS 5
#define TEXT_LEN 256
#define MISSING_TEXT "geen gegevens"

const char *const bp_age_kwb_groups[BP_AGE_KWB_GROUPS] = {
	"0 tot 15 jaar", "15 tot 25 jaar", "25 tot 45 jaar", "45 tot 65 jaar", "65 jaar of ouder",
};

static double share_of(const bp_age_series *s, size_t i)
{
	return s->share ? s->share[i] : NAN;
}

static void pct_text(bp_lang lang, char *buf, size_t size, double v, int decimals)
{
	if (isfinite(v))
		bp_value_text_lang(lang, buf, size, v, decimals, "%");
	else
		snprintf(buf, size, "\u2013");
}

bp_rc bp_agestructure_layout_with(const bp_agestructure *c, const bp_ink *k, bp_arena *a,
                                  bp_agestructure_layout *lay, bp_error *err)
{
	memset(lay, 0, sizeof(*lay));
	if (!c)
		return bp_fail(err, BP_ERR_INTERNAL, "no chart to draw");
	if (!c->groups || c->n_groups == 0)
		return bp_fail(err, BP_ERR_RENDER, "an age-structure chart needs age groups");
	if (c->n_refs > BP_AGE_MAX_REFS)
		return bp_fail(err, BP_ERR_RENDER, "an age-structure chart takes at most %d references, not %zu",
		               BP_AGE_MAX_REFS, c->n_refs);
	size_t n = c->n_groups, nr = c->n_refs;
	double width = c->width > 0 ? c->width : DEFAULT_WIDTH;
	lay->width = width;
	lay->n_groups = n;

	bp_frame fr;
	bp_frame_place(k, c->title, c->subtitle, width, &fr);
	lay->title_y = fr.title_y;
	lay->subtitle_y = fr.subtitle_y;
	lay->legend_y = fr.body_y;
	double legend_h = bp_text_height(k, BP_F_LEGEND, "Ag", 0);
	lay->head_y = lay->legend_y + legend_h + 14;
	double head_h = bp_text_height(k, BP_F_VALUE_BOLD, "Ag", 0);
	lay->plot_y0 = lay->head_y + head_h + 6;

	/* Value columns from the right: each as wide as its name (capped) or "100,0%". */
	char num[64];
	bp_value_text(num, sizeof(num), 100, c->decimals, "%");
	double num_w = bp_text_width(k, BP_F_VALUE_BOLD, num);
	double right = width - BP_MARGIN;
	for (size_t s = nr + 1; s-- > 0;) {
		char cut[BP_NAME_BUF]; /* a name from a file: bounded (canvas.h) */
		const char *name = bp_name_cut(cut, sizeof(cut), s == 0 ? c->area.label : c->refs[s - 1].label);
		double w = fmax(num_w, fmin(NAME_MAX_W, bp_text_width(k, BP_F_VALUE_BOLD, name)));
		lay->col_x[s] = right;
		right -= w + COL_GAP;
	}
	lay->label_x = BP_MARGIN;
	double lw = 0;
	for (size_t i = 0; i < n; i++)
		lw = fmax(lw, bp_text_width(k, BP_F_LABEL, c->groups[i]));
	lay->label_w = fmin(lw, 0.3 * width);
	lay->plot_x0 = lay->label_x + lay->label_w + COL_GAP;
	lay->plot_x1 = right - COL_GAP;
	if (lay->plot_x1 - lay->plot_x0 < MIN_PLOT_W)
		return bp_fail(err, BP_ERR_RENDER, "an age-structure chart %g wide has no room for its bars",
		               width);

	double hi = 0;
	for (size_t i = 0; i < n; i++) {
		if (isfinite(share_of(&c->area, i)))
			hi = fmax(hi, share_of(&c->area, i));
		for (size_t r = 0; r < nr; r++)
			if (isfinite(share_of(&c->refs[r], i)))
				hi = fmax(hi, share_of(&c->refs[r], i));
	}
	if (c->shared_max > hi)
		hi = c->shared_max;
	bp_scale sc;
	bp_nice_scale(0, hi > 0 ? hi : 10, TARGET_TICKS, &sc);
	lay->scale_max = sc.max;
	lay->tick_step = sc.step;
	lay->n_ticks = sc.n_ticks;
	lay->tick_decimals = sc.decimals;

	lay->row_h = ROW_H;
	lay->bar_h = BAR_H;
	lay->row_y = bp_arena_alloc(a, n * sizeof(double));
	lay->bar_x1 = bp_arena_alloc(a, n * sizeof(double));
	lay->ref_x = bp_arena_alloc(a, (nr ? nr : 1) * n * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		lay->row_y[i] = lay->plot_y0 + (double)i * ROW_H;
		double v = share_of(&c->area, i);
		lay->bar_x1[i] = isfinite(v) ? bp_scale_map(&sc, v, lay->plot_x0, lay->plot_x1) : NAN;
		for (size_t r = 0; r < nr; r++) {
			double rv = share_of(&c->refs[r], i);
			lay->ref_x[r * n + i] = isfinite(rv) ? bp_scale_map(&sc, rv, lay->plot_x0, lay->plot_x1) : NAN;
		}
	}
	lay->plot_y1 = lay->plot_y0 + (double)n * ROW_H;
	lay->axis_y = lay->plot_y1 + 4;
	double axis_h = bp_text_height(k, BP_F_TICK, "0", 0);
	lay->source_y = lay->axis_y + axis_h + 14;
	lay->height = ceil(lay->source_y + bp_source_height(k, c->source, width) + BP_MARGIN);
	return BP_OK;
}

bp_rc bp_agestructure_compute_layout(const bp_agestructure *chart, bp_arena *a,
                                     bp_agestructure_layout *lay, bp_error *err)
{
	bp_ink k = { 0 };
	bp_ink_open(&k);
	bp_rc rc = bp_agestructure_layout_with(chart, &k, a, lay, err);
	bp_ink_close(&k);
	return rc;
}

/* --- drawing ------------------------------------------------------------- */

static void marker_style(cairo_t *cr, size_t r)
{
	bp_set_line_style(cr, &bp_ref_styles[r % bp_n_ref_styles]);
	/* Thicker than a reference line across a chart: a marker is short. */
	cairo_set_line_width(cr, bp_ref_styles[r % bp_n_ref_styles].width + 1);
}

static void draw_legend(const bp_agestructure *c, const bp_agestructure_layout *lay, const bp_ink *k,
                        cairo_t *cr)
{
	double x = lay->plot_x0, y = lay->legend_y;
	double th;
	for (size_t s = 0; s <= c->n_refs; s++) {
		char cut[BP_NAME_BUF]; /* a name from a file: bounded (canvas.h) */
		const char *name = bp_name_cut(cut, sizeof(cut), s == 0 ? c->area.label : c->refs[s - 1].label);
		PangoLayout *l = bp_text(k, BP_F_LEGEND, name, NAME_MAX_W * 1.5, BP_FIT_ELLIPSIZE, PANGO_ALIGN_LEFT);
		double w;
		bp_text_size(l, &w, &th);
		cairo_save(cr);
		if (s == 0) {
			bp_set_rgb(cr, BP_AGE_RGB_BAR);
			cairo_rectangle(cr, x, y + th / 2 - 6, 18, 12);
			cairo_fill(cr);
		} else {
			marker_style(cr, s - 1);
			cairo_move_to(cr, x + 9, y - 1);
			cairo_line_to(cr, x + 9, y + th + 1);
			cairo_stroke(cr);
		}
		cairo_restore(cr);
		bp_show(cr, l, x + 24, y, BP_RGB_TEXT);
		g_object_unref(l);
		x += 24 + w + 22;
	}
}

static void draw_grid(const bp_agestructure *c, const bp_agestructure_layout *lay, const bp_ink *k,
                      cairo_t *cr)
{
	bp_scale sc = { 0, lay->scale_max, lay->tick_step, lay->n_ticks, lay->tick_decimals };
	cairo_save(cr);
	cairo_set_line_width(cr, 1);
	for (int t = 0; t < lay->n_ticks; t++) {
		double v = bp_scale_tick(&sc, t);
		double x = bp_crisp(bp_scale_map(&sc, v, lay->plot_x0, lay->plot_x1));
		bp_set_rgb(cr, t == 0 ? BP_RGB_ZERO : BP_RGB_GRID);
		cairo_move_to(cr, x, lay->plot_y0 - 2);
		cairo_line_to(cr, x, lay->plot_y1);
		cairo_stroke(cr);
		char buf[64];
		bp_value_text_lang(c->lang, buf, sizeof(buf), v, lay->tick_decimals, "%");
		PangoLayout *l = bp_text(k, BP_F_TICK, buf, 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
		double w;
		bp_text_size(l, &w, NULL);
		bp_show(cr, l, x - w / 2, lay->axis_y, BP_RGB_SUBTLE);
		g_object_unref(l);
	}
	cairo_restore(cr);
}

static void draw_rows(const bp_agestructure *c, const bp_agestructure_layout *lay, const bp_ink *k,
                      cairo_t *cr)
{
	size_t n = lay->n_groups;
	/* column heads */
	for (size_t s = 0; s <= c->n_refs; s++) {
		char cut[BP_NAME_BUF]; /* a name from a file: bounded (canvas.h) */
		const char *name = bp_name_cut(cut, sizeof(cut), s == 0 ? c->area.label : c->refs[s - 1].label);
		PangoLayout *l = bp_text(k, s == 0 ? BP_F_VALUE_BOLD : BP_F_VALUE, name, NAME_MAX_W,
		                         BP_FIT_ELLIPSIZE, PANGO_ALIGN_LEFT);
		double w;
		bp_text_size(l, &w, NULL);
		bp_show(cr, l, lay->col_x[s] - w, lay->head_y, s == 0 ? BP_RGB_TEXT : BP_RGB_SUBTLE);
		g_object_unref(l);
	}
	for (size_t i = 0; i < n; i++) {
		double top = lay->row_y[i], mid = top + ROW_H / 2;
		double h;
		PangoLayout *l = bp_text(k, BP_F_LABEL, c->groups[i], lay->label_w, BP_FIT_ELLIPSIZE,
		                         PANGO_ALIGN_LEFT);
		bp_text_size(l, NULL, &h);
		bp_show(cr, l, lay->label_x, mid - h / 2, BP_RGB_TEXT);
		g_object_unref(l);

		if (isfinite(lay->bar_x1[i])) {
			bp_set_rgb(cr, BP_AGE_RGB_BAR);
			cairo_rectangle(cr, lay->plot_x0, mid - BAR_H / 2, lay->bar_x1[i] - lay->plot_x0, BAR_H);
			cairo_fill(cr);
		} else {
			l = bp_text(k, BP_F_NOTE, bp_has_text(c->missing_text) ? c->missing_text : bp_tr(c->lang, MISSING_TEXT),
			            lay->plot_x1 - lay->plot_x0 - 8, BP_FIT_ELLIPSIZE, PANGO_ALIGN_LEFT);
			bp_text_size(l, NULL, &h);
			bp_show(cr, l, lay->plot_x0 + 6, mid - h / 2, BP_RGB_MISSING);
			g_object_unref(l);
		}
		for (size_t r = 0; r < c->n_refs; r++) {
			double x = lay->ref_x[r * n + i];
			if (!isfinite(x))
				continue;
			cairo_save(cr);
			/* A white rim keeps the marker visible over the bar's blue. */
			cairo_set_source_rgb(cr, 1, 1, 1);
			cairo_set_line_width(cr, bp_ref_styles[r % bp_n_ref_styles].width + 3);
			cairo_move_to(cr, x, mid - BAR_H / 2 - MARK_OVER);
			cairo_line_to(cr, x, mid + BAR_H / 2 + MARK_OVER);
			cairo_stroke(cr);
			marker_style(cr, r);
			cairo_move_to(cr, x, mid - BAR_H / 2 - MARK_OVER);
			cairo_line_to(cr, x, mid + BAR_H / 2 + MARK_OVER);
			cairo_stroke(cr);
			cairo_restore(cr);
		}
		for (size_t s = 0; s <= c->n_refs; s++) {
			char buf[64];
			pct_text(c->lang, buf, sizeof(buf), share_of(s == 0 ? &c->area : &c->refs[s - 1], i), c->decimals);
			l = bp_text(k, s == 0 ? BP_F_VALUE_BOLD : BP_F_VALUE, buf, 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
			double w;
			bp_text_size(l, &w, &h);
			bp_show(cr, l, lay->col_x[s] - w, mid - h / 2, s == 0 ? BP_RGB_TEXT : BP_RGB_SUBTLE);
			g_object_unref(l);
		}
	}
}

void bp_agestructure_draw(const bp_agestructure *c, const bp_agestructure_layout *lay,
                          const bp_ink *k, cairo_t *cr)
{
	bp_frame fr = { lay->title_y, lay->subtitle_y, 0 };
	bp_frame_draw(k, cr, c->title, c->subtitle, lay->width, &fr);
	draw_legend(c, lay, k, cr);
	draw_grid(c, lay, k, cr);
	draw_rows(c, lay, k, cr);
	bp_source_draw(k, cr, c->source, lay->width, lay->source_y);
}

/* --- output -------------------------------------------------------------- */

static bp_rc ops_layout(const void *chart, const bp_ink *k, bp_arena *a, void **lay,
                        double *width, double *height, bp_error *err)
{
	bp_agestructure_layout *l = bp_arena_alloc(a, sizeof(*l));
	bp_rc rc = bp_agestructure_layout_with(chart, k, a, l, err);
	*lay = l;
	*width = l->width;
	*height = l->height;
	return rc;
}

static void ops_draw(const void *chart, const void *lay, const bp_ink *k, cairo_t *cr)
{
	bp_set_rgb(cr, BP_RGB_BACKGROUND);
	cairo_paint(cr);
	bp_agestructure_draw(chart, lay, k, cr);
}

static const bp_chart_ops AGE_OPS = { ops_layout, ops_draw };

const bp_chart_ops *bp_agestructure_ops(void)
{
	return &AGE_OPS;
}

bp_rc bp_agestructure_render(const bp_agestructure *chart, bp_image_format fmt, unsigned char **out,
                             size_t *len, bp_error *err)
{
	return bp_canvas_render(&AGE_OPS, chart, chart ? chart->title : NULL, fmt, out, len, err);
}

bp_rc bp_agestructure_write(const bp_agestructure *chart, bp_image_format fmt, const char *path,
                            bp_error *err)
{
	return bp_canvas_write(&AGE_OPS, chart, chart ? chart->title : NULL, fmt, path, err);
}
