/*
 * trend.c: the trend chart (see trend.h).
 *
 * compute() places everything in plain numbers; draw() paints it; canvas.c
 * does the text, the scale and the output.  The area's line is drawn last,
 * so that it lies on top of its references.
 */
#include "render/trend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#define DEFAULT_WIDTH 800
/* Below this the end labels leave too little room for a line over the years. */
#define MIN_WIDTH 360
#define MIN_WIDTH_LEGEND 300 /* with the legend below, the lines have the whole width */
#define SWATCH_W 24.0      /* a legend row's sample of its line and marker */
#define SWATCH_GAP 6.0
#define PLOT_H 260.0       /* the plot's height: a trend reads best wider than high */
#define PAD 18.0           /* between the frame and the first and last period */
#define TICK_GAP 8.0       /* between the value labels and the frame */
#define LABEL_GAP 10.0     /* between the last point and its end label */
#define LABEL_CAP 0.30     /* share of the width the end labels may take */
#define LABEL_SPACING 2.0  /* between two nudged end labels */
#define TARGET_TICKS 5
#define ROW_GAP 6.0
#define MARKER_R 4.5
#define WHISKER_CAP 4.0    /* half the width of a whisker's end */
#define WHISKER_STEP 12.0  /* between the stems of two series' whiskers: one beside a marker's rim, not under it */
#define TEXT_LEN 512

#define C_SHADE 0xF0F0F0   /* the period before the marker: a light grey, no hue */

/* The area first, then the references in the colours of the reference lines. */
static bp_line_style series_style(size_t i)
{
	if (i == 0) {
		bp_line_style s = { BP_TREND_RGB_AREA, 2.5, { 0, 0 }, 0 };
		return s;
	}
	return bp_ref_styles[(i - 1) % bp_n_ref_styles];
}

/* Marker shapes repeat what the colours say, for readers who cannot tell the colours apart. */
enum shape { SHAPE_CIRCLE, SHAPE_SQUARE, SHAPE_DIAMOND, SHAPE_TRIANGLE };

static enum shape series_shape(size_t i)
{
	static const enum shape shapes[] = { SHAPE_CIRCLE, SHAPE_SQUARE, SHAPE_DIAMOND, SHAPE_TRIANGLE };
	return shapes[i % 4];
}

static enum bp_font series_font(size_t i)
{
	return i == 0 ? BP_F_LABEL_BOLD : BP_F_LABEL;
}

/* An interval end, where the series has intervals at all. */
static double value_at(const double *arr, size_t t)
{
	return arr ? arr[t] : NAN;
}

/* Whether series s draws a whisker at period t: an interval without one
 * at a neighbouring period (neighbours make a band instead). */
static int has_interval(const bp_trend_series *s, size_t t)
{
	return s->ci_lo && s->ci_hi && isfinite(s->ci_lo[t]) && isfinite(s->ci_hi[t]);
}

static int lone_interval(const bp_trend_series *s, size_t t, size_t np)
{
	return has_interval(s, t) && !(t > 0 && has_interval(s, t - 1)) && !(t + 1 < np && has_interval(s, t + 1));
}

/*
 * Whiskers of several series at one period would be drawn on top of each
 * other, and only the colour (not to all readers) would tell whose is whose:
 * they are dodged, as chart tools do with overlapping error bars.  Each
 * series that draws any whisker gets one offset for the whole chart, in
 * series order from the left, centred on the period; a series alone with
 * whiskers keeps them on its markers.  The spread stays inside the frame's
 * padding around the first and last period.  offset[i] is NAN for a series
 * without whiskers.
 */
static void whisker_offsets(const bp_trend *c, double *offset)
{
	size_t np = c->n_periods, ns = c->n_series, m = 0;
	for (size_t i = 0; i < ns; i++) {
		int any = 0;
		for (size_t t = 0; t < np; t++)
			any |= lone_interval(&c->series[i], t, np);
		offset[i] = any ? (double)m++ : NAN;
	}
	double step = m > 1 ? fmin(WHISKER_STEP, 2 * (PAD - WHISKER_CAP) / (double)(m - 1)) : 0;
	for (size_t i = 0; i < ns; i++)
		offset[i] = (offset[i] - (double)(m - 1) / 2) * step;
}

/* How far right of the last period its whiskers reach (0 without any there). */
static double whiskers_right(const bp_trend *c, const double *offset)
{
	double right = 0;
	for (size_t i = 0; i < c->n_series; i++)
		if (lone_interval(&c->series[i], c->n_periods - 1, c->n_periods))
			right = fmax(right, offset[i] + WHISKER_CAP);
	return right;
}

static void place_whiskers(const bp_trend *c, const double *offset, bp_trend_layout *lay)
{
	size_t np = c->n_periods;
	for (size_t i = 0; i < c->n_series; i++)
		for (size_t t = 0; t < np; t++)
			lay->whisker_x[i * np + t] = lone_interval(&c->series[i], t, np) ? lay->period_x[t] + offset[i] : NAN;
}

/*
 * The year a period label starts with: "2012" -> 2012, "2019/2020" -> 2019,
 * "2022-Q3" -> 2022.  NAN when the label holds no number.
 */
static double period_year(const char *p)
{
	if (!p)
		return NAN;
	while (*p && (*p < '0' || *p > '9'))
		p++;
	if (!*p)
		return NAN;
	return strtod(p, NULL);
}

static bp_rc check_chart(const bp_trend *c, bp_error *err)
{
	if (!c)
		return bp_fail(err, BP_ERR_INTERNAL, "no chart given");
	if ((c->n_periods && !c->periods) || (c->n_series && !c->series))
		return bp_fail(err, BP_ERR_INTERNAL, "trend chart has a count of periods or series but no array");
	for (size_t i = 0; i < c->n_series; i++)
		if (c->n_periods && !c->series[i].value)
			return bp_fail(err, BP_ERR_INTERNAL, "trend series %zu has no values", i);
	if (c->n_periods == 0)
		return bp_fail(err, BP_ERR_RENDER, "trend chart \"%s\" has no periods",
		               c->title ? c->title : "");
	int min = c->legend_below ? MIN_WIDTH_LEGEND : MIN_WIDTH;
	if (c->width != 0 && c->width < min) {
		bp_fail(err, BP_ERR_RENDER, "chart width %d is too small", c->width);
		bp_error_hint(err, "use a width of at least %d", min);
		return BP_ERR_RENDER;
	}
	return BP_OK;
}

/* "Oss 45,8%", or "Oss 44,5% (2016)" when the line ends before the last period. */
static void end_text(char *buf, size_t size, const bp_trend *c, size_t i, size_t last)
{
	char num[64];
	const bp_trend_series *s = &c->series[i];
	bp_value_text_lang(c->lang, num, sizeof(num), s->value[last], c->decimals, c->unit);
	char cut[BP_NAME_BUF]; /* a name from a file: bounded (canvas.h) */
	const char *label = bp_name_cut(cut, sizeof(cut), bp_has_text(s->label) ? s->label : "");
	if (last + 1 < c->n_periods)
		snprintf(buf, size, "%s%s%s (%s)", label, *label ? " " : "", num, c->periods[last]);
	else
		snprintf(buf, size, "%s%s%s", label, *label ? " " : "", num);
}

/* Index of the last finite value of series i, or n_periods when it has none. */
static size_t last_value(const bp_trend *c, size_t i)
{
	for (size_t t = c->n_periods; t-- > 0;)
		if (isfinite(c->series[i].value[t]))
			return t;
	return c->n_periods;
}

static double y_of(const bp_trend_layout *lay, double v)
{
	bp_scale s = { lay->scale_min, lay->scale_max, lay->tick_step, lay->n_ticks, lay->tick_decimals };
	return bp_scale_map(&s, v, lay->plot_y1, lay->plot_y0);
}

static double x_of_year(const bp_trend_layout *lay, double year)
{
	return lay->plot_x0 + (year - lay->year_min) / (lay->year_max - lay->year_min) *
	       (lay->plot_x1 - lay->plot_x0);
}

/*
 * End labels sit at the height of their line's last value; where two would
 * overlap they are pushed apart, downwards first, then back up as a group
 * if that pushed the lowest below the plot.
 */
static void nudge_labels(bp_trend_layout *lay, const size_t *order, size_t n, double h)
{
	double gap = h + LABEL_SPACING;
	for (size_t j = 1; j < n; j++) {
		double *y = &lay->label_y[order[j]];
		*y = fmax(*y, lay->label_y[order[j - 1]] + gap);
	}
	if (n && lay->label_y[order[n - 1]] > lay->plot_y1) {
		lay->label_y[order[n - 1]] = lay->plot_y1;
		for (size_t j = n - 1; j-- > 0;) {
			double *y = &lay->label_y[order[j]];
			*y = fmin(*y, lay->label_y[order[j + 1]] - gap);
		}
	}
}

static void sort_by_y(size_t *order, size_t n, const double *y)
{
	/* Insertion sort: a handful of series, and stable, so ties keep the series order. */
	for (size_t j = 1; j < n; j++) {
		size_t v = order[j];
		size_t m = j;
		while (m > 0 && y[order[m - 1]] > y[v]) {
			order[m] = order[m - 1];
			m--;
		}
		order[m] = v;
	}
}

/* "Geen gegevens: Oss 2016, Nederland 2012." in the arena, or NULL. */
static const char *missing_note(const bp_trend *c, bp_arena *a)
{
	bp_buf b;
	bp_buf_init(&b);
	char cut[BP_NAME_BUF]; /* names from files: bounded (canvas.h) */
	for (size_t i = 0; i < c->n_series; i++) {
		int first = 1;
		for (size_t t = 0; t < c->n_periods; t++) {
			if (isfinite(c->series[i].value[t]))
				continue;
			if (first)
				bp_buf_printf(&b, "%s%s ", b.len ? "; " : c->lang == BP_LANG_EN ? "No data: " : "Geen gegevens: ",
				              bp_name_cut(cut, sizeof(cut), bp_has_text(c->series[i].label) ? c->series[i].label : "?"));
			else
				bp_buf_adds(&b, ", ");
			bp_buf_adds(&b, c->periods[t] ? c->periods[t] : "?");
			first = 0;
		}
	}
	/* A band is only read right when it says what it is: a 95% interval,
	 * or, for a translated value, the span of the bounds of the areas it
	 * came from, which has no confidence level (named by its periods). */
	for (size_t i = 0; i < c->n_series; i++) {
		const bp_trend_series *s = &c->series[i];
		int has_ci = 0;
		bp_buf spans;
		bp_buf_init(&spans);
		for (size_t t = 0; s->ci_lo && s->ci_hi && t < c->n_periods; t++) {
			if (!isfinite(s->ci_lo[t]) || !isfinite(s->ci_hi[t]))
				continue;
			if (s->span && s->span[t])
				bp_buf_printf(&spans, "%s%s", spans.len ? ", " : "", c->periods[t] ? c->periods[t] : "?");
			else
				has_ci = 1;
		}
		if (has_ci || spans.len)
			bp_buf_printf(&b, c->lang == BP_LANG_EN ? "%sBand around the line of %s: " : "%sVlak om de lijn van %s: ",
			              b.len ? ". " : "",
			              bp_name_cut(cut, sizeof(cut), bp_has_text(s->label) ? s->label : "?"));
		if (has_ci)
			bp_buf_adds(&b, c->lang == BP_LANG_EN ? "95% interval" : "95%-interval");
		if (spans.len) {
			const char *what = bp_has_text(s->span_label)
				? s->span_label
				: c->lang == BP_LANG_EN ? "from the lowest to the highest bound of the areas the value was converted from"
				                        : "van de laagste tot de hoogste grens van de gebieden waaruit de waarde is "
				                          "omgerekend";
			if (has_ci)
				bp_buf_printf(&b, "; in %s: %s", spans.data, what);
			else
				bp_buf_adds(&b, what);
		}
		bp_buf_release(&spans);
	}
	/* A translated value is not a measurement on these borders: the open
	 * marker is only read right when the note says what it is. */
	for (size_t i = 0; i < c->n_series; i++) {
		const bp_trend_series *s = &c->series[i];
		int has_open = 0;
		for (size_t t = 0; s->open && t < c->n_periods; t++)
			has_open |= s->open[t] && isfinite(s->value[t]);
		if (has_open)
			bp_buf_printf(&b, c->lang == BP_LANG_EN ? "%sOpen point of %s: %s" : "%sOpen punt van %s: %s",
			              b.len ? ". " : "",
			              bp_name_cut(cut, sizeof(cut), bp_has_text(s->label) ? s->label : "?"),
			              bp_has_text(s->open_label) ? s->open_label
			                                            : bp_tr(c->lang, "omgerekend van een andere indeling"));
	}
	const char *note = NULL;
	if (b.len) {
		bp_buf_addc(&b, '.');
		note = bp_arena_strdup(a, b.data);
	}
	bp_buf_release(&b);
	return note;
}

static double row_height(const bp_ink *k, enum bp_font f)
{
	return bp_text_height(k, f, "Ag", 0);
}

static bp_rc compute(const bp_trend *c, const bp_ink *k, bp_arena *a, bp_trend_layout *lay,
                     bp_error *err)
{
	char buf[TEXT_LEN];
	bp_rc rc = check_chart(c, err);
	if (rc)
		return rc;

	memset(lay, 0, sizeof(*lay));
	size_t np = c->n_periods, ns = c->n_series;
	lay->width = c->width ? c->width : DEFAULT_WIDTH;
	lay->n_periods = np;
	lay->n_series = ns;
	lay->period_year = bp_arena_alloc(a, (np + 1) * sizeof(double));
	lay->period_x = bp_arena_alloc(a, (np + 1) * sizeof(double));
	lay->point_y = bp_arena_alloc(a, (ns * np + 1) * sizeof(double));
	lay->whisker_x = bp_arena_alloc(a, (ns * np + 1) * sizeof(double));
	lay->label_x = bp_arena_alloc(a, (ns + 1) * sizeof(double));
	lay->label_y = bp_arena_alloc(a, (ns + 1) * sizeof(double));
	lay->label_anchor_y = bp_arena_alloc(a, (ns + 1) * sizeof(double));

	/* Years from the labels; without a number in every label, evenly spaced instead. */
	int by_year = 1;
	for (size_t t = 0; t < np; t++)
		if (!isfinite(period_year(c->periods[t])))
			by_year = 0;
	for (size_t t = 0; t < np; t++) {
		lay->period_year[t] = by_year ? period_year(c->periods[t]) : (double)t;
		if (t > 0 && !(lay->period_year[t] > lay->period_year[t - 1])) {
			bp_fail(err, BP_ERR_RENDER, "trend periods are not in time order: \"%s\" after \"%s\"",
			        c->periods[t], c->periods[t - 1]);
			bp_error_hint(err, "give the periods from old to new, each once");
			return BP_ERR_RENDER;
		}
	}
	lay->year_min = lay->period_year[0];
	lay->year_max = lay->period_year[np - 1];
	if (np == 1) {
		/* One period: a point in the middle of the plot. */
		lay->year_min -= 1;
		lay->year_max += 1;
	}

	/* The value scale: every value and interval end, with a little air. */
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 0; i < ns; i++) {
		const bp_trend_series *s = &c->series[i];
		for (size_t t = 0; t < np; t++) {
			double v[3] = { s->value[t], value_at(s->ci_lo, t), value_at(s->ci_hi, t) };
			for (int j = 0; j < 3; j++)
				if (isfinite(v[j])) {
					lo = fmin(lo, v[j]);
					hi = fmax(hi, v[j]);
				}
		}
	}
	if (c->shared_range && isfinite(c->shared_range[0]) && isfinite(c->shared_range[1])) {
		lo = fmin(lo, c->shared_range[0]);
		hi = fmax(hi, c->shared_range[1]);
	}
	if (!(lo <= hi))
		lo = 0, hi = 1;
	double air = (hi - lo) * 0.05;
	bp_scale sc;
	bp_nice_scale(lo - air, hi + air, TARGET_TICKS, &sc);
	/* A share that cannot be negative does not get a negative axis. */
	if (lo >= 0 && sc.min < 0) {
		bp_nice_scale(0, hi + air, TARGET_TICKS, &sc);
	}
	lay->scale_min = sc.min;
	lay->scale_max = sc.max;
	lay->tick_step = sc.step;
	lay->n_ticks = sc.n_ticks;
	lay->tick_decimals = sc.decimals;

	bp_frame fr;
	bp_frame_place(k, c->title, c->subtitle, lay->width, &fr);
	lay->title_y = fr.title_y;
	lay->subtitle_y = fr.subtitle_y;
	double y = fr.body_y;

	/* Rows above the plot for the marker's label and the names of the two periods. */
	int has_marker = isfinite(c->marker.year);
	if (has_marker && bp_has_text(c->marker.label))
		y += row_height(k, BP_F_LABEL) + ROW_GAP;
	if (has_marker && (bp_has_text(c->marker.before) || bp_has_text(c->marker.after)))
		y += row_height(k, BP_F_NOTE) + ROW_GAP;
	/* Half a label of room, so the top tick label stays below the text above. */
	lay->plot_y0 = ceil(y + row_height(k, BP_F_TICK) / 2);
	lay->plot_y1 = lay->plot_y0 + PLOT_H;

	/* Horizontal: tick labels, frame, [pad, years, pad], end labels. */
	double tick_w = 0;
	for (int i = 0; i < lay->n_ticks; i++) {
		bp_value_text_lang(c->lang, buf, sizeof(buf), bp_scale_tick(&sc, i), sc.decimals, c->unit);
		tick_w = fmax(tick_w, bp_text_width(k, BP_F_TICK, buf));
	}
	double labels_w = 0;
	for (size_t i = 0; i < ns; i++) {
		size_t last = last_value(c, i);
		if (last == np)
			continue;
		end_text(buf, sizeof(buf), c, i, last);
		labels_w = fmax(labels_w, bp_text_width(k, series_font(i), buf));
	}
	labels_w = ceil(fmin(labels_w, LABEL_CAP * lay->width));
	/* The end labels and their leaders start right of the last period's markers and dodged whiskers. */
	double *offset = bp_arena_alloc(a, (ns + 1) * sizeof(double));
	whisker_offsets(c, offset);
	double w_right = whiskers_right(c, offset);
	lay->leader_x0 = fmax(MARKER_R + 2, w_right + 2);
	double label_gap = fmax(LABEL_GAP, w_right + 6);
	lay->plot_x0 = ceil(BP_MARGIN + tick_w + TICK_GAP + PAD);
	if (c->legend_below)
		lay->plot_x1 = floor(lay->width - BP_MARGIN - PAD);   /* the frame ends at the margin */
	else
		lay->plot_x1 = floor(lay->width - BP_MARGIN - labels_w - label_gap);
	/* The last period label may stick out beyond the frame by half its width. */
	double last_w = bp_text_width(k, BP_F_TICK, c->periods[np - 1]);
	lay->plot_x1 = fmin(lay->plot_x1, lay->width - BP_MARGIN - last_w / 2);
	if (lay->plot_x1 - lay->plot_x0 < 4 * PAD) {
		bp_fail(err, BP_ERR_RENDER, "chart width %g leaves no room for the lines beside the labels",
		        lay->width);
		bp_error_hint(err, "make the chart wider or the series names shorter");
		return BP_ERR_RENDER;
	}

	for (size_t t = 0; t < np; t++)
		lay->period_x[t] = x_of_year(lay, lay->period_year[t]);
	for (size_t i = 0; i < ns; i++)
		for (size_t t = 0; t < np; t++) {
			double v = c->series[i].value[t];
			lay->point_y[i * np + t] = isfinite(v) ? y_of(lay, v) : NAN;
		}
	place_whiskers(c, offset, lay);
	lay->leader_x0 += lay->plot_x1;

	/* End labels beside the last point of the frame, nudged apart. */
	size_t *order = bp_arena_alloc(a, (ns + 1) * sizeof(size_t));
	size_t n_labels = 0;
	for (size_t i = 0; i < ns; i++) {
		size_t last = last_value(c, i);
		if (last == np) {
			lay->label_x[i] = lay->label_y[i] = lay->label_anchor_y[i] = NAN;
			continue;
		}
		lay->label_x[i] = lay->plot_x1 + label_gap;
		lay->label_anchor_y[i] = lay->label_y[i] = lay->point_y[i * np + last];
		order[n_labels++] = i;
	}
	if (!c->legend_below) {
		sort_by_y(order, n_labels, lay->label_y);
		nudge_labels(lay, order, n_labels, row_height(k, BP_F_LABEL));
	}

	lay->marker_x = NAN;
	if (has_marker) {
		double mx = x_of_year(lay, c->marker.year);
		/* Outside the frame it would mark nothing that is drawn. */
		if (mx >= lay->plot_x0 - PAD && mx <= lay->plot_x1 + PAD)
			lay->marker_x = mx;
	}

	lay->axis_y = lay->plot_y1 + 6;
	y = lay->axis_y + row_height(k, BP_F_TICK) + 12;
	lay->legend_y = y;
	if (c->legend_below) {
		/* A row per series in the order given (the area first), its label
		 * where the row is: no leader from the line's end. */
		double rh = row_height(k, BP_F_LABEL_BOLD);
		for (size_t j = 0; j < n_labels; j++) {
			size_t i = order[j];
			lay->label_x[i] = BP_MARGIN + SWATCH_W + SWATCH_GAP;
			lay->label_y[i] = lay->label_anchor_y[i] = y + rh / 2;
			y += rh + LABEL_SPACING;
		}
		if (n_labels)
			y += 8;
	}
	lay->note = missing_note(c, a);
	lay->note_y = y;
	if (lay->note)
		y += bp_text_height(k, BP_F_NOTE, lay->note, lay->width - 2 * BP_MARGIN) + 6;
	lay->source_y = y;
	if (bp_has_text(c->source))
		y += bp_source_height(k, c->source, lay->width);
	else
		y -= 8;
	lay->height = ceil(y + BP_MARGIN - 4);
	return BP_OK;
}

bp_rc bp_trend_compute_layout(const bp_trend *chart, bp_arena *a, bp_trend_layout *lay,
                              bp_error *err)
{
	bp_ink k = { 0 };
	bp_ink_open(&k);
	bp_rc rc = compute(chart, &k, a, lay, err);
	bp_ink_close(&k);
	return rc;
}

/* --- drawing ------------------------------------------------------------- */

static void draw_marker_shape(cairo_t *cr, enum shape sh, double x, double y, double r)
{
	switch (sh) {
	case SHAPE_CIRCLE:
		cairo_new_sub_path(cr);
		cairo_arc(cr, x, y, r, 0, 2 * M_PI);
		break;
	case SHAPE_SQUARE:
		r *= 0.9;
		cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
		break;
	case SHAPE_DIAMOND:
		r *= 1.25;
		cairo_move_to(cr, x, y - r);
		cairo_line_to(cr, x + r, y);
		cairo_line_to(cr, x, y + r);
		cairo_line_to(cr, x - r, y);
		cairo_close_path(cr);
		break;
	case SHAPE_TRIANGLE:
		r *= 1.25;
		cairo_move_to(cr, x, y - r);
		cairo_line_to(cr, x + r * 0.95, y + r * 0.7);
		cairo_line_to(cr, x - r * 0.95, y + r * 0.7);
		cairo_close_path(cr);
		break;
	}
}

static void draw_background(const bp_trend *c, const bp_trend_layout *lay, const bp_ink *k, cairo_t *cr)
{
	double fx0 = lay->plot_x0 - PAD, fx1 = lay->plot_x1 + PAD;
	if (!isfinite(lay->marker_x))
		return;
	double mx = lay->marker_x;
	if (bp_has_text(c->marker.before)) {
		/* Shading says "this part is the situation before", without a hue to decode. */
		bp_set_rgb(cr, C_SHADE);
		cairo_rectangle(cr, fx0, lay->plot_y0, mx - fx0, lay->plot_y1 - lay->plot_y0);
		cairo_fill(cr);
	}
	double y = lay->plot_y0 - row_height(k, BP_F_TICK) / 2;
	double h;
	if (bp_has_text(c->marker.before) || bp_has_text(c->marker.after)) {
		y -= row_height(k, BP_F_NOTE) + ROW_GAP;
		if (bp_has_text(c->marker.before)) {
			PangoLayout *l = bp_text(k, BP_F_NOTE, c->marker.before, mx - 6 - fx0,
			                         BP_FIT_ELLIPSIZE, PANGO_ALIGN_RIGHT);
			bp_show(cr, l, fx0, y, BP_RGB_SUBTLE);
			g_object_unref(l);
		}
		if (bp_has_text(c->marker.after)) {
			PangoLayout *l = bp_text(k, BP_F_NOTE, c->marker.after, fx1 - mx - 6,
			                         BP_FIT_ELLIPSIZE, PANGO_ALIGN_LEFT);
			bp_show(cr, l, mx + 6, y, BP_RGB_SUBTLE);
			g_object_unref(l);
		}
	}
	double top = y;
	if (bp_has_text(c->marker.label)) {
		y -= row_height(k, BP_F_LABEL) + ROW_GAP;
		top = y;
		/* Right of the line if it fits there, else ending at the line. */
		double w = bp_text_width(k, BP_F_LABEL, c->marker.label);
		PangoLayout *l;
		if (mx + 6 + w <= lay->width - BP_MARGIN || mx - fx0 < fx1 - mx) {
			l = bp_text(k, BP_F_LABEL, c->marker.label, lay->width - BP_MARGIN - mx - 6,
			            BP_FIT_ELLIPSIZE, PANGO_ALIGN_LEFT);
			bp_show(cr, l, mx + 6, y, BP_RGB_TEXT);
		} else {
			l = bp_text(k, BP_F_LABEL, c->marker.label, mx - 6 - BP_MARGIN,
			            BP_FIT_ELLIPSIZE, PANGO_ALIGN_RIGHT);
			bp_text_size(l, &w, &h);
			bp_show(cr, l, mx - 6 - w, y, BP_RGB_TEXT);
		}
		g_object_unref(l);
	}
	cairo_save(cr);
	bp_set_rgb(cr, BP_RGB_SUBTLE);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, bp_crisp(mx), top);
	cairo_line_to(cr, bp_crisp(mx), lay->plot_y1);
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void draw_axes(const bp_trend *c, const bp_trend_layout *lay, const bp_ink *k, cairo_t *cr)
{
	char buf[TEXT_LEN];
	bp_scale sc = { lay->scale_min, lay->scale_max, lay->tick_step, lay->n_ticks, lay->tick_decimals };
	double fx0 = lay->plot_x0 - PAD, fx1 = lay->plot_x1 + PAD;

	cairo_save(cr);
	cairo_set_line_width(cr, 1);
	bp_set_rgb(cr, BP_RGB_GRID);
	for (int i = 1; i < lay->n_ticks; i++) {
		double y = bp_crisp(y_of(lay, bp_scale_tick(&sc, i)));
		cairo_move_to(cr, fx0, y);
		cairo_line_to(cr, fx1, y);
	}
	cairo_stroke(cr);
	/* The bottom line is the base of the chart: darker than the grid. */
	bp_set_rgb(cr, BP_RGB_ZERO);
	cairo_move_to(cr, fx0, bp_crisp(lay->plot_y1 - 1));
	cairo_line_to(cr, fx1, bp_crisp(lay->plot_y1 - 1));
	for (size_t t = 0; t < lay->n_periods; t++) {
		cairo_move_to(cr, bp_crisp(lay->period_x[t]), lay->plot_y1);
		cairo_line_to(cr, bp_crisp(lay->period_x[t]), lay->plot_y1 + 4);
	}
	cairo_stroke(cr);
	cairo_restore(cr);

	for (int i = 0; i < lay->n_ticks; i++) {
		double v = bp_scale_tick(&sc, i);
		bp_value_text_lang(c->lang, buf, sizeof(buf), v, sc.decimals, c->unit);
		PangoLayout *l = bp_text(k, BP_F_TICK, buf, 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
		double w, h;
		bp_text_size(l, &w, &h);
		bp_show(cr, l, fx0 - TICK_GAP - w, y_of(lay, v) - h / 2, BP_RGB_SUBTLE);
		g_object_unref(l);
	}

	/* Period labels, skipping any that would touch the one before (yearly series). */
	double right = -INFINITY;
	for (size_t t = 0; t < lay->n_periods; t++) {
		PangoLayout *l = bp_text(k, BP_F_TICK, c->periods[t], 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
		double w;
		bp_text_size(l, &w, NULL);
		double x = lay->period_x[t] - w / 2;
		if (x >= right + 8) {
			bp_show(cr, l, x, lay->axis_y + 2, BP_RGB_SUBTLE);
			right = x + w;
		}
		g_object_unref(l);
	}
}

static void draw_band(const bp_trend *c, const bp_trend_layout *lay, size_t i, cairo_t *cr)
{
	const bp_trend_series *s = &c->series[i];
	bp_line_style st = series_style(i);
	if (!s->ci_lo || !s->ci_hi)
		return;
	size_t np = c->n_periods;
	for (size_t t = 0; t < np;) {
		if (!isfinite(s->ci_lo[t]) || !isfinite(s->ci_hi[t])) {
			t++;
			continue;
		}
		size_t end = t;
		while (end + 1 < np && isfinite(s->ci_lo[end + 1]) && isfinite(s->ci_hi[end + 1]))
			end++;
		cairo_save(cr);
		/* Text drawing leaves a current point; a band must not start from it. */
		cairo_new_path(cr);
		bp_set_rgb(cr, st.rgb);
		if (end == t) {
			/* A lone interval has no neighbour to make a band with: a whisker, at its dodged place. */
			double x = lay->whisker_x[i * np + t];
			cairo_set_line_width(cr, 1.5);
			cairo_move_to(cr, x, y_of(lay, s->ci_lo[t]));
			cairo_line_to(cr, x, y_of(lay, s->ci_hi[t]));
			cairo_move_to(cr, x - WHISKER_CAP, y_of(lay, s->ci_lo[t]));
			cairo_line_to(cr, x + WHISKER_CAP, y_of(lay, s->ci_lo[t]));
			cairo_move_to(cr, x - WHISKER_CAP, y_of(lay, s->ci_hi[t]));
			cairo_line_to(cr, x + WHISKER_CAP, y_of(lay, s->ci_hi[t]));
			cairo_stroke(cr);
		} else {
			for (size_t u = t; u <= end; u++)
				cairo_line_to(cr, lay->period_x[u], y_of(lay, s->ci_hi[u]));
			for (size_t u = end + 1; u-- > t;)
				cairo_line_to(cr, lay->period_x[u], y_of(lay, s->ci_lo[u]));
			cairo_close_path(cr);
			/* Light enough that the other lines show through it. */
			cairo_clip(cr);
			cairo_paint_with_alpha(cr, 0.16);
			cairo_reset_clip(cr);
			if (i > 0) {
				/* A reference's band (its own estimate's interval, a survey's gemeente) is edged in its
				 * line's colour and dash: told from the area's band, which has no edges, by more than hue. */
				bp_set_band_edge(cr, &st);
				cairo_new_path(cr);
				for (size_t u = t; u <= end; u++)
					cairo_line_to(cr, lay->period_x[u], y_of(lay, s->ci_hi[u]));
				cairo_new_sub_path(cr);
				for (size_t u = t; u <= end; u++)
					cairo_line_to(cr, lay->period_x[u], y_of(lay, s->ci_lo[u]));
				cairo_stroke(cr);
			}
		}
		cairo_restore(cr);
		t = end + 1;
	}
}

/* The line of series i, broken wherever a value is missing. */
static void draw_line(const bp_trend_layout *lay, size_t i, cairo_t *cr)
{
	size_t np = lay->n_periods;
	const double *py = &lay->point_y[i * np];
	bp_line_style st = series_style(i);
	cairo_save(cr);
	bp_set_line_style(cr, &st);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_new_path(cr);
	for (size_t t = 0; t + 1 < np; t++) {
		if (!isfinite(py[t]) || !isfinite(py[t + 1]))
			continue;
		if (t == 0 || !isfinite(py[t - 1]))
			cairo_move_to(cr, lay->period_x[t], py[t]);
		cairo_line_to(cr, lay->period_x[t + 1], py[t + 1]);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void draw_markers(const bp_trend *c, const bp_trend_layout *lay, size_t i, cairo_t *cr)
{
	size_t np = lay->n_periods;
	const double *py = &lay->point_y[i * np];
	const unsigned char *open = c->series[i].open;
	bp_line_style st = series_style(i);
	for (size_t t = 0; t < np; t++) {
		if (!isfinite(py[t]))
			continue;
		/* A white rim keeps markers apart where lines meet. */
		draw_marker_shape(cr, series_shape(i), lay->period_x[t], py[t], MARKER_R + 1.2);
		bp_set_rgb(cr, BP_RGB_BACKGROUND);
		cairo_fill(cr);
		draw_marker_shape(cr, series_shape(i), lay->period_x[t], py[t], MARKER_R);
		bp_set_rgb(cr, st.rgb);
		if (open && open[t]) {
			/* Open: the line's colour as a ring, the inside left white. */
			cairo_save(cr);
			cairo_set_line_width(cr, 1.6);
			cairo_stroke(cr);
			cairo_restore(cr);
		} else {
			cairo_fill(cr);
		}
	}
}

static void draw_end_labels(const bp_trend *c, const bp_trend_layout *lay, const bp_ink *k,
                            cairo_t *cr)
{
	char buf[TEXT_LEN];
	for (size_t i = 0; i < c->n_series; i++) {
		if (!isfinite(lay->label_x[i]))
			continue;
		end_text(buf, sizeof(buf), c, i, last_value(c, i));
		double x = lay->label_x[i];
		PangoLayout *l = bp_text(k, series_font(i), buf, lay->width - BP_MARGIN - x,
		                         BP_FIT_ELLIPSIZE, PANGO_ALIGN_LEFT);
		double h;
		bp_text_size(l, NULL, &h);
		/* The label's colour is its line's: a legend needs no lookup. Text stays dark
		 * enough for reading: the lighter line colours only for the leader. */
		bp_line_style st = series_style(i);
		if (c->legend_below) {
			/* the sample: a stretch of the line with its marker */
			cairo_save(cr);
			bp_set_line_style(cr, &st);
			cairo_new_path(cr);
			cairo_move_to(cr, BP_MARGIN, lay->label_y[i]);
			cairo_line_to(cr, BP_MARGIN + SWATCH_W, lay->label_y[i]);
			cairo_stroke(cr);
			cairo_restore(cr);
			draw_marker_shape(cr, series_shape(i), BP_MARGIN + SWATCH_W / 2, lay->label_y[i], MARKER_R);
			bp_set_rgb(cr, st.rgb);
			cairo_fill(cr);
		}
		if (fabs(lay->label_y[i] - lay->label_anchor_y[i]) > 1) {
			cairo_save(cr);
			bp_set_rgb(cr, st.rgb);
			cairo_set_line_width(cr, 1);
			cairo_move_to(cr, lay->leader_x0, lay->label_anchor_y[i]);
			cairo_line_to(cr, x - 2, lay->label_y[i]);
			cairo_stroke(cr);
			cairo_restore(cr);
		}
		bp_show_with_halo(cr, l, x, lay->label_y[i] - h / 2, i == 0 ? BP_TREND_RGB_AREA : BP_RGB_TEXT);
		g_object_unref(l);
	}
}

static void draw(const bp_trend *c, const bp_trend_layout *lay, const bp_ink *k, cairo_t *cr)
{
	bp_set_rgb(cr, BP_RGB_BACKGROUND);
	cairo_paint(cr);
	bp_frame fr = { lay->title_y, lay->subtitle_y, 0 };
	bp_frame_draw(k, cr, c->title, c->subtitle, lay->width, &fr);
	draw_background(c, lay, k, cr);
	draw_axes(c, lay, k, cr);
	for (size_t i = c->n_series; i-- > 0;)
		draw_band(c, lay, i, cr);
	/* References first, the area last, so the area lies on top. */
	for (size_t i = c->n_series; i-- > 0;)
		draw_line(lay, i, cr);
	for (size_t i = c->n_series; i-- > 0;)
		draw_markers(c, lay, i, cr);
	draw_end_labels(c, lay, k, cr);
	if (lay->note) {
		PangoLayout *l = bp_text(k, BP_F_NOTE, lay->note, lay->width - 2 * BP_MARGIN, BP_FIT_WRAP,
		                         PANGO_ALIGN_LEFT);
		bp_show(cr, l, BP_MARGIN, lay->note_y, BP_RGB_MISSING);
		g_object_unref(l);
	}
	bp_source_draw(k, cr, c->source, lay->width, lay->source_y);
}

/* --- output -------------------------------------------------------------- */

static bp_rc ops_layout(const void *chart, const bp_ink *k, bp_arena *a, void **lay,
                        double *width, double *height, bp_error *err)
{
	bp_trend_layout *l = bp_arena_alloc(a, sizeof(*l));
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

static const bp_chart_ops TREND_OPS = { ops_layout, ops_draw };

const bp_chart_ops *bp_trend_ops(void)
{
	return &TREND_OPS;
}

bp_rc bp_trend_render(const bp_trend *chart, bp_image_format fmt, unsigned char **out,
                      size_t *len, bp_error *err)
{
	return bp_canvas_render(&TREND_OPS, chart, chart ? chart->title : NULL, fmt, out, len, err);
}

bp_rc bp_trend_write(const bp_trend *chart, bp_image_format fmt, const char *path,
                     bp_error *err)
{
	return bp_canvas_write(&TREND_OPS, chart, chart ? chart->title : NULL, fmt, path, err);
}
