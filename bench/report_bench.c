/*
 * report_bench.c: the all-buurten part of bench/render.sh (not a test).
 *
 *   bp-report-bench CONNINFO OUT K N
 *
 * Writes the district profile page of every buurt (bp_report_buurt_profiles:
 * the same page, charts and queries as a wijk profile of `buurtpeil report`)
 * for share K of N of the gemeenten in the database, so that N processes
 * can split Nederland between them: the gemeenten are dealt out largest
 * first to whichever share has the fewest buurten so far.  Files are made
 * durable once at the end (syncfs), as `buurtpeil run` does its output.  Reads under the
 * publishing role, as `buurtpeil report` does.  Prints "key value" lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/fsutil.h"
#include "core/malloctune.h"
#include "db/conn.h"
#include "db/pgutil.h"
#include "engine/indicator_def.h"
#include "report/layout.h"
#include "report/profile_page.h"
#include "report/report.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	bp_malloc_tune(); /* as buurtpeil itself (cmd/main.c) */
	if (argc != 5) {
		fprintf(stderr, "usage: bp-report-bench CONNINFO OUT K N\n");
		return 2;
	}
	const char *out = argv[2];
	int k = atoi(argv[3]), n = atoi(argv[4]);
	if (n < 1 || k < 0 || k >= n) {
		fprintf(stderr, "bp-report-bench: K must be in 0..N-1\n");
		return 2;
	}
	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	bp_layout layout;
	bp_error err = { 0 };
	bp_db db = { 0 };
	bp_db_options dbo = { .conninfo = argv[1] };
	PGresult *r = NULL;
	bp_report_result res = { 0 };
	long buurten = 0, gemeenten = 0;
	if (bp_indicators_load_dir("indicators", a, &set, &err) ||
	    bp_layout_load("charts", "gemeente", a, &layout, &err) ||
	    bp_db_open(&db, &dbo, &err) || bp_db_publish_role(db.conn, &err) ||
	    bp_mkdir_p(out, 0755, &err))
		goto fail;
	if (bp_pg_query(db.conn,
	                "SELECT g.code, g.name, count(*) FROM bp.area b "
	                "  JOIN bp.area g ON g.code = b.gemeente_code AND g.level = 'gemeente' "
	                "   AND g.indeling_year = b.indeling_year "
	                " WHERE b.level = 'buurt' GROUP BY g.code, g.name ORDER BY count(*) DESC, g.code",
	                0, NULL, &r, &err))
		goto fail;
	long load[64] = { 0 };
	if (n > 64)
		n = 64;
	bp_report_options ro = { .output_dir = out, .indicators = &set, .layout = &layout };
	/* As `buurtpeil run` writes its output folder: no fsync per file, the folder's files made durable
	 * together at the end (core/fsutil.h), inside the time measured. */
	bp_fsync_defer_under(out);
	double t0 = now_ms(), c0 = cpu_ms();
	for (int i = 0; i < PQntuples(r); i++) {
		long nb = atol(PQgetvalue(r, i, 2));
		int least = 0;
		for (int j = 1; j < n; j++)
			if (load[j] < load[least])
				least = j;
		load[least] += nb;
		if (least != k)
			continue;
		bp_arena *ga = bp_arena_new();
		bp_profile_pages pages;
		bp_rc rc = bp_report_buurt_profiles(db.conn, &ro, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), ga,
		                                    &pages, &res, &err);
		buurten += (long)pages.n;
		bp_arena_free(ga);
		if (rc)
			goto fail;
		gemeenten++;
	}
	bp_fsync_defer_end(out);
	if (bp_sync_folder(out, &err))
		goto fail;
	printf("gemeenten %ld\nbuurten %ld\npages %ld\ncharts %ld\nwall_s %.2f\ncpu_s %.2f\n", gemeenten,
	       buurten, res.pages, res.charts, (now_ms() - t0) / 1000, (cpu_ms() - c0) / 1000);
	PQclear(r);
	bp_db_close(&db);
	bp_arena_free(a);
	return 0;
fail:
	fprintf(stderr, "bp-report-bench: %s%s%s\n", err.message, err.detail[0] ? ": " : "", err.detail);
	PQclear(r);
	bp_db_close(&db);
	bp_arena_free(a);
	return 1;
}
