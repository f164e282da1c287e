/*
 * statline_old.h: StatLine CSV exports in the old layout (before 2019):
 *
 *   "Kerncijfers wijken en buurten 2015"          title line
 *   ""                                            blank
 *   "";"Onderwerp"
 *   "";"Inkomen|Inkomen van personen|Aantal ..."  topic paths, '|' between levels
 *   "Wijken en buurten";"aantal";"x 1 000 euro"   units (first: the dimension)
 *   "Amsterdam";"641700";"33,5";...               data: region NAME only, decimal comma
 *   "Bron: CBS"                                   footer
 *
 * CRLF, UTF-8 (with BOM) or Windows-1252 (converted with GLib).  Paths become
 * labels with '/' as in the new layout, so known topics resolve to the same
 * variables.  Rows carry no codes: bp_statline_old_resolve() gives each a
 * code from a mapping file or, failing that, from the areas of one gemeente
 * already in the database.  The table then loads like a new-layout one
 * (bp_statline_load: one transaction, statuses, idempotent by checksum).
 */
#ifndef BP_IMPORT_STATLINE_OLD_H
#define BP_IMPORT_STATLINE_OLD_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "import/statline.h"

/* 1 when data[0..len) starts like an old-layout export: a one-field title
 * row, then within a few lines a row "";"Onderwerp".  Works on raw bytes in
 * either encoding. */
int bp_statline_old_detect(const char *data, size_t len);

/*
 * Stage 1: parse and check in memory.  Rows get their names; their area is
 * left empty (code "") for bp_statline_old_resolve.  out->title is the title
 * line.  Errors are BP_ERR_PARSE at path:line:column (columns count
 * characters of the file as decoded to UTF-8).
 */
bp_rc bp_statline_old_parse(const char *path, const char *data, size_t len,
                            bp_label_resolver resolve, void *ctx,
                            bp_arena *a, bp_statline_table *out, bp_error *err) BP_MUST_CHECK;

/*
 * Give every row an area code, in memory, before any write:
 *   codes_path  a CSV file 'name;code' per line (UTF-8; an optional first
 *               line 'naam;code' or 'name;code'); code '-' or empty leaves
 *               the row out on purpose (e.g. a stadsdeel that is no CBS area);
 *   gemeente    else: the name of an area of this gemeente (or the gemeente
 *               itself, or Nederland) in bp.area for year, when exactly one
 *               has it (compared case-insensitively).
 * A name neither gives, or that matches more than one area, is BP_ERR_PARSE
 * at the row's line, column 1, naming it, with a hint to add a mapping.
 * With neither option the first row is that error.  Rows left out are
 * removed from t.
 */
bp_rc bp_statline_old_resolve(PGconn *conn, bp_statline_table *t, const char *codes_path,
                              const char *gemeente, int year, bp_arena *a, bp_error *err) BP_MUST_CHECK;

#endif
