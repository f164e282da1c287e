/* kwb_csv.c: KWB downloads with short column names (see the header). */
#include "import/kwb_csv.h"

#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "core/yamldoc.h"
#include "db/pgutil.h"
#include "import/areacode.h"
#include "import/cbsvalue.h"
#include "import/csvrows.h"

/* ------------------------------------------------------------------ options */

int bp_kwb_skip_parse(const char *s, bp_kwb_skip *out)
{
	if (strlen(s) < 6 || s[4] != ':' || !s[5])
		return -1;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	out->year = atoi(s);
	out->column = s + 5;
	return out->year >= 1990 && out->year <= 2100 ? 0 : -1;
}

/* ------------------------------------------------------------------ mapping */

static int is_code(const char *s)
{
	if (!s[0] || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (const char *p = s; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '_')
			return 0;
	return 1;
}

bp_rc bp_kwb_mapping_load(const char *path, bp_arena *a, bp_kwb_mapping **out, bp_error *err)
{
	static const char *const top_keys[] = { "columns", "ignore", NULL };
	static const char *const entry_keys[] = { "variable", "title", "unit", "decimals", NULL };
	bp_yaml_doc *doc;
	bp_rc rc = bp_yaml_load_file(path, a, &doc, err);
	if (rc)
		return rc;
	const bp_yaml_node *root = bp_yaml_root(doc);
	if ((rc = bp_yaml_expect(doc, root, BP_YAML_MAPPING, "a kwb-csv mapping", err)) ||
	    (rc = bp_yaml_check_keys(doc, root, top_keys, err)))
		return rc;
	bp_kwb_mapping *m = bp_arena_alloc(a, sizeof(*m));
	memset(m, 0, sizeof(*m));
	m->path = bp_arena_strdup(a, path);
	const bp_yaml_node *cols = bp_yaml_map_get(doc, root, "columns");
	if (!cols)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'columns'");
	if ((rc = bp_yaml_expect(doc, cols, BP_YAML_MAPPING, "'columns'", err)) ||
	    (rc = bp_yaml_opt_strlist(doc, root, "ignore", &m->ignore, &m->n_ignore, err)))
		return rc;
	m->n = bp_yaml_map_len(cols);
	if (m->n == 0)
		return bp_yaml_fail(doc, cols, err, BP_ERR_CONFIG, "'columns' maps no column");
	m->entries = bp_arena_alloc(a, m->n * sizeof(*m->entries));
	for (size_t i = 0; i < m->n; i++) {
		bp_kwb_mapping_entry *e = &m->entries[i];
		const bp_yaml_node *k = bp_yaml_map_key_at(doc, cols, i);
		const bp_yaml_node *v = bp_yaml_map_value_at(doc, cols, i);
		const bp_yaml_node *vnode = v;
		e->column = bp_yaml_scalar(k);
		e->line = bp_yaml_line(k);
		e->column_no = bp_yaml_column(k);
		e->decimals = -1;
		if (!v || bp_yaml_is_null(v))
			return bp_yaml_fail(doc, k, err, BP_ERR_CONFIG, "column '%s' has no variable", e->column);
		if (bp_yaml_is_scalar(v)) {
			e->variable = bp_yaml_scalar(v);
		} else if (bp_yaml_is_mapping(v)) {
			if ((rc = bp_yaml_check_keys(doc, v, entry_keys, err)) ||
			    (rc = bp_yaml_req_str(doc, v, "variable", &e->variable, err)) ||
			    (rc = bp_yaml_opt_str(doc, v, "title", NULL, &e->title, err)) ||
			    (rc = bp_yaml_opt_str(doc, v, "unit", NULL, &e->unit, err)) ||
			    (rc = bp_yaml_opt_int(doc, v, "decimals", 0, 10, -1, &e->decimals, err)))
				return rc;
			vnode = bp_yaml_map_get(doc, v, "variable");
		} else {
			return bp_yaml_fail(doc, v, err, BP_ERR_CONFIG,
			                    "column '%s': expected a variable code or {variable: ...}, found %s",
			                    e->column, bp_yaml_describe(v));
		}
		/* The code is compared with definitions' identifiers: the same shape. */
		if (!is_code(e->variable)) {
			bp_yaml_fail(doc, vnode, err, BP_ERR_CONFIG, "'%s' is not a variable code", e->variable);
			bp_error_hint(err, "letters, digits and '_', not starting with a digit, e.g. AantalInwoners");
			return BP_ERR_CONFIG;
		}
		if (!e->title)
			e->title = e->column;
	}
	for (size_t i = 0; i < m->n_ignore; i++)
		for (size_t j = 0; j < m->n; j++)
			if (strcmp(m->ignore[i], m->entries[j].column) == 0)
				return bp_yaml_fail(doc, bp_yaml_seq_at(doc, bp_yaml_map_get(doc, root, "ignore"), i),
				                    err, BP_ERR_CONFIG, "column '%s' is both mapped (line %ld) and ignored",
				                    m->ignore[i], m->entries[j].line);
	*out = m;
	return BP_OK;
}

/* ------------------------------------------------------------------ parse */

enum role { R_UNMAPPED, R_IGNORED, R_CODE, R_NAME, R_LEVEL, R_INDELING, R_YEAR, R_MEASURE };

#define MAX_COLS_PER_VAR 4

/* A variable of the file: one or more columns mapped to it. */
typedef struct kvar {
	const bp_kwb_mapping_entry *e;
	size_t cols[MAX_COLS_PER_VAR];
	size_t n_cols;
} kvar;

typedef struct kcell {
	double value;
	signed char state;       /* CELL_* */
} kcell;

enum { CELL_ABSENT, CELL_MISSING, CELL_VALUE };

typedef struct krow {
	bp_area_code area;
	const char *name;
	const char *indeling_change;
	int year;
	long line;
	kcell *cells;            /* one per variable */
} krow;

/* The first row of an area and year, to tell a repeated row from a conflicting one. */
typedef struct seen_row {
	long line;
	const char *fields;      /* every field, each ended by U+001F */
} seen_row;

typedef struct kcellref {
	long line;                /* 0: none seen */
	size_t offset, index;     /* its row's offset and its field */
	const char *text;
} kcellref;

typedef struct kparse {
	const bp_kwb_csv_options *opt;
	const bp_kwb_mapping *m;
	bp_arena *a;
	const char *path, *data;
	size_t len;
	char sep;
	bp_error *err;

	size_t n_cols;
	const char **header;
	enum role *role;
	int *var_of_col;          /* index into vars, or -1 */
	unsigned char *seen_value;/* per (year slot, column): a value was seen */
	size_t col_code, col_level;
	int have_level, have_year;

	kvar *vars;
	size_t n_vars;

	krow *rows;
	size_t n_rows, cap_rows;
	GHashTable *seen;         /* "code/year" -> the first row's seen_row */
	int years[BP_KWB_MAX_YEARS];
	size_t n_years;
	long skipped_cells;
	long duplicate_rows, first_duplicate_line;
	/* A ';' file may write '.' or ',' as decimal separator (parse_cell): the first
	 * cell with a decimal comma and the first with a '.' before a group of three
	 * digits, as a file that has both writes a thousands separator (a Dutch
	 * spreadsheet's "9.690" beside "2,1"), which would otherwise load as 9.69
	 * inhabitants without a word. */
	kcellref first_point, first_comma;
} kparse;

static bp_rc fail_at(kparse *p, const bp_csv_row *row, size_t index, bp_rc rc, const char *fmt, ...) BP_PRINTF(5, 6);
static bp_rc fail_at(kparse *p, const bp_csv_row *row, size_t index, bp_rc rc, const char *fmt, ...)
{
	long line, col;
	char msg[BP_ERROR_TEXT];
	va_list ap;
	/* libcsv gives no positions: csvrows.c re-scans the raw row. */
	bp_csv_field_position(p->data, p->len, row->offset, row->line, index, p->sep, &line, &col);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bp_fail(p->err, rc, "%s", msg);
	bp_error_at(p->err, p->path, line, col);
	return rc;
}

static const bp_kwb_mapping_entry *mapped(const bp_kwb_mapping *m, const char *col)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->entries[i].column, col) == 0)
			return &m->entries[i];
	return NULL;
}

static int ignored(const bp_kwb_mapping *m, const char *col)
{
	for (size_t i = 0; i < m->n_ignore; i++)
		if (strcmp(m->ignore[i], col) == 0)
			return 1;
	return 0;
}

static bp_rc header_row(kparse *p, const bp_csv_row *row)
{
	p->n_cols = row->n;
	p->header = bp_arena_alloc(p->a, row->n * sizeof(*p->header));
	p->role = bp_arena_alloc(p->a, row->n * sizeof(*p->role));
	p->var_of_col = bp_arena_alloc(p->a, row->n * sizeof(*p->var_of_col));
	p->vars = bp_arena_alloc(p->a, row->n * sizeof(*p->vars));
	int have_code10 = 0, have_code = 0, have_name = 0;
	for (size_t i = 0; i < row->n; i++) {
		const char *h = bp_arena_strdup(p->a, row->fields[i]);
		p->header[i] = h;
		p->var_of_col[i] = -1;
		if (!h[0])
			return fail_at(p, row, i, BP_ERR_PARSE, "column %zu of the header is empty", i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->header[j], h) == 0)
				return fail_at(p, row, i, BP_ERR_PARSE, "column '%s' appears twice in the header", h);
		if (strcmp(h, "gwb_code_10") == 0)
			have_code10 = 1;
	}
	for (size_t i = 0; i < row->n; i++) {
		const char *h = p->header[i];
		const bp_kwb_mapping_entry *e;
		/* The structural columns of the layout; gwb_code (the same code)
		 * stands in when gwb_code_10 is absent. */
		if (strcmp(h, "gwb_code_10") == 0 || (!have_code10 && strcmp(h, "gwb_code") == 0)) {
			p->role[i] = R_CODE;
			p->col_code = i;
			have_code = 1;
		} else if (strcmp(h, "regio") == 0) {
			p->role[i] = R_NAME;
			have_name = 1;
		} else if (strcmp(h, "recs") == 0) {
			p->role[i] = R_LEVEL;
			p->col_level = i;
			p->have_level = 1;
		} else if (strcmp(h, "ind_wbi") == 0) {
			p->role[i] = R_INDELING;
		} else if (strcmp(h, "year") == 0 || strcmp(h, "jaar") == 0) {
			if (p->have_year)
				return fail_at(p, row, i, BP_ERR_PARSE, "a second year column ('%s')", h);
			p->role[i] = R_YEAR;
			p->have_year = 1;
		} else if ((e = mapped(p->m, h)) != NULL) {
			p->role[i] = R_MEASURE;
			size_t v = 0;
			while (v < p->n_vars && strcmp(p->vars[v].e->variable, e->variable) != 0)
				v++;
			if (v == p->n_vars) {
				p->vars[v].e = e;
				p->vars[v].n_cols = 0;
				p->n_vars++;
			}
			if (p->vars[v].n_cols == MAX_COLS_PER_VAR)
				return fail_at(p, row, i, BP_ERR_CONFIG, "more than %d columns of this file map to variable %s",
				               MAX_COLS_PER_VAR, e->variable);
			p->vars[v].cols[p->vars[v].n_cols++] = i;
			p->var_of_col[i] = (int)v;
		} else {
			p->role[i] = ignored(p->m, h) ? R_IGNORED : R_UNMAPPED;
		}
	}
	if (!have_code || !have_name) {
		bp_error_at(p->err, p->path, row->line, 1);
		bp_fail(p->err, BP_ERR_PARSE, "the header has no column '%s'", have_code ? "regio" : "gwb_code_10");
		bp_error_hint(p->err, "a KWB download with short names starts gwb_code_10, gwb_code_8, regio, gm_naam, recs, ...");
		return BP_ERR_PARSE;
	}
	if (p->n_vars == 0) {
		bp_error_at(p->err, p->path, row->line, 1);
		bp_fail(p->err, BP_ERR_PARSE, "no column of the header is in the mapping %s", p->m->path);
		return BP_ERR_PARSE;
	}
	if (!p->have_year && !p->opt->year) {
		bp_error_at(p->err, p->path, row->line, 1);
		bp_fail(p->err, BP_ERR_USAGE, "the file has no year column and no year was given");
		bp_error_hint(p->err, "give the year of the figures with --year YYYY (in a monitor configuration: year:)");
		return BP_ERR_USAGE;
	}
	if (p->have_year && p->opt->year) {
		bp_error_at(p->err, p->path, row->line, 1);
		bp_fail(p->err, BP_ERR_USAGE, "the file has a year column; --year is for files without one");
		return BP_ERR_USAGE;
	}
	for (size_t s = 0; s < p->opt->n_skip; s++) {
		size_t i = 0;
		while (i < p->n_cols && strcmp(p->header[i], p->opt->skip[s].column) != 0)
			i++;
		if (i == p->n_cols) {
			bp_error_at(p->err, p->path, row->line, 0);
			bp_fail(p->err, BP_ERR_USAGE, "skip %d:%s names a column this file does not have",
			        p->opt->skip[s].year, p->opt->skip[s].column);
			return BP_ERR_USAGE;
		}
	}
	p->seen_value = bp_arena_alloc(p->a, BP_KWB_MAX_YEARS * p->n_cols);
	memset(p->seen_value, 0, BP_KWB_MAX_YEARS * p->n_cols);
	return BP_OK;
}

static int skipped(const kparse *p, int year, const char *col)
{
	for (size_t s = 0; s < p->opt->n_skip; s++)
		if (p->opt->skip[s].year == year && strcmp(p->opt->skip[s].column, col) == 0)
			return 1;
	return 0;
}

static size_t year_slot(kparse *p, int year)
{
	size_t i = 0;
	while (i < p->n_years && p->years[i] != year)
		i++;
	if (i == p->n_years && p->n_years < BP_KWB_MAX_YEARS)
		p->years[p->n_years++] = year;
	return i;
}

/* A cell: '.' as decimal point, or ',' in a ';'-separated file (CBS' own
 * CSV downloads); empty, '.' and sentinels are missing. */
static int parse_cell(const kparse *p, const char *f, size_t len, bp_cbs_value *v)
{
	if (bp_cbs_value_parse(f, len, BP_CBS_SENTINELS, v) == 0)
		return 0;
	return p->sep == ';' ? bp_cbs_value_parse(f, len, BP_CBS_SENTINELS | BP_CBS_DECIMAL_COMMA, v) : -1;
}

/* Remember the first cell with a decimal point and the first with a decimal comma (kparse). */
static void note_separator(kparse *p, const bp_csv_row *row, size_t i)
{
	/* Only a '.' in the shape of a thousands separator counts ("9.690", not "2.2"). */
	kcellref *ref = bp_number_grouping(row->fields[i], row->lens[i]) == '.' ? &p->first_point
	              : memchr(row->fields[i], ',', row->lens[i]) ? &p->first_comma : NULL;
	if (!ref || ref->line)
		return;
	ref->line = row->line;
	ref->offset = row->offset;
	ref->index = i;
	ref->text = bp_arena_strdup(p->a, row->fields[i]);
}

/* A ';' file with both (kparse): the '.' is the thousands separator of a Dutch export. */
static bp_rc check_separators(kparse *p)
{
	if (!p->first_point.line || !p->first_comma.line)
		return BP_OK;
	const kcellref *pt = &p->first_point, *cm = &p->first_comma;
	long line, col;
	bp_csv_field_position(p->data, p->len, cm->offset, cm->line, cm->index, p->sep, &line, &col);
	bp_fail(p->err, BP_ERR_PARSE, "column %s: '%s' looks like a thousands separator, as line %ld (column %s: '%s') "
	        "has a decimal comma",
	        p->header[pt->index], pt->text, line, p->header[cm->index], cm->text);
	bp_csv_field_position(p->data, p->len, pt->offset, pt->line, pt->index, p->sep, &line, &col);
	bp_error_at(p->err, p->path, line, col);
	bp_error_detail(p->err, "in a file with decimal commas, '.' before three digits is a thousands separator "
	                        "(9.690 for 9690), which is not guessed");
	bp_error_hint(p->err, "%s", BP_HINT_THOUSANDS);
	return BP_ERR_PARSE;
}

/* ind_wbi is a code ("1"); pandas wrote it "1.0" where the column had gaps. */
static const char *indeling_text(bp_arena *a, const char *f)
{
	bp_cbs_value v;
	if (!f[0] || strcmp(f, ".") == 0)
		return NULL;
	if (bp_cbs_value_parse(f, strlen(f), 0, &v) == 0 && v.status == BP_STATUS_OK && v.value == floor(v.value) &&
	    fabs(v.value) < 1e9)
		return bp_arena_printf(a, "%.0f", v.value);
	return bp_arena_strdup(a, f);
}

static bp_rc data_row(kparse *p, const bp_csv_row *row)
{
	if (row->n != p->n_cols) {
		size_t at = row->n < p->n_cols ? (row->n ? row->n - 1 : 0) : p->n_cols;
		return fail_at(p, row, at, BP_ERR_PARSE, "expected %zu fields as in the header, found %zu",
		               p->n_cols, row->n);
	}
	if (p->n_rows == p->cap_rows) {
		p->cap_rows = p->cap_rows ? p->cap_rows * 2 : 1024;
		p->rows = bp_xrealloc(p->rows, p->cap_rows * sizeof(*p->rows));
	}
	krow *r = &p->rows[p->n_rows];
	memset(r, 0, sizeof(*r));
	r->line = row->line;
	r->year = p->opt->year;
	/* Structural columns first: the year decides which skips apply. */
	for (size_t i = 0; i < row->n; i++) {
		const char *f = row->fields[i];
		size_t fl = row->lens[i];
		switch (p->role[i]) {
		case R_CODE:
			if (bp_area_code_parse(f, fl, &r->area) != 0)
				return fail_at(p, row, i, BP_ERR_PARSE,
				               "'%s' is not a CBS area code (NL00, GM0000, WK000000, BU00000000)", f);
			break;
		case R_NAME:
			r->name = g_strstrip(bp_arena_strdup(p->a, f));
			if (!r->name[0])
				return fail_at(p, row, i, BP_ERR_PARSE, "the region name (regio) is empty");
			break;
		case R_INDELING:
			r->indeling_change = indeling_text(p->a, g_strstrip(bp_arena_strdup(p->a, f)));
			break;
		case R_YEAR: {
			bp_cbs_value v;
			if (bp_cbs_value_parse(f, fl, 0, &v) != 0 || v.status != BP_STATUS_OK ||
			    v.value != floor(v.value) || v.value < 1990 || v.value > 2100)
				return fail_at(p, row, i, BP_ERR_PARSE, "'%s' is not a year (1990-2100)", f);
			r->year = (int)v.value;
			break;
		}
		default:
			break;
		}
	}
	if (p->have_level) {
		int lvl = bp_area_level_from_soort(row->fields[p->col_level], row->lens[p->col_level]);
		if (lvl < 0)
			return fail_at(p, row, p->col_level, BP_ERR_PARSE,
			               "'%s' is not a kind of region (Land, Gemeente, Wijk, Buurt)", row->fields[p->col_level]);
		if ((bp_area_level)lvl != r->area.level)
			return fail_at(p, row, p->col_level, BP_ERR_PARSE, "area %s is a %s by its code, but recs says '%s'",
			               r->area.code, bp_area_level_name(r->area.level), row->fields[p->col_level]);
	}
	char *key = bp_arena_printf(p->a, "%s/%d", r->area.code, r->year);
	/* A row repeated exactly (downloads do repeat rows) is loaded once and
	 * counted; another row for the area and year is an error (issue 21). */
	GString *all = g_string_new("");
	for (size_t i = 0; i < row->n; i++) {
		g_string_append_len(all, row->fields[i], (gssize)row->lens[i]);
		g_string_append_c(all, '\x1f');
	}
	seen_row *prev = g_hash_table_lookup(p->seen, key);
	if (prev) {
		int same = strcmp(prev->fields, all->str) == 0;
		g_string_free(all, TRUE);
		if (!same)
			return fail_at(p, row, p->col_code, BP_ERR_PARSE,
			               "area %s of %d appears twice with different values (first on line %ld)",
			               r->area.code, r->year, prev->line);
		if (!p->duplicate_rows++)
			p->first_duplicate_line = r->line;
		return BP_OK;
	}
	seen_row *sr = bp_arena_alloc(p->a, sizeof(*sr));
	sr->line = r->line;
	sr->fields = bp_arena_strdup(p->a, all->str);
	g_string_free(all, TRUE);
	g_hash_table_insert(p->seen, key, sr);
	size_t slot = year_slot(p, r->year);
	if (slot == BP_KWB_MAX_YEARS)
		return fail_at(p, row, 0, BP_ERR_PARSE, "more than %d years in one file", BP_KWB_MAX_YEARS);

	r->cells = bp_arena_alloc(p->a, p->n_vars * sizeof(*r->cells));
	for (size_t v = 0; v < p->n_vars; v++) {
		const kvar *kv = &p->vars[v];
		kcell *c = &r->cells[v];
		size_t from = 0;
		c->state = CELL_ABSENT;
		for (size_t k = 0; k < kv->n_cols; k++) {
			size_t i = kv->cols[k];
			bp_cbs_value cv;
			if (skipped(p, r->year, p->header[i])) {
				p->skipped_cells++;
				continue;
			}
			if (parse_cell(p, row->fields[i], row->lens[i], &cv) != 0) {
				if (bp_number_grouping(row->fields[i], row->lens[i])) {
					fail_at(p, row, i, BP_ERR_PARSE, "column %s: '%s' is written with a thousands separator",
					        p->header[i], row->fields[i]);
					bp_error_hint(p->err, "%s", BP_HINT_THOUSANDS);
					return BP_ERR_PARSE;
				}
				fail_at(p, row, i, BP_ERR_PARSE, "column %s: '%s' is not a number", p->header[i], row->fields[i]);
				bp_error_hint(p->err, "numbers have '.' as decimal point%s; empty or '.' means missing",
				              p->sep == ';' ? " (or ',' in a ';'-separated file)" : "");
				return BP_ERR_PARSE;
			}
			if (p->sep == ';' && cv.status != BP_STATUS_UNKNOWN)
				note_separator(p, row, i);
			int has = cv.status == BP_STATUS_OK || cv.status == BP_STATUS_PROVISIONAL ||
			          cv.status == BP_STATUS_REVISED_PROVISIONAL;
			if (!has) {
				if (c->state == CELL_ABSENT)
					c->state = CELL_MISSING;
				continue;
			}
			p->seen_value[slot * p->n_cols + i] = 1;
			if (c->state == CELL_VALUE) {
				if (c->value != cv.value)
					return fail_at(p, row, i, BP_ERR_PARSE,
					               "columns %s and %s both give variable %s, with different values (%.17g, %.17g)",
					               p->header[from], p->header[i], kv->e->variable, c->value, cv.value);
				continue;
			}
			c->state = CELL_VALUE;
			c->value = cv.value;
			from = i;
		}
	}
	p->n_rows++;
	return BP_OK;
}

static bp_rc on_row(void *ctx, const bp_csv_row *row, bp_error *err)
{
	kparse *p = ctx;
	(void)err;
	return row->index == 0 ? header_row(p, row) : data_row(p, row);
}

static void free_rows(void *rows)
{
	free(rows);
}

static void destroy_hash(void *h)
{
	g_hash_table_destroy(h);
}

static int cmp_int(const void *x, const void *y)
{
	return *(const int *)x - *(const int *)y;
}

/* The separator of the header line: KWB CSVs from pandas use ',', CBS' own ';'. */
static char guess_sep(const char *data, size_t len)
{
	size_t semi = 0, comma = 0;
	for (size_t i = 0; i < len && data[i] != '\n'; i++) {
		semi += data[i] == ';';
		comma += data[i] == ',';
	}
	return semi > comma ? ';' : ',';
}

static bp_rc parse_file(kparse *p)
{
	if (p->len >= 3 && memcmp(p->data, "\xEF\xBB\xBF", 3) == 0) {
		p->data += 3;
		p->len -= 3;
	}
	p->sep = guess_sep(p->data, p->len);
	p->seen = g_hash_table_new(g_str_hash, g_str_equal);
	bp_arena_on_free(p->a, destroy_hash, p->seen);
	bp_rc rc = bp_csv_read(p->path, p->data, p->len, p->sep, on_row, p, p->err);
	if (p->rows)
		bp_arena_on_free(p->a, free_rows, p->rows);
	if (rc)
		return rc;
	if (p->n_cols == 0) {
		bp_error_at(p->err, p->path, 1, 1);
		return bp_fail(p->err, BP_ERR_PARSE, "the file is empty");
	}
	if (p->n_rows == 0) {
		bp_error_at(p->err, p->path, 2, 1);
		return bp_fail(p->err, BP_ERR_PARSE, "the file has a header but no data rows");
	}
	if ((rc = check_separators(p)))
		return rc;
	for (size_t s = 0; s < p->opt->n_skip; s++) {
		size_t y = 0;
		while (y < p->n_years && p->years[y] != p->opt->skip[s].year)
			y++;
		if (y == p->n_years) {
			bp_error_at(p->err, p->path, 0, 0);
			return bp_fail(p->err, BP_ERR_USAGE, "skip %d:%s names a year this file has no rows of",
			               p->opt->skip[s].year, p->opt->skip[s].column);
		}
	}
	return BP_OK;
}

/* Does variable v have a value in any row of year? (Else it is not loaded for that year.) */
static int var_has_year(const kparse *p, size_t v, size_t slot)
{
	for (size_t k = 0; k < p->vars[v].n_cols; k++)
		if (p->seen_value[slot * p->n_cols + p->vars[v].cols[k]])
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ load */

static bp_rc register_variables(PGconn *conn, const kparse *p, const unsigned char *used, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc = BP_OK;
	for (size_t v = 0; v < p->n_vars && !rc; v++) {
		const bp_kwb_mapping_entry *e = p->vars[v].e;
		if (!used[v])
			continue;
		char dec[16];
		snprintf(dec, sizeof(dec), "%ld", e->decimals);
		const char *prm[] = { e->variable, e->title, e->unit, e->decimals >= 0 ? dec : NULL };
		rc = bp_pg_query(conn,
			"WITH i AS (INSERT INTO bp.variable (code, title, unit, decimals) VALUES ($1, $2, $3, $4::integer) "
			"           ON CONFLICT (code) DO NOTHING RETURNING unit) "
			"SELECT (SELECT unit FROM bp.variable WHERE code = $1), EXISTS (SELECT 1 FROM i)", 4, prm, &r, err);
		if (rc)
			break;
		int inserted = PQgetvalue(r, 0, 1)[0] == 't';
		const char *unit = PQgetisnull(r, 0, 0) ? NULL : PQgetvalue(r, 0, 0);
		/* A mapping that says another unit than the registered one maps the wrong variable. */
		if (!inserted && e->unit && (!unit || strcmp(unit, e->unit) != 0)) {
			rc = bp_fail(err, BP_ERR_CONFIG, "variable '%s' is registered with unit '%s', the mapping of column '%s' says '%s'",
			             e->variable, unit ? unit : "(none)", e->column, e->unit);
			bp_error_at(err, p->m->path, e->line, e->column_no);
			bp_error_hint(err, "map the column to another variable code, or give it the registered unit");
		}
		PQclear(r);
		r = NULL;
	}
	return rc;
}

static bp_rc load_areas(PGconn *conn, const kparse *p, bp_buf *b, bp_error *err)
{
	bp_rc rc = bp_load_stage_areas(conn, err);
	/* Each year is its own indeling: staged, checked and merged one year at a time. */
	for (size_t y = 0; y < p->n_years && !rc; y++) {
		bp_buf_reset(b);
		for (size_t i = 0; i < p->n_rows; i++) {
			const krow *row = &p->rows[i];
			if (row->year == p->years[y])
				bp_load_stage_area_row(b, &row->area, row->name, row->indeling_change, row->line);
		}
		if ((rc = bp_pg_exec(conn, "TRUNCATE stg_area", err)) ||
		    (rc = bp_load_copy(conn, "COPY stg_area FROM STDIN", b, err)))
			break;
		rc = bp_load_merge_areas(conn, p->years[y], p->path, 0,
			"a file of wijken needs its gemeenten (and buurten their wijken) in the same year", err);
	}
	return rc;
}

static bp_rc load(PGconn *conn, const kparse *p, const char *checksum, const unsigned char *load_var,
                  bp_kwb_csv_result *res, bp_error *err)
{
	bp_rc rc;
	PGresult *r = NULL;
	bp_buf b;
	bp_buf_init(&b);
	unsigned char *used = bp_xcalloc(p->n_vars ? p->n_vars : 1, 1);

	if ((rc = bp_pg_exec(conn, "BEGIN", err)))
		goto out;
	{
		long existing = 0;
		if ((rc = bp_load_lock_checksum(conn, checksum, "kwb-csv", &existing, err)))
			goto out;
		if (existing) {
			res->base.source_id = existing;
			res->base.already_loaded = 1;
			rc = bp_pg_exec(conn, "COMMIT", err);
			goto out;
		}
	}
	{
		GString *years = g_string_new(NULL);
		for (size_t y = 0; y < p->n_years; y++)
			g_string_append_printf(years, "%s%d", y ? ", " : "", p->years[y]);
		char *base = g_path_get_basename(p->path);
		char *title = g_strdup_printf("Kerncijfers wijken en buurten %s (%s)", years->str, base);
		char *location = realpath(p->path, NULL);
		char rows_s[32];
		snprintf(rows_s, sizeof(rows_s), "%zu", p->n_rows);
		const char *prm[] = { title, location ? location : p->path, checksum, rows_s };
		rc = bp_pg_query(conn,
			"INSERT INTO bp.source (publisher, table_id, title, location, checksum, licence, importer, row_count) "
			"VALUES ('CBS', NULL, $1, $2, $3, 'CC BY 4.0', 'kwb-csv', $4) RETURNING id", 4, prm, &r, err);
		free(location);
		g_free(title);
		g_free(base);
		g_string_free(years, TRUE);
		if (rc || (rc = bp_pg_long(r, 0, 0, &res->base.source_id, err)))
			goto out;
	}
	for (size_t y = 0; y < p->n_years; y++)
		for (size_t v = 0; v < p->n_vars; v++)
			used[v] |= load_var[y * p->n_vars + v];
	if ((rc = register_variables(conn, p, used, err)) || (rc = load_areas(conn, p, &b, err)))
		goto out;

	bp_buf_reset(&b);
	long n_obs = 0;
	char id_s[32];
	snprintf(id_s, sizeof(id_s), "%ld", res->base.source_id);
	for (size_t i = 0; i < p->n_rows; i++) {
		const krow *row = &p->rows[i];
		size_t slot = 0;
		while (p->years[slot] != row->year)
			slot++;
		for (size_t v = 0; v < p->n_vars; v++) {
			const kcell *c = &row->cells[v];
			if (!load_var[slot * p->n_vars + v] || c->state == CELL_ABSENT)
				continue;
			bp_buf_printf(&b, "%s\t%s\t%d\t%d\t%s\t", p->vars[v].e->variable, row->area.code, row->year,
			              row->year, id_s);
			if (c->state == CELL_VALUE)
				bp_buf_printf(&b, "%.17g\tok\t", c->value);
			else
				bp_buf_adds(&b, "\\N\tunknown_or_secret\t");
			bp_buf_printf(&b, "%s\n", row->area.gemeente[0] ? row->area.gemeente : "\\N");
			n_obs++;
		}
	}
	if ((rc = bp_load_copy(conn,
		"COPY bp.observation (variable_code, area_code, indeling_year, period, source_id, value, status, gemeente_code) FROM STDIN",
		&b, err)))
		goto out;
	if ((rc = bp_pg_exec(conn, "COMMIT", err)))
		goto out;
	res->base.rows = (long)p->n_rows;
	res->base.areas = (long)p->n_rows;
	res->base.observations = n_obs;
out:
	if (rc)
		bp_pg_rollback(conn);
	PQclear(r);
	free(used);
	bp_buf_release(&b);
	return rc;
}

bp_rc bp_import_kwb_csv(PGconn *conn, const bp_kwb_csv_options *opt, bp_arena *a,
                        bp_kwb_csv_result *res, bp_error *err)
{
	kparse p;
	char checksum[65];
	char *data = NULL;
	size_t len = 0;
	bp_kwb_mapping *m = NULL;
	memset(res, 0, sizeof(*res));
	memset(&p, 0, sizeof(p));

	bp_rc rc = bp_kwb_mapping_load(opt->mapping ? opt->mapping : BP_KWB_DEFAULT_MAPPING, a, &m, err);
	if (rc)
		return rc;
	if ((rc = bp_file_read_all(opt->path, a, &data, &len, err)))
		return rc;
	bp_sha256_hex(data, len, checksum);
	p.opt = opt;
	p.m = m;
	p.a = a;
	p.path = opt->path;
	p.data = data;
	p.len = len;
	p.err = err;
	if ((rc = parse_file(&p)))
		return rc;

	/* Years ascending, and the cells' year slots with them. */
	int order[BP_KWB_MAX_YEARS];
	memcpy(order, p.years, sizeof(order));
	qsort(order, p.n_years, sizeof(int), cmp_int);
	unsigned char *load_var = bp_arena_alloc(a, p.n_years * (p.n_vars ? p.n_vars : 1));
	size_t n_empty = 0;
	const char **empty = bp_arena_alloc(a, (p.n_years * p.n_cols + 1) * sizeof(*empty));
	for (size_t y = 0; y < p.n_years; y++) {
		size_t slot = 0;
		while (p.years[slot] != order[y])
			slot++;
		for (size_t v = 0; v < p.n_vars; v++)
			load_var[y * p.n_vars + v] = (unsigned char)var_has_year(&p, v, slot);
		for (size_t i = 0; i < p.n_cols; i++)
			if (p.role[i] == R_MEASURE && !p.seen_value[slot * p.n_cols + i] && !skipped(&p, order[y], p.header[i]))
				empty[n_empty++] = bp_arena_printf(a, "%d %s", order[y], p.header[i]);
	}
	memcpy(p.years, order, sizeof(order));
	res->n_years = p.n_years;
	memcpy(res->years, p.years, sizeof(res->years));
	res->empty = empty;
	res->n_empty = n_empty;
	res->unmapped = bp_arena_alloc(a, (p.n_cols + 1) * sizeof(*res->unmapped));
	for (size_t i = 0; i < p.n_cols; i++)
		if (p.role[i] == R_UNMAPPED)
			res->unmapped[res->n_unmapped++] = p.header[i];
	res->skipped_cells = p.skipped_cells;
	res->duplicate_rows = p.duplicate_rows;
	res->first_duplicate_line = p.first_duplicate_line;
	res->base.year = p.years[0];
	/* No connection: read and checked only (tests/fuzz). */
	if (!conn)
		return BP_OK;
	return load(conn, &p, checksum, load_var, res, err);
}
