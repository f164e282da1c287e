/*
 * table.h: `import table FILE --mapping MAPPING.yaml`: any table (CSV), wide
 * or long, with areas by code, gemeentenummer or name, through a mapping
 * (table_mapping.h), without reshaping it first (issue 21).
 *
 * The whole file is read and checked before anything is written; every
 * problem is BP_ERR_PARSE at FILE:LINE:COLUMN (or BP_ERR_CONFIG at the
 * mapping's line).  Rows of another region type ("Noord-Brabant (PV)") are
 * skipped and counted, or with 'other_regions: {as: custom}' stored as
 * custom areas (bp.area level 'custom', code "CU" + the region's key:
 * CUPV30, CUPV-NOORD-BRABANT; see areaname.h) that hold the table's own
 * figures and are listed with the mapping's gemeente; a row that repeats another exactly is counted and
 * loaded once; two rows giving one figure different values are an error
 * naming both lines.  Bounds (lower/upper columns or a Marges-style
 * dimension) and respondent counts go to bp.observation_interval; bounds
 * that do not hold their estimate are refused.  The source's publisher,
 * title, table id, URL, licence and retrieval date go to bp.source, so
 * every page cites the table as it is.  The same file with the same
 * mapping twice is one source (already_loaded).
 */
#ifndef BP_IMPORT_TABLE_H
#define BP_IMPORT_TABLE_H

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"
#include "import/load.h"

typedef struct bp_table_options {
	const char *path;
	const char *mapping;
} bp_table_options;

typedef struct bp_table_result {
	bp_import_result base;      /* source_id, already_loaded, rows, areas, observations, year */
	long skipped_rows;          /* regions of another type */
	long custom_rows;           /* ... loaded as custom areas (other_regions: as: custom) */
	long custom_areas;          /* how many custom areas those rows gave */
	long duplicate_rows;        /* rows that repeated earlier ones exactly */
	long first_duplicate_line;  /* the first of them, for the note */
	long unmapped_rows;         /* long form: rows of a topic the mapping does not name */
	long intervals;             /* figures with a 95% interval or respondent count */
	long unknown;               /* figures 'unknown or secret' */
	long problems;              /* rejected with m.collect: how many rows had a problem */
} bp_table_result;

/* Errors: BP_ERR_IO, BP_ERR_CONFIG (mapping), BP_ERR_PARSE (FILE:LINE:COL), BP_ERR_DB; nothing loaded on any. */
bp_rc bp_import_table(PGconn *conn, const bp_table_options *opt, bp_arena *a, bp_table_result *res,
                      bp_error *err) BP_MUST_CHECK;

/* The same with a mapping built in code: another kind's mapping read as a
 * table mapping (survey_results.c), one code path for both. */
typedef struct bp_table_mapping bp_table_mapping;
bp_rc bp_import_table_mapped(PGconn *conn, const char *path, const bp_table_mapping *m, bp_arena *a,
                             bp_table_result *res, bp_error *err) BP_MUST_CHECK;

#endif
