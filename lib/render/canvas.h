/*
 * canvas.h: what every chart of lib/render shares, so that the ranking,
 * trend and profile charts look like one family and write files the same
 * way: the fonts (DejaVu Sans through unhinted PangoContexts, kept with the
 * shaped layouts for the process: textcache.h), text that
 * wraps or ends in an ellipsis, Dutch numbers, "nice" scale steps, the
 * palette, the title/subtitle/source block, and one output path that turns
 * a layout and a drawing function into PNG, SVG or PDF, in a file
 * (atomically) or in memory.
 *
 * Internal to lib/render: callers of the charts need only bp_image_format.
 */
#ifndef BP_RENDER_CANVAS_H
#define BP_RENDER_CANVAS_H

#include <stddef.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/lang.h"

typedef enum bp_image_format {
	BP_IMAGE_PNG,
	BP_IMAGE_SVG,
	BP_IMAGE_PDF
} bp_image_format;

/* --- colour -------------------------------------------------------------- */

typedef struct bp_rgb {
	double r, g, b;
} bp_rgb;

#define BP_HEX(h) { ((h) >> 16 & 0xFF) / 255.0, ((h) >> 8 & 0xFF) / 255.0, ((h) & 0xFF) / 255.0 }

/*
 * Okabe-Ito hues as 0xRRGGBB.  Every text colour has a contrast of at least
 * 4.5:1 on white (WCAG AA); the lightest, the grey of missing values, 5.7:1.
 */
#define BP_RGB_BACKGROUND 0xFFFFFF
#define BP_RGB_TEXT       0x1A1A1A
#define BP_RGB_SUBTLE     0x4D4D4D
#define BP_RGB_MISSING    0x666666
#define BP_RGB_GRID       0xE3E3E3
#define BP_RGB_ZERO       0x8C8C8C
#define BP_RGB_BLUE       0x0072B2 /* the area itself, "better" */
#define BP_RGB_ORANGE     0xD55E00 /* first reference, "worse" */
#define BP_RGB_DARK       0x333333 /* second reference */
#define BP_RGB_PINK       0xCC79A7
#define BP_RGB_GREEN      0x009E73

/*
 * Reference lines are told apart by colour and by dash, so that neither is
 * needed alone: index i takes style i modulo the count.
 */
typedef struct bp_line_style {
	unsigned rgb;
	double width;
	double dash[2];
	int n_dash;
} bp_line_style;

extern const bp_line_style bp_ref_styles[];
extern const size_t bp_n_ref_styles;

void bp_set_rgb(cairo_t *cr, unsigned rgb);
void bp_set_line_style(cairo_t *cr, const bp_line_style *s);

/*
 * A reference's 95% interval drawn as a band: a light tint of its line's
 * colour (BP_BAND_TINT of it over white, opaque: the same pixels in PNG,
 * SVG and PDF), edged by 1-unit lines in the line's colour and dash, so
 * the band's ends have the line's contrast and two references' bands
 * differ in dash as well as hue.  The charts' legends name it in words.
 */
#define BP_BAND_TINT 0.15
unsigned bp_rgb_tint(unsigned rgb, double share);
/* s as a band's edge: its colour and dash, 1 unit wide. */
void bp_set_band_edge(cairo_t *cr, const bp_line_style *s);

/* --- text ---------------------------------------------------------------- */

enum bp_font {
	BP_F_TITLE, BP_F_SUBTITLE, BP_F_LABEL, BP_F_LABEL_BOLD, BP_F_VALUE, BP_F_VALUE_BOLD,
	BP_F_NOTE, BP_F_TICK, BP_F_LEGEND, BP_F_SOURCE, BP_N_FONTS
};

/*
 * Text state of one chart: the Pango context it measures with, then (from
 * bp_ink_draw_on) the one it draws with.  Contexts, fonts and the layouts
 * bp_text makes are kept for the whole process (textcache.h): one thread.
 */
typedef struct bp_ink {
	PangoContext *pc;
	PangoFontDescription *font[BP_N_FONTS];
	int oneline; /* one-line labels may be shaped by oneline.c in pc (canvas.c, new_layout) */
} bp_ink;

enum bp_fit { BP_FIT_NONE, BP_FIT_WRAP, BP_FIT_ELLIPSIZE };

/*
 * Whether Pango (through fontconfig) finds a real DejaVu Sans: without it
 * every glyph is an empty box and the charts look drawn (issue 24).
 * BP_ERR_MISSING with a hint naming the package otherwise.  Checked once
 * per process (fonts do not come and go during a run); every chart output
 * and the PDF documents call it before their first text.
 */
bp_rc bp_fonts_check(bp_error *err) BP_MUST_CHECK;

void bp_ink_open(bp_ink *k);
/* Switch k to the context for drawing on cr (instead of pango_cairo_update_context). */
void bp_ink_draw_on(bp_ink *k, cairo_t *cr);
void bp_ink_close(bp_ink *k);

/*
 * A layout for s (NULL = "") in a font.  width <= 0 means unlimited;
 * otherwise the text wraps or ends in an ellipsis at that width.  Invalid
 * UTF-8 is repaired, not left to Pango (which would warn on stderr).  The
 * layout is shared through a cache: measure it, draw it, g_object_unref
 * it, but never change it.
 */
PangoLayout *bp_text(const bp_ink *k, enum bp_font f, const char *s, double width,
                     enum bp_fit fit, PangoAlignment align);
/*
 * One line ending in an ellipsis at width (bp_text's BP_FIT_ELLIPSIZE),
 * drawn at x + *dx: a text that fits may come back as the layout that
 * measured it (no second shaping), moved to where the alignment puts it.
 */
PangoLayout *bp_text_fit(const bp_ink *k, enum bp_font f, const char *s, double width,
                         PangoAlignment align, double *dx);
/* Wrapped at width into at most max_lines lines, the last ending in an ellipsis. */
PangoLayout *bp_text_lines(const bp_ink *k, enum bp_font f, const char *s, double width,
                           int max_lines, PangoAlignment align);
void bp_text_size(PangoLayout *l, double *w, double *h);
double bp_text_width(const bp_ink *k, enum bp_font f, const char *s);
/* Height of s wrapped at width (<= 0: one line per paragraph). */
double bp_text_height(const bp_ink *k, enum bp_font f, const char *s, double width);
int bp_has_text(const char *s);

/*
 * Bounds on text from files (issue 24): a name (an area, a reference, a
 * series) in a chart's head, label column, end label or legend is cut at
 * BP_NAME_MAX_CHARS characters, the last an ellipsis, so that no name takes
 * a column's width; a title, subtitle, source line or wrapped legend row
 * takes at most BP_TITLE_MAX_LINES lines, the last ending in an ellipsis.
 * The data and the pages' tables keep the whole name.
 */
#define BP_NAME_MAX_CHARS 40
#define BP_NAME_BUF (BP_NAME_MAX_CHARS * 4 + 1)
#define BP_TITLE_MAX_LINES 3
/* The lines a title, subtitle or source line may take in a chart width
 * wide: BP_TITLE_MAX_LINES at 800 and wider; below, as many as the text of
 * BP_TITLE_MAX_LINES lines of the widest chart (BP_CHART_MAX_WIDTH) can
 * need, wrapped at words (twice the lines of its length, and one), so that a
 * narrow chart (the site's phone variant, 340 wide: 28 lines) cuts nothing
 * the wide one shows.  Still a bound: text from a file cannot take the chart. */
#define BP_CHART_MAX_WIDTH 1400   /* the widest a page widens a chart to (bp_profile_fit_width) */
int bp_title_max_lines(double width);
/* s (NULL = "") cut to at most BP_NAME_MAX_CHARS whole characters into buf
 * (of at least BP_NAME_BUF bytes), the last "…" when cut; returns buf. */
const char *bp_name_cut(char *buf, size_t size, const char *s);

/* "17,9%", "0,8 km": bp_numfmt_nl_unit (core/numfmt.h); unit may be NULL. */
void bp_value_text(char *buf, size_t size, double v, int decimals, const char *unit);
/* The same in lang ("17.9%" in English: bp_numfmt_unit). */
void bp_value_text_lang(bp_lang lang, char *buf, size_t size, double v, int decimals, const char *unit);
/* v as a reader sees it with `decimals` digits (bp_numfmt_nl's rounding):
 * what maps classify, so that two equal figures never land in different
 * classes.  NAN stays NAN. */
double bp_value_shown(double v, int decimals);
/* The fewest digits from `decimals` up (at most two more) with which the
 * distinct finite values of v[n] are all written differently: "90 | 90 | -1"
 * says less than "90,4 | 89,6 | -0,8". */
int bp_decimals_apart(const double *v, size_t n, int decimals);

/* Draw l with its top left at (x, y). */
void bp_show(cairo_t *cr, PangoLayout *l, double x, double y, unsigned rgb);
/* The same with a white outline, for text that lies over lines. */
void bp_show_with_halo(cairo_t *cr, PangoLayout *l, double x, double y, unsigned rgb);

/* A 1-unit line on the pixel grid (x.5), so that it is one sharp pixel wide. */
double bp_crisp(double x);

/* --- scales -------------------------------------------------------------- */

typedef struct bp_scale {
	double min, max;  /* round numbers around the data */
	double step;      /* ticks at min + k * step */
	int n_ticks;      /* including both ends */
	int decimals;     /* digits after the comma that the tick labels need */
} bp_scale;

/*
 * From a round number at or below lo to one at or above hi, with a step of
 * 1, 2, 2.5 or 5 times a power of ten giving about target intervals.
 */
void bp_nice_scale(double lo, double hi, int target, bp_scale *s);
double bp_scale_tick(const bp_scale *s, int i);
/* Where v falls between p0 (at s->min) and p1 (at s->max); p1 < p0 is fine. */
double bp_scale_map(const bp_scale *s, double v, double p0, double p1);

/* --- title, subtitle, source ----------------------------------------------- */

#define BP_MARGIN 16.0

typedef struct bp_frame {
	double title_y;    /* top of the title (if any) */
	double subtitle_y; /* top of the subtitle (if any) */
	double body_y;     /* where the chart body may start */
} bp_frame;

/* Place the title and subtitle, wrapped to the width between the margins. */
void bp_frame_place(const bp_ink *k, const char *title, const char *subtitle, double width,
                    bp_frame *fr);
void bp_frame_draw(const bp_ink *k, cairo_t *cr, const char *title, const char *subtitle,
                   double width, const bp_frame *fr);
/* Height of the source line wrapped to the width (0 without a source). */
double bp_source_height(const bp_ink *k, const char *source, double width);
void bp_source_draw(const bp_ink *k, cairo_t *cr, const char *source, double width, double y);

/* --- output -------------------------------------------------------------- */

/*
 * A chart, to the output code: layout() computes the layout (allocated in a)
 * and its whole-number size; draw() paints that layout on any cairo_t, the
 * background included, opaque, first (a PNG chart is drawn on the surface
 * the last one of its size was drawn on).  One drawing code serves every
 * format.
 */
typedef struct bp_chart_ops {
	bp_rc (*layout)(const void *chart, const bp_ink *k, bp_arena *a, void **lay,
	                double *width, double *height, bp_error *err);
	void (*draw)(const void *chart, const void *lay, const bp_ink *k, cairo_t *cr);
} bp_chart_ops;

/* Into memory: *out is malloc'ed and the caller's; on failure NULL and *len 0. */
bp_rc bp_canvas_render(const bp_chart_ops *ops, const void *chart, const char *title,
                       bp_image_format fmt, unsigned char **out, size_t *len, bp_error *err) BP_MUST_CHECK;
/*
 * Into path through a temporary file beside it.  BP_ERR_IO when the folder
 * is missing or not writable, BP_ERR_RENDER when Cairo fails; either way
 * nothing is left at path or beside it.  title goes into the PDF metadata.
 */
bp_rc bp_canvas_write(const bp_chart_ops *ops, const void *chart, const char *title,
                      bp_image_format fmt, const char *path, bp_error *err) BP_MUST_CHECK;

/*
 * Onto a surface someone else owns (a page of a multi-page PDF report):
 * lay out the chart, then draw it with its top left at (x, y), scaled down
 * uniformly when it is wider than max_width (never up).  *height is the
 * height it took on the page.  Nothing is drawn when the layout fails.
 */
bp_rc bp_canvas_draw_at(const bp_chart_ops *ops, const void *chart, cairo_t *cr, double x, double y,
                        double max_width, double *height, bp_error *err) BP_MUST_CHECK;
/* The height the chart would take at max_width, without drawing it. */
bp_rc bp_canvas_measure(const bp_chart_ops *ops, const void *chart, double max_width,
                        double *height, bp_error *err) BP_MUST_CHECK;

#endif
