/* fuzz_statline_csv: StatLine CSV, new layout (bp_statline_parse, in memory). */
#include "fuzz_support.h"

#include "core/arena.h"
#include "import/statline_csv.h"

/* Every label unknown: the importer then derives codes, the longer path. */
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
	(void)bp_statline_parse("fuzz.csv", (const char *)data, size, unknown, NULL, a, &t, &err);
	bp_arena_free(a);
	return 0;
}
