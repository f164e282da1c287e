/* buurtpeil indicators check|list */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "core/arena.h"
#include "core/numfmt.h"
#include "engine/composite.h"
#include "engine/custom_area.h"
#include "engine/indicator_def.h"

static const char usage[] =
	"usage: buurtpeil indicators check|list [--dir DIR]\n\n"
	"  check   read every definition in DIR and report the first error with its location\n"
	"  list    list the definitions\n"
	"  --dir DIR   the definitions folder (default: indicators)\n"
	"  --areas DIR check (or list) the custom areas (*.yaml) in DIR too\n"
	"Composite indices in DIR/composites (*.yaml) are checked and listed as well.\n";

int cmd_indicators(cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' }, { "areas", required_argument, NULL, 'a' },
		COMMON_LONG_OPTIONS, { 0 }
	};
	const char *dir = "indicators", *areas = NULL;
	int o;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (o == 'd')
			dir = optarg;
		else if (o == 'a')
			areas = optarg;
		else if (!cli_common_option(c, o, usage))
			return cli_usage_error(usage, "unknown option");
	}
	if (argc - optind != 1 || (strcmp(argv[optind], "check") != 0 && strcmp(argv[optind], "list") != 0))
		return cli_usage_error(usage, "indicators needs 'check' or 'list'");

	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	bp_custom_area_set cas = { 0 };
	bp_composite_set comps = { 0 };
	bp_error err = { 0 };
	int code = 0;
	if (bp_indicators_load_dir(dir, a, &set, &err) ||
	    bp_composites_load_dir(bp_arena_printf(a, "%s/composites", dir), a, &comps, &err) ||
	    bp_composites_resolve(&comps, &set, &err) ||
	    (areas && bp_custom_areas_load_dir(areas, a, &cas, &err))) {
		cli_print_error(&err);
		code = EXIT_JOB_FAILED;
		goto out;
	}
	if (argv[optind][0] == 'c') {
		printf("%zu indicator %s in %s %s valid\n", set.n, BP_PL(set.n, "definition", "definitions"), dir,
		       set.n == 1 ? "is" : "are");
		printf("publication rules (%s): survey values from at least %g respondents, "
		       "ratios with a denominator of at least %g, unless a definition sets its own\n",
		       set.publication.file ? set.publication.file : "defaults", set.publication.min_respondents,
		       set.publication.min_denominator);
		if (comps.n)
			printf("%zu composite %s in %s/composites %s valid\n", comps.n, BP_PL(comps.n, "index", "indices"), dir,
			       comps.n == 1 ? "is" : "are");
		if (areas)
			printf("%zu custom %s in %s %s valid\n", cas.n, BP_PL(cas.n, "area", "areas"), areas,
			       cas.n == 1 ? "is" : "are");
	} else {
		for (size_t i = 0; i < set.n; i++) {
			const bp_indicator_def *d = &set.items[i];
			printf("%-29s %-18s %-17s %-10s %s\n", d->id, d->theme, bp_kind_name(d->kind), d->unit, d->title_nl);
		}
		for (size_t i = 0; i < comps.n; i++)
			printf("%-29s %-18s %-17s %-10s %s (%zu components, %s, %s)\n", comps.items[i].id, comps.items[i].theme,
			       "composite", comps.items[i].unit, comps.items[i].title_nl, comps.items[i].n_components,
			       bp_normalisation_name(comps.items[i].normalisation),
			       bp_aggregation_name(comps.items[i].aggregation));
		for (size_t i = 0; i < cas.n; i++)
			printf("%-24s %-18s %s %s (%zu members)\n", cas.items[i].code, cas.items[i].kind,
			       cas.items[i].gemeente, cas.items[i].name, cas.items[i].n_members);
	}
out:
	bp_arena_free(a);
	return code;
}
