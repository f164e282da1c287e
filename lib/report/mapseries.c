/*
 * mapseries.c: maps of one indicator through the periods, as small
 * multiples (render/multiples.h) on the gemeente page.
 *
 * Why one set of classes for all maps: with classes per map, every year
 * shows the same five colours in the same proportions, and a wijk where
 * loneliness rose with the rest of the town would look unchanged.  Shared
 * classes make the colour mean the value, so a change over the years is a
 * change of colour.
 */
#include "report/mapchart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/numfmt.h"
#include "db/pgutil.h"
#include "engine/compute.h"
#include "render/canvas.h"
#include "render/multiples.h"
#include "report/areadata.h"

/* At most this many periods side by side (the newest): a 2x2 grid stays readable. */
#define MAX_PERIODS 4

static bp_rc write_multiples(const void *c, bp_image_format f, const char *p, bp_error *e)
{
	return bp_multiples_write(c, f, p, e);
}

/* The value of code in a ranking, NAN when absent or not published. */
static const bp_ranking_row *row_of(const bp_ranking *r, const char *code)
{
	for (size_t i = 0; i < r->n_rows; i++)
		if (strcmp(r->rows[i].code, code) == 0)
			return &r->rows[i];
	return NULL;
}

static void cell(bp_html *b, const bp_ranking_row *row, const bp_indicator_def *d, bp_lang lang)
{
	char s[64];
	if (row && !isnan(row->value)) {
		bp_numfmt(lang, s, sizeof(s), row->value, d->decimals);
		bp_html_printf(b, "<td class=\"num\">%s</td>", s);
	} else if (row && !bp_suppressed_is_missing(row->suppressed)) {
		bp_html_tr(b, lang, "<td class=\"num\">geheim</td>");
	} else {
		bp_html_lit(b, "<td class=\"num\">–</td>");
	}
}

/* The figures of every map: an area per row, a period per column; title: the drawing's, with its mark. */
static void periods_table(bp_html *b, const bp_ranking *const *r, size_t n, const bp_indicator_def *d,
                          const char *title, bp_lang lang)
{
	const bp_lang L = lang;
	const bp_ranking *newest = r[n - 1];
	bp_html_lit(b, "<table>\n<caption>");
	bp_html_text(b, title);
	bp_html_lit(b, " per ");
	bp_html_text(b, bp_tr(L, newest->level));
	bp_html_lit(b, " (");
	bp_html_text(b, bp_tr(L, d->unit));
	bp_html_tr(b, L, ")</caption>\n<thead><tr><th scope=\"col\">Gebied</th>");
	for (size_t k = 0; k < n; k++)
		bp_html_printf(b, "<th scope=\"col\" class=\"num\">%s</th>", r[k]->period);
	bp_html_lit(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < newest->n_rows; i++) {
		bp_html_lit(b, "<tr><th scope=\"row\">");
		bp_html_text(b, newest->rows[i].name);
		bp_html_lit(b, "</th>");
		for (size_t k = 0; k < n; k++)
			cell(b, row_of(r[k], newest->rows[i].code), d, L);
		bp_html_lit(b, "</tr>\n");
	}
	bp_html_lit(b, "<tr><th scope=\"row\">");
	bp_html_text(b, newest->gemeente_name);
	bp_html_printf(b, " (%s)</th>", bp_tr(L, "gemeente"));
	for (size_t k = 0; k < n; k++)
		cell(b, &r[k]->gemeente, d, L);
	bp_html_lit(b, "</tr>\n</tbody>\n</table>\n");
}

/* "Kaarten van X – modelschatting per wijk in Oss in 2012, 2016 en 2020 ... Oss als geheel: 2012 40,1%, ...":
 * title is the drawing's, with its mark; figures of indeling figures_year drawn on borders of border_year (0:
 * their own) say so, as a single map's alternative does. */
static const char *periods_alt(const bp_ranking *const *r, size_t n, int n_classes, const char *title,
                               int figures_year, int border_year, bp_lang lang, bp_arena *a)
{
	const bp_lang L = lang;
	const int en = L == BP_LANG_EN;
	const bp_indicator_def *d = r[0]->def;
	const char *list = r[0]->period;
	for (size_t k = 1; k < n; k++)
		list = bp_arena_printf(a, "%s%s%s", list, k + 1 == n ? bp_tr(L, " en ") : ", ", r[k]->period);
	const char *s = bp_arena_printf(a, en ? "Maps of %s per %s in %s in %s, side by side, with the same %d classes "
	                                        "in every map, so that a colour means the same value in every year."
	                                      : "Kaarten van %s per %s in %s in %s, naast elkaar, met dezelfde %d klassen "
	                                        "in elke kaart, zodat een kleur in elk jaar dezelfde waarde betekent.",
	                                title, bp_tr(L, r[0]->level), r[0]->gemeente_name, list, n_classes);
	if (border_year)
		s = bp_arena_printf(a, "%s %s", s, bp_report_map_borders_sentence(a, L, figures_year, border_year));
	const char *g = "";
	for (size_t k = 0; k < n; k++) {
		char v[64];
		if (isnan(r[k]->gemeente.value))
			continue;
		bp_value_text_lang(L, v, sizeof(v), r[k]->gemeente.value, d->decimals, bp_tr(L, d->unit));
		g = bp_arena_printf(a, "%s%s%s %s", g, g[0] ? ", " : "", r[k]->period, v);
	}
	if (g[0])
		s = bp_arena_printf(a, en ? "%s %s as a whole: %s." : "%s %s als geheel: %s.", s, r[0]->gemeente_name, g);
	return bp_arena_printf(a, en ? "%s The figures are in the table below." : "%s De cijfers staan in de tabel hieronder.",
	                       s);
}

bp_rc bp_report_map_periods_section(PGconn *conn, const bp_report_options *opt, const bp_layout_chart *lc,
                                    const char *gemeente, bp_arena *a, bp_html *b, const char **sources,
                                    bp_report_result *res, bp_error *err)
{
	const bp_indicator_def *d = bp_layout_indicator(lc, opt->indicators, err);
	if (!d)
		return BP_ERR_CONFIG;
	/* The periods in which the gemeente itself has a value: those are the
	 * years the source covers it. */
	PGresult *pr = NULL;
	const char *p[] = { d->id, gemeente };
	bp_rc rc = bp_pg_query(conn,
		"SELECT DISTINCT period FROM bp.indicator_value WHERE indicator_id = $1 AND area_code = $2 "
		" ORDER BY period", 2, p, &pr, err);
	if (rc)
		return rc;
	int total = PQntuples(pr);
	size_t n = total > MAX_PERIODS ? MAX_PERIODS : (size_t)total;
	const char **periods = bp_arena_alloc(a, (n + 1) * sizeof(*periods));
	for (size_t k = 0; k < n; k++)
		periods[k] = bp_arena_strdup(a, PQgetvalue(pr, total - (int)n + (int)k, 0));
	PQclear(pr);
	const bp_lang L = opt->lang;
	if (n == 0) {
		bp_report_no_values_section(b, d, lc->level, L);
		return BP_OK;
	}
	bp_html_lit(b, "<section>\n<h2 id=\"kaarten-");
	bp_html_text(b, d->id);
	bp_html_lit(b, "\">");
	bp_html_tr(b, L, "Kaarten door de jaren: ");
	bp_html_text(b, bp_def_title(d, L));
	bp_html_lit(b, "</h2>\n");
	if (n == 1) {
		bp_html_printf_l(b, L, "<p>Er zijn alleen cijfers over %s; met een tweede jaar verschijnen hier de kaarten "
		                       "naast elkaar.</p>\n</section>\n", "<p>There are figures for %s only; with a second "
		                       "year the maps appear here side by side.</p>\n</section>\n", periods[0]);
		return BP_OK;
	}

	const bp_ranking **r = bp_arena_alloc(a, n * sizeof(*r));
	bp_choropleth *maps = bp_arena_alloc(a, n * sizeof(*maps));
	bp_panel *panels = bp_arena_alloc(a, n * sizeof(*panels));
	bp_multiples m = { .title = bp_def_title(d, L), .columns = n == 3 ? 3 : 2, .width = 1200 };
	int border_year = 0, figures_year = 0;   /* set when a map draws figures on borders of another indeling */
	for (size_t k = 0; k < n; k++) {
		bp_ranking *rk = bp_arena_alloc(a, sizeof(*rk));
		bp_report_map map;
		bp_error nf = { 0 };
		if ((rc = bp_ranking_load_cited(conn, d, gemeente, lc->level, periods[k], L, opt->ranking_cites, a, rk, &nf)) ||
		    (rc = bp_report_map_build_lang(conn, rk, NULL, L, a, &map, &nf))) {
			if (rc != BP_ERR_NOT_FOUND) {
				*err = nf;
				return rc;
			}
			/* No areas of this level in that period, or no borders: say so (in
			 * the page's language; the library's message is for the log), draw nothing. */
			bp_html_printf_l(b, L, "<p>Geen kaarten: voor %s zijn geen cijfers per %s of geen grenzen van de %s "
			                       "ingelezen (<code>buurtpeil import geojson</code>).</p>\n</section>\n",
			                 "<p>No maps: for %s no figures per %s or no borders of the %s have been loaded "
			                 "(<code>buurtpeil import geojson</code>).</p>\n</section>\n",
			                 periods[k], bp_tr(L, lc->level),
			                 bp_tr(L, strcmp(lc->level, "buurt") == 0 ? "buurten" : "wijken"));
			return BP_OK;
		}
		r[k] = rk;
		if (map.borders_other_year && map.border_year > border_year) {
			border_year = map.border_year;
			figures_year = rk->indeling_year;
		}
		maps[k] = map.chart;
		maps[k].title = rk->period;
		maps[k].subtitle = NULL;
		maps[k].source = NULL;
		maps[k].width = bp_multiples_panel_width(&m);
		maps[k].legend_below = 1;
		maps[k].max_map_height = 360;
		panels[k] = (bp_panel){ BP_PANEL_MAP, &maps[k] };
	}
	/* The title says what kind of figures these are, as a single map's does (bp_ranking_chart). */
	m.title = bp_arena_printf(a, "%s%s", m.title, bp_tr(L, bp_def_suffix(d, r[0]->synthetic)));
	bp_map_classes *shared = bp_arena_alloc(a, sizeof(*shared));
	bp_multiples_share_maps(maps, n, shared);
	int buurt = strcmp(lc->level, "buurt") == 0;
	m.subtitle = bp_arena_printf(a, L == BP_LANG_EN ? "%s of %s, %s to %s (%s); the same classes in every map"
	                                                : "%s van %s, %s tot en met %s (%s); dezelfde klassen in elke kaart",
	                             bp_tr(L, buurt ? "Buurten" : "Wijken"), r[0]->gemeente_name, periods[0], periods[n - 1],
	                             bp_tr(L, d->unit));
	if (border_year)
		m.subtitle = bp_arena_printf(a, L == BP_LANG_EN ? "%s; borders of %d" : "%s; grenzen van %d", m.subtitle,
		                             border_year);
	/* Every period's sources, each with its periods: 50090NED of 2012, 2016 and 2020. */
	bp_cite cite;
	bp_cite_init(&cite, NULL, a);
	cite.lang = L;
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < r[k]->cite.n; i++)
			bp_cite_add(&cite, &r[k]->cite.src[i], r[k]->cite.period[i]);
	m.source = bp_cite_line(&cite);
	m.panels = panels;
	m.n_panels = n;
	*sources = bp_cite_sources(&cite);
	rc = bp_report_layout_figure(opt, lc, gemeente, strcmp(lc->level, "wijk") == 0 ? bp_arena_printf(a, "%s-kaarten", d->id)
	                             : bp_arena_printf(a, "%s-kaarten-%s", d->id, lc->level), write_multiples, &m,
	                             periods_alt(r, n, shared->n, m.title, figures_year, border_year, L, a), m.source,
	                             "Kaarten", a, b, res, err);
	if (rc)
		return rc;
	periods_table(b, r, n, d, m.title, L);
	bp_html_lit(b, "</section>\n");
	return BP_OK;
}
