/*
 * expr.h: the small arithmetic language of indicator definitions.
 *
 *     numerator: (k_45Tot65Jaar + k_65JaarOfOuder)
 *     base: sum(AantalInwoners, -k_0Tot15Jaar)
 *
 * Grammar (usual precedence, left-associative):
 *     expr    := term (('+' | '-') term)*
 *     term    := unary (('*' | '/') unary)*
 *     unary   := '-' unary | primary
 *     primary := NUMBER | VARIABLE | FUNCTION '(' expr (',' expr)* ')' | '(' expr ')'
 * VARIABLE is a variable code ([A-Za-z][A-Za-z0-9_]*); FUNCTION is `sum`
 * (the sum ignoring NULLs, NULL when every argument is NULL) or `coalesce`
 * (the first non-NULL argument).  A plain variable code is an expression.
 *
 * Compiled to SQL, a variable becomes a column of a pivot whose variable
 * code is a bound parameter: no text of a definition reaches SQL, so no
 * definition can inject any (a `;` or a quote is a parse error anyway).
 * Trees and strings live in the arena passed in.
 */
#ifndef BP_ENGINE_EXPR_H
#define BP_ENGINE_EXPR_H

#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/srcloc.h"   /* bp_text_style: where a definition's text was written */

typedef enum bp_expr_op {
	BP_EXPR_NUM,
	BP_EXPR_VAR,
	BP_EXPR_NEG,
	BP_EXPR_ADD,
	BP_EXPR_SUB,
	BP_EXPR_MUL,
	BP_EXPR_DIV,
	BP_EXPR_SUM,
	BP_EXPR_COALESCE
} bp_expr_op;

typedef struct bp_expr {
	bp_expr_op op;
	double num;              /* BP_EXPR_NUM */
	const char *var;         /* BP_EXPR_VAR: the variable code */
	struct bp_expr **args;   /* operands: 1 for NEG, 2 for binary ops, n for functions */
	size_t nargs;
	size_t offset;           /* byte offset in the text where this node starts */
} bp_expr;

/*
 * Parse text into a tree.  On failure returns BP_ERR_CONFIG with err's
 * message set and *err_offset the byte offset of the offending character
 * (text length for an unexpected end); the caller turns the offset into a
 * file position with bp_expr_locate.  Messages:
 *     unexpected character ';'
 *     unbalanced parenthesis: '(' is never closed       (at the '(')
 *     unbalanced parenthesis: ')' without '('            (at the ')')
 *     unknown function 'avg'                             (at its name)
 *     sum() needs at least 1 argument(s), found 0        (at its name)
 *     coalesce() needs at least 2 argument(s), found 1
 *     expected a number, a variable code, a function or '(' (at the token)
 *     empty expression
 *     number out of range
 */
bp_rc bp_expr_parse(const char *text, bp_arena *a, bp_expr **out, size_t *err_offset, bp_error *err) BP_MUST_CHECK;

/*
 * The position of byte offset in text, given where the scalar started
 * (line, column: 1-based) and how it was written.  Columns count
 * characters.  For block scalars (| and >) the line is the scalar's start
 * line + 1 + the newlines before offset and the column is unknown (0):
 * the indentation is not kept by the YAML parser.
 */
void bp_expr_locate(const char *text, size_t offset, bp_text_style style,
                    long line, long column, long *out_line, long *out_column);

/*
 * The variable codes the tree refers to, each once, in order of first use:
 * *vars is an arena array of *n codes; offsets[i] (if not NULL) the offset
 * of its first use.
 */
void bp_expr_variables(const bp_expr *e, bp_arena *a, const char ***vars, size_t **offsets, size_t *n);

/*
 * Canonical text: spacing and redundant parentheses removed, numbers in
 * round-trip form.  A plain variable code is its own canonical text (so a
 * definition's hash does not change when expressions were introduced).
 */
void bp_expr_canonical(const bp_expr *e, bp_buf *out);

/*
 * SQL for the expression over a row alias whose columns are named
 * `<prefix>1`, `<prefix>2`, ... for vars[0], vars[1], ... (as returned by
 * bp_expr_variables for the definition): only column names we generate and
 * numbers we print go into the text.  Division by zero gives NULL.
 */
void bp_expr_sql(const bp_expr *e, const char *const *vars, size_t nvars, const char *prefix, bp_buf *out);

/*
 * SQL for "some division in the expression has a divisor of 0" (false when
 * it has none), over the same columns as bp_expr_sql: a value that is NULL
 * because of it is suppressed as zero_denominator, not as missing input
 * (issue 24: "/ 0" was shown as "onbekend of geheim").
 */
void bp_expr_sql_div_zero(const bp_expr *e, const char *const *vars, size_t nvars, const char *prefix,
                          bp_buf *out);

#endif
