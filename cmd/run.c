/* buurtpeil run --config FILE: the scheduled job (the stages are run/monitor_run.c's) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "core/arena.h"
#include "core/numfmt.h"
#include "run/monitor_run.h"

static const char usage[] =
	"usage: buurtpeil run --config FILE [--full] [--digest-to DIR] [--lang nl|en] [--jobs N] [--quiet]\n"
	"       buurtpeil run --config FILE --as-of YYYY-MM-DD [--lang nl|en] [--quiet]\n\n"
	"Carry out a monitor configuration: import its sources, compute the indicators\n"
	"and write the reports of its gemeenten.  Meant for cron and systemd timers:\n"
	"without a terminal it prints one summary line, errors go to stderr.\n\n"
	"A source that fails (an outage, a file that fails validation) after an earlier\n"
	"run loaded it does not stop the run: its earlier figures stay, marked stale in\n"
	"every citation, and the run exits 3.  'mandatory: true' on a source makes its\n"
	"failure fail the run.  A second run of the same monitor is refused.\n\n"
	"Exit status: 0 published, every source fresh; 3 published with stale sources;\n"
	"1 failed; 2 wrong usage.  'buurtpeil runs' shows the history.\n\n"
	"Each run writes per gemeente what changed since the previous published run,\n"
	"GMxxxx-wijzigingen.txt and .html, into the output folder or --digest-to DIR;\n"
	"'on_change: [command, args]' in the configuration runs that command with the\n"
	"digest's path added, for each gemeente whose digest lists a change.\n\n"
	"Incremental: only outputs whose inputs changed (figures, comparisons, sources\n"
	"and their stale marks, definitions, layouts, experiences, this program) are\n"
	"rendered; the other files are not touched.  --full renders everything again\n"
	"(after upgrading Cairo, Pango or the fonts, which the check does not see).\n\n"
	"--as-of DATE: the monitor's outputs as the sources loaded by that date give\n"
	"them, written whole into OUTPUT/stand-DATE (the live output and site are not\n"
	"touched); every page says \"Stand van DATE\".  Nothing is fetched or stored and\n"
	"no digest is written, so --digest-to does not go with it; the run is not in\n"
	"'buurtpeil runs'.\n\n"
	"--lang nl|en overrides the configuration's 'lang:' (default nl): every page, PDF\n"
	"and digest in that language (README.md, \"English\").\n\n"
	"--jobs N overrides the configuration's 'jobs:' (default: one per online core):\n"
	"how many workers write the site's pages and charts.  The files are the same\n"
	"for any N.\n";

static void progress(void *ctx, const bp_monitor_event *ev)
{
	cli_info(ctx, "%s\n", ev->text);
	/* A source kept stale is a warning even unattended: the journal must say why. */
	if (ev->error)
		fprintf(stderr, "buurtpeil: warning: %s\n%s\n", ev->text, ev->error);
}

int cmd_run(cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' }, { "digest-to", required_argument, NULL, 'd' },
		{ "full", no_argument, NULL, 'F' }, { "as-of", required_argument, NULL, 'a' },
		{ "lang", required_argument, NULL, 'l' }, { "jobs", required_argument, NULL, 'j' }, COMMON_LONG_OPTIONS,
		{ 0 }
	};
	const char *config = NULL, *digest_to = NULL, *as_of = NULL, *lang = NULL;
	int o, full = 0, jobs = 0;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (o == 'c')
			config = optarg;
		else if (o == 'd')
			digest_to = optarg;
		else if (o == 'F')
			full = 1;
		else if (o == 'a')
			as_of = optarg;
		else if (o == 'l')
			lang = optarg;
		else if (o == 'j') {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 1 || v > 256)
				return cli_usage_error(usage, "--jobs takes a number of workers from 1 to 256");
			jobs = (int)v;
		} else if (!cli_common_option(c, o, usage))
			return cli_usage_error(usage, "unknown option");
	}
	if (!config || optind != argc)
		return cli_usage_error(usage, "run needs --config FILE");
	if (as_of && !bp_asof_date_shaped(as_of))
		return cli_usage_error(usage, "--as-of takes a date written YYYY-MM-DD, e.g. 2026-03-15");
	/* An as-of run fetches nothing and has no previous run to compare with: a digest would say nothing
	 * true.  (--full is what it does anyway.) */
	if (as_of && digest_to)
		return cli_usage_error(usage, "--digest-to does not go with --as-of: a run as of a date writes no digest");
	/* Unattended (cron, systemd): no progress chatter, only the summary. */
	if (!isatty(STDERR_FILENO))
		c->quiet = 1;

	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	bp_arena *a = bp_arena_new();
	bp_monitor m;
	bp_monitor_result res;
	bp_error err = { 0 };
	bp_db db = { 0 };
	int code = 0;

	/* Everything that can be checked without the database is checked first. */
	if (bp_monitor_load(config, a, &m, &err))
		goto fail;
	if (lang && bp_lang_parse(lang, &m.cfg.lang, &err)) {
		bp_arena_free(a);
		return cli_usage_error(usage, "%s", err.message);
	}
	m.digest_dir = digest_to;
	m.full = full;
	if (jobs)
		m.cfg.jobs = jobs;
	if (m.cfg.all_gemeenten)
		cli_info(c, "run: %s (all gemeenten, %zu %s)\n", m.cfg.name, m.cfg.n_sources,
		         BP_PL(m.cfg.n_sources, "source", "sources"));
	else
		cli_info(c, "run: %s (%zu %s, %zu %s)\n", m.cfg.name, m.cfg.n_gemeenten,
		         BP_PL(m.cfg.n_gemeenten, "gemeente", "gemeenten"), m.cfg.n_sources,
		         BP_PL(m.cfg.n_sources, "source", "sources"));
	if (cli_open_db(c, &db, 1, &err))
		goto fail;
	cli_info(c, "database: %s\n", db.description);
	if (as_of) {
		if (bp_monitor_run_as_of(&db, &m, as_of, progress, c, a, &res, &err))
			goto fail;
		printf("buurtpeil run %s as of %s: ok; %ld %s current then, nothing fetched; %zu %s, %ld without data; "
		       "%ld %s and %ld %s in %s (the live output untouched) (%.1f s)\n",
		       m.cfg.name, as_of, res.sources_then, BP_PL(res.sources_then, "source", "sources"), m.indicators.n,
		       BP_PL(m.indicators.n, "indicator", "indicators"), res.pipeline.indicators.skipped, res.pages,
		       BP_PL(res.pages, "page", "pages"), res.charts, BP_PL(res.charts, "chart", "charts"),
		       bp_monitor_as_of_dir(&m, as_of, a), cli_seconds_since(&t0));
		goto done;
	}
	if (bp_monitor_run(&db, &m, progress, c, a, &res, &err))
		goto fail;

	char *shown = realpath(m.cfg.output_dir, NULL);
	char stale[64] = "";
	if (res.stale)
		snprintf(stale, sizeof(stale), ", %ld stale", res.stale);
	printf("buurtpeil run %s: %s; %ld %s loaded, %ld unchanged%s; %zu %s, %ld without data; "
	       "%ld %s and %ld %s in %s, %ld output %s unchanged (%.1f s; run %ld)\n",
	       m.cfg.name, res.stale ? "published with stale sources" : "ok", res.loaded,
	       BP_PL(res.loaded, "source", "sources"), res.unchanged, stale, m.indicators.n,
	       BP_PL(m.indicators.n, "indicator", "indicators"), res.pipeline.indicators.skipped, res.pages,
	       BP_PL(res.pages, "page", "pages"), res.charts, BP_PL(res.charts, "chart", "charts"),
	       shown ? shown : m.cfg.output_dir, res.kept, BP_PL(res.kept, "group", "groups"), cli_seconds_since(&t0),
	       res.run_id);
	free(shown);
	code = res.stale ? EXIT_STALE : 0;
	goto done;
fail:
	cli_print_error(&err);
	fprintf(stderr, "buurtpeil run %s: FAILED after %.1f s\n", config, cli_seconds_since(&t0));
	code = EXIT_JOB_FAILED;
done:
	bp_db_close(&db);
	bp_arena_free(a);
	return code;
}
