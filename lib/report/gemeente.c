#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/fsutil.h"
#include "core/numfmt.h"
#include "db/pgutil.h"
#include "engine/compute.h"
#include "render/barchart.h"
#include "report/areadata.h"
#include "report/cite.h"
#include "report/mapchart.h"
#include "report/profile_page.h"
#include "report/ranking.h"

const char *bp_report_cite_add(bp_arena *a, const char *list, const char *more)
{
	if (!more || !more[0])
		return list;
	/* The site's index joins its gemeenten' lists the same way: one rule for what a citation is. */
	bp_buf b;
	bp_buf_init(&b);
	bp_cite_sources_union(&b, list);
	bp_cite_sources_union(&b, more);
	const char *out = bp_arena_strdup(a, b.len ? b.data : "");
	bp_buf_release(&b);
	return out;
}

static void add_num(bp_html *b, double v, int decimals, bp_lang lang)
{
	char s[64];
	bp_numfmt(lang, s, sizeof(s), v, decimals);
	bp_html_text(b, s);
}

/* Does any row of r (the references too) have a 95% interval?  Then the
 * table gets a column for it: a table's margins (import table's Marges,
 * lower/upper columns) are part of the figure, not a footnote. */
static int any_interval(const bp_ranking *r)
{
	if (!isnan(r->gemeente.ci_lo) || !isnan(r->land.ci_lo))
		return 1;
	for (size_t i = 0; i < r->n_rows; i++)
		if (!isnan(r->rows[i].ci_lo))
			return 1;
	return 0;
}

/* An indicator that is no ratio of counts (a rate a source publishes, an
 * index) has neither numerator nor denominator: no columns of dashes under
 * empty headers. */
static int has_counts(const bp_ranking *r)
{
	return (r->numerator_title && *r->numerator_title) || (r->denominator_title && *r->denominator_title);
}

/* pages: the areas with a profile page, whose names link to it (NULL: none);
 * interval: the table has a 95%-interval column; counts: the numerator and
 * denominator columns. */
static void table_row(bp_html *b, const bp_ranking_row *row, const bp_indicator_def *d, int head,
                      const char *gemeente, const bp_profile_pages *pages, int interval, int counts, bp_lang lang)
{
	bp_html_choose(b, head, "<tr><th scope=\"row\">", "<tr><td>");
	if (!head && bp_profile_pages_has(pages, row->code)) {
		bp_html_printf(b, "<a href=\"%s/", gemeente);
		bp_html_text(b, row->code);
		bp_html_lit(b, ".html\">");
		bp_html_text(b, row->name);
		bp_html_lit(b, "</a>");
	} else {
		bp_html_text(b, row->name);
	}
	bp_html_choose(b, head, "</th><td>", "</td><td>");
	bp_html_text(b, row->code);
	bp_html_lit(b, "</td><td class=\"num\">");
	if (isnan(row->value))
		bp_html_text(b, bp_tr(lang, bp_suppressed_reason_nl(row->suppressed ? row->suppressed : "missing_input")));
	else
		add_num(b, row->value, d->decimals, lang);
	if (interval) {
		bp_html_lit(b, "</td><td class=\"num\">");
		if (isnan(row->ci_lo) || isnan(row->ci_hi)) {
			bp_html_lit(b, "–");
		} else {
			add_num(b, row->ci_lo, d->decimals, lang);
			bp_html_lit(b, " – ");
			add_num(b, row->ci_hi, d->decimals, lang);
		}
	}
	if (counts) {
		bp_html_lit(b, "</td><td class=\"num\">");
		add_num(b, row->numerator, 0, lang);
		bp_html_lit(b, "</td><td class=\"num\">");
		add_num(b, row->denominator, 0, lang);
	}
	bp_html_lit(b, "</td></tr>\n");
}

/* Has any area of the level a computed row (a value or a reason)?  A
 * gemeente-level table (a survey with Marges per gemeente) has none: a bar
 * per wijk saying "onbekend of geheim" would be untrue. */
static int any_area_row(const bp_ranking *r)
{
	for (size_t i = 0; i < r->n_rows; i++)
		if (!isnan(r->rows[i].value) || r->rows[i].suppressed)
			return 1;
	return 0;
}

/* A column of counts: the variable's title (CBS's, in Dutch, from
 * bp.variable; or the survey's words) when the page is Dutch or the
 * catalogue has its English; else the English word for the column
 * (generic), since bp_tr answers a text it lacks with the text itself. */
static const char *count_head(const char *title, const char *word, bp_lang lang)
{
	const char *t = title && *title ? title : word;
	const char *en = bp_tr(lang, t);
	return lang == BP_LANG_NL || en != t ? en : bp_tr(lang, word);
}

static void table_head(bp_html *b, const bp_ranking *r, const bp_indicator_def *d, const char *first, int interval,
                       int counts, bp_lang lang)
{
	bp_html_printf(b, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">Code</th>"
	               "<th scope=\"col\" class=\"num\">", bp_tr(lang, first));
	bp_html_text(b, bp_def_title(d, lang));
	bp_html_lit(b, " (");
	bp_html_text(b, bp_tr(lang, d->unit));
	bp_html_lit(b, ")</th>");
	if (interval)
		bp_html_tr(b, lang, "<th scope=\"col\" class=\"num\">95%-interval</th>");
	if (counts) {
		bp_html_lit(b, "<th scope=\"col\" class=\"num\">");
		bp_html_text(b, count_head(r->numerator_title, "Teller", lang));
		bp_html_lit(b, "</th><th scope=\"col\" class=\"num\">");
		bp_html_text(b, count_head(r->denominator_title, "Noemer", lang));
		bp_html_lit(b, "</th>");
	}
	bp_html_lit(b, "</tr></thead>\n");
}

/* The indicator's description: written in Dutch only (the indicators' YAML files), so
 * an English page leaves it out, as the English PDFs do. */
static void description(bp_html *b, const bp_indicator_def *d, bp_lang lang)
{
	if (!d->description || lang != BP_LANG_NL)
		return;
	bp_html_lit(b, "<p>");
	bp_html_text(b, d->description);
	bp_html_lit(b, "</p>\n");
}

/* The section of an indicator with figures for the gemeente as a whole only:
 * no chart of wijken, the gemeente and Nederland with their intervals. */
static bp_rc whole_section(bp_html *b, bp_ranking *r, const bp_layout_chart *lc, bp_lang lang, bp_arena *a)
{
	const bp_lang L = lang;
	const bp_indicator_def *d = r->def;
	bp_html_lit(b, "<section>\n<h2 id=\"");
	bp_html_text(b, d->id);
	bp_html_lit(b, "\">");
	bp_html_text(b, bp_def_title(d, L));
	bp_html_text(b, bp_tr(L, bp_def_suffix(d, r->synthetic)));
	bp_html_lit(b, "</h2>\n");
	description(b, d, L);
	bp_html_tr(b, L, "<p>Geen cijfers per ");
	bp_html_text(b, bp_tr(L, lc->level ? lc->level : "wijk"));
	bp_html_tr(b, L, ": de bron geeft deze indicator voor de gemeente als geheel.</p>\n<table>\n<caption>");
	bp_html_text(b, bp_def_title(d, L));
	bp_html_printf(b, ", %s</caption>\n", r->period);
	int interval = any_interval(r), counts = has_counts(r);
	table_head(b, r, d, "Gebied", interval, counts, L);
	bp_html_lit(b, "<tbody>\n");
	r->gemeente.name = r->gemeente_name;
	table_row(b, &r->gemeente, d, 1, r->gemeente_code, NULL, interval, counts, L);
	r->land.name = bp_tr(L, "Nederland");
	table_row(b, &r->land, d, 1, r->gemeente_code, NULL, interval, counts, L);
	bp_html_lit(b, "</tbody>\n</table>\n<p class=\"bron\">");
	bp_html_text(b, bp_ranking_source_line_lang(r, a, L));
	bp_html_lit(b, "</p>\n</section>\n");
	return BP_OK;
}

/* unit, followed by " (95%-interval 10,1–13,9)" where the reference row x has an interval (in a). */
static const char *ref_with_interval(bp_arena *a, const bp_ranking_row *x, const bp_indicator_def *d, const char *unit,
                                     bp_lang L)
{
	if (isnan(x->value) || isnan(x->ci_lo) || isnan(x->ci_hi))
		return unit;
	char lo[64], hi[64];
	bp_numfmt(L, lo, sizeof(lo), x->ci_lo, d->decimals);
	bp_numfmt(L, hi, sizeof(hi), x->ci_hi, d->decimals);
	return bp_arena_printf(a, "%s (%s %s\u2013%s%s)", unit, L == BP_LANG_EN ? "95% interval" : "95%-interval", lo, hi,
	                       unit);
}

/* A text alternative that says what the chart shows, for screen readers.  title: the chart's own, with
 * its "– modelschatting" or "– synthetisch" (bp_ranking_chart_lang), as the drawing, the heading and the
 * table's caption say it: a reader of the alternative alone is told the kind of figures too. */
static char *chart_alt(const bp_ranking *r, const char *title, bp_lang lang, bp_arena *a)
{
	const bp_lang L = lang;
	const int en = L == BP_LANG_EN;
	const bp_indicator_def *d = r->def;
	char hi[64] = "", lo[64] = "", gm[64], nl[64];
	const bp_ranking_row *first = NULL, *last = NULL;
	for (size_t i = 0; i < r->n_rows; i++) {
		if (isnan(r->rows[i].value))
			continue;
		if (!first)
			first = &r->rows[i];
		last = &r->rows[i];
	}
	if (first) {
		bp_numfmt(L, hi, sizeof(hi), first->value, d->decimals);
		bp_numfmt(L, lo, sizeof(lo), last->value, d->decimals);
	}
	bp_numfmt(L, gm, sizeof(gm), r->gemeente.value, d->decimals);
	bp_numfmt(L, nl, sizeof(nl), r->land.value, d->decimals);
	const char *level = bp_tr(L, r->level), *unit = bp_tr(L, d->unit);
	/* The references' own intervals where they are estimates too, as the table below gives them. */
	const char *gm_unit = ref_with_interval(a, &r->gemeente, d, unit, L);
	const char *nl_unit = ref_with_interval(a, &r->land, d, unit, L);
	if (!first)
		return bp_arena_printf(a, en ? "Bar chart of %s per %s in %s, %s: no published values."
		                             : "Staafdiagram %s per %s in %s, %s: geen gepubliceerde waarden.",
		                       title, level, r->gemeente_name, r->period);
	return bp_arena_printf(a, en ? "Bar chart of %s per %s in %s, %s. Highest: %s (%s%s), lowest: %s (%s%s); "
	                               "%s as a whole %s%s, the Netherlands %s%s. The figures are in the table below."
	                             : "Staafdiagram %s per %s in %s, %s. Hoogste: %s (%s%s), laagste: %s (%s%s); "
	                               "%s als geheel %s%s, Nederland %s%s. De cijfers staan in de tabel hieronder.",
	                       title, level, r->gemeente_name, r->period,
	                       first->name, hi, unit, last->name, lo, unit,
	                       r->gemeente_name, gm, gm_unit, nl, nl_unit);
}

static bp_rc write_barchart(const void *c, bp_image_format f, const char *p, bp_error *e)
{
	return bp_barchart_write(c, f, p, e);
}

static bp_rc chart_section(PGconn *conn, const bp_report_options *opt, const bp_layout_chart *lc,
                           const char *gemeente, const bp_profile_pages *pages, bp_arena *a, bp_html *b,
                           const char **sources, bp_report_result *res, bp_error *err)
{
	const bp_lang L = opt->lang;
	const bp_indicator_def *d = bp_layout_indicator(lc, opt->indicators, err);
	if (!d)
		return BP_ERR_CONFIG;
	bp_ranking r;
	bp_error nf = { 0 };
	bp_rc rc = bp_ranking_load_cited(conn, d, gemeente, lc->level, NULL, L, opt->ranking_cites, a, &r, &nf);
	if (rc == BP_ERR_NOT_FOUND) {
		/* One layout serves monitors with and without a source: say what is missing, go on. */
		bp_report_no_values_section(b, d, lc->level, L);
		return BP_OK;
	}
	if (rc) {
		*err = nf;
		return rc;
	}
	*sources = r.sources;
	if (!any_area_row(&r))
		return whole_section(b, &r, lc, L, a);

	bp_barchart chart;
	bp_ranking_chart_lang(&r, a, L, &chart);
	/* Only the references the layout asks for, in its order. */
	bp_refline *refs = bp_arena_alloc(a, (lc->n_references + 1) * sizeof(*refs));
	size_t n_refs = 0;
	for (size_t i = 0; i < lc->n_references; i++) {
		if (strcmp(lc->references[i], "gemeente") == 0)
			refs[n_refs++] = chart.refs[0];
		else if (strcmp(lc->references[i], "land") == 0)
			refs[n_refs++] = chart.refs[1];
	}
	chart.refs = refs;
	chart.n_refs = n_refs;
	bp_html_lit(b, "<section>\n<h2 id=\"");
	bp_html_text(b, d->id);
	bp_html_lit(b, "\">");
	bp_html_text(b, chart.title);   /* with "– synthetisch" for a synthetic survey's values */
	bp_html_lit(b, "</h2>\n");
	description(b, d, L);
	rc = bp_report_layout_figure(opt, lc, gemeente, d->id, write_barchart, &chart, chart_alt(&r, chart.title, L, a),
	                             chart.source, "Grafiek", a, b, res, err);
	if (rc)
		return rc;

	bp_html_lit(b, "<table>\n<caption>");
	bp_html_text(b, chart.title);
	bp_html_printf(b, " per %s, %s</caption>\n", bp_tr(L, r.level), r.period);
	int interval = any_interval(&r), counts = has_counts(&r);
	table_head(b, &r, d, strcmp(r.level, "buurt") == 0 ? "Buurt" : "Wijk", interval, counts, L);
	bp_html_lit(b, "<tbody>\n");
	for (size_t i = 0; i < r.n_rows; i++)
		table_row(b, &r.rows[i], d, 0, gemeente, strcmp(r.level, "wijk") == 0 ? pages : NULL, interval, counts, L);
	bp_html_lit(b, "</tbody>\n<tfoot>\n");
	r.gemeente.name = r.gemeente_name;
	table_row(b, &r.gemeente, d, 1, gemeente, NULL, interval, counts, L);
	r.land.name = bp_tr(L, "Nederland");
	table_row(b, &r.land, d, 1, gemeente, NULL, interval, counts, L);
	bp_html_lit(b, "</tfoot>\n</table>\n</section>\n");
	return BP_OK;
}

/*
 * The gemeente page's sections, one job per chart of the layout (report/
 * workers.h): each reads through its worker's connection into an arena,
 * a body, a list of sources and counts of its own, which done() adds to the
 * page in the layout's order, so that the page is the same for any number
 * of workers.  Each chart's files have names of their own (the stem is the
 * indicator and the kind of chart).
 */
typedef struct section_out {
	bp_arena *a;
	bp_html body;
	const char *sources;
	bp_report_result res;
} section_out;

typedef struct sections {
	const bp_report_options *opt;
	const char *gemeente;
	const bp_profile_pages *pages;
	bp_arena *a;                 /* the page's: what done() keeps */
	section_out *out;            /* [n_charts] */
	bp_html *body;
	bp_report_result *res;
	const char *cited;           /* every source of the page's sections, each once */
} sections;

static bp_rc section_job(void *ctx, PGconn *conn, size_t i, bp_error *err)
{
	sections *j = ctx;
	const bp_layout_chart *lc = &j->opt->layout->charts[i];
	section_out *o = &j->out[i];
	switch (lc->type) {
	case BP_CHART_MAP:
		return bp_report_map_section(conn, j->opt, lc, j->gemeente, o->a, &o->body, &o->sources, &o->res, err);
	case BP_CHART_MAP_PERIODS:
		return bp_report_map_periods_section(conn, j->opt, lc, j->gemeente, o->a, &o->body, &o->sources, &o->res,
		                                     err);
	default:
		return chart_section(conn, j->opt, lc, j->gemeente, j->pages, o->a, &o->body, &o->sources, &o->res, err);
	}
}

static void section_done(void *ctx, size_t i)
{
	sections *j = ctx;
	section_out *o = &j->out[i];
	bp_html_append(j->body, &o->body);
	j->cited = bp_report_cite_add(j->a, j->cited, o->sources);
	j->res->pages += o->res.pages;
	j->res->charts += o->res.charts;
}

static bp_rc sections_run(PGconn *conn, sections *j, bp_html *body, bp_report_result *res, bp_error *err)
{
	size_t n = j->opt->layout->n_charts;
	j->body = body;
	j->res = res;
	j->out = bp_arena_alloc(j->a, (n + 1) * sizeof(*j->out));
	memset(j->out, 0, (n + 1) * sizeof(*j->out));
	for (size_t i = 0; i < n; i++) {
		j->out[i].a = bp_arena_new();
		bp_html_init(&j->out[i].body);
	}
	bp_rc rc = bp_report_workers_run(&j->opt->workers, conn, n, section_job, section_done, j, NULL, err);
	for (size_t i = 0; i < n; i++) {
		bp_html_release(&j->out[i].body);
		bp_arena_free(j->out[i].a);
	}
	return rc;
}

/* The layout's title with {gemeente} replaced by the gemeente's name.  In
 * English the catalogue's English of the title when it has one (the
 * bundled layout's); a title of the user's own stays as written, as the
 * names do. */
static const char *expand_title(bp_arena *a, const char *pattern, const char *name, bp_lang lang)
{
	if (pattern)
		pattern = bp_tr(lang, pattern);
	const char *at = pattern ? strstr(pattern, "{gemeente}") : NULL;
	if (!pattern)
		return bp_arena_printf(a, lang == BP_LANG_EN ? "Districts of %s" : "Wijken van %s", name);
	if (!at)
		return pattern;
	return bp_arena_printf(a, "%.*s%s%s", (int)(at - pattern), pattern, name, at + strlen("{gemeente}"));
}

/* bp_report_gemeente with opt's ranking_cites set. */
static bp_rc gemeente_page(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                           bp_report_result *res, bp_error *err);

bp_rc bp_report_gemeente(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                         bp_report_result *res, bp_error *err)
{
	/* The sources of the layout's rankings, read once for the page's charts and its profiles' maps. */
	const bp_indicator_def **defs = bp_xcalloc(opt->layout->n_charts + 1, sizeof(*defs));
	size_t nd = 0;
	for (size_t i = 0; i < opt->layout->n_charts; i++) {
		const bp_indicator_def *d = bp_indicator_find(opt->indicators, opt->layout->charts[i].indicator);
		if (d)
			defs[nd++] = d;
	}
	bp_report_options o = *opt;
	o.ranking_cites = bp_ranking_cites_new(gemeente, defs, nd, opt->lang);
	free(defs);
	bp_rc rc = gemeente_page(conn, &o, gemeente, res, err);
	bp_ranking_cites_free(o.ranking_cites);
	return rc;
}

static bp_rc gemeente_page(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                           bp_report_result *res, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_html body, page;
	bp_html_init(&body);
	bp_html_init(&page);
	PGresult *r = NULL;
	const char *sources = NULL;
	bp_rc rc = bp_mkdir_p(opt->output_dir, 0755, err);
	if (rc)
		goto out;
	{
		const char *p[] = { gemeente };
		rc = bp_pg_query(conn, "SELECT name FROM bp.area WHERE code = $1 ORDER BY indeling_year DESC LIMIT 1",
		                 1, p, &r, err);
		if (rc)
			goto out;
		if (PQntuples(r) == 0) {
			rc = bp_fail(err, BP_ERR_NOT_FOUND, "gemeente %s is not in the database", gemeente);
			bp_error_hint(err, "import a StatLine export that covers it first (buurtpeil import statline-csv FILE)");
			goto out;
		}
	}
	const char *name = bp_arena_strdup(a, PQgetvalue(r, 0, 0));
	bp_profile_pages pages;
	rc = bp_report_profiles(conn, opt, gemeente, name, a, &pages, res, err);
	if (rc)
		goto out;
	/* The layout's sections as jobs on the workers, put together in the layout's order. */
	sections sj = { .opt = opt, .gemeente = gemeente, .pages = &pages, .a = a };
	rc = sections_run(conn, &sj, &body, res, err);
	if (rc)
		goto out;
	const char *cited = sj.cited;
	/* each source once: RIVM's table cited by one section for 2020 and by another for 2012-2020 is one citation */
	sources = bp_cite_sources_merged(a, cited, opt->lang);
	/* Synthetic survey figures among the layout's: said right under the h1. */
	const char *surveys = NULL;
	int synthetic = 0, model = 0;
	{
		const bp_indicator_def **defs = bp_arena_alloc(a, (opt->layout->n_charts + 1) * sizeof(*defs));
		size_t nd = 0;
		for (size_t i = 0; i < opt->layout->n_charts; i++) {
			const bp_indicator_def *d = bp_indicator_find(opt->indicators, opt->layout->charts[i].indicator);
			if (d)
				defs[nd++] = d;
			model |= d && bp_def_is_model_estimate(d);
		}
		if ((rc = bp_report_survey_names(conn, defs, nd, gemeente, a, &surveys, &synthetic, err)))
			goto out;
	}
	const bp_lang L = opt->lang;
	const char *title = expand_title(a, opt->layout->title, name, L);
	const bp_html_page frame = { BP_HTML_REPORT, title, L };
	bp_html_page_begin(&page, &frame);
	bp_html_tr(&page, L, "<p><a href=\"index.html\">Alle gemeenten</a></p>\n<h1>");
	bp_html_text(&page, title);
	bp_html_lit(&page, "</h1>\n");
	if (synthetic)
		bp_synthetic_notice_html_lang(&page, a, surveys, L);
	bp_html_tr(&page, L, "<p>Deze pagina vergelijkt de wijken van ");
	bp_html_text(&page, name);
	bp_html_tr(&page, L, " met de gemeente als geheel en met Nederland. Bij elke grafiek staan de cijfers in een tabel. "
	                     "Een waarde ontbreekt waar de bron hem niet publiceert of waar te weinig inwoners zijn.</p>\n");
	if (model)
		bp_model_note_html(&page, L);   /* the charts' titles and rows below carry the word */
	if (pages.n) {
		/* Every profile, also of the custom areas that no ranking lists. */
		bp_html_tr(&page, L, "<nav aria-label=\"Gebiedsprofielen\">\n<p>Profiel per gebied: ");
		for (size_t i = 0; i < pages.n; i++) {
			bp_html_printf(&page, "%s<a href=\"%s/", i ? " · " : "", gemeente);
			bp_html_text(&page, pages.codes[i]);
			bp_html_lit(&page, ".html\">");
			bp_html_text(&page, pages.names[i]);
			bp_html_lit(&page, "</a>");
		}
		bp_html_lit(&page, ".</p>\n</nav>\n");
	}
	bp_html_append(&page, &body);
	bp_html_page_end(&page, &frame, sources, NULL);
	rc = bp_html_write(&page, bp_arena_printf(a, "%s/%s.html", opt->output_dir, gemeente), err);
	if (rc == BP_OK)
		res->pages++;
out:
	PQclear(r);
	bp_html_release(&body);
	bp_html_release(&page);
	bp_arena_free(a);
	return rc;
}

bp_rc bp_report_index(PGconn *conn, const bp_report_options *opt, const char *const *gemeenten,
                      size_t n, bp_report_result *res, bp_error *err)
{
	bp_html page;
	bp_html_init(&page);
	bp_rc rc = BP_OK;
	const bp_lang L = opt->lang;
	const bp_html_page frame = { BP_HTML_REPORT, bp_tr(L, "buurtpeil: wijken in cijfers"), L };
	bp_html_page_begin(&page, &frame);
	bp_html_tr(&page, L, "<h1>Wijken in cijfers</h1>\n<p>Per gemeente een overzicht van de wijken, "
	                     "vergeleken met de gemeente en Nederland.</p>\n<ul>\n");
	for (size_t i = 0; i < n; i++) {
		PGresult *r = NULL;
		const char *p[] = { gemeenten[i] };
		rc = bp_pg_query(conn, "SELECT name FROM bp.area WHERE code = $1 ORDER BY indeling_year DESC LIMIT 1",
		                 1, p, &r, err);
		if (rc)
			goto out;
		bp_html_printf(&page, "<li><a href=\"%s.html\">", gemeenten[i]);
		bp_html_text(&page, PQntuples(r) ? PQgetvalue(r, 0, 0) : gemeenten[i]);
		bp_html_printf(&page, "</a> (%s)</li>\n", gemeenten[i]);
		PQclear(r);
	}
	bp_html_lit(&page, "</ul>\n");
	if (opt->site_href) {
		bp_html_tr(&page, L, "<h2>Voor raadsleden en bewoners</h2>\n<p><a href=\"");
		bp_html_text(&page, opt->site_href);
		bp_html_tr(&page, L, "\">De gepubliceerde site</a>: elke wijk, buurt en zelf gedefinieerd gebied met zoeken, "
		                     "kaarten en definities.</p>\n");
	}
	if (opt->effects_href) {
		bp_html_tr(&page, L, "<h2>Interventies</h2>\n<p><a href=\"");
		bp_html_text(&page, opt->effects_href);
		bp_html_tr(&page, L, "\">Interventies en hun effecten</a>: wat loopt waar, en bewoog er iets ten "
		                     "opzichte van vergelijkbare gebieden?</p>\n");
	}
	bp_html_page_end(&page, &frame, "CBS", NULL);
	{
		char path[BP_PATH_MAX];
		snprintf(path, sizeof(path), "%s/index.html", opt->output_dir);
		rc = bp_html_write(&page, path, err);
		if (rc == BP_OK)
			res->pages++;
	}
out:
	bp_html_release(&page);
	return rc;
}
