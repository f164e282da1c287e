/* experiences.c: experiences from CSV or YAML into bp.experience (see the header). */
#include "import/experiences.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "core/yamldoc.h"
#include "db/pgutil.h"
#include "import/areacode.h"
#include "import/csvrows.h"
#include "import/load.h"
#include "import/privacy.h"

enum {
	F_AREA, F_DATE, F_THEME, F_ROLE, F_KIND, F_TEXT, F_RATING, F_CONSENT, F_EXAMPLE,
	F_SOURCE, F_INTERVENTION, F_INDELING, F_COUNT
};
static const char *const names_en[F_COUNT] = {
	"area", "date", "theme", "role", "kind", "text", "rating", "consent", "example",
	"source", "intervention", "indeling_year"
};
/* The same columns as a Dutch spreadsheet would head them. */
static const char *const names_nl[F_COUNT] = {
	"gebied", "datum", "thema", "rol", "soort", "tekst", "waardering", "toestemming", "voorbeeld",
	"bron", "interventie", "indeling"
};
static const int required[F_COUNT] = { [F_AREA] = 1, [F_DATE] = 1, [F_THEME] = 1, [F_ROLE] = 1,
                                       [F_KIND] = 1, [F_CONSENT] = 1 };

/* The themes of indicators/ (indicator_def.c keeps its own list static). */
static const char *const themes[] = {
	"sociale-veerkracht", "participatie", "demografie", "sociaal-economisch",
	"zorg-en-gezondheid", "voorzieningen", NULL
};
static const char *const roles[] = { "bewoner", "professional", "raadslid", "vrijwilliger", NULL };

/* One row as read, before any check. */
typedef struct rec {
	long row, line, column;          /* the row (YAML: the item) and where it starts */
	const char *v[F_COUNT];          /* NULL: absent or empty */
	const char *label[F_COUNT];      /* the column or key as written */
	long fl[F_COUNT], fc[F_COUNT];   /* YAML: where each value is */
	size_t offset;                   /* CSV: the row's byte offset */
	long ix[F_COUNT];                /* CSV: the field index */
	size_t nfields;
	int bad;                         /* a problem was found while reading */
} rec;

/* A checked row, ready to load. */
typedef struct good {
	const rec *r;
	const char *area, *gemeente;
	int year;
	const char *theme, *date, *role, *kind;
	int rating, consent, example;
} good;

typedef struct area_info {
	int newest;                      /* the newest indeling that has the code */
	const char *gemeente;            /* its gemeente there ("" none) */
} area_info;

typedef struct ctx {
	bp_arena *a;                     /* work memory */
	bp_arena *out;                   /* the caller's: problems */
	const char *path;
	int is_csv;
	const char *text;                /* CSV in UTF-8, BOM skipped */
	size_t len;
	char sep;
	rec *recs;
	size_t n_recs, cap_recs;
	long header_line;
	const char *header_label[F_COUNT];
	long header_ix[F_COUNT];
	size_t header_n;
	bp_experience_problem *probs;
	size_t n_probs, cap_probs;
	int default_example;
	const char *title, *publisher;
} ctx;

/* ------------------------------------------------------------------ problems */

static void where_is(const ctx *c, const rec *r, int f, long *line, long *col)
{
	if (!c->is_csv) {
		*line = f >= 0 && r->fl[f] ? r->fl[f] : r->line;
		*col = f >= 0 && r->fl[f] ? r->fc[f] : r->column;
		return;
	}
	size_t idx = f >= 0 && r->ix[f] >= 0 ? (size_t)r->ix[f] : 0;
	bp_csv_field_position(c->text, c->len, r->offset, r->line, idx, c->sep, line, col);
}

static void problem_at(ctx *c, long row, long line, long col, const char *field, const char *what)
{
	if (c->n_probs == c->cap_probs) {
		c->cap_probs = c->cap_probs ? 2 * c->cap_probs : 16;
		bp_experience_problem *p = bp_arena_alloc(c->out, c->cap_probs * sizeof(*p));
		if (c->n_probs)
			memcpy(p, c->probs, c->n_probs * sizeof(*p));
		c->probs = p;
	}
	bp_experience_problem *p = &c->probs[c->n_probs++];
	p->row = row;
	p->line = line;
	p->column = col;
	p->field = bp_arena_strdup(c->out, field ? field : "");
	p->what = bp_arena_strdup(c->out, what);
}

static void problem(ctx *c, const rec *r, int f, const char *what)
{
	long line, col;
	where_is(c, r, f, &line, &col);
	problem_at(c, r->row, line, col, f >= 0 ? r->label[f] : "", what);
}

static int problem_order(const void *x, const void *y)
{
	const bp_experience_problem *p = x, *q = y;
	if (p->row != q->row)
		return p->row < q->row ? -1 : 1;
	if (p->line != q->line)
		return p->line < q->line ? -1 : 1;
	return (p->column > q->column) - (p->column < q->column);
}

static bp_rc reject(const ctx *c, size_t n_recs, bp_error *err)
{
	const bp_experience_problem *p0 = &c->probs[0];
	bp_fail(err, BP_ERR_PARSE, "row %ld: %s", p0->row, p0->what);
	bp_error_at(err, c->path, p0->line, p0->column);
	bp_error_row(err, p0->row);
	bp_buf b;
	bp_buf_init(&b);
	/* Problems per row, as a row may have several. */
	GHashTable *rows = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (size_t i = 0; i < c->n_probs; i++)
		g_hash_table_add(rows, GSIZE_TO_POINTER((gsize)c->probs[i].row));
	bp_buf_printf(&b, "%zu problem%s in %u of %zu rows, nothing was loaded", c->n_probs,
	              c->n_probs == 1 ? "" : "s", g_hash_table_size(rows), n_recs);
	g_hash_table_destroy(rows);
	size_t shown = c->n_probs < 10 ? c->n_probs : 10;
	for (size_t i = 0; i < shown; i++)
		bp_buf_printf(&b, "; row %ld (%ld:%ld): %s", c->probs[i].row, c->probs[i].line,
		              c->probs[i].column, c->probs[i].what);
	if (c->n_probs > shown)
		bp_buf_printf(&b, "; and %zu more", c->n_probs - shown);
	bp_error_detail(err, "%s", b.data);
	bp_error_hint(err, "correct the rows, or load the valid ones with --skip-invalid");
	bp_buf_release(&b);
	return BP_ERR_PARSE;
}

/* ------------------------------------------------------------------ reading */

static int field_of(const char *name, int *personal)
{
	*personal = 0;
	for (int f = 0; f < F_COUNT; f++)
		if (g_ascii_strcasecmp(name, names_en[f]) == 0 || g_ascii_strcasecmp(name, names_nl[f]) == 0)
			return f;
	*personal = bp_privacy_personal_column(name);
	return -1;
}

static char *trimmed(bp_arena *a, const char *s, size_t l)
{
	while (l && (*s == ' ' || *s == '\t')) {
		s++;
		l--;
	}
	while (l && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\r' || s[l - 1] == '\n'))
		l--;
	return bp_arena_strndup(a, s, l);
}

static rec *new_rec(ctx *c)
{
	if (c->n_recs == c->cap_recs) {
		c->cap_recs = c->cap_recs ? 2 * c->cap_recs : 64;
		rec *r = bp_arena_alloc(c->a, c->cap_recs * sizeof(*r));
		if (c->n_recs)
			memcpy(r, c->recs, c->n_recs * sizeof(*r));
		c->recs = r;
	}
	rec *r = &c->recs[c->n_recs++];
	memset(r, 0, sizeof(*r));
	for (int f = 0; f < F_COUNT; f++)
		r->ix[f] = -1;
	return r;
}

static bp_rc header_fail(ctx *c, long col, bp_error *err, const char *fmt, const char *name)
{
	bp_error_at(err, c->path, c->header_line, col);
	return bp_fail(err, BP_ERR_PARSE, fmt, name);
}

static bp_rc on_csv_row(void *vc, const bp_csv_row *row, bp_error *err)
{
	ctx *c = vc;
	if (row->index == 0) {
		c->header_line = row->line;
		c->header_n = row->n;
		for (int f = 0; f < F_COUNT; f++)
			c->header_ix[f] = -1;
		for (size_t i = 0; i < row->n; i++) {
			char *name = trimmed(c->a, row->fields[i], row->lens[i]);
			long line, col;
			bp_csv_field_position(c->text, c->len, row->offset, row->line, i, c->sep, &line, &col);
			int personal;
			int f = field_of(name, &personal);
			if (personal) {
				bp_rc rc = header_fail(c, col, err, "column '%s' holds personal data", name);
				bp_error_hint(err, "leave names, e-mail addresses, phone numbers and addresses out of the file: "
				              "experiences are published without them");
				return rc;
			}
			if (f < 0) {
				bp_rc rc = header_fail(c, col, err, "unknown column '%s'", name);
				bp_error_hint(err, "known columns: area, date, theme, role, kind, text, rating, consent, "
				              "example, source, intervention, indeling_year (or gebied, datum, thema, rol, "
				              "soort, tekst, waardering, toestemming, voorbeeld, bron, interventie, indeling)");
				return rc;
			}
			if (c->header_ix[f] >= 0)
				return header_fail(c, col, err, "column '%s' is given twice", name);
			c->header_ix[f] = (long)i;
			c->header_label[f] = name;
		}
		for (int f = 0; f < F_COUNT; f++) {
			if (!required[f] || c->header_ix[f] >= 0)
				continue;
			bp_rc rc = header_fail(c, 1, err, "the header has no column '%s'", names_en[f]);
			if (f == F_CONSENT)
				bp_error_hint(err, "every row must say whether it may be published: add a column consent "
				                   "(or toestemming) with ja or nee");
			else
				bp_error_hint(err, "name it '%s' or '%s'", names_en[f], names_nl[f]);
			return rc;
		}
		return BP_OK;
	}
	rec *r = new_rec(c);
	r->row = (long)row->index;
	r->line = row->line;
	r->offset = row->offset;
	r->nfields = row->n;
	for (int f = 0; f < F_COUNT; f++) {
		long i = c->header_ix[f];
		if (i < 0)
			continue;
		r->label[f] = c->header_label[f];
		r->ix[f] = i;
		if ((size_t)i < row->n) {
			char *v = trimmed(c->a, row->fields[i], row->lens[i]);
			r->v[f] = *v ? v : NULL;
		}
	}
	return BP_OK;
}

static char sniff_separator(const char *text, size_t len)
{
	size_t n[3] = { 0, 0, 0 };
	int quoted = 0;
	for (size_t i = 0; i < len && (quoted || text[i] != '\n'); i++) {
		if (text[i] == '"')
			quoted = !quoted;
		else if (!quoted)
			n[0] += text[i] == ';', n[1] += text[i] == ',', n[2] += text[i] == '\t';
	}
	if (n[2] > n[0] && n[2] > n[1])
		return '\t';
	return n[0] > n[1] ? ';' : ',';
}

static bp_rc read_csv(ctx *c, const char *data, size_t len, bp_error *err)
{
	const char *text = data;
	size_t tlen = len;
	bp_rc rc = bp_csv_text_utf8(c->a, c->path, &text, &tlen, err);
	if (rc)
		return rc;
	c->text = text;
	c->len = tlen;
	c->sep = sniff_separator(text, tlen);
	c->header_line = 1;
	rc = bp_csv_read(c->path, text, tlen, c->sep, on_csv_row, c, err);
	if (rc)
		return rc;
	if (c->header_n == 0) {
		bp_error_at(err, c->path, 1, 1);
		return bp_fail(err, BP_ERR_PARSE, "the file is empty");
	}
	return BP_OK;
}

static bp_rc read_yaml(ctx *c, bp_error *err)
{
	static const char *const top_keys[] = { "experiences", "example", "title", "publisher", NULL };
	bp_yaml_doc *doc;
	bp_rc rc = bp_yaml_load_file(c->path, c->a, &doc, err);
	if (rc)
		return rc;
	const bp_yaml_node *root = bp_yaml_root(doc);
	if ((rc = bp_yaml_check_keys(doc, root, top_keys, err)) ||
	    (rc = bp_yaml_opt_bool(doc, root, "example", 0, &c->default_example, err)) ||
	    (rc = bp_yaml_opt_str(doc, root, "title", NULL, &c->title, err)) ||
	    (rc = bp_yaml_opt_str(doc, root, "publisher", NULL, &c->publisher, err)))
		return rc;
	const bp_yaml_node *list = bp_yaml_map_get(doc, root, "experiences");
	if (!list)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'experiences'");
	if ((rc = bp_yaml_expect(doc, list, BP_YAML_SEQUENCE, "'experiences'", err)))
		return rc;
	for (size_t i = 0; i < bp_yaml_seq_len(list); i++) {
		const bp_yaml_node *item = bp_yaml_seq_at(doc, list, i);
		rec *r = new_rec(c);
		r->row = (long)i + 1;
		r->line = bp_yaml_line(item);
		r->column = bp_yaml_column(item);
		if (!bp_yaml_is_mapping(item)) {
			problem(c, r, -1, bp_arena_printf(c->a, "each experience is a mapping (area: ..., date: ...), not %s",
			                                  bp_yaml_describe(item)));
			r->bad = 2;          /* nothing else to check */
			continue;
		}
		for (size_t k = 0; k < bp_yaml_map_len(item); k++) {
			const bp_yaml_node *key = bp_yaml_map_key_at(doc, item, k);
			const bp_yaml_node *val = bp_yaml_map_value_at(doc, item, k);
			const char *name = bp_yaml_scalar(key);
			int personal;
			int f = field_of(name, &personal);
			if (f < 0) {
				problem_at(c, r->row, bp_yaml_line(key), bp_yaml_column(key), name,
				           personal ? bp_arena_printf(c->a, "key '%s' holds personal data: leave it out", name)
				                    : bp_arena_printf(c->a, "unknown key '%s'", name));
				r->bad = 1;
				continue;
			}
			r->label[f] = name;
			r->fl[f] = bp_yaml_line(val ? val : key);
			r->fc[f] = bp_yaml_column(val ? val : key);
			if (!val || bp_yaml_is_null(val))
				continue;
			if (!bp_yaml_is_scalar(val)) {
				problem(c, r, f, bp_arena_printf(c->a, "'%s' must be text or a number, not %s", name,
				                                 bp_yaml_describe(val)));
				r->bad = 1;
				continue;
			}
			const char *s = bp_yaml_scalar(val);
			char *t = trimmed(c->a, s, strlen(s));
			r->v[f] = *t ? t : NULL;
		}
		for (int f = 0; f < F_COUNT; f++)
			if (!r->label[f])
				r->label[f] = names_en[f];
	}
	return BP_OK;
}

/* ------------------------------------------------------------------ checks */

static int parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "ja", "j", "yes", "y", "true", "1", NULL };
	static const char *const no[] = { "nee", "n", "no", "false", "0", NULL };
	for (size_t i = 0; yes[i]; i++)
		if (g_ascii_strcasecmp(s, yes[i]) == 0)
			return *out = 1, 0;
	for (size_t i = 0; no[i]; i++)
		if (g_ascii_strcasecmp(s, no[i]) == 0)
			return *out = 0, 0;
	return -1;
}

/* YYYY-MM-DD and a day that exists. */
static int valid_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	return y >= 1900 && y <= 2100 && g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
}

static int one_of(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return i;
	return -1;
}

static int valid_id(const char *s)
{
	if (!g_ascii_islower(*s))
		return 0;
	for (; *s; s++)
		if (!g_ascii_islower(*s) && !g_ascii_isdigit(*s) && *s != '-')
			return 0;
	return 1;
}

typedef struct areas {
	GHashTable *newest;              /* code -> area_info */
	GHashTable *in_year;             /* "code\x1fyear" -> gemeente ("" none) */
} areas;

static bp_rc load_areas(PGconn *conn, bp_arena *a, areas *out, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn,
		"SELECT code, indeling_year, coalesce(gemeente_code, CASE WHEN level = 'gemeente' THEN code END, '') "
		"  FROM bp.area ORDER BY code, indeling_year", 0, NULL, &r, err);
	if (rc)
		return rc;
	for (int i = 0; i < PQntuples(r); i++) {
		const char *code = bp_arena_strdup(a, PQgetvalue(r, i, 0));
		int year;
		if ((rc = bp_pg_int(r, i, 1, &year, err))) {
			PQclear(r);
			return rc;
		}
		const char *gm = bp_arena_strdup(a, PQgetvalue(r, i, 2));
		area_info *ai = g_hash_table_lookup(out->newest, code);
		if (!ai) {
			ai = bp_arena_alloc(a, sizeof(*ai));
			g_hash_table_insert(out->newest, (gpointer)code, ai);
		}
		ai->newest = year;      /* rows come oldest first */
		ai->gemeente = gm;
		g_hash_table_insert(out->in_year, bp_arena_printf(a, "%s\x1f%d", code, year), (gpointer)gm);
	}
	PQclear(r);
	return BP_OK;
}

static void check_text(ctx *c, const bp_privacy *pv, const rec *r, int f)
{
	if (!r->v[f])
		return;
	size_t at;
	bp_privacy_kind k = bp_privacy_scan(pv, r->v[f], &at);
	if (k == BP_PRIVACY_NONE)
		return;
	/* The value itself is not repeated: error output may end up in logs. */
	problem(c, r, f, bp_arena_printf(c->a, "the %s holds %s (at character %zu): leave personal data out",
	                                 r->label[f], bp_privacy_kind_text(k), at + 1));
}

static void check_rec(ctx *c, const areas *ar, const bp_privacy *pv, const rec *r, good *g, int *ok)
{
	size_t before = c->n_probs;
	memset(g, 0, sizeof(*g));
	g->r = r;
	if (c->is_csv && r->nfields != c->header_n) {
		problem(c, r, -1, bp_arena_printf(c->a, "the row has %zu fields, the header %zu", r->nfields, c->header_n));
		*ok = 0;
		return;
	}
	for (int f = 0; f < F_COUNT; f++)
		if (required[f] && !r->v[f])
			problem(c, r, f, f == F_CONSENT
			                 ? "no consent given: every row must say ja or nee (nee: kept, never published)"
			                 : bp_arena_printf(c->a, "no %s", r->label[f] ? r->label[f] : names_en[f]));

	if (r->v[F_INDELING]) {
		const char *s = r->v[F_INDELING];
		if (strlen(s) != 4 || !g_ascii_isdigit(s[0]) || !g_ascii_isdigit(s[1]) || !g_ascii_isdigit(s[2]) ||
		    !g_ascii_isdigit(s[3]))
			problem(c, r, F_INDELING, bp_arena_printf(c->a, "the indeling is not a year: '%s'", s));
		else
			g->year = atoi(s);
	}
	if (r->v[F_AREA]) {
		const char *s = r->v[F_AREA];
		/* A CBS code as CBS writes it; anything else names a custom area. */
		bp_area_code code;
		const char *key = s;
		if (bp_area_code_parse(s, strlen(s), &code) == 0)
			key = bp_arena_strdup(c->a, code.code);
		else if (valid_id(s))
			key = bp_arena_printf(c->a, "CU%s", s);
		area_info *ai = g_hash_table_lookup(ar->newest, key);
		if (!ai) {
			problem(c, r, F_AREA, bp_arena_printf(c->a, "unknown area code '%s' (no such area in the database)", s));
		} else if (g->year) {
			const char *gm = g_hash_table_lookup(ar->in_year, bp_arena_printf(c->a, "%s\x1f%d", key, g->year));
			if (!gm)
				problem(c, r, F_AREA, bp_arena_printf(c->a, "unknown area code '%s' in indeling %d", s, g->year));
			g->gemeente = gm;
		} else {
			g->year = ai->newest;
			g->gemeente = ai->gemeente;
		}
		g->area = key;
	}
	if (r->v[F_DATE]) {
		if (!valid_date(r->v[F_DATE]))
			problem(c, r, F_DATE, bp_arena_printf(c->a, "not a date written JJJJ-MM-DD: '%s'", r->v[F_DATE]));
		g->date = r->v[F_DATE];
	}
	if (r->v[F_THEME]) {
		int i = one_of(r->v[F_THEME], themes);
		if (i < 0)
			problem(c, r, F_THEME, bp_arena_printf(c->a, "unknown theme '%s' (sociale-veerkracht, participatie, "
			                                             "demografie, sociaal-economisch, zorg-en-gezondheid, "
			                                             "voorzieningen)", r->v[F_THEME]));
		else
			g->theme = themes[i];
	}
	if (r->v[F_ROLE]) {
		char *low = g_ascii_strdown(r->v[F_ROLE], -1);
		int i = one_of(low, roles);
		g_free(low);
		if (i < 0)
			problem(c, r, F_ROLE, bp_arena_printf(c->a, "unknown role '%s' (bewoner, professional, raadslid, "
			                                            "vrijwilliger)", r->v[F_ROLE]));
		else
			g->role = roles[i];
	}
	if (r->v[F_KIND]) {
		static const char *const kinds[] = { "story", "quote", "rating", "verhaal", "citaat", "waardering", NULL };
		char *low = g_ascii_strdown(r->v[F_KIND], -1);
		int i = one_of(low, kinds);
		g_free(low);
		if (i < 0)
			problem(c, r, F_KIND, bp_arena_printf(c->a, "unknown kind '%s' (story, quote, rating; or verhaal, "
			                                            "citaat, waardering)", r->v[F_KIND]));
		else
			g->kind = kinds[i % 3];
	}
	if (r->v[F_RATING]) {
		const char *s = r->v[F_RATING];
		char *end;
		long v = strtol(s, &end, 10);
		if (*end || end == s || v < 1 || v > 10)
			problem(c, r, F_RATING, bp_arena_printf(c->a, "the rating must be a whole number from 1 to 10, not '%s'", s));
		else
			g->rating = (int)v;
	}
	if (g->kind && strcmp(g->kind, "rating") == 0 && !r->v[F_RATING])
		problem(c, r, r->ix[F_RATING] >= 0 || r->fl[F_RATING] ? F_RATING : F_KIND,
		        "a rating needs a waardering from 1 to 10");
	if (g->kind && strcmp(g->kind, "rating") != 0 && !r->v[F_TEXT])
		problem(c, r, r->ix[F_TEXT] >= 0 || r->fl[F_TEXT] ? F_TEXT : F_KIND,
		        bp_arena_printf(c->a, "a %s needs a text", g->kind));
	if (r->v[F_CONSENT] && parse_bool(r->v[F_CONSENT], &g->consent))
		problem(c, r, F_CONSENT, bp_arena_printf(c->a, "consent must be ja or nee, not '%s'", r->v[F_CONSENT]));
	g->example = c->default_example;
	if (r->v[F_EXAMPLE] && parse_bool(r->v[F_EXAMPLE], &g->example))
		problem(c, r, F_EXAMPLE, bp_arena_printf(c->a, "example must be ja or nee, not '%s'", r->v[F_EXAMPLE]));
	if (r->v[F_INTERVENTION] && !valid_id(r->v[F_INTERVENTION]))
		problem(c, r, F_INTERVENTION, bp_arena_printf(c->a, "not an intervention id: '%s'", r->v[F_INTERVENTION]));
	check_text(c, pv, r, F_TEXT);
	check_text(c, pv, r, F_SOURCE);
	*ok = c->n_probs == before;
}

/* ------------------------------------------------------------------ load */

static bp_rc load(PGconn *conn, const ctx *c, const good *g, size_t n, const char *collection,
                  const char *location, const char *checksum, bp_experiences_result *res, bp_error *err)
{
	PGresult *r = NULL;
	bp_buf b;
	bp_buf_init(&b);
	char id_s[32], rows_s[32];
	snprintf(rows_s, sizeof(rows_s), "%zu", n);
	bp_rc rc = bp_pg_exec(conn, "BEGIN", err);
	if (rc)
		goto out;
	long existing = 0;
	if ((rc = bp_load_lock_checksum(conn, checksum, "experiences", &existing, err)))
		goto out;
	if (existing) {
		res->already_loaded = 1;
		res->source_id = existing;
		rc = bp_pg_exec(conn, "COMMIT", err);
		goto out;
	}
	/* Two files of one collection at once: the second waits, then replaces. */
	if ((rc = bp_load_lock(conn, bp_arena_printf(c->a, "experiences:%s", collection), err)))
		goto out;
	{
		const char *p[] = { collection };
		if ((rc = bp_pg_query(conn,
			"WITH d AS (DELETE FROM bp.experience WHERE collection = $1 RETURNING 1) SELECT count(*) FROM d",
			1, p, &r, err)))
			goto out;
		rc = bp_pg_long(r, 0, 0, &res->replaced, err);
		PQclear(r);
		r = NULL;
		if (rc)
			goto out;
		if ((rc = bp_pg_query(conn,
			"DELETE FROM bp.source s WHERE importer = 'experiences' AND table_id = $1 "
			"   AND NOT EXISTS (SELECT 1 FROM bp.experience e WHERE e.source_id = s.id)", 1, p, &r, err)))
			goto out;
		PQclear(r);
		r = NULL;
	}
	{
		const char *title = c->title ? c->title : bp_arena_printf(c->a, "Ervaringen (%s)", collection);
		const char *publisher = c->publisher ? c->publisher : "eigen verzameling";
		const char *p[] = { publisher, collection, title, location, checksum, rows_s };
		if ((rc = bp_pg_query(conn,
			"INSERT INTO bp.source (publisher, table_id, title, location, checksum, licence, importer, row_count) "
			"VALUES ($1, $2, $3, $4, $5, 'eigen gegevens; gepubliceerd alleen met toestemming', 'experiences', $6) "
			"RETURNING id", 6, p, &r, err)))
			goto out;
		rc = bp_pg_long(r, 0, 0, &res->source_id, err);
		PQclear(r);
		r = NULL;
		if (rc)
			goto out;
	}
	snprintf(id_s, sizeof(id_s), "%ld", res->source_id);
	for (size_t i = 0; i < n; i++) {
		const good *e = &g[i];
		bp_buf_printf(&b, "%s\t%ld\t%ld\t", id_s, e->r->row, e->r->line);
		bp_load_copy_field(&b, collection);
		bp_buf_addc(&b, '\t');
		bp_load_copy_field(&b, e->area);
		bp_buf_printf(&b, "\t%d\t", e->year);
		bp_load_copy_field(&b, e->gemeente && *e->gemeente ? e->gemeente : NULL);
		bp_buf_printf(&b, "\t%s\t%s\t%s\t%s\t", e->theme, e->date, e->role, e->kind);
		bp_load_copy_field(&b, e->r->v[F_TEXT]);
		if (e->rating)
			bp_buf_printf(&b, "\t%d", e->rating);
		else
			bp_buf_adds(&b, "\t\\N");
		bp_buf_printf(&b, "\t%s\t%s\t", e->consent ? "t" : "f", e->example ? "t" : "f");
		bp_load_copy_field(&b, e->r->v[F_SOURCE]);
		bp_buf_addc(&b, '\t');
		bp_load_copy_field(&b, e->r->v[F_INTERVENTION]);
		bp_buf_addc(&b, '\n');
		res->consented += e->consent;
		res->examples += e->example;
	}
	if ((rc = bp_load_copy(conn,
		"COPY bp.experience (source_id, row_number, line, collection, area_code, indeling_year, gemeente_code, "
		"theme, date, role, kind, text, rating, consent, example, source_note, intervention_id) FROM STDIN",
		&b, err)))
		goto out;
	res->loaded = (long)n;
	rc = bp_pg_exec(conn, "COMMIT", err);
out:
	if (rc) {
		bp_pg_rollback(conn);
		res->loaded = res->consented = res->examples = res->replaced = 0;
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

static void destroy_privacy(void *p)
{
	bp_privacy_free(p);
}

static int is_yaml(const char *path)
{
	return g_str_has_suffix(path, ".yaml") || g_str_has_suffix(path, ".yml");
}

bp_rc bp_import_experiences(PGconn *conn, const bp_experiences_options *opt, bp_arena *out,
                            bp_experiences_result *res, bp_error *err)
{
	memset(res, 0, sizeof(*res));
	bp_arena *a = bp_arena_new();
	ctx c = { .a = a, .out = out, .path = opt->path, .is_csv = !is_yaml(opt->path) };
	char *data = NULL;
	size_t len = 0;
	char checksum[65];
	bp_privacy *pv = NULL;
	bp_rc rc = bp_file_read_all(opt->path, a, &data, &len, err);
	if (rc)
		goto out;
	bp_sha256_hex(data, len, checksum);
	if ((rc = c.is_csv ? read_csv(&c, data, len, err) : read_yaml(&c, err)))
		goto out;
	res->rows = (long)c.n_recs;
	if (c.n_recs == 0) {
		bp_error_at(err, opt->path, c.is_csv ? c.header_line : 1, 1);
		rc = bp_fail(err, BP_ERR_PARSE, "the file has no experiences");
		goto out;
	}
	if ((rc = bp_privacy_new(&pv, err)))
		goto out;
	bp_arena_on_free(a, destroy_privacy, pv);
	areas ar = { g_hash_table_new(g_str_hash, g_str_equal), g_hash_table_new(g_str_hash, g_str_equal) };
	bp_arena_on_free(a, destroy_hash, ar.newest);
	bp_arena_on_free(a, destroy_hash, ar.in_year);
	/* No connection (tests/fuzz): every row is checked against no areas at all. */
	if (conn && (rc = load_areas(conn, a, &ar, err)))
		goto out;

	good *g = bp_arena_alloc(a, c.n_recs * sizeof(*g));
	size_t n = 0;
	for (size_t i = 0; i < c.n_recs; i++) {
		int ok = 0;
		/* A YAML item that is no mapping has nothing to check; one with a bad
		 * key is checked for the rest, so that every problem is listed. */
		if (c.recs[i].bad != 2)
			check_rec(&c, &ar, pv, &c.recs[i], &g[n], &ok);
		if (ok && !c.recs[i].bad)
			n++;
	}
	res->problems = c.probs;
	res->n_problems = c.n_probs;
	if (c.n_probs) {
		/* In file order: a YAML key problem was found before its row's checks. */
		qsort(c.probs, c.n_probs, sizeof(*c.probs), problem_order);
		if (!opt->skip_invalid) {
			rc = reject(&c, c.n_recs, err);
			if (g_hash_table_size(ar.newest) == 0)
				bp_error_hint(err, "the database has no areas: import the KWB first");
			goto out;
		}
		res->skipped = (long)(c.n_recs - n);
		if (n == 0) {
			rc = reject(&c, c.n_recs, err);
			bp_error_hint(err, "no row is valid, so --skip-invalid has nothing to load");
			goto out;
		}
	}
	if (!conn)
		goto out;
	char *location = realpath(opt->path, NULL);
	char *collection = g_path_get_basename(opt->path);
	rc = load(conn, &c, g, n, collection, location ? location : opt->path, checksum, res, err);
	g_free(collection);
	free(location);
out:
	bp_arena_free(a);
	return rc;
}
