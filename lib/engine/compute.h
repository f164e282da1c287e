/*
 * compute.h: indicator values from definitions, computed in PostgreSQL.
 *
 * Each definition becomes one set-based INSERT ... SELECT over every area,
 * level and period at once (never a loop over areas in C); the ratios and
 * shares of one run read one pivot of their observations.  Variable codes
 * travel as bound parameters, so no definition can inject SQL.
 * Incremental: an indicator whose definition hash and input vintages are
 * unchanged since its last computation is skipped.
 */
#ifndef BP_ENGINE_COMPUTE_H
#define BP_ENGINE_COMPUTE_H

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"
#include "db/bulkindex.h"
#include "engine/indicator_def.h"

#define BP_COMPUTE_MAX_NOTES 32

typedef struct bp_compute_result {
	long computed;     /* indicators recomputed */
	long unchanged;    /* indicators skipped: nothing changed */
	long values;       /* indicator values written */
	long suppressed;   /* of which without a published value */
	long skipped;      /* indicators skipped: their (known) variables have no observations */
	const char *skipped_ids[BP_COMPUTE_MAX_NOTES]; /* the first of them (the definitions' ids) */
	int n_skipped_ids;
} bp_compute_result;

/*
 * Compute every indicator of the set: every definition checked before
 * anything is written, then the survey indicators each in its own
 * transaction, the ratios and published shares together in one.  An expression that does not
 * parse, or a variable unknown to bp.variable, is BP_ERR_CONFIG at the
 * definition's file, line and column of the offending character.  An indicator whose variables are known but have no
 * observations at all (a source not imported yet) is skipped, not an error:
 * counted in res->skipped, its id in res->skipped_ids; nothing is written
 * for it.  Custom areas (bp.custom_area_member) get values from their
 * members' sums, with coverage; see compute.c.  force = 1 recomputes even
 * when nothing changed.  A failure part-way keeps what was committed before
 * it (each complete, with its inputs' fingerprint) and says so in the hint;
 * the next compute redoes only what is not current.
 */
bp_rc bp_compute_indicators(PGconn *conn, const bp_indicator_set *set, int force,
                            bp_compute_result *res, bp_error *err) BP_MUST_CHECK;

/*
 * The parts of bp_compute_indicators, for a caller that does more between
 * them (pipeline.c: the composites write values too, and the indexes are
 * built while the comparisons are made).  bp_indicators_prepare checks
 * every definition against the database (expressions, variables, survey
 * questions and categories) and writes nothing: a mistake stops the run
 * before any table is touched; definitions without observations (or
 * survey) are noted as skipped in res, which it clears.  The batch lives
 * in a.  bp_indicators_compute then writes the values: the survey
 * indicators one transaction each, the ratios and shares in one.  With
 * force and a non-empty set, bp_compute_indicators puts
 * bp_indicator_values_prepare_rewrite (empties the comparisons' ranks,
 * drops the values' key and indexes) between the two, and
 * bp_bulk_restore_indexes with bp_indicator_value_indexes after them (also
 * after a failure).
 */
typedef struct bp_indicator_batch bp_indicator_batch;
bp_rc bp_indicators_prepare(PGconn *conn, const bp_indicator_set *set, bp_arena *a, bp_indicator_batch **out,
                            bp_compute_result *res, bp_error *err) BP_MUST_CHECK;
bp_rc bp_indicators_compute(PGconn *conn, bp_indicator_batch *b, int force, bp_compute_result *res, bp_error *err) BP_MUST_CHECK;
/*
 * Every composite is rewritten after b in the same run (pipeline.c, with
 * force): a forced rewrite then does not keep the composites' old values
 * (their scores are emptied too, bp_composite_ranks_prepare_rewrite; a
 * composite without scores is computed again by the next run, whatever
 * its fingerprint).
 */
void bp_indicator_batch_composites_follow(bp_indicator_batch *b);
/* 1 when bp_indicators_compute committed with no composite's value left in
 * bp.indicator_value (composites_follow, force, a batch that truncated it):
 * the composites then have none of their old values to delete. */
int bp_indicator_batch_composites_emptied(const bp_indicator_batch *b);
extern const bp_bulk_table bp_indicator_value_indexes;
/* (code, source id) for each variable code of $1 (a text[]) and each source
 * observing it: distinct pairs, in no order (compute.c). */
extern const char bp_variable_sources_sql[];
bp_rc bp_indicator_values_prepare_rewrite(PGconn *conn, bp_error *err) BP_MUST_CHECK;

/* Dutch text for a suppressed_reason code, for reports ("te weinig inwoners").
 * Codes: missing_input (an input unknown or secret), not_measured (an input
 * the source left empty: not measured or not applicable), zero_denominator,
 * small_denominator, low_coverage, few_respondents, no_respondents (survey
 * kinds), translation_incomplete, too_few_to_normalise (a composite that
 * cannot be normalised there: composite.c). */
const char *bp_suppressed_reason_nl(const char *code);
/* 1 when code says the figure is missing at the source (missing_input,
 * not_measured, none), 0 when buurtpeil held it back: maps draw the two apart. */
int bp_suppressed_is_missing(const char *code);

#endif
