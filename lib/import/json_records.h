/*
 * json_records.h: `buurtpeil import json FILE --mapping MAPPING.yaml`.
 *
 * Figures per area from a nested JSON document of the kind open-data
 * portals and dashboards publish (one object per gemeente with lists of
 * wijken and buurten, say), picked out by a mapping (json_mapping.h) and
 * stored as observations of the variables the mapping names.
 *
 *   - A JSON null, or a field that is absent (also below a null object), is
 *     a missing figure: an observation with status unknown_or_secret and no
 *     value, never a 0.
 *   - A value that is not a number (a string, a boolean, a list) stops the
 *     import: BP_ERR_PARSE at FILE with the JSON path of the value in the
 *     message ("buurten[17].demografie.afstandHuisarts: expected a number").
 *     So does a code that is not a CBS area code and a second value for the
 *     same variable, area and period.
 *   - Areas follow from their codes (areacode.h): level, parent and gemeente
 *     never come from the document.  An area already in the database for
 *     the indeling keeps its name; the document's name (the mapping's
 *     `name`) only names an area new to it.  Each parent must be in the
 *     document or the database.
 *   - Everything is read and checked in memory first, then loaded in one
 *     transaction.  The vintage is the document's bytes followed by the
 *     mapping's: the same file with the same mapping twice is loaded once
 *     (already_loaded); a changed mapping loads a new vintage.
 *   - A variable unknown to bp.variable is created when its field gives a
 *     title; otherwise BP_ERR_CONFIG at the mapping's line and column.
 */
#ifndef BP_IMPORT_JSON_RECORDS_H
#define BP_IMPORT_JSON_RECORDS_H

#include <libpq-fe.h>

#include "core/error.h"
#include "import/load.h"

typedef struct bp_json_options {
	const char *path;          /* the JSON document */
	const char *mapping_path;  /* the mapping YAML */
} bp_json_options;

/*
 * Read, check and load.  The schema must be migrated.  res->rows counts
 * records, res->observations the cells written (missing ones included).
 * Errors: BP_ERR_CONFIG (the mapping), BP_ERR_PARSE (the document), BP_ERR_IO,
 * BP_ERR_DB; on any of them nothing was written.
 * conn NULL: read and check only, nothing loaded (the fuzz harness, tests/fuzz).
 */
bp_rc bp_import_json_records(PGconn *conn, const bp_json_options *o, bp_import_result *res, bp_error *err) BP_MUST_CHECK;

#endif
