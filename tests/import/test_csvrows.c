/*
 * test_csvrows: reading CSV text (import/csvrows.c): the bytes made UTF-8
 * (BOM, Windows-1252, neither) and rows with the line each starts on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "import/csvrows.h"

static void test_utf8_bom_skipped(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	const char *raw = "\xEF\xBB\xBFwijk;naam\n", *data = raw;
	size_t len = strlen(raw);
	assert_int_equal(bp_csv_text_utf8(a, "f.csv", &data, &len, &err), BP_OK);
	assert_ptr_equal(data, raw + 3);   /* UTF-8 as it is: no copy */
	assert_int_equal(len, 10);
	bp_arena_free(a);
}

/* Excel's Windows-1252: é is 0xE9 there, C3 A9 in UTF-8; € is 0x80, E2 82 AC. */
static void test_windows_1252_decoded(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	const char *data = "Caf\xE9;\x80 5\n";
	size_t len = strlen(data);
	assert_int_equal(bp_csv_text_utf8(a, "f.csv", &data, &len, &err), BP_OK);
	assert_string_equal(data, "Caf\xC3\xA9;\xE2\x82\xAC 5\n");
	assert_int_equal(len, 12);
	bp_arena_free(a);
}

/* 0x81 is undefined in Windows-1252 as well: the error names the line it is on. */
static void test_neither(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	const char *data = "a;b\n\xE9;c\nd;\x81\n";
	size_t len = strlen(data);
	assert_int_equal(bp_csv_text_utf8(a, "f.csv", &data, &len, &err), BP_ERR_PARSE);
	assert_string_equal(err.where, "f.csv");
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.message, "neither UTF-8 nor Windows-1252"));
	bp_arena_free(a);
}

typedef struct seen {
	long line[8];
	size_t n[8];
	char first[8][32];
	int rows;
} seen;

static bp_rc on_row(void *ctx, const bp_csv_row *row, bp_error *err)
{
	(void)err;
	seen *s = ctx;
	s->line[s->rows] = row->line;
	s->n[s->rows] = row->n;
	strncpy(s->first[s->rows], row->fields[row->n > 1 ? 1 : 0], sizeof(s->first[0]) - 1);
	s->rows++;
	return BP_OK;
}

/* A quoted field over lines 2-3 and a blank line 4 (no row): the last row starts on line 5. */
static void test_rows_and_lines(void **state)
{
	(void)state;
	const char *data = "code;naam\r\nWK01;\"Oss\nCentrum\"\n\nWK02;\"Ruwaard \"\"Oost\"\"\"\n";
	seen s = { 0 };
	bp_error err = { 0 };
	assert_int_equal(bp_csv_read("f.csv", data, strlen(data), ';', on_row, &s, &err), BP_OK);
	assert_int_equal(s.rows, 3);
	assert_int_equal(s.line[0], 1);
	assert_int_equal(s.line[1], 2);
	assert_int_equal(s.line[2], 5);
	assert_string_equal(s.first[1], "Oss\nCentrum");
	assert_string_equal(s.first[2], "Ruwaard \"Oost\"");
	assert_int_equal(s.n[2], 2);
}

/* A NUL byte used to end the field silently ("Oss\0Centrum" became "Oss"):
 * now an error at its line and column, whole or fed in pieces. */
static void test_nul_byte(void **state)
{
	(void)state;
	static const char data[] = "code;naam\nWK01;Oss\nWK02;Ruw\0aard\n";
	size_t len = sizeof(data) - 1;
	seen s = { 0 };
	bp_error err = { 0 };
	assert_int_equal(bp_csv_read("f.csv", data, len, ';', on_row, &s, &err), BP_ERR_PARSE);
	assert_string_equal(err.where, "f.csv");
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 9);
	assert_non_null(strstr(err.message, "NUL"));
	/* Fed in pieces, cut inside the line: the same place. */
	memset(&s, 0, sizeof(s));
	memset(&err, 0, sizeof(err));
	bp_csv_stream *st = bp_csv_stream_new("f.csv", ';', on_row, &s);
	assert_non_null(st);
	bp_rc rc = bp_csv_stream_feed(st, data, 22, &err);
	if (rc == BP_OK)
		rc = bp_csv_stream_feed(st, data + 22, len - 22, &err);
	assert_int_equal(rc, BP_ERR_PARSE);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 9);
	bp_csv_stream_free(st);
}

/* A quote inside a field that does not begin with one (issue 21): libcsv
 * says only "error parsing data"; the error names the field and the column
 * of the quote (after a doubled quote in a quoted field, which is fine). */
static void test_stray_quote(void **state)
{
	(void)state;
	const char *data = "code;naam;x\nWK01;\"a \"\"b\"\"\";1\nWK02;Kwartier \"De Ruwert\";2\n";
	seen s = { 0 };
	bp_error err = { 0 };
	assert_int_equal(bp_csv_read("f.csv", data, strlen(data), ';', on_row, &s, &err), BP_ERR_PARSE);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 15);
	assert_non_null(strstr(err.message, "a quote inside field 2, which does not begin with one"));
	assert_non_null(strstr(err.hint, "double the quotes"));
	size_t field;
	assert_int_equal(bp_csv_stray_quote("a;\"b;c\";d\"e", 11, ';', &field), 10);
	assert_int_equal(field, 2);
	assert_int_equal(bp_csv_stray_quote("a;\"b\"\"c\";d", 11, ';', &field), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_bom_skipped),
		cmocka_unit_test(test_windows_1252_decoded),
		cmocka_unit_test(test_neither),
		cmocka_unit_test(test_rows_and_lines),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_stray_quote),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
