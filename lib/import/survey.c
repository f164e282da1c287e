/* survey.c: survey files -> survey_private.respondent and bp.survey_aggregate (see survey.h). */
#include "import/survey.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <readstat.h>

#include "core/arena.h"
#include "core/buf.h"
#include "db/pgutil.h"
#include "import/cbsvalue.h"
#include "import/csvrows.h"
#include "import/load.h"
#include "import/survey_mapping.h"

/*
 * The file is never held in memory: rows are checked as they are read and a
 * valid row goes straight into the COPY of survey_private.respondent (sent in
 * 1 MiB pieces) and into per-area sums kept here.  What has to span the file
 * is small: the respondent ids seen (duplicates), the problems, and the sums
 * (areas x answer categories).  The COPY runs inside the load's transaction,
 * so a file with problems is rolled back: the database is unchanged.
 */

#define CHUNK (1u << 20)

/* The columns we read, whatever their order in the file. */
enum { COL_ID, COL_AREA, COL_WEIGHT, COL_SYNTHETIC, COL_FIXED };

enum { CELL_EMPTY, CELL_TEXT, CELL_NUMBER, CELL_SCRATCH };

/* Codes as surveys use them (1..10, 98, 99, -1) are looked up in a table per question instead of
 * scanning the mapping's lists for each of 20M answers; others take the slow way. */
enum { LUT_MIN = -128, LUT_N = 1152, LUT_MISSING = -1, LUT_OUTSIDE = -2 };

typedef struct cell {
	const char *text;           /* CELL_TEXT: not NUL-terminated, len bytes */
	size_t len;                 /* CELL_SCRATCH: offset in the row's scratch text */
	double num;                 /* CELL_NUMBER (.sav) */
	unsigned char kind;
	unsigned char user_missing; /* .sav: a missing value the file itself defines */
} cell;

typedef struct problem {
	long row, line;
	/* Never the respondent id: a problem names its row, line and column,
	 * so that neither stderr, a log nor the report carries who answered. */
	const char *column, *what, *value;
} problem;

typedef struct area_info {
	const char *code;
	size_t gemeente;            /* index in importer.gems */
} area_info;

typedef struct gemeente {
	const char *code;
	char survey_id[24];         /* taken from the sequence before the COPY */
	long id;
	long respondents;
} gemeente;

/* Per own area: for every (question, category) slot n, sum of weights, sum of squared weights. */
typedef struct area_sums {
	const area_info *area;
	double *v;                  /* 3 per slot */
} area_sums;

typedef struct importer {
	bp_arena *a;
	const bp_survey_mapping *m;
	const char *path;
	PGconn *conn;
	bp_error *err;
	int copying;                /* a COPY is open on conn */
	bp_buf out;                 /* COPY text not yet sent */
	bp_buf scratch;             /* the current row's .sav strings and fixed cells */
	size_t ncells;
	long *file_col;             /* cell index -> the file's column (-1 absent) */
	size_t n_header;
	cell *cells;                /* the current row */
	long *codes;                /* the current row's answer codes, per question */
	int *cat;                   /* and their categories (-1: none, a missing code) */
	short *lut;                 /* per question, codes LUT_MIN.. : category, LUT_MISSING or LUT_OUTSIDE */
	unsigned char *has;
	size_t filled;              /* .sav: values received for the current row */
	int pending;                /* .sav: a row is being received */
	long row, line;             /* the current row: data row (1 = first respondent), file line */
	long n_rows;
	long expected_rows;         /* .sav: the header's case count (-1 unknown) */
	int synthetic, all_synthetic;
	int finishing;              /* CSV: rows delivered now had no line end */
	int utf8;                   /* CSV: 0 = Windows-1252 */
	problem *probs;
	size_t n_probs, cap_probs;
	GHashTable *seen;           /* respondent id -> data row */
	GHashTable *areas;          /* code -> area_info */
	gemeente *gems;
	size_t n_gems;
	GHashTable *sums;           /* area_info* -> area_sums */
	size_t *slot0;              /* per question, its first slot */
	size_t n_slots;
	long valid, answers;
	char year_s[16];
	/* A column the mapping names found twice in the header (check_columns refuses it):
	 * which one holds the answers is not guessed. */
	const char *dup_name;
	long dup_first, dup_second;  /* 0-based file columns */
} importer;

static const char *cell_name(const importer *t, size_t i)
{
	switch (i) {
	case COL_ID: return t->m->col_respondent;
	case COL_AREA: return t->m->col_area;
	case COL_WEIGHT: return t->m->col_weight;
	case COL_SYNTHETIC: return "synthetic";
	default: return t->m->questions[i - COL_FIXED].variable;
	}
}

/* A .sav number as text, as SPSS shows it: whole numbers without decimals. */
static void format_number(double d, char *buf, size_t size)
{
	if (d == floor(d) && fabs(d) < 1e15)
		snprintf(buf, size, "%.0f", d);
	else
		snprintf(buf, size, "%.17g", d);
}

/* The cell as a NUL-terminated string in the arena (NULL when empty): for ids and messages. */
static const char *cell_dup(importer *t, const cell *c)
{
	char buf[64];
	switch (c->kind) {
	case CELL_TEXT: return bp_arena_strndup(t->a, c->text, c->len);
	case CELL_NUMBER: format_number(c->num, buf, sizeof(buf)); return bp_arena_strdup(t->a, buf);
	default: return NULL;
	}
}

/* The cell into buf (NUL-terminated); 0 when it does not fit. */
static int cell_copy(const cell *c, char *buf, size_t size)
{
	if (c->kind == CELL_NUMBER) {
		format_number(c->num, buf, size);
		return 1;
	}
	if (c->len >= size)
		return 0;
	memcpy(buf, c->text, c->len);
	buf[c->len] = '\0';
	return 1;
}

static void add_problem(importer *t, const char *column, const char *what, const char *value)
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
	p->row = t->row;
	p->line = t->line;
	p->column = column;
	p->what = what;
	p->value = value;
}

/* Column names compare without case: SPSS does not distinguish them either. */
static void bind_header(importer *t, size_t file_index, const char *name)
{
	/* A damaged .sav can hold a variable without a name (ReadStat gives NULL;
	 * found by fuzz/survey): it binds to no column of the mapping. */
	if (!name)
		return;
	for (size_t i = 0; i < t->ncells; i++) {
		const char *want = cell_name(t, i);
		if (!want || g_ascii_strcasecmp(want, name) != 0)
			continue;
		if (t->file_col[i] < 0) {
			t->file_col[i] = (long)file_index;
		} else if (!t->dup_name && t->file_col[i] != (long)file_index) {
			t->dup_name = bp_arena_strdup(t->a, name);
			t->dup_first = t->file_col[i];
			t->dup_second = (long)file_index;
		}
	}
}

/* Every column the mapping names must be in the file: a renamed column is not a missing answer. */
static bp_rc check_columns(const importer *t, long header_line, bp_error *err)
{
	if (t->dup_name) {
		/* header_line: the CSV header's (its fields are counted, not its characters: a quoted
		 * name would shift a character column); 0 for a .sav, which has no lines. */
		bp_error_at(err, t->path, header_line, 0);
		bp_fail(err, BP_ERR_PARSE, "the file has column '%s' twice (columns %ld and %ld)", t->dup_name,
		        t->dup_first + 1, t->dup_second + 1);
		bp_error_hint(err, "rename or remove one of them: which one holds what the mapping means is not guessed");
		return BP_ERR_PARSE;
	}
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

/* ------------------------------------------------------------------ numbers and areas */

/*
 * The largest weight accepted (also an infinite one from a .sav is refused).
 * Survey weights are near 1 (post-stratification: 0.1 to 10), expansion
 * weights at most the population per respondent (tens of thousands for a
 * national sample); 1e6 leaves room for both, while sums of weights and of
 * squared weights over any number of respondents stay far from overflow
 * (1e12 per respondent), which a weight such as 1e308 does not.
 */
#define BP_SURVEY_MAX_WEIGHT 1e6

/* "1,25" and "1.25" both; the whole text must be the number. */
static int parse_number(const char *s, size_t n, double *out)
{
	char buf[64];
	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
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

static int cell_number(const cell *c, double *out)
{
	if (c->kind == CELL_NUMBER) {
		*out = c->num;
		return 1;
	}
	return parse_number(c->text, c->len, out);
}

/* An answer code.  Nearly every cell is a few plain digits: those skip strtod, which would
 * otherwise be a good part of the reading time at 20M cells. */
static int cell_code(const cell *c, long *out)
{
	if (c->kind == CELL_TEXT && c->len > 0 && c->len <= 9) {
		size_t i = c->text[0] == '-';
		long v = 0;
		if (i < c->len) {
			for (; i < c->len && c->text[i] >= '0' && c->text[i] <= '9'; i++)
				v = v * 10 + (c->text[i] - '0');
			if (i == c->len) {
				*out = c->text[0] == '-' ? -v : v;
				return 1;
			}
		}
	}
	double d;
	if (!cell_number(c, &d) || d != floor(d) || fabs(d) > 2e9)
		return 0;
	*out = (long)d;
	return 1;
}

/* CBS codes as written by bureaus: WK082801, wk082801, 082801 (wijk), 08280105 (buurt).
 * Returns the code into out, or NULL (not in the lookup table). */
static const char *normalise_area(const bp_survey_mapping *m, const char *raw, char *out, size_t size)
{
	if (m->area_lookup) {
		double d;
		char key[64];
		/* A number from a .sav ("7") or a CSV ("7", "7.0", "07") finds the key "7". */
		if (parse_number(raw, strlen(raw), &d) && d == floor(d) && fabs(d) < 1e12)
			snprintf(key, sizeof(key), "%.0f", d);
		else
			snprintf(key, sizeof(key), "%s", raw);
		for (size_t i = 0; i < m->n_lookup; i++)
			if (strcmp(m->lookup[i].key, key) == 0 || strcmp(m->lookup[i].key, raw) == 0)
				return m->lookup[i].code;
		return NULL;
	}
	size_t n = strlen(raw), digits = strspn(raw, "0123456789");
	if (digits == n && n == 6)
		snprintf(out, size, "WK%s", raw);
	else if (digits == n && n == 8)
		snprintf(out, size, "BU%s", raw);
	else
		snprintf(out, size, "%s", raw);
	for (char *p = out; *p; p++)
		*p = g_ascii_toupper(*p);
	return out;
}

/* The wijken and buurten of the indeling, and their gemeenten (sorted: one bp.survey row each). */
static bp_rc load_areas(PGconn *conn, importer *t, bp_error *err)
{
	const char *p[] = { t->year_s };
	PGresult *r;
	t->areas = g_hash_table_new(g_str_hash, g_str_equal);
	bp_arena_on_free(t->a, (void (*)(void *))g_hash_table_destroy, t->areas);
	if (!conn) {
		/* Read and check only (tests/fuzz): no areas, every code is unknown. */
		t->gems = bp_arena_alloc(t->a, sizeof(gemeente));
		return BP_OK;
	}
	bp_rc rc = bp_pg_query(conn,
		"SELECT code, gemeente_code FROM bp.area WHERE indeling_year = $1 AND level IN ('wijk', 'buurt')"
		" ORDER BY gemeente_code COLLATE \"C\"", 1, p, &r, err);
	if (rc)
		return rc;
	int n = PQntuples(r);
	t->gems = bp_arena_alloc(t->a, (size_t)(n ? n : 1) * sizeof(gemeente));
	for (int i = 0; i < n; i++) {
		const char *g = PQgetvalue(r, i, 1);
		if (t->n_gems == 0 || strcmp(t->gems[t->n_gems - 1].code, g) != 0) {
			gemeente *ge = &t->gems[t->n_gems++];
			memset(ge, 0, sizeof(*ge));
			ge->code = bp_arena_strdup(t->a, g);
		}
		area_info *ai = bp_arena_alloc(t->a, sizeof(*ai));
		ai->code = bp_arena_strdup(t->a, PQgetvalue(r, i, 0));
		ai->gemeente = t->n_gems - 1;
		g_hash_table_insert(t->areas, (gpointer)ai->code, ai);
	}
	PQclear(r);
	return BP_OK;
}

/* ------------------------------------------------------------------ COPY */

static bp_rc flush(importer *t, size_t at_least)
{
	if (t->out.len < at_least)
		return BP_OK;
	if (!t->copying) {
		/* Only checking (the file is already loaded): nothing to send. */
		bp_buf_reset(&t->out);
		return BP_OK;
	}
	bp_rc rc = bp_pg_copy_put(t->conn, t->out.data, t->out.len, t->err);
	bp_buf_reset(&t->out);
	return rc;
}

/* A COPY that must not take effect: end it with an error (the server discards it). */
static void copy_abort(importer *t)
{
	if (!t->copying)
		return;
	t->copying = 0;
	if (PQputCopyEnd(t->conn, "the survey import stopped") == 1) {
		PGresult *r;
		while ((r = PQgetResult(t->conn)) != NULL)
			PQclear(r);
	}
}

/* COPY's binary format (network byte order): the server need not parse 20M numbers from text,
 * which was about a third of its time for the COPY. */
static unsigned char *wr16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
	return p + 2;
}

static unsigned char *wr32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
	return p + 4;
}

static unsigned char *wr64(unsigned char *p, uint64_t v)
{
	return wr32(wr32(p, (uint32_t)(v >> 32)), (uint32_t)v);
}

static void put_u16(bp_buf *b, uint16_t v)
{
	unsigned char x[2];
	wr16(x, v);
	bp_buf_add(b, x, 2);
}

static void put_i32(bp_buf *b, int32_t v)
{
	unsigned char x[4];
	wr32(x, (uint32_t)v);
	bp_buf_add(b, x, 4);
}

#define INT4OID_ 23   /* pg_type.oid of int4, fixed since PostgreSQL's beginning (catalog/pg_type.dat) */

/* ------------------------------------------------------------------ one row */

/* Check the current row; a valid one goes to the COPY and the sums. */
static bp_rc process_row(importer *t, int cut, int short_row, size_t n_fields)
{
	const bp_survey_mapping *m = t->m;
	size_t before = t->n_probs;
	for (size_t i = 0; i < t->ncells; i++)
		if (t->cells[i].kind == CELL_SCRATCH) {
			t->cells[i].text = t->scratch.data + t->cells[i].len;
			t->cells[i].len = strlen(t->cells[i].text);
			t->cells[i].kind = CELL_TEXT;
		}
	if (cut) {
		add_problem(t, "", "the file ends in the middle of this row", "");
		return BP_OK;
	}
	if (short_row) {
		add_problem(t, "", bp_arena_printf(t->a, "the row has %zu fields, the header %zu", n_fields, t->n_header), "");
		return BP_OK;
	}
	const cell *syn = &t->cells[COL_SYNTHETIC];
	if (!(syn->kind == CELL_TEXT && syn->len == 1 && syn->text[0] == '1') && !(syn->kind == CELL_NUMBER && syn->num == 1))
		t->all_synthetic = 0;

	char id[256];
	const cell *idc = &t->cells[COL_ID];
	if (idc->kind == CELL_EMPTY) {
		add_problem(t, m->col_respondent, "no respondent id", "");
	} else if (!cell_copy(idc, id, sizeof(id))) {
		add_problem(t, m->col_respondent, "the respondent id is longer than 255 bytes", "");
	} else {
		gpointer first;
		if (g_hash_table_lookup_extended(t->seen, id, NULL, &first))
			add_problem(t, m->col_respondent,
			            bp_arena_printf(t->a, "duplicate respondent id (first in row %ld)", (long)GPOINTER_TO_SIZE(first)),
			            "");
		else
			g_hash_table_insert(t->seen, bp_arena_strdup(t->a, id), GSIZE_TO_POINTER((gsize)t->row));
	}

	const area_info *ai = NULL;
	char raw[128], norm[160];
	const cell *ac = &t->cells[COL_AREA];
	if (ac->kind == CELL_EMPTY) {
		add_problem(t, m->col_area, "no area code", "");
	} else {
		const char *code = cell_copy(ac, raw, sizeof(raw)) ? normalise_area(m, raw, norm, sizeof(norm)) : NULL;
		ai = code ? g_hash_table_lookup(t->areas, code) : NULL;
		if (!code)
			add_problem(t, m->col_area, "area number not in the mapping's lookup table", cell_dup(t, ac));
		else if (!ai)
			add_problem(t, m->col_area,
			            bp_arena_printf(t->a, "unknown area code (no wijk or buurt %s in indeling %d)", code, m->indeling_year),
			            cell_dup(t, ac));
	}

	double weight = 1.0;
	if (m->col_weight) {
		const cell *w = &t->cells[COL_WEIGHT];
		if (w->kind == CELL_EMPTY)
			add_problem(t, m->col_weight, "no weight", "");
		else if (!cell_number(w, &weight) || isnan(weight)) {
			const char *text = cell_dup(t, w);
			add_problem(t, m->col_weight, text && bp_number_grouping(text, strlen(text))
			            ? "the weight is written with a thousands separator (export it without one)"
			            : "the weight is not a number", text);
		}
		else if (!(weight > 0))
			add_problem(t, m->col_weight, "the weight is not positive", cell_dup(t, w));
		else if (!(weight <= BP_SURVEY_MAX_WEIGHT))
			add_problem(t, m->col_weight, "the weight is larger than 1000000", cell_dup(t, w));
	}

	for (size_t q = 0; q < m->n_questions; q++) {
		const bp_survey_question *qq = &m->questions[q];
		const cell *c = &t->cells[COL_FIXED + q];
		t->has[q] = 0;
		if (c->kind == CELL_EMPTY)
			continue;
		long code;
		if (!cell_code(c, &code)) {
			add_problem(t, qq->variable, "the answer is not a code (a whole number)", cell_dup(t, c));
			continue;
		}
		/* The .sav's own missing-value definitions count as missing codes too. */
		int cat;
		if (code >= LUT_MIN && code < LUT_MIN + LUT_N) {
			cat = t->lut[q * LUT_N + (size_t)(code - LUT_MIN)];
		} else {
			cat = bp_survey_category_of(qq, code);
			if (cat < 0)
				cat = bp_survey_is_missing(qq, code) ? LUT_MISSING : LUT_OUTSIDE;
		}
		if (cat == LUT_OUTSIDE && !c->user_missing) {
			add_problem(t, qq->variable, "answer code outside the codebook", cell_dup(t, c));
			continue;
		}
		t->codes[q] = code;
		t->cat[q] = cat;   /* < 0: not in a category (a missing code) */
		t->has[q] = 1;
	}
	if (t->n_probs != before)
		return BP_OK;

	/* Valid: one COPY line, and the answers into the sums of the respondent's own area. */
	gemeente *g = &t->gems[ai->gemeente];
	g->respondents++;
	t->valid++;
	area_sums *as = g_hash_table_lookup(t->sums, ai);
	if (!as) {
		as = bp_arena_alloc(t->a, sizeof(*as));
		as->area = ai;
		as->v = bp_arena_alloc(t->a, (t->n_slots ? t->n_slots : 1) * 3 * sizeof(double));
		memset(as->v, 0, (t->n_slots ? t->n_slots : 1) * 3 * sizeof(double));
		g_hash_table_insert(t->sums, (gpointer)ai, as);
	}
	/* One tuple: 7 fields, each its length and its bytes, written in place (room made once). */
	size_t id_len = strlen(id), area_len = strlen(ai->code);
	size_t answered = 0;
	for (size_t q = 0; q < m->n_questions; q++)
		answered += t->has[q];
	size_t arr_len = m->n_questions ? 20 + 4 * m->n_questions + 4 * answered : 12;
	size_t size = 2 + (4 + 8) + (4 + id_len) + (4 + area_len) + (4 + 4) + (4 + 8) + (4 + 4) + (4 + arr_len);
	bp_buf *b = &t->out;
	bp_buf_grow(b, size);
	unsigned char *p = (unsigned char *)b->data + b->len;
	uint64_t wbits;
	memcpy(&wbits, &weight, sizeof(wbits));
	p = wr16(p, 7);
	p = wr32(p, 8);
	p = wr64(p, (uint64_t)g->id);
	p = wr32(p, (uint32_t)id_len);
	memcpy(p, id, id_len);
	p += id_len;
	p = wr32(p, (uint32_t)area_len);
	memcpy(p, ai->code, area_len);
	p += area_len;
	p = wr32(p, 4);
	p = wr32(p, (uint32_t)t->m->indeling_year);
	p = wr32(p, 8);
	p = wr64(p, wbits);
	p = wr32(p, 4);
	p = wr32(p, (uint32_t)t->row);
	/* integer[]: dimensions, has-nulls flag, element type, length and lower bound, then per element
	 * its length (-1: NULL) and value. */
	p = wr32(p, (uint32_t)arr_len);
	if (m->n_questions == 0) {
		p = wr32(p, 0);
		p = wr32(p, 0);
		p = wr32(p, INT4OID_);
	} else {
		p = wr32(p, 1);
		p = wr32(p, answered < m->n_questions);
		p = wr32(p, INT4OID_);
		p = wr32(p, (uint32_t)m->n_questions);
		p = wr32(p, 1);
	}
	for (size_t q = 0; q < m->n_questions; q++) {
		if (!t->has[q]) {
			p = wr32(p, UINT32_MAX);   /* -1 */
			continue;
		}
		p = wr32(p, 4);
		p = wr32(p, (uint32_t)t->codes[q]);
		t->answers++;
		int cat = t->cat[q];
		if (cat >= 0) {
			double *v = &as->v[3 * (t->slot0[q] + (size_t)cat)];
			v[0] += 1;
			v[1] += weight;
			v[2] += weight * weight;
		}
	}
	b->len = (size_t)((char *)p - b->data);
	return flush(t, CHUNK);
}

static void clear_row(importer *t)
{
	memset(t->cells, 0, t->ncells * sizeof(cell));
	bp_buf_reset(&t->scratch);
	t->filled = 0;
}

/* ------------------------------------------------------------------ CSV */

typedef struct csv_ctx {
	importer *t;
	size_t *cell_of_field;     /* file column -> cell index, or SIZE_MAX */
} csv_ctx;

static bp_rc csv_row(void *vctx, const bp_csv_row *row, bp_error *err)
{
	csv_ctx *c = vctx;
	importer *t = c->t;
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
		bp_rc rc = check_columns(t, row->line, err);
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
	clear_row(t);
	t->row = ++t->n_rows;
	t->line = row->line;
	for (size_t i = 0; i < row->n && i < t->n_header; i++) {
		size_t ci = c->cell_of_field[i];
		if (ci == SIZE_MAX)
			continue;
		const char *s = row->fields[i];
		size_t n = row->lens[i];
		while (n && g_ascii_isspace(*s)) {
			s++;
			n--;
		}
		while (n && g_ascii_isspace(s[n - 1]))
			n--;
		if (n) {
			t->cells[ci].kind = CELL_TEXT;
			t->cells[ci].text = s;
			t->cells[ci].len = n;
		}
	}
	/* A last row without its line end and with too few fields: the file was cut off in the middle of it. */
	int short_row = row->n != t->n_header;
	return process_row(t, short_row && t->finishing, short_row, row->n);
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

static bp_rc open_file(const char *path, int *fd, bp_error *err)
{
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot open the file: %s", strerror(errno));
	}
	return BP_OK;
}

static bp_rc read_chunk(int fd, const char *path, char *buf, size_t size, size_t *got, bp_error *err)
{
	size_t n = 0;
	while (n < size) {
		ssize_t k = read(fd, buf + n, size - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			bp_error_at(err, path, 0, 0);
			return bp_fail(err, BP_ERR_IO, "cannot read the file: %s", strerror(errno));
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	*got = n;
	return BP_OK;
}

/* First pass over the CSV, in chunks: its SHA-256, its size, and whether it is UTF-8 (the
 * encoding must be known before the first row is read, and re-reading is cheaper than keeping
 * the file). */
static bp_rc scan_csv(const char *path, char checksum[65], int *utf8, bp_error *err)
{
	int fd;
	bp_rc rc = open_file(path, &fd, err);
	if (rc)
		return rc;
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
	char *buf = bp_xmalloc(CHUNK + 4);
	size_t carry = 0, got;
	*utf8 = 1;
	for (;;) {
		if ((rc = read_chunk(fd, path, buf + carry, CHUNK, &got, err)))
			break;
		g_checksum_update(sum, (const guchar *)buf + carry, got);
		size_t n = carry + got;
		const gchar *end;
		carry = 0;
		if (*utf8 && !g_utf8_validate(buf, (gssize)n, &end)) {
			/* A character split by the chunk's end is checked with the next chunk. */
			size_t rest = n - (size_t)(end - buf);
			if (got > 0 && rest < 4) {
				memmove(buf, end, rest);
				carry = rest;
			} else {
				*utf8 = 0;
			}
		}
		if (got == 0)
			break;
	}
	if (!rc)
		snprintf(checksum, 65, "%s", g_checksum_get_string(sum));
	g_checksum_free(sum);
	free(buf);
	close(fd);
	return rc;
}

static bp_rc read_csv(importer *t, bp_error *err)
{
	int fd;
	bp_rc rc = BP_OK;
	if ((rc = open_file(t->path, &fd, err)))
		return rc;
	char *buf = bp_xmalloc(CHUNK);
	csv_ctx c = { .t = t };
	bp_csv_stream *s = NULL;
	int first = 1;
	char last = '\n';
	for (;;) {
		size_t got;
		if ((rc = read_chunk(fd, t->path, buf, CHUNK, &got, err)))
			break;
		if (got == 0)
			break;
		/* Survey bureaus still send Windows-1252 (Excel's "CSV"); anything not UTF-8 is read as that.
		 * One byte is one character there, so each chunk converts on its own. */
		char *text = buf;
		size_t tlen = got;
		gchar *conv = NULL;
		if (!t->utf8) {
			gsize written = 0;
			GError *ge = NULL;
			conv = g_convert(buf, (gssize)got, "UTF-8", "WINDOWS-1252", NULL, &written, &ge);
			if (!conv) {
				bp_error_at(err, t->path, 0, 0);
				rc = bp_fail(err, BP_ERR_PARSE, "the file is neither UTF-8 nor Windows-1252: %s", ge->message);
				g_error_free(ge);
				break;
			}
			text = conv;
			tlen = written;
		}
		if (first) {
			first = 0;
			if (tlen >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
				text += 3;
				tlen -= 3;
			}
			if (tlen == 0) {
				g_free(conv);
				break;
			}
			s = bp_csv_stream_new(t->path, detect_sep(text, tlen), csv_row, &c);
			if (!s) {
				g_free(conv);
				rc = bp_fail(err, BP_ERR_INTERNAL, "libcsv could not start");
				break;
			}
		}
		if (tlen)
			last = text[tlen - 1];
		rc = bp_csv_stream_feed(s, text, tlen, err);
		g_free(conv);
		if (rc)
			break;
	}
	free(buf);
	close(fd);
	if (!rc && !s) {
		bp_error_at(err, t->path, 1, 1);
		rc = bp_fail(err, BP_ERR_PARSE, "the file is empty");
	}
	if (!rc) {
		t->finishing = last != '\n' && last != '\r';
		rc = bp_csv_stream_finish(s, err);
		if (rc == BP_ERR_PARSE && strstr(err->message, "ends inside a quoted field") && t->n_header) {
			/* Cut off inside a quoted value: the row that was open is incomplete. */
			clear_row(t);
			t->row = ++t->n_rows;
			t->line = err->line;
			bp_error_clear(err);
			rc = process_row(t, 1, 0, 0);
		}
	}
	bp_csv_stream_free(s);
	if (!rc && t->n_header == 0) {
		bp_error_at(err, t->path, 1, 1);
		rc = bp_fail(err, BP_ERR_PARSE, "the file has no header row");
	}
	return rc;
}

/* ------------------------------------------------------------------ SPSS .sav */

typedef struct sav_ctx {
	importer *t;
	size_t *cell_of_var;
	unsigned char *has_missing;  /* per variable: the file defines missing values for it */
	int n_vars;
	int bound;
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
	c->has_missing = bp_arena_alloc(c->t->a, (size_t)(c->n_vars > 0 ? c->n_vars : 1));
	memset(c->has_missing, 0, (size_t)(c->n_vars > 0 ? c->n_vars : 1));
	return READSTAT_HANDLER_OK;
}

static int sav_variable(int index, readstat_variable_t *v, const char *val_labels, void *vctx)
{
	(void)val_labels;
	sav_ctx *c = vctx;
	if (index < 0 || index >= c->n_vars)
		return READSTAT_HANDLER_OK;
	bind_header(c->t, (size_t)index, readstat_variable_get_name(v));
	c->has_missing[index] = readstat_variable_get_missing_ranges_count(v) > 0;
	c->t->n_header = (size_t)index + 1;
	return READSTAT_HANDLER_OK;
}

static int sav_value(int obs, readstat_variable_t *v, readstat_value_t value, void *vctx)
{
	sav_ctx *c = vctx;
	importer *t = c->t;
	if (!c->bound) {
		/* First value: every variable is known by now; bind and check the columns once. */
		c->bound = 1;
		for (size_t i = 0; i < t->ncells; i++)
			if (t->file_col[i] >= 0)
				c->cell_of_var[t->file_col[i]] = i;
		c->rc = check_columns(t, 0, c->err);
		if (c->rc)
			return READSTAT_HANDLER_ABORT;
	}
	if (!t->pending || t->row != obs + 1) {
		if (t->pending) {
			/* A row that never got all its values (ReadStat moved on): it is incomplete. */
			if ((c->rc = process_row(t, 1, 0, 0)))
				return READSTAT_HANDLER_ABORT;
		}
		clear_row(t);
		t->pending = 1;
		t->row = obs + 1;
		t->n_rows = t->row;
	}
	t->filled++;
	int idx = readstat_variable_get_index(v);
	size_t ci = idx >= 0 && idx < c->n_vars ? c->cell_of_var[idx] : SIZE_MAX;
	if (ci != SIZE_MAX && !readstat_value_is_system_missing(value)) {
		cell *cl = &t->cells[ci];
		/* Asking ReadStat per value was a fifth of the reading time; most variables define none. */
		cl->user_missing = c->has_missing[idx] && readstat_value_is_defined_missing(value, v);
		if (readstat_value_type(value) == READSTAT_TYPE_STRING) {
			const char *s = readstat_string_value(value);
			char *copy = g_strstrip(g_strdup(s ? s : ""));
			if (*copy) {
				cl->kind = CELL_SCRATCH;
				cl->len = t->scratch.len;
				bp_buf_add(&t->scratch, copy, strlen(copy) + 1);
			}
			g_free(copy);
		} else {
			cl->kind = CELL_NUMBER;
			cl->num = readstat_double_value(value);
		}
	}
	if (t->filled == (size_t)c->n_vars) {
		t->pending = 0;
		if ((c->rc = process_row(t, 0, 0, 0)))
			return READSTAT_HANDLER_ABORT;
	}
	return READSTAT_HANDLER_OK;
}

static bp_rc read_sav(importer *t, bp_error *err)
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
	if (!c.bound && e == READSTAT_OK) {
		/* No cases: check the columns all the same, so that a wrong mapping is caught. */
		bp_rc rc = check_columns(t, 0, err);
		if (rc)
			return rc;
	}
	/* A file cut short: ReadStat stops with an error; the row it did not finish is cut. */
	int last_cut = 0;
	if (t->pending) {
		t->pending = 0;
		last_cut = 1;
		bp_rc rc = process_row(t, 1, 0, 0);
		if (rc)
			return rc;
	}
	if ((e != READSTAT_OK || (t->expected_rows >= 0 && t->n_rows < t->expected_rows)) && !last_cut) {
		clear_row(t);
		t->row = ++t->n_rows;
		t->line = 0;
		bp_rc rc = process_row(t, 1, 0, 0);
		if (rc)
			return rc;
	}
	return BP_OK;
}

static void problems_detail(const importer *t, bp_error *err)
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

static bp_rc write_report(const importer *t, const char *path, bp_error *err)
{
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_adds(&b, "row;line;column;problem;value\n");
	for (size_t i = 0; i < t->n_probs; i++) {
		const problem *p = &t->probs[i];
		bp_buf_printf(&b, "%ld;", p->row);
		if (p->line)
			bp_buf_printf(&b, "%ld", p->line);
		bp_buf_addc(&b, ';');
		csv_field(&b, p->column);
		bp_buf_addc(&b, ';');
		csv_field(&b, p->what);
		bp_buf_addc(&b, ';');
		csv_field(&b, p->value);
		bp_buf_addc(&b, '\n');
	}
	/* Answers of respondents (no ids): readable by the owner only, whatever the umask. */
	bp_rc rc = bp_file_write_atomic_mode(path, b.data, b.len, 0600, err);
	bp_buf_release(&b);
	return rc;
}

/* ------------------------------------------------------------------ loading */

static const char aggregate_sql[] =
	"INSERT INTO bp.survey_aggregate (survey_id, area_code, indeling_year, period, question, category,"
	"  n_unweighted, sum_w, sum_w2, base_n, base_sum_w, base_sum_w2, gemeente_code) "
	/* The sums per respondent's own area (survey_own, taken while reading) rolled up: each area
	 * counts in itself, its wijk (when a buurt) and its gemeente.  n, sum of weights and of squared
	 * weights add up, so this is the same as summing the answers three times over. */
	"WITH own AS (SELECT * FROM survey_own"
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



static void int_array(bp_buf *b, const long *v, size_t n)
{
	bp_buf_addc(b, '{');
	for (size_t i = 0; i < n; i++)
		bp_buf_printf(b, "%s%ld", i ? "," : "", v[i]);
	bp_buf_addc(b, '}');
}

/*
 * Before the file is read, in the load's transaction: the lock, and whether these bytes through
 * this mapping are already the current data (*existing: their source id).
 */
static bp_rc begin_load(importer *t, const char *checksum, long *existing, bp_error *err)
{
	const bp_survey_mapping *m = t->m;
	PGresult *r = NULL;
	*existing = 0;
	bp_rc rc = bp_pg_exec(t->conn, "BEGIN", err);
	if (rc)
		return rc;
	{
		/* Two imports of the same survey at once: the second waits and then sees the first. */
		const char *p[] = { m->name, m->period };
		rc = bp_pg_query(t->conn, "SELECT pg_advisory_xact_lock(hashtextextended('bp.survey:' || $1 || '/' || $2, 0))",
		                 2, p, NULL, err);
		if (rc)
			return rc;
	}
	{
		const char *p[] = { m->name, m->period, checksum, m->hash };
		rc = bp_pg_query(t->conn,
			"SELECT s.source_id FROM bp.survey s JOIN bp.source src ON src.id = s.source_id"
			" WHERE s.name = $1 AND s.period = $2 AND src.checksum = $3 AND s.mapping_hash = $4 LIMIT 1",
			4, p, &r, err);
		if (rc)
			return rc;
		if (PQntuples(r) > 0)
			rc = bp_pg_long(r, 0, 0, existing, err);
		PQclear(r);
		if (rc)
			return rc;
	}
	return BP_OK;
}

/*
 * The respondents are COPYed while the file is read, before it is known which gemeenten it
 * covers, so every gemeente of the indeling gets a survey id from the sequence now (the
 * unused ones are simply never used: a bigserial has gaps anyway).  The rows of bp.survey
 * follow after the COPY, in the same transaction, for exactly the ids used (sql/009 explains
 * why survey_private.respondent has no foreign key to bp.survey).
 */
static bp_rc start_copy(importer *t, bp_error *err)
{
	PGresult *r = NULL;
	char n_s[32];
	snprintf(n_s, sizeof(n_s), "%zu", t->n_gems);
	const char *p[] = { n_s };
	bp_rc rc = bp_pg_query(t->conn, "SELECT nextval(pg_get_serial_sequence('bp.survey', 'id')) FROM generate_series(1, $1::int)",
	                       1, p, &r, err);
	if (rc)
		return rc;
	for (size_t g = 0; g < t->n_gems && g < (size_t)PQntuples(r); g++)
	{
		snprintf(t->gems[g].survey_id, sizeof(t->gems[g].survey_id), "%s", PQgetvalue(r, (int)g, 0));
		t->gems[g].id = atol(t->gems[g].survey_id);
	}
	PQclear(r);
	rc = bp_pg_copy_begin(t->conn,
		"COPY survey_private.respondent (survey_id, respondent_id, area_code, indeling_year, weight, row_number, answers)"
		" FROM STDIN (FORMAT binary)", err);
	if (rc == BP_OK) {
		t->copying = 1;
		/* The binary format's signature, flags (none) and header extension length (0). */
		bp_buf_add(&t->out, "PGCOPY\n\377\r\n\0", 11);
		put_i32(&t->out, 0);
		put_i32(&t->out, 0);
	}
	return rc;
}

static bp_rc end_copy(importer *t, bp_error *err)
{
	put_u16(&t->out, 0xFFFF);   /* the trailer: a field count of -1 */
	bp_rc rc = flush(t, 0);
	if (rc)
		return rc;
	t->copying = 0;
	return bp_pg_copy_end(t->conn, err);
}

/* The gemeenten with respondents, as a text[] literal. */
static char *gemeenten_array(const importer *t)
{
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_addc(&b, '{');
	int first = 1;
	for (size_t g = 0; g < t->n_gems; g++)
		if (t->gems[g].respondents) {
			bp_buf_printf(&b, "%s%s", first ? "" : ",", t->gems[g].code);
			first = 0;
		}
	bp_buf_addc(&b, '}');
	return bp_buf_detach(&b, NULL);
}

/* After the COPY: replace the earlier surveys, write source, surveys, questions and aggregates. */
static bp_rc finish_load(importer *t, const char *checksum, bp_survey_result *res, bp_error *err)
{
	const bp_survey_mapping *m = t->m;
	PGconn *conn = t->conn;
	PGresult *r = NULL;
	bp_rc rc;
	bp_buf b;
	bp_buf_init(&b);
	char *gem_array = gemeenten_array(t);
	{
		/* A corrected file replaces the earlier one of each gemeente it covers (its respondents go
		 * by the trigger of sql/009; the new ones belong to surveys not yet written). */
		const char *p[] = { m->name, m->period, gem_array };
		rc = bp_pg_query(conn,
			"WITH old AS (DELETE FROM bp.survey WHERE name = $1 AND period = $2 AND gemeente_code = ANY ($3::text[])"
			" RETURNING id) SELECT count(*) FROM old", 3, p, &r, err);
		if (rc)
			goto out;
		rc = bp_pg_long(r, 0, 0, &res->replaced, err);
		PQclear(r);
		r = NULL;
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
		snprintf(rows_s, sizeof(rows_s), "%ld", t->valid);
		const char *p[] = { m->publisher, m->name, title, t->path, checksum, m->licence, rows_s };
		rc = bp_pg_query(conn,
			"INSERT INTO bp.source (publisher, table_id, title, location, checksum, licence, importer, row_count) "
			"VALUES ($1, $2, $3, $4, $5, $6, 'survey', $7) "
			"ON CONFLICT (publisher, table_id, checksum) DO UPDATE SET retrieved_at = now(), row_count = EXCLUDED.row_count "
			"RETURNING id", 7, p, &r, err);
		g_free(title);
		if (rc)
			goto out;
		rc = bp_pg_long(r, 0, 0, &res->source_id, err);
		PQclear(r);
		r = NULL;
		if (rc)
			goto out;
	}
	char src_s[32];
	snprintf(src_s, sizeof(src_s), "%ld", res->source_id);

	/* One survey row per gemeente with respondents, with its questions and categories. */
	for (size_t g = 0; g < t->n_gems; g++) {
		const gemeente *ge = &t->gems[g];
		if (!ge->respondents)
			continue;
		char n_s[32], skipped_s[32];
		snprintf(n_s, sizeof(n_s), "%ld", ge->respondents);
		snprintf(skipped_s, sizeof(skipped_s), "%ld", t->n_probs ? t->n_rows - t->valid : 0);
		const char *p[] = { ge->survey_id, m->name, m->title, m->period, m->fieldwork_start, m->fieldwork_end, ge->code,
		                    t->year_s, src_s, m->path, m->hash, t->synthetic ? "true" : "false", n_s, skipped_s };
		rc = bp_pg_query(conn,
			"INSERT INTO bp.survey (id, name, title, period, fieldwork_start, fieldwork_end, gemeente_code, indeling_year,"
			" source_id, mapping_file, mapping_hash, synthetic, respondents, skipped_rows)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)", 14, p, NULL, err);
		if (rc)
			goto out;
		res->surveys++;
		for (size_t q = 0; q < m->n_questions; q++) {
			const bp_survey_question *qq = &m->questions[q];
			char ord[32];
			snprintf(ord, sizeof(ord), "%zu", q + 1);
			bp_buf_reset(&b);
			int_array(&b, qq->missing, qq->n_missing);
			const char *pq[] = { ge->survey_id, qq->variable, qq->label, qq->theme, b.data, ord };
			rc = bp_pg_query(conn, "INSERT INTO bp.survey_question (survey_id, question, label, theme, missing_codes, ord)"
			                 " VALUES ($1, $2, $3, $4, $5, $6)", 6, pq, NULL, err);
			if (rc)
				goto out;
			for (size_t c = 0; c < qq->n_categories; c++) {
				snprintf(ord, sizeof(ord), "%zu", c + 1);
				bp_buf_reset(&b);
				int_array(&b, qq->categories[c].codes, qq->categories[c].n_codes);
				const char *pc[] = { ge->survey_id, qq->variable, qq->categories[c].name, qq->categories[c].label, ord, b.data };
				rc = bp_pg_query(conn, "INSERT INTO bp.survey_category (survey_id, question, category, label, ord, codes)"
				                 " VALUES ($1, $2, $3, $4, $5, $6)", 6, pc, NULL, err);
				if (rc)
					goto out;
			}
		}
	}

	/* The sums per own area, taken while reading, then rolled up in SQL. */
	rc = bp_pg_exec(conn,
		"CREATE TEMP TABLE survey_own (survey_id bigint, area_code text, indeling_year integer, question text,"
		" category text, n bigint, sw double precision, sw2 double precision) ON COMMIT DROP", err);
	if (rc)
		goto out;
	bp_buf_reset(&b);
	{
		GHashTableIter it;
		gpointer k, v;
		g_hash_table_iter_init(&it, t->sums);
		while (g_hash_table_iter_next(&it, &k, &v)) {
			const area_sums *as = v;
			const gemeente *ge = &t->gems[as->area->gemeente];
			for (size_t q = 0; q < m->n_questions; q++) {
				const bp_survey_question *qq = &m->questions[q];
				for (size_t c = 0; c < qq->n_categories; c++) {
					const double *s = &as->v[3 * (t->slot0[q] + c)];
					if (s[0] == 0)
						continue;
					bp_buf_printf(&b, "%s\t", ge->survey_id);
					bp_load_copy_field(&b, as->area->code);
					bp_buf_printf(&b, "\t%s\t", t->year_s);
					bp_load_copy_field(&b, qq->variable);
					bp_buf_addc(&b, '\t');
					bp_load_copy_field(&b, qq->categories[c].name);
					bp_buf_printf(&b, "\t%.0f\t%.17g\t%.17g\n", s[0], s[1], s[2]);
				}
			}
		}
	}
	rc = bp_load_copy(conn, "COPY survey_own FROM STDIN", &b, err);
	if (rc)
		goto out;
	/* Without statistics the planner guesses the temporary table's size and may join the rolled-up
	 * sums by a nested loop over the CTE: measured 7-10 s instead of 50 ms for 6,709 own-area rows.
	 * ANALYZE of a temporary table locks nothing anyone else uses. */
	if ((rc = bp_pg_exec(conn, "ANALYZE survey_own", err)))
		goto out;
	rc = bp_pg_query(conn, aggregate_sql, 0, NULL, &r, err);
	if (rc)
		goto out;
	res->aggregates = atol(PQcmdTuples(r));
	PQclear(r);
	r = NULL;
	rc = bp_pg_exec(conn, "COMMIT", err);
	res->respondents = t->valid;
	res->answers = t->answers;
out:
	PQclear(r);
	free(gem_array);
	bp_buf_release(&b);
	return rc;
}

static int is_sav(const char *path)
{
	size_t n = strlen(path);
	return n >= 4 && g_ascii_strcasecmp(path + n - 4, ".sav") == 0;
}

static void importer_init(importer *t, bp_arena *a, const bp_survey_mapping *m, PGconn *conn, const char *path,
                          bp_error *err)
{
	memset(t, 0, sizeof(*t));
	t->a = a;
	t->m = m;
	t->conn = conn;
	t->path = path;
	t->err = err;
	t->ncells = COL_FIXED + m->n_questions;
	t->file_col = bp_arena_alloc(a, t->ncells * sizeof(long));
	for (size_t i = 0; i < t->ncells; i++)
		t->file_col[i] = -1;
	t->cells = bp_arena_alloc(a, t->ncells * sizeof(cell));
	memset(t->cells, 0, t->ncells * sizeof(cell));
	t->codes = bp_arena_alloc(a, (m->n_questions ? m->n_questions : 1) * sizeof(long));
	t->has = bp_arena_alloc(a, m->n_questions ? m->n_questions : 1);
	t->cat = bp_arena_alloc(a, (m->n_questions ? m->n_questions : 1) * sizeof(int));
	t->slot0 = bp_arena_alloc(a, (m->n_questions ? m->n_questions : 1) * sizeof(size_t));
	for (size_t q = 0; q < m->n_questions; q++) {
		t->slot0[q] = t->n_slots;
		t->n_slots += m->questions[q].n_categories;
	}
	t->lut = bp_arena_alloc(a, (m->n_questions ? m->n_questions : 1) * LUT_N * sizeof(short));
	for (size_t q = 0; q < m->n_questions; q++)
		for (long k = 0; k < LUT_N; k++) {
			long code = LUT_MIN + k;
			int cat = bp_survey_category_of(&m->questions[q], code);
			t->lut[q * LUT_N + (size_t)k] = (short)(cat >= 0 ? cat
			                                        : bp_survey_is_missing(&m->questions[q], code) ? LUT_MISSING : LUT_OUTSIDE);
		}
	t->expected_rows = -1;
	t->all_synthetic = 1;
	t->utf8 = 1;
	snprintf(t->year_s, sizeof(t->year_s), "%d", m->indeling_year);
	bp_buf_init(&t->out);
	bp_buf_init(&t->scratch);
	t->seen = g_hash_table_new(g_str_hash, g_str_equal);
	bp_arena_on_free(a, (void (*)(void *))g_hash_table_destroy, t->seen);
	t->sums = g_hash_table_new(g_direct_hash, g_direct_equal);
	bp_arena_on_free(a, (void (*)(void *))g_hash_table_destroy, t->sums);
}

static void importer_release(importer *t)
{
	bp_buf_release(&t->out);
	bp_buf_release(&t->scratch);
}

bp_rc bp_import_survey(PGconn *conn, const bp_survey_options *opt, bp_survey_result *res, bp_error *err)
{
	memset(res, 0, sizeof(*res));
	bp_arena *a = bp_arena_new();
	bp_survey_mapping *m;
	importer t;
	int have_t = 0;
	char checksum[65];
	long existing = 0;
	bp_rc rc = bp_survey_mapping_load(opt->mapping_path, a, &m, err);
	if (rc)
		goto out;
	importer_init(&t, a, m, conn, opt->path, err);
	have_t = 1;
	{
		char *base = g_path_get_basename(opt->path);
		char *up = g_ascii_strup(base, -1);
		t.synthetic = strstr(up, "SYNTHETIC") != NULL;
		g_free(up);
		g_free(base);
	}
	int sav = is_sav(opt->path);
	rc = sav ? bp_file_sha256(opt->path, checksum, err) : scan_csv(opt->path, checksum, &t.utf8, err);
	if (rc)
		goto out;
	/* No connection (tests/fuzz): read and check only, against no areas, as an
	 * already loaded file is read (without a COPY). */
	if (!conn)
		existing = -1;
	if ((rc = load_areas(conn, &t, err)))
		goto out;
	if (conn && g_hash_table_size(t.areas) == 0) {
		bp_error_at(err, m->path, 0, 0);
		bp_error_hint(err, "import the Kerncijfers wijken en buurten of %d first (buurtpeil import statline-csv)",
		              m->indeling_year);
		rc = bp_fail(err, BP_ERR_NOT_FOUND, "no wijken or buurten of indeling %d in the database", m->indeling_year);
		goto out;
	}
	if (conn && (rc = begin_load(&t, checksum, &existing, err)))
		goto out;
	/* Already loaded: the file is still read and checked (without a COPY), so that a file with
	 * problems is refused the same way every time. */
	if (!existing && (rc = start_copy(&t, err)))
		goto out;
	rc = sav ? read_sav(&t, err) : read_csv(&t, err);
	if (rc)
		goto out;
	res->rows = t.n_rows;
	if (t.file_col[COL_SYNTHETIC] >= 0 && t.n_rows > 0 && t.all_synthetic)
		t.synthetic = 1;
	res->synthetic = t.synthetic;
	if (t.n_probs && !opt->skip_invalid) {
		bp_error_at(err, opt->path, t.probs[0].line, 0);
		bp_error_row(err, t.probs[0].row);
		problems_detail(&t, err);
		bp_error_hint(err, "correct the file, or load the valid rows with --skip-invalid (the others are written to a report)");
		rc = bp_fail(err, BP_ERR_PARSE, "%ld of %ld rows are invalid; nothing was loaded", t.n_rows - t.valid, t.n_rows);
		goto out;
	}
	if (t.valid == 0) {
		bp_error_at(err, opt->path, 0, 0);
		if (t.n_probs)
			problems_detail(&t, err);
		rc = bp_fail(err, BP_ERR_PARSE, "the file has no valid respondents; nothing was loaded");
		goto out;
	}
	if (!conn)
		goto out;
	if (existing) {
		res->source_id = existing;
		res->already_loaded = 1;
		rc = bp_pg_exec(conn, "COMMIT", err);
		goto out;
	}
	if ((rc = end_copy(&t, err)) || (rc = finish_load(&t, checksum, res, err)))
		goto out;
	if (t.n_probs) {
		res->skipped = t.n_rows - t.valid;
		snprintf(res->report_path, sizeof(res->report_path), "%s",
		         opt->report_path ? opt->report_path : bp_arena_printf(a, "%s.skipped.csv", opt->path));
		rc = write_report(&t, res->report_path, err);
		if (rc)
			bp_fail(err, rc, "the valid rows were loaded, but the report of the %ld skipped rows could not be written",
			        res->skipped);
	}
out:
	if (have_t) {
		copy_abort(&t);
		importer_release(&t);
	}
	if (rc)
		bp_pg_rollback(conn);
	bp_arena_free(a);
	return rc;
}
