/*
 * load.h: the database half that every importer shares.
 *
 * An importer opens one transaction, writes its bp.source row, stages its
 * areas in the temporary table stg_area, lets bp_load_merge_areas() check
 * every parent and upsert them into bp.area, COPYs its observations and
 * commits; a failure anywhere rolls all of it back.
 */
#ifndef BP_IMPORT_LOAD_H
#define BP_IMPORT_LOAD_H

#include <libpq-fe.h>

#include "core/buf.h"
#include "core/error.h"
#include "import/areacode.h"

typedef struct bp_import_result {
	long source_id;
	int already_loaded;    /* the same bytes (or vintage) were loaded before: nothing done */
	long rows;
	long areas;
	long observations;
	int year;
	char table_id[32];
	long pages;            /* OData: data pages read */
	long retries;          /* OData: HTTP retries needed */
} bp_import_result;

/*
 * Take the transaction's advisory lock 'bp.source:{key}': two loads of one
 * thing at once (the same bytes, or one table), the second waits and then
 * sees what the first committed.
 */
bp_rc bp_load_lock(PGconn *conn, const char *key, bp_error *err) BP_MUST_CHECK;

/*
 * For the importers that know a file by its bytes: lock on checksum, then
 * *existing = the bp.source row importer wrote for those bytes before, 0 if
 * none.  Inside the caller's transaction.
 */
bp_rc bp_load_lock_checksum(PGconn *conn, const char *checksum, const char *importer,
                            long *existing, bp_error *err) BP_MUST_CHECK;

/*
 * BEGIN, then bp_load_lock_checksum; when those bytes were loaded before,
 * res->source_id and res->already_loaded say so, the transaction is
 * committed and the caller is done.  On an error the caller rolls back, as
 * after any other step.
 */
bp_rc bp_load_begin_checksum(PGconn *conn, const char *checksum, const char *importer,
                             bp_import_result *res, bp_error *err) BP_MUST_CHECK;

/*
 * A variable a mapping names: known in bp.variable, or created from the
 * title the mapping gives (unit NULL and decimals -1: not said; the title
 * and unit stored as bp_load_display_text).  Unknown without a title is
 * BP_ERR_CONFIG at mapping:line:col, the hint naming what may carry the
 * title ("field", "measure").  Inside the caller's transaction.
 */
bp_rc bp_load_mapped_variable(PGconn *conn, const char *code, const char *title, const char *unit, int decimals,
                              const char *mapping, long line, long col, const char *what, bp_error *err) BP_MUST_CHECK;

/* Append s escaped for COPY text format, or \N for NULL. */
void bp_load_copy_field(bp_buf *b, const char *s);

/*
 * A name or title from an outside file as it is stored for display
 * (g_free; NULL for NULL): bidi controls (U+202A-U+202E, U+2066-U+2069,
 * U+200E, U+200F, U+061C) removed, since one U+202E turns the rest of a
 * page's line around ("gnp.exe"); control characters (tab, line break,
 * escape) made spaces.  Used for area names (bp_load_stage_area_row) and
 * the CBS importers' table and variable titles; the data are otherwise
 * kept as given.
 */
char *bp_load_display_text(const char *s);

/* COPY the text-format rows in b with copy_sql ("COPY t (...) FROM STDIN"). */
bp_rc bp_load_copy(PGconn *conn, const char *copy_sql, const bp_buf *b, bp_error *err) BP_MUST_CHECK;

/*
 * Create the temporary table stg_area (dropped at commit):
 *   code text, level bp.area_level, name text, parent_code text,
 *   gemeente_code text, indeling_change text, line bigint
 * line is where the area came from: a file line or a data row.
 */
bp_rc bp_load_stage_areas(PGconn *conn, bp_error *err) BP_MUST_CHECK;

/* Append one stg_area row (COPY text) for area ac: its parent and gemeente
 * from the code, name and indeling_change (NULL = none) as given, line = where
 * it came from. */
void bp_load_stage_area_row(bp_buf *b, const bp_area_code *ac, const char *name,
                            const char *indeling_change, long line);

/*
 * Make sure Nederland exists for the indeling year, check that every staged
 * area's parent is staged or already in bp.area for that year, then upsert
 * the staged areas.  A missing parent is BP_ERR_PARSE at where with the
 * staged line (as a line, or as a row when line_is_row) and the given hint.
 */
bp_rc bp_load_merge_areas(PGconn *conn, int year, const char *where, int line_is_row,
                          const char *hint, bp_error *err) BP_MUST_CHECK;

#endif
