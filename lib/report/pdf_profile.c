#include "report/pdf_profile.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "core/numfmt.h"
#include "engine/compute.h"
#include "render/barchart.h"
#include "render/choropleth.h"
#include "render/profile.h"
#include "render/trend.h"
#include "report/area_page.h"
#include "report/pdfdoc.h"
#include "report/ranking.h"

#define RGB_TEXT   0x1A1A1A
#define RGB_SUBTLE 0x4D4D4D
#define RGB_HEAD   0x0B5394

/* What a missing value means, told once per report that has one. */
static const char missing_note[] =
	"Een streepje (–) of een reden in plaats van een getal betekent dat er geen gepubliceerd cijfer is: "
	"de bron maakt het niet bekend (geheim of onbekend), het gebied heeft te weinig inwoners voor een "
	"betrouwbaar cijfer, of een gegeven ontbreekt. Zo'n waarde telt nergens als nul mee.";
static const char missing_note_en[] =
	"A dash (–) or a reason in place of a number means that there is no published figure: the source "
	"does not disclose it (confidential or unknown), the area has too few inhabitants for a reliable "
	"figure, or an input is missing. Such a value never counts as zero.";

static const char *ind_label(bp_arena *a, const bp_area_series *s, bp_lang L)
{
	return bp_arena_printf(a, "%s (%s)%s", bp_def_title(s->def, L), bp_tr(L, s->def->unit),
	                       bp_tr(L, bp_def_suffix(s->def, s->synthetic)));
}

/* Synthetic figures are announced right under the title, before anything else. */
static void synthetic_notice(bp_pdfdoc *d, bp_arena *a, const bp_area_scope *sc, bp_lang L)
{
	if (sc->any_synthetic)
		bp_pdfdoc_note(d, bp_synthetic_notice_text_lang(a, sc->surveys, L));
}

/* A value cell: the number, or why there is none. */
static const char *value_cell(bp_arena *a, const bp_area_series *s, long i, bp_lang L)
{
	if (i < 0)
		return bp_tr(L, "geen gegevens");
	if (isnan(s->value[i]))
		return bp_tr(L, bp_area_series_reason(s, i));
	return bp_fmt_lang(a, L, s->value[i], s->def->decimals);
}

/* v at dec decimals, with its interval (lo, hi; NAN: none) after it, "43 (38–49)". */
static const char *with_interval(bp_arena *a, double v, double lo, double hi, int dec, bp_lang L)
{
	const char *t = bp_fmt_lang(a, L, v, dec);
	if (isnan(lo) || isnan(hi))
		return t;
	/* Word joiners (U+2060) keep the dash from being a line break in the narrow column: the
	 * interval wraps whole, after the value, not as "30,0 (25,0–" and "35,0)". */
	return bp_arena_printf(a, "%s (%s\u2060–\u2060%s)", t, bp_fmt_lang(a, L, lo, dec), bp_fmt_lang(a, L, hi, dec));
}

/* A key figure's value at dec decimals with its 95% interval beside it where there is one, as on
 * the HTML page ("43 (38–49)"): a survey figure without it claims more precision than it has. */
static const char *value_text(bp_arena *a, const bp_area_series *x, long i, int dec, bp_lang L)
{
	if (i < 0 || isnan(x->value[i]))
		return value_cell(a, x, i, L);
	return with_interval(a, x->value[i], x->ci_lo[i], x->ci_hi[i], dec, L);
}

/* The gemeente's cell: its figure with its own 95% interval where it is a survey estimate too. */
static const char *gemeente_text(bp_arena *a, const bp_area_series *x, long i, int dec, bp_lang L)
{
	if (i < 0 || isnan(x->gm[i]))
		return "–";
	return with_interval(a, x->gm[i], x->gm_lo[i], x->gm_hi[i], dec, L);
}

/* What the brackets of the key figures are. */
static const char *interval_note(bp_lang L)
{
	return L == BP_LANG_EN ? "In brackets: the value's 95% interval, where the source or the survey gives one."
	                       : "Tussen haakjes: het 95%-interval van de waarde, waar de bron of de enquête er een geeft.";
}

static const char *ref_cell(bp_arena *a, double v, int decimals, int diff, bp_lang L)
{
	char t[128];
	if (isnan(v))
		return "–";
	(diff ? bp_numfmt_diff : bp_numfmt)(L, t, sizeof(t), v, decimals);
	return bp_arena_strdup(a, t);
}

/* "Bron: ...; bewerking buurtpeil" in L, for the footer and the closing note. */
static const char *source_line(bp_arena *a, const bp_area_scope *sc, bp_lang L)
{
	return L == BP_LANG_EN ? bp_arena_printf(a, "Source: %s; processed by buurtpeil", bp_cite_sources_lang(a, sc->sources, L))
	                       : sc->source_line;
}

static void key_figures(bp_pdfdoc *d, bp_arena *a, const bp_area_scope *sc, const char *name,
                        const bp_area_series *s, bp_lang L)
{
	size_t n = sc->n_defs;
	const char **cells = bp_arena_alloc(a, (n + 1) * 7 * sizeof(*cells));
	bp_cite cite;
	bp_cite_init(&cite, sc->cites, a);
	cite.lang = L;
	for (size_t k = 0; k < n; k++) {
		const bp_area_series *x = &s[k];
		long i = bp_area_series_latest(x);
		/* Enough digits that the area and its references never read the same
		 * while their difference says otherwise ("90 | 90 | -1"). */
		double shown[3] = { i < 0 ? NAN : x->value[i], i < 0 ? NAN : x->gm[i], i < 0 ? NAN : x->nl[i] };
		int dec = bp_decimals_apart(shown, 3, x->def->decimals);
		if (i >= 0)
			bp_cite_def(&cite, x->def, x->period[i]);
		const char **row = cells + k * 7;
		row[0] = ind_label(a, x, L);
		row[1] = bp_area_series_period_label(a, x, i, L);
		row[2] = value_text(a, x, i, dec, L);
		row[3] = gemeente_text(a, x, i, dec, L);
		row[4] = i < 0 ? "–" : ref_cell(a, x->gm_diff[i], dec, 1, L);
		row[5] = i < 0 ? "–" : ref_cell(a, x->nl[i], dec, 0, L);
		row[6] = i < 0 ? "–" : ref_cell(a, x->nl_diff[i], dec, 1, L);
	}
	/* Short English heads: the columns are sized for the Dutch words. */
	const int en = L == BP_LANG_EN;
	const char *head[] = { "Indicator", bp_tr(L, "Periode"), name, sc->gemeente_name, en ? "Diff." : "Verschil",
	                       en ? "Netherlands" : "Nederland", en ? "Diff." : "Verschil" };
	const double w[] = { 3.4, 0.9, 1.3, 1.3, 1.0, 1.3, 1.0 };
	bp_pdfdoc_text(d, BP_PDF_H2, bp_tr(L, "Kerncijfers"), RGB_HEAD, 60);
	bp_pdfdoc_table(d, 7, w, "llrrrrr", head, cells, n, NULL);
	bp_pdfdoc_text(d, BP_PDF_SMALL, bp_arena_printf(a, L == BP_LANG_EN
	                                                ? "Difference: the area's value minus the reference's, computed "
	                                                  "before rounding. %s %s."
	                                                : "Verschil: de waarde van het gebied min die van de referentie, "
	                                                  "berekend vóór het afronden. %s %s.", interval_note(L),
	                                                bp_cite_line(&cite)),
	               RGB_SUBTLE, 0);
}

static void theme_chart(bp_pdfdoc *d, bp_arena *a, const bp_area_scope *sc, const char *name,
                        const bp_area_series *s, const char *theme, bp_lang L)
{
	bp_profile_item *items;
	const char *period;
	size_t n = bp_area_theme_items(a, sc, s, theme, &items, &period, L);
	if (n == 0)
		return;
	const char *tt = bp_theme_title_lang(a, theme, L);
	const char *head = bp_arena_printf(a, L == BP_LANG_EN ? "Profile: %s" : "Profiel: %s", tt);
	size_t with_value = 0;
	for (size_t i = 0; i < n; i++)
		with_value += !isnan(items[i].value);
	if (with_value == 0) {
		/* No chart of only "geen cijfers" bars (as the HTML profile). */
		bp_pdfdoc_text(d, BP_PDF_H2, head, RGB_HEAD, 60);
		bp_pdfdoc_text(d, BP_PDF_BODY, bp_arena_printf(a, L == BP_LANG_EN ? "For this theme there are no figures for %s."
		                                                                  : "Voor dit thema zijn er voor %s geen cijfers.",
		                                               name), RGB_TEXT, 0);
		return;
	}
	/* The HTML page's chart (area_page.h), drawn narrower for A4. */
	bp_profile chart;
	bp_area_page_profile_chart(a, sc, name, s, theme, items, n, L, &chart);
	bp_profile_fit_width(&chart, 720);
	bp_pdfdoc_text(d, BP_PDF_H2, head, RGB_HEAD, 120);
	bp_pdfdoc_text(d, BP_PDF_BODY, bp_arena_printf(a, L == BP_LANG_EN
	                                               ? "Each bar is the difference from %s: for percentages in "
	                                                 "percentage points, for other units in per cent of the "
	                                                 "municipality's value; right is better, left worse."
	                                               : "Elke balk is het verschil met %s: bij percentages in "
	                                                 "procentpunten, bij andere eenheden in procenten van de waarde "
	                                                 "van de gemeente; rechts is gunstiger, links ongunstiger.",
	                                               sc->gemeente_name), RGB_TEXT, 100);
	bp_pdfdoc_chart(d, bp_profile_ops(), &chart);
}

static void trend_chart(bp_pdfdoc *d, bp_arena *a, const bp_area_scope *sc, const char *name,
                        const bp_area_series *x, bp_lang L)
{
	/* The HTML page's chart (area_page.h), drawn narrower for A4. */
	bp_trend chart;
	bp_area_page_trend_chart(a, sc, name, x, L, &chart);
	chart.width = 720;
	bp_pdfdoc_text(d, BP_PDF_H2, bp_arena_printf(a, L == BP_LANG_EN ? "Trend: %s" : "Ontwikkeling: %s", chart.title),
	               RGB_HEAD, 150);
	bp_pdfdoc_chart(d, bp_trend_ops(), &chart);
}

static bp_rc map_layout(const void *chart, const bp_ink *k, bp_arena *a, void **lay, double *width, double *height,
                        bp_error *err)
{
	bp_choropleth_layout *l = bp_arena_alloc(a, sizeof(*l));
	bp_rc rc = bp_choropleth_layout_with(chart, k, a, l, err);
	*lay = l;
	*width = l->width;
	*height = l->height;
	return rc;
}

static void map_draw(const void *chart, const void *lay, const bp_ink *k, cairo_t *cr)
{
	bp_choropleth_draw(chart, lay, k, cr);
}

static const bp_chart_ops MAP_OPS = { map_layout, map_draw };

/* The map of sc->map_def over the wijken or buurten (level), highlight outlined; nothing without borders. */
static void map_section(bp_pdfdoc *d, bp_arena *a, PGconn *conn, const bp_area_scope *sc, const char *level,
                        const char *highlight, bp_lang L)
{
	if (!sc->map_def || d->rc)
		return;
	bp_choropleth chart;
	const char *period;
	const char **reasons;
	d->rc = bp_area_map_load_lang(conn, L, sc, level, sc->map_def, highlight, a, &chart, &period, &reasons, d->err);
	if (d->rc || chart.n_areas == 0)
		return;
	chart.max_map_height = 480;
	double h = 300;
	bp_error e = { 0 };
	if (bp_canvas_measure(&MAP_OPS, &chart, bp_pdfdoc_width(d), &h, &e) != BP_OK)
		return;  /* a map that cannot be laid out is left out, not the profile */
	bp_pdfdoc_text(d, BP_PDF_H2, bp_arena_printf(a, L == BP_LANG_EN ? "Map: %s" : "Kaart: %s",
	                                             bp_def_title(sc->map_def, L)), RGB_HEAD, h);
	bp_pdfdoc_chart(d, &MAP_OPS, &chart);
}

static void about(bp_pdfdoc *d, bp_arena *a, const bp_area_scope *sc, bp_lang L)
{
	const int en = L == BP_LANG_EN;
	bp_pdfdoc_text(d, BP_PDF_H2, en ? "About these figures" : "Over deze cijfers", RGB_HEAD, 40);
	bp_pdfdoc_text(d, BP_PDF_BODY, en ? missing_note_en : missing_note, RGB_TEXT, 0);
	if (bp_scope_has_model_estimates(sc))   /* as on the HTML pages: the rows carry the word, this says what it means */
		bp_pdfdoc_text(d, BP_PDF_BODY, bp_model_note(L), RGB_TEXT, 0);
	bp_pdfdoc_text(d, BP_PDF_BODY, bp_arena_printf(a, en ? "%s. Figures of CBS and RIVM are licensed under "
	                                                       "CC BY 4.0 (creativecommons.org/licenses/by/4.0)."
	                                                     : "%s. CBS- en RIVM-cijfers vallen onder de licentie "
	                                                       "CC BY 4.0 (creativecommons.org/licenses/by/4.0).",
	                                               source_line(a, sc, L)), RGB_TEXT, 0);
}

bp_rc bp_pdf_area_profile(PGconn *conn, const bp_area_scope *sc, const bp_area_ref *area, const char *path,
                          bp_lang L, bp_error *err)
{
	const int en = L == BP_LANG_EN;
	bp_arena *a = bp_arena_new();
	bp_area_series *s = NULL;
	bp_rc rc = bp_area_series_load(conn, sc, area->code, area->year, a, &s, err);
	if (rc) {
		bp_arena_free(a);
		return rc;
	}
	bp_pdfdoc d;
	const char *title = bp_arena_printf(a, en ? "%s (%s): area profile" : "%s (%s): gebiedsprofiel", area->name,
	                                    sc->gemeente_name);
	rc = bp_pdfdoc_open(&d, path, title, bp_arena_printf(a, en ? "Area profile · %s · buurtpeil"
	                                                          : "Gebiedsprofiel · %s · buurtpeil", sc->gemeente_name),
	                    source_line(a, sc, L), err);
	if (rc) {
		bp_arena_free(a);
		return rc;
	}
	d.lang = L;
	bp_pdfdoc_text(&d, BP_PDF_H1, area->name, RGB_TEXT, 0);
	synthetic_notice(&d, a, sc, L);
	bp_pdfdoc_text(&d, BP_PDF_LEAD, bp_arena_printf(a, en ? "%s %s in %s · %d classification"
	                                                      : "%s %s in %s · indeling %d",
	                                                bp_tr(L, bp_level_nl(area->level)), area->code, sc->gemeente_name,
	                                                area->year), RGB_SUBTLE, 0);
	bp_pdfdoc_space(&d, 4);
	bp_pdfdoc_text(&d, BP_PDF_BODY, en ? "This profile compares the area with the municipality as a whole and with the "
	                                     "Netherlands. Per theme a chart shows where the area scores better or worse; "
	                                     "the figures themselves are in the table Key figures."
	                                   : "Dit profiel vergelijkt het gebied met de gemeente als geheel en met "
	                                     "Nederland. Per thema laat een grafiek zien waar het gebied gunstiger of "
	                                     "ongunstiger scoort; de cijfers zelf staan in de tabel Kerncijfers.",
	               RGB_TEXT, 0);
	key_figures(&d, a, sc, area->name, s, L);
	/* A wijk among the wijken, a buurt among the buurten (when their borders are loaded). */
	if (strcmp(area->level, "wijk") == 0 || strcmp(area->level, "buurt") == 0)
		map_section(&d, a, conn, sc, area->level, area->code, L);
	for (size_t t = 0; t < sc->n_themes; t++)
		theme_chart(&d, a, sc, area->name, s, sc->themes[t], L);
	for (size_t k = 0; k < sc->n_defs; k++)
		if (s[k].n >= 2)
			trend_chart(&d, a, sc, area->name, &s[k], L);
	about(&d, a, sc, L);
	rc = bp_pdfdoc_close(&d);
	bp_arena_free(a);
	return rc;
}

static void ranking_section(bp_pdfdoc *d, bp_arena *a, PGconn *conn, const bp_report_options *opt,
                            const bp_area_scope *sc, const bp_layout_chart *lc, bp_lang L)
{
	if (lc->type != BP_CHART_RANKING)
		return;  /* the layout's maps are not rankings: the PDF has its own map (map_section) */
	const bp_indicator_def *def = bp_indicator_find(opt->indicators, lc->indicator);
	if (!def || d->rc)
		return;  /* an unknown indicator is reported by the HTML gemeente page */
	bp_ranking r;
	bp_error e = { 0 };
	if (bp_ranking_load_lang(conn, def, sc->gemeente, lc->level, NULL, L, a, &r, &e) != BP_OK)
		return;  /* no values for this level: nothing to rank */
	bp_barchart chart;
	bp_ranking_chart_lang(&r, a, L, &chart);
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
	chart.width = 720;
	double ch = 200;
	bp_error e2 = { 0 };
	if (bp_canvas_measure(bp_barchart_ops(), &chart, bp_pdfdoc_width(d), &ch, &e2) != BP_OK)
		ch = 200;
	bp_pdfdoc_text(d, BP_PDF_H2, bp_arena_printf(a, "%s%s", bp_def_title(def, L),
	                                             bp_tr(L, bp_def_suffix(def, r.synthetic))), RGB_HEAD, ch + 30);
	/* In English description.en; a definition of one's own without it shows none (no Dutch in an English PDF). */
	const char *desc = bp_def_description(def, L);
	if (desc)
		bp_pdfdoc_text(d, BP_PDF_BODY, desc, RGB_TEXT, ch);
	bp_pdfdoc_chart(d, bp_barchart_ops(), &chart);
	size_t n = r.n_rows + 2;
	const char **cells = bp_arena_alloc(a, (n + 1) * 3 * sizeof(*cells));
	int *bold = bp_arena_alloc(a, (n + 1) * sizeof(int));
	int any_interval = 0;
	for (size_t i = 0; i < n; i++) {
		const bp_ranking_row *row = i < r.n_rows ? &r.rows[i] : i == r.n_rows ? &r.gemeente : &r.land;
		const char **c = cells + i * 3;
		c[0] = i < r.n_rows ? row->name : i == r.n_rows ? r.gemeente_name : bp_tr(L, "Nederland");
		c[1] = i < r.n_rows ? row->code : "";
		/* each figure with its interval, the gemeente's and Nederland's too where they are estimates */
		c[2] = isnan(row->value) ? bp_tr(L, bp_suppressed_reason_nl(row->suppressed ? row->suppressed : "missing_input"))
		                         : with_interval(a, row->value, row->ci_lo, row->ci_hi, def->decimals, L);
		any_interval |= !isnan(row->value) && !isnan(row->ci_lo) && !isnan(row->ci_hi);
		bold[i] = i >= r.n_rows;
	}
	const char *head[] = { bp_tr(L, strcmp(r.level, "buurt") == 0 ? "Buurt" : "Wijk"), "Code",
	                       bp_arena_printf(a, "%s (%s), %s%s", bp_def_title(def, L), bp_tr(L, def->unit), r.period,
	                                       bp_tr(L, bp_def_suffix(def, r.synthetic))) };
	const double w[] = { 3, 1.4, 2 };
	bp_pdfdoc_table(d, 3, w, "llr", head, cells, n, bold);
	if (any_interval)
		bp_pdfdoc_text(d, BP_PDF_SMALL, interval_note(L), RGB_SUBTLE, 0);
}

bp_rc bp_pdf_gemeente(PGconn *conn, const bp_report_options *opt, const bp_area_scope *sc, const char *path,
                      bp_lang L, bp_error *err)
{
	const int en = L == BP_LANG_EN;
	bp_arena *a = bp_arena_new();
	bp_area_series *s = NULL;
	bp_rc rc = bp_area_series_load(conn, sc, sc->gemeente, sc->year, a, &s, err);
	if (rc) {
		bp_arena_free(a);
		return rc;
	}
	bp_pdfdoc d;
	const char *title = bp_arena_printf(a, en ? "Districts of %s" : "Wijken van %s", sc->gemeente_name);
	rc = bp_pdfdoc_open(&d, path, title, bp_arena_printf(a, en ? "Municipality overview · %s · buurtpeil"
	                                                          : "Gemeenteoverzicht · %s · buurtpeil",
	                                                     sc->gemeente_name), source_line(a, sc, L), err);
	if (rc) {
		bp_arena_free(a);
		return rc;
	}
	d.lang = L;
	bp_pdfdoc_text(&d, BP_PDF_H1, title, RGB_TEXT, 0);
	synthetic_notice(&d, a, sc, L);
	bp_pdfdoc_text(&d, BP_PDF_LEAD, bp_arena_printf(a, en ? "Municipality %s · %d classification"
	                                                      : "Gemeente %s · indeling %d", sc->gemeente, sc->year),
	               RGB_SUBTLE, 0);
	bp_pdfdoc_space(&d, 4);
	bp_pdfdoc_text(&d, BP_PDF_BODY, en ? "This overview sets the municipality beside the Netherlands and the districts "
	                                     "beside each other. Every district, neighbourhood and self-defined area has "
	                                     "an area profile of its own."
	                                   : "Dit overzicht zet de gemeente naast Nederland en de wijken naast elkaar. "
	                                     "Per wijk, buurt en zelf gedefinieerd gebied is er een eigen gebiedsprofiel.",
	               RGB_TEXT, 0);
	size_t n = sc->n_defs;
	const char **cells = bp_arena_alloc(a, (n + 1) * 5 * sizeof(*cells));
	bp_cite cite;
	bp_cite_init(&cite, sc->cites, a);
	cite.lang = L;
	for (size_t k = 0; k < n; k++) {
		const bp_area_series *x = &s[k];
		long i = bp_area_series_latest(x);
		double shown[2] = { i < 0 ? NAN : x->value[i], i < 0 ? NAN : x->nl[i] };
		int dec = bp_decimals_apart(shown, 2, x->def->decimals);
		if (i >= 0)
			bp_cite_def(&cite, x->def, x->period[i]);
		const char **row = cells + k * 5;
		row[0] = ind_label(a, x, L);
		row[1] = bp_area_series_period_label(a, x, i, L);
		row[2] = value_text(a, x, i, dec, L);
		row[3] = i < 0 ? "–" : ref_cell(a, x->nl[i], dec, 0, L);
		row[4] = i < 0 ? "–" : ref_cell(a, x->nl_diff[i], dec, 1, L);
	}
	const char *head[] = { "Indicator", bp_tr(L, "Periode"), sc->gemeente_name, en ? "Netherlands" : "Nederland",
	                       en ? "Diff." : "Verschil" };
	const double w[] = { 3.6, 1, 1.4, 1.4, 1.2 };
	bp_pdfdoc_text(&d, BP_PDF_H2, bp_tr(L, "Kerncijfers"), RGB_HEAD, 60);
	bp_pdfdoc_table(&d, 5, w, "llrrr", head, cells, n, NULL);
	bp_pdfdoc_text(&d, BP_PDF_SMALL, bp_arena_printf(a, "%s %s.", interval_note(L), bp_cite_line(&cite)), RGB_SUBTLE,
	               0);
	map_section(&d, a, conn, sc, "wijk", NULL, L);
	for (size_t i = 0; i < opt->layout->n_charts; i++)
		ranking_section(&d, a, conn, opt, sc, &opt->layout->charts[i], L);
	about(&d, a, sc, L);
	rc = bp_pdfdoc_close(&d);
	bp_arena_free(a);
	return rc;
}

/* bp_report_pdfs's PDFs, one job each (report/workers.h): job 0 the gemeente's overview (the longest, so
 * first), job 1 + i area i's profile. */
typedef struct pdf_jobs {
	const bp_report_options *opt;
	const bp_area_scope *sc;
	const char *gemeente;
	char *written;             /* [1 + n_areas]: 1 when job i wrote its PDF */
	bp_report_result *res;
} pdf_jobs;

static bp_rc pdf_job(void *ctx, PGconn *conn, size_t i, bp_error *err)
{
	pdf_jobs *j = ctx;
	char path[BP_PATH_MAX];
	bp_rc rc;
	if (i == 0) {
		if (snprintf(path, sizeof(path), "%s/%s.pdf", j->opt->output_dir, j->gemeente) >= (int)sizeof(path))
			return bp_fail(err, BP_ERR_IO, "the path of %s's PDF is too long", j->gemeente);
		rc = bp_pdf_gemeente(conn, j->opt, j->sc, path, j->opt->lang, err);
	} else {
		const bp_area_ref *ar = &j->sc->areas[i - 1];
		if (!bp_path_safe_name(ar->code))
			return BP_OK;
		if (snprintf(path, sizeof(path), "%s/%s/%s.pdf", j->opt->output_dir, j->gemeente, ar->code) >=
		    (int)sizeof(path))
			return bp_fail(err, BP_ERR_IO, "the path of %s's PDF is too long", ar->code);
		rc = bp_pdf_area_profile(conn, j->sc, ar, path, j->opt->lang, err);
	}
	j->written[i] = rc == BP_OK;
	return rc;
}

static void pdf_done(void *ctx, size_t i)
{
	pdf_jobs *j = ctx;
	j->res->pages += j->written[i];
}

bp_rc bp_report_pdfs(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                     bp_report_result *res, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_area_scope sc;
	bp_rc rc = bp_area_scope_load_lang(conn, opt->indicators, gemeente, opt->lang, a, &sc, err);
	/* Maps show the layout's first indicator with values in the gemeente. */
	for (size_t i = 0; rc == BP_OK && !sc.map_def && i < opt->layout->n_charts; i++)
		for (size_t k = 0; k < sc.n_defs; k++)
			if (strcmp(sc.defs[k]->id, opt->layout->charts[i].indicator) == 0)
				sc.map_def = sc.defs[k];
	if (rc == BP_OK && !bp_path_safe_name(gemeente))
		rc = bp_fail(err, BP_ERR_CONFIG, "gemeente code '%s' cannot be a file name", gemeente);
	if (rc == BP_OK)
		rc = bp_mkdir_p(bp_path_join(a, opt->output_dir, gemeente), 0755, err);
	if (rc == BP_OK) {
		pdf_jobs j = { opt, &sc, gemeente, bp_arena_alloc(a, sc.n_areas + 1), res };
		memset(j.written, 0, sc.n_areas + 1);
		rc = bp_report_workers_run(&opt->workers, conn, sc.n_areas + 1, pdf_job, pdf_done, &j, NULL, err);
	}
	bp_arena_free(a);
	return rc;
}

void bp_profile_fit_width(bp_profile *chart, int from)
{
	/* A long area name widens the value column: widen the chart until the
	 * bars have room (at least 200 units), else keep the first width that fits. */
	int fits = 0;
	for (int w = from; w <= BP_CHART_MAX_WIDTH; w += 80) {
		bp_arena *t = bp_arena_new();
		bp_profile_layout lay;
		bp_error e = { 0 };
		chart->width = w;
		bp_rc rc = bp_profile_compute_layout(chart, t, &lay, &e);
		double plot_w = lay.plot_x1 - lay.plot_x0;
		bp_arena_free(t);
		if (rc == BP_OK && !fits)
			fits = w;
		if (rc == BP_OK && plot_w >= 200)
			return;
	}
	chart->width = fits ? fits : from;
}
