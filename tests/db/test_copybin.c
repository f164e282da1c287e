/*
 * test_copybin: rows written in binary COPY format (db/copybin.c) and read
 * back through the server as text.  Every value kind the engine writes:
 * text (with a tab and UTF-8), int4, float8 (exact bits: 0.1, -0.0, 1e300,
 * a subnormal), bool, NULL, an enum, and one-dimensional text, float8 and
 * int4 arrays with and without NULL elements.  A wrong length, byte order
 * or element type makes the server refuse the COPY or read other values.
 * And query results in binary format (bp_pg_query_binary, db/pgutil.c), a
 * buffer of several megabytes sent in one bp_pg_copy_put, and a binary
 * COPY read a row at a time (bp_copybin_read).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "db/copybin.h"
#include "db/pgutil.h"
#include "pgtest.h"

static bp_testdb tdb;
static PGconn *conn;

static const char *q(const char *sql)
{
	return bp_test_scalar(conn, sql);
}

static void exec(const char *sql)
{
	bp_error err = { 0 };
	assert_int_equal(bp_pg_exec(conn, sql, &err), BP_OK);
}

static void test_values_and_arrays(void **state)
{
	(void)state;
	bp_error err = { 0 };
	exec("CREATE TYPE cb_status AS ENUM ('ok', 'estimate')");
	exec("CREATE TABLE cb (t text, i integer, d double precision, b boolean, s cb_status, "
	  "ta text[], da double precision[], ia integer[])");
	bp_buf b;
	bp_buf_init(&b);
	assert_int_equal(bp_copybin_begin(conn, "COPY cb FROM STDIN (FORMAT binary)", &b, &err), BP_OK);

	bp_copybin_row(&b, 8);
	bp_copybin_text(&b, "a\tb é");
	bp_copybin_int4(&b, -2024);
	bp_copybin_float8(&b, 0.1);
	bp_copybin_bool(&b, 1);
	bp_copybin_text(&b, "estimate");
	size_t at = bp_copybin_array_begin(&b, BP_OID_TEXT, 2, 0);
	bp_copybin_text(&b, "configured");
	bp_copybin_text(&b, "without:x");
	bp_copybin_array_end(&b, at);
	at = bp_copybin_array_begin(&b, BP_OID_FLOAT8, 3, 1);
	bp_copybin_float8(&b, -0.0);
	bp_copybin_null(&b);
	bp_copybin_float8(&b, 1e300);
	bp_copybin_array_end(&b, at);
	at = bp_copybin_array_begin(&b, BP_OID_INT4, 2, 1);
	bp_copybin_null(&b);
	bp_copybin_int4(&b, 70000);
	bp_copybin_array_end(&b, at);

	bp_copybin_row(&b, 8);
	bp_copybin_text(&b, NULL);
	bp_copybin_null(&b);
	bp_copybin_float8(&b, 4.9406564584124654e-324);
	bp_copybin_bool(&b, 0);
	bp_copybin_text(&b, "ok");
	for (int i = 0; i < 3; i++)
		bp_copybin_null(&b);
	assert_int_equal(bp_copybin_send(conn, &b, 1, &err), BP_OK);
	bp_buf_release(&b);

	assert_string_equal(q("SELECT count(*) FROM cb"), "2");
	assert_string_equal(q("SELECT t || '|' || i || '|' || (d = 0.1) || '|' || b || '|' || s FROM cb WHERE i IS NOT NULL"),
	                    "a\tb é|-2024|true|true|estimate");
	assert_string_equal(q("SELECT array_to_string(ta, ',') || '|' || array_to_string(da, ',', 'N') || '|' "
	                      "|| array_to_string(ia, ',', 'N') FROM cb WHERE i IS NOT NULL"),
	                    "configured,without:x|-0,N,1e+300|N,70000");
	assert_string_equal(q("SELECT (t IS NULL AND i IS NULL AND ta IS NULL AND da IS NULL AND ia IS NULL "
	                      "AND d = 4.9406564584124654e-324 AND d > 0 AND NOT b AND s = 'ok') FROM cb WHERE i IS NULL"),
	                    "t");
}

/* A type the column does not have is refused, and the COPY is over (the connection usable). */
static void test_wrong_type_refused(void **state)
{
	(void)state;
	bp_error err = { 0 };
	exec("CREATE TABLE cb2 (ia integer[])");
	bp_buf b;
	bp_buf_init(&b);
	assert_int_equal(bp_copybin_begin(conn, "COPY cb2 FROM STDIN (FORMAT binary)", &b, &err), BP_OK);
	bp_copybin_row(&b, 1);
	size_t at = bp_copybin_array_begin(&b, BP_OID_FLOAT8, 1, 0);
	bp_copybin_float8(&b, 1);
	bp_copybin_array_end(&b, at);
	assert_int_not_equal(bp_copybin_send(conn, &b, 1, &err), BP_OK);
	assert_non_null(strstr(err.message, "element type"));
	bp_buf_release(&b);
	assert_string_equal(q("SELECT count(*) FROM cb2"), "0");
}

/*
 * The other way: a query's cells in binary format (bp_pg_query_binary),
 * text as text and numbers bit for bit as the C constants written in the
 * query: a wrong byte order or length reads other numbers.
 */
static void test_binary_results(void **state)
{
	(void)state;
	bp_error err = { 0 };
	PGresult *r = NULL;
	assert_int_equal(bp_pg_query_binary(conn, "SELECT 'a\tb é'::text, -2024, 0.1::float8, '-0'::float8, 1e300::float8, "
	                                          "4.9406564584124654e-324::float8, NULL::float8, NULL::integer, 2147483647",
	                                    0, NULL, &r, &err), BP_OK);
	assert_string_equal(PQgetvalue(r, 0, 0), "a\tb é");
	int i = 0, has = 0;
	assert_int_equal(bp_pg_bin_check_type(r, 1, BP_OID_INT4, &err), BP_OK);
	assert_int_equal(bp_pg_bin_int(r, 0, 1, &i, &err), BP_OK);
	assert_int_equal(i, -2024);
	assert_int_equal(bp_pg_bin_int(r, 0, 8, &i, &err), BP_OK);
	assert_int_equal(i, 2147483647);
	const double want[] = { 0.1, -0.0, 1e300, 4.9406564584124654e-324 };
	for (int c = 2; c < 6; c++) {
		assert_int_equal(bp_pg_bin_check_type(r, c, BP_OID_FLOAT8, &err), BP_OK);
		double d = bp_pg_bin_double(r, 0, c, &has);
		assert_int_equal(has, 1);
		assert_memory_equal(&d, &want[c - 2], sizeof(d));
	}
	assert_true(bp_pg_bin_double(r, 0, 6, &has) == 0 && !has);
	assert_int_not_equal(bp_pg_bin_int(r, 0, 7, &i, &err), BP_OK);  /* NULL */
	assert_int_not_equal(bp_pg_bin_check_type(r, 0, BP_OID_FLOAT8, &err), BP_OK);
	PQclear(r);
}

/*
 * One buffer of several megabytes in one bp_pg_copy_put, which sends it in
 * slices of a megabyte (db/pgutil.c): rows cut at the slices' edges must
 * arrive whole.  The count, the sum of the integers and of the texts'
 * lengths, computed here as the rows are made, against the server's.
 */
static void test_large_put_in_slices(void **state)
{
	(void)state;
	bp_error err = { 0 };
	exec("CREATE TABLE cb3 (i integer, t text)");
	bp_buf b;
	bp_buf_init(&b);
	assert_int_equal(bp_copybin_begin(conn, "COPY cb3 FROM STDIN (FORMAT binary)", &b, &err), BP_OK);
	long n = 150000, sum = 0, chars = 0;
	char t[40];
	for (long i = 0; i < n; i++) {
		int len = snprintf(t, sizeof(t), "row %ld of %ld%s", i, n, i % 7 ? "" : " (seventh)");
		bp_copybin_row(&b, 2);
		bp_copybin_int4(&b, (int32_t)i);
		bp_copybin_text(&b, t);
		sum += i;
		chars += len;
	}
	assert_true(b.len > 3u * (1u << 20));  /* more than three slices, the last one partial */
	assert_int_equal(bp_pg_copy_put(conn, b.data, b.len, &err), BP_OK);
	bp_buf_reset(&b);
	assert_int_equal(bp_copybin_send(conn, &b, 1, &err), BP_OK);
	bp_buf_release(&b);
	char want[96];
	snprintf(want, sizeof(want), "%ld|%ld|%ld", n, sum, chars);
	assert_string_equal(q("SELECT count(*) || '|' || sum(i) || '|' || sum(length(t)) FROM cb3"), want);
	assert_string_equal(q("SELECT t FROM cb3 WHERE i = 149996"), "row 149996 of 150000 (seventh)");
}

/* What read_row saw: rows, the sum of column 1, of the texts' lengths, NULLs, and row 2's cells. */
typedef struct {
	long rows, sum, chars, nulls;
	char text2[32];
	double d2;
	int len2;
} seen;

static bp_rc read_row(void *ctx, int nf, const char *const *d, const int *len, bp_error *err)
{
	seen *s = ctx;
	if (nf != 3)
		return bp_fail(err, BP_ERR_INTERNAL, "%d fields", nf);
	s->rows++;
	s->sum += bp_copybin_get_int4(d[0]);
	if (d[1])
		s->chars += (long)strlen(d[1]);  /* NUL-terminated, as the length says */
	else
		s->nulls++;
	if (d[1] && (size_t)len[1] != strlen(d[1]))
		return bp_fail(err, BP_ERR_INTERNAL, "length %d of '%s'", len[1], d[1]);
	if (bp_copybin_get_int4(d[0]) == 2) {
		snprintf(s->text2, sizeof(s->text2), "%s", d[1]);
		s->d2 = bp_copybin_get_float8(d[2]);
		s->len2 = len[2];
	}
	return s->rows == 4000 && s->nulls == 0 ? bp_fail(err, BP_ERR_INTERNAL, "stop") : BP_OK;
}

/*
 * bp_copybin_read: rows of int4, text (a NULL every tenth, one empty) and
 * float8 (a NULL every seventh: the text before it is followed by the
 * bytes ff ff ff ff, not a length's leading zero, so only the reader's
 * terminating NUL ends it), against sums computed here from the same
 * formula; its error from
 * the row function ends the read, and the connection serves the next
 * statement; no rows at all is no call.
 */
static void test_read_rows(void **state)
{
	(void)state;
	bp_error err = { 0 };
	seen s = { 0 };
	assert_int_equal(bp_copybin_read(conn, "COPY (SELECT i, CASE WHEN i % 10 = 0 THEN NULL WHEN i = 3 THEN '' "
	                                       "ELSE 'row ' || i END, CASE WHEN i % 7 <> 0 THEN i / 4.0::float8 END "
	                                       "FROM generate_series(1, 5000) i) "
	                                       "TO STDOUT (FORMAT binary)", 3, read_row, &s, &err), BP_OK);
	long chars = 0;
	char t[32];
	for (long i = 1; i <= 5000; i++)
		if (i % 10 != 0 && i != 3)
			chars += snprintf(t, sizeof(t), "row %ld", i);
	assert_int_equal(s.rows, 5000);
	assert_int_equal(s.sum, 5000L * 5001 / 2);
	assert_int_equal(s.nulls, 500);
	assert_int_equal(s.chars, chars);
	assert_string_equal(s.text2, "row 2");
	assert_true(s.d2 == 0.5 && s.len2 == 8);
	/* the row function's error: no NULL among the first 4,000 rows is impossible, so it stops at them */
	seen none = { 0 };
	assert_int_equal(bp_copybin_read(conn, "COPY (SELECT i, 'x', 0::float8 FROM generate_series(1, 5000) i) "
	                                       "TO STDOUT (FORMAT binary)", 3, read_row, &none, &err), BP_ERR_INTERNAL);
	assert_int_equal(none.rows, 4000);
	assert_string_equal(q("SELECT 'still usable'"), "still usable");
	seen empty = { 0 };
	assert_int_equal(bp_copybin_read(conn, "COPY (SELECT 1, 'x', 0::float8 WHERE false) TO STDOUT (FORMAT binary)", 3,
	                                 read_row, &empty, &err), BP_OK);
	assert_int_equal(empty.rows, 0);
	assert_int_not_equal(bp_copybin_read(conn, "COPY (SELECT no_such_column) TO STDOUT (FORMAT binary)", 3,
	                                     read_row, &empty, &err), BP_OK);
}

static int group_setup(void **state)
{
	(void)state;
	if (bp_testdb_start(&tdb))
		return -1;
	conn = tdb.db.conn;
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
		cmocka_unit_test(test_values_and_arrays),
		cmocka_unit_test(test_wrong_type_refused),
		cmocka_unit_test(test_binary_results),
		cmocka_unit_test(test_large_put_in_slices),
		cmocka_unit_test(test_read_rows),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
