/* fuzz_cbsvalue: CBS cell values (bp_cbs_value_parse): numbers, symbols,
 * decimal comma and sentinels; the first byte picks the flags. */
#include "fuzz_support.h"

#include "import/cbsvalue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	int flags = data[0] & (BP_CBS_DECIMAL_COMMA | BP_CBS_SENTINELS);
	bp_cbs_value v;
	/* Not NUL-terminated on purpose: callers pass a length (libcsv fields, yajl strings). */
	(void)bp_cbs_value_parse((const char *)data + 1, size - 1, flags, &v);
	return 0;
}
