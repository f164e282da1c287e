/*
 * cbsdump.h: load a CBS OData v3 table from a folder a client library wrote.
 *
 *   cbsodataR (R, cbs_download_table):  data.csv + DataProperties.csv +
 *       TableInfos.csv + one CSV per dimension (RegioS.csv, WijkenEnBuurten.csv,
 *       Perioden.csv ...), written by write.table: ',' separator, strings
 *       quoted, CBS padding kept, NA written as an empty unquoted field,
 *       Description fields spanning lines.
 *   cbsodata (Python, download_data):  one JSON array per entity set, without
 *       the OData envelope: DataProperties.json, TableInfos.json, the
 *       dimensions, and TypedDataSet.json or UntypedDataSet.json.
 * The kind is told by the files present.  The mapping is that of the OData v3
 * importer (odata3.h): the geo dimension (GeoDimension/GeoDetail, or a
 * dimension named RegioS or WijkenEnBuurten) is the area, TimeDimension the
 * period, any other dimension keeps the first member of its list; variables
 * are the topic keys without '_N', recorded under the label '{table}/{key}'
 * (the same as an API load); cells get CBS statuses.  A typed set writes a
 * missing figure as NA/null, which cannot tell '.' from empty: it becomes
 * unknown_or_secret.  UntypedDataSet keeps the symbols and is preferred when
 * both are present.
 *
 * Everything is read and checked in memory first (rows must be complete:
 * regions x periods when the dimension lists are in the folder), then loaded
 * in one transaction.  The same data file (by SHA-256) twice is loaded once.
 */
#ifndef BP_IMPORT_CBSDUMP_H
#define BP_IMPORT_CBSDUMP_H

#include <libpq-fe.h>

#include "core/error.h"
#include "import/load.h"

typedef enum bp_dump_kind {
	BP_DUMP_NONE,
	BP_DUMP_CBSODATAR,   /* data.csv + DataProperties.csv */
	BP_DUMP_CBSODATA     /* DataProperties.json + (Un)TypedDataSet.json */
} bp_dump_kind;

/* Which kind of dump dir holds, by its files. */
bp_dump_kind bp_cbs_dump_kind(const char *dir);

/*
 * Read, check and load.  The schema must be migrated.  Errors: BP_ERR_USAGE
 * (not a dump folder, or one without its data file; where = dir),
 * BP_ERR_PARSE (where = the file, with line and column for CSV, row for
 * JSON), BP_ERR_IO, BP_ERR_DB.
 */
bp_rc bp_import_cbs_dump(PGconn *conn, const char *dir, bp_import_result *res, bp_error *err) BP_MUST_CHECK;

#endif
