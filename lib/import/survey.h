/*
 * survey.h: respondent-level survey files (SPSS .sav through ReadStat, CSV
 * through libcsv) -> survey_private.respondent and the per-area sums
 * in bp.survey_aggregate, through a mapping (survey_mapping.h).
 *
 * The file is streamed, never held whole: every row is checked as soon as
 * it is read (unknown area code, an answer outside the codebook, a missing,
 * non-positive or absurd weight (above 1e6: sums must stay finite), a
 * duplicate respondent id, a row cut short at the
 * end of the file) and every problem kept with its data row (1 = first
 * respondent).  By default any problem rejects the file: BP_ERR_PARSE with
 * the first row and the first problems in the detail, and the transaction
 * the rows were being copied in is rolled back, so the database is
 * unchanged.  With skip_invalid the valid rows are loaded and the skipped
 * ones written to a report CSV (row;line;respondent;column;problem;value).
 *
 * Loading is one transaction: a file whose bytes are the current source of
 * its survey is a no-op (it is still read and checked); otherwise the
 * surveys of the same name, period and gemeente are replaced (respondents
 * with their answers as one integer[] in question order, aggregates) by
 * this file's.  The per-area sums are taken while reading.
 * Area codes must exist in bp.area for the mapping's indeling year (import
 * the KWB first).
 */
#ifndef BP_IMPORT_SURVEY_H
#define BP_IMPORT_SURVEY_H

#include <libpq-fe.h>

#include "core/error.h"
#include "core/fsutil.h"

typedef struct bp_survey_options {
	const char *path;          /* .sav (by extension, case-insensitive) or CSV */
	const char *mapping_path;
	int skip_invalid;
	const char *report_path;   /* NULL: PATH.skipped.csv, beside the file */
} bp_survey_options;

typedef struct bp_survey_result {
	int already_loaded;        /* this file is the current source: nothing done */
	int synthetic;             /* SYNTHETIC in the file name, the .sav label or a synthetic column */
	long source_id;
	long rows;                 /* data rows read */
	long respondents;          /* loaded */
	long answers;
	long skipped;              /* invalid rows left out (skip_invalid) */
	long aggregates;
	long surveys;              /* bp.survey rows written (one per gemeente) */
	long replaced;             /* of those, how many replaced an earlier file */
	char report_path[BP_PATH_MAX];  /* written when skipped > 0 */
} bp_survey_result;

/* conn NULL: read and check only, against no areas (every code is unknown),
 * nothing loaded: the fuzz harness (tests/fuzz). */
bp_rc bp_import_survey(PGconn *conn, const bp_survey_options *opt, bp_survey_result *res, bp_error *err) BP_MUST_CHECK;

#endif
