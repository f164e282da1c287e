/* survey.c: survey files -> survey_private and bp.survey_aggregate (see survey.h). */
#include "import/survey.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <readstat.h>

#include "core/arena.h"
#include "core/buf.h"
#include "db/pgutil.h"
#include "import/csvrows.h"
#include "import/load.h"
#include "import/survey_mapping.h"

/* ------------------------------------------------------------------ the table in memory */

/* The columns we read, whatever their order in the file. */
enum { COL_ID, COL_AREA, COL_WEIGHT, COL_SYNTHETIC, COL_FIXED };

typedef struct cell {
	const char *text;          /* NULL: empty / system missing */
	unsigned char user_missing; /* .sav: a missing value the file itself defines */
} cell;

typedef struct srow {
	long row, line;
	cell *cells;               /* COL_FIXED + n_questions */
	size_t filled;             /* .sav: values received */
	int short_row;             /* CSV: fewer fields than the header */
	size_t n_fields;
	int cut;                   /* the file ended inside this row */
} srow;

typedef struct problem {
	long row, line;
	const char *respondent, *column, *what, *value;
} problem;

typedef struct table {
	bp_arena *a;
	const bp_survey_mapping *m;
	const char *path;
	size_t ncells;
	long *file_col;            /* cell index -> the file's column (-1 absent) */
	size_t n_header;
	srow *rows;
	size_t n_rows, cap_rows;
	int synthetic;
	problem *probs;
	size_t n_probs, cap_probs;
	long expected_rows;        /* .sav: the header's case count (-1 unknown) */
} table;

static const char *cell_name(const table *t, size_t i)
{
	switch (i) {
	case COL_ID: return t->m->col_respondent;
	case COL_AREA: return t->m->col_area;
	case COL_WEIGHT: return t->m->col_weight;
	case COL_SYNTHETIC: return "synthetic";
	default: return t->m->questions[i - COL_FIXED].variable;
	}
}

static srow *new_row(table *t)
{
	if (t->n_rows == t->cap_rows) {
		size_t cap = t->cap_rows ? 2 * t->cap_rows : 1024;
		srow *r = bp_arena_alloc(t->a, cap * sizeof(*r));
		if (t->n_rows)
			memcpy(r, t->rows, t->n_rows * sizeof(*r));
		t->rows = r;
		t->cap_rows = cap;
	}
	srow *r = &t->rows[t->n_rows++];
	memset(r, 0, sizeof(*r));
	r->row = (long)t->n_rows;
	r->cells = bp_arena_alloc(t->a, t->ncells * sizeof(cell));
	return r;
}

static void add_problem(table *t, const srow *r, const char *column, const char *what, const char *value)
{
	if (t->n_probs == t->cap_probs) {
		size_t cap = t->cap_probs ? 2 * t->cap_probs : 64;
		problem *p = bp_arena_alloc(t->a, cap * sizeof(*p));
		if (t->n_probs)
			memcpy(p, t->probs, t->n_probs * sizeof(*p));
		t->probs = p;
		t->cap_probs = cap;
	}
	problem *p = &t->probs[t->n_probs++];
	p->row = r->row;
	p->line = r->line;
	p->respondent = r->cells[COL_ID].text;
	p->column = column;
	p->what = what;
	p->value = value;
}

/* Column names compare without case: SPSS does not distinguish them either. */
static void bind_header(table *t, size_t file_index, const char *name)
{
	for (size_t i = 0; i < t->ncells; i++) {
		const char *want = cell_name(t, i);
		if (want && t->file_col[i] < 0 && g_ascii_strcasecmp(want, name) == 0)
			t->file_col[i] = (long)file_index;
	}
}

static void table_init(table *t, bp_arena *a, const bp_survey_mapping *m, const char *path)
{
	memset(t, 0, sizeof(*t));
	t->a = a;
	t->m = m;
	t->path = path;
	t->ncells = COL_FIXED + m->n_questions;
	t->file_col = bp_arena_alloc(a, t->ncells * sizeof(long));
	for (size_t i = 0; i < t->ncells; i++)
		t->file_col[i] = -1;
	t->expected_rows = -1;
}

/* Every column the mapping names must be in the file: a renamed column is not a missing answer. */
static bp_rc check_columns(const table *t, bp_error *err)
{
	for (size_t i = 0; i < t->ncells; i++) {
		if (t->file_col[i] >= 0 || i == COL_SYNTHETIC || !cell_name(t, i))
			continue;
		if (i >= COL_FIXED) {
			const bp_survey_question *q = &t->m->questions[i - COL_FIXED];
			bp_error_at(err, t->m->path, q->line, q->column);
		} else {
			bp_error_at(err, t->path, 1, 0);
		}
		bp_error_detail(err, "file: %s", t->path);
		return bp_fail(err, BP_ERR_PARSE, "the file has no column '%s' that the mapping names", cell_name(t, i));
	}
	return BP_OK;
}

/* ------------------------------------------------------------------ CSV */

typedef struct csv_ctx {
	table *t;
	size_t *cell_of_field;     /* file column -> cell index, or SIZE_MAX */
} csv_ctx;

static bp_rc csv_row(void *vctx, const bp_csv_row *row, bp_error *err)
{
	csv_ctx *c = vctx;
	table *t = c->t;
	if (row->index == 0) {
		t->n_header = row->n;
		for (size_t i = 0; i < row->n; i++) {
			const char *name = row->fields[i];
			/* A UTF-8 BOM before the first name. */
			if (i == 0 && (unsigned char)name[0] == 0xEF && (unsigned char)name[1] == 0xBB && (unsigned char)name[2] == 0xBF)
				name += 3;
			char *trimmed = g_strstrip(bp_arena_strdup(t->a, name));
			bind_header(t, i, trimmed);
		}
		bp_rc rc = check_columns(t, err);
		if (rc)
			return rc;
		c->cell_of_field = bp_arena_alloc(t->a, (row->n ? row->n : 1) * sizeof(size_t));
		for (size_t i = 0; i < row->n; i++)
			c->cell_of_field[i] = SIZE_MAX;
		for (size_t i = 0; i < t->ncells; i++)
			if (t->file_col[i] >= 0)
				c->cell_of_field[t->file_col[i]] = i;
		return BP_OK;
	}
	srow *r = new_row(t);
	r->line = row->line;
	r->n_fields = row->n;
	if (row->n != t->n_header)
		r->short_row = 1;
	for (size_t i = 0; i < row->n && i < t->n_header; i++) {
		size_t ci = c->cell_of_field[i];
		if (ci == SIZE_MAX)
			continue;
		char *s = g_strstrip(bp_arena_strndup(t->a, row->fields[i], row->lens[i]));
		r->cells[ci].text = *s ? s : NULL;
	}
	return BP_OK;
}

/* The separator is whichever of ; tab , occurs most in the header line (outside quotes). */
static char detect_sep(const char *data, size_t len)
{
	size_t n[3] = { 0, 0, 0 };
	int q = 0;
	for (size_t i = 0; i < len && (q || (data[i] != '\n' && data[i] != '\r')); i++) {
		if (data[i] == '"')
			q = !q;
		else if (!q && data[i] == ';')
			n[0]++;
		else if (!q && data[i] == '\t')
			n[1]++;
		else if (!q && data[i] == ',')
			n[2]++;
	}
	if (n[0] >= n[1] && n[0] >= n[2] && n[0] > 0)
		return ';';
	if (n[1] >= n[2] && n[1] > 0)
		return '\t';
	return ',';
}

static bp_rc read_csv(table *t, const char *data, size_t len, bp_error *err)
{
	/* Survey bureaus still send Windows-1252 (Excel's "CSV"); anything not UTF-8 is read as that. */
	const char *text = data;
	size_t tlen = len;
	if (!g_utf8_validate(data, (gssize)len, NULL)) {
		gsize written = 0;
		GError *ge = NULL;
		gchar *conv = g_convert(data, (gssize)len, "UTF-8", "WINDOWS-1252", NULL, &written, &ge);
		if (!conv) {
			bp_error_at(err, t->path, 0, 0);
			bp_rc rc = bp_fail(err, BP_ERR_PARSE, "the file is neither UTF-8 nor Windows-1252: %s", ge->message);
			g_error_free(ge);
			return rc;
		}
		char *copy = bp_arena_strndup(t->a, conv, written);
		g_free(conv);
		text = copy;
		tlen = written;
	}
	if (tlen >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		tlen -= 3;
	}
	if (tlen == 0) {
		bp_error_at(err, t->path, 1, 1);
		return bp_fail(err, BP_ERR_PARSE, "the file is empty");
	}
	csv_ctx c = { .t = t };
	bp_rc rc = bp_csv_read(t->path, text, tlen, detect_sep(text, tlen), csv_row, &c, err);
	if (rc == BP_ERR_PARSE && strstr(err->message, "ends inside a quoted field") && t->n_header) {
		/* Cut off inside a quoted value: the row that was open is incomplete. */
		srow *r = new_row(t);
		r->line = err->line;
		r->cut = 1;
		bp_error_clear(err);
		rc = BP_OK;
	}
	if (rc)
		return rc;
	if (t->n_header == 0) {
		bp_error_at(err, t->path, 1, 1);
		return bp_fail(err, BP_ERR_PARSE, "the file has no header row");
	}
	/* A last row without its line end and with too few fields: the file was cut off in the middle of it. */
	int ends_in_newline = text[tlen - 1] == '\n' || text[tlen - 1] == '\r';
	if (t->n_rows && !ends_in_newline && t->rows[t->n_rows - 1].short_row)
		t->rows[t->n_rows - 1].cut = 1;
	return BP_OK;
}

/* ------------------------------------------------------------------ SPSS .sav */

typedef struct sav_ctx {
	table *t;
	size_t *cell_of_var;
	int n_vars;
	bp_error *err;
	bp_rc rc;
} sav_ctx;

static int sav_metadata(readstat_metadata_t *md, void *vctx)
{
	sav_ctx *c = vctx;
	const char *label = readstat_get_file_label(md);
	if (label && strstr(label, "SYNTHETIC"))
		c->t->synthetic = 1;
	c->t->expected_rows = readstat_get_row_count(md);
	c->n_vars = readstat_get_var_count(md);
	c->cell_of_var = bp_arena_alloc(c->t->a, (size_t)(c->n_vars > 0 ? c->n_vars : 1) * sizeof(size_t));
	for (int i = 0; i < c->n_vars; i++)
		c->cell_of_var[i] = SIZE_MAX;
	return READSTAT_HANDLER_OK;
}

static int sav_variable(int index, readstat_variable_t *v, const char *val_labels, void *vctx)
{
	(void)val_labels;
	sav_ctx *c = vctx;
	if (index < 0 || index >= c->n_vars)
		return READSTAT_HANDLER_OK;
	bind_header(c->t, (size_t)index, readstat_variable_get_name(v));
	c->t->n_header = (size_t)index + 1;
	return READSTAT_HANDLER_OK;
}

static int sav_value(int obs, readstat_variable_t *v, readstat_value_t value, void *vctx)
{
	sav_ctx *c = vctx;
	table *t = c->t;
	if (t->n_rows == 0) {
		/* First value: every variable is known by now; bind and check the columns once. */
		for (size_t i = 0; i < t->ncells; i++)
			if (t->file_col[i] >= 0)
				c->cell_of_var[t->file_col[i]] = i;
		c->rc = check_columns(t, c->err);
		if (c->rc)
			return READSTAT_HANDLER_ABORT;
	}
	if (t->n_rows == 0 || t->rows[t->n_rows - 1].row != obs + 1)
		new_row(t);
	srow *r = &t->rows[t->n_rows - 1];
	r->filled++;
	int idx = readstat_variable_get_index(v);
	size_t ci = idx >= 0 && idx < c->n_vars ? c->cell_of_var[idx] : SIZE_MAX;
	if (ci == SIZE_MAX)
		return READSTAT_HANDLER_OK;
	cell *cl = &r->cells[ci];
	if (readstat_value_is_system_missing(value))
		return READSTAT_HANDLER_OK;
	cl->user_missing = (unsigned char)readstat_value_is_defined_missing(value, v);
	if (readstat_value_type(value) == READSTAT_TYPE_STRING) {
		const char *s = readstat_string_value(value);
		char *copy = g_strstrip(bp_arena_strdup(t->a, s ? s : ""));
		cl->text = *copy ? copy : NULL;
	} else {
		double d = readstat_double_value(value);
		if (d == floor(d) && fabs(d) < 1e15)
			cl->text = bp_arena_printf(t->a, "%.0f", d);
		else
			cl->text = bp_arena_printf(t->a, "%.17g", d);
	}
	return READSTAT_HANDLER_OK;
}

static bp_rc read_sav(table *t, bp_error *err)
{
	sav_ctx c = { .t = t, .err = err };
	readstat_parser_t *p = readstat_parser_init();
	readstat_set_metadata_handler(p, sav_metadata);
	readstat_set_variable_handler(p, sav_variable);
	readstat_set_value_handler(p, sav_value);
	readstat_error_t e = readstat_parse_sav(p, t->path, &c);
	readstat_parser_free(p);
	if (c.rc)
		return c.rc;
	if (t->n_header == 0 && e != READSTAT_OK) {
		bp_error_at(err, t->path, 0, 0);
		return bp_fail(err, BP_ERR_PARSE, "not a readable SPSS .sav file: %s", readstat_error_message(e));
	}
	if (t->n_rows == 0 && e == READSTAT_OK) {
		/* No cases: check the columns all the same, so that a wrong mapping is caught. */
		bp_rc rc = check_columns(t, err);
		if (rc)
			return rc;
	}
	/* A file cut short: ReadStat stops with an error; the rows it did not finish are cut. */
	for (size_t i = 0; i < t->n_rows; i++)
		if (t->rows[i].filled < t->n_header)
			t->rows[i].cut = 1;
	if (e != READSTAT_OK || (t->expected_rows >= 0 && (long)t->n_rows < t->expected_rows)) {
		if (t->n_rows == 0 || !t->rows[t->n_rows - 1].cut) {
			srow *r = new_row(t);
			r->cut = 1;
		}
	}
	return BP_OK;
}

/* ------------------------------------------------------------------ validation */

typedef struct area_info {
	const char *level;
	const char *gemeente;
} area_info;

typedef struct valid_row {
	const srow *src;
	const char *area;
	const char *gemeente;
	double weight;
	long *codes;               /* per question */
	unsigned char *has;        /* 1 = answered (a code, missing codes included) */
} valid_row;

/* "1,25" and "1.25" both; the whole text must be the number. */
static int parse_number(const char *s, double *out)
{
	char buf[64];
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n + 1);
	if (!strchr(buf, '.'))
		for (char *p = buf; *p; p++)
			if (*p == ',')
				*p = '.';
	char *end;
	errno = 0;
	double d = strtod(buf, &end);
	if (errno || *end || !isfinite(d))
		return 0;
	*out = d;
	return 1;
}

/* CBS codes as written by bureaus: WK082801, wk082801, 082801 (wijk), 08280105 (buurt). */
static const char *normalise_area(bp_arena *a, const bp_survey_mapping *m, const char *raw)
{
	if (m->area_lookup) {
		double d;
		char key[64];
		/* A number from a .sav ("7") or a CSV ("7", "7.0", "07") finds the key "7". */
		if (parse_number(raw, &d) && d == floor(d) && fabs(d) < 1e12)
			snprintf(key, sizeof(key), "%.0f", d);
		else
			snprintf(key, sizeof(key), "%s", raw);
		for (size_t i = 0; i < m->n_lookup; i++)
			if (strcmp(m->lookup[i].key, key) == 0 || strcmp(m->lookup[i].key, raw) == 0)
				return m->lookup[i].code;
		return NULL;
	}
	char *s = g_ascii_strup(raw, -1);
	char *res;
	size_t n = strlen(s), digits = strspn(s, "0123456789");
	if (digits == n && n == 6)
		res = bp_arena_printf(a, "WK%s", s);
	else if (digits == n && n == 8)
		res = bp_arena_printf(a, "BU%s", s);
	else
		res = bp_arena_strdup(a, s);
	g_free(s);
	return res;
}

static bp_rc load_areas(PGconn *conn, bp_arena *a, int year, GHashTable **out, bp_error *err)
{
	char year_s[16];
	snprintf(year_s, sizeof(year_s), "%d", year);
	const char *p[] = { year_s };
	PGresult *r;
	bp_rc rc = bp_pg_query(conn,
		"SELECT code, level::text, gemeente_code FROM bp.area WHERE indeling_year = $1 AND level IN ('wijk', 'buurt')",
		1, p, &r, err);
	if (rc)
		return rc;
	GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
	bp_arena_on_free(a, (void (*)(void *))g_hash_table_destroy, h);
	for (int i = 0; i < PQntuples(r); i++) {
		area_info *ai = bp_arena_alloc(a, sizeof(*ai));
		ai->level = bp_arena_strdup(a, PQgetvalue(r, i, 1));
		ai->gemeente = bp_arena_strdup(a, PQgetvalue(r, i, 2));
		g_hash_table_insert(h, bp_arena_strdup(a, PQgetvalue(r, i, 0)), ai);
	}
	PQclear(r);
	*out = h;
	return BP_OK;
}

/* Check every row; valid ones go to out, the rest to t->probs.  Returns the number valid. */
static size_t validate(table *t, GHashTable *areas, valid_row *out)
{
	const bp_survey_mapping *m = t->m;
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	size_t nv = 0;
	int all_synthetic = t->file_col[COL_SYNTHETIC] >= 0 && t->n_rows > 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		const srow *r = &t->rows[i];
		size_t before = t->n_probs;
		if (r->cut) {
			add_problem(t, r, "", "the file ends in the middle of this row", "");
			continue;
		}
		if (r->short_row) {
			add_problem(t, r, "", bp_arena_printf(t->a, "the row has %zu fields, the header %zu", r->n_fields, t->n_header), "");
			continue;
		}
		const char *syn = r->cells[COL_SYNTHETIC].text;
		if (!syn || strcmp(syn, "1") != 0)
			all_synthetic = 0;
		valid_row v = { .src = r };
		const char *id = r->cells[COL_ID].text;
		if (!id)
			add_problem(t, r, m->col_respondent, "no respondent id", "");
		else if (g_hash_table_contains(seen, id))
			add_problem(t, r, m->col_respondent,
			            bp_arena_printf(t->a, "duplicate respondent id (first in row %ld)",
			                            (long)GPOINTER_TO_SIZE(g_hash_table_lookup(seen, id))), id);
		else
			g_hash_table_insert(seen, (gpointer)id, GSIZE_TO_POINTER((gsize)r->row));

		const char *raw = r->cells[COL_AREA].text;
		if (!raw) {
			add_problem(t, r, m->col_area, "no area code", "");
		} else {
			const char *code = normalise_area(t->a, m, raw);
			area_info *ai = code ? g_hash_table_lookup(areas, code) : NULL;
			if (!code)
				add_problem(t, r, m->col_area, "area number not in the mapping's lookup table", raw);
			else if (!ai)
				add_problem(t, r, m->col_area,
				            bp_arena_printf(t->a, "unknown area code (no wijk or buurt %s in indeling %d)",
				                            code, m->indeling_year), raw);
			else {
				v.area = code;
				v.gemeente = ai->gemeente;
			}
		}

		if (m->col_weight) {
			const char *w = r->cells[COL_WEIGHT].text;
			if (!w)
				add_problem(t, r, m->col_weight, "no weight", "");
			else if (!parse_number(w, &v.weight))
				add_problem(t, r, m->col_weight, "the weight is not a number", w);
			else if (!(v.weight > 0))
				add_problem(t, r, m->col_weight, "the weight is not positive", w);
		} else {
			v.weight = 1.0;
		}

		v.codes = bp_arena_alloc(t->a, m->n_questions * sizeof(long));
		v.has = bp_arena_alloc(t->a, m->n_questions ? m->n_questions : 1);
		for (size_t q = 0; q < m->n_questions; q++) {
			const bp_survey_question *qq = &m->questions[q];
			const cell *c = &r->cells[COL_FIXED + q];
			if (!c->text)
				continue;
			double d;
			if (!parse_number(c->text, &d) || d != floor(d) || fabs(d) > 2e9) {
				add_problem(t, r, qq->variable, "the answer is not a code (a whole number)", c->text);
				continue;
			}
			long code = (long)d;
			/* The .sav's own missing-value definitions count as missing codes too. */
			if (!c->user_missing && !bp_survey_is_missing(qq, code) && bp_survey_category_of(qq, code) < 0) {
				add_problem(t, r, qq->variable, "answer code outside the codebook", c->text);
				continue;
			}
			v.codes[q] = code;
			v.has[q] = 1;
		}
		if (t->n_probs == before)
			out[nv++] = v;
	}
	g_hash_table_destroy(seen);
	if (all_synthetic)
		t->synthetic = 1;
	return nv;
}

static void problems_detail(const table *t, bp_error *err)
{
	bp_buf b;
	bp_buf_init(&b);
	size_t shown = t->n_probs < 10 ? t->n_probs : 10;
	for (size_t i = 0; i < shown; i++) {
		const problem *p = &t->probs[i];
		if (i)
			bp_buf_adds(&b, "; ");
		bp_buf_printf(&b, "row %ld", p->row);
		if (p->line)
			bp_buf_printf(&b, " (line %ld)", p->line);
		if (p->column && *p->column)
			bp_buf_printf(&b, ", %s", p->column);
		bp_buf_printf(&b, ": %s", p->what);
		if (p->value && *p->value)
			bp_buf_printf(&b, " '%s'", p->value);
	}
	if (t->n_probs > shown)
		bp_buf_printf(&b, "; and %zu more", t->n_probs - shown);
	bp_error_detail(err, "%s", b.data);
	bp_buf_release(&b);
}

static void csv_field(bp_buf *b, const char *s)
{
	bp_buf_addc(b, '"');
	for (; s && *s; s++) {
		if (*s == '"')
			bp_buf_addc(b, '"');
		bp_buf_addc(b, *s);
	}
	bp_buf_addc(b, '"');
}

static bp_rc write_report(const table *t, const char *path, bp_error *err)
{
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_adds(&b, "row;line;respondent;column;problem;value\n");
	for (size_t i = 0; i < t->n_probs; i++) {
		const problem *p = &t->probs[i];
		bp_buf_printf(&b, "%ld;", p->row);
		if (p->line)
			bp_buf_printf(&b, "%ld", p->line);
		bp_buf_addc(&b, ';');
		csv_field(&b, p->respondent);
		bp_buf_addc(&b, ';');
		csv_field(&b, p->column);
		bp_buf_addc(&b, ';');
		csv_field(&b, p->what);
		bp_buf_addc(&b, ';');
		csv_field(&b, p->value);
		bp_buf_addc(&b, '\n');
	}
	bp_rc rc = bp_file_write_atomic(path, b.data, b.len, err);
	bp_buf_release(&b);
	return rc;
}

/* ------------------------------------------------------------------ loading */

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void int_array(bp_buf *b, const long *v, size_t n)
{
	bp_buf_addc(b, '{');
	for (size_t i = 0; i < n; i++)
		bp_buf_printf(b, "%s%ld", i ? "," : "", v[i]);
	bp_buf_addc(b, '}');
}

static const char aggregate_sql[] =
	"INSERT INTO bp.survey_aggregate (survey_id, area_code, indeling_year, period, question, category,"
	"  n_unweighted, sum_w, sum_w2, base_n, base_sum_w, base_sum_w2, gemeente_code) "
	/* Sums per respondent's own area first (one pass over the answers), then those few rows rolled
	 * up: each area counts in itself, its wijk (when a buurt) and its gemeente.  n, sum of weights
	 * and of squared weights add up, so this is the same as summing the answers three times over. */
	"WITH own AS ("
	"  SELECT r.survey_id, r.area_code, r.indeling_year, an.question, c.category,"
	"         count(*) AS n, sum(r.weight) AS sw, sum(r.weight * r.weight) AS sw2"
	"    FROM survey_private.respondent r"
	"    JOIN survey_private.answer an ON an.survey_id = r.survey_id AND an.respondent_id = r.respondent_id"
	"    JOIN bp.survey_category c ON c.survey_id = an.survey_id AND c.question = an.question AND an.code = ANY (c.codes)"
	"   WHERE r.survey_id = ANY ($1::bigint[])"
	"   GROUP BY 1, 2, 3, 4, 5"
	"), cat AS ("
	"  SELECT o.survey_id, x.area_code, o.indeling_year, o.question, o.category,"
	"         sum(o.n) AS n, sum(o.sw) AS sw, sum(o.sw2) AS sw2"
	"    FROM own o"
	"    JOIN bp.area a ON a.code = o.area_code AND a.indeling_year = o.indeling_year"
	"    CROSS JOIN LATERAL (VALUES (a.code),"
	"                               (CASE WHEN a.level = 'buurt' THEN a.parent_code END),"
	"                               (CASE WHEN a.level IN ('wijk', 'buurt') THEN a.gemeente_code END)) x(area_code)"
	"   WHERE x.area_code IS NOT NULL"
	"   GROUP BY 1, 2, 3, 4, 5"
	"), base AS ("
	"  SELECT survey_id, area_code, indeling_year, question, sum(n) AS n, sum(sw) AS sw, sum(sw2) AS sw2"
	"    FROM cat GROUP BY 1, 2, 3, 4"
	") "
	"SELECT b.survey_id, b.area_code, b.indeling_year, s.period, b.question, c.category,"
	"       coalesce(k.n, 0), coalesce(k.sw, 0), coalesce(k.sw2, 0), b.n, b.sw, b.sw2, s.gemeente_code"
	"  FROM base b JOIN bp.survey s ON s.id = b.survey_id"
	"  JOIN bp.survey_category c ON c.survey_id = b.survey_id AND c.question = b.question"
	"  LEFT JOIN cat k ON k.survey_id = b.survey_id AND k.area_code = b.area_code"
	"                 AND k.question = b.question AND k.category = c.category";

static bp_rc load(PGconn *conn, const table *t, const valid_row *rows, size_t nv, const char *checksum,
                  bp_survey_result *res, bp_error *err)
{
	const bp_survey_mapping *m = t->m;
	bp_rc rc;
	PGresult *r = NULL;
	bp_buf b, ids;
	bp_buf_init(&b);
	bp_buf_init(&ids);
	char year_s[16];
	snprintf(year_s, sizeof(year_s), "%d", m->indeling_year);

	/* The gemeenten of this file, sorted: one bp.survey row each. */
	GHashTable *gh = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t i = 0; i < nv; i++)
		g_hash_table_add(gh, (gpointer)rows[i].gemeente);
	guint ng = 0;
	const char **gems = (const char **)g_hash_table_get_keys_as_array(gh, &ng);
	qsort(gems, ng, sizeof(*gems), cmp_str);
	bp_buf_addc(&b, '{');
	for (guint i = 0; i < ng; i++)
		bp_buf_printf(&b, "%s%s", i ? "," : "", gems[i]);
	bp_buf_addc(&b, '}');
	char *gem_array = bp_buf_detach(&b, NULL);
	bp_buf_init(&b);

	if ((rc = bp_pg_exec(conn, "BEGIN", err)))
		goto out;
	{
		/* Two imports of the same survey at once: the second waits and then sees the first. */
		const char *p[] = { m->name, m->period };
		rc = bp_pg_query(conn, "SELECT pg_advisory_xact_lock(hashtextextended('bp.survey:' || $1 || '/' || $2, 0))",
		                 2, p, NULL, err);
		if (rc)
			goto out;
	}
	{
		/* The same bytes through the same mapping are already the current data: nothing to do. */
		const char *p[] = { m->name, m->period, checksum, m->hash };
		rc = bp_pg_query(conn,
			"SELECT s.source_id FROM bp.survey s JOIN bp.source src ON src.id = s.source_id"
			" WHERE s.name = $1 AND s.period = $2 AND src.checksum = $3 AND s.mapping_hash = $4 LIMIT 1",
			4, p, &r, err);
		if (rc)
			goto out;
		if (PQntuples(r) > 0) {
			res->source_id = atol(PQgetvalue(r, 0, 0));
			res->already_loaded = 1;
			rc = bp_pg_exec(conn, "COMMIT", err);
			goto out;
		}
		PQclear(r);
		r = NULL;
	}
	{
		/* A corrected file replaces the earlier one of each gemeente it covers. */
		const char *p[] = { m->name, m->period, gem_array };
		rc = bp_pg_query(conn,
			"WITH old AS (SELECT id FROM bp.survey WHERE name = $1 AND period = $2 AND gemeente_code = ANY ($3::text[]))"
			"   , a AS (DELETE FROM survey_private.answer WHERE survey_id IN (SELECT id FROM old))"
			" SELECT count(*) FROM old", 3, p, &r, err);
		if (rc)
			goto out;
		res->replaced = atol(PQgetvalue(r, 0, 0));
		PQclear(r);
		r = NULL;
		rc = bp_pg_query(conn, "DELETE FROM bp.survey WHERE name = $1 AND period = $2 AND gemeente_code = ANY ($3::text[])",
		                 3, p, NULL, err);
		if (rc)
			goto out;
		/* A source no survey refers to any more: the file it was is no longer in the database. */
		rc = bp_pg_exec(conn,
			"DELETE FROM bp.source src WHERE src.importer = 'survey'"
			" AND NOT EXISTS (SELECT 1 FROM bp.survey s WHERE s.source_id = src.id)", err);
		if (rc)
			goto out;
	}
	{
		char *title = g_strdup_printf("%s%s", m->title, t->synthetic ? " (SYNTHETIC)" : "");
		char rows_s[32];
		snprintf(rows_s, sizeof(rows_s), "%zu", nv);
		const char *p[] = { m->publisher, m->name, title, t->path, checksum, m->licence, rows_s };
		rc = bp_pg_query(conn,
			"INSERT INTO bp.source (publisher, table_id, title, location, checksum, licence, importer, row_count) "
			"VALUES ($1, $2, $3, $4, $5, $6, 'survey', $7) "
			"ON CONFLICT (publisher, table_id, checksum) DO UPDATE SET retrieved_at = now(), row_count = EXCLUDED.row_count "
			"RETURNING id", 7, p, &r, err);
		g_free(title);
		if (rc)
			goto out;
		res->source_id = atol(PQgetvalue(r, 0, 0));
		PQclear(r);
		r = NULL;
	}
	char src_s[32];
	snprintf(src_s, sizeof(src_s), "%ld", res->source_id);

	/* One survey row per gemeente, with its questions and categories. */
	char **survey_ids = bp_arena_alloc(t->a, (ng ? ng : 1) * sizeof(char *));
	for (guint g = 0; g < ng; g++) {
		long n = 0;
		for (size_t i = 0; i < nv; i++)
			n += strcmp(rows[i].gemeente, gems[g]) == 0;
		char n_s[32], skipped_s[32];
		snprintf(n_s, sizeof(n_s), "%ld", n);
		snprintf(skipped_s, sizeof(skipped_s), "%zu", t->n_probs ? t->n_rows - nv : 0);
		const char *p[] = { m->name, m->title, m->period, m->fieldwork_start, m->fieldwork_end, gems[g], year_s,
		                    src_s, m->path, m->hash, t->synthetic ? "true" : "false", n_s, skipped_s };
		rc = bp_pg_query(conn,
			"INSERT INTO bp.survey (name, title, period, fieldwork_start, fieldwork_end, gemeente_code, indeling_year,"
			" source_id, mapping_file, mapping_hash, synthetic, respondents, skipped_rows)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id", 13, p, &r, err);
		if (rc)
			goto out;
		survey_ids[g] = bp_arena_strdup(t->a, PQgetvalue(r, 0, 0));
		PQclear(r);
		r = NULL;
		bp_buf_printf(&ids, "%s%s", g ? "," : "", survey_ids[g]);
		for (size_t q = 0; q < m->n_questions; q++) {
			const bp_survey_question *qq = &m->questions[q];
			bp_buf_reset(&b);
			int_array(&b, qq->missing, qq->n_missing);
			const char *pq[] = { survey_ids[g], qq->variable, qq->label, qq->theme, b.data };
			rc = bp_pg_query(conn, "INSERT INTO bp.survey_question (survey_id, question, label, theme, missing_codes)"
			                 " VALUES ($1, $2, $3, $4, $5)", 5, pq, NULL, err);
			if (rc)
				goto out;
			for (size_t c = 0; c < qq->n_categories; c++) {
				char ord[32];
				snprintf(ord, sizeof(ord), "%zu", c + 1);
				bp_buf_reset(&b);
				int_array(&b, qq->categories[c].codes, qq->categories[c].n_codes);
				const char *pc[] = { survey_ids[g], qq->variable, qq->categories[c].name, qq->categories[c].label, ord, b.data };
				rc = bp_pg_query(conn, "INSERT INTO bp.survey_category (survey_id, question, category, label, ord, codes)"
				                 " VALUES ($1, $2, $3, $4, $5, $6)", 6, pc, NULL, err);
				if (rc)
					goto out;
			}
		}
	}
	res->surveys = ng;

	/* Respondents and answers: COPY, long form. */
	bp_buf_reset(&b);
	for (size_t i = 0; i < nv; i++) {
		const valid_row *v = &rows[i];
		guint g = 0;
		while (g < ng && strcmp(gems[g], v->gemeente) != 0)
			g++;
		bp_buf_printf(&b, "%s\t", survey_ids[g]);
		bp_load_copy_field(&b, v->src->cells[COL_ID].text);
		bp_buf_addc(&b, '\t');
		bp_load_copy_field(&b, v->area);
		bp_buf_printf(&b, "\t%s\t%.17g\t%ld\n", year_s, v->weight, v->src->row);
	}
	rc = bp_load_copy(conn, "COPY survey_private.respondent (survey_id, respondent_id, area_code, indeling_year, weight, row_number) FROM STDIN", &b, err);
	if (rc)
		goto out;
	bp_buf_reset(&b);
	long n_ans = 0;
	for (size_t i = 0; i < nv; i++) {
		const valid_row *v = &rows[i];
		guint g = 0;
		while (g < ng && strcmp(gems[g], v->gemeente) != 0)
			g++;
		for (size_t q = 0; q < m->n_questions; q++) {
			if (!v->has[q])
				continue;
			bp_buf_printf(&b, "%s\t", survey_ids[g]);
			bp_load_copy_field(&b, v->src->cells[COL_ID].text);
			bp_buf_addc(&b, '\t');
			bp_load_copy_field(&b, m->questions[q].variable);
			bp_buf_printf(&b, "\t%ld\n", v->codes[q]);
			n_ans++;
		}
	}
	rc = bp_load_copy(conn, "COPY survey_private.answer (survey_id, respondent_id, question, code) FROM STDIN", &b, err);
	if (rc)
		goto out;
	/* The planner must know the tables were just filled (autovacuum has not seen this transaction's
	 * rows): without statistics it takes respondent and answer for near empty and joins them by
	 * 200,000 index probes and an on-disk sort instead of one hash join (minutes at 20M answers). */
	if ((rc = bp_pg_exec(conn, "ANALYZE survey_private.respondent, survey_private.answer, bp.survey_category", err)))
		goto out;
	{
		bp_buf_reset(&b);
		bp_buf_printf(&b, "{%s}", ids.data);
		const char *p[] = { b.data };
		rc = bp_pg_query(conn, aggregate_sql, 1, p, &r, err);
		if (rc)
			goto out;
		res->aggregates = atol(PQcmdTuples(r));
		PQclear(r);
		r = NULL;
	}
	if ((rc = bp_pg_exec(conn, "COMMIT", err)))
		goto out;
	res->respondents = (long)nv;
	res->answers = n_ans;
out:
	if (rc)
		bp_pg_rollback(conn);
	PQclear(r);
	g_free(gems);
	g_hash_table_destroy(gh);
	free(gem_array);
	bp_buf_release(&b);
	bp_buf_release(&ids);
	return rc;
}

static int is_sav(const char *path)
{
	size_t n = strlen(path);
	return n >= 4 && g_ascii_strcasecmp(path + n - 4, ".sav") == 0;
}

bp_rc bp_import_survey(PGconn *conn, const bp_survey_options *opt, bp_survey_result *res, bp_error *err)
{
	memset(res, 0, sizeof(*res));
	bp_arena *a = bp_arena_new();
	bp_survey_mapping *m;
	table t;
	char checksum[65];
	bp_rc rc = bp_survey_mapping_load(opt->mapping_path, a, &m, err);
	if (rc)
		goto out;
	table_init(&t, a, m, opt->path);
	{
		char *base = g_path_get_basename(opt->path);
		char *up = g_ascii_strup(base, -1);
		t.synthetic = strstr(up, "SYNTHETIC") != NULL;
		g_free(up);
		g_free(base);
	}
	if (is_sav(opt->path)) {
		if ((rc = bp_file_sha256(opt->path, checksum, err)))
			goto out;
		rc = read_sav(&t, err);
	} else {
		char *data;
		size_t len;
		if ((rc = bp_file_read_all(opt->path, a, &data, &len, err)))
			goto out;
		bp_sha256_hex(data, len, checksum);
		rc = read_csv(&t, data, len, err);
	}
	if (rc)
		goto out;
	res->rows = (long)t.n_rows;

	GHashTable *areas;
	if ((rc = load_areas(conn, a, m->indeling_year, &areas, err)))
		goto out;
	if (g_hash_table_size(areas) == 0) {
		bp_error_at(err, m->path, 0, 0);
		bp_error_hint(err, "import the Kerncijfers wijken en buurten of %d first (buurtpeil import statline-csv)",
		              m->indeling_year);
		rc = bp_fail(err, BP_ERR_NOT_FOUND, "no wijken or buurten of indeling %d in the database", m->indeling_year);
		goto out;
	}
	valid_row *rows = bp_arena_alloc(a, (t.n_rows ? t.n_rows : 1) * sizeof(*rows));
	size_t nv = validate(&t, areas, rows);
	res->synthetic = t.synthetic;
	if (t.n_probs && !opt->skip_invalid) {
		bp_error_at(err, opt->path, t.probs[0].line, 0);
		bp_error_row(err, t.probs[0].row);
		problems_detail(&t, err);
		bp_error_hint(err, "correct the file, or load the valid rows with --skip-invalid (the others are written to a report)");
		rc = bp_fail(err, BP_ERR_PARSE, "%zu of %zu rows are invalid; nothing was loaded",
		             t.n_rows - nv, t.n_rows);
		goto out;
	}
	if (nv == 0) {
		bp_error_at(err, opt->path, 0, 0);
		if (t.n_probs)
			problems_detail(&t, err);
		rc = bp_fail(err, BP_ERR_PARSE, "the file has no valid respondents; nothing was loaded");
		goto out;
	}
	if ((rc = load(conn, &t, rows, nv, checksum, res, err)))
		goto out;
	if (!res->already_loaded && t.n_probs) {
		res->skipped = (long)(t.n_rows - nv);
		snprintf(res->report_path, sizeof(res->report_path), "%s",
		         opt->report_path ? opt->report_path : bp_arena_printf(a, "%s.skipped.csv", opt->path));
		rc = write_report(&t, res->report_path, err);
		if (rc)
			bp_fail(err, rc, "the valid rows were loaded, but the report of the %ld skipped rows could not be written",
			        res->skipped);
	}
out:
	bp_arena_free(a);
	return rc;
}
