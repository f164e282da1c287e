/* fuzz_statline_old: StatLine CSV, old layout (detect and bp_statline_old_parse, in memory). */
#include "fuzz_support.h"

#include "core/arena.h"
#include "import/statline_old.h"

static const char *unknown(void *ctx, const char *label)
{
	(void)ctx;
	(void)label;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bp_arena *a = bp_arena_new();
	bp_statline_table t;
	bp_error err;
	bp_error_clear(&err);
	/* Both, whatever detect says: the import calls it first, the parser must not trust it. */
	(void)bp_statline_old_detect((const char *)data, size);
	(void)bp_statline_old_parse("fuzz.csv", (const char *)data, size, unknown, NULL, a, &t, &err);
	bp_arena_free(a);
	return 0;
}
