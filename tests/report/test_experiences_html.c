/*
 * test_experiences_html: the experiences block as the pages show it: Dutch
 * dates, kind and role, the mean waardering (7 and 8: 7,5 with a decimal
 * comma), "voorbeeld" before every example, HTML escaped, and the cut-off;
 * the same block in English.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "report/experiences_html.h"

static void test_date(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	assert_string_equal(bp_date_nl(a, "2015-03-12"), "12 maart 2015");
	assert_string_equal(bp_date_nl(a, "2019-12-01"), "1 december 2019");
	assert_string_equal(bp_date_nl(a, "2019"), "2019");
	bp_arena_free(a);
}

static void test_block(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_experience e[3] = {
		{ .date = "2019-05-01", .role = "bewoner", .kind = "quote", .text = "Koffie & <buren>", .example = 1,
		  .source_note = "bewonersavond" },
		{ .date = "2018-03-03", .role = "professional", .kind = "rating", .rating = 7 },
		{ .date = "2017-01-02", .role = "raadslid", .kind = "rating", .rating = 8, .text = "Goed." },
	};
	bp_html b;
	bp_html_init(&b);
	bp_experiences_html(&b, a, e, 3, 0);
	assert_non_null(strstr(b.buf.data, "<p>3 ervaringen; gemiddelde waardering 7,5 (2 waarderingen, schaal 1 tot 10). "
	                                "<strong>Let op:</strong> ervaringen met 'voorbeeld' zijn verzonnen"));
	assert_non_null(strstr(b.buf.data, "<li><strong>[voorbeeld]</strong> <q>Koffie &amp; &lt;buren&gt;</q> "
	                                "<span class=\"bron\">(citaat; bewoner, 1 mei 2019; bewonersavond)</span></li>"));
	assert_non_null(strstr(b.buf.data, "<li><span class=\"bron\">(waardering 7; professional, 3 maart 2018)</span></li>"));
	assert_non_null(strstr(b.buf.data, "<li>Goed. <span class=\"bron\">(waardering 8; raadslid, 2 januari 2017)</span></li>"));
	/* One [voorbeeld] only: the other two are not examples. */
	assert_ptr_equal(strstr(b.buf.data, "[voorbeeld]"), strstr(b.buf.data, "[voorbeeld]"));
	assert_null(strstr(strstr(b.buf.data, "[voorbeeld]") + 1, "[voorbeeld]"));

	bp_html_reset(&b);
	bp_experiences_html(&b, a, e, 3, 2);
	assert_non_null(strstr(b.buf.data, "<li>en 1 meer</li>"));
	assert_null(strstr(b.buf.data, "Goed."));

	/* In English: the words around them, the mean with a decimal point, English dates;
	 * their own text stays as written. */
	bp_html_reset(&b);
	bp_experiences_html_lang(&b, a, e, 3, 2, BP_LANG_EN);
	assert_non_null(strstr(b.buf.data, "<p>3 experiences; mean rating 7.5 (2 ratings, scale 1 to 10). "
	                                "<strong>Note:</strong> experiences marked 'example' are made up"));
	assert_non_null(strstr(b.buf.data, "<li><strong>[example]</strong> <q>Koffie &amp; &lt;buren&gt;</q> "
	                                "<span class=\"bron\">(quote; resident, 1 May 2019; bewonersavond)</span></li>"));
	assert_non_null(strstr(b.buf.data, "<li><span class=\"bron\">(rating 7; professional, 3 March 2018)</span></li>"));
	assert_non_null(strstr(b.buf.data, "<li>and 1 more</li>"));
	bp_html_release(&b);
	bp_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_block),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
