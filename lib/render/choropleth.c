/*
 * choropleth.c: the map (see choropleth.h).
 *
 * Borders are read with GEOS's WKB reader rather than by hand: it takes
 * either byte order and Polygon as well as MultiPolygon, so a border written
 * by PostGIS or another tool draws as well as our own importer's.  RD New is
 * already a flat, conformal projection with y north, so "projecting" is one
 * scale for both axes and a flip of y.
 *
 * Quantile classes, not Jenks: with 9 to 30 wijken per gemeente Jenks's
 * natural breaks follow single outliers and leave classes of one area,
 * while quantiles give every colour a share of the map and are easy to
 * explain ("the fifth of the wijken with the most ...").  The legend shows
 * the real smallest and largest value of each class.
 */
#include "render/choropleth.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <geos_c.h>

#define DEFAULT_WIDTH 800
#define MIN_MAP_W 160.0
#define LEGEND_W 230.0      /* beside the map */
#define GAP 20.0
#define MAP_PAD 4.0         /* keeps the highlight's outline inside the picture */
#define SWATCH_W 22.0
#define SWATCH_H 15.0
#define ROW_H 22.0
#define HATCH_STEP 5.0
#define TEXT_LEN 256

#define SUPPRESSED_TEXT "geheim (te weinig inwoners)"
#define MISSING_TEXT "geen gegevens"

/*
 * Five steps from light to dark, each a sequential ramp of ColorBrewer
 * (Brewer, Penn State; Oranges and Blues), chosen for readers with any of
 * the common colour-vision deficiencies and for greyscale print: lightness
 * alone orders the classes.  Orange for "worse" as in the profile chart,
 * blue where no side is better.
 */
static const unsigned RAMP_POLAR[BP_MAP_MAX_CLASSES] = { 0xFEEDDE, 0xFDBE85, 0xFD8D3C, 0xE6550D, 0xA63603 };
static const unsigned RAMP_NEUTRAL[BP_MAP_MAX_CLASSES] = { 0xEFF3FF, 0xBDD7E7, 0x6BAED6, 0x3182BD, 0x08519C };

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void bp_map_classify(const double *values, size_t n, int k, bp_map_polarity pol,
                     bp_map_classes *out)
{
	memset(out, 0, sizeof(*out));
	if (k <= 0 || k > BP_MAP_MAX_CLASSES)
		k = BP_MAP_MAX_CLASSES;
	double *v = malloc((n ? n : 1) * sizeof(*v));
	size_t m = 0;
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		if (isfinite(values[i]))
			v[m++] = values[i];
	if (m == 0) {
		free(v);
		return;
	}
	qsort(v, m, sizeof(*v), cmp_double);
	if ((size_t)k > m)
		k = (int)m;
	int nc = 0;
	for (int j = 1; j <= k; j++) {
		size_t rank = j == k ? m : ((size_t)j * m + (size_t)k / 2) / (size_t)k; /* round(j*m/k) */
		if (rank < 1)
			rank = 1;
		double up = v[rank - 1];
		if (nc > 0 && !(up > out->upper[nc - 1]))
			continue; /* a tie across the cut: the class merges with the one before */
		out->upper[nc++] = up;
	}
	out->n = nc;
	for (int c = 0; c < nc; c++)
		out->lower[c] = NAN;
	for (size_t i = 0; i < m; i++) {
		int c = bp_map_class_of(out, v[i]);
		if (isnan(out->lower[c]))
			out->lower[c] = v[i];
		out->count[c]++;
	}
	/* Spread fewer classes over the whole ramp so that they stay far apart. */
	const unsigned *ramp = pol == BP_MAP_NEUTRAL ? RAMP_NEUTRAL : RAMP_POLAR;
	for (int c = 0; c < nc; c++) {
		int idx = nc == 1 ? 2 : (int)lround((double)c * (BP_MAP_MAX_CLASSES - 1) / (nc - 1));
		/* Dark is unfavourable: for higher-is-better the low values are dark. */
		if (pol == BP_MAP_HIGHER_BETTER)
			idx = BP_MAP_MAX_CLASSES - 1 - idx;
		out->rgb[c] = ramp[idx];
	}
	free(v);
}

int bp_map_class_of(const bp_map_classes *c, double v)
{
	if (!isfinite(v))
		return -1;
	for (int j = 0; j < c->n; j++)
		if (v <= c->upper[j])
			return j;
	return -1;
}

void bp_choropleth_project(const bp_choropleth_layout *lay, double x, double y,
                           double *px, double *py)
{
	*px = lay->map_x + (x - lay->rd_xmin) * lay->scale;
	*py = lay->map_y + (lay->rd_ymax - y) * lay->scale;
}

/* --- borders --------------------------------------------------------------- */

typedef struct geos_ctx {
	GEOSContextHandle_t h;
	char msg[256];
} geos_ctx;

static void geos_error_r(const char *msg, void *user)
{
	geos_ctx *g = user;
	snprintf(g->msg, sizeof(g->msg), "%s", msg);
}

static bp_rc ring_copy(geos_ctx *g, const GEOSGeometry *ring, bp_arena *a, bp_map_ring *out)
{
	const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(g->h, ring);
	unsigned int n = 0;
	if (!seq || !GEOSCoordSeq_getSize_r(g->h, seq, &n))
		return BP_ERR_PARSE;
	double *xy = bp_arena_alloc(a, (n ? n : 1) * 2 * sizeof(double));
	for (unsigned int i = 0; i < n; i++)
		if (!GEOSCoordSeq_getXY_r(g->h, seq, i, &xy[2 * i], &xy[2 * i + 1]))
			return BP_ERR_PARSE;
	out->n = n;
	out->xy = xy;
	return BP_OK;
}

/* Every ring of every polygon of x, outer and holes alike (filled even-odd). */
static bp_rc collect_rings(geos_ctx *g, const GEOSGeometry *x, bp_arena *a, bp_map_ring **rings,
                           size_t *n, size_t *cap)
{
	int type = GEOSGeomTypeId_r(g->h, x);
	if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
		int m = GEOSGetNumGeometries_r(g->h, x);
		for (int i = 0; i < m; i++) {
			bp_rc rc = collect_rings(g, GEOSGetGeometryN_r(g->h, x, i), a, rings, n, cap);
			if (rc)
				return rc;
		}
		return BP_OK;
	}
	if (type != GEOS_POLYGON)
		return BP_ERR_PARSE;
	if (GEOSisEmpty_r(g->h, x) == 1)
		return BP_OK;
	int holes = GEOSGetNumInteriorRings_r(g->h, x);
	if (holes < 0)
		return BP_ERR_PARSE;
	if (*n + (size_t)holes + 1 > *cap) {
		size_t nc = (*cap ? *cap * 2 : 8) + (size_t)holes + 1;
		bp_map_ring *nr = bp_arena_alloc(a, nc * sizeof(*nr));
		if (*n)
			memcpy(nr, *rings, *n * sizeof(*nr));
		*rings = nr;
		*cap = nc;
	}
	bp_rc rc = ring_copy(g, GEOSGetExteriorRing_r(g->h, x), a, &(*rings)[(*n)++]);
	for (int i = 0; rc == BP_OK && i < holes; i++)
		rc = ring_copy(g, GEOSGetInteriorRingN_r(g->h, x, i), a, &(*rings)[(*n)++]);
	return rc;
}

static bp_rc read_borders(const bp_choropleth *c, bp_arena *a, bp_choropleth_layout *lay,
                          double box[4], bp_error *err)
{
	geos_ctx g = { 0 };
	bp_rc rc = BP_OK;
	g.h = GEOS_init_r();
	if (!g.h)
		return bp_fail(err, BP_ERR_INTERNAL, "GEOS could not be initialised");
	GEOSContext_setErrorMessageHandler_r(g.h, geos_error_r, &g);
	GEOSContext_setNoticeMessageHandler_r(g.h, geos_error_r, &g);
	GEOSWKBReader *rd = GEOSWKBReader_create_r(g.h);
	box[0] = box[1] = INFINITY;
	box[2] = box[3] = -INFINITY;
	for (size_t i = 0; i < c->n_areas && rc == BP_OK; i++) {
		const bp_map_area *ar = &c->areas[i];
		const char *code = bp_has_text(ar->code) ? ar->code : "(no code)";
		if (!ar->wkb || ar->wkb_len == 0) {
			rc = bp_fail(err, BP_ERR_PARSE, "area %s has no border", code);
			bp_error_hint(err, "import the borders with 'buurtpeil import geojson' for this indeling");
			break;
		}
		g.msg[0] = 0;
		GEOSGeometry *x = GEOSWKBReader_read_r(g.h, rd, ar->wkb, ar->wkb_len);
		if (!x) {
			rc = bp_fail(err, BP_ERR_PARSE, "the border of area %s is not valid WKB: %s", code,
			             g.msg[0] ? g.msg : "GEOS could not read it");
			break;
		}
		bp_map_ring *rings = NULL;
		size_t n = 0, cap = 0;
		if (collect_rings(&g, x, a, &rings, &n, &cap)) {
			char *type = GEOSGeomType_r(g.h, x);
			rc = bp_fail(err, BP_ERR_PARSE, "the border of area %s is a %s, not a (multi)polygon",
			             code, type ? type : "geometry of another kind");
			if (type)
				GEOSFree_r(g.h, type);
		}
		GEOSGeom_destroy_r(g.h, x);
		lay->rings[i] = rings;
		lay->n_rings[i] = n;
		for (size_t r = 0; r < n; r++)
			for (size_t p = 0; p < rings[r].n; p++) {
				double px = rings[r].xy[2 * p], py = rings[r].xy[2 * p + 1];
				if (px < box[0]) box[0] = px;
				if (py < box[1]) box[1] = py;
				if (px > box[2]) box[2] = px;
				if (py > box[3]) box[3] = py;
			}
	}
	GEOSWKBReader_destroy_r(g.h, rd);
	GEOS_finish_r(g.h);
	if (rc == BP_OK && !(box[2] >= box[0] && box[3] >= box[1]))
		rc = bp_fail(err, BP_ERR_RENDER, "the map has no area with a border to draw");
	return rc;
}

/* --- legend text ------------------------------------------------------------ */

static const char *noun(const bp_choropleth *c, int count)
{
	return count == 1 && bp_has_text(c->count_noun_one) ? c->count_noun_one : c->count_noun;
}

int bp_map_legend_decimals(const bp_map_classes *c, int decimals)
{
	for (int d = decimals; d < decimals + 2; d++) {
		int clash = 0;
		for (int j = 0; j + 1 < c->n && !clash; j++) {
			char a[64], b[64];
			bp_value_text(a, sizeof(a), c->upper[j], d, NULL);
			bp_value_text(b, sizeof(b), c->lower[j + 1], d, NULL);
			clash = strcmp(a, b) == 0;
		}
		if (!clash)
			return d;
	}
	return decimals + 2;
}

static void class_text(char *buf, size_t size, const bp_choropleth *c, const bp_map_classes *cl,
                       int j)
{
	char lo[64], hi[64], n[64] = "";
	int d = bp_map_legend_decimals(cl, c->decimals);
	bp_value_text_lang(c->lang, lo, sizeof(lo), cl->lower[j], d, NULL);
	bp_value_text_lang(c->lang, hi, sizeof(hi), cl->upper[j], d, c->unit);
	if (bp_has_text(c->count_noun))
		snprintf(n, sizeof(n), "  (%d %s)", cl->count[j], noun(c, cl->count[j]));
	if (strcmp(lo, hi) == 0 || cl->lower[j] == cl->upper[j]) {
		bp_value_text_lang(c->lang, lo, sizeof(lo), cl->lower[j], d, c->unit);
		snprintf(buf, size, "%s%s", lo, n);
	} else {
		snprintf(buf, size, "%s \u2013 %s%s", lo, hi, n);
	}
}

static void count_text(char *buf, size_t size, const char *what, int count, const bp_choropleth *c)
{
	if (bp_has_text(c->count_noun))
		snprintf(buf, size, "%s  (%d %s)", what, count, noun(c, count));
	else
		snprintf(buf, size, "%s", what);
}

static const char *suppressed_text(const bp_choropleth *c)
{
	return bp_has_text(c->suppressed_text) ? c->suppressed_text : bp_tr(c->lang, SUPPRESSED_TEXT);
}

enum { ROW_CLASS, ROW_MISSING, ROW_SUPPRESSED, ROW_HIGHLIGHT };

typedef struct legend_row {
	int kind, cls;
	char text[TEXT_LEN];
} legend_row;

static int legend_rows(const bp_choropleth *c, const bp_choropleth_layout *lay, legend_row *rows)
{
	int n = 0;
	for (int j = 0; j < lay->classes.n; j++) {
		rows[n].kind = ROW_CLASS;
		rows[n].cls = j;
		class_text(rows[n].text, TEXT_LEN, c, &lay->classes, j);
		n++;
	}
	if (lay->n_missing) {
		rows[n].kind = ROW_MISSING;
		count_text(rows[n].text, TEXT_LEN, bp_tr(c->lang, MISSING_TEXT), lay->n_missing, c);
		n++;
	}
	if (lay->n_suppressed) {
		rows[n].kind = ROW_SUPPRESSED;
		count_text(rows[n].text, TEXT_LEN, suppressed_text(c), lay->n_suppressed, c);
		n++;
	}
	if (lay->highlighted >= 0) {
		rows[n].kind = ROW_HIGHLIGHT;
		const char *name = c->areas[lay->highlighted].name;
		char cut[BP_NAME_BUF]; /* a name from a file: bounded (canvas.h) */
		snprintf(rows[n].text, TEXT_LEN, "%s",
		         bp_name_cut(cut, sizeof(cut), bp_has_text(name) ? name : c->areas[lay->highlighted].code));
		n++;
	}
	return n;
}

#define MAX_ROWS (BP_MAP_MAX_CLASSES + 3)

static const char *polarity_note(const bp_choropleth *c)
{
	if (c->polarity == BP_MAP_NEUTRAL)
		return NULL;
	return bp_tr(c->lang, "donkerder = ongunstiger");
}

/* Diagonal lines over the current clip, from (x0, y0) to (x1, y1). */
static void hatch(cairo_t *cr, double x0, double y0, double x1, double y1)
{
	double h = y1 - y0;
	cairo_new_path(cr);
	for (double x = x0 - h; x < x1; x += HATCH_STEP) {
		cairo_move_to(cr, x, y1);
		cairo_line_to(cr, x + h, y0);
	}
	bp_set_rgb(cr, BP_MAP_RGB_HATCH);
	cairo_set_line_width(cr, 1);
	cairo_stroke(cr);
}

static void draw_swatch(const bp_choropleth_layout *lay, const legend_row *row, double x, double y,
                        cairo_t *cr)
{
	double sy = y + (ROW_H - SWATCH_H) / 2;
	cairo_save(cr);
	cairo_rectangle(cr, x + 0.5, sy + 0.5, SWATCH_W - 1, SWATCH_H - 1);
	switch (row->kind) {
	case ROW_CLASS:
		bp_set_rgb(cr, lay->classes.rgb[row->cls]);
		cairo_fill_preserve(cr);
		break;
	case ROW_MISSING:
	case ROW_SUPPRESSED:
		bp_set_rgb(cr, BP_MAP_RGB_MISSING);
		cairo_fill_preserve(cr);
		if (row->kind == ROW_SUPPRESSED) {
			cairo_save(cr);
			cairo_clip_preserve(cr);
			hatch(cr, x, sy, x + SWATCH_W, sy + SWATCH_H);
			cairo_restore(cr);
			cairo_rectangle(cr, x + 0.5, sy + 0.5, SWATCH_W - 1, SWATCH_H - 1);
		}
		break;
	case ROW_HIGHLIGHT:
		bp_set_rgb(cr, BP_RGB_BACKGROUND);
		cairo_fill_preserve(cr);
		break;
	}
	if (row->kind == ROW_HIGHLIGHT) {
		cairo_new_path(cr);
		cairo_rectangle(cr, x + 2, sy + 2, SWATCH_W - 4, SWATCH_H - 4);
		bp_set_rgb(cr, BP_MAP_RGB_OUTLINE);
		cairo_set_line_width(cr, 2.5);
		cairo_stroke(cr);
	} else {
		/* A hairline keeps the lightest class visible on white. */
		bp_set_rgb(cr, 0xBDBDBD);
		cairo_set_line_width(cr, 1);
		cairo_stroke(cr);
	}
	cairo_restore(cr);
}

/* Columns of the legend: one beside the map; under it as many as fit (at most 3). */
static int legend_columns(const bp_choropleth *c, double w)
{
	if (!c->legend_below)
		return 1;
	int n = (int)(w / 190);
	return n < 1 ? 1 : n > 3 ? 3 : n;
}

/*
 * Lay out (cr NULL: only measure) or draw the legend at (x0, y0), w wide;
 * returns its height.  One column: rows wrap and the polarity note follows
 * the classes.  Several: rows fill the columns top to bottom, each one line
 * (ellipsized), and the note comes under them.
 */
static double legend_walk(const bp_choropleth *c, const bp_choropleth_layout *lay, const bp_ink *k,
                          cairo_t *cr, double x0, double y0, double w)
{
	legend_row rows[MAX_ROWS];
	int n = legend_rows(c, lay, rows);
	int ncol = legend_columns(c, w);
	double col_w = w / ncol;
	double tw = col_w - SWATCH_W - (ncol > 1 ? 16 : 8);
	double y = y0;
	if (bp_has_text(c->legend_title)) {
		PangoLayout *l = bp_text_lines(k, BP_F_LABEL_BOLD, c->legend_title, w, BP_TITLE_MAX_LINES,
		                               PANGO_ALIGN_LEFT);
		double h;
		bp_text_size(l, NULL, &h);
		if (cr)
			bp_show(cr, l, x0, y, BP_RGB_TEXT);
		g_object_unref(l);
		y += h + 6;
	}
	int lines = (n + ncol - 1) / ncol;
	double top = y;
	for (int i = 0; i < n; i++) {
		double x = x0;
		if (ncol > 1) {
			x = x0 + (i / lines) * col_w;
			y = top + (i % lines) * ROW_H;
		}
		PangoLayout *l = ncol > 1 ? bp_text(k, BP_F_LEGEND, rows[i].text, tw, BP_FIT_ELLIPSIZE, PANGO_ALIGN_LEFT)
		                          : bp_text_lines(k, BP_F_LEGEND, rows[i].text, tw, BP_TITLE_MAX_LINES,
		                                          PANGO_ALIGN_LEFT);
		double th;
		bp_text_size(l, NULL, &th);
		double rh = th > ROW_H ? th + 4 : ROW_H;
		if (cr) {
			draw_swatch(lay, &rows[i], x, y, cr);
			bp_show(cr, l, x + SWATCH_W + 8, th > ROW_H ? y + 2 : y + (ROW_H - th) / 2, BP_RGB_TEXT);
		}
		g_object_unref(l);
		if (ncol > 1)
			continue;
		y += rh;
		if (rows[i].kind == ROW_CLASS && rows[i].cls == lay->classes.n - 1 && polarity_note(c)) {
			l = bp_text(k, BP_F_NOTE, polarity_note(c), w, BP_FIT_WRAP, PANGO_ALIGN_LEFT);
			double nh;
			bp_text_size(l, NULL, &nh);
			if (cr)
				bp_show(cr, l, x0, y + 2, BP_RGB_SUBTLE);
			g_object_unref(l);
			y += nh + 8;
		}
		if (i + 1 < n && rows[i].kind == ROW_CLASS && rows[i + 1].kind != ROW_CLASS)
			y += 6;
	}
	if (ncol > 1) {
		y = top + lines * ROW_H;
		if (lay->classes.n > 0 && polarity_note(c)) {
			PangoLayout *l = bp_text(k, BP_F_NOTE, polarity_note(c), w, BP_FIT_WRAP, PANGO_ALIGN_LEFT);
			double nh;
			bp_text_size(l, NULL, &nh);
			if (cr)
				bp_show(cr, l, x0, y + 2, BP_RGB_SUBTLE);
			g_object_unref(l);
			y += nh + 6;
		}
	}
	return y - y0;
}

/* --- layout -------------------------------------------------------------- */

/* 1, 2 or 5 times a power of ten, at most len metres. */
static double nice_length(double len)
{
	double mag = pow(10, floor(log10(len)));
	double f = len / mag;
	return (f >= 5 ? 5 : f >= 2 ? 2 : 1) * mag;
}

bp_rc bp_choropleth_layout_with(const bp_choropleth *c, const bp_ink *k, bp_arena *a,
                                bp_choropleth_layout *lay, bp_error *err)
{
	memset(lay, 0, sizeof(*lay));
	lay->highlighted = -1;
	if (!c)
		return bp_fail(err, BP_ERR_INTERNAL, "no map to draw");
	if (c->n_areas == 0 || !c->areas)
		return bp_fail(err, BP_ERR_RENDER, "the map has no areas");
	if (c->n_classes < 0 || c->n_classes > BP_MAP_MAX_CLASSES)
		return bp_fail(err, BP_ERR_RENDER, "a map has 1 to %d classes, not %d", BP_MAP_MAX_CLASSES,
		               c->n_classes);
	double width = c->width > 0 ? c->width : DEFAULT_WIDTH;
	double inner = width - 2 * BP_MARGIN;
	double legend_w = c->legend_below ? inner : LEGEND_W;
	double map_w = c->legend_below ? inner : inner - LEGEND_W - GAP;
	if (map_w < MIN_MAP_W)
		return bp_fail(err, BP_ERR_RENDER, "a map %g wide has no room for its legend", width);

	size_t n = c->n_areas;
	lay->n_areas = n;
	lay->cls = bp_arena_alloc(a, n * sizeof(*lay->cls));
	lay->n_rings = bp_arena_alloc(a, n * sizeof(*lay->n_rings));
	lay->rings = bp_arena_alloc(a, n * sizeof(*lay->rings));
	double box[4] = { 0, 0, 0, 0 };
	bp_rc rc = read_borders(c, a, lay, box, err);
	if (rc)
		return rc;

	double *vals = bp_arena_alloc(a, n * sizeof(*vals));
	for (size_t i = 0; i < n; i++) {
		const bp_map_area *ar = &c->areas[i];
		/* Classes are built on the values as the legend and the table write
		 * them: 45,4 and 44,6 shown as "45" are one class, not two. */
		vals[i] = ar->status == BP_MAP_VALUE ? bp_value_shown(ar->value, c->decimals) : NAN;
		if (ar->highlight && lay->highlighted < 0)
			lay->highlighted = (long)i;
	}
	if (c->shared_classes) {
		/* The shared breaks and colours; the counts are this map's own. */
		lay->classes = *c->shared_classes;
		memset(lay->classes.count, 0, sizeof(lay->classes.count));
		for (size_t i = 0; i < n; i++) {
			int cl = bp_map_class_of(&lay->classes, vals[i]);
			if (cl >= 0)
				lay->classes.count[cl]++;
		}
	} else {
		bp_map_classify(vals, n, c->n_classes, c->polarity, &lay->classes);
	}
	for (size_t i = 0; i < n; i++) {
		if (c->areas[i].status == BP_MAP_SUPPRESSED) {
			lay->cls[i] = -2;
			lay->n_suppressed++;
		} else if ((lay->cls[i] = bp_map_class_of(&lay->classes, vals[i])) < 0) {
			lay->cls[i] = -1;
			lay->n_missing++;
		}
	}

	bp_frame fr;
	bp_frame_place(k, c->title, c->subtitle, width, &fr);
	lay->width = width;
	lay->title_y = fr.title_y;
	lay->subtitle_y = fr.subtitle_y;

	/* One scale for both axes: the box fits the width, and the height cap if any. */
	double dx = box[2] - box[0], dy = box[3] - box[1];
	if (!(dx > 0))
		dx = 1;
	if (!(dy > 0))
		dy = 1;
	double avail_w = map_w - 2 * MAP_PAD;
	double avail_h = (c->max_map_height > 0 ? c->max_map_height : map_w) - 2 * MAP_PAD;
	double s = fmin(avail_w / dx, avail_h / dy);
	lay->scale = s;
	lay->map_w = dx * s;
	lay->map_h = dy * s;
	lay->map_x = BP_MARGIN + MAP_PAD + (avail_w - lay->map_w) / 2;
	lay->map_y = fr.body_y + MAP_PAD;
	lay->rd_xmin = box[0];
	lay->rd_ymax = box[3];

	/* A scale bar about a quarter of the map wide. */
	lay->scalebar_m = nice_length(dx / 4);
	lay->scalebar_len_px = lay->scalebar_m * s;
	lay->scalebar_y = lay->map_y + lay->map_h + MAP_PAD + 8;
	double map_bottom = lay->scalebar_y + 8 + bp_text_height(k, BP_F_TICK, "0 km", 0);

	double lh = legend_walk(c, lay, k, NULL, 0, 0, legend_w);
	double bottom;
	if (c->legend_below) {
		lay->legend_x = BP_MARGIN;
		lay->legend_y = map_bottom + 12;
		bottom = lay->legend_y + lh;
	} else {
		lay->legend_x = BP_MARGIN + map_w + GAP;
		lay->legend_y = fr.body_y;
		bottom = fmax(map_bottom, lay->legend_y + lh);
	}
	lay->source_y = bottom + 14;
	lay->height = ceil(lay->source_y + bp_source_height(k, c->source, width) + BP_MARGIN);
	return BP_OK;
}

bp_rc bp_choropleth_compute_layout(const bp_choropleth *chart, bp_arena *a,
                                   bp_choropleth_layout *lay, bp_error *err)
{
	bp_ink k = { 0 };
	bp_ink_open(&k);
	bp_rc rc = bp_choropleth_layout_with(chart, &k, a, lay, err);
	bp_ink_close(&k);
	return rc;
}

/* --- drawing ------------------------------------------------------------- */

static void area_path(const bp_choropleth_layout *lay, size_t i, cairo_t *cr)
{
	cairo_new_path(cr);
	for (size_t r = 0; r < lay->n_rings[i]; r++) {
		const bp_map_ring *ring = &lay->rings[i][r];
		for (size_t p = 0; p < ring->n; p++) {
			double px, py;
			bp_choropleth_project(lay, ring->xy[2 * p], ring->xy[2 * p + 1], &px, &py);
			if (p == 0)
				cairo_move_to(cr, px, py);
			else
				cairo_line_to(cr, px, py);
		}
		cairo_close_path(cr);
	}
}

/*
 * Whole pixels: the outline is a target for the pointer over a drawing that
 * has its own exact borders, and a map page holds every border twice
 * (drawing and links); a point that rounds onto the one before is left out.
 */
void bp_choropleth_area_svg_path(const bp_choropleth_layout *lay, size_t i, bp_buf *out)
{
	for (size_t r = 0; r < lay->n_rings[i]; r++) {
		const bp_map_ring *ring = &lay->rings[i][r];
		long lx = 0, ly = 0;
		for (size_t p = 0; p < ring->n; p++) {
			double px, py;
			bp_choropleth_project(lay, ring->xy[2 * p], ring->xy[2 * p + 1], &px, &py);
			long x = lround(px), y = lround(py);
			if (p > 0 && x == lx && y == ly)
				continue;
			bp_buf_printf(out, "%s%c%ld %ld", out->len ? " " : "", p == 0 ? 'M' : 'L', x, y);
			lx = x;
			ly = y;
		}
		if (ring->n)
			bp_buf_adds(out, "Z");
	}
}

static void fill_area(const bp_choropleth_layout *lay, size_t i, cairo_t *cr)
{
	int cl = lay->cls[i];
	area_path(lay, i, cr);
	bp_set_rgb(cr, cl >= 0 ? lay->classes.rgb[cl] : BP_MAP_RGB_MISSING);
	cairo_fill_preserve(cr);
	if (cl == -2) {
		double x0, y0, x1, y1;
		cairo_save(cr);
		cairo_path_extents(cr, &x0, &y0, &x1, &y1);
		cairo_clip(cr);
		hatch(cr, x0, y0, x1, y1);
		cairo_restore(cr);
		area_path(lay, i, cr);
	}
	bp_set_rgb(cr, BP_MAP_RGB_BORDER);
	cairo_set_line_width(cr, 0.8);
	cairo_stroke(cr);
}

static void outline(cairo_t *cr)
{
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	bp_set_rgb(cr, BP_RGB_BACKGROUND);
	cairo_set_line_width(cr, 5.5);
	cairo_stroke_preserve(cr);
	bp_set_rgb(cr, BP_MAP_RGB_OUTLINE);
	cairo_set_line_width(cr, 2.5);
	cairo_stroke(cr);
}

static void draw_map(const bp_choropleth_layout *lay, cairo_t *cr)
{
	cairo_save(cr);
	cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	/*
	 * A grey line under everything: the fills cover its inner half, so only
	 * the gemeente's outer edge stays, and the lightest class does not melt
	 * into the white page.
	 */
	bp_set_rgb(cr, 0xA6A6A6);
	cairo_set_line_width(cr, 1.6);
	for (size_t i = 0; i < lay->n_areas; i++) {
		area_path(lay, i, cr);
		cairo_stroke(cr);
	}
	for (size_t i = 0; i < lay->n_areas; i++)
		fill_area(lay, i, cr);
	if (lay->highlighted >= 0) {
		area_path(lay, (size_t)lay->highlighted, cr);
		outline(cr);
	}
	cairo_restore(cr);
}

static void draw_scalebar(const bp_choropleth *c, const bp_choropleth_layout *lay, const bp_ink *k, cairo_t *cr)
{
	double x0 = lay->map_x, y = lay->scalebar_y, len = lay->scalebar_len_px;
	cairo_save(cr);
	bp_set_rgb(cr, BP_RGB_SUBTLE);
	cairo_set_line_width(cr, 1.5);
	cairo_move_to(cr, x0, y - 4);
	cairo_line_to(cr, x0, y);
	cairo_line_to(cr, x0 + len, y);
	cairo_line_to(cr, x0 + len, y - 4);
	cairo_stroke(cr);
	cairo_restore(cr);
	char num[64], buf[96];
	double m = lay->scalebar_m;
	if (m >= 1000) {
		bp_value_text_lang(c->lang, num, sizeof(num), m / 1000, m >= 1000 && fmod(m, 1000) ? 1 : 0, NULL);
		snprintf(buf, sizeof(buf), "%s km", num);
	} else {
		bp_value_text_lang(c->lang, num, sizeof(num), m, 0, NULL);
		snprintf(buf, sizeof(buf), "%s m", num);
	}
	PangoLayout *l = bp_text(k, BP_F_TICK, buf, 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
	bp_show(cr, l, x0 + len + 6, y - 9, BP_RGB_SUBTLE);
	g_object_unref(l);
	/* North is up: said once, beside the scale. */
	double w;
	l = bp_text(k, BP_F_TICK, "\u2191 N", 0, BP_FIT_NONE, PANGO_ALIGN_LEFT);
	bp_text_size(l, &w, NULL);
	bp_show(cr, l, lay->map_x + lay->map_w - w, y - 9, BP_RGB_SUBTLE);
	g_object_unref(l);
}

static void draw_legend(const bp_choropleth *c, const bp_choropleth_layout *lay, const bp_ink *k,
                        cairo_t *cr)
{
	double w = c->legend_below ? lay->width - 2 * BP_MARGIN : LEGEND_W;
	legend_walk(c, lay, k, cr, lay->legend_x, lay->legend_y, w);
}

void bp_choropleth_draw(const bp_choropleth *c, const bp_choropleth_layout *lay, const bp_ink *k,
                        cairo_t *cr)
{
	bp_frame fr = { lay->title_y, lay->subtitle_y, 0 };
	bp_frame_draw(k, cr, c->title, c->subtitle, lay->width, &fr);
	draw_map(lay, cr);
	draw_scalebar(c, lay, k, cr);
	draw_legend(c, lay, k, cr);
	bp_source_draw(k, cr, c->source, lay->width, lay->source_y);
}

/* --- output -------------------------------------------------------------- */

static bp_rc ops_layout(const void *chart, const bp_ink *k, bp_arena *a, void **lay,
                        double *width, double *height, bp_error *err)
{
	bp_choropleth_layout *l = bp_arena_alloc(a, sizeof(*l));
	bp_rc rc = bp_choropleth_layout_with(chart, k, a, l, err);
	*lay = l;
	*width = l->width;
	*height = l->height;
	return rc;
}

static void ops_draw(const void *chart, const void *lay, const bp_ink *k, cairo_t *cr)
{
	bp_set_rgb(cr, BP_RGB_BACKGROUND);
	cairo_paint(cr);
	bp_choropleth_draw(chart, lay, k, cr);
}

static const bp_chart_ops CHOROPLETH_OPS = { ops_layout, ops_draw };

const bp_chart_ops *bp_choropleth_ops(void)
{
	return &CHOROPLETH_OPS;
}

bp_rc bp_choropleth_render(const bp_choropleth *chart, bp_image_format fmt, unsigned char **out,
                           size_t *len, bp_error *err)
{
	return bp_canvas_render(&CHOROPLETH_OPS, chart, chart ? chart->title : NULL, fmt, out, len, err);
}

bp_rc bp_choropleth_write(const bp_choropleth *chart, bp_image_format fmt, const char *path,
                          bp_error *err)
{
	return bp_canvas_write(&CHOROPLETH_OPS, chart, chart ? chart->title : NULL, fmt, path, err);
}
