/* buurtpeil composites --gemeente CODE */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "core/buf.h"
#include "engine/compare.h"
#include "engine/composite.h"

static const char usage[] =
	"usage: buurtpeil composites --gemeente CODE [--level wijk|buurt|gemeente|custom]\n\n"
	"The composite indices (indicators/composites/*.yaml) as 'buurtpeil compute' stored\n"
	"them, latest period: how stable the ranks are under alternative weightings (equal\n"
	"weights, each component left out: median and maximum absolute rank shift, rank\n"
	"correlation), and per area of the gemeente its value, rank (1 = most need), the\n"
	"range of its ranks over those weightings and, where the components carry\n"
	"intervals, the 95% interval of its rank from the simulation.\n\n"
	"  --level L   wijk (default), buurt, gemeente or custom\n";

int cmd_composites(cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "gemeente", required_argument, NULL, 'g' },
		{ "level", required_argument, NULL, 'l' },
		COMMON_LONG_OPTIONS, { 0 }
	};
	const char *gemeente = NULL, *level = "wijk";
	int o;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (o == 'g')
			gemeente = optarg;
		else if (o == 'l')
			level = optarg;
		else if (!cli_common_option(c, o, usage))
			return cli_usage_error(usage, "unknown option");
	}
	if (optind != argc || !gemeente)
		return cli_usage_error(usage, "composites needs --gemeente CODE and no arguments");
	if (strcmp(level, "wijk") && strcmp(level, "buurt") && strcmp(level, "gemeente") && strcmp(level, "custom"))
		return cli_usage_error(usage, "--level is wijk, buurt, gemeente or custom");
	bp_error err = { 0 };
	bp_db db = { 0 };
	bp_buf out;
	int code = 0;
	bp_buf_init(&out);
	if (cli_open_db(c, &db, 1, &err) || bp_compare_require_current(db.conn, &err) ||
	    bp_composites_report(db.conn, gemeente, level, &out, &err)) {
		cli_print_error(&err);
		code = EXIT_JOB_FAILED;
	} else {
		fwrite(out.data ? out.data : "", 1, out.len, stdout);
	}
	bp_buf_release(&out);
	bp_db_close(&db);
	return code;
}
