/*
 * test_verdict: better or worse than a reference, in words
 * (report/verdict.h).  Each case is worked out by hand in its comment.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "core/lang.h"
#include "report/verdict.h"

static void test_polarity(void **state)
{
	(void)state;
	/* bijstand (higher is worse) 6.1 against 4.9: worse; basisscholen within 3 km (higher is better) 3.1 above: better */
	assert_int_equal(bp_verdict_of(BP_POLARITY_HIGHER_IS_WORSE, 6.1, 4.9, 1, -1), BP_VERDICT_WORSE);
	assert_int_equal(bp_verdict_of(BP_POLARITY_HIGHER_IS_BETTER, 8.1, 5.0, 1, -1), BP_VERDICT_BETTER);
	assert_int_equal(bp_verdict_of(BP_POLARITY_HIGHER_IS_WORSE, 3.0, 4.9, 1, -1), BP_VERDICT_BETTER);
	assert_int_equal(bp_verdict_of(BP_POLARITY_HIGHER_IS_BETTER, 3.0, 4.9, 1, -1), BP_VERDICT_WORSE);
	/* no better side: no verdict, whatever the difference */
	assert_int_equal(bp_verdict_of(BP_POLARITY_NEUTRAL, 30.0, 10.0, 0, -1), BP_VERDICT_NEUTRAL);
}

static void test_differs(void **state)
{
	(void)state;
	/* The test's answer (engine/reference_test.h, run in SQL; its cases are in
	 * report/reference_test): 45.2 against 47.7 with no difference beyond chance */
	assert_int_equal(bp_verdict_of(BP_POLARITY_HIGHER_IS_WORSE, 45.2, 47.7, 1, 0), BP_VERDICT_UNCLEAR);
	/* against 51.6 with one: lower loneliness is better */
	assert_int_equal(bp_verdict_of(BP_POLARITY_HIGHER_IS_WORSE, 45.2, 51.6, 1, 1), BP_VERDICT_BETTER);
	assert_int_equal(bp_verdict_of(BP_POLARITY_HIGHER_IS_BETTER, 45.2, 51.6, 1, 1), BP_VERDICT_WORSE);
	/* equal at the decimals shown comes first, whatever the test */
	assert_int_equal(bp_verdict_of(BP_POLARITY_HIGHER_IS_WORSE, 45.24, 45.16, 1, 1), BP_VERDICT_SAME);
}

static void test_same_and_missing(void **state)
{
	(void)state;
	/* 17.94 and 17.86 both read 17,9 at one decimal: equal to the reader */
	assert_int_equal(bp_verdict_of(BP_POLARITY_HIGHER_IS_WORSE, 17.94, 17.86, 1, -1), BP_VERDICT_SAME);
	/* ... and differ at two */
	assert_int_equal(bp_verdict_of(BP_POLARITY_HIGHER_IS_WORSE, 17.94, 17.86, 2, -1), BP_VERDICT_WORSE);
	assert_int_equal(bp_verdict_of(BP_POLARITY_HIGHER_IS_WORSE, NAN, 17.86, 1, -1), BP_VERDICT_NONE);
	assert_int_equal(bp_verdict_of(BP_POLARITY_HIGHER_IS_WORSE, 1.0, NAN, 1, -1), BP_VERDICT_NONE);
}

static void test_words(void **state)
{
	(void)state;
	/* never colour alone: every judged verdict has a word and a sign */
	assert_string_equal(bp_verdict_nl(BP_VERDICT_WORSE), "ongunstiger");
	assert_string_equal(bp_verdict_mark(BP_VERDICT_WORSE), "▼");
	assert_string_equal(bp_verdict_class(BP_VERDICT_WORSE), "ongunstig");
	assert_string_equal(bp_verdict_nl(BP_VERDICT_BETTER), "gunstiger");
	assert_string_equal(bp_verdict_mark(BP_VERDICT_BETTER), "▲");
	assert_string_equal(bp_verdict_class(BP_VERDICT_BETTER), "gunstig");
	assert_string_equal(bp_verdict_nl(BP_VERDICT_UNCLEAR), "niet duidelijk anders");
	assert_string_equal(bp_verdict_class(BP_VERDICT_UNCLEAR), "");
	assert_string_equal(bp_verdict_nl(BP_VERDICT_NONE), "");
}

static void test_words_en(void **state)
{
	(void)state;
	/* The English pages' words come from the catalogue (core/lang.h): every judged verdict has one. */
	assert_string_equal(bp_tr(BP_LANG_EN, bp_verdict_nl(BP_VERDICT_WORSE)), "worse");
	assert_string_equal(bp_tr(BP_LANG_EN, bp_verdict_nl(BP_VERDICT_BETTER)), "better");
	assert_string_equal(bp_tr(BP_LANG_EN, bp_verdict_nl(BP_VERDICT_UNCLEAR)), "not clearly different");
	assert_string_equal(bp_tr(BP_LANG_EN, bp_verdict_nl(BP_VERDICT_SAME)), "equal");
	assert_string_equal(bp_tr(BP_LANG_EN, bp_verdict_nl(BP_VERDICT_NEUTRAL)), "no verdict");
	assert_string_equal(bp_tr(BP_LANG_NL, bp_verdict_nl(BP_VERDICT_WORSE)), "ongunstiger");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_polarity),
		cmocka_unit_test(test_differs),
		cmocka_unit_test(test_same_and_missing),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_words_en),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
