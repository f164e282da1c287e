/*
 * odata4.h: import one table from CBS' OData v4 service
 * (datasets.cbs.nl/odata/v1; tables live at {base}/{catalog}/{id}).
 *
 * Metadata: {table}/Properties (Title, Modified, TemporalCoverage),
 * MeasureCodes (Identifier, Title, Unit, Decimals), Dimensions (Identifier,
 * Kind, MapYear) and each {Dim}Codes (Identifier, Title).  Data:
 * {table}/Observations?$format=json&$count=true[&$filter=...], following
 * @odata.nextLink.  Each page is parsed, checked against the metadata and
 * COPYed before the next is fetched; the whole load is one transaction.
 *
 * Observations are long: one row per cell, with Id, Measure, ValueAttribute,
 * Value, StringValue and one column per dimension.
 *   Measure                    the variable: code = the measure identifier
 *                              (unless bp.variable_label maps '{id}/{measure}'
 *                              to another code); title/unit/decimals from
 *                              MeasureCodes
 *   ValueAttribute             the status, see bp_odata4_status()
 *   geo dimension (Kind *Geo*, the area (keys trimmed, NL01 -> NL00), named
 *    or WijkenEnBuurten/RegioS) from its Codes list
 *   time dimension (Kind *Time*, the period: '2020JJ00' -> '2020'
 *    or Perioden)
 *   any other dimension        ONE member kept: DIM=KEY from opt->where, else
 *                              the first of its Codes list
 * Cells the service leaves out (empty cells) stay absent.  Text cells
 * (StringValue without Value) are not observations and are skipped.
 *
 * Completeness: the service omits empty cells, so there is no rows =
 * regions x periods rule as in v3.  What is checked: every page up to the
 * last (no @odata.nextLink) was read; every row has exactly the known
 * columns, a known measure, a known ValueAttribute and members of the
 * dimensions' Codes lists; and when the service reports @odata.count (we ask
 * with $count=true) the rows received equal it.
 *
 * Vintage: (publisher, table, Properties.Modified, data URL) as in v3; the
 * same bytes as a stored vintage are not stored again.
 */
#ifndef BP_IMPORT_ODATA4_H
#define BP_IMPORT_ODATA4_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/error.h"
#include "core/progress.h"
#include "import/cbsvalue.h"
#include "import/http.h"
#include "import/load.h"

#define BP_ODATA4_BASE "https://datasets.cbs.nl/odata/v1"

typedef struct bp_odata4_options {
	const char *table_id;            /* e.g. "85984NED" */
	const char *base_url;            /* NULL: BP_ODATA4_BASE */
	const char *catalog;             /* NULL: "CBS" */
	const char *const *gemeenten;    /* only these gemeenten (and Nederland) */
	size_t n_gemeenten;
	const char *const *where;        /* "DIM=KEY": the member to keep of a dimension */
	size_t n_where;
	const bp_http_options *http;     /* NULL: bp_http_options_default */
	bp_progress_fn progress;
	void *progress_ctx;
	/* How far next links are followed (NULL: the defaults, see odata.h). */
	const struct bp_odata_limits *limits;
} bp_odata4_options;

/*
 * The status of a v4 ValueAttribute; 0 on success, -1 for a value we do not
 * know (the import then stops rather than guess).  *has_value says whether
 * a Value belongs with it.
 *   None                                   ok
 *   Impossible                             not_applicable  (v3 legend: blank)
 *   Missing, Unknown, Secret, Confidential,
 *   Unreliable                             unknown_or_secret (v3 legend: '.')
 *   Provisional                            provisional      ('*')
 *   RevisedProvisional                     revised_provisional ('**')
 * Only None and Impossible appear in CBS' own documentation (the v4 quick
 * start's example row, the release notes); the others follow the v3 legend
 * under the names the v4 service is expected to use -- unverified against a
 * recorded response.
 */
int bp_odata4_status(const char *value_attribute, bp_value_status *status);

/*
 * Download and load.  The schema must be migrated.  Errors: BP_ERR_IO (server
 * unreachable or failing after retries; where = the URL), BP_ERR_PARSE
 * (malformed page, an unknown column, measure, member or ValueAttribute, a
 * short download; where = the page URL, row = the row of the download),
 * BP_ERR_USAGE (unknown dimension in where), BP_ERR_NOT_FOUND (unknown
 * gemeente), BP_ERR_DB.  On any error nothing is committed.
 */
bp_rc bp_import_odata4(PGconn *conn, const bp_odata4_options *opt,
                       bp_import_result *res, bp_error *err) BP_MUST_CHECK;

#endif
