/*
 * test_odata3: the CBS OData v3 importer (lib/import/odata3.c) and its HTTP
 * client (lib/import/http.c), against tests/support/cbs_server.py on
 * 127.0.0.1 (started here as a child process) and a real throwaway
 * PostgreSQL cluster.
 *
 * The server serves tests/fixtures/odata/50090NED/ (see its PROVENANCE.md):
 * 184 UntypedDataSet rows of RIVM 50090NED 2020 in pages of 50 (4 pages:
 * skiptoken 0, 50, 100, 150), 35 Double topics + 3 String topics.
 *
 * Expected values, read by hand from
 * ../shared/data/rivm-gezondheid-wijk-buurt-50090NED/50090NED_2020_18plus.csv
 * (field 33 = Eenzaam_28, 37 = Mantelzorger_32, 38 = Vrijwilligerswerk_33,
 *  9 = ErvarenGezondheidGoedZeerGoed_4, 40 = LopenNaarSchoolOfWerk_35):
 *   line     2  NL01        Eenzaam 47.0
 *   line  7502  GM0402      Eenzaam 48.0
 *   line 11591  GM0828      Eenzaam 45.8  Mantelzorger 14.0  Vrijwilligerswerk 24.3
 *                           LopenNaarSchoolOfWerk empty
 *   line 11625  BU08280501  ErvarenGezondheidGoedZeerGoed '       .'
 * Rows (awk on the slice NL01|GM0828|GM0402 and their WK/BU): Land 1,
 * Gemeente 2, Wijk 32, Buurt 149 = 184; GM0402 with its wijken and buurten 53.
 * Cells (fields 9..43 of the 184 rows = 6440): '.' 288, empty 552, number 5600.
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

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "import/http.h"
#include "import/odata.h"
#include "import/odata3.h"
#include "importtest.h"
#include "pgtest.h"

static bp_testdb tdb;
static bp_test_server srv;
static PGconn *conn;

#define HTTP_TIMEOUT_MS 1500   /* the server's slow answer takes 3 s */

/* ------------------------------------------------------------ helpers (see importtest.h) */

/* COPY text per PQputCopyData in run_import; 0: the default (~1 MB, more than a test page). */
static size_t copy_chunk;

/* What the progress callback saw: one entry per page. */
static bp_test_progress progress;

/* Page limits for run_import; zeros: the importer's defaults. */
static bp_odata_limits limits;

static bp_rc run_import(const char *const *gem, size_t n_gem, bp_import_result *res, bp_error *err)
{
	bp_http_options ho;
	bp_test_fast_http(&ho, HTTP_TIMEOUT_MS);
	bp_odata3_options o = { 0 };
	o.table_id = "50090NED";
	o.catalog = "RIVM";
	o.base_url = srv.base;
	o.http = &ho;
	o.gemeenten = gem;
	o.n_gemeenten = n_gem;
	o.copy_chunk = copy_chunk;
	o.limits = &limits;
	o.progress = bp_test_progress_record;
	o.progress_ctx = &progress;
	memset(&progress, 0, sizeof(progress));
	memset(err, 0, sizeof(*err));
	return bp_import_odata3(conn, &o, res, err);
}

/* ------------------------------------------------------------ setup */

static int start_server(void **state)
{
	(void)state;
	if (bp_testdb_start(&tdb) != 0)
		return -1;
	conn = tdb.db.conn;
	bp_test_fast_http(&srv.http, HTTP_TIMEOUT_MS);
	return bp_test_server_start(&srv, "cbs_server.py", "odata", "50");
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

/* ------------------------------------------------------------ next links that do not end */

/* With the server's links=mode, the import stops with a message naming the URL
 * whose next link it refused, and leaves the database as it was.  Before the
 * first clean load, so that the data pages are fetched (no vintage yet). */
static void expect_loop(const char *mode, const char *in_message, const char *in_where)
{
	bp_test_snapshot before, after;
	bp_test_snap(conn, &before);
	char q[64];
	snprintf(q, sizeof(q), "links=%s", mode);
	bp_test_server_ctl(&srv, q);
	bp_import_result res;
	bp_error err;
	bp_rc rc = run_import(NULL, 0, &res, &err);
	memset(&limits, 0, sizeof(limits));
	if (rc != BP_ERR_PARSE || !strstr(err.message, in_message) || !strstr(err.where, in_where))
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_ERR_PARSE);
	assert_non_null(strstr(err.message, in_message));
	assert_non_null(strstr(err.where, srv.base));
	assert_non_null(strstr(err.where, in_where));
	bp_test_snap(conn, &after);
	bp_test_assert_same(&before, &after);
}

static void test_loop_meta_self(void **state)
{
	(void)state;
	expect_loop("meta_self", "links to itself", "/ODataApi/odata/50090NED/DataProperties?");
}

static void test_loop_meta_grow(void **state)
{
	(void)state;
	limits.list_pages = 20;
	expect_loop("meta_grow", "more than 20 pages", "/DataProperties?$format=json&$skiptoken=19");
}

static void test_loop_empty_cycle(void **state)
{
	(void)state;
	expect_loop("empty_cycle", "leads back to a page read before", "$skiptoken=100001");
}

static void test_loop_row_cycle(void **state)
{
	(void)state;
	expect_loop("row_cycle", "leads back to a page read before", "$skiptoken=50");
}

static void test_loop_ever_new(void **state)
{
	(void)state;
	limits.data_pages = 20;
	expect_loop("ever_new", "more than 20 pages", "/UntypedDataSet?");
}

/* A next link to another host (or from https to http) is not followed: the
 * source recorded is the first URL's host, and the data must come from it. */
static void test_next_link_other_host(void **state)
{
	(void)state;
	expect_loop("other_host", "leads to another host", "/UntypedDataSet?");
}

/* ------------------------------------------------------------ pure functions */

static void test_names(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	assert_string_equal(bp_odata3_variable_code(a, "Eenzaam_28"), "Eenzaam");
	assert_string_equal(bp_odata3_variable_code(a, "MateVanStedelijkheid_127"), "MateVanStedelijkheid");
	assert_string_equal(bp_odata3_variable_code(a, "k_65JaarOfOuder_12"), "k_65JaarOfOuder");
	assert_string_equal(bp_odata3_variable_code(a, "ID"), "ID");
	assert_string_equal(bp_odata3_variable_code(a, "Foo_1a"), "Foo_1a");
	bp_arena_free(a);
	assert_string_equal(bp_odata3_default_base(NULL), "https://opendata.cbs.nl");
	assert_string_equal(bp_odata3_default_base("CBS"), "https://opendata.cbs.nl");
	assert_string_equal(bp_odata3_default_base("RIVM"), "https://dataderden.cbs.nl");
	assert_string_equal(bp_odata3_publisher("RIVM"), "RIVM");
	assert_string_equal(bp_odata3_publisher(NULL), "CBS");
}

/* http.c alone: 4xx other than 429 is not retried; 404 is NOT_FOUND with the URL. */
static void test_http_404(void **state)
{
	(void)state;
	bp_http_options o;
	bp_test_fast_http(&o, HTTP_TIMEOUT_MS);
	bp_http *h = bp_http_new(&o);
	bp_buf b;
	bp_buf_init(&b);
	bp_error err = { 0 };
	char url[256];
	snprintf(url, sizeof(url), "%s/ODataApi/odata/50090NED/NoSuchSet?$format=json", srv.base);
	assert_int_equal(bp_http_get(h, url, &b, &err), BP_ERR_NOT_FOUND);
	assert_string_equal(err.where, url);
	assert_non_null(strstr(err.message, "HTTP 404"));
	assert_int_equal(bp_http_retries(h), 0);
	bp_buf_release(&b);
	bp_http_free(h);
}

/* A server's error body goes into the error's detail, which a terminal shows:
 * escapes, bells, carriage returns and bidi overrides are taken out. */
static void test_http_error_body_escapes(void **state)
{
	(void)state;
	bp_http_options o;
	bp_test_fast_http(&o, HTTP_TIMEOUT_MS);
	bp_http *h = bp_http_new(&o);
	bp_buf b;
	bp_buf_init(&b);
	bp_error err = { 0 };
	char url[256];
	snprintf(url, sizeof(url), "%s/ODataApi/odata/50090NED/AnsiError?$format=json", srv.base);
	assert_int_equal(bp_http_get(h, url, &b, &err), BP_ERR_NOT_FOUND);
	assert_non_null(strstr(err.detail, "Not  found"));   /* the bell is a space */
	assert_non_null(strstr(err.detail, "gnp.exe"));
	for (const char *p = err.detail; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
	assert_null(strstr(err.detail, "\u202e"));
	assert_null(strstr(err.detail, "\xc2\x9b"));
	bp_buf_release(&b);
	bp_http_free(h);
}

/* ------------------------------------------------------------ failures leave nothing */

static void expect_failure(int page, const char *fault, bp_rc want, const char *in_message)
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
	char tok[64];
	snprintf(tok, sizeof(tok), "$skiptoken=%d", page * 50);
	assert_non_null(strstr(err.where, srv.base));
	assert_non_null(strstr(err.where, "/ODataFeed/odata/50090NED/UntypedDataSet?"));
	assert_non_null(strstr(err.where, tok));
	if (in_message && !strstr(err.message, in_message)) {
		bp_test_print_err(&err);
		fail_msg("message lacks '%s'", in_message);
	}
	bp_test_snap(conn, &after);
	bp_test_assert_same(&before, &after);
}

static void test_fail_truncated_forever(void **state)
{
	(void)state;
	expect_failure(1, "truncate_always", BP_ERR_IO, "download failed");
	assert_int_equal(bp_test_server_hits(&srv, 1), 4);   /* max_attempts */
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.source"), 0);
}

static void test_fail_permanent_500(void **state)
{
	(void)state;
	expect_failure(2, "500_always", BP_ERR_IO, "HTTP 500");
	assert_int_equal(bp_test_server_hits(&srv, 2), 4);
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.observation_all"), 0);
}

static void test_fail_schema_change(void **state)
{
	(void)state;
	bp_test_snapshot before, after;
	bp_test_snap(conn, &before);
	bp_test_server_ctl(&srv, "page=3&fault=schema");
	bp_import_result res;
	bp_error err;
	assert_int_equal(run_import(NULL, 0, &res, &err), BP_ERR_PARSE);
	assert_non_null(strstr(err.where, "$skiptoken=150"));
	assert_int_equal(err.row, 151);  /* the first row of the last page */
	assert_true(strstr(err.message, "NieuweMaat_39") || strstr(err.message, "Mantelzorger_32"));
	bp_test_snap(conn, &after);
	bp_test_assert_same(&before, &after);
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
	assert_int_equal(res.rows, 184);
	assert_int_equal(res.areas, 184);
	assert_int_equal(res.observations, 6440);
	assert_int_equal(res.pages, 4);
	assert_int_equal(res.year, 2020);
	for (int p = 0; p < 4; p++)
		assert_int_equal(bp_test_server_hits(&srv, p), 1);
	/* Progress after each of the 4 pages; the total is known from the start:
	 * 184 regions (RIVM's region list for the two gemeenten and NL) x 1 period. */
	assert_int_equal(progress.n, 4);
	for (int p = 0; p < 4; p++) {
		assert_int_equal(progress.seen[p].pages, p + 1);
		assert_int_equal(progress.seen[p].expected_rows, 184);
		assert_true(p == 0 || progress.seen[p].rows > progress.seen[p - 1].rows);
	}
	assert_int_equal(progress.seen[3].rows, 184);
	long id = res.source_id;
	bp_test_assert_50090ned_complete(conn, id);

	/* the vintage */
	char sql[512];
	snprintf(sql, sizeof(sql),
	         "SELECT publisher || '|' || table_id || '|' || title || '|' || licence || '|' || importer || '|' || row_count "
	         "|| '|' || to_char(modified AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM bp.source WHERE id = %ld", id);
	assert_string_equal(bp_test_scalar(conn, sql),
	                    "RIVM|50090NED|Gezondheid per wijk en buurt; 2012/2016/2020 (indeling 2020)|CC BY 4.0|cbs-odata3|184|2022-01-01T02:00:00");
	snprintf(sql, sizeof(sql), "SELECT checksum ~ '^[0-9a-f]{64}$' FROM bp.source WHERE id = %ld", id);
	assert_string_equal(bp_test_scalar(conn, sql), "t");
	snprintf(sql, sizeof(sql), "SELECT location LIKE '%s/ODataFeed/odata/50090NED/UntypedDataSet?$format=json&$filter=%%' FROM bp.source WHERE id = %ld", srv.base, id);
	assert_string_equal(bp_test_scalar(conn, sql), "t");

	/* values and statuses, by hand from the CSV */
	assert_string_equal(bp_test_obs_2020(conn, id, "GM0828", "Eenzaam"), "45.8 ok");
	assert_string_equal(bp_test_obs_2020(conn, id, "GM0828", "Mantelzorger"), "14 ok");
	assert_string_equal(bp_test_obs_2020(conn, id, "GM0828", "Vrijwilligerswerk"), "24.3 ok");
	assert_string_equal(bp_test_obs_2020(conn, id, "GM0828", "LopenNaarSchoolOfWerk"), "NULL not_applicable");
	assert_string_equal(bp_test_obs_2020(conn, id, "GM0402", "Eenzaam"), "48 ok");
	assert_string_equal(bp_test_obs_2020(conn, id, "NL00", "Eenzaam"), "47 ok");
	assert_string_equal(bp_test_obs_2020(conn, id, "BU08280501", "ErvarenGezondheidGoedZeerGoed"), "NULL unknown_or_secret");
	snprintf(sql, sizeof(sql), "SELECT string_agg(status || '=' || n, ',' ORDER BY status) FROM "
	         "(SELECT status::text, count(*) n FROM bp.observation_all WHERE source_id = %ld GROUP BY 1) s", id);
	assert_string_equal(bp_test_scalar(conn, sql), "not_applicable=552,ok=5600,unknown_or_secret=288");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.observation_all WHERE source_id = %ld AND area_code = 'NL01'", id);
	assert_int_equal(bp_test_count(conn, sql), 0);

	/* Stored wide (sql/015): one row per region, the 35 measures (topics
	 * 4..38 of DataProperties; 1..3 are the region's texts) in their order;
	 * no long-form rows.  GM0828's row, by hand from the fixture's
	 * UntypedDataSet: measure 25 Eenzaam_28 "    45.8", 32
	 * LopenNaarSchoolOfWerk_35 null, 35 MoeiteMetRondkomen_38 "    12.2". */
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.observation WHERE source_id = %ld", id);
	assert_int_equal(bp_test_count(conn, sql), 0);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.observation_row WHERE source_id = %ld", id);
	assert_int_equal(bp_test_count(conn, sql), 184);
	snprintf(sql, sizeof(sql), "SELECT string_agg(variable_code, ',' ORDER BY position) FROM bp.source_column "
	         "WHERE source_id = %ld AND position IN (1, 25, 32, 35)", id);
	assert_string_equal(bp_test_scalar(conn, sql), "ErvarenGezondheidGoedZeerGoed,Eenzaam,LopenNaarSchoolOfWerk,MoeiteMetRondkomen");
	snprintf(sql, sizeof(sql),
	         "SELECT concat_ws('|', value[25], substr(status, 25, 1), coalesce(value[32]::text, 'NULL'), substr(status, 32, 1), "
	         "value[35], substr(status, 35, 1), cardinality(value), length(status)) "
	         "FROM bp.observation_row WHERE source_id = %ld AND area_code = 'GM0828'", id);
	assert_string_equal(bp_test_scalar(conn, sql), "45.8|o|NULL|n|12.2|o|35|35");
	/* The newest vintage of a cell wins across both forms: a newer long-form
	 * cell (another importer) hides the wide one, and back when it goes. */
	bp_test_scalar(conn, "INSERT INTO bp.source (publisher, table_id, title, location, checksum, licence, importer, retrieved_at) "
	                     "VALUES ('RIVM', 'test', 'later long form', 'test', 'x', 'CC BY 4.0', 'test', now() + interval '1 day') RETURNING id");
	bp_test_scalar(conn, "INSERT INTO bp.observation SELECT 'Eenzaam', 'GM0828', 2020, '2020', max(id), 44.4, 'ok', 'GM0828' "
	                     "FROM bp.source RETURNING 1");
	const char *current = "SELECT value || ' ' || status FROM bp.observation_current "
	                      "WHERE area_code = 'GM0828' AND variable_code = 'Eenzaam' AND period = '2020'";
	assert_string_equal(bp_test_scalar(conn, current), "44.4 ok");
	bp_test_scalar(conn, "WITH d AS (DELETE FROM bp.observation WHERE source_id = (SELECT max(id) FROM bp.source) RETURNING 1) SELECT count(*) FROM d");
	bp_test_scalar(conn, "WITH d AS (DELETE FROM bp.source WHERE table_id = 'test' RETURNING 1) SELECT count(*) FROM d");
	assert_string_equal(bp_test_scalar(conn, current), "45.8 ok");

	/* areas: NL01 became NL00; levels; names from the region list; parents */
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
	/* every cell refers to an area and a variable (bp.observation has no FKs) */
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.observation_all o WHERE source_id = %ld AND ("
	         "NOT EXISTS (SELECT 1 FROM bp.area a WHERE a.code = o.area_code AND a.indeling_year = o.indeling_year) OR "
	         "NOT EXISTS (SELECT 1 FROM bp.variable v WHERE v.code = o.variable_code))", id);
	assert_int_equal(bp_test_count(conn, sql), 0);

	/* variables from DataProperties */
	assert_string_equal(bp_test_scalar(conn, "SELECT title || '|' || unit || '|' || decimals FROM bp.variable WHERE code = 'Eenzaam'"),
	                    "Eenzaam|%|1");
	assert_string_equal(bp_test_scalar(conn, "SELECT variable_code || '|' || origin FROM bp.variable_label WHERE label = '50090NED/Eenzaam_28'"),
	                    "Eenzaam|CBS 50090NED DataProperties");
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
	assert_int_equal(bp_test_server_hits(&srv, 0), 0);   /* the vintage was recognised before any data request */
	bp_test_snap(conn, &after);
	bp_test_assert_same(&before, &after);
}

/* A failure with a vintage in place: still nothing changes. */
static void test_fail_after_load(void **state)
{
	(void)state;
	bp_test_server_ctl(&srv, "modified=2022-06-01T02:00:00");
	expect_failure(1, "500_always", BP_ERR_IO, "HTTP 500");
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.source"), 1);
}

static void test_new_vintage(void **state)
{
	(void)state;
	long first = bp_test_count(conn, "SELECT min(id) FROM bp.source WHERE table_id = '50090NED'");
	bp_test_server_ctl(&srv, "modified=2022-06-01T02:00:00&revise=1");
	bp_import_result res;
	bp_error err;
	assert_int_equal(run_import(NULL, 0, &res, &err), BP_OK);
	assert_false(res.already_loaded);
	assert_true(res.source_id > first);
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.source WHERE table_id = '50090NED'"), 2);
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.observation_all"), 2 * 6440);
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.area WHERE indeling_year = 2020"), 184);
	/* the old vintage keeps its figure; the current view shows the revision */
	assert_string_equal(bp_test_obs_2020(conn, first, "GM0828", "Eenzaam"), "45.8 ok");
	assert_string_equal(bp_test_obs_2020(conn, res.source_id, "GM0828", "Eenzaam"), "46 ok");
	assert_string_equal(bp_test_scalar(conn, "SELECT value FROM bp.observation_current WHERE area_code = 'GM0828' "
	                                         "AND variable_code = 'Eenzaam' AND period = '2020'"), "46");
	/* what changed between the two vintages: the one revised figure (sql/016) */
	char sql[512];
	snprintf(sql, sizeof(sql),
	         "SELECT string_agg(concat_ws('|', table_id, variable_code, area_code, period, previous_value, value, "
	         "previous_status, status, previous_source_id = %ld, source_id = %ld), ';') FROM bp.observation_revision",
	         first, res.source_id);
	assert_string_equal(bp_test_scalar(conn, sql), "50090NED|Eenzaam|GM0828|2020|45.8|46|ok|ok|t|t");
	/* the same Modified again: nothing */
	assert_int_equal(run_import(NULL, 0, &res, &err), BP_OK);
	assert_true(res.already_loaded);

	/* Positions belong to their vintage: a newer wide vintage with two
	 * columns in another order (Mantelzorger first, Eenzaam second) and one
	 * row is read at its own positions, and wins only for its own cells.
	 * Without it: Eenzaam 46 (the revision), Mantelzorger 14 and
	 * Vrijwilligerswerk 24.3 (the CSV, as in test_clean_load). */
	bp_test_scalar(conn, "INSERT INTO bp.source (publisher, table_id, title, location, checksum, licence, importer, retrieved_at) "
	                     "VALUES ('RIVM', 'test', 'two columns', 'test', 'y', 'CC BY 4.0', 'test', now() + interval '1 day') RETURNING id");
	bp_test_scalar(conn, "INSERT INTO bp.source_column SELECT max(id), p, v FROM bp.source, "
	                     "(VALUES (1, 'Mantelzorger'), (2, 'Eenzaam')) c(p, v) GROUP BY p, v RETURNING 1");
	bp_test_scalar(conn, "INSERT INTO bp.observation_row SELECT max(id), 'GM0828', 2020, '2020', 'GM0828', "
	                     "'{15.5,NULL}', 'ou' FROM bp.source RETURNING 1");
	const char *cur = "SELECT string_agg(variable_code || '=' || coalesce(value::text, 'NULL') || ' ' || status, ', ' ORDER BY variable_code) "
	                  "FROM bp.observation_current WHERE area_code = 'GM0828' AND period = '2020' "
	                  "AND variable_code IN ('Eenzaam', 'Mantelzorger', 'Vrijwilligerswerk')";
	assert_string_equal(bp_test_scalar(conn, cur),
	                    "Eenzaam=NULL unknown_or_secret, Mantelzorger=15.5 ok, Vrijwilligerswerk=24.3 ok");
	bp_test_scalar(conn, "WITH d AS (DELETE FROM bp.source WHERE table_id = 'test' RETURNING 1) SELECT count(*) FROM d");
	assert_int_equal(bp_test_count(conn, "SELECT count(*) FROM bp.source_column WHERE source_id NOT IN (SELECT id FROM bp.source)"), 0);
	assert_string_equal(bp_test_scalar(conn, cur), "Eenzaam=46 ok, Mantelzorger=14 ok, Vrijwilligerswerk=24.3 ok");
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
static void test_slow_then_ok(void **state) { (void)state; expect_recovery(0, "slow_once", 2); }
/* libcurl absorbs one reset of a reused connection itself (a fresh connection,
 * no error to us); the second reset is ours to retry: three requests. */
static void test_reset_then_ok(void **state) { (void)state; expect_recovery(3, "reset_twice", 3); }
static void test_truncated_then_ok(void **state) { (void)state; expect_recovery(1, "truncate_once", 2); }
static void test_malformed_then_ok(void **state) { (void)state; expect_recovery(2, "malformed_once", 2); }

/* A page is streamed into the database while it arrives: with a COPY chunk
 * of one byte, the rows of a cut-off (http.c's retry) or half-JSON (the
 * page's retry) first attempt reach the server before the failure shows.
 * They are rolled back to the page's savepoint: every cell once. */
static void expect_recovery_streamed(int page, const char *fault, long want_hits)
{
	copy_chunk = 1;
	expect_recovery(page, fault, want_hits);
	copy_chunk = 0;
}
static void test_truncated_streamed(void **state) { (void)state; expect_recovery_streamed(1, "truncate_once", 2); }
static void test_garbage_streamed(void **state) { (void)state; expect_recovery_streamed(2, "garbage_once", 2); }
static void test_reset_streamed(void **state) { (void)state; expect_recovery_streamed(3, "reset_twice", 3); }

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
	/* GM0402 with its wijken and buurten (53) and Nederland, the reference (1). */
	assert_int_equal(res.rows, 54);
	assert_int_equal(res.observations, 54 * 35);
	assert_int_equal(res.pages, 2);   /* the server filtered: 54 rows in pages of 50 */
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.observation_all WHERE source_id = %ld AND gemeente_code <> 'GM0402'", res.source_id);
	assert_int_equal(bp_test_count(conn, sql), 0);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.observation_all WHERE source_id = %ld AND area_code = 'NL00'", res.source_id);
	assert_int_equal(bp_test_count(conn, sql), 35);
	assert_string_equal(bp_test_obs_2020(conn, res.source_id, "NL00", "Eenzaam"), "47 ok");
	assert_string_equal(bp_test_obs_2020(conn, res.source_id, "GM0402", "Eenzaam"), "48 ok");
	/* the padded key travels in $filter: 'GM0402    ' */
	snprintf(sql, sizeof(sql), "SELECT location LIKE '%%GM0402%%20%%20%%20%%20%%27%%' FROM bp.source WHERE id = %ld", res.source_id);
	assert_string_equal(bp_test_scalar(conn, sql), "t");
	/* an unknown gemeente is an error, not an empty load */
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
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup(test_http_404, reset_server),
		cmocka_unit_test_setup(test_http_error_body_escapes, reset_server),
		cmocka_unit_test_setup(test_fail_truncated_forever, reset_server),
		cmocka_unit_test_setup(test_fail_permanent_500, reset_server),
		cmocka_unit_test_setup(test_fail_schema_change, reset_server),
		cmocka_unit_test_setup(test_loop_meta_self, reset_server),
		cmocka_unit_test_setup(test_loop_meta_grow, reset_server),
		cmocka_unit_test_setup(test_loop_empty_cycle, reset_server),
		cmocka_unit_test_setup(test_loop_row_cycle, reset_server),
		cmocka_unit_test_setup(test_loop_ever_new, reset_server),
		cmocka_unit_test_setup(test_next_link_other_host, reset_server),
		cmocka_unit_test_setup(test_clean_load, reset_server),
		cmocka_unit_test_setup(test_reload_is_noop, reset_server),
		cmocka_unit_test_setup(test_fail_after_load, reset_server),
		cmocka_unit_test_setup(test_new_vintage, reset_server),
		cmocka_unit_test_setup(test_500_then_ok, reset_server),
		cmocka_unit_test_setup(test_429_then_ok, reset_server),
		cmocka_unit_test_setup(test_slow_then_ok, reset_server),
		cmocka_unit_test_setup(test_reset_then_ok, reset_server),
		cmocka_unit_test_setup(test_truncated_then_ok, reset_server),
		cmocka_unit_test_setup(test_malformed_then_ok, reset_server),
		cmocka_unit_test_setup(test_truncated_streamed, reset_server),
		cmocka_unit_test_setup(test_garbage_streamed, reset_server),
		cmocka_unit_test_setup(test_reset_streamed, reset_server),
		cmocka_unit_test_setup(test_gemeente_filter, reset_server),
	};
	return cmocka_run_group_tests(tests, start_server, stop_server);
}
