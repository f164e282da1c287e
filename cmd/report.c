/* buurtpeil report */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "core/arena.h"
#include "engine/indicator_def.h"
#include "report/layout.h"
#include "report/needs_report.h"
#include "report/pdf_profile.h"
#include "report/report.h"

static const char usage[] =
	"usage: buurtpeil report --gemeente GM0000 [--gemeente ...] [--out DIR]\n"
	"                        [--indicators DIR] [--charts DIR]\n\n"
	"Write an HTML page and an A4 PDF overview per gemeente (its wijken, with charts and\n"
	"tables), an A4 PDF profile per wijk, buurt and custom area, the needs overview\n"
	"(GM0000-behoeften.html and .pdf) and an index\n"
	"into DIR (default: out), following the layout charts/gemeente.yaml.\n";

int cmd_report(cli *c, int argc, char **argv)
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
	const char *out = "out", *ind_dir = "indicators", *charts_dir = "charts";
	int o;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (o) {
		case 'g':
			if (n == 256)
				return cli_usage_error(usage, "at most 256 gemeenten per report run");
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
		return cli_usage_error(usage, "report needs at least one --gemeente");

	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	bp_layout layout;
	bp_error err = { 0 };
	bp_db db = { 0 };
	bp_report_result res = { 0 };
	int code = 0;
	if (bp_indicators_load_dir(ind_dir, a, &set, &err) ||
	    bp_layout_load(charts_dir, "gemeente", a, &layout, &err) ||
	    cli_open_db(c, &db, 1, &err))
		goto fail;
	bp_report_options ro = { .output_dir = out, .indicators = &set, .layout = &layout };
	for (size_t i = 0; i < n; i++)
		if (bp_report_gemeente(db.conn, &ro, gemeenten[i], &res, &err) ||
		    bp_report_pdfs(db.conn, &ro, gemeenten[i], &res, &err) ||
		    bp_report_needs(db.conn, &ro, gemeenten[i], &res, &err))
			goto fail;
	if (bp_report_index(db.conn, &ro, gemeenten, n, &res, &err))
		goto fail;
	printf("%ld page(s) and %ld chart(s) written to %s\n", res.pages, res.charts, out);
	goto done;
fail:
	cli_print_error(&err);
	code = EXIT_JOB_FAILED;
done:
	bp_db_close(&db);
	bp_arena_free(a);
	return code;
}
