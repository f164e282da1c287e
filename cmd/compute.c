/* buurtpeil compute */
#include <stdio.h>

#include "cmd.h"
#include "core/arena.h"
#include "engine/compare.h"
#include "engine/compute.h"
#include "engine/custom_area.h"

static const char usage[] =
	"usage: buurtpeil compute [--indicators DIR] [--areas DIR] [--force]\n\n"
	"Compute every indicator for every area and period.  Indicators whose definition\n"
	"and inputs did not change since the last computation are skipped, and so are\n"
	"indicators whose variables have no observations yet (with a note).\n\n"
	"  --indicators DIR  the definitions folder (default: indicators)\n"
	"  --areas DIR       custom areas (*.yaml) to store first; the database then holds\n"
	"                    exactly these (without it, stored custom areas stay as they are)\n"
	"  --force           recompute everything\n\n"
	"Afterwards every value is compared with its references (gemeente, Nederland, wijk,\n"
	"previous period) in bp.indicator_comparison: differences, ranks, worst-decile flags.\n";

int cmd_compute(cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "indicators", required_argument, NULL, 'i' },
		{ "force", no_argument, NULL, 'f' },
		{ "areas", required_argument, NULL, 'a' },
		COMMON_LONG_OPTIONS, { 0 }
	};
	const char *dir = "indicators", *areas = NULL;
	int force = 0, o;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (o == 'i')
			dir = optarg;
		else if (o == 'f')
			force = 1;
		else if (o == 'a')
			areas = optarg;
		else if (!cli_common_option(c, o, usage))
			return cli_usage_error(usage, "unknown option");
	}
	if (optind != argc)
		return cli_usage_error(usage, "compute takes no arguments");

	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	bp_error err = { 0 };
	bp_db db = { 0 };
	bp_compute_result res;
	bp_compare_result cmp;
	bp_custom_area_set cas = { 0 };
	int code = 0;
	if (bp_indicators_load_dir(dir, a, &set, &err) ||
	    (areas && bp_custom_areas_load_dir(areas, a, &cas, &err)) ||
	    cli_open_db(c, &db, 1, &err) ||
	    (areas && bp_custom_areas_store(db.conn, &cas, &err)) ||
	    bp_compute_indicators(db.conn, &set, force, &res, &err) ||
	    bp_compare_indicators(db.conn, &cmp, &err)) {
		cli_print_error(&err);
		code = EXIT_JOB_FAILED;
	} else {
		for (int i = 0; i < res.n_skipped_ids; i++)
			fprintf(stderr, "buurtpeil: note: indicator %s skipped: its variables have no observations "
			        "(import the source first)\n", res.skipped_ids[i]);
		printf("%ld indicator(s) computed, %ld unchanged, %ld skipped; %ld values (%ld without a published value)\n",
		       res.computed, res.unchanged, res.skipped, res.values, res.suppressed);
		printf("%ld comparison(s), %ld in the worst decile nationwide\n", cmp.rows, cmp.flagged);
	}
	bp_db_close(&db);
	bp_arena_free(a);
	return code;
}
