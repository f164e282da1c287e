/* buurtpeil import statline-csv FILE | import cbs TABLE | import cbs-dump DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "core/progress.h"
#include "import/areacode.h"
#include "import/cbsdump.h"
#include "import/experiences.h"
#include "import/geojson.h"
#include "import/json_records.h"
#include "import/kwb_csv.h"
#include "import/odata3.h"
#include "import/odata4.h"
#include "import/statline_csv.h"
#include "import/survey.h"
#include "import/survey_results.h"

static const char usage[] =
	"usage: buurtpeil import statline-csv FILE [--year YYYY] [--table-id ID]\n"
	"                                  [--codes MAPPING.csv] [--gemeente GM0363]\n"
	"       buurtpeil import kwb-csv FILE [--year YYYY] [--skip YEAR:COLUMN ...]\n"
	"                                  [--mapping MAPPING.yaml]\n"
	"       buurtpeil import cbs-dump DIR\n"
	"       buurtpeil import survey FILE --mapping MAPPING.yaml [--skip-invalid] [--report FILE]\n"
	"       buurtpeil import survey-results FILE --mapping MAPPING.yaml\n"
	"       buurtpeil import experiences FILE [--skip-invalid]\n"
	"       buurtpeil import json FILE --mapping MAPPING.yaml\n"
	"       buurtpeil import geojson FILE [--year YYYY] [--level gemeente|wijk|buurt]\n"
	"                                  [--tolerance METRES] [--crs EPSG:28992] [--object NAME]\n"
	"       buurtpeil import cbs TABLE [--catalog CBS|RIVM] [--base-url URL]\n"
	"                                  [--gemeente GM0828 ...] [--where DIM=KEY ...] [--api v3|v4]\n\n"
	"statline-csv: load a StatLine CSV export (new layout: 'CSV met statistische\n"
	"symbolen', with the column Regioaanduiding/Codering) into areas and observations,\n"
	"in one transaction.  The same file twice is loaded once.\n"
	"  --year YYYY      indeling and period of the figures (default: from the file name)\n"
	"  --table-id ID    the CBS table id (default: known for Kerncijfers wijken en buurten)\n"
	"Old-layout exports (a title line, a units row, decimal comma) name their\n"
	"regions only; each name needs a code:\n"
	"  --codes FILE     a 'name;code' line per region ('name;-' leaves the row out)\n"
	"  --gemeente CODE  else match names to this gemeente's areas already loaded\n"
	"                   for the year; an unknown or ambiguous name is an error\n\n"
	"kwb-csv: load a CBS kerncijfers wijken en buurten download with short column\n"
	"names (gwb_code_10, regio, recs, a_inw, a_hh, a_soz_wb, ...; ',' or ';'), one\n"
	"or more years (a 'year' column), through a mapping of short names to variables.\n"
	"Empty, '.' and -99999999 cells are missing; columns without a mapping are\n"
	"listed, not loaded.  One transaction; the same file twice is loaded once.\n"
	"  --year YYYY      the year of a file without a year column (indeling and period)\n"
	"  --skip Y:COLUMN  leave out a damaged column of one year (repeatable)\n"
	"  --mapping FILE   default mappings/kwb-kort.yaml\n\n"
	"survey: load a respondent-level survey file (SPSS .sav, or CSV with , ; or tab,\n"
	"UTF-8 or Windows-1252) through a mapping (surveys/*.yaml) into the private\n"
	"survey schema and the per-area sums in bp.  A row with an unknown area, an\n"
	"answer outside the codebook, a missing or non-positive weight or a duplicate\n"
	"respondent rejects the whole file, each reported with its row.  The same file\n"
	"twice is loaded once; a corrected file replaces the earlier one.\n"
	"  --mapping FILE   the mapping (required)\n"
	"  --skip-invalid   load the valid rows; the others go to a report\n"
	"  --report FILE    where that report goes (default FILE.skipped.csv)\n\n"
	"survey-results: load area-level survey results (area, period, indicator, value,\n"
	"respondents, lower and upper bound) from CSV through a mapping: values become\n"
	"observations, bounds and respondents bp.observation_interval.  An unknown area\n"
	"or indicator, a cell that is not a number, negative respondents, lower > upper\n"
	"or a value outside its bounds rejects the whole file, each at its line and\n"
	"column.  The same file twice is loaded once.\n\n"
	"experiences: load residents' and professionals' stories, quotes and ratings\n"
	"(CSV or .yaml; columns area, date, theme, role, kind, text, rating, consent,\n"
	"example, source, intervention) into bp.experience.  Each row is checked: a bad\n"
	"date, a rating outside 1..10, an unknown role, theme or area, no consent, or an\n"
	"e-mail address, phone number, address or name in the text refuses the file,\n"
	"each problem at its row, line and column.  Only rows with consent are ever\n"
	"published.  The same file twice is loaded once; a changed file of the same\n"
	"name replaces the earlier one.\n"
	"  --skip-invalid   load the valid rows and list the others (no report file:\n"
	"                   it would copy the refused personal data)\n\n"
	"json: load figures per area from a nested JSON document (an open-data portal's\n"
	"or dashboard's file) through a mapping (mappings/*.yaml: source, period,\n"
	"indeling, record sets with their code field and fields -> variables).  A null\n"
	"or absent field is a missing figure; any other value that is not a number\n"
	"refuses the file at its JSON path.  One transaction; the same file with the\n"
	"same mapping twice is loaded once.\n\n"
	"cbs-dump: load a folder written by the R client cbsodataR (data.csv and\n"
	"metadata CSVs) or the Python client cbsodata (JSON arrays such as\n"
	"DataProperties.json and TypedDataSet.json), mapped as 'import cbs' would.\n\n"
	"geojson: load area borders (CBS/PDOK wijk- en buurtkaart, gebiedsindelingen)\n"
	"from a GeoJSON FeatureCollection or a TopoJSON Topology, in RD New (a crs\n"
	"member) or WGS84 (none), as RD New shapes with a simplified copy for maps,\n"
	"in one transaction.  Water features and features without a CBS code are\n"
	"skipped and counted.\n"
	"  --year YYYY      the indeling (default: property jaar, metadata.year, file name)\n"
	"  --level LEVEL    only features of this level (others are skipped and counted)\n"
	"  --tolerance M    simplification tolerance in metres (default 5)\n"
	"  --crs NAME       the coordinates' CRS when the file does not say (default WGS84)\n"
	"  --object NAME    the object of a TopoJSON file holding several\n\n"
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
	"  --api v3|v4      the OData version: v3 (default; opendata.cbs.nl and\n"
	"                   dataderden.cbs.nl) or v4 (datasets.cbs.nl/odata/v1,\n"
	"                   {base}/{catalog}/{table}; long format, empty cells absent)\n";

#define MAX_LIST 64

/* Seconds on a clock that never jumps: the rate must not go negative at a clock change. */
static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ctx: the start time (double).  The line is redrawn in place; ESC[K clears
 * what a longer earlier line left behind. */
static void progress(void *ctx, const bp_progress *p)
{
	char line[200];
	bp_progress_format(line, sizeof(line), p, now_s() - *(const double *)ctx);
	fprintf(stderr, "\rbuurtpeil: %s\033[K", line);
	fflush(stderr);
}

/* Every import opens the database migrated; on failure the error is printed. */
static int open_for_import(cli *c, bp_db *db, bp_error *err)
{
	if (cli_open_db(c, db, 1, err)) {
		cli_print_error(err);
		return 1;
	}
	return 0;
}

/*
 * A failed import: the error, then that nothing was loaded (each importer
 * works in one transaction).  The exit status tells a usage error apart
 * only where usage_ok: statline-csv has always exited with a job failure.
 */
static int nothing_loaded(bp_rc rc, bp_error *err, int usage_ok)
{
	cli_print_error(err);
	fprintf(stderr, "buurtpeil: nothing was loaded\n");
	return usage_ok && rc == BP_ERR_USAGE ? EXIT_USAGE : EXIT_JOB_FAILED;
}

/* what was loaded before (same bytes or vintage); note says more, or is "". */
static void already_loaded(const char *what, long source_id, const char *note)
{
	printf("%s: already loaded (source %ld); nothing to do%s\n", what, source_id, note);
}

static int import_cbs(cli *c, const char *table, bp_odata3_options *oo, int api4, int tty)
{
	bp_error err = { 0 };
	bp_db db;
	bp_import_result res;
	if (open_for_import(c, &db, &err))
		return EXIT_JOB_FAILED;
	oo->table_id = table;
	double started = now_s();
	if (tty && !c->quiet) {
		oo->progress = progress;
		oo->progress_ctx = &started;
	}
	bp_rc rc;
	if (api4) {
		/* Same options, the v4 service: its own default base and paths. */
		bp_odata4_options o4 = { 0 };
		o4.table_id = table;
		o4.base_url = oo->base_url;
		o4.catalog = oo->catalog;
		o4.gemeenten = oo->gemeenten;
		o4.n_gemeenten = oo->n_gemeenten;
		o4.where = oo->where;
		o4.n_where = oo->n_where;
		o4.progress = oo->progress;
		o4.progress_ctx = oo->progress_ctx;
		rc = bp_import_odata4(db.conn, &o4, &res, &err);
	} else {
		rc = bp_import_odata3(db.conn, oo, &res, &err);
	}
	bp_db_close(&db);
	if (oo->progress && res.pages)
		fputc('\n', stderr);
	if (rc)
		return nothing_loaded(rc, &err, 1);
	if (res.already_loaded)
		already_loaded(table, res.source_id, "");
	else
		printf("%s: %ld areas, %ld observations for indeling %d loaded from %ld pages (source %ld%s)\n",
		       table, res.areas, res.observations, res.year, res.pages, res.source_id,
		       res.retries ? "; some requests were retried" : "");
	return 0;
}

static int import_dump(cli *c, const char *dir)
{
	bp_error err = { 0 };
	bp_db db;
	bp_import_result res;
	if (open_for_import(c, &db, &err))
		return EXIT_JOB_FAILED;
	bp_rc rc = bp_import_cbs_dump(db.conn, dir, &res, &err);
	bp_db_close(&db);
	if (rc)
		return nothing_loaded(rc, &err, 1);
	if (res.already_loaded)
		already_loaded(dir, res.source_id, "");
	else
		printf("%s: %s, %ld areas, %ld observations for indeling %d loaded (source %ld)\n",
		       dir, res.table_id, res.areas, res.observations, res.year, res.source_id);
	return 0;
}

static int import_json(cli *c, const bp_json_options *jo)
{
	bp_error err = { 0 };
	bp_db db;
	bp_import_result res;
	if (open_for_import(c, &db, &err))
		return EXIT_JOB_FAILED;
	bp_rc rc = bp_import_json_records(db.conn, jo, &res, &err);
	bp_db_close(&db);
	if (rc)
		return nothing_loaded(rc, &err, 1);
	if (res.already_loaded)
		already_loaded(jo->path, res.source_id, "");
	else
		printf("%s: %ld records, %ld areas, %ld observations for indeling %d loaded (source %ld)\n",
		       jo->path, res.rows, res.areas, res.observations, res.year, res.source_id);
	return 0;
}

static int import_survey(cli *c, const bp_survey_options *so)
{
	bp_error err = { 0 };
	bp_db db;
	bp_survey_result res;
	if (open_for_import(c, &db, &err))
		return EXIT_JOB_FAILED;
	bp_rc rc = bp_import_survey(db.conn, so, &res, &err);
	bp_db_close(&db);
	if (rc && res.respondents == 0)
		return nothing_loaded(rc, &err, 1);
	const char *syn = res.synthetic ? " [SYNTHETIC data]" : "";
	if (res.already_loaded)
		already_loaded(so->path, res.source_id, syn);
	else
		printf("%s: %ld respondents, %ld answers, %ld aggregate rows in %ld survey(s)%s (source %ld)%s\n",
		       so->path, res.respondents, res.answers, res.aggregates, res.surveys,
		       res.replaced ? ", replacing the earlier file" : "", res.source_id, syn);
	if (res.skipped)
		printf("%s: %ld invalid rows skipped, listed in %s\n", so->path, res.skipped, res.report_path);
	if (rc) {
		cli_print_error(&err);
		return EXIT_JOB_FAILED;
	}
	return 0;
}

static int import_survey_results(cli *c, const bp_survey_results_options *ro)
{
	bp_error err = { 0 };
	bp_db db;
	bp_survey_results_result res;
	if (open_for_import(c, &db, &err))
		return EXIT_JOB_FAILED;
	bp_rc rc = bp_import_survey_results(db.conn, ro, &res, &err);
	bp_db_close(&db);
	if (rc)
		return nothing_loaded(rc, &err, 1);
	if (res.already_loaded)
		already_loaded(ro->path, res.source_id, "");
	else
		printf("%s: %ld observations (%ld suppressed), %ld with bounds or respondents (source %ld)\n",
		       ro->path, res.observations, res.suppressed, res.intervals, res.source_id);
	return 0;
}

static int import_experiences(cli *c, const bp_experiences_options *eo)
{
	bp_error err = { 0 };
	bp_db db;
	bp_experiences_result res;
	if (open_for_import(c, &db, &err))
		return EXIT_JOB_FAILED;
	bp_arena *a = bp_arena_new();
	bp_rc rc = bp_import_experiences(db.conn, eo, a, &res, &err);
	bp_db_close(&db);
	if (rc) {
		bp_arena_free(a);
		return nothing_loaded(rc, &err, 1);
	}
	for (size_t i = 0; i < res.n_problems; i++)
		fprintf(stderr, "%s:%ld:%ld: row %ld skipped: %s\n", eo->path, res.problems[i].line,
		        res.problems[i].column, res.problems[i].row, res.problems[i].what);
	if (res.already_loaded)
		already_loaded(eo->path, res.source_id, "");
	else
		printf("%s: %ld experiences (%ld with consent, %ld examples)%s (source %ld)\n", eo->path, res.loaded,
		       res.consented, res.examples, res.replaced ? ", replacing the earlier file" : "", res.source_id);
	if (res.skipped)
		printf("%s: %ld invalid rows skipped\n", eo->path, res.skipped);
	bp_arena_free(a);
	return 0;
}

/* Lists like "a_geb, p_geb": what the mapping or a year did not load. */
static void print_names(const char *what, const char *const *names, size_t n)
{
	if (n == 0)
		return;
	printf("  %s (%zu):", what, n);
	for (size_t i = 0; i < n; i++)
		printf("%s %s", i ? "," : "", names[i]);
	putchar('\n');
}

static int import_kwb_csv(cli *c, const bp_kwb_csv_options *ko)
{
	bp_error err = { 0 };
	bp_db db;
	bp_kwb_csv_result res;
	if (open_for_import(c, &db, &err))
		return EXIT_JOB_FAILED;
	bp_arena *a = bp_arena_new();
	bp_rc rc = bp_import_kwb_csv(db.conn, ko, a, &res, &err);
	bp_db_close(&db);
	if (rc) {
		bp_arena_free(a);
		return nothing_loaded(rc, &err, 1);
	}
	if (res.base.already_loaded) {
		already_loaded(ko->path, res.base.source_id, "");
	} else {
		printf("%s: %ld areas, %ld observations for", ko->path, res.base.areas, res.base.observations);
		for (size_t i = 0; i < res.n_years; i++)
			printf("%s %d", i ? "," : "", res.years[i]);
		printf(" loaded (source %ld)\n", res.base.source_id);
		if (res.skipped_cells)
			printf("  %ld cells left out by --skip\n", res.skipped_cells);
		print_names("not in the mapping, not loaded", res.unmapped, res.n_unmapped);
		print_names("mapped but empty for every area of the year, not loaded", res.empty, res.n_empty);
	}
	bp_arena_free(a);
	return 0;
}

static int import_geojson(cli *c, const bp_geojson_options *go)
{
	bp_error err = { 0 };
	bp_db db;
	bp_geojson_result res;
	if (open_for_import(c, &db, &err))
		return EXIT_JOB_FAILED;
	bp_rc rc = bp_import_geojson(db.conn, go, &res, &err);
	bp_db_close(&db);
	if (rc)
		return nothing_loaded(rc, &err, 1);
	const bp_geojson_file *f = &res.file;
	if (res.already_loaded) {
		already_loaded(go->path, res.source_id, "");
		return 0;
	}
	printf("%s: %ld borders for indeling %d loaded (source %ld); %ld vertices, %ld after simplifying\n",
	       go->path, res.stored, f->year, res.source_id, f->vertices_full, f->vertices_simple);
	if (f->merged)
		printf("  %ld features were further parts of an area named before (merged)\n", f->merged);
	if (f->skipped_water || f->skipped_code || f->skipped_level || f->skipped_empty)
		printf("  skipped: %ld water, %ld without a CBS code, %ld of another level, %ld empty\n",
		       f->skipped_water, f->skipped_code, f->skipped_level, f->skipped_empty);
	if (f->repaired)
		printf("  %ld invalid shapes repaired (GEOSMakeValid)\n", f->repaired);
	if (res.unmatched)
		printf("  %ld borders have no area of that code in indeling %d yet (kept; import the figures to link them)\n",
		       res.unmatched, f->year);
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
		{ "codes", required_argument, NULL, 'C' },
		{ "level", required_argument, NULL, 'L' },
		{ "tolerance", required_argument, NULL, 'T' },
		{ "crs", required_argument, NULL, 'R' },
		{ "object", required_argument, NULL, 'O' },
		{ "mapping", required_argument, NULL, 'M' },
		{ "skip-invalid", no_argument, NULL, 'S' },
		{ "report", required_argument, NULL, 'P' },
		{ "skip", required_argument, NULL, 'K' },
		COMMON_LONG_OPTIONS, { 0 }
	};
	bp_statline_options so = { 0 };
	bp_odata3_options oo = { 0 };
	static char gem[MAX_LIST][16];
	static const char *gems[MAX_LIST], *wheres[MAX_LIST];
	int csv_only = 0, cbs_only = 0, api4 = 0, geo_only = 0;
	bp_geojson_options go = { .level = -1 };
	bp_survey_options svo = { 0 };
	static bp_kwb_skip skips[MAX_LIST];
	size_t n_skips = 0;
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
		} else if (o == 'w') {
			if (!strchr(optarg, '=') || optarg[0] == '=')
				return cli_usage_error(usage, "--where takes DIM=KEY such as Leeftijd=20300, not '%s'", optarg);
			if (oo.n_where == MAX_LIST)
				return cli_usage_error(usage, "at most %d --where", MAX_LIST);
			wheres[oo.n_where++] = optarg;
			cbs_only = 1;
		} else if (o == 'C') {
			so.codes = optarg;
			csv_only = 1;
		} else if (o == 'L') {
			if (strcmp(optarg, "gemeente") == 0)
				go.level = BP_LEVEL_GEMEENTE;
			else if (strcmp(optarg, "wijk") == 0)
				go.level = BP_LEVEL_WIJK;
			else if (strcmp(optarg, "buurt") == 0)
				go.level = BP_LEVEL_BUURT;
			else
				return cli_usage_error(usage, "--level takes gemeente, wijk or buurt, not '%s'", optarg);
			geo_only = 1;
		} else if (o == 'T') {
			char *end;
			go.tolerance = strtod(optarg, &end);
			if (*end || !(go.tolerance > 0 && go.tolerance <= 10000))
				return cli_usage_error(usage, "--tolerance takes metres (more than 0, at most 10000), not '%s'", optarg);
			geo_only = 1;
		} else if (o == 'R') {
			go.crs = optarg;
			geo_only = 1;
		} else if (o == 'O') {
			go.object = optarg;
			geo_only = 1;
		} else if (o == 'M') {
			svo.mapping_path = optarg;
		} else if (o == 'S') {
			svo.skip_invalid = 1;
		} else if (o == 'P') {
			svo.report_path = optarg;
		} else if (o == 'K') {
			if (n_skips == MAX_LIST)
				return cli_usage_error(usage, "at most %d --skip", MAX_LIST);
			if (bp_kwb_skip_parse(optarg, &skips[n_skips++]) != 0)
				return cli_usage_error(usage, "--skip takes YEAR:COLUMN such as 2021:g_hhgro, not '%s'", optarg);
		} else if (o == 'a') {
			if (strcmp(optarg, "v3") != 0 && strcmp(optarg, "v4") != 0)
				return cli_usage_error(usage, "--api takes v3 or v4, not '%s'", optarg);
			api4 = strcmp(optarg, "v4") == 0;
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
	if (n_skips && strcmp(kind, "kwb-csv") != 0)
		return cli_usage_error(usage, "--skip is for kwb-csv");
	if (strcmp(kind, "cbs") == 0) {
		if (argc - optind != 2)
			return cli_usage_error(usage, "import cbs needs one table id, such as 50090NED");
		if (csv_only)
			return cli_usage_error(usage, "--year, --table-id and --codes are for statline-csv");
		return import_cbs(c, argv[optind + 1], &oo, api4, isatty(STDERR_FILENO));
	}
	if (strcmp(kind, "cbs-dump") == 0) {
		if (argc - optind != 2)
			return cli_usage_error(usage, "import cbs-dump needs one folder");
		if (csv_only || cbs_only || oo.n_gemeenten)
			return cli_usage_error(usage, "import cbs-dump takes no import options");
		return import_dump(c, argv[optind + 1]);
	}
	if (strcmp(kind, "survey") == 0) {
		if (argc - optind != 2)
			return cli_usage_error(usage, "import survey needs one file");
		if (!svo.mapping_path)
			return cli_usage_error(usage, "import survey needs --mapping MAPPING.yaml");
		if (csv_only || cbs_only || geo_only || oo.n_gemeenten)
			return cli_usage_error(usage, "import survey takes --mapping, --skip-invalid and --report only");
		svo.path = argv[optind + 1];
		return import_survey(c, &svo);
	}
	if (strcmp(kind, "survey-results") == 0) {
		if (argc - optind != 2)
			return cli_usage_error(usage, "import survey-results needs one file");
		if (!svo.mapping_path)
			return cli_usage_error(usage, "import survey-results needs --mapping MAPPING.yaml");
		if (csv_only || cbs_only || geo_only || oo.n_gemeenten || svo.skip_invalid || svo.report_path)
			return cli_usage_error(usage, "import survey-results takes --mapping only");
		bp_survey_results_options ro = { .path = argv[optind + 1], .mapping_path = svo.mapping_path };
		return import_survey_results(c, &ro);
	}
	if (strcmp(kind, "experiences") == 0) {
		if (argc - optind != 2)
			return cli_usage_error(usage, "import experiences needs one file");
		if (csv_only || cbs_only || geo_only || oo.n_gemeenten || svo.mapping_path || svo.report_path)
			return cli_usage_error(usage, "import experiences takes --skip-invalid only");
		bp_experiences_options eo = { .path = argv[optind + 1], .skip_invalid = svo.skip_invalid };
		return import_experiences(c, &eo);
	}
	if (strcmp(kind, "json") == 0) {
		if (argc - optind != 2)
			return cli_usage_error(usage, "import json needs one file");
		if (!svo.mapping_path)
			return cli_usage_error(usage, "import json needs --mapping MAPPING.yaml");
		if (csv_only || cbs_only || geo_only || oo.n_gemeenten || svo.skip_invalid || svo.report_path)
			return cli_usage_error(usage, "import json takes --mapping only");
		bp_json_options jo = { .path = argv[optind + 1], .mapping_path = svo.mapping_path };
		return import_json(c, &jo);
	}
	if (strcmp(kind, "kwb-csv") == 0) {
		if (argc - optind != 2)
			return cli_usage_error(usage, "import kwb-csv needs one file");
		if (cbs_only || geo_only || so.table_id || so.codes || oo.n_gemeenten || svo.skip_invalid || svo.report_path)
			return cli_usage_error(usage, "import kwb-csv takes --year, --skip and --mapping only");
		bp_kwb_csv_options ko = { .path = argv[optind + 1], .mapping = svo.mapping_path, .year = so.year,
		                          .skip = skips, .n_skip = n_skips };
		return import_kwb_csv(c, &ko);
	}
	if (svo.mapping_path || svo.skip_invalid || svo.report_path)
		return cli_usage_error(usage, "--mapping, --skip-invalid and --report are for survey");
	if (strcmp(kind, "geojson") == 0) {
		if (argc - optind != 2)
			return cli_usage_error(usage, "import geojson needs one file");
		if (cbs_only || so.table_id || so.codes || oo.n_gemeenten)
			return cli_usage_error(usage, "import geojson takes --year, --level, --tolerance, --crs and --object only");
		go.path = argv[optind + 1];
		go.year = so.year;
		return import_geojson(c, &go);
	}
	if (geo_only)
		return cli_usage_error(usage, "--level, --tolerance, --crs and --object are for geojson");
	if (strcmp(kind, "statline-csv") != 0)
		return cli_usage_error(usage, "unknown kind '%s' (known: statline-csv, kwb-csv, cbs, cbs-dump, geojson, survey, survey-results, experiences, json)", kind);
	if (argc - optind != 2)
		return cli_usage_error(usage, "import needs a kind and a file");
	if (cbs_only)
		return cli_usage_error(usage, "--catalog, --base-url, --where and --api are for cbs");
	if (oo.n_gemeenten > 1)
		return cli_usage_error(usage, "statline-csv takes one --gemeente");
	so.gemeente = oo.n_gemeenten ? gems[0] : NULL;
	so.path = argv[optind + 1];

	bp_error err = { 0 };
	bp_db db;
	bp_import_result res;
	if (open_for_import(c, &db, &err))
		return EXIT_JOB_FAILED;
	bp_rc rc = bp_import_statline_csv(db.conn, &so, &res, &err);
	bp_db_close(&db);
	if (rc)
		return nothing_loaded(rc, &err, 0);
	if (res.already_loaded)
		already_loaded(so.path, res.source_id, "");
	else
		printf("%s: %ld areas, %ld observations for %d loaded (source %ld)\n",
		       so.path, res.areas, res.observations, res.year, res.source_id);
	return 0;
}
