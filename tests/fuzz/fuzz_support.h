/*
 * fuzz_support.h: what the libFuzzer harnesses share.
 *
 * Some parsers take a path only (YAML through libyaml's file reader, the
 * importers that read their file themselves): the input is then written to
 * a file of this process's own temporary folder, rewritten every run.
 */
#ifndef BP_FUZZ_SUPPORT_H
#define BP_FUZZ_SUPPORT_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write data to NAME in the process's temporary folder; its path (static
 * storage, valid until the next call with the same name). Aborts on failure:
 * a harness that cannot write its input tests nothing. */
const char *bp_fuzz_file(const char *name, const uint8_t *data, size_t size);

/* The source tree (mappings/, surveys/), from the build. */
const char *bp_fuzz_source_root(void);
#endif
