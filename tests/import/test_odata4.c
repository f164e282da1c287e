/*
 * test_odata4: the CBS OData v4 importer (lib/import/odata4.c) against
 * tests/support/cbs_server_v4.py on 127.0.0.1 (started here as a child
 * process) and a real throwaway PostgreSQL cluster.
 *
 * The server serves tests/fixtures/odata4/50090NED/ (see its PROVENANCE.md):
 * the 184 rows of RIVM 50090NED 2020 (NL01, GM0828 Oss, GM0402 Hilversum with
 * their wijken and buurten) as 6992 long-format cells (184 x 38 measures) in
 * pages of 2000 (4 pages: $skip 0, 2000, 4000, 6000).
 *
 * Expected values, read by hand (awk) from
 * ../shared/data/rivm-gezondheid-wijk-buurt-50090NED/50090NED_2020_18plus.csv
 * (field 33 = Eenzaam_28, 37 = Mantelzorger_32, 38 = Vrijwilligerswerk_33,
 *  9 = ErvarenGezondheidGoedZeerGoed_4, 40 = LopenNaarSchoolOfWerk_35):
 *   line     2  NL01        Eenzaam 47.0
 *   line  7502  GM0402      Eenzaam 48.0
 *   line 11591  GM0828      Eenzaam 45.8  Mantelzorger 14.0  Vrijwilligerswerk 24.3
 *                           LopenNaarSchoolOfWerk empty
 *   line 11625  BU08280501  ErvarenGezondheidGoedZeerGoed '       .'
 * Cells of the 35 numeric topics (fields 9..43 of the 184 rows = 6440):
 * number 5600, '.' 288, empty 552 -- the same counts test_odata3 checks on
 * the v3 form of these rows.  The 3 text topics (552 cells) are not loaded.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/error.h"
#include "import/http.h"
#include "import/odata.h"
#include "import/odata4.h"
#include "importtest.h"
#include "pgtest.h"

static bp_testdb tdb;
static bp_test_server srv;
static PGconn *conn;

#define OBS_URL "/RIVM/50090NED/Observations?"

#define HTTP_TIMEOUT_MS 5000

/* ------------------------------------------------------------ helpers (see importtest.h) */

/* What the progress callback saw: one entry per page. */
static bp_test_progress progress;

/* Page limits for run_import; zeros: the importer's defaults. */
static bp_odata_limits limits;

static bp_rc run_import(const char *const *gem, size_t n_gem, bp_import_result *res, bp_error *err)
{
	bp_http_options ho;
	bp_test_fast_http(&ho, HTTP_TIMEOUT_MS);
	bp_odata4_options o = { 0 };
	o.table_id = "50090NED";
	o.catalog = "RIVM";
	o.base_url = srv.base;
	o.http = &ho;
	o.gemeenten = gem;
	o.n_gemeenten = n_gem;
	o.progress = bp_test_progress_record;
	o.progress_ctx = &progress;
	o.limits = &limits;
	memset(&progress, 0, sizeof(progress));
	memset(err, 0, sizeof(*err));
	return bp_import_odata4(conn, &o, res, err);
}

/* ------------------------------------------------------------ setup */

static int start_server(void **state)
{
	(void)state;
	if (bp_testdb_start(&tdb) != 0)
		return -1;
	conn = tdb.db.conn;
	bp_test_fast_http(&srv.http, HTTP_TIMEOUT_MS);
	return bp_test_server_start(&srv, "cbs_server_v4.py", "odata4", "2000");
}

static int stop_server(void **state)
{
	(void)state;
	bp_test_server_stop(&srv);
	bp_testdb_stop(&tdb);
	return 0;
}

static int reset_server(void **state)
{
	(void)state;
	bp_test_server_ctl(&srv, "reset=1");
	return 0;
}

/* ------------------------------------------------------------ pure functions */

static void test_status_mapping(void **state)
{
	(void)state;
	bp_value_status st;
	assert_int_equal(bp_odata4_status("None", &st), 0);
	assert_int_equal(st, BP_STATUS_OK);
	assert_int_equal(bp_odata4_status("Impossible", &st), 0);
	assert_int_equal(st, BP_STATUS_NOT_APPLICABLE);
	assert_int_equal(bp_odata4_status("Missing", &st), 0);
	assert_int_equal(st, BP_STATUS_UNKNOWN);
	assert_int_equal(bp_odata4_status("Secret", &st), 0);
	assert_int_equal(st, BP_STATUS_UNKNOWN);
	assert_int_equal(bp_odata4_status("Provisional", &st), 0);
	assert_int_equal(st, BP_STATUS_PROVISIONAL);
	assert_int_equal(bp_odata4_status("RevisedProvisional", &st), 0);
	assert_int_equal(st, BP_STATUS_REVISED_PROVISIONAL);
	assert_int_equal(bp_odata4_status("none", &st), -1);
	assert_int_equal(bp_odata4_status("", &st), -1);
	assert_int_equal(bp_odata4_status(NULL, &st), -1);
}

/* ------------------------------------------------------------ failures leave nothing */

static bp_error expect_failure(int page, const char *fault, bp_rc want, const char *in_message)
{
	bp_test_snapshot before, after;
	bp_test_snap(conn, &before);
	char q[128];
	snprintf(q, sizeof(q), "page=%d&fault=%s", page, fault);
	bp_test_server_ctl(&srv, q);
	bp_import_result res;
	bp_error err;
	bp_rc rc = run_import(NULL, 0, &res, &err);
	if (rc != want)
		bp_test_print_err(&err);
	assert_int_equal(rc, want);
	/* the error names the page's URL */
	assert_non_null(strstr(err.where, srv.base));
	assert_non_null(strstr(err.where, OBS_URL));
	if (page > 0) {
		char tok[64];
		snprintf(tok, sizeof(tok), "$skip=%d", page * 2000);
		assert_non_null(strstr(err.where, tok));
	} else {
		assert_null(strstr(err.where, "$skip="));
	}
	if (in_message && !strstr(err.message, in_message)) {
		bp_test_print_err(&err);
		fail_msg("message lacks '%s'", in_message);
	}
	bp_test_snap(conn, &after);
	bp_test_assert_same(&before, &after);
	return err;
}

static void test_fail_permanent_500(void **state)
{
	(void)state;
	expect_failure(2, "500_always", BP_ERR_IO, "HTTP 500");
	assert_int_equal(bp_test_server_hits(&srv, 2), 4);   /* max_attempts */
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.source"), 0);
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.observation"), 0);
}

static void test_fail_unknown_measure(void **state)
{
	(void)state;
	bp_error err = expect_failure(1, "unknown_measure", BP_ERR_PARSE, "'NieuweMaat' is not a measure");
	assert_int_equal(err.row, 2001);   /* the first row of the second page */
}

static void test_fail_unknown_member(void **state)
{
	(void)state;
	bp_error err = expect_failure(3, "unknown_member", BP_ERR_PARSE, "'GM9999' is not a member of dimension WijkenEnBuurten");
	assert_int_equal(err.row, 6001);
}

static void test_fail_unknown_column(void **state)
{
	(void)state;
	bp_error err = expect_failure(0, "unknown_column", BP_ERR_PARSE, "column 'Geslacht'");
	assert_int_equal(err.row, 1);
}

/* A page one row short: only @odata.count can tell, and does. */
static void test_fail_short_page(void **state)
{
	(void)state;
	bp_test_snapshot before, after;
	bp_test_snap(conn, &before);
	bp_test_server_ctl(&srv, "page=1&fault=short");
	bp_import_result res;
	bp_error err;
	assert_int_equal(run_import(NULL, 0, &res, &err), BP_ERR_PARSE);
	assert_non_null(strstr(err.message, "6991 rows received, the service counted 6992"));
	assert_non_null(strstr(err.where, OBS_URL));
	bp_test_snap(conn, &after);
	bp_test_assert_same(&before, &after);
}

/* Next links that do not end: refused at the page holding the link, nothing loaded. */
static void expect_loop(const char *mode, const char *in_message)
{
	bp_test_snapshot before, after;
	bp_test_snap(conn, &before);
	char q[64];
	snprintf(q, sizeof(q), "links=%s", mode);
	bp_test_server_ctl(&srv, q);
	bp_import_result res;
	bp_error err;
	bp_rc rc = run_import(NULL, 0, &res, &err);
	if (rc != BP_ERR_PARSE || !strstr(err.message, in_message))
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_ERR_PARSE);
	assert_non_null(strstr(err.message, in_message));
	assert_non_null(strstr(err.where, OBS_URL));
	bp_test_snap(conn, &after);
	bp_test_assert_same(&before, &after);
}

static void test_loop_row_cycle(void **state)
{
	(void)state;
	expect_loop("row_cycle", "leads back to a page read before");
}

static void test_loop_ever_new(void **state)
{
	(void)state;
	limits.data_pages = 6;
	expect_loop("ever_new", "more than 6 pages");
	memset(&limits, 0, sizeof(limits));
}

/* ------------------------------------------------------------ a clean load */

static void test_clean_load(void **state)
{
	(void)state;
	bp_import_result res;
	bp_error err;
	bp_rc rc = run_import(NULL, 0, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_false(res.already_loaded);
	assert_int_equal(res.rows, 6440);          /* cells kept: 6992 minus 552 text cells */
	assert_int_equal(res.areas, 184);
	assert_int_equal(res.observations, 6440);
	assert_int_equal(res.pages, 4);
	assert_int_equal(res.year, 2020);
	for (int p = 0; p < 4; p++)
		assert_int_equal(bp_test_server_hits(&srv, p), 1);
	/* Progress after each page: rows read (text cells too) against the
	 * service's @odata.count, which every page carries: 6,992 observations. */
	assert_int_equal(progress.n, 4);
	for (int p = 0; p < 4; p++) {
		assert_int_equal(progress.seen[p].pages, p + 1);
		assert_int_equal(progress.seen[p].expected_rows, 6992);
	}
	assert_int_equal(progress.seen[3].rows, 6992);
	long id = res.source_id;
	bp_test_assert_50090ned_complete(conn, id);

	char sql[512];
	snprintf(sql, sizeof(sql),
	         "SELECT publisher || '|' || table_id || '|' || title || '|' || licence || '|' || importer || '|' || row_count "
	         "|| '|' || to_char(modified AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM bp.source WHERE id = %ld", id);
	assert_string_equal(bp_test_scalar(conn, sql),
	                    "RIVM|50090NED|Gezondheid per wijk en buurt; 2012/2016/2020 (indeling 2020)|CC BY 4.0|cbs-odata4|6440|2022-01-01T02:00:00");
	snprintf(sql, sizeof(sql), "SELECT checksum ~ '^[0-9a-f]{64}$' FROM bp.source WHERE id = %ld", id);
	assert_string_equal(bp_test_scalar(conn, sql), "t");
	/* the filter keeps the first member of Leeftijd and Marges */
	snprintf(sql, sizeof(sql), "SELECT location FROM bp.source WHERE id = %ld", id);
	char want[512];
	snprintf(want, sizeof(want), "%s/RIVM/50090NED/Observations?$format=json&$count=true&$filter="
	         "%%28Leeftijd%%20eq%%20%%2720300%%27%%29%%20and%%20%%28Marges%%20eq%%20%%27MW00000%%27%%29", srv.base);
	assert_string_equal(bp_test_scalar(conn, sql), want);

	/* values and statuses, by hand from the CSV */
	assert_string_equal(bp_test_obs_2020(conn, id, "GM0828", "Eenzaam"), "45.8 ok");
	assert_string_equal(bp_test_obs_2020(conn, id, "GM0828", "Mantelzorger"), "14 ok");
	assert_string_equal(bp_test_obs_2020(conn, id, "GM0828", "Vrijwilligerswerk"), "24.3 ok");
	assert_string_equal(bp_test_obs_2020(conn, id, "GM0828", "LopenNaarSchoolOfWerk"), "NULL not_applicable");
	assert_string_equal(bp_test_obs_2020(conn, id, "GM0402", "Eenzaam"), "48 ok");
	assert_string_equal(bp_test_obs_2020(conn, id, "NL00", "Eenzaam"), "47 ok");
	assert_string_equal(bp_test_obs_2020(conn, id, "BU08280501", "ErvarenGezondheidGoedZeerGoed"), "NULL unknown_or_secret");
	snprintf(sql, sizeof(sql), "SELECT string_agg(status || '=' || n, ',' ORDER BY status) FROM "
	         "(SELECT status::text, count(*) n FROM bp.observation WHERE source_id = %ld GROUP BY 1) s", id);
	assert_string_equal(bp_test_scalar(conn, sql), "not_applicable=552,ok=5600,unknown_or_secret=288");
	/* text measures are not observations */
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.observation WHERE source_id = %ld "
	         "AND variable_code IN ('Gemeentenaam', 'SoortRegio', 'Codering')", id);
	assert_int_equal(bp_test_count(conn, sql), 0);
	/* (bp.variable has these codes already: sql/002 seeds the KWB topics) */
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.variable_label WHERE label IN "
	                       "('50090NED/Gemeentenaam', '50090NED/SoortRegio', '50090NED/Codering')"), 0);

	/* areas: NL01 became NL00; levels; names from WijkenEnBuurtenCodes; parents */
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.area WHERE indeling_year = 2020"), 184);
	assert_string_equal(bp_test_scalar(conn,
		"SELECT string_agg(level || '=' || n, ',' ORDER BY level) FROM "
		"(SELECT level::text, count(*) n FROM bp.area WHERE indeling_year = 2020 GROUP BY 1) s"),
		"buurt=149,gemeente=2,land=1,wijk=32");
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.area WHERE code = 'NL01'"), 0);
	assert_string_equal(bp_test_scalar(conn, "SELECT name FROM bp.area WHERE code = 'NL00' AND indeling_year = 2020"), "Nederland");
	assert_string_equal(bp_test_scalar(conn,
		"SELECT name || '|' || parent_code || '|' || gemeente_code || '|' || level FROM bp.area "
		"WHERE code = 'BU08280105' AND indeling_year = 2020"), "Schadewijk Noord-Oost|WK082801|GM0828|buurt");
	assert_string_equal(bp_test_scalar(conn,
		"SELECT name || '|' || parent_code FROM bp.area WHERE code = 'GM0828' AND indeling_year = 2020"), "Oss|NL00");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.observation o WHERE source_id = %ld AND ("
	         "NOT EXISTS (SELECT 1 FROM bp.area a WHERE a.code = o.area_code AND a.indeling_year = o.indeling_year) OR "
	         "NOT EXISTS (SELECT 1 FROM bp.variable v WHERE v.code = o.variable_code))", id);
	assert_int_equal(bp_test_count(conn, sql), 0);

	/* variables from MeasureCodes: code = the measure identifier */
	assert_string_equal(bp_test_scalar(conn, "SELECT title || '|' || unit || '|' || decimals FROM bp.variable WHERE code = 'Eenzaam'"),
	                    "Eenzaam|%|1");
	assert_string_equal(bp_test_scalar(conn, "SELECT variable_code || '|' || origin FROM bp.variable_label WHERE label = '50090NED/Eenzaam'"),
	                    "Eenzaam|CBS 50090NED MeasureCodes");
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.variable_label WHERE label LIKE '50090NED/%'"), 35);
}

static void test_reload_is_noop(void **state)
{
	(void)state;
	bp_test_snapshot before, after;
	bp_test_snap(conn, &before);
	long first = bp_test_count(conn, "SELECT min(id) FROM bp.source WHERE table_id = '50090NED'");
	bp_import_result res;
	bp_error err;
	assert_int_equal(run_import(NULL, 0, &res, &err), BP_OK);
	assert_true(res.already_loaded);
	assert_int_equal(res.source_id, first);
	assert_int_equal(bp_test_server_hits(&srv, 0), 0);   /* recognised before any data request */
	bp_test_snap(conn, &after);
	bp_test_assert_same(&before, &after);
}

/* A failure with a vintage in place: still nothing changes. */
static void test_fail_after_load(void **state)
{
	(void)state;
	bp_test_server_ctl(&srv, "modified=2022-06-01T02:00:00");
	expect_failure(3, "unknown_measure", BP_ERR_PARSE, "not a measure");
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.source"), 1);
}

/* A newer Modified with an offset: a new vintage, the revision current. */
static void test_new_vintage(void **state)
{
	(void)state;
	long first = bp_test_count(conn, "SELECT min(id) FROM bp.source WHERE table_id = '50090NED'");
	bp_test_server_ctl(&srv, "modified=2022-06-01T02:00:00%2B02:00&revise=1");
	bp_import_result res;
	bp_error err;
	bp_rc rc = run_import(NULL, 0, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_false(res.already_loaded);
	assert_true(res.source_id > first);
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.observation"), 2 * 6440);
	assert_string_equal(bp_test_obs_2020(conn, first, "GM0828", "Eenzaam"), "45.8 ok");
	assert_string_equal(bp_test_obs_2020(conn, res.source_id, "GM0828", "Eenzaam"), "46 ok");
	assert_string_equal(bp_test_scalar(conn, "SELECT value FROM bp.observation_current WHERE area_code = 'GM0828' "
	                                         "AND variable_code = 'Eenzaam' AND period = '2020'"), "46");
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT to_char(modified AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM bp.source WHERE id = %ld",
	         res.source_id);
	assert_string_equal(bp_test_scalar(conn, sql), "2022-06-01 00:00");
	/* the same Modified again: nothing */
	assert_int_equal(run_import(NULL, 0, &res, &err), BP_OK);
	assert_true(res.already_loaded);
}

/* ------------------------------------------------------------ faults that recover */

static void expect_recovery(int page, const char *fault, long want_hits)
{
	bp_test_drop_50090ned(conn);
	char q[128];
	snprintf(q, sizeof(q), "page=%d&fault=%s", page, fault);
	bp_test_server_ctl(&srv, q);
	bp_import_result res;
	bp_error err;
	bp_rc rc = run_import(NULL, 0, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_false(res.already_loaded);
	assert_int_equal(res.pages, 4);
	assert_int_equal(res.observations, 6440);
	assert_true(res.retries >= 1);
	assert_int_equal(bp_test_server_hits(&srv, page), want_hits);
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.source WHERE table_id = '50090NED'"), 1);
	bp_test_assert_50090ned_complete(conn, res.source_id);
}

static void test_500_then_ok(void **state) { (void)state; expect_recovery(1, "500_once", 2); }
static void test_429_then_ok(void **state) { (void)state; expect_recovery(2, "429_once", 2); }

/* ------------------------------------------------------------ --gemeente */

static void test_gemeente_filter(void **state)
{
	(void)state;
	bp_test_drop_50090ned(conn);
	const char *gem[] = { "GM0402" };
	bp_import_result res;
	bp_error err;
	bp_rc rc = run_import(gem, 1, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	/* GM0402 with its wijken and buurten (53) and Nederland (1): 54 x 38 = 2052 rows, 2 pages */
	assert_int_equal(res.observations, 54 * 35);
	assert_int_equal(res.areas, 54);
	assert_int_equal(res.pages, 2);
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.observation WHERE source_id = %ld AND gemeente_code <> 'GM0402'", res.source_id);
	assert_int_equal(bp_test_count(conn, sql), 0);
	assert_string_equal(bp_test_obs_2020(conn, res.source_id, "NL00", "Eenzaam"), "47 ok");
	assert_string_equal(bp_test_obs_2020(conn, res.source_id, "GM0402", "Eenzaam"), "48 ok");
	/* the padded key travels in $filter: 'GM0402    ' */
	snprintf(sql, sizeof(sql), "SELECT location LIKE '%%GM0402%%20%%20%%20%%20%%27%%' FROM bp.source WHERE id = %ld", res.source_id);
	assert_string_equal(bp_test_scalar(conn, sql), "t");
	const char *none[] = { "GM9999" };
	bp_test_snapshot before, after;
	bp_test_snap(conn, &before);
	assert_int_equal(run_import(none, 1, &res, &err), BP_ERR_NOT_FOUND);
	bp_test_snap(conn, &after);
	bp_test_assert_same(&before, &after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_mapping),
		cmocka_unit_test_setup(test_fail_permanent_500, reset_server),
		cmocka_unit_test_setup(test_fail_unknown_measure, reset_server),
		cmocka_unit_test_setup(test_fail_unknown_member, reset_server),
		cmocka_unit_test_setup(test_fail_unknown_column, reset_server),
		cmocka_unit_test_setup(test_fail_short_page, reset_server),
		cmocka_unit_test_setup(test_loop_row_cycle, reset_server),
		cmocka_unit_test_setup(test_loop_ever_new, reset_server),
		cmocka_unit_test_setup(test_clean_load, reset_server),
		cmocka_unit_test_setup(test_reload_is_noop, reset_server),
		cmocka_unit_test_setup(test_fail_after_load, reset_server),
		cmocka_unit_test_setup(test_new_vintage, reset_server),
		cmocka_unit_test_setup(test_500_then_ok, reset_server),
		cmocka_unit_test_setup(test_429_then_ok, reset_server),
		cmocka_unit_test_setup(test_gemeente_filter, reset_server),
	};
	return cmocka_run_group_tests(tests, start_server, stop_server);
}
