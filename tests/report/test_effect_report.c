/*
 * test_effect_report: the effect reports and the interventions overview,
 * written from small constructed cases in a real PostgreSQL; every number
 * the pages must show is worked out by hand below.
 *
 * Areas (indeling 2024, gemeente GM9999 "Testgem", level wijk): T = WK999901
 * "Doelwijk" is the target of every intervention; A, B, C = WK999902..04
 * "Wijk A/B/C" are the comparison areas.  Indicators are percentages with
 * 1 decimal, so estimates are shown with 2 decimals and in "procentpunt".
 * The effect options ask for at least 3 comparison areas.
 *
 * t-spread (start 2016-01-01; 2012 before, 2020 after; an example):
 *   T 10 -> 14 (delta 4), A 10 -> 11 (1), B 12 -> 14 (2), C 8 -> 8 (0)
 *   DiD = 4 - (1 + 2 + 0)/3 = 3                           -> "+3,00 procentpunt"
 *   placebos: A 1 - (2 + 0)/2 = 0, B 2 - (1 + 0)/2 = 1.5, C 0 - (1 + 2)/2 = -1.5
 *   band (type-7 quantiles of -1.5, 0, 1.5): 5 %: -1.5 + 0.1 x 1.5 = -1.35,
 *   95 %: 0 + 0.9 x 1.5 = 1.35                            -> "-1,35 tot 1,35 procentpunt"
 *   no |placebo| >= 3: rank 1 of 4                        -> "1 van de 4 gebieden"
 *   3 lies outside the band, higher is better, aimed up   -> "beter dan vergelijkbare gebieden"
 *   one period before the start: no pre-trend test        -> "niet te toetsen (maar één periode ..."
 *   distances before the start: A (10-10)^2 = 0, B (12-10)^2 = 4, C 4 -> "0,00", "4,00"
 *
 * t-trend (start 2018-01-01; 2012, 2016 before, 2020 after):
 *   T 8, 10, 15; A 8, 10, 11; B 10, 12, 13; C 6, 8, 9; comparison mean 8, 10, 11
 *   slopes before: T (10 - 8)/4 = 0.5, mean (10 - 8)/4 = 0.5: difference 0
 *                                                         -> "0,000 procentpunt per jaar", "parallel"
 *   T mean before 9, after 15: 6; each comparison rises 2: DiD 4 -> "+4,00 procentpunt"
 *
 * t-ci (start 2016-01-01): T 10 -> 14, A 10 -> 11, B 12 -> 13, C 8 -> 9, every
 *   value with standard error 1 (ci = value -/+ 1.96): DiD 3;
 *   var = 1 + 1 (target) + (1/3)^2 x 3 x (1 + 1) = 8/3; 90 %: 3 -/+ 1.644854 x
 *   sqrt(8/3) = 3 -/+ 2.686035 -> 0.313965 .. 5.686035     -> "0,31 tot 5,69 procentpunt"
 *
 * Experiences of T on the theme: one consented quote (an example) shown;
 * one without consent never shown.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "config/monitor.h"
#include "core/arena.h"
#include "core/fsutil.h"
#include "db/pgutil.h"
#include "engine/effect.h"
#include "engine/intervention.h"
#include "report/effect_report.h"
#include "report/report.h"
#include "pgtest.h"

static bp_testdb tdb;
static PGconn *conn;
static char out[256];             /* the report folder, written once in the group setup */
static bp_effect_report_result result;
static const bp_indicator_set *all_inds;       /* the group setup's, for the English reports */
static const bp_intervention_set *all_ivs;

static void exec_ok(const char *sql)
{
	bp_error err = { 0 };
	if (bp_pg_exec(conn, sql, &err) != BP_OK)
		fail_msg("%s: %s (%s)", sql, err.message, err.detail);
}

static void indicator(const char *id)
{
	char sql[512];
	snprintf(sql, sizeof(sql), "INSERT INTO bp.indicator (id, title_nl, theme, kind, decimals, polarity, "
	         "definition_hash) VALUES ('%s', '%s', 'sociale-veerkracht', 'ratio', 1, 'higher-is-better', 'h')",
	         id, id);
	exec_ok(sql);
}

/* One value; se < 0: no ci. */
static void value(const char *ind, const char *area, const char *period, double v, double se)
{
	char sql[512], ci[128] = "NULL, NULL";
	if (se >= 0)
		snprintf(ci, sizeof(ci), "%.17g, %.17g", v - 1.959963984540054 * se, v + 1.959963984540054 * se);
	snprintf(sql, sizeof(sql), "INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, "
	         "value, ci_low, ci_high, definition_hash, gemeente_code) VALUES ('%s', '%s', 2024, '%s', %.17g, %s, "
	         "'h', 'GM9999')", ind, area, period, v, ci);
	exec_ok(sql);
}

/* T, A, B, C over n periods. */
static void series(const char *ind, const char *const *periods, size_t n, const double *ys, double se)
{
	const char *codes[] = { "WK999901", "WK999902", "WK999903", "WK999904" };
	indicator(ind);
	for (size_t k = 0; k < 4; k++)
		for (size_t i = 0; i < n; i++)
			value(ind, codes[k], periods[i], ys[k * n + i], se);
}

static char *slurp(const char *path)
{
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	char *data;
	size_t len;
	if (bp_file_read_all(path, a, &data, &len, &err))
		fail_msg("%s: %s", path, err.message);
	char *copy = malloc(len + 1);
	memcpy(copy, data, len);
	copy[len] = 0;
	bp_arena_free(a);
	return copy;
}

/* The text of a PDF, white space made one space (support/pgtest.h). */
static char *pdf_text(const char *path)
{
	return bp_test_pdf_text(path);
}

#define assert_contains(hay, needle) \
	do { if (!strstr((hay), (needle))) fail_msg("missing: %s", (needle)); } while (0)
#define assert_lacks(hay, needle) \
	do { if (strstr((hay), (needle))) fail_msg("must not contain: %s", (needle)); } while (0)

/* How often needle is in hay. */
static int count_in(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* Every inline SVG of class "chart <cls>" is width px wide (its root's width attribute); how many there are. */
static int charts_of_width(const char *h, const char *cls, int width)
{
	char want[64];
	snprintf(want, sizeof(want), "class=\"chart %s\"", cls);
	int n = 0;
	for (const char *p = h; (p = strstr(p, want)) != NULL; p++) {
		const char *end = strchr(p, '>'), *w = strstr(p, " width=\"");
		assert_non_null(end);
		assert_true(w && w < end);
		assert_int_equal(atoi(w + strlen(" width=\"")), width);
		n++;
	}
	return n;
}

static const char *path_in(const char *name)
{
	static char p[512];
	snprintf(p, sizeof(p), "%s/%s", out, name);
	return p;
}

/* A number as the English reports write it: decimal point, U+2212 for a minus, "+" before a positive difference. */
static const char *english_num(char *buf, size_t size, double v, int decimals, int diff)
{
	char t[32];   /* the figures here are small: far below 32 digits */
	snprintf(t, sizeof(t), diff ? "%+.*f" : "%.*f", decimals, v);
	snprintf(buf, size, "%s%s", t[0] == '-' ? "\xe2\x88\x92" : "", t[0] == '-' ? t + 1 : t);
	return buf;
}

static bp_intervention make(bp_arena *a, const char *id, const char *ind, const char *start, int example)
{
	bp_intervention v;
	bp_error err = { 0 };
	char *text = bp_arena_printf(a, "id: %s\nname: Test %s\ntheme: sociale-veerkracht\nareas: [WK999901]\n"
	                             "start: %s\nindicators:\n  - {id: %s, direction: up}\npartner: Partner %s\n%s",
	                             id, id, start, ind, id, example ? "example: true\n" : "");
	if (bp_intervention_load_string("test.yaml", text, a, &v, &err))
		fail_msg("%ld:%ld: %s", err.line, err.column, err.message);
	return v;
}

static int group_setup(void **state)
{
	(void)state;
	if (bp_testdb_start(&tdb))
		return -1;
	conn = tdb.db.conn;
	exec_ok("INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) VALUES "
	        "('NL00', 2024, 'land', 'Nederland', NULL, NULL), "
	        "('GM9999', 2024, 'gemeente', 'Testgem', 'NL00', 'GM9999'), "
	        "('WK999901', 2024, 'wijk', 'Doelwijk', 'GM9999', 'GM9999'), "
	        "('WK999902', 2024, 'wijk', 'Wijk A', 'GM9999', 'GM9999'), "
	        "('WK999903', 2024, 'wijk', 'Wijk B', 'GM9999', 'GM9999'), "
	        "('WK999904', 2024, 'wijk', 'Wijk C', 'GM9999', 'GM9999')");
	static const char *const p2[] = { "2012", "2020" };
	static const char *const p3[] = { "2012", "2016", "2020" };
	const double spread[] = { 10, 14, 10, 11, 12, 14, 8, 8 };
	const double did[] = { 10, 14, 10, 11, 12, 13, 8, 9 };
	const double trend[] = { 8, 10, 15, 8, 10, 11, 10, 12, 13, 6, 8, 9 };
	series("spread", p2, 2, spread, -1);
	series("ci", p2, 2, did, 1);
	series("parallel", p3, 3, trend, -1);

	exec_ok("INSERT INTO bp.source (publisher, title, location, checksum, licence, importer) VALUES "
	        "('test', 'ervaringen', 'test.csv', 'x', 'n.v.t.', 'experiences')");
	exec_ok("INSERT INTO bp.experience (source_id, row_number, line, collection, area_code, indeling_year, "
	        "gemeente_code, theme, date, role, kind, text, rating, consent, example) VALUES "
	        "(1, 1, 2, 'test.csv', 'WK999901', 2024, 'GM9999', 'sociale-veerkracht', '2019-03-12', 'bewoner', "
	        " 'quote', 'Sinds de buurtkamer ken ik mijn buren.', 8, true, true), "
	        "(1, 2, 3, 'test.csv', 'WK999901', 2024, 'GM9999', 'sociale-veerkracht', '2019-04-01', 'bewoner', "
	        " 'story', 'Dit verhaal is zonder toestemming.', NULL, false, false)");

	/* Definitions as the report reads them: title, unit and decimals. */
	static bp_indicator_def defs[3];
	const char *ids[] = { "ci", "parallel", "spread" };   /* sorted by id */
	const char *titles[] = { "Met marges", "Parallelle trend", "Spreiding" };
	const char *titles_en[] = { "With margins", "Parallel trend", "Spread" };   /* title.en: English reports */
	for (int i = 0; i < 3; i++) {
		memset(&defs[i], 0, sizeof(defs[i]));
		defs[i].id = ids[i];
		defs[i].title_nl = titles[i];
		defs[i].title_en = titles_en[i];
		defs[i].theme = "sociale-veerkracht";
		defs[i].unit = "%";
		defs[i].decimals = 1;
		defs[i].polarity = BP_POLARITY_HIGHER_IS_BETTER;
	}
	/* A model estimate (as RIVM's shares) and a registration count: an absent interval means another thing. */
	defs[1].kind = BP_KIND_PUBLISHED_SHARE;
	defs[1].source = "RIVM Gezondheidsmonitor (CBS 50090NED)";   /* a published share of another source is a count */
	defs[2].kind = BP_KIND_RATIO;
	static bp_indicator_set inds = { defs, 3 };

	static bp_intervention ivs[3];
	bp_arena *a = bp_arena_new();   /* freed in the teardown: the set points into it */
	*state = a;
	ivs[0] = make(a, "t-ci", "ci", "2016-01-01", 0);
	ivs[1] = make(a, "t-spread", "spread", "2016-01-01", 1);
	ivs[2] = make(a, "t-trend", "parallel", "2018-01-01", 0);
	static bp_intervention_set set = { ivs, 3 };
	all_inds = &inds;
	all_ivs = &set;

	bp_test_tmpdir(out, sizeof(out));
	strncat(out, "/interventions", sizeof(out) - strlen(out) - 1);   /* made by the report */
	static bp_effect_options eo;
	bp_effect_options_default(&eo);
	eo.min_comparisons = 3;
	bp_effect_report_options ro = { .dir = out, .indicators = &inds, .interventions = &set, .effect = &eo };
	bp_error err = { 0 };
	if (bp_report_interventions(conn, &ro, &result, &err)) {
		fprintf(stderr, "report: %s (%s)\n", err.message, err.detail);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	bp_arena_free(*state);
	char *slash = strrchr(out, '/');
	*slash = 0;
	bp_test_rmtree(out);
	bp_testdb_stop(&tdb);
	return 0;
}

static void test_counts_and_store(void **state)
{
	(void)state;
	assert_int_equal(result.reports, 3);
	assert_int_equal(result.estimates, 3);
	assert_int_equal(result.files, 8);   /* 3 x (html + pdf) + index.html + overzicht.pdf */
	const char *files[] = { "t-ci.html", "t-ci.pdf", "t-spread.html", "t-spread.pdf", "t-trend.html",
	                        "t-trend.pdf", "index.html", "overzicht.pdf" };
	struct stat st;
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(stat(path_in(files[i]), &st), 0);
	/* The estimates are stored with the registry. */
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM bp.intervention_effect"), "3");
	assert_string_equal(bp_test_scalar(conn, "SELECT estimate FROM bp.intervention_effect "
	                                         "WHERE intervention_id = 't-spread'"), "3");
}

static void test_html_spread(void **state)
{
	(void)state;
	char *h = slurp(path_in("t-spread.html"));
	assert_contains(h, "<html lang=\"nl\">");
	assert_contains(h, "Effectrapport: Test t-spread (voorbeeld)");
	assert_contains(h, "Voorbeeld: dit is geen echt programma");
	/* The comparison areas, by name and code. */
	assert_contains(h, "Wijk A (WK999902), Wijk B (WK999903) en Wijk C (WK999904)");
	assert_contains(h, "Geschat effect (verschil-in-verschillen): +3,00 procentpunt.");
	assert_contains(h, "Placebo-interval (5-95%): \xe2\x88\x92" "1,35 tot 1,35 procentpunt; 1 van de 4 gebieden");
	assert_contains(h, "<strong>Oordeel: beter dan vergelijkbare gebieden.</strong>");
	assert_contains(h, "Trend vóór de start: niet te toetsen (maar één periode vóór de start), en er is geen "
	                   "gedetailleerdere verwante reeks opgegeven om het op na te gaan.");
	assert_contains(h, "Tegen de rest van de gemeente (3 gebieden): +3,00 procentpunt (een puntschatting zonder "
	                   "interval, ter controle; het oordeel rust er niet op).");
	/* No structure named, no synthetic comparison: each said, with why. */
	assert_contains(h, "Structuur: niet meegewogen; de definitie van de interventie noemt geen kenmerken");
	assert_contains(h, "Synthetische vergelijking: niet berekend, want er zijn minder dan 3 perioden vóór de "
	                   "start (hier 1)");
	/* Charts inline, with a text alternative, and their data in tables. */
	assert_contains(h, "<svg role=\"img\" aria-label=\"Lijngrafiek van Spreiding in Doelwijk");
	assert_contains(h, "<svg role=\"img\" aria-label=\"Puntgrafiek: het geschatte effect in Doelwijk is 3,00");
	assert_contains(h, "<th scope=\"row\">2012</th><td>vóór de start</td><td class=\"num\">10,0</td>"
	                   "<td class=\"num\">10,0</td>");   /* comparison mean (10 + 12 + 8)/3 */
	assert_contains(h, "<th scope=\"row\">2020</th><td>na de start</td><td class=\"num\">14,0</td>"
	                   "<td class=\"num\">11,0</td>");   /* (11 + 14 + 8)/3 */
	/* Wijk A: distance 0, delta 1, placebo 0; Wijk B: 4, 2, 1.5. */
	assert_contains(h, "<th scope=\"row\">Wijk A</th><td>WK999902</td><td class=\"num\">0,00</td>"
	                   "<td class=\"num\">1,00</td><td class=\"num\">0,00</td>");
	assert_contains(h, "<th scope=\"row\">Wijk B</th><td>WK999903</td><td class=\"num\">4,00</td>"
	                   "<td class=\"num\">2,00</td><td class=\"num\">1,50</td>");
	/* The trend table's second column has a header (axe-core: empty-table-header). */
	assert_contains(h, "<thead><tr><th scope=\"col\">Periode</th><th scope=\"col\">Vóór of na de start</th>");
	assert_lacks(h, "<th scope=\"col\"></th>");
	/* Each chart twice, 800 wide and 340 for a phone (issue 20: 800 px shrunk to a 358 px screen
	 * made 11 px text 4.9 px), with one text alternative each; the stylesheet shows the narrow one
	 * on a screen narrower than the wide chart and main's padding of 1rem (16 px) on each side:
	 * 800 + 2 x 16 - 1.  Print (not a screen) keeps the wide one. */
	assert_int_equal(charts_of_width(h, "breed", 800), 2);
	assert_int_equal(charts_of_width(h, "smal", 340), 2);
	assert_int_equal(count_in(h, "aria-label=\"Lijngrafiek van Spreiding in Doelwijk"), 2);
	assert_int_equal(count_in(h, "aria-label=\"Puntgrafiek: het geschatte effect in Doelwijk is 3,00"), 2);
	assert_contains(h, "svg.chart.smal{display:none}");
	assert_contains(h, "@media screen and (max-width:831px){svg.chart.breed{display:none}"
	                   "svg.chart.smal{display:block}}");
	/* The narrow placebo chart names the target whole, above its dot. */
	assert_int_equal(count_in(h, ">Doelwijk (interventie)</text>"), 2);
	/* Four inline SVGs (two charts, wide and narrow), each id (a clip, where a chart has one) its own: no chart
	 * draws another's glyphs or clips with another's path. */
	int n_ids = 0;
	for (const char *id = strstr(h, " id=\""); id; id = strstr(id + 1, " id=\"")) {
		const char *svg = h, *open = NULL;
		while ((svg = strstr(svg, "<svg ")) != NULL && svg < id)
			open = svg++;
		if (!open || strstr(open, "</svg>") < id)
			continue; /* not in an inline chart */
		if (strncmp(id + 5, "c", 1) != 0 || id[6] < '1' || id[6] > '4' || id[7] != '-')
			fail_msg("an inline chart's id without its chart's prefix: %.40s", id);
		n_ids++;
	}
	print_message("%d ids in the inline charts, each prefixed\n", n_ids);
	assert_lacks(h, "id=\"glyph");
	assert_lacks(h, "&amp;ndash;");   /* a missing figure is a dash, not the escaped entity */
	/* Experiences beside the figures: only with consent, an example said so. */
	assert_contains(h, "Ervaringen uit Doelwijk over Sociale veerkracht");
	assert_contains(h, "<strong>[voorbeeld]</strong> <q>Sinds de buurtkamer ken ik mijn buren.</q>");
	assert_contains(h, "gemiddelde waardering 8,0 (1 waardering, schaal 1 tot 10)");
	assert_lacks(h, "zonder toestemming");
	assert_contains(h, "Bron: CBS, RIVM (CC BY 4.0); bewerking buurtpeil");
	free(h);
}

static void test_html_pretrend_and_analytic(void **state)
{
	(void)state;
	char *h = slurp(path_in("t-trend.html"));
	assert_contains(h, "+4,00 procentpunt");
	assert_contains(h, "Trend vóór de start: Doelwijk ontwikkelde zich 0,000 procentpunt per jaar anders dan de "
	                   "vergelijkingsgebieden; de trends zijn parallel.");
	assert_lacks(h, "Voorbeeld: dit is geen echt programma");   /* not an example (its experience is) */
	/* RIVM publishes margins that buurtpeil did not load: not "the source gives none". */
	assert_contains(h, "90%-interval uit de onzekerheid van de cijfers: niet bekend (een modelschatting; "
	                   "buurtpeil heeft geen marges van deze bron geladen).");
	assert_lacks(h, "de bron geeft geen marges");
	free(h);
	h = slurp(path_in("t-spread.html"));
	assert_contains(h, "niet bekend (een telling uit een registratie, zonder steekproefmarge).");
	free(h);
	h = slurp(path_in("t-ci.html"));
	assert_contains(h, "90%-interval uit de onzekerheid van de cijfers: 0,31 tot 5,69 procentpunt.");
	free(h);
}

static void test_pdf_text(void **state)
{
	(void)state;
	char *t = pdf_text(path_in("t-spread.pdf"));
	assert_contains(t, "Effectrapport: Test t-spread (voorbeeld)");
	assert_contains(t, "Voorbeeld: dit is geen echt programma");
	assert_contains(t, "Wijk A (WK999902), Wijk B (WK999903) en Wijk C (WK999904)");
	assert_contains(t, "+3,00 procentpunt");
	assert_contains(t, "\xe2\x88\x92" "1,35 tot 1,35 procentpunt");   /* U+2212 */
	assert_contains(t, "Oordeel: beter dan vergelijkbare gebieden.");
	assert_contains(t, "Trend vóór de start: niet te toetsen");
	assert_contains(t, "“Sinds de buurtkamer ken ik mijn buren.” (bewoner, citaat, 12 maart 2019, waardering 8, "
	                   "voorbeeld)");
	assert_lacks(t, "zonder toestemming");
	assert_contains(t, "Bron: CBS, RIVM (CC BY 4.0); bewerking buurtpeil");
	free(t);
	t = pdf_text(path_in("t-ci.pdf"));
	assert_contains(t, "0,31 tot 5,69 procentpunt");
	free(t);
}

static void test_overview(void **state)
{
	(void)state;
	char *h = slurp(path_in("index.html"));
	const char *ids[] = { "t-ci", "t-spread", "t-trend" };
	char buf[128];
	for (int i = 0; i < 3; i++) {
		snprintf(buf, sizeof(buf), "<a href=\"%s.html\">Test %s", ids[i], ids[i]);
		assert_contains(h, buf);
		snprintf(buf, sizeof(buf), "(<a href=\"%s.pdf\">pdf</a>)", ids[i]);
		assert_contains(h, buf);
		snprintf(buf, sizeof(buf), "Partner %s", ids[i]);
		assert_contains(h, buf);
	}
	assert_contains(h, "Test t-spread (voorbeeld)");
	/* A plural, never "interventie(s)" (issue 20). */
	assert_contains(h, "vergelijkbare gebieden? 3 interventies; per interventie");
	assert_lacks(h, "(s)");
	assert_contains(h, "<li>Spreiding in Doelwijk (beoogd omhoog): gestegen met 3,00 procentpunt ten opzichte van "
	                   "vergelijkbare gebieden. <strong>Oordeel: beter dan vergelijkbare gebieden</strong></li>");
	assert_contains(h, "<td>1 januari 2016 tot nu (loopt nog)</td>");
	/* The target area by the name bp.area gives it (inserted above), with its code. */
	assert_contains(h, "</th><td>Doelwijk (WK999901)</td>");
	free(h);
	char *t = pdf_text(path_in("overzicht.pdf"));
	for (int i = 0; i < 3; i++) {
		snprintf(buf, sizeof(buf), "Test %s", ids[i]);
		assert_contains(t, buf);
	}
	assert_contains(t, "gestegen met 4,00 procentpunt");
	assert_contains(t, "3 interventies.");
	free(t);
}

/*
 * The same reports in English (issue 20 item 7): <html lang="en">, the
 * estimates worked out at the top of this file in English notation in the
 * HTML, its SVG charts and the PDFs, and (tests/report/effect_english.py)
 * no Dutch fixed text on any page, chart or PDF.
 */
static void test_english(void **state)
{
	(void)state;
	char dir[256], a1[64], a2[64], want[512];
	bp_test_tmpdir(dir, sizeof(dir));
	bp_effect_options eo;
	bp_effect_options_default(&eo);
	eo.min_comparisons = 3;
	bp_effect_report_options ro = { .dir = dir, .indicators = all_inds, .interventions = all_ivs, .effect = &eo,
	                                .read_only = 1, .lang = BP_LANG_EN };
	bp_effect_report_result res;
	bp_error err = { 0 };
	if (bp_report_interventions(conn, &ro, &res, &err))
		fail_msg("report: %s (%s)", err.message, err.detail);
	assert_int_equal(res.reports, 3);
	bp_arena *a = bp_arena_new();

	/* t-spread: DiD 4 - (1 + 2 + 0)/3; placebos 0, 1.5, -1.5, their type-7 5 % and 95 % quantiles. */
	double did = 4.0 - (1.0 + 2.0 + 0.0) / 3.0;
	double pl[] = { -1.5, 0.0, 1.5 };
	double q05 = pl[0] + 0.1 * (pl[1] - pl[0]), q95 = pl[1] + 0.9 * (pl[2] - pl[1]);
	char *h = slurp(bp_arena_printf(a, "%s/t-spread.html", dir));
	assert_contains(h, "<html lang=\"en\">");
	snprintf(want, sizeof(want), "Estimated effect (difference-in-differences): %s percentage points.",
	         english_num(a1, sizeof(a1), did, 2, 1));
	assert_contains(h, want);
	snprintf(want, sizeof(want), "Placebo interval (5-95%%): %s to %s percentage points; 1 of the 4 areas",
	         english_num(a1, sizeof(a1), q05, 2, 0), english_num(a2, sizeof(a2), q95, 2, 0));
	assert_contains(h, want);
	assert_contains(h, "<strong>Verdict: better than similar areas.</strong>");
	/* the second reference is a point estimate: the line says it has no interval and carries no verdict */
	assert_contains(h, "Against the rest of the municipality (3 areas): ");
	assert_contains(h, " (a point estimate without an interval, as a check; the verdict does not rest on it).");
	assert_contains(h, "Wijk A (WK999902), Wijk B (WK999903) and Wijk C (WK999904)");
	assert_contains(h, "<dt>Start</dt><dd>1 January 2016</dd>");
	/* The trend table: T 10 against the comparison mean (10 + 12 + 8)/3, the difference. */
	snprintf(want, sizeof(want), "<th scope=\"row\">2012</th><td>before the start</td><td class=\"num\">%s</td>"
	         "<td class=\"num\">%s</td>", english_num(a1, sizeof(a1), 10, 1, 0),
	         english_num(a2, sizeof(a2), (10.0 + 12.0 + 8.0) / 3.0, 1, 0));
	assert_contains(h, want);
	/* The placebo chart's own text (SVG <text>): the estimate with a decimal point. */
	snprintf(want, sizeof(want), ">%s</text>", english_num(a1, sizeof(a1), did, 2, 0));
	assert_contains(h, want);
	snprintf(want, sizeof(want), ">%s</text>", english_num(a1, sizeof(a1), pl[0], 2, 0));   /* Wijk C's placebo */
	assert_contains(h, want);
	assert_int_equal(count_in(h, ">Doelwijk (intervention)</text>"), 2);   /* wide and narrow */
	assert_contains(h, "<thead><tr><th scope=\"col\">Period</th><th scope=\"col\">Before or after the start</th>");
	assert_contains(h, ">Start 1 January 2016</text>");
	/* why the figures have no interval, in English words (engine/interval_basis.c), never the Dutch */
	assert_contains(h, "90% interval from the uncertainty of the figures: not known (a count from a register, "
	                   "without sampling error).");
	assert_lacks(h, "steekproefmarge");
	free(h);

	/* t-ci: the 90 % interval from the values' own uncertainty, 3 -/+ 1.644854 x sqrt(8/3). */
	double half = 1.6448536269514722 * sqrt(8.0 / 3.0);
	h = slurp(bp_arena_printf(a, "%s/t-ci.html", dir));
	snprintf(want, sizeof(want), "90%% interval from the uncertainty of the figures: %s to %s percentage points.",
	         english_num(a1, sizeof(a1), 3 - half, 2, 0), english_num(a2, sizeof(a2), 3 + half, 2, 0));
	assert_contains(h, want);
	free(h);
	char *t = pdf_text(bp_arena_printf(a, "%s/t-ci.pdf", dir));
	snprintf(want, sizeof(want), "%s to %s percentage points", english_num(a1, sizeof(a1), 3 - half, 2, 0),
	         english_num(a2, sizeof(a2), 3 + half, 2, 0));
	assert_contains(t, want);
	free(t);
	t = pdf_text(bp_arena_printf(a, "%s/t-spread.pdf", dir));
	snprintf(want, sizeof(want), "%s to %s percentage points", english_num(a1, sizeof(a1), q05, 2, 0),
	         english_num(a2, sizeof(a2), q95, 2, 0));
	assert_contains(t, want);
	assert_contains(t, "Verdict: better than similar areas.");
	assert_contains(t, "without sampling error");
	free(t);
	h = slurp(bp_arena_printf(a, "%s/index.html", dir));
	assert_contains(h, "<html lang=\"en\">");
	snprintf(want, sizeof(want), "<li>Spread in Doelwijk (aim: up): risen by %s percentage points relative to "
	         "similar areas. <strong>Verdict: better than similar areas</strong></li>",
	         english_num(a1, sizeof(a1), did, 2, 0));
	assert_contains(h, want);
	assert_contains(h, "3 interventions;");
	free(h);

	/* No Dutch fixed text anywhere: every catalogue msgid's pieces and the reports' own Dutch words. */
	const char *src = getenv("BP_SOURCE_ROOT");
	assert_non_null(src);
	char cmd[900];
	snprintf(cmd, sizeof(cmd), "python3 '%s/tests/report/effect_english.py' '%s' '%s'", src, src, dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(bp_effect_reports_lang(dir), BP_LANG_EN);
	bp_test_rmtree(dir);
	bp_arena_free(a);
}

/* publish_effects: off unless set; the site gets the effect reports only when on. */
static void test_publishing(void **state)
{
	(void)state;
	char dir[256], cfgpath[300];
	bp_test_tmpdir(dir, sizeof(dir));
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	bp_monitor_config cfg;
	snprintf(cfgpath, sizeof(cfgpath), "%s/m.yaml", dir);
	const char *plain = "gemeenten: [GM9999]\nsources:\n  - {type: statline-csv, file: x.csv}\n";
	assert_int_equal(bp_file_write_atomic(cfgpath, plain, strlen(plain), &err), BP_OK);
	if (bp_monitor_config_load(cfgpath, a, &cfg, &err))
		fail_msg("%s", err.message);
	assert_null(cfg.interventions_dir);
	assert_int_equal(cfg.publish_effects, 0);
	const char *with = "gemeenten: [GM9999]\nsources:\n  - {type: statline-csv, file: x.csv}\n"
	                   "interventions: ../iv\npublish_effects: true\n";
	assert_int_equal(bp_file_write_atomic(cfgpath, with, strlen(with), &err), BP_OK);
	assert_int_equal(bp_monitor_config_load(cfgpath, a, &cfg, &err), BP_OK);
	assert_string_equal(cfg.interventions_dir, bp_arena_printf(a, "%s/../iv", dir));
	assert_int_equal(cfg.publish_effects, 1);

	/* The workgroup's index links the overview when given; without, not. */
	const char *gm[] = { "GM9999" };
	bp_report_result rr = { 0 };
	bp_report_options ro = { .output_dir = dir };
	assert_int_equal(bp_report_index(conn, &ro, gm, 1, &rr, &err), BP_OK);
	char *h = slurp(bp_arena_printf(a, "%s/index.html", dir));
	assert_lacks(h, "interventions/");
	free(h);
	ro.effects_href = "interventions/index.html";
	assert_int_equal(bp_report_index(conn, &ro, gm, 1, &rr, &err), BP_OK);
	h = slurp(bp_arena_printf(a, "%s/index.html", dir));
	assert_contains(h, "<a href=\"interventions/index.html\">Interventies en hun effecten</a>");
	free(h);
	/* In English the reports are English too (a run writes both in its lang): no "(Dutch)". */
	ro.lang = BP_LANG_EN;
	assert_int_equal(bp_report_index(conn, &ro, gm, 1, &rr, &err), BP_OK);
	h = slurp(bp_arena_printf(a, "%s/index.html", dir));
	assert_contains(h, "<a href=\"interventions/index.html\">Interventions and their effects</a>");
	assert_lacks(h, "effects (Dutch)");
	free(h);
	/* The site's link says "in Dutch" by the language the copied reports were written in. */
	assert_int_equal(bp_effect_reports_lang(out), BP_LANG_NL);
	assert_int_equal(bp_effect_reports_lang(bp_arena_printf(a, "%s/nope", dir)), BP_LANG_NL);

	/* The site's copy: every page and PDF and their downloads, nothing else (the site's staging
	 * folder is rebuilt whole, so "off" is simply not copying). */
	const char *site = bp_arena_printf(a, "%s/site/interventions", dir);
	struct stat st;
	assert_int_equal(bp_effect_reports_copy(out, site, &err), BP_OK);
	const char *files[] = { "t-ci.html", "t-ci.pdf", "t-spread.html", "t-spread.pdf", "t-trend.html",
	                        "t-trend.pdf", "index.html", "overzicht.pdf" };
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(stat(bp_arena_printf(a, "%s/%s", site, files[i]), &st), 0);
	h = slurp(bp_arena_printf(a, "%s/t-spread.html", site));
	assert_contains(h, "Wijk A (WK999902)");
	/* ... with the downloads of its tables beside them (report/downloads.h) */
	assert_contains(h, "<p class=\"download\">Deze tabel downloaden: <a href=\"data/t-spread-1.csv\" download>CSV</a>");
	free(h);
	const char *downloads[] = { "data/t-spread-1.csv", "data/t-spread.xlsx", "data/index-1.csv", "data/index.xlsx" };
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(stat(bp_arena_printf(a, "%s/%s", site, downloads[i]), &st), 0);
	/* A missing reports folder is an error naming it, not an empty site section. */
	assert_int_equal(bp_effect_reports_copy(bp_arena_printf(a, "%s/nope", dir), site, &err), BP_ERR_IO);
	assert_non_null(strstr(err.where, "/nope"));
	bp_test_rmtree(dir);
	bp_arena_free(a);
}

/*
 * One intervention (YAML text) on one indicator (id, title: a percentage
 * with a favourable side), reported into a new folder dir (bp_test_tmpdir);
 * the HTML report's text returned (free it).
 */
static char *report_one_lang(bp_arena *a, const char *yaml, const char *ind, const char *title, char *dir, size_t size,
                             bp_lang lang)
{
	bp_intervention iv;
	bp_error err = { 0 };
	if (bp_intervention_load_string("test.yaml", yaml, a, &iv, &err))
		fail_msg("%ld:%ld: %s", err.line, err.column, err.message);
	bp_intervention_set set = { &iv, 1 };
	/* With the structure and the related series of test_html_balance (sorted by id). */
	bp_indicator_def defs[] = {
		{ .id = "rel", .title_nl = "Verwant", .title_en = "Related", .theme = "demografie", .unit = "%",
		  .decimals = 1, .source = "Testbron jaarcijfers", .kind = BP_KIND_RATIO },
		{ .id = ind, .title_nl = title, .title_en = ind, .theme = "sociale-veerkracht", .unit = "%",
		  .decimals = 1, .polarity = BP_POLARITY_HIGHER_IS_BETTER, .kind = BP_KIND_RATIO },
		{ .id = "struct", .title_nl = "Structuur", .title_en = "Age mix", .theme = "demografie", .unit = "%",
		  .decimals = 0, .source = "Testbron", .kind = BP_KIND_RATIO },
	};
	bp_indicator_set inds = { defs, 3 };
	bp_test_tmpdir(dir, size);
	bp_effect_options eo;
	bp_effect_options_default(&eo);
	eo.min_comparisons = 3;
	/* English: read only, the Dutch run stored the registry already. */
	bp_effect_report_options ro = { .dir = dir, .indicators = &inds, .interventions = &set, .effect = &eo,
	                                .lang = lang, .read_only = lang == BP_LANG_EN };
	bp_effect_report_result res;
	if (bp_report_interventions(conn, &ro, &res, &err))
		fail_msg("report: %s (%s)", err.message, err.detail);
	char path[512];
	snprintf(path, sizeof(path), "%s/%s.html", dir, iv.id);
	return slurp(path);
}

static char *report_one(bp_arena *a, const char *yaml, const char *ind, const char *title, char *dir, size_t size)
{
	return report_one_lang(a, yaml, ind, title, dir, size, BP_LANG_NL);
}

/*
 * Matched on structure (match_on): the balance table and its sentence, in
 * HTML and PDF.  Structure "struct" at the start (2012): T 30, A 50, B 31,
 * C 30: pool mean 37, SD √127 (sample), (30 - 37)/√127 = -0,62; all three
 * candidates are chosen (k = 10), so after matching -0,62 too: 0,25 or
 * more, not balanced.
 * The indicator has one period before the start, so the trends are checked
 * on pretrend_series "rel" (yearly, 2013-2015): T 10, 11, 12 (slope 1 a
 * year), A 5, 5.5, 6, B 7, 7.5, 8, C 9, 9.5, 10 (slope 0.5): difference
 * +0,500 a year; the estimate's periods are 2012 and 2020, 8 years apart;
 * SD in 2015 over the four wijken {12, 6, 8, 10}: mean 9, √(20/3) = 2.582;
 * 0.5 x 8 / 2.582 = 1.549 -> "+1,55": not comparable, so the verdict that
 * "spread" alone gets (better: 3 outside the band [-1,35, 1,35]) becomes
 * "geen verschil aantoonbaar".  Last: it stores a registry of its own.
 */
static void test_html_balance(void **state)
{
	(void)state;
	static const char *const p1[] = { "2012" };
	static const char *const p3[] = { "2013", "2014", "2015" };
	const double st[] = { 30, 50, 31, 30 };
	const double rel[] = { 10, 11, 12, 5, 5.5, 6, 7, 7.5, 8, 9, 9.5, 10 };
	series("struct", p1, 1, st, -1);
	series("rel", p3, 3, rel, -1);
	bp_arena *a = bp_arena_new();
	char dir[256], path[512];
	char *h = report_one(a, "id: t-match\nname: Test t-match\ntheme: sociale-veerkracht\nareas: [WK999901]\n"
	                        "start: 2016-01-01\nindicators:\n  - {id: spread, direction: up, pretrend_series: rel}\n"
	                        "partner: Partner\nmatch_on: [struct]\n", "spread", "Spreiding", dir, sizeof(dir));
	const char *sentence = "Structuur: de vergelijkingsgebieden verschillen van Doelwijk in Structuur "
	                       "(\xe2\x88\x92" "0,62): een gestandaardiseerd verschil van 0,25 of meer";
	const char *trend = "nagegaan op de verwante reeks “Verwant” (Testbron jaarcijfers), 3 jaren 2013-2015 in "
	                    "indeling 2024: Doelwijk ontwikkelde zich daarop +0,500 procentpunt per jaar anders dan "
	                    "het gemiddelde van 3 vergelijkingsgebieden. Doorgetrokken tot de perioden na de start is "
	                    "dat +1,55 standaarddeviatie; de trends zijn niet vergelijkbaar (0,25 of meer)";
	assert_contains(h, sentence);
	assert_contains(h, "Bron van de kenmerken: Structuur: Testbron, cijfers van 2012, indeling 2024.");
	assert_contains(h, "<th scope=\"row\">Structuur, in % (2012)</th>"
	                   "<td class=\"num\">30</td><td class=\"num\">37</td><td class=\"num\">37</td>"
	                   "<td class=\"num\">\xe2\x88\x92" "0,62</td><td class=\"num\">\xe2\x88\x92" "0,62</td></tr>");
	assert_contains(h, trend);
	assert_contains(h, "<strong>Oordeel: geen verschil aantoonbaar.</strong>");
	assert_contains(h, "(de trends vóór de start liepen in de verwante reeks rel niet gelijk op)");
	free(h);
	snprintf(path, sizeof(path), "%s/t-match.pdf", dir);
	char *t = pdf_text(path);
	assert_contains(t, sentence);
	assert_contains(t, trend);
	assert_contains(t, "Structuur, in % (2012)");
	assert_contains(t, "Bron van de kenmerken: Structuur: Testbron, cijfers van 2012, indeling 2024.");
	assert_contains(t, "Verschil vóór");
	free(t);
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM bp.intervention_effect_balance "
	                                         "WHERE intervention_id = 't-match'"), "1");
	bp_test_rmtree(dir);

	/* The same in English: the numbers above worked out again, in English notation. */
	char a1[64], a2[64], want[600];
	double sd = sqrt(((50 - 37.0) * (50 - 37.0) + (31 - 37.0) * (31 - 37.0) + (30 - 37.0) * (30 - 37.0)) / 2);
	double drift = 0.5 * 8 / sqrt(20.0 / 3.0);
	h = report_one_lang(a, "id: t-match\nname: Test t-match\ntheme: sociale-veerkracht\nareas: [WK999901]\n"
	                       "start: 2016-01-01\nindicators:\n  - {id: spread, direction: up, pretrend_series: rel}\n"
	                       "partner: Partner\nmatch_on: [struct]\n", "spread", "Spreiding", dir, sizeof(dir),
	                    BP_LANG_EN);
	snprintf(want, sizeof(want), "Structure: the comparison areas differ from Doelwijk in Age mix (%s): a "
	         "standardised difference of 0.25 or more", english_num(a1, sizeof(a1), (30 - 37.0) / sd, 2, 1));
	assert_contains(h, want);
	snprintf(want, sizeof(want), "checked on the related series “Related” (Testbron jaarcijfers), 3 years 2013-2015 "
	         "in classification 2024: Doelwijk developed %s percentage points per year differently from the mean "
	         "of 3 comparison areas. Extended to the periods after the start, that is %s standard deviations; the "
	         "trends are not comparable (0.25 or more)", english_num(a1, sizeof(a1), 0.5, 3, 1),
	         english_num(a2, sizeof(a2), drift, 2, 1));
	assert_contains(h, want);
	assert_contains(h, "Source of the characteristics: Age mix: Testbron, figures of 2012, classification 2024.");
	assert_contains(h, "<strong>Verdict: no demonstrable difference.</strong>");
	assert_contains(h, "(the trends before the start did not run in parallel in the related series rel)");
	free(h);
	char cmd[900];
	snprintf(cmd, sizeof(cmd), "python3 '%s/tests/report/effect_english.py' '%s' '%s' 'Test t-match' Partner "
	         "Testbron", getenv("BP_SOURCE_ROOT"), getenv("BP_SOURCE_ROOT"), dir);
	assert_int_equal(system(cmd), 0);
	bp_test_rmtree(dir);
	bp_arena_free(a);
}

/*
 * Two comparison areas named "Centrum", in Gem Een and Gem Twee (as Oss's
 * and Hilversum's): the placebo chart and the tables name each with its
 * gemeente; "Noord", named once, stays as it is.
 */
static void test_ambiguous_names(void **state)
{
	(void)state;
	exec_ok("INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) VALUES "
	        "('GM9997', 2024, 'gemeente', 'Gem Een', 'NL00', 'GM9997'), "
	        "('GM9996', 2024, 'gemeente', 'Gem Twee', 'NL00', 'GM9996'), "
	        "('WK999701', 2024, 'wijk', 'Doel twee', 'GM9997', 'GM9997'), "
	        "('WK999702', 2024, 'wijk', 'Centrum', 'GM9997', 'GM9997'), "
	        "('WK999601', 2024, 'wijk', 'Centrum', 'GM9996', 'GM9996'), "
	        "('WK999602', 2024, 'wijk', 'Noord', 'GM9996', 'GM9996')");
	indicator("namen");
	exec_ok("INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, definition_hash, "
	        "gemeente_code) VALUES ('namen', 'WK999701', 2024, '2012', 10, 'h', 'GM9997'), "
	        "('namen', 'WK999701', 2024, '2020', 14, 'h', 'GM9997'), "
	        "('namen', 'WK999702', 2024, '2012', 10, 'h', 'GM9997'), ('namen', 'WK999702', 2024, '2020', 11, 'h', 'GM9997'), "
	        "('namen', 'WK999601', 2024, '2012', 11, 'h', 'GM9996'), ('namen', 'WK999601', 2024, '2020', 12, 'h', 'GM9996'), "
	        "('namen', 'WK999602', 2024, '2012', 9, 'h', 'GM9996'), ('namen', 'WK999602', 2024, '2020', 10, 'h', 'GM9996')");
	bp_arena *a = bp_arena_new();
	char dir[256], path[512];
	char *h = report_one(a, "id: t-namen\nname: Test t-namen\ntheme: sociale-veerkracht\nareas: [WK999701]\n"
	                        "start: 2016-01-01\nindicators:\n  - {id: namen, direction: up}\npartner: Partner\n",
	                        "namen", "Namen", dir, sizeof(dir));
	assert_contains(h, "<th scope=\"row\">Centrum (Gem Een)</th><td>WK999702</td>");
	assert_contains(h, "<th scope=\"row\">Centrum (Gem Twee)</th><td>WK999601</td>");
	assert_contains(h, "<th scope=\"row\">Noord</th><td>WK999602</td>");
	free(h);
	snprintf(path, sizeof(path), "%s/t-namen.pdf", dir);
	char *t = pdf_text(path);
	assert_contains(t, "Centrum (Gem Een)");
	assert_contains(t, "Centrum (Gem Twee)");
	free(t);
	bp_test_rmtree(dir);
	bp_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_and_store),
		cmocka_unit_test(test_html_spread),
		cmocka_unit_test(test_html_pretrend_and_analytic),
		cmocka_unit_test(test_pdf_text),
		cmocka_unit_test(test_overview),
		cmocka_unit_test(test_publishing),
		cmocka_unit_test(test_html_balance),
		cmocka_unit_test(test_ambiguous_names),
		cmocka_unit_test(test_english),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
