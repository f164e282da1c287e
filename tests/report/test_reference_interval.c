/*
 * test_reference_interval: a gemeente's own survey figure is shown with its
 * 95% interval wherever an area is compared with it, and the needs
 * overview's PDF says why each row is flagged, as a reader gets them: the
 * area page's HTML, its table downloads (CSV), the profile PDF and the needs
 * overview PDF through pdftotext, on a real PostgreSQL.
 *
 * A hand-made gemeente GM9993 "Refgemeente" with eleven wijken and one
 * survey indicator t_gez (% with a poor health, higher is worse, 1
 * decimal), 2024.  Every expected text is worked out here from these
 * figures, not read from the database:
 *   gemeente 20,0 with its own interval 18,0 .. 22,0; Nederland 19,0.
 *   The verdict and the needs overview test the difference with both
 *   intervals (engine/reference_test.h); no value here has summed weights,
 *   so the area's share of the gemeente is not known and taken as 0 (the
 *   conservative test): worse when d > sqrt(hg^2 + ha^2), hg = 22 - 20 = 2
 *   the gemeente's upper half-width, ha the area's lower one.
 *   Noord 25,0 (21,0 .. 29,0): d = 5 > sqrt(4 + 16) = 4,47: "worse than the
 *     gemeente" by the test, although the gemeente's 18..22 overlaps 21..29;
 *     difference 25 - 20 = +5,0.
 *   Oost 30,0 (19,0 .. 41,0): d = 10 < sqrt(4 + 121) = 11,2: no signal
 *     against the gemeente, but the highest of 11: percentile (11-1)/(11-1)
 *     = 1, among the worst tenth: a signal on the point estimate only.
 *   West 24,0 (23,0 .. 25,0): d = 4 > sqrt(4 + 1) = 2,24: worse.
 *   Eight more wijken 10,0 .. 17,0 without intervals (below the gemeente).
 *   Ranks among 11: Oost 1, Noord (10-1)/(11-1) = 0,9 (a signal too),
 *     West 0,8 (none by percentile).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/fsutil.h"
#include "db/pgutil.h"
#include "engine/compare.h"
#include "engine/indicator_def.h"
#include "gemref.h"
#include "pgtest.h"
#include "report/area_page.h"
#include "report/layout.h"
#include "report/needs_report.h"
#include "report/pdf_profile.h"

#define q(...) bp_test_scalarf(bp_gemref_conn, __VA_ARGS__)

static void area(const char *code, const char *level, const char *name, const char *gem)
{
	q("INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) "
	  "VALUES ('%s', 2024, '%s', '%s', %s%s%s, %s%s%s) RETURNING 1", code, level, name,
	  gem && strcmp(level, "wijk") == 0 ? "'" : "", gem && strcmp(level, "wijk") == 0 ? gem : "NULL",
	  gem && strcmp(level, "wijk") == 0 ? "'" : "", gem ? "'" : "", gem ? gem : "NULL", gem ? "'" : "");
}

static void value_in(const char *period, const char *code, double v, double lo, double hi)
{
	char los[64] = "NULL", his[64] = "NULL";
	if (!isnan(lo)) {
		snprintf(los, sizeof(los), "%.17g", lo);
		snprintf(his, sizeof(his), "%.17g", hi);
	}
	/* as compute stores a survey indicator's values: synthetic from bp.survey.synthetic */
	q("INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, ci_low, ci_high, "
	  "  definition_hash, gemeente_code, synthetic) "
	  "SELECT 't_gez', code, 2024, '%s', %.17g, %s, %s, 'h', gemeente_code, true FROM bp.area "
	  "WHERE code = '%s' AND indeling_year = 2024 RETURNING 1", period, v, los, his, code);
}

static void value(const char *code, double v, double lo, double hi)
{
	value_in("2024", code, v, lo, hi);
}

static bp_indicator_def t_gez = {
	.id = "t_gez", .title_nl = "Matige gezondheid", .theme = "gezondheid", .unit = "%", .decimals = 1,
	.polarity = BP_POLARITY_HIGHER_IS_WORSE, .kind = BP_KIND_SURVEY_PROPORTION, .survey = "s", .question = "q",
};

static int setup(void **state)
{
	(void)state;
	if (bp_gemref_setup(state))
		return -1;
	area("NL00", "land", "Nederland", NULL);
	area("GM9993", "gemeente", "Refgemeente", "GM9993");
	q("INSERT INTO bp.indicator (id, title_nl, theme, kind, unit, decimals, polarity, definition_hash) "
	  "VALUES ('t_gez', 'Matige gezondheid', 'gezondheid', 'survey_proportion', '%%', 1, 'higher-is-worse', 'h') "
	  "RETURNING 1");
	const char *names[] = { "Noord", "Oost", "West" };
	const double v[] = { 25, 30, 24 }, lo[] = { 21, 19, 23 }, hi[] = { 29, 41, 25 };
	for (int w = 1; w <= 11; w++) {
		char code[16], name[16];
		snprintf(code, sizeof(code), "WK9993%02d", w);
		snprintf(name, sizeof(name), "Wijk %d", w);
		area(code, "wijk", w <= 3 ? names[w - 1] : name, "GM9993");
		if (w <= 3)
			value(code, v[w - 1], lo[w - 1], hi[w - 1]);
		else
			value(code, 10 + (w - 4), NAN, NAN);
	}
	value("GM9993", 20, 18, 22);
	value("NL00", 19, NAN, NAN);
	/* Noord and the gemeente in 2022 too: the trend's table */
	value_in("2022", "WK999301", 22, 18, 26);
	value_in("2022", "GM9993", 19, 17, 21);
	const char *src = q("INSERT INTO bp.source (publisher, title, location, checksum, licence, importer) "
	                    "VALUES ('Testbureau', 'Gezondheidsenquête', 'x', 'c', 'CC BY 4.0', 'survey') RETURNING id");
	q("INSERT INTO bp.survey (name, title, period, gemeente_code, indeling_year, source_id, mapping_hash, synthetic, "
	  "respondents) VALUES ('s', 'S', '2024', 'GM9993', 2024, %s, 'm', true, 100) RETURNING 1", src);
	bp_compare_result r;
	bp_error err = { 0 };
	bp_gemref_must(bp_compare_indicators(bp_gemref_conn, &r, &err), "compare", &err);
	return 0;
}

/* The site page of area code in L, written into the temporary directory's
 * <sub>-<0 or 1 for en>/: its HTML; *sc, *ar the scope and area it was written
 * from, *dir where. */
static const char *site_page(bp_arena *a, bp_lang L, const char *code, const char *sub, bp_area_scope *sc,
                             const bp_area_ref **ar, const char **dir)
{
	bp_indicator_set set = { .items = &t_gez, .n = 1 };
	bp_error err = { 0 };
	bp_gemref_must(bp_area_scope_load_lang(bp_gemref_conn, &set, "GM9993", L, a, sc, &err), "scope", &err);
	*ar = bp_gemref_area(sc, code);
	bp_area_series *s = NULL;
	bp_gemref_must(bp_area_series_load(bp_gemref_conn, sc, (*ar)->code, (*ar)->year, a, &s, &err), "series", &err);
	*dir = bp_arena_printf(a, "%s/%s-%d", bp_gemref_tmpdir, sub, L == BP_LANG_EN);
	bp_gemref_must(bp_mkdir_p(bp_arena_printf(a, "%s/data", *dir), 0755, &err), "mkdir", &err);
	long pages = 0, charts = 0;
	bp_area_page_place pl = { .style = BP_HTML_SITE, .dir = *dir, .img_dir = "", .downloads = 1,
	                          .pages = &pages, .charts = &charts, .lang = L };
	bp_gemref_must(bp_area_page_write(bp_gemref_conn, &pl, sc, *ar, s, NULL, &err), "page", &err);
	return bp_gemref_read(a, bp_arena_printf(a, "%s/%s.html", *dir, code));
}

/*
 * Noord's page: the key figures give the gemeente's 20,0 with (18,0–22,0)
 * as the area's 25,0 with (21,0–29,0), the difference +5,0 and "ongunstiger"
 * (5 > 4,47, see the top), and under the table what that verdict tests and
 * that it took the two estimates as independent.  The profile chart's table and text
 * alternative give the gemeente's interval too; the table downloads carry
 * its ends as columns; the profile PDF shows it beside 20,0.
 */
static void test_area_page(void **state)
{
	(void)state;
	for (int en = 0; en <= 1; en++) {
		bp_lang L = en ? BP_LANG_EN : BP_LANG_NL;
		bp_arena *a = bp_arena_new();
		bp_area_scope sc;
		bp_error err = { 0 };
		const bp_area_ref *noord;
		const char *dir;
		const char *page = site_page(a, L, "WK999301", "page", &sc, &noord, &dir);
		/* the key figures: the area's cell, then the gemeente's written the same way, the difference */
		bp_gemref_contains(page, en ? "<td class=\"num\">25.0 <span class=\"interval\">(21.0–29.0)</span></td>"
		                           "<td class=\"num\">20.0 <span class=\"interval\">(18.0–22.0)</span></td>"
		                           "<td class=\"num\">+5.0</td>"
		                         : "<td class=\"num\">25,0 <span class=\"interval\">(21,0–29,0)</span></td>"
		                           "<td class=\"num\">20,0 <span class=\"interval\">(18,0–22,0)</span></td>"
		                           "<td class=\"num\">+5,0</td>");
		bp_gemref_contains(page, en ? "worse</span> than Refgemeente" : "ongunstiger</span> dan Refgemeente");
		/* what the verdict tests, said where a gemeente's interval is shown (the wording:
		 * report/reference_test), and that it took the two as independent here */
		bp_gemref_contains(page, en ? "There the verdict tests the difference with the uncertainty of both figures"
		                         : "Daar toetst het oordeel het verschil met de onzekerheid van beide cijfers");
		bp_gemref_contains(page, en ? "the test takes the two estimates as independent"
		                         : "rekent de toets de twee schattingen als onafhankelijk");
		/* the profile chart's table and its text alternative */
		bp_gemref_contains(page, en ? "<td class=\"num\">20.0% <span class=\"interval\">(18.0–22.0)</span></td>"
		                         : "<td class=\"num\">20,0% <span class=\"interval\">(18,0–22,0)</span></td>");
		bp_gemref_contains(page, en ? "25.0% (95% interval 21.0–29.0%) against 20.0% in Refgemeente "
		                           "(95% interval 18.0–22.0%)"
		                         : "25,0% (95%-interval 21,0–29,0%) tegen 20,0% in Refgemeente "
		                           "(95%-interval 18,0–22,0%)");
		bp_gemref_contains(page, en ? "Beside Refgemeente: its own 95% interval" : "Bij Refgemeente: het eigen 95%-interval");
		bp_gemref_contains(page, en ? "the grey band around 0 in the chart is its interval"
		                         : "het grijze vlak om 0 in de grafiek is dat interval");
		/* the trend's table: 2022 of Noord and of the gemeente, each with its interval */
		bp_gemref_contains(page, en ? "<td class=\"num\">22.0 <span class=\"interval\">(18.0–26.0)</span></td>"
		                           "<td class=\"num\">19.0 <span class=\"interval\">(17.0–21.0)</span></td>"
		                         : "<td class=\"num\">22,0 <span class=\"interval\">(18,0–26,0)</span></td>"
		                           "<td class=\"num\">19,0 <span class=\"interval\">(17,0–21,0)</span></td>");
		/* the charts draw it: the profile's grey band around zero and the trend's band around the
		 * gemeente's line, each named in the chart (the SVG the page shows) */
		const char *prof = bp_gemref_read(a, bp_arena_printf(a, "%s/WK999301-profiel-gezondheid.svg", dir));
		bp_gemref_contains(prof, "fill=\"#dcdcdc\"");
		bp_gemref_contains(prof, en ? "grey band around 0: 95% interval of Refgemeente"
		                         : "grijs vlak om 0: 95%-interval van Refgemeente");
		const char *trend = bp_gemref_read(a, bp_arena_printf(a, "%s/WK999301-trend-t_gez.svg", dir));
		char *words = bp_test_svg_words((const unsigned char *)trend, strlen(trend));
		bp_gemref_contains(words, en ? "Band around the line of Refgemeente: 95% interval"
		                                         : "Vlak om de lijn van Refgemeente: 95%-interval");
		free(words);
		/* the downloads: the key figures' CSV has the gemeente's interval as two columns of its own */
		const char *csv = bp_gemref_read(a, bp_arena_printf(a, "%s/data/WK999301-1.csv", dir));
		bp_gemref_contains(csv, en ? "Refgemeente: lower bound of the 95% interval" : "Refgemeente: ondergrens 95%-interval");
		bp_gemref_contains(csv, en ? "18.0" : "18,0");
		bp_gemref_contains(csv, en ? "22.0" : "22,0");

		/* the profile PDF: the gemeente's cell as the area's */
		const char *pdf = bp_arena_printf(a, "%s/WK999301-%d.pdf", bp_gemref_tmpdir, en);
		bp_gemref_must(bp_pdf_area_profile(bp_gemref_conn, &sc, noord, pdf, L, &err), "pdf", &err);
		const char *t = bp_gemref_pdf_text(a, pdf);
		bp_gemref_contains(t, en ? "(21.0–29.0)" : "(21,0–29,0)");
		bp_gemref_contains(t, en ? "(18.0–22.0)" : "(18,0–22,0)");
		bp_arena_free(a);
	}
}

/*
 * The needs overview: Noord, Oost and West signal (see the top).  Each row
 * gives the gemeente's figure with its interval; the PDF gives each row's
 * reason (the HTML's "Waarom" column) as a line under it.
 */
static void test_needs(void **state)
{
	(void)state;
	bp_indicator_set set = { .items = &t_gez, .n = 1 };
	for (int en = 0; en <= 1; en++) {
		bp_lang L = en ? BP_LANG_EN : BP_LANG_NL;
		bp_arena *a = bp_arena_new();
		bp_needs_overview o;
		bp_error err = { 0 };
		bp_gemref_must(bp_needs_overview_load_lang(bp_gemref_conn, &set, "GM9993", L, a, &o, &err), "needs", &err);
		assert_int_equal(o.n_rows, 3);
		const char *ref = en ? "Refgemeente 20.0 (2024), 95% interval 18.0 – 22.0"
		                     : "Refgemeente 20,0 (2024), 95%-interval 18,0 – 22,0";
		const char *pct = en ? "among the 10% with the greatest need of the 11 districts in this monitor with figures"
		                     : "bij de 10% met de meeste behoefte van de 11 wijken in deze monitor met cijfers";
		const char *whole = bp_gemref_why_both(en);
		const char *point = en ? "on the point estimate: the difference with the municipality is within the "
		                         "uncertainty of both figures"
		                       : "op de puntschatting: het verschil met de gemeente valt binnen de onzekerheid van "
		                         "beide cijfers";
		const char *why_noord = bp_arena_printf(a, "%s; %s", pct, whole);
		const char *why_oost = bp_arena_printf(a, "%s; %s", pct, point);
		bp_html b;
		bp_html_init(&b);
		bp_needs_overview_html(&o, "%s.html", a, &b);
		const char *h = b.buf.data;
		/* three rows, each with the gemeente's interval beside its value */
		assert_int_equal(bp_gemref_count(h, ref), 3);
		bp_gemref_contains(h, bp_arena_printf(a, "<td>%s</td></tr>", bp_gemref_esc(a, why_noord)));
		bp_gemref_contains(h, bp_arena_printf(a, "<td>%s</td></tr>", bp_gemref_esc(a, why_oost)));
		bp_gemref_contains(h, bp_arena_printf(a, "<td>%s</td></tr>", bp_gemref_esc(a, whole)));   /* West */
		bp_gemref_contains(h, en ? "tests the difference with the uncertainty of both figures"
		                      : "het verschil met de onzekerheid van beide cijfers");
		bp_gemref_contains(h, en ? "the test takes the two estimates as independent"
		                      : "rekent de toets de twee schattingen als onafhankelijk");
		bp_html_release(&b);

		const char *path = bp_arena_printf(a, "%s/behoeften-%d.pdf", bp_gemref_tmpdir, en);
		bp_gemref_must(bp_needs_overview_pdf(&o, path, &err), "needs pdf", &err);
		const char *t = bp_gemref_pdf_text(a, path);
		const char *why = en ? "Why: " : "Waarom: ";
		bp_gemref_contains(t, bp_arena_printf(a, "%s%s", why, why_noord));
		bp_gemref_contains(t, bp_arena_printf(a, "%s%s", why, why_oost));
		bp_gemref_contains(t, bp_arena_printf(a, "%s%s", why, whole));
		bp_gemref_contains(t, en ? "18.0 – 22.0" : "18,0 – 22,0");
		bp_gemref_contains(t, en ? "tests the difference with the uncertainty of both figures"
		                      : "het verschil met de onzekerheid van beide cijfers");
		bp_arena_free(a);
	}
}

/*
 * The gemeente's PDF: the ranking's table gives every figure with its
 * interval, the gemeente's 20,0 (18,0–22,0) among them, and says what the
 * brackets are.
 */
static void test_gemeente_pdf(void **state)
{
	(void)state;
	bp_indicator_set set = { .items = &t_gez, .n = 1 };
	const char *refs[] = { "gemeente", "land" };
	bp_layout_chart chart = { .type = BP_CHART_RANKING, .indicator = "t_gez", .level = "wijk", .references = refs,
	                          .n_references = 2 };
	bp_layout layout = { .report = "gemeente", .charts = &chart, .n_charts = 1 };
	bp_report_options opt = { .indicators = &set, .layout = &layout };
	bp_arena *a = bp_arena_new();
	bp_area_scope sc;
	bp_error err = { 0 };
	bp_gemref_must(bp_area_scope_load(bp_gemref_conn, &set, "GM9993", a, &sc, &err), "scope", &err);
	const char *path = bp_arena_printf(a, "%s/GM9993.pdf", bp_gemref_tmpdir);
	bp_gemref_must(bp_pdf_gemeente(bp_gemref_conn, &opt, &sc, path, BP_LANG_NL, &err), "gemeente pdf", &err);
	const char *t = bp_gemref_pdf_text(a, path);
	/* twice: its own key figures (as before) and the ranking's row of the gemeente */
	assert_int_equal(bp_gemref_count(t, "20,0 (18,0–22,0)"), 2);
	bp_gemref_contains(t, "Noord WK999301 25,0 (21,0–29,0)");
	bp_gemref_contains(t, "Tussen haakjes: het 95%-interval van de waarde");
	/* the ranking chart's legend names the gemeente's band; Nederland, without an interval, has none */
	bp_gemref_contains(t, "Refgemeente 20,0% (vlak: 95%-interval 18,0–22,0%)");
	bp_gemref_contains(t, "Nederland 19,0%");
	assert_null(strstr(t, "Nederland 19,0% (vlak"));
	bp_arena_free(a);
}

/*
 * West with a 2020 value carried over from the 2020 indeling (weighted
 * mean, the span 18,0 .. 27,0 of the bounds of the areas it came from) beside
 * its own 2024 survey figure (23,0 .. 25,0): the trend chart's band is a
 * 95% interval in 2024 only, and the chart (the SVG the page shows) and the
 * trend table under it say what the band and the brackets are in 2020.
 * Last: it adds a period to West.
 */
static void test_translated_band(void **state)
{
	(void)state;
	q("INSERT INTO bp.crosswalk (level, from_year, to_year, method, tolerance, from_source_ids, to_source_ids, "
	  "  n_from, n_to, n_identical, n_unmatched) VALUES ('wijk', 2020, 2024, 'area', 0.001, '{}', '{}', 0, 0, 0, 0) "
	  "RETURNING 1");
	q("INSERT INTO bp.indicator_value_translated (indicator_id, area_code, indeling_year, period, from_indeling_year, "
	  "  crosswalk_id, method, value, ci_low, ci_high, n_contributors, note, synthetic, gemeente_code) "
	  "SELECT 't_gez', 'WK999303', 2024, '2020', 2020, id, 'weighted_mean', 22, 18, 27, 2, "
	  "  'omgerekend van indeling 2020', true, 'GM9993' FROM bp.crosswalk RETURNING 1");
	for (int en = 0; en <= 1; en++) {
		bp_lang L = en ? BP_LANG_EN : BP_LANG_NL;
		bp_arena *a = bp_arena_new();
		bp_area_scope sc;
		const bp_area_ref *west;
		const char *dir;
		const char *page = site_page(a, L, "WK999303", "span", &sc, &west, &dir);
		/* the trend's table: 2020's span in brackets, and what those brackets are */
		bp_gemref_contains(page, en ? "<td class=\"num\">22.0 <span class=\"interval\">(18.0–27.0)</span></td>"
		                         : "<td class=\"num\">22,0 <span class=\"interval\">(18,0–27,0)</span></td>");
		bp_gemref_contains(page, en ? "In brackets: the 95% interval of the value. At a value converted from another "
		                           "classification: from the lowest to the highest bound of the areas it came from, "
		                           "wider than a 95% interval.</p>"
		                         : "Tussen haakjes: het 95%-interval van de waarde. Bij een waarde omgerekend van een "
		                           "andere indeling: van de laagste tot de hoogste grens van de gebieden waaruit het "
		                           "komt, ruimer dan een 95%-interval.</p>");
		/* the chart: West's band a 95% interval, but in 2020 the span; never "confidence interval" */
		const char *svg = bp_gemref_read(a, bp_arena_printf(a, "%s/WK999303-trend-t_gez.svg", dir));
		char *trend = bp_test_svg_words((const unsigned char *)svg, strlen(svg));
		bp_gemref_contains(trend, en ? "Band around the line of West: 95% interval; in 2020: converted from another "
		                            "classification: from the lowest to the highest bound of the areas it came from"
		                          : "Vlak om de lijn van West: 95%-interval; in 2020: omgerekend van een andere "
		                            "indeling: van de laagste tot de hoogste grens van de gebieden waaruit het komt");
		assert_null(strstr(trend, en ? "confidence" : "betrouwbaarheid"));
		free(trend);
		bp_arena_free(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_area_page),
		cmocka_unit_test(test_needs),
		cmocka_unit_test(test_gemeente_pdf),
		cmocka_unit_test(test_translated_band),
	};
	return cmocka_run_group_tests(tests, setup, bp_gemref_teardown);
}
