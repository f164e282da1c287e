/*
 * test_experience: the query API returns only consented rows (the privacy
 * filter), with its filters and order, and the publishing role cannot read
 * the table behind the view.  Rows are written by SQL here so that the
 * filter is tested apart from the importer (tests/import/test_experiences.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "db/pgutil.h"
#include "engine/experience.h"
#include "pgtest.h"

static bp_testdb tdb;

static void exec_ok(const char *sql)
{
	bp_error err;
	bp_error_clear(&err);
	if (bp_pg_exec(tdb.db.conn, sql, &err) != BP_OK)
		fail_msg("%s: %s %s", sql, err.message, err.detail);
}

/* Five rows in WK082801 / WK082802; rows 2 and 5 have no consent. */
static void fill(void)
{
	exec_ok("INSERT INTO bp.source (id, publisher, table_id, title, location, checksum, licence, importer) "
	        "VALUES (900, 'gemeente', 'ervaringen', 'Ervaringen', '/x.csv', 'abc', 'intern', 'experiences')");
	exec_ok("INSERT INTO bp.experience (source_id, row_number, line, collection, area_code, indeling_year, "
	        "gemeente_code, theme, date, role, kind, text, rating, consent, example, source_note, intervention_id) VALUES "
	        "(900, 1, 2, 'x.csv', 'WK082801', 2020, 'GM0828', 'sociale-veerkracht', '2019-05-01', 'bewoner', 'quote', "
	        "  'Ik ken nu mijn buren.', NULL, true, true, 'bewonersavond', 'oss-buurtkamer-schadewijk'),"
	        "(900, 2, 3, 'x.csv', 'WK082801', 2020, 'GM0828', 'sociale-veerkracht', '2020-01-10', 'bewoner', 'story', "
	        "  'Niet voor publicatie.', NULL, false, true, NULL, NULL),"
	        "(900, 3, 4, 'x.csv', 'WK082801', 2020, 'GM0828', 'sociale-veerkracht', '2018-03-03', 'professional', 'rating', "
	        "  NULL, 7, true, false, NULL, NULL),"
	        "(900, 4, 5, 'x.csv', 'WK082801', 2020, 'GM0828', 'participatie', '2021-06-30', 'vrijwilliger', 'rating', "
	        "  'Goed georganiseerd.', 9, true, false, NULL, NULL),"
	        "(900, 5, 6, 'x.csv', 'WK082802', 2020, 'GM0828', 'sociale-veerkracht', '2019-05-01', 'raadslid', 'rating', "
	        "  NULL, 2, false, false, NULL, NULL)");
}

static void test_consent_only(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_error err;
	bp_error_clear(&err);
	bp_experience *e;
	size_t n;
	/* WK082801, sociale-veerkracht: rows 1, 2, 3; row 2 has no consent. Newest first: 1 (2019), 3 (2018). */
	assert_int_equal(bp_experiences_for(tdb.db.conn, "WK082801", "sociale-veerkracht", a, &e, &n, &err), BP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(e[0].date, "2019-05-01");
	assert_string_equal(e[0].role, "bewoner");
	assert_string_equal(e[0].kind, "quote");
	assert_string_equal(e[0].text, "Ik ken nu mijn buren.");
	assert_int_equal(e[0].rating, 0);
	assert_true(e[0].example);
	assert_string_equal(e[0].source_note, "bewonersavond");
	assert_string_equal(e[0].intervention_id, "oss-buurtkamer-schadewijk");
	assert_int_equal(e[0].indeling_year, 2020);
	assert_string_equal(e[1].date, "2018-03-03");
	assert_null(e[1].text);
	assert_int_equal(e[1].rating, 7);
	assert_false(e[1].example);
	assert_null(e[1].source_note);

	/* Every area and theme: rows 1, 3, 4 (2 and 5 lack consent); never a text of row 2. */
	assert_int_equal(bp_experiences_for(tdb.db.conn, NULL, NULL, a, &e, &n, &err), BP_OK);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		assert_true(e[i].text == NULL || strcmp(e[i].text, "Niet voor publicatie.") != 0);
	assert_string_equal(e[0].date, "2021-06-30");

	/* WK082802 has only a row without consent. */
	assert_int_equal(bp_experiences_for(tdb.db.conn, "WK082802", NULL, a, &e, &n, &err), BP_OK);
	assert_int_equal(n, 0);
	assert_null(e);

	/* Ratings: WK082801 all themes, consented: 7 and 9 -> n 2, mean 8; WK082802: the 2 is not counted. */
	long rn;
	double mean;
	assert_int_equal(bp_experience_rating_summary(tdb.db.conn, "WK082801", NULL, &rn, &mean, &err), BP_OK);
	assert_int_equal(rn, 2);
	assert_true(mean == 8.0);
	assert_int_equal(bp_experience_rating_summary(tdb.db.conn, "WK082802", NULL, &rn, &mean, &err), BP_OK);
	assert_int_equal(rn, 0);
	bp_arena_free(a);
}

static void test_filters(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_error err;
	bp_error_clear(&err);
	bp_experience *e;
	size_t n;
	/* Dates 2018-03-03 .. 2019-12-31 inclusive: rows 1 (2019-05-01) and 3 (2018-03-03). */
	bp_experience_query q = { .gemeente_code = "GM0828", .from_date = "2018-03-03", .to_date = "2019-12-31" };
	assert_int_equal(bp_experiences_query(tdb.db.conn, &q, a, &e, &n, &err), BP_OK);
	assert_int_equal(n, 2);
	bp_experience_query qi = { .intervention_id = "oss-buurtkamer-schadewijk" };
	assert_int_equal(bp_experiences_query(tdb.db.conn, &qi, a, &e, &n, &err), BP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].text, "Ik ken nu mijn buren.");
	bp_experience_query ql = { .limit = 1 };
	assert_int_equal(bp_experiences_query(tdb.db.conn, &ql, a, &e, &n, &err), BP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].date, "2021-06-30");
	bp_experience_query qg = { .gemeente_code = "GM0402" };
	assert_int_equal(bp_experiences_query(tdb.db.conn, &qg, a, &e, &n, &err), BP_OK);
	assert_int_equal(n, 0);
	bp_arena_free(a);
}

/* The publishing role reads the view (3 consented rows) but not the table. */
static void test_publish_role(void **state)
{
	(void)state;
	PGconn *c = tdb.db.conn;
	exec_ok("SET ROLE buurtpeil_publish");
	assert_string_equal(bp_test_scalar(c, "SELECT count(*) FROM bp.experience_published"), "3");
	PGresult *r = PQexec(c, "SELECT count(*) FROM bp.experience");
	assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
	assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42501");
	PQclear(r);
	exec_ok("RESET ROLE");
}

static void test_labels(void **state)
{
	(void)state;
	assert_string_equal(bp_experience_kind_label("story"), "verhaal");
	assert_string_equal(bp_experience_kind_label("quote"), "citaat");
	assert_string_equal(bp_experience_kind_label("rating"), "waardering");
	assert_string_equal(bp_experience_role_label("raadslid"), "raadslid");
}

static int group_setup(void **state)
{
	(void)state;
	if (bp_testdb_start(&tdb))
		return -1;
	fill();
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	bp_testdb_stop(&tdb);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_consent_only),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_publish_role),
		cmocka_unit_test(test_labels),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
