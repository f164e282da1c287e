/* buurtpeil runs [--last N]: the history of `buurtpeil run` (run/history.c) */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "core/arena.h"
#include "run/history.h"

static const char usage[] =
	"usage: buurtpeil runs [--last N]\n\n"
	"The recorded runs of 'buurtpeil run', newest first (default the last 10):\n"
	"when each started, how long it took, how it ended (ok, published with stale\n"
	"sources, failed, running, or interrupted when it was killed), the duration of\n"
	"each stage, and each source that was stale or failed with its error.\n";

int cmd_runs(cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "last", required_argument, NULL, 'n' }, COMMON_LONG_OPTIONS, { 0 }
	};
	long last = 10;
	int o;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (o == 'n') {
			char *end;
			last = strtol(optarg, &end, 10);
			if (*end || end == optarg || last < 1 || last > 100000)
				return cli_usage_error(usage, "--last takes a number from 1, not '%s'", optarg);
		} else if (!cli_common_option(c, o, usage)) {
			return cli_usage_error(usage, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage_error(usage, "runs takes no arguments");
	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	bp_db db = { 0 };
	const char *text;
	int code = 0;
	if (cli_open_db(c, &db, 1, &err) || bp_run_history_text(db.conn, (int)last, a, &text, &err)) {
		cli_print_error(&err);
		code = EXIT_JOB_FAILED;
	} else {
		fputs(text, stdout);
	}
	bp_db_close(&db);
	bp_arena_free(a);
	return code;
}
