/*
 * xls.h: one worksheet of an old Excel workbook (.xls, BIFF in an OLE2
 * compound file, what some partners still send) as rows of text cells, for
 * `import table` (issue 21), read with Debian's freexl.
 *
 * Delivered like bp_xlsx_read's rows, so the table's code reads both alike:
 * a text cell as stored, an integer as written, a double in the fewest
 * digits that read back as the same double (45.8, not 45.799999999999997),
 * a date, time or datetime as freexl gives it ("2020-01-31").  Rows are
 * delivered in order with their 1-based sheet row number; rows without any
 * cell are left out, and cells a row leaves out are empty texts.
 *
 * freexl runs in a forked child process that holds nothing but the file
 * (Debian's freexl 1.0.6 reads out of bounds on crafted files, see xls.c);
 * a child that dies is a workbook refused, never a corrupted importer.
 */
#ifndef BP_IMPORT_XLS_H
#define BP_IMPORT_XLS_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "import/xlsx.h"

/* Does data start as an OLE2 compound file (the container of .xls)? */
int bp_xls_is_ole2(const char *data, size_t len);

/*
 * Read the sheet named sheet (NULL: the first) of path.  Errors:
 * BP_ERR_PARSE at path (not a workbook freexl can read, encrypted or
 * damaged, with freexl's reason; no such sheet: the hint lists the sheets).
 */
bp_rc bp_xls_read(const char *path, const char *sheet, bp_arena *a, bp_xlsx_row_fn fn, void *ctx,
                  bp_error *err) BP_MUST_CHECK;

#endif
