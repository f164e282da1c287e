/* table.c: any table through a mapping -> observations and intervals (see table.h). */
#include "import/table.h"

#include <ctype.h>
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "db/pgutil.h"
#include "import/areaname.h"
#include "import/cbsvalue.h"
#include "import/csvrows.h"
#include "import/odata.h"
#include "import/table_mapping.h"
#include "import/xls.h"
#include "import/xlsx.h"

/* bp.source.importer: "table", or the kind of a preset (survey-results). */
#define IMPORTER(j) ((j)->m.importer ? (j)->m.importer : "table")

enum { MEMBER_VALUE, MEMBER_LOWER, MEMBER_UPPER };

/* One figure: area x period x measure, with where each part came from. */
typedef struct cell {
	size_t measure;
	const char *area, *gemeente, *period;
	long line;                  /* of its value; 0 = only bounds seen so far */
	int has_value;
	double value;
	bp_value_status status;
	long lo_line, hi_line, n_line;
	double lo, hi;
	long n;
} cell;

/* A region of another type loaded as a custom area. */
typedef struct custom {
	const char *code, *name;
	long line;                  /* where it was first seen */
} custom;

typedef struct job {
	bp_arena *a;
	const char *path;
	const char *data;
	size_t len;
	bp_table_mapping m;
	bp_area_dir *dir;
	/* header positions; -1 = not used */
	long area_col, within_col, period_col, margin_col, topic_col, value_col;
	long *value_cols, *lo_cols, *hi_cols, *n_cols;
	size_t n_header;
	const char **header;        /* trimmed names, for messages */
	size_t header_n;
	GHashTable *cells;          /* "area|period|measure" -> cell */
	GPtrArray *order;           /* cells in the order first seen */
	GHashTable *areas;          /* codes loaded */
	GHashTable *customs;        /* custom area code -> custom (other_regions: as: custom) */
	GPtrArray *custom_order;    /* ... in the order first seen */
	long name_col;              /* other_regions' name_column; -1 = none */
	long rows;
	bp_table_result *res;
	int xlsx;                   /* a workbook (.xlsx or .xls): positions are sheet rows and columns */
	int xls;                    /* ... an old .xls one, read with freexl */
	int row_new;                /* the current row gave something not seen before */
	/* The header lacked a column the mapping names: the rows below are searched for it
	 * (HEADER_SEARCH_ROWS), as a title above the header is common in a workbook; the
	 * error is kept and given, with a hint to set header_row where the column is. */
	int searching;
	const char *missing;        /* the column find_column did not find */
	bp_error header_err;
	bp_error first_problem;     /* m.collect: the first row's problem ... */
	char problems[BP_ERROR_TEXT];   /* ... and the first ten as "; LINE:COL: message" */
} job;

static void free_hash(void *h)
{
	g_hash_table_destroy(h);
}

static void free_ptr_array(void *p)
{
	g_ptr_array_free(p, TRUE);
}

/* A cell without surrounding spaces, into the arena (StatLine pads codes and numbers). */
static const char *trimmed(job *j, const char *s)
{
	size_t len = strlen(s);
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return bp_arena_strndup(j->a, s, len);
}

static bp_rc fail_cell(job *j, const bp_csv_row *row, size_t index, bp_error *err, const char *fmt, ...)
	BP_PRINTF(5, 6);

/* An error at the cell's own line and column, naming its column. */
static bp_rc fail_cell(job *j, const bp_csv_row *row, size_t index, bp_error *err, const char *fmt, ...)
{
	long line = row->line, col = 1;
	if (j->xlsx)
		col = (long)index + 1;
	else if (!j->m.literal_quotes)
		bp_csv_field_position(j->data, j->len, row->offset, row->line, index, j->m.sep, &line, &col);
	else
		for (size_t i = 0; i < index; i++)
			col += (long)g_utf8_strlen(row->fields[i], (gssize)row->lens[i]) + 1;
	char msg[BP_ERROR_TEXT];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bp_error_at(err, j->path, line, col);
	if (j->xlsx) {
		char name[16];
		bp_xlsx_column_name(index + 1, name, sizeof(name));
		return bp_fail(err, BP_ERR_PARSE, "cell %s%ld: %s", name, line, msg);
	}
	return bp_fail(err, BP_ERR_PARSE, "%s", msg);
}

/* The header's position of a column the mapping names, or an error naming the mapping's line. */
static bp_rc find_column(job *j, const bp_csv_row *row, const char *name, long line, long *out, bp_error *err)
{
	*out = -1;
	if (!name)
		return BP_OK;
	for (size_t i = 0; i < row->n; i++) {
		if (strcmp(trimmed(j, row->fields[i]), name) != 0)
			continue;
		if (*out >= 0)
			return fail_cell(j, row, i, err, "the header has column '%s' twice (also column %ld)", name, *out + 1);
		*out = (long)i;
	}
	if (*out < 0) {
		j->missing = name;
		bp_error_at(err, j->path, row->line, 1);
		if (line)
			bp_fail(err, BP_ERR_PARSE, "the header has no column '%s' (named by the mapping %s, line %ld)", name,
			        j->m.path, line);
		else
			bp_fail(err, BP_ERR_PARSE, "the header has no column '%s' (named by the mapping %s)", name, j->m.path);
		const char *one = row->n == 1 ? row->fields[0] : NULL;
		if (one && !j->xlsx && (strchr(one, ',') || strchr(one, '\t') || strchr(one, ';'))) {
			/* One column holding separators: the file is split by another character. */
			bp_error_hint(err, "the header is one column: the file is not separated by '%s'; set the mapping's "
			                   "separator (\";\", \",\" or tab)", j->m.sep == '\t' ? "tab" : (char[]){ j->m.sep, 0 });
			return BP_ERR_PARSE;
		}
		GString *h = g_string_new("");
		for (size_t i = 0; i < row->n && i < 12; i++)
			g_string_append_printf(h, "%s'%s'", i ? ", " : "", trimmed(j, row->fields[i]));
		bp_error_hint(err, "the header's columns are %s%s", h->str, row->n > 12 ? ", ..." : "");
		g_string_free(h, TRUE);
		return BP_ERR_PARSE;
	}
	return BP_OK;
}

static bp_rc read_header(job *j, const bp_csv_row *row, bp_error *err)
{
	const bp_table_mapping *m = &j->m;
	size_t n = m->n_measures;
	j->n_header = row->n;
	j->header = bp_arena_alloc(j->a, row->n * sizeof(*j->header));
	j->header_n = row->n;
	for (size_t i = 0; i < row->n; i++)
		j->header[i] = trimmed(j, row->fields[i]);
	j->value_cols = bp_arena_alloc(j->a, n * sizeof(long));
	j->lo_cols = bp_arena_alloc(j->a, n * sizeof(long));
	j->hi_cols = bp_arena_alloc(j->a, n * sizeof(long));
	j->n_cols = bp_arena_alloc(j->a, n * sizeof(long));
	bp_rc rc;
	if ((rc = find_column(j, row, m->area_column, 0, &j->area_col, err)) ||
	    (rc = find_column(j, row, m->within_column, 0, &j->within_col, err)) ||
	    (rc = find_column(j, row, m->period_column, 0, &j->period_col, err)) ||
	    (rc = find_column(j, row, m->margin_column, 0, &j->margin_col, err)) ||
	    (rc = find_column(j, row, m->topic_column, 0, &j->topic_col, err)) ||
	    (rc = find_column(j, row, m->value_column, 0, &j->value_col, err)) ||
	    (rc = find_column(j, row, m->other_name_column, m->other_line, &j->name_col, err)))
		return rc;
	long row_lo, row_hi, row_n;
	if ((rc = find_column(j, row, m->lower_column, 0, &row_lo, err)) ||
	    (rc = find_column(j, row, m->upper_column, 0, &row_hi, err)) ||
	    (rc = find_column(j, row, m->respondents_column, 0, &row_n, err)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		const bp_table_measure *f = &m->measures[i];
		j->value_cols[i] = -1;
		if (m->topic_column) {
			/* Long form: the row's bound and respondent columns serve every topic. */
			j->lo_cols[i] = row_lo;
			j->hi_cols[i] = row_hi;
			j->n_cols[i] = row_n;
			continue;
		}
		if ((!m->topic_column && (rc = find_column(j, row, f->column, f->line, &j->value_cols[i], err))) ||
		    (rc = find_column(j, row, f->lower, f->line, &j->lo_cols[i], err)) ||
		    (rc = find_column(j, row, f->upper, f->line, &j->hi_cols[i], err)) ||
		    (rc = find_column(j, row, f->respondents, f->line, &j->n_cols[i], err)))
			return rc;
	}
	return BP_OK;
}

/* "2020JJ00" (a CBS period key) -> "2020"; anything else as written. */
static const char *period_of(job *j, const char *s)
{
	size_t len = strlen(s);
	if (len == 8 && memcmp(s + 4, "JJ00", 4) == 0)
		return bp_arena_strndup(j->a, s, 4);
	return s;
}

static int in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

/* A figure's cell: a number, a CBS symbol or one of the mapping's missing texts. */
static bp_rc parse_value(job *j, const bp_csv_row *row, size_t index, const char *what, bp_cbs_value *v,
                         bp_error *err)
{
	const char *s = trimmed(j, row->fields[index]);
	if (in_list(s, j->m.unknown, j->m.n_unknown)) {
		v->status = BP_STATUS_UNKNOWN;
		return BP_OK;
	}
	if (in_list(s, j->m.not_applicable, j->m.n_not_applicable)) {
		v->status = BP_STATUS_NOT_APPLICABLE;
		return BP_OK;
	}
	if (*s && bp_cbs_value_parse(s, strlen(s), j->m.decimal_comma ? BP_CBS_DECIMAL_COMMA : 0, v) == 0 &&
	    (v->status == BP_STATUS_OK || v->status == BP_STATUS_PROVISIONAL || v->status == BP_STATUS_REVISED_PROVISIONAL))
		return BP_OK;
	bp_cbs_value other;
	int other_decimal = bp_cbs_value_parse(s, strlen(s), j->m.decimal_comma ? 0 : BP_CBS_DECIMAL_COMMA, &other) == 0;
	if (bp_number_grouping(s, strlen(s))) {
		/* "0,250" under decimal "." is a thousands separator or a decimal comma: the file alone cannot tell */
		fail_cell(j, row, index, err, "column %s: '%s' is written with a thousands separator%s", what, s,
		          other_decimal ? " or the other decimal separator" : "");
		if (other_decimal)
			bp_error_hint(err, "if '%s' is its decimal separator, set decimal: \"%s\"; else %s",
			              j->m.decimal_comma ? "." : ",", j->m.decimal_comma ? "." : ",", BP_HINT_THOUSANDS);
		else
			bp_error_hint(err, "%s", BP_HINT_THOUSANDS);
		return BP_ERR_PARSE;
	}
	fail_cell(j, row, index, err, "column %s: '%s' is not a number", what, s);
	if (other_decimal)
		bp_error_hint(err, "the mapping's decimal separator is '%s'; this cell has '%s': set decimal: \"%s\"",
		              j->m.decimal_comma ? "," : ".", j->m.decimal_comma ? "." : ",", j->m.decimal_comma ? "." : ",");
	else
		bp_error_hint(err, "numbers with '%s' as decimal separator; texts for missing figures go in the mapping's "
		                   "'missing' (unknown, not_applicable)", j->m.decimal_comma ? "," : ".");
	return BP_ERR_PARSE;
}

static cell *cell_for(job *j, size_t measure, const bp_area_found *area, const char *period)
{
	char *key = bp_arena_printf(j->a, "%s|%s|%zu", area->code, period, measure);
	cell *c = g_hash_table_lookup(j->cells, key);
	if (c)
		return c;
	c = bp_arena_alloc(j->a, sizeof(*c));
	memset(c, 0, sizeof(*c));
	c->measure = measure;
	c->area = area->code;
	c->gemeente = area->gemeente;
	c->period = period;
	c->n = -1;
	g_hash_table_insert(j->cells, key, c);
	g_ptr_array_add(j->order, c);
	g_hash_table_add(j->areas, (gpointer)area->code);
	return c;
}

/* Put one part of a figure; the same part again must say the same (an exact duplicate row). */
static bp_rc put(job *j, const bp_csv_row *row, size_t index, cell *c, int member, const bp_cbs_value *v,
                 bp_error *err)
{
	const char *var = j->m.measures[c->measure].variable;
	long *line = member == MEMBER_VALUE ? &c->line : member == MEMBER_LOWER ? &c->lo_line : &c->hi_line;
	if (*line) {
		int same = member == MEMBER_VALUE
			? c->status == v->status && (!c->has_value || c->value == v->value)
			: (member == MEMBER_LOWER ? c->lo : c->hi) == v->value;
		if (same)
			return BP_OK;
		const char *part = member == MEMBER_VALUE ? "value" : member == MEMBER_LOWER ? "lower bound" : "upper bound";
		fail_cell(j, row, index, err, "%s of %s for %s, %s differs from line %ld: two rows give one figure",
		          part, var, c->area, c->period, *line);
		bp_error_hint(err, "a row repeated exactly is loaded once; rows that disagree must be corrected at the source");
		return BP_ERR_PARSE;
	}
	*line = row->line;
	j->row_new = 1;
	if (member == MEMBER_VALUE) {
		c->status = v->status;
		c->has_value = v->status == BP_STATUS_OK || v->status == BP_STATUS_PROVISIONAL ||
		               v->status == BP_STATUS_REVISED_PROVISIONAL;
		c->value = c->has_value ? v->value : 0;
	} else if (member == MEMBER_LOWER) {
		c->lo = v->value;
	} else {
		c->hi = v->value;
	}
	return BP_OK;
}

/* A bound or respondent column: a number, or missing (no bound on that side). */
static bp_rc put_extra(job *j, const bp_csv_row *row, long index, cell *c, int member, bp_error *err)
{
	if (index < 0)
		return BP_OK;
	bp_cbs_value v = { 0 };
	const char *col = trimmed(j, row->fields[index]);
	bp_rc rc = parse_value(j, row, (size_t)index, (size_t)index < j->header_n ? j->header[index] : "?", &v, err);
	if (rc || v.status == BP_STATUS_UNKNOWN || v.status == BP_STATUS_NOT_APPLICABLE)
		return rc;
	if (member >= 0)
		return put(j, row, (size_t)index, c, member, &v, err);
	if (v.value < 0)
		return fail_cell(j, row, (size_t)index, err, "the number of respondents is negative: %s", col);
	if (v.value != (double)(long)v.value || v.value > 1e9)
		return fail_cell(j, row, (size_t)index, err, "the number of respondents is not a whole number: %s", col);
	if (c->n_line && c->n != (long)v.value)
		return fail_cell(j, row, (size_t)index, err, "respondent count of %s differs from line %ld",
		                 c->area, c->n_line);
	c->n = (long)v.value;
	c->n_line = row->line;
	return BP_OK;
}

/* Bounds given on the figure's own row are checked there, at their cells
 * (bounds on other rows, a Marges dimension, wait for check_cells). */
static bp_rc check_row_bounds(job *j, const bp_csv_row *row, size_t col, size_t i, const cell *c, bp_error *err)
{
	int lo = c->lo_line == row->line && j->lo_cols[i] >= 0, hi = c->hi_line == row->line && j->hi_cols[i] >= 0;
	if (lo && hi && c->lo > c->hi)
		return fail_cell(j, row, (size_t)j->lo_cols[i], err, "the lower bound is above the upper bound: %s > %s",
		                 trimmed(j, row->fields[j->lo_cols[i]]), trimmed(j, row->fields[j->hi_cols[i]]));
	if (c->line == row->line && c->has_value && ((lo && c->value < c->lo) || (hi && c->value > c->hi)))
		return fail_cell(j, row, col, err, "the value %s is outside its bounds %s to %s", trimmed(j, row->fields[col]),
		                 lo ? trimmed(j, row->fields[j->lo_cols[i]]) : "-",
		                 hi ? trimmed(j, row->fields[j->hi_cols[i]]) : "-");
	return BP_OK;
}

static bp_rc resolve_area(job *j, const bp_csv_row *row, bp_area_found *area, bp_error *err)
{
	const char *s = row->fields[j->area_col];
	bp_rc rc;
	if (j->m.area_by == BP_TABLE_AREA_CODE) {
		rc = bp_area_dir_by_code(j->dir, s, area, err);
	} else if (j->m.area_by == BP_TABLE_AREA_NUMBER) {
		rc = bp_area_dir_by_number(j->dir, s, area, err);
	} else {
		const char *within = j->m.within;
		if (j->within_col >= 0) {
			bp_area_found g;
			if ((rc = bp_area_dir_gemeente(j->dir, row->fields[j->within_col], &g, err))) {
				char msg[BP_ERROR_TEXT];
				snprintf(msg, sizeof(msg), "%s", err->message);
				return fail_cell(j, row, (size_t)j->within_col, err, "%s", msg);
			}
			within = g.code;
			/* A row without a wijk or buurt name is the gemeente's total
			 * (GGD exports put it above its wijken): pages compare with it. */
			if (!*trimmed(j, s)) {
				*area = g;
				return BP_OK;
			}
		}
		rc = bp_area_dir_by_name(j->dir, s, (bp_area_level)j->m.area_level, within, area, err);
	}
	if (rc) {
		/* Keep the hint (the candidates); put the cell's place on the message. */
		char msg[BP_ERROR_TEXT], hint[BP_ERROR_TEXT];
		snprintf(msg, sizeof(msg), "%s", err->message);
		snprintf(hint, sizeof(hint), "%s", err->hint);
		fail_cell(j, row, (size_t)j->area_col, err, "%s", msg);
		if (hint[0])
			bp_error_hint(err, "%s", hint);
	}
	return rc;
}

/*
 * A row of another region type as a custom area: "CU" + its key.  CBS
 * codes and the custom areas of areas/ (YAML files) ("CU" + a lowercase id)
 * never look like that, so neither can be taken for it; two regions whose
 * keys come out alike are an error naming both lines.
 */
static bp_rc custom_area(job *j, const bp_csv_row *row, bp_area_found *area, bp_error *err)
{
	const char *code = bp_arena_printf(j->a, "CU%s", area->other);
	const char *name = area->other_name ? area->other_name : area->other;
	if (j->name_col >= 0) {
		name = trimmed(j, row->fields[j->name_col]);
		if (!*name)
			return fail_cell(j, row, (size_t)j->name_col, err, "the region %s has no name", area->other);
	}
	custom *c = g_hash_table_lookup(j->customs, code);
	if (c && strcmp(c->name, name) != 0) {
		fail_cell(j, row, (size_t)(j->name_col >= 0 ? j->name_col : j->area_col), err,
		          "region '%s' and line %ld's '%s' would both be custom area %s", name, c->line, c->name, code);
		bp_error_hint(err, "the key of a region is its CBS key, or its title's type and name in capitals; "
		                   "give such regions distinct names or keys");
		return BP_ERR_PARSE;
	}
	if (!c) {
		c = bp_arena_alloc(j->a, sizeof(*c));
		c->code = code;
		c->name = name;
		c->line = row->line;
		g_hash_table_insert(j->customs, (gpointer)code, c);
		g_ptr_array_add(j->custom_order, c);
	}
	area->code = code;
	area->gemeente = j->m.other_gemeente;
	j->res->custom_rows++;
	return BP_OK;
}

/* How far below the header_row a missing column is looked for (job.searching). */
#define HEADER_SEARCH_ROWS 30

/* The header, at the mapping's header_row (rows above it are skipped). */
static bp_rc header_or_title(job *j, const bp_csv_row *row, bp_error *err)
{
	if (row->line < j->m.header_row)
		return BP_OK;
	bp_rc rc = read_header(j, row, err);
	if (rc == BP_ERR_PARSE && j->missing) {
		j->header = NULL;
		j->searching = 1;
		j->header_err = *err;
		bp_error_clear(err);
		return BP_OK;
	}
	return rc;
}

/* A row below a header that lacked a column (job.searching): the kept error when the row
 * has it (with where), or when the search gives up. */
static bp_rc search_header(job *j, const bp_csv_row *row, bp_error *err)
{
	long first = j->m.header_row > 1 ? j->m.header_row : 1;
	int found = 0;
	for (size_t i = 0; i < row->n && !found; i++)
		found = strcmp(trimmed(j, row->fields[i]), j->missing) == 0;
	if (!found && row->line <= first + HEADER_SEARCH_ROWS)
		return BP_OK;
	*err = j->header_err;
	if (found)
		bp_error_hint(err, "%s %ld has the column '%s': set header_row: %ld in the mapping (the rows above "
		              "the header, such as a title, are skipped)", j->xlsx ? "row" : "line", row->line, j->missing,
		              row->line);
	return BP_ERR_PARSE;
}

static bp_rc read_row_one(job *j, const bp_csv_row *row, bp_error *err)
{
	if (j->searching)
		return search_header(j, row, err);
	if (!j->header)
		return header_or_title(j, row, err);
	if (row->n != j->n_header) {
		bp_error_at(err, j->path, row->line, 1);
		bp_fail(err, BP_ERR_PARSE, "the row has %zu fields, the header %zu", row->n, j->n_header);
		bp_error_hint(err, "a separator inside a field needs quotes; the mapping's 'separator' is '%s'",
		              j->m.sep == '\t' ? "tab" : (char[]){ j->m.sep, 0 });
		return BP_ERR_PARSE;
	}
	j->rows++;
	bp_area_found area;
	bp_rc rc = resolve_area(j, row, &area, err);
	if (rc)
		return rc;
	if (!area.code && area.other && j->m.other_custom && (rc = custom_area(j, row, &area, err)))
		return rc;
	if (!area.code && j->m.other_error)
		return fail_cell(j, row, (size_t)j->area_col, err, "'%s' is no code of Nederland, a gemeente, wijk or buurt",
		                 trimmed(j, row->fields[j->area_col]));
	if (!area.code) {
		j->res->skipped_rows++;
		return BP_OK;
	}
	const char *period = j->m.period;
	if (j->period_col >= 0) {
		period = period_of(j, trimmed(j, row->fields[j->period_col]));
		if (!*period)
			return fail_cell(j, row, (size_t)j->period_col, err, "the period is empty");
	}
	int member = MEMBER_VALUE;
	if (j->margin_col >= 0) {
		const char *s = trimmed(j, row->fields[j->margin_col]);
		if (strcmp(s, j->m.margin_value) == 0)
			member = MEMBER_VALUE;
		else if (strcmp(s, j->m.margin_lower) == 0)
			member = MEMBER_LOWER;
		else if (strcmp(s, j->m.margin_upper) == 0)
			member = MEMBER_UPPER;
		else
			return fail_cell(j, row, (size_t)j->margin_col, err,
			                 "'%s' is none of the margins' members '%s', '%s', '%s'", s, j->m.margin_value,
			                 j->m.margin_lower, j->m.margin_upper);
	}
	j->row_new = 0;
	for (size_t i = 0; i < j->m.n_measures; i++) {
		size_t col;
		if (j->topic_col >= 0) {
			if (strcmp(trimmed(j, row->fields[j->topic_col]), j->m.measures[i].column) != 0)
				continue;
			col = (size_t)j->value_col;
		} else {
			col = (size_t)j->value_cols[i];
		}
		bp_cbs_value v = { 0 };
		cell *c = cell_for(j, i, &area, period);
		if ((rc = parse_value(j, row, col, j->m.measures[i].column, &v, err)))
			return rc;
		/* A bound that is missing is no bound: only a figure's own row says it is missing. */
		if (member == MEMBER_VALUE || v.status == BP_STATUS_OK || v.status == BP_STATUS_PROVISIONAL)
			if (member == MEMBER_VALUE || (v.status != BP_STATUS_UNKNOWN && v.status != BP_STATUS_NOT_APPLICABLE))
				if ((rc = put(j, row, col, c, member, &v, err)))
					return rc;
		if ((rc = put_extra(j, row, j->lo_cols[i], c, MEMBER_LOWER, err)) ||
		    (rc = put_extra(j, row, j->hi_cols[i], c, MEMBER_UPPER, err)) ||
		    (rc = put_extra(j, row, j->n_cols[i], c, -1, err)) ||
		    (rc = check_row_bounds(j, row, col, i, c, err)))
			return rc;
		if (j->topic_col >= 0)
			goto counted;
	}
	if (j->topic_col >= 0) {
		if (j->m.strict_topics)
			return fail_cell(j, row, (size_t)j->topic_col, err, "topic '%s' is not in the mapping",
			                 trimmed(j, row->fields[j->topic_col]));
		j->res->unmapped_rows++;
		return BP_OK;
	}
counted:
	if (!j->row_new) {
		if (!j->res->duplicate_rows)
			j->res->first_duplicate_line = row->line;
		j->res->duplicate_rows++;
	}
	return BP_OK;
}

/*
 * Every row goes through here.  With m.collect (the survey-results preset)
 * a data row's problem is kept and the reading goes on, so that one run
 * names every bad row (each up to its first problem); the first is the
 * error, the others its detail, and nothing is loaded.
 */
static bp_rc read_row(void *ctx, const bp_csv_row *row, bp_error *err)
{
	job *j = ctx;
	int data_row = j->header && !j->searching;
	bp_rc rc = read_row_one(j, row, err);
	if (rc != BP_ERR_PARSE || !j->m.collect || !data_row)
		return rc;
	if (j->res->problems == 0)
		j->first_problem = *err;
	size_t used = strlen(j->problems);
	/* The detail holds what fits (snprintf cuts the rest). */
	if (j->res->problems < 10 && used < sizeof(j->problems) &&
	    snprintf(j->problems + used, sizeof(j->problems) - used, "; %ld:%ld: %s", err->line, err->column,
	             err->message) < 0)
		j->problems[used] = 0;
	j->res->problems++;
	bp_error_clear(err);
	return BP_OK;
}

/* The collected problems as one error (see read_row). */
static bp_rc collected(job *j, bp_error *err)
{
	long n = j->res->problems;
	*err = j->first_problem;
	bp_error_detail(err, "%ld problem%s, nothing was loaded%s%s", n, n == 1 ? "" : "s", j->problems,
	                n > 10 ? "; and more" : "");
	return BP_ERR_PARSE;
}

/*
 * The quotes: literal mode reads a line as fields split at the separator,
 * quotes and all: exports that write 'Kwartier "De Ruwert"' unquoted
 * cannot be read by any CSV parser's rules (libcsv stops there), and their
 * fields never hold a separator or line break.
 */
static bp_rc read_literal(job *j, bp_error *err)
{
	const char *p = j->data, *end = j->data + j->len;
	long line = 0;
	size_t index = 0;
	GPtrArray *fields = g_ptr_array_new();
	GArray *lens = g_array_new(FALSE, FALSE, sizeof(size_t));
	bp_rc rc = BP_OK;
	while (p < end && rc == BP_OK) {
		line++;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t n = (size_t)(le - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (memchr(p, '\0', n)) {
			bp_error_at(err, j->path, line, (long)((const char *)memchr(p, '\0', n) - p) + 1);
			rc = bp_fail(err, BP_ERR_PARSE, "a NUL byte");
			break;
		}
		if (n) {
			g_ptr_array_set_size(fields, 0);
			g_array_set_size(lens, 0);
			const char *f = p;
			for (;;) {
				const char *s = memchr(f, j->m.sep, (size_t)(p + n - f));
				size_t fl = s ? (size_t)(s - f) : (size_t)(p + n - f);
				g_ptr_array_add(fields, bp_arena_strndup(j->a, f, fl));
				g_array_append_val(lens, fl);
				if (!s)
					break;
				f = s + 1;
			}
			bp_csv_row row = { .fields = (const char *const *)fields->pdata, .lens = (const size_t *)(void *)lens->data,
			                   .n = fields->len, .line = line, .offset = (size_t)(p - j->data), .index = index++ };
			rc = read_row(j, &row, err);
		}
		p = nl ? nl + 1 : end;
	}
	g_ptr_array_free(fields, TRUE);
	g_array_free(lens, TRUE);
	return rc;
}

/* A sheet's row as a CSV row: the table's code reads both alike.  A sheet
 * leaves out the empty cells at a row's end, so a row is padded to the
 * header's width; a row wider than the header keeps its width (and is
 * refused by read_row unless its extra cells are empty). */
static bp_rc read_sheet_row(void *ctx, const char *const *cells, size_t n, long row_no, bp_error *err)
{
	job *j = ctx;
	size_t width = j->header ? j->header_n : n;
	while (n > width && !cells[n - 1][0])
		n--;
	if (n < width) {
		const char **padded = bp_arena_alloc(j->a, width * sizeof(*padded));
		for (size_t i = 0; i < width; i++)
			padded[i] = i < n ? cells[i] : "";
		cells = padded;
		n = width;
	}
	size_t *lens = bp_arena_alloc(j->a, (n ? n : 1) * sizeof(*lens));
	for (size_t i = 0; i < n; i++)
		lens[i] = strlen(cells[i]);
	bp_csv_row row = { .fields = cells, .lens = lens, .n = n, .line = row_no, .index = j->header ? 1 : 0 };
	return read_row(j, &row, err);
}

/*
 * bp_csv_read names the field of a quote inside an unquoted field
 * (Kwartier "De Ruwert"); here the header says its name, and the mapping
 * can read such quotes as characters.
 */
static void explain_quote(job *j, bp_error *err)
{
	if (err->line <= 0 || !strstr(err->message, "malformed CSV"))
		return;
	const char *p = j->data, *end = j->data + j->len;
	for (long l = 1; l < err->line && p < end; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	size_t field;
	long col = bp_csv_stray_quote(p, (size_t)(end - p), j->m.sep, &field);
	if (!col)
		return;
	const char *name = j->header && field < j->header_n ? j->header[field] : "?";
	long line = err->line;
	bp_error_at(err, j->path, line, col);
	bp_fail(err, BP_ERR_PARSE, "column %s: a quote inside a field that does not begin with one", name);
	bp_error_hint(err, "if the source writes quotes as plain characters, say 'quotes: literal' in the mapping");
}

/* Bounds must hold their figure, and need it: a bound row without a value row is a cut table. */
static bp_rc check_cells(job *j, bp_error *err)
{
	for (guint i = 0; i < j->order->len; i++) {
		const cell *c = g_ptr_array_index(j->order, i);
		const char *var = j->m.measures[c->measure].variable;
		if (!c->line) {
			bp_error_at(err, j->path, c->lo_line ? c->lo_line : c->hi_line, 0);
			bp_fail(err, BP_ERR_PARSE, "%s for %s, %s has a bound but no value row ('%s')", var, c->area, c->period,
			        j->m.margin_value ? j->m.margin_value : "value");
			return BP_ERR_PARSE;
		}
		if (c->has_value && c->lo_line && c->hi_line && (c->lo > c->value || c->hi < c->value)) {
			bp_error_at(err, j->path, c->lo_line, 0);
			bp_fail(err, BP_ERR_PARSE, "the interval %.17g-%.17g of %s for %s, %s does not hold its value %.17g (line %ld)",
			        c->lo, c->hi, var, c->area, c->period, c->value, c->line);
			bp_error_hint(err, "lower and upper are read as the bounds of the 95%% interval, not as distances");
			return BP_ERR_PARSE;
		}
	}
	return BP_OK;
}

/* A measure that gives a unit must agree with a variable known before:
 * figures in another unit under one code would be compared as alike. */
static bp_rc check_unit(job *j, PGconn *conn, const bp_table_measure *f, bp_error *err)
{
	PGresult *r = NULL;
	const char *p[] = { f->variable };
	bp_rc rc = bp_pg_query(conn, "SELECT unit FROM bp.variable WHERE code = $1", 1, p, &r, err);
	if (rc || !f->unit || PQntuples(r) == 0) {
		PQclear(r);
		return rc;
	}
	const char *unit = PQgetisnull(r, 0, 0) ? NULL : PQgetvalue(r, 0, 0);
	if (!unit || strcmp(unit, f->unit) != 0) {
		bp_error_at(err, j->m.path, f->line, f->col);
		bp_fail(err, BP_ERR_CONFIG, "variable '%s' is registered with unit '%s', the mapping says '%s'", f->variable,
		        unit ? unit : "(none)", f->unit);
		bp_error_hint(err, "map the measure to another variable code, or give it the same unit");
		rc = BP_ERR_CONFIG;
	}
	PQclear(r);
	return rc;
}

/* Each variable exists, or is created from its measure's title. */
static bp_rc write_variables(job *j, PGconn *conn, bp_error *err)
{
	for (size_t i = 0; i < j->m.n_measures; i++) {
		const bp_table_measure *f = &j->m.measures[i];
		bp_rc rc = check_unit(j, conn, f, err);
		if (rc == BP_OK)
			rc = bp_load_mapped_variable(conn, f->variable, f->title, f->unit, f->decimals, j->m.path, f->line,
			                             f->col, "measure", err);
		if (rc)
			return rc;
	}
	return BP_OK;
}

/*
 * A wide table without bounds is stored as it comes, one bp.observation_row
 * per area and period with its measures at their bp.source_column positions
 * (sql/015): the long form's 600,000 B-tree inserts of a national RIVM year
 * are most of its load.  Only when every row has every measure (cells are
 * made per row in measure order, so then they come in groups of
 * n_measures) and no figure has an interval: bp.observation_interval
 * refers to bp.observation.
 */
static int wide_ok(const job *j)
{
	size_t n = j->m.n_measures;
	if (j->m.topic_column || j->order->len == 0 || j->order->len % n)
		return 0;
	for (guint i = 0; i < j->order->len; i++) {
		const cell *c = g_ptr_array_index(j->order, i);
		const cell *first = g_ptr_array_index(j->order, i - i % n);
		if (c->measure != i % n || c->lo_line || c->hi_line || c->n >= 0 || c->area != first->area ||
		    strcmp(c->period, first->period) != 0)
			return 0;
	}
	return 1;
}

static bp_rc write_wide(job *j, PGconn *conn, const char *source_s, const char *year_s, bp_error *err)
{
	size_t n = j->m.n_measures;
	const char **codes = bp_arena_alloc(j->a, n * sizeof(*codes));
	for (size_t i = 0; i < n; i++)
		codes[i] = j->m.measures[i].variable;
	const char *p[] = { source_s, bp_pg_text_array(j->a, codes, n) };
	bp_rc rc = bp_pg_query(conn,
		"INSERT INTO bp.source_column (source_id, position, variable_code) "
		"SELECT $1, u.position, u.code FROM unnest($2::text[]) WITH ORDINALITY AS u(code, position)",
		2, p, NULL, err);
	if (rc)
		return rc;
	bp_buf b, letters;
	bp_buf_init(&b);
	bp_buf_init(&letters);
	for (guint i = 0; i < j->order->len; i += (guint)n) {
		const cell *c0 = g_ptr_array_index(j->order, i);
		bp_buf_printf(&b, "%s\t%s\t%s\t", source_s, c0->area, year_s);
		bp_load_copy_field(&b, c0->period);
		bp_buf_addc(&b, '\t');
		bp_load_copy_field(&b, c0->gemeente);
		bp_buf_adds(&b, "\t{");
		bp_buf_reset(&letters);
		for (size_t k = 0; k < n; k++) {
			const cell *c = g_ptr_array_index(j->order, i + (guint)k);
			if (k)
				bp_buf_addc(&b, ',');
			if (c->has_value)
				bp_buf_printf(&b, "%.17g", c->value);
			else
				bp_buf_adds(&b, "NULL");
			bp_buf_addc(&letters, bp_value_status_letter(c->status));
			j->res->unknown += c->status == BP_STATUS_UNKNOWN;
		}
		bp_buf_printf(&b, "}\t%s\n", letters.data);
	}
	rc = bp_load_copy(conn, "COPY bp.observation_row (source_id, area_code, indeling_year, period, gemeente_code, "
	                        "value, status) FROM STDIN", &b, err);
	bp_buf_release(&b);
	bp_buf_release(&letters);
	return rc;
}

static bp_rc write_figures(job *j, PGconn *conn, long source_id, bp_error *err)
{
	bp_buf obs, iv;
	bp_buf_init(&obs);
	bp_buf_init(&iv);
	char source_s[32], year_s[16];
	snprintf(source_s, sizeof(source_s), "%ld", source_id);
	snprintf(year_s, sizeof(year_s), "%d", j->m.indeling);
	if (wide_ok(j)) {
		bp_buf_release(&obs);
		bp_buf_release(&iv);
		return write_wide(j, conn, source_s, year_s, err);
	}
	for (guint i = 0; i < j->order->len; i++) {
		const cell *c = g_ptr_array_index(j->order, i);
		const char *var = j->m.measures[c->measure].variable;
		bp_odata_add_observation(&obs, var, c->area, year_s, c->period, source_s, c->has_value, c->value, c->status,
		                         c->gemeente);
		j->res->unknown += c->status == BP_STATUS_UNKNOWN;
		int interval = c->has_value && c->lo_line && c->hi_line;
		if (!c->has_value || (!interval && c->n < 0))
			continue;
		bp_buf_printf(&iv, "%s\t%s\t%s\t%s\t%s\t", var, c->area, year_s, c->period, source_s);
		if (interval)
			bp_buf_printf(&iv, "%.17g\t%.17g\t", c->lo, c->hi);
		else
			bp_buf_adds(&iv, "\\N\t\\N\t");
		if (c->n >= 0)
			bp_buf_printf(&iv, "%ld\n", c->n);
		else
			bp_buf_adds(&iv, "\\N\n");
		j->res->intervals++;
	}
	bp_rc rc = bp_odata_copy_observations(conn, &obs, err);
	if (rc == BP_OK && iv.len)
		rc = bp_load_copy(conn, "COPY bp.observation_interval (variable_code, area_code, indeling_year, period, "
		                        "source_id, ci_low, ci_high, n_respondents) FROM STDIN", &iv, err);
	bp_buf_release(&obs);
	bp_buf_release(&iv);
	return rc;
}

static bp_rc write_source(job *j, PGconn *conn, const char *checksum, long *source_id, bp_error *err)
{
	char *location = realpath(j->path, NULL);
	char rows_s[32];
	snprintf(rows_s, sizeof(rows_s), "%ld", j->rows);
	const char *title = j->m.url ? bp_arena_printf(j->a, "%s (%s)", j->m.title, j->m.url) : j->m.title;
	char *shown = bp_load_display_text(title), *publisher = bp_load_display_text(j->m.publisher);
	const char *p[] = { publisher, j->m.table_id, shown, location ? location : j->path, checksum, j->m.licence,
	                    rows_s, j->m.retrieved, IMPORTER(j) };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn,
		"INSERT INTO bp.source (publisher, table_id, title, location, checksum, licence, importer, row_count, "
		"retrieved_at) VALUES ($1, $2, $3, $4, $5, $6, $9, $7, coalesce($8::timestamptz, now())) "
		"RETURNING id", 9, p, &r, err);
	if (rc == BP_OK)
		rc = bp_pg_long(r, 0, 0, source_id, err);
	PQclear(r);
	free(location);
	g_free(shown);
	g_free(publisher);
	return rc;
}

/* The custom areas of other region types, before their figures; a later
 * table naming the same region says how it is named and listed. */
static bp_rc write_custom_areas(job *j, PGconn *conn, bp_error *err)
{
	char year_s[16];
	snprintf(year_s, sizeof(year_s), "%d", j->m.indeling);
	for (guint i = 0; i < j->custom_order->len; i++) {
		const custom *c = g_ptr_array_index(j->custom_order, i);
		char *name = bp_load_display_text(c->name);
		const char *p[] = { c->code, year_s, name, j->m.other_gemeente };
		bp_rc rc = bp_pg_query(conn,
			"INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) "
			"VALUES ($1, $2::int, 'custom', $3, $4, $4) ON CONFLICT (code, indeling_year) DO UPDATE "
			"SET name = EXCLUDED.name, parent_code = EXCLUDED.parent_code, gemeente_code = EXCLUDED.gemeente_code "
			"WHERE bp.area.level = 'custom'", 4, p, NULL, err);
		g_free(name);
		if (rc)
			return rc;
	}
	return BP_OK;
}

/* The gemeente that lists the custom areas must be one of the indeling. */
static bp_rc check_other_gemeente(job *j, bp_error *err)
{
	bp_area_found g;
	if (!j->m.other_custom || bp_area_dir_by_code(j->dir, j->m.other_gemeente, &g, err) == BP_OK)
		return BP_OK;
	bp_error_at(err, j->m.path, j->m.other_line, j->m.other_col);
	bp_fail(err, BP_ERR_CONFIG, "other_regions' gemeente %s is not among the areas of indeling %d",
	        j->m.other_gemeente, j->m.indeling);
	bp_error_hint(err, "the gemeente whose report lists these areas: one of the indeling's, loaded before");
	return BP_ERR_CONFIG;
}

static bp_rc run(job *j, PGconn *conn, const char *checksum, bp_error *err)
{
	bp_import_result *res = &j->res->base;
	bp_rc rc = bp_load_begin_checksum(conn, checksum, IMPORTER(j), res, err);
	if (rc || res->already_loaded)
		return rc;
	if ((rc = bp_area_dir_load(conn, j->m.indeling, j->a, &j->dir, err)))
		return rc;
	if (bp_area_dir_size(j->dir) == 0) {
		bp_error_at(err, j->m.path, 0, 0);
		rc = bp_fail(err, BP_ERR_USAGE, "no areas are loaded for indeling %d", j->m.indeling);
		bp_error_hint(err, "load the indeling's areas first (a KWB table or the cbs kind), then this table");
		return rc;
	}
	if ((rc = check_other_gemeente(j, err)))
		return rc;
	if (j->xls)
		rc = bp_xls_read(j->path, j->m.sheet, j->a, read_sheet_row, j, err);
	else if (j->xlsx)
		rc = bp_xlsx_read(j->path, j->m.sheet, j->a, read_sheet_row, j, err);
	else if (j->m.literal_quotes)
		rc = read_literal(j, err);
	else
		rc = bp_csv_read(j->path, j->data, j->len, j->m.sep, read_row, j, err);
	if (rc == BP_ERR_PARSE && !j->m.literal_quotes && !j->xlsx)
		explain_quote(j, err);
	if (rc == BP_OK && j->searching) {
		/* The file ended before the search found the column: the header's error as it was. */
		*err = j->header_err;
		rc = BP_ERR_PARSE;
	}
	if (rc == BP_OK && j->res->problems)
		return collected(j, err);
	if (rc == BP_OK && j->rows == 0) {
		bp_error_at(err, j->path, 1, 0);
		rc = bp_fail(err, BP_ERR_PARSE, "the table has no rows below its header");
	}
	if (rc || (rc = check_cells(j, err)) || (rc = write_source(j, conn, checksum, &res->source_id, err)) ||
	    (rc = write_variables(j, conn, err)) || (rc = write_custom_areas(j, conn, err)) ||
	    (rc = write_figures(j, conn, res->source_id, err)))
		return rc;
	return bp_pg_exec(conn, "COMMIT", err);
}

bp_rc bp_import_table(PGconn *conn, const bp_table_options *o, bp_arena *a, bp_table_result *res, bp_error *err)
{
	bp_table_mapping m;
	bp_rc rc = bp_table_mapping_load(o->mapping, a, &m, err);
	if (rc) {
		memset(res, 0, sizeof(*res));
		return rc;
	}
	return bp_import_table_mapped(conn, o->path, &m, a, res, err);
}

bp_rc bp_import_table_mapped(PGconn *conn, const char *path, const bp_table_mapping *m, bp_arena *a,
                             bp_table_result *res, bp_error *err)
{
	memset(res, 0, sizeof(*res));
	job j = { 0 };
	j.a = a;
	j.path = path;
	j.m = *m;
	j.res = res;
	j.cells = g_hash_table_new(g_str_hash, g_str_equal);
	j.areas = g_hash_table_new(g_str_hash, g_str_equal);
	j.order = g_ptr_array_new();
	j.customs = g_hash_table_new(g_str_hash, g_str_equal);
	j.custom_order = g_ptr_array_new();
	bp_arena_on_free(a, free_hash, j.customs);
	bp_arena_on_free(a, free_ptr_array, j.custom_order);
	bp_arena_on_free(a, free_hash, j.cells);
	bp_arena_on_free(a, free_hash, j.areas);
	bp_arena_on_free(a, free_ptr_array, j.order);
	char *raw;
	size_t n_raw;
	bp_rc rc;
	if ((rc = bp_file_read_all(path, a, &raw, &n_raw, err)))
		return rc;
	j.data = raw;
	j.len = n_raw;
	/* A workbook is a zip container (.xlsx) or an OLE2 compound file (.xls): its
	 * first bytes say so, whatever the name. */
	j.xls = bp_xls_is_ole2(raw, n_raw);
	j.xlsx = j.xls || (n_raw >= 4 && memcmp(raw, "PK\x03\x04", 4) == 0);
	if (!j.xlsx && (rc = bp_csv_text_utf8(a, path, &j.data, &j.len, err)))
		return rc;
	/* The vintage is what was read and how: the table, then the mapping. */
	char checksum[65];
	bp_buf both;
	bp_buf_init(&both);
	bp_buf_add(&both, raw, n_raw);
	if (j.m.n_bytes)   /* a preset's mapping has no bytes (survey_results.c) */
		bp_buf_add(&both, j.m.bytes, j.m.n_bytes);
	bp_sha256_hex(both.data, both.len, checksum);
	bp_buf_release(&both);
	res->base.year = j.m.indeling;
	snprintf(res->base.table_id, sizeof(res->base.table_id), "%s", j.m.table_id ? j.m.table_id : "");
	rc = run(&j, conn, checksum, err);
	if (rc) {
		bp_pg_rollback(conn);
		return rc;
	}
	if (!res->base.already_loaded) {
		res->base.rows = j.rows;
		res->base.areas = (long)g_hash_table_size(j.areas);
		res->base.observations = (long)j.order->len;
		res->custom_areas = (long)j.custom_order->len;
	}
	return BP_OK;
}
