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
	const char *keep_trim;   /* and right-trimmed */
	size_t n_members;
	size_t col;              /* its column number in a data row */
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
	/* data rows while they stream by: see index_columns */
	size_t n_cols, *topics_col, *pos_col;
	const char **col_key;
	GHashTable *col_index;            /* key -> column number + 1 */
	const bp_odata_cell **cell_of;    /* the current row's cell per column */
	bp_buf letters;                   /* the current row's status letters */
	long mark_rows, mark_skipped, mark_observations;
	GPtrArray *new_areas;             /* codes of areas first seen on the current page */
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

/* All rows of a metadata entity set, following odata.nextLink; tied to the arena. */
static bp_rc get_list(job *j, const char *entity, json_t **out, bp_error *err)
{
	const char *url = bp_arena_printf(j->a, "%s/ODataApi/odata/%s/%s?$format=json", j->base, j->id, entity);
	return bp_odata_get_list(j->http, j->max_attempts, j->a, url, "odata.nextLink", j->opt->limits,
	                         &j->res->retries, out, err);
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
	j->topics_col = bp_arena_alloc(j->a, (n + 1) * sizeof(*j->topics_col));
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

/*
 * The columns of a data row by number: 0 is ID, then the dimensions and
 * topics in DataProperties order; j->columns keeps its own order for the
 * 'lacks' message.  Rows come in one key order, so the number of the i-th
 * key of the last row is tried before the hash.
 */
static void index_columns(job *j)
{
	j->n_cols = g_hash_table_size(j->columns);
	j->col_key = bp_arena_alloc(j->a, (j->n_cols + 1) * sizeof(*j->col_key));
	j->col_index = bp_odata_str_hash(j->a);
	size_t n = 0;
	for (size_t i = 0; i < 1 + j->n_dims + j->n_topics; i++) {
		const char *key = i == 0 ? "ID" : i <= j->n_dims ? j->dims[i - 1].key : j->topics[i - 1 - j->n_dims].key;
		if (!g_hash_table_contains(j->col_index, key)) {
			j->col_key[n] = key;
			g_hash_table_insert(j->col_index, (char *)key, GSIZE_TO_POINTER(n + 1));
			n++;
		}
		size_t c = GPOINTER_TO_SIZE(g_hash_table_lookup(j->col_index, key)) - 1;
		if (i >= 1 && i <= j->n_dims)
			j->dims[i - 1].col = c;
		else if (i > j->n_dims)
			j->topics_col[i - 1 - j->n_dims] = c;
	}
	j->n_cols = n;
	j->cell_of = bp_arena_alloc(j->a, (n + 1) * sizeof(*j->cell_of));
	j->pos_col = bp_arena_alloc(j->a, (n + 1) * sizeof(*j->pos_col));
	for (size_t i = 0; i < n; i++)
		j->pos_col[i] = (size_t)-1;
	for (size_t d = 0; d < j->n_dims; d++)
		if (j->dims[d].kind == DIM_OTHER)
			j->dims[d].keep_trim = bp_odata_rtrim(j->a, j->dims[d].keep);
}

static bp_rc check_columns(job *j, const bp_odata_cell *cells, size_t n, const char *url, bp_error *err)
{
	size_t present = 0;
	memset(j->cell_of, 0, j->n_cols * sizeof(*j->cell_of));
	for (size_t i = 0; i < n; i++) {
		size_t c = i < j->n_cols ? j->pos_col[i] : (size_t)-1;
		if (c == (size_t)-1 || strcmp(j->col_key[c], cells[i].key) != 0) {
			c = GPOINTER_TO_SIZE(g_hash_table_lookup(j->col_index, cells[i].key));
			if (!c) {
				bp_error_at(err, url, 0, 0);
				bp_error_row(err, j->rows + 1);
				bp_rc rc = bp_fail(err, BP_ERR_PARSE, "the page has a column '%s' that DataProperties of %s does not list", cells[i].key, j->id);
				bp_error_hint(err, "the table changed while it was downloaded, or the metadata is stale; run the import again");
				return rc;
			}
			c--;
			if (i < j->n_cols)
				j->pos_col[i] = c;
		}
		if (!j->cell_of[c])
			present++;
		j->cell_of[c] = &cells[i];   /* a repeated key: the last one, as jansson */
	}
	if (present != j->n_cols) {
		GHashTableIter it;
		gpointer key;
		g_hash_table_iter_init(&it, j->columns);
		while (g_hash_table_iter_next(&it, &key, NULL))
			if (!j->cell_of[GPOINTER_TO_SIZE(g_hash_table_lookup(j->col_index, key)) - 1])
				break;
		bp_error_at(err, url, 0, 0);
		bp_error_row(err, j->rows + 1);
		bp_rc rc = bp_fail(err, BP_ERR_PARSE, "the page lacks the column '%s' that DataProperties of %s lists", (char *)key, j->id);
		bp_error_hint(err, "the table changed while it was downloaded, or the metadata is stale; run the import again");
		return rc;
	}
	return BP_OK;
}

static bp_rc cell_text(job *j, size_t col, const char *url, const char **out, size_t *len, bp_error *err)
{
	const bp_odata_cell *c = j->cell_of[col];
	*out = NULL;
	*len = 0;
	if (c->type == BP_ODATA_CELL_NULL)
		return BP_OK;
	if (c->type != BP_ODATA_CELL_STRING) {
		bp_error_at(err, url, 0, 0);
		bp_error_row(err, j->rows + 1);
		return bp_fail(err, BP_ERR_PARSE, "column %s is not text as UntypedDataSet has it", j->col_key[col]);
	}
	*out = c->val;
	*len = c->val_len;
	return BP_OK;
}

/* The number text of a cell bp_cbs_value_parse accepted with a value: the
 * same trimming, so PostgreSQL's float8 input (strtod) reads the double
 * that bp_cbs_value_parse read, with no formatting on our side. */
static void number_span(const char *s, size_t len, bp_value_status st, const char **out, size_t *out_len)
{
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	if (st == BP_STATUS_REVISED_PROVISIONAL)
		len -= 2;
	else if (st == BP_STATUS_PROVISIONAL)
		len -= 1;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	*out = s;
	*out_len = len;
}

/* Before a page (restore 0) or when its partial attempt is dropped (restore 1). */
static void page_state(void *ctx, int restore)
{
	job *j = ctx;
	if (!restore) {
		j->mark_rows = j->rows;
		j->mark_skipped = j->skipped;
		j->mark_observations = j->observations;
	} else {
		j->rows = j->mark_rows;
		j->skipped = j->mark_skipped;
		j->observations = j->mark_observations;
		for (guint i = 0; i < j->new_areas->len; i++)
			g_hash_table_remove(j->areas, g_ptr_array_index(j->new_areas, i));
	}
	g_ptr_array_set_size(j->new_areas, 0);
}

/* One data row, as its object closes: check, stage its area in memory,
 * append its observations to copy.  A bp_odata_row_fn: ctx is the job. */
static bp_rc load_row(void *ctx, const bp_odata_cell *cells, size_t n, const char *url, bp_buf *copy, bp_arena *pa, bp_error *err)
{
	job *j = ctx;
	bp_rc rc;
	if ((rc = check_columns(j, cells, n, url, err)))
		return rc;
	const char *s;
	size_t len;
	int skip = 0;
	for (size_t d = 0; d < j->n_dims && !skip; d++) {
		if (j->dims[d].kind != DIM_OTHER)
			continue;
		if ((rc = cell_text(j, j->dims[d].col, url, &s, &len, err)))
			return rc;
		/* A server that ignores $filter sends the other members too: not ours. */
		while (s && len && isspace((unsigned char)s[len - 1]))
			len--;
		skip = !s || len != strlen(j->dims[d].keep_trim) || memcmp(s, j->dims[d].keep_trim, len) != 0;
	}
	if ((rc = cell_text(j, j->dims[j->geo].col, url, &s, &len, err)))
		return rc;
	bp_area_code ac;
	if (!s || bp_area_code_parse(s, len, &ac) != 0) {
		bp_error_at(err, url, 0, 0);
		bp_error_row(err, j->rows + 1);
		return bp_fail(err, BP_ERR_PARSE, "'%s' in column %s is not a CBS area code", s ? s : "null", j->dims[j->geo].key);
	}
	if (j->region_keep && !g_hash_table_contains(j->region_keep, ac.code))
		skip = 1;
	if (skip) {
		j->skipped++;
		return BP_OK;
	}
	j->rows++;
	const char *period = j->year_s;
	if (j->time >= 0) {
		if ((rc = cell_text(j, j->dims[j->time].col, url, &s, &len, err)))
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
		g_ptr_array_add(j->new_areas, ar->ac.code);
	}
	/* One bp.observation_row: the row's key, then every measure at its
	 * position in bp.source_column (write_columns), value and status letter. */
	bp_buf *letters = &j->letters;
	bp_buf_reset(letters);
	bp_buf_adds(copy, j->source_s);
	bp_buf_addc(copy, '\t');
	bp_buf_adds(copy, ac.code);
	bp_buf_addc(copy, '\t');
	bp_buf_adds(copy, j->year_s);
	bp_buf_addc(copy, '\t');
	bp_load_copy_field(copy, period);
	bp_buf_addc(copy, '\t');
	bp_load_copy_field(copy, ac.gemeente[0] ? ac.gemeente : NULL);
	bp_buf_add(copy, "\t{", 2);
	for (size_t t = 0; t < j->n_topics; t++) {
		const topic *tp = &j->topics[t];
		if ((rc = cell_text(j, j->topics_col[t], url, &s, &len, err)))
			return rc;
		if (tp->role == BP_TOPIC_MEASURE) {
			bp_cbs_value v;
			if (bp_cbs_value_parse(s ? s : "", len, 0, &v) != 0) {
				bp_error_at(err, url, 0, 0);
				bp_error_row(err, j->rows);
				return bp_fail(err, BP_ERR_PARSE, "'%s' in column %s is neither a number nor a CBS symbol", s, tp->key);
			}
			if (letters->len)
				bp_buf_addc(copy, ',');
			if (v.status != BP_STATUS_UNKNOWN && v.status != BP_STATUS_NOT_APPLICABLE) {
				const char *num;
				size_t num_len;
				number_span(s, len, v.status, &num, &num_len);
				bp_buf_add(copy, num, num_len);
			} else {
				bp_buf_add(copy, "NULL", 4);
			}
			bp_buf_addc(letters, bp_value_status_letter(v.status));
			j->observations++;
		} else {
			bp_odata_area_text(j->a, ar, tp->role, s);
		}
	}
	bp_buf_add(copy, "}\t", 2);
	bp_buf_add(copy, letters->data, letters->len);
	bp_buf_addc(copy, '\n');
	/* The region list's title wins: it names wijken and buurten too. */
	const char *title = g_hash_table_lookup(j->region_title, ac.code);
	if (title && *title)
		ar->name = title;
	return BP_OK;
}

/* The label '{id}/{key}' maps to the variable; see bp_odata_write_topics.
 * Then the vintage's columns: the measures in the order load_row writes them. */
static bp_rc write_variables(job *j, PGconn *conn, bp_error *err)
{
	bp_rc rc = bp_odata_write_topics(conn, j->a, j->id, j->topics, j->n_topics, err);
	if (rc)
		return rc;
	const char **codes = bp_arena_alloc(j->a, (j->n_topics + 1) * sizeof(*codes));
	size_t n = 0;
	for (size_t t = 0; t < j->n_topics; t++)
		if (j->topics[t].role == BP_TOPIC_MEASURE)
			codes[n++] = j->topics[t].code;
	const char *p[] = { j->source_s, bp_pg_text_array(j->a, codes, n) };
	rc = bp_pg_query(conn,
		"INSERT INTO bp.source_column (source_id, position, variable_code) "
		"SELECT $1, u.position, u.code FROM unnest($2::text[]) WITH ORDINALITY AS u(code, position)",
		2, p, NULL, err);
	if (rc == BP_ERR_DB && strstr(err->message, "source_column_source_id_variable_code_key"))
		bp_error_hint(err, "two topics of %s map to one variable code; see bp.variable_label", j->id);
	return rc;
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

	/* Page by page, each parsed and COPied while it arrives; only areas are kept.
	 * The completeness check below also tells the progress line what to expect. */
	{
		long expected = (long)(j->n_regions * (j->time >= 0 ? j->dims[j->time].n_members : 1));
		bp_odata_streamer st = {
			.http = j->http, .max_attempts = j->max_attempts, .retries = &j->res->retries,
			.next_key = "odata.nextLink", .sum = &sum,
			.copy_sql = "COPY bp.observation_row (source_id, area_code, indeling_year, period, gemeente_code, value, status) FROM STDIN",
			.copy_chunk = j->opt->copy_chunk,
			.row = load_row, .page_state = page_state, .ctx = j,
			.pages = &j->res->pages, .rows = &j->rows, .expected_rows = &expected,
			.progress = j->opt->progress, .progress_ctx = j->opt->progress_ctx,
			.limits = j->opt->limits,
		};
		index_columns(j);
		if ((rc = bp_odata_stream_pages(&st, conn, url0, err)))
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
	bp_buf_init(&j.letters);
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
	j.new_areas = g_ptr_array_new();
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
	if (j.new_areas)
		g_ptr_array_free(j.new_areas, TRUE);
	bp_buf_release(&j.letters);
	bp_arena_free(a);
	return rc;
}
