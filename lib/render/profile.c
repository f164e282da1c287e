/*
 * profile.c: the profile chart (see profile.h).
 *
 * Percentages are compared in percentage points and other units relatively,
 * so indicators of different units share one axis; the values themselves
 * stay readable in a column on the right, so nobody has to reconstruct
 * "45,8%" from a bar.
 */
#include "render/profile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/numfmt.h"

#define DEFAULT_WIDTH 800
#define MIN_WIDTH 420      /* titles, a plot and the values side by side */
#define MIN_WIDTH_STACKED 300 /* titles above the bars: a phone's width */
#define LABEL_SHARE 0.32   /* of the width, for the indicator titles */
#define HEAD_SHARE 0.18    /* of the width, at most, for the head over the values */
#define LABEL_LINES 2      /* longer titles end in an ellipsis */
#define LABEL_LINES_STACKED 3 /* stacked titles are narrower than the wide column: a line more */
#define TEXT_BAR_GAP 3.0   /* stacked: between a title and its bar */
#define COL_GAP 12.0
#define ROW_MIN 28.0
#define ROW_PAD 8.0        /* above and below a two-line title */
#define BAR_H 16.0
#define VALUE_GAP 5.0
#define MIN_PLOT_W 120.0
#define MIN_SPAN 10.0      /* points or percent: small differences should look small */
#define OUTLIER_RATIO 3.0  /* a bar this many times the next longest is clipped */
#define BREAK_AT 14.0      /* px before a clipped bar's end: the break mark */
#define TARGET_TICKS 6
#define TARGET_TICKS_STACKED 4
#define TEXT_LEN 512

#define C_WORSE_TEXT 0xA84A00
#define C_WHISKER 0x222222 /* dark over either bar colour and over white beside it */
#define WHISKER_W 2.0      /* px: the interval's line */
#define WHISKER_CAP 4.0    /* px above and below the line: the ends' ticks */
#define KEY_SAMPLE_W 18.0  /* px: the whisker drawn in the key line */
#define C_REF_BAND BP_PROFILE_RGB_REF_BAND
#define C_REF_EDGE BP_RGB_SUBTLE
#define REF_BAND_OUT 4.0   /* px the band reaches above and below the bar */

#define BETTER_TEXT(lang) ((lang) == BP_LANG_EN ? "better \u2192" : "gunstiger \u2192")
#define WORSE_TEXT(lang) ((lang) == BP_LANG_EN ? "\u2190 worse" : "\u2190 ongunstiger")
#define MISSING_TEXT "geen gegevens"
#define NO_REF_TEXT "geen vergelijking mogelijk"
#define POINTS_UNIT "%-punt"
#define KEY_TEXT(lang) ((lang) == BP_LANG_EN ? "line: 95% interval of the value" : "lijn: 95%-interval van de waarde")
#define REF_KEY_TEXT(lang) ((lang) == BP_LANG_EN ? "grey band around 0: 95%% interval of %s" \
                                                 : "grijs vlak om 0: 95%%-interval van %s")
/* Percentage points in English, as the Office for National Statistics writes them. */
#define POINTS_UNIT_EN "pp"

int bp_profile_in_points(const bp_profile_item *it)
{
	return it && it->unit && strcmp(it->unit, "%") == 0;
}

/* The raw difference of v (the value or an end of its interval) from the
 * reference, not flipped: points for a percentage, else percent of the reference. */
static double raw_diff_of(const bp_profile_item *it, double v)
{
	if (!it || !isfinite(v) || !isfinite(it->ref))
		return NAN;
	if (bp_profile_in_points(it))
		return v - it->ref;
	return it->ref > 0 ? (v / it->ref - 1) * 100 : NAN;
}

static double raw_diff(const bp_profile_item *it)
{
	return it ? raw_diff_of(it, it->value) : NAN;
}

/* v's favourable-side score: flipped so that right is always better (less loneliness is a gain). */
static double score_of(const bp_profile_item *it, double v)
{
	double d = raw_diff_of(it, v);
	return isfinite(d) && it->polarity == BP_PROFILE_HIGHER_WORSE ? -d : d;
}

double bp_profile_score(const bp_profile_item *it)
{
	return it ? score_of(it, it->value) : NAN;
}

int bp_profile_has_interval(const bp_profile_item *it)
{
	return it && isfinite(it->value) && isfinite(it->ci_low) && isfinite(it->ci_high) && it->ci_low < it->ci_high;
}

int bp_profile_has_ref_interval(const bp_profile_item *it)
{
	return it && isfinite(it->ref) && isfinite(it->ref_ci_low) && isfinite(it->ref_ci_high) &&
	       it->ref_ci_low < it->ref_ci_high;
}

int bp_profile_shown_decimals(const bp_profile_item *it)
{
	const double both[2] = { it->value, it->ref };
	return bp_decimals_apart(both, 2, it->decimals);
}

/* "95%-interval 38–49%": the ends with the value's decimals as shown, the unit once after the upper one. */
static void interval_words(bp_lang lang, char *buf, size_t size, double low, double high, const bp_profile_item *it)
{
	char lo[64], hi[64];
	int dec = bp_profile_shown_decimals(it);
	bp_value_text_lang(lang, lo, sizeof(lo), low, dec, "");
	bp_value_text_lang(lang, hi, sizeof(hi), high, dec, it->unit);
	snprintf(buf, size, "%s %s\u2013%s", lang == BP_LANG_EN ? "95% interval" : "95%-interval", lo, hi);
}

void bp_profile_interval_text(bp_lang lang, char *buf, size_t size, const bp_profile_item *it)
{
	if (!bp_profile_has_interval(it))
		snprintf(buf, size, "%s", "");
	else
		interval_words(lang, buf, size, it->ci_low, it->ci_high, it);
}

void bp_profile_ref_interval_text(bp_lang lang, char *buf, size_t size, const bp_profile_item *it)
{
	if (!bp_profile_has_ref_interval(it))
		snprintf(buf, size, "%s", "");
	else
		interval_words(lang, buf, size, it->ref_ci_low, it->ref_ci_high, it);
}

/* The raw difference with its sign, "-2,6%", "+4,5 %-punt": the side says
 * better or worse, the sign says higher or lower.  A difference in points
 * has the decimals of its values (at least one), so it is their difference
 * as shown. */
void bp_profile_diff_text(char *buf, size_t size, const bp_profile_item *it)
{
	bp_profile_diff_text_lang(BP_LANG_NL, buf, size, it);
}

void bp_profile_diff_text_lang(bp_lang lang, char *buf, size_t size, const bp_profile_item *it)
{
	double d = raw_diff(it);
	if (!isfinite(d)) {
		snprintf(buf, size, "%s", "");
		return;
	}
	int points = bp_profile_in_points(it);
	int dec = points && it->decimals > 1 ? it->decimals : 1;
	bp_numfmt_unit(lang, buf, size, d, dec, points ? (lang == BP_LANG_EN ? POINTS_UNIT_EN : POINTS_UNIT) : "%", 1);
}

/* "45,8% (47,0%)": the area's value and the reference's, with a digit more
 * where they would read the same beside a bar that says they differ. */
static void values_text(bp_lang lang, char *buf, size_t size, const bp_profile_item *it)
{
	char a[64], r[64];
	int dec = bp_profile_shown_decimals(it);
	if (isfinite(it->value))
		bp_value_text_lang(lang, a, sizeof(a), it->value, dec, it->unit);
	else
		snprintf(a, sizeof(a), "\u2013");
	if (isfinite(it->ref))
		bp_value_text_lang(lang, r, sizeof(r), it->ref, dec, it->unit);
	else
		snprintf(r, sizeof(r), "\u2013");
	snprintf(buf, size, "%s (%s)", a, r);
}

static const char *note_text(bp_lang lang, const bp_profile_item *it)
{
	if (!isfinite(it->value))
		return bp_has_text(it->missing_reason) ? it->missing_reason : bp_tr(lang, MISSING_TEXT);
	return bp_tr(lang, NO_REF_TEXT);
}

static void head_text(char *buf, size_t size, const bp_profile *c)
{
	/* Both names cut (BP_NAME_MAX_CHARS): the head sets the value column's
	 * width, and a 76-character catchment name left no room for the bars. */
	char area[BP_NAME_BUF], ref[BP_NAME_BUF];
	snprintf(buf, size, "%s (%s)",
	         bp_name_cut(area, sizeof(area), bp_has_text(c->area) ? c->area : bp_tr(c->lang, "gebied")),
	         bp_name_cut(ref, sizeof(ref), bp_has_text(c->reference) ? c->reference : bp_tr(c->lang, "referentie")));
}

static bp_rc check_chart(const bp_profile *c, bp_error *err)
{
	if (!c)
		return bp_fail(err, BP_ERR_INTERNAL, "no chart given");
	if (c->n_items && !c->items)
		return bp_fail(err, BP_ERR_INTERNAL, "profile chart has a count of items but no array");
	int min = c->stacked ? MIN_WIDTH_STACKED : MIN_WIDTH;
	if (c->width != 0 && c->width < min) {
		bp_fail(err, BP_ERR_RENDER, "chart width %d is too small", c->width);
		bp_error_hint(err, "use a width of at least %d", min);
		return BP_ERR_RENDER;
	}
	return BP_OK;
}

static double x_of(const bp_profile_layout *lay, double v)
{
	return lay->plot_x0 + (v - lay->scale_min) / (lay->scale_max - lay->scale_min) *
	       (lay->plot_x1 - lay->plot_x0);
}

/* An interval's ends (the value's or the reference's, lo and hi) as scores, in order (flipping swaps
 * them), cut at the axis ends as a bar is, into *x0 and *x1; NAN and 0 when there is none (has is 0, or
 * an end has no score). */
static int interval_x(const bp_profile_layout *lay, const bp_profile_item *it, int has, double lo, double hi,
                      double *x0, double *x1)
{
	*x0 = *x1 = NAN;
	double e0 = has ? score_of(it, lo) : NAN, e1 = has ? score_of(it, hi) : NAN;
	if (!isfinite(e0) || !isfinite(e1))
		return 0;
	*x0 = x_of(lay, fmax(lay->scale_min, fmin(lay->scale_max, fmin(e0, e1))));
	*x1 = x_of(lay, fmax(lay->scale_min, fmin(lay->scale_max, fmax(e0, e1))));
	return 1;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

/* The largest |score| the scale must show.  Sorted by size, the longest bar
 * is an outlier when it is more than OUTLIER_RATIO times the next (or than
 * MIN_SPAN when the next is shorter): density +783% beside bars of 5 to 12
 * would otherwise leave those a few pixels each.  Repeated, so two outliers
 * of a similar size are both clipped; a bar alone is never an outlier. */
static double robust_span(const double *score, size_t n, bp_arena *a)
{
	double *v = bp_arena_alloc(a, (n + 1) * sizeof(double));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (isfinite(score[i]))
			v[k++] = fabs(score[i]);
	qsort(v, k, sizeof(double), cmp_double);
	while (k >= 2 && v[k - 1] > OUTLIER_RATIO * fmax(v[k - 2], MIN_SPAN))
		k--;
	return k ? fmax(MIN_SPAN, v[k - 1]) : MIN_SPAN;
}

/* What the axis measures: points, percent of the reference's value, or both. */
static void axis_title(char *buf, size_t size, const bp_profile *c, const bp_profile_layout *lay)
{
	const char *ref = bp_has_text(c->reference) ? c->reference : bp_tr(c->lang, "de referentie");
	if (c->lang == BP_LANG_EN && lay->any_points && lay->any_relative)
		snprintf(buf, size, "difference from %s: percentages in percentage points, others in %% of the "
		         "value of %s", ref, ref);
	else if (c->lang == BP_LANG_EN && lay->any_points)
		snprintf(buf, size, "difference from %s, in percentage points", ref);
	else if (c->lang == BP_LANG_EN)
		snprintf(buf, size, "difference from %s, in %% of the value of %s", ref, ref);
	else if (lay->any_points && lay->any_relative)
		snprintf(buf, size, "verschil met %s: percentages in procentpunten, andere in %% van de waarde van %s",
		         ref, ref);
	else if (lay->any_points)
		snprintf(buf, size, "verschil met %s, in procentpunten", ref);
	else
		snprintf(buf, size, "verschil met %s, in %% van de waarde van %s", ref, ref);
}

/* The axis title's layout: one line under a wide chart, wrapped in a stacked one. */
static PangoLayout *axis_title_text(const bp_profile *c, const bp_profile_layout *lay, const bp_ink *k)
{
	char buf[TEXT_LEN];
	axis_title(buf, sizeof(buf), c, lay);
	if (c->stacked)
		return bp_text_lines(k, BP_F_TICK, buf, lay->width - 2 * BP_MARGIN, LABEL_LINES_STACKED,
		                     PANGO_ALIGN_CENTER);
	return bp_text(k, BP_F_TICK, buf, 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
}

/* "grijs vlak om 0: 95%-interval van Oss": the reference's band says what it is. */
static void ref_key_text(char *buf, size_t size, const bp_profile *c)
{
	char ref[BP_NAME_BUF];
	snprintf(buf, size, REF_KEY_TEXT(c->lang),
	         bp_name_cut(ref, sizeof(ref), bp_has_text(c->reference) ? c->reference : bp_tr(c->lang, "de referentie")));
}

/* The reference band's key text, wrapped into the width beside its sample (a name from a file may be long). */
static PangoLayout *ref_key_layout(const bp_profile *c, const bp_profile_layout *lay, const bp_ink *k)
{
	char buf[TEXT_LEN];
	ref_key_text(buf, sizeof(buf), c);
	return bp_text_lines(k, BP_F_TICK, buf, lay->width - 2 * BP_MARGIN - KEY_SAMPLE_W - VALUE_GAP, 2,
	                     PANGO_ALIGN_LEFT);
}

static int label_lines(const bp_profile *c)
{
	return c->stacked ? LABEL_LINES_STACKED : LABEL_LINES;
}

static bp_rc compute(const bp_profile *c, const bp_ink *k, bp_arena *a, bp_profile_layout *lay,
                     bp_error *err)
{
	char buf[TEXT_LEN];
	bp_rc rc = check_chart(c, err);
	if (rc)
		return rc;

	memset(lay, 0, sizeof(*lay));
	size_t n = c->n_items;
	lay->width = c->width ? c->width : DEFAULT_WIDTH;
	lay->n_items = n;
	lay->score = bp_arena_alloc(a, (n + 1) * sizeof(double));
	lay->row_y = bp_arena_alloc(a, (n + 1) * sizeof(double));
	lay->row_h = bp_arena_alloc(a, (n + 1) * sizeof(double));
	lay->bar_y = bp_arena_alloc(a, (n + 1) * sizeof(double));
	lay->text_y = bp_arena_alloc(a, (n + 1) * sizeof(double));
	lay->text_w = bp_arena_alloc(a, (n + 1) * sizeof(double));
	lay->values_y = bp_arena_alloc(a, (n + 1) * sizeof(double));
	lay->bar_x0 = bp_arena_alloc(a, (n + 1) * sizeof(double));
	lay->bar_x1 = bp_arena_alloc(a, (n + 1) * sizeof(double));
	lay->ci_x0 = bp_arena_alloc(a, (n + 1) * sizeof(double));
	lay->ci_x1 = bp_arena_alloc(a, (n + 1) * sizeof(double));
	lay->ref_x0 = bp_arena_alloc(a, (n + 1) * sizeof(double));
	lay->ref_x1 = bp_arena_alloc(a, (n + 1) * sizeof(double));
	lay->bar_h = BAR_H;
	lay->ref_band_y0 = -REF_BAND_OUT;
	lay->ref_band_h = BAR_H + 2 * REF_BAND_OUT;

	bp_frame fr;
	bp_frame_place(k, c->title, c->subtitle, lay->width, &fr);
	lay->title_y = fr.title_y;
	lay->subtitle_y = fr.subtitle_y;
	double y = fr.body_y;

	/* A scale symmetric about zero, so both sides weigh the same, wide
	 * enough for every bar that is not an outlier. */
	lay->clipped = bp_arena_alloc(a, (n + 1) * sizeof(int));
	for (size_t i = 0; i < n; i++) {
		lay->score[i] = bp_profile_score(&c->items[i]);
		lay->clipped[i] = 0;
		if (isfinite(lay->score[i])) {
			lay->any_points |= bp_profile_in_points(&c->items[i]);
			lay->any_relative |= !bp_profile_in_points(&c->items[i]);
		}
	}
	double m = robust_span(lay->score, n, a);
	bp_scale sc;
	bp_nice_scale(-m, m, c->stacked ? TARGET_TICKS_STACKED : TARGET_TICKS, &sc);
	double half = fmax(-sc.min, sc.max);
	lay->scale_min = -half;
	lay->scale_max = half;
	lay->tick_step = sc.step;
	lay->n_ticks = (int)lround(2 * half / sc.step) + 1;
	lay->tick_decimals = sc.decimals;
	for (size_t i = 0; i < n; i++)
		lay->clipped[i] = isfinite(lay->score[i]) && fabs(lay->score[i]) > half;

	/* Columns: titles | plot | values. */
	double value_w = 0;
	/* The head names the area and its reference: at most HEAD_SHARE of the
	 * width, ellipsized in it (draw_head), so that a long name never takes
	 * the bars' room. */
	head_text(buf, sizeof(buf), c);
	/* Stacked, the head has a row of its own and the values column does not widen for it. */
	if (!c->stacked)
		value_w = fmin(bp_text_width(k, BP_F_LABEL_BOLD, buf), HEAD_SHARE * lay->width);
	for (size_t i = 0; i < n; i++) {
		values_text(c->lang, buf, sizeof(buf), &c->items[i]);
		value_w = fmax(value_w, bp_text_width(k, BP_F_VALUE, buf));
	}
	/* The longest bar's label ("-12,3%", "+45,5 %-punt", a clipped
	 * "+783,0%") beside the bar, either side. */
	double diff_w = bp_text_width(k, BP_F_VALUE, "+100,0" BP_NUMFMT_UNIT_SPACE POINTS_UNIT) + VALUE_GAP;
	lay->label_x = BP_MARGIN;
	/* stacked, values wider than the chart are ellipsized (only an absurd unit gets there) */
	if (c->stacked)
		value_w = fmin(value_w, lay->width - 2 * BP_MARGIN);
	lay->value_w = ceil(value_w);
	lay->value_x = lay->width - BP_MARGIN - lay->value_w;
	if (c->stacked) {
		/* titles | values on a row, the bar across the width below them;
		 * its figure on the other side of zero, where no bar is */
		lay->label_w = floor(lay->value_x - COL_GAP - lay->label_x);
		lay->plot_x0 = BP_MARGIN;
		lay->plot_x1 = lay->width - BP_MARGIN;
	} else {
		lay->label_w = floor(LABEL_SHARE * lay->width);
		lay->plot_x0 = ceil(lay->label_x + lay->label_w + COL_GAP + diff_w);
		lay->plot_x1 = floor(lay->value_x - COL_GAP - diff_w);
	}
	if (lay->plot_x1 - lay->plot_x0 < MIN_PLOT_W) {
		bp_fail(err, BP_ERR_RENDER, "chart width %g leaves no room for the bars beside the titles and values",
		        lay->width);
		bp_error_detail(err, "chart \"%s\"",
		                bp_name_cut(buf, sizeof(buf), bp_has_text(c->title) ? c->title : c->area));
		bp_error_hint(err, "make the chart wider");
		return BP_ERR_RENDER;
	}
	/* Whole pixels for zero, so that the bars' common edge is sharp. */
	double mid = round((lay->plot_x0 + lay->plot_x1) / 2);
	double hw = fmin(mid - lay->plot_x0, lay->plot_x1 - mid);
	lay->plot_x0 = mid - hw;
	lay->plot_x1 = mid + hw;
	lay->zero_x = mid;

	/* The row naming the two sides and the value column; stacked, the
	 * value column's head (the area's name) on a row above. */
	double head_h = bp_text_height(k, BP_F_LABEL_BOLD, "Ag", 0);
	lay->area_head_y = y;
	if (c->stacked)
		y += head_h + 4;
	lay->head_y = y;
	y += head_h + 8;

	lay->plot_y0 = ceil(y);
	y = lay->plot_y0;
	for (size_t i = 0; i < n; i++) {
		PangoLayout *l = bp_text_lines(k, BP_F_LABEL, c->items[i].label, lay->label_w, label_lines(c),
		                               PANGO_ALIGN_LEFT);
		double h;
		bp_text_size(l, NULL, &h);
		/* stacked: cut beside the values, or left less than a third of the width by them */
		int cut = pango_layout_is_ellipsized(l) || lay->label_w < (lay->width - 2 * BP_MARGIN) / 3;
		g_object_unref(l);
		lay->row_y[i] = y;
		lay->text_w[i] = lay->label_w;
		if (c->stacked) {
			values_text(c->lang, buf, sizeof(buf), &c->items[i]);
			double values_h = bp_text_height(k, BP_F_VALUE, buf, 0);
			lay->text_y[i] = lay->values_y[i] = y + ROW_PAD / 2;
			double text_h = fmax(h, values_h);
			if (cut) {
				/* Wide values leave a long title too little room: the title across
				 * the width, the values under it, so it is cut no more than in the
				 * wide chart. */
				lay->text_w[i] = lay->width - 2 * BP_MARGIN;
				l = bp_text_lines(k, BP_F_LABEL, c->items[i].label, lay->text_w[i], LABEL_LINES_STACKED,
				                  PANGO_ALIGN_LEFT);
				bp_text_size(l, NULL, &h);
				g_object_unref(l);
				lay->values_y[i] = lay->text_y[i] + h + 2;
				text_h = h + 2 + values_h;
			}
			lay->bar_y[i] = round(lay->text_y[i] + text_h + TEXT_BAR_GAP);
			double band = BAR_H;   /* the bar, or the note that says why there is none */
			if (!isfinite(lay->score[i]))
				band = fmax(band, bp_text_height(k, BP_F_NOTE, note_text(c->lang, &c->items[i]),
				                                 lay->width - 2 * BP_MARGIN));
			lay->row_h[i] = ceil(lay->bar_y[i] + band + ROW_PAD / 2 - y);
		} else {
			lay->row_h[i] = ceil(fmax(ROW_MIN, h + ROW_PAD));
			lay->bar_y[i] = round(y + (lay->row_h[i] - BAR_H) / 2);
			lay->text_y[i] = lay->values_y[i] = y + lay->row_h[i] / 2 - h / 2;
		}
		double s = lay->score[i];
		double sv = fmax(lay->scale_min, fmin(lay->scale_max, s));   /* a clipped bar ends at the axis end */
		lay->bar_x0[i] = isfinite(s) ? x_of(lay, fmin(sv, 0)) : NAN;
		lay->bar_x1[i] = isfinite(s) ? x_of(lay, fmax(sv, 0)) : NAN;
		/* The value's interval, and the reference's own: a whisker over the bar, a band around zero. */
		lay->any_interval |= interval_x(lay, &c->items[i], isfinite(s) && bp_profile_has_interval(&c->items[i]),
		                                c->items[i].ci_low, c->items[i].ci_high, &lay->ci_x0[i], &lay->ci_x1[i]);
		lay->any_ref_interval |= interval_x(lay, &c->items[i], bp_profile_has_ref_interval(&c->items[i]),
		                                    c->items[i].ref_ci_low, c->items[i].ref_ci_high, &lay->ref_x0[i],
		                                    &lay->ref_x1[i]);
		y += lay->row_h[i];
	}
	if (n == 0)
		y += ROW_MIN;
	lay->plot_y1 = y;

	lay->axis_y = lay->plot_y1 + 5;
	double axis_h;
	PangoLayout *al = axis_title_text(c, lay, k);
	bp_text_size(al, NULL, &axis_h);
	g_object_unref(al);
	y = lay->axis_y + bp_text_height(k, BP_F_TICK, "0", 0) + axis_h + 14;
	if (lay->any_interval) {   /* only then: a chart without whiskers keeps its height */
		lay->key_y = y - 6;
		y += bp_text_height(k, BP_F_TICK, KEY_TEXT(c->lang), 0) + 6;
	}
	if (lay->any_ref_interval) {   /* the same for the reference's band */
		PangoLayout *rl = ref_key_layout(c, lay, k);
		double rh;
		bp_text_size(rl, NULL, &rh);
		g_object_unref(rl);
		lay->ref_key_y = y - 6;
		y += rh + 6;
	}
	lay->source_y = y;
	if (bp_has_text(c->source))
		y += bp_source_height(k, c->source, lay->width);
	else
		y -= 8;
	lay->height = ceil(y + BP_MARGIN - 4);
	return BP_OK;
}

bp_rc bp_profile_compute_layout(const bp_profile *chart, bp_arena *a, bp_profile_layout *lay,
                                bp_error *err)
{
	bp_ink k = { 0 };
	bp_ink_open(&k);
	bp_rc rc = compute(chart, &k, a, lay, err);
	bp_ink_close(&k);
	return rc;
}

/* --- drawing ------------------------------------------------------------- */

/* Whether any indicator has a better side: for a theme of neutral
 * indicators only, "gunstiger / ongunstiger" would claim what is not there. */
static int has_polarity(const bp_profile *c)
{
	for (size_t i = 0; i < c->n_items; i++)
		if (c->items[i].polarity != BP_PROFILE_NEUTRAL)
			return 1;
	return 0;
}

static void draw_head(const bp_profile *c, const bp_profile_layout *lay, const bp_ink *k, cairo_t *cr)
{
	char buf[TEXT_LEN];
	double w;
	PangoLayout *l;
	if (has_polarity(c)) {
		l = bp_text(k, BP_F_LABEL_BOLD, WORSE_TEXT(c->lang), lay->zero_x - 6 - lay->label_x,
		            BP_FIT_ELLIPSIZE, PANGO_ALIGN_LEFT);
		bp_text_size(l, &w, NULL);
		/* A darker orange than the bars: text needs 4.5:1 on white. */
		bp_show(cr, l, lay->zero_x - 6 - w, lay->head_y, C_WORSE_TEXT);
		g_object_unref(l);
		l = bp_text(k, BP_F_LABEL_BOLD, BETTER_TEXT(c->lang),
		            (c->stacked ? lay->width - BP_MARGIN : lay->value_x) - lay->zero_x - 6, BP_FIT_ELLIPSIZE,
		            PANGO_ALIGN_LEFT);
		bp_show(cr, l, lay->zero_x + 6, lay->head_y, BP_PROFILE_RGB_BETTER);
		g_object_unref(l);
	}
	head_text(buf, sizeof(buf), c);
	/* stacked: right-aligned across the width, over the values at the right */
	double head_x = c->stacked ? BP_MARGIN : lay->value_x;
	double dx;
	l = bp_text_fit(k, BP_F_LABEL_BOLD, buf, lay->value_x + lay->value_w - head_x, PANGO_ALIGN_RIGHT, &dx);
	bp_show(cr, l, head_x + dx, lay->area_head_y, BP_RGB_TEXT);
	g_object_unref(l);
}

/* A grid or zero line from y0 to y1; stacked, broken at each row's title,
 * which it would otherwise cross. */
static void vertical_line(const bp_profile *c, const bp_profile_layout *lay, cairo_t *cr, double x, double y0,
                          double y1)
{
	if (!c->stacked) {
		cairo_move_to(cr, x, y0);
		cairo_line_to(cr, x, y1);
		return;
	}
	for (size_t i = 0; i < lay->n_items; i++) {
		cairo_move_to(cr, x, lay->bar_y[i] - 3);
		cairo_line_to(cr, x, i + 1 < lay->n_items ? lay->row_y[i] + lay->row_h[i] : y1);
	}
}

static void draw_grid(const bp_profile *c, const bp_profile_layout *lay, const bp_ink *k, cairo_t *cr)
{
	char buf[TEXT_LEN];
	cairo_save(cr);
	cairo_set_line_width(cr, 1);
	/* Alternate rows lightly banded: the eye follows a title to its values. */
	for (size_t i = 1; i < lay->n_items; i += 2) {
		bp_set_rgb(cr, 0xF5F5F5);
		cairo_rectangle(cr, lay->label_x - 4, lay->row_y[i], lay->width - 2 * BP_MARGIN + 8, lay->row_h[i]);
		cairo_fill(cr);
	}
	bp_set_rgb(cr, BP_RGB_GRID);
	for (int i = 0; i < lay->n_ticks; i++)
		vertical_line(c, lay, cr, bp_crisp(x_of(lay, lay->scale_min + i * lay->tick_step)), lay->plot_y0,
		              lay->plot_y1 + 3);
	cairo_stroke(cr);
	cairo_restore(cr);

	/* Tick labels are distances from the reference: no sign, the sides say
	 * which way; "%" only where every bar is a relative difference (the
	 * axis title names points). */
	for (int i = 0; i < lay->n_ticks; i++) {
		double v = lay->scale_min + i * lay->tick_step;
		bp_value_text_lang(c->lang, buf, sizeof(buf), fabs(v), lay->tick_decimals, lay->any_points ? "" : "%");
		PangoLayout *l = bp_text(k, BP_F_TICK, buf, 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
		double w;
		bp_text_size(l, &w, NULL);
		bp_show(cr, l, x_of(lay, v) - w / 2, lay->axis_y, BP_RGB_SUBTLE);
		g_object_unref(l);
	}
	PangoLayout *l = axis_title_text(c, lay, k);
	double w, h;
	bp_text_size(l, &w, &h);
	double x = c->stacked ? BP_MARGIN : fmax(BP_MARGIN, fmin(lay->zero_x - w / 2, lay->width - BP_MARGIN - w));
	bp_show(cr, l, x, lay->axis_y + bp_text_height(k, BP_F_TICK, "0", 0) + 2, BP_RGB_SUBTLE);
	g_object_unref(l);
}

/* The interval as a line from x0 to x1 at mid, with a tick at each end. */
static void draw_whisker(cairo_t *cr, double x0, double x1, double mid)
{
	cairo_save(cr);
	bp_set_rgb(cr, C_WHISKER);
	cairo_set_line_width(cr, WHISKER_W);
	cairo_move_to(cr, x0, mid);
	cairo_line_to(cr, x1, mid);
	cairo_move_to(cr, x0, mid - WHISKER_CAP);
	cairo_line_to(cr, x0, mid + WHISKER_CAP);
	cairo_move_to(cr, x1, mid - WHISKER_CAP);
	cairo_line_to(cr, x1, mid + WHISKER_CAP);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* The reference's interval from x0 to x1, from y0 h down: a grey band, its ends dark. */
static void draw_ref_band(cairo_t *cr, double x0, double x1, double y0, double h)
{
	cairo_save(cr);
	bp_set_rgb(cr, C_REF_BAND);
	cairo_rectangle(cr, x0, y0, x1 - x0, h);
	cairo_fill(cr);
	bp_set_rgb(cr, C_REF_EDGE);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x0, y0 + h);
	cairo_move_to(cr, x1, y0);
	cairo_line_to(cr, x1, y0 + h);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* A key line under the axis title: a sample of what is drawn (the whisker, or the band) and what it is. */
static void draw_key_line(const bp_profile *c, const bp_profile_layout *lay, const bp_ink *k, cairo_t *cr,
                          PangoLayout *l, double key_y, int band)
{
	double w, h;
	bp_text_size(l, &w, &h);
	double total = KEY_SAMPLE_W + VALUE_GAP + w;
	double x = c->stacked ? BP_MARGIN : fmax(BP_MARGIN, fmin(lay->zero_x - total / 2, lay->width - BP_MARGIN - total));
	if (band) {
		double line_h = bp_text_height(k, BP_F_TICK, "Ag", 0);
		draw_ref_band(cr, x + 3, x + KEY_SAMPLE_W - 3, key_y + 1, line_h - 2);
	} else {
		draw_whisker(cr, x + 1, x + KEY_SAMPLE_W - 1, round(key_y + h / 2));
	}
	bp_show(cr, l, x + KEY_SAMPLE_W + VALUE_GAP, key_y, BP_RGB_SUBTLE);
}

/* Under the axis title: the whisker's key where one is drawn, the reference band's where one is. */
static void draw_key(const bp_profile *c, const bp_profile_layout *lay, const bp_ink *k, cairo_t *cr)
{
	PangoLayout *l;
	if (lay->any_interval) {
		l = bp_text(k, BP_F_TICK, KEY_TEXT(c->lang), 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
		draw_key_line(c, lay, k, cr, l, lay->key_y, 0);
		g_object_unref(l);
	}
	if (lay->any_ref_interval) {
		l = ref_key_layout(c, lay, k);
		draw_key_line(c, lay, k, cr, l, lay->ref_key_y, 1);
		g_object_unref(l);
	}
}

/* Two white slanted strokes across a clipped bar: the bar goes on beyond the axis. */
static void draw_break(cairo_t *cr, double x, double y, double h)
{
	cairo_save(cr);
	bp_set_rgb(cr, BP_RGB_BACKGROUND);
	cairo_set_line_width(cr, 2.5);
	for (int j = 0; j < 2; j++) {
		cairo_move_to(cr, x - 4 + 5 * j, y + h + 1);
		cairo_line_to(cr, x + 2 + 5 * j, y - 1);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void draw_rows(const bp_profile *c, const bp_profile_layout *lay, const bp_ink *k, cairo_t *cr)
{
	char buf[TEXT_LEN];
	for (size_t i = 0; i < lay->n_items; i++) {
		const bp_profile_item *it = &c->items[i];
		/* the bar's row: the middle of the row beside the title, below it when stacked */
		double mid = c->stacked ? lay->bar_y[i] + lay->bar_h / 2 : lay->row_y[i] + lay->row_h[i] / 2;
		double w, h;

		/* the reference's interval first, under the bar and its whisker: around zero, where the reference is */
		int band = isfinite(lay->ref_x0[i]);
		if (band)
			draw_ref_band(cr, lay->ref_x0[i], lay->ref_x1[i], lay->bar_y[i] + lay->ref_band_y0, lay->ref_band_h);

		PangoLayout *l = bp_text_lines(k, BP_F_LABEL, it->label, lay->text_w[i], label_lines(c),
		                               PANGO_ALIGN_LEFT);
		bp_show(cr, l, lay->label_x, lay->text_y[i], BP_RGB_TEXT);
		g_object_unref(l);

		values_text(c->lang, buf, sizeof(buf), it);
		double dx;
		l = bp_text_fit(k, BP_F_VALUE, buf, lay->value_w, PANGO_ALIGN_RIGHT, &dx);
		bp_text_size(l, NULL, &h);
		bp_show(cr, l, lay->value_x + dx, c->stacked ? lay->values_y[i] : mid - h / 2, BP_RGB_TEXT);
		g_object_unref(l);

		double s = lay->score[i];
		if (!isfinite(s)) {
			/* The note may use the room of the bar labels too: no bar, no label. */
			if (c->stacked) {   /* under the title, across the width (its row has room for it) */
				l = bp_text_lines(k, BP_F_NOTE, note_text(c->lang, it), lay->width - 2 * BP_MARGIN, LABEL_LINES,
				                  PANGO_ALIGN_LEFT);
				bp_show_with_halo(cr, l, lay->label_x, lay->bar_y[i], BP_RGB_MISSING);
				g_object_unref(l);
				continue;
			}
			l = bp_text_lines(k, BP_F_NOTE, note_text(c->lang, it), lay->value_x - COL_GAP - lay->zero_x - VALUE_GAP,
			                  LABEL_LINES, PANGO_ALIGN_LEFT);
			bp_text_size(l, NULL, &h);
			bp_show_with_halo(cr, l, lay->zero_x + VALUE_GAP, mid - h / 2, BP_RGB_MISSING);
			g_object_unref(l);
			continue;
		}
		unsigned colour = it->polarity == BP_PROFILE_NEUTRAL ? BP_PROFILE_RGB_NEUTRAL
		                  : s >= 0 ? BP_PROFILE_RGB_BETTER : BP_PROFILE_RGB_WORSE;
		bp_set_rgb(cr, colour);
		cairo_rectangle(cr, lay->bar_x0[i], lay->bar_y[i], lay->bar_x1[i] - lay->bar_x0[i], lay->bar_h);
		cairo_fill(cr);
		if (lay->clipped[i])
			draw_break(cr, s < 0 ? lay->bar_x0[i] + BREAK_AT : lay->bar_x1[i] - BREAK_AT, lay->bar_y[i],
			           lay->bar_h);

		/* the whisker centred on the bar (a whole pixel plus half the line: sharp rows) */
		int whisker = isfinite(lay->ci_x0[i]);
		if (whisker)
			draw_whisker(cr, lay->ci_x0[i], lay->ci_x1[i], lay->bar_y[i] + lay->bar_h / 2);

		bp_profile_diff_text_lang(c->lang, buf, sizeof(buf), it);
		l = bp_text(k, BP_F_VALUE, buf, 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
		bp_text_size(l, &w, &h);
		/* beyond the bar's end, and beyond the whisker's and the reference band's where they reach further
		 * (all stay in the plot) */
		double x = s < 0 ? fmin(fmin(lay->bar_x0[i], whisker ? lay->ci_x0[i] - WHISKER_W : INFINITY),
		                        band ? lay->ref_x0[i] - 1 : INFINITY) - VALUE_GAP - w
		                 : fmax(fmax(lay->bar_x1[i], whisker ? lay->ci_x1[i] + WHISKER_W : -INFINITY),
		                        band ? lay->ref_x1[i] + 1 : -INFINITY) + VALUE_GAP;
		if (c->stacked) {   /* across zero from the bar: the bar may reach the edge */
			x = s < 0 ? lay->zero_x + VALUE_GAP : lay->zero_x - VALUE_GAP - w;
			/* beyond a whisker or band that crosses zero too, where that still fits; else over it, on its halo */
			double far = s < 0 ? fmax(whisker ? lay->ci_x1[i] + WHISKER_W : -INFINITY, band ? lay->ref_x1[i] + 1 : -INFINITY)
			                   : fmin(whisker ? lay->ci_x0[i] - WHISKER_W : INFINITY, band ? lay->ref_x0[i] - 1 : INFINITY);
			double past = !isfinite(far) ? x : s < 0 ? far + VALUE_GAP : far - VALUE_GAP - w;
			if (s < 0 ? past > x && past + w <= lay->width - BP_MARGIN : past < x && past >= BP_MARGIN)
				x = past;
		}
		bp_show_with_halo(cr, l, x, mid - h / 2, BP_RGB_TEXT);
		g_object_unref(l);
	}

	cairo_save(cr);
	bp_set_rgb(cr, BP_RGB_SUBTLE);
	cairo_set_line_width(cr, 1);
	vertical_line(c, lay, cr, bp_crisp(lay->zero_x), lay->plot_y0 - 2, lay->plot_y1);
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void draw(const bp_profile *c, const bp_profile_layout *lay, const bp_ink *k, cairo_t *cr)
{
	bp_set_rgb(cr, BP_RGB_BACKGROUND);
	cairo_paint(cr);
	bp_frame fr = { lay->title_y, lay->subtitle_y, 0 };
	bp_frame_draw(k, cr, c->title, c->subtitle, lay->width, &fr);
	draw_head(c, lay, k, cr);
	draw_grid(c, lay, k, cr);
	draw_rows(c, lay, k, cr);
	draw_key(c, lay, k, cr);
	bp_source_draw(k, cr, c->source, lay->width, lay->source_y);
}

/* --- output -------------------------------------------------------------- */

static bp_rc ops_layout(const void *chart, const bp_ink *k, bp_arena *a, void **lay,
                        double *width, double *height, bp_error *err)
{
	bp_profile_layout *l = bp_arena_alloc(a, sizeof(*l));
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

static const bp_chart_ops PROFILE_OPS = { ops_layout, ops_draw };

const bp_chart_ops *bp_profile_ops(void)
{
	return &PROFILE_OPS;
}

bp_rc bp_profile_render(const bp_profile *chart, bp_image_format fmt, unsigned char **out,
                        size_t *len, bp_error *err)
{
	return bp_canvas_render(&PROFILE_OPS, chart, chart ? chart->title : NULL, fmt, out, len, err);
}

bp_rc bp_profile_write(const bp_profile *chart, bp_image_format fmt, const char *path,
                       bp_error *err)
{
	return bp_canvas_write(&PROFILE_OPS, chart, chart ? chart->title : NULL, fmt, path, err);
}
