/*
 * test_intervention: the registry (interventions/ YAML) with every error at
 * its line and column, counted by hand in the texts below (columns are
 * 1-based; `areas: [WK082801, x]` puts the second item at column 19), the
 * shipped examples, and the history kept in PostgreSQL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/fsutil.h"
#include "db/pgutil.h"
#include "engine/intervention.h"
#include "pgtest.h"

static bp_testdb tdb;
static char tmp_dir[256];

/* A valid definition; the error cases below change one line of it. */
#define GOOD \
	"id: oss-buurtkamer\n"                       /* 1 */ \
	"name: Buurtkamer\n"                         /* 2 */ \
	"theme: sociale-veerkracht\n"                /* 3 */ \
	"areas: [WK082801, oss-dorpshuis-berghem]\n" /* 4 */ \
	"start: 2014-09-01\n"                        /* 5 */ \
	"indicators:\n"                              /* 6 */ \
	"  - {id: eenzaamheid, direction: down}\n"   /* 7 */ \
	"partner: Welzijn\n"                         /* 8 */

static bp_intervention load_ok(bp_arena *a, const char *text)
{
	bp_intervention v;
	bp_error err;
	bp_error_clear(&err);
	if (bp_intervention_load_string("iv.yaml", text, a, &v, &err) != BP_OK)
		fail_msg("%s:%ld:%ld: %s", err.where, err.line, err.column, err.message);
	return v;
}

static void expect_error(const char *text, long line, long column, const char *message)
{
	bp_arena *a = bp_arena_new();
	bp_intervention v;
	bp_error err;
	bp_error_clear(&err);
	assert_int_equal(bp_intervention_load_string("iv.yaml", text, a, &v, &err), BP_ERR_CONFIG);
	assert_string_equal(err.where, "iv.yaml");
	assert_string_equal(err.message, message);
	assert_int_equal(err.line, line);
	assert_int_equal(err.column, column);
	bp_arena_free(a);
}

static void test_good(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_intervention v = load_ok(a, GOOD "end: 2018-12-31\nexample: true\n");
	assert_string_equal(v.id, "oss-buurtkamer");
	assert_string_equal(v.theme, "sociale-veerkracht");
	assert_int_equal(v.n_areas, 2);
	assert_string_equal(v.area_codes[0], "WK082801");
	assert_string_equal(v.area_codes[1], "CUoss-dorpshuis-berghem");   /* a custom area id */
	assert_string_equal(v.areas[1], "oss-dorpshuis-berghem");
	assert_int_equal(v.area_locs[1].line, 4);
	assert_int_equal(v.area_locs[1].column, 19);
	assert_string_equal(v.start, "2014-09-01");
	assert_int_equal(v.start_year, 2014);
	assert_string_equal(v.end, "2018-12-31");
	assert_int_equal(v.n_indicators, 1);
	assert_string_equal(v.indicators[0].id, "eenzaamheid");
	assert_int_equal(v.indicators[0].direction, BP_DIRECTION_DOWN);
	assert_int_equal(v.indicators[0].loc.line, 7);
	assert_int_equal(v.indicators[0].loc.column, 10);
	assert_true(v.example);
	assert_null(v.description);

	/* No end, not an example; a changed field changes the hash. */
	bp_intervention w = load_ok(a, GOOD);
	assert_null(w.end);
	assert_false(w.example);
	assert_string_not_equal(v.hash, w.hash);
	bp_intervention w2 = load_ok(a, GOOD);
	assert_string_equal(w.hash, w2.hash);
	bp_arena_free(a);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error(GOOD "sponsor: x\n", 9, 1, "unknown key 'sponsor'");
	expect_error("id: Oss_1\n", 1, 5, "invalid intervention id 'Oss_1'");
	expect_error("id: a\nname: b\n", 1, 1, "missing key 'theme'");
	expect_error("id: a\nname: b\ntheme: sport\n", 3, 8, "unknown theme 'sport'");
	expect_error("id: a\nname: b\ntheme: participatie\nareas: [WK082801, WK08X]\n", 4, 19,
	             "invalid target area 'WK08X'");
	expect_error("id: a\nname: b\ntheme: participatie\nareas: [WK082801, WK082801]\n", 4, 19,
	             "area 'WK082801' is listed twice");
	expect_error("id: a\nname: b\ntheme: participatie\nareas: []\nstart: 2014-09-01\n"
	             "indicators:\n  - {id: x, direction: up}\npartner: p\n", 4, 8,
	             "'areas' must list at least one target area");
	expect_error("id: a\nname: b\ntheme: participatie\nareas: [WK082801]\nstart: 2014-9-1\n", 5, 8,
	             "invalid date '2014-9-1' for 'start'");
	expect_error("id: a\nname: b\ntheme: participatie\nareas: [WK082801]\nstart: 2015-02-29\n", 5, 8,
	             "invalid date '2015-02-29' for 'start'");
	expect_error("id: a\nname: b\ntheme: participatie\nareas: [WK082801]\nstart: 2014-09-01\n"
	             "end: 2013-01-01\n", 6, 6, "the end 2013-01-01 lies before the start 2014-09-01");
	expect_error("id: a\nname: b\ntheme: participatie\nareas: [WK082801]\nstart: 2014-09-01\n"
	             "indicators:\n  - {id: x, direction: sideways}\n", 7, 24, "unknown direction 'sideways'");
	expect_error("id: a\nname: b\ntheme: participatie\nareas: [WK082801]\nstart: 2014-09-01\n"
	             "indicators:\n  - {id: x, direction: up}\n  - {id: x, direction: down}\n", 8, 10,
	             "indicator 'x' is listed twice");
	expect_error("id: a\nname: b\ntheme: participatie\nareas: [WK082801]\nstart: 2014-09-01\n"
	             "indicators: [x]\n", 6, 14,
	             "each indicator ({id: ..., direction: up|down}) must be a mapping, found text");
	expect_error(GOOD "example: yes\n", 9, 10, "'example' must be true or false");
	expect_error("id: a\nname: b\ntheme: participatie\nareas: [WK082801]\nstart: 2014-09-01\n"
	             "partner: p\n", 1, 1, "missing key 'indicators'");
}

static void write_file(const char *dir, const char *name, const char *text)
{
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	if (bp_file_write_atomic(bp_path_join(a, dir, name), text, strlen(text), &err))
		fail_msg("%s", err.message);
	bp_arena_free(a);
}

static void test_dir_and_refs(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_intervention_set set;
	bp_error err = { 0 };
	char *dir = bp_path_join(a, tmp_dir, "iv");
	assert_int_equal(bp_mkdir_p(dir, 0755, &err), BP_OK);
	write_file(dir, "b.yaml", GOOD);
	write_file(dir, "a.yaml", "id: zz\nname: Z\ntheme: participatie\nareas: [GM0828]\nstart: 2020-01-01\n"
	                          "indicators:\n  - {id: vrijwilligerswerk, direction: up}\npartner: p\n");
	assert_int_equal(bp_interventions_load_dir(dir, a, &set, &err), BP_OK);
	assert_int_equal(set.n, 2);
	assert_string_equal(set.items[0].id, "oss-buurtkamer");   /* sorted by id */
	assert_string_equal(set.items[1].id, "zz");

	/* References: eenzaamheid exists, the custom area does not. */
	bp_indicator_def defs[2] = { { .id = "eenzaamheid" }, { .id = "vrijwilligerswerk" } };
	bp_indicator_set inds = { defs, 2 };
	bp_custom_area_set cas = { NULL, 0 };
	assert_int_equal(bp_interventions_check_refs(&set, &inds, NULL, &err), BP_OK);
	assert_int_equal(bp_interventions_check_refs(&set, &inds, &cas, &err), BP_ERR_CONFIG);
	assert_string_equal(err.message, "unknown custom area 'oss-dorpshuis-berghem'");
	assert_int_equal(err.line, 4);
	assert_int_equal(err.column, 19);
	inds.n = 1;
	bp_error_clear(&err);
	assert_int_equal(bp_interventions_check_refs(&set, &inds, NULL, &err), BP_ERR_CONFIG);
	assert_string_equal(err.message, "unknown indicator 'vrijwilligerswerk'");
	assert_int_equal(err.line, 7);
	assert_int_equal(err.column, 10);

	/* pretrend_series names an indicator too, checked at its own position. */
	bp_intervention pt;
	assert_int_equal(bp_intervention_load_string("pt.yaml", "id: pt\nname: P\ntheme: participatie\nareas: [GM0828]\n"
	                                             "start: 2020-01-01\nindicators:\n  - {id: eenzaamheid, direction: up, "
	                                             "pretrend_series: onbekend}\npartner: p\n", a, &pt, &err), BP_OK);
	assert_string_equal(pt.indicators[0].pretrend_series, "onbekend");
	bp_intervention_set one = { &pt, 1 };
	bp_error_clear(&err);
	assert_int_equal(bp_interventions_check_refs(&one, &inds, NULL, &err), BP_ERR_CONFIG);
	assert_string_equal(err.message, "unknown indicator 'onbekend' in pretrend_series");
	assert_int_equal(err.line, 7);
	assert_int_equal(err.column, 55);

	/* The same id twice: located at the second file's id. */
	write_file(dir, "c.yaml", GOOD);
	bp_error_clear(&err);
	assert_int_equal(bp_interventions_load_dir(dir, a, &set, &err), BP_ERR_CONFIG);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 5);
	assert_non_null(strstr(err.where, "c.yaml"));
	bp_arena_free(a);
}

/* The shipped examples are valid and labelled as examples. */
static void test_examples(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_intervention_set set;
	bp_indicator_set inds;
	bp_error err = { 0 };
	const char *root = getenv("BP_SOURCE_ROOT");
	assert_non_null(root);
	if (bp_interventions_load_dir(bp_path_join(a, root, "interventions"), a, &set, &err) ||
	    bp_indicators_load_dir(bp_path_join(a, root, "indicators"), a, &inds, &err) ||
	    bp_interventions_check_refs(&set, &inds, NULL, &err))
		fail_msg("%s:%ld:%ld: %s", err.where, err.line, err.column, err.message);
	assert_true(set.n >= 2);
	for (size_t i = 0; i < set.n; i++)
		assert_true(set.items[i].example);
	bp_arena_free(a);
}

static void test_history(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	PGconn *conn = tdb.db.conn;
	bp_error err = { 0 };
	int added = -1, closed = -1;
	bp_intervention v1 = load_ok(a, GOOD);
	bp_intervention_set set = { &v1, 1 };

	assert_int_equal(bp_interventions_store(conn, &set, &added, &closed, &err), BP_OK);
	assert_int_equal(added, 1);
	assert_int_equal(closed, 0);
	assert_string_equal(bp_test_scalar(conn, "SELECT string_agg(area_code || ':' || written_as, ',' ORDER BY ord) "
	                                         "FROM bp.intervention_target WHERE version = 1"),
	                    "WK082801:WK082801,CUoss-dorpshuis-berghem:oss-dorpshuis-berghem");
	assert_string_equal(bp_test_scalar(conn, "SELECT indicator_id || ':' || direction FROM bp.intervention_indicator"),
	                    "eenzaamheid:down");
	/* Unchanged: nothing happens. */
	assert_int_equal(bp_interventions_store(conn, &set, &added, &closed, &err), BP_OK);
	assert_int_equal(added, 0);
	assert_int_equal(closed, 0);
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM bp.intervention"), "1");
	/* Changed: a new version, the old one kept and closed. */
	bp_intervention v2 = load_ok(a, GOOD "end: 2018-12-31\n");
	set.items = &v2;
	assert_int_equal(bp_interventions_store(conn, &set, &added, &closed, &err), BP_OK);
	assert_int_equal(added, 1);
	assert_int_equal(closed, 1);
	assert_string_equal(bp_test_scalar(conn, "SELECT string_agg(version || ':' || (valid_to IS NULL) || ':' || "
	                                         "coalesce(end_date::text, '-'), ',' ORDER BY version) FROM bp.intervention"),
	                    "1:false:-,2:true:2018-12-31");
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM bp.intervention_target"), "4");
	/* Removed from the folder: closed, not deleted. */
	set.n = 0;
	assert_int_equal(bp_interventions_store(conn, &set, &added, &closed, &err), BP_OK);
	assert_int_equal(closed, 1);
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) || ':' || count(valid_to) FROM bp.intervention"), "2:2");
	/* Back again: version 3. */
	set.n = 1;
	assert_int_equal(bp_interventions_store(conn, &set, &added, &closed, &err), BP_OK);
	assert_string_equal(bp_test_scalar(conn, "SELECT version FROM bp.intervention WHERE valid_to IS NULL"), "3");
	bp_arena_free(a);
}

/* The second store, in a thread of its own (it waits for the first). */
typedef struct {
	PGconn *conn;
	const bp_intervention_set *set;
	int added, closed;
	bp_rc rc;
	bp_error err;
} store_job;

static void *store_thread(void *p)
{
	store_job *j = p;
	j->rc = bp_interventions_store(j->conn, j->set, &j->added, &j->closed, &j->err);
	return NULL;
}

/*
 * Issue 24: two runs storing the same new definition at once.  The first is
 * held inside its transaction, after it wrote the new version's row (as
 * bp_interventions_store does, under the registry's lock); the second
 * starts meanwhile.  Before the lock it read "no current version", wrote the
 * same version and failed on intervention_pkey when the first committed;
 * now it waits, then finds the first's version unchanged.
 */
static void test_concurrent_store(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	PGconn *first = tdb.db.conn, *second = NULL;
	bp_error err = { 0 };
	bp_intervention v = load_ok(a, "id: gelijktijdig\nname: Twee keer\ntheme: sociale-veerkracht\n"
	                               "areas: [WK082801]\nstart: 2014-09-01\n"
	                               "indicators:\n  - {id: eenzaamheid, direction: down}\npartner: Welzijn\n");
	bp_intervention_set set = { &v, 1 };
	assert_int_equal(bp_db_connect(&tdb.db, &second, &err), BP_OK);
	const char *p[] = { v.id, v.name, v.theme, v.start, v.loc.file, v.hash, v.partner };
	assert_int_equal(bp_pg_exec(first, "BEGIN", &err), BP_OK);
	assert_int_equal(bp_pg_exec(first, "SELECT pg_advisory_xact_lock(hashtextextended('bp.intervention', 0))", &err), BP_OK);
	assert_int_equal(bp_pg_query(first, "INSERT INTO bp.intervention (id, version, name, theme, start_date, "
	                                    "definition_file, definition_hash, partner) "
	                                    "VALUES ($1, 1, $2, $3, $4::date, $5, $6, $7)",
	                             7, p, NULL, &err), BP_OK);
	store_job j = { second, &set, -1, -1, BP_OK, { 0 } };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, store_thread, &j), 0);
	usleep(300 * 1000);   /* the second is at its first statements now, old code or new */
	assert_int_equal(bp_pg_exec(first, "COMMIT", &err), BP_OK);
	pthread_join(th, NULL);
	if (j.rc)
		fail_msg("second store: %s", j.err.message);
	assert_int_equal(j.added, 0);
	assert_string_equal(bp_test_scalar(first, "SELECT count(*) FROM bp.intervention WHERE id = 'gelijktijdig'"), "1");
	PQfinish(second);
	bp_arena_free(a);
}

static int group_setup(void **state)
{
	(void)state;
	if (bp_testdb_start(&tdb))
		return -1;
	bp_test_tmpdir(tmp_dir, sizeof(tmp_dir));
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	bp_testdb_stop(&tdb);
	bp_test_rmtree(tmp_dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_dir_and_refs),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_concurrent_store),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
