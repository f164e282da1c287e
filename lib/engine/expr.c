/*
 * expr.c: a recursive-descent parser for indicator expressions.
 *
 * Hand-written on purpose: the grammar is four rules (see expr.h), and no
 * library in Debian parses such a tiny arithmetic language while reporting
 * the byte offset of every mistake (flex/bison would be a build-time
 * generator for a grammar smaller than its own boilerplate).
 */
#include "engine/expr.h"

#include <math.h>
#include <string.h>

#include <glib.h>

typedef struct parser {
	const char *text;
	size_t pos;
	bp_arena *a;
	bp_error *err;
	size_t err_offset;
	int depth;
} parser;

/* Deep nesting is a mistake (or an attack), not a formula. */
#define MAX_DEPTH 64

static bp_rc fail_at(parser *p, size_t offset, const char *fmt, const char *arg)
{
	p->err_offset = offset;
	return bp_fail(p->err, BP_ERR_CONFIG, fmt, arg);
}

static void skip_space(parser *p)
{
	while (p->text[p->pos] == ' ' || p->text[p->pos] == '\t' ||
	       p->text[p->pos] == '\n' || p->text[p->pos] == '\r')
		p->pos++;
}

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

static bp_expr *node(parser *p, bp_expr_op op, size_t offset, size_t nargs)
{
	bp_expr *e = bp_arena_alloc(p->a, sizeof(*e));
	e->op = op;
	e->offset = offset;
	e->nargs = nargs;
	if (nargs)
		e->args = bp_arena_alloc(p->a, nargs * sizeof(*e->args));
	return e;
}

static bp_rc unexpected(parser *p)
{
	char c = p->text[p->pos];
	if (c == '\0')
		return fail_at(p, p->pos, "%s", "unexpected end of expression: expected a number, a variable code, "
		               "a function or '('");
	if (c == '+' || c == ')' || c == '*' || c == '/' || c == ',')
		return fail_at(p, p->pos, "%s", "expected a number, a variable code, a function or '('");
	/* Quote the character whole, even when it is several UTF-8 bytes. */
	char ch[8];
	size_t n = 1;
	while (n < sizeof(ch) - 1 && (((unsigned char)p->text[p->pos + n]) & 0xC0) == 0x80)
		n++;
	memcpy(ch, p->text + p->pos, n);
	ch[n] = '\0';
	return fail_at(p, p->pos, "unexpected character '%s'", ch);
}

static bp_rc parse_expr(parser *p, bp_expr **out);

static bp_rc parse_number(parser *p, bp_expr **out)
{
	size_t start = p->pos, i = p->pos;
	while (is_digit(p->text[i]))
		i++;
	if (p->text[i] == '.') {
		i++;
		if (!is_digit(p->text[i]))
			return fail_at(p, i, "%s", "a number needs digits after its decimal point");
		while (is_digit(p->text[i]))
			i++;
	}
	if ((p->text[i] == 'e' || p->text[i] == 'E') &&
	    (is_digit(p->text[i + 1]) ||
	     ((p->text[i + 1] == '+' || p->text[i + 1] == '-') && is_digit(p->text[i + 2])))) {
		i += 2;
		while (is_digit(p->text[i]))
			i++;
	}
	/* 2abc is neither a number nor a code. */
	if (is_alpha(p->text[i]) || p->text[i] == '_') {
		p->pos = i;
		return unexpected(p);
	}
	/* g_ascii_strtod: locale-free, a comma never becomes a decimal point. */
	char *copy = bp_arena_strndup(p->a, p->text + start, i - start);
	double v = g_ascii_strtod(copy, NULL);
	if (!isfinite(v))
		return fail_at(p, start, "%s", "number out of range");
	bp_expr *e = node(p, BP_EXPR_NUM, start, 0);
	e->num = v;
	p->pos = i;
	*out = e;
	return BP_OK;
}

static bp_rc parse_call(parser *p, const char *name, size_t start, bp_expr **out)
{
	bp_expr_op op;
	size_t min;
	if (strcmp(name, "sum") == 0) {
		op = BP_EXPR_SUM;
		min = 1;
	} else if (strcmp(name, "coalesce") == 0) {
		op = BP_EXPR_COALESCE;
		min = 2;
	} else {
		return fail_at(p, start, "unknown function '%s'", name);
	}
	size_t open = p->pos;
	p->pos++;   /* '(' */
	bp_expr *items[256];
	size_t n = 0;
	bp_rc rc;
	skip_space(p);
	if (p->text[p->pos] != ')') {
		for (;;) {
			if (n == sizeof(items) / sizeof(items[0]))
				return fail_at(p, p->pos, "%s", "too many arguments");
			if ((rc = parse_expr(p, &items[n])))
				return rc;
			n++;
			skip_space(p);
			if (p->text[p->pos] == ',') {
				p->pos++;
				continue;
			}
			if (p->text[p->pos] == ')')
				break;
			if (p->text[p->pos] == '\0')
				return fail_at(p, open, "%s", "unbalanced parenthesis: '(' is never closed");
			return unexpected(p);
		}
	}
	p->pos++;   /* ')' */
	if (n < min) {
		p->err_offset = start;
		return bp_fail(p->err, BP_ERR_CONFIG, "%s() needs at least %zu argument(s), found %zu", name, min, n);
	}
	bp_expr *e = node(p, op, start, n);
	memcpy(e->args, items, n * sizeof(*items));
	*out = e;
	return BP_OK;
}

static bp_rc parse_primary(parser *p, bp_expr **out)
{
	skip_space(p);
	char c = p->text[p->pos];
	size_t start = p->pos;
	if (is_digit(c) || (c == '.' && is_digit(p->text[p->pos + 1])))
		return parse_number(p, out);
	if (is_alpha(c)) {
		while (is_alpha(p->text[p->pos]) || is_digit(p->text[p->pos]) || p->text[p->pos] == '_')
			p->pos++;
		char *name = bp_arena_strndup(p->a, p->text + start, p->pos - start);
		skip_space(p);
		if (p->text[p->pos] == '(')
			return parse_call(p, name, start, out);
		bp_expr *e = node(p, BP_EXPR_VAR, start, 0);
		e->var = name;
		*out = e;
		return BP_OK;
	}
	if (c == '(') {
		p->pos++;
		if (++p->depth > MAX_DEPTH)
			return fail_at(p, start, "%s", "parentheses nested too deeply");
		bp_rc rc = parse_expr(p, out);
		if (rc)
			return rc;
		p->depth--;
		skip_space(p);
		if (p->text[p->pos] == ')') {
			p->pos++;
			return BP_OK;
		}
		if (p->text[p->pos] == '\0')
			return fail_at(p, start, "%s", "unbalanced parenthesis: '(' is never closed");
		return unexpected(p);
	}
	return unexpected(p);
}

static bp_rc parse_unary(parser *p, bp_expr **out)
{
	skip_space(p);
	if (p->text[p->pos] == '-') {
		size_t start = p->pos++;
		if (++p->depth > MAX_DEPTH)
			return fail_at(p, start, "%s", "expression nested too deeply");
		bp_expr *e = node(p, BP_EXPR_NEG, start, 1);
		bp_rc rc = parse_unary(p, &e->args[0]);
		if (rc)
			return rc;
		p->depth--;
		*out = e;
		return BP_OK;
	}
	return parse_primary(p, out);
}

static bp_rc parse_term(parser *p, bp_expr **out)
{
	bp_expr *l;
	bp_rc rc = parse_unary(p, &l);
	if (rc)
		return rc;
	for (;;) {
		skip_space(p);
		char c = p->text[p->pos];
		if (c != '*' && c != '/')
			break;
		p->pos++;
		bp_expr *e = node(p, c == '*' ? BP_EXPR_MUL : BP_EXPR_DIV, l->offset, 2);
		e->args[0] = l;
		if ((rc = parse_unary(p, &e->args[1])))
			return rc;
		l = e;
	}
	*out = l;
	return BP_OK;
}

static bp_rc parse_expr(parser *p, bp_expr **out)
{
	bp_expr *l;
	if (++p->depth > MAX_DEPTH)
		return fail_at(p, p->pos, "%s", "expression nested too deeply");
	bp_rc rc = parse_term(p, &l);
	if (rc)
		return rc;
	for (;;) {
		skip_space(p);
		char c = p->text[p->pos];
		if (c != '+' && c != '-')
			break;
		p->pos++;
		bp_expr *e = node(p, c == '+' ? BP_EXPR_ADD : BP_EXPR_SUB, l->offset, 2);
		e->args[0] = l;
		if ((rc = parse_term(p, &e->args[1])))
			return rc;
		l = e;
	}
	p->depth--;
	*out = l;
	return BP_OK;
}

bp_rc bp_expr_parse(const char *text, bp_arena *a, bp_expr **out, size_t *err_offset, bp_error *err)
{
	parser p = { .text = text ? text : "", .a = a, .err = err };
	bp_expr *e = NULL;
	bp_rc rc;

	skip_space(&p);
	if (p.text[p.pos] == '\0') {
		p.err_offset = p.pos;
		rc = bp_fail(err, BP_ERR_CONFIG, "empty expression");
		goto out;
	}
	if ((rc = parse_expr(&p, &e)))
		goto out;
	skip_space(&p);
	if (p.text[p.pos] != '\0') {
		/* A complete expression followed by more: `a b`, `a)`, `a;`. */
		if (p.text[p.pos] == ')') {
			p.err_offset = p.pos;
			rc = bp_fail(err, BP_ERR_CONFIG, "unbalanced parenthesis: ')' without '('");
		} else if (is_alpha(p.text[p.pos]) || is_digit(p.text[p.pos]) || p.text[p.pos] == '(') {
			p.err_offset = p.pos;
			rc = bp_fail(err, BP_ERR_CONFIG, "expected an operator (+ - * /) or the end of the expression");
		} else {
			rc = unexpected(&p);
		}
		goto out;
	}
	*out = e;
out:
	if (rc && err_offset)
		*err_offset = p.err_offset;
	return rc;
}

void bp_expr_locate(const char *text, size_t offset, bp_text_style style,
                    long line, long column, long *out_line, long *out_column)
{
	long l = line, c = column + (style == BP_TEXT_QUOTED ? 1 : 0);
	if (style == BP_TEXT_BLOCK) {
		l = line + 1;
		c = 0;
	}
	for (size_t i = 0; i < offset && text[i]; i++) {
		if (text[i] == '\n') {
			l++;
			if (style != BP_TEXT_BLOCK)
				c = 1;
		} else if (style != BP_TEXT_BLOCK && (((unsigned char)text[i]) & 0xC0) != 0x80) {
			c++;   /* a character starts here: UTF-8 continuation bytes do not count */
		}
	}
	*out_line = l;
	*out_column = c;
}

static void collect(const bp_expr *e, bp_arena *a, const char ***vars, size_t **offs, size_t *n, size_t *cap)
{
	if (e->op == BP_EXPR_VAR) {
		for (size_t i = 0; i < *n; i++)
			if (strcmp((*vars)[i], e->var) == 0)
				return;
		if (*n == *cap) {
			size_t ncap = *cap ? 2 * *cap : 8;
			const char **nv = bp_arena_alloc(a, ncap * sizeof(*nv));
			size_t *no = bp_arena_alloc(a, ncap * sizeof(*no));
			if (*n) {
				memcpy(nv, *vars, *n * sizeof(*nv));
				memcpy(no, *offs, *n * sizeof(*no));
			}
			*vars = nv;
			*offs = no;
			*cap = ncap;
		}
		(*vars)[*n] = e->var;
		(*offs)[*n] = e->offset;
		(*n)++;
		return;
	}
	for (size_t i = 0; i < e->nargs; i++)
		collect(e->args[i], a, vars, offs, n, cap);
}

void bp_expr_variables(const bp_expr *e, bp_arena *a, const char ***vars, size_t **offsets, size_t *n)
{
	const char **v = NULL;
	size_t *o = NULL, cap = 0;
	*n = 0;
	collect(e, a, &v, &o, n, &cap);
	*vars = v;
	if (offsets)
		*offsets = o;
}

static const char *op_text(bp_expr_op op)
{
	switch (op) {
	case BP_EXPR_ADD: return "+";
	case BP_EXPR_SUB: return "-";
	case BP_EXPR_MUL: return "*";
	case BP_EXPR_DIV: return "/";
	case BP_EXPR_SUM: return "sum";
	case BP_EXPR_COALESCE: return "coalesce";
	default: return "?";
	}
}

void bp_expr_canonical(const bp_expr *e, bp_buf *out)
{
	char num[G_ASCII_DTOSTR_BUF_SIZE];
	switch (e->op) {
	case BP_EXPR_NUM:
		bp_buf_adds(out, g_ascii_dtostr(num, sizeof(num), e->num));
		break;
	case BP_EXPR_VAR:
		bp_buf_adds(out, e->var);
		break;
	case BP_EXPR_NEG:
		bp_buf_adds(out, "-");
		bp_expr_canonical(e->args[0], out);
		break;
	case BP_EXPR_ADD: case BP_EXPR_SUB: case BP_EXPR_MUL: case BP_EXPR_DIV:
		/* Fully parenthesised: unambiguous without precedence rules. */
		bp_buf_adds(out, "(");
		bp_expr_canonical(e->args[0], out);
		bp_buf_adds(out, op_text(e->op));
		bp_expr_canonical(e->args[1], out);
		bp_buf_adds(out, ")");
		break;
	case BP_EXPR_SUM: case BP_EXPR_COALESCE:
		bp_buf_adds(out, op_text(e->op));
		bp_buf_adds(out, "(");
		for (size_t i = 0; i < e->nargs; i++) {
			if (i)
				bp_buf_adds(out, ",");
			bp_expr_canonical(e->args[i], out);
		}
		bp_buf_adds(out, ")");
		break;
	}
}

void bp_expr_sql(const bp_expr *e, const char *const *vars, size_t nvars, const char *prefix, bp_buf *out)
{
	char num[G_ASCII_DTOSTR_BUF_SIZE];
	switch (e->op) {
	case BP_EXPR_NUM:
		/* Our own round-trip print of a finite double: digits, '.', 'e', '-'. */
		bp_buf_printf(out, "(%s)::float8", g_ascii_dtostr(num, sizeof(num), e->num));
		break;
	case BP_EXPR_VAR: {
		size_t i = 0;
		while (i < nvars && strcmp(vars[i], e->var) != 0)
			i++;
		/* Not in the list is a caller's bug; NULL keeps the SQL valid and harmless. */
		if (i == nvars)
			bp_buf_adds(out, "NULL::float8");
		else
			bp_buf_printf(out, "%s%zu", prefix, i + 1);
		break;
	}
	case BP_EXPR_NEG:
		bp_buf_adds(out, "(-");
		bp_expr_sql(e->args[0], vars, nvars, prefix, out);
		bp_buf_adds(out, ")");
		break;
	case BP_EXPR_ADD: case BP_EXPR_SUB: case BP_EXPR_MUL:
		bp_buf_adds(out, "(");
		bp_expr_sql(e->args[0], vars, nvars, prefix, out);
		bp_buf_printf(out, " %s ", op_text(e->op));
		bp_expr_sql(e->args[1], vars, nvars, prefix, out);
		bp_buf_adds(out, ")");
		break;
	case BP_EXPR_DIV:
		/* PostgreSQL raises an error on float division by zero; a missing value is what it means here. */
		bp_buf_adds(out, "(");
		bp_expr_sql(e->args[0], vars, nvars, prefix, out);
		bp_buf_adds(out, " / NULLIF(");
		bp_expr_sql(e->args[1], vars, nvars, prefix, out);
		bp_buf_adds(out, ", 0))");
		break;
	case BP_EXPR_SUM:
		/* NULL only when every argument is NULL; otherwise NULLs count as 0. */
		bp_buf_adds(out, "(CASE WHEN num_nonnulls(");
		for (size_t i = 0; i < e->nargs; i++) {
			if (i)
				bp_buf_adds(out, ", ");
			bp_expr_sql(e->args[i], vars, nvars, prefix, out);
		}
		bp_buf_adds(out, ") = 0 THEN NULL::float8 ELSE ");
		for (size_t i = 0; i < e->nargs; i++) {
			if (i)
				bp_buf_adds(out, " + ");
			bp_buf_adds(out, "coalesce(");
			bp_expr_sql(e->args[i], vars, nvars, prefix, out);
			bp_buf_adds(out, ", 0)");
		}
		bp_buf_adds(out, " END)");
		break;
	case BP_EXPR_COALESCE:
		bp_buf_adds(out, "coalesce(");
		for (size_t i = 0; i < e->nargs; i++) {
			if (i)
				bp_buf_adds(out, ", ");
			bp_expr_sql(e->args[i], vars, nvars, prefix, out);
		}
		bp_buf_adds(out, ")");
		break;
	}
}

static void div_zero_terms(const bp_expr *e, const char *const *vars, size_t nvars, const char *prefix,
                           bp_buf *out, int *n)
{
	if (e->op == BP_EXPR_DIV) {
		bp_buf_adds(out, *n ? " OR coalesce(" : "coalesce(");
		bp_expr_sql(e->args[1], vars, nvars, prefix, out);
		bp_buf_adds(out, " = 0, false)");
		(*n)++;
	}
	if (e->op == BP_EXPR_NUM || e->op == BP_EXPR_VAR)
		return;
	for (size_t i = 0; i < e->nargs; i++)
		div_zero_terms(e->args[i], vars, nvars, prefix, out, n);
}

void bp_expr_sql_div_zero(const bp_expr *e, const char *const *vars, size_t nvars, const char *prefix,
                          bp_buf *out)
{
	int n = 0;
	bp_buf_adds(out, "(");
	div_zero_terms(e, vars, nvars, prefix, out, &n);
	if (!n)
		bp_buf_adds(out, "false");
	bp_buf_adds(out, ")");
}
