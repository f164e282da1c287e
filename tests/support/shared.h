/*
 * shared.h: tests that read the real, large files under ../shared/data (the
 * folder beside the source tree; not in the repository).
 *
 * Such a test program is registered twice in meson: as NAME without
 * arguments (the tests that need only tests/fixtures) and as NAME-shared with
 * --shared (only the tests that need ../shared/data).  Without the data the
 * -shared run exits 77, which meson and scripts/test.sh report as SKIP: a
 * missing folder is visible, never a pass.
 */
#ifndef BP_TEST_SHARED_H
#define BP_TEST_SHARED_H

#include <stddef.h>

/* meson's exit status for a skipped test. */
#define BP_TEST_SKIPPED 77

/* 1 when the program was started with --shared. */
int bp_test_shared_mode(int argc, char **argv);

/* BP_SOURCE_ROOT + rel (rel starts with "/../shared/data/") into buf; 1 when it is readable. */
int bp_test_shared_path(char *buf, size_t size, const char *rel);

/* Every rel (NULL-terminated) present: 0; else says which is absent and returns BP_TEST_SKIPPED. */
int bp_test_shared_require(const char *const *rels);

#endif
