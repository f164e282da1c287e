#include "report/cite.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "db/pgutil.h"
#include "report/areadata.h"

static int is_survey(const bp_indicator_def *d)
{
	return d->kind == BP_KIND_SURVEY_PROPORTION || d->kind == BP_KIND_SURVEY_MEAN;
}

/* One source per key (the source id, or the survey's); found or made. */
typedef struct src_table {
	size_t n;
	const char **key;
	bp_cite_src **src;
} src_table;

static const bp_cite_src *intern(bp_arena *a, src_table *t, size_t cap, const char *key, const char *publisher,
                                 const char *head, const char *licence)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->key[i], key) == 0)
			return t->src[i];
	if (t->n >= cap)
		return NULL;
	bp_cite_src *s = bp_arena_alloc(a, sizeof(*s));
	s->publisher = bp_arena_strdup(a, publisher);
	s->head = bp_arena_strdup(a, head);
	s->licence = licence && *licence ? bp_arena_strdup(a, licence) : NULL;
	t->key[t->n] = bp_arena_strdup(a, key);
	t->src[t->n++] = s;
	return s;
}

bp_rc bp_cite_index_load(PGconn *conn, const char *gemeente, const bp_indicator_def *const *defs, size_t n,
                         bp_lang lang, bp_arena *a, bp_cite_index *out, bp_error *err)
{
	memset(out, 0, sizeof(*out));
	out->defs = defs;
	out->n_defs = n;
	/* Every variable of every definition, and which definitions read it. */
	const char ***vars = bp_arena_alloc(a, (n + 1) * sizeof(*vars));
	size_t *n_vars = bp_arena_alloc(a, (n + 1) * sizeof(size_t));
	size_t total = 0;
	for (size_t k = 0; k < n; k++) {
		n_vars[k] = is_survey(defs[k]) ? 0 : bp_indicator_variables(defs[k], a, &vars[k]);
		total += n_vars[k];
	}
	const char **all = bp_arena_alloc(a, (total + 1) * sizeof(*all));
	size_t na = 0;
	for (size_t k = 0; k < n; k++)
		for (size_t j = 0; j < n_vars[k]; j++)
			all[na++] = vars[k][j];

	/* Per variable and period the newest vintage of each table that has it
	 * in the gemeente (what bp.observation_current computes from); distinct
	 * rows first, so the sort is over a few hundred rows, not every cell. */
	PGresult *r = NULL;
	const char *p[] = { gemeente, bp_pg_text_array(a, all, na), bp_lang_code(lang) };
	bp_rc rc = bp_pg_query(conn,
		"WITH u AS (SELECT DISTINCT o.variable_code, o.period, o.source_id FROM bp.observation_all o "
		"            WHERE o.gemeente_code = $1 AND o.variable_code = ANY($2::text[])) "
		"SELECT DISTINCT ON (u.variable_code, u.period, s.publisher, coalesce(s.table_id, s.title)) "
		"       u.variable_code, u.period, s.id, s.publisher, " BP_SQL_SOURCE_HEAD("s") ", " BP_SQL_SOURCE_LICENCE_IN("s", "$3") " "
		"  FROM u JOIN bp.source s ON s.id = u.source_id "
		" ORDER BY u.variable_code, u.period, s.publisher, coalesce(s.table_id, s.title), "
		"          s.retrieved_at DESC, s.id DESC", 3, p, &r, err);
	if (rc)
		return rc;
	int nr = PQntuples(r);
	PGresult *rs = NULL;
	const char *ps[] = { gemeente, bp_lang_code(lang) };
	/* A survey's figures cite the survey by name, and say when it is made up. */
	rc = bp_pg_query(conn,
		"SELECT sv.name, sv.period, 'survey:' || sv.id, s.publisher, "
		"       s.publisher || ', ' || sv.title || CASE WHEN sv.synthetic THEN ' (" BP_CITE_SYNTHETIC_NL ")' ELSE '' END, "
		"       " BP_SQL_SOURCE_LICENCE_IN("s", "$2") " "
		"  FROM bp.survey sv JOIN bp.source s ON s.id = sv.source_id WHERE sv.gemeente_code = $1 "
		" ORDER BY sv.period, sv.id", 2, ps, &rs, err);
	if (rc) {
		PQclear(r);
		return rc;
	}
	int ns = PQntuples(rs);
	size_t cap_src = (size_t)nr + (size_t)ns + 1;
	src_table t = { 0, bp_arena_alloc(a, cap_src * sizeof(char *)), bp_arena_alloc(a, cap_src * sizeof(void *)) };
	/* Each row may serve several definitions: at most n per row. */
	size_t cap = ((size_t)nr + (size_t)ns) * (n ? n : 1) + 1;
	out->uses = bp_arena_alloc(a, cap * sizeof(*out->uses));
	for (int i = 0; i < nr; i++) {
		const char *var = PQgetvalue(r, i, 0);
		const bp_cite_src *s = intern(a, &t, cap_src, PQgetvalue(r, i, 2), PQgetvalue(r, i, 3),
		                              PQgetvalue(r, i, 4), PQgetvalue(r, i, 5));
		const char *period = NULL;
		for (size_t k = 0; k < n; k++) {
			int reads = 0;
			for (size_t j = 0; j < n_vars[k] && !reads; j++)
				reads = strcmp(vars[k][j], var) == 0;
			if (!reads)
				continue;
			int dup = 0;   /* a definition reading two variables of one table cites it once */
			for (size_t u = 0; u < out->n_uses && !dup; u++)
				dup = out->uses[u].def == k && out->uses[u].src == s &&
				      strcmp(out->uses[u].period, PQgetvalue(r, i, 1)) == 0;
			if (dup)
				continue;
			if (!period)
				period = bp_arena_strdup(a, PQgetvalue(r, i, 1));
			out->uses[out->n_uses++] = (bp_cite_use){ k, period, s };
		}
	}
	for (int i = 0; i < ns; i++) {
		const bp_cite_src *s = intern(a, &t, cap_src, PQgetvalue(rs, i, 2), PQgetvalue(rs, i, 3),
		                              PQgetvalue(rs, i, 4), PQgetvalue(rs, i, 5));
		for (size_t k = 0; k < n; k++)
			if (is_survey(defs[k]) && defs[k]->survey && strcmp(defs[k]->survey, PQgetvalue(rs, i, 0)) == 0)
				out->uses[out->n_uses++] = (bp_cite_use){ k, bp_arena_strdup(a, PQgetvalue(rs, i, 1)), s };
	}
	PQclear(r);
	PQclear(rs);
	return BP_OK;
}

void bp_cite_init(bp_cite *c, const bp_cite_index *ix, bp_arena *a)
{
	memset(c, 0, sizeof(*c));
	c->ix = ix;
	c->a = a;
}

/* src in period, cited as model estimates when model is set (one use of a source may be, another not). */
static void add_src(bp_cite *c, const bp_cite_src *src, const char *period, int model)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->src[i].head, src->head) == 0 &&
		    (c->period[i] == period || (c->period[i] && period && strcmp(c->period[i], period) == 0))) {
			c->src[i].model |= model;
			return;
		}
	if (c->n == c->cap) {
		/* The arena has no realloc: a chart cites a handful, so copying is cheap. */
		size_t cap = c->cap ? 2 * c->cap : 8;
		bp_cite_src *s = bp_arena_alloc(c->a, cap * sizeof(*s));
		const char **p = bp_arena_alloc(c->a, cap * sizeof(*p));
		if (c->n) {
			memcpy(s, c->src, c->n * sizeof(*s));
			memcpy(p, c->period, c->n * sizeof(*p));
		}
		c->src = s;
		c->period = p;
		c->cap = cap;
	}
	c->src[c->n] = *src;
	c->src[c->n].model = model;
	c->period[c->n++] = period;
}

void bp_cite_add(bp_cite *c, const bp_cite_src *src, const char *period)
{
	add_src(c, src, period, src->model);
}

void bp_cite_def(bp_cite *c, const bp_indicator_def *d, const char *period)
{
	int found = 0, model = bp_def_is_model_estimate(d);
	for (size_t k = 0; c->ix && k < c->ix->n_defs; k++) {
		if (c->ix->defs[k] != d && strcmp(c->ix->defs[k]->id, d->id) != 0)
			continue;
		for (size_t u = 0; u < c->ix->n_uses; u++) {
			const bp_cite_use *x = &c->ix->uses[u];
			if (x->def != k || (period && strcmp(x->period, period) != 0))
				continue;
			add_src(c, x->src, x->period, model);
			found = 1;
		}
	}
	if (!found) {
		/* No observation found (a value computed elsewhere, an older
		 * indeling): the definition's own citation, with the period shown.
		 * Without one (indicator files require `source`; a definition built
		 * in code may lack it), say so rather than name a source. */
		const char *own = d->source ? d->source : bp_tr(c->lang, "bron onbekend");
		bp_cite_src s = { own, own, NULL, model };
		add_src(c, &s, period, model);
	}
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The distinct non-NULL periods among entries i with head (NULL: all), sorted; returns their number. */
static size_t periods_of(const bp_cite *c, const char *head, const char **out)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (!c->period[i] || (head && strcmp(c->src[i].head, head) != 0))
			continue;
		int seen = 0;
		for (size_t j = 0; j < n && !seen; j++)
			seen = strcmp(out[j], c->period[i]) == 0;
		if (!seen)
			out[n++] = c->period[i];
	}
	qsort(out, n, sizeof(*out), cmp_str);
	return n;
}

/* "a", "a en b", "a, b en c" */
static void add_list(bp_buf *b, const char *const *items, size_t n, bp_lang lang)
{
	const char *and = lang == BP_LANG_EN ? " and " : " en ";
	for (size_t i = 0; i < n; i++)
		bp_buf_printf(b, "%s%s", i == 0 ? "" : i + 1 == n ? and : ", ", items[i]);
}

const char *bp_cite_sources(const bp_cite *c)
{
	bp_buf b;
	bp_buf_init(&b);
	const char **per = bp_arena_alloc(c->a, (c->n + 1) * sizeof(*per));
	for (size_t i = 0; i < c->n; i++) {
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(c->src[j].head, c->src[i].head) == 0;
		if (seen)
			continue;
		bp_buf_printf(&b, "%s%s", b.len ? "; " : "", c->src[i].head);
		int model = 0;   /* any use of this source */
		for (size_t j = i; j < c->n && !model; j++)
			model = c->src[j].model && strcmp(c->src[j].head, c->src[i].head) == 0;
		if (model)
			bp_buf_adds(&b, bp_tr(c->lang, BP_CITE_MODEL_NL));
		size_t np = periods_of(c, c->src[i].head, per);
		if (np) {
			bp_buf_adds(&b, ", ");
			add_list(&b, per, np, c->lang);
		}
		if (c->src[i].licence)
			bp_buf_printf(&b, ", %s", c->src[i].licence);
	}
	const char *s = bp_arena_strdup(c->a, b.len ? b.data : "");
	bp_buf_release(&b);
	return s;
}

/* The Dutch words added to citations, longest first (one may hold another),
 * and the microdata licence a survey mapping gives by default and the
 * shipped one names (surveys/burgerpeiling-2022.yaml). */
static const char *const ADDED_NL[] = {
	BP_CITE_SYNTHETIC_NOTE_NL,
	(" (" BP_CITE_SYNTHETIC_NL ")"),
	(", " BP_SURVEY_LICENCE_NL),
	BP_CITE_MODEL_NL,
};

const char *bp_cite_sources_lang(bp_arena *a, const char *sources, bp_lang lang)
{
	if (lang == BP_LANG_NL || !sources)
		return sources;
	const char *s = sources;
	for (size_t k = 0; k < sizeof(ADDED_NL) / sizeof(*ADDED_NL); k++) {
		const char *nl = ADDED_NL[k], *p = s, *at;
		if (!strstr(s, nl))
			continue;
		bp_buf b;
		bp_buf_init(&b);
		for (; (at = strstr(p, nl)) != NULL; p = at + strlen(nl))
			bp_buf_printf(&b, "%.*s%s", (int)(at - p), p, bp_tr(lang, nl));
		bp_buf_adds(&b, p);
		s = bp_arena_strdup(a, b.data);
		bp_buf_release(&b);
	}
	return s;
}

/* The length of the piece of a citation list at s: up to "; " outside parentheses and not followed by
 * a digit, or the end.  A citation starts with its publisher's name; "; 2012/2016/2020" is the rest of
 * a title (RIVM's "Gezondheid per wijk en buurt; 2012/2016/2020 (indeling 2020)"), and a piece cut
 * there would, cited with other periods than the first time, be added without its publisher. */
static size_t piece_len(const char *s)
{
	int depth = 0;
	size_t i = 0;
	for (; s[i]; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		else if (depth == 0 && s[i] == ';' && s[i + 1] == ' ' && !(s[i + 2] >= '0' && s[i + 2] <= '9'))
			break;
	}
	/* The synthetic note belongs to the survey named before it. */
	if (s[i] && strncmp(s + i + 2, BP_CITE_SYNTHETIC_NOTE_NL, strlen(BP_CITE_SYNTHETIC_NOTE_NL)) == 0)
		i += 2 + piece_len(s + i + 2);
	return i;
}

/* Whether the list b holds the piece p (len bytes) whole. */
static int holds_piece(const bp_buf *b, const char *p, size_t len)
{
	for (const char *s = b->len ? b->data : ""; *s;) {
		size_t n = piece_len(s);
		if (n == len && memcmp(s, p, len) == 0)
			return 1;
		s += n;
		if (*s)
			s += 2;
	}
	return 0;
}

void bp_cite_sources_union(bp_buf *b, const char *list)
{
	for (const char *s = list ? list : ""; *s;) {
		size_t n = piece_len(s);
		if (n && !holds_piece(b, s, n))
			bp_buf_printf(b, "%s%.*s", b->len ? "; " : "", (int)n, s);
		s += n;
		if (*s)
			s += 2;
	}
}

const char *bp_cite_line(const bp_cite *c)
{
	const char *s = bp_cite_sources_lang(c->a, bp_cite_sources(c), c->lang);
	if (c->lang == BP_LANG_EN)
		return *s ? bp_arena_printf(c->a, "Source: %s; processed by buurtpeil", s) : "Source: processed by buurtpeil";
	return *s ? bp_arena_printf(c->a, "Bron: %s; bewerking buurtpeil", s) : "Bron: bewerking buurtpeil";
}

const char *bp_cite_periods(const bp_cite *c)
{
	const char **per = bp_arena_alloc(c->a, (c->n + 1) * sizeof(*per));
	size_t np = periods_of(c, NULL, per);
	if (np <= 1)
		return np ? per[0] : "";
	/* Mixed periods: each with the publishers of its figures, unless one
	 * publisher has them all ("2022 en 2024", not "2022 (CBS) en 2024 (CBS)"). */
	int one = 1;
	for (size_t i = 1; i < c->n && one; i++)
		one = strcmp(c->src[i].publisher, c->src[0].publisher) == 0;
	if (one) {
		bp_buf b;
		bp_buf_init(&b);
		add_list(&b, per, np, c->lang);
		const char *s = bp_arena_strdup(c->a, b.data);
		bp_buf_release(&b);
		return s;
	}
	const char **items = bp_arena_alloc(c->a, (np + 1) * sizeof(*items));
	const char **pubs = bp_arena_alloc(c->a, (c->n + 1) * sizeof(*pubs));
	for (size_t k = 0; k < np; k++) {
		size_t npub = 0;
		for (size_t i = 0; i < c->n; i++) {
			if (!c->period[i] || strcmp(c->period[i], per[k]) != 0)
				continue;
			int seen = 0;
			for (size_t j = 0; j < npub && !seen; j++)
				seen = strcmp(pubs[j], c->src[i].publisher) == 0;
			if (!seen)
				pubs[npub++] = c->src[i].publisher;
		}
		bp_buf b;
		bp_buf_init(&b);
		bp_buf_printf(&b, "%s (", per[k]);
		add_list(&b, pubs, npub, c->lang);
		bp_buf_adds(&b, ")");
		items[k] = bp_arena_strdup(c->a, b.data);
		bp_buf_release(&b);
	}
	bp_buf b;
	bp_buf_init(&b);
	add_list(&b, items, np, c->lang);
	const char *s = bp_arena_strdup(c->a, b.data);
	bp_buf_release(&b);
	return s;
}

/* A period as a citation lists it: a digit first, no space ("2020", "2022-2023"). */
static int is_period(const char *s, size_t n)
{
	if (!n || s[0] < '0' || s[0] > '9')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ' ' || s[i] == '(' || s[i] == ';')
			return 0;
	return 1;
}

/* One citation cut around its periods: head ("RIVM, ..., modelschatting"), tail (", CC BY 4.0"), and
 * the periods; n_per 0: none found (the citation is kept whole). */
typedef struct cite_piece {
	const char *head, *tail;
	size_t head_len;
	const char **per;
	size_t n_per;
} cite_piece;

/* Adds period p (n bytes) to c unless it holds it. */
static void piece_add_period(bp_arena *a, cite_piece *c, const char *p, size_t n, size_t cap)
{
	for (size_t i = 0; i < c->n_per; i++)
		if (strlen(c->per[i]) == n && memcmp(c->per[i], p, n) == 0)
			return;
	if (c->n_per < cap)
		c->per[c->n_per++] = bp_arena_strndup(a, p, n);
}

/* The part of s (len bytes) at *pos up to ", " outside parentheses; *pos after it. */
static size_t next_part(const char *s, size_t len, size_t *pos)
{
	int depth = 0;
	size_t i = *pos;
	for (; i < len; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		else if (depth == 0 && s[i] == ',' && i + 1 < len && s[i + 1] == ' ')
			break;
	}
	size_t n = i - *pos;
	*pos = i < len ? i + 2 : len;
	return n;
}

static void cut_piece(bp_arena *a, const char *s, size_t len, cite_piece *c)
{
	size_t cap = 64;
	memset(c, 0, sizeof(*c));
	c->per = bp_arena_alloc(a, cap * sizeof(*c->per));
	size_t pos = 0, start = 0, end = 0;
	int in_run = 0, done = 0;
	while (pos < len && !done) {
		size_t at = pos, n = next_part(s, len, &pos);
		/* "2016 en 2020" / "2016 and 2020": the last two of the list */
		const char *p = s + at, *and = NULL;
		size_t and_len = 0;
		for (size_t k = 0; k + 4 <= n && !and; k++) {
			if (memcmp(p + k, " en ", 4) == 0)
				and = p + k, and_len = 4;
			else if (k + 5 <= n && memcmp(p + k, " and ", 5) == 0)
				and = p + k, and_len = 5;
		}
		int period = and ? is_period(p, (size_t)(and - p)) && is_period(and + and_len, n - (size_t)(and - p) - and_len)
		                 : is_period(p, n);
		if (period) {
			if (!in_run)
				start = at, in_run = 1;
			if (and) {
				piece_add_period(a, c, p, (size_t)(and - p), cap);
				piece_add_period(a, c, and + and_len, n - (size_t)(and - p) - and_len, cap);
			} else {
				piece_add_period(a, c, p, n, cap);
			}
			end = at + n;
		} else if (in_run) {
			done = 1;
		}
	}
	if (!in_run || start < 2) {
		c->n_per = 0;
		c->head = s, c->head_len = len, c->tail = "";
		return;
	}
	c->head = s;
	c->head_len = start - 2;   /* without the ", " before the periods */
	c->tail = bp_arena_strndup(a, s + end, len - end);
}

const char *bp_cite_sources_merged(bp_arena *a, const char *list, bp_lang lang)
{
	if (!list)
		return NULL;
	size_t cap = 8, n = 0;
	cite_piece *pc = bp_arena_alloc(a, cap * sizeof(*pc));
	for (const char *s = list; *s;) {
		size_t len = piece_len(s);
		cite_piece c;
		cut_piece(a, s, len, &c);
		size_t k = 0;
		for (; k < n; k++)
			if (c.n_per && pc[k].n_per && pc[k].head_len == c.head_len &&
			    memcmp(pc[k].head, c.head, c.head_len) == 0 && strcmp(pc[k].tail, c.tail) == 0)
				break;
		if (k < n) {
			for (size_t i = 0; i < c.n_per; i++)
				piece_add_period(a, &pc[k], c.per[i], strlen(c.per[i]), 64);
		} else if (len) {
			if (n == cap) {
				cite_piece *more = bp_arena_alloc(a, 2 * cap * sizeof(*pc));
				memcpy(more, pc, n * sizeof(*pc));
				pc = more, cap *= 2;
			}
			pc[n++] = c;
		}
		s += len;
		if (*s)
			s += 2;
	}
	bp_buf b;
	bp_buf_init(&b);
	for (size_t k = 0; k < n; k++) {
		bp_buf_printf(&b, "%s%.*s", k ? "; " : "", (int)pc[k].head_len, pc[k].head);
		if (pc[k].n_per) {
			qsort(pc[k].per, pc[k].n_per, sizeof(*pc[k].per), cmp_str);
			bp_buf_adds(&b, ", ");
			add_list(&b, pc[k].per, pc[k].n_per, lang);
			bp_buf_adds(&b, pc[k].tail);
		}
	}
	const char *out = bp_arena_strdup(a, b.len ? b.data : "");
	bp_buf_release(&b);
	return out;
}
