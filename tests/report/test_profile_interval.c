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
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/fsutil.h"
#include "db/pgutil.h"
#include "engine/compare.h"
#include "engine/compute.h"
#include "engine/indicator_def.h"
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
	bp_compute_result cr;
	bp_compare_result cmp;
	must(bp_indicators_load_dir(bp_arena_printf(a, "%s/indicators", src), a, &set, &err), "indicators", &err);
	must(bp_compute_indicators(conn, &set, 0, &cr, &err), "compute", &err);
	must(bp_compare_indicators(conn, &cmp, &err), "compare", &err);
	bp_layout layout;
	must(bp_layout_load(bp_arena_printf(a, "%s/charts", src), "gemeente", a, &layout, &err), "layout", &err);

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interval_on_page),
	};
	return cmocka_run_group_tests(tests, bp_test_db_setup, bp_test_db_teardown);
}
