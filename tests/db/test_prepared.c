/*
 * test_prepared: bp_pg_query_prepared (db/pgutil.c) against a real server.
 * The statement is prepared once per session (the server's
 * pg_prepared_statements says so, and a second call gives the second
 * parameter's answer, not the first's); a prepared statement survives a
 * rolled-back transaction (it is session state), and asking whether it
 * exists never aborts the caller's transaction; a statement the server
 * refuses is an error with its message and leaves nothing prepared, so the
 * next call with a good text under the same name works; a second session
 * prepares its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "db/pgutil.h"
#include "pgtest.h"

/* The group's cluster (bp_test_db_setup): its connection, set by the first test. */
#define conn (bp_test_db.db.conn)

/* The one text cell of NAME run with P, or NULL on error (err filled). */
static char *cell(PGconn *c, const char *name, const char *sql, const char *p, bp_error *err)
{
	static char buf[64];
	const char *params[] = { p };
	PGresult *r = NULL;
	if (bp_pg_query_prepared(c, name, sql, 1, params, &r, err))
		return NULL;
	snprintf(buf, sizeof(buf), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return buf;
}

static void test_prepared_once(void **state)
{
	(void)state;
	bp_error err = { 0 };
	const char *sql = "SELECT ($1::int * 2)::text";
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM pg_prepared_statements"), "0");
	assert_string_equal(cell(conn, "t_double", sql, "21", &err), "42");
	assert_string_equal(cell(conn, "t_double", sql, "5", &err), "10");
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM pg_prepared_statements WHERE name = 't_double'"),
	                    "1");

	/* Inside a transaction that is rolled back: the lookup does not abort it,
	 * and the statement is still there after the rollback. */
	assert_int_equal(bp_pg_exec(conn, "BEGIN", &err), BP_OK);
	assert_string_equal(cell(conn, "t_double", sql, "7", &err), "14");
	assert_string_equal(cell(conn, "t_triple", "SELECT ($1::int * 3)::text", "7", &err), "21");
	assert_int_equal(bp_pg_exec(conn, "SELECT 1", &err), BP_OK);   /* the transaction is not aborted */
	assert_int_equal(bp_pg_exec(conn, "ROLLBACK", &err), BP_OK);
	assert_string_equal(cell(conn, "t_triple", "SELECT ($1::int * 3)::text", "2", &err), "6");
}

static void test_refused_statement(void **state)
{
	(void)state;
	bp_error err = { 0 };
	assert_null(cell(conn, "t_bad", "SELECT $1::int FROM no_such_table", "1", &err));
	assert_int_equal(err.rc, BP_ERR_DB);
	assert_non_null(strstr(err.message, "no_such_table"));
	assert_string_equal(bp_test_scalar(conn, "SELECT count(*) FROM pg_prepared_statements WHERE name = 't_bad'"),
	                    "0");
	bp_error err2 = { 0 };
	assert_string_equal(cell(conn, "t_bad", "SELECT ($1::int + 1)::text", "1", &err2), "2");
}

static void test_second_session(void **state)
{
	(void)state;
	bp_error err = { 0 };
	PGconn *other = NULL;
	assert_int_equal(bp_db_connect(&bp_test_db.db, &other, &err), BP_OK);
	assert_string_equal(cell(other, "t_double", "SELECT ($1::int * 2)::text", "4", &err), "8");
	PQfinish(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prepared_once),
		cmocka_unit_test(test_refused_statement),
		cmocka_unit_test(test_second_session),
	};
	return cmocka_run_group_tests(tests, bp_test_db_setup, bp_test_db_teardown);
}
