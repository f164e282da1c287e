/* Tests for core/lang: the catalogue's order, bp_tr, dates, and English numbers.
 * Expected strings worked out by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/lang.h"
#include "core/numfmt.h"

#define MINUS "\xe2\x88\x92"   /* U+2212 */
#define NNBSP "\xe2\x80\xaf"   /* U+202F */

static void test_catalogue_sorted(void **state)
{
	(void)state;
	/* bsearch finds nothing in a table out of order: every entry of each
	 * part must follow the one before it, and every English text must be
	 * there; a Dutch text in two parts would be translated by whichever
	 * comes first, so none may be. */
	assert_true(bp_lang_en_parts_count > 0);
	size_t total = 0;
	for (size_t p = 0; p < bp_lang_en_parts_count; p++) {
		const bp_lang_part *part = &bp_lang_en_parts[p];
		const bp_lang_entry *e = part->entries;
		size_t n = *part->count;
		assert_true(n > 0);
		total += n;
		for (size_t i = 0; i < n; i++) {
			assert_non_null(e[i].en);
			assert_true(e[i].en[0] != '\0');
			if (i > 0 && strcmp(e[i - 1].nl, e[i].nl) >= 0)
				fail_msg("catalogue part %s out of order at %zu: '%s' before '%s'", part->name, i,
				         e[i - 1].nl, e[i].nl);
			for (size_t q = 0; q < p; q++)
				for (size_t j = 0; j < *bp_lang_en_parts[q].count; j++)
					if (strcmp(bp_lang_en_parts[q].entries[j].nl, e[i].nl) == 0)
						fail_msg("'%s' is in parts %s and %s", e[i].nl, bp_lang_en_parts[q].name,
						         part->name);
			/* every entry is found by the lookup the pages use */
			assert_ptr_equal(bp_tr(BP_LANG_EN, e[i].nl), e[i].en);
		}
	}
	assert_true(total >= bp_lang_en_count);
}

static void test_tr(void **state)
{
	(void)state;
	/* the header names the definitions page, English since issue 20 item 7 */
	assert_string_equal(bp_tr(BP_LANG_EN, "Definities en methode"), "Definitions and method");
	assert_string_equal(bp_tr(BP_LANG_NL, "Definities en methode"), "Definities en methode");
	/* a text not in the catalogue stays as written, never NULL */
	assert_string_equal(bp_tr(BP_LANG_EN, "niet vertaald xyz"), "niet vertaald xyz");
	assert_null(bp_tr(BP_LANG_EN, NULL));
}

static void test_parse(void **state)
{
	(void)state;
	bp_lang l = BP_LANG_EN;
	bp_error err = { 0 };
	assert_int_equal(bp_lang_parse("nl", &l, &err), BP_OK);
	assert_int_equal(l, BP_LANG_NL);
	assert_int_equal(bp_lang_parse("en", &l, &err), BP_OK);
	assert_int_equal(l, BP_LANG_EN);
	assert_int_equal(bp_lang_parse("de", &l, &err), BP_ERR_USAGE);
	assert_non_null(strstr(err.message, "'de'"));
	assert_string_equal(bp_lang_code(BP_LANG_EN), "en");
	assert_string_equal(bp_lang_code(BP_LANG_NL), "nl");
}

static void test_dates(void **state)
{
	(void)state;
	char buf[64];
	assert_int_equal(bp_date_fmt(BP_LANG_EN, buf, sizeof(buf), 2026, 12, 6), strlen("6 December 2026"));
	assert_string_equal(buf, "6 December 2026");
	bp_date_fmt(BP_LANG_NL, buf, sizeof(buf), 2026, 3, 15);
	assert_string_equal(buf, "15 maart 2026");
	bp_date_fmt(BP_LANG_EN, buf, sizeof(buf), 2026, 13, 1);
	assert_string_equal(buf, "\xe2\x80\x93");
	assert_null(bp_month_name(BP_LANG_EN, 0));
	assert_string_equal(bp_month_name(BP_LANG_EN, 5), "May");
}

static void check_en(double v, int decimals, const char *want)
{
	char buf[128];
	size_t n = bp_numfmt(BP_LANG_EN, buf, sizeof(buf), v, decimals);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void test_numbers_en(void **state)
{
	(void)state;
	check_en(17942942, 0, "17,942,942");
	check_en(17.872, 1, "17.9");
	check_en(123456.789, 2, "123,456.79");
	check_en(-1234.5, 1, MINUS "1,234.5");
	check_en(-0.04, 1, "0.0");
	check_en(0.05, 1, "0.1");
	check_en(999, 0, "999");
	check_en(NAN, 1, "\xe2\x80\x93");
	char buf[64];
	bp_numfmt_diff(BP_LANG_EN, buf, sizeof(buf), 24.8, 1);
	assert_string_equal(buf, "+24.8");
	bp_numfmt_diff(BP_LANG_EN, buf, sizeof(buf), -3, 1);
	assert_string_equal(buf, MINUS "3.0");
	bp_numfmt_unit(BP_LANG_EN, buf, sizeof(buf), 5087, 0, "inh./km²", 0);
	assert_string_equal(buf, "5,087" NNBSP "inh./km²");
	bp_numfmt_unit(BP_LANG_EN, buf, sizeof(buf), 2.1, 1, "%", 1);
	assert_string_equal(buf, "+2.1%");
	/* the Dutch functions are unchanged */
	bp_numfmt_unit(BP_LANG_NL, buf, sizeof(buf), 5087.25, 1, "km", 0);
	assert_string_equal(buf, "5.087,3" NNBSP "km");
}

static void test_plural(void **state)
{
	(void)state;
	assert_string_equal(bp_plural(BP_LANG_NL, 1, "wijk", "wijken"), "wijk");
	assert_string_equal(bp_plural(BP_LANG_NL, 0, "wijk", "wijken"), "wijken");
	assert_string_equal(bp_plural(BP_LANG_EN, 1, "wijk", "wijken"), "district");
	assert_string_equal(bp_plural(BP_LANG_EN, 3150, "wijk", "wijken"), "districts");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue_sorted),
		cmocka_unit_test(test_tr),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_numbers_en),
		cmocka_unit_test(test_plural),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
