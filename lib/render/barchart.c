/*
 * barchart.c: the ranking bar chart.
 *
 * compute() turns the data into a bp_barchart_layout (plain numbers), draw()
 * paints that layout on any cairo_t, and emit() chooses the surface (PNG,
 * SVG or PDF) and the sink (a file or memory).  Text is measured and drawn
 * through one PangoContext whose metrics are not hinted, so the layout is
 * the same whatever the surface and the PNG and the SVG match.
 */
#include "render/barchart.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "core/numfmt.h"

#define DEFAULT_WIDTH 800
/* Below this the names, the bars and the value labels cannot share a row. */
#define MIN_WIDTH 320
#define MARGIN 16.0
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

#define FONT_FAMILY "DejaVu Sans"
#define MISSING_TEXT "geen gegevens"

typedef struct rgb {
	double r, g, b;
} rgb;

#define HEX(h) { ((h) >> 16 & 0xFF) / 255.0, ((h) >> 8 & 0xFF) / 255.0, ((h) & 0xFF) / 255.0 }

/*
 * Okabe-Ito hues, which stay apart under the common colour-vision
 * deficiencies.  The highlighted bar differs from the others in lightness
 * too, so that it stands out even in greyscale.  Every text colour has a
 * contrast of at least 4.5:1 on white (WCAG AA); the lightest, the grey of
 * missing values, has 5.7:1.
 */
static const rgb C_BACKGROUND = HEX(0xFFFFFF);
static const rgb C_BAR = HEX(BP_BARCHART_RGB_BAR);
static const rgb C_HIGHLIGHT = HEX(BP_BARCHART_RGB_HIGHLIGHT);
static const rgb C_TEXT = HEX(0x1A1A1A);
static const rgb C_SUBTLE = HEX(0x4D4D4D);
static const rgb C_MISSING = HEX(0x666666);
static const rgb C_GRID = HEX(0xE3E3E3);
static const rgb C_ZERO = HEX(0x8C8C8C);

typedef struct ref_style {
	rgb colour;
	double width;
	double dash[2];
	int n_dash;
} ref_style;

/* Told apart by colour and by dash, so that neither is needed alone. */
static const ref_style REF_STYLES[] = {
	{ HEX(BP_BARCHART_RGB_REF1), 2.0, { 0, 0 }, 0 },
	{ HEX(BP_BARCHART_RGB_REF2), 1.5, { 5, 3 }, 2 },
	{ HEX(0xCC79A7), 2.0, { 2, 2 }, 2 },
	{ HEX(0x009E73), 2.0, { 8, 3 }, 2 },
};
#define N_REF_STYLES (sizeof(REF_STYLES) / sizeof(REF_STYLES[0]))

enum font_id {
	F_TITLE, F_SUBTITLE, F_LABEL, F_LABEL_BOLD, F_VALUE, F_VALUE_BOLD,
	F_NOTE, F_TICK, F_LEGEND, F_SOURCE, N_FONTS
};

static const struct font_spec {
	double size; /* pixels (points on SVG/PDF) */
	PangoWeight weight;
	PangoStyle style;
} FONTS[N_FONTS] = {
	[F_TITLE]      = { 20, PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
	[F_SUBTITLE]   = { 14, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
	[F_LABEL]      = { 13, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
	[F_LABEL_BOLD] = { 13, PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
	[F_VALUE]      = { 12, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
	[F_VALUE_BOLD] = { 12, PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
	[F_NOTE]       = { 12, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC },
	[F_TICK]       = { 12, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
	[F_LEGEND]     = { 13, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
	[F_SOURCE]     = { 11, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
};

/* Text state shared by measuring and drawing. */
typedef struct ink {
	PangoContext *pc;
	PangoFontDescription *font[N_FONTS];
} ink;

enum fit { FIT_NONE, FIT_WRAP, FIT_ELLIPSIZE };

static void ink_open(ink *k)
{
	PangoFontMap *fm = pango_cairo_font_map_get_default();
	k->pc = pango_font_map_create_context(fm);
	/* Unhinted metrics make text widths independent of the surface. */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(k->pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_language(k->pc, pango_language_from_string("nl"));
	for (int i = 0; i < N_FONTS; i++) {
		PangoFontDescription *fd = pango_font_description_new();
		pango_font_description_set_family(fd, FONT_FAMILY);
		pango_font_description_set_weight(fd, FONTS[i].weight);
		pango_font_description_set_style(fd, FONTS[i].style);
		pango_font_description_set_absolute_size(fd, FONTS[i].size * PANGO_SCALE);
		k->font[i] = fd;
	}
}

static void ink_close(ink *k)
{
	for (int i = 0; i < N_FONTS; i++)
		if (k->font[i])
			pango_font_description_free(k->font[i]);
	if (k->pc)
		g_object_unref(k->pc);
	memset(k, 0, sizeof(*k));
}

/*
 * A layout for s in a font.  width <= 0 means unlimited; otherwise the text
 * wraps or is cut with an ellipsis at that width.  Names come from outside
 * files, so invalid UTF-8 is repaired here rather than left to Pango, which
 * would warn on stderr.
 */
static PangoLayout *text(const ink *k, enum font_id f, const char *s, double width,
                         enum fit fit, PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(k->pc);
	pango_layout_set_font_description(l, k->font[f]);
	if (!s)
		s = "";
	if (g_utf8_validate(s, -1, NULL)) {
		pango_layout_set_text(l, s, -1);
	} else {
		gchar *fixed = g_utf8_make_valid(s, -1);
		pango_layout_set_text(l, fixed, -1);
		g_free(fixed);
	}
	if (width > 0 && fit != FIT_NONE) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		if (fit == FIT_WRAP)
			pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		else
			pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	}
	pango_layout_set_alignment(l, align);
	return l;
}

static void text_size(PangoLayout *l, double *w, double *h)
{
	PangoRectangle logical;
	pango_layout_get_extents(l, NULL, &logical);
	if (w)
		*w = (double)logical.width / PANGO_SCALE;
	if (h)
		*h = (double)logical.height / PANGO_SCALE;
}

static double text_width(const ink *k, enum font_id f, const char *s)
{
	double w;
	PangoLayout *l = text(k, f, s, 0, FIT_NONE, PANGO_ALIGN_LEFT);
	text_size(l, &w, NULL);
	g_object_unref(l);
	return w;
}

static double text_height(const ink *k, enum font_id f, const char *s, double width)
{
	double h;
	PangoLayout *l = text(k, f, s, width, FIT_WRAP, PANGO_ALIGN_LEFT);
	text_size(l, NULL, &h);
	g_object_unref(l);
	return h;
}

static int has_text(const char *s)
{
	return s && *s;
}

/* "17,9%": the number in Dutch format followed by the unit. */
static void value_text(char *buf, size_t size, double v, int decimals, const char *unit)
{
	size_t n = bp_numfmt_nl(buf, size, v, decimals);
	if (unit && n < size)
		snprintf(buf + n, size - n, "%s", unit);
}

/* "Oss 20,9%" */
static void ref_text(char *buf, size_t size, const bp_barchart *c, const bp_refline *r)
{
	char num[64];
	value_text(num, sizeof(num), r->value, c->decimals, c->unit);
	if (has_text(r->label))
		snprintf(buf, size, "%s %s", r->label, num);
	else
		snprintf(buf, size, "%s", num);
}

static enum font_id label_font(const bp_bar *b)
{
	return b->highlight ? F_LABEL_BOLD : F_LABEL;
}

static enum font_id value_font(const bp_bar *b)
{
	return b->highlight ? F_VALUE_BOLD : F_VALUE;
}

static const char *missing_text(const bp_bar *b)
{
	return has_text(b->missing_reason) ? b->missing_reason : MISSING_TEXT;
}

/*
 * Axis from a round number at or below lo to one at or above hi, with a step
 * of 1, 2, 2.5 or 5 times a power of ten giving about target intervals
 * (Heckbert's "nice numbers").
 */
static void nice_scale(double lo, double hi, int target, bp_barchart_layout *lay)
{
	if (!(hi - lo > 0))
		hi = lo + 1;
	double rough = (hi - lo) / target;
	double mag = pow(10, floor(log10(rough)));
	double norm = rough / mag;
	double f = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
	double step = f * mag;
	/* The epsilon keeps 30.000000001 (a sum of floats) from adding a tick. */
	double kmin = floor(lo / step + 1e-9);
	double kmax = ceil(hi / step - 1e-9);
	lay->tick_step = step;
	lay->scale_min = kmin * step;
	lay->scale_max = kmax * step;
	lay->n_ticks = (int)(kmax - kmin) + 1;
	lay->tick_decimals = 0;
	for (int d = 0; d < 10; d++) {
		double s = step * pow(10, d);
		if (fabs(s - round(s)) < 1e-6 * s) {
			lay->tick_decimals = d;
			break;
		}
	}
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
static double place_legend(const bp_barchart *c, const ink *k, bp_barchart_layout *lay, double y)
{
	char buf[TEXT_LEN];
	double right = lay->width - MARGIN;
	double x = MARGIN;
	double row_h = fmax(LEGEND_SWATCH, text_height(k, F_LEGEND, "Ag", 0));
	int rows = 0;

	for (size_t i = 0; i < c->n_refs; i++) {
		lay->legend_x[i] = NAN;
		lay->legend_row_y[i] = NAN;
		if (!isfinite(c->refs[i].value))
			continue;
		ref_text(buf, sizeof(buf), c, &c->refs[i]);
		double w = LEGEND_SWATCH + 6 + text_width(k, F_LEGEND, buf);
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
static bp_rc place_plot(const bp_barchart *c, const ink *k, bp_barchart_layout *lay,
                        double names_w, double pos_w, double neg_w, bp_error *err)
{
	char buf[TEXT_LEN];
	value_text(buf, sizeof(buf), tick_value(lay, 0), lay->tick_decimals, c->unit);
	double tick_w0 = text_width(k, F_TICK, buf);
	value_text(buf, sizeof(buf), tick_value(lay, lay->n_ticks - 1), lay->tick_decimals, c->unit);
	double tick_w1 = text_width(k, F_TICK, buf);

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

static bp_rc compute(const bp_barchart *c, const ink *k, bp_arena *a,
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
	lay->legend_x = bp_arena_alloc(a, (c->n_refs + 1) * sizeof(double));
	lay->legend_row_y = bp_arena_alloc(a, (c->n_refs + 1) * sizeof(double));

	double inner = lay->width - 2 * MARGIN;
	double y = MARGIN;
	lay->title_y = lay->subtitle_y = y; /* also when there is no title */
	if (has_text(c->title)) {
		lay->title_y = y;
		y += text_height(k, F_TITLE, c->title, inner) + 4;
	}
	if (has_text(c->subtitle)) {
		lay->subtitle_y = y;
		y += text_height(k, F_SUBTITLE, c->subtitle, inner);
	}
	y += 14;

	/* The scale covers every bar and every reference line, and zero. */
	double lo = 0, hi = 0;
	for (size_t i = 0; i < c->n_bars; i++)
		if (isfinite(c->bars[i].value)) {
			lo = fmin(lo, c->bars[i].value);
			hi = fmax(hi, c->bars[i].value);
		}
	for (size_t i = 0; i < c->n_refs; i++)
		if (isfinite(c->refs[i].value)) {
			lo = fmin(lo, c->refs[i].value);
			hi = fmax(hi, c->refs[i].value);
		}

	/* The name column is as wide as the longest name, up to its cap. */
	double names_w = 0;
	for (size_t i = 0; i < c->n_bars; i++)
		names_w = fmax(names_w, text_width(k, label_font(&c->bars[i]), c->bars[i].label));
	names_w = ceil(fmin(names_w, LABEL_CAP * lay->width));

	/* Room beside the plot for the value labels of the longest bars, either side. */
	double pos_w = 0, neg_w = 0;
	for (size_t i = 0; i < c->n_bars; i++) {
		const bp_bar *b = &c->bars[i];
		if (!isfinite(b->value))
			continue;
		value_text(buf, sizeof(buf), b->value, c->decimals, c->unit);
		double w = text_width(k, value_font(b), buf) + VALUE_GAP;
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
			value_text(buf, sizeof(buf), tick_value(lay, i), lay->tick_decimals, c->unit);
			widest = fmax(widest, text_width(k, F_TICK, buf));
		}
		double spacing = (lay->plot_x1 - lay->plot_x0) / (lay->n_ticks - 1);
		if (widest + 10 <= spacing || target <= 1)
			break;
	}
	lay->zero_x = x_of(lay, 0);

	for (size_t i = 0; i < c->n_refs; i++)
		lay->ref_x[i] = isfinite(c->refs[i].value) ? x_of(lay, c->refs[i].value) : NAN;
	double legend_h = place_legend(c, k, lay, y);
	lay->legend_y = y;
	if (legend_h > 0)
		y += legend_h + 12;

	/* Whole pixels, so that the bar edges are crisp in the PNG. */
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
	y = lay->axis_y + text_height(k, F_TICK, "0", 0) + 14;
	lay->source_y = y;
	if (has_text(c->source))
		y += text_height(k, F_SOURCE, c->source, inner);
	else
		y -= 8;
	lay->height = ceil(y + MARGIN - 4);
	return BP_OK;
}

bp_rc bp_barchart_compute_layout(const bp_barchart *chart, bp_arena *a,
                                 bp_barchart_layout *lay, bp_error *err)
{
	ink k = { 0 };
	ink_open(&k);
	bp_rc rc = compute(chart, &k, a, lay, err);
	ink_close(&k);
	return rc;
}

/* --- drawing ------------------------------------------------------------- */

static void set_colour(cairo_t *cr, rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void show(cairo_t *cr, PangoLayout *l, double x, double y, rgb colour)
{
	set_colour(cr, colour);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
}

/* Text over lines: a white outline keeps it readable where a reference line crosses it. */
static void show_with_halo(cairo_t *cr, PangoLayout *l, double x, double y, rgb colour)
{
	cairo_save(cr);
	cairo_move_to(cr, x, y);
	pango_cairo_layout_path(cr, l);
	set_colour(cr, C_BACKGROUND);
	cairo_set_line_width(cr, 3);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_stroke(cr);
	cairo_restore(cr);
	show(cr, l, x, y, colour);
}

static void set_ref_style(cairo_t *cr, size_t i)
{
	const ref_style *s = &REF_STYLES[i % N_REF_STYLES];
	set_colour(cr, s->colour);
	cairo_set_line_width(cr, s->width);
	cairo_set_dash(cr, s->dash, s->n_dash, 0);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
}

/* A 1-unit line on the pixel grid (x.5) so that it is one sharp pixel wide. */
static double crisp(double x)
{
	return floor(x) + 0.5;
}

static void draw_header(const bp_barchart *c, const bp_barchart_layout *lay, const ink *k, cairo_t *cr)
{
	double inner = lay->width - 2 * MARGIN;
	if (has_text(c->title)) {
		PangoLayout *l = text(k, F_TITLE, c->title, inner, FIT_WRAP, PANGO_ALIGN_LEFT);
		show(cr, l, MARGIN, lay->title_y, C_TEXT);
		g_object_unref(l);
	}
	if (has_text(c->subtitle)) {
		PangoLayout *l = text(k, F_SUBTITLE, c->subtitle, inner, FIT_WRAP, PANGO_ALIGN_LEFT);
		show(cr, l, MARGIN, lay->subtitle_y, C_SUBTLE);
		g_object_unref(l);
	}
}

static void draw_legend(const bp_barchart *c, const bp_barchart_layout *lay, const ink *k, cairo_t *cr)
{
	char buf[TEXT_LEN];
	for (size_t i = 0; i < c->n_refs; i++) {
		if (!isfinite(lay->legend_x[i]))
			continue;
		ref_text(buf, sizeof(buf), c, &c->refs[i]);
		double x = lay->legend_x[i];
		double tx = x + LEGEND_SWATCH + 6;
		PangoLayout *l = text(k, F_LEGEND, buf, lay->width - MARGIN - tx, FIT_ELLIPSIZE,
		                      PANGO_ALIGN_LEFT);
		double h;
		text_size(l, NULL, &h);
		double row_h = fmax(LEGEND_SWATCH, h);
		double mid = lay->legend_row_y[i] + row_h / 2;

		/* The sample is a short upright piece of the line itself. */
		cairo_save(cr);
		set_ref_style(cr, i);
		cairo_move_to(cr, x + LEGEND_SWATCH / 2, mid - LEGEND_SWATCH / 2);
		cairo_line_to(cr, x + LEGEND_SWATCH / 2, mid + LEGEND_SWATCH / 2);
		cairo_stroke(cr);
		cairo_restore(cr);

		show(cr, l, tx, mid - h / 2, C_TEXT);
		g_object_unref(l);
	}
}

static void draw_axis(const bp_barchart *c, const bp_barchart_layout *lay, const ink *k, cairo_t *cr)
{
	char buf[TEXT_LEN];

	cairo_save(cr);
	cairo_set_line_width(cr, 1);
	set_colour(cr, C_GRID);
	for (int i = 0; i < lay->n_ticks; i++) {
		double x = crisp(x_of(lay, tick_value(lay, i)));
		cairo_move_to(cr, x, lay->plot_y0);
		cairo_line_to(cr, x, lay->plot_y1 + 3);
	}
	cairo_stroke(cr);
	cairo_restore(cr);

	for (int i = 0; i < lay->n_ticks; i++) {
		double v = tick_value(lay, i);
		value_text(buf, sizeof(buf), v, lay->tick_decimals, c->unit);
		PangoLayout *l = text(k, F_TICK, buf, 0, FIT_NONE, PANGO_ALIGN_LEFT);
		double w;
		text_size(l, &w, NULL);
		show(cr, l, x_of(lay, v) - w / 2, lay->axis_y, C_SUBTLE);
		g_object_unref(l);
	}
}

static void draw_bars(const bp_barchart *c, const bp_barchart_layout *lay, const ink *k, cairo_t *cr)
{
	for (size_t i = 0; i < c->n_bars; i++) {
		const bp_bar *b = &c->bars[i];
		double mid = lay->bar_y[i] + lay->bar_h / 2;
		double h;

		PangoLayout *l = text(k, label_font(b), b->label, lay->label_w, FIT_ELLIPSIZE,
		                      PANGO_ALIGN_RIGHT);
		text_size(l, NULL, &h);
		show(cr, l, lay->label_x, mid - h / 2, C_TEXT);
		g_object_unref(l);

		if (!isfinite(b->value))
			continue;
		set_colour(cr, b->highlight ? C_HIGHLIGHT : C_BAR);
		cairo_rectangle(cr, lay->bar_x0[i], lay->bar_y[i],
		                lay->bar_x1[i] - lay->bar_x0[i], lay->bar_h);
		cairo_fill(cr);
	}

	/* The zero line over the bars' starts, for a clean edge. */
	cairo_save(cr);
	set_colour(cr, C_ZERO);
	cairo_set_line_width(cr, 1);
	double zx = lay->zero_x < lay->plot_x1 ? crisp(lay->zero_x) : crisp(lay->zero_x - 1);
	cairo_move_to(cr, zx, lay->plot_y0);
	cairo_line_to(cr, zx, lay->plot_y1);
	cairo_stroke(cr);
	cairo_restore(cr);
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
static void draw_values(const bp_barchart *c, const bp_barchart_layout *lay, const ink *k, cairo_t *cr)
{
	char buf[TEXT_LEN];
	double right = lay->width - MARGIN;

	for (size_t i = 0; i < c->n_bars; i++) {
		const bp_bar *b = &c->bars[i];
		double mid = lay->bar_y[i] + lay->bar_h / 2;
		PangoLayout *l;
		double w, h, x;

		if (isfinite(b->value)) {
			value_text(buf, sizeof(buf), b->value, c->decimals, c->unit);
			l = text(k, value_font(b), buf, 0, FIT_NONE, PANGO_ALIGN_LEFT);
			text_size(l, &w, &h);
			x = b->value < 0 ? lay->bar_x0[i] - VALUE_GAP - w : lay->bar_x1[i] + VALUE_GAP;
			show_with_halo(cr, l, x, mid - h / 2, C_TEXT);
		} else {
			/* Notes read from the zero line outwards, into whichever side has room. */
			double room_right = right - (lay->zero_x + VALUE_GAP);
			double room_left = lay->zero_x - VALUE_GAP - lay->plot_x0;
			if (room_right >= room_left || room_right >= 120) {
				l = text(k, F_NOTE, missing_text(b), room_right, FIT_ELLIPSIZE, PANGO_ALIGN_LEFT);
				x = lay->zero_x + VALUE_GAP;
			} else {
				l = text(k, F_NOTE, missing_text(b), room_left, FIT_ELLIPSIZE, PANGO_ALIGN_RIGHT);
				x = lay->plot_x0;
			}
			text_size(l, NULL, &h);
			show_with_halo(cr, l, x, mid - h / 2, C_MISSING);
		}
		g_object_unref(l);
	}
}

static void draw_source(const bp_barchart *c, const bp_barchart_layout *lay, const ink *k, cairo_t *cr)
{
	if (!has_text(c->source))
		return;
	PangoLayout *l = text(k, F_SOURCE, c->source, lay->width - 2 * MARGIN, FIT_WRAP, PANGO_ALIGN_LEFT);
	show(cr, l, MARGIN, lay->source_y, C_SUBTLE);
	g_object_unref(l);
}

/* The one drawing code for every format. */
static void draw(const bp_barchart *c, const bp_barchart_layout *lay, const ink *k, cairo_t *cr)
{
	pango_cairo_update_context(cr, k->pc);
	set_colour(cr, C_BACKGROUND);
	cairo_paint(cr);
	draw_header(c, lay, k, cr);
	draw_legend(c, lay, k, cr);
	draw_axis(c, lay, k, cr);
	draw_bars(c, lay, k, cr);
	draw_refs(c, lay, cr);
	draw_values(c, lay, k, cr);
	draw_source(c, lay, k, cr);
}

/* --- output -------------------------------------------------------------- */

/* Where Cairo's bytes go: a file or a buffer in memory. */
typedef struct sink {
	FILE *f;
	bp_buf *mem;
	int write_errno; /* 0 unless writing to f failed */
} sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
	sink *s = closure;
	if (s->mem) {
		bp_buf_add(s->mem, data, len);
		return CAIRO_STATUS_SUCCESS;
	}
	if (s->write_errno)
		return CAIRO_STATUS_WRITE_ERROR;
	errno = 0;
	if (len && fwrite(data, 1, len, s->f) != len) {
		s->write_errno = errno ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static const char *format_name(bp_image_format fmt)
{
	switch (fmt) {
	case BP_IMAGE_PNG: return "PNG";
	case BP_IMAGE_SVG: return "SVG";
	case BP_IMAGE_PDF: return "PDF";
	}
	return "?";
}

static bp_rc cairo_failed(bp_error *err, cairo_status_t st, const sink *out,
                          bp_image_format fmt, const char *path)
{
	if (path)
		bp_error_at(err, path, 0, 0);
	if (st == CAIRO_STATUS_WRITE_ERROR && out->write_errno) {
		bp_fail(err, BP_ERR_IO, "cannot write the %s chart to %s: %s", format_name(fmt),
		        path ? path : "memory", strerror(out->write_errno));
		bp_error_hint(err, "check that the folder is writable and the disk is not full");
		return BP_ERR_IO;
	}
	return bp_fail(err, BP_ERR_RENDER, "cannot draw the %s chart %s %s: %s", format_name(fmt),
	               path ? "for" : "in", path ? path : "memory", cairo_status_to_string(st));
}

/* Lay out, draw and serialise the chart into out. path names the output in errors (NULL: memory). */
static bp_rc emit(const bp_barchart *c, bp_image_format fmt, sink *out, const char *path,
                  bp_error *err)
{
	bp_arena *a = bp_arena_new();
	ink k = { 0 };
	cairo_surface_t *s = NULL;
	cairo_t *cr = NULL;
	cairo_status_t st;
	bp_barchart_layout lay;
	bp_rc rc;

	ink_open(&k);
	rc = compute(c, &k, a, &lay, err);
	if (rc) {
		if (path)
			bp_error_at(err, path, 0, 0);
		goto out;
	}
	switch (fmt) {
	case BP_IMAGE_PNG:
		s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)lay.width, (int)lay.height);
		break;
	case BP_IMAGE_SVG:
		s = cairo_svg_surface_create_for_stream(sink_write, out, lay.width, lay.height);
		/* Unitless sizes are CSS pixels: an inlined SVG is as wide as the PNG. */
		cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_USER);
		break;
	case BP_IMAGE_PDF:
		s = cairo_pdf_surface_create_for_stream(sink_write, out, lay.width, lay.height);
		if (has_text(c->title))
			cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, c->title);
		break;
	default:
		rc = bp_fail(err, BP_ERR_INTERNAL, "unknown image format %d", (int)fmt);
		goto out;
	}
	st = cairo_surface_status(s);
	if (st) {
		rc = cairo_failed(err, st, out, fmt, path);
		goto out;
	}
	cr = cairo_create(s);
	draw(c, &lay, &k, cr);
	st = cairo_status(cr);
	if (st) {
		rc = cairo_failed(err, st, out, fmt, path);
		goto out;
	}
	cairo_destroy(cr);
	cr = NULL;
	if (fmt == BP_IMAGE_PNG) {
		st = cairo_surface_write_to_png_stream(s, sink_write, out);
	} else {
		/* Vector surfaces write their trailer only when finished. */
		cairo_surface_finish(s);
		st = cairo_surface_status(s);
	}
	if (st)
		rc = cairo_failed(err, st, out, fmt, path);
out:
	if (cr)
		cairo_destroy(cr);
	if (s)
		cairo_surface_destroy(s);
	ink_close(&k);
	bp_arena_free(a);
	return rc;
}

bp_rc bp_barchart_render(const bp_barchart *chart, bp_image_format fmt,
                         unsigned char **out, size_t *len, bp_error *err)
{
	bp_buf mem;
	sink s = { 0 };

	*out = NULL;
	*len = 0;
	bp_buf_init(&mem);
	s.mem = &mem;
	bp_rc rc = emit(chart, fmt, &s, NULL, err);
	if (rc == BP_OK)
		*out = (unsigned char *)bp_buf_detach(&mem, len);
	bp_buf_release(&mem);
	return rc;
}

bp_rc bp_barchart_write(const bp_barchart *chart, bp_image_format fmt,
                        const char *path, bp_error *err)
{
	bp_tmpfile t;
	sink s = { 0 };
	bp_rc rc = bp_tmpfile_begin(&t, path, err);
	if (rc)
		return rc;

	s.f = fopen(t.tmp, "wb");
	if (!s.f) {
		int e = errno;
		bp_error_at(err, path, 0, 0);
		rc = bp_fail(err, BP_ERR_IO, "cannot write the chart: %s", strerror(e));
		bp_error_hint(err, "check that the folder exists and is writable");
		goto out;
	}
	rc = emit(chart, fmt, &s, path, err);
	int close_failed = fclose(s.f);
	int close_errno = errno;
	s.f = NULL;
	if (rc == BP_OK && close_failed) {
		bp_error_at(err, path, 0, 0);
		rc = bp_fail(err, BP_ERR_IO, "cannot write the chart: %s", strerror(close_errno));
		goto out;
	}
	if (rc == BP_OK)
		rc = bp_tmpfile_commit(&t, err);
out:
	if (s.f)
		fclose(s.f);
	if (rc)
		bp_tmpfile_abort(&t);
	return rc;
}
