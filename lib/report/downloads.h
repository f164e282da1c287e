/*
 * downloads.h: the CSV and Excel downloads of a site page's tables (issue
 * 18), written beside the page by `publish`, so that the static site needs
 * no server for them.
 *
 * The tables are read back from the finished page (table/pagetables.h): the
 * downloads carry exactly its figures as rounded there, its labels
 * (synthetic, translated, national or not: in the captions, headers and
 * notices), its periods and its sources, and never anything the page does
 * not show (no microdata).  A suppressed figure is an empty cell with its
 * reason in the column "status".
 */
#ifndef BP_REPORT_DOWNLOADS_H
#define BP_REPORT_DOWNLOADS_H

#include "core/error.h"
#include "report/html.h"

/* The folder of the downloads, beside the site's pages. */
#define BP_DOWNLOADS_DIR "data"

/*
 * For the page (in dir, named stem.html): each table as
 * dir/data/stem-N.csv (N from 1 in the order of the page), all of them as
 * dir/data/stem.xlsx (a sheet "Tabel N" each and a sheet "Bron" with the
 * captions, sources, licence and notices), and under each table of page a
 * line linking its CSV and the workbook.  Nothing for a page without
 * tables.  dir/data must exist.  *files is counted up per file written.
 * Errors: BP_ERR_IO (a file), BP_ERR_PARSE/BP_ERR_INTERNAL (a page whose
 * tables could not be read back).
 */
bp_rc bp_downloads_write(bp_html *page, const char *dir, const char *stem, long *files, bp_error *err) BP_MUST_CHECK;

#endif
