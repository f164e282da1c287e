/* fuzz_workbook: one input read as an .xlsx workbook (libzip, libxml2) and as
 * an old .xls one (freexl), each sheet's rows handed to a callback that
 * touches every cell (import table reads workbooks through both; the CSV
 * path is csvrows, fuzzed through the other importers). */
#include "fuzz_support.h"

#include <string.h>

#include "core/arena.h"
#include "import/xls.h"
#include "import/xlsx.h"

static bp_rc touch(void *ctx, const char *const *cells, size_t n, long row, bp_error *err)
{
	size_t *sum = ctx;
	(void)err;
	for (size_t i = 0; i < n; i++)
		*sum += strlen(cells[i]);   /* every cell must be a readable string */
	*sum += (size_t)row;
	return BP_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Two names: the readers go by the bytes, but a message names the file. */
	const char *xlsx = bp_fuzz_file("book.xlsx", data, size);
	const char *xls = bp_fuzz_file("book.xls", data, size);
	bp_arena *a = bp_arena_new();
	bp_error err;
	size_t sum = 0;
	bp_error_clear(&err);
	(void)bp_xlsx_read(xlsx, NULL, a, touch, &sum, &err);
	(void)bp_xlsx_read(xlsx, "Wijken", a, touch, &sum, &err);
	bp_error_clear(&err);
	(void)bp_xls_read(xls, NULL, a, touch, &sum, &err);
	(void)bp_xls_read(xls, "Wijken", a, touch, &sum, &err);
	bp_arena_free(a);
	return 0;
}
