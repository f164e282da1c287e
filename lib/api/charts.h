/*
 * charts.h: charts on demand, drawn by the reports' own code.
 *
 * /api/v1/charts/ranking/{indicator}/{gemeente}.png|.svg|.json: the
 * ranking of the wijken (or, with level=buurt, buurten) of a gemeente, read
 * by lib/report's figure reader (bp_ranking_load) and drawn by lib/render
 * (bp_barchart_render) exactly as on the gemeente page; .json is its text
 * alternative: title, subtitle, source and each bar's figure.
 */
#ifndef BP_API_CHARTS_H
#define BP_API_CHARTS_H

#include <libpq-fe.h>
#include <stddef.h>

#include "api/resources.h"
#include "engine/indicator_def.h"

typedef struct bp_api_chart {
	bp_api_result res;      /* status; body for .json and for every error */
	unsigned char *bytes;   /* the picture (malloc'd) for .png and .svg */
	size_t len;
	const char *type;       /* its Content-Type */
} bp_api_chart;

/* Answer path (after /api/v1/charts/) with defs loaded from the definitions. */
void bp_api_chart_answer(PGconn *conn, const bp_indicator_set *defs, const char *path, const bp_api_query *q,
                         bp_api_chart *out);

#endif
