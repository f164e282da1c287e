/*
 * odata.h: what the two CBS OData importers (odata3.c, odata4.c) share.
 *
 * Both fetch JSON pages with http.c, trim CBS' padded keys, turn period
 * codes into periods, quote $filter literals, keep one record per area while
 * the pages stream by and write those areas at the end through load.c, and
 * recognise a vintage they loaded before.  Moved here from odata3.c when the
 * v4 importer arrived, unchanged in behaviour.
 */
#ifndef BP_IMPORT_ODATA_H
#define BP_IMPORT_ODATA_H

#include <glib.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "import/areacode.h"
#include "import/http.h"

/* Right-trimmed arena copy (CBS pads keys and strings on the right). */
char *bp_odata_rtrim(bp_arena *a, const char *s);

/* The string member k of o, or NULL when absent or not a string. */
const char *bp_odata_jstr(json_t *o, const char *k);

/*
 * GET url and parse it as a JSON object into *out (caller decrefs).  A body
 * that is not JSON (a proxy's error page, a cut-off body curl did not
 * notice) is fetched again, up to max_attempts; each such repeat adds one to
 * *retries.  The page bytes go into sum when it is not NULL.  Errors: those
 * of bp_http_get, or BP_ERR_PARSE with where = url.
 */
bp_rc bp_odata_get_json(bp_http *h, int max_attempts, const char *url, bp_buf *body,
                        GChecksum *sum, json_t **out, long *retries, bp_error *err);

/* '2020JJ00' -> '2020'; other period codes (quarters, months) are kept trimmed. */
const char *bp_odata_period(bp_arena *a, const char *raw);

/* The last four-digit number in s ('2024', '2012, 2016, 2020' -> 2020); 0 if none. */
int bp_odata_year_in(const char *s);

/* Append v as an OData string literal: quoted, an inner quote doubled. */
void bp_odata_add_quoted(GString *s, const char *v);

/* SQL for a Modified text parameter P as timestamptz: with a UTC offset
 * (v4 may send one) as given, without one (v3) as Amsterdam time. */
#define BP_ODATA_MODIFIED_SQL(P) \
	"(CASE WHEN " P "::text ~ 'T.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$' THEN " P "::text::timestamptz " \
	"ELSE " P "::text::timestamp AT TIME ZONE 'Europe/Amsterdam' END)"

/* What an importer keeps per area while pages stream by. */
typedef struct bp_odata_area {
	bp_area_code ac;
	const char *name;
	const char *indeling;    /* NULL when absent or '.' */
	long row;                /* the first data row that named it */
} bp_odata_area;

/*
 * Stage the areas (a hash of code -> bp_odata_area*) and merge them with
 * the parent check of load.c, for indeling year; a missing parent is
 * reported at url with its data row.  Inside the caller's transaction.
 */
bp_rc bp_odata_write_areas(PGconn *conn, GHashTable *areas, int year, const char *url, bp_error *err);

/*
 * The id of a vintage loaded before by importer: same publisher, table,
 * Modified and data URL; 0 when none (or when modified is NULL: then only
 * the checksum can tell).  Modified without a UTC offset is Amsterdam time.
 */
bp_rc bp_odata_find_vintage(PGconn *conn, const char *importer, const char *publisher,
                            const char *table_id, const char *modified, const char *url,
                            long *id, bp_error *err);

#endif
