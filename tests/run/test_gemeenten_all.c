/*
 * test_gemeenten_all.c: `gemeenten: all` (config/monitor.h, run/gemeenten_all.h)
 * on a real PostgreSQL: nothing loaded is an error that says so; a run lists
 * the gemeenten of the loaded sources and reports each; only the newest
 * indeling counts.  And a listed gemeente that no source brought is refused
 * at its line and column before compute (bp_monitor_check_gemeenten).
 *
 * Known values: the KWB 2024 slice holds NL00 and the gemeenten GM0828 (Oss)
 * and GM0402 (Hilversum) with their wijken and buurten (its PROVENANCE.md;
 * `grep -o '"GM[0-9]*' FILE | sort -u` lists the same two).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/fsutil.h"
#include "pgtest.h"
#include "run/gemeenten_all.h"
#include "run/monitor_run.h"

#define KWB "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"

static int said_all;   /* the run's line "gemeenten: all: N gemeenten", N */

static void record(void *ctx, const bp_monitor_event *ev)
{
	(void)ctx;
	int n;
	if (ev->stage == BP_STAGE_SOURCES && sscanf(ev->text, "gemeenten: all: %d gemeenten", &n) == 1)
		said_all = n;
}

/* Before any source: no gemeente to list, and the error says what would bring them. */
static void test_nothing_loaded(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	bp_monitor_config c = { .all_gemeenten = 1, .path = "/etc/buurtpeil/nl.yaml", .all_gemeenten_line = 3 };
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, "SELECT count(*) FROM bp.area WHERE level = 'gemeente'"),
	                    "0");
	assert_int_equal(bp_monitor_resolve_gemeenten(bp_test_db.db.conn, &c, a, &err), BP_ERR_NOT_FOUND);
	assert_string_equal(err.message, "gemeenten: all, but the sources loaded no gemeente");
	assert_non_null(strstr(err.hint, "config/nederland.yaml"));
	/* at the configuration's line that says all */
	assert_string_equal(err.where, "/etc/buurtpeil/nl.yaml");
	assert_int_equal(err.line, 3);
	/* A listed configuration is left as it is, without asking the database. */
	const char *one[] = { "GM0828" };
	bp_monitor_config listed = { .gemeenten = one, .n_gemeenten = 1 };
	assert_int_equal(bp_monitor_resolve_gemeenten(NULL, &listed, a, &err), BP_OK);
	assert_int_equal(listed.n_gemeenten, 1);
	bp_arena_free(a);
}

/* A gemeente of that indeling, as an importer would store it. */
static void insert_gemeente(const char *code, int year)
{
	assert_string_equal(bp_test_scalarf(bp_test_db.db.conn,
	                                    "INSERT INTO bp.area (code, indeling_year, level, name, gemeente_code) "
	                                    "VALUES ('%s', %d, 'gemeente', 'Test', '%s') RETURNING code",
	                                    code, year, code),
	                    code);
}

/* A configuration of the KWB slice into DIR/out without PDFs or site; gemeenten as given. */
static const char *write_config(const char *dir, const char *name, const char *gemeenten)
{
	const char *root = getenv("BP_SOURCE_ROOT");
	return bp_test_write_filef(dir, name,
	                           "name: heel land\n"
	                           "gemeenten: %s\n"
	                           "sources:\n"
	                           "  - {type: statline-csv, file: %s, year: 2024}\n"
	                           "indicators: %s/indicators\n"
	                           "charts: %s/charts\n"
	                           "output: out\n"
	                           "pdf: false\n"
	                           "needs_overview: false\n"
	                           "publish: false\n",
	                           gemeenten, bp_test_fixture(KWB), root, root);
}

static void test_run_all(void **state)
{
	const char *dir = *state;
	bp_arena *a = bp_arena_new();
	bp_monitor m;
	bp_monitor_result res;
	bp_error err = { 0 };
	const char *cfg = write_config(dir, "monitor.yaml", "all");
	assert_int_equal(bp_monitor_load(cfg, a, &m, &err), BP_OK);
	said_all = -1;
	bp_rc rc = bp_monitor_run(&bp_test_db.db, &m, record, NULL, a, &res, &err);
	if (rc)
		fail_msg("run: %s (%s)", err.message, err.hint);
	assert_int_equal(res.stage, BP_STAGE_DONE);
	assert_int_equal(said_all, 2);
	/* Each gemeente's page, and both on the index. */
	const char *want[] = { "GM0402", "GM0828" };
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(access(bp_arena_printf(a, "%s/out/%s.html", dir, want[i]), R_OK), 0);
	char *index = NULL;
	size_t len = 0;
	assert_int_equal(bp_file_read_all(bp_arena_printf(a, "%s/out/index.html", dir), a, &index, &len, &err), BP_OK);
	for (size_t i = 0; i < 2; i++)
		assert_non_null(strstr(index, bp_arena_printf(a, "%s.html", want[i])));
	PQclear(PQexec(bp_test_db.db.conn, "RESET ROLE"));   /* the run ended as buurtpeil_publish */

	/* A listed gemeente no source brought (a typo): refused at its place in the configuration
	 * once the sources are loaded, before compute and before the output folder is touched. */
	const char *bad = write_config(dir, "typo.yaml", "[GM0402, GM0829]");
	const char *values_sql = "SELECT md5(coalesce(string_agg(v::text, ',' ORDER BY v::text), '')) FROM bp.indicator_value v";
	char *values = bp_arena_strdup(a, bp_test_scalar(bp_test_db.db.conn, values_sql));
	char *manifest = NULL, *manifest2 = NULL;
	size_t mlen = 0, mlen2 = 0;
	const char *manifest_path = bp_arena_printf(a, "%s/out/.buurtpeil-manifest", dir);
	assert_int_equal(bp_file_read_all(manifest_path, a, &manifest, &mlen, &err), BP_OK);
	bp_monitor typo;
	assert_int_equal(bp_monitor_load(bad, a, &typo, &err), BP_OK);
	bp_monitor_result res2;
	assert_int_equal(bp_monitor_run(&bp_test_db.db, &typo, record, NULL, a, &res2, &err), BP_ERR_NOT_FOUND);
	assert_string_equal(err.message, "gemeente GM0829 is not in the database");
	assert_string_equal(err.where, bad);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 21);
	assert_int_equal(res2.stage, BP_STAGE_SOURCES);
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, values_sql), values);
	assert_int_equal(bp_file_read_all(manifest_path, a, &manifest2, &mlen2, &err), BP_OK);
	assert_int_equal(mlen, mlen2);
	assert_memory_equal(manifest, manifest2, mlen);

	/* Only the newest indeling: an older gemeente (merged since) is not listed, a newer indeling replaces. */
	bp_monitor_config c = { .all_gemeenten = 1 };
	PQclear(PQexec(bp_test_db.db.conn, "BEGIN"));
	insert_gemeente("GM9998", 2019);
	assert_int_equal(bp_monitor_resolve_gemeenten(bp_test_db.db.conn, &c, a, &err), BP_OK);
	assert_int_equal(c.n_gemeenten, 2);
	assert_string_equal(c.gemeenten[0], "GM0402");
	assert_string_equal(c.gemeenten[1], "GM0828");
	insert_gemeente("GM9999", 2030);
	assert_int_equal(bp_monitor_resolve_gemeenten(bp_test_db.db.conn, &c, a, &err), BP_OK);
	assert_int_equal(c.n_gemeenten, 1);
	assert_string_equal(c.gemeenten[0], "GM9999");
	PQclear(PQexec(bp_test_db.db.conn, "ROLLBACK"));
	bp_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_loaded),
		cmocka_unit_test_setup_teardown(test_run_all, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
	};
	return cmocka_run_group_tests_name("gemeenten: all", tests, bp_test_db_setup, bp_test_db_teardown);
}
