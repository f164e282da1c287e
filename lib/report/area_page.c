#include "report/area_page.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "core/numfmt.h"
#include "db/pgutil.h"
#include "engine/compute.h"
#include "engine/interval_basis.h"
#include "report/downloads.h"
#include "report/experiences_html.h"
#include "report/mapchart.h"
#include "report/pdf_profile.h"
#include "report/scope_label.h"
#include "report/verdict.h"
#include "render/profile.h"
#include "render/trend.h"

/* "▼ ongunstiger dan Oss" ("▼ worse than Oss"), its colour as a class as well as in words. */
static void verdict_part(bp_html *b, bp_verdict v, const char *ref_name, bp_lang lang)
{
	const char *cls = bp_verdict_class(v);
	if (*cls)
		bp_html_printf(b, "<span class=\"%s\">", cls);
	if (*bp_verdict_mark(v))
		bp_html_printf(b, "%s ", bp_verdict_mark(v));
	bp_html_text(b, bp_tr(lang, bp_verdict_nl(v)));
	if (*cls)
		bp_html_lit(b, "</span>");
	if (v != BP_VERDICT_NEUTRAL) {
		if (lang == BP_LANG_EN)
			/* "equal to", "not clearly different from", "better than" */
			bp_html_text(b, v == BP_VERDICT_SAME ? " to " : v == BP_VERDICT_UNCLEAR ? " from " : " than ");
		else
			bp_html_choose(b, v == BP_VERDICT_SAME, " aan ", " dan ");
		bp_html_text(b, ref_name);
	}
}

/* Value i of x is a RIVM model estimate without an interval: its verdict rests on the point estimate. */
static int verdict_on_point_estimate(const bp_area_series *x, long i)
{
	return i >= 0 && !x->synthetic && bp_def_is_model_estimate(x->def) && (isnan(x->ci_lo[i]) || isnan(x->ci_hi[i]));
}

/* The verdict cell of a key-figure row: against the gemeente (when shown) and Nederland. */
static void td_verdict(bp_html *b, const bp_area_series *x, long i, int dec, const char *gemeente_name, int with_gm,
                       bp_lang lang)
{
	bp_html_lit(b, "<td class=\"richting\">");
	if (i < 0) {
		bp_html_lit(b, "–</td>");
		return;
	}
	bp_polarity pol = x->def->polarity;
	bp_verdict g = with_gm ? bp_verdict_of(pol, x->value[i], x->gm[i], dec, x->gm_differs[i]) : BP_VERDICT_NONE;
	bp_verdict n = bp_verdict_of(pol, x->value[i], x->nl[i], dec, x->nl_differs[i]);
	if (g == BP_VERDICT_NEUTRAL || n == BP_VERDICT_NEUTRAL) {
		bp_html_tr(b, lang, "geen oordeel (geen gunstige kant)</td>");
		return;
	}
	if (g != BP_VERDICT_NONE)
		verdict_part(b, g, gemeente_name, lang);
	if (g != BP_VERDICT_NONE && n != BP_VERDICT_NONE)
		bp_html_lit(b, "; ");
	if (n != BP_VERDICT_NONE)
		verdict_part(b, n, bp_tr(lang, "Nederland"), lang);
	if (g == BP_VERDICT_NONE && n == BP_VERDICT_NONE)
		bp_html_lit(b, "–");
	/* A model estimate whose margins were not loaded (50090NED as imported:
	 * point estimates only, Marges MW00000) is judged on its point estimate
	 * alone; the ▲/▼ must not read as a tested difference. */
	if (verdict_on_point_estimate(x, i) && (g == BP_VERDICT_BETTER || g == BP_VERDICT_WORSE ||
	                                         n == BP_VERDICT_BETTER || n == BP_VERDICT_WORSE))
		bp_html_printf(b, " <span class=\"marge\">%s</span>", bp_tr(lang, BP_VERDICT_MODEL_MARK));
	bp_html_lit(b, "</td>");
}

/* A number cell: the value, or why it is missing. */
static void td_num(bp_html *b, double v, int decimals, int diff, const char *missing, bp_lang lang)
{
	char s[64];
	if (!isnan(v))
		(diff ? bp_numfmt_diff : bp_numfmt)(lang, s, sizeof(s), v, decimals);
	bp_html_lit(b, "<td class=\"num\">");
	bp_html_text(b, !isnan(v) ? s : bp_tr(lang, missing));
	bp_html_lit(b, "</td>");
}

/* What brackets hold at a value converted from another indeling, where one
 * is shown (engine/interval_basis.h translated_span): no 95% interval. */
static void span_note(bp_html *b, bp_lang L)
{
	bp_html_text(b, L == BP_LANG_EN ? "At a value " : "Bij een waarde ");
	bp_html_text(b, bp_interval_basis_text(BP_IB_TRANSLATED_SPAN, L));
	bp_html_lit(b, ".");
}

/* A value with its 95% interval, "43 (38–49)": a survey figure or estimate
 * without it claims more precision than it has.  The interval in a span the
 * downloads read as its ends (lib/table/pagetables.c). */
static void td_interval(bp_html *b, bp_arena *a, double v, double lo, double hi, int dec, bp_lang L)
{
	bp_html_lit(b, "<td class=\"num\">");
	bp_html_text(b, bp_fmt_lang(a, L, v, dec));
	bp_html_lit(b, " <span class=\"interval\">(");
	bp_html_text(b, bp_arena_printf(a, "%s–%s", bp_fmt_lang(a, L, lo, dec), bp_fmt_lang(a, L, hi, dec)));
	bp_html_lit(b, ")</span></td>");
}

void bp_area_page_key_table(bp_html *b, bp_arena *a, const bp_area_scope *sc, const char *name,
                            const bp_area_series *s, int with_gm, const char *definitions)
{
	bp_area_page_key_table_lang(b, a, sc, name, s, with_gm, definitions, BP_LANG_NL);
}

void bp_area_page_key_table_lang(bp_html *b, bp_arena *a, const bp_area_scope *sc, const char *name,
                                 const bp_area_series *s, int with_gm, const char *definitions, bp_lang lang)
{
	const bp_lang L = lang;
	bp_html_tr(b, L, "<section>\n<h2 id=\"kerncijfers\">Kerncijfers</h2>\n"
	                 "<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-labelledby=\"kerncijfers-titel\">\n"
	                 "<table>\n<caption id=\"kerncijfers-titel\">");
	bp_html_text(b, name);
	bp_html_tr(b, L, " vergeleken met ");
	if (with_gm) {
		bp_html_text(b, sc->gemeente_name);
		bp_html_tr(b, L, " en ");
	}
	bp_html_tr(b, L, "Nederland, laatste periode</caption>\n<thead><tr><th scope=\"col\">Indicator</th>"
	                 "<th scope=\"col\">Periode</th><th scope=\"col\" class=\"num\">");
	bp_html_text(b, name);
	bp_html_lit(b, "</th>");
	if (with_gm) {
		bp_html_lit(b, "<th scope=\"col\" class=\"num\">");
		bp_html_text(b, sc->gemeente_name);
		bp_html_tr(b, L, "</th><th scope=\"col\" class=\"num\">Verschil met ");
		bp_html_text(b, sc->gemeente_name);
		bp_html_lit(b, "</th>");
	}
	bp_html_tr(b, L, "<th scope=\"col\" class=\"num\">Nederland</th><th scope=\"col\" class=\"num\">Verschil met "
	                 "Nederland</th><th scope=\"col\">Oordeel</th></tr></thead>\n<tbody>\n");
	bp_cite cite;
	bp_cite_init(&cite, sc->cites, a);
	cite.lang = L;
	int any_point_verdict = 0, any_gm_interval = 0, any_share_unknown = 0, any_span = 0;
	for (size_t k = 0; k < sc->n_defs; k++) {
		const bp_area_series *x = &s[k];
		long i = bp_area_series_latest(x);
		const unsigned char *span = i >= 0 ? bp_area_series_spans(a, x) : NULL;
		any_span |= span && span[i];
		int dec = x->def->decimals;
		if (i >= 0) {
			/* Enough digits that the area and its references never read the
			 * same while their difference says otherwise ("90 | 90 | -1"). */
			double shown[3] = { x->value[i], with_gm ? x->gm[i] : NAN, x->nl[i] };
			dec = bp_decimals_apart(shown, 3, dec);
			bp_cite_def(&cite, x->def, x->period[i]);
		}
		bp_html_lit(b, "<tr><th scope=\"row\">");
		if (definitions)
			bp_html_printf(b, "<a href=\"%s#%s\">", definitions, x->def->id);
		bp_html_text(b, bp_def_title(x->def, L));
		bp_html_choose(b, definitions != NULL, "</a> (", " (");
		bp_html_text(b, bp_tr(L, x->def->unit));
		bp_html_lit(b, ")");
		bp_html_text(b, bp_tr(L, bp_def_suffix(x->def, x->synthetic)));
		bp_html_lit(b, "</th><td>");
		bp_html_text(b, bp_area_series_period_label(a, x, i, L));
		bp_html_lit(b, "</td>");
		if (i >= 0 && !isnan(x->value[i]) && !isnan(x->ci_lo[i]) && !isnan(x->ci_hi[i]))
			td_interval(b, a, x->value[i], x->ci_lo[i], x->ci_hi[i], dec, L);
		else
			td_num(b, i < 0 ? NAN : x->value[i], dec, 0, bp_area_series_reason(x, i), L);
		if (with_gm) {
			/* The gemeente's figure is a survey estimate too where it has an
			 * interval: shown as the area's, not as an exact reference. */
			if (i >= 0 && !isnan(x->gm[i]) && !isnan(x->gm_lo[i]) && !isnan(x->gm_hi[i])) {
				td_interval(b, a, x->gm[i], x->gm_lo[i], x->gm_hi[i], dec, L);
				any_gm_interval = 1;
				/* tested as two independent estimates: the note says so */
				any_share_unknown |= x->gm_differs[i] >= 0 && !x->gm_share_known[i];
			} else {
				td_num(b, i < 0 ? NAN : x->gm[i], dec, 0, "–", L);
			}
			td_num(b, i < 0 ? NAN : x->gm_diff[i], dec, 1, "–", L);
		}
		td_num(b, i < 0 ? NAN : x->nl[i], dec, 0, "–", L);
		td_num(b, i < 0 ? NAN : x->nl_diff[i], dec, 1, "–", L);
		td_verdict(b, x, i, dec, sc->gemeente_name, with_gm, L);
		any_point_verdict |= verdict_on_point_estimate(x, i) && !isnan(x->value[i]);
		bp_html_lit(b, "</tr>\n");
	}
	bp_html_tr(b, L, "</tbody>\n</table>\n</div>\n<p class=\"bron\">Verschil: de waarde van het gebied min die van de "
	                 "referentie, berekend vóór het afronden. Tussen haakjes: het 95%-interval van de waarde, waar de bron of "
	                 "de enquête er een geeft. Oordeel: ▲ gunstiger of ▼ ongunstiger dan de referentie, "
	                 "naar de kant die voor de indicator beter is; ≈ niet duidelijk anders: het verschil kan toeval "
	                 "zijn (het 95%-interval van het gebied omvat de referentie, of de toets met het eigen interval "
	                 "van de referentie vindt geen verschil); = gelijk bij de getoonde decimalen; "
	                 "geen oordeel: hoger of lager is bij deze indicator niet beter of slechter. ");
	if (any_span) {
		span_note(b, L);
		bp_html_lit(b, " ");
	}
	if (any_point_verdict)
		bp_html_tr(b, L, BP_VERDICT_MODEL_NOTE);
	if (any_gm_interval)
		bp_html_text(b, bp_verdict_reference_note(a, sc->gemeente_name, any_share_unknown, L));
	bp_html_text(b, bp_cite_line(&cite));
	bp_html_lit(b, ".</p>\n</section>\n");
}

void bp_area_page_profile_chart(bp_arena *a, const bp_area_scope *sc, const char *name, const bp_area_series *s,
                                const char *theme, bp_profile_item *items, size_t n, bp_lang lang, bp_profile *out)
{
	/* The subtitle names the periods shown, the source line their sources. */
	bp_cite cite;
	bp_cite_init(&cite, sc->cites, a);
	cite.lang = lang;
	bp_area_theme_cite(sc, s, theme, &cite);
	const char *periods = bp_cite_periods(&cite);
	*out = (bp_profile){
		.title = bp_arena_printf(a, "%s: %s%s", name, bp_theme_title_lang(a, theme, lang),
		                         bp_area_theme_synthetic_suffix(sc, s, theme, lang)),
		.subtitle = bp_area_profile_subtitle(a, sc, s, theme, periods, lang),
		.source = bp_cite_line(&cite),
		.area = name,
		.reference = sc->gemeente_name,
		.items = items,
		.n_items = n,
		.width = 800,
		.lang = lang,
	};
	bp_profile_fit_width(out, 800);
}

void bp_area_page_trend_chart(bp_arena *a, const bp_area_scope *sc, const char *name, const bp_area_series *d,
                              bp_lang lang, bp_trend *out)
{
	const bp_indicator_def *def = d->def;
	bp_trend_series *s = bp_arena_alloc(a, 3 * sizeof(*s));
	memset(s, 0, 3 * sizeof(*s));
	/* Values carried over from another indeling: open markers, named in the note. */
	const unsigned char *open;
	const char *open_label;
	bp_area_series_open(a, d, &open, &open_label, lang);
	const char *nl_name = bp_tr(lang, "Nederland");
	s[0] = (bp_trend_series){ .label = name, .value = d->value, .ci_lo = d->ci_lo, .ci_hi = d->ci_hi,
	                          .open = open, .open_label = open_label, .span = bp_area_series_spans(a, d),
	                          .span_label = bp_interval_basis_text(BP_IB_TRANSLATED_SPAN, lang) };
	/* the gemeente with its own interval where its figure is a survey estimate too: a band like the area's */
	s[1] = (bp_trend_series){ .label = sc->gemeente_name, .value = d->gm, .ci_lo = d->gm_lo, .ci_hi = d->gm_hi };
	s[2] = (bp_trend_series){ .label = nl_name, .value = d->nl };
	bp_cite cite;
	bp_cite_init(&cite, sc->cites, a);
	cite.lang = lang;
	for (size_t i = 0; i < d->n; i++)
		bp_cite_def(&cite, def, d->period[i]);
	const char *unit = bp_tr(lang, def->unit);
	/* The area's values matched by code from another indeling say so here too: the chart may be seen alone. */
	const char *notes = bp_area_series_notes(a, d, lang);
	*out = (bp_trend){
		.title = bp_arena_printf(a, "%s%s", bp_def_title(def, lang), bp_tr(lang, bp_def_suffix(def, d->synthetic))),
		.subtitle = bp_arena_printf(a, lang == BP_LANG_EN ? "%s, %s and %s, %s-%s, %s%s%s" : "%s, %s en %s, %s-%s, %s%s%s",
		                            name, sc->gemeente_name, nl_name, d->period[0], d->period[d->n - 1], unit,
		                            notes ? "; " : "", notes ? notes : ""),
		.source = bp_cite_line(&cite), .unit = unit, .decimals = def->decimals,
		.periods = d->period, .n_periods = d->n, .series = s, .n_series = 3,
		.marker = { .year = NAN }, .width = 800, .lang = lang,
	};
}

/*
 * Writes the chart as <img_dir><stem>.svg (and .png) and appends its
 * <figure>.  With narrow (the same chart drawn BP_AREA_PAGE_NARROW_WIDTH
 * wide, when pl->narrow) also <stem>-smal.svg, which a screen narrower than
 * the wide chart plus main's padding shows instead; print keeps the wide
 * one.  One text alternative: both variants draw the same figures, title,
 * subtitle and source.  With BP_AREA_PAGE_NARROW_ONLY the narrow drawing
 * alone is <stem>.svg, for every screen: legible on a phone and beside
 * main's column, at half the drawing and files.
 */
static bp_rc figure(const bp_area_page_place *pl, bp_arena *a, bp_html *b, bp_chart_write_fn w, const void *chart,
                    const void *narrow, const char *stem, int width, const char *alt, const char *caption,
                    bp_error *err)
{
	const int narrow_only = narrow && pl->narrow == BP_AREA_PAGE_NARROW_ONLY;
	if (narrow_only) {
		chart = narrow;
		narrow = NULL;
		width = BP_AREA_PAGE_NARROW_WIDTH;
	}
	const char *exts[] = { "svg", "png" };
	const bp_image_format fmts[] = { BP_IMAGE_SVG, BP_IMAGE_PNG };
	for (int i = 0; i < 1 + (pl->png != 0); i++) {
		const char *path = bp_arena_printf(a, "%s/%s%s.%s", pl->dir, pl->img_dir, stem, exts[i]);
		/* Drawn once per size: the same chart this run drew for out/ (pl->svg_from) is that file. */
		int linked = fmts[i] == BP_IMAGE_SVG && pl->svg_from && !narrow_only &&
		             link(bp_arena_printf(a, "%s/%s.svg", pl->svg_from, stem), path) == 0;
		bp_rc rc = linked ? BP_OK : w(chart, fmts[i], path, err);
		if (rc)
			return rc;
		++*pl->charts;
	}
	bp_html_lit(b, "<figure>\n");
	if (narrow) {
		bp_rc rc = w(narrow, BP_IMAGE_SVG, bp_arena_printf(a, "%s/%s%s-smal.svg", pl->dir, pl->img_dir, stem), err);
		if (rc)
			return rc;
		++*pl->charts;
		bp_html_printf(b, "<picture><source media=\"screen and (max-width: %dpx)\" srcset=\"%s%s-smal.svg\" "
		                  "width=\"%d\">", width + 31, pl->img_dir, stem, BP_AREA_PAGE_NARROW_WIDTH);
	}
	bp_html_printf(b, "<img src=\"%s%s.svg\" width=\"%d\" alt=\"", pl->img_dir, stem, width);
	bp_html_text(b, alt);
	bp_html_choose(b, narrow != NULL, "\"></picture>\n<figcaption>", "\">\n<figcaption>");
	bp_html_text(b, caption);
	bp_html_printf_l(b, pl->lang, ". Grafiek als <a href=\"%s%s.svg\">svg</a>", ". Chart as <a href=\"%s%s.svg\">svg</a>",
	                 pl->img_dir, stem);
	if (pl->png)
		bp_html_printf(b, " · <a href=\"%s%s.png\">png</a>", pl->img_dir, stem);
	bp_html_lit(b, ".</figcaption>\n</figure>\n");
	return BP_OK;
}

static bp_rc write_profile(const void *c, bp_image_format f, const char *p, bp_error *e)
{
	return bp_profile_write(c, f, p, e);
}

static bp_rc write_trend(const void *c, bp_image_format f, const char *p, bp_error *e)
{
	return bp_trend_write(c, f, p, e);
}

/* The profile chart's text alternative: every bar's figures, the reading of the bars, where the table is. */
static const char *profile_alt(bp_arena *a, bp_lang L, const bp_area_scope *sc, const bp_area_ref *ar,
                               const char *tt, const bp_profile_item *items, size_t n, int neutral)
{
	const int en = L == BP_LANG_EN;
	bp_buf alt;
	bp_buf_init(&alt);
	for (size_t k = 0; k < n; k++) {
		const bp_profile_item *it = &items[k];
		const int dec = bp_profile_shown_decimals(it);
		bp_buf_printf(&alt, "%s %s: %s", k > 0 ? ";" : "", it->label,
		              isnan(it->value) ? it->missing_reason : bp_fmt_unit_lang(a, L, it->value, dec, it->unit));
		char ci[128];    /* the whisker's interval, as the table gives it */
		bp_profile_interval_text(L, ci, sizeof(ci), it);
		if (*ci)
			bp_buf_printf(&alt, " (%s)", ci);
		if (!isnan(it->ref)) {
			/* the gemeente's own interval after its figure, as the area's after the area's */
			char rci[128];
			bp_profile_ref_interval_text(L, rci, sizeof(rci), it);
			bp_buf_printf(&alt, en ? " against %s in %s%s%s%s" : " tegen %s in %s%s%s%s",
			              bp_fmt_unit_lang(a, L, it->ref, dec, it->unit), sc->gemeente_name,
			              *rci ? " (" : "", rci, *rci ? ")" : "");
		}
		char diff[64];   /* the difference the bar stands for, as the chart writes it */
		bp_profile_diff_text_lang(L, diff, sizeof(diff), it);
		if (*diff)
			bp_buf_printf(&alt, " (%s)", diff);
	}
	const char *out = bp_arena_printf(a, en ? "Profile chart %s of %s, compared with %s.%s. "
	                                          "Bars to the right are better, to the left worse%s. "
	                                          "The figures are in the table below the chart."
	                                        : "Profieldiagram %s van %s, vergeleken met %s.%s. "
	                                          "Balken naar rechts zijn gunstiger, naar links ongunstiger%s. "
	                                          "De cijfers staan in de tabel onder de grafiek.",
	                                  tt, ar->name, sc->gemeente_name, alt.data ? alt.data : "",
	                                  !neutral ? ""
	                                  : en ? "; grey bars belong to indicators without a favourable side"
	                                       : "; grijze balken horen bij indicatoren zonder gunstige kant");
	bp_buf_release(&alt);
	return out;
}

/* The experiences of the theme in the area (experiences_html.h); no statement for an area of the scope without
 * any (one read per gemeente, bp_area_has_experiences, instead of one per area and theme). */
static bp_rc theme_experiences(PGconn *conn, const bp_area_scope *sc, const bp_area_ref *ar, const char *theme,
                               bp_lang L, bp_arena *a, bp_html *b, bp_error *err)
{
	int has = 0;
	bp_rc rc = bp_area_has_experiences(conn, sc, ar->code, &has, err);
	return rc || !has ? rc : bp_experiences_section(conn, ar->code, theme, 10, L, a, b, err);
}

/* The area's experiences on themes without figures on its page, as theme_experiences. */
static bp_rc other_experiences(PGconn *conn, const bp_area_scope *sc, const bp_area_ref *ar, bp_lang L, bp_arena *a,
                               bp_html *b, bp_error *err)
{
	int has = 0;
	bp_rc rc = bp_area_has_experiences(conn, sc, ar->code, &has, err);
	return rc || !has ? rc : bp_experiences_other_themes(conn, ar->code, sc->themes, sc->n_themes, 10, L, a, b, err);
}

/* "Profiel: <theme>": its chart against the gemeente, the chart's figures as a table, the experiences. */
static bp_rc theme_section(PGconn *conn, const bp_area_page_place *pl, bp_arena *a, bp_html *b,
                           const bp_area_scope *sc, const bp_area_ref *ar, const bp_area_series *s,
                           const char *theme, bp_error *err)
{
	const bp_lang L = pl->lang;
	bp_profile_item *items;
	const char *period;
	size_t n = bp_area_theme_items(a, sc, s, theme, &items, &period, L);
	const char *tt = bp_theme_title_lang(a, theme, L);
	const char *slug = bp_path_slug(a, theme);
	size_t with_value = 0;
	int neutral = 0;
	for (size_t i = 0; i < n; i++) {
		with_value += !isnan(items[i].value);
		neutral |= items[i].polarity == BP_PROFILE_NEUTRAL;
	}
	bp_html_printf_l(b, L, "<section>\n<h2 id=\"profiel-%s\">Profiel: ", "<section>\n<h2 id=\"profiel-%s\">Profile: ",
	                 slug);
	bp_html_text(b, tt);
	bp_html_lit(b, "</h2>\n");
	if (with_value == 0) {
		/* A chart of nothing but "geen cijfers" bars tells a reader less than a
		 * sentence: say it, and keep the experiences of the theme. */
		bp_html_tr(b, L, "<p>Voor dit thema zijn er voor ");
		bp_html_text(b, ar->name);
		bp_html_tr(b, L, " geen cijfers (");
		for (size_t i = 0; i < n; i++) {
			bp_html_choose(b, i, "; ", "");
			bp_html_text(b, items[i].label);
			bp_html_lit(b, ": ");
			bp_html_text(b, items[i].missing_reason);
		}
		bp_html_lit(b, ").</p>\n");
		bp_rc rc = theme_experiences(conn, sc, ar, theme, L, a, b, err);
		bp_html_lit(b, "</section>\n");
		return rc;
	}
	const char *syn = bp_area_theme_synthetic_suffix(sc, s, theme, L);
	bp_profile chart;
	bp_area_page_profile_chart(a, sc, ar->name, s, theme, items, n, L, &chart);
	bp_profile narrow = chart;   /* the same texts and figures, for a phone */
	narrow.width = BP_AREA_PAGE_NARROW_WIDTH;
	narrow.stacked = 1;
	const char *alt_text = profile_alt(a, L, sc, ar, tt, items, n, neutral);
	bp_html_tr(b, L, "<p>Elke balk is het verschil met ");
	bp_html_text(b, sc->gemeente_name);
	bp_html_tr(b, L, ": bij percentages in procentpunten, bij andere eenheden in procenten van de waarde van de "
	                 "gemeente. Rechts is gunstiger, links ongunstiger; grijze balken horen bij indicatoren zonder "
	                 "gunstige kant. Een balk die verder gaat dan de as is afgebroken; het cijfer staat erbij.</p>\n");
	bp_rc rc = figure(pl, a, b, write_profile, &chart, pl->narrow ? &narrow : NULL,
	                  bp_arena_printf(a, "%s-profiel-%s", ar->code, slug),
	                  chart.width, alt_text, chart.source, err);
	if (rc)
		return rc;
	bp_html_printf(b, "<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-labelledby=\"profiel-%s-titel\">\n"
	                  "<table>\n<caption id=\"profiel-%s-titel\">", slug, slug);
	bp_html_tr(b, L, "De cijfers van de grafiek ");
	bp_html_text(b, tt);
	bp_html_text(b, syn);
	bp_html_tr(b, L, "</caption>\n<thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\" class=\"num\">");
	bp_html_text(b, ar->name);
	bp_html_lit(b, "</th><th scope=\"col\" class=\"num\">");
	bp_html_text(b, sc->gemeente_name);
	bp_html_tr(b, L, "</th><th scope=\"col\" class=\"num\">Verschil (procentpunt, anders % van de gemeente)</th>"
	                 "</tr></thead>\n<tbody>\n");
	size_t with_interval = 0, ref_interval = 0;
	for (size_t i = 0; i < n; i++) {
		const bp_profile_item *it = &items[i];
		const int dec = bp_profile_shown_decimals(it);   /* the chart's: "6,0 | 5,9", not "6 | 6" */
		bp_html_lit(b, "<tr><th scope=\"row\">");
		bp_html_text(b, it->label);
		bp_html_lit(b, "</th><td class=\"num\">");
		bp_html_text(b, isnan(it->value) ? it->missing_reason
		                                 : bp_fmt_unit_lang(a, L, it->value, dec, it->unit));
		/* the whisker's interval beside the value, "(38–49)" as in the key-figures table, which the
		 * downloads read as its ends (lib/table/pagetables.c) */
		if (bp_profile_has_interval(it)) {
			with_interval++;
			bp_html_lit(b, " <span class=\"interval\">(");
			bp_html_text(b, bp_arena_printf(a, "%s–%s", bp_fmt_lang(a, L, it->ci_low, dec),
			                                bp_fmt_lang(a, L, it->ci_high, dec)));
			bp_html_lit(b, ")</span>");
		}
		bp_html_lit(b, "</td><td class=\"num\">");
		bp_html_text(b, isnan(it->ref) ? "–" : bp_fmt_unit_lang(a, L, it->ref, dec, it->unit));
		if (bp_profile_has_ref_interval(it)) {   /* the gemeente's own, written as the area's */
			with_interval++;
			ref_interval++;
			bp_html_lit(b, " <span class=\"interval\">(");
			bp_html_text(b, bp_arena_printf(a, "%s–%s", bp_fmt_lang(a, L, it->ref_ci_low, dec),
			                                bp_fmt_lang(a, L, it->ref_ci_high, dec)));
			bp_html_lit(b, ")</span>");
		}
		bp_html_lit(b, "</td><td class=\"num\">");
		/* The plain difference as the chart writes it; the bar flips it for higher-is-worse. */
		char diff[64];
		bp_profile_diff_text_lang(L, diff, sizeof(diff), it);
		bp_html_text(b, isnan(bp_profile_score(it)) ? "–" : diff);
		bp_html_lit(b, "</td></tr>\n");
	}
	bp_html_lit(b, "</tbody>\n</table>\n</div>\n");
	if (with_interval) {   /* what the brackets and the chart's whiskers are */
		bp_html_choose(b, L == BP_LANG_EN,
		               "<p class=\"bron\">In brackets: the 95% interval of the value, in the chart the line over the "
		               "bar.",
		               "<p class=\"bron\">Tussen haakjes: het 95%-interval van de waarde, in de grafiek de lijn over "
		               "de balk.");
		/* The bars are drawn from the gemeente's point estimate; its own interval is the chart's grey band
		 * around zero (render/profile.h). */
		if (ref_interval)
			bp_html_text(b, bp_arena_printf(a, L == BP_LANG_EN
				? " Beside %s: its own 95%% interval, a survey estimate too; the bars start from its point "
				  "estimate, the grey band around 0 in the chart is its interval."
				: " Bij %s: het eigen 95%%-interval, ook een schatting uit een enqu\u00EAte; de balken beginnen "
				  "bij de puntschatting, het grijze vlak om 0 in de grafiek is dat interval.", sc->gemeente_name));
		bp_html_lit(b, "</p>\n");
	}
	/* residents' and professionals' experiences beside the figures of the theme */
	rc = theme_experiences(conn, sc, ar, theme, L, a, b, err);
	bp_html_lit(b, "</section>\n");
	return rc;
}

/* "Ontwikkeling: <indicator>": the area, the gemeente and Nederland over the periods, and their table. */
static bp_rc trend_section(const bp_area_page_place *pl, bp_arena *a, bp_html *b, const bp_area_scope *sc,
                           const bp_area_ref *ar, const bp_area_series *d, bp_error *err)
{
	const bp_lang L = pl->lang;
	const bp_indicator_def *def = d->def;
	bp_trend chart;
	bp_area_page_trend_chart(a, sc, ar->name, d, L, &chart);
	bp_trend narrow = chart;     /* the same texts and figures, for a phone */
	narrow.width = BP_AREA_PAGE_NARROW_WIDTH;
	narrow.legend_below = 1;
	const char *first = d->period[0], *last = d->period[d->n - 1];
	bp_html_printf_l(b, L, "<section>\n<h2 id=\"trend-%s\">Ontwikkeling: ", "<section>\n<h2 id=\"trend-%s\">Trend: ",
	                 def->id);
	bp_html_text(b, chart.title);
	bp_html_lit(b, "</h2>\n");
	const char *alt = bp_arena_printf(a, L == BP_LANG_EN ? "Line chart %s of %s, %s and %s, from %s to %s. The "
	                                                      "figures are in the table below the chart."
	                                                    : "Lijndiagram %s van %s, %s en %s, van %s tot %s. De cijfers "
	                                                      "staan in de tabel onder de grafiek.",
	                                  chart.title, ar->name, sc->gemeente_name, bp_tr(L, "Nederland"), first, last);
	if (chart.series[0].open)
		alt = bp_arena_printf(a, L == BP_LANG_EN ? "%s Open points: %s." : "%s Open punten: %s.", alt,
		                      chart.series[0].open_label);
	bp_rc rc = figure(pl, a, b, write_trend, &chart, pl->narrow ? &narrow : NULL,
	                  bp_arena_printf(a, "%s-trend-%s", ar->code, def->id),
	                  chart.width, alt, chart.source, err);
	if (rc)
		return rc;
	bp_html_printf(b, "<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-labelledby=\"trend-%s-titel\">\n"
	                  "<table>\n<caption id=\"trend-%s-titel\">", def->id, def->id);
	bp_html_text(b, chart.title);
	bp_html_tr(b, L, " per periode (");
	bp_html_text(b, chart.unit);
	bp_html_tr(b, L, ")</caption>\n<thead><tr><th scope=\"col\">Periode</th><th scope=\"col\" class=\"num\">");
	bp_html_text(b, ar->name);
	bp_html_lit(b, "</th><th scope=\"col\" class=\"num\">");
	bp_html_text(b, sc->gemeente_name);
	bp_html_tr(b, L, "</th><th scope=\"col\" class=\"num\">Nederland</th></tr></thead>\n<tbody>\n");
	int any_interval = 0;
	for (size_t i = 0; i < d->n; i++) {
		bp_html_lit(b, "<tr><th scope=\"row\">");
		bp_html_text(b, bp_area_series_period_label(a, d, (long)i, L));
		bp_html_lit(b, "</th>");
		/* the area's and the gemeente's intervals as in the key figures (the chart draws the area's) */
		if (!isnan(d->value[i]) && !isnan(d->ci_lo[i]) && !isnan(d->ci_hi[i])) {
			td_interval(b, a, d->value[i], d->ci_lo[i], d->ci_hi[i], def->decimals, L);
			any_interval = 1;
		} else {
			td_num(b, d->value[i], def->decimals, 0, bp_area_series_reason(d, (long)i), L);
		}
		if (!isnan(d->gm[i]) && !isnan(d->gm_lo[i]) && !isnan(d->gm_hi[i])) {
			td_interval(b, a, d->gm[i], d->gm_lo[i], d->gm_hi[i], def->decimals, L);
			any_interval = 1;
		} else {
			td_num(b, d->gm[i], def->decimals, 0, "–", L);
		}
		td_num(b, d->nl[i], def->decimals, 0, "–", L);
		bp_html_lit(b, "</tr>\n");
	}
	bp_html_lit(b, "</tbody>\n</table>\n</div>\n");
	if (any_interval) {
		bp_html_choose(b, L == BP_LANG_EN, "<p class=\"bron\">In brackets: the 95% interval of the value.",
		               "<p class=\"bron\">Tussen haakjes: het 95%-interval van de waarde.");
		/* a translated value's brackets are no 95% interval: said where one is shown (the chart's span) */
		if (chart.series[0].span) {
			bp_html_lit(b, " ");
			span_note(b, L);
		}
		bp_html_lit(b, "</p>\n");
	}
	bp_html_lit(b, "</section>\n");
	return BP_OK;
}

/* The similar areas of the areas AREAS (a FROM item ar(code, year)), with each row's area and year last. */
#define SIMILAR_SQL(AREAS) \
	"SELECT s.similar_code, sa.name, g.name, s.distance, s.n_variables, p.period, p.n_areas, " \
	"       coalesce(p.n_gemeenten >= ig.n_gemeenten, false), s.level, ar.code, ar.year::text " \
	"  FROM " AREAS \
	"  JOIN bp.similar_area s ON s.area_code = ar.code AND s.indeling_year = ar.year " \
	"  JOIN bp.area sa ON sa.code = s.similar_code AND sa.indeling_year = s.indeling_year " \
	"  LEFT JOIN bp.area g ON g.code = sa.gemeente_code AND g.indeling_year = sa.indeling_year " \
	"  LEFT JOIN bp.similar_area_pool p ON p.indeling_year = s.indeling_year AND p.level = s.level " \
	"  LEFT JOIN bp.indeling_gemeenten ig ON ig.indeling_year = s.indeling_year " \
	" ORDER BY ar.code, ar.year, s.rank"
/* AREAS for one area ($1 its code, $2 its year) and for a level of a scope's areas (bp_area_rows_shared). */
#define ONE_AREA "(SELECT $1::text AS code, $2::int AS year) ar "
#define SCOPE_AREAS "unnest($1::text[], $2::int[]) AS ar(code, year) "

/* The rows of statement kind for ar: the scope's shared read (*own NULL), else the area's own (*own, to
 * PQclear): *r the result, the area's rows *first to *first + *n - 1. */
static bp_rc area_rows(PGconn *conn, const bp_area_scope *sc, const bp_area_ref *ar, bp_area_rows_kind kind,
                       const char *scope_sql, const char *name, const char *area_sql, const PGresult **r,
                       PGresult **own, int *first, int *n, bp_error *err)
{
	*own = NULL;
	bp_rc rc = bp_area_rows_shared(conn, sc, kind, scope_sql, ar, r, first, n, err);
	if (rc || *r)
		return rc;
	char year[16];
	snprintf(year, sizeof(year), "%d", ar->year);
	const char *p[] = { ar->code, year };
	/* Prepared: planning the views took ~6 ms of the ~9 ms a page spent on its composites (2.8 ms to run). */
	if ((rc = bp_pg_query_prepared(conn, name, area_sql, 2, p, own, err)))
		return rc;
	*r = *own;
	*first = 0;
	*n = PQntuples(*own);
	return BP_OK;
}

/*
 * "Vergelijkbare gebieden": the areas the engine found most alike in
 * population and households (engine/similar.h: age groups, household
 * composition and size, income), with a link where the page is beside this
 * one (an area of the same gemeente).  Nothing when none were computed.
 */
static bp_rc similar_section(PGconn *conn, bp_arena *a, bp_html *b, const bp_area_scope *sc, const bp_area_ref *ar,
                             bp_lang L, bp_error *err)
{
	const PGresult *r = NULL;
	PGresult *own = NULL;
	int f = 0, n = 0;
	bp_rc rc = area_rows(conn, sc, ar, BP_AREA_ROWS_SIMILAR, SIMILAR_SQL(SCOPE_AREAS), "bp_area_similar",
	                     SIMILAR_SQL(ONE_AREA), &r, &own, &f, &n, err);
	if (rc)
		return rc;
	if (n > 0) {
		bp_html_tr(b, L, "<section>\n<h2 id=\"vergelijkbaar\">Vergelijkbare gebieden</h2>\n<p>De gebieden die in "
		                 "leeftijdsopbouw, samenstelling en grootte van de huishoudens en inkomen het meest op ");
		bp_html_text(b, ar->name);
		/* Which figures and which areas they were chosen among: a pool of
		 * the monitor's areas only is not "the most similar in the country". */
		if (!PQgetisnull(r, f, 5)) {
			const char *pool = bp_scope_phrase_lang(a, PQgetvalue(r, f, 8), bp_pg_long_or(r, f, 6, -1),
			                                        strcmp(PQgetvalue(r, f, 7), "t") == 0, L);
			bp_html_text(b, bp_arena_printf(a, L == BP_LANG_EN ? " in age structure, household composition and "
			                                                     "size, and income, chosen among %s (CBS Key figures "
			                                                     "for districts and neighbourhoods %s; "
			                                                   : " lijken, gezocht onder %s (CBS Kerncijfers wijken "
			                                                     "en buurten %s; ",
			                                pool, PQgetvalue(r, f, 5)));
		} else {
			bp_html_tr(b, L, " lijken (CBS Kerncijfers wijken en buurten; ");
		}
		bp_html_tr(b, L, "de afstand is het gemiddelde verschil in standaarddeviaties, 0 is gelijk):</p>\n<ol>\n");
		for (int i = f; i < f + n; i++) {
			const char *code = PQgetvalue(r, i, 0);
			int here = 0;
			for (size_t k = 0; k < sc->n_areas && !here; k++)
				here = strcmp(sc->areas[k].code, code) == 0;
			here &= bp_path_safe_name(code);
			bp_html_lit(b, "<li>");
			if (here)
				bp_html_printf(b, "<a href=\"%s.html\">", code);
			bp_html_text(b, PQgetvalue(r, i, 1));
			bp_html_choose(b, here, "</a>", "");
			bp_html_printf(b, " (%s, ", PQgetisnull(r, i, 2) ? code : PQgetvalue(r, i, 2));
			bp_html_text(b, bp_arena_printf(a, L == BP_LANG_EN ? "distance %s over %s characteristics"
			                                                   : "afstand %s over %s kenmerken",
			                                bp_fmt_lang(a, L, bp_area_cell(r, i, 3), 2), PQgetvalue(r, i, 4)));
			bp_html_lit(b, ")</li>\n");
		}
		bp_html_lit(b, "</ol>\n</section>\n");
	}
	PQclear(own);
	return BP_OK;
}

/*
 * Under the composite ranks: where their components come from, each source
 * once, RIVM's (50090NED) as model estimates (the rule of the footer's
 * sources, areadata.c), so that a rank carries its source as a figure does.
 */
static void composite_sources(bp_arena *a, bp_html *b, const PGresult *r, int f, int n, bp_lang L)
{
	bp_buf s;
	bp_buf_init(&s);
	for (int i = f; i < f + n; i++) {
		const char *src = PQgetvalue(r, i, 13), *semi = strchr(src, ';');
		const char *head = semi ? bp_arena_printf(a, "%.*s", (int)(semi - src), src) : src;
		int seen = !*head;
		for (int j = f; j < i && !seen; j++)
			seen = strncmp(PQgetvalue(r, j, 13), head, strlen(head)) == 0;
		if (seen)
			continue;
		bp_buf_printf(&s, "%s%s%s", s.len ? "; " : "", head,
		              strstr(head, "50090NED") || strstr(head, "RIVM") ? bp_tr(L, BP_CITE_MODEL_NL) : "");
	}
	if (s.len)
		bp_html_printf_l(b, L, "<p class=\"bron\">Bron: %s; bewerking buurtpeil.</p>\n",
		                 "<p class=\"bron\">Source: %s; processed by buurtpeil.</p>\n", s.data);
	bp_buf_release(&s);
}

/* The composite ranks of the areas AREAS (a FROM item ar(code, year)), each at its latest period in the newest
 * indeling up to the area's with a score for its code, with each row's area and year last.  Per area in a
 * LATERAL subquery, so that the area's code reaches into the view's GROUP BY: a join on it aggregated every
 * rank of the country (~2 s per gemeente).  An area not ranked there (no value: too few components, or
 * a level it cannot be normalised in) has NULL rank columns and its value's suppressed_reason (column 14). */
#define COMPOSITES_SQL(AREAS) \
	"SELECT x.title, x.period, x.rank_configured, x.n_ranked, x.rank_low, x.rank_high, x.rank_min, x.rank_max, " \
	"       x.level, x.composite_id, x.title_en, x.note, x.indeling_year, x.source_text, x.reason, " \
	"       ar.code, ar.year::text " \
	"  FROM " AREAS \
	" CROSS JOIN LATERAL (" \
	"  SELECT coalesce(i.title_nl, pick.composite_id) AS title, pick.period, c.rank_configured, c.n_ranked, " \
	"         c.rank_low, c.rank_high, c.rank_min, c.rank_max, s0.level, pick.composite_id, " \
	"         coalesce(nullif(i.title_en, ''), i.title_nl, pick.composite_id) AS title_en, s0.note, " \
	"         pick.indeling_year::text AS indeling_year, coalesce(i.source_text, '') AS source_text, " \
	"         CASE WHEN c.rank_configured IS NULL THEN coalesce( " \
	"           (SELECT v.suppressed_reason FROM bp.indicator_value v WHERE v.indicator_id = pick.composite_id " \
	"             AND v.area_code = ar.code AND v.indeling_year = pick.indeling_year AND v.period = pick.period), " \
	"           (SELECT t.suppressed_reason FROM bp.indicator_value_translated t " \
	"             WHERE t.indicator_id = pick.composite_id AND t.area_code = ar.code " \
	"               AND t.indeling_year = pick.indeling_year AND t.period = pick.period AND t.method = 'composite'), " \
	"           'missing_input') END AS reason " \
	"    FROM (SELECT s.composite_id, s.indeling_year, max(s.period) AS period FROM bp.composite_score s " \
	"           WHERE s.area_code = ar.code " \
	"             AND s.indeling_year = (SELECT max(t.indeling_year) FROM bp.composite_score t " \
	"                                     WHERE t.area_code = ar.code AND t.composite_id = s.composite_id " \
	"                                       AND t.indeling_year <= ar.year) " \
	"           GROUP BY 1, 2) pick " \
	"    JOIN bp.composite_score s0 ON s0.composite_id = pick.composite_id AND s0.area_code = ar.code " \
	"     AND s0.indeling_year = pick.indeling_year AND s0.period = pick.period " \
	"    LEFT JOIN bp.composite_rank_range c ON c.composite_id = pick.composite_id AND c.area_code = ar.code " \
	"     AND c.indeling_year = pick.indeling_year AND c.period = pick.period " \
	"    LEFT JOIN bp.indicator i ON i.id = pick.composite_id) x " \
	" ORDER BY ar.code, ar.year, x.title, x.composite_id"

/*
 * "Samengestelde indexen": the area's rank on each composite index at its
 * latest period (in the newest indeling up to the area's with a rank for its
 * code), out of what was ranked (national only when every gemeente
 * of the indeling is in it, scope_label.h), with the rank's 95 % interval
 * from the components' uncertainty and its range over the other weightings
 * (engine/composite.h), so a reader sees how firm a place is.  A composite
 * built from translated component values (a custom area's, a new wijk's
 * RIVM figures) says so with their note, as every translated value does;
 * it is ranked among such composites only (composite_calc.c).
 */
static bp_rc composite_section(PGconn *conn, bp_arena *a, bp_html *b, const bp_area_scope *sc,
                               const bp_area_ref *ar, bp_lang L, bp_error *err)
{
	const PGresult *r = NULL;
	PGresult *own = NULL;
	int f = 0, n = 0;
	/* Whether a ranking is national comes from the scope's shared read (bp_area_composite_national), not per
	 * page. */
	bp_rc rc = area_rows(conn, sc, ar, BP_AREA_ROWS_COMPOSITES, COMPOSITES_SQL(SCOPE_AREAS), "bp_area_composites",
	                     COMPOSITES_SQL(ONE_AREA), &r, &own, &f, &n, err);
	if (rc)
		return rc;
	if (n > 0)
		bp_html_tr(b, L, "<section>\n<h2 id=\"samengesteld\">Samengestelde indexen</h2>\n<ul>\n");
	for (int i = f; i < f + n; i++) {
		long n_ranked = -1;   /* unknown: the phrase leaves the number out */
		bp_error unread = { 0 };
		if (!PQgetisnull(r, i, 3) && bp_pg_long(r, i, 3, &n_ranked, &unread))
			n_ranked = -1;
		int national = 0;
		if ((rc = bp_area_composite_national(conn, sc, PQgetvalue(r, i, 9), PQgetvalue(r, i, 8),
		                                     PQgetvalue(r, i, 12), PQgetvalue(r, i, 1), &national, err))) {
			PQclear(own);
			return rc;
		}
		bp_html_lit(b, "<li>");
		bp_html_text(b, PQgetvalue(r, i, L == BP_LANG_EN ? 10 : 0));
		if (PQgetisnull(r, i, 2)) {
			/* not ranked: no value, and the reader is told why (a custom area alone in its level: composite.c) */
			bp_html_printf_l(b, L, ", %s: geen waarde, dus geen plaats: ", ", %s: no value, so no rank: ",
			                 PQgetvalue(r, i, 1));
			bp_html_text(b, bp_tr(L, bp_suppressed_reason_nl(PQgetvalue(r, i, 14))));
			bp_html_lit(b, ".</li>\n");
			continue;
		}
		bp_html_printf_l(b, L, ", %s: plaats %s van ", ", %s: rank %s of ", PQgetvalue(r, i, 1), PQgetvalue(r, i, 2));
		bp_html_text(b, bp_scope_phrase_lang(a, PQgetvalue(r, i, 8), n_ranked, national, L));
		bp_html_tr(b, L, " (1 = de meeste behoefte); ");
		double lo = bp_area_cell(r, i, 4), hi = bp_area_cell(r, i, 5);
		if (isnan(lo) || isnan(hi))
			/* no margins went in: a registration has none, RIVM's model estimates' are not loaded */
			bp_html_tr(b, L, "geen interval van de plaats (zonder marges van de onderdelen)");
		else
			bp_html_text(b, bp_arena_printf(a, L == BP_LANG_EN ? "95%% interval of the rank: %s to %s"
			                                                   : "95%%-interval van de plaats: %s tot %s",
			                                bp_fmt_lang(a, L, lo, 0), bp_fmt_lang(a, L, hi, 0)));
		bp_html_printf_l(b, L, "; bij andere wegingen plaats %s tot %s", "; with other weightings rank %s to %s",
		                 PQgetvalue(r, i, 6), PQgetvalue(r, i, 7));
		int from_year = 0;   /* unreadable: no note (the column is pick.indeling_year, never NULL) */
		if (bp_pg_int(r, i, 12, &from_year, &unread))
			from_year = 0;
		if (!PQgetisnull(r, i, 11)) {
			/* The note comes from SQL in Dutch (the components' notes): in English the words of its kind. */
			if (L == BP_LANG_EN) {
				bp_html_lit(b, " (converted from another classification; ranked among areas with a converted index)");
			} else {
				bp_html_lit(b, " (");
				bp_html_text(b, PQgetvalue(r, i, 11));
				bp_html_lit(b, "; gerangschikt onder gebieden met een omgerekende index)");
			}
		} else if (from_year > 0 && from_year < ar->year) {
			/* The index of the same code in an older indeling (a 2024 wijk's RIVM index of 2020): the
			 * components beside it say "indeling 2020, zelfde code; grenzen niet gecontroleerd"
			 * (bp.indicator_value_shown's same_code), so its rank, among that indeling's areas, says it
			 * too, in the same words. */
			bp_html_lit(b, " (");
			bp_html_text(b, L == BP_LANG_EN ? bp_shown_note_en(a, "same_code", from_year, NULL)
			                                : bp_arena_printf(a, "indeling %d, zelfde code; grenzen niet gecontroleerd",
			                                                  from_year));
			bp_html_lit(b, ")");
		}
		bp_html_lit(b, ".</li>\n");
	}
	if (n > 0)
		bp_html_lit(b, "</ul>\n");
	composite_sources(a, b, r, f, n, L);
	if (n > 0)
		bp_html_lit(b, "</section>\n");
	PQclear(own);
	return BP_OK;
}

/* The breadcrumb: the index, the gemeente, and a buurt's wijk by its name. */
static void breadcrumb(const bp_area_page_place *pl, bp_html *b, const bp_area_scope *sc, const bp_area_ref *ar)
{
	bp_html_printf_l(b, pl->lang, "<nav class=\"kruimel\" aria-label=\"Kruimelpad\"><a href=\"%sindex.html\">",
	                 "<nav class=\"kruimel\" aria-label=\"Breadcrumb\"><a href=\"%sindex.html\">", pl->up);
	bp_html_text(b, pl->home_text);
	bp_html_printf(b, "</a> › <a href=\"%s%s.html\">", pl->up, sc->gemeente);
	bp_html_text(b, sc->gemeente_name);
	bp_html_lit(b, "</a>");
	const char *wijk_name = NULL;
	for (size_t i = 0; ar->wijk && i < sc->n_areas && !wijk_name; i++)
		if (strcmp(sc->areas[i].code, ar->wijk) == 0)
			wijk_name = sc->areas[i].name;
	if (wijk_name && bp_path_safe_name(ar->wijk)) {
		bp_html_printf_l(b, pl->lang, " › <a href=\"%s.html\">wijk ", " › <a href=\"%s.html\">district ", ar->wijk);
		bp_html_text(b, wijk_name);
		bp_html_lit(b, "</a>");
	}
	bp_html_lit(b, "</nav>\n");
}

bp_rc bp_area_page_write(PGconn *conn, const bp_area_page_place *pl, const bp_area_scope *sc,
                         const bp_area_ref *ar, const bp_area_series *s, const bp_html *extras, bp_error *err)
{
	const bp_lang L = pl->lang;
	bp_arena *a = bp_arena_new();
	bp_html b;
	bp_html_init(&b);
	const char *kind = strcmp(ar->level, "buurt") == 0 ? "buurtprofiel"
	                 : strcmp(ar->level, "wijk") == 0  ? "wijkprofiel" : "gebiedsprofiel";
	bp_html_page frame = { pl->style, bp_arena_printf(a, "%s (%s): %s", ar->name, sc->gemeente_name, bp_tr(L, kind)) };
	frame.lang = L;
	bp_html_page_begin(&b, &frame);
	breadcrumb(pl, &b, sc, ar);
	bp_html_lit(&b, "<h1>");
	bp_html_text(&b, ar->name);
	bp_html_lit(&b, "</h1>\n");
	int synthetic = 0;
	for (size_t k = 0; k < sc->n_defs; k++)
		synthetic |= s[k].synthetic;
	if (synthetic)
		bp_synthetic_notice_html_lang(&b, a, sc->surveys, L);
	bp_html_lit(&b, "<p class=\"lead\">");
	bp_html_text(&b, bp_tr(L, bp_level_nl(ar->level)));
	bp_html_lit(&b, " ");
	bp_html_text(&b, ar->code);
	bp_html_lit(&b, " in ");
	bp_html_text(&b, sc->gemeente_name);
	bp_html_tr(&b, L, "</p>\n<p>Dit profiel vergelijkt het gebied met de gemeente als geheel en met Nederland. "
	                  "Bij elke grafiek staan de cijfers in een tabel. Een waarde ontbreekt waar de bron hem niet "
	                  "publiceert of waar te weinig inwoners zijn.");
	if (pl->pdf_href)
		bp_html_printf_l(&b, L, " <a href=\"%s\">Profiel als PDF (A4)</a>.", " <a href=\"%s\">Profile as PDF (A4)</a>.",
		                 pl->pdf_href);
	bp_html_lit(&b, "</p>\n");
	for (size_t k = 0; k < sc->n_defs; k++)
		if (!s[k].synthetic && bp_def_is_model_estimate(s[k].def)) {
			bp_model_note_html(&b, L);   /* once: the rows below carry the word */
			break;
		}
	bp_area_page_key_table_lang(&b, a, sc, ar->name, s, 1, pl->definitions, L);
	if (extras)
		bp_html_append(&b, extras);
	bp_rc rc = similar_section(conn, a, &b, sc, ar, L, err);
	if (rc == BP_OK)
		rc = composite_section(conn, a, &b, sc, ar, L, err);
	for (size_t t = 0; t < sc->n_themes && rc == BP_OK; t++)
		rc = theme_section(conn, pl, a, &b, sc, ar, s, sc->themes[t], err);
	for (size_t k = 0; k < sc->n_defs && rc == BP_OK; k++)
		if (s[k].n >= 2)
			rc = trend_section(pl, a, &b, sc, ar, &s[k], err);
	if (rc == BP_OK)
		rc = other_experiences(conn, sc, ar, L, a, &b, err);
	if (rc == BP_OK) {
		bp_html_page_end(&b, &frame, sc->sources, NULL);
		if (pl->downloads)
			rc = bp_downloads_write(&b, pl->dir, ar->code, pl->charts, err);
	}
	if (rc == BP_OK)
		rc = bp_html_write(&b, bp_arena_printf(a, "%s/%s.html", pl->dir, ar->code), err);
	if (rc == BP_OK)
		++*pl->pages;
	bp_html_release(&b);
	bp_arena_free(a);
	return rc;
}
