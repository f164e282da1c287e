/* Tests for bp_numfmt_nl: Dutch number formatting. Expected strings worked out by hand. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/numfmt.h"

#define EN_DASH "\xe2\x80\x93"
#define MINUS "\xe2\x88\x92"   /* U+2212 */
#define NNBSP "\xe2\x80\xaf"   /* U+202F */

/* Format into a roomy buffer and check both the text and the returned length. */
static void check(double v, int decimals, const char *want)
{
	char buf[128];
	memset(buf, 'x', sizeof(buf));
	size_t n = bp_numfmt_nl(buf, sizeof(buf), v, decimals);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

/* bp_numfmt_sig15 against printf's "%.14e" (the reference it replaces) for one value. */
static void check_sig15(double a)
{
	char want[64], dig[16];
	int exp10 = -999;
	snprintf(want, sizeof(want), "%.14e", a);
	bp_numfmt_sig15(a, dig, &exp10);
	char got[64];
	snprintf(got, sizeof(got), "%c.%.14se%+03d", dig[0], dig + 1, exp10);
	if (strcmp(got, want) != 0)
		fail_msg("%.17g: %s, printf %s", a, got, want);
}

/* Over many values of every kind a report formats: random bits at every magnitude, decimal fractions,
 * halves at the 15th digit (ties), neighbours of powers of ten, and the ranges' edges. */
static void test_sig15_like_printf(void **state)
{
	(void)state;
	uint64_t x = 0x9E3779B97F4A7C15ULL;
	for (int i = 0; i < 500000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* a positive double from 1e-10 to 1e16: exponent bits in range, random mantissa */
		double a = ldexp((double)(x >> 11) / 9007199254740992.0 + 0.5, (int)(x % 90) - 34);
		check_sig15(a);
		/* decimal fractions as values are stored: n / 10^d */
		check_sig15((double)(x % 100000000) / pow(10, (double)(x >> 59 & 7)));
		/* ties: 16 significant digits ending in 5 that a double holds exactly (k + 0.5, k < 2^52) */
		check_sig15((double)(x % 100000000000000ULL) + 0.5);
		check_sig15(((double)(x % 100000000000000ULL) + 0.5) / 1024);
	}
	for (int p = -12; p <= 16; p++) {
		double t = pow(10, p);
		check_sig15(t);
		check_sig15(nextafter(t, 0));
		check_sig15(nextafter(t, INFINITY));
		check_sig15(t * 0.9999999999999995);
		check_sig15(t * 0.99999999999999995);
	}
	check_sig15(0);
	check_sig15(1e-8);
	check_sig15(nextafter(1e-8, 0));
	check_sig15(1e15);
	check_sig15(nextafter(1e15, 0));
	check_sig15(DBL_MAX);
	check_sig15(DBL_MIN);
	check_sig15(999999999999999.5);
	check_sig15(99999999999999.95);
}

static void test_decimal_comma(void **state)
{
	(void)state;
	check(17.872, 1, "17,9");
	check(17.842, 1, "17,8");
	check(3.14159, 2, "3,14");
	check(0.5, 2, "0,50");
	check(7, 0, "7");
	check(7, 3, "7,000");
	check(0, 0, "0");
	check(0, 2, "0,00");
}

static void test_thousands(void **state)
{
	(void)state;
	check(1890, 0, "1.890");
	check(17942942, 0, "17.942.942");
	check(999, 0, "999");
	check(1000, 0, "1.000");
	check(100000, 0, "100.000");
	check(123456.789, 2, "123.456,79");
	check(-1234.5, 1, MINUS "1.234,5");
	check(-1234567, 0, MINUS "1.234.567");
}

static void test_no_negative_zero(void **state)
{
	(void)state;
	check(-0.04, 1, "0,0");
	check(-0.0, 0, "0");
	check(-0.4, 0, "0");
	check(-0.0049, 2, "0,00");
	/* but a negative value that survives rounding keeps its sign */
	check(-0.05, 1, MINUS "0,1");
	check(-0.5, 0, MINUS "1");
}

static void test_half_away_from_zero(void **state)
{
	(void)state;
	/* 0.05 is stored just above, 1.005 and 2.675 just below the half:
	 * the reader sees the written decimal, so all round up. */
	check(0.05, 1, "0,1");
	check(0.15, 1, "0,2");
	check(0.25, 1, "0,3");
	check(1.005, 2, "1,01");
	check(2.675, 2, "2,68");
	check(2.5, 0, "3");
	check(-2.5, 0, MINUS "3");
	check(0.049, 1, "0,0");
	check(0.44999, 1, "0,4");
	check(0.5, 0, "1");
	check(0.004, 2, "0,00");
	check(0.005, 2, "0,01");
	/* a carry running through every digit and into a new thousands group */
	check(999.96, 1, "1.000,0");
	check(99999.5, 0, "100.000");
	check(9.96, 1, "10,0");
}

static void test_not_a_number(void **state)
{
	(void)state;
	check(NAN, 1, EN_DASH);
	check(INFINITY, 0, EN_DASH);
	check(-INFINITY, 2, EN_DASH);
}

static void test_large_and_small(void **state)
{
	(void)state;
	check(1e15, 0, "1.000.000.000.000.000");
	check(1e-9, 3, "0,000");
	check(0.000123, 6, "0,000123");
	/* negative decimals are treated as 0 */
	check(12.7, -1, "13");
}

static void test_truncation(void **state)
{
	(void)state;
	char buf[5];
	memset(buf, 'x', sizeof(buf));
	size_t n = bp_numfmt_nl(buf, sizeof(buf), 17942942, 0);
	/* "17.942.942" cut to size - 1 bytes, always terminated */
	assert_string_equal(buf, "17.9");
	assert_int_equal(n, 4);

	/* size 0: nothing written, not even the terminator */
	buf[0] = 'q';
	n = bp_numfmt_nl(buf, 0, 1.5, 1);
	assert_int_equal(n, 0);
	assert_int_equal(buf[0], 'q');

	/* size 1: only the terminator */
	n = bp_numfmt_nl(buf, 1, 1.5, 1);
	assert_int_equal(n, 0);
	assert_string_equal(buf, "");

	/* the 3-byte en dash is not cut into an invalid UTF-8 fragment */
	char small[3];
	n = bp_numfmt_nl(small, sizeof(small), NAN, 0);
	assert_int_equal(n, 0);
	assert_string_equal(small, "");
	char exact[4];
	n = bp_numfmt_nl(exact, sizeof(exact), NAN, 0);
	assert_int_equal(n, 3);
	assert_string_equal(exact, EN_DASH);
}

/* Signed differences: "+" only where the rounded value is above zero. */
static void test_diff(void **state)
{
	(void)state;
	char buf[64];
	assert_int_equal(bp_numfmt_nl_diff(buf, sizeof(buf), 0.44, 1), strlen("+0,4"));
	assert_string_equal(buf, "+0,4");
	bp_numfmt_nl_diff(buf, sizeof(buf), -3.02, 1);
	assert_string_equal(buf, MINUS "3,0");
	bp_numfmt_nl_diff(buf, sizeof(buf), 0.04, 1);
	assert_string_equal(buf, "0,0");
	bp_numfmt_nl_diff(buf, sizeof(buf), -0.04, 1);
	assert_string_equal(buf, "0,0");
	bp_numfmt_nl_diff(buf, sizeof(buf), 1234.5, 0);
	assert_string_equal(buf, "+1.235");
	bp_numfmt_nl_diff(buf, sizeof(buf), NAN, 1);
	assert_string_equal(buf, EN_DASH);
}

/* A unit after a narrow no-break space, but glued to "%" and "‰". */
static void test_unit(void **state)
{
	(void)state;
	char buf[64];
	size_t n = bp_numfmt_nl_unit(buf, sizeof(buf), 5087, 0, "inw./km²", 0);
	assert_string_equal(buf, "5.087" NNBSP "inw./km²");
	assert_int_equal(n, strlen(buf));
	bp_numfmt_nl_unit(buf, sizeof(buf), 0.8, 1, "km", 0);
	assert_string_equal(buf, "0,8" NNBSP "km");
	bp_numfmt_nl_unit(buf, sizeof(buf), 14.5, 1, "%", 0);
	assert_string_equal(buf, "14,5%");
	bp_numfmt_nl_unit(buf, sizeof(buf), -1.5, 1, "%", 1);
	assert_string_equal(buf, MINUS "1,5%");
	bp_numfmt_nl_unit(buf, sizeof(buf), 2.1, 1, "%", 1);
	assert_string_equal(buf, "+2,1%");
	bp_numfmt_nl_unit(buf, sizeof(buf), 3, 0, NULL, 0);
	assert_string_equal(buf, "3");
	bp_numfmt_nl_unit(buf, sizeof(buf), NAN, 1, "km", 0);
	assert_string_equal(buf, EN_DASH);
	/* cut within the unit, never inside the space's three bytes */
	char small[6];
	n = bp_numfmt_nl_unit(small, sizeof(small), 0.8, 1, "km", 0);
	assert_string_equal(small, "0,8");
	assert_int_equal(n, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decimal_comma),
		cmocka_unit_test(test_thousands),
		cmocka_unit_test(test_no_negative_zero),
		cmocka_unit_test(test_half_away_from_zero),
		cmocka_unit_test(test_sig15_like_printf),
		cmocka_unit_test(test_not_a_number),
		cmocka_unit_test(test_large_and_small),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_unit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
