/* fuzz_expr: indicator formulas (bp_expr_parse), and what is done with a
 * parsed one: its variables, canonical text and SQL. */
#include "fuzz_support.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "engine/expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bp_arena *a = bp_arena_new();
	/* Formulas come from YAML scalars: NUL-terminated, no NUL inside. */
	char *text = bp_arena_strndup(a, (const char *)data, size);
	bp_expr *e = NULL;
	size_t off = 0;
	bp_error err;
	bp_error_clear(&err);
	if (bp_expr_parse(text, a, &e, &off, &err) == BP_OK) {
		const char **vars;
		size_t *offsets, n;
		bp_expr_variables(e, a, &vars, &offsets, &n);
		bp_buf b;
		bp_buf_init(&b);
		bp_expr_canonical(e, &b);
		bp_buf_reset(&b);
		bp_expr_sql(e, vars, n, "v_", &b);
		bp_buf_release(&b);
	} else {
		long line, col;
		bp_expr_locate(text, off <= strlen(text) ? off : strlen(text), BP_TEXT_QUOTED, 3, 5, &line, &col);
	}
	bp_arena_free(a);
	return 0;
}
