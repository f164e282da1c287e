/* mapchart.c: see mapchart.h. */
#include "report/mapchart.h"
#include "report/areadata.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "core/numfmt.h"
#include "db/pgutil.h"
#include "engine/compute.h"
#include "report/cite.h"

static bp_map_polarity map_polarity(bp_polarity p)
{
	switch (p) {
	case BP_POLARITY_HIGHER_IS_BETTER: return BP_MAP_HIGHER_BETTER;
	case BP_POLARITY_HIGHER_IS_WORSE: return BP_MAP_HIGHER_WORSE;
	default: return BP_MAP_NEUTRAL;
	}
}

static const char *num(bp_arena *a, bp_lang lang, double v, int decimals, const char *unit)
{
	char s[64];
	bp_value_text_lang(lang, s, sizeof(s), v, decimals, unit);
	return bp_arena_strdup(a, s);
}

/* "Kaart ...: van 10 tot 29%; hoogste ..., laagste ...; De cijfers staan in de tabel." */
static const char *map_alt(const bp_report_map *m, bp_arena *a)
{
	const bp_ranking *r = m->ranking;
	const bp_indicator_def *d = r->def;
	const bp_ranking_row *hi = NULL, *lo = NULL;
	const char *hl = NULL;
	for (size_t i = 0; i < m->chart.n_areas; i++) {
		const bp_ranking_row *row = &r->rows[m->row_of[i]];
		if (m->chart.areas[i].highlight)
			hl = row->name;
		if (isnan(row->value))
			continue;
		if (!hi || row->value > hi->value)
			hi = row;
		if (!lo || row->value < lo->value)
			lo = row;
	}
	const bp_lang L = m->lang;
	const int en = L == BP_LANG_EN;
	const char *plural = bp_tr(L, strcmp(r->level, "buurt") == 0 ? "buurten" : "wijken");
	const char *s = bp_arena_printf(a, en ? "Map of %s per %s in %s, %s, in %d classes with about as many %s each."
	                                      : "Kaart van %s per %s in %s, %s, in %d klassen met ongeveer evenveel %s.",
	                                m->chart.title, bp_tr(L, r->level), r->gemeente_name, r->period,
	                                m->chart.n_classes ? m->chart.n_classes : BP_MAP_MAX_CLASSES, plural);
	if (hi)
		s = bp_arena_printf(a, en ? "%s Highest value: %s (%s), lowest: %s (%s)."
		                          : "%s Hoogste waarde: %s (%s), laagste: %s (%s).", s, hi->name,
		                    num(a, L, hi->value, d->decimals, bp_tr(L, d->unit)), lo->name,
		                    num(a, L, lo->value, d->decimals, bp_tr(L, d->unit)));
	if (hl)
		s = bp_arena_printf(a, en ? "%s %s has a thick outline." : "%s %s is dik omlijnd.", s, hl);
	if (m->borders_other_year)
		s = bp_arena_printf(a, "%s %s", s, bp_report_map_borders_sentence(a, L, r->indeling_year, m->border_year));
	return bp_arena_printf(a, en ? "%s The figures are in the table below." : "%s De cijfers staan in de tabel hieronder.",
	                       s);
}

const char *bp_report_map_borders_sentence(bp_arena *a, bp_lang lang, int figures_year, int border_year)
{
	return bp_arena_printf(a, lang == BP_LANG_EN
	                              ? "The figures belong to the classification of %d; drawn on the borders of %d "
	                                "with the same codes; whether those borders are equal has not been checked."
	                              : "De cijfers horen bij de indeling van %d; getekend op de grenzen van %d met "
	                                "dezelfde codes; of die grenzen gelijk zijn, is niet gecontroleerd.",
	                       figures_year, border_year);
}

bp_rc bp_report_map_build(PGconn *conn, const bp_ranking *r, const char *highlight_code, bp_arena *a,
                          bp_report_map *out, bp_error *err)
{
	return bp_report_map_build_lang(conn, r, highlight_code, BP_LANG_NL, a, out, err);
}

bp_rc bp_report_map_build_lang(PGconn *conn, const bp_ranking *r, const char *highlight_code, bp_lang lang,
                               bp_arena *a, bp_report_map *out, bp_error *err)
{
	const bp_lang L = lang;
	const int en = L == BP_LANG_EN;
	memset(out, 0, sizeof(*out));
	out->ranking = r;
	out->lang = L;
	const char **codes = bp_arena_alloc(a, (r->n_rows + 1) * sizeof(*codes));
	for (size_t i = 0; i < r->n_rows; i++)
		codes[i] = r->rows[i].code;
	char year[16];
	snprintf(year, sizeof(year), "%d", r->indeling_year);
	const char *p[] = { bp_pg_text_array(a, codes, r->n_rows), year };
	PGresult *res = NULL;
	/* Binary results: the WKB arrives as bytes, not as hex text to decode.
	 * The borders of the values' own indeling, else of the newest one with the
	 * same code: RIVM's 2020 figures are drawn on the 2024 wijk borders when
	 * only those were imported (CBS gives an area whose borders change a new
	 * code; a ranking is of one indeling's values, ARCHITECTURE.md \"Two indelingen\"). */
	bp_rc rc = bp_pg_query(conn,
		"SELECT DISTINCT ON (area_code) area_code, geom_simple, indeling_year FROM bp.area_geometry_current "
		" WHERE area_code = ANY($1::text[]) "
		" ORDER BY area_code, (indeling_year = $2::int) DESC, indeling_year DESC", 2, p, &res, err);
	if (rc)
		return rc;
	int n = PQntuples(res);
	bp_map_area *areas = bp_arena_alloc(a, ((size_t)n + 1) * sizeof(*areas));
	out->row_of = bp_arena_alloc(a, ((size_t)n + 1) * sizeof(*out->row_of));
	size_t k = 0;
	/* In the ranking's order, so that the table and the map list areas alike. */
	for (size_t i = 0; i < r->n_rows; i++) {
		int found = -1;
		for (int j = 0; j < n && found < 0; j++)
			if (strcmp(PQgetvalue(res, j, 0), r->rows[i].code) == 0)
				found = j;
		if (found < 0) {
			out->n_without_border++;
			continue;
		}
		size_t len = 0;
		unsigned char *wkb = PQunescapeBytea((const unsigned char *)PQgetvalue(res, found, 1), &len);
		if (!wkb) {
			PQclear(res);
			return bp_fail(err, BP_ERR_DB, "cannot decode the border of %s", r->rows[i].code);
		}
		unsigned char *copy = bp_arena_alloc(a, len ? len : 1);
		memcpy(copy, wkb, len);
		PQfreemem(wkb);
		int by;
		if ((rc = bp_pg_int(res, found, 2, &by, err))) {
			PQclear(res);
			return rc;
		}
		if (by > out->border_year)
			out->border_year = by;
		out->borders_other_year |= by != r->indeling_year;
		const bp_ranking_row *row = &r->rows[i];
		bp_map_area *ar = &areas[k];
		ar->code = row->code;
		ar->name = row->name;
		ar->wkb = copy;
		ar->wkb_len = len;
		ar->value = row->value;
		ar->status = !isnan(row->value) ? BP_MAP_VALUE
		             : !bp_suppressed_is_missing(row->suppressed) ? BP_MAP_SUPPRESSED
		             : BP_MAP_MISSING;
		ar->highlight = highlight_code && strcmp(highlight_code, row->code) == 0;
		out->row_of[k++] = i;
	}
	PQclear(res);
	if (k == 0) {
		bp_fail(err, BP_ERR_NOT_FOUND, "no borders of the %sen of %s (indeling %d)", r->level,
		        r->gemeente_name, r->indeling_year);
		bp_error_hint(err, "import them with 'buurtpeil import geojson FILE' (e.g. PDOK wijken of that year)");
		return BP_ERR_NOT_FOUND;
	}
	const bp_indicator_def *d = r->def;
	int buurt = strcmp(r->level, "buurt") == 0;
	const char *plural = bp_tr(L, buurt ? "Buurten" : "Wijken");
	out->chart = (bp_choropleth){
		.title = bp_arena_printf(a, "%s%s", bp_def_title(d, L), bp_tr(L, bp_def_suffix(d, r->synthetic))),
		/* Figures drawn on borders of another indeling by their codes say so
		 * where they are read: a code can keep its number while its borders
		 * change, and nothing here checked them (issue 22). */
		.subtitle = out->borders_other_year
		            ? bp_arena_printf(a, en ? "%s of %s, %s (classification %d; borders of %d, same code, not checked)"
		                                    : "%s van %s, %s (indeling %d; grenzen van %d, zelfde code, niet gecontroleerd)",
		                              plural, r->gemeente_name, r->period, r->indeling_year, out->border_year)
		            : bp_arena_printf(a, en ? "%s of %s, %s" : "%s van %s, %s", plural, r->gemeente_name, r->period),
		.source = bp_ranking_source_line_lang(r, a, L),
		.legend_title = bp_tr(L, bp_has_text(d->unit) && strcmp(d->unit, "%") == 0 ? "% van de inwoners" : d->unit),
		.unit = bp_tr(L, d->unit),
		.decimals = d->decimals,
		.count_noun = bp_tr(L, buurt ? "buurten" : "wijken"),
		.count_noun_one = bp_tr(L, buurt ? "buurt" : "wijk"),
		.suppressed_text = bp_tr(L, "geheim of te weinig inwoners"),
		.lang = L,
		.polarity = map_polarity(d->polarity),
		.areas = areas,
		.n_areas = k,
		.width = 800,
	};
	out->alt = map_alt(out, a);
	return BP_OK;
}

static void map_table(const bp_report_map *m, bp_arena *a, bp_html *b)
{
	const bp_ranking *r = m->ranking;
	const bp_indicator_def *d = r->def;
	const bp_lang L = m->lang;
	bp_map_classes cl;
	double *v = bp_arena_alloc(a, (m->chart.n_areas + 1) * sizeof(*v));
	for (size_t i = 0; i < m->chart.n_areas; i++)
		v[i] = m->chart.areas[i].status == BP_MAP_VALUE ? bp_value_shown(m->chart.areas[i].value, m->chart.decimals)
		                                                 : NAN;   /* as the map classifies them */
	bp_map_classify(v, m->chart.n_areas, m->chart.n_classes, m->chart.polarity, &cl);
	bp_html_tr(b, L, "<table>\n<caption>Kaart: ");
	bp_html_text(b, m->chart.title);
	bp_html_printf(b, " per %s, %s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">Code</th>"
	              "<th scope=\"col\" class=\"num\">", bp_tr(L, r->level), r->period,
	              bp_tr(L, strcmp(r->level, "buurt") == 0 ? "Buurt" : "Wijk"));
	bp_html_text(b, bp_def_title(d, L));
	bp_html_lit(b, " (");
	bp_html_text(b, bp_tr(L, d->unit));
	bp_html_tr(b, L, ")</th><th scope=\"col\">Klasse op de kaart</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < m->chart.n_areas; i++) {
		const bp_map_area *ar = &m->chart.areas[i];
		const bp_ranking_row *row = &r->rows[m->row_of[i]];
		bp_html_lit(b, "<tr><td>");
		bp_html_text(b, ar->name);
		if (ar->highlight)
			bp_html_tr(b, L, " (omlijnd)");
		bp_html_lit(b, "</td><td>");
		bp_html_text(b, ar->code);
		bp_html_lit(b, "</td><td class=\"num\">");
		int c = bp_map_class_of(&cl, v[i]);
		if (c < 0) {
			bp_html_text(b, bp_tr(L, bp_suppressed_reason_nl(row->suppressed ? row->suppressed : "missing_input")));
			bp_html_lit(b, "</td><td>");
			bp_html_text(b, bp_tr(L, ar->status == BP_MAP_SUPPRESSED ? "gearceerd" : "grijs"));
		} else {
			bp_html_text(b, num(a, L, v[i], d->decimals, NULL));
			int ld = bp_map_legend_decimals(&cl, d->decimals);
			bp_html_printf_l(b, L, "</td><td>%d van %d: ", "</td><td>%d of %d: ", c + 1, cl.n);
			bp_html_text(b, num(a, L, cl.lower[c], ld, NULL));
			if (cl.upper[c] != cl.lower[c]) {
				bp_html_tr(b, L, " tot en met ");
				bp_html_text(b, num(a, L, cl.upper[c], ld, NULL));
			}
			bp_html_text(b, bp_tr(L, d->unit));
		}
		bp_html_lit(b, "</td></tr>\n");
	}
	bp_html_lit(b, "</tbody>\n</table>\n");
	if (m->n_without_border)
		bp_html_printf_l(b, L, "<p>%zu %s zonder grens staan niet op de kaart.</p>\n",
		                 "<p>%zu %s without a border are not on the map.</p>\n", m->n_without_border,
		                 bp_tr(L, strcmp(r->level, "buurt") == 0 ? "buurten" : "wijken"));
}

static bp_rc write_map(const void *c, bp_image_format f, const char *p, bp_error *e)
{
	return bp_choropleth_write(c, f, p, e);
}

bp_rc bp_report_layout_figure(const bp_report_options *opt, const bp_layout_chart *lc, const char *gemeente,
                              const char *stem, bp_chart_write_fn w, const void *chart, const char *alt,
                              const char *caption, const char *what, bp_arena *a, bp_html *b,
                              bp_report_result *res, bp_error *err)
{
	bp_rc rc = bp_mkdir_p(bp_path_join(a, opt->output_dir, gemeente), 0755, err);
	if (rc)
		return rc;
	const struct { int want; bp_image_format fmt; const char *ext; } outs[] = {
		{ lc->want_svg, BP_IMAGE_SVG, "svg" },
		{ lc->want_png, BP_IMAGE_PNG, "png" },
		{ lc->want_pdf, BP_IMAGE_PDF, "pdf" },
	};
	const char *img = NULL;
	bp_html links;
	bp_html_init(&links);
	for (size_t i = 0; i < sizeof(outs) / sizeof(*outs); i++) {
		if (!outs[i].want)
			continue;
		const char *rel = bp_arena_printf(a, "%s/%s.%s", gemeente, stem, outs[i].ext);
		rc = w(chart, outs[i].fmt, bp_path_join(a, opt->output_dir, rel), err);
		if (rc) {
			bp_html_release(&links);
			return rc;
		}
		res->charts++;
		if (!img && outs[i].fmt != BP_IMAGE_PDF)
			img = rel;
		bp_html_printf(&links, "%s<a href=\"%s\">%s</a>", links.buf.len ? " · " : "", rel, outs[i].ext);
	}
	if (img) {
		bp_html_printf(b, "<figure>\n<img src=\"%s\" width=\"800\" alt=\"", img);
		bp_html_text(b, alt);
		bp_html_lit(b, "\">\n<figcaption>");
		bp_html_text(b, caption);
		bp_html_printf_l(b, opt->lang, ". %s als ", ". %s as ", bp_tr(opt->lang, what));
		bp_html_append(b, &links);
		bp_html_lit(b, ".</figcaption>\n</figure>\n");
	}
	bp_html_release(&links);
	return BP_OK;
}

bp_rc bp_report_map_section(PGconn *conn, const bp_report_options *opt, const bp_layout_chart *lc,
                            const char *gemeente, bp_arena *a, bp_html *b, const char **sources,
                            bp_report_result *res, bp_error *err)
{
	const bp_indicator_def *d = bp_layout_indicator(lc, opt->indicators, err);
	if (!d)
		return BP_ERR_CONFIG;
	bp_ranking *r = bp_arena_alloc(a, sizeof(*r));
	bp_error none = { 0 };
	bp_rc rc = bp_ranking_load_cited(conn, d, gemeente, lc->level, NULL, opt->lang, opt->ranking_cites, a, r, &none);
	if (rc == BP_ERR_NOT_FOUND) {
		bp_report_no_values_section(b, d, lc->level, opt->lang);
		return BP_OK;
	}
	if (rc) {
		*err = none;
		return rc;
	}
	*sources = r->sources;
	const bp_lang L = opt->lang;
	int per_wijk = strcmp(lc->level, "wijk") == 0;
	bp_html_lit(b, "<section>\n<h2 id=\"kaart-");
	bp_html_text(b, d->id);
	if (!per_wijk)
		bp_html_printf(b, "-%s", lc->level);
	bp_html_lit(b, "\">");
	bp_html_tr(b, L, "Kaart: ");
	bp_html_text(b, bp_def_title(d, L));
	if (!per_wijk)
		bp_html_printf(b, " per %s", bp_tr(L, lc->level));
	bp_html_lit(b, "</h2>\n");
	bp_report_map m;
	bp_error nf = { 0 };
	rc = bp_report_map_build_lang(conn, r, NULL, L, a, &m, &nf);
	if (rc == BP_ERR_NOT_FOUND) {
		/* A page without a map is still a page: say why it is missing. */
		bp_html_printf_l(b, L, "<p>Geen kaart: de grenzen van de %s zijn niet ingelezen (<code>buurtpeil import "
		                 "geojson</code>).</p>\n</section>\n", "<p>No map: the borders of the %s have not been "
		                 "loaded (<code>buurtpeil import geojson</code>).</p>\n</section>\n",
		                 bp_tr(L, strcmp(lc->level, "buurt") == 0 ? "buurten" : "wijken"));
		return BP_OK;
	}
	if (rc) {
		*err = nf;
		return rc;
	}
	/* One file per level: a layout may map an indicator per wijk and per buurt. */
	const char *stem = per_wijk ? bp_arena_printf(a, "%s-kaart", d->id)
	                   : bp_arena_printf(a, "%s-kaart-%s", d->id, lc->level);
	rc = bp_report_layout_figure(opt, lc, gemeente, stem, write_map, &m.chart,
	                             m.alt, m.chart.source, "Kaart", a, b, res, err);
	if (rc)
		return rc;
	map_table(&m, a, b);
	bp_html_lit(b, "</section>\n");
	return BP_OK;
}

/* --- age structure ---------------------------------------------------------- */

static const char *const AGE_VARS[BP_AGE_KWB_GROUPS] = {
	"k_0Tot15Jaar", "k_15Tot25Jaar", "k_25Tot45Jaar", "k_45Tot65Jaar", "k_65JaarOfOuder",
};

bp_rc bp_report_ages_build(PGconn *conn, const char *area, const char *area_name, int indeling_year,
                           const char *gemeente, const char *gemeente_name, const char *source_line,
                           bp_arena *a, bp_report_ages *out, bp_error *err)
{
	return bp_report_ages_build_lang(conn, area, area_name, indeling_year, gemeente, gemeente_name, source_line,
	                                 BP_LANG_NL, a, out, err);
}

bp_rc bp_report_ages_build_lang(PGconn *conn, const char *area, const char *area_name, int indeling_year,
                                const char *gemeente, const char *gemeente_name, const char *source_line,
                                bp_lang lang, bp_arena *a, bp_report_ages *out, bp_error *err)
{
	const bp_lang L = lang;
	const int en = L == BP_LANG_EN;
	memset(out, 0, sizeof(*out));
	out->lang = L;
	for (int s = 0; s < 3; s++)
		for (int g = 0; g < BP_AGE_KWB_GROUPS; g++)
			out->share[s][g] = NAN;
	char year[16];
	snprintf(year, sizeof(year), "%d", indeling_year);
	const char *p[] = { area, gemeente, year, bp_lang_code(L) };
	PGresult *r = NULL;
	/* The latest period in which the area has inhabitants; the references in that period. */
	bp_rc rc = bp_pg_query(conn,
		"WITH per AS (SELECT max(period) AS period FROM bp.observation_current "
		"              WHERE area_code = $1 AND indeling_year = $3::int AND variable_code = 'AantalInwoners' "
		"                AND value IS NOT NULL) "
		"SELECT o.area_code, o.variable_code, o.value, per.period, s.publisher, " BP_SQL_SOURCE_HEAD("s") ", "
		"       " BP_SQL_SOURCE_LICENCE_IN("s", "$4") " "
		"  FROM bp.observation_current o JOIN bp.source s ON s.id = o.source_id, per "
		" WHERE o.period = per.period AND o.indeling_year = $3::int AND o.area_code IN ($1, $2, 'NL00') "
		"   AND o.variable_code IN ('AantalInwoners', 'k_0Tot15Jaar', 'k_15Tot25Jaar', 'k_25Tot45Jaar', "
		"                           'k_45Tot65Jaar', 'k_65JaarOfOuder')", 4, p, &r, err);
	if (rc)
		return rc;
	/* The chart cites the tables its counts come from (KWB), in their period: not the gemeente's other sources. */
	bp_cite cite;
	bp_cite_init(&cite, NULL, a);
	cite.lang = L;
	double cnt[3][1 + BP_AGE_KWB_GROUPS];
	for (int s = 0; s < 3; s++)
		for (int g = 0; g <= BP_AGE_KWB_GROUPS; g++)
			cnt[s][g] = NAN;
	for (int i = 0; i < PQntuples(r); i++) {
		const char *code = PQgetvalue(r, i, 0), *var = PQgetvalue(r, i, 1);
		int s = strcmp(code, area) == 0 ? 0 : strcmp(code, "NL00") == 0 ? 2 : 1;
		int g = -1;
		if (strcmp(var, "AantalInwoners") == 0)
			g = 0;
		for (int k = 0; k < BP_AGE_KWB_GROUPS; k++)
			if (strcmp(var, AGE_VARS[k]) == 0)
				g = k + 1;
		if (g >= 0 && !PQgetisnull(r, i, 2))
			cnt[s][g] = strtod(PQgetvalue(r, i, 2), NULL);
		if (!out->period)
			out->period = bp_arena_strdup(a, PQgetvalue(r, i, 3));
		bp_cite_src src = { bp_arena_strdup(a, PQgetvalue(r, i, 4)), bp_arena_strdup(a, PQgetvalue(r, i, 5)),
		                    bp_arena_strdup(a, PQgetvalue(r, i, 6)) };
		bp_cite_add(&cite, &src, out->period);
	}
	PQclear(r);
	if (cite.n)
		source_line = bp_cite_line(&cite);
	out->source_line = source_line;
	for (int s = 0; s < 3; s++)
		for (int g = 0; g < BP_AGE_KWB_GROUPS; g++)
			if (cnt[s][0] > 0 && isfinite(cnt[s][g + 1]))
				out->share[s][g] = 100 * cnt[s][g + 1] / cnt[s][0];
	for (int g = 0; g < BP_AGE_KWB_GROUPS; g++)
		out->found |= isfinite(out->share[0][g]);
	if (!out->found)
		return BP_OK;
	out->refs[0] = (bp_age_series){ gemeente_name, out->share[1] };
	out->refs[1] = (bp_age_series){ bp_tr(L, "Nederland"), out->share[2] };
	for (int g = 0; g < BP_AGE_KWB_GROUPS; g++)
		out->groups[g] = bp_tr(L, bp_age_kwb_groups[g]);
	out->chart = (bp_agestructure){
		.title = bp_arena_printf(a, en ? "Age structure of %s" : "Leeftijdsopbouw van %s", area_name),
		.subtitle = bp_arena_printf(a, en ? "%% of the inhabitants, %s" : "%% van de inwoners, %s", out->period),
		.source = source_line,
		.groups = out->groups,
		.n_groups = BP_AGE_KWB_GROUPS,
		.area = { area_name, out->share[0] },
		.refs = out->refs,
		.n_refs = 2,
		.decimals = 1,
		.missing_text = bp_tr(L, "geheim of onbekend"),
		.width = 800,
		.lang = L,
	};
	/* The largest difference from the gemeente says most in one sentence. */
	int big = -1;
	for (int g = 0; g < BP_AGE_KWB_GROUPS; g++)
		if (isfinite(out->share[0][g]) && isfinite(out->share[1][g]) &&
		    (big < 0 || fabs(out->share[0][g] - out->share[1][g]) > fabs(out->share[0][big] - out->share[1][big])))
			big = g;
	const char *s = bp_arena_printf(a, en ? "Bar chart of the age structure of %s, %s: the share of the inhabitants "
	                                        "per age group, with markers for %s and the Netherlands."
	                                      : "Staafdiagram leeftijdsopbouw van %s, %s: het aandeel inwoners per "
	                                        "leeftijdsgroep, met markeringen voor %s en Nederland.",
	                                area_name, out->period, gemeente_name);
	if (big >= 0)
		s = bp_arena_printf(a, en ? "%s The largest difference from %s: %s, %s against %s."
		                          : "%s Het grootste verschil met %s: %s, %s tegen %s.", s, gemeente_name,
		                    out->groups[big], num(a, L, out->share[0][big], 1, "%"),
		                    num(a, L, out->share[1][big], 1, "%"));
	out->alt = bp_arena_printf(a, en ? "%s The figures are in the table below." : "%s De cijfers staan in de tabel hieronder.",
	                           s);
	return BP_OK;
}

void bp_report_ages_table(const bp_report_ages *g, bp_html *b)
{
	const bp_lang L = g->lang;
	bp_html_tr(b, L, "<table>\n<caption>Leeftijdsopbouw, ");
	bp_html_text(b, g->period);
	bp_html_tr(b, L, " (% van de inwoners)</caption>\n<thead><tr><th scope=\"col\">Leeftijd</th>");
	const char *names[3] = { g->chart.area.label, g->refs[0].label, bp_tr(L, "Nederland") };
	for (int s = 0; s < 3; s++) {
		bp_html_lit(b, "<th scope=\"col\" class=\"num\">");
		bp_html_text(b, names[s]);
		bp_html_lit(b, "</th>");
	}
	bp_html_lit(b, "</tr></thead>\n<tbody>\n");
	for (int k = 0; k < BP_AGE_KWB_GROUPS; k++) {
		bp_html_lit(b, "<tr><th scope=\"row\">");
		bp_html_text(b, bp_tr(L, bp_age_kwb_groups[k]));
		bp_html_lit(b, "</th>");
		for (int s = 0; s < 3; s++) {
			char v[64];
			snprintf(v, sizeof(v), "%s", bp_tr(L, "geheim of onbekend"));
			if (isfinite(g->share[s][k]))
				bp_numfmt(L, v, sizeof(v), g->share[s][k], 1);
			bp_html_lit(b, "<td class=\"num\">");
			bp_html_text(b, v);
			bp_html_lit(b, "</td>");
		}
		bp_html_lit(b, "</tr>\n");
	}
	bp_html_lit(b, "</tbody>\n</table>\n");
}

/* --- on a district profile ---------------------------------------------------- */

static bp_rc write_ages(const void *c, bp_image_format f, const char *p, bp_error *e)
{
	return bp_agestructure_write(c, f, p, e);
}

/* SVG (shown) and PNG (unless opt->no_png) beside the page, as the other charts of the profile page. */
static bp_rc page_figure(const bp_report_options *opt, const char *gemeente, bp_arena *a, bp_html *b,
                         bp_chart_write_fn w, const void *chart, const char *stem, const char *alt,
                         const char *caption, bp_report_result *res, bp_error *err)
{
	const char *exts[] = { "svg", "png" };
	const bp_image_format fmts[] = { BP_IMAGE_SVG, BP_IMAGE_PNG };
	for (size_t i = 0; i < 2 - (opt->no_png != 0); i++) {
		bp_rc rc = w(chart, fmts[i], bp_arena_printf(a, "%s/%s/%s.%s", opt->output_dir, gemeente, stem, exts[i]),
		             err);
		if (rc)
			return rc;
		res->charts++;
	}
	bp_html_printf(b, "<figure>\n<img src=\"%s.svg\" width=\"800\" alt=\"", stem);
	bp_html_text(b, alt);
	bp_html_lit(b, "\">\n<figcaption>");
	bp_html_text(b, caption);
	if (opt->no_png)
		bp_html_printf_l(b, opt->lang, ". Grafiek als <a href=\"%s.svg\">svg</a>.</figcaption>\n</figure>\n",
		                 ". Chart as <a href=\"%s.svg\">svg</a>.</figcaption>\n</figure>\n", stem);
	else
		bp_html_printf_l(b, opt->lang,
		                 ". Grafiek als <a href=\"%s.svg\">svg</a> · <a href=\"%s.png\">png</a>.</figcaption>\n</figure>\n",
		                 ". Chart as <a href=\"%s.svg\">svg</a> · <a href=\"%s.png\">png</a>.</figcaption>\n</figure>\n",
		                 stem, stem);
	return BP_OK;
}

bp_rc bp_report_area_extras(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                            const char *gemeente_name, const char *code, const char *level,
                            const char *name, int indeling_year, const char *source_line, bp_arena *a,
                            bp_html *b, bp_report_result *res, bp_error *err)
{
	const bp_lang L = opt->lang;
	bp_report_ages g;
	bp_rc rc = bp_report_ages_build_lang(conn, code, name, indeling_year, gemeente, gemeente_name, source_line, L, a,
	                                     &g, err);
	if (rc)
		return rc;
	if (g.found) {
		bp_html_tr(b, L, "<section>\n<h2 id=\"leeftijd\">Leeftijdsopbouw</h2>\n");
		rc = page_figure(opt, gemeente, a, b, write_ages, &g.chart, bp_arena_printf(a, "%s-leeftijd", code),
		                 g.alt, g.source_line, res, err);
		if (rc)
			return rc;
		bp_report_ages_table(&g, b);
		bp_html_lit(b, "</section>\n");
	}

	/* The first map of the layout for this level, with the area outlined.
	 * Other levels are never among its areas: skip loading the ranking
	 * (with its source query over the gemeente's observations, ~20 ms),
	 * which a buurt page would otherwise pay for nothing. */
	if (strcmp(level, "wijk") != 0)
		return BP_OK;
	const bp_layout_chart *lc = NULL;
	for (size_t i = 0; i < opt->layout->n_charts && !lc; i++)
		if (opt->layout->charts[i].type == BP_CHART_MAP && strcmp(opt->layout->charts[i].level, "wijk") == 0)
			lc = &opt->layout->charts[i];
	const bp_indicator_def *d = lc ? bp_indicator_find(opt->indicators, lc->indicator) : NULL;
	if (!d)
		return BP_OK;
	bp_ranking *r = bp_arena_alloc(a, sizeof(*r));
	bp_error quiet = { 0 };
	/* No values or no borders: the gemeente page says so; the profile goes without a map. */
	if (bp_ranking_load_cited(conn, d, gemeente, "wijk", NULL, L, opt->ranking_cites, a, r, &quiet))
		return BP_OK;
	int listed = 0;
	for (size_t i = 0; i < r->n_rows; i++)
		listed |= strcmp(r->rows[i].code, code) == 0;
	if (!listed)
		return BP_OK;
	bp_report_map m;
	rc = bp_report_map_build_lang(conn, r, code, L, a, &m, &quiet);
	if (rc == BP_ERR_NOT_FOUND)
		return BP_OK;
	if (rc) {
		*err = quiet;
		return rc;
	}
	bp_html_tr(b, L, "<section>\n<h2 id=\"kaart\">Kaart: ");
	bp_html_text(b, bp_def_title(d, L));
	bp_html_lit(b, "</h2>\n<p>");
	bp_html_text(b, name);
	bp_html_tr(b, L, " is dik omlijnd, tussen de andere wijken van ");
	bp_html_text(b, gemeente_name);
	bp_html_lit(b, ".</p>\n");
	rc = page_figure(opt, gemeente, a, b, write_map, &m.chart, bp_arena_printf(a, "%s-kaart-%s", code, d->id),
	                 m.alt, m.chart.source, res, err);
	if (rc)
		return rc;
	map_table(&m, a, b);
	bp_html_lit(b, "</section>\n");
	return BP_OK;
}
