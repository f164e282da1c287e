/*
 * test_yamldoc.c: loading, navigation and typed getters with exact
 * locations.  Every line and column asserted here was counted by hand in
 * tests/fixtures/yaml/core/ (1-based, as an editor shows them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/yamldoc.h"

static const char *fixture(bp_arena *a, const char *name)
{
	const char *root = getenv("BP_FIXTURES");
	assert_non_null(root);
	return bp_arena_printf(a, "%s/yaml/core/%s", root, name);
}

static bp_yaml_doc *load_ok(bp_arena *a, const char *name)
{
	bp_error err;
	bp_yaml_doc *doc = NULL;

	bp_error_clear(&err);
	bp_rc rc = bp_yaml_load_file(fixture(a, name), a, &doc, &err);
	if (rc != BP_OK)
		fail_msg("%s: %s", name, err.message);
	assert_non_null(doc);
	return doc;
}

/* Load name and expect it to fail at line:column with a message starting with msg. */
static void expect_load_error(const char *name, bp_rc want, long line, long column, const char *msg)
{
	bp_arena *a = bp_arena_new();
	bp_yaml_doc *doc = NULL;
	bp_error err;

	bp_error_clear(&err);
	const char *path = fixture(a, name);
	assert_int_equal(bp_yaml_load_file(path, a, &doc, &err), want);
	assert_int_equal(err.rc, want);
	assert_null(doc);
	assert_string_equal(err.where, path);
	assert_int_equal(err.line, line);
	assert_int_equal(err.column, column);
	if (strncmp(err.message, msg, strlen(msg)) != 0)
		fail_msg("message '%s' does not start with '%s'", err.message, msg);
	bp_arena_free(a);
}

static void assert_at(const bp_error *err, const bp_yaml_doc *doc, long line, long column)
{
	assert_int_equal(err->rc, BP_ERR_CONFIG);
	assert_string_equal(err->where, bp_yaml_path(doc));
	assert_int_equal(err->line, line);
	assert_int_equal(err->column, column);
}

/* ---- navigation ---------------------------------------------------------- */

static void test_navigation(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_yaml_doc *doc = load_ok(a, "valid.yaml");

	assert_string_equal(bp_yaml_path(doc), fixture(a, "valid.yaml"));
	assert_ptr_equal(bp_yaml_arena(doc), a);

	bp_yaml_node *root = bp_yaml_root(doc);
	assert_int_equal(bp_yaml_kind_of(root), BP_YAML_MAPPING);
	assert_true(bp_yaml_is_mapping(root));
	assert_false(bp_yaml_is_sequence(root));
	/* The mapping starts at its first key, after the comment line. */
	assert_int_equal(bp_yaml_line(root), 2);
	assert_int_equal(bp_yaml_column(root), 1);
	assert_int_equal(bp_yaml_map_len(root), 12);

	bp_yaml_node *name = bp_yaml_map_get(doc, root, "name");
	assert_true(bp_yaml_is_scalar(name));
	assert_string_equal(bp_yaml_scalar(name), "Monitor Oss");
	assert_int_equal(bp_yaml_line(name), 2);
	assert_int_equal(bp_yaml_column(name), 7);
	bp_yaml_node *key = bp_yaml_map_key_node(doc, root, "name");
	assert_string_equal(bp_yaml_scalar(key), "name");
	assert_int_equal(bp_yaml_column(key), 1);

	/* Pairs keep the order written. */
	assert_string_equal(bp_yaml_scalar(bp_yaml_map_key_at(doc, root, 0)), "name");
	assert_string_equal(bp_yaml_scalar(bp_yaml_map_value_at(doc, root, 1)), "42");
	assert_string_equal(bp_yaml_scalar(bp_yaml_map_key_at(doc, root, 11)), "off");
	assert_null(bp_yaml_map_key_at(doc, root, 12));
	assert_null(bp_yaml_map_get(doc, root, "absent"));
	assert_null(bp_yaml_map_get(doc, name, "name"));   /* not a mapping */

	bp_yaml_node *nested = bp_yaml_map_get(doc, root, "nested");
	assert_true(bp_yaml_is_mapping(nested));
	assert_int_equal(bp_yaml_line(nested), 8);
	assert_int_equal(bp_yaml_column(nested), 3);
	assert_string_equal(bp_yaml_scalar(bp_yaml_map_get(doc, nested, "inner")), "value");

	bp_yaml_node *list = bp_yaml_map_get(doc, nested, "list");
	assert_true(bp_yaml_is_sequence(list));
	assert_int_equal(bp_yaml_seq_len(list), 2);
	bp_yaml_node *x = bp_yaml_seq_at(doc, list, 0), *yz = bp_yaml_seq_at(doc, list, 1);
	assert_string_equal(bp_yaml_scalar(x), "x");
	assert_int_equal(bp_yaml_line(x), 10);
	assert_int_equal(bp_yaml_column(x), 7);
	assert_string_equal(bp_yaml_scalar(yz), "y z");
	assert_int_equal(bp_yaml_line(yz), 11);
	assert_int_equal(bp_yaml_column(yz), 7);
	assert_null(bp_yaml_seq_at(doc, list, 2));
	assert_int_equal(bp_yaml_seq_len(name), 0);
	assert_null(bp_yaml_scalar(list));

	bp_yaml_node *tags = bp_yaml_map_get(doc, root, "tags");
	assert_int_equal(bp_yaml_line(tags), 6);
	assert_int_equal(bp_yaml_column(tags), 7);
	assert_int_equal(bp_yaml_column(bp_yaml_seq_at(doc, tags, 1)), 18);

	/* "no value" is an empty plain scalar or ~, but a quoted "12" is text. */
	assert_true(bp_yaml_is_null(bp_yaml_map_get(doc, root, "nothing")));
	assert_true(bp_yaml_is_null(bp_yaml_map_get(doc, root, "tilde")));
	assert_false(bp_yaml_is_null(bp_yaml_map_get(doc, root, "quoted")));
	assert_false(bp_yaml_is_null(name));

	assert_string_equal(bp_yaml_describe(name), "text");
	assert_string_equal(bp_yaml_describe(tags), "a list");
	assert_string_equal(bp_yaml_describe(nested), "a mapping");
	assert_string_equal(bp_yaml_describe(bp_yaml_map_get(doc, root, "nothing")), "no value");
	assert_string_equal(bp_yaml_describe(NULL), "no value");
	assert_int_equal(bp_yaml_kind_of(NULL), BP_YAML_NONE);
	assert_int_equal(bp_yaml_line(NULL), 0);
	bp_arena_free(a);
}

/* ---- getters: the good path ------------------------------------------------ */

static void test_getters(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_yaml_doc *doc = load_ok(a, "valid.yaml");
	bp_yaml_node *root = bp_yaml_root(doc);
	bp_error err;
	const char *s;
	long l;
	double d;
	int b;
	const char **list;
	size_t n;

	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_str(doc, root, "name", &s, &err), BP_OK);
	assert_string_equal(s, "Monitor Oss");
	assert_int_equal(bp_yaml_req_str(doc, root, "quoted", &s, &err), BP_OK);
	assert_string_equal(s, "12");
	assert_int_equal(bp_yaml_opt_str(doc, root, "absent", "dflt", &s, &err), BP_OK);
	assert_string_equal(s, "dflt");
	assert_int_equal(bp_yaml_opt_str(doc, root, "nothing", "dflt", &s, &err), BP_OK);
	assert_string_equal(s, "dflt");
	assert_int_equal(bp_yaml_opt_str(doc, root, "tilde", NULL, &s, &err), BP_OK);
	assert_null(s);

	assert_int_equal(bp_yaml_req_int(doc, root, "count", 0, 100, &l, &err), BP_OK);
	assert_int_equal(l, 42);
	assert_int_equal(bp_yaml_req_int(doc, root, "negative", -10, 10, &l, &err), BP_OK);
	assert_int_equal(l, -7);
	assert_int_equal(bp_yaml_opt_int(doc, root, "absent", 0, 10, 3, &l, &err), BP_OK);
	assert_int_equal(l, 3);
	/* A default outside the range is the caller's business, not checked. */
	assert_int_equal(bp_yaml_opt_int(doc, root, "nothing", 1990, 2100, 0, &l, &err), BP_OK);
	assert_int_equal(l, 0);

	assert_int_equal(bp_yaml_req_double(doc, root, "ratio", &d, &err), BP_OK);
	assert_true(d == 2.5);
	assert_int_equal(bp_yaml_req_double(doc, root, "exponent", &d, &err), BP_OK);
	assert_true(d == 1500.0);
	assert_int_equal(bp_yaml_req_double(doc, root, "count", &d, &err), BP_OK);
	assert_true(d == 42.0);
	assert_int_equal(bp_yaml_opt_double(doc, root, "absent", 1.25, &d, &err), BP_OK);
	assert_true(d == 1.25);

	assert_int_equal(bp_yaml_req_bool(doc, root, "enabled", &b, &err), BP_OK);
	assert_int_equal(b, 1);
	assert_int_equal(bp_yaml_req_bool(doc, root, "off", &b, &err), BP_OK);
	assert_int_equal(b, 0);
	assert_int_equal(bp_yaml_opt_bool(doc, root, "absent", 1, &b, &err), BP_OK);
	assert_int_equal(b, 1);

	assert_int_equal(bp_yaml_req_strlist(doc, root, "tags", &list, &n, &err), BP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0], "gemeente");
	assert_string_equal(list[1], "land");
	bp_yaml_node *nested = bp_yaml_map_get(doc, root, "nested");
	assert_int_equal(bp_yaml_req_strlist(doc, nested, "list", &list, &n, &err), BP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[1], "y z");
	assert_int_equal(bp_yaml_opt_strlist(doc, root, "absent", &list, &n, &err), BP_OK);
	assert_int_equal(n, 0);
	assert_null(list);

	static const char *const choices[] = { "value", "other", NULL };
	int idx = -1;
	assert_int_equal(bp_yaml_req_choice(doc, nested, "inner", choices, &idx, &err), BP_OK);
	assert_int_equal(idx, 0);

	assert_int_equal(err.rc, BP_OK);
	assert_string_equal(err.message, "");
	bp_arena_free(a);
}

/* ---- getters: missing and empty values ----------------------------------- */

static void test_missing_required(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_yaml_doc *doc = load_ok(a, "valid.yaml");
	bp_yaml_node *root = bp_yaml_root(doc);
	bp_error err;
	const char *s;
	long l;

	/* Absent: located at the mapping that lacks it (first key, 2:1). */
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_str(doc, root, "title", &s, &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 2, 1);
	assert_string_equal(err.message, "missing key 'title'");

	/* In a nested mapping: at that mapping, 8:3. */
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_int(doc, bp_yaml_map_get(doc, root, "nested"), "scale", 0, 9, &l, &err),
	                 BP_ERR_CONFIG);
	assert_at(&err, doc, 8, 3);
	assert_string_equal(err.message, "missing key 'scale'");

	/* Present but without a value: at the key. */
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_str(doc, root, "nothing", &s, &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 12, 1);
	assert_string_equal(err.message, "'nothing' has no value");
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_double(doc, root, "tilde", &(double){0}, &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 16, 1);
	assert_string_equal(err.message, "'tilde' has no value");
	bp_arena_free(a);
}

/* ---- getters: wrong types and ranges --------------------------------------- */

static void test_wrong_types(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_yaml_doc *doc = load_ok(a, "wrong_types.yaml");
	bp_yaml_node *root = bp_yaml_root(doc);
	bp_error err;
	const char *s;
	const char **list;
	size_t n;
	long l = 123;
	double d;
	int b;

	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_int(doc, root, "count", 0, 10, &l, &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 2, 8);
	assert_string_equal(err.message, "'count' must be a whole number");
	assert_string_equal(err.detail, "found 'many'");
	assert_int_equal(l, 123);   /* untouched on failure */

	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_double(doc, root, "ratio", &d, &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 3, 8);
	assert_string_equal(err.message, "'ratio' must be a number");
	assert_string_equal(err.detail, "found '1,5'");
	assert_string_equal(err.hint, "write a decimal point, not a comma (1.5, not 1,5)");

	/* yes/no are text in YAML 1.2, and in a Dutch file "ja" would be next. */
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_bool(doc, root, "flag", &b, &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 4, 7);
	assert_string_equal(err.message, "'flag' must be true or false");
	assert_string_equal(err.detail, "found 'yes'");

	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_str(doc, root, "name", &s, &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 5, 7);
	assert_string_equal(err.message, "'name' must be text, found a list");

	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_strlist(doc, root, "tags", &list, &n, &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 6, 7);
	assert_string_equal(err.message, "'tags' must be a list, found text");

	/* The offending item, not the list: the mapping { starts at 7:12. */
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_opt_strlist(doc, root, "items", &list, &n, &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 7, 12);
	assert_string_equal(err.message, "each item of 'items' must be text, found a mapping");

	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_int(doc, root, "decimals", 0, 6, &l, &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 8, 11);
	assert_string_equal(err.message, "'decimals' must be between 0 and 6");
	assert_string_equal(err.detail, "found 9");
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_int(doc, root, "decimals", 10, LONG_MAX, &l, &err), BP_ERR_CONFIG);
	assert_string_equal(err.message, "'decimals' must be 10 or more");
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_int(doc, root, "decimals", 0, 9, &l, &err), BP_OK);
	assert_int_equal(l, 9);

	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_int(doc, root, "hex", 0, 100, &l, &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 9, 6);
	assert_string_equal(err.detail, "found '0x1F'");

	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_int(doc, root, "quoted", 0, 100, &l, &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 10, 9);
	assert_string_equal(err.message, "'quoted' must be a whole number");
	assert_string_equal(err.detail, "found the quoted text \"7\"");
	assert_string_equal(err.hint, "leave out the quotes");

	static const char *const themes[] = { "sociale-veerkracht", "demografie", NULL };
	int idx = -1;
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_req_choice(doc, root, "theme", themes, &idx, &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 11, 8);
	assert_string_equal(err.message, "unknown theme 'demografi'");
	assert_string_equal(err.hint,
	                    "did you mean 'demografie'? allowed values: sociale-veerkracht, demografie");
	assert_int_equal(idx, -1);
	bp_arena_free(a);
}

/* ---- unknown keys ------------------------------------------------------------ */

static void test_unknown_key(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_yaml_doc *doc = load_ok(a, "unknown_key.yaml");
	bp_yaml_node *root = bp_yaml_root(doc);
	bp_error err;

	static const char *const all[] = { "id", "numerator", "denominator", NULL };
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_check_keys(doc, root, all, &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 4, 1);
	assert_string_equal(err.message, "unknown key 'denominater'");
	assert_string_equal(err.hint, "did you mean 'denominator'? allowed keys: id, numerator, denominator");

	/* Nothing close: no suggestion, only the list. */
	static const char *const few[] = { "id", "numerator", "title", NULL };
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_check_keys(doc, root, few, &err), BP_ERR_CONFIG);
	assert_string_equal(err.hint, "allowed keys: id, numerator, title");

	static const char *const enough[] = { "denominater", "numerator", "id", NULL };
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_check_keys(doc, root, enough, &err), BP_OK);

	/* Not a mapping at all. */
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_check_keys(doc, bp_yaml_map_get(doc, root, "id"), enough, &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 2, 5);
	assert_string_equal(err.message, "expected a mapping (key: value lines), found text");
	bp_arena_free(a);
}

/* ---- load errors --------------------------------------------------------- */

static void test_syntax_error(void **state)
{
	(void)state;
	expect_load_error("syntax_error.yaml", BP_ERR_CONFIG, 5, 5,
	                  "YAML syntax error: did not find expected ',' or ']'");

	bp_arena *a = bp_arena_new();
	bp_yaml_doc *doc = NULL;
	bp_error err;
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_load_file(fixture(a, "syntax_error.yaml"), a, &doc, &err), BP_ERR_CONFIG);
	/* libyaml's context: the flow list that began at 4:7. */
	assert_string_equal(err.detail, "while parsing a flow sequence (line 4, column 7)");
	bp_arena_free(a);
}

static void test_empty(void **state)
{
	(void)state;
	expect_load_error("empty.yaml", BP_ERR_CONFIG, 0, 0, "empty document");
	expect_load_error("comments_only.yaml", BP_ERR_CONFIG, 0, 0, "empty document");
}

static void test_duplicate_key(void **state)
{
	(void)state;
	expect_load_error("duplicate_key.yaml", BP_ERR_CONFIG, 6, 3, "duplicate key 'scale'");

	bp_arena *a = bp_arena_new();
	bp_yaml_doc *doc = NULL;
	bp_error err;
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_load_file(fixture(a, "duplicate_key.yaml"), a, &doc, &err), BP_ERR_CONFIG);
	assert_string_equal(err.detail, "first written at line 4, column 3");
	bp_arena_free(a);
}

static void test_two_documents(void **state)
{
	(void)state;
	expect_load_error("two_documents.yaml", BP_ERR_CONFIG, 3, 1, "more than one YAML document");
}

static void test_missing_file(void **state)
{
	(void)state;
	expect_load_error("does_not_exist.yaml", BP_ERR_IO, 0, 0, "cannot open");
}

/* Files no one would commit as fixtures: written to a temporary folder. */
static void test_bad_bytes(void **state)
{
	(void)state;
	char dir[] = "/tmp/bp-yamldoc-XXXXXX";
	assert_non_null(mkdtemp(dir));
	bp_arena *a = bp_arena_new();
	bp_yaml_doc *doc = NULL;
	bp_error err;

	/* Latin-1 é (0xE9) as the 10th character of line 2. */
	const char *latin1 = bp_arena_printf(a, "%s/latin1.yaml", dir);
	const char text1[] = "id: x\nname: caf\xe9\n";
	assert_int_equal(bp_file_write_atomic(latin1, text1, sizeof(text1) - 1, &err), BP_OK);
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_load_file(latin1, a, &doc, &err), BP_ERR_CONFIG);
	assert_string_equal(err.where, latin1);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 10);
	assert_string_equal(err.message, "the file is not valid UTF-8 text");

	/* A tab indenting line 3; the line before holds multi-byte characters,
	 * which must not shift the column. */
	const char *tab = bp_arena_printf(a, "%s/tab.yaml", dir);
	const char text2[] = "id: x\ntitle: één\n\tunit: 1\n";
	assert_int_equal(bp_file_write_atomic(tab, text2, sizeof(text2) - 1, &err), BP_OK);
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_load_file(tab, a, &doc, &err), BP_ERR_CONFIG);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 1);
	assert_string_equal(err.hint, "indent with spaces; YAML does not allow tabs there");

	/* An unquoted % (YAML reserves it) at 2:7. */
	const char *pct = bp_arena_printf(a, "%s/pct.yaml", dir);
	const char text3[] = "id: x\nunit: %\n";
	assert_int_equal(bp_file_write_atomic(pct, text3, sizeof(text3) - 1, &err), BP_OK);
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_load_file(pct, a, &doc, &err), BP_ERR_CONFIG);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 7);
	assert_string_equal(err.hint, "put the value in quotes, e.g. unit: \"%\"");

	assert_int_equal(unlink(latin1), 0);
	assert_int_equal(unlink(tab), 0);
	assert_int_equal(unlink(pct), 0);
	assert_int_equal(rmdir(dir), 0);
	bp_arena_free(a);
}

static void test_load_string(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_yaml_doc *doc = NULL;
	bp_error err;

	const char ok[] = "- a\n- b: 1\n";
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_load_string("inline", ok, sizeof(ok) - 1, a, &doc, &err), BP_OK);
	assert_true(bp_yaml_is_sequence(bp_yaml_root(doc)));
	assert_int_equal(bp_yaml_seq_len(bp_yaml_root(doc)), 2);
	bp_yaml_node *second = bp_yaml_seq_at(doc, bp_yaml_root(doc), 1);
	assert_int_equal(bp_yaml_line(second), 2);
	assert_int_equal(bp_yaml_column(second), 3);

	/* A key that is a list is not a key a person means. */
	const char listkey[] = "id: x\n[a, b]: 1\n";
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_load_string("inline", listkey, sizeof(listkey) - 1, a, &doc, &err),
	                 BP_ERR_CONFIG);
	assert_string_equal(err.where, "inline");
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 1);
	assert_string_equal(err.message, "a key must be text, found a list");

	/* A document of just "---" holds no value. */
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_load_string("inline", "---\n", 4, a, &doc, &err), BP_ERR_CONFIG);
	assert_string_equal(err.message, "empty document");
	bp_arena_free(a);
}

static void test_fail_and_expect(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_yaml_doc *doc = load_ok(a, "valid.yaml");
	bp_yaml_node *root = bp_yaml_root(doc);
	bp_error err;

	bp_error_clear(&err);
	assert_int_equal(bp_yaml_fail(doc, bp_yaml_map_get(doc, root, "count"), &err, BP_ERR_NOT_FOUND,
	                              "no variable '%s'", "count"), BP_ERR_NOT_FOUND);
	assert_int_equal(err.rc, BP_ERR_NOT_FOUND);
	assert_string_equal(err.where, bp_yaml_path(doc));
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 8);
	assert_string_equal(err.message, "no variable 'count'");

	char text[2048];
	bp_error_format(&err, text, sizeof(text));
	char want[2048];
	snprintf(want, sizeof(want), "%s:3:8: error: no variable 'count'", bp_yaml_path(doc));
	assert_string_equal(text, want);

	bp_error_clear(&err);
	assert_int_equal(bp_yaml_fail(doc, NULL, &err, BP_ERR_CONFIG, "whole file"), BP_ERR_CONFIG);
	assert_string_equal(err.where, bp_yaml_path(doc));
	assert_int_equal(err.line, 0);

	bp_error_clear(&err);
	assert_int_equal(bp_yaml_expect(doc, bp_yaml_map_get(doc, root, "tags"), BP_YAML_MAPPING,
	                                "'tags'", &err), BP_ERR_CONFIG);
	assert_at(&err, doc, 6, 7);
	assert_string_equal(err.message, "'tags' must be a mapping, found a list");
	bp_error_clear(&err);
	assert_int_equal(bp_yaml_expect(doc, bp_yaml_map_get(doc, root, "nothing"), BP_YAML_SCALAR,
	                                "'nothing'", &err), BP_ERR_CONFIG);
	assert_string_equal(err.message, "'nothing' must be text, found no value");
	assert_int_equal(bp_yaml_expect(doc, root, BP_YAML_MAPPING, "the file", &err), BP_OK);

	/* A NULL err is allowed: the failure is only returned. */
	assert_int_equal(bp_yaml_req_str(doc, root, "absent", &(const char *){NULL}, NULL), BP_ERR_CONFIG);
	bp_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_navigation),
		cmocka_unit_test(test_getters),
		cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_two_documents),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_load_string),
		cmocka_unit_test(test_fail_and_expect),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
