#include "report/site.h"

#include <ctype.h>
#include <stdlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <errno.h>
#include <dirent.h>
#include <unistd.h>
#include <time.h>

#include "bp_version.h"
#include "core/buf.h"
#include "core/dirreuse.h"
#include "core/dirstage.h"
#include "core/fsutil.h"
#include "core/manifest.h"
#include "db/pgutil.h"
#include "render/choropleth.h"
#include "render/profile.h"
#include "render/trend.h"
#include "report/areadata.h"
#include "report/effect_report.h"
#include "report/needs_report.h"
#include "report/pdf_profile.h"

typedef struct site_ctx {
	PGconn *conn;
	const char *dir;
	const bp_layout *layout;
	const bp_indicator_set *set;
	bp_site_result *res;
	bp_html rows;                 /* the index table's rows */
	bp_buf sources;              /* every gemeente's sources, for the index */
	bp_html maps;                 /* the gemeenten's maps, for the index */
	const bp_indicator_def **cols; /* index columns */
	int *cols_synthetic;         /* [n_cols]: synthetic values in a gemeente: its header says so */
	size_t n_cols;
	bp_arena *notice_arena;      /* owns synthetic_surveys */
	const char *synthetic_surveys; /* for the index's notice: of the first gemeente with synthetic figures
	                                  ("" when unnamed); NULL: none */
} site_ctx;

static const bp_html_page *frame(bp_arena *a, const char *title)
{
	bp_html_page *p = bp_arena_alloc(a, sizeof(*p));
	*p = (bp_html_page){ BP_HTML_SITE, title };
	return p;
}

static bp_rc write_page(site_ctx *x, bp_arena *a, const char *name, const bp_html *b, bp_error *err)
{
	bp_rc rc = bp_file_write_atomic(bp_arena_printf(a, "%s/%s", x->dir, name), b->buf.data, b->buf.len, err);
	if (rc == BP_OK)
		x->res->pages++;
	return rc;
}

static const char *value_text(bp_arena *a, const bp_area_series *s, long i)
{
	if (i < 0)
		return "geen gegevens";
	if (isnan(s->value[i]))
		return bp_area_series_reason(s, i);
	return bp_fmt_nl(a, s->value[i], s->def->decimals);
}

static void td_ref(bp_html *b, bp_arena *a, double v, int decimals, int diff)
{
	bp_html_lit(b, "<td class=\"num\">");
	bp_html_text(b, isnan(v) ? "–" : diff ? bp_fmt_diff_nl(a, v, decimals) : bp_fmt_nl(a, v, decimals));
	bp_html_lit(b, "</td>");
}

/* Right under a page's h1 (its first screen), when it shows synthetic figures. */
static void synthetic_notice(bp_html *b, bp_arena *a, const bp_area_scope *sc)
{
	if (sc->any_synthetic)
		bp_synthetic_notice_html(b, a, sc->surveys);
}

/* Key figures of an area against the gemeente (with_gm) and Nederland. */
static void key_table(bp_html *b, bp_arena *a, const bp_area_scope *sc, const char *name, const bp_area_series *s,
                      int with_gm)
{
	bp_html_lit(b, "<h2 id=\"kerncijfers\">Kerncijfers</h2>\n<table>\n<caption>");
	bp_html_text(b, name);
	bp_html_choose(b, with_gm, " vergeleken met de gemeente en Nederland", " vergeleken met Nederland");
	bp_html_lit(b, ", laatste periode</caption>\n<thead><tr><th scope=\"col\">Indicator</th>"
	               "<th scope=\"col\">Periode</th><th scope=\"col\" class=\"num\">");
	bp_html_text(b, name);
	bp_html_lit(b, "</th>");
	if (with_gm) {
		bp_html_lit(b, "<th scope=\"col\" class=\"num\">");
		bp_html_text(b, sc->gemeente_name);
		bp_html_lit(b, "</th><th scope=\"col\" class=\"num\">Verschil met ");
		bp_html_text(b, sc->gemeente_name);
		bp_html_lit(b, "</th>");
	}
	bp_html_lit(b, "<th scope=\"col\" class=\"num\">Nederland</th><th scope=\"col\" class=\"num\">Verschil met "
	               "Nederland</th></tr></thead>\n<tbody>\n");
	bp_cite cite;
	bp_cite_init(&cite, sc->cites, a);
	for (size_t k = 0; k < sc->n_defs; k++) {
		const bp_area_series *x = &s[k];
		long i = bp_area_series_latest(x);
		int dec = x->def->decimals;
		if (i >= 0) {
			/* Enough digits that the area and its references never read the
			 * same while their difference says otherwise ("90 | 90 | -1"). */
			double shown[3] = { x->value[i], with_gm ? x->gm[i] : NAN, x->nl[i] };
			dec = bp_decimals_apart(shown, 3, dec);
			bp_cite_def(&cite, x->def, x->period[i]);
		}
		bp_html_lit(b, "<tr><th scope=\"row\">");
		bp_html_text(b, x->def->title_nl);
		bp_html_lit(b, " (");
		bp_html_text(b, x->def->unit);
		bp_html_lit(b, ")");
		bp_html_text(b, bp_synthetic_suffix(x->synthetic));
		bp_html_lit(b, "</th><td>");
		bp_html_text(b, i < 0 ? "–" : x->period[i]);
		bp_html_lit(b, "</td><td class=\"num\">");
		bp_html_text(b, i >= 0 && !isnan(x->value[i]) ? bp_fmt_nl(a, x->value[i], dec) : value_text(a, x, i));
		bp_html_lit(b, "</td>");
		if (with_gm) {
			td_ref(b, a, i < 0 ? NAN : x->gm[i], dec, 0);
			td_ref(b, a, i < 0 ? NAN : x->gm_diff[i], dec, 1);
		}
		td_ref(b, a, i < 0 ? NAN : x->nl[i], dec, 0);
		td_ref(b, a, i < 0 ? NAN : x->nl_diff[i], dec, 1);
		bp_html_lit(b, "</tr>\n");
	}
	bp_html_lit(b, "</tbody>\n</table>\n<p class=\"bron\">Verschil: de waarde van het gebied min die van de "
	               "referentie, berekend vóór het afronden. ");
	bp_html_text(b, bp_cite_line(&cite));
	bp_html_lit(b, ".</p>\n");
}

static bp_rc theme_section(site_ctx *x, bp_html *b, bp_arena *a, const bp_area_scope *sc, const bp_area_ref *ar,
                           const bp_area_series *s, const char *theme, bp_error *err)
{
	bp_profile_item *items;
	const char *period;
	size_t n = bp_area_theme_items(a, sc, s, theme, &items, &period);
	bp_buf alt;
	bp_buf_init(&alt);
	for (size_t k = 0; k < n; k++) {
		const bp_profile_item *it = &items[k];
		bp_buf_printf(&alt, "%s %s: %s%s", k > 0 ? ";" : "", it->label,
		              isnan(it->value) ? it->missing_reason : bp_fmt_nl(a, it->value, it->decimals),
		              isnan(it->value) ? "" : it->unit);
		if (!isnan(it->ref))
			bp_buf_printf(&alt, " tegen %s%s in %s", bp_fmt_nl(a, it->ref, it->decimals), it->unit,
			              sc->gemeente_name);
		char diff[64];   /* the difference the bar stands for, as the chart writes it */
		bp_profile_diff_text(diff, sizeof(diff), it);
		if (*diff)
			bp_buf_printf(&alt, " (%s)", diff);
	}
	if (n == 0) {
		bp_buf_release(&alt);
		return BP_OK;
	}
	const char *tt = bp_theme_title(a, theme);
	/* The subtitle names the periods shown, the source line their sources. */
	bp_cite cite;
	bp_cite_init(&cite, sc->cites, a);
	bp_area_theme_cite(sc, s, theme, &cite);
	const char *periods = bp_cite_periods(&cite);
	bp_profile chart = {
		.title = bp_arena_printf(a, "%s: %s%s", ar->name, tt, bp_area_theme_synthetic_suffix(sc, s, theme)),
		.subtitle = bp_arena_printf(a, "Vergeleken met %s%s%s", sc->gemeente_name, *periods ? ", " : "", periods),
		.source = bp_cite_line(&cite),
		.area = ar->name,
		.reference = sc->gemeente_name,
		.items = items,
		.n_items = n,
		.width = 800,
	};
	bp_profile_fit_width(&chart, 800);
	const char *img = bp_arena_printf(a, "img/%s-%s.svg", ar->code, bp_path_slug(a, theme));
	bp_rc rc = bp_profile_write(&chart, BP_IMAGE_SVG, bp_arena_printf(a, "%s/%s", x->dir, img), err);
	if (rc) {
		bp_buf_release(&alt);
		return rc;
	}
	x->res->files++;
	const char *id = bp_path_slug(a, theme);
	bp_html_printf(b, "<h2 id=\"profiel-%s\">Profiel: ", id);
	bp_html_text(b, tt);
	bp_html_lit(b, "</h2>\n<p>Elke balk is het verschil met ");
	bp_html_text(b, sc->gemeente_name);
	bp_html_printf(b, ": bij percentages in procentpunten, bij andere eenheden in procenten van de waarde van de "
	                 "gemeente. Rechts is gunstiger, links ongunstiger; grijze balken horen bij indicatoren zonder "
	                 "gunstige kant. Een balk die verder gaat dan de as is afgebroken; het cijfer staat erbij.</p>\n"
	                 "<figure>\n<img src=\"%s\" "
	                 "width=\"%d\" alt=\"", img, chart.width);
	bp_html_text(b, bp_arena_printf(a, "Profieldiagram %s van %s, vergeleken met %s.%s. De cijfers staan in de "
	                                      "tabel onder de grafiek.", tt, ar->name, sc->gemeente_name, alt.data));
	bp_html_lit(b, "\">\n<figcaption>");
	bp_html_text(b, chart.source);
	bp_html_lit(b, "</figcaption>\n</figure>\n<table>\n<caption>De cijfers van de grafiek ");
	bp_html_text(b, tt);
	bp_html_text(b, bp_area_theme_synthetic_suffix(sc, s, theme));
	bp_html_lit(b, "</caption>\n<thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\" class=\"num\">");
	bp_html_text(b, ar->name);
	bp_html_lit(b, "</th><th scope=\"col\" class=\"num\">");
	bp_html_text(b, sc->gemeente_name);
	bp_html_lit(b, "</th><th scope=\"col\" class=\"num\">Verschil (procentpunt, anders % van de gemeente)</th>"
	               "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const bp_profile_item *it = &items[i];
		double score = bp_profile_score(it);
		bp_html_lit(b, "<tr><th scope=\"row\">");
		bp_html_text(b, it->label);
		bp_html_lit(b, "</th><td class=\"num\">");
		bp_html_text(b, isnan(it->value) ? it->missing_reason
		                                     : bp_arena_printf(a, "%s%s", bp_fmt_nl(a, it->value, it->decimals), it->unit));
		bp_html_lit(b, "</td><td class=\"num\">");
		bp_html_text(b, isnan(it->ref) ? "–" : bp_arena_printf(a, "%s%s", bp_fmt_nl(a, it->ref, it->decimals), it->unit));
		bp_html_lit(b, "</td><td class=\"num\">");
		/* The table shows the plain difference as the chart writes it; the bar flips it for higher-is-worse. */
		char diff[64];
		bp_profile_diff_text(diff, sizeof(diff), it);
		bp_html_text(b, isnan(score) ? "–" : diff);
		bp_html_lit(b, "</td></tr>\n");
	}
	bp_html_lit(b, "</tbody>\n</table>\n");
	bp_buf_release(&alt);
	return BP_OK;
}

static bp_rc trend_section(site_ctx *x, bp_html *b, bp_arena *a, const bp_area_scope *sc, const bp_area_ref *ar,
                           const bp_area_series *d, bp_error *err)
{
	const bp_indicator_def *def = d->def;
	bp_trend_series *s = bp_arena_alloc(a, 3 * sizeof(*s));
	memset(s, 0, 3 * sizeof(*s));
	s[0].label = ar->name;
	s[0].value = d->value;
	s[0].ci_lo = d->ci_lo;
	s[0].ci_hi = d->ci_hi;
	s[1].label = sc->gemeente_name;
	s[1].value = d->gm;
	s[2].label = "Nederland";
	s[2].value = d->nl;
	const char *first = d->period[0], *last = d->period[d->n - 1];
	bp_cite cite;
	bp_cite_init(&cite, sc->cites, a);
	for (size_t i = 0; i < d->n; i++)
		bp_cite_def(&cite, def, d->period[i]);
	bp_trend chart = {
		.title = bp_arena_printf(a, "%s%s", def->title_nl, bp_synthetic_suffix(d->synthetic)),
		.subtitle = bp_arena_printf(a, "%s, %s en Nederland, %s-%s, %s", ar->name, sc->gemeente_name, first, last,
		                            def->unit),
		.source = bp_cite_line(&cite), .unit = def->unit, .decimals = def->decimals,
		.periods = d->period, .n_periods = d->n, .series = s, .n_series = 3,
		.marker = { .year = NAN }, .width = 800,
	};
	const char *img = bp_arena_printf(a, "img/%s-trend-%s.svg", ar->code, def->id);
	bp_rc rc = bp_trend_write(&chart, BP_IMAGE_SVG, bp_arena_printf(a, "%s/%s", x->dir, img), err);
	if (rc)
		return rc;
	x->res->files++;
	bp_html_printf(b, "<h2 id=\"trend-%s\">Ontwikkeling: ", def->id);
	bp_html_text(b, chart.title);
	bp_html_printf(b, "</h2>\n<figure>\n<img src=\"%s\" width=\"800\" alt=\"", img);
	bp_html_text(b, bp_arena_printf(a, "Lijndiagram %s van %s, %s en Nederland, van %s tot %s. De cijfers staan "
	                                      "in de tabel onder de grafiek.", chart.title, ar->name, sc->gemeente_name,
	                                      first, last));
	bp_html_lit(b, "\">\n<figcaption>");
	bp_html_text(b, chart.source);
	bp_html_lit(b, "</figcaption>\n</figure>\n<table>\n<caption>");
	bp_html_text(b, chart.title);
	bp_html_lit(b, " per periode (");
	bp_html_text(b, def->unit);
	bp_html_lit(b, ")</caption>\n<thead><tr><th scope=\"col\">Periode</th><th scope=\"col\" class=\"num\">");
	bp_html_text(b, ar->name);
	bp_html_lit(b, "</th><th scope=\"col\" class=\"num\">");
	bp_html_text(b, sc->gemeente_name);
	bp_html_lit(b, "</th><th scope=\"col\" class=\"num\">Nederland</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->n; i++) {
		bp_html_lit(b, "<tr><th scope=\"row\">");
		bp_html_text(b, d->period[i]);
		bp_html_lit(b, "</th><td class=\"num\">");
		bp_html_text(b, value_text(a, d, (long)i));
		bp_html_lit(b, "</td>");
		td_ref(b, a, d->gm[i], def->decimals, 0);
		td_ref(b, a, d->nl[i], def->decimals, 0);
		bp_html_lit(b, "</tr>\n");
	}
	bp_html_lit(b, "</tbody>\n</table>\n");
	return BP_OK;
}

/*
 * A map of def over the wijken of the gemeente (the area `highlight`
 * outlined), written as img/<stem>.svg, with its text alternative and its
 * figures as a table.  Nothing when no border of the gemeente is loaded.
 */
static bp_rc map_figure(site_ctx *x, bp_html *b, bp_arena *a, const bp_area_scope *sc, const char *level,
                        const bp_indicator_def *def, const char *highlight, const char *stem, int compact,
                        bp_error *err)
{
	bp_choropleth chart;
	const char *period;
	const char **reasons = NULL;
	bp_rc rc = bp_area_map_load_reasons(x->conn, sc, level, def, highlight, a, &chart, &period, &reasons, err);
	if (rc || chart.n_areas == 0)
		return rc;
	if (compact) {
		/* Side by side on the index: narrower, legend under the map. */
		chart.width = 460;
		chart.max_map_height = 380;
		chart.legend_below = 1;
	}
	const bp_map_area *areas = chart.areas;
	size_t n = chart.n_areas;
	bp_choropleth_layout lay;
	rc = bp_choropleth_compute_layout(&chart, a, &lay, err);
	if (rc)
		return rc;
	const char *img = bp_arena_printf(a, "img/%s.svg", stem);
	rc = bp_choropleth_write(&chart, BP_IMAGE_SVG, bp_arena_printf(a, "%s/%s", x->dir, img), err);
	if (rc)
		return rc;
	x->res->files++;
	bp_buf alt;
	bp_buf_init(&alt);
	bp_buf_printf(&alt, "Kaart van %s per %s van %s, %s, in %d klassen van licht naar donker:", chart.title, level,
	              sc->gemeente_name, period, lay.classes.n);
	for (int k = 0; k < lay.classes.n; k++)
		bp_buf_printf(&alt, "%s %s tot en met %s%s (%d)", k ? ";" : "", bp_fmt_nl(a, lay.classes.lower[k], def->decimals),
		              bp_fmt_nl(a, lay.classes.upper[k], def->decimals), def->unit, lay.classes.count[k]);
	if (highlight)
		for (size_t i = 0; i < n; i++)
			if (areas[i].highlight)
				bp_buf_printf(&alt, ". %s is omlijnd", areas[i].name);
	bp_buf_printf(&alt, ". De cijfers per %s staan in de tabel onder de kaart.", level);
	bp_html_printf(b, "<figure>\n<img src=\"%s\" width=\"%d\" alt=\"", img, (int)lay.width);
	bp_html_text(b, alt.data);
	bp_html_lit(b, "\">\n<figcaption>");
	bp_html_text(b, chart.source);
	bp_html_lit(b, "; kaartgrenzen: CBS/PDOK Wijk- en buurtkaart.</figcaption>\n</figure>\n");
	bp_buf_release(&alt);
	bp_html_lit(b, "<details>\n<summary>De cijfers van de kaart</summary>\n<table>\n<caption>");
	bp_html_text(b, chart.title);
	bp_html_printf(b, " per %s van ", level);
	bp_html_text(b, sc->gemeente_name);
	bp_html_printf(b, ", %s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">", period,
	              strcmp(level, "buurt") == 0 ? "Buurt" : "Wijk");
	bp_html_text(b, def->title_nl);
	bp_html_printf(b, " (%s)</th><th scope=\"col\" class=\"num\">Klasse</th></tr></thead>\n<tbody>\n", def->unit);
	for (size_t i = 0; i < n; i++) {
		int page = 0;
		for (size_t k = 0; k < sc->n_areas && !page; k++)
			page = strcmp(sc->areas[k].code, areas[i].code) == 0;
		bp_html_lit(b, "<tr><th scope=\"row\">");
		if (page)
			bp_html_printf(b, "<a href=\"%s.html\">", areas[i].code);
		bp_html_text(b, areas[i].name);
		bp_html_choose(b, page, "</a></th><td class=\"num\">", "</th><td class=\"num\">");
		int cls = lay.cls[i];
		bp_html_text(b, areas[i].status == BP_MAP_VALUE ? bp_fmt_nl(a, areas[i].value, def->decimals)
		                                                   : reasons[i]);
		bp_html_lit(b, "</td><td class=\"num\">");
		if (cls >= 0)
			bp_html_printf(b, "%d van %d", cls + 1, lay.classes.n);
		else
			bp_html_lit(b, "–");
		bp_html_lit(b, "</td></tr>\n");
	}
	bp_html_lit(b, "</tbody>\n</table>\n</details>\n");
	return BP_OK;
}

/* The indicator of the maps: the first of the layout with values in the gemeente. */
static const bp_indicator_def *map_indicator(const site_ctx *x, const bp_area_scope *sc)
{
	for (size_t i = 0; x->layout && i < x->layout->n_charts; i++)
		for (size_t k = 0; k < sc->n_defs; k++)
			if (strcmp(sc->defs[k]->id, x->layout->charts[i].indicator) == 0)
				return sc->defs[k];
	return sc->n_defs ? sc->defs[0] : NULL;
}

/* One row of the index table. */
static void index_row(site_ctx *x, bp_arena *a, const bp_area_scope *sc, const bp_area_ref *ar,
                      const bp_area_series *s)
{
	bp_html *b = &x->rows;
	bp_html_lit(b, "<tr data-zoek=\"");
	char *q = bp_arena_printf(a, "%s %s %s", ar->name, ar->code, sc->gemeente_name);
	for (char *p = q; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	bp_html_text(b, q);
	bp_html_printf(b, "\" data-gemeente=\"%s\" data-soort=\"%s\"><th scope=\"row\"><a href=\"%s.html\">",
	              sc->gemeente, ar->level, ar->code);
	bp_html_text(b, ar->name);
	bp_html_lit(b, "</a></th><td>");
	bp_html_text(b, bp_level_nl(ar->level));
	bp_html_lit(b, "</td><td>");
	bp_html_text(b, sc->gemeente_name);
	bp_html_lit(b, "</td>");
	for (size_t c = 0; c < x->n_cols; c++) {
		const bp_area_series *d = NULL;
		for (size_t k = 0; k < sc->n_defs; k++)
			if (s[k].def == x->cols[c])
				d = &s[k];
		long i = d ? bp_area_series_latest(d) : -1;
		if (!d || i < 0 || isnan(d->value[i])) {
			bp_html_lit(b, "<td class=\"num\" data-v=\"\">");
			bp_html_text(b, d ? bp_area_series_reason(d, i) : "–");
			bp_html_lit(b, "</td>");
		} else {
			bp_html_printf(b, "<td class=\"num\" data-v=\"%.10g\">%s</td>", d->value[i],
			              bp_fmt_nl(a, d->value[i], d->def->decimals));
		}
	}
	bp_html_lit(b, "</tr>\n");
}

static bp_rc area_page(site_ctx *x, const bp_area_scope *sc, const bp_area_ref *ar, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_area_series *s = NULL;
	bp_html b;
	bp_html_init(&b);
	bp_rc rc = bp_area_series_load(x->conn, sc, ar->code, ar->year, a, &s, err);
	if (rc)
		goto out;
	index_row(x, a, sc, ar, s);
	rc = bp_pdf_area_profile(x->conn, sc, ar, bp_arena_printf(a, "%s/pdf/%s.pdf", x->dir, ar->code), err);
	if (rc)
		goto out;
	x->res->files++;
	const bp_html_page *fr = frame(a, bp_arena_printf(a, "%s (%s): gebiedsprofiel", ar->name, sc->gemeente_name));
	bp_html_page_begin(&b, fr);
	bp_html_printf(&b, "<nav class=\"kruimel\" aria-label=\"Kruimelpad\"><a href=\"index.html\">Alle gebieden</a> › "
	                  "<a href=\"%s.html\">", sc->gemeente);
	bp_html_text(&b, sc->gemeente_name);
	bp_html_lit(&b, "</a>");
	if (ar->wijk) {
		bp_html_printf(&b, " › <a href=\"%s.html\">wijk %s</a>", ar->wijk, ar->wijk);
	}
	bp_html_lit(&b, "</nav>\n<h1>");
	bp_html_text(&b, ar->name);
	bp_html_lit(&b, "</h1>\n");
	int synth = 0;
	for (size_t k = 0; k < sc->n_defs; k++)
		synth |= s[k].synthetic;
	if (synth)
		bp_synthetic_notice_html(&b, a, sc->surveys);
	bp_html_lit(&b, "<p class=\"lead\">");
	bp_html_text(&b, bp_level_nl(ar->level));
	bp_html_lit(&b, " ");
	bp_html_text(&b, ar->code);
	bp_html_lit(&b, " in ");
	bp_html_text(&b, sc->gemeente_name);
	bp_html_printf(&b, "</p>\n<p>Dit profiel vergelijkt het gebied met de gemeente als geheel en met Nederland. "
	                  "Bij elke grafiek staan de cijfers in een tabel. <a href=\"pdf/%s.pdf\">Profiel als PDF "
	                  "(A4)</a>.</p>\n", ar->code);
	key_table(&b, a, sc, ar->name, s, 1);
	const bp_indicator_def *md = map_indicator(x, sc);
	if (md && (strcmp(ar->level, "wijk") == 0 || strcmp(ar->level, "buurt") == 0)) {
		bp_html m;
		bp_html_init(&m);
		rc = map_figure(x, &m, a, sc, ar->level, md, ar->code, bp_arena_printf(a, "kaart-%s", ar->code), 0, err);
		if (rc == BP_OK && m.buf.len) {
			bp_html_lit(&b, "<h2 id=\"kaart\">Kaart: ");
			bp_html_text(&b, md->title_nl);
			bp_html_lit(&b, "</h2>\n");
			bp_html_append(&b, &m);
		}
		bp_html_release(&m);
		if (rc)
			goto out;
	}
	if (strcmp(ar->level, "wijk") == 0) {
		int any = 0;
		for (size_t i = 0; i < sc->n_areas; i++) {
			const bp_area_ref *bu = &sc->areas[i];
			if (!bu->wijk || strcmp(bu->wijk, ar->code) != 0 || !bp_path_safe_name(bu->code))
				continue;
			bp_html_choose(&b, any, ", ", "<h2 id=\"buurten\">Buurten in deze wijk</h2>\n<p>");
			bp_html_printf(&b, "<a href=\"%s.html\">", bu->code);
			bp_html_text(&b, bu->name);
			bp_html_lit(&b, "</a>");
			any = 1;
		}
		if (any)
			bp_html_lit(&b, ".</p>\n");
	}
	for (size_t t = 0; t < sc->n_themes && rc == BP_OK; t++)
		rc = theme_section(x, &b, a, sc, ar, s, sc->themes[t], err);
	for (size_t k = 0; k < sc->n_defs && rc == BP_OK; k++)
		if (s[k].n >= 2)
			rc = trend_section(x, &b, a, sc, ar, &s[k], err);
	if (rc)
		goto out;
	bp_html_page_end(&b, fr, sc->sources, NULL);
	rc = write_page(x, a, bp_arena_printf(a, "%s.html", ar->code), &b, err);
	x->res->areas++;
out:
	bp_html_release(&b);
	bp_arena_free(a);
	return rc;
}

/* What every gemeente gives the index whether its pages are rendered or kept: its scope and
 * series, the notice's surveys, its sources. */
static bp_rc gemeente_begin(site_ctx *x, const char *gemeente, bp_arena *a, bp_area_scope *sc, bp_area_series **s,
                            bp_error *err)
{
	bp_rc rc = bp_area_scope_load(x->conn, x->set, gemeente, a, sc, err);
	if (rc == BP_OK && !bp_path_safe_name(gemeente))
		rc = bp_fail(err, BP_ERR_CONFIG, "gemeente code '%s' cannot be a file name", gemeente);
	if (rc == BP_OK)
		rc = bp_area_series_load(x->conn, sc, gemeente, sc->year, a, s, err);
	if (rc)
		return rc;
	if (!x->synthetic_surveys && sc->any_synthetic)
		x->synthetic_surveys = sc->surveys ? bp_arena_strdup(x->notice_arena, sc->surveys) : "";
	sc->map_def = map_indicator(x, sc);
	bp_buf_printf(&x->sources, "%s%s", x->sources.len ? "; " : "", sc->sources);
	return BP_OK;
}

/* The gemeente's small map on the index (img/kaart-klein-GM.svg); nothing without borders. */
static bp_rc index_map(site_ctx *x, const bp_area_scope *sc, const bp_indicator_def *md, const char *gemeente,
                       bp_arena *a, bp_error *err)
{
	bp_html m;
	bp_html_init(&m);
	bp_rc rc = map_figure(x, &m, a, sc, "wijk", md, NULL, bp_arena_printf(a, "kaart-klein-%s", gemeente), 1, err);
	if (rc == BP_OK && m.buf.len) {
		bp_html_printf(&x->maps, "<section>\n<h3 id=\"kaart-%s\">", gemeente);
		bp_html_text(&x->maps, sc->gemeente_name);
		bp_html_lit(&x->maps, "</h3>\n");
		bp_html_append(&x->maps, &m);
		bp_html_lit(&x->maps, "</section>\n");
	}
	bp_html_release(&m);
	return rc;
}

/*
 * A gemeente whose pages are kept (bp_site_publish_reuse): only what the
 * index shows of it, in the order gemeente_pages gives it (its map, then a
 * row per area as area_page writes it), and nothing else drawn.
 */
static bp_rc gemeente_index_only(site_ctx *x, const char *gemeente, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_area_scope sc;
	bp_area_series *s = NULL;
	bp_rc rc = gemeente_begin(x, gemeente, a, &sc, &s, err);
	if (rc == BP_OK && sc.map_def)
		rc = index_map(x, &sc, sc.map_def, gemeente, a, err);
	for (size_t i = 0; i < sc.n_areas && rc == BP_OK; i++) {
		const bp_area_ref *ar = &sc.areas[i];
		if (!bp_path_safe_name(ar->code))
			continue;
		rc = bp_area_series_load(x->conn, &sc, ar->code, ar->year, a, &s, err);
		if (rc == BP_OK) {
			index_row(x, a, &sc, ar, s);
			x->res->areas++;
		}
	}
	bp_arena_free(a);
	return rc;
}

static bp_rc gemeente_pages(site_ctx *x, const char *gemeente, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_area_scope sc;
	bp_area_series *s = NULL;
	bp_needs_overview no;
	bp_html b;
	bp_html_init(&b);
	bp_rc rc = gemeente_begin(x, gemeente, a, &sc, &s, err);
	if (rc)
		goto out;

	/* The gemeente's own page. */
	{
		bp_report_options ro = { .output_dir = x->dir, .indicators = x->set, .layout = x->layout };
		rc = bp_pdf_gemeente(x->conn, &ro, &sc, bp_arena_printf(a, "%s/pdf/%s.pdf", x->dir, gemeente), err);
		if (rc)
			goto out;
		x->res->files++;
	}
	const bp_html_page *fr = frame(a, bp_arena_printf(a, "%s: wijken in cijfers", sc.gemeente_name));
	bp_html_page_begin(&b, fr);
	bp_html_lit(&b, "<nav class=\"kruimel\" aria-label=\"Kruimelpad\"><a href=\"index.html\">Alle gebieden</a></nav>\n"
	                "<h1>");
	bp_html_text(&b, sc.gemeente_name);
	bp_html_lit(&b, "</h1>\n");
	synthetic_notice(&b, a, &sc);
	bp_html_printf(&b, "<p class=\"lead\">Gemeente %s</p>\n<p><a href=\"behoeften-%s.html\">Behoeftenoverzicht"
	                  "</a> · <a href=\"pdf/%s.pdf\">Gemeenteoverzicht als PDF (A4)</a></p>\n", gemeente, gemeente,
	              gemeente);
	key_table(&b, a, &sc, sc.gemeente_name, s, 0);
	const bp_indicator_def *md = map_indicator(x, &sc);
	if (md) {
		bp_html m;
		bp_html_init(&m);
		rc = map_figure(x, &m, a, &sc, "wijk", md, NULL, bp_arena_printf(a, "kaart-%s", gemeente), 0, err);
		if (rc == BP_OK && m.buf.len) {
			bp_html_lit(&b, "<h2 id=\"kaart\">Kaart: ");
			bp_html_text(&b, md->title_nl);
			bp_html_lit(&b, "</h2>\n");
			bp_html_append(&b, &m);
			rc = index_map(x, &sc, md, gemeente, a, err);
		}
		bp_html_release(&m);
		if (rc)
			goto out;
	}
	bp_html_lit(&b, "<h2 id=\"gebieden\">Gebieden</h2>\n<ul>\n");
	for (size_t i = 0; i < sc.n_areas; i++) {
		const bp_area_ref *ar = &sc.areas[i];
		if (strcmp(ar->level, "buurt") == 0 || !bp_path_safe_name(ar->code))
			continue;
		bp_html_printf(&b, "<li><a href=\"%s.html\">", ar->code);
		bp_html_text(&b, ar->name);
		bp_html_lit(&b, "</a> (");
		bp_html_text(&b, bp_level_nl(ar->level));
		bp_html_lit(&b, ")</li>\n");
	}
	bp_html_lit(&b, "</ul>\n<p>De buurten staan in de tabel op de <a href=\"index.html\">startpagina</a> en op de "
	                "pagina van hun wijk.</p>\n");
	bp_html_page_end(&b, fr, sc.sources, NULL);
	rc = write_page(x, a, bp_arena_printf(a, "%s.html", gemeente), &b, err);
	if (rc)
		goto out;

	/* The needs overview. */
	rc = bp_needs_overview_load(x->conn, x->set, gemeente, a, &no, err);
	if (rc)
		goto out;
	bp_html_reset(&b);
	fr = frame(a, bp_arena_printf(a, "Behoeftenoverzicht %s", sc.gemeente_name));
	bp_html_page_begin(&b, fr);
	bp_html_printf(&b, "<nav class=\"kruimel\" aria-label=\"Kruimelpad\"><a href=\"index.html\">Alle gebieden</a> › "
	                  "<a href=\"%s.html\">", gemeente);
	bp_html_text(&b, sc.gemeente_name);
	bp_html_lit(&b, "</a></nav>\n");
	bp_needs_overview_html(&no, "%s.html", a, &b);
	bp_html_page_end(&b, fr, sc.sources, NULL);
	rc = write_page(x, a, bp_arena_printf(a, "behoeften-%s.html", gemeente), &b, err);
	if (rc)
		goto out;

	for (size_t i = 0; i < sc.n_areas && rc == BP_OK; i++)
		if (bp_path_safe_name(sc.areas[i].code))
			rc = area_page(x, &sc, &sc.areas[i], err);
out:
	bp_html_release(&b);
	bp_arena_free(a);
	return rc;
}

bp_rc bp_site_check_out_dir(const char *dir, int force, bp_error *err)
{
	struct stat st;
	if (stat(dir, &st) != 0)
		return BP_OK;   /* not there (or unreadable: dirstage says why) */
	if (!S_ISDIR(st.st_mode)) {
		bp_error_at(err, dir, 0, 0);
		return bp_fail(err, BP_ERR_USAGE, "the output exists and is not a folder");
	}
	if (force)
		return BP_OK;
	DIR *d = opendir(dir);
	if (!d) {
		bp_error_at(err, dir, 0, 0);
		return bp_fail(err, BP_ERR_IO, "cannot read the output folder: %s", strerror(errno));
	}
	int n = 0, marker = 0, legacy = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		n++;
		marker |= strcmp(e->d_name, BP_SITE_MARKER) == 0;
		legacy |= strcmp(e->d_name, "index.html") == 0 ? 1
		        : strcmp(e->d_name, "site.css") == 0  ? 2
		        : strcmp(e->d_name, "site.js") == 0   ? 4 : 0;
	}
	closedir(d);
	if (n == 0 || marker || legacy == 7)
		return BP_OK;
	bp_error_at(err, dir, 0, 0);
	bp_fail(err, BP_ERR_USAGE, "the output folder is not a site buurtpeil published (no %s in it): publishing would "
	        "remove its %d file(s)", BP_SITE_MARKER, n);
	bp_error_hint(err, "choose a new or empty folder, or use --force to replace this one with all it holds");
	return BP_ERR_USAGE;
}

static bp_rc publish(PGconn *conn, const bp_indicator_set *set, const bp_layout *layout,
                     const char *const *gemeenten, size_t n, const char *dir, const char *effects_dir,
                     int force, const bp_site_reuse *reuse, bp_site_result *res, bp_error *err);

bp_rc bp_site_publish(PGconn *conn, const bp_indicator_set *set, const bp_layout *layout,
                      const char *const *gemeenten, size_t n, const char *dir, const char *effects_dir,
                      bp_site_result *res, bp_error *err)
{
	return publish(conn, set, layout, gemeenten, n, dir, effects_dir, 0, NULL, res, err);
}

bp_rc bp_site_publish_force(PGconn *conn, const bp_indicator_set *set, const bp_layout *layout,
                            const char *const *gemeenten, size_t n, const char *dir, const char *effects_dir,
                            bp_site_result *res, bp_error *err)
{
	return publish(conn, set, layout, gemeenten, n, dir, effects_dir, 1, NULL, res, err);
}

bp_rc bp_site_publish_reuse(PGconn *conn, const bp_indicator_set *set, const bp_layout *layout,
                            const char *const *gemeenten, size_t n, const char *dir, const char *effects_dir,
                            const bp_site_reuse *reuse, bp_site_result *res, bp_error *err)
{
	return publish(conn, set, layout, gemeenten, n, dir, effects_dir, 0, reuse, res, err);
}

/* Whether every file the manifest lists (and the index) is still in the published site: a file
 * removed by hand makes the site be staged again rather than stay missing. */
static int site_whole(const char *dir, const bp_manifest *m, const char *const *gemeenten, size_t n, bp_arena *a)
{
	if (access(bp_path_join(a, dir, "index.html"), F_OK) != 0)
		return 0;
	for (size_t g = 0; g < n; g++) {
		const char *files = bp_manifest_get(m, bp_arena_printf(a, "files %s", gemeenten[g]));
		if (!files)
			return 0;
		char *list = bp_arena_strdup(a, files);
		for (char *save = NULL, *f = strtok_r(list, " ", &save); f; f = strtok_r(NULL, " ", &save))
			if (access(bp_path_join(a, dir, f), F_OK) != 0)
				return 0;
	}
	return 1;
}

/*
 * One gemeente into the staging folder: linked from the published site when
 * its fingerprint is the published one's and every file it wrote then is
 * still there, else rendered, with the files it wrote listed in out.
 */
static bp_rc gemeente_files(site_ctx *x, const bp_dirstage *stage, const bp_site_reuse *reuse,
                            const bp_manifest *old, bp_manifest *out, size_t g, const char *gemeente,
                            bp_arena *a, bp_error *err)
{
	const char *fkey = bp_arena_printf(a, "files %s", gemeente), *gkey = bp_arena_printf(a, "gemeente %s", gemeente);
	const char *was = bp_manifest_get(old, gkey), *files = bp_manifest_get(old, fkey);
	bp_rc rc;
	if (reuse && !reuse->full && was && files && strcmp(was, reuse->fingerprints[g]) == 0) {
		char *list = bp_arena_strdup(a, files);
		rc = BP_OK;
		for (char *save = NULL, *f = strtok_r(list, " ", &save); f && rc == BP_OK; f = strtok_r(NULL, " ", &save))
			rc = bp_dirreuse_link(stage, f, err);
		if (rc == BP_OK) {
			x->res->gemeenten_kept++;
			bp_manifest_set(out, gkey, was);
			bp_manifest_set(out, fkey, files);
			return gemeente_index_only(x, gemeente, err);
		}
		if (rc != BP_ERR_NOT_FOUND)
			return rc;
		bp_error_clear(err);   /* a file went missing: render the gemeente */
	}
	GHashTable *before = reuse ? bp_dirreuse_snapshot(stage) : NULL;
	rc = gemeente_pages(x, gemeente, err);
	if (rc == BP_OK && reuse) {
		const char *wrote = bp_dirreuse_written(stage, before, a);
		if (wrote) {
			bp_manifest_set(out, gkey, reuse->fingerprints[g]);
			bp_manifest_set(out, fkey, wrote);
		}
	}
	if (before)
		g_hash_table_destroy(before);
	return rc;
}

static bp_rc publish(PGconn *conn, const bp_indicator_set *set, const bp_layout *layout,
                     const char *const *gemeenten, size_t n, const char *dir, const char *effects_dir,
                     int force, const bp_site_reuse *reuse, bp_site_result *res, bp_error *err)
{
	memset(res, 0, sizeof(*res));
	bp_arena *a = bp_arena_new();
	bp_dirstage stage = { 0 };
	bp_manifest old, manifest;
	bp_manifest_init(&old, a);
	bp_manifest_init(&manifest, a);
	if (reuse) {
		/* A manifest that cannot be read is as none: everything is rendered and it is written anew. */
		bp_error ignored = { 0 };
		if (!reuse->full && bp_manifest_load(bp_path_join(a, dir, BP_SITE_MANIFEST), a, &old, &ignored))
			bp_manifest_init(&old, a);
		const char *was = bp_manifest_get(&old, "site");
		if (!reuse->full && was && strcmp(was, reuse->fingerprint) == 0 && site_whole(dir, &old, gemeenten, n, a)) {
			res->unchanged = 1;
			bp_arena_free(a);
			return BP_OK;
		}
	}
	site_ctx x = { .conn = conn, .layout = layout, .set = set, .res = res, .notice_arena = a };
	bp_html_init(&x.rows);
	bp_buf_init(&x.sources);
	bp_html_init(&x.maps);
	bp_html b;
	bp_html_init(&b);
	bp_rc rc = BP_OK;
	/* Index columns: every indicator with values in any of the gemeenten.
	 * An unknown gemeente stops here, before anything is written. */
	x.cols = bp_arena_alloc(a, (set->n + 1) * sizeof(*x.cols));
	x.cols_synthetic = bp_arena_alloc(a, (set->n + 1) * sizeof(int));
	memset(x.cols_synthetic, 0, (set->n + 1) * sizeof(int));
	const char **names = bp_arena_alloc(a, (n + 1) * sizeof(*names));
	for (size_t g = 0; g < n; g++) {
		bp_area_scope sc;
		rc = bp_area_scope_load(conn, set, gemeenten[g], a, &sc, err);
		if (rc)
			goto out;
		names[g] = sc.gemeente_name;
		for (size_t k = 0; k < sc.n_defs; k++) {
			size_t c = 0;
			while (c < x.n_cols && x.cols[c] != sc.defs[k])
				c++;
			if (c == x.n_cols)
				x.cols[x.n_cols++] = sc.defs[k];
			x.cols_synthetic[c] |= sc.synthetic[k];
		}
	}
	/* Everything below writes into the staging folder (x.dir), which
	 * replaces dir whole: only a folder that is ours (or forced). */
	if ((rc = bp_site_check_out_dir(dir, force, err)))
		goto out;
	if ((rc = bp_dirstage_begin(&stage, dir, err)))
		goto out;
	x.dir = stage.tmp;
	static const char marker[] = "Written by buurtpeil publish; the folder is replaced whole by the next publish.\n";
	rc = bp_file_write_atomic(bp_path_join(a, x.dir, BP_SITE_MARKER), marker, sizeof(marker) - 1, err);
	if (rc)
		goto out;
	rc = bp_mkdir_p(bp_path_join(a, x.dir, "img"), 0755, err);
	if (rc == BP_OK)
		rc = bp_mkdir_p(bp_path_join(a, x.dir, "pdf"), 0755, err);
	if (rc == BP_OK && effects_dir)
		rc = bp_effect_reports_copy(effects_dir, bp_path_join(a, x.dir, "interventions"), err);
	for (size_t g = 0; g < n && rc == BP_OK; g++)
		rc = gemeente_files(&x, &stage, reuse, &old, &manifest, g, gemeenten[g], a, err);
	if (rc)
		goto out;

	const bp_html_page *fr = frame(a, "Wijken in cijfers");
	bp_html_page_begin(&b, fr);
	bp_html_lit(&b, "<h1>Wijken in cijfers</h1>\n");
	if (x.synthetic_surveys)
		bp_synthetic_notice_html(&b, a, *x.synthetic_surveys ? x.synthetic_surveys : NULL);
	bp_html_lit(&b, "<p class=\"lead\">Cijfers per wijk, buurt en zelf gedefinieerd gebied, "
	                "vergeleken met de gemeente en Nederland.</p>\n");
	bp_html_lit(&b, "<h2 id=\"gemeenten\">Gemeenten</h2>\n<ul>\n");
	for (size_t g = 0; g < n; g++) {
		bp_html_printf(&b, "<li><a href=\"%s.html\">", gemeenten[g]);
		bp_html_text(&b, names[g]);
		bp_html_printf(&b, "</a> · <a href=\"behoeften-%s.html\">behoeftenoverzicht</a> · "
		                  "<a href=\"pdf/%s.pdf\">overzicht als PDF</a></li>\n", gemeenten[g], gemeenten[g]);
	}
	bp_html_lit(&b, "</ul>\n");
	/* Effect reports are on the site only when the monitor publishes them
	 * (publish_effects): copied into the staging folder above. */
	if (effects_dir)
		bp_html_lit(&b, "<h2 id=\"interventies\">Interventies</h2>\n<p><a href=\"interventions/index.html\">"
		                "Wat er per wijk loopt en wat het effect is (effectrapporten)</a></p>\n");
	if (x.maps.buf.len) {
		bp_html_lit(&b, "<h2 id=\"kaarten\">Kaarten</h2>\n<div class=\"kaarten\">\n");
		bp_html_append(&b, &x.maps);
		bp_html_lit(&b, "</div>\n");
	}
	bp_html_lit(&b, "<h2 id=\"alle-gebieden\">Alle gebieden</h2>\n"
	                "<form class=\"filter\" id=\"filters\" role=\"search\" aria-label=\"Gebieden zoeken en filteren\">\n"
	                "<div><label for=\"zoek\">Zoek op naam of code</label>"
	                "<input id=\"zoek\" type=\"search\" autocomplete=\"off\"></div>\n"
	                "<div><label for=\"filter-gemeente\">Gemeente</label><select id=\"filter-gemeente\">"
	                "<option value=\"\">Alle gemeenten</option>");
	for (size_t g = 0; g < n; g++) {
		bp_html_printf(&b, "<option value=\"%s\">", gemeenten[g]);
		bp_html_text(&b, names[g]);
		bp_html_lit(&b, "</option>");
	}
	bp_html_lit(&b, "</select></div>\n<div><label for=\"filter-soort\">Soort gebied</label><select id=\"filter-soort\">"
	                "<option value=\"\">Alle soorten</option><option value=\"wijk\">Wijken</option>"
	                "<option value=\"buurt\">Buurten</option><option value=\"custom\">Zelf gedefinieerde gebieden"
	                "</option></select></div>\n</form>\n<p id=\"aantal\" role=\"status\" aria-live=\"polite\"></p>\n"
	                "<table id=\"gebieden-tabel\">\n<caption>Alle gebieden met hun laatste cijfers. Kies een kolomkop "
	                "om te sorteren.</caption>\n<thead><tr><th scope=\"col\"><button type=\"button\">Gebied</button></th>"
	                "<th scope=\"col\"><button type=\"button\">Soort</button></th>"
	                "<th scope=\"col\"><button type=\"button\">Gemeente</button></th>");
	for (size_t c = 0; c < x.n_cols; c++) {
		bp_html_lit(&b, "<th scope=\"col\" class=\"num\"><button type=\"button\">");
		bp_html_text(&b, x.cols[c]->title_nl);
		bp_html_lit(&b, " (");
		bp_html_text(&b, x.cols[c]->unit);
		bp_html_lit(&b, ")");
		bp_html_text(&b, bp_synthetic_suffix(x.cols_synthetic[c]));
		bp_html_lit(&b, "</button></th>");
	}
	bp_html_lit(&b, "</tr></thead>\n<tbody>\n");
	bp_html_append(&b, &x.rows);
	bp_html_lit(&b, "</tbody>\n</table>\n");
	bp_html_page_end(&b, fr, x.sources.len ? x.sources.data : "CBS, CC BY 4.0", "site.js");
	rc = write_page(&x, a, "index.html", &b, err);
	if (rc == BP_OK)
		rc = bp_file_write_atomic(bp_path_join(a, x.dir, "site.css"), bp_asset_pages_css.data,
		                          bp_asset_pages_css.len, err);
	if (rc == BP_OK)
		rc = bp_file_write_atomic(bp_path_join(a, x.dir, bp_asset_site_js.name), bp_asset_site_js.data,
		                          bp_asset_site_js.len, err);
	if (rc == BP_OK)
		res->files += 2;
	if (rc == BP_OK && reuse) {
		/* The manifest switches with the site: it never describes files of another one. */
		bp_manifest_set(&manifest, "site", reuse->fingerprint);
		rc = bp_manifest_save(&manifest, bp_path_join(a, x.dir, BP_SITE_MANIFEST), err);
		if (rc == BP_OK)
			rc = bp_dirreuse_relink(&stage, &res->kept, err);
	}
	if (rc == BP_OK)
		rc = bp_dirstage_commit(&stage, err);
out:
	bp_dirstage_abort(&stage);
	bp_html_release(&b);
	bp_html_release(&x.rows);
	bp_buf_release(&x.sources);
	bp_html_release(&x.maps);
	bp_arena_free(a);
	return rc;
}
