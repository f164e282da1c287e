/*
 * barchart.c: the ranking bar chart.
 *
 * compute() turns the data into a bp_barchart_layout (plain numbers), draw()
 * paints that layout on any cairo_t; canvas.c supplies the text, the scale,
 * the title block and the output (PNG, SVG or PDF, to a file or memory).
 */
#include "render/barchart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/canvas.h"

#define DEFAULT_WIDTH 800
/* Below this the names, the bars and the value labels cannot share a row. */
#define MIN_WIDTH 320
#define MARGIN BP_MARGIN
#define LABEL_CAP 0.40     /* share of the width the names may take */
#define LABEL_MIN 60.0     /* narrower than this a name says nothing */
#define LABEL_GAP 8.0      /* between the names and the plot */
#define VALUE_GAP 5.0      /* between a bar end and its value label */
#define BAR_PITCH 24.0
#define BAR_H 16.0
#define MIN_PLOT_W 80.0
#define TARGET_TICKS 6
#define LEGEND_SWATCH 16.0 /* height of the line sample in the legend */
#define LEGEND_SPACING 24.0
#define TEXT_LEN 512       /* value and legend texts: a number, a unit, a name */

#define MISSING_TEXT "geen gegevens"

/*
 * The highlighted bar differs from the others in lightness too, so that it
 * stands out even in greyscale.
 */
#define C_BAR BP_BARCHART_RGB_BAR
#define C_HIGHLIGHT BP_BARCHART_RGB_HIGHLIGHT


int bp_refline_has_interval(const bp_refline *r)
{
	return r && isfinite(r->value) && isfinite(r->ci_lo) && isfinite(r->ci_hi) && r->ci_lo < r->ci_hi;
}

/* "Oss 20,9%", and where the reference has a band "Oss 20,9% (vlak: 95%-interval 19,0–22,8%)":
 * the band is only read right when it says what it is. */
static void ref_text(char *buf, size_t size, const bp_barchart *c, const bp_refline *r)
{
	char num[64], band[160] = "";
	bp_value_text_lang(c->lang, num, sizeof(num), r->value, c->decimals, c->unit);
	if (bp_refline_has_interval(r)) {
		char lo[64], hi[64];
		bp_value_text_lang(c->lang, lo, sizeof(lo), r->ci_lo, c->decimals, "");
		bp_value_text_lang(c->lang, hi, sizeof(hi), r->ci_hi, c->decimals, c->unit);
		snprintf(band, sizeof(band), c->lang == BP_LANG_EN ? " (band: 95%% interval %s\u2013%s)"
		                                                   : " (vlak: 95%%-interval %s\u2013%s)", lo, hi);
	}
	char cut[BP_NAME_BUF]; /* a name from a file: bounded (canvas.h) */
	if (bp_has_text(r->label))
		snprintf(buf, size, "%s %s%s", bp_name_cut(cut, sizeof(cut), r->label), num, band);
	else
		snprintf(buf, size, "%s%s", num, band);
}

static enum bp_font label_font(const bp_bar *b)
{
	return b->highlight ? BP_F_LABEL_BOLD : BP_F_LABEL;
}

static enum bp_font value_font(const bp_bar *b)
{
	return b->highlight ? BP_F_VALUE_BOLD : BP_F_VALUE;
}

static const char *missing_text(const bp_barchart *c, const bp_bar *b)
{
	return bp_has_text(b->missing_reason) ? b->missing_reason : bp_tr(c->lang, MISSING_TEXT);
}

static void nice_scale(double lo, double hi, int target, bp_barchart_layout *lay)
{
	bp_scale sc;
	bp_nice_scale(lo, hi, target, &sc);
	lay->tick_step = sc.step;
	lay->scale_min = sc.min;
	lay->scale_max = sc.max;
	lay->n_ticks = sc.n_ticks;
	lay->tick_decimals = sc.decimals;
}

static double tick_value(const bp_barchart_layout *lay, int i)
{
	return lay->scale_min + i * lay->tick_step;
}

static double x_of(const bp_barchart_layout *lay, double v)
{
	return lay->plot_x0 + (v - lay->scale_min) / (lay->scale_max - lay->scale_min) *
	       (lay->plot_x1 - lay->plot_x0);
}

static bp_rc check_chart(const bp_barchart *c, bp_error *err)
{
	if (!c)
		return bp_fail(err, BP_ERR_INTERNAL, "no chart given");
	if ((c->n_bars && !c->bars) || (c->n_refs && !c->refs))
		return bp_fail(err, BP_ERR_INTERNAL, "chart has a count of bars or reference lines but no array");
	if (c->width != 0 && c->width < MIN_WIDTH) {
		bp_fail(err, BP_ERR_RENDER, "chart width %d is too small", c->width);
		bp_error_hint(err, "use a width of at least %d", MIN_WIDTH);
		return BP_ERR_RENDER;
	}
	return BP_OK;
}

/* Place the legend entries in rows from the left margin; returns the rows' total height. */
static double place_legend(const bp_barchart *c, const bp_ink *k, bp_barchart_layout *lay, double y)
{
	char buf[TEXT_LEN];
	double right = lay->width - MARGIN;
	double x = MARGIN;
	double row_h = fmax(LEGEND_SWATCH, bp_text_height(k, BP_F_LEGEND, "Ag", 0));
	int rows = 0;

	for (size_t i = 0; i < c->n_refs; i++) {
		lay->legend_x[i] = NAN;
		lay->legend_row_y[i] = NAN;
		if (!isfinite(c->refs[i].value))
			continue;
		ref_text(buf, sizeof(buf), c, &c->refs[i]);
		double w = LEGEND_SWATCH + 6 + bp_text_width(k, BP_F_LEGEND, buf);
		if (rows == 0 || (x > MARGIN && x + w > right)) {
			if (rows > 0)
				y += row_h + 4;
			rows++;
			x = MARGIN;
		}
		lay->legend_x[i] = x;
		lay->legend_row_y[i] = y;
		x += w + LEGEND_SPACING;
	}
	return rows ? rows * row_h + (rows - 1) * 4 : 0;
}

/*
 * Horizontal placement for the current scale: names on the left, then the
 * plot, then room for the value labels and the last tick label.
 */
static bp_rc place_plot(const bp_barchart *c, const bp_ink *k, bp_barchart_layout *lay,
                        double names_w, double pos_w, double neg_w, bp_error *err)
{
	char buf[TEXT_LEN];
	bp_value_text_lang(c->lang, buf, sizeof(buf), tick_value(lay, 0), lay->tick_decimals, c->unit);
	double tick_w0 = bp_text_width(k, BP_F_TICK, buf);
	bp_value_text_lang(c->lang, buf, sizeof(buf), tick_value(lay, lay->n_ticks - 1), lay->tick_decimals, c->unit);
	double tick_w1 = bp_text_width(k, BP_F_TICK, buf);

	lay->label_x = MARGIN;
	lay->label_w = names_w;
	lay->plot_x1 = lay->width - MARGIN - ceil(fmax(pos_w, tick_w1 / 2));
	double left = names_w > 0 ? lay->label_x + names_w + LABEL_GAP : MARGIN;
	lay->plot_x0 = ceil(fmax(left + neg_w, MARGIN + tick_w0 / 2));
	if (lay->plot_x1 - lay->plot_x0 < MIN_PLOT_W) {
		/* Narrow charts give up name width first: names are ellipsized anyway. */
		double short_by = MIN_PLOT_W - (lay->plot_x1 - lay->plot_x0);
		if (lay->label_w - short_by < LABEL_MIN) {
			bp_fail(err, BP_ERR_RENDER,
			        "chart width %g leaves no room for the bars beside the names and value labels",
			        lay->width);
			bp_error_hint(err, "make the chart wider");
			return BP_ERR_RENDER;
		}
		lay->label_w -= short_by;
		lay->plot_x0 += short_by;
	}
	return BP_OK;
}

static bp_rc compute(const bp_barchart *c, const bp_ink *k, bp_arena *a,
                     bp_barchart_layout *lay, bp_error *err)
{
	char buf[TEXT_LEN];
	bp_rc rc = check_chart(c, err);
	if (rc)
		return rc;

	memset(lay, 0, sizeof(*lay));
	lay->width = c->width ? c->width : DEFAULT_WIDTH;
	lay->n_bars = c->n_bars;
	lay->n_refs = c->n_refs;
	/* + 1: an empty chart still gets valid (unused) arrays */
	lay->bar_y = bp_arena_alloc(a, (c->n_bars + 1) * sizeof(double));
	lay->bar_x0 = bp_arena_alloc(a, (c->n_bars + 1) * sizeof(double));
	lay->bar_x1 = bp_arena_alloc(a, (c->n_bars + 1) * sizeof(double));
	lay->ref_x = bp_arena_alloc(a, (c->n_refs + 1) * sizeof(double));
	lay->band_x0 = bp_arena_alloc(a, (c->n_refs + 1) * sizeof(double));
	lay->band_x1 = bp_arena_alloc(a, (c->n_refs + 1) * sizeof(double));
	lay->legend_x = bp_arena_alloc(a, (c->n_refs + 1) * sizeof(double));
	lay->legend_row_y = bp_arena_alloc(a, (c->n_refs + 1) * sizeof(double));

	bp_frame fr;
	bp_frame_place(k, c->title, c->subtitle, lay->width, &fr);
	lay->title_y = fr.title_y;
	lay->subtitle_y = fr.subtitle_y;
	double y = fr.body_y;

	/* The scale covers every bar, every reference line and its band, and zero. */
	double lo = 0, hi = 0;
	for (size_t i = 0; i < c->n_bars; i++)
		if (isfinite(c->bars[i].value)) {
			lo = fmin(lo, c->bars[i].value);
			hi = fmax(hi, c->bars[i].value);
		}
	for (size_t i = 0; i < c->n_refs; i++)
		if (isfinite(c->refs[i].value)) {
			int band = bp_refline_has_interval(&c->refs[i]);
			lo = fmin(lo, band ? c->refs[i].ci_lo : c->refs[i].value);
			hi = fmax(hi, band ? c->refs[i].ci_hi : c->refs[i].value);
		}

	/* The name column is as wide as the longest name (each cut at
	 * BP_NAME_MAX_CHARS), up to its cap. */
	char cut[BP_NAME_BUF];
	double names_w = 0;
	for (size_t i = 0; i < c->n_bars; i++)
		names_w = fmax(names_w, bp_text_width(k, label_font(&c->bars[i]),
		                                      bp_name_cut(cut, sizeof(cut), c->bars[i].label)));
	names_w = ceil(fmin(names_w, LABEL_CAP * lay->width));

	/* Room beside the plot for the value labels of the longest bars, either side. */
	double pos_w = 0, neg_w = 0;
	for (size_t i = 0; i < c->n_bars; i++) {
		const bp_bar *b = &c->bars[i];
		if (!isfinite(b->value))
			continue;
		bp_value_text_lang(c->lang, buf, sizeof(buf), b->value, c->decimals, c->unit);
		double w = bp_text_width(k, value_font(b), buf) + VALUE_GAP;
		if (b->value < 0)
			neg_w = fmax(neg_w, w);
		else
			pos_w = fmax(pos_w, w);
	}

	/* Fewer, rounder ticks until their labels fit side by side. */
	for (int target = TARGET_TICKS; ; target--) {
		nice_scale(lo, hi, target, lay);
		rc = place_plot(c, k, lay, names_w, pos_w, neg_w, err);
		if (rc)
			return rc;
		double widest = 0;
		for (int i = 0; i < lay->n_ticks; i++) {
			bp_value_text_lang(c->lang, buf, sizeof(buf), tick_value(lay, i), lay->tick_decimals, c->unit);
			widest = fmax(widest, bp_text_width(k, BP_F_TICK, buf));
		}
		double spacing = (lay->plot_x1 - lay->plot_x0) / (lay->n_ticks - 1);
		if (widest + 10 <= spacing || target <= 1)
			break;
	}
	lay->zero_x = x_of(lay, 0);

	for (size_t i = 0; i < c->n_refs; i++) {
		int band = bp_refline_has_interval(&c->refs[i]);
		lay->ref_x[i] = isfinite(c->refs[i].value) ? x_of(lay, c->refs[i].value) : NAN;
		lay->band_x0[i] = band ? x_of(lay, c->refs[i].ci_lo) : NAN;
		lay->band_x1[i] = band ? x_of(lay, c->refs[i].ci_hi) : NAN;
	}
	double legend_h = place_legend(c, k, lay, y);
	lay->legend_y = y;
	if (legend_h > 0)
		y += legend_h + 12;

	/* Whole pixels, so that the bar edges are bp_crisp in the PNG. */
	lay->plot_y0 = ceil(y);
	lay->bar_pitch = BAR_PITCH;
	lay->bar_h = BAR_H;
	for (size_t i = 0; i < c->n_bars; i++) {
		double v = c->bars[i].value;
		lay->bar_y[i] = lay->plot_y0 + (double)i * BAR_PITCH + (BAR_PITCH - BAR_H) / 2;
		lay->bar_x0[i] = isfinite(v) ? x_of(lay, fmin(v, 0)) : NAN;
		lay->bar_x1[i] = isfinite(v) ? x_of(lay, fmax(v, 0)) : NAN;
	}
	/* An empty chart keeps one empty row, so the axis still has a plot to sit under. */
	lay->plot_y1 = lay->plot_y0 + (double)(c->n_bars ? c->n_bars : 1) * BAR_PITCH;

	lay->axis_y = lay->plot_y1 + 5;
	y = lay->axis_y + bp_text_height(k, BP_F_TICK, "0", 0) + 14;
	lay->source_y = y;
	if (bp_has_text(c->source))
		y += bp_source_height(k, c->source, lay->width);
	else
		y -= 8;
	lay->height = ceil(y + MARGIN - 4);
	return BP_OK;
}

bp_rc bp_barchart_compute_layout(const bp_barchart *chart, bp_arena *a,
                                 bp_barchart_layout *lay, bp_error *err)
{
	bp_ink k = { 0 };
	bp_ink_open(&k);
	bp_rc rc = compute(chart, &k, a, lay, err);
	bp_ink_close(&k);
	return rc;
}

/* --- drawing ------------------------------------------------------------- */

static void set_ref_style(cairo_t *cr, size_t i)
{
	bp_set_line_style(cr, &bp_ref_styles[i % bp_n_ref_styles]);
}

static void draw_header(const bp_barchart *c, const bp_barchart_layout *lay, const bp_ink *k, cairo_t *cr)
{
	bp_frame fr = { lay->title_y, lay->subtitle_y, 0 };
	bp_frame_draw(k, cr, c->title, c->subtitle, lay->width, &fr);
}

static void draw_legend(const bp_barchart *c, const bp_barchart_layout *lay, const bp_ink *k, cairo_t *cr)
{
	char buf[TEXT_LEN];
	for (size_t i = 0; i < c->n_refs; i++) {
		if (!isfinite(lay->legend_x[i]))
			continue;
		ref_text(buf, sizeof(buf), c, &c->refs[i]);
		double x = lay->legend_x[i];
		double tx = x + LEGEND_SWATCH + 6;
		PangoLayout *l = bp_text(k, BP_F_LEGEND, buf, lay->width - MARGIN - tx, BP_FIT_ELLIPSIZE,
		                      PANGO_ALIGN_LEFT);
		double h;
		bp_text_size(l, NULL, &h);
		double row_h = fmax(LEGEND_SWATCH, h);
		double mid = lay->legend_row_y[i] + row_h / 2;

		/* The sample is a short upright piece of the line itself, over a piece of its band. */
		cairo_save(cr);
		if (bp_refline_has_interval(&c->refs[i])) {
			const bp_line_style *st = &bp_ref_styles[i % bp_n_ref_styles];
			double y0 = mid - LEGEND_SWATCH / 2;
			bp_set_rgb(cr, bp_rgb_tint(st->rgb, BP_BAND_TINT));
			cairo_rectangle(cr, x, y0, LEGEND_SWATCH, LEGEND_SWATCH);
			cairo_fill(cr);
			bp_set_band_edge(cr, st);
			cairo_move_to(cr, x + 0.5, y0);
			cairo_line_to(cr, x + 0.5, y0 + LEGEND_SWATCH);
			cairo_move_to(cr, x + LEGEND_SWATCH - 0.5, y0);
			cairo_line_to(cr, x + LEGEND_SWATCH - 0.5, y0 + LEGEND_SWATCH);
			cairo_stroke(cr);
		}
		set_ref_style(cr, i);
		cairo_move_to(cr, x + LEGEND_SWATCH / 2, mid - LEGEND_SWATCH / 2);
		cairo_line_to(cr, x + LEGEND_SWATCH / 2, mid + LEGEND_SWATCH / 2);
		cairo_stroke(cr);
		cairo_restore(cr);

		bp_show(cr, l, tx, mid - h / 2, BP_RGB_TEXT);
		g_object_unref(l);
	}
}

static void draw_axis(const bp_barchart *c, const bp_barchart_layout *lay, const bp_ink *k, cairo_t *cr)
{
	char buf[TEXT_LEN];

	cairo_save(cr);
	cairo_set_line_width(cr, 1);
	bp_set_rgb(cr, BP_RGB_GRID);
	for (int i = 0; i < lay->n_ticks; i++) {
		double x = bp_crisp(x_of(lay, tick_value(lay, i)));
		cairo_move_to(cr, x, lay->plot_y0);
		cairo_line_to(cr, x, lay->plot_y1 + 3);
	}
	cairo_stroke(cr);
	cairo_restore(cr);

	for (int i = 0; i < lay->n_ticks; i++) {
		double v = tick_value(lay, i);
		bp_value_text_lang(c->lang, buf, sizeof(buf), v, lay->tick_decimals, c->unit);
		PangoLayout *l = bp_text(k, BP_F_TICK, buf, 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
		double w;
		bp_text_size(l, &w, NULL);
		bp_show(cr, l, x_of(lay, v) - w / 2, lay->axis_y, BP_RGB_SUBTLE);
		g_object_unref(l);
	}
}

static void draw_bars(const bp_barchart *c, const bp_barchart_layout *lay, const bp_ink *k, cairo_t *cr)
{
	for (size_t i = 0; i < c->n_bars; i++) {
		const bp_bar *b = &c->bars[i];
		double mid = lay->bar_y[i] + lay->bar_h / 2;
		double h;

		char cut[BP_NAME_BUF];
		double dx;
		PangoLayout *l = bp_text_fit(k, label_font(b), bp_name_cut(cut, sizeof(cut), b->label), lay->label_w,
		                             PANGO_ALIGN_RIGHT, &dx);
		bp_text_size(l, NULL, &h);
		bp_show(cr, l, lay->label_x + dx, mid - h / 2, BP_RGB_TEXT);
		g_object_unref(l);

		if (!isfinite(b->value))
			continue;
		bp_set_rgb(cr, b->highlight ? C_HIGHLIGHT : C_BAR);
		cairo_rectangle(cr, lay->bar_x0[i], lay->bar_y[i],
		                lay->bar_x1[i] - lay->bar_x0[i], lay->bar_h);
		cairo_fill(cr);
	}

	/* The zero line over the bars' starts, for a clean edge. */
	cairo_save(cr);
	bp_set_rgb(cr, BP_RGB_ZERO);
	cairo_set_line_width(cr, 1);
	double zx = lay->zero_x < lay->plot_x1 ? bp_crisp(lay->zero_x) : bp_crisp(lay->zero_x - 1);
	cairo_move_to(cr, zx, lay->plot_y0);
	cairo_line_to(cr, zx, lay->plot_y1);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* The references' interval bands, behind the grid and the bars: the tint first (a
 * reference's band over another's: both edges stay visible, drawn after every tint). */
static void draw_band_tints(const bp_barchart *c, const bp_barchart_layout *lay, cairo_t *cr)
{
	for (size_t i = 0; i < c->n_refs; i++) {
		if (!isfinite(lay->band_x0[i]))
			continue;
		bp_set_rgb(cr, bp_rgb_tint(bp_ref_styles[i % bp_n_ref_styles].rgb, BP_BAND_TINT));
		cairo_rectangle(cr, lay->band_x0[i], lay->plot_y0 - 4, lay->band_x1[i] - lay->band_x0[i],
		                lay->plot_y1 - (lay->plot_y0 - 4));
		cairo_fill(cr);
	}
}

/* The bands' ends, over the grid and under the bars: the line's colour and dash, between the bars. */
static void draw_band_edges(const bp_barchart *c, const bp_barchart_layout *lay, cairo_t *cr)
{
	for (size_t i = 0; i < c->n_refs; i++) {
		if (!isfinite(lay->band_x0[i]))
			continue;
		cairo_save(cr);
		bp_set_band_edge(cr, &bp_ref_styles[i % bp_n_ref_styles]);
		const double x[2] = { lay->band_x0[i], lay->band_x1[i] };
		for (int e = 0; e < 2; e++) {
			cairo_move_to(cr, x[e], lay->plot_y0 - 4);
			cairo_line_to(cr, x[e], lay->plot_y1);
		}
		cairo_stroke(cr);
		cairo_restore(cr);
	}
}

static void draw_refs(const bp_barchart *c, const bp_barchart_layout *lay, cairo_t *cr)
{
	for (size_t i = 0; i < c->n_refs; i++) {
		if (!isfinite(lay->ref_x[i]))
			continue;
		cairo_save(cr);
		set_ref_style(cr, i);
		cairo_move_to(cr, lay->ref_x[i], lay->plot_y0 - 4);
		cairo_line_to(cr, lay->ref_x[i], lay->plot_y1);
		cairo_stroke(cr);
		cairo_restore(cr);
	}
}

/* Value labels and notes for missing values: last, so that they lie on top of the lines. */
static void draw_values(const bp_barchart *c, const bp_barchart_layout *lay, const bp_ink *k, cairo_t *cr)
{
	char buf[TEXT_LEN];
	double right = lay->width - MARGIN;

	for (size_t i = 0; i < c->n_bars; i++) {
		const bp_bar *b = &c->bars[i];
		double mid = lay->bar_y[i] + lay->bar_h / 2;
		PangoLayout *l;
		double w, h, x;

		if (isfinite(b->value)) {
			bp_value_text_lang(c->lang, buf, sizeof(buf), b->value, c->decimals, c->unit);
			l = bp_text(k, value_font(b), buf, 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
			bp_text_size(l, &w, &h);
			x = b->value < 0 ? lay->bar_x0[i] - VALUE_GAP - w : lay->bar_x1[i] + VALUE_GAP;
			bp_show_with_halo(cr, l, x, mid - h / 2, BP_RGB_TEXT);
		} else {
			/* Notes read from the zero line outwards, into whichever side has room. */
			double room_right = right - (lay->zero_x + VALUE_GAP);
			double room_left = lay->zero_x - VALUE_GAP - lay->plot_x0;
			if (room_right >= room_left || room_right >= 120) {
				l = bp_text(k, BP_F_NOTE, missing_text(c, b), room_right, BP_FIT_ELLIPSIZE, PANGO_ALIGN_LEFT);
				x = lay->zero_x + VALUE_GAP;
			} else {
				l = bp_text(k, BP_F_NOTE, missing_text(c, b), room_left, BP_FIT_ELLIPSIZE, PANGO_ALIGN_RIGHT);
				x = lay->plot_x0;
			}
			bp_text_size(l, NULL, &h);
			bp_show_with_halo(cr, l, x, mid - h / 2, BP_RGB_MISSING);
		}
		g_object_unref(l);
	}
}

static void draw_source(const bp_barchart *c, const bp_barchart_layout *lay, const bp_ink *k, cairo_t *cr)
{
	bp_source_draw(k, cr, c->source, lay->width, lay->source_y);
}

/* The one drawing code for every format. */
static void draw(const bp_barchart *c, const bp_barchart_layout *lay, const bp_ink *k, cairo_t *cr)
{
	bp_set_rgb(cr, BP_RGB_BACKGROUND);
	cairo_paint(cr);
	draw_header(c, lay, k, cr);
	draw_legend(c, lay, k, cr);
	draw_band_tints(c, lay, cr);
	draw_axis(c, lay, k, cr);
	draw_band_edges(c, lay, cr);
	draw_bars(c, lay, k, cr);
	draw_refs(c, lay, cr);
	draw_values(c, lay, k, cr);
	draw_source(c, lay, k, cr);
}

/* --- output -------------------------------------------------------------- */

static bp_rc ops_layout(const void *chart, const bp_ink *k, bp_arena *a, void **lay,
                        double *width, double *height, bp_error *err)
{
	bp_barchart_layout *l = bp_arena_alloc(a, sizeof(*l));
	bp_rc rc = compute(chart, k, a, l, err);
	*lay = l;
	*width = l->width;
	*height = l->height;
	return rc;
}

static void ops_draw(const void *chart, const void *lay, const bp_ink *k, cairo_t *cr)
{
	draw(chart, lay, k, cr);
}

static const bp_chart_ops BARCHART_OPS = { ops_layout, ops_draw };

const bp_chart_ops *bp_barchart_ops(void)
{
	return &BARCHART_OPS;
}

bp_rc bp_barchart_render(const bp_barchart *chart, bp_image_format fmt,
                         unsigned char **out, size_t *len, bp_error *err)
{
	return bp_canvas_render(&BARCHART_OPS, chart, chart ? chart->title : NULL, fmt, out, len, err);
}

bp_rc bp_barchart_write(const bp_barchart *chart, bp_image_format fmt,
                        const char *path, bp_error *err)
{
	return bp_canvas_write(&BARCHART_OPS, chart, chart ? chart->title : NULL, fmt, path, err);
}
