/* odata.c: see odata.h.  Moved out of odata3.c so odata4.c shares it. */
#include "import/odata.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
			bp_error_detail(err, "%zu bytes, starting: %.80s", body->len, body->data);
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
		bp_load_copy_field(&b, ar->ac.code);
		bp_buf_printf(&b, "\t%s\t", bp_area_level_name(ar->ac.level));
		bp_load_copy_field(&b, ar->name ? ar->name : ar->ac.code);
		bp_buf_addc(&b, '\t');
		bp_load_copy_field(&b, ar->ac.parent[0] ? ar->ac.parent : NULL);
		bp_buf_addc(&b, '\t');
		bp_load_copy_field(&b, ar->ac.gemeente[0] ? ar->ac.gemeente : NULL);
		bp_buf_addc(&b, '\t');
		bp_load_copy_field(&b, ar->indeling);
		bp_buf_printf(&b, "\t%ld\n", ar->row);
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
		*id = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return BP_OK;
}

bp_rc bp_odata_read_pages(const bp_odata_pager *p, PGconn *conn, const char *url0, bp_buf *copy, bp_error *err)
{
	bp_rc rc = BP_OK;
	bp_buf body;
	bp_buf_init(&body);
	char *url = bp_xstrdup(url0);
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
		if (p->progress)
			p->progress(p->progress_ctx, *p->pages, *p->rows);
		if (next_url && strcmp(next_url, url) == 0) {
			bp_error_at(err, url, 0, 0);
			rc = bp_fail(err, BP_ERR_PARSE, "the page links to itself as the next page");
			free(next_url);
			break;
		}
		free(url);
		url = next_url;
	}
	free(url);
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
	const char *p[] = { code, title, unit, dec, label, origin };
	return bp_pg_query(conn,
		"WITH v AS (INSERT INTO bp.variable (code, title, unit, decimals) VALUES ($1, $2, $3, $4) "
		"           ON CONFLICT (code) DO NOTHING) "
		"INSERT INTO bp.variable_label (label, variable_code, origin) VALUES ($5, $1, $6) "
		"ON CONFLICT (label) DO NOTHING", 6, p, NULL, err);
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
	const char *p[] = { publisher, table_id, title, url, modified, importer };
	bp_rc rc = bp_pg_query(conn, modified_is_local
		? "INSERT INTO bp.source (publisher, table_id, title, location, modified, checksum, licence, importer) "
		  "VALUES ($1, $2, $3, $4, $5::timestamp AT TIME ZONE 'Europe/Amsterdam', "
		  "        'pending-' || txid_current(), 'CC BY 4.0', $6) RETURNING id"
		: "INSERT INTO bp.source (publisher, table_id, title, location, modified, checksum, licence, importer) "
		  "VALUES ($1, $2, $3, $4, " BP_ODATA_MODIFIED_SQL("$5") ", "
		  "        'pending-' || txid_current(), 'CC BY 4.0', $6) RETURNING id", 6, p, &r, err);
	if (rc)
		return rc;
	*id = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return BP_OK;
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
		*existing = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (*existing)
		return BP_OK;
	char rows_s[32];
	snprintf(rows_s, sizeof(rows_s), "%ld", rows);
	const char *q[] = { hex, rows_s, source_s };
	return bp_pg_query(conn, "UPDATE bp.source SET checksum = $1, row_count = $2 WHERE id = $3", 3, q, NULL, err);
}
