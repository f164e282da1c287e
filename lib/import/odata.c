/* odata.c: see odata.h.  Moved out of odata3.c so odata4.c shares it. */
#include "import/odata.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "db/pgutil.h"
#include "import/load.h"

char *bp_odata_rtrim(bp_arena *a, const char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return bp_arena_strndup(a, s, n);
}

const char *bp_odata_jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

bp_rc bp_odata_get_json(bp_http *h, int max_attempts, const char *url, bp_buf *body,
                        GChecksum *sum, json_t **out, long *retries, bp_error *err)
{
	json_error_t je;
	for (int attempt = 1;; attempt++) {
		bp_rc rc = bp_http_get(h, url, body, err);
		if (rc)
			return rc;
		json_t *root = json_loadb(body->data, body->len, 0, &je);
		if (root && json_is_object(root)) {
			if (sum)
				g_checksum_update(sum, (const guchar *)body->data, (gssize)body->len);
			*out = root;
			return BP_OK;
		}
		json_decref(root);
		if (attempt >= max_attempts) {
			bp_error_at(err, url, root ? 1 : je.line, root ? 1 : je.column);
			rc = bp_fail(err, BP_ERR_PARSE, "the server's answer is not a JSON object%s%s",
			             root ? "" : ": ", root ? "" : je.text);
			char shown[81];
			bp_http_printable(shown, sizeof(shown), body->data, body->len < 80 ? body->len : 80);
			bp_error_detail(err, "%zu bytes, starting: %s", body->len, shown);
			bp_error_hint(err, "gave up after %d attempts; try again later", attempt);
			return rc;
		}
		(*retries)++;
	}
}

const char *bp_odata_period(bp_arena *a, const char *raw)
{
	char *p = bp_odata_rtrim(a, raw);
	size_t n = strlen(p);
	if (n == 8 && strcmp(p + 4, "JJ00") == 0)
		p[4] = '\0';
	return p;
}

int bp_odata_year_in(const char *s)
{
	int y = 0;
	for (const char *p = s; p && *p; p++)
		if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
		    isdigit((unsigned char)p[3]) && !isdigit((unsigned char)p[4]) && (p == s || !isdigit((unsigned char)p[-1])))
			y = atoi(p);
	return y;
}

void bp_odata_add_quoted(GString *s, const char *v)
{
	g_string_append_c(s, '\'');
	for (; *v; v++) {
		if (*v == '\'')
			g_string_append_c(s, '\'');   /* OData doubles a quote inside a literal */
		g_string_append_c(s, *v);
	}
	g_string_append_c(s, '\'');
}

void bp_odata_filter_member(GString *f, const char *dim_key, const char *keep)
{
	g_string_append_printf(f, "%s(%s eq ", f->len ? " and " : "", dim_key);
	bp_odata_add_quoted(f, keep);
	g_string_append_c(f, ')');
}

void bp_odata_filter_regions(GString *f, GHashTable *region_keep, const char *geo_key)
{
	GList *keys = g_list_sort(g_hash_table_get_values(region_keep), (GCompareFunc)strcmp);
	g_string_append_printf(f, "%s(", f->len ? " and " : "");
	for (GList *l = keys; l; l = l->next) {
		g_string_append_printf(f, "%s%s eq ", l == keys ? "" : " or ", geo_key);
		bp_odata_add_quoted(f, l->data);
	}
	g_string_append_c(f, ')');
	g_list_free(keys);
}

bp_rc bp_odata_write_areas(PGconn *conn, GHashTable *areas, int year, const char *url, bp_error *err)
{
	bp_buf b;
	bp_buf_init(&b);
	GHashTableIter it;
	gpointer v;
	g_hash_table_iter_init(&it, areas);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		const bp_odata_area *ar = v;
		bp_load_stage_area_row(&b, &ar->ac, ar->name ? ar->name : ar->ac.code, ar->indeling, ar->row);
	}
	bp_rc rc = bp_load_stage_areas(conn, err);
	if (rc == BP_OK)
		rc = bp_load_copy(conn, "COPY stg_area FROM STDIN", &b, err);
	if (rc == BP_OK)
		rc = bp_load_merge_areas(conn, year, url, 1,
			"import the table without --gemeente, or the gemeente's own table first", err);
	bp_buf_release(&b);
	return rc;
}

bp_rc bp_odata_find_vintage(PGconn *conn, const char *importer, const char *publisher,
                            const char *table_id, const char *modified, const char *url,
                            long *id, bp_error *err)
{
	PGresult *r = NULL;
	const char *p[] = { importer, publisher, table_id, modified, url };
	*id = 0;
	if (!modified)
		return BP_OK;
	/* v3 sends local time without an offset; v4 may add one: honour it then. */
	bp_rc rc = bp_pg_query(conn,
		"SELECT id FROM bp.source WHERE importer = $1 AND publisher = $2 AND table_id = $3 "
		"   AND modified = " BP_ODATA_MODIFIED_SQL("$4") " "
		"   AND location = $5 ORDER BY id LIMIT 1", 5, p, &r, err);
	if (rc)
		return rc;
	if (PQntuples(r) > 0)
		rc = bp_pg_long(r, 0, 0, id, err);
	PQclear(r);
	return rc;
}

/*
 * A walk over linked pages: the URLs fetched so far, and how many pages and
 * bytes.  walk_next is called after each page with the link it holds.
 */
typedef struct walk {
	GHashTable *seen;        /* owned copies of every URL fetched */
	char *origin;            /* scheme://host[:port] of the first URL, lower case */
	long pages, max_pages;
	uint64_t bytes, max_bytes;
} walk;

/* scheme://host[:port] of url in lower case (g_free), or the whole url when it has no "://". */
static char *url_origin(const char *url)
{
	const char *p = strstr(url, "://");
	size_t n = strlen(url);
	if (p) {
		const char *e = p + 3 + strcspn(p + 3, "/?#");
		n = (size_t)(e - url);
	}
	return g_ascii_strdown(url, (gssize)n);
}

static void walk_init(walk *w, const char *url0, long max_pages, uint64_t max_bytes)
{
	w->origin = url_origin(url0);
	w->seen = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	g_hash_table_add(w->seen, bp_xstrdup(url0));
	w->pages = 0;
	w->bytes = 0;
	w->max_pages = max_pages;
	w->max_bytes = max_bytes;
}

static void walk_free(walk *w)
{
	g_free(w->origin);
	g_hash_table_destroy(w->seen);
}

/* The page at url (page_bytes long) was read and links to next (NULL: the
 * last page): BP_OK to follow it, or BP_ERR_PARSE at url. */
static bp_rc walk_next(walk *w, const char *url, const char *next, size_t page_bytes, bp_error *err)
{
	w->pages++;
	w->bytes += page_bytes;
	if (!next)
		return BP_OK;
	bp_rc rc = BP_OK;
	char *origin = url_origin(next);
	int other_host = strcmp(origin, w->origin) != 0;
	g_free(origin);
	if (other_host) {
		/* bp.source records the first URL: data from elsewhere (or over
		 * plain http after https) would be loaded under its name. */
		bp_error_at(err, url, 0, 0);
		bp_fail(err, BP_ERR_PARSE, "the page's next link leads to another host than %s", w->origin);
		bp_error_detail(err, "next link: %s", next);
		bp_error_hint(err, "the server's next links leave the service; report it to the publisher");
		return BP_ERR_PARSE;
	}
	if (strcmp(next, url) == 0) {
		bp_error_at(err, url, 0, 0);
		rc = bp_fail(err, BP_ERR_PARSE, "the page links to itself as the next page");
	} else if (g_hash_table_contains(w->seen, next)) {
		bp_error_at(err, url, 0, 0);
		rc = bp_fail(err, BP_ERR_PARSE, "the page's next link leads back to a page read before (a loop, after %ld pages)",
		             w->pages);
		bp_error_detail(err, "next link: %s", next);
	} else if (w->pages >= w->max_pages || w->bytes >= w->max_bytes) {
		bp_error_at(err, url, 0, 0);
		if (w->pages >= w->max_pages)
			rc = bp_fail(err, BP_ERR_PARSE, "the next links go on for more than %ld pages", w->max_pages);
		else
			rc = bp_fail(err, BP_ERR_PARSE, "the next links go on for more than %llu MiB (%ld pages)",
			             (unsigned long long)(w->max_bytes >> 20), w->pages);
		bp_error_detail(err, "next link: %s", next);
	}
	if (rc) {
		bp_error_hint(err, "the server's next links do not end; try again later or report it to the publisher");
		return rc;
	}
	g_hash_table_add(w->seen, bp_xstrdup(next));
	return BP_OK;
}

static long data_pages(const bp_odata_limits *l)
{
	return l && l->data_pages > 0 ? l->data_pages : BP_ODATA_MAX_DATA_PAGES;
}

static uint64_t data_bytes(const bp_odata_limits *l)
{
	return l && l->data_bytes > 0 ? l->data_bytes : BP_ODATA_MAX_DATA_BYTES;
}

bp_rc bp_odata_read_pages(const bp_odata_pager *p, PGconn *conn, const char *url0, bp_buf *copy, bp_error *err)
{
	bp_rc rc = BP_OK;
	bp_buf body;
	bp_buf_init(&body);
	char *url = bp_xstrdup(url0);
	walk w;
	walk_init(&w, url0, data_pages(p->limits), data_bytes(p->limits));
	while (url) {
		json_t *root = NULL;
		rc = bp_odata_get_json(p->http, p->max_attempts, url, &body, p->sum, &root, p->retries, err);
		if (rc)
			break;
		bp_arena *pa = bp_arena_new();
		rc = p->page(p->ctx, conn, root, url, copy, pa, err);
		const char *next = rc ? NULL : bp_odata_jstr(root, p->next_key);
		char *next_url = next ? bp_xstrdup(next) : NULL;
		json_decref(root);
		bp_arena_free(pa);
		if (rc) {
			free(next_url);
			break;
		}
		(*p->pages)++;
		if (p->progress) {
			bp_progress pr = { *p->pages, *p->rows, p->expected_rows ? *p->expected_rows : 0 };
			p->progress(p->progress_ctx, &pr);
		}
		if ((rc = walk_next(&w, url, next_url, body.len, err))) {
			free(next_url);
			break;
		}
		free(url);
		url = next_url;
	}
	free(url);
	walk_free(&w);
	bp_buf_release(&body);
	return rc;
}

static void destroy_hash(void *p)
{
	g_hash_table_destroy(p);
}

GHashTable *bp_odata_str_hash(bp_arena *a)
{
	GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
	bp_arena_on_free(a, destroy_hash, h);
	return h;
}

static void free_json(void *p)
{
	json_decref(p);
}

void bp_odata_arena_json(bp_arena *a, json_t *j)
{
	bp_arena_on_free(a, free_json, j);
}

bp_rc bp_odata_get_list(bp_http *h, int max_attempts, bp_arena *a, const char *url, const char *next_key,
                        const bp_odata_limits *limits, long *retries, json_t **out, bp_error *err)
{
	json_t *all = json_array();
	bp_odata_arena_json(a, all);
	bp_buf body;
	bp_buf_init(&body);
	bp_rc rc = BP_OK;
	walk w;
	walk_init(&w, url, limits && limits->list_pages > 0 ? limits->list_pages : BP_ODATA_MAX_LIST_PAGES,
	          limits && limits->list_bytes > 0 ? limits->list_bytes : BP_ODATA_MAX_LIST_BYTES);
	while (url) {
		json_t *root = NULL;
		rc = bp_odata_get_json(h, max_attempts, url, &body, NULL, &root, retries, err);
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
		const char *next = bp_odata_jstr(root, next_key);
		rc = walk_next(&w, url, next, body.len, err);
		url = next && !rc ? bp_arena_strdup(a, next) : NULL;
		json_decref(root);
	}
	walk_free(&w);
	bp_buf_release(&body);
	*out = all;
	return rc;
}

void bp_odata_topic_classify(bp_odata_topic *t, const char *datatype, GHashTable *codes)
{
	if (datatype && strcmp(datatype, "String") == 0) {
		t->role = strcmp(t->code, "Gemeentenaam") == 0 ? BP_TOPIC_GEMEENTENAAM
		        : strcmp(t->code, "SoortRegio") == 0 ? BP_TOPIC_SOORT
		        : strcmp(t->code, "Codering") == 0 ? BP_TOPIC_CODERING
		        : strcmp(t->code, "IndelingswijzigingGemeenteWijkBuurt") == 0 ? BP_TOPIC_INDELING
		        : BP_TOPIC_TEXT;
	} else {
		t->role = BP_TOPIC_MEASURE;
		/* Two topics with one stable code in one table: keep them apart
		 * by their full key rather than merge different figures. */
		if (g_hash_table_contains(codes, t->code))
			t->code = t->key;
		g_hash_table_add(codes, (char *)t->code);
	}
}

void bp_odata_area_text(bp_arena *a, bp_odata_area *ar, bp_odata_topic_role role, const char *s)
{
	if (!s)
		return;
	if (!ar->name && role == BP_TOPIC_GEMEENTENAAM && ar->ac.level == BP_LEVEL_GEMEENTE) {
		ar->name = bp_odata_rtrim(a, s);
	} else if (!ar->indeling && role == BP_TOPIC_INDELING) {
		char *ind = bp_odata_rtrim(a, s);
		while (*ind == ' ')
			ind++;
		if (*ind && strcmp(ind, ".") != 0)
			ar->indeling = ind;
	}
}

bp_rc bp_odata_map_label(PGconn *conn, bp_arena *a, const char *label, const char **code, bp_error *err)
{
	PGresult *r = NULL;
	const char *p[] = { label };
	bp_rc rc = bp_pg_query(conn, "SELECT variable_code FROM bp.variable_label WHERE label = $1", 1, p, &r, err);
	if (rc)
		return rc;
	if (PQntuples(r) > 0)
		*code = bp_arena_strdup(a, PQgetvalue(r, 0, 0));
	PQclear(r);
	return BP_OK;
}

bp_rc bp_odata_register_variable(PGconn *conn, const char *code, const char *title, const char *unit,
                                 int decimals, const char *label, const char *origin, bp_error *err)
{
	char dec[16];
	snprintf(dec, sizeof(dec), "%d", decimals);
	/* Titles end up on pages: no bidi overrides, no control characters. */
	char *t = bp_load_display_text(title), *u = bp_load_display_text(unit);
	const char *p[] = { code, t, u, dec, label, origin };
	bp_rc rc = bp_pg_query(conn,
		"WITH v AS (INSERT INTO bp.variable (code, title, unit, decimals) VALUES ($1, $2, $3, $4) "
		"           ON CONFLICT (code) DO NOTHING) "
		"INSERT INTO bp.variable_label (label, variable_code, origin) VALUES ($5, $1, $6) "
		"ON CONFLICT (label) DO NOTHING", 6, p, NULL, err);
	g_free(t);
	g_free(u);
	return rc;
}

bp_rc bp_odata_write_topics(PGconn *conn, bp_arena *a, const char *table_id,
                            bp_odata_topic *topics, size_t n_topics, bp_error *err)
{
	char *origin = bp_arena_printf(a, "CBS %s DataProperties", table_id);
	for (size_t i = 0; i < n_topics; i++) {
		bp_odata_topic *t = &topics[i];
		if (t->role != BP_TOPIC_MEASURE)
			continue;
		char *label = bp_arena_printf(a, "%s/%s", table_id, t->key);
		bp_rc rc = bp_odata_map_label(conn, a, label, &t->code, err);
		if (rc == BP_OK)
			rc = bp_odata_register_variable(conn, t->code, t->title, t->unit, t->decimals, label, origin, err);
		if (rc)
			return rc;
	}
	return BP_OK;
}

void bp_odata_add_observation(bp_buf *b, const char *variable_code, const char *area_code,
                              const char *year_s, const char *period, const char *source_s,
                              int has_value, double value, bp_value_status status, const char *gemeente)
{
	bp_buf_adds(b, variable_code);
	bp_buf_addc(b, '\t');
	bp_buf_adds(b, area_code);
	bp_buf_printf(b, "\t%s\t", year_s);
	bp_load_copy_field(b, period);
	bp_buf_printf(b, "\t%s\t", source_s);
	if (has_value)
		bp_buf_printf(b, "%.17g", value);
	else
		bp_buf_adds(b, "\\N");
	bp_buf_printf(b, "\t%s\t", bp_value_status_name(status));
	bp_load_copy_field(b, gemeente);
	bp_buf_addc(b, '\n');
}

bp_rc bp_odata_copy_observations(PGconn *conn, const bp_buf *b, bp_error *err)
{
	return bp_load_copy(conn,
		"COPY bp.observation (variable_code, area_code, indeling_year, period, source_id, value, status, gemeente_code) FROM STDIN",
		b, err);
}

/* The pending bp.source row of bp_odata_start_vintage. */
static bp_rc insert_pending_source(PGconn *conn, const char *importer, const char *publisher,
                                   const char *table_id, const char *title, const char *url,
                                   const char *modified, int modified_is_local, long *id, bp_error *err)
{
	PGresult *r = NULL;
	char *shown = bp_load_display_text(title);
	const char *p[] = { publisher, table_id, shown, url, modified, importer };
	bp_rc rc = bp_pg_query(conn, modified_is_local
		? "INSERT INTO bp.source (publisher, table_id, title, location, modified, checksum, licence, importer) "
		  "VALUES ($1, $2, $3, $4, $5::timestamp AT TIME ZONE 'Europe/Amsterdam', "
		  "        'pending-' || txid_current(), 'CC BY 4.0', $6) RETURNING id"
		: "INSERT INTO bp.source (publisher, table_id, title, location, modified, checksum, licence, importer) "
		  "VALUES ($1, $2, $3, $4, " BP_ODATA_MODIFIED_SQL("$5") ", "
		  "        'pending-' || txid_current(), 'CC BY 4.0', $6) RETURNING id", 6, p, &r, err);
	g_free(shown);
	if (rc)
		return rc;
	rc = bp_pg_long(r, 0, 0, id, err);
	PQclear(r);
	return rc;
}

bp_rc bp_odata_start_vintage(PGconn *conn, const char *importer, const char *lock_key, const char *publisher,
                             const char *table_id, const char *title, const char *url,
                             const char *modified, int modified_is_local,
                             long *existing, long *source_id, bp_error *err)
{
	bp_rc rc = bp_load_lock(conn, lock_key, err);
	if (rc == BP_OK)
		rc = bp_odata_find_vintage(conn, importer, publisher, table_id, modified, url, existing, err);
	if (rc == BP_OK && !*existing)
		rc = insert_pending_source(conn, importer, publisher, table_id, title, url, modified, modified_is_local,
		                           source_id, err);
	return rc;
}

bp_rc bp_odata_settle_source(PGconn *conn, const char *publisher, const char *table_id, const char *hex,
                             long rows, const char *source_s, long *existing, bp_error *err)
{
	PGresult *r = NULL;
	const char *p[] = { publisher, table_id, hex };
	*existing = 0;
	bp_rc rc = bp_pg_query(conn, "SELECT id FROM bp.source WHERE publisher = $1 AND table_id = $2 AND checksum = $3", 3, p, &r, err);
	if (rc)
		return rc;
	if (PQntuples(r) > 0)
		rc = bp_pg_long(r, 0, 0, existing, err);
	PQclear(r);
	if (rc || *existing)
		return rc;
	char rows_s[32];
	snprintf(rows_s, sizeof(rows_s), "%ld", rows);
	const char *q[] = { hex, rows_s, source_s };
	return bp_pg_query(conn, "UPDATE bp.source SET checksum = $1, row_count = $2 WHERE id = $3", 3, q, NULL, err);
}

/* ------------------------------------------------------------ streamed pages */


static char *bp_xstrndup(const char *s, size_t n)
{
	char *r = bp_xmalloc(n + 1);
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

typedef struct cell_at {
	size_t key, val, val_len;
	bp_odata_cell_type type;
} cell_at;

enum { KEY_OTHER, KEY_VALUE, KEY_NEXT };

/* One page being streamed: parser state, its COPY, its checksum. */
typedef struct pstream {
	const bp_odata_streamer *s;
	PGconn *conn;
	const char *url;
	bp_error *err;
	bp_buf *copy;
	yajl_handle y;
	GChecksum *sum;          /* the total so far plus this attempt's bytes */
	bp_arena *pa;
	int dirty;               /* bytes or rows of this attempt seen */
	int copy_open, copy_sent;/* COPY begun in this attempt (so: roll back to the savepoint) */
	/* where the parser is */
	int depth;               /* 0 before the root, 1 in it, 2 in 'value', 3 in a row */
	int skip;                /* levels of an uninteresting value still open */
	int key_role;            /* of the root's current key */
	int seen_value, bad_value, root_not_object, root_done;
	char *next;
	/* the row being read: texts in rowtext, cells by offset */
	bp_buf rowtext;
	cell_at *at;
	bp_odata_cell *cells;
	size_t n_cells, cap_cells;
	size_t cur_key;
	/* a fatal error (a bad row, the database) in err; not retried */
	bp_rc fatal;
	/* for a parse error's message */
	size_t bytes, line_bytes;
	long lines;
	char head[81];
	size_t head_len;
} pstream;

static int fatal_row(pstream *ps, bp_rc rc)
{
	ps->fatal = rc;
	return 0;
}

static void add_cell(pstream *ps, bp_odata_cell_type type, const char *v, size_t n)
{
	if (ps->n_cells == ps->cap_cells) {
		ps->cap_cells = ps->cap_cells ? 2 * ps->cap_cells : 64;
		ps->at = bp_xrealloc(ps->at, ps->cap_cells * sizeof(*ps->at));
		ps->cells = bp_xrealloc(ps->cells, ps->cap_cells * sizeof(*ps->cells));
	}
	cell_at *c = &ps->at[ps->n_cells++];
	c->key = ps->cur_key;
	c->type = type;
	c->val = ps->rowtext.len;
	c->val_len = type == BP_ODATA_CELL_STRING ? n : 0;
	if (type == BP_ODATA_CELL_STRING)
		bp_buf_add(&ps->rowtext, v, n);
	bp_buf_addc(&ps->rowtext, '\0');
}

static int row_not_object(pstream *ps)
{
	bp_error_at(ps->err, ps->url, 0, 0);
	bp_error_row(ps->err, *ps->s->rows + 1);
	return fatal_row(ps, bp_fail(ps->err, BP_ERR_PARSE, "a row of the page is not an object"));
}

static int on_scalar(pstream *ps, bp_odata_cell_type type, const char *v, size_t n)
{
	if (ps->skip)
		return 1;
	switch (ps->depth) {
	case 0:
		ps->root_not_object = 1;
		return 0;
	case 1:
		if (ps->key_role == KEY_VALUE)
			ps->bad_value = 1;
		else if (ps->key_role == KEY_NEXT && type == BP_ODATA_CELL_STRING) {
			free(ps->next);
			ps->next = bp_xstrndup(v, n);
		}
		return 1;
	case 2:
		return row_not_object(ps);
	default:
		add_cell(ps, type, v, n);
		return 1;
	}
}

static int y_null(void *ctx) { return on_scalar(ctx, BP_ODATA_CELL_NULL, NULL, 0); }
static int y_bool(void *ctx, int b) { (void)b; return on_scalar(ctx, BP_ODATA_CELL_OTHER, NULL, 0); }
static int y_number(void *ctx, const char *s, size_t n) { (void)s; (void)n; return on_scalar(ctx, BP_ODATA_CELL_OTHER, NULL, 0); }
static int y_string(void *ctx, const unsigned char *s, size_t n) { return on_scalar(ctx, BP_ODATA_CELL_STRING, (const char *)s, n); }

/* An object or list opens: the root, 'value', a row, or something skipped. */
static int on_open(pstream *ps, int is_map)
{
	if (ps->skip) {
		ps->skip++;
		return 1;
	}
	switch (ps->depth) {
	case 0:
		if (!is_map) {
			ps->root_not_object = 1;
			return 0;
		}
		ps->depth = 1;
		return 1;
	case 1:
		if (ps->key_role == KEY_VALUE && !is_map) {
			ps->depth = 2;
			ps->seen_value = 1;
			ps->bad_value = 0;
		} else {
			if (ps->key_role == KEY_VALUE)
				ps->bad_value = 1;
			ps->skip = 1;
		}
		return 1;
	case 2:
		if (!is_map)
			return row_not_object(ps);
		ps->depth = 3;
		ps->n_cells = 0;
		bp_buf_reset(&ps->rowtext);
		return 1;
	default:
		add_cell(ps, BP_ODATA_CELL_OTHER, NULL, 0);
		ps->skip = 1;
		return 1;
	}
}

static int flush_copy(pstream *ps, int force)
{
	if (ps->copy->len < (force ? 1 : ps->s->copy_chunk ? ps->s->copy_chunk : BP_ODATA_COPY_CHUNK))
		return 1;
	bp_rc rc = BP_OK;
	if (!ps->copy_open) {
		rc = bp_pg_copy_begin(ps->conn, ps->s->copy_sql, ps->err);
		ps->copy_open = ps->copy_sent = rc == BP_OK;
	}
	if (rc == BP_OK)
		rc = bp_pg_copy_put(ps->conn, ps->copy->data, ps->copy->len, ps->err);
	bp_buf_reset(ps->copy);
	if (rc) {
		bp_error_at(ps->err, ps->url, 0, 0);
		return fatal_row(ps, rc);
	}
	return 1;
}

static int on_close(pstream *ps)
{
	if (ps->skip) {
		ps->skip--;
		return 1;
	}
	switch (ps->depth) {
	case 3: {
		ps->depth = 2;
		for (size_t i = 0; i < ps->n_cells; i++) {
			ps->cells[i].key = ps->rowtext.data + ps->at[i].key;
			ps->cells[i].val = ps->rowtext.data + ps->at[i].val;
			ps->cells[i].val_len = ps->at[i].val_len;
			ps->cells[i].type = ps->at[i].type;
		}
		bp_rc rc = ps->s->row(ps->s->ctx, ps->cells, ps->n_cells, ps->url, ps->copy, ps->pa, ps->err);
		if (rc)
			return fatal_row(ps, rc);
		return flush_copy(ps, 0);
	}
	case 2:
		ps->depth = 1;
		return 1;
	case 1:
		ps->depth = 0;
		ps->root_done = 1;
		return 1;
	default:
		return 1;
	}
}

static int y_start_map(void *ctx) { return on_open(ctx, 1); }
static int y_start_array(void *ctx) { return on_open(ctx, 0); }
static int y_end(void *ctx) { return on_close(ctx); }

static int y_key(void *ctx, const unsigned char *k, size_t n)
{
	pstream *ps = ctx;
	if (ps->skip)
		return 1;
	if (ps->depth == 1) {
		ps->key_role = n == 5 && memcmp(k, "value", 5) == 0 ? KEY_VALUE
		             : strlen(ps->s->next_key) == n && memcmp(k, ps->s->next_key, n) == 0 ? KEY_NEXT
		             : KEY_OTHER;
	} else if (ps->depth == 3) {
		ps->cur_key = ps->rowtext.len;
		bp_buf_add(&ps->rowtext, k, n);
		bp_buf_addc(&ps->rowtext, '\0');
	}
	return 1;
}

static const yajl_callbacks y_callbacks = {
	y_null, y_bool, NULL, NULL, y_number, y_string,
	y_start_map, y_key, y_end, y_start_array, y_end,
};

/* Forget an attempt: end and undo its COPY, count again from the page's start. */
static bp_rc ps_restart(pstream *ps, GChecksum *total)
{
	bp_rc rc = BP_OK;
	if (ps->copy_open) {
		PQputCopyEnd(ps->conn, "the page is fetched again");
		PGresult *r;
		while ((r = PQgetResult(ps->conn)) != NULL)
			PQclear(r);
		ps->copy_open = 0;
	}
	if (ps->copy_sent) {
		rc = bp_pg_exec(ps->conn, "ROLLBACK TO SAVEPOINT bp_odata_page", ps->err);
		ps->copy_sent = 0;
	}
	if (ps->dirty && ps->s->page_state)
		ps->s->page_state(ps->s->ctx, 1);
	if (ps->y)
		yajl_free(ps->y);
	ps->y = yajl_alloc(&y_callbacks, NULL, ps);
	if (ps->sum)
		g_checksum_free(ps->sum);
	ps->sum = g_checksum_copy(total);
	if (ps->pa)
		bp_arena_free(ps->pa);
	ps->pa = bp_arena_new();
	bp_buf_reset(ps->copy);
	free(ps->next);
	ps->next = NULL;
	ps->dirty = 0;
	ps->depth = ps->skip = ps->key_role = 0;
	ps->seen_value = ps->bad_value = ps->root_not_object = ps->root_done = 0;
	ps->n_cells = 0;
	ps->fatal = BP_OK;
	ps->bytes = ps->line_bytes = 0;
	ps->lines = 1;
	ps->head_len = 0;
	return rc;
}

typedef struct page_sink {
	pstream *ps;
	GChecksum *total;
	int parse_failed;        /* the answer is not JSON (or not an object): worth another GET */
	char *parse_text;
	size_t err_line, err_col;
} page_sink;

static bp_rc sink_begin(void *ctx)
{
	page_sink *k = ctx;
	if (!k->ps->dirty)
		return BP_OK;
	bp_rc rc = ps_restart(k->ps, k->total);
	if (rc)
		k->ps->fatal = rc;
	return rc;
}

static void parse_failure(page_sink *k, const unsigned char *p, size_t n)
{
	pstream *ps = k->ps;
	k->parse_failed = 1;
	free(k->parse_text);
	k->parse_text = NULL;
	if (ps->root_not_object) {
		k->err_line = k->err_col = 1;
		return;
	}
	unsigned char *e = yajl_get_error(ps->y, 0, p, n);
	size_t el = strlen((char *)e);
	while (el && isspace(e[el - 1]))
		el--;
	k->parse_text = bp_xstrndup((char *)e, el);
	yajl_free_error(ps->y, e);
	/* the line and column of the failure, as jansson gave them */
	size_t upto = p ? yajl_get_bytes_consumed(ps->y) : 0;
	if (upto > n)
		upto = n;
	size_t line_bytes = ps->line_bytes;
	long lines = ps->lines;
	for (size_t i = 0; i < upto; i++) {
		line_bytes++;
		if (p[i] == '\n') {
			lines++;
			line_bytes = 0;
		}
	}
	k->err_line = (size_t)lines;
	k->err_col = line_bytes;
}

static bp_rc sink_data(void *ctx, const char *p, size_t n)
{
	page_sink *k = ctx;
	pstream *ps = k->ps;
	ps->dirty = 1;
	ps->bytes += n;
	if (ps->head_len < sizeof(ps->head) - 1) {
		size_t c = sizeof(ps->head) - 1 - ps->head_len;
		if (c > n)
			c = n;
		memcpy(ps->head + ps->head_len, p, c);
		ps->head_len += c;
		ps->head[ps->head_len] = '\0';
	}
	g_checksum_update(ps->sum, (const guchar *)p, (gssize)n);
	yajl_status st = yajl_parse(ps->y, (const unsigned char *)p, n);
	if (st != yajl_status_ok) {
		if (ps->fatal)
			return ps->fatal;
		parse_failure(k, (const unsigned char *)p, n);
		return BP_ERR_PARSE;
	}
	for (const char *q = p, *e = p + n; q < e;) {
		const char *nl = memchr(q, '\n', (size_t)(e - q));
		if (!nl) {
			ps->line_bytes += (size_t)(e - q);
			break;
		}
		ps->lines++;
		ps->line_bytes = 0;
		q = nl + 1;
	}
	return BP_OK;
}

/* The body is complete: the end of the JSON, the rest of the COPY. */
static bp_rc page_finish(page_sink *k)
{
	pstream *ps = k->ps;
	yajl_status st = yajl_complete_parse(ps->y);
	if (ps->fatal)
		return ps->fatal;
	if (st != yajl_status_ok || !ps->root_done) {
		parse_failure(k, NULL, 0);
		return BP_ERR_PARSE;
	}
	if (!ps->seen_value || ps->bad_value) {
		bp_error_at(ps->err, ps->url, 0, 0);
		return bp_fail(ps->err, BP_ERR_PARSE, "the page has no 'value' list");
	}
	if (!flush_copy(ps, 1))
		return ps->fatal;
	if (ps->copy_open) {
		ps->copy_open = 0;
		bp_rc rc = bp_pg_copy_end(ps->conn, ps->err);
		if (rc) {
			bp_error_at(ps->err, ps->url, 0, 0);
			return rc;
		}
	}
	return BP_OK;
}

/* One page: SAVEPOINT, then GET and parse until it is whole or hopeless. */
static bp_rc stream_page(const bp_odata_streamer *s, PGconn *conn, const char *url, bp_buf *copy,
                         char **next, size_t *bytes, bp_error *err)
{
	pstream ps = { .s = s, .conn = conn, .url = url, .err = err, .copy = copy };
	page_sink k = { .ps = &ps, .total = *s->sum };
	bp_buf_init(&ps.rowtext);
	bp_http_sink sink = { sink_begin, sink_data, &k };
	bp_rc rc = bp_pg_exec(conn, "SAVEPOINT bp_odata_page", err);
	if (rc == BP_OK && s->page_state)
		s->page_state(s->ctx, 0);
	for (int attempt = 1; rc == BP_OK; attempt++) {
		ps.dirty = ps.dirty || attempt > 1;
		if ((rc = ps_restart(&ps, k.total)))
			break;
		k.parse_failed = 0;
		rc = bp_http_get_stream(s->http, url, &sink, err);
		if (rc == BP_OK)
			rc = page_finish(&k);
		else if (ps.fatal)
			rc = ps.fatal;
		if (rc == BP_OK || !k.parse_failed)
			break;
		if (attempt < s->max_attempts) {
			(*s->retries)++;
			rc = BP_OK;
			continue;
		}
		bp_error_at(err, url, k.err_line, k.err_col);
		rc = bp_fail(err, BP_ERR_PARSE, "the server's answer is not a JSON object%s%s",
		             k.parse_text ? ": " : "", k.parse_text ? k.parse_text : "");
		char shown[81];
		bp_http_printable(shown, sizeof(shown), ps.head, ps.head_len);
		bp_error_detail(err, "%zu bytes, starting: %s", ps.bytes, shown);
		bp_error_hint(err, "gave up after %d attempts; try again later", attempt);
	}
	if (ps.copy_open) {   /* a failed page: end the COPY so the caller can roll back */
		PQputCopyEnd(conn, "the import failed");
		PGresult *r;
		while ((r = PQgetResult(conn)) != NULL)
			PQclear(r);
	}
	if (rc == BP_OK)
		rc = bp_pg_exec(conn, "RELEASE SAVEPOINT bp_odata_page", err);
	if (rc == BP_OK) {
		g_checksum_free(*s->sum);
		*s->sum = ps.sum;
		ps.sum = NULL;
		*next = ps.next;
		ps.next = NULL;
		*bytes = ps.bytes;
	}
	if (ps.sum)
		g_checksum_free(ps.sum);
	if (ps.y)
		yajl_free(ps.y);
	if (ps.pa)
		bp_arena_free(ps.pa);
	free(ps.next);
	free(ps.at);
	free(ps.cells);
	free(k.parse_text);
	bp_buf_release(&ps.rowtext);
	return rc;
}

bp_rc bp_odata_stream_pages(const bp_odata_streamer *s, PGconn *conn, const char *url0, bp_error *err)
{
	bp_rc rc = BP_OK;
	bp_buf copy;
	bp_buf_init(&copy);
	char *url = bp_xstrdup(url0);
	walk w;
	walk_init(&w, url0, data_pages(s->limits), data_bytes(s->limits));
	while (url) {
		char *next_url = NULL;
		size_t bytes = 0;
		if ((rc = stream_page(s, conn, url, &copy, &next_url, &bytes, err)))
			break;
		(*s->pages)++;
		if (s->progress) {
			bp_progress pr = { *s->pages, *s->rows, s->expected_rows ? *s->expected_rows : 0 };
			s->progress(s->progress_ctx, &pr);
		}
		if ((rc = walk_next(&w, url, next_url, bytes, err))) {
			free(next_url);
			break;
		}
		free(url);
		url = next_url;
	}
	walk_free(&w);
	free(url);
	bp_buf_release(&copy);
	return rc;
}
