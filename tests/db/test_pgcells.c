/*
 * Tests for the checked reads of integer cells (db/pgutil.h).  The results
 * are built on the client (PQmakeEmptyPGresult, PQsetvalue), so no server is
 * needed: what is tested is the reading, not a query.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "db/pgutil.h"

/* One column "n" with the given cells; NULL makes an SQL NULL. */
static PGresult *result_of(const char *const *cells, int n)
{
	PGresult *r = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	PGresAttDesc col = { .name = (char *)"n", .format = 0, .typid = 20, .typlen = 8, .atttypmod = -1 };
	assert_non_null(r);
	assert_int_equal(PQsetResultAttrs(r, 1, &col), 1);
	for (int i = 0; i < n; i++)
		assert_int_equal(PQsetvalue(r, i, 0, (char *)cells[i], cells[i] ? (int)strlen(cells[i]) : -1), 1);
	return r;
}

static void test_whole_numbers(void **state)
{
	(void)state;
	const char *cells[] = { "42", "-7", "0", "9223372036854775807" };
	PGresult *r = result_of(cells, 4);
	bp_error err = { 0 };
	int i = -1;
	long l = -1;
	assert_int_equal(bp_pg_int(r, 0, 0, &i, &err), BP_OK);
	assert_int_equal(i, 42);
	assert_int_equal(bp_pg_int(r, 1, 0, &i, &err), BP_OK);
	assert_int_equal(i, -7);
	assert_int_equal(bp_pg_long(r, 2, 0, &l, &err), BP_OK);
	assert_int_equal(l, 0);
	assert_int_equal(bp_pg_long(r, 3, 0, &l, &err), BP_OK);
	assert_true(l == LONG_MAX);
	PQclear(r);
}

/* NULL is not 0, and digits followed by anything are not a number. */
static void test_refused(void **state)
{
	(void)state;
	const char *cells[] = { NULL, "12abc", "", "2147483648", "1.5" };
	PGresult *r = result_of(cells, 5);
	bp_error err = { 0 };
	int i = -1;
	long l = -1;
	assert_int_equal(bp_pg_int(r, 0, 0, &i, &err), BP_ERR_DB);
	assert_int_equal(i, 0);
	assert_string_equal(err.message, "column n of row 1 is NULL where a whole number (int) belongs");
	assert_int_equal(bp_pg_long(r, 1, 0, &l, &err), BP_ERR_DB);
	assert_string_equal(err.message, "column n of row 2 holds '12abc' where a whole number belongs");
	assert_int_equal(bp_pg_long(r, 2, 0, &l, NULL), BP_ERR_DB);
	assert_int_equal(bp_pg_int(r, 3, 0, &i, NULL), BP_ERR_DB);   /* beyond INT_MAX */
	assert_int_equal(bp_pg_long(r, 3, 0, &l, NULL), BP_OK);
	assert_int_equal(l, 2147483648L);
	assert_int_equal(bp_pg_int(r, 4, 0, &i, NULL), BP_ERR_DB);
	/* A row or column the result does not have is a bug of the caller's. */
	assert_int_equal(bp_pg_int(r, 5, 0, &i, NULL), BP_ERR_INTERNAL);
	assert_int_equal(bp_pg_int(r, 0, 1, &i, NULL), BP_ERR_INTERNAL);
	PQclear(r);
}

static void test_default_for_null(void **state)
{
	(void)state;
	const char *cells[] = { NULL, "3" };
	PGresult *r = result_of(cells, 2);
	assert_int_equal(bp_pg_int_or(r, 0, 0, -1), -1);
	assert_int_equal(bp_pg_int_or(r, 1, 0, -1), 3);
	assert_int_equal(bp_pg_long_or(r, 0, 0, 0), 0);
	assert_int_equal(bp_pg_long_or(r, 1, 0, 0), 3);
	PQclear(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_numbers),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_default_for_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
