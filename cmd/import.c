/* buurtpeil import statline-csv FILE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "import/statline_csv.h"

static const char usage[] =
	"usage: buurtpeil import statline-csv FILE [--year YYYY] [--table-id ID]\n\n"
	"Load a StatLine CSV export (new layout: 'CSV met statistische symbolen', with the\n"
	"column Regioaanduiding/Codering) into areas and observations, in one transaction.\n"
	"The same file twice is loaded once.\n\n"
	"  --year YYYY      indeling and period of the figures (default: from the file name)\n"
	"  --table-id ID    the CBS table id (default: known for Kerncijfers wijken en buurten)\n";

int cmd_import(cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "table-id", required_argument, NULL, 't' },
		COMMON_LONG_OPTIONS, { 0 }
	};
	bp_statline_options so = { 0 };
	int o;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (o == 'y') {
			char *end;
			so.year = (int)strtol(optarg, &end, 10);
			if (*end || so.year < 1990 || so.year > 2100)
				return cli_usage_error(usage, "--year takes a year such as 2024, not '%s'", optarg);
		} else if (o == 't') {
			so.table_id = optarg;
		} else if (!cli_common_option(c, o, usage)) {
			return cli_usage_error(usage, "unknown option");
		}
	}
	if (argc - optind != 2)
		return cli_usage_error(usage, "import needs a kind and a file");
	if (strcmp(argv[optind], "statline-csv") != 0)
		return cli_usage_error(usage, "unknown kind '%s' (known: statline-csv)", argv[optind]);
	so.path = argv[optind + 1];

	bp_error err = { 0 };
	bp_db db;
	bp_import_result res;
	if (cli_open_db(c, &db, 1, &err)) {
		cli_print_error(&err);
		return EXIT_JOB_FAILED;
	}
	bp_rc rc = bp_import_statline_csv(db.conn, &so, &res, &err);
	bp_db_close(&db);
	if (rc) {
		cli_print_error(&err);
		fprintf(stderr, "buurtpeil: nothing was loaded\n");
		return EXIT_JOB_FAILED;
	}
	if (res.already_loaded)
		printf("%s: already loaded (source %ld); nothing to do\n", so.path, res.source_id);
	else
		printf("%s: %ld areas, %ld observations for %d loaded (source %ld)\n",
		       so.path, res.areas, res.observations, res.year, res.source_id);
	return 0;
}
