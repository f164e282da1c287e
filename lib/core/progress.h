/*
 * progress.h: the state of a long load as the terminal line shows it
 * (pages, rows, rate, time left).  The importers fill a bp_progress; only
 * cmd/ prints.  Kept apart from the importers so the arithmetic of the rate
 * and the estimate can be tested without a download.
 */
#ifndef BP_CORE_PROGRESS_H
#define BP_CORE_PROGRESS_H

#include <stddef.h>

typedef struct bp_progress {
	long pages;            /* pages read so far */
	long rows;             /* data rows read so far */
	long expected_rows;    /* rows the load will read in all; <= 0: not known (yet) */
} bp_progress;

/* Called after each page; ctx is the caller's. */
typedef void (*bp_progress_fn)(void *ctx, const bp_progress *p);

/*
 * One line (no newline) for a terminal, e.g.
 *   "page 12, 120.000 of 2.252.130 rows (5%), 41.500 rows/s, about 51 s left"
 * elapsed is the seconds since the load started.  The rate needs a second
 * of history and the estimate an expected total, else they are left out.
 * Returns the length written, as snprintf does.
 */
size_t bp_progress_format(char *buf, size_t size, const bp_progress *p, double elapsed);

/* "51 s", "3 min 05 s", "1 h 02 min": a duration as the line above spells it. */
size_t bp_progress_duration(char *buf, size_t size, double seconds);

/*
 * The tail of a publishing line after done of n gemeenten in secs, e.g.
 *   "(1 of 2 gemeenten; 158 pages and 992 charts in 70 s, 2.3 pages/s; about 1 min 10 s left)"
 * (unit_one, unit_many: what files counts, "chart" and "charts"; each count
 * with its singular or plural word).  Returns the length written, as snprintf does.
 */
size_t bp_progress_gemeenten(char *buf, size_t size, size_t done, size_t n, long pages, long files,
                             const char *unit_one, const char *unit_many, double secs);

#endif
