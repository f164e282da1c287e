/* fuzz_geojson: GeoJSON (and TopoJSON) borders (bp_geojson_parse, in memory):
 * jansson, the features' checks, PROJ to RD New and GEOS. */
#include "fuzz_support.h"

#include "core/arena.h"
#include "import/geojson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bp_arena *a = bp_arena_new();
	/* A year given, so that a file without one is not refused before its features are read. */
	bp_geojson_options opt = { .path = "fuzz.geojson", .year = 2024, .level = -1 };
	bp_geojson_file f;
	bp_error err;
	bp_error_clear(&err);
	(void)bp_geojson_parse(&opt, (const char *)data, size, a, &f, &err);
	bp_arena_free(a);
	return 0;
}
