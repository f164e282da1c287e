/* Tests for report/cite: citation lists in English (bp_cite_sources_lang).
 * Expected strings written by hand from cite.h (the synthetic survey's
 * words, the model estimates' word).  The stale note is the query's, in the
 * page's language: tests/run/test_monitor_run.c reads it on the pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "engine/indicator_def.h"
#include "report/cite.h"

/* A definition without a source of its own and no observation to cite (one
 * built in code: indicator files require `source`) is cited as of an unknown
 * source, never as CBS's; a definition's own source is cited as it is. */
static void test_unknown_source(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_indicator_def bare = { .id = "zonder_bron" }, own = { .id = "eigen", .source = "Gemeente Oss, telling" };
	bp_cite c;
	bp_cite_init(&c, NULL, a);
	bp_cite_def(&c, &bare, "2020");
	assert_string_equal(bp_cite_line(&c), "Bron: bron onbekend, 2020; bewerking buurtpeil");
	bp_cite_init(&c, NULL, a);
	c.lang = BP_LANG_EN;
	bp_cite_def(&c, &bare, "2020");
	assert_non_null(strstr(bp_cite_line(&c), "source unknown, 2020"));
	assert_null(strstr(bp_cite_line(&c), "CBS"));
	bp_cite_init(&c, NULL, a);
	bp_cite_def(&c, &own, "2024");
	assert_string_equal(bp_cite_line(&c), "Bron: Gemeente Oss, telling, 2024; bewerking buurtpeil");
	bp_arena_free(a);
}

static void test_synthetic_words_english(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	const char *got = bp_cite_sources_lang(a, "Gemeente Oss, Wijkenquête 2024 (" BP_CITE_SYNTHETIC_NL ")", BP_LANG_EN);
	assert_null(strstr(got, BP_CITE_SYNTHETIC_NL));
	assert_non_null(strstr(got, "Gemeente Oss, Wijkenquête 2024 ("));
	assert_null(bp_cite_sources_lang(a, NULL, BP_LANG_EN));
	assert_string_equal(bp_cite_sources_lang(a, "RIVM, Gezondheid (50090NED)" BP_CITE_MODEL_NL ", 2020, CC BY 4.0",
	                                         BP_LANG_EN),
	                    "RIVM, Gezondheid (50090NED), model estimate, 2020, CC BY 4.0");
	bp_arena_free(a);
}

/* The sources lines of two gemeenten joined for the site's index: each citation once. */
static void test_sources_union(void **state)
{
	(void)state;
	bp_buf b;
	bp_buf_init(&b);
	const char *kwb = "CBS, Kerncijfers wijken en buurten 2024 (85984NED), CC BY 4.0";
	const char *rivm = "RIVM, Gezondheid per wijk en buurt; 2012/2016/2020 (indeling 2020) (50090NED), CC BY 4.0";
	const char *stale = "CBS, KWB 2022 (kwb.csv), CC BY 4.0 (bijgewerkt tot 1 december 2026; de laatste poging op "
	                    "6 december 2026 mislukte)";
	const char *note = "synthetische gegevens: gegenereerd voor test en demonstratie, geen antwoorden van echte "
	                   "inwoners";
	char g1[1024], g2[1024];
	snprintf(g1, sizeof(g1), "%s; %s; %s; VNG, Peiling A; %s", kwb, stale, rivm, note);
	snprintf(g2, sizeof(g2), "%s; %s; %s; VNG, Peiling B; %s", kwb, rivm, stale, note);
	bp_cite_sources_union(&b, g1);
	assert_string_equal(b.data, g1);
	bp_cite_sources_union(&b, g1);
	assert_string_equal(b.data, g1);
	/* the second gemeente adds only its own survey, which keeps its synthetic note */
	bp_cite_sources_union(&b, g2);
	char want[2048];
	snprintf(want, sizeof(want), "%s; VNG, Peiling B; %s", g1, note);
	assert_string_equal(b.data, want);
	bp_cite_sources_union(&b, NULL);
	assert_string_equal(b.data, want);
	bp_buf_release(&b);
}

/* A page's sections cite one table for different periods: its footer names the table once, with the
 * union of the periods (report's gemeente page named RIVM twice). */
static void test_sources_merged(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	const char *rivm = "RIVM, Gezondheid per wijk en buurt; 2012/2016/2020 (indeling 2020) (50090NED), modelschatting";
	const char *kwb = "CBS, Kerncijfers wijken en buurten 2024 (85984NED), 2024, CC BY 4.0";
	const char *in = bp_arena_printf(a, "%s, 2020, CC BY 4.0; %s, 2012, 2016 en 2020, CC BY 4.0; %s; %s, 2016, "
	                                 "CC BY 4.0 (bijgewerkt tot 1 december 2026; de laatste poging mislukte)",
	                                 rivm, rivm, kwb, rivm);
	/* the stale note makes the last another citation: kept whole */
	assert_string_equal(bp_cite_sources_merged(a, in, BP_LANG_NL),
	                    bp_arena_printf(a, "%s, 2012, 2016 en 2020, CC BY 4.0; %s; %s, 2016, CC BY 4.0 (bijgewerkt tot "
	                                    "1 december 2026; de laatste poging mislukte)", rivm, kwb, rivm));
	const char *en = bp_arena_printf(a, "%s, 2020, CC BY 4.0; %s, 2012 and 2016, CC BY 4.0", rivm, rivm);
	assert_string_equal(bp_cite_sources_merged(a, en, BP_LANG_EN),
	                    bp_arena_printf(a, "%s, 2012, 2016 and 2020, CC BY 4.0", rivm));
	/* without periods, or one citation: as it was */
	assert_string_equal(bp_cite_sources_merged(a, "VNG, Peiling A; VNG, Peiling A, 2022", BP_LANG_NL),
	                    "VNG, Peiling A; VNG, Peiling A, 2022");
	assert_string_equal(bp_cite_sources_merged(a, kwb, BP_LANG_NL), kwb);
	assert_null(bp_cite_sources_merged(a, NULL, BP_LANG_NL));
	bp_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_source),
		cmocka_unit_test(test_synthetic_words_english),
		cmocka_unit_test(test_sources_union),
		cmocka_unit_test(test_sources_merged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
