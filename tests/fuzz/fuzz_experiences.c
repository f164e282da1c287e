/* fuzz_experiences: experiences as CSV and as YAML (bp_import_experiences
 * without a connection: read, checked against no areas, the personal-data
 * filter on every text). The first byte picks the format. */
#include "fuzz_support.h"

#include "core/arena.h"
#include "import/experiences.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	int yaml = data[0] & 1;
	bp_experiences_options opt = {
		.path = bp_fuzz_file(yaml ? "ervaringen.yaml" : "ervaringen.csv", data + 1, size - 1),
		.skip_invalid = (data[0] >> 1) & 1,
	};
	bp_arena *a = bp_arena_new();
	bp_experiences_result res;
	bp_error err;
	bp_error_clear(&err);
	(void)bp_import_experiences(NULL, &opt, a, &res, &err);
	bp_arena_free(a);
	return 0;
}
