/*
 * test_mapchart: the figures behind the report maps and age structures
 * (report/mapchart.c) on a real PostgreSQL: the KWB 2024 fixture of Oss and
 * Hilversum imported with the StatLine importer, the PDOK wijken 2024 of
 * both imported with the GeoJSON importer, the RIVM 50090NED dump (2012,
 * 2016, 2020), indicators/aandeel_65_plus.yaml and eenzaamheid.yaml
 * computed.  Expected numbers come from the fixture's rows (quoted where used).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "engine/compute.h"
#include "engine/indicator_def.h"
#include "import/cbsdump.h"
#include "report/cite.h"
#include "import/geojson.h"
#include "import/statline_csv.h"
#include "report/mapchart.h"
#include "report/ranking.h"
#include "pgtest.h"

#define FIXTURE "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"
#define BORDERS "geo/wijken_2024_oss_hilversum.geojson"

static bp_testdb tdb;
static PGconn *conn;
static bp_arena *defs;
static bp_indicator_def def65, defeenzaam;

static void print_err(const char *what, const bp_error *err)
{
	char buf[4 * BP_ERROR_TEXT];
	bp_error_format(err, buf, sizeof(buf));
	fprintf(stderr, "%s: %s\n", what, buf);
}

static void assert_near(double got, double want, const char *what)
{
	if (!(fabs(got - want) < 1e-9))
		fail_msg("%s: got %.17g, want %.17g", what, got, want);
}

static int group_setup(void **state)
{
	(void)state;
	bp_error err = { 0 };
	if (bp_testdb_start(&tdb))
		return -1;
	conn = tdb.db.conn;
	bp_statline_options so = { .path = bp_test_fixture(FIXTURE) };
	bp_import_result ir;
	if (bp_import_statline_csv(conn, &so, &ir, &err)) {
		print_err("import", &err);
		return -1;
	}
	bp_geojson_options go = { .path = bp_test_fixture(BORDERS), .year = 2024, .level = -1 };
	bp_geojson_result gr;
	if (bp_import_geojson(conn, &go, &gr, &err)) {
		print_err("borders", &err);
		return -1;
	}
	bp_import_result dr;
	if (bp_import_cbs_dump(conn, bp_test_fixture("rivm-50090NED"), &dr, &err)) {
		print_err("rivm", &err);
		return -1;
	}
	defs = bp_arena_new();
	char path[1024];
	const char *root = getenv("BP_SOURCE_ROOT");
	snprintf(path, sizeof(path), "%s/indicators/aandeel_65_plus.yaml", root ? root : ".");
	if (bp_indicator_load_file(path, defs, &def65, &err)) {
		print_err("definition", &err);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/indicators/eenzaamheid.yaml", root ? root : ".");
	if (bp_indicator_load_file(path, defs, &defeenzaam, &err)) {
		print_err("definition", &err);
		return -1;
	}
	bp_indicator_def *both = bp_arena_alloc(defs, 2 * sizeof(*both));
	both[0] = def65;
	both[1] = defeenzaam;
	bp_indicator_set set = { both, 2 };
	bp_compute_result cr;
	if (bp_compute_indicators(conn, &set, 1, &cr, &err)) {
		print_err("compute", &err);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	bp_arena_free(defs);
	bp_testdb_stop(&tdb);
	return 0;
}

/* Oss has 23 wijken, all with a border in the fixture (32 features: 23 Oss + 9 Hilversum). */
static void test_map_oss(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	bp_ranking r;
	assert_int_equal(bp_ranking_load(conn, &def65, "GM0828", "wijk", NULL, a, &r, &err), BP_OK);
	bp_report_map m;
	if (bp_report_map_build(conn, &r, "WK082801", a, &m, &err)) {
		print_err("map", &err);
		fail();
	}
	assert_int_equal(m.chart.n_areas, 23);
	assert_int_equal(m.n_without_border, 0);
	int highlighted = 0;
	for (size_t i = 0; i < m.chart.n_areas; i++) {
		const bp_map_area *ar = &m.chart.areas[i];
		const bp_ranking_row *row = &r.rows[m.row_of[i]];
		assert_string_equal(ar->code, row->code);
		assert_true(ar->wkb_len > 9);
		assert_int_equal(ar->wkb[0], 1);   /* little-endian WKB, as the importer stores it */
		highlighted += ar->highlight;
		if (strcmp(ar->code, "WK082801") == 0) {
			assert_true(ar->highlight);
			assert_int_equal(ar->status, BP_MAP_VALUE);
			/* Schadewijk: 1890 of 10575 inhabitants are 65 or over */
			assert_near(ar->value, 1890.0 / 10575 * 100, "Schadewijk 65+");
		}
	}
	assert_int_equal(highlighted, 1);
	assert_int_equal(m.chart.polarity, BP_MAP_NEUTRAL);   /* aandeel_65_plus is neutral */
	assert_string_equal(m.chart.subtitle, "Wijken van Oss, 2024");
	assert_non_null(strstr(m.alt, "Schadewijk is dik omlijnd"));
	/* and it draws: every border parses */
	bp_choropleth_layout lay;
	assert_int_equal(bp_choropleth_compute_layout(&m.chart, a, &lay, &err), BP_OK);
	assert_true(lay.highlighted >= 0);
	assert_string_equal(m.chart.areas[lay.highlighted].code, "WK082801");
	bp_arena_free(a);
}

/* No buurt borders are imported: the map says so, with a hint. */
static void test_map_without_borders(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	bp_ranking r;
	assert_int_equal(bp_ranking_load(conn, &def65, "GM0828", "buurt", NULL, a, &r, &err), BP_OK);
	assert_true(r.n_rows > 0);
	bp_report_map m;
	assert_int_equal(bp_report_map_build(conn, &r, NULL, a, &m, &err), BP_ERR_NOT_FOUND);
	assert_non_null(strstr(err.hint, "buurtpeil import geojson"));
	bp_arena_free(a);
}

/*
 * The fixture's rows: total, 0-15, 15-25, 25-45, 45-65, 65+
 *   WK082801 Schadewijk 10575 1570 1205 3105 2805 1890
 *   GM0828   Oss        94634 13763 10947 23594 26561 19769
 *   NL00                17942942 2714040 2202159 4586399 4763116 3677228
 */
static void test_ages(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	bp_report_ages g;
	assert_int_equal(bp_report_ages_build(conn, "WK082801", "Schadewijk", 2024, "GM0828", "Oss", "Bron: CBS",
	                                      a, &g, &err), BP_OK);
	assert_true(g.found);
	assert_string_equal(g.period, "2024");
	const double rows[3][6] = {
		{ 10575, 1570, 1205, 3105, 2805, 1890 },
		{ 94634, 13763, 10947, 23594, 26561, 19769 },
		{ 17942942, 2714040, 2202159, 4586399, 4763116, 3677228 },
	};
	for (int s = 0; s < 3; s++)
		for (int k = 0; k < 5; k++)
			assert_near(g.share[s][k], 100 * rows[s][k + 1] / rows[s][0], "age share");
	assert_string_equal(g.chart.refs[0].label, "Oss");
	/* the largest difference from Oss is 25-45: 29,4% against 24,9% */
	assert_non_null(strstr(g.alt, "25 tot 45 jaar, 29,4% tegen 24,9%"));
	bp_html b;
	bp_html_init(&b);
	bp_report_ages_table(&g, &b);
	assert_non_null(strstr(b.buf.data, "<th scope=\"row\">65 jaar of ouder</th><td class=\"num\">17,9</td>"
	                               "<td class=\"num\">20,9</td><td class=\"num\">20,5</td>"));
	bp_html_release(&b);
	/* Issue 16: the chart cites the table of its counts in its period, not
	 * every source of the gemeente (the RIVM dump is loaded for Oss too). */
	assert_string_equal(g.source_line, "Bron: CBS, Kerncijfers wijken en buurten 2024 (85984NED), 2024, CC BY 4.0; "
	                                   "bewerking buurtpeil");
	assert_ptr_equal(g.chart.source, g.source_line);

	/* An area without counts (a custom area has none): no chart, no error. */
	assert_int_equal(bp_report_ages_build(conn, "CUnergens", "Nergens", 2024, "GM0828", "Oss", "Bron: CBS", a, &g,
	                                      &err), BP_OK);
	assert_false(g.found);
	bp_arena_free(a);
}

/*
 * Which sources fed which indicator in which period, for Oss: % 65+ from KWB
 * 2024 (the StatLine CSV), loneliness from RIVM 50090NED in 2012, 2016 and
 * 2020.  A chart of both names each table with its own period, and its
 * subtitle the two periods with their publishers.
 */
static void test_cite_index(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	const bp_indicator_def *both[2] = { &def65, &defeenzaam };
	bp_cite_index ix;
	assert_int_equal(bp_cite_index_load(conn, "GM0828", both, 2, BP_LANG_NL, a, &ix, &err), BP_OK);
	int n65 = 0, nrivm = 0;
	for (size_t u = 0; u < ix.n_uses; u++) {
		const bp_cite_use *x = &ix.uses[u];
		if (x->def == 0) {
			n65++;
			assert_string_equal(x->period, "2024");
			assert_non_null(strstr(x->src->head, "(85984NED)"));
		} else if (strstr(x->src->head, "(50090NED)")) {
			nrivm++;
			assert_string_equal(x->src->publisher, "RIVM");
		} else {
			/* the base (inhabitants 18+, for custom areas) is KWB's, in its own period only */
			assert_string_equal(x->period, "2024");
		}
	}
	assert_int_equal(n65, 1);    /* two variables of one table, cited once */
	assert_int_equal(nrivm, 3);  /* 2012, 2016, 2020 */

	bp_cite c;
	bp_cite_init(&c, &ix, a);
	bp_cite_def(&c, &def65, "2024");
	assert_string_equal(bp_cite_line(&c), "Bron: CBS, Kerncijfers wijken en buurten 2024 (85984NED), 2024, CC BY 4.0; "
	                                      "bewerking buurtpeil");
	assert_string_equal(bp_cite_periods(&c), "2024");
	bp_cite_def(&c, &defeenzaam, "2020");
	/* RIVM's figures are model estimates: the citation says so (a chart seen alone) */
	assert_non_null(strstr(bp_cite_sources(&c), "(50090NED), modelschatting, 2020, CC BY 4.0"));
	assert_null(strstr(bp_cite_sources(&c), "(85984NED), modelschatting"));
	assert_string_equal(bp_cite_periods(&c), "2020 (RIVM) en 2024 (CBS)");
	/* the periods of a trend of loneliness: the table once, its periods listed */
	bp_cite_init(&c, &ix, a);
	bp_cite_def(&c, &defeenzaam, "2020");
	bp_cite_def(&c, &defeenzaam, "2012");
	bp_cite_def(&c, &defeenzaam, "2016");
	assert_non_null(strstr(bp_cite_sources(&c), "(50090NED), modelschatting, 2012, 2016 en 2020, CC BY 4.0"));
	c.lang = BP_LANG_EN;
	assert_non_null(strstr(bp_cite_line(&c), "(50090NED), model estimate, 2012, 2016 and 2020, CC BY 4.0"));
	c.lang = BP_LANG_NL;
	assert_string_equal(bp_cite_periods(&c), "2012, 2016 en 2020");
	/* a period without observations: the definition's own source text */
	bp_cite_init(&c, &ix, a);
	bp_cite_def(&c, &def65, "1999");
	assert_string_equal(bp_cite_sources(&c), "CBS Kerncijfers Wijken en Buurten, 1999");
	bp_arena_free(a);
}

/* A ranking's sources from the gemeente's one read (bp_ranking_cites) against its own statement. */
static const char *ranking_sources(const bp_indicator_def *d, const char *gemeente, const char *period,
                                   bp_ranking_cites *cites, bp_arena *a)
{
	bp_ranking r;
	bp_error err = { 0 };
	if (bp_ranking_load_cited(conn, d, gemeente, "wijk", period, BP_LANG_NL, cites, a, &r, &err)) {
		print_err("ranking", &err);
		fail();
	}
	return r.sources;
}

/* The sources of the rankings of a gemeente page, read once per gemeente: the same citation as each ranking's
 * own statement, and as test_cite_index reads them from bp.source: KWB's two variables of aandeel_65_plus one
 * table, cited once; RIVM's loneliness in each of its periods as a model estimate, without KWB's base
 * (inhabitants 18+, loaded for 2024 only).  Loneliness has two vintages of one table here, with titles of their
 * own (tests/fixtures/rivm-50090NED-vintage, CONSTRUCTED, loaded by this test: it runs last): the first with
 * 2012, 2016 and 2020, the second with 2020 again and 2022, all in the 2020 indeling.  So a period's citation
 * is the newest vintage that has the period, and only that one: a read that ignored the period would cite the
 * second vintage for 2012 (the newest of the table in that indeling), one without the same-table check both
 * vintages for 2020. */
static void test_ranking_cites(void **state)
{
	(void)state;
	bp_error err = { 0 };
	bp_import_result dr;
	if (bp_import_cbs_dump(conn, bp_test_fixture("rivm-50090NED-vintage"), &dr, &err)) {
		print_err("second vintage", &err);
		fail();
	}
	bp_indicator_set set = { &defeenzaam, 1 };
	bp_compute_result cr;
	if (bp_compute_indicators(conn, &set, 1, &cr, &err)) {
		print_err("compute", &err);
		fail();
	}
	static const char first[] = "RIVM, Gezondheid per wijk en buurt; 2012/2016/2020 (indeling 2020) (50090NED)";
	static const char second[] = "RIVM, Gezondheid per wijk en buurt; 2020/2022 (indeling 2020), CONSTRUCTED "
	                             "(50090NED)";
	bp_arena *a = bp_arena_new();
	const bp_indicator_def *both[2] = { &def65, &defeenzaam };
	const char *gemeenten[] = { "GM0828", "GM0402" };
	for (size_t g = 0; g < 2; g++) {
		bp_ranking_cites *cites = bp_ranking_cites_new(gemeenten[g], both, 2, BP_LANG_NL);
		bp_ranking_cites *other = bp_ranking_cites_new(gemeenten[1 - g], both, 2, BP_LANG_NL);
		bp_ranking_cites *only65 = bp_ranking_cites_new(gemeenten[g], both, 1, BP_LANG_NL);
		const char *s65 = ranking_sources(&def65, gemeenten[g], NULL, cites, a);
		assert_string_equal(s65, "CBS, Kerncijfers wijken en buurten 2024 (85984NED), 2024, CC BY 4.0");
		assert_string_equal(s65, ranking_sources(&def65, gemeenten[g], NULL, NULL, a));
		assert_string_equal(s65, ranking_sources(&def65, gemeenten[g], NULL, other, a));
		const char *periods[] = { "2012", "2016", "2020", "2022" };
		for (size_t k = 0; k < 4; k++) {
			const char *s = ranking_sources(&defeenzaam, gemeenten[g], periods[k], cites, a);
			char want[256];
			snprintf(want, sizeof(want), "%s, modelschatting, %s, CC BY 4.0", k < 2 ? first : second, periods[k]);
			if (strncmp(s, want, strlen(want)) != 0 || strstr(s, k < 2 ? second : first))
				fail_msg("%s %s: '%s', want '%s' and no other vintage", gemeenten[g], periods[k], s, want);
			assert_null(strstr(s, "85984NED"));
			assert_string_equal(s, ranking_sources(&defeenzaam, gemeenten[g], periods[k], NULL, a));
			/* a cites without loneliness's variables: the ranking's own statement, the same citation */
			assert_string_equal(s, ranking_sources(&defeenzaam, gemeenten[g], periods[k], only65, a));
		}
		bp_ranking_cites_free(cites);
		bp_ranking_cites_free(other);
		bp_ranking_cites_free(only65);
	}
	bp_arena_free(a);
}

/* A gemeente-page section of one layout entry for GM0402 into b, files under dir; sources it cites. */
typedef bp_rc (*section_fn)(PGconn *, const bp_report_options *, const bp_layout_chart *, const char *, bp_arena *,
                            bp_html *, const char **, bp_report_result *, bp_error *);
static const char *section(section_fn fn, const bp_layout_chart *lc, const char *dir, bp_arena *a, bp_html *b,
                           bp_report_result *res)
{
	bp_indicator_def both[2] = { def65, defeenzaam };
	bp_indicator_set set = { both, 2 };
	bp_layout lay = { .report = "gemeente", .title = "x", .charts = (bp_layout_chart *)lc, .n_charts = 1 };
	bp_report_options opt = { .output_dir = dir, .indicators = &set, .layout = &lay };
	bp_error err = { 0 };
	const char *sources = NULL;
	if (fn(conn, &opt, lc, "GM0402", a, b, &sources, res, &err)) {
		print_err("section", &err);
		fail();
	}
	return sources;
}

/* The gemeente page's section: files for the asked formats, figure with alt, the table. */
static void test_section(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	char dir[256];
	bp_test_tmpdir(dir, sizeof(dir));
	bp_layout_chart lc = { .type = BP_CHART_MAP, .indicator = "aandeel_65_plus", .level = "wijk",
	                       .want_png = 1, .want_svg = 1 };
	bp_report_result res = { 0 };
	bp_html b;
	bp_html_init(&b);
	section(bp_report_map_section, &lc, dir, a, &b, &res);
	assert_int_equal(res.charts, 2);
	char p[512];
	snprintf(p, sizeof(p), "%s/GM0402/aandeel_65_plus-kaart.svg", dir);
	assert_int_equal(access(p, R_OK), 0);
	snprintf(p, sizeof(p), "%s/GM0402/aandeel_65_plus-kaart.png", dir);
	assert_int_equal(access(p, R_OK), 0);
	assert_non_null(strstr(b.buf.data, "<img src=\"GM0402/aandeel_65_plus-kaart.svg\" width=\"800\" alt=\"Kaart van "));
	/* Hilversum has 9 wijken: 9 rows in the table */
	size_t rows = 0;
	for (const char *s = strstr(b.buf.data, "<tbody>"); (s = strstr(s + 1, "<tr><td>")); )
		rows++;
	assert_int_equal(rows, 9);
	bp_html_release(&b);
	bp_test_rmtree(dir);
	bp_arena_free(a);
}

/* Maps through the periods: RIVM's loneliness estimates of Hilversum's wijken
 * in 2012, 2016 and 2020 (UntypedDataSet.json, Eenzaam_28, 18+, MW00000):
 * GM0402 42.7, 43.2, 48.0; WK040201 Centrum 44.0, 45.8, 52.4; shown with the
 * one decimal RIVM publishes (the definition's). */
static void test_map_periods(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	char dir[256];
	bp_test_tmpdir(dir, sizeof(dir));
	bp_layout_chart lc = { .type = BP_CHART_MAP_PERIODS, .indicator = "eenzaamheid", .level = "wijk",
	                       .want_png = 1, .want_svg = 1 };
	bp_report_result res = { 0 };
	bp_html b;
	bp_html_init(&b);
	const char *sources = section(bp_report_map_periods_section, &lc, dir, a, &b, &res);
	assert_int_equal(res.charts, 2);
	char p[512];
	snprintf(p, sizeof(p), "%s/GM0402/eenzaamheid-kaarten.png", dir);
	assert_int_equal(access(p, R_OK), 0);
	assert_non_null(strstr(b.buf.data, "<img src=\"GM0402/eenzaamheid-kaarten.svg\""));
	assert_non_null(strstr(b.buf.data, "in 2012, 2016 en 2020, naast elkaar, met dezelfde 5 klassen"));
	/* Its text alternative and table say what its title says (model estimates), and the alternative that
	 * RIVM's figures of the 2020 indeling are drawn on the only borders, of 2024 (test_map_border_year), as a
	 * single map's does: a reader of either alone is told both. */
	assert_non_null(strstr(b.buf.data, "alt=\"Kaarten van Eenzaamheid – modelschatting per wijk in Hilversum in 2012"));
	assert_non_null(strstr(b.buf.data, "klassen in elke kaart, zodat een kleur in elk jaar dezelfde waarde betekent. "
	                                   "De cijfers horen bij de indeling van 2020; getekend op de grenzen van 2024 met "
	                                   "dezelfde codes; of die grenzen gelijk zijn, is niet gecontroleerd."));
	assert_non_null(strstr(b.buf.data, "<caption>Eenzaamheid – modelschatting per wijk (%)</caption>"));
	assert_non_null(strstr(b.buf.data, "Hilversum als geheel: 2012 42,7%, 2016 43,2%, 2020 48,0%."));
	assert_non_null(strstr(b.buf.data, "<th scope=\"col\" class=\"num\">2012</th><th scope=\"col\" class=\"num\">2016</th>"
	                               "<th scope=\"col\" class=\"num\">2020</th>"));
	assert_non_null(strstr(b.buf.data, "<tr><th scope=\"row\">Centrum</th><td class=\"num\">44,0</td>"
	                               "<td class=\"num\">45,8</td><td class=\"num\">52,4</td></tr>"));
	/* the figure cites RIVM's table with the three periods it shows, and nothing else */
	assert_non_null(strstr(sources, "(50090NED), modelschatting, 2012, 2016 en 2020"));
	/* The drawing alone (downloaded, embedded elsewhere) says the figures are model estimates: its
	 * title and its source line. */
	snprintf(p, sizeof(p), "%s/GM0402/eenzaamheid-kaarten.svg", dir);
	char *svg = NULL;
	size_t svg_len = 0;
	bp_error rerr = { 0 };
	assert_int_equal(bp_file_read_all(p, a, &svg, &svg_len, &rerr), BP_OK);
	assert_non_null(strstr(svg, "<title>Eenzaamheid – modelschatting</title>"));
	assert_non_null(strstr(svg, "(50090NED), modelschatting, 2012"));
	assert_null(strstr(sources, "CBS, Kerncijfers"));
	assert_null(strstr(strstr(sources, "(50090NED)") + 1, "(50090NED)"));   /* once, with its periods */
	/* 9 wijken and the gemeente */
	size_t rows = 0;
	for (const char *s = strstr(b.buf.data, "<tbody>"); (s = strstr(s + 1, "<tr><th scope=\"row\">")); )
		rows++;
	assert_int_equal(rows, 10);

	/* One period only (KWB 2024): said, nothing drawn. */
	bp_layout_chart one = { .type = BP_CHART_MAP_PERIODS, .indicator = "aandeel_65_plus", .level = "wijk",
	                        .want_png = 1 };
	bp_html_reset(&b);
	res.charts = 0;
	section(bp_report_map_periods_section, &one, dir, a, &b, &res);
	assert_int_equal(res.charts, 0);
	assert_non_null(strstr(b.buf.data, "Er zijn alleen cijfers over 2024"));
	bp_html_release(&b);
	bp_test_rmtree(dir);
	bp_arena_free(a);
}

/* The gemeente page's ranking chart: its text alternative names the figures as the chart's title, its
 * heading and its table do: "Eenzaamheid – modelschatting" (RIVM 50090NED), a KWB count without a mark;
 * in English "Loneliness – model estimate" (the definition's title.en). */
static void test_ranking_alt(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	char dir[256];
	bp_test_tmpdir(dir, sizeof(dir));
	bp_indicator_def both[2] = { def65, defeenzaam };
	bp_indicator_set set = { both, 2 };
	bp_layout_chart charts[2] = {
		{ .type = BP_CHART_RANKING, .indicator = "eenzaamheid", .level = "wijk", .want_svg = 1 },
		{ .type = BP_CHART_RANKING, .indicator = "aandeel_65_plus", .level = "wijk", .want_svg = 1 },
	};
	bp_layout lay = { .report = "gemeente", .title = "x", .charts = charts, .n_charts = 2 };
	for (int en = 0; en <= 1; en++) {
		bp_report_options opt = { .output_dir = dir, .indicators = &set, .layout = &lay,
		                          .lang = en ? BP_LANG_EN : BP_LANG_NL };
		bp_report_result res = { 0 };
		bp_error err = { 0 };
		if (bp_report_gemeente(conn, &opt, "GM0402", &res, &err)) {
			print_err("gemeente", &err);
			fail();
		}
		char *page = NULL;
		size_t len = 0;
		assert_int_equal(bp_file_read_all(bp_arena_printf(a, "%s/GM0402.html", dir), a, &page, &len, &err), BP_OK);
		assert_non_null(strstr(page, en ? "alt=\"Bar chart of Loneliness – model estimate per district in Hilversum, 2020."
		                                : "alt=\"Staafdiagram Eenzaamheid – modelschatting per wijk in Hilversum, 2020."));
		assert_non_null(strstr(page, en ? "alt=\"Bar chart of Residents aged 65 or over per district in Hilversum, 2024."
		                                : "alt=\"Staafdiagram Inwoners van 65 jaar of ouder per wijk in Hilversum, 2024."));
	}
	bp_test_rmtree(dir);
	bp_arena_free(a);
}

/* RIVM's wijk figures are of the 2020 indeling; the only wijk borders are of
 * 2024 (the same codes): the map draws them there and says so. KWB 2024 on
 * its own borders says nothing of the kind. */
static void test_map_border_year(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	bp_ranking r;
	bp_report_map m;
	assert_int_equal(bp_ranking_load(conn, &defeenzaam, "GM0402", "wijk", NULL, a, &r, &err), BP_OK);
	assert_string_equal(r.period, "2020");
	assert_int_equal(r.indeling_year, 2020);
	assert_int_equal(bp_report_map_build(conn, &r, NULL, a, &m, &err), BP_OK);
	assert_int_equal(m.border_year, 2024);
	assert_int_equal(m.borders_other_year, 1);
	assert_string_equal(m.chart.subtitle, "Wijken van Hilversum, 2020 (indeling 2020; grenzen van 2024, zelfde code, niet gecontroleerd)");
	assert_non_null(strstr(m.alt, "De cijfers horen bij de indeling van 2020; getekend op de grenzen van 2024"));
	assert_non_null(strstr(m.alt, "dezelfde codes; of die grenzen gelijk zijn, is niet gecontroleerd."));
	assert_int_equal(bp_ranking_load(conn, &def65, "GM0402", "wijk", NULL, a, &r, &err), BP_OK);
	assert_int_equal(bp_report_map_build(conn, &r, NULL, a, &m, &err), BP_OK);
	assert_int_equal(m.borders_other_year, 0);
	assert_string_equal(m.chart.subtitle, "Wijken van Hilversum, 2024");
	assert_null(strstr(m.alt, "grenzen van"));
	bp_arena_free(a);
}

static void test_cite_add(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	const char *c = bp_report_cite_add(a, NULL, "CBS, KWB 2024, CC BY 4.0");
	c = bp_report_cite_add(a, c, NULL);
	c = bp_report_cite_add(a, c, "RIVM, Gezondheid, CC BY 4.0; CBS, KWB 2024, CC BY 4.0");
	c = bp_report_cite_add(a, c, "RIVM, Gezondheid, CC BY 4.0");
	assert_string_equal(c, "CBS, KWB 2024, CC BY 4.0; RIVM, Gezondheid, CC BY 4.0");
	bp_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_oss),
		cmocka_unit_test(test_map_without_borders),
		cmocka_unit_test(test_ages),
		cmocka_unit_test(test_cite_index),
		cmocka_unit_test(test_section),
		cmocka_unit_test(test_map_periods),
		cmocka_unit_test(test_map_border_year),
		cmocka_unit_test(test_ranking_alt),
		cmocka_unit_test(test_cite_add),
		cmocka_unit_test(test_ranking_cites),   /* last: it loads a second vintage of 50090NED */
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
