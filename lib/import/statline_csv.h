/*
 * statline_csv.h: import a StatLine CSV export in the new layout
 * ("CSV met statistische symbolen": UTF-8 with BOM, ';', quoted text,
 * header 'Thema/Subthema/Onderwerp (eenheid)', codes padded, symbols).
 *
 * Two stages, so that a bad file never reaches the database:
 *   1. parse: the whole file is read and checked in memory (fields per row,
 *      area codes, numbers and symbols); any fault stops with file:line:column;
 *   2. load: one transaction writes the source, the areas with their
 *      hierarchy and the observations (COPY); any fault rolls it all back.
 * The same file loaded twice is recognised by its checksum and not loaded again.
 *
 * This file parses the new layout and is the kind's entry for both: it tells
 * the layouts apart and hands an old-layout file to statline_old.c.  What
 * both layouts share (the table, the derived codes, the load) is statline.h,
 * below both parsers, so neither parser calls the other.
 */
#ifndef BP_IMPORT_STATLINE_CSV_H
#define BP_IMPORT_STATLINE_CSV_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "import/load.h"
#include "import/statline.h"

/* Stage 1: parse and check data[0..len) read from path.  Everything lives in a. */
bp_rc bp_statline_parse(const char *path, const char *data, size_t len,
                        bp_label_resolver resolve, void *ctx,
                        bp_arena *a, bp_statline_table *out, bp_error *err) BP_MUST_CHECK;

typedef struct bp_statline_options {
	const char *path;
	int year;              /* indeling year and period; 0 = from the file name */
	const char *table_id;  /* NULL = from the file name where known (KWB years) */
	/* Old layout only (rows keyed by name, see statline_old.h): */
	const char *codes;     /* a name;code mapping file, or NULL */
	const char *gemeente;  /* match names to this gemeente's areas in the database, or NULL */
} bp_statline_options;


/* Both stages, for either layout (told apart by bp_statline_old_detect).
 * The schema must be migrated. */
bp_rc bp_import_statline_csv(PGconn *conn, const bp_statline_options *opt,
                             bp_import_result *res, bp_error *err) BP_MUST_CHECK;

/* The year in a StatLine file name such as 'Kerncijfers_wijken_en_buurten_2024_...csv'; 0 if none. */
int bp_statline_year_from_name(const char *path);

#endif
