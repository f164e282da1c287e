/*
 * queries.h: every statement the API runs, prepared on each pooled
 * connection.  Request values only ever travel as parameters.
 */
#ifndef BP_API_QUERIES_H
#define BP_API_QUERIES_H

#include <libpq-fe.h>

#include "core/error.h"

typedef enum bp_api_stmt {
	BP_Q_VERSION,       /* the data's version: comparisons' fingerprint and time */
	BP_Q_GEMEENTEN,
	BP_Q_AREAS,         /* $1 gemeente, $2 level, $3 indeling (each may be NULL) */
	BP_Q_AREA,          /* $1 code: its newest indeling */
	BP_Q_INDICATORS,
	BP_Q_INDICATOR,     /* $1 id */
	BP_Q_GEMEENTE,      /* $1 code */
	BP_Q_VALUES,        /* $1 indicator $2 area $3 level $4 gemeente $5 period $6 latest $7 limit $8 offset */
	BP_Q_GEOMETRY,      /* $1 area or gemeente code, $2 indeling: borders (simplified, RD New WKB) */
	BP_Q_COMPOSITES,    /* $1 gemeente $2 level $3 period: composite ranks with their intervals, as JSON */
	BP_Q_INTERVENTIONS, /* $1 gemeente $2 effects ('t'/'f'): the registry's current versions, as JSON */
	BP_Q_N
} bp_api_stmt;

/* Prepare them all on conn. */
bp_rc bp_api_prepare(PGconn *conn, bp_error *err) BP_MUST_CHECK;

/* Run one; *out is the caller's to PQclear. */
bp_rc bp_api_exec(PGconn *conn, bp_api_stmt s, int nparams, const char *const *params, PGresult **out,
                  bp_error *err) BP_MUST_CHECK;

#endif
