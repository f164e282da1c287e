/*
 * json_records.c: see json_records.h.  jansson parses the whole document
 * (these files are per gemeente, ~100 KB; the streamed yajl path of
 * odata.c is for pages of whole tables); the walk below follows the
 * mapping's paths and keeps each record's JSON path for messages.
 */
#include "import/json_records.h"

#include <glib.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/fsutil.h"
#include "db/pgutil.h"
#include "import/areacode.h"
#include "import/cbsvalue.h"
#include "import/json_mapping.h"
#include "import/odata.h"

#define IMPORTER "json"

typedef struct area_rec {
	bp_area_code ac;
	const char *name;        /* NULL: none in the document */
	const char *jpath;       /* the first record that named it */
	long ordinal;            /* 1-based, the staged 'row' of load.c's parent check */
} area_rec;

/* One cell, kept until the load: the source id is known only then. */
typedef struct cell {
	const bp_json_field *f;
	const area_rec *area;
	double value;
	int has_value;
} cell;

typedef struct job {
	bp_arena *a;
	const char *path;
	bp_json_mapping m;
	char *data;
	size_t len;
	char checksum[65];
	GHashTable *areas;       /* code -> area_rec* */
	GPtrArray *area_list;    /* in order of first appearance */
	GHashTable *cells;       /* 'variable|area|period' -> JSON path of its value */
	cell *obs;
	size_t n_obs, cap_obs;
	long records;
} job;

static bp_rc fail_at(job *j, const char *jpath, bp_error *err, const char *fmt, ...) BP_PRINTF(4, 5);
static bp_rc fail_at(job *j, const char *jpath, bp_error *err, const char *fmt, ...)
{
	char msg[BP_ERROR_TEXT];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bp_error_at(err, j->path, 0, 0);
	return bp_fail(err, BP_ERR_PARSE, "%s: %s", jpath && *jpath ? jpath : "(the document)", msg);
}

/* What a JSON value is, for messages. */
static const char *describe(bp_arena *a, const json_t *v)
{
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		return strlen(s) > 40 ? "a string" : bp_arena_printf(a, "the string \"%s\"", s);
	}
	if (json_is_boolean(v))
		return "a boolean";
	if (json_is_array(v))
		return "a list";
	if (json_is_object(v))
		return "an object";
	if (json_is_null(v))
		return "null";
	return "a number";
}

static const char *join(bp_arena *a, const char *base, const char *field)
{
	return *base ? bp_arena_printf(a, "%s.%s", base, field) : field;
}

/*
 * The value at keys inside rec, or NULL when a key is absent or an object
 * on the way is null (both: missing).  A non-object on the way is an error
 * at its JSON path.
 */
static bp_rc get_path(job *j, json_t *rec, const char *recpath, const char *const *keys, size_t n,
                      json_t **out, bp_error *err)
{
	json_t *cur = rec;
	const char *jp = recpath;
	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		if (json_is_null(cur))
			return BP_OK;
		if (!json_is_object(cur))
			return fail_at(j, jp, err, "expected an object holding '%s', found %s", keys[i], describe(j->a, cur));
		cur = json_object_get(cur, keys[i]);
		if (!cur)
			return BP_OK;
		jp = join(j->a, jp, keys[i]);
	}
	*out = cur;
	return BP_OK;
}

static area_rec *area_of(job *j, const bp_area_code *ac, const char *jpath)
{
	area_rec *ar = g_hash_table_lookup(j->areas, ac->code);
	if (ar)
		return ar;
	ar = bp_arena_alloc(j->a, sizeof(*ar));
	memset(ar, 0, sizeof(*ar));
	ar->ac = *ac;
	ar->jpath = jpath;
	g_ptr_array_add(j->area_list, ar);
	ar->ordinal = (long)j->area_list->len;
	g_hash_table_insert(j->areas, ar->ac.code, ar);
	return ar;
}

static bp_rc take_field(job *j, const bp_json_field *f, json_t *rec, const char *recpath,
                        const area_rec *ar, bp_error *err)
{
	json_t *v;
	bp_rc rc = get_path(j, rec, recpath, f->keys, f->n_keys, &v, err);
	if (rc)
		return rc;
	const char *jp = join(j->a, recpath, f->field);
	if (v && !json_is_null(v) && !json_is_number(v))
		return fail_at(j, jp, err, "expected a number, found %s", describe(j->a, v));
	char *key = bp_arena_printf(j->a, "%s|%s|%s", f->variable, ar->ac.code, f->period);
	const char *first = g_hash_table_lookup(j->cells, key);
	if (first)
		return fail_at(j, jp, err, "a second value for %s of %s in %s (the first is at %s)",
		               f->variable, ar->ac.code, f->period, first);
	g_hash_table_insert(j->cells, key, (gpointer)jp);
	if (j->n_obs == j->cap_obs) {
		j->cap_obs = j->cap_obs ? j->cap_obs * 2 : 1024;
		j->obs = bp_xrealloc(j->obs, j->cap_obs * sizeof(*j->obs));
	}
	cell *c = &j->obs[j->n_obs++];
	c->f = f;
	c->area = ar;
	c->has_value = v && json_is_number(v);
	c->value = c->has_value ? json_number_value(v) * f->scale : 0;
	return BP_OK;
}

static bp_rc take_record(job *j, const bp_json_recordset *s, json_t *rec, const char *recpath, bp_error *err)
{
	if (!json_is_object(rec))
		return fail_at(j, recpath, err, "expected an object (a record of '%s'), found %s", s->path, describe(j->a, rec));
	recpath = bp_arena_strdup(j->a, recpath);   /* the walk's buffer moves on; areas and cells keep it */
	j->records++;
	bp_area_code ac;
	bp_rc rc;
	if (s->fixed_code) {
		bp_area_code_parse(s->fixed_code, strlen(s->fixed_code), &ac);   /* checked by the mapping */
	} else {
		json_t *c;
		if ((rc = get_path(j, rec, recpath, s->code_keys, s->n_code_keys, &c, err)))
			return rc;
		const char *jp = join(j->a, recpath, s->code_field);
		if (!json_is_string(c))
			return fail_at(j, jp, err, "expected an area code, found %s", c ? describe(j->a, c) : "nothing");
		const char *code = json_string_value(c);
		if (bp_area_code_parse(code, strlen(code), &ac) != 0)
			return fail_at(j, jp, err, "'%s' is not a CBS area code (NL00, GM0828, WK082801, BU08280105)", code);
	}
	area_rec *ar = area_of(j, &ac, recpath);
	if (s->name_keys) {
		json_t *nm;
		if ((rc = get_path(j, rec, recpath, s->name_keys, s->n_name_keys, &nm, err)))
			return rc;
		if (nm && !json_is_null(nm) && !json_is_string(nm))
			return fail_at(j, join(j->a, recpath, s->name_field), err, "expected a name, found %s", describe(j->a, nm));
		if (!ar->name && json_is_string(nm) && *json_string_value(nm))
			ar->name = json_string_value(nm);
	}
	for (size_t i = 0; i < s->n_fields; i++)
		if ((rc = take_field(j, &s->fields[i], rec, recpath, ar, err)))
			return rc;
	return BP_OK;
}

/* Follow the set's steps from node; jp is node's JSON path. */
static bp_rc walk(job *j, const bp_json_recordset *s, json_t *node, size_t step, GString *jp, bp_error *err)
{
	if (step == s->n_steps)
		return take_record(j, s, node, jp->str, err);
	const bp_json_step *st = &s->steps[step];
	size_t mark = jp->len;
	json_t *v = node;
	bp_rc rc = BP_OK;
	if (st->key) {
		if (!json_is_object(node))
			return fail_at(j, jp->str, err, "expected an object holding '%s' (path %s), found %s",
			               st->key, s->path, describe(j->a, node));
		v = json_object_get(node, st->key);
		if (mark)
			g_string_append_c(jp, '.');
		g_string_append(jp, st->key);
		if (!v) {
			rc = fail_at(j, jp->str, err, "not in the document (path %s of the mapping)", s->path);
			goto out;
		}
	}
	if (!st->each) {
		rc = walk(j, s, v, step + 1, jp, err);
		goto out;
	}
	if (json_is_null(v))
		goto out;   /* no list: no records */
	if (!json_is_array(v)) {
		rc = fail_at(j, jp->str, err, "expected a list (path %s), found %s", s->path, describe(j->a, v));
		goto out;
	}
	size_t len = jp->len, i;
	json_t *el;
	json_array_foreach(v, i, el) {
		g_string_append_printf(jp, "[%zu]", i);
		rc = walk(j, s, el, step + 1, jp, err);
		g_string_truncate(jp, len);
		if (rc)
			break;
	}
out:
	g_string_truncate(jp, mark);
	return rc;
}

/* ------------------------------------------------------------ load */

/* Each variable the mapping names exists, or is created from its field's title. */
static bp_rc write_variables(job *j, PGconn *conn, bp_error *err)
{
	GHashTable *done = bp_odata_str_hash(j->a);
	for (size_t s = 0; s < j->m.n_sets; s++) {
		for (size_t i = 0; i < j->m.sets[s].n_fields; i++) {
			const bp_json_field *f = &j->m.sets[s].fields[i];
			if (g_hash_table_contains(done, f->variable))
				continue;
			bp_rc rc = bp_load_mapped_variable(conn, f->variable, f->title, f->unit, f->decimals, j->m.path, f->line,
			                                   f->column, "field", err);
			if (rc)
				return rc;
			g_hash_table_add(done, (gpointer)f->variable);
		}
	}
	return BP_OK;
}

static bp_rc write_areas(job *j, PGconn *conn, bp_error *err)
{
	bp_buf b;
	bp_buf_init(&b);
	for (guint i = 0; i < j->area_list->len; i++) {
		const area_rec *ar = g_ptr_array_index(j->area_list, i);
		bp_load_stage_area_row(&b, &ar->ac, ar->name, NULL, ar->ordinal);
	}
	char year_s[16];
	snprintf(year_s, sizeof(year_s), "%d", j->m.indeling);
	const char *p[] = { year_s };
	bp_rc rc = bp_load_stage_areas(conn, err);
	if (rc == BP_OK)
		rc = bp_load_copy(conn, "COPY stg_area FROM STDIN", &b, err);
	bp_buf_release(&b);
	/* A statistical source named the area first: a third party's spelling does not replace it. */
	if (rc == BP_OK)
		rc = bp_pg_query(conn,
			"UPDATE stg_area s SET name = a.name FROM bp.area a "
			" WHERE a.code = s.code AND a.indeling_year = $1::int", 1, p, NULL, err);
	if (rc == BP_OK)
		rc = bp_pg_exec(conn, "UPDATE stg_area SET name = code WHERE name IS NULL", err);
	if (rc == BP_OK) {
		rc = bp_load_merge_areas(conn, j->m.indeling, j->path, 1,
		                         "load the gemeente's wijken first, or map the list that holds them", err);
		if (rc == BP_ERR_PARSE && err->row > 0 && (size_t)err->row <= j->area_list->len) {
			/* load.c counts rows; in a JSON document the record's path says where. */
			const area_rec *ar = g_ptr_array_index(j->area_list, (guint)(err->row - 1));
			char msg[BP_ERROR_TEXT];
			snprintf(msg, sizeof(msg), "%s", err->message);
			err->row = 0;
			bp_fail(err, BP_ERR_PARSE, "%s: %s", ar->jpath && *ar->jpath ? ar->jpath : "(the document)", msg);
		}
	}
	return rc;
}

static bp_rc write_observations(job *j, PGconn *conn, long source_id, bp_error *err)
{
	bp_buf b;
	bp_buf_init(&b);
	char source_s[32], year_s[16];
	snprintf(source_s, sizeof(source_s), "%ld", source_id);
	snprintf(year_s, sizeof(year_s), "%d", j->m.indeling);
	for (size_t i = 0; i < j->n_obs; i++) {
		const cell *c = &j->obs[i];
		bp_odata_add_observation(&b, c->f->variable, c->area->ac.code, year_s, c->f->period, source_s,
		                         c->has_value, c->value, c->has_value ? BP_STATUS_OK : BP_STATUS_UNKNOWN,
		                         c->area->ac.gemeente[0] ? c->area->ac.gemeente : NULL);
	}
	bp_rc rc = bp_odata_copy_observations(conn, &b, err);
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
		char *location = realpath(j->path, NULL);
		char rows_s[32];
		snprintf(rows_s, sizeof(rows_s), "%ld", j->records);
		const char *title = j->m.url ? bp_arena_printf(j->a, "%s (%s)", j->m.title, j->m.url) : j->m.title;
		const char *p[] = { j->m.publisher, j->m.table_id, title, location ? location : j->path,
		                    j->checksum, j->m.licence, rows_s };
		rc = bp_pg_query(conn,
			"INSERT INTO bp.source (publisher, table_id, title, location, checksum, licence, importer, row_count) "
			"VALUES ($1, $2, $3, $4, $5, $6, '" IMPORTER "', $7) RETURNING id", 7, p, &r, err);
		free(location);
		if (rc || (rc = bp_pg_long(r, 0, 0, &res->source_id, err)))
			goto out;
	}
	if ((rc = write_variables(j, conn, err)) || (rc = write_areas(j, conn, err)) ||
	    (rc = write_observations(j, conn, res->source_id, err)))
		goto out;
	rc = bp_pg_exec(conn, "COMMIT", err);
out:
	if (rc)
		bp_pg_rollback(conn);
	PQclear(r);
	return rc;
}

static void free_ptr_array(void *p)
{
	g_ptr_array_free(p, TRUE);
}

bp_rc bp_import_json_records(PGconn *conn, const bp_json_options *o, bp_import_result *res, bp_error *err)
{
	memset(res, 0, sizeof(*res));
	bp_arena *a = bp_arena_new();
	job j = { 0 };
	j.a = a;
	j.path = o->path;
	j.areas = bp_odata_str_hash(a);
	j.cells = bp_odata_str_hash(a);
	j.area_list = g_ptr_array_new();
	bp_arena_on_free(a, free_ptr_array, j.area_list);
	GString *jp = g_string_new("");
	bp_rc rc;
	if ((rc = bp_json_mapping_load(o->mapping_path, a, &j.m, err)) ||
	    (rc = bp_file_read_all(o->path, a, &j.data, &j.len, err)))
		goto out;
	{
		/* The vintage is what was read and how: the document, then the mapping. */
		bp_buf both;
		bp_buf_init(&both);
		bp_buf_add(&both, j.data, j.len);
		bp_buf_add(&both, j.m.bytes, j.m.n_bytes);
		bp_sha256_hex(both.data, both.len, j.checksum);
		bp_buf_release(&both);
	}
	json_error_t je;
	/* A UTF-8 BOM, which Windows editors write and RFC 8259 lets a parser ignore: jansson refuses it. */
	size_t bom = j.len >= 3 && memcmp(j.data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	json_t *doc = json_loadb(j.data + bom, j.len - bom, 0, &je);
	if (!doc) {
		bp_error_at(err, o->path, je.line, je.column);
		rc = bp_fail(err, BP_ERR_PARSE, "not valid JSON: %s", je.text);
		goto out;
	}
	bp_odata_arena_json(a, doc);
	for (size_t s = 0; s < j.m.n_sets; s++)
		if ((rc = walk(&j, &j.m.sets[s], doc, 0, jp, err)))
			goto out;
	if (j.records == 0) {
		bp_error_at(err, o->path, 0, 0);
		rc = bp_fail(err, BP_ERR_PARSE, "the mapping %s found no records in the document", o->mapping_path);
		goto out;
	}
	res->year = j.m.indeling;
	snprintf(res->table_id, sizeof(res->table_id), "%s", j.m.table_id ? j.m.table_id : "");
	/* No connection: read and checked only (tests/fuzz). */
	if (!conn)
		goto out;
	rc = load(&j, conn, res, err);
	if (rc == BP_OK && !res->already_loaded) {
		res->rows = j.records;
		res->areas = (long)j.area_list->len;
		res->observations = (long)j.n_obs;
	}
out:
	g_string_free(jp, TRUE);
	free(j.obs);
	bp_arena_free(a);
	return rc;
}
