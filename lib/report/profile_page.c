#include "report/profile_page.h"

#include "report/areadata.h"
#include "report/cite.h"
#include "report/mapchart.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "core/numfmt.h"
#include "db/pgutil.h"
#include "engine/compare.h"
#include "engine/compute.h"
#include "report/ranking.h"
#include "engine/indicator_def.h"
#include "render/profile.h"
#include "render/trend.h"
#include "report/experiences_html.h"

static void cell_num(bp_html *b, bp_arena *a, double v, int decimals, int diff, const char *missing)
{
	bp_html_lit(b, "<td class=\"num\">");
	if (isnan(v))
		bp_html_text(b, missing);
	else
		bp_html_text(b, diff ? bp_fmt_diff_nl(a, v, decimals) : bp_fmt_nl(a, v, decimals));
	bp_html_lit(b, "</td>");
}

static const char *reason_nl(const bp_area_series *d, size_t i)
{
	return bp_suppressed_reason_nl(d->suppressed[i] ? d->suppressed[i] : "missing_input");
}

typedef struct page_ctx {
	PGconn *conn;
	const bp_report_options *opt;
	const char *gemeente, *gemeente_name, *sources, *source_line;
	const char *surveys;            /* the surveys of the page's survey indicators, cited by name; NULL: none */
	bp_area_scope sc;               /* the layout's indicators (defs, once each, in its order), which
	                                   sources fed each of them per period (cites), for bp_area_series_load */
	bp_report_result *res;
} page_ctx;

/* Writes the chart as SVG and PNG; *img is the SVG's name (relative to the page). */
typedef bp_rc (*write_fn)(const void *chart, bp_image_format fmt, const char *path, bp_error *err);

static bp_rc write_profile(const void *c, bp_image_format f, const char *p, bp_error *e)
{
	return bp_profile_write(c, f, p, e);
}

static bp_rc write_trend(const void *c, bp_image_format f, const char *p, bp_error *e)
{
	return bp_trend_write(c, f, p, e);
}

static bp_rc figure(const page_ctx *x, bp_arena *a, bp_html *b, write_fn w, const void *chart,
                    const char *stem, const char *alt, const char *caption, bp_error *err)
{
	const char *exts[] = { "svg", "png" };
	const bp_image_format fmts[] = { BP_IMAGE_SVG, BP_IMAGE_PNG };
	for (size_t i = 0; i < 2; i++) {
		const char *path = bp_arena_printf(a, "%s/%s/%s.%s", x->opt->output_dir, x->gemeente, stem, exts[i]);
		bp_rc rc = w(chart, fmts[i], path, err);
		if (rc)
			return rc;
		x->res->charts++;
	}
	bp_html_printf(b, "<figure>\n<img src=\"%s.svg\" width=\"800\" alt=\"", stem);
	bp_html_text(b, alt);
	bp_html_lit(b, "\">\n<figcaption>");
	bp_html_text(b, caption);
	bp_html_printf(b, ". Grafiek als <a href=\"%s.svg\">svg</a> · <a href=\"%s.png\">png</a>.</figcaption>\n</figure>\n",
	              stem, stem);
	return BP_OK;
}

static void key_table(const page_ctx *x, bp_arena *a, bp_html *b, const char *name, const bp_area_series *data)
{
	bp_html_lit(b, "<section>\n<h2 id=\"kerncijfers\">Kerncijfers</h2>\n<table>\n<caption>");
	bp_html_text(b, name);
	bp_html_lit(b, " vergeleken met ");
	bp_html_text(b, x->gemeente_name);
	bp_html_lit(b, " en Nederland, laatste periode</caption>\n<thead><tr><th scope=\"col\">Indicator</th>"
	               "<th scope=\"col\">Periode</th><th scope=\"col\" class=\"num\">");
	bp_html_text(b, name);
	bp_html_lit(b, "</th><th scope=\"col\" class=\"num\">");
	bp_html_text(b, x->gemeente_name);
	bp_html_lit(b, "</th><th scope=\"col\" class=\"num\">Verschil met ");
	bp_html_text(b, x->gemeente_name);
	bp_html_lit(b, "</th><th scope=\"col\" class=\"num\">Nederland</th>"
	               "<th scope=\"col\" class=\"num\">Verschil met Nederland</th></tr></thead>\n<tbody>\n");
	bp_cite cite;
	bp_cite_init(&cite, x->sc.cites, a);
	for (size_t k = 0; k < x->sc.n_defs; k++) {
		const bp_area_series *d = &data[k];
		int dec = d->def->decimals;
		if (d->n) {
			/* Enough digits that the area and its references never read the
			 * same while their difference says otherwise ("90 | 90 | -1"). */
			size_t l = d->n - 1;
			double shown[3] = { d->value[l], d->gm[l], d->nl[l] };
			dec = bp_decimals_apart(shown, 3, dec);
			bp_cite_def(&cite, d->def, d->period[l]);
		}
		bp_html_lit(b, "<tr><th scope=\"row\">");
		bp_html_text(b, d->def->title_nl);
		bp_html_lit(b, " (");
		bp_html_text(b, d->def->unit);
		bp_html_lit(b, ")");
		bp_html_text(b, bp_synthetic_suffix(d->synthetic));
		bp_html_lit(b, "</th>");
		if (d->n == 0) {
			bp_html_lit(b, "<td>–</td><td class=\"num\">");
			bp_html_text(b, bp_suppressed_reason_nl("missing_input"));
			bp_html_lit(b, "</td><td class=\"num\"></td><td class=\"num\"></td><td class=\"num\"></td>"
			               "<td class=\"num\"></td></tr>\n");
			continue;
		}
		size_t i = d->n - 1;
		bp_html_lit(b, "<td>");
		bp_html_text(b, d->period[i]);
		bp_html_lit(b, "</td>");
		cell_num(b, a, d->value[i], dec, 0, reason_nl(d, i));
		cell_num(b, a, d->gm[i], dec, 0, "–");
		cell_num(b, a, d->gm_diff[i], dec, 1, "–");
		cell_num(b, a, d->nl[i], dec, 0, "–");
		cell_num(b, a, d->nl_diff[i], dec, 1, "–");
		bp_html_lit(b, "</tr>\n");
	}
	bp_html_lit(b, "</tbody>\n</table>\n<p class=\"bron\">Verschil: de waarde van het gebied min die van de "
	               "referentie, berekend vóór het afronden. ");
	bp_html_text(b, bp_cite_line(&cite));
	bp_html_lit(b, ".</p>\n</section>\n");
}

static bp_rc theme_section(const page_ctx *x, bp_arena *a, bp_html *b, const char *code, const char *name,
                           const bp_area_series *data, const char *theme, bp_error *err)
{
	size_t n = 0;
	bp_profile_item *items = bp_arena_alloc(a, (x->sc.n_defs + 1) * sizeof(*items));
	bp_buf alt;
	bp_buf_init(&alt);
	int neutral = 0, n_syn = 0;
	bp_cite cite;
	bp_cite_init(&cite, x->sc.cites, a);
	for (size_t k = 0; k < x->sc.n_defs; k++) {
		const bp_area_series *d = &data[k];
		if (strcmp(d->def->theme, theme) != 0)
			continue;
		bp_profile_item *it = &items[n++];
		size_t i = d->n ? d->n - 1 : 0;
		if (d->n && (!isnan(d->value[i]) || !isnan(d->gm[i])))
			bp_cite_def(&cite, d->def, d->period[i]);
		it->label = bp_arena_printf(a, "%s%s", d->def->title_nl, bp_synthetic_suffix(d->synthetic));
		n_syn += d->synthetic;
		it->value = d->n ? d->value[i] : NAN;
		it->ref = d->n ? d->gm[i] : NAN;
		it->polarity = bp_area_profile_polarity(d->def->polarity);
		it->unit = d->def->unit;
		it->decimals = d->def->decimals;
		it->missing_reason = isnan(it->value) ? (d->n ? reason_nl(d, i) : bp_suppressed_reason_nl("missing_input"))
		                                      : NULL;
		neutral |= it->polarity == BP_PROFILE_NEUTRAL;
		bp_buf_printf(&alt, "%s %s: ", n > 1 ? ";" : "", it->label);
		if (isnan(it->value))
			bp_buf_adds(&alt, it->missing_reason);
		else
			bp_buf_printf(&alt, "%s%s", bp_fmt_nl(a, it->value, it->decimals), it->unit);
		if (!isnan(it->ref))
			bp_buf_printf(&alt, " tegen %s%s in %s", bp_fmt_nl(a, it->ref, it->decimals), it->unit, x->gemeente_name);
		/* The difference the bar stands for, as the chart writes it. */
		char diff[64];
		bp_profile_diff_text(diff, sizeof(diff), it);
		if (*diff)
			bp_buf_printf(&alt, " (%s)", diff);
	}
	const char *tt = bp_theme_title(a, theme);
	size_t with_value = 0;
	for (size_t i = 0; i < n; i++)
		with_value += !isnan(items[i].value);
	if (with_value == 0) {
		/* A chart of nothing but "geen cijfers" bars tells a reader less than a
		 * sentence: say it, and keep the experiences of the theme. */
		bp_buf_release(&alt);
		bp_html_lit(b, "<section>\n<h2 id=\"profiel-");
		bp_html_text(b, bp_path_slug(a, theme));
		bp_html_lit(b, "\">Profiel: ");
		bp_html_text(b, tt);
		bp_html_lit(b, "</h2>\n<p>Voor dit thema zijn er voor ");
		bp_html_text(b, name);
		bp_html_lit(b, " geen cijfers (");
		for (size_t i = 0; i < n; i++) {
			bp_html_choose(b, i, "; ", "");
			bp_html_text(b, items[i].label);
			bp_html_lit(b, ": ");
			bp_html_text(b, items[i].missing_reason);
		}
		bp_html_lit(b, ").</p>\n");
		bp_rc rc = bp_experiences_section(x->conn, code, theme, 10, a, b, err);
		bp_html_lit(b, "</section>\n");
		return rc;
	}
	/* The subtitle names the periods shown, the source line their sources. */
	const char *periods = bp_cite_periods(&cite);
	bp_profile chart = {
		.title = bp_arena_printf(a, "%s: %s%s", name, tt,
		                         n_syn == 0 ? "" : (size_t)n_syn == n ? bp_synthetic_suffix(1)
		                                                              : " – deels " BP_SYNTHETIC_WORD),
		.subtitle = bp_arena_printf(a, "Vergeleken met %s%s%s", x->gemeente_name, *periods ? ", " : "", periods),
		.source = bp_cite_line(&cite),
		.area = name,
		.reference = x->gemeente_name,
		.items = items,
		.n_items = n,
		.width = 800,
	};
	/* A long area name widens the value column: widen the chart until the
	 * bars have room (at least 200 px), else keep the first width that fits. */
	int fits = 0;
	for (int w = 800; w <= 1400; w += 200) {
		bp_arena *t = bp_arena_new();
		bp_profile_layout lay;
		bp_error e = { 0 };
		chart.width = w;
		bp_rc rc = bp_profile_compute_layout(&chart, t, &lay, &e);
		double plot_w = lay.plot_x1 - lay.plot_x0;
		bp_arena_free(t);
		if (rc == BP_OK && !fits)
			fits = w;
		if (rc == BP_OK && plot_w >= 200)
			break;
		if (w == 1400 && fits)
			chart.width = fits;
	}
	const char *alt_text = bp_arena_printf(a, "Profieldiagram %s van %s, vergeleken met %s.%s. "
	                                       "Balken naar rechts zijn gunstiger, naar links ongunstiger%s. "
	                                       "De cijfers staan in de tabel Kerncijfers.",
	                                       tt, name, x->gemeente_name, alt.len ? alt.data : "",
	                                       neutral ? "; grijze balken horen bij indicatoren zonder gunstige kant" : "");
	bp_buf_release(&alt);
	bp_html_lit(b, "<section>\n<h2 id=\"profiel-");
	bp_html_text(b, bp_path_slug(a, theme));
	bp_html_lit(b, "\">Profiel: ");
	bp_html_text(b, tt);
	bp_html_lit(b, "</h2>\n<p>Elke balk is het verschil met ");
	bp_html_text(b, x->gemeente_name);
	bp_html_lit(b, ": bij percentages in procentpunten, bij andere eenheden in procenten van de waarde van de "
	               "gemeente. Een balk die verder gaat dan de as is afgebroken; het cijfer staat erbij.</p>\n");
	bp_rc rc = figure(x, a, b, write_profile, &chart, bp_arena_printf(a, "%s-profiel-%s", code, bp_path_slug(a, theme)),
	                  alt_text, chart.source, err);
	if (rc == BP_OK)   /* residents' and professionals' experiences beside the figures of the theme */
		rc = bp_experiences_section(x->conn, code, theme, 10, a, b, err);
	bp_html_lit(b, "</section>\n");
	return rc;
}

static bp_rc trend_section(const page_ctx *x, bp_arena *a, bp_html *b, const char *code, const char *name,
                           const bp_area_series *d, bp_error *err)
{
	const bp_indicator_def *def = d->def;
	bp_trend_series *s = bp_arena_alloc(a, 3 * sizeof(*s));
	memset(s, 0, 3 * sizeof(*s));
	s[0].label = name;
	s[0].value = d->value;
	s[0].ci_lo = d->ci_lo;   /* the area's own intervals, as the site's profile draws them */
	s[0].ci_hi = d->ci_hi;
	s[1].label = x->gemeente_name;
	s[1].value = d->gm;
	s[2].label = "Nederland";
	s[2].value = d->nl;
	const char *first = d->period[0], *last = d->period[d->n - 1];
	bp_cite cite;
	bp_cite_init(&cite, x->sc.cites, a);
	for (size_t i = 0; i < d->n; i++)
		bp_cite_def(&cite, def, d->period[i]);
	const char *title = bp_arena_printf(a, "%s%s", def->title_nl, bp_synthetic_suffix(d->synthetic));
	bp_trend chart = {
		.title = title,
		.subtitle = bp_arena_printf(a, "%s, %s en Nederland, %s-%s, %s", name, x->gemeente_name, first, last,
		                            def->unit),
		.source = bp_cite_line(&cite),
		.unit = def->unit,
		.decimals = def->decimals,
		.periods = d->period,
		.n_periods = d->n,
		.series = s,
		.n_series = 3,
		.marker = { .year = NAN },
		.width = 800,
	};
	bp_html_lit(b, "<section>\n<h2 id=\"trend-");
	bp_html_text(b, def->id);
	bp_html_lit(b, "\">Ontwikkeling: ");
	bp_html_text(b, title);
	bp_html_lit(b, "</h2>\n");
	const char *alt_text = bp_arena_printf(a, "Lijndiagram %s van %s, %s en Nederland, van %s tot %s. "
	                                       "De cijfers staan in de tabel hieronder.",
	                                       title, name, x->gemeente_name, first, last);
	bp_rc rc = figure(x, a, b, write_trend, &chart, bp_arena_printf(a, "%s-trend-%s", code, def->id),
	                  alt_text, chart.source, err);
	if (rc)
		return rc;
	bp_html_lit(b, "<table>\n<caption>");
	bp_html_text(b, title);
	bp_html_lit(b, " per periode (");
	bp_html_text(b, def->unit);
	bp_html_lit(b, ")</caption>\n<thead><tr><th scope=\"col\">Periode</th><th scope=\"col\" class=\"num\">");
	bp_html_text(b, name);
	bp_html_lit(b, "</th><th scope=\"col\" class=\"num\">");
	bp_html_text(b, x->gemeente_name);
	bp_html_lit(b, "</th><th scope=\"col\" class=\"num\">Nederland</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->n; i++) {
		bp_html_lit(b, "<tr><th scope=\"row\">");
		bp_html_text(b, d->period[i]);
		bp_html_lit(b, "</th>");
		cell_num(b, a, d->value[i], def->decimals, 0, reason_nl(d, i));
		cell_num(b, a, d->gm[i], def->decimals, 0, "–");
		cell_num(b, a, d->nl[i], def->decimals, 0, "–");
		bp_html_lit(b, "</tr>\n");
	}
	bp_html_lit(b, "</tbody>\n</table>\n</section>\n");
	return BP_OK;
}

static bp_rc area_page(const page_ctx *x, const char *code, const char *name, const char *level,
                       const char *year, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_html body, page;
	bp_html_init(&body);
	bp_html_init(&page);
	bp_area_series *data = NULL;
	bp_rc rc = bp_area_series_load(x->conn, &x->sc, code, atoi(year), a, &data, err);
	if (rc)
		goto out;
	key_table(x, a, &body, name, data);
	rc = bp_report_area_extras(x->conn, x->opt, x->gemeente, x->gemeente_name, code, level, name, atoi(year),
	                           x->source_line, a, &body, x->res, err);
	if (rc)
		goto out;
	/* One profile per theme, themes in the layout's order. */
	for (size_t k = 0; k < x->sc.n_defs; k++) {
		int seen = 0;
		for (size_t j = 0; j < k; j++)
			seen |= strcmp(x->sc.defs[j]->theme, x->sc.defs[k]->theme) == 0;
		if (seen)
			continue;
		rc = theme_section(x, a, &body, code, name, data, x->sc.defs[k]->theme, err);
		if (rc)
			goto out;
	}
	for (size_t k = 0; k < x->sc.n_defs; k++) {
		if (data[k].n < 2)
			continue;
		rc = trend_section(x, a, &body, code, name, &data[k], err);
		if (rc)
			goto out;
	}
	const char **shown = bp_arena_alloc(a, (x->sc.n_defs + 1) * sizeof(*shown));
	for (size_t k = 0; k < x->sc.n_defs; k++)
		shown[k] = x->sc.defs[k]->theme;
	if ((rc = bp_experiences_other_themes(x->conn, code, shown, x->sc.n_defs, 10, a, &body, err)))
		goto out;
	int custom = strcmp(level, "custom") == 0, buurt = strcmp(level, "buurt") == 0;
	const char *title = bp_arena_printf(a, "%s (%s): %s", name, x->gemeente_name,
	                                    buurt ? "buurtprofiel" : "wijkprofiel");
	const bp_html_page frame = { BP_HTML_REPORT, title };
	bp_html_page_begin(&page, &frame);
	bp_html_printf(&page, "<p><a href=\"../index.html\">Alle gemeenten</a> · <a href=\"../%s.html\">", x->gemeente);
	bp_html_text(&page, x->gemeente_name);
	bp_html_lit(&page, "</a></p>\n<h1>");
	bp_html_text(&page, name);
	bp_html_lit(&page, "</h1>\n");
	int synthetic = 0;
	for (size_t k = 0; k < x->sc.n_defs; k++)
		synthetic |= data[k].synthetic;
	if (synthetic)
		bp_synthetic_notice_html(&page, a, x->surveys);
	bp_html_lit(&page, "<p>");
	if (custom)
		bp_html_lit(&page, "Zelf gedefinieerd gebied ");
	else
		bp_html_choose(&page, buurt, "Buurt ", "Wijk ");
	bp_html_text(&page, code);
	bp_html_lit(&page, " in ");
	bp_html_text(&page, x->gemeente_name);
	bp_html_lit(&page, ". Deze pagina vergelijkt het gebied met de gemeente als geheel en met Nederland. "
	                   "Bij elke grafiek staan de cijfers in een tabel. Een waarde ontbreekt waar de bron hem "
	                   "niet publiceert of waar te weinig inwoners zijn.</p>\n");
	bp_html_append(&page, &body);
	bp_html_page_end(&page, &frame, x->sources, NULL);
	rc = bp_html_write(&page, bp_arena_printf(a, "%s/%s/%s.html", x->opt->output_dir, x->gemeente, code), err);
	if (rc == BP_OK)
		x->res->pages++;
out:
	bp_html_release(&body);
	bp_html_release(&page);
	bp_arena_free(a);
	return rc;
}

int bp_profile_pages_has(const bp_profile_pages *p, const char *code)
{
	for (size_t i = 0; p && i < p->n; i++)
		if (strcmp(p->codes[i], code) == 0)
			return 1;
	return 0;
}

/* The pages of the gemeente's areas whose level is in levels ("{wijk,custom}"). */
static bp_rc profiles_of(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                         const char *gemeente_name, const char *levels, bp_arena *a,
                         bp_profile_pages *out, bp_report_result *res, bp_error *err)
{
	memset(out, 0, sizeof(*out));
	page_ctx x = { .conn = conn, .opt = opt, .gemeente = gemeente, .gemeente_name = gemeente_name, .res = res };
	const bp_layout *lay = opt->layout;
	x.sc.defs = bp_arena_alloc(a, (lay->n_charts + 1) * sizeof(*x.sc.defs));
	bp_buf ids;
	bp_buf_init(&ids);
	/* The variables of every indicator on the page, for the citation. */
	const char **vars = bp_arena_alloc(a, 1 * sizeof(*vars));
	size_t n_vars = 0;
	for (size_t i = 0; i < lay->n_charts; i++) {
		const bp_indicator_def *d = bp_indicator_find(opt->indicators, lay->charts[i].indicator);
		int seen = 0;
		for (size_t j = 0; d && j < x.sc.n_defs; j++)
			seen |= x.sc.defs[j] == d;
		if (!d || seen)
			continue;   /* an unknown indicator is reported by the gemeente page */
		x.sc.defs[x.sc.n_defs++] = d;
		bp_buf_printf(&ids, "%s%s", ids.len ? "," : "{", d->id);
		const char **codes;
		size_t nc = bp_indicator_variables(d, a, &codes);
		const char **all = bp_arena_alloc(a, (n_vars + nc + 1) * sizeof(*all));
		memcpy(all, vars, n_vars * sizeof(*vars));
		memcpy(all + n_vars, codes, nc * sizeof(*codes));
		vars = all;
		n_vars += nc;
	}
	bp_buf_adds(&ids, ids.len ? "}" : "{}");
	x.sc.gemeente = gemeente;
	x.sc.gemeente_name = gemeente_name;
	x.sc.ids_array = bp_arena_strdup(a, ids.data);
	/* No gemeente-wide synthetic flags: a label here says the area's own
	 * value is synthetic, as this page always has. */
	x.sc.synthetic = bp_arena_alloc(a, (x.sc.n_defs + 1) * sizeof(int));
	memset(x.sc.synthetic, 0, (x.sc.n_defs + 1) * sizeof(int));
	const char *vars_array = bp_pg_text_array(a, vars, n_vars);
	bp_buf_release(&ids);

	PGresult *r = NULL;
	bp_rc rc;
	{
		/* Cite every source whose observations fed these indicators in this gemeente. */
		const char *p[] = { vars_array, gemeente };
		rc = bp_pg_query(conn,
			"SELECT string_agg(DISTINCT s.publisher || ', ' || s.title || "
			"       coalesce(' (' || s.table_id || ')', '') || ', ' || " BP_SQL_SOURCE_LICENCE("s") ", '; ') "
			"  FROM bp.observation_all o JOIN bp.source s ON s.id = o.source_id "
			" WHERE o.variable_code = ANY($1::text[]) AND o.gemeente_code = $2", 2, p, &r, err);
		if (rc)
			return rc;
		x.sources = bp_arena_strdup(a, PQgetisnull(r, 0, 0) ? "CBS, CC BY 4.0" : PQgetvalue(r, 0, 0));
		PQclear(r);
		r = NULL;
		/* Survey indicators: their survey, and whether its data are synthetic. */
		const char *cite = NULL;
		if ((rc = bp_report_survey_citation(conn, x.sc.defs, x.sc.n_defs, gemeente, a, &cite, err)))
			return rc;
		if (cite)
			x.sources = bp_arena_printf(a, "%s; %s", x.sources, cite);
		int syn = 0;
		if ((rc = bp_report_survey_names(conn, x.sc.defs, x.sc.n_defs, gemeente, a, &x.surveys, &syn, err)))
			return rc;
		x.source_line = bp_arena_printf(a, "Bron: %s; bewerking buurtpeil", x.sources);
		/* Each chart and table cites its own sources: which fed what, once for all pages. */
		bp_cite_index *ix = bp_arena_alloc(a, sizeof(*ix));
		if ((rc = bp_cite_index_load(conn, gemeente, x.sc.defs, x.sc.n_defs, a, ix, err)))
			return rc;
		x.sc.cites = ix;
	}
	{
		const char *p[] = { gemeente, levels };
		rc = bp_pg_query(conn,
			"SELECT code, name, level, indeling_year FROM ("
			"  SELECT DISTINCT ON (a.code) a.code, a.name, a.level::text AS level, a.indeling_year "
			"    FROM bp.area a "
			"   WHERE a.gemeente_code = $1 AND a.level::text = ANY($2::text[]) "
			"     AND EXISTS (SELECT 1 FROM bp.indicator_value v "
			"                  WHERE v.area_code = a.code AND v.indeling_year = a.indeling_year) "
			"   ORDER BY a.code, a.indeling_year DESC) s "
			" ORDER BY level = 'custom', code", 2, p, &r, err);
		if (rc)
			return rc;
	}
	int n = PQntuples(r);
	out->codes = bp_arena_alloc(a, ((size_t)n + 1) * sizeof(*out->codes));
	out->names = bp_arena_alloc(a, ((size_t)n + 1) * sizeof(*out->names));
	if (n > 0 && x.sc.n_defs > 0) {
		rc = bp_mkdir_p(bp_path_join(a, opt->output_dir, gemeente), 0755, err);
		if (rc)
			goto done;
	}
	for (int i = 0; i < n && x.sc.n_defs > 0; i++) {
		const char *code = PQgetvalue(r, i, 0);
		if (!bp_path_safe_name(code))
			continue;
		rc = area_page(&x, code, PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3), err);
		if (rc)
			goto done;
		out->codes[out->n] = bp_arena_strdup(a, code);
		out->names[out->n++] = bp_arena_strdup(a, PQgetvalue(r, i, 1));
		out->n_custom += strcmp(PQgetvalue(r, i, 2), "custom") == 0;
	}
done:
	PQclear(r);
	return rc;
}

bp_rc bp_report_profiles(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                         const char *gemeente_name, bp_arena *a, bp_profile_pages *out,
                         bp_report_result *res, bp_error *err)
{
	return profiles_of(conn, opt, gemeente, gemeente_name, "{wijk,custom}", a, out, res, err);
}

bp_rc bp_report_buurt_profiles(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                               const char *gemeente_name, bp_arena *a, bp_profile_pages *out,
                               bp_report_result *res, bp_error *err)
{
	return profiles_of(conn, opt, gemeente, gemeente_name, "{buurt}", a, out, res, err);
}
