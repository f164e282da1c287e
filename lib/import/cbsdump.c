/*
 * cbsdump.c: see cbsdump.h.  CSV through libcsv (csvrows.c), JSON through
 * jansson; period codes, trimming and the area merge are odata.c's, the
 * variable code odata3.c's, cell statuses cbsvalue.c's.  A CSV metadata
 * file becomes the same list of JSON objects a cbsodata dump holds (NA ->
 * null), so one code path reads both kinds.
 */
#include "import/cbsdump.h"

#include <glib.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/fsutil.h"
#include "db/pgutil.h"
#include "import/areacode.h"
#include "import/cbsvalue.h"
#include "import/csvrows.h"
#include "import/odata.h"
#include "import/load.h"
#include "import/odata3.h"

#define IMPORTER "cbs-dump"

typedef enum { DIM_GEO, DIM_TIME, DIM_OTHER } dim_kind;

typedef struct dim {
	const char *key;
	dim_kind kind;
	const char *keep;        /* DIM_OTHER: the first member of its list */
	/* A margins dimension (CBS's Marges: Waarde, then the bounds of the 95%
	 * interval): the members whose rows hold the lower and upper bound of
	 * the kept member's value; NULL when the list has none. */
	const char *lower, *upper;
} dim;

/* The bounds of one cell, from the margins dimension's other rows. */
typedef struct bounds {
	double lo, hi;
	int has_lo, has_hi;
} bounds;

/* Topics are classified as odata3.c's read_metadata does: see odata.h. */
typedef bp_odata_topic topic;

/* One cell, kept until the load: the source id is known only then. */
typedef struct cell {
	size_t topic;            /* index: write_variables may still change the topic's code */
	const char *area, *period, *gemeente;
	double value;
	bp_value_status status;
} cell;

typedef struct job {
	bp_arena *a;
	const char *dir;
	bp_dump_kind kind;
	const char *data_path;
	int untyped;             /* UntypedDataSet.json: symbols are text, so null is only ever 'empty' */
	char *data;
	size_t data_len;
	char checksum[65];
	const char *id, *title, *modified, *publisher;
	int year;
	char year_s[16];
	dim *dims;
	size_t n_dims;
	int geo, time;
	topic *topics;
	size_t n_topics;
	const char **cols;       /* the columns a data row must have: dims, then topics */
	size_t n_cols;
	long *col_index;         /* CSV: where each of cols is in data.csv */
	size_t n_header;
	GHashTable *region_title;/* trimmed code -> title */
	size_t n_regions, n_periods;  /* from the dimension lists; 0 = not in the folder */
	GHashTable *areas;       /* code -> bp_odata_area* */
	GHashTable *cells;       /* 'code|period' seen */
	cell *obs;
	size_t n_obs, cap_obs;
	long rows, skipped;
	GHashTable *bounds;      /* 'code|period|topic' -> bounds*, when the dump has a margins dimension */
	long bound_rows, intervals;
} job;

static int regular_file(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* A dump's file NAME, or NAME.gz (a large dump is bundled compressed): its path, else NULL. */
static const char *dump_file(bp_arena *a, const char *dir, const char *name)
{
	const char *p = bp_path_join(a, dir, name);
	if (regular_file(p))
		return p;
	p = bp_arena_printf(a, "%s.gz", p);
	return regular_file(p) ? p : NULL;
}

static int file_exists(bp_arena *a, const char *dir, const char *name)
{
	return dump_file(a, dir, name) != NULL;
}

bp_dump_kind bp_cbs_dump_kind(const char *dir)
{
	bp_arena *a = bp_arena_new();
	bp_dump_kind k = BP_DUMP_NONE;
	if (file_exists(a, dir, "DataProperties.csv"))
		k = BP_DUMP_CBSODATAR;
	else if (file_exists(a, dir, "DataProperties.json"))
		k = BP_DUMP_CBSODATA;
	bp_arena_free(a);
	return k;
}

/* A member as text: strings as they are, numbers printed (R and typed JSON
 * write numbers), NULL for null/NA. */
static const char *jtext(bp_arena *a, json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return bp_arena_printf(a, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	if (json_is_real(v))
		return bp_arena_printf(a, "%.17g", json_real_value(v));
	if (json_is_true(v) || json_is_false(v))
		return json_is_true(v) ? "true" : "false";
	return NULL;
}

static int jint(bp_arena *a, json_t *o, const char *k)
{
	const char *s = jtext(a, o, k);
	return s ? atoi(s) : 0;
}

/* ------------------------------------------------------------ records */

typedef struct rec_state {
	const char *path;
	const char **keys;
	size_t n_keys;
	json_t *list;
} rec_state;

static bp_rc record_row(void *ctx, const bp_csv_row *row, bp_error *err)
{
	rec_state *rs = ctx;
	if (row->index == 0) {
		rs->keys = bp_xcalloc(row->n, sizeof(*rs->keys));
		for (size_t i = 0; i < row->n; i++)
			rs->keys[i] = bp_xstrdup(row->fields[i]);
		rs->n_keys = row->n;
		return BP_OK;
	}
	if (row->n != rs->n_keys) {
		bp_error_at(err, rs->path, row->line, 0);
		return bp_fail(err, BP_ERR_PARSE, "expected %zu fields as in the header, found %zu", rs->n_keys, row->n);
	}
	json_t *o = json_object();
	for (size_t i = 0; i < row->n; i++)
		json_object_set_new(o, rs->keys[i], row->null[i] ? json_null() : json_stringn(row->fields[i], row->lens[i]));
	json_array_append_new(rs->list, o);
	return BP_OK;
}

static bp_rc check_utf8(const char *path, const char *data, size_t len, bp_error *err)
{
	const gchar *bad;
	if (g_utf8_validate(data, (gssize)len, &bad))
		return BP_OK;
	long line = 1;
	for (const char *q = data; q < bad; q++)
		line += *q == '\n';
	bp_error_at(err, path, line, 0);
	return bp_fail(err, BP_ERR_PARSE, "the file is not valid UTF-8");
}

/*
 * The records of entity set `name` (name.csv or name.json by the dump's
 * kind) as a JSON array tied to the arena; *out = NULL when the file is
 * absent and not required.
 */
static bp_rc load_records(job *j, const char *name, int required, json_t **out, bp_error *err)
{
	const char *file = bp_arena_printf(j->a, "%s.%s", name, j->kind == BP_DUMP_CBSODATAR ? "csv" : "json");
	const char *path = dump_file(j->a, j->dir, file);
	*out = NULL;
	if (!path) {
		if (!required)
			return BP_OK;
		bp_error_at(err, j->dir, 0, 0);
		return bp_fail(err, BP_ERR_PARSE, "the dump has no %s", file);
	}
	char *data;
	size_t len;
	bp_rc rc = bp_file_read_all_gz(path, j->a, &data, &len, err);
	if (rc)
		return rc;
	if ((rc = check_utf8(path, data, len, err)))
		return rc;
	json_t *list;
	if (j->kind == BP_DUMP_CBSODATA) {
		json_error_t je;
		list = json_loadb(data, len, 0, &je);
		if (!json_is_array(list)) {
			bp_error_at(err, path, list ? 1 : je.line, list ? 1 : je.column);
			rc = bp_fail(err, BP_ERR_PARSE, "expected a JSON array of records%s%s", list ? "" : ": ", list ? "" : je.text);
			json_decref(list);
			return rc;
		}
	} else {
		rec_state rs = { path, NULL, 0, json_array() };
		rc = bp_csv_read(path, data, len, ',', record_row, &rs, err);
		for (size_t i = 0; i < rs.n_keys; i++)
			free((char *)rs.keys[i]);
		free(rs.keys);
		list = rs.list;
		if (rc) {
			json_decref(list);
			return rc;
		}
	}
	bp_odata_arena_json(j->a, list);
	*out = list;
	return BP_OK;
}

/* ------------------------------------------------------------ metadata */

static bp_rc read_metadata(job *j, bp_error *err)
{
	json_t *info, *props;
	bp_rc rc = load_records(j, "TableInfos", 1, &info, err);
	if (rc)
		return rc;
	json_t *ti = json_array_get(info, 0);
	const char *id = ti ? jtext(j->a, ti, "Identifier") : NULL;
	j->id = bp_odata_rtrim(j->a, id && *id ? id : g_path_get_basename(j->dir));
	j->title = ti && jtext(j->a, ti, "Title") ? bp_arena_strdup(j->a, jtext(j->a, ti, "Title")) : j->id;
	j->modified = ti && jtext(j->a, ti, "Modified") ? bp_arena_strdup(j->a, jtext(j->a, ti, "Modified")) : NULL;
	const char *cat = ti ? jtext(j->a, ti, "Catalog") : NULL;
	j->publisher = cat && *cat ? bp_arena_strdup(j->a, cat) : "CBS";
	const char *period_text = ti ? jtext(j->a, ti, "Period") : NULL;

	if ((rc = load_records(j, "DataProperties", 1, &props, err)))
		return rc;
	size_t n = json_array_size(props);
	j->dims = bp_arena_alloc(j->a, (n + 1) * sizeof(*j->dims));
	j->topics = bp_arena_alloc(j->a, (n + 1) * sizeof(*j->topics));
	j->cols = bp_arena_alloc(j->a, (n + 1) * sizeof(*j->cols));
	j->geo = j->time = -1;
	int map_year = 0, named_geo = -1;
	GHashTable *codes = bp_odata_str_hash(j->a);
	for (size_t i = 0; i < n; i++) {
		json_t *p = json_array_get(props, i);
		const char *type = jtext(j->a, p, "Type"), *key = jtext(j->a, p, "Key");
		if (!type || !key || !*key)
			continue;   /* TopicGroups have no key: they only shape the tree */
		key = bp_arena_strdup(j->a, key);
		if (strcmp(type, "GeoDimension") == 0 || strcmp(type, "GeoDetail") == 0 ||
		    strcmp(type, "TimeDimension") == 0 || strcmp(type, "Dimension") == 0) {
			dim *d = &j->dims[j->n_dims];
			d->key = key;
			d->kind = type[0] == 'G' ? DIM_GEO : type[0] == 'T' ? DIM_TIME : DIM_OTHER;
			if (d->kind == DIM_GEO) {
				j->geo = (int)j->n_dims;
				map_year = jint(j->a, p, "MapYear");
			} else if (d->kind == DIM_TIME) {
				j->time = (int)j->n_dims;
			} else if (strcmp(key, "RegioS") == 0 || strcmp(key, "WijkenEnBuurten") == 0) {
				/* Some tables (85067NED) type their regions as a plain Dimension. */
				named_geo = (int)j->n_dims;
			}
			j->n_dims++;
		} else if (strcmp(type, "Topic") == 0) {
			topic *t = &j->topics[j->n_topics++];
			const char *dt = jtext(j->a, p, "Datatype"), *unit = jtext(j->a, p, "Unit");
			t->key = key;
			t->code = bp_odata3_variable_code(j->a, key);
			t->title = bp_arena_strdup(j->a, jtext(j->a, p, "Title") ? jtext(j->a, p, "Title") : key);
			t->unit = unit && *unit ? bp_arena_strdup(j->a, unit) : NULL;
			t->decimals = jint(j->a, p, "Decimals");
			bp_odata_topic_classify(t, dt, codes);
		}
	}
	if (j->geo < 0 && named_geo >= 0) {
		j->geo = named_geo;
		j->dims[named_geo].kind = DIM_GEO;
	}
	const char *dp = bp_path_join(j->a, j->dir, j->kind == BP_DUMP_CBSODATAR ? "DataProperties.csv" : "DataProperties.json");
	if (j->geo < 0) {
		bp_error_at(err, dp, 0, 0);
		rc = bp_fail(err, BP_ERR_PARSE, "table %s has no region dimension (GeoDimension, GeoDetail, RegioS or WijkenEnBuurten)", j->id);
		bp_error_hint(err, "buurtpeil imports tables per area; this table is not one");
		return rc;
	}
	if (j->n_topics == 0) {
		bp_error_at(err, dp, 0, 0);
		return bp_fail(err, BP_ERR_PARSE, "table %s has no topics", j->id);
	}
	j->year = map_year ? map_year : bp_odata_year_in(period_text);
	if (j->year < 1990 || j->year > 2100) {
		bp_error_at(err, dp, 0, 0);
		return bp_fail(err, BP_ERR_PARSE, "cannot tell the indeling year of %s: no MapYear, and Period is '%s'",
		               j->id, period_text ? period_text : "");
	}
	snprintf(j->year_s, sizeof(j->year_s), "%d", j->year);
	for (size_t i = 0; i < j->n_dims; i++)
		j->cols[j->n_cols++] = j->dims[i].key;
	for (size_t i = 0; i < j->n_topics; i++)
		j->cols[j->n_cols++] = j->topics[i].key;
	return BP_OK;
}

/* The dimension lists: region titles and counts, period count, kept members. */
/*
 * CBS and RIVM tables with a sampling or model uncertainty have a dimension
 * Marges whose first member is the estimate (Waarde, MW00000) and whose
 * other members are the lower and upper bound of its 95% interval
 * ("Betrouwbaarheidsmarge ondergrens" / "bovengrens", or "Ondergrens 95%
 * ..."): values, not distances from the estimate.  Without this those rows
 * were skipped as "another member", and the figure lost its interval.
 * Recognised by the member titles, so a dimension named otherwise with the
 * same members is read alike.
 */
static void margins_members(job *j, dim *d, json_t *list)
{
	size_t m;
	json_t *r;
	json_array_foreach(list, m, r) {
		if (m == 0)
			continue;
		const char *key = jtext(j->a, r, "Key"), *title = jtext(j->a, r, "Title");
		if (!key || !title)
			continue;
		char *t = g_utf8_strdown(title, -1);
		if (strstr(t, "ondergrens") && !d->lower)
			d->lower = bp_odata_rtrim(j->a, key);
		else if (strstr(t, "bovengrens") && !d->upper)
			d->upper = bp_odata_rtrim(j->a, key);
		g_free(t);
	}
	if ((d->lower || d->upper) && !j->bounds)
		j->bounds = bp_odata_str_hash(j->a);
}

static bp_rc read_dimensions(job *j, bp_error *err)
{
	for (size_t i = 0; i < j->n_dims; i++) {
		dim *d = &j->dims[i];
		json_t *list;
		bp_rc rc = load_records(j, d->key, d->kind == DIM_OTHER, &list, err);
		if (rc)
			return rc;
		if (!list)
			continue;   /* counts unknown: completeness is not checked for it */
		size_t m;
		json_t *r;
		if (d->kind == DIM_OTHER) {
			/* CBS lists the total (or the point estimate) first, as 'import cbs' keeps. */
			const char *key = jtext(j->a, json_array_get(list, 0), "Key");
			if (!key) {
				bp_error_at(err, bp_path_join(j->a, j->dir, d->key), 0, 0);
				return bp_fail(err, BP_ERR_PARSE, "dimension %s has no members", d->key);
			}
			d->keep = bp_odata_rtrim(j->a, key);
			margins_members(j, d, list);
		} else if (d->kind == DIM_TIME) {
			j->n_periods = json_array_size(list);
		} else {
			j->region_title = bp_odata_str_hash(j->a);
			json_array_foreach(list, m, r) {
				const char *key = jtext(j->a, r, "Key"), *title = jtext(j->a, r, "Title");
				bp_area_code ac;
				if (!key || bp_area_code_parse(key, strlen(key), &ac) != 0)
					continue;   /* not an area: its rows are refused */
				j->n_regions++;
				if (title)
					g_hash_table_insert(j->region_title, bp_arena_strdup(j->a, ac.code), bp_odata_rtrim(j->a, title));
			}
		}
	}
	return BP_OK;
}

/* ------------------------------------------------------------ data */

/* Where a data row is: CSV row (line and columns) or JSON record (row). */
typedef struct loc {
	const bp_csv_row *csv;
	long json_row;
} loc;

static bp_rc fail_cell(job *j, const loc *l, size_t col, bp_error *err, const char *fmt, ...) BP_PRINTF(5, 6);
static bp_rc fail_cell(job *j, const loc *l, size_t col, bp_error *err, const char *fmt, ...)
{
	char msg[BP_ERROR_TEXT];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (l->csv) {
		long line, c;
		size_t index = j->col_index ? (size_t)j->col_index[col] : 0;
		bp_csv_field_position(j->data, j->data_len, l->csv->offset, l->csv->line, index, ',', &line, &c);
		bp_error_at(err, j->data_path, line, c);
	} else {
		bp_error_at(err, j->data_path, 0, 0);
		bp_error_row(err, l->json_row);
	}
	return bp_fail(err, BP_ERR_PARSE, "%s", msg);
}

/* A bound row of the margins dimension: each measure's bound of the estimate's cell. */
static bp_rc take_bounds(job *j, const char *const *cells, const loc *l, int upper, bp_error *err)
{
	const char *g = cells[j->geo];
	bp_area_code ac;
	if (!g || bp_area_code_parse(g, strlen(g), &ac) != 0)
		return fail_cell(j, l, (size_t)j->geo, err, "'%s' in column %s is not a CBS area code", g ? g : "NA",
		                 j->cols[j->geo]);
	const char *period = j->year_s;
	if (j->time >= 0) {
		if (!cells[j->time])
			return fail_cell(j, l, (size_t)j->time, err, "the period is empty");
		period = bp_odata_period(j->a, cells[j->time]);
	}
	j->bound_rows++;
	for (size_t t = 0; t < j->n_topics; t++) {
		const char *s = cells[j->n_dims + t];
		if (j->topics[t].role != BP_TOPIC_MEASURE || !s)
			continue;
		bp_cbs_value v;
		if (bp_cbs_value_parse(s, strlen(s), 0, &v) != 0)
			return fail_cell(j, l, j->n_dims + t, err, "'%s' in column %s is neither a number nor a CBS symbol", s,
			                 j->topics[t].key);
		if (v.status == BP_STATUS_UNKNOWN || v.status == BP_STATUS_NOT_APPLICABLE)
			continue;   /* no bound published: the value keeps no interval on that side */
		char *key = bp_arena_printf(j->a, "%s|%s|%zu", ac.code, period, t);
		bounds *b = g_hash_table_lookup(j->bounds, key);
		if (!b) {
			b = bp_arena_alloc(j->a, sizeof(*b));
			memset(b, 0, sizeof(*b));
			g_hash_table_insert(j->bounds, key, b);
		}
		if (upper ? b->has_hi : b->has_lo)
			return fail_cell(j, l, (size_t)j->geo, err, "area %s has two %s bounds for period %s", ac.code,
			                 upper ? "upper" : "lower", period);
		if (upper) {
			b->hi = v.value;
			b->has_hi = 1;
		} else {
			b->lo = v.value;
			b->has_lo = 1;
		}
	}
	return BP_OK;
}

/* One data row, its cells in the order of j->cols (NULL = NA/null). */
static bp_rc take_row(job *j, const char *const *cells, const loc *l, bp_error *err)
{
	int bound = 0;   /* 1 lower, 2 upper: a row of the margins dimension's bounds */
	for (size_t d = 0; d < j->n_dims; d++) {
		const dim *dm = &j->dims[d];
		if (dm->kind != DIM_OTHER)
			continue;
		const char *member = cells[d] ? bp_odata_rtrim(j->a, cells[d]) : NULL;
		if (member && strcmp(member, dm->keep) == 0)
			continue;
		if (member && dm->lower && strcmp(member, dm->lower) == 0 && !bound)
			bound = 1;
		else if (member && dm->upper && strcmp(member, dm->upper) == 0 && !bound)
			bound = 2;
		else {
			j->skipped++;   /* another member of a dimension we keep one of */
			return BP_OK;
		}
	}
	if (bound)
		return take_bounds(j, cells, l, bound == 2, err);
	const char *g = cells[j->geo];
	bp_area_code ac;
	if (!g || bp_area_code_parse(g, strlen(g), &ac) != 0) {
		bp_rc rc = fail_cell(j, l, (size_t)j->geo, err, "'%s' in column %s is not a CBS area code", g ? g : "NA", j->cols[j->geo]);
		bp_error_hint(err, "a dump must keep the region keys; cbsodata.get_data replaces them by titles, download_data does not");
		return rc;
	}
	const char *period = j->year_s;
	if (j->time >= 0) {
		if (!cells[j->time])
			return fail_cell(j, l, (size_t)j->time, err, "the period is empty");
		period = bp_odata_period(j->a, cells[j->time]);
	}
	char *cell_key = bp_arena_printf(j->a, "%s|%s", ac.code, period);
	if (g_hash_table_contains(j->cells, cell_key))
		return fail_cell(j, l, (size_t)j->geo, err, "area %s appears twice for period %s", ac.code, period);
	g_hash_table_add(j->cells, cell_key);
	j->rows++;
	bp_odata_area *ar = g_hash_table_lookup(j->areas, ac.code);
	if (!ar) {
		ar = bp_arena_alloc(j->a, sizeof(*ar));
		memset(ar, 0, sizeof(*ar));
		ar->ac = ac;
		ar->row = j->rows;
		g_hash_table_insert(j->areas, ar->ac.code, ar);
	}
	for (size_t t = 0; t < j->n_topics; t++) {
		const topic *tp = &j->topics[t];
		const char *s = cells[j->n_dims + t];
		if (tp->role == BP_TOPIC_MEASURE) {
			bp_cbs_value v;
			if (!s) {
				/* NA/null in a typed set: '.' and empty are no longer told apart.  The
				 * untyped set writes '.' as text, so its null is an empty cell, as
				 * 'import cbs' reads it. */
				v.status = j->untyped ? BP_STATUS_NOT_APPLICABLE : BP_STATUS_UNKNOWN;
				v.value = 0;
			} else if (bp_cbs_value_parse(s, strlen(s), 0, &v) != 0) {
				return fail_cell(j, l, j->n_dims + t, err, "'%s' in column %s is neither a number nor a CBS symbol", s, tp->key);
			}
			if (j->n_obs == j->cap_obs) {
				j->cap_obs = j->cap_obs ? j->cap_obs * 2 : 4096;
				j->obs = bp_xrealloc(j->obs, j->cap_obs * sizeof(*j->obs));
			}
			cell *c = &j->obs[j->n_obs++];
			c->topic = t;
			c->area = ar->ac.code;
			c->period = period;
			c->gemeente = ar->ac.gemeente[0] ? ar->ac.gemeente : NULL;
			c->value = v.value;
			c->status = v.status;
		} else {
			bp_odata_area_text(j->a, ar, tp->role, s);
		}
	}
	/* The region list's title wins: it names wijken and buurten too. */
	const char *title = j->region_title ? g_hash_table_lookup(j->region_title, ac.code) : NULL;
	if (title && *title)
		ar->name = title;
	return BP_OK;
}

static bp_rc csv_data_row(void *ctx, const bp_csv_row *row, bp_error *err)
{
	job *j = ctx;
	if (row->index == 0) {
		/* The header: every column DataProperties lists, and no other. */
		j->n_header = row->n;
		j->col_index = bp_arena_alloc(j->a, (j->n_cols + 1) * sizeof(*j->col_index));
		for (size_t c = 0; c < j->n_cols; c++) {
			j->col_index[c] = -1;
			for (size_t i = 0; i < row->n; i++)
				if (strcmp(row->fields[i], j->cols[c]) == 0)
					j->col_index[c] = (long)i;
			if (j->col_index[c] < 0) {
				bp_error_at(err, j->data_path, row->line, 1);
				return bp_fail(err, BP_ERR_PARSE, "the header lacks the column '%s' that DataProperties lists", j->cols[c]);
			}
		}
		for (size_t i = 0; i < row->n; i++) {
			int known = strcmp(row->fields[i], "ID") == 0;
			for (size_t c = 0; c < j->n_cols && !known; c++)
				known = (size_t)j->col_index[c] == i;
			if (!known) {
				long line, col;
				bp_csv_field_position(j->data, j->data_len, row->offset, row->line, i, ',', &line, &col);
				bp_error_at(err, j->data_path, line, col);
				return bp_fail(err, BP_ERR_PARSE, "the header has a column '%s' that DataProperties does not list", row->fields[i]);
			}
		}
		return BP_OK;
	}
	if (row->n != j->n_header) {
		bp_error_at(err, j->data_path, row->line, 0);
		return bp_fail(err, BP_ERR_PARSE, "expected %zu fields as in the header, found %zu", j->n_header, row->n);
	}
	const char **cells = g_newa(const char *, j->n_cols);
	for (size_t c = 0; c < j->n_cols; c++) {
		size_t i = (size_t)j->col_index[c];
		cells[c] = row->null[i] ? NULL : row->fields[i];
	}
	loc l = { row, 0 };
	return take_row(j, cells, &l, err);
}

static bp_rc json_data(job *j, bp_error *err)
{
	json_error_t je;
	json_t *list = json_loadb(j->data, j->data_len, 0, &je);
	if (!json_is_array(list)) {
		bp_error_at(err, j->data_path, list ? 1 : je.line, list ? 1 : je.column);
		bp_rc rc = bp_fail(err, BP_ERR_PARSE, "expected a JSON array of records%s%s", list ? "" : ": ", list ? "" : je.text);
		json_decref(list);
		return rc;
	}
	bp_odata_arena_json(j->a, list);
	const char **cells = bp_arena_alloc(j->a, (j->n_cols + 1) * sizeof(*cells));
	size_t i;
	json_t *r;
	json_array_foreach(list, i, r) {
		loc l = { NULL, (long)i + 1 };
		if (!json_is_object(r))
			return fail_cell(j, &l, 0, err, "record %zu is not an object", i + 1);
		/* Every column DataProperties lists, and no other, as 'import cbs' checks. */
		size_t present = json_object_size(r) - (json_object_get(r, "ID") ? 1 : 0);
		for (size_t c = 0; c < j->n_cols; c++) {
			if (!json_object_get(r, j->cols[c]))
				return fail_cell(j, &l, c, err, "the record lacks the column '%s' that DataProperties lists", j->cols[c]);
			cells[c] = jtext(j->a, r, j->cols[c]);
		}
		if (present != j->n_cols)
			return fail_cell(j, &l, 0, err, "the record has %zu columns that DataProperties does not list", present - j->n_cols);
		bp_rc rc = take_row(j, cells, &l, err);
		if (rc)
			return rc;
	}
	return BP_OK;
}

/* ------------------------------------------------------------ load */

/* The same labels and origin as 'import cbs' (odata3.c), so a dump and a
 * download of one table give the same variables: bp_odata_write_topics. */
static bp_rc write_variables(job *j, PGconn *conn, bp_error *err)
{
	return bp_odata_write_topics(conn, j->a, j->id, j->topics, j->n_topics, err);
}

/*
 * The bounds of every loaded cell that has one, into bp.observation_interval
 * (sql/008: keyed like the observation, which must exist: a bound of a cell
 * whose estimate is unknown or not applicable is dropped with it).  compute
 * carries them into the published shares' ci_low and ci_high.
 */
static bp_rc write_intervals(job *j, PGconn *conn, long source_id, bp_error *err)
{
	bp_buf b;
	bp_buf_init(&b);
	for (size_t i = 0; i < j->n_obs; i++) {
		const cell *c = &j->obs[i];
		if (c->status == BP_STATUS_UNKNOWN || c->status == BP_STATUS_NOT_APPLICABLE)
			continue;
		char key[256];
		snprintf(key, sizeof(key), "%s|%s|%zu", c->area, c->period, c->topic);
		const bounds *bd = g_hash_table_lookup(j->bounds, key);
		if (!bd || !bd->has_lo || !bd->has_hi)
			continue;   /* one side only is no interval */
		if (bd->lo > c->value || bd->hi < c->value) {
			bp_error_at(err, j->data_path, 0, 0);
			bp_fail(err, BP_ERR_PARSE, "the interval %.17g-%.17g of %s, %s, %s does not hold its value %.17g",
			        bd->lo, bd->hi, j->topics[c->topic].key, c->area, c->period, c->value);
			bp_error_hint(err, "the Marges members are read as the bounds of the 95%% interval (ondergrens, "
			                   "bovengrens); check that the dump's margins are bounds, not distances");
			bp_buf_release(&b);
			return BP_ERR_PARSE;
		}
		bp_buf_printf(&b, "%s\t%s\t%s\t%s\t%ld\t%.17g\t%.17g\t\\N\n", j->topics[c->topic].code, c->area, j->year_s,
		              c->period, source_id, bd->lo, bd->hi);
		j->intervals++;
	}
	bp_rc rc = BP_OK;
	if (j->intervals)
		rc = bp_load_copy(conn, "COPY bp.observation_interval (variable_code, area_code, indeling_year, period, "
		                        "source_id, ci_low, ci_high, n_respondents) FROM STDIN", &b, err);
	bp_buf_release(&b);
	return rc;
}

static bp_rc load(job *j, PGconn *conn, bp_import_result *res, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc = bp_load_begin_checksum(conn, j->checksum, IMPORTER, res, err);
	if (rc || res->already_loaded)
		goto out;
	{
		char *location = realpath(j->dir, NULL);
		char rows_s[32];
		snprintf(rows_s, sizeof(rows_s), "%ld", j->rows);
		const char *p[] = { j->publisher, j->id, j->title, location ? location : j->dir, j->modified, j->checksum, rows_s };
		rc = bp_pg_query(conn,
			"INSERT INTO bp.source (publisher, table_id, title, location, modified, checksum, licence, importer, row_count) "
			"VALUES ($1, $2, $3, $4, " BP_ODATA_MODIFIED_SQL("$5") ", $6, 'CC BY 4.0', '" IMPORTER "', $7) RETURNING id",
			7, p, &r, err);
		free(location);
		if (rc)
			goto out;
		rc = bp_pg_long(r, 0, 0, &res->source_id, err);
		PQclear(r);
		r = NULL;
		if (rc)
			goto out;
	}
	if ((rc = write_variables(j, conn, err)) ||
	    (rc = bp_odata_write_areas(conn, j->areas, j->year, j->data_path, err)))
		goto out;
	{
		bp_buf b;
		bp_buf_init(&b);
		char source_s[32];
		snprintf(source_s, sizeof(source_s), "%ld", res->source_id);
		for (size_t i = 0; i < j->n_obs; i++) {
			const cell *c = &j->obs[i];
			bp_odata_add_observation(&b, j->topics[c->topic].code, c->area, j->year_s, c->period, source_s,
			                         c->status != BP_STATUS_UNKNOWN && c->status != BP_STATUS_NOT_APPLICABLE,
			                         c->value, c->status, c->gemeente);
		}
		rc = bp_odata_copy_observations(conn, &b, err);
		bp_buf_release(&b);
		if (rc)
			goto out;
	}
	if (j->bounds && (rc = write_intervals(j, conn, res->source_id, err)))
		goto out;
	rc = bp_pg_exec(conn, "COMMIT", err);
out:
	if (rc)
		bp_pg_rollback(conn);
	PQclear(r);
	return rc;
}

bp_rc bp_import_cbs_dump(PGconn *conn, const char *dir, bp_import_result *res, bp_error *err)
{
	memset(res, 0, sizeof(*res));
	bp_arena *a = bp_arena_new();
	job j = { 0 };
	j.a = a;
	j.dir = dir;
	j.kind = bp_cbs_dump_kind(dir);
	j.areas = bp_odata_str_hash(a);
	j.cells = bp_odata_str_hash(a);
	bp_rc rc;
	if (j.kind == BP_DUMP_NONE) {
		bp_error_at(err, dir, 0, 0);
		rc = bp_fail(err, BP_ERR_USAGE, "this folder is not a CBS table dump: it has neither DataProperties.csv nor DataProperties.json");
		bp_error_hint(err, "give a folder written by cbsodataR (cbs_download_table) or cbsodata (download_data)");
		goto out;
	}
	const char *data_file = "data.csv";
	if (j.kind == BP_DUMP_CBSODATA)
		data_file = file_exists(a, dir, "UntypedDataSet.json") ? "UntypedDataSet.json" : "TypedDataSet.json";
	if (!file_exists(a, dir, data_file)) {
		bp_error_at(err, dir, 0, 0);
		rc = bp_fail(err, BP_ERR_USAGE, "this dump has the metadata of a table but no data (%s)",
		             j.kind == BP_DUMP_CBSODATA ? "UntypedDataSet.json or TypedDataSet.json" : "data.csv");
		bp_error_hint(err, "download the table again with its data");
		goto out;
	}
	j.data_path = dump_file(a, dir, data_file);
	j.untyped = strcmp(data_file, "UntypedDataSet.json") == 0;
	if ((rc = read_metadata(&j, err)) || (rc = read_dimensions(&j, err)))
		goto out;
	res->year = j.year;
	snprintf(res->table_id, sizeof(res->table_id), "%s", j.id);
	if ((rc = bp_file_read_all_gz(j.data_path, a, &j.data, &j.data_len, err)))
		goto out;
	bp_sha256_hex(j.data, j.data_len, j.checksum);
	if ((rc = check_utf8(j.data_path, j.data, j.data_len, err)))
		goto out;
	if (j.kind == BP_DUMP_CBSODATAR)
		rc = bp_csv_read(j.data_path, j.data, j.data_len, ',', csv_data_row, &j, err);
	else
		rc = json_data(&j, err);
	if (rc)
		goto out;
	if (j.rows == 0) {
		bp_error_at(err, j.data_path, 0, 0);
		rc = bp_fail(err, BP_ERR_PARSE, "the dump has no data rows");
		goto out;
	}
	/* Complete: every region of the list in every period, when the lists are here. */
	if (j.n_regions) {
		long expected = (long)(j.n_regions * (j.time >= 0 ? j.n_periods : 1));
		if ((j.time < 0 || j.n_periods) && j.rows != expected) {
			bp_error_at(err, j.data_path, 0, 0);
			rc = bp_fail(err, BP_ERR_PARSE, "incomplete dump: %ld data rows, %ld expected (%zu regions x %zu periods)",
			             j.rows, expected, j.n_regions, j.time >= 0 ? j.n_periods : (size_t)1);
			bp_error_hint(err, "a dump of exactly 10000 rows stopped at the first page; download it again");
			goto out;
		}
	}
	rc = load(&j, conn, res, err);
	if (rc == BP_OK && !res->already_loaded) {
		res->rows = j.rows;
		res->areas = (long)g_hash_table_size(j.areas);
		res->observations = (long)j.n_obs;
	}
out:
	free(j.obs);
	bp_arena_free(a);
	return rc;
}
