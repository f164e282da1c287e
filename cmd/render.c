/* buurtpeil render */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "core/arena.h"
#include "engine/indicator_def.h"
#include "render/barchart.h"
#include "report/ranking.h"

static const char usage[] =
	"usage: buurtpeil render --indicator ID --gemeente GM0000 --out FILE.png|.svg|.pdf\n"
	"                        [--level wijk|buurt] [--period YYYY] [--indicators DIR] [--lang nl|en]\n\n"
	"Draw a bar chart ranking the wijken (or buurten) of a gemeente on an indicator,\n"
	"with the gemeente and Nederland as reference lines.  The format follows the extension;\n"
	"--lang en writes the chart's words (title, source line, legend) in English.\n";

int cmd_render(cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "indicator", required_argument, NULL, 'i' },
		{ "gemeente", required_argument, NULL, 'g' },
		{ "out", required_argument, NULL, 'o' },
		{ "level", required_argument, NULL, 'l' },
		{ "period", required_argument, NULL, 'p' },
		{ "indicators", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'L' },
		COMMON_LONG_OPTIONS, { 0 }
	};
	const char *id = NULL, *gemeente = NULL, *out = NULL, *level = "wijk", *period = NULL, *dir = "indicators";
	bp_lang lang = BP_LANG_NL;
	bp_error lerr = { 0 };
	int o;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (o) {
		case 'i': id = optarg; break;
		case 'g': gemeente = optarg; break;
		case 'o': out = optarg; break;
		case 'l': level = optarg; break;
		case 'p': period = optarg; break;
		case 'd': dir = optarg; break;
		case 'L':
			if (bp_lang_parse(optarg, &lang, &lerr))
				return cli_usage_error(usage, "%s", lerr.message);
			break;
		default:
			if (!cli_common_option(c, o, usage))
				return cli_usage_error(usage, "unknown option");
		}
	}
	if (!id || !gemeente || !out || optind != argc)
		return cli_usage_error(usage, "render needs --indicator, --gemeente and --out");
	if (strcmp(level, "wijk") != 0 && strcmp(level, "buurt") != 0)
		return cli_usage_error(usage, "--level is wijk or buurt, not '%s'", level);
	const char *ext = strrchr(out, '.');
	bp_image_format fmt;
	if (ext && strcmp(ext, ".png") == 0)
		fmt = BP_IMAGE_PNG;
	else if (ext && strcmp(ext, ".svg") == 0)
		fmt = BP_IMAGE_SVG;
	else if (ext && strcmp(ext, ".pdf") == 0)
		fmt = BP_IMAGE_PDF;
	else
		return cli_usage_error(usage, "--out must end in .png, .svg or .pdf");

	bp_arena *a = bp_arena_new();
	bp_indicator_set set;
	bp_error err = { 0 };
	bp_db db = { 0 };
	bp_ranking r;
	bp_barchart chart;
	int code = 0;
	const bp_indicator_def *d = NULL;
	if (bp_indicators_load_dir(dir, a, &set, &err))
		goto fail;
	d = bp_indicator_find(&set, id);
	if (!d) {
		bp_fail(&err, BP_ERR_NOT_FOUND, "no indicator '%s' in %s", id, dir);
		bp_error_hint(&err, "'buurtpeil indicators list' shows the defined indicators");
		goto fail;
	}
	if (cli_open_db(c, &db, 1, &err) ||
	    bp_db_publish_role(db.conn, &err) ||   /* rendering reads bp only, never survey_private */
	    bp_ranking_load_lang(db.conn, d, gemeente, level, period, lang, a, &r, &err))
		goto fail;
	bp_ranking_chart_lang(&r, a, lang, &chart);
	if (bp_barchart_write(&chart, fmt, out, &err))
		goto fail;
	printf("%s: %s for %zu %sen of %s, %s\n", out, d->id, r.n_rows, level, r.gemeente_name, r.period);
	goto done;
fail:
	cli_print_error(&err);
	code = EXIT_JOB_FAILED;
done:
	bp_db_close(&db);
	bp_arena_free(a);
	return code;
}
