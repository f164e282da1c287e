/* buurtpeil run --config FILE: the scheduled job */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "config/monitor.h"
#include "core/arena.h"
#include "core/fsutil.h"
#include "engine/custom_area.h"
#include "engine/indicator_def.h"
#include "engine/intervention.h"
#include "engine/pipeline.h"
#include "import/cbsdump.h"
#include "import/geojson.h"
#include "import/experiences.h"
#include "import/json_records.h"
#include "import/kwb_csv.h"
#include "import/odata3.h"
#include "import/statline_csv.h"
#include "import/survey.h"
#include "import/survey_results.h"
#include "report/effect_report.h"
#include "report/layout.h"
#include "report/needs_report.h"
#include "report/pdf_profile.h"
#include "report/report.h"
#include "report/site.h"

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

/*
 * One source through the importer 'buurtpeil import' uses for it, with the
 * same options; each importer skips bytes it loaded before, so a re-run is a
 * no-op source by source: *unchanged says the importer found these bytes loaded.
 */
static bp_rc import_source(cli *c, PGconn *conn, const bp_monitor_config *cfg,
                           const bp_monitor_source *s, int *unchanged, bp_error *err)
{
	bp_rc rc;
	const char *what = s->file;
	long n1 = 0, n2 = 0;
	const char *unit1 = "areas", *unit2 = "observations";
	int already = 0, synthetic = 0;

	if (strcmp(s->type, "cbs") == 0 || strcmp(s->type, "cbs-dump") == 0 ||
	    strcmp(s->type, "statline-csv") == 0) {
		bp_import_result ir;
		if (strcmp(s->type, "cbs") == 0) {
			bp_odata3_options oo = {
				.table_id = s->table, .base_url = s->base_url, .catalog = s->catalog,
				/* The whole country unless asked otherwise: a percentile or flag
				 * is only national over all of Nederland (issue 16); the reports
				 * still cover the configured gemeenten only. */
				.gemeenten = s->national ? NULL : cfg->gemeenten,
				.n_gemeenten = s->national ? 0 : cfg->n_gemeenten,
				.where = s->where, .n_where = s->n_where,
			};
			what = s->table;
			rc = bp_import_odata3(conn, &oo, &ir, err);
		} else if (strcmp(s->type, "cbs-dump") == 0) {
			what = s->dir;
			rc = bp_import_cbs_dump(conn, s->dir, &ir, err);
		} else {
			bp_statline_options so = { .path = s->file, .year = s->year };
			rc = bp_import_statline_csv(conn, &so, &ir, err);
		}
		if (rc)
			return rc;
		already = ir.already_loaded;
		n1 = ir.areas;
		n2 = ir.observations;
	} else if (strcmp(s->type, "kwb-csv") == 0) {
		bp_kwb_skip skips[BP_KWB_MAX_SKIPS];
		bp_kwb_csv_result kr;
		bp_kwb_csv_options ko = { .path = s->file, .mapping = s->mapping, .year = s->year,
		                          .skip = skips, .n_skip = s->n_skip };
		for (size_t i = 0; i < ko.n_skip; i++)
			bp_kwb_skip_parse(s->skip[i], &skips[i]);   /* checked by the configuration parser, count too */
		bp_arena *ka = bp_arena_new();
		rc = bp_import_kwb_csv(conn, &ko, ka, &kr, err);
		bp_arena_free(ka);
		if (rc)
			return rc;
		already = kr.base.already_loaded;
		n1 = kr.base.areas;
		n2 = kr.base.observations;
	} else if (strcmp(s->type, "geojson") == 0) {
		bp_geojson_options go = { .path = s->file, .year = s->year, .level = s->level,
		                          .tolerance = s->tolerance, .crs = s->crs };
		bp_geojson_result gr;
		if ((rc = bp_import_geojson(conn, &go, &gr, err)))
			return rc;
		already = gr.already_loaded;
		n1 = gr.stored;
		unit1 = "borders";
		unit2 = NULL;
	} else if (strcmp(s->type, "json") == 0) {
		bp_json_options jo = { .path = s->file, .mapping_path = s->mapping };
		bp_import_result ir;
		if ((rc = bp_import_json_records(conn, &jo, &ir, err)))
			return rc;
		already = ir.already_loaded;
		n1 = ir.areas;
		n2 = ir.observations;
	} else if (strcmp(s->type, "survey") == 0) {
		bp_survey_options so = { .path = s->file, .mapping_path = s->mapping };
		bp_survey_result sr;
		if ((rc = bp_import_survey(conn, &so, &sr, err)))
			return rc;
		already = sr.already_loaded;
		synthetic = sr.synthetic;
		n1 = sr.respondents;
		n2 = sr.answers;
		unit1 = "respondents";
		unit2 = "answers";
	} else {
		bp_survey_results_options ro = { .path = s->file, .mapping_path = s->mapping };
		bp_survey_results_result rr;
		if ((rc = bp_import_survey_results(conn, &ro, &rr, err)))
			return rc;
		already = rr.already_loaded;
		n1 = rr.observations;
		unit1 = "observations";
		unit2 = NULL;
	}
	*unchanged = already;
	const char *syn = synthetic ? " [SYNTHETIC data]" : "";
	if (already)
		cli_info(c, "import: %s already loaded%s\n", what, syn);
	else if (unit2)
		cli_info(c, "import: %s: %ld %s, %ld %s%s\n", what, n1, unit1, n2, unit2, syn);
	else
		cli_info(c, "import: %s: %ld %s%s\n", what, n1, unit1, syn);
	return BP_OK;
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
	bp_composite_set comps;
	bp_pipeline_result pr;
	bp_report_result rres = { 0 };
	bp_intervention_set ivs = { 0 };
	bp_effect_report_result eres = { 0 };
	bp_effect_options eff_opt;
	long n_effects = 0;
	bp_effect_options_default(&eff_opt);
	long loaded = 0, unchanged = 0;
	int code = 0;

	/* Everything that can be checked without the database is checked first. */
	if (bp_monitor_config_load(config, a, &cfg, &err) ||
	    bp_indicators_load_dir(cfg.indicators_dir, a, &set, &err) ||
	    bp_composites_load_dir(bp_arena_printf(a, "%s/composites", cfg.indicators_dir), a, &comps, &err) ||
	    bp_composites_resolve(&comps, &set, &err) ||
	    bp_layout_load(cfg.charts_dir, "gemeente", a, &layout, &err) ||
	    (cfg.interventions_dir && (bp_interventions_load_dir(cfg.interventions_dir, a, &ivs, &err) ||
	                               bp_interventions_check_refs(&ivs, &set, NULL, &err))))
		goto fail;
	cli_info(c, "run: %s (%zu gemeente(n), %zu source(s))\n", cfg.name, cfg.n_gemeenten, cfg.n_sources);
	if (cli_open_db(c, &db, 1, &err))
		goto fail;
	cli_info(c, "database: %s\n", db.description);

	for (size_t i = 0; i < cfg.n_sources; i++) {
		const bp_monitor_source *s = &cfg.sources[i];
		int same = 0;
		if (strcmp(s->type, "experiences") == 0)
			continue;   /* after the custom areas, below: experiences may be about one */
		if (import_source(c, db.conn, &cfg, s, &same, &err)) {
			/* Which entry of the configuration failed, when the importer named its own file. */
			if (!err.detail[0])
				bp_error_detail(&err, "source of type %s at %s:%ld:%ld", s->type, s->loc.file,
				                s->loc.line, s->loc.column);
			goto fail;
		}
		if (same)
			unchanged++;
		else
			loaded++;
	}
	if (cfg.areas_dir) {
		bp_custom_area_set areas;
		if (bp_custom_areas_load_dir(cfg.areas_dir, a, &areas, &err) ||
		    bp_custom_areas_store(db.conn, &areas, &err))
			goto fail;
		cli_info(c, "areas: %zu custom area(s)\n", areas.n);
	}
	for (size_t i = 0; i < cfg.n_sources; i++) {
		bp_experiences_options eo = { .path = cfg.sources[i].file };
		bp_experiences_result er;
		if (strcmp(cfg.sources[i].type, "experiences") != 0)
			continue;
		if (bp_import_experiences(db.conn, &eo, a, &er, &err))
			goto fail;
		if (er.already_loaded)
			unchanged++;
		else
			loaded++;
		cli_info(c, "import: %s: %ld experiences (%ld with consent)%s\n", eo.path, er.loaded, er.consented,
		         er.already_loaded ? ", already loaded" : "");
	}
	if (cfg.references_given &&
	    bp_custom_references_store(db.conn, cfg.ref_scopes, cfg.ref_codes, cfg.n_references, &err))
		goto fail;
	bp_pipeline_input in = { &set, &comps, cfg.similar_k, 0 };
	if (cli_compute(&db, &in, &pr, &err))
		goto fail;
	cli_info(c, "compute: %ld computed, %ld unchanged, %ld without data\n",
	         pr.indicators.computed, pr.indicators.unchanged, pr.indicators.skipped);
	for (int i = 0; i < pr.indicators.n_skipped_ids; i++)
		cli_info(c, "compute: %s skipped: its source is not loaded\n", pr.indicators.skipped_ids[i]);
	cli_info(c, "composites: %ld computed, %ld without data\n", pr.composites.computed, pr.composites.skipped);
	cli_info(c, "compare: %ld comparison(s), %ld in the worst decile\n", pr.compare.rows, pr.compare.flagged);

	/* The effect estimates are stored while this session may still write. */
	if (cfg.interventions_dir && bp_effects_store_all(db.conn, &ivs, &eff_opt, &n_effects, &err))
		goto fail;
	/* Reports as buurtpeil_publish: they can read survey aggregates, never microdata. */
	if (bp_db_publish_role(db.conn, &err))
		goto fail;
	bp_report_options ro = { .output_dir = cfg.output_dir, .indicators = &set, .layout = &layout,
	                         .effects_href = cfg.interventions_dir ? "interventions/index.html" : NULL };
	for (size_t i = 0; i < cfg.n_gemeenten; i++) {
		if (bp_report_gemeente(db.conn, &ro, cfg.gemeenten[i], &rres, &err) ||
		    (cfg.want_pdf && bp_report_pdfs(db.conn, &ro, cfg.gemeenten[i], &rres, &err)) ||
		    (cfg.want_needs && bp_report_needs(db.conn, &ro, cfg.gemeenten[i], &rres, &err)))
			goto fail;
		cli_info(c, "report: %s/%s.html\n", cfg.output_dir, cfg.gemeenten[i]);
	}
	if (bp_report_index(db.conn, &ro, cfg.gemeenten, cfg.n_gemeenten, &rres, &err))
		goto fail;
	/* Effect reports are the workgroup's: OUT/interventions/; the site (OUT/site/interventions/)
	 * gets a copy only with publish_effects. */
	const char *published_effects = NULL;
	if (cfg.interventions_dir) {
		bp_effect_report_options eo = { .dir = bp_path_join(a, cfg.output_dir, "interventions"),
		                                .indicators = &set, .interventions = &ivs, .effect = &eff_opt,
		                                .read_only = 1 };
		if (bp_report_interventions(db.conn, &eo, &eres, &err))
			goto fail;
		cli_info(c, "interventions: %ld effect report(s), %ld estimate(s) in %s\n", eres.reports,
		         eres.estimates, eo.dir);
		if (cfg.publish_effects)
			published_effects = eo.dir;
	}
	if (cfg.want_site) {
		bp_site_result sres;
		const char *site = bp_path_join(a, cfg.output_dir, "site");
		if (bp_site_publish(db.conn, &set, &layout, cfg.gemeenten, cfg.n_gemeenten, site, published_effects,
		                    &sres, &err))
			goto fail;
		rres.pages += sres.pages;
		cli_info(c, "publish: %s/index.html (%ld areas)\n", site, sres.areas);
	}

	char *shown = realpath(cfg.output_dir, NULL);
	printf("buurtpeil run %s: ok; %ld source(s) loaded, %ld unchanged; %zu indicator(s), %ld without data; "
	       "%ld page(s) and %ld chart(s) in %s (%.1f s)\n",
	       cfg.name, loaded, unchanged, set.n, pr.indicators.skipped, rres.pages, rres.charts, shown ? shown : cfg.output_dir,
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
