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
#include "render/canvas.h"
#include "render/choropleth.h"
#include "report/area_page.h"
#include "report/areadata.h"
#include "report/cite.h"
#include "report/definitions_page.h"
#include "report/downloads.h"
#include "report/effect_report.h"
#include "report/needs_report.h"
#include "report/pdf_profile.h"
#include "report/search_key.h"
#include "report/site_index.h"
#include "report/workers.h"

/* The width the site's maps are drawn at (map_figure says why). */
#define BP_SITE_MAP_WIDTH 360

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
	bp_lang lang;                /* the index's language; the pages not yet converted stay Dutch,
	                                with <html lang="nl"> (README "English") */
	const char *columns;         /* the index columns' ids, what a kept index part must have been made for */
	/* Of the last gemeente_begin, for its index part (in notice_arena: the scope's arena is the gemeente's). */
	const char *g_sources, *g_surveys;
	int g_synthetic;
	/* The gemeente being rendered: its PDFs as the reports wrote them in this run (bp_site_reuse), or NULL. */
	const bp_dirstage *stage;
	const char *pdf_from;
	bp_lang pdf_lang;                 /* the language pdf_from's files are written in */
	const bp_report_workers *workers; /* the area pages' (bp_site_reuse.workers); NULL: this thread alone */
	int no_pdf;                       /* bp_site_options.no_pdf: no PDFs drawn, linked or linked to */
	int no_area_downloads, buurt_map_wijken, narrow_only;   /* bp_site_options: lighter area pages */
	bp_needs_kept *needs_kept;        /* the reports' needs overviews of this run (bp_site_reuse.needs), or NULL */
} site_ctx;

static const bp_html_page *frame(bp_arena *a, const char *title)
{
	bp_html_page *p = bp_arena_alloc(a, sizeof(*p));
	*p = (bp_html_page){ BP_HTML_SITE, title };
	return p;
}

/* The frame of a page written in lang (the converted pages: the index). */
static const bp_html_page *frame_lang(bp_arena *a, const char *title, bp_lang lang)
{
	bp_html_page *p = (bp_html_page *)frame(a, title);
	p->lang = lang;
	return p;
}

/* A page of the site (stem.html) with the downloads of its tables (report/downloads.h). */
static bp_rc write_page_to(const char *dir, long *pages, long *files, bp_arena *a, const char *stem, bp_html *b,
                           bp_error *err)
{
	bp_rc rc = bp_downloads_write(b, dir, stem, files, err);
	if (rc == BP_OK)
		rc = bp_file_write_atomic(bp_arena_printf(a, "%s/%s.html", dir, stem), b->buf.data, b->buf.len, err);
	if (rc == BP_OK)
		++*pages;
	return rc;
}

static bp_rc write_page(site_ctx *x, bp_arena *a, const char *stem, bp_html *b, bp_error *err)
{
	return write_page_to(x->dir, &x->res->pages, &x->res->files, a, stem, b, err);
}

/* Right under a page's h1 (its first screen), when it shows synthetic figures. */
static void synthetic_notice(bp_html *b, bp_arena *a, const bp_area_scope *sc, bp_lang lang)
{
	if (sc->any_synthetic)
		bp_synthetic_notice_html_lang(b, a, sc->surveys, lang);
}

/* Whether the site has a page of code (an area of the gemeente's scope). */
static int has_page(const bp_area_scope *sc, const char *code)
{
	for (size_t k = 0; k < sc->n_areas; k++)
		if (strcmp(sc->areas[k].code, code) == 0)
			return bp_path_safe_name(code);
	return 0;
}

/* Whether wijk has a buurt with a page of its own in sc. */
static int has_buurt_pages(const bp_area_scope *sc, const char *wijk)
{
	for (size_t k = 0; k < sc->n_areas; k++)
		if (sc->areas[k].wijk && strcmp(sc->areas[k].wijk, wijk) == 0 && bp_path_safe_name(sc->areas[k].code))
			return 1;
	return 0;
}

/* An area's name with its figure as the map shows it ("Schadewijk: 24,1 %"), or why there is none;
 * synthetic: the gemeente's figures of def come from a synthetic survey (the tooltip says so too). */
static const char *map_area_text(bp_arena *a, const bp_map_area *ar, const char *reason, const bp_indicator_def *def,
                                 int synthetic, bp_lang lang)
{
	if (ar->status != BP_MAP_VALUE)
		return bp_arena_printf(a, "%s: %s", ar->name, reason ? reason : bp_tr(lang, "geen gegevens"));
	/* U+202F: the narrow no-break space between a number and its unit */
	return bp_arena_printf(a, "%s: %s\u202f%s%s", ar->name, bp_fmt_lang(a, lang, ar->value, def->decimals),
	                       bp_tr(lang, def->unit), bp_tr(lang, bp_def_suffix(def, synthetic)));
}

/*
 * Every drawn area of the map as a link to its page (a <title> with its name
 * and figure: the tooltip), laid over the drawing.  The outlines come from
 * the chart's own layout (bp_choropleth_area_svg_path: the rings as
 * projected for the drawing), not from parsing the SVG Cairo wrote: Cairo
 * groups and orders its paths in its own way (clips, the hatching) and names
 * none of them, so which path is which area could only be guessed.  The
 * cost is each border twice in the page.  An area without a page (a border
 * of another indeling's code) keeps its tooltip without a link.
 */
static void map_links(bp_html *b, bp_arena *a, const bp_area_scope *sc, const bp_choropleth *chart,
                      const bp_choropleth_layout *lay, const char **reasons, const bp_indicator_def *def,
                      bp_lang lang)
{
	int synthetic = 0;
	for (size_t k = 0; k < sc->n_defs; k++)
		if (sc->defs[k] == def)
			synthetic = sc->synthetic[k];
	bp_buf d;
	bp_buf_init(&d);
	bp_html_lit(b, "<g class=\"gebieden\">\n");
	for (size_t i = 0; i < chart->n_areas; i++) {
		bp_buf_reset(&d);
		bp_choropleth_area_svg_path(lay, i, &d);
		if (!d.len)
			continue;
		const bp_map_area *ar = &chart->areas[i];
		const char *text = map_area_text(a, ar, reasons[i], def, synthetic, lang);
		if (has_page(sc, ar->code))
			bp_html_printf(b, "<a href=\"%s.html\" aria-label=\"%s\">", ar->code, text);
		else
			bp_html_lit(b, "<g>");
		bp_html_lit(b, "<title>");
		bp_html_text(b, text);
		bp_html_printf(b, "</title><path d=\"%s\"/>", d.data);
		bp_html_choose(b, has_page(sc, ar->code), "</a>\n", "</g>\n");
	}
	bp_html_lit(b, "</g>\n");
	bp_buf_release(&d);
}

/*
 * A map of def over the wijken or buurten of the gemeente (the area
 * `highlight` outlined), inline with every area a link (map_links), and the
 * same areas with their figures as a table beside it (under it on a phone):
 * the way through the map for a keyboard or screen reader.  On the index
 * (compact) the table is folded away.  Nothing when no border of the
 * gemeente is loaded.
 *
 * Drawn 360 px wide with the legend under the map, wherever it is shown: a
 * phone has 358 px for it at 390 px, so the smallest text of the chart
 * (11 px) still shows at 10 px or more on a 360 px screen, which an 800 px
 * map scaled down (5 px) did not.  The PDFs draw their PNG apart.
 *
 * The drawing shared by many pages (buurt_page_map: wijken: every buurt of a
 * wijk shows the wijk's map, its wijk outlined): svg_file (non-NULL) also
 * writes it to that file, and img (non-NULL) shows that file, drawn by
 * another page, as an <img> instead of drawing it inline: the areas are
 * then links in the table only.
 */
static bp_rc map_figure(site_ctx *x, bp_html *b, bp_arena *a, const bp_area_scope *sc, const char *level,
                        const bp_indicator_def *def, const char *highlight, const char *stem, int compact,
                        const char *svg_file, const char *img, bp_lang lang, bp_error *err)
{
	bp_choropleth chart;
	const char *period;
	const char **reasons = NULL;
	bp_rc rc = bp_area_map_load_lang(x->conn, lang, sc, level, def, highlight, a, &chart, &period, &reasons, err);
	if (rc || chart.n_areas == 0)
		return rc;
	chart.width = BP_SITE_MAP_WIDTH;
	chart.max_map_height = BP_SITE_MAP_WIDTH;
	chart.legend_below = 1;
	const bp_map_area *areas = chart.areas;
	size_t n = chart.n_areas;
	bp_choropleth_layout lay;
	rc = bp_choropleth_compute_layout(&chart, a, &lay, err);
	if (rc)
		return rc;
	unsigned char *svg = NULL;
	size_t svg_len = 0;
	if (!img && (rc = bp_choropleth_render(&chart, BP_IMAGE_SVG, &svg, &svg_len, err)))
		return rc;
	if (svg_file) {
		if ((rc = bp_file_write_atomic(svg_file, svg, svg_len, err))) {
			free(svg);
			return rc;
		}
		x->res->files++;
	}
	bp_buf alt;
	bp_buf_init(&alt);
	const int en = lang == BP_LANG_EN;
	const char *lv = bp_tr(lang, level);   /* "wijk": "district" */
	bp_buf_printf(&alt, en ? "Map of %s per %s of %s, %s, in %d classes from light to dark:"
	                       : "Kaart van %s per %s van %s, %s, in %d klassen van licht naar donker:",
	              chart.title, lv, sc->gemeente_name, period, lay.classes.n);
	for (int k = 0; k < lay.classes.n; k++)
		bp_buf_printf(&alt, en ? "%s %s to %s%s (%d)" : "%s %s tot en met %s%s (%d)", k ? ";" : "",
		              bp_fmt_lang(a, lang, lay.classes.lower[k], def->decimals),
		              bp_fmt_lang(a, lang, lay.classes.upper[k], def->decimals), chart.unit, lay.classes.count[k]);
	if (highlight)
		for (size_t i = 0; i < n; i++)
			if (areas[i].highlight)
				bp_buf_printf(&alt, en ? ". %s is outlined" : ". %s is omlijnd", areas[i].name);
	if (img)
		bp_buf_printf(&alt, en ? ". The figures per %s are in the table with the map, each area a link to its page."
		                       : ". De cijfers per %s staan in de tabel bij de kaart, elk gebied een link naar zijn "
		                         "pagina.", lv);
	else
		bp_buf_printf(&alt, en ? ". Each area is a link to its page; the figures per %s are also in the table with the map."
		                       : ". Elk gebied is een link naar zijn pagina; de cijfers per %s staan ook in de tabel bij "
		                         "de kaart.", lv);
	bp_html_lit(b, "<div class=\"kaart\">\n<figure>\n");
	if (img) {
		bp_html_printf(b, "<img src=\"%s\" width=\"%d\" alt=\"", img, BP_SITE_MAP_WIDTH);
		bp_html_text(b, alt.data);
		bp_html_lit(b, "\">\n");
	} else {
		bp_html links;
		bp_html_init(&links);
		map_links(&links, a, sc, &chart, &lay, reasons, def, lang);
		bp_html_inline_svg_links(b, (const char *)svg, svg_len, bp_arena_printf(a, "%s-", stem), alt.data, &links);
		bp_html_release(&links);
	}
	free(svg);
	bp_buf_release(&alt);
	bp_html_lit(b, "<figcaption>");
	bp_html_text(b, chart.source);
	bp_html_tr(b, lang, "; kaartgrenzen: CBS/PDOK Wijk- en buurtkaart.</figcaption>\n</figure>\n");
	if (compact)
		bp_html_tr(b, lang, "<details>\n<summary>De cijfers van de kaart</summary>\n");
	bp_html_printf(b, "<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-labelledby=\"%s-titel\">\n"
	                  "<table>\n<caption id=\"%s-titel\">", stem, stem);
	bp_html_text(b, chart.title);
	bp_html_printf_l(b, lang, " per %s van ", " per %s of ", lv);
	bp_html_text(b, sc->gemeente_name);
	bp_html_printf(b, ", %s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">", period,
	              bp_tr(lang, strcmp(level, "buurt") == 0 ? "Buurt" : "Wijk"));
	bp_html_text(b, bp_def_title(def, lang));
	bp_html_printf(b, " (%s)</th><th scope=\"col\" class=\"num\">%s</th></tr></thead>\n<tbody>\n", chart.unit,
	               bp_tr(lang, "Klasse"));
	for (size_t i = 0; i < n; i++) {
		int page = has_page(sc, areas[i].code);
		bp_html_lit(b, "<tr><th scope=\"row\">");
		if (page)
			bp_html_printf(b, "<a href=\"%s.html\">", areas[i].code);
		bp_html_text(b, areas[i].name);
		bp_html_choose(b, page, "</a></th><td class=\"num\">", "</th><td class=\"num\">");
		int cls = lay.cls[i];
		bp_html_text(b, areas[i].status == BP_MAP_VALUE ? bp_fmt_lang(a, lang, areas[i].value, def->decimals)
		                                                   : reasons[i]);
		bp_html_lit(b, "</td><td class=\"num\">");
		if (cls >= 0)
			bp_html_printf_l(b, lang, "%d van %d", "%d of %d", cls + 1, lay.classes.n);
		else
			bp_html_lit(b, "–");
		bp_html_lit(b, "</td></tr>\n");
	}
	bp_html_lit(b, "</tbody>\n</table>\n</div>\n");
	bp_html_choose(b, compact, "</details>\n</div>\n", "</div>\n");
	return BP_OK;
}

/* The first indicator of the layout with values in the gemeente, or NULL: bp_report_pdfs's map. */
static const bp_indicator_def *layout_indicator(const site_ctx *x, const bp_area_scope *sc)
{
	for (size_t i = 0; x->layout && i < x->layout->n_charts; i++)
		for (size_t k = 0; k < sc->n_defs; k++)
			if (strcmp(sc->defs[k]->id, x->layout->charts[i].indicator) == 0)
				return sc->defs[k];
	return NULL;
}

/* The indicator of the maps: the first of the layout with values in the gemeente, else the first. */
static const bp_indicator_def *map_indicator(const site_ctx *x, const bp_area_scope *sc)
{
	const bp_indicator_def *d = layout_indicator(x, sc);
	return d ? d : sc->n_defs ? sc->defs[0] : NULL;
}

/*
 * pdf/NAME.pdf (of the area code, or of the gemeente when code is NULL) linked from the reports' PDF of this
 * run when there is one drawn from the same scope: its map is the layout's indicator as here (the site falls
 * back to the first indicator where bp_report_pdfs draws no map).  0: the caller draws it.
 */
static int pdf_linked(site_ctx *x, const bp_area_scope *sc, const char *code, bp_arena *a, bp_rc *rc, bp_error *err)
{
	/* out/'s PDFs in another language than the site's: the site draws its own. */
	if (!x->pdf_from || x->lang != x->pdf_lang || layout_indicator(x, sc) != sc->map_def)
		return 0;
	const char *from = code ? bp_arena_printf(a, "%s/%s/%s.pdf", x->pdf_from, sc->gemeente, code)
	                        : bp_arena_printf(a, "%s/%s.pdf", x->pdf_from, sc->gemeente);
	*rc = bp_dirreuse_link_from(x->stage, from, bp_arena_printf(a, "pdf/%s.pdf", code ? code : sc->gemeente), err);
	if (*rc != BP_ERR_NOT_FOUND)
		return 1;
	bp_error_clear(err);   /* not written after all (a code the reports skipped): drawn here */
	*rc = BP_OK;
	return 0;
}

/*
 * Whether index column c is one of the handful shown at first: the
 * indicators of the layout (the gemeente pages' charts), else the first
 * five.  Every column stays in the page.
 */
static int index_column_chosen(const site_ctx *x, size_t c)
{
	int in_layout = 0, any = 0;
	for (size_t i = 0; x->layout && i < x->layout->n_charts; i++)
		for (size_t k = 0; k < x->n_cols; k++)
			if (strcmp(x->cols[k]->id, x->layout->charts[i].indicator) == 0) {
				any = 1;
				in_layout |= k == c;
			}
	return any ? in_layout : c < 5;
}

/* One row of the index table. */
static void index_row(site_ctx *x, bp_arena *a, const bp_area_scope *sc, const bp_area_ref *ar,
                      const bp_area_series *s)
{
	bp_html *b = &x->rows;
	bp_html_lit(b, "<tr data-zoek=\"");
	bp_html_text(b, bp_search_key(a, sc, ar));
	bp_html_printf(b, "\" data-gemeente=\"%s\" data-soort=\"%s\"><th scope=\"row\"><a href=\"%s.html\">",
	              sc->gemeente, ar->level, ar->code);
	bp_html_text(b, ar->name);
	bp_html_lit(b, "</a></th><td>");
	bp_html_text(b, bp_tr(x->lang, bp_level_nl(ar->level)));
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
			bp_html_text(b, d ? bp_tr(x->lang, bp_area_series_reason(d, i)) : "–");
			bp_html_lit(b, "</td>");
		} else {
			/* As the area's page shows it (report/area_page.c): its decimals, its interval, its period and
			 * the words of a value from an older indeling; data-v keeps the sort on the value. */
			const double shown[3] = { d->value[i], d->gm[i], d->nl[i] };
			const int dec = bp_decimals_apart(shown, 3, d->def->decimals);
			bp_html_printf(b, "<td class=\"num\" data-v=\"%.10g\">%s", d->value[i],
			               bp_fmt_lang(a, x->lang, d->value[i], dec));
			if (!isnan(d->ci_lo[i]) && !isnan(d->ci_hi[i])) {
				bp_html_lit(b, " <span class=\"interval\">(");
				bp_html_text(b, bp_arena_printf(a, "%s–%s", bp_fmt_lang(a, x->lang, d->ci_lo[i], dec),
				                                bp_fmt_lang(a, x->lang, d->ci_hi[i], dec)));
				bp_html_lit(b, ")</span>");
			}
			bp_site_index_cell_period(b, c, d->period[i]);
			const char *note = bp_area_series_note(d, i, x->lang);
			if (note) {
				/* The words where a pointer shows them, the mark for the eye (explained under the table). */
				bp_html_lit(b, "<sup class=\"herkomst\" title=\"");
				bp_html_text(b, note);
				bp_html_lit(b, "\">*</sup>");
			}
			bp_html_lit(b, "</td>");
		}
	}
	bp_html_lit(b, "</tr>\n");
}

/* The site's sections of an area's page (after its key figures): the map with the area outlined, a wijk's buurten. */
static bp_rc area_extras(site_ctx *x, bp_arena *a, const bp_area_scope *sc, const bp_area_ref *ar, bp_html *b,
                         bp_error *err)
{
	const bp_indicator_def *md = map_indicator(x, sc);
	if (md && (strcmp(ar->level, "wijk") == 0 || strcmp(ar->level, "buurt") == 0)) {
		/* buurt_map_wijken: the wijken with the buurt's wijk outlined (a buurt without a wijk: no map), the
		 * map of its wijk's page: the wijk's page writes it to img/kaart-WK....svg, its buurten show that
		 * file (one drawing per wijk, not per buurt; a wijk without a page of its own: drawn inline). */
		const int by_wijk = x->buurt_map_wijken && strcmp(ar->level, "buurt") == 0;
		const char *level = by_wijk ? "wijk" : ar->level, *highlight = by_wijk ? ar->wijk : ar->code;
		const char *svg_file = x->buurt_map_wijken && strcmp(ar->level, "wijk") == 0 && has_buurt_pages(sc, ar->code)
		                           ? bp_arena_printf(a, "%s/img/kaart-%s.svg", x->dir, ar->code)
		                           : NULL;
		const char *img = by_wijk && highlight && has_page(sc, highlight)
		                      ? bp_arena_printf(a, "img/kaart-%s.svg", highlight)
		                      : NULL;
		bp_html m;
		bp_html_init(&m);
		bp_rc rc = highlight ? map_figure(x, &m, a, sc, level, md, highlight, bp_arena_printf(a, "kaart-%s", ar->code),
		                                  0, svg_file, img, x->lang, err)
		                     : BP_OK;
		if (rc == BP_OK && m.buf.len) {
			bp_html_lit(b, "<section>\n");
			bp_html_tr(b, x->lang, "<h2 id=\"kaart\">Kaart: ");
			bp_html_text(b, bp_def_title(md, x->lang));
			bp_html_lit(b, "</h2>\n");
			bp_html_append(b, &m);
			bp_html_lit(b, "</section>\n");
		}
		bp_html_release(&m);
		if (rc)
			return rc;
	}
	if (strcmp(ar->level, "wijk") == 0) {
		int any = 0;
		for (size_t i = 0; i < sc->n_areas; i++) {
			const bp_area_ref *bu = &sc->areas[i];
			if (!bu->wijk || strcmp(bu->wijk, ar->code) != 0 || !bp_path_safe_name(bu->code))
				continue;
			if (any)
				bp_html_lit(b, ", ");
			else
				bp_html_tr(b, x->lang, "<section>\n<h2 id=\"buurten\">Buurten in deze wijk</h2>\n<p>");
			bp_html_printf(b, "<a href=\"%s.html\">", bu->code);
			bp_html_text(b, bu->name);
			bp_html_lit(b, "</a>");
			any = 1;
		}
		if (any)
			bp_html_lit(b, ".</p>\n</section>\n");
	}
	return BP_OK;
}

/* An area's page (report/area_page.h), its PDF and its row of the index. */
static bp_rc area_page(site_ctx *x, const bp_area_scope *sc, const bp_area_ref *ar, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_area_series *s = NULL;
	bp_html extras;
	bp_html_init(&extras);
	bp_rc rc = bp_area_series_load(x->conn, sc, ar->code, ar->year, a, &s, err);
	if (rc)
		goto out;
	index_row(x, a, sc, ar, s);
	if (!x->no_pdf) {
		if (!pdf_linked(x, sc, ar->code, a, &rc, err))
			rc = bp_pdf_area_profile(x->conn, sc, ar, bp_arena_printf(a, "%s/pdf/%s.pdf", x->dir, ar->code), x->lang,
			                         err);
		if (rc)
			goto out;
		x->res->files++;
	}
	if ((rc = area_extras(x, a, sc, ar, &extras, err)))
		goto out;
	const bp_area_page_place pl = {
		.style = BP_HTML_SITE, .dir = x->dir, .img_dir = "img/", .png = 0, .up = "",
		.home_text = bp_tr(x->lang, "Alle gebieden"),
		.pdf_href = x->no_pdf ? NULL : bp_arena_printf(a, "pdf/%s.pdf", ar->code), .definitions = BP_DEFINITIONS_PAGE,
		.downloads = !x->no_area_downloads,
		.narrow = x->narrow_only ? BP_AREA_PAGE_NARROW_ONLY : 1, .pages = &x->res->pages, .charts = &x->res->files, .lang = x->lang,
		/* out/'s profiles of this run (wijken and custom areas, in the same language) drew the same wide charts. */
		.svg_from = x->pdf_from && x->lang == x->pdf_lang && !x->narrow_only &&
		                    (strcmp(ar->level, "wijk") == 0 || strcmp(ar->level, "custom") == 0)
		                ? bp_arena_printf(a, "%s/%s", x->pdf_from, sc->gemeente)
		                : NULL,
	};
	rc = bp_area_page_write(x->conn, &pl, sc, ar, s, &extras, err);
	x->res->areas++;
out:
	bp_html_release(&extras);
	bp_arena_free(a);
	return rc;
}

/* A gemeente's share of the index's notice and sources line. */
static void index_notes(site_ctx *x, int synthetic, const char *surveys, const char *sources)
{
	if (!x->synthetic_surveys && synthetic)
		x->synthetic_surveys = surveys ? bp_arena_strdup(x->notice_arena, surveys) : "";
	bp_cite_sources_union(&x->sources, sources);   /* each source once, not once per gemeente */
}

/* What every gemeente gives the index whether its pages are rendered or kept: its scope (pre, as publish read
 * it for the columns and the definitions page, not read twice; what its pages read through it is dropped at
 * the gemeente's end) and series, the notice's surveys, its sources. */
static bp_rc gemeente_begin(site_ctx *x, const char *gemeente, const bp_area_scope *pre, bp_arena *a,
                            bp_area_scope *sc, bp_area_series **s, bp_error *err)
{
	bp_rc rc = BP_OK;
	*sc = *pre;
	if (!bp_path_safe_name(gemeente))
		rc = bp_fail(err, BP_ERR_CONFIG, "gemeente code '%s' cannot be a file name", gemeente);
	if (rc == BP_OK)
		rc = bp_area_series_load(x->conn, sc, gemeente, sc->year, a, s, err);
	if (rc)
		return rc;
	sc->map_def = map_indicator(x, sc);
	x->g_sources = bp_arena_strdup(x->notice_arena, sc->sources);
	x->g_surveys = sc->surveys ? bp_arena_strdup(x->notice_arena, sc->surveys) : NULL;
	x->g_synthetic = sc->any_synthetic;
	index_notes(x, sc->any_synthetic, sc->surveys, sc->sources);
	return BP_OK;
}

/* The gemeente's small map on the index (img/kaart-klein-GM.svg); nothing without borders. */
static bp_rc index_map(site_ctx *x, const bp_area_scope *sc, const bp_indicator_def *md, const char *gemeente,
                       bp_arena *a, bp_error *err)
{
	bp_html m;
	bp_html_init(&m);
	bp_rc rc = map_figure(x, &m, a, sc, "wijk", md, NULL, bp_arena_printf(a, "kaart-klein-%s", gemeente), 1, NULL, NULL, x->lang,
	                      err);
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
static bp_rc gemeente_index_only(site_ctx *x, const char *gemeente, const bp_area_scope *pre, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_area_scope sc;
	bp_area_series *s = NULL;
	bp_rc rc = gemeente_begin(x, gemeente, pre, a, &sc, &s, err);
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
	bp_area_scope_drop_reads(pre);
	bp_arena_free(a);
	return rc;
}

/* The area pages of a gemeente over the workers (report/workers.h), each job with its own copy of x whose
 * index rows and counts are added to x in the areas' order. */
typedef struct area_jobs {
	site_ctx *x;
	const bp_area_scope *sc;
	bp_html *rows;            /* [n_areas]: each area's index row */
	bp_site_result *res;      /* [n_areas]: each area's counts */
} area_jobs;

static bp_rc area_job(void *ctx, PGconn *conn, size_t i, bp_error *err)
{
	area_jobs *j = ctx;
	if (!bp_path_safe_name(j->sc->areas[i].code))
		return BP_OK;
	site_ctx y = *j->x;
	y.conn = conn;
	y.rows = j->rows[i];
	y.res = &j->res[i];
	bp_rc rc = area_page(&y, j->sc, &j->sc->areas[i], err);
	j->rows[i] = y.rows;
	return rc;
}

static void area_done(void *ctx, size_t i)
{
	area_jobs *j = ctx;
	bp_html_append(&j->x->rows, &j->rows[i]);
	j->x->res->pages += j->res[i].pages;
	j->x->res->files += j->res[i].files;
	j->x->res->areas += j->res[i].areas;
}

static bp_rc area_pages(site_ctx *x, const bp_area_scope *sc, bp_error *err)
{
	size_t n = sc->n_areas;
	area_jobs j = { x, sc, calloc(n + 1, sizeof(bp_html)), calloc(n + 1, sizeof(bp_site_result)) };
	bp_rc rc = BP_OK;
	if (!j.rows || !j.res) {
		rc = bp_fail(err, BP_ERR_IO, "out of memory for %zu area pages", n);
	} else {
		for (size_t i = 0; i < n; i++)
			bp_html_init(&j.rows[i]);
		int used = 0;
		rc = bp_report_workers_run(x->workers, x->conn, n, area_job, area_done, &j, &used, err);
		if (used > x->res->workers)
			x->res->workers = used;
		for (size_t i = 0; i < n; i++)
			bp_html_release(&j.rows[i]);
	}
	free(j.rows);
	free(j.res);
	return rc;
}

/* A gemeente's needs overview (behoeften-GM....html), a job beside its area pages: counts of its own. */
typedef struct site_needs {
	const site_ctx *x;
	const char *gemeente, *gemeente_name, *sources;
	long pages, files;
} site_needs;

static bp_rc needs_page(void *ctx, PGconn *conn, size_t i, bp_error *err)
{
	(void)i;
	site_needs *j = ctx;
	const bp_lang L = j->x->lang;
	bp_arena *a = bp_arena_new();
	bp_needs_overview no;
	bp_html b;
	bp_html_init(&b);
	/* The reports' overview of this run where they kept it (the same function on the same data), else read. */
	const bp_needs_overview *kept = bp_needs_kept_find(j->x->needs_kept, j->gemeente, L);
	bp_rc rc = BP_OK;
	if (kept)
		no = *kept;
	else
		rc = bp_needs_overview_load_lang(conn, j->x->set, j->gemeente, L, a, &no, err);
	if (rc == BP_OK) {
		const bp_html_page *fr = frame_lang(a, bp_arena_printf(a, L == BP_LANG_EN ? "Needs overview %s"
		                                                                          : "Behoeftenoverzicht %s",
		                                                       j->gemeente_name), L);
		bp_html_page_begin(&b, fr);
		bp_html_printf_l(&b, L, "<nav class=\"kruimel\" aria-label=\"Kruimelpad\"><a href=\"index.html\">Alle gebieden</a> › "
		                        "<a href=\"%s.html\">",
		                 "<nav class=\"kruimel\" aria-label=\"Breadcrumb\"><a href=\"index.html\">All areas</a> › "
		                 "<a href=\"%s.html\">", j->gemeente);
		bp_html_text(&b, j->gemeente_name);
		bp_html_lit(&b, "</a></nav>\n");
		bp_needs_overview_html(&no, "%s.html", a, &b);
		bp_html_page_end(&b, fr, j->sources, NULL);
		rc = write_page_to(j->x->dir, &j->pages, &j->files, a, bp_arena_printf(a, "behoeften-%s", j->gemeente), &b,
		                   err);
	}
	bp_html_release(&b);
	bp_arena_free(a);
	return rc;
}

/* The gemeente's own page (and its PDF), with sc and s from gemeente_begin. */
static bp_rc gemeente_page(site_ctx *x, const char *gemeente, const bp_area_scope *sc, const bp_area_series *s,
                           bp_arena *a, bp_html *b, bp_error *err)
{
	bp_rc rc = BP_OK;
	if (!x->no_pdf) {
		bp_report_options ro = { .output_dir = x->dir, .indicators = x->set, .layout = x->layout };
		if (!pdf_linked(x, sc, NULL, a, &rc, err))
			rc = bp_pdf_gemeente(x->conn, &ro, sc, bp_arena_printf(a, "%s/pdf/%s.pdf", x->dir, gemeente), x->lang, err);
		if (rc)
			return rc;
		x->res->files++;
	}
	const bp_lang L = x->lang;
	const bp_html_page *fr = frame_lang(a, bp_arena_printf(a, L == BP_LANG_EN ? "%s: districts in figures"
	                                                                          : "%s: wijken in cijfers",
	                                                       sc->gemeente_name), L);
	bp_html_page_begin(b, fr);
	bp_html_tr(b, L, "<nav class=\"kruimel\" aria-label=\"Kruimelpad\"><a href=\"index.html\">Alle gebieden</a></nav>\n"
	                 "<h1>");
	bp_html_text(b, sc->gemeente_name);
	bp_html_lit(b, "</h1>\n");
	synthetic_notice(b, a, sc, L);
	if (bp_scope_has_model_estimates(sc))
		bp_model_note_html(b, L);   /* the rows of its key figures carry the word */
	bp_html_printf_l(b, L, "<p class=\"lead\">Gemeente %s</p>\n<p><a href=\"behoeften-%s.html\">Behoeftenoverzicht"
	                       "</a> · ",
	                 "<p class=\"lead\">Municipality %s</p>\n<p><a href=\"behoeften-%s.html\">Needs "
	                 "overview</a> · ", gemeente, gemeente);
	if (!x->no_pdf)
		bp_html_printf_l(b, L, "<a href=\"pdf/%s.pdf\">Gemeenteoverzicht als PDF (A4)</a> · ",
		                 "<a href=\"pdf/%s.pdf\">Municipality overview as PDF (A4)</a> · ", gemeente);
	bp_html_printf_l(b, L, "<a href=\"%s\">Definities en methode</a></p>\n",
	                 "<a href=\"%s\">Definitions and method</a></p>\n", BP_DEFINITIONS_PAGE);
	/* The map first, so that the table of contents knows whether there is one. */
	const bp_indicator_def *md = map_indicator(x, sc);
	bp_html m;
	bp_html_init(&m);
	if (md)
		rc = map_figure(x, &m, a, sc, "wijk", md, NULL, bp_arena_printf(a, "kaart-%s", gemeente), 0, NULL, NULL, L,
		                err);
	bp_html_tr(b, L, "<nav class=\"toc\" aria-label=\"Op deze pagina\"><ul><li><a href=\"#kerncijfers\">"
	                 "Kerncijfers</a></li>");
	if (rc == BP_OK && m.buf.len)
		bp_html_tr(b, L, "<li><a href=\"#kaart\">Kaart</a></li>");
	bp_html_tr(b, L, "<li><a href=\"#gebieden\">Gebieden</a></li></ul></nav>\n");
	bp_area_page_key_table_lang(b, a, sc, sc->gemeente_name, s, 0, BP_DEFINITIONS_PAGE, L);
	if (rc == BP_OK && m.buf.len) {
		bp_html_tr(b, L, "<h2 id=\"kaart\">Kaart: ");
		bp_html_text(b, bp_def_title(md, L));
		bp_html_lit(b, "</h2>\n");
		bp_html_append(b, &m);
		rc = index_map(x, sc, md, gemeente, a, err);
	}
	bp_html_release(&m);
	if (rc)
		return rc;
	bp_html_tr(b, L, "<h2 id=\"gebieden\">Gebieden</h2>\n<ul>\n");
	for (size_t i = 0; i < sc->n_areas; i++) {
		const bp_area_ref *ar = &sc->areas[i];
		if (strcmp(ar->level, "buurt") == 0 || !bp_path_safe_name(ar->code))
			continue;
		bp_html_printf(b, "<li><a href=\"%s.html\">", ar->code);
		bp_html_text(b, ar->name);
		bp_html_lit(b, "</a> (");
		bp_html_text(b, bp_tr(L, bp_level_nl(ar->level)));
		bp_html_lit(b, ")</li>\n");
	}
	bp_html_tr(b, L, "</ul>\n<p>De buurten staan in de tabel op de <a href=\"index.html\">startpagina</a> en op de "
	                 "pagina van hun wijk.</p>\n");
	bp_html_page_end(b, fr, sc->sources, NULL);
	return write_page(x, a, gemeente, b, err);
}

static bp_rc gemeente_pages(site_ctx *x, const char *gemeente, const bp_area_scope *pre, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_area_scope sc;
	bp_area_series *s = NULL;
	bp_html b;
	bp_html_init(&b);
	bp_rc rc = gemeente_begin(x, gemeente, pre, a, &sc, &s, err);
	if (rc == BP_OK) {
		/* The needs overview reads and draws on its own and shares no file with the rest: beside the gemeente
		 * page and its area pages' workers (report/workers.h) from the start, so that the gemeente page's
		 * serial stretch (its maps, drawn by this thread) leaves no core idle. */
		site_needs j = { x, gemeente, sc.gemeente_name, sc.sources, 0, 0 };
		bp_report_beside *nb = bp_report_beside_start(x->workers, x->conn, needs_page, &j);
		rc = gemeente_page(x, gemeente, &sc, s, a, &b, err);
		if (rc == BP_OK)
			rc = area_pages(x, &sc, err);
		bp_error nerr = { 0 };
		bp_rc nrc = bp_report_beside_join(nb, &nerr);
		if (rc == BP_OK && nrc) {
			*err = nerr;
			rc = nrc;
		}
		x->res->pages += j.pages;
		x->res->files += j.files;
	}
	bp_area_scope_drop_reads(pre);
	bp_html_release(&b);
	bp_arena_free(a);
	return rc;
}

/* definities.html: what each indicator is and how the figures are made (report/definitions_page.h). */
static bp_rc definitions_page(site_ctx *x, bp_arena *a, const bp_area_scope *scopes, size_t n, bp_error *err)
{
	bp_html b;
	bp_html_init(&b);
	const bp_html_page *fr = frame_lang(a, bp_tr(x->lang, "Definities en methode"), x->lang);
	bp_html_page_begin(&b, fr);
	bp_html_tr(&b, x->lang, "<nav class=\"kruimel\" aria-label=\"Kruimelpad\"><a href=\"index.html\">Alle gebieden</a></nav>\n");
	bp_rc rc = bp_definitions_html(x->conn, x->set, scopes, n, x->lang, a, &b, err);
	if (rc == BP_OK) {
		bp_html_page_end(&b, fr, x->sources.len ? x->sources.data : "CBS, CC BY 4.0", NULL);
		rc = write_page(x, a, "definities", &b, err);   /* BP_DEFINITIONS_PAGE */
	}
	bp_html_release(&b);
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
                     const bp_site_options *o, const bp_site_reuse *reuse, bp_lang lang,
                     bp_site_result *res, bp_error *err);

bp_rc bp_site_publish(PGconn *conn, const bp_indicator_set *set, const bp_layout *layout,
                      const char *const *gemeenten, size_t n, const char *dir, const char *effects_dir,
                      bp_lang lang, bp_site_result *res, bp_error *err)
{
	return publish(conn, set, layout, gemeenten, n, dir, effects_dir, &(bp_site_options){ 0 }, NULL, lang, res, err);
}

bp_rc bp_site_publish_force(PGconn *conn, const bp_indicator_set *set, const bp_layout *layout,
                            const char *const *gemeenten, size_t n, const char *dir, const char *effects_dir,
                            bp_lang lang, bp_site_result *res, bp_error *err)
{
	return publish(conn, set, layout, gemeenten, n, dir, effects_dir, &(bp_site_options){ .force = 1 }, NULL, lang, res,
	               err);
}

bp_rc bp_site_publish_workers(PGconn *conn, const bp_indicator_set *set, const bp_layout *layout,
                              const char *const *gemeenten, size_t n, const char *dir, const char *effects_dir,
                              const bp_site_options *o, bp_lang lang, bp_site_result *res, bp_error *err)
{
	return publish(conn, set, layout, gemeenten, n, dir, effects_dir, o, NULL, lang, res, err);
}

bp_rc bp_site_publish_reuse(PGconn *conn, const bp_indicator_set *set, const bp_layout *layout,
                            const char *const *gemeenten, size_t n, const char *dir, const char *effects_dir,
                            const bp_site_reuse *reuse, bp_lang lang, bp_site_result *res, bp_error *err)
{
	const bp_site_options o = { .workers = reuse->workers, .no_pdf = reuse->no_pdf, .progress = reuse->progress,
	                            .ctx = reuse->ctx, .no_area_downloads = reuse->no_area_downloads,
	                            .buurt_map_wijken = reuse->buurt_map_wijken,
	                            .narrow_only = reuse->narrow_only };
	return publish(conn, set, layout, gemeenten, n, dir, effects_dir, &o, reuse, lang, res, err);
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
 * An incremental publish keeps what a rendered gemeente gave the index
 * (report/site_index.h), among its files; rows, maps and areas are where
 * the gemeente's part of x->rows, x->maps and the count began.
 */
static bp_rc index_part_save(site_ctx *x, const char *gemeente, size_t rows, size_t maps, long areas, bp_error *err)
{
	/* The copies in an arena of their own, freed when written: in the whole publish's arena every gemeente's
	 * rows and maps would stay to the end beside x->rows (for all of Nederland the index's ~40 MB once more). */
	bp_arena *t = bp_arena_new();
	const bp_site_index_part p = {
		.columns = x->columns,
		.rows = bp_arena_strndup(t, x->rows.buf.data + rows, x->rows.buf.len - rows),
		.maps = bp_arena_strndup(t, x->maps.buf.data + maps, x->maps.buf.len - maps),
		.sources = x->g_sources, .synthetic = x->g_synthetic, .surveys = x->g_surveys,
		.areas = x->res->areas - areas,
	};
	bp_rc rc = bp_site_index_part_save(bp_path_join(t, x->dir, bp_site_index_part_name(t, gemeente)), &p, err);
	bp_arena_free(t);
	return rc;
}

/* A kept gemeente's share of the index from its part (linked with its files), without the database; 0 when
 * there is no usable part (then gemeente_index_only makes it). */
static int index_part_kept(site_ctx *x, const char *gemeente, bp_arena *a)
{
	bp_site_index_part p;
	bp_error ignored = { 0 };
	if (bp_site_index_part_load(bp_path_join(a, x->dir, bp_site_index_part_name(a, gemeente)), x->columns, a, &p,
	                            &ignored))
		return 0;
	index_notes(x, p.synthetic, p.surveys, p.sources);
	/* Markup this index made from the same inputs (the gemeente's fingerprint), not text: as it was. */
	bp_html_lit_(&x->maps, p.maps, strlen(p.maps));
	bp_html_lit_(&x->rows, p.rows, strlen(p.rows));
	x->res->areas += p.areas;
	return 1;
}

/*
 * One gemeente into the staging folder: linked from the published site when
 * its fingerprint is the published one's and every file it wrote then is
 * still there, else rendered, with the files it wrote listed in out: those
 * that are not in snap (the staged files before it, with reuse), which is
 * then brought up to date for the next gemeente.
 */
static bp_rc gemeente_files(site_ctx *x, const bp_dirstage *stage, const bp_site_reuse *reuse,
                            const bp_manifest *old, bp_manifest *out, size_t g, const char *gemeente,
                            const bp_area_scope *pre, GHashTable *snap, bp_arena *a, bp_error *err)
{
	const char *fkey = bp_arena_printf(a, "files %s", gemeente), *gkey = bp_arena_printf(a, "gemeente %s", gemeente);
	const char *was = bp_manifest_get(old, gkey), *files = bp_manifest_get(old, fkey);
	bp_rc rc;
	if (reuse && !reuse->full && was && files && strcmp(was, reuse->fingerprints[g]) == 0) {
		char *list = bp_arena_strdup(a, files);
		rc = BP_OK;
		for (char *save = NULL, *f = strtok_r(list, " ", &save); f && rc == BP_OK; f = strtok_r(NULL, " ", &save))
			if ((rc = bp_dirreuse_link(stage, f, err)) == BP_OK)
				bp_dirreuse_snapshot_add(stage, snap, f);
		if (rc == BP_OK) {
			x->res->gemeenten_kept++;
			bp_manifest_set(out, gkey, was);
			bp_manifest_set(out, fkey, files);
			if (index_part_kept(x, gemeente, a))
				return BP_OK;
			/* No part (a site of a version before them, or other columns): made, and kept from now on. */
			size_t rows = x->rows.buf.len, maps = x->maps.buf.len;
			long areas = x->res->areas;
			const char *part = bp_site_index_part_name(a, gemeente);
			if ((rc = gemeente_index_only(x, gemeente, pre, err)) ||
			    (rc = index_part_save(x, gemeente, rows, maps, areas, err)))
				return rc;
			bp_dirreuse_snapshot_add(stage, snap, part);
			if (!strstr(files, part))
				bp_manifest_set(out, fkey, bp_arena_printf(a, "%s %s", files, part));
			return BP_OK;
		}
		if (rc != BP_ERR_NOT_FOUND)
			return rc;
		bp_error_clear(err);   /* a file went missing: render the gemeente */
	}
	size_t rows = x->rows.buf.len, maps = x->maps.buf.len;
	long areas = x->res->areas;
	x->stage = stage;
	x->pdf_from = reuse && reuse->pdf_dir && reuse->pdfs_written && reuse->pdfs_written[g] ? reuse->pdf_dir : NULL;
	x->pdf_lang = reuse ? reuse->pdf_lang : BP_LANG_NL;
	x->needs_kept = reuse ? reuse->needs : NULL;
	rc = gemeente_pages(x, gemeente, pre, err);
	bp_needs_kept_release(x->needs_kept, gemeente);   /* written: its memory back */
	x->needs_kept = NULL;
	x->pdf_from = NULL;
	if (rc == BP_OK && reuse)
		rc = index_part_save(x, gemeente, rows, maps, areas, err);
	if (rc == BP_OK && reuse) {
		const char *wrote = bp_dirreuse_written(stage, snap, a);
		if (wrote) {
			bp_manifest_set(out, gkey, reuse->fingerprints[g]);
			bp_manifest_set(out, fkey, wrote);
		}
	}
	return rc;
}

static bp_rc publish(PGconn *conn, const bp_indicator_set *set, const bp_layout *layout,
                     const char *const *gemeenten, size_t n, const char *dir, const char *effects_dir,
                     const bp_site_options *o, const bp_site_reuse *reuse, bp_lang lang,
                     bp_site_result *res, bp_error *err)
{
	const int force = o->force;
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
	site_ctx x = { .conn = conn, .layout = layout, .set = set, .res = res, .notice_arena = a, .lang = lang,
	               .workers = o->workers.connect ? &o->workers : NULL, .no_pdf = o->no_pdf,
	               .no_area_downloads = o->no_area_downloads, .buurt_map_wijken = o->buurt_map_wijken,
	               .narrow_only = o->narrow_only };
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
	bp_area_scope *scopes = bp_arena_alloc(a, (n + 1) * sizeof(*scopes));   /* also for the definitions page */
	for (size_t g = 0; g < n; g++) {
		bp_area_scope sc;
		rc = bp_area_scope_load_lang(conn, set, gemeenten[g], x.lang, a, &sc, err);
		if (rc)
			goto out;
		scopes[g] = sc;
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
	{
		bp_buf ids;
		bp_buf_init(&ids);
		for (size_t c = 0; c < x.n_cols; c++)
			bp_buf_printf(&ids, "%s%s", c ? " " : "", x.cols[c]->id);
		x.columns = bp_arena_strdup(a, ids.len ? ids.data : "");
		bp_buf_release(&ids);
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
	if (rc == BP_OK && !x.no_pdf)
		rc = bp_mkdir_p(bp_path_join(a, x.dir, "pdf"), 0755, err);
	if (rc == BP_OK)
		rc = bp_mkdir_p(bp_path_join(a, x.dir, BP_DOWNLOADS_DIR), 0755, err);
	if (rc == BP_OK && effects_dir)
		rc = bp_effect_reports_copy(effects_dir, bp_path_join(a, x.dir, "interventions"), err);
	/* What is staged before each gemeente, kept up to date as they go (gemeente_files). */
	GHashTable *snap = reuse && rc == BP_OK ? bp_dirreuse_snapshot(&stage) : NULL;
	for (size_t g = 0; g < n && rc == BP_OK; g++) {
		rc = gemeente_files(&x, &stage, reuse, &old, &manifest, g, gemeenten[g], &scopes[g], snap, a, err);
		if (rc == BP_OK && o->progress)
			o->progress(o->ctx, gemeenten[g], g + 1, n, res);
	}
	if (snap)
		g_hash_table_destroy(snap);
	if (rc == BP_OK)
		rc = definitions_page(&x, a, scopes, n, err);
	if (rc)
		goto out;

	const bp_lang L = x.lang;
	const bp_html_page *fr = frame_lang(a, bp_tr(L, "Wijken in cijfers"), L);
	bp_html_page_begin(&b, fr);
	bp_html_lit(&b, "<h1>");
	bp_html_tr(&b, L, "Wijken in cijfers");
	bp_html_lit(&b, "</h1>\n");
	if (x.synthetic_surveys)
		bp_synthetic_notice_html_lang(&b, a, *x.synthetic_surveys ? x.synthetic_surveys : NULL, L);
	bp_html_tr(&b, L, "<p class=\"lead\">Cijfers per wijk, buurt en zelf gedefinieerd gebied, "
	                  "vergeleken met de gemeente en Nederland.</p>\n<p>Wat elke indicator meet en hoe de cijfers "
	                  "berekend zijn: <a href=\"" BP_DEFINITIONS_PAGE "\">definities en methode</a>.</p>\n"
	                  "<nav class=\"toc\" aria-label=\"Op deze pagina\"><ul><li><a href=\"#alle-gebieden\">Alle gebieden"
	                  "</a></li><li><a href=\"#gemeenten\">Gemeenten</a></li>");
	if (effects_dir)
		bp_html_tr(&b, L, "<li><a href=\"#interventies\">Interventies</a></li>");
	if (x.maps.buf.len)
		bp_html_tr(&b, L, "<li><a href=\"#kaarten\">Kaarten</a></li>");
	bp_html_lit(&b, "</ul></nav>\n");
	/* The search first: it is what a reader of the index comes for (issue 20). */
	bp_html_tr(&b, L, "<h2 id=\"alle-gebieden\">Alle gebieden</h2>\n"
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
	bp_html_tr(&b, L, "</select></div>\n<div><label for=\"filter-soort\">Soort gebied</label><select id=\"filter-soort\">"
	                  "<option value=\"\">Alle soorten</option><option value=\"wijk\">Wijken</option>"
	                  "<option value=\"buurt\">Buurten</option><option value=\"custom\">Zelf gedefinieerde gebieden"
	                  "</option></select></div>\n</form>\n<p id=\"aantal\" role=\"status\" aria-live=\"polite\"></p>\n"
	                  "<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-labelledby=\"gebieden-titel\">\n"
	                  "<table id=\"gebieden-tabel\">\n<caption id=\"gebieden-titel\">Alle gebieden met hun laatste "
	                  "cijfers. Kies een kolomkop om te sorteren.</caption>\n<thead><tr>"
	                  "<th scope=\"col\"><button type=\"button\">Gebied</button></th>"
	                  "<th scope=\"col\"><button type=\"button\">Soort</button></th>"
	                  "<th scope=\"col\"><button type=\"button\">Gemeente</button></th>");
	/* NUL-terminated by bp_html (its buffer); the period of each column whose cells share one. */
	const char *rows = x.rows.buf.len ? x.rows.buf.data : "";
	const char **periods = bp_site_index_periods(rows, x.n_cols, a);
	for (size_t c = 0; c < x.n_cols; c++) {
		/* data-standaard: the columns site.js shows at first (the rest through its column picker;
		 * without the script every column shows) */
		bp_html_choose(&b, index_column_chosen(&x, c), "<th scope=\"col\" class=\"num\" data-standaard=\"\">",
		               "<th scope=\"col\" class=\"num\">");
		bp_html_lit(&b, "<button type=\"button\">");
		bp_html_text(&b, bp_def_title(x.cols[c], L));
		bp_html_lit(&b, " (");
		bp_html_text(&b, bp_tr(L, x.cols[c]->unit));
		bp_html_lit(&b, ")");
		if (periods[c]) {
			bp_html_lit(&b, " <span class=\"periode\">");
			bp_html_lit_(&b, periods[c], strlen(periods[c]));   /* escaped as the cells had it */
			bp_html_lit(&b, "</span>");
		}
		bp_html_text(&b, bp_tr(L, bp_def_suffix(x.cols[c], x.cols_synthetic[c])));
		bp_html_lit(&b, "</button></th>");
	}
	bp_html_lit(&b, "</tr></thead>\n<tbody>\n");
	bp_site_index_rows_emit(&b, rows, periods, x.n_cols);
	bp_html_lit(&b, "</tbody>\n</table>\n</div>\n");
	if (strstr(rows, "<sup class=\"herkomst\""))
		bp_html_choose(&b, L == BP_LANG_EN,
		               "<p class=\"bron\">* A value of an older classification of the areas (converted or carried "
		               "over): which, and how, is said at the mark and on the area's page.</p>\n",
		               "<p class=\"bron\">* Waarde van een oudere indeling van de gebieden (omgerekend of "
		               "overgenomen): welke en hoe staat bij het teken en op de pagina van het gebied.</p>\n");
	for (size_t c = 0; c < x.n_cols; c++)
		if (!x.cols_synthetic[c] && bp_def_is_model_estimate(x.cols[c])) {
			bp_model_note_html(&b, L);   /* once: the column heads above carry the word */
			break;
		}
	bp_html_tr(&b, L, "<h2 id=\"gemeenten\">Gemeenten</h2>\n<ul>\n");
	for (size_t g = 0; g < n; g++) {
		bp_html_printf(&b, "<li><a href=\"%s.html\">", gemeenten[g]);
		bp_html_text(&b, names[g]);
		bp_html_printf_l(&b, L, "</a> · <a href=\"behoeften-%s.html\">behoeftenoverzicht</a>",
		                 "</a> · <a href=\"behoeften-%s.html\">needs overview</a>", gemeenten[g]);
		if (!x.no_pdf)
			bp_html_printf_l(&b, L, " · <a href=\"pdf/%s.pdf\">overzicht als PDF</a>",
			                 " · <a href=\"pdf/%s.pdf\">overview as PDF</a>", gemeenten[g]);
		bp_html_lit(&b, "</li>\n");
	}
	bp_html_lit(&b, "</ul>\n");
	/* Effect reports are on the site only when the monitor publishes them
	 * (publish_effects): copied into the staging folder above. */
	if (effects_dir && L == BP_LANG_EN && bp_effect_reports_lang(effects_dir) == BP_LANG_EN)
		/* Reports written in English (run --lang en, interventions report --lang en): no "in Dutch". */
		bp_html_lit(&b, "<h2 id=\"interventies\">Interventions</h2>\n<p><a href=\"interventions/index.html\">"
		                "What is under way per district and what its effect is (effect reports)</a></p>\n");
	else if (effects_dir)
		bp_html_tr(&b, L, "<h2 id=\"interventies\">Interventies</h2>\n<p><a href=\"interventions/index.html\">"
		                  "Wat er per wijk loopt en wat het effect is (effectrapporten)</a></p>\n");
	if (x.maps.buf.len) {
		bp_html_tr(&b, L, "<h2 id=\"kaarten\">Kaarten</h2>\n<div class=\"kaarten\">\n");
		bp_html_append(&b, &x.maps);
		bp_html_lit(&b, "</div>\n");
	}
	bp_html_page_end(&b, fr, x.sources.len ? x.sources.data : "CBS, CC BY 4.0", NULL);
	rc = write_page(&x, a, "index", &b, err);
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
