/*
 * xlsx.h: one worksheet of an Office Open XML workbook (.xlsx, what
 * partners send) as rows of text cells, for `import table` (issue 21).
 *
 * The container is read with libzip and the parts with libxml2 (no
 * network, no entity expansion): xl/workbook.xml names the sheets,
 * xl/_rels/workbook.xml.rels where each is, xl/sharedStrings.xml holds the
 * texts cells point to.  A cell's text is what the file stores: a shared
 * or inline string, a number as written (45.8), a boolean as 0/1, a
 * formula's cached value.  Rows are delivered in order with their sheet
 * row number; cells a row leaves out are empty texts.  Dates stay
 * numbers (Excel's serial days): a table's period is a year or a CBS key,
 * never a date cell.
 */
#ifndef BP_IMPORT_XLSX_H
#define BP_IMPORT_XLSX_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"

/* Called per non-empty row (row: the sheet's 1-based row number); non-zero stops and is returned. */
typedef bp_rc (*bp_xlsx_row_fn)(void *ctx, const char *const *cells, size_t n, long row, bp_error *err);

/*
 * Read the sheet named sheet (NULL: the first) of path.  Errors:
 * BP_ERR_IO (unreadable), BP_ERR_PARSE at path (not a zip, a part missing
 * or not XML, no such sheet: the hint lists the sheets; a part larger
 * than 256 MB).
 */
bp_rc bp_xlsx_read(const char *path, const char *sheet, bp_arena *a, bp_xlsx_row_fn fn, void *ctx,
                   bp_error *err) BP_MUST_CHECK;

/* "C" for column 3, "AA" for 27, into buf (at least 8 bytes). */
void bp_xlsx_column_name(size_t column, char *buf, size_t size);

#endif
