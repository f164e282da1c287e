/*
 * survey_results.h: area-level survey results (surveys published only as
 * aggregates: a value per area, period and indicator with its number of
 * respondents and a lower and upper bound) from CSV through a mapping.
 *
 * The mapping (YAML, every error at its file, line and column):
 *
 *   survey:     name, title, period (default for rows without a period
 *               column), publisher, licence
 *   csv:        separator (";" default, ",", or "tab"), decimal ("." or ","),
 *               suppressed (extra cell texts meaning "suppressed", besides
 *               the empty cell and ".")
 *   columns:    area, indicator, value (required); period, respondents,
 *               lower, upper (optional)
 *   area:       indeling_year (the file's codes are CBS codes of that year:
 *               GM0828, WK082801, BU08280105)
 *   indicators: the file's indicator name -> {variable, title, unit, decimals}
 *
 * A preset of `import table` (table.h): the mapping becomes a long-form
 * table mapping and table.c loads the file.  Values become bp.observation
 * rows of the mapped variable (status ok, or unknown_or_secret with no
 * value for an empty, '.' or suppressed cell); respondents and bounds of a
 * figure with a value go to bp.observation_interval (sql/008).
 *
 * The whole file is read and checked first; each row's first problem
 * (unknown area code or indicator, a cell that is not a number, negative
 * or fractional respondents, lower > upper, a value outside [lower, upper],
 * two rows giving one figure different values, a wrong number of fields)
 * is collected with FILE:LINE:COLUMN.  Any problem rejects the file as a
 * whole (BP_ERR_PARSE located at the first, the first ten listed in the
 * detail) and the database is not touched.  A row repeated exactly is
 * loaded once.
 * Loading is one transaction, locked on the file's checksum: the same bytes
 * twice are loaded once; a corrected file is a new vintage (bp.source row).
 * The areas must exist (import the KWB of the indeling year first).
 */
#ifndef BP_IMPORT_SURVEY_RESULTS_H
#define BP_IMPORT_SURVEY_RESULTS_H

#include <stddef.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"

typedef struct bp_results_indicator {
	const char *name;        /* as written in the file's indicator column */
	const char *variable;    /* bp.variable code */
	const char *title;
	const char *unit;        /* may be NULL */
	long decimals;           /* -1: not given */
	long line, column;       /* where the mapping names it */
} bp_results_indicator;

typedef struct bp_results_mapping {
	const char *path;
	const char *name, *title, *period, *publisher, *licence;
	char sep;
	char decimal;
	const char **suppressed;
	size_t n_suppressed;
	const char *col_area, *col_period, *col_indicator, *col_value;
	const char *col_respondents, *col_lower, *col_upper;   /* NULL when absent */
	int indeling_year;
	bp_results_indicator *indicators;
	size_t n_indicators;
} bp_results_mapping;

bp_rc bp_results_mapping_load(const char *path, bp_arena *a, bp_results_mapping **out, bp_error *err) BP_MUST_CHECK;

typedef struct bp_survey_results_options {
	const char *path;
	const char *mapping_path;
} bp_survey_results_options;

typedef struct bp_survey_results_result {
	int already_loaded;
	long source_id;
	long rows;               /* data rows read */
	long observations;
	long suppressed;         /* of those, unknown_or_secret */
	long intervals;          /* bp.observation_interval rows */
	long problems;           /* when rejected: how many problems were found */
} bp_survey_results_result;

bp_rc bp_import_survey_results(PGconn *conn, const bp_survey_results_options *opt,
                               bp_survey_results_result *res, bp_error *err) BP_MUST_CHECK;

#endif
