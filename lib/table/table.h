/*
 * table.h: a table of figures as the downloads write it, whoever made it:
 * the API (a resource's JSON, api/table.h) and the published site (the
 * tables of a page, table/html.h).  One model and one pair of writers, so
 * that a CSV or workbook from `serve` and one beside a page read the same.
 *
 * Everything a table points to belongs to the arena it was built in.
 */
#ifndef BP_TABLE_TABLE_H
#define BP_TABLE_TABLE_H

#include <stddef.h>
#include <time.h>

#include "core/arena.h"

typedef enum bp_cell_kind {
	BP_CELL_EMPTY,   /* nothing: absent, suppressed, not applicable */
	BP_CELL_TEXT,
	BP_CELL_INT,     /* written as an integer */
	BP_CELL_REAL,    /* written with every digit it has (%.15g) */
} bp_cell_kind;

typedef struct bp_cell {
	bp_cell_kind kind;
	const char *text;  /* BP_CELL_TEXT */
	long long i;       /* BP_CELL_INT */
	double d;          /* BP_CELL_REAL */
	int places;        /* BP_CELL_REAL: the digits after the comma a page showed, plus one (a
	                      download repeats its rounding: "49,0"); 0: every digit the value has */
} bp_cell;

typedef struct bp_table {
	const char *title;    /* what the table is (a page table's caption); NULL: none */
	size_t n_cols, n_rows;
	const char **labels;  /* [n_cols]: the header row */
	bp_cell **cells;      /* [n_rows][n_cols] */
} bp_table;

/* A line about the figures (source, licence, a label): "Bron" and its text. */
typedef struct bp_table_note {
	const char *key, *value;
} bp_table_note;

/*
 * CSV as Dutch Excel reads it: UTF-8 with BOM, ';', decimal comma, CRLF;
 * the header row, then the rows (a number as it was rounded, else with
 * every digit, %.15g); text that starts with = + - @ gets a '
 * so that a spreadsheet never runs it as a formula.  With notes, an empty
 * line and one line per note (key;value) follow the rows, as StatLine's own
 * downloads end with their source.  malloc'd; *len its length.
 */
char *bp_table_csv(const bp_table *t, const bp_table_note *notes, size_t n_notes, size_t *len);

/*
 * A CSV's separator and decimal mark: Dutch Excel's (';' and ',', what
 * bp_table_csv writes) or an English spreadsheet's (',' and '.', RFC 4180),
 * so that a reader of the English site opens figures, not text.
 */
typedef struct bp_csv_style {
	char sep, decimal;
} bp_csv_style;
extern const bp_csv_style bp_csv_dutch, bp_csv_english;

/* bp_table_csv in style (BOM, CRLF, quoting and the formula guard the same). */
char *bp_table_csv_styled(const bp_table *t, const bp_table_note *notes, size_t n_notes, const bp_csv_style *style,
                          size_t *len);

/* A workbook: one sheet per table, and the notes on a sheet of their own. */
typedef struct bp_table_book {
	const bp_table *tables;
	const char *const *sheets;   /* [n]: sheet names (at most 31 characters, none of []:*?/\) */
	size_t n;
	const bp_table_note *notes;  /* on sheet notes_sheet, key and value per row; n_notes 0: no sheet */
	size_t n_notes;
	const char *notes_sheet;
	const char *title;           /* the document's title property; NULL: none */
	time_t created;              /* its creation time; 0: now.  Set, the same tables give the same bytes */
} bp_table_book;

/*
 * The workbook (libxlsxwriter): each sheet a bold frozen header row, the
 * figures as numbers (shown with the decimals they were rounded to), text as text (never a formula).  libxlsxwriter 1.1.4
 * writes only to a file, so it goes through a private temporary file that
 * is removed before returning.  malloc'd; NULL when it could not be written.
 */
char *bp_table_xlsx(const bp_table_book *b, size_t *len);

#endif
