/* fuzz_survey: a respondent-level survey file through surveys/burgerpeiling-2022.yaml
 * (bp_import_survey without a connection: read and check only); the first
 * byte picks CSV or SPSS .sav (ReadStat). */
#include "fuzz_support.h"

#include <stdio.h>

#include "import/survey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char mapping[1024];
	if (size == 0)
		return 0;
	if (!mapping[0])
		snprintf(mapping, sizeof(mapping), "%s/surveys/burgerpeiling-2022.yaml", bp_fuzz_source_root());
	int sav = data[0] & 1;
	bp_survey_options opt = {
		.path = bp_fuzz_file(sav ? "peiling.sav" : "peiling.csv", data + 1, size - 1),
		.mapping_path = mapping,
	};
	bp_survey_result res;
	bp_error err;
	bp_error_clear(&err);
	(void)bp_import_survey(NULL, &opt, &res, &err);
	return 0;
}
