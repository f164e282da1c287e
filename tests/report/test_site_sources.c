/*
 * test_site_sources: the sources lines of the site as a reader sees them,
 * on a real PostgreSQL.
 *
 * KWB 2024 of Oss and Hilversum and the two synthetic Burgerpeiling files
 * (with the shipped mapping, surveys/burgerpeiling-2022.yaml) are loaded and
 * computed and the site published for both gemeenten, and in English for
 * Hilversum.  The citations expected are read from bp.source and bp.survey,
 * not from any page.
 *  - The pages over several gemeenten (the index, the definitions page) and
 *    the index's CSV download name each source once: before, the index
 *    repeated each gemeente's whole sources line.
 *  - The survey's licence is Dutch on the Dutch pages and English on the
 *    English ones: before, "not public (microdata)" stood on every Dutch page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/fsutil.h"
#include "db/pgutil.h"
#include "engine/indicator_def.h"
#include "pgtest.h"
#include "report/site.h"
#include "siteinputs.h"

static PGconn *conn;
static char tmpdir[256];

#define must bp_siteinputs_must

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* The text of path from the first occurrence of from on (the page's footer, the CSV's sources row). */
static const char *tail_of(bp_arena *a, const char *path, const char *from)
{
	char *text;
	size_t len;
	bp_error err = { 0 };
	must(bp_file_read_all(path, a, &text, &len, &err), path, &err);
	const char *at = strstr(text, from);
	if (!at)
		fail_msg("'%s' not in %s", from, path);
	return at;
}

/* The text of file path (the whole page). */
static const char *read_text(bp_arena *a, const char *path)
{
	char *text;
	size_t len;
	bp_error err = { 0 };
	must(bp_file_read_all(path, a, &text, &len, &err), path, &err);
	return text;
}

static const char *scalar(bp_arena *a, const char *sql)
{
	PGresult *r = NULL;
	bp_error err = { 0 };
	must(bp_pg_query(conn, sql, 0, NULL, &r, &err), sql, &err);
	assert_int_equal(PQntuples(r), 1);
	const char *v = bp_arena_strdup(a, PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

static void test_sources_as_read(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	bp_layout layout;
	conn = bp_siteinputs_load(tmpdir, sizeof(tmpdir), 0, a, &set, &layout);
	bp_error err = { 0 };
	/* KWB's citation, the surveys' (one title for both files) and their licence, as imported */
	const char *cites[] = {
		scalar(a, "SELECT publisher || ', ' || title || ' (' || table_id || ')' FROM bp.source "
		          " WHERE table_id = '85984NED'"),
		scalar(a, "SELECT DISTINCT s.publisher || ', ' || sv.title FROM bp.survey sv "
		          "  JOIN bp.source s ON s.id = sv.source_id"),
	};
	const char *licence = scalar(a, "SELECT DISTINCT s.licence FROM bp.survey sv JOIN bp.source s ON s.id = sv.source_id");
	const char *wijk = scalar(a, "SELECT min(area_code) FROM bp.indicator_value WHERE synthetic "
	                             "   AND area_code LIKE 'WK0402%' AND value IS NOT NULL");

	const char *site = bp_arena_printf(a, "%s/site", tmpdir);
	const char *gm[] = { "GM0828", "GM0402" };
	bp_site_result sr = { 0 };
	must(bp_site_publish(conn, &set, &layout, gm, 2, site, NULL, BP_LANG_NL, &sr, &err), "site", &err);

	const char *lines[] = {
		tail_of(a, bp_arena_printf(a, "%s/index.html", site), "<footer"),
		tail_of(a, bp_arena_printf(a, "%s/definities.html", site), "<footer"),
		tail_of(a, bp_arena_printf(a, "%s/data/index-1.csv", site), "Bron en licentie;"),
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(*lines); i++)
		for (size_t k = 0; k < sizeof(cites) / sizeof(*cites); k++)
			if (count(lines[i], cites[k]) != 1)
				fail_msg("'%s' %d times in: %.900s", cites[k], count(lines[i], cites[k]), lines[i]);

	/* The licence in the reader's language: as the mapping gives it in Dutch, in English on the English site */
	assert_string_equal(licence, "niet openbaar (microdata)");
	const char *nl = read_text(a, bp_arena_printf(a, "%s/%s.html", site, wijk));
	if (!strstr(nl, bp_arena_printf(a, ", %s", licence)) || strstr(nl, "not public"))
		fail_msg("%s.html: the survey's licence not in Dutch", wijk);
	const char *site_en = bp_arena_printf(a, "%s/site-en", tmpdir);
	must(bp_site_publish(conn, &set, &layout, gm + 1, 1, site_en, NULL, BP_LANG_EN, &sr, &err), "site en", &err);
	const char *en = read_text(a, bp_arena_printf(a, "%s/%s.html", site_en, wijk));
	if (!strstr(en, ", not public (microdata)") || strstr(en, licence))
		fail_msg("English %s.html: the survey's licence not in English", wijk);

	/* A percentile says how many areas it is out of, which are fewer than the monitor's wijken
	 * (the survey's have too few respondents in some): "met cijfers", not the monitor's wijken. */
	long n_wijken = atol(scalar(a, "SELECT count(*) FROM bp.area WHERE level = 'wijk' AND indeling_year = 2024 "
	                               "   AND gemeente_code IN ('GM0828', 'GM0402')"));
	int phrases = 0, fewer = 0;
	for (size_t g = 0; g < 2; g++) {
		const char *needs = read_text(a, bp_arena_printf(a, "%s/behoeften-%s.html", site, gm[g]));
		for (const char *p = needs; (p = strstr(p, " wijken in deze monitor")) != NULL; p++) {
			const char *num = p;
			while (num > needs && (num[-1] == '.' || (num[-1] >= '0' && num[-1] <= '9')))
				num--;
			if (num == p)
				continue;   /* no count: a note on all rows */
			phrases++;
			if (strncmp(p, " wijken in deze monitor met cijfers", 35) != 0)
				fail_msg("behoeften-%s.html: '%.60s' does not say 'met cijfers'", gm[g], num);
			fewer += atol(num) < n_wijken;
		}
	}
	assert_true(phrases > 0);
	assert_true(fewer > 0);
	bp_arena_free(a);
	if (!getenv("BP_TEST_KEEP"))   /* kept: to read the pages after a failure */
		bp_test_rmtree(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sources_as_read),
	};
	return cmocka_run_group_tests(tests, bp_test_db_setup, bp_test_db_teardown);
}
