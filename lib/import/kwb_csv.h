/*
 * kwb_csv.h: import CBS "kerncijfers wijken en buurten" in the download
 * layout with short column names (kwb-YYYY.xls/.csv saved as CSV, the
 * wijk- en buurtkaart attribute tables' names): gwb_code_10, regio, recs,
 * ind_wbi, a_inw, a_hh, a_soz_wb, ... and optionally a `year` column, so
 * that one file may hold several years (each its own indeling).
 *
 * Which short column becomes which stable variable code (bp.variable) is
 * not in the code but in a user-editable mapping (mappings/kwb-kort.yaml):
 *
 *   columns:
 *     a_inw: AantalInwoners                  # plain: the variable code
 *     g_hhgro: {variable: GemiddeldeHuishoudensgrootte, unit: aantal, decimals: 1}
 *   ignore: [gwb_code_8, gm_naam]            # known columns that are no figures
 *
 * Header columns that are neither mapped, ignored nor structural (code,
 * name, level, indeling change, year) are not loaded and are listed in the
 * result.  Several columns may name one variable (KWB's own a_jz_tn and a
 * joined CBS jeugdzorg table): a row takes the one with a value, and two
 * different values in one row are an error.
 *
 * Cells: a number with '.' (or, in a ';'-separated file, ',') as decimal
 * separator; empty, '.' and wijkbuurtkaart sentinels (<= -99990, such as
 * -99999999) are missing (unknown_or_secret).  A mapped column without any
 * value for a year (the topic was not in that year's release) is not
 * loaded for that year at all and is listed in the result.  Anything else
 * is BP_ERR_PARSE at FILE:LINE:COLUMN naming the column, before the
 * database is touched.  The load is one transaction; the same bytes twice
 * are one source (already_loaded), whatever the mapping or skips.
 */
#ifndef BP_IMPORT_KWB_CSV_H
#define BP_IMPORT_KWB_CSV_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "import/load.h"

/* The default mapping, relative to the project folder (the working directory). */
#define BP_KWB_DEFAULT_MAPPING "mappings/kwb-kort.yaml"

/* One column of one year left out (a damaged column, `--skip 2021:g_hhgro`). */
typedef struct bp_kwb_skip {
	int year;
	const char *column;
} bp_kwb_skip;

/* At most this many skips in one import. */
#define BP_KWB_MAX_SKIPS 64

/* Parse "YEAR:COLUMN"; column points into s.  0 on success, -1 if malformed. */
int bp_kwb_skip_parse(const char *s, bp_kwb_skip *out);

typedef struct bp_kwb_mapping_entry {
	const char *column;     /* the short name in the file */
	const char *variable;   /* stable code */
	const char *title;      /* for a variable not yet in bp.variable; default the column */
	const char *unit;       /* NULL = not said (no check) */
	long decimals;          /* -1 = not said */
	long line, column_no;   /* where the column's key is written */
} bp_kwb_mapping_entry;

typedef struct bp_kwb_mapping {
	const char *path;
	bp_kwb_mapping_entry *entries;
	size_t n;
	const char **ignore;
	size_t n_ignore;
} bp_kwb_mapping;

/* Load and check a mapping: errors are BP_ERR_CONFIG at its file:line:column. */
bp_rc bp_kwb_mapping_load(const char *path, bp_arena *a, bp_kwb_mapping **out, bp_error *err) BP_MUST_CHECK;

typedef struct bp_kwb_csv_options {
	const char *path;
	const char *mapping;       /* NULL = BP_KWB_DEFAULT_MAPPING */
	int year;                  /* only for a file without a year column; 0 = not given */
	const bp_kwb_skip *skip;
	size_t n_skip;
} bp_kwb_csv_options;

#define BP_KWB_MAX_YEARS 16

typedef struct bp_kwb_csv_result {
	bp_import_result base;      /* source_id, already_loaded, rows, areas, observations */
	int years[BP_KWB_MAX_YEARS];/* the file's years, ascending */
	size_t n_years;
	const char **unmapped;      /* header columns not in the mapping (in the caller's arena) */
	size_t n_unmapped;
	const char **empty;         /* "2022 a_geb": mapped columns without any value in a year */
	size_t n_empty;
	long skipped_cells;         /* cells left out by the skips */
	long duplicate_rows;        /* rows that repeated an earlier one exactly, loaded once */
	long first_duplicate_line;
} bp_kwb_csv_result;

/*
 * Parse and check the whole file and the mapping, then load in one
 * transaction: the source (importer 'kwb-csv', CBS, CC BY 4.0), the
 * variables (a variable known with another unit than the mapping says is
 * BP_ERR_CONFIG at the mapping's line), the areas of each year as that
 * year's indeling (parents from the codes, NL01 read as NL00) and the
 * observations (period = year).  Lists in res live in a.
 * Errors: BP_ERR_IO (unreadable), BP_ERR_PARSE (FILE:LINE:COL), BP_ERR_CONFIG
 * (mapping), BP_ERR_USAGE (no year, a skip naming no column of the file or
 * no year of it), BP_ERR_DB; nothing is loaded on any error.
 * conn NULL: parse and check only, nothing loaded (the fuzz harness, tests/fuzz).
 */
bp_rc bp_import_kwb_csv(PGconn *conn, const bp_kwb_csv_options *opt, bp_arena *a,
                        bp_kwb_csv_result *res, bp_error *err) BP_MUST_CHECK;

#endif
