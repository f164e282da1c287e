/*
 * canvas.c: the pieces every chart shares (see canvas.h).
 *
 * Text is measured and drawn through PangoContexts whose metrics are not
 * hinted, so a layout is the same whatever the surface and a PNG and an SVG
 * of the same chart match; the contexts and the shaped layouts are kept for
 * the process (textcache.c).
 */
#include "render/canvas.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <png.h>
#include <setjmp.h>

#include <libdeflate.h>
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <zlib.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "core/numfmt.h"
#include "render/glyphrun.h"
#include "render/oneline.h"
#include "render/rowdeflate.h"
#include "render/svgtext.h"
#include "render/textcache.h"

#define FONT_FAMILY "DejaVu Sans"

const bp_line_style bp_ref_styles[] = {
	{ BP_RGB_ORANGE, 2.0, { 0, 0 }, 0 },
	{ BP_RGB_DARK, 1.5, { 5, 3 }, 2 },
	{ BP_RGB_PINK, 2.0, { 2, 2 }, 2 },
	{ BP_RGB_GREEN, 2.0, { 8, 3 }, 2 },
};
const size_t bp_n_ref_styles = sizeof(bp_ref_styles) / sizeof(bp_ref_styles[0]);

void bp_set_rgb(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, (rgb >> 16 & 0xFF) / 255.0, (rgb >> 8 & 0xFF) / 255.0,
	                     (rgb & 0xFF) / 255.0);
}

void bp_set_line_style(cairo_t *cr, const bp_line_style *s)
{
	bp_set_rgb(cr, s->rgb);
	cairo_set_line_width(cr, s->width);
	cairo_set_dash(cr, s->dash, s->n_dash, 0);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
}

unsigned bp_rgb_tint(unsigned rgb, double share)
{
	unsigned out = 0;
	for (int sh = 16; sh >= 0; sh -= 8) {
		double c = (rgb >> sh & 0xFF) * share + 255 * (1 - share);
		out |= (unsigned)lround(c) << sh;
	}
	return out;
}

void bp_set_band_edge(cairo_t *cr, const bp_line_style *s)
{
	bp_set_line_style(cr, s);
	cairo_set_line_width(cr, 1);
}

/* --- text ---------------------------------------------------------------- */

static const struct font_spec {
	double size; /* pixels (points on SVG/PDF) */
	PangoWeight weight;
	PangoStyle style;
} FONTS[BP_N_FONTS] = {
	[BP_F_TITLE]      = { 20, PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
	[BP_F_SUBTITLE]   = { 14, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
	[BP_F_LABEL]      = { 13, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
	[BP_F_LABEL_BOLD] = { 13, PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
	[BP_F_VALUE]      = { 12, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
	[BP_F_VALUE_BOLD] = { 12, PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
	[BP_F_NOTE]       = { 12, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC },
	[BP_F_TICK]       = { 12, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
	[BP_F_LEGEND]     = { 13, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
	[BP_F_SOURCE]     = { 11, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
};

/* Made once for all threads (pthread_once: publishing draws on several, core/workpool.h), then only read. */
static PangoFontDescription *font_descriptions[BP_N_FONTS];
static pthread_once_t fonts_once = PTHREAD_ONCE_INIT;

static void font_descriptions_make(void)
{
	for (int i = 0; i < BP_N_FONTS; i++) {
		PangoFontDescription *fd = pango_font_description_new();
		pango_font_description_set_family(fd, FONT_FAMILY);
		pango_font_description_set_weight(fd, FONTS[i].weight);
		pango_font_description_set_style(fd, FONTS[i].style);
		pango_font_description_set_absolute_size(fd, FONTS[i].size * PANGO_SCALE);
		font_descriptions[i] = fd;
	}
}

bp_rc bp_fonts_check(bp_error *err)
{
	static int checked;   /* 1: found; -1: not found, family in missing_as */
	static char missing_as[128];
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER; /* any thread may ask first */
	pthread_mutex_lock(&lock);
	if (!checked) {
		PangoFontMap *fm = pango_cairo_font_map_get_default();
		PangoContext *pc = pango_font_map_create_context(fm);
		PangoFontDescription *fd = pango_font_description_from_string(FONT_FAMILY " 12");
		PangoFont *font = pango_font_map_load_font(fm, pc, fd);
		/* fontconfig substitutes any font it has for a missing family (or
		 * none at all): only the family it resolved to tells. */
		const char *family = NULL;
		PangoFontDescription *got = font ? pango_font_describe(font) : NULL;
		if (got)
			family = pango_font_description_get_family(got);
		checked = family && g_ascii_strcasecmp(family, FONT_FAMILY) == 0 ? 1 : -1;
		if (checked < 0)
			snprintf(missing_as, sizeof(missing_as), "%s", family ? family : "no font at all");
		if (got)
			pango_font_description_free(got);
		if (font)
			g_object_unref(font);
		pango_font_description_free(fd);
		g_object_unref(pc);
	}
	pthread_mutex_unlock(&lock);
	if (checked > 0)
		return BP_OK;
	bp_fail(err, BP_ERR_MISSING, "the font %s is not installed: charts would show empty boxes", FONT_FAMILY);
	bp_error_detail(err, "fontconfig resolves \"%s\" to %s", FONT_FAMILY, missing_as);
	bp_error_hint(err, "apt-get install fonts-dejavu-core (or check FONTCONFIG_FILE)");
	return BP_ERR_MISSING;
}

void bp_ink_open(bp_ink *k)
{
	k->pc = g_object_ref(bp_textcache_measure_context());
	k->oneline = 1;
	pthread_once(&fonts_once, font_descriptions_make);
	for (int i = 0; i < BP_N_FONTS; i++)
		k->font[i] = font_descriptions[i];
}

void bp_ink_draw_on(bp_ink *k, cairo_t *cr)
{
	PangoContext *pc = g_object_ref(bp_textcache_draw_context(cr));
	if (k->pc)
		g_object_unref(k->pc);
	k->pc = pc;
	/* One-line labels (oneline.h) drawn on a PNG (the measuring context) or
	 * written as an SVG's <text> (svgtext.c reads their kept glyphs): a new
	 * label in an SVG chart was laid out in full by Pango, a fifth of the
	 * chart's instructions (callgrind; the same bytes either way). */
	cairo_surface_type_t type = cairo_surface_get_type(cairo_get_target(cr));
	k->oneline = pc == bp_textcache_measure_context() || type == CAIRO_SURFACE_TYPE_SVG;
}

void bp_ink_close(bp_ink *k)
{
	if (k->pc)
		g_object_unref(k->pc);
	memset(k, 0, sizeof(*k));
}

/* A new layout for the key (its font, text and fitting); see bp_text. */
static PangoLayout *new_layout(const bp_ink *k, const bp_text_key *key)
{
	/* A one-line label measured, drawn on a PNG or written into an SVG:
	 * shaped without the layout's line machinery (oneline.h).  Not where a
	 * PDF is drawn: Pango's renderer lays the layout out, which would shape
	 * it a second time (k->oneline, bp_ink_draw_on). */
	PangoLayout *l;
	if (key->fit == BP_FIT_NONE && key->width < 0 && key->align == PANGO_ALIGN_LEFT && key->max_lines == 0 &&
	    k->oneline &&
	    (l = bp_oneline_layout(key->pc, key->font, k->font[key->font], key->text)))
		return l;
	l = pango_layout_new(key->pc);
	pango_layout_set_font_description(l, k->font[key->font]);
	/* Names come from outside files: repair them here rather than let Pango warn. */
	if (g_utf8_validate(key->text, -1, NULL)) {
		pango_layout_set_text(l, key->text, -1);
	} else {
		gchar *fixed = g_utf8_make_valid(key->text, -1);
		pango_layout_set_text(l, fixed, -1);
		g_free(fixed);
	}
	if (key->fit != BP_FIT_NONE) {
		pango_layout_set_width(l, key->width);
		if (key->fit == BP_FIT_WRAP)
			pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		else
			pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	}
	pango_layout_set_alignment(l, (PangoAlignment)key->align);
	if (key->max_lines > 0) {
		/* A negative height counts lines: Pango wraps, then ellipsizes the last. */
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(l, -key->max_lines);
	}
	return l;
}

/*
 * The layout from the process-wide cache (textcache.c), made and kept
 * there on first use: the returned layout is shared and must not be
 * changed, only measured, drawn and unreferenced.
 */
static PangoLayout *cached_text(const bp_ink *k, enum bp_font f, const char *s, double width,
                                enum bp_fit fit, PangoAlignment align, int max_lines)
{
	int fitted = width > 0 && fit != BP_FIT_NONE;
	bp_text_key key = {
		.pc = k->pc,
		.font = f,
		.width = fitted ? (int)(width * PANGO_SCALE) : -1,
		.fit = fitted ? (int)fit : BP_FIT_NONE,
		.align = (int)align,
		.max_lines = fitted && max_lines > 0 ? max_lines : 0,
		.text = s ? s : "",
	};
	PangoLayout *l = bp_textcache_get(&key);
	if (!l) {
		l = new_layout(k, &key);
		bp_textcache_put(&key, l);
	}
	return l;
}

/*
 * The layout of s without a width (as bp_text_width measured it) when s
 * fits in width on one left-to-right line, else NULL; *w: its width in
 * Pango units.  A text that fits is laid out with the same glyphs at the
 * same places whether or not it may end in an ellipsis, and charts measure
 * a name before they draw it fitted to its column: the measured layout
 * draws it, and a new name is shaped once instead of twice (most of what a
 * new label cost).  A right-to-left line is left to the fitted layout:
 * Pango swaps left and right alignment for it.
 */
static PangoLayout *natural_if_fits(const bp_ink *k, enum bp_font f, const char *s, double width, int *w)
{
	PangoLayout *n = cached_text(k, f, s, 0, BP_FIT_NONE, PANGO_ALIGN_LEFT, 0);
	const bp_oneline *o = bp_oneline_of(n);
	if (o) { /* one left-to-right line, by what oneline.c lets in */
		*w = o->width;
		if (width > 0 && o->width <= (int)(width * PANGO_SCALE))
			return n;
		g_object_unref(n);
		return NULL;
	}
	PangoRectangle logical;
	pango_layout_get_extents(n, NULL, &logical);
	*w = logical.width;
	if (width > 0 && logical.width <= (int)(width * PANGO_SCALE) && pango_layout_get_line_count(n) == 1 &&
	    pango_layout_get_line_readonly(n, 0)->resolved_dir == PANGO_DIRECTION_LTR)
		return n;
	g_object_unref(n);
	return NULL;
}

PangoLayout *bp_text(const bp_ink *k, enum bp_font f, const char *s, double width,
                     enum bp_fit fit, PangoAlignment align)
{
	int w;
	PangoLayout *n;
	/* Left-aligned, the text that fits starts where the fitted layout's would. */
	if (fit == BP_FIT_ELLIPSIZE && align == PANGO_ALIGN_LEFT && (n = natural_if_fits(k, f, s, width, &w)))
		return n;
	return cached_text(k, f, s, width, fit, align, 0);
}

PangoLayout *bp_text_fit(const bp_ink *k, enum bp_font f, const char *s, double width,
                         PangoAlignment align, double *dx)
{
	int w;
	PangoLayout *n;
	*dx = 0;
	if (align != PANGO_ALIGN_RIGHT)
		return bp_text(k, f, s, width, BP_FIT_ELLIPSIZE, align);
	if (!(n = natural_if_fits(k, f, s, width, &w)))
		return cached_text(k, f, s, width, BP_FIT_ELLIPSIZE, align, 0);
	/* Pango's offset of a right-aligned line: the layout's width less the line's, in its units. */
	*dx = (double)((int)(width * PANGO_SCALE) - w) / PANGO_SCALE;
	return n;
}

PangoLayout *bp_text_lines(const bp_ink *k, enum bp_font f, const char *s, double width,
                           int max_lines, PangoAlignment align)
{
	/* Left-aligned, a text that fits on one line is laid out as that line
	 * whether or not it may wrap: a one-line label (oneline.h) fitting in
	 * width is that layout (a chart's title and subtitle, new in each
	 * chart of a batch, shaped once and without line breaking).  Where
	 * such labels are made (k->oneline). */
	if (align == PANGO_ALIGN_LEFT && width > 0 && k->oneline) {
		PangoLayout *n = cached_text(k, f, s, 0, BP_FIT_NONE, PANGO_ALIGN_LEFT, 0);
		const bp_oneline *o = bp_oneline_of(n); /* else n was not laid out: it costs little */
		if (o && o->width <= (int)(width * PANGO_SCALE))
			return n;
		g_object_unref(n);
	}
	return cached_text(k, f, s, width, BP_FIT_WRAP, align, max_lines);
}

void bp_text_size(PangoLayout *l, double *w, double *h)
{
	PangoRectangle logical;
	const bp_oneline *o = bp_oneline_of(l);
	if (o)
		logical = (PangoRectangle){ 0, 0, o->width, o->height };
	else
		pango_layout_get_extents(l, NULL, &logical);
	if (w)
		*w = (double)logical.width / PANGO_SCALE;
	if (h)
		*h = (double)logical.height / PANGO_SCALE;
}

const char *bp_name_cut(char *buf, size_t size, const char *s)
{
	static const char ellipsis[] = "\u2026";
	if (!s)
		s = "";
	/* Byte offsets of the character starts: a continuation byte (10xxxxxx)
	 * never starts one, so a cut never splits a character (bp_text repairs
	 * what was invalid to begin with). */
	size_t chars = 0, keep = 0, i = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (chars == BP_NAME_MAX_CHARS - 1)
			keep = i;
		if (++chars > BP_NAME_MAX_CHARS)
			break;
	}
	if (chars <= BP_NAME_MAX_CHARS && i < size) {
		memcpy(buf, s, i + 1);
		return buf;
	}
	if (keep + sizeof(ellipsis) > size)
		keep = size > sizeof(ellipsis) ? size - sizeof(ellipsis) : 0;
	while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
		keep--;
	memcpy(buf, s, keep);
	memcpy(buf + keep, ellipsis, sizeof(ellipsis));
	return buf;
}

double bp_text_width(const bp_ink *k, enum bp_font f, const char *s)
{
	double w;
	PangoLayout *l = bp_text(k, f, s, 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
	bp_text_size(l, &w, NULL);
	g_object_unref(l);
	return w;
}

double bp_text_height(const bp_ink *k, enum bp_font f, const char *s, double width)
{
	double h;
	PangoLayout *l = bp_text(k, f, s, width, BP_FIT_WRAP, PANGO_ALIGN_LEFT);
	bp_text_size(l, NULL, &h);
	g_object_unref(l);
	return h;
}

int bp_has_text(const char *s)
{
	return s && *s;
}

void bp_value_text(char *buf, size_t size, double v, int decimals, const char *unit)
{
	bp_numfmt_nl_unit(buf, size, v, decimals, unit, 0);
}

void bp_value_text_lang(bp_lang lang, char *buf, size_t size, double v, int decimals, const char *unit)
{
	bp_numfmt_unit(lang, buf, size, v, decimals, unit, 0);
}

double bp_value_shown(double v, int decimals)
{
	if (!isfinite(v))
		return v;
	/* Read back the text itself: its rounding is the one on the page. */
	char s[400], c[400];
	bp_numfmt_nl(s, sizeof(s), v, decimals < 0 ? 0 : decimals);
	size_t k = 0;
	for (const char *p = s; *p && k + 1 < sizeof(c); p++)
		if (*p == ',')
			c[k++] = '.';
		else if (*p != '.')
			c[k++] = *p;
	c[k] = '\0';
	return strtod(c, NULL);
}

int bp_decimals_apart(const double *v, size_t n, int decimals)
{
	if (decimals < 0)
		decimals = 0;
	for (int d = decimals; d < decimals + 2; d++) {
		int clash = 0;
		for (size_t i = 0; i < n && !clash; i++)
			for (size_t j = i + 1; j < n && !clash; j++)
				clash = isfinite(v[i]) && isfinite(v[j]) && v[i] != v[j] &&
				        bp_value_shown(v[i], d) == bp_value_shown(v[j], d);
		if (!clash)
			return d;
	}
	return decimals + 2;
}

void bp_show(cairo_t *cr, PangoLayout *l, double x, double y, unsigned rgb)
{
	if (bp_svgtext_show(cr, l, x, y, rgb, 0))
		return; /* an SVG chart: written as <text> (svgtext.h) */
	bp_set_rgb(cr, rgb);
	/* A PNG chart: the kept glyphs, the pixels Pango's renderer draws (glyphrun.h). */
	if (cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE && bp_glyphs_show(cr, l, x, y))
		return;
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
}

double bp_crisp(double x)
{
	return floor(x) + 0.5;
}

/* --- scales -------------------------------------------------------------- */

/* Heckbert's "nice numbers". */
void bp_nice_scale(double lo, double hi, int target, bp_scale *s)
{
	if (!(hi - lo > 0))
		hi = lo + 1;
	if (target < 1)
		target = 1;
	double rough = (hi - lo) / target;
	double mag = pow(10, floor(log10(rough)));
	double norm = rough / mag;
	double f = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
	double step = f * mag;
	/* The epsilon keeps 30.000000001 (a sum of floats) from adding a tick. */
	double kmin = floor(lo / step + 1e-9);
	double kmax = ceil(hi / step - 1e-9);
	s->step = step;
	s->min = kmin * step;
	s->max = kmax * step;
	s->n_ticks = (int)(kmax - kmin) + 1;
	s->decimals = 0;
	for (int d = 0; d < 10; d++) {
		double t = step * pow(10, d);
		if (fabs(t - round(t)) < 1e-6 * t) {
			s->decimals = d;
			break;
		}
	}
}

double bp_scale_tick(const bp_scale *s, int i)
{
	return s->min + i * s->step;
}

double bp_scale_map(const bp_scale *s, double v, double p0, double p1)
{
	return p0 + (v - s->min) / (s->max - s->min) * (p1 - p0);
}

/* --- title, subtitle, source ----------------------------------------------- */

int bp_title_max_lines(double width)
{
	if (!(width > 2 * BP_MARGIN) || width >= 800)
		return BP_TITLE_MAX_LINES;
	return (int)ceil(2.0 * BP_TITLE_MAX_LINES * (BP_CHART_MAX_WIDTH - 2 * BP_MARGIN) / (width - 2 * BP_MARGIN)) + 1;
}

void bp_frame_place(const bp_ink *k, const char *title, const char *subtitle, double width,
                    bp_frame *fr)
{
	double inner = width - 2 * BP_MARGIN;
	double y = BP_MARGIN;
	fr->title_y = fr->subtitle_y = y; /* also when there is no title */
	double h;
	if (bp_has_text(title)) {
		fr->title_y = y;
		PangoLayout *l = bp_text_lines(k, BP_F_TITLE, title, inner, bp_title_max_lines(width), PANGO_ALIGN_LEFT);
		bp_text_size(l, NULL, &h);
		g_object_unref(l);
		y += h + 4;
	}
	if (bp_has_text(subtitle)) {
		fr->subtitle_y = y;
		PangoLayout *l = bp_text_lines(k, BP_F_SUBTITLE, subtitle, inner, bp_title_max_lines(width),
		                               PANGO_ALIGN_LEFT);
		bp_text_size(l, NULL, &h);
		g_object_unref(l);
		y += h;
	}
	fr->body_y = y + 14;
}

void bp_frame_draw(const bp_ink *k, cairo_t *cr, const char *title, const char *subtitle,
                   double width, const bp_frame *fr)
{
	double inner = width - 2 * BP_MARGIN;
	if (bp_has_text(title)) {
		PangoLayout *l = bp_text_lines(k, BP_F_TITLE, title, inner, bp_title_max_lines(width), PANGO_ALIGN_LEFT);
		bp_show(cr, l, BP_MARGIN, fr->title_y, BP_RGB_TEXT);
		g_object_unref(l);
	}
	if (bp_has_text(subtitle)) {
		PangoLayout *l = bp_text_lines(k, BP_F_SUBTITLE, subtitle, inner, bp_title_max_lines(width),
		                               PANGO_ALIGN_LEFT);
		bp_show(cr, l, BP_MARGIN, fr->subtitle_y, BP_RGB_SUBTLE);
		g_object_unref(l);
	}
}

double bp_source_height(const bp_ink *k, const char *source, double width)
{
	if (!bp_has_text(source))
		return 0;
	double h;
	PangoLayout *l = bp_text_lines(k, BP_F_SOURCE, source, width - 2 * BP_MARGIN, bp_title_max_lines(width),
	                               PANGO_ALIGN_LEFT);
	bp_text_size(l, NULL, &h);
	g_object_unref(l);
	return h;
}

void bp_source_draw(const bp_ink *k, cairo_t *cr, const char *source, double width, double y)
{
	if (!bp_has_text(source))
		return;
	PangoLayout *l = bp_text_lines(k, BP_F_SOURCE, source, width - 2 * BP_MARGIN, bp_title_max_lines(width),
	                               PANGO_ALIGN_LEFT);
	bp_show(cr, l, BP_MARGIN, y, BP_RGB_SUBTLE);
	g_object_unref(l);
}

/* --- output -------------------------------------------------------------- */

/* Where Cairo's bytes go: a buffer in memory (bp_canvas_write writes it to the file at once). */
typedef struct sink {
	bp_buf *mem;
} sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
	sink *s = closure;
	bp_buf_add(s->mem, data, len);
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

static bp_rc cairo_failed(bp_error *err, cairo_status_t st, bp_image_format fmt, const char *path)
{
	if (path)
		bp_error_at(err, path, 0, 0);
	return bp_fail(err, BP_ERR_RENDER, "cannot draw the %s chart %s %s: %s", format_name(fmt),
	               path ? "for" : "in", path ? path : "memory", cairo_status_to_string(st));
}

/*
 * PNG: libpng writes the container (signature, IHDR, PLTE, IEND) and
 * ISA-L's igzip deflates the image data into IDAT chunks framed here, with
 * ISA-L's CRC (write_idat says why).  Why not libpng's own rows:
 * libpng can only compress with zlib, and zlib's deflate was most of a
 * chart's time: 3.8 ms of CPU at level 1 for the 1.8 MB of an 800 x 760 RGB
 * ranking on the bench machine, 2.4 ms even for an all-white picture of
 * that size (it compares every byte of every match), several times the
 * drawing; Cairo's own writer (level 6, adaptive filters) took 15 ms.
 * igzip writes a standard zlib stream (32 KiB window) of it in 0.4 ms;
 * libdeflate was no faster than zlib on these pictures (ARCHITECTURE.md,
 * "PNG output").
 *
 * igzip level 0 (one pass, static Huffman codes), not 1 or 2 (dynamic
 * codes, 17-21% smaller): at levels 1 and 2 the same picture sometimes
 * came out as other bytes (a match at another, equally valid distance;
 * about 1 in 1,500 pictures at level 1 in a loop that also allocates), so
 * the same chart would not always give the same file.  Level 0 gave the
 * same bytes in all of 52,500 such runs, at the same speed.  The pictures
 * are the same either way.
 *
 * The rows are assembled in one buffer, each after its filter byte 0: no
 * filter, since deflate's matches already find what Sub/Up would for flat
 * charts, and filters were only slower or larger (measured).
 *
 * A picture of at most 256 colours is written as an indexed-colour PNG:
 * one byte per pixel instead of three, a smaller file, nothing lost (every
 * pixel keeps its exact colour).  Text antialiasing over several
 * backgrounds can push a chart past 256 colours; that one is written as RGB
 * rather than quantised.  Cairo's pixels are premultiplied ARGB; composited
 * onto white they become RGB (every chart paints an opaque background, so
 * this only matters for stray translucency).
 */
typedef struct png_sink {
	sink *out;
	int failed;
	jmp_buf jb;
} png_sink;

static void png_write_cb(png_structp png, png_bytep data, size_t len)
{
	png_sink *ps = png_get_io_ptr(png);
	if (sink_write(ps->out, data, (unsigned)len) != CAIRO_STATUS_SUCCESS) {
		ps->failed = 1;
		png_error(png, "write failed");
	}
}

static void png_flush_cb(png_structp png)
{
	(void)png;
}

static void png_error_cb(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_sink *ps = png_get_error_ptr(png);
	longjmp(ps->jb, 1);
}

static void png_warning_cb(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg; /* libpng's warnings are about ancillary chunks we do not write */
}

/* Premultiplied ARGB over white, as 0xRRGGBB: c + (255 - a) per channel. */
static uint32_t over_white(uint32_t p)
{
	uint32_t k = 255 - (p >> 24);
	return (((p >> 16 & 0xFF) + k) << 16) | (((p >> 8 & 0xFF) + k) << 8) | ((p & 0xFF) + k);
}

/*
 * 1 when row y repeats row y - 1: bars, gridlines and blank space make most
 * rows of a chart copies of the one above, and a memcmp and a memcpy are
 * several times cheaper than converting the row pixel by pixel.
 */
static int same_as_row_above(const unsigned char *data, int y, int w, int stride)
{
	return y > 0 && memcmp(data + (size_t)y * (size_t)stride, data + (size_t)(y - 1) * (size_t)stride,
	                       4 * (size_t)w) == 0;
}

/*
 * Where a row differs from the one above, it is still mostly the same:
 * a ranking's rows through its names differ from the row above only under
 * the text and agree along the bar, the gridlines and the blank space.  So
 * such a row is taken in spans of SPAN pixels, and a span that repeats the
 * one above is copied from the row already converted above it (the same
 * pixels give the same bytes); only the others are converted.
 */
#define SPAN 32

/* The length in pixels of the span at x of a row w wide, and 1 when it repeats the span above. */
static int span_at(const uint32_t *src, const uint32_t *above, int x, int w, int *len)
{
	*len = w - x < SPAN ? w - x : SPAN;
	return above && memcmp(src + x, above + x, 4 * (size_t)*len) == 0;
}

/*
 * Pixels [x0, x1) of a row (src) as RGB bytes at dst (the row's first pixel).
 * Two pixels at a time are stored as one 8-byte word R, G, B, R, G, B, x, x,
 * the last two bytes overwritten by the next pair (or the next row's filter
 * byte and first pixel, which are written after, or the slack): one store
 * per two pixels instead of six byte stores.  Opaque pixels (all of them, in
 * practice: every chart paints its background) need no blending onto white,
 * only the byte swap.
 *
 * With GCC on x86-64, the pixels go through vector code (GCC's vector
 * extensions, no assembly): blended onto white without a branch, one byte
 * shuffle and one 16-byte store per four pixels.  Clones for AVX2 (eight
 * pixels per vpshufb), SSSE3 (four per pshufb) and the baseline (where GCC
 * has no byte shuffle and writes byte moves) are made by target_clones and
 * chosen once at load time (an ifunc); all give the same bytes (each
 * compared with over_white on random premultiplied pixels, opaque and
 * not, when written).  The AVX2 path took a new-label ranking's
 * conversion from 0.45 M to 0.29 M instructions (callgrind, against the
 * SSSE3 clone's four pixels with a test for opaque ones).
 */
#define RGB_SLACK 16
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define BP_RGB_SHUFFLE 1
typedef unsigned char bp_v32u8 __attribute__((vector_size(32)));
typedef uint32_t bp_v8u32 __attribute__((vector_size(32)));
typedef unsigned char bp_v16u8 __attribute__((vector_size(16)));
typedef uint32_t bp_v4u32 __attribute__((vector_size(16)));
__attribute__((target_clones("avx2", "ssse3", "default")))
#endif
static void rgb_span(const uint32_t *src, int x0, int x1, unsigned char *dst)
{
	int x = x0;
#ifdef BP_RGB_SHUFFLE
	/*
	 * Eight pixels at a time where the CPU has AVX2, else four, blended onto
	 * white without a branch (over_white lane by lane: k = 255 - alpha added
	 * to each channel, 0 for an opaque pixel; premultiplied, a channel is at
	 * most alpha, so no carry), then B, G, R, A (little-endian 0xAARRGGBB)
	 * to R, G, B in each 16-byte half (a byte shuffle that stays within the
	 * halves: one vpshufb, or pshufb), each half's 12 bytes stored by a
	 * 16-byte store whose last 4 bytes the next store overwrites (after the
	 * span: as the pairs' below).  Why the test for AVX2 here and not only
	 * the clones: GCC writes the 32-byte shuffle as byte moves without
	 * AVX2, slower than the four pixels' pshufb on such a CPU.
	 */
	const bp_v32u8 order8 = { 2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 15, 15, 15, 15,
	                          18, 17, 16, 22, 21, 20, 26, 25, 24, 30, 29, 28, 31, 31, 31, 31 };
	const bp_v16u8 order4 = { 2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 15, 15, 15, 15 };
	/* The pixels at x as vector type PX, blended and shuffled into v (bytes of type B), its first 16 stored. */
#define RGB_STEP(PX, B, order)                                                                             \
	PX px;                                                                                             \
	memcpy(&px, src + x, sizeof(px));                                                                  \
	PX k = 255 - (px >> 24);                                                                           \
	px += k | k << 8 | k << 16;                                                                        \
	B v = __builtin_shuffle((B)px, order);                                                             \
	memcpy(dst + 3 * (size_t)x, &v, 16)
	if (__builtin_cpu_supports("avx2"))
		for (; x + 8 <= x1; x += 8) {
			RGB_STEP(bp_v8u32, bp_v32u8, order8);
			memcpy(dst + 3 * (size_t)x + 12, (unsigned char *)&v + 16, 16);
		}
	for (; x + 4 <= x1; x += 4) {
		RGB_STEP(bp_v4u32, bp_v16u8, order4);
	}
#undef RGB_STEP
#endif
	for (; x + 2 <= x1; x += 2) {
		uint32_t a = src[x], b = src[x + 1];
		if ((a & b) < 0xFF000000u) /* either is not opaque */
			a = over_white(a), b = over_white(b);
		/* 0xAARRGGBB byte-swapped and shifted: R, G, B, 0 in memory */
		uint64_t two = (uint64_t)(__builtin_bswap32(a) >> 8) | (uint64_t)(__builtin_bswap32(b) >> 8) << 24;
		memcpy(dst + 3 * (size_t)x, &two, 8);
	}
	if (x < x1) {
		uint32_t px = __builtin_bswap32(over_white(src[x])) >> 8;
		memcpy(dst + 3 * (size_t)x, &px, 4);
	}
}

/* The first x' >= x (up to w) where s[x'] is not v: runs of one colour are most of a chart's pixels. */
static int run_end(const uint32_t *s, int x, int w, uint32_t v)
{
	uint64_t two = (uint64_t)v << 32 | v, got, got2;
	while (x + 4 <= w && (memcpy(&got, s + x, 8), memcpy(&got2, s + x + 2, 8), got == two && got2 == two))
		x += 4;
	while (x < w && s[x] == v)
		x++;
	return x;
}

#ifdef BP_RGB_SHUFFLE
#include <immintrin.h>
/*
 * The same, 16 pixels per step where the CPU has AVX2 (chosen at run time):
 * the runs were most of sample_over_256's instructions (four pixels per
 * step: 0.5 M of a new-label ranking's, callgrind).
 */
__attribute__((target("avx2"))) static int run_end_avx2(const uint32_t *s, int x, int w, uint32_t v)
{
	__m256i vv = _mm256_set1_epi32((int)v);
	for (; x + 16 <= w; x += 16) {
		__m256i e0 = _mm256_cmpeq_epi32(_mm256_loadu_si256((const __m256i *)(const void *)(s + x)), vv);
		__m256i e1 = _mm256_cmpeq_epi32(_mm256_loadu_si256((const __m256i *)(const void *)(s + x + 8)), vv);
		if ((uint32_t)_mm256_movemask_epi8(_mm256_and_si256(e0, e1)) != 0xFFFFFFFFu) {
			uint64_t m = (uint64_t)(uint32_t)_mm256_movemask_epi8(e0) |
			             (uint64_t)(uint32_t)_mm256_movemask_epi8(e1) << 32;
			return x + (__builtin_ctzll(~m) >> 2);
		}
	}
	return run_end(s, x, w, v);
}
#endif

typedef int (*run_end_fn)(const uint32_t *s, int x, int w, uint32_t v);

static run_end_fn run_end_best(void)
{
#ifdef BP_RGB_SHUFFLE
	if (__builtin_cpu_supports("avx2"))
		return run_end_avx2;
#endif
	return run_end;
}

/*
 * What palettize found of the rows before the one where it gave up, for
 * rgb_rows to finish them without looking at their pixels again: per row
 * whether it repeats the row above, else which of its spans do (bit i:
 * span i); their other spans palettize already wrote as RGB.
 */
#define MAX_SPANS 64
typedef struct row_repeats {
	unsigned char *whole;
	uint64_t *spans;
} row_repeats;

/*
 * The picture as PNG rows of palette indices (idx: h rows of a filter byte
 * and w indices) and its palette, or 0 when it has more than 256 colours.
 * Open addressing in a 1024-slot table (at most a quarter full), with the
 * previous pixel's index remembered: charts are mostly runs of one colour,
 * so most pixels skip the hash.
 *
 * With rgb (RGB rows, as rgb_rows writes them) each span that does not
 * repeat the one above is also written there, and rep records the rows'
 * repeats: when the picture has more than 256 colours (*rows_done: the rows
 * before the one where the 257th came), rgb_rows finishes from there
 * instead of converting every pixel again (the ranking has 301 colours and
 * met the 257th near its end: the pass over it had cost as much as the
 * RGB rows).  An indexed picture pays for the RGB stores of its
 * non-repeating spans, a fraction of a pass.  With rgb, the indices of
 * repeating rows and spans are copied only once the picture turned out
 * indexed (copy_repeats): a picture of more than 256 colours never needs
 * them (they were a sixth of its colour collection, callgrind).
 */
static int palettize(const unsigned char *data, int w, int h, int stride, unsigned char *idx,
                     png_color pal[256], int *n_pal, unsigned char *rgb, row_repeats *rep, int *rows_done)
{
	enum { SLOTS = 1024 };
	uint32_t key[SLOTS];
	short val[SLOTS];
	memset(val, 0xFF, sizeof(val)); /* -1: empty */
	int n = 0;
	uint32_t last = 0;
	int last_i = -1;
	run_end_fn skip = run_end_best();
	size_t rgb_row = 3 * (size_t)w + 1;
	*rows_done = 0;
	for (int y = 0; y < h; y++) {
		const uint32_t *src = (const uint32_t *)(data + (size_t)y * (size_t)stride);
		unsigned char *dst = idx + (size_t)y * ((size_t)w + 1);
		unsigned char *rdst = rgb ? rgb + (size_t)y * rgb_row + 1 : NULL;
		*dst++ = PNG_FILTER_VALUE_NONE;
		if (same_as_row_above(data, y, w, stride)) {
			if (!rgb)
				memcpy(dst, dst - (w + 1), (size_t)w);
			rep->whole[y] = 1;
			*rows_done = y + 1;
			continue;
		}
		rep->whole[y] = 0;
		if (rgb)
			rep->spans[y] = 0;
		const uint32_t *above = y > 0 ? (const uint32_t *)((const unsigned char *)src - stride) : NULL;
		for (int x0 = 0, len, i = 0; x0 < w; x0 += len, i++) {
			if (span_at(src, above, x0, w, &len)) {
				if (rgb)
					rep->spans[y] |= (uint64_t)1 << i;
				else
					memcpy(dst + x0, dst + x0 - (w + 1), (size_t)len);
				continue;
			}
			if (rgb)
				rgb_span(src, x0, x0 + len, rdst);
			for (int x = x0, end = x0 + len; x < end; x++) {
				uint32_t p = src[x];
				if (p == last && last_i >= 0) {
					/* A run of the last colour (most pixels): its end found by run_end, its indices set at once. */
					int e = skip(src, x + 1, end, last);
					memset(dst + x, last_i, (size_t)(e - x));
					x = e - 1;
					continue;
				}
				unsigned hh = (p * 2654435761u) >> 22; /* Fibonacci hashing onto 10 bits */
				while (val[hh] >= 0 && key[hh] != p)
					hh = (hh + 1) & (SLOTS - 1);
				if (val[hh] < 0) {
					if (n == 256)
						return 0;
					uint32_t c = over_white(p);
					pal[n] = (png_color){ (png_byte)(c >> 16), (png_byte)(c >> 8), (png_byte)c };
					key[hh] = p;
					val[hh] = (short)n++;
				}
				last = p;
				last_i = val[hh];
				dst[x] = (unsigned char)last_i;
			}
		}
		*rows_done = y + 1;
	}
	*n_pal = n;
	return 1;
}

/*
 * 1 when rows 0, 3, 6, ... of the picture hold more than 256 colours
 * between them: then the whole picture does and is written as RGB, and
 * palettize need not collect its colours from the top up to the 257th (a
 * ranking with new labels meets it near its middle).  0 says nothing (the
 * rows left out may hold more): then palettize decides, as without this.
 * So the picture's bytes never depend on it, only the work does.  Every
 * third row: in the bench's ranking and age structure each third of the
 * rows alone holds 266-274 of their ~295 colours (every fourth row:
 * 255-267, not always enough).  A row that repeats the sampled row three
 * above adds nothing and is skipped.  A new-label ranking's PNG: 5.98 ->
 * 5.52 M instructions (callgrind).  On a picture of at most 256 colours
 * (a profile chart) it is pure cost, ~0.25 M: hence likely_rgb in
 * write_png_fast.
 */
#define SAMPLE_EVERY 3

static int sample_over_256(const unsigned char *data, int w, int h, int stride)
{
	run_end_fn skip = run_end_best();
	enum { SLOTS = 1024 };
	uint32_t key[SLOTS];
	unsigned char used[SLOTS];
	memset(used, 0, sizeof(used));
	int n = 0;
	uint32_t last = 0;
	int have_last = 0;
	size_t step = (size_t)SAMPLE_EVERY * (size_t)stride;
	for (int y = 0; y < h; y += SAMPLE_EVERY) {
		const uint32_t *src = (const uint32_t *)(data + (size_t)y * (size_t)stride);
		if (y > 0 && memcmp(src, (const unsigned char *)src - step, 4 * (size_t)w) == 0)
			continue;
		for (int x = 0; x < w; x++) {
			uint32_t p = src[x];
			if (p == last && have_last) {
				x = skip(src, x + 1, w, last) - 1; /* the loop's x++ takes it to the next colour */
				continue;
			}
			unsigned hh = (p * 2654435761u) >> 22;
			while (used[hh] && key[hh] != p)
				hh = (hh + 1) & (SLOTS - 1);
			if (!used[hh]) {
				if (n == 256)
					return 1;
				used[hh] = 1;
				key[hh] = p;
				n++;
			}
			last = p;
			have_last = 1;
		}
	}
	return 0;
}

/*
 * The spans of a row w pixels wide whose bits are set in spans (bit i:
 * span i), copied from the row above (row bytes before; px bytes a pixel)
 * a run of adjacent spans at a time: one memcpy per run rather than one per
 * span (a ranking's rows repeat the row above in runs of ~20 spans).
 */
static void copy_span_runs(unsigned char *dst, size_t row, int w, int px, uint64_t spans)
{
	while (spans) {
		int i0 = __builtin_ctzll(spans);
		uint64_t rest = ~(spans >> i0);
		int n = rest ? __builtin_ctzll(rest) : 64 - i0;
		int x0 = i0 * SPAN, x1 = (i0 + n) * SPAN < w ? (i0 + n) * SPAN : w;
		memcpy(dst + (size_t)px * (size_t)x0, dst + (size_t)px * (size_t)x0 - row, (size_t)px * (size_t)(x1 - x0));
		spans &= n + i0 >= 64 ? 0 : ~(uint64_t)0 << (i0 + n);
	}
}

/*
 * Rows [y0, y1) of buf (rows of row bytes: a filter byte and w pixels of px
 * bytes) finished from rep: the rows and spans palettize found repeating
 * the ones above are copied from there (palettize wrote the others).
 */
static void copy_repeats(unsigned char *buf, size_t row, int w, int px, int y0, int y1, const row_repeats *rep)
{
	for (int y = y0; y < y1; y++) {
		unsigned char *dst = buf + (size_t)y * row + 1;
		if (rep->whole[y])
			memcpy(dst, dst - row, row - 1);
		else
			copy_span_runs(dst, row, w, px, rep->spans[y]);
	}
}

/*
 * The picture as PNG rows of RGB (raw: h rows of a filter byte and 3 w
 * bytes, and RGB_SLACK bytes after the last), from row `from` on; the rows
 * before it are finished from rep (palettize wrote their spans that do not
 * repeat).  A row that repeats the one above is copied; any other row is
 * converted whole, without looking for spans that repeat the span above:
 * with eight pixels per step (rgb_span) the compares cost more than the
 * conversion they spared (-0.19 M instructions of a new-label ranking,
 * callgrind, the same bytes).
 */
static void rgb_rows(const unsigned char *data, int w, int h, int stride, unsigned char *raw, int from,
                     row_repeats *rep)
{
	size_t row = 3 * (size_t)w + 1;
	copy_repeats(raw, row, w, 3, 0, from, rep);
	for (int y = 0; y < from; y++)
		raw[(size_t)y * row] = PNG_FILTER_VALUE_NONE;
	for (int y = from; y < h; y++) {
		const uint32_t *src = (const uint32_t *)(data + (size_t)y * (size_t)stride);
		unsigned char *dst = raw + (size_t)y * row + 1;
		rep->whole[y] = (unsigned char)same_as_row_above(data, y, w, stride);
		if (rep->whole[y]) {
			memcpy(dst, dst - row, row - 1);
		} else {
			rgb_span(src, 0, w, dst);
		}
		raw[(size_t)y * row] = PNG_FILTER_VALUE_NONE;
	}
}

/* Largest IDAT chunk written; any size is valid PNG, this bounds the buffer. */
#define IDAT_MAX (256 * 1024)
/* Room around a chunk's data in its buffer: length and type before, CRC after. */
#define CHUNK_HEAD 8
#define CHUNK_TAIL 4

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Room for at least `more` bytes after len in a growing buffer; 0 when out of memory. */
static int stream_room(unsigned char **buf, size_t len, size_t *cap, size_t more)
{
	if (len + more <= *cap)
		return 1;
	size_t c = *cap ? *cap : 65536;
	while (c < len + more)
		c *= 2;
	unsigned char *nb = realloc(*buf, c);
	if (!nb)
		return 0;
	*buf = nb;
	*cap = c;
	return 1;
}

/*
 * The zlib checksum (Adler-32) of h rows of row bytes each at raw, where
 * whole[y] says row y repeats row y - 1: a repeated row has the Adler-32
 * of the row above, so only the other rows are summed, and the rows' sums
 * are joined by zlib's adler32_combine.  Why: igzip's zlib mode sums every
 * byte of the rows, a tenth of a new-label ranking's instructions
 * (callgrind), where most rows of a chart repeat the row above.  The rows
 * are summed by libdeflate (its AVX2 loop, chosen at run time), not ISA-L:
 * 57% of the instructions for the same sums, -3% of a new-label ranking's.
 */
static uint32_t rows_adler32(const unsigned char *raw, size_t row, int h, const unsigned char *whole)
{
	uLong total = adler32(0, NULL, 0), one = total;
	for (int y = 0; y < h; y++) {
		if (y == 0 || !whole[y])
			one = libdeflate_adler32(1, raw + (size_t)y * row, row);
		total = adler32_combine(total, one, (z_off_t)row);
	}
	return (uint32_t)total;
}

/*
 * raw (h rows of row bytes) as a zlib stream, written to out as IDAT
 * chunks of IDAT_MAX bytes of the stream (the last shorter): the header
 * 0x78 0x01 (deflate, 32 KiB window, fastest: the bytes igzip's zlib mode
 * writes at level 0), igzip level 0's raw deflate, and the Adler-32 of the
 * rows (rows_adler32); z and chunk (CHUNK_HEAD + CHUNK_TAIL bytes: a
 * chunk's length, type and CRC) are the caller's.
 * The chunks are framed here rather than by png_write_chunk: libpng's CRC
 * is zlib's crc32, byte-wise tables (about 3% of a new-label ranking's
 * instructions, callgrind), where ISA-L's crc32_gzip_refl (the same CRC-32,
 * PNG's) folds with carry-less multiplies.  libpng writes straight through
 * png_write_cb without buffering, so these bytes land after its IHDR/PLTE
 * and before its IEND.
 */
static int write_idat(sink *out, const unsigned char *raw, size_t row, int h, int rgb, const unsigned char *whole,
                      struct isal_zstream *z, unsigned char *chunk)
{
	/* Deflated straight into one buffer, about the size a chart's stream comes to (RGB: at most). */
	size_t n = row * (size_t)h, zn = 2, zcap = 0;
	unsigned char *zs = NULL;
	int ok = stream_room(&zs, 0, &zcap, rgb ? 2 + BP_ROWS_DEFLATE_BOUND(n) + 4 : n / 8 + 4096);
	if (ok)
		zs[0] = 0x78, zs[1] = 0x01;
	if (ok && rgb) /* the rows matched only a row up and a pixel left: rowdeflate.c says why */
		zn += bp_rows_deflate(raw, row, (size_t)h, 3, whole, zs + 2);
	else if (ok) {
		isal_deflate_init(z);
		z->level = 0;
		z->gzip_flag = IGZIP_DEFLATE;
		z->end_of_stream = 1;
		z->next_in = (uint8_t *)raw;
		z->avail_in = (uint32_t)n;
	}
	while (ok && !rgb && z->internal_state.state != ZSTATE_END) {
		if (zcap - zn < 4096 && !(ok = stream_room(&zs, zn, &zcap, zcap)))
			break;
		z->next_out = zs + zn;
		z->avail_out = (uint32_t)(zcap - zn - 4); /* 4: the trailer's room */
		uint32_t before = z->avail_out;
		/* No output without the end means igzip is stuck: stop rather than loop. */
		if (isal_deflate(z) != COMP_OK || z->avail_out == before)
			ok = 0;
		zn += before - z->avail_out;
	}
	if (ok) {
		put_be32(zs + zn, rows_adler32(raw, row, h, whole));
		zn += 4;
	}
	for (size_t at = 0; ok && at < zn; at += IDAT_MAX) {
		uint32_t len = (uint32_t)(zn - at < IDAT_MAX ? zn - at : IDAT_MAX);
		put_be32(chunk, len);
		memcpy(chunk + 4, "IDAT", 4);
		put_be32(chunk + CHUNK_HEAD, crc32_gzip_refl(crc32_gzip_refl(0, chunk + 4, 4), zs + at, len));
		ok = sink_write(out, chunk, CHUNK_HEAD) == CAIRO_STATUS_SUCCESS &&
		     sink_write(out, zs + at, len) == CAIRO_STATUS_SUCCESS &&
		     sink_write(out, chunk + CHUNK_HEAD, CHUNK_TAIL) == CAIRO_STATUS_SUCCESS;
	}
	free(zs);
	return ok;
}

/*
 * Whether the last PNG picture of a chart kind (its bp_chart_ops) on this
 * thread had more than 256 colours: then sample_over_256 is tried first on
 * the kind's next picture.  Only a guess of what is likely; the bytes
 * written do not depend on it (sample_over_256 says why).
 */
#define KINDS_SEEN 8
typedef struct kind_colours {
	const void *kind;
	int rgb;
} kind_colours;
static _Thread_local kind_colours kinds_seen[KINDS_SEEN];

static kind_colours *kind_seen(const void *kind)
{
	for (int i = 0; i < KINDS_SEEN; i++)
		if (kinds_seen[i].kind == kind || !kinds_seen[i].kind) {
			kinds_seen[i].kind = kind;
			return &kinds_seen[i];
		}
	return NULL; /* more kinds than slots (there are fewer): no guess */
}

/* A picture ready for the container: its rows (each after its filter byte) and, if indexed, its palette. */
typedef struct png_picture {
	int w, h;
	int indexed;
	const png_color *pal;
	int n_pal;
	const unsigned char *rows;
	size_t row;                   /* bytes per row, the filter byte included */
	const unsigned char *whole;   /* row_repeats' whole */
} png_picture;

/*
 * libpng's part (signature, IHDR, PLTE, IEND) around write_idat's chunks.
 * A function of its own because libpng reports errors by longjmp: apart
 * from the png and info it creates before setjmp, everything it reads is
 * behind pic, so no local that is kept in a register lives across setjmp
 * (GCC's -Wclobbered had one in the caller at -O2 under the sanitizers).
 */
static cairo_status_t write_png_container(png_sink *ps, const png_picture *pic, struct isal_zstream *z,
                                          unsigned char *chunk)
{
	cairo_status_t st = CAIRO_STATUS_NO_MEMORY;
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, ps, png_error_cb, png_warning_cb);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!png || !info)
		goto done;
	if (setjmp(ps->jb)) {
		st = ps->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_PNG_ERROR;
		goto done;
	}
	png_set_write_fn(png, ps, png_write_cb, png_flush_cb);
	png_set_IHDR(png, info, (png_uint_32)pic->w, (png_uint_32)pic->h, 8,
	             pic->indexed ? PNG_COLOR_TYPE_PALETTE : PNG_COLOR_TYPE_RGB,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (pic->indexed)
		png_set_PLTE(png, info, pic->pal, pic->n_pal);
	png_write_info(png, info);
	if (!write_idat(ps->out, pic->rows, pic->row, pic->h, !pic->indexed, pic->whole, z, chunk)) {
		st = CAIRO_STATUS_PNG_ERROR;
		goto done;
	}
	png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
	st = CAIRO_STATUS_SUCCESS;
done:
	if (png)
		png_destroy_write_struct(&png, info ? &info : NULL);
	return st;
}

static cairo_status_t write_png_fast(cairo_surface_t *s, sink *out, const void *kind)
{
	cairo_surface_flush(s);
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *data = cairo_image_surface_get_data(s);
	png_sink ps = { .out = out };
	/* RGB rows (and rgb_rows' slack), and the indexed rows and what palettize saw of the rows apart. */
	size_t n_rgb = (size_t)h * (3 * (size_t)w + 1);
	unsigned char *raw = malloc(n_rgb + RGB_SLACK);
	unsigned char *idx = malloc((size_t)h * ((size_t)w + 1));
	row_repeats rep = { malloc((size_t)h), malloc((size_t)h * sizeof(uint64_t)) };
	struct isal_zstream *z = malloc(sizeof(*z));
	unsigned char *chunk = malloc(CHUNK_HEAD + CHUNK_TAIL);
	png_color pal[256];
	int n_pal = 0;
	cairo_status_t st = CAIRO_STATUS_NO_MEMORY;
	if (!raw || !idx || !rep.whole || !rep.spans || !z || !chunk || n_rgb > UINT32_MAX)
		goto done;
	/* Wider than the spans' bits (no chart is): the RGB rows after, all of them. */
	int both = w <= MAX_SPANS * SPAN, rows_done = 0;
	kind_colours *seen = kind_seen(kind);
	int likely_rgb = seen && seen->rgb;
	int indexed = !(likely_rgb && sample_over_256(data, w, h, stride)) &&
	              palettize(data, w, h, stride, idx, pal, &n_pal, both ? raw : NULL, &rep, &rows_done);
	if (seen)
		seen->rgb = !indexed;
	if (!indexed)
		rgb_rows(data, w, h, stride, raw, both ? rows_done : 0, &rep);
	else if (both) /* the indices of the repeats, which palettize left (its comment says why) */
		copy_repeats(idx, (size_t)w + 1, w, 1, 0, h, &rep);
	png_picture pic = { w, h, indexed, pal, n_pal, indexed ? idx : raw,
	                    indexed ? (size_t)w + 1 : 3 * (size_t)w + 1, rep.whole };
	st = write_png_container(&ps, &pic, z, chunk);
done:
	free(raw);
	free(idx);
	free(rep.whole);
	free(rep.spans);
	free(z);
	free(chunk);
	return st;
}

/* Lay out, draw and serialise the chart into out. path names the output in errors (NULL: memory). */

/*
 * Cairo's SVG surface names its groups "surfaceN" after a counter of every
 * surface the process made, so the same chart drawn later in a run came out
 * with other bytes.  Renumbered from 1 in order of appearance (ids and the
 * references to them alike), a chart is the same file whatever was drawn
 * before it: what an incremental run compares (run/monitor_run.h).
 */
static void stable_surface_ids(const bp_buf *in, bp_buf *out)
{
	char seen[64][24];
	int n_seen = 0;
	const char *p = in->data, *end = in->data + in->len;
	while (p < end) {
		const char *at = strstr(p, "surface");   /* the buffer is NUL-terminated, SVG text holds no NUL */
		if (!at) {
			bp_buf_add(out, p, (size_t)(end - p));
			break;
		}
		const char *digits = at + 7, *q = digits;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		bp_buf_add(out, p, (size_t)(digits - p));
		size_t nd = (size_t)(q - digits);
		int k = -1;
		for (int i = 0; i < n_seen && nd && nd < sizeof(seen[0]); i++)
			if (strlen(seen[i]) == nd && memcmp(seen[i], digits, nd) == 0)
				k = i;
		if (k < 0 && nd && nd < sizeof(seen[0]) && n_seen < 64) {
			memcpy(seen[n_seen], digits, nd);
			seen[n_seen][nd] = 0;
			k = n_seen++;
		}
		if (k >= 0)
			bp_buf_printf(out, "%d", k + 1);
		else
			bp_buf_add(out, digits, nd);
		p = q;
	}
}
/*
 * The image surface a PNG chart is drawn on: the last one, when it has the
 * same size, else a new one, kept for the next chart (one per thread).
 * Why: a new surface is 2.4 MB zeroed (and faulted in) for an 800 x 760
 * chart, about a tenth of a chart's instructions, and every chart paints
 * its whole background opaque first (canvas.h, bp_chart_ops), so what the
 * last chart left there is never seen.  Kept under a thread key whose
 * destructor frees it when the thread ends: `serve` draws charts on its
 * HTTP threads, which end when it stops (a thread-local pointer left the
 * surface behind, a leak under ASan).  A new reference.
 */
static pthread_key_t kept_key;
static pthread_once_t kept_once = PTHREAD_ONCE_INIT;

static void kept_free(void *s)
{
	cairo_surface_destroy(s);
}

static void kept_key_create(void)
{
	/* Without a key (out of keys: not seen) every chart gets a new surface. */
	if (pthread_key_create(&kept_key, kept_free) != 0)
		kept_key = (pthread_key_t)-1;
}

static cairo_surface_t *png_surface(int w, int h)
{
	pthread_once(&kept_once, kept_key_create);
	if (kept_key == (pthread_key_t)-1)
		return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	cairo_surface_t *kept = pthread_getspecific(kept_key);
	if (kept && cairo_image_surface_get_width(kept) == w && cairo_image_surface_get_height(kept) == h)
		return cairo_surface_reference(kept);
	if (kept)
		cairo_surface_destroy(kept);
	kept = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	if (pthread_setspecific(kept_key, kept) != 0) {
		cairo_surface_destroy(kept);
		pthread_setspecific(kept_key, NULL);
		return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	}
	return cairo_surface_reference(kept);
}

static bp_rc emit(const bp_chart_ops *ops, const void *chart, const char *title,
                  bp_image_format fmt, sink *out, const char *path, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_ink k = { 0 };
	cairo_surface_t *s = NULL;
	cairo_t *cr = NULL;
	cairo_status_t st;
	void *lay = NULL;
	double width = 0, height = 0;
	bp_rc rc;
	bp_buf svg_mem;
	sink svg_out = { 0 };
	bp_svgtext *texts = NULL; /* owned by the SVG surface */

	bp_buf_init(&svg_mem);
	svg_out.mem = &svg_mem;
	bp_ink_open(&k);
	rc = bp_fonts_check(err);
	if (rc == BP_OK) {
		rc = ops->layout(chart, &k, a, &lay, &width, &height, err);
		/* Which chart (its title names the area): a run draws hundreds. */
		if (rc && err && !err->detail[0] && bp_has_text(title)) {
			char cut[BP_NAME_BUF];
			bp_error_detail(err, "chart \"%s\"", bp_name_cut(cut, sizeof(cut), title));
		}
	}
	if (rc) {
		if (path)
			bp_error_at(err, path, 0, 0);
		goto out;
	}
	switch (fmt) {
	case BP_IMAGE_PNG:
		s = png_surface((int)width, (int)height);
		break;
	case BP_IMAGE_SVG:
		/* Into memory first: the text is put in afterwards (svgtext.h). */
		s = cairo_svg_surface_create_for_stream(sink_write, &svg_out, width, height);
		/* Unitless sizes are CSS pixels: an inlined SVG is as wide as the PNG. */
		cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_USER);
		if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS)
			texts = bp_svgtext_attach(s);
		break;
	case BP_IMAGE_PDF:
		s = cairo_pdf_surface_create_for_stream(sink_write, out, width, height);
		if (bp_has_text(title))
			cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
		/* No /CreationDate: the same chart gives the same bytes (report/pdfdoc.c says why). */
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "");
		break;
	default:
		rc = bp_fail(err, BP_ERR_INTERNAL, "unknown image format %d", (int)fmt);
		goto out;
	}
	st = cairo_surface_status(s);
	if (st) {
		rc = cairo_failed(err, st, fmt, path);
		goto out;
	}
	cr = cairo_create(s);
	bp_ink_draw_on(&k, cr);
	ops->draw(chart, lay, &k, cr);
	st = cairo_status(cr);
	if (st) {
		rc = cairo_failed(err, st, fmt, path);
		goto out;
	}
	cairo_destroy(cr);
	cr = NULL;
	if (fmt == BP_IMAGE_PNG) {
		st = write_png_fast(s, out, ops);
	} else {
		/* Vector surfaces write their trailer only when finished. */
		cairo_surface_finish(s);
		st = cairo_surface_status(s);
	}
	if (st == CAIRO_STATUS_SUCCESS && fmt == BP_IMAGE_SVG) {
		bp_buf done;
		bp_buf_init(&done);
		if (!texts || !bp_svgtext_finish(texts, svg_mem.data, svg_mem.len, title, &done))
			rc = bp_fail(err, BP_ERR_INTERNAL, "cannot put the text into the SVG chart %s",
			             path ? path : "in memory");
		else {
			bp_buf stable;
			bp_buf_init(&stable);
			stable_surface_ids(&done, &stable);
			st = sink_write(out, (const unsigned char *)stable.data, (unsigned)stable.len);
			bp_buf_release(&stable);
		}
		bp_buf_release(&done);
	}
	if (st)
		rc = cairo_failed(err, st, fmt, path);
out:
	if (cr)
		cairo_destroy(cr);
	if (s)
		cairo_surface_destroy(s);
	bp_ink_close(&k);
	bp_arena_free(a);
	bp_buf_release(&svg_mem);
	return rc;
}

bp_rc bp_canvas_render(const bp_chart_ops *ops, const void *chart, const char *title,
                       bp_image_format fmt, unsigned char **out, size_t *len, bp_error *err)
{
	bp_buf mem;
	sink s = { 0 };

	*out = NULL;
	*len = 0;
	bp_buf_init(&mem);
	s.mem = &mem;
	bp_rc rc = emit(ops, chart, title, fmt, &s, NULL, err);
	if (rc == BP_OK)
		*out = (unsigned char *)bp_buf_detach(&mem, len);
	bp_buf_release(&mem);
	return rc;
}

bp_rc bp_canvas_write(const bp_chart_ops *ops, const void *chart, const char *title,
                      bp_image_format fmt, const char *path, bp_error *err)
{
	/* Drawn into memory, then one write(2) into the temporary file: no stdio stream, no second open of
	 * the temporary by name (a chart is a few hundred KB at most). */
	bp_tmpfile t;
	bp_buf mem;
	sink s = { 0 };
	bp_rc rc = bp_tmpfile_begin(&t, path, err);
	if (rc)
		return rc;
	bp_buf_init(&mem);
	s.mem = &mem;
	rc = emit(ops, chart, title, fmt, &s, path, err);
	if (rc == BP_OK && (rc = bp_tmpfile_write(&t, mem.data, mem.len, err)) != BP_OK)
		bp_error_hint(err, "check that the folder is writable and the disk is not full");
	if (rc == BP_OK)
		rc = bp_tmpfile_commit(&t, err);
	else
		bp_tmpfile_abort(&t);
	bp_buf_release(&mem);
	return rc;
}

static bp_rc place_on(const bp_chart_ops *ops, const void *chart, cairo_t *cr, double x, double y,
                      double max_width, double *height, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_ink k = { 0 };
	void *lay = NULL;
	double w = 0, h = 0;
	bp_ink_open(&k);
	bp_rc rc = bp_fonts_check(err);
	if (rc == BP_OK)
		rc = ops->layout(chart, &k, a, &lay, &w, &h, err);
	if (rc == BP_OK) {
		double s = w > max_width && w > 0 ? max_width / w : 1.0;
		*height = h * s;
		if (cr) {
			cairo_save(cr);
			cairo_translate(cr, x, y);
			cairo_scale(cr, s, s);
			/* The charts paint their own background: clip it to the chart. */
			cairo_rectangle(cr, 0, 0, w, h);
			cairo_clip(cr);
			bp_ink_draw_on(&k, cr);
			ops->draw(chart, lay, &k, cr);
			cairo_restore(cr);
			cairo_status_t st = cairo_status(cr);
			if (st)
				rc = bp_fail(err, BP_ERR_RENDER, "cannot draw the chart on the page: %s",
				             cairo_status_to_string(st));
		}
	}
	bp_ink_close(&k);
	bp_arena_free(a);
	return rc;
}

bp_rc bp_canvas_draw_at(const bp_chart_ops *ops, const void *chart, cairo_t *cr, double x, double y,
                        double max_width, double *height, bp_error *err)
{
	return place_on(ops, chart, cr, x, y, max_width, height, err);
}

bp_rc bp_canvas_measure(const bp_chart_ops *ops, const void *chart, double max_width,
                        double *height, bp_error *err)
{
	return place_on(ops, chart, NULL, 0, 0, max_width, height, err);
}
