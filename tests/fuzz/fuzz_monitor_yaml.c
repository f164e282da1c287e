/* fuzz_monitor_yaml: a monitor configuration (bp_monitor_config_load):
 * libyaml, the sources' keys through the importer registry, references.
 * Paths it names resolve against the temporary folder (and mostly do not exist). */
#include "fuzz_support.h"

#include "config/monitor.h"
#include "core/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = bp_fuzz_file("monitor.yaml", data, size);
	bp_arena *a = bp_arena_new();
	bp_monitor_config cfg;
	bp_error err;
	bp_error_clear(&err);
	(void)bp_monitor_config_load(path, a, &cfg, &err);
	bp_arena_free(a);
	return 0;
}
