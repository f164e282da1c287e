/*
 * profile.h: a profile chart: for one area, every indicator of a theme
 * against its reference, as horizontal bars diverging from "the same as the
 * reference".  A percentage (unit "%") is compared in percentage points,
 * area - ref: 29,4% against 24,9% is 4,5 points, not "+17,8%" of 24,9.
 * Other units have no common scale, so their bar is the relative difference
 * (area/ref - 1) x 100; the axis says which.  The sign is flipped for
 * indicators where a higher value is worse, so that "gunstiger" is always
 * right and "ongunstiger" always left.  The scale is chosen from the bars
 * that are not outliers; an outlier is clipped at the axis end, marked with
 * a break and its difference written beside it.  Stages as in barchart.h:
 * data -> layout (plain numbers) -> draw.
 */
#ifndef BP_RENDER_PROFILE_H
#define BP_RENDER_PROFILE_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "render/canvas.h"

#define BP_PROFILE_RGB_BETTER  BP_RGB_BLUE   /* bars on the favourable side */
#define BP_PROFILE_RGB_WORSE   BP_RGB_ORANGE /* bars on the unfavourable side */
#define BP_PROFILE_RGB_NEUTRAL 0x999999      /* indicators without a better side */
/* The reference's own interval around zero: lighter than any bar, darker than the row banding; its
 * ends in BP_RGB_SUBTLE (the zero line's grey, 8:1 on white) */
#define BP_PROFILE_RGB_REF_BAND 0xDCDCDC

typedef enum bp_profile_polarity { /* not engine/indicator_def.h's bp_polarity: both can be included */
	BP_PROFILE_HIGHER_BETTER,
	BP_PROFILE_HIGHER_WORSE,
	BP_PROFILE_NEUTRAL        /* drawn unflipped and grey: no side is better */
} bp_profile_polarity;

typedef struct bp_profile_item {
	const char *label;          /* indicator title, wrapped to two lines at most */
	double value;               /* the area's value; NAN = missing or suppressed */
	double ref;                 /* the reference's value; NAN (or <= 0 unless unit "%"): no comparison */
	bp_profile_polarity polarity;
	const char *unit;           /* after the values in the value column, e.g. "%" */
	int decimals;
	const char *missing_reason; /* shown instead of a bar when value is NAN, e.g. "geheim" */
	/* The value's 95% interval (a survey figure's), drawn as a whisker over
	 * the bar; none unless both are finite and ci_low < ci_high, so a
	 * zero-initialised item has none. */
	double ci_low, ci_high;
	/* The reference's own 95% interval, where it is a survey estimate too
	 * (the gemeente's): a light grey band around the zero line ("the same
	 * as the reference") over the row, from the difference of ref_ci_low
	 * to that of ref_ci_high, edged in dark grey and named in the key line.
	 * NAN or 0 (zero-initialised) with ref_ci_low >= ref_ci_high: none. */
	double ref_ci_low, ref_ci_high;
	/* The period of the value and reference (NULL: none shown); not drawn:
	 * for the tables and API answers beside the chart (the label says it
	 * where a chart's periods differ, report/areadata.h). */
	const char *period;
} bp_profile_item;

typedef struct bp_profile {
	const char *title;
	const char *subtitle;
	const char *source;
	const char *area;           /* "Oss": heads the value column */
	const char *reference;      /* "Nederland" */
	const bp_profile_item *items;
	size_t n_items;
	int width;                  /* 0 = 800 */
	bp_lang lang;               /* numbers and the chart's own words; 0: Dutch */
	/* Nonzero: each indicator's title above its bar with the values beside
	 * it, the bar across the width, the area's name on a row of its own and
	 * fewer ticks: the site's narrow variant for a phone, from 300 wide
	 * (the side-by-side columns need 420). */
	int stacked;
} bp_profile;

typedef struct bp_profile_layout {
	double width, height;
	double title_y, subtitle_y;
	double head_y;               /* top of the "ongunstiger / gunstiger" row */
	double area_head_y;          /* top of the head over the values: head_y, or the row above when stacked */
	double label_x, label_w;     /* indicator titles, left-aligned in this column */
	double plot_x0, plot_x1;     /* x of scale_min and of scale_max (percent) */
	double zero_x;               /* "equal to the reference" */
	double value_x, value_w;     /* the column with both values */
	double scale_min, scale_max, tick_step; /* points or percent difference; symmetric about 0 */
	int n_ticks, tick_decimals;
	double plot_y0, plot_y1;
	double axis_y, source_y;
	size_t n_items;
	double *score;               /* [n] points or percent (bp_profile_score); NAN = none */
	int *clipped;                /* [n] 1: |score| is beyond the scale, the bar ends in a break at the axis end */
	int any_points, any_relative; /* the axis names the kinds of difference it carries */
	double *row_y, *row_h;       /* [n] top and height of each row */
	double *bar_y;               /* [n] top of the bar (bars are bar_h thick) */
	double *text_y;              /* [n] top of the title */
	double *text_w;              /* [n] the title's width: label_w; stacked, the whole width where
	                                beside the values it would be cut (the values then below it) */
	double *values_y;            /* [n] top of the values (stacked; the wide chart centres them) */
	double bar_h;
	double *bar_x0, *bar_x1;     /* [n] NAN when there is no bar */
	double *ci_x0, *ci_x1;       /* [n] the whisker's ends, within the plot; NAN when there is none */
	int any_interval;            /* a whisker is drawn: the key line under the axis says what it is */
	double key_y;                /* top of that key line */
	/* [n] the reference's interval as differences (bp_profile_score of its ends, in order), within the
	 * plot: the band's ends; NAN when there is none */
	double *ref_x0, *ref_x1;
	double ref_band_y0, ref_band_h; /* the band's top and height relative to bar_y (it is taller than the bar) */
	int any_ref_interval;        /* a band is drawn: its key line (under the whisker's) says what it is */
	double ref_key_y;            /* top of that key line */
} bp_profile_layout;

/* Whether the reference has an interval of its own (ref_ci_low < ref_ci_high, both finite). */
int bp_profile_has_ref_interval(const bp_profile_item *it);
/* Whether an item is compared in percentage points (its unit is "%"). */
int bp_profile_in_points(const bp_profile_item *it);
/* The favourable-side score of one item: percentage points for a
 * percentage, else the relative difference in percent; the sign flipped for
 * higher-is-worse.  NAN when it cannot be computed. */
double bp_profile_score(const bp_profile_item *it);
/* The difference a bar stands for as the chart writes it, with its own sign
 * (not flipped): "+4,5 %-punt", "-2,6%"; "" when there is none.  For text
 * alternatives and tables beside the chart, so they show the same figure. */
void bp_profile_diff_text(char *buf, size_t size, const bp_profile_item *it);
/* The same in lang ("+4.5 pp", "−2.6%" in English). */
void bp_profile_diff_text_lang(bp_lang lang, char *buf, size_t size, const bp_profile_item *it);

/* The decimals the chart shows the item's value and reference with: its own,
 * or more where the two would read the same beside a bar that says they
 * differ ("6,0% (5,9%)", not "6% (6%)").  Tables and text alternatives beside
 * the chart use them too, so that they show the chart's figures. */
int bp_profile_shown_decimals(const bp_profile_item *it);
/* Whether the item has a 95% interval the chart draws (see ci_low). */
int bp_profile_has_interval(const bp_profile_item *it);
/* "95%-interval 38,0–49,0%" (lang's words and numbers) for text alternatives
 * and tables beside the chart; "" when the item has none. */
void bp_profile_interval_text(bp_lang lang, char *buf, size_t size, const bp_profile_item *it);
/* The same of the reference's interval (ref_ci_low, ref_ci_high); "" when it has none. */
void bp_profile_ref_interval_text(bp_lang lang, char *buf, size_t size, const bp_profile_item *it);

bp_rc bp_profile_compute_layout(const bp_profile *chart, bp_arena *a, bp_profile_layout *lay,
                                bp_error *err) BP_MUST_CHECK;
bp_rc bp_profile_render(const bp_profile *chart, bp_image_format fmt, unsigned char **out,
                        size_t *len, bp_error *err) BP_MUST_CHECK;
bp_rc bp_profile_write(const bp_profile *chart, bp_image_format fmt, const char *path,
                       bp_error *err) BP_MUST_CHECK;

/* The layout and drawing of this chart for the canvas: small multiples draw it in a
 * cell, report pages onto a PDF page (bp_canvas_draw_at). */
const bp_chart_ops *bp_profile_ops(void);

#endif
