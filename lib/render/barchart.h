/*
 * barchart.h: a ranking bar chart (one horizontal bar per area) with
 * reference lines, drawn with Cairo and Pango into PNG or SVG (and PDF).
 *
 * The chart goes through fixed stages, as in rrdtool: data -> scale ->
 * layout (plain numbers, testable) -> draw on a Cairo surface.  One drawing
 * code serves every output format; only the surface differs.
 */
#ifndef BP_RENDER_BARCHART_H
#define BP_RENDER_BARCHART_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "render/canvas.h"

/*
 * The palette as 0xRRGGBB, for HTML that has to match the charts (a legend,
 * a table cell).  Okabe-Ito hues, safe for colour-blind readers.
 */
#define BP_BARCHART_RGB_BAR       0x6FA8D6 /* ordinary bars: a light tint of the blue */
#define BP_BARCHART_RGB_HIGHLIGHT BP_RGB_BLUE   /* the highlighted bar: the full blue */
#define BP_BARCHART_RGB_REF1      BP_RGB_ORANGE /* first reference line, solid */
#define BP_BARCHART_RGB_REF2      BP_RGB_DARK   /* second reference line, dashed */

typedef struct bp_bar {
	const char *label;          /* area name, UTF-8 */
	double value;               /* NAN = no value: drawn as a note, not a bar */
	const char *missing_reason; /* shown instead of a bar when value is NAN, e.g. "geheim" */
	int highlight;              /* nonzero: draw this bar in the accent colour */
} bp_bar;

typedef struct bp_refline {
	const char *label;          /* e.g. "Oss" or "Nederland" */
	double value;               /* NAN = not drawn */
	/* The reference's own 95% interval, where its figure is an estimate too
	 * (a survey's gemeente): a light band from ci_lo to ci_hi behind the
	 * bars, edged in the line's colour and dash, and named in its legend
	 * entry.  None unless both are finite and ci_lo < ci_hi (a
	 * zero-initialised reference has none). */
	double ci_lo, ci_hi;
} bp_refline;

typedef struct bp_barchart {
	const char *title;          /* e.g. "Inwoners van 65 jaar of ouder" */
	const char *subtitle;       /* e.g. "Wijken van Oss, 2024, % van de inwoners" */
	const char *source;         /* e.g. "Bron: CBS, Kerncijfers wijken en buurten 2024 (CC BY 4.0); bewerking buurtpeil" */
	const char *unit;           /* appended to value labels, e.g. "%"; may be NULL */
	int decimals;               /* digits after the decimal comma in labels */
	const bp_bar *bars;         /* drawn top to bottom in this order (the caller sorts) */
	size_t n_bars;
	const bp_refline *refs;     /* vertical reference lines, each labelled */
	size_t n_refs;
	int width;                  /* in pixels (PNG) or points (SVG/PDF); 0 = 800 */
	bp_lang lang;               /* numbers and the chart's own words; 0: Dutch */
} bp_barchart;

/*
 * Where everything goes, in plain numbers: the stage between the data and
 * the drawing, computed once and used by every output format (and by tests).
 * Units are pixels for PNG, points for SVG and PDF; y grows downwards.
 */
typedef struct bp_barchart_layout {
	double width, height;        /* surface size; whole numbers */
	double title_y;              /* top of the title block (if any) */
	double subtitle_y;           /* top of the subtitle block (if any) */
	double legend_y;             /* top of the first legend row (if any refs are drawn) */
	double label_x, label_w;     /* column of area names, right-aligned in it */
	double plot_x0, plot_x1;     /* x of scale_min and of scale_max */
	double plot_y0, plot_y1;     /* top of the first and bottom of the last bar row */
	double zero_x;               /* x of the value 0, where bars start */
	double scale_min, scale_max; /* value axis; scale_min <= 0 <= scale_max */
	double tick_step;            /* grid lines at scale_min + k * tick_step */
	int n_ticks;                 /* including both ends */
	int tick_decimals;           /* digits after the comma in tick labels */
	double axis_y;               /* top of the tick labels */
	double source_y;             /* top of the source line (if any) */
	double bar_pitch;            /* distance between the tops of two bar rows */
	double bar_h;                /* bar thickness */
	size_t n_bars;
	double *bar_y;               /* [n_bars] top of each bar */
	double *bar_x0, *bar_x1;     /* [n_bars] left and right end; NAN when the value is missing */
	size_t n_refs;
	double *ref_x;               /* [n_refs] x of each reference line; NAN when not drawn */
	double *band_x0, *band_x1;   /* [n_refs] x of the reference's ci_lo and ci_hi; NAN when it has no band */
	double *legend_x;            /* [n_refs] left of each legend entry; NAN when not drawn */
	double *legend_row_y;        /* [n_refs] top of the legend row of each entry */
} bp_barchart_layout;

/* Whether a reference line is drawn with the band of its interval (see bp_refline). */
int bp_refline_has_interval(const bp_refline *r);

/*
 * Compute the layout of a chart (text is measured with Pango, nothing is
 * drawn).  The arrays live in arena a.  Fails with BP_ERR_RENDER when the
 * chart is too narrow for its labels.
 */
bp_rc bp_barchart_compute_layout(const bp_barchart *chart, bp_arena *a,
                                 bp_barchart_layout *lay, bp_error *err) BP_MUST_CHECK;

/* Bytes of SVG (or PNG) text the chart would produce in a format, into memory:
 * used by reports that inline the SVG.  *out is malloc'ed and owned by the caller.
 * On failure *out is NULL and *len 0. */
bp_rc bp_barchart_render(const bp_barchart *chart, bp_image_format fmt,
                         unsigned char **out, size_t *len, bp_error *err) BP_MUST_CHECK;

/* Draw the chart into path (temporary file, then rename).  BP_ERR_IO when the
 * folder is missing or not writable, BP_ERR_RENDER when Cairo fails; either
 * way nothing is left at path or beside it. */
bp_rc bp_barchart_write(const bp_barchart *chart, bp_image_format fmt,
                        const char *path, bp_error *err) BP_MUST_CHECK;

/* The layout and drawing of this chart for the canvas: small multiples draw it in a
 * cell, report pages onto a PDF page (bp_canvas_draw_at). */
const bp_chart_ops *bp_barchart_ops(void);

#endif
