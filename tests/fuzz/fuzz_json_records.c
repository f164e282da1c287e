/* fuzz_json_records: a nested JSON document through
 * mappings/woonikveilig-kwb2024.yaml (bp_import_json_records without a
 * connection: read and check only). */
#include "fuzz_support.h"

#include <stdio.h>

#include "import/json_records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char mapping[1024];
	if (!mapping[0])
		snprintf(mapping, sizeof(mapping), "%s/mappings/woonikveilig-kwb2024.yaml", bp_fuzz_source_root());
	bp_json_options opt = { .path = bp_fuzz_file("doc.json", data, size), .mapping_path = mapping };
	bp_import_result res;
	bp_error err;
	bp_error_clear(&err);
	(void)bp_import_json_records(NULL, &opt, &res, &err);
	return 0;
}
