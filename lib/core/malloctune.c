/*
 * malloctune.c: see malloctune.h.
 *
 * Why: a chart's image surface (800x760 ARGB: 2.4 MB) and its PNG rows
 * (1.8 MB) are above glibc's mmap threshold.  glibc raises that threshold
 * after the first such free, but depending on the heap's layout a freed top
 * chunk is trimmed back to the kernel again and again, and every chart then
 * faults its buffers in afresh: all of Nederland's buurt profiles, half of
 * the gemeenten, 5.27 million page faults and 104.6 s of CPU against 4,452
 * faults and 31.1 s with these thresholds (bench/RESULTS.md).  On this VM a
 * page fault costs microseconds.  The embedded server gets the same values
 * through its environment (db/cluster.c).
 */
#include "core/malloctune.h"

#include <stdlib.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

void bp_malloc_tune(void)
{
#ifdef __GLIBC__
	if (!getenv("MALLOC_MMAP_THRESHOLD_"))
		mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	if (!getenv("MALLOC_TRIM_THRESHOLD_"))
		mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif
}
