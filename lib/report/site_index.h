/*
 * site_index.h: what one gemeente gives the site's index (its table rows,
 * its small map, its sources and synthetic notice), kept beside its pages
 * so that an incremental publish (report/site.h) takes it from there for a
 * gemeente whose inputs did not change, instead of reading every area's
 * series from the database again: that was most of the fixed cost of a run
 * in which one gemeente changed (bench/RESULTS.md, issue 19).
 *
 * The part is the file SITE/.buurtpeil-index-GM0000, written with the
 * gemeente's pages (so it is one of the files its manifest entry lists and
 * is linked with them), read whole.  Its rows are valid only for the index
 * columns they were made for: a part made for other columns is as none.
 * GKeyFile (GLib) holds the fields: it escapes the newlines of the HTML.
 */
#ifndef BP_REPORT_SITE_INDEX_H
#define BP_REPORT_SITE_INDEX_H

#include "core/arena.h"
#include "core/error.h"
#include "report/html.h"

/*
 * What a row holds; a part of another format is as none (its rows would
 * lack what the table now shows).  2: every figure cell carries its period
 * (bp_site_index_cell_period), its interval and its carried-over mark.
 */
#define BP_SITE_INDEX_FORMAT 2

typedef struct bp_site_index_part {
	const char *columns;  /* the index columns' indicator ids, separated by spaces */
	const char *rows;     /* <tr>...</tr> of each area, HTML */
	const char *maps;     /* the small map's section, HTML ("" without borders) */
	const char *sources;  /* the gemeente's sources line */
	int synthetic;        /* figures of a synthetic survey */
	const char *surveys;  /* ... which ones (NULL: unnamed) */
	long areas;           /* rows */
} bp_site_index_part;

/* The part's file name in the site folder for gemeente. */
const char *bp_site_index_part_name(bp_arena *a, const char *gemeente);

/* Write p to path atomically. */
bp_rc bp_site_index_part_save(const char *path, const bp_site_index_part *p, bp_error *err) BP_MUST_CHECK;

/*
 * Read path into p (strings in a).  BP_ERR_NOT_FOUND when there is no such
 * file, it cannot be read, or it was made for other columns than columns:
 * the caller then makes the rows from the database.
 */
bp_rc bp_site_index_part_load(const char *path, const char *columns, bp_arena *a, bp_site_index_part *p,
                              bp_error *err) BP_MUST_CHECK;

/*
 * A figure cell's period, written into every cell of column c: the index's
 * columns are known to hold one period only when all rows are made (some
 * from kept parts), so bp_site_index_rows_emit drops it where the head
 * names it instead.
 */
void bp_site_index_cell_period(bp_html *b, size_t c, const char *period);

/* Per column of rows (n_cols): the period, HTML-escaped, all its cells share; NULL when they differ or
 * there is none.  In a. */
const char **bp_site_index_periods(const char *rows, size_t n_cols, bp_arena *a);

/* rows into b, without the period of a cell whose column has one (periods[c], which its head names). */
void bp_site_index_rows_emit(bp_html *b, const char *rows, const char *const *periods, size_t n_cols);

#endif
