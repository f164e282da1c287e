/*
 * malloctune.h: glibc's malloc kept from handing a chart's buffers back to
 * the kernel after each chart (a program's main calls it once).
 */
#ifndef BP_CORE_MALLOCTUNE_H
#define BP_CORE_MALLOCTUNE_H

/* mallopt's mmap and trim thresholds as the embedded server's (32 MB,
 * 256 MB), unless the user set MALLOC_MMAP_THRESHOLD_ or
 * MALLOC_TRIM_THRESHOLD_ (theirs win).  A no-op without glibc. */
void bp_malloc_tune(void);

#endif
