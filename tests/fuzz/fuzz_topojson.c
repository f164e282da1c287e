/* fuzz_topojson: TopoJSON decoding alone (bp_topojson_to_geojson), without
 * geojson.c's PROJ and GEOS work, so that arcs and transforms get the runs. */
#include "fuzz_support.h"

#include <jansson.h>

#include "import/topojson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *root = json_loadb((const char *)data, size, 0, &jerr);
	if (!root)
		return 0;
	if (bp_topojson_is_topology(root)) {
		json_t *fc = NULL;
		bp_error err;
		bp_error_clear(&err);
		if (bp_topojson_to_geojson(root, NULL, "fuzz.topojson", &fc, &err) == BP_OK)
			json_decref(fc);
	}
	json_decref(root);
	return 0;
}
