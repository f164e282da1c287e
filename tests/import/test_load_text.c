/*
 * test_load_text: names and titles from outside files are stored for
 * display without bidi overrides (U+202E turned "gnp.exe" around on pages)
 * and without control characters (bp_load_display_text).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "core/buf.h"
#include "import/areacode.h"
#include "import/load.h"

static void expect(const char *in, const char *out)
{
	char *t = bp_load_display_text(in);
	assert_string_equal(t, out);
	g_free(t);
}

static void test_display_text(void **state)
{
	(void)state;
	expect("Oss Centrum", "Oss Centrum");
	expect("Buurt \u202Egnp.exe", "Buurt gnp.exe");
	expect("\u2066Wijk\u2069 \u200Fnoord\u200E", "Wijk noord");
	expect("Regel\neen\ttwee\x1b[31m", "Regel een twee [31m");
	expect("’s-Hertogenbosch – Zuid (Ë)", "’s-Hertogenbosch – Zuid (Ë)");   /* other text untouched */
	assert_null(bp_load_display_text(NULL));
}

/* The area rows staged for COPY carry the cleaned name. */
static void test_stage_area_row(void **state)
{
	(void)state;
	bp_area_code ac;
	assert_int_equal(bp_area_code_parse("BU08280101", 10, &ac), 0);
	bp_buf b;
	bp_buf_init(&b);
	bp_load_stage_area_row(&b, &ac, "Centrum \u202Eoost", NULL, 3);
	assert_non_null(strstr(b.data, "\tCentrum oost\t"));
	assert_null(strstr(b.data, "\u202E"));
	bp_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_display_text),
		cmocka_unit_test(test_stage_area_row),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
