/*
 * progress.c: see progress.h.  Numbers in the Dutch way (numfmt.c), like
 * every figure buurtpeil shows; the words stay English like the rest of the
 * command-line messages.
 */
#include "core/progress.h"

#include <math.h>
#include <stdio.h>

#include "core/numfmt.h"

size_t bp_progress_duration(char *buf, size_t size, double seconds)
{
	long s = seconds > 0 && isfinite(seconds) ? (long)(seconds + 0.5) : 0;
	if (s < 60)
		return (size_t)snprintf(buf, size, "%ld s", s);
	if (s < 3600)
		return (size_t)snprintf(buf, size, "%ld min %02ld s", s / 60, s % 60);
	return (size_t)snprintf(buf, size, "%ld h %02ld min", s / 3600, (s % 3600) / 60);
}

size_t bp_progress_format(char *buf, size_t size, const bp_progress *p, double elapsed)
{
	char rows[32], total[32], rate_s[32], left[32];
	bp_numfmt_nl(rows, sizeof(rows), (double)p->rows, 0);
	int n;
	if (p->expected_rows > 0) {
		bp_numfmt_nl(total, sizeof(total), (double)p->expected_rows, 0);
		/* Whole percents, never 100 before the last row: "100%" must mean done. */
		long pct = (long)floor(100.0 * (double)p->rows / (double)p->expected_rows);
		if (pct >= 100 && p->rows < p->expected_rows)
			pct = 99;
		n = snprintf(buf, size, "page %ld, %s of %s rows (%ld%%)", p->pages, rows, total, pct);
	} else {
		n = snprintf(buf, size, "page %ld, %s rows", p->pages, rows);
	}
	if (n < 0)
		return 0;
	size_t len = (size_t)n;
	/* Under a second the rate is mostly connection set-up: not worth showing. */
	if (elapsed < 1.0 || p->rows <= 0)
		return len;
	double rate = (double)p->rows / elapsed;
	bp_numfmt_nl(rate_s, sizeof(rate_s), rate, 0);
	size_t room = len < size ? size - len : 0;
	n = snprintf(buf + (len < size ? len : size), room, ", %s rows/s", rate_s);
	len += n > 0 ? (size_t)n : 0;
	if (p->expected_rows > p->rows) {
		bp_progress_duration(left, sizeof(left), (double)(p->expected_rows - p->rows) / rate);
		room = len < size ? size - len : 0;
		n = snprintf(buf + (len < size ? len : size), room, ", about %s left", left);
		len += n > 0 ? (size_t)n : 0;
	}
	return len;
}

size_t bp_progress_gemeenten(char *buf, size_t size, size_t done, size_t n, long pages, long files,
                             const char *unit_one, const char *unit_many, double secs)
{
	char left[32];
	bp_progress_duration(left, sizeof(left), done ? secs / (double)done * (double)(n - done) : 0);
	int len = snprintf(buf, size, "(%zu of %zu %s; %ld %s and %ld %s in %.0f s, %.1f pages/s; about %s left)", done,
	                   n, bp_plural_nl(n, "gemeente", "gemeenten"), pages, bp_plural_nl((size_t)pages, "page", "pages"),
	                   files, bp_plural_nl((size_t)files, unit_one, unit_many), secs,
	                   secs > 0 ? (double)pages / secs : 0.0, left);
	return len > 0 ? (size_t)len : 0;
}
