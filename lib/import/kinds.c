/*
 * kinds.c: the built-in kinds of the importer registry.  Each is its keys,
 * its help and a run that maps the keys onto the importer's own options and
 * its result onto the common summary.  The importers themselves stay as
 * they are (their own structs, their own tests).
 */
#include "import/kinds.h"

#include <string.h>

#include "core/buf.h"
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

#define KEY_FILE { "file", BP_KEY_PATH, BP_KEY_ARG | BP_KEY_REQUIRED, "FILE", "the file to load", NULL }
#define KEY_MAPPING { "mapping", BP_KEY_PATH, BP_KEY_REQUIRED, "MAPPING.yaml", "the mapping (required)", NULL }

/* statline-csv, cbs-dump and json report the same shared result. */
static void base_counts(bp_import_summary *sum, const bp_import_result *r)
{
	sum->source_id = r->source_id;
	sum->already_loaded = r->already_loaded;
	bp_import_count(sum, r->areas, "areas");
	bp_import_count(sum, r->observations, "observations");
}

/* ---- statline-csv ------------------------------------------------------ */

static bp_rc run_statline_csv(PGconn *conn, const bp_import_args *args, bp_arena *a, bp_import_summary *sum,
                              bp_error *err)
{
	bp_statline_options o = {
		.path = bp_import_str(args, "file"), .year = (int)bp_import_num(args, "year", 0),
		.table_id = bp_import_str(args, "table_id"), .codes = bp_import_str(args, "codes"),
		.gemeente = bp_import_str(args, "gemeente"),
	};
	bp_import_result r;
	bp_rc rc = bp_import_statline_csv(conn, &o, &r, err);
	if (rc)
		return rc;
	base_counts(sum, &r);
	sum->line = bp_arena_printf(a, "%ld areas, %ld observations for %d loaded (source %ld)", r.areas,
	                            r.observations, r.year, r.source_id);
	return BP_OK;
}

const bp_importer bp_importer_statline_csv = {
	.kind = "statline-csv",
	.summary =
		"Load a StatLine CSV export (new layout: 'CSV met statistische symbolen', with\n"
		"the column Regioaanduiding/Codering) into areas and observations, in one\n"
		"transaction.  The same file twice is loaded once.  Old-layout exports (a title\n"
		"line, a units row, decimal comma) name their regions only; each name needs a\n"
		"code: from --codes, else from --gemeente's areas already loaded for the year\n"
		"(an unknown or ambiguous name is an error).\n",
	.keys = {
		KEY_FILE,
		{ "year", BP_KEY_YEAR, 0, "YYYY", "indeling and period of the figures (default: from the file name)", NULL },
		{ "table_id", BP_KEY_TEXT, 0, "ID", "the CBS table id (default: known for Kerncijfers wijken en buurten)", NULL },
		{ "codes", BP_KEY_PATH, 0, "MAPPING.csv", "old layout: a 'name;code' line per region ('name;-' leaves it out)", NULL },
		{ "gemeente", BP_KEY_GEMEENTE, 0, "GM0363", "old layout: match names to this gemeente's areas", NULL },
	},
	.run = run_statline_csv,
};

/* ---- cbs --------------------------------------------------------------- */

static const char *const api_versions[] = { "v3", "v4", NULL };

static bp_rc run_cbs(PGconn *conn, const bp_import_args *args, bp_arena *a, bp_import_summary *sum,
                     bp_error *err)
{
	const bp_import_value *gem = bp_import_get(args, "gemeente");
	const char *const *gemeenten = gem->list;
	size_t n_gemeenten = gem->n;
	/* The whole country unless asked otherwise: a percentile or flag is only
	 * national over all of Nederland (issue 16); national: false is the
	 * monitor's own gemeenten (the reports cover those either way). */
	if (!gem->given && !bp_import_num(args, "national", 1)) {
		gemeenten = args->monitor_gemeenten;
		n_gemeenten = args->n_monitor_gemeenten;
	}
	const bp_import_value *where = bp_import_get(args, "where");
	bp_import_result r;
	bp_rc rc;
	if (bp_import_num(args, "api", 0) == 1) {
		/* Same options, the v4 service: its own default base and paths. */
		bp_odata4_options o = {
			.table_id = bp_import_str(args, "table"), .base_url = bp_import_str(args, "base_url"),
			.catalog = bp_import_str(args, "catalog"), .gemeenten = gemeenten, .n_gemeenten = n_gemeenten,
			.where = where->list, .n_where = where->n, .progress = args->progress,
			.progress_ctx = args->progress_ctx,
		};
		rc = bp_import_odata4(conn, &o, &r, err);
	} else {
		bp_odata3_options o = {
			.table_id = bp_import_str(args, "table"), .base_url = bp_import_str(args, "base_url"),
			.catalog = bp_import_str(args, "catalog"), .gemeenten = gemeenten, .n_gemeenten = n_gemeenten,
			.where = where->list, .n_where = where->n, .progress = args->progress,
			.progress_ctx = args->progress_ctx,
		};
		rc = bp_import_odata3(conn, &o, &r, err);
	}
	if (rc)
		return rc;
	base_counts(sum, &r);
	sum->line = bp_arena_printf(a, "%ld areas, %ld observations for indeling %d loaded from %ld pages (source %ld%s)",
	                            r.areas, r.observations, r.year, r.pages, r.source_id,
	                            r.retries ? "; some requests were retried" : "");
	return BP_OK;
}

const bp_importer bp_importer_cbs = {
	.kind = "cbs",
	.summary =
		"Download a table from CBS open data (OData v3, or v4 with --api v4) and load it\n"
		"in one transaction: every page is checked, nothing is kept unless all arrived.\n"
		"A table whose TableInfos.Modified was loaded before is not loaded again; a\n"
		"newer one becomes a new vintage.  Dimensions other than region and period keep\n"
		"one member: the first of the dimension's list (the total), or the one --where\n"
		"names.  The command line loads all of Nederland unless --gemeente is given; a\n"
		"monitor configuration does so unless national: false (then its gemeenten).\n",
	.keys = {
		{ "table", BP_KEY_TEXT, BP_KEY_ARG | BP_KEY_REQUIRED, "TABLE", "the table id, such as 50090NED", NULL },
		{ "catalog", BP_KEY_TEXT, 0, "NAME", "CBS (default, opendata.cbs.nl) or a third party such as RIVM", NULL },
		{ "base_url", BP_KEY_URL, 0, "URL", "another server with the same paths (a mirror, a test server)", NULL },
		{ "gemeente", BP_KEY_GEMEENTE, BP_KEY_MANY, "GM0828", "only this gemeente with its wijken and buurten", NULL },
		{ "where", BP_KEY_WHERE, BP_KEY_MANY, "DIM=KEY", "keep this member of a dimension, e.g. Leeftijd=20300", NULL },
		{ "api", BP_KEY_CHOICE, 0, "v3|v4", "the OData version: v3 (default) or v4 (datasets.cbs.nl/odata/v1)",
		  api_versions },
		{ "national", BP_KEY_BOOL, BP_KEY_CONFIG_ONLY, "", "false: only the configuration's gemeenten (default true)",
		  NULL },
	},
	.run = run_cbs,
};

/* ---- cbs-dump ---------------------------------------------------------- */

static bp_rc run_cbs_dump(PGconn *conn, const bp_import_args *args, bp_arena *a, bp_import_summary *sum,
                          bp_error *err)
{
	bp_import_result r;
	bp_rc rc = bp_import_cbs_dump(conn, bp_import_str(args, "dir"), &r, err);
	if (rc)
		return rc;
	base_counts(sum, &r);
	sum->line = bp_arena_printf(a, "%s, %ld areas, %ld observations for indeling %d loaded (source %ld)", r.table_id,
	                            r.areas, r.observations, r.year, r.source_id);
	return BP_OK;
}

const bp_importer bp_importer_cbs_dump = {
	.kind = "cbs-dump",
	.summary =
		"Load a folder written by the R client cbsodataR (data.csv and metadata CSVs) or\n"
		"the Python client cbsodata (JSON arrays such as DataProperties.json and\n"
		"TypedDataSet.json), mapped as 'import cbs' would.\n",
	.keys = {
		{ "dir", BP_KEY_PATH, BP_KEY_ARG | BP_KEY_REQUIRED, "DIR", "the dump folder", NULL },
	},
	.run = run_cbs_dump,
};

/* ---- geojson ----------------------------------------------------------- */

static const char *const levels[] = { "gemeente", "wijk", "buurt", NULL };
static const int level_values[] = { BP_LEVEL_GEMEENTE, BP_LEVEL_WIJK, BP_LEVEL_BUURT };

static bp_rc run_geojson(PGconn *conn, const bp_import_args *args, bp_arena *a, bp_import_summary *sum,
                         bp_error *err)
{
	long level = bp_import_num(args, "level", -1);
	bp_geojson_options o = {
		.path = bp_import_str(args, "file"), .year = (int)bp_import_num(args, "year", 0),
		.level = level < 0 ? -1 : level_values[level], .tolerance = bp_import_real(args, "tolerance"),
		.crs = bp_import_str(args, "crs"), .object = bp_import_str(args, "object"),
	};
	bp_geojson_result r;
	bp_rc rc = bp_import_geojson(conn, &o, &r, err);
	if (rc)
		return rc;
	sum->source_id = r.source_id;
	sum->already_loaded = r.already_loaded;
	bp_import_count(sum, r.stored, "borders");
	if (r.already_loaded)
		return BP_OK;
	const bp_geojson_file *f = &r.file;
	sum->line = bp_arena_printf(a, "%ld borders for indeling %d loaded (source %ld); %ld vertices, %ld after simplifying",
	                            r.stored, f->year, r.source_id, f->vertices_full, f->vertices_simple);
	if (f->merged)
		bp_import_note(sum, a, "  %ld features were further parts of an area named before (merged)", f->merged);
	if (f->duplicates)
		bp_import_note(sum, a, "  %ld polygons repeated one their area already had (kept once)", f->duplicates);
	if (f->skipped_water || f->skipped_code || f->skipped_level || f->skipped_empty)
		bp_import_note(sum, a, "  skipped: %ld water, %ld without a CBS code, %ld of another level, %ld empty",
		               f->skipped_water, f->skipped_code, f->skipped_level, f->skipped_empty);
	if (f->repaired)
		bp_import_note(sum, a, "  %ld invalid shapes repaired (GEOSMakeValid)", f->repaired);
	if (r.unmatched)
		bp_import_note(sum, a,
		               "  %ld borders have no area of that code in indeling %d yet (kept; import the figures to link them)",
		               r.unmatched, f->year);
	return BP_OK;
}

const bp_importer bp_importer_geojson = {
	.kind = "geojson",
	.summary =
		"Load area borders (CBS/PDOK wijk- en buurtkaart, gebiedsindelingen) from a\n"
		"GeoJSON FeatureCollection or a TopoJSON Topology, in RD New (a crs member) or\n"
		"WGS84 (none), as RD New shapes with a simplified copy for maps, in one\n"
		"transaction.  Water features and features without a CBS code are skipped and\n"
		"counted.\n",
	.keys = {
		KEY_FILE,
		{ "year", BP_KEY_YEAR, 0, "YYYY", "the indeling (default: property jaar, metadata.year, file name)", NULL },
		{ "level", BP_KEY_CHOICE, 0, "LEVEL", "only features of this level: gemeente, wijk or buurt", levels },
		{ "tolerance", BP_KEY_METRES, 0, "METRES", "simplification tolerance in metres (default 5)", NULL },
		{ "crs", BP_KEY_TEXT, 0, "EPSG:28992", "the coordinates' CRS when the file does not say (default WGS84)", NULL },
		{ "object", BP_KEY_TEXT, 0, "NAME", "the object of a TopoJSON file holding several", NULL },
	},
	.run = run_geojson,
};

/* ---- survey ------------------------------------------------------------ */

static bp_rc run_survey(PGconn *conn, const bp_import_args *args, bp_arena *a, bp_import_summary *sum,
                        bp_error *err)
{
	bp_survey_options o = {
		.path = bp_import_str(args, "file"), .mapping_path = bp_import_str(args, "mapping"),
		.skip_invalid = (int)bp_import_num(args, "skip_invalid", 0), .report_path = bp_import_str(args, "report"),
	};
	bp_survey_result r;
	bp_rc rc = bp_import_survey(conn, &o, &r, err);
	if (rc && r.respondents == 0)
		return rc;
	sum->committed = 1;   /* loaded, even when the skipped rows' report failed */
	sum->source_id = r.source_id;
	sum->already_loaded = r.already_loaded;
	sum->synthetic = r.synthetic;
	bp_import_count(sum, r.respondents, "respondents");
	bp_import_count(sum, r.answers, "answers");
	bp_import_count(sum, r.aggregates, "aggregate rows");
	sum->line = bp_arena_printf(a, "%ld respondents, %ld answers, %ld aggregate rows in %ld survey(s)%s (source %ld)%s",
	                            r.respondents, r.answers, r.aggregates, r.surveys,
	                            r.replaced ? ", replacing the earlier file" : "", r.source_id,
	                            r.synthetic ? " [SYNTHETIC data]" : "");
	if (r.skipped)
		bp_import_note(sum, a, "%s: %ld invalid rows skipped, listed in %s", o.path, r.skipped, r.report_path);
	return rc;
}

const bp_importer bp_importer_survey = {
	.kind = "survey",
	.summary =
		"Load a respondent-level survey file (SPSS .sav, or CSV with , ; or tab, UTF-8\n"
		"or Windows-1252) through a mapping (surveys/*.yaml) into the private survey\n"
		"schema and the per-area sums in bp.  A row with an unknown area, an answer\n"
		"outside the codebook, a missing or non-positive weight or a duplicate\n"
		"respondent rejects the whole file, each reported with its row.  The same file\n"
		"twice is loaded once; a corrected file replaces the earlier one.\n",
	.keys = {
		KEY_FILE,
		KEY_MAPPING,
		{ "skip_invalid", BP_KEY_BOOL, 0, "", "load the valid rows; the others go to a report", NULL },
		{ "report", BP_KEY_PATH, 0, "FILE", "where that report goes (default FILE.skipped.csv)", NULL },
	},
	.run = run_survey,
};

/* ---- survey-results ---------------------------------------------------- */

static bp_rc run_survey_results(PGconn *conn, const bp_import_args *args, bp_arena *a, bp_import_summary *sum,
                                bp_error *err)
{
	bp_survey_results_options o = { .path = bp_import_str(args, "file"),
	                                .mapping_path = bp_import_str(args, "mapping") };
	bp_survey_results_result r;
	bp_rc rc = bp_import_survey_results(conn, &o, &r, err);
	if (rc)
		return rc;
	sum->source_id = r.source_id;
	sum->already_loaded = r.already_loaded;
	bp_import_count(sum, r.observations, "observations");
	sum->line = bp_arena_printf(a, "%ld observations (%ld suppressed), %ld with bounds or respondents (source %ld)",
	                            r.observations, r.suppressed, r.intervals, r.source_id);
	return BP_OK;
}

const bp_importer bp_importer_survey_results = {
	.kind = "survey-results",
	.summary =
		"Load area-level survey results (area, period, indicator, value, respondents,\n"
		"lower and upper bound) from CSV through a mapping: values become observations,\n"
		"bounds and respondents bp.observation_interval.  An unknown area or indicator,\n"
		"a cell that is not a number, negative respondents, lower > upper or a value\n"
		"outside its bounds rejects the whole file, each at its line and column.  The\n"
		"same file twice is loaded once.\n",
	.keys = { KEY_FILE, KEY_MAPPING },
	.run = run_survey_results,
};

/* ---- experiences ------------------------------------------------------- */

static bp_rc run_experiences(PGconn *conn, const bp_import_args *args, bp_arena *a, bp_import_summary *sum,
                             bp_error *err)
{
	bp_experiences_options o = { .path = bp_import_str(args, "file"),
	                             .skip_invalid = (int)bp_import_num(args, "skip_invalid", 0) };
	bp_experiences_result r;
	bp_rc rc = bp_import_experiences(conn, &o, a, &r, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < r.n_problems; i++)
		bp_import_warning(sum, a, "%s:%ld:%ld: row %ld skipped: %s", o.path, r.problems[i].line,
		                  r.problems[i].column, r.problems[i].row, r.problems[i].what);
	sum->source_id = r.source_id;
	sum->already_loaded = r.already_loaded;
	bp_import_count(sum, r.loaded, "experiences");
	bp_import_count(sum, r.consented, "with consent");
	sum->line = bp_arena_printf(a, "%ld experiences (%ld with consent, %ld examples)%s (source %ld)", r.loaded,
	                            r.consented, r.examples, r.replaced ? ", replacing the earlier file" : "",
	                            r.source_id);
	if (r.skipped)
		bp_import_note(sum, a, "%s: %ld invalid rows skipped", o.path, r.skipped);
	return BP_OK;
}

const bp_importer bp_importer_experiences = {
	.kind = "experiences",
	.summary =
		"Load residents' and professionals' stories, quotes and ratings (CSV or .yaml;\n"
		"columns area, date, theme, role, kind, text, rating, consent, example, source,\n"
		"intervention) into bp.experience.  Each row is checked: a bad date, a rating\n"
		"outside 1..10, an unknown role, theme or area, no consent, or an e-mail\n"
		"address, phone number, address or name in the text refuses the file, each\n"
		"problem at its row, line and column.  Only rows with consent are ever\n"
		"published.  The same file twice is loaded once; a changed file of the same\n"
		"name replaces the earlier one.\n",
	.keys = {
		KEY_FILE,
		{ "skip_invalid", BP_KEY_BOOL, 0, "",
		  "load the valid rows and list the others (no report file: it would copy personal data)", NULL },
	},
	/* Rows may be about a custom area: a monitor stores those first. */
	.flags = BP_IMPORTER_AFTER_AREAS,
	.run = run_experiences,
};

/* ---- json -------------------------------------------------------------- */

static bp_rc run_json(PGconn *conn, const bp_import_args *args, bp_arena *a, bp_import_summary *sum, bp_error *err)
{
	bp_json_options o = { .path = bp_import_str(args, "file"), .mapping_path = bp_import_str(args, "mapping") };
	bp_import_result r;
	bp_rc rc = bp_import_json_records(conn, &o, &r, err);
	if (rc)
		return rc;
	base_counts(sum, &r);
	sum->line = bp_arena_printf(a, "%ld records, %ld areas, %ld observations for indeling %d loaded (source %ld)",
	                            r.rows, r.areas, r.observations, r.year, r.source_id);
	return BP_OK;
}

const bp_importer bp_importer_json = {
	.kind = "json",
	.summary =
		"Load figures per area from a nested JSON document (an open-data portal's or\n"
		"dashboard's file) through a mapping (mappings/*.yaml: source, period, indeling,\n"
		"record sets with their code field and fields -> variables).  A null or absent\n"
		"field is a missing figure; any other value that is not a number refuses the\n"
		"file at its JSON path.  One transaction; the same file with the same mapping\n"
		"twice is loaded once.\n",
	.keys = { KEY_FILE, KEY_MAPPING },
	.run = run_json,
};

/* ---- kwb-csv ----------------------------------------------------------- */

/* Lists like "a_geb, p_geb": what the mapping or a year did not load. */
static void note_names(bp_import_summary *sum, bp_arena *a, const char *what, const char *const *names, size_t n)
{
	if (n == 0)
		return;
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_printf(&b, "  %s (%zu):", what, n);
	for (size_t i = 0; i < n; i++)
		bp_buf_printf(&b, "%s %s", i ? "," : "", names[i]);
	bp_import_note(sum, a, "%s", b.data);
	bp_buf_release(&b);
}

static bp_rc run_kwb_csv(PGconn *conn, const bp_import_args *args, bp_arena *a, bp_import_summary *sum,
                         bp_error *err)
{
	const bp_import_value *skip = bp_import_get(args, "skip");
	bp_kwb_skip *skips = bp_arena_alloc(a, (skip->n + 1) * sizeof(*skips));
	for (size_t i = 0; i < skip->n; i++)
		bp_kwb_skip_parse(skip->list[i], &skips[i]);   /* checked when the key was set */
	bp_kwb_csv_options o = {
		.path = bp_import_str(args, "file"), .mapping = bp_import_str(args, "mapping"),
		.year = (int)bp_import_num(args, "year", 0), .skip = skips, .n_skip = skip->n,
	};
	bp_kwb_csv_result r;
	bp_rc rc = bp_import_kwb_csv(conn, &o, a, &r, err);
	if (rc)
		return rc;
	base_counts(sum, &r.base);
	if (r.base.already_loaded)
		return BP_OK;
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_printf(&b, "%ld areas, %ld observations for", r.base.areas, r.base.observations);
	for (size_t i = 0; i < r.n_years; i++)
		bp_buf_printf(&b, "%s %d", i ? "," : "", r.years[i]);
	bp_buf_printf(&b, " loaded (source %ld)", r.base.source_id);
	sum->line = bp_arena_strdup(a, b.data);
	bp_buf_release(&b);
	if (r.skipped_cells)
		bp_import_note(sum, a, "  %ld cells left out by --skip", r.skipped_cells);
	if (r.duplicate_rows)
		bp_import_note(sum, a, "  %ld rows repeated earlier ones exactly (first at line %ld), loaded once",
		               r.duplicate_rows, r.first_duplicate_line);
	note_names(sum, a, "not in the mapping, not loaded", r.unmapped, r.n_unmapped);
	note_names(sum, a, "mapped but empty for every area of the year, not loaded", r.empty, r.n_empty);
	return BP_OK;
}

const bp_importer bp_importer_kwb_csv = {
	.kind = "kwb-csv",
	.summary =
		"Load a CBS kerncijfers wijken en buurten download with short column names\n"
		"(gwb_code_10, regio, recs, a_inw, a_hh, a_soz_wb, ...; ',' or ';'), one or more\n"
		"years (a 'year' column), through a mapping of short names to variables.  Empty,\n"
		"'.' and -99999999 cells are missing; columns without a mapping are listed, not\n"
		"loaded.  One transaction; the same file twice is loaded once.\n",
	.keys = {
		KEY_FILE,
		{ "year", BP_KEY_YEAR, 0, "YYYY", "the year of a file without a year column (indeling and period)", NULL },
		{ "skip", BP_KEY_SKIP, BP_KEY_MANY, "YEAR:COLUMN", "leave out a damaged column of one year", NULL },
		{ "mapping", BP_KEY_PATH, BP_KEY_CONFIG_REQUIRED, "MAPPING.yaml",
		  "default " BP_KWB_DEFAULT_MAPPING " (required in a configuration)", NULL },
	},
	.run = run_kwb_csv,
};
