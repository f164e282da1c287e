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
