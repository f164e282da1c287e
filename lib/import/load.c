/* load.c: see load.h.  Factored out of statline_csv.c for the OData importer. */
#include "import/load.h"

#include <glib.h>
#include <string.h>

#include <stdio.h>
#include <stdlib.h>

#include "db/pgutil.h"
#include "import/areacode.h"

void bp_load_copy_field(bp_buf *b, const char *s)
{
	if (s)
		bp_pg_copy_escape(b, s);
	else
		bp_buf_adds(b, "\\N");
}

char *bp_load_display_text(const char *s)
{
	if (!s)
		return NULL;
	gchar *v = g_utf8_validate(s, -1, NULL) ? g_strdup(s) : g_utf8_make_valid(s, -1);
	GString *o = g_string_sized_new(strlen(v));
	for (const char *p = v; *p; p = g_utf8_next_char(p)) {
		gunichar u = g_utf8_get_char(p);
		if ((u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069) || u == 0x200e || u == 0x200f ||
		    u == 0x061c)
			continue;
		if (u < 0x20 || (u >= 0x7f && u <= 0x9f))
			g_string_append_c(o, ' ');
		else
			g_string_append_len(o, p, g_utf8_next_char(p) - p);
	}
	g_free(v);
	return g_string_free(o, FALSE);
}

bp_rc bp_load_mapped_variable(PGconn *conn, const char *code, const char *title, const char *unit, int decimals,
                              const char *mapping, long line, long col, const char *what, bp_error *err)
{
	PGresult *r = NULL;
	const char *p[] = { code };
	bp_rc rc = bp_pg_query(conn, "SELECT 1 FROM bp.variable WHERE code = $1", 1, p, &r, err);
	if (rc)
		return rc;
	int known = PQntuples(r) > 0;
	PQclear(r);
	if (known)
		return BP_OK;
	if (!title) {
		bp_error_at(err, mapping, line, col);
		rc = bp_fail(err, BP_ERR_CONFIG, "unknown variable '%s'", code);
		bp_error_hint(err, "use a code of bp.variable (the ones indicators/*.yaml name), or give the %s a "
		                   "title (and unit, decimals) to create it", what);
		return rc;
	}
	char dec[16];
	snprintf(dec, sizeof(dec), "%d", decimals);
	char *t = bp_load_display_text(title), *u = bp_load_display_text(unit);
	const char *q[] = { code, t, u, decimals >= 0 ? dec : NULL };
	rc = bp_pg_query(conn, "INSERT INTO bp.variable (code, title, unit, decimals) VALUES ($1, $2, $3, $4::int)",
	                 4, q, NULL, err);
	g_free(t);
	g_free(u);
	return rc;
}

bp_rc bp_load_copy(PGconn *conn, const char *copy_sql, const bp_buf *b, bp_error *err)
{
	bp_rc rc = bp_pg_copy_begin(conn, copy_sql, err);
	if (rc == BP_OK)
		rc = bp_pg_copy_put(conn, b->data, b->len, err);
	if (rc == BP_OK)
		rc = bp_pg_copy_end(conn, err);
	return rc;
}

bp_rc bp_load_lock(PGconn *conn, const char *key, bp_error *err)
{
	const char *p[] = { key };
	return bp_pg_query(conn, "SELECT pg_advisory_xact_lock(hashtextextended('bp.source:' || $1, 0))", 1, p, NULL, err);
}

bp_rc bp_load_lock_checksum(PGconn *conn, const char *checksum, const char *importer,
                            long *existing, bp_error *err)
{
	PGresult *r = NULL;
	*existing = 0;
	bp_rc rc = bp_load_lock(conn, checksum, err);
	if (rc)
		return rc;
	const char *p[] = { checksum, importer };
	rc = bp_pg_query(conn, "SELECT id FROM bp.source WHERE checksum = $1 AND importer = $2", 2, p, &r, err);
	if (rc)
		return rc;
	if (PQntuples(r) > 0)
		rc = bp_pg_long(r, 0, 0, existing, err);
	PQclear(r);
	return rc;
}

bp_rc bp_load_begin_checksum(PGconn *conn, const char *checksum, const char *importer,
                             bp_import_result *res, bp_error *err)
{
	long existing = 0;
	bp_rc rc = bp_pg_exec(conn, "BEGIN", err);
	/* Two loads of the same bytes at once: the second waits, then sees the first. */
	if (rc == BP_OK)
		rc = bp_load_lock_checksum(conn, checksum, importer, &existing, err);
	if (rc == BP_OK && existing) {
		res->source_id = existing;
		res->already_loaded = 1;
		rc = bp_pg_exec(conn, "COMMIT", err);
	}
	return rc;
}

void bp_load_stage_area_row(bp_buf *b, const bp_area_code *ac, const char *name,
                            const char *indeling_change, long line)
{
	bp_load_copy_field(b, ac->code);
	bp_buf_printf(b, "\t%s\t", bp_area_level_name(ac->level));
	char *shown = bp_load_display_text(name);
	bp_load_copy_field(b, shown);
	g_free(shown);
	bp_buf_addc(b, '\t');
	bp_load_copy_field(b, ac->parent[0] ? ac->parent : NULL);
	bp_buf_addc(b, '\t');
	bp_load_copy_field(b, ac->gemeente[0] ? ac->gemeente : NULL);
	bp_buf_addc(b, '\t');
	bp_load_copy_field(b, indeling_change);
	bp_buf_printf(b, "\t%ld\n", line);
}

bp_rc bp_load_stage_areas(PGconn *conn, bp_error *err)
{
	return bp_pg_exec(conn,
		"CREATE TEMP TABLE stg_area (code text, level bp.area_level, name text, parent_code text, "
		"gemeente_code text, indeling_change text, line bigint) ON COMMIT DROP", err);
}

bp_rc bp_load_merge_areas(PGconn *conn, int year, const char *where, int line_is_row,
                          const char *hint, bp_error *err)
{
	PGresult *r = NULL;
	char year_s[16];
	snprintf(year_s, sizeof(year_s), "%d", year);
	const char *p[] = { year_s };
	/* Nederland is the root of every indeling; a file without its row still hangs from it. */
	bp_rc rc = bp_pg_query(conn,
		"INSERT INTO bp.area (code, indeling_year, level, name) VALUES ('" BP_NATIONAL_CODE "', $1, 'land', 'Nederland') "
		"ON CONFLICT (code, indeling_year) DO NOTHING", 1, p, NULL, err);
	if (rc)
		goto out;
	/* Set-based, because bp.observation has no foreign keys to lean on. */
	rc = bp_pg_query(conn,
		"SELECT s.code, s.parent_code, s.line FROM stg_area s "
		" WHERE s.parent_code IS NOT NULL "
		"   AND NOT EXISTS (SELECT 1 FROM stg_area q WHERE q.code = s.parent_code) "
		"   AND NOT EXISTS (SELECT 1 FROM bp.area q WHERE q.code = s.parent_code AND q.indeling_year = $1) "
		" ORDER BY s.line LIMIT 1", 1, p, &r, err);
	if (rc)
		goto out;
	if (PQntuples(r) > 0) {
		long line = bp_pg_long_or(r, 0, 2, 0);   /* where the area was staged; 0 = not known */
		bp_error_at(err, where, line_is_row ? 0 : line, 0);
		if (line_is_row)
			bp_error_row(err, line);
		rc = bp_fail(err, BP_ERR_PARSE, "area %s belongs to %s, which is neither in this %s nor in the database (indeling %d)",
		             PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), line_is_row ? "download" : "file", year);
		if (hint)
			bp_error_hint(err, "%s", hint);
		goto out;
	}
	rc = bp_pg_query(conn,
		"INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code, indeling_change) "
		"SELECT code, $1, level, name, parent_code, gemeente_code, indeling_change FROM stg_area "
		"ON CONFLICT (code, indeling_year) DO UPDATE SET level = EXCLUDED.level, name = EXCLUDED.name, "
		"  parent_code = EXCLUDED.parent_code, gemeente_code = EXCLUDED.gemeente_code, "
		"  indeling_change = coalesce(EXCLUDED.indeling_change, bp.area.indeling_change)", 1, p, NULL, err);
out:
	PQclear(r);
	return rc;
}
