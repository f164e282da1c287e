/* buurtpeil import statline-csv FILE | import cbs TABLE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "import/areacode.h"
#include "import/odata3.h"
#include "import/statline_csv.h"

static const char usage[] =
	"usage: buurtpeil import statline-csv FILE [--year YYYY] [--table-id ID]\n"
	"       buurtpeil import cbs TABLE [--catalog CBS|RIVM] [--base-url URL]\n"
	"                                  [--gemeente GM0828 ...] [--where DIM=KEY ...] [--api v3]\n\n"
	"statline-csv: load a StatLine CSV export (new layout: 'CSV met statistische\n"
	"symbolen', with the column Regioaanduiding/Codering) into areas and observations,\n"
	"in one transaction.  The same file twice is loaded once.\n"
	"  --year YYYY      indeling and period of the figures (default: from the file name)\n"
	"  --table-id ID    the CBS table id (default: known for Kerncijfers wijken en buurten)\n\n"
	"cbs: download a table from CBS open data (OData v3) and load it in one\n"
	"transaction: every page is checked, nothing is kept unless all arrived.  A\n"
	"table whose TableInfos.Modified was loaded before is not loaded again; a newer\n"
	"one becomes a new vintage.  Dimensions other than region and period keep one\n"
	"member: the first of the dimension's list (the total), or the one --where names.\n"
	"  --catalog NAME   CBS (default, opendata.cbs.nl) or a third-party catalog\n"
	"                   such as RIVM (dataderden.cbs.nl); the publisher recorded\n"
	"  --base-url URL   another server with the same paths (a mirror, a test server)\n"
	"  --gemeente CODE  only this gemeente with its wijken and buurten (repeatable)\n"
	"  --where DIM=KEY  keep this member of a dimension, e.g. Leeftijd=20300 (repeatable)\n"
	"  --api v3         the OData version; only v3 is supported yet\n";

#define MAX_LIST 64

static void progress(void *ctx, long pages, long rows)
{
	(void)ctx;
	fprintf(stderr, "\rbuurtpeil: %ld pages, %ld rows", pages, rows);
	fflush(stderr);
}

static int import_cbs(cli *c, const char *table, bp_odata3_options *oo, int tty)
{
	bp_error err = { 0 };
	bp_db db;
	bp_import_result res;
	if (cli_open_db(c, &db, 1, &err)) {
		cli_print_error(&err);
		return EXIT_JOB_FAILED;
	}
	oo->table_id = table;
	if (tty && !c->quiet)
		oo->progress = progress;
	bp_rc rc = bp_import_odata3(db.conn, oo, &res, &err);
	bp_db_close(&db);
	if (oo->progress && res.pages)
		fputc('\n', stderr);
	if (rc) {
		cli_print_error(&err);
		fprintf(stderr, "buurtpeil: nothing was loaded\n");
		return rc == BP_ERR_USAGE ? EXIT_USAGE : EXIT_JOB_FAILED;
	}
	if (res.already_loaded)
		printf("%s: already loaded (source %ld); nothing to do\n", table, res.source_id);
	else
		printf("%s: %ld areas, %ld observations for indeling %d loaded from %ld pages (source %ld%s)\n",
		       table, res.areas, res.observations, res.year, res.pages, res.source_id,
		       res.retries ? "; some requests were retried" : "");
	return 0;
}

int cmd_import(cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "table-id", required_argument, NULL, 't' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "catalog", required_argument, NULL, 'c' },
		{ "gemeente", required_argument, NULL, 'g' },
		{ "where", required_argument, NULL, 'w' },
		{ "api", required_argument, NULL, 'a' },
		COMMON_LONG_OPTIONS, { 0 }
	};
	bp_statline_options so = { 0 };
	bp_odata3_options oo = { 0 };
	static char gem[MAX_LIST][16];
	static const char *gems[MAX_LIST], *wheres[MAX_LIST];
	int csv_only = 0, cbs_only = 0;
	int o;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (o == 'y') {
			char *end;
			so.year = (int)strtol(optarg, &end, 10);
			if (*end || so.year < 1990 || so.year > 2100)
				return cli_usage_error(usage, "--year takes a year such as 2024, not '%s'", optarg);
			csv_only = 1;
		} else if (o == 't') {
			so.table_id = optarg;
			csv_only = 1;
		} else if (o == 'b') {
			if (strncmp(optarg, "http://", 7) != 0 && strncmp(optarg, "https://", 8) != 0)
				return cli_usage_error(usage, "--base-url takes an http:// or https:// URL, not '%s'", optarg);
			oo.base_url = optarg;
			cbs_only = 1;
		} else if (o == 'c') {
			oo.catalog = optarg;
			cbs_only = 1;
		} else if (o == 'g') {
			bp_area_code ac;
			if (bp_area_code_parse(optarg, strlen(optarg), &ac) != 0 || ac.level != BP_LEVEL_GEMEENTE)
				return cli_usage_error(usage, "--gemeente takes a code such as GM0828, not '%s'", optarg);
			if (oo.n_gemeenten == MAX_LIST)
				return cli_usage_error(usage, "at most %d --gemeente", MAX_LIST);
			snprintf(gem[oo.n_gemeenten], sizeof(gem[0]), "%s", ac.code);
			gems[oo.n_gemeenten] = gem[oo.n_gemeenten];
			oo.n_gemeenten++;
			cbs_only = 1;
		} else if (o == 'w') {
			if (!strchr(optarg, '=') || optarg[0] == '=')
				return cli_usage_error(usage, "--where takes DIM=KEY such as Leeftijd=20300, not '%s'", optarg);
			if (oo.n_where == MAX_LIST)
				return cli_usage_error(usage, "at most %d --where", MAX_LIST);
			wheres[oo.n_where++] = optarg;
			cbs_only = 1;
		} else if (o == 'a') {
			if (strcmp(optarg, "v4") == 0)
				return cli_usage_error(usage, "--api v4 is not yet supported; use --api v3 (the default)");
			if (strcmp(optarg, "v3") != 0)
				return cli_usage_error(usage, "--api takes v3, not '%s'", optarg);
			cbs_only = 1;
		} else if (!cli_common_option(c, o, usage)) {
			return cli_usage_error(usage, "unknown option");
		}
	}
	oo.gemeenten = gems;
	oo.where = wheres;
	if (argc - optind < 1)
		return cli_usage_error(usage, "import needs a kind (statline-csv or cbs)");
	const char *kind = argv[optind];
	if (strcmp(kind, "cbs") == 0) {
		if (argc - optind != 2)
			return cli_usage_error(usage, "import cbs needs one table id, such as 50090NED");
		if (csv_only)
			return cli_usage_error(usage, "--year and --table-id are for statline-csv");
		return import_cbs(c, argv[optind + 1], &oo, isatty(STDERR_FILENO));
	}
	if (strcmp(kind, "statline-csv") != 0)
		return cli_usage_error(usage, "unknown kind '%s' (known: statline-csv, cbs)", kind);
	if (argc - optind != 2)
		return cli_usage_error(usage, "import needs a kind and a file");
	if (cbs_only)
		return cli_usage_error(usage, "--catalog, --base-url, --gemeente, --where and --api are for cbs");
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
