/* buurtpeil crosswalk build|list|show|translate */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/arena.h"
#include "core/buf.h"
#include "engine/translate.h"
#include "import/crosswalk.h"

static const char usage[] =
	"usage: buurtpeil crosswalk build --level L --from YYYY --to YYYY [--tolerance T] [--area-only]\n"
	"       buurtpeil crosswalk list\n"
	"       buurtpeil crosswalk show --level L --from YYYY --to YYYY [--gemeente GM....] [--all]\n"
	"       buurtpeil crosswalk translate [--indicators DIR]\n\n"
	"A crosswalk says which share of each area of one indeling lies in each area of\n"
	"another, from the borders loaded with 'buurtpeil import geojson'. It is weighted\n"
	"by inhabitants where buurten with borders and AantalInwoners exist in one\n"
	"indeling (for wijken and gemeenten), else by surface. Areas whose borders differ\n"
	"by at most the tolerance (a share of the area) are identical; smaller parts are\n"
	"slivers and dropped.\n\n"
	"  build      compute the crosswalk and store it (replacing an earlier one)\n"
	"  list       the stored crosswalks, their method and counts\n"
	"  show       the shares of one crosswalk, tab-separated (identical areas only with --all)\n"
	"  translate  carry the computed indicator values through every stored crosswalk\n"
	"             (counts apportioned, ratios rebuilt, shares as weighted means with a\n"
	"             wider interval; each marked \"omgerekend van indeling YYYY\"); run after compute\n\n"
	"  --level L      gemeente, wijk or buurt\n"
	"  --from YYYY    the old indeling\n"
	"  --to YYYY      the new indeling\n"
	"  --tolerance T  share of an area, default 0.01\n"
	"  --area-only    weigh by surface even where inhabitants are known\n"
	"  --gemeente GM  show: only the areas whose code is of this gemeente\n"
	"  --all          show: identical areas too\n"
	"  --indicators DIR  translate: the definitions folder (default: indicators)\n";

static int parse_year(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == 0 || *end || v < 1900 || v > 2100)
		return -1;
	*out = (int)v;
	return 0;
}

int cmd_crosswalk(cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "level", required_argument, NULL, 'l' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "tolerance", required_argument, NULL, 'T' },
		{ "area-only", no_argument, NULL, 'A' },
		{ "gemeente", required_argument, NULL, 'g' },
		{ "all", no_argument, NULL, 'a' },
		{ "indicators", required_argument, NULL, 'i' },
		COMMON_LONG_OPTIONS, { 0 }
	};
	bp_crosswalk_options o = { .level = BP_LEVEL_WIJK };
	const char *level = NULL, *gemeente = NULL, *indicators = "indicators";
	int all = 0, op;
	while ((op = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		char *end;
		switch (op) {
		case 'l': level = optarg; break;
		case 'f':
			if (parse_year(optarg, &o.from_year))
				return cli_usage_error(usage, "--from is a year (%s)", optarg);
			break;
		case 't':
			if (parse_year(optarg, &o.to_year))
				return cli_usage_error(usage, "--to is a year (%s)", optarg);
			break;
		case 'T':
			o.tolerance = strtod(optarg, &end);
			if (*end || !(o.tolerance > 0 && o.tolerance < 0.5))
				return cli_usage_error(usage, "--tolerance is a share above 0 and below 0.5 (%s)", optarg);
			break;
		case 'A': o.area_only = 1; break;
		case 'g': gemeente = optarg; break;
		case 'a': all = 1; break;
		case 'i': indicators = optarg; break;
		default:
			if (!cli_common_option(c, op, usage))
				return cli_usage_error(usage, "unknown option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(usage, "crosswalk needs one of build, list, show");
	const char *what = argv[optind];
	int is_build = strcmp(what, "build") == 0, is_show = strcmp(what, "show") == 0;
	int is_translate = strcmp(what, "translate") == 0;
	if (!is_build && !is_show && !is_translate && strcmp(what, "list") != 0)
		return cli_usage_error(usage, "'%s' is not build, list, show or translate", what);
	if (is_build || is_show) {
		if (!level || !o.from_year || !o.to_year)
			return cli_usage_error(usage, "%s needs --level, --from and --to", what);
		if (o.from_year == o.to_year)
			return cli_usage_error(usage, "--from and --to are two different indelingen (both %d)", o.from_year);
		if (strcmp(level, "wijk") == 0)
			o.level = BP_LEVEL_WIJK;
		else if (strcmp(level, "buurt") == 0)
			o.level = BP_LEVEL_BUURT;
		else if (strcmp(level, "gemeente") == 0)
			o.level = BP_LEVEL_GEMEENTE;
		else
			return cli_usage_error(usage, "--level is gemeente, wijk or buurt");
	}
	bp_error err = { 0 };
	bp_db db = { 0 };
	bp_buf out;
	bp_buf_init(&out);
	bp_arena *a = bp_arena_new();
	bp_indicator_set set = { 0 };
	int code = 0;
	bp_rc rc = is_translate ? bp_indicators_load_dir(indicators, a, &set, &err) : BP_OK;
	if (!rc)
		rc = cli_open_db(c, &db, 1, &err);
	if (!rc && is_translate) {
		bp_translate_result tr;
		rc = bp_translate_values(db.conn, &set, &tr, &err);
		if (!rc)
			bp_buf_printf(&out, "%ld omrekentabellen: %ld waarden omgerekend (%ld zonder waarde, %ld van gelijke grenzen)\n",
			              tr.crosswalks, tr.values, tr.suppressed, tr.identical);
	} else if (!rc && is_build) {
		bp_crosswalk_result res;
		rc = bp_crosswalk_build(db.conn, &o, &res, &err);
		if (!rc) {
			if (res.population)
				bp_buf_printf(&out, "%s %d → %d: gewogen naar inwoners (buurten %d, periode %s; %ld op oppervlakte)",
				              level, o.from_year, o.to_year, res.weight_year, res.weight_period, res.n_area_fallback);
			else
				bp_buf_printf(&out, "%s %d → %d: gewogen naar oppervlakte", level, o.from_year, o.to_year);
			bp_buf_printf(&out, "; %ld → %ld gebieden, %ld gelijk, %ld zonder overlap, %ld regels\n",
			              res.n_from, res.n_to, res.n_identical, res.n_unmatched, res.n_shares);
		}
	} else if (!rc && is_show) {
		rc = bp_crosswalk_show(db.conn, o.level, o.from_year, o.to_year, gemeente, all, &out, &err);
	} else if (!rc) {
		rc = bp_crosswalk_list(db.conn, &out, &err);
	}
	if (rc) {
		cli_print_error(&err);
		code = EXIT_JOB_FAILED;
	} else if (!c->quiet || !(is_build || is_translate)) {
		fwrite(out.data ? out.data : "", 1, out.len, stdout);
	}
	bp_buf_release(&out);
	bp_arena_free(a);
	bp_db_close(&db);
	return code;
}
