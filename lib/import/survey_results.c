/* survey_results.c: area-level survey results from CSV (see the header). */
#include "import/survey_results.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "core/yamldoc.h"
#include "db/pgutil.h"
#include "import/csvrows.h"
#include "import/load.h"

/* ------------------------------------------------------------------ mapping */

static bp_rc one_char(const bp_yaml_doc *doc, const bp_yaml_node *map, const char *key,
                      const char *const *choices, const char *values, char *out, bp_error *err)
{
	if (!bp_yaml_map_get(doc, map, key) || bp_yaml_is_null(bp_yaml_map_get(doc, map, key)))
		return BP_OK;
	int i;
	bp_rc rc = bp_yaml_req_choice(doc, map, key, choices, &i, err);
	if (rc == BP_OK)
		*out = values[i];
	return rc;
}

bp_rc bp_results_mapping_load(const char *path, bp_arena *a, bp_results_mapping **out, bp_error *err)
{
	static const char *const top_keys[] = { "survey", "csv", "columns", "area", "indicators", NULL };
	static const char *const survey_keys[] = { "name", "title", "period", "publisher", "licence", NULL };
	static const char *const csv_keys[] = { "separator", "decimal", "suppressed", NULL };
	static const char *const col_keys[] = { "area", "period", "indicator", "value", "respondents",
	                                        "lower", "upper", NULL };
	static const char *const area_keys[] = { "indeling_year", NULL };
	static const char *const ind_keys[] = { "variable", "title", "unit", "decimals", NULL };
	static const char *const seps[] = { ";", ",", "tab", NULL };
	static const char *const decs[] = { ".", ",", NULL };
	bp_yaml_doc *doc;
	bp_rc rc = bp_yaml_load_file(path, a, &doc, err);
	if (rc)
		return rc;
	bp_results_mapping *m = bp_arena_alloc(a, sizeof(*m));
	memset(m, 0, sizeof(*m));
	m->path = bp_arena_strdup(a, path);
	m->sep = ';';
	m->decimal = '.';
	if ((rc = bp_file_sha256(path, m->hash, err)))
		return rc;
	const bp_yaml_node *root = bp_yaml_root(doc);
	if ((rc = bp_yaml_check_keys(doc, root, top_keys, err)))
		return rc;

	const bp_yaml_node *s = bp_yaml_map_get(doc, root, "survey");
	if (!s)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'survey'");
	if ((rc = bp_yaml_check_keys(doc, s, survey_keys, err)) ||
	    (rc = bp_yaml_req_str(doc, s, "name", &m->name, err)) ||
	    (rc = bp_yaml_opt_str(doc, s, "title", m->name, &m->title, err)) ||
	    (rc = bp_yaml_opt_str(doc, s, "period", NULL, &m->period, err)) ||
	    (rc = bp_yaml_req_str(doc, s, "publisher", &m->publisher, err)) ||
	    (rc = bp_yaml_req_str(doc, s, "licence", &m->licence, err)))
		return rc;

	const bp_yaml_node *c = bp_yaml_map_get(doc, root, "csv");
	if (c && !bp_yaml_is_null(c)) {
		if ((rc = bp_yaml_check_keys(doc, c, csv_keys, err)) ||
		    (rc = one_char(doc, c, "separator", seps, ";,\t", &m->sep, err)) ||
		    (rc = one_char(doc, c, "decimal", decs, ".,", &m->decimal, err)) ||
		    (rc = bp_yaml_opt_strlist(doc, c, "suppressed", &m->suppressed, &m->n_suppressed, err)))
			return rc;
		if (m->sep == m->decimal)
			return bp_yaml_fail(doc, bp_yaml_map_get(doc, c, "decimal"), err, BP_ERR_CONFIG,
			                    "the decimal separator is also the field separator");
	}

	const bp_yaml_node *cols = bp_yaml_map_get(doc, root, "columns");
	if (!cols)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'columns'");
	if ((rc = bp_yaml_check_keys(doc, cols, col_keys, err)) ||
	    (rc = bp_yaml_req_str(doc, cols, "area", &m->col_area, err)) ||
	    (rc = bp_yaml_opt_str(doc, cols, "period", NULL, &m->col_period, err)) ||
	    (rc = bp_yaml_req_str(doc, cols, "indicator", &m->col_indicator, err)) ||
	    (rc = bp_yaml_req_str(doc, cols, "value", &m->col_value, err)) ||
	    (rc = bp_yaml_opt_str(doc, cols, "respondents", NULL, &m->col_respondents, err)) ||
	    (rc = bp_yaml_opt_str(doc, cols, "lower", NULL, &m->col_lower, err)) ||
	    (rc = bp_yaml_opt_str(doc, cols, "upper", NULL, &m->col_upper, err)))
		return rc;
	if (!m->col_period && !m->period)
		return bp_yaml_fail(doc, s, err, BP_ERR_CONFIG,
		                    "no period: give survey.period or a period column (columns.period)");

	const bp_yaml_node *ar = bp_yaml_map_get(doc, root, "area");
	if (!ar)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'area'");
	long year;
	if ((rc = bp_yaml_check_keys(doc, ar, area_keys, err)) ||
	    (rc = bp_yaml_req_int(doc, ar, "indeling_year", 1900, 2100, &year, err)))
		return rc;
	m->indeling_year = (int)year;

	const bp_yaml_node *inds = bp_yaml_map_get(doc, root, "indicators");
	if (!inds)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'indicators'");
	if ((rc = bp_yaml_expect(doc, inds, BP_YAML_MAPPING, "'indicators'", err)))
		return rc;
	m->n_indicators = bp_yaml_map_len(inds);
	if (m->n_indicators == 0)
		return bp_yaml_fail(doc, inds, err, BP_ERR_CONFIG, "no indicators are mapped");
	m->indicators = bp_arena_alloc(a, m->n_indicators * sizeof(*m->indicators));
	for (size_t i = 0; i < m->n_indicators; i++) {
		bp_results_indicator *ind = &m->indicators[i];
		const bp_yaml_node *k = bp_yaml_map_key_at(doc, inds, i);
		const bp_yaml_node *v = bp_yaml_map_value_at(doc, inds, i);
		ind->name = bp_yaml_scalar(k);
		ind->line = bp_yaml_line(k);
		ind->column = bp_yaml_column(k);
		if (!v || bp_yaml_is_null(v))
			return bp_yaml_fail(doc, k, err, BP_ERR_CONFIG, "indicator '%s' has no variable", ind->name);
		if ((rc = bp_yaml_check_keys(doc, v, ind_keys, err)) ||
		    (rc = bp_yaml_req_str(doc, v, "variable", &ind->variable, err)) ||
		    (rc = bp_yaml_opt_str(doc, v, "title", ind->name, &ind->title, err)) ||
		    (rc = bp_yaml_opt_str(doc, v, "unit", NULL, &ind->unit, err)) ||
		    (rc = bp_yaml_opt_int(doc, v, "decimals", 0, 10, -1, &ind->decimals, err)))
			return rc;
		/* Two names for one variable would make two cells of one key. */
		for (size_t j = 0; j < i; j++)
			if (strcmp(m->indicators[j].variable, ind->variable) == 0)
				return bp_yaml_fail(doc, bp_yaml_map_get(doc, v, "variable"), err, BP_ERR_CONFIG,
				                    "variable '%s' is mapped from '%s' and '%s'", ind->variable,
				                    m->indicators[j].name, ind->name);
	}
	*out = m;
	return BP_OK;
}

/* ------------------------------------------------------------------ parse */

typedef struct rrow {
	long line;
	size_t offset;
	size_t n;
	char **f;
} rrow;

typedef struct cell {
	int present;             /* a number was given */
	double v;
} cell;

/* One checked data row, ready to load. */
typedef struct rcell {
	const bp_results_indicator *ind;
	const char *area, *gemeente, *period;
	int value_ok;            /* 0: unknown_or_secret */
	double value;
	cell lo, hi, n;
} rcell;

typedef struct problem {
	long line, column;
	const char *what, *value;
} problem;

typedef struct rtable {
	bp_arena *a;
	const bp_results_mapping *m;
	const char *path;
	const char *text;
	size_t len;
	rrow *rows;
	size_t n_rows, cap_rows;
	problem *probs;
	size_t n_probs, cap_probs;
} rtable;

static bp_rc on_row(void *ctx, const bp_csv_row *row, bp_error *err)
{
	(void)err;
	rtable *t = ctx;
	if (t->n_rows == t->cap_rows) {
		t->cap_rows = t->cap_rows ? 2 * t->cap_rows : 64;
		rrow *r = bp_arena_alloc(t->a, t->cap_rows * sizeof(*r));
		if (t->n_rows)
			memcpy(r, t->rows, t->n_rows * sizeof(*r));
		t->rows = r;
	}
	rrow *r = &t->rows[t->n_rows++];
	r->line = row->line;
	r->offset = row->offset;
	r->n = row->n;
	r->f = bp_arena_alloc(t->a, (row->n ? row->n : 1) * sizeof(char *));
	for (size_t i = 0; i < row->n; i++) {
		/* Cells compare trimmed: Excel pads codes with spaces. */
		const char *s = row->fields[i];
		size_t l = row->lens[i];
		while (l && (*s == ' ' || *s == '\t')) {
			s++;
			l--;
		}
		while (l && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\r'))
			l--;
		r->f[i] = bp_arena_strndup(t->a, s, l);
	}
	return BP_OK;
}

static void add_problem(rtable *t, const rrow *r, size_t field, const char *what, const char *value)
{
	if (t->n_probs == t->cap_probs) {
		t->cap_probs = t->cap_probs ? 2 * t->cap_probs : 32;
		problem *p = bp_arena_alloc(t->a, t->cap_probs * sizeof(*p));
		if (t->n_probs)
			memcpy(p, t->probs, t->n_probs * sizeof(*p));
		t->probs = p;
	}
	problem *p = &t->probs[t->n_probs++];
	bp_csv_field_position(t->text, t->len, r->offset, r->line, field, t->m->sep, &p->line, &p->column);
	p->what = what;
	p->value = value;
}

/* A number in the mapping's notation: digits, one decimal separator, sign, exponent. */
static int parse_number(const char *s, char decimal, double *out)
{
	char buf[64];
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof(buf))
		return -1;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == decimal)
			ch = '.';
		else if (ch == '.' || ch == ',')
			return -1;     /* the other separator: thousands, or the wrong notation */
		else if (!((ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == 'e' || ch == 'E'))
			return -1;
		buf[i] = ch;
	}
	buf[n] = '\0';
	char *end;
	errno = 0;
	double v = strtod(buf, &end);
	if (errno || *end || end == buf || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

static int is_suppressed(const bp_results_mapping *m, const char *s)
{
	if (!*s || strcmp(s, ".") == 0)
		return 1;
	for (size_t i = 0; i < m->n_suppressed; i++)
		if (strcmp(s, m->suppressed[i]) == 0)
			return 1;
	return 0;
}

static bp_rc read_file(rtable *t, const char *data, size_t len, bp_error *err)
{
	const char *text = data;
	size_t tlen = len;
	bp_rc rc = bp_csv_text_utf8(t->a, t->path, &text, &tlen, err);
	if (rc)
		return rc;
	t->text = text;
	t->len = tlen;
	rc = bp_csv_read(t->path, text, tlen, t->m->sep, on_row, t, err);
	if (rc)
		return rc;
	if (t->n_rows == 0) {
		bp_error_at(err, t->path, 1, 1);
		return bp_fail(err, BP_ERR_PARSE, "the file is empty");
	}
	return BP_OK;
}

/* The header's index of name, or -1. */
static long column_of(const rrow *h, const char *name)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->f[i], name) == 0)
			return (long)i;
	return -1;
}

/*
 * Check every data row against the mapping and the areas; fill cells.
 * Header problems (a mapped column missing) stop at once.
 */
static bp_rc check_rows(rtable *t, GHashTable *areas, rcell **out, size_t *n_out, bp_error *err)
{
	const bp_results_mapping *m = t->m;
	const rrow *h = &t->rows[0];
	const char *names[] = { m->col_area, m->col_period, m->col_indicator, m->col_value,
	                        m->col_respondents, m->col_lower, m->col_upper };
	enum { C_AREA, C_PERIOD, C_IND, C_VALUE, C_N, C_LO, C_HI, C_COUNT };
	long ix[C_COUNT];
	for (int i = 0; i < C_COUNT; i++) {
		ix[i] = -1;
		if (!names[i])
			continue;
		ix[i] = column_of(h, names[i]);
		if (ix[i] < 0) {
			bp_error_at(err, t->path, h->line, 1);
			bp_fail(err, BP_ERR_PARSE, "the header has no column '%s'", names[i]);
			bp_error_hint(err, "the mapping %s names it; the header has %zu columns", m->path, h->n);
			return BP_ERR_PARSE;
		}
	}
	GHashTable *ind = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t i = 0; i < m->n_indicators; i++)
		g_hash_table_insert(ind, (gpointer)m->indicators[i].name, &m->indicators[i]);
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);   /* key -> line */

	rcell *cells = bp_arena_alloc(t->a, t->n_rows * sizeof(*cells));
	size_t nc = 0;
	for (size_t ri = 1; ri < t->n_rows; ri++) {
		const rrow *r = &t->rows[ri];
		if (r->n != h->n) {
			add_problem(t, r, r->n ? r->n - 1 : 0,
			            bp_arena_printf(t->a, "the row has %zu fields, the header %zu", r->n, h->n), "");
			continue;
		}
		size_t before = t->n_probs;
		rcell *c = &cells[nc];
		memset(c, 0, sizeof(*c));

		const char *area = r->f[ix[C_AREA]];
		const char *gm = *area ? g_hash_table_lookup(areas, area) : NULL;
		if (!*area)
			add_problem(t, r, (size_t)ix[C_AREA], "no area code", "");
		else if (!gm)
			add_problem(t, r, (size_t)ix[C_AREA],
			            bp_arena_printf(t->a, "unknown area code (not in indeling %d)", m->indeling_year), area);
		c->area = area;
		c->gemeente = gm && *gm ? gm : NULL;

		c->period = ix[C_PERIOD] >= 0 ? r->f[ix[C_PERIOD]] : m->period;
		if (!*c->period)
			add_problem(t, r, (size_t)ix[C_PERIOD], "no period", "");

		const char *iname = r->f[ix[C_IND]];
		c->ind = g_hash_table_lookup(ind, iname);
		if (!c->ind)
			add_problem(t, r, (size_t)ix[C_IND], "indicator not in the mapping", iname);

		const char *vs = r->f[ix[C_VALUE]];
		if (!is_suppressed(m, vs)) {
			if (parse_number(vs, m->decimal, &c->value))
				add_problem(t, r, (size_t)ix[C_VALUE], "the value is not a number", vs);
			else
				c->value_ok = 1;
		}
		struct { int col; cell *dst; const char *what; } opt[] = {
			{ C_N, &c->n, "the number of respondents is not a whole number" },
			{ C_LO, &c->lo, "the lower bound is not a number" },
			{ C_HI, &c->hi, "the upper bound is not a number" },
		};
		for (size_t k = 0; k < sizeof(opt) / sizeof(*opt); k++) {
			if (ix[opt[k].col] < 0)
				continue;
			const char *s = r->f[ix[opt[k].col]];
			if (is_suppressed(m, s))
				continue;
			if (parse_number(s, m->decimal, &opt[k].dst->v) ||
			    (opt[k].col == C_N && opt[k].dst->v != floor(opt[k].dst->v)))
				add_problem(t, r, (size_t)ix[opt[k].col], opt[k].what, s);
			else
				opt[k].dst->present = 1;
		}
		if (c->n.present && c->n.v < 0)
			add_problem(t, r, (size_t)ix[C_N], "the number of respondents is negative", r->f[ix[C_N]]);
		if (c->lo.present && c->hi.present && c->lo.v > c->hi.v)
			add_problem(t, r, (size_t)ix[C_LO], "the lower bound is above the upper bound",
			            bp_arena_printf(t->a, "%s > %s", r->f[ix[C_LO]], r->f[ix[C_HI]]));
		else if (c->value_ok && ((c->lo.present && c->value < c->lo.v) || (c->hi.present && c->value > c->hi.v)))
			add_problem(t, r, (size_t)ix[C_VALUE], "the value is outside its bounds",
			            bp_arena_printf(t->a, "%s not between %s and %s", vs,
			                            c->lo.present ? r->f[ix[C_LO]] : "-",
			                            c->hi.present ? r->f[ix[C_HI]] : "-"));
		if (t->n_probs == before && c->ind) {
			char *key = bp_arena_printf(t->a, "%s\x1f%s\x1f%s", c->ind->variable, c->area, c->period);
			long *first = g_hash_table_lookup(seen, key);
			if (first) {
				add_problem(t, r, (size_t)ix[C_IND],
				            bp_arena_printf(t->a, "this area, period and indicator were given before, on line %ld", *first),
				            iname);
			} else {
				long *l = bp_arena_alloc(t->a, sizeof(*l));
				*l = r->line;
				g_hash_table_insert(seen, key, l);
			}
		}
		if (t->n_probs == before)
			nc++;
	}
	g_hash_table_destroy(ind);
	g_hash_table_destroy(seen);
	*out = cells;
	*n_out = nc;
	return BP_OK;
}

static bp_rc reject(const rtable *t, bp_error *err)
{
	const problem *p0 = &t->probs[0];
	bp_fail(err, BP_ERR_PARSE, "%s%s%s%s", p0->what, *p0->value ? " '" : "", p0->value, *p0->value ? "'" : "");
	bp_error_at(err, t->path, p0->line, p0->column);
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_printf(&b, "%zu problem%s, nothing was loaded", t->n_probs, t->n_probs == 1 ? "" : "s");
	size_t shown = t->n_probs < 10 ? t->n_probs : 10;
	for (size_t i = 0; i < shown; i++) {
		const problem *p = &t->probs[i];
		bp_buf_printf(&b, "; %ld:%ld: %s", p->line, p->column, p->what);
		if (*p->value)
			bp_buf_printf(&b, " '%s'", p->value);
	}
	if (t->n_probs > shown)
		bp_buf_printf(&b, "; and %zu more", t->n_probs - shown);
	bp_error_detail(err, "%s", b.data);
	bp_buf_release(&b);
	return BP_ERR_PARSE;
}

/* ------------------------------------------------------------------ load */

static bp_rc load_areas(PGconn *conn, int year, bp_arena *a, GHashTable **out, bp_error *err)
{
	char y[16];
	snprintf(y, sizeof(y), "%d", year);
	const char *p[] = { y };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn, "SELECT code, coalesce(gemeente_code, '') FROM bp.area WHERE indeling_year = $1",
	                       1, p, &r, err);
	if (rc)
		return rc;
	GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
	for (int i = 0; i < PQntuples(r); i++)
		g_hash_table_insert(h, bp_arena_strdup(a, PQgetvalue(r, i, 0)), bp_arena_strdup(a, PQgetvalue(r, i, 1)));
	PQclear(r);
	*out = h;
	return BP_OK;
}

static void num_field(bp_buf *b, const cell *c)
{
	if (c->present)
		bp_buf_printf(b, "%.17g", c->v);
	else
		bp_buf_adds(b, "\\N");
}

static bp_rc load(PGconn *conn, const bp_results_mapping *m, const rcell *cells, size_t n,
                  const char *location, const char *checksum, long rows,
                  bp_survey_results_result *res, bp_error *err)
{
	PGresult *r = NULL;
	bp_buf b;
	bp_buf_init(&b);
	char year_s[16], id_s[32], rows_s[32];
	snprintf(year_s, sizeof(year_s), "%d", m->indeling_year);
	snprintf(rows_s, sizeof(rows_s), "%ld", rows);

	bp_rc rc = bp_pg_exec(conn, "BEGIN", err);
	if (rc)
		goto out;
	long existing = 0;
	if ((rc = bp_load_lock_checksum(conn, checksum, "survey-results", &existing, err)))
		goto out;
	if (existing) {
		res->already_loaded = 1;
		res->source_id = existing;
		rc = bp_pg_exec(conn, "COMMIT", err);
		goto out;
	}
	{
		const char *p[] = { m->publisher, m->name, m->title, location, checksum, m->licence, rows_s };
		rc = bp_pg_query(conn,
			"INSERT INTO bp.source (publisher, table_id, title, location, checksum, licence, importer, row_count) "
			"VALUES ($1, $2, $3, $4, $5, $6, 'survey-results', $7) RETURNING id", 7, p, &r, err);
		if (rc)
			goto out;
		rc = bp_pg_long(r, 0, 0, &res->source_id, err);
		PQclear(r);
		r = NULL;
		if (rc)
			goto out;
	}
	snprintf(id_s, sizeof(id_s), "%ld", res->source_id);

	/* Every mapped variable is registered; one known before must have the same unit. */
	for (size_t i = 0; i < m->n_indicators; i++) {
		const bp_results_indicator *ind = &m->indicators[i];
		char dec[16];
		snprintf(dec, sizeof(dec), "%ld", ind->decimals);
		const char *p[] = { ind->variable, ind->title, ind->unit, ind->decimals >= 0 ? dec : NULL };
		rc = bp_pg_query(conn,
			"WITH i AS (INSERT INTO bp.variable (code, title, unit, decimals) VALUES ($1, $2, $3, $4::integer) "
			"           ON CONFLICT (code) DO NOTHING RETURNING unit) "
			"SELECT coalesce((SELECT unit FROM i), (SELECT unit FROM bp.variable WHERE code = $1)), "
			"       EXISTS (SELECT 1 FROM i)", 4, p, &r, err);
		if (rc)
			goto out;
		int inserted = PQgetvalue(r, 0, 1)[0] == 't';
		const char *unit = PQgetisnull(r, 0, 0) ? NULL : PQgetvalue(r, 0, 0);
		if (!inserted && ((unit == NULL) != (ind->unit == NULL) || (unit && strcmp(unit, ind->unit) != 0))) {
			rc = bp_fail(err, BP_ERR_CONFIG, "variable '%s' is registered with unit '%s', the mapping says '%s'",
			             ind->variable, unit ? unit : "(none)", ind->unit ? ind->unit : "(none)");
			bp_error_at(err, m->path, ind->line, ind->column);
			bp_error_hint(err, "map the indicator to another variable code, or give it the same unit");
			goto out;
		}
		PQclear(r);
		r = NULL;
	}

	for (size_t i = 0; i < n; i++) {
		const rcell *c = &cells[i];
		bp_buf_adds(&b, c->ind->variable);
		bp_buf_addc(&b, '\t');
		bp_load_copy_field(&b, c->area);
		bp_buf_printf(&b, "\t%s\t", year_s);
		bp_load_copy_field(&b, c->period);
		bp_buf_printf(&b, "\t%s\t", id_s);
		if (c->value_ok)
			bp_buf_printf(&b, "%.17g\tok\t", c->value);
		else
			bp_buf_adds(&b, "\\N\tunknown_or_secret\t");
		bp_load_copy_field(&b, c->gemeente);
		bp_buf_addc(&b, '\n');
		res->suppressed += !c->value_ok;
	}
	rc = bp_load_copy(conn,
		"COPY bp.observation (variable_code, area_code, indeling_year, period, source_id, value, status, gemeente_code) FROM STDIN",
		&b, err);
	if (rc)
		goto out;
	res->observations = (long)n;

	bp_buf_reset(&b);
	for (size_t i = 0; i < n; i++) {
		const rcell *c = &cells[i];
		if (!c->lo.present && !c->hi.present && !c->n.present)
			continue;
		bp_buf_adds(&b, c->ind->variable);
		bp_buf_addc(&b, '\t');
		bp_load_copy_field(&b, c->area);
		bp_buf_printf(&b, "\t%s\t", year_s);
		bp_load_copy_field(&b, c->period);
		bp_buf_printf(&b, "\t%s\t", id_s);
		num_field(&b, &c->lo);
		bp_buf_addc(&b, '\t');
		num_field(&b, &c->hi);
		bp_buf_addc(&b, '\t');
		if (c->n.present)
			bp_buf_printf(&b, "%.0f", c->n.v);
		else
			bp_buf_adds(&b, "\\N");
		bp_buf_addc(&b, '\n');
		res->intervals++;
	}
	if (res->intervals) {
		rc = bp_load_copy(conn,
			"COPY bp.observation_interval (variable_code, area_code, indeling_year, period, source_id, "
			"ci_low, ci_high, n_respondents) FROM STDIN", &b, err);
		if (rc)
			goto out;
	}
	rc = bp_pg_exec(conn, "COMMIT", err);
out:
	if (rc) {
		bp_pg_rollback(conn);
		res->observations = res->suppressed = res->intervals = 0;
		res->source_id = 0;
	}
	PQclear(r);
	bp_buf_release(&b);
	return rc;
}

static void destroy_hash(void *p)
{
	g_hash_table_destroy(p);
}

bp_rc bp_import_survey_results(PGconn *conn, const bp_survey_results_options *opt,
                               bp_survey_results_result *res, bp_error *err)
{
	memset(res, 0, sizeof(*res));
	bp_arena *a = bp_arena_new();
	bp_results_mapping *m = NULL;
	char *data = NULL;
	size_t len = 0;
	char checksum[65];
	GHashTable *areas = NULL;
	rcell *cells = NULL;
	size_t n = 0;

	bp_rc rc = bp_results_mapping_load(opt->mapping_path, a, &m, err);
	if (rc)
		goto out;
	if ((rc = bp_file_read_all(opt->path, a, &data, &len, err)))
		goto out;
	bp_sha256_hex(data, len, checksum);
	rtable t = { .a = a, .m = m, .path = opt->path };
	if ((rc = read_file(&t, data, len, err)))
		goto out;
	res->rows = (long)t.n_rows - 1;
	if ((rc = load_areas(conn, m->indeling_year, a, &areas, err)))
		goto out;
	bp_arena_on_free(a, destroy_hash, areas);
	if ((rc = check_rows(&t, areas, &cells, &n, err)))
		goto out;
	if (t.n_probs) {
		res->problems = (long)t.n_probs;
		rc = reject(&t, err);
		if (g_hash_table_size(areas) == 0)
			bp_error_hint(err, "indeling %d has no areas in this database: import the KWB of %d first",
			              m->indeling_year, m->indeling_year);
		goto out;
	}
	if (n == 0) {
		bp_error_at(err, opt->path, t.rows[0].line, 1);
		rc = bp_fail(err, BP_ERR_PARSE, "the file has a header but no data rows");
		goto out;
	}
	char *location = realpath(opt->path, NULL);
	rc = load(conn, m, cells, n, location ? location : opt->path, checksum, res->rows, res, err);
	free(location);
out:
	bp_arena_free(a);
	return rc;
}
