/* buurtpeil publish */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "core/arena.h"
#include "core/numfmt.h"
#include "core/progress.h"
#include "engine/compare.h"
#include "engine/indicator_def.h"
#include "report/layout.h"
#include "report/site.h"

static const char usage[] =
	"usage: buurtpeil publish --gemeente GM0000 [--gemeente ...] [--out DIR]\n"
	"                         [--indicators DIR] [--charts DIR] [--effects DIR] [--force]\n"
	"                         [--as-of YYYY-MM-DD] [--lang nl|en] [--jobs N]\n\n"
	"Write the published site for council members into DIR (default: out/site): an index\n"
	"with search, filters and a sortable table of every area, a page and an A4 PDF per\n"
	"wijk, buurt and custom area, a page per gemeente and its needs overview.  Static\n"
	"files only: open DIR/index.html from disk or put DIR on any web server.\n"
	"DIR is rebuilt whole: written beside it and swapped in when complete, so a\n"
	"failed run leaves the previous site, and files put into DIR by hand are removed.\n"
	"A folder that holds files but is not a site buurtpeil published (no .buurtpeil-site\n"
	"in it) is refused.\n"
	"  --force         replace DIR even so, with everything in it\n"
	"  --effects DIR   also publish the effect reports in DIR (from 'buurtpeil\n"
	"                  interventions report', e.g. out/interventions) as DIR/interventions,\n"
	"                  in the language they were written in ('interventions report --lang')\n"
	"  --as-of DATE    the site as the sources loaded by that date give it (computed apart,\n"
	"                  the current figures untouched); every page says \"Stand van DATE\"\n"
	"  --lang LANG     nl (default) or en: every page of the site and its PDFs in English,\n"
	"                  with <html lang=\"en\"> (README.md, \"English\")\n"
	"  --jobs N        write the area pages with N workers, each on a database connection of\n"
	"                  its own (default: one per online core; 1: one at a time)\n";

/* On a terminal a line per gemeente, as run's (pages and files so far, rate, time left). */
typedef struct publish_progress {
	const cli *c;
	const char *out;
	struct timespec t0;
} publish_progress;

static void gemeente_done(void *ctx, const char *gemeente, size_t done, size_t n, const bp_site_result *res)
{
	const publish_progress *p = ctx;
	char tail[256];
	bp_progress_gemeenten(tail, sizeof(tail), done, n, res->pages, res->files, "file", "files",
	                      cli_seconds_since(&p->t0));
	cli_info(p->c, "publish: %s/%s.html %s\n", p->out, gemeente, tail);
}

int cmd_publish(cli *c, int argc, char **argv)
{
	cli_report_args args = { .out = "out/site" };
	/* --force is publish's own: taken out before the options all reports share. */
	int force = 0, n_args = 0;
	for (int i = 0; i < argc; i++) {
		if (i > 0 && strcmp(argv[i], "--force") == 0)
			force = 1;
		else
			argv[n_args++] = argv[i];
	}
	argc = n_args;
	int usage_rc = cli_report_args_parse(c, argc, argv, usage, "publish", &args);
	if (usage_rc)
		return usage_rc;

	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	bp_layout layout;
	bp_error err = { 0 };
	bp_db db = { 0 };
	bp_site_result res;
	bp_asof asof = { 0 };
	PGconn *conn = NULL;
	int code = 0;
	/* The workers connect to the database conn reads: the scratch database of --as-of (opened below), else
	 * the live one. */
	publish_progress pp = { c, args.out, { 0, 0 } };
	clock_gettime(CLOCK_MONOTONIC, &pp.t0);
	const bp_site_options so = { force, bp_report_workers_for(args.as_of ? &asof.db : &db, args.jobs),
	                             isatty(STDERR_FILENO) ? gemeente_done : NULL, &pp };
	if (bp_indicators_load_dir(args.indicators, a, &set, &err) ||
	    bp_layout_load(args.charts, "gemeente", a, &layout, &err) ||
	    cli_open_db(c, &db, 1, &err) ||
	    cli_as_of(c, &db, &args, &set, a, &asof, &conn, &err) ||
	    bp_compare_require_current(conn, &err) ||
	    bp_site_publish_workers(conn, &set, &layout, args.gemeenten, args.n, args.out, args.effects, &so, args.lang,
	                            &res, &err)) {
		cli_print_error(&err);
		code = EXIT_JOB_FAILED;
	} else {
		printf("site written to %s: %ld %s for %ld %s, %ld other %s\n", args.out, res.pages,
		       BP_PL(res.pages, "page", "pages"), res.areas, BP_PL(res.areas, "area", "areas"), res.files,
		       BP_PL(res.files, "file", "files"));
	}
	bp_asof_close(&db, &asof);
	bp_db_close(&db);
	bp_arena_free(a);
	return code;
}
