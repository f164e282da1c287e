/*
 * test_site_sources: the site's pages over several gemeenten (the index,
 * the definitions page) and the index's CSV download name each source once
 * in their sources line, as a reader sees them, on a real PostgreSQL.
 *
 * KWB 2024 of Oss and Hilversum (one source) is loaded and computed and the
 * site published for both gemeenten.  The citation expected is read from
 * bp.source (publisher, title, table id), not from any page; before the
 * fix the index repeated each gemeente's whole sources line, so one source
 * stood there twice.
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
#include "pgtest.h"
#include "report/layout.h"
#include "report/site.h"

#define FIXTURE "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"

static bp_testdb tdb;
static PGconn *conn;
static char tmpdir[256];

static void must(bp_rc rc, const char *what, const bp_error *err)
{
	if (rc) {
		char buf[4 * BP_ERROR_TEXT];
		bp_error_format(err, buf, sizeof(buf));
		fail_msg("%s: %s", what, buf);
	}
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* The text of path from the first occurrence of from on (the page's footer, the CSV's sources row). */
static const char *tail_of(bp_arena *a, const char *path, const char *from)
{
	char *text;
	size_t len;
	bp_error err = { 0 };
	must(bp_file_read_all(path, a, &text, &len, &err), path, &err);
	const char *at = strstr(text, from);
	if (!at)
		fail_msg("'%s' not in %s", from, path);
	return at;
}

static void test_each_source_once(void **state)
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
	bp_layout layout;
	must(bp_layout_load(bp_arena_printf(a, "%s/charts", src), "gemeente", a, &layout, &err), "layout", &err);

	PGresult *r = NULL;
	must(bp_pg_query(conn, "SELECT publisher || ', ' || title || coalesce(' (' || table_id || ')', '') "
	                       "  FROM bp.source", 0, NULL, &r, &err), "source", &err);
	assert_int_equal(PQntuples(r), 1);
	const char *cite = bp_arena_strdup(a, PQgetvalue(r, 0, 0));
	PQclear(r);

	const char *site = bp_arena_printf(a, "%s/site", tmpdir);
	const char *gm[] = { "GM0828", "GM0402" };
	bp_site_result sr = { 0 };
	must(bp_site_publish(conn, &set, &layout, gm, 2, site, NULL, BP_LANG_NL, &sr, &err), "site", &err);

	const char *pages[] = { "index.html", "definities.html" };
	for (size_t i = 0; i < sizeof(pages) / sizeof(*pages); i++) {
		const char *footer = tail_of(a, bp_arena_printf(a, "%s/%s", site, pages[i]), "<footer");
		if (count(footer, cite) != 1)
			fail_msg("%s: '%s' %d times in the footer: %.600s", pages[i], cite, count(footer, cite), footer);
	}
	const char *row = tail_of(a, bp_arena_printf(a, "%s/data/index-1.csv", site), "Bron en licentie;");
	if (count(row, cite) != 1)
		fail_msg("index-1.csv: '%s' %d times: %.600s", cite, count(row, cite), row);
	bp_arena_free(a);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bp-test-site-sources-XXXXXX");
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
		cmocka_unit_test(test_each_source_once),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
