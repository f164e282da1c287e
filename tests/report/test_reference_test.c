/*
 * test_reference_test: the verdict against a gemeente whose figure is a
 * survey estimate with its own 95% interval tests the difference with both
 * uncertainties (engine/reference_test.h), and the needs overview's "worse
 * than the gemeente" is the same test: the area page's HTML, the needs
 * overview (HTML and PDF through pdftotext) and the needs query the API's
 * /needs serves, on a real PostgreSQL.
 *
 * A constructed gemeente GM9994 "Toetsgemeente" (made up for this test, no
 * real figures) with four wijken and one survey indicator t_eenz (% lonely,
 * higher is worse, 1 decimal), 2024; the gemeente 20,0 (18,0 .. 22,0) from
 * summed weights of respondents sum_w = 1000, Nederland 19,0 without an
 * interval.  Four wijken: fewer than 10 are never ranked, so every signal
 * is one against the gemeente.  All areas lie above the gemeente, so the
 * half-widths are the area's lower one (ha = a - lo) and the gemeente's
 * upper one (hg = 22 - 20 = 2); w = the wijk's sum_w / 1000; the
 * difference is significant when d = a - 20 > sqrt(hg^2 + (1 - 2w) ha^2)
 * (kept at least (1 - w) ha):
 *   Ruis 23,0 (20,5 .. 25,5), sum_w 50, w = 0,05: d = 3, ha = 2,5,
 *     sqrt(4 + 0,9 x 6,25) = sqrt(9,625) = 3,102 > 3: not significant: ≈,
 *     no signal, although its interval leaves out the gemeente's 20,0 (the
 *     old rule's ▼; without var(g) it would be sqrt(5,625) = 2,37 < 3: ▼).
 *   Hoog 26,0 (24,0 .. 28,0), sum_w 300, w = 0,3: d = 6, ha = 2,
 *     sqrt(4 + 0,4 x 4) = 2,366 < 6: ▼, a signal.
 *   Groot 23,0 (20,5 .. 25,5), sum_w 500, w = 0,5: d = 3,
 *     sqrt(4 + 0 x 6,25) = 2 (floor 0,5 x 2,5 = 1,25) < 3: ▼, a signal
 *     (the share counts: with w = 0, sqrt(10,25) = 3,20 > 3 would be ≈).
 *   Gepubliceerd 23,0 (20,5 .. 25,5) without sum_w (as a published
 *     figure): w not known, taken as 0: sqrt(4 + 6,25) = 3,20 > 3: ≈, no
 *     signal, and its page says that the test took the two as independent.
 *   Against Nederland (no interval): each interval leaves out 19,0: ▼.
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
#include "engine/needs.h"
#include "gemref.h"
#include "pgtest.h"
#include "report/area_page.h"
#include "report/needs_report.h"

#define q(...) bp_test_scalarf(bp_gemref_conn, __VA_ARGS__)

static void assert_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("'%s' found in:\n%.6000s", needle, hay);
}

/* A value of t_eenz as compute stores a survey estimate: with its summed weights (sum_w; "NULL": none). */
static void value(const char *code, double v, const char *lo, const char *hi, const char *sum_w)
{
	q("INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, ci_low, ci_high, "
	  "  sum_w, definition_hash, gemeente_code, synthetic) "
	  "SELECT 't_eenz', code, 2024, '2024', %.17g, %s, %s, %s, 'h', gemeente_code, true FROM bp.area "
	  "WHERE code = '%s' AND indeling_year = 2024 RETURNING 1", v, lo, hi, sum_w, code);
}

static const char *const codes[] = { "WK999401", "WK999402", "WK999403", "WK999404" };

static bp_indicator_def t_eenz = {
	.id = "t_eenz", .title_nl = "Eenzaam", .theme = "gezondheid", .unit = "%", .decimals = 1,
	.polarity = BP_POLARITY_HIGHER_IS_WORSE, .kind = BP_KIND_SURVEY_PROPORTION, .survey = "s", .question = "q",
};

static int setup(void **state)
{
	(void)state;
	if (bp_gemref_setup(state))
		return -1;
	q("INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) VALUES "
	  "('NL00', 2024, 'land', 'Nederland', NULL, NULL), "
	  "('GM9994', 2024, 'gemeente', 'Toetsgemeente', NULL, 'GM9994'), "
	  "('WK999401', 2024, 'wijk', 'Ruis', 'GM9994', 'GM9994'), "
	  "('WK999402', 2024, 'wijk', 'Hoog', 'GM9994', 'GM9994'), "
	  "('WK999403', 2024, 'wijk', 'Groot', 'GM9994', 'GM9994'), "
	  "('WK999404', 2024, 'wijk', 'Gepubliceerd', 'GM9994', 'GM9994') RETURNING 1");
	q("INSERT INTO bp.indicator (id, title_nl, theme, kind, unit, decimals, polarity, definition_hash) "
	  "VALUES ('t_eenz', 'Eenzaam', 'gezondheid', 'survey_proportion', '%%', 1, 'higher-is-worse', 'h') "
	  "RETURNING 1");
	value("GM9994", 20, "18", "22", "1000");
	value("NL00", 19, "NULL", "NULL", "NULL");
	value("WK999401", 23, "20.5", "25.5", "50");
	value("WK999402", 26, "24", "28", "300");
	value("WK999403", 23, "20.5", "25.5", "500");
	value("WK999404", 23, "20.5", "25.5", "NULL");
	const char *src = q("INSERT INTO bp.source (publisher, title, location, checksum, licence, importer) "
	                    "VALUES ('Testbureau', 'Constructed survey', 'x', 'c', 'CC BY 4.0', 'survey') RETURNING id");
	q("INSERT INTO bp.survey (name, title, period, gemeente_code, indeling_year, source_id, mapping_hash, synthetic, "
	  "respondents) VALUES ('s', 'S', '2024', 'GM9994', 2024, %s, 'm', true, 100) RETURNING 1", src);
	bp_compare_result r;
	bp_error err = { 0 };
	bp_gemref_must(bp_compare_indicators(bp_gemref_conn, &r, &err), "compare", &err);
	return 0;
}

/* The expected verdicts against the gemeente (see the top): ≈, ▼, ▼, ≈. */
static const int worse[] = { 0, 1, 1, 0 };

/*
 * Each wijk's page: the verdict against the gemeente as worked out at the
 * top, against Nederland ▼ (the interval against a value without one);
 * under the table what the verdict tests, and on Gepubliceerd's page only
 * that its test took the two estimates as independent.
 */
static void test_area_pages(void **state)
{
	(void)state;
	bp_indicator_set set = { .items = &t_eenz, .n = 1 };
	for (int en = 0; en <= 1; en++) {
		bp_lang L = en ? BP_LANG_EN : BP_LANG_NL;
		bp_arena *a = bp_arena_new();
		bp_area_scope sc;
		bp_error err = { 0 };
		bp_gemref_must(bp_area_scope_load_lang(bp_gemref_conn, &set, "GM9994", L, a, &sc, &err), "scope", &err);
		const char *dir = bp_arena_printf(a, "%s/page-%d", bp_gemref_tmpdir, en);
		bp_gemref_must(bp_mkdir_p(dir, 0755, &err), "mkdir", &err);
		for (int w = 0; w < 4; w++) {
			const bp_area_ref *ar = bp_gemref_area(&sc, codes[w]);
			bp_area_series *s = NULL;
			bp_gemref_must(bp_area_series_load(bp_gemref_conn, &sc, ar->code, ar->year, a, &s, &err), "series", &err);
			long pages = 0, charts = 0;
			bp_area_page_place pl = { .style = BP_HTML_SITE, .dir = dir, .img_dir = "", .pages = &pages,
			                          .charts = &charts, .lang = L };
			bp_gemref_must(bp_area_page_write(bp_gemref_conn, &pl, &sc, ar, s, NULL, &err), "page", &err);
			const char *page = bp_gemref_read(a, bp_arena_printf(a, "%s/%s.html", dir, codes[w]));
			const char *worse_gm = en ? "<span class=\"ongunstig\">▼ worse</span> than Toetsgemeente"
			                          : "<span class=\"ongunstig\">▼ ongunstiger</span> dan Toetsgemeente";
			const char *unclear_gm = en ? "≈ not clearly different from Toetsgemeente"
			                            : "≈ niet duidelijk anders dan Toetsgemeente";
			if (worse[w]) {
				bp_gemref_contains(page, worse_gm);
				assert_lacks(page, unclear_gm);
			} else {
				bp_gemref_contains(page, unclear_gm);
				assert_lacks(page, worse_gm);
			}
			bp_gemref_contains(page, en ? "<span class=\"ongunstig\">▼ worse</span> than the Netherlands"
			                         : "<span class=\"ongunstig\">▼ ongunstiger</span> dan Nederland");
			/* what ≈ means, under every key-figures table (a catalogued literal: not escaped) */
			bp_gemref_contains(page, (en
				? "≈ not clearly different: the difference may be chance (the area's 95% interval includes the "
				  "reference, or the test with the reference's own interval finds no difference)"
				: "≈ niet duidelijk anders: het verschil kan toeval zijn (het 95%-interval van het gebied omvat "
				  "de referentie, of de toets met het eigen interval van de referentie vindt geen verschil)"));
			/* what is tested, said where the gemeente's interval is shown */
			bp_gemref_contains(page, bp_gemref_esc(a, en
				? "A figure of Toetsgemeente with an interval in brackets is a survey estimate too. There the "
				  "verdict tests the difference with the uncertainty of both figures: ▲ or ▼ only where the "
				  "difference is larger than 1.96 times its standard error, which follows from both intervals "
				  "and counts that the area is part of Toetsgemeente; else ≈, also where the area's interval "
				  "does not include the value of Toetsgemeente."
				: "Een cijfer van Toetsgemeente met een interval tussen haakjes is ook een schatting uit een "
				  "enquête. Daar toetst het oordeel het verschil met de onzekerheid van beide cijfers: ▲ of ▼ "
				  "alleen als het verschil groter is dan 1,96 keer zijn standaardfout, die volgt uit beide "
				  "intervallen en meetelt dat het gebied deel is van Toetsgemeente; anders ≈, ook als het "
				  "interval van het gebied de waarde van Toetsgemeente niet omvat."));
			const char *indep = bp_gemref_esc(a, en
				? "Where the area's share of the estimate of Toetsgemeente is not known (published survey "
				  "figures, model estimates), the test takes the two estimates as independent: that is "
				  "stricter than the exact test and never names a difference it would not."
				: "Waar niet bekend is welk deel van de schatting van Toetsgemeente het gebied is "
				  "(gepubliceerde enquêtecijfers, modelschattingen), rekent de toets de twee schattingen als "
				  "onafhankelijk: dat is strenger dan de precieze toets en noemt nooit een verschil dat die "
				  "niet zou noemen.");
			if (w == 3)
				bp_gemref_contains(page, indep);
			else
				assert_lacks(page, indep);
		}
		bp_arena_free(a);
	}
}

/* The needs query (engine/needs.c, what /api/v1/gemeenten/GM9994/needs serves): Hoog and Groot, nothing else. */
static void test_needs_query(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_needs_result r;
	bp_error err = { 0 };
	bp_needs_options o = { .gemeente = "GM9994" };
	bp_gemref_must(bp_needs_query(bp_gemref_conn, &o, a, &r, &err), "needs", &err);
	assert_int_equal(r.n_areas, 4);
	int seen[4] = { 0 };
	for (size_t i = 0; i < r.n; i++) {
		const bp_need_item *it = &r.items[i];
		int w = 0;
		while (w < 4 && strcmp(codes[w], it->area_code) != 0)
			w++;
		assert_true(w < 4);
		seen[w] = 1;
		if (!worse[w]) {
			assert_null(it->indicator_id);   /* the area's own line: no signal */
			continue;
		}
		assert_non_null(it->indicator_id);
		assert_string_equal(it->indicator_id, "t_eenz");
		assert_true(it->by_gemeente);
		assert_false(it->by_percentile);
		assert_true(it->with_interval);
		assert_int_equal(it->gemeente_differs, 1);
		assert_true(it->gemeente_share_known);
	}
	for (int w = 0; w < 4; w++)
		assert_true(seen[w]);
	bp_arena_free(a);
}

/*
 * The needs overview: two rows (Hoog, Groot), each saying why; Ruis and
 * Gepubliceerd among the areas without a signal; the note says what is
 * tested; the PDF the same.
 */
static void test_needs_overview(void **state)
{
	(void)state;
	bp_indicator_set set = { .items = &t_eenz, .n = 1 };
	for (int en = 0; en <= 1; en++) {
		bp_lang L = en ? BP_LANG_EN : BP_LANG_NL;
		bp_arena *a = bp_arena_new();
		bp_needs_overview o;
		bp_error err = { 0 };
		bp_gemref_must(bp_needs_overview_load_lang(bp_gemref_conn, &set, "GM9994", L, a, &o, &err), "needs", &err);
		assert_int_equal(o.n_rows, 2);
		for (size_t i = 0; i < o.n_rows; i++)
			assert_true(strcmp(o.rows[i].area_code, "WK999402") == 0 || strcmp(o.rows[i].area_code, "WK999403") == 0);
		assert_int_equal(o.n_quiet, 2);
		const char *why = bp_gemref_why_both(en);
		const char *note = en ? "the signal against the municipality tests the difference with the uncertainty of "
		                        "both figures: only where the difference is larger than 1.96 times its standard error"
		                      : "toetst het signaal tegen de gemeente het verschil met de onzekerheid van beide "
		                        "cijfers: alleen als het verschil groter is dan 1,96 keer zijn standaardfout";
		bp_html b;
		bp_html_init(&b);
		bp_needs_overview_html(&o, "%s.html", a, &b);
		const char *h = b.buf.data;
		assert_int_equal(bp_gemref_count(h, bp_gemref_esc(a, why)), 2);
		bp_gemref_contains(h, note);
		const char *quiet = strstr(h, "id=\"zonder-signaal\"");
		assert_non_null(quiet);
		bp_gemref_contains(quiet, "Ruis");
		bp_gemref_contains(quiet, "Gepubliceerd");
		bp_html_release(&b);

		const char *path = bp_arena_printf(a, "%s/behoeften-%d.pdf", bp_gemref_tmpdir, en);
		bp_gemref_must(bp_needs_overview_pdf(&o, path, &err), "needs pdf", &err);
		char *t = bp_test_pdf_text(path);
		const char *whyline = bp_arena_printf(a, "%s%s", en ? "Why: " : "Waarom: ", why);
		assert_int_equal(bp_gemref_count(t, whyline), 2);
		bp_gemref_contains(t, note);
		/* Ruis's only mention: among the areas without a signal, after the rows */
		const char *ruis = strstr(t, "Ruis");
		assert_non_null(ruis);
		assert_null(strstr(ruis + 1, "Ruis"));
		assert_true(ruis > strstr(t, whyline));
		free(t);
		bp_arena_free(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_area_pages),
		cmocka_unit_test(test_needs_query),
		cmocka_unit_test(test_needs_overview),
	};
	return cmocka_run_group_tests(tests, setup, bp_gemref_teardown);
}
