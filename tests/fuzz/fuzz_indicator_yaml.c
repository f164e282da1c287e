/* fuzz_indicator_yaml: an indicator definition (bp_indicator_load_file):
 * libyaml, the definition's checks and its formulas. */
#include "fuzz_support.h"

#include "core/arena.h"
#include "engine/indicator_def.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = bp_fuzz_file("indicator.yaml", data, size);
	bp_arena *a = bp_arena_new();
	bp_indicator_def d;
	bp_error err;
	bp_error_clear(&err);
	(void)bp_indicator_load_file(path, a, &d, &err);
	bp_arena_free(a);
	return 0;
}
