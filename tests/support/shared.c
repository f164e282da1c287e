#include "shared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int bp_test_shared_mode(int argc, char **argv)
{
	return argc > 1 && strcmp(argv[1], "--shared") == 0;
}

int bp_test_shared_path(char *buf, size_t size, const char *rel)
{
	const char *root = getenv("BP_SOURCE_ROOT");
	snprintf(buf, size, "%s%s", root ? root : ".", rel);
	return access(buf, R_OK) == 0;
}

int bp_test_shared_require(const char *const *rels)
{
	char path[4096];
	for (size_t i = 0; rels[i]; i++) {
		if (!bp_test_shared_path(path, sizeof(path), rels[i])) {
			printf("SKIP: %s is absent (the shared data beside the source tree)\n", path);
			return BP_TEST_SKIPPED;
		}
	}
	return 0;
}
