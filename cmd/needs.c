/* buurtpeil needs --gemeente CODE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "engine/compare.h"
#include "core/arena.h"
#include "core/buf.h"
#include "engine/needs.h"

static const char usage[] =
	"usage: buurtpeil needs --gemeente CODE [--level wijk|buurt|custom] [--period P]\n"
	"                       [--relative R] [--percentile P] [--format text|csv]\n\n"
	"Per area of the gemeente the indicators markedly worse than the reference, grouped\n"
	"by theme, the theme with the most flags first; one line per area (text) or one row\n"
	"per area and indicator (csv).  Run 'buurtpeil compute' first.  Markedly worse, in\n"
	"the indicator's need direction (neutral indicators never are):\n"
	"  - percentile of need >= P (default 0.9: the worst decile) among the areas of\n"
	"    its level (all of Nederland where the data cover it, else the monitor's;\n"
	"    each line says which; ranked only among at least 10 areas with a value,\n"
	"    else the line says 'not ranked: too few areas'), or\n"
	"  - worse than the gemeente's own value by more than R of it (default 0.10,\n"
	"    10 % relative); for a value with a 95% interval: the whole interval lies on\n"
	"    the worse side of the gemeente's value.\n"
	"Indicators defined with role: context (distances, density) are never flagged.\n"
	"Each item shows its own period, 95% interval, change since its previous period\n"
	"(significant or not where both have an interval) and the gemeente's value.\n\n"
	"  --level L       wijk (default), buurt or custom\n"
	"  --period P      default: each indicator at its latest period with values (an\n"
	"                  indicator of another period than the newest shows its period)\n"
	"  --format F      text (default) or csv\n";

static int parse_fraction(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v > 0 && v <= 1))
		return -1;
	*out = v;
	return 0;
}

int cmd_needs(cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "gemeente", required_argument, NULL, 'g' },
		{ "level", required_argument, NULL, 'l' },
		{ "period", required_argument, NULL, 'p' },
		{ "relative", required_argument, NULL, 'r' },
		{ "percentile", required_argument, NULL, 'P' },
		{ "format", required_argument, NULL, 'F' },
		COMMON_LONG_OPTIONS, { 0 }
	};
	bp_needs_options no = { 0 };
	const char *format = "text";
	int o;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (o == 'g')
			no.gemeente = optarg;
		else if (o == 'l')
			no.level = optarg;
		else if (o == 'p')
			no.period = optarg;
		else if (o == 'r') {
			if (parse_fraction(optarg, &no.relative))
				return cli_usage_error(usage, "--relative wants a fraction above 0 and at most 1, e.g. 0.10");
		} else if (o == 'P') {
			if (parse_fraction(optarg, &no.percentile))
				return cli_usage_error(usage, "--percentile wants a fraction above 0 and at most 1, e.g. 0.9");
		} else if (o == 'F')
			format = optarg;
		else if (!cli_common_option(c, o, usage))
			return cli_usage_error(usage, "unknown option");
	}
	if (!no.gemeente || optind != argc)
		return cli_usage_error(usage, "needs wants --gemeente CODE and no arguments");
	if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0)
		return cli_usage_error(usage, "--format is text or csv, not '%s'", format);
	if (no.level && strcmp(no.level, "wijk") != 0 && strcmp(no.level, "buurt") != 0 &&
	    strcmp(no.level, "custom") != 0)
		return cli_usage_error(usage, "--level is wijk, buurt or custom, not '%s'", no.level);

	bp_arena *a = bp_arena_new();
	bp_error err = { 0 };
	bp_db db = { 0 };
	bp_needs_result res;
	bp_buf out;
	int code = 0;
	bp_buf_init(&out);
	if (cli_open_db(c, &db, 1, &err) || bp_compare_require_current(db.conn, &err) ||
	    bp_needs_query(db.conn, &no, a, &res, &err)) {
		cli_print_error(&err);
		code = EXIT_JOB_FAILED;
		goto done;
	}
	if (strcmp(format, "csv") == 0) {
		bp_needs_format_csv(&res, &out);
	} else {
		bp_buf_printf(&out, "needs %s %s, %s, period %s: percentile of need >= %.2f (among all of NL where "
		                    "the data cover it, else the monitor's areas; at least %d ranked), "
		                    "or more than %.0f %% worse than the gemeente (with an interval: all of it)\n",
		              no.gemeente, res.gemeente_name, res.level, res.period ? res.period : "(none)",
		              res.percentile, BP_COMPARE_MIN_DECILE_AREAS, res.relative * 100.0);
		bp_needs_format_text(&res, &out);
	}
	fwrite(out.data ? out.data : "", 1, out.len, stdout);
done:
	bp_buf_release(&out);
	bp_db_close(&db);
	bp_arena_free(a);
	return code;
}
