/*
 * test_error: the error record and its rendering for a person
 * ("FILE:LINE:COL: error: MSG", then "detail:" and "hint:" lines).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"

static const char *format(const bp_error *err)
{
	static char buf[4 * BP_ERROR_TEXT + 256];
	size_t n = bp_error_format(err, buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	return buf;
}

static void test_where_line_column(void **state)
{
	(void)state;
	bp_error err;
	bp_error_clear(&err);
	bp_error_at(&err, "indicators/aandeel_65_plus.yaml", 7, 12);
	assert_int_equal(bp_fail(&err, BP_ERR_CONFIG, "unknown variable '%s'", "k_65Plus"), BP_ERR_CONFIG);
	assert_int_equal(err.rc, BP_ERR_CONFIG);
	assert_string_equal(format(&err),
	                    "indicators/aandeel_65_plus.yaml:7:12: error: unknown variable 'k_65Plus'");
}

static void test_where_line_only_and_where_only(void **state)
{
	(void)state;
	bp_error err;
	bp_error_clear(&err);
	bp_fail(&err, BP_ERR_PARSE, "bad");
	bp_error_at(&err, "a.yaml", 3, 0);
	assert_string_equal(format(&err), "a.yaml:3: error: bad");
	bp_error_at(&err, "a.yaml", 0, 0);
	assert_string_equal(format(&err), "a.yaml: error: bad");
	/* A column without a line is not shown: it would read as a line. */
	bp_error_at(&err, "a.yaml", 0, 5);
	assert_string_equal(format(&err), "a.yaml: error: bad");
}

static void test_with_row(void **state)
{
	(void)state;
	bp_error err;
	bp_error_clear(&err);
	bp_fail(&err, BP_ERR_PARSE, "expected %d fields, found %d", 13, 12);
	bp_error_at(&err, "https://opendata.cbs.nl/85984NED", 0, 0);
	bp_error_row(&err, 42);
	assert_string_equal(format(&err),
	                    "https://opendata.cbs.nl/85984NED (row 42): error: expected 13 fields, found 12");

	bp_error_at(&err, "kwb.csv", 44, 9);
	assert_string_equal(format(&err), "kwb.csv:44:9 (row 42): error: expected 13 fields, found 12");

	/* A row without a file. */
	bp_error_at(&err, NULL, 0, 0);
	assert_string_equal(err.where, "");
	assert_string_equal(format(&err), "row 42: error: expected 13 fields, found 12");
}

static void test_detail_and_hint(void **state)
{
	(void)state;
	bp_error err;
	bp_error_clear(&err);
	bp_error_at(&err, "sql/001_core.sql", 0, 0);
	bp_fail(&err, BP_ERR_DB, "migration %03d was changed after it was applied", 1);
	bp_error_detail(&err, "recorded %s, now %s", "x", "ab12");
	bp_error_hint(&err, "never edit a shipped migration");
	assert_string_equal(format(&err),
	                    "sql/001_core.sql: error: migration 001 was changed after it was applied\n"
	                    "detail: recorded x, now ab12\n"
	                    "hint: never edit a shipped migration");

	/* A hint alone, without a detail. */
	bp_error_clear(&err);
	bp_fail(&err, BP_ERR_MISSING, "initdb is not installed");
	bp_error_hint(&err, "apt-get install postgresql");
	assert_string_equal(format(&err), "error: initdb is not installed\nhint: apt-get install postgresql");
}

static void test_without_location(void **state)
{
	(void)state;
	bp_error err;
	bp_error_clear(&err);
	bp_fail(&err, BP_ERR_USAGE, "unknown command '%s'", "frobnicate");
	assert_string_equal(format(&err), "error: unknown command 'frobnicate'");
	/* No message at all: the code's name stands in. */
	bp_error_clear(&err);
	err.rc = BP_ERR_RENDER;
	assert_string_equal(format(&err), "error: render");
}

static void test_fail_keeps_location_and_detail(void **state)
{
	(void)state;
	bp_error err;
	bp_error_clear(&err);
	bp_error_at(&err, "f.csv", 2, 3);
	bp_error_row(&err, 1);
	bp_error_detail(&err, "value 'x'");
	bp_fail(&err, BP_ERR_PARSE, "not a number");
	assert_string_equal(err.where, "f.csv");
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 3);
	assert_int_equal(err.row, 1);
	assert_string_equal(err.detail, "value 'x'");
	assert_string_equal(err.message, "not a number");

	bp_error_clear(&err);
	assert_int_equal(err.rc, BP_OK);
	assert_string_equal(err.where, "");
	assert_string_equal(err.message, "");
	assert_string_equal(err.detail, "");
	assert_string_equal(err.hint, "");
	assert_int_equal(err.line, 0);
	assert_int_equal(err.column, 0);
	assert_int_equal(err.row, 0);
}

static void test_null_err(void **state)
{
	(void)state;
	assert_int_equal(bp_fail(NULL, BP_ERR_IO, "cannot write %s", "x"), BP_ERR_IO);
	assert_int_equal(bp_fail(NULL, BP_ERR_INTERNAL, "bug"), BP_ERR_INTERNAL);
	/* The other setters accept NULL too. */
	bp_error_clear(NULL);
	bp_error_at(NULL, "f", 1, 1);
	bp_error_row(NULL, 1);
	bp_error_detail(NULL, "d");
	bp_error_hint(NULL, "h");
}

static void test_truncation(void **state)
{
	(void)state;
	bp_error err;
	char longmsg[3000];
	bp_error_clear(&err);
	memset(longmsg, 'm', sizeof(longmsg) - 1);
	longmsg[sizeof(longmsg) - 1] = '\0';
	bp_fail(&err, BP_ERR_PARSE, "%s", longmsg);
	assert_int_equal(strlen(err.message), BP_ERROR_TEXT - 1);

	/* A small output buffer: a NUL-terminated prefix of the full text. */
	bp_error_clear(&err);
	bp_error_at(&err, "file.yaml", 10, 20);
	bp_fail(&err, BP_ERR_CONFIG, "something long went wrong");
	bp_error_hint(&err, "fix it");
	char small[16];
	memset(small, '#', sizeof(small));
	size_t n = bp_error_format(&err, small, sizeof(small));
	assert_int_equal(n, sizeof(small) - 1);
	assert_int_equal(small[15], '\0');
	assert_string_equal(small, "file.yaml:10:20");

	char tiny[1] = { '#' };
	assert_int_equal(bp_error_format(&err, tiny, 1), 0);
	assert_int_equal(tiny[0], '\0');
	assert_int_equal(bp_error_format(&err, tiny, 0), 0);
}

static void test_rc_names(void **state)
{
	(void)state;
	static const struct { bp_rc rc; const char *name; } names[] = {
		{ BP_OK, "ok" },
		{ BP_ERR_USAGE, "usage" },
		{ BP_ERR_IO, "io" },
		{ BP_ERR_PARSE, "parse" },
		{ BP_ERR_CONFIG, "config" },
		{ BP_ERR_DB, "database" },
		{ BP_ERR_CLUSTER, "cluster" },
		{ BP_ERR_MISSING, "missing" },
		{ BP_ERR_NOT_FOUND, "not-found" },
		{ BP_ERR_RENDER, "render" },
		{ BP_ERR_STALE, "stale" },
		{ BP_ERR_INTERNAL, "internal" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		assert_string_equal(bp_rc_name(names[i].rc), names[i].name);
	assert_string_equal(bp_rc_name((bp_rc)999), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_where_line_column),
		cmocka_unit_test(test_where_line_only_and_where_only),
		cmocka_unit_test(test_with_row),
		cmocka_unit_test(test_detail_and_hint),
		cmocka_unit_test(test_without_location),
		cmocka_unit_test(test_fail_keeps_location_and_detail),
		cmocka_unit_test(test_null_err),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_rc_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
