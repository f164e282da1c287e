/*
 * buurtpeil: neighbourhood needs-monitoring.  One binary, git-style
 * subcommands; each lives in its own file and only parses options, calls
 * lib/ and prints.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/malloctune.h"
#include "bp_version.h"
#include "cmd.h"

static const command commands[] = {
	{ "run",        cmd_run,        "carry out a monitor configuration: import, compute, report" },
	{ "runs",       cmd_runs,       "the history of runs: when, how long, which sources were stale or failed" },
	{ "import",     cmd_import,     "load a source (cbs, statline-csv, kwb-csv, json, geojson, survey, ...)" },
	{ "indicators", cmd_indicators, "check or list the indicator definitions" },
	{ "interventions", cmd_interventions, "interventions: list, check, effects against comparable areas" },
	{ "crosswalk",  cmd_crosswalk,  "shares of the areas of one indeling in those of another" },
	{ "compute",    cmd_compute,    "compute indicator values for every area and period" },
	{ "composites", cmd_composites, "composite indices of a gemeente's areas and their rank stability" },
	{ "needs",      cmd_needs,      "per area of a gemeente the indicators markedly worse than the reference" },
	{ "render",     cmd_render,     "draw one chart (PNG, SVG or PDF)" },
	{ "report",     cmd_report,     "write the HTML and PDF reports of gemeenten" },
	{ "publish",    cmd_publish,    "write the static site for council members" },
	{ "serve",      cmd_serve,      "answer the read-only HTTP API (/api/v1/)" },
	{ "db",         cmd_db,         "the database: status, start, stop, psql, migrate" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: buurtpeil [--state-dir DIR | --db CONNINFO] [-q] COMMAND [options]\n\n"
	           "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(f, "  %-13s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'buurtpeil COMMAND --help' tells more about a command.\n"
	           "Database: --db CONNINFO, DATABASE_URL or PG* variables name a server; without them\n"
	           "buurtpeil runs its own PostgreSQL cluster in --state-dir (default $BUURTPEIL_STATE,\n"
	           "/var/lib/buurtpeil for root, else $XDG_STATE_HOME/buurtpeil).\n");
}

/*
 * A command whose output did not all reach standard output failed, whatever
 * it returns: `buurtpeil needs GM0828 > needs.csv` on a full disk must not
 * exit 0 with half a file (as coreutils' close_stdout).  The commands print
 * with stdio and check no single printf; the error stays on the stream.
 */
static int stdout_written(int rc)
{
	int flushed = fflush(stdout) == 0;
	if (flushed && !ferror(stdout))
		return rc;
	fprintf(stderr, "buurtpeil: cannot write standard output%s%s\n", flushed ? "" : ": ",
	        flushed ? "" : strerror(errno));
	return rc ? rc : EXIT_JOB_FAILED;
}

int main(int argc, char **argv)
{
	cli c = { 0 };
	int i = 1;

	bp_malloc_tune();

	/* Options before the command; every command also accepts them itself. */
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			printf("buurtpeil %s\n", BP_VERSION);
			return stdout_written(0);
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return stdout_written(0);
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			c.quiet = 1;
		} else if ((strcmp(a, "--db") == 0 || strcmp(a, "--state-dir") == 0) && i + 1 < argc) {
			if (a[2] == 'd')
				c.db.conninfo = argv[++i];
			else
				c.db.state_dir = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			c.db.conninfo = a + 5;
		} else if (strncmp(a, "--state-dir=", 12) == 0) {
			c.db.state_dir = a + 12;
		} else {
			fprintf(stderr, "buurtpeil: unknown option '%s'\n\n", a);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (size_t k = 0; k < sizeof(commands) / sizeof(*commands); k++) {
		if (strcmp(argv[i], commands[k].name) == 0) {
			optind = 1;  /* each command parses its own argv with getopt_long */
			return stdout_written(commands[k].fn(&c, argc - i, argv + i));
		}
	}
	fprintf(stderr, "buurtpeil: '%s' is not a command\n\n", argv[i]);
	usage(stderr);
	return EXIT_USAGE;
}
