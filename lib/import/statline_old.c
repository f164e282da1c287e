/*
 * statline_old.c: see statline_old.h.  CSV through libcsv (csvrows.c),
 * encodings through GLib; the load is statline_csv.c's.
 */
#include "import/statline_old.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "db/pgutil.h"
#include "import/csvrows.h"

/* ------------------------------------------------------------------ detect */

int bp_statline_old_detect(const char *data, size_t len)
{
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	/* Line 1 is the title alone (no separator); "";"Onderwerp" follows soon. */
	const char *end = data + len, *p = data;
	for (int line = 1; p < end && line <= 8; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (line == 1 && (n == 0 || memchr(p, ';', n)))
			return 0;
		if (n >= 14 && memcmp(p, "\"\";\"Onderwerp\"", 14) == 0)
			return 1;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* ------------------------------------------------------------------ parse */

enum { S_TITLE, S_BEFORE_TOPICS, S_PATHS, S_UNITS, S_DATA, S_FOOTER };

typedef struct old_state {
	bp_arena *a;
	const char *path;
	const char *data;        /* UTF-8, without BOM: what positions refer to */
	size_t len;
	bp_label_resolver resolve;
	void *ctx;
	bp_statline_table *t;
	size_t cap_rows;
	int stage;
} old_state;

static bp_rc fail_at(const old_state *st, const bp_csv_row *row, size_t index, bp_error *err,
                     const char *fmt, ...) BP_PRINTF(5, 6);
static bp_rc fail_at(const old_state *st, const bp_csv_row *row, size_t index, bp_error *err,
                     const char *fmt, ...)
{
	long line, col;
	char msg[BP_ERROR_TEXT];
	va_list ap;
	bp_csv_field_position(st->data, st->len, row->offset, row->line, index, ';', &line, &col);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bp_error_at(err, st->path, line, col);
	return bp_fail(err, BP_ERR_PARSE, "%s", msg);
}

/* Old exports pad headers with spaces and no-break spaces (U+00A0). */
static char *trim(bp_arena *a, const char *s, size_t n)
{
	for (;;) {
		if (n && (s[0] == ' ' || s[0] == '\t')) {
			s++;
			n--;
		} else if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
			s += 2;
			n -= 2;
		} else {
			break;
		}
	}
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) {
			n--;
		} else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0) {
			n -= 2;
		} else {
			break;
		}
	}
	return bp_arena_strndup(a, s, n);
}

/* 'Inkomen|Inkomen van personen|Aantal ...' -> 'Inkomen/Inkomen van personen/Aantal ...',
 * the new layout's label, so that known topics keep their variable. */
static char *label_of_path(bp_arena *a, const char *h)
{
	GString *s = g_string_new(NULL);
	const char *p = h;
	for (;;) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		char *seg = trim(a, p, n);
		if (*seg)
			g_string_append_printf(s, "%s%s", s->len ? "/" : "", seg);
		if (!bar)
			break;
		p = bar + 1;
	}
	char *out = bp_arena_strdup(a, s->str);
	g_string_free(s, TRUE);
	return out;
}

static bp_rc paths_row(old_state *st, const bp_csv_row *row, bp_error *err)
{
	bp_statline_table *t = st->t;
	if (row->n < 2)
		return fail_at(st, row, 0, err, "expected the topic row after \"\";\"Onderwerp\", found a row of %zu field(s)", row->n);
	t->n_columns = row->n;
	t->columns = bp_arena_alloc(st->a, row->n * sizeof(*t->columns));
	memset(t->columns, 0, row->n * sizeof(*t->columns));
	t->columns[0].header = "";
	t->columns[0].label = "";
	t->columns[0].unit = "";
	t->columns[0].role = BP_COL_AREA_NAME;
	for (size_t i = 1; i < row->n; i++) {
		bp_statline_column *c = &t->columns[i];
		c->header = bp_arena_strdup(st->a, row->fields[i]);
		c->label = label_of_path(st->a, c->header);
		c->unit = "";
		c->role = BP_COL_MEASURE;
		if (!*c->label)
			return fail_at(st, row, i, err, "topic %zu of the header is empty", i);
		const char *v = st->resolve ? st->resolve(st->ctx, c->label) : NULL;
		c->known = v != NULL;
		c->variable = v ? bp_arena_strdup(st->a, v) : bp_statline_derive_code(st->a, c->label);
		for (size_t j = 1; j < i; j++)
			if (strcmp(t->columns[j].variable, c->variable) == 0)
				return fail_at(st, row, i, err, "topics '%s' and '%s' both mean variable %s",
				               t->columns[j].label, c->label, c->variable);
		t->n_measures++;
	}
	return BP_OK;
}

static bp_rc data_row(old_state *st, const bp_csv_row *row, bp_error *err)
{
	bp_statline_table *t = st->t;
	if (row->n != t->n_columns) {
		size_t at = row->n < t->n_columns ? row->n - 1 : t->n_columns;
		return fail_at(st, row, at, err, "expected %zu fields as in the header, found %zu", t->n_columns, row->n);
	}
	if (t->n_rows == st->cap_rows) {
		st->cap_rows = st->cap_rows ? st->cap_rows * 2 : 256;
		t->rows = bp_xrealloc(t->rows, st->cap_rows * sizeof(*t->rows));
	}
	bp_statline_row *r = &t->rows[t->n_rows];
	memset(r, 0, sizeof(*r));
	r->line = row->line;
	r->name = trim(st->a, row->fields[0], row->lens[0]);
	if (!*r->name)
		return fail_at(st, row, 0, err, "the region name is empty");
	r->values = bp_arena_alloc(st->a, t->n_columns * sizeof(*r->values));
	memset(r->values, 0, t->n_columns * sizeof(*r->values));
	for (size_t i = 1; i < row->n; i++) {
		if (bp_cbs_value_parse(row->fields[i], row->lens[i], BP_CBS_DECIMAL_COMMA, &r->values[i]) != 0) {
			bp_rc rc = fail_at(st, row, i, err, "'%s' is neither a number (decimal comma) nor a CBS symbol ('.' or empty)",
			                   row->fields[i]);
			bp_error_detail(err, "topic '%s'", t->columns[i].label);
			return rc;
		}
	}
	t->n_rows++;
	return BP_OK;
}

static bp_rc on_row(void *ctx, const bp_csv_row *row, bp_error *err)
{
	old_state *st = ctx;
	bp_statline_table *t = st->t;
	int single_empty = row->n == 1 && !*trim(st->a, row->fields[0], row->lens[0]);
	switch (st->stage) {
	case S_TITLE:
		if (row->n != 1)
			return fail_at(st, row, 1, err, "an old-layout export starts with its title alone on line 1");
		t->title = trim(st->a, row->fields[0], row->lens[0]);
		st->stage = S_BEFORE_TOPICS;
		return BP_OK;
	case S_BEFORE_TOPICS:
		if (single_empty)
			return BP_OK;
		if (row->n >= 2 && !*row->fields[0] && strcmp(row->fields[1], "Onderwerp") == 0) {
			st->stage = S_PATHS;
			return BP_OK;
		}
		return fail_at(st, row, 0, err, "expected the row \"\";\"Onderwerp\" after the title");
	case S_PATHS:
		st->stage = S_UNITS;
		return paths_row(st, row, err);
	case S_UNITS:
		if (row->n != t->n_columns)
			return fail_at(st, row, row->n < t->n_columns ? row->n - 1 : t->n_columns, err,
			               "the units row has %zu fields, the topic row %zu", row->n, t->n_columns);
		for (size_t i = 1; i < row->n; i++)
			t->columns[i].unit = trim(st->a, row->fields[i], row->lens[i]);
		t->columns[0].header = t->columns[0].label = trim(st->a, row->fields[0], row->lens[0]);
		st->stage = S_DATA;
		return BP_OK;
	case S_DATA:
		/* A row of one field after the data is the footer ("Bron: CBS"). */
		if (row->n == 1 && t->n_columns > 1) {
			st->stage = S_FOOTER;
			return BP_OK;
		}
		return data_row(st, row, err);
	default:
		if (row->n != 1)
			return fail_at(st, row, 1, err, "a data row after the footer line");
		return BP_OK;
	}
}

static void free_rows(void *p)
{
	free(p);
}

bp_rc bp_statline_old_parse(const char *path, const char *data, size_t len,
                            bp_label_resolver resolve, void *ctx,
                            bp_arena *a, bp_statline_table *out, bp_error *err)
{
	old_state st = { 0 };
	memset(out, 0, sizeof(*out));
	out->path = path;
	/* Older exports are Windows-1252; positions then count the decoded characters. */
	bp_rc trc = bp_csv_text_utf8(a, path, &data, &len, err);
	if (trc)
		return trc;
	st.a = a;
	st.path = path;
	st.data = data;
	st.len = len;
	st.resolve = resolve;
	st.ctx = ctx;
	st.t = out;
	bp_rc rc = bp_csv_read(path, data, len, ';', on_row, &st, err);
	if (out->rows)
		bp_arena_on_free(a, free_rows, out->rows);
	if (rc)
		return rc;
	if (st.stage < S_DATA) {
		bp_error_at(err, path, 1, 1);
		return bp_fail(err, BP_ERR_PARSE, "the file ends before its topic and units rows");
	}
	if (out->n_rows == 0) {
		bp_error_at(err, path, 1, 1);
		return bp_fail(err, BP_ERR_PARSE, "the file has a header but no data rows");
	}
	return BP_OK;
}

/* ------------------------------------------------------------------ resolve */

typedef struct mapping_entry {
	const char *code;   /* "" = leave the row out */
	long line;
} mapping_entry;

typedef struct mapping_state {
	bp_arena *a;
	const char *path, *data;
	size_t len;
	char sep;
	GHashTable *names;  /* name -> mapping_entry* */
} mapping_state;

static bp_rc mapping_row(void *ctx, const bp_csv_row *row, bp_error *err)
{
	mapping_state *ms = ctx;
	long line, col;
	if (row->n != 2) {
		bp_csv_field_position(ms->data, ms->len, row->offset, row->line, row->n > 2 ? 2 : 0, ms->sep, &line, &col);
		bp_error_at(err, ms->path, line, col);
		return bp_fail(err, BP_ERR_PARSE, "expected two fields, name%ccode; found %zu", ms->sep, row->n);
	}
	char *name = trim(ms->a, row->fields[0], row->lens[0]);
	char *code = trim(ms->a, row->fields[1], row->lens[1]);
	if (row->index == 0 && g_ascii_strcasecmp(code, "code") == 0)
		return BP_OK;   /* a header line */
	mapping_entry *prev = g_hash_table_lookup(ms->names, name);
	if (prev) {
		bp_error_at(err, ms->path, row->line, 1);
		return bp_fail(err, BP_ERR_PARSE, "'%s' appears twice in the mapping (first on line %ld)", name, prev->line);
	}
	mapping_entry *e = bp_arena_alloc(ms->a, sizeof(*e));
	e->line = row->line;
	e->code = "";
	if (*code && strcmp(code, "-") != 0) {
		bp_area_code ac;
		if (bp_area_code_parse(code, strlen(code), &ac) != 0) {
			bp_csv_field_position(ms->data, ms->len, row->offset, row->line, 1, ms->sep, &line, &col);
			bp_error_at(err, ms->path, line, col);
			bp_rc rc = bp_fail(err, BP_ERR_PARSE, "'%s' is not a CBS area code (NL00, GM0000, WK000000, BU00000000)", code);
			bp_error_hint(err, "write '-' to leave the row of '%s' out", name);
			return rc;
		}
		e->code = bp_arena_strdup(ms->a, ac.code);
	}
	g_hash_table_insert(ms->names, name, e);
	return BP_OK;
}

static void destroy_hash(void *p)
{
	g_hash_table_destroy(p);
}

static bp_rc read_mapping(const char *path, bp_arena *a, GHashTable **out, bp_error *err)
{
	char *data;
	size_t len;
	bp_rc rc = bp_file_read_all(path, a, &data, &len, err);
	if (rc)
		return rc;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	const gchar *bad;
	if (!g_utf8_validate(data, (gssize)len, &bad)) {
		long line = 1;
		for (const char *q = data; q < bad; q++)
			line += *q == '\n';
		bp_error_at(err, path, line, 0);
		return bp_fail(err, BP_ERR_PARSE, "the mapping is not valid UTF-8");
	}
	mapping_state ms = { a, path, data, len, ';', NULL };
	/* 'name;code' as the exports write; 'name,code' when the first line has no ';'. */
	const char *nl = memchr(data, '\n', len);
	size_t first = nl ? (size_t)(nl - data) : len;
	if (!memchr(data, ';', first) && memchr(data, ',', first))
		ms.sep = ',';
	ms.names = g_hash_table_new(g_str_hash, g_str_equal);
	bp_arena_on_free(a, destroy_hash, ms.names);
	rc = bp_csv_read(path, data, len, ms.sep, mapping_row, &ms, err);
	*out = ms.names;
	return rc;
}

/* Case-insensitive key for names from the database. */
static char *name_key(bp_arena *a, const char *s)
{
	gchar *n = g_utf8_normalize(s, -1, G_NORMALIZE_NFC);
	gchar *f = g_utf8_casefold(n ? n : s, -1);
	char *k = bp_arena_strdup(a, f);
	g_free(n);
	g_free(f);
	return k;
}

static void free_gstring(void *p)
{
	g_string_free(p, TRUE);
}

/* name key -> GString of codes ("WK036300, BU03630000" when several share it). */
static bp_rc read_db_names(PGconn *conn, const char *gemeente, int year, bp_arena *a,
                           GHashTable **out, bp_error *err)
{
	char year_s[16];
	snprintf(year_s, sizeof(year_s), "%d", year);
	const char *p[] = { year_s, gemeente };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn,
		"SELECT code, name FROM bp.area WHERE indeling_year = $1::int AND level <> 'custom' "
		"   AND (gemeente_code = $2 OR code = $2 OR code = 'NL00') ORDER BY code", 2, p, &r, err);
	if (rc)
		return rc;
	GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
	bp_arena_on_free(a, destroy_hash, h);
	for (int i = 0; i < PQntuples(r); i++) {
		char *k = name_key(a, PQgetvalue(r, i, 1));
		GString *codes = g_hash_table_lookup(h, k);
		if (!codes) {
			codes = g_string_new(NULL);
			bp_arena_on_free(a, free_gstring, codes);
			g_hash_table_insert(h, k, codes);
		}
		g_string_append_printf(codes, "%s%s", codes->len ? ", " : "", PQgetvalue(r, i, 0));
	}
	PQclear(r);
	*out = h;
	return BP_OK;
}

bp_rc bp_statline_old_resolve(PGconn *conn, bp_statline_table *t, const char *codes_path,
                              const char *gemeente, int year, bp_arena *a, bp_error *err)
{
	GHashTable *mapping = NULL, *db = NULL;
	bp_rc rc;
	if (!codes_path && !gemeente) {
		const bp_statline_row *r = &t->rows[0];
		bp_error_at(err, t->path, r->line, 1);
		rc = bp_fail(err, BP_ERR_PARSE, "region '%s' has no area code: this old-layout export names its regions only", r->name);
		bp_error_hint(err, "give --codes MAPPING.csv (one 'name;code' per line, e.g. '%s;GM0363'), or --gemeente GMxxxx "
		              "to match the names to that gemeente's areas already loaded for %d", r->name, year);
		return rc;
	}
	if (codes_path && (rc = read_mapping(codes_path, a, &mapping, err)))
		return rc;
	if (gemeente && (rc = read_db_names(conn, gemeente, year, a, &db, err)))
		return rc;

	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	bp_arena_on_free(a, destroy_hash, seen);
	size_t kept = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		bp_statline_row *r = &t->rows[i];
		const char *code = NULL;
		mapping_entry *e = mapping ? g_hash_table_lookup(mapping, r->name) : NULL;
		if (e) {
			code = e->code;
		} else if (db) {
			GString *codes = g_hash_table_lookup(db, name_key(a, r->name));
			if (codes && strchr(codes->str, ',')) {
				bp_error_at(err, t->path, r->line, 1);
				rc = bp_fail(err, BP_ERR_PARSE, "region '%s' matches more than one area of %s in indeling %d: %s",
				             r->name, gemeente, year, codes->str);
				bp_error_hint(err, "say which with --codes MAPPING.csv and a line '%s;CODE'", r->name);
				return rc;
			}
			code = codes ? codes->str : NULL;
		}
		if (!code) {
			bp_error_at(err, t->path, r->line, 1);
			if (db)
				rc = bp_fail(err, BP_ERR_PARSE, "region '%s' matches no area of %s in indeling %d%s%s",
				             r->name, gemeente, year, mapping ? " nor a line of " : "", mapping ? codes_path : "");
			else
				rc = bp_fail(err, BP_ERR_PARSE, "region '%s' is not in the mapping %s", r->name, codes_path);
			bp_error_hint(err, "add a line '%s;CODE' to %s (or '%s;-' to leave the row out)",
			              r->name, codes_path ? codes_path : "a mapping file given with --codes", r->name);
			return rc;
		}
		if (!*code)
			continue;   /* left out on purpose */
		if (bp_area_code_parse(code, strlen(code), &r->area) != 0) {
			bp_error_at(err, t->path, r->line, 1);
			return bp_fail(err, BP_ERR_INTERNAL, "'%s' from the database is not an area code", code);
		}
		gpointer prev = g_hash_table_lookup(seen, r->area.code);
		if (prev) {
			bp_error_at(err, t->path, r->line, 1);
			return bp_fail(err, BP_ERR_PARSE, "region '%s' is area %s, as is the row on line %ld",
			               r->name, r->area.code, (long)GPOINTER_TO_SIZE(prev));
		}
		g_hash_table_insert(seen, bp_arena_strdup(a, r->area.code), GSIZE_TO_POINTER((gsize)r->line));
		t->rows[kept++] = *r;
	}
	t->n_rows = kept;
	if (kept == 0) {
		bp_error_at(err, t->path, 0, 0);
		return bp_fail(err, BP_ERR_PARSE, "every row was left out by the mapping");
	}
	return BP_OK;
}
