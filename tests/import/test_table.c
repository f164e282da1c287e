/*
 * test_table: `import table` (lib/import/table.c, table_mapping.c,
 * areaname.c) against a real throwaway PostgreSQL, on tests/fixtures/table:
 * real excerpts of RIVM 50090NED (wide, padded codes, '.' and empty cells),
 * a constructed GGD-style wijk table (gemeentenummer + wijk name, decimal
 * comma, one row twice) and a constructed survey table with a Marges
 * dimension and region titles ("Oss (GM)", "Noord-Brabant (PV)").
 *
 * Every loaded figure is compared with expected.tsv, which
 * tests/fixtures/table/make_fixture.py computed in Python from the source
 * files (not with buurtpeil).  The indeling's areas with their names come
 * from the cbs-dump fixture tests/fixtures/rivm-50090NED, loaded first.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/error.h"
#include "db/pgutil.h"
#include "engine/compute.h"
#include "engine/custom_area.h"
#include "engine/indicator_def.h"
#include "import/cbsdump.h"
#include "import/table.h"
#include "importtest.h"
#include "pgtest.h"

static char tmp[256];

static PGconn *conn(void)
{
	return bp_test_db.db.conn;
}

#define q(...) bp_test_scalarf(conn(), __VA_ARGS__)

static const char *write_tmp(const char *name, const char *text)
{
	static char path[4][512];
	static int k;
	char *p = path[k++ % 4];
	snprintf(p, 512, "%s/%s", tmp, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return p;
}

static bp_rc import(const char *file, const char *mapping, bp_table_result *res, bp_error *err)
{
	char f[4096], m[4096];
	snprintf(f, sizeof(f), "%s", file);
	snprintf(m, sizeof(m), "%s", mapping);
	bp_table_options o = { .path = f, .mapping = m };
	memset(err, 0, sizeof(*err));
	bp_arena *a = bp_arena_new();
	bp_rc rc = bp_import_table(conn(), &o, a, res, err);
	bp_arena_free(a);
	return rc;
}

/* Import files given by path; the import must succeed. */
static void import_paths_ok(const char *file, const char *mapping, bp_table_result *res)
{
	bp_error err;
	bp_rc rc = import(file, mapping, res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
}

/* The same for files under tests/fixtures. */
static void import_ok(const char *file, const char *mapping, bp_table_result *res)
{
	char f[4096], m[4096];
	snprintf(f, sizeof(f), "%s", bp_test_fixture(file));
	snprintf(m, sizeof(m), "%s", bp_test_fixture(mapping));
	import_paths_ok(f, m, res);
}

/* ---- every figure as the source file has it ----------------------------- */

static void test_golden(void **state)
{
	(void)state;
	bp_table_result r;
	import_ok("table/rivm-50090NED-2012-excerpt.csv", "table/rivm-wide.yaml", &r);
	assert_int_equal(r.base.observations, 26 * 3);
	import_ok("table/rivm-50090NED-2020-excerpt.csv", "table/rivm-wide.yaml", &r);
	import_ok("table/ggd-wijken-gemeentenummer.csv", "table/ggd-wijken.yaml", &r);
	/* Oss and Hilversum and their 32 wijken, the third row twice: loaded once, reported */
	assert_int_equal(r.base.observations, 34 * 3);
	assert_int_equal(r.duplicate_rows, 1);
	assert_int_equal(r.first_duplicate_line, 5);
	/* the same wijken as a workbook (sheet 'Wijken', the second in the file) */
	import_ok("table/ggd-wijken.xlsx", "table/ggd-wijken-xlsx.yaml", &r);
	assert_int_equal(r.base.observations, 34 * 3);
	/* and as an old .xls workbook (freexl): numbers as number cells, the gemeentenummer too */
	import_ok("table/ggd-wijken.xls", "table/ggd-wijken-xls.yaml", &r);
	assert_int_equal(r.base.observations, 34 * 3);
	assert_int_equal(r.duplicate_rows, 0);
	import_ok("table/survey-marges-gemeenten.csv", "table/survey-marges.yaml", &r);
	assert_int_equal(r.skipped_rows, 3);      /* Noord-Brabant (PV) x 3 members */
	assert_int_equal(r.intervals, 6);
	assert_int_equal(r.base.observations, 6);

	FILE *f = fopen(bp_test_fixture("table/expected.tsv"), "r");
	assert_non_null(f);
	char line[1024];
	long n = 0;
	while (fgets(line, sizeof(line), f)) {
		char *fields[7];
		char *save = NULL, *s = line;
		line[strcspn(line, "\n")] = 0;
		for (int i = 0; i < 7; i++) {
			char *t = strchr(s, '\t');
			if (t)
				*t = 0;
			fields[i] = s;
			s = t ? t + 1 : s + strlen(s);
		}
		(void)save;
		const char *got = q("SELECT coalesce(o.value::text, '-') || ' ' || o.status || ' ' || "
		                    "coalesce(i.ci_low::text, '-') || ' ' || coalesce(i.ci_high::text, '-') "
		                    "FROM bp.observation_all o JOIN bp.source s ON s.id = o.source_id "
		                    "LEFT JOIN bp.observation_interval i USING (variable_code, area_code, indeling_year, period, source_id) "
		                    "WHERE o.variable_code = '%s' AND o.area_code = '%s' AND o.indeling_year = 2020 "
		                    "AND o.period = '%s' AND s.importer = 'table' AND s.location LIKE '%%/%s'",
		                    fields[1], fields[2], fields[3], fields[0]);
		double v, lo, hi;
		char st[32], los[32], his[32], vs[32];
		if (sscanf(got, "%31s %31s %31s %31s", vs, st, los, his) != 4)
			fail_msg("%s %s %s (%s): not loaded (%s)", fields[1], fields[2], fields[3], fields[0], got);
		if (strcmp(fields[4], "not_applicable") == 0 || strcmp(fields[4], "unknown_or_secret") == 0) {
			if (strcmp(st, fields[4]) != 0 || strcmp(vs, "-") != 0)
				fail_msg("%s %s %s: %s, expected %s", fields[1], fields[2], fields[3], got, fields[4]);
		} else {
			v = strtod(vs, NULL);
			if (strcmp(st, "ok") != 0 || fabs(v - strtod(fields[4], NULL)) > 1e-9)
				fail_msg("%s %s %s: %s, expected %s", fields[1], fields[2], fields[3], got, fields[4]);
		}
		if (fields[5][0]) {
			lo = strtod(los, NULL);
			hi = strtod(his, NULL);
			if (fabs(lo - strtod(fields[5], NULL)) > 1e-9 || fabs(hi - strtod(fields[6], NULL)) > 1e-9)
				fail_msg("%s %s: interval %s %s, expected %s %s", fields[1], fields[2], los, his, fields[5], fields[6]);
		} else if (strcmp(los, "-") != 0) {
			fail_msg("%s %s: an interval %s that the source does not give", fields[1], fields[2], los);
		}
		n++;
	}
	fclose(f);
	assert_int_equal(n, 468);
	/* nothing loaded beyond what the sources hold */
	assert_int_equal(bp_test_count(conn(), "SELECT count(*) FROM bp.observation_all o JOIN bp.source s ON s.id = o.source_id "
	                                       "WHERE s.importer = 'table'"), 468);
	/* wide tables without bounds are stored as rows (sql/015), the Marges table cell by cell */
	assert_int_equal(bp_test_count(conn(), "SELECT count(*) FROM bp.observation_row r JOIN bp.source s ON s.id = r.source_id "
	                                       "WHERE s.importer = 'table' AND s.table_id = '50090NED'"), 2 * 26);
	assert_int_equal(bp_test_count(conn(), "SELECT count(*) FROM bp.observation o JOIN bp.source s ON s.id = o.source_id "
	                                       "WHERE s.importer = 'table' AND s.table_id = 'CONSTRUCTED-MARGES'"), 6);
	/* the source as the mapping describes it */
	assert_string_equal(q("SELECT publisher || '|' || table_id || '|' || title || '|' || licence || '|' || "
	                      "retrieved_at::date FROM bp.source WHERE importer = 'table' AND table_id = '50090NED' "
	                      "ORDER BY id LIMIT 1"),
	                    "RIVM, GGD'en en CBS|50090NED|Gezondheid per wijk en buurt; 2012/2016/2020 (indeling 2020) "
	                    "(https://statline.rivm.nl/#/RIVM/nl/dataset/50090NED)|CC BY 4.0|2022-07-01");
	/* the same file with the same mapping again: one source */
	import_ok("table/ggd-wijken-gemeentenummer.csv", "table/ggd-wijken.yaml", &r);
	assert_true(r.base.already_loaded);
}

/* ---- every error at its place; nothing loaded ---------------------------- */

#define MAP_HEAD                                                       \
	"source: {publisher: X, title: T, licence: CC BY 4.0}\n"       \
	"indeling: 2020\n"                                             \
	"period: 2020\n"

static void expect_error(const char *csv, const char *mapping, bp_rc want, const char *where, long line, long col,
                         const char *text, const char *hint)
{
	bp_test_snapshot before, after;
	bp_test_snap(conn(), &before);
	const char *f = write_tmp("t.csv", csv);
	const char *m = write_tmp("m.yaml", mapping);
	bp_table_result r;
	bp_error err;
	bp_rc rc = import(f, m, &r, &err);
	if (rc != want || !strstr(err.where, where) || err.line != line || err.column != col ||
	    !strstr(err.message, text) || (hint && !strstr(err.hint, hint)))
		fail_msg("got rc %d at %s:%ld:%ld: %s (hint: %s); expected %d at %s:%ld:%ld '%s'", rc, err.where, err.line,
		         err.column, err.message, err.hint, want, where, line, col, text);
	bp_test_snap(conn(), &after);
	bp_test_assert_same(&before, &after);
}

static void test_errors(void **state)
{
	(void)state;
	const char *code_map = MAP_HEAD "area: {code: Code}\nmeasures:\n  - {column: A, variable: E_A, title: A}\n";
	/* the mapping: an unknown key at its line and column */
	expect_error("Code;A\nGM0828;1\n", MAP_HEAD "area: {code: Code}\nmeasures:\n  - {column: A, varable: E_A}\n",
	             BP_ERR_CONFIG, "m.yaml", 6, 17, "varable", NULL);
	/* the mapping: neither or both of code, name */
	expect_error("Code;A\nGM0828;1\n", MAP_HEAD "area: {code: Code, name: Code}\nmeasures:\n  - {column: A, variable: E_A}\n",
	             BP_ERR_CONFIG, "m.yaml", 4, 7, "exactly one of", NULL);
	/* a column the header lacks: line 1, the header's columns in the hint */
	expect_error("Code;B\nGM0828;1\n", code_map, BP_ERR_PARSE, "t.csv", 1, 1, "no column 'A'", "'Code', 'B'");
	/* a file split by commas read with the default ';': the hint says so */
	expect_error("Code,A\nGM0828,1\n", code_map, BP_ERR_PARSE, "t.csv", 1, 1, "no column 'Code'", "separator");
	/* a cell that is no number: its line and column, the column's name */
	expect_error("Code;A\nGM0828;1\nGM0402;1,5x\n", code_map, BP_ERR_PARSE, "t.csv", 3, 8, "column A: '1,5x'", NULL);
	/* a title above the header: the line that has the column is named, with the key to set */
	expect_error("Tabel 3: per gemeente;\n\nCode;A\nGM0828;1\n", code_map, BP_ERR_PARSE, "t.csv", 1, 1,
	             "no column 'Code' (named by the mapping ", "line 3 has the column 'Code': set header_row: 3");
	/* a column named nowhere in the rows below either: the header's columns, as before */
	expect_error("Kode;A\nGM0828;1\n", code_map, BP_ERR_PARSE, "t.csv", 1, 1, "m.yaml)", "the header's columns are 'Kode', 'A'");
	/* a Dutch export with a thousands separator: said so, and how to export */
	expect_error("Code;A\nGM0828;1\nGM0402;1.234,5\n", MAP_HEAD "decimal: \",\"\narea: {code: Code}\nmeasures:\n"
	             "  - {column: A, variable: E_A, title: A}\n", BP_ERR_PARSE, "t.csv", 3, 8,
	             "column A: '1.234,5' is written with a thousands separator", "1000 Separator");
	/* three decimals after a comma under the default '.': either separator, the hint names both ways */
	expect_error("Code;A\nGM0828;1\nGM0402;0,250\n", code_map, BP_ERR_PARSE, "t.csv", 3, 8,
	             "column A: '0,250' is written with a thousands separator or the other decimal separator",
	             "if ',' is its decimal separator, set decimal: \",\"; else export");
	/* a decimal comma read with the default '.': the hint names the mapping's key */
	expect_error("Code;A\nGM0828;1\nGM0402;44,5\n", code_map, BP_ERR_PARSE, "t.csv", 3, 8, "column A: '44,5' is not a number",
	             "set decimal: \",\"");
	/* an unknown code */
	expect_error("Code;A\nGM0828;1\nGM9999;2\n", code_map, BP_ERR_PARSE, "t.csv", 3, 1, "GM9999", NULL);
	/* an unknown gemeentenummer */
	expect_error("Nr;A\n828;1\n9999;2\n",
	             MAP_HEAD "area: {gemeentenummer: Nr}\nmeasures:\n  - {column: A, variable: E_A, title: A}\n",
	             BP_ERR_PARSE, "t.csv", 3, 1, "gemeentenummer '9999'", NULL);
	/* an unknown name: the row, the column, names that begin alike */
	expect_error("Regio;A\nOss (GM);1\nHilverzum;2\n",
	             MAP_HEAD "area: {name: Regio}\nmeasures:\n  - {column: A, variable: E_A, title: A}\n",
	             BP_ERR_PARSE, "t.csv", 3, 1, "gemeente 'Hilverzum'", "Hilversum (GM0402)");
	/* an unknown wijk within its gemeente (the number's column) */
	expect_error("Gm;Wijk;A\n828;Schadewijk;1\n828;Villaparken;2\n",
	             MAP_HEAD "area: {name: Wijk, level: wijk, gemeente_column: Gm}\nmeasures:\n  - {column: A, variable: E_A, title: A}\n",
	             BP_ERR_PARSE, "t.csv", 3, 5, "wijk 'Villaparken' in GM0828", NULL);
	/* an ambiguous name: both candidates */
	bp_error dberr;
	assert_int_equal(bp_pg_exec(conn(), "INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) "
	                                    "VALUES ('GM9998', 2020, 'gemeente', 'Oss', 'NL00', 'GM9998')", &dberr), BP_OK);
	expect_error("Regio;A\nOss;1\n",
	             MAP_HEAD "area: {name: Regio}\nmeasures:\n  - {column: A, variable: E_A, title: A}\n",
	             BP_ERR_PARSE, "t.csv", 2, 1, "ambiguous", NULL);
	assert_int_equal(bp_pg_exec(conn(), "DELETE FROM bp.area WHERE code = 'GM9998'", &dberr), BP_OK);
	/* two rows giving one figure different values: both lines named */
	expect_error("Code;A\nGM0828;1\nGM0402;2\nGM0828;1.5\n", code_map, BP_ERR_PARSE, "t.csv", 4, 8,
	             "differs from line 2", NULL);
	/* a row with too few fields */
	expect_error("Code;A\nGM0828\n", code_map, BP_ERR_PARSE, "t.csv", 2, 1, "1 fields, the header 2", NULL);
	/* margins: an unknown member; bounds that do not hold their value */
	const char *marg = MAP_HEAD "area: {code: Code}\nmargins: {column: M}\nmeasures:\n  - {column: A, variable: E_A, title: A}\n";
	expect_error("M;Code;A\nWaarde;GM0828;5\nOndergrens;GM0828;4\n", marg, BP_ERR_PARSE, "t.csv", 3, 1,
	             "'Ondergrens' is none of", NULL);
	expect_error("M;Code;A\nWaarde;GM0828;5\nBetrouwbaarheidsmarge ondergrens;GM0828;6\n"
	             "Betrouwbaarheidsmarge bovengrens;GM0828;7\n", marg, BP_ERR_PARSE, "t.csv", 3, 0,
	             "does not hold its value 5", NULL);
	/* a quote inside an unquoted field: an error unless the mapping says it is a character */
	expect_error("Code;Naam;A\nGM0828;Kwartier \"De Ruwert\";1\n", code_map, BP_ERR_PARSE, "t.csv", 2, 17,
	             "column Naam: a quote inside", "quotes: literal");
	/* an unknown variable without a title: the mapping's line */
	expect_error("Code;A\nGM0828;1\n", MAP_HEAD "area: {code: Code}\nmeasures:\n  - {column: A, variable: NoSuchVar}\n",
	             BP_ERR_CONFIG, "m.yaml", 6, 27, "unknown variable 'NoSuchVar'", NULL);
}

/* A title above the header: header_row skips it (a CSV's lines, a sheet's rows). */
static void test_header_row(void **state)
{
	(void)state;
	bp_table_result r;
	const char *f = write_tmp("title.csv", "Tabel 3: per gemeente;\n\nCode;A\nGM0828;12,5\n");
	const char *m = write_tmp("title.yaml", MAP_HEAD "header_row: 3\ndecimal: \",\"\narea: {code: Code}\nmeasures:\n"
	                          "  - {column: A, variable: E_TITLE, title: A}\n");
	import_paths_ok(f, m, &r);
	assert_string_equal(bp_test_value_of(conn(), "E_TITLE", "GM0828", r.base.source_id), "12.5 ok");
	/* the workbook: its title merged over A1:F1 and a heading over D2:F2 */
	char book[4096], yaml[8192];
	snprintf(book, sizeof(book), "%s", bp_test_fixture("table/ggd-wijken-title.xlsx"));
	FILE *y = fopen(bp_test_fixture("table/ggd-wijken-xlsx.yaml"), "r");
	assert_non_null(y);
	size_t n = fread(yaml, 1, sizeof(yaml) - 1, y);
	fclose(y);
	yaml[n] = 0;
	bp_error err;
	bp_test_snapshot before, after;
	bp_test_snap(conn(), &before);
	assert_int_equal(import(book, write_tmp("title-x.yaml", yaml), &r, &err), BP_ERR_PARSE);
	bp_test_snap(conn(), &after);
	bp_test_assert_same(&before, &after);
	assert_int_equal(err.line, 1);
	assert_non_null(strstr(err.message, "no column 'Wijk'"));
	assert_non_null(strstr(err.hint, "row 3 has the column 'Wijk': set header_row: 3"));
	char *sheet = strstr(yaml, "sheet: Wijken\n");
	assert_non_null(sheet);
	char fixed[8300];
	snprintf(fixed, sizeof(fixed), "%.*ssheet: Wijken\nheader_row: 3\n%s", (int)(sheet - yaml), yaml,
	         sheet + strlen("sheet: Wijken\n"));
	import_paths_ok(book, write_tmp("title-x.yaml", fixed), &r);
	assert_int_equal(r.base.rows, 34);
}

/* A workbook's errors: at the sheet's row and column, the cell named. */
static void test_xlsx_errors(void **state)
{
	(void)state;
	char book[4096], map[4096];
	snprintf(book, sizeof(book), "%s", bp_test_fixture("table/ggd-wijken.xlsx"));
	bp_table_result r;
	bp_error err;
	/* no such sheet: the hint lists the workbook's sheets */
	FILE *f = fopen(bp_test_fixture("table/ggd-wijken-xlsx.yaml"), "r");
	assert_non_null(f);
	char yaml[8192];
	size_t n = fread(yaml, 1, sizeof(yaml) - 1, f);
	fclose(f);
	yaml[n] = 0;
	char *sheet = strstr(yaml, "sheet: Wijken");
	assert_non_null(sheet);
	memcpy(sheet, "sheet: Wijkxx", 13);
	snprintf(map, sizeof(map), "%s", write_tmp("x.yaml", yaml));
	assert_int_equal(import(book, map, &r, &err), BP_ERR_PARSE);
	assert_non_null(strstr(err.message, "no sheet 'Wijkxx'"));
	assert_non_null(strstr(err.hint, "'Toelichting', 'Wijken'"));
	/* the first sheet (no 'sheet'): its header lacks the columns */
	memcpy(strstr(yaml, "sheet: Wijkxx"), "#heet: Wijkxx", 13);
	snprintf(map, sizeof(map), "%s", write_tmp("x.yaml", yaml));
	assert_int_equal(import(book, map, &r, &err), BP_ERR_PARSE);
	assert_non_null(strstr(err.message, "no column 'Wijk'"));
	assert_int_equal(err.line, 1);
	/* a zip that is no workbook, and bytes that only begin like a zip */
	const char *junk = write_tmp("junk.xlsx", "PK\003\004 this is not a zip container at all");
	assert_int_equal(import(junk, map, &r, &err), BP_ERR_PARSE);
	assert_non_null(strstr(err.message, "cannot read the workbook"));
	/* the same for an old .xls: no such sheet, and bytes that only begin like an OLE2 file */
	snprintf(book, sizeof(book), "%s", bp_test_fixture("table/ggd-wijken.xls"));
	assert_int_equal(import(book, map, &r, &err), BP_ERR_PARSE);   /* the first sheet: 'Toelichting' */
	assert_non_null(strstr(err.message, "no column 'Wijk'"));
	assert_int_equal(err.line, 1);
	memcpy(strstr(yaml, "#heet: Wijkxx"), "sheet: Wijkxx", 13);
	snprintf(map, sizeof(map), "%s", write_tmp("x.yaml", yaml));
	assert_int_equal(import(book, map, &r, &err), BP_ERR_PARSE);
	assert_non_null(strstr(err.message, "no sheet 'Wijkxx'"));
	assert_non_null(strstr(err.hint, "'Toelichting', 'Wijken'"));
	assert_non_null(strstr(err.where, "ggd-wijken.xls"));
	junk = write_tmp("junk.xls", "\320\317\021\340\241\261\032\341 this is not a compound file at all");
	assert_int_equal(import(junk, map, &r, &err), BP_ERR_PARSE);
	assert_non_null(strstr(err.message, "is damaged or not an .xls workbook"));
	assert_non_null(strstr(err.where, "junk.xls"));
	/* A file on which freexl reads out of bounds (found by fuzz/workbook): freexl
	 * runs in a child process, so this process lives on and refuses the file;
	 * under ASan the child dies ("freexl stopped on it"), without it freexl
	 * gives up on the text ("character set"). */
	snprintf(book, sizeof(book), "%s", bp_test_fixture("table/crafted-freexl-underflow.xls"));
	assert_int_equal(import(book, map, &r, &err), BP_ERR_PARSE);
	assert_non_null(strstr(err.where, "crafted-freexl-underflow.xls"));
	assert_true(strstr(err.message, "freexl stopped on it") || strstr(err.message, "character set"));
}

/* Long form (a topic column and a value column), and a wide table's bound
 * and respondent columns (constructed here; values by hand). */
static void test_long_and_bounds(void **state)
{
	(void)state;
	const char *f = write_tmp("long.csv",
		"Gemeente;Onderwerp;Perioden;Waarde\n"
		"828;Eenzaam;2022JJ00;44,1\n"
		"828;Rookt;2022JJ00;12\n"
		"402;Eenzaam;2022JJ00;.\n"
		"828;Eenzaam;2022JJ00;44,1\n");
	const char *m = write_tmp("long.yaml", "source: {publisher: X, title: T, licence: CC BY 4.0}\nindeling: 2020\n"
		"period_column: Perioden\ndecimal: \",\"\narea: {gemeentenummer: Gemeente}\n"
		"topic_column: Onderwerp\nvalue_column: Waarde\n"
		"measures:\n  - {topic: Eenzaam, variable: L_Eenzaam, title: E}\n");
	bp_table_result r;
	import_paths_ok(f, m, &r);
	assert_int_equal(r.base.observations, 2);
	assert_int_equal(r.unmapped_rows, 1);       /* Rookt */
	assert_int_equal(r.duplicate_rows, 1);
	assert_string_equal(q("SELECT string_agg(area_code || ' ' || period || ' ' || coalesce(value::text, '-') || ' ' || status, "
	                      "', ' ORDER BY area_code) FROM bp.observation WHERE variable_code = 'L_Eenzaam'"),
	                    "GM0402 2022 - unknown_or_secret, GM0828 2022 44.1 ok");

	/* long form with bounds and respondents on the row (constructed here; values by hand) */
	f = write_tmp("long-b.csv",
		"Gemeente;Onderwerp;Waarde;Onder;Boven;N\n"
		"828;Eenzaam;44,1;41,0;47,2;1520\n"
		"402;Eenzaam;.;;;12\n");
	const char *lb_map = "source: {publisher: X, title: T, licence: CC BY 4.0}\nindeling: 2020\n"
		"period: 2023\ndecimal: \",\"\narea: {gemeentenummer: Gemeente}\n"
		"topic_column: Onderwerp\nvalue_column: Waarde\nlower_column: Onder\nupper_column: Boven\n"
		"respondents_column: N\nunmapped_topics: error\n"
		"measures:\n  - {topic: Eenzaam, variable: LB_Eenzaam, title: E, unit: \"%\"}\n";
	m = write_tmp("long-b.yaml", lb_map);
	import_paths_ok(f, m, &r);
	assert_int_equal(r.base.observations, 2);
	assert_int_equal(r.intervals, 1);
	assert_int_equal(r.unknown, 1);
	assert_string_equal(q("SELECT ci_low || ' ' || ci_high || ' ' || n_respondents FROM bp.observation_interval "
	                      "WHERE variable_code = 'LB_Eenzaam' AND area_code = 'GM0828'"), "41 47.2 1520");
	/* unmapped_topics: error names the row's topic cell */
	expect_error("Gemeente;Onderwerp;Waarde;Onder;Boven;N\n828;Eenzaam;44,1;41,0;47,2;1520\n828;Rookt;12;;;\n",
	             lb_map, BP_ERR_PARSE, "t.csv", 3, 5, "topic 'Rookt' is not in the mapping", NULL);
	/* bounds on the row that do not hold their value: at the value's cell; lower above upper: at the lower's */
	expect_error("Gemeente;Onderwerp;Waarde;Onder;Boven;N\n828;Eenzaam;48,1;41,0;47,2;1520\n", lb_map, BP_ERR_PARSE,
	             "t.csv", 2, 13, "the value 48,1 is outside its bounds 41,0 to 47,2", NULL);
	expect_error("Gemeente;Onderwerp;Waarde;Onder;Boven;N\n828;Eenzaam;44,1;47,2;41,0;1520\n", lb_map, BP_ERR_PARSE,
	             "t.csv", 2, 18, "the lower bound is above the upper bound: 47,2 > 41,0", NULL);
	/* a measure's unit must agree with the variable's (LB_Eenzaam is '%') */
	expect_error("Code;A\nGM0828;1\n", MAP_HEAD "area: {code: Code}\nmeasures:\n"
	             "  - {column: A, variable: LB_Eenzaam, unit: aantal}\n", BP_ERR_CONFIG, "m.yaml", 6, 27,
	             "registered with unit '%', the mapping says 'aantal'", NULL);
	/* row-level bound columns belong to the long form */
	expect_error("Code;A\nGM0828;1\n", MAP_HEAD "area: {code: Code}\nlower_column: L\nmeasures:\n"
	             "  - {column: A, variable: E_A, title: A}\n", BP_ERR_CONFIG, "m.yaml", 5, 15,
	             "'lower_column' belongs to a long table", NULL);
	/* other_regions: as: error refuses a region of another type at its cell */
	expect_error("Code;A\nGM0828;1\nPV30;2\n", MAP_HEAD "area: {code: Code}\nother_regions: {as: error}\n"
	             "measures:\n  - {column: A, variable: E_A, title: A}\n", BP_ERR_PARSE, "t.csv", 3, 1,
	             "'PV30' is no code of Nederland, a gemeente, wijk or buurt", NULL);

	/* keys of other region types (provincie, landsdeel, COROP) are skipped and counted */
	f = write_tmp("keys.csv", "RegioS;A\nNL01      ;1\nLD01      ;2\nPV30      ;3\nCR35      ;4\nGM0828    ;5\n");
	m = write_tmp("keys.yaml", "source: {publisher: X, title: T, licence: CC BY 4.0}\nindeling: 2020\nperiod: 2022\n"
		"area: {code: RegioS}\nmeasures:\n  - {column: A, variable: K_A, title: A}\n");
	import_paths_ok(f, m, &r);
	assert_int_equal(r.skipped_rows, 3);
	assert_int_equal(r.base.observations, 2);
	assert_string_equal(q("SELECT string_agg(area_code || '=' || value, ' ' ORDER BY area_code) FROM bp.observation_all "
	                      "WHERE variable_code = 'K_A'"), "GM0828=5 NL00=1");

	f = write_tmp("bounds.csv",
		"Code;Eenzaam;Eenzaam_lo;Eenzaam_hi;Eenzaam_n\n"
		"WK082801;51.6;48.0;55.2;412\n"
		"WK082802;.;.;.;30\n"
		"WK082803;47.4;;;\n");
	m = write_tmp("bounds.yaml", "source: {publisher: X, title: T, licence: CC BY 4.0}\nindeling: 2020\nperiod: 2022\n"
		"area: {code: Code}\nmeasures:\n"
		"  - {column: Eenzaam, variable: B_Eenzaam, title: E, lower: Eenzaam_lo, upper: Eenzaam_hi, respondents: Eenzaam_n}\n");
	import_paths_ok(f, m, &r);
	assert_int_equal(r.base.observations, 3);
	assert_int_equal(r.intervals, 1);          /* a missing figure keeps no interval, an empty bound is none */
	assert_string_equal(q("SELECT ci_low || ' ' || ci_high || ' ' || n_respondents FROM bp.observation_interval "
	                      "WHERE variable_code = 'B_Eenzaam' AND area_code = 'WK082801'"), "48 55.2 412");
	assert_string_equal(q("SELECT count(*) FROM bp.observation_interval WHERE variable_code = 'B_Eenzaam'"), "1");
}

/* ---- rows of another region type as custom areas ---------------------------- */

/* The figure of one region and Marges member in survey-marges-gemeenten.csv,
 * read here from the file (';', quoted titles): column k of that row. */
static double survey_cell(const char *member, const char *region, int k)
{
	FILE *f = fopen(bp_test_fixture("table/survey-marges-gemeenten.csv"), "r");
	assert_non_null(f);
	char line[512], want[256];
	snprintf(want, sizeof(want), "\"%s\";\"%s\";", member, region);
	double v = NAN;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, want, strlen(want)) != 0)
			continue;
		char *p = line;
		for (int i = 0; i < k; i++)
			p = strchr(p, ';') + 1;
		v = strtod(p, NULL);
	}
	fclose(f);
	assert_false(isnan(v));
	return v;
}

static void test_other_regions(void **state)
{
	(void)state;
	/* The survey table's provincie, asked for as a custom area of Oss. */
	const char *m = write_tmp("custom.yaml",
		"source: {publisher: X, title: Provincie als eigen gebied, table: CUSTOM-T, licence: CC BY 4.0}\n"
		"indeling: 2020\nperiod_column: Perioden\narea: {name: \"Regio's\"}\n"
		"other_regions: {as: custom, gemeente: GM0828}\nmargins: {column: Marges}\n"
		"measures:\n  - {column: \"Eenzaam (%)\", variable: R_Eenzaam, title: E, unit: \"%\", decimals: 1}\n");
	char f[4096];
	snprintf(f, sizeof(f), "%s", bp_test_fixture("table/survey-marges-gemeenten.csv"));
	bp_table_result r;
	import_paths_ok(f, m, &r);
	assert_int_equal(r.skipped_rows, 0);
	assert_int_equal(r.custom_rows, 3);        /* Waarde, ondergrens, bovengrens */
	assert_int_equal(r.custom_areas, 1);
	assert_int_equal(r.base.observations, 4);  /* Nederland, Oss, Hilversum and the provincie */
	assert_string_equal(q("SELECT level || '|' || name || '|' || parent_code || '|' || gemeente_code FROM bp.area "
	                      "WHERE code = 'CUPV-NOORD-BRABANT' AND indeling_year = 2020"),
	                    "custom|Noord-Brabant (PV)|GM0828|GM0828");
	double v = survey_cell("Waarde", "Noord-Brabant (PV)", 3);
	double lo = survey_cell("Betrouwbaarheidsmarge ondergrens", "Noord-Brabant (PV)", 3);
	double hi = survey_cell("Betrouwbaarheidsmarge bovengrens", "Noord-Brabant (PV)", 3);
	/* %.15g: the shortest text of these one-decimal figures, as the server prints them */
	char want[128], want_iv[160];
	snprintf(want, sizeof(want), "%.15g %.15g %.15g", v, lo, hi);
	snprintf(want_iv, sizeof(want_iv), "%s false", want);
	assert_string_equal(q("SELECT o.value || ' ' || i.ci_low || ' ' || i.ci_high FROM bp.observation o "
	                      "JOIN bp.observation_interval i USING (variable_code, area_code, indeling_year, period, source_id) "
	                      "WHERE o.variable_code = 'R_Eenzaam' AND o.area_code = 'CUPV-NOORD-BRABANT'"), want);

	/* compute gives the custom area the value it was loaded with (it has no members to sum) */
	const char *ind = write_tmp("r_eenzaam.yaml",
		"id: r_eenzaam\ntitle: {nl: Eenzaam (regio), en: Lonely (region)}\ntheme: sociale-veerkracht\n"
		"kind: published_share\nvalue: R_Eenzaam\nbase: AantalInwoners - k_0Tot15Jaar\nunit: \"%\"\ndecimals: 1\n"
		"polarity: higher-is-worse\nsource: X\n");
	bp_test_compute_file(conn(), ind);
	assert_string_equal(q("SELECT value || ' ' || ci_low || ' ' || ci_high || ' ' || estimate FROM bp.indicator_value "
	                      "WHERE indicator_id = 'r_eenzaam' AND area_code = 'CUPV-NOORD-BRABANT'"),
	                    want_iv);
	/* and the areas/ folder's store keeps it: it is no folder's, and figures refer to it */
	bp_custom_area_set none = { 0 };
	bp_error err;
	memset(&err, 0, sizeof(err));
	assert_int_equal(bp_custom_areas_store(conn(), &none, &err), BP_OK);
	assert_string_equal(q("SELECT count(*) FROM bp.area WHERE code = 'CUPV-NOORD-BRABANT'"), "1");

	/* by code: the key as CBS writes it, the name from name_column; names transliterated */
	const char *kf = write_tmp("keys-c.csv", "RegioS;Naam;A\nPV21      ;Fryslân;1\nRE07      ;Oost-Brabant;2\n"
	                                         "GM0828    ;Oss;3\nPV21      ;Fryslân;1\n");
	const char *km = write_tmp("keys-c.yaml", MAP_HEAD "area: {code: RegioS}\n"
	                           "other_regions: {as: custom, gemeente: GM0402, name_column: Naam}\n"
	                           "measures:\n  - {column: A, variable: K_C, title: A}\n");
	import_paths_ok(kf, km, &r);
	assert_int_equal(r.custom_areas, 2);
	assert_int_equal(r.duplicate_rows, 1);
	assert_string_equal(q("SELECT string_agg(o.area_code || '=' || o.value || ' ' || a.name || ' ' || a.gemeente_code, "
	                      "', ' ORDER BY o.area_code) FROM bp.observation_all o JOIN bp.area a "
	                      "ON a.code = o.area_code AND a.indeling_year = o.indeling_year WHERE o.variable_code = 'K_C'"),
	                    "CUPV21=1 Fryslân GM0402, CURE07=2 Oost-Brabant GM0402, GM0828=3 Oss GM0828");
	/* a title's key: type, then the name in capitals, transliterated */
	kf = write_tmp("names-c.csv", "Regio;A\nFryslân (PV);1\nPolitie Oost-Brabant (RE);2\n");
	km = write_tmp("names-c.yaml", MAP_HEAD "area: {name: Regio}\nother_regions: {as: custom, gemeente: GM0828}\n"
	                               "measures:\n  - {column: A, variable: K_N, title: A}\n");
	import_paths_ok(kf, km, &r);
	assert_string_equal(q("SELECT string_agg(area_code, ' ' ORDER BY area_code) FROM bp.observation_all "
	                      "WHERE variable_code = 'K_N'"), "CUPV-FRYSLAN CURE-POLITIE-OOST-BRABANT");

	/* errors, each at its place, nothing loaded */
	const char *named = MAP_HEAD "area: {name: Regio}\nother_regions: {as: custom, gemeente: GM0828}\n"
	                             "measures:\n  - {column: A, variable: E_A, title: A}\n";
	/* two titles whose keys come out alike: both lines */
	expect_error("Regio;A\nNoord-Brabant (PV);1\nNoord Brabant (PV);2\n", named, BP_ERR_PARSE, "t.csv", 3, 1,
	             "line 2's 'Noord-Brabant (PV)' would both be custom area CUPV-NOORD-BRABANT", NULL);
	/* custom without a gemeente to list them */
	expect_error("Regio;A\nOss;1\n", MAP_HEAD "area: {name: Regio}\nother_regions: {as: custom}\n"
	             "measures:\n  - {column: A, variable: E_A, title: A}\n", BP_ERR_CONFIG, "m.yaml", 5, 16,
	             "needs 'gemeente'", NULL);
	/* a gemeente the indeling does not have: the mapping's line and column */
	expect_error("Regio;A\nOss;1\n", MAP_HEAD "area: {name: Regio}\nother_regions: {as: custom, gemeente: GM9999}\n"
	             "measures:\n  - {column: A, variable: E_A, title: A}\n", BP_ERR_CONFIG, "m.yaml", 5, 39,
	             "GM9999 is not among the areas", "whose report lists");
	/* name_column: a missing column, an empty name */
	const char *coded = MAP_HEAD "area: {code: Code}\nother_regions: {as: custom, gemeente: GM0828, name_column: Naam}\n"
	                             "measures:\n  - {column: A, variable: E_A, title: A}\n";
	expect_error("Code;A\nPV21;1\n", coded, BP_ERR_PARSE, "t.csv", 1, 1, "no column 'Naam'", NULL);
	expect_error("Code;Naam;A\nPV21;Fryslân;1\nPV30;;2\n", coded, BP_ERR_PARSE, "t.csv", 3, 6,
	             "the region PV30 has no name", NULL);
	/* the default (and 'as: skip') skips them, counted */
	kf = write_tmp("names-s.csv", "Regio;A\nFryslân (PV);1\nOss (GM);2\n");
	km = write_tmp("names-s.yaml", MAP_HEAD "area: {name: Regio}\nother_regions: {as: skip}\n"
	                               "measures:\n  - {column: A, variable: K_S, title: A}\n");
	import_paths_ok(kf, km, &r);
	assert_int_equal(r.skipped_rows, 1);
	assert_int_equal(r.custom_rows, 0);
	assert_int_equal(r.base.observations, 1);
}

static void test_literal_quotes(void **state)
{
	(void)state;
	const char *f = write_tmp("q.csv", "Code;Naam;A\nGM0828;Kwartier \"De Ruwert\";1.5\nGM0402;Hilversum;2\n");
	const char *m = write_tmp("q.yaml", MAP_HEAD "quotes: literal\narea: {code: Code}\n"
	                                    "measures:\n  - {column: A, variable: E_Q, title: Q}\n");
	bp_table_result r;
	import_paths_ok(f, m, &r);
	assert_int_equal(r.base.observations, 2);
	assert_string_equal(q("SELECT value FROM bp.observation_all WHERE variable_code = 'E_Q' AND area_code = 'GM0828'"),
	                    "1.5");
}

/* ---- to the engine: intervals carried, "not measured" kept apart ------------ */

static void compute_one(const char *file)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s", bp_test_fixture(file));
	bp_test_compute_file(conn(), path);
}

static void test_engine(void **state)
{
	(void)state;
	/* runs after test_golden: the tables are loaded */
	compute_one("table/monitor/indicators/enquete_eenzaamheid.yaml");
	compute_one("table/monitor/indicators/vrijwilligerswerk_rivm.yaml");
	/* the Marges rows' bounds reach the indicator (survey-marges-gemeenten.csv, Oss) */
	assert_string_equal(q("SELECT value || ' ' || ci_low || ' ' || ci_high FROM bp.indicator_value "
	                      "WHERE indicator_id = 'enquete_eenzaamheid' AND area_code = 'GM0828'"), "45.8 43.7 47.9");
	/* RIVM did not ask about volunteering in 2012 (an empty cell): not measured, not secret */
	assert_string_equal(q("SELECT coalesce(value::text, '-') || ' ' || status || ' ' || suppressed_reason "
	                      "FROM bp.indicator_value WHERE indicator_id = 'vrijwilligerswerk_rivm' "
	                      "AND area_code = 'GM0828' AND period = '2012'"), "- not_applicable not_measured");
	assert_string_equal(bp_suppressed_reason_nl("not_measured"), "niet gemeten of niet van toepassing");
	assert_true(bp_suppressed_is_missing("not_measured"));
	assert_string_equal(q("SELECT value FROM bp.indicator_value WHERE indicator_id = 'vrijwilligerswerk_rivm' "
	                      "AND area_code = 'GM0828' AND period = '2020'"), "24.3");
}

static int setup(void **state)
{
	bp_test_tmpdir(tmp, sizeof(tmp));
	int rc = bp_test_db_setup(state);
	if (rc)
		return rc;
	/* The 2020 indeling's areas of Oss and Hilversum, with their names. */
	bp_import_result r;
	bp_error err;
	memset(&err, 0, sizeof(err));
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", bp_test_fixture("rivm-50090NED"));
	if (bp_import_cbs_dump(conn(), dir, &r, &err)) {
		bp_test_print_err(&err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	bp_test_rmtree(tmp);
	return bp_test_db_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_engine),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_literal_quotes),
		cmocka_unit_test(test_long_and_bounds),
		cmocka_unit_test(test_xlsx_errors),
		cmocka_unit_test(test_header_row),
		cmocka_unit_test(test_other_regions),
	};
	return cmocka_run_group_tests_name("table", tests, setup, teardown);
}
