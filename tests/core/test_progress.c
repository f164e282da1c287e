/* Tests for the progress line of long loads.  Rates and estimates worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/progress.h"

static void check(long pages, long rows, long expected, double elapsed, const char *want)
{
	char buf[160];
	bp_progress p = { pages, rows, expected };
	size_t n = bp_progress_format(buf, sizeof(buf), &p, elapsed);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void test_rate_and_time_left(void **state)
{
	(void)state;
	/* 120,000 rows in 3 s = 40,000 rows/s; 2,132,130 left / 40,000 = 53.3 s -> 53 s. */
	check(12, 120000, 2252130, 3.0, "page 12, 120.000 of 2.252.130 rows (5%), 40.000 rows/s, about 53 s left");
	/* 10,000 rows in 2 s = 5,000/s; 990,000 left / 5,000 = 198 s = 3 min 18 s. */
	check(1, 10000, 1000000, 2.0, "page 1, 10.000 of 1.000.000 rows (1%), 5.000 rows/s, about 3 min 18 s left");
}

static void test_without_expected_total(void **state)
{
	(void)state;
	/* v4 before its first page said @odata.count, or a service without one: no %, no estimate. */
	check(3, 30000, 0, 4.0, "page 3, 30.000 rows, 7.500 rows/s");
}

static void test_first_second_has_no_rate(void **state)
{
	(void)state;
	check(1, 10000, 20000, 0.4, "page 1, 10.000 of 20.000 rows (50%)");
	check(0, 0, 20000, 5.0, "page 0, 0 of 20.000 rows (0%)");
}

static void test_percent_never_claims_done_early(void **state)
{
	(void)state;
	/* 99,999 of 100,000 is 99.999%: shown as 99, not rounded up to 100. */
	check(10, 99999, 100000, 10.0, "page 10, 99.999 of 100.000 rows (99%), 10.000 rows/s, about 0 s left");
	check(10, 100000, 100000, 10.0, "page 10, 100.000 of 100.000 rows (100%), 10.000 rows/s");
}

static void test_durations(void **state)
{
	(void)state;
	char buf[32];
	bp_progress_duration(buf, sizeof(buf), 59.4);
	assert_string_equal(buf, "59 s");
	bp_progress_duration(buf, sizeof(buf), 59.6);
	assert_string_equal(buf, "1 min 00 s");
	bp_progress_duration(buf, sizeof(buf), 3725);   /* 1 h 2 min 5 s */
	assert_string_equal(buf, "1 h 02 min");
	bp_progress_duration(buf, sizeof(buf), -3);
	assert_string_equal(buf, "0 s");
}

/* A publishing line: 1 of 4 gemeenten done in 30 s leaves 3 x 30 s = 1 min 30 s; 150 pages in 30 s is 5.0/s. */
static void test_gemeenten(void **state)
{
	(void)state;
	char buf[256];
	bp_progress_gemeenten(buf, sizeof(buf), 1, 4, 150, 900, "chart", "charts", 30.0);
	assert_string_equal(buf, "(1 of 4 gemeenten; 150 pages and 900 charts in 30 s, 5.0 pages/s; "
	                         "about 1 min 30 s left)");
	/* All done: nothing left; no time yet: no rate. */
	bp_progress_gemeenten(buf, sizeof(buf), 2, 2, 10, 3, "file", "files", 0.0);
	assert_string_equal(buf, "(2 of 2 gemeenten; 10 pages and 3 files in 0 s, 0.0 pages/s; about 0 s left)");
	/* One of each: the singular, never "(s)" or "(n)"; the rate stays "pages/s". */
	bp_progress_gemeenten(buf, sizeof(buf), 1, 1, 1, 1, "chart", "charts", 2.0);
	assert_string_equal(buf, "(1 of 1 gemeente; 1 page and 1 chart in 2 s, 0.5 pages/s; about 0 s left)");
	bp_progress_gemeenten(buf, sizeof(buf), 0, 3, 0, 0, "file", "files", 0.0);
	assert_string_equal(buf, "(0 of 3 gemeenten; 0 pages and 0 files in 0 s, 0.0 pages/s; about 0 s left)");
}

static void test_small_buffer_truncates(void **state)
{
	(void)state;
	char buf[12];
	bp_progress p = { 12, 120000, 2252130 };
	size_t n = bp_progress_format(buf, sizeof(buf), &p, 3.0);
	/* snprintf semantics: the full length is returned, the text cut and terminated. */
	assert_int_equal(n, strlen("page 12, 120.000 of 2.252.130 rows (5%), 40.000 rows/s, about 53 s left"));
	assert_string_equal(buf, "page 12, 12");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_and_time_left),
		cmocka_unit_test(test_without_expected_total),
		cmocka_unit_test(test_first_second_has_no_rate),
		cmocka_unit_test(test_percent_never_claims_done_early),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_gemeenten),
		cmocka_unit_test(test_small_buffer_truncates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
