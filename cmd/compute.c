/* buurtpeil compute */
#include <stdio.h>

#include "cmd.h"
#include "core/arena.h"
#include "core/numfmt.h"
#include "engine/custom_area.h"
#include "engine/pipeline.h"
#include "import/custom_overlay.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: buurtpeil compute [--indicators DIR] [--composites DIR] [--areas DIR]\n"
	"                         [--reference [GMxxxx=]CODE ...] [--similar-k N] [--force]\n\n"
	"Compute every indicator for every area and period.  Indicators whose definition\n"
	"and inputs did not change since the last computation are skipped, and so are\n"
	"indicators whose variables have no observations yet (with a note).\n\n"
	"  --indicators DIR  the definitions folder (default: indicators)\n"
	"  --areas DIR       custom areas (*.yaml) to store first; the database then holds\n"
	"                    exactly these (without it, stored custom areas stay as they are)\n"
	"  --composites DIR  composite indices (default: INDICATORS/composites; optional)\n"
	"  --reference [GMxxxx=]CODE  a custom reference area (a gemeente, custom area CU...,\n"
	"                    any area code) for every area, or for the areas of one gemeente;\n"
	"                    repeatable; given at all, the stored references are replaced\n"
	"  --similar-k N     similar areas per area (default 10; 0: none)\n"
	"  --force           recompute everything\n"
	"  --timings         print the wall time of each stage (for bench/compute.sh)\n\n"
	"Afterwards every value is compared with its references (gemeente, Nederland, wijk,\n"
	"previous period, similar areas, custom reference) in bp.indicator_comparison:\n"
	"differences, ranks, worst-decile flags.  Composite indices are computed after the\n"
	"indicators, with their ranks under alternative weightings ('buurtpeil composites').\n";

int cmd_compute(cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "indicators", required_argument, NULL, 'i' },
		{ "force", no_argument, NULL, 'f' },
		{ "areas", required_argument, NULL, 'a' },
		{ "composites", required_argument, NULL, 'c' },
		{ "reference", required_argument, NULL, 'r' },
		{ "similar-k", required_argument, NULL, 'k' },
		{ "timings", no_argument, NULL, 't' },
		COMMON_LONG_OPTIONS, { 0 }
	};
	const char *dir = "indicators", *areas = NULL, *comp_dir = NULL;
	const char *ref_scope[32], *ref_code[32];
	size_t n_refs = 0;
	int force = 0, timings = 0, o, similar_k = BP_SIMILAR_DEFAULT_K;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (o == 'i')
			dir = optarg;
		else if (o == 'f')
			force = 1;
		else if (o == 't')
			timings = 1;
		else if (o == 'a')
			areas = optarg;
		else if (o == 'c')
			comp_dir = optarg;
		else if (o == 'k') {
			char *end;
			long k = strtol(optarg, &end, 10);
			if (*end || k < 0 || k > 100)
				return cli_usage_error(usage, "--similar-k takes a number from 0 to 100");
			similar_k = (int)k;
		} else if (o == 'r') {
			if (n_refs == sizeof(ref_code) / sizeof(*ref_code))
				return cli_usage_error(usage, "too many --reference options");
			char *eq = strchr(optarg, '=');
			if (eq) {
				*eq = '\0';
				if (strlen(optarg) != 6 || strncmp(optarg, "GM", 2) != 0)
					return cli_usage_error(usage, "--reference GMxxxx=CODE: the scope is a gemeente code");
				ref_scope[n_refs] = optarg;
				ref_code[n_refs++] = eq + 1;
			} else {
				ref_scope[n_refs] = NULL;
				ref_code[n_refs++] = optarg;
			}
		}
		else if (!cli_common_option(c, o, usage))
			return cli_usage_error(usage, "unknown option");
	}
	if (optind != argc)
		return cli_usage_error(usage, "compute takes no arguments");

	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	bp_error err = { 0 };
	bp_db db = { 0 };
	bp_custom_area_set cas = { 0 };
	bp_custom_overlay_result ov = { 0 };
	bp_composite_set comps = { 0 };
	bp_pipeline_result pr;
	int code = 0;
	if (!comp_dir)
		comp_dir = bp_arena_printf(a, "%s/composites", dir);
	if (bp_indicators_load_dir(dir, a, &set, &err) ||
	    bp_composites_load_dir(comp_dir, a, &comps, &err) ||
	    bp_composites_resolve(&comps, &set, &err) ||
	    (areas && bp_custom_areas_load_dir(areas, a, &cas, &err)) ||
	    cli_open_db(c, &db, 1, &err) ||
	    (areas && bp_custom_areas_store(db.conn, &cas, &err)) ||
	    (areas && bp_custom_overlay_build(db.conn, 0, &ov, &err)) ||
	    (n_refs && bp_custom_references_store(db.conn, ref_scope, ref_code, n_refs, &err)))
		goto fail;
	bp_pipeline_input in = { &set, &comps, similar_k, force };
	if (cli_compute(&db, &in, &pr, &err))
		goto fail;
	const bp_compute_result *res = &pr.indicators;
	const bp_composite_result *cres = &pr.composites;
	for (int i = 0; i < res->n_skipped_ids; i++)
		fprintf(stderr, "buurtpeil: note: indicator %s skipped: its variables have no observations "
		        "(import the source first)\n", res->skipped_ids[i]);
	if (ov.polygons)
		printf("%ld drawn custom %s: %ld %s, %ld %s; %ld %s not covering a drawn area\n", ov.polygons,
		       BP_PL(ov.polygons, "area", "areas"), ov.overlays, BP_PL(ov.overlays, "overlay", "overlays"),
		       ov.shares, BP_PL(ov.shares, "share", "shares"), ov.uncovered, BP_PL(ov.uncovered, "level", "levels"));
	printf("%ld %s computed, %ld unchanged, %ld skipped; %ld %s (%ld without a published value)\n", res->computed,
	       BP_PL(res->computed, "indicator", "indicators"), res->unchanged, res->skipped, res->values,
	       BP_PL(res->values, "value", "values"), res->suppressed);
	for (int i = 0; i < cres->n_skipped_ids; i++)
		fprintf(stderr, "buurtpeil: note: composite %s skipped: none of its components has a value\n",
		        cres->skipped_ids[i]);
	printf("%ld composite %s computed (%ld with a simulation over the components' intervals), "
	       "%ld unchanged; %ld %s, %ld %s under alternative weightings ('buurtpeil composites')\n",
	       cres->computed, BP_PL(cres->computed, "index", "indices"), cres->simulated, cres->unchanged, cres->values,
	       BP_PL(cres->values, "value", "values"), cres->ranks, BP_PL(cres->ranks, "rank", "ranks"));
	if (pr.similar.unchanged)
		printf("similar areas unchanged\n");
	else
		printf("similar areas: %ld %s with up to %d each\n", pr.similar.areas,
		       BP_PL(pr.similar.areas, "area", "areas"), similar_k);
	printf("%ld %s%s, %ld in the worst decile of their distribution\n", pr.compare.rows,
	       BP_PL(pr.compare.rows, "comparison", "comparisons"), pr.compare.unchanged ? " unchanged" : "",
	       pr.compare.flagged);
	if (pr.translate.crosswalks > 0)
		printf("%ld %s translated through %ld %s ('omgerekend'), %ld without a value\n", pr.translate.values,
		       BP_PL(pr.translate.values, "value", "values"), pr.translate.crosswalks,
		       BP_PL(pr.translate.crosswalks, "crosswalk", "crosswalks"), pr.translate.suppressed);
	if (timings)
		fprintf(stderr, "buurtpeil: timings: indicators %.3f s, translation %.3f s, composites %.3f s, "
		        "similar areas %.3f s%s, compare %.3f s%s, indexes %.3f s; total %.3f s\n", pr.s_indicators,
		        pr.s_translate, pr.s_composites, pr.s_similar, pr.parallel ? " (beside them)" : "", pr.s_compare,
		        pr.parallel ? " (with the index builds)" : "", pr.s_indexes, pr.s_total);
	goto out;
fail:
	cli_print_error(&err);
	code = EXIT_JOB_FAILED;
out:
	bp_db_close(&db);
	bp_arena_free(a);
	return code;
}
