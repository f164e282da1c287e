/*
 * test_float8: bp_float8_cmp orders doubles as PostgreSQL orders float8
 * (SELECT ... ORDER BY x gives -inf, -1, -0 = 0, 1, inf, NaN, with NaN
 * equal to NaN), and qsort with it puts NaN last.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/float8.h"

static int cmp(const void *a, const void *b)
{
	return bp_float8_cmp(*(const double *)a, *(const double *)b);
}

static void test_order(void **state)
{
	(void)state;
	assert_int_equal(bp_float8_cmp(1, 2), -1);
	assert_int_equal(bp_float8_cmp(2, 1), 1);
	assert_int_equal(bp_float8_cmp(-0.0, 0.0), 0);
	assert_int_equal(bp_float8_cmp(NAN, NAN), 0);
	assert_int_equal(bp_float8_cmp(NAN, INFINITY), 1);
	assert_int_equal(bp_float8_cmp(INFINITY, NAN), -1);
	assert_int_equal(bp_float8_cmp(-INFINITY, -1e308), -1);

	double x[] = { NAN, 1, -INFINITY, NAN, 0, INFINITY, -1 };
	qsort(x, 7, sizeof(*x), cmp);
	assert_true(x[0] == -INFINITY);
	assert_true(x[1] == -1);
	assert_true(x[2] == 0);
	assert_true(x[3] == 1);
	assert_true(x[4] == INFINITY);
	assert_true(isnan(x[5]) && isnan(x[6]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
