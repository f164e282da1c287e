/*
 * odata4.c: see odata4.h.  JSON through jansson, HTTP through http.c, the
 * pieces shared with the v3 importer through odata.c, areas and COPY through
 * load.c.
 */
#include "import/odata4.h"

#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "db/pgutil.h"
#include "import/areacode.h"
#include "import/odata.h"

#define IMPORTER "cbs-odata4"

typedef enum { DIM_GEO, DIM_TIME, DIM_OTHER } dim_kind;

typedef struct dim {
	const char *key;         /* the column name: 'WijkenEnBuurten' */
	dim_kind kind;
	const char *keep;        /* DIM_OTHER: the raw member identifier kept */
	GHashTable *members;     /* trimmed identifier -> trimmed Title ("" if none) */
} dim;

typedef struct measure {
	const char *id;          /* MeasureCodes.Identifier */
	const char *code;        /* the variable code */
	const char *title, *unit;
	int decimals;
	int used;                /* a cell of it was loaded: write the variable */
} measure;

typedef struct job {
	const bp_odata4_options *opt;
	bp_import_result *res;
	bp_arena *a;
	bp_http *http;
	int max_attempts;
	const char *root;        /* {base}/{catalog}/{id} */
	const char *id, *publisher;
	const char *title, *modified, *coverage;
	int map_year;
	dim *dims;
	size_t n_dims;
	int geo, time;
	GHashTable *measures;    /* identifier -> measure* */
	GHashTable *columns;     /* every column name a row may carry */
	GHashTable *region_keep; /* trimmed code -> raw key, for --gemeente; NULL = all */
	GHashTable *areas;       /* trimmed code -> bp_odata_area* */
	long source_id;
	char source_s[32], year_s[16];
	long received;           /* rows read from the pages, skipped ones included */
	long rows;               /* cells kept */
	long skipped, text, observations;
	long count;              /* @odata.count, -1 if the service did not say */
} job;

int bp_odata4_status(const char *va, bp_value_status *status)
{
	static const struct { const char *name; bp_value_status st; } map[] = {
		{ "None",               BP_STATUS_OK },
		{ "Impossible",         BP_STATUS_NOT_APPLICABLE },
		{ "Missing",            BP_STATUS_UNKNOWN },
		{ "Unknown",            BP_STATUS_UNKNOWN },
		{ "Secret",             BP_STATUS_UNKNOWN },
		{ "Confidential",       BP_STATUS_UNKNOWN },
		{ "Unreliable",         BP_STATUS_UNKNOWN },
		{ "Provisional",        BP_STATUS_PROVISIONAL },
		{ "RevisedProvisional", BP_STATUS_REVISED_PROVISIONAL },
	};
	if (!va)
		return -1;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(va, map[i].name) == 0) {
			*status = map[i].st;
			return 0;
		}
	return -1;
}

static void free_http(void *p)
{
	bp_http_free(p);
}

static bp_rc get_json(job *j, const char *url, bp_buf *body, GChecksum *sum, json_t **out, bp_error *err)
{
	return bp_odata_get_json(j->http, j->max_attempts, url, body, sum, out, &j->res->retries, err);
}

static char *entity_url(job *j, const char *entity)
{
	return bp_arena_printf(j->a, "%s/%s?$format=json", j->root, entity);
}

/* All rows of a metadata entity set, following @odata.nextLink; tied to the arena. */
static bp_rc get_list(job *j, const char *entity, json_t **out, bp_error *err)
{
	return bp_odata_get_list(j->http, j->max_attempts, j->a, entity_url(j, entity), "@odata.nextLink",
	                         j->opt->limits, &j->res->retries, out, err);
}

static const char *astr(job *j, json_t *o, const char *k)
{
	const char *s = bp_odata_jstr(o, k);
	return s ? bp_arena_strdup(j->a, s) : NULL;
}

/* Properties is a singleton: the object itself (OData v4), or wrapped in value. */
static bp_rc read_properties(job *j, bp_error *err)
{
	char *url = entity_url(j, "Properties");
	bp_buf body;
	bp_buf_init(&body);
	json_t *root = NULL;
	bp_rc rc = get_json(j, url, &body, NULL, &root, err);
	bp_buf_release(&body);
	if (rc)
		return rc;
	bp_odata_arena_json(j->a, root);
	json_t *p = root, *v = json_object_get(root, "value");
	if (json_is_object(v))
		p = v;
	else if (json_is_array(v))
		p = json_array_get(v, 0);
	if (!json_is_object(p) || (!bp_odata_jstr(p, "Title") && !bp_odata_jstr(p, "Identifier"))) {
		bp_error_at(err, url, 0, 0);
		return bp_fail(err, BP_ERR_PARSE, "Properties of %s has neither Identifier nor Title", j->id);
	}
	j->title = astr(j, p, "Title");
	if (!j->title)
		j->title = j->id;
	j->modified = astr(j, p, "Modified");
	j->coverage = astr(j, p, "TemporalCoverage");
	return BP_OK;
}

static bp_rc read_measures(job *j, bp_error *err)
{
	json_t *list;
	bp_rc rc = get_list(j, "MeasureCodes", &list, err);
	if (rc)
		return rc;
	j->measures = bp_odata_str_hash(j->a);
	size_t i;
	json_t *m;
	json_array_foreach(list, i, m) {
		const char *id = bp_odata_jstr(m, "Identifier");
		if (!id || !*id)
			continue;
		measure *ms = bp_arena_alloc(j->a, sizeof(*ms));
		memset(ms, 0, sizeof(*ms));
		ms->id = bp_odata_rtrim(j->a, id);
		ms->code = ms->id;
		ms->title = astr(j, m, "Title");
		if (!ms->title)
			ms->title = ms->id;
		const char *unit = bp_odata_jstr(m, "Unit");
		ms->unit = unit && *unit ? bp_arena_strdup(j->a, unit) : NULL;
		json_t *dec = json_object_get(m, "Decimals");
		ms->decimals = json_is_integer(dec) ? (int)json_integer_value(dec)
		             : json_is_string(dec) ? atoi(json_string_value(dec)) : 0;
		g_hash_table_insert(j->measures, (char *)ms->id, ms);
	}
	if (g_hash_table_size(j->measures) == 0) {
		bp_error_at(err, entity_url(j, "MeasureCodes"), 0, 0);
		return bp_fail(err, BP_ERR_PARSE, "table %s has no measures", j->id);
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

static bp_rc read_dimensions(job *j, bp_error *err)
{
	json_t *list;
	bp_rc rc = get_list(j, "Dimensions", &list, err);
	if (rc)
		return rc;
	size_t n = json_array_size(list);
	j->dims = bp_arena_alloc(j->a, (n + 1) * sizeof(*j->dims));
	j->geo = j->time = -1;
	j->columns = bp_odata_str_hash(j->a);
	static const char *const fixed[] = { "Id", "Measure", "ValueAttribute", "Value", "StringValue" };
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		g_hash_table_add(j->columns, (char *)fixed[i]);
	for (size_t i = 0; i < n; i++) {
		json_t *d = json_array_get(list, i);
		const char *id = bp_odata_jstr(d, "Identifier"), *kind = bp_odata_jstr(d, "Kind");
		if (!id || !*id)
			continue;
		dim *dm = &j->dims[j->n_dims];
		memset(dm, 0, sizeof(*dm));
		dm->key = bp_arena_strdup(j->a, id);
		/* Kind names the role (GeoDimension, GeoDetailDimension, TimeDimension);
		 * without it, the names CBS gives these dimensions in every table we know. */
		int geo = kind ? strstr(kind, "Geo") != NULL
		               : strcmp(id, "WijkenEnBuurten") == 0 || strcmp(id, "RegioS") == 0;
		int time = kind ? strstr(kind, "Time") != NULL : strcmp(id, "Perioden") == 0;
		if (geo && j->geo < 0) {
			dm->kind = DIM_GEO;
			j->geo = (int)j->n_dims;
			json_t *my = json_object_get(d, "MapYear");
			if (json_is_integer(my))
				j->map_year = (int)json_integer_value(my);
			else if (json_is_string(my))
				j->map_year = atoi(json_string_value(my));
		} else if (time && j->time < 0) {
			dm->kind = DIM_TIME;
			j->time = (int)j->n_dims;
		} else {
			dm->kind = DIM_OTHER;
		}
		g_hash_table_add(j->columns, (char *)dm->key);
		j->n_dims++;
	}
	if (j->geo < 0) {
		bp_error_at(err, entity_url(j, "Dimensions"), 0, 0);
		rc = bp_fail(err, BP_ERR_PARSE, "table %s has no region dimension (Kind GeoDimension)", j->id);
		bp_error_hint(err, "buurtpeil imports tables per area; this table is not one");
		return rc;
	}
	for (size_t i = 0; i < j->opt->n_where; i++) {
		const char *w = j->opt->where[i], *eq = strchr(w, '=');
		size_t k;
		for (k = 0; eq && k < j->n_dims; k++)
			if (j->dims[k].kind == DIM_OTHER && strlen(j->dims[k].key) == (size_t)(eq - w) &&
			    strncmp(j->dims[k].key, w, (size_t)(eq - w)) == 0)
				break;
		if (!eq || k == j->n_dims) {
			rc = bp_fail(err, BP_ERR_USAGE, "'%s' does not name a dimension of %s as DIM=KEY", w, j->id);
			GString *s = g_string_new(NULL);
			for (k = 0; k < j->n_dims; k++)
				if (j->dims[k].kind == DIM_OTHER)
					g_string_append_printf(s, "%s%s", s->len ? ", " : "", j->dims[k].key);
			bp_error_hint(err, "the dimensions that take one member are: %s", s->len ? s->str : "(none)");
			g_string_free(s, TRUE);
			return rc;
		}
	}
	return BP_OK;
}

/* Each dimension's Codes: the members, region names, the kept member, --gemeente. */
static bp_rc read_codes(job *j, bp_error *err)
{
	for (size_t i = 0; i < j->n_dims; i++) {
		dim *d = &j->dims[i];
		const char *entity = bp_arena_printf(j->a, "%sCodes", d->key);
		json_t *list;
		bp_rc rc = get_list(j, entity, &list, err);
		if (rc)
			return rc;
		const char *url = entity_url(j, entity);
		if (json_array_size(list) == 0) {
			bp_error_at(err, url, 0, 0);
			return bp_fail(err, BP_ERR_PARSE, "dimension %s has no members", d->key);
		}
		d->members = bp_odata_str_hash(j->a);
		const char *want = d->kind == DIM_OTHER ? where_for(j, d->key) : NULL;
		size_t *found = NULL;
		if (d->kind == DIM_GEO && j->opt->n_gemeenten) {
			j->region_keep = bp_odata_str_hash(j->a);
			found = bp_arena_alloc(j->a, j->opt->n_gemeenten * sizeof(size_t));
			memset(found, 0, j->opt->n_gemeenten * sizeof(size_t));
		}
		size_t m;
		json_t *r;
		json_array_foreach(list, m, r) {
			const char *key = bp_odata_jstr(r, "Identifier"), *title = bp_odata_jstr(r, "Title");
			if (!key)
				continue;
			char *tk = bp_odata_rtrim(j->a, key);
			g_hash_table_insert(d->members, tk, title ? bp_odata_rtrim(j->a, title) : "");
			if (d->kind == DIM_OTHER && !d->keep && (!want || strcmp(tk, want) == 0))
				d->keep = bp_arena_strdup(j->a, key);
			if (d->kind == DIM_TIME) {
				/* Without MapYear the indeling is the last period's year. */
				int y = bp_odata_year_in(tk);
				if (!j->map_year && y > atoi(j->year_s))
					snprintf(j->year_s, sizeof(j->year_s), "%d", y);
			}
			if (!found)
				continue;
			bp_area_code ac;
			if (bp_area_code_parse(key, strlen(key), &ac) != 0)
				continue;   /* a landsdeel, a province: not an area we keep */
			/* Nederland comes along: every report compares with it. */
			if (ac.level == BP_LEVEL_LAND) {
				g_hash_table_insert(j->region_keep, bp_arena_strdup(j->a, ac.code), bp_arena_strdup(j->a, key));
				continue;
			}
			for (size_t g = 0; g < j->opt->n_gemeenten; g++)
				if (strcmp(ac.gemeente, j->opt->gemeenten[g]) == 0) {
					g_hash_table_insert(j->region_keep, bp_arena_strdup(j->a, ac.code), bp_arena_strdup(j->a, key));
					found[g]++;
				}
		}
		if (d->kind == DIM_OTHER && !d->keep) {
			bp_error_at(err, url, 0, 0);
			return bp_fail(err, BP_ERR_USAGE, "dimension %s has no member '%s'", d->key, want ? want : "");
		}
		for (size_t g = 0; found && g < j->opt->n_gemeenten; g++)
			if (!found[g]) {
				bp_error_at(err, url, 0, 0);
				return bp_fail(err, BP_ERR_NOT_FOUND, "gemeente %s is not in table %s", j->opt->gemeenten[g], j->id);
			}
	}
	return BP_OK;
}

/* The data URL: kept members and --gemeente regions in $filter with the keys
 * as the Codes list spells them; $count=true so the service says how many
 * rows to expect. */
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
		url = bp_arena_printf(j->a, "%s/Observations?$format=json&$count=true&$filter=%s", j->root, esc);
		free(esc);
	} else {
		url = bp_arena_printf(j->a, "%s/Observations?$format=json&$count=true", j->root);
	}
	g_string_free(f, TRUE);
	return url;
}

static bp_rc row_fail(job *j, const char *url, bp_error *err, const char *fmt, const char *a1, const char *a2)
{
	bp_error_at(err, url, 0, 0);
	bp_error_row(err, j->received);
	return bp_fail(err, BP_ERR_PARSE, fmt, a1, a2);
}

/* The trimmed member of dimension d in row, checked against its Codes list. */
static bp_rc member(job *j, json_t *row, const dim *d, const char *url, bp_arena *pa,
                    const char **raw, const char **trimmed, bp_error *err)
{
	json_t *v = json_object_get(row, d->key);
	if (!json_is_string(v))
		return row_fail(j, url, err, "the row has no text in dimension column %s%s", d->key, "");
	*raw = json_string_value(v);
	*trimmed = bp_odata_rtrim(pa, *raw);
	if (!g_hash_table_contains(d->members, *trimmed)) {
		bp_rc rc = row_fail(j, url, err, "'%s' is not a member of dimension %s", *trimmed, d->key);
		bp_error_hint(err, "the table changed while it was downloaded, or its %sCodes is stale; run the import again", d->key);
		return rc;
	}
	return BP_OK;
}

/* One data page: check each row, remember its area, COPY its cells. */
/* A bp_odata_page_fn: ctx is the job. */
static bp_rc load_page(void *ctx, PGconn *conn, json_t *root, const char *url, bp_buf *copy, bp_arena *pa, bp_error *err)
{
	job *j = ctx;
	json_t *value = json_object_get(root, "value");
	if (!json_is_array(value)) {
		bp_error_at(err, url, 0, 0);
		return bp_fail(err, BP_ERR_PARSE, "the page has no 'value' list");
	}
	json_t *cnt = json_object_get(root, "@odata.count");
	if (json_is_integer(cnt)) {
		long c = (long)json_integer_value(cnt);
		if (j->count >= 0 && c != j->count) {
			bp_error_at(err, url, 0, 0);
			bp_rc rc = bp_fail(err, BP_ERR_PARSE, "@odata.count changed from %ld to %ld during the download", j->count, c);
			bp_error_hint(err, "the table changed while it was downloaded; run the import again");
			return rc;
		}
		j->count = c;
	}
	bp_buf_reset(copy);
	size_t i;
	json_t *row;
	bp_rc rc = BP_OK;
	json_array_foreach(value, i, row) {
		j->received++;
		if (!json_is_object(row))
			return row_fail(j, url, err, "a row of the page is not an object%s%s", "", "");
		const char *k;
		json_t *v;
		json_object_foreach(row, k, v) {
			if (!g_hash_table_contains(j->columns, k)) {
				rc = row_fail(j, url, err, "the page has a column '%s' that is neither an Observations field nor a dimension of %s", k, j->id);
				bp_error_hint(err, "the table changed while it was downloaded, or the metadata is stale; run the import again");
				return rc;
			}
		}
		const char *ms_id = bp_odata_jstr(row, "Measure");
		measure *ms = ms_id ? g_hash_table_lookup(j->measures, ms_id) : NULL;
		if (!ms) {
			rc = row_fail(j, url, err, "'%s' is not a measure of %s (MeasureCodes)", ms_id ? ms_id : "null", j->id);
			bp_error_hint(err, "the table changed while it was downloaded, or the metadata is stale; run the import again");
			return rc;
		}
		const char *va = bp_odata_jstr(row, "ValueAttribute");
		bp_value_status st;
		if (bp_odata4_status(va, &st) != 0) {
			rc = row_fail(j, url, err, "ValueAttribute '%s' of measure %s is not one buurtpeil knows", va ? va : "null", ms_id);
			bp_error_hint(err, "known: None, Impossible, Missing, Unknown, Secret, Confidential, Unreliable, "
			                   "Provisional, RevisedProvisional (lib/import/odata4.h)");
			return rc;
		}
		int skip = 0;
		const char *raw = NULL, *geo = NULL, *period = j->year_s;
		for (size_t d = 0; d < j->n_dims; d++) {
			const char *t = NULL;
			if ((rc = member(j, row, &j->dims[d], url, pa, &raw, &t, err)))
				return rc;
			if (j->dims[d].kind == DIM_OTHER) {
				/* A server that ignores $filter sends the other members too: not ours. */
				if (strcmp(raw, j->dims[d].keep) != 0 && strcmp(t, bp_odata_rtrim(pa, j->dims[d].keep)) != 0)
					skip = 1;
			} else if (j->dims[d].kind == DIM_GEO) {
				geo = raw;
			} else {
				period = bp_odata_period(pa, raw);
			}
		}
		bp_area_code ac;
		if (bp_area_code_parse(geo, strlen(geo), &ac) != 0)
			return row_fail(j, url, err, "'%s' in column %s is not a CBS area code", geo, j->dims[j->geo].key);
		if (j->region_keep && !g_hash_table_contains(j->region_keep, ac.code))
			skip = 1;
		if (skip) {
			j->skipped++;
			continue;
		}
		json_t *val = json_object_get(row, "Value");
		if (val && !json_is_null(val) && !json_is_number(val))
			return row_fail(j, url, err, "Value of measure %s is not a number%s", ms_id, "");
		int has_value = st == BP_STATUS_OK || st == BP_STATUS_PROVISIONAL || st == BP_STATUS_REVISED_PROVISIONAL;
		if (has_value && (!val || json_is_null(val))) {
			const char *sv = bp_odata_jstr(row, "StringValue");
			if (sv) {
				/* A text cell (Mixed/Text datasets): a name or code, not a figure. */
				j->text++;
				continue;
			}
			/* An empty cell the service did send after all: nothing to know. */
			st = BP_STATUS_NOT_APPLICABLE;
			has_value = 0;
		}
		j->rows++;
		bp_odata_area *ar = g_hash_table_lookup(j->areas, ac.code);
		if (!ar) {
			ar = bp_arena_alloc(j->a, sizeof(*ar));
			memset(ar, 0, sizeof(*ar));
			ar->ac = ac;
			ar->row = j->received;
			const char *title = g_hash_table_lookup(j->dims[j->geo].members, bp_odata_rtrim(pa, geo));
			ar->name = title && *title ? title : NULL;
			g_hash_table_insert(j->areas, ar->ac.code, ar);
		}
		ms->used = 1;
		bp_odata_add_observation(copy, ms->code, ac.code, j->year_s, period, j->source_s,
		                         has_value, has_value ? json_number_value(val) : 0, st,
		                         ac.gemeente[0] ? ac.gemeente : NULL);
		j->observations++;
	}
	if (copy->len)
		rc = bp_odata_copy_observations(conn, copy, err);
	if (rc)
		bp_error_at(err, url, 0, 0);
	return rc;
}

/* The label '{id}/{measure}' maps to the variable; one mapped before keeps its code. */
static bp_rc write_variables(job *j, PGconn *conn, bp_error *err)
{
	char *origin = bp_arena_printf(j->a, "CBS %s MeasureCodes", j->id);
	GHashTableIter it;
	gpointer v;
	g_hash_table_iter_init(&it, j->measures);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		measure *ms = v;
		if (!ms->used)
			continue;   /* text measures and measures without cells in the selection */
		char *label = bp_arena_printf(j->a, "%s/%s", j->id, ms->id);
		bp_rc rc = bp_odata_register_variable(conn, ms->code, ms->title, ms->unit, ms->decimals, label, origin, err);
		if (rc)
			return rc;
	}
	return BP_OK;
}

/* Codes of measures mapped by bp.variable_label before the pages are COPYed. */
static bp_rc map_labels(job *j, PGconn *conn, bp_error *err)
{
	GHashTableIter it;
	gpointer v;
	g_hash_table_iter_init(&it, j->measures);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		measure *ms = v;
		char *label = bp_arena_printf(j->a, "%s/%s", j->id, ms->id);
		bp_rc rc = bp_odata_map_label(conn, j->a, label, &ms->code, err);
		if (rc)
			return rc;
	}
	return BP_OK;
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
	rc = bp_odata_start_vintage(conn, IMPORTER, bp_arena_printf(j->a, "odata4:%s", j->id), j->publisher, j->id,
	                            j->title, url0, j->modified, 0, &existing, &j->source_id, err);
	if (rc)
		goto out;
	if (existing) {
		j->res->already_loaded = 1;
		j->res->source_id = existing;
		rc = bp_pg_exec(conn, "COMMIT", err);
		goto out;
	}
	snprintf(j->source_s, sizeof(j->source_s), "%ld", j->source_id);
	if ((rc = map_labels(j, conn, err)))
		goto out;

	/* Page by page: fetch, parse, check, COPY, free; only areas are kept. */
	{
		bp_odata_pager pg = {
			.http = j->http, .max_attempts = j->max_attempts, .retries = &j->res->retries,
			.next_key = "@odata.nextLink", .sum = sum, .page = load_page, .ctx = j,
			/* Progress counts rows read against @odata.count (known after page 1). */
			.pages = &j->res->pages, .rows = &j->received, .expected_rows = &j->count,
			.progress = j->opt->progress, .progress_ctx = j->opt->progress_ctx,
			.limits = j->opt->limits,
		};
		if ((rc = bp_odata_read_pages(&pg, conn, url0, &copy, err)))
			goto out;
	}

	/* Complete, as far as v4 lets us tell: the service's own count. */
	if (j->count >= 0 && j->received != j->count) {
		bp_error_at(err, url0, 0, 0);
		rc = bp_fail(err, BP_ERR_PARSE, "incomplete download: %ld rows received, the service counted %ld",
		             j->received, j->count);
		bp_error_detail(err, "%ld pages read", j->res->pages);
		bp_error_hint(err, "the server stopped early or the table changed; nothing was loaded, run the import again");
		goto out;
	}
	if (j->rows == 0) {
		bp_error_at(err, url0, 0, 0);
		rc = bp_fail(err, BP_ERR_PARSE, "the download holds no cells for the selection");
		goto out;
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
	if ((rc = write_variables(j, conn, err)))
		goto out;
	if ((rc = bp_odata_write_areas(conn, j->areas, atoi(j->year_s), url0, err)))
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

bp_rc bp_import_odata4(PGconn *conn, const bp_odata4_options *opt,
                       bp_import_result *res, bp_error *err)
{
	memset(res, 0, sizeof(*res));
	if (!opt->table_id || !*opt->table_id || strpbrk(opt->table_id, "/?#&% ")) {
		return bp_fail(err, BP_ERR_USAGE, "'%s' is not a CBS table id such as 50090NED or 85984NED",
		               opt->table_id ? opt->table_id : "");
	}
	const char *catalog = opt->catalog && *opt->catalog ? opt->catalog : "CBS";
	if (strpbrk(catalog, "/?#&% "))
		return bp_fail(err, BP_ERR_USAGE, "'%s' is not a catalog name such as CBS", catalog);
	bp_arena *a = bp_arena_new();
	job j = { 0 };
	j.opt = opt;
	j.res = res;
	j.a = a;
	j.id = opt->table_id;
	j.count = -1;
	j.publisher = g_ascii_strcasecmp(catalog, "CBS") == 0 ? "CBS" : catalog;
	char *base = bp_odata_rtrim(a, opt->base_url ? opt->base_url : BP_ODATA4_BASE);
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		base[--bl] = '\0';
	j.root = bp_arena_printf(a, "%s/%s/%s", base, catalog, j.id);
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

	if ((rc = read_properties(&j, err)) || (rc = read_measures(&j, err)) ||
	    (rc = read_dimensions(&j, err)))
		goto out;
	if (j.map_year)
		snprintf(j.year_s, sizeof(j.year_s), "%d", j.map_year);
	if ((rc = read_codes(&j, err)))
		goto out;
	int year = atoi(j.year_s);
	if (!year && j.coverage)
		year = bp_odata_year_in(j.coverage);
	if (year < 1990 || year > 2100) {
		rc = bp_fail(err, BP_ERR_PARSE, "cannot tell the indeling year of %s: no MapYear, no year in its periods",
		             j.id);
		goto out;
	}
	res->year = year;
	snprintf(j.year_s, sizeof(j.year_s), "%d", year);
	const char *url = data_url(&j);
	/* Before the download: the same vintage loaded before costs no data request. */
	long existing;
	if ((rc = bp_odata_find_vintage(conn, IMPORTER, j.publisher, j.id, j.modified, url, &existing, err)))
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
