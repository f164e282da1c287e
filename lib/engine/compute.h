/*
 * compute.h: indicator values from definitions, computed in PostgreSQL.
 *
 * Each definition becomes one set-based INSERT ... SELECT over every area,
 * level and period at once (never a loop over areas in C).  Variable codes
 * travel as bound parameters, so no definition can inject SQL.
 * Incremental: an indicator whose definition hash and input vintages are
 * unchanged since its last computation is skipped.
 */
#ifndef BP_ENGINE_COMPUTE_H
#define BP_ENGINE_COMPUTE_H

#include <libpq-fe.h>

#include "core/error.h"
#include "engine/indicator_def.h"

typedef struct bp_compute_result {
	long computed;     /* indicators recomputed */
	long unchanged;    /* indicators skipped: nothing changed */
	long values;       /* indicator values written */
	long suppressed;   /* of which without a published value */
} bp_compute_result;

/*
 * Compute every indicator of the set, each in its own transaction.  An
 * unknown variable is reported at the definition's file, line and column.
 * force = 1 recomputes even when nothing changed.
 */
bp_rc bp_compute_indicators(PGconn *conn, const bp_indicator_set *set, int force,
                            bp_compute_result *res, bp_error *err);

/* Dutch text for a suppressed_reason code, for reports ("te weinig inwoners"). */
const char *bp_suppressed_reason_nl(const char *code);

#endif
