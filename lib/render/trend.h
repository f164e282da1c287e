/*
 * trend.h: a trend chart: one area against its references over the
 * periods, as lines with markers, drawn with Cairo and Pango into PNG, SVG
 * or PDF (the stages are those of barchart.h: data -> layout -> draw).
 *
 * Periods are text ("2012", "2016", "2020/2021") placed by the year they
 * start with, so that a gap of eight years is twice as wide as one of four.
 * A missing value breaks the line (a gap, never a zero) and is named in a
 * note under the chart.
 */
#ifndef BP_RENDER_TREND_H
#define BP_RENDER_TREND_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "render/canvas.h"

/* The area's line; the references take the reference-line colours of barchart.h in order. */
#define BP_TREND_RGB_AREA BP_RGB_BLUE

typedef struct bp_trend_series {
	const char *label;    /* "Oss", "Nederland" */
	const double *value;  /* [n_periods]; NAN = missing (a gap in the line) */
	const double *ci_lo;  /* [n_periods] lower end of the interval, or NULL; NAN = not known */
	const double *ci_hi;  /* [n_periods] upper end, or NULL */
	/* [n_periods] 1 where the value was carried over from another indeling
	 * (not measured on these borders): drawn as an open marker and named in
	 * the note with open_label; NULL: none */
	const unsigned char *open;
	const char *open_label; /* "omgerekend van indeling 2020": what an open marker is */
	/* [n_periods] 1 where the band is not a 95% interval but a translated
	 * value's span from the lowest to the highest bound of the areas it came
	 * from (no confidence level): the note says so for those periods, with
	 * span_label (NULL: the chart's own words); NULL: every band a 95% interval */
	const unsigned char *span;
	const char *span_label;
} bp_trend_series;

/* A moment on the time axis, e.g. the start of an intervention. */
typedef struct bp_trend_marker {
	double year;          /* NAN = no marker; may fall between periods (2017.5) */
	const char *label;    /* beside the line at the top, e.g. "Start wijkaanpak" */
	const char *before;   /* names the shaded part before the marker ("vóór"); NULL = no shading */
	const char *after;    /* names the part after it ("na"); NULL = no label */
} bp_trend_marker;

typedef struct bp_trend {
	const char *title;
	const char *subtitle;       /* e.g. "Oss en Nederland, 2012-2020, % van de volwassenen" */
	const char *source;
	const char *unit;           /* after numbers, e.g. "%"; may be NULL */
	int decimals;
	const char *const *periods; /* [n_periods] labels in time order */
	size_t n_periods;
	const bp_trend_series *series; /* the first is the area, drawn on top; the rest references */
	size_t n_series;
	bp_trend_marker marker;
	int width;                  /* 0 = 800 */
	/* Nonzero: the series named in a legend under the axis (a sample of
	 * the line and marker, the name and last value), not beside the lines'
	 * ends, so that the lines take the whole width: the site's narrow
	 * variant for a phone, from 300 wide (end labels need 360). */
	int legend_below;
	const double *shared_range; /* [2] lo, hi: the scale covers them too (small multiples
	                               share one scale); NULL: the data alone */
	bp_lang lang;               /* numbers and the chart's own words; 0: Dutch */
} bp_trend;

typedef struct bp_trend_layout {
	double width, height;
	double title_y, subtitle_y;
	double plot_x0, plot_x1;     /* x of year_min and of year_max */
	double plot_y0, plot_y1;     /* top (scale_max) and bottom (scale_min) of the plot */
	double year_min, year_max;
	double scale_min, scale_max, tick_step;
	int n_ticks, tick_decimals;
	double axis_y;               /* top of the period labels */
	double legend_y;             /* top of the legend under the axis (legend_below) */
	double note_y;               /* top of the note on missing values (if any) */
	double source_y;
	size_t n_periods;
	double *period_year;         /* [n_periods] the year each label is placed by */
	double *period_x;            /* [n_periods] */
	size_t n_series;
	double *point_y;             /* [n_series * n_periods], series-major; NAN when missing */
	/* [n_series * n_periods] x of the whisker series i draws at period t (a
	 * lone interval: no neighbour to make a band with), NAN where it draws
	 * none.  When more than one series draws whiskers, each such series has
	 * its own small offset from period_x, the same at every period (the area
	 * left of its references), so whiskers at one period stand side by side
	 * and a whisker's place says whose it is. */
	double *whisker_x;
	double *label_x;             /* [n_series] left of the end label (or legend text); NAN when the series is empty */
	double *label_y;             /* [n_series] centre of the end label after nudging (or of its legend row) */
	double *label_anchor_y;      /* [n_series] y of the last value, where the label points */
	double leader_x0;            /* where a leader to a nudged end label starts: right of the last
	                                period's markers and whiskers */
	double marker_x;             /* NAN without a marker */
	const char *note;            /* "Geen gegevens: Oss 2016." or NULL; in the arena */
} bp_trend_layout;

/* The layout, in plain numbers (arrays in arena a). BP_ERR_RENDER when the
 * periods are not in time order or the chart is too narrow. */
bp_rc bp_trend_compute_layout(const bp_trend *chart, bp_arena *a, bp_trend_layout *lay,
                              bp_error *err) BP_MUST_CHECK;

/* Into memory; *out is malloc'ed and the caller's (NULL and 0 on failure). */
bp_rc bp_trend_render(const bp_trend *chart, bp_image_format fmt, unsigned char **out,
                      size_t *len, bp_error *err) BP_MUST_CHECK;

/* Into path atomically; BP_ERR_IO or BP_ERR_RENDER leave nothing behind. */
bp_rc bp_trend_write(const bp_trend *chart, bp_image_format fmt, const char *path,
                     bp_error *err) BP_MUST_CHECK;

/* The layout and drawing of this chart for the canvas: small multiples draw it in a
 * cell, report pages onto a PDF page (bp_canvas_draw_at). */
const bp_chart_ops *bp_trend_ops(void);

#endif
