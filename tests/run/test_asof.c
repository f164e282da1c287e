/*
 * test_asof.c: `run`/`report`/`publish --as-of` (run/asof.c) against two
 * vintages of the same table.  KWB 2024 of the fixture is loaded as if on
 * 1 March 2026; a second vintage, in which Centrum-Noord (BU08280001) has
 * 690 of its 695 inhabitants aged 65 or over instead of 230, as if on 1
 * June.  `run --as-of 2026-04-15` writes the monitor's reports and site of
 * that date into OUT/stand-2026-04-15, every page saying "Stand van 15
 * april 2026", the share of 65+ there the first vintage's (230 / 695 x 100
 * as the page shows it), and nothing else: no source fetched, no run
 * recorded, the live output and site not written.  As of 15 June the share
 * is the second's (690 / 695 x 100, exactly, in the scratch database).
 * Each is computed here from the fixture's cells; the live figures stay
 * the second's and are not recomputed; the scratch databases go.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "engine/composite.h"
#include "engine/indicator_def.h"
#include "engine/similar.h"
#include "import/statline_csv.h"
#include "pgtest.h"
#include "run/asof.h"
#include "run/monitor_run.h"

#define KWB "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"
/* Centrum-Noord's row of the fixture: inhabitants, men, women, then 0-15, 15-25, 25-45, 45-65, 65+. */
#define ROW_FROM ";695;335;360;40;75;210;150;230\r\n"
#define ROW_TO ";695;335;360;1;1;1;2;690\r\n"

static const char *slurp(const char *path, size_t *n)
{
	static char text[1 << 20];
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	*n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[*n] = 0;
	return text;
}

/* The fixture with Centrum-Noord's row changed, in dir (the year from the name, as the fixture's). */
static const char *second_vintage(const char *dir)
{
	static char path[4096];
	size_t n;
	const char *text = slurp(bp_test_fixture(KWB), &n);
	const char *at = strstr(text, ROW_FROM);
	assert_non_null(at);
	snprintf(path, sizeof(path), "%s/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(text, 1, (size_t)(at - text), f);
	fputs(ROW_TO, f);
	fputs(at + strlen(ROW_FROM), f);
	fclose(f);
	return path;
}

static void load(PGconn *conn, const char *path, const char *retrieved_at)
{
	bp_statline_options opt = { .path = path, .year = 2024 };
	bp_import_result res;
	bp_error err = { 0 };
	if (bp_import_statline_csv(conn, &opt, &res, &err))
		fail_msg("%s: %s", path, err.message);
	assert_false(res.already_loaded);
	bp_test_scalarf(conn, "UPDATE bp.source SET retrieved_at = '%s' WHERE id = %ld RETURNING id", retrieved_at,
	                res.source_id);
}

static double share_65(PGconn *conn)
{
	return strtod(bp_test_scalar(conn, "SELECT value FROM bp.indicator_value WHERE indicator_id = 'aandeel_65_plus' "
	                                   "AND area_code = 'BU08280001' AND period = '2024'"), NULL);
}

static void assert_near(double got, double want)
{
	if (!(fabs(got - want) < 1e-9))
		fail_msg("got %.17g, want %.17g", got, want);
}

/* A monitor of Oss: its pages and site, without PDFs (none in the site either) and needs overview. */
static const char *write_config(const char *dir)
{
	const char *root = getenv("BP_SOURCE_ROOT");
	return bp_test_write_filef(dir, "monitor.yaml",
	                           "name: as-of\ngemeenten: [GM0828]\nsources:\n  - type: statline-csv\n    file: %s\n"
	                           "    year: 2024\nindicators: %s/indicators\ncharts: %s/charts\noutput: out\npdf: false\n"
	                           "needs_overview: false\npublish: true\n",
	                           bp_test_fixture(KWB), root, root);
}

static void test_as_of_two_vintages(void **state)
{
	const char *dir = *state;
	PGconn *conn = bp_test_db.db.conn;
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	const char *root = getenv("BP_SOURCE_ROOT");
	bp_indicator_set set;
	bp_composite_set comps;
	assert_int_equal(bp_indicators_load_dir(bp_arena_printf(a, "%s/indicators", root), a, &set, &err), BP_OK);
	assert_int_equal(bp_composites_load_dir(bp_arena_printf(a, "%s/indicators/composites", root), a, &comps, &err),
	                 BP_OK);
	assert_int_equal(bp_composites_resolve(&comps, &set, &err), BP_OK);

	load(conn, bp_test_fixture(KWB), "2026-03-01 10:00+00");
	load(conn, second_vintage(dir), "2026-06-01 10:00+00");
	bp_pipeline_input in = { &set, &comps, BP_SIMILAR_DEFAULT_K, 0 };
	bp_pipeline_result pr;
	if (bp_compute_pipeline(conn, NULL, &in, &pr, &err))
		fail_msg("compute: %s", err.message);
	assert_near(share_65(conn), 690.0 / 695.0 * 100);
	char computed_at[64];
	snprintf(computed_at, sizeof(computed_at), "%s",
	         bp_test_scalar(conn, "SELECT computed_at FROM bp.indicator WHERE id = 'aandeel_65_plus'"));

	/* Before the second vintage: the first's figures, as `run --as-of` writes them (its reports and site,
	 * through the code of report and publish --as-of), in a folder of the date. */
	bp_monitor m;
	bp_monitor_result mres;
	assert_int_equal(bp_monitor_load(write_config(dir), a, &m, &err), BP_OK);
	if (bp_monitor_run_as_of(&bp_test_db.db, &m, "2026-04-15", NULL, NULL, a, &mres, &err))
		fail_msg("run --as-of: %s (%s) at %s", err.message, err.detail, err.where);
	assert_int_equal(mres.sources_then, 1);
	assert_int_equal(mres.stage, BP_STAGE_DONE);
	assert_string_equal(bp_monitor_as_of_dir(&m, "2026-04-15", a), bp_arena_printf(a, "%s/out/stand-2026-04-15", dir));
	size_t n;
	const char *page = slurp(bp_arena_printf(a, "%s/out/stand-2026-04-15/GM0828.html", dir), &n);
	assert_non_null(strstr(page, "<main>\n<p class=\"stand\"><strong>Stand van 15 april 2026: de cijfers zoals ze op "
	                             "die dag bekend waren (de bronnen die buurtpeil toen had geladen)."));
	page = slurp(bp_arena_printf(a, "%s/out/stand-2026-04-15/site/BU08280001.html", dir), &n);
	assert_non_null(strstr(page, "tabindex=\"-1\">\n<p class=\"stand\"><strong>Stand van 15 april 2026: "));
	/* Centrum-Noord's share of 65+: 230 / 695 x 100 with the indicator's one decimal, the Dutch way; not the
	 * live 690 / 695 x 100. */
	assert_non_null(strstr(page, "33,1"));
	assert_null(strstr(page, "99,3"));
	/* Nothing fetched, recorded or written beside it; the scratch database gone. */
	assert_int_equal(access(bp_arena_printf(a, "%s/out/GM0828.html", dir), F_OK), -1);
	assert_int_equal(access(bp_arena_printf(a, "%s/out/site", dir), F_OK), -1);
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM bp.source"), "2");
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM bp.run"), "0");
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM pg_database WHERE datname LIKE 'buurtpeil_asof%'"),
	                    "0");

	/* After it: the second's, computed exactly. */
	bp_asof s;
	if (bp_asof_open(&bp_test_db.db, "2026-06-15", &in, a, &s, &err))
		fail_msg("as of: %s (%s)", err.message, err.detail);
	assert_int_equal(s.sources, 2);
	assert_near(share_65(s.db.conn), 690.0 / 695.0 * 100);
	assert_string_equal(s.label, "Stand van 15 juni 2026: de cijfers zoals ze op die dag bekend waren (de bronnen "
	                             "die buurtpeil toen had geladen).");
	char name[64];
	snprintf(name, sizeof(name), "%s", s.name);
	bp_asof_close(&bp_test_db.db, &s);
	assert_string_equal(bp_test_scalarf(conn, "SELECT count(*) FROM pg_database WHERE datname = '%s'", name), "0");

	/* Before anything was loaded: nothing to show, and nothing left behind. */
	assert_int_equal(bp_asof_open(&bp_test_db.db, "2026-02-01", &in, a, &s, &err), BP_ERR_NOT_FOUND);
	assert_int_equal(bp_asof_open(&bp_test_db.db, "15-04-2026", &in, a, &s, &err), BP_ERR_USAGE);
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM pg_database WHERE datname LIKE 'buurtpeil_asof%'"),
	                    "0");

	/* The live figures: untouched, not recomputed. */
	assert_near(share_65(conn), 690.0 / 695.0 * 100);
	assert_string_equal(bp_test_scalar(conn, "SELECT computed_at FROM bp.indicator WHERE id = 'aandeel_65_plus'"),
	                    computed_at);
	bp_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_as_of_two_vintages, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
	};
	return cmocka_run_group_tests_name("as of", tests, bp_test_db_setup, bp_test_db_teardown);
}
