/*
 * test_experiences: `import experiences` against a real PostgreSQL.  Every
 * validation error with its row, line and column (columns counted by hand
 * in the CSV below: with the header area,date,theme,role,kind,text,rating,
 * consent and a row "WK082801,2019-02-01,sociale-veerkracht,bewoner,quote,
 * Prima.,,ja" the fields start at 1, 10, 21, 40, 48, 54, 61, 62), the
 * header errors, a database unchanged by a refused file, re-import as a
 * no-op, a changed file replacing its collection, --skip-invalid, YAML, and
 * that rows without consent never come back through the query API.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/fsutil.h"
#include "db/pgutil.h"
#include "engine/experience.h"
#include "import/experiences.h"
#include "pgtest.h"

static bp_testdb g_db;
static char g_tmp[256];

static PGconn *conn(void) { return g_db.db.conn; }
static const char *q(const char *sql) { return bp_test_scalar(conn(), sql); }

#define HEADER "area,date,theme,role,kind,text,rating,consent\n"
#define PRE "WK082801,2019-02-01,sociale-veerkracht,bewoner,"

static const char *write_file(const char *name, const char *text)
{
	static char path[BP_PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", g_tmp, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

static char *snapshot(void)
{
	return strdup(q(
		"SELECT md5(concat_ws('|',"
		" (SELECT string_agg(concat_ws(',', id, checksum, importer, table_id), ';' ORDER BY id) FROM bp.source),"
		" (SELECT string_agg(concat_ws(',', source_id, row_number, area_code, text, rating, consent), ';'"
		"   ORDER BY source_id, row_number) FROM bp.experience)))"));
}

static bp_rc import(const char *path, int skip, bp_arena *a, bp_experiences_result *res, bp_error *err)
{
	bp_experiences_options o = { .path = path, .skip_invalid = skip };
	bp_error_clear(err);
	return bp_import_experiences(conn(), &o, a, res, err);
}

static void expect_problem(const bp_experiences_result *res, size_t i, long row, long line, long col,
                           const char *what)
{
	assert_true(i < res->n_problems);
	const bp_experience_problem *p = &res->problems[i];
	if (p->row != row || p->line != line || p->column != col || strcmp(p->what, what) != 0)
		fail_msg("problem %zu: row %ld %ld:%ld '%s'; expected row %ld %ld:%ld '%s'", i, p->row, p->line,
		         p->column, p->what, row, line, col, what);
}

static void test_every_row_error(void **state)
{
	(void)state;
	const char *path = write_file("bad.csv",
		HEADER
		"WK082801,2019-02-30,sociale-veerkracht,bewoner,quote,Goed.,,ja\n"     /* line 2: 30 February */
		PRE "rating,,11,ja\n"                                                  /* 3: rating 11 */
		"WK082801,2019-02-01,sociale-veerkracht,buurman,quote,Prima.,,ja\n"   /* 4: role */
		"WK999999,2019-02-01,sociale-veerkracht,bewoner,quote,Prima.,,ja\n"   /* 5: area */
		PRE "quote,Prima.,,\n"                                                 /* 6: no consent */
		PRE "quote,Mail me: a.b@example.nl,,ja\n"                              /* 7: e-mail */
		PRE "quote,Bel 06-12345678 voor info,,ja\n"                            /* 8: phone */
		PRE "quote,Mevrouw De Vries helpt.,,ja\n"                              /* 9: name */
		PRE "quote,Prima.,0,ja\n"                                              /* 10: rating 0 */
		PRE "quote,Prima.,,ja\n"                                               /* 11: good */
		"WK082801,2019-02-01,onbekend,bewoner,quote,Prima.,,ja\n"              /* 12: theme */
		PRE "quote,Prima.,,misschien\n"                                        /* 13: consent value */
		PRE "quote,,,ja\n"                                                     /* 14: quote without text */
		PRE "rating,,7.5,ja\n");                                               /* 15: not whole */
	char *before = snapshot();
	bp_arena *a = bp_arena_new();
	bp_experiences_result res;
	bp_error err;
	assert_int_equal(import(path, 0, a, &res, &err), BP_ERR_PARSE);
	/* The error is the first problem; the database did not change. */
	assert_string_equal(err.where, path);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 10);
	assert_int_equal(err.row, 1);
	assert_string_equal(err.message, "row 1: not a date written JJJJ-MM-DD: '2019-02-30'");
	assert_non_null(strstr(err.detail, "13 problems in 13 of 14 rows, nothing was loaded"));
	char *after = snapshot();
	assert_string_equal(before, after);
	free(after);
	assert_string_equal(q("SELECT count(*) FROM bp.experience"), "0");

	assert_int_equal(res.n_problems, 13);
	expect_problem(&res, 0, 1, 2, 10, "not a date written JJJJ-MM-DD: '2019-02-30'");
	expect_problem(&res, 1, 2, 3, 56, "the rating must be a whole number from 1 to 10, not '11'");
	expect_problem(&res, 2, 3, 4, 40, "unknown role 'buurman' (bewoner, professional, raadslid, vrijwilliger)");
	expect_problem(&res, 3, 4, 5, 1, "unknown area code 'WK999999' (no such area in the database)");
	expect_problem(&res, 4, 5, 6, 62, "no consent given: every row must say ja or nee (nee: kept, never published)");
	/* "Mail me: " is 9 characters: the address starts at the 10th. */
	expect_problem(&res, 5, 6, 7, 54, "the text holds an e-mail address (at character 10): leave personal data out");
	expect_problem(&res, 6, 7, 8, 54, "the text holds a phone number (at character 5): leave personal data out");
	expect_problem(&res, 7, 8, 9, 54, "the text holds a person's name (at character 1): leave personal data out");
	expect_problem(&res, 8, 9, 10, 61, "the rating must be a whole number from 1 to 10, not '0'");
	expect_problem(&res, 9, 11, 12, 21, "unknown theme 'onbekend' (sociale-veerkracht, participatie, demografie, "
	                                    "sociaal-economisch, zorg-en-gezondheid, voorzieningen)");
	expect_problem(&res, 10, 12, 13, 62, "consent must be ja or nee, not 'misschien'");
	expect_problem(&res, 11, 13, 14, 54, "a quote needs a text");
	expect_problem(&res, 12, 14, 15, 56, "the rating must be a whole number from 1 to 10, not '7.5'");
	/* No message repeats the personal value. */
	for (size_t i = 0; i < res.n_problems; i++) {
		assert_null(strstr(res.problems[i].what, "example.nl"));
		assert_null(strstr(res.problems[i].what, "12345678"));
		assert_null(strstr(res.problems[i].what, "Vries"));
	}
	assert_null(strstr(err.detail, "example.nl"));

	/* --skip-invalid: the one good row (line 11) is loaded, the 13 others listed. */
	bp_arena *b = bp_arena_new();
	assert_int_equal(import(path, 1, b, &res, &err), BP_OK);
	assert_int_equal(res.loaded, 1);
	assert_int_equal(res.skipped, 13);
	assert_int_equal(res.n_problems, 13);
	assert_string_equal(q("SELECT row_number || ':' || line || ':' || text FROM bp.experience"), "10:11:Prima.");
	assert_int_equal(import(path, 1, b, &res, &err), BP_OK);   /* the same bytes: nothing */
	assert_int_equal(res.already_loaded, 1);
	assert_string_equal(q("SELECT count(*) FROM bp.experience"), "1");
	free(before);
	bp_arena_free(a);
	bp_arena_free(b);
}

static void expect_header_error(const char *name, const char *text, long line, long col, const char *msg)
{
	const char *path = write_file(name, text);
	char *before = snapshot();
	bp_arena *a = bp_arena_new();
	bp_experiences_result res;
	bp_error err;
	assert_int_equal(import(path, 1, a, &res, &err), BP_ERR_PARSE);   /* even with --skip-invalid */
	assert_string_equal(err.message, msg);
	assert_int_equal(err.line, line);
	assert_int_equal(err.column, col);
	char *after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
	bp_arena_free(a);
}

static void test_header(void **state)
{
	(void)state;
	/* No consent column at all. */
	expect_header_error("no-consent.csv", "area,date,theme,role,kind,text\n" PRE "quote,Prima.\n", 1, 1,
	                    "the header has no column 'consent'");
	/* "area,date,theme,role,kind,text,consent," is 39 characters: naam at 40. */
	expect_header_error("naam.csv", "area,date,theme,role,kind,text,consent,naam\n" PRE "quote,Prima.,ja,x\n", 1, 40,
	                    "column 'naam' holds personal data");
	expect_header_error("unknown.csv", "area,date,theme,role,kind,text,consent,wijk\n" PRE "quote,Prima.,ja,x\n", 1, 40,
	                    "unknown column 'wijk'");
	expect_header_error("twice.csv", "area,date,theme,role,kind,text,consent,gebied\n" PRE "quote,Prima.,ja,x\n", 1, 40,
	                    "column 'gebied' is given twice");
}

static void test_load_reimport_replace(void **state)
{
	(void)state;
	/* Dutch headers, ';', the area as a custom id and with an indeling year. */
	const char *v1 =
		"gebied;datum;thema;rol;soort;tekst;waardering;toestemming;voorbeeld;bron;interventie;indeling\n"
		"WK082801;2019-05-01;sociale-veerkracht;Bewoner;citaat;Ik ken nu mijn buren.;;ja;ja;bewonersavond;oss-buurtkamer;\n"
		"WK082801;2019-05-02;sociale-veerkracht;bewoner;verhaal;Niet voor publicatie.;;nee;ja;;;\n"
		"WK082801;2018-01-01;sociale-veerkracht;professional;waardering;;8;j;nee;;;2020\n"
		"oss-dorpshuis-berghem;2020-02-02;participatie;vrijwilliger;waardering;Goed geregeld.;9;yes;;;;\n";
	const char *path = write_file("oss.csv", v1);
	bp_arena *a = bp_arena_new();
	bp_experiences_result res;
	bp_error err;
	/* Start empty: the rows of the tests before are not this test's. */
	q("WITH d AS (DELETE FROM bp.experience RETURNING 1) SELECT count(*) FROM d");
	q("WITH d AS (DELETE FROM bp.source WHERE importer = 'experiences' RETURNING 1) SELECT count(*) FROM d");
	if (import(path, 0, a, &res, &err) != BP_OK)
		fail_msg("%s:%ld:%ld %s %s", err.where, err.line, err.column, err.message, err.detail);
	assert_int_equal(res.loaded, 4);
	assert_int_equal(res.consented, 3);
	assert_int_equal(res.examples, 2);
	assert_int_equal(res.n_problems, 0);
	/* Without an indeling the newest with the area (2024), with one that one; the gemeente from
	 * bp.area.  (concat_ws leaves out the NULLs: no rating, no source.) */
	assert_string_equal(q("SELECT string_agg(concat_ws('|', row_number, area_code, indeling_year, gemeente_code, role, kind,"
	                      " rating, consent, example, source_note, intervention_id), ';' ORDER BY row_number) FROM bp.experience"),
	                    "1|WK082801|2024|GM0828|bewoner|quote|t|t|bewonersavond|oss-buurtkamer;"
	                    "2|WK082801|2024|GM0828|bewoner|story|f|t;"
	                    "3|WK082801|2020|GM0828|professional|rating|8|t|f;"
	                    "4|CUoss-dorpshuis-berghem|2024|GM0828|vrijwilliger|rating|9|t|f");
	char *once = snapshot();
	/* The same bytes again: no-op. */
	assert_int_equal(import(path, 0, a, &res, &err), BP_OK);
	assert_int_equal(res.already_loaded, 1);
	assert_int_equal(res.loaded, 0);
	char *twice = snapshot();
	assert_string_equal(once, twice);
	free(once);
	free(twice);

	/* The privacy filter: row 2 (no consent) never comes back. */
	bp_experience *e;
	size_t n;
	assert_int_equal(bp_experiences_for(conn(), "WK082801", "sociale-veerkracht", a, &e, &n, &err), BP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(e[0].text, "Ik ken nu mijn buren.");
	assert_true(e[0].example);
	assert_string_equal(e[1].date, "2018-01-01");
	assert_int_equal(e[1].rating, 8);
	assert_false(e[1].example);

	/* A corrected file of the same name replaces the four rows and their source. */
	write_file("oss.csv", "area;date;theme;role;kind;rating;consent\n"
	                      "WK082801;2021-01-01;sociale-veerkracht;raadslid;rating;6;ja\n");
	assert_int_equal(import(path, 0, a, &res, &err), BP_OK);
	assert_int_equal(res.replaced, 4);
	assert_int_equal(res.loaded, 1);
	assert_string_equal(q("SELECT count(*) FROM bp.experience WHERE collection = 'oss.csv'"), "1");
	assert_string_equal(q("SELECT count(*) FROM bp.source WHERE importer = 'experiences' AND table_id = 'oss.csv'"), "1");
	bp_arena_free(a);
}

static void test_indeling_and_area(void **state)
{
	(void)state;
	const char *path = write_file("years.csv",
		"area,date,theme,role,kind,rating,consent,indeling_year\n"
		"WK082801,2019-02-01,participatie,bewoner,rating,5,ja,2019\n"     /* not in indeling 2019 */
		"WK082801,2019-02-01,participatie,bewoner,rating,5,ja,20x9\n");   /* not a year */
	bp_arena *a = bp_arena_new();
	bp_experiences_result res;
	bp_error err;
	assert_int_equal(import(path, 0, a, &res, &err), BP_ERR_PARSE);
	assert_int_equal(res.n_problems, 2);
	expect_problem(&res, 0, 1, 2, 1, "unknown area code 'WK082801' in indeling 2019");
	/* "WK082801,2019-02-01,participatie,bewoner,rating,5,ja," is 53 characters. */
	expect_problem(&res, 1, 2, 3, 54, "the indeling is not a year: '20x9'");
	bp_arena_free(a);
}

static void test_yaml(void **state)
{
	(void)state;
	const char *bad = write_file("bad.yaml",
		"example: true\n"                       /* 1 */
		"experiences:\n"                        /* 2 */
		"  - area: WK082801\n"                  /* 3 */
		"    date: 2019-05-01\n"                /* 4 */
		"    theme: sociale-veerkracht\n"       /* 5 */
		"    role: bewoner\n"                   /* 6 */
		"    kind: rating\n"                    /* 7 */
		"    rating: 12\n"                      /* 8: value at column 13 */
		"    consent: ja\n"                     /* 9 */
		"  - area: WK082801\n"                  /* 10 */
		"    date: 2019-05-01\n"                /* 11 */
		"    theme: participatie\n"             /* 12 */
		"    role: raadslid\n"                  /* 13 */
		"    kind: quote\n"                     /* 14 */
		"    text: Bel 0412-123456\n"           /* 15: value at column 11 */
		"    consent: nee\n"                    /* 16 */
		"    naam: x\n"                         /* 17: key at column 5 */
		"  - just text\n"                       /* 18: item at column 5 */
		"  - area: WK082801\n"                  /* 19: no consent key */
		"    date: 2019-05-01\n"
		"    theme: participatie\n"
		"    role: raadslid\n"
		"    kind: rating\n"
		"    rating: 4\n");
	bp_arena *a = bp_arena_new();
	bp_experiences_result res;
	bp_error err;
	char *before = snapshot();
	assert_int_equal(import(bad, 0, a, &res, &err), BP_ERR_PARSE);
	char *after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_int_equal(res.n_problems, 5);
	expect_problem(&res, 0, 1, 8, 13, "the rating must be a whole number from 1 to 10, not '12'");
	expect_problem(&res, 1, 2, 15, 11, "the text holds a phone number (at character 5): leave personal data out");
	expect_problem(&res, 2, 2, 17, 5, "key 'naam' holds personal data: leave it out");
	expect_problem(&res, 3, 3, 18, 5, "each experience is a mapping (area: ..., date: ...), not text");
	expect_problem(&res, 4, 4, 19, 5, "no consent given: every row must say ja or nee (nee: kept, never published)");

	const char *good = write_file("good.yaml",
		"example: true\n"
		"title: Bewonersavond Schadewijk\n"
		"experiences:\n"
		"  - {area: WK082801, date: 2019-05-01, theme: sociale-veerkracht, role: bewoner, kind: quote,\n"
		"     text: \"Fijne avond, goed georganiseerd.\", consent: true}\n"
		"  - {area: WK082801, date: 2019-05-01, theme: sociale-veerkracht, role: bewoner, kind: rating,\n"
		"     rating: 3, consent: false, example: false}\n");
	if (import(good, 0, a, &res, &err) != BP_OK)
		fail_msg("%s:%ld:%ld %s %s", err.where, err.line, err.column, err.message, err.detail);
	assert_int_equal(res.loaded, 2);
	assert_int_equal(res.examples, 1);
	assert_int_equal(res.consented, 1);
	assert_string_equal(q("SELECT title FROM bp.source WHERE table_id = 'good.yaml'"), "Bewonersavond Schadewijk");
	assert_string_equal(q("SELECT string_agg(kind || example || consent, ',' ORDER BY row_number) FROM bp.experience "
	                      " WHERE collection = 'good.yaml'"), "quotetruetrue,ratingfalsefalse");
	bp_arena_free(a);
}

static int db_setup(void **state)
{
	(void)state;
	if (bp_testdb_start(&g_db) != 0)
		return -1;
	bp_test_tmpdir(g_tmp, sizeof(g_tmp));
	bp_error err;
	bp_error_clear(&err);
	/* WK082801 in the indelingen 2020 and 2024, a custom area in 2024. */
	if (bp_pg_exec(conn(),
		"INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) VALUES "
		"('NL00', 2020, 'land', 'Nederland', NULL, NULL), ('GM0828', 2020, 'gemeente', 'Oss', 'NL00', 'GM0828'),"
		"('WK082801', 2020, 'wijk', 'Schadewijk', 'GM0828', 'GM0828'),"
		"('NL00', 2024, 'land', 'Nederland', NULL, NULL), ('GM0828', 2024, 'gemeente', 'Oss', 'NL00', 'GM0828'),"
		"('WK082801', 2024, 'wijk', 'Schadewijk', 'GM0828', 'GM0828'),"
		"('CUoss-dorpshuis-berghem', 2024, 'custom', 'Dorpshuis Berghem', 'GM0828', 'GM0828')", &err) != BP_OK) {
		fprintf(stderr, "%s %s\n", err.message, err.detail);
		return -1;
	}
	return 0;
}

static int db_teardown(void **state)
{
	(void)state;
	bp_testdb_stop(&g_db);
	bp_test_rmtree(g_tmp);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_row_error),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_load_reimport_replace),
		cmocka_unit_test(test_indeling_and_area),
		cmocka_unit_test(test_yaml),
	};
	return cmocka_run_group_tests(tests, db_setup, db_teardown);
}
