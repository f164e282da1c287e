/* buurtpeil report */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "engine/compare.h"
#include "core/arena.h"
#include "core/numfmt.h"
#include "core/progress.h"
#include "engine/indicator_def.h"
#include "report/layout.h"
#include "report/needs_report.h"
#include "report/pdf_profile.h"
#include "report/report.h"

static const char usage[] =
	"usage: buurtpeil report --gemeente GM0000 [--gemeente ...] [--out DIR]\n"
	"                        [--indicators DIR] [--charts DIR] [--as-of YYYY-MM-DD]\n"
	"                        [--lang nl|en] [--jobs N]\n\n"
	"Write an HTML page and an A4 PDF overview per gemeente (its wijken, with charts and\n"
	"tables), an A4 PDF profile per wijk, buurt and custom area, the needs overview\n"
	"(GM0000-behoeften.html and .pdf) and an index\n"
	"into DIR (default: out), following the layout charts/gemeente.yaml.\n"
	"  --as-of DATE    the reports as the sources loaded by that date give them (computed\n"
	"                  apart, the current figures untouched); every page says \"Stand van DATE\"\n"
	"  --lang LANG     nl (default) or en: every page and PDF in English (README.md,\n"
	"                  \"English\")\n"
	"  --jobs N        write the pages, charts and PDFs with N workers, each on a database\n"
	"                  connection of its own (default: one per online core; 1: one at a time)\n";

int cmd_report(cli *c, int argc, char **argv)
{
	cli_report_args args = { .out = "out" };
	int usage_rc = cli_report_args_parse(c, argc, argv, usage, "report", &args);
	if (usage_rc)
		return usage_rc;

	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	bp_layout layout;
	bp_error err = { 0 };
	bp_db db = { 0 };
	bp_report_result res = { 0 };
	bp_asof asof = { 0 };
	PGconn *conn = NULL;
	int code = 0;
	if (bp_indicators_load_dir(args.indicators, a, &set, &err) ||
	    bp_layout_load(args.charts, "gemeente", a, &layout, &err) ||
	    cli_open_db(c, &db, 1, &err) ||
	    cli_as_of(c, &db, &args, &set, a, &asof, &conn, &err) ||
	    bp_compare_require_current(conn, &err) ||
	    bp_db_publish_role(conn, &err))   /* reports read bp only, never survey_private */
		goto fail;
	/* The workers connect to the database conn reads: the scratch database of --as-of, else the live one. */
	bp_report_options ro = { .output_dir = args.out, .indicators = &set, .layout = &layout,
	                         .lang = args.lang, .workers = bp_report_workers_for(args.as_of ? &asof.db : &db,
	                                                                            args.jobs) };
	/* On a terminal a line per gemeente, as run's (pages and charts so far, rate, time left); else only the
	 * summary below. */
	int tty = isatty(STDERR_FILENO);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < args.n; i++) {
		if (bp_report_gemeente_files(conn, &ro, args.gemeenten[i], 1, 1, &res, &err))
			goto fail;
		if (tty) {
			char tail[256];
			bp_progress_gemeenten(tail, sizeof(tail), i + 1, args.n, res.pages, res.charts, "chart", "charts",
			                      cli_seconds_since(&t0));
			cli_info(c, "report: %s/%s.html %s\n", args.out, args.gemeenten[i], tail);
		}
	}
	if (bp_report_index(conn, &ro, args.gemeenten, args.n, &res, &err))
		goto fail;
	printf("%ld %s and %ld %s written to %s\n", res.pages, BP_PL(res.pages, "page", "pages"), res.charts,
	       BP_PL(res.charts, "chart", "charts"), args.out);
	goto done;
fail:
	cli_print_error(&err);
	code = EXIT_JOB_FAILED;
done:
	bp_asof_close(&db, &asof);
	bp_db_close(&db);
	bp_arena_free(a);
	return code;
}
