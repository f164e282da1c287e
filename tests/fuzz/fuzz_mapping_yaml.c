/* fuzz_mapping_yaml: the importers' mappings, one input read as each of them:
 * kwb-csv (mappings/kwb-kort.yaml), json (mappings/woonikveilig-*.yaml),
 * survey (surveys/NAME.yaml), survey results and import table's mapping. */
#include "fuzz_support.h"

#include "core/arena.h"
#include "import/json_mapping.h"
#include "import/kwb_csv.h"
#include "import/survey_mapping.h"
#include "import/survey_results.h"
#include "import/table_mapping.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = bp_fuzz_file("mapping.yaml", data, size);
	bp_arena *a = bp_arena_new();
	bp_error err;
	bp_kwb_mapping *km;
	bp_json_mapping jm;
	bp_survey_mapping *sm;
	bp_results_mapping *rm;
	bp_table_mapping tm;
	(void)bp_kwb_mapping_load(path, a, &km, &err);
	(void)bp_json_mapping_load(path, a, &jm, &err);
	(void)bp_survey_mapping_load(path, a, &sm, &err);
	(void)bp_results_mapping_load(path, a, &rm, &err);
	(void)bp_table_mapping_load(path, a, &tm, &err);
	bp_arena_free(a);
	return 0;
}
