/*
 * test_survey: the survey importer (lib/import/survey.c, survey_mapping.c)
 * and the privacy roles of sql/005_survey.sql, against a real throwaway
 * PostgreSQL cluster with the KWB 2024 fixture (Oss, Hilversum) loaded.
 *
 * Expected numbers come from outside the code under test: the generator's
 * manifest.csv, a count the test makes itself from the generated CSV, and a
 * hand-made file whose weighted share is worked out in the comments below.
 * Broken files are written by the tests themselves (so each case is visible
 * here) into a temporary folder; after each refusal the database must be
 * exactly as before (md5 over every survey table).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "db/conn.h"
#include "import/statline_csv.h"
#include "import/survey.h"
#include "import/survey_mapping.h"
#include "pgtest.h"

#define KWB "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"

static bp_testdb g_db;
static char g_tmp[256];
static char g_mapping[BP_PATH_MAX];    /* surveys/burgerpeiling-2022.yaml */
static char g_tiny_mapping[BP_PATH_MAX];

static PGconn *conn(void) { return g_db.db.conn; }

static long count(const char *sql) { return atol(bp_test_scalar(conn(), sql)); }

static void write_file(char *path, size_t size, const char *name, const char *text)
{
	snprintf(path, size, "%s/%s", g_tmp, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Everything a survey import may change, as one string. */
static char *snapshot(void)
{
	return strdup(bp_test_scalar(conn(),
		"SELECT md5(concat_ws('|',"
		" (SELECT string_agg(concat_ws(',', survey_id, respondent_id, area_code, weight, row_number), ';' ORDER BY survey_id, respondent_id) FROM survey_private.respondent),"
		" (SELECT string_agg(concat_ws(',', survey_id, respondent_id, question, code), ';' ORDER BY survey_id, respondent_id, question) FROM survey_private.answer),"
		" (SELECT string_agg(concat_ws(',', survey_id, area_code, question, category, n_unweighted, sum_w, sum_w2, base_n), ';' ORDER BY survey_id, area_code, question, category) FROM bp.survey_aggregate),"
		" (SELECT string_agg(concat_ws(',', id, name, gemeente_code, source_id, respondents), ';' ORDER BY id) FROM bp.survey),"
		" (SELECT string_agg(concat_ws(',', id, checksum), ';' ORDER BY id) FROM bp.source)))"));
}

static bp_rc import(const char *path, const char *mapping, int skip, const char *report,
                    bp_survey_result *res, bp_error *err)
{
	bp_survey_options o = { .path = path, .mapping_path = mapping, .skip_invalid = skip, .report_path = report };
	bp_error_clear(err);
	return bp_import_survey(conn(), &o, res, err);
}

/* ------------------------------------------------------------ setup */

static int db_setup(void **state)
{
	(void)state;
	if (bp_testdb_start(&g_db) != 0)
		return -1;
	bp_test_tmpdir(g_tmp, sizeof(g_tmp));
	bp_statline_options so = { .path = bp_test_fixture(KWB) };
	bp_import_result r;
	bp_error err = { 0 };
	if (bp_import_statline_csv(conn(), &so, &r, &err) != BP_OK)
		return -1;
	snprintf(g_mapping, sizeof(g_mapping), "%s/surveys/burgerpeiling-2022.yaml", getenv("BP_SOURCE_ROOT"));
	/* A mapping of one question, for hand-made files. */
	write_file(g_tiny_mapping, sizeof(g_tiny_mapping), "tiny.yaml",
		"survey:\n"
		"  name: tiny\n"
		"  period: \"2022\"\n"
		"  fieldwork: {start: 2022-09-01, end: 2022-10-31}\n"
		"columns: {respondent: respondent, area: wijknr, weight: weging}\n"
		"area: {indeling_year: 2024, codes: cbs}\n"
		"missing: [99]\n"
		"questions:\n"
		"  - variable: zw04\n"
		"    categories:\n"
		"      niet_eenzaam: [1]\n"
		"      eenzaam: [2, 3, 4]\n"
		"    missing: [5]\n");
	return 0;
}

static int db_teardown(void **state)
{
	(void)state;
	bp_testdb_stop(&g_db);
	bp_test_rmtree(g_tmp);
	return 0;
}

/* ------------------------------------------------------------ the generator's files */

/* Respondents per wijk as the generator's manifest says (gemeente rows left out). */
static long manifest_count(const char *code)
{
	FILE *f = fopen(bp_test_fixture("survey/manifest.csv"), "r");
	assert_non_null(f);
	char line[256];
	long n = -1;
	while (fgets(line, sizeof(line), f)) {
		char gm[32], area[32];
		long k;
		if (sscanf(line, "%31[^;];%31[^;];%ld", gm, area, &k) == 3 && strcmp(area, code) == 0)
			n = k;
	}
	fclose(f);
	return n;
}

/* The test's own count from the CSV: rows of a wijk, and of those the zw04 answers 1..4 (the base). */
static void csv_count(const char *file, char sep, const char *wijk, long *rows, long *base_zw04)
{
	FILE *f = fopen(bp_test_fixture(file), "r");
	assert_non_null(f);
	char line[1024];
	int col_wijk = -1, col_zw04 = -1;
	*rows = *base_zw04 = 0;
	for (int lineno = 0; fgets(line, sizeof(line), f); lineno++) {
		char *p = line, *s;
		char sepstr[2] = { sep, 0 };
		const char *wk = NULL, *zw = NULL;
		for (int i = 0; (s = strsep(&p, sepstr)) != NULL; i++) {
			s[strcspn(s, "\r\n")] = 0;
			if (lineno == 0) {
				if (strcmp(s, "wijknr") == 0)
					col_wijk = i;
				if (strcmp(s, "zw04") == 0)
					col_zw04 = i;
			} else if (i == col_wijk) {
				wk = s;
			} else if (i == col_zw04) {
				zw = s;
			}
		}
		if (lineno == 0 || !wk || strcmp(wk, wijk) != 0)
			continue;
		(*rows)++;
		if (zw && *zw && atoi(zw) >= 1 && atoi(zw) <= 4)
			(*base_zw04)++;
	}
	fclose(f);
	assert_true(col_wijk >= 0 && col_zw04 >= 0);
}

static void check_wijk(const char *file, char sep, const char *wijk)
{
	long rows, base;
	csv_count(file, sep, wijk, &rows, &base);
	assert_int_equal(rows, manifest_count(wijk));
	char sql[512];
	snprintf(sql, sizeof(sql),
		"SELECT count(*) FROM survey_private.respondent r JOIN bp.survey s ON s.id = r.survey_id"
		" WHERE s.name = 'burgerpeiling-2022' AND r.area_code = '%s'", wijk);
	assert_int_equal(count(sql), rows);
	snprintf(sql, sizeof(sql),
		"SELECT coalesce(max(base_n), 0) FROM bp.survey_aggregate a JOIN bp.survey s ON s.id = a.survey_id"
		" WHERE s.name = 'burgerpeiling-2022' AND a.area_code = '%s' AND a.question = 'zw04'", wijk);
	assert_int_equal(count(sql), base);
}

static void test_generated_files(void **state)
{
	(void)state;
	bp_survey_result res;
	bp_error err;
	char path[BP_PATH_MAX];
	snprintf(path, sizeof(path), "%s", bp_test_fixture("survey/burgerpeiling-2022-SYNTHETIC-oss.csv"));
	assert_int_equal(import(path, g_mapping, 0, NULL, &res, &err), BP_OK);
	assert_int_equal(res.respondents, manifest_count("GM0828"));
	assert_int_equal(res.respondents, 1800);
	assert_true(res.synthetic);
	check_wijk("survey/burgerpeiling-2022-SYNTHETIC-oss.csv", ';', "WK082801");
	check_wijk("survey/burgerpeiling-2022-SYNTHETIC-oss.csv", ';', "WK082803");   /* under 30 */
	check_wijk("survey/burgerpeiling-2022-SYNTHETIC-oss.csv", ';', "WK082809");   /* 1 respondent */
	assert_string_equal(bp_test_scalar(conn(), "SELECT synthetic FROM bp.survey WHERE gemeente_code = 'GM0828'"), "t");
	assert_int_equal(count("SELECT count(*) FROM bp.survey_aggregate a JOIN bp.survey s ON s.id = a.survey_id"
	                       " WHERE s.gemeente_code = 'GM0828' AND a.area_code IN (SELECT code FROM bp.area WHERE indeling_year = 2024"
	                       " AND gemeente_code = 'GM0828' AND level = 'wijk') AND a.question = 'zw04' AND a.base_n < 30"
	                       " AND a.category = 'niet_eenzaam'") > 0, 1);

	/* The .sav of the same respondents replaces the CSV and gives the same numbers. */
	char *before = strdup(bp_test_scalar(conn(),
		"SELECT md5(string_agg(concat_ws(',', area_code, question, category, n_unweighted, base_n, round(sum_w::numeric, 6)), ';'"
		" ORDER BY area_code, question, category)) FROM bp.survey_aggregate"));
	snprintf(path, sizeof(path), "%s", bp_test_fixture("survey/burgerpeiling-2022-SYNTHETIC-oss.sav"));
	assert_int_equal(import(path, g_mapping, 0, NULL, &res, &err), BP_OK);
	assert_int_equal(res.replaced, 1);
	assert_true(res.synthetic);
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT md5(string_agg(concat_ws(',', area_code, question, category, n_unweighted, base_n, round(sum_w::numeric, 6)), ';'"
		" ORDER BY area_code, question, category)) FROM bp.survey_aggregate"), before);
	free(before);
	check_wijk("survey/burgerpeiling-2022-SYNTHETIC-oss.csv", ';', "WK082801");

	snprintf(path, sizeof(path), "%s", bp_test_fixture("survey/burgerpeiling-2022-SYNTHETIC-hilversum.sav"));
	assert_int_equal(import(path, g_mapping, 0, NULL, &res, &err), BP_OK);
	assert_int_equal(res.respondents, manifest_count("GM0402"));
	assert_int_equal(res.replaced, 0);
	check_wijk("survey/burgerpeiling-2022-SYNTHETIC-hilversum.csv", ',', "WK040204");
	check_wijk("survey/burgerpeiling-2022-SYNTHETIC-hilversum.csv", ',', "WK040202");
	assert_int_equal(count("SELECT count(*) FROM bp.survey WHERE name = 'burgerpeiling-2022'"), 2);
}

/* ------------------------------------------------------------ a hand-made file */

/*
 * Weights and zw04 answers (1 niet eenzaam; 2,3,4 eenzaam; 5 weet niet; empty = no answer):
 *   r1 1    WK082801   1
 *   r2 2    WK082801   2
 *   r3 0,5  BU08280105 3   (a buurt of WK082801: counts there too)
 *   r4 1,5  WK082801   5   (weet niet: not in the base)
 *   r5 3    WK082801   -   (no answer)
 *   r6 2,5  WK082802   4
 * WK082801: base r1 r2 r3: n 3, sum_w 3.5; eenzaam r2 r3: n 2, sum_w 2.5,
 *           sum_w2 4 + 0.25 = 4.25; share 2.5 / 3.5 = 0.714285...
 * GM0828:   base 6.0, eenzaam 5.0.
 */
static const char tiny_csv[] =
	"respondent;weging;wijknr;zw04\n"
	"r1;1;WK082801;1\n"
	"r2;2;WK082801;2\n"
	"r3;0,5;BU08280105;3\n"
	"r4;1,5;WK082801;5\n"
	"r5;3;WK082801;\n"
	"r6;2,5;082802;4\n";

static double agg(const char *area, const char *category, const char *column)
{
	char sql[512];
	snprintf(sql, sizeof(sql),
		"SELECT a.%s FROM bp.survey_aggregate a JOIN bp.survey s ON s.id = a.survey_id"
		" WHERE s.name = 'tiny' AND a.area_code = '%s' AND a.question = 'zw04' AND a.category = '%s'",
		column, area, category);
	return atof(bp_test_scalar(conn(), sql));
}

static void test_hand_made_share(void **state)
{
	(void)state;
	char path[BP_PATH_MAX];
	bp_survey_result res;
	bp_error err;
	write_file(path, sizeof(path), "tiny.csv", tiny_csv);
	assert_int_equal(import(path, g_tiny_mapping, 0, NULL, &res, &err), BP_OK);
	assert_int_equal(res.respondents, 6);
	assert_int_equal(res.answers, 5);
	assert_false(res.synthetic);
	assert_int_equal((long)agg("WK082801", "eenzaam", "base_n"), 3);
	assert_int_equal((long)agg("WK082801", "eenzaam", "n_unweighted"), 2);
	assert_true(fabs(agg("WK082801", "eenzaam", "sum_w") - 2.5) < 1e-12);
	assert_true(fabs(agg("WK082801", "eenzaam", "sum_w2") - 4.25) < 1e-12);
	assert_true(fabs(agg("WK082801", "eenzaam", "base_sum_w") - 3.5) < 1e-12);
	assert_true(fabs(agg("WK082801", "eenzaam", "sum_w") / agg("WK082801", "eenzaam", "base_sum_w") - 2.5 / 3.5) < 1e-12);
	assert_true(fabs(agg("GM0828", "eenzaam", "sum_w") - 5.0) < 1e-12);
	assert_true(fabs(agg("GM0828", "eenzaam", "base_sum_w") - 6.0) < 1e-12);
	assert_true(fabs(agg("BU08280105", "eenzaam", "sum_w") - 0.5) < 1e-12);
	/* A category nobody chose still has its row, with 0. */
	assert_int_equal((long)agg("WK082802", "niet_eenzaam", "n_unweighted"), 0);
	assert_int_equal((long)agg("WK082802", "niet_eenzaam", "base_n"), 1);
	/* The weet-niet answer is kept (nothing lost), only not counted in the base. */
	assert_int_equal(count("SELECT code FROM survey_private.answer WHERE respondent_id = 'r4'"), 5);
}

static void test_reimport_noop(void **state)
{
	(void)state;
	char path[BP_PATH_MAX];
	bp_survey_result res;
	bp_error err;
	snprintf(path, sizeof(path), "%s/tiny.csv", g_tmp);
	char *before = snapshot();
	assert_int_equal(import(path, g_tiny_mapping, 0, NULL, &res, &err), BP_OK);
	assert_true(res.already_loaded);
	char *after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_replacement(void **state)
{
	(void)state;
	char path[BP_PATH_MAX];
	bp_survey_result res;
	bp_error err;
	long sources = count("SELECT count(*) FROM bp.source");
	/* Corrected: r2 was not lonely after all, r6 removed. */
	write_file(path, sizeof(path), "tiny-corrected.csv",
		"respondent;weging;wijknr;zw04\n"
		"r1;1;WK082801;1\n"
		"r2;2;WK082801;1\n"
		"r3;0,5;BU08280105;3\n"
		"r4;1,5;WK082801;5\n"
		"r5;3;WK082801;\n");
	assert_int_equal(import(path, g_tiny_mapping, 0, NULL, &res, &err), BP_OK);
	assert_int_equal(res.replaced, 1);
	assert_int_equal(count("SELECT count(*) FROM bp.survey WHERE name = 'tiny'"), 1);
	assert_int_equal(count("SELECT count(*) FROM survey_private.respondent r JOIN bp.survey s ON s.id = r.survey_id WHERE s.name = 'tiny'"), 5);
	assert_true(fabs(agg("WK082801", "eenzaam", "sum_w") - 0.5) < 1e-12);
	assert_int_equal(count("SELECT count(*) FROM bp.survey_aggregate a JOIN bp.survey s ON s.id = a.survey_id"
	                       " WHERE s.name = 'tiny' AND a.area_code = 'WK082802'"), 0);
	/* The old file's source went with it. */
	assert_int_equal(count("SELECT count(*) FROM bp.source"), sources);
}

/* ------------------------------------------------------------ broken files */

/* Import path with mapping, which must be refused (BP_ERR_PARSE in *err) leaving the database as it was. */
static void refused_unchanged(const char *path, const char *mapping, bp_error *err)
{
	bp_survey_result res;
	char *before = snapshot();
	assert_int_equal(import(path, mapping, 0, NULL, &res, err), BP_ERR_PARSE);
	char *after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void refused(const char *name, const char *text, long row, const char *what)
{
	char path[BP_PATH_MAX];
	bp_survey_result res;
	bp_error err;
	write_file(path, sizeof(path), name, text);
	char *before = snapshot();
	assert_int_equal(import(path, g_tiny_mapping, 0, NULL, &res, &err), BP_ERR_PARSE);
	if (err.row != row || !strstr(err.detail, what)) {
		char buf[4096];
		bp_error_format(&err, buf, sizeof(buf));
		fprintf(stderr, "%s: %s\n", name, buf);
	}
	assert_int_equal(err.row, row);
	assert_non_null(strstr(err.detail, what));
	/* Problems name row, line and column, never who answered (issue 24). */
	assert_null(strstr(err.detail, "RESP-4711"));
	assert_null(strstr(err.message, "RESP-4711"));
	assert_non_null(strstr(err.message, "nothing was loaded"));
	char *after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_broken_files(void **state)
{
	(void)state;
	refused("area.csv", "respondent;weging;wijknr;zw04\nb1;1;WK082801;1\nb2;1;WK999999;1\n", 2, "unknown area code");
	refused("code.csv", "respondent;weging;wijknr;zw04\nb1;1;WK082801;1\nb2;1;WK082801;2\nb3;1;WK082801;7\n", 3,
	        "answer code outside the codebook");
	refused("noweight.csv", "respondent;weging;wijknr;zw04\nb1;;WK082801;1\n", 1, "no weight");
	refused("zeroweight.csv", "respondent;weging;wijknr;zw04\nb1;1;WK082801;1\nb2;0;WK082801;1\n", 2, "not positive");
	refused("negweight.csv", "respondent,weging,wijknr,zw04\nb1,-1.5,WK082801,1\n", 1, "not positive");
	/* A weight of 1e308 is finite but its square is not: every later sum would overflow. */
	refused("hugeweight.csv", "respondent;weging;wijknr;zw04\nb1;1;WK082801;1\nb2;1e308;WK082801;1\n", 2,
	        "the weight is larger than 1000000");
	refused("bigweight.csv", "respondent;weging;wijknr;zw04\nb1;1000000,5;WK082801;1\n", 1, "larger than");
	refused("nanweight.csv", "respondent;weging;wijknr;zw04\nb1;nan;WK082801;1\n", 1, "not a number");
	/* A Dutch export's thousands separator: said so, not "not a number" */
	refused("groupedweight.csv", "respondent;weging;wijknr;zw04\nb1;1;WK082801;1\nb2;1.234,5;WK082801;1\n", 2,
	        "the weight is written with a thousands separator");
	refused("dup.csv", "respondent;weging;wijknr;zw04\nRESP-4711;1;WK082801;1\nb2;1;WK082801;1\nRESP-4711;1;WK082802;2\n", 3,
	        "duplicate respondent id (first in row 1)");
	refused("cut.csv", "respondent;weging;wijknr;zw04\nb1;1;WK082801;1\nb2;1;WK08", 2, "ends in the middle");
	refused("cutquote.csv", "respondent;weging;wijknr;zw04\nb1;1;WK082801;1\n\"b2;1;WK082801;1\n", 2, "ends in the middle");

	/* A column the mapping names, twice in the header (a merged export): which one holds the
	 * answers is not guessed; the header's line, both columns named, nothing loaded. */
	const char *twice[] = { "respondent;weging;wijknr;zw04;ZW04\nb1;1;WK082801;1;2\n",
	                        "respondent;wijknr;weging;wijknr;zw04\nb1;WK082801;1;WK082802;1\n" };
	const char *twice_msg[] = { "column 'ZW04' twice (columns 4 and 5)", "column 'wijknr' twice (columns 2 and 4)" };
	for (int i = 0; i < 2; i++) {
		char dpath[BP_PATH_MAX];
		write_file(dpath, sizeof(dpath), "twice.csv", twice[i]);
		bp_error e = { 0 };
		refused_unchanged(dpath, g_tiny_mapping, &e);
		if (!strstr(e.message, twice_msg[i]))
			fail_msg("got '%s'", e.message);
		assert_string_equal(e.where, dpath);
		assert_int_equal(e.line, 1);
		assert_non_null(strstr(e.hint, "not guessed"));
	}

	/* A .sav cut short: the first 60 % of the generated Oss file. */
	char path[BP_PATH_MAX];
	bp_arena *a = bp_arena_new();
	char *data;
	size_t len;
	bp_error err = { 0 };
	assert_int_equal(bp_file_read_all(bp_test_fixture("survey/burgerpeiling-2022-SYNTHETIC-oss.sav"), a, &data, &len, &err), BP_OK);
	snprintf(path, sizeof(path), "%s/cut.sav", g_tmp);
	assert_int_equal(bp_file_write_atomic(path, data, len * 6 / 10, &err), BP_OK);
	bp_arena_free(a);
	refused_unchanged(path, g_mapping, &err);
	assert_true(err.row > 1 && err.row < 1800);
	assert_non_null(strstr(err.detail, "ends in the middle"));
}

static void test_skip_invalid(void **state)
{
	(void)state;
	char path[BP_PATH_MAX], report[BP_PATH_MAX];
	bp_survey_result res;
	bp_error err;
	write_file(path, sizeof(path), "skip.csv",
		"respondent;weging;wijknr;zw04\n"
		"s1;1;WK040201;1\n"
		"s2;1;WK999999;1\n"
		"s3;2;WK040201;2\n"
		"s4;0;WK040201;1\n"
		"s3;1;WK040201;1\n");
	snprintf(report, sizeof(report), "%s/skip-report.csv", g_tmp);
	assert_int_equal(import(path, g_tiny_mapping, 1, report, &res, &err), BP_OK);
	assert_int_equal(res.respondents, 2);
	assert_int_equal(res.skipped, 3);
	assert_int_equal(count("SELECT skipped_rows FROM bp.survey WHERE name = 'tiny' AND gemeente_code = 'GM0402'"), 3);
	bp_arena *a = bp_arena_new();
	char *data;
	size_t len;
	assert_int_equal(bp_file_read_all(report, a, &data, &len, &err), BP_OK);
	assert_non_null(strstr(data, "row;line;column;problem;value\n"));
	assert_non_null(strstr(data, "2;3;\"wijknr\";"));
	assert_non_null(strstr(data, "4;5;\"weging\";\"the weight is not positive\""));
	assert_non_null(strstr(data, "5;6;\"respondent\";\"duplicate respondent id (first in row 3)\";\"\""));
	/* No respondent id anywhere in the report (issue 24): rows, lines and columns say where. */
	assert_null(strstr(data, "\"s"));
	assert_null(strstr(err.detail, "s3"));
	bp_arena_free(a);
	/* Respondent data: the owner's only. */
	struct stat st;
	assert_int_equal(stat(report, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* The Oss survey 'tiny' is untouched: a file for Hilversum replaces only Hilversum. */
	assert_int_equal(count("SELECT count(*) FROM bp.survey WHERE name = 'tiny'"), 2);
}

/* Codes far from 1..10 (negative, in the thousands) take another way through the importer than
 * the usual ones (a lookup table per question covers -128..1023): the same checks and sums. */
static void test_wide_codes(void **state)
{
	(void)state;
	char mapping[BP_PATH_MAX], path[BP_PATH_MAX], report[BP_PATH_MAX];
	bp_survey_result res;
	bp_error err;
	write_file(mapping, sizeof(mapping), "wide.yaml",
		"survey:\n"
		"  name: wide\n"
		"  period: \"2022\"\n"
		"  fieldwork: {start: 2022-09-01, end: 2022-10-31}\n"
		"columns: {respondent: respondent, area: wijknr, weight: weging}\n"
		"area: {indeling_year: 2024, codes: cbs}\n"
		"missing: [99999]\n"
		"questions:\n"
		"  - variable: zw04\n"
		"    categories:\n"
		"      laag: [-500, 1]\n"
		"      hoog: [2000]\n");
	write_file(path, sizeof(path), "wide.csv",
		"respondent;weging;wijknr;zw04\n"
		"w1;1;WK082801;-500\n"
		"w2;2;WK082801;2000\n"
		"w3;1;WK082801;99999\n"
		"w4;1,5;WK082801;1\n"
		"w5;1;WK082801;5000\n");
	refused_unchanged(path, mapping, &err);
	assert_int_equal(err.row, 5);
	assert_non_null(strstr(err.detail, "answer code outside the codebook '5000'"));
	snprintf(report, sizeof(report), "%s/wide-report.csv", g_tmp);
	assert_int_equal(import(path, mapping, 1, report, &res, &err), BP_OK);
	assert_int_equal(res.respondents, 4);
	assert_int_equal(res.skipped, 1);
	/* WK082801, by hand: laag = w1 (w 1) + w4 (w 1.5): n 2, sum_w 2.5; hoog = w2: n 1, sum_w 2;
	 * base = laag + hoog (w3's 99999 is a missing code): n 3, sum_w 4.5, sum_w2 1 + 2.25 + 4 = 7.25. */
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT string_agg(concat_ws(',', a.category, a.n_unweighted, a.sum_w, a.base_n, a.base_sum_w, a.base_sum_w2), ';'"
		"                  ORDER BY a.category)"
		"  FROM bp.survey_aggregate a JOIN bp.survey s ON s.id = a.survey_id"
		" WHERE s.name = 'wide' AND a.area_code = 'WK082801'"),
		"hoog,1,2,3,4.5,7.25;laag,2,2.5,3,4.5,7.25");
	/* The codes as in the file, the missing code included. */
	assert_string_equal(bp_test_scalar(conn(),
		"SELECT string_agg(respondent_id || '=' || code, ',' ORDER BY respondent_id)"
		"  FROM survey_private.answer a JOIN bp.survey s ON s.id = a.survey_id WHERE s.name = 'wide'"),
		"w1=-500,w2=2000,w3=99999,w4=1");
}

static void test_mapping_errors(void **state)
{
	(void)state;
	char path[BP_PATH_MAX];
	bp_arena *a = bp_arena_new();
	bp_survey_mapping *m;
	bp_error err = { 0 };
	write_file(path, sizeof(path), "bad-mapping.yaml",
		"survey: {name: x, period: \"2022\"}\n"
		"columns: {respondent: id, area: wijk}\n"
		"area: {indeling_year: 2024, codes: cbs}\n"
		"questions:\n"
		"  - variable: q1\n"
		"    categories:\n"
		"      ja: [1, twee]\n");
	assert_int_equal(bp_survey_mapping_load(path, a, &m, &err), BP_ERR_CONFIG);
	assert_string_equal(err.where, path);
	assert_int_equal(err.line, 7);
	assert_int_equal(err.column, 15);
	write_file(path, sizeof(path), "bad-mapping2.yaml",
		"survey: {name: x, period: \"2022\"}\n"
		"columns: {respondent: id, area: wijk}\n"
		"area: {indeling_year: 2024, codes: cbs}\n"
		"questions:\n"
		"  - variable: q1\n"
		"    categories: {ja: [1], nee: [2, 1]}\n");
	assert_int_equal(bp_survey_mapping_load(path, a, &m, &err), BP_ERR_CONFIG);
	assert_int_equal(err.line, 6);
	assert_non_null(strstr(err.message, "in categories 'ja' and 'nee'"));
	/* The shipped mapping loads. */
	assert_int_equal(bp_survey_mapping_load(g_mapping, a, &m, &err), BP_OK);
	assert_true(m->n_questions >= 10);
	bp_arena_free(a);
}

/* ------------------------------------------------------------ privacy */

static void test_privacy(void **state)
{
	(void)state;
	PGconn *c = conn();
	PGresult *r = PQexec(c, "SET ROLE buurtpeil_publish");
	assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
	PQclear(r);
	r = PQexec(c, "SELECT * FROM survey_private.respondent");
	assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
	assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42501");   /* insufficient_privilege */
	PQclear(r);
	r = PQexec(c, "SELECT * FROM survey_private.answer");
	assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
	PQclear(r);
	/* The aggregates are what publishing may read. */
	r = PQexec(c, "SELECT count(*) FROM bp.survey_aggregate");
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	assert_true(atol(PQgetvalue(r, 0, 0)) > 0);
	PQclear(r);
	r = PQexec(c, "RESET ROLE");
	PQclear(r);
	r = PQexec(c, "SET ROLE buurtpeil_survey");
	PQclear(r);
	r = PQexec(c, "SELECT count(*) FROM survey_private.respondent");
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	PQclear(r);
	r = PQexec(c, "RESET ROLE");
	PQclear(r);
	assert_string_equal(bp_test_scalar(c,
		"SELECT has_schema_privilege('public', 'survey_private', 'USAGE')::text"), "false");
}

/* The path that rendering and reports take (bp_db_publish_role, as cmd/report.c, cmd/render.c
 * and the report step of cmd/run.c do): survey figures from bp.survey_aggregate come out the
 * same as for the owner, every relation in survey_private is refused. */
static void test_publish_role(void **state)
{
	(void)state;
	PGconn *c = conn();
	/* What a report shows of a survey: weighted shares per area and category. */
	static const char shares[] =
		"SELECT string_agg(a.area_code || ':' || a.question || ':' || a.category || '='"
		"                  || round((a.sum_w / a.base_sum_w)::numeric, 6), ';'"
		"                  ORDER BY a.area_code, a.question, a.category)"
		"  FROM bp.survey_aggregate a JOIN bp.survey s ON s.id = a.survey_id"
		" WHERE s.gemeente_code = 'GM0828' AND a.base_sum_w > 0";
	char *as_owner = strdup(bp_test_scalar(c, shares));
	assert_true(strlen(as_owner) > 0);
	bp_error err = { 0 };
	assert_int_equal(bp_db_publish_role(c, &err), BP_OK);
	assert_string_equal(bp_test_scalar(c, "SELECT current_user"), "buurtpeil_publish");
	assert_string_equal(bp_test_scalar(c, shares), as_owner);
	free(as_owner);
	/* Every table and view of survey_private (the list is checked against the catalogue below). */
	static const char *const private_rel[] = { "survey_private.respondent", "survey_private.answer" };
	for (size_t i = 0; i < sizeof(private_rel) / sizeof(*private_rel); i++) {
		char sql[128];
		snprintf(sql, sizeof(sql), "SELECT * FROM %s LIMIT 1", private_rel[i]);
		PGresult *r = PQexec(c, sql);
		assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
		assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42501");   /* insufficient_privilege */
		PQclear(r);
	}
	PQclear(PQexec(c, "RESET ROLE"));
	/* Nothing else lives in survey_private that the list above would miss. */
	assert_string_equal(bp_test_scalar(c,
		"SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
		" WHERE n.nspname = 'survey_private' AND c.relkind IN ('r', 'v', 'm', 'p', 'f')"), "answer,respondent");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mapping_errors),
		cmocka_unit_test(test_generated_files),
		cmocka_unit_test(test_hand_made_share),
		cmocka_unit_test(test_reimport_noop),
		cmocka_unit_test(test_broken_files),
		cmocka_unit_test(test_replacement),
		cmocka_unit_test(test_skip_invalid),
		cmocka_unit_test(test_privacy),
		cmocka_unit_test(test_publish_role),
		cmocka_unit_test(test_wide_codes),
	};
	return cmocka_run_group_tests_name("survey", tests, db_setup, db_teardown);
}
