/*
 * test_profile_interval: a survey figure's 95% interval in the profile chart
 * of an area's page as a reader gets it, on a real PostgreSQL.
 *
 * KWB 2024 of Oss and Oss's synthetic Burgerpeiling file are loaded,
 * computed and published.  A wijk's survey value with an interval is read
 * from bp.indicator_value, not from any page; its page must give that
 * interval beside the value in the chart's table and text alternative, and
 * the theme's chart (SVG) must say what its whisker is.  Before, the chart
 * showed survey figures without their interval while the key-figures table
 * beside it gave "43 (38–49)".
 *
 * Then each wijk and buurt page's similar areas against bp.similar_area
 * (test_similar_on_pages).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/fsutil.h"
#include "db/pgutil.h"
#include "engine/compare.h"
#include "engine/compute.h"
#include "engine/indicator_def.h"
#include "engine/similar.h"
#include "import/statline_csv.h"
#include "import/survey.h"
#include "pgtest.h"
#include "report/layout.h"
#include "report/site.h"

#define FIXTURE "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"
#define SURVEY "survey/burgerpeiling-2022-SYNTHETIC-oss.sav"


static void must(bp_rc rc, const char *what, const bp_error *err)
{
	if (rc) {
		char buf[4 * BP_ERROR_TEXT];
		bp_error_format(err, buf, sizeof(buf));
		fail_msg("%s: %s", what, buf);
	}
}

static const char *read_text(bp_arena *a, const char *path)
{
	char *text = NULL;
	size_t len;
	bp_error err = { 0 };
	must(bp_file_read_all(path, a, &text, &len, &err), path, &err);
	return bp_arena_strdup(a, text);   /* a copy: gcc 12 takes the pointer for one to this frame */
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* v with dec decimals as the Dutch pages write a number below 1000: a decimal comma. */
static const char *dutch(bp_arena *a, double v, int dec)
{
	char *s = bp_arena_printf(a, "%.*f", dec, v);
	char *dot = strchr(s, '.');
	if (dot)
		*dot = ',';
	return s;
}

/* The bundled indicators and gemeente layout (BP_SOURCE_ROOT), in a. */
static void load_set(bp_arena *a, bp_indicator_set *set, bp_layout *layout)
{
	bp_error err = { 0 };
	const char *src = getenv("BP_SOURCE_ROOT");
	must(bp_indicators_load_dir(bp_arena_printf(a, "%s/indicators", src), a, set, &err), "indicators", &err);
	must(bp_layout_load(bp_arena_printf(a, "%s/charts", src), "gemeente", a, layout, &err), "layout", &err);
}

static void test_interval_on_page(void **state)
{
	(void)state;
	PGconn *conn = bp_test_db.db.conn;
	char tmpdir[256];
	bp_test_tmpdir(tmpdir, sizeof(tmpdir));
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	const char *src = getenv("BP_SOURCE_ROOT");
	bp_statline_options so = { .path = bp_test_fixture(FIXTURE), .year = 2024 };
	bp_import_result ir;
	must(bp_import_statline_csv(conn, &so, &ir, &err), "import", &err);
	bp_survey_options o = { .path = bp_arena_strdup(a, bp_test_fixture(SURVEY)),
	                        .mapping_path = bp_arena_printf(a, "%s/surveys/burgerpeiling-2022.yaml", src) };
	bp_survey_result sres;
	must(bp_import_survey(conn, &o, &sres, &err), SURVEY, &err);
	bp_indicator_set set;
	bp_layout layout;
	bp_compute_result cr;
	bp_compare_result cmp;
	load_set(a, &set, &layout);
	must(bp_compute_indicators(conn, &set, 0, &cr, &err), "compute", &err);
	must(bp_compare_indicators(conn, &cmp, &err), "compare", &err);

	/* a wijk's survey value with its interval, as computed */
	PGresult *r = NULL;
	must(bp_pg_query(conn,
	                 "SELECT area_code, indicator_id, ci_low, ci_high FROM bp.indicator_value "
	                 " WHERE synthetic AND area_code LIKE 'WK0828%' AND value IS NOT NULL "
	                 "   AND ci_low IS NOT NULL AND ci_high > ci_low ORDER BY area_code, indicator_id LIMIT 1",
	                 0, NULL, &r, &err),
	     "the survey value", &err);
	assert_int_equal(PQntuples(r), 1);
	const char *wijk = bp_arena_strdup(a, PQgetvalue(r, 0, 0));
	const bp_indicator_def *def = bp_indicator_find(&set, PQgetvalue(r, 0, 1));
	assert_non_null(def);
	double lo = atof(PQgetvalue(r, 0, 2)), hi = atof(PQgetvalue(r, 0, 3));
	PQclear(r);

	const char *site = bp_arena_printf(a, "%s/site", tmpdir);
	const char *gm[] = { "GM0828" };
	bp_site_result sr = { 0 };
	must(bp_site_publish(conn, &set, &layout, gm, 1, site, NULL, BP_LANG_NL, &sr, &err), "site", &err);

	/* the page: in the chart's table (a span) and in its text alternative */
	const char *page = read_text(a, bp_arena_printf(a, "%s/%s.html", site, wijk));
	const char *ends = bp_arena_printf(a, "%s\u2013%s", dutch(a, lo, def->decimals), dutch(a, hi, def->decimals));
	const char *want = bp_arena_printf(a, "95%%-interval %s", ends);
	/* the table as the key figures' ("(38–49)", which the downloads read as the ends), and what it is under it */
	const char *table = strstr(page, "De cijfers van de grafiek");
	if (!table || !strstr(table, bp_arena_printf(a, "<span class=\"interval\">(%s)</span>", ends)))
		fail_msg("%s.html: no '(%s)' in a profile table (%s)", wijk, ends, def->id);
	assert_non_null(strstr(table, "Tussen haakjes: het 95%-interval van de waarde, in de grafiek de lijn over de balk."));
	const char *alt = strstr(page, "alt=\"Profieldiagram");
	if (!alt || !strstr(alt, bp_arena_printf(a, "(%s", want)))
		fail_msg("%s.html: no '%s' in a profile chart's text alternative", wijk, want);

	/* the theme's chart: its key says what the whisker is, wide and narrow */
	const char *slug = bp_path_slug(a, def->theme);
	const char *key = "lijn: 95%-interval van de waarde";
	const char *svg = read_text(a, bp_arena_printf(a, "%s/img/%s-profiel-%s.svg", site, wijk, slug));
	assert_int_equal(count(svg, key), 1);
	svg = read_text(a, bp_arena_printf(a, "%s/img/%s-profiel-%s-smal.svg", site, wijk, slug));
	assert_int_equal(count(svg, key), 1);

	/* in English: the note under the table and the chart's key */
	const char *site_en = bp_arena_printf(a, "%s/site-en", tmpdir);
	must(bp_site_publish(conn, &set, &layout, gm, 1, site_en, NULL, BP_LANG_EN, &sr, &err), "site en", &err);
	page = read_text(a, bp_arena_printf(a, "%s/%s.html", site_en, wijk));
	assert_non_null(strstr(page, "In brackets: the 95% interval of the value, in the chart the line over the bar."));
	svg = read_text(a, bp_arena_printf(a, "%s/img/%s-profiel-%s.svg", site_en, wijk, slug));
	assert_int_equal(count(svg, "line: 95% interval of the value"), 1);
	assert_int_equal(count(svg, key), 0);
	bp_arena_free(a);
	if (!getenv("BP_TEST_KEEP"))   /* kept: to read the pages after a failure */
		bp_test_rmtree(tmpdir);
}

/* s as the pages escape text (bp_html_text). */
static const char *escaped(bp_arena *a, const char *s)
{
	bp_buf b;
	bp_buf_init(&b);
	for (; *s; s++)
		switch (*s) {
		case '&': bp_buf_adds(&b, "&amp;"); break;
		case '<': bp_buf_adds(&b, "&lt;"); break;
		case '>': bp_buf_adds(&b, "&gt;"); break;
		case '"': bp_buf_adds(&b, "&quot;"); break;
		case '\'': bp_buf_adds(&b, "&#39;"); break;
		default: bp_buf_printf(&b, "%c", *s);
		}
	const char *o = bp_arena_strdup(a, b.data ? b.data : "");
	bp_buf_release(&b);
	return o;
}

/*
 * Each wijk and buurt page of the site lists its similar areas as
 * bp.similar_area holds them, in rank order: the pages of a gemeente read
 * them in one statement per level (report/areadata.h, bp_area_rows_shared)
 * and each takes its own rows.  On the data test_interval_on_page loaded.
 */
static void test_similar_on_pages(void **state)
{
	(void)state;
	PGconn *conn = bp_test_db.db.conn;
	bp_error err = { 0 };
	bp_similar_result simr;
	must(bp_similar_areas_build(conn, 5, 1, &simr, &err), "similar areas", &err);
	char tmpdir[256];
	bp_test_tmpdir(tmpdir, sizeof(tmpdir));
	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	bp_layout layout;
	load_set(a, &set, &layout);
	const char *site = bp_arena_printf(a, "%s/site", tmpdir);
	const char *gm[] = { "GM0828" };
	bp_site_result sr = { 0 };
	must(bp_site_publish(conn, &set, &layout, gm, 1, site, NULL, BP_LANG_NL, &sr, &err), "site", &err);

	PGresult *r = NULL;
	must(bp_pg_query(conn,
	                 "SELECT s.area_code, sa.name, s.rank FROM bp.similar_area s "
	                 "  JOIN bp.area sa ON sa.code = s.similar_code AND sa.indeling_year = s.indeling_year "
	                 "  JOIN bp.area x ON x.code = s.area_code AND x.indeling_year = s.indeling_year "
	                 " WHERE x.gemeente_code = 'GM0828' AND x.level IN ('wijk', 'buurt') "
	                 " ORDER BY s.area_code, s.rank", 0, NULL, &r, &err),
	     "similar", &err);
	int n = PQntuples(r), areas = 0;
	assert_true(n > 20);
	for (int i = 0; i < n;) {
		const char *code = PQgetvalue(r, i, 0);
		const char *page = read_text(a, bp_arena_printf(a, "%s/%s.html", site, code));
		const char *at = strstr(page, "<h2 id=\"vergelijkbaar\">");
		if (!at)
			fail_msg("%s.html: no similar areas", code);
		const char *end = strstr(at, "</ol>");
		assert_non_null(end);
		int j = i;
		for (; j < n && strcmp(PQgetvalue(r, j, 0), code) == 0; j++) {
			/* each name in its own item, in rank order */
			const char *item = strstr(at, "<li>");
			assert_non_null(item);
			const char *name = escaped(a, PQgetvalue(r, j, 1));
			const char *close = strstr(item, "</li>");
			const char *in = strstr(item, name);
			if (!in || in > close)
				fail_msg("%s.html: similar area %s (rank %s) not at its place", code, PQgetvalue(r, j, 1),
				         PQgetvalue(r, j, 2));
			at = close;
		}
		assert_null(strstr(at, "<li>") && strstr(at, "<li>") < end ? "an item too many" : NULL);
		areas++;
		i = j;
	}
	assert_true(areas > 10);
	PQclear(r);
	bp_arena_free(a);
	if (!getenv("BP_TEST_KEEP"))
		bp_test_rmtree(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interval_on_page),
		cmocka_unit_test(test_similar_on_pages),   /* after it: on its data */
	};
	return cmocka_run_group_tests(tests, bp_test_db_setup, bp_test_db_teardown);
}
