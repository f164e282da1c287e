/* rendertest.c: see rendertest.h. */
#include "rendertest.h"
#include "pgtest.h"   /* bp_test_rmtree */

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <math.h>

#include <cmocka.h>

#include "core/fsutil.h"
#include "import/geojson.h"
#include "import/geometry.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

/*
 * Fontconfig stores pointers as offsets inside its caches, so LeakSanitizer
 * takes its long-lived caches for leaks; they are not ours.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

int rt_setup(void **state)
{
	rt_fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/bp-render-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	f->arena = bp_arena_new();
	*state = f;
	return 0;
}

/* Remove the temp folder and whatever a test left in it, at any depth
 * (test_svg's Chromium profile is a tree: one level left 209 folders). */
int rt_teardown(void **state)
{
	rt_fixture *f = *state;
	bp_test_rmtree(f->dir);
	bp_arena_free(f->arena);
	free(f);
	return 0;
}

char *rt_path(const rt_fixture *f, const char *name)
{
	return bp_path_join(f->arena, f->dir, name);
}

int rt_count_entries(const char *dir)
{
	int n = 0;
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

int rt_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

typedef struct mem_reader {
	const unsigned char *p;
	size_t left;
} mem_reader;

static cairo_status_t read_mem(void *closure, unsigned char *data, unsigned int n)
{
	mem_reader *r = closure;
	if (n > r->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p, n);
	r->p += n;
	r->left -= n;
	return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *rt_png_surface(const unsigned char *png, size_t len)
{
	mem_reader r = { png, len };
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_mem, &r);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_flush(s);
	return s;
}

uint32_t rt_pixel(cairo_surface_t *s, double x, double y)
{
	int ix = (int)floor(x), iy = (int)floor(y);
	assert_true(ix >= 0 && ix < cairo_image_surface_get_width(s));
	assert_true(iy >= 0 && iy < cairo_image_surface_get_height(s));
	unsigned char *row = cairo_image_surface_get_data(s) + iy * cairo_image_surface_get_stride(s);
	uint32_t argb = ((uint32_t *)row)[ix];
	assert_int_equal(argb >> 24, 0xFF); /* opaque: no premultiplication to undo */
	return argb & 0xFFFFFF;
}

char *rt_no_space(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	assert_non_null(out);
	for (; *s; s++)
		if (!strchr(" \t\r\n", *s))
			*o++ = *s;
	*o = 0;
	return out;
}

char *rt_svg_text(const unsigned char *svg, size_t len)
{
	/* libxml2 resolves the entities the writer escapes (&amp;, &lt;) */
	xmlDocPtr doc = xmlReadMemory((const char *)svg, (int)len, "chart.svg", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)"//*[local-name()='text']", ctx);
	assert_non_null(r);
	size_t cap = len + 1, n = 0;
	char *all = malloc(cap);
	assert_non_null(all);
	for (int i = 0; r->nodesetval && i < r->nodesetval->nodeNr; i++) {
		xmlChar *t = xmlNodeGetContent(r->nodesetval->nodeTab[i]);
		size_t tl = strlen((const char *)t);
		assert_true(n + tl < cap);
		memcpy(all + n, t, tl);
		n += tl;
		xmlFree(t);
	}
	all[n] = 0;
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	char *out = rt_no_space(all);
	free(all);
	return out;
}

/* The next number of a path's d at *p (after separators), into *v; 0 when there is none. */
static int path_number(const char **p, double *v)
{
	while (**p == ' ' || **p == ',' || **p == '\n' || **p == '\t')
		(*p)++;
	char *end;
	*v = strtod(*p, &end);
	if (end == *p)
		return 0;
	*p = end;
	return 1;
}

static int has_attr_value(xmlNodePtr node, const char *attr, const char *value)
{
	int yes = 0;
	xmlChar *a = xmlGetProp(node, (const xmlChar *)attr);
	if (a) {
		yes = strcmp((const char *)a, value) == 0;
		xmlFree(a);
	}
	xmlChar *st = xmlGetProp(node, (const xmlChar *)"style");
	if (st) {
		char want[128];
		snprintf(want, sizeof(want), "%s:%s", attr, value);
		char *flat = rt_no_space((const char *)st);
		const char *at = strstr(flat, want);
		yes |= at && (at == flat || at[-1] == ';') && (at[strlen(want)] == ';' || at[strlen(want)] == 0);
		free(flat);
		xmlFree(st);
	}
	return yes;
}

size_t rt_svg_path_points(const unsigned char *svg, size_t len, const char *attr, const char *value, double *xy,
                          size_t max, size_t *n_paths)
{
	xmlDocPtr doc = xmlReadMemory((const char *)svg, (int)len, "chart.svg", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)"//*[local-name()='path']", ctx);
	assert_non_null(r);
	size_t n = 0, np = 0;
	for (int i = 0; r->nodesetval && i < r->nodesetval->nodeNr; i++) {
		xmlNodePtr node = r->nodesetval->nodeTab[i];
		if (!has_attr_value(node, attr, value))
			continue;
		for (xmlNodePtr up = node; up && up->type == XML_ELEMENT_NODE; up = up->parent) {
			xmlChar *tf = xmlGetProp(up, (const xmlChar *)"transform");
			if (tf)
				fail_msg("a path with %s=%s is under a transform \"%s\"", attr, value, (const char *)tf);
		}
		np++;
		xmlChar *d = xmlGetProp(node, (const xmlChar *)"d");
		assert_non_null(d);
		const char *p = (const char *)d;
		double x = 0, y = 0, x0 = 0, y0 = 0, v;
		char cmd = 0;
		for (;;) {
			while (*p == ' ' || *p == ',' || *p == '\n' || *p == '\t')
				p++;
			if (!*p)
				break;
			if (strchr("MmLlHhVvZz", *p))
				cmd = *p++;
			else if (!strchr("0123456789+-.", *p))
				fail_msg("path command '%c' is not a straight line: %s", *p, (const char *)d);
			else if (!cmd)
				fail_msg("path data starts with a number: %s", (const char *)d);
			int rel = cmd >= 'a';
			int pt = 0;   /* a point to record */
			switch (cmd | 0x20) {
			case 'z':
				x = x0, y = y0;
				cmd = 0;
				continue;
			case 'm':
			case 'l': {
				double a, b;
				if (!path_number(&p, &a) || !path_number(&p, &b))
					fail_msg("path data cut short: %s", (const char *)d);
				x = rel ? x + a : a;
				y = rel ? y + b : b;
				if ((cmd | 0x20) == 'm') {
					x0 = x, y0 = y;
					cmd = rel ? 'l' : 'L';   /* further pairs after a moveto are linetos */
				}
				pt = 1;
				break;
			}
			case 'h':
				if (!path_number(&p, &v))
					fail_msg("path data cut short: %s", (const char *)d);
				x = rel ? x + v : v;
				pt = 1;
				break;
			case 'v':
				if (!path_number(&p, &v))
					fail_msg("path data cut short: %s", (const char *)d);
				y = rel ? y + v : v;
				pt = 1;
				break;
			}
			if (pt) {
				if (n < max) {
					xy[2 * n] = x;
					xy[2 * n + 1] = y;
				}
				n++;
			}
		}
		xmlFree(d);
	}
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	if (n_paths)
		*n_paths = np;
	return n;
}

/* The text of the chart drawn as SVG, kept as name. */
static char *chart_text(const bp_chart_ops *ops, const void *chart, const char *name)
{
	unsigned char *svg = NULL;
	size_t len = 0;
	bp_error err = { 0 };
	if (bp_canvas_render(ops, chart, NULL, BP_IMAGE_SVG, &svg, &len, &err))
		fail_msg("render failed: %s", err.message);
	rt_keep(name, svg, len);
	char *t = rt_svg_text(svg, len);
	free(svg);
	return t;
}

void rt_assert_both_say(const bp_chart_ops *ops, const void *wide, const void *narrow, const char *keep,
                        const char *const *want, size_t n)
{
	char name[128];
	snprintf(name, sizeof(name), "%s.svg", keep);
	char *tw = chart_text(ops, wide, name);
	snprintf(name, sizeof(name), "%s_narrow.svg", keep);
	char *tn = chart_text(ops, narrow, name);
	for (size_t i = 0; i < n; i++) {
		char *w = rt_no_space(want[i]);
		if (!strstr(tw, w))
			fail_msg("the wide chart lacks \"%s\"", want[i]);
		if (!strstr(tn, w))
			fail_msg("the narrow chart lacks \"%s\": %s", want[i], tn);
		free(w);
	}
	free(tw);
	free(tn);
}

void rt_keep(const char *name, const unsigned char *data, size_t len)
{
	const char *dir = getenv("BP_RENDER_SAMPLES");
	if (!dir || !*dir)
		return;
	char p[BP_PATH_MAX];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *fp = fopen(p, "wb");
	if (fp) {
		fwrite(data, 1, len, fp);
		fclose(fp);
	}
}

double rt_share_differing(cairo_surface_t *want, cairo_surface_t *got, long *n_differ)
{
	int w = cairo_image_surface_get_width(want), h = cairo_image_surface_get_height(want);
	assert_int_equal(cairo_image_surface_get_width(got), w);
	assert_int_equal(cairo_image_surface_get_height(got), h);
	cairo_surface_flush(want);
	cairo_surface_flush(got);
	long differ = 0;
	for (int y = 0; y < h; y++) {
		const uint32_t *a = (const uint32_t *)(cairo_image_surface_get_data(want) + y * cairo_image_surface_get_stride(want));
		const uint32_t *b = (const uint32_t *)(cairo_image_surface_get_data(got) + y * cairo_image_surface_get_stride(got));
		for (int x = 0; x < w; x++) {
			for (int sh = 0; sh < 32; sh += 8) {
				int d = (int)(a[x] >> sh & 0xFF) - (int)(b[x] >> sh & 0xFF);
				if (d > 48 || d < -48) {
					differ++;
					break;
				}
			}
		}
	}
	if (n_differ)
		*n_differ = differ;
	return (double)differ / ((double)w * h);
}

void rt_golden(const char *name, const unsigned char *png, size_t len, double max_share)
{
	const char *root = getenv("BP_SOURCE_ROOT");
	assert_non_null(root);
	char p[BP_PATH_MAX];
	snprintf(p, sizeof(p), "%s/tests/render/golden/%s", root, name);
	const char *upd = getenv("BP_UPDATE_GOLDEN");
	if (upd && strcmp(upd, "1") == 0) {
		FILE *fp = fopen(p, "wb");
		assert_non_null(fp);
		assert_int_equal(fwrite(png, 1, len, fp), len);
		assert_int_equal(fclose(fp), 0);
		return;
	}
	cairo_surface_t *want = cairo_image_surface_create_from_png(p);
	if (cairo_surface_status(want))
		fail_msg("golden image %s cannot be read (regenerate: see tests/render/golden/README.md)", p);
	cairo_surface_flush(want);
	cairo_surface_t *got = rt_png_surface(png, len);
	int w = cairo_image_surface_get_width(want), h = cairo_image_surface_get_height(want);
	if (w != cairo_image_surface_get_width(got) || h != cairo_image_surface_get_height(got))
		fail_msg("%s: size %dx%d, golden %dx%d", name, cairo_image_surface_get_width(got),
		         cairo_image_surface_get_height(got), w, h);
	long differ;
	double share = rt_share_differing(want, got, &differ);
	cairo_surface_destroy(want);
	cairo_surface_destroy(got);
	if (share > max_share)
		fail_msg("%s: %ld pixels (%.3f%%) differ from the golden image, at most %.3f%% allowed",
		         name, differ, share * 100, max_share * 100);
}

/* --- real borders -------------------------------------------------------- */

static bp_geo_ring ring_of(bp_arena *a, json_t *coords)
{
	bp_geo_ring r;
	r.n = json_array_size(coords);
	r.xy = bp_arena_alloc(a, r.n * 2 * sizeof(double));
	for (size_t i = 0; i < r.n; i++) {
		json_t *pt = json_array_get(coords, i);
		r.xy[2 * i] = json_number_value(json_array_get(pt, 0));
		r.xy[2 * i + 1] = json_number_value(json_array_get(pt, 1));
	}
	return r;
}

static bp_geo_polygon polygon_of(bp_arena *a, bp_geo *g, json_t *rings)
{
	bp_geo_polygon p;
	bp_error err = { 0 };
	p.n_rings = json_array_size(rings);
	p.rings = bp_arena_alloc(a, p.n_rings * sizeof(*p.rings));
	for (size_t i = 0; i < p.n_rings; i++) {
		p.rings[i] = ring_of(a, json_array_get(rings, i));
		assert_int_equal(bp_geo_transform(g, 0, p.rings[i].xy, p.rings[i].n, &err), BP_OK);
	}
	return p;
}

size_t rt_load_wijken(bp_arena *a, const char *gemeente, rt_wijk **out)
{
	static const char *const AGE_KEYS[5] = { "0_15", "15_25", "25_45", "45_65", "65plus" };
	const char *fx = getenv("BP_FIXTURES");
	assert_non_null(fx);
	char p[BP_PATH_MAX];
	snprintf(p, sizeof(p), "%s/geo/wijken_2024_oss_hilversum.geojson", fx);
	json_error_t jerr;
	json_t *root = json_load_file(p, 0, &jerr);
	if (!root)
		fail_msg("%s:%d: %s", p, jerr.line, jerr.text);
	bp_error err = { 0 };
	bp_geo *g = NULL;
	assert_int_equal(bp_geo_open("EPSG:4326", &g, &err), BP_OK);
	json_t *feats = json_object_get(root, "features");
	rt_wijk *w = bp_arena_alloc(a, json_array_size(feats) * sizeof(*w));
	size_t n = 0;
	for (size_t i = 0; i < json_array_size(feats); i++) {
		json_t *f = json_array_get(feats, i);
		json_t *pr = json_object_get(f, "properties");
		if (strcmp(json_string_value(json_object_get(pr, "gemeentecode")), gemeente) != 0)
			continue;
		json_t *geom = json_object_get(f, "geometry");
		json_t *coords = json_object_get(geom, "coordinates");
		bp_geo_polygon *polys;
		size_t np;
		if (strcmp(json_string_value(json_object_get(geom, "type")), "Polygon") == 0) {
			np = 1;
			polys = bp_arena_alloc(a, sizeof(*polys));
			polys[0] = polygon_of(a, g, coords);
		} else {
			np = json_array_size(coords);
			polys = bp_arena_alloc(a, np * sizeof(*polys));
			for (size_t k = 0; k < np; k++)
				polys[k] = polygon_of(a, g, json_array_get(coords, k));
		}
		bp_geo_shape sh;
		assert_int_equal(bp_geo_shape_build(g, polys, np, BP_GEOJSON_DEFAULT_TOLERANCE, a, &sh, &err), BP_OK);
		rt_wijk *x = &w[n++];
		x->code = bp_arena_strdup(a, json_string_value(json_object_get(pr, "wijkcode")));
		x->name = bp_arena_strdup(a, json_string_value(json_object_get(pr, "wijknaam")));
		x->wkb = sh.wkb_simple;
		x->wkb_len = sh.wkb_simple_len;
		x->inhabitants = json_number_value(json_object_get(pr, "aantal_inwoners"));
		for (int k = 0; k < 5; k++)
			x->age[k] = json_number_value(json_object_get(pr, AGE_KEYS[k]));
	}
	bp_geo_close(g);
	json_decref(root);
	*out = w;
	return n;
}

/*
 * The PNG's pixels must be exactly those of the chart drawn through a
 * recording surface and replayed onto an image: there the halo under value
 * labels is always drawn (its skip only happens on image surfaces), Pango's
 * renderer draws the labels (a PNG's are drawn from glyphs kept with their
 * layout, glyphrun.c), and no PNG encoding is involved, so this checks that
 * skipping an invisible halo changes nothing, that the kept glyphs land
 * where Pango puts them, and that the (indexed or RGB) PNG is lossless.
 * Returns the PNG's colour type (byte 25: 2 RGB, 3 indexed) and the number
 * of distinct colours of the reference.
 */
int rt_png_matches_drawing(const bp_chart_ops *ops, const void *chart, const unsigned char *png, size_t len,
                           int *n_colours)
{
	cairo_surface_t *got = rt_png_surface(png, len);
	int w = cairo_image_surface_get_width(got), h = cairo_image_surface_get_height(got);
	cairo_rectangle_t ext = { 0, 0, w, h };
	cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
	cairo_t *cr = cairo_create(rec);
	double height = 0;
	bp_error err = { 0 };
	if (bp_canvas_draw_at(ops, chart, cr, 0, 0, w, &height, &err))
		fail_msg("drawing failed: %s", err.message);
	cairo_destroy(cr);
	assert_int_equal((int)height, h);
	cairo_surface_t *ref = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	cr = cairo_create(ref);
	cairo_set_source_surface(cr, rec, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(rec);
	cairo_surface_flush(ref);
	cairo_surface_flush(got);
	const unsigned char *a = cairo_image_surface_get_data(ref), *b = cairo_image_surface_get_data(got);
	int sa = cairo_image_surface_get_stride(ref), sb = cairo_image_surface_get_stride(got);
	long differ = 0;
	/* distinct colours: a plain list, pictures have a few hundred */
	uint32_t seen[1024];
	int n = 0;
	for (int y = 0; y < h; y++) {
		const uint32_t *ra = (const uint32_t *)(a + (size_t)y * (size_t)sa);
		const uint32_t *rb = (const uint32_t *)(b + (size_t)y * (size_t)sb);
		for (int x = 0; x < w; x++) {
			/* the reference is opaque (every chart paints its background) */
			if ((ra[x] | 0xFF000000u) != (rb[x] | 0xFF000000u) || ra[x] >> 24 != 0xFF)
				differ++;
			int k = 0;
			while (k < n && seen[k] != ra[x])
				k++;
			if (k == n && n < 1024)
				seen[n++] = ra[x];
		}
	}
	cairo_surface_destroy(ref);
	cairo_surface_destroy(got);
	if (differ)
		fail_msg("%ld pixels of the PNG differ from the chart as drawn", differ);
	*n_colours = n;
	assert_true(len > 25);
	return png[25];
}

char *rt_long_name(bp_arena *a, size_t n)
{
	static const char unit[] = "Schadewijk-\xC3\xA9 "; /* 13 characters, 14 bytes */
	char *s = bp_arena_alloc(a, n * 2 + 1);
	size_t len = 0, chars = 0;
	while (chars < n) {
		const char *p = unit;
		while (*p && chars < n) {
			size_t k = ((unsigned char)*p & 0xE0) == 0xC0 ? 2 : 1;
			memcpy(s + len, p, k);
			len += k;
			p += k;
			chars++;
		}
	}
	s[len] = '\0';
	return s;
}

void rt_renders_bounded(const bp_chart_ops *ops, const void *chart, double max_h)
{
	static const bp_image_format fmts[] = { BP_IMAGE_PNG, BP_IMAGE_SVG, BP_IMAGE_PDF };
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		bp_error err = { 0 };
		unsigned char *out = NULL;
		size_t len = 0;
		if (bp_canvas_render(ops, chart, "long name", fmts[i], &out, &len, &err))
			fail_msg("format %d: %s (%s)", (int)fmts[i], err.message, err.detail);
		assert_true(len > 0);
		if (fmts[i] == BP_IMAGE_PNG) {
			cairo_surface_t *s = rt_png_surface(out, len);
			int h = cairo_image_surface_get_height(s);
			if (h > max_h)
				fail_msg("the chart is %d pixels high, more than %g", h, max_h);
			cairo_surface_destroy(s);
		}
		free(out);
	}
}

/* --- the map of Oss ------------------------------------------------------ */

bp_choropleth rt_oss_map(rt_fixture *f, bp_map_area **areas_out)
{
	rt_wijk *w;
	size_t n = rt_load_wijken(f->arena, "GM0828", &w);
	bp_map_area *ar = bp_arena_alloc(f->arena, n * sizeof(*ar));
	for (size_t i = 0; i < n; i++) {
		ar[i].code = w[i].code;
		ar[i].name = w[i].name;
		ar[i].wkb = w[i].wkb;
		ar[i].wkb_len = w[i].wkb_len;
		ar[i].status = strcmp(w[i].code, "WK082805") == 0 ? BP_MAP_SUPPRESSED : BP_MAP_VALUE;
		ar[i].value = w[i].age[4];
		ar[i].highlight = strcmp(w[i].code, "WK082801") == 0;
	}
	*areas_out = ar;
	bp_choropleth c = {
		.title = "Inwoners van 65 jaar of ouder",
		.subtitle = "Wijken van Oss, 1 januari 2024",
		.source = "Bron: CBS, Kerncijfers wijken en buurten 2024 (CC BY 4.0); bewerking buurtpeil",
		.legend_title = "% van de inwoners",
		.unit = "%",
		.decimals = 0,
		.count_noun = "wijken",
		.count_noun_one = "wijk",
		.polarity = BP_MAP_NEUTRAL,
		.areas = ar,
		.n_areas = n,
		.width = 800,
	};
	return c;
}

/* --- the SVG test's charts (also bench/svg_bench.c's) ---------------------- */

const char *const rt_svg_names[25] = {
	"Schadewijk", "Centrum", "Ruwaard", "Berghem", "Megen, Haren en Macharen", "Oss-Zuid",
	"Oss-West", "Oss-Noord", "Heesch", "Nistelrode", "Vorstenbosch", "Geffen", "Lith",
	"Maren-Kessel", "Oijen & Teeffelen", "Ravenstein", "Herpen", "Overlangel", "Keent",
	"Huisseling", "Neerloon", "Demen", "Dieden", "Deursen <Dennenburg>", "Industrieterreinen-Noord",
};

bp_barchart rt_svg_ranking(bp_bar *bars)
{
	for (int i = 0; i < 25; i++)
		bars[i] = (bp_bar){ rt_svg_names[i], i == 3 ? NAN : 8 + fmod(i * 7.3, 29), i == 3 ? "geheim" : NULL, i == 2 };
	static bp_refline refs[] = { { "Oss", 20.0 }, { "Nederland", 21.4 } };
	return (bp_barchart){ .title = "Inwoners van 65 jaar of ouder", .subtitle = "25 kernen, % van de inwoners",
	                      .source = "Bron: CBS (KWB 2024)", .unit = "%", .decimals = 1, .bars = bars, .n_bars = 25,
	                      .refs = refs, .n_refs = 2, .width = 800 };
}

/* Four periods, one missing (the line breaks), three series, no marker. */
static const char *const svg_periods[] = { "2016", "2018", "2020", "2022" };
static const double svg_wijk[] = { 12.5, NAN, 14.25, 15.0 }, svg_gem[] = { 11.0, 11.5, 12.0, 12.75 },
                    svg_land[] = { 10.0, 10.5, 10.75, 11.0 };
static bp_trend_series svg_series[] = {
	{ "Schadewijk", svg_wijk, NULL, NULL }, { "Oss", svg_gem, NULL, NULL }, { "Nederland", svg_land, NULL, NULL },
};

bp_trend rt_svg_trend(void)
{
	return (bp_trend){ .title = "Huishoudens met een laag inkomen", .subtitle = "Schadewijk, Oss en Nederland",
	                   .source = "Bron: CBS", .unit = "%", .decimals = 1, .periods = svg_periods, .n_periods = 4,
	                   .series = svg_series, .n_series = 3, .width = 640 };
}

static const bp_profile_item svg_items[] = {
	{ "Eenzaam (matig of ernstig)", 45.8, 47.0, BP_PROFILE_HIGHER_WORSE, "%", 1, NULL },
	{ "Ervaren gezondheid goed of zeer goed", 72.9, 75.0, BP_PROFILE_HIGHER_BETTER, "%", 1, NULL },
	{ "Wekelijkse sporters", 51.0, 50.6, BP_PROFILE_HIGHER_BETTER, "%", 1, NULL },
	{ "Mantelzorger, minstens 3 maanden of minstens 8 uur per week aan iemand in de eigen kring",
	  NAN, 14.2, BP_PROFILE_HIGHER_WORSE, "%", 1, "geheim (te weinig respondenten)" },
	{ "Bevolkingsdichtheid", 2400, 280, BP_PROFILE_NEUTRAL, "", 0, NULL },
};

bp_profile rt_svg_profile(void)
{
	return (bp_profile){ .title = "Welzijn in Schadewijk", .subtitle = "Schadewijk tegenover Oss", .source = "Bron: GGD",
	                     .area = "Schadewijk", .reference = "Oss", .items = svg_items,
	                     .n_items = sizeof(svg_items) / sizeof(svg_items[0]), .width = 800 };
}
