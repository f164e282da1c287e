/*
 * statline.h: what the two StatLine CSV layouts share, below both parsers
 * (statline_csv.c: the new layout; statline_old.c: the old one): the parsed
 * table, the derived variable codes and stage 2, the load.  Each parser
 * fills a bp_statline_table; bp_statline_load writes it in one transaction.
 */
#ifndef BP_IMPORT_STATLINE_H
#define BP_IMPORT_STATLINE_H

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

/* A variable code derived from a label: CamelCase of its words ('Bevolking/
 * Aantal inwoners' -> 'BevolkingAantalInwoners'), prefixed 'v' if it would
 * start with a digit. */
char *bp_statline_derive_code(bp_arena *a, const char *label);

/* The label's last segment: 'Bevolking/Aantal inwoners' -> 'Aantal inwoners'. */
const char *bp_statline_last_segment(const char *label);

/* The CBS table id of Kerncijfers Wijken en Buurten of year; NULL if unknown. */
const char *bp_statline_kwb_table_id(int year);

/*
 * Stage 2 alone, for a parsed (and, old layout, resolved) table: one
 * transaction; the same checksum loaded before is a no-op (res->already_loaded).
 */
bp_rc bp_statline_load(PGconn *conn, const bp_statline_table *t, const char *location,
                       const char *checksum, int year, const char *table_id,
                       bp_import_result *res, bp_error *err) BP_MUST_CHECK;

#endif
