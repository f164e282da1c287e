/*
 * geojson.c: see geojson.h.  JSON through jansson, coordinates and shapes
 * through geometry.c (PROJ, GEOS), the database through pgutil/load.
 */
#include "import/geojson.h"

#include <ctype.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "db/pgutil.h"
#include "import/load.h"
#include "import/topojson.h"

#define IMPORTER "geojson"
#define PUBLISHER "CBS/PDOK"
#define WGS84 "OGC:CRS84"

/* CBS/PDOK's wijk- en buurtkaart: any number at or below this is a sentinel
 * for "secret / unreliable / not available" (CBS-FORMAT-NOTES §3). */
#define SENTINEL_MAX (-99990.0)

/* Everything RD New can hold, with a margin: the Netherlands with its sea
 * (x -7,000..300,000, y 289,000..629,000 m).  Outside it, the CRS was wrong. */
#define RD_XMIN (-100000.0)
#define RD_XMAX 400000.0
#define RD_YMIN 200000.0
#define RD_YMAX 700000.0

typedef struct parser {
	const bp_geojson_options *opt;
	bp_arena *a;
	bp_geo *geo;
	bp_error *err;
	const char *path;
	int crs_declared;       /* the file named its CRS (or the caller did) */
} parser;

int bp_geojson_year_from_name(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (const char *p = base; *p; p++) {
		if (!isdigit((unsigned char)*p) || (p > base && isdigit((unsigned char)p[-1])))
			continue;
		size_t n = 0;
		while (isdigit((unsigned char)p[n]))
			n++;
		if (n == 4) {
			int y = atoi(p);
			if (y >= 1990 && y <= 2100)
				return y;
		}
	}
	return 0;
}

/* A number, or a string of digits; 0 for anything else and for sentinels. */
static int year_value(const json_t *v)
{
	double d;
	if (json_is_number(v))
		d = json_number_value(v);
	else if (json_is_string(v) && strlen(json_string_value(v)) == 4)
		d = atof(json_string_value(v));
	else
		return 0;
	if (d <= SENTINEL_MAX || d < 1990 || d > 2100 || d != floor(d))
		return 0;
	return (int)d;
}

static bp_rc feature_fail(parser *p, long index, const char *fmt, ...) BP_PRINTF(3, 4);

static bp_rc feature_fail(parser *p, long index, const char *fmt, ...)
{
	char msg[BP_ERROR_TEXT];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bp_error_at(p->err, p->path, 0, 0);
	bp_error_row(p->err, index);
	return bp_fail(p->err, BP_ERR_PARSE, "feature %ld: %s", index, msg);
}

/* The feature's own code: statcode, else the most detailed level's property
 * (a buurt carries its wijkcode and gemeentecode too, as attributes). */
static const json_t *code_property(const json_t *props)
{
	static const char *const names[] = {
		"statcode", "buurtcode", "BU_CODE", "BUURTCODE", "wijkcode", "WK_CODE", "WKC", "WIJKCODE",
		"gemeentecode", "GM_CODE", "GMC", "GEMEENTECODE",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		const json_t *v = json_object_get(props, names[i]);
		if (v)
			return v;
	}
	return NULL;
}

static int is_water(const json_t *props)
{
	const json_t *w = json_object_get(props, "water");
	if (!w)
		w = json_object_get(props, "WATER");
	if (!json_is_string(w))
		return 0;
	const char *s = json_string_value(w);
	while (*s == ' ')
		s++;
	return strncmp(s, "JA", 2) == 0 && (s[2] == '\0' || s[2] == ' ');
}

/* One ring: an array of at least 4 positions [x, y, ...], first = last. */
static bp_rc read_ring(parser *p, long index, const char *code, const json_t *arr, bp_geo_ring *out)
{
	size_t n = json_array_size(arr);
	if (!json_is_array(arr) || n < 4)
		return feature_fail(p, index, "%s: a ring needs at least 4 positions, this one has %zu", code, n);
	out->n = n;
	out->xy = bp_arena_alloc(p->a, 2 * n * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		const json_t *pos = json_array_get(arr, i);
		const json_t *x = json_array_get(pos, 0), *y = json_array_get(pos, 1);
		if (!json_is_array(pos) || !json_is_number(x) || !json_is_number(y))
			return feature_fail(p, index, "%s: position %zu of a ring is not [x, y]", code, i + 1);
		out->xy[2 * i] = json_number_value(x);
		out->xy[2 * i + 1] = json_number_value(y);
	}
	if (out->xy[0] != out->xy[2 * n - 2] || out->xy[1] != out->xy[2 * n - 1])
		return feature_fail(p, index, "%s: a ring is not closed (its last position differs from its first)", code);
	return BP_OK;
}

/* A Polygon's coordinates; an empty array (seen in CBS's 2016 wijken) gives n_rings 0. */
static bp_rc read_polygon(parser *p, long index, const char *code, const json_t *arr, bp_geo_polygon *out)
{
	if (!json_is_array(arr))
		return feature_fail(p, index, "%s: a polygon's coordinates are not an array of rings", code);
	out->n_rings = json_array_size(arr);
	out->rings = bp_arena_alloc(p->a, (out->n_rings ? out->n_rings : 1) * sizeof(*out->rings));
	for (size_t i = 0; i < out->n_rings; i++) {
		bp_rc rc = read_ring(p, index, code, json_array_get(arr, i), &out->rings[i]);
		if (rc)
			return rc;
	}
	return BP_OK;
}

/* Transform every ring to RD New and check it landed in the Netherlands. */
static bp_rc to_rd(parser *p, long index, const char *code, bp_geo_polygon *polys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t r = 0; r < polys[i].n_rings; r++) {
			bp_geo_ring *ring = &polys[i].rings[r];
			bp_rc rc = bp_geo_transform(p->geo, 0, ring->xy, ring->n, p->err);
			for (size_t k = 0; rc == BP_OK && k < ring->n; k++) {
				double x = ring->xy[2 * k], y = ring->xy[2 * k + 1];
				if (x < RD_XMIN || x > RD_XMAX || y < RD_YMIN || y > RD_YMAX) {
					bp_error_detail(p->err, "RD New x %.1f, y %.1f", x, y);
					rc = BP_ERR_PARSE;
				}
			}
			if (rc) {
				char detail[BP_ERROR_TEXT];
				snprintf(detail, sizeof(detail), "%s", p->err->detail);
				rc = feature_fail(p, index, "%s: coordinates do not lie in the Netherlands in the CRS %s",
				                  code, p->crs_declared ? "given" : "assumed (WGS84 longitude/latitude)");
				bp_error_detail(p->err, "%s", detail);
				if (!p->crs_declared)
					bp_error_hint(p->err, "the file has no crs member, so it is read as RFC 7946 WGS84; "
					              "if its coordinates are RD New metres, give --crs EPSG:28992");
				return rc;
			}
		}
	}
	return BP_OK;
}

/* The polygons of one code, from one feature or several (the parts of an area
 * that a file splits over features, as CBS's 2016 wijken do for WK191104). */
typedef struct entry {
	bp_area_code area;
	long index;            /* its first feature */
	bp_geo_polygon *polys;
	size_t n, cap;
} entry;

static int same_polygon(const bp_geo_polygon *x, const bp_geo_polygon *y)
{
	if (x->n_rings != y->n_rings)
		return 0;
	for (size_t r = 0; r < x->n_rings; r++)
		if (x->rings[r].n != y->rings[r].n ||
		    memcmp(x->rings[r].xy, y->rings[r].xy, 2 * x->rings[r].n * sizeof(double)) != 0)
			return 0;
	return 1;
}

/*
 * Whether the area already has this very polygon (the same points in RD
 * New): a file that repeats a feature would otherwise give a MultiPolygon
 * of overlapping copies, which GEOS repairs (a union) in time that grows
 * with the copies (issue 24: minutes for a file with many duplicates).
 * Compared point by point, so only exact copies are dropped; the first
 * point usually differs, so distinct parts cost little.
 */
static int entry_has(const entry *e, const bp_geo_polygon *poly)
{
	for (size_t i = 0; i < e->n; i++)
		if (same_polygon(&e->polys[i], poly))
			return 1;
	return 0;
}

static void entry_add(bp_arena *a, entry *e, const bp_geo_polygon *poly)
{
	if (e->n == e->cap) {
		/* Arena memory: the old array is simply left behind. */
		size_t cap = e->cap ? 2 * e->cap : 4;
		bp_geo_polygon *v = bp_arena_alloc(a, cap * sizeof(*v));
		if (e->n)
			memcpy(v, e->polys, e->n * sizeof(*v));
		e->polys = v;
		e->cap = cap;
	}
	e->polys[e->n++] = *poly;
}

static bp_rc read_feature(parser *p, bp_geojson_file *f, const json_t *ft, long index,
                          GHashTable *by_code, entry *entries, size_t *n_entries)
{
	bp_area_code area;
	if (!json_is_object(ft) || !json_is_string(json_object_get(ft, "type")) ||
	    strcmp(json_string_value(json_object_get(ft, "type")), "Feature") != 0)
		return feature_fail(p, index, "not a GeoJSON Feature (an object with \"type\": \"Feature\")");
	const json_t *props = json_object_get(ft, "properties");
	if (is_water(props)) {
		f->skipped_water++;
		return BP_OK;
	}
	const json_t *cv = code_property(props);
	if (!json_is_string(cv) ||
	    bp_area_code_parse(json_string_value(cv), strlen(json_string_value(cv)), &area) != 0) {
		f->skipped_code++;
		return BP_OK;
	}
	if (p->opt->level >= 0 && (int)area.level != p->opt->level) {
		f->skipped_level++;
		return BP_OK;
	}
	const char *code = area.code;

	const json_t *g = json_object_get(ft, "geometry");
	if (!json_is_object(g))
		return feature_fail(p, index, "%s has no geometry", code);
	const char *type = json_string_value(json_object_get(g, "type"));
	const json_t *coords = json_object_get(g, "coordinates");
	if (!type)
		return feature_fail(p, index, "%s: its geometry has no type", code);
	int multi = strcmp(type, "MultiPolygon") == 0;
	if (!multi && strcmp(type, "Polygon") != 0)
		return feature_fail(p, index, "%s: geometry type %s is not an area border (Polygon or MultiPolygon)", code, type);
	if (!json_is_array(coords))
		return feature_fail(p, index, "%s: its geometry has no coordinates array", code);

	size_t n = multi ? json_array_size(coords) : 1;
	bp_geo_polygon *polys = bp_arena_alloc(p->a, (n ? n : 1) * sizeof(*polys));
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		bp_rc rc = read_polygon(p, index, code, multi ? json_array_get(coords, i) : coords, &polys[kept]);
		if (rc)
			return rc;
		/* An empty part says nothing; CBS's 2016 wijken have whole empty water wijken. */
		if (polys[kept].n_rings > 0)
			kept++;
	}
	if (kept == 0) {
		f->skipped_empty++;
		return BP_OK;
	}
	bp_rc rc = to_rd(p, index, code, polys, kept);
	if (rc)
		return rc;

	entry *e;
	gpointer found;
	if (g_hash_table_lookup_extended(by_code, code, NULL, &found)) {
		e = &entries[GPOINTER_TO_SIZE(found)];
		f->merged++;
	} else {
		e = &entries[*n_entries];
		e->area = area;
		e->index = index;
		g_hash_table_insert(by_code, e->area.code, GSIZE_TO_POINTER(*n_entries));
		(*n_entries)++;
	}
	for (size_t i = 0; i < kept; i++) {
		if (entry_has(e, &polys[i]))
			f->duplicates++;
		else
			entry_add(p->a, e, &polys[i]);
	}
	return BP_OK;
}

static bp_rc build_shape(parser *p, bp_geojson_file *f, const entry *e, bp_geojson_feature *out)
{
	out->area = e->area;
	out->index = e->index;
	bp_rc rc = bp_geo_shape_build(p->geo, e->polys, e->n, f->tolerance, p->a, &out->shape, p->err);
	if (rc) {
		char msg[BP_ERROR_TEXT];
		snprintf(msg, sizeof(msg), "%s", p->err->message);
		return feature_fail(p, e->index, "%s: %s", e->area.code, msg);
	}
	f->repaired += out->shape.repaired;
	f->simple_fallback += out->shape.simple_fallback;
	f->vertices_full += out->shape.vertices_full;
	f->vertices_simple += out->shape.vertices_simple;
	return BP_OK;
}

/* The year: given, else every feature's jaar (which must agree), the collection's metadata.year, the name. */
static bp_rc find_year(parser *p, const json_t *root, const json_t *features, int *year)
{
	*year = p->opt->year;
	if (*year)
		return BP_OK;
	size_t i;
	const json_t *ft;
	long first = 0;
	json_array_foreach(features, i, ft) {
		int y = year_value(json_object_get(json_object_get(ft, "properties"), "jaar"));
		if (!y)
			continue;
		if (*year && y != *year)
			return feature_fail(p, (long)i + 1, "jaar %d differs from feature %ld's %d: one file, one indeling",
			                    y, first, *year);
		if (!*year)
			first = (long)i + 1;
		*year = y;
	}
	if (!*year)
		*year = year_value(json_object_get(json_object_get(root, "metadata"), "year"));
	if (!*year)
		*year = bp_geojson_year_from_name(p->path);
	if (!*year) {
		bp_error_at(p->err, p->path, 0, 0);
		bp_error_hint(p->err, "give it with --year YYYY");
		return bp_fail(p->err, BP_ERR_USAGE, "cannot tell the indeling year: no jaar property, no metadata.year, no year in the file name");
	}
	return BP_OK;
}

bp_rc bp_geojson_parse(const bp_geojson_options *opt, const char *data, size_t len,
                       bp_arena *a, bp_geojson_file *out, bp_error *err)
{
	parser p = { .opt = opt, .a = a, .err = err, .path = opt->path };
	json_error_t jerr;
	GHashTable *by_code = g_hash_table_new(g_str_hash, g_str_equal);
	bp_rc rc = BP_OK;
	memset(out, 0, sizeof(*out));
	out->path = opt->path;
	out->tolerance = opt->tolerance > 0 ? opt->tolerance : BP_GEOJSON_DEFAULT_TOLERANCE;

	/* A UTF-8 BOM, which Windows editors write and RFC 8259 lets a parser ignore: jansson refuses it. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	json_t *root = json_loadb(data, len, 0, &jerr);
	if (!root) {
		bp_error_at(err, opt->path, jerr.line > 0 ? jerr.line : 0, jerr.column > 0 ? jerr.column : 0);
		rc = bp_fail(err, BP_ERR_PARSE, "not valid JSON: %s", jerr.text);
		goto out;
	}
	if (bp_topojson_is_topology(root)) {
		json_t *fc;
		if ((rc = bp_topojson_to_geojson(root, opt->object, opt->path, &fc, err)))
			goto out;
		json_decref(root);
		root = fc;
	} else if (opt->object) {
		bp_error_at(err, opt->path, 0, 0);
		rc = bp_fail(err, BP_ERR_USAGE, "--object names a TopoJSON object, and this file is not a TopoJSON Topology");
		goto out;
	}
	const json_t *type = json_object_get(root, "type");
	const json_t *features = json_object_get(root, "features");
	if (!json_is_string(type) || strcmp(json_string_value(type), "FeatureCollection") != 0 || !json_is_array(features)) {
		bp_error_at(err, opt->path, 0, 0);
		rc = bp_fail(err, BP_ERR_PARSE, "not a GeoJSON FeatureCollection (an object with \"type\": \"FeatureCollection\" and a \"features\" array) "
		             "nor a TopoJSON Topology");
		goto out;
	}
	const char *name = json_string_value(json_object_get(root, "name"));
	out->title = name ? bp_arena_strdup(a, name) : bp_arena_strdup(a, strrchr(opt->path, '/') ? strrchr(opt->path, '/') + 1 : opt->path);

	/* The 2008 GeoJSON crs member, as CBS and PDOK still write it for RD New. */
	const char *crs = opt->crs;
	if (!crs)
		crs = json_string_value(json_object_get(json_object_get(json_object_get(root, "crs"), "properties"), "name"));
	p.crs_declared = crs != NULL;
	out->crs = bp_arena_strdup(a, crs ? crs : WGS84);
	rc = bp_geo_open(out->crs, &p.geo, err);
	if (rc) {
		bp_error_at(err, opt->path, 0, 0);
		goto out;
	}

	rc = find_year(&p, root, features, &out->year);
	if (rc)
		goto out;

	out->total = (long)json_array_size(features);
	entry *entries = bp_arena_alloc(a, (json_array_size(features) + 1) * sizeof(*entries));
	size_t n_entries = 0, i;
	const json_t *ft;
	json_array_foreach(features, i, ft) {
		rc = read_feature(&p, out, ft, (long)i + 1, by_code, entries, &n_entries);
		if (rc)
			goto out;
	}
	out->features = bp_arena_alloc(a, (n_entries + 1) * sizeof(*out->features));
	for (i = 0; i < n_entries; i++) {
		rc = build_shape(&p, out, &entries[i], &out->features[i]);
		if (rc)
			goto out;
		out->n_features++;
	}
out:
	json_decref(root);
	bp_geo_close(p.geo);
	g_hash_table_destroy(by_code);
	return rc;
}

/* ------------------------------------------------------------------ load */

static void add_hex(bp_buf *b, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	/* bytea's hex input, with the backslash doubled for COPY's text format. */
	bp_buf_adds(b, "\\\\x");
	bp_buf_grow(b, 2 * n);
	for (size_t i = 0; i < n; i++) {
		bp_buf_addc(b, hex[p[i] >> 4]);
		bp_buf_addc(b, hex[p[i] & 15]);
	}
}

static bp_rc load_file(PGconn *conn, const bp_geojson_file *f, const char *importer, const char *location,
                       const char *checksum, bp_geojson_result *res, bp_error *err)
{
	PGresult *r = NULL;
	bp_buf b;
	bp_buf_init(&b);
	char year_s[16], id_s[32], rows_s[32];
	snprintf(year_s, sizeof(year_s), "%d", f->year);
	snprintf(rows_s, sizeof(rows_s), "%zu", f->n_features);

	bp_rc rc = bp_pg_exec(conn, "BEGIN", err);
	if (rc)
		goto out;
	{
		/* Two loads of the same bytes at once: the second waits and then sees the first. */
		long existing = 0;
		rc = bp_load_lock_checksum(conn, checksum, importer, &existing, err);
		if (rc)
			goto out;
		if (existing) {
			res->source_id = existing;
			res->already_loaded = 1;
			rc = bp_pg_exec(conn, "COMMIT", err);
			goto out;
		}
	}
	{
		const char *p[] = { f->title, location, checksum, rows_s, importer };
		rc = bp_pg_query(conn,
			"INSERT INTO bp.source (publisher, title, location, checksum, licence, importer, row_count) "
			"VALUES ('" PUBLISHER "', $1, $2, $3, 'CC BY 4.0', $5, $4) RETURNING id", 5, p, &r, err);
		if (rc)
			goto out;
		rc = bp_pg_long(r, 0, 0, &res->source_id, err);
		PQclear(r);
		r = NULL;
		if (rc)
			goto out;
	}
	snprintf(id_s, sizeof(id_s), "%ld", res->source_id);

	for (size_t i = 0; i < f->n_features; i++) {
		const bp_geojson_feature *ft = &f->features[i];
		const bp_geo_shape *s = &ft->shape;
		bp_load_copy_field(&b, ft->area.code);
		bp_buf_printf(&b, "\t%s\t%s\t%s\t", year_s, id_s, bp_area_level_name(ft->area.level));
		bp_load_copy_field(&b, ft->area.gemeente[0] ? ft->area.gemeente : NULL);
		bp_buf_addc(&b, '\t');
		add_hex(&b, s->wkb_full, s->wkb_full_len);
		bp_buf_addc(&b, '\t');
		add_hex(&b, s->wkb_simple, s->wkb_simple_len);
		/* %.17g: the bbox must round-trip exactly. */
		bp_buf_printf(&b, "\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\n", f->tolerance, s->xmin, s->ymin, s->xmax, s->ymax);
	}
	rc = bp_load_copy(conn,
		"COPY bp.area_geometry (area_code, indeling_year, source_id, level, gemeente_code, geom_full, geom_simple, "
		"simple_tolerance, bbox_xmin, bbox_ymin, bbox_xmax, bbox_ymax) FROM STDIN", &b, err);
	if (rc) {
		bp_error_at(err, f->path, 0, 0);
		goto out;
	}
	res->stored = (long)f->n_features;
	{
		const char *p[] = { id_s };
		rc = bp_pg_query(conn,
			"SELECT count(*) FROM bp.area_geometry g WHERE g.source_id = $1 AND NOT EXISTS "
			"(SELECT 1 FROM bp.area a WHERE a.code = g.area_code AND a.indeling_year = g.indeling_year)",
			1, p, &r, err);
		if (rc || (rc = bp_pg_long(r, 0, 0, &res->unmatched, err)))
			goto out;
	}
	rc = bp_pg_exec(conn, "COMMIT", err);
out:
	if (rc)
		bp_pg_rollback(conn);
	PQclear(r);
	bp_buf_release(&b);
	return rc;
}

bp_rc bp_import_geojson(PGconn *conn, const bp_geojson_options *opt,
                        bp_geojson_result *res, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	char checksum[65];
	char *data = NULL;
	size_t len = 0;
	memset(res, 0, sizeof(*res));

	bp_rc rc = bp_file_read_all(opt->path, a, &data, &len, err);
	if (rc)
		goto out;
	bp_sha256_hex(data, len, checksum);
	rc = bp_geojson_parse(opt, data, len, a, &res->file, err);
	if (rc)
		goto out;
	const bp_geojson_file *f = &res->file;
	if (f->n_features == 0) {
		/* A source row for nothing would make the next, right, import a no-op. */
		bp_error_at(err, opt->path, 0, 0);
		bp_error_detail(err, "%ld features: %ld water, %ld without a CBS code, %ld of another level, %ld empty",
		                f->total, f->skipped_water, f->skipped_code, f->skipped_level, f->skipped_empty);
		rc = bp_fail(err, BP_ERR_PARSE, "no area border to load in this file");
		goto out;
	}
	/* Loading one level of a file is not loading the file: the level is part of what was loaded. */
	const char *importer = opt->level >= 0
		? bp_arena_printf(a, IMPORTER ":%s", bp_area_level_name((bp_area_level)opt->level)) : IMPORTER;
	char *location = realpath(opt->path, NULL);
	rc = load_file(conn, &res->file, importer, location ? location : opt->path, checksum, res, err);
	free(location);
out:
	/* The counts stay; the arrays went with the arena. */
	res->file.features = NULL;
	res->file.path = res->file.title = res->file.crs = NULL;
	bp_arena_free(a);
	return rc;
}
