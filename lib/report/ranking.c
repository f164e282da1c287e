#include "report/ranking.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/pgutil.h"
#include "engine/compute.h"
#include "report/areadata.h"
#include "report/cite.h"

static void fill_row(bp_arena *a, const PGresult *r, int i, bp_ranking_row *row)
{
	row->code = bp_arena_strdup(a, PQgetvalue(r, i, 0));
	row->name = bp_arena_strdup(a, PQgetvalue(r, i, 1));
	row->value = bp_area_cell(r, i, 2);
	row->numerator = bp_area_cell(r, i, 3);
	row->denominator = bp_area_cell(r, i, 4);
	row->suppressed = PQgetisnull(r, i, 5) ? NULL : bp_arena_strdup(a, PQgetvalue(r, i, 5));
	/* An interval of a value that is not published is not published either. */
	row->ci_lo = isnan(row->value) ? NAN : bp_area_cell(r, i, 6);
	row->ci_hi = isnan(row->value) ? NAN : bp_area_cell(r, i, 7);
}

/* Values of the indicator for areas chosen by a WHERE clause on a (the area). */
static const char values_sql_head[] =
	"SELECT a.code, a.name, v.value, v.numerator, v.denominator, v.suppressed_reason, v.ci_low, v.ci_high "
	"  FROM bp.area a "
	"  LEFT JOIN bp.indicator_value v ON v.area_code = a.code AND v.indeling_year = a.indeling_year "
	"       AND v.indicator_id = $1 AND v.period = $2 "
	" WHERE a.indeling_year = $3::int AND ";

bp_rc bp_ranking_load(PGconn *conn, const bp_indicator_def *def, const char *gemeente,
                      const char *level, const char *period, bp_arena *a,
                      bp_ranking *out, bp_error *err)
{
	return bp_ranking_load_lang(conn, def, gemeente, level, period, BP_LANG_NL, a, out, err);
}

/*
 * The sources of a gemeente's rankings, read once: per variable, indeling
 * and period of the gemeente's observations the tables that fed them, in
 * the order the ranking's own statement takes them (publisher, table,
 * newest vintage first), so that a ranking picks its rows from here as
 * DISTINCT ON would.
 */
struct bp_ranking_cites {
	pthread_mutex_t lock;
	char *gemeente;
	bp_lang lang;
	char *variables;           /* text[] literal: the variables read */
	char **vars;               /* the same as strings [n_vars] */
	size_t n_vars;
	PGresult *r;               /* NULL: not read yet */
};

bp_ranking_cites *bp_ranking_cites_new(const char *gemeente, const bp_indicator_def *const *defs, size_t n,
                                       bp_lang lang)
{
	bp_ranking_cites *c = bp_xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	c->gemeente = bp_xstrdup(gemeente);
	c->lang = lang;
	bp_arena *t = bp_arena_new();
	const char **all = NULL;
	size_t na = 0;
	for (size_t k = 0; k < n; k++) {
		const char **v;
		size_t nv = bp_indicator_variables(defs[k], t, &v);
		const char **more = bp_arena_alloc(t, (na + nv + 1) * sizeof(*more));
		if (na)
			memcpy(more, all, na * sizeof(*more));
		memcpy(more + na, v, nv * sizeof(*more));
		all = more;
		na += nv;
	}
	c->variables = bp_xstrdup(bp_pg_text_array(t, all, na));
	c->vars = bp_xcalloc(na + 1, sizeof(*c->vars));
	for (size_t i = 0; i < na; i++)
		c->vars[c->n_vars++] = bp_xstrdup(all[i]);
	bp_arena_free(t);
	return c;
}

void bp_ranking_cites_free(bp_ranking_cites *c)
{
	if (!c)
		return;
	PQclear(c->r);
	free(c->gemeente);
	free(c->variables);
	for (size_t i = 0; i < c->n_vars; i++)
		free(c->vars[i]);
	free(c->vars);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* The columns of a ranking's sources, FROM the distinct source ids u (with variable, indeling and period), in
 * language LANG (a parameter). */
#define RANKING_SOURCES(U, LANG) \
	"SELECT s.publisher, " BP_SQL_SOURCE_HEAD("s") ", " BP_SQL_SOURCE_LICENCE_IN("s", LANG) ", " \
	"       coalesce(s.table_id, s.title), u.variable_code, u.indeling_year::text, u.period " \
	"  FROM (" U ") u JOIN bp.source s ON s.id = u.source_id "

/* The rows of r (RANKING_SOURCES, in its order) that cite the variables codes in year and period, as
 * DISTINCT ON (publisher, table) keeps them: the first of each table.  *rows in a, their number returned. */
static int pick_sources(const PGresult *r, const char *const *codes, size_t nc, const char *year, const char *period,
                        bp_arena *a, int **rows)
{
	int nr = PQntuples(r), n = 0;
	*rows = bp_arena_alloc(a, ((size_t)nr + 1) * sizeof(int));
	for (int i = 0; i < nr; i++) {
		if (strcmp(PQgetvalue(r, i, 5), year) != 0 || strcmp(PQgetvalue(r, i, 6), period) != 0)
			continue;
		int reads = 0;
		for (size_t j = 0; j < nc && !reads; j++)
			reads = strcmp(codes[j], PQgetvalue(r, i, 4)) == 0;
		if (!reads)
			continue;
		int last = n ? (*rows)[n - 1] : -1;
		if (last >= 0 && strcmp(PQgetvalue(r, last, 0), PQgetvalue(r, i, 0)) == 0 &&
		    strcmp(PQgetvalue(r, last, 3), PQgetvalue(r, i, 3)) == 0)
			continue;   /* an older vintage of the same table, or the same table for another variable */
		(*rows)[n++] = i;
	}
	return n;
}

/* Whether c has read (or will read) every one of codes for gemeente in lang. */
static int cites_cover(const bp_ranking_cites *c, const char *gemeente, bp_lang lang, const char *const *codes,
                       size_t nc)
{
	if (!c || c->lang != lang || strcmp(c->gemeente, gemeente) != 0)
		return 0;
	for (size_t j = 0; j < nc; j++) {
		int in = 0;
		for (size_t i = 0; i < c->n_vars && !in; i++)
			in = strcmp(c->vars[i], codes[j]) == 0;
		if (!in)
			return 0;
	}
	return 1;
}

/* The gemeente's source rows of c, read on first use (under its lock; each caller on its own connection). */
static bp_rc cites_rows(PGconn *conn, bp_ranking_cites *c, const PGresult **out, bp_error *err)
{
	bp_rc rc = BP_OK;
	pthread_mutex_lock(&c->lock);
	if (!c->r) {
		const char *p[] = { c->variables, c->gemeente, bp_lang_code(c->lang) };
		rc = bp_pg_query(conn, RANKING_SOURCES(
			"SELECT DISTINCT o.variable_code, o.indeling_year, o.period, o.source_id FROM bp.observation_all o "
			" WHERE o.variable_code = ANY($1::text[]) AND o.gemeente_code = $2", "$3")
			" ORDER BY s.publisher, coalesce(s.table_id, s.title), s.retrieved_at DESC, s.id DESC",
			3, p, &c->r, err);
	}
	*out = c->r;   /* written once, under the lock */
	pthread_mutex_unlock(&c->lock);
	return rc;
}

bp_rc bp_ranking_load_lang(PGconn *conn, const bp_indicator_def *def, const char *gemeente,
                           const char *level, const char *period, bp_lang lang, bp_arena *a,
                           bp_ranking *out, bp_error *err)
{
	return bp_ranking_load_cited(conn, def, gemeente, level, period, lang, NULL, a, out, err);
}

bp_rc bp_ranking_load_cited(PGconn *conn, const bp_indicator_def *def, const char *gemeente,
                            const char *level, const char *period, bp_lang lang, bp_ranking_cites *cites,
                            bp_arena *a, bp_ranking *out, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc;
	memset(out, 0, sizeof(*out));
	out->def = def;
	out->gemeente_code = bp_arena_strdup(a, gemeente);
	out->level = bp_arena_strdup(a, level ? level : "wijk");

	/* The period and indeling: the latest that has values for this gemeente. */
	{
		const char *p[] = { def->id, gemeente, period };
		rc = bp_pg_query(conn,
			"SELECT v.period, v.indeling_year, a.name FROM bp.indicator_value v "
			"  JOIN bp.area a ON a.code = v.area_code AND a.indeling_year = v.indeling_year "
			" WHERE v.indicator_id = $1 AND v.area_code = $2 AND ($3::text IS NULL OR v.period = $3) "
			" ORDER BY v.period DESC, v.indeling_year DESC LIMIT 1", 3, p, &r, err);
		if (rc)
			return rc;
		if (PQntuples(r) == 0) {
			PQclear(r);
			bp_fail(err, BP_ERR_NOT_FOUND, "no values of indicator %s for %s%s%s", def->id, gemeente,
			        period ? " in " : "", period ? period : "");
			bp_error_hint(err, "import data for this gemeente and run 'buurtpeil compute' first");
			return BP_ERR_NOT_FOUND;
		}
		out->period = bp_arena_strdup(a, PQgetvalue(r, 0, 0));
		if ((rc = bp_pg_int(r, 0, 1, &out->indeling_year, err))) {
			PQclear(r);
			return rc;
		}
		out->gemeente_name = bp_arena_strdup(a, PQgetvalue(r, 0, 2));
		PQclear(r);
		r = NULL;
	}
	char year[16];
	snprintf(year, sizeof(year), "%d", out->indeling_year);
	{
		/* Synthetic: what the engine stored with the values shown. */
		const char *p[] = { def->id, out->period, year, gemeente };
		rc = bp_pg_query(conn, "SELECT EXISTS (SELECT 1 FROM bp.indicator_value WHERE indicator_id = $1 "
		                       "AND period = $2 AND indeling_year = $3::int AND gemeente_code = $4 AND synthetic)",
		                 4, p, &r, err);
		if (rc)
			return rc;
		out->synthetic = PQgetvalue(r, 0, 0)[0] == 't';
		PQclear(r);
		r = NULL;
	}
	{
		const char *p[] = { def->id, out->period, year, gemeente, out->level };
		char *sql = bp_arena_printf(a, "%s a.gemeente_code = $4 AND a.level = $5::bp.area_level "
		                            "ORDER BY v.value DESC NULLS LAST, a.name, a.code", values_sql_head);
		rc = bp_pg_query(conn, sql, 5, p, &r, err);
		if (rc)
			return rc;
		out->n_rows = (size_t)PQntuples(r);
		out->rows = bp_arena_alloc(a, (out->n_rows + 1) * sizeof(*out->rows));
		for (size_t i = 0; i < out->n_rows; i++)
			fill_row(a, r, (int)i, &out->rows[i]);
		PQclear(r);
		r = NULL;
	}
	{
		const char *p[] = { def->id, out->period, year, gemeente };
		char *sql = bp_arena_printf(a, "%s a.code IN ($4, 'NL00') ORDER BY a.level", values_sql_head);
		rc = bp_pg_query(conn, sql, 4, p, &r, err);
		if (rc)
			return rc;
		out->land.value = out->gemeente.value = NAN;
		out->land.ci_lo = out->land.ci_hi = out->gemeente.ci_lo = out->gemeente.ci_hi = NAN;
		for (int i = 0; i < PQntuples(r); i++)
			fill_row(a, r, i, strcmp(PQgetvalue(r, i, 0), "NL00") == 0 ? &out->land : &out->gemeente);
		PQclear(r);
		r = NULL;
	}
	{
		const char *p[] = { def->numerator, def->denominator };
		rc = bp_pg_query(conn, "SELECT (SELECT title FROM bp.variable WHERE code = $1), "
		                       "(SELECT title FROM bp.variable WHERE code = $2)", 2, p, &r, err);
		if (rc)
			return rc;
		out->numerator_title = bp_arena_strdup(a, PQgetisnull(r, 0, 0) ? def->numerator : PQgetvalue(r, 0, 0));
		out->denominator_title = bp_arena_strdup(a, PQgetisnull(r, 0, 1) ? def->denominator : PQgetvalue(r, 0, 1));
		PQclear(r);
		r = NULL;
	}
	if (def->kind == BP_KIND_SURVEY_PROPORTION || def->kind == BP_KIND_SURVEY_MEAN) {
		out->numerator_title = "Gewogen aantal";
		out->denominator_title = "Gewogen respondenten";
		const char *cite = NULL;
		if ((rc = bp_report_survey_citation(conn, &def, 1, gemeente, a, &cite, err)))
			return rc;
		out->sources = cite ? cite : def->source;
		bp_cite_init(&out->cite, NULL, a);
		if (out->sources) {
			bp_cite_src src = { out->sources, out->sources, NULL };
			bp_cite_add(&out->cite, &src, NULL);
		}
		return BP_OK;
	}
	{
		/* Cite the sources whose observations fed this gemeente's values in
		 * the period shown: the variables inside the expressions, and a
		 * published share's value and base (RIVM's estimates cite RIVM, not
		 * CBS); of each table its newest vintage, with the period. */
		const char **codes;
		size_t nc = bp_indicator_variables(def, a, &codes);
		const PGresult *rows = NULL;
		int *pick = NULL, n = 0;
		if (cites_cover(cites, gemeente, lang, codes, nc)) {
			/* the gemeente's one read (bp_ranking_cites) rather than a statement per chart */
			if ((rc = cites_rows(conn, cites, &rows, err)))
				return rc;
			n = pick_sources(rows, codes, nc, year, out->period, a, &pick);
		} else {
			const char *p[] = { bp_pg_text_array(a, codes, nc), gemeente, year, out->period, bp_lang_code(lang) };
			rc = bp_pg_query(conn, RANKING_SOURCES(
				"SELECT DISTINCT o.source_id, NULL::text AS variable_code, NULL::int AS indeling_year, "
				"       NULL::text AS period FROM bp.observation_all o "
				" WHERE o.variable_code = ANY($1::text[]) AND o.gemeente_code = $2 "
				"   AND o.indeling_year = $3::int AND o.period = $4", "$5")
				" ORDER BY s.publisher, coalesce(s.table_id, s.title), s.retrieved_at DESC, s.id DESC",
				5, p, &r, err);
			if (rc)
				return rc;
			rows = r;
			/* DISTINCT ON (publisher, table) as pick_sources: the first row of each table */
			pick = bp_arena_alloc(a, ((size_t)PQntuples(r) + 1) * sizeof(int));
			for (int i = 0; i < PQntuples(r); i++)
				if (!n || strcmp(PQgetvalue(r, pick[n - 1], 0), PQgetvalue(r, i, 0)) != 0 ||
				    strcmp(PQgetvalue(r, pick[n - 1], 3), PQgetvalue(r, i, 3)) != 0)
					pick[n++] = i;
		}
		bp_cite *c = &out->cite;
		bp_cite_init(c, NULL, a);
		c->lang = lang;
		int model = bp_def_is_model_estimate(def);   /* RIVM's estimates: the source line says so */
		for (int k = 0; k < n; k++) {
			int i = pick[k];
			bp_cite_src src = { bp_arena_strdup(a, PQgetvalue(rows, i, 0)), bp_arena_strdup(a, PQgetvalue(rows, i, 1)),
			                    bp_arena_strdup(a, PQgetvalue(rows, i, 2)), model };
			bp_cite_add(c, &src, out->period);
		}
		if (c->n == 0)
			bp_cite_def(c, def, out->period);   /* the definition's own citation */
		out->sources = bp_cite_sources(c);
		PQclear(r);
	}
	return BP_OK;
}

bp_rc bp_report_survey_names(PGconn *conn, const bp_indicator_def *const *defs, size_t n, const char *gemeente,
                             bp_arena *a, const char **names_out, int *synthetic, bp_error *err)
{
	bp_buf names, ids;
	PGresult *r = NULL;
	*names_out = NULL;
	*synthetic = 0;
	bp_buf_init(&names);
	bp_buf_init(&ids);
	/* Survey names and ids are [a-z0-9_-] (indicator_def.c): safe in an array literal. */
	for (size_t i = 0; i < n; i++) {
		if (defs[i]->kind != BP_KIND_SURVEY_PROPORTION && defs[i]->kind != BP_KIND_SURVEY_MEAN)
			continue;
		bp_buf_printf(&names, "%s%s", names.len ? "," : "{", defs[i]->survey);
		bp_buf_printf(&ids, "%s%s", ids.len ? "," : "{", defs[i]->id);
	}
	if (names.len == 0) {
		bp_buf_release(&names);
		bp_buf_release(&ids);
		return BP_OK;
	}
	bp_buf_adds(&names, "}");
	bp_buf_adds(&ids, "}");
	const char *p[] = { names.data, gemeente, ids.data };
	/* Synthetic: what the engine stored with the values (from bp.survey.synthetic). */
	bp_rc rc = bp_pg_query(conn,
		"SELECT (SELECT string_agg(DISTINCT s.publisher || ', ' || sv.title, '; ') "
		"          FROM bp.survey sv JOIN bp.source s ON s.id = sv.source_id "
		"         WHERE sv.name = ANY($1::text[]) AND sv.gemeente_code = $2), "
		"       EXISTS (SELECT 1 FROM bp.indicator_value v WHERE v.indicator_id = ANY($3::text[]) "
		"                  AND v.gemeente_code = $2 AND v.synthetic)", 3, p, &r, err);
	bp_buf_release(&names);
	bp_buf_release(&ids);
	if (rc)
		return rc;
	if (!PQgetisnull(r, 0, 0)) {
		*names_out = bp_arena_strdup(a, PQgetvalue(r, 0, 0));
		*synthetic = PQgetvalue(r, 0, 1)[0] == 't';
	}
	PQclear(r);
	return BP_OK;
}

bp_rc bp_report_survey_citation(PGconn *conn, const bp_indicator_def *const *defs, size_t n,
                                 const char *gemeente, bp_arena *a, const char **out, bp_error *err)
{
	const char *names = NULL;
	int synthetic = 0;
	bp_rc rc = bp_report_survey_names(conn, defs, n, gemeente, a, &names, &synthetic, err);
	*out = names && synthetic ? bp_arena_printf(a, "%s; " BP_CITE_SYNTHETIC_NOTE_NL, names) : names;
	return rc;
}

const char *bp_ranking_source_line(const bp_ranking *r, bp_arena *a)
{
	return bp_ranking_source_line_lang(r, a, BP_LANG_NL);
}

const char *bp_ranking_source_line_lang(const bp_ranking *r, bp_arena *a, bp_lang lang)
{
	return bp_arena_printf(a, lang == BP_LANG_EN ? "Source: %s; processed by buurtpeil" : "Bron: %s; bewerking buurtpeil",
	                       bp_cite_sources_lang(a, r->sources, lang));
}

void bp_ranking_chart(const bp_ranking *r, bp_arena *a, bp_barchart *chart)
{
	bp_ranking_chart_lang(r, a, BP_LANG_NL, chart);
}

void bp_ranking_chart_lang(const bp_ranking *r, bp_arena *a, bp_lang lang, bp_barchart *chart)
{
	const bp_lang L = lang;
	memset(chart, 0, sizeof(*chart));
	const bp_indicator_def *d = r->def;
	bp_bar *bars = bp_arena_alloc(a, (r->n_rows + 1) * sizeof(*bars));
	for (size_t i = 0; i < r->n_rows; i++) {
		bars[i].label = r->rows[i].name;
		bars[i].value = r->rows[i].value;
		bars[i].missing_reason = isnan(r->rows[i].value)
		        ? bp_tr(L, bp_suppressed_reason_nl(r->rows[i].suppressed ? r->rows[i].suppressed : "missing_input"))
		        : NULL;
	}
	bp_refline *refs = bp_arena_alloc(a, 2 * sizeof(*refs));
	/* Each with its own 95% interval where its figure is an estimate too (a survey's gemeente): the chart
	 * draws it as a band, so nobody reads the reference as exact. */
	refs[0] = (bp_refline){ .label = r->gemeente_name, .value = r->gemeente.value,
	                        .ci_lo = r->gemeente.ci_lo, .ci_hi = r->gemeente.ci_hi };
	refs[1] = (bp_refline){ .label = bp_tr(L, "Nederland"), .value = r->land.value,
	                        .ci_lo = r->land.ci_lo, .ci_hi = r->land.ci_hi };
	const char *plural = bp_tr(L, strcmp(r->level, "buurt") == 0 ? "Buurten" : "Wijken");
	chart->title = bp_arena_printf(a, "%s%s", bp_def_title(d, L), bp_tr(L, bp_def_suffix(d, r->synthetic)));
	chart->subtitle = bp_arena_printf(a, L == BP_LANG_EN ? "%s of %s, %s (%s)" : "%s van %s, %s (%s)", plural,
	                                  r->gemeente_name, r->period, bp_tr(L, d->unit));
	chart->source = bp_ranking_source_line_lang(r, a, L);
	chart->lang = L;
	chart->unit = bp_tr(L, d->unit);
	chart->decimals = d->decimals;
	chart->bars = bars;
	chart->n_bars = r->n_rows;
	chart->refs = refs;
	chart->n_refs = 2;
	chart->width = 800;
}

void bp_report_no_values_section(bp_html *b, const bp_indicator_def *d, const char *level, bp_lang lang)
{
	const bp_lang L = lang;
	bp_html_lit(b, "<section>\n<h2 id=\"geen-");
	bp_html_text(b, d->id);
	bp_html_lit(b, "\">");
	bp_html_text(b, bp_def_title(d, L));
	bp_html_tr(b, L, "</h2>\n<p>Geen cijfers per ");
	bp_html_text(b, bp_tr(L, level ? level : "wijk"));
	bp_html_tr(b, L, ": de bron van deze indicator");
	if (d->source) {
		bp_html_lit(b, " (");
		bp_html_text(b, d->source);
		bp_html_lit(b, ")");
	}
	bp_html_tr(b, L, " is voor deze gemeente niet ingelezen.</p>\n</section>\n");
}
