#include "render/placebo.h"

#include <math.h>
#include <stdio.h>

#define ROW_H 24.0
#define DOT_R 5.0
#define C_BAND 0xEDEDED

typedef struct placebo_layout {
	double width, height;
	bp_frame fr;
	double label_w;          /* the name column */
	double x0, x1;           /* the scale's ends */
	double rows_y;           /* top of the first row */
	double axis_y;           /* the tick labels */
	double legend_y;
	double source_y;
	bp_scale scale;
} placebo_layout;

static bp_rc layout(const void *chart, const bp_ink *k, bp_arena *a, void **out, double *width,
                    double *height, bp_error *err)
{
	const bp_placebo_chart *c = chart;
	placebo_layout *l = bp_arena_alloc(a, sizeof(*l));
	*out = l;
	if (!isfinite(c->target))
		return bp_fail(err, BP_ERR_RENDER, "placebo chart: the estimate is not a number");
	l->width = c->width > 0 ? c->width : 800;
	bp_frame_place(k, c->title, c->subtitle, l->width, &l->fr);

	/* The scale covers the estimate, every placebo, the band and zero. */
	double lo = fmin(0, c->target), hi = fmax(0, c->target);
	for (size_t i = 0; i < c->n; i++)
		if (isfinite(c->values[i])) {
			lo = fmin(lo, c->values[i]);
			hi = fmax(hi, c->values[i]);
		}
	if (c->has_band) {
		lo = fmin(lo, c->band_lo);
		hi = fmax(hi, c->band_hi);
	}
	bp_nice_scale(lo, hi, 6, &l->scale);

	double lw = bp_text_width(k, BP_F_LABEL_BOLD, c->target_label);
	for (size_t i = 0; i < c->n; i++)
		lw = fmax(lw, bp_text_width(k, BP_F_LABEL, c->labels[i]));
	l->label_w = fmin(lw, 0.35 * l->width);
	l->x0 = BP_MARGIN + l->label_w + 24;
	l->x1 = l->width - BP_MARGIN - 24;
	if (l->x1 - l->x0 < 120)
		return bp_fail(err, BP_ERR_RENDER, "placebo chart: %g wide is too narrow", l->width);
	l->rows_y = l->fr.body_y;
	l->axis_y = l->rows_y + (double)(c->n + 1) * ROW_H + 6;
	l->legend_y = l->axis_y + bp_text_height(k, BP_F_TICK, "0", 0) + 10;
	l->source_y = l->legend_y + bp_text_height(k, BP_F_LEGEND, "Xg", 0) + 10;
	l->height = ceil(l->source_y + bp_source_height(k, c->source, l->width) + BP_MARGIN);
	*width = l->width;
	*height = l->height;
	return BP_OK;
}

static double xmap(const placebo_layout *l, double v)
{
	return bp_scale_map(&l->scale, v, l->x0, l->x1);
}

static void row(const bp_placebo_chart *c, const placebo_layout *l, const bp_ink *k, cairo_t *cr, size_t i,
                const char *label, double v, int target)
{
	double cy = l->rows_y + ((double)i + 0.5) * ROW_H;
	enum bp_font f = target ? BP_F_LABEL_BOLD : BP_F_LABEL;
	/* Left-aligned in a layout as wide as the text, then placed against the column's right edge. */
	PangoLayout *t = bp_text(k, f, label, l->label_w, BP_FIT_ELLIPSIZE, PANGO_ALIGN_LEFT);
	double w, h;
	bp_text_size(t, &w, &h);
	bp_show(cr, t, BP_MARGIN + l->label_w - w, cy - h / 2, BP_RGB_TEXT);
	g_object_unref(t);
	if (!isfinite(v))
		return;
	double x = xmap(l, v);
	/* A thin line from zero makes the size of each estimate readable without colour. */
	bp_set_rgb(cr, target ? BP_RGB_BLUE : BP_RGB_MISSING);
	cairo_set_line_width(cr, target ? 2 : 1);
	cairo_move_to(cr, xmap(l, 0), cy);
	cairo_line_to(cr, x, cy);
	cairo_stroke(cr);
	cairo_arc(cr, x, cy, target ? DOT_R + 1.5 : DOT_R, 0, 2 * M_PI);
	cairo_fill(cr);
	char buf[64];
	bp_value_text_lang(c->lang, buf, sizeof(buf), v, c->decimals, c->unit);
	PangoLayout *vl = bp_text(k, target ? BP_F_VALUE_BOLD : BP_F_VALUE, buf, 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
	bp_text_size(vl, &w, &h);
	double vx = v >= 0 ? x + DOT_R + 5 : x - DOT_R - 5 - w;
	/* Never over the names, never past the edge. */
	if (vx + w > l->width - 2)
		vx = x - DOT_R - 5 - w;
	if (vx < l->x0 - 6)
		vx = x + DOT_R + 5;
	bp_show_with_halo(cr, vl, vx, cy - h / 2, target ? BP_RGB_BLUE : BP_RGB_TEXT);
	g_object_unref(vl);
}

static void draw(const void *chart, const void *lay, const bp_ink *k, cairo_t *cr)
{
	const bp_placebo_chart *c = chart;
	const placebo_layout *l = lay;
	char buf[64];
	bp_set_rgb(cr, BP_RGB_BACKGROUND);
	cairo_paint(cr);
	bp_frame_draw(k, cr, c->title, c->subtitle, l->width, &l->fr);

	double top = l->rows_y, bottom = l->rows_y + (double)(c->n + 1) * ROW_H;
	if (c->has_band) {
		bp_set_rgb(cr, C_BAND);
		double bx0 = xmap(l, c->band_lo), bx1 = xmap(l, c->band_hi);
		cairo_rectangle(cr, bx0, top, fmax(bx1 - bx0, 1), bottom - top);
		cairo_fill(cr);
	}
	cairo_set_line_width(cr, 1);
	for (int i = 0; i < l->scale.n_ticks; i++) {
		double v = bp_scale_tick(&l->scale, i), x = bp_crisp(xmap(l, v));
		bp_set_rgb(cr, fabs(v) < 1e-12 ? BP_RGB_ZERO : BP_RGB_GRID);
		cairo_move_to(cr, x, top);
		cairo_line_to(cr, x, bottom);
		cairo_stroke(cr);
		bp_value_text_lang(c->lang, buf, sizeof(buf), v, l->scale.decimals, NULL);
		PangoLayout *t = bp_text(k, BP_F_TICK, buf, 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
		double w;
		bp_text_size(t, &w, NULL);
		bp_show(cr, t, x - w / 2, l->axis_y, BP_RGB_SUBTLE);
		g_object_unref(t);
	}
	row(c, l, k, cr, 0, c->target_label, c->target, 1);
	for (size_t i = 0; i < c->n; i++)
		row(c, l, k, cr, i + 1, c->labels[i], c->values[i], 0);

	/* Legend: the band's swatch and name, so that grey needs no guessing. */
	double x = BP_MARGIN;
	if (c->has_band && bp_has_text(c->band_label)) {
		bp_set_rgb(cr, C_BAND);
		cairo_rectangle(cr, x, l->legend_y + 2, 22, 12);
		cairo_fill(cr);
		bp_set_rgb(cr, BP_RGB_ZERO);
		cairo_rectangle(cr, x + 0.5, l->legend_y + 2.5, 21, 11);
		cairo_stroke(cr);
		PangoLayout *t = bp_text(k, BP_F_LEGEND, c->band_label, l->width - x - 30 - BP_MARGIN,
		                         BP_FIT_ELLIPSIZE, PANGO_ALIGN_LEFT);
		bp_show(cr, t, x + 30, l->legend_y, BP_RGB_TEXT);
		g_object_unref(t);
	}
	bp_source_draw(k, cr, c->source, l->width, l->source_y);
}

static const bp_chart_ops PLACEBO_OPS = { layout, draw };

const bp_chart_ops *bp_placebo_ops(void)
{
	return &PLACEBO_OPS;
}

bp_rc bp_placebo_render(const bp_placebo_chart *chart, bp_image_format fmt, unsigned char **out,
                        size_t *len, bp_error *err)
{
	return bp_canvas_render(&PLACEBO_OPS, chart, chart->title, fmt, out, len, err);
}

bp_rc bp_placebo_write(const bp_placebo_chart *chart, bp_image_format fmt, const char *path,
                       bp_error *err)
{
	return bp_canvas_write(&PLACEBO_OPS, chart, chart->title, fmt, path, err);
}
