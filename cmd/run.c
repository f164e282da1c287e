/* buurtpeil run --config FILE: the scheduled job */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "config/monitor.h"
#include "core/arena.h"
#include "engine/compare.h"
#include "engine/composite.h"
#include "engine/compute.h"
#include "engine/similar.h"
#include "engine/custom_area.h"
#include "engine/indicator_def.h"
#include "import/odata3.h"
#include "import/statline_csv.h"
#include "report/layout.h"
#include "report/report.h"

static const char usage[] =
	"usage: buurtpeil run --config FILE [--quiet]\n\n"
	"Carry out a monitor configuration: import its sources, compute the indicators\n"
	"and write the reports of its gemeenten.  Meant for cron and systemd timers:\n"
	"without a terminal it prints one summary line, errors go to stderr, and it\n"
	"exits 0 only when every step succeeded.\n";

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int cmd_run(cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' }, COMMON_LONG_OPTIONS, { 0 }
	};
	const char *config = NULL;
	int o;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (o == 'c')
			config = optarg;
		else if (!cli_common_option(c, o, usage))
			return cli_usage_error(usage, "unknown option");
	}
	if (!config || optind != argc)
		return cli_usage_error(usage, "run needs --config FILE");
	/* Unattended (cron, systemd): no progress chatter, only the summary. */
	if (!isatty(STDERR_FILENO))
		c->quiet = 1;

	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	bp_arena *a = bp_arena_new();
	bp_monitor_config cfg;
	bp_indicator_set set;
	bp_layout layout;
	bp_error err = { 0 };
	bp_db db = { 0 };
	bp_compute_result cres;
	bp_compare_result cmp;
	bp_report_result rres = { 0 };
	long loaded = 0, unchanged = 0;
	int code = 0;

	/* Everything that can be checked without the database is checked first. */
	if (bp_monitor_config_load(config, a, &cfg, &err) ||
	    bp_indicators_load_dir(cfg.indicators_dir, a, &set, &err) ||
	    bp_layout_load(cfg.charts_dir, "gemeente", a, &layout, &err))
		goto fail;
	cli_info(c, "run: %s (%zu gemeente(n), %zu source(s))\n", cfg.name, cfg.n_gemeenten, cfg.n_sources);
	if (cli_open_db(c, &db, 1, &err))
		goto fail;
	cli_info(c, "database: %s\n", db.description);

	for (size_t i = 0; i < cfg.n_sources; i++) {
		const bp_monitor_source *s = &cfg.sources[i];
		bp_import_result ir;
		const char *what = s->file;
		if (strcmp(s->type, "cbs") == 0) {
			bp_odata3_options oo = {
				.table_id = s->table, .base_url = s->base_url, .catalog = s->catalog,
				.gemeenten = cfg.gemeenten, .n_gemeenten = cfg.n_gemeenten,
				.where = s->where, .n_where = s->n_where,
			};
			what = s->table;
			if (bp_import_odata3(db.conn, &oo, &ir, &err))
				goto fail;
		} else {
			bp_statline_options so = { .path = s->file, .year = s->year };
			if (bp_import_statline_csv(db.conn, &so, &ir, &err))
				goto fail;
		}
		if (ir.already_loaded) {
			unchanged++;
			cli_info(c, "import: %s already loaded\n", what);
		} else {
			loaded++;
			cli_info(c, "import: %s: %ld areas, %ld observations\n", what, ir.areas, ir.observations);
		}
	}
	if (cfg.areas_dir) {
		bp_custom_area_set areas;
		if (bp_custom_areas_load_dir(cfg.areas_dir, a, &areas, &err) ||
		    bp_custom_areas_store(db.conn, &areas, &err))
			goto fail;
		cli_info(c, "areas: %zu custom area(s)\n", areas.n);
	}
	if (bp_compute_indicators(db.conn, &set, 0, &cres, &err))
		goto fail;
	cli_info(c, "compute: %ld computed, %ld unchanged, %ld without data\n",
	         cres.computed, cres.unchanged, cres.skipped);
	for (int i = 0; i < cres.n_skipped_ids; i++)
		cli_info(c, "compute: %s skipped: its source is not loaded\n", cres.skipped_ids[i]);
	{
		/* Composite indices (INDICATORS/composites, optional) and similar areas, before comparing. */
		bp_composite_set comps;
		bp_composite_result kres;
		bp_similar_result sres;
		if (bp_composites_load_dir(bp_arena_printf(a, "%s/composites", cfg.indicators_dir), a, &comps, &err) ||
		    bp_composites_resolve(&comps, &set, &err) ||
		    bp_compute_composites(db.conn, &comps, &kres, &err) ||
		    bp_similar_areas_build(db.conn, BP_SIMILAR_DEFAULT_K, 0, &sres, &err))
			goto fail;
		cli_info(c, "composites: %ld computed, %ld without data\n", kres.computed, kres.skipped);
	}
	if (bp_compare_indicators(db.conn, &cmp, &err))
		goto fail;
	cli_info(c, "compare: %ld comparison(s), %ld in the worst decile\n", cmp.rows, cmp.flagged);

	bp_report_options ro = { .output_dir = cfg.output_dir, .indicators = &set, .layout = &layout };
	for (size_t i = 0; i < cfg.n_gemeenten; i++) {
		if (bp_report_gemeente(db.conn, &ro, cfg.gemeenten[i], &rres, &err))
			goto fail;
		cli_info(c, "report: %s/%s.html\n", cfg.output_dir, cfg.gemeenten[i]);
	}
	if (bp_report_index(db.conn, &ro, cfg.gemeenten, cfg.n_gemeenten, &rres, &err))
		goto fail;

	char *shown = realpath(cfg.output_dir, NULL);
	printf("buurtpeil run %s: ok; %ld source(s) loaded, %ld unchanged; %zu indicator(s), %ld without data; "
	       "%ld page(s) and %ld chart(s) in %s (%.1f s)\n",
	       cfg.name, loaded, unchanged, set.n, cres.skipped, rres.pages, rres.charts, shown ? shown : cfg.output_dir,
	       seconds_since(&t0));
	free(shown);
	goto done;
fail:
	cli_print_error(&err);
	fprintf(stderr, "buurtpeil run %s: FAILED after %.1f s\n", config, seconds_since(&t0));
	code = EXIT_JOB_FAILED;
done:
	bp_db_close(&db);
	bp_arena_free(a);
	return code;
}
