/*
 * odata3.h: import one table from CBS' OData v3 services
 * (opendata.cbs.nl; third-party catalogs such as RIVM on dataderden.cbs.nl).
 *
 * Metadata from the API service ({base}/ODataApi/odata/{id}/TableInfos,
 * DataProperties and each dimension's code list); data from the bulk feed
 * ({base}/ODataFeed/odata/{id}/UntypedDataSet, which keeps '.' apart from
 * empty), following odata.nextLink page by page.  Each page is parsed,
 * checked against DataProperties and COPYed before the next is fetched, so
 * memory does not grow with the table; the whole load is one transaction.
 *
 * Dimensions:
 *   GeoDimension/GeoDetail (WijkenEnBuurten, RegioS)  the area; NL01 -> NL00
 *   TimeDimension (Perioden)                          the period; '2020JJ00' -> '2020'
 *   any other (Leeftijd, Marges, ...)                 ONE member is kept: the one
 *       given as DIM=KEY in opt->where, else the first member of the
 *       dimension's code list (CBS lists the total / point estimate first:
 *       for 50090NED Leeftijd 20300 '18 jaar of ouder', Marges MW00000 'Waarde').
 * Topics: String topics Gemeentenaam, SoortRegio, Codering and
 * IndelingswijzigingGemeenteWijkBuurt describe the area; every Long/Double
 * topic becomes one observation per row, with its CBS status.
 *
 * A vintage is (table, TableInfos.Modified, data URL): loading it again is a
 * no-op (res->already_loaded), as is a download whose bytes equal a loaded
 * vintage of the same table.  The load is complete only when every page was
 * read and the rows equal regions x periods; otherwise nothing is committed.
 */
#ifndef BP_IMPORT_ODATA3_H
#define BP_IMPORT_ODATA3_H

#include <libpq-fe.h>
#include <stddef.h>

#include "core/error.h"
#include "core/progress.h"
#include "import/http.h"
#include "import/load.h"

#define BP_ODATA3_CBS_BASE "https://opendata.cbs.nl"
#define BP_ODATA3_THIRD_PARTY_BASE "https://dataderden.cbs.nl"

typedef struct bp_odata3_options {
	const char *table_id;            /* e.g. "50090NED" */
	const char *base_url;            /* NULL: from the catalog */
	const char *catalog;             /* NULL or "CBS": CBS; anything else: third party */
	const char *const *gemeenten;    /* only these gemeenten and their wijken/buurten */
	size_t n_gemeenten;
	const char *const *where;        /* "DIM=KEY": the member to keep of a dimension */
	size_t n_where;
	const bp_http_options *http;     /* NULL: bp_http_options_default */
	size_t copy_chunk;               /* COPY text sent per PQputCopyData; 0: ~1 MB (tests: small) */
	/* Called after each data page (may be NULL). */
	bp_progress_fn progress;
	void *progress_ctx;
	/* How far next links are followed (NULL: the defaults, see odata.h). */
	const struct bp_odata_limits *limits;
} bp_odata3_options;

/* The base URL for a catalog: CBS (or NULL) -> opendata.cbs.nl, else dataderden.cbs.nl. */
const char *bp_odata3_default_base(const char *catalog);

/* The publisher recorded in bp.source: "CBS", or the catalog's name ("RIVM"). */
const char *bp_odata3_publisher(const char *catalog);

/* Stable variable code of a topic key: 'Eenzaam_28' -> 'Eenzaam' (arena copy). */
struct bp_arena;
char *bp_odata3_variable_code(struct bp_arena *a, const char *key);

/*
 * Download and load.  The schema must be migrated.  Errors: BP_ERR_IO (server
 * unreachable or failing after retries; where = the URL), BP_ERR_PARSE
 * (malformed page, columns that differ from DataProperties, a bad cell, an
 * incomplete download; where = the page URL, row = the data row), BP_ERR_USAGE
 * (unknown dimension in where, unknown gemeente), BP_ERR_DB.
 */
bp_rc bp_import_odata3(PGconn *conn, const bp_odata3_options *opt,
                       bp_import_result *res, bp_error *err) BP_MUST_CHECK;

#endif
