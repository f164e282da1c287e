/* buurtpeil publish */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "core/arena.h"
#include "engine/indicator_def.h"
#include "report/layout.h"
#include "report/site.h"

static const char usage[] =
	"usage: buurtpeil publish --gemeente GM0000 [--gemeente ...] [--out DIR]\n"
	"                         [--indicators DIR] [--charts DIR]\n\n"
	"Write the published site for council members into DIR (default: out/site): an index\n"
	"with search, filters and a sortable table of every area, a page and an A4 PDF per\n"
	"wijk, buurt and custom area, a page per gemeente and its needs overview.  Static\n"
	"files only: open DIR/index.html from disk or put DIR on any web server.\n";

int cmd_publish(cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "gemeente", required_argument, NULL, 'g' },
		{ "out", required_argument, NULL, 'o' },
		{ "indicators", required_argument, NULL, 'i' },
		{ "charts", required_argument, NULL, 'c' },
		COMMON_LONG_OPTIONS, { 0 }
	};
	const char *gemeenten[256];
	size_t n = 0;
	const char *out = "out/site", *ind_dir = "indicators", *charts_dir = "charts";
	int o;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (o) {
		case 'g':
			if (n == 256)
				return cli_usage_error(usage, "at most 256 gemeenten per site");
			gemeenten[n++] = optarg;
			break;
		case 'o': out = optarg; break;
		case 'i': ind_dir = optarg; break;
		case 'c': charts_dir = optarg; break;
		default:
			if (!cli_common_option(c, o, usage))
				return cli_usage_error(usage, "unknown option");
		}
	}
	if (n == 0 || optind != argc)
		return cli_usage_error(usage, "publish needs at least one --gemeente");

	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	bp_layout layout;
	bp_error err = { 0 };
	bp_db db = { 0 };
	bp_site_result res;
	int code = 0;
	if (bp_indicators_load_dir(ind_dir, a, &set, &err) ||
	    bp_layout_load(charts_dir, "gemeente", a, &layout, &err) ||
	    cli_open_db(c, &db, 1, &err) ||
	    bp_site_publish(db.conn, &set, &layout, gemeenten, n, out, &res, &err)) {
		cli_print_error(&err);
		code = EXIT_JOB_FAILED;
	} else {
		printf("site written to %s: %ld page(s) for %ld area(s), %ld other file(s)\n", out, res.pages, res.areas,
		       res.files);
	}
	bp_db_close(&db);
	bp_arena_free(a);
	return code;
}
