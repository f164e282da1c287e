/*
 * test_statline_old: old-layout StatLine CSV exports (lib/import/statline_old.c)
 * through bp_import_statline_csv, against a real throwaway PostgreSQL.
 *
 * Fixture tests/fixtures/statline-old/Kerncijfers_wijken_en_buurten_2015_amsterdam_slice.csv
 * (lines 1-9, 18, 20, 21, 112 of the shared Amsterdam 2015 export, byte for
 * byte; CRLF, UTF-8 BOM).  Its lines, read by hand:
 *   1 title, 2 "", 3 "";"Onderwerp", 4 topic paths (10), 5 units
 *   6  Amsterdam                 641700;33,5;26,9;40,9;22,9;59,3;53,1;16,1;14,9;14,1
 *   7  Stadsdeel Centrum         71000;41,8;...
 *   8  Burgwallen-Oude Zijde     3700;33,4;30,1;40,6;25,2;68,3;60,5;12,9;16,3;15,1
 *   9  Burgwallen-Nieuwe Zijde   3700;39,9;...
 *  10  Stadsdeel Westpoort       300;27,0;...
 *  11  Bedrijventerrein Sloterdijk 100;33,3;31,4;42,5;16,8;72,2;.;.;.;.
 *  12  Stadsdeel West            115400;32,0;...
 *  13  "Bron: CBS"
 * The _cp1252 file is the same text converted with iconv (no BOM; NBSP = 0xA0).
 * amsterdam_2015_codes.csv maps the names to codes written for this test
 * (see PROVENANCE.md); 'Stadsdeel West;-' leaves that row out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "import/statline_csv.h"
#include "import/statline_old.h"
#include "importtest.h"
#include "pgtest.h"

#define SLICE "statline-old/Kerncijfers_wijken_en_buurten_2015_amsterdam_slice.csv"
#define SLICE_1252 "statline-old/Kerncijfers_wijken_en_buurten_2015_amsterdam_slice_cp1252.csv"
#define CODES "statline-old/amsterdam_2015_codes.csv"

static long count(const char *sql)
{
	return bp_test_count(bp_test_db.db.conn, sql);
}

static const char *value_of(const char *variable, const char *area, long source)
{
	return bp_test_value_of(bp_test_db.db.conn, variable, area, source);
}

static bp_rc import(const char *fixture, const char *codes, const char *gemeente, bp_import_result *res, bp_error *err)
{
	static char path[4096], cpath[4096];
	snprintf(path, sizeof(path), "%s", bp_test_fixture(fixture));
	if (codes)
		snprintf(cpath, sizeof(cpath), "%s", bp_test_fixture(codes));
	bp_statline_options opt = { .path = path, .codes = codes ? cpath : NULL, .gemeente = gemeente };
	memset(err, 0, sizeof(*err));
	return bp_import_statline_csv(bp_test_db.db.conn, &opt, res, err);
}

typedef struct counts {
	long source, area, observation, variable;
} counts;

static counts now(void)
{
	counts c = { count("SELECT count(*) FROM bp.source"), count("SELECT count(*) FROM bp.area"),
	             count("SELECT count(*) FROM bp.observation"), count("SELECT count(*) FROM bp.variable") };
	return c;
}

static void assert_unchanged(counts before)
{
	counts after = now();
	assert_int_equal(before.source, after.source);
	assert_int_equal(before.area, after.area);
	assert_int_equal(before.observation, after.observation);
	assert_int_equal(before.variable, after.variable);
	assert_int_equal(PQtransactionStatus(bp_test_db.db.conn), PQTRANS_IDLE);
}

static void expect_error(const char *fixture, const char *codes, const char *gemeente,
                         long line, long col, const char *fragment, const char *hint)
{
	counts before = now();
	bp_import_result res;
	bp_error err;
	bp_rc rc = import(fixture, codes, gemeente, &res, &err);
	if (rc != BP_ERR_PARSE || err.line != line || err.column != col || !strstr(err.message, fragment))
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_ERR_PARSE);
	assert_string_equal(err.where, bp_test_fixture(fixture));
	assert_int_equal(err.line, line);
	assert_int_equal(err.column, col);
	assert_non_null(strstr(err.message, fragment));
	if (hint)
		assert_non_null(strstr(err.hint, hint));
	assert_unchanged(before);
}

/* ------------------------------------------------------------ parse only */

static void test_detect_and_parse(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	char *data;
	size_t len;
	bp_error err = { 0 };
	const char *path = bp_test_fixture(SLICE);
	assert_int_equal(bp_file_read_all(path, a, &data, &len, &err), BP_OK);
	assert_int_equal(bp_statline_old_detect(data, len), 1);
	bp_statline_table t;
	bp_rc rc = bp_statline_old_parse(path, data, len, NULL, NULL, a, &t, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_string_equal(t.title, "Kerncijfers wijken en buurten 2015");
	assert_int_equal(t.n_columns, 11);
	assert_int_equal(t.n_measures, 10);
	assert_int_equal(t.n_rows, 7);   /* lines 6-12; the footer is no row */
	/* line 4, field 2: path with '|' -> label with '/', trailing NBSPs trimmed */
	assert_string_equal(t.columns[1].label, "Inkomen/Inkomen van personen/Aantal inkomensontvangers");
	assert_string_equal(t.columns[1].unit, "aantal");           /* line 5 */
	assert_string_equal(t.columns[2].unit, "x 1 000 euro");
	assert_string_equal(t.columns[0].label, "Wijken en buurten");
	assert_string_equal(t.rows[0].name, "Amsterdam");
	assert_int_equal(t.rows[0].line, 6);
	assert_true(t.rows[0].values[2].value == 33.5);             /* "33,5" */
	assert_int_equal(t.rows[5].values[7].status, BP_STATUS_UNKNOWN);   /* line 11, "." */
	assert_string_equal(t.rows[6].name, "Stadsdeel West");

	/* the Windows-1252 copy decodes to the same labels */
	path = bp_test_fixture(SLICE_1252);
	assert_int_equal(bp_file_read_all(path, a, &data, &len, &err), BP_OK);
	assert_int_equal(bp_statline_old_detect(data, len), 1);
	rc = bp_statline_old_parse(path, data, len, NULL, NULL, a, &t, &err);
	assert_int_equal(rc, BP_OK);
	assert_string_equal(t.columns[1].label, "Inkomen/Inkomen van personen/Aantal inkomensontvangers");
	assert_int_equal(t.n_rows, 7);

	/* the new layout is not taken for the old one */
	static const char newl[] = "\xEF\xBB\xBF\"Wijken en buurten\";\"Regioaanduiding/Codering (code)\";\"A (aantal)\"\n";
	assert_int_equal(bp_statline_old_detect(newl, sizeof(newl) - 1), 0);

	/* a bad cell is reported at its line and column: "3,5,1" starts at column 13 of line 6 */
	static const char bad[] = "\"T\"\r\n\"\"\r\n\"\";\"Onderwerp\"\r\n\"\";\"A|B\"\r\n\"Wijken\";\"%\"\r\n"
	                          "\"Amsterdam\";\"3,5,1\"\r\n\"Bron: CBS\"\r\n";
	rc = bp_statline_old_parse("mem.csv", bad, sizeof(bad) - 1, NULL, NULL, a, &t, &err);
	assert_int_equal(rc, BP_ERR_PARSE);
	assert_int_equal(err.line, 6);
	assert_int_equal(err.column, 13);
	assert_non_null(strstr(err.message, "'3,5,1'"));
	bp_arena_free(a);
}

/* ------------------------------------------------------------ database */

/* No mapping: the clear error at the first row's name (line 6, column 1), nothing written. */
static void test_without_mapping(void **state)
{
	(void)state;
	expect_error(SLICE, NULL, NULL, 6, 1, "region 'Amsterdam' has no area code", "--codes");
	/* --gemeente on an empty database: no area has the name */
	expect_error(SLICE, NULL, "GM0363", 6, 1, "region 'Amsterdam' matches no area of GM0363 in indeling 2015", "--codes");
	assert_int_equal(count("SELECT count(*) FROM bp.source"), 0);
}

static void test_mapping_errors(void **state)
{
	(void)state;
	char dir[256], path[512];
	bp_test_tmpdir(dir, sizeof(dir));
	/* a mapping that lacks 'Burgwallen-Nieuwe Zijde' (line 9 of the export) */
	snprintf(path, sizeof(path), "%s/codes.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("naam;code\nAmsterdam;GM0363\nStadsdeel Centrum;WK036300\nBurgwallen-Oude Zijde;BU03630000\n", f);
	fclose(f);
	counts before = now();
	bp_import_result res;
	bp_error err = { 0 };
	bp_statline_options opt = { .path = bp_test_fixture(SLICE), .codes = path };
	char fixture[4096];
	snprintf(fixture, sizeof(fixture), "%s", bp_test_fixture(SLICE));
	opt.path = fixture;
	bp_rc rc = bp_import_statline_csv(bp_test_db.db.conn, &opt, &res, &err);
	assert_int_equal(rc, BP_ERR_PARSE);
	assert_int_equal(err.line, 9);
	assert_int_equal(err.column, 1);
	assert_non_null(strstr(err.message, "'Burgwallen-Nieuwe Zijde' is not in the mapping"));
	assert_non_null(strstr(err.hint, "Burgwallen-Nieuwe Zijde;CODE"));
	assert_unchanged(before);

	/* a bad code in the mapping: at the mapping's line 2, column 11 */
	f = fopen(path, "w");
	fputs("naam;code\nAmsterdam;GM363\n", f);
	fclose(f);
	memset(&err, 0, sizeof(err));
	rc = bp_import_statline_csv(bp_test_db.db.conn, &opt, &res, &err);
	assert_int_equal(rc, BP_ERR_PARSE);
	assert_string_equal(err.where, path);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 11);
	assert_non_null(strstr(err.message, "'GM363' is not a CBS area code"));
	assert_unchanged(before);
	bp_test_rmtree(dir);
}

static void test_with_mapping(void **state)
{
	(void)state;
	bp_import_result res;
	bp_error err;
	bp_rc rc = import(SLICE, CODES, NULL, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_int_equal(res.already_loaded, 0);
	assert_int_equal(res.year, 2015);                 /* from the file name */
	assert_string_equal(res.table_id, "83220NED");
	assert_int_equal(res.areas, 6);                   /* 7 rows, Stadsdeel West left out */
	assert_int_equal(res.observations, 60);           /* 6 x 10 topics */
	long s = res.source_id;
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT title || '|' || table_id || '|' || row_count FROM bp.source WHERE id = %ld", s);
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, sql), "Kerncijfers wijken en buurten 2015|83220NED|6");
	/* line 6: known labels resolve to the KWB codes; decimal comma */
	assert_string_equal(value_of("AantalInkomensontvangers", "GM0363", s), "641700 ok");
	assert_string_equal(value_of("GemiddeldInkomenPerInkomensontvanger", "GM0363", s), "33.5 ok");
	assert_string_equal(value_of("HuishOnderOfRondSociaalMinimum", "GM0363", s), "14.1 ok");
	/* an unknown label gets a derived code: 'Actieven 15-75 jaar', line 6 field 7 */
	assert_string_equal(value_of("InkomenInkomenVanPersonenActieven1575Jaar", "GM0363", s), "59.3 ok");
	/* line 8, field 9: 20% huishoudens met hoogste inkomen */
	assert_string_equal(value_of("k_20HuishoudensMetHoogsteInkomen", "BU03630000", s), "12.9 ok");
	/* line 11: '.' is unknown or secret, value NULL */
	assert_string_equal(value_of("k_40HuishoudensMetLaagsteInkomen", "BU03630100", s), "NULL unknown_or_secret");
	assert_string_equal(value_of("GemiddeldInkomenPerInwoner", "BU03630100", s), "31.4 ok");
	assert_int_equal(count("SELECT count(*) FROM bp.observation WHERE status = 'unknown_or_secret'"), 4);
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn,
		"SELECT name || '|' || level || '|' || parent_code FROM bp.area WHERE code = 'BU03630001' AND indeling_year = 2015"),
		"Burgwallen-Nieuwe Zijde|buurt|WK036300");
	assert_int_equal(count("SELECT count(*) FROM bp.area WHERE code = 'WK036302'"), 0);

	/* the same bytes again: nothing to do */
	counts before = now();
	rc = import(SLICE, CODES, NULL, &res, &err);
	assert_int_equal(rc, BP_OK);
	assert_int_equal(res.already_loaded, 1);
	assert_int_equal(res.source_id, s);
	assert_unchanged(before);
}

/* Names matched to the areas of GM0363 loaded above (Windows-1252 copy). */
static void test_match_in_database(void **state)
{
	(void)state;
	/* 'Stadsdeel West' (line 12) was left out above, so it has no area yet */
	expect_error(SLICE_1252, NULL, "GM0363", 12, 1, "region 'Stadsdeel West' matches no area of GM0363 in indeling 2015", NULL);
	assert_int_equal(count("INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) VALUES "
	                       "('WK036302', 2015, 'wijk', 'Stadsdeel West', 'GM0363', 'GM0363'), "
	                       "('BU03630002', 2015, 'buurt', 'burgwallen-oude zijde', 'WK036300', 'GM0363') RETURNING 0"), 0);
	/* line 8: two areas have the name (case does not count) */
	expect_error(SLICE_1252, NULL, "GM0363", 8, 1,
	             "region 'Burgwallen-Oude Zijde' matches more than one area of GM0363 in indeling 2015: BU03630000, BU03630002",
	             "Burgwallen-Oude Zijde;CODE");
	assert_int_equal(count("DELETE FROM bp.area WHERE code = 'BU03630002' RETURNING 0"), 0);

	bp_import_result res;
	bp_error err;
	bp_rc rc = import(SLICE_1252, NULL, "GM0363", &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_int_equal(res.already_loaded, 0);
	assert_int_equal(res.areas, 7);
	assert_int_equal(res.observations, 70);
	/* line 12: Stadsdeel West; the decoded NBSP headers resolve as in UTF-8 */
	assert_string_equal(value_of("AantalInkomensontvangers", "WK036302", res.source_id), "115400 ok");
	assert_string_equal(value_of("GemiddeldInkomenPerInkomensontvanger", "WK036302", res.source_id), "32 ok");
	assert_int_equal(count("SELECT count(*) FROM bp.observation WHERE variable_code = 'AantalInkomensontvangers' "
	                       "AND area_code = 'GM0363' AND value = 641700"), 2);
	/* no variable came from the Windows-1252 labels that UTF-8 did not give */
	assert_int_equal(count("SELECT count(*) FROM bp.variable_label WHERE origin = 'StatLine CSV header' AND label LIKE 'Inkomen/%'"), 1);
}

int main(void)
{
	const struct CMUnitTest parse_tests[] = {
		cmocka_unit_test(test_detect_and_parse),
	};
	/* in this order: each test builds on the database the previous ones left */
	const struct CMUnitTest db_tests[] = {
		cmocka_unit_test(test_without_mapping),
		cmocka_unit_test(test_mapping_errors),
		cmocka_unit_test(test_with_mapping),
		cmocka_unit_test(test_match_in_database),
	};
	int failed = cmocka_run_group_tests_name("parse", parse_tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("db", db_tests, bp_test_db_setup, bp_test_db_teardown);
	return failed;
}
