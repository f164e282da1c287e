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
 */
#ifndef BP_IMPORT_STATLINE_CSV_H
#define BP_IMPORT_STATLINE_CSV_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "import/areacode.h"
#include "import/cbsvalue.h"
#include "import/load.h"

typedef enum bp_statline_role {
	BP_COL_AREA_NAME,     /* the first column: the region's name */
	BP_COL_CODE,          /* Regioaanduiding/Codering */
	BP_COL_GEMEENTENAAM,  /* Regioaanduiding/Gemeentenaam */
	BP_COL_SOORT,         /* Regioaanduiding/Soort regio */
	BP_COL_INDELING,      /* Regioaanduiding/Indelingswijziging gemeente, wijk, buurt */
	BP_COL_TEXT,          /* another text attribute (unit naam/omschrijving/code): not a measure */
	BP_COL_MEASURE,       /* a number per area: becomes observations */
	BP_COL_PERIOD         /* Perioden (tables with a time dimension): one value per file */
} bp_statline_role;

typedef struct bp_statline_column {
	const char *header;        /* as in the file */
	const char *label;         /* the path without the unit: 'Bevolking/Aantal inwoners' */
	const char *unit;          /* 'aantal'; "" when the header has none */
	const char *variable;      /* stable variable code (known or derived) */
	int known;                 /* variable found in bp.variable_label */
	bp_statline_role role;
} bp_statline_column;

typedef struct bp_statline_row {
	bp_area_code area;
	const char *name;
	const char *indeling_change;  /* NULL when absent or '.' */
	bp_cbs_value *values;         /* one per column (only MEASURE columns are set) */
	long line;                    /* where the row starts in the file */
} bp_statline_row;

typedef struct bp_statline_table {
	const char *path;
	bp_statline_column *columns;
	size_t n_columns;
	bp_statline_row *rows;
	size_t n_rows;
	size_t n_measures;
	const char *period;        /* the Perioden column's value; NULL when there is none */
	const char *title;         /* old layout: the title line; NULL otherwise */
} bp_statline_table;

/*
 * Maps a header label to a stable variable code, or returns NULL when the
 * label is not known (the importer then derives a code from the label).
 */
typedef const char *(*bp_label_resolver)(void *ctx, const char *label);

/* Stage 1: parse and check data[0..len) read from path.  Everything lives in a. */
bp_rc bp_statline_parse(const char *path, const char *data, size_t len,
                        bp_label_resolver resolve, void *ctx,
                        bp_arena *a, bp_statline_table *out, bp_error *err);

/* A variable code derived from a label: CamelCase of its words ('Bevolking/
 * Aantal inwoners' -> 'BevolkingAantalInwoners'), prefixed 'v' if it would
 * start with a digit. */
char *bp_statline_derive_code(bp_arena *a, const char *label);

typedef struct bp_statline_options {
	const char *path;
	int year;              /* indeling year and period; 0 = from the file name */
	const char *table_id;  /* NULL = from the file name where known (KWB years) */
	/* Old layout only (rows keyed by name, see statline_old.h): */
	const char *codes;     /* a name;code mapping file, or NULL */
	const char *gemeente;  /* match names to this gemeente's areas in the database, or NULL */
} bp_statline_options;


/*
 * Stage 2 alone, for a parsed (and, old layout, resolved) table: one
 * transaction; the same checksum loaded before is a no-op (res->already_loaded).
 */
bp_rc bp_statline_load(PGconn *conn, const bp_statline_table *t, const char *location,
                       const char *checksum, int year, const char *table_id,
                       bp_import_result *res, bp_error *err);

/* Both stages, for either layout (told apart by bp_statline_old_detect).
 * The schema must be migrated. */
bp_rc bp_import_statline_csv(PGconn *conn, const bp_statline_options *opt,
                             bp_import_result *res, bp_error *err);

/* The year in a StatLine file name such as 'Kerncijfers_wijken_en_buurten_2024_...csv'; 0 if none. */
int bp_statline_year_from_name(const char *path);

#endif
