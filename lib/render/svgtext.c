/*
 * svgtext.c: text of SVG charts as <text> elements (see svgtext.h).
 *
 * Hand-written because neither Cairo nor Pango writes SVG text: Cairo's SVG
 * surface only knows glyph outlines, and librsvg reads SVG but does not
 * write it.  The <text> is placed from Pango's own layout of the string
 * (the layout the PNG draws): one element per line at its baseline, each
 * character at the x of its glyph, so that a browser with the same font
 * (DejaVu Sans, in a <style> class per size and weight) puts every glyph
 * where the PNG has it, whatever its own hinting or kerning would do.
 */
#define _GNU_SOURCE /* memmem */
#include "render/svgtext.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h" /* bp_xmalloc */
#include "render/oneline.h"
#include "render/svgcompact.h"

#define HALO_WIDTH 3 /* as halo.c strokes it */
#define MARKER_BASE 255 /* green and blue each 1..255: the text's index in base 255 */
#define MAX_TEXTS (MARKER_BASE * MARKER_BASE) /* what a marker's colour can number */
#define MAX_FONTS 32
#define MAX_COLORS 32

/*
 * A marker's colour: red 1/255 (no chart colour has it), green and blue the
 * text's index, each at least 1/255: Cairo prints a component under 0.1 %
 * (a 0) with two printf calls instead of one, and Cairo's printing of
 * numbers is most of an SVG chart's CPU.
 */
#define MARKER_RED "fill:rgb(0.392157%,"

typedef struct font_class {
	int size;   /* pixels, Pango units */
	int bold;
	int italic;
} font_class;

struct bp_svgtext {
	bp_buf elems;     /* every recorded <text>, one after another */
	size_t *start;    /* start[i]: offset of text i in elems; start[n]: the end */
	size_t n, cap;
	font_class font[MAX_FONTS];
	int n_fonts;
	int halo;                   /* a text has a halo: the .bph class is needed */
	unsigned color[MAX_COLORS]; /* the texts' colours and how many texts have each */
	size_t color_n[MAX_COLORS];
	int n_colors;
};

static const cairo_user_data_key_t recorder_key;

static void recorder_free(void *p)
{
	bp_svgtext *t = p;
	bp_buf_release(&t->elems);
	free(t->start);
	free(t);
}

bp_svgtext *bp_svgtext_attach(cairo_surface_t *s)
{
	bp_svgtext *t = bp_xmalloc(sizeof(*t));
	memset(t, 0, sizeof(*t));
	bp_buf_init(&t->elems);
	if (cairo_surface_set_user_data(s, &recorder_key, t, recorder_free) != CAIRO_STATUS_SUCCESS) {
		recorder_free(t);
		return NULL;
	}
	return t;
}

/* The UTF-8 bytes s[0..n) as XML character data; C0 controls (most not allowed in XML 1.0) become spaces. */
static void add_xml(bp_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': bp_buf_adds(b, "&amp;"); break;
		case '<': bp_buf_adds(b, "&lt;"); break;
		case '>': bp_buf_adds(b, "&gt;"); break;
		case '"': bp_buf_adds(b, "&quot;"); break;
		default:
			/* a space for a control (a tab): it still has its x */
			bp_buf_addc(b, (unsigned char)s[i] >= 0x20 ? s[i] : ' ');
		}
	}
}

static int font_index(bp_svgtext *t, const PangoFontDescription *fd)
{
	font_class f = {
		.size = pango_font_description_get_size(fd),
		.bold = pango_font_description_get_weight(fd) >= PANGO_WEIGHT_SEMIBOLD,
		.italic = pango_font_description_get_style(fd) != PANGO_STYLE_NORMAL,
	};
	for (int i = 0; i < t->n_fonts; i++)
		if (!memcmp(&t->font[i], &f, sizeof(f)))
			return i;
	if (t->n_fonts == MAX_FONTS)
		return -1;
	t->font[t->n_fonts] = f;
	return t->n_fonts++;
}

/*
 * The class of a font: named from the font alone ("bp13b": 13 px bold),
 * never from the order of use, because pages inline several charts and a
 * <style> inside an inline SVG applies to the whole page.
 */
static void add_class(bp_buf *b, const font_class *f)
{
	bp_buf_adds(b, "bp");
	bp_svg_add_num(b, (double)f->size / PANGO_SCALE);
	if (f->bold)
		bp_buf_addc(b, 'b');
	if (f->italic)
		bp_buf_addc(b, 'i');
}

static int utf8_len(const char *s, size_t n)
{
	int k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* One more text in colour rgb: the most frequent colour is the chart group's fill (bp_svgtext_finish). */
static void count_color(bp_svgtext *t, unsigned rgb)
{
	rgb &= 0xFFFFFF;
	for (int i = 0; i < t->n_colors; i++)
		if (t->color[i] == rgb) {
			t->color_n[i]++;
			return;
		}
	if (t->n_colors < MAX_COLORS) {
		t->color[t->n_colors] = rgb;
		t->color_n[t->n_colors++] = 1;
	}
}

/* A scale factor: four decimals, since a tenth of it is a tenth of every length in the group. */
static void add_scale(bp_buf *b, double s)
{
	char v[32];
	int n = snprintf(v, sizeof(v), "%.4f", s);
	while (n > 1 && v[n - 1] == '0')
		n--;
	if (n > 1 && v[n - 1] == '.')
		n--;
	bp_buf_add(b, v, (size_t)n);
}

/*
 * The characters of one run (its glyphs gs, its item's text item_text of
 * item_len bytes) with the x of their glyphs (a cluster of several
 * characters, a ligature, shares its glyph's advance evenly) into xs and
 * chars, the run starting at gx (Pango units) from ox: the x after it.
 */
static int add_run(bp_buf *xs, bp_buf *chars, int *n_chars, const char *item_text, int item_len,
                   const PangoGlyphString *gs, int gx, double ox, int ellipsis)
{
	int ascending = 1; /* the glyphs' cluster starts never go down */
	for (int h = 1; h < gs->num_glyphs; h++)
		ascending &= gs->log_clusters[h] >= gs->log_clusters[h - 1];
	for (int g = 0; g < gs->num_glyphs; g++) {
		const PangoGlyphInfo *gi = &gs->glyphs[g];
		double x = ox + (double)(gx + gi->geometry.x_offset) / PANGO_SCALE;
		gx += gi->geometry.width;
		const char *cs;
		size_t cn;
		if (ellipsis) {
			/* The ellipsis run's item spans the text it replaced: its glyphs are "…". */
			if (g > 0)
				continue;
			cs = "\u2026";
			cn = strlen(cs);
		} else {
			int c0 = gs->log_clusters[g];
			if (g > 0 && gs->log_clusters[g - 1] == c0)
				continue; /* a second glyph of the same cluster */
			/* The cluster ends where the next one (the least start above c0) begins; in
			 * logical order (left to right) that is the next glyph with another start, found
			 * without going over every glyph for every glyph. */
			int c1 = item_len;
			if (ascending) {
				for (int h = g + 1; h < gs->num_glyphs; h++)
					if (gs->log_clusters[h] > c0) {
						c1 = gs->log_clusters[h] < c1 ? gs->log_clusters[h] : c1;
						break;
					}
			} else {
				for (int h = 0; h < gs->num_glyphs; h++)
					if (gs->log_clusters[h] > c0 && gs->log_clusters[h] < c1)
						c1 = gs->log_clusters[h];
			}
			cs = item_text + c0;
			cn = (size_t)(c1 - c0);
		}
		int k = utf8_len(cs, cn);
		if (k == 0)
			continue;
		double adv = (double)gi->geometry.width / PANGO_SCALE;
		for (int j = 0; j < k; j++) {
			if (*n_chars + j)
				bp_buf_addc(xs, ' ');
			bp_svg_add_num(xs, x + adv * j / k);
		}
		*n_chars += k;
		add_xml(chars, cs, cn);
	}
	return gx;
}

/*
 * A line's characters (chars) at their x (xs) on baseline y: the first line
 * with glyphs opens the <text> element (attrs: its class and fill), each
 * later one is a <tspan> in it, the same font and colour without repeating
 * them.  0 when the line has no characters.
 */
static int add_text_line(bp_buf *b, const bp_buf *xs, const bp_buf *chars, int n_chars, double y,
                         const char *attrs, int first)
{
	if (!n_chars)
		return 0;
	if (first) {
		bp_buf_adds(b, "<text");
		bp_buf_adds(b, attrs);
		bp_buf_adds(b, " x=\"");
	} else {
		bp_buf_adds(b, "<tspan x=\"");
	}
	bp_buf_add(b, xs->data, xs->len);
	bp_buf_adds(b, "\" y=\"");
	bp_svg_add_num(b, y);
	bp_buf_adds(b, "\">");
	bp_buf_add(b, chars->data, chars->len);
	if (!first)
		bp_buf_adds(b, "</tspan>");
	return 1;
}

/*
 * One line of the layout as add_text_line writes it.  ox, oy: the layout's
 * origin in the coordinates written.  0 when the line has no glyphs.
 */
static int add_line(bp_buf *b, PangoLayoutIter *it, const char *text, double ox, double oy,
                    const char *attrs, int first)
{
	bp_buf xs, chars;
	bp_buf_init(&xs);
	bp_buf_init(&chars);
	int n_chars = 0;
	double baseline = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
	PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
	PangoLayoutIter *run_it = it; /* runs are walked with a copy, so that it stays on the line */
	run_it = pango_layout_iter_copy(it);
	/* Runs are in visual order and follow each other: each but the first starts where the one
	 * before ended.  The run extents of an ellipsis run ("…") were seen to depend on what the
	 * process had laid out before (its x at the end of the line's width instead of after the
	 * text), so the same chart drawn later in a run came out with other bytes. */
	int first_run = 1, next_x = 0;
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(run_it);
		if (!run)
			continue; /* the end of the line */
		PangoRectangle logical;
		pango_layout_iter_get_run_extents(run_it, NULL, &logical);
		const PangoItem *item = run->item;
		int gx = first_run ? logical.x : next_x;
		first_run = 0;
		int ellipsis = (item->analysis.flags & PANGO_ANALYSIS_FLAG_IS_ELLIPSIS) != 0;
		next_x = add_run(&xs, &chars, &n_chars, text + item->offset, item->length, run->glyphs, gx, ox, ellipsis);
	} while (pango_layout_iter_next_run(run_it) && pango_layout_iter_get_line_readonly(run_it) == line);
	pango_layout_iter_free(run_it);
	int opened = add_text_line(b, &xs, &chars, n_chars, oy + baseline, attrs, first);
	bp_buf_release(&xs);
	bp_buf_release(&chars);
	return opened;
}

/*
 * A one-line label shaped by oneline.c, as add_line would write the line
 * Pango lays out for it (one run of the same glyphs at x 0, its baseline;
 * tests/render/test_oneline.c compares them), without laying it out.
 */
static int add_oneline(bp_buf *b, const bp_oneline *o, const char *text, double ox, double oy, const char *attrs)
{
	bp_buf xs, chars;
	bp_buf_init(&xs);
	bp_buf_init(&chars);
	int n_chars = 0;
	add_run(&xs, &chars, &n_chars, text, (int)strlen(text), o->glyphs, 0, ox, 0);
	int opened = add_text_line(b, &xs, &chars, n_chars, oy + (double)o->baseline / PANGO_SCALE, attrs, 1);
	bp_buf_release(&xs);
	bp_buf_release(&chars);
	return opened;
}

/* The elements for l with its top left at device (dx, dy), scaled by s. */
static void add_layout(bp_svgtext *t, PangoLayout *l, double dx, double dy, double s, unsigned rgb,
                       int halo, int fi)
{
	bp_buf attrs;
	bp_buf_init(&attrs);
	bp_buf_adds(&attrs, " class=\"");
	add_class(&attrs, &t->font[fi]);
	if (halo) {
		bp_buf_adds(&attrs, " bph");
		t->halo = 1;
	}
	bp_buf_adds(&attrs, "\" fill=\"");
	bp_svg_add_color(&attrs, rgb);
	bp_buf_addc(&attrs, '"');
	count_color(t, rgb);
	double ox = dx, oy = dy;
	int group = s != 1.0;
	if (group) {
		/* Scaled (a cell of small multiples drawn smaller): font and halo scale with it. */
		bp_buf_adds(&t->elems, "<g transform=\"matrix(");
		add_scale(&t->elems, s);
		bp_buf_adds(&t->elems, " 0 0 ");
		add_scale(&t->elems, s);
		bp_buf_addc(&t->elems, ' ');
		bp_svg_add_num(&t->elems, dx);
		bp_buf_addc(&t->elems, ' ');
		bp_svg_add_num(&t->elems, dy);
		bp_buf_adds(&t->elems, ")\">");
		ox = oy = 0;
	}
	const char *text = pango_layout_get_text(l);
	const bp_oneline *o = bp_oneline_of(l);
	int opened = 0;
	if (o) {
		opened = add_oneline(&t->elems, o, text, ox, oy, attrs.data);
	} else {
		PangoLayoutIter *it = pango_layout_get_iter(l);
		do {
			opened |= add_line(&t->elems, it, text, ox, oy, attrs.data, !opened);
		} while (pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
	}
	if (opened)
		bp_buf_adds(&t->elems, "</text>");
	if (group)
		bp_buf_adds(&t->elems, "</g>");
	bp_buf_release(&attrs);
}

/*
 * Whether a run of l goes right to left: its glyphs are in visual order, and
 * a browser would reorder the characters again; such a text keeps Cairo's
 * glyph outlines (Dutch area names hardly ever have one).
 */
static int has_rtl_run(PangoLayout *l)
{
	for (GSList *ln = pango_layout_get_lines_readonly(l); ln; ln = ln->next)
		for (GSList *r = ((PangoLayoutLine *)ln->data)->runs; r; r = r->next)
			if (((PangoLayoutRun *)r->data)->item->analysis.level & 1)
				return 1;
	return 0;
}

int bp_svgtext_show(cairo_t *cr, PangoLayout *l, double x, double y, unsigned rgb, int halo)
{
	bp_svgtext *t = cairo_surface_get_user_data(cairo_get_target(cr), &recorder_key);
	if (!t || t->n >= MAX_TEXTS)
		return 0;
	cairo_matrix_t m;
	cairo_get_matrix(cr, &m);
	const bp_oneline *o = bp_oneline_of(l); /* one left-to-right line (oneline.h) */
	if (m.xy != 0 || m.yx != 0 || m.xx != m.yy || !(m.xx > 0) || (!o && has_rtl_run(l)))
		return 0;
	const PangoFontDescription *fd = pango_layout_get_font_description(l);
	int fi = fd ? font_index(t, fd) : -1;
	if (fi < 0)
		return 0;
	double dx = x, dy = y;
	cairo_user_to_device(cr, &dx, &dy);
	if (t->n + 1 >= t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->start = bp_xrealloc(t->start, t->cap * sizeof(*t->start));
	}
	t->start[t->n] = t->elems.len;
	add_layout(t, l, dx, dy, m.xx, rgb, halo, fi);
	t->start[++t->n] = t->elems.len;

	/*
	 * The marker: a fill with the layout's box as its bounds, so that a clip
	 * that hides the text drops it too (Cairo drops a fill by the bounding
	 * box of its points, and a fill of a line that is not a point is not
	 * empty to it).  Two corners, the box's diagonal: the bounds of
	 * cairo_rectangle's path (the same relative steps, so the same
	 * fixed-point corners) with 4 numbers instead of 10 -- each is a printf
	 * call in Cairo.
	 */
	PangoRectangle logical;
	if (o)
		logical = (PangoRectangle){ 0, 0, o->width, o->height };
	else
		pango_layout_get_extents(l, NULL, &logical);
	unsigned i = (unsigned)(t->n - 1);
	cairo_save(cr);
	cairo_new_path(cr);
	cairo_move_to(cr, x + (double)logical.x / PANGO_SCALE, y + (double)logical.y / PANGO_SCALE);
	cairo_rel_line_to(cr, fmax((double)logical.width / PANGO_SCALE, 1), fmax((double)logical.height / PANGO_SCALE, 1));
	cairo_set_source_rgb(cr, 1 / 255.0, (1 + i / MARKER_BASE) / 255.0, (1 + i % MARKER_BASE) / 255.0);
	cairo_fill(cr);
	cairo_restore(cr);
	return 1;
}

/* The index of the marker whose style starts at p (after MARKER_RED), or -1. */
static long marker_index(const char *p, const char *end)
{
	char buf[64];
	size_t n = 0;
	while (p + n < end && p[n] != ')' && n + 1 < sizeof(buf)) {
		buf[n] = p[n];
		n++;
	}
	buf[n] = '\0';
	double g, b;
	char *e = strchr(buf, '%');
	/* "0.784314%": Cairo's numbers take the fast path, anything else strtod (as svgcompact.c does) */
	if (!e || !bp_svg_fast_decimal(buf, (size_t)(e - buf), &g))
		g = strtod(buf, &e);
	if (*e != '%' || e[1] != ',')
		return -1;
	char *bs = e + 2;
	e = strchr(bs, '%');
	if (!e || !bp_svg_fast_decimal(bs, (size_t)(e - bs), &b))
		b = strtod(bs, &e);
	if (*e != '%')
		return -1;
	long gi = lround(g * 2.55) - 1, bi = lround(b * 2.55) - 1;
	if (gi < 0 || gi >= MARKER_BASE || bi < 0 || bi >= MARKER_BASE)
		return -1;
	return gi * MARKER_BASE + bi;
}

/* The recorded element bytes s[0..n) into out without the attribute drop (the group's fill). */
static void add_without(bp_buf *out, const char *s, size_t n, const char *drop, size_t dl)
{
	const char *end = s + n, *p = s;
	for (;;) {
		const char *d = dl ? memmem(p, (size_t)(end - p), drop, dl) : NULL;
		if (!d)
			break;
		bp_buf_add(out, p, (size_t)(d - p));
		p = d + dl;
	}
	bp_buf_add(out, p, (size_t)(end - p));
}

/* Removes the attribute attr (with its leading space) from the root tag s[0..n) as it is copied into out. */
static void add_root(bp_buf *out, const char *s, size_t n, int keep_xlink)
{
	static const char xlink[] = " xmlns:xlink=\"http://www.w3.org/1999/xlink\"", version[] = " version=\"1.1\"";
	const char *end = s + n, *p = s;
	while (p < end) {
		if (!keep_xlink && (size_t)(end - p) >= strlen(xlink) && !memcmp(p, xlink, strlen(xlink)))
			p += strlen(xlink);
		else if ((size_t)(end - p) >= strlen(version) && !memcmp(p, version, strlen(version)))
			p += strlen(version); /* browsers ignore it */
		else
			bp_buf_addc(out, *p++);
	}
}

/* The <style>: the family once for every class, then each class's size, weight and slant. */
static void add_style(bp_buf *out, const bp_svgtext *t)
{
	bp_buf_adds(out, "\n<style>");
	for (int i = 0; i < t->n_fonts; i++) {
		bp_buf_adds(out, i ? ",." : ".");
		add_class(out, &t->font[i]);
	}
	/* Unhinted, as Pango measured and Cairo drew it for the PNG.  A reader
	 * without DejaVu Sans (phones, Windows) gets Verdana (the design closest
	 * to it) or any sans-serif: each character still starts at its x, so
	 * the columns and labels keep their places.  Classes, not a rule for
	 * every <text>: a page that inlines a chart gets its <style> too. */
	bp_buf_adds(out, "{font-family:'DejaVu Sans',Verdana,sans-serif;text-rendering:geometricPrecision}");
	for (int i = 0; i < t->n_fonts; i++) {
		const font_class *f = &t->font[i];
		bp_buf_addc(out, '.');
		add_class(out, f);
		bp_buf_adds(out, "{font-size:");
		bp_svg_add_num(out, (double)f->size / PANGO_SCALE);
		bp_buf_printf(out, "px%s%s}", f->bold ? ";font-weight:700" : "", f->italic ? ";font-style:italic" : "");
	}
	if (t->halo)
		bp_buf_printf(out, ".bph{stroke:#fff;stroke-width:%dpx;stroke-linejoin:round;paint-order:stroke}",
		              HALO_WIDTH);
	bp_buf_adds(out, "</style>");
}

/* The <text> last written, while the next one may still join it. */
typedef struct text_run {
	int open;         /* out ends with that text's "</text>" */
	char attrs[64];   /* its class and fill */
	char y[32];       /* the baseline of its last line */
} text_run;

/* The value of the attribute name (' y="') last in s[0..n), into v; 0 when none fits. */
static int last_attr(const char *s, size_t n, const char *name, char *v, size_t vn)
{
	const char *at = NULL;
	for (const char *q = s; (q = memmem(q, (size_t)(s + n - q), name, strlen(name))) != NULL; q++)
		at = q;
	if (!at)
		return 0;
	at += strlen(name);
	const char *e = memchr(at, '"', (size_t)(s + n - at));
	if (!e || (size_t)(e - at) >= vn)
		return 0;
	memcpy(v, at, (size_t)(e - at));
	v[e - at] = '\0';
	return 1;
}

/*
 * The recorded <text> el into out.  When the text written just before it
 * (with nothing of Cairo's in between) has the same class and fill, el
 * joins it as <tspan>s (its lines keep their x and y; a y the same as the
 * line before is left out, the text position keeps it): axis labels and
 * legend rows are runs of such texts.
 */
static void add_text(bp_buf *out, const bp_buf *el, text_run *run)
{
	const char *e = el->data, *xs = strstr(e, " x=\"");
	size_t an = xs ? (size_t)(xs - e) - 5 : 0;
	char y[32];
	const char *y_at = xs ? strstr(xs, "\" y=\"") : NULL;
	const char *tag_end = y_at ? strchr(y_at + 5, '>') : NULL;
	int text = strncmp(e, "<text", 5) == 0 && xs && tag_end && an < sizeof(run->attrs) &&
	           last_attr(e, el->len, " y=\"", y, sizeof(y));
	if (!text) {
		bp_buf_add(out, el->data, el->len);
		run->open = 0;
		return;
	}
	if (run->open && strlen(run->attrs) == an && memcmp(run->attrs, e + 5, an) == 0) {
		out->len -= strlen("</text>");
		out->data[out->len] = '\0';
		bp_buf_adds(out, "<tspan");
		bp_buf_add(out, xs, (size_t)(y_at + 1 - xs));
		char y0[32];
		size_t y0n = (size_t)(tag_end - 1 - (y_at + 5));
		if (y0n < sizeof(y0)) {
			memcpy(y0, y_at + 5, y0n);
			y0[y0n] = '\0';
		}
		if (y0n >= sizeof(y0) || strcmp(y0, run->y) != 0)
			bp_buf_add(out, y_at + 1, (size_t)(tag_end - 1 - y_at));
		bp_buf_addc(out, '>');
		/* its first line's characters, closed, then its other lines as they are */
		const char *rest = strchr(tag_end, '<');
		bp_buf_add(out, tag_end + 1, (size_t)(rest - tag_end - 1));
		bp_buf_adds(out, "</tspan>");
		bp_buf_add(out, rest, el->len - (size_t)(rest - e));
	} else {
		bp_buf_add(out, el->data, el->len);
		memcpy(run->attrs, e + 5, an);
		run->attrs[an] = '\0';
	}
	run->open = 1;
	snprintf(run->y, sizeof(run->y), "%s", y);
}

int bp_svgtext_finish(const bp_svgtext *t, const char *svg, size_t len, const char *title, bp_buf *out)
{
	const char *end = svg + len;
	const char *root = strstr(svg, "<svg");
	const char *root_end = root ? strchr(root, '>') : NULL;
	if (!root_end)
		return 0;
	/* The root tag without the xlink namespace when nothing uses it; xml:space so that the
	 * spaces inside a text (each at its own x) stay. */
	bp_buf_add(out, svg, (size_t)(root - svg));
	bp_buf_adds(out, "<svg xml:space=\"preserve\"");
	add_root(out, root + 4, (size_t)(root_end + 1 - (root + 4)),
	         memmem(root_end, (size_t)(end - root_end), "xlink:", 6) != NULL);
	if (title && *title) {
		bp_buf_adds(out, "\n<title>");
		add_xml(out, title, strlen(title));
		bp_buf_adds(out, "</title>");
	}
	if (t->n_fonts)
		add_style(out, t);
	const char *p = root_end + 1;
	/* The texts' most frequent colour once on Cairo's outer group instead of on each text
	 * (every path Cairo fills has its own fill, so only the texts inherit it). */
	char drop[32] = "";
	static const char surface[] = "<g id=\"surface"; /* a number and "\">" follow */
	const char *g = memmem(p, (size_t)(end - p), surface, strlen(surface));
	const char *g_end = g ? g + strlen(surface) : NULL;
	while (g_end && g_end < end && *g_end >= '0' && *g_end <= '9')
		g_end++;
	if (g_end && end - g_end >= 2 && !memcmp(g_end, "\">", 2) && t->n_colors) {
		int best = 0;
		for (int i = 1; i < t->n_colors; i++)
			if (t->color_n[i] > t->color_n[best])
				best = i;
		bp_buf fill;
		bp_buf_init(&fill);
		bp_buf_adds(&fill, " fill=\"");
		bp_svg_add_color(&fill, t->color[best]);
		bp_buf_addc(&fill, '"');
		snprintf(drop, sizeof(drop), "%s", fill.data);
		bp_buf_release(&fill);
		bp_svg_add_compact(out, p, (size_t)(g - p));
		bp_buf_printf(out, "<g%s>", drop);
		p = g_end + 2;
	}
	size_t found = 0;
	bp_buf el;
	bp_buf_init(&el);
	text_run run = { 0 };
	for (;;) {
		const char *m = memmem(p, (size_t)(end - p), MARKER_RED, strlen(MARKER_RED));
		if (!m)
			break;
		/* The element around it: from its '<' to its "/>". */
		const char *open = m;
		while (open > p && *open != '<')
			open--;
		const char *close = strstr(m, "/>");
		long i = marker_index(m + strlen(MARKER_RED), end);
		if (*open != '<' || !close || i < 0 || (size_t)i >= t->n) {
			bp_buf_release(&el);
			return 0;
		}
		bp_buf_reset(&el);
		add_without(&el, t->elems.data + t->start[i], t->start[i + 1] - t->start[i], drop, strlen(drop));
		const char *q = p;
		while (q < open && (*q == '\n' || *q == ' '))
			q++;
		if (q < open) {
			bp_svg_add_compact(out, p, (size_t)(open - p));
			run.open = 0; /* Cairo drew something in between */
		}
		add_text(out, &el, &run);
		p = close + 2;
		found++;
	}
	bp_buf_release(&el);
	bp_svg_add_compact(out, p, (size_t)(end - p));
	return found <= t->n;
}
