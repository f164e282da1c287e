/*
 * test_cbsvalue: one CBS cell, number and status (lib/import/cbsvalue.c).
 *
 * The accepted shape is the one its comment states: optional blanks,
 * [sign] digits [separator digits], an optional '*' or '**' marker,
 * optional blanks.  So "1." and ".5" (no digits on one side) are rejected
 * just as "nan", "inf", exponents and hex are.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "import/cbsvalue.h"

static bp_cbs_value ok(const char *s, int flags)
{
	bp_cbs_value v = { .value = -1234.5, .status = BP_STATUS_UNKNOWN };
	int rc = bp_cbs_value_parse(s, strlen(s), flags, &v);
	if (rc != 0)
		print_error("expected '%s' (flags %d) to parse\n", s, flags);
	assert_int_equal(rc, 0);
	return v;
}

static void reject(const char *s, int flags)
{
	bp_cbs_value v;
	int rc = bp_cbs_value_parse(s, strlen(s), flags, &v);
	if (rc != -1)
		print_error("expected '%s' (flags %d) to be rejected, got %g status %d\n", s, flags, v.value, (int)v.status);
	assert_int_equal(rc, -1);
}

static void test_numbers(void **state)
{
	(void)state;
	/* fixture line 2: Nederland, Aantal inwoners */
	bp_cbs_value v = ok("17942942", 0);
	assert_int_equal(v.status, BP_STATUS_OK);
	assert_true(v.value == 17942942.0);

	v = ok("  76.1  ", 0);
	assert_int_equal(v.status, BP_STATUS_OK);
	assert_true(v.value == 76.1);

	v = ok("0", 0);
	assert_int_equal(v.status, BP_STATUS_OK);
	assert_true(v.value == 0.0);

	v = ok("-3", 0);
	assert_true(v.value == -3.0);
	v = ok("+7", 0);
	assert_true(v.value == 7.0);
	v = ok("-0.25", 0);
	assert_true(v.value == -0.25);
	v = ok("\t1890\t", 0);
	assert_true(v.value == 1890.0);

	/* only len bytes count */
	assert_int_equal(bp_cbs_value_parse("12345", 2, 0, &v), 0);
	assert_true(v.value == 12.0);
}

static void test_symbols(void **state)
{
	(void)state;
	bp_cbs_value v = ok(".", 0);
	assert_int_equal(v.status, BP_STATUS_UNKNOWN);
	v = ok("  .  ", 0);
	assert_int_equal(v.status, BP_STATUS_UNKNOWN);
	v = ok("", 0);
	assert_int_equal(v.status, BP_STATUS_NOT_APPLICABLE);
	v = ok("   ", 0);
	assert_int_equal(v.status, BP_STATUS_NOT_APPLICABLE);

	v = ok("12*", 0);
	assert_int_equal(v.status, BP_STATUS_PROVISIONAL);
	assert_true(v.value == 12.0);
	v = ok("12 *", 0);           /* the legend writes "123 *" */
	assert_int_equal(v.status, BP_STATUS_PROVISIONAL);
	assert_true(v.value == 12.0);
	v = ok("12**", 0);
	assert_int_equal(v.status, BP_STATUS_REVISED_PROVISIONAL);
	assert_true(v.value == 12.0);
	v = ok(" 4.5 ** ", 0);
	assert_int_equal(v.status, BP_STATUS_REVISED_PROVISIONAL);
	assert_true(v.value == 4.5);

	reject("*", 0);
	reject("**", 0);
	reject("***", 0);
	reject("12***", 0);
	reject("*12", 0);
	reject(".*", 0);
}

static void test_decimal_comma(void **state)
{
	(void)state;
	bp_cbs_value v = ok("33,5", BP_CBS_DECIMAL_COMMA);
	assert_int_equal(v.status, BP_STATUS_OK);
	assert_true(v.value == 33.5);
	v = ok(" -0,75* ", BP_CBS_DECIMAL_COMMA);
	assert_int_equal(v.status, BP_STATUS_PROVISIONAL);
	assert_true(v.value == -0.75);
	/* '.' alone is still the symbol with the comma flag */
	v = ok(".", BP_CBS_DECIMAL_COMMA);
	assert_int_equal(v.status, BP_STATUS_UNKNOWN);

	reject("33,5", 0);                     /* no flag: a comma is not a number */
	reject("33.5", BP_CBS_DECIMAL_COMMA);  /* the flag makes ',' the only separator */
	reject("1.234,5", BP_CBS_DECIMAL_COMMA);
	reject("1,2,3", BP_CBS_DECIMAL_COMMA);
	reject("1,", BP_CBS_DECIMAL_COMMA);
	reject(",5", BP_CBS_DECIMAL_COMMA);
}

static void test_rejects(void **state)
{
	(void)state;
	reject("nan", 0);
	reject("NaN", 0);
	reject("inf", 0);
	reject("-inf", 0);
	reject("infinity", 0);
	reject("1e5", 0);
	reject("1E5", 0);
	reject("0x10", 0);
	reject("1.", 0);       /* digits must follow the separator */
	reject(".5", 0);       /* and precede it: '.' alone is the unknown symbol */
	reject("-.5", 0);
	reject("--1", 0);
	reject("+-1", 0);
	reject("-", 0);
	reject("+", 0);
	reject("1 2", 0);
	reject("1.2.3", 0);
	reject("abc", 0);
	reject("12abc", 0);
	reject("12*3", 0);
	reject("\xe2\x88\x92" "5", 0);   /* U+2212 minus sign */
	reject("..", 0);
	/* longer than any CBS figure: refused rather than truncated */
	reject("1234567890123456789012345678901234567890123456789012345678901234567890", 0);
}

static void test_sentinels(void **state)
{
	(void)state;
	/* without the flag a sentinel is just a (negative) number */
	bp_cbs_value v = ok("-99999999", 0);
	assert_int_equal(v.status, BP_STATUS_OK);
	assert_true(v.value == -99999999.0);
	v = ok("-99995", 0);
	assert_int_equal(v.status, BP_STATUS_OK);
	assert_true(v.value == -99995.0);

	/* with it, values <= -99990 mean "no value" */
	v = ok("-99999999", BP_CBS_SENTINELS);
	assert_int_equal(v.status, BP_STATUS_UNKNOWN);
	v = ok("-99995", BP_CBS_SENTINELS);
	assert_int_equal(v.status, BP_STATUS_UNKNOWN);
	v = ok("-99990", BP_CBS_SENTINELS);
	assert_int_equal(v.status, BP_STATUS_UNKNOWN);
	v = ok("-99989", BP_CBS_SENTINELS);      /* just above the threshold */
	assert_int_equal(v.status, BP_STATUS_OK);
	assert_true(v.value == -99989.0);
	v = ok("-5", BP_CBS_SENTINELS);
	assert_int_equal(v.status, BP_STATUS_OK);
	assert_true(v.value == -5.0);
	v = ok("-99995,0", BP_CBS_SENTINELS | BP_CBS_DECIMAL_COMMA);
	assert_int_equal(v.status, BP_STATUS_UNKNOWN);
}

/* A thousands separator, recognised by shape (a Dutch export's "1.234,5"). */
static void test_grouping(void **state)
{
	(void)state;
	assert_int_equal(bp_number_grouping("1.234,5", 7), '.');
	assert_int_equal(bp_number_grouping(" 17.475.415 ", 12), '.');
	assert_int_equal(bp_number_grouping("-17.475", 7), '.');
	assert_int_equal(bp_number_grouping("1,234.5", 7), ',');
	assert_int_equal(bp_number_grouping("12,345,678", 10), ',');
	/* not grouped: a plain decimal, a group of two or four digits, a lead of four */
	assert_int_equal(bp_number_grouping("1234,5", 6), 0);
	assert_int_equal(bp_number_grouping("2,1", 3), 0);
	assert_int_equal(bp_number_grouping("1.23", 4), 0);
	assert_int_equal(bp_number_grouping("1.2345", 6), 0);
	assert_int_equal(bp_number_grouping("1234.567", 8), 0);
	assert_int_equal(bp_number_grouping("1.234,", 6), 0);
	assert_int_equal(bp_number_grouping("1.234.5", 7), 0);
	assert_int_equal(bp_number_grouping(".", 1), 0);
	assert_int_equal(bp_number_grouping("", 0), 0);
}

static void test_status_names(void **state)
{
	(void)state;
	/* the labels of the SQL enum bp.value_status (sql/001_core.sql) */
	assert_string_equal(bp_value_status_name(BP_STATUS_OK), "ok");
	assert_string_equal(bp_value_status_name(BP_STATUS_UNKNOWN), "unknown_or_secret");
	assert_string_equal(bp_value_status_name(BP_STATUS_NOT_APPLICABLE), "not_applicable");
	assert_string_equal(bp_value_status_name(BP_STATUS_PROVISIONAL), "provisional");
	assert_string_equal(bp_value_status_name(BP_STATUS_REVISED_PROVISIONAL), "revised_provisional");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_symbols),
		cmocka_unit_test(test_decimal_comma),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_sentinels),
		cmocka_unit_test(test_grouping),
		cmocka_unit_test(test_status_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
