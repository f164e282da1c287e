#include "import/statline_csv.h"

#include <csv.h>
#include <stdarg.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "db/pgutil.h"
#include "import/csvrows.h"
#include "import/statline_old.h"

/* ------------------------------------------------------------------ parse */

typedef struct parse_state {
	bp_arena *a;
	const char *path;
	const char *data;        /* the file without its BOM */
	size_t len;
	bp_label_resolver resolve;
	void *ctx;
	bp_error *err;
	bp_rc rc;                /* the first failure stops everything */

	long line;               /* the physical line being fed to libcsv */
	size_t chunk_offset;     /* its offset in data */
	long row_line;           /* where the current row started */
	size_t row_offset;
	int in_row;

	const char **fields;     /* the current row (arena strings) */
	size_t *field_len;
	size_t nf, capf;

	bp_statline_table *t;
	size_t cap_rows;
	int have_header;
	long period_line;        /* where the Perioden value was first seen */
	GHashTable *seen;        /* area code -> line of first occurrence */
} parse_state;

/* libcsv does not report positions: csvrows.c re-scans the raw row when we need one. */
static void field_position(const parse_state *st, size_t index, long *line, long *col)
{
	bp_csv_field_position(st->data, st->len, st->row_offset, st->row_line, index, ';', line, col);
}

static bp_rc fail_at_field(parse_state *st, size_t index, bp_rc rc, const char *fmt, ...) BP_PRINTF(4, 5);
static bp_rc fail_at_field(parse_state *st, size_t index, bp_rc rc, const char *fmt, ...)
{
	long line, col;
	va_list ap;
	char msg[BP_ERROR_TEXT];
	field_position(st, index, &line, &col);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bp_fail(st->err, rc, "%s", msg);
	bp_error_at(st->err, st->path, line, col);
	st->rc = rc;
	return rc;
}

static void on_field(void *s, size_t len, void *data)
{
	parse_state *st = data;
	if (st->rc)
		return;
	if (!st->in_row) {
		st->in_row = 1;
		st->row_line = st->line;
		st->row_offset = st->chunk_offset;
		st->nf = 0;
	}
	if (st->nf == st->capf) {
		st->capf = st->capf ? st->capf * 2 : 32;
		st->fields = bp_xrealloc(st->fields, st->capf * sizeof(*st->fields));
		st->field_len = bp_xrealloc(st->field_len, st->capf * sizeof(*st->field_len));
	}
	st->fields[st->nf] = bp_arena_strndup(st->a, s ? s : "", len);
	st->field_len[st->nf] = len;
	st->nf++;
}

static char *rtrim(bp_arena *a, const char *s, size_t len)
{
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return bp_arena_strndup(a, s, len);
}

/*
 * The separator of the header line when it is not ';': "commas" or "tabs"
 * (outside quotes, with no ';' there), else NULL.  A file saved again by a
 * spreadsheet gets one of those, and libcsv would then report a quote in
 * the wrong place (issue 24: the hint misled).
 */
static const char *other_separator(const char *data, size_t len)
{
	size_t semi = 0, comma = 0, tab = 0;
	int quoted = 0;
	for (size_t i = 0; i < len && (quoted || (data[i] != '\n' && data[i] != '\r')); i++) {
		if (data[i] == '"')
			quoted = !quoted;
		else if (!quoted && data[i] == ';')
			semi++;
		else if (!quoted && data[i] == ',')
			comma++;
		else if (!quoted && data[i] == '\t')
			tab++;
	}
	if (semi)
		return NULL;
	return tab ? "tabs" : comma ? "commas" : NULL;
}

static void header_row(parse_state *st)
{
	bp_statline_table *t = st->t;
	if (st->nf < 2) {
		fail_at_field(st, 0, BP_ERR_PARSE, "the header has %zu column(s); a StatLine CSV export has a region column and at least one topic", st->nf);
		bp_error_hint(st->err, "export the table from StatLine as 'CSV met statistische symbolen'");
		return;
	}
	t->n_columns = st->nf;
	t->columns = bp_arena_alloc(st->a, st->nf * sizeof(*t->columns));
	int have_code = 0, have_name = 0;
	for (size_t i = 0; i < st->nf; i++) {
		bp_statline_column *c = &t->columns[i];
		const char *h = st->fields[i];
		size_t hl = strlen(h);
		c->header = h;
		if (hl == 0) {
			fail_at_field(st, i, BP_ERR_PARSE, "column %zu of the header is empty", i + 1);
			return;
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(t->columns[j].header, h) == 0) {
				fail_at_field(st, i, BP_ERR_PARSE, "column '%s' appears twice in the header", h);
				return;
			}
		}
		/* 'Bevolking/Aantal inwoners (aantal)': the unit is the last parenthesis. */
		const char *open = hl > 2 && h[hl - 1] == ')' ? strrchr(h, '(') : NULL;
		if (open && open > h && open[-1] == ' ') {
			c->label = bp_arena_strndup(st->a, h, (size_t)(open - 1 - h));
			c->unit = bp_arena_strndup(st->a, open + 1, hl - (size_t)(open + 1 - h) - 1);
		} else {
			c->label = h;
			c->unit = "";
		}
		/* Tables with a time dimension (SES-WOA, 85163NED) start with
		 * 'Perioden'; the region's name is the first other column. */
		if (strcmp(c->label, "Perioden") == 0) {
			c->role = BP_COL_PERIOD;
			continue;
		}
		if (!have_name) {
			c->role = BP_COL_AREA_NAME;
			have_name = 1;
			continue;
		}
		const char *seg = bp_statline_last_segment(c->label);
		/* KWB: 'Regioaanduiding/Codering (code)'; other tables:
		 * 'Regiocode (gemeente, wijk, buurt) (code)'. */
		if (strcmp(seg, "Codering") == 0 ||
		    (strncmp(c->label, "Regiocode", 9) == 0 && strcmp(c->unit, "code") == 0)) {
			c->role = BP_COL_CODE;
			have_code = 1;
		} else if (strcmp(seg, "Gemeentenaam") == 0) {
			c->role = BP_COL_GEMEENTENAAM;
		} else if (strcmp(seg, "Soort regio") == 0) {
			c->role = BP_COL_SOORT;
		} else if (strncmp(seg, "Indelingswijziging", 18) == 0) {
			c->role = BP_COL_INDELING;
		} else if (strcmp(c->unit, "naam") == 0 || strcmp(c->unit, "omschrijving") == 0 ||
		           strcmp(c->unit, "code") == 0) {
			c->role = BP_COL_TEXT;
		} else {
			c->role = BP_COL_MEASURE;
			const char *v = st->resolve ? st->resolve(st->ctx, c->label) : NULL;
			c->known = v != NULL;
			c->variable = v ? bp_arena_strdup(st->a, v) : bp_statline_derive_code(st->a, c->label);
			for (size_t j = 1; j < i; j++) {
				if (t->columns[j].role == BP_COL_MEASURE && strcmp(t->columns[j].variable, c->variable) == 0) {
					fail_at_field(st, i, BP_ERR_PARSE, "columns '%s' and '%s' both mean variable %s",
					              t->columns[j].header, h, c->variable);
					return;
				}
			}
			t->n_measures++;
		}
	}
	if (!have_code) {
		fail_at_field(st, 0, BP_ERR_PARSE, "this export has no region codes (no column 'Regioaanduiding/Codering (code)' or 'Regiocode (...) (code)')");
		bp_error_hint(st->err, "in StatLine, add the topic Regioaanduiding > Codering to the table and export again; rows keyed by name only cannot be matched to areas reliably");
		return;
	}
	st->have_header = 1;
}

static void data_row(parse_state *st)
{
	bp_statline_table *t = st->t;
	if (st->nf != t->n_columns) {
		size_t at = st->nf < t->n_columns ? st->nf - 1 : t->n_columns;
		fail_at_field(st, at, BP_ERR_PARSE, "expected %zu fields as in the header, found %zu",
		              t->n_columns, st->nf);
		return;
	}
	if (t->n_rows == st->cap_rows) {
		st->cap_rows = st->cap_rows ? st->cap_rows * 2 : 1024;
		t->rows = bp_xrealloc(t->rows, st->cap_rows * sizeof(*t->rows));
	}
	bp_statline_row *r = &t->rows[t->n_rows];
	memset(r, 0, sizeof(*r));
	r->line = st->row_line;
	r->values = bp_arena_alloc(st->a, t->n_columns * sizeof(*r->values));
	int soort = -1;
	size_t soort_col = 0;
	for (size_t i = 0; i < st->nf; i++) {
		const char *f = st->fields[i];
		size_t fl = st->field_len[i];
		switch (t->columns[i].role) {
		case BP_COL_AREA_NAME:
			r->name = rtrim(st->a, f, fl);
			if (!r->name[0]) {
				fail_at_field(st, i, BP_ERR_PARSE, "the region name is empty");
				return;
			}
			break;
		case BP_COL_CODE:
			if (bp_area_code_parse(f, fl, &r->area) != 0) {
				fail_at_field(st, i, BP_ERR_PARSE, "'%s' is not a CBS area code (NL00, GM0000, WK000000, BU00000000)",
				              rtrim(st->a, f, fl));
				return;
			}
			break;
		case BP_COL_SOORT:
			soort = bp_area_level_from_soort(f, fl);
			soort_col = i;
			if (soort < 0) {
				fail_at_field(st, i, BP_ERR_PARSE, "'%s' is not a kind of region (Land, Gemeente, Wijk, Buurt)",
				              rtrim(st->a, f, fl));
				return;
			}
			break;
		case BP_COL_INDELING: {
			char *v = rtrim(st->a, f, fl);
			r->indeling_change = (v[0] && strcmp(v, ".") != 0) ? v : NULL;
			break;
		}
		case BP_COL_MEASURE:
			if (bp_cbs_value_parse(f, fl, 0, &r->values[i]) != 0) {
				fail_at_field(st, i, BP_ERR_PARSE, "'%s' is neither a number nor a CBS symbol ('.' or empty)",
				              rtrim(st->a, f, fl));
				bp_error_detail(st->err, "column '%s'", t->columns[i].header);
				return;
			}
			break;
		case BP_COL_PERIOD: {
			/* One period per file: the observations get it as their period. */
			char *v = rtrim(st->a, f, fl);
			if (!t->period) {
				t->period = v;
				st->period_line = st->row_line;
			} else if (strcmp(t->period, v) != 0) {
				fail_at_field(st, i, BP_ERR_PARSE, "period '%s' differs from '%s' on line %ld", v, t->period, st->period_line);
				bp_error_hint(st->err, "export one period per file");
				return;
			}
			break;
		}
		case BP_COL_GEMEENTENAAM:
		case BP_COL_TEXT:
			break;
		}
	}
	if (soort >= 0 && (bp_area_level)soort != r->area.level) {
		fail_at_field(st, soort_col, BP_ERR_PARSE, "area %s is a %s by its code, but the file calls it '%s'",
		              r->area.code, bp_area_level_name(r->area.level), rtrim(st->a, st->fields[soort_col], st->field_len[soort_col]));
		return;
	}
	gpointer prev = g_hash_table_lookup(st->seen, r->area.code);
	if (prev) {
		size_t code_col = 0;
		for (size_t i = 0; i < t->n_columns; i++)
			if (t->columns[i].role == BP_COL_CODE)
				code_col = i;
		fail_at_field(st, code_col, BP_ERR_PARSE, "area %s appears twice (first on line %ld)",
		              r->area.code, (long)GPOINTER_TO_SIZE(prev));
		return;
	}
	g_hash_table_insert(st->seen, bp_arena_strdup(st->a, r->area.code), GSIZE_TO_POINTER((gsize)r->line));
	t->n_rows++;
}

static void on_row(int c, void *data)
{
	parse_state *st = data;
	(void)c;
	if (st->rc)
		return;
	if (!st->in_row)
		return;
	if (!st->have_header)
		header_row(st);
	else
		data_row(st);
	st->in_row = 0;
	st->nf = 0;
}

static void free_rows(void *p)
{
	free(p);
}

bp_rc bp_statline_parse(const char *path, const char *data, size_t len,
                        bp_label_resolver resolve, void *ctx,
                        bp_arena *a, bp_statline_table *out, bp_error *err)
{
	parse_state st = { 0 };
	struct csv_parser p;
	memset(out, 0, sizeof(*out));
	out->path = path;

	/* StatLine writes a UTF-8 byte-order mark; it is not part of the first header. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	const gchar *bad;
	if (!g_utf8_validate(data, (gssize)len, &bad)) {
		long line = 1, col = 1;
		for (const char *q = data; q < bad; q++) {
			if (*q == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)*q & 0xC0) != 0x80) {
				col++;
			}
		}
		bp_error_at(err, path, line, col);
		bp_fail(err, BP_ERR_PARSE, "the file is not valid UTF-8");
		bp_error_hint(err, "new-layout StatLine exports are UTF-8; save the file as UTF-8 and import it again");
		return BP_ERR_PARSE;
	}

	const char *sep = other_separator(data, len);
	if (sep) {
		bp_error_at(err, path, 1, 1);
		bp_fail(err, BP_ERR_PARSE, "the header is separated by %s, not by ';'", sep);
		bp_error_hint(err, "this file is separated by %s; StatLine exports use ';': export the table again as "
		              "'CSV met statistische symbolen' (and do not save it again from a spreadsheet)", sep);
		return BP_ERR_PARSE;
	}

	st.a = a;
	st.path = path;
	st.data = data;
	st.len = len;
	st.resolve = resolve;
	st.ctx = ctx;
	st.err = err;
	st.t = out;
	st.seen = g_hash_table_new(g_str_hash, g_str_equal);

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
		g_hash_table_destroy(st.seen);
		return bp_fail(err, BP_ERR_INTERNAL, "libcsv could not start");
	}
	csv_set_delim(&p, ';');

	/* Feed one physical line at a time so that we know which line libcsv is on. */
	size_t pos = 0;
	st.line = 1;
	while (pos < len && !st.rc) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t chunk = nl ? (size_t)(nl - (data + pos)) + 1 : len - pos;
		st.chunk_offset = pos;
		if (csv_parse(&p, data + pos, chunk, on_field, on_row, &st) != chunk && !st.rc) {
			st.row_offset = st.in_row ? st.row_offset : pos;
			bp_error_at(err, path, st.line, 0);
			st.rc = bp_fail(err, BP_ERR_PARSE, "malformed CSV: %s", csv_strerror(csv_error(&p)));
			bp_error_hint(err, "a quote inside a quoted field must be doubled (\"\")");
		}
		pos += chunk;
		if (nl)
			st.line++;
	}
	if (!st.rc && csv_fini(&p, on_field, on_row, &st) != 0) {
		/* Point at the quote that was never closed: st.line is past the end
		 * when the file ends with a newline. */
		long qline, qcol;
		bp_csv_open_quote_position(data, len, &qline, &qcol);
		bp_error_at(err, path, qline, qcol);
		st.rc = bp_fail(err, BP_ERR_PARSE, "the file ends inside a quoted field");
		bp_error_hint(err, "the field opened here has no closing quote; the file may be cut off");
	}
	if (!st.rc && !st.have_header) {
		bp_error_at(err, path, 1, 1);
		st.rc = bp_fail(err, BP_ERR_PARSE, "the file is empty");
	}
	if (!st.rc && out->n_rows == 0) {
		bp_error_at(err, path, 2, 1);
		st.rc = bp_fail(err, BP_ERR_PARSE, "the file has a header but no data rows");
	}
	csv_free(&p);
	free(st.fields);
	free(st.field_len);
	g_hash_table_destroy(st.seen);
	if (out->rows)
		bp_arena_on_free(a, free_rows, out->rows);
	return st.rc;
}

int bp_statline_year_from_name(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *k = strstr(base, "wijken_en_buurten_");
	if (!k)
		k = strstr(base, "wijken en buurten ");
	if (!k)
		return 0;
	k += strlen("wijken_en_buurten_");
	if (strlen(k) >= 4 && g_ascii_isdigit(k[0]) && g_ascii_isdigit(k[1]) &&
	    g_ascii_isdigit(k[2]) && g_ascii_isdigit(k[3]) && !g_ascii_isdigit(k[4])) {
		int y = (k[0] - '0') * 1000 + (k[1] - '0') * 100 + (k[2] - '0') * 10 + (k[3] - '0');
		return y >= 1990 && y <= 2100 ? y : 0;
	}
	return 0;
}

/* ------------------------------------------------------------------ the kind: either layout */

static const char *resolve_from_hash(void *ctx, const char *label)
{
	return g_hash_table_lookup((GHashTable *)ctx, label);
}

static void destroy_hash(void *p)
{
	g_hash_table_destroy(p);
}

static bp_rc load_labels(PGconn *conn, bp_arena *a, GHashTable **out, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn, "SELECT label, variable_code FROM bp.variable_label", 0, NULL, &r, err);
	if (rc)
		return rc;
	GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
	bp_arena_on_free(a, destroy_hash, h);
	for (int i = 0; i < PQntuples(r); i++)
		g_hash_table_insert(h, bp_arena_strdup(a, PQgetvalue(r, i, 0)), bp_arena_strdup(a, PQgetvalue(r, i, 1)));
	PQclear(r);
	*out = h;
	return BP_OK;
}

bp_rc bp_import_statline_csv(PGconn *conn, const bp_statline_options *opt,
                             bp_import_result *res, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	char checksum[65];
	char *data = NULL;
	size_t len = 0;
	GHashTable *labels = NULL;
	bp_statline_table t;
	memset(res, 0, sizeof(*res));

	bp_rc rc = bp_file_read_all(opt->path, a, &data, &len, err);
	if (rc)
		goto out;
	bp_sha256_hex(data, len, checksum);

	rc = load_labels(conn, a, &labels, err);
	if (rc)
		goto out;
	/* The old layout (title line, units row, names only) has its own parser;
	 * both end in the same table and the same load. */
	if (bp_statline_old_detect(data, len))
		rc = bp_statline_old_parse(opt->path, data, len, resolve_from_hash, labels, a, &t, err);
	else
		rc = bp_statline_parse(opt->path, data, len, resolve_from_hash, labels, a, &t, err);
	if (rc)
		goto out;

	int year = opt->year ? opt->year : bp_statline_year_from_name(opt->path);
	/* A Perioden column of one year (SES-WOA exports) tells it too. */
	if (year == 0 && t.period && strlen(t.period) == 4)
		year = atoi(t.period);
	if (year == 0) {
		bp_error_at(err, opt->path, 0, 0);
		rc = bp_fail(err, BP_ERR_USAGE, "cannot tell the year of this export from its name");
		bp_error_hint(err, "give it with --year YYYY (the indeling and period of the figures)");
		goto out;
	}
	if (year < 1990 || year > 2100) {
		rc = bp_fail(err, BP_ERR_USAGE, "year %d is out of range (1990-2100)", year);
		goto out;
	}
	const char *table_id = opt->table_id ? opt->table_id : bp_statline_kwb_table_id(year);
	res->year = year;
	snprintf(res->table_id, sizeof(res->table_id), "%s", table_id ? table_id : "");

	if (!t.title && (opt->codes || opt->gemeente)) {
		bp_error_at(err, opt->path, 1, 1);
		rc = bp_fail(err, BP_ERR_USAGE, "this export has region codes; --codes and --gemeente are for old-layout exports keyed by name");
		goto out;
	}
	if (t.title) {
		rc = bp_statline_old_resolve(conn, &t, opt->codes, opt->gemeente, year, a, err);
		if (rc)
			goto out;
	}
	char *location = realpath(opt->path, NULL);
	rc = bp_statline_load(conn, &t, location ? location : opt->path, checksum, year, table_id, res, err);
	free(location);
out:
	bp_arena_free(a);
	return rc;
}
