/*
 * odata3.c: see odata3.h.  JSON through jansson; HTTP through http.c;
 * areas, COPY helpers and the parent check through load.c.
 */
#include "import/odata3.h"

#include <ctype.h>
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "db/pgutil.h"
#include "import/areacode.h"
#include "import/cbsvalue.h"
#include "import/odata.h"

#define IMPORTER "cbs-odata3"

typedef enum { DIM_GEO, DIM_TIME, DIM_OTHER } dim_kind;

typedef struct dim {
	const char *key;
	dim_kind kind;
	const char *keep;        /* DIM_OTHER: the raw member key kept */
	size_t n_members;
} dim;

/* Topics and their roles: see odata.h (cbsdump.c reads them the same way). */
typedef bp_odata_topic topic;

typedef struct job {
	const bp_odata3_options *opt;
	bp_import_result *res;
	bp_arena *a;
	bp_http *http;
	int max_attempts;
	const char *base, *id, *publisher;
	/* TableInfos */
	const char *title, *modified, *period_text;
	int map_year;
	/* DataProperties */
	dim *dims;
	size_t n_dims;
	int geo, time;           /* index into dims, -1 if none */
	topic *topics;
	size_t n_topics;
	GHashTable *columns;     /* every expected column name of a data row */
	GHashTable *region_title;/* trimmed code -> Title */
	GHashTable *region_keep; /* trimmed code -> non-NULL, for --gemeente; NULL = all */
	size_t n_regions;
	GHashTable *areas;       /* trimmed code -> bp_odata_area* */
	long source_id;
	char source_s[32], year_s[16];
	long rows, skipped, observations;
} job;

const char *bp_odata3_default_base(const char *catalog)
{
	return !catalog || g_ascii_strcasecmp(catalog, "CBS") == 0 ? BP_ODATA3_CBS_BASE
	                                                            : BP_ODATA3_THIRD_PARTY_BASE;
}

const char *bp_odata3_publisher(const char *catalog)
{
	return !catalog || g_ascii_strcasecmp(catalog, "CBS") == 0 ? "CBS" : catalog;
}

char *bp_odata3_variable_code(bp_arena *a, const char *key)
{
	size_t n = strlen(key);
	const char *u = strrchr(key, '_');
	if (u && u > key && u[1]) {
		const char *p = u + 1;
		while (*p && isdigit((unsigned char)*p))
			p++;
		if (!*p)
			n = (size_t)(u - key);
	}
	return bp_arena_strndup(a, key, n);
}

static void free_http(void *p)
{
	bp_http_free(p);
}

/* GET url as JSON; see bp_odata_get_json. */
static bp_rc get_json(job *j, const char *url, bp_buf *body, GChecksum *sum, json_t **out, bp_error *err)
{
	return bp_odata_get_json(j->http, j->max_attempts, url, body, sum, out, &j->res->retries, err);
}

/* All rows of a metadata entity set, following odata.nextLink; tied to the arena. */
static bp_rc get_list(job *j, const char *entity, json_t **out, bp_error *err)
{
	char *url = bp_arena_printf(j->a, "%s/ODataApi/odata/%s/%s?$format=json", j->base, j->id, entity);
	json_t *all = json_array();
	bp_odata_arena_json(j->a, all);
	bp_buf body;
	bp_buf_init(&body);
	bp_rc rc = BP_OK;
	while (url) {
		json_t *root = NULL;
		rc = get_json(j, url, &body, NULL, &root, err);
		if (rc)
			break;
		json_t *value = json_object_get(root, "value");
		if (!json_is_array(value)) {
			json_decref(root);
			bp_error_at(err, url, 0, 0);
			rc = bp_fail(err, BP_ERR_PARSE, "the answer has no 'value' list");
			break;
		}
		json_array_extend(all, value);
		const char *next = bp_odata_jstr(root, "odata.nextLink");
		url = next ? bp_arena_strdup(j->a, next) : NULL;
		json_decref(root);
	}
	bp_buf_release(&body);
	*out = all;
	return rc;
}

static bp_rc read_metadata(job *j, bp_error *err)
{
	json_t *info, *props;
	bp_rc rc = get_list(j, "TableInfos", &info, err);
	if (rc)
		return rc;
	json_t *ti = json_array_get(info, 0);
	if (!json_is_object(ti)) {
		bp_error_at(err, bp_arena_printf(j->a, "%s/ODataApi/odata/%s/TableInfos?$format=json", j->base, j->id), 0, 0);
		return bp_fail(err, BP_ERR_PARSE, "TableInfos is empty");
	}
	j->title = bp_arena_strdup(j->a, bp_odata_jstr(ti, "Title") ? bp_odata_jstr(ti, "Title") : j->id);
	j->modified = bp_odata_jstr(ti, "Modified") ? bp_arena_strdup(j->a, bp_odata_jstr(ti, "Modified")) : NULL;
	j->period_text = bp_odata_jstr(ti, "Period") ? bp_arena_strdup(j->a, bp_odata_jstr(ti, "Period")) : "";

	rc = get_list(j, "DataProperties", &props, err);
	if (rc)
		return rc;
	size_t n = json_array_size(props);
	j->dims = bp_arena_alloc(j->a, (n + 1) * sizeof(*j->dims));
	j->topics = bp_arena_alloc(j->a, (n + 1) * sizeof(*j->topics));
	j->geo = j->time = -1;
	j->columns = bp_odata_str_hash(j->a);
	g_hash_table_add(j->columns, "ID");
	GHashTable *codes = bp_odata_str_hash(j->a);
	for (size_t i = 0; i < n; i++) {
		json_t *p = json_array_get(props, i);
		const char *type = bp_odata_jstr(p, "Type"), *key = bp_odata_jstr(p, "Key");
		if (!type || !key || !*key)
			continue;   /* TopicGroups have no key: they only shape the tree */
		key = bp_arena_strdup(j->a, key);
		if (strcmp(type, "GeoDimension") == 0 || strcmp(type, "GeoDetail") == 0 ||
		    strcmp(type, "TimeDimension") == 0 || strcmp(type, "Dimension") == 0) {
			dim *d = &j->dims[j->n_dims];
			d->key = key;
			if (type[0] == 'G') {
				d->kind = DIM_GEO;
				json_t *my = json_object_get(p, "MapYear");
				if (json_is_integer(my))
					j->map_year = (int)json_integer_value(my);
				else if (json_is_string(my))
					j->map_year = atoi(json_string_value(my));
				j->geo = (int)j->n_dims;
			} else if (type[0] == 'T') {
				d->kind = DIM_TIME;
				j->time = (int)j->n_dims;
			} else {
				d->kind = DIM_OTHER;
			}
			j->n_dims++;
		} else if (strcmp(type, "Topic") == 0) {
			topic *t = &j->topics[j->n_topics++];
			const char *dt = bp_odata_jstr(p, "Datatype");
			t->key = key;
			t->code = bp_odata3_variable_code(j->a, key);
			t->title = bp_arena_strdup(j->a, bp_odata_jstr(p, "Title") ? bp_odata_jstr(p, "Title") : key);
			t->unit = bp_odata_jstr(p, "Unit") && *bp_odata_jstr(p, "Unit") ? bp_arena_strdup(j->a, bp_odata_jstr(p, "Unit")) : NULL;
			t->decimals = (int)json_integer_value(json_object_get(p, "Decimals"));
			bp_odata_topic_classify(t, dt, codes);
		} else {
			continue;
		}
		g_hash_table_add(j->columns, (char *)key);
	}
	const char *dp_url = bp_arena_printf(j->a, "%s/ODataApi/odata/%s/DataProperties?$format=json", j->base, j->id);
	if (j->geo < 0) {
		bp_error_at(err, dp_url, 0, 0);
		rc = bp_fail(err, BP_ERR_PARSE, "table %s has no region dimension (GeoDimension or GeoDetail)", j->id);
		bp_error_hint(err, "buurtpeil imports tables per area; this table is not one");
		return rc;
	}
	if (j->n_topics == 0) {
		bp_error_at(err, dp_url, 0, 0);
		return bp_fail(err, BP_ERR_PARSE, "table %s has no topics", j->id);
	}
	return BP_OK;
}

static const char *where_for(const job *j, const char *dimkey)
{
	size_t n = strlen(dimkey);
	for (size_t i = 0; i < j->opt->n_where; i++) {
		const char *w = j->opt->where[i];
		if (strncmp(w, dimkey, n) == 0 && w[n] == '=')
			return w + n + 1;
	}
	return NULL;
}

/* Code lists of the dimensions: region titles, the number of periods, the kept members. */
static bp_rc read_dimensions(job *j, bp_error *err)
{
	for (size_t i = 0; i < j->opt->n_where; i++) {
		const char *w = j->opt->where[i], *eq = strchr(w, '=');
		size_t k;
		for (k = 0; eq && k < j->n_dims; k++)
			if (j->dims[k].kind == DIM_OTHER && strlen(j->dims[k].key) == (size_t)(eq - w) &&
			    strncmp(j->dims[k].key, w, (size_t)(eq - w)) == 0)
				break;
		if (!eq || k == j->n_dims) {
			bp_rc rc = bp_fail(err, BP_ERR_USAGE, "'%s' does not name a dimension of %s as DIM=KEY", w, j->id);
			GString *s = g_string_new(NULL);
			for (k = 0; k < j->n_dims; k++)
				if (j->dims[k].kind == DIM_OTHER)
					g_string_append_printf(s, "%s%s", s->len ? ", " : "", j->dims[k].key);
			bp_error_hint(err, "the dimensions that take one member are: %s", s->len ? s->str : "(none)");
			g_string_free(s, TRUE);
			return rc;
		}
	}
	for (size_t i = 0; i < j->n_dims; i++) {
		dim *d = &j->dims[i];
		json_t *list;
		bp_rc rc = get_list(j, d->key, &list, err);
		if (rc)
			return rc;
		d->n_members = json_array_size(list);
		const char *url = bp_arena_printf(j->a, "%s/ODataApi/odata/%s/%s?$format=json", j->base, j->id, d->key);
		if (d->n_members == 0) {
			bp_error_at(err, url, 0, 0);
			return bp_fail(err, BP_ERR_PARSE, "dimension %s has no members", d->key);
		}
		if (d->kind == DIM_OTHER) {
			const char *want = where_for(j, d->key);
			for (size_t m = 0; m < d->n_members && !d->keep; m++) {
				const char *key = bp_odata_jstr(json_array_get(list, m), "Key");
				if (key && (!want || strcmp(bp_odata_rtrim(j->a, key), want) == 0))
					d->keep = bp_arena_strdup(j->a, key);
			}
			if (!d->keep) {
				bp_error_at(err, url, 0, 0);
				return bp_fail(err, BP_ERR_USAGE, "dimension %s has no member '%s'", d->key, want ? want : "");
			}
		} else if (d->kind == DIM_GEO) {
			j->region_title = bp_odata_str_hash(j->a);
			if (j->opt->n_gemeenten)
				j->region_keep = bp_odata_str_hash(j->a);
			size_t *found = bp_arena_alloc(j->a, (j->opt->n_gemeenten + 1) * sizeof(size_t));
			for (size_t m = 0; m < d->n_members; m++) {
				json_t *r = json_array_get(list, m);
				const char *key = bp_odata_jstr(r, "Key"), *title = bp_odata_jstr(r, "Title");
				bp_area_code ac;
				if (!key || bp_area_code_parse(key, strlen(key), &ac) != 0)
					continue;   /* not an area (e.g. a landsdeel): its rows are refused later */
				char *code = bp_arena_strdup(j->a, ac.code);
				if (title)
					g_hash_table_insert(j->region_title, code, bp_odata_rtrim(j->a, title));
				if (!j->region_keep) {
					j->n_regions++;
					continue;
				}
				/* Nederland comes along: every report compares with it. */
				if (ac.level == BP_LEVEL_LAND) {
					g_hash_table_insert(j->region_keep, code, bp_arena_strdup(j->a, key));
					j->n_regions++;
					continue;
				}
				for (size_t g = 0; g < j->opt->n_gemeenten; g++)
					if (strcmp(ac.gemeente, j->opt->gemeenten[g]) == 0) {
						g_hash_table_insert(j->region_keep, code, bp_arena_strdup(j->a, key));
						j->n_regions++;
						found[g]++;
					}
			}
			for (size_t g = 0; g < j->opt->n_gemeenten; g++)
				if (!found[g]) {
					bp_error_at(err, url, 0, 0);
					return bp_fail(err, BP_ERR_NOT_FOUND, "gemeente %s is not in table %s", j->opt->gemeenten[g], j->id);
				}
		}
	}
	return BP_OK;
}

/* The data URL: the kept members and the regions of --gemeente as $filter,
 * with the raw (padded) keys, because CBS compares them untrimmed. */
static char *data_url(job *j)
{
	GString *f = g_string_new(NULL);
	for (size_t i = 0; i < j->n_dims; i++)
		if (j->dims[i].kind == DIM_OTHER)
			bp_odata_filter_member(f, j->dims[i].key, j->dims[i].keep);
	if (j->region_keep)
		bp_odata_filter_regions(f, j->region_keep, j->dims[j->geo].key);
	char *url;
	if (f->len) {
		char *esc = bp_http_escape(j->http, f->str);
		url = bp_arena_printf(j->a, "%s/ODataFeed/odata/%s/UntypedDataSet?$format=json&$filter=%s", j->base, j->id, esc);
		free(esc);
	} else {
		url = bp_arena_printf(j->a, "%s/ODataFeed/odata/%s/UntypedDataSet?$format=json", j->base, j->id);
	}
	g_string_free(f, TRUE);
	return url;
}

static bp_rc check_columns(job *j, json_t *row, const char *url, bp_error *err)
{
	const char *k;
	json_t *v;
	size_t present = 0;
	json_object_foreach(row, k, v) {
		if (!g_hash_table_contains(j->columns, k)) {
			bp_error_at(err, url, 0, 0);
			bp_error_row(err, j->rows + 1);
			bp_rc rc = bp_fail(err, BP_ERR_PARSE, "the page has a column '%s' that DataProperties of %s does not list", k, j->id);
			bp_error_hint(err, "the table changed while it was downloaded, or the metadata is stale; run the import again");
			return rc;
		}
		present++;
	}
	if (present != g_hash_table_size(j->columns)) {
		GHashTableIter it;
		gpointer key;
		g_hash_table_iter_init(&it, j->columns);
		while (g_hash_table_iter_next(&it, &key, NULL))
			if (!json_object_get(row, key))
				break;
		bp_error_at(err, url, 0, 0);
		bp_error_row(err, j->rows + 1);
		bp_rc rc = bp_fail(err, BP_ERR_PARSE, "the page lacks the column '%s' that DataProperties of %s lists", (char *)key, j->id);
		bp_error_hint(err, "the table changed while it was downloaded, or the metadata is stale; run the import again");
		return rc;
	}
	return BP_OK;
}

static bp_rc cell_text(job *j, json_t *row, const char *key, const char *url, const char **out, bp_error *err)
{
	json_t *v = json_object_get(row, key);
	if (json_is_null(v)) {
		*out = NULL;
		return BP_OK;
	}
	if (!json_is_string(v)) {
		bp_error_at(err, url, 0, 0);
		bp_error_row(err, j->rows + 1);
		return bp_fail(err, BP_ERR_PARSE, "column %s is not text as UntypedDataSet has it", key);
	}
	*out = json_string_value(v);
	return BP_OK;
}

/* One data page: check, stage areas in memory, COPY its observations. */
/* A bp_odata_page_fn: ctx is the job. */
static bp_rc load_page(void *ctx, PGconn *conn, json_t *root, const char *url, bp_buf *copy, bp_arena *pa, bp_error *err)
{
	job *j = ctx;
	json_t *value = json_object_get(root, "value");
	if (!json_is_array(value)) {
		bp_error_at(err, url, 0, 0);
		return bp_fail(err, BP_ERR_PARSE, "the page has no 'value' list");
	}
	bp_buf_reset(copy);
	size_t i;
	json_t *row;
	bp_rc rc = BP_OK;
	json_array_foreach(value, i, row) {
		if (!json_is_object(row)) {
			bp_error_at(err, url, 0, 0);
			bp_error_row(err, j->rows + 1);
			return bp_fail(err, BP_ERR_PARSE, "a row of the page is not an object");
		}
		if ((rc = check_columns(j, row, url, err)))
			return rc;
		const char *s;
		int skip = 0;
		for (size_t d = 0; d < j->n_dims && !skip; d++) {
			if (j->dims[d].kind != DIM_OTHER)
				continue;
			if ((rc = cell_text(j, row, j->dims[d].key, url, &s, err)))
				return rc;
			/* A server that ignores $filter sends the other members too: not ours. */
			skip = !s || strcmp(bp_odata_rtrim(pa, s), bp_odata_rtrim(pa, j->dims[d].keep)) != 0;
		}
		if ((rc = cell_text(j, row, j->dims[j->geo].key, url, &s, err)))
			return rc;
		bp_area_code ac;
		if (!s || bp_area_code_parse(s, strlen(s), &ac) != 0) {
			bp_error_at(err, url, 0, 0);
			bp_error_row(err, j->rows + 1);
			rc = bp_fail(err, BP_ERR_PARSE, "'%s' in column %s is not a CBS area code", s ? s : "null", j->dims[j->geo].key);
			return rc;
		}
		if (j->region_keep && !g_hash_table_contains(j->region_keep, ac.code))
			skip = 1;
		if (skip) {
			j->skipped++;
			continue;
		}
		j->rows++;
		const char *period = j->year_s;
		if (j->time >= 0) {
			if ((rc = cell_text(j, row, j->dims[j->time].key, url, &s, err)))
				return rc;
			if (!s) {
				bp_error_at(err, url, 0, 0);
				bp_error_row(err, j->rows);
				return bp_fail(err, BP_ERR_PARSE, "the period of a row is empty");
			}
			period = bp_odata_period(pa, s);
		}
		bp_odata_area *ar = g_hash_table_lookup(j->areas, ac.code);
		if (!ar) {
			ar = bp_arena_alloc(j->a, sizeof(*ar));
			ar->ac = ac;
			ar->row = j->rows;
			g_hash_table_insert(j->areas, ar->ac.code, ar);
		}
		for (size_t t = 0; t < j->n_topics; t++) {
			const topic *tp = &j->topics[t];
			if ((rc = cell_text(j, row, tp->key, url, &s, err)))
				return rc;
			if (tp->role == BP_TOPIC_MEASURE) {
				bp_cbs_value v;
				if (bp_cbs_value_parse(s ? s : "", s ? strlen(s) : 0, 0, &v) != 0) {
					bp_error_at(err, url, 0, 0);
					bp_error_row(err, j->rows);
					rc = bp_fail(err, BP_ERR_PARSE, "'%s' in column %s is neither a number nor a CBS symbol", s, tp->key);
					return rc;
				}
				bp_odata_add_observation(copy, tp->code, ac.code, j->year_s, period, j->source_s,
				                         v.status != BP_STATUS_UNKNOWN && v.status != BP_STATUS_NOT_APPLICABLE,
				                         v.value, v.status, ac.gemeente[0] ? ac.gemeente : NULL);
				j->observations++;
			} else {
				bp_odata_area_text(j->a, ar, tp->role, s);
			}
		}
		/* The region list's title wins: it names wijken and buurten too. */
		const char *title = g_hash_table_lookup(j->region_title, ac.code);
		if (title && *title)
			ar->name = title;
	}
	if (copy->len)
		rc = bp_odata_copy_observations(conn, copy, err);
	if (rc)
		bp_error_at(err, url, 0, 0);
	return rc;
}

/* The label '{id}/{key}' maps to the variable; see bp_odata_write_topics. */
static bp_rc write_variables(job *j, PGconn *conn, bp_error *err)
{
	return bp_odata_write_topics(conn, j->a, j->id, j->topics, j->n_topics, err);
}

static bp_rc write_areas(job *j, PGconn *conn, const char *url, bp_error *err)
{
	return bp_odata_write_areas(conn, j->areas, atoi(j->year_s), url, err);
}

/* The vintage already loaded? by (publisher, table, Modified, data URL). */
static bp_rc find_vintage(job *j, PGconn *conn, const char *url, long *id, bp_error *err)
{
	return bp_odata_find_vintage(conn, IMPORTER, j->publisher, j->id, j->modified, url, id, err);
}

static bp_rc load(job *j, PGconn *conn, const char *url0, bp_error *err)
{
	bp_rc rc;
	bp_buf copy;
	bp_buf_init(&copy);
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
	long existing = 0;

	rc = bp_pg_exec(conn, "BEGIN", err);
	if (rc)
		goto out;
	/* The checksum is known only at the end: see bp_odata_start_vintage. */
	rc = bp_odata_start_vintage(conn, IMPORTER, bp_arena_printf(j->a, "odata3:%s", j->id), j->publisher, j->id,
	                            j->title, url0, j->modified, 1, &existing, &j->source_id, err);
	if (rc)
		goto out;
	if (existing) {
		j->res->already_loaded = 1;
		j->res->source_id = existing;
		rc = bp_pg_exec(conn, "COMMIT", err);
		goto out;
	}
	snprintf(j->source_s, sizeof(j->source_s), "%ld", j->source_id);
	if ((rc = write_variables(j, conn, err)))
		goto out;

	/* Page by page: fetch, parse, check, COPY, free; only areas are kept. */
	{
		bp_odata_pager pg = {
			.http = j->http, .max_attempts = j->max_attempts, .retries = &j->res->retries,
			.next_key = "odata.nextLink", .sum = sum, .page = load_page, .ctx = j,
			.pages = &j->res->pages, .rows = &j->rows,
			.progress = j->opt->progress, .progress_ctx = j->opt->progress_ctx,
		};
		if ((rc = bp_odata_read_pages(&pg, conn, url0, &copy, err)))
			goto out;
	}

	/* Complete: every kept region in every period, once. */
	{
		size_t n_periods = j->time >= 0 ? j->dims[j->time].n_members : 1;
		long expected = (long)(j->n_regions * n_periods);
		if (j->rows != expected) {
			bp_error_at(err, url0, 0, 0);
			rc = bp_fail(err, BP_ERR_PARSE, "incomplete download: %ld data rows received, %ld expected (%zu regions x %zu periods)",
			             j->rows, expected, j->n_regions, n_periods);
			bp_error_detail(err, "%ld pages read; %ld rows of other dimension members skipped", j->res->pages, j->skipped);
			bp_error_hint(err, "the server stopped early or the table changed; nothing was loaded, run the import again");
			goto out;
		}
	}
	{
		long same = 0;
		rc = bp_odata_settle_source(conn, j->publisher, j->id, g_checksum_get_string(sum), j->rows, j->source_s,
		                            &same, err);
		if (rc)
			goto out;
		if (same) {
			/* A new Modified over the same bytes: nothing new to store. */
			j->res->already_loaded = 1;
			j->res->source_id = same;
			bp_pg_rollback(conn);
			goto out;
		}
	}
	if ((rc = write_areas(j, conn, url0, err)))
		goto out;
	rc = bp_pg_exec(conn, "COMMIT", err);
	if (rc)
		goto out;
	j->res->source_id = j->source_id;
	j->res->rows = j->rows;
	j->res->areas = (long)g_hash_table_size(j->areas);
	j->res->observations = j->observations;
out:
	if (rc)
		bp_pg_rollback(conn);
	g_checksum_free(sum);
	bp_buf_release(&copy);
	return rc;
}

bp_rc bp_import_odata3(PGconn *conn, const bp_odata3_options *opt,
                       bp_import_result *res, bp_error *err)
{
	memset(res, 0, sizeof(*res));
	if (!opt->table_id || !*opt->table_id || strpbrk(opt->table_id, "/?#&% ")) {
		return bp_fail(err, BP_ERR_USAGE, "'%s' is not a CBS table id such as 50090NED or 85984NED",
		               opt->table_id ? opt->table_id : "");
	}
	bp_arena *a = bp_arena_new();
	job j = { 0 };
	j.opt = opt;
	j.res = res;
	j.a = a;
	j.id = opt->table_id;
	j.publisher = bp_odata3_publisher(opt->catalog);
	j.base = bp_odata_rtrim(a, opt->base_url ? opt->base_url : bp_odata3_default_base(opt->catalog));
	size_t bl = strlen(j.base);
	while (bl && j.base[bl - 1] == '/')
		((char *)j.base)[--bl] = '\0';
	bp_http_options ho;
	if (opt->http)
		ho = *opt->http;
	else
		bp_http_options_default(&ho);
	j.max_attempts = ho.max_attempts < 1 ? 1 : ho.max_attempts;
	j.http = bp_http_new(&ho);
	bp_rc rc;
	if (!j.http) {
		rc = bp_fail(err, BP_ERR_INTERNAL, "libcurl could not be initialised");
		goto out;
	}
	bp_arena_on_free(a, free_http, j.http);
	j.areas = bp_odata_str_hash(a);
	snprintf(res->table_id, sizeof(res->table_id), "%s", j.id);

	if ((rc = read_metadata(&j, err)))
		goto out;
	int year = j.map_year ? j.map_year : bp_odata_year_in(j.period_text);
	if (year < 1990 || year > 2100) {
		rc = bp_fail(err, BP_ERR_PARSE, "cannot tell the indeling year of %s: no MapYear, and Period is '%s'",
		             j.id, j.period_text);
		goto out;
	}
	res->year = year;
	snprintf(j.year_s, sizeof(j.year_s), "%d", year);
	if ((rc = read_dimensions(&j, err)))
		goto out;
	const char *url = data_url(&j);
	/* Before the download: the same vintage loaded before costs no data request. */
	long existing;
	if ((rc = find_vintage(&j, conn, url, &existing, err)))
		goto out;
	if (existing) {
		res->already_loaded = 1;
		res->source_id = existing;
		goto out;
	}
	rc = load(&j, conn, url, err);
out:
	if (j.http)
		res->retries += bp_http_retries(j.http);
	bp_arena_free(a);
	return rc;
}
