/* statline.c: see statline.h.  What both layouts share, moved out of
 * statline_csv.c so that statline_old.c no longer needs it. */
#include "import/statline.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/pgutil.h"

char *bp_statline_derive_code(bp_arena *a, const char *label)
{
	bp_buf b;
	bp_buf_init(&b);
	int start_word = 1;
	for (const unsigned char *p = (const unsigned char *)label; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) {
			if (b.len == 0 && *p >= '0' && *p <= '9')
				bp_buf_addc(&b, 'v');
			bp_buf_addc(&b, start_word && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : (char)*p);
			start_word = 0;
		} else {
			start_word = 1;
		}
	}
	char *code = bp_arena_strdup(a, b.len ? b.data : "v");
	bp_buf_release(&b);
	return code;
}

const char *bp_statline_last_segment(const char *label)
{
	const char *slash = strrchr(label, '/');
	return slash ? slash + 1 : label;
}

/* CBS table ids of Kerncijfers Wijken en Buurten, per year (CBS-FORMAT-NOTES §1.6). */
const char *bp_statline_kwb_table_id(int year)
{
	static const struct { int year; const char *id; } ids[] = {
		{ 2015, "83220NED" }, { 2018, "84286NED" }, { 2019, "84583NED" }, { 2020, "84799NED" },
		{ 2021, "85039NED" }, { 2022, "85318NED" }, { 2023, "85618NED" },
		{ 2024, "85984NED" }, { 2025, "86165NED" },
	};
	for (size_t i = 0; i < sizeof(ids) / sizeof(*ids); i++)
		if (ids[i].year == year)
			return ids[i].id;
	return NULL;
}

bp_rc bp_statline_load(PGconn *conn, const bp_statline_table *t, const char *location,
                       const char *checksum, int year, const char *table_id,
                       bp_import_result *res, bp_error *err)
{
	bp_rc rc;
	PGresult *r = NULL;
	bp_buf b;
	bp_buf_init(&b);
	char year_s[16], id_s[32];
	snprintf(year_s, sizeof(year_s), "%d", year);
	/* The figures' period: the file's Perioden column when it has one, else the year. */
	const char *period = t->period ? t->period : year_s;

	rc = bp_pg_exec(conn, "BEGIN", err);
	if (rc)
		goto out;
	/* Two loads of the same bytes at once: the second waits and then sees the first. */
	{
		long existing = 0;
		rc = bp_load_lock_checksum(conn, checksum, "statline-csv", &existing, err);
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
		/* The KWB title only for the KWB table of that year, not for any table given a year. */
		char *title = t->title ? g_strdup(t->title)
		              : table_id && bp_statline_kwb_table_id(year) && strcmp(table_id, bp_statline_kwb_table_id(year)) == 0
		              ? g_strdup_printf("Kerncijfers wijken en buurten %d", year)
		              : g_path_get_basename(location);
		char rows_s[32];
		snprintf(rows_s, sizeof(rows_s), "%zu", t->n_rows);
		const char *p[] = { table_id, title, location, checksum, rows_s };
		rc = bp_pg_query(conn,
			"INSERT INTO bp.source (publisher, table_id, title, location, checksum, licence, importer, row_count) "
			"VALUES ('CBS', $1, $2, $3, $4, 'CC BY 4.0', 'statline-csv', $5) RETURNING id", 5, p, &r, err);
		g_free(title);
		if (rc)
			goto out;
		rc = bp_pg_long(r, 0, 0, &res->source_id, err);
		PQclear(r);
		r = NULL;
		if (rc)
			goto out;
	}
	snprintf(id_s, sizeof(id_s), "%ld", res->source_id);

	/* Variables this database does not know yet get the code derived from their label. */
	for (size_t i = 0; i < t->n_columns; i++) {
		const bp_statline_column *c = &t->columns[i];
		if (c->role != BP_COL_MEASURE || c->known)
			continue;
		const char *p[] = { c->variable, bp_statline_last_segment(c->label), c->unit[0] ? c->unit : NULL, c->label };
		rc = bp_pg_query(conn,
			"WITH v AS (INSERT INTO bp.variable (code, title, unit) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING) "
			"INSERT INTO bp.variable_label (label, variable_code, origin) VALUES ($4, $1, 'StatLine CSV header') "
			"ON CONFLICT (label) DO NOTHING", 4, p, NULL, err);
		if (rc)
			goto out;
	}

	/* Areas: staged, checked for a known parent, then merged. */
	rc = bp_load_stage_areas(conn, err);
	if (rc)
		goto out;
	for (size_t i = 0; i < t->n_rows; i++) {
		const bp_statline_row *row = &t->rows[i];
		bp_load_stage_area_row(&b, &row->area, row->name, row->indeling_change, row->line);
	}
	rc = bp_load_copy(conn, "COPY stg_area FROM STDIN", &b, err);
	if (rc)
		goto out;
	rc = bp_load_merge_areas(conn, year, t->path, 0,
		"export the table with its wijken and gemeente too, or import the file that has them first", err);
	if (rc)
		goto out;

	/* Observations: straight into their table with COPY, one row per cell. */
	bp_buf_reset(&b);
	long n_obs = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		const bp_statline_row *row = &t->rows[i];
		for (size_t j = 0; j < t->n_columns; j++) {
			const bp_statline_column *c = &t->columns[j];
			if (c->role != BP_COL_MEASURE)
				continue;
			const bp_cbs_value *v = &row->values[j];
			bp_buf_adds(&b, c->variable);
			bp_buf_addc(&b, '\t');
			bp_buf_adds(&b, row->area.code);
			bp_buf_printf(&b, "\t%s\t", year_s);
			bp_load_copy_field(&b, period);
			bp_buf_printf(&b, "\t%s\t", id_s);
			if (v->status == BP_STATUS_UNKNOWN || v->status == BP_STATUS_NOT_APPLICABLE)
				bp_buf_adds(&b, "\\N");
			else
				bp_buf_printf(&b, "%.17g", v->value);
			bp_buf_printf(&b, "\t%s\t%s\n", bp_value_status_name(v->status),
			              row->area.gemeente[0] ? row->area.gemeente : "\\N");
			n_obs++;
		}
	}
	rc = bp_load_copy(conn,
		"COPY bp.observation (variable_code, area_code, indeling_year, period, source_id, value, status, gemeente_code) FROM STDIN",
		&b, err);
	if (rc)
		goto out;
	rc = bp_pg_exec(conn, "COMMIT", err);
	if (rc)
		goto out;
	res->rows = (long)t->n_rows;
	res->areas = (long)t->n_rows;
	res->observations = n_obs;
out:
	if (rc)
		bp_pg_rollback(conn);
	PQclear(r);
	bp_buf_release(&b);
	return rc;
}
