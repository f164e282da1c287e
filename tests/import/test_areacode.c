/*
 * test_areacode: CBS area codes (lib/import/areacode.c).
 *
 * Expected values are written out by hand from the code rules in
 * areacode.h and from real rows of the KWB 2024 fixture
 * (tests/fixtures/kwb-2024/...oss_hilversum.csv) and the all-NL export
 * (Amsterdam: WK0363AA, BU0363AA01).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "import/areacode.h"

static bp_area_code parse_ok(const char *raw)
{
	bp_area_code c;
	int rc = bp_area_code_parse(raw, strlen(raw), &c);
	if (rc != 0)
		print_error("expected '%s' to parse\n", raw);
	assert_int_equal(rc, 0);
	return c;
}

static void expect_reject(const char *raw)
{
	bp_area_code c;
	int rc = bp_area_code_parse(raw, strlen(raw), &c);
	if (rc != -1)
		print_error("expected '%s' to be rejected, got code '%s'\n", raw, c.code);
	assert_int_equal(rc, -1);
}

static void test_land(void **state)
{
	(void)state;
	/* fixture line 2: "NL00      " (padded to 10) */
	bp_area_code c = parse_ok("NL00      ");
	assert_string_equal(c.code, "NL00");
	assert_int_equal(c.level, BP_LEVEL_LAND);
	assert_string_equal(c.parent, "");
	assert_string_equal(c.gemeente, "");

	/* RIVM writes Nederland as NL01; it is the same area */
	c = parse_ok("NL01");
	assert_string_equal(c.code, "NL00");
	assert_int_equal(c.level, BP_LEVEL_LAND);
	assert_string_equal(c.parent, "");
	assert_string_equal(c.gemeente, "");
}

static void test_gemeente(void **state)
{
	(void)state;
	/* fixture line 56: "GM0828    " */
	bp_area_code c = parse_ok("GM0828    ");
	assert_string_equal(c.code, "GM0828");
	assert_int_equal(c.level, BP_LEVEL_GEMEENTE);
	assert_string_equal(c.parent, "NL00");
	assert_string_equal(c.gemeente, "GM0828");
}

static void test_wijk(void **state)
{
	(void)state;
	/* fixture line 61: Schadewijk "WK082801  " */
	bp_area_code c = parse_ok("WK082801  ");
	assert_string_equal(c.code, "WK082801");
	assert_int_equal(c.level, BP_LEVEL_WIJK);
	assert_string_equal(c.parent, "GM0828");
	assert_string_equal(c.gemeente, "GM0828");
}

static void test_buurt(void **state)
{
	(void)state;
	/* fixture line 67: Schadewijk Noord-Oost "BU08280105" (10 characters, no padding) */
	bp_area_code c = parse_ok("BU08280105");
	assert_string_equal(c.code, "BU08280105");
	assert_int_equal(c.level, BP_LEVEL_BUURT);
	assert_string_equal(c.parent, "WK082801");
	assert_string_equal(c.gemeente, "GM0828");
}

static void test_chain_to_nederland(void **state)
{
	(void)state;
	/* BU08280105 -> WK082801 -> GM0828 -> NL00 -> (none) */
	const char *expect[] = { "BU08280105", "WK082801", "GM0828", "NL00" };
	bp_area_code c = parse_ok(expect[0]);
	for (size_t i = 1; i < 4; i++) {
		assert_string_equal(c.parent, expect[i]);
		c = parse_ok(c.parent);
		assert_string_equal(c.code, expect[i]);
	}
	assert_int_equal(c.level, BP_LEVEL_LAND);
	assert_string_equal(c.parent, "");
}

static void test_padding_trimmed(void **state)
{
	(void)state;
	/* CBS pads on the right; leading blanks and tabs are tolerated too */
	assert_string_equal(parse_ok("  WK082801\t").code, "WK082801");
	assert_string_equal(parse_ok("\tGM0402 ").code, "GM0402");
	assert_string_equal(parse_ok("NL01      ").code, "NL00");

	/* only len bytes are read: the rest of the buffer is not part of the code */
	bp_area_code c;
	assert_int_equal(bp_area_code_parse("GM0828XYZ", 6, &c), 0);
	assert_string_equal(c.code, "GM0828");
	assert_int_equal(c.level, BP_LEVEL_GEMEENTE);
	assert_int_equal(bp_area_code_parse("BU08280105", 8, &c), -1); /* "BU082801": a buurt needs 10 */
}

static void test_amsterdam(void **state)
{
	(void)state;
	/* all-NL export: Haarlemmerbuurt "WK0363AA  ", Planciusbuurt-Noord "BU0363AA01" */
	bp_area_code c = parse_ok("WK0363AA  ");
	assert_string_equal(c.code, "WK0363AA");
	assert_int_equal(c.level, BP_LEVEL_WIJK);
	assert_string_equal(c.parent, "GM0363");
	assert_string_equal(c.gemeente, "GM0363");

	c = parse_ok("BU0363AA01");
	assert_string_equal(c.code, "BU0363AA01");
	assert_int_equal(c.level, BP_LEVEL_BUURT);
	assert_string_equal(c.parent, "WK0363AA");
	assert_string_equal(c.gemeente, "GM0363");

	c = parse_ok("BU0363SA01");
	assert_string_equal(c.parent, "WK0363SA");
}

static void test_rejects(void **state)
{
	(void)state;
	expect_reject("");
	expect_reject("    ");
	expect_reject("gm0828");         /* lowercase prefix */
	expect_reject("wk082801");
	expect_reject("WK0363aa");       /* lowercase Amsterdam part */
	expect_reject("BU0363Aa01");
	expect_reject("nl00");
	expect_reject("GM08A8");         /* letters in the gemeente number */
	expect_reject("WK08A801");
	expect_reject("BU08A80105");
	expect_reject("XX0828");         /* unknown prefix */
	expect_reject("NL02");
	expect_reject("NL");
	expect_reject("GM082");          /* wrong lengths */
	expect_reject("GM08280");
	expect_reject("WK0828");
	expect_reject("WK0828011");
	expect_reject("BU082801051");
	expect_reject("BU082801051234567"); /* longer than the code buffer */
	expect_reject("GM 0828");        /* blank inside */
	expect_reject("WK0828-1");
	expect_reject("NL00 x");
	expect_reject("WK082801\n");     /* a newline is not padding */
}

static void test_level_names(void **state)
{
	(void)state;
	/* the labels of the SQL enum bp.area_level (sql/001_core.sql) */
	assert_string_equal(bp_area_level_name(BP_LEVEL_LAND), "land");
	assert_string_equal(bp_area_level_name(BP_LEVEL_GEMEENTE), "gemeente");
	assert_string_equal(bp_area_level_name(BP_LEVEL_WIJK), "wijk");
	assert_string_equal(bp_area_level_name(BP_LEVEL_BUURT), "buurt");
	assert_string_equal(bp_area_level_name(BP_LEVEL_CUSTOM), "custom");
}

static int soort(const char *s)
{
	return bp_area_level_from_soort(s, strlen(s));
}

static void test_soort(void **state)
{
	(void)state;
	/* as written in the fixture, padded to 10 (lines 2, 56, 61, 67) */
	assert_int_equal(soort("Land      "), BP_LEVEL_LAND);
	assert_int_equal(soort("Gemeente  "), BP_LEVEL_GEMEENTE);
	assert_int_equal(soort("Wijk      "), BP_LEVEL_WIJK);
	assert_int_equal(soort("Buurt     "), BP_LEVEL_BUURT);
	/* and unpadded */
	assert_int_equal(soort("Land"), BP_LEVEL_LAND);
	assert_int_equal(soort("Buurt"), BP_LEVEL_BUURT);
	/* len is respected */
	assert_int_equal(bp_area_level_from_soort("Wijk extra", 4), BP_LEVEL_WIJK);
	/* unknown kinds */
	assert_int_equal(soort(""), -1);
	assert_int_equal(soort("   "), -1);
	assert_int_equal(soort("buurt"), -1);
	assert_int_equal(soort("Buurten"), -1);
	assert_int_equal(soort("Wij"), -1);
	assert_int_equal(soort("Stad"), -1);
	assert_int_equal(soort("Provincie"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_land),
		cmocka_unit_test(test_gemeente),
		cmocka_unit_test(test_wijk),
		cmocka_unit_test(test_buurt),
		cmocka_unit_test(test_chain_to_nederland),
		cmocka_unit_test(test_padding_trimmed),
		cmocka_unit_test(test_amsterdam),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_level_names),
		cmocka_unit_test(test_soort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
