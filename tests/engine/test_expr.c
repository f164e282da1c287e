/*
 * test_expr: the expression parser (lib/engine/expr.c) on its own.
 * Offsets and columns are counted by hand on the strings shown.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "engine/expr.h"

static const char *canon(bp_arena *a, const char *text)
{
	bp_expr *e = NULL;
	bp_error err;
	size_t off = 0;
	bp_error_clear(&err);
	if (bp_expr_parse(text, a, &e, &off, &err) != BP_OK)
		fail_msg("'%s' at %zu: %s", text, off, err.message);
	bp_buf b;
	bp_buf_init(&b);
	bp_expr_canonical(e, &b);
	const char *s = bp_arena_strndup(a, b.data, b.len);
	bp_buf_release(&b);
	return s;
}

static void expect_error(const char *text, size_t offset, const char *message)
{
	bp_arena *a = bp_arena_new();
	bp_expr *e = NULL;
	bp_error err;
	size_t off = 9999;
	bp_error_clear(&err);
	assert_int_equal(bp_expr_parse(text, a, &e, &off, &err), BP_ERR_CONFIG);
	if (off != offset || strcmp(err.message, message) != 0)
		fail_msg("'%s': got offset %zu '%s', want %zu '%s'", text, off, err.message, offset, message);
	assert_null(e);
	bp_arena_free(a);
}

static void test_precedence_and_associativity(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	assert_string_equal(canon(a, "AantalInwoners"), "AantalInwoners");   /* a plain code is its own text */
	assert_string_equal(canon(a, "  k_65JaarOfOuder\t"), "k_65JaarOfOuder");
	assert_string_equal(canon(a, "a + b * c"), "(a+(b*c))");
	assert_string_equal(canon(a, "(a + b) * c"), "((a+b)*c)");
	assert_string_equal(canon(a, "a - b - c"), "((a-b)-c)");     /* left-associative */
	assert_string_equal(canon(a, "a / b / c"), "((a/b)/c)");
	assert_string_equal(canon(a, "a - b * c / d + e"), "((a-((b*c)/d))+e)");
	assert_string_equal(canon(a, "-a * b"), "(-a*b)");            /* unary binds tighter */
	assert_string_equal(canon(a, "a - -b"), "(a--b)");
	assert_string_equal(canon(a, "--a"), "--a");
	assert_string_equal(canon(a, "((a))"), "a");
	assert_string_equal(canon(a, "2.5e2 * a + .5"), "((250*a)+0.5)");
	assert_string_equal(canon(a, "(k_45Tot65Jaar + k_65JaarOfOuder) / AantalInwoners * 100"),
	                    "(((k_45Tot65Jaar+k_65JaarOfOuder)/AantalInwoners)*100)");
	/* Spacing does not matter: same canonical text, so the same hash. */
	assert_string_equal(canon(a, "a+b*c"), canon(a, " a  +  b*c "));
	bp_arena_free(a);
}

static void test_functions(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	assert_string_equal(canon(a, "sum(a, b, c)"), "sum(a,b,c)");
	assert_string_equal(canon(a, "sum(a)"), "sum(a)");
	assert_string_equal(canon(a, "coalesce(a, 0)"), "coalesce(a,0)");
	assert_string_equal(canon(a, "sum(a * 2, coalesce(b, c)) / d"), "(sum((a*2),coalesce(b,c))/d)");
	assert_string_equal(canon(a, "sum (a ,b)"), "sum(a,b)");

	/* Variables: each once, in order of first use, with its offset. */
	bp_expr *e;
	bp_error err;
	size_t off;
	bp_error_clear(&err);
	assert_int_equal(bp_expr_parse("b + sum(a, b) - c1", a, &e, &off, &err), BP_OK);
	const char **vars;
	size_t *offs, n;
	bp_expr_variables(e, a, &vars, &offs, &n);
	assert_int_equal(n, 3);
	assert_string_equal(vars[0], "b");
	assert_string_equal(vars[1], "a");
	assert_string_equal(vars[2], "c1");
	assert_int_equal(offs[0], 0);
	assert_int_equal(offs[1], 8);
	assert_int_equal(offs[2], 16);
	bp_arena_free(a);
}

static void test_sql(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	bp_expr *e;
	bp_error err;
	size_t off;
	const char **vars;
	size_t n;
	bp_buf b;
	bp_error_clear(&err);
	assert_int_equal(bp_expr_parse("sum(x, -y) / coalesce(z, 2)", a, &e, &off, &err), BP_OK);
	bp_expr_variables(e, a, &vars, NULL, &n);
	bp_buf_init(&b);
	bp_expr_sql(e, vars, n, "p.v", &b);
	/* Only generated column names and our own numbers; no variable code. */
	assert_string_equal(b.data,
	    "((CASE WHEN num_nonnulls(p.v1, (-p.v2)) = 0 THEN NULL::float8 ELSE coalesce(p.v1, 0) + "
	    "coalesce((-p.v2), 0) END) / NULLIF(coalesce(p.v3, (2)::float8), 0))");
	bp_buf_release(&b);
	bp_arena_free(a);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("a + b;", 5, "unexpected character ';'");
	expect_error("a % b", 2, "unexpected character '%'");
	expect_error("a + é", 4, "unexpected character 'é'");
	expect_error("(a + b", 0, "unbalanced parenthesis: '(' is never closed");
	expect_error("a * (b + (c - d)", 4, "unbalanced parenthesis: '(' is never closed");
	expect_error("a + b)", 5, "unbalanced parenthesis: ')' without '('");
	expect_error("sum(a, b", 3, "unbalanced parenthesis: '(' is never closed");
	expect_error("a + avg(b, c)", 4, "unknown function 'avg'");
	expect_error("sum()", 0, "sum() needs at least 1 argument(s), found 0");
	expect_error("a / coalesce(b)", 4, "coalesce() needs at least 2 argument(s), found 1");
	expect_error("a +", 3, "unexpected end of expression: expected a number, a variable code, a function or '('");
	expect_error("a * * b", 4, "expected a number, a variable code, a function or '('");
	expect_error("()", 1, "expected a number, a variable code, a function or '('");
	expect_error("sum(a,)", 6, "expected a number, a variable code, a function or '('");
	expect_error("a b", 2, "expected an operator (+ - * /) or the end of the expression");
	expect_error("2abc", 1, "unexpected character 'a'");
	expect_error("1.", 2, "a number needs digits after its decimal point");
	expect_error("1e999 * a", 0, "number out of range");
	expect_error("", 0, "empty expression");
	expect_error("   ", 3, "empty expression");
	expect_error("_a", 0, "unexpected character '_'");
}

/* What an attacker would write: rejected at the first character that is not the grammar's. */
static void test_injection_rejected(void **state)
{
	(void)state;
	expect_error("AantalInwoners); DROP TABLE bp.area; --", 14, "unbalanced parenthesis: ')' without '('");
	expect_error("x' OR '1'='1", 1, "unexpected character '''");
	/* `--` is two minus signs here, not a comment; and the SQL never holds `--`. */
	bp_arena *a = bp_arena_new();
	assert_string_equal(canon(a, "AantalInwoners -- comment"), "(AantalInwoners--comment)");
	{
		bp_expr *e;
		bp_error err;
		size_t off;
		const char **vars;
		size_t n;
		bp_buf b;
		assert_int_equal(bp_expr_parse("a--b - -1", a, &e, &off, &err), BP_OK);
		bp_expr_variables(e, a, &vars, NULL, &n);
		bp_buf_init(&b);
		bp_expr_sql(e, vars, n, "p.v", &b);
		assert_null(strstr(b.data, "--"));
		assert_string_equal(b.data, "((p.v1 - (-p.v2)) - (-(1)::float8))");
		bp_buf_release(&b);
	}
	bp_arena_free(a);
	expect_error("a\"; DELETE FROM bp.observation", 1, "unexpected character '\"'");
	expect_error("pg_sleep(10)", 0, "unknown function 'pg_sleep'");
	expect_error("AantalInwoners::text", 14, "unexpected character ':'");
	expect_error("a /* b */", 3, "expected a number, a variable code, a function or '('");
}

static void test_locate(void **state)
{
	(void)state;
	long l, c;
	/* numerator: a + b;   the scalar at 6:12, ';' at offset 5 */
	bp_expr_locate("a + b;", 5, BP_TEXT_PLAIN, 6, 12, &l, &c);
	assert_int_equal(l, 6);
	assert_int_equal(c, 17);
	/* numerator: "a + b;"   the quote at 6:12, text from 6:13 */
	bp_expr_locate("a + b;", 5, BP_TEXT_QUOTED, 6, 12, &l, &c);
	assert_int_equal(c, 18);
	/* characters, not bytes: "é + ;" has ';' at byte 5, character 4 */
	bp_expr_locate("\xc3\xa9 + ;", 5, BP_TEXT_PLAIN, 1, 1, &l, &c);
	assert_int_equal(c, 5);
	/* block scalar `|` at 6:12: the text starts on line 7; column unknown */
	bp_expr_locate("a +\nb;\n", 5, BP_TEXT_BLOCK, 6, 12, &l, &c);
	assert_int_equal(l, 8);
	assert_int_equal(c, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence_and_associativity),
		cmocka_unit_test(test_functions),
		cmocka_unit_test(test_sql),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_injection_rejected),
		cmocka_unit_test(test_locate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
