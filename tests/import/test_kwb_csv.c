/*
 * test_kwb_csv: KWB downloads with short column names (lib/import/kwb_csv.c)
 * through the shipped mapping mappings/kwb-kort.yaml, on a real throwaway
 * PostgreSQL cluster; then the shipped indicator definitions computed from
 * what was loaded.
 *
 * The fixture tests/fixtures/kwb-2021-2022/kwb-2021-2022_oss_hilversum.csv
 * (header + 70 rows: NL00, GM0828, GM0402 and their 32 wijken, for 2021 and
 * 2022; 35 rows each).  Values read from it by hand (grep -n, cut -d,):
 *   line  2  NL00 2021      a_soz_wb 407970.0, a_jz_tn empty, jeugdzorg join empty
 *   line 13  GM0828 2021    a_15_24 11052, a_25_44 22041, a_45_64 26885,
 *                           a_soz_wb 1720.0, g_hhgro 22 (decimal comma deleted),
 *                           TotaalJongerenMetJeugdzorgInNatura_1 2860, ind_wbi empty
 *   line 15  WK082801 2021  a_hh 5035, a_1p_hh 2165
 *   line 48  GM0828 2022    g_hhgro 2.2, ind_wbi 1.0, a_soz_wb empty (all 2022 rows)
 *   line 50  WK082801 2022  a_hh 5135, a_1p_hh 2250
 * By hand from those:
 *   eenpersoonshuishoudens WK082801 2022 = 2250 / 5135 * 100 = 43.8169425511...
 *   bijstand GM0828 2021 = 1720 / (11052 + 22041 + 26885) * 1000
 *                        = 1720 / 59978 * 1000 = 28.6771816332...
 * The 19 damaged 2021 columns (PROVENANCE.md) are skipped as config/demo.yaml
 * does: 19 x 35 = 665 cells left out.  16 columns of the joined jeugdzorg
 * table (k_0Tot4Jaar_2 ... VerwijzerOnbekend_17) are in neither `columns`
 * nor `ignore` of the mapping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "engine/compute.h"
#include "engine/indicator_def.h"
#include "import/kwb_csv.h"
#include "importtest.h"
#include "pgtest.h"

#define FIXTURE "kwb-2021-2022/kwb-2021-2022_oss_hilversum.csv"

static char tmp_dir[256];
static char mapping[1024];
static long fixture_source;

static const char *const damaged[] = {
	"g_hhgro", "g_ink_po", "g_ink_pi", "p_ink_li", "p_ink_hi", "g_hh_sti", "p_hh_li", "p_hh_hi",
	"p_hh_lkk", "p_hh_osm", "p_hh_110", "p_hh_120", "m_hh_ver", "g_pau_hh", "g_afs_hp", "g_afs_gs",
	"g_afs_kv", "g_afs_sc", "g_3km_sc",
};
#define N_DAMAGED (sizeof(damaged) / sizeof(*damaged))

static PGconn *db(void)
{
	return bp_test_db.db.conn;
}

static const char *q(const char *fmt, ...) BP_PRINTF(1, 2);
static const char *q(const char *fmt, ...)
{
	char sql[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return bp_test_scalar(db(), sql);
}

/* 'value status' of one cell of a source and period; "" when there is no cell. */
static const char *cell(long source, const char *var, const char *area, const char *period)
{
	return q("SELECT coalesce(value::text, 'NULL') || ' ' || status FROM bp.observation "
	         "WHERE source_id = %ld AND variable_code = '%s' AND area_code = '%s' AND period = '%s'",
	         source, var, area, period);
}

static char *write_tmp(const char *name, const char *text)
{
	static char path[8][1024];
	static int next;
	char *p = path[next++ % 8];
	snprintf(p, sizeof(path[0]), "%s/%s", tmp_dir, name);
	bp_error err = { 0 };
	if (bp_file_write_atomic(p, text, strlen(text), &err) != BP_OK) {
		bp_test_print_err(&err);
		fail();
	}
	return p;
}

static bp_rc import(const char *path, const char *map, int year, const bp_kwb_skip *skip, size_t n_skip,
                    bp_arena *a, bp_kwb_csv_result *res, bp_error *err)
{
	bp_kwb_csv_options o = { .path = path, .mapping = map ? map : mapping, .year = year,
	                         .skip = skip, .n_skip = n_skip };
	memset(err, 0, sizeof(*err));
	return bp_import_kwb_csv(db(), &o, a, res, err);
}

static int setup(void **state)
{
	const char *root = getenv("BP_SOURCE_ROOT");
	snprintf(mapping, sizeof(mapping), "%s/mappings/kwb-kort.yaml", root ? root : ".");
	bp_test_tmpdir(tmp_dir, sizeof(tmp_dir));
	return bp_test_db_setup(state);
}

static int teardown(void **state)
{
	bp_test_rmtree(tmp_dir);
	return bp_test_db_teardown(state);
}

/* ---------------------------------------------------------------- the fixture */

static void test_fixture(void **state)
{
	(void)state;
	bp_kwb_skip skip[N_DAMAGED];
	for (size_t i = 0; i < N_DAMAGED; i++)
		skip[i] = (bp_kwb_skip){ 2021, damaged[i] };
	bp_arena *a = bp_arena_new();
	bp_kwb_csv_result res;
	bp_error err;
	bp_rc rc = import(bp_test_fixture(FIXTURE), NULL, 0, skip, N_DAMAGED, a, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_false(res.base.already_loaded);
	assert_int_equal(res.base.rows, 70);
	assert_int_equal(res.n_years, 2);
	assert_int_equal(res.years[0], 2021);
	assert_int_equal(res.years[1], 2022);
	assert_int_equal(res.skipped_cells, 19 * 35);
	assert_int_equal(res.n_unmapped, 16);
	assert_string_equal(res.unmapped[0], "k_0Tot4Jaar_2");
	assert_string_equal(res.unmapped[15], "VerwijzerOnbekend_17");
	fixture_source = res.base.source_id;
	long s = fixture_source;

	/* the source */
	assert_string_equal(q("SELECT importer || '|' || licence || '|' || publisher || '|' || row_count "
	                      "FROM bp.source WHERE id = %ld", s), "kwb-csv|CC BY 4.0|CBS|70");

	/* golden cells */
	assert_string_equal(cell(s, "HuishoudensTotaal", "WK082801", "2022"), "5135 ok");
	assert_string_equal(cell(s, "Eenpersoonshuishoudens", "WK082801", "2022"), "2250 ok");
	assert_string_equal(cell(s, "Eenpersoonshuishoudens", "WK082801", "2021"), "2165 ok");
	assert_string_equal(cell(s, "PersonenPerSoortUitkeringBijstand", "NL00", "2021"), "407970 ok");
	assert_string_equal(cell(s, "PersonenPerSoortUitkeringBijstand", "GM0828", "2021"), "1720 ok");
	assert_string_equal(cell(s, "k_15Tot25Jaar", "GM0828", "2021"), "11052 ok");
	/* 2022 rows have no benefits at all: the topic is not loaded for 2022 */
	assert_string_equal(cell(s, "PersonenPerSoortUitkeringBijstand", "GM0828", "2022"), "");
	/* the joined 85075NED total under the jeugdzorg indicator's variable (a_jz_tn is empty) */
	assert_string_equal(cell(s, "JongerenMetJeugdzorgInNatura", "GM0828", "2021"), "2860 ok");
	/* no jeugdzorg row was joined to Nederland: one empty cell among values */
	assert_string_equal(cell(s, "JongerenMetJeugdzorgInNatura", "NL00", "2021"), "NULL unknown_or_secret");
	/* the damaged 2021 column is left out; the 2022 one is read */
	assert_string_equal(cell(s, "GemiddeldeHuishoudensgrootte", "GM0828", "2021"), "");
	assert_string_equal(cell(s, "GemiddeldeHuishoudensgrootte", "GM0828", "2022"), "2.2 ok");
	assert_string_equal(q("SELECT count(*) FROM bp.observation WHERE source_id = %ld AND period = '2021' "
	                      "AND variable_code IN ('GemiddeldeHuishoudensgrootte', 'AfstandTotHuisartsenpraktijk', "
	                      "'GemiddeldInkomenPerInwoner', 'ScholenBinnen3Km')", s), "0");

	/* areas: one indeling per year, parents from the codes, ind_wbi 1.0 read as 1 */
	assert_string_equal(q("SELECT string_agg(indeling_year || ':' || level || ':' || name || ':' || "
	                      "coalesce(parent_code, '-') || ':' || coalesce(indeling_change, '-'), ' ' ORDER BY indeling_year) "
	                      "FROM bp.area WHERE code = 'WK082801'"),
	                    "2021:wijk:Schadewijk:GM0828:1 2022:wijk:Schadewijk:GM0828:1");
	assert_string_equal(q("SELECT string_agg(indeling_year || ':' || coalesce(indeling_change, '-'), ' ' "
	                      "ORDER BY indeling_year) FROM bp.area WHERE code = 'GM0828'"), "2021:- 2022:1");
	assert_string_equal(q("SELECT count(*) FROM bp.area WHERE indeling_year IN (2021, 2022)"), "70");
	assert_string_equal(q("SELECT count(*) FROM bp.area WHERE code = 'NL00' AND indeling_year IN (2021, 2022)"), "2");
	bp_arena_free(a);
}

static void test_same_file_twice(void **state)
{
	(void)state;
	bp_test_snapshot before, after;
	bp_test_snap(db(), &before);
	bp_arena *a = bp_arena_new();
	bp_kwb_csv_result res;
	bp_error err;
	/* The same bytes, even without the skips: a no-op, not a second vintage. */
	assert_int_equal(import(bp_test_fixture(FIXTURE), NULL, 0, NULL, 0, a, &res, &err), BP_OK);
	assert_true(res.base.already_loaded);
	assert_int_equal(res.base.source_id, fixture_source);
	bp_test_snap(db(), &after);
	bp_test_assert_same(&before, &after);
	bp_arena_free(a);
}

/* ---------------------------------------------------------------- skip, sentinels */

static void test_skip(void **state)
{
	(void)state;
	/* Two years of a small file: g_hhgro 21 is 2,1 with its comma deleted. */
	const char *text =
		"gwb_code_10,regio,recs,a_hh,g_hhgro,year\n"
		"NL00,Nederland,Land,8043443,21,2019\n"
		"GM0828,Oss,Gemeente,41185,22,2019\n"
		"NL00,Nederland,Land,8138591,2.1,2020\n";
	char *with = write_tmp("skip-with.csv", text);
	bp_arena *a = bp_arena_new();
	bp_kwb_csv_result res;
	bp_error err;
	bp_kwb_skip skip = { 2019, "g_hhgro" };
	assert_int_equal(import(with, NULL, 0, &skip, 1, a, &res, &err), BP_OK);
	assert_int_equal(res.skipped_cells, 2);
	long s = res.base.source_id;
	assert_string_equal(cell(s, "GemiddeldeHuishoudensgrootte", "NL00", "2019"), "");
	assert_string_equal(cell(s, "GemiddeldeHuishoudensgrootte", "GM0828", "2019"), "");
	assert_string_equal(cell(s, "GemiddeldeHuishoudensgrootte", "NL00", "2020"), "2.1 ok");
	assert_string_equal(cell(s, "HuishoudensTotaal", "GM0828", "2019"), "41185 ok");

	/* Without the skip (other bytes: another file) the damaged value goes in as it is. */
	char *without = write_tmp("skip-without.csv", "gwb_code_10,regio,recs,g_hhgro,year\nNL00,Nederland,Land,21,2018\n");
	assert_int_equal(import(without, NULL, 0, NULL, 0, a, &res, &err), BP_OK);
	assert_string_equal(cell(res.base.source_id, "GemiddeldeHuishoudensgrootte", "NL00", "2018"), "21 ok");

	/* A skip of a column the file lacks, or of a year it has no rows of: refused. */
	bp_test_snapshot before, after;
	bp_test_snap(db(), &before);
	char *other = write_tmp("skip-other.csv", "gwb_code_10,regio,recs,a_hh,year\nNL00,Nederland,Land,1,2017\n");
	bp_kwb_skip typo = { 2017, "g_hhgroo" };
	assert_int_equal(import(other, NULL, 0, &typo, 1, a, &res, &err), BP_ERR_USAGE);
	assert_non_null(strstr(err.message, "g_hhgroo"));
	bp_kwb_skip year = { 2012, "a_hh" };
	assert_int_equal(import(other, NULL, 0, &year, 1, a, &res, &err), BP_ERR_USAGE);
	assert_non_null(strstr(err.message, "2012"));
	bp_test_snap(db(), &after);
	bp_test_assert_same(&before, &after);
	bp_arena_free(a);
}

static void test_sentinels(void **state)
{
	(void)state;
	/* No year column: --year.  ';' as in CBS' own downloads, so ',' is a decimal separator. */
	const char *text =
		"gwb_code_10;regio;recs;a_inw;a_hh;g_hhgro;a_soz_wb\n"
		"NL00;Nederland;Land;-99999999;.;2,1;\n"
		"GM0828;Oss;Gemeente;-99995;;2.2;\n"
		"WK082801;Schadewijk;Wijk;10480;5135;-99999999.000000000;\n";
	char *path = write_tmp("sentinels.csv", text);
	bp_arena *a = bp_arena_new();
	bp_kwb_csv_result res;
	bp_error err;
	bp_rc rc = import(path, NULL, 2016, NULL, 0, a, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	long s = res.base.source_id;
	assert_string_equal(cell(s, "AantalInwoners", "NL00", "2016"), "NULL unknown_or_secret");
	assert_string_equal(cell(s, "AantalInwoners", "GM0828", "2016"), "NULL unknown_or_secret");
	assert_string_equal(cell(s, "AantalInwoners", "WK082801", "2016"), "10480 ok");
	assert_string_equal(cell(s, "HuishoudensTotaal", "NL00", "2016"), "NULL unknown_or_secret");
	assert_string_equal(cell(s, "HuishoudensTotaal", "GM0828", "2016"), "NULL unknown_or_secret");
	assert_string_equal(cell(s, "GemiddeldeHuishoudensgrootte", "NL00", "2016"), "2.1 ok");
	assert_string_equal(cell(s, "GemiddeldeHuishoudensgrootte", "GM0828", "2016"), "2.2 ok");
	assert_string_equal(cell(s, "GemiddeldeHuishoudensgrootte", "WK082801", "2016"), "NULL unknown_or_secret");
	/* a_soz_wb is empty in every row: not loaded, and said so */
	assert_string_equal(q("SELECT count(*) FROM bp.observation WHERE source_id = %ld "
	                      "AND variable_code = 'PersonenPerSoortUitkeringBijstand'", s), "0");
	assert_int_equal(res.n_empty, 1);
	assert_string_equal(res.empty[0], "2016 a_soz_wb");
	assert_string_equal(q("SELECT count(*) FROM bp.observation WHERE source_id = %ld", s), "9");
	bp_arena_free(a);
}

/* ---------------------------------------------------------------- refused files */

static void expect_refused(const char *path, const char *map, int year, bp_rc want_rc,
                           const char *want_where, long want_line, long want_col, const char *want_text)
{
	bp_test_snapshot before, after;
	bp_test_snap(db(), &before);
	bp_arena *a = bp_arena_new();
	bp_kwb_csv_result res;
	bp_error err;
	bp_rc rc = import(path, map, year, NULL, 0, a, &res, &err);
	if (rc != want_rc || strcmp(err.where, want_where) != 0 || err.line != want_line || err.column != want_col ||
	    !strstr(err.message, want_text)) {
		bp_test_print_err(&err);
		fail_msg("%s: got rc %d at %s:%ld:%ld", path, rc, err.where, err.line, err.column);
	}
	bp_test_snap(db(), &after);
	bp_test_assert_same(&before, &after);
	bp_arena_free(a);
}

static void test_malformed(void **state)
{
	(void)state;
	/* line 3, field 4 (a_1p_hh) starts at column 1 + len("WK082801,Schadewijk,Wijk,") = 26 */
	char *p = write_tmp("bad-number.csv",
		"gwb_code_10,regio,recs,a_1p_hh,year\n"
		"GM0828,Oss,Gemeente,14606,2015\n"
		"WK082801,Schadewijk,Wijk,22x0,2015\n");
	expect_refused(p, NULL, 0, BP_ERR_PARSE, p, 3, 26, "a_1p_hh");
	/* a decimal comma in a ','-separated file splits the field: too many fields, at the first
	 * extra one (field 6, column 1 + len("WK082801,Schadewijk,Wijk,2,1,") = 30) */
	p = write_tmp("bad-fields.csv",
		"gwb_code_10,regio,recs,g_hhgro,year\n"
		"WK082801,Schadewijk,Wijk,2,1,2015\n");
	expect_refused(p, NULL, 0, BP_ERR_PARSE, p, 2, 30, "expected 5 fields");
	/* no year column and no --year */
	p = write_tmp("no-year.csv", "gwb_code_10,regio,a_inw\nNL00,Nederland,1\n");
	expect_refused(p, NULL, 0, BP_ERR_USAGE, p, 1, 1, "no year");
	/* recs says otherwise than the code: line 2, field 3 at column 1 + len("GM0828,Oss,") = 12 */
	p = write_tmp("bad-level.csv", "gwb_code_10,regio,recs,a_inw,year\nGM0828,Oss,Wijk,1,2015\n");
	expect_refused(p, NULL, 0, BP_ERR_PARSE, p, 2, 12, "recs says");
	/* a wijk whose gemeente is in neither the file nor the database for 2015 */
	p = write_tmp("orphan.csv", "gwb_code_10,regio,a_inw,year\nWK999901,Nergens,1,2015\n");
	expect_refused(p, NULL, 0, BP_ERR_PARSE, p, 2, 0, "GM9999");
	/* two columns of one variable with different values: at the second, line 2,
	 * column 1 + len("GM0828,Oss,2860,") = 17 */
	p = write_tmp("conflict.csv",
		"gwb_code_10,regio,a_jz_tn,TotaalJongerenMetJeugdzorgInNatura_1,year\n"
		"GM0828,Oss,2860,2865,2015\n");
	expect_refused(p, NULL, 0, BP_ERR_PARSE, p, 2, 17, "different values");
	/* one area twice with other figures: at the second row's code, naming the first line */
	p = write_tmp("twice.csv", "gwb_code_10,regio,a_inw,year\nGM0828,Oss,5,2015\nGM0402,Hilversum,7,2015\n"
	                           "GM0828,Oss,6,2015\n");
	expect_refused(p, NULL, 0, BP_ERR_PARSE, p, 4, 1, "appears twice with different values (first on line 2)");
	/* a quote inside an unquoted field: its column and field, a hint that applies */
	p = write_tmp("quote.csv", "gwb_code_10,regio,a_inw,year\nGM0828,Oss \"Stad\",5,2015\n");
	expect_refused(p, NULL, 0, BP_ERR_PARSE, p, 2, 12, "a quote inside field 2");
}

/* A Dutch spreadsheet's export (';', decimal comma) with thousands separators: refused at the
 * cell, never loaded as a thousandth of its value. */
static void test_thousands(void **state)
{
	(void)state;
	/* "1.234,5": line 2, a_inw at column 1 + len("GM0828;Oss;Gemeente;") = 21 */
	char *p = write_tmp("nl-grouped.csv",
		"gwb_code_10;regio;recs;a_inw;g_hhgro;year\n"
		"GM0828;Oss;Gemeente;1.234,5;2,3;2015\n");
	expect_refused(p, NULL, 0, BP_ERR_PARSE, p, 2, 21, "'1.234,5' is written with a thousands separator");
	/* "9.690" parses as 9.69, but line 2 writes decimal commas: refused at the '.' cell, line 3,
	 * column 1 + len("WK082801;Schadewijk;Wijk;") = 26, naming the comma's line */
	p = write_tmp("nl-mixed.csv",
		"gwb_code_10;regio;recs;a_inw;g_hhgro;year\n"
		"GM0828;Oss;Gemeente;92000;2,3;2015\n"
		"WK082801;Schadewijk;Wijk;9.690;2,1;2015\n");
	expect_refused(p, NULL, 0, BP_ERR_PARSE, p, 3, 26, "'9.690' looks like a thousands separator, as line 2");
	/* the same without a decimal comma anywhere: '.' is the decimal point (README), loaded */
	p = write_tmp("nl-points.csv",
		"gwb_code_10;regio;recs;a_inw;g_hhgro;year\n"
		"GM0828;Oss;Gemeente;92000;2.3;2015\n"
		"WK082801;Schadewijk;Wijk;9.690;2.1;2015\n");
	bp_arena *a = bp_arena_new();
	bp_kwb_csv_result res;
	bp_error err;
	bp_rc rc = import(p, NULL, 0, NULL, 0, a, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_string_equal(cell(res.base.source_id, "AantalInwoners", "WK082801", "2015"), "9.69 ok");
	bp_arena_free(a);
}

/* A row that occurs three times in the source, exactly (issue 21): loaded once, counted. */
static void test_repeated_rows(void **state)
{
	(void)state;
	char *path = write_tmp("repeated.csv", "gwb_code_10,regio,a_inw,year\nGM0828,Oss,5,2017\nGM0828,Oss,5,2017\n"
	                                       "GM0402,Hilversum,7,2017\nGM0828,Oss,5,2017\n");
	bp_arena *a = bp_arena_new();
	bp_kwb_csv_result res;
	bp_error err;
	bp_rc rc = import(path, NULL, 0, NULL, 0, a, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_int_equal(res.duplicate_rows, 2);
	assert_int_equal(res.first_duplicate_line, 3);
	assert_string_equal(cell(res.base.source_id, "AantalInwoners", "GM0828", "2017"), "5 ok");
	assert_string_equal(q("SELECT count(*) FROM bp.observation WHERE source_id = %ld", res.base.source_id), "2");
	bp_arena_free(a);
}

static void test_mapping_errors(void **state)
{
	(void)state;
	char *data = write_tmp("small.csv", "gwb_code_10,regio,a_inw,year\nNL00,Nederland,17475415,2014\n");
	/* line 2: 'a_inw: [x]' -- a list where a code belongs, at the value (column 10) */
	char *m = write_tmp("list.yaml", "columns:\n  a_inw: [x]\n");
	expect_refused(data, m, 0, BP_ERR_CONFIG, m, 2, 10, "expected a variable code");
	/* not a code: at the value */
	m = write_tmp("code.yaml", "columns:\n  a_inw: 1Inwoners\n");
	expect_refused(data, m, 0, BP_ERR_CONFIG, m, 2, 10, "not a variable code");
	/* a unit other than the registered one (AantalInwoners: aantal): at the column's key, after
	 * the database was asked -- and rolled back */
	m = write_tmp("unit.yaml", "columns:\n  a_inw: {variable: AantalInwoners, unit: \"%\"}\n");
	expect_refused(data, m, 0, BP_ERR_CONFIG, m, 2, 3, "registered with unit 'aantal'");
	/* an unknown key of an entry: at the key, column 37 (after '{' at 10 and
	 * "variable: AantalInwoners, ", 26 characters) */
	m = write_tmp("key.yaml", "columns:\n  a_inw: {variable: AantalInwoners, eenheid: aantal}\n");
	expect_refused(data, m, 0, BP_ERR_CONFIG, m, 2, 37, "eenheid");
}

/* ---------------------------------------------------------------- the engine */

static void copy_file(const char *from, const char *to)
{
	bp_arena *a = bp_arena_new();
	char *data;
	size_t len;
	bp_error err = { 0 };
	if (bp_file_read_all(from, a, &data, &len, &err) || bp_file_write_atomic(to, data, len, &err)) {
		bp_test_print_err(&err);
		fail();
	}
	bp_arena_free(a);
}

static void test_shipped_indicators(void **state)
{
	(void)state;
	/* The definitions as shipped, so that their variable names are what is tested. */
	const char *root = getenv("BP_SOURCE_ROOT");
	char dir[512], from[1024], to[1024];
	snprintf(dir, sizeof(dir), "%s/indicators", tmp_dir);
	bp_error err = { 0 };
	assert_int_equal(bp_mkdir_p(dir, 0700, &err), BP_OK);
	const char *files[] = { "eenpersoonshuishoudens.yaml", "bijstand.yaml", "jeugdzorg.yaml", "publication.yaml" };
	for (size_t i = 0; i < 4; i++) {
		snprintf(from, sizeof(from), "%s/indicators/%s", root, files[i]);
		snprintf(to, sizeof(to), "%s/%s", dir, files[i]);
		copy_file(from, to);
	}
	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	bp_compute_result res;
	if (bp_indicators_load_dir(dir, a, &set, &err) || bp_compute_indicators(db(), &set, 1, &res, &err)) {
		bp_test_print_err(&err);
		fail();
	}
	assert_int_equal(res.skipped, 0);
	double v = atof(q("SELECT value FROM bp.indicator_value WHERE indicator_id = 'eenpersoonshuishoudens' "
	                  "AND area_code = 'WK082801' AND indeling_year = 2022 AND period = '2022'"));
	assert_true(fabs(v - 2250.0 / 5135.0 * 100.0) < 1e-9);   /* 43.8169... */
	v = atof(q("SELECT value FROM bp.indicator_value WHERE indicator_id = 'bijstand' "
	           "AND area_code = 'GM0828' AND indeling_year = 2021 AND period = '2021'"));
	assert_true(fabs(v - 1720.0 / 59978.0 * 1000.0) < 1e-9);  /* 28.6771... */
	/* no benefits in 2022 (not loaded, though the age groups are): no bijstand row
	 * for 2022 at all, so that readers of the latest period find 2021's */
	assert_string_equal(q("SELECT count(*) FROM bp.indicator_value WHERE indicator_id = 'bijstand' "
	                      "AND period = '2022'"), "0");
	/* jeugdzorg GM0828 2021: 2860 / (13849 + 11052) * 100 (a_00_14, a_15_24 of line 13) */
	v = atof(q("SELECT value FROM bp.indicator_value WHERE indicator_id = 'jeugdzorg' "
	           "AND area_code = 'GM0828' AND indeling_year = 2021 AND period = '2021'"));
	assert_true(fabs(v - 2860.0 / 24901.0 * 100.0) < 1e-9);
	bp_arena_free(a);
}

int main(void)
{
	/* in this order: each test builds on the database the previous ones left */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_same_file_twice),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_sentinels),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_thousands),
		cmocka_unit_test(test_repeated_rows),
		cmocka_unit_test(test_mapping_errors),
		cmocka_unit_test(test_shipped_indicators),
	};
	return cmocka_run_group_tests_name("kwb_csv", tests, setup, teardown);
}
