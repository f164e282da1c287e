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

typedef enum { T_MEASURE, T_GEMEENTENAAM, T_SOORT, T_CODERING, T_INDELING, T_TEXT } topic_role;

typedef struct topic {
	const char *key;         /* 'Eenzaam_28' */
	const char *code;        /* 'Eenzaam' */
	const char *title, *unit;
	int decimals;
	topic_role role;
} topic;

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

static void destroy_hash(void *p)
{
	g_hash_table_destroy(p);
}

static GHashTable *new_hash(bp_arena *a)
{
	GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
	bp_arena_on_free(a, destroy_hash, h);
	return h;
}

static void free_http(void *p)
{
	bp_http_free(p);
}

static void free_json(void *p)
{
	json_decref(p);
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
	bp_arena_on_free(j->a, free_json, all);
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
	j->columns = new_hash(j->a);
	g_hash_table_add(j->columns, "ID");
	GHashTable *codes = new_hash(j->a);
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
			if (dt && strcmp(dt, "String") == 0) {
				t->role = strcmp(t->code, "Gemeentenaam") == 0 ? T_GEMEENTENAAM
				        : strcmp(t->code, "SoortRegio") == 0 ? T_SOORT
				        : strcmp(t->code, "Codering") == 0 ? T_CODERING
				        : strcmp(t->code, "IndelingswijzigingGemeenteWijkBuurt") == 0 ? T_INDELING
				        : T_TEXT;
			} else {
				t->role = T_MEASURE;
				/* Two topics with one stable code in one table: keep them apart
				 * by their full key rather than merge different figures. */
				if (g_hash_table_contains(codes, t->code))
					t->code = key;
				g_hash_table_add(codes, (char *)t->code);
			}
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
			j->region_title = new_hash(j->a);
			if (j->opt->n_gemeenten)
				j->region_keep = new_hash(j->a);
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
	for (size_t i = 0; i < j->n_dims; i++) {
		const dim *d = &j->dims[i];
		if (d->kind != DIM_OTHER)
			continue;
		g_string_append_printf(f, "%s(%s eq ", f->len ? " and " : "", d->key);
		bp_odata_add_quoted(f, d->keep);
		g_string_append_c(f, ')');
	}
	if (j->region_keep) {
		/* Sorted, so the same request gives the same URL (it identifies the vintage). */
		GList *keys = g_list_sort(g_hash_table_get_values(j->region_keep), (GCompareFunc)strcmp);
		g_string_append_printf(f, "%s(", f->len ? " and " : "");
		for (GList *l = keys; l; l = l->next) {
			g_string_append_printf(f, "%s%s eq ", l == keys ? "" : " or ", j->dims[j->geo].key);
			bp_odata_add_quoted(f, l->data);
		}
		g_string_append_c(f, ')');
		g_list_free(keys);
	}
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
static bp_rc load_page(job *j, PGconn *conn, json_t *root, const char *url, bp_buf *copy, bp_arena *pa, bp_error *err)
{
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
			if (tp->role == T_MEASURE) {
				bp_cbs_value v;
				if (bp_cbs_value_parse(s ? s : "", s ? strlen(s) : 0, 0, &v) != 0) {
					bp_error_at(err, url, 0, 0);
					bp_error_row(err, j->rows);
					rc = bp_fail(err, BP_ERR_PARSE, "'%s' in column %s is neither a number nor a CBS symbol", s, tp->key);
					return rc;
				}
				bp_buf_adds(copy, tp->code);
				bp_buf_addc(copy, '\t');
				bp_buf_adds(copy, ac.code);
				bp_buf_printf(copy, "\t%s\t", j->year_s);
				bp_load_copy_field(copy, period);
				bp_buf_printf(copy, "\t%s\t", j->source_s);
				if (v.status == BP_STATUS_UNKNOWN || v.status == BP_STATUS_NOT_APPLICABLE)
					bp_buf_adds(copy, "\\N");
				else
					bp_buf_printf(copy, "%.17g", v.value);
				bp_buf_printf(copy, "\t%s\t%s\n", bp_value_status_name(v.status),
				              ac.gemeente[0] ? ac.gemeente : "\\N");
				j->observations++;
			} else if (s && !ar->name && tp->role == T_GEMEENTENAAM && ac.level == BP_LEVEL_GEMEENTE) {
				ar->name = bp_odata_rtrim(j->a, s);
			} else if (s && !ar->indeling && tp->role == T_INDELING) {
				char *ind = bp_odata_rtrim(j->a, s);
				while (*ind == ' ')
					ind++;
				if (*ind && strcmp(ind, ".") != 0)
					ar->indeling = ind;
			}
		}
		/* The region list's title wins: it names wijken and buurten too. */
		const char *title = g_hash_table_lookup(j->region_title, ac.code);
		if (title && *title)
			ar->name = title;
	}
	if (copy->len)
		rc = bp_load_copy(conn,
			"COPY bp.observation (variable_code, area_code, indeling_year, period, source_id, value, status, gemeente_code) FROM STDIN",
			copy, err);
	if (rc)
		bp_error_at(err, url, 0, 0);
	return rc;
}

static bp_rc write_variables(job *j, PGconn *conn, bp_error *err)
{
	char *origin = bp_arena_printf(j->a, "CBS %s DataProperties", j->id);
	for (size_t i = 0; i < j->n_topics; i++) {
		topic *t = &j->topics[i];
		if (t->role != T_MEASURE)
			continue;
		char dec[16];
		snprintf(dec, sizeof(dec), "%d", t->decimals);
		char *label = bp_arena_printf(j->a, "%s/%s", j->id, t->key);
		PGresult *r = NULL;
		/* A label mapped before (by hand, or by an earlier load) keeps its code. */
		const char *p1[] = { label };
		bp_rc rc = bp_pg_query(conn, "SELECT variable_code FROM bp.variable_label WHERE label = $1", 1, p1, &r, err);
		if (rc)
			return rc;
		if (PQntuples(r) > 0)
			t->code = bp_arena_strdup(j->a, PQgetvalue(r, 0, 0));
		PQclear(r);
		const char *p[] = { t->code, t->title, t->unit, dec, label, origin };
		rc = bp_pg_query(conn,
			"WITH v AS (INSERT INTO bp.variable (code, title, unit, decimals) VALUES ($1, $2, $3, $4) "
			"           ON CONFLICT (code) DO NOTHING) "
			"INSERT INTO bp.variable_label (label, variable_code, origin) VALUES ($5, $1, $6) "
			"ON CONFLICT (label) DO NOTHING", 6, p, NULL, err);
		if (rc)
			return rc;
	}
	return BP_OK;
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
	PGresult *r = NULL;
	bp_buf body, copy;
	bp_buf_init(&body);
	bp_buf_init(&copy);
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
	char *url = bp_xstrdup(url0);
	long existing = 0;

	rc = bp_pg_exec(conn, "BEGIN", err);
	if (rc)
		goto out;
	{
		/* Two loads of one table at once: the second waits, then sees the first. */
		const char *p[] = { j->id };
		rc = bp_pg_query(conn, "SELECT pg_advisory_xact_lock(hashtextextended('bp.source:odata3:' || $1, 0))", 1, p, NULL, err);
		if (rc)
			goto out;
	}
	if ((rc = find_vintage(j, conn, url0, &existing, err)))
		goto out;
	if (existing) {
		j->res->already_loaded = 1;
		j->res->source_id = existing;
		rc = bp_pg_exec(conn, "COMMIT", err);
		goto out;
	}
	{
		/* The checksum is known only at the end; a placeholder unique to this
		 * transaction keeps UNIQUE (publisher, table_id, checksum) satisfied. */
		const char *p[] = { j->publisher, j->id, j->title, url0, j->modified };
		rc = bp_pg_query(conn,
			"INSERT INTO bp.source (publisher, table_id, title, location, modified, checksum, licence, importer) "
			"VALUES ($1, $2, $3, $4, $5::timestamp AT TIME ZONE 'Europe/Amsterdam', "
			"        'pending-' || txid_current(), 'CC BY 4.0', '" IMPORTER "') RETURNING id", 5, p, &r, err);
		if (rc)
			goto out;
		j->source_id = atol(PQgetvalue(r, 0, 0));
		PQclear(r);
		r = NULL;
		snprintf(j->source_s, sizeof(j->source_s), "%ld", j->source_id);
	}
	if ((rc = write_variables(j, conn, err)))
		goto out;

	/* Page by page: fetch, parse, check, COPY, free; only areas are kept. */
	while (url) {
		json_t *root = NULL;
		rc = get_json(j, url, &body, sum, &root, err);
		if (rc)
			goto out;
		bp_arena *pa = bp_arena_new();
		rc = load_page(j, conn, root, url, &copy, pa, err);
		const char *next = rc ? NULL : bp_odata_jstr(root, "odata.nextLink");
		char *next_url = next ? bp_xstrdup(next) : NULL;
		json_decref(root);
		bp_arena_free(pa);
		if (rc) {
			free(next_url);
			goto out;
		}
		j->res->pages++;
		if (j->opt->progress)
			j->opt->progress(j->opt->progress_ctx, j->res->pages, j->rows);
		if (next_url && strcmp(next_url, url) == 0) {
			bp_error_at(err, url, 0, 0);
			rc = bp_fail(err, BP_ERR_PARSE, "the page links to itself as the next page");
			free(next_url);
			goto out;
		}
		free(url);
		url = next_url;
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
		const char *hex = g_checksum_get_string(sum);
		const char *p[] = { j->publisher, j->id, hex };
		rc = bp_pg_query(conn, "SELECT id FROM bp.source WHERE publisher = $1 AND table_id = $2 AND checksum = $3", 3, p, &r, err);
		if (rc)
			goto out;
		if (PQntuples(r) > 0) {
			/* A new Modified over the same bytes: nothing new to store. */
			j->res->already_loaded = 1;
			j->res->source_id = atol(PQgetvalue(r, 0, 0));
			bp_pg_rollback(conn);
			goto out;
		}
		PQclear(r);
		r = NULL;
		char rows_s[32];
		snprintf(rows_s, sizeof(rows_s), "%ld", j->rows);
		const char *q[] = { hex, rows_s, j->source_s };
		rc = bp_pg_query(conn, "UPDATE bp.source SET checksum = $1, row_count = $2 WHERE id = $3", 3, q, NULL, err);
		if (rc)
			goto out;
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
	PQclear(r);
	free(url);
	g_checksum_free(sum);
	bp_buf_release(&body);
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
	j.areas = new_hash(a);
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
