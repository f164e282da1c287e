/* fuzz_kwb_csv: a KWB download with short column names through
 * mappings/kwb-kort.yaml (bp_import_kwb_csv without a connection: parse and
 * check only). */
#include "fuzz_support.h"

#include <stdio.h>

#include "core/arena.h"
#include "import/kwb_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char mapping[1024];
	if (!mapping[0])
		snprintf(mapping, sizeof(mapping), "%s/mappings/kwb-kort.yaml", bp_fuzz_source_root());
	/* No year column gives 2024, so that such a file's rows are read too. */
	bp_kwb_csv_options opt = { .path = bp_fuzz_file("kwb.csv", data, size), .mapping = mapping, .year = 2024 };
	bp_arena *a = bp_arena_new();
	bp_kwb_csv_result res;
	bp_error err;
	bp_error_clear(&err);
	(void)bp_import_kwb_csv(NULL, &opt, a, &res, &err);
	bp_arena_free(a);
	return 0;
}
