/*
 * snapshot.h: what a run published, kept for the next run's digest
 * (sql/025, report/digest.h).  Written on the history's connection (the
 * run's own session is buurtpeil_publish by the time the digest reads it).
 */
#ifndef BP_RUN_SNAPSHOT_H
#define BP_RUN_SNAPSHOT_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "run/history.h"

/*
 * After compute: per gemeente, per indicator at its latest period there,
 * every area's published value with its interval into bp.run_value; then
 * the rows of the monitor's runs older than its previous published run go,
 * of bp.run_value and bp.run_flag (the digest compares with that run
 * only).  Errors: BP_ERR_DB.
 */
bp_rc bp_run_snapshot_values(bp_run_history *h, const char *const *gemeenten, size_t n, bp_arena *a,
                             bp_error *err) BP_MUST_CHECK;

/* After the effect estimates: every current verdict into bp.run_verdict, pruned the same way. */
bp_rc bp_run_snapshot_verdicts(bp_run_history *h, bp_error *err) BP_MUST_CHECK;

#endif
