/*
 * test_hostile: text from the database and the definitions reaches every
 * page type escaped (report/html.h), on a real PostgreSQL.
 *
 * The Oss slice of KWB 2024 (tests/fixtures/kwb-2024) is loaded and computed,
 * then made hostile: the gemeente's and a wijk's names, every indicator's
 * title and the period 2024 hold markup, quotes and '&'. The out/ reports
 * (gemeente page with its profiles, index, needs overview) and the published
 * site are written; no HTML file may contain any of the markup, and each
 * page type must show the escaped text (the expected escapes written by
 * hand: & < > " ' as &amp; &lt; &gt; &quot; &#39;).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/fsutil.h"
#include "db/pgutil.h"
#include "engine/compare.h"
#include "engine/compute.h"
#include "engine/indicator_def.h"
#include "import/statline_csv.h"
#include "pgtest.h"
#include "report/layout.h"
#include "report/needs_report.h"
#include "report/report.h"
#include "report/site.h"

#define FIXTURE "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"

/* No quote ' in them: they go into SQL literals below. */
#define GM_NAME "Oss <script>alert(1)</script> & co"
#define GM_ESC "Oss &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
#define WK_NAME "Schade\"wijk <img src=x onerror=alert(2)>"
#define WK_ESC "Schade&quot;wijk &lt;img src=x onerror=alert(2)&gt;"
#define PERIOD "2024<b class=p>"
#define PERIOD_ESC "2024&lt;b class=p&gt;"
#define TITLE_TAIL " <i class=t>&'\""
#define TITLE_ESC " &lt;i class=t&gt;&amp;&#39;&quot;"

static bp_testdb tdb;
static PGconn *conn;
static char tmpdir[256];

static void print_err(const char *what, const bp_error *err)
{
	char buf[4 * BP_ERROR_TEXT];
	bp_error_format(err, buf, sizeof(buf));
	fprintf(stderr, "%s: %s\n", what, buf);
}

static void must(bp_rc rc, const char *what, const bp_error *err)
{
	if (rc) {
		print_err(what, err);
		fail();
	}
}

/* Every .html under dir: none holds raw markup of the hostile texts. */
static int scan(const char *dir, bp_arena *a)
{
	int pages = 0;
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		const char *p = bp_arena_printf(a, "%s/%s", dir, e->d_name);
		struct stat st;
		assert_int_equal(stat(p, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			pages += scan(p, a);
			continue;
		}
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 5, ".html") != 0)
			continue;
		char *html;
		size_t len;
		bp_error err = { 0 };
		must(bp_file_read_all(p, a, &html, &len, &err), p, &err);
		const char *raw[] = { "<script>alert", "<img src=x", "<b class=p>", "<i class=t>", "Schade\"wijk" };
		for (size_t i = 0; i < sizeof(raw) / sizeof(*raw); i++)
			if (strstr(html, raw[i]))
				fail_msg("%s holds '%s' unescaped:\n%.400s", p, raw[i], strstr(html, raw[i]) - 200);
		pages++;
	}
	closedir(d);
	return pages;
}

static void assert_file_contains(bp_arena *a, const char *path, const char *needle)
{
	char *html;
	size_t len;
	bp_error err = { 0 };
	must(bp_file_read_all(path, a, &html, &len, &err), path, &err);
	if (!strstr(html, needle))
		fail_msg("'%s' not found in %s", needle, path);
}

static void test_every_page_escapes(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	bp_statline_options so = { .path = bp_test_fixture(FIXTURE), .year = 2024 };
	bp_import_result ir;
	bp_indicator_set set;
	bp_compute_result cr;
	bp_compare_result cmp;
	const char *src = getenv("BP_SOURCE_ROOT");
	must(bp_import_statline_csv(conn, &so, &ir, &err), "import", &err);
	must(bp_indicators_load_dir(bp_arena_printf(a, "%s/indicators", src), a, &set, &err), "indicators", &err);
	must(bp_compute_indicators(conn, &set, 0, &cr, &err), "compute", &err);
	must(bp_compare_indicators(conn, &cmp, &err), "compare", &err);

	/* Hostile names, and the period in every table that has one (their keys move together). */
	must(bp_pg_exec(conn, "UPDATE bp.area SET name = '" GM_NAME "' WHERE code = 'GM0828'", &err), "name", &err);
	must(bp_pg_exec(conn, "UPDATE bp.area SET name = '" WK_NAME "' WHERE code = 'WK082801'", &err), "name", &err);
	must(bp_pg_exec(conn,
	                "SET session_replication_role = replica; "
	                "DO $$ DECLARE t record; BEGIN "
	                "FOR t IN SELECT c.table_name FROM information_schema.columns c "
	                "  JOIN information_schema.tables b USING (table_schema, table_name) "
	                "  WHERE c.table_schema = 'bp' AND c.column_name = 'period' AND b.table_type = 'BASE TABLE' LOOP "
	                "  EXECUTE format('UPDATE bp.%I SET period = %L WHERE period = ''2024''', t.table_name, '"
	                PERIOD "'); "
	                "END LOOP; END $$; "
	                "SET session_replication_role = DEFAULT",
	                &err),
	     "period", &err);
	/* the titles as stored (the needs overview reads them) and as defined */
	must(bp_pg_exec(conn, "UPDATE bp.indicator SET title_nl = title_nl || $t$" TITLE_TAIL "$t$", &err), "title", &err);
	for (size_t i = 0; i < set.n; i++)
		set.items[i].title_nl = bp_arena_printf(a, "%s" TITLE_TAIL, set.items[i].title_nl);

	bp_layout layout;
	must(bp_layout_load(bp_arena_printf(a, "%s/charts", src), "gemeente", a, &layout, &err), "layout", &err);
	const char *out = bp_arena_printf(a, "%s/out", tmpdir);
	bp_report_options ro = { .output_dir = out, .indicators = &set, .layout = &layout };
	bp_report_result res = { 0 };
	const char *gm[] = { "GM0828" };
	must(bp_report_gemeente(conn, &ro, "GM0828", &res, &err), "gemeente", &err);
	must(bp_report_index(conn, &ro, gm, 1, &res, &err), "index", &err);
	must(bp_report_needs(conn, &ro, "GM0828", &res, &err), "needs", &err);
	const char *site = bp_arena_printf(a, "%s/site", tmpdir);
	bp_site_result sr = { 0 };
	must(bp_site_publish(conn, &set, &layout, gm, 1, site, NULL, BP_LANG_NL, &sr, &err), "site", &err);

	/* gemeente page, its wijk profile, index, needs overview; the site's index, gemeente, profile, needs */
	int pages = scan(out, a) + scan(site, a);
	assert_true(pages > 10);
	const char *gemeente = bp_arena_printf(a, "%s/GM0828.html", out);
	assert_file_contains(a, gemeente, "<h1>Wijken van " GM_ESC "</h1>");
	assert_file_contains(a, gemeente, ", " PERIOD_ESC "</caption>");
	assert_file_contains(a, gemeente, TITLE_ESC);
	assert_file_contains(a, gemeente, WK_ESC);
	assert_file_contains(a, bp_arena_printf(a, "%s/index.html", out), GM_ESC);
	const char *profile = bp_arena_printf(a, "%s/GM0828/WK082801.html", out);
	assert_file_contains(a, profile, "<h1>" WK_ESC "</h1>");
	assert_file_contains(a, profile, TITLE_ESC);
	assert_file_contains(a, profile, PERIOD_ESC);
	const char *needs = bp_arena_printf(a, "%s/GM0828-behoeften.html", out);
	assert_file_contains(a, needs, GM_ESC);
	assert_file_contains(a, needs, WK_ESC); /* no wijk of Oss has a signal: its titles are not listed */
	assert_file_contains(a, bp_arena_printf(a, "%s/index.html", site), GM_ESC);
	assert_file_contains(a, bp_arena_printf(a, "%s/index.html", site), TITLE_ESC);
	assert_file_contains(a, bp_arena_printf(a, "%s/GM0828.html", site), GM_ESC);
	assert_file_contains(a, bp_arena_printf(a, "%s/WK082801.html", site), WK_ESC);
	assert_file_contains(a, bp_arena_printf(a, "%s/WK082801.html", site), PERIOD_ESC);
	assert_file_contains(a, bp_arena_printf(a, "%s/behoeften-GM0828.html", site), WK_ESC);
	bp_arena_free(a);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bp-test-hostile-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	if (bp_testdb_start(&tdb))
		return -1;
	conn = tdb.db.conn;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	bp_testdb_stop(&tdb);
	if (getenv("BP_TEST_KEEP"))
		return 0; /* to read the pages after a failure */
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_page_escapes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
