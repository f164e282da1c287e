/* Tests for scope_label: what a percentile is out of, worded as a reader reads it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "report/scope_label.h"

static void test_national_names_nederland_and_count(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	assert_string_equal(bp_scope_phrase(a, "wijk", 3150, 1), "alle 3.150 wijken van Nederland met cijfers");
	assert_string_equal(bp_scope_phrase(a, "buurt", 13808, 1), "alle 13.808 buurten van Nederland met cijfers");
	assert_string_equal(bp_scope_percentile_head(1), "Percentiel NL");
	/* English: a comma between thousands, CBS's English for wijk and buurt. */
	assert_string_equal(bp_scope_phrase_lang(a, "wijk", 3150, 1, BP_LANG_EN), "all 3,150 districts of the Netherlands with figures");
	assert_string_equal(bp_scope_phrase_lang(a, "buurt", -1, 1, BP_LANG_EN), "all neighbourhoods of the Netherlands");
	bp_arena_free(a);
}

static void test_monitor_never_says_nederland(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	assert_string_equal(bp_scope_phrase(a, "wijk", 16, 0), "de 16 wijken in deze monitor met cijfers");
	assert_string_equal(bp_scope_phrase(a, "custom", 3, 0), "de 3 gebieden in deze monitor met cijfers");
	assert_string_equal(bp_scope_phrase(a, "gemeente", -1, 0), "de gemeenten in deze monitor");
	assert_string_equal(bp_scope_phrase(a, "wijk", 1, 0), "het enige gebied in deze monitor");
	assert_string_equal(bp_scope_percentile_head(0), "Percentiel monitor");
	assert_string_equal(bp_scope_phrase_lang(a, "wijk", 16, 0, BP_LANG_EN), "the 16 districts in this monitor with figures");
	assert_string_equal(bp_scope_phrase_lang(a, "custom", 3, 0, BP_LANG_EN), "the 3 areas in this monitor with figures");
	assert_string_equal(bp_scope_phrase_lang(a, "wijk", 1, 0, BP_LANG_EN), "the only area in this monitor");
	bp_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_national_names_nederland_and_count),
		cmocka_unit_test(test_monitor_never_says_nederland),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
