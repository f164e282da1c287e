/*
 * test_site_index: the site's index table ("Alle gebieden met hun laatste
 * cijfers") as a reader sees it, on a real PostgreSQL: KWB 2024 of Oss and
 * Hilversum (2024), RIVM's 50090NED dump (2020 indeling: carried over to
 * the 2024 wijken with the same code) and the synthetic Burgerpeiling
 * (2022, with intervals), computed, and the site published for Hilversum.
 * Each checked cell's value, period and interval are read from
 * bp.indicator_value with SQL, not from a page:
 *  - every figure has its period, in its column's head or in its cell;
 *  - a survey figure has its interval, "36 (31–41)", as the area's page;
 *  - a value of the 2020 indeling carries a visible mark, the area page's
 *    words and the note under the table.
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
#include "report/areadata.h"
#include "report/site.h"
#include "report/site_index.h"
#include "siteinputs.h"

static PGconn *conn;
static char tmpdir[256];

#define must bp_siteinputs_must

/* One row of sql's result (fields in a); fails when there is none. */
static const char **row_of(bp_arena *a, const char *sql, int n)
{
	PGresult *r = NULL;
	bp_error err = { 0 };
	must(bp_pg_query(conn, sql, 0, NULL, &r, &err), sql, &err);
	if (PQntuples(r) < 1)
		fail_msg("no row: %s", sql);
	const char **f = bp_arena_alloc(a, (size_t)n * sizeof(*f));
	for (int i = 0; i < n; i++)
		f[i] = PQgetisnull(r, 0, i) ? NULL : bp_arena_strdup(a, PQgetvalue(r, 0, i));
	PQclear(r);
	return f;
}

/* The text of html from..to without its tags. */
static const char *plain(bp_arena *a, const char *from, const char *to)
{
	char *o = bp_arena_alloc(a, (size_t)(to - from) + 1), *p = o;
	for (int in_tag = 0; from < to; from++) {
		if (*from == '<')
			in_tag = 1;
		else if (*from == '>')
			in_tag = 0;
		else if (!in_tag)
			*p++ = *from;
	}
	*p = '\0';
	return o;
}

/* The k-th (from 0) element opened with open ("<th", "<td") in from..to, up to its close; NULL: none. */
static const char *nth(bp_arena *a, const char *from, const char *to, const char *open, const char *close, int k,
                       const char **end)
{
	for (const char *p = from; (p = strstr(p, open)) != NULL && p < to; p++) {
		if (p[strlen(open)] != ' ' && p[strlen(open)] != '>')
			continue;
		const char *e = strstr(p, close);
		if (k-- == 0) {
			*end = e;
			return bp_arena_strndup(a, p, (size_t)(e - p));
		}
	}
	return NULL;
}

/* v as the Dutch page writes it with dec decimals (no thousands here: percentages and small counts). */
static const char *nl_num(bp_arena *a, double v, int dec)
{
	char *s = bp_arena_printf(a, "%.*f", dec, v);
	for (char *p = s; *p; p++)
		if (*p == '.')
			*p = ',';
	return s;
}

/* Checks the index cell of indicator id for area code against bp.indicator_value's latest value;
 * returns the cell's HTML. */
static const char *check_cell(bp_arena *a, const char *page, const bp_indicator_set *set, const char *id,
                              const char *code)
{
	const bp_indicator_def *def = NULL;
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->items[i].id, id) == 0)
			def = &set->items[i];
	assert_non_null(def);
	const char **f = row_of(a, bp_arena_printf(a, "SELECT period, value, ci_low, ci_high FROM bp.indicator_value "
	                                              " WHERE indicator_id = '%s' AND area_code = '%s' "
	                                              "   AND value IS NOT NULL ORDER BY period DESC LIMIT 1", id, code), 4);
	const char *period = f[0];
	const int dec = def->decimals;
	/* the column: its head's button starts with the indicator's title */
	const char *head = strstr(page, "<thead>"), *head_end = strstr(page, "</thead>"), *end;
	const char *want = bp_arena_printf(a, "<button type=\"button\">%s (", bp_def_title(def, BP_LANG_NL));
	int col = -1;
	const char *th = NULL;
	for (int k = 0; (th = nth(a, head, head_end, "<th", "</th>", k, &end)) != NULL; k++)
		if (strstr(th, want)) {
			col = k;
			break;
		}
	if (col < 0)
		fail_msg("no column '%s' in the index", want);
	const char *row = strstr(page, bp_arena_printf(a, "<a href=\"%s.html\">", code));
	assert_non_null(row);
	const char *row_end = strstr(row, "</tr>");
	/* the row's th is the area, then the tds: Soort, Gemeente, the columns */
	const char *td = nth(a, row, row_end, "<td", "</td>", col - 1, &end);
	assert_non_null(td);
	const char *text = plain(a, td, td + strlen(td));
	const char *value = nl_num(a, atof(f[1]), dec);
	if (strncmp(text, value, strlen(value)) != 0 || (text[strlen(value)] != '\0' && text[strlen(value)] != ' ' &&
	                                                  text[strlen(value)] != '*'))
		fail_msg("%s %s: '%s', not %s", id, code, text, value);
	if (f[2] && f[3]) {
		const char *iv = bp_arena_printf(a, "%s (%s–%s)", value, nl_num(a, atof(f[2]), dec), nl_num(a, atof(f[3]), dec));
		if (strncmp(text, iv, strlen(iv)) != 0)
			fail_msg("%s %s: '%s', not its interval %s", id, code, text, iv);
	}
	/* its period: in the head (then not in the cell) or in the cell */
	const char *in_head = strstr(th, "<span class=\"periode\">");
	const char *in_cell = strstr(td, "<small class=\"periode\"");
	if (!in_head == !in_cell)
		fail_msg("%s %s: the period in %s", id, code, in_head ? "the head and the cell" : "neither head nor cell");
	const char *at = in_head ? in_head : in_cell;
	const char *shown = plain(a, at, strstr(at, in_head ? "</span>" : "</small>"));
	while (*shown == ' ')
		shown++;
	if (strcmp(shown, period) != 0)
		fail_msg("%s %s: period '%s', not %s", id, code, shown, period);
	return td;
}

static void test_index_cells(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	bp_layout layout;
	conn = bp_siteinputs_load(tmpdir, sizeof(tmpdir), 1, a, &set, &layout);
	bp_error err = { 0 };
	/* One wijk without RIVM's 2020 figure of eenzaamheid: its latest is of 2016, so the column holds two
	 * periods and each cell names its own (the head none). */
	const char **gap = row_of(a, "SELECT max(v.area_code) FROM bp.indicator_value v WHERE v.indicator_id = 'eenzaamheid' "
	                             "   AND v.area_code LIKE 'WK0402%' AND v.period = '2020' AND v.value IS NOT NULL "
	                             "   AND v.area_code IN (SELECT code FROM bp.area WHERE indeling_year = 2024) "
	                             "   AND EXISTS (SELECT 1 FROM bp.indicator_value o WHERE o.indicator_id = 'eenzaamheid' "
	                             "                 AND o.area_code = v.area_code AND o.period = '2016')", 1);
	PGresult *del = NULL;
	must(bp_pg_query(conn, bp_arena_printf(a, "DELETE FROM bp.indicator_value WHERE indicator_id = 'eenzaamheid' "
	                                          " AND area_code = '%s' AND period = '2020'", gap[0]), 0, NULL, &del, &err),
	     "delete", &err);
	PQclear(del);
	const char *site = bp_arena_printf(a, "%s/site", tmpdir);
	const char *gm[] = { "GM0402" };
	bp_site_result sr = { 0 };
	must(bp_site_publish(conn, &set, &layout, gm, 1, site, NULL, BP_LANG_NL, &sr, &err), "site", &err);
	char *page;
	size_t len;
	must(bp_file_read_all(bp_arena_printf(a, "%s/index.html", site), a, &page, &len, &err), "index", &err);

	/* A survey figure with its interval */
	const char **sv = row_of(a, "SELECT indicator_id, area_code FROM bp.indicator_value "
	                            " WHERE synthetic AND area_code LIKE 'WK0402%' AND indeling_year = 2024 "
	                            "   AND ci_low IS NOT NULL ORDER BY area_code, indicator_id LIMIT 1", 2);
	check_cell(a, page, &set, sv[0], sv[1]);
	/* A KWB figure, measured on these borders: no mark */
	const char *kwb = check_cell(a, page, &set, "aandeel_65_plus", "WK040201");
	assert_null(strstr(kwb, "herkomst"));
	/* RIVM's 2020 figure of a 2024 wijk with the same code: the area page's words, a visible mark, the note */
	const char **rv = row_of(a, "SELECT v.area_code FROM bp.indicator_value v "
	                            " WHERE v.indicator_id = 'eenzaamheid' AND v.indeling_year = 2020 "
	                            "   AND v.area_code LIKE 'WK0402%' AND v.value IS NOT NULL "
	                            "   AND EXISTS (SELECT 1 FROM bp.area w WHERE w.code = v.area_code "
	                            "                  AND w.indeling_year = 2024) ORDER BY 1 LIMIT 1", 1);
	const char *carried = check_cell(a, page, &set, "eenzaamheid", rv[0]);
	if (!strstr(carried, "<sup class=\"herkomst\" title=\"indeling 2020, zelfde code; grenzen niet gecontroleerd\">*"))
		fail_msg("eenzaamheid %s: not marked as of the 2020 indeling: %s", rv[0], carried);
	assert_non_null(strstr(page, "<p class=\"bron\">* Waarde van een oudere indeling"));
	const char *older = check_cell(a, page, &set, "eenzaamheid", gap[0]);
	assert_non_null(strstr(older, "<small class=\"periode\""));
	assert_non_null(strstr(carried, "<small class=\"periode\""));
	/* The table's CSV (data/index-1.csv): the interval's ends, the period where the head has none, the words */
	char *csv;
	must(bp_file_read_all(bp_arena_printf(a, "%s/data/index-1.csv", site), a, &csv, &len, &err), "csv", &err);
	assert_non_null(strstr(csv, ": ondergrens 95%-interval;"));
	assert_non_null(strstr(csv, "Eenzaamheid (%) – modelschatting: periode;"));
	assert_non_null(strstr(csv, ";2016;\"indeling 2020, zelfde code; grenzen niet gecontroleerd\";"));
	bp_arena_free(a);
	if (!getenv("BP_TEST_KEEP"))   /* kept: to read the pages after a failure */
		bp_test_rmtree(tmpdir);
}

/* A kept index part of rows made before the cells carried their period and interval (no "format", as the
 * version before wrote it) is as none: its rows would lack them; one of this format is taken. */
static void test_part_format(void **state)
{
	(void)state;
	char dir[256];
	bp_test_tmpdir(dir, sizeof(dir));
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	const char *path = bp_arena_printf(a, "%s/part", dir);
	static const char old[] = "[index]\ncolumns=a b\nareas=1\nsynthetic=false\nsources=CBS\nmaps=\n"
	                          "rows=<tr><td class=\"num\" data-v=\"1\">1</td></tr>\n";
	must(bp_file_write_atomic(path, old, sizeof(old) - 1, &err), path, &err);
	bp_site_index_part p;
	assert_int_equal(bp_site_index_part_load(path, "a b", a, &p, &err), BP_ERR_NOT_FOUND);
	bp_error_clear(&err);
	const bp_site_index_part now = { .columns = "a b", .rows = "<tr></tr>\n", .maps = "", .sources = "CBS", .areas = 1 };
	must(bp_site_index_part_save(path, &now, &err), "save", &err);
	must(bp_site_index_part_load(path, "a b", a, &p, &err), "load", &err);
	assert_string_equal(p.rows, "<tr></tr>\n");
	assert_int_equal(bp_site_index_part_load(path, "a", a, &p, &err), BP_ERR_NOT_FOUND);
	bp_arena_free(a);
	bp_test_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_part_format),
		cmocka_unit_test(test_index_cells),
	};
	return cmocka_run_group_tests(tests, bp_test_db_setup, bp_test_db_teardown);
}
